"""What the built site weighs: HTML bytes per criterion page, search index and finder sizes,
the whole site, and the gzip bytes the basket downloads to write a kit."""

from __future__ import annotations

import statistics
from pathlib import Path

import bench_search


def folder_bytes(folder: Path) -> int:
    """Bytes of every file under ``folder``."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def page_sizes(site: Path, prefix: str) -> dict[str, int]:
    """HTML bytes of every criterion page of one language tree, by criterion id."""
    base = site / prefix / "criteria"
    return {p.parent.name: p.stat().st_size for p in base.glob("*/index.html")}


BASKET_SIZE = 14  # criteria in a typical basket (the notebooks recommended set)


def basket_download(site: Path) -> dict:
    """Gzip bytes the basket fetches to write a kit of BASKET_SIZE criteria (kit/common.json
    and one part per criterion), against the whole kit-data.json it fetched before."""
    parts = sorted((site / "data" / "kit").glob("*.json"))
    common = site / "data" / "kit" / "common.json"
    chosen = [p for p in parts if p != common][:BASKET_SIZE]
    return {"basket_kit_gzip": sum(bench_search.gzip_size(p) for p in [common, *chosen]),
            "kit_data_gzip": bench_search.gzip_size(site / "data" / "kit-data.json")}


def measure_output(site: Path) -> dict:
    """Page, index, kit download and site sizes of a built site (see the module docstring)."""
    fr, nl = page_sizes(site, ""), page_sizes(site, "nl")
    return {
        "criterion_pages": len(fr) + len(nl),
        "bytes_per_criterion_page_fr": statistics.fmean(fr.values()),
        "bytes_per_criterion_page_nl": statistics.fmean(nl.values()),
        "page_bytes_fr": fr,
        "search_fr_bytes": (site / "data" / "search-fr.json").stat().st_size,
        "search_nl_bytes": (site / "data" / "search-nl.json").stat().st_size,
        "theme_search_index_published": (site / "search" / "search_index.json").is_file(),
        "finder_fr_bytes": (site / "data" / "finder-fr.json").stat().st_size,
        **basket_download(site),
        "html_pages": sum(1 for _ in site.rglob("*.html")),
        "largest_html": max(((p.stat().st_size, p.relative_to(site).as_posix()) for p in site.rglob("*.html")),
                            default=(0, "")),
        "site_bytes": folder_bytes(site),
    }
