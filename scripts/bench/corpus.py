"""Synthetic knowledge bases of a given size, made from the real records and the valid test
fixtures: every criterion copied under a new id, references re-pointed at records of the same
copy, practices in the real proportion, the other records as they are (see the package
docstring). Every record written is valid and in canonical form."""

from __future__ import annotations

import copy
import random
import shutil
import zlib
from pathlib import Path

import yaml
from siteharness.sources import SITE_SOURCES, copy_sources

from kb import canonical, kinds, translations, yamlload
from kb.kinds import ROOT
from kb.render.generate import GENERATED
from kb.repository import discover, load_repository

FIXTURES = ROOT / "tests" / "fixtures" / "valid"


def valid_records(root: Path) -> dict[str, list]:
    """Records of the real repository that have no error, by kind."""
    repo = load_repository(root)
    bad = repo.bad_files()
    out: dict[str, list] = {kind.name: [] for kind in kinds.KINDS}
    for record in repo.records:
        if record.path not in bad:
            out[record.kind.name].append(record)
    for records in out.values():
        records.sort(key=lambda r: r.id)
    return out


def fixture_records() -> dict[str, list[dict]]:
    """Data of the valid test fixtures, by kind."""
    out: dict[str, list[dict]] = {}
    for path in sorted(FIXTURES.rglob("*.yaml")):
        kind = kinds.kind_for_path(path.relative_to(FIXTURES).as_posix())
        out.setdefault(kind.name, []).append(yamlload.load(path.read_bytes()).data)
    return out


def copy_id(ident: str, number: int) -> str:
    """The id of copy ``number`` of record ``ident`` (``<id>-000``…: the same length at every size)."""
    return f"{ident}-{number:03d}"


def retitle(data: dict, field: str, number: int) -> None:
    """Append the copy number to a localized title."""
    value = data.get(field)
    if isinstance(value, dict):
        data[field] = {
            **value,
            "fr": f"{value['fr']} (copie {number:03d})",
            "nl": f"{value['nl']} (kopie {number:03d})",
        }


def resync_translation(original: dict, data: dict) -> None:
    """Keep a reviewed translation reviewed after the titles changed in both languages."""
    sync = original.get("translation_sync")
    if isinstance(sync, dict) and all(
        sync.get(lang) == translations.fingerprint(original, lang) for lang in ("fr", "nl")
    ):
        data["translation_sync"] = translations.checkpoint(data)


class IdMap:
    """Re-points criterion references at the copies that exist in one synthetic set."""

    def __init__(self, ids: list[str]):
        self.ids = ids
        self.present = set(ids)

    def get(self, ident: str, number: int) -> str | None:
        """The copy ``number`` of ``ident``, else its first copy, else None."""
        for candidate in (copy_id(ident, number), copy_id(ident, 0)):
            if candidate in self.present:
                return candidate
        return None

    def some(self, seed: int, avoid: str = "") -> str:
        """A deterministic existing id (for a reference that must not be empty)."""
        choice = self.ids[seed % len(self.ids)]
        return self.ids[(seed + 1) % len(self.ids)] if choice == avoid and len(self.ids) > 1 else choice

    def remap_list(self, refs, number: int, self_id: str = "") -> list[str]:
        """References re-pointed at copy ``number``; a missing target (a small set holds
        only some of the templates) is replaced by another record, so that pages have the
        same number of links at every size."""
        out = []
        for ref in refs or []:
            target = self.get(ref, number) or self.some(zlib.crc32(f"{ref}/{number}".encode()), self_id)
            if target != self_id and target not in out:
                out.append(target)
        return out


def write_record(root: Path, kind: kinds.Kind, data: dict, note: str) -> None:
    """Write ``data`` in canonical form (the form ``kb fmt`` writes)."""
    dumped = yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False, width=100)
    text = canonical.format_record(kind, dumped.encode("utf-8"))
    folder = root / kind.folder_for(data)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{data['id']}.yaml").write_text(f"# {note}\n{text}", encoding="utf-8")


def make_knowledge_base(target: Path, size: int, real: dict[str, list], fixtures: dict[str, list[dict]]) -> dict:
    """Write a repository with ``size`` criteria into ``target``; returns what it holds."""
    copy_sources(target, SITE_SOURCES)
    templates = [r.data for r in real["criterion"]] + fixtures.get("criterion", [])
    random.Random(2026).shuffle(templates)  # a mixed sample at every size
    labels = {r.id for r in real["label"]} | {d["id"] for d in fixtures.get("label", [])}
    plan = [(templates[i % len(templates)], i // len(templates)) for i in range(size)]
    ids = IdMap([copy_id(t["id"], n) for t, n in plan])
    for index, (template, number) in enumerate(plan):
        data = copy.deepcopy(template)
        data["id"] = copy_id(template["id"], number)
        retitle(data, "title", number)
        related = ids.remap_list(data.get("related"), number, data["id"])
        if related:
            data["related"] = related
        else:
            data.pop("related", None)
        if "replaced_by" in data:
            data["replaced_by"] = ids.get(data["replaced_by"], number) or ids.some(index, data["id"])
        if data.get("labels"):
            data["labels"] = [ref for ref in data["labels"] if ref.get("label") in labels]
            if not data["labels"]:
                data.pop("labels")
        resync_translation(template, data)
        write_record(target, kinds.CRITERION, data, f"Synthetic copy of {template['id']} (scripts/benchmark.py).")
    practice_templates = [r.data for r in real["practice"]] + fixtures.get("practice", [])
    practices = max(5, round(size * len(practice_templates) / max(1, len(templates))))
    for index in range(practices):
        template, number = practice_templates[index % len(practice_templates)], index // len(practice_templates)
        data = copy.deepcopy(template)
        data["id"] = copy_id(template["id"], number)
        retitle(data, "title", number)
        data["criteria"] = ids.remap_list(data.get("criteria"), number) or [ids.some(index * 7)]
        resync_translation(template, data)
        write_record(target, kinds.PRACTICE, data, f"Synthetic copy of {template['id']} (scripts/benchmark.py).")
    for record in real["coverage"]:
        data = copy.deepcopy(record.data)
        for position, item in enumerate(data.get("items") or []):
            if "criteria" in item:
                item["criteria"] = ids.remap_list(item["criteria"], 0) or [ids.some(position * 13)]
        write_record(target, kinds.COVERAGE, data, f"Copy of {record.path} with re-pointed references.")
    for kind_name in ("label", "term", "legislation", "provision"):
        for record in real[kind_name]:
            destination = target / record.path
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(ROOT / record.path, destination)
    for data in fixtures.get("label", []):
        write_record(target, kinds.LABEL, data, "Copy of the test fixture label.")
    return {"criteria": size, "practices": practices, "labels": len(labels),
            "records": len(discover(target))}


def clear_generated(root: Path) -> None:
    """Remove every generated folder under docs/ (no generated page left)."""
    for name in GENERATED:
        shutil.rmtree(root / "docs" / name, ignore_errors=True)
