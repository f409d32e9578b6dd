"""Generation and site builds: ``generate_site_sources`` from an empty docs/ tree, the full
``kb site`` build against a bare ``mkdocs build`` of the same generated Markdown (interleaved
ABBA so that CPU speed drift hits both alike), and a cProfile summary of load + generation."""

from __future__ import annotations

import cProfile
import io
import pstats
import shutil
import sys
import time
from pathlib import Path

from kb.repository import load_repository
from kb.site.build import build_site, mkdocs_env
from kb.site.generated_files import generate_site_sources

from .corpus import clear_generated
from .memory import run_child
from .output import folder_bytes
from .timing import best, cpu_timed, quiet


def measure_generation(root: Path, repo, epoch: str, repeat: int) -> dict:
    """generate_site_sources into an empty docs/ tree; best of ``repeat``."""
    samples = []
    report = None
    for _ in range(repeat):
        clear_generated(root)
        wall, cpu, report = cpu_timed(generate_site_sources, repo, root, epoch)
        samples.append((wall, cpu))
    pages = [name for name in report.written if name.endswith(".md")]
    return {**best(samples), "files_written": len(report.written), "pages": len(pages),
            "markdown_bytes": sum((root / "docs" / n).stat().st_size for n in pages),
            "data_bytes": folder_bytes(root / "docs" / "data")}


def bare_mkdocs(root: Path, out: Path, env: dict) -> tuple[float, float, float]:
    """``mkdocs build --strict`` of the generated Markdown: (wall s, CPU s, peak RSS MB of the child)."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet",
               "--config-file", str(root / "mkdocs.yml"), "--site-dir", str(out)]
    start = time.perf_counter()
    code, usage = run_child(command, cwd=root, env=env)
    wall = time.perf_counter() - start
    if code != 0:
        raise SystemExit(f"bare mkdocs build failed in {root} (exit {code})")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def full_build(root: Path, out: Path) -> tuple[float, float]:
    """kb site (validation, generation, mkdocs, swap) from an empty docs/ tree: (wall s, CPU s)."""
    clear_generated(root)
    wall, cpu, status = cpu_timed(quiet, build_site, root, out)
    if status != 0:
        raise SystemExit(f"build_site failed in {root}")
    return wall, cpu


def measure_builds(root: Path, work: Path, repeat: int) -> dict:
    """Full pipeline vs bare mkdocs, interleaved ABBA, each into a fresh output folder."""
    env = mkdocs_env(root)
    full, bare, rss = [], [], []
    theme_bytes = 0
    kept = work / "site"
    for round_ in range(repeat):
        order = ("full", "bare") if round_ % 2 == 0 else ("bare", "full")
        for name in order:
            out = work / f"out-{name}-{round_}"
            if name == "full":
                full.append(full_build(root, out))
            else:
                if not (root / "docs" / "criteria").is_dir():  # the bare build needs generated pages
                    quiet(generate_site_sources, load_repository(root), root, env["SOURCE_DATE_EPOCH"])
                wall, cpu, peak = bare_mkdocs(root, out, env)
                bare.append((wall, cpu))
                rss.append(peak)
                theme_index = out / "search" / "search_index.json"  # kb site may not publish it
                theme_bytes = theme_index.stat().st_size if theme_index.is_file() else 0
            if name == "full" and not kept.exists():
                out.rename(kept)
            else:
                shutil.rmtree(out, ignore_errors=True)
    out = {"full": best(full), "bare_mkdocs": best(bare), "mkdocs_peak_rss_mb": max(rss), "site": kept,
           "theme_search_index_bytes": theme_bytes}
    out["overhead"] = out["full"]["cpu_s"] / out["bare_mkdocs"]["cpu_s"] - 1
    out["overhead_wall"] = out["full"]["wall_s"] / out["bare_mkdocs"]["wall_s"] - 1
    return out


def profile_pipeline(root: Path, epoch: str, lines: int = 25) -> str:
    """cProfile summary of load_repository + generate_site_sources (cumulative time)."""
    clear_generated(root)
    profiler = cProfile.Profile()
    profiler.enable()
    repo = load_repository(root)
    generate_site_sources(repo, root, epoch)
    profiler.disable()
    stream = io.StringIO()
    pstats.Stats(profiler, stream=stream).sort_stats("cumulative").print_stats(lines)
    stream.write("\n")
    pstats.Stats(profiler, stream=stream).sort_stats("tottime").print_stats(lines)
    return stream.getvalue()
