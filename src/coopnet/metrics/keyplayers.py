r"""Key players: which actors hold the cooperation network together.

:func:`key_players` finds, greedily, the actors whose removal fragments the network most
(Borgatti's KPP-Neg with fragmentation as the objective); :func:`fragmentation_curve` turns the
result into a curve for a figure; :func:`what_if` describes the network before and after removing
actors that the user names ("what if the integration office closed?").

Fast path: one iterative depth-first search per greedy step (Hopcroft & Tarjan's articulation
points) gives, for *every* actor at once, the sizes of the pieces its removal leaves, so the
fragmentation after removing it follows from :math:`\sum s^2` bookkeeping in :math:`O(\deg)`;
:math:`k` steps cost :math:`O(k (n + m))`. ``_key_players_naive`` recomputes the components for
each candidate with networkx and serves as the reference in the tests.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass, fields
from fractions import Fraction

import networkx as nx
import numpy as np
import numpy.typing as npt
import pandas as pd
import scipy.sparse as sp

from coopnet.errors import GraphError, closest
from coopnet.metrics._util import require_simple
from coopnet.metrics.fragmentation import (
    _adjacency,
    _components,
    _distance_fragmentation_from_adjacency,
    _fragmentation_from_labels,
    _group_codes,
    _largest_share_from_labels,
    _reachable_share,
    fragmentation,
)
from coopnet.schema import LABEL

__all__ = ["KEY_PLAYER_COLUMNS", "WhatIf", "fragmentation_curve", "key_players", "what_if"]

logger = logging.getLogger(__name__)

KEY_PLAYER_COLUMNS: tuple[str, ...] = ("rank", "id", "label", "fragmentation_after", "gain")
"""Columns of :func:`key_players`, in order."""

CURVE_COLUMNS: tuple[str, ...] = ("step", "id", "fragmentation")
"""Columns of :func:`fragmentation_curve`, in order."""


# ----------------------------------------------------------------------------------------------
# internal: integer adjacency and the one-DFS evaluation of all candidates
# ----------------------------------------------------------------------------------------------
def _int_adjacency(graph: nx.Graph) -> tuple[list[str], list[list[int]]]:
    """Return the id-sorted actors and the neighbour lists of the symmetrised graph (by position)."""
    nodes = sorted(graph.nodes)
    position = {v: i for i, v in enumerate(nodes)}
    neighbours: list[set[int]] = [set() for _ in nodes]
    for u, v in graph.edges():
        i, j = position[u], position[v]
        neighbours[i].add(j)
        neighbours[j].add(i)
    return nodes, [sorted(s) for s in neighbours]


def _squares_after_removal(adj: list[list[int]], alive: list[bool]) -> tuple[int, list[int]]:
    r"""Return :math:`\sum_k s_k^2` of the alive graph and, per actor, the same sum without it.

    One iterative depth-first search (Hopcroft & Tarjan 1973) computes discovery times ``disc``,
    low points ``low`` and DFS-subtree sizes. Removing actor :math:`v` from its component of size
    :math:`c` leaves one piece of size ``size[u]`` for every DFS child :math:`u` with
    ``low[u] >= disc[v]`` (a child whose subtree has no tie above :math:`v`) and one piece with the
    remaining :math:`c - 1 - \sum` such sizes actors (the part above :math:`v` together with the
    other children; empty for the DFS root, whose children are all separated). Hence

    .. math:: \Sigma_{-v} = \Sigma - c^2 + \sum_{\text{pieces } p} p^2 .

    Entries for dead actors are 0. Iterative, so deep paths do not hit Python's recursion limit.
    """
    n = len(adj)
    disc = [-1] * n
    low = [0] * n
    size = [1] * n
    separated_sum = [0] * n
    separated_sq = [0] * n
    delta = [0] * n  # Sigma_{-v} - Sigma
    total = 0
    clock = 0
    for root in range(n):
        if not alive[root] or disc[root] >= 0:
            continue
        disc[root] = low[root] = clock
        clock += 1
        members = [root]
        stack = [(root, -1, iter(adj[root]))]
        while stack:
            v, parent, pending = stack[-1]
            descended = False
            for w in pending:
                if not alive[w]:
                    continue
                if disc[w] < 0:
                    disc[w] = low[w] = clock
                    clock += 1
                    members.append(w)
                    stack.append((w, v, iter(adj[w])))
                    descended = True
                    break
                if w != parent and disc[w] < low[v]:
                    low[v] = disc[w]
            if descended:
                continue
            stack.pop()
            if parent >= 0:
                size[parent] += size[v]
                if low[v] < low[parent]:
                    low[parent] = low[v]
                if low[v] >= disc[parent]:
                    separated_sum[parent] += size[v]
                    separated_sq[parent] += size[v] * size[v]
        c = len(members)
        total += c * c
        for v in members:
            rest = c - 1 - separated_sum[v]
            delta[v] = separated_sq[v] + rest * rest - c * c
    return total, delta


def _check_k(k: int, n: int) -> None:
    """Raise :class:`GraphError` unless ``0 <= k <= n - 2`` (``k = 0`` is always allowed)."""
    if isinstance(k, bool) or not isinstance(k, int):
        raise GraphError(f"k must be an integer, got {k!r}")
    if k < 0:
        raise GraphError(f"k must be >= 0, got {k}")
    if k > 0 and k > n - 2:
        raise GraphError(
            f"k={k} is too large for {n} actor(s): at most n - 2 = {max(n - 2, 0)} actor(s) can "
            "be removed, so that at least two remain and fragmentation stays defined"
        )


def _frame(rows: list[tuple[int, str, str, float, float]]) -> pd.DataFrame:
    """Return the key-player table with fixed columns and dtypes."""
    return pd.DataFrame(
        {
            "rank": pd.Series([row[0] for row in rows], dtype="int64"),
            "id": pd.Series([row[1] for row in rows], dtype=object),
            "label": pd.Series([row[2] for row in rows], dtype=object),
            "fragmentation_after": pd.Series([row[3] for row in rows], dtype="float64"),
            "gain": pd.Series([row[4] for row in rows], dtype="float64"),
        },
        columns=list(KEY_PLAYER_COLUMNS),
    )


def _label(graph: nx.Graph, actor: str) -> str:
    """Return the actor's ``label`` attribute, or its id when the attribute is missing."""
    return str(graph.nodes[actor].get(LABEL, actor))


# ----------------------------------------------------------------------------------------------
# key players
# ----------------------------------------------------------------------------------------------
def key_players(graph: nx.Graph, *, k: int = 3, progress: bool = False) -> pd.DataFrame:
    r"""Find the actors whose removal fragments the network most (greedy KPP-Neg).

    Borgatti's (2006) key player problem "KPP-Neg" with fragmentation
    :math:`F = 1 - \sum_k s_k (s_k - 1) / (n (n - 1))` (:func:`~coopnet.metrics.fragmentation.
    fragmentation`) as the objective, solved greedily: at each step the actor whose removal
    maximises :math:`F` of the remaining graph is removed, where :math:`F` is computed over the
    :math:`n - r` actors still present. Ties are broken by the smallest actor id, so the result is
    deterministic. Greedy selection is a heuristic: the best *set* of :math:`k` actors can differ
    (Borgatti uses a swapping search); greedy is exact for :math:`k = 1`.

    Parameters
    ----------
    graph
        Tie network following the graph contract; direction and weights are ignored (weak
        components). Isolates are candidates like every other actor (removing one never raises
        :math:`F`, so an isolate is chosen only when no other removal does better, e.g. when only
        isolates are left).
    k
        Number of actors to remove, :math:`0 \le k \le n - 2`.
    progress
        Log one ``INFO`` message per step on this module's logger (the library never prints).

    Returns
    -------
    pandas.DataFrame
        One row per step, default ``RangeIndex``, columns ``rank`` (1 = removed first), ``id``,
        ``label`` (node attribute, the id if missing), ``fragmentation_after`` (:math:`F` of the
        remaining graph after this removal) and ``gain`` (``fragmentation_after`` minus :math:`F`
        before this step). Empty (with these columns) for ``k = 0``.

    Raises
    ------
    GraphError
        If `k` is negative, not an integer, or larger than :math:`n - 2`; or if `graph` is a
        multigraph or has self-ties.

    Notes
    -----
    **Gains are never negative** (for :math:`n \ge 3` actors, which :math:`k \le n - 2`
    guarantees at every step). Let :math:`P` be the number of connected unordered pairs, so
    :math:`1 - F = P / \binom{n}{2}`. Removing actor :math:`v` deletes the :math:`c_v - 1`
    connected pairs that contain :math:`v` and cannot connect any other pair, so
    :math:`P_{-v} \le P - (c_v - 1)`. Summed over all actors,
    :math:`\sum_v (c_v - 1) = \sum_k s_k (s_k - 1) = 2P`, hence
    :math:`\frac{1}{n} \sum_v P_{-v} \le \frac{(n - 2) P}{n}`, and the average share of connected
    pairs after removing one actor is at most
    :math:`\frac{(n - 2) P / n}{\binom{n - 1}{2}} = P / \binom{n}{2}`, the share before. The
    greedy choice is at least as good as the average, so :math:`F` does not decrease. Gains are
    computed exactly (rational arithmetic) before rounding, so a zero gain is exactly 0.

    Complexity: each step is one iterative DFS (:math:`O(n + m)`) that yields, for every actor
    at once, the sizes of the pieces its removal leaves; no components are recomputed per
    candidate. Total :math:`O(k (n + m))`.

    References
    ----------
    .. [1] Borgatti, S. P. (2006). Identifying sets of key players in a social network.
       *Computational and Mathematical Organization Theory*, 12(1), 21-34.
       https://doi.org/10.1007/s10588-006-7084-x
    .. [2] Hopcroft, J., & Tarjan, R. (1973). Algorithm 447: Efficient algorithms for graph
       manipulation. *Communications of the ACM*, 16(6), 372-378.
       https://doi.org/10.1145/362248.362272

    Examples
    --------
    >>> g = nx.Graph([("a", "b"), ("b", "c"), ("c", "d"), ("d", "e")])
    >>> players = key_players(g, k=2)
    >>> players[["rank", "id", "label"]].to_dict("list")
    {'rank': [1, 2], 'id': ['c', 'a'], 'label': ['c', 'a']}
    >>> players["fragmentation_after"].round(4).tolist()  # {a,b},{d,e}: 1 - 4/12; then 1 - 2/6
    [0.6667, 0.6667]
    """
    require_simple(graph)
    n = graph.number_of_nodes()
    _check_k(k, n)
    nodes, adj = _int_adjacency(graph)
    alive = [True] * n
    remaining = n
    rows: list[tuple[int, str, str, float, float]] = []
    for rank in range(1, k + 1):
        sum_sq, delta = _squares_after_removal(adj, alive)
        before = _exact_fragmentation(sum_sq, remaining)
        # maximal F after removal <=> minimal sum of squared piece sizes; first index = smallest id
        best = min((i for i in range(n) if alive[i]), key=lambda i: delta[i])
        alive[best] = False
        remaining -= 1
        after = _exact_fragmentation(sum_sq + delta[best], remaining)
        actor = nodes[best]
        rows.append((rank, actor, _label(graph, actor), float(after), float(after - before)))
        if progress:
            logger.info("key players: step %d/%d removed %r (F = %.4f)", rank, k, actor, after)
    return _frame(rows)


def _exact_fragmentation(sum_sq: int, n: int) -> Fraction:
    r"""Return :math:`F = 1 - (\sum s^2 - n) / (n (n - 1))` exactly, for ``n >= 2``."""
    return 1 - Fraction(sum_sq - n, n * (n - 1))


def _key_players_naive(graph: nx.Graph, *, k: int) -> pd.DataFrame:
    """Reference implementation of :func:`key_players`: recompute F for every candidate.

    For every remaining actor, removes it from a copy of the symmetrised graph and computes
    :math:`F` from ``networkx.connected_components`` from scratch (independently of the sparse
    code in :mod:`coopnet.metrics.fragmentation`); :math:`O(k n (n + m))`. Gains are plain float
    differences.
    """

    def share_unreachable(g: nx.Graph) -> float:
        n = g.number_of_nodes()
        pairs = sum(len(c) * (len(c) - 1) for c in nx.connected_components(g))
        return float(1.0 - pairs / (n * (n - 1)))

    require_simple(graph)
    _check_k(k, graph.number_of_nodes())
    current = nx.Graph()
    current.add_nodes_from(graph.nodes)
    current.add_edges_from(graph.edges())
    before = share_unreachable(current) if current.number_of_nodes() >= 2 else math.nan
    rows: list[tuple[int, str, str, float, float]] = []
    for rank in range(1, k + 1):
        best_actor, best_value = "", -1.0
        for actor in sorted(current.nodes):
            trial = current.copy()
            trial.remove_node(actor)
            value = share_unreachable(trial)
            if value > best_value:
                best_actor, best_value = actor, value
        current.remove_node(best_actor)
        label = _label(graph, best_actor)
        rows.append((rank, best_actor, label, best_value, best_value - before))
        before = best_value
    return _frame(rows)


def fragmentation_curve(graph: nx.Graph, *, k: int) -> pd.DataFrame:
    """Return fragmentation as the greedy key players are removed one by one (for a figure).

    Parameters
    ----------
    graph
        Tie network following the graph contract (see :func:`key_players`).
    k
        Number of removal steps, :math:`0 \\le k \\le n - 2`.

    Returns
    -------
    pandas.DataFrame
        ``k + 1`` rows with columns ``step`` (0 = nothing removed), ``id`` (the actor removed at
        this step; ``None`` at step 0) and ``fragmentation`` (:math:`F` of the remaining graph;
        NaN at step 0 if there are fewer than two actors). Default ``RangeIndex``.

    Raises
    ------
    GraphError
        As :func:`key_players`.

    Examples
    --------
    >>> fragmentation_curve(nx.star_graph(["hub", "a", "b", "c"]), k=1).to_dict("list")
    {'step': [0, 1], 'id': [None, 'hub'], 'fragmentation': [0.0, 1.0]}
    """
    players = key_players(graph, k=k)
    steps = [0, *players["rank"].tolist()]
    ids: list[str | None] = [None, *players["id"].tolist()]
    values = [fragmentation(graph), *players["fragmentation_after"].tolist()]
    return pd.DataFrame(
        {
            "step": pd.Series(steps, dtype="int64"),
            "id": pd.Series(ids, dtype=object),
            "fragmentation": pd.Series(values, dtype="float64"),
        }
    )


# ----------------------------------------------------------------------------------------------
# what if
# ----------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class WhatIf:
    """The network before and after removing some actors (see :func:`what_if`).

    Attributes
    ----------
    removed
        The removed actor ids, in the order given (duplicates dropped).
    fragmentation_before, fragmentation_after
        Borgatti's fragmentation :math:`F` (share of unreachable pairs).
    distance_fragmentation_before, distance_fragmentation_after
        Distance-weighted fragmentation (one minus compactness).
    components_before, components_after
        Number of weak components (isolates count).
    largest_component_share_before, largest_component_share_after
        Share of the actors present that are in the largest weak component.
    cross_group_reachability_before, cross_group_reachability_after
        Share of cross-group actor pairs that are connected; NaN without a group.
    cut_off
        Actors (sorted) that were in the largest component before and, still present, are no
        longer in the largest component after.
    """

    removed: tuple[str, ...]
    fragmentation_before: float
    fragmentation_after: float
    distance_fragmentation_before: float
    distance_fragmentation_after: float
    components_before: int
    components_after: int
    largest_component_share_before: float
    largest_component_share_after: float
    cross_group_reachability_before: float
    cross_group_reachability_after: float
    cut_off: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        """Return the fields as a plain dict (``removed`` and ``cut_off`` as lists)."""
        result: dict[str, object] = {f.name: getattr(self, f.name) for f in fields(self)}
        result["removed"] = list(self.removed)
        result["cut_off"] = list(self.cut_off)
        return result


@dataclass(frozen=True, slots=True)
class _State:
    """The measures :func:`what_if` reports for one graph (before or after the removal)."""

    fragmentation: float
    distance_fragmentation: float
    components: int
    largest_component_share: float
    cross_group_reachability: float
    in_largest: npt.NDArray[np.bool_]

    @classmethod
    def of(
        cls, adj: sp.csr_array, codes: npt.NDArray[np.int64] | None, *, weighted: bool
    ) -> _State:
        """Compute the measures from a symmetric adjacency and optional group codes."""
        count, labels = _components(adj)
        return cls(
            fragmentation=_fragmentation_from_labels(count, labels),
            distance_fragmentation=_distance_fragmentation_from_adjacency(adj, weighted=weighted),
            components=count,
            largest_component_share=_largest_share_from_labels(count, labels),
            cross_group_reachability=(
                float("nan") if codes is None else _reachable_share(count, labels, codes)
            ),
            in_largest=labels == 0,
        )


def _unknown_actor_error(graph: nx.Graph, unknown: Sequence[object]) -> GraphError:
    """Return a :class:`GraphError` naming each unknown id and the closest existing id."""
    ids = [str(v) for v in graph.nodes]
    lines = []
    for actor in unknown:
        match = closest(str(actor), ids)
        hint = f"; did you mean {match!r}?" if match else "; no actor has a similar id"
        lines.append(f"unknown actor {actor!r}{hint}")
    return GraphError("\n".join(lines))


def what_if(
    graph: nx.Graph,
    remove: Sequence[str],
    *,
    group: str | None = None,
    weight: str | None = None,
) -> WhatIf:
    """Describe the network before and after removing the named actors.

    "What if the integration office stopped cooperating?" The actors and all their ties are
    removed; every measure is then computed on the remaining actors (so :math:`n` shrinks).

    Parameters
    ----------
    graph
        Tie network following the graph contract; it is not modified.
    remove
        Actor ids to remove (a list or tuple; a bare string is rejected to avoid removing its
        characters). Duplicates are ignored.
    group
        Node attribute for ``cross_group_reachability_*``
        (:func:`~coopnet.metrics.fragmentation.reachable_pair_share` with `group`); ``None``
        (default) leaves both NaN.
    weight
        Edge attribute passed to
        :func:`~coopnet.metrics.fragmentation.distance_fragmentation` (``None``: unweighted).

    Returns
    -------
    WhatIf
        Frozen dataclass with ``removed``, ``fragmentation_before/after``,
        ``distance_fragmentation_before/after``, ``components_before/after``,
        ``largest_component_share_before/after``, ``cross_group_reachability_before/after`` and
        ``cut_off``; ``.to_dict()`` gives a plain dict.

    Raises
    ------
    GraphError
        If an id is not an actor of `graph` (the message suggests the closest existing id), if
        `remove` is a string, if `group` is missing on some actor, or if `graph` is a multigraph
        or has self-ties.

    Notes
    -----
    The largest component is component 0 of
    :func:`~coopnet.metrics.fragmentation.component_membership` (ties in size go to the component
    with the smallest actor id), before and after. Removed actors are listed in ``removed``, not in
    ``cut_off``. Measures that are undefined after the removal (fewer than two actors left) are NaN.

    Examples
    --------
    >>> g = nx.Graph([("a", "hub"), ("b", "hub"), ("c", "hub"), ("c", "d")])
    >>> result = what_if(g, ["hub"])
    >>> result.fragmentation_before, round(result.fragmentation_after, 4), result.cut_off
    (0.0, 0.8333, ('a', 'b'))
    """
    require_simple(graph)
    if isinstance(remove, str):
        raise GraphError(f"remove must be a list of actor ids, e.g. [{remove!r}], not a string")
    removed = tuple(dict.fromkeys(remove))
    unknown = [actor for actor in removed if actor not in graph]
    if unknown:
        raise _unknown_actor_error(graph, unknown)
    nodes = sorted(graph.nodes)
    codes = _group_codes(graph, nodes, group) if group is not None else None
    gone = set(removed)
    keep = np.array([i for i, v in enumerate(nodes) if v not in gone], dtype=np.int64)
    adjacency = _adjacency(graph, nodes, weight=weight)  # one build; `after` is a sub-matrix
    before = _State.of(adjacency, codes, weighted=weight is not None)
    after = _State.of(
        adjacency[keep][:, keep],
        None if codes is None else codes[keep],
        weighted=weight is not None,
    )
    largest_before = {nodes[i] for i in np.flatnonzero(before.in_largest)}
    largest_after = {nodes[keep[i]] for i in np.flatnonzero(after.in_largest)}
    return WhatIf(
        removed=removed,
        fragmentation_before=before.fragmentation,
        fragmentation_after=after.fragmentation,
        distance_fragmentation_before=before.distance_fragmentation,
        distance_fragmentation_after=after.distance_fragmentation,
        components_before=before.components,
        components_after=after.components,
        largest_component_share_before=before.largest_component_share,
        largest_component_share_after=after.largest_component_share,
        cross_group_reachability_before=before.cross_group_reachability,
        cross_group_reachability_after=after.cross_group_reachability,
        cut_off=tuple(sorted(largest_before - gone - largest_after)),
    )
