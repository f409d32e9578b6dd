"""Record kinds: where each kind of record lives and which schema validates it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _below(*parts: str) -> property:
    """A read-only attribute: the path ``parts`` below the instance's root."""
    return property(lambda self: self.root.joinpath(*parts))


@dataclass(frozen=True)
class SchemaRoot:
    """Where schemas and codelists live: every path to them is derived here.

    Validation, rendering and export read ``SCHEMAS`` (the schemas the package is installed
    with); the commands that check or rewrite a repository's own codelist files (``kb
    check``, ``kb schema``) build a ``SchemaRoot`` for ``--root``.
    """

    root: Path

    # Paths below the root, as read-only attributes.
    schema_dir = _below("schema")
    codelist_dir = _below("schema", "codelists")
    generated_schema = _below("schema", "codelists.schema.json")  # the enums `kb schema --fix` writes
    field_translations = _below("schema", "field-translations.yaml")


SCHEMAS = SchemaRoot(ROOT)
# Short names kept for the modules that read them.
SCHEMA_DIR = SCHEMAS.schema_dir
CODELIST_DIR = SCHEMAS.codelist_dir


@dataclass(frozen=True)
class Kind:
    """A kind of record: its name, data folder and schema file."""

    name: str
    folder: str
    schema: str
    nested_by: str | None = None  # field whose value names the sub-folder

    def folder_for(self, record: dict) -> str:
        """Folder a record of this kind must live in, relative to the root."""
        if self.nested_by and isinstance(record.get(self.nested_by), str):
            return f"{self.folder}/{record[self.nested_by]}"
        return self.folder


CRITERION = Kind("criterion", "criteria", "criterion.schema.json", nested_by="theme")
PRACTICE = Kind("practice", "practices", "practice.schema.json")
LABEL = Kind("label", "labels", "label.schema.json")
TERM = Kind("term", "glossary", "term.schema.json")
COVERAGE = Kind("coverage", "coverage", "coverage.schema.json")
LEGISLATION = Kind("legislation", "legislation", "legislation.schema.json")
PROVISION = Kind("provision", "register", "provision.schema.json")  # the legal register

KINDS = (CRITERION, PRACTICE, LABEL, TERM, COVERAGE, LEGISLATION, PROVISION)
BY_FOLDER = {kind.folder: kind for kind in KINDS}
BY_NAME = {kind.name: kind for kind in KINDS}


def kind_for_path(relative: str) -> Kind | None:
    """The kind a file belongs to, from its first folder (``criteria/…`` → criterion)."""
    first = relative.split("/", 1)[0]
    return BY_FOLDER.get(first)
