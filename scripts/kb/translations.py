"""Translation tracking: is one language possibly outdated compared to the other?

A record may carry ``translation_sync: {fr: <hash>, nl: <hash>}``: fingerprints
of all its French and all its Dutch texts at the moment a person checked that
both say the same thing (``kb translations --mark-reviewed ID``). Later, if the
French fingerprint changed but the Dutch one did not, the Dutch text is
possibly outdated, and vice versa. This is tldr's "outdated translation" idea,
with content hashes instead of commit dates so it works without git history.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

LANGS = ("fr", "nl")


def language_texts(value, lang: str, path=()):
    """All (path, text) pairs of one language in a record, in document order."""
    if isinstance(value, dict):
        if "fr" in value and "nl" in value and isinstance(value.get(lang), str):
            yield path, value[lang]
            return
        for key, item in value.items():
            if key == "translation_sync":
                continue
            yield from language_texts(item, lang, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from language_texts(item, lang, path + (index,))


def fingerprint(data: dict, lang: str) -> str:
    """12-hex-digit SHA-256 of every text of ``lang`` with its field path."""
    digest = hashlib.sha256()
    for path, text in language_texts(data, lang):
        digest.update(repr(path).encode())
        digest.update(b"\0")
        digest.update(text.encode())
        digest.update(b"\0")
    return digest.hexdigest()[:12]


@dataclass(frozen=True)
class TranslationState:
    """Where a record stands: reviewed, never reviewed, or one side outdated."""

    reviewed: bool
    changed: tuple  # languages whose texts changed since the review
    stale_language: str | None  # language that may be outdated


def status(record) -> TranslationState:
    """The translation state of one record."""
    data = record.data
    sync = data.get("translation_sync")
    if not isinstance(sync, dict):
        return TranslationState(False, (), None)
    changed = tuple(lang for lang in LANGS if sync.get(lang) != fingerprint(data, lang))
    stale = None
    if changed == ("fr",):
        stale = "nl"
    elif changed == ("nl",):
        stale = "fr"
    return TranslationState(True, changed, stale)


def checkpoint(data: dict) -> dict:
    """The translation_sync value for the record's current texts."""
    return {lang: fingerprint(data, lang) for lang in LANGS}
