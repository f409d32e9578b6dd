"""HTML validity: the Nu HTML checker (vnu.jar) on every page of the built site, in one
Java run. No error is accepted except the theme markup listed, with its reason, in
tests/vnu-allowlist.txt; an entry that matches nothing any more fails too."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from browser import VNU, require, require_command

pytestmark = pytest.mark.site

ALLOWLIST = Path(__file__).with_name("vnu-allowlist.txt")
CANARY = '<!DOCTYPE html><html lang="fr"><head><title>x</title></head><body><p><div></span></body></html>\n'


def allowlist() -> list[re.Pattern]:
    lines = ALLOWLIST.read_text(encoding="utf-8").splitlines()
    return [re.compile(line) for line in lines if line.strip() and not line.startswith("#")]


def finding(message: dict) -> str:
    """What an allow-list entry is matched against: the message and its source extract."""
    return f"{message.get('message', '')} | {' '.join(message.get('extract', '').split())}"


@pytest.fixture(scope="module")
def checked(built_site, tmp_path_factory):
    """(pages, messages): every HTML page of the site checked in one run, plus a canary
    page with known errors that proves the checker really ran."""
    java = require_command("java", "Java (Debian package default-jre-headless)")
    jar = require(VNU, "the Nu HTML checker (npm vnu-jar)")
    pages = sorted((built_site / "site").rglob("*.html"))
    canary = tmp_path_factory.mktemp("vnu") / "canary.html"
    canary.write_text(CANARY, encoding="utf-8")
    run = subprocess.run([java, "-jar", str(jar), "--skip-non-html", "--errors-only", "--format", "json",
                          str(canary), *map(str, pages)], capture_output=True, text=True, timeout=600)
    messages = json.loads(run.stderr)["messages"]  # vnu writes its report to stderr
    assert any(m["url"].endswith("/canary.html") for m in messages), "the HTML checker found nothing in the canary"
    return pages, [m for m in messages if not m["url"].endswith("/canary.html")]


def test_every_page_is_valid_html(checked, built_site):
    pages, messages = checked
    assert len(pages) > 100
    patterns = allowlist()
    errors = [m for m in messages if not any(p.search(finding(m)) for p in patterns)]
    report = [f"{m['url'].split('/site/', 1)[-1]}:{m.get('lastLine', '?')}: {m.get('message')}"
              f"\n    {' '.join(m.get('extract', '').split())}" for m in errors[:30]]
    pages_with_errors = len({m["url"] for m in errors})
    assert not errors, f"{len(errors)} HTML error(s) on {pages_with_errors} page(s):\n" + "\n".join(report)


def test_every_allowlist_entry_is_still_needed(checked):
    _pages, messages = checked
    unused = [p.pattern for p in allowlist() if not any(p.search(finding(m)) for m in messages)]
    assert not unused, f"remove these entries from {ALLOWLIST.name}, they match nothing any more: {unused}"
