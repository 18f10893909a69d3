"""Fast engine for the heavy shortest-path and structural-hole measures.

The measures of :mod:`coopnet.metrics` are *defined* by networkx (the model users see); this module
computes the same numbers faster, so that ``coopnet analyze`` handles 10,000 actors. Every fast
path is tested to give the networkx values to 1e-9 on random graphs (directed, undirected,
weighted, disconnected, with isolates): ``tests/metrics/test_fast.py``. The engine used for each
measure was chosen by measurement (``benchmarks/RESULTS.md``):

* **betweenness** -- python-igraph's C implementation of Brandes (2001) when igraph is installed
  (40-85x faster than networkx at 2,000-10,000 actors); otherwise a Brandes algorithm vectorised
  over blocks of sources with numpy/scipy for unweighted ties, and networkx itself for weighted
  ties.
* **closeness, harmonic centrality, average path length** -- one pass that yields, for every actor,
  how many actors reach it, the sum of their distances and the sum of their reciprocal distances:
  a bit-parallel breadth-first search (64 sources per machine word, numpy) for unweighted ties,
  scipy's compiled Dijkstra in row blocks for weighted ties. Memory stays bounded (no
  :math:`n \\times n` matrix).
* **constraint and effective size** -- sparse-matrix formulas (:func:`structural_holes_arrays`).

Nothing here is public API; the public functions in :mod:`coopnet.metrics.centrality`,
:mod:`coopnet.metrics.structure` and :func:`coopnet.metrics.analyze` call it.

References
----------
.. [1] Brandes, U. (2001). A faster algorithm for betweenness centrality. *Journal of Mathematical
   Sociology*, 25(2), 163-177. https://doi.org/10.1080/0022250X.2001.9990249
.. [2] Csardi, G., & Nepusz, T. (2006). The igraph software package for complex network research.
   *InterJournal Complex Systems*, 1695. https://igraph.org
.. [3] Burt, R. S. (1992). *Structural Holes*. Harvard University Press.
"""

from __future__ import annotations

import importlib.util
import sys
from dataclasses import dataclass
from functools import cache
from typing import Any, Final, Literal

import networkx as nx
import numpy as np
import numpy.typing as npt
import pandas as pd
import scipy.sparse as sp
from scipy.sparse import csgraph

from coopnet.metrics._util import actor_index, symmetrise, with_distance
from coopnet.metrics._util import gather_neighbours as _gather

__all__ = [
    "PathMeasures",
    "betweenness_raw",
    "distance_sums",
    "has_igraph",
    "path_measures",
    "structural_holes_arrays",
    "structural_holes_frame",
]

Engine = Literal["auto", "fast", "networkx"]
"""``"auto"``/``"fast"``: the fastest available engine; ``"networkx"``: the reference path."""

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

_BFS_BUDGET: Final = 1 << 24  # bytes for one gathered frontier block of the bit-parallel BFS
_BFS_MAX_WORDS: Final = 16  # at most 16 * 64 = 1024 sources per chunk
_DIJKSTRA_CELLS: Final = 1 << 21  # distance cells per Dijkstra row block (16 MB of float64)
_BLOCK_CELLS: Final = 1 << 21  # cells of the dense blocks of the vectorised Brandes algorithm
_IGRAPH_MIN_ACTORS: Final = 1000  # below, numpy's Brandes beats importing igraph (RESULTS.md)
_IGRAPH_MIN_ACTORS_WEIGHTED: Final = 200  # below, networkx's weighted Brandes beats the import


@cache
def has_igraph() -> bool:
    """Return whether python-igraph can be imported (checked once, without importing it)."""
    return importlib.util.find_spec("igraph") is not None


def _use_igraph(n: int, weight: str | None) -> bool:
    """Whether igraph computes betweenness: installed, and worth its import (~0.5 s, it loads
    matplotlib) -- from ``_IGRAPH_MIN_ACTORS`` actors on (unweighted; below, numpy's Brandes is
    faster) or ``_IGRAPH_MIN_ACTORS_WEIGHTED`` (weighted; below, networkx is), or whenever igraph
    is already imported."""
    if not has_igraph():
        return False
    least = _IGRAPH_MIN_ACTORS if weight is None else _IGRAPH_MIN_ACTORS_WEIGHTED
    return n >= least or "igraph" in sys.modules


@dataclass(frozen=True)
class PathMeasures:
    """Shortest-path measures of every actor, in ``nodes`` order (``list(graph)``).

    Attributes
    ----------
    nodes
        Actor ids in the order of the arrays.
    weight
        The weight attribute used (``None``: unweighted; otherwise distance ``1 / weight``).
    directed
        Whether arcs were followed in their direction.
    betweenness
        Normalised as ``networkx.betweenness_centrality(normalized=True)``.
    betweenness_raw
        As ``networkx.betweenness_centrality(normalized=False)`` (unordered pairs undirected).
    closeness
        ``networkx.closeness_centrality(wf_improved=True)`` (incoming distances).
    harmonic
        ``networkx.harmonic_centrality`` divided by ``n - 1`` (incoming distances).
    reach_in
        Number of other actors with a path *to* each actor.
    distance_in
        Sum of those actors' distances to each actor.
    engine
        ``"igraph"``, ``"numpy"`` or ``"networkx"`` (betweenness engine) -- for the record.
    """

    nodes: list[str]
    weight: str | None
    directed: bool
    betweenness: FloatArray
    betweenness_raw: FloatArray
    closeness: FloatArray
    harmonic: FloatArray
    reach_in: IntArray
    distance_in: FloatArray
    engine: str

    def average_path_length(self) -> float:
        """Mean distance over ordered pairs joined by a path (``nan`` if there are none)."""
        pairs = int(self.reach_in.sum())
        return float(self.distance_in.sum()) / pairs if pairs else float("nan")


# ------------------------------------------------------------------------------ adjacency
def _arcs(graph: nx.Graph, weight: str | None) -> tuple[IntArray, IntArray, FloatArray]:
    """Return tail, head and length (``1 / weight`` or 1) of every arc, positions in ``list(graph)``.

    An undirected tie gives one entry (``u < v`` not guaranteed); callers symmetrise as needed.
    """
    position = {u: i for i, u in enumerate(graph)}
    m = graph.number_of_edges()
    tail = np.empty(m, dtype=np.int64)
    head = np.empty(m, dtype=np.int64)
    length = np.ones(m)
    if weight is None:
        for k, (u, v) in enumerate(graph.edges()):
            tail[k], head[k] = position[u], position[v]
        return tail, head, length
    paths, attr = with_distance(graph, weight=weight)  # validates the weights
    for k, (u, v, d) in enumerate(paths.edges(data=attr)):
        tail[k], head[k], length[k] = position[u], position[v], d
    return tail, head, length


def _matrix(graph: nx.Graph, weight: str | None) -> sp.csr_array:
    """Arc-length matrix (row = tail); undirected ties appear in both directions."""
    n = graph.number_of_nodes()
    tail, head, length = _arcs(graph, weight)
    if not graph.is_directed():
        tail, head, length = (
            np.concatenate([tail, head]),
            np.concatenate([head, tail]),
            np.concatenate([length, length]),
        )
    matrix = sp.csr_array((length, (tail, head)), shape=(n, n))
    matrix.sort_indices()
    return matrix


# ------------------------------------------------------------------------------ betweenness
def betweenness_raw(
    graph: nx.Graph, *, weight: str | None = None, engine: Engine = "auto"
) -> FloatArray:
    """Freeman betweenness as ``networkx.betweenness_centrality(normalized=False)``.

    Values in ``list(graph)`` order: sums over ordered pairs for a ``DiGraph``, unordered pairs for
    a ``Graph``; ``weight`` gives tie lengths ``1 / weight``.
    """
    n = graph.number_of_nodes()
    if n == 0:
        return np.zeros(0)
    if engine == "networkx":
        paths, distance = with_distance(graph, weight=weight)
        values = nx.betweenness_centrality(paths, normalized=False, weight=distance)
        return np.array([values[u] for u in graph], dtype=float)
    if _use_igraph(n, weight):
        return _betweenness_igraph(graph, weight)
    if weight is None:
        return _betweenness_blocks(graph)
    return betweenness_raw(graph, weight=weight, engine="networkx")


def _betweenness_igraph(graph: nx.Graph, weight: str | None) -> FloatArray:
    """Betweenness by python-igraph (C code, Brandes' algorithm)."""
    import igraph  # optional dependency, imported on first use

    tail, head, length = _arcs(graph, weight)
    directed = graph.is_directed()
    g = igraph.Graph(
        n=graph.number_of_nodes(), edges=np.column_stack([tail, head]).tolist(), directed=directed
    )
    values = g.betweenness(directed=directed, weights=None if weight is None else length.tolist())
    return np.asarray(values, dtype=float)


def _betweenness_blocks(graph: nx.Graph) -> FloatArray:
    """Raw unweighted Freeman betweenness, Brandes' algorithm vectorised over source blocks.

    Breadth-first search from a block of sources at once: path counts advance level by level
    through sparse-matrix products, and dependencies are accumulated back in the same way
    (Brandes 2001, eqs. 3-6; the algebraic form of Kepner & Gilbert 2011, ch. 6).
    """
    n = graph.number_of_nodes()
    forward = _matrix(graph, None)
    backward = forward.T.tocsr()  # row w lists the actors with an arc into w
    result = np.zeros(n)
    step = max(1, _BLOCK_CELLS // (4 * n))
    for start in range(0, n, step):
        sources = np.arange(start, min(n, start + step))
        cols = np.arange(len(sources))  # one column per source, one row per actor
        sigma = np.zeros((n, len(sources)))
        sigma[sources, cols] = 1.0
        level = np.full((n, len(sources)), -1, dtype=np.int32)
        level[sources, cols] = 0
        frontier = sigma.copy()
        depth = 0
        while True:
            reached = backward @ frontier  # shortest paths into each actor via the frontier
            new = (reached > 0) & (level < 0)
            if not new.any():
                break
            depth += 1
            level[new] = depth
            sigma[new] = reached[new]
            frontier = np.where(new, reached, 0.0)
        delta = np.zeros_like(sigma)
        for d in range(depth, 0, -1):
            at = level == d
            coef = np.zeros_like(sigma)
            coef[at] = (1.0 + delta[at]) / sigma[at]
            back = forward @ coef  # sum over the successors at depth d
            before = level == d - 1
            delta[before] += sigma[before] * back[before]
        delta[sources, cols] = 0.0
        result += delta.sum(axis=1)
    return result if graph.is_directed() else result / 2


def _normalise_betweenness(raw: FloatArray, n: int, directed: bool) -> FloatArray:
    """networkx's ``normalized=True`` scaling of raw betweenness."""
    if n <= 2:
        return raw.copy()
    scale = 1.0 / ((n - 1) * (n - 2))
    return raw * (scale if directed else 2.0 * scale)


# ------------------------------------------------------------------------------ distances
def distance_sums(
    graph: nx.Graph, *, weight: str | None = None, incoming: bool = True
) -> tuple[IntArray, FloatArray, FloatArray]:
    """Per actor: how many others reach it, their summed distance and summed reciprocal distance.

    ``incoming=False`` uses the distances *from* each actor instead (identical for a ``Graph``).
    Unweighted: bit-parallel breadth-first search; weighted: scipy Dijkstra in row blocks with
    lengths ``1 / weight``. Arrays in ``list(graph)`` order.
    """
    n = graph.number_of_nodes()
    if n == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0), np.zeros(0)
    matrix = _matrix(graph, weight)
    if not incoming and graph.is_directed():
        matrix = matrix.T.tocsr()
    if weight is None:
        return _bfs_sums(matrix)
    return _dijkstra_sums(matrix)


def _bfs_sums(matrix: sp.csr_array) -> tuple[IntArray, FloatArray, FloatArray]:
    r"""Incoming reach, distance sum and reciprocal-distance sum by bit-parallel BFS.

    Bit :math:`b` of word row ``seen[v]`` says that source :math:`b` of the current chunk has
    reached :math:`v`. One level expands every frontier at once:
    ``new[v] = OR(frontier[u] for u -> v) & ~seen[v]``; the bits new at level :math:`\ell` are the
    sources at distance :math:`\ell` from :math:`v`, so ``popcount(new[v])`` adds to the reach of
    :math:`v`, :math:`\ell` times it to the distance sum and :math:`1/\ell` times it to the harmonic
    sum. Cost :math:`O(D\,m\,n/64)` word operations for diameter *D*; memory :math:`O(n + m)`
    words per chunk of up to 1,024 sources.
    """
    n = matrix.shape[0]
    out_ptr, out_idx = matrix.indptr.astype(np.int64), matrix.indices.astype(np.int64)
    into = matrix.T.tocsr()
    in_ptr, in_idx = into.indptr.astype(np.int64), into.indices.astype(np.int64)
    reach = np.zeros(n, dtype=np.int64)
    dist = np.zeros(n, dtype=np.int64)
    harmonic = np.zeros(n)
    words = int(min(_BFS_MAX_WORDS, max(1, _BFS_BUDGET // (8 * max(matrix.nnz, n)))))
    sources = np.flatnonzero(np.diff(out_ptr) > 0).astype(np.int64)  # others reach nobody
    step = 64 * words
    for start in range(0, sources.size, step):
        chunk = sources[start : start + step]
        columns = np.arange(chunk.size, dtype=np.int64)
        seen = np.zeros((n, (chunk.size + 63) // 64), dtype=np.uint64)
        seen[chunk, columns // 64] = np.left_shift(np.uint64(1), (columns % 64).astype(np.uint64))
        frontier = seen.copy()
        mark = np.zeros(n, dtype=bool)
        active = chunk
        level = 0
        while active.size:
            level += 1
            successors, _ = _gather(out_ptr, out_idx, active)
            mark[successors] = True
            candidates = np.flatnonzero(mark)
            mark[candidates] = False
            predecessors, offsets = _gather(in_ptr, in_idx, candidates)
            new = np.bitwise_or.reduceat(frontier[predecessors], offsets, axis=0)
            new &= ~seen[candidates]
            frontier[active] = 0
            counts = np.bitwise_count(new).sum(axis=1, dtype=np.int64)
            hit = counts > 0
            candidates, new, counts = candidates[hit], new[hit], counts[hit]
            if not candidates.size:
                break
            reach[candidates] += counts
            dist[candidates] += counts * level
            harmonic[candidates] += counts / level
            seen[candidates] |= new
            frontier[candidates] = new
            active = candidates
    return reach, dist.astype(np.float64), harmonic


def _dijkstra_sums(matrix: sp.csr_array) -> tuple[IntArray, FloatArray, FloatArray]:
    """Incoming reach, distance sum and reciprocal-distance sum by scipy Dijkstra in row blocks."""
    n = matrix.shape[0]
    reach = np.zeros(n, dtype=np.int64)
    dist = np.zeros(n)
    harmonic = np.zeros(n)
    sources = np.flatnonzero(np.diff(matrix.indptr) > 0)
    step = max(1, _DIJKSTRA_CELLS // n)
    for start in range(0, sources.size, step):
        rows = sources[start : start + step]
        block = csgraph.dijkstra(matrix, directed=True, indices=rows)
        block[np.arange(rows.size), rows] = np.inf  # leave out the source itself
        finite = np.isfinite(block)
        reach += finite.sum(axis=0)
        np.copyto(block, 0.0, where=~finite)
        dist += block.sum(axis=0)
        np.divide(1.0, block, out=block, where=finite)
        harmonic += block.sum(axis=0)
    return reach, dist, harmonic


def _closeness(reach: IntArray, dist: FloatArray, n: int) -> FloatArray:
    """Wasserman-Faust closeness from reach counts and distance sums (networkx's formula)."""
    if n < 2:
        return np.zeros(n)
    ok = (reach > 0) & (dist > 0)
    safe = np.where(ok, dist, 1.0)
    return np.where(ok, (reach / safe) * (reach / (n - 1)), 0.0)


def path_measures(
    graph: nx.Graph, *, weight: str | None = None, engine: Engine = "auto"
) -> PathMeasures:
    """Betweenness, closeness and harmonic centrality of every actor in one call.

    ``engine="networkx"`` computes them with networkx's functions (the reference); ``"auto"``
    with the fast engines of the module docstring. Definitions: see
    :func:`coopnet.metrics.centrality.actor_centrality`.
    """
    nodes = list(graph)
    n = len(nodes)
    directed = graph.is_directed()
    if engine == "networkx":
        paths, distance = with_distance(graph, weight=weight)
        raw = nx.betweenness_centrality(paths, normalized=False, weight=distance)
        close = nx.closeness_centrality(paths, distance=distance, wf_improved=True)
        harm = nx.harmonic_centrality(paths, distance=distance)
        reach = np.zeros(n, dtype=np.int64)
        total = np.zeros(n)
        source_lengths: Any = (
            nx.all_pairs_dijkstra_path_length(paths, weight=distance)
            if distance
            else nx.all_pairs_shortest_path_length(paths)
        )
        position = {u: i for i, u in enumerate(nodes)}
        for _source, lengths in source_lengths:
            for target, d in lengths.items():
                if d > 0:
                    reach[position[target]] += 1
                    total[position[target]] += d
        raw_values = np.array([raw[u] for u in nodes], dtype=float)
        return PathMeasures(
            nodes=nodes,
            weight=weight,
            directed=directed,
            betweenness=_normalise_betweenness(raw_values, n, directed),
            betweenness_raw=raw_values,
            closeness=np.array([close[u] for u in nodes], dtype=float),
            harmonic=np.array([harm[u] / (n - 1) if n > 1 else 0.0 for u in nodes], dtype=float),
            reach_in=reach,
            distance_in=total,
            engine="networkx",
        )
    raw_values = betweenness_raw(graph, weight=weight, engine=engine)
    reach, total, harmonic = distance_sums(graph, weight=weight)
    return PathMeasures(
        nodes=nodes,
        weight=weight,
        directed=directed,
        betweenness=_normalise_betweenness(raw_values, n, directed),
        betweenness_raw=raw_values,
        closeness=_closeness(reach, total, n),
        harmonic=harmonic / (n - 1) if n > 1 else np.zeros(n),
        reach_in=reach,
        distance_in=total,
        engine="igraph" if _use_igraph(n, weight) else ("numpy" if weight is None else "networkx"),
    )


# ------------------------------------------------------------------------------ structural holes
def structural_holes_arrays(
    undirected: nx.Graph, *, weight: str | None = None
) -> tuple[FloatArray, FloatArray]:
    r"""Burt's constraint and effective size as networkx computes them, with sparse matrices.

    `undirected` is the symmetrised graph. With :math:`W` the symmetric weight matrix,
    :math:`P = D^{-1} W` (row shares, networkx ``normalized_mutual_weight``) and
    :math:`M` the row-max-normalised :math:`W`:

    * constraint :math:`c_i = \sum_{j \in N(i)} (P_{ij} + (P^2)_{ij})^2` (networkx
      ``constraint``; ``nan`` for isolates);
    * effective size :math:`e_i = k_i - \sum_{j \in N(i)} (P M^\top)_{ij}` (networkx
      ``effective_size``, general formula), which for unweighted ties is Borgatti's
      :math:`k_i - 2 t_i / k_i` with :math:`t_i` the ties among the partners (networkx uses that
      form when ``weight is None``); ``nan`` for isolates.

    Arrays in ``list(undirected)`` order; :math:`O(n \bar k^2)` time and memory.
    """
    n = undirected.number_of_nodes()
    if n == 0:
        return np.zeros(0), np.zeros(0)
    tail, head, value = _arcs(undirected, None)
    if weight is not None:
        value = np.array([float(d) for _, _, d in undirected.edges(data=weight, default=1.0)])
    rows, cols = np.concatenate([tail, head]), np.concatenate([head, tail])
    vals = np.concatenate([value, value])
    w = sp.csr_array((vals, (rows, cols)), shape=(n, n))
    w.sort_indices()
    pattern = w.copy()
    pattern.data[:] = 1.0
    degree = np.diff(w.indptr)
    strength = np.asarray(w.sum(axis=1)).ravel()
    isolate = degree == 0
    p = sp.diags_array(np.where(isolate, 0.0, 1.0 / np.where(isolate, 1.0, strength))) @ w
    p = sp.csr_array(p)
    indirect = (p @ p).multiply(pattern)  # only pairs that are tied
    local = sp.csr_array(p + indirect)
    constraint = np.asarray(local.power(2).sum(axis=1), dtype=np.float64).ravel()
    constraint[isolate] = np.nan
    if weight is None:
        triangles = np.asarray((pattern @ pattern).multiply(pattern).sum(axis=1)).ravel() / 2
        safe = np.where(isolate, 1.0, degree)
        effective: FloatArray = np.where(isolate, np.nan, degree - 2.0 * triangles / safe)
        return constraint, effective
    top = np.ones(n)
    if w.nnz:
        top[~isolate] = np.maximum.reduceat(w.data, w.indptr[:-1][~isolate])
    m = sp.csr_array(sp.diags_array(np.where(isolate, 0.0, 1.0 / top)) @ w)
    redundancy = np.asarray((p @ m.T).multiply(pattern).sum(axis=1)).ravel()
    weighted_effective: FloatArray = np.where(isolate, np.nan, degree - redundancy)
    return constraint, weighted_effective


def structural_holes_frame(graph: nx.Graph, *, weight: str | None = None) -> pd.DataFrame:
    """The table of :func:`coopnet.metrics.brokerage.structural_holes`, from the sparse formulas.

    Same columns, index and conventions (constraint ``NaN`` and effective size 0 for isolates).
    For weighted ties the effective size follows Burt's formula as documented there and as
    networkx's per-actor code computes it (``effective_size(G, nodes=..., weight=...)``);
    networkx 3.6's vectorised branch (``nodes=None``) divides by the row maximum of the wrong
    actor and gives other values.
    """
    undirected = symmetrise(graph, weight=weight)
    index = actor_index(undirected)
    constraint, effective = structural_holes_arrays(undirected, weight=weight)
    order = {u: i for i, u in enumerate(undirected)}
    rows = np.array([order[u] for u in index], dtype=np.int64)
    effective = np.where(np.isnan(effective), 0.0, effective)
    return pd.DataFrame(
        {"constraint": constraint[rows], "effective_size": effective[rows]},
        index=index,
        dtype="float64",
    )
