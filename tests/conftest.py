"""Shared test helpers: the repository root and throw-away knowledge bases."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kb.kinds import ROOT

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def root() -> Path:
    """The real repository."""
    return ROOT


def make_repo(tmp_path: Path, files: dict[str, str | bytes] | None = None) -> Path:
    """A minimal knowledge base in ``tmp_path``: schemas, settings and the given files."""
    shutil.copytree(ROOT / "schema", tmp_path / "schema")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    for relative, content in (files or {}).items():
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return tmp_path


@pytest.fixture
def tmp_repo(tmp_path):
    """Factory: ``tmp_repo({path: text})`` builds a throw-away knowledge base."""
    return lambda files=None: make_repo(tmp_path, files)


def valid_criterion_text() -> str:
    """The valid fixture criterion, used as a base for variations."""
    return (FIXTURES / "valid" / "criteria" / "circular" / "circ-fixture-warranty.yaml").read_text(encoding="utf-8")
