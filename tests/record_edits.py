"""Invalid records made from declared edits of a valid one (``tests/fixtures/invalid_edits.yaml``).

Each case of the table names a base (a valid record), edits it and says which message
``kb check`` must give. The edits work on the text, so everything the edit does not touch
stays byte for byte as in the base. See the table's header for the format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from conftest import FIXTURES

TABLE = FIXTURES / "invalid_edits.yaml"
VALID = FIXTURES / "valid"
EDITS = ("text", "delete", "set", "replace", "append", "encode")  # applied in this order
_PATH_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


@dataclass(frozen=True)
class Base:
    place_at: str
    text: str


@dataclass(frozen=True)
class Case:
    name: str
    place_at: str
    content: bytes
    rule: str
    line: int
    path: str
    message: str
    also: frozenset[str]


def piece(value, where: str) -> str:
    """A text of the table: a string, or a list of strings and ``{repeat: TEXT, times: N}``."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "".join(piece(item, where) for item in value)
    if isinstance(value, dict) and value.keys() == {"repeat", "times"}:
        return piece(value["repeat"], where) * value["times"]
    raise TypeError(f"{where}: {value!r} is not a text (quote values such as off, yes, 2024-01-01 or 2)")


def parse_path(path: str) -> list[str | int]:
    parts = [key if key else int(index) for key, index in _PATH_PART.findall(path)]
    assert "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in parts).lstrip(".") == path, path
    return parts


def _find(text: str, path: str):
    """(parent node, key node or None, value node or None) for ``path`` in ``text``."""
    parent, key, node = None, None, yaml.compose(text)
    for part in parse_path(path):
        if node is None:
            raise KeyError(f"{path}: '{part}' is under a field that does not exist")
        parent, key = node, None
        if isinstance(part, int):
            node = node.value[part] if isinstance(node, yaml.SequenceNode) and part < len(node.value) else None
        elif isinstance(node, yaml.MappingNode):
            key, node = next(((k, v) for k, v in node.value if k.value == part), (None, None))
        else:
            raise KeyError(f"{path}: '{part}' is not under a mapping")
    return parent, key, node


def _line_end(text: str, index: int) -> int:
    """The index just after the line holding the last non-blank character before ``index``."""
    last = len(text[:index].rstrip())
    newline = text.find("\n", last)
    return len(text) if newline < 0 else newline + 1


def set_path(text: str, path: str, raw: str) -> str:
    """Write ``raw`` (YAML source, exactly as it is) as the value of ``path``; a missing
    key is added as the last field of its mapping."""
    parent, key, node = _find(text, path)
    if node is not None:  # replace the value, keeping the line break and indentation after it
        start = key.end_mark.index if key is not None else node.start_mark.index
        old = text[start:node.end_mark.index]
        trailing = old[len(old.rstrip()):]
        new = (": " + raw if raw else ":") if key is not None else raw
        return text[:start] + new.rstrip(" ") + trailing + text[node.end_mark.index:]
    if not isinstance(parent, yaml.MappingNode) or parent.flow_style or not parent.value:
        raise KeyError(f"{path}: can only add a field to a block mapping")
    at = _line_end(text, parent.value[-1][1].end_mark.index)
    indent = " " * parent.value[0][0].start_mark.column
    line = f"{indent}{parse_path(path)[-1]}: {raw}".rstrip(" ") + "\n"
    return text[:at] + ("" if text[:at].endswith("\n") else "\n") + line + text[at:]


def delete_path(text: str, path: str) -> str:
    """Remove the field ``path`` (its key and its whole value) from a block mapping."""
    _parent, key, node = _find(text, path)
    if key is None:
        raise KeyError(f"{path}: no such field (only mapping fields can be deleted)")
    start = key.start_mark.index - key.start_mark.column
    if text[start:key.start_mark.index].strip():
        raise KeyError(f"{path}: the field does not start its line")
    return text[:start] + text[_line_end(text, node.end_mark.index):]


def replace_once(text: str, old: str, new: str, where: str) -> str:
    count = text.count(old)
    if count != 1:
        raise ValueError(f"{where}: {old!r} occurs {count} times in the base (must be exactly once)")
    return text.replace(old, new)


def build(row: dict, bases: dict[str, Base]) -> tuple[str, bytes]:
    """(place-at, file content) of one case."""
    name = row["case"]
    base = bases[row["base"]] if "base" in row else None
    if (base is None) == ("text" not in row):
        raise ValueError(f"{name}: give either a base or a text")
    text = piece(row["text"], name) if base is None else base.text
    deletes = row.get("delete", [])
    for path in [deletes] if isinstance(deletes, str) else deletes:
        text = delete_path(text, path)
    for path, raw in row.get("set", {}).items():
        text = set_path(text, path, piece(raw, f"{name}: {path}"))
    for old, new in row.get("replace", {}).items():
        text = replace_once(text, piece(old, name), piece(new, name), name)
    text += piece(row.get("append", ""), name)
    place_at = row.get("place-at") or (base.place_at if base else "")
    if not place_at:
        raise ValueError(f"{name}: a case without a base needs place-at")
    return place_at, text.encode(row.get("encode", "utf-8"))


def load_table(table: Path = TABLE) -> tuple[dict[str, Base], list[Case]]:
    data = yaml.safe_load(table.read_text(encoding="utf-8"))
    bases = {}
    for name, spec in data["bases"].items():
        if "file" in spec:  # a record of tests/fixtures/valid/
            bases[name] = Base(spec["file"], (VALID / spec["file"]).read_text(encoding="utf-8"))
        else:  # a valid record of a kind tests/fixtures/valid/ does not have
            bases[name] = Base(spec["place-at"], spec["text"])
    cases = []
    for row in data["cases"]:
        unknown = row.keys() - {"case", "base", "place-at", "expect", *EDITS}
        if unknown:
            raise ValueError(f"{row.get('case')}: unknown key(s) {sorted(unknown)}")
        place_at, content = build(row, bases)
        expect = row["expect"]
        unknown = expect.keys() - {"rule", "line", "path", "message", "also"}
        if unknown or not isinstance(expect["line"], int):
            raise ValueError(f"{row['case']}: expect needs rule, line (a number), path, message; also is optional")
        cases.append(Case(row["case"], place_at, content, expect["rule"], expect["line"], str(expect["path"]),
                          piece(expect["message"], row["case"]), frozenset(expect.get("also", []))))
    return bases, cases
