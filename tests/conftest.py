"""Shared test helpers: the repository root and throw-away knowledge bases."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

from kb.kinds import ROOT

# MkDocs' page cache (kb.site.page_cache) lives under $XDG_CACHE_HOME, one folder per
# repository path: the tests build many throw-away repositories, so theirs goes to a
# folder of this run (removed at exit), never into the user's cache.
if "KB_TEST_CACHE_HOME" not in os.environ:
    import atexit
    import tempfile

    os.environ["KB_TEST_CACHE_HOME"] = os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="kb-test-cache-")
    atexit.register(shutil.rmtree, os.environ["KB_TEST_CACHE_HOME"], True)

# Property tests: the test command runs a fixed, reproducible set of examples (the same on every
# machine, so a run cannot fail by luck); `HYPOTHESIS_PROFILE=explore` searches with fresh random
# examples, many more of them (run it after changing scripts/kb/textrules.py; turn what it finds
# into @example cases).
settings.register_profile("default", derandomize=True)
settings.register_profile("explore", derandomize=False, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
EXPLORE = os.environ.get("HYPOTHESIS_PROFILE") == "explore"


def examples(count: int) -> int:
    """A property test's number of examples: ``count``, or 50 times more when exploring."""
    return count * 50 if EXPLORE else count

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def root() -> Path:
    """The real repository."""
    return ROOT


def make_repo(tmp_path: Path, files: dict[str, str | bytes] | None = None) -> Path:
    """A minimal knowledge base in ``tmp_path``: schemas, settings and the given files."""
    shutil.copytree(ROOT / "schema", tmp_path / "schema")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copytree(ROOT / "register", tmp_path / "register")  # the legal register criteria cite
    for relative, content in (files or {}).items():
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return tmp_path


@pytest.fixture
def tmp_repo(tmp_path):
    """Factory: ``tmp_repo({path: text})`` builds a throw-away knowledge base."""
    return lambda files=None: make_repo(tmp_path, files)


def valid_criterion_text() -> str:
    """The valid fixture criterion, used as a base for variations."""
    return (FIXTURES / "valid" / "criteria" / "circular" / "circ-fixture-warranty.yaml").read_text(encoding="utf-8")


# ---- the built site, its server and the browser (one of each per session) -------------


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """A copy of the repository with its site built (once per session), in ``<copy>/site``."""
    from sitebuild import build_copy

    return build_copy(tmp_path_factory.mktemp("built"))


@pytest.fixture(scope="session")
def site_repo(built_site):
    """The validated records the built site was generated from."""
    from kb.repository import load_repository

    return load_repository(built_site)


@pytest.fixture(scope="session")
def site_pages(built_site, site_repo) -> dict[str, str]:
    """One page of every template: {name: path under a language root}."""
    from browser import templates

    return templates(site_repo, built_site / "docs")


@pytest.fixture(scope="session")
def site_url(built_site):
    """http://127.0.0.1:<port>/ict-criteria/ serving the built site."""
    from server import SiteServer

    with SiteServer(built_site / "site") as server:
        yield server.url


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium, headless, driven by Playwright (no bundled browser download)."""
    from browser import CHROMIUM, CHROMIUM_ARGS, require

    require(CHROMIUM, "Chromium (Debian package chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def context(chromium, site_url, request):
    """A fresh browser context (empty storage, clipboard allowed) whose requests, responses
    and console are watched: the test fails if anything leaves 127.0.0.1, gets a 4xx/5xx
    or logs an error (see pytest_runtest_call below)."""
    from urllib.parse import urlsplit

    from browser import DESKTOP, Guard

    parts = urlsplit(site_url)
    ctx = chromium.new_context(viewport=DESKTOP, locale="fr-BE", service_workers="block")
    ctx.grant_permissions(["clipboard-read", "clipboard-write"], origin=f"{parts.scheme}://{parts.netloc}")
    guard = Guard()
    guard.attach(ctx)
    request.node.kb_guard = guard
    yield ctx
    ctx.close()


@pytest.fixture
def page(context):
    """A page in the watched context."""
    return context.new_page()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """Fail a browser test whose pages made a forbidden request, got an error response
    or logged an error, even when its own assertions passed."""
    result = yield
    guard = getattr(item, "kb_guard", None)
    if guard is not None:
        guard.check()
    return result
