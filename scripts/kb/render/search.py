"""Site search data: one compact index per language (data/search-<lang>.json).

The theme's own search loads one merged French+Dutch lunr index and rebuilds it
on every page load (about a second at 1,000 criteria, French hits on Dutch
pages, no accent folding). This index is per language, holds the title,
headings and the first words of each page, already lower-cased and stripped of
accents, and is searched by a small script (docs/assets/javascripts/kb-search.js)
with substring matching: "securite" finds "Sécurité", a page's own language only.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from .finder import fold

BODY_CHARS = 600  # first characters of the body kept per page: bounds the index size
_FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)
_TITLE = re.compile(r'^title:\s*(.+)$', re.M)
_HEADING = re.compile(r"^#{1,3}\s+(.+?)\s*(\{[^}]*\})?\s*$", re.M)
_MARKUP = re.compile(r"<[^>]+>|!!!.*|={3}|\{[^}]*\}|[*_`|>#\[\]]|\(https?://[^)]*\)|\(\.\./[^)]*\)|\([a-z0-9/._-]+\.md\)")
_COMMENT = re.compile(r"<!--.*?-->", re.S)


def page_url(relative: str) -> str:
    """URL path of a page source relative to its language root (directory URLs)."""
    stem = relative.rsplit(".", 2)[0]  # drop .fr.md / .nl.md
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def entry(relative: str, markdown: str) -> dict | None:
    """The index entry of one page (None for pages without a title)."""
    front = _FRONT.match(markdown)
    title = None
    body = markdown
    if front:
        match = _TITLE.search(front.group(1))
        if match:
            raw = match.group(1).strip()
            # Front-matter titles are HTML-escaped for the theme (md.front_matter); the index
            # holds plain text, shown with textContent.
            title = html.unescape(json.loads(raw) if raw.startswith('"') else raw)
        body = markdown[front.end():]
    body = _COMMENT.sub(" ", body)
    headings = [h[0] for h in _HEADING.findall(body)]
    if not title and headings:
        title = headings[0]
    if not title:
        return None
    text = _plain_start(body, BODY_CHARS)
    return {"u": page_url(relative), "t": title, "x": fold(" ".join([title, *headings, text]))}


def _plain_start(body: str, limit: int) -> str:
    """The first ``limit`` characters of the body without markup, spaces collapsed.

    Same result as ``" ".join(_MARKUP.sub(" ", body).split())[:limit]``, but stops
    after enough text instead of cleaning the whole page (criterion pages are long).
    Stopping right after a removed piece of markup (replaced by a space) keeps every
    word whole, so the text gathered so far is exactly the start of the full text.
    """
    parts, position, letters = [], 0, 0
    for match in _MARKUP.finditer(body):
        piece = body[position:match.start()]
        parts += (piece, " ")
        position = match.end()
        letters += len(piece)
        if letters > limit and len(" ".join("".join(parts).split())) >= limit:
            break
    else:
        parts.append(body[position:])
    return " ".join("".join(parts).split())[:limit]


def index(pages: dict[str, str], lang: str) -> list[dict]:
    """Entries of every page of ``lang`` ({relative source path: markdown})."""
    suffix = f".{lang}.md"
    entries = [entry(path, text) for path, text in sorted(pages.items()) if path.endswith(suffix)]
    return [e for e in entries if e]


def hand_written_pages(docs_dir: Path, generated_roots) -> dict[str, str]:
    """Hand-written page sources under docs/ (outside the generated folders)."""
    pages = {}
    for path in sorted(docs_dir.rglob("*.md")):
        relative = path.relative_to(docs_dir).as_posix()
        if relative.split("/", 1)[0] in generated_roots:
            continue
        pages[relative] = path.read_text(encoding="utf-8")
    return pages


def index_files(generated: dict[str, str], docs_dir: Path, generated_roots) -> dict[str, bytes]:
    """data/search-fr.json and data/search-nl.json."""
    pages = {**hand_written_pages(docs_dir, generated_roots), **generated}
    return {f"data/search-{lang}.json":
            json.dumps(index(pages, lang), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
            for lang in ("fr", "nl")}
