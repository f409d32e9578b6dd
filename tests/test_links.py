"""Internal links of the built site, checked offline with the standard library: every
href/src that stays on the site resolves to a file of site/, and every #anchor exists
(an id or a name) in the target page. External links are not fetched."""

from __future__ import annotations

import re
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from kb.config import settings

pytestmark = pytest.mark.site

LINK_ATTRIBUTES = {"href", "src"}


class Page(HTMLParser):
    """The anchors (id and name attributes) and the links of one HTML page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.anchors: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (name == "name" and tag == "a"):
                self.anchors.add(value)
            elif name in LINK_ATTRIBUTES:
                self.links.append(value)


def page_address(site: Path, path: Path, base: str) -> str:
    """The published address of a page file (directory addresses for index.html)."""
    relative = path.relative_to(site).as_posix()
    return base + (relative[: -len("index.html")] if relative.endswith("index.html") else relative)


def target_file(site: Path, address: str, base_path: str) -> Path | None:
    """The file an address of the site is served from, or None."""
    path = unquote(urlsplit(address).path)[len(base_path):]
    candidate = site / path
    if path == "" or path.endswith("/"):
        candidate = candidate / "index.html"
    if candidate.is_file():
        return candidate
    if (candidate / "index.html").is_file():  # "x" is redirected to "x/"
        return candidate / "index.html"
    return None


@pytest.fixture(scope="module")
def parsed(built_site) -> dict[Path, Page]:
    pages = {}
    for path in sorted((built_site / "site").rglob("*.html")):
        page = Page()
        page.feed(path.read_text(encoding="utf-8"))
        pages[path] = page
    return pages


def broken_links(site: Path, parsed: dict[Path, Page], base: str) -> dict[str, list[str]]:
    """{link: [pages that contain it]} for every link of the site that does not resolve."""
    base_path = urlsplit(base).path
    broken = defaultdict(list)
    for path, page in parsed.items():
        here = page_address(site, path, base)
        for link in page.links:
            if re.match(r"^(mailto|tel|data|blob):", link):
                continue
            address = urljoin(here, link)
            parts = urlsplit(address)
            if parts.scheme not in ("http", "https") or parts.netloc != urlsplit(base).netloc \
                    or not parts.path.startswith(base_path):
                if parts.scheme == "javascript":
                    broken[link].append(path.relative_to(site).as_posix())
                continue  # external: not fetched
            target = target_file(site, address, base_path)
            fragment = unquote(parts.fragment)
            if target is None:
                broken[link].append(path.relative_to(site).as_posix())
            elif fragment and target.suffix == ".html" and fragment not in parsed[target].anchors:
                broken[f"{link} (no #{fragment} in {target.relative_to(site).as_posix()})"].append(
                    path.relative_to(site).as_posix())
    return broken


def test_no_broken_internal_link_or_anchor(built_site, parsed):
    site = built_site / "site"
    broken = broken_links(site, parsed, settings().site_url)
    links = sum(len(page.links) for page in parsed.values())
    assert links > 10 * len(parsed)
    report = [f"{link}\n    on {len(set(pages))} page(s), e.g. {pages[0]}"
              for link, pages in sorted(broken.items())[:40]]
    assert not broken, f"{len(broken)} broken link(s) among {links} on {len(parsed)} pages:\n" + "\n".join(report)


def test_sitemap_addresses_exist(built_site):
    site = built_site / "site"
    base = settings().site_url
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    addresses = set(re.findall(r"<loc>([^<]+)</loc>", sitemap))
    addresses |= set(re.findall(r'hreflang="[^"]+" href="([^"]+)"', sitemap))
    assert addresses
    missing = sorted(a for a in addresses
                     if not a.startswith(base) or target_file(site, a, urlsplit(base).path) is None)
    assert not missing, missing[:20]


def test_the_checker_finds_broken_links(tmp_path):
    """The check itself: a missing page and a missing anchor are reported, good links not."""
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "index.html").write_text('<a href="a/">ok</a><a href="a/#top">ok</a><a href="b/">missing</a>'
                                     '<a href="a/#nowhere">bad anchor</a><a href="https://example.org/x">external</a>')
    (site / "a" / "index.html").write_text('<h1 id="top">A</h1><a href="../">home</a><a href="#top">up</a>')
    pages = {}
    for path in sorted(site.rglob("*.html")):
        pages[path] = Page()
        pages[path].feed(path.read_text())
    broken = broken_links(site, pages, "https://example.org/kb/")
    assert sorted(broken) == ["a/#nowhere (no #nowhere in a/index.html)", "b/"]
