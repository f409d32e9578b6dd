"""Valid and invalid fixture files: each invalid file fails with the expected rule,
field path and message, located in the file, with exit status 1 and no traceback."""

import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, make_repo

from kb.cli import main as kb_main
from kb.repository import load_repository

INVALID = sorted(p for p in (FIXTURES / "invalid").glob("*.yaml"))


def expectations(path: Path) -> dict:
    """Read the '# expect-…' header (or the .expect side file for binary fixtures)."""
    side = path.with_name(path.name + ".expect")
    lines = side.read_text().splitlines() if side.exists() else [
        line[2:] for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("# ")]
    out = {}
    for line in lines:
        key, _, value = line.partition(":")
        if key.strip() in ("expect-rule", "expect-path", "expect-message", "place-at"):
            out[key.strip()] = value.strip()
    return out


def valid_repo(tmp_path: Path) -> Path:
    root = make_repo(tmp_path)
    shutil.copytree(FIXTURES / "valid", root, dirs_exist_ok=True)
    return root


def test_valid_fixtures_pass(tmp_path):
    repo = load_repository(valid_repo(tmp_path))
    assert repo.ok, [m for m in repo.messages]
    assert not repo.messages
    assert len([r for r in repo.records if r.kind.name != "provision"]) == 4


def test_corpus_covers_every_file_level_problem():
    rules = {expectations(p)["expect-rule"] for p in INVALID}
    assert {"yaml-syntax", "duplicate-key", "encoding", "empty-file", "yaml-alias", "schema", "missing-language",
            "placeholders", "markdown", "references", "unique-id", "id-filename", "folder"} <= rules


@pytest.mark.parametrize("fixture", INVALID, ids=lambda p: p.stem)
def test_invalid_fixture_is_reported(fixture, tmp_path, capsys):
    expect = expectations(fixture)
    root = valid_repo(tmp_path)
    target = root / expect["place-at"]
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(fixture, target)
    repo = load_repository(root)
    relative = expect["place-at"]
    found = [m for m in repo.messages if m.file == relative and m.rule == expect["expect-rule"]]
    assert found, f"no {expect['expect-rule']} message for {relative}: {repo.messages}"
    assert any(m.path == expect["expect-path"] and expect["expect-message"] in m.text for m in found), found
    assert all(m.line >= 1 and m.column >= 1 for m in found)
    # The command line says the same, exits 1 and never shows a traceback.
    status = kb_main(["--root", str(root), "check"])
    out = capsys.readouterr().out
    assert status == 1
    assert "Traceback" not in out
    assert f"{relative}:" in out and f"[{expect['expect-rule']}]" in out
