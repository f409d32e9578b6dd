"""What the tests and the benchmark (scripts/bench) share to build, serve and open a copy of
the site: the sources a build needs (``sources``), a static server for the built site
(``server``) and the Chromium they drive (``chromium``).

Importable as a package because scripts/ is on the path (editable install; ``python
scripts/benchmark.py`` runs from scripts/); the tests reach it through tests/server.py,
tests/sitebuild.py and tests/browser.py.
"""
