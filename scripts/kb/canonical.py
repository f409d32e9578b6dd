"""Canonical form of records: one way to write each file, checked and fixable.

``kb fmt`` reports records that are not in canonical form; ``kb fmt --fix``
rewrites them. Canonical form: the leading comment block kept, keys in schema
order, two-space indentation, multi-line texts as literal blocks, short lists
of codes on one line, text quoted only when a YAML reader could take it for
something else (dates, versions, yes/no…), so any YAML tool reads the same
values our strict loader reads. Comments after the first key are not kept:
they belong in the record's texts or in the pull request.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from . import fsguard, kinds, schemas, yamlload
from .messages import visible
from .repository import argument_problems, discover

FLOW_LIMIT = 100
_PLAIN_SAFE = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`][^#]*$")
_FLOW_UNSAFE = re.compile(r"[,\[\]{}]")


def _is_plain_safe(text: str) -> bool:
    """True when ``text`` can be written unquoted and reads back as the same string everywhere."""
    if not text or text != text.strip() or "\n" in text or not _PLAIN_SAFE.match(text):
        return False
    if text.endswith(":") or ": " in text or " #" in text:
        return False
    try:
        if yaml.safe_load(text) != text:  # YAML 1.1 readers (dates, yes/no, 1.10…)
            return False
    except (yaml.YAMLError, ValueError):  # ValueError: an impossible date such as 2026-02-30
        return False
    return yamlload.load(f"k: {text}\n".encode()).data.get("k") == text


def scalar(value, flow: bool = False) -> str:
    """One scalar in canonical form (``flow``: inside a [list] on one line)."""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if _is_plain_safe(text) and not (flow and _FLOW_UNSAFE.search(text)):
        return text
    return json.dumps(text, ensure_ascii=False)


def _resolve(node, doc):
    """Follow $ref (local or into another schema file); returns (schema node, its document)."""
    for _ in range(10):
        if not (isinstance(node, dict) and "$ref" in node):
            break
        file, _, pointer = node["$ref"].partition("#")
        doc = schemas.schema_documents()[file] if file else doc
        node = doc
        for part in [p for p in pointer.split("/") if p]:
            node = node[part]
    return node, doc


def _child(ctx, key):
    """Schema context (node, document) of a child value, or (None, doc)."""
    node, doc = _resolve(*ctx)
    if not isinstance(node, dict):
        return None, doc
    if isinstance(key, int):
        return _resolve(node.get("items"), doc)
    if key in node.get("properties", {}):
        return _resolve(node["properties"][key], doc)
    extra = node.get("additionalProperties")
    return _resolve(extra, doc) if isinstance(extra, dict) else (None, doc)


def _ordered_items(mapping: dict, ctx):
    node, _doc = _resolve(*ctx)
    order = list((node or {}).get("properties", {})) if isinstance(node, dict) else []
    if set(mapping) <= {"fr", "nl", "en"}:
        order = ["fr", "nl", "en"]
    known = [k for k in order if k in mapping]
    rest = [k for k in mapping if k not in order]
    return [(k, mapping[k]) for k in known + rest]


def _emit(value, ctx, indent: int, lines: list[str], key_prefix: str) -> None:
    if isinstance(value, dict):
        if not value:
            lines.append(f"{key_prefix}{{}}")
            return
        if key_prefix:
            lines.append(key_prefix.rstrip())
        inner = indent + (2 if key_prefix else 0)
        for key, item in _ordered_items(value, ctx):
            _emit(item, _child(ctx, key), inner, lines, " " * inner + f"{scalar(key)}: ")
        return
    if isinstance(value, list):
        if not value:
            lines.append(f"{key_prefix}[]")
            return
        if all(not isinstance(v, (dict, list)) and not (isinstance(v, str) and "\n" in v) for v in value):
            flow = f"{key_prefix}[{', '.join(scalar(v, flow=True) for v in value)}]"
            if len(flow) <= FLOW_LIMIT:
                lines.append(flow)
                return
        lines.append(key_prefix.rstrip())
        item_pad = " " * (indent + 2)
        for index, item in enumerate(value):
            child = _child(ctx, index)
            if isinstance(item, dict) and item:
                sub: list[str] = []
                _emit(item, child, indent + 4, sub, "")
                lines.append(f"{item_pad}- {sub[0].lstrip()}")
                lines.extend(sub[1:])
            else:
                _emit(item, child, indent + 4, lines, f"{item_pad}- ")
        return
    if isinstance(value, str) and "\n" in value.rstrip("\n"):
        body_pad = " " * (indent + 2)
        # A literal block keeps the text exactly, unless the first line is indented
        # (it would set the block's indentation), a line ends in spaces or tabs are used.
        raw_lines = value.rstrip("\n").split("\n")
        if (raw_lines[0].startswith(" ") or any(ln != ln.rstrip() for ln in raw_lines)
                or "\r" in value or "\t" in value):
            lines.append(f"{key_prefix}{json.dumps(value, ensure_ascii=False)}")
            return
        if value.endswith("\n\n"):
            chomp = "+"
        elif value.endswith("\n"):
            chomp = ""
        else:
            chomp = "-"
        lines.append(f"{key_prefix}|{chomp}")
        for line in raw_lines:
            lines.append(f"{body_pad}{line}" if line else "")
        if chomp == "+":
            lines.extend([""] * (len(value) - len(value.rstrip("\n")) - 1))
        return
    lines.append(f"{key_prefix}{scalar(value)}")


def header_comments(text: str) -> list[str]:
    """Comment and blank lines before the first key."""
    out = []
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            out.append(line.rstrip())
        else:
            break
    while out and not out[-1]:
        out.pop()
    return out


def format_record(kind: kinds.Kind, raw: bytes) -> str:
    """The canonical text of a record (raises YamlError on unreadable input)."""
    text = raw.decode("utf-8-sig")
    data = yamlload.load(text.encode("utf-8")).data
    doc = schemas.schema_documents()[kind.schema]
    lines = header_comments(text)
    body: list[str] = []
    _emit(data, (doc, doc), 0, body, "")
    return "\n".join(lines + body) + "\n"


def main(root: Path, files: list[str] | None, fix: bool) -> int:
    """``kb fmt``: report (or fix) records that are not canonical."""
    targets = files if files is not None else discover(root)
    bad = 0
    if files is not None:
        refused = argument_problems(root, files)
        for message in refused:
            print(visible(f"{message.file}: {message.text}"))
        bad += len(refused)
        targets = [name for name in files if name not in {m.file for m in refused}]
    for relative in targets:
        kind = kinds.kind_for_path(relative)
        if kind is None or not relative.endswith(".yaml"):
            continue
        path = root / relative
        try:
            raw = fsguard.read_regular(path, yamlload.MAX_BYTES, relative)
        except fsguard.UnsafePath as exc:
            print(visible(f"{relative}: {exc.reason}"))
            bad += 1
            continue
        try:
            canonical = format_record(kind, raw)
            if yamlload.load(canonical.encode()).data != yamlload.load(raw.decode("utf-8-sig").encode()).data:
                print(visible(f"{relative}: cannot format safely (values would change); please report this file"))
                bad += 1
                continue
        except (yamlload.YamlError, UnicodeDecodeError) as exc:
            print(visible(f"{relative}: not formatted: {getattr(exc, 'message', exc)} (run `kb check {relative}`)"))
            bad += 1
            continue
        if canonical.encode() != raw:
            if fix:
                try:
                    fsguard.write_regular(path, canonical.encode("utf-8"))
                except fsguard.UnsafePath as exc:
                    print(visible(f"{relative}: not written: {exc.reason}"))
                    bad += 1
                    continue
                except OSError as exc:
                    print(visible(f"{relative}: not written: {exc.strerror}"))
                    bad += 1
                    continue
                print(visible(f"{relative}: reformatted"))
            else:
                print(visible(f"{relative}: not in canonical form (run `kb fmt --fix {relative}`)"))
                bad += 1
    if not bad:
        print(f"{len(targets)} file(s) in canonical form" if not fix else "done")
    return 1 if bad else 0
