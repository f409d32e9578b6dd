"""The allow-list sanitizer of the built pages (kb.site.sanitize): removes what must not run,
keeps our own page scripts only, and changes nothing on the real pages."""

from __future__ import annotations

import markdown
import pytest
from markup_shape import SITE_EXTENSIONS, Shape

from kb.repository import load_repository
from kb.site.sanitize import clean


@pytest.mark.parametrize("html, kept, gone", [
    ('<p>a <a href="javascript:alert(1)">x</a></p>', "<p>a <a>x</a></p>", "javascript"),
    ('<img src=x onerror="alert(1)"><p>t</p>', "<p>t</p>", "onerror"),
    ('<div onclick="x()" class="kb-clause" data-kb-id="a">t</div>', 'class="kb-clause"', "onclick"),
    ("<script>alert(1)</script><p>t</p>", "<p>t</p>", "alert"),
    ('<a href="data:text/html,x">x</a>', "<a>x</a>", "data:"),
    ('<iframe src="https://x.example"></iframe><p>t</p>', "<p>t</p>", "iframe"),
    ('<p style="color:red">t</p>', "<p>t</p>", "style"),
])
def test_sanitizer_removes_what_must_not_run(html, kept, gone):
    out = clean(html)
    assert kept in out and gone not in out


def test_sanitizer_keeps_our_page_scripts_only():
    ours = '<script type="module" src="../../assets/javascripts/kb-basket.js"></script>'
    out = clean("<p>t</p>" + ours + '<script type="module" src="https://x.example/a.js"></script>')
    assert out.count("<script") == 1 and ours in out


def test_sanitizer_changes_nothing_on_the_real_pages(root):
    """The allow-list covers everything the generator and the hand-written pages produce:
    every page of the real base, converted as the site converts it, comes out of the
    sanitizer with the same tags, attributes and text."""
    from kb.render import generate

    repo = load_repository(root)
    pages = dict(generate.render_all(repo))
    pages.update({p.relative_to(root / "docs").as_posix(): p.read_text(encoding="utf-8")
                  for p in (root / "docs").rglob("*.md") if p.parts[len(root.parts) + 1] in ("about", "guide")})
    convert = markdown.Markdown(extensions=SITE_EXTENSIONS + ["toc"], extension_configs={"toc": {"permalink": True}})
    void = {"input", "br", "hr", "img"}

    def items(html):
        return [i for i in Shape(html).items if not (i[0].startswith("/") and i[0][1:] in void)]

    changed = []
    for name, text in sorted(pages.items()):
        body = text.split("\n---\n", 1)[1] if text.startswith("---\n") else text
        html = convert.reset().convert(body)
        if items(clean(html)) != items(html):
            changed.append(name)
    assert len(pages) > 500
    assert not changed, f"the sanitizer changes {len(changed)} page(s), e.g. {changed[:5]}"
