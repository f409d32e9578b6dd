"""Fixed wording of tender kits, in French and Dutch: a thin door to the wording catalogue.

Every heading, column name and label a kit prints comes from section ``kit`` of
kb/wording.yaml, which the kit data (kit-data.json, kit/common.json) carries to the one kit
writer, kit-writer.js. ``{name}`` marks a value filled in by the layout. French typography
uses a no-break space before ``:``, ``;`` and ``%``; Dutch uses one before ``%``.
"""

from __future__ import annotations

from .. import wording

NBSP = "\u00a0"

LANGS = wording.LANGS

# Language tags written into the documents (spell-checkers, screen readers).
LANGUAGE_TAGS = {"fr": "fr-BE", "nl": "nl-BE"}

CONTENT_LICENCE = "CC BY 4.0"
CONTENT_LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
CODE_LICENCE = "EUPL-1.2"
CODE_LICENCE_URL = "https://interoperable-europe.ec.europa.eu/collection/eupl/eupl-text-eupl-12"

# The kit's wording lives in the one wording catalogue (kb/wording.yaml, sections "kit" and
# "locator"); French gets its no-break spaces here, once.
STRINGS = {lang: wording.section("kit", lang) for lang in LANGS}
STRINGS["fr"] = {key: wording.french_spacing(value) for key, value in STRINGS["fr"].items()}

# Words of the locator of an EU act source ("Annex II, points 1.2 and 3.3"), per language.
# A locator with any other word is printed as the record gives it.
LOCATOR_WORDS = wording.catalogue()["locator"]


def text(lang: str, key: str, **values) -> str:
    """One fixed string in ``lang`` with its ``{values}`` filled."""
    return STRINGS[lang][key].format(**values)


def joined(langs, key: str, sep: str = " / ", **values) -> str:
    """The same fixed string in several languages, joined (for shared headings)."""
    return sep.join(dict.fromkeys(text(lang, key, **values) for lang in langs))


def licence_metadata() -> dict:
    """The content and code licences, as published in the open data and the kit data."""
    return {
        "content": {"id": "CC-BY-4.0", "name": CONTENT_LICENCE, "url": CONTENT_LICENCE_URL},
        "code": {"id": CODE_LICENCE, "name": CODE_LICENCE, "url": CODE_LICENCE_URL},
    }
