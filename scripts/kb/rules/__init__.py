"""Named validation rules beyond the JSON Schema (the browser-compat-data shape).

Each rule is a small function registered with ``@rule(name, scope, description)``.
``record`` rules see one record at a time; ``repository`` rules see every record
(references, duplicate identifiers). A rule yields ``Finding`` objects; the
runner turns them into located ``Message`` objects. ``kb rules`` lists them.
"""

from __future__ import annotations

# The rule modules are imported for their @rule registrations only.
from . import facts, records, references, register, sources, texts  # noqa: F401  (imported to register rules)
from .base import RULES, Finding, Rule, is_id, record_rules, repository_rules, rule, strings

__all__ = ["RULES", "Finding", "Rule", "is_id", "record_rules", "repository_rules", "rule", "strings"]
