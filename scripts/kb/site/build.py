"""Build the site atomically: validate, generate, ``mkdocs build --strict``, swap.

Guarantees, in the order they are enforced:

* **the output folder is ours**: never the repository root or one of its parents,
  never a source folder, never a link, and with ``--out`` never an existing
  non-empty folder that a previous ``kb site`` did not mark as its own
  (``.kb-build``);
* **one build at a time** (``kb.buildlock``); leftovers of killed builds are removed
  first;
* **all or nothing**: MkDocs writes into a temporary folder next to the target,
  which replaces the target only when the build succeeded, by an atomic exchange
  of the two folders (``renameat2(RENAME_EXCHANGE)``; two renames where the
  system lacks it), so there is no moment without a complete site;
* **strict**: every MkDocs warning fails the build, and its output is shown;
* **small**: our scripts and style sheets are published minified (kb.site.minify);
* **no orphan process**: the MkDocs child is killed when its parent dies;
* **one-line errors**: disk full, read-only folders, a bad ``SOURCE_DATE_EPOCH``
  end with one line and no temporary files;
* **no needless build**: when the digest of every input (kb.site.digest) equals the one
  stored in the target's ``.kb-build``, nothing is done; any changed byte means a full build.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

from .. import fsguard, kinds
from ..buildlock import LockError, build_lock
from ..messages import format_text, visible
from .digest import read_stamp, site_digest, source_digest
from .minify import minify_assets

MARKER = ".kb-build"
# Folders of a checkout the site must never be written into.
PROTECTED = {kind.folder for kind in kinds.KINDS} | {"schema", "docs", "overrides", "scripts", "tests", "coverage",
                                                     ".git", ".github", ".venv", "node_modules", ".ci"}


class BuildError(Exception):
    """A build that cannot go on, with the one line to show the user."""


def source_date_epoch(root: Path) -> str:
    """SOURCE_DATE_EPOCH for reproducible output: the env value, else the last commit time.

    Raises ``BuildError`` when the env value is not a whole number of seconds.
    """
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value:
        if not re.fullmatch(r"[0-9]{1,11}", value):
            shown = visible(value)[:40]
            raise BuildError(f"SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, not {shown!r}")
        return value
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True, text=True, check=True)
        if re.fullmatch(r"[0-9]{1,11}", out.stdout.strip()):
            return out.stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        pass
    return "0"


def mkdocs_env(root: Path) -> dict:
    """Environment for MkDocs runs: reproducible dates, no end-of-life banner."""
    env = dict(os.environ)
    env["SOURCE_DATE_EPOCH"] = source_date_epoch(root)
    env["NO_MKDOCS_2_WARNING"] = "1"
    env["KB_SKIP_GENERATE"] = "1"  # pages were generated just before; the hook need not redo it
    return env


FAILURES = (BuildError, LockError, TimeoutError, fsguard.UnsafePath, OSError)


def explain(exc: BaseException) -> str:
    """The one line that says why a generation or build stopped (for ``FAILURES``)."""
    if isinstance(exc, fsguard.UnsafePath):
        return f"{visible(exc.path)} {exc.reason}; {exc.hint}" if exc.hint else f"{visible(exc.path)} {exc.reason}"
    if isinstance(exc, OSError) and not isinstance(exc, TimeoutError):
        where = f" {visible(str(exc.filename))}" if exc.filename else ""
        return f"cannot write{where}: {exc.strerror or exc}"
    return str(exc)


def output_problem(root: Path, target: Path, chosen: bool) -> str | None:
    """Why ``target`` may not receive the site (None if it may).

    ``chosen`` is True for a folder given with ``--out``: it must then be empty,
    absent, or a previous build's (marked with ``.kb-build``).
    """
    root = Path(os.path.abspath(root))
    target = Path(os.path.abspath(target))
    if target == root or root.is_relative_to(target):
        return f"{target} is the repository or one of its parent folders"
    if target.is_relative_to(root):
        first = target.relative_to(root).parts[0]
        if first in PROTECTED or first.startswith("."):
            return f"{target} is inside the repository's {first}/ folder"
    problem = fsguard.top_level_problem(target)
    if problem:
        return f"{target} {problem}"
    if not target.exists():
        return None
    # A built site has folders named like the data folders (criteria/, labels/…) but never
    # these: their presence means a checkout or a knowledge base.
    if any(os.path.lexists(target / name) for name in (".git", "mkdocs.yml", "pyproject.toml", "schema")):
        return f"{target} holds a repository or records"
    if chosen and any(target.iterdir()) and not (target / MARKER).is_file():
        return f"{target} is not empty and was not made by `kb site` (no {MARKER} file): choose an empty folder"
    return None


def remove_leftovers(target: Path) -> None:
    """Delete the temporary folders of builds that were killed (only while holding the lock)."""
    prefixes = (f".{target.name}.building-", f".{target.name}.old-")
    parent = target.parent
    if not parent.is_dir():
        return
    for entry in os.scandir(parent):
        if entry.name.startswith(prefixes):
            if entry.is_symlink() or not entry.is_dir(follow_symlinks=False):
                os.unlink(entry.path)
            else:
                shutil.rmtree(entry.path)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders atomically with renameat2(RENAME_EXCHANGE); False where unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange)
    return result == 0


def swap_into_place(new: Path, target: Path) -> None:
    """Put the folder ``new`` at ``target``; the old site stays reachable until then."""
    if not os.path.lexists(target):
        os.rename(new, target)
        return
    if _exchange(new, target):
        shutil.rmtree(new)  # now the previous site
        return
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    os.rename(target, old)
    os.rename(new, target)
    shutil.rmtree(old, ignore_errors=True)


def _die_with_parent() -> None:  # runs in the child between fork and exec
    try:
        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _run_mkdocs(root: Path, temporary: Path, env: dict) -> tuple[int, str]:
    command = [sys.executable, "-m", "mkdocs", "build", "--strict",
               "--config-file", str(root / "mkdocs.yml"), "--site-dir", str(temporary)]
    child = subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             text=True, errors="replace", preexec_fn=_die_with_parent)
    try:
        output, _ = child.communicate()
    except BaseException:
        child.kill()
        child.wait()
        raise
    return child.returncode, output


def _mkdocs_report(output: str) -> str:
    """What MkDocs said that matters: warnings and errors, or the last line of a crash."""
    lines = [line for line in output.splitlines() if line.startswith(("WARNING", "ERROR", "Aborted"))]
    if not lines and "Traceback" in output:
        lines = [output.strip().splitlines()[-1]]
    return "\n".join(lines)


def build_site(root: Path, out: Path | None = None) -> int:
    """Validate, generate and build the site into ``out`` (default: root/site)."""
    target = Path(os.path.abspath(out or root / "site"))
    problem = output_problem(root, target, chosen=out is not None)
    if problem:
        print(f"site not built: {visible(problem)}")
        return 1
    temporary = target.with_name(f".{target.name}.building-{os.getpid()}")
    previous = signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        with build_lock(root):
            remove_leftovers(target)
            return _build_locked(root, target, temporary)
    except FAILURES as exc:
        print(f"site not built: {explain(exc)}; {visible(str(target))} was left as it was")
        return 1
    finally:
        signal.signal(signal.SIGTERM, previous)
        shutil.rmtree(temporary, ignore_errors=True)


def release_memory() -> None:
    """Give the memory of validation and generation back to the system before MkDocs runs
    in its own process: freed Python objects stay in the allocator's heap otherwise, and
    at 5,000 criteria the parent would keep about 900 MB alive next to the MkDocs child."""
    import gc

    gc.collect()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).malloc_trim(0)  # glibc only; elsewhere memory stays reserved


def _up_to_date(root: Path, target: Path, epoch: str) -> bool:
    """True when ``target`` is a site that ``kb site`` built from exactly the current inputs."""
    stored = read_stamp(target / MARKER)
    return stored is not None and (target / "index.html").is_file() and stored == site_digest(root, epoch)


def _build_locked(root: Path, target: Path, temporary: Path) -> int:
    env = mkdocs_env(root)
    if _up_to_date(root, target, env["SOURCE_DATE_EPOCH"]):
        print(f"site up to date: nothing changed since the last build of {visible(str(target))}")
        return 0
    # Imported here, not at the top: a no-change `kb site` must not pay for them.
    from ..repository import load_repository
    from .generated_files import generate_site_sources

    sources = source_digest(root, env["SOURCE_DATE_EPOCH"])
    repo = load_repository(root)
    if not repo.ok:
        print(format_text(repo.messages, repo.files_checked))
        print(f"site not built: fix the errors above ({visible(str(target))} was left as it was)")
        return 1
    report = generate_site_sources(repo, root, env["SOURCE_DATE_EPOCH"])
    print(f"pages: {report.summary()}")
    del repo, report  # the records are not needed while MkDocs runs
    release_memory()
    # Taken after generation and before MkDocs reads anything: an edit made while MkDocs
    # runs makes the stored digest differ from the next one, so it is never missed. A
    # record edited while it was being loaded changes the sources: then store no digest.
    digest = ""
    if source_digest(root, env["SOURCE_DATE_EPOCH"]) == sources:
        digest = site_digest(root, env["SOURCE_DATE_EPOCH"], sources)
    code, output = _run_mkdocs(root, temporary, env)
    if code != 0 or not (temporary / "index.html").is_file():
        report_lines = _mkdocs_report(output)
        if report_lines:
            print(report_lines)
        print(f"site not built: mkdocs failed (exit {code}); {visible(str(target))} was left as it was")
        return 1
    minify_assets(root / "docs", temporary)  # readable in the repository, small on the site
    # The hook keeps the theme from indexing pages (our search reads data/search-<lang>.json);
    # mkdocs-static-i18n still writes an empty merged index: do not publish it.
    (temporary / "search" / "search_index.json").unlink(missing_ok=True)
    with contextlib.suppress(OSError):
        (temporary / "search").rmdir()  # only if empty
    (temporary / MARKER).write_text("built by `kb site`; this folder is replaced by every build\n"
                                    + (f"digest {digest}\n" if digest else ""), encoding="utf-8")
    swap_into_place(temporary, target)
    pages = sum(1 for _ in target.rglob("*.html"))
    print(f"site built: {visible(str(target))} ({pages} HTML pages)")
    return 0
