"""Build a copy of the repository's site once per test session (shared by site and browser tests)."""

from __future__ import annotations

import os
from pathlib import Path

from siteharness.sources import copy_sources as copy_repository_sources


def copy_sources(target: Path) -> Path:
    """Copy what the site is built from (not the generated pages) into ``target``.

    With KB_TEST_SOURCES=tracked only files committed to git are copied (useful
    while records are being written in the working tree). The copying itself is
    scripts/siteharness/sources.py, shared with the benchmark.
    """
    return copy_repository_sources(target, tracked=os.environ.get("KB_TEST_SOURCES") == "tracked")


def build_copy(base: Path) -> Path:
    """A fresh copy of the repository with its site built in ``base/repo/site``."""
    from kb.site.build import build_site

    root = copy_sources(base / "repo")
    status = build_site(root)
    assert status == 0, "site build failed"
    return root
