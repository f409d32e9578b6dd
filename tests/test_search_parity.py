"""The browser's search (docs/assets/javascripts/kb-search.js, run under Node) and the
Python engine (kb.render.search_query.search) give the same results over the vocabulary of the
real base: every word seen at build time, typed in full, without its last letters, with
an extra letter, with its accents, and the judged queries of tests/search_relevance.yaml.
The browser has no stemmer: it looks words up in the index, so identical results mean
identical stems. Folding (accents, case) is compared on every raw word of the pages."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from kb.kinds import ROOT
from kb.render import search, search_query

ENGINE = ROOT / "docs" / "assets" / "javascripts" / "kb-search.js"
NODE = shutil.which("node")
DRIVER = r"""
const fs = require("fs");
const engine = require(process.argv[1]);
const dir = process.argv[2], lang = process.argv[3];
const manifest = JSON.parse(fs.readFileSync(`${dir}/search-${lang}.json`, "utf8"));
const cache = {};
const shardOf = (k) => cache[k] || (cache[k] = JSON.parse(fs.readFileSync(`${dir}/search-${lang}/${k}.json`, "utf8")));
const input = JSON.parse(fs.readFileSync(0, "utf8"));
const out = {
  results: input.queries.map((q) => {
    const r = engine.search(manifest, shardOf, q);
    return [r.length, r.slice(0, 10)];
  }),
  folds: input.words.map((w) => engine.fold(w).match(/[a-z0-9]+/g) || []),
};
process.stdout.write(JSON.stringify(out));
"""

pytestmark = pytest.mark.skipif(NODE is None, reason="Node is not installed")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The real base's index written to a folder, and the raw words of its pages."""
    from kb.render.generate import GENERATED, render_all
    from kb.repository import load_repository

    repo = load_repository(ROOT)
    pages = {**search.hand_written_pages(ROOT / "docs", GENERATED), **render_all(repo)}
    data = tmp_path_factory.mktemp("site")
    for name, content in search.index_files(pages, ROOT / "docs", GENERATED, terms=repo.of_kind("term")).items():
        (data / name).parent.mkdir(parents=True, exist_ok=True)
        (data / name).write_bytes(content)
    raw = sorted({w for text in pages.values() for w in re.findall(r"[^\W_]+", text)})
    return data / "data", raw


def node(data: Path, lang: str, queries: list[str], words: list[str]) -> dict:
    done = subprocess.run([NODE, "-e", DRIVER, str(ENGINE), str(data), lang], capture_output=True, text=True,
                          input=json.dumps({"queries": queries, "words": words}), check=True, timeout=300)
    return json.loads(done.stdout)


def vocabulary_queries(data: Path, lang: str) -> list[str]:
    manifest = json.loads((data / f"search-{lang}.json").read_text(encoding="utf-8"))
    forms = sorted({form for key in manifest["shards"]
                    for form in json.loads((data / f"search-{lang}" / f"{key}.json").read_text())["f"]})
    judged = [case["query"] for case in yaml.safe_load(
        (ROOT / "tests" / "search_relevance.yaml").read_text(encoding="utf-8"))[lang]]
    queries = judged + forms + [f[:-1] for f in forms if len(f) > 3] + [f[:-2] for f in forms if len(f) > 4]
    queries += [f + "s" for f in forms[::7]] + [f"{a} {b}" for a, b in zip(forms[::11], forms[5::11], strict=False)]
    queries += ["", "de la", "Réparabilité", "ÉNERGIE", "sécurité des données", "l'état", "œuvre", "x", "zzzz"]
    return queries


@pytest.mark.parametrize("lang", search.LANGS)
def test_browser_and_python_rank_alike(built, lang):
    data, raw = built
    manifest, shard_of = search_query.load_built(data, lang)
    queries = vocabulary_queries(data, lang)
    assert len(queries) > 5000
    expected = [
        [len(r), [list(hit) for hit in r[:10]]] for r in (search_query.search(manifest, shard_of, q) for q in queries)
    ]
    got = node(data, lang, queries, [])["results"]
    differing = [(q, e, g) for q, e, g in zip(queries, expected, got, strict=True) if e != g]
    assert not differing, differing[:5]


def test_browser_and_python_fold_alike(built):
    data, raw = built
    words = raw + ["Œuvre", "STRASSE", "Straße", "ÉTÉ", "naïve", "İstanbul", "ﬁchier", "²"]
    got = node(data, "fr", [], words)["folds"]
    differing = [(w, re.findall(r"[a-z0-9]+", search.fold(w)), g) for w, g in zip(words, got, strict=True)
                 if re.findall(r"[a-z0-9]+", search.fold(w)) != g]
    assert not differing, differing[:10]


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_compiled_and_pure_python_stemmers_agree(lang):
    """The index is stemmed by PyStemmer (C) through snowballstemmer; the pure-Python Snowball
    stemmer of the same release must give the same stem for every word of the real records."""
    import snowballstemmer
    import Stemmer
    from snowballstemmer.dutch_stemmer import DutchStemmer
    from snowballstemmer.french_stemmer import FrenchStemmer

    compiled = snowballstemmer.stemmer(search.STEMMERS[lang])
    assert isinstance(compiled, Stemmer.Stemmer), "PyStemmer is not installed: the index is stemmed slowly"
    pure = FrenchStemmer() if lang == "fr" else DutchStemmer()
    words = set()
    for path in sorted((ROOT / "criteria").rglob("*.yaml")) + sorted((ROOT / "glossary").rglob("*.yaml")):
        words.update(re.findall(r"[^\W\d_]+", path.read_text(encoding="utf-8").lower()))
    assert len(words) > 2000
    differ = sorted(w for w in words if compiled.stemWord(w) != pure.stemWord(w))
    assert not differ, f"{len(differ)} words stem differently, e.g. {differ[:10]}"


def test_hand_written_pages_are_read_without_walking_generated_folders(tmp_path, monkeypatch):
    docs = tmp_path / "docs"
    for name in ("index.fr.md", "guide/b.nl.md", "guide/a/deep.fr.md", "criteria/x.fr.md", "assets/notes.txt"):
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(name, encoding="utf-8")
    walked = []
    rglob = Path.rglob
    monkeypatch.setattr(Path, "rglob", lambda self, pattern: walked.append(self.name) or rglob(self, pattern))
    pages = search.hand_written_pages(docs, {"criteria"})
    assert list(pages) == ["guide/a/deep.fr.md", "guide/b.nl.md", "index.fr.md"]  # sorted, generated left out
    assert pages["guide/b.nl.md"] == "guide/b.nl.md"
    assert "criteria" not in walked and "docs" not in walked
    assert search.hand_written_pages(tmp_path / "absent", {"criteria"}) == {}  # as the walk of a missing folder
