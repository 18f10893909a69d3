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

On larger networks (``method="difference"``, chosen by ``"auto"`` from about 2,000 ties
upwards) the same sum is computed as all-pairs minus within-group dependencies,

.. math:: \sum_{(s, t) \in P_\times} \frac{\sigma_{st}(v)}{\sigma_{st}}
   = 2 B(v) - \sum_s \delta^W_s(v), \qquad
   \delta^W_s(v) = \sum_{t \ne s,\, g(t) = g(s)} \frac{\sigma_{st}(v)}{\sigma_{st}},

where :math:`B` is the (unordered, raw) betweenness of the undirected graph — the one the
analysis of the period has already computed and kept with its arrays — and
:math:`\delta^W_s` is Brandes' dependency of :math:`s` with only its own group as targets.
Brandes' accumulation
:math:`\delta^W_s(v) = \sum_{w: v \in P_s(w)} \frac{\sigma_{sv}}{\sigma_{sw}}
([g(w) = g(s)] + \delta^W_s(w))` needs the breadth-first search from :math:`s` only up to
the depth of its farthest reachable group-mate, so the searches are truncated there (on
networks whose groups are small and close-knit a few per cent of a full search); they run
vectorised over blocks of sources, and a search whose next level
would pass half of the actors is handed to igraph's subset betweenness instead. Mathematically both methods give the same
:math:`D`; in floating point they differ in the last digits (relative differences of the order
of :math:`10^{-15}`; a difference below :math:`10^{-9}\,2B(v)`, rounding of a :math:`D(v)`
that is zero, is set to 0).

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
from typing import Any, Final, Literal

import networkx as nx
import numpy as np
from scipy import sparse

from coopnet.metrics._engine import (
    betweenness,
    map_parts,
    n_parts,
    resolve_jobs,
    subset_betweenness,
    weak_components,
)
from coopnet.metrics.arrays import FloatArray, GraphArrays, IntArray, graph_arrays

__all__ = ["PathDependence", "cross_group_dependence"]

_BLOCK_CELLS: Final = 1 << 21
"""Rows x actors of one block of the truncated searches (about 40 MB of work arrays)."""

_WIDE: Final = 2
"""A truncated search whose next level could pass ``n / _WIDE`` actors is left to igraph."""


def _ranges(indptr: IntArray, nodes: IntArray) -> tuple[IntArray, IntArray]:
    """For each actor of `nodes`, the positions of its arcs: ``(owner, position)`` arrays."""
    starts = indptr[nodes]
    lengths = indptr[nodes + 1] - starts
    owner = np.repeat(np.arange(nodes.size, dtype=np.int64), lengths)
    offsets = np.cumsum(lengths) - lengths
    position = np.arange(owner.size, dtype=np.int64) - offsets[owner] + starts[owner]
    return owner, position


@dataclass
class _Work:
    """Work arrays of the truncated searches for `rows` sources at once, kept clean between
    blocks (only the entries a block touched are reset)."""

    rows: int
    n: int
    level: IntArray = field(init=False)
    sigma: FloatArray = field(init=False)
    delta: FloatArray = field(init=False)
    slot: IntArray = field(init=False)

    def __post_init__(self) -> None:
        cells = self.rows * self.n
        self.level = np.full(cells, -1, dtype=np.int64)
        self.sigma = np.zeros(cells)
        self.delta = np.zeros(cells)
        self.slot = np.empty(cells, dtype=np.int64)


def _within_block(
    sym: GraphArrays, code: IntArray, sources: IntArray, mates: IntArray, work: _Work
) -> tuple[FloatArray, IntArray]:
    """Within-group dependencies of `sources` by searches that stop at the last group-mate.

    Cell ``r * n + v`` holds actor `v` in the search from ``sources[r]``. Returns the sum over
    the sources of :math:`\\delta^W_s(v)` and the sources whose search grew wider than
    ``n / _WIDE`` actors before it reached every group-mate (their dependencies are left out).
    """
    n = sym.n
    rows = sources.size
    indptr, indices = sym.indptr, sym.indices
    level, sigma, delta, slot = work.level, work.sigma, work.delta, work.slot
    row_code = code[sources]
    start = np.arange(rows, dtype=np.int64) * n + sources
    level[start] = 0
    sigma[start] = 1.0
    left = mates.copy()
    reached = np.ones(rows, dtype=np.int64)
    active = left > 0
    wide = np.zeros(rows, dtype=bool)
    frontier = start[active]
    arcs: list[tuple[IntArray, IntArray]] = []  # per depth: (tail cell, head cell) of the DAG
    reached_cells: list[IntArray] = []  # per depth: the cells first reached there
    depth = 0
    degree = np.diff(indptr)
    while frontier.size:
        # a search whose next level could pass n / _WIDE actors is left to igraph before it
        frontier_row = frontier // n
        ahead = np.bincount(frontier_row, weights=degree[frontier % n], minlength=rows)
        grow = (reached + ahead) * _WIDE > n
        if grow.any():
            wide |= grow
            active &= ~grow
            frontier = frontier[active[frontier_row]]
            if not frontier.size:
                break
        owner, position = _ranges(indptr, frontier % n)
        tail = frontier[owner]
        head = tail - tail % n + indices[position]
        fresh = level[head] < 0
        tail, head = tail[fresh], head[fresh]
        depth += 1
        np.add.at(sigma, head, sigma[tail])
        order = np.arange(head.size, dtype=np.int64)
        slot[head] = order  # the last arc into each cell names it once
        found = head[slot[head] == order]
        level[found] = depth
        arcs.append((tail, head))
        reached_cells.append(found)
        row = found // n
        mate = code[found % n] == row_code[row]
        left -= np.bincount(row[mate], minlength=rows)
        reached += np.bincount(row, minlength=rows)
        active &= left > 0
        frontier = found[active[row]]
    for tail, head in reversed(arcs):
        target = code[head % n] == row_code[head // n]
        np.add.at(delta, tail, sigma[tail] * ((target + delta[head]) / sigma[head]))
    touched = np.concatenate(reached_cells) if arcs else np.zeros(0, dtype=np.int64)
    kept = touched[~wide[touched // n]]
    values: FloatArray = np.bincount(kept % n, weights=delta[kept], minlength=n).astype(np.float64)
    for cells in (start, touched):
        level[cells] = -1
        sigma[cells] = 0.0
        delta[cells] = 0.0
    return values, sources[wide]


_ZERO: Final = 1e-9
"""A difference ``2 B(v) - W(v)`` below this share of ``2 B(v)`` is rounding of a zero."""

Method = Literal["auto", "subset", "difference"]

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
    _connected: sparse.csr_array = field(repr=False)  # groups x groups: sum of c_a * c_b
    _subset: Subset = field(repr=False)
    _pairs: dict[tuple[str, str], np.ndarray | None] = field(default_factory=dict, repr=False)
    _index: dict[str, int] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._index.update((g, k) for k, g in enumerate(self.groups))

    def pair_connected(self, a: str, b: str) -> int:
        """Number of connected ordered pairs of actors, one in group `a` and one in group `b`."""
        index = self._index
        if a == b or a not in index or b not in index:
            return 0
        return 2 * int(self._connected[index[a], index[b]])

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


def cross_group_dependence(
    graph: nx.Graph[Any],
    *,
    group: str,
    arrays: GraphArrays | None = None,
    jobs: int | None = None,
    method: Method = "auto",
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
    method
        ``"subset"``: one igraph subset betweenness per group; ``"difference"``: all-pairs
        betweenness minus truncated within-group searches (module notes); ``"auto"``: the
        first below about 2,000 ties, the second from there on (they agree up to rounding).

    Returns
    -------
    PathDependence
    """
    if method not in ("auto", "subset", "difference"):
        raise ValueError(f"unknown method {method!r}: 'auto', 'subset' or 'difference'")
    sym = arrays.undirected if arrays is not None else None
    if sym is None or sym.n != graph.number_of_nodes() or sym.n_ties != graph.number_of_edges():
        sym = graph_arrays(graph).undirected
    actors = [str(v) for v in sym.nodes]
    n = len(actors)
    names = [str(graph.nodes[a][group]) for a in actors]
    groups = sorted(set(names))
    index = {g: k for k, g in enumerate(groups)}
    code = np.array([index[g] for g in names], dtype=np.int64)
    members: dict[str, list[int]] = {g: [] for g in groups}
    for i, g in enumerate(names):
        members[g].append(i)
    # connected ordered pairs per group pair, from the component x group counts c
    labels = weak_components(sym).labels
    count = np.ones(n, dtype=np.int64)
    shape = (int(labels.max()) + 1 if n else 0, len(groups))
    cells = sparse.csr_array((count, (labels, code)), shape=shape)  # duplicates are summed
    cells.sum_duplicates()
    sizes = np.bincount(labels, minlength=shape[0]) if n else np.zeros(0, dtype=np.int64)
    total_pairs = int((sizes * sizes).sum()) - int((cells.data * cells.data).sum())
    connected = sparse.csr_array(cells.T @ cells)
    subset = _subset_function(sym)
    if method == "auto":
        method = "difference" if n_parts(sym) > 1 else "subset"
    if not total_pairs:
        ordered = np.zeros(n)
    elif method == "difference":
        ordered = _cross_by_difference(sym, code, labels, jobs)
    else:
        ordered = 2.0 * _cross_by_groups(sym, members, groups, jobs)
    share = ordered / total_pairs if total_pairs else np.zeros(n)
    return PathDependence(
        actors=actors, groups=groups, share=share, _members=members, _connected=connected,
        _subset=subset,
    )  # fmt: skip


def _cross_by_groups(
    sym: GraphArrays, members: dict[str, list[int]], groups: list[str], jobs: int | None
) -> FloatArray:
    """Half the ordered cross-group sums: one igraph subset betweenness per group."""
    n = sym.n
    subset = _subset_function(sym)
    cross = np.zeros(n)
    searched = [g for g in groups if members[g] and len(members[g]) < n]
    pieces = np.array_split(np.arange(len(searched)), n_parts(sym))

    def part(p: int) -> FloatArray:
        total = np.zeros(n)
        for k in pieces[p].tolist():
            inside = members[searched[k]]
            others = np.ones(n, dtype=bool)
            others[inside] = False
            total += subset(inside, np.flatnonzero(others).tolist())
        return total

    for values in map_parts(part, len(pieces), resolve_jobs(jobs)):
        cross += values
    return cross


def _cross_by_difference(
    sym: GraphArrays, code: IntArray, labels: IntArray, jobs: int | None
) -> FloatArray:
    """The ordered cross-group sums as ``2 B - W`` (module notes): truncated within-group
    searches, igraph's subset betweenness for the wide ones, the kept betweenness `B`."""
    n = sym.n
    full = 2.0 * betweenness(sym, weighted=False, jobs=jobs)
    # group-mates in the same component: the targets each truncated search has to reach
    cell = labels * (int(code.max()) + 1) + code
    _, inverse, counts = np.unique(cell, return_inverse=True, return_counts=True)
    mates = counts[inverse] - 1
    sources = np.flatnonzero(mates > 0)
    pieces = np.array_split(sources, n_parts(sym))
    rows = max(1, _BLOCK_CELLS // max(n, 1))
    subset = _subset_function(sym)

    def part(p: int) -> FloatArray:
        total = np.zeros(n)
        wide: list[IntArray] = []
        piece = pieces[p]
        work = _Work(min(rows, piece.size), n)
        for start in range(0, piece.size, rows):
            block = piece[start : start + rows]
            values, left = _within_block(sym, code, block, mates[block], work)
            total += values
            wide.append(left)
        rest = np.concatenate(wide) if wide else np.zeros(0, dtype=np.int64)
        for k in np.unique(code[rest]).tolist():
            inside = np.flatnonzero(code == k).tolist()
            # igraph counts each pair of an undirected network half: twice that per source
            total += 2.0 * subset(rest[code[rest] == k].tolist(), inside)
        return total

    within = np.zeros(n)
    for values in map_parts(part, len(pieces), resolve_jobs(jobs)):
        within += values
    cross = full - within
    cross[cross <= _ZERO * full] = 0.0
    return cross
