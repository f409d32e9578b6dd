"""The navigation cache (kb.site.nav_cache, overrides/partials/nav.html) changes no byte of the site."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import material

from kb.site.nav_cache import NavCache

ROOT = Path(__file__).resolve().parent.parent
OVERRIDE = ROOT / "overrides" / "partials" / "nav.html"


def test_the_override_holds_the_installed_theme_navigation_unchanged():
    # Fails after an upgrade of mkdocs-material that changes partials/nav.html: copy the new
    # file between "{% set kb_nav_html %}" and "{%- endset -%}" of the override.
    theme = (Path(material.__file__).parent / "templates" / "partials" / "nav.html").read_text(encoding="utf-8")
    override = OVERRIDE.read_text(encoding="utf-8")
    copied = override.split("{%- set kb_nav_html %}", 1)[1].split("{%- endset -%}", 1)[0]
    assert copied == theme


def files(*urls):
    return [SimpleNamespace(url=url) for url in urls]


def nav(active=False):
    return SimpleNamespace(items=[SimpleNamespace(active=False), SimpleNamespace(active=active), SimpleNamespace()])


def test_pages_outside_the_navigation_share_their_folder_key():
    cache = NavCache(files("", "criteria/", "criteria/a/", "criteria/b/", "labels/x/", "guide/g/img/fig.png"))
    a, b = SimpleNamespace(url="criteria/a/"), SimpleNamespace(url="criteria/b/")
    assert cache.key(a, nav()) == cache.key(b, nav()) == ("criteria",)
    assert cache.key(SimpleNamespace(url="labels/x/"), nav()) == ("labels",)
    assert cache.hits == 3


def test_pages_that_must_be_rendered_alone_have_no_key():
    cache = NavCache(files("", "criteria/", "criteria/a/", "guide/g/", "guide/g/img/fig.png"))
    assert cache.key(SimpleNamespace(url="criteria/a/"), nav(active=True)) is None  # in the navigation
    assert cache.key(SimpleNamespace(url=""), nav()) is None  # the home page
    assert cache.key(SimpleNamespace(url="guide/g/"), nav()) is None  # files live below it
    assert cache.key(SimpleNamespace(url="criteria/../a/"), nav()) is None
    assert cache.key(None, nav()) is None
    assert cache.hits == 0


def _mkdocs_build(root: Path, out: Path, **env) -> str:
    """``mkdocs build --strict -v`` of the generated pages in ``root``; returns its log."""
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-v", "--site-dir", str(out)],
                            cwd=root, capture_output=True, text=True,
                            env={**os.environ, "KB_SKIP_GENERATE": "1", "NO_MKDOCS_2_WARNING": "1",
                                 "SOURCE_DATE_EPOCH": "1700000000", **env})
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout + result.stderr


def _tree(folder: Path) -> dict[Path, bytes]:
    return {path.relative_to(folder): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def test_the_site_is_the_same_with_and_without_the_cache(built_site, tmp_path):
    log = _mkdocs_build(built_site, tmp_path / "cached")
    counts = [(int(r), int(p)) for r, p in re.findall(r"navigation rendered (\d+) times for (\d+) pages", log)]
    assert len(counts) == 2  # one line per language
    assert all(pages > 10 * rendered for rendered, pages in counts)  # the cache is used, and much
    _mkdocs_build(built_site, tmp_path / "plain", KB_NAV_CACHE="off")
    cached, plain = (_tree(tmp_path / name) for name in ("cached", "plain"))
    assert cached.keys() == plain.keys()
    assert [str(name) for name in cached if cached[name] != plain[name]] == []
