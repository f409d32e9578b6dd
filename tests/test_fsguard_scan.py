"""kb.fsguard's folder scan (used to list records, generated pages and the inputs of the
build): every regular file, every link and special file with its reason, nothing followed;
the same answer as a plain lstat walk."""

from __future__ import annotations

import os
import socket
import stat

import pytest

from kb import fsguard


def lstat_walk(root, folder):
    """The reference: one lstat per entry, paths relative to root."""
    regular, unsafe = [], []
    stack = [folder]
    while stack:
        current = stack.pop()
        for name in os.listdir(root / current):
            relative = f"{current}/{name}"
            mode = os.lstat(root / relative).st_mode
            reason = fsguard.describe(mode)
            if reason:
                unsafe.append((relative, reason))
            elif stat.S_ISDIR(mode):
                stack.append(relative)
            else:
                regular.append(relative)
    return sorted(regular), sorted(unsafe)


@pytest.fixture
def tree(tmp_path):
    root = tmp_path / "repo"
    base = root / "docs" / "criteria"
    (base / "deep" / "deeper").mkdir(parents=True)
    for relative in ("a.md", "b.fr.md", ".hidden", "deep/c.md", "deep/deeper/d.json", "deep/deeper/é ü.md"):
        (base / relative).write_text("x", encoding="utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("secret", encoding="utf-8")
    (base / "link-to-file.md").symlink_to(outside / "secret.md")
    (base / "deep" / "link-to-folder").symlink_to(outside, target_is_directory=True)
    (base / "dangling.md").symlink_to(tmp_path / "missing")
    os.mkfifo(base / "deep" / "pipe.md")
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(base / "sock"))
    return root


def test_scan_equals_an_lstat_walk(tree):
    regular, unsafe = fsguard._scan(tree, "docs/criteria")
    assert (sorted(regular), sorted(unsafe)) == lstat_walk(tree, "docs/criteria")
    assert "docs/criteria/deep/deeper/é ü.md" in regular
    assert ("docs/criteria/deep/pipe.md", "is a named pipe (FIFO)") in unsafe
    assert ("docs/criteria/deep/link-to-folder", "is a symbolic link") in unsafe
    assert ("docs/criteria/sock", "is a socket") in unsafe
    assert not any("secret" in path for path in regular)  # nothing followed


def test_public_helpers(tree):
    assert fsguard.regular_files(tree, "docs/criteria") == lstat_walk(tree, "docs/criteria")[0]
    assert fsguard.unsafe_entries(tree, ["docs/criteria"]) == lstat_walk(tree, "docs/criteria")[1]
    assert fsguard.regular_files(tree, "docs/missing") == []


def test_a_linked_top_folder_is_not_scanned(tree, tmp_path):
    (tree / "criteria").symlink_to(tmp_path / "outside", target_is_directory=True)
    assert fsguard.regular_files(tree, "criteria") == []
    assert fsguard.unsafe_entries(tree, ["criteria"]) == [("criteria", "is a symbolic link")]
