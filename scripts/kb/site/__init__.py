"""The only MkDocs-specific code: the atomic site build and the ``mkdocs serve`` hook."""
