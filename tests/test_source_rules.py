"""Source hygiene rules (scripts/kb/rules/sources.py): each rule fires on a bad source, with a
located message and a hint, and stays silent on a good one; the knowledge base itself passes."""

import shutil

import pytest
from conftest import FIXTURES, ROOT, make_repo, valid_criterion_text

from kb.cli import main as kb_main
from kb.repository import load_repository
from kb.rules import RULES

CRITERION = "criteria/circular/circ-fixture-warranty.yaml"
SOURCE = """  - title: Test source
    lang: en
    publisher: Test publisher
    url: https://example.org/source
    code: EU GPP 2021 TS3
    accessed: "2026-01-15"
"""
SOURCE_RULES = ("source-wikipedia", "source-search-url", "source-eurlex-language", "source-specific-page",
                "source-edition", "source-dated", "draft-reason")
DRAFT_REASON = """draft_reason:
  date: "2026-01-15"
  reason:
    fr: Les valeurs attendent la version finale de la norme.
    nl: De waarden wachten op de definitieve versie van de norm.
"""


def criterion(sources: str = SOURCE, status: str = "published", extra: str = "") -> str:
    """The valid fixture criterion with another sources block, status or top-level fields."""
    text = valid_criterion_text()
    assert SOURCE in text and "status: published\n" in text
    text = text.replace(SOURCE, sources).replace("status: published\n", f"status: {status}\n{extra}")
    return text


def source(url: str = "https://example.org/source", more: str = "", dated: bool = True,
           title: str = "Test source") -> str:
    """One source item; ``more`` adds lines such as '    edition: draft\\n'."""
    return (f"  - title: {title}\n    lang: en\n    publisher: Test publisher\n    url: {url}\n"
            + ('    accessed: "2026-01-15"\n' if dated else "") + more)


def findings(tmp_path, text: str, rule: str, relative: str = CRITERION):
    """The messages of ``rule`` for the record at ``relative`` in a copy of the valid fixtures."""
    root = make_repo(tmp_path)
    shutil.copytree(FIXTURES / "valid", root, dirs_exist_ok=True)
    target = root / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    repo = load_repository(root)
    found = [m for m in repo.messages if m.rule == rule and m.file == relative]
    for message in found:  # located, with a hint
        assert message.line >= 1 and message.column >= 1
        assert message.hint
    return found


def test_rules_are_registered_and_listed(capsys):
    assert set(SOURCE_RULES) <= set(RULES)
    assert kb_main(["rules"]) == 0
    out = capsys.readouterr().out
    for name in SOURCE_RULES:
        assert name in out


def test_fixture_passes_every_source_rule(tmp_path):
    for rule in SOURCE_RULES:
        assert not findings(tmp_path / rule, criterion(), rule), rule


# ---- (a) no Wikipedia -----------------------------------------------------------------------

@pytest.mark.parametrize("url", ["https://en.wikipedia.org/wiki/ISO_37001", "https://fr.m.wikipedia.org/wiki/PUE"])
def test_wikipedia_is_refused(tmp_path, url):
    found = findings(tmp_path, criterion(source(url)), "source-wikipedia")
    assert [m.path for m in found] == ["sources[0].url"]
    assert "Wikipedia" in found[0].text


def test_standard_catalogue_page_is_accepted(tmp_path):
    assert not findings(tmp_path, criterion(source("https://www.iso.org/standard/65034.html")), "source-wikipedia")


# ---- (b) no search-result addresses ---------------------------------------------------------

@pytest.mark.parametrize("url", [
    "https://example.org/search?q=life+cycle+costing",
    "https://example.org/projects/?c=search&uid=tqUE6sP0",
    "https://example.org/?s=recruitment+fees",
    "https://example.org/en/search/results",
    "https://example.org/catalogue?query=pue",
])
def test_search_result_url_is_refused(tmp_path, url):
    found = findings(tmp_path, criterion(source(url)), "source-search-url")
    assert [m.path for m in found] == ["sources[0].url"]
    assert "search results" in found[0].text


@pytest.mark.parametrize("url", [
    "https://green-forum.ec.europa.eu/green-business/green-public-procurement/life-cycle-costing_en",
    "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:32024R1364",
    "https://example.org/research/paper.pdf",
    "https://www.epeat.net/announcements?tagId=11",
])
def test_document_url_is_not_a_search(tmp_path, url):
    assert not findings(tmp_path, criterion(source(url)), "source-search-url")


# ---- (c) EUR-Lex in French, Dutch or English -------------------------------------------------

@pytest.mark.parametrize("url", [
    "https://eur-lex.europa.eu/legal-content/GA/ALL/?uri=CELEX:52008DC0400",
    "https://eur-lex.europa.eu/legal-content/DE/TXT/?uri=CELEX:32023L1791",
    "https://eur-lex.europa.eu/eli/dir/2014/24/oj/gle",
])
def test_eurlex_in_another_language_is_refused(tmp_path, url):
    found = findings(tmp_path, criterion(source(url)), "source-eurlex-language")
    assert [m.path for m in found] == ["sources[0].url"]


@pytest.mark.parametrize("url", [
    "https://eur-lex.europa.eu/legal-content/EN/ALL/?uri=CELEX:52008DC0400",
    "https://eur-lex.europa.eu/legal-content/FR/TXT/?uri=CELEX:32023L1791",
    "https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=CELEX:32023L1791",
    "https://eur-lex.europa.eu/eli/dir/2014/24/oj",
    "https://eur-lex.europa.eu/eli/dir/2014/24/oj/fra",
])
def test_eurlex_in_french_dutch_or_english_is_accepted(tmp_path, url):
    assert not findings(tmp_path, criterion(source(url)), "source-eurlex-language")


# ---- (d) a specific page, not a home page ---------------------------------------------------

@pytest.mark.parametrize("url", ["https://example.org/", "https://example.org", "https://example.org/en/",
                                 "https://example.org/index.html"])
def test_home_page_is_refused(tmp_path, url):
    found = findings(tmp_path, criterion(source(url)), "source-specific-page")
    assert [m.path for m in found] == ["sources[0].url"]
    assert "home page" in found[0].text and "home_page: true" in found[0].hint


def test_home_page_on_purpose_is_accepted(tmp_path):
    text = criterion(source("https://example.org/", more="    home_page: true\n"))
    assert not findings(tmp_path, text, "source-specific-page")


@pytest.mark.parametrize("url", ["https://example.org/en/news/article-2017", "https://example.org/?p=7688"])
def test_specific_page_is_accepted(tmp_path, url):
    assert not findings(tmp_path, criterion(source(url)), "source-specific-page")


def test_home_page_flag_on_a_specific_page_is_refused(tmp_path):
    text = criterion(source("https://example.org/article", more="    home_page: true\n"))
    found = findings(tmp_path, text, "source-specific-page")
    assert [m.path for m in found] == ["sources[0].home_page"]


# ---- (e) draft and final editions ------------------------------------------------------------

def test_published_criterion_on_draft_sources_only_is_refused(tmp_path):
    text = criterion(source(more="    edition: draft\n"))
    found = findings(tmp_path, text, "source-edition")
    assert [(m.path, m.level) for m in found] == [("sources", "error")]
    assert "draft sources only" in found[0].text


def test_published_criterion_with_a_final_source_is_accepted(tmp_path):
    text = criterion(
        source(more="    edition: draft\n") + source("https://example.org/final", more="    edition: final\n")
    )
    assert not findings(tmp_path, text, "source-edition")


def test_draft_criterion_may_rest_on_draft_sources(tmp_path):
    text = criterion(source(more="    edition: draft\n"), status="draft", extra=DRAFT_REASON)
    assert not findings(tmp_path, text, "source-edition")


def test_draft_title_without_edition_is_a_warning(tmp_path):
    text = criterion(SOURCE + source("https://example.org/d2", title="Criteria, overview of draft 2"))
    found = findings(tmp_path, text, "source-edition")
    assert [(m.path, m.level) for m in found] == [("sources[1].title", "warning")]
    marked = criterion(SOURCE + source("https://example.org/d2", title="Criteria, overview of draft 2",
                                       more="    edition: draft\n"))
    assert not findings(tmp_path / "marked", marked, "source-edition")


def test_edition_is_a_closed_list(tmp_path):
    root = make_repo(tmp_path)
    shutil.copytree(FIXTURES / "valid", root, dirs_exist_ok=True)
    (root / CRITERION).write_text(criterion(source(more="    edition: preliminary\n")), encoding="utf-8")
    repo = load_repository(root)
    assert any(m.rule == "schema" and m.path == "sources[0].edition" for m in repo.messages)


# ---- (f) every source dated ------------------------------------------------------------------

def test_undated_source_is_refused(tmp_path):
    found = findings(tmp_path, criterion(source(dated=False)), "source-dated")
    assert [m.path for m in found] == ["sources[0]"]


def test_publication_date_is_enough(tmp_path):
    text = criterion(source(dated=False, more='    date: "2024-05-17"\n'))
    assert not findings(tmp_path, text, "source-dated")


# ---- the rules apply to every kind with sources -----------------------------------------------

def test_rules_apply_to_glossary_terms(tmp_path):
    text = (ROOT / "glossary" / "green-public-procurement.yaml").read_text(encoding="utf-8")
    good = "https://eur-lex.europa.eu/legal-content/EN/ALL/?uri=CELEX:52008DC0400"
    assert good in text
    bad = text.replace(good, good.replace("/EN/", "/GA/"))
    relative = "glossary/green-public-procurement.yaml"
    assert findings(tmp_path / "bad", bad, "source-eurlex-language", relative)
    assert not findings(tmp_path / "good", text, "source-eurlex-language", relative)


# ---- a draft says why -------------------------------------------------------------------------

def test_draft_without_reason_is_refused(tmp_path):
    found = findings(tmp_path, criterion(status="draft"), "draft-reason")
    assert [m.path for m in found] == ["status"]


def test_draft_with_dated_reason_is_accepted(tmp_path):
    assert not findings(tmp_path, criterion(status="draft", extra=DRAFT_REASON), "draft-reason")


def test_reason_on_a_published_criterion_is_refused(tmp_path):
    found = findings(tmp_path, criterion(extra=DRAFT_REASON), "draft-reason")
    assert [m.path for m in found] == ["draft_reason"]


def test_draft_reason_needs_a_date(tmp_path):
    root = make_repo(tmp_path)
    shutil.copytree(FIXTURES / "valid", root, dirs_exist_ok=True)
    undated = DRAFT_REASON.replace('  date: "2026-01-15"\n', "")
    (root / CRITERION).write_text(criterion(status="draft", extra=undated), encoding="utf-8")
    repo = load_repository(root)
    assert any(m.rule == "schema" and m.path.startswith("draft_reason") for m in repo.messages)


# ---- the knowledge base itself -----------------------------------------------------------------

def test_knowledge_base_passes_the_source_rules():
    repo = load_repository(ROOT)
    found = [f"{m.file}:{m.line} [{m.rule}] {m.path}: {m.text}" for m in repo.messages if m.rule in SOURCE_RULES]
    assert not found, found
    drafts = [r.path for r in repo.records if r.kind.name == "criterion" and r.data.get("status") == "draft"
              and not r.data.get("draft_reason")]
    assert not drafts
