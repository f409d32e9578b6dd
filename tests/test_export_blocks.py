"""The Markdown parser that prepares record texts for the kit data (kb.export.blocks):
paragraphs, lists, emphasis, links, placeholders; never fails, never loses a word."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kb.export.blocks import Block, Run, parse


def test_parse_paragraphs_lists_and_inline_formatting():
    blocks = parse("Un **gras** et *italique*\nsuite  \nligne.\n\n- point [lien](https://example.org/x_y)\n"
                   "  - imbriqué\n3. numéro \\*étoile\\*\n\n1. __fort__ _doux_ a_b_c")
    assert [(b.kind, b.level, b.marker) for b in blocks] == [
        ("paragraph", 0, None), ("item", 0, None), ("item", 1, None), ("item", 0, "3."), ("item", 0, "1.")]
    assert blocks[0].runs == (Run("Un "), Run("gras", bold=True), Run(" et "), Run("italique", italic=True),
                              Run(" suite\nligne."))
    assert blocks[1].runs == (Run("point "), Run("lien", link="https://example.org/x_y"))
    assert blocks[3].text == "numéro *étoile*"
    assert blocks[4].runs == (Run("fort", bold=True), Run(" "), Run("doux", italic=True), Run(" a_b_c"))


def test_parse_fills_placeholders_without_reading_them_as_markdown():
    missing = set()
    blocks = parse("Norme {{std}} et {{a_b}} pour {{gone}}.", {"std": "EN *1*", "a_b": {"fr": "x", "nl": "y"}},
                   "nl", missing)
    # Each value is a run of its own, marked with its parameter (a buyer may change it in a kit).
    assert blocks == [Block("paragraph", (Run("Norme "), Run("EN *1*", param="std"), Run(" et "),
                                          Run("y", param="a_b"), Run(" pour {{gone}}.")))]
    assert missing == {"gone"}


def test_parse_nested_emphasis_and_unclosed_markers():
    assert parse("a ***x*** b")[0].runs == (Run("a "), Run("x", bold=True, italic=True), Run(" b"))
    assert parse("**ouvert et *x*")[0].runs == (Run("**ouvert et "), Run("x", italic=True))
    assert parse("2 * 3 * 4")[0].runs == (Run("2 * 3 * 4"),)


@given(st.text(alphabet="abcdefgh ,.;:éà\n", max_size=200))
def test_parse_keeps_every_word_of_plain_text(text):
    blocks = parse(text)
    words = " ".join(b.text for b in blocks).split()
    assert words == text.split()


@given(st.text(max_size=300))
def test_parse_never_fails_and_never_emits_empty_runs(text):
    for block in parse(text):
        assert block.runs and all(run.text for run in block.runs)
