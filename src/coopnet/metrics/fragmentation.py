r"""Fragmentation: components, Borgatti's fragmentation, cut vertices, bridges, reachability.

"Who holds the cooperation network together?" starts with how it falls apart: which actors are in
which (weak) component, what share of actor pairs can reach each other at all
(:func:`fragmentation`, :func:`reachable_pair_share`), how far apart they are
(:func:`distance_fragmentation`), and which single actors or ties are the only link between parts
of the network (:func:`cut_vertices`, :func:`bridges`). The key-player search built on these
measures lives in :mod:`coopnet.metrics.keyplayers`.

Conventions (statnet ``sna`` / UCINET): components are *weak* components (a directed tie connects
its two actors whichever way it points) and isolated actors count as components of size one.
Every measure here works on the symmetrised graph (:func:`coopnet.metrics._util.symmetrise`).
"""

from __future__ import annotations

from fractions import Fraction

import networkx as nx
import numpy as np
import numpy.typing as npt
import pandas as pd
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components, shortest_path

from coopnet.metrics._util import gather_neighbours as _gather
from coopnet.metrics._util import node_groups, require_simple, symmetrise
from coopnet.schema import ID, SOURCE, TARGET

__all__ = [
    "bridges",
    "component_membership",
    "component_sizes",
    "cut_vertices",
    "distance_fragmentation",
    "fragmentation",
    "largest_component_share",
    "reachable_pair_share",
    "strong_component_count",
]

IntArray = npt.NDArray[np.int64]

_BFS_BUDGET = 1 << 26
"""Bytes the bit-parallel BFS may use for one gathered block (64 MiB); bounds peak memory."""
_BFS_MAX_WORDS = 16
"""At most 16 x 64 = 1024 BFS sources are run side by side."""
_DIJKSTRA_BUDGET = 1 << 26
"""Bytes of one chunk of the distance matrix (rows x n float64) in the weighted path (64 MiB)."""


# ----------------------------------------------------------------------------------------------
# internal: sorted node order, symmetric sparse adjacency, components
# ----------------------------------------------------------------------------------------------
def _nodes(graph: nx.Graph) -> list[str]:
    """Return the actor ids in sorted order (the row order of every sparse matrix here)."""
    return sorted(graph.nodes)


def _adjacency(graph: nx.Graph, nodes: list[str], *, weight: str | None = None) -> sp.csr_array:
    """Return the symmetric sparse adjacency of the symmetrised graph in the order of `nodes`.

    Entries are the (larger) tie weight, or 1 when `weight` is ``None``; the diagonal is empty
    (:func:`require_simple` rejects self-ties).
    """
    if not nodes:
        return sp.csr_array((0, 0), dtype=np.float64)
    base = symmetrise(graph, weight=weight) if (graph.is_directed() or weight) else graph
    adj = nx.to_scipy_sparse_array(base, nodelist=nodes, weight=weight, format="csr")
    return sp.csr_array(adj, dtype=np.float64)


def _components(adj: sp.csr_array) -> tuple[int, IntArray]:
    """Return ``(count, labels)`` of the components of a symmetric adjacency, 0 = largest.

    Labels are aligned with the rows of `adj` (the id-sorted actors) and numbered by
    :func:`_ordered_labels`.
    """
    if adj.shape[0] == 0:
        return 0, np.zeros(0, dtype=np.int64)
    count, labels = connected_components(adj, directed=False)
    return int(count), _ordered_labels(int(count), labels.astype(np.int64))


def _ordered_labels(count: int, labels: IntArray) -> IntArray:
    """Renumber component labels: 0 = largest, ties broken by the smallest member id.

    `labels` is aligned with the id-sorted node list, so the first position of a label is the
    position of its smallest member id.
    """
    sizes = np.bincount(labels, minlength=count)
    first = np.full(count, labels.size, dtype=np.int64)
    np.minimum.at(first, labels, np.arange(labels.size, dtype=np.int64))
    order = np.lexsort((first, -sizes))  # last key is primary: size descending, then first id
    rank = np.empty(count, dtype=np.int64)
    rank[order] = np.arange(count, dtype=np.int64)
    return rank[labels]


def _fragmentation_value(pairs: int, n: int) -> float:
    """Return :math:`1 - pairs / (n(n-1))` rounded once from the exact fraction (NaN if n < 2).

    `pairs` counts the connected *ordered* pairs.
    """
    return float(1 - Fraction(pairs, n * (n - 1))) if n >= 2 else float("nan")


def _sizes(count: int, labels: IntArray) -> IntArray:
    """Return the component sizes indexed by (ordered) label, i.e. in descending order."""
    return np.bincount(labels, minlength=count).astype(np.int64)


def _fragmentation_from_labels(count: int, labels: IntArray) -> float:
    """Return :math:`F` from component labels (exact integer arithmetic, rounded once)."""
    sizes = [int(s) for s in _sizes(count, labels)]
    return _fragmentation_value(sum(s * (s - 1) for s in sizes), labels.size)


def _largest_share_from_labels(count: int, labels: IntArray) -> float:
    """Return the share of actors in component 0 (NaN without actors)."""
    return float(np.count_nonzero(labels == 0) / labels.size) if labels.size else float("nan")


def _group_codes(graph: nx.Graph, nodes: list[str], group: str) -> IntArray:
    """Return integer group codes aligned with `nodes` (checks every actor has a group)."""
    groups = node_groups(graph, group)
    codes = pd.factorize(pd.Series([groups[v] for v in nodes], dtype=object))[0]
    return np.asarray(codes, dtype=np.int64)


def _reachable_share(count: int, labels: IntArray, codes: IntArray | None) -> float:
    """Return the share of (cross-group, if `codes`) unordered pairs in the same component."""
    n = labels.size
    sizes = _sizes(count, labels)
    connected = int((sizes * sizes).sum())
    total = n * n
    if codes is not None and n:
        n_groups = int(codes.max()) + 1
        cells = np.bincount(labels * n_groups + codes, minlength=count * n_groups)
        group_sizes = np.bincount(codes, minlength=n_groups).astype(np.int64)
        connected -= int((cells.astype(np.int64) ** 2).sum())
        total -= int((group_sizes * group_sizes).sum())
    else:
        connected -= n
        total -= n
    return connected / total if total > 0 else float("nan")


def _distance_fragmentation_from_adjacency(adj: sp.csr_array, *, weighted: bool) -> float:
    """Return distance-weighted fragmentation from a symmetric adjacency of tie weights."""
    n = adj.shape[0]
    if n < 2:
        return float("nan")
    if not weighted:
        total = _inverse_distance_sum_bfs(adj)
    elif adj.nnz and np.all(adj.data == adj.data[0]):
        # every tie has the same weight w: d = hops / w, so the sum scales by w
        total = float(adj.data[0]) * _inverse_distance_sum_bfs(adj)
    else:
        lengths = adj.copy()
        lengths.data = 1.0 / lengths.data
        total = _inverse_distance_sum_dijkstra(lengths)
    return 1.0 - total / (n * (n - 1))


# ----------------------------------------------------------------------------------------------
# components
# ----------------------------------------------------------------------------------------------
def component_membership(graph: nx.Graph) -> pd.Series:
    """Return the weak component of every actor, numbered by size.

    Components are the weak components of `graph` (for a ``DiGraph`` a tie connects its actors
    whichever way it points; statnet ``sna::component.dist(connected="weak")``, UCINET). Component
    ``0`` is the largest; components of equal size are ordered by their smallest actor id.
    An isolated actor is a component of its own.

    Parameters
    ----------
    graph
        Tie network following the graph contract (``nx.Graph`` or ``nx.DiGraph``).

    Returns
    -------
    pandas.Series
        Named ``"component"``, dtype ``int64``, indexed by actor id (index name ``"id"``), sorted
        by id. Empty for an empty graph.

    Raises
    ------
    GraphError
        If `graph` is a multigraph or has self-ties.

    Examples
    --------
    >>> g = nx.Graph([("a", "b"), ("c", "d"), ("d", "e")])
    >>> g.add_node("f")
    >>> component_membership(g).to_dict()
    {'a': 1, 'b': 1, 'c': 0, 'd': 0, 'e': 0, 'f': 2}
    """
    require_simple(graph)
    nodes = _nodes(graph)
    _, labels = _components(_adjacency(graph, nodes))
    index = pd.Index(nodes, name=ID, dtype=object)
    return pd.Series(labels, index=index, name="component", dtype="int64")


def component_sizes(graph: nx.Graph) -> list[int]:
    """Return the sizes of the weak components (isolates included), largest first.

    Parameters
    ----------
    graph
        Tie network following the graph contract; directed ties count in either direction.

    Returns
    -------
    list of int
        One size per component, in descending order; they sum to the number of actors. Empty for
        an empty graph.

    Examples
    --------
    >>> g = nx.Graph([("a", "b"), ("c", "d"), ("d", "e")])
    >>> g.add_node("f")
    >>> component_sizes(g)
    [3, 2, 1]
    """
    require_simple(graph)
    nodes = _nodes(graph)
    count, labels = _components(_adjacency(graph, nodes))
    return [int(s) for s in _sizes(count, labels)]


def strong_component_count(graph: nx.Graph) -> int:
    """Return the number of strong components (isolates count as one each).

    In a ``DiGraph`` two actors are in the same strong component if each can reach the other along
    directed ties (``networkx.number_strongly_connected_components``; statnet
    ``sna::components(connected="strong")``). For an undirected graph strong and weak components
    coincide, so this is the number of connected components.

    Parameters
    ----------
    graph
        Tie network following the graph contract.

    Returns
    -------
    int
        Number of strong components; ``0`` for an empty graph.

    Examples
    --------
    >>> strong_component_count(nx.DiGraph([("a", "b"), ("b", "c"), ("c", "b")]))
    2
    """
    require_simple(graph)
    if graph.is_directed():
        return int(nx.number_strongly_connected_components(graph))
    return int(nx.number_connected_components(graph))


def largest_component_share(graph: nx.Graph) -> float:
    """Return the share of actors in the largest weak component.

    :math:`s_{\\max} / n`, between :math:`1/n` (only isolates) and 1 (connected).

    Parameters
    ----------
    graph
        Tie network following the graph contract; directed ties count in either direction.

    Returns
    -------
    float
        The share; NaN for an empty graph.

    Examples
    --------
    >>> largest_component_share(nx.Graph([("a", "b"), ("c", "d"), ("d", "e")]))
    0.6
    """
    require_simple(graph)
    nodes = _nodes(graph)
    return _largest_share_from_labels(*_components(_adjacency(graph, nodes)))


# ----------------------------------------------------------------------------------------------
# fragmentation
# ----------------------------------------------------------------------------------------------
def fragmentation(graph: nx.Graph) -> float:
    r"""Return Borgatti's fragmentation: the share of actor pairs that cannot reach each other.

    .. math::

        F = 1 - \frac{\sum_k s_k (s_k - 1)}{n (n - 1)}

    where :math:`s_k` are the sizes of the weak components and :math:`n` the number of actors
    (Borgatti 2006; UCINET's fragmentation, R ``keyplayer::fragment``; the component sizes are
    those of statnet ``sna::component.dist(connected="weak")``). It equals :math:`1 -` the share of ordered (and of unordered) pairs that are connected: 0 for a
    connected network, 1 when every actor is an isolate.

    Parameters
    ----------
    graph
        Tie network following the graph contract. Direction is ignored (weak components) and so
        are weights. Isolates are components of size one and increase :math:`F`.

    Returns
    -------
    float
        :math:`F \in [0, 1]`; NaN if there are fewer than two actors. Computed exactly with integer
        arithmetic and rounded once.

    Raises
    ------
    GraphError
        If `graph` is a multigraph or has self-ties.

    References
    ----------
    .. [1] Borgatti, S. P. (2006). Identifying sets of key players in a social network.
       *Computational and Mathematical Organization Theory*, 12(1), 21-34.
       https://doi.org/10.1007/s10588-006-7084-x

    Examples
    --------
    >>> star = nx.star_graph(["hub", "a", "b", "c"])
    >>> fragmentation(star)
    0.0
    >>> fragmentation(star.subgraph(["a", "b", "c"]))
    1.0
    """
    require_simple(graph)
    nodes = _nodes(graph)
    return _fragmentation_from_labels(*_components(_adjacency(graph, nodes)))


def distance_fragmentation(graph: nx.Graph, *, weight: str | None = None) -> float:
    r"""Return Borgatti's distance-weighted fragmentation (one minus compactness).

    .. math::

        {}^{D}F = 1 - \frac{\sum_{i \ne j} 1 / d_{ij}}{n (n - 1)}

    with :math:`d_{ij}` the shortest-path distance in the symmetrised graph and
    :math:`1/\infty = 0` for actors in different components (Borgatti 2006, "distance-weighted
    fragmentation"; UCINET). It is one minus UCINET's compactness, i.e. one minus the average
    reciprocal distance, which is also Latora & Marchiori's (2001) global efficiency. With
    ``weight`` the length of a tie is :math:`1 / w` (a strong tie is a short tie).

    Unweighted, :math:`{}^{D}F \ge F` (:func:`fragmentation`) always holds, because
    :math:`1/d_{ij} \le 1` for connected pairs and :math:`= 0` otherwise; equality holds exactly
    when every component is a clique. The same bound and :math:`{}^{D}F \in [0, 1]` hold weighted
    as long as all weights are :math:`\le 1` (every length :math:`\ge 1`); with larger weights
    distances fall below 1 and :math:`{}^{D}F` can drop below :math:`F`, even below 0 — rescale
    weights to :math:`(0, 1]` (e.g. divide by the largest) for a bounded measure.

    Parameters
    ----------
    graph
        Tie network following the graph contract; a ``DiGraph`` is symmetrised (a tie if either
        arc exists, with the larger weight). Isolates have :math:`1/d = 0` to everyone.
    weight
        Edge attribute with the tie intensity (a missing value counts as 1.0), or ``None``
        (default) for unweighted distances.

    Returns
    -------
    float
        :math:`{}^{D}F`; NaN if there are fewer than two actors.

    Raises
    ------
    GraphError
        If `graph` is a multigraph, has self-ties, or a weight is not a finite number > 0.

    Notes
    -----
    Distances are never stored for all pairs at once. Unweighted (or when all ties have the same
    weight), a bit-parallel breadth-first search runs up to 1,024 sources side by side over the
    sparse adjacency (one bit per source) and counts the newly reached pairs per level: at most
    :math:`O(D \, m \, n / 64)` word operations for diameter :math:`D`, about 1-2 s for a
    small-world network of 10,000 actors and 30,000 ties (long chains, e.g. a random tree of
    10,000 actors, take 10-20 s). Weighted, ``scipy.sparse.csgraph.shortest_path`` (Dijkstra)
    runs on chunks of sources: :math:`O(n (m + n \log n))`, about 30 s for the same graph. Memory
    is :math:`O(n + m)` plus bounded blocks of 64 MiB (a few hundred MiB peak for 10,000 actors).

    References
    ----------
    .. [1] Borgatti, S. P. (2006). Identifying sets of key players in a social network.
       *Computational and Mathematical Organization Theory*, 12(1), 21-34.
       https://doi.org/10.1007/s10588-006-7084-x
    .. [2] Latora, V., & Marchiori, M. (2001). Efficient behavior of small-world networks.
       *Physical Review Letters*, 87(19), 198701. https://doi.org/10.1103/PhysRevLett.87.198701

    Examples
    --------
    >>> path = nx.path_graph(["a", "b", "c"])
    >>> round(distance_fragmentation(path), 4)  # 1 - (4 * 1 + 2 * 1/2) / 6
    0.1667
    """
    require_simple(graph)
    nodes = _nodes(graph)
    adj = _adjacency(graph, nodes, weight=weight)
    return _distance_fragmentation_from_adjacency(adj, weighted=weight is not None)


def _popcount(words: npt.NDArray[np.uint64]) -> int:
    """Return the number of set bits in an array of 64-bit words."""
    if hasattr(np, "bitwise_count"):  # numpy >= 2.0
        return int(np.bitwise_count(words).sum())
    return int(np.unpackbits(np.ascontiguousarray(words).view(np.uint8)).sum())


def _inverse_distance_sum_bfs(adj: sp.csr_array) -> float:
    r"""Return :math:`\sum_{i \ne j} 1/d_{ij}` of an unweighted symmetric adjacency.

    Bit-parallel breadth-first search: bit :math:`b` of word row ``seen[v]`` says that source
    :math:`b` of the current chunk has reached :math:`v`. One level expands every frontier at once:
    ``new[v] = OR(frontier[u] for u in N(v)) & ~seen[v]``; the number of new bits at level
    :math:`\ell` is the number of ordered pairs at distance :math:`\ell`.
    """
    n = adj.shape[0]
    indptr = adj.indptr.astype(np.int64)
    indices = adj.indices.astype(np.int64)
    words = int(min(_BFS_MAX_WORDS, max(1, _BFS_BUDGET // (8 * max(adj.nnz, n)))))
    # sources without ties contribute nothing
    sources = np.flatnonzero(np.diff(indptr) > 0).astype(np.int64)
    total = 0.0
    step = 64 * words
    for start in range(0, sources.size, step):
        total += _bfs_chunk(indptr, indices, n, sources[start : start + step])
    return total


def _bfs_chunk(indptr: IntArray, indices: IntArray, n: int, sources: IntArray) -> float:
    """Return the sum of reciprocal distances from the given sources (at most 64 * 16)."""
    count = sources.size
    columns = np.arange(count, dtype=np.int64)
    seen = np.zeros((n, (count + 63) // 64), dtype=np.uint64)
    seen[sources, columns // 64] = np.left_shift(np.uint64(1), (columns % 64).astype(np.uint64))
    frontier = seen.copy()
    mark = np.zeros(n, dtype=bool)
    active = sources
    total = 0.0
    level = 0
    while active.size:
        level += 1
        neighbours, _ = _gather(indptr, indices, active)
        mark[neighbours] = True
        candidates = np.flatnonzero(mark)
        mark[candidates] = False
        their_neighbours, offsets = _gather(indptr, indices, candidates)
        new = np.bitwise_or.reduceat(frontier[their_neighbours], offsets, axis=0)
        new &= ~seen[candidates]
        hit = new.any(axis=1)
        candidates, new = candidates[hit], new[hit]
        frontier[active] = 0
        if not candidates.size:
            break
        total += _popcount(new) / level
        seen[candidates] |= new
        frontier[candidates] = new
        active = candidates
    return total


def _inverse_distance_sum_dijkstra(lengths: sp.csr_array) -> float:
    r"""Return :math:`\sum_{i \ne j} 1/d_{ij}` for a symmetric matrix of tie lengths (Dijkstra)."""
    n = lengths.shape[0]
    rows = max(1, _DIJKSTRA_BUDGET // (8 * n))
    total = 0.0
    for start in range(0, n, rows):
        chunk = np.arange(start, min(n, start + rows))
        dist = shortest_path(lengths, method="D", directed=True, indices=chunk)
        total += float(np.divide(1.0, dist, out=np.zeros_like(dist), where=dist > 0).sum())
    return total


def _distance_fragmentation_reference(graph: nx.Graph, *, weight: str | None = None) -> float:
    """Plain networkx implementation of :func:`distance_fragmentation` (for tests).

    All-pairs shortest paths with ``networkx.all_pairs_shortest_path_length`` (unweighted) or
    ``networkx.all_pairs_dijkstra_path_length`` with length ``1 / weight``.
    """
    require_simple(graph)
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
# cut vertices and bridges
# ----------------------------------------------------------------------------------------------
def cut_vertices(graph: nx.Graph) -> list[str]:
    """Return the cut vertices (articulation points): actors whose removal splits a component.

    An actor is a cut vertex if removing it (and its ties) increases the number of weak
    components; UCINET "cutpoints", statnet ``sna::cutpoints(connected="weak")``. Wraps
    ``networkx.articulation_points`` (Hopcroft & Tarjan 1973) on the symmetrised graph.

    Parameters
    ----------
    graph
        Tie network following the graph contract; direction is ignored, isolates are never
        cut vertices.

    Returns
    -------
    list of str
        Actor ids, sorted.

    References
    ----------
    .. [1] Hopcroft, J., & Tarjan, R. (1973). Algorithm 447: Efficient algorithms for graph
       manipulation. *Communications of the ACM*, 16(6), 372-378.
       https://doi.org/10.1145/362248.362272

    Examples
    --------
    >>> cut_vertices(nx.path_graph(["a", "b", "c", "d"]))
    ['b', 'c']
    """
    require_simple(graph)
    undirected = graph.to_undirected(as_view=True) if graph.is_directed() else graph
    return sorted(nx.articulation_points(undirected))


def bridges(graph: nx.Graph) -> pd.DataFrame:
    """Return the bridges: ties whose removal splits a component.

    A tie is a bridge if it lies on no cycle of the symmetrised graph, i.e. it is the only
    connection between the two parts it joins. Wraps ``networkx.bridges`` (chain decomposition,
    Schmidt 2013).

    Parameters
    ----------
    graph
        Tie network following the graph contract; a reciprocated pair of arcs is one tie.

    Returns
    -------
    pandas.DataFrame
        Columns ``source``, ``target`` (``source < target`` by id), one row per bridge, rows
        sorted, a default ``RangeIndex``. Empty (with both columns) if there is no bridge.

    References
    ----------
    .. [1] Schmidt, J. M. (2013). A simple test on 2-vertex- and 2-edge-connectivity.
       *Information Processing Letters*, 113(7), 241-244.
       https://doi.org/10.1016/j.ipl.2013.01.016

    Examples
    --------
    >>> bridges(nx.Graph([("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")]))
      source target
    0      c      d
    """
    require_simple(graph)
    undirected = graph.to_undirected(as_view=True) if graph.is_directed() else graph
    rows = sorted(tuple(sorted((u, v))) for u, v in nx.bridges(undirected))
    return pd.DataFrame(rows, columns=[SOURCE, TARGET], dtype=object)


# ----------------------------------------------------------------------------------------------
# reachability
# ----------------------------------------------------------------------------------------------
def reachable_pair_share(graph: nx.Graph, *, group: str | None = None) -> float:
    r"""Return the share of unordered actor pairs that are connected (in the same weak component).

    Without `group` this is :math:`\sum_k \binom{s_k}{2} / \binom{n}{2} = 1 - F`. With `group`
    only pairs of actors from *different* groups count:

    .. math::

        R_{\text{cross}} = \frac{\sum_k \left(s_k^2 - \sum_g s_{kg}^2\right)}
                                {n^2 - \sum_g n_g^2}

    where :math:`s_{kg}` is the number of actors of group :math:`g` in component :math:`k` and
    :math:`n_g` the size of group :math:`g` (numerator and denominator are twice the number of
    connected and of all cross-group pairs). Computed from the component-by-group counts, never
    from all pairs.

    Parameters
    ----------
    graph
        Tie network following the graph contract; direction is ignored (weak components).
    group
        Node attribute with each actor's group (every actor needs a non-empty string), or
        ``None`` for all pairs.

    Returns
    -------
    float
        Share in :math:`[0, 1]`; NaN if there is no pair to count (fewer than two actors, or
        everyone in the same group).

    Raises
    ------
    GraphError
        If `graph` is a multigraph, has self-ties, or an actor lacks the group attribute.

    Examples
    --------
    >>> g = nx.Graph([("a", "b"), ("c", "d")])
    >>> nx.set_node_attributes(g, {"a": "x", "b": "y", "c": "x", "d": "x"}, "dept")
    >>> reachable_pair_share(g)  # 2 of 6 pairs
    0.3333333333333333
    >>> reachable_pair_share(g, group="dept")  # a-b of the 3 x-y pairs a-b, c-b, d-b
    0.3333333333333333
    """
    require_simple(graph)
    nodes = _nodes(graph)
    codes = _group_codes(graph, nodes, group) if group is not None else None
    count, labels = _components(_adjacency(graph, nodes))
    return _reachable_share(count, labels, codes)
