"""The Content-Security-Policy of the built site (overrides/partials/csp.html).

The site publishes text from pull requests by strangers; if markup ever slipped through the
validation, the browser must not run it. Every page carries the same policy, first in <head>;
scripts come from the site's own files or are one of the theme's inline scripts, allowed by
hash from a reviewed list kept in the repository (never computed from the pages themselves).
These tests fail when a built page holds an inline script that the list does not allow (e.g.
after a theme upgrade), when the list holds a hash that matches no script of the theme's
templates, or when the policy is loosened. Browser proof: tests/test_browser_csp.py.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from kb.kinds import ROOT

CSP_FILE = ROOT / "overrides" / "partials" / "csp.html"
CSP_NAME = "overrides/partials/csp.html"

# Script types that are data blocks: a browser never runs them. Any other type is treated as a
# script (the conservative choice: unknown types must be hashed too).
# https://html.spec.whatwg.org/multipage/scripting.html#data-block
DATA_TYPES = {"application/json", "application/ld+json"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster"}


def sha256(text: str) -> str:
    """The CSP source expression of ``text`` ('sha256-…', without quotes)."""
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def reviewed_hashes() -> tuple[list[str], list[str]]:
    """(script hashes, style hashes) of the reviewed list in overrides/partials/csp.html."""
    text = CSP_FILE.read_text(encoding="utf-8")
    lists = {}
    for name in ("kb_script_hashes", "kb_style_hashes"):
        found = re.search(r"set " + name + r" = \[(.*?)\]", text, re.S)
        assert found, f"{CSP_NAME}: the list {name} is missing"
        lists[name] = re.findall(r'"(sha256-[A-Za-z0-9+/=]+)"', found.group(1))
    return lists["kb_script_hashes"], lists["kb_style_hashes"]


def parse_policy(content: str) -> dict[str, list[str]]:
    """{directive: [sources]} of a policy string."""
    policy = {}
    for part in content.split(";"):
        words = part.split()
        if words:
            assert words[0].lower() not in policy, f"directive {words[0]} given twice"
            policy[words[0].lower()] = words[1:]
    return policy


def script_is_executable(attrs: dict) -> bool:
    """Whether a browser runs (or processes under script-src) a <script> with these attributes."""
    return (attrs.get("type") or "").strip().lower() not in DATA_TYPES


class PageScan(HTMLParser):
    """What matters to the policy in one HTML page: the CSP meta tags (and whether they come in
    <head> before any script), inline scripts and styles, event handler attributes and
    javascript: addresses."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.policies: list[str] = []
        self.policy_first = None  # True when the first CSP meta came before any <script>
        self.in_head = False
        self.seen_script = False
        self.scripts: list[tuple[dict, str, int]] = []  # (attributes, text, line) of inline scripts
        self.styles: list[tuple[str, int]] = []
        self.handlers: list[str] = []
        self.javascript_urls: list[str] = []
        self._open = None  # ("script"|"style", attrs, line, [text])

    def handle_starttag(self, tag, attrs):
        values = {name: value or "" for name, value in attrs}
        line = self.getpos()[0]
        if tag == "head":
            self.in_head = True
        elif tag == "body":
            self.in_head = False
        elif tag == "meta" and values.get("http-equiv", "").lower() == "content-security-policy":
            if self.policy_first is None:
                self.policy_first = self.in_head and not self.seen_script
            self.policies.append(values.get("content", ""))
        if tag in ("script", "style"):
            if tag == "script":
                self.seen_script = True
            self._open = (tag, values, line, [])
        for name, value in values.items():
            if name.startswith("on"):
                self.handlers.append(f"line {line}: <{tag} {name}=…>")
            if name in URL_ATTRIBUTES and re.sub(r"[\s\x00-\x1f]", "", value).lower().startswith("javascript:"):
                self.javascript_urls.append(f"line {line}: <{tag} {name}={value[:60]!r}>")

    def handle_data(self, data):
        if self._open:
            self._open[3].append(data)

    def handle_endtag(self, tag):
        if self._open and tag == self._open[0]:
            kind, values, line, parts = self._open
            text = "".join(parts)
            if kind == "script" and "src" not in values:
                self.scripts.append((values, text, line))
            elif kind == "style":
                self.styles.append((text, line))
            self._open = None


def scan(path: Path) -> PageScan:
    page = PageScan()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


# ---- the reviewed list (no build needed) ------------------------------------------------------


def template_inline_texts(tag: str) -> set[str]:
    """The texts of the inline <tag> elements of the theme's templates and of our overrides
    that contain no template code (those whose text is the same on every page)."""
    import material

    folders = [Path(material.__file__).parent / "templates", ROOT / "overrides"]
    texts = set()
    for folder in folders:
        for path in folder.rglob("*.html"):
            source = path.read_text(encoding="utf-8")
            for found in re.finditer(rf"<{tag}(\s[^>]*)?>(.*?)</{tag}>", source, re.S):
                attributes, text = found.group(1) or "", found.group(2)
                if "src=" in attributes or "{{" in text or "{%" in text:
                    continue
                texts.add(text)
    return texts


def test_reviewed_hashes_belong_to_theme_scripts():
    """Every hash of the list is the hash of an inline script (or style) written in the theme's
    templates or in overrides/: the list can allow nothing else, and no stale hash lingers."""
    scripts, styles = reviewed_hashes()
    assert scripts and styles
    assert len(set(scripts)) == len(scripts) and len(set(styles)) == len(styles), f"{CSP_NAME}: duplicate hash"
    known_scripts = {sha256(text) for text in template_inline_texts("script")}
    known_styles = {sha256(text) for text in template_inline_texts("style")}
    foreign = [h for h in scripts if h not in known_scripts] + [h for h in styles if h not in known_styles]
    assert not foreign, (
        f"{CSP_NAME} lists hashes that match no inline script or style of the theme's templates or of "
        f"overrides/: {foreign}. Remove them (a script that was changed or dropped in a theme upgrade), "
        f"or add the hash of the new, reviewed script instead.")


def test_policy_template_has_no_unsafe_sources_outside_live_preview():
    """'unsafe-inline' only in the `mkdocs serve` branch; never 'unsafe-eval' or a wildcard."""
    text = CSP_FILE.read_text(encoding="utf-8")
    code = re.sub(r"\{#.*?#\}", "", text, flags=re.S)  # without the comments
    assert "unsafe-eval" not in code and "unsafe-hashes" not in code and " * " not in code
    assert code.count("'unsafe-inline'") == 1
    assert re.search(r"if config\.extra\.kb_live_preview -%\}\s*\{%- set kb_scripts = \"'unsafe-inline'\"", code)


# ---- the built site ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def scanned(built_site) -> dict[str, PageScan]:
    """{path under site/: scan} for every HTML page of the built site."""
    site = built_site / "site"
    return {path.relative_to(site).as_posix(): scan(path) for path in sorted(site.rglob("*.html"))}


@pytest.mark.site
def test_every_page_has_the_policy_first(scanned):
    """One CSP meta tag per page (404.html included), in <head>, before any script."""
    assert "404.html" in scanned and "nl/index.html" in scanned and "index.html" in scanned
    missing = [name for name, page in scanned.items() if len(page.policies) != 1]
    assert not missing, f"pages without exactly one Content-Security-Policy meta tag: {missing[:10]}"
    late = [name for name, page in scanned.items() if not page.policy_first]
    assert not late, f"pages whose Content-Security-Policy comes after a script or outside <head>: {late[:10]}"
    policies = {page.policies[0] for page in scanned.values()}
    assert len(policies) == 1, f"the pages do not all have the same policy: {sorted(policies)}"


@pytest.mark.site
def test_policy_is_tight(scanned):
    """The policy of the built pages: the reviewed hashes, and nothing looser than needed."""
    policy = parse_policy(scanned["index.html"].policies[0])
    scripts, styles = reviewed_hashes()
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"] + [f"'{h}'" for h in scripts], (
        "script-src must be 'self' plus the reviewed hashes of " + CSP_NAME)
    assert policy["style-src"] == ["'self'"] + [f"'{h}'" for h in styles]
    assert policy["img-src"] == ["'self'", "data:"]  # the theme's CSS icons are data: SVG images
    assert policy["connect-src"] == ["'self'"]
    assert policy["frame-src"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    loose = [(directive, source) for directive, sources in policy.items() for source in sources
             if source in ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*", "http:", "https:")
             or (source == "data:" and directive != "img-src")]
    assert not loose, f"loose sources in the Content-Security-Policy: {loose}"


@pytest.mark.site
def test_inline_scripts_are_allowed_by_the_policy(scanned):
    """Every inline script of every page is allowed by a reviewed hash; <script
    type="application/json"> blocks are data (never run, no hash needed) and hold JSON."""
    problems = []
    unknown: dict[str, list[str]] = {}  # {hash: ["page:line", …]}
    samples = {}
    for name, page in scanned.items():
        allowed = {source.strip("'") for source in parse_policy(page.policies[0]).get("script-src", [])}
        for attrs, text, line in page.scripts:
            if script_is_executable(attrs):
                digest = sha256(text)
                if digest not in allowed:
                    unknown.setdefault(digest, []).append(f"{name}:{line}")
                    samples[digest] = text.strip()[:100]
            else:
                try:
                    json.loads(text)
                except ValueError:
                    problems.append(f"{name}:{line}: <script type={attrs.get('type')!r}> does not hold JSON")
    problems += [f"inline script not allowed by the Content-Security-Policy: '{digest}' in {len(places)} page(s), "
                 f"first {places[0]}: {samples[digest]!r}" for digest, places in unknown.items()]
    assert not problems, (
        "\n".join(problems[:20]) + f"\n({len(problems)} in all.) If this is one of the theme's scripts (e.g. "
        f"after a Material upgrade), read it in the theme's templates/partials/javascripts/ (or in "
        f"overrides/partials/javascripts/), then put the hash printed above into the list kb_script_hashes "
        f"of {CSP_NAME}, replacing the hash of the script it replaces. If it is not the theme's, it came "
        f"from page content: find where it was injected; do not allow it.")


@pytest.mark.site
def test_inline_styles_are_allowed_by_the_policy(scanned):
    problems = []
    for name, page in scanned.items():
        allowed = {source.strip("'") for source in parse_policy(page.policies[0]).get("style-src", [])}
        problems += [f"{name}:{line}: inline style not allowed ('{sha256(text)}'): {text.strip()[:80]!r}"
                     for text, line in page.styles if sha256(text) not in allowed]
    assert not problems, "\n".join(problems[:20]) + f"\nupdate kb_style_hashes in {CSP_NAME} after review"


@pytest.mark.site
def test_no_event_handler_attributes_or_javascript_urls(scanned):
    """The policy would block them: on a page they are either a broken feature or an injection."""
    found = [f"{name}: {item}" for name, page in scanned.items() for item in page.handlers + page.javascript_urls]
    assert not found, "inline event handlers or javascript: addresses in built pages:\n" + "\n".join(found[:20])


@pytest.mark.site
def test_json_script_blocks_are_data(scanned):
    """The theme's configuration block is a data block: a browser does not run it."""
    blocks = [attrs for page in scanned.values() for attrs, _text, _line in page.scripts
              if not script_is_executable(attrs)]
    assert blocks, "expected the theme's <script id=__config type=application/json> on the pages"
    assert all(attrs.get("type") == "application/json" for attrs in blocks)


def test_scan_finds_planted_markup():
    """The scanner itself: a planted inline script, handler and javascript: link are reported."""
    page = PageScan()
    page.feed('<html><head><script>x()</script><meta http-equiv="Content-Security-Policy" content="a">'
              '</head><body><a href=" JaVa\tScript:alert(1)">x</a><img src="data:," onerror="alert(2)">'
              '<script type="application/json">{"a": 1}</script><script type="module">y()</script></body></html>')
    assert page.policy_first is False
    assert [script_is_executable(attrs) for attrs, _text, _line in page.scripts] == [True, False, True]
    assert len(page.handlers) == 1 and len(page.javascript_urls) == 1
