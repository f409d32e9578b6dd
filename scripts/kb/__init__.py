"""kb: the sustainable ICT procurement criteria knowledge base toolkit.

One package, one code path for every job: the ``kb`` command line, the site
build (``kb site`` and the MkDocs hook) and the tests all call the same
functions. Modules:

- ``yamlload``: strict YAML reading with positions;
- ``kinds``: the record kinds, their folders and schemas;
- ``codelists`` and ``schemas``: codelists, JSON Schemas and their sync;
- ``rules``: named checks beyond the schema;
- ``repository``: load and validate the whole knowledge base;
- ``messages``: error messages and output formats;
- ``render``: records to Markdown pages (independent of MkDocs);
- ``site``: the only MkDocs-specific code (atomic build, serve hook);
- ``cli``: the ``kb`` command.
"""

__version__ = "1.0.0"
