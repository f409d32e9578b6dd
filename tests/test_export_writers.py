"""The files of the one kit writer (kit-writer.js, run as `kb export kit` runs it):
.docx opened with python-docx, .odt with odfpy, Markdown and text checked as text, and
both office files converted to PDF by LibreOffice headless, as a real client would open
them.

The LibreOffice test fails (never skips) when ``soffice`` is missing: a kit that only our
own reader can open would be a broken promise to buyers.
"""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from conftest import FIXTURES, make_repo
from docx.oxml.ns import qn
from kits import docx_texts, index_of, items, kit, kits, odt_texts, request
from odf import teletype
from odf import text as odf_text
from odf.opendocument import load as load_odt

from kb.repository import load_repository

EXPORT_FIXTURES = FIXTURES / "export"
SECTION_HEADINGS_FR_NL = [  # clause sections numbered (issue 11, item 4), then the back matter
    "1. Critères de sélection / Selectiecriteria",
    "2. Spécifications techniques / Technische specificaties",
    "3. Critères d'attribution / Gunningscriteria",
    "4. Conditions d'exécution / Uitvoeringsvoorwaarden",
    "Liste de contrôle des preuves / Checklist van de bewijsstukken",
    "Grille d'évaluation / Beoordelingsrooster",
    "Annexe\u00a0: base légale et sources / Bijlage: rechtsgrond en bronnen",
    "Codes CPV et classification eForms / CPV-codes en eForms-classificatie",
]


@pytest.fixture
def repo(tmp_path):
    root = make_repo(tmp_path / "kb")
    for folder in ("criteria", "labels"):
        shutil.copytree(EXPORT_FIXTURES / folder, root / folder)
    return load_repository(root)


# --------------------------------------------------------------------------
# .docx


def test_docx_structure_order_and_filled_values(repo, tmp_path):
    path = kit(repo, tmp_path).file("docx")
    texts = docx_texts(path)
    assert texts[0] == ("Title", "Clauses pour un marché TIC durable / Clausules voor een duurzame ICT-opdracht")
    headings = [t for s, t in texts if s == "Heading 1"]
    assert headings == SECTION_HEADINGS_FR_NL
    # Each clause: heading, then its reference, then French and Dutch cells with the level's values.
    warranty = index_of(texts, "Garantie prolongée / Verlengde garantie")
    assert texts[warranty] == ("Heading 2", "2.2 Garantie prolongée / Verlengde garantie")
    assert texts[warranty + 1] == ("Clause Reference", "[circ-fx-warranty v1.2]")
    assert "pendant 3 ans selon EN 45554." in texts[warranty + 2][1]
    assert texts[warranty + 3] == ("List Bullet", "premier point\u00a0;")  # French no-break space
    assert "gedurende 3 jaar volgens EN 45554." in texts[index_of(texts, "gedurende", warranty)][1]
    references = [t for s, t in texts if s == "Clause Reference"]
    assert references == ["[soc-fx-selection v2.0]", "[soc-fx-reserved-lot v1.0]", "[circ-fx-warranty v1.2]",
                          "[circ-fx-repair-award v1.0]", "[env-fx-energy-award v1.1]", "[env-fx-takeback v1.0]"]
    award = index_of(texts, "[env-fx-energy-award v1.1]")
    assert ("Normal", "Pondération suggérée\u00a0: 10\u00a0%") in texts[award:award + 8]
    grid = index_of(texts, "Grille d'évaluation")
    assert [t for _s, t in texts[grid:]].count("25\u00a0%") == 1  # the total row


def test_docx_language_links_lists_and_page(repo, tmp_path):
    path = kit(repo, tmp_path).file("docx")
    document = docx.Document(path)
    assert document.core_properties.language == "fr-BE"
    assert document.core_properties.title.startswith("Clauses pour un marché TIC durable")
    defaults = document.styles.element.find(qn("w:docDefaults"))
    assert defaults.find(".//" + qn("w:lang")).get(qn("w:val")) == "fr-BE"
    body = zipfile.ZipFile(path).read("word/document.xml").decode()
    assert 'w:val="nl-BE"' in body  # Dutch cells are tagged for spell-checking
    assert "<w:hyperlink" in body and "https://example.org/fr" in \
        zipfile.ZipFile(path).read("word/_rels/document.xml.rels").decode()
    assert "<w:tblHeader" in body
    # A source title in its own language (the record's "lang") is marked so, as on the site.
    title_run = body[body.rindex("<w:r>", 0, body.index(">Warranty source<")):body.index(">Warranty source<")]
    assert '<w:lang w:val="en"/>' in title_run
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)


def test_docx_single_language_has_no_side_by_side_tables(repo, tmp_path):
    path = kit(repo, tmp_path, langs=("nl",)).file("docx")
    document = docx.Document(path)
    assert document.core_properties.language == "nl-BE"
    texts = docx_texts(path)
    assert ("Normal", "De kandidaat legt minstens 2 referenties over due diligence voor.") in texts
    assert not any("Le candidat" in t for _s, t in texts)
    # Only the data tables remain: checklist, grid, annex, eForms.
    assert len(document.tables) == 4


@pytest.mark.parametrize("langs, footer", [(("fr",), ["Page ", "PAGE", " sur ", "NUMPAGES"]),
                                           (("fr", "nl"), ["Page ", "PAGE", " sur ", "NUMPAGES", " / Pagina ",
                                                           "PAGE", " van ", "NUMPAGES"])])
def test_every_page_has_the_title_the_date_and_its_number(repo, tmp_path, langs, footer):
    """Issue 11, item 4: a header with the title and the edition date, page numbers."""
    written = kit(repo, tmp_path, langs=langs)
    section = docx.Document(written.file("docx")).sections[0]
    title = " / ".join(["Clauses pour un marché TIC durable", "Clausules voor een duurzame ICT-opdracht"][:len(langs)])
    assert section.header.paragraphs[0].text == f"{title} — 2026-03-01"
    parts = []
    for element in section.footer.paragraphs[0]._p.iterchildren():
        if element.tag == qn("w:fldSimple"):
            parts.append(element.get(qn("w:instr")).strip())
        elif element.tag == qn("w:r"):
            parts.append("".join(t.text for t in element.iter(qn("w:t"))))
    assert parts == footer
    styles = zipfile.ZipFile(written.file("odt")).read("styles.xml").decode()
    assert f"<style:header><text:p text:style-name=\"Kit_20_Note\">{title} — 2026-03-01</text:p>" in styles
    assert '<text:page-number text:select-page="current">1</text:page-number> sur <text:page-count>' in styles


# --------------------------------------------------------------------------
# .odt


def test_odt_structure_order_and_filled_values(repo, tmp_path):
    path = kit(repo, tmp_path, level="frontrunner").file("odt")
    document = load_odt(str(path))
    headings = [(h.getAttribute("outlinelevel"), teletype.extractText(h))
                for h in document.getElementsByType(odf_text.H)]
    assert [t for level, t in headings if level == "1"][:5] == [
        "1. Motifs d'exclusion / Uitsluitingsgronden", "2. Critères de sélection / Selectiecriteria",
        "3. Spécifications techniques / Technische specificaties", "4. Critères d'attribution / Gunningscriteria",
        "5. Conditions d'exécution / Uitvoeringsvoorwaarden"]
    texts = odt_texts(path)
    warranty = index_of(texts, "[circ-fx-warranty v1.2]")
    assert texts[warranty - 1] == ("h", "3.2 Garantie prolongée / Verlengde garantie")
    assert "pendant 5 ans selon EN 45554 et EN 45559." in texts[warranty + 1][1]
    assert "gedurende 5 jaar volgens EN 45554 en EN 45559." in texts[index_of(texts, "gedurende", warranty)][1]
    assert index_of(texts, "[eth-fx-exclusion v1.0]") < index_of(texts, "[soc-fx-selection v2.0]") < warranty


def test_odt_language_lists_links_and_header_rows(repo, tmp_path):
    path = kit(repo, tmp_path).file("odt")
    package = zipfile.ZipFile(path)
    first = package.infolist()[0]
    assert (first.filename, first.compress_type) == ("mimetype", zipfile.ZIP_STORED)
    assert package.read("mimetype") == b"application/vnd.oasis.opendocument.text"
    content = package.read("content.xml").decode()
    styles = package.read("styles.xml").decode()
    assert 'fo:language="fr" fo:country="BE"' in styles
    assert 'fo:language="nl" fo:country="BE"' in content
    assert "<dc:language>fr-BE</dc:language>" in package.read("meta.xml").decode()
    assert "<text:list " in content and "<table:table-header-rows>" in content
    assert 'xlink:href="https://example.org/nl"' in content
    assert 'text:outline-level="2"' in content
    # The English source title is a span whose style says English.
    span = content[content.rindex("<text:span", 0, content.index(">Warranty source<")):]
    style = span.split('text:style-name="', 1)[1].split('"', 1)[0]
    assert f'<style:style style:name="{style}" style:family="text"><style:text-properties ' \
           'fo:language="en" fo:country="none"/></style:style>' in content


# --------------------------------------------------------------------------
# Markdown and text


def test_markdown_gives_french_then_dutch_blocks(repo, tmp_path):
    markdown = kit(repo, tmp_path).file("md").read_text(encoding="utf-8")
    assert markdown.startswith("# Clauses pour un marché TIC durable / Clausules voor een duurzame ICT-opdracht\n")
    warranty = markdown.index("### 2.2 Garantie prolongée / Verlengde garantie")
    fr = markdown.index("Le soumissionnaire garantit chaque appareil pendant **3 ans** selon EN 45554.", warranty)
    nl = markdown.index("De inschrijver waarborgt elk toestel gedurende **3 jaar** volgens EN 45554.", warranty)
    assert warranty < markdown.index("[circ-fx-warranty v1.2]", warranty) < fr < nl
    assert "- second point avec *italique* et [un lien](https://example.org/fr)." in markdown
    assert "| Critère / Criterium | Pondération / Weging | Méthode de cotation | Beoordelingsmethode |" in markdown
    assert "[CC BY 4.0](https://creativecommons.org/licenses/by/4.0/)" in markdown


def test_markdown_escapes_text_that_would_become_markup(repo, tmp_path):
    """Titles are plain text: their stars and underscores stay literal in the Markdown kit."""
    path = repo.root / "criteria/circular/circ-fx-warranty.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("  fr: Garantie prolongée\n", '  fr: "Garantie *prolongée* x_y"\n', 1)
    path.write_text(text, encoding="utf-8")
    markdown = kit(load_repository(repo.root), tmp_path, langs=("fr",)).file("md").read_text(encoding="utf-8")
    assert "### 2.2 Garantie \\*prolongée\\* x\\_y\n" in markdown


def test_plain_text(repo, tmp_path):
    plain = kit(repo, tmp_path, langs=("fr",)).file("txt").read_text(encoding="utf-8")
    assert plain.startswith("Clauses pour un marché TIC durable\n==================================\n")
    assert "[circ-fx-warranty v1.2]\n\nLe soumissionnaire garantit chaque appareil pendant 3 ans" in plain
    assert "- second point avec italique et un lien <https://example.org/fr>." in plain
    assert "Base légale:\n    Loi du 17 juin 2016" in plain
    assert "*" not in plain.split("Liste de contrôle")[0]


# --------------------------------------------------------------------------
# Determinism and empty kits


@pytest.mark.parametrize("fmt", ["docx", "odt", "md", "txt"])
def test_same_kit_same_bytes(repo, tmp_path, fmt):
    first, second = kits(repo, tmp_path, [request(), request()])
    assert first.file(fmt).read_bytes() == second.file(fmt).read_bytes()


@pytest.mark.parametrize("fmt", ["docx", "odt"])
def test_archives_are_deflated_with_fixed_dates(repo, tmp_path, fmt):
    package = zipfile.ZipFile(kit(repo, tmp_path).file(fmt))
    assert package.testzip() is None  # every CRC-32 checks out
    for info in package.infolist():
        assert info.date_time == (1980, 1, 1, 0, 0, 0)
        stored = info.filename == "mimetype"  # OpenDocument wants it first and stored
        assert info.compress_type == (zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED), info.filename


@pytest.mark.parametrize("fmt", ["docx", "odt"])
def test_an_empty_basket_still_gives_a_document(repo, tmp_path, fmt):
    empty = kit(repo, tmp_path, ids=[])
    assert items(empty.kit) == []
    path = empty.file(fmt)
    assert zipfile.ZipFile(path).testzip() is None
    texts = docx_texts(path) if fmt == "docx" else odt_texts(path)
    assert any("Aucun critère publié" in t for _s, t in texts)


# --------------------------------------------------------------------------
# LibreOffice as a real client


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        pytest.fail("LibreOffice (soffice) is not installed: run `make test`, which installs it "
                    "(scripts/install-system-deps.sh), or apt-get install libreoffice-writer", pytrace=False)
    return found


def convert_to_pdf(path: Path, out: Path) -> Path:
    """Convert with LibreOffice headless; returns the PDF (asserts it is a real, non-empty PDF)."""
    office = soffice()
    profile = (out / "lo-profile").as_uri()  # private profile: no clash with a LibreOffice already running
    result = subprocess.run([office, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                             "--outdir", str(out), str(path)], capture_output=True, text=True, timeout=300)
    pdf = out / (path.stem + ".pdf")
    assert result.returncode == 0 and pdf.exists(), result.stdout + result.stderr
    assert pdf.stat().st_size > 1000 and pdf.read_bytes().startswith(b"%PDF")
    return pdf


@pytest.mark.parametrize("suffix", ["docx", "odt"])
def test_libreoffice_converts_the_kit_to_pdf(repo, tmp_path, suffix):
    path = tmp_path / f"kit-{suffix}.{suffix}"
    shutil.copy(kit(repo, tmp_path, level="frontrunner").file(suffix), path)
    convert_to_pdf(path, tmp_path)


# --------------------------------------------------------------------------
# The real knowledge base


def test_real_knowledge_base_kits_open_with_every_clause_in_order(tmp_path):
    from kb import kinds

    real = kit(load_repository(kinds.ROOT), tmp_path, level="advanced")
    assert items(real.kit), "the knowledge base has published criteria at level advanced"
    expected = [f"[{i['id']} v{i['version']}]" for i in items(real.kit)]
    assert [t for s, t in docx_texts(real.file("docx")) if s == "Clause Reference"] == expected
    odt_lines = [t for _s, t in odt_texts(real.file("odt"))]
    assert [t for t in odt_lines if t in set(expected)][:len(expected)] == expected
    assert not any("{{" in t for t in odt_lines)


def test_table_headers_are_small_enough_not_to_cut_a_word(repo, tmp_path):
    """Table headers are set in 9 pt (the grid's columns are sized for its longest header word
    in French and Dutch side by side, checked in LibreOffice's PDF: "Pondération",
    "Beoordelingsmethode", "Toegekende" stay whole)."""
    written = kit(repo, tmp_path)
    body = zipfile.ZipFile(written.file("docx")).read("word/document.xml").decode()
    header_row = body[body.index("<w:tblHeader"):]
    header_row = header_row[:header_row.index("</w:tr>")]
    assert header_row.count("<w:r>") == header_row.count('<w:sz w:val="18"/>') > 0
    styles = zipfile.ZipFile(written.file("odt")).read("styles.xml").decode()
    heading = styles[styles.index('style:name="Table_20_Heading"'):]
    assert 'fo:font-size="9pt"' in heading[:heading.index("</style:style>")]
