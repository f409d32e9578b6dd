"""End-to-end checks in headless Chromium on the built site: the language switch from
every page template, per-language and accent-insensitive search, keyboard-only use of a
criterion page, the criterion tools (level tabs, copy buttons). The finder and the basket:
test_browser_finder.py.

Every test runs in a watched browser context (conftest.py): a request that leaves
127.0.0.1, a 4xx/5xx response or a console error fails it.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from browser import LANGS, TEMPLATE_NAMES, accented_word, open_page, page_url, strip_accents

from kb.render.criterion import fill, ordered_levels, parameter_value
from kb.render.ui import text

pytestmark = pytest.mark.browser

OTHER = {"fr": "nl", "nl": "fr"}


def lang_of(url: str, site_url: str) -> str:
    """The language tree an address of the site belongs to."""
    rest = urlsplit(url).path[len(urlsplit(site_url).path):]
    return "nl" if rest.startswith("nl/") else "fr"


# ---- language switch ----------------------------------------------------------------------


def switch_language(page, lang: str) -> None:
    """Use the header's language menu (it opens on hover or focus) to go to ``lang``."""
    page.hover(".md-select")
    with page.expect_navigation(wait_until="load"):
        page.click(f'a.md-select__link[hreflang="{lang}"]')


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_language_switch_lands_on_the_same_page(page, site_url, site_pages, name):
    """French → Dutch → French, from the same template."""
    path = site_pages[name]
    open_page(page, site_url, "fr", path)
    for target in ("nl", "fr"):
        switch_language(page, target)
        assert page.evaluate("document.documentElement.lang") == target
        assert urlsplit(page.url).path == urlsplit(page_url(site_url, target, path)).path


# ---- site search ----------------------------------------------------------------------------


def search(page, query: str) -> list[str]:
    """Type ``query`` into the header search box; the result addresses."""
    page.click(".md-search__input")
    page.fill(".md-search__input", query)
    # A locator, not wait_for_function: polling a string expression needs eval, which the
    # site's Content-Security-Policy forbids.
    page.locator(".md-search-result__meta").filter(has_text=re.compile(r"\d|Aucun|Geen")).wait_for()
    return page.eval_on_selector_all(".md-search-result__list a", "links => links.map(a => a.href)")


@pytest.mark.parametrize("lang", LANGS)
def test_search_finds_accented_words_typed_without_accents(page, site_url, site_repo, lang):
    titles = {c.id: text(c.data["title"], lang) for c in site_repo.of_kind("criterion")}
    word, criterion = accented_word(titles)
    typed = strip_accents(word).lower()
    assert typed != word.lower()
    open_page(page, site_url, lang, f"criteria/{criterion}/")  # search from a page two levels deep
    hits = search(page, typed)
    assert page_url(site_url, lang, f"criteria/{criterion}/") in hits, (typed, hits)
    assert {lang_of(hit, site_url) for hit in hits} == {lang}, hits


@pytest.mark.parametrize("lang", LANGS)
def test_search_results_are_in_the_page_language_only(page, site_url, site_repo, lang):
    # A label name is the same in both languages, so both indexes contain it.
    name = site_repo.of_kind("label")[0].data["name"]
    name = (name["fr"] if isinstance(name, dict) else name).split()[0]  # a brand word, in both languages
    open_page(page, site_url, lang, "")
    hits = search(page, name)
    assert hits, name
    assert {lang_of(hit, site_url) for hit in hits} == {lang}, hits


# A synonym from the glossary (a word the expected criterion does not use) and an inflected
# form typed without accents (found through the stem the index was built with).
SYNONYM_AND_STEMMED = {
    "fr": [("pièces de rechange", "circ-spare-parts-availability"), ("reparabilites", "circ-repairability-class")],
    "nl": [("datacentrum", "env-dc-pue"), ("batterijen", "circ-battery-endurance")],
}


@pytest.mark.parametrize("lang", LANGS)
def test_search_understands_synonyms_and_inflections(page, site_url, site_repo, lang):
    ids = {c.id for c in site_repo.of_kind("criterion")}
    for query, criterion in SYNONYM_AND_STEMMED[lang]:
        if criterion not in ids:
            pytest.skip(f"{criterion} is not in the base")
        open_page(page, site_url, lang, "")  # a fresh page: the status line still shows the last count
        hits = search(page, query)
        assert page_url(site_url, lang, f"criteria/{criterion}/") in hits[:10], (query, hits[:10])
        assert {lang_of(hit, site_url) for hit in hits} == {lang}, hits


# ---- criterion page: level tabs and copy buttons ---------------------------------------------


def plain_clause(markdown: str) -> str:
    """The text the copy button gives for a clause without inline markup: paragraphs
    separated by a blank line, list items as "- item", spaces collapsed."""
    blocks = []
    for block in re.split(r"\n\s*\n", markdown.strip()):
        lines = block.splitlines()
        if lines[0].startswith("- "):
            items = re.split(r"\n(?=- )", block)
            blocks.append("\n".join("- " + " ".join(item[2:].split()) for item in items))
        else:
            blocks.append(" ".join(block.split()))
    return "\n\n".join(blocks)


def tool_criterion(repo):
    """A criterion whose clause fills a parameter that differs between its first two
    levels, with no inline markup (so its copied text can be predicted exactly)."""
    for rec in repo.of_kind("criterion"):
        d = rec.data
        levels = ordered_levels(d["levels"])
        params = d.get("parameters") or {}
        if len(levels) < 2 or d.get("status") != "published":
            continue
        differing = [name for name, p in params.items() if "values" in p  # not a value the buyer completes
                     and parameter_value(p["values"][levels[0]], "fr") != parameter_value(p["values"][levels[1]], "fr")
                     and parameter_value(p["values"][levels[0]], "nl") != parameter_value(p["values"][levels[1]], "nl")]
        clauses = [fill(text(d["clause"], lang), params, lvl, lang) for lang in LANGS for lvl in levels]
        if differing and not any(re.search(r"[*_`\[\]<>{}#|]|^\s*\d+\.", c, re.M) for c in clauses):
            return rec, levels, differing[0]
    pytest.fail("no published criterion with a per-level parameter and a plain clause")


def copied_text(rec, level: str, langs) -> str:
    """What the copy buttons must put in the clipboard: the clause at ``level`` in each of
    ``langs``, one after the other."""
    d = rec.data
    return "\n\n".join(plain_clause(fill(text(d["clause"], lang), d["parameters"], level, lang)) for lang in langs)


def visible_clause(page) -> str:
    return page.inner_text(".tabbed-block:visible .kb-clause")


def flat(clause: str) -> str:
    """A clause's words, without list markers or line breaks (as shown on the page)."""
    return " ".join(re.sub(r"^- ", "", clause, flags=re.M).split())


def clipboard(page) -> str:
    return page.evaluate("navigator.clipboard.readText()")


def wait_for_status(page, status) -> None:
    """Wait until the live region announces something (the copy buttons empty it first)."""
    page.wait_for_function("el => el.textContent.length > 0", arg=status.element_handle())


@pytest.mark.parametrize("lang", LANGS)
def test_level_tabs_change_the_clause_and_its_values(page, site_url, site_repo, lang):
    rec, levels, param = tool_criterion(site_repo)
    d = rec.data
    open_page(page, site_url, lang, f"criteria/{rec.id}/")
    tabs = page.locator(".tabbed-set").first.locator(".tabbed-labels > label")
    for index, level in enumerate(levels[:2]):
        tabs.nth(index).click()
        expected = plain_clause(fill(text(d["clause"], lang), d["parameters"], level, lang))
        shown = flat(visible_clause(page))
        assert shown == flat(expected)
        assert " ".join(parameter_value(d["parameters"][param]["values"][level], lang).split()) in shown


@pytest.mark.parametrize("lang", LANGS)
def test_copy_buttons_copy_the_clause_of_the_chosen_level(page, site_url, site_repo, lang):
    rec, levels, _param = tool_criterion(site_repo)
    open_page(page, site_url, lang, f"criteria/{rec.id}/")
    page.locator(".tabbed-set").first.locator(".tabbed-labels > label").nth(1).click()
    block = page.locator(".tabbed-block:visible")
    status = block.locator("[role=status]")
    messages = {"fr": "Clause copiée dans le presse-papiers.", "nl": "Clausule gekopieerd naar het klembord."}

    block.locator(".kb-copy button").nth(0).click()  # the page language
    wait_for_status(page, status)
    assert clipboard(page) == copied_text(rec, levels[1], [lang])
    assert status.inner_text() == messages[lang]

    block.locator(".kb-copy button").nth(1).click()  # both languages, the page's first
    wait_for_status(page, status)
    assert clipboard(page) == copied_text(rec, levels[1], [lang, OTHER[lang]])
    assert status.inner_text() == messages[lang]


# ---- keyboard only --------------------------------------------------------------------------


ROLE_OF_FOCUS = """() => {
  const e = document.activeElement;
  if (e.matches('a.md-skip')) return 'skip';
  if (e.matches('.md-select a, .md-select button')) return 'language';
  if (e.matches('input.md-search__input')) return 'search';
  if (e.matches('.tabbed-set > input')) return 'tabs';
  if (e.matches('.kb-copy button')) return 'copy:' + e.textContent;
  if (e.matches('button.kb-basket-toggle')) return 'basket';
  return '';
}"""


def tab_until(page, wanted: set[str], limit: int = 200) -> list[str]:
    """Press Tab from the top of the page until every role in ``wanted`` got the focus;
    the roles in the order they were reached."""
    seen: list[str] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        role = page.evaluate(ROLE_OF_FOCUS)
        if role and role not in seen:
            seen.append(role)
        if wanted <= {r.split(":")[0] for r in seen} and sum(r.startswith("copy") for r in seen) == 2:
            return seen
    pytest.fail(f"Tab never reached {wanted - set(seen)} (reached: {seen})")


def focus_by_tab(page, role: str, limit: int = 200) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(ROLE_OF_FOCUS).startswith(role):
            return
    pytest.fail(f"Tab never reached {role}")


def open_tool_criterion(page, site_url, site_repo, lang):
    """Open the criterion of ``tool_criterion`` in ``lang``; (record, levels, path)."""
    rec, levels, _param = tool_criterion(site_repo)
    path = f"criteria/{rec.id}/"
    open_page(page, site_url, lang, path)
    return rec, levels, path


@pytest.mark.parametrize("lang", LANGS)
def test_tab_reaches_every_control_of_a_criterion_page(page, site_url, site_repo, lang):
    open_tool_criterion(page, site_url, site_repo, lang)
    order = tab_until(page, {"skip", "language", "search", "tabs", "copy", "basket"})
    assert order[0] == "skip"


@pytest.mark.parametrize("lang", LANGS)
def test_skip_link_with_enter(page, site_url, site_repo, lang):
    open_tool_criterion(page, site_url, site_repo, lang)
    page.keyboard.press("Tab")
    target = page.evaluate("document.activeElement.getAttribute('href')")
    assert target.startswith("#")
    page.keyboard.press("Enter")
    # Playwright learns of the fragment navigation from an event: wait for it (CI once read the
    # address before it arrived) instead of reading page.url at once.
    page.wait_for_url(lambda url: urlsplit(url).fragment == target[1:], timeout=5000)


@pytest.mark.parametrize("lang", LANGS)
def test_level_tabs_and_copy_buttons_with_the_keyboard(page, site_url, site_repo, lang):
    rec, levels, _path = open_tool_criterion(page, site_url, site_repo, lang)
    # The levels are a radio group: arrow keys move between them, Space selects.
    focus_by_tab(page, "tabs")
    before = visible_clause(page)
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Space")
    assert page.evaluate("document.activeElement.checked") is True
    assert flat(visible_clause(page)) == flat(copied_text(rec, levels[1], [lang])) != flat(before)

    focus_by_tab(page, "copy")
    status = page.locator(".tabbed-block:visible [role=status]")
    page.keyboard.press("Enter")
    wait_for_status(page, status)
    assert clipboard(page) == copied_text(rec, levels[1], [lang])
    page.keyboard.press("Tab")
    assert page.evaluate(ROLE_OF_FOCUS).startswith("copy")
    page.keyboard.press("Space")
    wait_for_status(page, status)
    assert clipboard(page) == copied_text(rec, levels[1], [lang, OTHER[lang]])


@pytest.mark.parametrize("lang", LANGS)
def test_basket_button_with_the_keyboard(page, site_url, site_repo, lang):
    rec, _levels, _path = open_tool_criterion(page, site_url, site_repo, lang)
    focus_by_tab(page, "basket")
    page.keyboard.press("Space")
    # The focus stays on the button, which now offers the opposite action; the status line says
    # what happened, with the criterion's title (the heading's text, without its permalink).
    assert page.evaluate("document.activeElement.dataset.kbInBasket") == "true"
    said = page.locator("#kb-basket-said")
    title = rec.data["title"][lang]
    assert said.inner_text().endswith(title) and "¶" not in said.inner_text()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.dataset.kbInBasket") == "false"
    assert said.inner_text().endswith(title)


@pytest.mark.parametrize("lang", LANGS)
def test_search_with_the_keyboard(page, site_url, site_repo, lang):
    rec, _levels, _path = open_tool_criterion(page, site_url, site_repo, lang)
    focus_by_tab(page, "search")
    page.keyboard.type(rec.id)
    page.wait_for_selector(".md-search-result__list a")
    first = page.eval_on_selector(".md-search-result__list a", "a => a.href")
    with page.expect_navigation(wait_until="load"):
        page.keyboard.press("Enter")
    assert page.url == first and lang_of(page.url, site_url) == lang


@pytest.mark.parametrize("lang", LANGS)
def test_language_switch_with_the_keyboard(page, site_url, site_repo, lang):
    _rec, _levels, path = open_tool_criterion(page, site_url, site_repo, lang)
    focus_by_tab(page, "language")
    for _ in range(3):  # the menu's links follow its button
        if page.evaluate("document.activeElement.getAttribute('hreflang')") == OTHER[lang]:
            break
        page.keyboard.press("Tab")
    with page.expect_navigation(wait_until="load"):
        page.keyboard.press("Enter")
    assert page.evaluate("document.documentElement.lang") == OTHER[lang]
    assert urlsplit(page.url).path == urlsplit(page_url(site_url, OTHER[lang], path)).path
