"""Small Markdown builders that escape record text safely."""

from __future__ import annotations

import html
import json
from urllib.parse import quote

from .. import textrules


def inline(text: str) -> str:
    """One line of record text, safe inside a table cell or a heading.

    Parsed as Markdown and written back with every syntax character escaped
    (``textrules.safe_inline``), so a cell's ``|`` or a title's ``[…](…)`` is text.
    """
    return textrules.safe_inline(text if isinstance(text, str) else str(text))


def block(text: str) -> str:
    """A multi-paragraph record text, safe as Markdown blocks."""
    return textrules.safe_markdown(str(text))


def indent(text: str, spaces: int = 4) -> str:
    """Indent every non-empty line (for tabs, admonitions and lists)."""
    pad = " " * spaces
    return "\n".join(pad + line if line.strip() else "" for line in text.splitlines())


def url(target) -> str:
    """A record's https address, safe as a Markdown link target.

    Validation allows only https addresses without spaces, quotes or angle
    brackets; this is the second line of defence: anything else becomes "#", and
    characters that could end the link and start markup (``)``, ``{``…) are
    percent-encoded, which browsers read as the same address.
    """
    target = str(target).strip()
    if not target.startswith("https://"):
        return "#"
    return quote(target, safe="/:?#&=%+,;~!$'*@")


def front_matter(**fields) -> str:
    """YAML front matter; values are JSON-quoted so no record text can break it.

    The theme prints ``title`` and ``description`` into the HTML head and the
    navigation as they are (its templates do not escape), so text values are
    HTML-escaped here: a title can never open a tag.
    """
    lines = ["---"]
    for key, value in fields.items():
        if value is None:
            continue
        if isinstance(value, str):
            value = html.escape(value, quote=False).replace('"', "&quot;")
        lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    lines.append("---")
    return "\n".join(lines) + "\n"


def table(headers: list[str], rows: list[list[str]]) -> str:
    """A Markdown table (cells must already be inline-safe)."""
    out = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(out)


def deflist(items: list[tuple[str, str]]) -> str:
    """A definition list (term, inline-safe definition)."""
    return "\n\n".join(f"{term}\n:   {definition}" for term, definition in items)


def admonition(kind: str, title: str, body: str) -> str:
    """An admonition box with a title."""
    return f'!!! {kind} "{inline(title)}"\n\n{indent(body)}'


def link(text: str, target: str) -> str:
    """A link to another generated page (targets are ours, not record text)."""
    return f"[{inline(text)}]({target})"
