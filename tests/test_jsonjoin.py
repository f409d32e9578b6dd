"""kb.export.jsonjoin: documents joined from items serialized once are byte for byte what
json.dumps writes for the whole document (generated documents and the real open data), and a
live preview's memo re-serializes only the records that changed."""

from __future__ import annotations

import dataclasses
import json

import pytest
from conftest import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from kb.export import jsonjoin, opendata
from kb.render.memo import GenerationMemo
from kb.repository import load_repository

# Texts with what JSON must escape: quotes, backslashes, line breaks, control characters,
# non-ASCII (written as is), and separators that look like the joiner's own.
TEXTS = st.text(alphabet=st.sampled_from(list('ab "\\\n\r\t\x00\x1f,:[]{}é€\u2028')), max_size=12)
SCALARS = st.none() | st.booleans() | st.integers(-10**6, 10**6) | TEXTS
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXTS, inner, max_size=4),
                      max_leaves=20)


def whole(document: dict, compact: bool) -> str:
    """What json.dumps writes for the whole document, as the open data always did."""
    if compact:
        return json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
    return json.dumps(document, ensure_ascii=False, sort_keys=True, indent=2) + "\n"


@settings(max_examples=300)
@given(members=st.dictionaries(TEXTS, VALUES, max_size=4),
       lists=st.dictionaries(TEXTS, st.lists(VALUES, max_size=4), max_size=3),
       compact=st.booleans())
def test_joined_document_equals_json_dumps(members, lists, compact):
    members = {key: value for key, value in members.items() if key not in lists}
    joined = jsonjoin.document(members, {key: [jsonjoin.item(v, compact) for v in values]
                                         for key, values in lists.items()}, compact)
    assert joined.decode("utf-8") == whole({**members, **lists}, compact)


@pytest.mark.parametrize("compact", [False, True])
def test_edge_cases(compact):
    cases = [({}, {}), ({"a": {}}, {"b": []}), ({}, {"z": [{}], "a": [[]]}),
             ({"k": "line\nbreak"}, {"l": ["x\ny", {"m": [1, {"n": None}]}]}),
             ({"é": 1, "e": 2, "E": 3, "\x00": 4}, {"f": [True, False]})]
    for members, lists in cases:
        joined = jsonjoin.document(members, {k: [jsonjoin.item(v, compact) for v in vs] for k, vs in lists.items()},
                                   compact)
        assert joined.decode("utf-8") == whole({**members, **lists}, compact)


def test_a_key_given_twice_is_refused():
    with pytest.raises(ValueError, match="given twice"):
        jsonjoin.document({"a": 1}, {"a": []}, compact=True)


@pytest.fixture(scope="module")
def real_repo():
    repo = load_repository(ROOT)
    assert repo.ok
    return repo


def test_real_open_data_is_what_json_dumps_writes(real_repo):
    files = opendata.open_data_files(real_repo, "2026-12-06")
    assert files["criteria.json"].decode("utf-8") == whole(opendata.knowledge_base(real_repo, "2026-12-06"), False)
    kit = json.loads(files["kit-data.json"])
    assert files["kit-data.json"].decode("utf-8") == whole(kit, True)
    criteria = kit["criteria"] + kit["unpublished"]
    assert len(criteria) > 100
    for entry in criteria:  # each part is that criterion's entry, serialized the same way
        assert files[f"kit/{entry['id']}.json"].decode("utf-8") == whole(entry, True)
    common = {key: value for key, value in kit.items() if key not in ("criteria", "unpublished")}
    assert files["kit/common.json"].decode("utf-8") == whole(common, True)


def test_preview_memo_reuses_unchanged_records_and_sees_a_changed_one(real_repo):
    memo = GenerationMemo()
    first = opendata.open_data_files(real_repo, "2026-12-06", memo=memo)
    again = opendata.open_data_files(real_repo, "2026-12-06", memo=memo)
    assert again == first
    assert memo.record_json.reused == len(real_repo.records) - len(real_repo.bad_files()) > 300
    # An edit is a new record object (the preview parses the changed file again).
    record = next(r for r in real_repo.records if r.kind.name == "criterion")
    index = real_repo.records.index(record)
    data = {**record.data, "title": {**record.data["title"], "fr": "Titre modifié"}}
    edited = dataclasses.replace(record, doc=dataclasses.replace(record.doc, data=data))
    real_repo.records[index] = edited
    try:
        changed = opendata.open_data_files(real_repo, "2026-12-06", memo=memo)
        fresh = opendata.open_data_files(real_repo, "2026-12-06")
    finally:
        real_repo.records[index] = record
    assert changed == fresh
    assert changed["criteria.json"] != first["criteria.json"]
    assert "Titre modifié" in changed["criteria.json"].decode("utf-8")
    assert memo.record_json.reused == len(real_repo.records) - len(real_repo.bad_files()) - 1
