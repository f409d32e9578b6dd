"""Record texts (restricted Markdown) parsed into a tiny block/run structure.

Every export format (docx, odt, Markdown, plain text and the browser writer)
renders the same structure, so Markdown is parsed exactly once, here:

* a text is a list of ``Block``: a paragraph, or a list item (bulleted, or
  numbered with the number kept as written);
* a block is a list of ``Run``: text with bold / italic flags and an optional
  https link target.

Only what ``kb.textrules`` lets contributors write is recognised: paragraphs,
``-``/``*``/``+`` and ``1.`` lists (nested by indentation), ``**bold**``,
``*italic*`` (also with underscores), ``[links](https://…)``, backslash escapes
and hard line breaks (two trailing spaces or a backslash). Anything else stays
literal text, so a surprising input degrades into visible characters rather
than lost words.

Placeholders are filled *after* parsing (``parse(text, values)``): a value such
as ``EN 50600-*`` must never turn into Markdown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..textrules import PLACEHOLDER

# Private-use characters stand in for {{placeholders}} while parsing, so that
# neither the braces nor the underscores of a name can be taken for Markdown.
_OPEN, _CLOSE = "\ue000", "\ue001"
_SLOT = re.compile(_OPEN + r"(\d+)" + _CLOSE)

_BULLET = re.compile(r"^( *)([-*+])[ \t]+(.*)$")
_NUMBER = re.compile(r"^( *)(\d{1,3}[.)])[ \t]+(.*)$")
_LINK = re.compile(r"\[([^\]\n]*)\]\(\s*<?(https://[^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
_ESCAPABLE = set("\\`*_{}[]()#+-.!|>~")
# Characters that can start inline markup; parse_inline copies the text between them at once.
_INLINE_SPECIAL = re.compile(r"[\\\[*_`]")
_INDENT_PER_LEVEL = 2
MAX_LEVEL = 2


@dataclass(frozen=True)
class Run:
    """A piece of text with one formatting."""

    text: str
    bold: bool = False
    italic: bool = False
    link: str | None = None
    param: str | None = None  # the parameter whose value this run is (a buyer may change it)

    def to_json(self) -> dict:
        """Compact JSON form: flags only when set."""
        flags = {"bold": self.bold, "italic": self.italic, "link": self.link, "param": self.param}
        return {"text": self.text, **{key: value for key, value in flags.items() if value}}

    @classmethod
    def from_json(cls, data: dict) -> Run:
        return cls(data["text"], bool(data.get("bold")), bool(data.get("italic")), data.get("link"),
                   data.get("param"))


@dataclass(frozen=True)
class Block:
    """A paragraph or a list item.

    ``kind`` is ``"paragraph"`` or ``"item"``. Items have a nesting ``level``
    (0-based) and a ``marker``: ``None`` for a bullet, or the number as written
    (``"2."``) for a numbered item. Numbers are kept as text on purpose: a
    clause that says "as in point 3" must keep its point 3 in every format.
    ``lang`` is set by the layout when the block belongs to one language, so
    writers can tag it for spell-checkers and screen readers.
    """

    kind: str
    runs: tuple
    level: int = 0
    marker: str | None = None
    lang: str | None = None

    def to_json(self) -> dict:
        out = {"kind": self.kind, "runs": [r.to_json() for r in self.runs]}
        if self.kind == "item":
            out["level"] = self.level
        optional = {"marker": self.marker if self.kind == "item" else None, "lang": self.lang}
        return {**out, **{key: value for key, value in optional.items() if value}}

    @classmethod
    def from_json(cls, data: dict) -> Block:
        return cls(data["kind"], tuple(Run.from_json(r) for r in data["runs"]),
                   data.get("level", 0), data.get("marker"), data.get("lang"))

    @property
    def text(self) -> str:
        """The plain text of the block (without list marker)."""
        return "".join(r.text for r in self.runs)

    def with_lang(self, lang: str | None) -> Block:
        return replace(self, lang=lang)


def paragraph(*runs) -> Block:
    """A paragraph from runs or plain strings (empty pieces are dropped)."""
    pieces = (r if isinstance(r, Run) else Run(r) for r in runs if r)
    return Block("paragraph", tuple(r for r in pieces if r.text))


def plain_text(blocks) -> str:
    """Blocks as plain text lines (used by tests and the text writer)."""
    lines = []
    for block in blocks:
        prefix = ""
        if block.kind == "item":
            prefix = "  " * block.level + (block.marker or "-") + " "
        lines.append(prefix + block.text)
    return "\n".join(lines)


# --------------------------------------------------------------------------
# Placeholders


def _value_text(value, lang: str) -> str:
    if isinstance(value, dict):
        return str(value.get(lang, ""))
    return str(value)


def protect_placeholders(text: str) -> tuple[str, list[str]]:
    """Replace each {{name}} by a private-use slot; return the text and the names."""
    names: list[str] = []

    def slot(match: re.Match) -> str:
        names.append(match.group(1))
        return f"{_OPEN}{len(names) - 1}{_CLOSE}"

    return PLACEHOLDER.sub(slot, text), names


def _fill_runs(runs, names, values, lang, missing) -> tuple:
    """Each placeholder becomes a run of its own, marked with the parameter's name (the
    kit writer replaces the text of such a run when the buyer changes the value)."""
    out = []
    for run in runs:
        at = 0
        for match in _SLOT.finditer(run.text):
            out.append(replace(run, text=run.text[at:match.start()]))
            name = names[int(match.group(1))]
            if name in values:
                out.append(replace(run, text=_value_text(values[name], lang), param=name))
            else:
                missing.add(name)
                out.append(replace(run, text="{{" + name + "}}"))  # visible: a reader sees what is missing
            at = match.end()
        out.append(replace(run, text=run.text[at:]))
    return tuple(out)


# --------------------------------------------------------------------------
# Block structure


def _split_blocks(text: str) -> list[tuple[str, int, str | None, str]]:
    """(kind, level, marker, raw inline text) for each block of a text."""
    blocks: list[list] = []
    current = None  # the block lines are appended to
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if not line.strip():
            current = None
            continue
        item = _BULLET.match(line) or _NUMBER.match(line)
        if item:
            indent, mark, rest = item.groups()
            level = min(len(indent) // _INDENT_PER_LEVEL, MAX_LEVEL)
            marker = None if mark in "-*+" else mark
            current = ["item", level, marker, [rest]]
            blocks.append(current)
        elif current is None:
            current = ["paragraph", 0, None, [line.lstrip()]]
            blocks.append(current)
        else:
            # Lazy continuation: a following line belongs to the same block.
            current[3].append(line.lstrip())
    return [(kind, level, marker, _join_lines(lines)) for kind, level, marker, lines in blocks]


def _join_lines(lines: list[str]) -> str:
    """Soft line breaks become spaces; hard breaks (two spaces or \\) become \\n."""
    out = ""
    for index, line in enumerate(lines):
        last = index == len(lines) - 1
        if not last and line.endswith("  "):
            out += line.rstrip() + "\n"
        elif not last and line.endswith("\\") and not line.endswith("\\\\"):
            out += line[:-1].rstrip() + "\n"
        else:
            out += line.rstrip() + ("" if last else " ")
    return out


# --------------------------------------------------------------------------
# Inline formatting


def _closing_single(text: str, start: int, delim: str) -> int:
    """Index of the delimiter closing an emphasis opened just before ``start``.

    Skips escaped characters and double delimiters (``**bold**`` inside
    ``*italic*``). Returns -1 when there is none.
    """
    j = start
    while j < len(text):
        if text[j] == "\\":
            j += 2
            continue
        if text.startswith(delim * 2, j):
            end = text.find(delim * 2, j + 2)
            if end == -1:
                return -1
            j = end + 2
            continue
        if text[j] == delim and j > start and not text[j - 1].isspace():
            if delim == "_" and j + 1 < len(text) and text[j + 1].isalnum():
                j += 1  # intraword underscore (snake_case) is not emphasis
                continue
            return j
        j += 1
    return -1


def _closing_double(text: str, start: int, delim: str) -> int:
    j = start
    while True:
        end = text.find(delim * 2, j)
        if end == -1:
            return -1
        if end > start and not text[end - 1].isspace():
            # In "***x***" the bold closes on the last two stars; the first
            # one closes the inner italic.
            while end + 2 < len(text) and text[end + 2] == delim:
                end += 1
            return end
        j = end + 1


def _can_open(text: str, i: int, width: int) -> bool:
    after = text[i + width] if i + width < len(text) else " "
    if after.isspace():
        return False
    if text[i] == "_" and i > 0 and text[i - 1].isalnum():
        return False  # intraword underscore
    return True


def parse_inline(text: str, bold: bool = False, italic: bool = False, link: str | None = None) -> list[Run]:
    """Runs of one block's inline text."""
    runs: list[Run] = []
    buf: list[str] = []

    def flush():
        if buf:
            runs.append(Run("".join(buf), bold, italic, link))
            buf.clear()

    i = 0
    while i < len(text):
        plain = _INLINE_SPECIAL.search(text, i)
        stop = plain.start() if plain else len(text)
        if stop > i:  # ordinary characters up to the next possible markup: one slice, not one per character
            buf.append(text[i:stop])
            i = stop
            continue
        ch = text[i]
        if ch == "\\" and i + 1 < len(text) and text[i + 1] in _ESCAPABLE:
            buf.append(text[i + 1])
            i += 2
            continue
        if ch == "[" and link is None:
            match = _LINK.match(text, i)
            if match:
                flush()
                runs.extend(parse_inline(match.group(1), bold, italic, match.group(2)))
                i = match.end()
                continue
        width = 2 if text.startswith(ch * 2, i) else 1  # ** / __ strong, * / _ emphasis
        if ch in "*_" and _can_open(text, i, width):
            end = (_closing_double if width == 2 else _closing_single)(text, i + width, ch)
            if end != -1:
                flush()
                strong, emphasis = (True, italic) if width == 2 else (bold, True)
                runs.extend(parse_inline(text[i + width:end], strong, emphasis, link))
                i = end + width
                continue
            if width == 2:
                buf.append(ch * 2)  # an unclosed ** stays literal as a pair
                i += 2
                continue
        if ch == "`":
            end = text.find("`", i + 1)
            if end != -1:  # code spans: keep the content, drop the backticks
                buf.append(text[i + 1:end])
                i = end + 1
                continue
        buf.append(ch)
        i += 1
    flush()
    return runs


def merge_runs(runs) -> tuple:
    """Adjacent runs with the same formatting joined; empty runs dropped."""
    out: list[Run] = []
    for run in runs:
        if not run.text:
            continue
        same = (out[-1].bold, out[-1].italic, out[-1].link) == (run.bold, run.italic, run.link) if out else False
        if same and not out[-1].param and not run.param:
            out[-1] = replace(out[-1], text=out[-1].text + run.text)
        else:
            out.append(run)
    return tuple(out)


def parse(text: str, values: dict | None = None, lang: str = "fr", missing: set | None = None) -> list[Block]:
    """Blocks of a restricted-Markdown text, with {{placeholders}} filled.

    ``values`` maps placeholder names to a number, a text or ``{fr, nl}``;
    names without a value are left visible as ``{{name}}`` and added to
    ``missing`` when given.
    """
    protected, names = protect_placeholders(text or "")
    missing = set() if missing is None else missing
    blocks = []
    for kind, level, marker, inline in _split_blocks(protected):
        runs = merge_runs(parse_inline(inline))
        if names:
            runs = merge_runs(_fill_runs(runs, names, values or {}, lang, missing))
        if runs:
            blocks.append(Block(kind, runs, level if kind == "item" else 0, marker))
    return blocks


def blocks_to_json(blocks) -> list[dict]:
    return [b.to_json() for b in blocks]


def blocks_from_json(data) -> list[Block]:
    return [Block.from_json(b) for b in data]
