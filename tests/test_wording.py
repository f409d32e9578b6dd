"""The one wording catalogue (scripts/kb/wording.yaml): complete, consistent and all of it used.

Every key has a French and a Dutch text with the same {placeholders}; every key is used by the
code of its section (a key built from a prefix, such as "f_" + name, is used when its prefix is
and its remainder is a word the code or the codelists know); every string the site's
JavaScript asks for (KB.text / KB.count / text) exists; and the scripts carry no wording table
of their own.
"""

import re
from pathlib import Path

import pytest
import yaml

from kb import wording

ROOT = Path(__file__).resolve().parents[1]
JS = ROOT / "docs/assets/javascripts"
PLACEHOLDER = re.compile(r"\{(\w+)\}")
# Keys built at run time from a prefix and a code (finder.s("f_" + key), t("covers_" + coverage) …).
PREFIXES = {
    "page": ("f_", "st_market_", "st_effort_", "st_step_", "st_", "covers_", "term_", "eu_gpp_"),
    "kit": ("section.", "col.", "warn.", "coverage.", "status."),
}


def _read(paths) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in paths if p.is_file())


def _js_files():
    return [p for p in JS.rglob("*.js") if "vendor" not in p.parts]


def _consumers(section: str) -> str:
    py = list((ROOT / "scripts/kb").rglob("*.py"))
    templates = list((ROOT / "overrides").rglob("*.html")) + list((ROOT / "scripts/kb/render/templates").rglob("*"))
    return {
        "page": _read(py + templates),
        "kit": _read(py + _js_files()),
        "fieldref": _read([ROOT / "scripts/kb/render/fieldref.py"]),
        "ui": _read(_js_files()),
    }[section]


def _known_words() -> set[str]:
    """Quoted literals of the code plus every code of the codelists and schema enums."""
    words = set(re.findall(r"""["']([\w.-]+)["']""", _read(list((ROOT / "scripts/kb").rglob("*.py")) + _js_files())))
    for path in (ROOT / "schema/codelists").glob("*.yaml"):
        words |= {str(code) for code in (yaml.safe_load(path.read_text(encoding="utf-8")).get("codes") or {})}
    words |= set(re.findall(r'"([\w-]+)"', _read((ROOT / "schema").glob("*.schema.json"))))
    return words


@pytest.mark.parametrize("section", wording.SECTIONS)
def test_every_key_in_both_languages_with_the_same_placeholders(section):
    for key, pair in wording.catalogue()[section].items():
        assert set(pair) == set(wording.LANGS), (section, key)
        assert all(isinstance(pair[lang], str) and pair[lang].strip() for lang in wording.LANGS), (section, key)
        assert set(PLACEHOLDER.findall(pair["fr"])) == set(PLACEHOLDER.findall(pair["nl"])), (section, key)


@pytest.mark.parametrize("section", ["page", "kit", "fieldref", "ui"])
def test_every_key_is_used(section):
    code = _consumers(section)
    known = _known_words()
    unused = []
    for key in wording.catalogue()[section]:
        base = re.sub(r"\.(one|many)$", "", key) if section == "ui" else key
        if re.search(r"""["']""" + re.escape(base) + r"""["']""", code):
            continue
        if section == "kit" and re.search(r"\." + re.escape(key) + r"\b", code):  # strings[lang].file_name
            continue
        prefix = next((p for p in PREFIXES.get(section, ()) if key.startswith(p)), None)
        rest = key[len(prefix):] if prefix else ""
        if prefix and re.search(r"""["'`]""" + re.escape(prefix) + r"""(["'`]|\{|\$\{)""", code) and (
                rest in known or re.sub(r"_text$", "", rest) in known):
            continue
        unused.append(key)
    assert not unused, f"{section}: keys no code uses (delete them or use them): {unused}"


def test_every_string_the_scripts_ask_for_exists():
    ui = wording.catalogue()["ui"]
    asked = set()
    # The page scripts (kit-writer.js and its modules print the kit's strings, from the kit data).
    for path in (p for p in _js_files() if p.parent == JS and p.name not in ("kb-common.js", "kit-writer.js")):
        source = path.read_text(encoding="utf-8")
        asked |= {(path.name, k) for k in re.findall(r"""\btext\(\s*(?:[^"')]*\?\s*)?["']([\w.]+)["']""", source)}
        asked |= {(path.name, k) for k in re.findall(r"""\btext\([^)]*?:\s*["']([\w.]+)["']""", source)}
        asked |= {(path.name, k + suffix) for k in re.findall(r"""\bcount\(\s*["']([\w.]+)["']""", source)
                  for suffix in (".one", ".many")}
    assert asked, "no KB.text / KB.count call found: the pattern is out of date"
    missing = sorted(f"{name}: {key}" for name, key in asked if key not in ui)
    assert not missing, missing


def test_the_scripts_carry_no_wording_table_of_their_own():
    """French or Dutch sentences in the scripts are a second catalogue (issue 14)."""
    # Typical words of UI sentences in either language; a script may still name codes ("fr", "nl").
    sentence = re.compile(r"""["'`][^"'`\n]*\b(le panier|du panier|critères?|résultats?|mandje|resultaten|"""
                          r"""gevonden|Chargement|Laden…|Copier|Kopieer)\b[^"'`\n]*["'`]""")
    found = [f"{p.name}: {m.group(0)}" for p in _js_files() if p.parent == JS
             for m in sentence.finditer(p.read_text(encoding="utf-8"))]
    assert not found, found


def test_pages_carry_the_wording_of_their_language():
    """The hook gives the template the ui section of the language being built."""
    from kb.site.mkdocs_hooks import ui_wording

    class Config:
        def __init__(self, lang):
            self.theme = {"language": lang}

    assert ui_wording(Config("fr"))["finder.add"] == wording.catalogue()["ui"]["finder.add"]["fr"]
    assert ui_wording(Config("nl"))["finder.add"] == wording.catalogue()["ui"]["finder.add"]["nl"]
    # French messages never break before their colon: a no-break space, as in the pages and kits.
    french = ui_wording(Config("fr"))
    assert french["copy.failed"] == wording.catalogue()["ui"]["copy.failed"]["fr"].replace(" :", "\u00a0:")
    assert not [key for key, value in french.items() if " :" in value or " ;" in value]
    dutch = ui_wording(Config("nl"))
    assert all(dutch[key] == pair["nl"] for key, pair in wording.catalogue()["ui"].items())
