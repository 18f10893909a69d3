"""What if: the network before and after removing actors that the user names.

"What if the integration office closed?" -- :func:`what_if` removes the actors and reports
fragmentation, distance-weighted fragmentation, components, the main component and the
cross-group reachability before and after (also re-exported by :mod:`coopnet.metrics.keyplayers`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any

import networkx as nx
import numpy as np
import numpy.typing as npt

from coopnet.errors import GraphError, closest
from coopnet.messages import tr
from coopnet.metrics._engine import weak_components
from coopnet.metrics._util import require_simple
from coopnet.metrics.arrays import GraphArrays, graph_arrays
from coopnet.metrics.fragmentation import (
    distance_fragmentation_of,
    fragmentation_of,
    group_codes,
    reachable_share_of,
)

__all__ = ["WhatIf", "what_if"]


@dataclass(frozen=True, slots=True)
class WhatIf:
    """The network before and after removing some actors (see :func:`what_if`).

    Attributes
    ----------
    removed
        The removed actor ids, in the order given (duplicates dropped).
    fragmentation_before, fragmentation_after
        Borgatti's fragmentation :math:`F` (share of unreachable pairs).
    distance_fragmentation_before, distance_fragmentation_after
        Distance-weighted fragmentation (one minus compactness).
    components_before, components_after
        Number of weak components (isolates count).
    largest_component_share_before, largest_component_share_after
        Share of the actors present that are in the largest weak component.
    cross_group_reachability_before, cross_group_reachability_after
        Share of cross-group actor pairs that are connected; NaN without a group.
    cut_off
        Actors (sorted) that were in the main component before and, still present, are no
        longer in the main component after. The main component is the largest weak component
        when it has at least two actors; a network of isolates has none, so when the removal
        leaves only isolates every remaining former member is cut off.
    """

    removed: tuple[str, ...]
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
    cut_off: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        """Return the fields as a plain dict (``removed`` and ``cut_off`` as lists)."""
        result: dict[str, object] = {f.name: getattr(self, f.name) for f in fields(self)}
        result["removed"] = list(self.removed)
        result["cut_off"] = list(self.cut_off)
        return result


@dataclass(frozen=True, slots=True)
class _State:
    """The measures :func:`what_if` reports for one network (before or after the removal)."""

    fragmentation: float
    distance_fragmentation: float
    components: int
    largest_component_share: float
    cross_group_reachability: float
    in_main: npt.NDArray[np.bool_]

    @classmethod
    def of(cls, arrays: GraphArrays, codes: npt.NDArray[np.int64] | None) -> _State:
        """Compute the measures from an array form and optional group codes."""
        parts = weak_components(arrays)
        has_main = bool(parts.count) and int(parts.sizes[0]) >= 2
        return cls(
            fragmentation=fragmentation_of(arrays),
            distance_fragmentation=distance_fragmentation_of(
                arrays, weighted=arrays.weight is not None
            ),
            components=parts.count,
            largest_component_share=(
                float(parts.sizes[0] / arrays.n) if arrays.n else float("nan")
            ),
            cross_group_reachability=(
                float("nan") if codes is None else reachable_share_of(parts, codes)
            ),
            in_main=(parts.labels == 0) if has_main else np.zeros(arrays.n, dtype=bool),
        )


def _unknown_actor_error(graph: nx.Graph[Any], unknown: Sequence[object]) -> GraphError:
    """Return a :class:`GraphError` naming each unknown id and the closest existing id."""
    ids = [str(v) for v in graph.nodes]
    lines = []
    for actor in unknown:
        match = closest(str(actor), ids)
        hint = f"; did you mean {match!r}?" if match else "; no actor has a similar id"
        lines.append(f"unknown actor {actor!r}{hint}")
    return GraphError("\n".join(lines))


def what_if(
    graph: nx.Graph[Any],
    remove: Sequence[str],
    *,
    group: str | None = None,
    weight: str | None = None,
) -> WhatIf:
    """Describe the network before and after removing the named actors.

    "What if the integration office stopped cooperating?" The actors and all their ties are
    removed; every measure is then computed on the remaining actors (so :math:`n` shrinks).

    Parameters
    ----------
    graph
        Tie network following the graph contract; it is not modified.
    remove
        Actor ids to remove (a list or tuple; a bare string is rejected to avoid removing its
        characters). Duplicates are ignored.
    group
        Node attribute for ``cross_group_reachability_*``
        (:func:`~coopnet.metrics.fragmentation.reachable_pair_share` with `group`); ``None``
        (default) leaves both NaN.
    weight
        Edge attribute passed to
        :func:`~coopnet.metrics.fragmentation.distance_fragmentation` (``None``: unweighted).

    Returns
    -------
    WhatIf
        Frozen dataclass with ``removed``, ``fragmentation_before/after``,
        ``distance_fragmentation_before/after``, ``components_before/after``,
        ``largest_component_share_before/after``, ``cross_group_reachability_before/after`` and
        ``cut_off``; ``.to_dict()`` gives a plain dict.

    Raises
    ------
    GraphError
        If an id is not an actor of `graph` (the message suggests the closest existing id), if
        `remove` is a string, if `group` is missing on some actor, or if `graph` is a multigraph
        or has self-ties.

    Notes
    -----
    The main component is component 0 of
    :func:`~coopnet.metrics.fragmentation.component_membership` (ties in size go to the component
    with the smallest actor id), before and after, provided it has at least two actors (an
    isolate is no main component). Removed actors are listed in ``removed``, not in
    ``cut_off``. Measures that are undefined after the removal (fewer than two actors left) are
    NaN.

    Examples
    --------
    >>> g = nx.Graph([("a", "hub"), ("b", "hub"), ("c", "hub"), ("c", "d")])
    >>> result = what_if(g, ["hub"])
    >>> result.fragmentation_before, round(result.fragmentation_after, 4), result.cut_off
    (0.0, 0.8333, ('a', 'b'))
    """
    require_simple(graph)
    if isinstance(remove, str):
        raise GraphError(tr("errors.metrics.remove_string", remove=repr(remove)))
    removed = tuple(dict.fromkeys(remove))
    unknown = [actor for actor in removed if actor not in graph]
    if unknown:
        raise _unknown_actor_error(graph, unknown)
    arrays = graph_arrays(graph, weight=weight)
    nodes = arrays.nodes
    codes = group_codes(graph, nodes, group) if group is not None else None
    gone = set(removed)
    keep = np.array([i for i, v in enumerate(nodes) if v not in gone], dtype=np.int64)
    before = _State.of(arrays, codes)
    after = _State.of(arrays.subgraph(keep), None if codes is None else codes[keep])
    largest_before = {nodes[i] for i in np.flatnonzero(before.in_main)}
    largest_after = {nodes[keep[i]] for i in np.flatnonzero(after.in_main)}
    return WhatIf(
        removed=removed,
        fragmentation_before=before.fragmentation,
        fragmentation_after=after.fragmentation,
        distance_fragmentation_before=before.distance_fragmentation,
        distance_fragmentation_after=after.distance_fragmentation,
        components_before=before.components,
        components_after=after.components,
        largest_component_share_before=before.largest_component_share,
        largest_component_share_after=after.largest_component_share,
        cross_group_reachability_before=before.cross_group_reachability,
        cross_group_reachability_after=after.cross_group_reachability,
        cut_off=tuple(sorted(largest_before - gone - largest_after)),
    )
