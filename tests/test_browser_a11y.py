"""Accessibility: axe-core in headless Chromium on every page template and every guide
and about page, in both languages (WCAG 2.0/2.1 A and AA rules: 0 violations), on the
interactive states (search dialog with results, filtered finder, filled basket, second
level tab, small screen with the menu open), and with every axe rule, best practices
included, on the most used pages; every template reflows at 320 px (WCAG 1.4.10).
"""

from __future__ import annotations

import pytest
from browser import AXE, LANGS, TEMPLATE_NAMES, WCAG_TAGS, hand_written_pages, open_page, require

pytestmark = pytest.mark.browser

# resultTypes: only violations are reported in full (faster: passes are not detailed).
ALL_RULES: dict = {"resultTypes": ["violations"]}
WCAG_ONLY = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}


def axe_violations(page, options: dict) -> list[str]:
    """Run axe-core on the page as it is now; one line per violation and element."""
    # Evaluated rather than added as a <script> tag: the site's Content-Security-Policy blocks
    # inline scripts (overrides/partials/csp.html); DevTools evaluation is not subject to it.
    page.evaluate(require(AXE, "axe-core (npm)").read_text(encoding="utf-8") + "\n;0")
    violations = page.evaluate("options => axe.run(document, options).then(r => r.violations)", options)
    return [f"{v['id']} ({v['impact']}): {node['target']} — {node['failureSummary']}"
            for v in violations for node in v["nodes"]]


def assert_accessible(page, options: dict = WCAG_ONLY) -> None:
    found = axe_violations(page, options)
    assert not found, f"{page.url}\n" + "\n".join(found)


def open_template(page, site_url, site_pages, name, lang) -> None:
    open_page(page, site_url, lang, site_pages[name])
    if name in ("finder", "basket"):
        page.wait_for_load_state("networkidle")  # they fill themselves from JSON files


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_template_has_no_wcag_violation(page, site_url, site_pages, name, lang):
    open_template(page, site_url, site_pages, name, lang)
    assert_accessible(page)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", hand_written_pages())
def test_hand_written_page_has_no_wcag_violation(page, site_url, path, lang):
    open_page(page, site_url, lang, path)
    assert_accessible(page)


def test_not_found_page_has_no_wcag_violation(page, site_url):
    page.goto(site_url + "404.html", wait_until="networkidle")
    assert_accessible(page)


@pytest.mark.parametrize("lang", LANGS)
def test_search_dialog_with_results(page, site_url, lang):
    open_page(page, site_url, lang, "")
    page.click(".md-search__input")
    page.fill(".md-search__input", "energie")
    page.wait_for_selector(".md-search-result__list a")
    page.wait_for_timeout(500)  # the dialog fades in (0.4 s); axe must see the final colours
    assert_accessible(page)


@pytest.mark.parametrize("lang", LANGS)
def test_filtered_finder_and_filled_basket(page, site_url, lang):
    open_page(page, site_url, lang, "finder/")
    page.wait_for_selector("#kb-results li.kb-result")
    page.locator("#kb-results li.kb-result button.kb-basket-toggle").first.click()
    page.click("details.kb-filter-panel > summary")  # the filters live in a collapsible panel
    page.locator('fieldset[data-facet="level"] input').first.check()
    page.fill("#kb-q", "a")
    assert_accessible(page)
    open_page(page, site_url, lang, "basket/")
    page.wait_for_selector("#kb-basket-items > li")
    assert_accessible(page)


@pytest.mark.parametrize("lang", LANGS)
def test_second_level_tab_and_copy_status(page, site_url, site_pages, lang):
    open_page(page, site_url, lang, site_pages["criterion"])
    # Level tabs exist only where the clause text changes with the level.
    labels = page.locator(".tabbed-set").first.locator(".tabbed-labels > label")
    if page.locator(".tabbed-set").count():
        labels.nth(labels.count() - 1).click()
    page.locator(".kb-copy button:visible").first.click()
    page.wait_for_function("() => [...document.querySelectorAll('.kb-status')].some(s => s.textContent)")
    assert_accessible(page)


@pytest.mark.parametrize("lang", LANGS)
def test_small_screen_with_the_menu_open(page, site_url, site_pages, lang):
    page.set_viewport_size({"width": 375, "height": 740})
    open_page(page, site_url, lang, site_pages["criterion"])
    page.click('label.md-header__button[for="__drawer"]')
    page.wait_for_timeout(300)  # the drawer slides in
    assert_accessible(page)


# Boxes that stick out of a 320 px wide page (outside a box that scrolls sideways and fits).
OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth, found = [];
  for (const e of document.querySelectorAll("body *")) {
    const box = e.getBoundingClientRect();
    if (!box.width || box.right <= width + 1 || getComputedStyle(e).position === "fixed") continue;
    let inside = false;
    for (let up = e.parentElement; up && up !== document.body && !inside; up = up.parentElement) {
      inside = ["auto", "scroll", "hidden", "clip"].includes(getComputedStyle(up).overflowX)
        && up.getBoundingClientRect().right <= width + 1;
    }
    const name = `${e.tagName.toLowerCase()}#${e.id}.${[...e.classList].join(".")}`;
    if (!inside) found.push(`${name}: ${Math.round(box.right)} px`);
  }
  return {scrollWidth: document.documentElement.scrollWidth, width, found: found.slice(0, 5)};
}"""


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", (*TEMPLATE_NAMES, "start", "start-group"))
def test_template_reflows_at_320_px(page, site_url, site_pages, site_repo, name, lang):
    """WCAG 1.4.10: at 320 CSS px nothing makes the page scroll sideways (wide tables scroll in
    their own box), on every template and the guided journey's two pages. The basket holds
    criteria with values a buyer may adapt (select boxes)."""
    page.set_viewport_size({"width": 320, "height": 640})
    if name.startswith("start"):
        group = "" if name == "start" else site_repo.of_kind("criterion")[0].data["product_groups"][0] + "/"
        open_page(page, site_url, lang, f"start/{group}")
    elif name == "basket":
        adaptable = [c for c in site_repo.of_kind("criterion") if c.data.get("status", "published") == "published"
                     and any("editable" in p for p in (c.data.get("parameters") or {}).values())][:4]
        assert adaptable, "no published criterion with a value to adapt"
        group = adaptable[0].data["product_groups"][0]
        open_page(page, site_url, lang, f"basket/?ids={','.join(c.id for c in adaptable)}&level=advanced&pg={group}")
        page.wait_for_selector("#kb-basket-items .kb-values")
    else:
        open_template(page, site_url, site_pages, name, lang)
    result = page.evaluate(OVERFLOWING)
    assert result["scrollWidth"] <= result["width"] and not result["found"], f"{page.url}: {result}"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", ["home", "criterion", "finder", "basket", "labels-matrix", "glossary"])
def test_best_practices_too(page, site_url, site_pages, name, lang):
    """Every axe rule, not only the WCAG ones (landmarks, heading order, names...)."""
    open_template(page, site_url, site_pages, name, lang)
    assert_accessible(page, ALL_RULES)
