"""Every rule id a message can carry is listed and documented by ``kb rules``.

The ids are found by reading the code (``ast``), not by running it: the first argument
of ``YamlError(...)`` and of ``@rule(...)``, the rule argument of ``Message(...)`` and
``_message(...)``, a text assigned to a variable named ``rule``, and the first item of the
(rule, path, text, hint) tuples kb.schemas returns.
"""

from __future__ import annotations

import ast
from pathlib import Path

from kb.cli import main as kb_main
from kb.kinds import ROOT
from kb.messages import FILE_RULES
from kb.rules import RULES

PACKAGE_DIR = ROOT / "scripts" / "kb"
RULE_ARGUMENT = {"YamlError": 0, "rule": 0, "Message": 4, "_message": 4}


def _texts(node) -> set[str]:
    """The string constants a rule-id expression can evaluate to ("a" if c else "b": both)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        return _texts(node.body) | _texts(node.orelse)
    return set()


def emitted_rule_ids(path: Path) -> set[str]:
    """Rule ids written as literals in one source file."""
    found: set[str] = set()
    assigned: set[str] = set()  # counted only in a file that builds messages ("rule" means
    builds_messages = False     # an underline character in the text export)
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            position = RULE_ARGUMENT.get(name)
            builds_messages |= name in ("Message", "_message")
            if position is not None and len(node.args) > position:
                found |= _texts(node.args[position])
            found |= {t for kw in node.keywords if kw.arg == "rule" and position is not None for t in _texts(kw.value)}
        elif isinstance(node, ast.Assign):
            if any(isinstance(t, ast.Name) and t.id == "rule" for t in node.targets):
                assigned |= _texts(node.value)
        elif path.name == "schemas.py" and isinstance(node, ast.Return) and isinstance(node.value, ast.Tuple):
            if len(node.value.elts) == 4:
                found |= _texts(node.value.elts[0])
    return found | assigned if builds_messages else found


def all_emitted() -> dict[str, str]:
    """Rule id → a file emitting it, over the whole kb package."""
    return {rule: str(path.relative_to(ROOT)) for path in sorted(PACKAGE_DIR.rglob("*.py"))
            for rule in emitted_rule_ids(path)}


def test_scanner_finds_each_kind_of_emitter(tmp_path):
    source = tmp_path / "schemas.py"
    source.write_text(
        'raise YamlError("a-id", "text")\nMessage(f, 1, 1, ERROR, "b-id", p, t)\n'
        'rule = "c-id" if x else "d-id"\nMessage(f, 1, 1, ERROR, rule, p, t)\n'
        '@rule("e-id", "record", "doc")\ndef f(): pass\n'
        'def g():\n    return ("f-id", (), "text", "hint")\n'
    )
    assert emitted_rule_ids(source) == {"a-id", "b-id", "c-id", "d-id", "e-id", "f-id"}
    other = tmp_path / "text.py"
    other.write_text('rule = "=" if level < 2 else "-"\n')
    assert emitted_rule_ids(other) == set()


def test_known_emitters_are_found():
    emitted = all_emitted()
    assert {"yaml-syntax", "schema", "missing-language", "codelist-sync", "file-read", "unique-id"} <= emitted.keys()


def test_every_emitted_rule_id_is_listed_and_documented(capsys):
    assert kb_main(["rules"]) == 0
    listed = {}
    for line in capsys.readouterr().out.splitlines():
        name, _scope, doc = line.split(None, 2)
        listed[name] = doc
    missing = {rule: where for rule, where in all_emitted().items() if rule not in listed}
    assert not missing, f"rule ids emitted but not listed by kb rules: {missing}"
    assert all(len(doc) > 15 for doc in listed.values()), listed


def test_file_rules_do_not_shadow_named_rules():
    # An id in both lists must mean the same check; only missing-language is shared
    # (the schema reports an absent side, the rule an untranslated one).
    assert FILE_RULES.keys() & RULES.keys() == {"missing-language"}
