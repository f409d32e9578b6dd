"""Copy what the site is built from (records, schemas, hand-written docs, overrides, scripts and
settings, never the generated pages) into a throw-away folder, so that a test or the benchmark
can build a site without touching the shared working tree."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from kb.kinds import ROOT
from kb.render.generate import GENERATED

DATA_FOLDERS = ("criteria", "practices", "labels", "glossary", "coverage", "legislation", "register")
# What a site build needs besides the data folders.
SITE_SOURCES = ("schema", "docs", "overrides", "scripts", "mkdocs.yml", "pyproject.toml")
SOURCES = DATA_FOLDERS + SITE_SOURCES
_CACHES = shutil.ignore_patterns("__pycache__", "*.egg-info")


def _ignore(folder: Path):
    """A copytree ``ignore``: caches everywhere, and the generated folders at the top of docs/."""
    def ignore(directory: str, names: list[str]) -> set[str]:
        skipped = set(_CACHES(directory, names))
        if folder.name == "docs" and Path(directory) == folder:
            skipped.update(name for name in names if name in GENERATED)
        return skipped

    return ignore


def copy_sources(target: Path, names: tuple[str, ...] = SOURCES, tracked: bool = False) -> Path:
    """Copy the entries ``names`` of the repository into ``target`` (created); returns ``target``.

    Entries that do not exist are passed over. With ``tracked`` only files committed to git
    are copied (useful while records are being written in the working tree).
    """
    target.mkdir(parents=True, exist_ok=True)
    if tracked:
        listed = subprocess.run(["git", "ls-files", *names], cwd=ROOT, capture_output=True, text=True, check=True)
        for name in listed.stdout.splitlines():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(ROOT / name, target / name)
        return target
    for name in names:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=_ignore(source))
        elif source.is_file():
            shutil.copy(source, target / name)
    return target
