"""Open data: JSON validated against the schemas, CSV per language, schema
copies, Atom feed, kit data for the browser, determinism, and the real
knowledge base end to end."""

from __future__ import annotations

import csv
import io
import json
import shutil
import xml.etree.ElementTree as ET

import pytest
from conftest import FIXTURES, ROOT, make_repo

from kb import kinds, schemas
from kb.export import opendata
from kb.export.blocks import blocks_from_json, plain_text
from kb.repository import load_repository

EXPORT_FIXTURES = FIXTURES / "export"
ATOM = "{http://www.w3.org/2005/Atom}"
XHTML = "{http://www.w3.org/1999/xhtml}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture
def repo(tmp_path):
    root = make_repo(tmp_path / "kb")
    for folder in ("criteria", "labels"):
        shutil.copytree(EXPORT_FIXTURES / folder, root / folder)
    loaded = load_repository(root)
    assert loaded.ok
    return loaded


@pytest.fixture
def data_dir(repo, tmp_path):
    out = tmp_path / "data"
    opendata.write_open_data(repo, out, build_date="2026-03-01", kb_version="2.1.0")
    return out


def files(folder) -> dict:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def validate_records(document: dict) -> int:
    """Validate every record of criteria.json against its kind's schema; returns the count."""
    count = 0
    for kind in kinds.KINDS:
        validator = schemas.validator(kind.schema)
        for record in document[kind.folder]:
            errors = [e.message for e in validator.iter_errors(record)]
            assert not errors, (kind.name, record.get("id"), errors)
            count += 1
    return count


# --------------------------------------------------------------------------
# criteria.json


def test_json_holds_every_record_valid_with_metadata(data_dir):
    document = json.loads((data_dir / "criteria.json").read_text(encoding="utf-8"))
    meta = document["metadata"]
    assert (meta["version"], meta["build_date"]) == ("2.1.0", "2026-03-01")
    assert meta["licence"]["content"]["id"] == "CC-BY-4.0"
    assert meta["licence"]["code"]["id"] == "EUPL-1.2"
    register = len(list((ROOT / "register").glob("*.yaml")))  # the legal register, with verification dates
    assert meta["counts"] == {"criteria": 8, "practices": 0, "labels": 1, "glossary": 0, "coverage": 0,
                              "legislation": 0, "register": register}
    assert validate_records(document) == 9 + register
    assert [c["id"] for c in document["criteria"]] == sorted(c["id"] for c in document["criteria"])
    warranty = next(c for c in document["criteria"] if c["id"] == "circ-fx-warranty")
    assert warranty["version"] == "1.2" and warranty["title"] == {"fr": "Garantie prolongée",
                                                                  "nl": "Verlengde garantie"}
    assert document["codelists"]["levels"]["codes"][1]["label"] == {"fr": "Avancé", "nl": "Gevorderd"}


def test_schema_copies_are_identical(data_dir, repo):
    for source in (repo.root / "schema").glob("*.json"):
        assert (data_dir / "schema" / source.name).read_bytes() == source.read_bytes()


# --------------------------------------------------------------------------
# CSV


@pytest.mark.parametrize("lang, title, level", [("fr", "Garantie prolongée", "Essentiel;Avancé;Pionnier"),
                                                ("nl", "Verlengde garantie", "Basis;Gevorderd;Koploper")])
def test_csv_per_language(data_dir, lang, title, level):
    raw = (data_dir / f"criteria-{lang}.csv").read_bytes()
    assert b"\r\n" in raw and not raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))
    assert list(rows[0]) == list(opendata.CSV_COLUMNS) == [
        "id", "version", "status", "theme", "type", "levels", "product_groups", "title", "summary", "cpv",
        "eforms", "last_reviewed", "url"]
    assert len(rows) == 8  # every criterion, drafts included (with their status)
    warranty = next(r for r in rows if r["id"] == "circ-fx-warranty")
    assert (warranty["title"], warranty["levels"], warranty["version"]) == (title, level, "1.2")
    assert warranty["cpv"] == "30213100-6;30213200-7"
    assert warranty["eforms"] == "BT-06=env-imp;BT-774=circ-econ;BT-805=eu"
    prefix = "" if lang == "fr" else "nl/"
    assert warranty["url"] == f"https://sustainable-ict-be.github.io/ict-criteria/{prefix}criteria/circ-fx-warranty/"
    assert next(r for r in rows if r["id"] == "eth-fx-draft")["status"] == "draft"


# --------------------------------------------------------------------------
# Atom


def test_atom_feed_has_one_bilingual_entry_per_history_entry(data_dir, repo):
    feed = ET.parse(data_dir / "changes.atom").getroot()
    assert feed.tag == f"{ATOM}feed"
    assert feed.find(f"{ATOM}updated").text == "2026-03-01T00:00:00Z"
    assert "CC BY 4.0" in feed.find(f"{ATOM}rights").text
    entries = feed.findall(f"{ATOM}entry")
    expected = sum(len(r.get("history") or []) for r in repo.records)
    assert len(entries) == expected == 12
    ids = [e.find(f"{ATOM}id").text for e in entries]
    assert len(set(ids)) == len(ids) and all(i.startswith("tag:") for i in ids)
    dates = [e.find(f"{ATOM}updated").text for e in entries]
    assert dates == sorted(dates, reverse=True)
    first = entries[0]
    assert first.find(f"{ATOM}id").text == \
        "tag:sustainable-ict-be.github.io,2026:ict-criteria/criterion/circ-fx-warranty/1.2"
    paragraphs = first.find(f"{ATOM}content").find(f"{XHTML}div").findall(f"{XHTML}p")
    assert [(p.get(XML_LANG), p.text) for p in paragraphs] == [("fr", "Durées revues."), ("nl", "Duur herzien.")]
    assert [link.get("hreflang") for link in first.findall(f"{ATOM}link")] == ["fr", "nl"]
    label_entry = next(e for e in entries if "/label/lbl-fx-label/" in e.find(f"{ATOM}id").text)
    assert label_entry.find(f"{ATOM}title").text == "lbl-fx-label v1.0 — Fixture Ecolabel"


def test_atom_without_build_date_is_dated_by_its_newest_change(repo):
    feed = ET.fromstring(opendata.atom_feed(repo).encode())
    assert feed.find(f"{ATOM}updated").text == "2026-02-01T00:00:00Z"


# --------------------------------------------------------------------------
# kit-data.json


def test_kit_data_has_published_criteria_per_level_with_filled_texts(data_dir):
    data = json.loads((data_dir / "kit-data.json").read_text(encoding="utf-8"))
    assert [c["id"] for c in data["criteria"]] == [
        "eth-fx-exclusion", "soc-fx-selection", "soc-fx-reserved-lot", "circ-fx-warranty",
        "circ-fx-repair-award", "env-fx-energy-award", "env-fx-takeback"]  # document order, no draft
    assert [s["type"] for s in data["sections"]] == [
        "exclusion", "selection", "technical-specification", "award", "contract-performance"]
    assert set(data["strings"]) == {"fr", "nl"} and data["strings"]["nl"]["col.points"] == "Toegekende punten"
    warranty = next(c for c in data["criteria"] if c["id"] == "circ-fx-warranty")
    assert set(warranty["levels"]) == {"essential", "advanced", "frontrunner"}
    clause = blocks_from_json(warranty["levels"]["frontrunner"]["clause"]["nl"])
    assert "gedurende 5 jaar volgens EN 45554 en EN 45559." in clause[0].text
    assert "Labels acceptés" in plain_text(blocks_from_json(warranty["evidence"]["fr"]))
    assert warranty["legal"][0]["label"]["fr"].startswith("Loi du 17 juin 2016")
    energy = next(c for c in data["criteria"] if c["id"] == "env-fx-energy-award")
    assert {level: v["weight"] for level, v in energy["levels"].items()} == {"essential": 5, "advanced": 10}
    assert plain_text(blocks_from_json(energy["levels"]["essential"]["scoring"]["fr"])).endswith("10 %, aucun sinon.")
    assert [f["term"] for f in data["eforms_fields"]] == ["BT-06", "BT-774", "BT-775", "BT-805"]
    # Level names as file-name parts in each language (the basket names its downloads with them).
    assert {level["code"]: level["slug"] for level in data["levels"]}["advanced"] == {"fr": "avance", "nl": "gevorderd"}
    assert data["build_date"] == "2026-03-01" and data["version"] == "2.1.0"


def test_files_for_site_are_under_data(repo):
    site_files = opendata.files_for_site(repo, repo.root, "1772323200")
    assert "data/kit-data.json" in site_files and "data/schema/criterion.schema.json" in site_files
    # The basket's parts: the shared part and one file per criterion, drafts included.
    whole = json.loads(site_files["data/kit-data.json"])
    parts = {name for name in site_files if name.startswith("data/kit/")}
    expected = {f"data/kit/{c['id']}.json" for c in whole["criteria"] + whole["unpublished"]}
    assert parts == expected | {"data/kit/common.json"} and "data/kit/eth-fx-draft.json" in parts
    common = json.loads(site_files["data/kit/common.json"])
    assert set(common) == set(whole) - {"criteria", "unpublished"}
    assert json.loads(site_files["data/kit/circ-fx-warranty.json"]) == next(
        c for c in whole["criteria"] if c["id"] == "circ-fx-warranty")
    assert json.loads(site_files["data/criteria.json"])["metadata"]["build_date"] == "2026-03-01"
    assert opendata.build_date_from_epoch("0") is None and opendata.build_date_from_epoch("x") is None


# --------------------------------------------------------------------------
# Determinism


def test_two_builds_are_byte_identical(repo, tmp_path):
    for name in ("a", "b"):
        opendata.write_open_data(repo, tmp_path / name, build_date="2026-03-01")
    assert files(tmp_path / "a") == files(tmp_path / "b")
    opendata.write_open_data(repo, tmp_path / "c")
    opendata.write_open_data(repo, tmp_path / "d")
    assert files(tmp_path / "c") == files(tmp_path / "d")
    assert json.loads((tmp_path / "c" / "criteria.json").read_text())["metadata"]["build_date"] is None


# --------------------------------------------------------------------------
# The real knowledge base


def test_real_knowledge_base_open_data(tmp_path):
    repo = load_repository(kinds.ROOT)
    opendata.write_open_data(repo, tmp_path, build_date="2026-03-01")
    document = json.loads((tmp_path / "criteria.json").read_text(encoding="utf-8"))
    assert document["criteria"], "the knowledge base has criteria"
    validate_records(document)
    ET.parse(tmp_path / "changes.atom")
    kit_data = json.loads((tmp_path / "kit-data.json").read_text(encoding="utf-8"))
    assert all(c["status"] == "published" for c in kit_data["criteria"])
    for criterion in kit_data["criteria"]:
        for level in criterion["levels"].values():
            for lang in ("fr", "nl"):
                assert "{{" not in plain_text(blocks_from_json(level["clause"][lang])), criterion["id"]
