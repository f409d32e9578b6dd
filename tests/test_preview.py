"""The live preview's memos (kb serve) never change what is generated.

A preview keeps the checked records (kb.repository.RecordMemo) and the criterion pages and
search analyses (kb.render.memo.GenerationMemo) from one rebuild to the next. After each kind
of edit that reaches other pages (a criterion's title that related criteria show, a practice's
title that criterion pages show, a glossary term, a removed practice), generating with the
memos must give exactly the bytes of a generation without them. Also: the rebuild plan of
kb.site.preview (every page when the file list changes, removed pages deleted) and the filter
that keeps MkDocs' dirty-build notice from failing a strict preview.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
from pathlib import Path

import pytest
import yaml
from record_edits import delete_path, set_path
from sitebuild import copy_sources

from kb.export import opendata
from kb.render import search
from kb.render.generate import GENERATED, render_all
from kb.render.memo import GenerationMemo
from kb.repository import RecordMemo, load_repository
from kb.site import preview


@pytest.fixture(scope="module")
def repo_root(tmp_path_factory) -> Path:
    return copy_sources(tmp_path_factory.mktemp("preview") / "repo")


def _generated(root: Path, memo: RecordMemo | None, generation: GenerationMemo | None) -> dict:
    repo = load_repository(root, memo=memo)
    assert repo.ok, [str(m) for m in repo.messages if m.level == "error"][:3]
    pages = render_all(repo, encoded=True, memo=generation)
    return {**pages, **search.index_files(pages, root / "docs", GENERATED, terms=repo.of_kind("term"),
                                          memo=generation),
            **opendata.files_for_site(repo, root, "1700000000", generation)}  # kit data included


def _edit(path: Path, field: str, value: str) -> None:
    path.write_text(set_path(path.read_text(encoding="utf-8"), field, json.dumps(value, ensure_ascii=False)),
                    encoding="utf-8")


def _first(root: Path, folder: str, wanted) -> Path:
    for path in sorted((root / folder).rglob("*.yaml")):
        if wanted(yaml.safe_load(path.read_text(encoding="utf-8"))):
            return path
    raise AssertionError(f"no record in {folder}/ fits the test")


def test_generation_with_memos_equals_a_fresh_one_after_each_edit(repo_root):
    records, generation = RecordMemo(), GenerationMemo()
    first = _generated(repo_root, records, generation)
    assert first == _generated(repo_root, None, None)

    related = {r for p in (repo_root / "criteria").rglob("*.yaml")
               for r in yaml.safe_load(p.read_text(encoding="utf-8")).get("related") or []}
    practice = _first(repo_root, "practices", lambda d: bool(d.get("criteria")))
    criteria_text = "".join(p.read_text(encoding="utf-8") for p in (repo_root / "criteria").rglob("*.yaml"))
    label = _first(repo_root, "labels", lambda d: isinstance(d.get("name"), dict) and d["id"] in criteria_text)
    edits = [
        ("a criterion that others show as related",
         lambda: _edit(_first(repo_root, "criteria", lambda d: d["id"] in related), "title.fr", "Titre modifié")),
        ("a practice's title", lambda: _edit(practice, "title.nl", "Gewijzigde titel (test)")),
        ("a glossary term", lambda: _edit(_first(repo_root, "glossary", lambda d: True), "term.fr", "terme modifié")),
        ("a label's name, which kits and pages show", lambda: _edit(label, "name.fr", "Label renommé (test)")),
        ("a removed practice", practice.unlink),
        ("related criteria removed", lambda: (lambda p: p.write_text(
            delete_path(p.read_text(encoding="utf-8"), "related"), encoding="utf-8"))(
            _first(repo_root, "criteria", lambda d: bool(d.get("related"))))),
    ]
    for what, edit in edits:
        edit()
        with_memos = _generated(repo_root, records, generation)
        fresh = _generated(repo_root, None, None)
        changed = sorted(name for name in fresh if first.get(name) != fresh[name])
        assert changed, f"{what}: the edit changed nothing (the test would prove nothing)"
        differ = sorted(name for name in fresh.keys() | with_memos.keys() if fresh.get(name) != with_memos.get(name))
        assert not differ, f"after {what}, the memos gave other bytes for {differ[:5]}"
        first = fresh
    assert records.reused > 0 and generation.reused > 0 and generation.kit.reused > 0  # used, not bypassed


def test_record_memo_sees_an_edit_with_the_same_size_and_time(repo_root, tmp_path):
    root = tmp_path / "repo"
    shutil.copytree(repo_root, root)
    path = _first(root, "criteria", lambda d: True)
    memo = RecordMemo()
    before = {r.path: r.data for r in load_repository(root, memo=memo).records}
    stat = path.stat()
    text = path.read_text(encoding="utf-8")
    # same length, same time stamps, one letter of the French title changed
    title = yaml.safe_load(text)["title"]["fr"]
    at = max(i for i, c in enumerate(title) if c.isascii() and c.isalpha())  # one byte, whatever the title
    changed = title[:at] + ("x" if title[at] != "x" else "y") + title[at + 1:]
    path.write_text(text.replace(title, changed, 1), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_size == stat.st_size
    after = {r.path: r.data for r in load_repository(root, memo=memo).records}
    relative = path.relative_to(root).as_posix()
    assert after[relative]["title"]["fr"] == changed != before[relative]["title"]["fr"]


def test_a_theme_edit_with_the_same_size_and_time_counts(tmp_path, monkeypatch):
    """The inputs every page depends on are compared by content (kb.site.digest), not by
    size and modification time: an edit that keeps both still re-renders every page."""
    from kb.site import file_hashes

    real = file_hashes.time.time_ns
    monkeypatch.setattr(file_hashes.time, "time_ns", lambda: real() + 60 * 10**9)  # files look old: remembered
    partial = tmp_path / "overrides" / "partials" / "footer.html"
    partial.parent.mkdir(parents=True)
    partial.write_text("<footer>pied</footer>\n", encoding="utf-8")
    before = preview.shared_digest(tmp_path)
    stat = partial.stat()
    time.sleep(0.05)  # past the file-system clock's tick
    partial.write_text("<footer>voet</footer>\n", encoding="utf-8")
    os.utime(partial, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert partial.stat().st_size == stat.st_size and partial.stat().st_mtime_ns == stat.st_mtime_ns
    assert preview.shared_digest(tmp_path) != before


class _File:
    def __init__(self, src_uri: str, dest: Path, page: bool = True):
        self.src_uri, self.abs_dest_path, self._page = src_uri, str(dest), page

    def is_documentation_page(self) -> bool:
        return self._page

    def is_modified(self) -> bool:
        return False


def test_rebuild_plan_renders_everything_only_when_the_file_list_changes(tmp_path, monkeypatch):
    monkeypatch.setattr(preview, "_previous", {})
    monkeypatch.setattr(preview, "_dirty", True)
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    out = tmp_path / "site"
    out.mkdir()
    files = [_File("a.md", out / "a.html"), _File("b.md", out / "b.html"), _File("x.css", out / "x.css", False)]
    assert preview.plan_rebuild(files, tmp_path, "fr") == 0  # first build: everything is new anyway
    assert preview.plan_rebuild(files, tmp_path, "fr") == 0  # nothing changed: dirty rebuild
    assert not any(f.is_modified() for f in files)
    (out / "b.html").write_text("old page", encoding="utf-8")
    fewer = files[:1] + files[2:]
    assert preview.plan_rebuild(fewer, tmp_path, "fr") == 1  # b.md removed: every page again
    assert not (out / "b.html").exists(), "the removed page is still served"
    assert fewer[0].is_modified() and not fewer[1].is_modified()  # pages only, not assets
    assert preview.plan_rebuild(files[:1], tmp_path, "nl") == 0  # languages are planned apart


def test_dirty_notice_does_not_count_as_a_warning(monkeypatch):
    logger = logging.getLogger("mkdocs.commands.build")
    monkeypatch.setattr(logger, "filters", list(logger.filters))
    preview.start(dirty=True)
    seen = []

    class Catch(logging.Handler):
        def emit(self, record):
            seen.append(record.getMessage())

    handler = Catch(logging.WARNING)
    logger.addHandler(handler)
    try:
        logger.warning("A 'dirty' build is being performed, this will likely lead to inaccurate navigation")
        logger.warning("Doc file 'x.md' contains a link 'y.md', but the target is not found")
    finally:
        logger.removeHandler(handler)
        monkeypatch.setattr(preview, "_dirty", False)
    assert seen == ["Doc file 'x.md' contains a link 'y.md', but the target is not found"]


def test_a_change_of_the_generator_code_asks_for_a_restart(tmp_path, monkeypatch):
    monkeypatch.setattr(preview, "_code", None)
    code = tmp_path / "scripts" / "kb"
    code.mkdir(parents=True)
    (code / "render.py").write_text("A = 1\n", encoding="utf-8")
    assert not preview.code_changed(tmp_path)  # first build: remembers the code
    assert not preview.code_changed(tmp_path)
    (code / "render.py").write_text("A = 22\n", encoding="utf-8")
    assert preview.code_changed(tmp_path)
    (code / "__pycache__").mkdir()
    monkeypatch.setattr(preview, "_code", None)
    assert not preview.code_changed(tmp_path)
    (code / "__pycache__" / "render.cpython-311.pyc").write_bytes(b"compiled on import")
    assert not preview.code_changed(tmp_path), "an import is not an edit"
