"""`kb site` skips the build when nothing changed (input digest) and never serves a stale
site: a changed record, template or Python file makes the next `kb site` build again."""

from __future__ import annotations

import pytest
from sitebuild import copy_sources

from kb.site import build, digest
from kb.site.build import build_site

pytestmark = pytest.mark.site


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    base = copy_sources(tmp_path_factory.mktemp("incremental") / "repo")
    assert build_site(base) == 0
    return base


def epoch(root):
    return build.source_date_epoch(root)


def test_no_change_rebuild_is_skipped(root, capsys):
    """(How long it takes is measured by scripts/bench, not here.)"""
    index = (root / "site" / "index.html").stat().st_mtime_ns
    assert build_site(root) == 0
    assert "site up to date" in capsys.readouterr().out
    assert (root / "site" / "index.html").stat().st_mtime_ns == index  # nothing rebuilt


@pytest.mark.parametrize("relative", ["overrides/partials/search.html", "scripts/kb/render/criterion.py",
                                      "mkdocs.yml", "docs/about/index.fr.md", "schema/common.schema.json"])
def test_any_input_change_invalidates_the_site(root, relative):
    assert build._up_to_date(root, root / "site", epoch(root))
    path = root / relative
    original = path.read_bytes()
    try:
        path.write_bytes(original + b"\n")
        assert not build._up_to_date(root, root / "site", epoch(root))
    finally:
        path.write_bytes(original)
    assert build._up_to_date(root, root / "site", epoch(root))


def test_another_epoch_or_a_lost_marker_invalidates(root):
    assert not build._up_to_date(root, root / "site", "12345")
    assert build._up_to_date(root, root / "site", epoch(root))
    assert not build._up_to_date(root, root / "elsewhere", epoch(root))


def test_hand_edited_generated_page_is_regenerated(root):
    page = next((root / "docs" / "criteria").glob("*.fr.md"))
    original = page.read_bytes()
    assert digest.pages_are_current(root, epoch(root))
    try:
        page.write_bytes(original.replace(b"\n", b"\n\n", 1))
        assert not digest.pages_are_current(root, epoch(root))
        assert not build._up_to_date(root, root / "site", epoch(root))
    finally:
        page.write_bytes(original)


def test_changed_record_is_rebuilt_and_published(root, capsys):
    record = next((root / "criteria").rglob("*.yaml"))
    text = record.read_text(encoding="utf-8")
    marker = "Texte modifié pour le test incrémental"
    assert "title:" in text
    record.write_text(text.replace("fr: ", f"fr: {marker} ", 1), encoding="utf-8")
    capsys.readouterr()
    assert build_site(root) == 0
    out = capsys.readouterr().out
    assert "site built" in out and "up to date" not in out
    assert any(marker in page.read_text(encoding="utf-8") for page in (root / "site" / "criteria").rglob("*.html"))
    assert build_site(root) == 0 and "site up to date" in capsys.readouterr().out


def test_page_cache_rebuild_is_byte_identical_to_a_cold_build(root, tmp_path, monkeypatch):
    """After an edit, pages converted from the page cache give the same site, byte for byte,
    as a build that converts every page; only the edited criterion is converted again."""
    from kb.site import page_cache

    record = sorted((root / "criteria").rglob("*.yaml"))[1]
    record.write_text(record.read_text(encoding="utf-8").replace("fr: ", "fr: Cache ", 1), encoding="utf-8")
    folder = page_cache.cache_home(root)
    before = page_cache.stored_keys(folder / "fr") | page_cache.stored_keys(folder / "nl")
    assert len(before) > 500  # the module's builds filled it, both languages
    assert build_site(root) == 0
    after = page_cache.stored_keys(folder / "fr") | page_cache.stored_keys(folder / "nl")
    assert 0 < len(after - before) < 20  # the edited page and the lists that show its title
    monkeypatch.setenv("KB_PAGE_CACHE", "off")
    assert build_site(root, tmp_path / "cold") == 0
    cached = {p.relative_to(root / "site"): p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    cold = {p.relative_to(tmp_path / "cold"): p.read_bytes() for p in (tmp_path / "cold").rglob("*") if p.is_file()}
    assert cached.keys() == cold.keys()
    assert [name for name in cached if cached[name] != cold[name]] == []
