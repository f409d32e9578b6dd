"""What record texts may contain, decided by a real Markdown parser.

Record texts end up in HTML pages and in tender documents, and they come from
pull requests by strangers. They may use a small subset of Markdown:
paragraphs, bullet and numbered lists, line breaks, *emphasis*, **bold** and
``[links](https://…)``. Nothing that could carry markup or script.

Texts are *parsed, not pattern-matched*: markdown-it-py (a CommonMark parser)
turns a text into tokens, and

* ``find_problems`` (used by the validator) reports every token outside the
  subset, every link whose target is not ``https://`` once entities are decoded
  and whitespace removed, reference-style definitions, and the syntax of the
  site's Markdown extensions (admonitions, tabs, definition lists, attribute
  lists, tables) that would otherwise fake page structure;
* ``safe_markdown`` / ``safe_inline`` (used by the page generator) write the
  parsed tokens back out as Markdown in which every character that the site's
  renderer (Python-Markdown) could read as syntax is escaped. What reaches the
  site is therefore exactly what the parser understood, whatever tricks the
  source text plays on the differences between two Markdown dialects; a
  forbidden construct that slipped past validation comes out as plain text.

The built pages add two more layers: the HTML of every page is cleaned by an
allow-list sanitizer (``kb.site.sanitize``) and a Content-Security-Policy
forbids inline scripts.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from urllib.parse import quote, urlsplit

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

PLACEHOLDER = re.compile(r"\{\{\s*([a-z][a-z0-9_]*)\s*\}\}")
ANY_BRACES = re.compile(r"\{\{[^{}]*\}\}|\{\{|\}\}")
# Kept for prose checks of hand-written pages (tests): any tag-like "<x".
RAW_HTML = re.compile(r"<\s*[A-Za-z/!?]")


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False})
    # Tokenise every link, whatever its scheme: the rules below judge the target
    # (markdown-it's own check would silently turn a javascript: link into text).
    md.validateLink = lambda url: True
    return md


_MD = _parser()

# Token types of the allowed subset.
ALLOWED_BLOCKS = {"paragraph", "bullet_list", "ordered_list", "list_item", "inline"}
ALLOWED_INLINE = {"text", "softbreak", "hardbreak", "em", "strong", "link"}

_FORBIDDEN = {
    "heading": ("contains a Markdown heading", "headings come from the page template; use **bold** for emphasis"),
    "hr": ("contains a horizontal rule", "remove the line of *** / --- / ___"),
    "blockquote": ("contains a quote block ('> ')", "write the text as a plain paragraph"),
    "code_block": ("contains an indented code block", "remove the 4-space indentation at the start of the line"),
    "fence": ("contains a code block (``` or ~~~)", "write the text as a plain paragraph"),
    "html_block": ("contains raw HTML", "write plain text; use [text](https://…) for links"),
    "html_inline": ("contains raw HTML", "write plain text; use [text](https://…) for links; write '< 5' with a space"),
    "image": ("contains an image", "images are not allowed in record texts"),
    "code_inline": ("contains `code`", "write the text without backticks"),
}

# Syntax of the site's Markdown extensions: plain text for CommonMark, structure for
# the site's renderer. safe_markdown escapes it anyway; validation tells the author.
_EXTENSION_SYNTAX = (
    (
        RAW_HTML,
        "contains raw HTML or an <autolink>",
        "write plain text; use [text](https://…) for links; write '< 5' with a space",
    ),
    (
        re.compile(r"^[ \t]{0,3}#{1,6}(?=[^\s#])", re.M),
        "contains a Markdown heading",
        "headings come from the page template; use **bold** for emphasis",
    ),
    (
        re.compile(r"^[ \t]*(!!!|\?\?\?)", re.M),
        "contains an admonition marker ('!!!')",
        "write the warning as a sentence; boxes come from the page template",
    ),
    (re.compile(r"^[ \t]*===", re.M), "contains a content-tab marker ('===')", "remove the '===' line"),
    (
        re.compile(r"^[ \t]*:[ \t]{1,}\S", re.M),
        "contains a definition-list line (':   …')",
        "write 'term: definition' on one line, or use a list",
    ),
    (
        re.compile(r"\{\s*[:#.]"),
        "contains a Markdown attribute list '{:' / '{#' / '{.'",
        "remove the braces; styling comes from the page template",
    ),
    (
        re.compile(r"^[ \t]*\|.*\|", re.M),
        "contains a table ('| … |')",
        "tables are not allowed in record texts; use a list",
    ),
    (re.compile(r"-{1,2}8<-{1,2}"), "contains a snippet include marker", "remove '--8<--'"),
)
_SCRIPT_SCHEME = re.compile(r"(?i)(java|vb|live)script:")
_T_COLON = re.compile(r"(?i)t[\s\x00-\x1f\x7f]*:")  # the end of every match of _SCRIPT_SCHEME, as it is written
SCRIPT_ADDRESS = ("contains a script address", "remove javascript:/vbscript: text")
_WHITESPACE_AND_CONTROLS = re.compile(r"[\s\x00-\x1f\x7f]+")


def placeholders(text: str) -> set[str]:
    """Names of the {{placeholders}} used in a text."""
    return set(PLACEHOLDER.findall(text))


def malformed_placeholders(text: str) -> list[str]:
    """Brace groups that look like placeholders but are not well formed."""
    return [m.group(0) for m in ANY_BRACES.finditer(text) if not PLACEHOLDER.fullmatch(m.group(0))]


def link_target_problem(target: str) -> str | None:
    """Why a link target is refused (None if it is an https address).

    The target is judged as a browser would read it: HTML entities decoded,
    whitespace and control characters (which browsers drop from URLs) removed.
    """
    cleaned = _WHITESPACE_AND_CONTROLS.sub("", html.unescape(target))
    parts = urlsplit(cleaned)
    if parts.scheme.lower() != "https" or not cleaned.lower().startswith("https://") or not parts.netloc:
        return f"link target {cleaned[:60]!r} is not an https address"
    if cleaned != target.strip():
        return f"link target {target.strip()[:60]!r} contains spaces, entities or control characters"
    return None


def _tokens(text: str):
    env: dict = {}
    return _MD.parse(text, env), env


# Most record texts are plain prose: none of the characters that can open a Markdown construct
# inside a line (in CommonMark or in the site's Python-Markdown with its extensions), no line that
# starts like a list, quote, heading, fence, admonition, tab or code block, no hard line break.
# Such a text can only be paragraphs of text, so the parser is skipped (it is most of the
# validation time); the parity tests check that both paths give the same result on every real
# text and on generated prose. "!", "#", "~" and "=" open something only at the start of a line
# ("![" needs "[", "{#" needs "{", "&#" needs "&"), and "1." only when a space or the line end
# follows it, so "1.2" or "n° 3" stay plain.
_SYNTAX_CHARACTER = re.compile(r"[\[\]<>*_`&|{}\\\t\x00]")  # NUL: the parser makes it U+FFFD
_SYNTAX_LINE = re.compile(r"^(?: {4}|\s*(?:[-+>:?!#~=]|\d+[.)](?=\s|$)))|  +$", re.M)


def is_plain(text: str) -> bool:
    """True when ``text`` holds no Markdown construct at all (only paragraphs of text)."""
    if _SYNTAX_CHARACTER.search(text):
        return False
    if "\n" not in text and "\r" not in text:  # one line (most values): only its start and end count
        return not (_SYNTAX_LINE.match(text) or text.endswith("  "))
    if "\r" in text:  # the parser reads CR LF and CR as line breaks
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return not _SYNTAX_LINE.search(text)


# Validation only (what find_problems reports, not the Markdown written back for the site): a run
# of "_" between two letters or digits can neither open nor close emphasis, and a {{placeholder}}
# is text to the parser. With both replaced by a letter, a text that is then plain has no finding
# but a script address (web addresses with "_en", clauses with placeholders).
_INTRAWORD_UNDERSCORES = re.compile(r"(?<=[^\W_])_+(?=[^\W_])")


def _plain_for_validation(text: str) -> bool:
    if is_plain(text):
        return True
    if "_" not in text and "{" not in text:
        return False
    simpler = _INTRAWORD_UNDERSCORES.sub("x", PLACEHOLDER.sub("x", text))
    return simpler != text and is_plain(simpler)


def has_script_address(text: str) -> bool:
    """True when ``text``, read as a browser reads an address (entities decoded, white space and
    control characters dropped), holds a javascript:, vbscript: or livescript: scheme."""
    # Cheap refusals first (most texts): without an entity, which could make any letter, the
    # scheme needs a "t" and a ":" with only white space or control characters between them.
    if "&" not in text and (":" not in text or not _T_COLON.search(text)):
        return False
    return bool(_SCRIPT_SCHEME.search(_WHITESPACE_AND_CONTROLS.sub("", html.unescape(text))))


def _plain_paragraphs(text: str) -> str:
    # As markdown-it reads it: blank lines (spaces only) separate paragraphs; spaces around a
    # line break are dropped; a paragraph is stripped of all white space at its ends.
    paragraphs, current = [], []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if line.strip(" "):
            current.append(line.strip(" "))
        elif current:
            paragraphs.append("\n".join(current).strip())
            current = []
    if current:
        paragraphs.append("\n".join(current).strip())
    return "\n\n".join(p for p in paragraphs if p.strip())  # as _blocks_md drops blank blocks


def find_problems(text: str, parsed: dict | None = None) -> list[tuple[str, str]]:
    """(message, hint) for each construct a record text may not contain. ``parsed``: parses
    kept by text for the other checks of the same record (see ``block_shape``)."""
    read = _read(text, parsed)
    if read is None:
        return [SCRIPT_ADDRESS] if has_script_address(text) else []
    tokens, env = read
    problems: list[tuple[str, str]] = []
    seen = set()

    def add(message: str, hint: str) -> None:
        if message not in seen:
            seen.add(message)
            problems.append((message, hint))

    previous = None
    for token in _walk(tokens):
        kind = token.type.removesuffix("_open").removesuffix("_close")
        if token.type == "list_item_close" and previous is not None and previous.type == "list_item_open":
            add("contains an empty list item", "write text after the list marker, or remove the line")
        previous = token
        if token.type == "ordered_list_open" and str(token.attrGet("start") or 1) != "1":
            # The site numbers every list from 1; a line like "2025." alone is also read as a list.
            add(f"contains a numbered list starting at {token.attrGet('start')}",
                "start numbered lists at 1; a number alone on a line followed by '.' is read as a list: "
                "write it inside the sentence")
        if kind in _FORBIDDEN:
            add(*_FORBIDDEN[kind])
        elif kind == "link":
            if token.type == "link_open":
                if token.markup == "autolink":
                    add("contains an <autolink>", "write links as [text](https://…)")
                problem = link_target_problem(token.attrGet("href") or "")
                if problem:
                    add(problem, "links must start with https://")
                if token.attrGet("title"):
                    add("contains a link title", 'remove the "title" after the address')
        elif kind not in ALLOWED_BLOCKS | ALLOWED_INLINE:
            add(
                f"contains Markdown that is not allowed ({kind})",
                "use paragraphs, lists, *emphasis*, **bold** and links",
            )
    if env.get("references"):
        add("contains a reference-style link definition", "write links inline: [text](https://…)")
    for pattern, message, hint in _EXTENSION_SYNTAX:
        if pattern.search(text):
            add(message, hint)
    if has_script_address(text):
        add(*SCRIPT_ADDRESS)
    return problems


def _read(text: str, parsed: dict | None):
    """None for plain prose (see ``_plain_for_validation``), else the parser's (tokens, env);
    kept in ``parsed`` (when given) for the next check of the same text."""
    if parsed is not None and text in parsed:
        return parsed[text]
    read = None if _plain_for_validation(text) else _tokens(text)
    if parsed is not None:
        parsed[text] = read
    return read


def block_shape(text: str, parsed: dict | None = None) -> tuple:
    """The blocks of a text as the parser reads them: "p" for a paragraph, ("bl" or "ol", the
    shape of each item) for a bulleted or numbered list, the token name for anything else
    (refused by validation; not looked into). Two translations of one text have the same
    shape: the same paragraphs and the same list items."""
    read = _read(text, parsed)
    if read is None:
        # Paragraphs are runs of lines that hold more than spaces (the parser's blank line).
        count, inside = 0, False
        for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
            blank = not line.strip(" ")
            count += not blank and not inside
            inside = not blank
        return ("p",) * count
    containers: list[list] = [[]]
    lists: list[str] = []
    skip = 0  # inside a paragraph or another block whose content is not compared
    for token in read[0]:
        if skip:
            skip += token.nesting
            continue
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            lists.append(kind[0] + "l")
            containers.append([])
        elif kind == "list_item_open":
            containers.append([])
        elif kind == "list_item_close":
            item = tuple(containers.pop())
            containers[-1].append(item)
        elif kind in ("bullet_list_close", "ordered_list_close"):
            items = tuple(containers.pop())
            containers[-1].append((lists.pop(), items))
        elif token.nesting == 1:
            containers[-1].append("p" if kind == "paragraph_open" else kind.removesuffix("_open"))
            skip = 1
        else:
            containers[-1].append(kind)
    return tuple(containers[0])


def describe_shape(shape: tuple) -> str:
    """``block_shape`` in words: "2 paragraphs, a bulleted list of 3 items (item 2: …)"."""
    parts: list[str] = []
    paragraphs = 0
    for block in (*shape, None):
        if block == "p":
            paragraphs += 1
            continue
        if paragraphs:
            parts.append("1 paragraph" if paragraphs == 1 else f"{paragraphs} paragraphs")
            paragraphs = 0
        if block is None:
            break
        if isinstance(block, tuple):
            kind, items = block
            words = f"a {'numbered' if kind == 'ol' else 'bulleted'} list of {len(items)} item{'s' * (len(items) != 1)}"
            inner = [f"item {number}: {describe_shape(item)}" for number, item in enumerate(items, 1) if item != ("p",)]
            parts.append(words + (f" ({'; '.join(inner)})" if inner else ""))
        else:
            parts.append(str(block))
    return ", ".join(parts) or "no text"


def _walk(tokens):
    for token in tokens:
        yield token
        if token.children:
            yield from _walk(token.children)


# ---- writing parsed text back out as escaped Markdown for the site ------------

# Characters Python-Markdown (with the site's extensions) reads as syntax anywhere in a
# line, escaped with a backslash (all are in its ESCAPED_CHARS), plus the HTML specials.
_ALWAYS = {"\\": "\\\\", "`": "\\`", "*": "\\*", "_": "\\_", "{": "&#123;", "}": "&#125;", "[": "\\[", "]": "\\]",
           "|": "\\|", "<": "&lt;", ">": "&gt;", "&": "&amp;"}
_ALWAYS_TABLE = str.maketrans(_ALWAYS)
# Characters that open a block only at the start of a line (lists, headings, quotes,
# admonitions, tabs, definition lists, fences): escaped there.
_LINE_START = {"-": "\\-", "+": "\\+", "#": "\\#", "!": "\\!", ":": "&#58;", "=": "&#61;", "~": "&#126;",
               "?": "&#63;"}
# "1. " / "1) " opens a numbered list; "1.0" or "-5 %" do not.
_ORDERED_MARKER = re.compile(r"^(\d+)([.)])(?=\s|$)")


def literal(text: str) -> str:
    """Text to put inside a line of Markdown as it is: every inline syntax character escaped
    (a parameter value such as "*tous*" stays a value, not emphasis)."""
    return text.translate(_ALWAYS_TABLE)


def _escape_text(text: str, line_start: bool) -> str:
    if line_start:
        text = text.lstrip(" \t")
    out = text.translate(_ALWAYS_TABLE)
    if line_start and out:
        marker = _ORDERED_MARKER.match(out)
        if marker:
            out = marker.group(1) + "\\" + marker.group(2) + out[marker.end():]
        elif out[0] in _LINE_START and not (out[0] in "-+" and out[1:2].isdigit()):
            out = _LINE_START[out[0]] + out[1:]
    return out


def safe_url(target: str) -> str | None:
    """An https link target, percent-encoded so that it cannot end the link early."""
    if link_target_problem(target):
        return None
    return quote(target.strip(), safe="/:?#&=%+,;~!$*@")


def _emit_text(out: list, text: str, state: dict) -> None:
    escaped = _escape_text(text, state["line_start"])
    out.append(escaped)
    # Blanks alone do not start the line's text: what follows them is still at the line start
    # (where a tab or four spaces would open a code block).
    if escaped.strip(" \t"):
        state["line_start"] = False


def _inline_md(node: SyntaxTreeNode, state: dict) -> str:
    out = []
    for child in node.children:
        kind = child.type
        if kind == "text":
            _emit_text(out, child.content, state)
        elif kind == "softbreak":
            # CommonMark keeps a tab before a line end; Python-Markdown expands it to
            # spaces and would read two of them as a hard break. Trailing blanks show nothing.
            if out:
                out[-1] = out[-1].rstrip(" \t")
            out.append("\n")
            state["line_start"] = True
        elif kind == "hardbreak":
            # Not "  \n": on an otherwise empty line Python-Markdown reads that as a blank line.
            out.append("<br />\n")
            state["line_start"] = True
        elif kind in ("em", "strong"):
            # Tags, not '*' delimiters: nested or adjacent emphasis ('**1*[*') has no
            # delimiter spelling that Python-Markdown reads as CommonMark does.
            inner = _inline_md(child, state)
            out.append(f"<{kind}>{inner}</{kind}>" if inner.strip() else inner)
        elif kind == "link":
            inner = _inline_md(child, state)
            target = safe_url(child.attrs.get("href", "") or "")
            out.append(f"[{inner}]({target})" if target and inner.strip() else inner)
        else:  # anything outside the subset is written as its plain text
            if child.content:
                _emit_text(out, child.content, state)
            elif child.children:
                out.append(_inline_md(child, state))
    return "".join(out)


def _indent(text: str, pad: str) -> str:
    return "\n".join(pad + line if line else line for line in text.split("\n"))


# Python-Markdown runs two adjacent lists together (even a bulleted and a numbered one);
# an empty HTML comment between them ends the first, as CommonMark does.
LIST_SEPARATOR = "<!-- -->"


def _blocks_md(node: SyntaxTreeNode) -> list[str]:
    blocks = []
    previous = None
    for child in node.children:
        kind = child.type
        if kind == "inline":
            blocks.append(_inline_md(child, {"line_start": True}))
        elif kind in ("paragraph", "heading", "blockquote", "list_item"):
            blocks.extend(_blocks_md(child))
        elif kind in ("bullet_list", "ordered_list"):
            if previous in ("bullet_list", "ordered_list"):
                blocks.append(LIST_SEPARATOR)
            blocks.append(_list_md(child))
        elif kind in ("code_block", "fence", "html_block"):
            # Not allowed (validation says so); if it ever gets here, it is plain text.
            lines = [_escape_text(line, True) for line in child.content.splitlines() if line.strip()]
            if lines:
                blocks.append("\n".join(lines))
        previous = kind
    return [block for block in blocks if block.strip()]


def _list_md(node: SyntaxTreeNode) -> str:
    ordered = node.type == "ordered_list"
    # markdown-it hides the paragraphs of a tight list (no blank lines between items).
    tight = all(getattr(p, "hidden", False) for item in node.children for p in item.children
                if p.type == "paragraph")
    joiner = "\n" if tight else "\n\n"
    items = []
    for item in node.children:
        body = joiner.join(_blocks_md(item))
        if not body.strip():
            # Empty items are refused by validation; written out, "-" under "-" is a heading.
            continue
        marker = f"{len(items) + 1}. " if ordered else "- "
        items.append(marker + _indent(body, "    ")[4:])
    return joiner.join(items)


@lru_cache(maxsize=32768)
def safe_markdown(text: str) -> str:
    """A record text as Markdown blocks the site renders exactly as parsed here.

    Cached: a pure function of the text, and index pages repeat the same texts.
    """
    text = str(text)
    if is_plain(text):
        return _plain_paragraphs(text)
    tokens, _env = _tokens(text)
    return "\n\n".join(_blocks_md(SyntaxTreeNode(tokens)))


@lru_cache(maxsize=32768)
def safe_inline(text: str) -> str:
    """One line of record text (no block structure), escaped for a table cell or a heading."""
    line = " ".join(str(text).split())
    if is_plain(line):
        return line
    tokens = _MD.parseInline(line, {})
    tree = SyntaxTreeNode(tokens)
    inline = tree.children[0] if tree.children else None
    if inline is None:
        return ""
    return _inline_md(inline, {"line_start": True}).replace("\n", " ")
