"""The field reference is generated from the schemas and cannot drift from them:
every field has a French and Dutch translation, no translation points at a field
that is gone, and both languages show the same tables with the same rows."""

import json
import re

import pytest

from kb import kinds, schemas
from kb.render import fieldref
from kb.render.ui import label

PAGES = {lang: fieldref.field_reference_pages(lang)["about/field-reference"] for lang in ("fr", "nl")}


def schema_properties() -> set[str]:
    """"<file>#<pointer>" of every property in the record schemas and the shared ones they use."""
    found = set()

    def walk(node, file, pointer):
        if isinstance(node, dict):
            for name in node.get("properties", {}) if isinstance(node.get("properties"), dict) else ():
                found.add(f"{file}#{pointer}/properties/{name}")
            for key, child in node.items():
                if key not in ("allOf", "oneOf", "if", "then", "else", "not"):  # conditions, not fields
                    walk(child, file, f"{pointer}/{key}")
        elif isinstance(node, list):
            for index, child in enumerate(node):
                walk(child, file, f"{pointer}/{index}")

    for kind in kinds.KINDS:
        walk(schemas.schema_documents()[kind.schema], kind.schema, "")
    common = schemas.schema_documents()[fieldref.COMMON]
    for name, node in common["definitions"].items():
        if name not in fieldref.LEAF_TYPES:  # bilingual texts and fingerprints are shown as a type
            walk(node, fieldref.COMMON, f"/definitions/{name}")
    return found


def test_every_schema_property_is_documented():
    missing = schema_properties() - fieldref.documented_keys()
    assert not missing, f"the field reference does not reach: {sorted(missing)}"


def test_every_documented_field_has_a_translation():
    missing = fieldref.documented_keys() - set(fieldref.translations())
    assert not missing, (f"add French and Dutch to schema/field-translations.yaml for: {sorted(missing)} "
                         "(the English title and description are in the schema)")


def test_no_translation_points_at_nothing():
    stale = set(fieldref.translations()) - fieldref.documented_keys()
    assert not stale, f"remove or rename in schema/field-translations.yaml: {sorted(stale)}"


@pytest.mark.parametrize("key", sorted(fieldref.documented_keys()))
def test_translation_is_complete_plain_text(key):
    entry = fieldref.translations()[key]
    assert set(entry) == {"fr", "nl"}
    for lang in ("fr", "nl"):
        assert set(entry[lang]) == {"title", "description"}
        for text in entry[lang].values():
            assert isinstance(text, str) and text.strip() and "\n" not in text
            assert "](" not in text and "**" not in text, (key, lang, "plain text, no Markdown")
    assert entry["fr"]["description"] != entry["nl"]["description"], f"{key}: not translated"


def tables(page: str) -> list[tuple[str, list[str]]]:
    """(anchor, field names) of every table, in page order."""
    out = []
    for section in re.split(r"^#{2,3} .*\{ #", page, flags=re.M)[1:]:
        anchor = section.split(" }", 1)[0]
        rows = re.findall(r"^\| `([^`]+)` \|", section, flags=re.M)
        out.append((anchor, rows))
    return out


def test_both_languages_have_the_same_tables_and_rows():
    fr, nl = tables(PAGES["fr"]), tables(PAGES["nl"])
    assert fr == nl
    criterion = dict(fr)["criterion"]
    assert criterion == list(schemas.schema_documents()["criterion.schema.json"]["properties"])


def test_types_and_codes_come_from_the_schemas_and_codelists():
    for lang, page in PAGES.items():
        row = next(line for line in page.splitlines() if line.startswith("| `theme` |"))
        assert f"`circular` ({label('themes', 'circular', lang)})" in row
        assert "| `award` | " + ("si" if lang == "fr" else "als") + " `type` = `award`" in page
        assert ("l'un ou l'autre" if lang == "fr" else "het een of het ander") in page
        # Every in-page link has its anchor.
        anchors = set(re.findall(r"\{ #([a-z0-9-]+) \}", page))
        assert set(re.findall(r"\]\(#([a-z0-9-]+)\)", page)) <= anchors
        assert len(anchors) == len(re.findall(r"\{ #([a-z0-9-]+) \}", page))


def test_page_is_safe_markdown():
    for page in PAGES.values():
        body = page.split("\n---\n", 1)[1]
        assert "<" not in re.sub(r"`[^`]*`", "", body), "no raw HTML outside code"
        assert json.loads(page.splitlines()[1].split(": ", 1)[1])
