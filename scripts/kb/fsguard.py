"""The file system is not trusted: what a pull request can put there cannot steer our writes.

A pull request can commit symbolic links, and a checkout can hold FIFOs,
devices or enormous files. Without care, ``kb site`` would delete and refill
whatever folder a committed ``site`` link points to, ``kb generate`` would
sweep "orphans" out of the target of a ``docs/glossary`` link, and a record
linked to ``/etc/…`` would be read and echoed. This module is the one place
that decides:

* ``unsafe_entries`` lists symbolic links and special files under the folders the
  build reads or writes (each becomes a located error in ``kb check``);
* ``read_regular`` opens a file without following a link, refuses anything but a
  regular file and checks the size *before* reading;
* ``write_regular`` writes through a temporary file in the same folder and never
  through a link, leaving no temporary file behind on error;
* ``real_dir`` says whether a folder (and every folder between it and the
  repository root) is a real folder, not a link.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

# Folders of the repository the build reads from or writes into (besides the data folders).
SOURCE_FOLDERS = ("schema", "docs", "overrides")


class UnsafePath(Exception):
    """A path the tools refuse to read or write, with a one-line reason and a fix."""

    def __init__(self, path: str, reason: str, hint: str = ""):
        super().__init__(f"{path}: {reason}")
        self.path, self.reason, self.hint = path, reason, hint


def describe(mode: int) -> str | None:
    """What is wrong with a file of this ``lstat`` mode (None for a regular file or a folder)."""
    if stat.S_ISLNK(mode):
        return "is a symbolic link"
    if stat.S_ISFIFO(mode):
        return "is a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device file"
    if stat.S_ISSOCK(mode):
        return "is a socket"
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    return "is not a regular file"


HINT = "commit regular files only: replace the link or special file by a copy of the file, or delete it"


def unsafe_entries(root: Path, folders) -> list[tuple[str, str]]:
    """(relative path, reason) of every link or special file under ``folders`` of ``root``.

    The folders themselves count: a committed ``criteria`` link is refused too.
    Nothing is followed, so a link to a large tree costs nothing.
    """
    found = []
    for folder in folders:
        reason = top_level_problem(root / folder)
        if reason and reason != "is a file, not a folder":
            found.append((folder, reason))
        elif reason is None:
            found.extend(_scan(root, folder)[1])
    return sorted(found)


def regular_files(root: Path, folder: str) -> list[str]:
    """Relative paths of the regular files under ``root/folder`` (links and special files skipped:
    ``unsafe_entries`` reports them), without following any link."""
    if top_level_problem(root / folder) is not None:
        return []
    return sorted(_scan(root, folder)[0])


def _scan(root: Path, folder: str) -> tuple[list[str], list[tuple[str, str]]]:
    """Regular files and (path, reason) of links and special files under a real folder.

    Plain strings and the directory entries' own types, not a Path and an ``lstat`` per file:
    a preview rebuild scans the generated folders (about 6,000 files at 1,000 criteria) and
    the per-file Path work was a twentieth of it. An entry the directory does not type
    (``DT_UNKNOWN`` on some file systems) costs one ``lstat``, as before."""
    regular, unsafe = [], []
    stack = [(root / folder, Path(folder).as_posix())]
    while stack:
        current, relative_folder = stack.pop()
        if not current.is_dir() or current.is_symlink():
            continue
        try:
            entries = list(os.scandir(current))
        except OSError:
            continue
        for entry in entries:
            relative = f"{relative_folder}/{entry.name}"
            try:
                if entry.is_file(follow_symlinks=False):  # regular file: no system call
                    regular.append(relative)
                    continue
                if entry.is_dir(follow_symlinks=False):
                    stack.append((Path(entry.path), relative))
                    continue
                mode = entry.stat(follow_symlinks=False).st_mode
            except OSError:  # removed meanwhile
                continue
            reason = describe(mode)
            if reason:
                unsafe.append((relative, reason))
            elif stat.S_ISDIR(mode):
                stack.append((Path(entry.path), relative))
            else:
                regular.append(relative)
    return regular, unsafe


def top_level_problem(path: Path) -> str | None:
    """Why ``path`` itself (not followed) may not be used as a folder; None if it is a real
    folder or absent."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return None
    reason = describe(mode)
    if reason is None and not stat.S_ISDIR(mode):
        return "is a file, not a folder"
    return reason


def real_dir(root: Path, relative: str | Path) -> bool:
    """True when ``root/relative`` and every folder between it and ``root`` are real folders
    (or do not exist yet): writing there cannot land outside the repository."""
    current = root
    for part in Path(relative).parts:
        current = current / part
        try:
            mode = os.lstat(current).st_mode
        except FileNotFoundError:
            return True
        if not stat.S_ISDIR(mode):
            return False
    return True


def read_regular(path: Path, limit: int, shown: str | None = None) -> bytes:
    """The bytes of a regular file, refusing links, FIFOs and devices and files over ``limit``.

    The file is opened without following a link and without blocking (a FIFO
    would otherwise hang), then checked with ``fstat`` before anything is read.
    Raises ``UnsafePath`` (or ``FileTooLarge``) with a readable reason.
    """
    shown = shown or str(path)
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise UnsafePath(shown, "is a symbolic link", HINT) from None
        raise UnsafePath(shown, f"cannot read file: {exc.strerror}") from None
    try:
        info = os.fstat(fd)
        reason = describe(info.st_mode)
        if reason:
            raise UnsafePath(shown, reason, HINT)
        if info.st_size > limit:
            raise FileTooLarge(shown, info.st_size, limit)
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(limit + 1)
        if len(data) > limit:  # grew while we read
            raise FileTooLarge(shown, len(data), limit)
        return data
    finally:
        os.close(fd)


class FileTooLarge(UnsafePath):
    """A file over the size limit, found before it was read."""

    def __init__(self, path: str, size: int, limit: int):
        super().__init__(path, f"file is {size:,} bytes; records are limited to {limit:,} bytes",
                         "split very long texts or move background material to a source document")
        self.size, self.limit = size, limit


def write_regular(path: Path, content: bytes) -> None:
    """Write ``content`` to ``path`` atomically, never through a link.

    A link at ``path`` is refused (``UnsafePath``), not followed; the folder must
    be a real folder. The temporary file is created exclusively next to the
    target and removed if anything fails (disk full, read-only folder…), then
    ``OSError`` propagates for the caller to report in one line.
    """
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and describe(mode):
        raise UnsafePath(str(path), describe(mode), HINT)
    if os.path.islink(path.parent):
        raise UnsafePath(str(path.parent), "is a symbolic link", HINT)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = None
    try:
        fd = os.open(tmp, flags, 0o644)
        with os.fdopen(fd, "wb") as handle:
            fd = None
            handle.write(content)
        os.replace(tmp, path)
    except BaseException:
        if fd is not None:
            os.close(fd)
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
