"""A static file server on 127.0.0.1 that serves a built site under its URL path
(``/ict-criteria/``, as on the published site), for the browser tests and the benchmark."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path
from urllib.parse import urlparse

PREFIX = urlparse("https://sustainable-ict-be.github.io/ict-criteria/").path  # "/ict-criteria/"


class _Handler(http.server.SimpleHTTPRequestHandler):
    def translate_path(self, path):
        parsed = urlparse(path).path
        if not parsed.startswith(PREFIX):
            return str(Path(self.directory) / "__not_found__")
        return super().translate_path("/" + parsed[len(PREFIX):])

    def log_message(self, *args):  # keep test and benchmark output quiet
        pass


class SiteServer:
    """Serve ``site_dir`` at http://127.0.0.1:<port>/ict-criteria/ in a background thread."""

    def __init__(self, site_dir: Path):
        handler = functools.partial(_Handler, directory=str(site_dir))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        """The site's address, ``http://127.0.0.1:<port>/ict-criteria/``."""
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{PREFIX}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
