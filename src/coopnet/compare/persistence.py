"""Persistence of ties formed in a middle period (e.g. during the 2015/16 refugee crisis).

The question behind it: did the cooperation built in an exceptional period last into a later
period, or did the actors fall back into their silos?
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Final

import networkx as nx
import pandas as pd

from coopnet.compare._ties import (
    TieKey,
    check_graphs,
    edge_weight,
    listing,
    node_groups,
    tie_table,
)
from coopnet.compare.churn import CROSS_GROUP, GROUP_SOURCE, GROUP_TARGET, STATUS, records
from coopnet.errors import GraphError
from coopnet.jsonio import to_jsonable
from coopnet.messages import tr
from coopnet.schema import SOURCE, TARGET

__all__ = ["Persistence", "persistence"]

SUSTAINED: Final = "sustained"
TEMPORARY: Final = "temporary"
LOST_WITH_ACTOR: Final = "lost_with_actor"
PERSISTENCE_STATUSES: Final = (SUSTAINED, TEMPORARY, LOST_WITH_ACTOR)
"""Values of the ``status`` column, in the order the tie table is sorted by."""
WEIGHT_MIDDLE: Final = "weight_middle"
WEIGHT_LAST: Final = "weight_last"


def _share(part: int, whole: int) -> float:
    """Return ``part / whole``, NaN when `whole` is 0."""
    return part / whole if whole else math.nan


@dataclass(frozen=True)
class Persistence:
    """Fate of the ties that are new in the middle of three periods (see :func:`persistence`).

    Attributes
    ----------
    directed
        Whether ties were compared as ordered pairs.
    ties_first, ties_middle, ties_last
        Number of ties in each period.
    new
        Ties of the middle period that did not exist in the first.
    sustained, temporary, lost_with_actor
        Of the new ties: still present in the last period; absent from the last period although
        both actors still exist; absent because at least one actor no longer exists.
        ``sustained + temporary + lost_with_actor == new``.
    share_sustained, share_temporary, share_lost_with_actor
        The three counts divided by ``new`` (NaN when ``new == 0``); they sum to 1.
    retention
        ``sustained / (sustained + temporary)``: the share of new ties kept among those whose
        actors both still exist (NaN when that is 0).
    stable
        Ties present in all three periods.
    group
        Grouping attribute of the cross-group counts, or ``None``.
    cross_new, cross_sustained, cross_temporary, cross_lost_with_actor
        The counts for new ties between actors of different groups; ``None`` without `group`.
    cross_share_sustained, cross_share_temporary, cross_share_lost_with_actor, cross_retention
        The shares for the cross-group new ties; ``None`` without `group`.
    brokers_kept, brokers_lost, brokers_disappeared
        Sorted ids of the middle-period brokers that are brokers again in the last period, are
        actors of the last period but no broker, and are not actors of the last period.
    brokers_new
        Sorted ids of last-period brokers that were no broker in the middle period.
    ties
        One row per new tie of the middle period: ``source``, ``target``, ``status``
        (``sustained``, ``temporary``, ``lost_with_actor``), ``weight_middle``, ``weight_last``
        (NaN unless sustained) and, with `group`, ``group_source``, ``group_target``,
        ``cross_group``; sorted by status in that order, then source, then target.
    """

    directed: bool
    ties_first: int
    ties_middle: int
    ties_last: int
    new: int
    sustained: int
    temporary: int
    lost_with_actor: int
    share_sustained: float
    share_temporary: float
    share_lost_with_actor: float
    retention: float
    stable: int
    group: str | None = None
    cross_new: int | None = None
    cross_sustained: int | None = None
    cross_temporary: int | None = None
    cross_lost_with_actor: int | None = None
    cross_share_sustained: float | None = None
    cross_share_temporary: float | None = None
    cross_share_lost_with_actor: float | None = None
    cross_retention: float | None = None
    brokers_kept: tuple[str, ...] = ()
    brokers_lost: tuple[str, ...] = ()
    brokers_disappeared: tuple[str, ...] = ()
    brokers_new: tuple[str, ...] = ()
    ties: pd.DataFrame = field(default_factory=pd.DataFrame, compare=False, repr=False)

    def to_dict(self, *, include_ties: bool = False) -> dict[str, Any]:
        """Return the result as JSON-ready built-in types (NaN becomes ``None``).

        Parameters
        ----------
        include_ties
            Also include the tie table as a list of records under ``"ties"``.

        Returns
        -------
        dict
            One key per attribute except ``ties`` (included only when asked).
        """
        out = {
            name: to_jsonable(getattr(self, name))
            for name in self.__dataclass_fields__
            if name != "ties"
        }
        if include_ties:
            out["ties"] = records(self.ties)
        return out


def persistence(
    first: nx.Graph[Any],
    middle: nx.Graph[Any],
    last: nx.Graph[Any],
    *,
    group: str | None = None,
    brokers_middle: Sequence[str] = (),
    brokers_last: Sequence[str] = (),
) -> Persistence:
    r"""Did the ties formed in the middle period last into the last period?

    With :math:`E_1, E_2, E_3` the ties of `first`, `middle` and `last` and :math:`V_3` the
    actors of `last`, the new ties of the middle period are :math:`N = E_2 \setminus E_1` and
    split into

    * sustained :math:`S = N \cap E_3`,
    * lost with an actor :math:`L = \{(u, v) \in N \setminus E_3 : u \notin V_3 \lor
      v \notin V_3\}` (an office dissolved or merged away),
    * temporary :math:`T = N \setminus (E_3 \cup L)` (both actors still exist, but the tie
      is gone: the cooperation "fell back into silos").

    The shares are :math:`|S|/|N|`, :math:`|T|/|N|`, :math:`|L|/|N|`, and the retention among
    surviving actors is :math:`|S| / (|S| + |T|)`. Stable ties are :math:`E_1 \cap E_2 \cap E_3`.

    Parameters
    ----------
    first, middle, last
        Tie networks of three periods in chronological order (e.g. 2014, 2016, 2022); all
        directed or all undirected.
    group
        Node attribute (e.g. ``"group"`` for the department) for the cross-group counts.
    brokers_middle, brokers_last
        Actor ids with a broker role in the middle and the last period (e.g. from the
        brokerage measures); every id must be an actor of that period.

    Returns
    -------
    Persistence
        Counts, shares, broker fates and the table of new ties; see :class:`Persistence`.

    Raises
    ------
    GraphError
        If the graphs differ in directedness, are multigraphs or have self-ties, an actor lacks
        the `group` attribute, or a broker id is not an actor of its period.

    Notes
    -----
    * Ties are compared by their endpoints (ordered pairs when directed, so a tie that only
      changes direction is a new tie); weights and types are not used for the counts.
    * A tie counts as new also when one of its actors did not exist in `first`.
    * Cross-group status is taken from the groups in `middle`, the period the tie was formed
      in.
    * Empty periods are allowed: with no new ties the shares are NaN and the counts 0.

    Examples
    --------
    >>> import networkx as nx
    >>> g14 = nx.Graph([("a", "b")])
    >>> g16 = nx.Graph([("a", "b"), ("a", "c"), ("b", "c"), ("c", "d")])
    >>> g22 = nx.Graph([("a", "b"), ("a", "c"), ("b", "e")])
    >>> p = persistence(g14, g16, g22)
    >>> p.new, p.sustained, p.temporary, p.lost_with_actor, p.stable
    (3, 1, 1, 1, 1)
    """
    directed = check_graphs({"first": first, "middle": middle, "last": last})
    for name, graph, brokers in (
        ("middle", middle, brokers_middle),
        ("last", last, brokers_last),
    ):
        if isinstance(brokers, str):
            raise GraphError(tr("errors.compare.brokers_string", name=name))
        unknown = sorted({b for b in brokers if b not in graph})
        if unknown:
            raise GraphError(tr("errors.compare.brokers_unknown", name=name, ids=listing(unknown)))
    ties_1 = tie_table(first, directed)
    ties_2 = tie_table(middle, directed)
    ties_3 = tie_table(last, directed)
    groups = node_groups(middle, group, period="middle") if group is not None else {}

    status_of: dict[TieKey, str] = {}
    for key in ties_2:
        if key in ties_1:
            continue
        if key in ties_3:
            status_of[key] = SUSTAINED
        elif key[0] not in last or key[1] not in last:
            status_of[key] = LOST_WITH_ACTOR
        else:
            status_of[key] = TEMPORARY
    rank = {status: i for i, status in enumerate(PERSISTENCE_STATUSES)}
    keys = sorted(status_of, key=lambda k: (rank[status_of[k]], k))

    columns: dict[str, list[Any]] = {
        SOURCE: [k[0] for k in keys],
        TARGET: [k[1] for k in keys],
        STATUS: [status_of[k] for k in keys],
        WEIGHT_MIDDLE: [edge_weight(ties_2[k]) for k in keys],
        WEIGHT_LAST: [edge_weight(ties_3[k]) if k in ties_3 else math.nan for k in keys],
    }
    dtypes: dict[str, Any] = {
        SOURCE: str,
        TARGET: str,
        STATUS: str,
        WEIGHT_MIDDLE: float,
        WEIGHT_LAST: float,
    }
    counts = {s: sum(1 for k in keys if status_of[k] == s) for s in PERSISTENCE_STATUSES}
    new = len(keys)
    cross: dict[str, Any] = {}
    if group is not None:
        is_cross = [groups[k[0]] != groups[k[1]] for k in keys]
        columns[GROUP_SOURCE] = [groups[k[0]] for k in keys]
        columns[GROUP_TARGET] = [groups[k[1]] for k in keys]
        columns[CROSS_GROUP] = is_cross
        dtypes.update({GROUP_SOURCE: str, GROUP_TARGET: str, CROSS_GROUP: bool})
        cross_counts = {
            s: sum(1 for k, c in zip(keys, is_cross, strict=True) if c and status_of[k] == s)
            for s in PERSISTENCE_STATUSES
        }
        cross_new = sum(is_cross)
        cross = {
            "cross_new": cross_new,
            "cross_sustained": cross_counts[SUSTAINED],
            "cross_temporary": cross_counts[TEMPORARY],
            "cross_lost_with_actor": cross_counts[LOST_WITH_ACTOR],
            "cross_share_sustained": _share(cross_counts[SUSTAINED], cross_new),
            "cross_share_temporary": _share(cross_counts[TEMPORARY], cross_new),
            "cross_share_lost_with_actor": _share(cross_counts[LOST_WITH_ACTOR], cross_new),
            "cross_retention": _share(
                cross_counts[SUSTAINED], cross_counts[SUSTAINED] + cross_counts[TEMPORARY]
            ),
        }
    table = pd.DataFrame(columns).astype(dtypes)

    middle_set, last_set = set(brokers_middle), set(brokers_last)
    return Persistence(
        directed=directed,
        ties_first=len(ties_1),
        ties_middle=len(ties_2),
        ties_last=len(ties_3),
        new=new,
        sustained=counts[SUSTAINED],
        temporary=counts[TEMPORARY],
        lost_with_actor=counts[LOST_WITH_ACTOR],
        share_sustained=_share(counts[SUSTAINED], new),
        share_temporary=_share(counts[TEMPORARY], new),
        share_lost_with_actor=_share(counts[LOST_WITH_ACTOR], new),
        retention=_share(counts[SUSTAINED], counts[SUSTAINED] + counts[TEMPORARY]),
        stable=sum(1 for key in ties_2 if key in ties_1 and key in ties_3),
        group=group,
        **cross,
        brokers_kept=tuple(sorted(b for b in middle_set if b in last_set)),
        brokers_lost=tuple(sorted(b for b in middle_set if b in last and b not in last_set)),
        brokers_disappeared=tuple(sorted(b for b in middle_set if b not in last)),
        brokers_new=tuple(sorted(last_set - middle_set)),
        ties=table,
    )
