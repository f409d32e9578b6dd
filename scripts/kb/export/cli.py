"""``kb export``: tender kits and open data from the command line.

Usage:
    kb export kit --level advanced [--product-group notebooks] [--ids a,b,c]
                  [--lang fr|nl|fr+nl] [--format docx|odt|md|txt] [-o FILE]
                  [--set ID.NAME=VALUE …]
    kb export data --out DIR [--build-date YYYY-MM-DD]

The commands call the same functions as the site build and the tests: a kit is
written by the site's own kit writer (kit-writer.js, run under Node.js through
``kitjs``) from the kit data the site publishes (``opendata.kit_data``), so the
basket and this command give the same bytes. Exit status: 0 on success, 1 when the
knowledge base stops the export (unknown ids, invalid records for open data,
a file that cannot be written), 2 on bad arguments. Problems are reported in
one line on standard error, never as a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from .. import __version__
from . import model

FORMATS = ("docx", "odt", "md", "txt")
SUFFIXES = {".docx": "docx", ".odt": "odt", ".md": "md", ".markdown": "md", ".txt": "txt"}
BINARY = {"docx", "odt"}


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line and exit status 2."""

    def error(self, message):  # noqa: D401 - argparse API
        self.exit(2, f"{self.prog}: error: {message} (see `{self.prog} --help`)\n")


def add_arguments(parser) -> None:
    """Declare ``kb export kit`` and ``kb export data`` on the ``export`` parser."""
    sub = parser.add_subparsers(dest="export_command", metavar="{kit,data}", parser_class=_Parser)

    kit = sub.add_parser("kit", help="write a tender kit (docx, odt, md, txt)",
                         description="Write a tender kit: clauses in the order of a Belgian tender document, "
                                     "evidence checklist, evaluation grid, legal basis, CPV and eForms codes.")
    kit.add_argument("--level", help="ambition level: essential, advanced or frontrunner")
    kit.add_argument("--product-group", help="product group code, e.g. notebooks")
    kit.add_argument("--ids", action="append", metavar="ID,ID,…",
                     help="explicit criterion ids, comma-separated (any status; warns on unpublished)")
    kit.add_argument("--lang", default="fr+nl", help="fr, nl or fr+nl (side by side); default fr+nl")
    kit.add_argument("--format", help="docx, odt, md or txt; default: from the -o suffix, else md")
    kit.add_argument("-o", "--output", help="output file; md and txt go to standard output without it")
    kit.add_argument("--set", action="append", metavar="ID.NAME=VALUE", dest="values",
                     help="change an editable parameter of a criterion, e.g. "
                          "circ-manufacturer-warranty.warranty_years=4 (repeatable; the kit marks changed values)")
    kit.add_argument("--date", help="edition date printed in the kit (YYYY-MM-DD); default SOURCE_DATE_EPOCH")

    data = sub.add_parser("data", help="write the open data (JSON, CSV, schemas, Atom, kit data)",
                          description="Write the open data of the knowledge base into a folder.")
    data.add_argument("--out", help="output folder (created if needed)")
    data.add_argument("--build-date", help="build date (YYYY-MM-DD); default SOURCE_DATE_EPOCH, else none")


def main(root, args) -> int:
    """Run ``kb export kit`` or ``kb export data``."""
    command = getattr(args, "export_command", None)
    try:
        if command == "kit":
            return _kit(Path(root), args)
        if command == "data":
            return _data(Path(root), args)
    except model.UnknownIdsError as exc:
        return _fail(exc.where, exc.message + (f"; {exc.hint}" if exc.hint else ""), 1)
    except model.ExportError as exc:
        return _fail(exc.where, exc.message + (f"; {exc.hint}" if exc.hint else ""), 2)
    except OSError as exc:
        return _fail(getattr(exc, "filename", None) or "output", f"cannot write: {exc.strerror or exc}", 1)
    return _fail("command", "choose kit or data (see `kb export --help`)", 2)


def _fail(where: str, message: str, status: int) -> int:
    print(f"kb export: {where}: {message}", file=sys.stderr)
    return status


def _warn(message: str) -> None:
    print(f"kb export: warning: {message}", file=sys.stderr)


# --------------------------------------------------------------------------
# Argument checks


def _date(value: str | None, option: str) -> str | None:
    """A YYYY-MM-DD option, else the SOURCE_DATE_EPOCH date, else None."""
    if value:
        try:
            return dt.date.fromisoformat(value).isoformat()
        except ValueError:
            raise model.ExportError(option, f"{value!r} is not a date", "write YYYY-MM-DD") from None
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date().isoformat()
        except (ValueError, OverflowError, OSError):
            raise model.ExportError("SOURCE_DATE_EPOCH", f"{epoch!r} is not a Unix time",
                                    "unset it or fix it") from None
    return None


def _format(args) -> str:
    if args.format:
        if args.format not in FORMATS:
            raise model.ExportError("--format", f"unknown format {args.format!r}", "use " + ", ".join(FORMATS))
        return args.format
    if args.output:
        suffix = Path(args.output).suffix.lower()
        if suffix in SUFFIXES:
            return SUFFIXES[suffix]
        raise model.ExportError("-o", f"cannot tell the format from {args.output!r}", "add --format docx|odt|md|txt")
    return "md"


def _values(given) -> dict:
    """--set ID.NAME=VALUE options as {id: {name: value}} (the kit writer checks each value
    against what the record allows and warns about a refused one)."""
    values: dict = {}
    for position, item in enumerate(given or [], start=1):
        target, sep, value = item.partition("=")
        ident, dot, name = target.strip().rpartition(".")
        if not sep or not dot or not ident or not name:
            raise model.ExportError(f"--set[{position}]", f"{item!r} is not ID.NAME=VALUE",
                                    "write e.g. --set circ-manufacturer-warranty.warranty_years=4")
        values.setdefault(ident, {})[name] = value
    return values


def _ids(values) -> list[str] | None:
    if not values:
        return None
    ids = [part.strip() for value in values for part in value.replace(" ", ",").split(",") if part.strip()]
    if not ids:
        raise model.ExportError("--ids", "no identifier given", "write --ids id1,id2")
    return ids


# --------------------------------------------------------------------------
# Commands


def _load(root: Path):
    from ..repository import load_repository

    return load_repository(root)


def _check_ids_have_no_errors(repo, ids) -> None:
    """An explicit id whose file has errors gets a precise message, not 'unknown'."""
    bad = repo.bad_files()
    for position, ident in enumerate(ids or [], start=1):
        record = repo.by_id("criterion").get(ident)
        if record is not None and record.path in bad:
            raise model.ExportError(
                f"--ids[{position}]", f"criterion {ident!r} has validation errors", f"run `kb check {record.path}`")


def _kit(root: Path, args) -> int:
    if not args.level:
        raise model.ExportError("--level", "missing", "give --level essential, advanced or frontrunner")
    langs = model.parse_langs(args.lang)
    fmt = _format(args)
    if fmt in BINARY and not args.output:
        raise model.ExportError("-o", f"{fmt} is a binary format", "give an output file with -o FILE")
    ids = _ids(args.ids)
    date = _date(args.date, "--date")
    # Check the options against the codelists before reading every record.
    from .. import codelists, kinds

    model.check_options(codelists.load_codelists(kinds.SchemaRoot(root).codelist_dir), args.level, args.product_group)
    repo = _load(root)
    try:
        _check_ids_have_no_errors(repo, ids)
    except model.ExportError as exc:
        return _fail(exc.where, f"{exc.message}; {exc.hint}", 1)
    if not repo.ok:
        _warn(f"{len(repo.bad_files())} file(s) with errors were left out (run `kb check`)")
    model.check_ids(repo, ids)
    values = _values(args.values)
    model.check_ids(repo, list(values))
    from . import kitjs, opendata

    request = {"ids": ids, "level": args.level, "langs": list(langs), "productGroup": args.product_group,
               "version": __version__, "date": date, "formats": [fmt], "values": values}
    try:
        written, folder = kitjs.write_kit(opendata.kit_data(repo, None, __version__), request)
    except kitjs.KitWriterError as exc:
        return _fail("kit", f"{exc.message}; {exc.hint}", 1)
    with folder:
        # Worded in the kit's (first) language, as the basket words them in the page's.
        for text in written.worded[langs[0]]:
            _warn(text)
        data = written.file(fmt).read_bytes()
    if args.output:
        Path(args.output).write_bytes(data)
        print(f"wrote {args.output}: {written.count} criteria, level {args.level}, {'+'.join(langs)}, {fmt}",
              file=sys.stderr)
    else:
        sys.stdout.write(data.decode("utf-8"))
    return 0


def _data(root: Path, args) -> int:
    if not args.out:
        raise model.ExportError("--out", "missing", "give the output folder, e.g. --out site/data")
    build_date = _date(args.build_date, "--build-date")
    repo = _load(root)
    if not repo.ok:
        return _fail("data", f"not written: {len(repo.bad_files())} file(s) have errors; "
                             "run `kb check` and fix them first", 1)
    from .opendata import write_open_data

    written = write_open_data(repo, args.out, build_date=build_date, kb_version=__version__)
    print(f"wrote {len(written)} files to {args.out}", file=sys.stderr)
    return 0
