"""Long lists split into numbered pages (kb.render.paging): the all-criteria page, the browse
pages, the label matrix and the good practices.

The page size is lowered with ``page_size=`` so that the small fixtures make several pages;
sizes in bytes are the benchmark's job, not these tests'.
"""

import json
import re
import shutil

import markdown
import pytest
from conftest import FIXTURES, make_repo, valid_criterion_text

from kb.render import generate, indexes, paging
from kb.repository import load_repository

# Extra criteria next to the two fixtures: (id, theme, type). Seven criteria in all, six
# circular technical specifications then one social award criterion, so that a section (theme
# or type) runs over a page break.
EXTRA = [(f"circ-page-{x}", "circular", "technical-specification") for x in "abcde"]
SIZE = 3
LANGS = ("fr", "nl")
ROW = re.compile(r"^\| \[[^\]]+\]\((?:\.\./)*(?:criteria/)?([a-z0-9-]+)\.md\)", re.M)
PAGER = {"fr": ("Pagination", "Page {} sur {}", "Page précédente", "Page suivante"),
         "nl": ("Paginering", "Pagina {} van {}", "Vorige pagina", "Volgende pagina")}


def _criterion(cid: str, theme: str, ctype: str) -> str:
    text = valid_criterion_text().replace("id: circ-fixture-warranty", f"id: {cid}", 1)
    text = text.replace("theme: circular", f"theme: {theme}", 1)
    text = text.replace("type: technical-specification", f"type: {ctype}", 1)
    return text.replace("fr: Garantie de test", f"fr: Garantie {cid}", 1).replace(
        "nl: Testgarantie", f"nl: Garantie {cid}", 1)


def _repo(tmp_path, extra=EXTRA):
    root = make_repo(tmp_path / "kb")
    shutil.copytree(FIXTURES / "valid", root, dirs_exist_ok=True)
    for cid, theme, ctype in extra:
        path = root / "criteria" / theme / f"{cid}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_criterion(cid, theme, ctype), encoding="utf-8")
    repo = load_repository(root)
    assert repo.ok, repo.messages
    return repo


@pytest.fixture
def repo(tmp_path):
    return _repo(tmp_path)


def _pages_of(pages: dict, base: str, lang: str) -> list[str]:
    """The texts of the pages of the list ``base``, in page order."""
    names = paging.page_names(base, 50)
    return [pages[f"{name}.{lang}.md"] for name in names if f"{name}.{lang}.md" in pages]


def _rows(texts) -> list[str]:
    return [cid for text in texts for cid in ROW.findall(text)]


LISTS = ["criteria/index", "browse/levels/essential", "browse/themes/circular", "browse/product-groups/notebooks",
         "browse/types/technical-specification"]


@pytest.mark.parametrize("lang", LANGS)
def test_a_long_list_is_split_with_a_pager_in_the_page_language(repo, lang):
    pages = generate.render_all(repo, page_size=SIZE)
    assert [n for n in ("criteria/index", "criteria/page-2", "criteria/page-3", "criteria/page-4")
            if f"{n}.{lang}.md" in pages] == ["criteria/index", "criteria/page-2", "criteria/page-3"]
    label, status, prev, nxt = PAGER[lang]
    texts = _pages_of(pages, "criteria/index", lang)
    for number, text in enumerate(texts, 1):
        assert text.count(f'<nav class="kb-pager" aria-label="{label}" markdown>') == 1
        assert text.count('<nav class="kb-pager" aria-label="') == 2  # before and after the list
        assert text.count(status.format(number, 3)) == 2
        assert text.count('aria-current="page"') == 2
        current = re.search(r'- \[(\d+)\]\(([^)]+)\)\{ aria-label="[^"]+" aria-current="page" \}', text)
        assert current and current.group(1) == str(number)
        assert (f"- [{prev}](" in text) == (number > 1)
        assert (f"- [{nxt}](" in text) == (number < 3)
    # Links between the pages of criteria/ (same folder) and their titles.
    assert "- [2](page-2.md)" in texts[0] and f"- [{nxt}](page-2.md)" in texts[0]
    assert f"- [{prev}](index.md)" in texts[1] and f"- [{nxt}](page-3.md)" in texts[1]
    assert ("Tous les critères – page 3 sur 3" if lang == "fr" else "Alle criteria – pagina 3 van 3") in texts[2]


@pytest.mark.parametrize("lang", LANGS)
def test_pages_below_a_list_link_one_folder_deeper(repo, lang):
    pages = generate.render_all(repo, page_size=SIZE)
    first = pages[f"browse/themes/circular.{lang}.md"]
    second = pages[f"browse/themes/circular/page-2.{lang}.md"]
    assert "- [2](circular/page-2.md)" in first and "(../../criteria/circ-fixture-warranty.md)" in first
    assert "- [1](../circular.md)" in second
    assert re.search(r"\]\(\.\./\.\./\.\./criteria/circ-page-[a-z]\.md\)", second)
    matrix = _pages_of(pages, "labels/matrix", lang)
    assert len(matrix) == 2 and "](../../criteria/" in matrix[1] and "](../lbl-fixture.md)" in matrix[1]


@pytest.mark.parametrize("base", LISTS + ["labels/matrix"])
@pytest.mark.parametrize("lang", LANGS)
def test_order_is_kept_and_every_criterion_appears_exactly_once(repo, base, lang):
    whole = _rows(_pages_of(generate.render_all(repo), base, lang))
    assert whole and len(whole) == len(set(whole))
    for size in (1, 2, SIZE):
        texts = _pages_of(generate.render_all(repo, page_size=size), base, lang)
        assert _rows(texts) == whole, (base, size)
        assert len(texts) == -(-len(whole) // size)
        assert all(len(ROW.findall(text)) <= size for text in texts)


def test_sections_continue_across_pages(repo):
    pages = generate.render_all(repo, page_size=SIZE)
    texts = _pages_of(pages, "criteria/index", "fr")
    # Seven criteria: six circular (pages 1 and 2), then one social (page 3).
    assert "## Circulaire { #circular }" in texts[0]
    assert "## Circulaire (suite) { #circular-continued }" in texts[1] and "Social {" not in texts[1]
    assert "Circulaire (suite)" not in texts[2] and "## Social { #social }" in texts[2]
    assert "[Social](page-3.md#social) (page 3)" in texts[0]
    assert "[Social](#social) (page 3)" in texts[2]
    nl = _pages_of(pages, "criteria/index", "nl")
    assert "(vervolg) { #circular-continued }" in nl[1] and "(pagina 3)" in nl[0]


def test_product_group_pages_keep_buttons_law_and_practices_on_the_first_page(repo):
    pages = generate.render_all(repo, page_size=SIZE)
    texts = _pages_of(pages, "browse/product-groups/notebooks", "fr")
    assert len(texts) == 3
    assert "kb-actions" in texts[0] and not any("kb-actions" in t for t in texts[1:])
    assert "gp-fixture-2024" in texts[0] and "{ #practices }" in texts[0]
    for text in texts[1:]:
        assert "gp-fixture-2024" not in text and "(../notebooks.md)" in text


def test_add_all_buttons_stop_above_the_cap(repo, monkeypatch):
    monkeypatch.setattr(indexes, "BASKET_ALL_MAX", 0)
    first = generate.render_all(repo)["browse/product-groups/notebooks.fr.md"]
    assert "basket/?ids=" not in first
    assert re.search("Trop de critères pour les ajouter au panier en une fois "
                     "\\(Essentiel\u00a0: [0-9]+, Avancé\u00a0: [0-9]+, Pionnier\u00a0: [0-9]+\\)", first)


@pytest.mark.parametrize("lang", LANGS)
def test_stale_pages_disappear_when_the_list_shrinks(repo, tmp_path, lang):
    docs = tmp_path / "docs"
    generate.write_pages(repo, docs, page_size=1)
    assert (docs / f"criteria/page-7.{lang}.md").is_file()
    assert (docs / f"browse/themes/circular/page-6.{lang}.md").is_file()
    generate.write_pages(repo, docs, page_size=SIZE)
    assert (docs / f"criteria/page-3.{lang}.md").is_file()
    assert not (docs / f"criteria/page-4.{lang}.md").exists()
    report = generate.write_pages(repo, docs)
    assert f"criteria/page-2.{lang}.md" in report.removed
    assert not list(docs.rglob("page-*.md"))
    assert not (docs / "browse/themes/circular").exists()  # the emptied sub-folder goes too


def test_a_short_list_stays_one_page_without_a_pager(repo):
    pages = generate.render_all(repo)
    assert not [name for name in pages if "/page-" in name]
    assert not [name for name, text in pages.items() if "kb-pager" in text]
    assert 'class="kb-practice-filter"' in pages["practices/index.fr.md"]


def test_a_split_practice_list_links_to_the_groups_instead_of_filtering(tmp_path):
    root = make_repo(tmp_path / "kb")
    shutil.copytree(FIXTURES / "valid", root, dirs_exist_ok=True)
    source = (root / "practices" / "gp-fixture-2024.yaml").read_text(encoding="utf-8")
    (root / "practices" / "gp-fixture-2025.yaml").write_text(
        source.replace("gp-fixture-2024", "gp-fixture-2025"), encoding="utf-8")
    repo = load_repository(root)
    assert repo.ok, repo.messages
    pages = generate.render_all(repo, page_size=1)
    first, second = pages["practices/index.nl.md"], pages["practices/page-2.nl.md"]
    assert "kb-practice-filter" not in first + second
    assert "Goede praktijken per productgroep" in first
    assert "(../browse/product-groups/notebooks.md#practices)" in first
    assert "goede praktijken 2 tot 2 van 2" in second
    # Raw HTML links are relative to the built address: practices/page-2/ is one folder deeper.
    assert 'href="../gp-fixture-' in second and 'href="gp-fixture-' in first


def test_a_group_with_many_practices_lists_them_on_their_own_split_list(tmp_path, monkeypatch):
    root = make_repo(tmp_path / "kb")
    shutil.copytree(FIXTURES / "valid", root, dirs_exist_ok=True)
    source = (root / "practices" / "gp-fixture-2024.yaml").read_text(encoding="utf-8")
    (root / "practices" / "gp-fixture-2025.yaml").write_text(
        source.replace("gp-fixture-2024", "gp-fixture-2025"), encoding="utf-8")
    repo = load_repository(root)
    assert repo.ok, repo.messages
    assert "notebooks/practices.md" not in generate.render_all(repo)["browse/product-groups/notebooks.fr.md"]
    monkeypatch.setattr(indexes, "GROUP_PRACTICES_SHOWN", 1)
    pages = generate.render_all(repo, page_size=1)
    group = pages["browse/product-groups/notebooks.fr.md"]
    assert "(notebooks/practices.md)" in group and group.count("](../../practices/gp-fixture-") == 1
    first = pages["browse/product-groups/notebooks/practices.fr.md"]
    second = pages["browse/product-groups/notebooks/practices/page-2.fr.md"]
    assert "](../../../practices/gp-fixture-" in first and "](../../../../practices/gp-fixture-" in second
    assert "bonnes pratiques 2 à 2 sur 2" in second and "- [1](../practices.md)" in second


def test_a_record_cannot_take_the_address_of_a_list_page(tmp_path):
    repo = _repo(tmp_path, EXTRA + [("page-2", "circular", "technical-specification")])
    with pytest.raises(ValueError, match="page-2"):
        generate.render_all(repo, page_size=SIZE)


@pytest.mark.parametrize(("number", "count", "shown"), [
    (1, 1, [1]), (1, 3, [1, 2, 3]), (1, 50, [1, 2, 3, 50]), (25, 50, [1, 23, 24, 25, 26, 27, 50]),
    (50, 50, [1, 48, 49, 50]),
])
def test_numbered_links_show_the_ends_and_the_neighbours(number, count, shown):
    names = paging.page_names("criteria/index", count)
    page = paging.Page(number=number, count=count, first=1, last=1, total=count, names=names)
    assert page.shown() == shown
    pager = page.pager("fr")
    gaps = sum(1 for a, b in zip(shown, shown[1:], strict=False) if b > a + 1)
    assert pager.count("kb-pager-gap") == gaps


def test_the_pager_renders_as_an_accessible_nav():
    names = paging.page_names("browse/themes/circular", 3)
    page = paging.Page(number=2, count=3, first=4, last=6, total=9, names=names)
    html = markdown.markdown(page.pager("nl"), extensions=["attr_list", "md_in_html"])
    assert html.startswith('<nav aria-label="Paginering" class="kb-pager">')
    assert '<p class="kb-pager-status">Pagina 2 van 3 · criteria 4 tot 6 van 9</p>' in html
    assert '<a aria-current="page" aria-label="Pagina 2" href="page-2.md">2</a>' in html
    assert '<a aria-label="Pagina 1" href="../circular.md">1</a>' in html
    assert '<a class="kb-pager-step" href="page-3.md">Volgende pagina</a>' in html
    assert html.count("aria-current") == 1


def test_later_list_pages_are_not_in_the_search_index(tmp_path):
    """Pages 2, 3… of a list repeat titles of pages that are indexed themselves."""
    from kb.render import search
    from kb.render.paging import is_later_page

    assert [is_later_page(n) for n in ("criteria/page-2", "browse/themes/circular/page-12", "criteria/index",
                                       "criteria/page-1", "criteria/page-x", "page-2x", "criteria/page-")] == [
        True, True, False, False, False, False, False]
    repo = _repo(tmp_path)
    pages = generate.render_all(repo, page_size=SIZE)
    assert any(is_later_page(name.rsplit(".", 2)[0]) for name in pages)  # the test has later pages
    manifest = json.loads(search.index_files(pages, tmp_path / "docs", generate.GENERATED)["data/search-fr.json"])
    addresses = [url for url, _title in manifest["docs"]]
    assert "criteria/" in addresses
    assert not [url for url in addresses if "/page-" in url]
