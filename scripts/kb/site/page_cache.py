"""A cache of MkDocs' Markdown-to-HTML conversion, per page, across builds.

Converting Markdown is most of a MkDocs build (Python-Markdown's inline patterns over every
text). A page whose Markdown, address, set of site files and conversion settings are the same
as in an earlier successful build converts to the same HTML, so that HTML is reused: after an
edited criterion, ``kb site`` and ``make serve`` convert only the pages whose Markdown changed.
A first build (a fresh clone, CI) finds the cache empty and converts everything.

What a conversion produces besides the HTML is kept with it and restored: the table of
contents, the title found in the first heading, the anchors the page holds and the links it
makes to anchors of other pages (MkDocs validates those after rendering).

Trust: the cache lives outside the repository (``$XDG_CACHE_HOME`` or ``~/.cache``), one
folder per repository path and language holding one SQLite database (``PageCache`` says why),
so a pull request cannot plant an entry; the
sanitizer of kb.site.sanitize still runs on every page's HTML, cached or not; an entry that
cannot be read or does not have the expected shape is a miss. Entries are written only when
the build logged no warning (so a page whose links were broken is converted again, and warns
again), and a full build deletes the entries it did not use. ``KB_PAGE_CACHE=off`` disables it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import shutil
import sqlite3
from importlib import metadata
from pathlib import Path

FORMAT = 2  # 2: entries in one SQLite database per language (1: one JSON file per page)
PACKAGES = ("mkdocs", "Markdown", "pymdown-extensions", "mkdocs-material", "mkdocs-static-i18n")


def enabled() -> bool:
    """False when ``KB_PAGE_CACHE`` is ``off`` (or ``0``/``no``)."""
    return os.environ.get("KB_PAGE_CACHE", "on").strip().lower() not in {"off", "0", "no", "false"}


def user_cache(root: Path, kind: str) -> Path:
    """The place of the ``kind`` cache of the repository at ``root``: outside it (in the
    user's cache folder), keyed by its path, so that no file of a pull request can be one."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "ict-criteria-kb" / kind / hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:16]


def cache_home(root: Path) -> Path:
    """The page cache folder of the repository at ``root``."""
    return user_cache(root, "pages")


def _digest(*parts: str) -> str:
    hashed = hashlib.sha256()
    for part in parts:
        hashed.update(part.encode("utf-8", "surrogatepass"))
        hashed.update(b"\0")
    return hashed.hexdigest()


def settings_digest(config) -> str:
    """Everything besides a page's own Markdown that its HTML depends on: the Markdown
    extensions and their settings, the address style, link validation, tool versions."""
    versions = []
    for package in PACKAGES:
        try:
            versions.append(f"{package}={metadata.version(package)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{package}=?")
    extensions = [e if isinstance(e, str) else repr(e) for e in config["markdown_extensions"]]
    return _digest(str(FORMAT), *versions, json.dumps(extensions), json.dumps(config["mdx_configs"] or {},
                   sort_keys=True, default=repr), str(config["use_directory_urls"]), repr(config.get("validation")))


def files_digest(files) -> str:
    """The site's files and their addresses: where every link of a page points (and whether
    it resolves) depends on them, so adding or removing a page invalidates every entry."""
    return _digest(*sorted(f"{f.src_uri}\t{f.url}" for f in files))


def _toc_to_json(items) -> list:
    return [{"title": a.title, "id": a.id, "level": a.level, "children": _toc_to_json(a.children)} for a in items]


def _toc_from_json(items) -> list:
    from mkdocs.structure.toc import AnchorLink

    out = []
    for item in items:
        link = AnchorLink(item["title"], item["id"], item["level"])
        link.children = _toc_from_json(item["children"])
        out.append(link)
    return out


DATABASE = "pages.sqlite"


class PageCache:
    """The conversions of one language build: look up before converting, remember after,
    keep after a build without warnings (``commit``).

    The entries of a language live in one SQLite database (``pages.sqlite``) rather than one
    file per page: creating thousands of files is a large part of a cold build's system time
    here (about 0.4 ms of CPU each, right after a checkout's files were deleted), and a warm
    build reads its entries without opening a file per page. This build's new entries are
    written in one transaction that ``commit`` ends and ``discard`` rolls back, so a build
    that warned leaves the cache as it was; WAL journaling lets a preview read while
    ``kb site`` writes. Any database error disables the cache for the rest of the build (it
    only saves time); a file that is not a database is replaced.
    """

    def __init__(self, folder: Path, settings: str, files_key: str):
        self.folder, self.settings, self.files_key = folder, settings, files_key
        self.used: set[str] = set()
        self._db: sqlite3.Connection | None = None
        self._failed = False
        self._writing = False

    def key(self, page, markdown: str) -> str:
        """The entry name of ``page`` converted from ``markdown``."""
        return _digest(self.settings, self.files_key, page.file.src_uri, page.file.url, markdown)

    def _database(self) -> sqlite3.Connection | None:
        if self._db is None and not self._failed:
            try:
                self._db = _connect(self.folder / DATABASE)
            except (OSError, sqlite3.Error):
                self._failed = True
        return self._db

    def _give_up(self) -> None:
        self._failed = True
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
            self._db = None
        self._writing = False

    def load(self, key: str) -> dict | None:
        """The entry ``key``, or None when it is missing or not of the expected shape."""
        self.used.add(key)
        db = self._database()
        if db is None:
            return None
        try:
            row = db.execute("SELECT entry FROM entries WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error:
            self._give_up()
            return None
        try:
            entry = json.loads(row[0]) if row and isinstance(row[0], str) else None
        except ValueError:
            return None
        if not (isinstance(entry, dict) and entry.get("format") == FORMAT and isinstance(entry.get("html"), str)
                and isinstance(entry.get("toc"), list) and isinstance(entry.get("anchors"), list)
                and isinstance(entry.get("links"), dict)):
            return None
        return entry

    @staticmethod
    def restore(page, entry: dict, files) -> str:
        """Set on ``page`` what MkDocs' own conversion sets; returns the HTML."""
        from mkdocs.structure.toc import TableOfContents

        page.toc = TableOfContents(_toc_from_json(entry["toc"]))
        page._title_from_render = entry.get("title")
        page.present_anchor_ids = set(entry["anchors"])
        links = {}
        for src_uri, anchors in entry["links"].items():
            target = files.get_file_from_path(src_uri)
            if target is not None:
                links[target] = dict(anchors)
        page.links_to_anchors = links or None
        return entry["html"]

    def remember(self, key: str, page, html: str) -> None:
        """Add the conversion of ``page`` to this build's transaction (written to the database
        at once: holding every page's HTML until the end would undo what the hook frees)."""
        self.used.add(key)
        db = self._database()
        if db is None:
            return
        entry = {
            "format": FORMAT, "html": html, "toc": _toc_to_json(page.toc or []),
            "title": page._title_from_render, "anchors": sorted(page.present_anchor_ids or ()),
            "links": {f.src_uri: anchors for f, anchors in (page.links_to_anchors or {}).items()},
        }
        try:
            if not self._writing:
                db.execute("BEGIN IMMEDIATE")
                self._writing = True
            db.execute("INSERT OR REPLACE INTO entries (key, entry) VALUES (?, ?)",
                       (key, json.dumps(entry, ensure_ascii=False, separators=(",", ":"))))
        except sqlite3.Error:
            self._give_up()

    def commit(self, full: bool) -> None:
        """Keep this build's entries; after a ``full`` build also delete the entries it did
        not use. A cache that cannot be written is left as it was (it only saves time)."""
        db = self._database()
        if db is None:
            return
        try:
            if full:
                if not self._writing:
                    db.execute("BEGIN IMMEDIATE")
                    self._writing = True
                stale = [(key,) for (key,) in db.execute("SELECT key FROM entries") if key not in self.used]
                db.executemany("DELETE FROM entries WHERE key = ?", stale)
            if self._writing:
                db.execute("COMMIT")
                self._writing = False
        except sqlite3.Error:
            self._give_up()
            return
        if full:
            _remove_other_files(self.folder)
        self.close()

    def discard(self) -> None:
        """Forget this build's new entries (a build that warned)."""
        if self._db is not None and self._writing:
            with contextlib.suppress(sqlite3.Error):
                self._db.execute("ROLLBACK")
            self._writing = False
        self.close()

    def close(self) -> None:
        """Close the database (the next build opens it again)."""
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
            self._db = None


def _connect(path: Path) -> sqlite3.Connection:
    """The cache database at ``path``, created if missing; a file there that is not a cache
    database (damaged, or planted) is replaced by a new one. A database that another build
    holds locked raises (``sqlite3.OperationalError``): the caller goes without the cache."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        return _open(path)
    except sqlite3.OperationalError:
        raise
    except sqlite3.DatabaseError:  # "file is not a database", "disk image is malformed"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return _open(path)


def _open(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=2, isolation_level=None)  # transactions are explicit
    try:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, entry TEXT NOT NULL)")
        db.execute("SELECT key, entry FROM entries LIMIT 1").fetchall()
    except sqlite3.Error:
        db.close()
        raise
    return db


def stored_keys(folder: Path) -> set[str]:
    """The keys of the entries stored in the cache folder of one language (for tests and
    the benchmark; empty when there is none or it cannot be read)."""
    if not (folder / DATABASE).is_file():
        return set()
    try:
        db = sqlite3.connect(f"file:{folder / DATABASE}?mode=ro", uri=True)
        try:
            return {key for (key,) in db.execute("SELECT key FROM entries")}
        finally:
            db.close()
    except sqlite3.Error:
        return set()


def _remove_other_files(folder: Path) -> None:
    """Remove what earlier formats left in ``folder`` (one JSON file per page, staging folders)."""
    with contextlib.suppress(OSError):
        for path in folder.iterdir():
            if path.name.startswith(DATABASE):
                continue
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)


class WarningCounter(logging.Handler):
    """Counts the warnings MkDocs and its plugins log (a build that warned is not cached)."""

    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1
