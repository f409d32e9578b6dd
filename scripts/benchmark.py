#!/usr/bin/env python3
"""Performance benchmark of the knowledge base pipeline (``make bench``; not a test).

Thin entry point: the benchmark is the package scripts/bench/ (its docstring lists what it
measures, the options and the targets; ``python scripts/benchmark.py --help``). The
helpers it shares with the tests (site sources, static server, Chromium) are in
scripts/siteharness/.
"""

import sys

from bench.cli import main

if __name__ == "__main__":
    sys.exit(main())
