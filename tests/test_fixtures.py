"""Valid and invalid fixtures. Each invalid case is a declared edit of a valid record
(tests/fixtures/invalid_edits.yaml, built by record_edits.py): it fails with the expected
rule at the expected line, field path and message, raises no other rule in its file, and
the command line says the same, with exit status 1 and no traceback."""

import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, make_repo
from record_edits import load_table

from kb.cli import main as kb_main
from kb.messages import FILE_RULES
from kb.repository import load_repository
from kb.rules import RULES

BASES, CASES = load_table()


def valid_repo(tmp_path: Path) -> Path:
    root = make_repo(tmp_path)
    shutil.copytree(FIXTURES / "valid", root, dirs_exist_ok=True)
    return root


def test_valid_fixtures_pass(tmp_path):
    repo = load_repository(valid_repo(tmp_path))
    assert repo.ok, [m for m in repo.messages]
    assert not repo.messages
    assert len([r for r in repo.records if r.kind.name != "provision"]) == 4


def test_bases_are_valid(tmp_path, capsys):
    """Every case edits a valid record: the bases kept in the table pass too."""
    root = valid_repo(tmp_path)
    for base in BASES.values():
        target = root / base.place_at
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(base.text, encoding="utf-8")
        assert target.read_text(encoding="utf-8") == base.text, base.place_at
    assert kb_main(["--root", str(root), "schema", "--fix"]) == 0  # the new codelist's enum
    repo = load_repository(root)
    assert not repo.messages, repo.messages
    assert {r.kind.name for r in repo.records} >= {"criterion", "label", "practice", "term", "coverage", "legislation"}


def test_cases_are_well_formed():
    names = [case.name for case in CASES]
    assert len(names) == len(set(names)), "two cases have the same name"
    known = FILE_RULES.keys() | RULES.keys()
    texts = {(base.place_at, base.text.encode("utf-8")) for base in BASES.values()}
    for case in CASES:
        assert case.name.split("__")[0] == case.rule, f"{case.name}: the name must start with '{case.rule}__'"
        assert {case.rule, *case.also} <= known, f"{case.name}: unknown rule id"
        assert case.rule not in case.also
        assert (case.place_at, case.content) not in texts, f"{case.name}: the edit changes nothing"


def test_corpus_covers_every_file_level_problem():
    rules = {case.rule for case in CASES}
    assert {"yaml-syntax", "duplicate-key", "encoding", "empty-file", "yaml-alias", "schema", "missing-language",
            "placeholders", "markdown", "references", "unique-id", "id-filename", "folder"} <= rules
    assert {"file-name", "file-size", "yaml-depth", "yaml-tag", "yaml-key"} <= rules


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_invalid_case_is_reported(case, tmp_path, capsys):
    root = valid_repo(tmp_path)
    target = root / case.place_at
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(case.content)
    messages = [m for m in load_repository(root).messages if m.file == case.place_at]
    found = [m for m in messages if m.rule == case.rule and m.path == case.path and case.message in m.text]
    assert found, f"no [{case.rule}] {case.path}: …{case.message}… in {case.place_at}: {messages}"
    assert case.line in {m.line for m in found}, f"expected line {case.line}, got {found}"
    assert {m.rule for m in messages} == {case.rule, *case.also}, messages
    assert all(m.line >= 1 and m.column >= 1 for m in messages)
    # The command line says the same, exits 1 and never shows a traceback.
    status = kb_main(["--root", str(root), "check"])
    out = capsys.readouterr().out
    assert status == 1
    assert "Traceback" not in out
    assert any(line.startswith(f"{case.place_at}:{case.line}:") and f"[{case.rule}] {case.path}: " in line
               for line in out.splitlines()), out


def test_translation_numbers_compare_numbers_as_written():
    """Rule translation-numbers: thousands separators and ordinal endings do not count; names
    with digits (CO2, IP67, TS12) are not numbers; decimals keep their comma."""
    from kb.rules.texts import text_numbers

    assert text_numbers("1 000 ppm") == text_numbers("1.000 ppm") == text_numbers("1\u202f000 ppm") == {"1000"}
    assert text_numbers("le 1er novembre 2025") == text_numbers("1 november 2025") == {"1", "2025"}
    assert text_numbers("CO2, IP67, classe A2, TS12") == set()
    assert text_numbers("0,1 % et 3,35") == {"0,1", "3,35"}
    assert text_numbers("EN 50600-4-7:2020") == {"50600", "4", "7", "2020"}
    assert text_numbers("alinéa 3") != text_numbers("derde lid")
