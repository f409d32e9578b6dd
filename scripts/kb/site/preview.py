"""State of a live preview (``kb serve``, ``make serve``) that lasts from one rebuild to the next.

A preview rebuilds after every saved edit; what makes it take seconds rather than the time of
a whole build:

* **records**: one ``RecordMemo`` for the life of the server, so only the edited file is parsed
  and checked again (kb.repository);
* **generation**: one ``GenerationMemo``, so only the criterion pages an edit affects are
  rendered again and only changed pages are analysed again for the search index (kb.render.memo);
* **pages**: MkDocs' dirty rebuild (``mkdocs serve --dirty``), which renders only the pages whose
  Markdown file is newer than their HTML. The generator rewrites a page only when its bytes
  change, so the pages an edit affects (the record's page, the lists that show its title…) are
  exactly the ones rendered again, and the page cache (kb.site.page_cache) still skips the
  Markdown conversion of pages whose text did not change;
* **code**: the server runs the generator it started with; when ``scripts/kb`` changes, every
  rebuild stops with a message asking to restart the preview (``code_changed``);
* **what a dirty rebuild would get wrong** is handled here: when the site's list of files or the
  inputs of every page (mkdocs.yml, overrides/, the theme's assets) change, every page is rendered
  again (navigation and links then change everywhere), and the pages of removed files are
  deleted from the preview; MkDocs' warning that a dirty build is running is not counted, so
  ``--strict`` still stops the preview on every real warning.

Nothing here runs during ``kb site`` or ``mkdocs build``: published sites are always built whole.
"""

from __future__ import annotations

import logging
from pathlib import Path

from ..render.memo import GenerationMemo
from ..repository import RecordMemo
from .digest import files_digest

DIRTY_WARNING = "A 'dirty' build is being performed"
# Inputs of every page: a change here renders every page again.
SHARED_INPUTS = ("mkdocs.yml", "overrides", "docs/assets")
CODE = "scripts/kb"

_memo = RecordMemo()
_generation = GenerationMemo()
_previous: dict[str, tuple[str, dict[str, str]]] = {}  # language -> (shared digest, src_uri -> output path)
_dirty = False
_code: str | None = None  # digest of CODE at the first build


def memo() -> RecordMemo:
    """The record memo of this server process."""
    return _memo


def generation_memo() -> GenerationMemo:
    """The generation memo of this server process (criterion pages, search entries)."""
    return _generation


class _DropDirtyWarning(logging.Filter):
    """Keeps MkDocs' notice about dirty builds from counting as a warning under --strict."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(DIRTY_WARNING)


_FILTER = _DropDirtyWarning()


def start(dirty: bool) -> None:
    """Called once per server (the hook's on_startup): remember whether rebuilds are dirty."""
    global _dirty
    _dirty = bool(dirty)
    logger = logging.getLogger("mkdocs.commands.build")
    if _dirty and _FILTER not in logger.filters:
        logger.addFilter(_FILTER)


def is_dirty() -> bool:
    """True when this process serves a preview with dirty rebuilds."""
    return _dirty


def shared_digest(root: Path, names=SHARED_INPUTS) -> str:
    """Digest of the files at ``names`` (default: the inputs every page depends on), by
    content (kb.site.digest; compiled modules in __pycache__ are not counted)."""
    return files_digest(root, names)


def code_changed(root: Path) -> bool:
    """True when the generator's code (``CODE``) changed since this server's first build: the
    server still runs the code it started with, so its pages would not show the change."""
    global _code
    digest = shared_digest(root, (CODE,))
    if _code is None:
        _code = digest
    return digest != _code


def plan_rebuild(files, root: Path, language: str) -> int:
    """Before a dirty rebuild of ``language``: make every page count as modified when the file
    list or a shared input changed, and delete the output of files that are gone. Returns the
    number of pages forced (0 when the dirty rebuild can render only what changed)."""
    if not _dirty:
        return 0
    current = {f.src_uri: f.abs_dest_path for f in files}
    shared = shared_digest(root)
    before = _previous.get(language)
    _previous[language] = (shared, current)
    if before is None:
        return 0  # the first build of the server renders everything anyway (empty site folder)
    old_shared, old_files = before
    for src_uri in old_files.keys() - current.keys():
        Path(old_files[src_uri]).unlink(missing_ok=True)
    if old_shared == shared and old_files.keys() == current.keys():
        return 0
    forced = 0
    for file in files:
        if file.is_documentation_page():
            file.is_modified = _always  # an instance attribute shadows File.is_modified
            forced += 1
    return forced


def _always() -> bool:
    return True
