"""The benchmark's fresh clones and trash (scripts/bench/checkout.py): a clone holds the
sources and nothing a build wrote, so a timed ``kb site`` in it starts as in a new git clone;
the trash only renames until it is emptied."""

from __future__ import annotations

import os

from bench.checkout import Trash, fresh_clone

from kb.site import file_hashes, page_cache


def _tree(root):
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if not p.is_dir())


def test_clone_has_the_sources_and_nothing_a_build_wrote(tmp_path):
    root = tmp_path / "repo"
    sources = ["mkdocs.yml", "criteria/circ/a.yaml", "docs/index.fr.md", "docs/about/index.nl.md",
               "docs/assets/kb.css", "overrides/main.html"]
    written = ["site/index.html", ".kb.lock", "mkdocs.bare.yml", "docs/.generated", "docs/criteria/a.fr.md",
               "docs/data/finder-fr.json", "docs/browse/index.nl.md", "docs/about/field-reference.fr.md"]
    for name in sources + written:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(name, encoding="utf-8")
    os.symlink("index.fr.md", root / "docs" / "link.md")  # copied as a link, never followed

    clone = fresh_clone(root, tmp_path / "clone")

    assert _tree(clone) == sorted(sources + ["docs/link.md"])
    assert (clone / "docs" / "link.md").is_symlink()
    assert (clone / "criteria/circ/a.yaml").read_text(encoding="utf-8") == "criteria/circ/a.yaml"
    assert _tree(root) == sorted(sources + written + ["docs/link.md"])  # the source is untouched


def test_trash_renames_now_and_deletes_only_when_emptied(tmp_path):
    (tmp_path / "trash" / "0").mkdir(parents=True)  # left by an earlier run
    trash = Trash(tmp_path / "trash")
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "a" / "page.html").write_text("x", encoding="utf-8")
    trash.discard(site)
    trash.discard(tmp_path / "missing")  # nothing to set aside: no error
    site.mkdir()
    (site / "b.html").write_text("y", encoding="utf-8")
    trash.discard(site)  # a second folder of the same name does not collide

    assert not site.exists()
    assert sorted(_tree(tmp_path / "trash")) == ["1/a/page.html", "2/b.html"]
    trash.empty()
    assert not (tmp_path / "trash").exists()


def test_clone_starts_without_the_caches_an_earlier_run_left(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    root, clone = tmp_path / "repo", tmp_path / "clone"
    (root / "docs").mkdir(parents=True)
    (root / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    pages = page_cache.cache_home(clone) / "fr"
    pages.mkdir(parents=True)
    (pages / "pages.sqlite").write_bytes(b"left by an interrupted run")
    hashes = file_hashes.cache_file(clone)
    hashes.parent.mkdir(parents=True)
    hashes.write_text("{}", encoding="utf-8")

    fresh_clone(root, clone)

    assert not page_cache.cache_home(clone).exists() and not hashes.exists()
