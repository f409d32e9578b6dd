"""Tender kits: selection, Belgian ordering, levels, placeholders, award weights,
evidence, codes and side-by-side layout, as the one kit writer (kit-writer.js, run as
`kb export kit` runs it) assembles them from the kit data Python prepares (the Markdown
parser that prepares the texts: test_export_blocks.py).

Uses the fixture knowledge base in tests/fixtures/export (one criterion of each
type; see its README) so expected values are exact.
"""

from __future__ import annotations

import shutil

import pytest
import yaml
from conftest import FIXTURES, make_repo
from kits import docx_texts, index_of, items, kit

from kb import kinds
from kb.export import model, strings
from kb.export.blocks import Run, blocks_from_json, plain_text
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


def kit_for(repo, tmp_path, level, langs=("fr",), **kwargs):
    """The assembled kit (kit-writer.js assembleKit) and its files."""
    return kit(repo, tmp_path, level, langs, **kwargs)


def item(written, ident) -> dict:
    return next(i for i in items(written.kit) if i["id"] == ident)


def text_of(blocks_json) -> str:
    return plain_text(blocks_from_json(blocks_json))


def markdown(written) -> str:
    return written.file("md").read_text(encoding="utf-8")


# --------------------------------------------------------------------------
# Selection and order


def test_select_keeps_published_criteria_of_the_level_in_document_order(repo, tmp_path):
    written = kit_for(repo, tmp_path, "advanced")
    assert [i["id"] for i in items(written.kit)] == ADVANCED_IDS
    assert written.warnings == []


def test_select_filters_by_product_group(repo, tmp_path):
    written = kit_for(repo, tmp_path, "advanced", product_group="tablets")
    assert [i["id"] for i in items(written.kit)] == ["circ-fx-warranty", "circ-fx-repair-award"]


def test_sections_follow_the_criterion_types_codelist_order(repo, tmp_path):
    assembled = kit_for(repo, tmp_path, "frontrunner").kit
    types = [s["type"] for s in assembled["sections"]]
    assert types == ["exclusion", "selection", "technical-specification", "award", "contract-performance"]
    codelists = model.repo_codelists(repo)
    orders = {c.code: c.order for c in codelists["criterion-types"].codes}
    assert types == sorted(orders, key=orders.get)
    assert assembled["sections"][0]["heading"] == {"fr": "Motifs d'exclusion"}


def test_placement_orders_items_within_a_section(repo, tmp_path):
    """A reserved lot (lots-and-variants) comes before other technical specifications."""
    assembled = kit_for(repo, tmp_path, "advanced").kit
    specs = next(s for s in assembled["sections"] if s["type"] == "technical-specification")
    assert [i["id"] for i in specs["items"]] == ["soc-fx-reserved-lot", "circ-fx-warranty"]


def test_empty_sections_are_left_out(repo, tmp_path):
    assembled = kit_for(repo, tmp_path, "essential").kit
    assert [s["type"] for s in assembled["sections"]] == ["technical-specification", "award", "contract-performance"]


def test_explicit_ids_any_status_with_warnings(repo, tmp_path):
    written = kit_for(repo, tmp_path, "advanced", ("fr", "nl"),
                      ids=["eth-fx-draft", "eth-fx-exclusion", "circ-fx-warranty", "eth-fx-draft"])
    assert [i["id"] for i in items(written.kit)] == ["circ-fx-warranty", "eth-fx-draft"]
    # Worded in each language, the criterion named by its title: no id, no English.
    assert written.worded["fr"] == [
        "«\u00a0Minerais responsables (projet)\u00a0»\u00a0: projet — critère non encore publié\u00a0; "
        "repris avec cette mention, à vérifier avant usage.",
        "«\u00a0Exclusion pour travail des enfants\u00a0» ne s'applique pas au niveau Avancé "
        "(niveaux\u00a0: Pionnier)\u00a0; non repris.",
    ]
    assert written.worded["nl"] == [
        "‘Verantwoorde mineralen (ontwerp)’: ontwerp — nog niet gepubliceerd criterium; "
        "opgenomen met die vermelding, na te kijken vóór gebruik.",
        "‘Uitsluiting wegens kinderarbeid’ is niet van toepassing op het niveau Gevorderd "
        "(niveaus: Koploper); niet opgenomen.",
    ]
    assert written.kit["subtitle"]["fr"].startswith("Sélection personnalisée")
    text = markdown(written)
    # The draft: its reference, then its marking in both languages, before its clause.
    at = text.index("[eth-fx-draft v0.1]")
    marking = ("**Projet — critère non encore publié\u00a0: à vérifier avant de l'insérer dans le cahier spécial "
               "des charges. / Ontwerp — nog niet gepubliceerd criterium: na te kijken vóór opname in het bestek.**")
    assert text.index(marking, at) == at + len("[eth-fx-draft v0.1]\n\n")
    assert text.count("Projet — critère non encore publié") == 1  # the published criterion has none


def test_unknown_ids_are_located(repo):
    with pytest.raises(model.UnknownIdsError) as caught:
        model.check_ids(repo, ["circ-fx-warranty", "circ-fx-waranty"])
    assert caught.value.where == "--ids[2]"
    assert caught.value.unknown == [(2, "circ-fx-waranty", "circ-fx-warranty")]


@pytest.mark.parametrize("kwargs, where, hint", [
    ({"level": "advance"}, "--level", "did you mean 'advanced'?"),
    ({"level": "advanced", "product_group": "notebook"}, "--product-group", "did you mean 'notebooks'?"),
])
def test_unknown_level_or_product_group(repo, kwargs, where, hint):
    with pytest.raises(model.ExportError) as caught:
        model.check_options(model.repo_codelists(repo), **kwargs)
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
def test_placeholders_are_filled_for_the_level(repo, tmp_path, level, fr, nl):
    warranty = item(kit_for(repo, tmp_path, level, ("fr", "nl")), "circ-fx-warranty")
    first_fr = blocks_from_json(warranty["clause"]["fr"])[0]
    assert fr in first_fr.text
    assert nl in blocks_from_json(warranty["clause"]["nl"])[0].text
    years = next(r for r in first_fr.runs if r.bold)
    assert years.text.split()[0] == {"essential": "2", "advanced": "3", "frontrunner": "5"}[level]


def test_no_placeholder_is_left_in_any_kit(repo, tmp_path):
    for level in ("essential", "advanced", "frontrunner"):
        written = kit_for(repo, tmp_path, level, ("fr", "nl"))
        assert written.warnings == []
        for it in items(written.kit):
            for lang in ("fr", "nl"):
                texts = text_of(it["clause"][lang]) + text_of(it["scoring"].get(lang, []))
                assert "{{" not in texts and "\ue000" not in texts


def test_award_weights_and_scoring_per_level(repo, tmp_path):
    essential, advanced = kit_for(repo, tmp_path, "essential"), kit_for(repo, tmp_path, "advanced")
    assert item(essential, "env-fx-energy-award")["weight"] == 5
    assert item(advanced, "env-fx-energy-award")["weight"] == 10
    grid = [(i["id"], i["weight"]) for i in items(advanced.kit) if i["type"] == "award"]
    assert grid == [("circ-fx-repair-award", 15), ("env-fx-energy-award", 10)]
    assert text_of(item(advanced, "env-fx-energy-award")["scoring"]["fr"]) == \
        "Tous les points si la marge atteint 25 %, aucun sinon."
    scoring = blocks_from_json(item(advanced, "circ-fx-repair-award")["scoring"]["fr"])
    assert [(b.kind, b.marker) for b in scoring] == [("paragraph", None), ("item", "1."), ("item", "2.")]
    assert item(advanced, "circ-fx-warranty")["weight"] is None


def test_evidence_lists_verification_labels_and_equivalent_proof(repo, tmp_path):
    evidence = text_of(item(kit_for(repo, tmp_path, "advanced"), "circ-fx-warranty")["evidence"]["fr"])
    assert evidence.splitlines() == [
        "Conditions de garantie du fabricant.",
        "Labels acceptés\u00a0: Fixture Ecolabel (couvre le critère en partie).",
        "Preuve équivalente acceptée\u00a0:",
        "Un dossier technique du fabricant.",
    ]


def test_legal_basis_labels_and_unverified_articles(repo, tmp_path):
    takeback = item(kit_for(repo, tmp_path, "advanced", ("fr", "nl")), "env-fx-takeback")
    ref = takeback["legal"][0]
    assert (ref["article"], ref["verified"]) == ("87", False)
    assert ref["label"]["nl"] == "Wet van 17 juni 2016 inzake overheidsopdrachten"
    assert ref["url"].startswith("https://www.ejustice.just.fgov.be/")


# --------------------------------------------------------------------------
# Values the buyer changes (issue 11, item 6)


EDITABLE = "    editable: {kind: range, min: 1, max: 10}\n"


def editable_repo(repo):
    """The fixture base with the warranty's years editable from 1 to 10."""
    path = repo.root / "criteria/circular/circ-fx-warranty.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    values: {essential: 2, advanced: 3, frontrunner: 5}\n",
                                 "    values: {essential: 2, advanced: 3, frontrunner: 5}\n" + EDITABLE, 1),
                    encoding="utf-8")
    loaded = load_repository(repo.root)
    assert loaded.ok, loaded.messages
    return loaded


def test_a_changed_value_is_printed_in_italics_with_who_set_it(repo, tmp_path):
    written = kit_for(editable_repo(repo), tmp_path, "advanced", ("fr", "nl"),
                      values={"circ-fx-warranty": {"years": "7"}})
    assert written.warnings == []
    warranty = item(written, "circ-fx-warranty")
    first = blocks_from_json(warranty["clause"]["fr"])[0]
    assert "pendant 7 ans selon EN 45554." in first.text
    assert Run("7", bold=True, italic=True) in first.runs
    assert text_of(warranty["clause"]["fr"]).splitlines()[-1] == \
        "Valeur fixée par le pouvoir adjudicateur – Années de garantie\u00a0: 7"
    assert text_of(warranty["clause"]["nl"]).splitlines()[-1] == \
        "Waarde bepaald door de aanbestedende overheid – Jaren garantie: 7"
    assert "gedurende 7 jaar" in markdown(written).replace("*", "")


@pytest.mark.parametrize("values, refused", [
    ({"circ-fx-warranty": {"years": "11"}}, "11"),        # outside the range
    ({"circ-fx-warranty": {"standard": "EN 1"}}, "EN 1"),  # not editable
])
def test_a_value_the_record_does_not_allow_is_refused_with_a_warning(repo, tmp_path, values, refused):
    written = kit_for(editable_repo(repo), tmp_path, "advanced", ("fr",), values=values)
    assert [w["key"] for w in written.warnings] == ["warn.value_refused"]
    assert f"la valeur «\u00a0{refused}\u00a0» n'est pas admise" in written.worded["fr"][0]
    assert "pendant 3 ans" in text_of(item(written, "circ-fx-warranty")["clause"]["fr"])


def test_the_level_value_given_again_is_not_marked_as_changed(repo, tmp_path):
    written = kit_for(editable_repo(repo), tmp_path, "advanced", ("fr",), values={"circ-fx-warranty": {"years": "3"}})
    assert "Valeur fixée" not in markdown(written) and written.warnings == []


# --------------------------------------------------------------------------
# Codes


def group_cpv(repo, group):
    return list(model.repo_codelists(repo)["product-groups"].get(group).cpv)


def cpv_codes(written) -> list[str]:
    return [c["code"] for c in written.kit["cpv"]]


def test_cpv_are_the_codes_of_the_group_every_criterion_applies_to(repo, tmp_path):
    written = kit_for(repo, tmp_path, "advanced", ("fr", "nl"))
    assert written.kit["product_groups"] == ["notebooks"]  # all six criteria apply to notebooks
    assert cpv_codes(written) == group_cpv(repo, "notebooks") == ["30213100-6", "30213000-5"]
    # Not the criteria's own tags (the take-back service's 50300000-8, the tablets code).
    assert "50300000-8" not in markdown(written) and "30213200-7" not in markdown(written)
    assert written.kit["groups_label"] == {"fr": "Ordinateurs portables", "nl": "Laptops"}
    assert strings.text("fr", "cpv_groups", groups="Ordinateurs portables") in markdown(written)


def test_cpv_of_the_chosen_group(repo, tmp_path):
    written = kit_for(repo, tmp_path, "advanced", ("fr",), product_group="tablets")
    assert written.kit["product_groups"] == ["tablets"]
    assert cpv_codes(written) == group_cpv(repo, "tablets")


def test_cpv_of_several_groups_in_codelist_order_each_code_once(repo, tmp_path):
    """The repair award applies to notebooks and tablets only: both groups' codes."""
    written = kit_for(repo, tmp_path, "advanced", ("fr",), ids=["circ-fx-repair-award", "circ-fx-warranty"])
    assert written.kit["product_groups"] == ["notebooks", "tablets"]
    assert cpv_codes(written) == group_cpv(repo, "notebooks") + group_cpv(repo, "tablets")


def test_a_mixed_selection_says_which_codes_to_give(repo, tmp_path):
    path = repo.root / "criteria/environmental/env-fx-takeback.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("product_groups: [notebooks]",
                                                             "product_groups: [end-of-life-services]"),
                    encoding="utf-8")
    written = kit_for(load_repository(repo.root), tmp_path, "advanced", ("fr", "nl"))
    assert written.kit["product_groups"] == [] and written.kit["cpv"] == []
    text = markdown(written)
    assert strings.text("fr", "cpv_none") in text and strings.text("nl", "cpv_none") in text


def test_eforms_codes_with_labels(repo, tmp_path):
    eforms = kit_for(repo, tmp_path, "advanced", ("fr", "nl")).kit["eforms"]
    assert [(c["scheme"], c["code"]) for c in eforms] == [
        ("BT-06", "env-imp"), ("BT-06", "soc-obj"),
        ("BT-774", "circ-econ"), ("BT-774", "clim-mitig"),
        ("BT-775", "hum-right"), ("BT-775", "opp"), ("BT-775", "work-cond"),
        ("BT-805", "eu"),
    ]
    assert eforms[0]["label"] == {"fr": "Réduction des incidences sur l'environnement",
                                  "nl": "Vermindering van milieueffecten"}


# --------------------------------------------------------------------------
# Layout (read from the written .docx and Markdown)


def test_layout_puts_french_and_dutch_side_by_side(repo, tmp_path):
    texts = docx_texts(kit_for(repo, tmp_path, "advanced", ("fr", "nl")).file("docx"))
    reference = index_of(texts, "[circ-fx-warranty v1.2]")
    assert texts[reference - 1] == ("Heading 2", "2.2 Garantie prolongée / Verlengde garantie")
    # The next cells: the French clause, then the Dutch one, of the same table row.
    assert "3 ans" in texts[reference + 1][1]
    assert "3 jaar" in texts[index_of(texts, "gedurende", reference)][1]
    assert index_of(texts, "gedurende", reference) < index_of(texts, "[circ-fx-repair-award", reference)


def test_layout_in_one_language_uses_paragraphs(repo, tmp_path):
    path = kit_for(repo, tmp_path, "advanced", ("nl",)).file("docx")
    texts = docx_texts(path)
    assert texts[0] == ("Title", "Clausules voor een duurzame ICT-opdracht")
    assert [t for s, t in texts if s == "Heading 1"] == [
        "1. Selectiecriteria", "2. Technische specificaties", "3. Gunningscriteria", "4. Uitvoeringsvoorwaarden",
        "Checklist van de bewijsstukken", "Beoordelingsrooster", "Bijlage: rechtsgrond en bronnen",
        "CPV-codes en eForms-classificatie"]


def test_every_clause_is_preceded_by_its_reference(repo, tmp_path):
    written = kit_for(repo, tmp_path, "frontrunner", ("fr", "nl"))
    references = [t for s, t in docx_texts(written.file("docx")) if s == "Clause Reference"]
    assert references == [f"[{i['id']} v{i['version']}]" for i in items(written.kit)]


def test_clauses_are_numbered_and_the_tables_refer_to_them(repo, tmp_path):
    """Issue 11, item 4: sections 1, 2 …, clauses 1.1 …; the checklist and the grid refer to a
    clause by its number and title, the identifier only on the clause and in the annex."""
    text = markdown(kit_for(repo, tmp_path, "advanced", ("fr",)))
    assert "## 3. Critères d'attribution" in text and "### 3.1 Réparabilité" in text
    checklist = text[text.index("## Liste de contrôle"):text.index("## Grille")]
    grid = text[text.index("## Grille"):text.index("## Annexe")]
    annex = text[text.index("## Annexe"):]
    assert "| **3.1**<br>Réparabilité |" in checklist and "| **3.1**<br>Réparabilité |" in grid
    assert "| **3.1 [circ-fx-repair-award v1.0]**<br>Réparabilité |" in annex
    assert "[circ-fx-repair-award" not in checklist + grid
    assert text.count("[circ-fx-repair-award v1.0]") == 2  # under its heading and in the annex


def test_french_text_gets_no_break_spaces_and_addresses_stay(repo, tmp_path):
    text = markdown(kit_for(repo, tmp_path, "advanced", ("fr", "nl")))
    assert "premier point\u00a0;" in text and "premier point ;" not in text
    assert "eerste punt;" in text  # Dutch is left as written
    assert "(https://example.org/fr)" in text


def test_evaluation_grid_has_weights_total_and_points_column(repo, tmp_path):
    text = markdown(kit_for(repo, tmp_path, "advanced", ("fr", "nl")))
    grid = text[text.index("## Grille d'évaluation"):]
    grid = grid[:grid.index("\n## ", 5)]
    header = next(line for line in grid.splitlines() if line.startswith("| Critère"))
    assert header == ("| Critère / Criterium | Pondération / Weging | Méthode de cotation | Beoordelingsmethode "
                      "| Points attribués / Toegekende punten |")
    rows = [line.split(" | ") for line in grid.splitlines()
            if line.startswith("| ") and line != header and "---" not in line]
    assert [row[1] for row in rows] == ["15\u00a0%", "10\u00a0%", "**25\u00a0%**"]  # the total in bold
    assert all(row[-1].strip() == "|" for row in rows)  # left blank for the committee


def test_annex_flags_unverified_articles_in_both_languages(repo, tmp_path):
    text = markdown(kit_for(repo, tmp_path, "advanced", ("fr", "nl")))
    annex = text[text.index("## Annexe"):]
    row = next(line for line in annex.splitlines() if line.startswith("| ") and "env-fx-takeback" in line)
    # The title, the flag and the reason come from the legal register (register/).
    why = yaml.safe_load((kinds.ROOT / "register/be-law-2016-art-87.yaml").read_text(encoding="utf-8"))
    why = why["verification"]["why"]
    # The reason's first words, as the register gives them (typography may change later spaces).
    assert f"art. 87 — Conditions d'exécution **(à vérifier)** {' '.join(why['fr'].split()[:3])}" in row
    assert f"art. 87 — Uitvoeringsvoorwaarden **(na te gaan)** {' '.join(why['nl'].split()[:3])}" in row


def test_empty_selection_still_gives_a_document(repo, tmp_path):
    written = kit_for(repo, tmp_path, "essential", ("fr", "nl"), product_group="smartphones")
    assert items(written.kit) == []
    assert "Aucun critère publié" in markdown(written)
