"""Peak memory of the benchmark's processes: its own, its children's, and that of validation +
generation alone in a fresh process (what `kb site` holds before it starts MkDocs)."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

PIPELINE = """import sys
from pathlib import Path
from kb.repository import load_repository
from kb.site.generated_files import generate_site_sources
root = Path(sys.argv[1])
generate_site_sources(load_repository(root), root, sys.argv[2])
"""


def maxrss_mb(who: int) -> float:
    """Peak resident set size in MB of this process (RUSAGE_SELF) or its children."""
    return resource.getrusage(who).ru_maxrss / 1024


def run_child(command: list[str], **popen) -> tuple[int, resource.struct_rusage]:
    """Run ``command`` (standard output discarded) and wait for it: (exit code, its own rusage)."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, **popen)
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return process.returncode, usage


def pipeline_peak_rss(root: Path, epoch: str) -> float:
    """Peak RSS (MB) of validation + generation alone, in a fresh process (what `kb site`
    holds before it starts MkDocs)."""
    code, usage = run_child([sys.executable, "-c", PIPELINE, str(root), epoch])
    if code != 0:
        raise SystemExit(f"validation + generation failed in {root}")
    return usage.ru_maxrss / 1024
