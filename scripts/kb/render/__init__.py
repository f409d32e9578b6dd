"""Records to Markdown pages, in French and Dutch.

Nothing here imports MkDocs: pages are plain Markdown (with the admonition,
definition-list, tables and tabbed extensions every Python-Markdown site
generator supports) plus a small front matter, so a change of site generator
only touches ``kb.site``.
"""
