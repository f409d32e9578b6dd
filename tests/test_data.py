"""Whole-repository data checks: the real knowledge base is valid, canonical and complete.

These lock the content promises: every EU GPP code of each covered set is accounted
for; every criterion cites a source; FR and NL parity; practices link existing
criteria; the glossary is complete in three languages; each product group has a
set of criteria at every level.
"""

import re
from collections import Counter, defaultdict

import pytest

from kb import canonical, kinds
from kb.codelists import load_codelists
from kb.repository import discover, load_repository
from kb.translations import language_texts


@pytest.fixture(scope="module")
def repo(root=kinds.ROOT):
    return load_repository(root)


def test_repository_has_no_errors(repo):
    errors = [m for m in repo.messages if m.level == "error"]
    assert not errors, "\n".join(f"{m.file}:{m.line}: [{m.rule}] {m.path}: {m.text}" for m in errors[:20])


def test_records_are_in_canonical_form():
    bad = []
    for relative in discover(kinds.ROOT):
        kind = kinds.kind_for_path(relative)
        raw = (kinds.ROOT / relative).read_bytes()
        if canonical.format_record(kind, raw).encode() != raw:
            bad.append(relative)
    assert not bad, f"run `kb fmt --fix`: {bad[:10]}"


def test_every_record_cites_a_source(repo):
    for rec in repo.records:
        if rec.kind.name in ("criterion", "practice", "label", "term", "legislation"):
            sources = rec.data.get("sources") or []
            assert sources and all(s["url"].startswith("https://") for s in sources), rec.path


def test_french_and_dutch_parity(repo):
    for rec in repo.records:
        fr = [path for path, text in language_texts(rec.data, "fr") if text.strip()]
        nl = [path for path, text in language_texts(rec.data, "nl") if text.strip()]
        assert fr == nl, rec.path


def test_clause_placeholders_match_between_languages(repo):
    pattern = re.compile(r"\{\{\s*([a-z0-9_]+)\s*\}\}")
    for rec in repo.of_kind("criterion"):
        clause = rec.data["clause"]
        assert set(pattern.findall(clause["fr"])) == set(pattern.findall(clause["nl"])), rec.path


# ---- coverage of the upstream EU sets ---------------------------------------------------

SETS = {
    "eu-gpp-2021-computers": "EU GPP 2021 ",
    "eu-gpp-2020-data-centres": "EU GPP 2020 DC ",
    "eu-gpp-2020-imaging": "EU GPP 2020 IMG ",
}


@pytest.mark.parametrize("set_id", sorted(SETS))
def test_coverage_accounts_for_every_upstream_code(repo, set_id):
    coverage = repo.by_id("coverage").get(set_id)
    assert coverage is not None, f"coverage/{set_id}.yaml is missing"
    items = coverage.data["items"]
    codes = [i["code"] for i in items]
    assert len(codes) == len(set(codes)), "a code is listed twice"
    criteria = repo.by_id("criterion")
    for item in items:
        if item.get("criteria"):
            for cid in item["criteria"]:
                assert cid in criteria, f"{set_id} {item['code']}: {cid} does not exist"
        else:
            assert item["not_adopted"]["fr"] and item["not_adopted"]["nl"]


@pytest.mark.parametrize("set_id", sorted(SETS))
def test_cited_upstream_codes_are_in_the_coverage_page(repo, set_id):
    """A criterion that cites an EU code of a set is listed under that code (or the code exists)."""
    prefix = SETS[set_id]
    coverage = repo.by_id("coverage")[set_id]
    listed = {i["code"]: set(i.get("criteria") or []) for i in coverage.data["items"]}
    others = [p for s, p in SETS.items() if s != set_id and p.startswith(prefix)]
    for rec in repo.of_kind("criterion"):
        for src in rec.data["sources"]:
            code = src.get("code", "")
            if not code.startswith(prefix) or any(code.startswith(o) for o in others):
                continue
            for part in re.split(r"\s*(?:,|\+| and | et | en )\s*", code[len(prefix):]):
                part = part.strip()
                if re.fullmatch(r"[A-Z]{2,3}[0-9]+[a-z]?", part):
                    assert part in listed, f"{rec.path}: cites {prefix}{part}, which {set_id} does not list"


def test_every_covered_criterion_exists_in_both_languages_pages(repo):
    from kb.render.generate import render_all

    pages = render_all(repo)
    for rec in repo.of_kind("coverage"):
        for lang in ("fr", "nl"):
            page = pages[f"coverage/{rec.id}.{lang}.md"]
            for item in rec.data["items"]:
                assert f"`{item['code']}`" in page


# ---- completeness ------------------------------------------------------------------------

CLIENT_GROUPS = ("desktops", "notebooks", "monitors", "tablets", "smartphones", "refurbished-devices")
DC_IMAGING_GROUPS = ("servers-storage", "data-centres", "cloud-services", "imaging-equipment", "consumables",
                     "print-services")


@pytest.mark.parametrize("group", CLIENT_GROUPS + DC_IMAGING_GROUPS)
def test_each_product_group_has_criteria_at_every_level(repo, group):
    levels = Counter()
    for rec in repo.of_kind("criterion"):
        if group in rec.data["product_groups"] and rec.data["status"] == "published":
            levels.update(rec.data["levels"])
    for level in ("essential", "advanced", "frontrunner"):
        assert levels[level] >= 3, f"{group}: only {levels[level]} criteria at {level}"


def test_all_themes_and_types_are_represented(repo):
    criteria = repo.of_kind("criterion")
    assert {r.data["theme"] for r in criteria} == set(load_codelists()["themes"].codes_list())
    assert {r.data["type"] for r in criteria} == set(load_codelists()["criterion-types"].codes_list())


def test_social_and_ethical_criteria_span_types_and_levels(repo):
    social = [r for r in repo.of_kind("criterion") if r.data["theme"] in ("social", "ethical")]
    assert len(social) >= 25
    assert {r.data["type"] for r in social} == set(load_codelists()["criterion-types"].codes_list())
    assert {lvl for r in social for lvl in r.data["levels"]} == {"essential", "advanced", "frontrunner"}


def test_good_practices(repo):
    practices = repo.of_kind("practice")
    assert len(practices) >= 20
    belgian = [p for p in practices if p.data["country"] == "BE"]
    assert len(belgian) >= 10
    criteria = repo.by_id("criterion")
    for p in practices:
        assert all(c in criteria for c in p.data["criteria"])
    # A practice links the criteria its sources show the buyer used. A few cases (a policy
    # commitment, a buyers' network, a framework whose criteria were never published) have
    # none; their texts say so. Keep them rare.
    unlinked = [p.id for p in practices if not p.data["criteria"]]
    assert len(unlinked) <= 4, unlinked
    for p in practices:
        if not p.data["criteria"]:
            approach = p.data["approach"]["fr"] + p.data["purchase"]["fr"]
            assert any(w in approach for w in ("pas documenté", "ne sont pas", "Il ne s'agit pas")), p.path


def test_glossary_is_complete_in_three_languages(repo):
    terms = repo.of_kind("term")
    assert len(terms) >= 60
    for term in terms:
        assert all(term.data["term"][lang].strip() for lang in ("fr", "nl", "en")), term.path


def test_labels_in_the_matrix_exist(repo):
    labels = repo.by_id("label")
    used = defaultdict(list)
    for rec in repo.of_kind("criterion"):
        for ref in rec.data.get("labels") or []:
            used[ref["label"]].append(rec.id)
    assert used, "no criterion accepts a label"
    assert set(used) <= set(labels)
    for required in ("tco-certified-gen9", "tco-certified-gen10", "tco-certified-edge", "epeat", "epeat-climate-plus",
                     "blue-angel-de-uz-78", "eu-ecolabel-computers", "energy-star"):
        assert required in labels, required


def test_legal_baseline_per_client_product_group(repo):
    acts = repo.of_kind("legislation")
    for group in ("notebooks", "monitors", "tablets", "smartphones", "servers-storage"):
        assert any(group in (req.get("product_groups") or act.data["product_groups"])
                   for act in acts for req in act.data["requirements"]), group
