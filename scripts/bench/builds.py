"""In-process breakdown: ``generate_site_sources`` from an empty docs/ tree, and a cProfile
summary of load + generation (the end-to-end builds are in ``endtoend``)."""

from __future__ import annotations

import cProfile
import io
import pstats
from pathlib import Path

from kb.repository import load_repository
from kb.site.generated_files import generate_site_sources

from .corpus import clear_generated
from .output import folder_bytes
from .timing import best, cpu_timed


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
