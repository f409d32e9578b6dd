"""The built site: both language trees, every record in both, language switch,
search index, sitemap alternates, no third-party requests; atomic and reproducible builds."""

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from sitebuild import copy_sources

from kb.repository import load_repository
from kb.site.build import build_site

pytestmark = pytest.mark.site


@pytest.fixture(scope="module")
def built(built_site):
    """The site built once per session (conftest.py), shared with the browser tests."""
    return built_site


def html(root: Path, relative: str) -> str:
    return (root / "site" / relative).read_text(encoding="utf-8")


def test_both_language_trees(built):
    assert (built / "site/index.html").is_file() and (built / "site/nl/index.html").is_file()
    assert '<html lang="fr"' in html(built, "index.html")
    assert '<html lang="nl"' in html(built, "nl/index.html")


def test_every_criterion_in_both_languages(built):
    repo = load_repository(built)
    criteria = repo.of_kind("criterion")
    assert criteria
    for rec in criteria:
        fr = html(built, f"criteria/{rec.id}/index.html")
        nl = html(built, f"nl/criteria/{rec.id}/index.html")
        assert '<html lang="fr"' in fr and '<html lang="nl"' in nl
        assert f'data-kb-id="{rec.id}"' in fr and f'data-kb-id="{rec.id}"' in nl
    for kind, folder in (("practice", "practices"), ("label", "labels"), ("legislation", "legislation")):
        for rec in repo.of_kind(kind):
            assert (built / f"site/{folder}/{rec.id}/index.html").is_file()
            assert (built / f"site/nl/{folder}/{rec.id}/index.html").is_file()


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.switch = {}
        self.external = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and "md-select__link" in (a.get("class") or ""):
            self.switch[a.get("hreflang")] = a.get("href")
        for attr in ("src", "href"):
            value = a.get(attr) or ""
            own = value.startswith("https://sustainable-ict-be.github.io/ict-criteria/")
            if tag in ("script", "link", "img", "iframe") and re.match(r"^(https?:)?//", value) and not own:
                self.external.append(value)


def test_language_switch_targets_the_same_page(built):
    repo = load_repository(built)
    rec = repo.of_kind("criterion")[0]
    parser = Links()
    parser.feed(html(built, f"criteria/{rec.id}/index.html"))
    assert parser.switch["nl"] == f"../../nl/criteria/{rec.id}/"
    parser = Links()
    parser.feed(html(built, f"nl/criteria/{rec.id}/index.html"))
    assert parser.switch["fr"] == f"../../../criteria/{rec.id}/"


def test_no_third_party_resources(built):
    for page in (built / "site").rglob("*.html"):
        parser = Links()
        parser.feed(page.read_text(encoding="utf-8"))
        assert not parser.external, f"{page}: {parser.external}"
    css = "".join(p.read_text(encoding="utf-8", errors="ignore") for p in (built / "site").rglob("*.css"))
    assert "fonts.googleapis" not in css and "fonts.gstatic" not in css


def test_search_index_per_language(built):
    """One search index per language, each holding only its own pages; the theme's
    merged index is not published."""
    fr = json.loads(html(built, "data/search-fr.json"))["docs"]  # manifest: [address, title] per page
    nl = json.loads(html(built, "data/search-nl.json"))["docs"]
    assert any(u.startswith("criteria/") for u, _t in fr) and any(u.startswith("criteria/") for u, _t in nl)
    assert not any(u.startswith("nl/") for u, _t in fr + nl)
    titles_fr = {t for _u, t in fr}
    repo = load_repository(built)
    for rec in repo.of_kind("criterion")[:20]:
        assert rec.data["title"]["fr"] in titles_fr
    shard = json.loads(html(built, "data/search-fr/re.json"))  # forms -> stems, stems -> postings
    assert shard["f"]["reparation"] in shard["s"]
    assert not (built / "site/search/search_index.json").exists()
    assert not (built / "site/search").exists()  # nothing left of the theme's merged index


def test_sitemap_has_language_alternates(built):
    sitemap = html(built, "sitemap.xml")
    assert 'hreflang="nl" href="https://sustainable-ict-be.github.io/ict-criteria/nl/criteria/' in sitemap
    assert "None" not in sitemap


def test_site_description_per_language(built):
    assert 'name="description" content="Critères' in html(built, "about/index.html") or \
        'name="description"' in html(built, "about/index.html")
    nl_home = html(built, "nl/index.html")
    assert "Duurzame ICT-criteria" in nl_home


def test_failed_build_leaves_previous_site_untouched(tmp_path):
    root = copy_sources(tmp_path / "repo")
    assert build_site(root) == 0
    before = {p.relative_to(root).as_posix(): p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    broken = next((root / "criteria").rglob("*.yaml"))
    broken.write_text(broken.read_text(encoding="utf-8").replace("status:", "status: [", 1), encoding="utf-8")
    assert build_site(root) == 1
    after = {p.relative_to(root).as_posix(): p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    assert before == after
    assert not list(root.glob(".site.building-*"))


def test_two_builds_are_byte_identical(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764288000")
    first = copy_sources(tmp_path / "a")
    second = copy_sources(tmp_path / "b")
    assert build_site(first) == 0 and build_site(second) == 0

    def tree(root):
        return {p.relative_to(root / "site").as_posix(): p.read_bytes()
                for p in (root / "site").rglob("*") if p.is_file()}

    a, b = tree(first), tree(second)
    assert a.keys() == b.keys()
    different = [name for name in a if a[name] != b[name]]
    assert not different, different[:5]


def test_source_titles_carry_their_language(built):
    """A source title in another language than the page's is marked with it (WCAG 3.1.2), on every
    page kind; an EU act is cited by its name in the page's language, linked to its EUR-Lex page in
    that language, as the kits cite it (kb.export.sources.sources_of)."""
    from kb.export.sources import eu_acts, sources_of

    repo = load_repository(built)
    acts = eu_acts(repo)
    checked = translated = 0
    for kind, folder in (("criterion", "criteria"), ("practice", "practices"), ("label", "labels"),
                         ("legislation", "legislation"), ("coverage", "coverage")):
        for rec in repo.of_kind(kind):
            for page_lang, prefix in (("fr", ""), ("nl", "nl/")):
                page = html(built, f"{prefix}{folder}/{rec.id}/index.html")
                sources = rec.data.get("sources") or [rec.data.get("source")]
                for src in sources_of({"sources": sources}, acts, langs=(page_lang,)):
                    url = src.url[page_lang] if isinstance(src.url, dict) else src.url
                    # The link's attributes as written by Python-Markdown: href first, then lang when marked.
                    links = re.findall(r'<a href="' + re.escape(url.replace("&", "&amp;")) + r'"([^>]*)>', page)
                    assert links, (rec.id, page_lang, url)
                    if isinstance(src.title, dict):  # in the page's language: nothing to mark
                        assert "" in links, (rec.id, url, links)
                        assert "/legal-content/" not in url or f"/legal-content/{page_lang.upper()}/" in url, url
                        translated += 1
                    else:
                        want = f' lang="{src.lang}"' if src.lang != page_lang else ""
                        assert want in links or (not want and "" in links), (rec.id, page_lang, src.title, links)
                    checked += 1
    assert checked > 500 and translated > 100


def test_label_clauses_are_marked_english(built):
    """The label clause column cites the label's document in English: on French and Dutch pages
    each clause is one <span lang="en"> with exactly the record's text (WCAG 3.1.2)."""
    import html as html_module

    repo = load_repository(built)
    checked = 0
    for rec in repo.of_kind("criterion"):
        clauses = [ref["clause"] for ref in rec.data.get("labels") or []]
        if not clauses:
            continue
        for prefix in ("", "nl/"):
            page = html(built, f"{prefix}criteria/{rec.id}/index.html")
            spans = [html_module.unescape(s) for s in re.findall(r'<td><span lang="en">(.*?)</span></td>', page)]
            assert spans == clauses, (rec.id, prefix, spans, clauses)
            checked += len(spans)
    assert checked > 50


def test_legal_acts_are_named_in_the_page_language(built):
    """legal_baseline acts: "Règlement (UE) 2023/1670" on French pages, "Verordening (EU) 2023/1670" on
    Dutch ones, never the English reference the record gives (rule baseline-act keeps it so)."""
    from kb.export.sources import act_name

    repo = load_repository(built)
    checked = 0
    for rec in repo.of_kind("criterion"):
        for entry in rec.data.get("legal_baseline") or []:
            for page_lang, prefix in (("fr", ""), ("nl", "nl/")):
                page = html(built, f"{prefix}criteria/{rec.id}/index.html")
                name = act_name(entry["act"], page_lang)
                assert name and f">{name}</a>" in page.replace("&#39;", "'"), (rec.id, page_lang, name)
                if isinstance(entry["act"], str):
                    assert f">{entry['act']}</a>" not in page, (rec.id, page_lang)
                checked += 1
    assert checked > 50
