"""The table of municipalities the atlas starts from: ``municipalities.csv`` of ``coopnet batch``.

:func:`read_municipalities` reads and checks it (or takes :attr:`coopnet.batch.BatchResult.table`
as a DataFrame), keeps the municipalities analysed successfully and lists the others with their
error, so no municipality disappears without a note. :data:`MEASURES` are the key measures the
atlas compares; :func:`size_classes` sorts the municipalities into size classes.
"""

from __future__ import annotations

import itertools
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Literal

import numpy as np
import pandas as pd

from coopnet import schema
from coopnet.errors import InputError, Problem
from coopnet.io import read_csv_table
from coopnet.lang import Lang, number, text
from coopnet.messages import problem, tr
from coopnet.validation import parse_number

__all__ = [
    "ACTOR_CLASS_BOUNDS",
    "COUNT_MEASURES",
    "MEASURES",
    "POPULATION_CLASS_BOUNDS",
    "TESTED_MEASURES",
    "Municipalities",
    "SizeBasis",
    "as_float",
    "measure_name",
    "read_municipalities",
    "size_classes",
]

MEASURES: Final = (
    "n_actors",
    "n_ties",
    "density",
    "components",
    "fragmentation",
    "distance_fragmentation",
    "ei_index",
    "cross_group_share",
    "modularity",
    "degree_centralization",
    "betweenness_centralization",
)
"""The key measures of the atlas, in the order they are shown. All but ``cross_group_share`` are
columns of ``municipalities.csv`` (the pooled network of each dataset, ``docs/measures.md``);
``cross_group_share`` = :math:`(\\text{E-I} + 1) / 2`, the share of ties between different groups
(E / (E + I), Krackhardt & Stern 1988), derived here."""

TESTED_MEASURES: Final = tuple(m for m in MEASURES if m != "cross_group_share")
"""Measures correlated with outcomes: ``cross_group_share`` is a monotone transform of the E-I
index, so it has the same ranks and would only repeat that test."""

COUNT_MEASURES: Final = frozenset({"n_actors", "n_ties", "components"})
"""Measures that are counts (shown without decimals)."""

POPULATION_CLASS_BOUNDS: Final = (5_000, 20_000, 100_000)
"""Lower bounds of the size classes by population (inhabitants): under 5,000; 5,000 to under
20,000; 20,000 to under 100,000; 100,000 and more — the classic bounds of the German municipal
size classes (Landgemeinde, Kleinstadt, Mittelstadt, Großstadt) that the BBSR's
*Stadt- und Gemeindetypen* also use (there combined with central-place functions)."""

ACTOR_CLASS_BOUNDS: Final = (50, 100, 200)
"""Lower bounds of the size classes by number of actors (when not every municipality gives its
population): under 50; 50 to under 100; 100 to under 200; 200 and more."""

SizeBasis = Literal["population", "n_actors"]

_TEXT_COLUMNS: Final = ("label", "path", schema.LAND, schema.KREIS, schema.MUNICIPALITY_TYPE)
_FILE_MEASURES: Final = tuple(m for m in MEASURES if m != "cross_group_share")
_REQUIRED: Final = ("name", "status", "n_actors")


def as_float(value: object) -> float:
    """A table cell as a float (``NaN`` when missing or not a number)."""
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return math.nan


def measure_name(measure: str, lang: Lang) -> str:
    """The display name of an atlas measure (``"Dichte"``/``"Density"``)."""
    return text(f"atlas.measure.{measure}", lang)


@dataclass(frozen=True)
class Municipalities:
    """The municipalities of ``municipalities.csv``, checked.

    Attributes
    ----------
    table
        The municipalities analysed successfully (``status == "ok"``), indexed by ``name``
        (sorted): ``label`` (the dataset name), ``path`` (of the dataset), ``land``, ``kreis``, ``municipality_type`` (text or ``None``),
        ``population`` (float, ``NaN`` when not given) and one float column per measure of
        :data:`MEASURES` found in the file (``NaN`` where the measure is undefined, e.g. the E-I
        index without groups).
    excluded
        The others: ``name``, ``status``, ``error`` (the head of the message on one line).
    measures
        The measures of :data:`MEASURES` present, in that order.
    missing_measures
        Measures of :data:`MEASURES` the file lacks (e.g. written by an older coopnet).
    source
        Where the table came from (file path, or ``"DataFrame"``).
    """

    table: pd.DataFrame
    excluded: pd.DataFrame
    measures: tuple[str, ...]
    missing_measures: tuple[str, ...]
    source: str


def _cell_number(value: Any) -> float | None:
    """A cell as a float (``NaN`` for empty), or ``None`` when it is not a number."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return math.nan
    if type(value).__name__ in ("NAType", "NaTType"):
        return math.nan
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float | np.integer | np.floating):
        number_ = float(value)
        return number_ if math.isfinite(number_) else None
    textual = str(value).strip()
    if not textual or textual.casefold() in ("nan", "na", "<na>"):
        return math.nan
    parsed = parse_number(textual)
    return parsed if parsed is not None and math.isfinite(parsed) else None


def _frame(source: pd.DataFrame | str | os.PathLike[str]) -> tuple[pd.DataFrame, list[int], str]:
    """The table as a DataFrame of raw cells, the spreadsheet row of each row, and its name."""
    if isinstance(source, pd.DataFrame):
        frame = source.reset_index(drop=True)
        return frame, [i + 2 for i in range(len(frame))], "DataFrame"
    path = Path(source)
    if path.is_dir():
        path = path / "municipalities.csv"
    if not path.is_file():
        raise InputError(tr("errors.atlas.no_table", path=path), source=str(path))
    raw = read_csv_table(path)
    errors = [p for p in raw.problems if p.severity == "error"]
    if errors:
        raise InputError(errors, source=str(path))
    frame = pd.DataFrame(raw.rows, columns=raw.columns, dtype=object)
    return frame, list(raw.line_numbers), str(path)


def read_municipalities(source: pd.DataFrame | str | os.PathLike[str]) -> Municipalities:
    """Read and check the table of municipalities written by ``coopnet batch``.

    Parameters
    ----------
    source
        ``municipalities.csv`` (or the batch output folder holding it), or the DataFrame
        :attr:`coopnet.batch.BatchResult.table`.

    Returns
    -------
    Municipalities
        The municipalities analysed successfully and, separately, those that failed.

    Raises
    ------
    InputError
        The file is missing or unreadable; a required column (``name``, ``status``,
        ``n_actors``) is missing; a name is empty or repeated; a measure or the population is
        not a number (every problem with row, column and value); or no municipality was analysed
        successfully.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"name": ["a", "b"], "status": ["ok", "error"], "error": ["", "bad"],
    ...                   "n_actors": [12, None], "density": [0.25, None]})
    >>> m = read_municipalities(t)
    >>> m.table.index.tolist(), m.excluded["name"].tolist(), m.measures
    (['a'], ['b'], ('n_actors', 'density'))
    """
    frame, rows, name = _frame(source)
    file = Path(name).name if name != "DataFrame" else name
    problems: list[Problem] = []
    columns = [str(c) for c in frame.columns]
    frame.columns = pd.Index(columns)
    for column in _REQUIRED:
        if column not in columns:
            problems.append(
                problem(
                    "error",
                    "missing_column",
                    "table",
                    section="atlas",
                    file=file,
                    column=column,
                    found=tuple(columns) or tr("problems.atlas.none"),
                )
            )
    if problems:
        raise InputError(problems, source=name)
    names = [str(v).strip() if v is not None and str(v) != "nan" else "" for v in frame["name"]]
    seen: dict[str, int] = {}
    for row, value in zip(rows, names, strict=True):
        if not value:
            problems.append(
                problem(
                    "error",
                    "empty_name",
                    section="atlas",
                    file=file,
                    row=row,
                    column="name",
                    value="",
                )
            )
        elif value in seen:
            problems.append(
                problem(
                    "error",
                    "duplicate_name",
                    section="atlas",
                    first=seen[value],
                    file=file,
                    row=row,
                    column="name",
                    value=value,
                )
            )
        else:
            seen[value] = row
    status = [str(v).strip() if v is not None else "" for v in frame["status"]]
    measures = tuple(m for m in _FILE_MEASURES if m in columns)
    if "ei_index" in measures:
        measures = (*measures, "cross_group_share")
    measures = tuple(m for m in MEASURES if m in measures)
    numeric: dict[str, list[float]] = {}
    for column in (*[m for m in measures if m != "cross_group_share"], schema.POPULATION):
        if column not in columns:
            continue
        values: list[float] = []
        for row, cell, state in zip(rows, frame[column], status, strict=True):
            parsed = _cell_number(cell)
            if parsed is None:
                if state == "ok":
                    problems.append(
                        problem(
                            "error",
                            "not_a_number",
                            "table",
                            section="atlas",
                            file=file,
                            row=row,
                            column=column,
                            value=str(cell),
                        )
                    )
                parsed = math.nan
            if column == schema.POPULATION and parsed <= 0 and state == "ok":
                problems.append(
                    problem(
                        "error",
                        "not_a_number",
                        "not_positive",
                        section="atlas",
                        file=file,
                        row=row,
                        column=column,
                        value=str(cell),
                    )
                )
            values.append(parsed)
        numeric[column] = values
    if problems:
        raise InputError(problems, source=name)
    ok = [s == "ok" for s in status]
    data: dict[str, Any] = {}
    for column in _TEXT_COLUMNS:
        cells = frame[column] if column in columns else [None] * len(frame)
        data[column] = [_text_or_none(c) for c in cells]
    data[schema.POPULATION] = numeric.get(schema.POPULATION, [math.nan] * len(frame))
    for measure in measures:
        if measure == "cross_group_share":
            data[measure] = [(v + 1) / 2 for v in numeric["ei_index"]]
        else:
            data[measure] = numeric[measure]
    table = pd.DataFrame(data, index=pd.Index(names, name="name"))
    for column in _TEXT_COLUMNS:
        table[column] = table[column].astype(object)
    table = table.loc[ok].sort_index(kind="stable")
    if table.empty:
        raise InputError(
            [problem("error", "no_municipality", section="atlas", file=file)],
            source=name,
        )
    errors = frame["error"] if "error" in columns else [""] * len(frame)
    excluded = pd.DataFrame(
        [
            {"name": n, "status": s or "error", "error": _brief(e)}
            for n, s, e, good in zip(names, status, errors, ok, strict=True)
            if not good
        ],
        columns=["name", "status", "error"],
    )
    excluded = excluded.sort_values("name", kind="stable").reset_index(drop=True)
    missing = tuple(m for m in MEASURES if m not in measures)
    return Municipalities(table, excluded, measures, missing, name)


def _text_or_none(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if type(value).__name__ in ("NAType", "NaTType"):
        return None
    textual = " ".join(str(value).split())
    return textual or None


def _brief(value: Any, *, lines: int = 3) -> str:
    """The head of an error message on one line: its summary and first problems."""
    textual = _text_or_none(value) if not isinstance(value, str) else value
    parts = [line.strip(" -:") for line in str(textual or "").splitlines() if line.strip(" -:")]
    return "; ".join(parts[:lines]) + (" …" if len(parts) > lines else "")


# ----------------------------------------------------------------------------- size classes
def _class_labels(bounds: Sequence[int], unit: str, lang: Lang) -> list[str]:
    labels = [text("atlas.size.below", lang, upper=number(bounds[0], lang), unit=unit)]
    for lower, upper in itertools.pairwise(bounds):
        labels.append(
            text(
                "atlas.size.between",
                lang,
                lower=number(lower, lang),
                upper=number(upper, lang),
                unit=unit,
            )
        )
    labels.append(text("atlas.size.above", lang, lower=number(bounds[-1], lang), unit=unit))
    return labels


def size_classes(
    table: pd.DataFrame, *, lang: Lang = "de"
) -> tuple[pd.Series, SizeBasis, list[str]]:
    """Sort municipalities into size classes.

    By population (:data:`POPULATION_CLASS_BOUNDS`) when every municipality of `table` gives
    one, otherwise by the number of actors (:data:`ACTOR_CLASS_BOUNDS`) for all of them, so that
    one scale is used throughout. A class holds the values from its lower bound (included) to the
    next bound (excluded).

    Parameters
    ----------
    table
        :attr:`Municipalities.table` (columns ``population`` and ``n_actors``).
    lang
        Language of the class labels.

    Returns
    -------
    tuple
        ``(classes, basis, labels)``: the class label of every municipality (indexed like
        `table`; ``None`` where ``n_actors`` is missing), ``"population"`` or ``"n_actors"``, and
        every class label in order (smallest first).

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"population": [4_000.0, 150_000.0], "n_actors": [30.0, 120.0]})
    >>> classes, basis, labels = size_classes(t, lang="en")
    >>> basis, classes.tolist()
    ('population', ['under 5,000 inhabitants', '100,000 inhabitants and more'])
    """
    population = table.get(schema.POPULATION, pd.Series(np.nan, index=table.index))
    by_population = bool(len(table)) and bool(population.notna().all())
    basis: SizeBasis = "population" if by_population else "n_actors"
    bounds = POPULATION_CLASS_BOUNDS if by_population else ACTOR_CLASS_BOUNDS
    unit = text(f"atlas.size.unit_{basis}", lang)
    labels = _class_labels(bounds, unit, lang)
    values = population if by_population else table["n_actors"]
    positions = np.searchsorted(np.asarray(bounds, dtype=float), values.to_numpy(float), "right")
    classes = [
        None if math.isnan(v) else labels[int(i)]
        for v, i in zip(values.to_numpy(float), positions, strict=True)
    ]
    return pd.Series(classes, index=table.index, name="size_class", dtype=object), basis, labels
