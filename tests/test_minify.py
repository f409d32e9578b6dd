"""The published scripts are the repository's scripts, minified without changing a thing.

``kb site`` minifies every script and style sheet of docs/assets/ in the built site
(kb.site.minify). Each source and its published copy are parsed by ESLint's parser (espree,
installed by `make test` with ESLint) into syntax trees without positions and comments: the
trees must be equal, so the minifier can only have removed white space and comments (a newline
that automatic semicolon insertion needed would change the tree). Style sheets and scripts
must be smaller on the site than in the repository, and licence comments (/*!) stay.
"""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from kb.kinds import ROOT

pytestmark = pytest.mark.site

ESPREE = ROOT / "node_modules" / "espree" / "dist" / "espree.cjs"
# Prints, for each pair of files given as a JSON list on stdin, whether their syntax trees match.
DRIVER = r"""
const espree = require(process.argv[1]);
const fs = require("fs");
const strip = (node) => JSON.stringify(node, (key, value) =>
  ["start", "end", "range", "loc", "raw", "comments", "tokens"].includes(key) ? undefined : value);
const parse = (text) => {
  for (const sourceType of ["module", "script"]) {
    try { return espree.parse(text, { ecmaVersion: "latest", sourceType }); } catch (error) { /* try the next */ }
  }
  return null;
};
const pairs = JSON.parse(fs.readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(pairs.map(([a, b]) => {
  const [ta, tb] = [a, b].map((p) => parse(fs.readFileSync(p, "utf8")));
  return ta !== null && tb !== null && strip(ta) === strip(tb);
})));
"""


def _sources(suffix: str):
    return sorted(p for p in (ROOT / "docs" / "assets").rglob(f"*{suffix}") if p.is_file())


def test_published_scripts_have_the_same_syntax_tree(built_site):
    if not shutil.which("node") or not ESPREE.is_file():
        pytest.fail("Node.js and ESLint's parser are needed: run `make test` (it installs both)", pytrace=False)
    pairs = [(str(p), str(built_site / "site" / p.relative_to(ROOT / "docs"))) for p in _sources(".js")]
    assert len(pairs) >= 10
    result = subprocess.run(["node", "-e", DRIVER, str(ESPREE)], input=json.dumps(pairs), capture_output=True,
                            text=True, timeout=120, check=True)
    same = json.loads(result.stdout)
    differ = [source for (source, _site), ok in zip(pairs, same, strict=True) if not ok]
    assert not differ, f"minified scripts differ from their sources: {differ}"


@pytest.mark.parametrize("suffix", [".js", ".css"])
def test_published_assets_are_smaller(built_site, suffix):
    for source in _sources(suffix):
        published = built_site / "site" / source.relative_to(ROOT / "docs")
        assert published.stat().st_size < source.stat().st_size, f"{published.name} was not minified"
        bangs = source.read_text(encoding="utf-8").count("/*!")
        assert published.read_text(encoding="utf-8").count("/*!") == bangs, f"{published.name} lost a licence comment"
