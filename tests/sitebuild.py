"""Build a copy of the repository's site once per test session (shared by site and browser tests)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from kb.kinds import ROOT
from kb.render.generate import GENERATED

SOURCES = ("criteria", "practices", "labels", "glossary", "coverage", "legislation", "register", "schema", "docs",
           "overrides", "scripts", "mkdocs.yml", "pyproject.toml")


def copy_sources(target: Path) -> Path:
    """Copy what the site is built from (not the generated pages) into ``target``.

    With KB_TEST_SOURCES=tracked only files committed to git are copied (useful
    while records are being written in the working tree).
    """
    target.mkdir(parents=True, exist_ok=True)
    if os.environ.get("KB_TEST_SOURCES") == "tracked":
        listed = subprocess.run(["git", "ls-files", *SOURCES], cwd=ROOT, capture_output=True, text=True, check=True)
        for name in listed.stdout.splitlines():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(ROOT / name, target / name)
        return target
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            ignore = shutil.ignore_patterns(*GENERATED, "data") if name == "docs" else None
            shutil.copytree(source, target / name, ignore=ignore)
        elif source.is_file():
            shutil.copy(source, target / name)
    return target


def build_copy(base: Path) -> Path:
    """A fresh copy of the repository with its site built in ``base/repo/site``."""
    from kb.site.build import build_site

    root = copy_sources(base / "repo")
    status = build_site(root)
    assert status == 0, "site build failed"
    return root
