"""Hostile input: whatever a contributor (or an attacker) puts in a pull request,
``kb check`` answers with located messages.

* random bytes and YAML-ish text into the strict loader and the repository
  reader: only ``YamlError``/``Message`` come out, quickly;
* random JSON-like values grafted into valid records, then through the schema
  validator and every rule: no exception.

Regression tests for the loader, schema and rule fixes found this way are at
the end. Inputs are bounded and hypothesis deadlines catch anything slow. Hostile text in
pages and in the built site: test_hostile_markup.py.
"""

from __future__ import annotations

import copy
from datetime import timedelta
from pathlib import Path

import pytest
from hostile_records import EXTRA, full_repo, load_valid_repo
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kb import kinds, rules, schemas, yamlload
from kb.messages import Message
from kb.record import Record
from kb.repository import Repository, load_repository, read_record

FAST = settings(max_examples=200, deadline=timedelta(seconds=2),
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@pytest.fixture(scope="module")
def valid_repo(tmp_path_factory) -> Repository:
    return load_valid_repo(tmp_path_factory)


# --- 1. the loader and the reader never crash ----------------------------------------------

YAMLISH = st.lists(
    st.sampled_from(["id", "title", "fr", "nl", ":", ": ", " ", "  ", "\n", "\n  ", "- ", "[", "]", "{", "}", ", ",
                     "&a ", "*a", "<<: ", "? ", "!!str ", "!!python/object ", "!x ", "'", '"', "\\", "#", "|\n", ">-\n",
                     "---\n", "...\n", "\t", "yes", "no", "~", "2024-05-01", "1.10", "0x1F", "12", "-3", "1e3",
                     "<script>", "{{x}}", "é", "\u2028", "\u202e", "\x00", "\x1b", "\\x1b", "\ufeff", "%YAML 1.1\n"])
    | st.text(max_size=6),
    max_size=60,
).map("".join)


def assert_located(error: yamlload.YamlError) -> None:
    assert error.rule and error.message and isinstance(error.message, str)
    assert error.line >= 1 and error.column >= 1


@FAST
@given(st.binary(max_size=1500))
def test_loader_survives_random_bytes(raw):
    try:
        doc = yamlload.load(raw)
    except yamlload.YamlError as error:
        assert_located(error)
    else:
        assert doc.data is not None


@FAST
@given(YAMLISH)
def test_loader_survives_yamlish_text(text):
    try:
        yamlload.load(text.encode("utf-8", "surrogatepass"))
    except yamlload.YamlError as error:
        assert_located(error)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    return full_repo(tmp_path_factory.mktemp("scratch"))


def assert_messages(messages) -> None:
    for message in messages:
        assert isinstance(message, Message)
        assert message.line >= 1 and message.column >= 1 and message.rule and message.text


@FAST
@given(st.one_of(st.binary(max_size=800), YAMLISH.map(lambda t: t.encode("utf-8", "surrogatepass"))))
def test_read_record_survives_anything(scratch, raw):
    relative = "criteria/circular/circ-random.yaml"
    (scratch / relative).write_bytes(raw)
    _record, messages = read_record(scratch, relative)
    assert_messages(messages)


@settings(max_examples=40, deadline=timedelta(seconds=5),
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.binary(max_size=400) | YAMLISH.map(str.encode), st.sampled_from(list(EXTRA) + [
    "criteria/circular/circ-fixture-warranty.yaml", "practices/gp-fixture-2024.yaml", "labels/lbl-fixture.yaml"]))
def test_load_repository_survives_anything(tmp_path, raw, relative):
    root = tmp_path / "kb"
    if not root.exists():
        full_repo(root)
    original = (root / relative).read_bytes()
    try:
        (root / relative).write_bytes(raw)
        repo = load_repository(root)
        assert_messages(repo.messages)
        assert not [m for m in repo.messages if m.rule == "internal"], repo.messages
    finally:
        (root / relative).write_bytes(original)


# --- 2. the validator and the rules never crash ----------------------------------------------

JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.floats(allow_nan=True) | st.text(max_size=12)
    | st.sampled_from(["fr", "nl", "essential", "award", "deprecated", "env-imp", "eu", "https://x", "2026-02-30",
                       "{{years}}", "<b>", "circ-fixture-warranty", "lbl-fixture", "TODO", "   "]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["fr", "nl", "en", "label", "values", "weights", "scoring", "criteria", "not_adopted", "code",
                         "url", "title", "essential", "advanced", "x"]) | st.text(max_size=6), inner, max_size=4),
    max_leaves=20,
)


def all_paths(value, path=()):
    """Every path in a nested value, the root included."""
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from all_paths(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from all_paths(item, path + (index,))


def graft(data, path, value):
    """A copy of ``data`` with ``value`` at ``path`` (None value: the key is removed)."""
    if not path:
        return value
    data = copy.deepcopy(data)
    parent = data
    for key in path[:-1]:
        parent = parent[key]
    if value is None and isinstance(parent, dict):
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    return data


def run_every_rule(record: Record, others: list[Record]) -> None:
    ctx = {"root": Path(".")}  # what the repository runner passes; no rule reads files
    for rule in rules.record_rules():
        for finding in rule.check(record, ctx) or ():
            assert isinstance(finding.text, str) and isinstance(finding.path, tuple)
    for rule in rules.repository_rules():
        list(rule.check(others + [record], ctx) or ())


@settings(max_examples=300, deadline=timedelta(seconds=2),
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.data())
def test_validator_and_rules_survive_grafted_values(valid_repo, data):
    base = data.draw(st.sampled_from(valid_repo.records), label="record")
    mutated = base.data
    for _ in range(data.draw(st.integers(1, 3), label="grafts")):
        paths = list(all_paths(mutated)) if isinstance(mutated, (dict, list)) else [()]
        mutated = graft(mutated, data.draw(st.sampled_from(paths), label="path"), data.draw(JSONISH, label="value"))
    for rule_name, path, text, hint in schemas.iter_schema_problems(base.kind.schema, mutated):
        assert isinstance(path, tuple) and all(isinstance(part, str) for part in (rule_name, text, hint))
    record = Record(base.kind, base.path, yamlload.Document(mutated))
    others = [r for r in valid_repo.records if r is not base]
    run_every_rule(record, others)


@settings(max_examples=150, deadline=timedelta(seconds=2))
@given(JSONISH)
def test_validator_survives_any_document(value):
    for kind in kinds.KINDS:
        for problem in schemas.iter_schema_problems(kind.schema, value):
            assert len(problem) == 4 and all(isinstance(part, (str, tuple)) for part in problem)


# --- 5. regression tests for what the hostile corpus found -----------------------------------

@pytest.mark.parametrize("raw, rule, message, where", [
    (b"id: a\nt: b\x1bc\n", "encoding", "control character (U+001B)", (2, 5)),
    ("id: a\nt: b\u202ec\n".encode(), "encoding", "bidirectional-text control (U+202E)", (2, 5)),
    ("id: a\nt: b\u2028c\n".encode(), "encoding", "line separator (U+2028)", (2, 5)),
    (b'id: a\nt: "b\\x1bc"\n', "encoding", "written as an escape", (2, 4)),
    (b'id: a\nt: "b\\u202ec"\n', "encoding", "written as an escape", (2, 4)),
    ("id: x\n".encode("utf-16"), "encoding", "UTF-16", (1, 1)),
    ("id: x\n".encode("utf-16-le"), "encoding", "UTF-16", (1, 1)),
    (b"---\n...\n", "empty-file", "no data", (1, 1)),
    (b'id: a\nt: "open\nu: b\nv: "c"\n', "yaml-syntax", "not closed on the same line", (2, 4)),
    (b"id: a\n---\nid: b\n", "yaml-syntax", "second YAML document", (2, 1)),
    (b"t:\n  fr: Note: ceci\n", "yaml-syntax", "': ' here starts a field", (2, 11)),
])
def test_loader_locates_hostile_bytes(raw, rule, message, where):
    with pytest.raises(yamlload.YamlError) as err:
        yamlload.load(raw)
    assert (err.value.rule, (err.value.line, err.value.column)) == (rule, where)
    assert message in err.value.message and err.value.hint


def test_latin1_hint_names_the_character():
    with pytest.raises(yamlload.YamlError) as err:
        yamlload.load("t: caf\u00e9\n".encode("latin-1"))
    assert "'é' saved as one byte" in err.value.hint


def test_multi_line_quoted_text_is_still_valid():
    assert yamlload.load(b't: "one\n  two"\nu: b\n').data == {"t": "one two", "u": "b"}


def problems(kind: str, data) -> list[tuple]:
    return schemas.iter_schema_problems(kinds.BY_NAME[kind].schema, data)


def test_one_message_per_value(valid_repo):
    criterion = valid_repo.by_id("criterion")["circ-fixture-warranty"].data
    found = problems("criterion", {**criterion, "type": ["award"]})
    assert [p[2] for p in found if p[1] == ("type",)] == ["expected a text, found a list"]
    found = problems("criterion", {**criterion, "last_reviewed": "2026-13-01"})
    assert [p[2] for p in found if p[1] == ("last_reviewed",)] == [
        "the text '2026-13-01' does not have the expected form"]
    found = problems("criterion", {**criterion, "title": {"fr": "", "nl": "x"}})
    assert found == [("missing-language", ("title", "fr"), "the French text is empty", found[0][3])]


def test_schema_messages_say_what_to_do(valid_repo):
    criterion = valid_repo.by_id("criterion")["circ-fixture-warranty"].data
    params = copy.deepcopy(criterion["parameters"])
    params["years"]["values"]["essential"] = [2]
    (found,) = problems("criterion", {**criterion, "parameters": params})
    assert found[2].startswith("expected a whole number, a text or a text in French and Dutch")
    award = {"weights": {"essential": 1, "advanced": 1, "frontrunner": 1}, "scoring": {"fr": "a", "nl": "b"}}
    (found,) = problems("criterion", {**criterion, "award": award})
    assert found[1:] == (("award",), "is only for criteria of type award", "remove award:, or change type: to award")
    label = {k: v for k, v in valid_repo.by_id("label")["lbl-fixture"].data.items() if k != "url"}
    (found,) = problems("label", label)
    assert found[3] == "Website: Official page of the scheme."
    coverage = copy.deepcopy(valid_repo.by_id("coverage")["eu-gpp-fixture"].data)
    del coverage["items"][0]["criteria"]
    (found,) = problems("coverage", coverage)
    assert found[1:3] == (("items", 0), "needs 'criteria' or 'not_adopted'")


def findings(rule_name: str, record: Record) -> list:
    return list(rules.RULES[rule_name].check(record, {}))


def test_rules_ignore_malformed_values_the_schema_reports(valid_repo):
    base = valid_repo.by_id("criterion")["circ-fixture-warranty"]

    def variant(**changes):
        return Record(base.kind, base.path, yamlload.Document({**base.data, **changes}))

    assert findings("id-filename", variant(id="../x")) == []
    assert findings("references", [variant(related=["../../etc/passwd", "A B"], labels=[])]) == []
    for rule_name, record in (("placement", variant(type=["award"])),
                              ("eforms", variant(eforms={"strategic_procurement": [{"a": 1}], "gpp_criteria": 5})),
                              ("gpp-source", variant(eforms={"gpp_criteria": ["eu"]}, sources=5))):
        findings(rule_name, record)  # no exception
    (blank,) = findings("missing-language", variant(summary={"fr": "  ", "nl": "x"}))
    assert blank.path == ("summary", "fr") and "blank" in blank.text


def test_renderer_neutralises_what_validation_refuses():
    from kb import textrules
    from kb.render import md

    assert md.url("javascript:alert(1)") == "#"
    assert md.url("https://example.org/a){: onclick=x}") == "https://example.org/a%29%7B:%20onclick=x%7D"
    assert md.url("https://example.org/p?q=1&r=%20#top") == "https://example.org/p?q=1&r=%20#top"
    assert md.front_matter(title='</title><script>"x" & y') == \
        '---\ntitle: "&lt;/title&gt;&lt;script&gt;&quot;x&quot; &amp; y"\n---\n'
    assert textrules.find_problems("- [x]: data:text/html,a\n\n[x]")
    rendered = textrules.safe_markdown("- [x]: data:text/html,a\n\n[x]")
    assert "data:" not in rendered and "](" not in rendered


def test_fmt_survives_impossible_dates_and_missing_files(tmp_path, capsys):
    from kb import canonical
    from kb.cli import main as kb_main

    assert canonical.scalar("2026-02-30") == '"2026-02-30"'  # PyYAML raised ValueError here
    root = full_repo(tmp_path)
    assert kb_main(["--root", str(root), "fmt", "criteria/circular/circ-missing.yaml"]) == 1
    assert "does not exist" in capsys.readouterr().out
