"""Exports: tender kits (.docx, .odt, Markdown, text) and open data (JSON, CSV, Atom).

One path for every output, shared by ``kb export``, the site build and the
browser:

- ``blocks``: record texts (restricted Markdown) parsed once into blocks/runs;
- ``strings``: the fixed FR/NL wording of kits;
- ``model``: ``select`` criteria and ``build_kit`` (pure, no I/O);
- ``layout``: a kit as headings, paragraphs and tables, FR/NL side by side;
- ``docx``, ``odt``, ``text``: the writers (``render_docx``, ``render_odt``,
  ``render_markdown``, ``render_text``);
- ``opendata``: ``write_open_data``, ``kit_data`` and ``files_for_site``;
- ``ziputil``: reproducible packages;
- ``cli``: ``kb export kit`` and ``kb export data``.

docs/assets/javascripts/kit-writer.js is the browser twin of ``model`` (assembly),
``layout`` and the writers; tests compare both.
"""
