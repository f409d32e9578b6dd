"""Build the site atomically: validate, generate, ``mkdocs build --strict``, swap.

The previous site stays untouched unless the new one built completely: MkDocs
writes into a temporary folder next to the target, which replaces the target
only on success (two renames). A validation error stops everything before
any page is written.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from ..messages import format_text
from ..repository import load_repository
from .generated_files import generate_site_sources


def source_date_epoch(root: Path) -> str:
    """SOURCE_DATE_EPOCH for reproducible output: the env value, else the last commit time."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True, text=True, check=True)
        if out.stdout.strip():
            return out.stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        pass
    return "0"


def mkdocs_env(root: Path) -> dict:
    """Environment for MkDocs runs: reproducible dates, no end-of-life banner."""
    env = dict(os.environ)
    env["SOURCE_DATE_EPOCH"] = source_date_epoch(root)
    env["NO_MKDOCS_2_WARNING"] = "1"
    env["KB_SKIP_GENERATE"] = "1"  # pages were generated just before; the hook need not redo it
    return env


def build_site(root: Path, out: Path | None = None) -> int:
    """Validate, generate and build the site into ``out`` (default: root/site)."""
    target = (out or root / "site").resolve()
    repo = load_repository(root)
    if not repo.ok:
        print(format_text(repo.messages, repo.files_checked))
        print(f"site not built: fix the errors above ({target} was left as it was)")
        return 1
    env = mkdocs_env(root)
    report = generate_site_sources(repo, root, env["SOURCE_DATE_EPOCH"])
    print(f"pages: {report.summary()}")
    temporary = target.with_name(f".{target.name}.building-{os.getpid()}")
    shutil.rmtree(temporary, ignore_errors=True)
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet",
               "--config-file", str(root / "mkdocs.yml"), "--site-dir", str(temporary)]
    result = subprocess.run(command, cwd=root, env=env)
    if result.returncode != 0 or not (temporary / "index.html").is_file():
        shutil.rmtree(temporary, ignore_errors=True)
        print(f"site not built: mkdocs failed (exit {result.returncode}); {target} was left as it was")
        return 1
    # The theme's merged lunr index is not used (our search reads data/search-<lang>.json)
    # and weighs several MB: do not publish it.
    (temporary / "search" / "search_index.json").unlink(missing_ok=True)
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    if target.exists():
        target.rename(old)
    temporary.rename(target)
    shutil.rmtree(old, ignore_errors=True)
    pages = sum(1 for _ in target.rglob("*.html"))
    print(f"site built: {target} ({pages} HTML pages)")
    return 0
