"""The benchmark's command line and run: parse the options, measure every size in turn
(synthetic knowledge base, loading, generation, builds, output sizes, memory, search), run
Lighthouse, print the report and write the JSON figures (``--out``)."""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import bench_search
from siteharness.chromium import CHROMIUM, CHROMIUM_ARGS
from siteharness.server import SiteServer

from kb.kinds import ROOT
from kb.repository import load_repository
from kb.site.build import build_site, source_date_epoch

from . import __doc__ as OVERVIEW
from .builds import measure_generation, profile_pipeline
from .checkout import Trash, forget_caches
from .corpus import fixture_records, make_knowledge_base, valid_records
from .downloads import first_visits
from .endtoend import measure_end_to_end
from .languages import measure_languages
from .lighthouse import measure_lighthouse
from .loading import measure_loading
from .memory import maxrss_mb, pipeline_peak_rss
from .output import measure_output
from .preview import measure_preview
from .readme import update_readme
from .report import TARGETS, evaluate, machine, print_report
from .search_speed import SEARCH_QUERIES, measure_search, search_latencies
from .timing import quiet, timed

PREVIEW_MAX_SIZE = 1000  # the preview's targets stop at 1,000 criteria (a first build at 5,000 takes minutes)


def measure_size(size: int, work: Path, real, fixtures, repeat: int, epoch: str, args, trash: Trash) -> dict:
    """Every measurement for one knowledge-base size (``trash``: where finished folders go; see
    bench.checkout)."""
    root = work / "repo"
    start_load = os.getloadavg()[0]
    print(f"\n== {size:,} criteria: writing the synthetic knowledge base in {root}", flush=True)
    seconds, content = timed(make_knowledge_base, root, size, real, fixtures)
    print(f"   {content['records']:,} records ({content['practices']} practices, {content['labels']} labels) "
          f"written in {seconds:.1f} s", flush=True)
    repo = load_repository(root)
    if not repo.ok:
        errors = [m for m in repo.messages if m.level == "error"][:10]
        raise SystemExit("synthetic knowledge base is not valid:\n" + "\n".join(map(str, errors)))
    result = {"size": size, "content": content, "repeat": repeat,
              "warnings": sum(1 for m in repo.messages if m.level != "error")}
    print("   loading and validation…", flush=True)
    result["load"] = measure_loading(root, args.repeat)  # seconds, not minutes: best of N at every size
    print("   page generation…", flush=True)
    result["generate"] = measure_generation(root, repo, epoch, repeat, work, trash)
    print("   end to end, fresh processes: kb site (cold, no change, one edit) and bare mkdocs, interleaved…",
          flush=True)
    builds = measure_end_to_end(root, work, epoch, repeat, trash)
    site = work / "site"
    result["build"] = builds
    result["output"] = {**measure_output(site), "theme_search_index_bytes": builds.pop("theme_search_index_bytes")}
    print("   both languages in one build vs one build per language in parallel…", flush=True)
    result["languages"] = measure_languages(root, work, epoch, trash)
    result["search_download"] = bench_search.first_search_download(site, SEARCH_QUERIES)
    result["memory"] = {"pipeline_peak_rss_mb": pipeline_peak_rss(root, epoch),
                        "kb_site_tree_peak_mb": builds["cold"]["tree_peak_mb"],
                        "bare_mkdocs_tree_peak_mb": builds["bare"]["tree_peak_mb"],
                        "benchmark_self_peak_rss_mb": maxrss_mb(resource.RUSAGE_SELF)}
    if not args.skip_browser:
        print("   first-visit downloads in Chromium…", flush=True)
        result["downloads"] = first_visits(site)
    if not args.skip_preview and size <= PREVIEW_MAX_SIZE:
        print("   edit-to-preview with kb serve…", flush=True)
        result["preview"] = measure_preview(root, epoch)
    if not args.skip_browser and size == args.search_size:
        print("   search speed in Chromium…", flush=True)
        result["search"] = measure_search(site)
        print(f"   search speed in Chromium, CPU x{bench_search.THROTTLE}…", flush=True)
        result["search_throttled"] = bench_search.throttled_latency(site, SiteServer, search_latencies, CHROMIUM,
                                                                    CHROMIUM_ARGS)
    if args.profile and size == max(args.sizes):
        result["profile"] = profile_pipeline(root, epoch)
    forget_caches(root)  # kb serve filled them; they live outside the (temporary) work folder
    result["load_average"] = {"start": start_load, "end": os.getloadavg()[0]}
    print(f"   done (CPU s, median): load {result['load']['strict']['cpu_s']:.2f}, generate "
          f"{result['generate']['cpu_s']:.2f}, kb site cold {builds['cold']['cpu_median_s']:.1f}, after one edit "
          f"{builds['edited']['cpu_median_s']:.1f}, bare mkdocs {builds['bare']['cpu_median_s']:.1f}; load average "
          f"{start_load:.1f} -> {os.getloadavg()[0]:.1f}", flush=True)
    return result


def parse_args(argv=None):
    """The command-line options (see the package docstring); --search-size snaps to the nearest size run."""
    parser = argparse.ArgumentParser(description=OVERVIEW.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,166,1000,5000",
                        type=lambda s: sorted({int(x) for x in s.split(",") if x.strip()}),
                        help="numbers of criteria, comma-separated (default: 100,166,1000,5000; 166 is the real size)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="timed repetitions up to 1,000 criteria, and of loading at every size (default: 3)")
    parser.add_argument("--search-size", type=int, default=1000, help="size of the search test (default: 1000)")
    parser.add_argument("--skip-browser", action="store_true",
                        help="skip the measurements in Chromium (first-visit downloads, search speed)")
    parser.add_argument("--skip-lighthouse", action="store_true", help="skip Lighthouse on the real site")
    parser.add_argument("--skip-preview", action="store_true", help="skip the edit-to-preview measurement")
    parser.add_argument("--profile", action="store_true", help="cProfile load + generation at the largest size")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    parser.add_argument("--out", type=Path, help="also write the results as JSON")
    parser.add_argument("--readme", action="store_true",
                        help="rewrite README.md's benchmark block from this run (make bench does)")
    args = parser.parse_args(argv)
    if args.sizes and args.search_size not in args.sizes:
        args.search_size = min(args.sizes, key=lambda s: abs(s - args.search_size))
    return args


def run_record(args, root: Path = ROOT) -> dict:
    """The date, the options that change what is measured (not where results go: --out, --keep and
    --readme name folders and files of this machine, which the README must not show) and the commit."""
    defaults = parse_args([])
    changed = [f"sizes {','.join(map(str, args.sizes))}" if args.sizes != defaults.sizes else "",
               f"repeat {args.repeat}" if args.repeat != defaults.repeat else "",
               f"search size {args.search_size}" if args.search_size != defaults.search_size else ""]
    changed += [name.replace("_", "-") for name in ("skip_browser", "skip_lighthouse", "skip_preview", "profile")
                if getattr(args, name)]
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True,
                                text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=root,
                               capture_output=True, text=True, check=True).stdout.strip()
        commit += " with uncommitted changes" if dirty else ""
    except (OSError, subprocess.CalledProcessError):
        commit = "unknown"
    return {"date": time.strftime("%Y-%m-%d", time.gmtime()),
            "options": ", ".join(part for part in changed if part) or "defaults", "commit": commit}


def same_tree(start: str, end: str) -> str:
    """The commit measured (as at the start), saying so when the tree changed during the run."""
    return start if end == start else f"{start}; {end} by the end of the run"


def main(argv=None) -> int:
    """Run the benchmark; 0 when every target passes, else 1."""
    args = parse_args(argv)
    os.environ.setdefault("SOURCE_DATE_EPOCH", source_date_epoch(ROOT))
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    epoch = os.environ["SOURCE_DATE_EPOCH"]
    info = machine()
    record = run_record(args)  # what is measured: the commit and working tree at the start
    print(f"Benchmark on {info['cpu']} ({info['cores']} cores), Python {info['python']}; sizes "
          + ", ".join(f"{s:,}" for s in args.sizes), flush=True)
    base = args.keep or Path(tempfile.mkdtemp(prefix="kb-bench-"))
    base.mkdir(parents=True, exist_ok=True)
    trash = Trash(base / "trash")  # nothing is deleted between timed runs (bench.checkout)
    try:
        real = valid_records(ROOT)
        fixtures = fixture_records()
        results = []
        for number, size in enumerate(args.sizes):
            work = base / f"kb-{size}"
            trash.discard(work)
            repeat = args.repeat if size <= 1000 else 1
            if number == 0:  # warm the disk cache and imports once, untimed
                make_knowledge_base(work / "repo", size, real, fixtures)
                quiet(build_site, work / "repo", work / "warm-up")
                forget_caches(work / "repo")
                trash.discard(work)
            results.append(measure_size(size, work, real, fixtures, repeat, epoch, args, trash))
            if not args.keep:
                trash.discard(work)
        trash.empty()
        lighthouse_results = None if args.skip_lighthouse else measure_lighthouse(base / "lighthouse")
        targets = evaluate(results)
        if lighthouse_results:
            lowest = min(v for lh in lighthouse_results.values() for v in lh["scores"].values())
            targets["lighthouse"] = {
                "what": f"Lighthouse, mobile, gzip, {', '.join(lighthouse_results)}: lowest score of every category "
                        f"in {max(lh['runs'] for lh in lighthouse_results.values())} runs",
                "value": str(lowest), "target": "100 everywhere", "pass": lowest == 100}
        print_report(info, results, targets, lighthouse_results)
        quality = bench_search.relevance() if args.sizes else None
        targets.update({f"search_{k}": {"pass": v} for k, v in bench_search.print_report(results, quality).items()})
        for r in results:
            r["output"].pop("page_bytes_fr", None)  # per-page figures: only for target (b)
        payload = {
            "run": {**record, "commit": same_tree(record["commit"], run_record(args)["commit"])},
            "machine": info,
            "epoch": epoch,
            "results": results,
            "targets": targets,
            "search_relevance": quality,
            "lighthouse": lighthouse_results,
            "target_values": TARGETS,
        }
        if args.out:
            args.out.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
            print(f"\nResults written to {args.out}")
        if args.readme:
            update_readme(payload)
            print("README.md's benchmark block rewritten from this run")
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    return 0 if all(t["pass"] for t in targets.values()) else 1
