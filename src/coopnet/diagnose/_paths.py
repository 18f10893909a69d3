r"""Cross-group path dependence: how much of the traffic between groups runs through one actor.

For actors :math:`s, t` of different groups that are connected, let :math:`\sigma_{st}` be the
number of shortest paths between them and :math:`\sigma_{st}(v)` the number of those passing
through :math:`v \ne s, t`. The *cross-group path share* of actor :math:`v` is

.. math:: D(v) = \frac{1}{|P_\times|} \sum_{(s, t) \in P_\times} \frac{\sigma_{st}(v)}{\sigma_{st}}

where :math:`P_\times` is the set of ordered pairs of connected actors in different groups
(adjacent pairs included: their shortest path has no intermediary). It is betweenness
(Freeman 1977) restricted to cross-group pairs and normalised by their number, so
:math:`D(v) \in [0, 1]` reads "the share of all shortest connections between groups that run
through :math:`v`". For a pair of groups :math:`(A, B)` the same sum over :math:`s \in A,
t \in B` divided by the number of connected such pairs gives :math:`D_{AB}(v)`.

Computed as subset betweenness (Brandes 2001; python-igraph's ``betweenness(sources=,
targets=)``, :func:`coopnet.metrics._engine.subset_betweenness`) on the undirected,
unweighted graph (a ``DiGraph`` is symmetrised first): one call per group for :math:`D`, so
:math:`O(nm)` in all, and one call per *asked* pair of groups for :math:`D_{AB}` (computed when
:meth:`PathDependence.top` is called, then cached). The numbers of connected pairs come from the
component × group counts. This is a diagnosis helper; it belongs to :mod:`coopnet.metrics` once
that module wants it.

References
----------
.. [1] Brandes, U. (2001). A faster algorithm for betweenness centrality. *Journal of
   Mathematical Sociology*, 25(2), 163-177. https://doi.org/10.1080/0022250X.2001.9990249
.. [2] Freeman, L. C. (1977). A set of measures of centrality based on betweenness.
   *Sociometry*, 40(1), 35-41. https://doi.org/10.2307/3033543
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np

from coopnet.metrics._engine import (
    map_parts,
    n_parts,
    resolve_jobs,
    subset_betweenness,
    weak_components,
)
from coopnet.metrics.arrays import GraphArrays, graph_arrays

__all__ = ["PathDependence", "cross_group_dependence"]

Subset = Callable[[list[int], list[int]], np.ndarray]
"""``subset(sources, targets)`` → igraph/networkx subset betweenness per actor (actor order)."""


@dataclass(frozen=True)
class PathDependence:
    """Result of :func:`cross_group_dependence`.

    Attributes
    ----------
    actors
        The actors, sorted by id (index of the arrays).
    groups
        The groups, sorted.
    share
        :math:`D(v)` per actor (0 when no cross-group pair is connected).
    """

    actors: list[str]
    groups: list[str]
    share: np.ndarray
    _members: dict[str, list[int]] = field(repr=False)
    _connected: dict[tuple[str, str], int] = field(repr=False)
    _subset: Subset = field(repr=False)
    _pairs: dict[tuple[str, str], np.ndarray | None] = field(default_factory=dict, repr=False)

    def pair_connected(self, a: str, b: str) -> int:
        """Number of connected ordered pairs of actors, one in group `a` and one in group `b`."""
        key = (a, b) if a <= b else (b, a)
        return self._connected.get(key, 0)

    def pair_share(self, a: str, b: str) -> np.ndarray | None:
        """:math:`D_{AB}(v)` over the actors; ``None`` when no actor of `a` reaches one of `b`."""
        key = (a, b) if a <= b else (b, a)
        if key not in self._pairs:
            pairs = self.pair_connected(*key)
            if pairs == 0 or key[0] == key[1]:
                self._pairs[key] = None
            else:
                # subset betweenness counts each unordered (s, t) pair half; D_AB sums ordered pairs
                raw = self._subset(self._members[key[0]], self._members[key[1]])
                self._pairs[key] = 4.0 * raw / pairs
        return self._pairs[key]

    def top(self, a: str, b: str) -> tuple[str, float] | None:
        """The actor with the largest share of the shortest paths between groups `a` and `b`.

        Ties in the share go to the smallest id; ``None`` when the groups are not connected.
        """
        values = self.pair_share(a, b)
        if values is None or not len(values):
            return None
        best = int(np.argmax(values))  # first maximum = smallest id
        return self.actors[best], float(values[best])


def _subset_function(arrays: GraphArrays) -> Subset:
    def subset(sources: list[int], targets: list[int]) -> np.ndarray:
        return subset_betweenness(arrays, sources, targets)

    return subset


def _members(labels: list[int], actors: list[str]) -> list[list[str]]:
    """The actors of every component, from the component labels."""
    parts: dict[int, list[str]] = {}
    for label, actor in zip(labels, actors, strict=True):
        parts.setdefault(label, []).append(actor)
    return list(parts.values())


def cross_group_dependence(
    graph: nx.Graph[Any],
    *,
    group: str,
    arrays: GraphArrays | None = None,
    jobs: int | None = None,
) -> PathDependence:
    """Return the cross-group path shares of every actor; pair shares on demand.

    Parameters
    ----------
    graph
        Tie network following the graph contract; direction and weights are ignored.
    group
        Node attribute with the grouping (non-empty text on every actor).
    arrays
        The array form of `graph` (or of the directed graph it symmetrises), if the caller has
        it (:meth:`coopnet.run.Study.arrays`): its undirected view and the igraph graph kept
        with it are used instead of converting `graph` again.
    jobs
        Worker processes for the per-group searches (``None``: every available core); on
        larger networks the groups are cut into a fixed number of parts, so the numbers do not
        depend on it.

    Returns
    -------
    PathDependence
    """
    sym = arrays.undirected if arrays is not None else None
    if sym is None or sym.n != graph.number_of_nodes() or sym.n_ties != graph.number_of_edges():
        sym = graph_arrays(graph).undirected
    actors = [str(v) for v in sym.nodes]
    n = len(actors)
    group_of = {a: str(graph.nodes[a][group]) for a in actors}
    groups = sorted(set(group_of.values()))
    members: dict[str, list[int]] = {g: [] for g in groups}
    for i, a in enumerate(actors):
        members[group_of[a]].append(i)
    # connected ordered pairs per group pair, from component x group counts
    connected: dict[tuple[str, str], int] = {}
    total_pairs = 0
    labels = weak_components(sym).labels.tolist()
    for component in _members(labels, actors):
        counts: dict[str, int] = {}
        for a in component:
            counts[group_of[a]] = counts.get(group_of[a], 0) + 1
        size = len(component)
        total_pairs += size * size - sum(c * c for c in counts.values())
        present = sorted(counts)
        for i, ga in enumerate(present):
            for gb in present[i + 1 :]:
                connected[(ga, gb)] = connected.get((ga, gb), 0) + 2 * counts[ga] * counts[gb]
    subset = _subset_function(sym)
    cross = np.zeros(n)
    if total_pairs:
        searched = [g for g in groups if members[g] and len(members[g]) < n]
        pieces = np.array_split(np.arange(len(searched)), n_parts(sym))

        def part(p: int) -> np.ndarray:
            total = np.zeros(n)
            for k in pieces[p].tolist():
                inside = members[searched[k]]
                others = np.ones(n, dtype=bool)
                others[inside] = False
                total += subset(inside, np.flatnonzero(others).tolist())
            return total

        for values in map_parts(part, len(pieces), resolve_jobs(jobs)):
            cross += values
    # each unordered cross pair enters twice (once per group) at half weight: the ordered sum / 2
    share = 2.0 * cross / total_pairs if total_pairs else np.zeros(n)
    return PathDependence(
        actors=actors, groups=groups, share=share, _members=members, _connected=connected,
        _subset=subset,
    )  # fmt: skip
