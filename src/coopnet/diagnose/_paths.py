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

Computed with Brandes' (2001) accumulation on the undirected, unweighted graph (a ``DiGraph`` is
symmetrised first), with one dependency vector per target group, in :math:`O(n m k)` for
:math:`k` groups. This is a diagnosis helper; it belongs to :mod:`coopnet.metrics` once that
module wants it.

References
----------
.. [1] Brandes, U. (2001). A faster algorithm for betweenness centrality. *Journal of
   Mathematical Sociology*, 25(2), 163-177. https://doi.org/10.1080/0022250X.2001.9990249
.. [2] Freeman, L. C. (1977). A set of measures of centrality based on betweenness.
   *Sociometry*, 40(1), 35-41. https://doi.org/10.2307/3033543
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import networkx as nx
import numpy as np

__all__ = ["PathDependence", "cross_group_dependence"]


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
    pair_share
        ``pair_share[a][b]`` is the array :math:`D_{AB}(v)` over the actors for groups
        ``a < b`` (both orders are summed, which is the same for undirected ties); missing when
        no actor of ``a`` reaches one of ``b``.
    pair_connected
        Number of connected ordered pairs per group pair ``(a, b)``, ``a < b`` (both orders).
    """

    actors: list[str]
    groups: list[str]
    share: np.ndarray
    pair_share: dict[tuple[str, str], np.ndarray]
    pair_connected: dict[tuple[str, str], int]

    def top(self, a: str, b: str) -> tuple[str, float] | None:
        """The actor with the largest share of the shortest paths between groups `a` and `b`.

        Ties in the share go to the smallest id; ``None`` when the groups are not connected.
        """
        key = (a, b) if a <= b else (b, a)
        values = self.pair_share.get(key)
        if values is None or not len(values):
            return None
        best = int(np.argmax(values))  # first maximum = smallest id
        return self.actors[best], float(values[best])


def cross_group_dependence(graph: nx.Graph, *, group: str) -> PathDependence:
    """Return the cross-group path shares of every actor and every pair of groups.

    Parameters
    ----------
    graph
        Tie network following the graph contract; direction and weights are ignored.
    group
        Node attribute with the grouping (non-empty text on every actor).

    Returns
    -------
    PathDependence
    """
    actors = sorted(str(v) for v in graph.nodes)
    index = {a: i for i, a in enumerate(actors)}
    groups = sorted({str(graph.nodes[a][group]) for a in actors})
    code = np.array([groups.index(str(graph.nodes[a][group])) for a in actors], dtype=np.int64)
    k, n = len(groups), len(actors)
    neighbours: list[list[int]] = [[] for _ in actors]
    for u, v in graph.edges():
        i, j = index[str(u)], index[str(v)]
        if i != j:
            neighbours[i].append(j)
            neighbours[j].append(i)
    neighbours = [sorted(set(nb)) for nb in neighbours]

    # dependency[g_source, g_target, v]: summed over sources of group g_source
    dependency = np.zeros((k, k, n))
    connected = np.zeros((k, k), dtype=np.int64)
    onehot = np.eye(k)
    for s in range(n):
        sigma = np.zeros(n)
        dist = np.full(n, -1, dtype=np.int64)
        sigma[s], dist[s] = 1.0, 0
        order: list[int] = []
        preds: list[list[int]] = [[] for _ in range(n)]
        queue = deque([s])
        while queue:
            v = queue.popleft()
            order.append(v)
            for w in neighbours[v]:
                if dist[w] < 0:
                    dist[w] = dist[v] + 1
                    queue.append(w)
                if dist[w] == dist[v] + 1:
                    sigma[w] += sigma[v]
                    preds[w].append(v)
        delta = np.zeros((n, k))  # per target group
        for w in reversed(order):
            contribution = onehot[code[w]] + delta[w] if w != s else delta[w]
            for v in preds[w]:
                delta[v] += (sigma[v] / sigma[w]) * contribution
        delta[s] = 0.0
        gs = code[s]
        dependency[gs] += delta.T
        reached = np.bincount(code[np.array(order[1:], dtype=np.int64)], minlength=k)
        connected[gs] += reached
    total_pairs = sum(int(connected[a, b]) for a in range(k) for b in range(k) if a != b)
    cross = sum(dependency[a, b] for a in range(k) for b in range(k) if a != b)
    share = cross / total_pairs if total_pairs else np.zeros(n)
    pair_share: dict[tuple[str, str], np.ndarray] = {}
    pair_connected: dict[tuple[str, str], int] = {}
    for a in range(k):
        for b in range(a + 1, k):
            pairs = int(connected[a, b] + connected[b, a])
            pair_connected[(groups[a], groups[b])] = pairs
            if pairs:
                pair_share[(groups[a], groups[b])] = (dependency[a, b] + dependency[b, a]) / pairs
    return PathDependence(
        actors=actors,
        groups=groups,
        share=np.asarray(share, dtype=np.float64),
        pair_share=pair_share,
        pair_connected=pair_connected,
    )
