"""Rules on the sources of a record: where a fact may come from, and how a source is cited.

They apply to the ``sources`` list of criteria, practices, labels, glossary terms and
legislation records (``schema/common.schema.json#/definitions/source``).
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit

from ..messages import WARNING
from .base import Finding, rule

KINDS_WITH_SOURCES = {"criterion", "practice", "label", "term", "legislation"}

# Query keys and path segments that mark the address of a list of search results.
SEARCH_KEYS = {"q", "s", "query", "search", "searchtext", "searchterm", "search_api_fulltext",
               "keyword", "keywords", "text", "term", "zoekterm", "recherche"}
SEARCH_SEGMENTS = {"search", "searchresults", "search-results", "results", "recherche", "zoeken", "suche"}

# EUR-Lex language codes a French or Dutch page may link to: its own languages, or English.
EURLEX_LANGUAGES = {"EN", "FR", "NL"}
ELI_LANGUAGES = {"eng", "fra", "nld"}

# A path that is only the site's root, a language root or an index page.
HOME_PATH = re.compile(r"/?(?:[a-z]{2}(?:[-_][a-z]{2})?/?)?(?:index\.(?:html?|php))?", re.IGNORECASE)

DRAFT_WORDS = re.compile(r"\b(draft|proposal|consultation|projet|ontwerp|voorstel)\b", re.IGNORECASE)


def _sources(record):
    """(index, source) for each well-formed source of a record kind that has sources."""
    if record.kind.name not in KINDS_WITH_SOURCES:
        return
    sources = record.data.get("sources")
    if not isinstance(sources, list):
        return
    for index, source in enumerate(sources):
        if isinstance(source, dict):
            yield index, source


def _url(source):
    """The parts of a source's https address, or None when it is missing or malformed."""
    url = source.get("url")
    if not isinstance(url, str) or not url.startswith("https://"):
        return None  # the schema reports it
    return _split(url)


def _split(url: str):
    """The parts of an address, or None when it cannot be read."""
    try:
        return urlsplit(url)
    except ValueError:
        return None


@rule("source-wikipedia", "record", "No source is a Wikipedia page: cite the document the fact comes from.")
def check_wikipedia(record, ctx):
    for index, source in _sources(record):
        parts = _url(source)
        host = (parts.hostname or "") if parts else ""
        if host == "wikipedia.org" or host.endswith((".wikipedia.org", ".wikimedia.org")):
            yield Finding(record, ("sources", index, "url"), "Wikipedia is not a source",
                          "cite the document the fact comes from (the standard's catalogue page, the act, "
                          "the publisher's own page)")


def is_search_url(url: str) -> bool:
    """True for the address of a list of search results (?q=, ?s=, /search/, c=search …)."""
    parts = _split(url)
    if parts is None:
        return False
    segments = [s.lower() for s in parts.path.split("/") if s]
    if any(s in SEARCH_SEGMENTS or s.startswith("search.") for s in segments):
        return True
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        if key.lower() in SEARCH_KEYS or value.lower() == "search":
            return True
    return False


@rule("source-search-url", "record", "No source address is a search-result page (?q=, ?s=, search?, /search/ …).")
def check_search_url(record, ctx):
    for index, source in _sources(record):
        url = source.get("url")
        if _url(source) and is_search_url(url):
            yield Finding(record, ("sources", index, "url"), "the address is a list of search results, not a document",
                          "open the result and cite the address of the document itself")


def eurlex_language(url: str) -> str | None:
    """The language of a EUR-Lex address (EN, FR, GA …), or None when it names none."""
    parts = _split(url)
    if parts is None or (parts.hostname or "") != "eur-lex.europa.eu":
        return None
    match = re.match(r"/legal-content/([A-Za-z]{2})(?:-[A-Za-z]{2})?/", parts.path)
    if match:
        return match.group(1).upper()
    match = re.match(r"/eli/.*/([a-z]{3})/?$", parts.path)
    if match and match.group(1) not in {"oj", "txt", "pdf"}:
        return match.group(1)
    return None


@rule("source-eurlex-language", "record", "EUR-Lex links are in French, Dutch or English (/FR/, /NL/, /EN/).")
def check_eurlex_language(record, ctx):
    for index, source in _sources(record):
        if not _url(source):
            continue
        language = eurlex_language(source["url"])
        if language and language not in EURLEX_LANGUAGES | ELI_LANGUAGES:
            yield Finding(record, ("sources", index, "url"), f"the EUR-Lex link is in language {language}",
                          "link the French, Dutch or English text: /legal-content/FR/, /NL/ or /EN/ in the address")


def is_home_page(url: str) -> bool:
    """True for a site's home page: an empty or root path (or a language root, an index page), no query."""
    parts = _split(url)
    return parts is not None and not parts.query and HOME_PATH.fullmatch(parts.path) is not None


@rule("source-specific-page", "record", "A source is the page that states the fact, not a home page "
                                       "(unless marked home_page: true on purpose).")
def check_specific_page(record, ctx):
    for index, source in _sources(record):
        if not _url(source):
            continue
        home = is_home_page(source["url"])
        if home and source.get("home_page") is not True:
            yield Finding(
                record,
                ("sources", index, "url"),
                "the address is a home page, not the page that states the fact",
                "cite the specific page or document; if the home page is meant (to name the publisher), "
                "add home_page: true",
            )
        elif not home and source.get("home_page") is True:
            yield Finding(record, ("sources", index, "home_page"), "home_page: true but the address is not a home page",
                          "remove home_page")


@rule("source-edition", "record", "Draft sources are marked edition: draft, and a published criterion never "
                                 "rests on draft sources alone.")
def check_edition(record, ctx):
    sources = list(_sources(record))
    for index, source in sources:
        title = source.get("title")
        if "edition" not in source and isinstance(title, str) and DRAFT_WORDS.search(title):
            yield Finding(
                record,
                ("sources", index, "title"),
                "the title names a draft or proposal but edition is not set",
                "add edition: draft (or edition: final if this is the adopted text)",
                level=WARNING,
            )
    if record.kind.name == "criterion" and record.data.get("status") == "published" and sources:
        if all(source.get("edition") == "draft" for _index, source in sources):
            yield Finding(record, ("sources",), "a published criterion rests on draft sources only",
                          "add the final edition (adopted act, published standard or criteria set), "
                          "or keep the criterion as a draft with a draft_reason", at_key=True)


@rule("source-dated", "record", "Every source has a publication date (date) or a consultation date (accessed).")
def check_dated(record, ctx):
    for index, source in _sources(record):
        if "date" not in source and "accessed" not in source:
            yield Finding(record, ("sources", index), "the source has no date",
                          "add date: (publication or last update) or accessed: (the day you read it), as YYYY-MM-DD")


@rule("draft-reason", "record", "A draft criterion says since when and why it is not published (draft_reason).")
def check_draft_reason(record, ctx):
    if record.kind.name != "criterion":
        return
    status, reason = record.data.get("status"), record.data.get("draft_reason")
    if status == "draft" and reason is None:
        yield Finding(record, ("status",), "a draft criterion needs a dated reason",
                      "add draft_reason: with date: and reason: (fr, nl), or publish the criterion")
    elif status in ("published", "deprecated") and reason is not None:
        yield Finding(record, ("draft_reason",), f"draft_reason is set on a {status} criterion",
                      "remove draft_reason", at_key=True)
