"""Worker processes for work that splits by source (internal to :mod:`coopnet.metrics`).

:func:`map_parts` runs a fixed list of parts in forked processes and returns their results in
part order, so whoever adds them up gets the same rounding whatever ran where.
"""

from __future__ import annotations

import functools
import os
import pickle
import signal
import sys
import threading
import warnings
from collections.abc import Callable, Sequence
from typing import Any, Final, Generic, TypeVar

from coopnet.errors import GraphError
from coopnet.messages import tr

__all__ = ["Pending", "map_parts", "resolve_jobs", "run_tasks", "start_task"]

R = TypeVar("R")

_TICKET: Final = 4  # bytes of one task number in the ticket pipe
_MAX_TICKETS: Final = 1024  # tickets written before forking (4 KiB: within any pipe's buffer)


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


_FAILED: Final = object()
"""What :func:`_collect` returns for a worker that died or raised."""


def _fork(compute: Callable[[], object]) -> tuple[int, int]:
    """Fork a worker that sends ``pickle.dumps(compute())`` back; return its pid and pipe end.

    The worker exits with code 0 after writing, 1 on any exception (nothing written), and never
    returns into the caller's code.
    """
    read, write = os.pipe()
    with warnings.catch_warnings():
        # Python >= 3.12 warns whenever native threads (e.g. OpenBLAS) exist; the child only
        # runs compiled numpy / scipy / igraph code on inherited arrays and exits
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child process
        code = 1
        try:
            os.close(read)
            payload = pickle.dumps(compute(), pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write, "wb") as out:
                out.write(payload)
            code = 0
        finally:
            os._exit(code)
    os.close(write)
    return pid, read


def _collect(pid: int, read: int) -> Any:
    """Wait for the worker of :func:`_fork` and return its result, or :data:`_FAILED`."""
    with os.fdopen(read, "rb") as source:
        payload = source.read()
    _, status = os.waitpid(pid, 0)
    return pickle.loads(payload) if status == 0 and payload else _FAILED


def _end(pid: int, read: int) -> None:
    """Stop a worker of :func:`_fork` whose result is not wanted."""
    os.close(read)
    os.kill(pid, signal.SIGTERM)
    os.waitpid(pid, 0)


def _each(task: Callable[[int], R], parts: list[int]) -> list[R]:
    return [task(p) for p in parts]


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
            pid, read = _fork(functools.partial(_each, task, parts))
            children.append((pid, read, parts))
        for p in shares[0]:
            results[p] = task(p)
        while children:
            pid, read, parts = children.pop(0)
            values = _collect(pid, read)
            if values is not _FAILED:
                results.update(zip(parts, values, strict=True))
            else:  # pragma: no cover - a worker died
                results.update((p, task(p)) for p in parts)
    finally:
        for pid, read, _ in children:  # only left on an exception in the parent
            _end(pid, read)
    return [results[p] for p in range(n_parts)]


def run_tasks(tasks: Sequence[Callable[[], R]], jobs: int) -> list[R]:
    """Return ``[task() for task in tasks]``, computed by up to `jobs` processes.

    The parent forks ``jobs - 1`` workers and joins in; each process takes the next task from
    a shared pipe of tickets (one task number per ticket, as GNU make's job server hands out
    tokens) until none is left, so the processes finish together even when one of them gets
    less of a core. Results are returned in task order, whichever process computed them, so
    callers that add them up get the same rounding every time. A worker that fails has its
    tasks recomputed by the parent; without ``os.fork`` (or with other Python threads running)
    everything runs here, in order. More than :data:`_MAX_TICKETS` tasks are handed out in
    contiguous runs of tasks.
    """
    n_tasks = len(tasks)
    workers = min(jobs, n_tasks)
    if workers <= 1 or not _can_fork():
        return [task() for task in tasks]
    runs = _runs(n_tasks)
    results: dict[int, R] = {}
    tickets, feed = os.pipe()
    try:
        os.write(feed, b"".join(i.to_bytes(_TICKET, "big") for i in range(len(runs))))
    finally:
        os.close(feed)  # every process reads to the end: no ticket left, no task left

    def take() -> int | None:
        ticket = os.read(tickets, _TICKET)  # a pipe read holds the pipe's lock: never torn
        return int.from_bytes(ticket, "big") if len(ticket) == _TICKET else None

    def work() -> dict[int, R]:
        done: dict[int, R] = {}
        while (run := take()) is not None:
            for i in runs[run]:
                done[i] = tasks[i]()
        return done

    children: list[tuple[int, int]] = []
    try:
        for _ in range(workers - 1):
            children.append(_fork(work))
        results.update(work())
        while children:
            done = _collect(*children.pop(0))
            if done is not _FAILED:
                results.update(done)
    finally:
        os.close(tickets)
        for pid, read in children:  # only left on an exception in the parent
            _end(pid, read)
    for i in range(n_tasks):  # the tasks of a worker that died
        if i not in results:
            results[i] = tasks[i]()
    return [results[i] for i in range(n_tasks)]


def _runs(n_tasks: int) -> list[range]:
    """Task numbers in at most :data:`_MAX_TICKETS` contiguous, nearly equal runs."""
    count = min(n_tasks, _MAX_TICKETS)
    size, extra = divmod(n_tasks, count)
    runs: list[range] = []
    start = 0
    for r in range(count):
        stop = start + size + (1 if r < extra else 0)
        runs.append(range(start, stop))
        start = stop
    return runs


class Pending(Generic[R]):
    """The result of a task :func:`start_task` runs in a forked process.

    :meth:`result` waits for the process and returns what it computed; if the process failed
    (or could not be forked), the task is computed here, so its exceptions are raised here, as
    if it had never left. :meth:`close` ends a process whose result is not wanted.
    """

    def __init__(self, task: Callable[[], R], pid: int | None, read: int | None) -> None:
        self._task = task
        self._pid = pid
        self._read = read
        self._done: list[R] = []

    def result(self) -> R:
        """The task's result (waits for the worker, once; later calls return the same object)."""
        if not self._done:
            self._done.append(self._collect())
        return self._done[0]

    def _collect(self) -> R:
        pid, read = self._pid, self._read
        if pid is None or read is None:
            return self._task()
        self._pid = self._read = None
        value = _collect(pid, read)
        if value is _FAILED:  # pragma: no cover - the worker died or raised: once more, here
            return self._task()
        result: R = value
        return result

    def close(self) -> None:
        """End the worker if its result was not collected (nothing happens otherwise)."""
        pid, read = self._pid, self._read
        self._pid = self._read = None
        if pid is not None and read is not None:
            _end(pid, read)


def start_task(task: Callable[[], R]) -> Pending[R]:
    """Start ``task()`` in a forked process while this one goes on; see :class:`Pending`.

    Used for work the caller needs later and that does not depend on what it does meanwhile
    (the layout of ``coopnet analyze`` while the measures are computed), so that it fills a
    core the measures leave idle. Without ``os.fork`` (or with other Python threads running)
    the task is computed when its result is asked for.
    """
    if not _can_fork():
        return Pending(task, None, None)
    pid, read = _fork(task)
    return Pending(task, pid, read)
