"""Generated files other than pages, published under data/: the finder and search
indexes per language, and the open data and kit data of the export."""

from __future__ import annotations

from pathlib import Path

from ..render import finder, search
from ..render.generate import GENERATED, render_all, write_pages
from .digest import write_generation_stamp


def extra_files(repo, root: Path, epoch: str, pages: dict[str, str | bytes], memo=None) -> dict[str, bytes]:
    """Files to publish, keyed by path relative to docs/ (``pages``: the generated pages, as
    text or UTF-8 bytes; ``memo``: see kb.render.memo)."""
    files = finder.data_files(repo)  # data/finder-<lang>.json and its text shards
    files.update(search.index_files(pages, root / "docs", GENERATED, terms=repo.of_kind("term"), memo=memo))
    try:
        from ..export import opendata
    except ImportError:
        return files
    if hasattr(opendata, "files_for_site"):
        files.update(opendata.files_for_site(repo, root, epoch, memo))
    return files


def generate_site_sources(repo, root: Path, epoch: str, check: bool = False, memo=None):
    """Render every page and data file and write what changed under docs/ (one code path
    for ``kb generate``, ``kb site`` and the ``mkdocs serve`` hook; ``memo``: a live preview's
    kb.render.memo.GenerationMemo)."""
    pages = render_all(repo, encoded=True, memo=memo)  # bytes: half the memory of the texts
    report = write_pages(repo, root / "docs", check=check, extra=extra_files(repo, root, epoch, pages, memo),
                         pages=pages)
    if not check and memo is None:
        # Lets the MkDocs hook skip this work when `mkdocs build` runs after `kb generate`. A
        # preview does not need it (it regenerates after every change) and saves the hashing.
        write_generation_stamp(root, epoch)
    return report
