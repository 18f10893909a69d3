"""Worker processes for work that splits by source (internal to :mod:`coopnet.metrics`).

:func:`map_parts` runs a fixed list of parts in forked processes and returns their results in
part order, so whoever adds them up gets the same rounding whatever ran where.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import threading
import warnings
from collections.abc import Callable
from typing import TypeVar

from coopnet.errors import GraphError
from coopnet.messages import tr

__all__ = ["map_parts", "resolve_jobs"]

R = TypeVar("R")


def resolve_jobs(jobs: int | None) -> int:
    """Number of worker processes: `jobs`, or every core available to this process (``None``)."""
    if jobs is None:
        try:
            return max(1, len(os.sched_getaffinity(0)))
        except AttributeError:  # pragma: no cover - not Linux
            return max(1, os.cpu_count() or 1)
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise GraphError(tr("errors.metrics.bad_jobs", jobs=repr(jobs)))
    return jobs


def _can_fork() -> bool:
    return hasattr(os, "fork") and sys.platform == "linux" and threading.active_count() == 1


def map_parts(task: Callable[[int], R], n_parts: int, jobs: int) -> list[R]:
    """Return ``[task(0), ..., task(n_parts - 1)]``, computed by up to `jobs` processes.

    Workers are forked (they inherit the arrays, nothing is copied in) and send their results
    back through a pipe; the parent computes a share itself. A worker that fails has its parts
    recomputed by the parent. Without ``os.fork`` (or with other Python threads running, where
    forking is unsafe) everything runs here, one part after the other.
    """
    workers = min(jobs, n_parts)
    if workers <= 1 or not _can_fork():
        return [task(p) for p in range(n_parts)]
    shares = [list(range(w, n_parts, workers)) for w in range(workers)]
    children: list[tuple[int, int, list[int]]] = []
    results: dict[int, R] = {}
    try:
        for parts in shares[1:]:
            read, write = os.pipe()
            with warnings.catch_warnings():
                # Python >= 3.12 warns whenever native threads (e.g. OpenBLAS) exist; the child
                # only runs compiled numpy / scipy / igraph code on inherited arrays and exits
                warnings.simplefilter("ignore", DeprecationWarning)
                pid = os.fork()
            if pid == 0:  # pragma: no cover - runs in the child process
                code = 1
                try:
                    os.close(read)
                    payload = pickle.dumps([task(p) for p in parts], pickle.HIGHEST_PROTOCOL)
                    with os.fdopen(write, "wb") as out:
                        out.write(payload)
                    code = 0
                finally:
                    os._exit(code)
            os.close(write)
            children.append((pid, read, parts))
        for p in shares[0]:
            results[p] = task(p)
        while children:
            pid, read, parts = children.pop(0)
            with os.fdopen(read, "rb") as source:
                payload = source.read()
            _, status = os.waitpid(pid, 0)
            if status == 0 and payload:
                results.update(zip(parts, pickle.loads(payload), strict=True))
            else:  # pragma: no cover - a worker died
                results.update((p, task(p)) for p in parts)
    finally:
        for pid, read, _ in children:  # only left on an exception in the parent
            os.close(read)
            os.kill(pid, signal.SIGTERM)
            os.waitpid(pid, 0)
    return [results[p] for p in range(n_parts)]
