"""Buyer journeys in headless Chromium on the built site: a French first-time buyer goes
from the home page to a downloaded notebooks kit (essential level) and a Dutch buyer to a
data-centre kit, with the mouse and with the keyboard only, on a desktop (1366×768) and a
phone (390×844) screen. axe must report no WCAG 2.1 A/AA violation on every page they pass;
the finder's first result must be in the first screen and the focus must be visible.

Every test runs in a watched browser context (conftest.py): a request that leaves
127.0.0.1, a 4xx/5xx response or a console error fails it.
"""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pytest
from browser import AXE, WCAG_TAGS, open_page, page_url, require

from kb.wording import section

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
SIZES = {"desktop": DESKTOP, "phone": PHONE}
JOURNEYS = {"fr": ("notebooks", "essential"), "nl": ("data-centres", "essential")}


def assert_accessible(page) -> None:
    """axe-core: no WCAG 2.1 A/AA violation on the page as it is now."""
    # Evaluated rather than added as a <script> tag: the site's Content-Security-Policy blocks
    # inline scripts (overrides/partials/csp.html); DevTools evaluation is not subject to it.
    page.evaluate(require(AXE, "axe-core (npm)").read_text(encoding="utf-8") + "\n;0")
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    problems = [f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in result["violations"]]
    assert not problems, f"{page.url}: {problems}"


def focus_ring(page) -> dict:
    """The computed focus indicator of the focused element."""
    return page.evaluate("""() => {
      const s = getComputedStyle(document.activeElement);
      return {style: s.outlineStyle, width: parseFloat(s.outlineWidth), shadow: s.boxShadow};
    }""")


def assert_focus_visible(page) -> None:
    ring = focus_ring(page)
    assert (ring["style"] != "none" and ring["width"] >= 2) or ring["shadow"] not in ("none", ""), ring


def tab_to(page, selector: str, limit: int = 120) -> None:
    """Press Tab until the focused element matches ``selector``."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    pytest.fail(f"Tab never reached {selector}")


def follow(page, selector: str, keyboard: bool) -> None:
    """Follow a link with the mouse, or reach it with Tab and press Enter."""
    with page.expect_navigation(wait_until="load"):
        if keyboard:
            tab_to(page, selector)
            page.keyboard.press("Enter")
        else:
            page.locator(selector).first.click()


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("mode", ["mouse", "keyboard"])
@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_first_time_buyer_journey(page, site_url, site_repo, lang, mode, size):
    group, level = JOURNEYS[lang]
    keyboard = mode == "keyboard"
    page.set_viewport_size(SIZES[size])
    expected = sorted(c.id for c in site_repo.of_kind("criterion")
                      if group in (c.data.get("core_for") or []) and level in c.data["levels"])
    assert expected, f"no recommended set for {group}"

    open_page(page, site_url, lang, "")
    assert_accessible(page)
    follow(page, 'a.md-button--primary[href$="start/"]', keyboard)          # home → start path
    assert urlsplit(page.url).path.endswith("/start/")
    assert_accessible(page)
    follow(page, f'.md-content a[href$="{group}/"]', keyboard)               # what are you buying?
    assert urlsplit(page.url).path.endswith(f"/start/{group}/")
    assert_accessible(page)
    button = f'a.md-button[href*="level={level}"][href*="basket/"]'          # the recommended set
    href = page.locator(button).first.get_attribute("href")
    query = parse_qs(urlsplit(href.replace("&amp;", "&")).query)
    assert sorted(query["ids"][0].split(",")) == expected
    follow(page, button, keyboard)
    page.wait_for_selector("#kb-basket-items > li")
    assert sorted(page.eval_on_selector_all("#kb-basket-items button.kb-remove",
                                            "bs => bs.map(b => b.dataset.kbId)")) == expected
    assert page.eval_on_selector("#kit-level", "s => s.value") == level
    assert "ids=" not in page.url  # a reload must not import the link again
    assert_accessible(page)

    with page.expect_download() as download:
        if keyboard:
            tab_to(page, 'form.kb-basket button[type="submit"]')
            page.keyboard.press("Enter")
        else:
            page.click('form.kb-basket button[type="submit"]')
    name = download.value.suggested_filename
    # Named in the page's language: clauses-tic-durables-essentiel-fr.docx, duurzame-ict-clausules-essentieel-nl…
    stem = {"fr": "clauses-tic-durables-", "nl": "duurzame-ict-clausules-"}[lang]
    assert name.startswith(stem) and name.endswith(f"-{lang}.docx"), name
    assert download.value.path().stat().st_size > 2000


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_finder_results_in_the_first_screen_and_visible_focus(page, site_url, lang, size):
    page.set_viewport_size(SIZES[size])
    open_page(page, site_url, lang, "finder/?pg=notebooks")
    page.wait_for_selector("#kb-results li.kb-result")
    top = page.eval_on_selector("#kb-results li.kb-result", "li => li.getBoundingClientRect().top")
    assert top < SIZES[size]["height"] - 40, top
    assert "(1)" in page.inner_text(".kb-filter-panel summary")
    assert_accessible(page)

    tab_to(page, "#kb-q")
    assert_focus_visible(page)
    page.keyboard.type("batterie" if lang == "fr" else "batterij")
    page.wait_for_function("() => document.getElementById('kb-results-status').textContent.match(/\\d/)")
    tab_to(page, "details.kb-filter-panel > summary")
    page.keyboard.press("Enter")
    tab_to(page, 'fieldset[data-facet="level"] input')
    assert_focus_visible(page)
    page.keyboard.press("Space")
    assert page.evaluate("document.activeElement.checked") is True
    assert "level=" in page.url
    assert_accessible(page)
    # The count is a polite live region; the results can be reached from the panel.
    assert page.get_attribute("#kb-results-status", "aria-live") == "polite"
    page.click(".kb-show-results")
    assert page.evaluate("document.activeElement.id") == "kb-results-title"


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_basket_keeps_focus_and_asks_before_replacing(page, site_url, site_repo, lang):
    ids = sorted(c.id for c in site_repo.of_kind("criterion") if c.data.get("status") == "published")[:3]
    page.goto(page_url(site_url, lang, f"basket/?ids={','.join(ids)}&level=advanced"), wait_until="load")
    page.wait_for_selector("#kb-basket-items > li")
    assert page.eval_on_selector("#kit-level", "s => s.value") == "advanced"
    # Each remove button shows one word under its item and is named with the item's title.
    word = section("ui", lang)["basket.remove"]
    first_title = next(c for c in site_repo.of_kind("criterion") if c.id == ids[0]).data["title"][lang]
    assert page.get_by_role("button", name=f"{word} ({first_title})", exact=True).count() == 1
    shown = page.eval_on_selector_all("#kb-basket-items button.kb-remove", "bs => bs.map(b => b.offsetWidth)")
    assert len(shown) == 3 and max(shown) < 200  # the title is not printed a second time
    page.locator("#kb-basket-items button.kb-remove").first.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.dataset.kbId") == ids[1]
    # A second link with other criteria: the basket is not replaced without asking.
    page.goto(page_url(site_url, lang, f"basket/?ids={ids[0]}&level=essential"), wait_until="load")
    page.wait_for_selector("#kb-import:not([hidden])")
    assert page.evaluate("JSON.parse(localStorage.getItem('kb-basket'))") == ids[1:]
    assert_accessible(page)
    page.click('#kb-import button[data-import="merge"]')
    assert sorted(json.loads(page.evaluate("localStorage.getItem('kb-basket')"))) == sorted(ids)


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_language_switch_keeps_the_filters_and_the_anchor(page, site_url, lang):
    other = "nl" if lang == "fr" else "fr"
    open_page(page, site_url, lang, "finder/?pg=notebooks&level=advanced#kb-results-title")
    page.wait_for_selector("#kb-results li.kb-result")
    page.hover(".md-select")
    with page.expect_navigation(wait_until="load"):
        page.click(f'a.md-select__link[hreflang="{other}"]')
    parts = urlsplit(page.url)
    assert parts.path == urlsplit(page_url(site_url, other, "finder/")).path
    assert parse_qs(parts.query) == {"pg": ["notebooks"], "level": ["advanced"]}
    assert parts.fragment == "kb-results-title"


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_screenshots(page, site_url, lang, size, tmp_path):
    """Screenshots of the start path, the finder and a criterion page (kept in the test's
    temporary folder for a human to look at); the pages must render without errors."""
    page.set_viewport_size(SIZES[size])
    for name, path in (("start", "start/notebooks/"), ("finder", "finder/"),
                       ("criterion", "criteria/circ-battery-endurance/")):
        open_page(page, site_url, lang, path)
        page.wait_for_timeout(300)
        page.screenshot(path=str(tmp_path / f"{name}-{lang}-{size}.png"))
        assert (tmp_path / f"{name}-{lang}-{size}.png").stat().st_size > 5000
