"""Load and validate the whole knowledge base: one function for CLI, build and tests.

``load_repository`` reads every record file, parses it strictly, validates it
against its JSON Schema, runs the named rules and returns the records with all
messages. Nothing here raises on bad input: every problem becomes a located
``Message`` (a crash in a rule is reported as an ``internal`` error rather than
a traceback, so one odd file never hides the others).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from . import codelists as codelist_mod
from . import fsguard, kinds, rules, schemas, yamlload
from .messages import ERROR, Message, format_path
from .record import Record

DATA_SUFFIX = ".yaml"


@dataclass
class Repository:
    """The validated knowledge base."""

    root: Path
    records: list[Record] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)
    files_checked: int = 0

    @property
    def ok(self) -> bool:
        return not any(m.level == ERROR for m in self.messages)

    def of_kind(self, name: str) -> list[Record]:
        """Records of one kind, sorted by id."""
        return sorted((r for r in self.records if r.kind.name == name), key=lambda r: r.id)

    def by_id(self, name: str) -> dict[str, Record]:
        return {r.id: r for r in self.of_kind(name)}

    def bad_files(self) -> set[str]:
        return {m.file for m in self.messages if m.level == ERROR}


def discover(root: Path) -> list[str]:
    """Relative paths of every regular file under the data folders, sorted.

    Links and special files are not listed (nothing is followed): ``unsafe_files``
    reports them.
    """
    found = []
    for kind in kinds.KINDS:
        found += [p for p in fsguard.regular_files(root, kind.folder) if not p.rsplit("/", 1)[-1].startswith(".")]
    return sorted(found)


def unsafe_files(root: Path) -> list[Message]:
    """A located error for each symbolic link, FIFO or device among the records and in
    every folder the build reads or writes (a pull request must not steer the build
    outside the repository)."""
    folders = [kind.folder for kind in kinds.KINDS] + list(fsguard.SOURCE_FOLDERS)
    found = fsguard.unsafe_entries(root, folders)
    # The site folder is the build's output: only the folder itself is checked (a committed
    # link named "site" would make the build replace whatever it points to).
    site_problem = fsguard.top_level_problem(root / "site")
    if site_problem:
        found.append(("site", site_problem))
    return [Message(relative, 1, 1, ERROR, "unsafe-file", "(file)", reason, fsguard.HINT) for relative, reason in found]


def argument_problems(root: Path, relatives: list[str]) -> list[Message]:
    """A located error for each command-line path that is not a record of this repository.

    Paths outside the repository, in no data folder, missing, or links and special
    files are refused: ``kb check /etc/passwd`` must not say "0 errors".
    """
    records = set(discover(root))
    out = []
    for relative in relatives:
        if relative in records:
            continue
        if relative.startswith("/") or relative.startswith("../"):
            reason = "is not inside this repository"
        elif kinds.kind_for_path(relative) is None:
            reason = "is not in a data folder (" + ", ".join(k.folder + "/" for k in kinds.KINDS) + ")"
        else:
            problem = fsguard.top_level_problem(root / relative)
            exists = os.path.lexists(root / relative)
            reason = problem or ("does not exist" if not exists else "is not a record file (.yaml)")
        out.append(Message(relative, 1, 1, ERROR, "not-a-record", "(file)", reason,
                           "name record files of this repository, e.g. criteria/circular/circ-usb-c-port.yaml"))
    return out


def _message(path: str, doc, finding_path, level, rule, text, hint, at_key=False) -> Message:
    if doc is None:
        line, column = 1, 1
    elif at_key:
        line, column = doc.locate_key(finding_path)
    else:
        line, column = doc.locate(finding_path)
    return Message(path, line, column, level, rule, format_path(finding_path), text, hint)


class RecordMemo:
    """The parsed and checked files of earlier loads, reused while a file's bytes stay the same.

    ``mkdocs serve`` keeps one across rebuilds (kb.site.preview), so after an edit only the
    edited file is parsed, schema-checked and put through the record rules again: at 1,000
    criteria that work is nine tenths of a load. Everything that looks at more than one record
    (the repository rules, the codelists, unsafe files) runs on every load. A file is read
    again on every load (through fsguard, as without the memo) and its bytes are compared by
    digest, so an edit is never missed, whatever its time stamps. Records must not be changed
    by their users (nothing in kb does): the same object is handed out by every load.
    """

    def __init__(self):
        self._entries: dict[str, tuple[bytes, Record | None, list[Message]]] = {}
        self.reused = 0

    def read(self, root: Path, relative: str) -> tuple[Record | None, list[Message]]:
        """``read_record`` plus the record rules' messages, from the memo when the bytes match."""
        try:
            raw = fsguard.read_regular(root / relative, yamlload.MAX_BYTES, relative)
        except (fsguard.FileTooLarge, fsguard.UnsafePath):
            self._entries.pop(relative, None)
            return _checked(root, relative)  # reports the problem exactly as without the memo
        digest = hashlib.blake2b(raw, digest_size=20).digest()
        entry = self._entries.get(relative)
        if entry is not None and entry[0] == digest:
            self.reused += 1
            return entry[1], entry[2]
        record, messages = _checked(root, relative, raw)
        self._entries[relative] = (digest, record, messages)
        return record, messages

    def forget_others(self, relatives: list[str]) -> None:
        """Drop the entries of files that are gone."""
        for relative in self._entries.keys() - set(relatives):
            del self._entries[relative]


def _checked(root: Path, relative: str, raw: bytes | None = None) -> tuple[Record | None, list[Message]]:
    """``read_record``, then the record rules on the record (messages of both)."""
    record, messages = read_record(root, relative, raw)
    if record is not None:
        ctx = {"root": root}  # one per record: rules may keep what they share in it (rules.texts)
        for rule in rules.record_rules():
            messages.extend(_run_rule(rule, record, ctx, record.path))
    return record, messages


def read_record(root: Path, relative: str, raw: bytes | None = None) -> tuple[Record | None, list[Message]]:
    """Parse and schema-check one file (``raw``: its bytes, when already read). Returns the
    record (if it parsed) and messages."""
    kind = kinds.kind_for_path(relative)
    if kind is None:
        return None, [Message(relative, 1, 1, ERROR, "unknown-file", "(file)", "not in a data folder", "")]
    if not relative.endswith(DATA_SUFFIX):
        return None, [
            Message(relative, 1, 1, ERROR, "file-name", "(file)", "data files must end in .yaml",
                    f"rename it to {relative.rsplit('.', 1)[0]}.yaml, or move it out of {kind.folder}/")
        ]
    try:
        if raw is None:
            raw = fsguard.read_regular(root / relative, yamlload.MAX_BYTES, relative)
        doc = yamlload.load(raw)
    except yamlload.YamlError as exc:
        return None, [
            Message(relative, exc.line, exc.column, ERROR, exc.rule, format_path(exc.path), exc.message, exc.hint)
        ]
    except fsguard.FileTooLarge as exc:
        return None, [Message(relative, 1, 1, ERROR, "file-size", "(file)", exc.reason, exc.hint)]
    except fsguard.UnsafePath as exc:
        rule = "unsafe-file" if exc.hint else "file-read"
        return None, [Message(relative, 1, 1, ERROR, rule, "(file)", exc.reason, exc.hint)]
    if not isinstance(doc.data, dict):
        return None, [
            Message(relative, 1, 1, ERROR, "schema", "(record)", "a record must be a mapping of fields",
                    "start from `kb new` to get the expected layout")
        ]
    record = Record(kind, relative, doc)
    messages = []
    for rule_name, path, text, hint in schemas.iter_schema_problems(kind.schema, doc.data):
        at_key = text.startswith("unknown field")
        messages.append(_message(relative, doc, path, ERROR, rule_name, text, hint, at_key))
    return record, messages


def _run_rule(rule, target, ctx, fallback_path: str) -> list[Message]:
    messages = []
    try:
        for finding in rule.check(target, ctx) or ():
            rec = finding.record
            messages.append(_message(rec.path, rec.doc, finding.path, finding.level, rule.name,
                                     finding.text, finding.hint, finding.at_key))
    except Exception as exc:  # a rule must never turn bad data into a traceback
        messages.append(Message(fallback_path, 1, 1, ERROR, "internal", "(record)",
                                f"rule {rule.name} failed on this input ({type(exc).__name__})",
                                "please report this file in an issue"))
    return messages


def check_codelists(root: Path) -> list[Message]:
    """Codelist files are valid and the generated enum schema is in sync."""
    messages = []
    own = kinds.SchemaRoot(root)
    directory = own.codelist_dir
    for relative in fsguard.regular_files(root, "schema/codelists"):
        if not relative.endswith(".yaml") or "/" in relative[len("schema/codelists/"):]:
            continue
        try:
            doc = yamlload.load(fsguard.read_regular(root / relative, yamlload.MAX_BYTES, relative))
        except yamlload.YamlError as exc:
            messages.append(
                Message(relative, exc.line, exc.column, ERROR, exc.rule, format_path(exc.path), exc.message, exc.hint)
            )
            continue
        except fsguard.UnsafePath as exc:
            messages.append(Message(relative, 1, 1, ERROR, "unsafe-file", "(file)", exc.reason, exc.hint))
            continue
        for rule_name, fpath, text, hint in schemas.iter_schema_problems("codelist.schema.json", doc.data):
            messages.append(_message(relative, doc, fpath, ERROR, rule_name, text, hint))
    if messages:
        return messages
    generated = own.generated_schema
    expected = codelist_mod.render_generated_schema(codelist_mod.load_codelists(directory))
    actual = generated.read_text(encoding="utf-8") if generated.exists() else ""
    if actual != expected:
        messages.append(Message("schema/codelists.schema.json", 1, 1, ERROR, "codelist-sync", "(file)",
                                "the generated enums differ from schema/codelists/*.yaml",
                                "run `kb schema --fix` (never edit this file by hand)"))
    return messages


def load_repository(root: Path = kinds.ROOT, only: list[str] | None = None,
                    memo: RecordMemo | None = None) -> Repository:
    """Read, parse and validate every record (and the codelists).

    ``only`` limits the reported messages to some files (e.g. the files a pull
    request changed); all records are still loaded so references resolve. ``memo``
    reuses the checks of files whose bytes did not change since an earlier load with it.
    """
    repo = Repository(root=root)
    repo.messages.extend(unsafe_files(root))
    repo.messages.extend(check_codelists(root))
    files = discover(root)
    repo.files_checked = len(files)
    for relative in files:
        record, messages = memo.read(root, relative) if memo is not None else _checked(root, relative)
        repo.messages.extend(messages)
        if record is not None:
            repo.records.append(record)
    if memo is not None:
        memo.forget_others(files)
    ctx = {"root": root}
    for rule in rules.repository_rules():
        repo.messages.extend(_run_rule(rule, repo.records, ctx, "(repository)"))
    if only is not None:
        wanted = set(only)
        repo.messages = [m for m in repo.messages if m.file in wanted]
    repo.messages = sorted(set(repo.messages), key=Message.sort_key)
    return repo
