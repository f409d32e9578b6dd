"""Hostile text never becomes markup: XSS payloads into every text field of valid records of
every kind, rendered with ``render_all`` (validation bypassed, as if a check were ever
skipped): no raw HTML, script address or attribute list reaches the Markdown; the same hostile
pages built by MkDocs (``site`` mark): no executable payload in the HTML.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hostile_records import add_records, load_valid_repo

from kb import kinds, schemas, yamlload
from kb.canonical import _child
from kb.record import Record
from kb.render import generate
from kb.repository import Repository, load_repository


@pytest.fixture(scope="module")
def valid_repo(tmp_path_factory) -> Repository:
    return load_valid_repo(tmp_path_factory)


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
    # texts are escaped with html.escape, a table possibly in its scrolling box), so only the rest is
    # checked for links and attribute lists.
    markdown = re.sub(r'(?ms)^(?:<div class="kb-table-scroll">)?<(table|form)\b.*?</\1>(?:</div>)?', "", page)
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
    assert by_path["legislation/eu-reg-fixture.yaml"]["requirements"][0]["reference"]["nl"].endswith(PAYLOADS[0])
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
