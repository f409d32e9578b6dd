"""README's performance block is written from the benchmark's output (scripts/bench/readme.py):
the text between the markers is replaced, everything around it is kept, and a README without
the markers is refused rather than appended to."""

from __future__ import annotations

import pytest
from bench.readme import BEGIN, END, update_readme

from kb.kinds import ROOT

PAYLOAD = {
    "run": {"date": "2026-12-06", "options": "sizes 166", "commit": "abc1234"},
    "machine": {"cpu": "Test CPU", "cores": 2, "memory": "24 GiB", "python": "3.11", "libyaml": True,
                "os": "Linux", "packages": {"mkdocs": "1.6.1"}, "chromium": "Chromium"},
    "results": [],
    "targets": {"memory_166": {"what": "kb site process tree peak memory at 166", "value": "120 MB",
                               "target": "< 1024 MB", "pass": True}},
    "lighthouse": {"home": {"runs": 3, "scores": {"performance": 100}, "metrics": {}, "findings": [
        {"category": "performance", "id": "secret-finding", "score": 0.5, "weight": 0, "value": "",
         "items": [], "why": "x."}]}},
}


def test_block_is_replaced_and_the_rest_kept(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(f"# Title\n\nBefore.\n\n{BEGIN}\nold figures\n{END}\n\nAfter.\n", encoding="utf-8")
    update_readme(PAYLOAD, readme)
    text = readme.read_text(encoding="utf-8")
    assert text.startswith("# Title\n\nBefore.\n\n" + BEGIN) and text.endswith(END + "\n\nAfter.\n")
    assert "old figures" not in text
    assert "Output of `make bench` on 2026-12-06 (options: sizes 166; commit abc1234)" in text
    assert "[PASS] kb site process tree peak memory at 166: 120 MB (target < 1024 MB)" in text
    assert "home      performance 100" in text and "secret-finding" not in text  # scores, not findings


def test_readme_without_markers_is_refused(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("# Title\n", encoding="utf-8")
    with pytest.raises(SystemExit):
        update_readme(PAYLOAD, readme)
    assert readme.read_text(encoding="utf-8") == "# Title\n"


def test_the_real_readme_has_the_block():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert text.count(BEGIN) == 1 and text.count(END) == 1 and text.index(BEGIN) < text.index(END)


def test_run_record_names_what_was_measured_and_no_path_of_this_machine(tmp_path):
    from bench.cli import parse_args, run_record

    assert run_record(parse_args([]))["options"] == "defaults"
    record = run_record(parse_args(["--sizes", "166,100", "--skip-lighthouse", "--out", str(tmp_path / "r.json"),
                                    "--keep", str(tmp_path), "--readme"]))
    assert record["options"] == "sizes 100,166, search size 166, skip-lighthouse"
    assert str(tmp_path) not in str(record)
    assert record["commit"] and record["commit"] != "unknown"  # the tests run in a git checkout


def test_run_record_is_the_tree_at_the_start_and_says_when_it_changed():
    from bench.cli import same_tree

    assert same_tree("ae44127", "ae44127") == "ae44127"
    assert same_tree("ae44127", "ae44127 with uncommitted changes") == \
        "ae44127; ae44127 with uncommitted changes by the end of the run"
