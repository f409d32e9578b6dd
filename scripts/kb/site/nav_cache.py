"""The site navigation's HTML, rendered once per folder for the pages that are not in it.

The theme renders the whole navigation into every page (``partials/nav.html``, a macro per
item). Criterion, practice, label and other record pages are not in the navigation, so on
them no item is active and the navigation's HTML differs only by its links, which MkDocs
writes relative to the page's address: every page of one folder (``criteria/…/``) gets the
same HTML. ``overrides/partials/nav.html`` asks this cache for a key; pages with a key share
one rendering, the others (pages in the navigation, the home page, pages below which other
files live) are rendered as before. At 1,000 criteria that is thousands of renderings saved
per language; the site is the same, byte for byte (tests/test_nav_cache.py builds it both ways).

A cache lives for one Jinja environment, that is one language build (the hook makes a new one
in ``on_env``). ``KB_NAV_CACHE=off`` renders every page's navigation.
"""

from __future__ import annotations

import os


def enabled() -> bool:
    """False when ``KB_NAV_CACHE`` is ``off`` (or ``0``/``no``/``false``)."""
    return os.environ.get("KB_NAV_CACHE", "on").strip().lower() not in {"off", "0", "no", "false"}


def _parts(url: str) -> list[str] | None:
    """The folders a page's links are made relative to (as ``mkdocs.utils.get_relative_url``
    reads them: a last part with a dot is a file name); None for addresses with ``.``/``..``."""
    folder, _, last = url.rpartition("/")
    if "." in last:
        url = folder
    parts = [part for part in url.split("/") if part]
    return None if any(part in {".", ".."} for part in parts) else parts


class NavCache:
    """Rendered navigations of one language build, by the folder of the pages that share them."""

    def __init__(self, files):
        # Every folder that holds a file of the site: a page whose own folder is one of them
        # has files below it, whose links would differ from its neighbours' (no key).
        self._folders: set[tuple[str, ...]] = set()
        for file in files:
            parts = _parts(file.url) or []
            for end in range(1, len(parts)):
                self._folders.add(tuple(parts[:end]))
        self.html: dict[tuple[str, ...], str] = {}
        self.hits = 0  # pages given a key (rendered or reused), for the build's debug log

    def key(self, page, nav):
        """The key of ``page``'s navigation, or None when it must be rendered for it alone."""
        if page is None or nav is None or getattr(page, "url", None) is None:
            return None
        if any(getattr(item, "active", False) for item in nav.items):  # the page or a parent is in it
            return None
        parts = _parts(page.url)
        if not parts or tuple(parts) in self._folders:
            return None
        self.hits += 1
        return tuple(parts[:-1])

    def remember(self, key, html):
        """Keep ``html`` for ``key`` and return it (the template writes what this returns)."""
        self.html[key] = html
        return html
