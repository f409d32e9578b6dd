"""JSON Schemas: loading, one prebuilt validator per kind, readable messages.

Validators are built once per process (building one per file is 26x slower,
see the stack notes). jsonschema's own messages are written for programmers
("None is not of type 'object'"); ``explain`` turns each error into a sentence
for a contributor plus a hint, in the spirit of BCD's ``errorMessage`` table.
"""

from __future__ import annotations

import difflib
import json
import re
from functools import lru_cache

from jsonschema import Draft7Validator, FormatChecker, validators
from jsonschema.exceptions import ValidationError, best_match
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from .kinds import SCHEMA_DIR

LANGUAGE_NAMES = {"fr": "French", "nl": "Dutch", "en": "English"}


@lru_cache(maxsize=1)
def schema_documents() -> dict[str, dict]:
    """Every schema file in schema/, by file name."""
    return {p.name: json.loads(p.read_text(encoding="utf-8")) for p in sorted(SCHEMA_DIR.glob("*.schema.json"))}


@lru_cache(maxsize=1)
def registry() -> Registry:
    """A referencing registry that resolves relative $refs between our files."""
    resources = []
    for name, doc in schema_documents().items():
        resource = Resource(contents=doc, specification=DRAFT7)
        resources.append((doc["$id"], resource))
        resources.append((name, resource))
    return Registry().with_resources(resources)


@lru_cache(maxsize=16)
def validator(schema_file: str) -> Draft7Validator:
    """The prebuilt validator for one schema file (its $refs resolved once, see ``inline_refs``)."""
    schema = schema_documents()[schema_file]
    try:
        schema = inline_refs(schema, registry().resolver(base_uri=schema["$id"]))
    except RecursionError:  # a recursive $ref: keep the schema as written
        pass
    return StrictValidator(schema, registry=registry(), format_checker=FormatChecker())


_DOLLAR = re.compile(r"(?<!\\)\$")


@lru_cache(maxsize=512)
def anchored(pattern: str) -> re.Pattern:
    """A schema pattern compiled with ECMA-262's meaning of ``$``: the very end of the text.

    JSON Schema patterns are ECMA-262 regular expressions, where ``^…$`` (no multiline
    flag) spans the whole string. Python's ``$`` also matches before a final newline, so
    ``id: "circ-usb-c-port\\n"`` would pass ``^[a-z-]+$``. ``$`` becomes ``\\Z`` here.
    """
    return re.compile(_DOLLAR.sub(r"\\Z", pattern))


def _pattern(validator, pattern, instance, schema):
    if validator.is_type(instance, "string") and not anchored(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


StrictValidator = validators.extend(Draft7Validator, {"pattern": _pattern})


# Keywords whose values are schemas (draft-07), by shape.
_SCHEMA_MAPS = ("properties", "patternProperties", "definitions", "dependencies")
_SCHEMA_ONE = ("items", "additionalItems", "additionalProperties", "contains", "propertyNames", "not", "if", "then",
               "else")
_SCHEMA_LISTS = ("items", "allOf", "anyOf", "oneOf")
_ANNOTATIONS = ("title", "description", "examples", "default", "$comment")


def inline_refs(node, resolver, seen: tuple = ()):
    """A copy of a schema with every $ref replaced by the schema it points to.

    jsonschema resolves a $ref (URL join, registry lookup) each time a value is
    checked against it: about 55 % of the validation time of our records. Resolved
    once here, validation gives the same errors. ``{"$ref": X, "title": …}``
    becomes ``{"title": …, "allOf": [X]}``: draft-07 ignores a $ref's siblings for
    validation, but ``explain`` reads the annotations of the referring node
    (property titles and descriptions), which stay where they were. Raises
    RecursionError on a recursive $ref.
    """
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        resolved = resolver.lookup(node["$ref"])
        if id(resolved.contents) in seen:
            raise RecursionError(node["$ref"])
        target = inline_refs(resolved.contents, resolved.resolver, seen + (id(resolved.contents),))
        notes = {key: value for key, value in node.items() if key in _ANNOTATIONS}
        return {**notes, "allOf": [target]} if notes else target
    out = {}
    for key, value in node.items():
        if key in _SCHEMA_MAPS and isinstance(value, dict):
            out[key] = {name: inline_refs(sub, resolver, seen) for name, sub in value.items()}
        elif key in _SCHEMA_ONE and isinstance(value, dict):
            out[key] = inline_refs(value, resolver, seen)
        elif key in _SCHEMA_LISTS and isinstance(value, list):
            out[key] = [inline_refs(sub, resolver, seen) for sub in value]
        else:
            out[key] = value
    return out


def _describe(value) -> str:
    if value is None:
        return "nothing (the field is empty)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {value!r}" if len(value) < 60 else "a text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


_TYPE_NAMES = {
    "object": "a mapping of fields",
    "array": "a list",
    "string": "a text",
    "integer": "a whole number",
    "boolean": "true or false",
}


def _type_hint(expected, value) -> str:
    if expected == "string" and isinstance(value, int):
        return "put the value in quotes to keep it as text"
    if expected == "string" and isinstance(value, list):
        return "this field holds one text, not a list: remove the '- ' or the [ ]"
    if expected == "string" and isinstance(value, dict):
        return "this field holds one text, not sub-fields: check the indentation and any ':' in the text (quote it)"
    if expected == "boolean" and isinstance(value, str):
        return "write true or false (yes/no/on/off are kept as text)"
    if expected == "integer" and isinstance(value, str):
        return "write a whole number without quotes or units"
    if expected == "array":
        return "write a list, one '- item' per line"
    if expected == "object" and value is None:
        return "fill in the sub-fields (for texts: fr: and nl:)"
    return ""


def _pattern_hint(error: ValidationError) -> str:
    schema = error.schema
    title = (schema.get("title") or "").lower()
    pattern = schema.get("pattern", "")
    if pattern.startswith("^https://"):
        return "addresses must be absolute https:// links"
    if "0-9]{4}-" in pattern:
        return "write dates as YYYY-MM-DD"
    if "[0-9]{8}-" in pattern:
        return "CPV codes are 8 digits, a dash and the check digit, e.g. 30213100-6"
    if "a-z][a-z0-9]*(-" in pattern:
        return "use lower-case letters, digits and single dashes, e.g. circ-extended-warranty"
    if "\\." in pattern and "version" in title:
        return "write MAJOR.MINOR, e.g. 1.0"
    if pattern.startswith("^[^\\n\\r"):
        return "this field holds one line of plain text: no line breaks and none of < > [ ] { } | ` \\"
    examples = schema.get("examples")
    if examples:
        return f"example: {examples[0]}"
    return ""


def _one_of_message(error: ValidationError):
    """A sentence for a oneOf that no branch matched, or None to use the generic one."""
    branches = error.validator_value if isinstance(error.validator_value, list) else []
    # Alternative fields (coverage items: criteria or not_adopted).
    alternatives = [b["required"][0] for b in branches if isinstance(b, dict) and b.get("required")]
    if alternatives and len(alternatives) == len(branches) and isinstance(error.instance, dict):
        if not any(name in error.instance for name in alternatives):
            return ("schema", tuple(error.absolute_path), f"needs {' or '.join(repr(n) for n in alternatives)}",
                    "give exactly one of them")
    # Alternative shapes (a parameter value: number, text, or fr/nl text): every branch failed on its type.
    if error.context and all(e.validator == "type" and not e.relative_path for e in error.context):
        wanted = []
        for e in error.context:
            for name in e.validator_value if isinstance(e.validator_value, list) else [e.validator_value]:
                described = ("a text in French and Dutch (fr: and nl:)" if name == "object"
                             else _TYPE_NAMES.get(name, name))
                if described not in wanted:
                    wanted.append(described)
        expected = f"{', '.join(wanted[:-1])} or {wanted[-1]}" if len(wanted) > 1 else wanted[0]
        return ("schema", tuple(error.absolute_path), f"expected {expected}, found {_describe(error.instance)}",
                "see the field reference")
    return None


def _required(error: ValidationError, path: tuple, value) -> tuple[str, tuple, str, str]:
    missing = error.message.split("'")[1] if "'" in error.message else str(error.validator_value)
    if missing in LANGUAGE_NAMES:
        return ("missing-language", path + (missing,), f"the {LANGUAGE_NAMES[missing]} text is missing",
                "every text needs both fr: and nl:; translate only what you can proofread, "
                "or ask for help in the pull request")
    hint = _REQUIRED_HINTS.get(missing, "")
    if not hint:  # say what the field is, from the schema itself
        prop = error.schema.get("properties", {}).get(missing, {}) if isinstance(error.schema, dict) else {}
        if isinstance(prop, dict) and prop.get("description"):
            hint = f"{prop.get('title', missing)}: {prop['description']}"
    return ("schema", path + (missing,), f"required field {missing!r} is missing", hint)


_REQUIRED_HINTS = {
    "award": "award criteria need award: with weights per level and a scoring method",
    "replaced_by": "a deprecated record names the record that replaces it",
}


def _additional(error: ValidationError, path: tuple, value) -> tuple[str, tuple, str, str]:
    allowed = list(error.schema.get("properties", {}))
    extras = [k for k in value if k not in allowed] if isinstance(value, dict) else []
    extra = extras[0] if extras else "?"
    guess = difflib.get_close_matches(extra, allowed, n=1)
    hint = f"did you mean {guess[0]!r}?" if guess else ("allowed fields: " + ", ".join(allowed) if allowed else "")
    return ("schema", path + (extra,), f"unknown field {extra!r}", hint)


def _type(error: ValidationError, path: tuple, value) -> tuple[str, tuple, str, str]:
    expected = error.validator_value
    names = expected if isinstance(expected, list) else [expected]
    wanted = " or ".join(_TYPE_NAMES.get(n, n) for n in names)
    return ("schema", path, f"expected {wanted}, found {_describe(value)}", _type_hint(names[0], value))


def _enum(error: ValidationError, path: tuple, value) -> tuple[str, tuple, str, str]:
    options = [str(o) for o in error.validator_value]
    guess = difflib.get_close_matches(str(value), options, n=1)
    hint = f"did you mean {guess[0]!r}?" if guess else "allowed: " + ", ".join(options)
    return ("schema", path, f"{_describe(value)} is not an allowed value", hint)


def _pattern(error: ValidationError, path: tuple, value) -> tuple[str, tuple, str, str]:
    return ("schema", path, f"{_describe(value)} does not have the expected form", _pattern_hint(error))


def _min_length(error: ValidationError, path: tuple, value) -> tuple[str, tuple, str, str]:
    if path and path[-1] in LANGUAGE_NAMES:
        return ("missing-language", path, f"the {LANGUAGE_NAMES[path[-1]]} text is empty",
                "write the text in both languages; translate only what you can proofread, "
                "or ask for help in the pull request")
    return ("schema", path, "is empty", "write the text, or remove the field if it is optional")


# "not": {"required": [field]} in the schemas forbids a field in some records.
_FORBIDDEN = {
    "award": ("is only for criteria of type award", "remove award:, or change type: to award"),
    "replaced_by": ("is only for deprecated records", "remove replaced_by:, or set status: deprecated"),
    "not_adopted": ("give either criteria: or not_adopted:, not both", "keep the one that is true"),
    "criteria": ("give either criteria: or not_adopted:, not both", "keep the one that is true"),
}


def _not(error: ValidationError, path: tuple, value) -> tuple[str, tuple, str, str] | None:
    if not (isinstance(error.validator_value, dict) and "required" in error.validator_value):
        return None  # the generic message below
    field = error.validator_value["required"][0]
    reason, hint = _FORBIDDEN.get(field, (f"{field!r} is not allowed here", ""))
    return ("schema", path + (field,), reason, hint)


# Keywords whose message needs code; each returns (rule, path, message, hint) or None.
_EXPLAINERS = {"required": _required, "additionalProperties": _additional, "type": _type, "enum": _enum,
               "pattern": _pattern, "minLength": _min_length, "not": _not}
# Keywords with a fixed message: {value} is the offending value described, {limit} the
# keyword's value in the schema, {keyword} its name. Rule "schema", path unchanged.
_MESSAGES = {
    "const": ("must be {limit!r}", ""),
    "format": ("{value} is not a valid {limit}", "check the day and month exist"),
    "minItems": ("needs at least {limit} item(s)", ""),
    "minProperties": ("needs at least {limit} entry", ""),
    "uniqueItems": ("lists the same item twice", "remove the duplicate"),
    "maxLength": ("is longer than {limit} characters", "shorten it"),
    "minimum": ("{value} is out of range ({keyword} {limit})", ""),
    "maximum": ("{value} is out of range ({keyword} {limit})", ""),
    "oneOf": ("does not match any of the allowed forms", "see the field reference"),
    "propertyNames": ("name {value} is not allowed here", ""),
}


def explain(error: ValidationError) -> tuple[str, tuple, str, str]:
    """(rule, path, message, hint) for one jsonschema error, from the tables above."""
    if error.validator == "oneOf":
        special = _one_of_message(error)
        if special:
            return special
    if error.context:
        # oneOf/anyOf: report the most relevant branch, not the cascade.
        deepest = best_match(error.context)
        if deepest is not None and deepest.validator not in ("type",):
            return explain(deepest)
    path, keyword, value = tuple(error.absolute_path), error.validator, error.instance
    explainer = _EXPLAINERS.get(keyword)
    found = explainer(error, path, value) if explainer else None
    if found:
        return found
    if keyword in _MESSAGES:
        template, hint = _MESSAGES[keyword]
        text = template.format(value=_describe(value) if "{value}" in template else "",
                               limit=error.validator_value, keyword=keyword)
        return ("schema", path, text, hint)
    return ("schema", path, error.message[:200], "")


# When one value breaks several keywords, only the most basic one is reported:
# "expected a text, found a list" says it all; "a list is not an allowed value"
# on top of it is noise. Lower rank wins; keywords not listed are always kept.
_RANK = {"type": 0, "minLength": 1, "enum": 2, "pattern": 2, "format": 3}


def iter_schema_problems(schema_file: str, data) -> list[tuple[str, tuple, str, str]]:
    """All schema problems of one record, explained, in document order, one per value."""
    errors = list(validator(schema_file).iter_errors(data))
    best: dict[tuple, int] = {}
    for error in errors:
        if error.validator in _RANK:
            path = tuple(error.absolute_path)
            best[path] = min(best.get(path, 99), _RANK[error.validator])
    problems = []
    for error in errors:
        rank = _RANK.get(error.validator)
        if rank is not None and rank > best[tuple(error.absolute_path)]:
            continue
        problem = explain(error)
        if problem not in problems:
            problems.append(problem)
    return problems
