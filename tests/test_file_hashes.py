"""The remembered file hashes behind the input digests (kb.site.file_hashes): an unchanged
file is not read again, and no change is missed, not even one that keeps the size and the
modification time; links, FIFOs and a planted or broken cache are handled."""

from __future__ import annotations

import hashlib
import json
import os
import time

import pytest

from kb.site import file_hashes
from kb.site.file_hashes import NOT_REGULAR, FileHashes, cache_file


def aged(monkeypatch, seconds=60):
    """Make every file look ``seconds`` old to the racy-file rule (the clock moves on)."""
    real = time.time_ns
    monkeypatch.setattr(file_hashes.time, "time_ns", lambda: real() + int(seconds * 1e9))


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def root(tmp_path):
    base = tmp_path / "repo"
    base.mkdir()
    (base / "a.yaml").write_bytes(b"title: un\n")
    (base / "b.yaml").write_bytes(b"title: deux\n")
    return base


def test_the_hash_is_the_sha256_of_the_bytes(root):
    assert FileHashes(root).hash_of("a.yaml") == sha(b"title: un\n")


def test_an_unchanged_file_is_not_read_again(root, monkeypatch):
    aged(monkeypatch)
    first = FileHashes(root)
    expected = first.hash_of("a.yaml")
    first.save()

    def no_open(*args, **kwargs):
        raise AssertionError("an unchanged file was read again")

    monkeypatch.setattr(file_hashes.os, "open", no_open)
    assert FileHashes(root).hash_of("a.yaml") == expected


def test_an_edit_keeping_size_and_modification_time_is_seen(root, monkeypatch):
    aged(monkeypatch)
    path = root / "a.yaml"
    before = path.stat()
    first = FileHashes(root)
    first.hash_of("a.yaml")
    first.save()
    time.sleep(0.05)  # past the file-system clock's tick: the edit gets a later change time
    path.write_bytes(b"title: UN\n")  # same size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # and the old modification time
    assert path.stat().st_size == before.st_size and path.stat().st_mtime_ns == before.st_mtime_ns
    assert FileHashes(root).hash_of("a.yaml") == sha(b"title: UN\n")


def test_a_file_changed_just_now_is_hashed_but_not_remembered(root):
    hashes = FileHashes(root)
    assert hashes.hash_of("a.yaml") == sha(b"title: un\n")
    hashes.save()
    assert not cache_file(root).exists() or "a.yaml" not in json.loads(cache_file(root).read_bytes())["files"]


def test_links_and_fifos_are_not_read(root, tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_bytes(b"not for the digest")
    (root / "link.yaml").symlink_to(outside)
    os.mkfifo(root / "fifo.yaml")  # reading it would block for ever
    hashes = FileHashes(root)
    assert hashes.hash_of("link.yaml") == NOT_REGULAR
    assert hashes.hash_of("fifo.yaml") == NOT_REGULAR
    with pytest.raises(FileNotFoundError):
        hashes.hash_of("missing.yaml")


def test_the_cache_is_outside_the_repository(root):
    assert not cache_file(root).resolve().is_relative_to(root.resolve())


@pytest.mark.parametrize("content", [b"\xff not json", b"[]", b'{"format": 1, "files": []}',
                                     b'{"format": 1, "files": {"a.yaml": [1, 2, 3]}}'])
def test_a_broken_cache_counts_as_empty(root, content):
    cache_file(root).parent.mkdir(parents=True, exist_ok=True)
    cache_file(root).write_bytes(content)
    assert FileHashes(root).known == {}
    assert FileHashes(root).hash_of("a.yaml") == sha(b"title: un\n")


def test_an_entry_for_another_file_identity_is_not_trusted(root, monkeypatch):
    """An entry whose inode or times differ from the file's (a copied-in cache, a checkout)
    is not used: the file is read."""
    aged(monkeypatch)
    first = FileHashes(root)
    first.hash_of("a.yaml")
    first.save()
    data = json.loads(cache_file(root).read_bytes())
    data["files"]["a.yaml"][5] = "0" * 64  # a lie about the content...
    data["files"]["a.yaml"][1] += 1  # ...under another inode
    cache_file(root).write_text(json.dumps(data))
    assert FileHashes(root).hash_of("a.yaml") == sha(b"title: un\n")


def test_a_complete_save_forgets_files_not_seen(root, monkeypatch):
    aged(monkeypatch)
    first = FileHashes(root)
    first.hash_of("a.yaml")
    first.hash_of("b.yaml")
    first.save()
    partial = FileHashes(root)
    partial.hash_of("a.yaml")
    partial.save()  # a partial look (the sources only) keeps what it did not see
    assert set(json.loads(cache_file(root).read_bytes())["files"]) == {"a.yaml", "b.yaml"}
    (root / "b.yaml").unlink()
    complete = FileHashes(root)
    complete.hash_of("a.yaml")
    complete.save(complete=True)
    assert set(json.loads(cache_file(root).read_bytes())["files"]) == {"a.yaml"}
