"""Worker processes: work that splits by source, and work done beside the main process.

:func:`map_parts` and :func:`run_tasks` run a fixed list of parts in forked processes and return
their results in part order, so whoever adds them up gets the same rounding whatever ran where.
:func:`start_task` computes one result in a forked process while this one goes on (the layout
during the measures), and a :class:`Helper` runs jobs handed to it later (a report's figures and
maps while this process diagnoses and writes the tables). Internal: used by the measures,
:mod:`coopnet.pipeline` and :mod:`coopnet.report`.
"""

from __future__ import annotations

import contextlib
import functools
import os
import pickle
import shutil
import signal
import sys
import tempfile
import threading
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Final, Generic, TypeVar

from coopnet.errors import GraphError
from coopnet.messages import tr

__all__ = ["Helper", "Pending", "map_parts", "resolve_jobs", "run_tasks", "start_task"]

R = TypeVar("R")
C = TypeVar("C")

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
    """The result of a task that runs in another process (:func:`start_task`, :class:`Helper`).

    :meth:`result` waits for the process and returns what it computed; if the process failed,
    could not be forked or had not begun the task yet, the task is computed here, so its
    exceptions are raised here, as if it had never left. :meth:`close` ends a process whose
    result is not wanted.
    """

    def __init__(
        self,
        task: Callable[[], R],
        fetch: Callable[[], Any] | None = None,
        end: Callable[[], None] | None = None,
        pid: int | None = None,
    ) -> None:
        self.pid = pid
        """The process computing the task (``None``: computed here when asked for)."""
        self._task = task
        self._fetch = fetch  # the other process's result, or _FAILED: compute it here
        self._end = end
        self._done: list[R] = []

    def result(self) -> R:
        """The task's result (waits for the worker, once; later calls return the same object)."""
        if not self._done:
            fetch, self._fetch, self._end = self._fetch, None, None
            value: Any = _FAILED if fetch is None else fetch()
            self._done.append(self._task() if value is _FAILED else value)
        return self._done[0]

    def close(self) -> None:
        """End the worker if its result was not collected (nothing happens otherwise)."""
        end, self._fetch, self._end = self._end, None, None
        if end is not None:
            end()


def start_task(task: Callable[[], R]) -> Pending[R]:
    """Start ``task()`` in a forked process while this one goes on; see :class:`Pending`.

    Used for work the caller needs later and that does not depend on what it does meanwhile
    (the layout of ``coopnet analyze`` while the measures are computed), so that it fills a
    core the measures leave idle. Without ``os.fork`` (or with other Python threads running)
    the task is computed when its result is asked for.
    """
    if not _can_fork():
        return Pending(task)
    pid, read = _fork(task)
    collect, end = functools.partial(_collect, pid, read), functools.partial(_end, pid, read)
    return Pending(task, collect, end, pid)


_JOB_OK: Final = 1
_JOB_FAILED: Final = 0
_JOB_TAKEN: Final = 2  # the parent had taken the job back before the helper came to it


class Helper(Generic[C]):
    """A forked process that runs jobs submitted after the fork, in order, for this one.

    The helper is forked when made, with everything this process holds then (`context`, the
    graphs built so far), and may first run `prepare` (imports it will need: matplotlib for
    the figures) while this process goes on. :meth:`submit` then hands it a job, a
    module-level function called as ``job(context, *args)`` with the arguments pickled. The
    helper runs the jobs one after the other; :meth:`Pending.result` waits for a job's result
    (pickled back) -- or, when the helper has not begun the job yet, takes the job back and
    computes it here, so that whichever process is free first does it (a report's maps are
    written by the helper at 10,000 actors, where this process is busier, and here at 2,000,
    where the figures keep the helper busy). The job's arguments and results travel through
    files in a private temporary folder (pipes would block the writer at 64 KiB), and the two
    pipes carry only job numbers. A job that fails in the helper, or a helper that dies, has
    the job computed here, raising its exceptions here; without ``os.fork`` (or with other
    Python threads running, or no writable temporary folder) every job is computed here when
    its result is asked for, and so is a job whose arguments could not be written.

    :meth:`close` (or the ``with`` block) ends the helper and removes its folder; a job whose
    result was not collected is abandoned. Jobs must not depend on anything this process
    computed after the fork except through their arguments: the helper's `context` is the
    object as it was at the fork.
    """

    def __init__(self, context: C, prepare: Callable[[], object] | None = None) -> None:
        self._context = context
        self._pid: int | None = None
        self._next = 0
        self._status: dict[int, int] = {}
        self._waiting: set[int] = set()
        if not _can_fork():
            return
        try:
            self._folder = Path(tempfile.mkdtemp(prefix="coopnet-helper-"))
        except OSError:  # no writable temporary folder: every job is computed here
            return
        jobs, self._jobs = os.pipe()
        self._done, done = os.pipe()
        with warnings.catch_warnings():  # see _fork
            warnings.simplefilter("ignore", DeprecationWarning)
            pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the helper process
            code = 1
            try:
                os.close(self._jobs)
                os.close(self._done)
                _serve(context, prepare, self._folder, jobs, done)
                code = 0
            finally:
                os._exit(code)
        os.close(jobs)
        os.close(done)
        self._pid = pid

    def __enter__(self) -> Helper[C]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def submit(self, job: Callable[..., R], *args: Any, take_back: bool = True) -> Pending[R]:
        """Hand ``job(context, *args)`` to the helper; see :meth:`Pending.result`.

        ``take_back=False`` for a job that needs what `prepare` made: it is left to the helper
        even when it has not begun it (doing it here would first do the preparation again; on
        a small network the helper is still importing when this process asks for the result).
        """
        task = functools.partial(job, self._context, *args)
        if self._pid is None:
            return Pending(task)
        number = self._next
        draft = self._folder / f"{number}.draft"
        payload = pickle.dumps((job, args), pickle.HIGHEST_PROTOCOL)
        try:
            draft.write_bytes(payload)
            draft.rename(self._folder / f"{number}.job")
        except OSError:  # e.g. the temporary folder is full: this job is computed here
            draft.unlink(missing_ok=True)
            return Pending(task)
        self._next += 1
        self._waiting.add(number)
        os.write(self._jobs, number.to_bytes(_TICKET, "big"))  # a few bytes: never blocks
        return Pending(task, functools.partial(self._fetch, number, take_back), pid=self._pid)

    def _fetch(self, number: int, take_back: bool) -> Any:
        """Job `number`'s result from the helper, or :data:`_FAILED` to compute it here (taken
        back before the helper began it, failed there, or the helper died)."""
        self._waiting.discard(number)
        try:  # who removes the job file runs the job (the helper renames it: both atomic)
            if take_back:
                (self._folder / f"{number}.job").unlink()
                return _FAILED
        except FileNotFoundError:  # the helper has it
            pass
        while number not in self._status:
            message = os.read(self._done, _TICKET + 1)
            if len(message) != _TICKET + 1:  # pragma: no cover - the helper died
                return _FAILED
            self._status[int.from_bytes(message[:_TICKET], "big")] = message[_TICKET]
        if self._status.pop(number) != _JOB_OK:
            return _FAILED
        result = self._folder / f"{number}.result"
        try:
            value = pickle.loads(result.read_bytes())
        except OSError:  # pragma: no cover - the folder was removed under us: compute it here
            return _FAILED
        result.unlink()
        return value

    def close(self) -> None:
        """End the helper (at once if a job is still waiting) and remove its folder."""
        pid, self._pid = self._pid, None
        if pid is None:
            return
        os.close(self._jobs)  # the helper ends when it reads the end of its job pipe
        if self._waiting:
            os.kill(pid, signal.SIGTERM)
        os.waitpid(pid, 0)
        os.close(self._done)
        shutil.rmtree(self._folder, ignore_errors=True)


def _serve(
    context: object, prepare: Callable[[], object] | None, folder: Path, jobs: int, done: int
) -> None:  # pragma: no cover - runs in the helper process
    """The helper's loop: run each job number read from `jobs`, report it on `done`."""
    if prepare is not None:
        with contextlib.suppress(Exception):  # a job needing it fails and is computed there
            prepare()
    while len(ticket := os.read(jobs, _TICKET)) == _TICKET:
        number = int.from_bytes(ticket, "big")
        os.write(done, ticket + bytes([_run_job(context, folder, number)]))


def _run_job(context: object, folder: Path, number: int) -> int:  # pragma: no cover - helper
    taken = folder / f"{number}.taken"
    try:
        (folder / f"{number}.job").rename(taken)
    except FileNotFoundError:  # taken back by the parent
        return _JOB_TAKEN
    try:
        job, args = pickle.loads(taken.read_bytes())
        taken.unlink()
        value = job(context, *args)
        draft = folder / f"{number}.part"
        draft.write_bytes(pickle.dumps(value, pickle.HIGHEST_PROTOCOL))
        draft.rename(folder / f"{number}.result")
    except Exception:  # computed once more by the parent, which raises it there
        return _JOB_FAILED
    return _JOB_OK
