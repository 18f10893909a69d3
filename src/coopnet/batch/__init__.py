"""Analyse many datasets at once (one per municipality) and compare them in one table.

:func:`run_batch` finds every dataset under a folder, analyses each in a worker process as a
:class:`coopnet.run.Study` with the same options (all periods pooled), writes each one's tables with
:func:`coopnet.pipeline.write_analysis` into ``out/<folder>/`` and one comparison table
``out/municipalities.csv``. Every dataset succeeds or fails on its own: invalid data, a failed
precondition or a bug is reported with its error; a worker that is killed (as the out-of-memory
killer does), runs past the per-dataset ``timeout`` or over the per-dataset ``memory_limit`` is
replaced by a new one and only its dataset is marked (``killed``, ``timeout``, ``memory``). On
Ctrl-C or ``SIGTERM`` the running and waiting datasets are marked ``interrupted``;
``municipalities.csv`` is written in every case.

Where the datasets are analysed is an :class:`~coopnet.batch.executors.Executor`: local worker
processes (:class:`~coopnet.batch.executors.LocalExecutor`, the default) or a Dask distributed
cluster (:class:`~coopnet.batch.executors.DaskExecutor`, extra ``coopnet[dask]``); both run the
same per-dataset work and give the same table. A rerun skips the datasets whose inputs and options
are unchanged (:mod:`coopnet.batch.resume`), also after a crash.
"""

from __future__ import annotations

import logging
import numbers
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import pandas as pd

from coopnet.batch.executors import (
    DaskExecutor,
    Executor,
    LocalExecutor,
    Row,
    failed_row,
    format_size,
    parse_size,
)
from coopnet.batch.progress import BatchProgress
from coopnet.batch.resume import (
    STATE_NAME,
    checkpoint_folder,
    fingerprint,
    load_previous,
    record,
    remove_checkpoint,
    reuse,
    write_state,
)
from coopnet.config import AnalysisConfig, ReadOptions
from coopnet.errors import CoopnetError, InputError, OutputError
from coopnet.lang import Lang
from coopnet.messages import Number, Text, step, tr
from coopnet.outputs import output_folder, unique_names
from coopnet.schema import MUNICIPALITY_KEYS
from coopnet.spreadsheet import write_csv

__all__ = [
    "BATCH_COLUMNS",
    "STATE_NAME",
    "STATUSES",
    "TABLE_NAME",
    "TIMING_COLUMNS",
    "BatchResult",
    "DaskExecutor",
    "Executor",
    "LocalExecutor",
    "find_datasets",
    "parse_size",
    "run_batch",
]

log = logging.getLogger(__name__)

TABLE_NAME = "municipalities.csv"
"""File name of the comparison table written into the output folder."""

_NETWORK_KEYS: Final = (
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
"""The network measures of ``municipalities.csv`` (keys of :attr:`NetworkAnalysis.network`)."""

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
    *_NETWORK_KEYS,
    "top_brokers",
    "top_key_player",
    "folder",
    "seconds",
)
"""Columns of ``municipalities.csv``, in order."""

TIMING_COLUMNS: Final = ("seconds",)
"""Columns of ``municipalities.csv`` that measure time: the only ones that differ between two
runs of the same batch (locally or on Dask, fresh or resumed)."""

STATUSES: Final = ("ok", "error", "timeout", "memory", "killed", "interrupted")
"""Values of the ``status`` column: analysed; failed with an error (invalid data, a failed
precondition, a bug); stopped after ``timeout`` seconds; stopped over the ``memory_limit``; its
worker process was killed (e.g. by the out-of-memory killer); not finished because the batch was
interrupted (Ctrl-C, SIGTERM)."""

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
    resumed
        Names of the datasets whose earlier result was taken over (unchanged inputs and options).
    """

    table: pd.DataFrame
    out: Path
    table_path: Path
    resumed: tuple[str, ...] = ()

    @property
    def failed(self) -> list[str]:
        """Names of the datasets that could not be analysed."""
        return self.table.loc[self.table["status"] != "ok", "name"].tolist()

    @property
    def succeeded(self) -> list[str]:
        """Names of the datasets analysed successfully."""
        return self.table.loc[self.table["status"] == "ok", "name"].tolist()

    def format(self, lang: Lang = "de") -> str:
        """A short plain-text summary, one line per dataset, in `lang` (German by default)."""
        lines = []
        for row in self.table.itertuples(index=False):
            if row.status == "ok":
                line = tr("batch.summary.ok", name=str(row.name), actors=_cell(row.n_actors),
                          ties=_cell(row.n_ties), fragmentation=Number(_float(row.fragmentation), digits=3),
                          ei=Number(_float(row.ei_index), digits=2, signed=True))  # fmt: skip
            else:
                line = tr("batch.summary.failed", name=str(row.name),
                          status=_status_word(str(row.status)), error=_brief(str(row.error)))  # fmt: skip
            lines.append(line.render(lang))
        total = tr("batch.summary.total", ok=len(self.succeeded), total=len(self.table),
                   table=str(self.table_path))  # fmt: skip
        lines.append(total.render(lang))
        return "\n".join(lines)


def _float(value: object) -> float:
    """A number of the table as a float (a missing value as NaN, shown as ``–``)."""
    return float(value) if isinstance(value, numbers.Real) else float("nan")


def _cell(value: object) -> object:
    """A count of the table as an ``int`` (shown with thousands separators), else as it is."""
    return int(value) if isinstance(value, numbers.Integral) else value


def _status_word(status: str) -> Text | str:
    """A failure's status as the terminal shows it: ``FEHLER`` / ``ERROR``, ``ZEITLIMIT`` …"""
    return tr(f"batch.status.{status}") if status in STATUSES[1:] else status.upper()


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


def _analyse_one(
    name: str, path: str, out: str, config: AnalysisConfig, read: ReadOptions = ReadOptions()
) -> dict[str, Any]:
    """Worker (top level, so it pickles under ``spawn``): analyse one dataset, write its tables."""
    start = time.perf_counter()
    row: dict[str, Any] = dict.fromkeys(BATCH_COLUMNS)
    row.update(name=name, path=path, folder="")
    try:
        from coopnet.model import load
        from coopnet.pipeline import write_analysis
        from coopnet.run import Study

        net = load(
            path, strict=read.strict, limits=read.limits, undirected_ties=read.undirected_ties
        )
        study = Study(net, config)
        result = study.analysis(jobs=1)  # the batch runs datasets in parallel, not their parts
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
    except MemoryError:  # over the memory limit of the worker process
        row["status"] = "memory"
        row["error"] = "stopped: the analysis needed more memory than the limit (memory)"
    except Exception as exc:  # a bug or an unreadable file: report it, keep the batch going
        row["status"] = "error"
        row["error"] = f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=5)}"
    row["seconds"] = round(time.perf_counter() - start, 3)
    return row


def run_batch(
    root: Path,
    out: Path,
    *,
    config: AnalysisConfig = AnalysisConfig(),
    jobs: int = 2,
    timeout: float | None = None,
    memory_limit: int | str | None = None,
    executor: Executor | None = None,
    resume: bool = True,
    overwrite: bool = False,
    progress: Callable[[str], None] | None = None,
    read: ReadOptions = ReadOptions(),
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
        ``Stadt_A`` get folders of their own), ``out/municipalities.csv`` the comparison and
        ``out/batch-state.json`` each dataset's fingerprint (for resume). It is written as
        :func:`coopnet.outputs.output_folder` writes: a batch folder made before is replaced
        when the new one is complete; a non-empty folder coopnet did not make is refused unless
        ``overwrite``; it may lie inside `root` (it is not searched) but not be `root`, contain
        it, or lie inside a dataset.
    config
        Analysis options applied to every dataset (grouping, direction, weights, k, seed, ...);
        all periods are pooled.
    jobs
        Number of local worker processes (``spawn``) when no `executor` is given. With 1 and
        neither ``timeout`` nor ``memory_limit`` the datasets are analysed one after the other
        in this process.
    timeout
        Seconds one dataset may take; its worker is then killed and the dataset marked
        ``timeout``. ``None``: no limit.
    memory_limit
        Bytes (or a size such as ``"2G"``) one dataset may allocate beyond what its worker
        process holds when it starts (``RLIMIT_AS`` of the worker process, on Dask too); a
        dataset over it is marked ``memory``, the others go on. ``None``: no limit.
    executor
        Where the datasets are analysed: :class:`LocalExecutor` (default, with `jobs`) or
        :class:`DaskExecutor` (a Dask distributed cluster). The table is the same either way
        (apart from :data:`TIMING_COLUMNS`).
    resume
        Take over a dataset's earlier result -- from the previous batch in `out` or from the
        checkpoint a crashed run left (``.<out>.resume``) -- when its fingerprint (coopnet's
        version, `config`, `read`, the content of its files; :func:`coopnet.batch.resume.fingerprint`)
        is unchanged and its earlier output is complete. ``False`` (``--force``): analyse all.
    overwrite
        Also write into a non-empty folder coopnet did not make (files of the same names are
        replaced, nothing else is deleted).
    progress
        Called with one line per finished dataset
        (``"[2/5] 40.0 %, ETA 3 s · name: ok (1.3 s)"``).
    read
        How every dataset is read (:class:`coopnet.config.ReadOptions`: ``--strict``,
        ``--limit``, ``--undirected-ties``), as :func:`coopnet.load` reads one; part of the
        fingerprint.

    Returns
    -------
    BatchResult
        The comparison table and where it was written.

    Raises
    ------
    InputError
        If `root` is not a folder or holds no dataset, `jobs` < 1, `timeout` <= 0, the memory
        limit is not a size, or the Dask scheduler cannot be reached / Dask is not installed.
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
    limit = parse_size(memory_limit) if isinstance(memory_limit, str) else memory_limit
    if limit is not None and limit < 1 << 20:
        raise InputError(tr("errors.batch.memory_limit_small", limit=limit))
    if not root.is_dir():
        raise InputError(tr("errors.batch.not_folder", root=root), source=str(root))
    checkpoint = checkpoint_folder(out)
    datasets = find_datasets(root, exclude=[out, checkpoint])
    if not datasets:
        raise InputError(tr("errors.batch.no_dataset", root=root), source=str(root))
    runner = executor if executor is not None else LocalExecutor(jobs)
    say = progress or (lambda message: None)
    folders = unique_names(datasets)
    keys = {name: fingerprint(path, config, read) for name, path in datasets.items()}
    rows: list[Row] = []
    counter = BatchProgress(len(datasets))

    def finished(row: Row, *, resumed: bool = False) -> None:
        full: Row = dict.fromkeys(BATCH_COLUMNS)
        full.update(row)
        rows.append(full)
        if full["status"] == "ok" and not resumed:  # keep it should the run be killed
            name = str(full["name"])
            record(checkpoint, folders[name], building / folders[name], keys[name], full)
        seconds = Number(float(full["seconds"] or 0), digits=1)
        if resumed:
            status = tr("batch.progress.resumed")
        elif full["status"] == "ok":
            status = tr("batch.progress.ok", seconds=seconds)
        else:
            status = tr("batch.progress.failed", status=_status_word(str(full["status"])),
                        error=_brief(str(full["error"])), seconds=seconds)  # fmt: skip
        count = counter.step(resumed=resumed).text
        say(step("batch.progress.line", count=count, name=str(full["name"]), status=status))

    interrupted: BaseException | None = None
    resumed: list[str] = []
    inputs = list(datasets.values())  # out may lie inside root, but not be or hold a dataset
    with output_folder(out, command="batch", inputs=inputs, overwrite=overwrite) as building:
        if not resume:
            remove_checkpoint(out)
        previous = load_previous(out, folders) if resume else {}
        tasks = []
        for name, path in datasets.items():
            earlier = previous.get(name)
            if earlier is not None and earlier.fingerprint == keys[name]:
                reuse(earlier, building / folders[name])
                resumed.append(name)
                finished({**earlier.row, "path": str(path), "folder": folders[name]}, resumed=True)
            else:
                tasks.append((name, str(path), str(building / folders[name]), config, read))
        unfinished, interrupted = runner.run(
            tasks, analyse=_analyse_one, timeout=timeout, memory_limit=limit, finished=finished
        )
        for name, where, *_ in unfinished:
            message = "interrupted (Ctrl-C or SIGTERM) before it finished"
            rows.append({**dict.fromkeys(BATCH_COLUMNS),
                         **failed_row(name, where, "interrupted", message, 0.0)})  # fmt: skip
        table = pd.DataFrame(rows, columns=list(BATCH_COLUMNS))
        table = table.sort_values("name", kind="stable").reset_index(drop=True)
        for column in ("n_actors", "n_ties", "components", "population"):
            table[column] = table[column].astype("Int64")
        write_csv(table, building / TABLE_NAME, spreadsheet=False)
        write_state(building, ((str(r["name"]), keys[str(r["name"])], r) for r in rows), folders)
    remove_checkpoint(out)  # the batch folder now holds every finished dataset
    table_path = out / TABLE_NAME
    log.info(
        "batch: %d datasets, %d failed, %d resumed%s", len(table),
        int((table["status"] != "ok").sum()), len(resumed),
        f", memory limit {format_size(limit)}" if limit else "",
    )  # fmt: skip
    if interrupted is not None:
        raise interrupted
    return BatchResult(table=table, out=out, table_path=table_path, resumed=tuple(resumed))
