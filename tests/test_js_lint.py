"""ESLint over the browser scripts and the Node test driver: zero findings.

`make test` runs the same command before pytest; this test makes a plain `pytest` catch
findings too. The version is pinned in package.json, the rules are in eslint.config.mjs.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ESLINT = ROOT / "node_modules" / ".bin" / "eslint"
TARGETS = ["docs/assets/javascripts", "scripts"]


def test_eslint_finds_nothing() -> None:
    if not shutil.which("node"):
        pytest.fail("Node.js is not installed: run `make test`, which installs it "
                    "(scripts/install-system-deps.sh)", pytrace=False)
    if not ESLINT.exists():
        pytest.fail("ESLint is not installed: run `make node-deps` (scripts/install-node-deps.sh "
                    "installs the versions pinned in package.json)", pytrace=False)
    result = subprocess.run([str(ESLINT), "--max-warnings", "0", *TARGETS], cwd=ROOT,
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, f"ESLint found problems:\n{result.stdout}{result.stderr}"
