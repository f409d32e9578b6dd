"""The one wording catalogue (``wording.yaml``): every fixed string that generated pages,
tender kits, the field reference and the site's JavaScript show, French and Dutch side by side.

Sections: ``page`` (kb.render), ``kit`` (the kit data, printed by kit-writer.js), ``locator``
(words of an EU act's locator in a kit), ``fieldref`` (the field reference page) and ``ui``
(the site's scripts; every page carries its language's section as JSON, see
kb.site.mkdocs_hooks.on_page_context). Placeholders are ``{name}`` everywhere.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from . import yamlload

FILE = Path(__file__).with_name("wording.yaml")
LANGS = ("fr", "nl")
SECTIONS = ("page", "kit", "locator", "fieldref", "ui")
NBSP = "\u00a0"


@cache
def catalogue() -> dict[str, dict[str, dict[str, str]]]:
    """The whole catalogue, read once: {section: {key: {"fr": …, "nl": …}}}."""
    return yamlload.load(FILE.read_bytes()).data


def section(name: str, lang: str) -> dict[str, str]:
    """Every string of one section in ``lang``: {key: text}."""
    return {key: pair[lang] for key, pair in catalogue()[name].items()}


def french_spacing(value: str) -> str:
    """No-break space before French high punctuation (':' and ';'), so it never starts a line."""
    return value.replace(" :", NBSP + ":").replace(" ;", NBSP + ";")
