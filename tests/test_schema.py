"""Schema self-checks: valid draft-07, documented properties, examples, codelist sync."""

import json

import pytest
from jsonschema import Draft7Validator

from kb import codelists, schemas
from kb.kinds import SCHEMA_DIR

SCHEMA_FILES = sorted(p.name for p in SCHEMA_DIR.glob("*.schema.json"))


@pytest.mark.parametrize("name", SCHEMA_FILES)
def test_schema_is_valid_draft7(name):
    Draft7Validator.check_schema(json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8")))


def _walk_properties(node, path=""):
    if isinstance(node, dict):
        for key, sub in (node.get("properties") or {}).items():
            yield f"{path}.{key}", sub
        for key, sub in node.items():
            if key in ("properties",):
                for pkey, psub in sub.items():
                    yield from _walk_properties(psub, f"{path}.{pkey}")
            elif key in ("if", "not"):
                continue  # conditions, not documented properties
            elif isinstance(sub, (dict, list)):
                yield from _walk_properties(sub, f"{path}/{key}")
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from _walk_properties(item, f"{path}[{i}]")


@pytest.mark.parametrize("name", SCHEMA_FILES)
def test_every_property_has_title_and_description(name):
    schema = json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))
    missing = [path for path, sub in _walk_properties(schema) if not (sub.get("title") and sub.get("description"))]
    assert not missing, f"{name}: properties without title/description: {missing}"


@pytest.mark.parametrize("name", SCHEMA_FILES)
def test_objects_forbid_additional_properties(name):
    schema = json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))

    def objects(node):
        if isinstance(node, dict):
            if node.get("type") == "object" and "properties" in node:
                yield node
            for sub in node.values():
                yield from objects(sub)
        elif isinstance(node, list):
            for sub in node:
                yield from objects(sub)

    loose = [o.get("title") for o in objects(schema) if o.get("additionalProperties") is not False]
    assert not loose, f"{name}: objects without additionalProperties: false: {loose}"


def test_examples_validate():
    checked = 0
    for name in SCHEMA_FILES:
        schema = json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))

        # schema and name are bound as defaults: visit runs within this iteration only,
        # but binding them says so (and satisfies bugbear B023).
        def visit(node, schema=schema, name=name):
            nonlocal checked
            if isinstance(node, dict):
                if "examples" in node and ("$ref" in node or "type" in node):
                    sub = dict(node)
                    sub.pop("examples")
                    wrapper = {"$schema": "http://json-schema.org/draft-07/schema#", "$id": schema["$id"], **sub}
                    if "definitions" in schema:
                        wrapper["definitions"] = schema["definitions"]
                    validator = Draft7Validator(wrapper, registry=schemas.registry())
                    for example in node["examples"]:
                        errors = list(validator.iter_errors(example))
                        assert not errors, f"{name}: example {example!r} invalid: {errors[0].message}"
                        checked += 1
                for sub in node.values():
                    visit(sub)
            elif isinstance(node, list):
                for sub in node:
                    visit(sub)

        visit(schema)
    assert checked >= 10


def test_ids_are_unique_and_versioned():
    ids = [json.loads((SCHEMA_DIR / n).read_text())["$id"] for n in SCHEMA_FILES]
    assert len(ids) == len(set(ids))
    assert all("/schema/1.0/" in i for i in ids)


def test_codelist_enums_are_in_sync():
    codelists.load_codelists.cache_clear()
    generated = codelists.render_generated_schema(codelists.load_codelists())
    assert (SCHEMA_DIR / "codelists.schema.json").read_text(encoding="utf-8") == generated, "Run: kb schema --fix"


def test_every_code_has_french_and_dutch_labels():
    for cid, codelist in codelists.load_codelists().items():
        codes = codelist.codes_list()
        assert len(codes) == len(set(codes)), cid
        for code in codelist.codes:
            assert code.label["fr"].strip() and code.label["nl"].strip(), (cid, code.code)
            assert code.description["fr"].strip() and code.description["nl"].strip(), (cid, code.code)


def test_every_codelist_is_used_by_a_schema():
    text = "".join((SCHEMA_DIR / n).read_text() for n in SCHEMA_FILES if n != "codelists.schema.json")
    unused = [cid for cid in codelists.load_codelists() if f"codelists.schema.json#/definitions/{cid}" not in text]
    assert not unused


def test_level_and_type_orders_are_complete():
    lists = codelists.load_codelists()
    for cid in ("levels", "criterion-types", "placements"):
        orders = [c.order for c in lists[cid].codes]
        assert orders == list(range(1, len(orders) + 1)), cid
