"""The browser writer (docs/assets/javascripts/kit-writer.js), run with Node.

A small driver (tests/kit_writer_driver.mjs) imports the module, assembles a
kit from kit-data.json and writes .docx, .odt and Markdown. The files are then
opened with python-docx and odfpy (and converted by LibreOffice), and the kit
and its Markdown are compared with what the Python export builds from the same
knowledge base: both must give the same order and the same texts.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from conftest import FIXTURES, make_repo
from test_export_writers import convert_to_pdf, docx_texts, odt_texts

from kb import kinds
from kb.export import layout, model, opendata
from kb.export.text import render_markdown
from kb.repository import load_repository

DRIVER = Path(__file__).parent / "kit_writer_driver.mjs"
VERSION, DATE = "1.0.0", "2026-03-01"


def node() -> str:
    found = shutil.which("node")
    if not found:
        pytest.fail("Node.js is not installed: run `make test`, which installs it "
                    "(scripts/install-system-deps.sh)", pytrace=False)
    return found


def run_js(tmp_path: Path, kit_data: Path, ids, level: str, langs, product_group=None, *,
           parts: Path | None = None, out_name: str = "js") -> tuple[Path, list]:
    """Run the driver on kit-data.json, or with ``parts`` on the basket's kit/ folder."""
    out = tmp_path / out_name
    out.mkdir(exist_ok=True)
    request = tmp_path / "request.json"
    source = {"kitParts": str(parts)} if parts else {"kitData": str(kit_data)}
    request.write_text(json.dumps({**source, "out": str(out), "ids": ids, "level": level,
                                   "langs": list(langs), "productGroup": product_group, "version": VERSION,
                                   "date": DATE}))
    result = subprocess.run([node(), "--disable-warning=MODULE_TYPELESS_PACKAGE_JSON", str(DRIVER), str(request)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return out, json.loads((out / "warnings.json").read_text())


def python_kit(repo, ids, level, langs, product_group=None):
    selection = model.select(repo, ids=ids, level=level, product_group=product_group)
    return model.build_kit(repo, selection, level, langs, version=VERSION, date=DATE)


def expected_order(kit) -> list[tuple[str, str]]:
    """(reference line, start of the first French or Dutch clause paragraph) per item."""
    lang = kit.langs[0]
    return [(f"[{i.id} v{i.version}]", i.clause[lang][0].text[:60]) for i in kit.items]


def assert_in_order(texts: list[tuple[str, str]], expected: list[tuple[str, str]]) -> None:
    """Each reference appears, in order, followed (soon) by the start of its clause."""
    position = 0
    for reference, clause in expected:
        at = next(i for i, (_s, t) in enumerate(texts) if i >= position and t == reference)
        following = " ".join(t for _s, t in texts[at + 1:at + 4])
        assert clause in following, (reference, clause, following[:200])
        position = at + 1


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    """kit-data.json written from the real repository, and the loaded repository."""
    repo = load_repository(kinds.ROOT)
    folder = tmp_path_factory.mktemp("real-data")
    opendata.write_open_data(repo, folder, build_date=DATE)
    return repo, folder / "kit-data.json"


@pytest.mark.parametrize("level, langs", [("advanced", ("fr", "nl")), ("essential", ("nl",))])
def test_js_kit_of_the_real_knowledge_base_matches_python(real, tmp_path, level, langs):
    repo, kit_data = real
    out, warnings = run_js(tmp_path, kit_data, None, level, langs)
    assert warnings == []
    kit = python_kit(repo, None, level, langs)
    assert kit.items, "the real knowledge base has published criteria at this level"
    assert json.loads((out / "kit.json").read_text()) == json.loads(json.dumps(model.kit_to_json(kit)))
    assert (out / "kit.md").read_text(encoding="utf-8") == render_markdown(kit)

    headings = [e.text for e in layout.layout(kit) if isinstance(e, layout.Heading) and e.level == 1]
    docx_lines = docx_texts(out / "kit.docx")
    assert [t for s, t in docx_lines if s == "Heading 1"] == headings
    assert_in_order(docx_lines, expected_order(kit))
    odt_lines = odt_texts(out / "kit.odt")
    assert_in_order(odt_lines, expected_order(kit))
    for lines in (docx_lines, odt_lines):
        assert not any("{{" in t for _s, t in lines)


def test_js_basket_with_exact_values(tmp_path):
    root = make_repo(tmp_path / "kb")
    for folder in ("criteria", "labels"):
        shutil.copytree(FIXTURES / "export" / folder, root / folder)
    repo = load_repository(root)
    opendata.write_open_data(repo, tmp_path / "data", build_date=DATE)
    ids = ["env-fx-energy-award", "eth-fx-draft", "circ-fx-warranty", "eth-fx-exclusion"]
    out, warnings = run_js(tmp_path, tmp_path / "data" / "kit-data.json", ids, "advanced", ("fr", "nl"))
    python = python_kit(repo, ids, "advanced", ("fr", "nl"))
    # The same warnings as `kb export kit`, worded the same in French and in Dutch.
    assert warnings == [w.to_json() for w in python.warnings]
    assert [w["key"] for w in warnings] == ["warn.unpublished", "warn.not_at_level"]
    for lang in ("fr", "nl"):
        worded = json.loads((out / f"warnings-{lang}.json").read_text())
        assert worded == [w.text(lang) for w in python.warnings]

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
    assert ("List Bullet", "premier point ;") in lines
    document = docx.Document(out / "kit.docx")
    assert document.core_properties.language == "fr-BE"
    assert [p.style.name for p in document.paragraphs if p.style.name.startswith("Heading")][:2] == \
        ["Heading 1", "Heading 2"]

    odt = odt_texts(out / "kit.odt")
    assert ("h", "Garantie prolongée / Verlengde garantie") in odt
    assert any("gedurende 3 jaar volgens EN 45554." in t for _s, t in odt)
    assert (out / "kit.md").read_text(encoding="utf-8") == render_markdown(python)


def test_js_packages_are_valid_zip_files_and_open_in_libreoffice(real, tmp_path):
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
def test_a_draft_is_marked_the_same_by_both_doors(tmp_path, langs, marking):
    """A draft in a basket is printed under its marking by `kb export kit` and by the
    browser alike, in the same place, with the same warning (issue 11, item 3)."""
    root = make_repo(tmp_path / "kb")
    for folder in ("criteria", "labels"):
        shutil.copytree(FIXTURES / "export" / folder, root / folder)
    repo = load_repository(root)
    opendata.write_open_data(repo, tmp_path / "data", build_date=DATE)
    ids = ["eth-fx-draft", "circ-fx-warranty"]
    out, warnings = run_js(tmp_path, tmp_path / "data" / "kit-data.json", ids, "advanced", langs)
    python = python_kit(repo, ids, "advanced", langs)
    markdown = (out / "kit.md").read_text(encoding="utf-8")
    assert markdown == render_markdown(python)
    lines = markdown.splitlines()
    at = lines.index("[eth-fx-draft v0.1]")
    assert lines[at + 2] == marking  # right under the reference line
    assert markdown.count(marking) == 1
    assert warnings == [w.to_json() for w in python.warnings]
    assert [w["key"] for w in warnings] == ["warn.unpublished"]
    # Without ids (a whole level), a draft is not a published criterion: neither door prints it.
    everything, _none = run_js(tmp_path, tmp_path / "data" / "kit-data.json", None, "advanced", langs)
    assert "eth-fx-draft" not in (everything / "kit.md").read_text(encoding="utf-8")
    assert "eth-fx-draft" not in render_markdown(python_kit(repo, None, "advanced", langs))


@pytest.mark.parametrize("ids, level, langs", [
    (["env-fx-energy-award", "eth-fx-draft", "circ-fx-warranty", "eth-fx-exclusion"], "advanced", ("fr", "nl")),
    (["soc-fx-reserved-lot", "no-such-criterion", "circ-fx-warranty"], "essential", ("nl",)),
])
def test_basket_parts_give_the_kit_of_the_whole_kit_data(tmp_path, ids, level, langs):
    """Issue 11, item 8: the basket fetches kit/common.json and the kit/<id>.json of its
    criteria only; joined, they give byte for byte the kit of the whole kit-data.json
    (a draft, an unknown id and a criterion not at the level included)."""
    root = make_repo(tmp_path / "kb")
    for folder in ("criteria", "labels"):
        shutil.copytree(FIXTURES / "export" / folder, root / folder)
    opendata.write_open_data(load_repository(root), tmp_path / "data", build_date=DATE)
    parts = tmp_path / "data" / opendata.KIT_PARTS
    assert (parts / "eth-fx-draft.json").is_file() and (parts / "common.json").is_file()
    whole, whole_warnings = run_js(tmp_path, tmp_path / "data" / "kit-data.json", ids, level, langs)
    split, split_warnings = run_js(tmp_path, None, ids, level, langs, parts=parts, out_name="parts")
    assert split_warnings == whole_warnings and whole_warnings
    for name in ("kit.docx", "kit.odt", "kit.md", "kit.json", "warnings-fr.json", "warnings-nl.json"):
        assert (split / name).read_bytes() == (whole / name).read_bytes(), name
