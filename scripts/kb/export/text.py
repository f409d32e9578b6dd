"""Tender kits as Markdown and as plain text.

Both render the elements of ``layout.layout``. French and Dutch texts that the
office formats put side by side follow each other here (French first). Data
tables become GitHub-flavoured Markdown tables (several paragraphs in a cell
are joined with ``<br>``, the one HTML tag table cells need) and, in plain text,
one "Column: value" record per row.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .blocks import Block
from .layout import Heading, Para, Table, layout
from .model import Kit

_MD_SPECIAL = re.compile(r"([\\`*_<>])")
_MD_LINE_START = re.compile(r"^(#|[-+]\s|\d+[.)]\s)")


# --------------------------------------------------------------------------
# Markdown


def _md_escape(text: str) -> str:
    text = _MD_SPECIAL.sub(r"\\\1", text)
    if "](" in text or "]:" in text or "][" in text:
        text = text.replace("[", "\\[").replace("]", "\\]")
    return text


def _md_run(run, in_table: bool) -> str:
    text = _md_escape(run.text).replace("\n", "<br>" if in_table else "\\\n")
    if in_table:
        text = text.replace("|", "\\|")
    core = text.strip(" ")
    if not core:
        return text
    lead, trail = text[: len(text) - len(text.lstrip(" "))], text[len(text.rstrip(" ")):]
    marks = ("**" if run.bold else "") + ("*" if run.italic else "")
    core = marks + core + marks[::-1]
    if run.link:
        core = f"[{core}]({run.link.replace(' ', '%20').replace(')', '%29')})"
    # Emphasis markers must touch the words they wrap: keep spaces outside.
    return lead + core + trail


def md_inline(block: Block, in_table: bool = False) -> str:
    text = "".join(_md_run(r, in_table) for r in block.runs)
    if _MD_LINE_START.match(text):
        text = "\\" + text
    return text


def _md_block(block: Block) -> str:
    if block.kind == "item":
        marker = block.marker or "-"
        return "  " * block.level + marker + " " + md_inline(block)
    return md_inline(block)


def _md_blocks(blocks) -> str:
    return _join_chunks((_md_block(b), b.kind == "item") for b in blocks)


def _md_cell(cell) -> str:
    parts = []
    for block in cell:
        prefix = ("• " if not block.marker else block.marker + " ") if block.kind == "item" else ""
        parts.append(prefix + md_inline(block, in_table=True))
    return "<br>".join(parts) or " "


def _md_table(table: Table) -> str:
    if table.parallel:
        return "\n\n".join(_md_blocks(cell) for cell in table.rows[0] if cell)
    # Header cells are bold in the layout; Markdown tables make headers bold already.
    header = [tuple(replace(b, runs=tuple(replace(r, bold=False) for r in b.runs)) for b in c) for c in table.header]
    lines = ["| " + " | ".join(_md_cell(c) for c in header) + " |",
             "|" + "|".join(" --- " for _ in table.header) + "|"]
    lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in table.rows]
    return "\n".join(lines)


def render_markdown(kit: Kit) -> str:
    """The kit as a Markdown document."""
    chunks = []
    for element in layout(kit):
        if isinstance(element, Heading):
            chunks.append(("#" * (element.level + 1) + " " + _md_escape(element.text), False))
        elif isinstance(element, Para):
            text = _md_block(element.block)
            text = f"*{text}*" if element.style == "subtitle" and text else text
            chunks.append((text, element.block.kind == "item"))
        else:
            chunks.append((_md_table(element), False))
    return _join_chunks(chunks) + "\n"


def _join_chunks(chunks) -> str:
    """Chunks separated by blank lines; consecutive list items by a line break."""
    out = ""
    previous_item = False
    for chunk, is_item in chunks:
        if not chunk:
            continue
        if out:
            out += "\n" if (previous_item and is_item) else "\n\n"
        out += chunk
        previous_item = is_item
    return out


# --------------------------------------------------------------------------
# Plain text


def _txt_inline(block: Block) -> str:
    out = ""
    for run in block.runs:
        out += run.text
        if run.link and run.link != run.text:
            out += f" <{run.link}>"
    return out


def _txt_block(block: Block) -> str:
    if block.kind == "item":
        return "  " * block.level + (block.marker or "-") + " " + _txt_inline(block)
    return _txt_inline(block)


def _txt_blocks(blocks) -> str:
    return _join_chunks((_txt_block(b), b.kind == "item") for b in blocks)


def _txt_table(table: Table) -> str:
    if table.parallel:
        return "\n\n".join(_txt_blocks(cell) for cell in table.rows[0] if cell)
    names = [" ".join(_txt_inline(b) for b in cell) for cell in table.header]
    records = []
    for row in table.rows:
        lines = []
        for name, cell in zip(names, row, strict=False):  # a short row leaves the last columns empty
            if not cell:
                continue
            value = "\n".join(_txt_block(b) for b in cell).replace("\n", "\n    ")
            lines.append(f"{name}:\n    {value}")
        records.append("\n".join(lines))
    return "\n\n".join(records)


def render_text(kit: Kit) -> str:
    """The kit as plain text (UTF-8, no markup)."""
    chunks = []
    for element in layout(kit):
        if isinstance(element, Heading):
            rule = "=" if element.level < 2 else "-"
            chunks.append((element.text + "\n" + rule * len(element.text), False))
        elif isinstance(element, Para):
            chunks.append((_txt_block(element.block), element.block.kind == "item"))
        else:
            chunks.append((_txt_table(element), False))
    return _join_chunks(chunks) + "\n"
