"""Python and the browser fold text alike: kb.text.fold (search and finder indexes, glossary
links) and KB.fold of docs/assets/javascripts/kb-common.js (queries typed in the browser),
loaded under Node in a ``vm`` context as the page loads it (a classic script, no module).

Corpus: hard cases (ß, œ/æ, combining marks, ligatures, Dutch diacritics and ĳ, Turkish
dotted I, non-breaking spaces), every word of the search relevance set and the title of
every record of the base in both languages.
"""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
import yaml

from kb.kinds import ROOT
from kb.repository import load_repository
from kb.text import fold

COMMON = ROOT / "docs" / "assets" / "javascripts" / "kb-common.js"
NODE = shutil.which("node")
# Runs kb-common.js in a fresh context whose only global is the context itself (as
# window in the browser), then folds each string of the JSON list read on stdin.
DRIVER = r"""
const fs = require("fs"), vm = require("vm");
const context = vm.createContext({});
vm.runInContext(fs.readFileSync(process.argv[1], "utf8"), context, { filename: "kb-common.js" });
const words = JSON.parse(fs.readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(words.map((w) => context.KB.fold(w))));
"""

HARD_CASES = {
    "Straße": "strasse",
    "STRASSE": "strasse",
    "ẞ": "ss",
    "Œuvre cœur": "oeuvre coeur",
    "Æsthetica": "aesthetica",
    "e\u0301te\u0301": "ete",  # combining acute accents, already decomposed
    "ÉTÉ": "ete",
    "a\u20d7\u1dc0b\ufe20": "ab",  # marks outside U+0300–U+036F
    "ﬁchier ﬂux": "fichier flux",
    "ĳzer Ĳsselmeer": "ijzer ijsselmeer",
    "ë ï ü é è ê à": "e i u e e e a",
    "İstanbul": "istanbul",
    "ı": "i",
    "Bjørn Łódź Đakovo": "bjorn lodz dakovo",
    "10\u00a0000\u202f€": "10 000 €",  # NFKD turns no-break spaces into plain spaces
    "²": "2",
    "": "",
}


def corpus() -> list[str]:
    """Hard cases, the words of tests/search_relevance.yaml, and every record title."""
    relevance = yaml.safe_load((ROOT / "tests" / "search_relevance.yaml").read_text(encoding="utf-8"))
    words = [w for lang in relevance.values() for case in lang for w in case["query"].split()]
    titles = []
    for record in load_repository(ROOT).records:
        title = record.data.get("title")
        titles += list(title.values()) if isinstance(title, dict) else [title] if isinstance(title, str) else []
    return list(HARD_CASES) + words + titles


def node_fold(words: list[str]) -> list[str]:
    """KB.fold of each word, run by Node (a test dependency: make test installs it)."""
    assert NODE, "Node is not installed: run make node-deps (or install Node 20)"
    done = subprocess.run([NODE, "-e", DRIVER, str(COMMON)], input=json.dumps(words), capture_output=True,
                          text=True, check=True, timeout=120)
    return json.loads(done.stdout)


@pytest.mark.parametrize(("raw", "expected"), list(HARD_CASES.items()))
def test_python_fold_of_hard_cases(raw, expected):
    assert fold(raw) == expected


def test_corpus_covers_relevance_words_and_titles():
    words = corpus()
    assert "réparabilité" in words
    assert len(words) > len(HARD_CASES) + 500


def test_python_and_javascript_fold_alike():
    words = corpus()
    got = node_fold(words)
    assert len(got) == len(words)
    differing = [(w, fold(w), js) for w, js in zip(words, got, strict=True) if fold(w) != js]
    assert not differing, differing[:10]
    assert got[: len(HARD_CASES)] == list(HARD_CASES.values())
