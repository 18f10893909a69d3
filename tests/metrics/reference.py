"""Reference implementations the tests compare coopnet's engines with (not part of the package).

* exact, in rational arithmetic (``fractions.Fraction``): shortest-path distances and Brandes'
  betweenness with tie lengths ``1 / weight``, so that routes of equal length are equal;
* plain networkx: the same measures as networkx computes them (float comparisons), distance-
  weighted fragmentation from all-pairs distances, structural holes;
* brute force: key players by trying every k-set, and the naive greedy that recomputes the
  components for every candidate.
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections.abc import Hashable
from fractions import Fraction
from typing import Any

import networkx as nx

from coopnet.metrics._util import symmetrise


# ----------------------------------------------------------------------------------------------
# exact shortest paths
# ----------------------------------------------------------------------------------------------
def _length(data: dict[str, Any], weight: str | None) -> Fraction:
    return Fraction(1) if weight is None else 1 / Fraction(data.get(weight, 1))


def exact_distances(graph: nx.Graph[Any], weight: str | None) -> dict[Any, dict[Any, Fraction]]:
    """All-pairs shortest-path lengths (along arcs), exactly: ``{source: {target: d}}``."""
    result: dict[Any, dict[Any, Fraction]] = {}
    succ = graph.succ if graph.is_directed() else graph.adj
    order = {v: i for i, v in enumerate(graph)}
    for s in graph:
        dist: dict[Any, Fraction] = {s: Fraction(0)}
        heap: list[tuple[Fraction, int, Any]] = [(Fraction(0), order[s], s)]
        done: set[Any] = set()
        while heap:
            d, _, u = heapq.heappop(heap)
            if u in done:
                continue
            done.add(u)
            for v, data in succ[u].items():
                alt = d + _length(data, weight)
                if v not in dist or alt < dist[v]:
                    dist[v] = alt
                    heapq.heappush(heap, (alt, order[v], v))
        result[s] = dist
    return result


def exact_betweenness(graph: nx.Graph[Any], weight: str | None) -> dict[Any, Fraction]:
    """Raw betweenness (networkx's ``normalized=False`` convention) in rational arithmetic.

    For every ordered pair (s, t) the number of shortest paths and of those through each actor
    come from the exact distances: ``v`` is on a shortest s-t path iff
    ``d(s, v) + d(v, t) == d(s, t)``, and ``sigma_st(v) = sigma_sv * sigma_vt``.
    """
    dist = exact_distances(graph, weight)
    succ = graph.succ if graph.is_directed() else graph.adj
    sigma: dict[Any, dict[Any, int]] = {}
    for s in graph:
        ds = dist[s]
        counts = {s: 1}
        for v in sorted(ds, key=ds.__getitem__):
            if v == s:
                continue
            counts[v] = sum(
                counts[u]
                for u in graph
                if u in ds and v in succ[u] and ds[u] + _length(succ[u][v], weight) == ds[v]
            )
        sigma[s] = counts
    result = dict.fromkeys(graph, Fraction(0))
    for s, t in itertools.permutations(graph, 2):
        if t not in dist[s]:
            continue
        total = sigma[s][t]
        for v in graph:
            if v in (s, t) or v not in dist[s] or t not in dist[v]:
                continue
            if dist[s][v] + dist[v][t] == dist[s][t]:
                result[v] += Fraction(sigma[s][v] * sigma[v][t], total)
    if not graph.is_directed():
        result = {v: x / 2 for v, x in result.items()}
    return result


def exact_closeness_harmonic(
    graph: nx.Graph[Any], weight: str | None
) -> tuple[dict[Any, Fraction], dict[Any, Fraction]]:
    """Wasserman-Faust closeness and harmonic centrality / (n - 1), incoming, exactly."""
    dist = exact_distances(graph, weight)
    n = graph.number_of_nodes()
    closeness: dict[Any, Fraction] = {}
    harmonic: dict[Any, Fraction] = {}
    for v in graph:
        into = [dist[s][v] for s in graph if s != v and v in dist[s]]
        r, total = len(into), sum(into, Fraction(0))
        closeness[v] = Fraction(r, n - 1) * r / total if r and total and n > 1 else Fraction(0)
        harmonic[v] = sum((1 / d for d in into), Fraction(0)) / (n - 1) if n > 1 else Fraction(0)
    return closeness, harmonic


# ----------------------------------------------------------------------------------------------
# networkx references
# ----------------------------------------------------------------------------------------------
def distance_fragmentation_reference(graph: nx.Graph[Any], *, weight: str | None = None) -> float:
    """Distance-weighted fragmentation from networkx's all-pairs shortest paths."""
    undirected = symmetrise(graph, weight=weight)
    n = int(undirected.number_of_nodes())
    if n < 2:
        return float("nan")
    if weight is None:
        lengths = dict(nx.all_pairs_shortest_path_length(undirected))
    else:
        lengths = dict(
            nx.all_pairs_dijkstra_path_length(
                undirected, weight=lambda _u, _v, data: 1.0 / data[weight]
            )
        )
    total = 0.0
    for source, row in lengths.items():
        total += sum(1.0 / float(d) for t, d in row.items() if t != source)
    return 1.0 - total / (n * (n - 1))


# ----------------------------------------------------------------------------------------------
# key players by brute force
# ----------------------------------------------------------------------------------------------
def fragmentation_without(graph: nx.Graph[Any], removed: set[Hashable]) -> float:
    """F of the symmetrised graph without `removed`, from networkx's components."""
    rest = nx.Graph()
    rest.add_nodes_from(v for v in graph if v not in removed)
    rest.add_edges_from((u, v) for u, v in graph.edges() if u not in removed and v not in removed)
    n = rest.number_of_nodes()
    pairs = sum(len(c) * (len(c) - 1) for c in nx.connected_components(rest))
    return 1.0 - pairs / (n * (n - 1))


def best_fragmentation(graph: nx.Graph[Any], k: int) -> float:
    """The largest F over all k-sets (exhaustive search)."""
    return max(
        fragmentation_without(graph, set(chosen)) for chosen in itertools.combinations(graph, k)
    )


def greedy_fragmentation_naive(graph: nx.Graph[Any], k: int) -> list[float]:
    """F after each step of the plain greedy (ties: smallest id), recomputed per candidate."""
    removed: set[Hashable] = set()
    values = []
    for _ in range(k):
        best = max(
            sorted(v for v in graph if v not in removed),
            key=lambda v: fragmentation_without(graph, removed | {v}),
        )
        removed.add(best)
        values.append(fragmentation_without(graph, removed))
    return values


def is_close(a: float, b: float, tol: float = 1e-12) -> bool:
    """Equal within `tol`, NaN equal to NaN."""
    return (math.isnan(a) and math.isnan(b)) or abs(a - b) <= tol
