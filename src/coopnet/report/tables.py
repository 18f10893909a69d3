"""The tables of a report: built from results computed elsewhere, written as CSV and one workbook.

Every function here turns results of :mod:`coopnet.metrics`, :mod:`coopnet.compare`,
:mod:`coopnet.diagnose` or :meth:`coopnet.CooperationNetwork.summary` into plain DataFrames with
English snake_case column names (the same in German and English reports, so scripts can read
them); nothing is computed that the analysis did not already compute. :func:`write_tables`
writes each table as ``tables/<name>.csv`` and all of them as sheets of ``tables/tables.xlsx``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Final

import numpy as np
import pandas as pd

from coopnet.compare import MultiPeriodComparison, PeriodComparison
from coopnet.diagnose import Diagnosis
from coopnet.metrics import NetworkAnalysis
from coopnet.outputs import pair_names, unique_names
from coopnet.report.texts import KEY_FIGURES, TOP_MEASURES
from coopnet.spreadsheet import CsvDialect, write_csv, write_sheets
from coopnet.validation import ValidationReport

__all__ = [
    "DECIMALS",
    "comparison_tables",
    "data_tables",
    "findings_table",
    "key_figures",
    "period_tables",
    "sheet_names",
    "slug",
    "ties_by_type_and_period",
    "top_actors",
    "write_tables",
]

DECIMALS: Final = 6
"""Floats in the CSV files and the workbook are rounded to this many decimals."""

TOP_N: Final = 5
"""Actors per measure in the key-actor tables."""


def slug(text: str) -> str:
    """Return one name as a safe file-name part (``"Welle 2/3"`` → ``"Welle_2_3"``).

    For several names that must not share a file (periods), use
    :func:`coopnet.outputs.unique_names`, which this equals for a single name.
    """
    return unique_names([str(text)])[str(text)]


# ----------------------------------------------------------------------------------------------
# data summary
# ----------------------------------------------------------------------------------------------
def data_tables(summary: Mapping[str, Any], report: ValidationReport) -> dict[str, pd.DataFrame]:
    """Tables describing the dataset, from :meth:`CooperationNetwork.summary` and validation.

    Returns
    -------
    dict of str to pandas.DataFrame
        ``actors_by_<column>`` (``value, actors, share``) for the grouping column, ``sector`` and
        ``level`` when present; ``ties_by_period`` (``period, actors, ties, nominations,
        isolates, reciprocity, unreciprocated, unobserved_dyads``); ``ties_by_type``
        (``type, nominations``); ``validation_counts`` (``count, value``) and
        ``validation_issues`` (``severity, code, file, row, column, value, message``).
    """
    out: dict[str, pd.DataFrame] = {}
    names = unique_names(summary["actors_by"])
    for column, counts in summary["actors_by"].items():
        total = sum(counts.values()) or 1
        out[f"actors_by_{names[column]}"] = pd.DataFrame(
            {
                "value": list(counts),
                "actors": [int(v) for v in counts.values()],
                "share": [v / total for v in counts.values()],
            }
        )
    rows = []
    for entry in summary["by_period"]:
        rows.append(
            {
                "period": str(entry["period"]),
                "actors": entry["actors"],
                "ties": entry["ties"],
                "nominations": entry["nominations"],
                "isolates": len(entry["isolates"]),
                "reciprocity": entry["reciprocity"] if entry["reciprocity"] is not None else np.nan,
                "unreciprocated": entry["unreciprocated"],
                "unobserved_dyads": entry["unobserved_dyads"],
            }
        )
    out["ties_by_period"] = pd.DataFrame(rows)
    out["ties_by_type"] = pd.DataFrame(
        {
            "type": list(summary["ties_by_type"]),
            "nominations": [int(v) for v in summary["ties_by_type"].values()],
        }
    )
    counts = dict(report.counts)
    counts["warnings"] = len(report.warnings)
    out["validation_counts"] = pd.DataFrame(
        {"count": list(counts), "value": [int(v) for v in counts.values()]}
    )
    issues = report.to_frame()
    out["validation_issues"] = issues
    return out


def ties_by_type_and_period(ties: pd.DataFrame, periods: Sequence[str]) -> pd.DataFrame:
    """Nominations (tie rows) by kind of cooperation (rows) and period (columns), with totals."""
    frame = ties.assign(
        type=ties["type"].fillna("(none)"),
        period=ties["period"].fillna("all") if "period" in ties else "all",
    )
    table = pd.crosstab(frame["type"], frame["period"])
    order = [p for p in periods if p in table.columns] or list(table.columns)
    table = table.reindex(columns=order, fill_value=0).sort_index()
    table["total"] = table.sum(axis=1)
    table.index.name = "type"
    table.columns.name = None
    return table.reset_index()


# ----------------------------------------------------------------------------------------------
# measures
# ----------------------------------------------------------------------------------------------
def key_figures(analyses: Mapping[str, NetworkAnalysis]) -> pd.DataFrame:
    """Network-level measures, one row per measure of :data:`KEY_FIGURES`, one column per period."""
    data = {
        period: [analysis.network.get(key, np.nan) for key in KEY_FIGURES]
        for period, analysis in analyses.items()
    }
    frame = pd.DataFrame(data, index=list(KEY_FIGURES), dtype=float)
    frame.index.name = "measure"
    return frame.reset_index()


def top_actors(analysis: NetworkAnalysis, *, n: int = TOP_N) -> pd.DataFrame:
    """The ``n`` leading actors by each measure of :data:`TOP_MEASURES`.

    Actors are ordered by value (descending; constraint ascending, since low constraint means
    brokerage opportunities), ties by actor id; missing values (constraint of isolates) and
    zeros of the descending measures are left out.

    Returns
    -------
    pandas.DataFrame
        ``measure, rank, id, label, group, value``.
    """
    actors = analysis.actors
    rows = []
    for measure, ascending in TOP_MEASURES:
        if measure not in actors.columns:
            continue
        values = pd.to_numeric(actors[measure], errors="coerce").astype(float)
        keep = values.notna() & (values > 0 if not ascending else values.notna())
        ranked = sorted(
            ((float(v), str(a)) for a, v in values[keep].items()),
            key=lambda item: (item[0] if ascending else -item[0], item[1]),
        )
        for rank, (value, actor) in enumerate(ranked[:n], start=1):
            rows.append(
                {
                    "measure": measure,
                    "rank": rank,
                    "id": actor,
                    "label": str(actors.at[actor, "label"]),
                    "group": str(actors.at[actor, analysis.group])
                    if analysis.group is not None
                    else "",
                    "value": value,
                }
            )
    return pd.DataFrame(rows, columns=["measure", "rank", "id", "label", "group", "value"])


def period_tables(
    period: str,
    analysis: NetworkAnalysis,
    curve: pd.DataFrame | None,
    *,
    name: str | None = None,
) -> dict[str, pd.DataFrame]:
    """Every table of one period's analysis, keyed ``<kind>_<name>``.

    ``name`` is the period's file-name part (``unique_names(periods)[period]``, so that periods
    such as ``2016/17`` and ``2016_17`` get tables of their own); default :func:`slug`.

    Returns
    -------
    dict of str to pandas.DataFrame
        ``actors`` (the actor table with ``id`` as first column), ``groups``, ``mixing`` (block
        densities, first column ``group``), ``key_players``, ``missing_group_pairs``,
        ``bridges``, ``top_actors`` and, when given, ``fragmentation_curve``.
    """
    p = name if name is not None else slug(period)
    mixing = analysis.mixing.copy()
    mixing.index.name = "group"
    out = {
        f"actors_{p}": analysis.actors.reset_index(),
        f"groups_{p}": analysis.groups.reset_index(drop=True),
        f"mixing_{p}": mixing.reset_index(),
        f"key_players_{p}": analysis.key_players.reset_index(drop=True),
        f"missing_group_pairs_{p}": analysis.missing_pairs.reset_index(drop=True),
        f"bridges_{p}": analysis.bridges.reset_index(drop=True),
        f"top_actors_{p}": top_actors(analysis),
    }
    if curve is not None:
        out[f"fragmentation_curve_{p}"] = curve.reset_index(drop=True)
    return out


# ----------------------------------------------------------------------------------------------
# comparison and findings
# ----------------------------------------------------------------------------------------------
def comparison_pairs(pairs: Sequence[PeriodComparison]) -> pd.DataFrame:
    """One row per compared pair of periods with churn, QAP and E-I before/after."""
    rows = []
    for pair in pairs:
        churn = pair.churn
        rows.append(
            {
                "before": pair.before,
                "after": pair.after,
                "ties_before": churn.ties_before,
                "ties_after": churn.ties_after,
                "kept": churn.kept,
                "added": churn.added,
                "removed": churn.removed,
                "jaccard": churn.jaccard,
                "cross_kept": churn.cross_kept,
                "cross_added": churn.cross_added,
                "cross_removed": churn.cross_removed,
                "actors_entered": len(churn.actors_entered),
                "actors_left": len(churn.actors_left),
                "qap_correlation": pair.qap.correlation,
                "qap_p_value": pair.qap.p_value,
                "ei_before": pair.ei_before,
                "ei_after": pair.ei_after,
                "ei_p_before": pair.ei_p_before,
                "ei_p_after": pair.ei_p_after,
            }
        )
    return pd.DataFrame(rows)


def change_tests_table(pairs: Sequence[PeriodComparison]) -> pd.DataFrame:
    """One row per compared pair and measure: the paired permutation test of the change.

    Columns ``before, after`` (periods), ``measure``, ``value_before``, ``value_after``,
    ``change``, ``p_value``, ``p_increase``, ``p_decrease``, ``method``, ``n_actors``
    (:func:`coopnet.compare.change_tests`; pairs without tests are left out).
    """
    rows = []
    for pair in pairs:
        if pair.change is None:
            continue
        for test in pair.change.tests:
            rows.append(
                {
                    "before": pair.before,
                    "after": pair.after,
                    "measure": test.measure,
                    "value_before": test.before,
                    "value_after": test.after,
                    "change": test.change,
                    "p_value": test.p_value,
                    "p_increase": test.p_increase,
                    "p_decrease": test.p_decrease,
                    "method": pair.change.method,
                    "n_actors": pair.change.n_actors,
                }
            )
    return pd.DataFrame(rows)


def ei_by_group(
    analyses: Mapping[str, NetworkAnalysis], *, overall: str = "overall"
) -> pd.DataFrame:
    """E-I index per group (rows, plus ``overall`` last) and period (columns); NaN if absent."""
    data: dict[str, dict[str, float]] = {}
    for period, analysis in analyses.items():
        groups = analysis.groups.set_index("group")["ei_index"].astype(float)
        column = {str(g): float(v) for g, v in groups.items()}
        column[overall] = float(analysis.network.get("ei_index", np.nan))
        data[period] = column
    frame = pd.DataFrame(data)
    rows = [*sorted((g for g in frame.index if g != overall), key=str.casefold), overall]
    frame = frame.reindex(rows)
    frame.index.name = "group"
    return frame


def comparison_tables(
    comparison: MultiPeriodComparison, *, names: Mapping[str, str] | None = None
) -> dict[str, pd.DataFrame]:
    """Tables of the period comparison.

    ``names`` maps each period to its file-name part (default
    :func:`coopnet.outputs.unique_names` of the compared periods); pairs are named by
    :func:`coopnet.outputs.pair_names`.

    Returns
    -------
    dict of str to pandas.DataFrame
        ``comparison_pairs`` (:func:`comparison_pairs` of the consecutive pairs and, for three or
        more periods, first versus last), ``change_tests`` (:func:`change_tests_table`),
        ``ei_by_group`` (group × period), per pair
        ``actors_delta_<a>_<b>``, ``groups_delta_<a>_<b>``, ``mixing_delta_<a>_<b>`` and, for
        three or more periods, ``persistence`` (``ties, new, sustained, temporary,
        lost_with_actor, retention`` for all new ties and the cross-group ones),
        ``persistence_ties`` and ``persistence_brokers`` (``status, id``).
    """
    pairs = list(comparison.pairs) + ([comparison.overall] if comparison.overall else [])
    out: dict[str, pd.DataFrame] = {
        "comparison_pairs": comparison_pairs(pairs),
        "change_tests": change_tests_table(pairs),
        "ei_by_group": ei_by_group(comparison.analyses).reset_index(),
    }
    periods = names if names is not None else unique_names(comparison.analyses)
    pair_files = pair_names([(p.before, p.after) for p in pairs], periods)
    for pair in pairs:
        name = pair_files[(pair.before, pair.after)]
        out[f"actors_delta_{name}"] = pair.actors.reset_index()
        out[f"groups_delta_{name}"] = pair.groups.reset_index(drop=True)
        out[f"mixing_delta_{name}"] = pair.mixing.reset_index(drop=True)
    pers = comparison.persistence
    if pers is not None:
        out["persistence"] = pd.DataFrame(
            [
                {
                    "ties": "all",
                    "new": pers.new,
                    "sustained": pers.sustained,
                    "temporary": pers.temporary,
                    "lost_with_actor": pers.lost_with_actor,
                    "retention": pers.retention,
                },
                {
                    "ties": "cross_group",
                    "new": pers.cross_new,
                    "sustained": pers.cross_sustained,
                    "temporary": pers.cross_temporary,
                    "lost_with_actor": pers.cross_lost_with_actor,
                    "retention": pers.cross_retention,
                },
            ]
        )
        out["persistence_ties"] = pers.ties.reset_index(drop=True)
        brokers = [
            (status, actor)
            for status in ("kept", "lost", "disappeared", "new")
            for actor in getattr(pers, f"brokers_{status}")
        ]
        out["persistence_brokers"] = pd.DataFrame(brokers, columns=["status", "id"])
    return out


def findings_table(diagnosis: Diagnosis) -> pd.DataFrame:
    """The ranked findings as a table: ``rank, topic, severity, period, code, statement,
    question, actors, groups, evidence, recommendation`` (lists joined with ``"; "``; ``topic``:
    the id of the finding's topic, :attr:`Diagnosis.topics`; ``recommendation``: the ``id`` of
    the recommended tie that addresses it in ``recommendations.csv``, empty if none)."""
    rows = []
    topic_of = diagnosis.topic_of()
    links = diagnosis.remedies.links if diagnosis.remedies is not None else {}
    for rank, f in enumerate(diagnosis.findings, start=1):
        rows.append(
            {
                "rank": rank,
                "topic": topic_of[rank],
                "severity": f.severity,
                "period": f.period if f.period is not None else "",
                "code": f.code,
                "statement": f.statement,
                "question": f.question,
                "actors": "; ".join(f.actors),
                "groups": "; ".join(f.groups),
                "evidence": "; ".join(e.text for e in f.evidence),
                "recommendation": links.get(rank, ""),
            }
        )
    columns = ["rank", "topic", "severity", "period", "code", "statement", "question", "actors",
               "groups", "evidence", "recommendation"]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)


# ----------------------------------------------------------------------------------------------
# writing
# ----------------------------------------------------------------------------------------------
def _clean(frame: pd.DataFrame) -> pd.DataFrame:
    """Round floats to :data:`DECIMALS`; turn tuples into ``"; "``-joined text."""
    out = frame.copy()
    for column in out.columns:
        series = out[column]
        if pd.api.types.is_float_dtype(series):
            out[column] = series.round(DECIMALS)
        elif series.dtype == object:
            out[column] = series.map(
                lambda v: "; ".join(map(str, v)) if isinstance(v, tuple | list) else v
            )
    out.columns = [str(c) for c in out.columns]
    return out


def sheet_names(names: Sequence[str]) -> dict[str, str]:
    """Map table names to unique Excel sheet names (at most 31 characters, no ``[]:*?/\\``)."""
    used: set[str] = set()
    out: dict[str, str] = {}
    for name in names:
        base = re.sub(r"[\[\]:*?/\\]", "_", name)[:31]
        candidate, number = base, 1
        while candidate.casefold() in used:
            number += 1
            suffix = f"~{number}"
            candidate = base[: 31 - len(suffix)] + suffix
        used.add(candidate.casefold())
        out[name] = candidate
    return out


def write_tables(
    tables: Mapping[str, pd.DataFrame], folder: str | Path, *, csv: CsvDialect = "standard"
) -> list[Path]:
    """Write every table as ``<name>.csv`` and all of them into ``tables.xlsx``.

    Parameters
    ----------
    tables
        ``{name: DataFrame}``; names become file names (use :func:`slug` for periods). The
        index is not written (keep identifying columns as columns).
    folder
        Target folder; created if needed.
    csv
        CSV dialect (:func:`coopnet.spreadsheet.write_csv`); ``"excel-de"``: BOM, ``;``,
        decimal comma.

    Returns
    -------
    list of pathlib.Path
        The CSV files in the order of ``tables``, then the workbook.

    Notes
    -----
    CSV (``standard``; ``excel-de``: BOM, ``;``, decimal comma): UTF-8 without BOM, comma-separated, ``\\n`` line ends, floats rounded to
    :data:`DECIMALS` decimals, missing values empty. These are spreadsheet tables
    (:func:`coopnet.spreadsheet.write_csv` with ``spreadsheet=True``): a text cell that starts
    with ``= + - @``, tab or carriage return gets a leading ``'``, bidi controls are removed.
    The workbook has one sheet per table, named by :func:`sheet_names`, every text cell stored
    as text (never a formula); its creation date and zip entry times are fixed, so the same
    tables give the same bytes (:func:`coopnet.spreadsheet.write_sheets`).
    """
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    written = []
    clean = {name: _clean(frame) for name, frame in tables.items()}
    for name, frame in clean.items():
        path = target / f"{name}.csv"
        written.append(write_csv(frame, path, spreadsheet=True, dialect=csv))
    sheets = sheet_names(list(clean))
    workbook = write_sheets(
        target / "tables.xlsx",
        {sheets[name]: frame for name, frame in clean.items()},
        exact=False,
        freeze_header=True,
    )
    written.append(workbook)
    return written
