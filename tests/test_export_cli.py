"""``kb export kit`` and ``kb export data``: outputs, exit status, one-line errors."""

from __future__ import annotations

import json
import shutil

import docx
import pytest
from conftest import FIXTURES, make_repo

from kb.cli import main as kb_main

EXPORT_FIXTURES = FIXTURES / "export"


@pytest.fixture
def root(tmp_path):
    base = make_repo(tmp_path / "kb")
    for folder in ("criteria", "labels"):
        shutil.copytree(EXPORT_FIXTURES / folder, base / folder)
    return base


def run(root, *args):
    return kb_main(["--root", str(root), "export", *args])


def one_line_error(capsys) -> str:
    err = capsys.readouterr().err
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    return lines[0]


def test_kit_docx_for_a_product_group(root, tmp_path, capsys):
    out = tmp_path / "laptops.docx"
    assert run(root, "kit", "--product-group", "notebooks", "--level", "advanced", "--lang", "fr+nl",
               "--format", "docx", "-o", str(out)) == 0
    assert "wrote" in capsys.readouterr().err
    texts = [p.text for p in docx.Document(out).paragraphs]
    assert texts[1] == "Ordinateurs portables — niveau Avancé / Laptops — niveau Gevorderd"
    assert "[circ-fx-warranty v1.2]" in texts


@pytest.mark.parametrize("suffix, magic", [(".odt", b"PK"), (".docx", b"PK"), (".md", b"# "), (".txt", b"Clau")])
def test_format_follows_the_output_suffix(root, tmp_path, suffix, magic):
    out = tmp_path / f"kit{suffix}"
    assert run(root, "kit", "--level", "essential", "--lang", "fr", "-o", str(out)) == 0
    assert out.read_bytes().startswith(magic)


def test_markdown_to_standard_output_with_explicit_ids(root, capsys):
    assert run(root, "kit", "--level", "advanced", "--lang", "nl", "--ids", "env-fx-takeback,circ-fx-warranty") == 0
    captured = capsys.readouterr()
    assert captured.out.startswith(
        "# Clausules voor een duurzame ICT-opdracht\n\n*Eigen selectie — niveau Gevorderd*")
    assert captured.out.index("[circ-fx-warranty v1.2]") < captured.out.index("[env-fx-takeback v1.0]")
    assert captured.err == ""


def test_unpublished_ids_are_exported_with_a_warning(root, capsys):
    assert run(root, "kit", "--level", "advanced", "--lang", "fr", "--ids", "eth-fx-draft") == 0
    captured = capsys.readouterr()
    assert "[eth-fx-draft v0.1]" in captured.out
    assert "**Projet — critère non encore publié\u00a0: à vérifier" in captured.out
    # The warning is worded in the kit's language, naming the criterion by its title.
    assert "warning: «\u00a0Minerais responsables (projet)\u00a0»\u00a0: projet — critère non encore publié" \
        in captured.err
    assert "status is" not in captured.err


def test_unknown_ids_give_a_located_message_and_status_1(root, capsys):
    assert run(root, "kit", "--level", "advanced", "--ids", "circ-fx-warranty, circ-fx-waranty") == 1
    line = one_line_error(capsys)
    assert line == ("kb export: --ids[2]: unknown criterion id(s) 'circ-fx-waranty'; "
                    "did you mean 'circ-fx-warranty'?")


@pytest.mark.parametrize("args, where", [
    (["kit"], "--level: missing"),
    (["kit", "--level", "advance"], "--level: unknown level 'advance'; did you mean 'advanced'?"),
    (["kit", "--level", "advanced", "--product-group", "laptops"], "--product-group: unknown product group"),
    (["kit", "--level", "advanced", "--lang", "en"], "--lang: unknown language choice 'en'"),
    (["kit", "--level", "advanced", "--format", "pdf"], "--format: unknown format 'pdf'"),
    (["kit", "--level", "advanced", "--format", "docx"], "-o: docx is a binary format"),
    (["kit", "--level", "advanced", "-o", "kit.pdf"], "-o: cannot tell the format"),
    (["kit", "--level", "advanced", "--date", "2026-02-30"], "--date: '2026-02-30' is not a date"),
    (["data"], "--out: missing"),
    (["data", "--out", "x", "--build-date", "yesterday"], "--build-date: 'yesterday' is not a date"),
    ([], "command: choose kit or data"),
])
def test_bad_arguments_give_one_line_and_status_2(root, capsys, args, where):
    assert run(root, *args) == 2
    assert where in one_line_error(capsys)


def test_argparse_errors_inside_the_command_are_one_line(root, capsys):
    with pytest.raises(SystemExit) as exited:
        run(root, "kit", "--level")
    assert exited.value.code == 2
    assert one_line_error(capsys).startswith("kb export kit: error: argument --level: expected one argument")


def test_unwritable_output_is_reported_without_traceback(root, tmp_path, capsys):
    target = tmp_path / "missing-folder" / "kit.docx"
    assert run(root, "kit", "--level", "advanced", "-o", str(target)) == 1
    assert "cannot write" in one_line_error(capsys)


def test_data_writes_the_open_data(root, tmp_path, capsys):
    out = tmp_path / "data"
    assert run(root, "data", "--out", str(out), "--build-date", "2026-03-01") == 0
    assert "wrote" in capsys.readouterr().err
    names = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert {"criteria.json", "criteria-fr.csv", "criteria-nl.csv", "changes.atom", "kit-data.json",
            "README.txt", "schema/criterion.schema.json"} <= set(names)
    assert json.loads((out / "criteria.json").read_text())["metadata"]["build_date"] == "2026-03-01"


def test_data_takes_the_date_from_source_date_epoch(root, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1772323200")  # 2026-03-01T00:00:00Z
    assert run(root, "data", "--out", str(tmp_path / "d")) == 0
    assert json.loads((tmp_path / "d" / "criteria.json").read_text())["metadata"]["build_date"] == "2026-03-01"


def test_data_refuses_a_knowledge_base_with_errors(root, tmp_path, capsys):
    broken = root / "criteria" / "circular" / "circ-fx-warranty.yaml"
    broken.write_text(broken.read_text().replace("status: published", "status: publishd"))
    assert run(root, "data", "--out", str(tmp_path / "d")) == 1
    assert "not written: 1 file(s) have errors" in one_line_error(capsys)
    assert not (tmp_path / "d").exists()


def test_kit_leaves_out_broken_files_and_names_a_requested_one(root, capsys):
    broken = root / "criteria" / "circular" / "circ-fx-warranty.yaml"
    broken.write_text(broken.read_text().replace("status: published", "status: publishd"))
    assert run(root, "kit", "--level", "advanced", "--lang", "fr") == 0
    captured = capsys.readouterr()
    assert "circ-fx-warranty" not in captured.out and "[circ-fx-repair-award v1.0]" in captured.out
    assert "1 file(s) with errors were left out" in captured.err
    assert run(root, "kit", "--level", "advanced", "--ids", "circ-fx-warranty") == 1
    assert "--ids[1]: criterion 'circ-fx-warranty' has validation errors" in one_line_error(capsys)


def test_kit_without_node_says_so_in_one_line(root, tmp_path, capsys, monkeypatch):
    """The kit writer is the site's JavaScript module: without Node.js the command says
    what to install, in one line, and writes nothing."""
    from kb.export import kitjs

    monkeypatch.setattr(kitjs.shutil, "which", lambda name: None)
    out = tmp_path / "kit.docx"
    assert run(root, "kit", "--level", "advanced", "--format", "docx", "-o", str(out)) == 1
    message = one_line_error(capsys)
    assert "Node.js is not installed" in message and "apt install nodejs" in message
    assert not out.exists()


def test_kit_txt_is_plain_text_from_the_one_writer(root, capsys):
    assert run(root, "kit", "--level", "advanced", "--lang", "fr", "--format", "txt") == 0
    text = capsys.readouterr().out
    assert text.startswith("Clauses pour un marché TIC durable\n==================================\n")
    assert "**" not in text and "[circ-fx-warranty v1.2]" in text


def test_kit_set_changes_an_editable_value_and_reports_a_bad_option(root, capsys):
    path = root / "criteria/circular/circ-fx-warranty.yaml"
    path.write_text(path.read_text().replace("    values: {essential: 2, advanced: 3, frontrunner: 5}\n",
                                             "    values: {essential: 2, advanced: 3, frontrunner: 5}\n"
                                             "    editable: {kind: range, min: 1, max: 10}\n", 1))
    assert run(root, "kit", "--level", "advanced", "--lang", "fr", "--ids", "circ-fx-warranty",
               "--set", "circ-fx-warranty.years=6", "--set", "circ-fx-warranty.years=12") == 0
    captured = capsys.readouterr()
    assert "pendant ***6*** ans" not in captured.out  # the last --set wins: 12 is refused, 3 stays
    assert "la valeur «\u00a012\u00a0» n'est pas admise" in captured.err
    assert run(root, "kit", "--level", "advanced", "--ids", "circ-fx-warranty", "--set", "years=6") == 2
    assert "--set[1]: 'years=6' is not ID.NAME=VALUE" in one_line_error(capsys)
    assert run(root, "kit", "--level", "advanced", "--lang", "nl", "--set", "circ-fx-warranty.years=6") == 0
    assert "Waarde bepaald door de aanbestedende overheid – Jaren garantie: 6" in capsys.readouterr().out
