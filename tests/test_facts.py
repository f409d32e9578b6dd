"""One fact in one place, and self-contained clauses.

- rule upstream-values: two criteria carrying the same upstream code give the same value;
- rule editable-values: values fit what ``editable`` allows;
- parameters to complete (``to_complete: true`` + ``note``): shown as
  "valeur à compléter / in te vullen waarde" with the note on the page and in a kit;
- data: no published clause sends the tenderer to an annex of the EU GPP document
  instead of stating the requirement.
"""

from __future__ import annotations

import re
import shutil

from conftest import FIXTURES, make_repo, valid_criterion_text

from kb import yamlload
from kb.export import model
from kb.export.blocks import plain_text
from kb.render import criterion as criterion_page
from kb.repository import load_repository

BASE = "criteria/circular/circ-fixture-warranty.yaml"
YEARS = """  years:
    label:
      fr: Années de garantie
      nl: Jaren garantie
    values:
      essential: 2
      advanced: 3
      frontrunner: 5
"""


def _variant(ident: str, years: tuple = (2, 3, 5), extra: str = "  upstream: EU GPP 2021 TS3\n") -> str:
    text = valid_criterion_text().replace("id: circ-fixture-warranty", f"id: {ident}")
    new_years = YEARS.replace("essential: 2", f"essential: {years[0]}").replace(
        "advanced: 3", f"advanced: {years[1]}").replace("frontrunner: 5", f"frontrunner: {years[2]}")
    extra = "".join("  " + line + "\n" for line in extra.splitlines())
    assert YEARS in text
    return text.replace(YEARS, new_years + extra)


def _messages(tmp_path, files: dict, rule: str) -> list:
    root = make_repo(tmp_path, files)
    repo = load_repository(root)
    return [m for m in repo.messages if m.rule == rule]


# --------------------------------------------------------------------------
# Rule upstream-values


def test_same_upstream_code_same_values_passes(tmp_path):
    files = {BASE.replace("fixture-warranty", "a-one"): _variant("circ-a-one"),
             BASE.replace("fixture-warranty", "a-two"): _variant("circ-a-two")}
    assert _messages(tmp_path, files, "upstream-values") == []


def test_same_upstream_code_different_values_is_located(tmp_path):
    files = {BASE.replace("fixture-warranty", "a-one"): _variant("circ-a-one"),
             BASE.replace("fixture-warranty", "a-two"): _variant("circ-a-two", years=(2, 4, 5))}
    found = _messages(tmp_path, files, "upstream-values")
    assert len(found) == 1, found
    message = found[0]
    assert message.path == "parameters.years.values.advanced"
    assert message.line > 1 and "EU GPP 2021 TS3" in message.text and "circ-a-" in message.text


def test_same_name_under_a_shared_source_code_is_compared_without_declaration(tmp_path):
    files = {BASE.replace("fixture-warranty", "a-one"): _variant("circ-a-one", extra=""),
             BASE.replace("fixture-warranty", "a-two"): _variant("circ-a-two", years=(1, 3, 5), extra="")}
    found = _messages(tmp_path, files, "upstream-values")
    assert [m.path for m in found] == ["parameters.years.values.essential"]


def test_upstream_code_must_be_a_source_of_the_record(tmp_path):
    files = {BASE: _variant("circ-fixture-warranty", extra="  upstream: EU GPP 2021 TS99\n")}
    found = _messages(tmp_path, files, "upstream-values")
    assert len(found) == 1 and found[0].path == "parameters.years.upstream"


# --------------------------------------------------------------------------
# Rule editable-values


def test_editable_range_and_list(tmp_path):
    ok = "  editable:\n    kind: range\n    min: 1\n    max: 10\n"
    assert _messages(tmp_path / "a", {BASE: _variant("circ-fixture-warranty", extra=ok)}, "editable-values") == []
    narrow = "  editable:\n    kind: range\n    min: 1\n    max: 4\n"
    found = _messages(tmp_path / "b", {BASE: _variant("circ-fixture-warranty", extra=narrow)}, "editable-values")
    assert [m.path for m in found] == ["parameters.years.values.frontrunner"]
    options = "  editable:\n    kind: list\n    options: [2, 3]\n"
    found = _messages(tmp_path / "c", {BASE: _variant("circ-fixture-warranty", extra=options)}, "editable-values")
    assert [m.path for m in found] == ["parameters.years.values.frontrunner"]


# --------------------------------------------------------------------------
# Parameters to complete: schema, page, kit

TO_COMPLETE = """  limit:
    label:
      fr: Limite à respecter
      nl: Na te leven grens
    to_complete: true
    note:
      fr: Reprenez la limite du tableau 4 du document source.
      nl: Neem de grens over uit tabel 4 van het brondocument.
"""


def _to_complete_repo(tmp_path):
    text = valid_criterion_text().replace("parameters:\n", "parameters:\n" + TO_COMPLETE, 1)
    text = text.replace("selon {{standard}}.", "selon {{standard}}, sous {{limit}}.")
    text = text.replace("volgens {{standard}}.", "volgens {{standard}}, onder {{limit}}.")
    assert "{{limit}}" in text
    if "code: EU GPP 2021 TS3\n    date:" not in text:  # a usable record cites dated sources
        text = text.replace("code: EU GPP 2021 TS3\n", 'code: EU GPP 2021 TS3\n    date: "2021-03-05"\n')
    root = make_repo(tmp_path / "kb")
    shutil.copytree(FIXTURES / "valid", root, dirs_exist_ok=True)
    (root / BASE).write_text(text, encoding="utf-8")
    repo = load_repository(root)
    # Only what this test is about (other rules may evolve with the fixture).
    mine = [m for m in repo.messages if m.path.startswith(("parameters", "clause"))]
    assert not mine, [f"{m.rule} {m.path}: {m.text}" for m in mine]
    return repo


def _record(repo):
    return next(r for r in repo.records if r.id == "circ-fixture-warranty")


def test_clause_uses_the_placeholder_in_both_languages(tmp_path):
    text = (FIXTURES / "valid" / BASE).read_text(encoding="utf-8")
    assert "selon {{standard}}." in text and "volgens {{standard}}." in text


def test_to_complete_needs_a_note_and_no_values(tmp_path):
    no_note = TO_COMPLETE.split("    note:")[0]
    text = valid_criterion_text().replace("parameters:\n", "parameters:\n" + no_note, 1)
    text = text.replace("selon {{standard}}.", "selon {{standard}}, sous {{limit}}.")
    text = text.replace("volgens {{standard}}.", "volgens {{standard}}, onder {{limit}}.")
    repo = load_repository(make_repo(tmp_path, {BASE: text}))
    assert any(m.rule == "schema" and m.path.startswith("parameters.limit") for m in repo.messages)


def test_page_shows_value_to_complete_with_the_note(tmp_path):
    record = _record(_to_complete_repo(tmp_path))
    fr, nl = "\n".join(criterion_page._clause(record, "fr")), "\n".join(criterion_page._clause(record, "nl"))
    # Markdown escapes the brackets: the page shows "[valeur à compléter]".
    assert "sous \\[valeur à compléter\\]." in fr and "{{limit}}" not in fr
    assert "onder \\[in te vullen waarde\\]." in nl and "{{limit}}" not in nl
    assert "Reprenez la limite du tableau 4 du document source." in fr
    assert "Neem de grens over uit tabel 4 van het brondocument." in nl
    assert "Valeurs à compléter par le pouvoir adjudicateur" in fr


def test_kit_shows_value_to_complete_with_the_note(tmp_path):
    repo = _to_complete_repo(tmp_path)
    item = model.build_item(_record(repo), "advanced", model.repo_codelists(repo), ("fr", "nl"))
    fr, nl = plain_text(item.clause["fr"]), plain_text(item.clause["nl"])
    assert "sous [valeur à compléter]." in fr and "onder [in te vullen waarde]." in nl
    assert "Valeur à compléter par le pouvoir adjudicateur – Limite à respecter" in fr
    assert "Reprenez la limite du tableau 4 du document source." in fr
    assert "In te vullen waarde door de aanbestedende overheid – Na te leven grens" in nl
    assert not item.missing


# --------------------------------------------------------------------------
# Data: published clauses state the requirement instead of pointing to an annex

# An annex of the EU GPP criteria document ("annexe II des critères de l'UE", "bijlage I van de
# EU-criteria", "l'annexe à laquelle renvoie le critère TS20"…) standing in for a requirement.
ANNEX = re.compile(r"\b(annex|annexe|bijlage)\b", re.IGNORECASE)
EU_DOCUMENT = re.compile(
    r"critères de l'UE|critères européens|document européen|EU-criteria|Europese criteria|Europese document|"
    r"\bGPP\b|\bMPE\b|critère (TS|AC|SC|CPC)\d|criterium (TS|AC|SC|CPC)\d", re.IGNORECASE)
# Legitimate mentions: annexes of legal acts (a directive or regulation states the requirement).
ALLOWED = re.compile(r"directive|règlement|richtlijn|verordening|\d{4}/\d+/(UE|EU|EG|CE)", re.IGNORECASE)


def _sentences(text: str):
    return [s for s in re.split(r"(?<=[.;:])\s+", " ".join(text.split())) if s]


def _published_criteria(root):
    for path in sorted((root / "criteria").rglob("*.yaml")):
        data = yamlload.load(path.read_bytes()).data
        if isinstance(data, dict) and data.get("status") == "published":
            yield path, data


def test_heuristic_flags_an_annex_of_the_eu_document():
    bad = "L'appareil satisfait aux exigences de l'annexe II des critères de l'UE de 2021."
    good = "Les preuves suivent l'annexe VI de la directive 2012/19/UE."
    assert [s for s in _sentences(bad) if ANNEX.search(s) and EU_DOCUMENT.search(s) and not ALLOWED.search(s)]
    assert not [s for s in _sentences(good) if ANNEX.search(s) and EU_DOCUMENT.search(s) and not ALLOWED.search(s)]


def test_no_published_clause_points_to_an_annex_instead_of_a_requirement(root):
    offending = []
    for path, data in _published_criteria(root):
        params = data.get("parameters") or {}
        texts = [data.get("clause") or {}]
        texts += [p.get("values", {}).get(lvl) for p in params.values() if isinstance(p, dict)
                  for lvl in (p.get("values") or {})]
        for value in texts:
            for lang_text in (value.values() if isinstance(value, dict) else [value]):
                if not isinstance(lang_text, str):
                    continue
                for sentence in _sentences(lang_text):
                    if ANNEX.search(sentence) and EU_DOCUMENT.search(sentence) and not ALLOWED.search(sentence):
                        offending.append(f"{path.relative_to(root)}: {sentence}")
    assert not offending, "\n".join(offending)


def test_battery_endurance_values_are_stated_once_per_upstream_code(root):
    data = yamlload.load((root / "criteria/circular/circ-battery-endurance.yaml").read_bytes()).data
    param = data["parameters"]["battery_endurance"]
    assert param["upstream"] == "EU GPP 2021 TS6"
    assert "90 %" not in data["clause"]["fr"] and "{{battery_endurance}}" in data["clause"]["fr"]
