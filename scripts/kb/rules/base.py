"""The rule registry: ``Finding``, ``Rule``, the ``@rule`` decorator and small helpers.

Kept apart from the package ``__init__`` so the rule modules import it without
importing the package that imports them (no import cycle).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

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

    def add(func):
        RULES[name] = Rule(name, scope, description, func)
        return func

    return add


def strings(value) -> list[str]:
    """The text items of a list value; anything else (a wrong type the schema reports) gives []."""
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def is_id(value) -> bool:
    """True for a well-formed identifier. Rules skip malformed ones: the schema already
    reports them, and a hint like "rename the file to ../x.yaml" would only mislead."""
    return isinstance(value, str) and _ID.fullmatch(value) is not None


_ID = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)*")


def record_rules() -> list[Rule]:
    return [r for r in RULES.values() if r.scope == "record"]


def repository_rules() -> list[Rule]:
    return [r for r in RULES.values() if r.scope == "repository"]
