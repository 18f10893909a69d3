"""What if these actors started to cooperate? The network before and after adding named ties.

The counterpart of :func:`coopnet.metrics.what_if` (which removes actors): the same measures, plus
the two objectives of the recommender that a removal does not need (cross-group reach within
distance 2 and robustness), so a tie proposed in a workshop can be checked on the spot.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from typing import Any

import networkx as nx

from coopnet.errors import GraphError, closest
from coopnet.messages import Lines, Text, tr
from coopnet.metrics import (
    component_membership,
    component_sizes,
    distance_fragmentation,
    fragmentation,
    largest_component_share,
    reachable_pair_share,
)
from coopnet.metrics._util import require_simple, symmetrise
from coopnet.recommend.objectives import cross_group_reach, robustness

__all__ = ["TieWhatIf", "what_if_ties"]


@dataclass(frozen=True, slots=True)
class TieWhatIf:
    """The network before and after adding some ties (see :func:`what_if_ties`).

    Attributes
    ----------
    added
        The added ties as ``(source, target)`` pairs, in the order given (duplicates dropped).
    fragmentation_before, fragmentation_after
        Borgatti's fragmentation :math:`F` (share of unreachable pairs).
    distance_fragmentation_before, distance_fragmentation_after
        Distance-weighted fragmentation (one minus compactness).
    components_before, components_after
        Number of components (isolates count).
    largest_component_share_before, largest_component_share_after
        Share of the actors in the largest component.
    cross_group_reachability_before, cross_group_reachability_after
        Share of cross-group pairs in the same component; NaN without a group.
    cross_group_reach_before, cross_group_reach_after
        Share of cross-group pairs at most two steps apart
        (:func:`~coopnet.recommend.cross_group_reach`); NaN without a group or with one group.
    robustness_before, robustness_after
        Fragmentation after removing the key player (:func:`~coopnet.recommend.robustness`);
        NaN with fewer than 3 actors.
    joined
        Actors (sorted) that were outside the largest component before and are in it after.
    """

    added: tuple[tuple[str, str], ...]
    fragmentation_before: float
    fragmentation_after: float
    distance_fragmentation_before: float
    distance_fragmentation_after: float
    components_before: int
    components_after: int
    largest_component_share_before: float
    largest_component_share_after: float
    cross_group_reachability_before: float
    cross_group_reachability_after: float
    cross_group_reach_before: float
    cross_group_reach_after: float
    robustness_before: float
    robustness_after: float
    joined: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        """Return the fields as a plain dict (``added`` as a list of lists, ``joined`` a list)."""
        result: dict[str, object] = {f.name: getattr(self, f.name) for f in fields(self)}
        result["added"] = [list(pair) for pair in self.added]
        result["joined"] = list(self.joined)
        return result


def _checked_ties(
    graph: nx.Graph[Any], add: Sequence[Sequence[str]]
) -> tuple[tuple[str, str], ...]:
    """Validate the ties to add; collect every problem into one :class:`GraphError`."""
    if isinstance(add, str):
        raise GraphError(tr("errors.recommend.add_string"))
    ids = [str(v) for v in graph.nodes]
    problems: list[Text] = []
    pairs: list[tuple[str, str]] = []
    for item in add:
        if isinstance(item, str) or len(item) != 2:
            problems.append(tr("errors.recommend.not_a_pair", item=repr(item)))
            continue
        source, target = str(item[0]), str(item[1])
        unknown = [a for a in (source, target) if a not in graph]
        for actor in unknown:
            match = closest(actor, ids)
            hint = (
                tr("errors.hint.did_you_mean", match=match)
                if match
                else tr("errors.hint.no_similar")
            )
            problems.append(tr("errors.recommend.unknown_actor_add", actor=actor, hint=hint))
        if unknown:
            continue
        if source == target:
            problems.append(tr("errors.recommend.add_self_tie", source=source, target=target))
        elif graph.has_edge(source, target) or graph.has_edge(target, source):
            problems.append(tr("errors.recommend.already_tied", source=source, target=target))
        elif (source, target) not in pairs and (target, source) not in pairs:
            pairs.append((source, target))
    if problems:
        raise GraphError(tr("errors.lines", lines=Lines(problems)))
    return tuple(pairs)


def _or_nan(compute: Callable[[], float]) -> float:
    """Return ``compute()``, or NaN where the measure is undefined (a :class:`GraphError`)."""
    try:
        return compute()
    except GraphError:
        return math.nan


def what_if_ties(
    graph: nx.Graph[Any],
    add: Sequence[Sequence[str]],
    *,
    group: str | None = None,
    weight: str | None = None,
    tie_weight: float = 1.0,
) -> TieWhatIf:
    """Describe the network before and after adding the named ties.

    "What if the integration office and the sports club started to cooperate?" The ties are
    added to the symmetrised network; every measure is computed before and after on all actors.

    Parameters
    ----------
    graph
        Tie network following the graph contract; it is not modified. A ``DiGraph`` is
        symmetrised first.
    add
        ``(source, target)`` pairs of actor ids; direction does not matter; duplicates are
        dropped.
    group
        Node attribute for the cross-group measures; ``None`` leaves them NaN.
    weight
        Edge attribute for :func:`~coopnet.metrics.distance_fragmentation` (``None``: unweighted).
    tie_weight
        Weight of the added ties when `weight` is given (default 1.0).

    Returns
    -------
    TieWhatIf
        Frozen dataclass with every measure before and after, the added ties and ``joined``;
        ``.to_dict()`` gives a plain dict.

    Raises
    ------
    GraphError
        If an id is unknown (the message suggests the closest existing id), a pair is a
        self-tie or already tied, `add` is a string, `group` is missing on some actor, or
        `graph` is a multigraph or has self-ties. Every problem is listed.

    Examples
    --------
    >>> g = nx.Graph([("a", "hub"), ("b", "hub"), ("c", "d")])
    >>> result = what_if_ties(g, [("b", "c")])
    >>> round(result.fragmentation_before, 4), result.fragmentation_after, result.joined
    (0.6, 0.0, ('c', 'd'))
    """
    require_simple(graph)
    pairs = _checked_ties(graph, add)
    before = symmetrise(graph, weight=weight)
    after = before.copy()
    for source, target in pairs:
        if weight is None:
            after.add_edge(source, target)
        else:
            after.add_edge(source, target, **{weight: float(tie_weight)})

    def reach(g: nx.Graph[Any]) -> float:
        return math.nan if group is None else _or_nan(lambda: cross_group_reach(g, group=group))

    def connected(g: nx.Graph[Any]) -> float:
        return math.nan if group is None else reachable_pair_share(g, group=group)

    largest_before = component_membership(before)
    largest_after = component_membership(after)
    joined = sorted(
        str(v)
        for v in after.nodes
        if largest_after.get(v, -1) == 0 and largest_before.get(v, -1) != 0
    )
    return TieWhatIf(
        added=pairs,
        fragmentation_before=fragmentation(before),
        fragmentation_after=fragmentation(after),
        distance_fragmentation_before=distance_fragmentation(before, weight=weight),
        distance_fragmentation_after=distance_fragmentation(after, weight=weight),
        components_before=len(component_sizes(before)),
        components_after=len(component_sizes(after)),
        largest_component_share_before=largest_component_share(before),
        largest_component_share_after=largest_component_share(after),
        cross_group_reachability_before=connected(before),
        cross_group_reachability_after=connected(after),
        cross_group_reach_before=reach(before),
        cross_group_reach_after=reach(after),
        robustness_before=_or_nan(lambda: robustness(before)),
        robustness_after=_or_nan(lambda: robustness(after)),
        joined=tuple(joined),
    )
