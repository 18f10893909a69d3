r"""Key players: which actors hold the cooperation network together.

:func:`key_players` finds the set of :math:`k` actors whose removal fragments the network most
(Borgatti's KPP-Neg with fragmentation as the objective); :func:`fragmentation_curve` turns the
result into a curve for a figure. :func:`what_if` (re-exported from
:mod:`coopnet.metrics.whatif`) describes the network before and after removing actors that the
user names ("what if the integration office closed?").

The search (Borgatti 2006, section 4): exhaustive over all :math:`k`-sets when that is cheap,
otherwise a greedy start improved by swaps until no swap improves. Both compare candidate sets by
fragmentation :math:`F` first and break ties by distance-weighted fragmentation :math:`{}^{D}F`.
Every candidate evaluation is a depth-first search that yields, for *every* actor at once, the
sizes of the pieces its removal leaves (:func:`coopnet.metrics._engine.removal_effects`), so one
pass over the network evaluates all :math:`n` ways to add one actor to a set.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import combinations
from typing import Any, Final, Literal

import networkx as nx
import numpy as np
import numpy.typing as npt
import pandas as pd

from coopnet.errors import GraphError
from coopnet.messages import tr
from coopnet.metrics._engine import (
    Components,
    components_of,
    distance_sums,
    removal_effects,
)
from coopnet.metrics.arrays import GraphArrays, graph_arrays
from coopnet.metrics.fragmentation import (
    exact_fragmentation,
    fragmentation_of,
)
from coopnet.metrics.whatif import WhatIf, what_if
from coopnet.schema import LABEL

__all__ = [
    "CURVE_COLUMNS",
    "EXHAUSTIVE_WORK",
    "KEY_PLAYER_COLUMNS",
    "KeyPlayerMethod",
    "WhatIf",
    "fragmentation_curve",
    "key_players",
    "what_if",
]

logger = logging.getLogger(__name__)

KeyPlayerMethod = Literal["auto", "exhaustive", "swap", "greedy"]
"""How :func:`key_players` searches: see its ``method`` parameter."""

KEY_PLAYER_COLUMNS: tuple[str, ...] = (
    "rank",
    "id",
    "label",
    "fragmentation_after",
    "gain",
    "contribution",
    "optimal",
)
"""Columns of :func:`key_players`, in order."""

CURVE_COLUMNS: tuple[str, ...] = ("step", "id", "fragmentation")
"""Columns of :func:`fragmentation_curve`, in order."""

EXHAUSTIVE_WORK: Final = 1_000_000
r"""``method="auto"`` searches all :math:`k`-sets when :math:`\binom{n}{k-1} (n + m) \le` this
(one depth-first search of :math:`O(n + m)` per :math:`(k-1)`-set evaluates all its
completions): always for :math:`k = 1`; for :math:`k = 2` up to about 400 actors with 4 ties
each; for :math:`k = 3` up to about 80 actors (the Musterstadt example, Zachary's karate club)."""

_DF_WORK: Final = 200_000_000
"""Actors x arcs of breadth-first search allowed per tie-break: at most this / (n x arcs) sets
(between 2 and 64) tied in F are compared by distance-weighted fragmentation."""

_DF_TOTAL_WORK: Final = 100_000_000
"""Actors x arcs of breadth-first search allowed per search: at most this / (n x arcs) sets
(at most 1,000) are evaluated by distance-weighted fragmentation in all; further ties in F go
to the sets whose members have the most ties, then the smallest ids (1,000 evaluations for
networks up to about 100 actors, 50 at 500, 3 at 2,000, none at 10,000)."""

_MULTI_START_WORK: Final = 10_000_000
"""Up to this many actors x arcs (about 1,000 actors with 5 ties each) the swap search starts
from three sets, beyond from the greedy set only."""

_DF_TOLERANCE: Final = 1e-12
"""A swap that keeps F must raise distance-weighted fragmentation by more than this."""

_MAX_SWAPS: Final = 1000
"""Safety bound on the number of swaps (each strictly improves the objective, so it ends)."""


# ----------------------------------------------------------------------------------------------
# internal: the search state
# ----------------------------------------------------------------------------------------------
@dataclass
class _Search:
    """Evaluations of removal sets on one symmetrised network, with caches."""

    sym: GraphArrays
    squares_cache: dict[frozenset[int], int] = field(default_factory=dict)
    df_cache: dict[frozenset[int], float] = field(default_factory=dict)
    evaluations: int = 0

    @property
    def n(self) -> int:
        return self.sym.n

    def keep(self, removed: Iterable[int]) -> npt.NDArray[np.int64]:
        gone = np.zeros(self.n, dtype=bool)
        gone[list(removed)] = True
        return np.flatnonzero(~gone).astype(np.int64)

    def squares(self, removed: frozenset[int]) -> int:
        r""":math:`\sum s^2` over the components without the actors in `removed`."""
        if removed not in self.squares_cache:
            parts: Components = components_of(self.sym.subgraph(self.keep(removed)))
            self.squares_cache[removed] = int(sum(int(s) ** 2 for s in parts.sizes.tolist()))
        return self.squares_cache[removed]

    def fragmentation(self, removed: frozenset[int]) -> Fraction:
        return exact_fragmentation(self.squares(removed), self.n - len(removed))

    def distance_fragmentation(self, removed: frozenset[int]) -> float:
        """Unweighted :math:`{}^{D}F` of the network without the actors in `removed`."""
        if removed not in self.df_cache:
            rest = self.sym.subgraph(self.keep(removed))
            n = rest.n
            harmonic = float(distance_sums(rest, weighted=False).harmonic.sum())
            self.df_cache[removed] = 1.0 - harmonic / (n * (n - 1))
            self.evaluations += 1
        return self.df_cache[removed]

    def alive_degree(self, v: int, removed: frozenset[int]) -> int:
        """Number of ties of `v` to actors not in `removed`."""
        start, end = int(self.sym.indptr[v]), int(self.sym.indptr[v + 1])
        return sum(1 for w in self.sym.indices[start:end].tolist() if w not in removed)

    def tie_limit(self) -> int:
        """How many sets tied in F are compared by distance-weighted fragmentation (now)."""
        work = self.n * max(self.sym.n_arcs, 1)
        return min(max(2, min(64, _DF_WORK // work)), self.remaining())

    def remaining(self) -> int:
        """How many more sets this search may evaluate by distance-weighted fragmentation."""
        work = self.n * max(self.sym.n_arcs, 1)
        return max(0, min(1000, _DF_TOTAL_WORK // work) - self.evaluations)

    def pick(self, candidates: Sequence[frozenset[int]]) -> frozenset[int]:
        """Among sets tied in F, the one with the largest distance-weighted fragmentation.

        With more candidates than :meth:`tie_limit`, those whose members have the most ties
        (to actors outside the set) are compared; remaining ties go to the smallest ids. Once
        the search has spent its budget (``_DF_TOTAL_WORK``) the first by that order is taken.
        """
        if len(candidates) == 1:
            return candidates[0]

        def proxy(removed: frozenset[int]) -> tuple[int, tuple[int, ...]]:
            return (-sum(self.alive_degree(v, removed) for v in removed), tuple(sorted(removed)))

        ranked = sorted(candidates, key=proxy)
        shortlist = [c for c in ranked[: self.tie_limit()] if c not in self.df_cache]
        shortlist += [c for c in ranked if c in self.df_cache]  # already known: free
        if not shortlist:  # the budget is spent: the first by the proxy
            return ranked[0]
        return max(
            shortlist, key=lambda removed: (self.distance_fragmentation(removed), _neg(removed))
        )


def _neg(removed: frozenset[int]) -> tuple[int, ...]:
    """Sort key that prefers the smallest positions under ``max``."""
    return tuple(-v for v in sorted(removed))


def _alive(n: int, removed: Iterable[int]) -> list[bool]:
    alive = [True] * n
    for v in removed:
        alive[v] = False
    return alive


def _best_additions(
    search: _Search, removed: frozenset[int], *, above: int = -1
) -> tuple[int, list[int]]:
    """The smallest :math:`\\sum s^2` reachable by removing one more actor (> `above`), and who.

    ``(-1, [])`` when no actor is left to add.
    """
    effects = removal_effects(search.sym, _alive(search.n, removed))
    best: int | None = None
    who: list[int] = []
    for v in range(above + 1, search.n):
        if v in removed:
            continue
        value = effects.squares + effects.delta[v]
        if best is None or value < best:
            best, who = value, [v]
        elif value == best:
            who.append(v)
    return (-1 if best is None else best), who


def _greedy(search: _Search, k: int, *, progress: bool) -> frozenset[int]:
    """Add, k times, the actor whose removal gives the largest F (ties: distance-weighted F)."""
    removed: frozenset[int] = frozenset()
    for step in range(1, k + 1):
        _, who = _best_additions(search, removed)
        removed = search.pick([removed | {v} for v in who])
        if progress:
            logger.info("key players: greedy step %d/%d", step, k)
    return removed


def _swap(search: _Search, start: frozenset[int], *, progress: bool) -> frozenset[int]:
    """Borgatti's improvement: the best single swap (member out, other actor in), until none helps.

    The objective is lexicographic: a swap is taken if it lowers :math:`\\sum s^2` (raises F), or
    keeps it and raises distance-weighted fragmentation. Each pass evaluates all :math:`k (n - k)`
    swaps with :math:`k` depth-first searches.
    """
    current = start
    current_sq = search.squares(current)
    for _ in range(_MAX_SWAPS):
        best: int | None = None
        moves: list[frozenset[int]] = []
        for u in sorted(current):
            rest = current - {u}
            value, who = _best_additions(search, rest)
            # `u` itself gives the current value, so any other best actor is at least as good
            options = [rest | {v} for v in who if v != u]
            if not options:
                continue
            if best is None or value < best:
                best, moves = value, options
            elif value == best:
                moves.extend(options)
        if best is None:
            break
        if best < current_sq:
            current, current_sq = search.pick(moves), best
        else:
            if search.remaining() < 2 and current not in search.df_cache:
                break  # a swap that keeps F needs distance fragmentation, and the budget is spent
            candidate = search.pick(moves)
            gain = search.distance_fragmentation(candidate) - search.distance_fragmentation(current)
            if gain <= _DF_TOLERANCE:
                break
            current = candidate
        if progress:
            logger.info("key players: swap, F = %.4f", float(search.fragmentation(current)))
    return current


def _starts(search: _Search, k: int, *, progress: bool) -> list[frozenset[int]]:
    """Deterministic starting sets: greedy, the k best single removals, the k hubs.

    Only the greedy one for large networks (``n x arcs > _MULTI_START_WORK``), where each
    start costs several depth-first searches of the whole network.
    """
    greedy = _greedy(search, k, progress=progress)
    if search.n * max(search.sym.n_arcs, 1) > _MULTI_START_WORK:
        return [greedy]
    effects = removal_effects(search.sym)
    degree = search.sym.out_degree.tolist()
    single = sorted(range(search.n), key=lambda v: (effects.delta[v], v))[:k]
    hubs = sorted(range(search.n), key=lambda v: (-degree[v], v))[:k]
    starts = [greedy, frozenset(single), frozenset(hubs)]
    return list(dict.fromkeys(starts))


def _multi_start_swap(search: _Search, k: int, *, progress: bool) -> frozenset[int]:
    """:func:`_swap` from each of :func:`_starts`; the best result (F, then ``pick``)."""
    results = list(
        dict.fromkeys(
            _swap(search, start, progress=progress)
            for start in _starts(search, k, progress=progress)
        )
    )
    best = min(search.squares(result) for result in results)
    return search.pick([result for result in results if search.squares(result) == best])


def _exhaustive(search: _Search, k: int) -> frozenset[int]:
    """The best k-set over all of them: one depth-first search per (k - 1)-set."""
    best: int | None = None
    sets: list[frozenset[int]] = []
    for rest in combinations(range(search.n), k - 1):
        removed = frozenset(rest)
        value, who = _best_additions(search, removed, above=rest[-1] if rest else -1)
        if not who:
            continue
        if best is None or value < best:
            best, sets = value, [removed | {v} for v in who]
        elif value == best:
            sets.extend(removed | {v} for v in who)
    return search.pick(sets)


def _order(search: _Search, chosen: frozenset[int]) -> list[int]:
    """The members of `chosen` in removal order: each step the one leaving the largest F."""
    order: list[int] = []
    left = set(chosen)
    while left:
        done = frozenset(order)
        best = min(sorted(left), key=lambda v: search.squares(done | {v}))
        order.append(best)
        left.remove(best)
    return order


def _check_k(k: int, n: int) -> None:
    """Raise :class:`GraphError` unless ``0 <= k <= n - 2`` (``k = 0`` is always allowed)."""
    if isinstance(k, bool) or not isinstance(k, int):
        raise GraphError(tr("errors.metrics.k_not_integer", k=repr(k)))
    if k < 0:
        raise GraphError(tr("errors.metrics.k_negative", k=k))
    if k > 0 and k > n - 2:
        raise GraphError(tr("errors.metrics.k_too_large", k=k, n=n, most=max(n - 2, 0)))


def _frame(rows: list[tuple[int, str, str, float, float, float, bool]]) -> pd.DataFrame:
    """Return the key-player table with fixed columns and dtypes."""
    columns: list[tuple[Any, ...]] = list(zip(*rows, strict=True)) if rows else [()] * 7
    dtypes: tuple[Any, ...] = ("int64", object, object, "float64", "float64", "float64", "bool")
    data: dict[str, Any] = {
        name: pd.Series(list(values), dtype=dtype)
        for name, values, dtype in zip(KEY_PLAYER_COLUMNS, columns, dtypes, strict=True)
    }
    return pd.DataFrame(
        data,
        columns=list(KEY_PLAYER_COLUMNS),
    )


def _label(graph: nx.Graph[Any], actor: str) -> str:
    """Return the actor's ``label`` attribute, or its id when the attribute is missing."""
    return str(graph.nodes[actor].get(LABEL, actor))


# ----------------------------------------------------------------------------------------------
# key players
# ----------------------------------------------------------------------------------------------
def key_players(
    graph: nx.Graph[Any],
    *,
    k: int = 3,
    method: KeyPlayerMethod = "auto",
    progress: bool = False,
    arrays: GraphArrays | None = None,
) -> pd.DataFrame:
    r"""Find the set of actors whose removal fragments the network most (KPP-Neg).

    Borgatti's (2006) key player problem "KPP-Neg" with fragmentation
    :math:`F = 1 - \sum_k s_k (s_k - 1) / (n (n - 1))` (:func:`~coopnet.metrics.fragmentation.
    fragmentation`, computed over the :math:`n - k` actors that remain) as the objective: the
    :math:`k`-set :math:`S` maximising :math:`F` of the network without :math:`S`. Sets with the
    same :math:`F` are compared by distance-weighted fragmentation :math:`{}^{D}F`
    (:func:`~coopnet.metrics.fragmentation.distance_fragmentation`, unweighted; Borgatti's
    second KPP-Neg measure), which tells apart removals that do not split the network but
    lengthen its paths; remaining ties go to the smallest actor ids.

    Parameters
    ----------
    graph
        Tie network following the graph contract; direction and weights are ignored (weak
        components). Isolates are candidates like every other actor.
    k
        Number of actors to remove, :math:`0 \le k \le n - 2`.
    method
        ``"auto"`` (default): ``"exhaustive"`` when :math:`\binom{n}{k-1} (n + m)` is at most
        :data:`EXHAUSTIVE_WORK`, else ``"swap"``. ``"exhaustive"``: every :math:`k`-set (the
        result is optimal). ``"swap"``: Borgatti's heuristic, a starting set improved by the
        best single swap (a member out, another actor in) until no swap improves the objective
        (each swap raises :math:`F`, or keeps it and raises :math:`{}^{D}F`); it starts from
        three sets -- the greedy one, the :math:`k` best single removals and the :math:`k`
        actors with the most ties -- and keeps the best result (from the greedy set only
        beyond about 1,000 actors, ``_MULTI_START_WORK``). ``"greedy"``:
        :math:`k` greedy steps only, each removing the actor that leaves the largest :math:`F`
        (ties by :math:`{}^{D}F`).
    progress
        Log ``INFO`` messages on this module's logger (the library never prints).
    arrays
        The array form of `graph` (:func:`~coopnet.metrics.arrays.graph_arrays`, any weight), if
        the caller has it; built here otherwise.

    Returns
    -------
    pandas.DataFrame
        One row per member of the set, default ``RangeIndex``, columns

        ``rank`` (int)
            Removal order, 1 first: each step removes the member that leaves the largest
            :math:`F` (ties: smallest id), so the rows read as a curve.
        ``id``, ``label``
            The actor (``label`` node attribute, the id if missing).
        ``fragmentation_after`` (float)
            :math:`F` after removing the members of rank 1 to this one.
        ``gain`` (float)
            ``fragmentation_after`` minus :math:`F` before this step. Depends on the order:
            two hubs that are only together a cut set have gains 0 and 1.
        ``contribution`` (float)
            :math:`F(S) - F(S \setminus \{v\})`: how much less the whole set fragments the
            network without this member; independent of the order. A member with
            contribution :math:`\le 0` does not help (e.g. when no :math:`k`-set splits the
            network at all) and should not be presented as a key player.
        ``optimal`` (bool)
            ``True`` when the set was proven to maximise :math:`F` by the exhaustive search
            (no :math:`k`-set fragments the network more); ``False`` for the heuristics, whose
            set may be worse. The same on every row.

        Empty (with these columns) for ``k = 0``.

    Raises
    ------
    GraphError
        If `k` is negative, not an integer, or larger than :math:`n - 2`; if `method` is
        unknown; or if `graph` is a multigraph or has self-ties.

    Notes
    -----
    Gains and contributions are computed exactly (rational arithmetic) before rounding, so a
    zero is exactly 0. The greedy step is exact for :math:`k = 1`; for larger :math:`k` the best
    set can need actors that do not help one by one (two hubs tied to each other and to the
    same actors), which the tie-break by :math:`{}^{D}F` and the swaps find. Against the
    exhaustive search on 40 random networks of 8-14 actors with :math:`k = 2..4` the plain
    greedy (ties by id) missed the optimum 24 times, the greedy with the tie-break 20 times,
    the swap search from the greedy start 9 times and from the three starts 3 times
    (``tests/metrics/test_keyplayers.py``); only ``optimal=True`` is a guarantee.

    Complexity: one depth-first search of :math:`O(n + m)` per greedy step and :math:`k` per
    swap pass (three starts); the tie-break adds one breadth-first search of all pairs per compared set (at
    most 64, fewer for large networks, see ``_DF_WORK``).

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
    Two hubs ``d`` and ``e``, tied to each other and to ``a``, ``b``, ``c``: no single removal
    splits the network, the pair does.

    >>> g = nx.Graph([(h, x) for h in "de" for x in "abc"] + [("d", "e")])
    >>> players = key_players(g, k=2)
    >>> players[["id", "fragmentation_after", "gain", "contribution", "optimal"]]
      id  fragmentation_after  gain  contribution  optimal
    0  d                  0.0   0.0           1.0     True
    1  e                  1.0   1.0           1.0     True
    """
    if arrays is None:
        arrays = graph_arrays(graph)
    else:
        arrays.check(graph, weight=arrays.weight)
    n = arrays.n
    _check_k(k, n)
    if method not in ("auto", "exhaustive", "swap", "greedy"):
        raise GraphError(tr("errors.metrics.unknown_keyplayer_method", method=method))
    if k == 0:
        return _frame([])
    search = _Search(arrays.undirected)
    if method == "auto":
        work = math.comb(n, k - 1) * (n + search.sym.n_ties)
        method = "exhaustive" if work <= EXHAUSTIVE_WORK else "swap"
    if method == "exhaustive":
        chosen = _exhaustive(search, k)
    elif method == "greedy":
        chosen = _greedy(search, k, progress=progress)
    else:
        chosen = _multi_start_swap(search, k, progress=progress)
    total = search.fragmentation(chosen)
    before = search.fragmentation(frozenset())
    rows: list[tuple[int, str, str, float, float, float, bool]] = []
    done: frozenset[int] = frozenset()
    for rank, v in enumerate(_order(search, chosen), start=1):
        done = done | {v}
        after = search.fragmentation(done)
        contribution = total - search.fragmentation(chosen - {v})
        actor = arrays.nodes[v]
        rows.append(
            (
                rank,
                actor,
                _label(graph, actor),
                float(after),
                float(after - before),
                float(contribution),
                method == "exhaustive",
            )
        )
        before = after
    if progress:
        logger.info("key players: F = %.4f (%s)", float(total), method)
    return _frame(rows)


def fragmentation_curve(
    graph: nx.Graph[Any],
    *,
    k: int,
    method: KeyPlayerMethod = "auto",
    arrays: GraphArrays | None = None,
) -> pd.DataFrame:
    """Return fragmentation as the key players are removed one by one (for a figure).

    Parameters
    ----------
    graph
        Tie network following the graph contract (see :func:`key_players`).
    k
        Number of removal steps, :math:`0 \\le k \\le n - 2`.
    method, arrays
        As for :func:`key_players`; the steps are its rows in ``rank`` order.

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
    if arrays is None:
        arrays = graph_arrays(graph)
    players = key_players(graph, k=k, method=method, arrays=arrays)
    steps = [0, *players["rank"].tolist()]
    ids: list[str | None] = [None, *players["id"].tolist()]
    values = [fragmentation_of(arrays), *players["fragmentation_after"].tolist()]
    return pd.DataFrame(
        {
            "step": pd.Series(steps, dtype="int64"),
            "id": pd.Series(ids, dtype=object),
            "fragmentation": pd.Series(values, dtype="float64"),
        }
    )
