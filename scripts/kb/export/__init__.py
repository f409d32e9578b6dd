"""Exports: tender kits (.docx, .odt, Markdown, text) and open data (JSON, CSV, Atom).

One kit writer: docs/assets/javascripts/kit-writer.js assembles, lays out and writes
every kit, in the site's basket and, through ``kitjs`` and Node.js, for ``kb export
kit``. Python prepares what it reads:

- ``blocks``: record texts (restricted Markdown) parsed once into blocks/runs;
- ``strings``: the fixed FR/NL wording of kits (published in the kit data);
- ``model``: each criterion's kit content (``build_item``) and the command line's checks;
- ``opendata``: ``write_open_data``, ``kit_data`` (what the writer reads) and ``files_for_site``;
- ``kitjs``: the door to the writer (``kit_node.mjs`` under Node.js);
- ``cli``: ``kb export kit`` and ``kb export data``.
"""
