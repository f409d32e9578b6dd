"""README's performance figures come from the benchmark's output, never typed by hand.

``make bench`` (``scripts/benchmark.py --readme``) replaces the block between BEGIN and END in
README.md with the report it printed (tables, every target with its value and PASS/FAIL,
search, Lighthouse scores). ``python -m bench.readme RESULTS.json`` does the same from the JSON
of an earlier run (``--out``). Lighthouse's findings stay in the printed report only.
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
from pathlib import Path

import bench_search

from kb.kinds import ROOT

from .report import print_report

BEGIN = "<!-- make bench: begin (written by scripts/bench/readme.py from the benchmark's output; do not edit) -->"
END = "<!-- make bench: end -->"


def report_text(payload: dict) -> str:
    """The report of a run (the JSON written by ``--out``), as printed, without Lighthouse findings."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        print_report(payload["machine"], payload["results"], payload["targets"], payload.get("lighthouse"),
                     findings=False)
        print()
        bench_search.print_report(payload["results"], payload.get("search_relevance"))
    return out.getvalue().strip("\n=").strip()


def update_readme(payload: dict, readme: Path = ROOT / "README.md") -> None:
    """Put the report of ``payload`` between BEGIN and END in ``readme``."""
    text = readme.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        raise SystemExit(f"{readme.name} has no benchmark block ({BEGIN} … {END})")
    start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
    run = payload.get("run", {})
    heading = (f"\nOutput of `make bench` on {run.get('date', 'an unknown date')} (options: "
               f"{run.get('options') or 'defaults'}; commit {run.get('commit', 'unknown')}):\n\n")
    readme.write_text(text[:start] + heading + "```\n" + report_text(payload) + "\n```\n" + text[end:],
                      encoding="utf-8")


if __name__ == "__main__":
    update_readme(json.loads(Path(sys.argv[1]).read_text(encoding="utf-8")))
    print(f"README.md updated from {sys.argv[1]}")
