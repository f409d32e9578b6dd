"""The preview's file watcher: the system's change events instead of MkDocs' polling.

``mkdocs serve`` watches files with watchdog's polling observer: twice a second, one thread per
watched folder lists the folder and reads the status of every file in it (at 1,000 criteria,
about 1,500 files). Those threads run in the preview's process and hold the interpreter while
they walk, so they slow down every rebuild they overlap, and an edit waits up to half a second
before anyone notices it. Measured at 1,000 criteria (py-spy, three edits): the walking took
about a tenth of one core while the preview was otherwise idle.

``use_native_events`` gives the server watchdog's native observer instead (inotify on Linux,
FSEvents on macOS, the best the system has elsewhere) and moves every path already watched over
to it, keeping MkDocs' own handler (a change asks for a rebuild). It must run before the server
starts (``on_serve``); on a server whose shape it does not recognise (another MkDocs), or when
``KB_SERVE_POLL`` is set, it leaves the polling in place. Some file systems give no change
events (network shares, some container or virtual-machine mounts): there,
``KB_SERVE_POLL=1 make serve`` keeps the polling.
"""

from __future__ import annotations

import os


def polling_wanted() -> bool:
    """True when ``KB_SERVE_POLL`` asks to keep MkDocs' polling (any value but empty/0/no/off)."""
    return os.environ.get("KB_SERVE_POLL", "").strip().lower() not in {"", "0", "no", "off", "false"}


def use_native_events(server) -> bool:
    """Replace the polling observer of ``server`` (MkDocs' LiveReloadServer, not started yet)
    by watchdog's native one, watching the same paths; True when it did."""
    from watchdog.observers import Observer
    from watchdog.observers.polling import PollingObserver

    watched = getattr(server, "_watched_paths", None)
    observer = getattr(server, "observer", None)
    if polling_wanted() or not isinstance(watched, dict) or type(observer) is not PollingObserver \
            or observer.is_alive() or Observer is PollingObserver:
        return False
    counts = dict(watched)
    for path, count in counts.items():  # MkDocs' own unwatch/watch: each path keeps its count
        for _ in range(count):
            server.unwatch(path)
    server.observer = Observer()
    for path, count in counts.items():
        for _ in range(count):
            server.watch(path)
    return True
