"""What a live preview remembers between two generations, so that an edit re-renders only what
it changes (kb serve; kb.site.preview owns the one instance).

Two kinds of results are kept:

* **criterion pages**: a page is rendered again unless its record is the *same object* as last
  time (kb.repository.RecordMemo hands out the same object while a file's bytes are unchanged)
  and what the page shows of other records (``criterion.dependencies``: related criteria's
  titles, the practices that use it) and of the whole base (glossary, label names, legal
  register: compared once per generation) is equal;
* **search entries**: the title, summary, words and field of each stem of a page, reused while
  the page's text (by digest) and the glossary's synonym groups are the same.

Without a memo (``kb site``, ``kb generate``, the tests) everything is computed afresh; a test
checks that generating with a memo after an edit gives the same bytes as generating without one.
"""

from __future__ import annotations

import hashlib


class GenerationMemo:
    """Results of the previous generation that the next one may reuse."""

    def __init__(self):
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
