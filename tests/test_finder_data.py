"""The finder's data (kb/render/finder.py): an index without text, fetched on load, and
the text in shards in the same order, fetched for the results shown and on the first
filter by words (kb-finder.js reads them; tests/test_browser_finder.py drives it)."""

from __future__ import annotations

import json

import pytest

from kb.render import finder
from kb.repository import load_repository
from kb.text import fold


@pytest.fixture(scope="module")
def repo():
    return load_repository()


@pytest.fixture(scope="module")
def files(repo):
    return finder.data_files(repo)


def shown(repo) -> list:
    return [r for r in repo.of_kind("criterion") if r.data.get("status") != "deprecated"]


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_the_index_holds_facet_positions_and_no_text(repo, files, lang):
    data = json.loads(files[f"data/finder-{lang}.json"])
    assert data["columns"] == [param for param, _field, _codelist in finder.FACETS]
    records = shown(repo)
    assert [row[0] for row in data["criteria"]] == [r.id for r in records]
    for record, row in zip(records, data["criteria"], strict=True):
        ident, version, status, *facets = row
        assert (version, status) == (record.data["version"], record.data["status"])
        codes = {param: [data["facets"][param][at][0] for at in column]
                 for param, column in zip(data["columns"], facets, strict=True)}
        assert codes["pg"] == [c for c, _n in data["facets"]["pg"] if c in record.data["product_groups"]]
        assert codes["theme"] == [record.data["theme"]] and codes["type"] == [record.data["type"]]
        assert codes["level"] == [c for c in ("essential", "advanced", "frontrunner") if c in record.data["levels"]]
        assert sorted(codes["label"]) == sorted(ref["label"] for ref in record.data.get("labels") or [])
        assert all(column == sorted(column) for column in facets)
    text = json.dumps(data["criteria"], ensure_ascii=False)
    assert not any(r.data["title"][lang] in text or r.data["summary"][lang] in text for r in records)


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_the_shards_hold_the_text_in_index_order(repo, files, lang):
    data = json.loads(files[f"data/finder-{lang}.json"])
    names = sorted((p for p in files if p.startswith(f"data/finder-{lang}/")),
                   key=lambda p: int(p.rsplit("/", 1)[1].removesuffix(".json")))
    assert names == [f"data/finder-{lang}/{n}.json" for n in range(len(names))]
    texts = []
    for name in names:
        shard = json.loads(files[name])
        assert shard["key"] == data["key"] and 0 < len(shard["text"]) <= data["shard"]
        texts += shard["text"]
    records = shown(repo)
    assert texts == [[r.data["title"][lang], r.data["summary"][lang]] for r in records]
    # What the text filter searches (KB.fold of the same three strings in the browser).
    record = records[0]
    assert finder.match_text(record.id, *texts[0]) == fold(f"{record.id} {texts[0][0]} {texts[0][1]}")


def test_files_are_compact_deterministic_json(repo, files):
    assert finder.data_files(repo) == files
    for content in files.values():
        value = json.loads(content)
        assert content == json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def test_the_key_changes_with_the_text(repo, files):
    """A shard of another build is never taken for this one: the key follows the text."""
    record = shown(repo)[-1]
    before = json.loads(files["data/finder-fr.json"])["key"]
    original = record.data["summary"]["fr"]
    try:
        record.data["summary"]["fr"] = original + " (modifié)"
        after = finder.index(repo, "fr")["key"]
    finally:
        record.data["summary"]["fr"] = original
    assert after != before
