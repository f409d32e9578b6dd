"""In-process breakdown: ``generate_site_sources`` into a fresh clone, and a cProfile
summary of load + generation (the end-to-end builds are in ``endtoend``)."""

from __future__ import annotations

import cProfile
import io
import pstats
from pathlib import Path

from kb.repository import load_repository
from kb.site.generated_files import generate_site_sources

from .checkout import Trash, forget_caches, fresh_clone
from .corpus import clear_generated
from .output import folder_bytes
from .timing import best, cpu_timed


def measure_generation(root: Path, repo, epoch: str, repeat: int, work: Path, trash: Trash) -> dict:
    """generate_site_sources into the empty docs/ tree of a fresh clone of ``root`` (a new one
    each time: bench.checkout says why); best of ``repeat``."""
    samples = []
    report = clone = None
    for number in range(repeat):
        if clone is not None:
            trash.discard(clone)
        clone = fresh_clone(root, work / f"generate-{number}")
        wall, cpu, report = cpu_timed(generate_site_sources, repo, clone, epoch)
        samples.append((wall, cpu))
    pages = [name for name in report.written if name.endswith(".md")]
    result = {**best(samples), "files_written": len(report.written), "pages": len(pages),
              "markdown_bytes": sum((clone / "docs" / n).stat().st_size for n in pages),
              "data_bytes": folder_bytes(clone / "docs" / "data")}
    forget_caches(clone)
    trash.discard(clone)
    return result


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
