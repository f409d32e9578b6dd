"""The static server of the built site for the browser tests (http://127.0.0.1:<port>/ict-criteria/).

It lives in scripts/siteharness/server.py, shared with the benchmark; the tests import it from here.
"""

from __future__ import annotations

from siteharness.server import PREFIX, SiteServer

__all__ = ["PREFIX", "SiteServer"]
