"""Search speed in headless Chromium (Playwright) on a built site: time from the last keystroke
to results painted for each benchmark query (typed three times), the index fetch time and the
time from opening the search to the first results, in French and in Dutch."""

from __future__ import annotations

import statistics
from pathlib import Path

from siteharness.chromium import CHROMIUM, CHROMIUM_ARGS
from siteharness.server import SiteServer

SEARCH_QUERIES = {
    "fr": ["garantie", "batterie", "reparabilite", "securite des donnees", "energie serveur", "pieces detachees",
           "conteneur", "zzzz"],
    "nl": ["garantie", "batterij", "herstelbaarheid", "gegevens", "energie server", "reserveonderdelen",
           "levensduur", "zzzz"],
}


INSTRUMENT = """() => {
  const meta = document.querySelector('.md-search-result__meta');
  const list = document.querySelector('.md-search-result__list');
  window.__kb = {keys: [], renders: []};
  document.addEventListener('keydown', e => window.__kb.keys.push(e.timeStamp), true);
  // kb-search.js writes the list, then the status line: one mutation per rendering.
  // "Painted" is taken just after the frame that shows the change: a message posted from
  // that frame's animation callback is handled once the frame is rendered ("afterFrame").
  // A second requestAnimationFrame would wait for the frame after it and add up to a
  // whole frame that the visitor does not wait for.
  new MutationObserver(() => {
    const dom = performance.now();
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => window.__kb.renders.push({
        dom, paint: performance.now(), text: meta.textContent, items: list.children.length,
        visible: list.checkVisibility ? list.checkVisibility() : list.offsetParent !== null});
      channel.port2.postMessage(null);
    });
  }).observe(meta, {childList: true, characterData: true, subtree: true});
}"""

LATENCY = """() => {
  const k = window.__kb, last = Math.max(...k.keys);
  const after = k.renders.filter(r => r.dom >= last);
  const r = after[after.length - 1];
  return r ? {dom: r.dom - last, paint: r.paint - last, items: r.items, text: r.text, visible: r.visible} : null;
}"""


def open_search(page) -> None:
    """Open the header search the way a visitor does (button on narrow screens, field otherwise)."""
    button = page.locator("label.md-header__button[for='__search']")
    if button.count() and button.first.is_visible():
        button.first.click()
    else:
        page.locator(".md-search__input").click()


def search_latencies(page, url: str, lang: str) -> dict:
    """Index load time, then last-keystroke-to-results for each query (three rounds)."""
    page.goto(url, wait_until="load")
    page.evaluate(INSTRUMENT)
    start = page.evaluate("performance.now()")
    open_search(page)
    page.keyboard.type(SEARCH_QUERIES[lang][0])
    # A function, not a string: the Content-Security-Policy forbids eval.
    page.wait_for_function("() => window.__kb.renders.some(r => r.items > 0)", timeout=30_000)
    first_results = page.evaluate("window.__kb.renders.find(r => r.items > 0).paint") - start
    index_url = page.evaluate("document.querySelector('[data-kb-search]').dataset.kbIndex")
    fetch = page.evaluate(
        """(u) => { const e = performance.getEntriesByType('resource')
        .find(x => x.name.endsWith(u.replace(/^(\\.\\.\\/)+/, '')));
        return e ? e.responseEnd - e.startTime : null; }""",
        index_url,
    )
    samples = []
    for _round in range(3):
        for query in SEARCH_QUERIES[lang]:
            page.fill(".md-search__input", "")
            page.wait_for_timeout(150)
            page.evaluate("window.__kb.keys = []; window.__kb.renders = [];")
            page.keyboard.type(query, delay=40)
            page.wait_for_timeout(300)
            sample = page.evaluate(LATENCY)
            if sample is None:
                raise SystemExit(f"no search results rendered for {query!r} on {url}")
            samples.append({"query": query, **sample})
    paints = [s["paint"] for s in samples]
    per_query = {q: statistics.median(s["paint"] for s in samples if s["query"] == q) for q in SEARCH_QUERIES[lang]}
    return {"url": url, "index_fetch_ms": fetch, "open_to_first_results_ms": first_results,
            "median_ms": statistics.median(paints), "max_ms": max(paints),
            "worst_query_median_ms": max(per_query.values()), "per_query_median_ms": per_query,
            "dom_median_ms": statistics.median(s["dom"] for s in samples),
            "all_visible": all(s["visible"] for s in samples), "samples": samples}


def measure_search(site: Path) -> dict:
    """Search speed on a built site, French and Dutch, in headless Chromium."""
    from playwright.sync_api import sync_playwright

    index_bytes = {lang: (site / "data" / f"search-{lang}.json").stat().st_size for lang in ("fr", "nl")}
    with SiteServer(site) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            out = {}
            for lang, prefix in (("fr", ""), ("nl", "nl/")):
                page = browser.new_page(viewport={"width": 1280, "height": 800})
                out[lang] = {**search_latencies(page, f"{server.url}{prefix}criteria/", lang),
                             "index_bytes": index_bytes[lang]}
                page.close()
        finally:
            browser.close()
    return out
