"""Page weight (the eco-design statement's figures): what a first visit to the home page, a
criterion page and the finder downloads, in headless Chromium, within fixed budgets; the
theme's merged search index is never downloaded; the search index of one language is only
loaded when the search box is used."""

from __future__ import annotations

import gzip

import pytest
from browser import open_page

pytestmark = pytest.mark.browser

KB = 1024
# Uncompressed bytes of a first visit (empty cache). GitHub Pages sends text compressed, so
# the network transfers roughly a quarter of this. The HTML budget is per page: with
# navigation.prune a page does not grow with the number of criteria.
HTML_BUDGET = 80 * KB
PAGE_BUDGET = 400 * KB
FINDER_BUDGET = 400 * KB + 1 * KB * 1000  # plus the finder index: about 0.8 KB per criterion


def first_visit(page, site_url, lang: str, path: str) -> list[tuple[str, int, int]]:
    """(address, bytes, gzip bytes) of every response of a first visit to a page."""
    responses = []
    page.on("response", lambda response: responses.append(response))
    open_page(page, site_url, lang, path)
    page.wait_for_load_state("networkidle")
    out = []
    for response in responses:
        body = response.body()
        out.append((response.url[len(site_url):], len(body), len(gzip.compress(body, 6))))
    return out


@pytest.mark.parametrize("name, budget", [("home", PAGE_BUDGET), ("criterion", PAGE_BUDGET),
                                          ("finder", FINDER_BUDGET)])
def test_first_visit_within_budget(page, site_url, site_pages, name, budget):
    loaded = first_visit(page, site_url, "fr", site_pages[name])
    total = sum(size for _url, size, _gz in loaded)
    html = loaded[0][1]
    assert html <= HTML_BUDGET, f"{name}: the HTML page weighs {html} bytes"
    assert total <= budget, f"{name}: {total} bytes in {len(loaded)} requests: {loaded}"
    assert not any("search_index" in url or url.startswith("data/search-") for url, _s, _g in loaded)


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_search_index_of_the_page_language_loads_on_first_use(page, site_url, lang):
    open_page(page, site_url, lang, "")
    with page.expect_response(lambda r: "/data/search-" in r.url) as response:
        page.click(".md-search__input")
    assert response.value.url.endswith(f"/data/search-{lang}.json")
