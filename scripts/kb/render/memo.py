"""What a live preview remembers between two generations, so that an edit re-renders only what
it changes (kb serve; kb.site.preview owns the one instance).

Two kinds of results are kept:

* **criterion pages**: a page is rendered again unless its record is the *same object* as last
  time (kb.repository.RecordMemo hands out the same object while a file's bytes are unchanged)
  and what the page shows of other records (``criterion.dependencies``: related criteria's
  titles, the practices that use it) and of the whole base (glossary, label names, legal
  register: compared once per generation) is equal;
* **search entries**: the title, summary, words and field of each stem of a page, reused while
  the page's text (by digest) and the glossary's synonym groups are the same;
* **kit data of a criterion** (``kit``, a ``RecordParts``): reused while the record is the same
  object and the codelists, label names, legal register and EU acts are equal.

Without a memo (``kb site``, ``kb generate``, the tests) everything is computed afresh; a test
checks that generating with a memo after an edit gives the same bytes as generating without one.
"""

from __future__ import annotations

import hashlib


class RecordParts:
    """One builder's result per record (kit data), kept while the record is the same object
    and the context the builder also reads is equal (compared once per generation)."""

    def __init__(self):
        self._context = None
        self._parts: dict[str, tuple] = {}
        self._used: set[str] = set()
        self.reused = 0

    def start(self, context) -> None:
        """Begin a generation; ``context``: what every part may show besides its record."""
        if context != self._context:
            self._parts.clear()
            self._context = context
        self._used = set()
        self.reused = 0

    def get(self, key: str, record, build):
        """The part ``key`` of ``record``: last time's, or ``build()``."""
        self._used.add(key)
        hit = self._parts.get(key)
        if hit is not None and hit[0] is record:
            self.reused += 1
            return hit[1]
        part = build()
        self._parts[key] = (record, part)
        return part

    def finish(self) -> None:
        """Forget the parts of records this generation did not see."""
        for key in self._parts.keys() - self._used:
            del self._parts[key]


class GenerationMemo:
    """Results of the previous generation that the next one may reuse."""

    def __init__(self):
        self.kit = RecordParts()
        self.record_json = RecordParts()  # each record's text in criteria.json (kb.export.opendata)
        self._shared = None
        self._pages: dict[tuple, tuple] = {}
        self._used: set[tuple] = set()
        self._search: dict[str, tuple[object, dict]] = {}
        self.reused = 0

    def start(self, shared) -> None:
        """Begin a generation; ``shared`` is what any page may show of the whole base."""
        if shared != self._shared:
            self._pages.clear()
            self._shared = shared
        self._used = set()
        self.reused = 0

    def page(self, key: tuple, record, dependencies, render) -> str:
        """The page ``key`` of ``record``: the text of last time, or ``render()``."""
        self._used.add(key)
        hit = self._pages.get(key)
        if hit is not None and hit[0] is record and hit[1] == dependencies:
            self.reused += 1
            return hit[2]
        text = render()
        self._pages[key] = (record, dependencies, text)
        return text

    def finish(self) -> None:
        """Forget the pages this generation did not produce (removed records)."""
        for key in self._pages.keys() - self._used:
            del self._pages[key]

    def search_entries(self, lang: str, groups) -> dict:
        """{page path: (digest of its text, analysed entry)} of ``lang``; emptied when the
        synonym groups changed."""
        held = self._search.get(lang)
        if held is None or held[0] != groups:
            held = self._search[lang] = (groups, {})
        return held[1]


def text_digest(text: str | bytes) -> bytes:
    """A short digest of a page's text."""
    return hashlib.blake2b(text.encode("utf-8") if isinstance(text, str) else text, digest_size=16).digest()
