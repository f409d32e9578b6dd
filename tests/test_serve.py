"""`make serve` starts on a clean clone, serves both languages and shows every saved edit.

The test runs `make serve` itself, on a free port (PORT), in a copy of the sources without
generated pages (like a fresh clone), waits until the French home page answers, fetches it and
a Dutch criterion page. Then it edits a criterion's title and waits for the criterion's page to
show it; breaks the record (the preview must report the error and keep running) and mends it
with another title, which must show too. Finally it stops the whole process group (make,
mkdocs and whatever they started) and checks that nothing is left. Bounded in time: a build
that does not come up within READY_TIMEOUT seconds, or an edit that does not show within
EDIT_TIMEOUT seconds, fails the test with the server's output.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request

import pytest
from record_edits import set_path
from sitebuild import copy_sources

from kb.kinds import ROOT

pytestmark = pytest.mark.site

READY_TIMEOUT = 240  # seconds; the first build takes about 15 s on an idle 2-core machine
EDIT_TIMEOUT = 90  # seconds; an edit shows in about 2 s on an idle 2-core machine
PREFIX = "/ict-criteria/"  # the path of site_url in mkdocs.yml


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, ""


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def stop(process: subprocess.Popen) -> None:
    """Stop the process group of ``process`` (SIGTERM, then SIGKILL) and reap it."""
    pgid = process.pid  # start_new_session: the group id is the leader's pid
    for sig, grace in ((signal.SIGTERM, 15), (signal.SIGKILL, 10)):
        if not group_alive(pgid):
            break
        try:
            os.killpg(pgid, sig)
        except ProcessLookupError:
            break
        deadline = time.monotonic() + grace
        while group_alive(pgid) and time.monotonic() < deadline:
            try:
                process.wait(timeout=0.2)
            except subprocess.TimeoutExpired:
                pass
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        pass


def wait_for_text(url: str, text: str, process: subprocess.Popen, timeout: float = EDIT_TIMEOUT) -> bool:
    """True once ``url`` holds ``text``; False after ``timeout`` or when the server died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        try:
            status, page = fetch(url)
        except OSError:
            status, page = None, ""
        if status == 200 and text in page:
            return True
        time.sleep(0.3)
    return False


def wait_for_log(log, text: str, timeout: float = EDIT_TIMEOUT) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if text in log.read_text(encoding="utf-8", errors="replace"):
            return True
        time.sleep(0.3)
    return False


def test_make_serve_on_a_clean_copy(tmp_path):
    make = shutil.which("make")
    if not make:
        pytest.fail("make is missing (Debian package make)", pytrace=False)
    repo = copy_sources(tmp_path / "repo")  # sources only: no generated pages, no site/
    shutil.copy(ROOT / "Makefile", repo / "Makefile")
    (repo / ".venv").symlink_to(ROOT / ".venv", target_is_directory=True)
    env = dict(os.environ)
    # kb is installed in the virtual environment in editable mode from ROOT: run the copy's code
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(repo / "scripts"), env.get("PYTHONPATH")]))
    port = free_port()
    base = f"http://127.0.0.1:{port}{PREFIX}"
    log = tmp_path / "serve.log"
    record = next(iter(sorted((repo / "criteria").rglob("*.yaml"))))
    criterion = record.stem
    with open(log, "wb") as out:
        # -o: never (re)install the virtual environment from the test
        process = subprocess.Popen([make, "-o", ".venv/.installed", "serve", f"PORT={port}"], cwd=repo, env=env,
                                   stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                   start_new_session=True)
    try:
        deadline = time.monotonic() + READY_TIMEOUT
        status = None
        while time.monotonic() < deadline:
            if process.poll() is not None:
                break
            try:
                status, home = fetch(base)
            except OSError:  # not listening yet
                status = None
            if status == 200:
                break
            time.sleep(1)
        output = log.read_text(encoding="utf-8", errors="replace")
        assert status == 200, (f"make serve did not serve {base} within {READY_TIMEOUT} s "
                               f"(exit code {process.poll()}):\n{output[-3000:]}")
        assert re.search(r'<html lang="fr"', home), "the French home page is not in French"
        status, page = fetch(f"{base}nl/criteria/{criterion}/")
        assert status == 200, f"Dutch criterion page {criterion}: HTTP {status}"
        assert re.search(r'<html lang="nl"', page), "the Dutch criterion page is not in Dutch"
        # the preview's policy lets MkDocs' live-reload script run (overrides/partials/csp.html)
        assert "script-src 'self' 'unsafe-inline';" in page

        page_url = f"{base}criteria/{criterion}/"
        original = record.read_text(encoding="utf-8")
        record.write_text(set_path(original, "title.fr", '"Titre du test de prévisualisation"'), encoding="utf-8")
        assert wait_for_text(page_url, "Titre du test de prévisualisation", process), (
            f"the edited title did not show within {EDIT_TIMEOUT} s:\n{log.read_text(errors='replace')[-3000:]}")
        record.write_text(set_path(original, "title.fr", "[broken"), encoding="utf-8")
        assert wait_for_log(log, "the YAML records have errors"), "the broken record was not reported"
        assert process.poll() is None, "the preview stopped on a broken record"
        record.write_text(set_path(original, "title.fr", '"Titre réparé"'), encoding="utf-8")
        assert wait_for_text(page_url, "Titre réparé", process), (
            f"the mended record did not show within {EDIT_TIMEOUT} s:\n{log.read_text(errors='replace')[-3000:]}")
        output = log.read_text(encoding="utf-8", errors="replace")
        assert "watching with the system's change events" in output  # kb.site.watcher, not polling
        warnings = [line for line in output.splitlines() if line.startswith("WARNING")]
        assert not warnings, "\n".join(warnings)
    finally:
        stop(process)
    assert not group_alive(process.pid), "make serve left processes behind"
    with pytest.raises(OSError):  # nothing listens on the port any more
        fetch(base)
