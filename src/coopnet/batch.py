"""Analyse many datasets at once (one per municipality) and compare them in one table.

:func:`run_batch` finds every dataset under a folder, analyses each in a worker process as a
:class:`coopnet.run.Study` with the same options (all periods pooled), writes each one's tables with
:func:`coopnet.pipeline.write_analysis` into ``out/<folder>/`` and one comparison table
``out/municipalities.csv``. Every dataset succeeds or fails on its own: invalid data, a failed
precondition or a bug is reported with its error; a worker that is killed (as the out-of-memory
killer does) or runs past the per-dataset ``timeout`` is replaced by a new one and only its
dataset is marked (``killed``, ``timeout``). On Ctrl-C or ``SIGTERM`` the running and waiting
datasets are marked ``interrupted``; ``municipalities.csv`` is written in every case.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import signal
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.context import SpawnContext, SpawnProcess
from pathlib import Path
from typing import Any, Final

import pandas as pd

from coopnet.config import AnalysisConfig
from coopnet.errors import CoopnetError, InputError, OutputError
from coopnet.messages import tr
from coopnet.outputs import Terminated, output_folder, unique_names
from coopnet.schema import MUNICIPALITY_KEYS
from coopnet.spreadsheet import write_csv

__all__ = [
    "BATCH_COLUMNS",
    "STATUSES",
    "TABLE_NAME",
    "BatchResult",
    "find_datasets",
    "run_batch",
]

log = logging.getLogger(__name__)

TABLE_NAME = "municipalities.csv"
"""File name of the comparison table written into the output folder."""

BATCH_COLUMNS: tuple[str, ...] = (
    "name",
    "path",
    "status",
    "error",
    "label",
    "land",
    "kreis",
    "municipality_type",
    "population",
    "n_actors",
    "n_ties",
    "density",
    "components",
    "fragmentation",
    "distance_fragmentation",
    "ei_index",
    "ei_p_value",
    "modularity",
    "degree_centralization",
    "betweenness_centralization",
    "top_brokers",
    "top_key_player",
    "folder",
    "seconds",
)
"""Columns of ``municipalities.csv``, in order."""

STATUSES: Final = ("ok", "error", "timeout", "killed", "interrupted")
"""Values of the ``status`` column: analysed; failed with an error (invalid data, a failed
precondition, a bug); stopped after ``timeout`` seconds; its worker process was killed (e.g. by
the out-of-memory killer); not finished because the batch was interrupted (Ctrl-C, SIGTERM)."""

_NETWORK_KEYS = (
    "n_actors",
    "n_ties",
    "density",
    "components",
    "fragmentation",
    "distance_fragmentation",
    "ei_index",
    "ei_p_value",
    "modularity",
    "degree_centralization",
    "betweenness_centralization",
)
_TOP_BROKERS = 3
_SKIP_DIRS = {".git", ".venv", "__pycache__", "node_modules"}


@dataclass(frozen=True)
class BatchResult:
    """Outcome of :func:`run_batch`.

    Attributes
    ----------
    table
        One row per dataset (default ``RangeIndex``, sorted by ``name``) with the columns
        :data:`BATCH_COLUMNS`: ``status`` one of :data:`STATUSES`; ``error`` the message
        (for invalid data every problem with file, row, column and value); ``label`` the
        dataset's name (``dataset.toml``) and ``land``, ``kreis``, ``municipality_type``,
        ``population`` its optional municipality keys (empty when not given);
        ``degree_centralization`` and ``betweenness_centralization`` Freeman's centralization
        (:func:`coopnet.metrics.centralization`); ``top_brokers`` the
        labels of the three actors with the highest betweenness, ``"; "``-separated;
        ``top_key_player`` the label of the first key player; ``folder`` the dataset's output
        folder under ``out`` (empty unless ``ok``); ``seconds`` the wall time.
    out
        The output folder; each dataset's tables are in ``out/<folder>/``.
    table_path
        Path of ``municipalities.csv``.
    """

    table: pd.DataFrame
    out: Path
    table_path: Path

    @property
    def failed(self) -> list[str]:
        """Names of the datasets that could not be analysed."""
        return self.table.loc[self.table["status"] != "ok", "name"].tolist()

    @property
    def succeeded(self) -> list[str]:
        """Names of the datasets analysed successfully."""
        return self.table.loc[self.table["status"] == "ok", "name"].tolist()

    def format(self) -> str:
        """A short plain-text summary: one line per dataset."""
        lines = []
        for row in self.table.itertuples(index=False):
            if row.status == "ok":
                lines.append(
                    f"{row.name}: {row.n_actors} actors, {row.n_ties} ties, "
                    f"fragmentation {row.fragmentation:.3f}, E-I {row.ei_index:+.2f}"
                )
            else:
                lines.append(f"{row.name}: {str(row.status).upper()} {_brief(str(row.error))}")
        lines.append(
            f"{len(self.succeeded)} of {len(self.table)} datasets analysed; "
            f"table: {self.table_path}"
        )
        return "\n".join(lines)


def _brief(error: str, *, lines: int = 3) -> str:
    """The head of an error message on one line: the summary and its first problems."""
    parts = [line.strip(" -:") for line in error.splitlines() if line.strip(" -:")]
    return "; ".join(parts[:lines]) + (" …" if len(parts) > lines else "") if parts else "error"


def _is_dataset_folder(folder: Path) -> bool:
    return (folder / "ties.csv").is_file()


def find_datasets(root: Path, *, exclude: Iterable[Path] = ()) -> dict[str, Path]:
    """Find the datasets under `root`: folders with a ``ties.csv``, and ``.xlsx`` workbooks.

    A workbook inside a dataset folder (e.g. an Excel copy of the CSV files) is not a dataset of
    its own; folders in `exclude` (e.g. the output folder) and hidden folders are skipped.

    Returns
    -------
    dict of str to Path
        ``{name: path}`` sorted by name; the name is the path relative to `root` (folder name or
        workbook stem) with ``/`` replaced by ``__`` (``"."`` when `root` itself is a dataset).
        Datasets that would share a name (the folders ``kreis/x`` and ``kreis__x``, or the
        folder ``x`` and the workbook ``x.xlsx``) are each named by their relative path instead
        (``kreis/x``, ``kreis__x``, ``x``, ``x.xlsx``), so no dataset is dropped.
    """
    root = Path(root)
    skipped = {Path(p).resolve() for p in exclude}
    found: list[Path] = []

    def visit(folder: Path) -> None:
        if folder.resolve() in skipped:
            return
        if _is_dataset_folder(folder):
            found.append(folder)
            return
        for child in sorted(folder.iterdir()):
            if child.is_dir() and not child.name.startswith(".") and child.name not in _SKIP_DIRS:
                visit(child)
            elif (
                child.is_file()
                and child.suffix.lower() == ".xlsx"
                and not child.name.startswith("~$")
            ):
                found.append(child)

    def short(path: Path) -> str:
        rel = path.relative_to(root)
        parts = [*rel.parent.parts, rel.stem] if path.is_file() else list(rel.parts)
        return "__".join(parts) or "."

    visit(root)
    counts: dict[str, int] = {}
    for path in found:
        counts[short(path)] = counts.get(short(path), 0) + 1
    named = {
        short(p) if counts[short(p)] == 1 else (p.relative_to(root).as_posix() or "."): p
        for p in found
    }
    return dict(sorted(named.items()))


def _failed(name: str, path: str, status: str, error: str, seconds: float) -> dict[str, Any]:
    row: dict[str, Any] = dict.fromkeys(BATCH_COLUMNS)
    row.update(name=name, path=path, status=status, error=error, folder="")
    row["seconds"] = round(seconds, 3)
    return row


def _analyse_one(name: str, path: str, out: str, config: AnalysisConfig) -> dict[str, Any]:
    """Worker (top level, so it pickles under ``spawn``): analyse one dataset, write its tables."""
    start = time.perf_counter()
    row: dict[str, Any] = dict.fromkeys(BATCH_COLUMNS)
    row.update(name=name, path=path, folder="")
    try:
        from coopnet.model import load
        from coopnet.pipeline import write_analysis
        from coopnet.run import Study

        study = Study(load(path), config)
        result = study.analysis()
        write_analysis(result, out, study=study, inputs=study.inputs)
        network = result.network
        row.update({key: network.get(key) for key in _NETWORK_KEYS})
        row.update(label=study.name, **{k: getattr(study.net.meta, k) for k in MUNICIPALITY_KEYS})
        top = result.actors["betweenness"].sort_values(ascending=False, kind="stable")
        labels = result.actors.loc[top.index[:_TOP_BROKERS], "label"].astype(str)
        row["top_brokers"] = "; ".join(labels)
        players = result.key_players
        row["top_key_player"] = str(players["label"].iloc[0]) if len(players) else ""
        row["status"] = "ok"
        row["error"] = ""
        row["folder"] = Path(out).name
    except CoopnetError as exc:  # invalid data or a failed precondition
        row["status"] = "error"
        row["error"] = str(exc)
    except Exception as exc:  # a bug or an unreadable file: report it, keep the batch going
        row["status"] = "error"
        row["error"] = f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=5)}"
    row["seconds"] = round(time.perf_counter() - start, 3)
    return row


Analyse = Callable[[str, str, str, AnalysisConfig], dict[str, Any]]
Task = tuple[str, str, str, AnalysisConfig]


def _worker_main(conn: Connection, analyse: Analyse) -> None:
    """A worker process: analyse the datasets the parent sends until it sends ``None``."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        conn.send(analyse(*task))


@dataclass
class _Worker:
    process: SpawnProcess
    conn: Connection
    task: Task | None = None
    started: float = field(default=0.0)

    @classmethod
    def start(cls, context: SpawnContext, analyse: Analyse) -> _Worker:
        parent, child = context.Pipe()
        process = context.Process(target=_worker_main, args=(child, analyse), daemon=True)
        process.start()
        child.close()
        return cls(process, parent)

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()
        self.process.close()


def _death(process: SpawnProcess) -> str:
    process.join(5)
    code = process.exitcode
    if code is not None and code < 0:
        try:
            how = f"by signal {-code} ({signal.Signals(-code).name})"
        except ValueError:
            how = f"by signal {-code}"
    else:
        how = f"with exit code {code}"
    return (
        f"the worker process analysing this dataset was killed {how}, e.g. by the "
        "out-of-memory killer; the other datasets are not affected"
    )


def _run_workers(
    tasks: list[Task],
    *,
    jobs: int,
    timeout: float | None,
    analyse: Analyse,
    finished: Callable[[dict[str, Any]], None],
    record: Callable[[dict[str, Any]], None],
) -> BaseException | None:
    """Analyse ``tasks`` in up to ``jobs`` worker processes; return the interruption, if any.

    A worker that dies or runs past ``timeout`` is killed and replaced; its dataset alone is
    marked ``killed`` or ``timeout``. ``finished`` gets each row (and may report progress);
    after an interruption the unfinished datasets go to ``record``, which must not raise.
    """
    context = multiprocessing.get_context("spawn")
    pending = list(reversed(tasks))
    idle: list[_Worker] = []
    busy: list[_Worker] = []
    interrupted: BaseException | None = None
    try:
        while pending or busy:
            while pending and len(busy) < jobs:
                worker = idle.pop() if idle else _Worker.start(context, analyse)
                task = pending.pop()
                try:
                    worker.conn.send(task)
                except OSError:  # the idle worker died in the meantime
                    worker.stop()
                    pending.append(task)
                    continue
                worker.task, worker.started = task, time.monotonic()
                busy.append(worker)
            wait_for = None
            if timeout is not None:
                deadline = min(w.started for w in busy) + timeout
                wait_for = max(0.0, deadline - time.monotonic())
            ready = set(wait([w.conn for w in busy], timeout=wait_for))
            now = time.monotonic()
            for worker in list(busy):
                assert worker.task is not None
                name, path = worker.task[0], worker.task[1]
                if worker.conn in ready:
                    busy.remove(worker)
                    try:
                        finished(worker.conn.recv())
                    except (EOFError, OSError):
                        finished(_failed(name, path, "killed", _death(worker.process),
                                         now - worker.started))  # fmt: skip
                        worker.stop()
                        continue
                    worker.task = None
                    idle.append(worker)
                elif timeout is not None and now - worker.started >= timeout:
                    busy.remove(worker)
                    worker.stop()
                    message = f"stopped after the time limit of {timeout:g} s (timeout)"
                    finished(_failed(name, path, "timeout", message, now - worker.started))
    except (KeyboardInterrupt, Terminated) as exc:
        interrupted = exc
        now = time.monotonic()
        for worker in busy:
            assert worker.task is not None
            message = "interrupted while running (Ctrl-C or SIGTERM)"
            record(_failed(worker.task[0], worker.task[1], "interrupted", message,
                           now - worker.started))  # fmt: skip
        for task in reversed(pending):
            record(_failed(task[0], task[1], "interrupted", "not started: interrupted", 0.0))
    finally:
        for worker in idle:
            with contextlib.suppress(OSError):
                worker.conn.send(None)  # let it end on its own
        for worker in idle + busy:
            worker.stop()
    return interrupted


def run_batch(
    root: Path,
    out: Path,
    *,
    config: AnalysisConfig = AnalysisConfig(),
    jobs: int = 2,
    timeout: float | None = None,
    overwrite: bool = False,
    progress: Callable[[str], None] | None = None,
) -> BatchResult:
    """Analyse every dataset under `root` in parallel and write one comparison table.

    Parameters
    ----------
    root
        Folder searched (recursively) for datasets: folders with a ``ties.csv`` and ``.xlsx``
        workbooks (see :func:`find_datasets`).
    out
        Output folder: ``out/<folder>/`` gets each dataset's ``coopnet analyze`` tables
        (:func:`coopnet.pipeline.write_analysis`; ``<folder>`` from
        :func:`coopnet.outputs.unique_names` of the dataset names, so ``Stadt A`` and
        ``Stadt_A`` get folders of their own), ``out/municipalities.csv`` the comparison. It is
        written as :func:`coopnet.outputs.output_folder` writes: a batch folder made before is
        replaced when the new one is complete; a non-empty folder coopnet did not make is
        refused unless ``overwrite``; it may lie inside `root` (it is not searched) but not be
        `root`, contain it, or lie inside a dataset.
    config
        Analysis options applied to every dataset (grouping, direction, weights, k, seed, ...);
        all periods are pooled.
    jobs
        Number of worker processes (``spawn``). With 1 and no ``timeout`` the datasets are
        analysed one after the other in this process.
    timeout
        Seconds one dataset may take; its worker is then killed and the dataset marked
        ``timeout``. ``None``: no limit.
    overwrite
        Also write into a non-empty folder coopnet did not make (files of the same names are
        replaced, nothing else is deleted).
    progress
        Called with one line per finished dataset (``"[2/5] name: ok (1.3 s)"``).

    Returns
    -------
    BatchResult
        The comparison table and where it was written.

    Raises
    ------
    InputError
        If `root` is not a folder or holds no dataset, `jobs` < 1 or `timeout` <= 0.
    OutputError
        If `out` may not be written (see :func:`coopnet.outputs.output_folder`).
    KeyboardInterrupt, Terminated
        Re-raised after ``municipalities.csv`` was written with the unfinished datasets marked
        ``interrupted``.

    Examples
    --------
    >>> from pathlib import Path
    >>> import tempfile
    >>> result = run_batch(Path("data"), Path(tempfile.mkdtemp()), jobs=1)
    >>> result.table.loc[0, ["name", "status"]].tolist()
    ['musterstadt', 'ok']
    """
    root, out = Path(root), Path(out)
    if root.resolve() == out.resolve() or root.resolve().is_relative_to(out.resolve()):
        raise OutputError(tr("errors.outputs.contains_input_folder", out=out, root=root))
    if jobs < 1:
        raise InputError(tr("errors.batch.jobs", jobs=jobs))
    if timeout is not None and not timeout > 0:
        raise InputError(tr("errors.batch.timeout", timeout=timeout))
    if not root.is_dir():
        raise InputError(tr("errors.batch.not_folder", root=root), source=str(root))
    datasets = find_datasets(root, exclude=[out])
    if not datasets:
        raise InputError(tr("errors.batch.no_dataset", root=root), source=str(root))
    say = progress or (lambda message: None)
    folders = unique_names(datasets)
    rows: list[dict[str, Any]] = []

    def finished(row: dict[str, Any]) -> None:
        rows.append(row)
        status = (
            "ok"
            if row["status"] == "ok"
            else f"{row['status'].upper()} " + _brief(str(row["error"]))
        )
        say(f"[{len(rows)}/{len(datasets)}] {row['name']}: {status} ({row['seconds']:.1f} s)")

    interrupted: BaseException | None = None
    inputs = list(datasets.values())  # out may lie inside root, but not be or hold a dataset
    with output_folder(out, command="batch", inputs=inputs, overwrite=overwrite) as building:
        tasks = [
            (name, str(path), str(building / folders[name]), config)
            for name, path in datasets.items()
        ]
        if (jobs == 1 or len(tasks) == 1) and timeout is None:
            for i, task in enumerate(tasks):
                try:
                    finished(_analyse_one(*task))
                except (KeyboardInterrupt, Terminated) as exc:
                    interrupted = exc
                    done = {row["name"] for row in rows}
                    for name, path, _, _ in tasks[i:]:
                        if name not in done:
                            rows.append(_failed(name, path, "interrupted", "interrupted", 0.0))
                    break
        else:
            interrupted = _run_workers(
                tasks, jobs=min(jobs, len(tasks)), timeout=timeout, analyse=_analyse_one,
                finished=finished, record=rows.append,
            )  # fmt: skip
        table = pd.DataFrame(rows, columns=list(BATCH_COLUMNS))
        table = table.sort_values("name", kind="stable").reset_index(drop=True)
        for column in ("n_actors", "n_ties", "components", "population"):
            table[column] = table[column].astype("Int64")
        write_csv(table, building / TABLE_NAME, spreadsheet=False)
    table_path = out / TABLE_NAME
    log.info("batch: %d datasets, %d failed", len(table), int((table["status"] != "ok").sum()))
    if interrupted is not None:
        raise interrupted
    return BatchResult(table=table, out=out, table_path=table_path)
