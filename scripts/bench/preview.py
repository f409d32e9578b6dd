"""Edit-to-preview time: what a contributor waits for between saving a record and seeing it.

``kb serve`` (the command behind ``make serve``) is started in its own process on a free port;
once it serves the site, one criterion's titles are edited (as ``scripts/benchmark.py`` edits
them everywhere: a reviewed translation stays reviewed) and the criterion's French page is
fetched every 50 ms until it shows the new title. The time runs from the moment the file is
saved to the moment the page with the edit is received. Each edit is measured after the
server has settled from the previous one.
"""

from __future__ import annotations

import html
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from .endtoend import KB, edit_one_criterion, mkdocs_env

READY_TIMEOUT_S = 600
EDIT_TIMEOUT_S = 120
POLL_S = 0.05


def free_port() -> int:
    """A TCP port nobody listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError):
        return None


def _wait_for(url: str, text: str, timeout: float, process: subprocess.Popen) -> float | None:
    """Seconds until ``url`` holds ``text`` (None on timeout or when the server died)."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if process.poll() is not None:
            return None
        page = _fetch(url)
        if page is not None and text in page:
            return time.monotonic() - start
        time.sleep(POLL_S)
    return None


def measure_preview(root: Path, epoch: str, edits: int = 3, full: bool = False) -> dict:
    """Start ``kb serve`` in ``root``, edit one criterion ``edits`` times, and return each
    edit-to-preview time in seconds (``full``: ``kb serve --full``)."""
    port = free_port()
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    mount = urlsplit(config.get("site_url") or "/").path.rstrip("/")
    log = open(root.parent / f"serve-{port}.log", "wb")  # noqa: SIM115 (closed below)
    command = [str(KB), "--root", str(root), "serve", "--port", str(port)] + (["--full"] if full else [])
    process = subprocess.Popen(command, cwd=root, env=mkdocs_env(epoch), stdout=log, stderr=subprocess.STDOUT,
                               start_new_session=True)
    times: list[float] = []
    try:
        criterion = min((root / "criteria").rglob("*.yaml"))
        ident = yaml.safe_load(criterion.read_text(encoding="utf-8"))["id"]
        url = f"http://127.0.0.1:{port}{mount}/criteria/{ident}/"
        if _wait_for(url, "</html>", READY_TIMEOUT_S, process) is None:
            raise RuntimeError(f"kb serve did not serve {url} (see {log.name})")
        time.sleep(2)  # let the watcher settle after the first build
        for number in range(edits):
            # "edit N" replaces the previous marker (titles do not grow); N is new to this page.
            _, title = edit_one_criterion(root, f"edit {time.time_ns() // 1000 % 10**9 + number}")
            seconds = _wait_for(url, html.escape(title, quote=False), EDIT_TIMEOUT_S, process)
            if seconds is None:
                raise RuntimeError(f"the edit did not reach the preview within {EDIT_TIMEOUT_S} s (see {log.name})")
            times.append(seconds)
            time.sleep(2)  # the next edit starts from a settled server
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()
    return {"edits_s": times, "median_s": sorted(times)[len(times) // 2], "max_s": max(times), "full": full}


if __name__ == "__main__":  # python -m bench.preview ROOT: a quick look without the whole benchmark
    print(measure_preview(Path(sys.argv[1]).resolve(), "1700000000", full="--full" in sys.argv))
