"""The strict YAML loader: no YAML 1.1 surprises, located errors, no crash."""

import pytest

from kb import yamlload
from kb.yamlload import YamlError


def load(text: str):
    return yamlload.load(text.encode("utf-8")).data


def test_yaml11_booleans_stay_text():
    data = load("a: yes\nb: no\nc: on\nd: off\ne: Y\nf: true\ng: false\n")
    assert data == {"a": "yes", "b": "no", "c": "on", "d": "off", "e": "Y", "f": True, "g": False}


def test_dates_and_versions_stay_exactly_as_written():
    data = load("date: 2024-05-01\nversion: 1.10\nother: 1.0\nsci: 1e3\nhex: 0x1F\nunder: 1_000\noctal: 010\n")
    assert data == {"date": "2024-05-01", "version": "1.10", "other": "1.0", "sci": "1e3", "hex": "0x1F",
                    "under": "1_000", "octal": "010"}


def test_plain_integers_and_nulls():
    assert load("a: 12\nb: -3\nc: 0\nd: ~\ne: null\nf:\n") == {
        "a": 12,
        "b": -3,
        "c": 0,
        "d": None,
        "e": None,
        "f": None,
    }


def test_quoted_values_are_always_text():
    assert load("a: '12'\nb: \"true\"\nc: |\n  yes\n") == {"a": "12", "b": "true", "c": "yes\n"}


def test_tags_and_merge_keys_keep_their_meaning_without_yaml11_resolution():
    # The loader types plain values itself (no YAML 1.1 resolver); explicit tags still count.
    assert load("a: !!str 12\nb: ! true\nc: !!int 12\nd: !!bool yes\ne: '='\nf: =\n") == {
        "a": "12", "b": True, "c": 12, "d": "yes", "e": "=", "f": "="}
    with pytest.raises(YamlError) as err:
        load("base: x\n<<: {a: 1}\n")
    assert err.value.rule == "yaml-key" and err.value.line == 2
    with pytest.raises(YamlError) as err:
        load('id: x\n"k\\u202e": 1\n')
    assert err.value.rule == "encoding" and err.value.line == 2 and "escape" in err.value.message
    with pytest.raises(YamlError) as err:
        load("id: x\nlist:\n  - \"a\\x1bb\"\n")
    assert err.value.rule == "encoding" and err.value.line == 3


def test_duplicate_key_is_located():
    with pytest.raises(YamlError) as err:
        load("id: x\ntitle: a\nother: b\ntitle: c\n")
    assert err.value.rule == "duplicate-key"
    assert (err.value.line, err.value.column) == (4, 1)
    assert "first on line 2" in err.value.message


def test_nested_duplicate_key():
    with pytest.raises(YamlError) as err:
        load("title:\n  fr: a\n  fr: b\n")
    assert err.value.rule == "duplicate-key" and err.value.line == 3 and err.value.path == ("title", "fr")


def test_alias_is_rejected_before_expansion():
    bomb = "a: &a [x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join('*' + chr(97 + i) for _ in range(9))}]\n" for i in range(8))
    with pytest.raises(YamlError) as err:
        load(bomb)
    assert err.value.rule == "yaml-alias" and err.value.line == 1 and err.value.column == 4


def test_custom_tags_are_rejected():
    with pytest.raises(YamlError) as err:
        load("id: !!python/object:os.system x\n")
    assert err.value.rule == "yaml-tag"


def test_positions_are_recorded():
    doc = yamlload.load(b"id: x\ntitle:\n  fr: a\n  nl: b\nlist:\n  - one\n  - two\n")
    assert doc.locate(("title", "nl")) == (4, 7)
    assert doc.locate(("list", 1)) == (7, 5)
    assert doc.locate_key(("title",)) == (2, 1)
    assert doc.locate(("list", 9, "deep")) == (6, 3)  # deepest existing prefix


@pytest.mark.parametrize("raw, rule", [
    (b"", "empty-file"),
    (b"   \n\n", "empty-file"),
    (b"\xef\xbb\xbfid: x\n", "encoding"),
    (b"id: caf\xe9\n", "encoding"),
    (b"id: x\x00\n", "encoding"),
    (b"a:\n\tb: c\n", "yaml-syntax"),
    (b"a: [1, 2\n", "yaml-syntax"),
    (b"a: 1\n---\nb: 2\n", "yaml-syntax"),
    (b"[" * 100 + b"]" * 100, "yaml-depth"),
    (b"x: " + b"a" * (yamlload.MAX_BYTES + 1), "file-size"),
    (b"? [a, b]\n: c\n", "yaml-key"),
])
def test_bad_input_gives_a_located_error(raw, rule):
    with pytest.raises(YamlError) as err:
        yamlload.load(raw)
    assert err.value.rule == rule
    assert err.value.line >= 1 and err.value.column >= 1
    assert err.value.message


def test_encoding_error_points_at_the_byte():
    with pytest.raises(YamlError) as err:
        yamlload.load(b"id: x\ntitle: caf\xe9\n")
    assert (err.value.line, err.value.column) == (2, 11)
