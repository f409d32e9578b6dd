"""Site search data: a sharded inverted index per language, searched in the browser.

Files (``index_files``), per language:

* ``data/search-<lang>.json``, the manifest, fetched on the first use of the search box:
  the pages (address and title, sorted by folded title) and the list of shards;
* ``data/search-<lang>/<key>.json``, one shard per two first letters of a word: the
  words seen at build time that start with ``key`` (accent-folded), each pointing at its
  stem, and for each of those stems its weight (rarity) and its postings (pages, with
  the best field where the stem occurs: title, summary or body).

A query fetches the manifest once, then only the shards of the words typed (a few
kilobytes each), so neither the download nor the work per keystroke grows with the
whole index.

**Stemming without a stemmer in the browser.** Pages are stemmed at build time with the
Snowball French and Dutch stemmers (``snowballstemmer``): every word is lower-cased,
stemmed with its accents (Snowball's rules need them: "réparabilité" and "réparation"
both give "répar"), then folded (``fold``: no accents, a-z and 0-9 only). Each shard maps
every folded surface form seen in the pages or in the glossary to its stem, so the
browser only looks words up: "reparabilite", typed without accents, finds the stem of
"réparabilité". A word never seen at build time falls back to prefix matching over the
known forms, shortened by up to two letters when nothing starts with it ("batteri" →
"batterie", "batteries"; "réparabilités" → "réparabilité"). Every query word is also
matched as a prefix of longer forms, at a lower weight, which finds Dutch compounds
("energie" → "energieverbruik") and words still being typed.

**Synonyms and variants (index-time expansion).** Each glossary term gives one group of
phrases for a language: its term in that language, its English term, and its
``variants`` for that language (text in parentheses and parts separated by commas are
phrases of their own: "conflictmineralen (3TG)" gives "conflictmineralen" and "3TG").
When a page field contains one phrase of a group (its stems in a row, stop words left
out), the stems of the group's other phrases are added to that field one level lower
(title → summary → body): a page on "pièces détachées" is found by "pièces de rechange",
a page on "datacenters" by "datacentrum". The expansion happens once, at build time, so
the browser needs no synonym table and its query is the same whatever the synonyms; the
phrases' own words are added to the forms, so a variant never seen in a page ("inktpatronen") is still a known word.

**Ranking.** Each query word (stop words dropped, duplicates merged) scores a page by
the best of its candidate stems: field weight (title 8, summary 4, body 2) × match weight
(the word's own stem 4, a longer form starting with the word 3, a shortened word 1) ×
the stem's rarity (1 + log2 of pages per page holding it, rounded at build time). A page
scores 10,000 per query word it matches plus those word scores, so pages matching every
word come first and pages matching only some words still follow; ties go to the shorter
title (in characters: "Garantie du fabricant" before "Approvisionnement garanti en
consommables…"), then to the page order of the manifest (alphabetical by title). Integers only, so this Python version
(``search``, used by the tests and the benchmark) and docs/assets/javascripts/kb-search.js
rank exactly alike (tests/test_search_parity.py runs both over the real base).
"""

from __future__ import annotations

import html
import json
import math
import re
from pathlib import Path

import snowballstemmer

from ..text import fold  # one folding for pages, search and finder (kb-common.js in the browser)
from .memo import text_digest
from .paging import is_later_page

BODY_CHARS = 1500  # first characters of the body indexed per page: bounds the index size
SUMMARY_CHARS = 300  # without a front-matter description, the start of the body is the summary
FIELD_TITLE, FIELD_SUMMARY, FIELD_BODY = 3, 2, 1
FIELD_WEIGHT = {FIELD_TITLE: 8, FIELD_SUMMARY: 4, FIELD_BODY: 2}
MATCH_EXACT, MATCH_PREFIX, MATCH_SHORTENED = 4, 3, 1
WORD_MATCHED = 10_000
MIN_WORD = 2  # shorter words are ignored (one letter: "l'", "d'")
MIN_PREFIX = 3  # shorter words only match their own form, not longer ones
MAX_SHORTEN = 2
KEY_CHARS = 2
LANGS = ("fr", "nl")
STEMMERS = {"fr": "french", "nl": "dutch"}
# Words left out of the index and of queries: they occur on nearly every page.
STOP_WORDS = {
    "fr": frozenset("""au aux avec ce ces dans de des du elle en et il ils la le les leur leurs lui ne ni
        nous on ou par pas pour qu que qui sa se ses son sur ta te un une vos votre vous est sont
        cette cet est ete etre""".split()),
    "nl": frozenset("""aan al als bij dat de den der des die dit door een en er het hij hun in is je
        maar met na naar niet of om ook op over te tot uit van voor wat wel werd wordt zal ze zich
        zij zijn""".split()),
}
_WORD = re.compile(r"[^\W_]+")
ASCII_WORD = re.compile(r"[a-z0-9]+")
_FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)
_TITLE = re.compile(r'^title:\s*(.+)$', re.M)
_DESCRIPTION = re.compile(r'^description:\s*(.+)$', re.M)
_HEADING = re.compile(r"^#{1,3}\s+(.+?)\s*(\{[^}]*\})?\s*$", re.M)
_MARKUP = re.compile(r"<[^>]+>|!!!.*|={3}|\{[^}]*\}|[*_`|>#\[\]]|\(https?://[^)]*\)|\(\.\./[^)]*\)|\([a-z0-9/._-]+\.md\)")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
# Clause text of the other language, hidden on the page (criterion pages): not indexed.
_OTHER_LANGUAGE = re.compile(r'<div class="kb-clause-alt"[^>]*>.*?</div>', re.S)
_PHRASE_PARTS = re.compile(r"[(),«»\"]")


# word -> pairs, per language, for the life of the process: stemming is a pure function of the
# word, and a live preview (kb serve) rebuilds the index after every edit.
_PAIRS: dict[str, dict[str, list[tuple[str, str]]]] = {}


class Stemmer:
    """Folded Snowball stems of words, cached (a base repeats the same words)."""

    def __init__(self, lang: str):
        self.lang = lang
        self.stop = STOP_WORDS[lang]
        self._snowball = snowballstemmer.stemmer(STEMMERS[lang])
        self._cache = _PAIRS.setdefault(lang, {})

    def words(self, text: str) -> list[tuple[str, str]]:
        """(folded form, folded stem) of each word of ``text``, stop words and one-letter
        words left out, in text order."""
        out = []
        for word in _WORD.findall(text.lower()):
            pairs = self._cache.get(word)
            if pairs is None:
                pairs = self._cache[word] = self._pairs(word)
            out += pairs
        return out

    def _pairs(self, word: str) -> list[tuple[str, str]]:
        folded = fold(word)
        pieces = ASCII_WORD.findall(folded)
        if pieces == [folded]:
            stems = ASCII_WORD.findall(fold(self._snowball.stemWord(word)))
            stem = stems[0] if len(stems) == 1 else folded
            pairs = [(folded, stem)]
        else:  # letters without an ASCII form, or digits glued to letters by marks: stem each piece
            pairs = [(p, self._snowball.stemWord(p)) for p in pieces]
        return [(form, stem or form) for form, stem in pairs if len(form) >= MIN_WORD and form not in self.stop]


# --------------------------------------------------------------------------- pages


def page_url(relative: str) -> str:
    """URL path of a page source relative to its language root (directory URLs)."""
    stem = relative.rsplit(".", 2)[0]  # drop .fr.md / .nl.md
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def _front_value(raw: str) -> str:
    raw = raw.strip()
    # Front-matter texts are HTML-escaped for the theme (md.front_matter); the index holds
    # plain text, shown with textContent.
    return html.unescape(json.loads(raw) if raw.startswith('"') else raw)


def entry(relative: str, markdown: str) -> dict | None:
    """Title, summary and body text of one page (None for pages without a title)."""
    front = _FRONT.match(markdown)
    title = description = None
    body = markdown
    if front:
        match = _TITLE.search(front.group(1))
        if match:
            title = _front_value(match.group(1))
        match = _DESCRIPTION.search(front.group(1))
        if match:
            description = _front_value(match.group(1))
        body = markdown[front.end():]
    body = _OTHER_LANGUAGE.sub(" ", _COMMENT.sub(" ", body))
    headings = [h[0] for h in _HEADING.findall(body)]
    if not title and headings:
        title = headings[0]
    if not title:
        return None
    text = _plain_start(body, BODY_CHARS)
    summary = description or text[:SUMMARY_CHARS]
    return {"u": page_url(relative), "t": title, "s": summary, "b": " ".join([*headings, text])}


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


def hand_written_pages(docs_dir: Path, generated_roots) -> dict[str, str]:
    """Hand-written page sources under docs/ (outside the generated folders)."""
    # The generated folders are not walked at all: at 1,000 criteria they hold thousands of
    # files, and walking them was a seventh of each `kb serve` rebuild.
    paths = []
    for entry in docs_dir.iterdir() if docs_dir.is_dir() else ():  # a knowledge base may have no docs/
        if entry.name in generated_roots:
            continue
        if entry.is_dir():
            paths.extend(entry.rglob("*.md"))
        elif entry.match("*.md"):
            paths.append(entry)
    return {path.relative_to(docs_dir).as_posix(): path.read_text(encoding="utf-8") for path in sorted(paths)}


# --------------------------------------------------------------------------- synonyms


def term_phrases(term: dict, lang: str) -> list[str]:
    """Phrases of one glossary term for ``lang``: its term in that language and in
    English, then its variants; text in parentheses and comma-separated parts apart."""
    texts = [term["term"][lang], term["term"]["en"], *term.get("variants", {}).get(lang, [])]
    phrases = []
    for text in texts:
        for part in _PHRASE_PARTS.split(text):
            part = part.strip()
            if part and part not in phrases:
                phrases.append(part)
    return phrases


def synonym_groups(terms, stemmer: Stemmer) -> tuple[list[list[tuple[str, ...]]], set[tuple[str, str]]]:
    """Stem sequences of each term's phrases (groups of two or more), and the (form, stem)
    pairs of every phrase word (added to the known forms)."""
    groups, pairs = [], set()
    for term in terms:
        data = getattr(term, "data", term)
        sequences = []
        for phrase in term_phrases(data, stemmer.lang):
            words = stemmer.words(phrase)
            pairs.update(words)
            sequence = tuple(stem for _form, stem in words)
            if sequence and sequence not in sequences:
                sequences.append(sequence)
        if len(sequences) > 1:
            groups.append(sequences)
    return groups, pairs


def _expansions(stems: list[str], groups, starts: dict[str, list[tuple[tuple[str, ...], int]]]) -> set[str]:
    """Stems the synonym groups add to a field whose stems are ``stems`` (in text order)."""
    added: set[str] = set()
    for i, stem in enumerate(stems):
        for sequence, group in starts.get(stem, ()):
            if tuple(stems[i:i + len(sequence)]) == sequence:
                for other in groups[group]:
                    if other != sequence:
                        added.update(other)
    return added


# --------------------------------------------------------------------------- index


def _analyse(doc: dict, stemmer: Stemmer, groups, starts) -> tuple[dict, dict[str, int], set]:
    """(entry, {stem: best field}, (form, stem) pairs) of one page's entry."""
    best: dict[str, int] = {}
    pairs: set[tuple[str, str]] = set()
    for field, text in ((FIELD_TITLE, doc["t"]), (FIELD_SUMMARY, doc["s"]), (FIELD_BODY, doc["b"])):
        words = stemmer.words(text)
        pairs.update(words)
        stems = [stem for _form, stem in words]
        for stem in stems:
            if best.get(stem, 0) < field:
                best[stem] = field
        for stem in _expansions(stems, groups, starts):
            lower = max(FIELD_BODY, field - 1)
            if best.get(stem, 0) < lower:
                best[stem] = lower
    return doc, best, pairs


def _analysed_pages(pages, lang: str, stemmer: Stemmer, groups, starts, memo) -> list[tuple]:
    """``_analyse`` of every page of ``lang`` that has an entry, in manifest order (by folded
    title, then address); ``memo`` (kb.render.memo) keeps the analyses of unchanged pages."""
    held = memo.search_entries(lang, groups) if memo is not None else None
    suffix = f".{lang}.md"
    found = []
    for path, text in sorted(pages.items()):
        # Pages 2, 3… of a list repeat titles that their own pages hold: not indexed.
        if not path.endswith(suffix) or is_later_page(path[: -len(suffix)]):
            continue
        if held is not None:
            digest = text_digest(text)
            hit = held.get(path)
            if hit is not None and hit[0] == digest:
                if hit[1] is not None:
                    found.append(hit[1])
                continue
        doc = entry(path, text.decode("utf-8") if isinstance(text, bytes) else text)
        result = _analyse(doc, stemmer, groups, starts) if doc else None
        if held is not None:
            held[path] = (digest, result)
        if result is not None:
            found.append(result)
    if held is not None:
        for gone in [path for path in held if path not in pages]:
            del held[gone]
    return sorted(found, key=lambda a: (fold(a[0]["t"]), a[0]["u"]))


def build(pages: dict[str, str], lang: str, terms=(), memo=None) -> dict[str, object]:
    """The index of ``lang``: {"manifest": ..., "shards": {key: shard}} (plain data)."""
    stemmer = Stemmer(lang)
    groups, forms = synonym_groups(terms, stemmer)
    starts: dict[str, list] = {}
    for number, group in enumerate(groups):
        for sequence in group:
            starts.setdefault(sequence[0], []).append((sequence, number))
    analysed = _analysed_pages(pages, lang, stemmer, groups, starts, memo)
    docs = [doc for doc, _best, _pairs in analysed]
    postings: dict[str, dict[int, int]] = {}
    for number, (_doc, best, pairs) in enumerate(analysed):
        forms.update(pairs)
        for stem, field in best.items():
            postings.setdefault(stem, {})[number] = field
    total = len(docs)
    shards: dict[str, dict] = {}
    for form, stem in sorted(forms):
        shard = shards.setdefault(form[:KEY_CHARS], {"f": {}, "s": {}})
        if form in shard["f"]:  # one folded form, two stems ("pêche", "péché"): keep the first
            continue
        shard["f"][form] = stem
        if stem not in shard["s"] and stem in postings:
            shard["s"][stem] = [rarity(total, len(postings[stem])), *encode(postings[stem])]
    for shard in shards.values():  # forms whose stem is on no page (a glossary variant only)
        shard["f"] = {form: stem for form, stem in shard["f"].items() if stem in shard["s"]}
    shards = {key: shard for key, shard in shards.items() if shard["f"]}
    manifest = {"v": 2, "lang": lang, "docs": [[d["u"], d["t"]] for d in docs], "shards": sorted(shards),
                "stop": sorted(stemmer.stop)}
    return {"manifest": manifest, "shards": shards}


def rarity(total: int, holding: int) -> int:
    """Integer weight of a stem held by ``holding`` of ``total`` pages (rarer: heavier)."""
    return 1 + round(math.log2(max(1, total) / max(1, holding)))


def encode(doc_fields: dict[int, int]) -> list[int]:
    """Postings as small integers: (page number minus the previous one) × 4 + field."""
    out, previous = [], 0
    for number in sorted(doc_fields):
        out.append((number - previous) * 4 + doc_fields[number])
        previous = number
    return out


def decode(values) -> dict[int, int]:
    """{page number: field} of encoded postings."""
    out, number = {}, 0
    for value in values:
        number += value // 4
        out[number] = value % 4
    return out


def _dump(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def index_files(generated: dict[str, str | bytes], docs_dir: Path, generated_roots, terms=(),
                memo=None) -> dict[str, bytes]:
    """data/search-<lang>.json (manifest) and data/search-<lang>/<key>.json (shards);
    ``generated``: the generated pages, as text or UTF-8 bytes (decoded one at a time);
    ``memo``: see kb.render.memo."""
    pages = hand_written_pages(docs_dir, generated_roots)
    pages.update(generated)
    files = {}
    for lang in LANGS:
        built = build(pages, lang, terms, memo)
        files[f"data/search-{lang}.json"] = _dump(built["manifest"])
        for key, shard in built["shards"].items():
            files[f"data/search-{lang}/{key}.json"] = _dump(shard)
    return files
