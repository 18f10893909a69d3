"""Outcomes per municipality (e.g. ratings of project success) and their rank correlations.

:func:`read_outcomes` reads and checks the outcomes file like every input of coopnet (file,
row, column, value; unknown municipality names with a suggestion); :func:`rank_correlations`
correlates every measure with every outcome (Spearman, Kendall's tau-b), tests each correlation
by permutation and adjusts the p-values for the number of tests. ``docs/atlas.md`` explains
why these numbers are weak evidence across few municipalities and never show a cause.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import numpy as np
import pandas as pd

from coopnet.atlas.stats import Correction, benjamini_hochberg, holm, permutation_test
from coopnet.errors import InputError, Problem, closest
from coopnet.io import read_csv_table
from coopnet.messages import problem, tr
from coopnet.validation import parse_number

__all__ = [
    "CORRELATION_COLUMNS",
    "MIN_PAIRS",
    "MISSING_WORDS",
    "SMALL_N",
    "Outcomes",
    "rank_correlations",
    "read_outcomes",
]

MIN_PAIRS: Final = 3
"""Fewest municipalities with both values for a correlation to be computed (two points always
lie on a line)."""

SMALL_N: Final = 10
"""Below this many municipalities a correlation is flagged ``small_n``: with so few, even a
strong correlation is weak evidence (its 95 % interval spans most of −1 … 1)."""

MISSING_WORDS: Final = frozenset({"", "na", "n/a", "nan", "-", "–", "—", "k.a.", "k. a."})
"""Cell texts that mean "no value" in an outcomes file (case-insensitive)."""

CORRELATION_COLUMNS: Final = (
    "outcome",
    "measure",
    "n",
    "n_missing",
    "spearman",
    "spearman_p",
    "spearman_p_adjusted",
    "kendall",
    "kendall_p",
    "kendall_p_adjusted",
    "p_method",
    "n_permutations",
    "small_n",
)
"""Columns of :func:`rank_correlations`, in order."""


@dataclass(frozen=True)
class Outcomes:
    """The checked outcomes.

    Attributes
    ----------
    values
        One row per municipality of the atlas (index ``name``, in its order), one float column
        per outcome; ``NaN`` where the file gives no value or has no row for the municipality.
    not_in_file
        Municipalities of the atlas without a row in the file.
    failed
        Names in the file whose analysis failed (their outcomes are not used).
    source
        Where the outcomes came from.
    """

    values: pd.DataFrame
    not_in_file: tuple[str, ...]
    failed: tuple[str, ...]
    source: str


def _raw(source: pd.DataFrame | str | os.PathLike[str]) -> tuple[pd.DataFrame, list[int], str]:
    if isinstance(source, pd.DataFrame):
        frame = source.reset_index(drop=True).astype(object)
        frame.columns = pd.Index([str(c).strip() for c in frame.columns])
        return frame, [i + 2 for i in range(len(frame))], "DataFrame"
    path = Path(source)
    if not path.is_file():
        raise InputError(tr("errors.input.no_file", path=path), source=str(path))
    raw = read_csv_table(path)
    errors = [p for p in raw.problems if p.severity == "error"]
    if errors:
        raise InputError(errors, source=str(path))
    return pd.DataFrame(raw.rows, columns=raw.columns, dtype=object), raw.line_numbers, str(path)


def _is_missing(value: Any) -> bool:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return True
    if type(value).__name__ in ("NAType", "NaTType"):
        return True
    return isinstance(value, str) and value.strip().casefold() in MISSING_WORDS


def read_outcomes(
    source: pd.DataFrame | str | os.PathLike[str],
    *,
    names: Sequence[str] | None,
    failed: Sequence[str] = (),
    labels: Mapping[str, str] | None = None,
) -> Outcomes:
    """Read and check an outcomes file: a ``name`` column and one or more numeric columns.

    Parameters
    ----------
    source
        A CSV file (comma, semicolon or tab; UTF-8 or Windows-1252; decimal point or comma) or
        a DataFrame. ``name`` holds the names of ``municipalities.csv``; every other column is
        one outcome (e.g. ``erfolg``, ``zufriedenheit``). Empty cells, ``NA``, ``n/a``, ``-``,
        ``k. A.`` are missing values (:data:`MISSING_WORDS`).
    names
        The municipalities of the atlas (analysed successfully); ``None`` checks only the
        file's form and values (e.g. before a long batch run) and keeps every row.
    failed
        Names of municipalities whose analysis failed: accepted in the file, not used.
    labels
        ``{name: label}`` (the dataset names of ``dataset.toml``), so that a label written
        instead of the name gets the name as suggestion.

    Returns
    -------
    Outcomes
        The values per municipality and what was left out.

    Raises
    ------
    InputError
        Every problem at once, with file, row, column and value: no ``name`` column, no outcome
        column, an empty or repeated name, a name that is not in ``municipalities.csv`` (with a
        "did you mean" suggestion), a value that is not a finite number, an outcome column
        without any value.

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"name": ["a", "b"], "erfolg": ["3,5", ""]})
    >>> read_outcomes(f, names=["a", "b", "c"]).values["erfolg"].tolist()
    [3.5, nan, nan]
    """
    frame, rows, where = _raw(source)
    file = Path(where).name if where != "DataFrame" else where
    problems: list[Problem] = []
    columns = list(frame.columns)
    name_column = next((c for c in columns if c.casefold() == "name"), None)
    if name_column is None:
        near = closest("name", columns)
        hint = tr("problems.atlas.hint.rename", near=near) if near else ""
        problems.append(
            problem(
                "error",
                "missing_column",
                "outcomes",
                section="atlas",
                file=file,
                column="name",
                hint=hint,
                found=tuple(columns) or tr("problems.atlas.none"),
            )
        )
        raise InputError(problems, source=where)
    outcome_columns = [c for c in columns if c != name_column]
    if not outcome_columns:
        problems.append(problem("error", "no_outcome", section="atlas", file=file))
    known = list(names) if names is not None else []
    known_set = set(known)
    failed_set = set(failed)
    by_label = {label: name for name, label in (labels or {}).items() if label}
    seen: dict[str, int] = {}
    kept: dict[str, dict[str, float]] = {}
    failed_found: list[str] = []
    for row, record in zip(rows, frame.itertuples(index=False, name=None), strict=True):
        cells = dict(zip(columns, record, strict=True))
        raw_name = cells[name_column]
        missing_name = raw_name is None or (isinstance(raw_name, float) and math.isnan(raw_name))
        name = "" if missing_name else str(raw_name).strip()
        if not name:
            problems.append(
                problem(
                    "error",
                    "empty_name",
                    section="atlas",
                    file=file,
                    row=row,
                    column=name_column,
                    value="",
                )
            )
            continue
        if name in seen:
            problems.append(
                problem(
                    "error",
                    "duplicate_name",
                    section="atlas",
                    first=seen[name],
                    file=file,
                    row=row,
                    column=name_column,
                    value=name,
                )
            )
            continue
        seen[name] = row
        values: dict[str, float] = {}
        for column in outcome_columns:
            cell = cells[column]
            if _is_missing(cell):
                values[column] = math.nan
                continue
            if isinstance(cell, bool):
                parsed: float | None = None
            elif isinstance(cell, int | float | np.integer | np.floating):
                parsed = float(cell)
            else:
                parsed = parse_number(str(cell))
            if parsed is None or not math.isfinite(parsed):
                problems.append(
                    problem(
                        "error",
                        "not_a_number",
                        "outcome",
                        section="atlas",
                        file=file,
                        row=row,
                        column=column,
                        value=str(cell),
                    )
                )
                parsed = math.nan
            values[column] = parsed
        if name in failed_set:
            failed_found.append(name)
            continue
        if names is not None and name not in known_set:
            near = by_label.get(name) or closest(name, [*known, *failed_set])
            hint = tr("errors.hint.did_you_mean", match=near) if near else ""
            problems.append(
                problem(
                    "error",
                    "unknown_municipality",
                    section="atlas",
                    hint=hint,
                    file=file,
                    row=row,
                    column=name_column,
                    value=name,
                )
            )
            continue
        kept[name] = values
    values_frame = pd.DataFrame.from_dict(kept, orient="index", columns=outcome_columns)
    values_frame = values_frame.reindex(known if names is not None else list(kept)).astype(float)
    values_frame.index.name = "name"
    if not problems:
        for column in outcome_columns:
            if values_frame[column].notna().sum() == 0:
                problems.append(
                    problem(
                        "error",
                        "empty_outcome",
                        section="atlas",
                        file=file,
                        column=column,
                    )
                )
    if problems:
        raise InputError(problems, source=where)
    missing = tuple(n for n in known if n not in kept)  # empty when names is None
    return Outcomes(values_frame, missing, tuple(sorted(failed_found)), where)


def rank_correlations(
    measures: pd.DataFrame,
    outcomes: pd.DataFrame,
    *,
    n_permutations: int = 1000,
    seed: int = 0,
    correction: Correction = "holm",
) -> pd.DataFrame:
    """Correlate every measure with every outcome and test each correlation by permutation.

    For each pair (measure, outcome) only municipalities with both values take part (the others
    are counted in ``n_missing``). Spearman's rho and Kendall's tau-b are tested by
    :func:`coopnet.atlas.stats.permutation_test` (same `seed` for every pair). The p-values are
    adjusted for the number of tests, separately for each statistic (both test the same
    hypotheses): by Holm's method (default) or Benjamini–Hochberg (``correction="bh"``).

    Parameters
    ----------
    measures
        One row per municipality, one float column per measure.
    outcomes
        One row per municipality (same index as `measures`), one float column per outcome.
    n_permutations, seed
        Permutations per test (all of them when :math:`n!` is not larger) and their seed.
    correction
        ``"holm"`` (family-wise error, valid under any dependence between the tests) or ``"bh"``
        (false discovery rate).

    Returns
    -------
    pandas.DataFrame
        One row per (outcome, measure), outcomes in column order, measures in column order,
        with the columns :data:`CORRELATION_COLUMNS`: ``n`` municipalities with both values,
        ``n_missing`` without, the two correlations, their p-values and adjusted p-values (``NaN``
        when fewer than :data:`MIN_PAIRS` pairs or a constant column), ``p_method`` (``exact``,
        ``permutation``, ``asymptotic`` or ``none``), ``n_permutations`` evaluated, and
        ``small_n`` (fewer than :data:`SMALL_N` pairs).

    Examples
    --------
    >>> import pandas as pd
    >>> m = pd.DataFrame({"density": [0.1, 0.2, 0.3, 0.4, 0.5]})
    >>> o = pd.DataFrame({"erfolg": [1.0, 3.0, 2.0, 5.0, 4.0]})
    >>> r = rank_correlations(m, o)
    >>> row = r.iloc[0]
    >>> int(row["n"]), float(row["spearman"]), row["p_method"], bool(row["small_n"])
    (5, 0.8, 'exact', True)
    """
    if not measures.index.equals(outcomes.index):
        raise ValueError("measures and outcomes must have the same index (one row per name)")
    rows: list[dict[str, Any]] = []
    total = len(measures)
    for outcome in outcomes.columns:
        y_all = outcomes[outcome].to_numpy(dtype=float)
        for measure in measures.columns:
            x_all = measures[measure].to_numpy(dtype=float)
            both = ~np.isnan(x_all) & ~np.isnan(y_all)
            x, y = x_all[both], y_all[both]
            rho = permutation_test(
                x, y, statistic="spearman", n_permutations=n_permutations, seed=seed
            )
            tau = permutation_test(
                x, y, statistic="kendall", n_permutations=n_permutations, seed=seed
            )
            n = int(both.sum())
            rows.append(
                {
                    "outcome": str(outcome),
                    "measure": str(measure),
                    "n": n,
                    "n_missing": total - n,
                    "spearman": rho.statistic,
                    "spearman_p": rho.p_value,
                    "kendall": tau.statistic,
                    "kendall_p": tau.p_value,
                    "p_method": rho.method
                    if rho.method == tau.method
                    else f"{rho.method}/{tau.method}",
                    "n_permutations": rho.n_permutations,
                    "small_n": n < SMALL_N,
                }
            )
    table = pd.DataFrame(rows, columns=[c for c in CORRELATION_COLUMNS if "adjusted" not in c])
    adjust = holm if correction == "holm" else benjamini_hochberg
    for statistic in ("spearman", "kendall"):
        p = table[f"{statistic}_p"].to_numpy(dtype=float)
        table[f"{statistic}_p_adjusted"] = adjust(p) if len(p) else p
    table["n"] = table["n"].astype(int)
    table["n_missing"] = table["n_missing"].astype(int)
    table["n_permutations"] = table["n_permutations"].astype(int)
    table["small_n"] = table["small_n"].astype(bool)
    return table[list(CORRELATION_COLUMNS)]
