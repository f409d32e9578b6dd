"""The preview watches with the system's change events (kb.site.watcher), not MkDocs' polling."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from mkdocs.livereload import LiveReloadServer
from watchdog.observers.polling import PollingObserver

from kb.site import watcher

WAIT_S = 5.0  # a native event arrives in milliseconds; polling would need half a second or more
SETTLE_S = 0.5


def make_server(root: Path) -> LiveReloadServer:
    """MkDocs' preview server, not bound to a port and not started (as on_serve receives it)."""
    return LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(root))


def asks_for_rebuild(server: LiveReloadServer, change) -> bool:
    """True when ``change()`` makes the running server ask for a rebuild within WAIT_S."""
    time.sleep(SETTLE_S)  # a saved file gives several events: let the previous change's last ones pass
    with server._rebuild_cond:
        server._want_rebuild = False
    change()
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        if server._want_rebuild:
            return True
        time.sleep(0.01)
    return False


@pytest.fixture
def watched(tmp_path, monkeypatch):
    """A server watching a folder (once) and a file (twice, as MkDocs counts repeated watches)."""
    monkeypatch.delenv("KB_SERVE_POLL", raising=False)
    (tmp_path / "criteria").mkdir()
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: test\n")
    server = make_server(tmp_path / "site")
    server.watch(str(tmp_path / "criteria"))
    server.watch(str(config))
    server.watch(str(config))
    yield server, tmp_path
    if server.observer.is_alive():
        server.observer.stop()
        server.observer.join()


def test_the_watched_paths_move_to_the_native_observer_and_keep_their_counts(watched):
    server, root = watched
    before = dict(server._watched_paths)
    assert watcher.use_native_events(server)
    assert type(server.observer) is not PollingObserver
    assert server._watched_paths == before
    server.unwatch(str(root / "mkdocs.yml"))  # MkDocs' own unwatch still works on the moved paths
    assert server._watched_paths[str(root / "mkdocs.yml")] == 1


def test_a_saved_record_and_a_saved_config_ask_for_a_rebuild(watched):
    server, root = watched
    assert watcher.use_native_events(server)
    server.observer.start()
    record = root / "criteria" / "circ-new.yaml"
    assert asks_for_rebuild(server, lambda: record.write_text("id: circ-new\n"))
    assert asks_for_rebuild(server, lambda: record.write_text("id: circ-new\ntitle: x\n"))
    assert asks_for_rebuild(server, lambda: (root / "mkdocs.yml").write_text("site_name: other\n"))
    assert not asks_for_rebuild(server, lambda: (root / "elsewhere.txt").write_text("not watched\n"))


def test_changes_ask_for_a_rebuild_and_reads_do_not(watched):
    # The native observer also reports opening and closing a file that was only read; MkDocs
    # rebuilds on any event, so a build reading a watched page or template would start another.
    server, root = watched
    assert watcher.use_native_events(server)
    server.observer.start()
    record = root / "criteria" / "circ-a.yaml"
    record.write_text("id: circ-a\n")
    assert not asks_for_rebuild(server, record.read_text)
    assert asks_for_rebuild(server, lambda: os.utime(record))  # touch, as polling sees it

    def move_in():  # an editor's or a contributor's file moved in from elsewhere
        (root / "outside.tmp").write_text("id: circ-b\n")
        os.replace(root / "outside.tmp", root / "criteria" / "circ-b.yaml")

    assert asks_for_rebuild(server, move_in)
    assert asks_for_rebuild(server, lambda: (root / "criteria" / "circ-b.yaml").unlink())


def test_kb_serve_poll_keeps_the_polling(watched, monkeypatch):
    server, _root = watched
    monkeypatch.setenv("KB_SERVE_POLL", "1")
    assert not watcher.use_native_events(server)
    assert type(server.observer) is PollingObserver


def test_an_unknown_or_started_server_is_left_alone(watched):
    server, _root = watched
    server.observer.start()
    observer = server.observer
    assert not watcher.use_native_events(server)  # too late: the server already watches
    assert server.observer is observer

    class OtherServer:  # another MkDocs: no watched-path table
        observer = PollingObserver()

        def watch(self, path):
            raise AssertionError("must not be called")

    assert not watcher.use_native_events(OtherServer())


def test_the_server_goes_back_to_polling_when_the_system_refuses_the_events(watched, monkeypatch):
    server, root = watched
    assert watcher.use_native_events(server)

    def refuse(self):
        raise OSError(24, "inotify instance limit reached")

    emitter_class = getattr(server.observer, "_emitter_class", None)  # watchdog's emitter of this system
    assert emitter_class is not None
    monkeypatch.setattr(emitter_class, "on_thread_start", refuse)
    server.observer.start()  # what server.serve() does
    assert type(server.observer) is PollingObserver
    assert server.observer.is_alive()
    assert server._watched_paths == {str(root / "criteria"): 1, str(root / "mkdocs.yml"): 2}
    record = root / "criteria" / "circ-new.yaml"
    assert asks_for_rebuild(server, lambda: record.write_text("id: circ-new\n"))
