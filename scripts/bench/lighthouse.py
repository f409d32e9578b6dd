"""Lighthouse (mobile preset) on four pages of the real site (home, a criterion page, the finder,
the basket holding criteria), built from a copy of the working tree (or of the committed files if
it does not build) and served with gzip and cache headers as GitHub Pages serves it; RUNS runs
per page: the lowest score of each category, metrics of the last run and every audit below full
score in any run."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

from siteharness.chromium import CHROMIUM, CHROMIUM_ARGS
from siteharness.server import SiteServer
from siteharness.sources import copy_sources

from kb.kinds import ROOT
from kb.site.build import build_site

from .checkout import forget_caches
from .timing import quiet

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
LIGHTHOUSE_CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
RUNS = 3


def build_real_site(work: Path) -> Path:
    """The real site, built as `kb site` builds it, from a copy of the working tree.

    The copy keeps the shared working tree (docs/, site/) untouched. If records
    being edited make the build fail, the committed files are used instead.
    """
    for tracked in (False, True):
        root = work / ("real-tracked" if tracked else "real")
        shutil.rmtree(root, ignore_errors=True)
        root.mkdir(parents=True)
        copy_sources(root, tracked=tracked)
        built = quiet(build_site, root) == 0
        forget_caches(root)  # its page cache lives outside the temporary copy
        if built:
            return root / "site"
        print("   the working tree does not build; using the committed files", flush=True)
    raise SystemExit("the real site does not build")


def first_sentence(markdown: str) -> str:
    """First sentence of a Lighthouse description, without Markdown links."""
    plain = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown or "")
    return plain.split(". ")[0].strip().rstrip(".") + "."


def audit_items(audit: dict, limit: int = 3) -> list[str]:
    """What an audit points at (URLs, elements, sources), shortened."""
    out = []
    for item in (audit.get("details") or {}).get("items") or []:
        if not isinstance(item, dict):
            continue
        node = item.get("node") if isinstance(item.get("node"), dict) else {}
        source = item.get("source") if isinstance(item.get("source"), dict) else {}
        where = item.get("url") or node.get("selector") or source.get("url") or ""
        if where:
            out.append(re.sub(r"^https?://127\.0\.0\.1:\d+", "", str(where)))
    return out[:limit]


def lighthouse(url: str, out_json: Path) -> dict:
    """Scores (0-100) and every audit below full score for one URL (mobile preset)."""
    flags = " ".join(["--headless", *CHROMIUM_ARGS])
    command = [str(LIGHTHOUSE), url, f"--chrome-flags={flags}", "--output=json", f"--output-path={out_json}",
               "--quiet", "--only-categories=" + ",".join(LIGHTHOUSE_CATEGORIES)]
    env = {**os.environ, "CHROME_PATH": str(CHROMIUM)}
    subprocess.run(command, env=env, check=True, capture_output=True, timeout=300)
    report = json.loads(out_json.read_text(encoding="utf-8"))
    scores = {name: round(report["categories"][name]["score"] * 100) for name in LIGHTHOUSE_CATEGORIES}
    findings, seen = [], set()
    for name in LIGHTHOUSE_CATEGORIES:
        for ref in report["categories"][name]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            mode = audit.get("scoreDisplayMode")
            if audit.get("score") is None or mode in ("notApplicable", "manual", "informative", "error"):
                continue
            if audit["score"] < 1 and audit["id"] not in seen:
                seen.add(audit["id"])
                findings.append({"category": name, "id": audit["id"], "score": audit["score"],
                                 "weight": ref.get("weight", 0), "title": audit["title"],
                                 "value": audit.get("displayValue", ""), "items": audit_items(audit),
                                 "why": first_sentence(audit.get("description", ""))})
    findings.sort(key=lambda f: (-f["weight"], f["category"], f["id"]))
    metrics = {key: report["audits"][key].get("displayValue", "")
               for key in ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
                           "cumulative-layout-shift", "speed-index") if key in report["audits"]}
    return {"url": url, "scores": scores, "metrics": metrics, "findings": findings}


def _worst(runs: list[dict]) -> dict:
    """One page's runs as one result: the lowest score per category, every finding once."""
    findings, seen = [], set()
    for run in runs:
        for finding in run["findings"]:
            if finding["id"] not in seen:
                seen.add(finding["id"])
                findings.append(finding)
    return {"url": runs[-1]["url"], "runs": len(runs),
            "scores": {name: min(run["scores"][name] for run in runs) for name in LIGHTHOUSE_CATEGORIES},
            "all_scores": [run["scores"] for run in runs], "metrics": runs[-1]["metrics"], "findings": findings}


def measure_lighthouse(work: Path, runs: int = RUNS) -> dict:
    """Lighthouse on the home page, a criterion page, the finder and a basket of the real site."""
    print("\n== Lighthouse: building the real site", flush=True)
    site = build_real_site(work)
    criterion = sorted(p.parent.name for p in (site / "criteria").glob("*/index.html"))
    chosen = "circ-manufacturer-warranty" if "circ-manufacturer-warranty" in criterion else criterion[0]
    pages = {"home": "", "criterion": f"criteria/{chosen}/", "finder": "finder/",
             # the basket's criteria are given in the address, as a shared basket link gives them
             "basket": "basket/?ids=" + ",".join(criterion[:5])}
    out = {}
    with SiteServer(site, compress=True) as server:
        for name, path in pages.items():
            print(f"   {name}: {server.url}{path} ({runs} runs)", flush=True)
            out[name] = _worst([lighthouse(server.url + path, work / f"lighthouse-{name}-{n}.json")
                                for n in range(runs)])
    return out
