"""Fixed wording and codelist labels for the pages, per language."""

from __future__ import annotations

from .. import wording
from ..codelists import load_codelists

LANGS = wording.LANGS


def strings() -> dict:
    """All fixed page strings (section ``page`` of the wording catalogue, kb/wording.yaml)."""
    return wording.catalogue()["page"]


def t(key: str, lang: str) -> str:
    """The fixed string ``key`` in ``lang``."""
    return strings()[key][lang]


def label(codelist: str, code: str, lang: str) -> str:
    """The label of a code in a codelist."""
    return load_codelists()[codelist].label(code, lang)


def codes(codelist: str) -> list[str]:
    """The codes of a codelist, in display order."""
    return load_codelists()[codelist].codes_list()


def text(value, lang: str) -> str:
    """The ``lang`` side of a localized value (or the value itself)."""
    if isinstance(value, dict):
        return value.get(lang, "")
    return "" if value is None else str(value)


def colon(lang: str) -> str:
    """A colon with French typography (non-breaking space before) or Dutch."""
    return "\u00a0:" if lang == "fr" else ":"
