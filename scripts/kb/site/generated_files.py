"""Generated files other than pages (open data, kit data, schemas) for docs/data/."""

from __future__ import annotations

from pathlib import Path


def extra_files(repo, root: Path, epoch: str) -> dict[str, bytes]:
    """Files to publish under docs/data/, keyed by path relative to docs/:
    the finder index per language, and the open data and kit data of the export."""
    from ..render import finder

    files = {f"data/finder-{lang}.json": finder.index_json(repo, lang) for lang in ("fr", "nl")}
    try:
        from ..export import opendata
    except ImportError:
        return files
    if hasattr(opendata, "files_for_site"):
        files.update(opendata.files_for_site(repo, root, epoch))
    return files
