"""The content report `kb check` prints before its total: how far the base can be trusted.

Two figures a legal service asks for first: the share of criterion pages that cite a
legal provision the register has not verified (with each article and why), and how
many criteria rest on a label's criteria (label claims), per label.
"""

from __future__ import annotations

from collections import Counter


def label_coverage(records) -> list[str]:
    """One line on label claims, then the number of criteria linked to each label."""
    records = list(records)
    criteria = [r for r in records if r.kind.name == "criterion" and r.data.get("status") == "published"]
    labels = sorted((r for r in records if r.kind.name == "label"), key=lambda r: r.id)
    if not criteria:
        return []
    links = Counter(ref.get("label") for c in criteria for ref in c.data.get("labels") or [] if isinstance(ref, dict))
    claimed = sum(1 for c in criteria if c.data.get("labels"))
    lines = [f"label claims: {claimed} of {len(criteria)} published criteria ({100 * claimed / len(criteria):.0f} %) "
             f"rest on at least one label's criteria"]
    for label in labels:
        lines.append(f"  {label.id} ({label.data.get('status', '?')}): {links.get(label.id, 0)} criteria")
    return lines


def content_report(records) -> list[str]:
    """Every line of the content report."""
    from .rules.register import unverified_summary

    records = list(records)
    return unverified_summary(records) + label_coverage(records)
