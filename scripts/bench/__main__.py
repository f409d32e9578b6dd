"""``python -m bench`` (from scripts/): the same as ``python scripts/benchmark.py``."""

import sys

from .cli import main

sys.exit(main())
