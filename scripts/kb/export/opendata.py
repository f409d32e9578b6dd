"""Open data published with the site: JSON, CSV, JSON Schemas, Atom, kit data.

``write_open_data(repo, out_dir, build_date, kb_version)`` writes:

* ``criteria.json``: every record as loaded, grouped by kind, with the
  codelists and metadata (version, build date, licences);
* ``criteria-fr.csv`` / ``criteria-nl.csv``: one row per criterion;
* ``schema/*.json``: the JSON Schemas the records follow;
* ``changes.atom``: one entry per history entry of every record, newest first;
* ``kit-data.json``: what the browser needs to assemble tender kits
  (``kitdata.kit_data``), texts already parsed into blocks;
* ``README.txt``: what the files are and their licences.

Everything is deterministic: keys sorted, records in id order, no current
time. ``build_date`` comes from the caller (SOURCE_DATE_EPOCH in the build);
without it the feed is dated by its newest change and no build date is
written, so two builds of the same commit are byte-identical.

Content is CC BY 4.0, code EUPL-1.2.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import xml.etree.ElementTree as ET
from dataclasses import asdict
from pathlib import Path

from .. import __version__, config, kinds
from . import jsonjoin, model, strings
from .kitdata import kit_data
from .strings import LANGS

# Fallback when the repository has no [tool.kb] site_url in pyproject.toml.
DEFAULT_SITE_URL = "https://sustainable-ict-be.github.io/ict-criteria/"
# Page of a record, as kb.render writes it: French at the root, Dutch under nl/.
LANG_PREFIX = {"fr": "", "nl": "nl/"}
SITE_DATA_FOLDER = "data"  # under docs/: the site publishes the files at <site>/data/
# Tag URIs (RFC 4151): stable ids that do not depend on where the site is hosted.
TAG_PREFIX = "tag:sustainable-ict-be.github.io,2026:ict-criteria"

ATOM_NS = "http://www.w3.org/2005/Atom"
XHTML_NS = "http://www.w3.org/1999/xhtml"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

CSV_COLUMNS = ("id", "version", "status", "theme", "type", "levels", "product_groups", "title", "summary",
               "cpv", "eforms", "last_reviewed", "url")

README = """Open data of the sustainable ICT procurement criteria knowledge base
=======================================================================

criteria.json      every record (criteria, good practices, labels, glossary,
                   coverage, legislation) in French and Dutch, with the
                   codelists and metadata (version, build date, licences)
criteria-fr.csv    one row per criterion, French labels and texts
criteria-nl.csv    one row per criterion, Dutch labels and texts
schema/            JSON Schemas (draft-07) the records follow
changes.atom       Atom feed of criterion and record changes, newest first
kit-data.json      data the site uses to assemble tender kits in the browser
kit/               the same, split: common.json and one <id>.json per criterion
                   (the basket downloads only the criteria it holds)

Licences: content CC BY 4.0 ({content_url});
code EUPL-1.2 ({code_url}).
Cite a criterion by its identifier and version, e.g. "circ-manufacturer-warranty v1.0".
"""


# --------------------------------------------------------------------------
# Helpers


def usable(repo, kind_name: str) -> list:
    """Records of a kind that have no errors (invalid records are never published)."""
    return model.usable_records(repo, kind_name)


def site_url(root) -> str:
    """The site address from the repository's settings (forks change it there)."""
    try:
        return config.settings(Path(root)).site_url
    except (OSError, KeyError, ValueError):
        return DEFAULT_SITE_URL


def record_url(record, lang: str, site: str = DEFAULT_SITE_URL) -> str:
    """Address of a record's page on the site, in one language (as kb.render links it)."""
    if record.kind.name == "term":  # one glossary page, one anchor per term
        return f"{site}{LANG_PREFIX[lang]}glossary/#{record.id}"
    return f"{site}{LANG_PREFIX[lang]}{record.kind.folder}/{record.id}/"


def record_titles(record) -> dict:
    """{fr, nl} title of any kind of record (title, term or name)."""
    for key in ("title", "term", "name"):
        value = record.get(key)
        if isinstance(value, dict) and all(isinstance(value.get(lang), str) for lang in LANGS):
            return {lang: value[lang] for lang in LANGS}
        if isinstance(value, str):
            return {lang: value for lang in LANGS}
    return {lang: record.id for lang in LANGS}


def _codelist_json(codelist) -> dict:
    codes = []
    for code in codelist.codes:
        entry = {k: v for k, v in asdict(code).items() if v not in (None, "", ())}
        codes.append(entry)
    return {"title": codelist.title, "description": codelist.description, "codes": codes}


# --------------------------------------------------------------------------
# criteria.json


def _record_groups(repo) -> dict[str, list]:
    """The published records of each kind, by folder name (the lists of criteria.json)."""
    return {kind.folder: usable(repo, kind.name) for kind in kinds.KINDS}


def _members(repo, groups: dict[str, list], build_date: str | None, kb_version: str) -> dict:
    """criteria.json without its record lists: the metadata and the codelists."""
    codelists = model.repo_codelists(repo)
    return {
        "metadata": {
            "title": {"fr": "Critères TIC durables pour les acheteurs publics belges",
                      "nl": "Duurzame ICT-criteria voor Belgische overheidsaankopers"},
            "version": kb_version,
            "build_date": build_date,
            "licence": strings.licence_metadata(),
            "schemas": {kind.folder: f"schema/{kind.schema}" for kind in kinds.KINDS},
            "counts": {folder: len(records) for folder, records in groups.items()},
            "site": site_url(repo.root),
        },
        "codelists": {cid: _codelist_json(cl) for cid, cl in sorted(codelists.items())},
    }


def knowledge_base(repo, build_date: str | None = None, kb_version: str = __version__) -> dict:
    """The whole knowledge base as one JSON document."""
    groups = _record_groups(repo)
    return {**_members(repo, groups, build_date, kb_version),
            **{folder: [r.data for r in records] for folder, records in groups.items()}}


def criteria_json(repo, build_date: str | None = None, kb_version: str = __version__, memo=None) -> bytes:
    """``knowledge_base`` as criteria.json (UTF-8, indented, keys sorted), each record
    serialized once; a live preview's ``memo`` (kb.render.memo.GenerationMemo) keeps each
    record's text while the record is the same object, so an edit re-serializes one record."""
    groups = _record_groups(repo)
    texts = memo.record_json if memo is not None else None
    if texts is not None:
        texts.start(None)  # a record's text depends on nothing but the record

    def text(record) -> bytes:
        def build() -> bytes:
            return jsonjoin.item(record.data, compact=False)
        return build() if texts is None else texts.get(f"{record.kind.folder}/{record.id}", record, build)

    lists = {folder: [text(record) for record in records] for folder, records in groups.items()}
    if texts is not None:
        texts.finish()
    return jsonjoin.document(_members(repo, groups, build_date, kb_version), lists, compact=False)


# --------------------------------------------------------------------------
# CSV


def _eforms_cell(eforms: dict) -> str:
    parts = []
    for key, term, _list_id in model.EFORMS_FIELDS:
        parts += [f"{term}={code}" for code in eforms.get(key) or []]
    return ";".join(parts)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value) -> str:
    """A CSV cell that a spreadsheet cannot run as a formula.

    OWASP's advice on CSV injection: a cell starting with ``=``, ``+``, ``-``, ``@``, a
    tab or a carriage return is prefixed with a single quote, which spreadsheets show
    as text (``'=HYPERLINK(…)``). The csv module quotes the cell as RFC 4180 requires.
    """
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_text(repo, lang: str) -> str:
    """One row per criterion (any status), labels and texts in ``lang``; no cell can start
    a spreadsheet formula (``csv_cell``)."""
    codelists = model.repo_codelists(repo)
    site = site_url(repo.root)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180
    writer.writerow(CSV_COLUMNS)
    for record in usable(repo, "criterion"):
        data = record.data
        writer.writerow([csv_cell(cell) for cell in [
            record.id, data.get("version", ""), data.get("status", ""),
            model.label(codelists, "themes", data.get("theme", ""), lang),
            model.label(codelists, "criterion-types", data.get("type", ""), lang),
            ";".join(model.label(codelists, "levels", v, lang) for v in data.get("levels", [])),
            ";".join(model.label(codelists, "product-groups", v, lang) for v in data.get("product_groups", [])),
            data.get("title", {}).get(lang, ""), data.get("summary", {}).get(lang, ""),
            ";".join(data.get("cpv", [])), _eforms_cell(data.get("eforms") or {}),
            data.get("last_reviewed", ""), record_url(record, lang, site),
        ]])
    return out.getvalue()


# --------------------------------------------------------------------------
# Atom


def _history_entries(repo) -> list[tuple]:
    """(date, kind, id, version, record, change) for every history entry, newest first."""
    entries = []
    for kind in kinds.KINDS:
        for record in usable(repo, kind.name):
            for change in record.get("history") or []:
                entries.append((change["date"], kind.name, record.id, change["version"], record, change))
    entries.sort(key=lambda e: (e[1], e[2]))
    # Newest first; Python's sort is stable (also reversed), so equal dates and
    # versions keep kind and id order.
    entries.sort(key=lambda e: (e[0], _version_key(e[3])), reverse=True)
    return entries


def _version_key(version: str) -> tuple:
    return tuple(int(part) for part in version.split(".") if part.isdigit())


def _sub(parent, tag: str, text: str | None = None, **attrs):
    element = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attrs)
    if text is not None:
        element.text = text
    return element


def atom_feed(repo, build_date: str | None = None) -> str:
    """Atom feed of changes: one bilingual entry per history entry of every record."""
    ET.register_namespace("", ATOM_NS)
    ET.register_namespace("xhtml", XHTML_NS)
    site = site_url(repo.root)
    entries = _history_entries(repo)
    updated = build_date or (entries[0][0] if entries else "1970-01-01")
    feed = ET.Element(f"{{{ATOM_NS}}}feed")
    _sub(feed, "id", f"{TAG_PREFIX}/changes")
    _sub(feed, "title", "Critères TIC durables : modifications / Duurzame ICT-criteria: wijzigingen")
    _sub(feed, "updated", f"{updated}T00:00:00Z")
    author = _sub(feed, "author")
    _sub(author, "name", "ICT criteria knowledge base contributors")
    _sub(feed, "link", rel="self", href=f"{site}{SITE_DATA_FOLDER}/changes.atom")
    _sub(feed, "link", rel="alternate", href=site)
    _sub(feed, "rights", f"Content {strings.CONTENT_LICENCE} ({strings.CONTENT_LICENCE_URL}); "
                         f"code {strings.CODE_LICENCE}")
    _sub(feed, "generator", "kb export", version=__version__)
    for date, kind_name, ident, version, record, change in entries:
        _entry(feed, site, date, kind_name, ident, version, record, change)
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def _entry(feed, site, date, kind_name, ident, version, record, change) -> None:
    titles = record_titles(record)
    entry = _sub(feed, "entry")
    _sub(entry, "id", f"{TAG_PREFIX}/{kind_name}/{ident}/{version}")
    _sub(entry, "title", f"{ident} v{version} — " + " / ".join(dict.fromkeys(titles[lang] for lang in LANGS)))
    _sub(entry, "updated", f"{date}T00:00:00Z")
    for lang in LANGS:
        _sub(entry, "link", rel="alternate", hreflang=lang, href=record_url(record, lang, site))
    _sub(entry, "category", term=kind_name)
    content = _sub(entry, "content", type="xhtml")
    div = ET.SubElement(content, f"{{{XHTML_NS}}}div")
    for lang in LANGS:
        paragraph = ET.SubElement(div, f"{{{XHTML_NS}}}p", {XML_LANG: lang})
        paragraph.text = (change.get("change") or {}).get(lang, "")


# --------------------------------------------------------------------------
# Writing


KIT_PARTS = "kit"  # folder of the per-criterion kit data the basket fetches


def kit_files(kit: dict) -> dict[str, bytes]:
    """kit-data.json and the same data split for the basket, which fetches only what a
    selection needs: the shared part (strings, sections, levels, groups, codes) as
    ``kit/common.json`` and each criterion, published or not, as ``kit/<id>.json``.
    kit-writer.js's ``joinKitData`` puts the parts back together into exactly the
    kit-data.json document (a test checks it). Each criterion is serialized once for both."""
    lists = {key: [jsonjoin.item(entry, compact=True) for entry in kit[key]] for key in ("criteria", "unpublished")}
    common = {key: value for key, value in kit.items() if key not in lists}
    files = {"kit-data.json": jsonjoin.document(common, lists, compact=True),
             f"{KIT_PARTS}/common.json": (jsonjoin.dumps(common, compact=True) + "\n").encode("utf-8")}
    for key, texts in lists.items():
        for entry, text in zip(kit[key], texts, strict=True):
            files[f"{KIT_PARTS}/{entry['id']}.json"] = text + b"\n"
    return files


def open_data_files(repo, build_date: str | None = None, kb_version: str = __version__,
                    memo=None) -> dict[str, bytes]:
    """Every open-data file as bytes, keyed by its path in the data folder (``memo``: a live
    preview's kb.render.memo.GenerationMemo, see kit_data)."""
    # Each text is encoded as soon as it is made, and the large documents are made one after
    # the other: at 5,000 criteria, holding every text and its bytes at once cost 500 MB.
    files = {"criteria.json": criteria_json(repo, build_date, kb_version, memo)}
    files["criteria-fr.csv"] = csv_text(repo, "fr").encode("utf-8")
    files["criteria-nl.csv"] = csv_text(repo, "nl").encode("utf-8")
    files["changes.atom"] = atom_feed(repo, build_date).encode("utf-8")
    files.update(kit_files(kit_data(repo, build_date, kb_version, memo)))
    files["README.txt"] = README.format(content_url=strings.CONTENT_LICENCE_URL,
                                        code_url=strings.CODE_LICENCE_URL).encode("utf-8")
    for schema in sorted((Path(repo.root) / "schema").glob("*.json")):
        files[f"schema/{schema.name}"] = schema.read_bytes()
    return files


def write_open_data(repo, out_dir, build_date: str | None = None, kb_version: str = __version__) -> list[Path]:
    """Write every open-data file into ``out_dir``; returns the paths written."""
    out = Path(out_dir)
    written = []
    for name, data in open_data_files(repo, build_date, kb_version).items():
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)
    return written


def build_date_from_epoch(epoch: str | None) -> str | None:
    """The UTC date of a SOURCE_DATE_EPOCH value; None when unset, 0 or invalid."""
    try:
        seconds = int(epoch or 0)
    except ValueError:
        return None
    if seconds <= 0:
        return None
    return dt.datetime.fromtimestamp(seconds, dt.UTC).date().isoformat()


def files_for_site(repo, root, epoch: str | None, memo=None) -> dict[str, bytes]:
    """Open-data files for the site build, keyed by path under docs/ (data/…).

    Called by kb.site.generated_files with the build's SOURCE_DATE_EPOCH (and, in a live
    preview, its kb.render.memo.GenerationMemo).
    """
    del root  # the repository knows its root; kept for the caller's signature
    files = open_data_files(repo, build_date_from_epoch(epoch), __version__, memo)
    return {f"{SITE_DATA_FOLDER}/{name}": data for name, data in files.items()}
