"""The contributor workflow stays in step with the code: issue forms the pages link
to exist, every data folder has an editor schema, an owner and a pre-commit hook,
and the French and Dutch guides have the same structure."""

import json
import re

import yaml

from kb import kinds, textrules
from kb.kinds import ROOT

GITHUB = ROOT / ".github"


def test_issue_forms_parse_and_the_linked_form_exists():
    forms = {p.name: yaml.safe_load(p.read_text(encoding="utf-8")) for p in (GITHUB / "ISSUE_TEMPLATE").glob("*.yml")}
    assert forms.pop("config.yml")["blank_issues_enabled"] is False
    # Pages link to issues/new?template=report-error.yml (kb.config.Settings.issue_url).
    assert {"report-error.yml", "propose-criterion.yml", "share-good-practice.yml",
            "translation-problem.yml"} <= set(forms)
    for name, form in forms.items():
        assert form["name"] and form["description"] and form["body"], name
        ids = [item["id"] for item in form["body"] if "id" in item]
        assert len(ids) == len(set(ids)), name
        for item in form["body"]:
            if item["type"] != "markdown":
                assert item["attributes"]["label"].count("·") >= 1, f"{name}: labels in FR · NL · EN"


def test_every_data_folder_has_an_editor_schema_an_owner_and_a_hook():
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))["yaml.schemas"]
    owners = (GITHUB / "CODEOWNERS").read_text(encoding="utf-8")
    hooks = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))["repos"][0]["hooks"]
    for kind in kinds.KINDS:
        globs = settings[f"./schema/{kind.schema}"]
        assert any(g.startswith(kind.folder + "/") for g in globs), kind.folder
        assert re.search(rf"^/{kind.folder}/\s+@", owners, re.M), kind.folder
        for hook in hooks:
            assert re.search(hook["files"], f"{kind.folder}/x.yaml"), (hook["id"], kind.folder)
    for schema in settings:
        assert (ROOT / schema).is_file(), schema


def outline(text: str) -> list[str]:
    """Headings levels, admonitions, tables (rows), code blocks and list lengths, in order."""
    out = []
    in_code = False
    for line in text.split("\n---\n", 1)[1].splitlines():
        if line.startswith("```"):
            in_code = not in_code
            out.append("code" if in_code else "/code")
        elif in_code:
            continue
        elif line.startswith("#"):
            out.append(line.split(" ", 1)[0])
        elif line.startswith("!!!"):
            out.append(line.split('"', 1)[0])
        elif line.startswith("|"):
            out.append("row")
        elif re.match(r"\s*(- |\d+\. )", line):
            out.append("item")
    return out


def test_french_and_dutch_guides_have_the_same_structure():
    fr = (ROOT / "docs/about/contributing.fr.md").read_text(encoding="utf-8")
    nl = (ROOT / "docs/about/contributing.nl.md").read_text(encoding="utf-8")
    assert outline(fr) == outline(nl)
    prose = re.sub(r"```.*?```|`[^`\n]*`", "", fr + nl, flags=re.S)
    assert not textrules.RAW_HTML.search(prose), "standard Markdown only, no raw HTML"
