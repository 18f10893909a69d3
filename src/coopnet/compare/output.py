"""Write the results of :mod:`coopnet.compare.periods` as the files of ``coopnet compare``.

Layout: for two periods the five files ``summary.json``, ``ties_diff.csv``, ``actors_delta.csv``,
``groups_delta.csv`` and ``mixing_delta.csv`` directly in the output folder; for all periods the
overall ``summary.json`` (first vs last period), ``periods.csv``, ``persistence.json`` and
``persistence_ties.csv``, and each pair in a subfolder ``<before>_<after>`` (file-name parts from
:func:`coopnet.outputs.pair_names`, unique even when periods such as ``2016/17`` and ``2016_17``
give the same characters). The CSV files are exact data for scripts (not spreadsheet-escaped).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from coopnet.compare.periods import MultiPeriodComparison, PeriodComparison
from coopnet.compare.regression import QAPRegression
from coopnet.jsonio import write_json
from coopnet.outputs import output_folder, pair_names, unique_names
from coopnet.spreadsheet import CsvDialect, write_csv

__all__ = ["write_comparison", "write_regression"]


def _write_csv(
    frame: pd.DataFrame, path: Path, *, index: bool = False, csv: CsvDialect = "standard"
) -> Path:
    return write_csv(frame, path, spreadsheet=False, index=index, dialect=csv)


# ----------------------------------------------------------------------------------------------
# inputs: the graphs and analyses of the periods
# ----------------------------------------------------------------------------------------------


def _write_pair(result: PeriodComparison, folder: Path, csv: CsvDialect = "standard") -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    ties = result.churn.ties.copy()
    actors = result.actors.reset_index()
    return [
        write_json(result.summary(), folder / "summary.json"),
        _write_csv(ties, folder / "ties_diff.csv", csv=csv),
        _write_csv(actors, folder / "actors_delta.csv", csv=csv),
        _write_csv(result.groups, folder / "groups_delta.csv", csv=csv),
        _write_csv(result.mixing, folder / "mixing_delta.csv", csv=csv),
    ]


def write_comparison(
    result: PeriodComparison | MultiPeriodComparison,
    out_dir: str | Path,
    *,
    overwrite: bool = False,
    inputs: Iterable[str | os.PathLike[str]] = (),
    csv: CsvDialect = "standard",
    provenance: Mapping[str, Any] | None = None,
) -> list[Path]:
    """Write the files of ``coopnet compare`` into `out_dir` and return their paths.

    Parameters
    ----------
    result
        A :class:`PeriodComparison` (two periods: the five files directly in `out_dir`) or a
        :class:`MultiPeriodComparison` (overall files in `out_dir`, each pair in a subfolder
        ``<before>_<after>``; see the module docstring for the layout).
    out_dir
        The output folder, written as :func:`coopnet.outputs.output_folder` writes: created if
        needed; a folder coopnet made before is replaced; a non-empty folder it did not make is
        refused unless ``overwrite``; never the input.
    overwrite
        Also write into a non-empty folder coopnet did not make (files of the same names are
        replaced, nothing else is deleted).
    inputs
        The dataset's files or folder, which `out_dir` may not be, contain or lie in.
    csv
        CSV dialect (:func:`coopnet.spreadsheet.write_csv`): ``"excel-de"`` for a German Excel.
    provenance
        Written as ``provenance.json`` (:func:`coopnet.provenance.provenance`).

    Returns
    -------
    list of pathlib.Path
        The files written (under `out_dir`), in writing order.

    Raises
    ------
    OutputError
        If `out_dir` may not be written (see :func:`coopnet.outputs.output_folder`).

    Notes
    -----
    CSV files are UTF-8 with ``\\n`` line ends and a header; JSON is UTF-8, indented, with NaN
    written as ``null``. The same result always gives byte-identical files.
    """
    target = Path(out_dir)
    with output_folder(target, command="compare", inputs=inputs, overwrite=overwrite,
                       provenance=provenance) as folder:  # fmt: skip
        written = _write_all(result, folder, csv)
    return [target / p.relative_to(folder) for p in written]


def _write_all(
    result: PeriodComparison | MultiPeriodComparison, folder: Path, csv: CsvDialect
) -> list[Path]:
    if isinstance(result, PeriodComparison):
        return _write_pair(result, folder, csv)
    written = [write_json(result.summary(), folder / "summary.json")]
    written.append(_write_csv(result.churn, folder / "periods.csv", csv=csv))
    if result.persistence is not None:
        data: dict[str, Any] = {
            "periods": list(result.persistence_periods or ()),
            **result.persistence.to_dict(),
            "consecutive": {k: v.to_dict() for k, v in result.consecutive_persistence.items()},
        }
        written.append(write_json(data, folder / "persistence.json"))
        written.append(
            _write_csv(result.persistence.ties, folder / "persistence_ties.csv", csv=csv)
        )
    pairs = list(result.pairs) + ([result.overall] if result.overall is not None else [])
    periods = unique_names(p for pair in pairs for p in (pair.before, pair.after))
    subfolders = pair_names([(p.before, p.after) for p in pairs], periods)
    for pair in pairs:
        written.extend(_write_pair(pair, folder / subfolders[(pair.before, pair.after)], csv))
    return written


def write_regression(
    result: QAPRegression,
    out_dir: str | Path,
    *,
    overwrite: bool = False,
    inputs: Iterable[str | os.PathLike[str]] = (),
    provenance: Mapping[str, Any] | None = None,
) -> list[Path]:
    """Write the files of ``coopnet qap``: ``coefficients.csv`` and ``model.json``.

    Parameters
    ----------
    result
        A :class:`~coopnet.compare.QAPRegression`.
    out_dir
        The output folder, written as :func:`coopnet.outputs.output_folder` writes: a folder
        coopnet made before is replaced, a non-empty folder it did not make is refused unless
        ``overwrite``, and it may not be, contain or lie inside one of ``inputs``.
    provenance
        Written as ``provenance.json`` (:func:`coopnet.provenance.provenance`).

    Returns
    -------
    list of pathlib.Path
        ``[coefficients.csv, model.json]``.

    Notes
    -----
    ``coefficients.csv``: one row per term, columns ``term`` and
    :data:`~coopnet.compare.regression.COEFFICIENT_COLUMNS` (full precision, ``.`` as decimal
    separator, empty for NaN). ``model.json``: :attr:`QAPRegression.model`.
    """
    target = Path(out_dir)
    with output_folder(target, command="qap", inputs=inputs, overwrite=overwrite,
                       provenance=provenance) as folder:  # fmt: skip
        _write_csv(result.coefficients.reset_index(), folder / "coefficients.csv")
        write_json(dict(result.model), folder / "model.json")
    return [target / "coefficients.csv", target / "model.json"]
