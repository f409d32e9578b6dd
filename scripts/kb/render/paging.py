"""One pagination mechanism for every generated list that grows with the knowledge base.

A list of more than ``PAGE_SIZE`` items (criteria, label-matrix rows, good practices) is split
into numbered pages, in the order of the single list. The first page keeps the list's address;
page k (k >= 2) is, for a list at ``<folder>/index``, ``<folder>/page-k`` (``criteria/page-2/``)
and, for a list at ``<folder>/<name>``, ``<folder>/<name>/page-k``
(``browse/themes/circular/page-2/``): stable, readable addresses that never move a first page.
Extra pages are not in the navigation (only the first page is in mkdocs.yml), so they cost
nothing to the other pages (navigation.prune). A list that shrinks simply produces fewer pages:
``generate.write_pages`` removes the pages no list produces any more.

Each page of a split list carries a pager (``<nav aria-label=…>`` in the page's language):
"Page 2 sur 7 · critères 101 à 200 sur 650", previous and next links and numbered links
(the first, the last and the pages around the current one), the current page marked with
``aria-current="page"``. Plain links: every item stays reachable without JavaScript.

Why 100: a criterion row of a list table is about 400 bytes of HTML, a label-matrix row about
750 and a good-practice row about 500; the theme's frame of a page is about 30 KB. A page of
100 rows therefore stays near 70-110 KB, well under the 200 KB budget, with room for longer
summaries or more labels (``make bench`` measures the largest page at 5,000 criteria).
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass

from .ui import t

PAGE_SIZE = 100  # items per page of a list; tests lower it with ``page_size=``
WINDOW = 2  # numbered links shown on each side of the current page (plus the first and last)


@dataclass(frozen=True)
class Page:
    """One page of a split list, as the list's renderer sees it."""

    number: int  # 1-based
    count: int  # number of pages of the list
    first: int  # 1-based position of the page's first item in the whole list
    last: int  # position of its last item
    total: int  # items in the whole list
    names: tuple  # logical names of every page of the list ("criteria/index", "criteria/page-2", …)

    @property
    def name(self) -> str:
        return self.names[self.number - 1]

    @property
    def split(self) -> bool:
        """More than one page: the page carries a pager."""
        return self.count > 1

    @property
    def up(self) -> str:
        """Prefix from this page's Markdown file back to the first page's folder ("" or "../"):
        links the renderer builds for the first page work on every page with it in front."""
        depth = self.name.count("/") - self.names[0].count("/")
        return "../" * depth

    @property
    def built_up(self) -> str:
        """Prefix from this page's built address back to the first page's address, for raw HTML
        links (MkDocs rewrites only Markdown links): page k is always one folder deeper."""
        return "" if self.number == 1 else "../"

    def href(self, number: int) -> str:
        """Markdown link from this page to page ``number`` of the same list."""
        here = posixpath.dirname(self.name)
        return posixpath.relpath(self.names[number - 1] + ".md", here or ".")

    def title(self, title: str, lang: str) -> str:
        """The list's title, with "page k of n" on pages 2 and after (every page title is unique)."""
        if self.number == 1:
            return title
        return t("pager_title", lang).format(title=title, page=self.number, pages=self.count)

    def pager(self, lang: str, items_key: str = "pager_items_criteria", end: bool = False) -> str:
        """The pager of this page ("" when the list fits on one page). ``end``: the copy after
        the list, with its own accessible name (two landmarks never share one)."""
        if not self.split:
            return ""
        status = " · ".join([
            t("pager_status", lang).format(page=self.number, pages=self.count),
            t(items_key, lang).format(first=self.first, last=self.last, total=self.total),
        ])
        links = []
        if self.number > 1:
            links.append(f"- [{t('pager_prev', lang)}]({self.href(self.number - 1)}){{ .kb-pager-step }}")
        previous = 0
        for number in self.shown():
            if number > previous + 1:
                links.append('- <span class="kb-pager-gap" aria-hidden="true">…</span>')
            name = t("pager_page", lang).format(page=number)
            current = ' aria-current="page"' if number == self.number else ""
            links.append(f'- [{number}]({self.href(number)}){{ aria-label="{name}"{current} }}')
            previous = number
        if self.number < self.count:
            links.append(f"- [{t('pager_next', lang)}]({self.href(self.number + 1)}){{ .kb-pager-step }}")
        label = t("pager_label_end" if end else "pager_label", lang)
        return "\n".join([f'<nav class="kb-pager" aria-label="{label}" markdown>', "", status,
                          "{ .kb-pager-status }", "", *links, "", "</nav>", ""])

    def pager_lines(self, lang: str, items_key: str = "pager_items_criteria", end: bool = False) -> list[str]:
        """The pager as a list of lines to splice into a page: empty on a one-page list."""
        pager = self.pager(lang, items_key, end)
        return [pager] if pager else []

    def shown(self) -> list[int]:
        """Numbers of the pages the pager links: the first, the last and those near this one."""
        near = range(max(1, self.number - WINDOW), min(self.count, self.number + WINDOW) + 1)
        return sorted({1, self.count, *near})


def page_names(base: str, count: int) -> tuple:
    """Logical names of the ``count`` pages of the list whose first page is ``base``."""
    folder = base[: -len("/index")] if base.endswith("/index") else base
    return (base, *(f"{folder}/page-{k}" for k in range(2, count + 1)))


def is_later_page(name: str) -> bool:
    """True for the logical name of a list's page 2, 3… (``criteria/page-2``): generate.py
    refuses any record whose page would take such a name, so only lists have them."""
    last = name.rsplit("/", 1)[-1]
    number = last[len("page-"):]
    return last.startswith("page-") and number.isascii() and number.isdigit() and int(number) >= 2


def paginate(base: str, items: list, render: Callable[[list, Page], str],
             page_size: int | None = None) -> dict[str, str]:
    """The pages of a list: {logical name: text}, ``render(chunk, page)`` writing one page.

    An empty list still has its (first) page. ``page_size`` defaults to ``PAGE_SIZE``.
    """
    size = PAGE_SIZE if page_size is None else page_size
    if size < 1:
        raise ValueError("page_size must be at least 1")
    items = list(items)
    chunks = [items[i:i + size] for i in range(0, len(items), size)] or [[]]
    names = page_names(base, len(chunks))
    out = {}
    for index, chunk in enumerate(chunks):
        first = index * size + 1
        page = Page(number=index + 1, count=len(chunks), first=first if chunk else 0,
                    last=first + len(chunk) - 1 if chunk else 0, total=len(items), names=names)
        out[page.name] = render(chunk, page)
    return out


def first_pages(items: list, key: Callable, page_size: int | None = None) -> dict:
    """For a list split by ``paginate``: the page number on which each ``key(item)`` value first
    appears ({value: page}), for "go to" links to the sections of a long list."""
    size = PAGE_SIZE if page_size is None else page_size
    found: dict = {}
    for position, item in enumerate(items):
        found.setdefault(key(item), position // size + 1)
    return found


def sections(items: list, page: Page, key: Callable) -> list[tuple[object, list, bool]]:
    """The runs of the page's items (``items``: the whole list) that share ``key``, in order:
    (value, items, continued), ``continued`` saying that the run began on an earlier page."""
    chunk = items[page.first - 1:page.last] if page.first else []
    previous = key(items[page.first - 2]) if page.first > 1 else object()
    runs: list[tuple[object, list, bool]] = []
    for item in chunk:
        value = key(item)
        if runs and runs[-1][0] == value:
            runs[-1][1].append(item)
        else:
            runs.append((value, [item], not runs and value == previous))
    return runs
