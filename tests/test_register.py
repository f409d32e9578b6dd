"""The legal register (register/): criteria take their article flags from it, the legal guide
agrees with it, and the rules refuse a citation it does not hold."""

from __future__ import annotations

import re

from conftest import ROOT, make_repo, valid_criterion_text

from kb.repository import load_repository
from kb.rules.register import provision_id, register_index, unverified_summary

STATUS = {"fr": {"confirmé": "verified", "à vérifier": "unverified"},
          "nl": {"bevestigd": "verified", "na te gaan": "unverified"}}
DECREES = {"18 avril 2017": "be-rd-2017-award", "18 april 2017": "be-rd-2017-award",
           "14 janvier 2013": "be-rd-2013-execution", "14 januari 2013": "be-rd-2013-execution"}


def _register():
    repo = load_repository(ROOT)
    return repo, register_index(repo.records)


def _tables(text: str) -> list[list[list[str]]]:
    tables, current = [], []
    for line in text.splitlines():
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if not all(re.fullmatch(r"-+", c) for c in cells):
                current.append(cells)
        elif current:
            tables.append(current)
            current = []
    if current:
        tables.append(current)
    return tables


def test_every_citation_resolves_and_ids_follow_the_scheme():
    repo, index = _register()
    assert not [m for m in repo.messages if m.rule in ("legal-register", "register-evidence")]
    for (instrument, article), record in index.items():
        assert record.id == provision_id(instrument, article)


def test_legal_guide_tables_say_what_the_register_says():
    _repo, index = _register()
    for lang in ("fr", "nl"):
        text = (ROOT / "docs" / "guide" / f"legal-framework.{lang}.md").read_text(encoding="utf-8")
        checked = 0
        for table in _tables(text):
            header = [h.lower() for h in table[0]]
            if "statut" not in header and "status" not in header:
                continue
            col_article = header.index("article" if lang == "fr" else "artikel")
            col_status = len(header) - 1
            for row in table[1:]:
                instrument = "be-law-2016"
                if len(header) == 4:  # royal decrees: the act is in the first column
                    instrument = next(code for key, code in DECREES.items() if key in row[0])
                provision = index.get((instrument, row[col_article]))
                assert provision is not None, f"{lang}: {instrument} {row[col_article]} is not in the register"
                expected = provision.data["verification"]["status"]
                assert STATUS[lang][row[col_status]] == expected, (lang, row)
                checked += 1
        assert checked >= 30, f"{lang}: only {checked} rows compared"


def test_guide_pages_have_no_malformed_etaamb_links():
    for path in (ROOT / "docs" / "guide").glob("*.md"):
        assert "etaamb.openjustice.be/fr/nl/" not in path.read_text(encoding="utf-8"), path.name


def test_citation_missing_from_the_register_is_located_with_a_hint(tmp_path):
    text = valid_criterion_text().replace('article: "54"', 'article: "999"')
    root = make_repo(tmp_path, {"criteria/circular/circ-fixture-warranty.yaml": text})
    found = [m for m in load_repository(root).messages if m.rule == "legal-register"]
    assert found and found[0].path == "legal_basis[1].article"
    assert "not in the legal register" in found[0].text and "be-law-2016-art-999" in found[0].hint


def test_verified_without_evidence_is_refused(tmp_path):
    source = (ROOT / "register" / "be-law-2016-art-87.yaml").read_text(encoding="utf-8")
    text = re.sub(r"  why:\n(    .*\n)+", "", source.replace("status: unverified", "status: verified"))
    root = make_repo(tmp_path)
    (root / "register" / "be-law-2016-art-87.yaml").write_text(text, encoding="utf-8")
    found = [m for m in load_repository(root).messages if m.rule == "register-evidence"]
    assert found and found[0].path == "verification.status"


def test_summary_counts_criterion_pages_citing_unverified_articles():
    repo, _index = _register()
    lines = unverified_summary(repo.records)
    assert lines[0].startswith("legal register: ") and "criterion pages" in lines[0]
    assert any("be-law-2016 art. 87" in line for line in lines[1:])
