"""Rules across records: unique identifiers and references that resolve."""

from __future__ import annotations

from collections import defaultdict

from ..messages import WARNING
from .base import Finding, is_id, rule

# (kind, field path pattern, target kind). "*" walks every list item.
REFERENCES = (
    ("criterion", ("related", "*"), "criterion"),
    ("criterion", ("replaced_by",), "criterion"),
    ("criterion", ("labels", "*", "label"), "label"),
    ("practice", ("criteria", "*"), "criterion"),
    ("term", ("see_also", "*"), "term"),
    ("coverage", ("items", "*", "criteria", "*"), "criterion"),
)


def _values(data, pattern, path=()):
    if not pattern:
        yield path, data
        return
    head, rest = pattern[0], pattern[1:]
    if head == "*":
        if isinstance(data, list):
            for index, item in enumerate(data):
                yield from _values(item, rest, path + (index,))
    elif isinstance(data, dict) and head in data:
        yield from _values(data[head], rest, path + (head,))


@rule("unique-id", "repository", "No two records of the same kind share an id.")
def check_unique_ids(records, ctx):
    seen = defaultdict(list)
    for record in records:
        seen[(record.kind.name, record.id)].append(record)
    for (_kind, ident), group in seen.items():
        if len(group) > 1:
            for record in group:
                others = ", ".join(r.path for r in group if r is not record)
                yield Finding(record, ("id",), f"id {ident!r} is also used by {others}",
                              "choose another id; ids are unique per kind")


@rule("references", "repository", "Every referenced record exists (related, replaced_by, labels, practice criteria…).")
def check_references(records, ctx):
    index = defaultdict(dict)
    for record in records:
        index[record.kind.name].setdefault(record.id, record)
    for record in records:
        for kind, pattern, target in REFERENCES:
            if record.kind.name != kind:
                continue
            for path, value in _values(record.data, pattern):
                if not is_id(value):  # malformed ("../x", "A B"): the schema reports it
                    continue
                if value == record.id and target == kind:
                    yield Finding(record, path, "a record cannot refer to itself", "remove the self-reference")
                    continue
                found = index[target].get(value)
                if found is None:
                    yield Finding(record, path, f"{target} {value!r} does not exist",
                                  f"check the spelling, or add {value}.yaml first")
                elif found.data.get("status") == "deprecated" and record.data.get("status") == "published":
                    yield Finding(record, path, f"{target} {value!r} is deprecated",
                                  "refer to its replacement (replaced_by)", level=WARNING)
