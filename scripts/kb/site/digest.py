"""Input digests: when nothing the site is made from has changed, do not build it again.

Two digests, both SHA-256 over the path and the SHA-256 of the bytes of every input file
(content, not mtimes: a checkout, a copy or ``touch`` must not fool them, and an edit that
keeps the size and the second must not be missed). A file's hash is remembered with its
inode, size and times (kb.site.file_hashes), so a run that finds nothing changed reads only
the files whose identity changed:

* the **generation digest** covers what the generated pages are made from and the
  pages themselves: the records, the schemas and codelists, the generator
  (scripts/kb), every file under docs/ (hand-written pages feed the search index;
  generated pages are included so that a page edited or deleted by hand is
  regenerated) and SOURCE_DATE_EPOCH. ``kb generate`` stores it in ``docs/.generated``
  (a dotfile: MkDocs does not publish it); the MkDocs hook skips regenerating when it
  still matches.
* the **site digest** adds what MkDocs builds with: mkdocs.yml, overrides/, and the
  installed versions of Python, MkDocs, the theme, the i18n plugin and Markdown. ``kb
  site`` stores it in the built site's ``.kb-build`` marker and skips the build when it
  still matches.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

from .. import kinds
from . import file_hashes

STAMP = ".generated"  # under docs/
# Folders whose files feed the generator besides docs/ (the record folders come from kinds.KINDS).
SOURCE_FOLDERS = ("schema", "scripts/kb")
SITE_FOLDERS = ("overrides",)
SITE_FILES = ("mkdocs.yml",)
PACKAGES = ("mkdocs", "mkdocs-material", "mkdocs-static-i18n", "markdown", "pymdown-extensions", "jinja2", "pygments",
            "rjsmin", "rcssmin")
_SKIPPED_DIRS = {"__pycache__"}
_SKIPPED_SUFFIXES = (".pyc", ".pyo")


def _files(root: Path, folder: str):
    """Relative paths of the regular files under ``folder`` (sorted, links not followed)."""
    base = root / folder
    if not base.is_dir() or base.is_symlink():
        return []
    found = []
    for current, dirs, names in os.walk(base):
        dirs[:] = [name for name in dirs if name not in _SKIPPED_DIRS]
        for name in names:
            if name.endswith(_SKIPPED_SUFFIXES) or (folder == "docs" and current == str(base) and name == STAMP):
                continue
            found.append(os.path.relpath(os.path.join(current, name), root))
    return sorted(found)


def _hash_files(digest, root: Path, relatives) -> None:
    hashes = file_hashes.for_root(root)
    for relative in relatives:
        digest.update(relative.encode("utf-8", "surrogateescape") + b"\0")
        try:
            digest.update(hashes.hash_of(relative).encode())
        except OSError as exc:  # unreadable: the build will say why; never match a stored digest
            digest.update(f"<unreadable {exc.errno}>".encode())
        digest.update(b"\0")


def source_digest(root: Path, epoch: str) -> str:
    """Digest of the records, schemas, codelists, generator code and SOURCE_DATE_EPOCH."""
    digest = hashlib.sha256(f"sources 2\0epoch {epoch}\0".encode())
    for folder in [kind.folder for kind in kinds.KINDS] + list(SOURCE_FOLDERS):
        _hash_files(digest, root, _files(root, folder))
    file_hashes.for_root(root).save()
    return digest.hexdigest()


def generation_digest(root: Path, epoch: str, sources: str | None = None) -> str:
    """Digest of everything the generated pages depend on, and of the pages themselves
    (``sources``: a ``source_digest`` already computed for the same state)."""
    digest = hashlib.sha256(f"generation 1\0{sources or source_digest(root, epoch)}\0".encode())
    _hash_files(digest, root, _files(root, "docs"))
    file_hashes.for_root(root).save()
    return digest.hexdigest()


def files_digest(root: Path, names) -> str:
    """Digest of the files at ``names`` (files or folders, relative to ``root``), by content:
    what ``kb serve`` compares between two rebuilds (the theme, the generator's code)."""
    digest = hashlib.sha256(b"files 1\0")
    for name in names:
        base = root / name
        _hash_files(digest, root, _files(root, name) if base.is_dir() and not base.is_symlink() else [name])
    file_hashes.for_root(root).save()
    return digest.hexdigest()


def _versions() -> str:
    from importlib import metadata

    parts = [f"python {sys.version}"]
    for name in PACKAGES:
        try:
            parts.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{name} absent")
    return "\0".join(parts)


def site_digest(root: Path, epoch: str, sources: str | None = None) -> str:
    """Digest of every input of ``kb site``: the generation inputs, the MkDocs
    configuration, the theme overrides and the installed versions that render them."""
    digest = hashlib.sha256(f"site 1\0{generation_digest(root, epoch, sources)}\0{_versions()}\0".encode())
    for folder in SITE_FOLDERS:
        _hash_files(digest, root, _files(root, folder))
    _hash_files(digest, root, SITE_FILES)
    file_hashes.for_root(root).save(complete=True)  # every input was seen: forget the others
    return digest.hexdigest()


def read_stamp(path: Path) -> str | None:
    """The digest stored in ``path`` (the line ``digest <hex>``), or None."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace") if path.is_file() and not path.is_symlink() else ""
    except OSError:
        return None
    for line in text.splitlines():
        if line.startswith("digest "):
            return line[len("digest "):].strip()
    return None


def write_generation_stamp(root: Path, epoch: str) -> None:
    """Record in docs/.generated that the generated pages match the current inputs."""
    docs = root / "docs"
    path = docs / STAMP
    if path.is_symlink() or (path.exists() and not path.is_file()):
        return  # never write through a link; the hook will then simply regenerate
    path.write_text("written by `kb generate`: the generated pages match these inputs\n"
                    f"digest {generation_digest(root, epoch)}\n", encoding="utf-8")


def pages_are_current(root: Path, epoch: str) -> bool:
    """True when docs/.generated matches the current inputs and generated pages."""
    stored = read_stamp(root / "docs" / STAMP)
    return stored is not None and stored == generation_digest(root, epoch)
