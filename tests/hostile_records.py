"""Valid records of every kind for the hostile-input tests (the fixture corpus has no term,
coverage set or legal act): a throw-away knowledge base and a loaded one (fixture ``valid_repo``)."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import FIXTURES, make_repo

from kb import kinds
from kb.repository import Repository, load_repository

# --- valid records of every kind (the fixture corpus has no term, set or act) --------------

TERM = """id: fixture-term
term: {fr: cahier spécial des charges, nl: bestek, en: procurement documents}
definition: {fr: Document qui décrit le marché., nl: Document dat de opdracht beschrijft.}
belgian_usage: {fr: Dit « CSC »., nl: Niet « Plan van Eisen ».}
see_also: [fixture-term-two]
sources:
  - {title: Loi du 17 juin 2016, lang: fr, publisher: SPF Justice, url: "https://example.org/law", date: "2016-07-14"}
last_reviewed: "2026-01-01"
"""
TERM_TWO = TERM.replace("id: fixture-term\n", "id: fixture-term-two\n").replace("[fixture-term-two]", "[fixture-term]")
COVERAGE = """id: eu-gpp-fixture
title: {fr: Ensemble de test, nl: Testset}
summary: {fr: Un ensemble de test., nl: Een testset.}
source: {title: Test set, lang: en, publisher: Test, url: "https://example.org/gpp", code: EU GPP 2021}
last_reviewed: "2026-01-01"
items:
  - {code: TS1, name: {fr: Garantie, nl: Garantie}, criteria: [circ-fixture-warranty]}
  - {code: TS2, name: {fr: Reprise, nl: Terugname}, not_adopted: {fr: Hors champ., nl: Buiten bestek.}}
"""
LEGISLATION = """id: eu-reg-fixture
status: published
last_reviewed: "2026-01-01"
act: Regulation (EU) 0000/1
title: {fr: Acte de test, nl: Testakte}
summary: {fr: Un acte de test., nl: Een testakte.}
product_groups: [notebooks]
url: https://example.org/act
requirements:
  - {applies_from: "2026-01-01", text: {fr: Les appareils sont réparables., nl: Toestellen zijn herstelbaar.},
     reference: {fr: Article 1, nl: Artikel 1}}
sources:
  - {title: Test, lang: en, publisher: Test, url: "https://example.org/act", date: "2024-01-01"}
history:
  - {date: "2026-01-01", version: "1.0", change: {fr: Création., nl: Aanmaak.}}
"""
EXTRA = {"glossary/fixture-term.yaml": TERM, "glossary/fixture-term-two.yaml": TERM_TWO,
         "coverage/eu-gpp-fixture.yaml": COVERAGE, "legislation/eu-reg-fixture.yaml": LEGISLATION}


def add_records(root: Path) -> Path:
    """Add the valid fixtures plus one valid term, coverage set and legal act to ``root``."""
    shutil.copytree(FIXTURES / "valid", root, dirs_exist_ok=True)
    for relative, text in EXTRA.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text, encoding="utf-8")
    return root


def full_repo(tmp_path: Path) -> Path:
    """A throw-away knowledge base with a valid record of every kind."""
    return add_records(make_repo(tmp_path))


def load_valid_repo(tmp_path_factory) -> Repository:
    """The valid knowledge base loaded (for a module-scoped fixture ``valid_repo``)."""
    repo = load_repository(full_repo(tmp_path_factory.mktemp("hostile")))
    assert repo.ok, repo.messages
    assert {r.kind.name for r in repo.records} == {k.name for k in kinds.KINDS}
    return repo
