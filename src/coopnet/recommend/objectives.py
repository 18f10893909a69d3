r"""The three objectives a recommended tie can improve, as plain functions of a graph.

* :func:`~coopnet.metrics.fragmentation` -- Borgatti's (2003, 2006) fragmentation :math:`F`, the
  share of actor pairs that cannot reach each other; lower is better.
* :func:`cross_group_reach` -- the share of actor pairs from different groups that are at most two
  steps apart (the distance-2 reach of Borgatti's KPP-Pos, applied to the whole network); higher
  is better.
* :func:`robustness` -- :math:`F` after removing the current key player (the one actor whose loss
  fragments the network most, Borgatti's KPP-Neg); lower is better.

All three work on the symmetrised, unweighted ties and count every actor of the graph, isolates
included. :func:`objective_value` dispatches by name. The greedy search in
:mod:`coopnet.recommend.greedy` evaluates them incrementally (:mod:`coopnet.recommend._state`);
these functions compute them from scratch and are its reference.

References
----------
.. [1] Borgatti, S. P. (2003). The key player problem. In R. Breiger, K. Carley & P. Pattison
   (Eds.), *Dynamic Social Network Modeling and Analysis* (pp. 241-252). National Academies
   Press. https://doi.org/10.17226/10735
.. [2] Borgatti, S. P. (2006). Identifying sets of key players in a social network.
   *Computational and Mathematical Organization Theory*, 12(1), 21-34.
   https://doi.org/10.1007/s10588-006-7084-x
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final, Literal

import networkx as nx
import numpy as np
import numpy.typing as npt
import pandas as pd

from coopnet.errors import GraphError
from coopnet.messages import tr
from coopnet.metrics import fragmentation
from coopnet.metrics._util import node_groups, require_simple
from coopnet.recommend._state import Fragmentation, Reach, Robustness, State, Ties
from coopnet.schema import LABEL

__all__ = [
    "LOWER_IS_BETTER",
    "OBJECTIVES",
    "Objective",
    "cross_group_reach",
    "objective_value",
    "robustness",
]

Objective = Literal["fragmentation", "reach", "robustness"]
OBJECTIVES: Final[tuple[Objective, ...]] = ("fragmentation", "reach", "robustness")
"""The objectives, in the order of ``coopnet recommend --objective``."""
LOWER_IS_BETTER: Final[frozenset[str]] = frozenset({"fragmentation", "robustness"})
"""Objectives a good tie lowers (the gain is ``before - after``); reach is raised."""


@dataclass(frozen=True, slots=True)
class Network:
    """A graph in array form: actors by position (sorted ids), ties, labels and group codes."""

    ids: tuple[str, ...]
    labels: tuple[str, ...]
    groups: tuple[str, ...] | None
    codes: npt.NDArray[np.int64] | None
    edges: tuple[tuple[int, int], ...]

    @property
    def n(self) -> int:
        """Number of actors."""
        return len(self.ids)

    def ties(self) -> Ties:
        """Return a fresh :class:`~coopnet.recommend._state.Ties` of the graph's ties."""
        return Ties(self.n, self.edges)

    def state(self, objective: Objective, *, ties: Ties | None = None) -> State:
        """Return the objective's search state on the graph's ties (checks it is defined).

        `ties` is :meth:`ties` built before (several objectives can share one; the state takes
        a copy).
        """
        check_objective(objective)
        base = self.ties() if ties is None else ties.copy()
        if objective == "reach":
            if self.codes is None:
                raise GraphError(tr("errors.recommend.reach_needs_group"))
            if np.unique(self.codes).size < 2:
                raise GraphError(
                    tr(
                        "errors.recommend.reach_one_group",
                        n=self.n,
                        group=self.groups[0] if self.groups else "",
                    )
                )
            return Reach(base, self.codes)
        if objective == "robustness":
            if self.n < 3:
                raise GraphError(tr("errors.recommend.robustness_three", n=self.n))
            return Robustness(base)
        if self.n < 2:
            raise GraphError(tr("errors.recommend.fragmentation_two", n=self.n))
        return Fragmentation(base)


def check_objective(objective: str) -> None:
    """Raise :class:`GraphError` unless `objective` is one of :data:`OBJECTIVES`."""
    if objective not in OBJECTIVES:
        raise GraphError(
            tr(
                "errors.recommend.unknown_objective",
                objective=objective,
                objectives=", ".join(OBJECTIVES),
            )
        )


def network(graph: nx.Graph[Any], *, group: str | None = None) -> Network:
    """Return the array form of `graph` (symmetrised; weights and direction ignored).

    Raises
    ------
    GraphError
        If `graph` is a multigraph or has self-ties, or an actor lacks the `group` attribute.
    """
    require_simple(graph)
    ids = tuple(sorted(str(v) for v in graph.nodes))
    original = {str(v): v for v in graph.nodes}
    position = {v: i for i, v in enumerate(ids)}
    labels = tuple(str(graph.nodes[original[v]].get(LABEL, v)) for v in ids)
    groups: tuple[str, ...] | None = None
    codes = None
    if group is not None:
        values = node_groups(graph, group)
        groups = tuple(str(values[original[v]]) for v in ids)
        codes = np.asarray(pd.factorize(pd.Series(groups, dtype=object))[0], dtype=np.int64)
    at = {v: position[str(v)] for v in graph.nodes}
    edges = tuple((at[u], at[v]) for u, v in graph.edges() if at[u] != at[v])
    return Network(ids=ids, labels=labels, groups=groups, codes=codes, edges=edges)


def cross_group_reach(graph: nx.Graph[Any], *, group: str) -> float:
    r"""Return the share of cross-group actor pairs that are at most two steps apart.

    .. math::

        R = \frac{|\{\{u, v\} : g(u) \ne g(v),\ d(u, v) \le 2\}|}
                 {|\{\{u, v\} : g(u) \ne g(v)\}|}

    over unordered pairs of distinct actors (isolates included: they are in the denominator and
    never in the numerator), with distances :math:`d` on the symmetrised, unweighted ties. It
    is the distance-2 reach of Borgatti's (2006) KPP-Pos, taken over every cross-group pair
    instead of from a chosen set of actors: "how many actors of other groups can an actor reach
    directly or through one intermediary?", the length of a chain over which information is
    usually still passed on. Unlike :func:`~coopnet.metrics.reachable_pair_share` (same component,
    any distance) it rewards short ways between groups.

    Parameters
    ----------
    graph
        Tie network following the graph contract; direction and weights are ignored.
    group
        Node attribute with each actor's group (a non-empty string on every actor).

    Returns
    -------
    float
        :math:`R \in [0, 1]`, computed exactly and rounded once.

    Raises
    ------
    GraphError
        If an actor lacks the group, all actors are in one group (no cross-group pair), or the
        graph is a multigraph or has self-ties.

    Examples
    --------
    >>> g = nx.path_graph(["a", "b", "c", "d"])
    >>> nx.set_node_attributes(g, {"a": "x", "b": "x", "c": "y", "d": "y"}, "dept")
    >>> cross_group_reach(g, group="dept")  # a-c, b-c, b-d within 2; a-d is 3 steps apart
    0.75
    """
    return objective_value(graph, "reach", group=group)


def robustness(graph: nx.Graph[Any]) -> float:
    r"""Return the fragmentation after removing the key player: :math:`\max_v F(G - v)`.

    The key player is the actor whose removal maximises Borgatti's fragmentation :math:`F` of
    the remaining :math:`n - 1` actors (KPP-Neg with one actor, Borgatti 2006; the first actor of
    :func:`~coopnet.metrics.key_players`). A low value means the network does not depend on any
    single actor to hold it together.

    Parameters
    ----------
    graph
        Tie network following the graph contract; direction and weights are ignored.

    Returns
    -------
    float
        :math:`F(G - v^*) \in [0, 1]`, computed exactly and rounded once.

    Raises
    ------
    GraphError
        If the graph has fewer than 3 actors, is a multigraph or has self-ties.

    Notes
    -----
    One depth-first search (:math:`O(n + m)`) gives the component sizes left by removing each
    actor (Hopcroft & Tarjan's articulation points), so no removal is recomputed.

    Examples
    --------
    >>> robustness(nx.star_graph(["hub", "a", "b", "c"]))  # without the hub nobody is connected
    1.0
    >>> robustness(nx.cycle_graph(4))  # a path of three remains
    0.0
    """
    return objective_value(graph, "robustness")


def objective_value(
    graph: nx.Graph[Any], objective: Objective, *, group: str | None = None
) -> float:
    """Return the value of one objective (:data:`OBJECTIVES`) on `graph`.

    Parameters
    ----------
    graph
        Tie network following the graph contract; direction and weights are ignored.
    objective
        ``"fragmentation"`` (:func:`coopnet.metrics.fragmentation`), ``"reach"``
        (:func:`cross_group_reach`, needs `group`) or ``"robustness"`` (:func:`robustness`).
    group
        Node attribute with the groups; required for ``"reach"``, ignored otherwise.

    Returns
    -------
    float
        The objective; see the functions above for the definitions.

    Raises
    ------
    GraphError
        Unknown objective, or the objective is undefined on `graph` (see above).
    """
    check_objective(objective)
    if objective == "fragmentation":
        if graph.number_of_nodes() < 2:
            raise GraphError(tr("errors.recommend.fragmentation_two", n=graph.number_of_nodes()))
        return fragmentation(graph)
    net = network(graph, group=group if objective == "reach" else None)
    return float(net.state(objective).value())
