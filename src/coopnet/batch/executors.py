"""Where the datasets of a batch are analysed: local processes, or a Dask cluster.

One abstraction, :class:`Executor`, with two implementations that share the per-dataset work:

* every dataset is analysed by :class:`_Isolated` -- a separate worker process (``spawn``) that
  the runner feeds one dataset at a time and kills and replaces when it runs past the time
  limit or dies; the address space of that process is limited per dataset (``RLIMIT_AS``);
* :class:`LocalExecutor` (the default) runs ``jobs`` such runners from threads of this process;
* :class:`DaskExecutor` submits one task per dataset to a Dask distributed scheduler; each task
  hands its dataset to a runner kept in the Dask worker's process, so timeouts, memory limits and
  killed processes behave as locally and the rows are the same.

The runner's statuses: ``ok``, ``error`` (invalid data or a bug, with its message), ``timeout``,
``memory`` (over the memory limit), ``killed`` (the process died otherwise).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import resource
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.context import SpawnProcess
from typing import Any, Protocol

from coopnet.config import AnalysisConfig
from coopnet.errors import InputError
from coopnet.messages import tr
from coopnet.outputs import Terminated

__all__ = [
    "Analyse",
    "DaskExecutor",
    "Executor",
    "LocalExecutor",
    "Row",
    "Stopped",
    "Task",
    "failed_row",
    "format_size",
    "parse_size",
]

Row = dict[str, Any]
Task = tuple[str, str, str, AnalysisConfig]
"""``(name, path, output folder, options)`` of one dataset."""
Analyse = Callable[[str, str, str, AnalysisConfig], Row]
"""The per-dataset work (``coopnet.batch._analyse_one``): analyse, write the tables, return the
row of ``municipalities.csv``; a module-level function, so that it pickles by reference."""

_CRASH_SIGNALS = (signal.SIGSEGV, signal.SIGABRT, signal.SIGBUS)


def failed_row(name: str, path: str, status: str, error: str, seconds: float) -> Row:
    """The row of a dataset that was not analysed (only ``name``, ``path``, ``status``, ...)."""
    return {
        "name": name, "path": path, "status": status, "error": error, "folder": "",
        "seconds": round(seconds, 3),
    }  # fmt: skip


# ------------------------------------------------------------------------------ one process
def _limit_memory(limit: int | None) -> None:
    """Limit the address space of this process to what it holds now plus `limit` bytes."""
    if limit is None:
        return
    with open("/proc/self/statm", encoding="ascii") as handle:
        held = int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    resource.setrlimit(resource.RLIMIT_AS, (held + limit, held + limit))


def _worker_main(conn: Connection, analyse: Analyse, memory_limit: int | None) -> None:
    """A worker process: analyse the datasets the parent sends until it sends ``None``."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    import coopnet.pipeline  # load the analysis before measuring the baseline
    import coopnet.run  # noqa: F401

    _limit_memory(memory_limit)
    conn.send("ready")  # the time limit of a dataset starts after this start-up
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        try:
            row = analyse(*task)
        except MemoryError:
            row = failed_row(task[0], task[1], "memory", _over_limit(memory_limit), 0.0)
        try:
            conn.send(row)
        except OSError:  # the parent is gone (stopped, or the batch was interrupted)
            return


def _over_limit(limit: int | None) -> str:
    shown = "the memory limit" if limit is None else f"the memory limit of {format_size(limit)}"
    return f"stopped: the analysis needed more than {shown} (memory); the others go on"


def format_size(size: int) -> str:
    """``2147483648`` → ``"2G"`` (binary units)."""
    for unit, power in (("T", 40), ("G", 30), ("M", 20), ("K", 10)):
        if size >= 1 << power and size % (1 << power) == 0:
            return f"{size >> power}{unit}"
    return f"{size} bytes"


def parse_size(text: str) -> int:
    """``"2G"``, ``"512M"``, ``"1.5G"``, ``"300000000"`` → bytes (binary units K, M, G, T).

    Raises
    ------
    InputError
        If `text` is not a positive size.
    """
    clean = text.strip().upper().removesuffix("B")
    factor = 1
    for unit, power in (("K", 10), ("M", 20), ("G", 30), ("T", 40)):
        if clean.endswith(unit):
            clean, factor = clean[:-1], 1 << power
            break
    try:
        value = float(clean)
    except ValueError:
        value = -1.0
    if not value > 0 or value * factor < 1 << 20:
        raise InputError(tr("errors.batch.memory_limit_format", text=text))
    return int(value * factor)


@dataclass
class _Isolated:
    """One worker process that analyses one dataset at a time, replaced when it dies."""

    analyse: Analyse
    memory_limit: int | None
    process: SpawnProcess | None = None
    conn: Connection | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def _start(self) -> tuple[SpawnProcess, Connection]:
        context = multiprocessing.get_context("spawn")
        parent, child = context.Pipe()
        process = context.Process(
            target=_worker_main, args=(child, self.analyse, self.memory_limit), daemon=True
        )
        # a Dask worker is a daemonic process, which multiprocessing forbids to start children;
        # this child ends with it all the same (it is daemonic itself and ends when its pipe
        # closes), so the rule is lifted for the start
        config = multiprocessing.current_process()._config  # type: ignore[attr-defined]
        daemonic = config.get("daemon", False)
        config["daemon"] = False
        try:
            process.start()
        finally:
            config["daemon"] = daemonic
        child.close()
        self.process, self.conn = process, parent
        with contextlib.suppress(EOFError, OSError):  # if it died starting, the dataset says so
            parent.recv()  # "ready": imports done, memory limit set
        return process, parent

    def stop(self) -> None:
        """Kill the worker process (if any); the next dataset starts a new one."""
        process, conn = self.process, self.conn
        self.process = self.conn = None
        if process is not None:
            if process.is_alive():
                process.kill()
            process.join(5)
        if conn is not None:
            conn.close()
        if process is not None:
            process.close()

    def close(self) -> None:
        """Let the worker process end on its own, then make sure it has."""
        if self.conn is not None:
            with contextlib.suppress(OSError):
                self.conn.send(None)
        self.stop()

    def run(self, task: Task, *, timeout: float | None) -> Row:
        """Analyse one dataset in the worker process and return its row."""
        with self.lock:
            name, path = task[0], task[1]
            process, conn = (
                (self.process, self.conn)
                if self.process is not None and self.conn is not None and self.process.is_alive()
                else self._start()
            )
            start = time.monotonic()
            try:
                conn.send(task)
                ready = conn.poll(timeout)
            except (OSError, ValueError):
                ready = True  # the process died (or was stopped): recv below reports it
            elapsed = time.monotonic() - start
            if not ready:
                self.stop()
                message = f"stopped after the time limit of {timeout:g} s (timeout)"
                return failed_row(name, path, "timeout", message, elapsed)
            try:
                row: Row = conn.recv()
            except (EOFError, OSError, ValueError):
                if self.process is not process:  # stopped from outside: the batch was interrupted
                    message = "interrupted (Ctrl-C or SIGTERM) while running"
                    return failed_row(name, path, "interrupted", message, elapsed)
                status, message = self._death(process)
                self.stop()
                return failed_row(name, path, status, message, elapsed)
            return row

    def _death(self, process: SpawnProcess) -> tuple[str, str]:
        process.join(5)
        code = process.exitcode
        if code is not None and code < 0:
            try:
                how = f"by signal {-code} ({signal.Signals(-code).name})"
            except ValueError:
                how = f"by signal {-code}"
        else:
            how = f"with exit code {code}"
        if self.memory_limit is not None and code is not None and -code in _CRASH_SIGNALS:
            return "memory", (
                f"the worker process analysing this dataset crashed {how}, most likely when an "
                f"allocation failed under the memory limit of {format_size(self.memory_limit)} "
                "(memory); the other datasets are not affected"
            )
        return "killed", (
            f"the worker process analysing this dataset was killed {how}, e.g. by the "
            "out-of-memory killer; the other datasets are not affected"
        )


# ------------------------------------------------------------------------------ executors
class Executor(Protocol):
    """Runs the per-dataset work of a batch somewhere."""

    def run(
        self,
        tasks: list[Task],
        *,
        analyse: Analyse,
        timeout: float | None,
        memory_limit: int | None,
        finished: Callable[[Row], None],
    ) -> Stopped:
        """Analyse `tasks`, passing each row to `finished` as it arrives (in this thread).

        Returns the tasks not finished and the exception when `finished` or a signal raised
        :class:`KeyboardInterrupt` / :class:`~coopnet.outputs.Terminated` (the caller re-raises
        it after writing its table), else ``([], None)``.
        """
        ...


Stopped = tuple[list[Task], BaseException | None]
"""What :meth:`Executor.run` returns: the unfinished tasks and the interruption, if any."""


def _unfinished(tasks: list[Task], done: set[str], exc: BaseException) -> Stopped:
    return [task for task in tasks if task[0] not in done], exc


@dataclass(frozen=True)
class LocalExecutor:
    """Local worker processes (the default): ``jobs`` at once, each fed one dataset at a time.

    With ``jobs=1`` and neither a timeout nor a memory limit the datasets are analysed one after
    the other in this process (no worker process to start).
    """

    jobs: int = 2

    def run(
        self,
        tasks: list[Task],
        *,
        analyse: Analyse,
        timeout: float | None,
        memory_limit: int | None,
        finished: Callable[[Row], None],
    ) -> Stopped:
        """See :meth:`Executor.run`."""
        done: set[str] = set()
        if not tasks:
            return [], None
        if (self.jobs == 1 or len(tasks) == 1) and timeout is None and memory_limit is None:
            try:
                for task in tasks:
                    row = analyse(*task)
                    done.add(task[0])
                    finished(row)
            except (KeyboardInterrupt, Terminated) as exc:
                return _unfinished(tasks, done, exc)
            return [], None
        runners = [_Isolated(analyse, memory_limit) for _ in range(min(self.jobs, len(tasks)))]
        free = list(runners)
        free_lock = threading.Lock()

        def one(task: Task) -> Row:
            with free_lock:
                runner = free.pop()
            try:
                return runner.run(task, timeout=timeout)
            finally:
                with free_lock:
                    free.append(runner)

        pool = ThreadPoolExecutor(max_workers=len(runners), thread_name_prefix="coopnet-batch")
        pending: dict[Future[Row], Task] = {pool.submit(one, task): task for task in tasks}
        try:
            while pending:
                ready, _ = wait(pending, timeout=0.5, return_when=FIRST_COMPLETED)
                for future in ready:
                    task = pending.pop(future)
                    done.add(task[0])
                    finished(future.result())
        except (KeyboardInterrupt, Terminated) as exc:
            for future in pending:
                future.cancel()
            for runner in runners:
                runner.stop()  # running datasets end now; their threads return at once
            return _unfinished(tasks, done, exc)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
            for runner in runners:
                runner.close()
        return [], None


# ------------------------------------------------------------------------------ Dask
_RUNNERS: dict[tuple[int, int | None, Any], _Isolated] = {}
_RUNNERS_LOCK = threading.Lock()


def _dask_task(analyse: Analyse, task: Task, timeout: float | None, limit: int | None) -> Row:
    """One dataset on a Dask worker: through a runner kept in the worker's process."""
    key = (threading.get_ident(), limit, analyse)
    with _RUNNERS_LOCK:
        runner = _RUNNERS.get(key)
        if runner is None:
            runner = _RUNNERS[key] = _Isolated(analyse, limit)
    return runner.run(task, timeout=timeout)


def _import_distributed() -> Any:
    try:
        import distributed
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise InputError(tr("errors.batch.no_distributed")) from exc
    return distributed


@dataclass(frozen=True)
class DaskExecutor:
    """A Dask distributed cluster: one task per dataset (``coopnet[dask]``).

    Attributes
    ----------
    scheduler
        The scheduler's address (``tcp://HOST:8786``) or a ``distributed.Client`` /
        ``LocalCluster`` to use. Every worker must have the same coopnet installed and read the
        input and output folders under the same paths (a shared file system). Workers with one
        thread each (``dask worker --nthreads 1``) analyse one dataset at a time, as local
        processes do.
    """

    scheduler: Any

    def _client(self) -> tuple[Any, bool]:
        distributed = _import_distributed()
        if isinstance(self.scheduler, distributed.Client):
            return self.scheduler, False
        try:
            return distributed.Client(self.scheduler, set_as_default=False, timeout="20s"), True
        except (OSError, TimeoutError) as exc:
            raise InputError(
                tr("errors.batch.no_scheduler", scheduler=self.scheduler, error=str(exc))
            ) from exc

    def run(
        self,
        tasks: list[Task],
        *,
        analyse: Analyse,
        timeout: float | None,
        memory_limit: int | None,
        finished: Callable[[Row], None],
    ) -> Stopped:
        """See :meth:`Executor.run`."""
        if not tasks:
            return [], None
        distributed = _import_distributed()
        client, own = self._client()
        done: set[str] = set()
        futures: dict[Any, Task] = {}
        try:
            for i, task in enumerate(tasks):
                future = client.submit(
                    _dask_task, analyse, task, timeout, memory_limit,
                    key=f"coopnet-batch-{i}-{os.getpid()}-{time.monotonic_ns()}", pure=False,
                )  # fmt: skip
                futures[future] = task
            for future in distributed.as_completed(list(futures), loop=client.loop):
                task = futures.pop(future)
                try:
                    row = future.result()
                except Exception as exc:  # the Dask worker itself was lost (KilledWorker, ...)
                    row = failed_row(
                        task[0], task[1], "killed",
                        f"the Dask worker analysing this dataset was lost ({type(exc).__name__}: "
                        f"{exc}); the other datasets are not affected", 0.0,
                    )  # fmt: skip
                done.add(task[0])
                finished(row)
        except (KeyboardInterrupt, Terminated) as exc:
            client.cancel(list(futures), force=True)
            return _unfinished(tasks, done, exc)
        finally:
            if own:
                client.close()
        return [], None
