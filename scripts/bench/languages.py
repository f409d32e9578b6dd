"""Wall time with the two languages built in parallel (issue 16 asks to report it).

``kb site`` runs one ``mkdocs build``, in which mkdocs-static-i18n builds French, then Dutch.
Here the same generated pages are built three ways in fresh processes, with the project's hook
and page cache off: the usual build of both languages, and two builds of one language each
(the i18n plugin's ``build_only_locale``) started together. Reported: the wall time of each
way and their CPU. A measurement only: the published site is built the usual way (one build
writes both languages' links, sitemap and 404 page).
"""

from __future__ import annotations

import resource
import subprocess
import sys
import time
from pathlib import Path

import yaml

from .checkout import Trash
from .endtoend import mkdocs_env, run_fresh


def one_language_config(root: Path, lang: str) -> Path:
    """mkdocs.yml of ``root`` building only ``lang`` (parsed and written back, as bare_config)."""
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and "i18n" in plugin:
            plugin["i18n"]["build_only_locale"] = lang
    path = root / f"mkdocs.only-{lang}.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _command(config: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--config-file", str(config),
            "--site-dir", str(out)]


def measure_languages(root: Path, work: Path, epoch: str, trash: Trash) -> dict:
    """Wall and CPU of both languages in one build vs one build per language, in parallel
    (into a new folder, set aside afterwards: bench.checkout)."""
    env = {**mkdocs_env(epoch), "KB_SKIP_GENERATE": "1", "KB_PAGE_CACHE": "off"}
    out = work / "languages"
    trash.discard(out)
    sequential = run_fresh(_command(root / "mkdocs.yml", out / "both"), root, env)
    configs = [one_language_config(root, lang) for lang in ("fr", "nl")]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    processes = [subprocess.Popen(_command(config, out / config.stem), cwd=root, env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for config in configs]
    errors = [p.communicate()[1] for p in processes]
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # both children were waited for
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    for process, error in zip(processes, errors, strict=True):
        if process.returncode != 0:
            raise SystemExit("one-language build failed:\n" + error.decode("utf-8", "replace")[-3000:])
    trash.discard(out)
    for config in configs:
        config.unlink()
    return {"sequential_wall_s": sequential["wall_s"], "sequential_cpu_s": sequential["cpu_s"],
            "parallel_wall_s": wall, "parallel_cpu_s": cpu, "speed_up": sequential["wall_s"] / wall}
