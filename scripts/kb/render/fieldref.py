"""The field reference page, in French and Dutch, generated from the JSON Schemas.

The schemas in ``schema/`` are the one description of the record format; their
titles and descriptions are in English. ``schema/field-translations.yaml``
gives every documented node (record kind, object, field) a French and a Dutch
title and description, keyed by ``<schema file>#<JSON pointer>``, e.g.
``criterion.schema.json#/properties/clause``. Field names, types, allowed codes
and whether a field is required come from the schemas themselves, and
tests/test_fieldref.py fails when a field has no translation or a translation
points at nothing, so the page cannot drift from what ``kb check`` validates.

Layout: one section per record kind, one table per object (the record itself,
then nested objects such as a parameter or a label reference), a section for
the building blocks shared by every kind (source, change), and the long
codelists at the end.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache, lru_cache

from .. import kinds, schemas, wording, yamlload
from ..codelists import load_codelists
from . import md
from .ui import label

TRANSLATIONS = kinds.SCHEMAS.field_translations
COMMON = "common.schema.json"
CODELISTS = "codelists.schema.json"
SHORT_LIST = 8, 240  # codelists this short (codes, characters of labels) are listed in the table cell itself

# Shared definitions shown as a type (a word), not as a table of their own.
LEAF_TYPES = {"localizedLine", "localizedText", "translationSync", "plainText", "markdown", "id", "idList", "date",
              "httpsUrl", "version"}

# Fixed wording of the page: section "fieldref" of the wording catalogue (kb/wording.yaml).
WORDS = {lang: wording.section("fieldref", lang) for lang in wording.LANGS}


@dataclass
class Field:
    """One property of an object, as the page shows it."""

    key: str  # "<file>#<pointer>" of the property
    name: str
    file: str
    node: dict  # the property schema as written (may be a $ref)
    required: tuple  # ("yes",) / ("no",) / ("only_if", field, value) / ("one_of", fields)


@dataclass
class Table:
    """One object: the record itself or a nested object."""

    key: str  # "<file>#<pointer>" of the object
    path: str  # where it sits in a record, e.g. "parameters.*" ("" for the record)
    fields: list = field(default_factory=list)

    @property
    def anchor(self) -> str:
        file, _, pointer = self.key.partition("#")
        segments = pointer.split("/")[1:]
        # Names follow the "properties"/"definitions" keywords; "items" may be either.
        names = [segments[i + 1] for i in range(len(segments) - 1) if segments[i] in ("properties", "definitions")]
        return "-".join([file.removesuffix(".schema.json")] + names).replace("_", "-").lower()


def _node(file: str, pointer: str):
    node = schemas.schema_documents()[file]
    for part in [p for p in pointer.split("/") if p]:
        node = node[part]
    return node


def _deref(file: str, pointer: str, node) -> tuple[str, str, dict]:
    """Follow $ref (into other files too): the file, pointer and node it ends at."""
    for _ in range(10):
        if not (isinstance(node, dict) and "$ref" in node):
            break
        target_file, _, target = node["$ref"].partition("#")
        file = target_file or file
        pointer = target
        node = _node(file, pointer)
    return file, pointer, node


def _leaf_name(file: str, pointer: str) -> str | None:
    """The shared definition a node is, when it is shown as a type word."""
    name = pointer.rsplit("/", 1)[-1]
    return name if file == COMMON and name in LEAF_TYPES else None


def _object_below(file: str, pointer: str, node) -> tuple[str, str, str] | None:
    """The object a property leads to that gets its own table: (file, pointer, path suffix)."""
    file, pointer, node = _deref(file, pointer, node)
    if _leaf_name(file, pointer) or not isinstance(node, dict):
        return None
    if node.get("properties"):
        return file, pointer, ""
    if node.get("type") == "array" and isinstance(node.get("items"), dict):
        below = _object_below(file, f"{pointer}/items", node["items"])
        return (below[0], below[1], "[]" + below[2]) if below else None
    if isinstance(node.get("additionalProperties"), dict):
        below = _object_below(file, f"{pointer}/additionalProperties", node["additionalProperties"])
        return (below[0], below[1], ".*" + below[2]) if below else None
    return None


def _requirements(node: dict) -> dict[str, tuple]:
    """How each property of an object is required, conditions included."""
    out = {name: ("yes",) for name in node.get("required", [])}
    for rule in node.get("allOf", []):  # if <field> = <value> then required, else forbidden
        condition = rule.get("if", {}).get("properties", {})
        for name in rule.get("then", {}).get("required", []):
            for if_field, spec in condition.items():
                if "const" in spec:
                    out[name] = ("only_if", if_field, spec["const"])
    branches = [b.get("required", []) for b in node.get("oneOf", [])]
    alternatives = [names[0] for names in branches if len(names) == 1]
    if alternatives and len(alternatives) == len(branches):
        for name in alternatives:
            out[name] = ("one_of", tuple(alternatives))
    return out


@cache
def tables(schema_file: str) -> tuple[Table, ...]:
    """Every object table of one record kind, the record first (breadth first)."""
    queue = [(schema_file, "", "")]
    seen: set[str] = set()
    out = []
    while queue:
        file, pointer, path = queue.pop(0)
        key = f"{file}#{pointer}"
        if key in seen:
            continue
        seen.add(key)
        node = _node(file, pointer)
        required = _requirements(node)
        table = Table(key, path)
        for name, prop in node.get("properties", {}).items():
            prop_pointer = f"{pointer}/properties/{name}"
            table.fields.append(Field(f"{file}#{prop_pointer}", name, file, prop, required.get(name, ("no",))))
            below = _object_below(file, prop_pointer, prop)
            if below:
                queue.append((below[0], below[1], f"{path}.{name}{below[2]}".lstrip(".")))
        out.append(table)
    return tuple(out)


def kind_tables() -> dict[str, list[Table]]:
    """Tables per record kind; objects shared by several kinds (common schema) apart, under ''."""
    out: dict[str, list[Table]] = {kind.name: [] for kind in kinds.KINDS}
    out[""] = []
    seen: set[str] = set()
    for kind in kinds.KINDS:
        for table in tables(kind.schema):
            if table.key in seen:
                continue
            seen.add(table.key)
            out["" if table.key.startswith(COMMON) else kind.name].append(table)
    return out


def documented_keys() -> set[str]:
    """Every key the page needs a translation for: kinds, objects and their fields."""
    keys = set()
    for group in kind_tables().values():
        for table in group:
            keys.add(table.key)
            keys.update(f.key for f in table.fields)
    return keys


@lru_cache(maxsize=1)
def translations() -> dict:
    """schema/field-translations.yaml, read with the strict loader."""
    return yamlload.load(TRANSLATIONS.read_bytes()).data


def _text(key: str, lang: str, part: str) -> str:
    return translations()[key][lang][part]


# --- type column ------------------------------------------------------------------------------

def _is_short(codelist: str) -> bool:
    codes = load_codelists()[codelist].codes_list()
    labels = sum(len(label(codelist, code, lang)) for code in codes for lang in ("fr", "nl")) // 2
    return len(codes) <= SHORT_LIST[0] and labels <= SHORT_LIST[1]


def _codelist_cell(codelist: str, lang: str, words: dict) -> str:
    codes = load_codelists()[codelist].codes_list()
    if not _is_short(codelist):
        return words["codes_of"].format(title=md.inline(load_codelists()[codelist].title[lang]),
                                        anchor=f"codes-{codelist}")
    return ", ".join(f"`{code}` ({md.inline(label(codelist, code, lang))})" for code in codes)


def type_cell(file: str, pointer: str, node, lang: str, anchors: dict) -> str:
    """The type and allowed values of a property, in words."""
    words = WORDS[lang]
    file, pointer, node = _deref(file, pointer, node)
    if file == CODELISTS:
        return _codelist_cell(pointer.rsplit("/", 1)[-1], lang, words)
    leaf = _leaf_name(file, pointer)
    if leaf:
        return words[leaf]
    key = f"{file}#{pointer}"
    if key in anchors:
        return words["see"].format(title=md.inline(_text(key, lang, "title")), anchor=anchors[key])
    if "oneOf" in node and not node.get("properties"):
        return words["or"].join(type_cell(file, f"{pointer}/oneOf/{i}", branch, lang, anchors)
                                for i, branch in enumerate(node["oneOf"]))
    if "enum" in node:
        return ", ".join(f"`{value}`" for value in node["enum"])
    kind = node.get("type")
    if kind == "array":
        item = type_cell(file, f"{pointer}/items", node.get("items", {}), lang, anchors)
        examples = node.get("examples")
        if item == words["text"] and examples and isinstance(examples[0], list) and examples[0]:
            item += ", " + words["example"].format(value=examples[0][0])
        size = f", {words['at_least'].format(min=node['minItems'])}" if node.get("minItems", 0) > 1 else ""
        return f"{words['list']}{size} : {item}" if lang == "fr" else f"{words['list']}{size}: {item}"
    if kind == "object" and isinstance(node.get("additionalProperties"), dict):
        names = node.get("propertyNames", {})
        per = words["entry_per_level"] if "$ref" in names else words["entry_per_name"]
        value = type_cell(file, f"{pointer}/additionalProperties", node["additionalProperties"], lang, anchors)
        return f"{per} : {value}" if lang == "fr" else f"{per}: {value}"
    if kind == "integer":
        if "minimum" in node and "maximum" in node:
            return f"{words['integer']} {words['from_to'].format(min=node['minimum'], max=node['maximum'])}"
        return words["integer"]
    if kind == "boolean":
        return words["boolean"]
    text = words["text"]
    if node.get("examples"):
        text += ", " + words["example"].format(value=node["examples"][0])
    return text


def _required_cell(required: tuple, lang: str) -> str:
    words = WORDS[lang]
    if required[0] == "only_if":
        return words["only_if"].format(field=required[1], value=required[2])
    if required[0] == "one_of":
        return words["one_of"].format(fields="` / `".join(required[1]))
    return words[required[0]]


# --- page -------------------------------------------------------------------------------------

def _table_markdown(table: Table, lang: str, anchors: dict) -> str:
    words = WORDS[lang]
    rows = []
    for f in table.fields:
        pointer = f.key.partition("#")[2]
        title, description = md.inline(_text(f.key, lang, "title")), md.inline(_text(f.key, lang, "description"))
        rows.append([f"`{f.name}`", _required_cell(f.required, lang),
                     type_cell(f.file, pointer, f.node, lang, anchors), f"**{title}** — {description}"])
    return md.table([words["field"], words["required"], words["type"], words["meaning"]], rows)


def _heading(level: int, title: str, anchor: str) -> str:
    return f"{'#' * level} {md.inline(title)} {{ #{anchor} }}"


def field_reference_pages(lang: str) -> dict[str, str]:
    """{"about/field-reference": Markdown} for ``lang`` ("fr" or "nl")."""
    words = WORDS[lang]
    groups = kind_tables()
    anchors = {t.key: t.anchor for group in groups.values() for t in group}
    out = [md.front_matter(title=words["title"], description=words["description"]),
           f"# {words['title']}", "", words["intro"], ""]
    for kind in kinds.KINDS:
        record, *nested = groups[kind.name]
        folder = f"{kind.folder}/<theme>/<id>.yaml" if kind.nested_by else f"{kind.folder}/<id>.yaml"
        out += [_heading(2, _text(record.key, lang, "title"), record.anchor), "",
                md.inline(_text(record.key, lang, "description")), "",
                f"{words['file']} : `{folder}` · {words['schema']} `schema/{kind.schema}`" if lang == "fr" else
                f"{words['file']}: `{folder}` · {words['schema']} `schema/{kind.schema}`", "",
                _table_markdown(record, lang, anchors), ""]
        for table in nested:
            out += _object_section(table, lang, anchors, 3)
    out += [_heading(2, words["shared"], "shared"), "", words["shared_intro"], ""]
    for table in groups[""]:
        out += _object_section(table, lang, anchors, 3)
    out += _codelist_section(lang)
    return {"about/field-reference": "\n".join(out).rstrip() + "\n"}


def _object_section(table: Table, lang: str, anchors: dict, level: int) -> list[str]:
    words = WORDS[lang]
    where = f"{words['object_in'].format(path=table.path)} · " if table.path else ""
    return [_heading(level, _text(table.key, lang, "title"), table.anchor), "",
            f"*{where}{md.inline(_text(table.key, lang, 'description'))}*", "",
            _table_markdown(table, lang, anchors), ""]


def _used_codelists() -> list[str]:
    used = []
    for group in kind_tables().values():
        for table in group:
            for f in table.fields:
                stack = [(f.file, f.key.partition("#")[2], f.node)]
                while stack:
                    file, pointer, node = _deref(*stack.pop())
                    if file == CODELISTS:
                        name = pointer.rsplit("/", 1)[-1]
                        if name not in used:
                            used.append(name)
                    elif isinstance(node, dict) and not node.get("properties"):
                        for child in ("items", "additionalProperties"):
                            if isinstance(node.get(child), dict):
                                stack.append((file, f"{pointer}/{child}", node[child]))
    return used


def _codelist_section(lang: str) -> list[str]:
    words = WORDS[lang]
    long_lists = [c for c in _used_codelists() if not _is_short(c)]
    if not long_lists:
        return []
    out = [_heading(2, words["codelists"], "codelists"), "", words["codelists_intro"], ""]
    for name in sorted(long_lists):
        codelist = load_codelists()[name]
        rows = [[f"`{code}`", md.inline(label(name, code, "fr")), md.inline(label(name, code, "nl"))]
                for code in codelist.codes_list()]
        out += [_heading(3, codelist.title[lang], f"codes-{name}"), "", f"`schema/codelists/{name}.yaml`", "",
                md.table([words["code"], words["label_fr"], words["label_nl"]], rows), ""]
    return out
