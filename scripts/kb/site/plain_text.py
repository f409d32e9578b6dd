"""A Python-Markdown extension: plain texts skip the inline patterns they cannot match.

Python-Markdown's inline processor tries each inline pattern (code, escapes, links, images,
autolinks, HTML, entities, line breaks, emphasis) on every text of a page, one regular
expression after the other; that is the largest part of converting a page. Every one of those
patterns needs one of a few characters to match (`` ` `` ``\\`` ``[`` ``<`` ``&`` ``*`` ``_``, or
two spaces before a line break), and most texts of this site are sentences with none of them.
Just before the inline processor runs, this extension marks such texts as ``AtomicString``,
Python-Markdown's public way to say "no inline processing here"; the processor would have
returned them unchanged, so the HTML is the same, byte for byte (tests/test_plain_text.py
converts every page of the site both ways). On the real site's pages that is about a fifth less
Markdown conversion time.

The shortcut is exact only for the inline patterns it was checked against. When the patterns
registered at conversion time differ in name, order or regular expression from those
(another extension, a new Python-Markdown), it marks nothing and the conversion is the plain one;
a test fails so that the list is checked again.

MkDocs loads it by name (``kb.site.plain_text``): the hook adds it to the site's extensions.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

NAME = "kb.site.plain_text"

# What any text an inline pattern matches contains. backtick: ` (or \ before it); escape: \;
# reference, link, short_reference and the image ones: [; autolink, automail, html: <;
# entity: &; linebreak: two spaces and a line break; em_strong: * or _. \x02 starts the
# placeholders that other extensions leave in texts (stashed HTML): such texts keep the full path.
_MAY_MATCH = re.compile(r"[`\\\[<&*_\x02]|  \n")

# The inline patterns _MAY_MATCH was checked against (Python-Markdown 3.11 with this site's
# extensions, which add none): names in order of priority, and a digest of their expressions.
KNOWN_PATTERNS = ("backtick", "escape", "reference", "link", "image_link", "image_reference", "short_reference",
                  "short_image_ref", "autolink", "automail", "linebreak", "html", "entity", "em_strong")
KNOWN_DIGEST = "2e3e0d08e5a040a72032e67b19765aca07eeed4a2db60b6044999b8e8f7ea69b"


def _signature(md: Markdown) -> tuple[tuple[str, str, str], ...]:
    """Name, class and expression of each of ``md``'s inline patterns, by priority."""
    patterns = md.inlinePatterns
    return tuple((item.name, type(patterns[item.name]).__name__, patterns[item.name].compiled_re.pattern)
                 for item in patterns._priority)


@lru_cache(maxsize=16)
def _digest(signature: tuple[tuple[str, str, str], ...]) -> tuple[tuple[str, ...], str]:
    hashed = hashlib.sha256()
    for name, kind, expression in signature:
        hashed.update(f"{name}\t{kind}\t{expression}\0".encode())
    return tuple(name for name, _kind, _expression in signature), hashed.hexdigest()


def patterns_digest(md: Markdown) -> tuple[tuple[str, ...], str]:
    """The names of ``md``'s inline patterns, by priority, and a digest of their expressions
    (MkDocs makes a Markdown instance per page: the digest of a signature is computed once)."""
    return _digest(_signature(md))


def applies(md: Markdown) -> bool:
    """True when ``md``'s inline patterns are the ones the shortcut was checked against."""
    return patterns_digest(md) == (KNOWN_PATTERNS, KNOWN_DIGEST)


class MarkPlainTexts(Treeprocessor):
    """Mark the texts and tails that no known inline pattern can match as atomic."""

    def run(self, root):
        # Checked per conversion, not once: extensions may register patterns after this one.
        if not applies(self.md):
            return None
        for element in root.iter():
            text = element.text
            if text and type(text) is str and not _MAY_MATCH.search(text):
                element.text = AtomicString(text)
            tail = element.tail
            if tail and type(tail) is str and not _MAY_MATCH.search(tail):
                element.tail = AtomicString(tail)
        return None


class PlainTextExtension(Extension):
    """Registers MarkPlainTexts just before the inline processor (priority 20)."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(MarkPlainTexts(md), "kb_plain_text", 20.5)


def makeExtension(**kwargs) -> PlainTextExtension:  # noqa: N802 (the name Python-Markdown looks up)
    """The extension, as Python-Markdown loads it by module name."""
    return PlainTextExtension(**kwargs)
