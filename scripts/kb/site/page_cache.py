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
folder per repository path and language, so a pull request cannot plant an entry; the
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
import tempfile
from importlib import metadata
from pathlib import Path

FORMAT = 1
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


class PageCache:
    """The conversions of one language build: look up before converting, remember after,
    write after a build without warnings (``commit``)."""

    def __init__(self, folder: Path, settings: str, files_key: str):
        self.folder, self.settings, self.files_key = folder, settings, files_key
        self.staging: Path | None = None  # this build's new entries, moved in by ``commit``
        self.used: set[str] = set()

    def key(self, page, markdown: str) -> str:
        """The entry name of ``page`` converted from ``markdown``."""
        return _digest(self.settings, self.files_key, page.file.src_uri, page.file.url, markdown)

    def load(self, key: str) -> dict | None:
        """The entry ``key``, or None when it is missing or not of the expected shape."""
        self.used.add(key)
        try:
            entry = json.loads((self.folder / f"{key}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
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
        """Keep the conversion of ``page`` in this build's staging folder (on disk at once:
        holding every page's HTML until the end would undo what the hook frees)."""
        self.used.add(key)
        entry = {
            "format": FORMAT, "html": html, "toc": _toc_to_json(page.toc or []),
            "title": page._title_from_render, "anchors": sorted(page.present_anchor_ids or ()),
            "links": {f.src_uri: anchors for f, anchors in (page.links_to_anchors or {}).items()},
        }
        with contextlib.suppress(OSError):
            if self.staging is None:
                self.folder.mkdir(parents=True, exist_ok=True)
                self.staging = Path(tempfile.mkdtemp(dir=self.folder, prefix=".pending-"))
            (self.staging / f"{key}.json").write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")),
                                                      encoding="utf-8")

    def commit(self, full: bool) -> None:
        """Move this build's entries in; after a ``full`` build also delete the entries it did
        not use. A cache that cannot be written is left as it is (it only saves time)."""
        with contextlib.suppress(OSError):
            if self.staging is not None:
                for path in self.staging.iterdir():
                    os.replace(path, self.folder / path.name)
            if full:
                for path in self.folder.iterdir():
                    if path.is_file() and path.stem not in self.used:
                        path.unlink(missing_ok=True)
        self.discard()

    def discard(self) -> None:
        """Forget this build's new entries (a build that warned)."""
        if self.staging is not None:
            shutil.rmtree(self.staging, ignore_errors=True)
            self.staging = None


class WarningCounter(logging.Handler):
    """Counts the warnings MkDocs and its plugins log (a build that warned is not cached)."""

    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1
