"""Small helpers shared by the measures in :mod:`coopnet.metrics` (internal, but stable).

Every helper takes a graph that follows the graph contract (``docs/architecture.md``) and never
mutates it.

* :func:`require_simple` -- reject multigraphs and self-ties with a :class:`~coopnet.errors.GraphError`.
* :func:`symmetrise` -- the undirected view of a tie network used by measures that are defined on
  undirected ties (a tie if either arc exists, carrying the larger weight).
* :func:`with_distance` -- a copy with the path-length attribute ``1 / weight`` for path measures.
* :func:`node_groups` -- the group of every actor, checked to be a non-empty string.
* :func:`actor_index` -- the sorted actor-id index (name ``id``) of actor-level tables.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import networkx as nx
import numpy as np
import numpy.typing as npt
import pandas as pd

from coopnet.errors import GraphError
from coopnet.messages import Text, listing, tr
from coopnet.schema import DEFAULT_WEIGHT, ID

__all__ = [
    "DISTANCE",
    "actor_index",
    "gather_neighbours",
    "node_groups",
    "require_simple",
    "symmetrise",
    "tie_weight",
    "with_distance",
]

DISTANCE = "_distance"
"""Name of the edge attribute :func:`with_distance` writes (``1 / weight``)."""

_MAX_LISTED = 5


def _listing(items: list[str]) -> Text:
    """The first few items, quoted, and how many more (:func:`coopnet.messages.listing`)."""
    return listing(items, limit=_MAX_LISTED)


def require_simple(graph: nx.Graph[Any]) -> None:
    """Check that `graph` is a plain ``nx.Graph``/``nx.DiGraph`` without self-ties.

    Parameters
    ----------
    graph
        The tie network.

    Raises
    ------
    GraphError
        If `graph` is not a networkx graph, is a multigraph, or has self-ties (the model removes
        self-ties and aggregates parallel ties, so either means the graph was built elsewhere).
    """
    if not isinstance(graph, nx.Graph):
        raise GraphError(tr("errors.metrics.not_a_graph", kind=type(graph).__name__))
    if graph.is_multigraph():
        raise GraphError(tr("errors.metrics.multigraph"))
    loops = sorted(str(u) for u, _ in nx.selfloop_edges(graph))
    if loops:
        raise GraphError(tr("errors.metrics.self_ties", actors=_listing(loops)))


def tie_weight(
    data: Mapping[str, object], weight: str = "weight", u: object = None, v: object = None
) -> float:
    """Return a tie's weight (1.0 where the attribute is missing), checked against the contract.

    Raises
    ------
    GraphError
        If the weight is not a finite number > 0; names the tie when `u` and `v` are given.
    """
    value = data.get(weight, DEFAULT_WEIGHT)
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        number = math.nan
    if not (math.isfinite(number) and number > 0):
        raise GraphError(
            tr(
                "errors.metrics.bad_weight",
                tie=tr("errors.metrics.tie", source=u, target=v)
                if u is not None
                else tr("errors.metrics.a_tie"),
                weight=weight,
                value=repr(value),
            )
        )
    return number


def gather_neighbours(
    indptr: npt.NDArray[np.int64], indices: npt.NDArray[np.int64], rows: npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Concatenated neighbour lists of `rows` in a CSR adjacency, and each list's start offset.

    The vectorised step of the bit-parallel breadth-first searches in
    :mod:`coopnet.metrics._engine`.
    """
    starts = indptr[rows]
    lengths = indptr[rows + 1] - starts
    ends = np.cumsum(lengths)
    offsets = ends - lengths
    positions = np.arange(int(ends[-1]) if ends.size else 0, dtype=np.int64)
    positions += np.repeat(starts - offsets, lengths)
    return indices[positions], offsets


def symmetrise(graph: nx.Graph[Any], *, weight: str | None = "weight") -> nx.Graph[Any]:
    """Return the undirected version of a tie network.

    For a ``DiGraph`` the result has an (undirected) tie between ``u`` and ``v`` if at least one of
    the arcs ``u -> v`` and ``v -> u`` exists (the "union" or "weak" symmetrisation); the tie carries
    the larger of the two arcs' weights, :math:`w_{uv} = \\max(w_{u\\to v}, w_{v\\to u})`, with a
    missing attribute counting as ``1.0``. Only the `weight` attribute is carried over for directed
    input; node attributes and graph attributes are copied.

    For an undirected ``Graph`` the result is a copy with all edge attributes (and, if `weight` is
    given, a missing weight filled with ``1.0``).

    Parameters
    ----------
    graph
        The tie network; it is not modified.
    weight
        Edge attribute holding the tie intensity, or ``None`` to drop weights (edges of a directed
        input then carry no attributes).

    Returns
    -------
    networkx.Graph
        A new undirected graph with every node of `graph`, isolates included.

    Raises
    ------
    GraphError
        If a weight is not a finite number > 0.

    Examples
    --------
    >>> g = nx.DiGraph()
    >>> g.add_edge("a", "b", weight=1.0)
    >>> g.add_edge("b", "a", weight=3.0)
    >>> sorted(symmetrise(g).edges(data="weight"))
    [('a', 'b', 3.0)]
    """
    result: nx.Graph[Any]
    if not graph.is_directed():
        result = nx.Graph(graph)
        if weight is not None:
            for u, v, data in result.edges(data=True):
                data[weight] = tie_weight(data, weight, u, v)
        return result
    result = nx.Graph()
    result.graph.update(graph.graph)
    result.add_nodes_from(graph.nodes(data=True))
    for u, v, data in graph.edges(data=True):
        if weight is None:
            result.add_edge(u, v)
            continue
        value = tie_weight(data, weight, u, v)
        if result.has_edge(u, v):
            old = result.edges[u, v][weight]
            result.edges[u, v][weight] = max(old, value)
        else:
            result.add_edge(u, v, **{weight: value})
    return result


def with_distance(graph: nx.Graph[Any], *, weight: str | None) -> tuple[nx.Graph[Any], str | None]:
    """Return a graph whose ties carry the path length ``1 / weight``, and its attribute name.

    Path-based measures (betweenness, closeness, harmonic centrality) treat a strong tie as a
    short one: the length of a tie is :math:`d_{uv} = 1 / w_{uv}` (Opsahl, Agneessens & Skvoretz
    2010 with :math:`\\alpha = 1`; Brandes 2001). Pass the returned attribute name as
    ``weight=``/``distance=`` to networkx.

    Parameters
    ----------
    graph
        The tie network; it is not modified.
    weight
        Edge attribute holding the tie intensity (missing counts as ``1.0``), or ``None`` for
        unweighted (every tie has length 1).

    Returns
    -------
    tuple of (networkx.Graph, str or None)
        ``(copy, "_distance")`` where the copy has the extra edge attribute ``"_distance"``, or
        ``(graph, None)`` itself when `weight` is ``None``.

    Raises
    ------
    GraphError
        If a weight is not a finite number > 0.

    References
    ----------
    .. [1] Brandes, U. (2001). A faster algorithm for betweenness centrality. *Journal of
       Mathematical Sociology*, 25(2), 163-177. https://doi.org/10.1080/0022250X.2001.9990249
    .. [2] Opsahl, T., Agneessens, F., & Skvoretz, J. (2010). Node centrality in weighted
       networks: Generalizing degree and shortest paths. *Social Networks*, 32(3), 245-251.
       https://doi.org/10.1016/j.socnet.2010.03.006

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_edge("a", "b", weight=4.0)
    >>> h, attr = with_distance(g, weight="weight")
    >>> h.edges["a", "b"][attr]
    0.25
    """
    if weight is None:
        return graph, None
    result = graph.copy()
    for u, v, data in result.edges(data=True):
        data[DISTANCE] = 1.0 / tie_weight(data, weight, u, v)
    return result, DISTANCE


def node_groups(graph: nx.Graph[Any], group: str) -> dict[str, str]:
    """Return ``{actor: group value}``, checking every actor has a non-empty string value.

    Parameters
    ----------
    graph
        The tie network.
    group
        Name of the node attribute that holds the grouping (e.g. ``"group"`` or ``"sector"``).

    Returns
    -------
    dict
        The group of every node.

    Raises
    ------
    GraphError
        If some actors lack the attribute or have an empty / non-string value; the message names
        up to five of them.
    """
    values = dict(graph.nodes(data=group))
    bad = sorted(str(n) for n, value in values.items() if not (isinstance(value, str) and value))
    if bad:
        raise GraphError(
            tr("errors.metrics.missing_group", n=len(bad), group=group, actors=_listing(bad))
        )
    return values


def actor_index(graph: nx.Graph[Any]) -> pd.Index:
    """Return the index of an actor-level table: the actor ids of `graph`, sorted, named ``id``.

    The dtype is what pandas infers for the ids (``str`` under pandas 3, ``object`` before), and
    the string dtype for a graph without actors, so empty and non-empty tables concatenate.

    Parameters
    ----------
    graph
        The tie network.

    Returns
    -------
    pandas.Index
        Sorted actor ids.
    """
    nodes = sorted(graph.nodes)
    index: pd.Index = pd.Index(nodes, name=ID) if nodes else pd.Index([], name=ID, dtype="str")
    return index
