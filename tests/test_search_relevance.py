"""Relevance of the site search on the real base (tests/search_relevance.yaml, judged by
reading the records): recall@10 and hit@3 with the real engine (kb.render.search_query.search,
the same algorithm as kb-search.js; tests/test_search_parity.py checks that)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from siteharness.relevance import scores

from kb.kinds import ROOT
from kb.render import search

RELEVANCE = Path(__file__).with_name("search_relevance.yaml")
MIN_RECALL_AT_10 = 0.9
MIN_HIT_AT_3 = 0.95


def judged() -> dict[str, list[dict]]:
    return yaml.safe_load(RELEVANCE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def real_indexes():
    from kb.render.generate import GENERATED, render_all
    from kb.repository import load_repository

    repo = load_repository(ROOT)
    pages = render_all(repo)
    pages = {**search.hand_written_pages(ROOT / "docs", GENERATED), **pages}
    return {lang: search.build(pages, lang, repo.of_kind("term")) for lang in search.LANGS}


def test_the_judged_set_is_large_enough_and_points_at_real_criteria():
    cases = judged()
    assert len(cases["fr"]) >= 20 and len(cases["nl"]) >= 20 and len(cases["fr"]) + len(cases["nl"]) >= 40
    ids = {p.stem for p in (ROOT / "criteria").rglob("*.yaml")}
    for lang in search.LANGS:
        for case in cases[lang]:
            assert case["expected"] and set(case["expected"]) <= ids, case


@pytest.mark.parametrize("lang", search.LANGS)
def test_recall_and_top_hits(real_indexes, lang):
    result = scores(real_indexes[lang], lang, judged()[lang])
    assert result["recall_at_10"] >= MIN_RECALL_AT_10 and result["hit_at_3"] >= MIN_HIT_AT_3, result
