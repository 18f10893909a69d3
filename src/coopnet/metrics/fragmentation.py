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

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import networkx as nx
import numpy as np
import numpy.typing as npt
import pandas as pd

from coopnet.metrics._engine import (
    Components,
    harmonic_sums,
    removal_effects,
    weak_components,
)
from coopnet.metrics._engine import strong_component_count as _strong_count
from coopnet.metrics._util import node_groups
from coopnet.metrics.arrays import GraphArrays, graph_arrays
from coopnet.metrics.sampling import EXACT, Estimation
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


# ----------------------------------------------------------------------------------------------
# internal: everything from the array form (coopnet.metrics.arrays)
# ----------------------------------------------------------------------------------------------
def exact_fragmentation(squares: int, n: int) -> Fraction:
    r"""Return :math:`F = 1 - (\sum s^2 - n) / (n (n - 1))` exactly, for ``n >= 2``.

    `squares` is the sum of the squared component sizes, so :math:`\sum s^2 - n` counts the
    connected *ordered* pairs.
    """
    return 1 - Fraction(squares - n, n * (n - 1))


def _fragmentation_value(squares: int, n: int) -> float:
    """:func:`exact_fragmentation` rounded once (NaN if fewer than two actors)."""
    return float(exact_fragmentation(squares, n)) if n >= 2 else float("nan")


def _squares(parts: Components) -> int:
    return int(sum(int(s) * int(s) for s in parts.sizes.tolist()))


def fragmentation_of(arrays: GraphArrays) -> float:
    """:func:`fragmentation` of an array form."""
    return _fragmentation_value(_squares(weak_components(arrays)), arrays.n)


def largest_share_of(arrays: GraphArrays) -> float:
    """:func:`largest_component_share` of an array form."""
    parts = weak_components(arrays)
    return float(parts.sizes[0] / arrays.n) if arrays.n else float("nan")


def group_codes(graph: nx.Graph[Any], nodes: Sequence[str], group: str) -> IntArray:
    """Return integer group codes aligned with `nodes` (checks every actor has a group)."""
    groups = node_groups(graph, group)
    codes = pd.factorize(pd.Series([groups[v] for v in nodes], dtype=object))[0]
    return np.asarray(codes, dtype=np.int64)


def reachable_share_of(parts: Components, codes: IntArray | None) -> float:
    """Return the share of (cross-group, if `codes`) unordered pairs in the same component."""
    labels, count = parts.labels, parts.count
    n = labels.size
    sizes = parts.sizes
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


def distance_fragmentation_of(
    arrays: GraphArrays, *, weighted: bool, jobs: int | None = None, estimation: Estimation = EXACT
) -> float:
    """:func:`distance_fragmentation` of an array form (symmetrised here; estimated from pivots
    with a sampled `estimation`)."""
    n = arrays.n
    if n < 2:
        return float("nan")
    harmonic = harmonic_sums(
        arrays.undirected, weighted=weighted, jobs=jobs, sampling=estimation.distances
    )
    return 1.0 - float(harmonic.sum()) / (n * (n - 1))


# ----------------------------------------------------------------------------------------------
# components
# ----------------------------------------------------------------------------------------------
def component_membership(graph: nx.Graph[Any]) -> pd.Series:
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
    arrays = graph_arrays(graph)
    index = pd.Index(list(arrays.nodes), name=ID, dtype=object)
    labels = weak_components(arrays).labels
    return pd.Series(labels, index=index, name="component", dtype="int64")


def component_sizes(graph: nx.Graph[Any]) -> list[int]:
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
    return [int(s) for s in weak_components(graph_arrays(graph)).sizes.tolist()]


def strong_component_count(graph: nx.Graph[Any]) -> int:
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
    return strong_component_count_of(graph_arrays(graph))


def largest_component_share(graph: nx.Graph[Any]) -> float:
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
    return largest_share_of(graph_arrays(graph))


# ----------------------------------------------------------------------------------------------
# fragmentation
# ----------------------------------------------------------------------------------------------
def fragmentation(graph: nx.Graph[Any]) -> float:
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
    return fragmentation_of(graph_arrays(graph))


def distance_fragmentation(graph: nx.Graph[Any], *, weight: str | None = None) -> float:
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
    10,000 actors, take 10-20 s). Weighted, python-igraph's harmonic centrality (Dijkstra in C)
    gives every actor's sum of reciprocal distances: :math:`O(n (m + n \log n))`. Both split the sources over the available cores
    (:mod:`coopnet.metrics._engine`). Memory is :math:`O(n + m)` plus bounded blocks of 16 MiB.

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
    return distance_fragmentation_of(
        graph_arrays(graph, weight=weight), weighted=weight is not None
    )


# ----------------------------------------------------------------------------------------------
# cut vertices and bridges
# ----------------------------------------------------------------------------------------------
def cut_vertices(graph: nx.Graph[Any]) -> list[str]:
    """Return the cut vertices (articulation points): actors whose removal splits a component.

    An actor is a cut vertex if removing it (and its ties) increases the number of weak
    components; UCINET "cutpoints", statnet ``sna::cutpoints(connected="weak")``. Found by one
    depth-first search on the symmetrised graph (Hopcroft & Tarjan 1973; the same search gives
    :func:`bridges` and the key-player evaluation); tested equal to
    ``networkx.articulation_points``.

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
    return cut_vertices_of(graph_arrays(graph))


def bridges(graph: nx.Graph[Any]) -> pd.DataFrame:
    """Return the bridges: ties whose removal splits a component.

    A tie is a bridge if it lies on no cycle of the symmetrised graph, i.e. it is the only
    connection between the two parts it joins: a tie of the depth-first search tree from
    :math:`v` to its child :math:`u` whose subtree has no other tie to :math:`v` or above
    (:math:`low(u) > disc(v)`; Tarjan 1974). Tested equal to ``networkx.bridges``.

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
    .. [1] Tarjan, R. E. (1974). A note on finding the bridges of a graph. *Information
       Processing Letters*, 2(6), 160-161. https://doi.org/10.1016/0020-0190(74)90003-9

    Examples
    --------
    >>> bridges(nx.Graph([("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")]))
      source target
    0      c      d
    """
    return bridges_of(graph_arrays(graph))


# ----------------------------------------------------------------------------------------------
# reachability
# ----------------------------------------------------------------------------------------------
def reachable_pair_share(graph: nx.Graph[Any], *, group: str | None = None) -> float:
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
    arrays = graph_arrays(graph)
    codes = group_codes(graph, arrays.nodes, group) if group is not None else None
    return reachable_share_of(weak_components(arrays), codes)


def cut_vertices_of(arrays: GraphArrays) -> list[str]:
    """:func:`cut_vertices` of an array form."""
    effects = removal_effects(arrays.undirected)
    return [arrays.nodes[v] for v, count in enumerate(effects.pieces) if count >= 2]


def bridges_of(arrays: GraphArrays) -> pd.DataFrame:
    """:func:`bridges` of an array form."""
    nodes = arrays.nodes
    rows = sorted(
        (nodes[u], nodes[v]) if nodes[u] < nodes[v] else (nodes[v], nodes[u])
        for u, v in removal_effects(arrays.undirected).bridges
    )
    return pd.DataFrame(rows, columns=[SOURCE, TARGET], dtype=object)


def strong_component_count_of(arrays: GraphArrays) -> int:
    """:func:`strong_component_count` of an array form."""
    return _strong_count(arrays)
