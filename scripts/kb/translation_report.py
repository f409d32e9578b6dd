"""``kb translations``: which records may have an outdated French or Dutch text.

Reports, per record, whether both languages were reviewed together
(``translation_sync``), and if so whether one side changed since. With
``--mark-reviewed ID…`` it records that a person reviewed both languages of
these records now (it rewrites the files in canonical form).
"""

from __future__ import annotations

from pathlib import Path

from . import canonical, yamlload
from .repository import load_repository
from .translations import checkpoint, status

NAMES = {"fr": "French", "nl": "Dutch"}


def report_rows(repo) -> list[tuple[str, str, str]]:
    """(file, id, state) for every record with a translation issue or no review yet."""
    rows = []
    for record in sorted(repo.records, key=lambda r: r.path):
        state = status(record)
        if not state.reviewed:
            rows.append((record.path, record.id, "never reviewed together"))
        elif state.stale_language:
            rows.append((record.path, record.id, f"{NAMES[state.stale_language]} may be outdated"))
        elif state.changed:
            rows.append((record.path, record.id, "both languages changed since the review"))
    return rows


def mark_reviewed(root: Path, repo, ids: list[str]) -> int:
    """Write translation_sync for the given record ids."""
    by_id = {}
    for record in repo.records:
        by_id.setdefault(record.id, []).append(record)
    status_code = 0
    for ident in ids:
        records = by_id.get(ident)
        if not records:
            print(f"kb translations: no record with id {ident!r}")
            status_code = 1
            continue
        for record in records:
            path = root / record.path
            data = dict(record.data)
            data["translation_sync"] = checkpoint(data)
            text = path.read_text(encoding="utf-8")
            header = "\n".join(canonical.header_comments(text))
            body = _dump(record.kind, data)
            path.write_text((header + "\n" if header else "") + body, encoding="utf-8")
            print(f"{record.path}: both languages marked as reviewed")
    return status_code


def _dump(kind, data) -> str:
    lines: list[str] = []
    doc = canonical.schemas.schema_documents()[kind.schema]
    canonical._emit(data, (doc, doc), 0, lines, "")
    text = "\n".join(lines) + "\n"
    assert yamlload.load(text.encode()).data == data
    return text


def main(root: Path, mark: list[str], fmt: str) -> int:
    """Print the report, or mark records as reviewed."""
    repo = load_repository(root)
    if mark:
        return mark_reviewed(root, repo, mark)
    rows = report_rows(repo)
    stale = [r for r in rows if "outdated" in r[2] or "both" in r[2]]
    if fmt == "markdown":
        print("| file | id | state |\n|---|---|---|")
        for row in rows:
            print(f"| `{row[0]}` | `{row[1]}` | {row[2]} |")
    else:
        for row in rows:
            print(f"{row[0]}: {row[1]}: {row[2]}")
    print(f"{len(repo.records)} record(s): {len(stale)} possibly outdated, "
          f"{len(rows) - len(stale)} never reviewed together")
    return 0
