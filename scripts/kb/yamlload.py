"""Strict YAML loading for records: located errors, no YAML 1.1 surprises.

PyYAML implements YAML 1.1: it turns ``no`` into ``False``, ``2024-05-01`` into a
date, ``1.10`` into ``1.1`` and silently keeps the last of two duplicate keys. For
data that buyers paste into legal documents those silent changes are not
acceptable. This module parses with libyaml (``yaml.compose`` with the C loader,
about 14x faster than pure Python, without YAML 1.1's implicit typing, which it
replaces) and then builds plain Python values itself:

* only ``true``/``false`` become booleans, only ``null``/``~``/empty become None,
  only plain decimal integers without leading zeros become ints;
* everything else (``yes``, ``1.10``, ``2024-05-01``, ``1e3``) stays text,
  exactly as written;
* duplicate keys, anchors/aliases, custom tags, non-string keys, a byte-order
  mark, invalid UTF-8 (UTF-16, Latin-1…), invisible control characters, empty
  files and over-large or over-deep documents are errors with a line and column.

Every value's position is recorded in ``Document.positions`` (JSON path tuple ->
(line, column), 1-based) so that later checks can point at the exact line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

try:  # libyaml is bundled in PyYAML wheels; fall back only if a build lacks it.
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _BaseLoader

_STR = "tag:yaml.org,2002:str"
_MERGE = "tag:yaml.org,2002:merge"
# The tag of a plain scalar without a tag: _Builder._scalar gives it a type by this module's
# own rules, so YAML 1.1's resolution (a dozen regular expressions per value) is not needed.
_PLAIN = "tag:yaml.org,2002:value"


class _Loader(_BaseLoader):
    """The C loader without YAML 1.1's implicit typing (see ``_Builder._scalar``)."""

    def resolve(self, kind, value, implicit):
        if kind is yaml.ScalarNode:
            if not implicit[0]:  # quoted or block text, or the non-specific tag '!': text
                return _STR
            return _MERGE if value == "<<" else _PLAIN
        return "tag:yaml.org,2002:map" if kind is yaml.MappingNode else "tag:yaml.org,2002:seq"

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

# Characters no record text needs and that hide what a text really says: C0/C1
# control characters (tab, line feed and carriage return excepted), the NEL and
# Unicode line/paragraph separators (YAML treats them as line breaks, editors do
# not show them), every Unicode format character (zero-width spaces and joiners,
# soft hyphens, bidirectional marks, overrides and isolates: "Trojan source",
# tag characters), fillers and variation selectors, private-use characters (they
# display as nothing or as a box, and crash some document writers), non-characters,
# and unusual spaces. The no-break spaces French typography needs (U+00A0, U+202F)
# and the thin space (U+2009) are allowed. libyaml rejects some of these, but only
# as "control characters are not allowed" at line 1, and lets escapes such as "\x1b"
# or "\u202e" through. A test checks this list against Python's Unicode database.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u034f\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2"
    "\u115f\u1160\u1680\u17b4\u17b5\u180b-\u180f\u2000-\u2008\u200a-\u200f\u2028-\u202e\u205f-\u206f"
    "\u3000\u3164\ue000-\uf8ff\ufdd0-\ufdef\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb\ufffe\uffff"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0000-\U000e0fff\U000f0000-\U0010ffff]"
)


def _describe_invisible(char: str) -> str:
    code = f"U+{ord(char):04X}"
    if char == "\x00":
        return f"a NUL character ({code})"
    if char in "\x85\u2028\u2029":
        return f"an invisible line separator ({code})"
    if char in "\u061c\u200e\u200f" or "\u202a" <= char <= "\u202e" or "\u2066" <= char <= "\u2069":
        return f"an invisible bidirectional-text control ({code})"
    if "\ue000" <= char <= "\uf8ff" or char >= "\U000f0000":
        return f"a private-use character ({code}), which displays differently on every computer"
    if char in "\u1680\u205f\u3000" or "\u2000" <= char <= "\u200a":
        return f"an unusual space character ({code})"
    if ord(char) < 0xA0:
        return f"an invisible control character ({code})"
    return f"an invisible formatting character ({code}), e.g. a zero-width space or a soft hyphen"


_INVISIBLE_HINT = ("delete it (it often comes from copying out of a PDF or a word processor) "
                   "and retype the text around it; for a no-break space use U+00A0 or U+202F")


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


_BREAK = re.compile(r"\r\n|\r|\n")
_BREAK_BYTES = re.compile(rb"\r\n|\r|\n")


def _line_column(before):
    """1-based line and column just after ``before`` (text or bytes), counting line breaks
    as YAML does: CR LF, CR alone (old Mac files) and LF."""
    pattern = _BREAK_BYTES if isinstance(before, bytes) else _BREAK
    lines = pattern.split(before)
    return len(lines), len(lines[-1]) + 1


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
    head = raw[:200]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or head.count(0) > len(head) // 3:
        # A UTF-16 BOM, or a NUL every other byte (UTF-16 without BOM).
        raise YamlError(
            "encoding",
            "file is encoded as UTF-16, not UTF-8",
            hint="save the file as UTF-8 (many editors call it 'UTF-8 without BOM')",
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _line_column(raw[: exc.start])
        hint = "save the file as UTF-8 (many editors call it 'UTF-8 without BOM')"
        try:
            guess = raw[exc.start : exc.start + 1].decode("cp1252")
            hint = f"this looks like Latin-1/Windows-1252 ({guess!r} saved as one byte); " + hint
        except UnicodeDecodeError:
            pass
        raise YamlError(
            "encoding",
            f"byte 0x{raw[exc.start]:02x} is not valid UTF-8",
            line,
            column,
            hint=hint,
        ) from None
    if not text.strip():
        raise YamlError("empty-file", "file is empty", hint="start from `kb new criterion ID`")
    bad = _INVISIBLE.search(text)
    if bad:
        line, column = _line_column(text[: bad.start()])
        raise YamlError("encoding", f"file contains {_describe_invisible(bad.group())}", line, column,
                        hint=_INVISIBLE_HINT)
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
            problem = "a second YAML document starts here"
            hint = "a record file holds one document; remove the extra '---'"
        elif "mapping values are not allowed" in problem:
            problem = "a ': ' here starts a field where none is expected"
            hint = ("a text containing ': ' must be quoted (\"…\") "
                    "or written as a block (fr: |, then the text indented)")
        quote = _unclosed_quote(lines, line)
        if quote and (quote[0] < line or "quoted scalar" in str(exc)):
            line, column = quote
            problem = "this quoted text is not closed on the same line"
            hint = "add the closing \" (or remove the opening one)"
        raise YamlError("yaml-syntax", problem, line, column, hint=hint) from None
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
    if data is None:  # a lone '---' or '~': nothing to validate
        raise YamlError("empty-file", "file holds no data (only '---', '~' or comments)",
                        hint="start from `kb new criterion ID`")
    return Document(data, builder.positions, builder.key_positions)


def _unclosed_quote(lines: list[str], upto: int) -> tuple[int, int] | None:
    """Position of the first value that opens a double quote and does not close it on its line.

    libyaml reads such a text on until the next quote and reports the error far below,
    where the contributor sees nothing wrong. Records never need multi-line quoted
    texts (long texts are '|' blocks), so an open quote is the likely culprit.
    """
    for number, raw in enumerate(lines[:upto], 1):
        stripped = raw.lstrip(" -")
        if stripped.startswith("#"):
            continue
        key, sep, value = stripped.partition(": ")
        value = value.strip() if sep else (stripped if stripped.startswith('"') else "")
        if value.startswith('"') and len(re.findall(r'(?<!\\)"', value)) % 2 == 1:
            return number, len(raw) - len(raw.lstrip(" -")) + (len(key) + 2 if sep else 0) + 1
    return None


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


def _check_visible(value: str, where: tuple[int, int], path: Path) -> None:
    """Reject invisible characters written as escapes ("\\x1b", "\\u202e") in quoted text."""
    bad = _INVISIBLE.search(value)
    if bad:
        raise YamlError("encoding", f"text contains {_describe_invisible(bad.group())}, written as an escape",
                        *where, hint=_INVISIBLE_HINT, path=path)


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
            raise YamlError("file-size", f"document has more than {MAX_NODES:,} values", *where,
                            hint="records are small: split very long lists or move them to a source document")
        if depth > MAX_DEPTH:
            raise YamlError("yaml-depth", f"document is nested more than {MAX_DEPTH} levels deep", *where,
                            hint="records are at most a few levels deep; check the indentation")
        if node.tag not in _ALLOWED_TAGS:
            raise YamlError(
                "yaml-tag",
                f"tag {node.tag!r} is not allowed",
                *where,
                hint="remove the '!' tag; records hold plain text, numbers, lists and mappings",
                path=path,
            )
        self.positions[path] = where
        # Only double quotes turn escapes into characters; decode() has read the rest.
        if isinstance(node, yaml.ScalarNode) and node.style == '"':
            _check_visible(node.value, where, path)
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
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _MERGE:
                raise YamlError(
                    "yaml-key",
                    "keys must be plain names (no lists, mappings or '<<' merges)",
                    *kwhere,
                    hint="write 'name: value' with a field name before the colon; write shared values out in full",
                    path=path,
                )
            key = key_node.value
            if key_node.style == '"':
                _check_visible(key, kwhere, path)
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
        if node.tag == _STR:  # the author wrote !!str: keep it
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
