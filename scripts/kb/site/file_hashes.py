"""Content hashes of input files, remembered across runs by what the file system says of them.

The input digests (kb.site.digest) are made of the bytes of every input file. At 5,000
criteria that is about 24,000 files and most of a ``kb site`` that finds nothing changed.
This cache remembers, per file, its SHA-256 with its identity: device, inode, size, and
modification and change times in nanoseconds. A file whose identity is unchanged is not
read again; any other file is read and hashed as before.

Why an unchanged identity means unchanged bytes: every write to a file sets its change
time (ctime), which no program can set back (``touch`` and ``cp -p`` can set the
modification time, not the change time); a checkout, a copy or a rename-over gives a new
inode or ctime. One gap remains: a write in the same clock tick as our read keeps the
times we saw (file-system clocks tick every few milliseconds). So, as git does for its
"racily clean" entries, a file changed less than ``RACY_S`` seconds before it was hashed
is hashed for this run but not remembered.

Trust: the cache lives outside the repository (``$XDG_CACHE_HOME`` or ``~/.cache``), one
file per repository path, so a pull request cannot plant an entry; a cache that cannot be
read or does not have the expected shape counts as empty. Files are opened without
following links and without blocking (a FIFO is not a regular file and is never read).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import tempfile
import time
from pathlib import Path

from .page_cache import user_cache

FORMAT = 1
RACY_S = 2.0
NOT_REGULAR = "<not a regular file>"


def cache_file(root: Path) -> Path:
    """Where the hashes of the repository at ``root`` are remembered."""
    return user_cache(root, "hashes").with_suffix(".json")


def _identity(st: os.stat_result) -> list[int]:
    return [st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns]


def _well_formed(entry) -> bool:
    return (isinstance(entry, list) and len(entry) == 6 and all(type(v) is int for v in entry[:5])
            and isinstance(entry[5], str) and len(entry[5]) == 64)


class FileHashes:
    """The content hashes of the files of one repository, as remembered and as seen now."""

    def __init__(self, root: Path):
        self.root = root
        self.path = cache_file(root)
        self.known: dict[str, list] = {}
        self.seen: dict[str, list] = {}
        self.changed = False
        with contextlib.suppress(OSError, ValueError):
            data = json.loads(self.path.read_bytes())
            if isinstance(data, dict) and data.get("format") == FORMAT and isinstance(data.get("files"), dict):
                self.known = {name: entry for name, entry in data["files"].items() if _well_formed(entry)}

    def hash_of(self, relative: str) -> str:
        """SHA-256 (hex) of the file's bytes, ``NOT_REGULAR`` for anything but a regular file
        (links included); raises OSError when the file cannot be read."""
        path = os.path.join(self.root, relative)
        st = os.lstat(path)
        if not stat.S_ISREG(st.st_mode):
            return NOT_REGULAR
        entry = self.known.get(relative)
        if entry is not None and entry[:5] == _identity(st):
            self.seen[relative] = entry
            return entry[5]
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
        with os.fdopen(descriptor, "rb") as handle:
            st = os.fstat(handle.fileno())  # the file actually opened, should it have been swapped
            if not stat.S_ISREG(st.st_mode):
                return NOT_REGULAR
            hexdigest = hashlib.file_digest(handle, "sha256").hexdigest()
        if time.time_ns() - max(st.st_mtime_ns, st.st_ctime_ns) > RACY_S * 1e9:
            entry = [*_identity(st), hexdigest]
            self.known[relative] = self.seen[relative] = entry
            self.changed = True
        return hexdigest

    def save(self, complete: bool = False) -> None:
        """Write the hashes down, atomically (a cache that cannot be written is simply not
        kept). ``complete``: this process has now seen every input (the site digest), so
        the files it did not see (deleted or renamed ones) are forgotten."""
        entries = self.seen if complete else self.known
        if not self.changed and not (complete and len(self.seen) != len(self.known)):
            return
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            descriptor, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".hashes-")
            try:
                with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                    json.dump({"format": FORMAT, "files": entries}, handle, separators=(",", ":"))
                os.replace(temporary, self.path)
            finally:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(temporary)
        self.known = dict(entries)
        self.changed = False


_OPEN: dict[str, FileHashes] = {}


def for_root(root: Path) -> FileHashes:
    """The one ``FileHashes`` of this process for the repository at ``root``."""
    key = os.path.abspath(root)
    if key not in _OPEN:
        _OPEN[key] = FileHashes(Path(key))
    return _OPEN[key]
