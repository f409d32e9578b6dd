"""The tender kit model: selection, Belgian ordering, levels, placeholders,
award weights, evidence, codes, side-by-side layout, and the Markdown parser.

Uses the fixture knowledge base in tests/fixtures/export (one criterion of each
type; see its README) so expected values are exact.
"""

from __future__ import annotations

import shutil

import pytest
from conftest import FIXTURES, make_repo
from hypothesis import given
from hypothesis import strategies as st

from kb.export import layout as layout_mod
from kb.export import model
from kb.export.blocks import Block, Run, parse, plain_text
from kb.repository import load_repository

EXPORT_FIXTURES = FIXTURES / "export"
# Type, then placement, then theme (circular, environmental, social, ethical), then id.
ADVANCED_IDS = ["soc-fx-selection", "soc-fx-reserved-lot", "circ-fx-warranty", "circ-fx-repair-award",
                "env-fx-energy-award", "env-fx-takeback"]


@pytest.fixture
def repo(tmp_path):
    root = make_repo(tmp_path)
    for folder in ("criteria", "labels"):
        shutil.copytree(EXPORT_FIXTURES / folder, root / folder)
    loaded = load_repository(root)
    assert loaded.ok, loaded.messages
    return loaded


def kit_for(repo, level, langs=("fr",), **kwargs):
    return model.build_kit(repo, model.select(repo, level=level, **kwargs), level, langs)


def item(kit, ident):
    return next(i for i in kit.items if i.id == ident)


# --------------------------------------------------------------------------
# Selection and order


def test_select_keeps_published_criteria_of_the_level_in_document_order(repo):
    selection = model.select(repo, level="advanced")
    assert [r.id for r in selection.criteria] == ADVANCED_IDS
    assert selection.warnings == []


def test_select_filters_by_product_group(repo):
    ids = [r.id for r in model.select(repo, level="advanced", product_group="tablets").criteria]
    assert ids == ["circ-fx-warranty", "circ-fx-repair-award"]


def test_sections_follow_the_criterion_types_codelist_order(repo):
    kit = kit_for(repo, "frontrunner")
    assert [s.type for s in kit.sections] == [
        "exclusion", "selection", "technical-specification", "award", "contract-performance"]
    codelists = model.repo_codelists(repo)
    orders = {c.code: c.order for c in codelists["criterion-types"].codes}
    assert [s.type for s in kit.sections] == sorted(orders, key=orders.get)
    assert kit.sections[0].heading == {"fr": "Motifs d'exclusion"}


def test_placement_orders_items_within_a_section(repo):
    """A reserved lot (lots-and-variants) comes before other technical specifications."""
    kit = kit_for(repo, "advanced")
    specs = next(s for s in kit.sections if s.type == "technical-specification")
    assert [i.id for i in specs.items] == ["soc-fx-reserved-lot", "circ-fx-warranty"]


def test_empty_sections_are_left_out(repo):
    kit = kit_for(repo, "essential")
    assert [s.type for s in kit.sections] == ["technical-specification", "award", "contract-performance"]


def test_explicit_ids_any_status_with_warnings(repo):
    selection = model.select(repo, ids=["eth-fx-draft", "eth-fx-exclusion", "circ-fx-warranty", "eth-fx-draft"],
                             level="advanced")
    assert [r.id for r in selection.criteria] == ["circ-fx-warranty", "eth-fx-draft"]
    # Worded in each language, the criterion named by its title: no id, no English.
    assert [w.text("fr") for w in selection.warnings] == [
        "«\u00a0Minerais responsables (projet)\u00a0»\u00a0: projet — critère non encore publié\u00a0; "
        "repris avec cette mention, à vérifier avant usage.",
        "«\u00a0Exclusion pour travail des enfants\u00a0» ne s'applique pas au niveau Avancé "
        "(niveaux\u00a0: Pionnier)\u00a0; non repris.",
    ]
    assert [w.text("nl") for w in selection.warnings] == [
        "‘Verantwoorde mineralen (ontwerp)’: ontwerp — nog niet gepubliceerd criterium; "
        "opgenomen met die vermelding, na te kijken vóór gebruik.",
        "‘Uitsluiting wegens kinderarbeid’ is niet van toepassing op het niveau Gevorderd "
        "(niveaus: Koploper); niet opgenomen.",
    ]
    kit = model.build_kit(repo, selection, "advanced", ("fr", "nl"))
    assert kit.subtitle["fr"].startswith("Sélection personnalisée")
    draft = item(kit, "eth-fx-draft")
    assert layout_mod.reference(kit, draft) == "[eth-fx-draft v0.1]"
    assert [p.block.text for p in layout_mod.status_marking(kit, draft)] == [
        "Projet — critère non encore publié\u00a0: à vérifier avant de l'insérer dans le cahier spécial des "
        "charges. / Ontwerp — nog niet gepubliceerd criterium: na te kijken vóór opname in het bestek."]
    assert layout_mod.status_marking(kit, item(kit, "circ-fx-warranty")) == []



def test_unknown_ids_are_located(repo):
    with pytest.raises(model.UnknownIdsError) as caught:
        model.select(repo, ids=["circ-fx-warranty", "circ-fx-waranty"], level="advanced")
    assert caught.value.where == "--ids[2]"
    assert caught.value.unknown == [(2, "circ-fx-waranty", "circ-fx-warranty")]


@pytest.mark.parametrize("kwargs, where, hint", [
    ({"level": "advance"}, "--level", "did you mean 'advanced'?"),
    ({"level": "advanced", "product_group": "notebook"}, "--product-group", "did you mean 'notebooks'?"),
])
def test_unknown_level_or_product_group(repo, kwargs, where, hint):
    with pytest.raises(model.ExportError) as caught:
        model.select(repo, **kwargs)
    assert (caught.value.where, caught.value.hint) == (where, hint)


def test_parse_langs():
    assert model.parse_langs("fr") == ("fr",)
    assert model.parse_langs("fr+nl") == model.parse_langs("nl+fr") == ("fr", "nl")
    with pytest.raises(model.ExportError):
        model.parse_langs("de")


# --------------------------------------------------------------------------
# Texts per level


@pytest.mark.parametrize("level, fr, nl", [
    ("essential", "pendant 2 ans selon EN 45554.", "gedurende 2 jaar volgens EN 45554."),
    ("advanced", "pendant 3 ans selon EN 45554.", "gedurende 3 jaar volgens EN 45554."),
    ("frontrunner", "pendant 5 ans selon EN 45554 et EN 45559.", "gedurende 5 jaar volgens EN 45554 en EN 45559."),
])
def test_placeholders_are_filled_for_the_level(repo, level, fr, nl):
    warranty = item(kit_for(repo, level, ("fr", "nl")), "circ-fx-warranty")
    assert fr in warranty.clause["fr"][0].text
    assert nl in warranty.clause["nl"][0].text
    years = next(r for r in warranty.clause["fr"][0].runs if r.bold)
    assert years.text.split()[0] == {"essential": "2", "advanced": "3", "frontrunner": "5"}[level]


def test_no_placeholder_is_left_in_any_kit(repo):
    for level in ("essential", "advanced", "frontrunner"):
        kit = kit_for(repo, level, ("fr", "nl"))
        assert kit.warnings == []
        for it in kit.items:
            for lang in ("fr", "nl"):
                texts = plain_text(it.clause[lang]) + plain_text(it.scoring.get(lang, []))
                assert "{{" not in texts and "\ue000" not in texts


def test_award_weights_and_scoring_per_level(repo):
    essential, advanced = kit_for(repo, "essential"), kit_for(repo, "advanced")
    assert item(essential, "env-fx-energy-award").weight == 5
    assert item(advanced, "env-fx-energy-award").weight == 10
    assert [(i.id, i.weight) for i in advanced.grid] == [("circ-fx-repair-award", 15), ("env-fx-energy-award", 10)]
    assert advanced.grid_total == 25
    assert plain_text(item(advanced, "env-fx-energy-award").scoring["fr"]) == \
        "Tous les points si la marge atteint 25 %, aucun sinon."
    scoring = item(advanced, "circ-fx-repair-award").scoring["fr"]
    assert [(b.kind, b.marker) for b in scoring] == [("paragraph", None), ("item", "1."), ("item", "2.")]
    assert item(advanced, "circ-fx-warranty").weight is None


def test_evidence_lists_verification_labels_and_equivalent_proof(repo):
    evidence = plain_text(item(kit_for(repo, "advanced"), "circ-fx-warranty").evidence["fr"])
    assert evidence.splitlines() == [
        "Conditions de garantie du fabricant.",
        "Labels acceptés\u00a0: Fixture Ecolabel (couvre le critère en partie).",
        "Preuve équivalente acceptée\u00a0:",
        "Un dossier technique du fabricant.",
    ]


def test_legal_basis_labels_and_unverified_articles(repo):
    takeback = item(kit_for(repo, "advanced", ("fr", "nl")), "env-fx-takeback")
    ref = takeback.legal[0]
    assert (ref.article, ref.verified) == ("87", False)
    assert ref.label["nl"] == "Wet van 17 juni 2016 inzake overheidsopdrachten"
    assert ref.url.startswith("https://www.ejustice.just.fgov.be/")


def group_cpv(repo, group):
    return list(model.repo_codelists(repo)["product-groups"].get(group).cpv)


def test_cpv_are_the_codes_of_the_group_every_criterion_applies_to(repo):
    kit = kit_for(repo, "advanced", ("fr", "nl"))
    assert kit.product_groups == ["notebooks"]  # all six criteria apply to notebooks
    assert [c.code for c in kit.cpv] == group_cpv(repo, "notebooks") == ["30213100-6", "30213000-5"]
    # Not the criteria's own tags (the take-back service's 50300000-8, the tablets code).
    assert "50300000-8" not in [c.code for c in kit.cpv] and "30213200-7" not in [c.code for c in kit.cpv]
    assert kit.groups_label == {"fr": "Ordinateurs portables", "nl": "Laptops"}


def test_cpv_of_the_chosen_group(repo):
    kit = kit_for(repo, "advanced", ("fr",), product_group="tablets")
    assert kit.product_groups == ["tablets"]
    assert [c.code for c in kit.cpv] == group_cpv(repo, "tablets")


def test_purchase_groups_in_codelist_order_and_empty_for_a_mixed_selection(repo):
    from types import SimpleNamespace as Item

    codelists = model.repo_codelists(repo)
    both = [Item(product_groups=["tablets", "notebooks"]), Item(product_groups=["notebooks", "tablets", "desktops"])]
    assert model.purchase_groups(both, codelists) == ["notebooks", "tablets"]
    assert model.purchase_cpv(["notebooks", "desktops"], codelists)[-1].code == "30213300-8"
    assert [c.code for c in model.purchase_cpv(["notebooks", "desktops"], codelists)].count("30213000-5") == 1
    mixed = [Item(product_groups=["servers-storage"]), Item(product_groups=["notebooks"])]
    assert model.purchase_groups(mixed, codelists) == [] and model.purchase_groups([], codelists) == []
    assert model.purchase_groups(mixed, codelists, "notebooks") == ["notebooks"]


def test_a_mixed_selection_says_which_codes_to_give(repo):
    from kb.export import strings
    from kb.export.text import render_markdown

    path = repo.root / "criteria/environmental/env-fx-takeback.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("product_groups: [notebooks]",
                                                             "product_groups: [end-of-life-services]"),
                    encoding="utf-8")
    kit = kit_for(load_repository(repo.root), "advanced", ("fr", "nl"))
    assert kit.product_groups == [] and kit.cpv == []
    text = render_markdown(kit)
    assert strings.text("fr", "cpv_none") in text and strings.text("nl", "cpv_none") in text


def test_eforms_codes_with_labels(repo):
    kit = kit_for(repo, "advanced", ("fr", "nl"))
    assert [(c.scheme, c.code) for c in kit.eforms] == [
        ("BT-06", "env-imp"), ("BT-06", "soc-obj"),
        ("BT-774", "circ-econ"), ("BT-774", "clim-mitig"),
        ("BT-775", "hum-right"), ("BT-775", "opp"), ("BT-775", "work-cond"),
        ("BT-805", "eu"),
    ]
    assert kit.eforms[0].label == {"fr": "Réduction des incidences sur l'environnement",
                                   "nl": "Vermindering van milieueffecten"}


# --------------------------------------------------------------------------
# Layout


def test_layout_puts_french_and_dutch_side_by_side(repo):
    elements = layout_mod.layout(kit_for(repo, "advanced", ("fr", "nl")))
    reference = next(i for i, e in enumerate(elements)
                     if isinstance(e, layout_mod.Para) and e.block.text == "[circ-fx-warranty v1.2]")
    heading, clause = elements[reference - 1], elements[reference + 1]
    assert heading == layout_mod.Heading(2, "Garantie prolongée / Verlengde garantie")
    assert isinstance(clause, layout_mod.Table) and clause.parallel and clause.header is None
    fr_cell, nl_cell = clause.rows[0]
    assert {b.lang for b in fr_cell} == {"fr"} and {b.lang for b in nl_cell} == {"nl"}
    assert "3 ans" in fr_cell[0].text and "3 jaar" in nl_cell[0].text


def test_layout_in_one_language_uses_paragraphs(repo):
    elements = layout_mod.layout(kit_for(repo, "advanced", ("nl",)))
    assert not any(isinstance(e, layout_mod.Table) and e.parallel for e in elements)
    assert elements[0] == layout_mod.Heading(0, "Clausules voor een duurzame ICT-opdracht")
    headings = [e.text for e in elements if isinstance(e, layout_mod.Heading) and e.level == 1]
    assert headings == ["Selectiecriteria", "Technische specificaties", "Gunningscriteria",
                        "Uitvoeringsvoorwaarden", "Checklist van de bewijsstukken", "Beoordelingsrooster",
                        "Bijlage: rechtsgrond en bronnen", "CPV-codes en eForms-classificatie"]


def test_every_clause_is_preceded_by_its_reference(repo):
    kit = kit_for(repo, "frontrunner", ("fr", "nl"))
    elements = layout_mod.layout(kit)
    references = [e.block.text for e in elements if isinstance(e, layout_mod.Para) and e.style == "reference"]
    assert references == [f"[{i.id} v{i.version}]" for i in kit.items]


def test_evaluation_grid_has_weights_total_and_points_column(repo):
    elements = layout_mod.layout(kit_for(repo, "advanced", ("fr", "nl")))
    grid = next(e for e in elements if isinstance(e, layout_mod.Table) and e.header
                and "Points attribués / Toegekende punten" in plain_text(e.header[-1]))
    header = [plain_text(c) for c in grid.header]
    assert header == ["Critère / Criterium", "Pondération / Weging", "Méthode de cotation",
                      "Beoordelingsmethode", "Points attribués / Toegekende punten"]
    assert [plain_text(row[1]) for row in grid.rows] == ["15\u00a0%", "10\u00a0%", "25\u00a0%"]
    assert all(row[-1] == () for row in grid.rows)  # left blank for the committee
    assert sum(grid.widths) == 100


def test_annex_flags_unverified_articles_in_both_languages(repo):
    elements = layout_mod.layout(kit_for(repo, "advanced", ("fr", "nl")))
    annex = next(e for e in elements if isinstance(e, layout_mod.Table) and e.header
                 and plain_text(e.header[1]) == "Base légale")
    takeback = next(row for row in annex.rows if "env-fx-takeback" in plain_text(row[0]))
    # The title, the flag and the reason come from the legal register (register/).
    assert "art. 87 — Conditions d'exécution (à vérifier) Numéro non confirmé" in plain_text(takeback[1])
    assert "art. 87 — Uitvoeringsvoorwaarden (na te gaan) Nummer niet bevestigd" in plain_text(takeback[2])


def test_empty_selection_still_gives_a_document(repo):
    kit = kit_for(repo, "essential", ("fr", "nl"), product_group="smartphones")
    assert kit.items == []
    elements = layout_mod.layout(kit)
    assert "Aucun critère publié" in plain_text(elements[3].rows[0][0])  # after title, subtitle, intro


def test_kit_to_json_is_plain_data(repo):
    import json

    data = model.kit_to_json(kit_for(repo, "advanced", ("fr", "nl")))
    assert json.loads(json.dumps(data)) == data
    assert data["sections"][0]["items"][0]["clause"]["fr"][0]["runs"][0]["text"].startswith("Le candidat")


# --------------------------------------------------------------------------
# Markdown parser


def test_parse_paragraphs_lists_and_inline_formatting():
    blocks = parse("Un **gras** et *italique*\nsuite  \nligne.\n\n- point [lien](https://example.org/x_y)\n"
                   "  - imbriqué\n3. numéro \\*étoile\\*\n\n1. __fort__ _doux_ a_b_c")
    assert [(b.kind, b.level, b.marker) for b in blocks] == [
        ("paragraph", 0, None), ("item", 0, None), ("item", 1, None), ("item", 0, "3."), ("item", 0, "1.")]
    assert blocks[0].runs == (Run("Un "), Run("gras", bold=True), Run(" et "), Run("italique", italic=True),
                              Run(" suite\nligne."))
    assert blocks[1].runs == (Run("point "), Run("lien", link="https://example.org/x_y"))
    assert blocks[3].text == "numéro *étoile*"
    assert blocks[4].runs == (Run("fort", bold=True), Run(" "), Run("doux", italic=True), Run(" a_b_c"))


def test_parse_fills_placeholders_without_reading_them_as_markdown():
    missing = set()
    blocks = parse("Norme {{std}} et {{a_b}} pour {{gone}}.", {"std": "EN *1*", "a_b": {"fr": "x", "nl": "y"}},
                   "nl", missing)
    assert blocks == [Block("paragraph", (Run("Norme EN *1* et y pour {{gone}}."),))]
    assert missing == {"gone"}


def test_parse_nested_emphasis_and_unclosed_markers():
    assert parse("a ***x*** b")[0].runs == (Run("a "), Run("x", bold=True, italic=True), Run(" b"))
    assert parse("**ouvert et *x*")[0].runs == (Run("**ouvert et "), Run("x", italic=True))
    assert parse("2 * 3 * 4")[0].runs == (Run("2 * 3 * 4"),)


@given(st.text(alphabet="abcdefgh ,.;:éà\n", max_size=200))
def test_parse_keeps_every_word_of_plain_text(text):
    blocks = parse(text)
    words = " ".join(b.text for b in blocks).split()
    assert words == text.split()


@given(st.text(max_size=300))
def test_parse_never_fails_and_never_emits_empty_runs(text):
    for block in parse(text):
        assert block.runs and all(run.text for run in block.runs)
