"""``kb new KIND ID``: create a record with every field, explained by comments.

The skeleton is derived from the JSON Schema (field order, titles and
descriptions), so it cannot drift from it. Values to fill in are "TODO": the
``todo`` rule refuses them, so an unfinished record never passes ``kb check``.
The first line associates the schema for editors (yaml-language-server).
"""

from __future__ import annotations

import datetime as _dt
import os
import textwrap
from pathlib import Path

from . import kinds, schemas
from .canonical import _resolve

TODO = "TODO"

# Example values where "TODO" would not be a valid shape (codes, dates…).
DEFAULTS = {
    "status": "draft",
    "version": '"0.1"',
    "type": "technical-specification",
    "placement": "technical-specifications",
    "buyer_type": "local",
    "region": "be-federal",
    "country": "BE",
    "year": "2026",
}


def _today() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    day = _dt.datetime.fromtimestamp(int(epoch), _dt.UTC).date() if epoch else _dt.date.today()
    return day.isoformat()


def _comment(node: dict, pad: str) -> list[str]:
    text = f"{node.get('title', '')}: {node.get('description', '')}".strip(": ")
    return [pad + "# " + line for line in textwrap.wrap(text, 96 - len(pad))]


def _prop(ctx, key):
    """(property schema as written, resolved schema, document) of a child field."""
    node, doc = _resolve(*ctx)
    written = (node or {}).get("properties", {}).get(key, {}) if isinstance(node, dict) else {}
    resolved, rdoc = _resolve(written, doc)
    return written, resolved or {}, rdoc


def _value(key: str, node: dict, theme: str, ident: str) -> str:
    """A placeholder value of the right shape for a scalar or list field."""
    if key == "id":
        return ident
    if key == "theme":
        return theme
    if key in DEFAULTS:
        return DEFAULTS[key]
    if node.get("pattern", "").startswith("^[0-9]{4}-"):
        return f'"{_today()}"'
    if node.get("type") == "boolean":
        return "false"
    if node.get("type") == "integer":
        return "0"
    if node.get("enum"):
        return node["enum"][0]
    if node.get("type") == "array":
        item = _resolve(node.get("items"), {})[0] if "$ref" not in (node.get("items") or {}) else None
        return "[]" if item is None else f"[{(item or {}).get('enum', [TODO])[0]}]"
    return TODO


def _field(key: str, ctx, pad: str, required: bool, theme: str, ident: str, comments: bool = True) -> list[str]:
    written, node, doc = _prop(ctx, key)
    described = {"title": written.get("title") or node.get("title"),
                 "description": written.get("description") or node.get("description")}
    out = _comment(described, pad) if comments else []
    if comments and not required:
        out.append(pad + "# (optional: delete this field if it does not apply)")
    props = node.get("properties", {})
    if set(props) >= {"fr", "nl"}:
        return out + [f"{pad}{key}:"] + [f"{pad}  {lang}: {TODO}" for lang in ("fr", "nl", "en") if lang in props]
    if key == "parameters":
        return out + [
            f"{pad}parameters:",
            f"{pad}  example_value:  # rename; use it as {{{{example_value}}}} in the clause",
            f"{pad}    label: {{fr: {TODO}, nl: {TODO}}}",
            f"{pad}    values: {{essential: {TODO}}}",
        ]
    if node.get("type") == "object" and props:
        lines = out + [f"{pad}{key}:"]
        for sub in props:
            lines += _field(sub, (node, doc), pad + "  ", sub in node.get("required", []), theme, ident)
        return lines
    if node.get("type") == "array":
        item, idoc = _resolve(node.get("items"), doc)
        if isinstance(item, dict) and item.get("type") == "object":
            lines = out + [f"{pad}{key}:"]
            for index, sub in enumerate(item.get("properties", {})):
                sub_lines = _field(sub, (item, idoc), pad + "    ", True, theme, ident, comments=False)
                if index == 0:
                    sub_lines[0] = pad + "  - " + sub_lines[0].lstrip()
                lines += sub_lines
            return lines
        enum = (item or {}).get("enum")
        return out + [f"{pad}{key}: [{enum[0] if enum else TODO}]"]
    return out + [f"{pad}{key}: {_value(key, node, theme, ident)}"]


def skeleton(kind: kinds.Kind, ident: str, theme: str = "circular") -> str:
    """The text of a new record of ``kind``."""
    doc = schemas.schema_documents()[kind.schema]
    depth = "../../" if kind.nested_by else "../"
    lines = [f"# yaml-language-server: $schema={depth}schema/{kind.schema}",
             f"# New {kind.name}: replace every TODO, delete optional fields you do not need,",
             "# then run `kb check` and `kb fmt --fix`. Field reference: docs/about/field-reference."]
    skip = {"translation_sync", "replaced_by", "award"}
    for key in doc["properties"]:
        if key in skip:
            continue
        lines += _field(key, (doc, doc), "", key in doc.get("required", []), theme, ident)
    # A source's publication date is not today: leave it to fill in.
    for index in range(1, len(lines)):
        if lines[index - 1].endswith("code: TODO") and lines[index].lstrip().startswith("date: "):
            lines[index] = lines[index].split("date:")[0] + "date: TODO"
    return "\n".join(lines) + "\n"


def main(root: Path, kind_name: str, ident: str, theme: str, force: bool) -> int:
    """Write the skeleton to its place (criteria/<theme>/<id>.yaml, practices/<id>.yaml…)."""
    import re

    from .yamlload import YamlError  # noqa: F401  (documented failure mode of kb check)

    if not re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)*", ident) or len(ident) > 80:
        print(f"kb new: {ident!r} is not a valid id (lower-case letters, digits and single dashes)")
        return 2
    kind = kinds.BY_NAME[kind_name]
    folder = kind.folder_for({"theme": theme})
    target = root / folder / f"{ident}.yaml"
    from . import fsguard

    if not fsguard.real_dir(root, folder):
        print(f"kb new: {folder} is, or lies under, a symbolic link or a file; refusing to write there")
        return 1
    if os.path.lexists(target) and not force:
        print(f"kb new: {target.relative_to(root)} already exists (use --force to overwrite)")
        return 1
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fsguard.write_regular(target, skeleton(kind, ident, theme).encode("utf-8"))
    except fsguard.UnsafePath as exc:
        print(f"kb new: {target.relative_to(root)} {exc.reason}; refusing to write through it")
        return 1
    except OSError as exc:
        print(f"kb new: cannot write {target.relative_to(root)}: {exc.strerror}")
        return 1
    print(f"created {target.relative_to(root)}: fill in every TODO, then run `kb check`")
    return 0
