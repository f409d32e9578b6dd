"""What a user waits for, each in a fresh process: ``kb site`` in a fresh clone (no
generated pages, no previous site, no page cache; see ``checkout``) against a bare Material + i18n ``mkdocs
build`` of the same generated pages (the same mkdocs.yml without the project's hook, so with
the theme's default search index), interleaved ABBA; a ``kb site`` with nothing changed; a
``kb site`` after one criterion was edited; and the peak memory of each whole process tree.

Every run is a new process started the way a user starts it (the ``kb`` console script,
``python -m mkdocs``), so interpreter start-up, imports, validators, git, writing every file
and the swap are all counted. CPU time is that of the process and of every descendant it
waited for (``os.wait4``); the tree's memory is sampled from /proc every 20 ms (the sum of
the resident sets of the process and all its descendants at each moment).
"""

from __future__ import annotations

import copy
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml

from kb import kinds

from .checkout import Trash, forget_caches, fresh_clone
from .corpus import resync_translation, write_record

KB = Path(sys.executable).with_name("kb")  # the console script of this environment
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
SAMPLE_S = 0.02


def _children() -> dict[int, list[int]]:
    """Parent pid -> child pids, from /proc (processes that vanish meanwhile are skipped)."""
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        # The command name is in parentheses and may hold spaces: the ppid follows the last ")".
        ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
        tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def tree_rss(pid: int) -> int:
    """Bytes resident in ``pid`` and all its descendants right now."""
    tree, total, todo = _children(), 0, [pid]
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/statm", "rb") as handle:
                total += int(handle.read().split()[1]) * PAGE_SIZE
        except (OSError, IndexError, ValueError):
            pass
        todo += tree.get(current, [])
    return total


class TreeSampler(threading.Thread):
    """Samples the resident memory of a process tree until the process ends; ``peak`` in bytes."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak, self.done = pid, 0, threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            self.peak = max(self.peak, tree_rss(self.pid))
            self.done.wait(SAMPLE_S)


def run_fresh(command: list[str], cwd: Path, env: dict | None = None) -> dict:
    """Run ``command`` as a new process: wall s, CPU s (with its descendants), tree peak MB.

    Standard output is discarded; on failure the command's standard error ends the benchmark.
    """
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=errors)
        sampler = TreeSampler(process.pid)
        sampler.start()
        _pid, status, usage = os.wait4(process.pid, 0)  # waits for the process, keeps its rusage
        wall = time.perf_counter() - start
        sampler.done.set()
        sampler.join()
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            errors.seek(0)
            raise SystemExit(f"{' '.join(command)} failed in {cwd} (exit {process.returncode}):\n"
                             + errors.read().decode("utf-8", "replace")[-3000:])
    return {"wall_s": wall, "cpu_s": usage.ru_utime + usage.ru_stime, "tree_peak_mb": sampler.peak / 2**20}


def bare_config(root: Path) -> Path:
    """mkdocs.yml of ``root`` without the project's hook, next to it (same docs/ and overrides/).

    Parsed, not pattern-matched: the file is loaded, the ``hooks`` key removed and the rest
    written back (mkdocs.yml uses no custom YAML tags; a tag would make this fail loudly).
    """
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    config.pop("hooks", None)
    bare = root / "mkdocs.bare.yml"
    bare.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return bare


def mkdocs_env(epoch: str) -> dict:
    """The environment of every timed run: same epoch, no MkDocs 2 banner."""
    return {**os.environ, "SOURCE_DATE_EPOCH": epoch, "NO_MKDOCS_2_WARNING": "1"}


def kb_site(root: Path, out: Path, env: dict) -> dict:
    """``kb site`` in a fresh process."""
    return run_fresh([str(KB), "--root", str(root), "site", "--out", str(out)], root, env)


def bare_build(root: Path, out: Path, env: dict, trash: Trash) -> dict:
    """A bare ``mkdocs build --strict`` of the generated pages, without the hook, in a fresh
    process, into the new folder ``out`` (set aside afterwards)."""
    result = run_fresh([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--config-file",
                        str(bare_config(root)), "--site-dir", str(out)], root, env)
    index = out / "search" / "search_index.json"
    result["theme_search_index_bytes"] = index.stat().st_size if index.is_file() else 0
    trash.discard(out)
    return result


def edit_one_criterion(root: Path, marker: str) -> tuple[str, str]:
    """Put ``marker`` at the end of both titles of the first criterion (by file name), keeping a
    reviewed translation reviewed, as a contributor's edit; returns (criterion id, French title)."""
    path = min((root / "criteria").rglob("*.yaml"))
    original = yaml.safe_load(path.read_text(encoding="utf-8"))
    data = copy.deepcopy(original)
    for lang in ("fr", "nl"):
        data["title"][lang] = re.sub(r" - edit [0-9]+$", "", data["title"][lang]) + f" - {marker}"
    resync_translation(original, data)
    path.unlink()
    write_record(root, kinds.CRITERION, data, "Synthetic record edited by scripts/benchmark.py.")
    return data["id"], data["title"]["fr"]


def summary(runs: list[dict]) -> dict:
    """Min and median of wall and CPU seconds, the largest tree peak, and every run."""
    return {"wall_min_s": min(r["wall_s"] for r in runs), "wall_median_s": statistics.median(r["wall_s"] for r in runs),
            "cpu_min_s": min(r["cpu_s"] for r in runs), "cpu_median_s": statistics.median(r["cpu_s"] for r in runs),
            "tree_peak_mb": max(r["tree_peak_mb"] for r in runs), "runs": runs}


def measure_end_to_end(root: Path, work: Path, epoch: str, repeat: int, trash: Trash) -> dict:
    """Cold ``kb site`` vs bare ``mkdocs build`` (interleaved ABBA), then no-change and
    one-edit ``kb site`` (fresh processes); the built site is kept in work/site.

    Each cold ``kb site`` runs in a fresh clone of ``root`` (bench.checkout says why), the
    no-change and one-edit runs in the last one; the bare builds read the pages that
    ``kb generate`` wrote in ``root``. Nothing is deleted here: old outputs go to ``trash``."""
    env = mkdocs_env(epoch)
    site = work / "site"
    cold, bare, unchanged, edited, clones = [], [], [], [], []
    theme_index = 0
    if not (root / "docs" / "criteria").is_dir():  # the bare build needs generated pages
        run_fresh([str(KB), "--root", str(root), "generate"], root, env)
    for round_ in range(repeat):
        order = ("kb", "bare") if round_ % 2 == 0 else ("bare", "kb")
        for name in order:
            if name == "kb":
                trash.discard(site)
                clones.append(fresh_clone(root, work / f"clone-{round_}"))
                cold.append(kb_site(clones[-1], site, env))
            else:
                result = bare_build(root, work / f"bare-site-{round_}", env, trash)
                theme_index = result.pop("theme_search_index_bytes")
                bare.append(result)
    checkout = clones[-1]
    for round_ in range(repeat):
        unchanged.append(kb_site(checkout, site, env))
        edit_one_criterion(checkout, f"edit {round_}")
        edited.append(kb_site(checkout, site, env))
    for clone in clones + [root]:  # the synthetic clones are thrown away; root starts the preview cold
        forget_caches(clone)
    for clone in clones:
        trash.discard(clone)
    out = {"cold": summary(cold), "bare": summary(bare), "unchanged": summary(unchanged),
           "edited": summary(edited), "theme_search_index_bytes": theme_index}
    for key in ("cold", "edited"):
        out[f"{key}_cpu_ratio"] = out[key]["cpu_median_s"] / out["bare"]["cpu_median_s"]
        out[f"{key}_cpu_ratio_min"] = out[key]["cpu_min_s"] / out["bare"]["cpu_min_s"]
        out[f"{key}_wall_ratio"] = out[key]["wall_median_s"] / out["bare"]["wall_median_s"]
    return out
