"""Tie churn between periods: which cooperation ties were kept, added or removed.

The unit of comparison is the tie (an ordered pair of actors for directed surveys, an unordered
pair for undirected ones), so "kept" means the same two actors cooperate in both periods,
whatever the intensity or the type of the cooperation.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

import networkx as nx
import pandas as pd

from coopnet.compare._ties import (
    TieKey,
    check_graphs,
    edge_types,
    edge_weight,
    node_groups,
    tie_table,
)
from coopnet.jsonio import to_jsonable
from coopnet.schema import SOURCE, TARGET

__all__ = ["TieChurn", "period_sequence_churn", "tie_churn"]

# Column names of the tables returned here (candidates for coopnet.schema).
STATUS: Final = "status"
KEPT: Final = "kept"
ADDED: Final = "added"
REMOVED: Final = "removed"
CHURN_STATUSES: Final = (KEPT, ADDED, REMOVED)
"""Values of the ``status`` column, in the order the tie table is sorted by."""
WEIGHT_BEFORE: Final = "weight_before"
WEIGHT_AFTER: Final = "weight_after"
TYPES_BEFORE: Final = "types_before"
TYPES_AFTER: Final = "types_after"
GROUP_SOURCE: Final = "group_source"
GROUP_TARGET: Final = "group_target"
CROSS_GROUP: Final = "cross_group"
PERIOD_BEFORE: Final = "period_before"
PERIOD_AFTER: Final = "period_after"


@dataclass(frozen=True)
class TieChurn:
    """Ties kept, added and removed between two periods (the result of :func:`tie_churn`).

    Attributes
    ----------
    directed
        Whether ties were compared as ordered pairs.
    kept, added, removed
        Number of ties present in both periods, only in the later one, only in the earlier one.
    jaccard
        :math:`|K| / |K \\cup A \\cup R|`, the share of all ties of either period that exist in
        both (1 = identical tie sets, 0 = no tie kept); NaN when neither period has a tie.
    actors_entered, actors_left
        Sorted ids of the actors that are nodes only in the later / only in the earlier period.
    group
        The grouping attribute used for the cross-group counts, or ``None``.
    cross_kept, cross_added, cross_removed
        The same counts for ties between actors of different groups; ``None`` without `group`.
    ties
        One row per tie of either period; see :func:`tie_churn` for the columns.
    """

    directed: bool
    kept: int
    added: int
    removed: int
    jaccard: float
    actors_entered: tuple[str, ...]
    actors_left: tuple[str, ...]
    group: str | None = None
    cross_kept: int | None = None
    cross_added: int | None = None
    cross_removed: int | None = None
    ties: pd.DataFrame = field(default_factory=pd.DataFrame, compare=False, repr=False)

    @property
    def ties_before(self) -> int:
        """Number of ties in the earlier period (``kept + removed``)."""
        return self.kept + self.removed

    @property
    def ties_after(self) -> int:
        """Number of ties in the later period (``kept + added``)."""
        return self.kept + self.added

    def to_dict(self, *, include_ties: bool = False) -> dict[str, Any]:
        """Return the result as JSON-ready built-in types (NaN becomes ``None``).

        Parameters
        ----------
        include_ties
            Also include the tie table as a list of records under ``"ties"``.

        Returns
        -------
        dict
            Keys ``directed, kept, added, removed, ties_before, ties_after, jaccard,
            actors_entered, actors_left, group, cross_kept, cross_added, cross_removed``
            (and ``ties``).
        """
        out: dict[str, Any] = {
            "directed": self.directed,
            "kept": self.kept,
            "added": self.added,
            "removed": self.removed,
            "ties_before": self.ties_before,
            "ties_after": self.ties_after,
            "jaccard": to_jsonable(self.jaccard),
            "actors_entered": list(self.actors_entered),
            "actors_left": list(self.actors_left),
            "group": self.group,
            "cross_kept": self.cross_kept,
            "cross_added": self.cross_added,
            "cross_removed": self.cross_removed,
        }
        if include_ties:
            out["ties"] = records(self.ties)
        return out


def records(table: pd.DataFrame) -> list[dict[str, Any]]:
    """Return the rows of `table` as JSON-ready dicts (NaN becomes ``None``, numpy → Python)."""
    return [to_jsonable(row) for row in table.to_dict(orient="records")]


def tie_churn(before: nx.Graph[Any], after: nx.Graph[Any], *, group: str | None = None) -> TieChurn:
    r"""Compare the ties of two periods: which were kept, added and removed.

    With :math:`E_1` the ties of `before` and :math:`E_2` those of `after`, the kept ties are
    :math:`K = E_1 \cap E_2`, the added ties :math:`A = E_2 \setminus E_1` and the removed ties
    :math:`R = E_1 \setminus E_2`. Their overlap is summarised by the Jaccard index

    .. math:: J = \frac{|E_1 \cap E_2|}{|E_1 \cup E_2|} = \frac{|K|}{|K| + |A| + |R|},

    which is 1 when the two periods have the same ties and 0 when no tie was kept.

    Parameters
    ----------
    before, after
        Tie networks of the earlier and the later period (graph contract); both directed or
        both undirected.
    group
        Node attribute to classify ties as within-group or cross-group (e.g. ``"group"`` for
        the department). Every actor of both periods needs a non-empty string value.

    Returns
    -------
    TieChurn
        Counts, Jaccard index, entered/left actors, and the table ``ties`` with one row per tie
        of either period and the columns

        * ``source``, ``target`` -- actor ids; for undirected graphs ``source < target``;
        * ``status`` -- ``"kept"``, ``"added"`` or ``"removed"``;
        * ``weight_before``, ``weight_after`` -- the ``weight`` attribute (1.0 where missing);
          NaN in the period the tie does not exist in;
        * ``types_before``, ``types_after`` -- the tie types (edge attribute ``types``) joined
          with ``";"``; ``""`` in the period the tie does not exist in;
        * with `group`: ``group_source``, ``group_target`` and ``cross_group`` (bool).

        Rows are sorted by status (kept, added, removed), then source, then target.

    Raises
    ------
    GraphError
        If the graphs differ in directedness, are multigraphs, have self-ties, or an actor lacks
        the `group` attribute.

    Notes
    -----
    * Ties are compared by their endpoints only; a change of weight or type is not a churn
      (compare ``weight_before``/``weight_after`` and the types columns for that). The weights
      are not used for the counts.
    * Actors are matched by id. An actor who exists in only one period (e.g. an office founded
      in 2016) makes all its ties added or removed; such actors are listed in
      ``actors_entered``/``actors_left``. Isolates count as actors of their period.
    * Direction: in directed graphs ``a -> b`` and ``b -> a`` are different ties, so a tie that
      changes direction counts as one removed and one added tie.
    * Groups: for kept and added ties the groups are read from `after`, for removed ties from
      `before` (the period in which the tie exists), so a re-organised department classifies a
      kept tie by the later structure.
    * Two empty periods give ``jaccard`` NaN and zero counts.

    References
    ----------
    .. [1] Jaccard, P. (1912). The distribution of the flora in the alpine zone. *New
       Phytologist* 11(2), 37–50. https://doi.org/10.1111/j.1469-8137.1912.tb05611.x

    Examples
    --------
    >>> import networkx as nx
    >>> g14 = nx.Graph([("a", "b"), ("b", "c")])
    >>> g16 = nx.Graph([("a", "b"), ("c", "d")])
    >>> churn = tie_churn(g14, g16)
    >>> churn.kept, churn.added, churn.removed, round(churn.jaccard, 3)
    (1, 1, 1, 0.333)
    >>> churn.actors_entered
    ('d',)
    """
    directed = check_graphs({"before": before, "after": after})
    ties_1 = tie_table(before, directed)
    ties_2 = tie_table(after, directed)
    groups_1 = node_groups(before, group, period="before") if group is not None else {}
    groups_2 = node_groups(after, group, period="after") if group is not None else {}

    status_of: dict[TieKey, str] = {}
    for key in ties_1:
        status_of[key] = KEPT if key in ties_2 else REMOVED
    for key in ties_2:
        if key not in ties_1:
            status_of[key] = ADDED
    rank = {status: i for i, status in enumerate(CHURN_STATUSES)}
    keys = sorted(status_of, key=lambda k: (rank[status_of[k]], k))

    columns: dict[str, list[Any]] = {
        SOURCE: [k[0] for k in keys],
        TARGET: [k[1] for k in keys],
        STATUS: [status_of[k] for k in keys],
        WEIGHT_BEFORE: [edge_weight(ties_1[k]) if k in ties_1 else math.nan for k in keys],
        WEIGHT_AFTER: [edge_weight(ties_2[k]) if k in ties_2 else math.nan for k in keys],
        TYPES_BEFORE: [edge_types(ties_1[k]) if k in ties_1 else "" for k in keys],
        TYPES_AFTER: [edge_types(ties_2[k]) if k in ties_2 else "" for k in keys],
    }
    dtypes: dict[str, Any] = {
        SOURCE: str,
        TARGET: str,
        STATUS: str,
        WEIGHT_BEFORE: float,
        WEIGHT_AFTER: float,
        TYPES_BEFORE: str,
        TYPES_AFTER: str,
    }
    cross_counts: dict[str, int | None] = {KEPT: None, ADDED: None, REMOVED: None}
    if group is not None:
        source_groups: list[str] = []
        target_groups: list[str] = []
        for key in keys:
            lookup = groups_1 if status_of[key] == REMOVED else groups_2
            source_groups.append(lookup[key[0]])
            target_groups.append(lookup[key[1]])
        cross = [a != b for a, b in zip(source_groups, target_groups, strict=True)]
        columns[GROUP_SOURCE] = source_groups
        columns[GROUP_TARGET] = target_groups
        columns[CROSS_GROUP] = cross
        dtypes.update({GROUP_SOURCE: str, GROUP_TARGET: str, CROSS_GROUP: bool})
        cross_counts = {
            status: sum(1 for k, c in zip(keys, cross, strict=True) if c and status_of[k] == status)
            for status in CHURN_STATUSES
        }
    table = pd.DataFrame(columns).astype(dtypes)

    counts = {status: 0 for status in CHURN_STATUSES}
    for status in status_of.values():
        counts[status] += 1
    total = len(status_of)
    nodes_1, nodes_2 = set(before.nodes), set(after.nodes)
    return TieChurn(
        directed=directed,
        kept=counts[KEPT],
        added=counts[ADDED],
        removed=counts[REMOVED],
        jaccard=counts[KEPT] / total if total else math.nan,
        actors_entered=tuple(sorted(nodes_2 - nodes_1)),
        actors_left=tuple(sorted(nodes_1 - nodes_2)),
        group=group,
        cross_kept=cross_counts[KEPT],
        cross_added=cross_counts[ADDED],
        cross_removed=cross_counts[REMOVED],
        ties=table,
    )


def period_sequence_churn(
    graphs: Mapping[str, nx.Graph[Any]], *, group: str | None = None
) -> pd.DataFrame:
    """Tie churn between each pair of consecutive periods.

    Parameters
    ----------
    graphs
        Period graphs in chronological order (the mapping's iteration order), e.g.
        ``{"2014": g14, "2016": g16, "2022": g22}``; all directed or all undirected.
    group
        Node attribute for the cross-group counts (see :func:`tie_churn`).

    Returns
    -------
    pandas.DataFrame
        One row per consecutive pair (``len(graphs) - 1`` rows, none for fewer than two
        periods) with the columns ``period_before``, ``period_after``, ``kept``, ``added``,
        ``removed``, ``jaccard`` (NaN when neither period has a tie), ``actors_entered``,
        ``actors_left`` (counts) and, with `group`, ``cross_kept``, ``cross_added``,
        ``cross_removed``.

    Raises
    ------
    GraphError
        As :func:`tie_churn`; directedness is checked across all periods first.

    Notes
    -----
    Each row is :func:`tie_churn` of the two periods; see there for the definitions.

    Examples
    --------
    >>> import networkx as nx
    >>> graphs = {
    ...     "2014": nx.Graph([("a", "b")]),
    ...     "2016": nx.Graph([("a", "b"), ("b", "c")]),
    ...     "2022": nx.Graph([("b", "c")]),
    ... }
    >>> period_sequence_churn(graphs)[["period_before", "period_after", "kept", "jaccard"]]
      period_before period_after  kept  jaccard
    0          2014         2016     1      0.5
    1          2016         2022     1      0.5
    """
    check_graphs(graphs)
    names = list(graphs)
    columns = [
        PERIOD_BEFORE,
        PERIOD_AFTER,
        KEPT,
        ADDED,
        REMOVED,
        "jaccard",
        "actors_entered",
        "actors_left",
    ]
    if group is not None:
        columns += ["cross_kept", "cross_added", "cross_removed"]
    rows: list[dict[str, Any]] = []
    for name_1, name_2 in itertools.pairwise(names):
        churn = tie_churn(graphs[name_1], graphs[name_2], group=group)
        row: dict[str, Any] = {
            PERIOD_BEFORE: name_1,
            PERIOD_AFTER: name_2,
            KEPT: churn.kept,
            ADDED: churn.added,
            REMOVED: churn.removed,
            "jaccard": churn.jaccard,
            "actors_entered": len(churn.actors_entered),
            "actors_left": len(churn.actors_left),
        }
        if group is not None:
            row.update(
                cross_kept=churn.cross_kept,
                cross_added=churn.cross_added,
                cross_removed=churn.cross_removed,
            )
        rows.append(row)
    table = pd.DataFrame(rows, columns=columns)
    counts = [c for c in columns if c not in (PERIOD_BEFORE, PERIOD_AFTER, "jaccard")]
    return table.astype({**dict.fromkeys(counts, "int64"), "jaccard": "float64"})
