"""Analyse many datasets at once (one per municipality) and compare them in one table.

:func:`run_batch` finds every dataset under a folder, analyses each in its own process as a
:class:`coopnet.run.Study` with the same options (all periods pooled), writes each one's tables with
:func:`coopnet.pipeline.write_analysis` into ``out/<name>/`` and one comparison table
``out/municipalities.csv``. A dataset that fails (invalid data, failed precondition, crash) is
reported with its error in that table and does not stop the others.
"""

from __future__ import annotations

import logging
import multiprocessing
import re
import time
import traceback
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from coopnet.config import AnalysisConfig
from coopnet.errors import CoopnetError, InputError
from coopnet.schema import MUNICIPALITY_KEYS

__all__ = ["BATCH_COLUMNS", "TABLE_NAME", "BatchResult", "find_datasets", "run_batch"]

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
    "seconds",
)
"""Columns of ``municipalities.csv``, in order."""

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
        :data:`BATCH_COLUMNS`: ``status`` is ``"ok"`` or ``"error"``; ``error`` the message
        (for invalid data every problem with file, row, column and value); ``label`` the
        dataset's name (``dataset.toml``) and ``land``, ``kreis``, ``municipality_type``,
        ``population`` its optional municipality keys (empty when not given);
        ``degree_centralization`` and ``betweenness_centralization`` Freeman's centralization
        (:func:`coopnet.metrics.centralization`); ``top_brokers`` the
        labels of the three actors with the highest betweenness, ``"; "``-separated;
        ``top_key_player`` the label of the first key player; ``seconds`` the wall time.
    out
        The output folder; each dataset's tables are in ``out/<name>/``.
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
                lines.append(f"{row.name}: ERROR {_brief(str(row.error))}")
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
    """
    root = Path(root)
    skipped = {Path(p).resolve() for p in exclude}
    found: dict[str, Path] = {}

    def name_of(path: Path) -> str:
        rel = path.relative_to(root)
        parts = [*rel.parent.parts, rel.stem] if path.is_file() else list(rel.parts)
        return "__".join(parts) or "."

    def visit(folder: Path) -> None:
        if folder.resolve() in skipped:
            return
        if _is_dataset_folder(folder):
            found[name_of(folder)] = folder
            return
        for child in sorted(folder.iterdir()):
            if child.is_dir() and not child.name.startswith(".") and child.name not in _SKIP_DIRS:
                visit(child)
            elif (
                child.is_file()
                and child.suffix.lower() == ".xlsx"
                and not child.name.startswith("~$")
            ):
                found[name_of(child)] = child

    visit(root)
    return dict(sorted(found.items()))


def _safe_name(name: str) -> str:
    return re.sub(r"[^\w.\-]+", "_", name).strip("._") or "dataset"


def _analyse_one(name: str, path: str, out: str, config: AnalysisConfig) -> dict[str, Any]:
    """Worker (top level, so it pickles under ``spawn``): analyse one dataset, write its tables."""
    start = time.perf_counter()
    row: dict[str, Any] = dict.fromkeys(BATCH_COLUMNS)
    row.update(name=name, path=path)
    try:
        from coopnet.model import load
        from coopnet.pipeline import write_analysis
        from coopnet.run import Study

        study = Study(load(path), config)
        result = study.analysis()
        write_analysis(result, out, study=study)
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
    except CoopnetError as exc:  # invalid data or a failed precondition
        row["status"] = "error"
        row["error"] = str(exc)
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
    progress: Callable[[str], None] | None = None,
) -> BatchResult:
    """Analyse every dataset under `root` in parallel and write one comparison table.

    Parameters
    ----------
    root
        Folder searched (recursively) for datasets: folders with a ``ties.csv`` and ``.xlsx``
        workbooks (see :func:`find_datasets`).
    out
        Output folder: ``out/<name>/`` gets each dataset's ``coopnet analyze`` tables
        (:func:`coopnet.pipeline.write_analysis`), ``out/municipalities.csv`` the comparison.
    config
        Analysis options applied to every dataset (grouping, direction, weights, k, seed, ...);
        all periods are pooled.
    jobs
        Number of worker processes (``spawn``); 1 analyses the datasets one after the other in
        this process.
    progress
        Called with one line per finished dataset (``"[2/5] name: ok (1.3 s)"``).

    Returns
    -------
    BatchResult
        The comparison table and where it was written.

    Raises
    ------
    InputError
        If `root` is not a folder or holds no dataset, or `jobs` < 1.

    Examples
    --------
    >>> from pathlib import Path
    >>> import tempfile
    >>> result = run_batch(Path("data"), Path(tempfile.mkdtemp()), jobs=1)
    >>> result.table.loc[0, ["name", "status"]].tolist()
    ['musterstadt', 'ok']
    """
    root, out = Path(root), Path(out)
    if jobs < 1:
        raise InputError(f"--jobs must be at least 1, got {jobs}")
    if not root.is_dir():
        raise InputError(f"{root} is not a folder", source=str(root))
    datasets = find_datasets(root, exclude=[out])
    if not datasets:
        raise InputError(
            f"no dataset found under {root} (a folder with ties.csv, or an .xlsx workbook)",
            source=str(root),
        )
    out.mkdir(parents=True, exist_ok=True)
    say = progress or (lambda message: None)
    targets = {name: str(out / _safe_name(name)) for name in datasets}
    rows: list[dict[str, Any]] = []

    def finished(row: dict[str, Any]) -> None:
        rows.append(row)
        status = "ok" if row["status"] == "ok" else "ERROR " + _brief(str(row["error"]))
        say(f"[{len(rows)}/{len(datasets)}] {row['name']}: {status} ({row['seconds']:.1f} s)")

    if jobs == 1 or len(datasets) == 1:
        for name, path in datasets.items():
            finished(_analyse_one(name, str(path), targets[name], config))
    else:
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=min(jobs, len(datasets)), mp_context=context) as pool:
            futures: dict[Future[dict[str, Any]], str] = {
                pool.submit(_analyse_one, name, str(path), targets[name], config): name
                for name, path in datasets.items()
            }
            for future in as_completed(futures):
                name = futures[future]
                try:
                    finished(future.result())
                except BrokenProcessPool as exc:  # a worker died (e.g. out of memory)
                    row = dict.fromkeys(BATCH_COLUMNS)
                    row.update(name=name, path=str(datasets[name]), status="error", seconds=0.0)
                    row["error"] = f"the worker process died: {exc}"
                    finished(row)
    table = pd.DataFrame(rows, columns=list(BATCH_COLUMNS))
    table = table.sort_values("name", kind="stable").reset_index(drop=True)
    for column in ("n_actors", "n_ties", "components", "population"):
        table[column] = table[column].astype("Int64")
    table_path = out / TABLE_NAME
    table.to_csv(table_path, index=False, encoding="utf-8")
    log.info("batch: %d datasets, %d failed", len(table), int((table["status"] != "ok").sum()))
    return BatchResult(table=table, out=out, table_path=table_path)
