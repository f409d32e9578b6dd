"""Generated files other than pages (open data, kit data, schemas) for docs/data/."""

from __future__ import annotations

from pathlib import Path


def extra_files(repo, root: Path, epoch: str) -> dict[str, bytes]:
    """Files to publish under docs/data/, keyed by path relative to docs/.

    Filled in by the open-data export once it exists; empty until then.
    """
    try:
        from ..export import opendata
    except ImportError:
        return {}
    if not hasattr(opendata, "files_for_site"):
        return {}
    return opendata.files_for_site(repo, root, epoch)
