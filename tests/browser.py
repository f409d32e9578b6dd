"""Helpers for the browser tests (Chromium driven by Playwright) and the checks of the
built site: the external tools they need, the request/console guard, the page templates
of the site and small page actions shared by several test modules.

The fixtures that use them live in conftest.py, so the site is built once, served once
and one Chromium runs for the whole session.
"""

from __future__ import annotations

import re
import shutil
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from siteharness.chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: F401 (conftest imports them from here)

from kb.kinds import ROOT
from kb.render.finder import fold

NODE_MODULES = ROOT / "node_modules"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
LANGS = ("fr", "nl")
LOCAL_HOST = "127.0.0.1"
DESKTOP = {"width": 1280, "height": 900}


def require(path: Path, what: str) -> Path:
    """``path``, or fail the test (never skip: CI must not pass without the checker)."""
    if not path.exists():
        pytest.fail(f"{what} is missing ({path}); run `make test` (scripts/install-system-deps.sh and "
                    f"scripts/install-node-deps.sh install it)", pytrace=False)
    return path


def require_command(name: str, what: str) -> str:
    """The full path of command ``name``, or fail the test."""
    found = shutil.which(name)
    if not found:
        pytest.fail(f"{what} is missing (`{name}` not on PATH); run `make test` to install it", pytrace=False)
    return found


# ---- request and console guard --------------------------------------------------------


@dataclass
class Guard:
    """Records every request of a browser context and what went wrong: a request to a host
    other than 127.0.0.1, a 4xx/5xx response, a failed request, a console error or an
    uncaught script error."""

    requests: list = field(default_factory=list)
    problems: list = field(default_factory=list)

    def attach(self, context) -> None:
        context.on("request", self._request)
        context.on("response", self._response)
        context.on("requestfailed", self._failed)
        context.on("console", self._console)
        context.on("weberror", lambda error: self.problems.append(f"script error: {error.error}"))

    def _request(self, request) -> None:
        self.requests.append(request.url)
        parts = urlsplit(request.url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.hostname != LOCAL_HOST:
            self.problems.append(f"third-party request: {request.url}")

    def _response(self, response) -> None:
        if response.status >= 400:
            self.problems.append(f"HTTP {response.status}: {response.url}")

    def _failed(self, request) -> None:
        if "ERR_ABORTED" in (request.failure or ""):
            return  # cancelled because the test moved on to another page
        self.problems.append(f"request failed ({request.failure}): {request.url}")

    def _console(self, message) -> None:
        if message.type == "error":
            self.problems.append(f"console error: {message.text}")

    def check(self) -> None:
        """Raise an AssertionError listing the problems seen so far."""
        if self.problems:
            listed = "\n  ".join(dict.fromkeys(self.problems))
            raise AssertionError(f"the page did something it must not:\n  {listed}")


# ---- page templates ---------------------------------------------------------------------


def templates(repo, docs_dir: Path) -> dict[str, str]:
    """One page of every template of the site: {name: path under the language root}.

    Records are the first of their kind by id; hand-written pages come from docs/."""

    def first(kind: str) -> str:
        records = repo.of_kind(kind)
        assert records, f"no {kind} record to test"
        return records[0].id

    criteria = repo.of_kind("criterion")
    group = sorted(criteria[0].data["product_groups"])[0]
    guide = sorted(p.name.split(".")[0] for p in (docs_dir / "guide").glob("*.fr.md"))[0]
    pages = {
        "home": "",
        "criterion": f"criteria/{criteria[0].id}/",
        "criteria-index": "criteria/",
        "finder": "finder/",
        "basket": "basket/",
        "browse-index": "browse/",
        "browse-group": f"browse/product-groups/{group}/",
        "practices-index": "practices/",
        "practice": f"practices/{first('practice')}/",
        "labels-index": "labels/",
        "label": f"labels/{first('label')}/",
        "labels-matrix": "labels/matrix/",
        "glossary": "glossary/",
        "coverage-index": "coverage/",
        "coverage": f"coverage/{first('coverage')}/",
        "legislation-index": "legislation/",
        "legislation": f"legislation/{first('legislation')}/",
        "guide": f"guide/{guide}/",
    }
    for about in sorted(p.name.split(".")[0] for p in (docs_dir / "about").glob("*.fr.md")):
        pages[f"about-{about}"] = "about/" if about == "index" else f"about/{about}/"
    return pages


TEMPLATE_NAMES = ("home", "criterion", "criteria-index", "finder", "basket", "browse-index", "browse-group",
                  "practices-index", "practice", "labels-index", "label", "labels-matrix", "glossary",
                  "coverage-index", "coverage", "legislation-index", "legislation", "guide", "about-index",
                  "about-accessibility", "about-eco-design")


def hand_written_pages(docs_dir: Path = ROOT / "docs") -> list[str]:
    """Paths of the guide and about pages (read from their French sources at collection
    time), other than the about pages that are already in TEMPLATE_NAMES."""
    covered = {"about/" if name == "about-index" else f"about/{name[6:]}/"
               for name in TEMPLATE_NAMES if name.startswith("about-")}
    paths = [f"{folder}/" if p.name == "index.fr.md" else f"{folder}/{p.name.split('.')[0]}/"
             for folder in ("guide", "about") for p in sorted((docs_dir / folder).glob("*.fr.md"))]
    return [path for path in paths if path not in covered]


def page_url(base: str, lang: str, path: str) -> str:
    """Address of ``path`` (relative to a language root) in ``lang``."""
    return base + ("" if lang == "fr" else f"{lang}/") + path


def open_page(page, base: str, lang: str, path: str) -> None:
    """Load a page (tests wait themselves for what the page's scripts fetch later)."""
    page.goto(page_url(base, lang, path), wait_until="load")
    assert page.evaluate("document.documentElement.lang") == lang


# ---- content helpers ----------------------------------------------------------------------


WORD = re.compile(r"[^\W\d_]+")


def accented_word(texts: dict[str, str]) -> tuple[str, str]:
    """(word, key): a word of at least 5 letters with an accent or diaeresis, from the
    text (of ``texts``, {key: text}) that the fewest other texts share."""
    candidates = []
    for key, text in sorted(texts.items()):
        for word in WORD.findall(text):
            if len(word) >= 5 and fold(word) != word.lower():
                shared = sum(fold(word) in fold(other) for other in texts.values())
                candidates.append((shared, word, key))
    assert candidates, "no accented word in the content"
    _shared, word, key = min(candidates)
    return word, key


def strip_accents(word: str) -> str:
    """``word`` as typed on a keyboard without accents (case kept)."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", word) if not unicodedata.combining(ch))
