"""Exports: tender kits (.docx, .odt, Markdown, text) and open data (JSON, CSV, Atom)."""
