"""The headless Chromium that the browser tests and the benchmark drive: Debian's package,
not a browser downloaded by Playwright, started with the same flags everywhere."""

from __future__ import annotations

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
