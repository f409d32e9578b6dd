"""``kb serve``: the live preview (``make serve`` calls it).

This process becomes ``mkdocs serve --dirty`` (same process id, so stopping it stops the
preview); the hook validates the records and generates the pages before the first build, as
before every rebuild (a clean clone, without generated pages, starts too). What keeps each
rebuild short is in kb.site.preview; the preview keeps ``strict: true`` of mkdocs.yml, so a
warning stops the rebuild and is shown, and a record with errors is reported while the server
goes on (the next saved fix rebuilds). ``--full`` renders every page after every edit.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ..messages import visible
from .build import FAILURES, explain, mkdocs_env


def mkdocs_command(root: Path, host: str, port: int, full: bool) -> list[str]:
    """The ``mkdocs serve`` command line of ``kb serve``."""
    command = [sys.executable, "-m", "mkdocs", "serve", "--config-file", str(root / "mkdocs.yml"),
               "--dev-addr", f"{host}:{port}"]
    return command if full else command + ["--dirty"]


def serve(root: Path, host: str, port: int, full: bool = False) -> int:
    """Run the preview server in place of this process; its first build validates the records
    and generates the pages (the hook's on_pre_build), so a clean clone starts too."""
    if not 0 < port < 65536:
        print(f"preview not started: {port} is not a port number (1 to 65535)")
        return 2
    try:
        env = mkdocs_env(root)
    except FAILURES as exc:
        print(f"preview not started: {explain(exc)}")
        return 1
    del env["KB_SKIP_GENERATE"]  # the hook generates the pages, first and after every edit
    print(f"preview: http://{visible(host)}:{port}/ (Ctrl+C stops it)", flush=True)
    os.chdir(root)
    os.execve(sys.executable, mkdocs_command(root, host, port, full), env)
    return 0  # not reached
