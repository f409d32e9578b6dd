"""Strict YAML loading for records: located errors, no YAML 1.1 surprises.

PyYAML implements YAML 1.1: it turns ``no`` into ``False``, ``2024-05-01`` into a
date, ``1.10`` into ``1.1`` and silently keeps the last of two duplicate keys. For
data that buyers paste into legal documents those silent changes are not
acceptable. This module parses with libyaml (``yaml.compose`` with the C loader,
about 14x faster than pure Python) and then builds plain Python values itself:

* only ``true``/``false`` become booleans, only ``null``/``~``/empty become None,
  only plain decimal integers without leading zeros become ints;
* everything else (``yes``, ``1.10``, ``2024-05-01``, ``1e3``) stays text,
  exactly as written;
* duplicate keys, anchors/aliases, custom tags, non-string keys, a byte-order
  mark, invalid UTF-8, empty files and over-large or over-deep documents are
  errors with a line and column.

Every value's position is recorded in ``Document.positions`` (JSON path tuple ->
(line, column), 1-based) so that later checks can point at the exact line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

try:  # libyaml is bundled in PyYAML wheels; fall back only if a build lacks it.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _Loader

MAX_BYTES = 256 * 1024
MAX_DEPTH = 32
MAX_NODES = 20_000

_INT = re.compile(r"^-?(0|[1-9][0-9]{0,17})$")
_ALLOWED_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:merge",
    "tag:yaml.org,2002:value",
}

Path = tuple  # a JSON path: tuple of str keys and int indexes


@dataclass
class YamlError(Exception):
    """A problem found while reading a file, with its 1-based location."""

    rule: str
    message: str
    line: int = 1
    column: int = 1
    hint: str = ""
    path: Path = ()


@dataclass
class Document:
    """Parsed data plus the position of every key and value."""

    data: object
    positions: dict = field(default_factory=dict)
    key_positions: dict = field(default_factory=dict)

    def locate(self, path: Path) -> tuple[int, int]:
        """Line and column of the deepest existing prefix of ``path``."""
        path = tuple(path)
        while path:
            if path in self.positions:
                return self.positions[path]
            path = path[:-1]
        return self.positions.get((), (1, 1))

    def locate_key(self, path: Path) -> tuple[int, int]:
        """Line and column of the key that introduces ``path`` (or its value)."""
        return self.key_positions.get(tuple(path)) or self.locate(path)


def decode(raw: bytes) -> str:
    """Decode file bytes as UTF-8 without BOM, or raise a located YamlError."""
    if len(raw) > MAX_BYTES:
        raise YamlError(
            "file-size",
            f"file is {len(raw):,} bytes; records are limited to {MAX_BYTES:,} bytes",
            hint="split very long texts or move background material to a source document",
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        raise YamlError(
            "encoding",
            "file starts with a byte-order mark (BOM)",
            hint="save the file as UTF-8 without BOM, or run `kb fmt --fix FILE`",
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise YamlError(
            "encoding",
            f"byte 0x{raw[exc.start]:02x} is not valid UTF-8",
            line,
            column,
            hint="save the file as UTF-8 (many editors call it 'UTF-8 without BOM')",
        ) from None
    if not text.strip():
        raise YamlError("empty-file", "file is empty", hint="start from `kb new criterion ID`")
    if "\x00" in text:
        index = text.index("\x00")
        line = text.count("\n", 0, index) + 1
        raise YamlError("encoding", "file contains a NUL character", line, 1)
    return text


def load(raw: bytes) -> Document:
    """Parse one YAML record from bytes; raise YamlError on any problem."""
    text = decode(raw)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        hint = "check indentation (spaces only, no tabs) and quoting"
        lines = text.splitlines()
        here = lines[line - 1][column - 1 : column] if 0 < line <= len(lines) else ""
        if here == "\t" or "\t" in problem or "tab" in problem:
            problem = "a tab character is used here; YAML indentation needs spaces"
            hint = "replace the tab with spaces (most editors: 'convert indentation to spaces')"
        elif "expected a single document" in str(exc):
            hint = "a record file holds one document; remove the extra '---'"
        raise YamlError("yaml-syntax", f"{problem}", line, column, hint=hint) from None
    except yaml.YAMLError as exc:  # reader errors (non-printable characters…)
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        reason = getattr(exc, "reason", None) or "invalid YAML"
        raise YamlError("yaml-syntax", str(reason), line, column) from None
    except RecursionError:
        raise YamlError("yaml-depth", "document is nested too deeply", hint="flatten the structure") from None
    if node is None:
        raise YamlError("empty-file", "file is empty (only comments or blank lines)",
                        hint="start from `kb new criterion ID`")
    if "&" in text or "*" in text:
        _reject_anchors(text)
    builder = _Builder()
    data = builder.build(node, (), 0)
    return Document(data, builder.positions, builder.key_positions)


def _reject_anchors(text: str) -> None:
    """Raise at the first anchor or alias (the composed graph has lost alias positions)."""
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            mark = event.start_mark
            raise YamlError(
                "yaml-alias",
                "anchors and aliases (&name / *name) are not allowed in records",
                mark.line + 1,
                mark.column + 1,
                hint="write the value out in full",
            )


class _Builder:
    """Turns a libyaml node graph into plain values, recording positions."""

    def __init__(self) -> None:
        self.positions: dict = {}
        self.key_positions: dict = {}
        self.seen: set[int] = set()
        self.count = 0

    def build(self, node: yaml.Node, path: Path, depth: int):
        mark = node.start_mark
        where = (mark.line + 1, mark.column + 1)
        if id(node) in self.seen:
            raise YamlError(
                "yaml-alias",
                "anchors and aliases (&name / *name) are not allowed in records",
                *where,
                hint="write the value out in full",
                path=path,
            )
        self.seen.add(id(node))
        self.count += 1
        if self.count > MAX_NODES:
            raise YamlError("file-size", f"document has more than {MAX_NODES:,} values", *where)
        if depth > MAX_DEPTH:
            raise YamlError("yaml-depth", f"document is nested more than {MAX_DEPTH} levels deep", *where)
        if node.tag not in _ALLOWED_TAGS:
            raise YamlError(
                "yaml-tag",
                f"tag {node.tag!r} is not allowed",
                *where,
                hint="remove the '!' tag; records hold plain text, numbers, lists and mappings",
                path=path,
            )
        self.positions[path] = where
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]
        return self._scalar(node, path)

    def _mapping(self, node: yaml.MappingNode, path: Path, depth: int) -> dict:
        result: dict = {}
        for key_node, value_node in node.value:
            kmark = key_node.start_mark
            kwhere = (kmark.line + 1, kmark.column + 1)
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlError(
                    "yaml-key",
                    "keys must be plain names (no lists, mappings or '<<' merges)",
                    *kwhere,
                    path=path,
                )
            key = key_node.value
            if key in result:
                first = self.key_positions.get(path + (key,), kwhere)
                raise YamlError(
                    "duplicate-key",
                    f"key {key!r} appears twice (first on line {first[0]})",
                    *kwhere,
                    hint="keep one of the two entries; YAML would silently drop the first",
                    path=path + (key,),
                )
            self.key_positions[path + (key,)] = kwhere
            result[key] = self.build(value_node, path + (key,), depth + 1)
        return result

    @staticmethod
    def _scalar(node: yaml.ScalarNode, path: Path):
        value = node.value
        if node.style:  # quoted or block scalar: always text
            return value
        if node.tag == "tag:yaml.org,2002:str":
            # libyaml resolved it as a string (or the author wrote !!str): keep it.
            return value
        if value in ("true", "True", "TRUE"):
            return True
        if value in ("false", "False", "FALSE"):
            return False
        if value in ("", "~", "null", "Null", "NULL"):
            return None
        if _INT.match(value):
            return int(value)
        # yes/no/on/off, 1.10, 2024-05-01, 0x1F, 1_000…: kept exactly as written.
        return value
