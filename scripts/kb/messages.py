"""Validation messages and their output formats (terminal text, GitHub annotations).

A message knows its file, line, column, severity, the name of the rule that
raised it, the field path and a one-line hint. The text format is the one
compilers use, so editors and ``grep`` understand it::

    criteria/circular/x.yaml:14:3: error [placeholders] clause.nl: uses {{years}} ...
        hint: use the same placeholders in French and Dutch
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"

# Rule ids that messages carry besides the named rules of kb.rules (which document
# themselves with @rule): reading files, parsing YAML and the JSON Schema. ``kb rules``
# lists both; tests/test_rule_ids.py finds every id the code emits and requires it here
# or in kb.rules.RULES.
FILE_RULES: dict[str, str] = {
    "not-a-record": "a file named on the command line is not a record of this repository",
    "unknown-file": "a file lies outside the data folders",
    "file-name": "a data file does not end in .yaml",
    "file-size": "a file, or the number of values in it, is over the limit",
    "file-read": "a file cannot be read",
    "unsafe-file": "a symbolic link or special file where a record is expected",
    "encoding": "the file is not plain UTF-8 (byte-order mark, UTF-16, invisible or control characters)",
    "empty-file": "the file holds no data",
    "yaml-syntax": "the YAML cannot be parsed",
    "yaml-depth": "the YAML is nested too deeply",
    "yaml-alias": "YAML anchors and aliases (&name / *name) are used",
    "yaml-tag": "a YAML tag (!name) is used",
    "yaml-key": "a key is not a plain name (a list, a mapping or a '<<' merge)",
    "duplicate-key": "the same key appears twice in one mapping",
    "schema": "the record does not match its JSON Schema (field, type, allowed value, form)",
    "missing-language": "a text lacks its French or Dutch side, or it is empty",
    "codelist-sync": "schema/codelists.schema.json differs from the codelists it is generated from",
    "internal": "a rule failed on this input (a bug to report, never a traceback)",
}


@dataclass(frozen=True)
class Message:
    """One problem found in one file."""

    file: str
    line: int
    column: int
    level: str
    rule: str
    path: str
    text: str
    hint: str = ""

    def sort_key(self) -> tuple:
        return (self.file, self.line, self.column, self.rule, self.text)


def format_path(path) -> str:
    """Render a JSON path tuple as ``clause.nl`` or ``sources[0].url``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(record)"


def visible(text: str) -> str:
    """``text`` with every unprintable character written as an escape (``\\n``, ``\\x1b``, ``\\u202e``).

    File names and keys come from contributors: printed raw, a newline in a name would
    forge an extra output line (in CI, a line starting ``::error``) and an escape
    sequence would drive the terminal. Printable text is unchanged.
    """
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)


def _one_line(text: str) -> str:
    # Messages may quote record content; never let it span lines or carry
    # terminal control characters.
    cleaned = "".join(ch if ch.isprintable() else " " for ch in text.replace("\n", " "))
    return cleaned if len(cleaned) <= 240 else cleaned[:237] + "..."


def format_text(messages: list[Message], files_checked: int) -> str:
    """Messages grouped per file, with hints and a closing total."""
    lines: list[str] = []
    by_file: dict[str, list[Message]] = defaultdict(list)
    for msg in sorted(messages, key=Message.sort_key):
        by_file[msg.file].append(msg)
    for file, msgs in by_file.items():
        for msg in msgs:
            lines.append(
                f"{visible(file)}:{msg.line}:{msg.column}: {msg.level} [{msg.rule}] {visible(msg.path)}: "
                f"{_one_line(msg.text)}"
            )
            if msg.hint:
                lines.append(f"    hint: {_one_line(msg.hint)}")
        lines.append("")
    errors = sum(1 for m in messages if m.level == ERROR)
    warnings = sum(1 for m in messages if m.level == WARNING)
    summary = f"{files_checked} file(s) checked: {errors} error(s), {warnings} warning(s)"
    if by_file:
        summary += f" in {len(by_file)} file(s)"
    lines.append(summary)
    return "\n".join(lines)


def _escape_property(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A").replace(":", "%3A").replace(",", "%2C")


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def format_github(messages: list[Message], files_checked: int) -> str:
    """GitHub Actions workflow commands: one inline annotation per message."""
    lines = []
    for msg in sorted(messages, key=Message.sort_key):
        command = "error" if msg.level == ERROR else "warning"
        body = f"{visible(msg.path)}: {_one_line(msg.text)}"
        if msg.hint:
            body += f"\nhint: {_one_line(msg.hint)}"
        lines.append(
            f"::{command} file={_escape_property(visible(msg.file))},line={msg.line},col={msg.column},"
            f"title={_escape_property('[' + msg.rule + ']')}::{_escape_data(body)}"
        )
    errors = sum(1 for m in messages if m.level == ERROR)
    warnings = sum(1 for m in messages if m.level == WARNING)
    lines.append(f"{files_checked} file(s) checked: {errors} error(s), {warnings} warning(s)")
    return "\n".join(lines)
