"""Label claims on the real knowledge base: how many, how they are grounded, how labels are named.

A claim (an item of a criterion's ``labels`` list) must name the clause or section of
the label's criteria document it rests on (``clause``). A published label must be
linked from at least three criteria; a label that cannot be (its criteria could not be
read clause by clause, or its validity is unconfirmed) stays a draft with a dated
``status_reason``. Label names exist in French and Dutch, and every place that prints
a label name (label pages, matrix, finder facet, criterion pages, kits) uses the name
of the page's language.
"""

import json
from collections import Counter

import pytest
from kits import items, kit

from kb import kinds
from kb.export import model
from kb.render import finder, generate
from kb.repository import load_repository

LANGS = ("fr", "nl")
MIN_LINKS_PER_PUBLISHED_LABEL = 3
# Criteria with at least one claim that could be confirmed in a source (December 2026).
# The floor guards against losing claims; raise it when claims are added.
MIN_CRITERIA_WITH_CLAIMS = 22
# Words of a label name that belong to one language only (the brand itself is shared).
FOREIGN_WORDS = {
    "fr": ("generation 10", "generation 9", "generatie"),
    "nl": ("génération", "generation 10", "generation 9"),
}


@pytest.fixture(scope="module")
def repo():
    return load_repository(kinds.ROOT)


def _claims(repo):
    for criterion in repo.of_kind("criterion"):
        for ref in criterion.data.get("labels") or []:
            yield criterion, ref


def _criteria_with_claims(repo):
    return {criterion.id for criterion, _ref in _claims(repo)}


def test_every_claim_names_its_label_clause(repo):
    missing = [f"{c.id} -> {ref['label']}" for c, ref in _claims(repo) if not str(ref.get("clause") or "").strip()]
    assert not missing, missing


def test_claims_point_at_labels_with_the_same_generation_in_the_clause(repo):
    # A TCO Certified claim names the generation of the label it points at.
    wrong = []
    for criterion, ref in _claims(repo):
        for label_id, generation in (("tco-certified-gen9", "generation 9"), ("tco-certified-gen10", "generation 10")):
            if ref["label"] == label_id and generation not in ref["clause"]:
                wrong.append(f"{criterion.id} -> {label_id}: {ref['clause']}")
    assert not wrong, wrong


def test_minimum_number_of_criteria_with_claims(repo):
    assert len(_criteria_with_claims(repo)) >= MIN_CRITERIA_WITH_CLAIMS


def test_each_published_label_is_linked_from_at_least_three_criteria(repo):
    links = Counter()
    for _criterion, ref in _claims(repo):
        links[ref["label"]] += 1
    thin = {label.id: links[label.id] for label in repo.of_kind("label")
            if label.data["status"] == "published" and links[label.id] < MIN_LINKS_PER_PUBLISHED_LABEL}
    assert not thin, f"published labels linked from fewer than {MIN_LINKS_PER_PUBLISHED_LABEL} criteria: {thin}"


def test_unpublished_labels_say_since_when_and_why(repo):
    for label in repo.of_kind("label"):
        if label.data["status"] != "published":
            reason = label.data.get("status_reason") or {}
            assert reason.get("date") and all(reason.get("reason", {}).get(lang) for lang in LANGS), label.id


def test_full_claims_rest_on_published_labels(repo):
    status = {label.id: label.data["status"] for label in repo.of_kind("label")}
    wrong = [f"{c.id} -> {ref['label']}" for c, ref in _claims(repo)
             if ref["coverage"] == "full" and status.get(ref["label"]) != "published"]
    assert not wrong, wrong


def test_every_label_has_a_name_per_language(repo):
    for label in repo.of_kind("label"):
        name = label.data["name"]
        assert isinstance(name, dict) and all(name.get(lang) for lang in LANGS), label.id


def _strip_citations(page: str, clauses) -> str:
    """The page without source titles and clause references: both cite documents by their
    own (often English) titles, which are not label names."""
    for heading in ("## Sources", "## Bronnen"):
        page = page.split(heading)[0]
    for clause in clauses:
        page = page.replace(clause, "")
    return page


def test_pages_print_label_names_in_the_page_language(repo):
    pages = generate.render_all(repo)
    names = {label.id: label.data["name"] for label in repo.of_kind("label")}
    cited = _criteria_with_claims(repo)
    clauses = sorted({ref["clause"] for _c, ref in _claims(repo)}, key=len, reverse=True)
    for lang in LANGS:
        other = "nl" if lang == "fr" else "fr"
        selected = {path: text for path, text in pages.items()
                    if path.endswith(f".{lang}.md") and (path.startswith("labels/")
                                                       or any(path == f"criteria/{cid}.{lang}.md" for cid in cited))}
        assert selected
        for path, text in selected.items():
            body = _strip_citations(text, clauses)
            if path.startswith("criteria/"):
                # A criterion page also shows the clause in the other language: check the
                # accepted-labels section only, where the label names are printed.
                heading = "## Labels acceptés" if lang == "fr" else "## Aanvaarde keurmerken"
                body = body.split(heading, 1)[1].split("\n## ", 1)[0]
            for label_id, name in names.items():
                if name[other] != name[lang]:
                    assert name[other] not in body, (path, label_id, name[other])
            for word in FOREIGN_WORDS[lang]:
                assert word not in body, (path, word)
        matrix = pages[f"labels/matrix.{lang}.md"]
        for name in names.values():
            assert f"[{name[lang]}]" in matrix


def test_finder_facet_uses_the_name_of_the_language(repo):
    names = {label.id: label.data["name"] for label in repo.of_kind("label")}
    for lang in LANGS:
        facet = dict(finder.index(repo, lang)["facets"]["label"])
        assert facet == {label_id: name[lang] for label_id, name in names.items()}
        assert all(word not in " ".join(facet.values()) for word in FOREIGN_WORDS[lang])


def test_kits_print_label_names_in_the_kit_language(repo, tmp_path):
    criteria = [c for c in repo.of_kind("criterion")
                if c.data["status"] == "published" and any(ref["label"] == "tco-certified-gen10"
                                                           for ref in c.data.get("labels") or [])]
    assert criteria
    names = model.label_names(repo)
    for lang in LANGS:
        written = kit(repo, tmp_path / lang, "advanced", (lang,), ids=[c.id for c in criteria])
        evidence = _kit_evidence_text(written.kit, lang)
        assert names["tco-certified-gen10"][lang] in evidence
        for word in FOREIGN_WORDS[lang]:
            assert word not in evidence, word


def _kit_evidence_text(kit, lang: str) -> str:
    """The evidence blocks of every item (where accepted labels are printed)."""
    parts = []
    for item in items(kit):
        parts.append(json.dumps(item["evidence"].get(lang), ensure_ascii=False))
    return " ".join(parts)
