"""A static file server on 127.0.0.1 that serves a built site under its URL path
(``/ict-criteria/``, as on the published site), for the browser tests and the benchmark."""

from __future__ import annotations

import functools
import gzip
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


COMPRESSED = {".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".txt", ".atom", ".csv", ".map"}


class _GzipHandler(_Handler):
    """As GitHub Pages serves a site: text compressed with gzip when the browser accepts it,
    and a cache lifetime of ten minutes on every response."""

    def end_headers(self):
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def do_GET(self):
        target = Path(self.translate_path(self.path))
        if target.is_dir() and urlparse(self.path).path.endswith("/"):
            target = target / "index.html"
        if (target.suffix not in COMPRESSED or not target.is_file()
                or "gzip" not in self.headers.get("Accept-Encoding", "")):
            return super().do_GET()
        body = gzip.compress(target.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(target)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        return None


class SiteServer:
    """Serve ``site_dir`` at http://127.0.0.1:<port>/ict-criteria/ in a background thread
    (``compress``: with gzip and cache headers, as GitHub Pages does)."""

    def __init__(self, site_dir: Path, compress: bool = False):
        handler = functools.partial(_GzipHandler if compress else _Handler, directory=str(site_dir))
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
