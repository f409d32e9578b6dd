"""What the site makes of a record text and how to compare it: Python-Markdown with the site's
extensions, the shape (tags, attributes, text) of an HTML fragment, the allow-list of a text."""

from __future__ import annotations

from html.parser import HTMLParser

import markdown

from kb import textrules

SITE_EXTENSIONS = ["admonition", "attr_list", "def_list", "md_in_html", "tables", "toc",
                   "pymdownx.superfences", "pymdownx.tabbed"]
ALLOWED_TAGS = {"p", "ul", "ol", "li", "em", "strong", "a", "br"}


def site_html(text: str) -> str:
    """What the site makes of a record text: Python-Markdown with the site's extensions."""
    return markdown.Markdown(extensions=SITE_EXTENSIONS).convert(textrules.safe_markdown(text))


class Shape(HTMLParser):
    """Tags, attributes and text of an HTML fragment, for comparisons and allow-list checks."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.items: list[tuple] = []
        self.tags: set[str] = set()
        self.attributes: list[tuple[str, str, str]] = []
        self.feed(html)
        self.close()

    def visible(self) -> list[tuple]:
        """The items without empty paragraphs: a paragraph of only (non-breaking) blanks shows
        nothing, and Python-Markdown reads such a line as a blank line where CommonMark does not."""
        out: list[tuple] = []
        for item in self.items:
            if item == ("/p",) and out and out[-1] == ("<p", ()):
                out.pop()
            else:
                out.append(item)
        return out

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attributes += [(tag, name, value or "") for name, value in attrs]
        self.items.append(("<" + tag, tuple(sorted((n, v or "") for n, v in attrs))))

    def handle_endtag(self, tag):
        self.items.append(("/" + tag,))

    def handle_data(self, data):
        data = " ".join(data.split())
        if not data:
            return
        if self.items and self.items[-1][0] == "#":
            self.items[-1] = ("#", self.items[-1][1] + " " + data)
        else:
            self.items.append(("#", data))


def assert_harmless(html: str) -> None:
    shape = Shape(html)
    assert shape.tags <= ALLOWED_TAGS, f"unexpected tags {shape.tags - ALLOWED_TAGS} in {html!r}"
    for tag, name, value in shape.attributes:
        assert (tag, name) == ("a", "href"), f"unexpected attribute {tag}@{name} in {html!r}"
        assert value.startswith("https://") and value[8:9] not in ("", "/"), f"bad link {value!r}"
