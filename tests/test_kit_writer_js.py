"""The one kit writer (docs/assets/javascripts/kit-writer.js) behind both doors.

The site's basket runs it in the browser; `kb export kit` runs it under Node.js through
kb.export.kitjs and scripts/kb/export/kit_node.mjs. Here: kits of the real knowledge base
open with every clause in order; exact values on the fixture base; the command line gives
the bytes of the writer run on the published kit data (tests/test_browser_kit.py checks
the browser's downloads against the command line); the basket's parts give the kit of
the whole kit-data.json.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from conftest import FIXTURES, make_repo
from kits import DATE, VERSION, docx_texts, items, odt_texts
from test_export_writers import convert_to_pdf

from kb import __version__, kinds
from kb.export import kitjs, opendata
from kb.repository import load_repository


def run_js(tmp_path: Path, kit_data: Path | None, ids, level: str, langs, product_group=None, *,
           parts: Path | None = None, out_name: str = "js") -> tuple[Path, list]:
    """The writer on kit-data.json (or, with ``parts``, on the basket's kit/ folder), as the
    command line runs it; returns the folder of its files and its warnings."""
    request = {"ids": ids, "level": level, "langs": list(langs), "productGroup": product_group,
               "version": VERSION, "date": DATE}
    written = kitjs.write_kits(parts or kit_data, [request], tmp_path / out_name)[0]
    return written.folder, written.warnings


def fixture_repo(tmp_path):
    root = make_repo(tmp_path / "kb")
    for folder in ("criteria", "labels"):
        shutil.copytree(FIXTURES / "export" / folder, root / folder)
    return root


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    """kit-data.json written from the real repository, and the loaded repository."""
    repo = load_repository(kinds.ROOT)
    folder = tmp_path_factory.mktemp("real-data")
    opendata.write_open_data(repo, folder, build_date=DATE)
    return repo, folder / "kit-data.json"


@pytest.mark.parametrize("level, langs", [("advanced", ("fr", "nl")), ("essential", ("nl",))])
def test_real_knowledge_base_kits_have_every_clause_in_order(real, tmp_path, level, langs):
    repo, kit_data = real
    out, warnings = run_js(tmp_path, kit_data, None, level, langs)
    assert warnings == []
    assembled = json.loads((out / "kit.json").read_text(encoding="utf-8"))
    expected = [f"[{i['id']} v{i['version']}]" for i in items(assembled)]
    published = sorted(r.id for r in repo.of_kind("criterion")
                       if r.data["status"] == "published" and level in r.data["levels"])
    assert sorted(i["id"] for i in items(assembled)) == published
    docx_lines = docx_texts(out / "kit.docx")
    assert [t for s, t in docx_lines if s == "Clause Reference"] == expected
    odt_lines = [t for _s, t in odt_texts(out / "kit.odt")]
    assert [t for t in odt_lines if t in set(expected)][:len(expected)] == expected  # then checklist, grid…
    for lines in ([t for _s, t in docx_lines], odt_lines):
        assert not any("{{" in t for t in lines)


@pytest.mark.parametrize("args", [
    ["--ids", "env-fx-energy-award,eth-fx-draft,circ-fx-warranty", "--lang", "fr+nl", "--format", "docx"],
    ["--ids", "eth-fx-draft,soc-fx-reserved-lot", "--lang", "nl", "--format", "odt"],
    ["--product-group", "tablets", "--lang", "fr", "--format", "md"],
])
def test_the_command_line_gives_the_bytes_of_the_writer_on_the_published_data(tmp_path, args):
    """`kb export kit` is a door, not a writer: its file is, byte for byte, what the writer
    makes of the kit data the site publishes (a draft included)."""
    root = fixture_repo(tmp_path)
    fmt = args[-1]
    output = tmp_path / f"cli.{fmt}"
    result = subprocess.run([sys.executable, "-m", "kb.cli", "--root", str(root), "export", "kit",
                             "--level", "advanced", *args, "--date", DATE, "-o", str(output)],
                            capture_output=True, text=True, timeout=300, env={**os.environ})
    assert result.returncode == 0, result.stderr
    opendata.write_open_data(load_repository(root), tmp_path / "data", build_date=DATE, kb_version=__version__)
    options = dict(zip(args[::2], args[1::2], strict=True))
    request = {"ids": options["--ids"].split(",") if "--ids" in options else None, "level": "advanced",
               "langs": options["--lang"].split("+"), "productGroup": options.get("--product-group"),
               "version": __version__, "date": DATE, "formats": [fmt]}
    published = kitjs.write_kits(tmp_path / "data" / "kit-data.json", [request], tmp_path / "js")[0]
    assert output.read_bytes() == published.file(fmt).read_bytes()


def test_basket_with_exact_values(tmp_path):
    root = fixture_repo(tmp_path)
    opendata.write_open_data(load_repository(root), tmp_path / "data", build_date=DATE)
    ids = ["env-fx-energy-award", "eth-fx-draft", "circ-fx-warranty", "eth-fx-exclusion"]
    out, warnings = run_js(tmp_path, tmp_path / "data" / "kit-data.json", ids, "advanced", ("fr", "nl"))
    assert [w["key"] for w in warnings] == ["warn.unpublished", "warn.not_at_level"]
    for lang, start in (("fr", "«\u00a0Minerais responsables (projet)\u00a0»\u00a0: projet"),
                        ("nl", "‘Verantwoorde mineralen (ontwerp)’: ontwerp")):
        worded = json.loads((out / f"warnings-{lang}.json").read_text())
        assert worded[0].startswith(start) and len(worded) == 2

    lines = docx_texts(out / "kit.docx")
    assert lines[0] == ("Title", "Clauses pour un marché TIC durable / Clausules voor een duurzame ICT-opdracht")
    assert lines[1] == ("Subtitle",
                        "Sélection personnalisée — niveau Avancé / Eigen selectie — niveau Gevorderd")
    references = [t for s, t in lines if s == "Clause Reference"]
    # The draft is kept (not dropped as before), in document order, under its marking.
    assert references == ["[circ-fx-warranty v1.2]", "[eth-fx-draft v0.1]", "[env-fx-energy-award v1.1]"]
    at = [t for _s, t in lines].index("[eth-fx-draft v0.1]")
    assert lines[at + 1][1].startswith("Projet — critère non encore publié\u00a0: à vérifier")
    assert "Ontwerp — nog niet gepubliceerd criterium: na te kijken" in lines[at + 1][1]
    text = "\n".join(t for _s, t in lines)
    assert "Le soumissionnaire garantit chaque appareil pendant 3 ans selon EN 45554." in text
    assert "De inschrijver waarborgt elk toestel gedurende 3 jaar volgens EN 45554." in text
    assert "Pondération suggérée\u00a0: 10\u00a0%" in text and "Voorgestelde weging: 10\u00a0%" in text
    assert ("List Bullet", "premier point\u00a0;") in lines  # French typography: no-break space
    document = docx.Document(out / "kit.docx")
    assert document.core_properties.language == "fr-BE"
    assert [p.style.name for p in document.paragraphs if p.style.name.startswith("Heading")][:2] == \
        ["Heading 1", "Heading 2"]

    odt = odt_texts(out / "kit.odt")
    assert ("h", "1.1 Garantie prolongée / Verlengde garantie") in odt
    assert any("gedurende 3 jaar volgens EN 45554." in t for _s, t in odt)


def test_packages_are_valid_zip_files_and_open_in_libreoffice(real, tmp_path):
    _repo, kit_data = real
    out, _warnings = run_js(tmp_path, kit_data, None, "frontrunner", ("fr", "nl"))
    for name in ("kit.docx", "kit.odt"):
        with zipfile.ZipFile(out / name) as package:
            assert package.testzip() is None  # every CRC-32 checks out
    with zipfile.ZipFile(out / "kit.odt") as package:
        first = package.infolist()[0]
        assert (first.filename, first.compress_type) == ("mimetype", zipfile.ZIP_STORED)
        assert package.read("mimetype") == b"application/vnd.oasis.opendocument.text"
    for name in ("kit.docx", "kit.odt"):
        renamed = tmp_path / f"js-{name.replace('.', '-')}.{name.rsplit('.', 1)[1]}"
        shutil.copy(out / name, renamed)
        convert_to_pdf(renamed, tmp_path)


@pytest.mark.parametrize("langs, marking", [
    (("fr",), "**Projet — critère non encore publié\u00a0: à vérifier avant de l'insérer dans le cahier spécial "
              "des charges.**"),
    (("nl",), "**Ontwerp — nog niet gepubliceerd criterium: na te kijken vóór opname in het bestek.**"),
])
def test_a_draft_is_marked_under_its_reference(tmp_path, langs, marking):
    """A draft in a basket is printed under its marking, right under its reference, with
    a warning (issue 11, item 3)."""
    root = fixture_repo(tmp_path)
    opendata.write_open_data(load_repository(root), tmp_path / "data", build_date=DATE)
    ids = ["eth-fx-draft", "circ-fx-warranty"]
    out, warnings = run_js(tmp_path, tmp_path / "data" / "kit-data.json", ids, "advanced", langs)
    markdown = (out / "kit.md").read_text(encoding="utf-8")
    lines = markdown.splitlines()
    at = lines.index("[eth-fx-draft v0.1]")
    assert lines[at + 2] == marking  # right under the reference line
    assert markdown.count(marking) == 1
    assert [w["key"] for w in warnings] == ["warn.unpublished"]
    # Without ids (a whole level), a draft is not a published criterion: it is not printed.
    everything, _none = run_js(tmp_path, tmp_path / "data" / "kit-data.json", None, "advanced", langs,
                               out_name="all")
    assert "eth-fx-draft" not in (everything / "kit.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("ids, level, langs", [
    (["env-fx-energy-award", "eth-fx-draft", "circ-fx-warranty", "eth-fx-exclusion"], "advanced", ("fr", "nl")),
    (["soc-fx-reserved-lot", "no-such-criterion", "circ-fx-warranty"], "essential", ("nl",)),
])
def test_basket_parts_give_the_kit_of_the_whole_kit_data(tmp_path, ids, level, langs):
    """Issue 11, item 8: the basket fetches kit/common.json and the kit/<id>.json of its
    criteria only; joined, they give byte for byte the kit of the whole kit-data.json
    (a draft, an unknown id and a criterion not at the level included)."""
    root = fixture_repo(tmp_path)
    opendata.write_open_data(load_repository(root), tmp_path / "data", build_date=DATE)
    parts = tmp_path / "data" / opendata.KIT_PARTS
    assert (parts / "eth-fx-draft.json").is_file() and (parts / "common.json").is_file()
    whole, whole_warnings = run_js(tmp_path, tmp_path / "data" / "kit-data.json", ids, level, langs)
    split, split_warnings = run_js(tmp_path, None, ids, level, langs, parts=parts, out_name="parts")
    assert split_warnings == whole_warnings and whole_warnings
    for name in ("kit.docx", "kit.odt", "kit.md", "kit.json", "warnings-fr.json", "warnings-nl.json"):
        assert (split / name).read_bytes() == (whole / name).read_bytes(), name


@pytest.mark.parametrize("langs", [("fr",), ("nl",), ("fr", "nl")])
def test_shared_evidence_is_printed_once_as_a_note(real, tmp_path, langs):
    """Issue 11, item 4: evidence text that several rows of the checklist share is printed
    once, as a note under the table, and each row refers to it."""
    _repo, kit_data = real
    out, _warnings = run_js(tmp_path, kit_data, None, "essential", langs, "notebooks")
    text = (out / "kit.md").read_text(encoding="utf-8")
    checklist = text[text.index("## Liste de contrôle" if langs[0] == "fr" else "## Checklist"):]
    checklist = checklist[:checklist.index("\n## ")]
    rows = [line for line in checklist.splitlines() if line.startswith("| **")]
    see = {"fr": "Voir la note A sous le tableau.", "nl": "Zie noot A onder de tabel."}
    for lang in langs:
        assert sum(see[lang] in row for row in rows) >= 2
        note = {"fr": "**Note A\u00a0:**", "nl": "**Noot A:**"}[lang]
        assert checklist.count(note) == 1
    # No paragraph of 80 characters or more is repeated from row to row any more.
    cells = [cell for row in rows for cell in row.split(" | ")[1:]]
    paragraphs = [p for cell in cells for p in cell.split("<br>") if len(p) >= 80]
    assert len(paragraphs) == len(set(paragraphs))
