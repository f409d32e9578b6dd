"""Project settings read from pyproject.toml ([tool.kb]): site and repository addresses."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .kinds import ROOT


@dataclass(frozen=True)
class Settings:
    """Addresses used in generated pages (permalinks, edit and issue links)."""

    site_url: str
    repo_url: str
    branch: str

    def edit_url(self, relative: str) -> str:
        """GitHub page that edits a record file in the browser."""
        return f"{self.repo_url}/edit/{self.branch}/{relative}"

    def issue_url(self, template: str, title: str, **fields: str) -> str:
        """A pre-filled GitHub issue form (extra fields fill inputs of the form by id)."""
        from urllib.parse import quote

        extra = "".join(f"&{quote(k)}={quote(v)}" for k, v in fields.items())
        return f"{self.repo_url}/issues/new?template={quote(template)}&title={quote(title)}{extra}"


@lru_cache(maxsize=4)
def settings(root: Path = ROOT) -> Settings:
    """Settings of the repository at ``root``."""
    data = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    kb = data.get("tool", {}).get("kb", {})
    return Settings(kb["site_url"], kb["repo_url"], kb.get("branch", "main"))
