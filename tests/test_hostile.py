"""Hostile input: whatever a contributor (or an attacker) puts in a pull request,
``kb check`` answers with located messages and the site never carries a script.

* random bytes and YAML-ish text into the strict loader and the repository
  reader: only ``YamlError``/``Message`` come out, quickly;
* random JSON-like values grafted into valid records, then through the schema
  validator and every rule: no exception;
* XSS payloads into every text field of valid records of every kind, rendered
  with ``render_all`` (validation bypassed, as if a check were ever skipped):
  no raw HTML, script address or attribute list reaches the Markdown;
* the same hostile pages built by MkDocs (``site`` mark): no executable payload
  in the HTML.

Regression tests for the loader, schema and rule fixes found this way are at
the end. Inputs are bounded and hypothesis deadlines catch anything slow.
"""

from __future__ import annotations

import copy
import re
import shutil
import subprocess
import sys
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import FIXTURES, make_repo
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kb import kinds, rules, schemas, yamlload
from kb.canonical import _child
from kb.messages import Message
from kb.record import Record
from kb.render import generate
from kb.repository import Repository, load_repository, read_record

FAST = settings(max_examples=200, deadline=timedelta(seconds=2),
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

# --- valid records of every kind (the fixture corpus has no term, set or act) --------------

TERM = """id: fixture-term
term: {fr: cahier spécial des charges, nl: bestek, en: procurement documents}
definition: {fr: Document qui décrit le marché., nl: Document dat de opdracht beschrijft.}
belgian_usage: {fr: Dit « CSC »., nl: Niet « Plan van Eisen ».}
see_also: [fixture-term-two]
sources:
  - {title: Loi du 17 juin 2016, lang: fr, publisher: SPF Justice, url: "https://example.org/law", date: "2016-07-14"}
last_reviewed: "2026-01-01"
"""
TERM_TWO = TERM.replace("id: fixture-term\n", "id: fixture-term-two\n").replace("[fixture-term-two]", "[fixture-term]")
COVERAGE = """id: eu-gpp-fixture
title: {fr: Ensemble de test, nl: Testset}
summary: {fr: Un ensemble de test., nl: Een testset.}
source: {title: Test set, lang: en, publisher: Test, url: "https://example.org/gpp", code: EU GPP 2021}
last_reviewed: "2026-01-01"
items:
  - {code: TS1, name: {fr: Garantie, nl: Garantie}, criteria: [circ-fixture-warranty]}
  - {code: TS2, name: {fr: Reprise, nl: Terugname}, not_adopted: {fr: Hors champ., nl: Buiten bestek.}}
"""
LEGISLATION = """id: eu-reg-fixture
status: published
last_reviewed: "2026-01-01"
act: Regulation (EU) 0000/1
title: {fr: Acte de test, nl: Testakte}
summary: {fr: Un acte de test., nl: Een testakte.}
product_groups: [notebooks]
url: https://example.org/act
requirements:
  - {applies_from: "2026-01-01", text: {fr: Les appareils sont réparables., nl: Toestellen zijn herstelbaar.},
     reference: Article 1}
sources:
  - {title: Test, lang: en, publisher: Test, url: "https://example.org/act", date: "2024-01-01"}
history:
  - {date: "2026-01-01", version: "1.0", change: {fr: Création., nl: Aanmaak.}}
"""
EXTRA = {"glossary/fixture-term.yaml": TERM, "glossary/fixture-term-two.yaml": TERM_TWO,
         "coverage/eu-gpp-fixture.yaml": COVERAGE, "legislation/eu-reg-fixture.yaml": LEGISLATION}


def add_records(root: Path) -> Path:
    """Add the valid fixtures plus one valid term, coverage set and legal act to ``root``."""
    shutil.copytree(FIXTURES / "valid", root, dirs_exist_ok=True)
    for relative, text in EXTRA.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text, encoding="utf-8")
    return root


def full_repo(tmp_path: Path) -> Path:
    """A throw-away knowledge base with a valid record of every kind."""
    return add_records(make_repo(tmp_path))


@pytest.fixture(scope="module")
def valid_repo(tmp_path_factory) -> Repository:
    repo = load_repository(full_repo(tmp_path_factory.mktemp("hostile")))
    assert repo.ok, repo.messages
    assert {r.kind.name for r in repo.records} == {k.name for k in kinds.KINDS}
    return repo


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


# --- 3. hostile text never reaches the Markdown as markup -------------------------------------

MARK = "kbxss"
PAYLOADS = [
    f'<script>alert("{MARK}")</script>',
    f"<img src=x onerror=alert('{MARK}')>",
    f"<svg/onload=alert('{MARK}')>",
    f"\"><iframe src=\"javascript:alert('{MARK}')\"></iframe>",
    f'<a href="javascript:alert(\'{MARK}\')">x</a>',
    f"</div><script>alert('{MARK}')</script><div>",
    f"</title><script>alert('{MARK}')</script>",
    f"\" onmouseover=\"alert('{MARK}')",
    f"<details open ontoggle=alert('{MARK}')>",
    f"<SCRIPT SRC=https://evil.example/{MARK}.js></SCRIPT>",
    f"<<script>script>alert('{MARK}')<</script>/script>",
    f"<!-- --><script>alert('{MARK}')</script>",
    f"<javascript:alert('{MARK}')>",
    f"[click](javascript:alert('{MARK}'))",
    f"[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) {MARK}",
    f"[click]( JaVaScRiPt:alert('{MARK}'))",
    f"![x](https://evil.example/{MARK}.png)",
    f"\n\n[x]: javascript:alert('{MARK}')\n\n[x]",
    f"\n\n<script>\nalert('{MARK}')\n</script>\n",
    f"\n\n    <script>alert('{MARK}')</script>\n\n> quote <b>{MARK}</b>",
    f"{{: onclick=\"alert('{MARK}')\" }}",
    f"text{{#id .cls onmouseover=alert('{MARK}')}}",
    f"{{{{{MARK}}}}} {{{{ years }}}}",
    f"--8<-- \"/etc/passwd\" {MARK}",
    f"\u202e<script>alert('{MARK}')</script>",
    f"`<script>alert('{MARK}')</script>`",
    f"&lt;script&gt;alert('{MARK}')&lt;/script&gt;",
    # Found by the 2026 security review (each passed `kb check` before markdown-it):
    f"[voir [ce] lien](&#106;avascript:alert('{MARK}'))",
    f"\n\n[x]:\n  javascript:alert('{MARK}')\n\nvoir [x]",
    f"[a](javascript&#58;alert('{MARK}'))",
    f"[a](java\nscript:alert('{MARK}'))",
    f"![a [b]](https://other.example/{MARK}.png)",
    f"[a](//other.example/{MARK}) [b](http://other.example/{MARK}) [c](data:text/html,{MARK})",
    f"\n\n#Titre {MARK}\n\n***\n\n!!! danger \"{MARK}\"\n    faux\n\n=== \"{MARK}\"\n    onglet",
    f"\n\n| {MARK} | b |\n|---|---|\n| 1 | 2 |\n\nTerme\n:   {MARK}\n\n```\n{MARK}\n```",
]
URL_PAYLOADS = [
    f"https://example.org/a){{: onclick=\"alert('{MARK}')\"}}",
    f"javascript:alert('{MARK}')",
    f"https://example.org/\"onmouseover=\"alert('{MARK}')",
    f"data:text/html,<script>alert('{MARK}')</script>",
    f"https://example.org/<script>alert('{MARK}')</script>",
]
# Schema patterns of identifiers, codes, dates and versions: not free text, validated strictly.
_CODE_PATTERNS = ("^[a-z", "^[0-9]{4}-", "^(0|[1-9]", "^[0-9]{8}", "^[0-9a-f]", "^[A-Z]{2}")


def field_kind(node) -> str | None:
    """'url', 'text' or None (a code, id, date… or not a string) for a schema node."""
    if not isinstance(node, dict) or "enum" in node:
        return None
    pattern = node.get("pattern", "")
    if pattern.startswith("^https://"):
        return "url"
    if pattern.startswith(_CODE_PATTERNS) or node.get("type") in ("integer", "boolean", "array", "object"):
        return None
    return "text"


def poison(value, ctx, payload: str, url_payload: str):
    """A copy of a record with ``payload`` appended to every text and every address replaced."""
    if isinstance(value, dict):
        return {key: poison(item, _child(ctx, key), payload, url_payload) for key, item in value.items()}
    if isinstance(value, list):
        return [poison(item, _child(ctx, index), payload, url_payload) for index, item in enumerate(value)]
    if isinstance(value, str):
        kind = field_kind(ctx[0])
        if kind == "url":
            return url_payload
        if kind == "text":
            return f"{value} {payload}"  # keep the text (and its placeholders), add the payload
    return value


def poisoned_repo(repo: Repository, index: int) -> Repository:
    payload, url_payload = PAYLOADS[index % len(PAYLOADS)], URL_PAYLOADS[index % len(URL_PAYLOADS)]
    records = []
    for rec in repo.records:
        schema = schemas.schema_documents()[rec.kind.schema]
        data = poison(rec.data, (schema, schema), payload, url_payload)
        records.append(Record(rec.kind, rec.path, yamlload.Document(data)))
    return Repository(root=repo.root, records=records)


_OUR_SCRIPT = re.compile(r'<script type="module" src="(\.\./)+assets/javascripts/[a-z-]+\.js"></script>')
_DANGEROUS_TAG = re.compile(r"(?i)<\s*/?\s*(script|img|iframe|svg|object|embed|style|details|math|title|base|meta)\b")
_EVENT_ATTRIBUTE = re.compile(r"(?i)<[a-z][^>]*[\s/\"']on[a-z]+\s*=")
# A link closes with an unescaped "]" (after an even number of backslashes, none included)
# followed by "(": "\\](" is text (a parameter value, for instance, is written as literal text
# and may show link syntax escaped), "\\\\](" is a backslash and a real link.
_LINK_TARGET = re.compile(r"(?<!\\)(?:\\\\)*\]\(\s*<?([^)\s>]*)")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
# Attribute lists the generator writes itself: buttons, glossary anchors (ids are validated) and
# the language of a source title (a two-letter code the schema checks).
_OUR_ATTRIBUTES = re.compile(r'\{ (\.md-button|#[a-z][a-z0-9-]*) \}|\{: lang="[a-z]{2}" \}')
_REFERENCE_DEF = re.compile(r"(?m)^\s{0,3}\[[^\]\n]+\]:")


def markup_problems(page: str) -> list[str]:
    """Markup in a generated Markdown page that record text could have put there."""
    found = []
    if page.startswith("---\n"):
        # Front matter values go to the HTML head and navigation unescaped by the theme.
        head, page = page[4:].split("\n---\n", 1)
        found += [line for line in head.splitlines() if "<" in line or ">" in line]
    page = _OUR_SCRIPT.sub("", page)
    # The finder's own collapsible filter panel (fixed markup of the generator, no record text).
    page = page.replace('<details class="kb-filter-panel">', "").replace("</details>", "")
    found += [m.group(0) for m in _DANGEROUS_TAG.finditer(page)]
    found += [m.group(0) for m in _EVENT_ATTRIBUTE.finditer(page)]
    found += re.findall(r"(?i)<[a-z][^<>]*\b(?:href|src)\s*=\s*[\"']?\s*(?:javascript|data|vbscript):", page)
    # Markdown syntax is not processed inside raw HTML blocks (the generator's own tables and forms, whose
    # texts are escaped with html.escape), so only the rest is checked for links and attribute lists.
    markdown = re.sub(r"(?ms)^<(table|form)\b.*?</\1>", "", page)
    markdown = "\n".join(line for line in markdown.splitlines() if not line.startswith("<"))
    found += [t for t in _LINK_TARGET.findall(markdown) if _SCHEME.match(t) and not t.startswith("https://")]
    found += [m.group(0) for m in re.finditer(r"\{\s*[:#.][^}]*\}", markdown)
              if not _OUR_ATTRIBUTES.fullmatch(m.group(0))]
    found += _REFERENCE_DEF.findall(markdown)
    return found


@pytest.mark.parametrize("index", range(len(PAYLOADS)))
def test_hostile_text_in_every_field_stays_text(valid_repo, index):
    pages = generate.render_all(poisoned_repo(valid_repo, index))
    assert any(MARK in page for page in pages.values()), "the payload should reach the pages as text"
    problems = {name: markup_problems(page) for name, page in pages.items()}
    assert not {name: found for name, found in problems.items() if found}


def test_every_text_field_is_poisoned(valid_repo):
    """The walk reaches texts of every kind, nested ones and addresses included."""
    poisoned = poisoned_repo(valid_repo, 0)
    by_path = {rec.path: rec.data for rec in poisoned.records}
    criterion = by_path["criteria/circular/circ-fixture-warranty.yaml"]
    assert criterion["clause"]["fr"].endswith(PAYLOADS[0]) and "{{years}}" in criterion["clause"]["fr"]
    assert criterion["parameters"]["standard"]["values"]["essential"].endswith(PAYLOADS[0])
    assert criterion["sources"][0]["title"].endswith(PAYLOADS[0])
    assert criterion["sources"][0]["url"] == URL_PAYLOADS[0]
    assert criterion["id"] == "circ-fixture-warranty"  # ids and codes are not free text
    assert criterion["levels"] == ["essential", "advanced", "frontrunner"]
    assert by_path["glossary/fixture-term.yaml"]["term"]["en"].endswith(PAYLOADS[0])
    assert by_path["coverage/eu-gpp-fixture.yaml"]["items"][1]["not_adopted"]["nl"].endswith(PAYLOADS[0])
    assert by_path["legislation/eu-reg-fixture.yaml"]["requirements"][0]["reference"].endswith(PAYLOADS[0])
    assert by_path["labels/lbl-fixture.yaml"]["url"] == URL_PAYLOADS[0]


# --- 4. the built site carries no executable payload ------------------------------------------

class ExecutableContent(HTMLParser):
    """Collects what a browser would run: script text, event handlers, script addresses."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self._in_script = True
        for name, value in attrs:
            value = (value or "").strip().lower()
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            if name in ("href", "src", "action", "formaction", "xlink:href", "data") and \
                    value.startswith(("javascript:", "data:", "vbscript:")):
                self.found.append(f"<{tag} {name}={value[:40]}>")
            if MARK in value and tag == "script":
                self.found.append(f"<script {name}={value[:40]}>")
        if tag in ("iframe", "object", "embed", "svg", "img", "details") and any(MARK in (v or "") for _, v in attrs):
            self.found.append(f"<{tag}> with the payload")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and MARK in data:
            self.found.append(f"<script>{data[:60]}")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    """The real site's configuration, theme and hand-written pages with the fixture records
    carrying every payload, built by MkDocs (validation bypassed)."""
    return build_hostile_site(tmp_path_factory.mktemp("hostile-site"))


def build_hostile_site(tmp_path: Path) -> Path:
    from sitebuild import copy_sources

    from kb.site.build import mkdocs_env

    root = copy_sources(tmp_path / "repo")
    # The legal register stays: the fixture criteria cite real provisions.
    for folder in {kind.folder for kind in kinds.KINDS} - {kinds.PROVISION.folder}:
        shutil.rmtree(root / folder, ignore_errors=True)
    repo = load_repository(add_records(root))
    assert repo.ok, repo.messages
    # Payload 0 on every generated page; the others on copies of the pages that show record text
    # ("criteria/x-p5.fr.md"), so one build covers them all.
    pages = generate.render_all(poisoned_repo(repo, 0))
    for index in range(1, len(PAYLOADS)):
        for name, text in generate.render_all(poisoned_repo(repo, index)).items():
            if MARK in text:
                stem, lang, ext = name.rsplit(".", 2)
                pages[f"{stem}-p{index}.{lang}.{ext}"] = text
    for name, text in pages.items():
        target = root / "docs" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    # Validation would refuse these records, so MkDocs runs directly (KB_SKIP_GENERATE is set), and
    # not strict: hand-written pages may link to real criteria that this small set lacks.
    out = tmp_path / "site"
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "--no-strict", "--config-file",
                             str(root / "mkdocs.yml"), "--site-dir", str(out)],
                            cwd=root, env=mkdocs_env(root), capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]
    return out


@pytest.mark.site
def test_hostile_pages_build_without_executable_content(hostile_site):
    out = hostile_site
    built = sorted(out.rglob("*.html"))
    assert (out / "nl/criteria/circ-fixture-warranty-p5/index.html").is_file()
    problems = {}
    for page in built:
        parser = ExecutableContent()
        parser.feed(page.read_text(encoding="utf-8"))
        if parser.found:
            problems[page.relative_to(out).as_posix()] = parser.found
    assert not problems
    # The payload is on the pages, as visible text.
    assert MARK in (out / "criteria/circ-fixture-warranty/index.html").read_text(encoding="utf-8")


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


@pytest.mark.site
@pytest.mark.browser
def test_hostile_pages_run_nothing_in_chromium(hostile_site, chromium):
    """Every page carrying a payload, opened and every link clicked in Chromium: no dialog
    fires, no request leaves 127.0.0.1, no navigation to a script address."""
    from browser import DESKTOP, Guard
    from server import SiteServer

    carrying = sorted({p.parent.relative_to(hostile_site).as_posix() for p in hostile_site.rglob("index.html")
                       if MARK in p.read_text(encoding="utf-8")})
    # Every payload on the fixture criterion's page in both languages, and the first page of
    # every other section (practices, labels, glossary, browse…) in both languages.
    pages = [p for p in carrying if "criteria/circ-fixture-warranty" in p]
    sections: dict[tuple, str] = {}
    for path in carrying:
        parts = path.split("/")
        key = (parts[0] == "nl", parts[1] if parts[0] == "nl" and len(parts) > 1 else parts[0])
        sections.setdefault(key, path)
    pages += [p for p in sections.values() if p not in pages]
    assert len(pages) > 2 * len(PAYLOADS)
    dialogs = []
    with SiteServer(hostile_site) as server:
        context = chromium.new_context(viewport=DESKTOP, service_workers="block")
        guard = Guard()
        guard.attach(context)
        page = context.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        for path in pages:
            url = f"{server.url}{path}/"
            page.goto(url)
            for link in page.locator("article a[href]").all():
                href = link.get_attribute("href") or ""
                assert not href.strip().lower().startswith(("javascript:", "data:", "vbscript:")), (path, href)
            # Ordinary links are not followed (the page stays); any other scheme is left to the
            # browser, so a javascript: address that slipped through would run and open a dialog.
            page.evaluate("""() => { for (const a of document.querySelectorAll('article a')) {
                a.addEventListener('click', e => {
                    if (a.protocol === 'http:' || a.protocol === 'https:') e.preventDefault(); });
                a.dispatchEvent(new MouseEvent('click', {bubbles: true, cancelable: true})); } }""")
            page.wait_for_timeout(50)
            assert page.url.startswith(server.url), (path, page.url)
        context.close()
    assert not dialogs, dialogs
    offsite = [p for p in guard.problems if p.startswith("third-party request")]
    assert not offsite, offsite
