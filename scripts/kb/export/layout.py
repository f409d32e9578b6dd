"""From a ``Kit`` to a flat list of document elements every writer renders.

The layout decides *what* the document says and in which order; writers only
decide *how* a heading, a paragraph or a table looks in their format. Three
element types are enough:

* ``Heading(level, text)``: level 0 is the document title;
* ``Para(block, style)``: one paragraph or list item, style ``body``,
  ``subtitle``, ``reference`` (the "[id v1.0]" line) or ``note``;
* ``Table(header, rows, widths, parallel)``: cells are tuples of blocks.

French and Dutch side by side: a text that exists per language becomes a
two-column ``parallel`` table (French left); with one language it becomes
plain paragraphs. Short shared lines (headings, column names) join both
languages with " / ". ``docs/assets/javascripts/kit-writer.js`` implements the
same function (``layoutKit``); keep both in step.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import model, strings
from .blocks import Block, Run, paragraph
from .model import Kit, KitItem


@dataclass(frozen=True)
class Heading:
    level: int
    text: str


@dataclass(frozen=True)
class Para:
    block: Block
    style: str = "body"


@dataclass(frozen=True)
class Table:
    header: tuple | None  # a row of cells, or None (parallel texts)
    rows: tuple  # rows of cells; a cell is a tuple of blocks (may be empty)
    widths: tuple  # relative column widths, summing to 100
    parallel: bool = False


# Columns of the data tables: (string key, one column per language?, width).
EVIDENCE_COLUMNS = (("criterion", False, 25), ("evidence", True, 50), ("attached", False, 25))
GRID_COLUMNS = (("criterion", False, 25), ("weight", False, 18), ("scoring", True, 42), ("points", False, 15))
ANNEX_COLUMNS = (("criterion", False, 25), ("legal", True, 40), ("sources", False, 35))
CPV_COLUMNS = (("code", False, 25), ("label", True, 75))
EFORMS_COLUMNS = (("field", False, 20), ("code", False, 20), ("label", True, 60))


def layout(kit: Kit) -> list:
    """Every element of the kit document, in order."""
    out = _front(kit)
    if not kit.items:
        out += _parallel(kit, {lang: [paragraph(strings.text(lang, "empty"))] for lang in kit.langs})
    for section in kit.sections:
        out.append(Heading(1, _join(kit, section.heading)))
        for item in section.items:
            out += _item(kit, item)
    if kit.items:
        out += _evidence(kit)
    if kit.grid:
        out += _evaluation(kit)
    if kit.items:
        out += _annex(kit)
        out += _codes(kit)
    out += _licence(kit)
    return out


# --------------------------------------------------------------------------
# Helpers


def _join(kit: Kit, texts: dict) -> str:
    return " / ".join(dict.fromkeys(texts[lang] for lang in kit.langs))


def _tagged(blocks, lang) -> tuple:
    return tuple(b.with_lang(lang) for b in blocks)


def _parallel(kit: Kit, cells: dict, style: str = "body") -> list:
    """Per-language blocks: paragraphs for one language, a two-column table for two."""
    if len(kit.langs) == 1:
        lang = kit.langs[0]
        return [Para(b, style) for b in _tagged(cells[lang], lang)]
    row = tuple(_tagged(cells[lang], lang) for lang in kit.langs)
    return [Table(None, (row,), tuple(100 // len(kit.langs) for _ in kit.langs), parallel=True)]


def _bold(text: str, lang: str | None = None) -> Block:
    return paragraph(Run(text, bold=True)).with_lang(lang)


def _table(kit: Kit, columns, rows) -> Table:
    """A data table; ``rows`` map column keys to a cell, or to {lang: cell}."""
    header, widths = [], []
    for key, per_lang, width in columns:
        if per_lang:
            for lang in kit.langs:
                header.append((_bold(strings.text(lang, f"col.{key}"), lang),))
                widths.append(width)
        else:
            header.append((_bold(strings.joined(kit.langs, f"col.{key}")),))
            widths.append(width)
    body = []
    for row in rows:
        cells = []
        for key, per_lang, _width in columns:
            if per_lang:
                cells += [_tagged(row.get(key, {}).get(lang, ()), lang) for lang in kit.langs]
            else:
                cells.append(tuple(row.get(key, ())))
        body.append(tuple(cells))
    return Table(tuple(header), tuple(body), _normalise(widths))


def _normalise(widths) -> tuple:
    total = sum(widths)
    scaled = [w * 100 // total for w in widths]
    scaled[-1] += 100 - sum(scaled)
    return tuple(scaled)


def reference(kit: Kit, item: KitItem) -> str:
    """The "[id v1.0]" line of a clause."""
    return f"[{item.id} v{item.version}]"


def status_marking(kit: Kit, item: KitItem) -> list:
    """A bold line under the reference of an unpublished criterion, in every language
    of the kit: a draft kept in a basket is printed, never dropped silently."""
    key = model.status_key(item.status, item.replaced_by)
    if key is None:
        return []
    line = " / ".join(
        strings.text(lang, "status_line", status=strings.text(lang, key, replaced_by=item.replaced_by or ""),
                     check=strings.text(lang, "status_check")) for lang in kit.langs)
    return [Para(_bold(line), "note")]


def _criterion_cell(kit: Kit, item: KitItem) -> tuple:
    return (_bold(f"[{item.id} v{item.version}]"),) + tuple(
        paragraph(item.title[lang]).with_lang(lang) for lang in kit.langs)


# --------------------------------------------------------------------------
# Parts of the document


def _front(kit: Kit) -> list:
    out = [Heading(0, _join(kit, kit.title)), Para(paragraph(_join(kit, kit.subtitle)), "subtitle")]
    if kit.version:
        key = "edition_dated" if kit.date else "edition"
        line = strings.joined(kit.langs, key, version=kit.version, date=kit.date)
        out.append(Para(paragraph(line), "note"))
    out += _parallel(kit, {lang: [paragraph(strings.text(lang, "intro"))] for lang in kit.langs})
    return out


def _item(kit: Kit, item: KitItem) -> list:
    out = [Heading(2, _join(kit, item.title)), Para(paragraph(reference(kit, item)), "reference")]
    out += status_marking(kit, item)
    cells = {}
    for lang in kit.langs:
        blocks = list(item.clause[lang])
        if item.type == "award":
            if item.weight is not None:
                blocks.append(_bold(strings.text(lang, "weight", weight=item.weight)))
            blocks.append(_bold(strings.text(lang, "scoring")))
            blocks += item.scoring.get(lang, [])
        cells[lang] = blocks
    return out + _parallel(kit, cells)


def _intro(kit: Kit, title_key: str, intro_key: str) -> list:
    out = [Heading(1, strings.joined(kit.langs, title_key))]
    return out + _parallel(kit, {lang: [paragraph(strings.text(lang, intro_key))] for lang in kit.langs})


def _evidence(kit: Kit) -> list:
    rows = [{"criterion": _criterion_cell(kit, item), "evidence": item.evidence} for item in kit.items]
    return _intro(kit, "evidence_title", "evidence_intro") + [_table(kit, EVIDENCE_COLUMNS, rows)]


def _percent(kit: Kit, weight) -> str:
    return "" if weight is None else strings.text(kit.langs[0], "percent", weight=weight)


def _evaluation(kit: Kit) -> list:
    rows = [{"criterion": _criterion_cell(kit, item),
             "weight": (paragraph(_percent(kit, item.weight)),) if item.weight is not None else (),
             "scoring": item.scoring} for item in kit.grid]
    rows.append({"criterion": (_bold(strings.joined(kit.langs, "total")),),
                 "weight": (_bold(_percent(kit, kit.grid_total)),)})
    return _intro(kit, "evaluation_title", "evaluation_intro") + [_table(kit, GRID_COLUMNS, rows)]


def _legal_cell(item: KitItem, lang: str) -> list:
    blocks = []
    for ref in item.legal:
        runs = [Run(ref.label[lang], link=ref.url), Run(", " + strings.text(lang, "article", article=ref.article))]
        if ref.title:
            runs.append(Run(" — " + ref.title[lang]))
        if not ref.verified:
            runs.append(Run(" (" + strings.text(lang, "to_verify") + ")", bold=True))
            if ref.why:
                runs.append(Run(" " + ref.why[lang]))
        blocks.append(paragraph(*runs))
    return blocks


def _in_langs(kit: Kit, value):
    """A source part as printed: plain, or its texts in the kit's languages joined."""
    if isinstance(value, dict):
        return " / ".join(dict.fromkeys(value[lang] for lang in kit.langs if value.get(lang))) or None
    return value


def _sources_cell(kit: Kit, item: KitItem) -> tuple:
    blocks = []
    for source in item.sources:
        url = source.url[kit.langs[0]] if isinstance(source.url, dict) else source.url
        runs = [Run(_in_langs(kit, source.title), link=url), Run(" — " + _in_langs(kit, source.publisher))]
        runs += [Run(", " + extra) for extra in (_in_langs(kit, source.code), source.date) if extra]
        blocks.append(paragraph(*runs))
    return tuple(blocks)


def _annex(kit: Kit) -> list:
    rows = [{"criterion": _criterion_cell(kit, item),
             "legal": {lang: _legal_cell(item, lang) for lang in kit.langs},
             "sources": _sources_cell(kit, item)} for item in kit.items]
    return [Heading(1, strings.joined(kit.langs, "annex_title")), _table(kit, ANNEX_COLUMNS, rows)]


def _codes(kit: Kit) -> list:
    out = _intro(kit, "codes_title", "codes_intro")
    out.append(Heading(2, strings.joined(kit.langs, "cpv_title")))
    # Which products the codes are for, or why there are none (a selection without a common group).
    notes = {lang: [paragraph(strings.text(lang, "cpv_groups", groups=kit.groups_label[lang]) if kit.cpv
                              else strings.text(lang, "cpv_none"))] for lang in kit.langs}
    out.extend(_parallel(kit, notes))
    if kit.cpv and any(entry.label for entry in kit.cpv):
        rows = [{"code": (paragraph(c.code),),
                 "label": {lang: [paragraph(c.label[lang])] if c.label else [] for lang in kit.langs}}
                for c in kit.cpv]
        out.append(_table(kit, CPV_COLUMNS, rows))
    elif kit.cpv:
        out.append(Para(paragraph(", ".join(c.code for c in kit.cpv))))
    out.append(Heading(2, strings.joined(kit.langs, "eforms_title")))
    rows = [{"field": (paragraph(c.scheme),), "code": (paragraph(c.code),),
             "label": {lang: [paragraph(c.label[lang])] for lang in kit.langs}} for c in kit.eforms]
    out.append(_table(kit, EFORMS_COLUMNS, rows))
    return out


def _licence(kit: Kit) -> list:
    out = []
    for lang in kit.langs:
        before, _, after = strings.text(lang, "licence").partition(strings.CONTENT_LICENCE)
        runs = [Run(before), Run(strings.CONTENT_LICENCE, link=strings.CONTENT_LICENCE_URL), Run(after)]
        out.append(Para(paragraph(*runs).with_lang(lang), "note"))
    return out
