"""Named validation rules beyond the JSON Schema (the browser-compat-data shape).

Each rule is a small function registered with ``@rule(name, scope, description)``.
``record`` rules see one record at a time; ``repository`` rules see every record
(references, duplicate identifiers). A rule yields ``Finding`` objects; the
runner turns them into located ``Message`` objects. ``kb rules`` lists them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

from ..messages import ERROR


@dataclass(frozen=True)
class Finding:
    """A problem a rule found: where (record + JSON path), what, and a hint."""

    record: object  # kb.record.Record
    path: tuple
    text: str
    hint: str = ""
    level: str = ERROR
    at_key: bool = False  # point at the key rather than the value


@dataclass(frozen=True)
class Rule:
    """A named check."""

    name: str
    scope: str  # "record" or "repository"
    description: str
    check: Callable[..., Iterable[Finding]]


RULES: dict[str, Rule] = {}


def rule(name: str, scope: str, description: str):
    """Register a rule function under ``name``."""

    def register(func):
        RULES[name] = Rule(name, scope, description, func)
        return func

    return register


def record_rules() -> list[Rule]:
    return [r for r in RULES.values() if r.scope == "record"]


def repository_rules() -> list[Rule]:
    return [r for r in RULES.values() if r.scope == "repository"]


# Importing the modules registers their rules.
from . import records, references, texts  # noqa: E402,F401
