"""Text helpers shared by the pages, the search index and the finder index.

``fold`` is the one accent folding of the project. The browser runs the same steps in
docs/assets/javascripts/kb-common.js (``KB.fold``); tests/test_fold_parity.py runs both
over the same corpus and requires identical output, so change them together.
"""

from __future__ import annotations

import unicodedata

# Letters that lower-case and NFKD leave as one non-ASCII letter although readers treat
# them as a pair or a plain letter. ß → ss as in Swiss and capitalised German ("STRASSE"),
# so "Straße" and "Strasse" find each other; œ/æ as written out in French and Dutch.
EXTRA_FOLD = {"œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "ł": "l", "đ": "d", "ı": "i"}


class _FoldTable(dict):
    """str.translate table: deletes every mark (Unicode category M*, as ``\\p{M}`` in
    JavaScript) and writes out EXTRA_FOLD; other characters are filled in as met."""

    def __missing__(self, code: int):
        char = chr(code)
        self[code] = None if unicodedata.category(char).startswith("M") else char
        return self[code]


_TABLE = _FoldTable({ord(k): v for k, v in EXTRA_FOLD.items()})


def fold(value: str) -> str:
    """Lower-case text without accents or other marks, for accent-insensitive matching.

    Steps (the same in KB.fold): NFKD (ligatures such as ﬁ become "fi", accents split off),
    lower case, delete marks, write out EXTRA_FOLD. "Straße" → "strasse", "İ" → "i".
    """
    # translate runs in C: 5x faster than a generator over the characters (it runs on
    # every page for the search index and the glossary links).
    lowered = unicodedata.normalize("NFKD", value).lower()
    return lowered if lowered.isascii() else lowered.translate(_TABLE)
