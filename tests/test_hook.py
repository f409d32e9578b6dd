"""The MkDocs hook used by `mkdocs serve`: regenerates pages from YAML edits, writes
nothing when nothing changed (no reload loop), and stops cleanly on invalid records."""

import shutil

import pytest
from mkdocs.exceptions import PluginError

from conftest import FIXTURES, make_repo
from kb.site import mkdocs_hooks


@pytest.fixture
def repo(tmp_path, monkeypatch):
    monkeypatch.delenv("KB_SKIP_GENERATE", raising=False)
    monkeypatch.setattr(mkdocs_hooks, "_last_signature", None)
    root = make_repo(tmp_path)
    shutil.copytree(FIXTURES / "valid", root, dirs_exist_ok=True)
    (root / "docs").mkdir()
    (root / "mkdocs.yml").write_text("site_name: test\n")
    return root


def config(root):
    return {"config_file_path": str(root / "mkdocs.yml"), "docs_dir": str(root / "docs")}


def test_hook_generates_then_writes_nothing(repo):
    mkdocs_hooks.on_pre_build(config(repo))
    page = repo / "docs/criteria/circ-fixture-warranty.fr.md"
    assert page.is_file()
    stamps = {p: p.stat().st_mtime_ns for p in (repo / "docs").rglob("*") if p.is_file()}
    mkdocs_hooks.on_pre_build(config(repo))  # second language build / unchanged rebuild
    assert stamps == {p: p.stat().st_mtime_ns for p in (repo / "docs").rglob("*") if p.is_file()}


def test_hook_regenerates_after_a_yaml_edit(repo):
    mkdocs_hooks.on_pre_build(config(repo))
    record = repo / "criteria/circular/circ-fixture-warranty.yaml"
    record.write_text(record.read_text().replace("Garantie de test", "Garantie de test révisée"))
    mkdocs_hooks.on_pre_build(config(repo))
    assert "Garantie de test révisée" in (repo / "docs/criteria/circ-fixture-warranty.fr.md").read_text()


def test_hook_refuses_invalid_records_without_touching_pages(repo):
    mkdocs_hooks.on_pre_build(config(repo))
    page = repo / "docs/criteria/circ-fixture-warranty.fr.md"
    before = page.read_bytes()
    record = repo / "criteria/circular/circ-fixture-warranty.yaml"
    record.write_text(record.read_text().replace("theme: circular", "theme: [", 1))
    with pytest.raises(PluginError):
        mkdocs_hooks.on_pre_build(config(repo))
    assert page.read_bytes() == before


def test_head_alternates_are_removed():
    html = '<head>\n  <link rel="alternate" href="./" hreflang="fr">\n<link rel="icon" href="x"></head>'
    out = mkdocs_hooks.on_post_page(html, page=None, config=None)
    assert 'hreflang="fr"' not in out and 'rel="icon"' in out
