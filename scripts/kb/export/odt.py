"""Tender kits as OpenDocument text (.odt), with odfpy.

OpenDocument is the Belgian federal standard format. This writer renders the
elements of ``layout.layout`` with named styles a tender writer recognises in
LibreOffice ("Heading 1", "Text body", "List Bullet"…), outline levels on the
headings, real lists, tables with a repeated header row, hyperlinks, A4 pages
and the language set to fr-BE / nl-BE (Dutch runs of a bilingual kit carry
their own language, so spell-checking works in both columns).
"""

from __future__ import annotations

import io

from odf import dc, teletype
from odf.opendocument import OpenDocumentText
from odf.style import (
    DefaultStyle,
    FontFace,
    ListLevelProperties,
    MasterPage,
    PageLayout,
    PageLayoutProperties,
    ParagraphProperties,
    Style,
    TableCellProperties,
    TableColumnProperties,
    TableProperties,
    TextProperties,
)
from odf.table import Table as OdfTable
from odf.table import TableCell, TableColumn, TableHeaderRows, TableRow
from odf.text import A, H, List, ListItem, ListLevelStyleBullet, ListStyle, P, Span

from . import ziputil
from .layout import Heading, Para, Table, layout
from .model import Kit
from .strings import LANGUAGE_TAGS

TEXT_WIDTH_CM = 17.0
BULLETS = ("•", "◦", "▪")
PARAGRAPH_STYLES = {"body": "Text_20_body", "subtitle": "Subtitle", "reference": "Clause_20_Reference",
                    "note": "Kit_20_Note"}


def render_odt(kit: Kit) -> bytes:
    """The kit as the bytes of an .odt file."""
    writer = _OdtWriter(kit)
    for element in layout(kit):
        writer.add(element)
    return writer.save()


class _OdtWriter:
    """Holds the document and the automatic styles created on demand."""

    def __init__(self, kit: Kit):
        self.kit = kit
        self.doc = OpenDocumentText()
        self.text_styles: dict = {}  # (bold, italic, lang) -> automatic style name
        self.cell_styles: set = set()
        self.tables = 0
        self.list_target = None  # the open text:list consecutive items go into
        self._setup()

    # ---------------------------------------------------------------- setup

    def _setup(self) -> None:
        lang, country = LANGUAGE_TAGS[self.kit.langs[0]].split("-")
        doc = self.doc
        doc.meta.addElement(dc.Title(text=" / ".join(self.kit.title[x] for x in self.kit.langs)))
        doc.meta.addElement(dc.Subject(text=" / ".join(self.kit.subtitle[x] for x in self.kit.langs)))
        doc.meta.addElement(dc.Language(text=f"{lang}-{country}"))
        if self.kit.date:
            doc.meta.addElement(dc.Date(text=f"{self.kit.date}T00:00:00"))
        doc.fontfacedecls.addElement(FontFace(name="Liberation Sans", fontfamily="'Liberation Sans'",
                                              fontfamilygeneric="swiss", fontpitch="variable"))
        default = DefaultStyle(family="paragraph")
        default.addElement(TextProperties(language=lang, country=country, fontsize="11pt", fontname="Liberation Sans"))
        doc.styles.addElement(default)
        self._page_layout()
        self._paragraph_styles()
        self._list_style()

    def _page_layout(self) -> None:
        layout_style = PageLayout(name="A4")
        layout_style.addElement(PageLayoutProperties(pagewidth="21cm", pageheight="29.7cm", printorientation="portrait",
                                                     margintop="2cm", marginbottom="2cm", marginleft="2cm",
                                                     marginright="2cm"))
        self.doc.automaticstyles.addElement(layout_style)
        self.doc.masterstyles.addElement(MasterPage(name="Standard", pagelayoutname="A4"))

    def _style(self, name, display, parent=None, outline=None, text=None, paragraph=None, cls="text"):
        style = Style(name=name, displayname=display, family="paragraph", attributes={"class": cls})
        if parent:
            style.setAttribute("parentstylename", parent)
        if outline:
            style.setAttribute("defaultoutlinelevel", str(outline))
        if paragraph:
            style.addElement(ParagraphProperties(**paragraph))
        if text:
            style.addElement(TextProperties(**text))
        self.doc.styles.addElement(style)

    def _paragraph_styles(self) -> None:
        self._style("Standard", "Standard")
        self._style("Text_20_body", "Text body", "Standard", paragraph={"marginbottom": "0.2cm"})
        self._style("Heading", "Heading", "Standard", paragraph={"margintop": "0.4cm", "marginbottom": "0.2cm",
                                                                "keepwithnext": "always"})
        self._style("Title", "Title", "Heading", text={"fontsize": "20pt", "fontweight": "bold"}, cls="chapter")
        self._style("Subtitle", "Subtitle", "Heading", text={"fontsize": "14pt", "fontstyle": "italic"}, cls="chapter")
        for level, size in ((1, "16pt"), (2, "13pt"), (3, "12pt")):
            self._style(f"Heading_20_{level}", f"Heading {level}", "Heading", outline=level,
                        text={"fontsize": size, "fontweight": "bold"})
        self._style("Clause_20_Reference", "Clause Reference", "Text_20_body",
                    text={"fontsize": "9pt", "fontweight": "bold", "color": "#44546a"})
        self._style("Kit_20_Note", "Kit Note", "Text_20_body", text={"fontsize": "9pt", "fontstyle": "italic"})
        self._style("List_20_Bullet", "List Bullet", "Text_20_body", paragraph={"marginbottom": "0.1cm"}, cls="list")
        for level in range(3):
            indent = f"{0.6 + 0.6 * level:.1f}cm"
            self._style(f"List_20_Number_20_{level + 1}", f"List Number Text {level + 1}", "Text_20_body",
                        paragraph={"marginleft": indent, "marginbottom": "0.1cm"}, cls="list")
        self._style("Table_20_Contents", "Table Contents", "Standard", paragraph={"marginbottom": "0.15cm"},
                    cls="extra")
        self._style("Table_20_Heading", "Table Heading", "Table_20_Contents", text={"fontweight": "bold"}, cls="extra")

    def _list_style(self) -> None:
        bullets = ListStyle(name="List_20_Bullets", displayname="List Bullets")
        for level, char in enumerate(BULLETS, start=1):
            bullet = ListLevelStyleBullet(level=level, bulletchar=char)
            bullet.addElement(ListLevelProperties(spacebefore=f"{0.6 * (level - 1):.1f}cm", minlabelwidth="0.6cm"))
            bullets.addElement(bullet)
        self.doc.styles.addElement(bullets)

    def _text_style(self, bold: bool, italic: bool, lang: str | None) -> str | None:
        """Name of an automatic text style for a run (created once)."""
        if not (bold or italic or lang):
            return None
        key = (bold, italic, lang)
        if key not in self.text_styles:
            name = "T" + ("b" if bold else "") + ("i" if italic else "") + (f"_{lang}" if lang else "")
            style = Style(name=name, family="text")
            props = {}
            if bold:
                props["fontweight"] = "bold"
            if italic:
                props["fontstyle"] = "italic"
            if lang:
                code, country = LANGUAGE_TAGS[lang].split("-")
                props.update(language=code, country=country)
            style.addElement(TextProperties(**props))
            self.doc.automaticstyles.addElement(style)
            self.text_styles[key] = name
        return self.text_styles[key]

    # ------------------------------------------------------------- elements

    def add(self, element) -> None:
        if isinstance(element, Heading):
            self.list_target = None
            self.doc.text.addElement(self._heading(element))
        elif isinstance(element, Para):
            self._add_block(self.doc.text, element.block, PARAGRAPH_STYLES.get(element.style, "Text_20_body"))
        else:
            self.doc.text.addElement(self._table(element))
            self.list_target = None  # a list never continues after a table

    def _heading(self, heading: Heading):
        if heading.level == 0:
            element = P(stylename="Title")
        else:
            element = H(outlinelevel=heading.level, stylename=f"Heading_20_{heading.level}")
        teletype.addTextToElement(element, heading.text)
        return element

    def _add_block(self, parent, block, style: str) -> None:
        """A block into ``parent``; consecutive bullet items share one list."""
        if block.kind == "item" and not block.marker:
            if self.list_target is None or self.list_target[0] is not parent:
                container = List(stylename="List_20_Bullets")
                parent.addElement(container)
                self.list_target = (parent, container)
            item = ListItem()
            holder = item
            for _ in range(block.level):  # nesting: a list inside the item
                inner = List()
                holder.addElement(inner)
                holder = ListItem()
                inner.addElement(holder)
            holder.addElement(self._paragraph(block, "List_20_Bullet"))
            self.list_target[1].addElement(item)
            return
        self.list_target = None
        if block.kind == "item":
            style = f"List_20_Number_20_{min(block.level, 2) + 1}"
        parent.addElement(self._paragraph(block, style))

    def _paragraph(self, block, style: str):
        paragraph = P(stylename=style)
        if block.kind == "item" and block.marker:
            teletype.addTextToElement(paragraph, block.marker + " ")
        for run in block.runs:
            target = paragraph
            if run.link:
                target = A(type="simple", href=run.link)
                paragraph.addElement(target)
            name = self._text_style(run.bold, run.italic, block.lang)
            if name:
                span = Span(stylename=name)
                target.addElement(span)
                target = span
            teletype.addTextToElement(target, run.text)
        return paragraph

    def _table(self, table: Table):
        self.tables += 1
        name = f"Table{self.tables}"
        style = Style(name=name, family="table")
        style.addElement(TableProperties(width=f"{TEXT_WIDTH_CM}cm", align="margins"))
        self.doc.automaticstyles.addElement(style)
        out = OdfTable(name=name, stylename=name)
        for index, width in enumerate(table.widths):
            col_name = f"{name}.C{index + 1}"
            col_style = Style(name=col_name, family="table-column")
            col_style.addElement(TableColumnProperties(columnwidth=f"{TEXT_WIDTH_CM * width / 100:.2f}cm"))
            self.doc.automaticstyles.addElement(col_style)
            out.addElement(TableColumn(stylename=col_name))
        if table.header:
            header = TableHeaderRows()
            header.addElement(self._row(table.header, "Table_20_Heading", shaded=True))
            out.addElement(header)
        for row in table.rows:
            out.addElement(self._row(row, "Table_20_Contents"))
        return out

    def _cell_style(self, shaded: bool = False) -> str:
        name = "CellHeader" if shaded else "Cell"
        if name not in self.cell_styles:
            style = Style(name=name, family="table-cell")
            props = {"border": "0.5pt solid #808080", "padding": "0.1cm"}
            if shaded:
                props["backgroundcolor"] = "#d9e2f3"
            style.addElement(TableCellProperties(**props))
            self.doc.automaticstyles.addElement(style)
            self.cell_styles.add(name)
        return name

    def _row(self, cells, paragraph_style: str, shaded: bool = False):
        row = TableRow()
        for blocks in cells:
            cell = TableCell(valuetype="string", stylename=self._cell_style(shaded))
            self.list_target = None
            for block in blocks:
                self._add_block(cell, block, paragraph_style)
            if not blocks:
                cell.addElement(P(stylename=paragraph_style))
            row.addElement(cell)
        self.list_target = None
        return row

    def save(self) -> bytes:
        buffer = io.BytesIO()
        self.doc.write(buffer)
        return ziputil.normalise(buffer.getvalue())
