"""The search engine's query side, the same steps as kb-search.js: words of a query, their
matches in a shard, the ranked pages. Used by the tests (parity with the browser, relevance)
and the benchmark on an index built by kb.render.search.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..text import fold
from .search import (
    ASCII_WORD,
    FIELD_WEIGHT,
    KEY_CHARS,
    MATCH_EXACT,
    MATCH_PREFIX,
    MATCH_SHORTENED,
    MAX_SHORTEN,
    MIN_PREFIX,
    MIN_WORD,
    WORD_MATCHED,
    decode,
)


def query_words(manifest: dict, text: str) -> list[str]:
    """Folded query words: stop words and one-letter words dropped, each word once."""
    stop = set(manifest["stop"])
    words = []
    for word in ASCII_WORD.findall(fold(text)):
        if len(word) >= MIN_WORD and word not in stop and word not in words:
            words.append(word)
    return words


def candidates(shard: dict | None, word: str) -> dict[str, int]:
    """{stem: match weight} of one query word in its shard."""
    if not shard:
        return {}
    forms = shard["f"]
    out: dict[str, int] = {}
    if word in forms:
        out[forms[word]] = MATCH_EXACT
    if len(word) >= MIN_PREFIX:
        weight, prefix = MATCH_PREFIX, word
        for _ in range(MAX_SHORTEN + 1):
            found = False
            for form, stem in forms.items():
                if form != word and form.startswith(prefix):
                    found = True
                    if out.get(stem, 0) < weight:
                        out[stem] = weight
            if found or out or len(prefix) <= MIN_PREFIX:
                break
            weight, prefix = MATCH_SHORTENED, prefix[:-1]
    return out


def search(manifest: dict, shard_of, text: str) -> list[tuple[int, int]]:
    """Ranked (page number, score) for ``text``; ``shard_of(key)`` gives a shard or None."""
    words = query_words(manifest, text)
    scores: dict[int, int] = {}
    for word in words:
        key = word[:KEY_CHARS]
        shard = shard_of(key) if key in manifest["shards"] else None
        best: dict[int, int] = {}
        for stem, weight in candidates(shard, word).items():
            idf, *values = shard["s"][stem]
            for number, field in decode(values).items():
                score = FIELD_WEIGHT[field] * weight * idf
                if best.get(number, 0) < score:
                    best[number] = score
        for number, score in best.items():
            scores[number] = scores.get(number, 0) + WORD_MATCHED + score
    titles = manifest["docs"]
    return sorted(scores.items(), key=lambda item: (-item[1], len(titles[item[0]][1]), item[0]))


def load_built(site_data: Path, lang: str):
    """(manifest, shard_of) of an index written under ``site_data`` (a data/ folder)."""
    manifest = json.loads((site_data / f"search-{lang}.json").read_text(encoding="utf-8"))
    cache: dict[str, dict] = {}

    def shard_of(key: str):
        if key not in cache:
            cache[key] = json.loads((site_data / f"search-{lang}" / f"{key}.json").read_text(encoding="utf-8"))
        return cache[key]

    return manifest, shard_of
