"""Kits for the tests, from the one kit writer (kit-writer.js under Node.js, through
kb.export.kitjs, as `kb export kit` runs it), and readers of the files it writes."""

from __future__ import annotations

import itertools

import docx
from docx.oxml.ns import qn
from odf import teletype
from odf.namespaces import TEXTNS
from odf.opendocument import load as load_odt

from kb.export import kitjs, opendata

VERSION, DATE = "1.0.0", "2026-03-01"
_numbers = itertools.count()


def request(level="advanced", langs=("fr", "nl"), ids=None, product_group=None, formats=None, date=DATE,
            values=None) -> dict:
    """A request for kit_node.mjs with the tests' edition (version and date)."""
    one = {"ids": ids, "level": level, "langs": list(langs), "productGroup": product_group,
           "version": VERSION, "date": date, "values": values or {}}
    if formats:
        one["formats"] = list(formats)
    return one


def kits(repo, tmp_path, requests: list[dict]) -> list[kitjs.Written]:
    """Several kits of ``repo`` in one Node run."""
    return kitjs.write_kits(opendata.kit_data(repo, None, VERSION), requests, tmp_path / f"kits-{next(_numbers)}")


def kit(repo, tmp_path, level="advanced", langs=("fr", "nl"), **kwargs) -> kitjs.Written:
    """One kit of ``repo``: ``.kit`` is the assembled kit, ``.file(fmt)`` a written file."""
    return kits(repo, tmp_path, [request(level, langs, **kwargs)])[0]


def items(assembled: dict) -> list[dict]:
    """The criteria of an assembled kit, in document order."""
    return [item for section in assembled["sections"] for item in section["items"]]


def docx_texts(path) -> list[tuple[str, str]]:
    """(style, text) of every paragraph in document order, table cells included."""
    document = docx.Document(path)
    out = []
    for element in document.element.body.iterchildren():
        if element.tag == qn("w:p"):
            paragraph = docx.text.paragraph.Paragraph(element, document)
            out.append((paragraph.style.name, paragraph.text))
        elif element.tag == qn("w:tbl"):
            table = docx.table.Table(element, document)
            for row in table.rows:
                for cell in row.cells:
                    out += [(p.style.name, p.text) for p in cell.paragraphs]
    return out


def odt_texts(path) -> list[tuple[str, str]]:
    """(element, text) of every heading and paragraph in document order."""
    out = []

    def walk(node):
        for child in node.childNodes:
            if child.nodeType != child.ELEMENT_NODE:
                continue
            if child.qname in ((TEXTNS, "h"), (TEXTNS, "p")):
                out.append((child.qname[1], teletype.extractText(child)))
            else:
                walk(child)

    walk(load_odt(str(path)).text)
    return out


def index_of(texts, needle, start=0) -> int:
    return next(i for i, (_s, t) in enumerate(texts) if i >= start and needle in t)
