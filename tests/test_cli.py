"""The kb command line: exit codes, text and GitHub output formats."""

import re
import shutil
import subprocess
import sys

from conftest import FIXTURES, make_repo

from kb.cli import main as kb_main


def _repo(tmp_path):
    root = make_repo(tmp_path)
    shutil.copytree(FIXTURES / "valid", root, dirs_exist_ok=True)
    return root


def test_check_ok_exits_zero(tmp_path, capsys):
    assert kb_main(["--root", str(_repo(tmp_path)), "check"]) == 0
    assert re.search(r"^\d+ file\(s\) checked: 0 error\(s\), 0 warning\(s\)$", capsys.readouterr().out, re.M)


def test_text_format_is_file_line_column(tmp_path, capsys):
    root = _repo(tmp_path)
    path = root / "criteria/circular/circ-fixture-warranty.yaml"
    path.write_text(path.read_text().replace("gedurende {{years}} jaar", "gedurende {{jaren}} jaar"))
    assert kb_main(["--root", str(root), "check"]) == 1
    out = capsys.readouterr().out
    line = next(ln for ln in out.splitlines() if "[placeholders]" in ln and "different" in ln)
    assert re.match(
        r"^criteria/circular/circ-fixture-warranty\.yaml:\d+:\d+: error \[placeholders\] clause\.nl: ", line
    )
    assert "    hint: " in out
    assert re.match(r"\d+ file\(s\) checked: \d+ error", out.strip().splitlines()[-1])


def test_github_format_emits_annotations(tmp_path, capsys):
    root = _repo(tmp_path)
    path = root / "criteria/circular/circ-fixture-warranty.yaml"
    text = path.read_text()
    line_no = text.splitlines().index("theme: circular") + 1
    path.write_text(text.replace("theme: circular", "theme: circulaire"))
    assert kb_main(["--root", str(root), "check", "--format", "github"]) == 1
    out = capsys.readouterr().out
    assert (
        f"::error file=criteria/circular/circ-fixture-warranty.yaml,line={line_no},col=8,title=[schema]::theme: " in out
    )


def test_only_given_files_are_reported(tmp_path, capsys):
    root = _repo(tmp_path)
    path = root / "criteria/social/soc-fixture-award.yaml"
    path.write_text(path.read_text().replace("theme: social", "theme: sociaal"))
    assert kb_main(["--root", str(root), "check", str(root / "labels/lbl-fixture.yaml")]) == 0
    assert kb_main(["--root", str(root), "check", str(path)]) == 1


def test_warnings_fail_only_on_request(tmp_path, capsys):
    from kb import translations
    from kb.yamlload import load

    root = _repo(tmp_path)
    path = root / "criteria/circular/circ-fixture-warranty.yaml"
    data = load(path.read_bytes()).data
    sync = translations.checkpoint(data)
    path.write_text(path.read_text() + f"translation_sync: {{fr: '{sync['fr']}', nl: '{sync['nl']}'}}\n")
    assert kb_main(["--root", str(root), "check", "--fail-on-warnings"]) == 0
    path.write_text(path.read_text().replace("Relevé des pannes.", "Relevé mensuel des pannes."))
    assert kb_main(["--root", str(root), "check"]) == 0
    assert "[translation]" in capsys.readouterr().out
    assert kb_main(["--root", str(root), "check", "--fail-on-warnings"]) == 1


def test_console_script_runs_without_traceback(tmp_path):
    root = _repo(tmp_path)
    (root / "criteria/circular/broken.yaml").write_bytes(b"id: [unclosed\n")
    result = subprocess.run([sys.executable, "-m", "kb.cli", "--root", str(root), "check"],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert "criteria/circular/broken.yaml:2:1: error [yaml-syntax]" in result.stdout


def test_schema_command_detects_drift(tmp_path, capsys):
    root = _repo(tmp_path)
    assert kb_main(["--root", str(root), "schema"]) == 0
    generated = root / "schema/codelists.schema.json"
    generated.write_text(generated.read_text().replace('"frontrunner"', '"pioneer"'))
    assert kb_main(["--root", str(root), "schema"]) == 1
    assert kb_main(["--root", str(root), "check"]) == 1
    assert "[codelist-sync]" in capsys.readouterr().out
    assert kb_main(["--root", str(root), "schema", "--fix"]) == 0
    assert kb_main(["--root", str(root), "check"]) == 0
