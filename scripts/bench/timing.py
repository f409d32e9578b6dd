"""Clocks of the benchmark: wall and CPU time of one call (this process and its children),
the best of repeated samples, and calls with their standard output silenced."""

from __future__ import annotations

import contextlib
import io
import os
import resource
import sys
import time


def children_cpu() -> float:
    """CPU seconds (user + system) of the children waited for so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(func, *args, **kwargs) -> tuple[float, object]:
    """(wall seconds, result) of one call."""
    start = time.perf_counter()
    result = func(*args, **kwargs)
    return time.perf_counter() - start, result


def cpu_timed(func, *args, **kwargs) -> tuple[float, float, object]:
    """(wall seconds, CPU seconds of this process and its children, result) of one call.

    The pipeline and MkDocs are single-threaded, so CPU time equals wall time on an
    idle machine; unlike wall time it does not grow when other jobs share the CPU.
    """
    start, cpu, child = time.perf_counter(), time.process_time(), children_cpu()
    result = func(*args, **kwargs)
    return (time.perf_counter() - start,
            time.process_time() - cpu + children_cpu() - child, result)


def quiet(func, *args, **kwargs):
    """Call ``func`` with standard output discarded, its subprocesses' too (build_site
    prints progress); errors still reach standard error."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as null, contextlib.redirect_stdout(io.StringIO()):
            os.dup2(null.fileno(), 1)
            return func(*args, **kwargs)
    finally:
        os.dup2(saved, 1)
        os.close(saved)


def best(samples: list[tuple[float, float]]) -> dict:
    """Best (lowest CPU) of (wall, cpu) samples, and all of them."""
    wall, cpu = min(samples, key=lambda sample: sample[1])
    return {"wall_s": wall, "cpu_s": cpu, "runs": [{"wall_s": w, "cpu_s": c} for w, c in samples]}
