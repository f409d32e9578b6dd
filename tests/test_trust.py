"""The file system is not trusted, builds cannot half-happen, output cannot be forged.

Each test is one attack a security review ran against a fresh clone: committed
links and special files, destructive output folders, concurrent and killed
builds, disk errors, a bad SOURCE_DATE_EPOCH, forged output lines and CSV
formulas. Site builds are marked ``site`` (they run MkDocs).
"""

from __future__ import annotations

import csv
import errno
import io
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import FIXTURES, make_repo

from kb import fsguard
from kb.cli import main as kb_main
from kb.repository import load_repository

CRITERION = "criteria/circular/circ-fixture-warranty.yaml"


def fixture_repo(tmp_path: Path) -> Path:
    root = make_repo(tmp_path / "repo")
    shutil.copytree(FIXTURES / "valid", root, dirs_exist_ok=True)
    return root


def run_kb(root: Path, *args: str, env: dict | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    """``kb`` in a fresh process, as a contributor runs it."""
    return subprocess.run([sys.executable, "-m", "kb.cli", "--root", str(root), *args], capture_output=True,
                          text=True, timeout=timeout, env={**os.environ, **(env or {})})


# ---- links and special files ------------------------------------------------------------

def test_record_linked_to_a_file_outside_is_refused_not_read(tmp_path):
    root = fixture_repo(tmp_path)
    secret = tmp_path / "outside.yaml"
    secret.write_text("id: secret-value-outside\n", encoding="utf-8")
    (root / "criteria/circular/circ-link.yaml").symlink_to(secret)
    repo = load_repository(root)
    messages = [m for m in repo.messages if m.file == "criteria/circular/circ-link.yaml"]
    assert [(m.rule, m.text) for m in messages] == [("unsafe-file", "is a symbolic link")]
    assert "secret-value-outside" not in repr(repo.messages)
    assert all(r.path != "criteria/circular/circ-link.yaml" for r in repo.records)


def test_linked_data_folder_and_fifo_are_located_errors(tmp_path):
    root = fixture_repo(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(root / "practices", elsewhere)
    shutil.rmtree(root / "practices")
    (root / "practices").symlink_to(elsewhere, target_is_directory=True)
    os.mkfifo(root / "criteria/circular/pipe.yaml")
    found = {(m.file, m.text) for m in load_repository(root).messages if m.rule == "unsafe-file"}
    assert ("practices", "is a symbolic link") in found
    assert ("criteria/circular/pipe.yaml", "is a named pipe (FIFO)") in found


@pytest.mark.parametrize("folder", ["docs/glossary", "docs/criteria", "docs/data"])
def test_generate_never_sweeps_a_linked_generated_folder(tmp_path, folder):
    root = fixture_repo(tmp_path)
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "precious.txt").write_text("keep me", encoding="utf-8")
    (root / folder).parent.mkdir(parents=True, exist_ok=True)
    (root / folder).symlink_to(victim, target_is_directory=True)
    result = run_kb(root, "generate")
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert f"{folder}:1:1: error [unsafe-file]" in result.stdout or "symbolic link" in result.stdout
    assert (victim / "precious.txt").read_text(encoding="utf-8") == "keep me"
    assert sorted(p.name for p in victim.iterdir()) == ["precious.txt"]


def test_fmt_and_new_never_write_through_a_link(tmp_path):
    root = fixture_repo(tmp_path)
    outside = tmp_path / "outside.yaml"
    outside.write_text("untouched\n", encoding="utf-8")
    link = root / "criteria/circular/circ-new-one.yaml"
    link.symlink_to(outside)
    assert kb_main(["--root", str(root), "new", "criterion", "circ-new-one", "--force"]) == 1
    assert kb_main(["--root", str(root), "fmt", "--fix", "criteria/circular/circ-new-one.yaml"]) == 1
    assert outside.read_text(encoding="utf-8") == "untouched\n"
    assert link.is_symlink()
    # A linked theme folder is refused too.
    (root / "criteria/ethical").symlink_to(tmp_path, target_is_directory=True)
    assert kb_main(["--root", str(root), "new", "criterion", "eth-x", "--theme", "ethical"]) == 1
    assert not (tmp_path / "eth-x.yaml").exists()


def test_fmt_on_a_fifo_does_not_hang(tmp_path):
    root = fixture_repo(tmp_path)
    os.mkfifo(root / "criteria/circular/pipe.yaml")
    result = run_kb(root, "fmt", "criteria/circular/pipe.yaml", timeout=20)
    assert result.returncode == 1 and "named pipe" in result.stdout


def test_size_is_checked_before_reading(tmp_path):
    root = fixture_repo(tmp_path)
    huge = root / "criteria/circular/circ-huge.yaml"
    with open(huge, "wb") as handle:  # sparse: 2 GB that cost no disk and would take seconds to read
        handle.truncate(2 * 1024**3)
    started = time.perf_counter()
    repo = load_repository(root)
    assert time.perf_counter() - started < 10
    assert any(m.file.endswith("circ-huge.yaml") and m.rule == "file-size" and "2,147,483,648" in m.text
               for m in repo.messages)
    with pytest.raises(fsguard.FileTooLarge):
        fsguard.read_regular(huge, 1024)


@pytest.mark.parametrize("argument, reason", [
    ("/etc/passwd", "is not inside this repository"),
    ("README.md", "is not in a data folder"),
    ("criteria/circular/absent.yaml", "does not exist"),
])
def test_check_names_only_records_of_this_repository(tmp_path, capsys, argument, reason):
    root = fixture_repo(tmp_path)
    (root / "README.md").write_text("x", encoding="utf-8")
    path = argument if argument.startswith("/") else str(root / argument)
    assert kb_main(["--root", str(root), "check", path]) == 1
    out = capsys.readouterr().out
    assert "[not-a-record]" in out and reason in out and "0 error(s)" not in out


def test_cr_only_files_are_located_on_the_right_line():
    from kb import yamlload

    raw = "id: x\rtitle: a\rbad: \"\u200b\"\r".encode()
    with pytest.raises(yamlload.YamlError) as caught:
        yamlload.load(raw)
    assert (caught.value.line, caught.value.column) == (3, 7)


# ---- output folders ---------------------------------------------------------------------

@pytest.mark.parametrize("out", [".", "..", "criteria", "docs", "schema/x", ".git"])
def test_site_refuses_destructive_output_folders(tmp_path, out):
    root = fixture_repo(tmp_path)
    (root / ".git").mkdir()
    before = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*"))
    result = run_kb(root, "site", "--out", str(root / out))
    assert result.returncode == 1 and "site not built:" in result.stdout, result.stdout
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == before


def test_site_refuses_a_foreign_non_empty_folder_and_a_linked_site(tmp_path):
    root = fixture_repo(tmp_path)
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine", encoding="utf-8")
    result = run_kb(root, "site", "--out", str(foreign))
    assert result.returncode == 1 and "was not made by `kb site`" in result.stdout
    assert (foreign / "notes.txt").read_text(encoding="utf-8") == "mine"
    (root / "site").symlink_to(foreign, target_is_directory=True)
    result = run_kb(root, "site")
    assert result.returncode == 1 and "symbolic link" in result.stdout
    assert sorted(p.name for p in foreign.iterdir()) == ["notes.txt"]


def test_bad_source_date_epoch_is_one_line(tmp_path):
    root = fixture_repo(tmp_path)
    result = run_kb(root, "generate", env={"SOURCE_DATE_EPOCH": "abc"})
    assert result.returncode == 1
    assert result.stdout.strip().splitlines()[-1].startswith("pages not generated: SOURCE_DATE_EPOCH must be")
    assert "Traceback" not in result.stdout + result.stderr


def test_disk_full_leaves_no_temporary_file(tmp_path, monkeypatch, capsys):
    root = fixture_repo(tmp_path)
    real_fdopen = os.fdopen

    class Full(io.FileIO):
        def write(self, data):
            raise OSError(errno.ENOSPC, "No space left on device")

    def fdopen(fd, mode="r", *args, **kwargs):
        if "w" in mode:
            return Full(fd, "wb")
        return real_fdopen(fd, mode, *args, **kwargs)

    monkeypatch.setattr(os, "fdopen", fdopen)
    assert kb_main(["--root", str(root), "generate"]) == 1
    out = capsys.readouterr().out.strip().splitlines()
    assert out[-1].startswith("pages not generated: cannot write") and out[-1].endswith("No space left on device")
    assert not [p for p in (root / "docs").rglob("*") if p.name.endswith(".tmp")]


def test_two_generations_at_once_both_succeed(tmp_path):
    root = fixture_repo(tmp_path)
    command = [sys.executable, "-m", "kb.cli", "--root", str(root), "generate"]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) for _ in range(3)]
    outputs = [run.communicate(timeout=120)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0, 0], outputs
    assert not any("Traceback" in out for out in outputs)
    assert not [p for p in (root / "docs").rglob("*") if p.name.endswith(".tmp")]


# ---- forged output -----------------------------------------------------------------------

def test_file_names_and_keys_cannot_forge_output_lines(tmp_path, capsys):
    root = fixture_repo(tmp_path)
    name = "criteria/circular/x\n::error title=forged::\x1b[31mred.yaml"
    (root / name).write_text("id: x\n'a\n::error title=key::b': 1\n", encoding="utf-8")
    for fmt in ("text", "github"):
        assert kb_main(["--root", str(root), "check", "--format", fmt]) == 1
        out = capsys.readouterr().out
        assert "\x1b" not in out
        assert not any(line.startswith("::error title=forged") or line.startswith("::error title=key")
                       for line in out.splitlines()), out
        assert "\\n::error title=forged" in out or "%0A" in out


def test_csv_cells_cannot_start_a_formula(tmp_path):
    from kb.export.opendata import csv_text

    root = fixture_repo(tmp_path)
    path = root / CRITERION
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  fr: Garantie de test\n", "  fr: \"=HYPERLINK(\\\"https://x.example\\\")\"\n")
                    .replace("  fr: Une garantie pour les tests.\n", "  fr: \"@SUM(1+1)\"\n")
                    .replace("  nl: Een garantie voor de tests.\n", "  nl: \"@SUM(1+1)\"\n"), encoding="utf-8")
    repo = load_repository(root)
    rows = list(csv.reader(io.StringIO(csv_text(repo, "fr"))))
    cells = [cell for row in rows[1:] for cell in row]
    assert "'=HYPERLINK(\"https://x.example\")" in cells and "'@SUM(1+1)" in cells
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]


# ---- killed builds ----------------------------------------------------------------------

@pytest.mark.site
def test_killed_build_leaves_the_site_and_no_process(tmp_path):
    from sitebuild import copy_sources

    root = copy_sources(tmp_path / "repo")
    assert run_kb(root, "site", timeout=900).returncode == 0
    index = (root / "site/index.html").read_bytes()
    # Another edition date changes the inputs: without it the site is up to date and
    # `kb site` returns before MkDocs starts.
    build = subprocess.Popen([sys.executable, "-m", "kb.cli", "--root", str(root), "site"],
                             env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000"},
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    temporary = root / f".site.building-{build.pid}"
    deadline = time.monotonic() + 300
    while not temporary.exists() and time.monotonic() < deadline:  # MkDocs has started writing
        time.sleep(0.2)
    assert temporary.exists(), "the build never reached MkDocs"
    children = _children_of(build.pid)
    build.send_signal(signal.SIGKILL)
    build.wait()
    time.sleep(2)
    assert not [pid for pid in children if _alive(pid)], "MkDocs outlived its parent"
    assert (root / "site/index.html").read_bytes() == index, "the previous site must stay in place"
    assert run_kb(root, "site", timeout=900).returncode == 0
    assert not list(root.glob(".site.building-*")) and not list(root.glob(".site.old-*"))


def _children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"
