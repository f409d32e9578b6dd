"""Tender kits as Word documents (.docx), with python-docx.

Renders the elements of ``layout.layout``: real headings (so the navigation
pane and a table of contents work), Word list styles, tables with a repeated
header row, hyperlinks, and the document language set to fr-BE / nl-BE (Dutch
texts of a bilingual kit are tagged nl-BE run by run, so spell-checking works
in both columns). Pages are A4, as in Belgian tender documents.
"""

from __future__ import annotations

import datetime as dt
import io

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from . import ziputil
from .blocks import Run
from .layout import Heading, Para, Table, layout
from .model import Kit
from .strings import LANGUAGE_TAGS

PAGE_WIDTH, PAGE_HEIGHT, MARGIN = Cm(21), Cm(29.7), Cm(2)
BULLET_STYLES = ("List Bullet", "List Bullet 2", "List Bullet 3")
NUMBERED_STYLES = ("List Continue", "List Continue 2", "List Continue 3")  # indented, number kept as text
LINK_COLOR = RGBColor(0x05, 0x63, 0xC1)
HEADER_FILL = "D9E2F3"


def render_docx(kit: Kit) -> bytes:
    """The kit as the bytes of a .docx file."""
    doc = Document()
    _setup(doc, kit)
    # Setting a style by name makes python-docx scan every style each time
    # (90 % of the run time on a whole-knowledge-base kit); resolve ids once.
    style_ids = {style.name: style.style_id for style in doc.styles}
    for element in layout(kit):
        if isinstance(element, Heading):
            paragraph = doc.add_paragraph()
            _set_style(paragraph, "Title" if element.level == 0 else f"Heading {element.level}", style_ids)
            paragraph.add_run(element.text)
        elif isinstance(element, Para):
            _write_block(doc.add_paragraph(), element.block, style_ids, element.style)
        else:
            _write_table(doc, element, style_ids)
    buffer = io.BytesIO()
    doc.save(buffer)
    return ziputil.normalise(buffer.getvalue())


# --------------------------------------------------------------------------
# Document setup


def _set_lang(rpr, tag: str) -> None:
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), tag)


def _setup(doc, kit: Kit) -> None:
    tag = LANGUAGE_TAGS[kit.langs[0]]
    # Default language of every run, in the document defaults and in Normal.
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    _set_lang(_rpr_default(defaults), tag)
    _set_lang(doc.styles["Normal"].element.get_or_add_rPr(), tag)
    section = doc.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = MARGIN
    props = doc.core_properties
    props.title = " / ".join(kit.title[lang] for lang in kit.langs)
    props.subject = " / ".join(kit.subtitle[lang] for lang in kit.langs)
    props.language = tag
    props.author = props.last_modified_by = "ICT criteria knowledge base"
    props.revision = 1
    if kit.date:  # never the current time: the same kit gives the same file
        stamp = dt.datetime.fromisoformat(kit.date).replace(tzinfo=dt.UTC)
        props.created = props.modified = stamp
    _add_styles(doc)


def _rpr_default(defaults):
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    return rpr


def _add_styles(doc) -> None:
    doc.styles["Normal"].paragraph_format.space_after = Pt(4)
    reference = doc.styles.add_style("Clause Reference", WD_STYLE_TYPE.PARAGRAPH)
    reference.base_style = doc.styles["Normal"]
    reference.font.bold = True
    reference.font.size = Pt(9)
    reference.font.color.rgb = RGBColor(0x44, 0x54, 0x6A)
    note = doc.styles.add_style("Kit Note", WD_STYLE_TYPE.PARAGRAPH)
    note.base_style = doc.styles["Normal"]
    note.font.size = Pt(9)
    note.font.italic = True


# --------------------------------------------------------------------------
# Blocks and runs


def _paragraph_style(block, style: str) -> str:
    if block.kind == "item":
        styles = NUMBERED_STYLES if block.marker else BULLET_STYLES
        return styles[min(block.level, len(styles) - 1)]
    return {"subtitle": "Subtitle", "reference": "Clause Reference", "note": "Kit Note"}.get(style, "Normal")


def _set_style(paragraph, name: str, style_ids: dict) -> None:
    if name != "Normal":  # Normal is the default: no pStyle needed
        paragraph._p.get_or_add_pPr().style = style_ids[name]


def _write_block(paragraph, block, style_ids: dict, style: str = "body") -> None:
    """Fill an (empty) paragraph with a block."""
    _set_style(paragraph, _paragraph_style(block, style), style_ids)
    runs = list(block.runs)
    if block.kind == "item" and block.marker:
        runs.insert(0, Run(block.marker + " "))
    tag = LANGUAGE_TAGS.get(block.lang) if block.lang else None
    for run in runs:
        if run.link:
            _add_hyperlink(paragraph, run, tag)
        else:
            _add_run(paragraph, run, tag)


def _add_run(paragraph, run, tag):
    lines = run.text.split("\n")
    out = paragraph.add_run(lines[0])
    for line in lines[1:]:  # hard line breaks inside a paragraph
        out.add_break()
        out.add_text(line)
    out.bold = run.bold or None
    out.italic = run.italic or None
    if tag:
        _set_lang(out._r.get_or_add_rPr(), tag)
    return out


def _add_hyperlink(paragraph, run, tag) -> None:
    """A clickable external link (python-docx has no public API for it)."""
    rel_id = paragraph.part.relate_to(run.link, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel_id)
    # Build the run in the paragraph, then move it inside the hyperlink.
    out = _add_run(paragraph, run, tag)
    out.font.color.rgb = LINK_COLOR
    out.font.underline = True
    paragraph._p.remove(out._r)
    link.append(out._r)
    paragraph._p.append(link)


# --------------------------------------------------------------------------
# Tables


def _write_cell(cell, blocks, style_ids: dict) -> None:
    first = True
    for block in blocks:
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
        _write_block(paragraph, block, style_ids)
        first = False


def _write_table(doc, table: Table, style_ids: dict) -> None:
    rows = ([table.header] if table.header else []) + list(table.rows)
    out = doc.add_table(rows=len(rows), cols=len(table.widths))
    out.style = doc.styles["Table Grid"]
    out.autofit = False
    usable = PAGE_WIDTH - 2 * MARGIN
    widths = [int(usable * w / 100) for w in table.widths]
    for index, column in enumerate(out.columns):
        column.width = widths[index]
    for row_index, cells in enumerate(rows):
        row = out.rows[row_index]
        for col_index, blocks in enumerate(cells):
            cell = row.cells[col_index]
            cell.width = widths[col_index]
            _write_cell(cell, blocks, style_ids)
            if table.header and row_index == 0:
                _shade(cell)
        if table.header and row_index == 0:
            _repeat_header(row)
    doc.add_paragraph()  # Word merges adjacent tables; keep them apart


def _shade(cell) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), HEADER_FILL)
    cell._tc.get_or_add_tcPr().append(shading)


def _repeat_header(row) -> None:
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(marker)
