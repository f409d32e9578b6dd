"""Page generation: golden files, idempotence, orphans, safe rendering of record text."""

import os
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, make_repo

from kb.render import generate
from kb.repository import load_repository

GOLDEN = Path(__file__).parent / "golden"
GOLDEN_PAGES = [
    "criteria/circ-fixture-warranty.fr.md", "criteria/circ-fixture-warranty.nl.md",
    "criteria/soc-fixture-award.fr.md", "criteria/soc-fixture-award.nl.md",
    "practices/gp-fixture-2024.fr.md", "practices/gp-fixture-2024.nl.md",
    "labels/lbl-fixture.fr.md", "labels/lbl-fixture.nl.md",
    "labels/matrix.fr.md", "browse/levels/frontrunner.nl.md",
]


def _repo(tmp_path):
    root = make_repo(tmp_path / "kb")
    shutil.copytree(FIXTURES / "valid", root, dirs_exist_ok=True)
    repo = load_repository(root)
    assert repo.ok, repo.messages
    return repo


@pytest.mark.parametrize("page", GOLDEN_PAGES)
def test_golden_pages(page, tmp_path):
    docs = tmp_path / "docs"
    generate.write_pages(_repo(tmp_path), docs)
    actual = (docs / page).read_text(encoding="utf-8")
    golden = GOLDEN / page
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
    assert actual == golden.read_text(encoding="utf-8"), (
        f"{page} changed; if intended: UPDATE_GOLDEN=1 pytest {__file__}"
    )


def test_every_page_exists_in_both_languages(tmp_path):
    pages = generate.render_all(_repo(tmp_path))
    fr = {p[: -len(".fr.md")] for p in pages if p.endswith(".fr.md")}
    nl = {p[: -len(".nl.md")] for p in pages if p.endswith(".nl.md")}
    assert fr == nl and len(fr) > 40
    assert not any(p.endswith(".md") and not p.endswith((".fr.md", ".nl.md")) for p in pages)


def test_placeholders_are_filled_per_level(tmp_path):
    pages = generate.render_all(_repo(tmp_path))
    fr = pages["criteria/circ-fixture-warranty.fr.md"]
    assert "pendant 2 ans selon EN 45554." in fr
    assert "pendant 3 ans selon EN 45554." in fr
    assert "pendant 5 ans selon EN 45554 et EN 45559." in fr
    assert "{{" not in fr
    nl = pages["criteria/circ-fixture-warranty.nl.md"]
    assert "gedurende 5 jaar volgens EN 45554 en EN 45559." in nl


def test_second_run_writes_nothing(tmp_path):
    repo = _repo(tmp_path)
    docs = tmp_path / "docs"
    first = generate.write_pages(repo, docs)
    assert first.written
    stamps = {p: p.stat().st_mtime_ns for p in docs.rglob("*.md")}
    second = generate.write_pages(repo, docs)
    assert not second.changed and second.unchanged == len(first.written)
    assert stamps == {p: p.stat().st_mtime_ns for p in docs.rglob("*.md")}
    assert not generate.write_pages(repo, docs, check=True).changed


def test_orphans_removed_and_hand_written_pages_kept(tmp_path):
    repo = _repo(tmp_path)
    docs = tmp_path / "docs"
    (docs / "guide").mkdir(parents=True)
    (docs / "guide" / "mine.fr.md").write_text("# hand-written")
    (docs / "criteria").mkdir()
    (docs / "criteria" / "gone.fr.md").write_text("old")
    report = generate.write_pages(repo, docs)
    assert "criteria/gone.fr.md" in report.removed
    assert not (docs / "criteria" / "gone.fr.md").exists()
    assert (docs / "guide" / "mine.fr.md").read_text() == "# hand-written"


def test_check_mode_writes_nothing(tmp_path):
    docs = tmp_path / "docs"
    report = generate.write_pages(_repo(tmp_path), docs, check=True)
    assert report.written and not docs.exists()


HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "![x](https://evil.example/x.png)",
    "{: onclick=\"alert(1)\" }",
    "</div><script>alert(2)</script>",
    "\" onmouseover=\"alert(3)",
    "&lt;script&gt;alert(4)&lt;/script&gt;",
]


def test_hostile_text_is_neutralised():
    """Even text that skipped validation cannot put markup into a page."""
    from kb.render import md

    for text in HOSTILE:
        for rendered in (md.inline(text), md.block(text)):
            assert "<script" not in rendered.lower()
            assert "<img" not in rendered.lower()
            assert "](javascript:" not in rendered
            assert "![" not in rendered or "](https://evil" not in rendered
            assert "{:" not in rendered


def test_every_generated_folder_is_git_ignored(root):
    """Generated pages are never committed (simple-icons' 'never edit generated files')."""
    ignored = (root / ".gitignore").read_text(encoding="utf-8").splitlines()
    missing = [folder for folder in generate.GENERATED if f"docs/{folder}/" not in ignored]
    assert not missing, f"add these generated folders to .gitignore: {missing}"


def test_a_parameter_value_is_text_not_markdown_on_the_page():
    """A value such as "*tous*" is printed as written, as the kit writer prints it
    (issue 11: it was italic on the site and literal in the kit)."""
    from kb.render import md
    from kb.render.criterion import fill

    params = {"scope": {"values": {"essential": {"fr": "*tous* les [x]", "nl": "alle"}}}}
    page = md.block(fill("Pour {{scope}} composants.", params, "essential", "fr"))
    assert page == "Pour \\*tous\\* les \\[x\\] composants."


def test_law_lines_of_a_product_group_link_each_act_by_its_name():
    """On the product-group pages, the link to an act's page is the act's name (a trailing "→"
    link was announced as "arrow", the same for every act, in a screen reader's list of links)."""
    import re

    from kb.export.sources import act_reference
    from kb.kinds import ROOT
    from kb.render import md

    repo = load_repository(ROOT)
    acts = {act.id: act.data["act"] for act in repo.of_kind("legislation")}
    links = [(name, label, target) for name, text in generate.render_all(repo).items()
             if name.startswith("browse/product-groups/")
             for label, target in re.findall(r"\[([^\]]*)\]\(\.\./\.\./legislation/([a-z0-9-]+)\.md\)", text)]
    assert links, "no law line found on the product-group pages"
    # ... in the page's language: "Directive 2011/65/UE" in French, "Richtlijn 2011/65/EU" in Dutch.
    wrong = [(name, label) for name, label, target in links
             if label != md.inline(act_reference(acts[target], name.rsplit(".", 2)[-2]))]
    assert not wrong, wrong[:5]


def test_an_act_page_links_to_the_official_text_in_its_language():
    from kb.kinds import ROOT

    repo = load_repository(ROOT)
    pages = generate.render_all(repo)
    act = repo.of_kind("legislation")[0]
    assert "/legal-content/EN/" in act.data["url"]
    assert "eur-lex.europa.eu/legal-content/FR/TXT/" in pages[f"legislation/{act.id}.fr.md"]
    assert "eur-lex.europa.eu/legal-content/NL/TXT/" in pages[f"legislation/{act.id}.nl.md"]


def test_record_pages_cite_eu_acts_in_their_language_as_the_kits_do():
    """A source that is an EU act legislation/ describes is cited on a French or Dutch page by its
    French or Dutch name and EUR-Lex page (kb.export.sources.sources_of, the kits' citation), never
    by its English title."""
    import re

    from kb.export.sources import eu_acts
    from kb.kinds import ROOT

    eur_lex_link = r"\]\(https://eur-lex\.europa\.eu/legal-content/([A-Z]{2})/TXT/\?uri=CELEX:[03](\d{4}[A-Z]\d{4})"
    repo = load_repository(ROOT)
    described = set(eu_acts(repo))
    localized, wrong = 0, []
    for name, text in generate.render_all(repo).items():
        lang = name.rsplit(".", 2)[-2]
        for line in text.splitlines():
            for link_lang, celex in re.findall(eur_lex_link, line):
                if "3" + celex not in described:
                    continue
                if link_lang == lang.upper() and '{: lang="en" }' not in line:
                    localized += 1
                else:
                    wrong.append((name, line[:120]))
    assert localized > 100 and not wrong, wrong[:5]
