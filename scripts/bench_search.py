"""Site search measurements for scripts/benchmark.py (``make bench``).

* relevance on the real base: recall@10 and hit@3 of the judged queries of
  tests/search_relevance.yaml, with the real engine (kb.render.search_query.search, the same
  algorithm as kb-search.js);
* the first-search download at every size: gzip bytes (level 6, as a web server sends
  them) of the manifest plus the shards a first search of each benchmark query needs;
  the worst query counts;
* query latency in Chromium under ``Emulation.setCPUThrottlingRate`` 4 (a slow phone):
  last keystroke to results painted, with the benchmark's own instrumentation
  (benchmark.search_latencies), plus the index bytes the browser actually fetched.

Targets (issue 12): recall@10 >= 0.9, hit@3 >= 0.95, first search <= 300 KB gzip at
5,000 criteria, results < 50 ms after the last keystroke at 1,000 criteria (4x throttled).
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from kb.kinds import ROOT
from kb.render import search, search_query

TARGETS = {"recall_at_10": 0.9, "hit_at_3": 0.95, "first_search_gzip": 300_000, "throttled_ms": 50.0}
THROTTLE = 4


def gzip_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6, mtime=0))


def first_search_download(site: Path, queries: dict[str, list[str]]) -> dict:
    """Per language: gzip bytes of the manifest and of the shards each query needs
    (typed from scratch in a fresh page), the worst query, and the whole index."""
    data = site / "data"
    out = {}
    for lang, typed in queries.items():
        manifest_path = data / f"search-{lang}.json"
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        shards = sorted((data / f"search-{lang}").glob("*.json"))
        base = gzip_size(manifest_path)
        per_query = {}
        for query in typed:
            # Typing letter by letter fetches the shard of every prefix of two letters or more,
            # which is the shard of the word's first two letters: the same set as the full query.
            keys = {w[:search.KEY_CHARS] for w in search_query.query_words(manifest, query)} & set(manifest["shards"])
            per_query[query] = base + sum(gzip_size(data / f"search-{lang}" / f"{k}.json") for k in keys)
        worst = max(per_query, key=per_query.get)
        out[lang] = {"manifest_gzip": base, "worst_query": worst, "worst_gzip": per_query[worst],
                     "per_query_gzip": per_query, "shards": len(shards),
                     "index_bytes": manifest_path.stat().st_size + sum(p.stat().st_size for p in shards),
                     "index_gzip": base + sum(gzip_size(p) for p in shards),
                     "largest_shard_gzip": max((gzip_size(p) for p in shards), default=0)}
    return out


def relevance() -> dict:
    """recall@10 and hit@3 of the judged queries on the real base."""
    import yaml
    from siteharness.relevance import scores

    from kb.render.generate import GENERATED, render_all
    from kb.repository import load_repository

    repo = load_repository(ROOT)
    pages = {**search.hand_written_pages(ROOT / "docs", GENERATED), **render_all(repo)}
    judged = yaml.safe_load((ROOT / "tests" / "search_relevance.yaml").read_text(encoding="utf-8"))
    return {lang: scores(search.build(pages, lang, repo.of_kind("term")), lang, judged[lang])
            for lang in search.LANGS}


def throttled_latency(site: Path, server_class, latencies, chromium: str, args: list[str]) -> dict:
    """benchmark.search_latencies under 4x CPU throttling, French and Dutch, and the gzip
    bytes of the index files the page fetched up to its first results."""
    from playwright.sync_api import sync_playwright

    out = {}
    with server_class(site) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, headless=True, args=args)
        try:
            for lang, prefix in (("fr", ""), ("nl", "nl/")):
                page = browser.new_page(viewport={"width": 1280, "height": 800})
                cdp = page.context.new_cdp_session(page)
                cdp.send("Emulation.setCPUThrottlingRate", {"rate": THROTTLE})
                measured = latencies(page, f"{server.url}{prefix}criteria/", lang)
                fetched = page.evaluate("performance.getEntriesByType('resource').map(e => e.name)"
                                        ".filter(n => n.includes('/data/search-'))")
                first = [n for n in fetched if n.endswith(f"/data/search-{lang}.json")]
                files = [site / name.split("/ict-criteria/", 1)[-1] for name in fetched]
                out[lang] = {
                    **{k: v for k, v in measured.items() if k != "samples"},
                    "fetched_files": len(fetched),
                    "fetched_gzip": sum(gzip_size(f) for f in files if f.is_file()),
                    "manifest_fetched": bool(first),
                }
                page.close()
        finally:
            browser.close()
    return out


def print_report(results: list[dict], quality: dict | None) -> dict:
    """Print the search figures of a benchmark run; the PASS/FAIL verdicts as a dict."""
    verdicts = {}
    print("\nSite search (sharded inverted index):")
    if quality:
        for lang, q in quality.items():
            print(f"  relevance {lang}: recall@10 {q['recall_at_10']:.3f}, hit@3 {q['hit_at_3']:.3f} "
                  f"over {q['queries']} judged queries")
        verdicts["relevance"] = all(
            q["recall_at_10"] >= TARGETS["recall_at_10"] and q["hit_at_3"] >= TARGETS["hit_at_3"]
            for q in quality.values()
        )
    for r in results:
        d = r.get("search_download")
        if not d:
            continue
        print(f"  {r['size']:,} criteria: " + "; ".join(
            f"{lang} first search {s['worst_gzip'] / 1000:.1f} KB gzip (worst query {s['worst_query']!r}, "
            f"manifest {s['manifest_gzip'] / 1000:.1f} KB), whole index {s['index_bytes'] / 1e6:.2f} MB "
            f"({s['index_gzip'] / 1000:.0f} KB gzip) in {s['shards']} shards" for lang, s in d.items()))
    largest = max((r for r in results if r.get("search_download")), key=lambda r: r["size"], default=None)
    if largest:
        worst = max(s["worst_gzip"] for s in largest["search_download"].values())
        verdicts["download"] = worst <= TARGETS["first_search_gzip"]
        print(f"  [{'PASS' if verdicts['download'] else 'FAIL'}] first search at {largest['size']:,} criteria: "
              f"{worst / 1000:.1f} KB gzip (target <= {TARGETS['first_search_gzip'] / 1000:.0f} KB)")
    for r in results:
        t = r.get("search_throttled")
        if not t:
            continue
        worst = max(s["worst_query_median_ms"] for s in t.values())
        verdicts["throttled"] = worst < TARGETS["throttled_ms"]
        for lang, s in t.items():
            print(f"  {lang} at {r['size']:,} criteria, CPU x{THROTTLE}: median {s['median_ms']:.1f} ms, slowest query "
                  f"{s['worst_query_median_ms']:.1f} ms, slowest try {s['max_ms']:.1f} ms; first results "
                  f"{s['open_to_first_results_ms']:.0f} ms after opening; {s['fetched_files']} index files fetched, "
                  f"{s['fetched_gzip'] / 1000:.1f} KB gzip")
        print(f"  [{'PASS' if verdicts['throttled'] else 'FAIL'}] results at {r['size']:,} criteria under x{THROTTLE} "
              f"CPU throttling: slowest query {worst:.1f} ms (target < {TARGETS['throttled_ms']:.0f} ms)")
    if "relevance" in verdicts:
        print(f"  [{'PASS' if verdicts['relevance'] else 'FAIL'}] relevance: recall@10 >= {TARGETS['recall_at_10']}, "
              f"hit@3 >= {TARGETS['hit_at_3']} in each language")
    return verdicts


