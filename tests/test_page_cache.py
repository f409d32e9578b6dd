"""The page cache's storage (kb.site.page_cache): one SQLite database per language."""

from __future__ import annotations

import sqlite3
from types import SimpleNamespace

from kb.site import page_cache
from kb.site.page_cache import PageCache


def page(name: str) -> SimpleNamespace:
    """What PageCache reads of a MkDocs page after its conversion."""
    return SimpleNamespace(file=SimpleNamespace(src_uri=f"{name}.md", url=f"{name}/"), toc=[],
                           _title_from_render=name.title(), present_anchor_ids={"b", "a"}, links_to_anchors=None)


def fill(folder, names, full=True) -> dict[str, str]:
    """A build that converts the pages ``names`` and ends without warnings; {name: key}."""
    cache = PageCache(folder, "settings", "files")
    keys = {}
    for name in names:
        keys[name] = cache.key(page(name), f"# {name}")
        assert cache.load(keys[name]) is None
        cache.remember(keys[name], page(name), f"<h1>{name}</h1>")
    cache.commit(full=full)
    return keys


def test_entries_are_kept_and_read_back(tmp_path):
    keys = fill(tmp_path, ["one", "two"])
    assert page_cache.stored_keys(tmp_path) == set(keys.values())
    entry = PageCache(tmp_path, "settings", "files").load(keys["one"])
    assert entry["html"] == "<h1>one</h1>" and entry["title"] == "One" and entry["anchors"] == ["a", "b"]


def test_a_build_that_warned_keeps_nothing(tmp_path):
    fill(tmp_path, ["one"])
    cache = PageCache(tmp_path, "settings", "files")
    key = cache.key(page("two"), "# two")
    cache.remember(key, page("two"), "<h1>two</h1>")
    cache.discard()
    assert key not in page_cache.stored_keys(tmp_path)
    assert len(page_cache.stored_keys(tmp_path)) == 1


def test_a_full_build_forgets_unused_entries_and_old_files(tmp_path):
    keys = fill(tmp_path, ["one", "two"])
    (tmp_path / f"{'0' * 64}.json").write_text("{}", encoding="utf-8")  # the earlier format
    (tmp_path / ".pending-x").mkdir()
    cache = PageCache(tmp_path, "settings", "files")
    assert cache.load(keys["one"]) is not None
    cache.commit(full=True)
    assert page_cache.stored_keys(tmp_path) == {keys["one"]}
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(page_cache.DATABASE)) == []


def test_a_partial_build_keeps_what_it_did_not_use(tmp_path):
    keys = fill(tmp_path, ["one", "two"])
    more = fill(tmp_path, ["three"], full=False)
    assert page_cache.stored_keys(tmp_path) == {*keys.values(), *more.values()}


def test_a_file_that_is_not_a_database_is_replaced(tmp_path):
    (tmp_path / page_cache.DATABASE).write_bytes(b"not a database" * 100)
    keys = fill(tmp_path, ["one"])
    assert page_cache.stored_keys(tmp_path) == {keys["one"]}


def test_an_entry_of_the_wrong_shape_is_a_miss(tmp_path):
    keys = fill(tmp_path, ["one", "two", "three"])
    db = sqlite3.connect(tmp_path / page_cache.DATABASE)
    with db:
        db.execute("UPDATE entries SET entry = ? WHERE key = ?", ('{"format": 2, "html": 1}', keys["one"]))
        db.execute("UPDATE entries SET entry = ? WHERE key = ?", ("not json", keys["two"]))
    db.close()
    cache = PageCache(tmp_path, "settings", "files")
    assert cache.load(keys["one"]) is None and cache.load(keys["two"]) is None
    assert cache.load(keys["three"]) is not None


def test_a_database_locked_by_another_build_only_costs_the_cache(tmp_path, monkeypatch):
    keys = fill(tmp_path, ["one"])
    monkeypatch.setattr(page_cache, "_open", _quick(page_cache._open))
    other = sqlite3.connect(tmp_path / page_cache.DATABASE, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another build is writing
    try:
        cache = PageCache(tmp_path, "settings", "files")
        assert cache.load(keys["one"]) is not None  # WAL: readers are not blocked
        key = cache.key(page("two"), "# two")
        cache.remember(key, page("two"), "<h1>two</h1>")  # the write lock is taken: gives up
        assert cache.load(keys["one"]) is None  # and goes without the cache for the rest
        cache.commit(full=True)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert page_cache.stored_keys(tmp_path) == {keys["one"]}


def _quick(open_database):
    """``_open`` with a short lock timeout, so the locked-database test does not wait 2 s."""
    def opened(path):
        db = open_database(path)
        db.execute("PRAGMA busy_timeout = 50")
        return db
    return opened
