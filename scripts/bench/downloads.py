"""What a first visit downloads, per page, in headless Chromium: every response of a visit with
an empty cache (HTML, styles, scripts, data), counted as gzip bytes (level 6, as a static host
compresses text) and as raw bytes.

Pages: the home page, a criterion page, the all-criteria page, the finder, the basket holding
BASKET_SIZE criteria (set in localStorage before the page loads, as the finder leaves it), and
a first search (what typing one query in the search box adds to the home page's visit).
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from siteharness.chromium import CHROMIUM, CHROMIUM_ARGS
from siteharness.server import SiteServer

from .output import BASKET_SIZE

SEARCH_QUERY = "réparabilité batterie"


def _criteria(site: Path) -> list[str]:
    return sorted(p.stem for p in (site / "data" / "kit").glob("*.json") if p.stem != "common")


def _bytes(responses) -> tuple[int, int, int]:
    """(requests, raw bytes, gzip bytes) of ``responses``."""
    raw = packed = 0
    for response in responses:
        try:
            body = response.body()
        except Exception:  # noqa: BLE001 (a redirect or aborted request has no body)
            continue
        raw += len(body)
        packed += len(gzip.compress(body, 6))
    return len(responses), raw, packed


def _visit(browser, url: str, init_script: str | None = None, then=None) -> dict:
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    if init_script:
        context.add_init_script(init_script)
    page = context.new_page()
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    requests, raw, packed = _bytes(responses)
    out = {"requests": requests, "bytes": raw, "gzip": packed}
    if then is not None:
        responses.clear()
        then(page)
        page.wait_for_load_state("networkidle")
        requests, raw, packed = _bytes(responses)
        out = {"requests": requests, "bytes": raw, "gzip": packed, "page_gzip": out["gzip"]}
    context.close()
    return out


def _search(page) -> None:
    page.click(".md-search__input")
    page.keyboard.type(SEARCH_QUERY, delay=20)
    page.wait_for_selector(".md-search-result__item", timeout=30_000)


def first_visits(site: Path) -> dict:
    """{page name: {"requests", "bytes", "gzip"}} of a first visit to each page (French)."""
    from playwright.sync_api import sync_playwright

    ids = _criteria(site)
    basket = json.dumps(ids[:BASKET_SIZE])
    pages = {
        "home": ("", None, None),
        "criterion": (f"criteria/{ids[0]}/", None, None),
        "all criteria": ("criteria/", None, None),
        "finder": ("finder/", None, None),
        f"basket ({BASKET_SIZE})": ("basket/", f"localStorage.setItem('kb-basket', {json.dumps(basket)});", None),
        "first search": ("", None, _search),
    }
    out = {}
    with SiteServer(site) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            for name, (path, script, then) in pages.items():
                out[name] = _visit(browser, server.url + path, script, then)
        finally:
            browser.close()
    return out
