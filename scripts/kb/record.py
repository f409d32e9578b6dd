"""A loaded record: its kind, file, data and the positions of its values."""

from __future__ import annotations

from dataclasses import dataclass

from .kinds import Kind
from .yamlload import Document


@dataclass
class Record:
    """One YAML record that parsed (it may still have schema or rule errors)."""

    kind: Kind
    path: str  # relative to the repository root, with forward slashes
    doc: Document

    @property
    def data(self) -> dict:
        return self.doc.data if isinstance(self.doc.data, dict) else {}

    @property
    def id(self) -> str:
        value = self.data.get("id")
        return value if isinstance(value, str) else self.path.rsplit("/", 1)[-1].removesuffix(".yaml")

    @property
    def stem(self) -> str:
        return self.path.rsplit("/", 1)[-1].removesuffix(".yaml")

    def get(self, key, default=None):
        return self.data.get(key, default)
