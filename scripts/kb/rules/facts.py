"""Rules that keep one fact in one place: upstream values and editable parameters.

A value taken from an upstream document (an EU GPP criterion, a regulation) may be
carried by several criteria. Each such parameter names the upstream code it carries
(``parameters.<name>.upstream``, one of the record's ``sources[].code``); every
parameter that carries the same code must then give the same value at each level.
Parameters with the same name in two criteria that cite the same upstream code are
compared as well, so a value copied without the declaration is still caught.
"""

from __future__ import annotations

from collections import defaultdict

from .base import Finding, rule


def _source_codes(data: dict) -> set[str]:
    sources = data.get("sources")
    if not isinstance(sources, list):
        return set()
    return {s["code"] for s in sources if isinstance(s, dict) and isinstance(s.get("code"), str)}


def _parameters(data: dict) -> dict:
    params = data.get("parameters")
    return {n: p for n, p in params.items() if isinstance(p, dict)} if isinstance(params, dict) else {}


def _norm(value):
    """A comparable form of a parameter value: numbers, texts and {fr, nl} pairs."""
    if isinstance(value, dict):
        return tuple(sorted((k, " ".join(str(v).split())) for k, v in value.items()))
    return " ".join(str(value).split())


def _show(value) -> str:
    if isinstance(value, dict):
        return repr(value.get("fr", next(iter(value.values()), "")))
    return repr(value)


@rule("upstream-values", "repository",
      "Parameters that carry the same upstream code (parameters.*.upstream, or the same parameter name in "
      "criteria citing the same sources[].code) have the same value at each level.")
def check_upstream_values(records, ctx):
    # (key) -> list of (record, parameter name, values)
    groups = defaultdict(list)
    for record in records:
        if record.kind.name != "criterion" or record.data.get("status") == "deprecated":
            continue
        codes = _source_codes(record.data)
        for name, param in _parameters(record.data).items():
            values = param.get("values")
            upstream = param.get("upstream")
            if isinstance(upstream, str):
                if upstream not in codes:
                    yield Finding(record, ("parameters", name, "upstream"),
                                  f"upstream code {upstream!r} is not among the record's sources[].code",
                                  "cite the upstream document under sources with this code, or fix the spelling")
                if isinstance(values, dict):
                    groups[("upstream", upstream)].append((record, name, values))
            elif isinstance(values, dict):
                for code in codes:
                    groups[("name", code, name)].append((record, name, values))
    reported = set()
    for key, members in groups.items():
        if len({m[0].id for m in members}) < 2:
            continue
        for index, (record, name, values) in enumerate(members):
            for other, other_name, other_values in members[:index]:
                if other.id == record.id:
                    continue
                for level in sorted(set(values) & set(other_values)):
                    if _norm(values[level]) == _norm(other_values[level]):
                        continue
                    mark = (record.id, name, level, other.id)
                    if mark in reported:
                        continue
                    reported.add(mark)
                    code = key[1]
                    yield Finding(
                        record, ("parameters", name, "values", level),
                        f"{code}: value {_show(values[level])} at level {level} differs from "
                        f"{other.id} ({other.path}, parameters.{other_name}) which gives {_show(other_values[level])}",
                        "one upstream fact, one value: correct the wrong one, or name a different upstream code "
                        "if the two criteria really carry different upstream values")


@rule("editable-values", "record",
      "A parameter's values fit what editable allows (list: one of the options; range: an integer from min to max); "
      "a parameter to complete has a note in both languages.")
def check_editable_values(record, ctx):
    if record.kind.name != "criterion":
        return
    for name, param in _parameters(record.data).items():
        editable = param.get("editable")
        values = param.get("values") if isinstance(param.get("values"), dict) else {}
        if isinstance(editable, dict):
            kind = editable.get("kind")
            path = ("parameters", name, "editable")
            if kind == "list":
                options = editable.get("options")
                if not isinstance(options, list):
                    yield Finding(record, path, "an editable list needs options",
                                  "add options: the values the buyer may choose from", at_key=True)
                    continue
                allowed = {_norm(o) for o in options}
                for level, value in values.items():
                    if _norm(value) not in allowed:
                        yield Finding(record, ("parameters", name, "values", level),
                                      f"value {_show(value)} at level {level} is not one of the editable options",
                                      "add it to editable.options, or choose one of the options")
            elif kind == "range":
                low, high = editable.get("min"), editable.get("max")
                if not isinstance(low, int) or not isinstance(high, int) or low > high:
                    yield Finding(record, path, "an editable range needs integers min and max with min <= max",
                                  "add min: and max:", at_key=True)
                    continue
                for level, value in values.items():
                    if not isinstance(value, int) or not low <= value <= high:
                        yield Finding(
                            record,
                            ("parameters", name, "values", level),
                            f"value {_show(value)} at level {level} is outside the editable range {low}–{high}",
                            "give an integer within the range, or widen it",
                        )
            elif kind == "free" and ("options" in editable or "min" in editable or "max" in editable):
                yield Finding(record, path, "free text takes no options, min or max",
                              "remove them, or use kind: list or kind: range", at_key=True)
        if param.get("to_complete") is True:
            note = param.get("note")
            if isinstance(note, dict):
                for lang in ("fr", "nl"):
                    if not isinstance(note.get(lang), str) or not note[lang].strip():
                        yield Finding(record, ("parameters", name, "note"),
                                      f"the note of a parameter to complete has no {lang} text",
                                      "say in both languages where the buyer finds the value")
