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
``KB_SERVE_POLL`` is set, it leaves the polling in place. When the system refuses the events as
the server starts (Linux limits the inotify instances of a user, 128 by default, and editors use
many), the server goes back to polling and says so. Some file systems give no change events
at all (network shares, some container or virtual-machine mounts): there,
``KB_SERVE_POLL=1 make serve`` keeps the polling.
"""

from __future__ import annotations

import contextlib
import logging
import os

log = logging.getLogger("mkdocs.hooks.kb")
POLL_S = 0.5  # MkDocs' own polling interval


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
    _move_watches(server, _native_observer(Observer, server))
    return True


def _move_watches(server, observer) -> None:
    """Unwatch every watched path of ``server`` and watch it again with ``observer``, with
    MkDocs' own unwatch/watch (each path keeps its count and MkDocs' handler)."""
    counts = dict(server._watched_paths)
    for path, count in counts.items():
        for _ in range(count):
            # A watch whose emitter failed to start is already gone from the observer.
            with contextlib.suppress(KeyError):
                server.unwatch(path)
    server.observer = observer
    for path, count in counts.items():
        for _ in range(count):
            server.watch(path)


def changes() -> list[type]:
    """The events that mean a file or folder changed. watchdog's native observers also report
    opening and closing a file without writing it, and MkDocs asks for a rebuild on any event:
    every build that reads a watched file (a page, a template, an asset) would start another
    one. Polling never sees those, so with this list the native observer asks for a rebuild
    exactly when the polling one would, only sooner."""
    from watchdog import events

    # FileAttribEvent: a new time or mode (touch, chmod), which polling sees as a modification.
    return [events.FileCreatedEvent, events.FileModifiedEvent, events.FileDeletedEvent, events.FileMovedEvent,
            events.FileClosedEvent, events.FileAttribEvent, events.DirCreatedEvent, events.DirModifiedEvent,
            events.DirDeletedEvent, events.DirMovedEvent]


def _native_observer(native: type, server):
    """An instance of watchdog's native observer class ``native`` that reports only ``changes()``
    and, when the system refuses its events as it starts, hands ``server`` a started polling
    observer instead."""

    class NativeOrPolling(native):
        def schedule(self, event_handler, path, *, recursive=False, event_filter=None, follow_symlink=False):
            return super().schedule(event_handler, path, recursive=recursive, follow_symlink=follow_symlink,
                                    event_filter=changes() if event_filter is None else event_filter)

        def start(self) -> None:
            try:
                super().start()
            except OSError as exc:
                from watchdog.observers.polling import PollingObserver

                log.info("kb: the system's change events are not available (%s): polling instead", exc)
                self.stop()
                _move_watches(server, PollingObserver(timeout=POLL_S))
                server.observer.start()

    return NativeOrPolling()
