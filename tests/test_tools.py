"""Scaffold (kb new), canonical formatter (kb fmt) and translation tracking."""

import shutil

import pytest
from conftest import FIXTURES, make_repo

from kb import canonical, kinds, yamlload
from kb.cli import main as kb_main
from kb.repository import load_repository


def _repo(tmp_path):
    root = make_repo(tmp_path)
    shutil.copytree(FIXTURES / "valid", root, dirs_exist_ok=True)
    return root


@pytest.mark.parametrize("kind", ["criterion", "practice", "label", "term"])
def test_scaffold_is_valid_yaml_with_only_todo_errors(kind, tmp_path, capsys):
    root = _repo(tmp_path)
    assert kb_main(["--root", str(root), "new", kind, "x-new-record", "--theme", "ethical"]) == 0
    folder = kinds.BY_NAME[kind].folder_for({"theme": "ethical"})
    path = root / folder / "x-new-record.yaml"
    text = path.read_text()
    assert text.startswith("# yaml-language-server: $schema=")
    yamlload.load(text.encode())  # parses
    repo = load_repository(root, only=[f"{folder}/x-new-record.yaml"])
    rules = {m.rule for m in repo.messages}
    assert "todo" in rules
    assert not any("unknown field" in m.text for m in repo.messages)
    # every field of the schema is present in the skeleton (except tooling fields)
    from kb.schemas import schema_documents
    for field in schema_documents()[kinds.BY_NAME[kind].schema]["properties"]:
        if field not in ("translation_sync", "replaced_by", "award"):
            assert f"\n{field}:" in text, field


def test_scaffold_refuses_bad_id_and_overwrite(tmp_path, capsys):
    root = _repo(tmp_path)
    assert kb_main(["--root", str(root), "new", "criterion", "Bad_Id"]) == 2
    assert kb_main(["--root", str(root), "new", "criterion", "circ-fixture-warranty"]) == 1


def test_fixtures_are_canonical_and_format_is_idempotent(tmp_path, capsys):
    root = _repo(tmp_path)
    assert kb_main(["--root", str(root), "fmt"]) == 0
    path = root / "criteria/circular/circ-fixture-warranty.yaml"
    messy = path.read_text().replace("theme: circular\ntype: technical-specification",
                                     "type:    technical-specification\ntheme: 'circular'")
    path.write_text(messy)
    assert kb_main(["--root", str(root), "fmt"]) == 1
    assert "not in canonical form" in capsys.readouterr().out
    assert kb_main(["--root", str(root), "fmt", "--fix"]) == 0
    assert kb_main(["--root", str(root), "fmt"]) == 0
    assert yamlload.load(path.read_bytes()).data == yamlload.load(messy.encode()).data


@pytest.mark.parametrize("value", ["yes", "no", "2024-05-01", "1.10", "1.0", "on", "null", "~", "12", "a: b",
                                   "- x", "# not a comment", "x, y", "[x]", " padded", "trailing:", "it's", "é"])
def test_canonical_scalars_read_back_identically(value):
    text = f"k: {canonical.scalar(value)}\nl: [{canonical.scalar(value, flow=True)}]\n"
    assert yamlload.load(text.encode()).data == {"k": value, "l": [value]}
    import yaml
    assert yaml.safe_load(text) == {"k": value, "l": [value]}  # any YAML 1.1 reader agrees


def test_translation_tracking(tmp_path, capsys):
    root = _repo(tmp_path)
    assert kb_main(["--root", str(root), "translations", "--mark-reviewed", "circ-fixture-warranty"]) == 0
    path = root / "criteria/circular/circ-fixture-warranty.yaml"
    assert "translation_sync:" in path.read_text()
    assert kb_main(["--root", str(root), "check", "--fail-on-warnings"]) == 0
    path.write_text(path.read_text().replace("Durée de vie.", "Durée de vie plus longue."))
    assert kb_main(["--root", str(root), "check"]) == 0
    out = capsys.readouterr().out
    assert "[translation]" in out and "the Dutch texts may be outdated" in out
    assert kb_main(["--root", str(root), "translations"]) == 0
    assert "circ-fixture-warranty: Dutch may be outdated" in capsys.readouterr().out
    # the page of the possibly outdated language shows a banner
    from kb.render import generate
    pages = generate.render_all(load_repository(root))
    assert "mogelijk verouderd" in pages["criteria/circ-fixture-warranty.nl.md"]
    assert "peut-être dépassée" not in pages["criteria/circ-fixture-warranty.fr.md"]
