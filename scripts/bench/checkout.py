"""Fresh checkouts for the timed builds, and deletions put off until nothing is timed.

A user's first ``kb site`` runs in a fresh clone: a new folder, on a disk that has not just
deleted thousands of files. The benchmark used to make that state by deleting the previous
run's generated pages, site and caches in place, right before the timed run. On this
machine's disk (ext4 mounted with online ``discard``) creating a file where thousands were
just deleted costs up to ten times more, and it wears off over a minute or more (measured
with ``kb.fsguard.write_regular``: 0.07-0.1 ms per file in a quiet folder, 0.6-0.8 ms in a
folder whose files had just been deleted; a cold ``kb site`` at 166 criteria took 9.5 s
CPU on a new synthetic base and 11.4 s after such a deletion). ``kb site`` writes every
generated page and the site, a bare ``mkdocs build`` only the site, so the deletion made
``kb site`` look slower than a user sees it.

So every timed run that must start fresh gets a new copy of the sources (``fresh_clone``),
and every folder the benchmark no longer needs is renamed into a trash folder (``Trash``)
and deleted only after the last timed run. Renaming frees nothing on disk; the deletion
happens once, at the end.
"""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

from kb.render.generate import GENERATED
from kb.site import file_hashes, page_cache

# What a fresh clone does not hold: files that the build or the benchmark writes.
_NOT_IN_A_CLONE = {
    ".": {".kb.lock", "site", "mkdocs.bare.yml"},
    "docs": {*GENERATED, ".generated"},
}


def _ignore(root: Path):
    def ignore(folder: str, names: list[str]) -> set[str]:
        relative = Path(folder).relative_to(root).as_posix()
        skipped = set(_NOT_IN_A_CLONE.get(relative, ()))
        if relative == "docs/about":  # the generated field reference, next to hand-written pages
            skipped.update(name for name in names if name.startswith("field-reference."))
        return skipped & set(names)
    return ignore


def fresh_clone(root: Path, clone: Path) -> Path:
    """Copy the sources of the repository at ``root`` to the new folder ``clone`` (no generated
    pages, no site, no lock): what ``git clone`` would give. Its page cache and remembered
    hashes, kept outside it and keyed by its path, are removed too (an interrupted earlier run
    may have left some for the same path); ``forget_caches`` removes them after use."""
    shutil.copytree(root, clone, symlinks=True, ignore=_ignore(root))
    forget_caches(clone)
    return clone


def forget_caches(root: Path) -> None:
    """Remove the page cache and the remembered file hashes of the repository at ``root``
    (kept in the user's cache folder, outside the repository)."""
    shutil.rmtree(page_cache.cache_home(root), ignore_errors=True)
    file_hashes.cache_file(root).unlink(missing_ok=True)


class Trash:
    """Folders set aside by renaming (instant, frees nothing), deleted together by ``empty``."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._numbers = itertools.count()

    def discard(self, path: Path) -> None:
        """Move ``path`` (a file or folder, if it exists) into the trash."""
        if path.exists() or path.is_symlink():
            self.folder.mkdir(parents=True, exist_ok=True)
            place = self.folder / str(next(self._numbers))
            while place.exists() or place.is_symlink():  # left by an earlier run (--keep)
                place = self.folder / str(next(self._numbers))
            path.rename(place)

    def empty(self) -> None:
        """Delete everything set aside (call it when no timed run follows soon)."""
        shutil.rmtree(self.folder, ignore_errors=True)
