"""One build at a time per repository: an advisory lock on ``.kb.lock``.

``kb generate``, ``kb site`` and the ``mkdocs serve`` hook all write under
``docs/`` (and ``kb site`` swaps ``site/``). Two of them at once used to trip
over each other's temporary files. Each takes this lock first; a second run
says that another build is running and waits for it. The lock is released by
the kernel when the process ends, even when it is killed, so a crash never
leaves the repository locked.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import sys
import time
from pathlib import Path

LOCK_NAME = ".kb.lock"


class LockError(Exception):
    """The lock file cannot be created or is not a regular file."""


@contextlib.contextmanager
def build_lock(root: Path, wait_seconds: float = 600.0, say=print):
    """Hold the repository's build lock for the ``with`` block.

    Waits up to ``wait_seconds`` for another build to finish (telling the user
    once), then raises ``TimeoutError``. Raises ``LockError`` when the lock file
    cannot be opened safely (read-only folder, a committed link…).
    """
    path = root / LOCK_NAME
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags, 0o644)
    except OSError as exc:
        raise LockError(f"cannot open the build lock {LOCK_NAME}: {exc.strerror}") from None
    try:
        deadline = time.monotonic() + wait_seconds
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not told:
                    say("another build is running in this repository; waiting for it to finish")
                    sys.stdout.flush()
                    told = True
                if time.monotonic() > deadline:
                    raise TimeoutError("another build is still running; try again when it has finished") from None
                time.sleep(0.2)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock
