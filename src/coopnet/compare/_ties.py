"""Helpers shared by the period comparisons (internal).

Every helper takes graphs that follow the graph contract (``docs/architecture.md``) and never
mutates them. A *tie key* is the hashable identity of a tie that is compared across periods:
``(source, target)`` for directed graphs and the pair ordered so that ``source < target`` (string
order of the actor ids) for undirected graphs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx

from coopnet.errors import GraphError
from coopnet.messages import Text, tr
from coopnet.messages import listing as _listing
from coopnet.metrics._util import tie_weight

__all__ = [
    "TieKey",
    "check_graphs",
    "edge_types",
    "edge_weight",
    "listing",
    "node_groups",
    "tie_key",
    "tie_table",
]

TieKey = tuple[str, str]

_MAX_LISTED = 5


def listing(items: Iterable[object]) -> Text:
    """The first few items, quoted, and how many more (:func:`coopnet.messages.listing`)."""
    return _listing(items, limit=_MAX_LISTED)


def check_graphs(graphs: Mapping[str, nx.Graph[Any]]) -> bool:
    """Check that the period graphs are simple, loop-free and of the same directedness.

    Parameters
    ----------
    graphs
        Period graphs by a name used in error messages (``"before"``, ``"2016"``, ...).

    Returns
    -------
    bool
        ``True`` if all graphs are directed, ``False`` if all are undirected (also when `graphs`
        is empty).

    Raises
    ------
    GraphError
        If a value is not a networkx graph, is a multigraph, has self-ties, or if directed and
        undirected graphs are mixed.
    """
    directed: dict[str, bool] = {}
    for name, graph in graphs.items():
        if not isinstance(graph, nx.Graph):
            raise GraphError(
                tr("errors.compare.not_a_graph", period=name, kind=type(graph).__name__)
            )
        if graph.is_multigraph():
            raise GraphError(tr("errors.compare.multigraph", period=name))
        loops = sorted(str(u) for u, _ in nx.selfloop_edges(graph))
        if loops:
            raise GraphError(tr("errors.compare.self_ties", period=name, actors=listing(loops)))
        directed[name] = graph.is_directed()
    if len(set(directed.values())) > 1:
        raise GraphError(
            tr(
                "errors.compare.mixed_direction",
                directed=[repr(n) for n, d in directed.items() if d],
                undirected=[repr(n) for n, d in directed.items() if not d],
            )
        )
    return next(iter(directed.values()), False)


def tie_key(u: str, v: str, directed: bool) -> TieKey:
    """Return the key of the tie ``u -> v`` (ordered pair; sorted pair when undirected)."""
    if directed or u <= v:
        return (u, v)
    return (v, u)


def tie_table(graph: nx.Graph[Any], directed: bool) -> dict[TieKey, dict[str, Any]]:
    """Map the key of every tie of `graph` to its edge-attribute dict (not copied)."""
    return {tie_key(u, v, directed): data for u, v, data in graph.edges(data=True)}


def edge_weight(data: Mapping[str, Any], weight: str = "weight") -> float:
    """Return the tie weight, ``1.0`` where the attribute is missing.

    Raises
    ------
    GraphError
        If the weight is not a finite number > 0 (the graph contract).
    """
    return tie_weight(data, weight)


def edge_types(data: Mapping[str, Any]) -> str:
    """Return the tie types of an edge joined with ``";"`` (``""`` when there are none)."""
    types = data.get("types", ())
    if types is None:
        return ""
    if isinstance(types, str):
        return types
    return ";".join(str(t) for t in types)


def node_groups(graph: nx.Graph[Any], group: str, *, period: str) -> dict[str, str]:
    """Return the group of every actor of `graph`.

    Raises
    ------
    GraphError
        If an actor lacks the attribute or its value is not a non-empty string.
    """
    groups: dict[str, str] = {}
    bad: list[str] = []
    for node, value in graph.nodes(data=group):
        if isinstance(value, str) and value.strip():
            groups[node] = value
        else:
            bad.append(str(node))
    if bad:
        raise GraphError(
            tr(
                "errors.compare.missing_group",
                period=period,
                actors=listing(sorted(bad)),
                group=group,
            )
        )
    return groups
