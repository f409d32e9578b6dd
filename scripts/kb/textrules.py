"""What record texts may contain: restricted Markdown and {{placeholders}}.

Record texts end up in HTML pages and in tender documents. They may use
paragraphs, lists, bold, italic and https links; nothing that could carry
markup or script (raw HTML, images, javascript:/data: links) and nothing that
would break the page outline (headings). ``find_problems`` is used by the
validator; ``safe_markdown`` by the page generator, as a second line of
defence should an unvalidated text ever reach it.
"""

from __future__ import annotations

import re

PLACEHOLDER = re.compile(r"\{\{\s*([a-z][a-z0-9_]*)\s*\}\}")
ANY_BRACES = re.compile(r"\{\{[^{}]*\}\}|\{\{|\}\}")
RAW_HTML = re.compile(r"<\s*[A-Za-z/!?]")
LINK = re.compile(r"!?\[([^\]\n]*)\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
# A reference-style link definition ("[x]: target") also works inside list items
# and quotes, where it is indented or follows "- " / "> ": match it anywhere.
REFERENCE_DEF = re.compile(r"\[[^\]\n]+\]:[ \t]*\S")
HEADING = re.compile(r"^\s{0,3}(#{1,6}\s|#{1,6}$|={3,}\s*$|-{3,}\s*$)", re.M)
DANGEROUS_SCHEME = re.compile(r"(?i)\b(javascript|vbscript)\s*:")
ATTR_LIST = re.compile(r"\{\s*[:#.]")
SNIPPET = re.compile(r"-{1,2}8<-{1,2}")


def placeholders(text: str) -> set[str]:
    """Names of the {{placeholders}} used in a text."""
    return set(PLACEHOLDER.findall(text))


def malformed_placeholders(text: str) -> list[str]:
    """Brace groups that look like placeholders but are not well formed."""
    bad = []
    for match in ANY_BRACES.finditer(text):
        if not PLACEHOLDER.fullmatch(match.group(0)):
            bad.append(match.group(0))
    return bad


def find_problems(text: str) -> list[tuple[str, str]]:
    """(message, hint) for each construct a record text may not contain."""
    problems = []
    if RAW_HTML.search(text):
        problems.append(("contains raw HTML or an <autolink>", "write plain text; use [text](https://…) for links; write '< 5' with a space"))
    for match in LINK.finditer(text):
        target = match.group(2)
        if match.group(0).startswith("!"):
            problems.append(("contains an image", "images are not allowed in record texts"))
        elif not target.startswith("https://"):
            problems.append((f"link target {target[:60]!r} is not an https address", "links must start with https://"))
    if REFERENCE_DEF.search(text):
        problems.append(("contains a reference-style link definition", "write links inline: [text](https://…)"))
    if HEADING.search(text):
        problems.append(("contains a Markdown heading or horizontal rule", "headings come from the page template; use **bold** for emphasis"))
    if DANGEROUS_SCHEME.search(LINK.sub("", text)):
        problems.append(("contains a script address", "remove javascript:/vbscript: text"))
    if ATTR_LIST.search(text):
        problems.append(("contains a Markdown attribute list '{:' / '{#' / '{.'", "remove the braces; styling comes from the page template"))
    if SNIPPET.search(text):
        problems.append(("contains a snippet include marker", "remove '--8<--'"))
    return problems


_ESCAPES = {"<": "&lt;", ">": "&gt;", "{": "&#123;", "}": "&#125;"}


def safe_markdown(text: str) -> str:
    """Text made safe to embed in a Markdown page: no HTML, only https links.

    ``>`` at the start of a line keeps its Markdown meaning only when followed by
    a space (a quote), which the page generator never needs, so all angle
    brackets are escaped as entities. Braces are escaped too: they could open
    an attribute list (``{: onclick=…}``) once placeholders are filled.
    """
    def fix_link(match: re.Match) -> str:
        label, target = match.group(1), match.group(2)
        if match.group(0).startswith("!") or not target.startswith("https://"):
            return label
        target = target.replace("(", "%28").replace(")", "%29").replace('"', "%22")
        return f"[{label}]({target})"

    text = LINK.sub(fix_link, text)
    # "[x]: javascript:…" would define a link target for every "[x]" of the page.
    text = REFERENCE_DEF.sub(lambda m: "\\" + m.group(0), text)
    # One str.replace per character (the replacements contain none of the four): runs in C,
    # 10x faster than a generator over the characters; record text is escaped 100,000s of times.
    for char, entity in _ESCAPES.items():
        text = text.replace(char, entity)
    return text
