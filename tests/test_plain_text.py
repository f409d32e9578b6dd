"""The plain-text shortcut of Python-Markdown (kb.site.plain_text) changes no byte of any page."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown.extensions import Extension
from markdown.inlinepatterns import SimpleTagInlineProcessor
from mkdocs.config import load_config

from kb.site import mkdocs_hooks, plain_text

ROOT = Path(__file__).resolve().parent.parent


def site_extensions() -> tuple[list, dict]:
    """The Markdown extensions and their settings of the site's mkdocs.yml."""
    config = load_config(str(ROOT / "mkdocs.yml"))
    return list(config["markdown_extensions"]), dict(config["mdx_configs"] or {})


def convert_both_ways(texts: list[str], extra: tuple = ()) -> tuple[list[str], list[str]]:
    """``texts`` converted with the site's extensions, without and with the shortcut."""
    extensions, configs = site_extensions()
    plain = markdown.Markdown(extensions=[*extensions, *extra], extension_configs=configs)
    fast = markdown.Markdown(extensions=[*extensions, *extra, plain_text.NAME], extension_configs=configs)
    without, with_ = [], []
    for text in texts:
        plain.reset()
        fast.reset()
        without.append(plain.convert(text))
        with_.append(fast.convert(text))
    return without, with_


def test_the_site_inline_patterns_are_the_checked_ones():
    # Fails after an upgrade of Python-Markdown or a new extension that changes the inline
    # patterns: check that each still needs a character of plain_text._MAY_MATCH, then update
    # KNOWN_PATTERNS and KNOWN_DIGEST (without this the shortcut silently switches itself off).
    extensions, configs = site_extensions()
    md = markdown.Markdown(extensions=[*extensions, plain_text.NAME], extension_configs=configs)
    assert plain_text.applies(md)


def test_every_page_of_the_site_converts_to_the_same_html(built_site):
    pages = sorted((built_site / "docs").rglob("*.md"))
    texts = [page.read_text(encoding="utf-8") for page in pages]
    assert len(texts) > 300  # generated and hand-written pages, both languages
    without, with_ = convert_both_ways(texts)
    different = [str(page.relative_to(built_site)) for page, a, b in zip(pages, without, with_, strict=True) if a != b]
    assert different == []


TRICKY = [
    "Une phrase simple.\nSur deux lignes.",
    "Deux espaces en fin de ligne  \nfont un saut de ligne.",
    "Un `code` et un \\*astérisque échappé\\* et un \\\\ double.",
    "Un [lien](https://example.org/) et une ![image](a.png) et [réf][1].\n\n[1]: https://example.org/r",
    "<https://example.org/> et <info@example.org> et <b>gras</b> et <!-- commentaire -->",
    "AT&T, &amp; &#233; &#xE9; &copy; et & seul",
    "*em* **fort** ***les deux*** _sous_ __tirets__ snake_case_name 2 * 3",
    "| a | b |\n|---|---|\n| *x* | plain |\n| [l](u) | y_z |",
    "Terme\n:   Définition *accentuée*\n\nAutre\n:   définition simple",
    '!!! note "Titre"\n    Texte de la note avec `code`.\n\n    Second paragraphe simple.',
    '<div markdown="1">\nTexte **markdown** dans du HTML.\n\nSimple.\n</div>',
    "```python\nx = a_b * c  \n```\n\nAprès le bloc.",
    "=== \"Un\"\n\n    Onglet *un*\n\n=== \"Deux\"\n\n    Onglet deux",
    "# Titre simple\n\n## Titre `code` {#ancre}\n\nTexte {: .classe }",
    "Texte avec un caractère \x02 de contrôle.",
    "- liste simple\n- élément *accentué*\n    - imbriqué simple\n\n1. un\n2. deux",
    "> Citation simple\n> sur deux lignes  \n> avec saut.",
]


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_texts_convert_to_the_same_html(text):
    without, with_ = convert_both_ways([text])
    assert with_ == without


MARKUP_PIECES = st.sampled_from(["*", "_", "`", "\\", "[", "]", "(", ")", "<", ">", "&", ";", "#", "!", "  \n",
                                 "\n", "\n\n", " ", "a", "é", "x1", "https://e.org", "@", "|", "-", ":", "{", "}",
                                 "    ", "> ", "1. ", "- ", "=== ", "!!! note", '<div markdown="1">', "</div>"])


@settings(max_examples=300, deadline=None)
@given(st.lists(MARKUP_PIECES, max_size=40).map("".join))
def test_random_markdown_converts_to_the_same_html(text):
    without, with_ = convert_both_ways([text])
    assert with_ == without


class _Marks(Extension):
    """A hypothetical extension whose inline pattern matches a character the shortcut does not know (~)."""

    def extendMarkdown(self, md):
        md.inlinePatterns.register(SimpleTagInlineProcessor(r"()~(.+?)~", "del"), "tilde", 65)


def test_the_shortcut_stands_aside_when_an_inline_pattern_is_unknown():
    text = "Un ~barré~ simple."
    without, with_ = convert_both_ways([text], extra=(_Marks(),))
    assert "<del>barré</del>" in with_[0]
    assert with_ == without


def test_the_hook_adds_the_shortcut_once():
    config = load_config(str(ROOT / "mkdocs.yml"))
    before = list(config["markdown_extensions"])
    mkdocs_hooks.on_config(config)
    mkdocs_hooks.on_config(config)
    assert config["markdown_extensions"] == [*before, plain_text.NAME]


def test_plain_texts_are_marked_and_others_are_not():
    # Without this, the "same HTML" tests would also pass with a shortcut that never acts.
    import xml.etree.ElementTree as etree

    from markdown.util import AtomicString

    extensions, configs = site_extensions()
    md = markdown.Markdown(extensions=[*extensions, plain_text.NAME], extension_configs=configs)
    root = etree.Element("div")
    for text in ("Une phrase simple.", "Un *accent*.", "Un [lien](u).", "Fin  \nde ligne.", "AT&T"):
        etree.SubElement(root, "p").text = text
    root[0].tail = "queue simple"
    plain_text.MarkPlainTexts(md).run(root)
    assert [type(p.text) is AtomicString for p in root] == [True, False, False, False, False]
    assert type(root[0].tail) is AtomicString
