"""Changes of already computed measures between two periods: per actor and per group pair.

These functions take the tables the metric functions return (actor tables indexed by actor id,
group × group matrices) and never compute a measure themselves.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import numpy as np
import pandas as pd

from coopnet.compare._ties import listing
from coopnet.errors import GraphError
from coopnet.messages import tr
from coopnet.schema import ID

__all__ = ["actor_deltas", "group_pair_changes", "matrix_delta", "top_changes"]

# Column names and values of the tables returned here (candidates for coopnet.schema).
STATUS: Final = "status"
BOTH: Final = "both"
ENTERED: Final = "entered"
LEFT: Final = "left"
LOST: Final = "lost"
GAINED: Final = "gained"
GROUP_A: Final = "group_a"
GROUP_B: Final = "group_b"
TIES_BEFORE: Final = "ties_before"
TIES_AFTER: Final = "ties_after"
BEFORE_SUFFIX: Final = "_before"
AFTER_SUFFIX: Final = "_after"
DELTA_SUFFIX: Final = "_delta"


def _numeric(frame: pd.DataFrame, *, name: str) -> pd.DataFrame:
    """Return `frame` as float64, raising a clear error for non-numeric columns."""
    try:
        return frame.astype("float64")
    except (TypeError, ValueError) as exc:
        raise GraphError(tr("errors.compare.not_numeric", name=name, detail=str(exc))) from exc


def _check_unique(index: pd.Index, *, name: str) -> None:
    """Raise if `index` has duplicate labels."""
    duplicated = index[index.duplicated()].unique().tolist()
    if duplicated:
        raise GraphError(
            tr(
                "errors.compare.duplicate_labels",
                name=name,
                labels=listing(sorted(map(str, duplicated))),
            )
        )


def actor_deltas(
    before: pd.DataFrame, after: pd.DataFrame, *, columns: Sequence[str]
) -> pd.DataFrame:
    r"""Change of actor-level measures between two periods.

    For every measure :math:`m` in `columns` and every actor :math:`v`,
    :math:`\Delta m(v) = m_{\text{after}}(v) - m_{\text{before}}(v)`.

    Parameters
    ----------
    before, after
        Actor tables of the two periods, indexed by actor id (as the metric functions return
        them, e.g. ``actor_centrality(graph_2016)``).
    columns
        The measures to compare; each must be a numeric column of both tables.

    Returns
    -------
    pandas.DataFrame
        Indexed by actor id (index name ``id``), the union of both indexes sorted. For each
        measure ``m`` in the given order the columns ``m_before``, ``m_after``, ``m_delta``;
        last the column ``status``: ``"both"`` (actor in both tables), ``"entered"`` (only in
        `after`) or ``"left"`` (only in `before`).

    Raises
    ------
    GraphError
        If a column is missing from a table or is not numeric, or an index has duplicates.

    Notes
    -----
    * Entered actors have NaN in ``m_before``, left actors NaN in ``m_after``, and both have a
      NaN delta: an actor who did not exist has no value, not a value of 0. (Fill with 0
      yourself if that is what your question means, e.g. for degree.)
    * A NaN measure of an actor present in both tables (e.g. an undefined constraint of an
      isolate) gives a NaN delta too; ``status`` still says ``"both"``.
    * Measures are compared on the scale they were computed on; normalised measures of
      networks of different size are comparable, raw counts may not be.

    Examples
    --------
    >>> import pandas as pd
    >>> b = pd.DataFrame({"degree": [2, 1]}, index=pd.Index(["a", "b"], name="id"))
    >>> a = pd.DataFrame({"degree": [3, 1]}, index=pd.Index(["a", "c"], name="id"))
    >>> actor_deltas(b, a, columns=["degree"])  # doctest: +NORMALIZE_WHITESPACE
        degree_before  degree_after  degree_delta   status
    id
    a             2.0           3.0           1.0     both
    b             1.0           NaN           NaN     left
    c             NaN           1.0           NaN  entered
    """
    columns = list(columns)
    for name, table in (("before", before), ("after", after)):
        missing = [c for c in columns if c not in table.columns]
        if missing:
            raise GraphError(
                tr(
                    "errors.compare.missing_columns",
                    name=name,
                    missing=listing(missing),
                    available=listing(map(str, table.columns)),
                )
            )
        _check_unique(table.index, name=f"the {name} table index")
    union = sorted(set(before.index) | set(after.index))
    index = pd.Index(union, name=ID)
    values_1 = _numeric(before[columns], name="before table").reindex(index)
    values_2 = _numeric(after[columns], name="after table").reindex(index)
    out = pd.DataFrame(index=index)
    for column in columns:
        out[column + BEFORE_SUFFIX] = values_1[column]
        out[column + AFTER_SUFFIX] = values_2[column]
        out[column + DELTA_SUFFIX] = values_2[column] - values_1[column]
    in_1 = index.isin(before.index)
    in_2 = index.isin(after.index)
    out[STATUS] = np.where(in_1 & in_2, BOTH, np.where(in_2, ENTERED, LEFT))
    out[STATUS] = out[STATUS].astype(str)
    return out


def top_changes(
    deltas: pd.DataFrame, *, column: str, n: int = 5
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The actors whose measure rose most and fell most between two periods.

    Parameters
    ----------
    deltas
        The table of :func:`actor_deltas`.
    column
        The measure, as its name (``"betweenness"``) or its delta column
        (``"betweenness_delta"``).
    n
        How many actors to return at most in each table (``n >= 0``).

    Returns
    -------
    tuple of pandas.DataFrame
        ``(risers, fallers)``: rows of `deltas` (all its columns). Risers have a delta > 0,
        sorted by delta descending; fallers a delta < 0, sorted by delta ascending; ties in the
        delta are ordered by actor id. Each has at most `n` rows and may be empty.

    Raises
    ------
    GraphError
        If the delta column or the ``status`` column is missing.
    ValueError
        If `n` is negative.

    Notes
    -----
    Only actors with ``status == "both"`` and a non-NaN delta are ranked; entered and left
    actors have no delta (see :func:`actor_deltas`). Actors without change are neither risers
    nor fallers.

    Examples
    --------
    >>> import pandas as pd
    >>> b = pd.DataFrame({"degree": [2, 1, 4]}, index=pd.Index(["a", "b", "c"], name="id"))
    >>> a = pd.DataFrame({"degree": [3, 1, 1]}, index=pd.Index(["a", "b", "c"], name="id"))
    >>> risers, fallers = top_changes(actor_deltas(b, a, columns=["degree"]), column="degree")
    >>> list(risers.index), list(fallers.index)
    (['a'], ['c'])
    """
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}")
    delta = column + DELTA_SUFFIX
    if delta not in deltas.columns and column.endswith(DELTA_SUFFIX):
        delta = column
    for needed in (delta, STATUS):
        if needed not in deltas.columns:
            raise GraphError(
                tr(
                    "errors.compare.no_delta_column",
                    column=needed,
                    columns=listing(map(str, deltas.columns)),
                )
            )
    present = deltas[(deltas[STATUS] == BOTH) & deltas[delta].notna()]
    ids = pd.Series(present.index.astype(str), index=present.index)
    frame = pd.DataFrame({"_delta": present[delta], "_id": ids})
    risers = frame[frame["_delta"] > 0].sort_values(
        ["_delta", "_id"], ascending=[False, True], kind="mergesort"
    )
    fallers = frame[frame["_delta"] < 0].sort_values(
        ["_delta", "_id"], ascending=[True, True], kind="mergesort"
    )
    return deltas.loc[risers.index[:n]], deltas.loc[fallers.index[:n]]


def matrix_delta(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    r"""Change of a group × group matrix (e.g. block densities) between two periods.

    :math:`\Delta_{ab} = M^{\text{after}}_{ab} - M^{\text{before}}_{ab}` for every pair of
    groups :math:`a` (row) and :math:`b` (column).

    Parameters
    ----------
    before, after
        Group × group matrices of the two periods (rows and columns labelled by group), as
        returned by the group measures (block density or mixing matrices).

    Returns
    -------
    pandas.DataFrame
        Rows: the union of the row labels of both matrices, sorted; columns: the union of the
        column labels, sorted; values ``after - before`` as float. Index and column names are
        taken from `before` (from `after` where `before` has none).

    Raises
    ------
    GraphError
        If a matrix has duplicate labels or non-numeric values.

    Notes
    -----
    A group that exists in only one period (a new or dissolved department) has NaN in its
    rows and columns: its density in the other period is undefined, not 0. A NaN cell in
    either input (e.g. the within-group density of a one-actor group) gives NaN too.

    Examples
    --------
    >>> import pandas as pd
    >>> b = pd.DataFrame([[1.0, 0.2], [0.2, 0.5]], index=["A", "B"], columns=["A", "B"])
    >>> a = pd.DataFrame([[1.0, 0.4], [0.4, 0.5]], index=["A", "B"], columns=["A", "B"])
    >>> matrix_delta(b, a)
         A    B
    A  0.0  0.2
    B  0.2  0.0
    """
    for name, table in (("before", before), ("after", after)):
        _check_unique(table.index, name=f"the {name} matrix rows")
        _check_unique(table.columns, name=f"the {name} matrix columns")
    rows = pd.Index(sorted(set(before.index) | set(after.index)))
    cols = pd.Index(sorted(set(before.columns) | set(after.columns)))
    rows.name = before.index.name if before.index.name is not None else after.index.name
    cols.name = before.columns.name if before.columns.name is not None else after.columns.name
    values_1 = _numeric(before, name="before matrix").reindex(index=rows, columns=cols)
    values_2 = _numeric(after, name="after matrix").reindex(index=rows, columns=cols)
    return values_2 - values_1


def group_pair_changes(
    before_mixing: pd.DataFrame, after_mixing: pd.DataFrame, *, directed: bool = False
) -> pd.DataFrame:
    """Pairs of groups that lost all their ties, or gained ties where there were none.

    Parameters
    ----------
    before_mixing, after_mixing
        Group × group mixing matrices (number or total weight of ties between the groups of
        the row and the column) of the two periods.
    directed
        Compare ordered pairs (row group sends to column group). By default a pair of groups
        ``{a, b}`` has ties when either cell ``(a, b)`` or ``(b, a)`` is positive, and its tie
        total is the larger of the two cells, so symmetric and upper-triangular undirected
        mixing matrices give the same result.

    Returns
    -------
    pandas.DataFrame
        Columns ``group_a``, ``group_b``, ``status``, ``ties_before``, ``ties_after``; one row
        per pair whose status is ``"lost"`` (ties before, none after) or ``"gained"`` (none
        before, ties after), with the tie totals of the pair. Within-group pairs (``a == b``)
        are included. Undirected pairs are reported once with ``group_a <= group_b``. Sorted by
        status (lost, then gained), then ``group_a``, ``group_b``; default integer index.

    Raises
    ------
    GraphError
        If a matrix has duplicate labels or non-numeric values.

    Notes
    -----
    A group absent from one matrix (a dissolved or new department) counts as having no ties in
    that period, so the pairs of a dissolved department are "lost"; NaN cells count as 0.
    Pairs whose ties merely decreased or increased are not listed; see :func:`matrix_delta`.

    Examples
    --------
    >>> import pandas as pd
    >>> b = pd.DataFrame([[2, 1], [1, 3]], index=["A", "B"], columns=["A", "B"])
    >>> a = pd.DataFrame([[2, 0], [0, 3]], index=["A", "B"], columns=["A", "B"])
    >>> group_pair_changes(b, a)
      group_a group_b status  ties_before  ties_after
    0       A       B   lost          1.0         0.0
    """
    for name, table in (("before", before_mixing), ("after", after_mixing)):
        _check_unique(table.index, name=f"the {name} mixing matrix rows")
        _check_unique(table.columns, name=f"the {name} mixing matrix columns")
    labels = sorted(
        set(before_mixing.index)
        | set(before_mixing.columns)
        | set(after_mixing.index)
        | set(after_mixing.columns)
    )
    values = []
    for name, table in (("before", before_mixing), ("after", after_mixing)):
        square = _numeric(table, name=f"{name} mixing matrix").reindex(index=labels, columns=labels)
        matrix = square.fillna(0.0).to_numpy()
        if not directed:
            matrix = np.triu(np.maximum(matrix, matrix.T))
        values.append(matrix)
    ties_1, ties_2 = values
    rows: list[tuple[int, str, str, str, float, float]] = []
    for i, group_a in enumerate(labels):
        for j, group_b in enumerate(labels):
            if not directed and j < i:
                continue
            t1, t2 = float(ties_1[i, j]), float(ties_2[i, j])
            if t1 > 0 and t2 <= 0:
                rows.append((0, group_a, group_b, LOST, t1, t2))
            elif t1 <= 0 and t2 > 0:
                rows.append((1, group_a, group_b, GAINED, t1, t2))
    rows.sort(key=lambda r: (r[0], r[1], r[2]))
    table = pd.DataFrame(
        [r[1:] for r in rows], columns=[GROUP_A, GROUP_B, STATUS, TIES_BEFORE, TIES_AFTER]
    )
    return table.astype(
        {GROUP_A: str, GROUP_B: str, STATUS: str, TIES_BEFORE: float, TIES_AFTER: float}
    )
