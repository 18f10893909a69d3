r"""Greedy intervention design: which new ties would close the gaps of a cooperation network.

:func:`recommend_ties` adds, one at a time, the tie between two actors not tied yet that improves
the chosen objective (:mod:`coopnet.recommend.objectives`) most, given the ties recommended before
it, and returns the steps as :class:`Recommendation` records in a :class:`Recommendations` result.

Every candidate pair is evaluated exactly at every step, without recomputing the objective per
pair (:mod:`coopnet.recommend._state`): fragmentation from component sizes, cross-group reach from
sparse neighbourhood products, robustness from the articulation structure. With :math:`n` actors,
:math:`m` ties and :math:`c \le n^2/2` candidate pairs, one step costs :math:`O(n + c)` for
fragmentation, :math:`O(n^2 + nm)` for reach and :math:`O(n + m + c)` plus a bounded scan of the
articulation points for robustness; building the candidate list costs :math:`O(c)` once. Memory is
:math:`O(c)` (and :math:`O(n^2)` for reach).

The default candidates (every pair of active actors) are not listed at all: each step evaluates
only the pairs that can be best, in bounded blocks (:mod:`coopnet.recommend._scan`), with the
same result.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from fractions import Fraction
from typing import Any, Final, Literal

import networkx as nx
import numpy as np
import numpy.typing as npt
import pandas as pd

from coopnet.display import short_repr, summary_html
from coopnet.errors import GraphError, closest
from coopnet.messages import Lines, Text, tr
from coopnet.metrics._workers import resolve_jobs, run_tasks
from coopnet.recommend._scan import best_step
from coopnet.recommend._state import Fragmentation, Robustness, State, Ties
from coopnet.recommend.objectives import (
    LOWER_IS_BETTER,
    Network,
    Objective,
    check_objective,
    network,
)

__all__ = [
    "RECOMMENDATION_COLUMNS",
    "Recommendation",
    "Recommendations",
    "Stop",
    "recommend_objectives",
    "recommend_ties",
]

logger = logging.getLogger(__name__)

IntArray = npt.NDArray[np.int64]

RECOMMENDATION_COLUMNS: Final[tuple[str, ...]] = (
    "rank",
    "source",
    "target",
    "source_label",
    "target_label",
    "source_group",
    "target_group",
    "objective",
    "before",
    "after",
    "gain",
)
"""Columns of :meth:`Recommendations.to_frame` (``recommendations.csv``), in order."""

Stop = Literal["complete", "no_candidates", "no_gain"]
"""Why the search ended: ``k`` ties found; no candidate pair left; no pair improves the objective."""


@dataclass(frozen=True, slots=True)
class Recommendation:
    """One recommended new tie (one greedy step).

    Attributes
    ----------
    rank
        Step number, 1 = recommended first.
    source, target
        Actor ids. The source is the actor named in ``sources`` (``--from``) or the liaison; else
        the smaller id.
    source_label, target_label
        Their labels (untrusted text: escape before rendering).
    source_group, target_group
        Their groups; ``None`` without a grouping column.
    objective
        The objective name.
    before, after
        The objective with all ties of the earlier steps, without and with this tie.
    gain
        The improvement: ``before - after`` for fragmentation and robustness, ``after - before``
        for reach; never negative.
    alternatives
        How many other candidate pairs would have given exactly the same gain at this step (the
        tie-break chose this one; see :func:`recommend_ties`).
    shared, shared_labels
        The actors (ids, sorted; and labels) that are part of every equally good pair -- e.g.
        ``("ERI",)`` when any tie of ERI to someone else would do as well. Empty if none is.
    joins_components
        Source and target could not reach each other before this tie.
    bypassed
        Actors (sorted ids) through whom every path between source and target ran before this
        tie (articulation points that separated them); the tie makes the pair independent of them.
    bypassed_labels
        Their labels, in the same order.
    key_player
        For ``robustness``: the key player of the network before this tie (the actor whose loss
        the objective measures); ``None`` for the other objectives.
    key_player_label
        Its label (``None`` with `key_player`).
    """

    rank: int
    source: str
    target: str
    source_label: str
    target_label: str
    source_group: str | None
    target_group: str | None
    objective: Objective
    before: float
    after: float
    gain: float
    alternatives: int
    shared: tuple[str, ...]
    shared_labels: tuple[str, ...]
    joins_components: bool
    bypassed: tuple[str, ...]
    bypassed_labels: tuple[str, ...]
    key_player: str | None
    key_player_label: str | None

    @property
    def group_pair(self) -> tuple[str, str] | None:
        """The two groups this tie connects, sorted; ``None`` within a group or without groups."""
        if self.source_group is None or self.target_group is None:
            return None
        if self.source_group == self.target_group:
            return None
        first, second = sorted((self.source_group, self.target_group))
        return first, second

    def to_dict(self) -> dict[str, Any]:
        """Return the fields as a plain dict (``bypassed`` as a list)."""
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["bypassed"] = list(self.bypassed)
        data["bypassed_labels"] = list(self.bypassed_labels)
        data["shared"] = list(self.shared)
        data["shared_labels"] = list(self.shared_labels)
        return data


@dataclass(frozen=True, slots=True)
class Recommendations:
    """The result of :func:`recommend_ties`: the recommended ties and what they achieve.

    Attributes
    ----------
    objective
        The objective optimised.
    group
        The grouping attribute used (``None``: none).
    dataset, period
        ``graph.graph["name"]`` and ``graph.graph["period"]`` (``None`` when missing / pooled).
    k
        The number of ties asked for.
    before, after
        The objective without any new tie and with all recommended ties.
    recommendations
        One record per greedy step, in order.
    stop
        Why the search ended (:data:`Stop`).
    n_actors, n_ties
        Size of the network before the new ties.
    n_candidates
        Number of candidate pairs at the start.
    n_isolates
        Actors without any tie: candidates only where named in `sources` / `targets`.
    across_groups
        Whether only pairs of different groups were candidates.
    sources, targets
        The named actors the candidates were restricted to (``()``: all active actors).
    liaison
        In liaison mode, the chosen liaison actor (``None`` otherwise or if none was found).
    liaison_mode
        Whether the liaison mode was asked for.
    final_key_players, final_key_player_labels
        For ``robustness``: every actor whose removal is (equally) the most damaging after all
        recommended ties (ids sorted, and labels). Several of them explain ``stop="no_gain"``:
        one tie cannot bypass them all at once. Empty for the other objectives.
    """

    objective: Objective
    group: str | None
    dataset: str
    period: str | None
    k: int
    before: float
    after: float
    recommendations: tuple[Recommendation, ...]
    stop: Stop
    n_actors: int
    n_ties: int
    n_candidates: int
    n_isolates: int
    across_groups: bool
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    liaison: str | None
    liaison_mode: bool
    final_key_players: tuple[str, ...] = ()
    final_key_player_labels: tuple[str, ...] = ()

    def __len__(self) -> int:
        return len(self.recommendations)

    def __repr__(self) -> str:
        return short_repr("Recommendations", objective=self.objective, period=self.period,
                          ties=len(self.recommendations), before=self.before, after=self.after)  # fmt: skip

    def _repr_html_(self) -> str:
        """Notebook summary: the objective before/after and the recommended ties."""
        rows = [[r.rank, r.source_label, r.target_label, r.before, r.after, r.gain]
                for r in self.recommendations]  # fmt: skip
        return summary_html(
            f"Recommendations {self.dataset} {self.period or ''}: {self.objective}",
            facts=[("before", self.before), ("after", self.after), ("stop", self.stop)],
            tables=[("recommended ties", ["rank", "source", "target", "before", "after", "gain"],
                     rows)],
            note=".to_frame() holds the full table",
        )  # fmt: skip

    def to_frame(self) -> pd.DataFrame:
        """Return the table of ``recommendations.csv``: :data:`RECOMMENDATION_COLUMNS`, one row per tie.

        Default ``RangeIndex``; ``source_group`` / ``target_group`` are empty without groups.
        """
        rows = [[getattr(r, c) for c in RECOMMENDATION_COLUMNS] for r in self.recommendations]
        frame = pd.DataFrame(rows, columns=list(RECOMMENDATION_COLUMNS))
        frame["rank"] = frame["rank"].astype("int64")
        for column in ("before", "after", "gain"):
            frame[column] = frame[column].astype("float64")
        for column in RECOMMENDATION_COLUMNS:
            if column not in ("rank", "before", "after", "gain"):
                frame[column] = frame[column].astype(object)
        return frame

    def to_dict(self) -> dict[str, Any]:
        """Return the result as plain data (records as dicts)."""
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["recommendations"] = [r.to_dict() for r in self.recommendations]
        data["sources"] = list(self.sources)
        data["targets"] = list(self.targets)
        data["final_key_players"] = list(self.final_key_players)
        data["final_key_player_labels"] = list(self.final_key_player_labels)
        return data

    def for_group_pair(self, first: str, second: str) -> tuple[Recommendation, ...]:
        """The recommended ties that connect groups `first` and `second` (either way round)."""
        wanted = tuple(sorted((first, second)))
        return tuple(r for r in self.recommendations if r.group_pair == wanted)

    def bypassing(self, actor: str) -> tuple[Recommendation, ...]:
        """The recommended ties that make some pair independent of `actor` (see ``bypassed``)."""
        return tuple(
            r for r in self.recommendations if actor in r.bypassed or r.key_player == actor
        )


# ----------------------------------------------------------------------------------------------
# candidates
# ----------------------------------------------------------------------------------------------
def _named(net: Network, ids: Sequence[str] | None, what: Text) -> IntArray | None:
    """Return the positions of named actors, or ``None``; unknown ids raise with a suggestion."""
    if ids is None:
        return None
    if isinstance(ids, str):
        raise GraphError(tr("errors.recommend.ids_string", what=what, ids=repr(ids)))
    position = {v: i for i, v in enumerate(net.ids)}
    unknown = [str(v) for v in ids if str(v) not in position]
    if unknown:
        lines = []
        for actor in unknown:
            match = closest(actor, net.ids)
            hint = tr("errors.hint.did_you_mean", match=match) if match else ""
            lines.append(tr("errors.recommend.unknown_actor", actor=actor, what=what, hint=hint))
        raise GraphError(tr("errors.lines", lines=Lines(lines)))
    if not ids:
        raise GraphError(tr("errors.recommend.ids_empty", what=what))
    return np.unique(np.array([position[str(v)] for v in ids], dtype=np.int64))


def _candidates(
    net: Network,
    sources: IntArray,
    targets: IntArray,
    tie_keys: IntArray,
    *,
    across_groups: bool,
    oriented: bool,
) -> tuple[IntArray, IntArray]:
    """Return the candidate pairs ``(xs, ys)``, sorted by ``(xs, ys)``.

    Pairs ``x in sources``, ``y in targets``, ``x != y``, not tied, of different groups if
    `across_groups`. Unless `oriented` (liaison mode: the source is the liaison), each unordered
    pair is kept once, in the first orientation allowed -- ``(min, max)`` if both are.
    :math:`O(|sources| \\cdot |targets|)` time and memory.
    """
    n = net.n
    same_sets = sources.size == targets.size and bool(np.all(sources == targets))
    if same_sets and not oriented and bool(np.all(np.diff(sources) > 0)):
        # all pairs of increasing positions: strike the ties by their place in the upper
        # triangle (O(m)) instead of looking every pair up among the tie keys
        s = sources.size
        i, j = np.triu_indices(s, k=1)
        at = np.full(n, -1, dtype=np.int64)
        at[sources] = np.arange(s)
        pa, pb = at[tie_keys // n], at[tie_keys % n]
        hit = (pa >= 0) & (pa < pb)
        pa, pb = pa[hit], pb[hit]
        keep = np.ones(i.size, dtype=np.bool_)
        keep[pa * s - pa * (pa + 1) // 2 + (pb - pa - 1)] = False
        i, j = i[keep], j[keep]
        xs, ys = sources[i], sources[j]
        keep = np.ones(xs.size, dtype=np.bool_)
    elif same_sets and not oriented:
        i, j = np.triu_indices(sources.size, k=1)
        xs, ys = sources[i], sources[j]
        keep = (xs != ys) & ~np.isin(xs * n + ys, tie_keys)
    else:
        xs = np.repeat(sources, targets.size)
        ys = np.tile(targets, sources.size)
        keep = (xs != ys) & ~np.isin(xs * n + ys, tie_keys)
    if across_groups:
        assert net.codes is not None
        keep &= net.codes[xs] != net.codes[ys]
    xs, ys = xs[keep].astype(np.int64), ys[keep].astype(np.int64)
    if not oriented and not same_sets and xs.size:
        canonical = np.minimum(xs, ys) * n + np.maximum(xs, ys)
        _, first = np.unique(canonical, return_index=True)
        first.sort()
        xs, ys = xs[first], ys[first]
    return xs, ys


# ----------------------------------------------------------------------------------------------
# the search
# ----------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Step:
    x: int
    y: int
    gain: int
    alternatives: int
    shared: tuple[int, ...]


def _best(state: State, xs: IntArray, ys: IntArray, gains: IntArray | None = None) -> _Step | None:
    """Return the best candidate (first in order among equal gains), or ``None`` if no gain.

    `gains` are the candidates' gains if already known.
    """
    if not xs.size:
        return None
    if gains is None:
        gains = state.gains(xs, ys)
    best = int(gains.max())
    if best <= 0:
        return None
    first = int(np.argmax(gains))
    ties = gains == best
    bx, by = xs[ties], ys[ties]
    x, y = int(xs[first]), int(ys[first])
    shared = tuple(sorted(e for e in (x, y) if bool(np.all((bx == e) | (by == e)))))
    return _Step(x, y, best, int(bx.size) - 1, shared)


def _better(objective: Objective, new: Fraction, old: Fraction) -> bool:
    return new < old if objective in LOWER_IS_BETTER else new > old


def _search(
    state: State,
    xs: IntArray,
    ys: IntArray,
    k: int,
    *,
    names: Sequence[str],
    progress: bool,
) -> tuple[list[_Step], Stop]:
    """Greedy: `k` times add the best remaining candidate; return the steps and the stop reason."""
    steps: list[_Step] = []
    alive = np.ones(xs.size, dtype=np.bool_)
    for number in range(1, k + 1):
        idx = np.flatnonzero(alive)
        if not idx.size:
            return steps, "no_candidates"
        step = _best(state, xs[idx], ys[idx])
        if step is None:
            return steps, "no_gain"
        chosen = idx[(xs[idx] == step.x) & (ys[idx] == step.y)]
        alive[chosen] = False
        state.add(step.x, step.y, gain=step.gain)
        steps.append(step)
        if progress:
            logger.info(
                "recommend: step %d/%d adds %s - %s", number, k, names[step.x], names[step.y]
            )
    return steps, "complete"


def _search_all(
    state: State,
    active: IntArray,
    k: int,
    *,
    names: Sequence[str],
    progress: bool,
) -> tuple[list[_Step], Stop]:
    """:func:`_search` over every pair of `active` actors not tied yet, without listing them.

    The same steps as :func:`_search` on the default candidates (:func:`_candidates`): each
    step is found by :func:`coopnet.recommend._scan.best_step`, which evaluates only the pairs
    that can be best.
    """
    steps: list[_Step] = []
    mask = np.zeros(state.ties.n, dtype=np.bool_)
    mask[active] = True
    left = active.size * (active.size - 1) // 2 - state.ties.n_ties  # ties join active actors
    for number in range(1, k + 1):
        if left <= 0:
            return steps, "no_candidates"
        best = best_step(state, mask)
        if best is None:
            return steps, "no_gain"
        step = _Step(best.x, best.y, best.gain, best.count - 1, best.common)
        state.add(step.x, step.y, gain=step.gain)
        left -= 1
        steps.append(step)
        if progress:
            logger.info(
                "recommend: step %d/%d adds %s - %s", number, k, names[step.x], names[step.y]
            )
    return steps, "complete"


def _liaison_search(
    state: State,
    net: Network,
    xs: IntArray,
    ys: IntArray,
    k: int,
    *,
    objective: Objective,
    progress: bool,
) -> tuple[int | None, list[_Step], Stop]:
    """Best liaison: per source, greedily up to `k` ties to distinct other groups; best final value.

    Ties between liaisons with the same final value go to the smaller id. Costs one greedy run
    of up to `k` steps over the candidate's own row for each candidate liaison.
    """
    assert net.codes is not None
    codes = net.codes
    best_actor: int | None = None
    best_value: Fraction | None = None
    best_steps: list[_Step] = []
    best_stop: Stop = "no_candidates"
    # the first tie of every liaison is evaluated on the same network: once, for all rows
    first_gains = state.gains(xs, ys) if state.exact and xs.size else None
    actors, starts = np.unique(xs, return_index=True)  # xs is sorted: rows are contiguous
    ends = np.append(starts[1:], xs.size) if starts.size else starts
    for actor, start, end in zip(actors, starts, ends, strict=True):
        rx, ry = xs[start:end], ys[start:end]
        trial = state.copy()
        steps: list[_Step] = []
        stop: Stop = "complete"
        used: set[int] = set()
        for number in range(k):
            keep = ~np.isin(codes[ry], list(used)) if used else np.ones(ry.size, dtype=np.bool_)
            keep &= ~np.isin(ry, [s.y for s in steps])
            if not keep.any():
                stop = "no_candidates"
                break
            known = first_gains[start:end] if number == 0 and first_gains is not None else None
            step = _best(trial, rx[keep], ry[keep], None if known is None else known[keep])
            if step is None:
                stop = "no_gain"
                break
            trial.add(step.x, step.y, gain=step.gain)
            used.add(int(codes[step.y]))
            steps.append(step)
        if not steps:
            continue
        value = trial.value()
        if best_value is None or _better(objective, value, best_value):
            best_actor, best_value, best_steps, best_stop = int(actor), value, steps, stop
    if progress and best_actor is not None:
        logger.info("recommend: liaison %s with %d tie(s)", net.ids[best_actor], len(best_steps))
    if best_actor is None:
        return None, [], "no_gain" if xs.size else "no_candidates"
    return best_actor, best_steps, best_stop


def _check_k(k: int) -> None:
    if isinstance(k, bool) or not isinstance(k, int | np.integer):
        raise GraphError(tr("errors.metrics.k_not_integer", k=repr(k)))
    if k < 0:
        raise GraphError(tr("errors.metrics.k_negative", k=k))


def recommend_ties(
    graph: nx.Graph[Any],
    *,
    k: int = 3,
    objective: Objective = "fragmentation",
    group: str | None = None,
    across_groups: bool = False,
    sources: Sequence[str] | None = None,
    targets: Sequence[str] | None = None,
    liaison: bool = False,
    progress: bool = False,
) -> Recommendations:
    r"""Recommend up to `k` new ties that improve an objective most, greedily.

    At each step every candidate pair (two actors not tied yet) is evaluated exactly on the
    network with the ties of the earlier steps, and the pair with the largest gain is added.
    Greedy selection is exact for one tie; for several it is a heuristic (the best *set* of
    ties can differ), as for Borgatti's key players.

    Parameters
    ----------
    graph
        Tie network following the graph contract; symmetrised, direction and weights ignored.
        Not modified.
    k
        Number of ties to recommend (:math:`\ge 0`). Fewer are returned when no candidate is
        left or no candidate improves the objective (see ``stop``).
    objective
        ``"fragmentation"`` (lower :math:`F`), ``"reach"`` (higher cross-group reach within
        distance 2; needs `group`) or ``"robustness"`` (lower :math:`F` after removing the key
        player, who is re-chosen for every candidate) -- :mod:`coopnet.recommend.objectives`.
    group
        Node attribute with the groups (for ``reach``, `across_groups`, `liaison` and the group
        columns of the result); ``None``: no groups.
    across_groups
        Only pairs of actors from different groups are candidates (needs `group`).
    sources, targets
        Restrict candidates to pairs with one actor from `sources` and the other from `targets`.
        Either defaults to all *active* actors (at least one tie in `graph`); named actors are
        allowed even when they have no tie.
    liaison
        Recommend one liaison: an actor from `sources` (default: active actors) and up to `k`
        ties from it to actors of `targets` in `k` different groups, none the liaison's own.
        For each possible liaison the ties are chosen greedily (each the best next tie to a
        group not used yet); the liaison whose ties give the best final objective wins, ties
        going to the smaller id. Needs `group`.
    progress
        Log one ``INFO`` message per step on this module's logger.

    Returns
    -------
    Recommendations
        The records (:class:`Recommendation`), the objective before and after, the stop reason
        and the options. ``.to_frame()`` gives the ``recommendations.csv`` table
        (:data:`RECOMMENDATION_COLUMNS`).

    Raises
    ------
    GraphError
        Unknown objective or actor id; `k` not a non-negative integer; `reach`, `across_groups`
        or `liaison` without `group`, or with a single group; too few actors for the objective;
        `graph` a multigraph or with self-ties.

    Notes
    -----
    **Tie-break.** Among candidates with exactly the same gain (computed in integers: component
    size products, pair counts, sums of squared piece sizes), the pair with the smallest source
    id, then the smallest target id, wins (ids compared as strings); ``alternatives`` counts the
    others, so a workshop can choose among equally good ties.

    **Stopping.** A tie that does not improve the objective is never recommended: the search
    stops early with ``stop="no_gain"`` (e.g. fragmentation of a connected network is already 0)
    or ``"no_candidates"`` (e.g. a complete network).

    **Complexity** (:math:`n` actors, :math:`m` ties, :math:`c \le n^2/2` candidate pairs, per
    step; for the default candidates only the pairs that can be best count in :math:`c`, and no
    pair list is kept -- :mod:`coopnet.recommend._scan`): fragmentation :math:`O(n + c)`; reach :math:`O(n^2 + n m)` with about 5 bytes per
    actor pair of memory; robustness one DFS :math:`O(n + m)` plus :math:`O(n + c')` for each
    articulation point scanned in increasing order of its :math:`\Sigma_{-v}` until no further
    one can change the best pair (:math:`c'` surviving candidates). The liaison mode runs the
    search over each liaison's row: :math:`O(n_\text{liaisons} k)` such steps.

    References
    ----------
    .. [1] Borgatti, S. P. (2006). Identifying sets of key players in a social network.
       *Computational and Mathematical Organization Theory*, 12(1), 21-34.
       https://doi.org/10.1007/s10588-006-7084-x

    Examples
    --------
    >>> g = nx.Graph([("a", "b"), ("c", "d"), ("e", "f")])  # three components
    >>> result = recommend_ties(g, k=3)
    >>> [(r.source, r.target, round(r.after, 3)) for r in result.recommendations]
    [('a', 'c', 0.533), ('a', 'e', 0.0)]
    >>> result.stop
    'no_gain'
    """
    check_objective(objective)
    _check_k(k)
    if (across_groups or liaison) and group is None:
        option = "liaison" if liaison else "across_groups"
        raise GraphError(tr("errors.recommend.option_needs_group", option=option))
    net = network(graph, group=group)
    if (across_groups or liaison) and net.codes is not None and np.unique(net.codes).size < 2:
        raise GraphError(tr("errors.recommend.one_group", group=group))
    return _recommend(
        graph, net, k=k, objective=objective, group=group, across_groups=across_groups,
        sources=sources, targets=targets, liaison=liaison, progress=progress,
    )  # fmt: skip


def recommend_objectives(
    graph: nx.Graph[Any],
    objectives: Sequence[Objective],
    *,
    k: int = 3,
    group: str | None = None,
    jobs: int | None = None,
) -> list[Recommendations]:
    """Return ``[recommend_ties(graph, k=k, objective=o, group=group) for o in objectives]``.

    The same lists, computed faster: the array form of `graph` and its ties are built once
    for all objectives instead of once per objective, and the objectives are searched by up
    to `jobs` processes (``None``: every core; the lists do not depend on it).

    Examples
    --------
    >>> g = nx.Graph([("a", "b"), ("c", "d"), ("e", "f")])
    >>> [r.objective for r in recommend_objectives(g, ["fragmentation", "robustness"], k=1)]
    ['fragmentation', 'robustness']
    """
    for objective in objectives:
        check_objective(objective)
    _check_k(k)
    workers = resolve_jobs(jobs)
    net = network(graph, group=group)
    ties = net.ties()

    def search(objective: Objective) -> Callable[[], Recommendations]:
        return lambda: _recommend(
            graph, net, k=k, objective=objective, group=group, across_groups=False,
            sources=None, targets=None, liaison=False, progress=False, ties=ties,
        )  # fmt: skip

    # the slowest search first, so that the others fill the other processes meanwhile
    order = sorted(range(len(objectives)), key=lambda i: _EFFORT.get(objectives[i], 0))
    found = run_tasks([search(objectives[i]) for i in order], workers)
    results: list[Recommendations | None] = [None] * len(objectives)
    for i, result in zip(order, found, strict=True):
        results[i] = result
    return [r for r in results if r is not None]


_EFFORT: Final[dict[str, int]] = {"robustness": 0, "reach": 1, "fragmentation": 2}
"""Order in which :func:`recommend_objectives` hands out the searches (slowest first)."""


def _recommend(
    graph: nx.Graph[Any],
    net: Network,
    *,
    k: int,
    objective: Objective,
    group: str | None,
    across_groups: bool,
    sources: Sequence[str] | None,
    targets: Sequence[str] | None,
    liaison: bool,
    progress: bool,
    ties: Ties | None = None,
) -> Recommendations:
    """:func:`recommend_ties` on the array form `net` (with its ties `ties` if built before).

    The default candidates (every pair of active actors, no options) are searched without
    listing them (:func:`_search_all`); the others are listed (:func:`_candidates`).
    """
    state = net.state(objective, ties=ties)
    named_sources = _named(net, sources, tr("errors.recommend.what.sources"))
    named_targets = _named(net, targets, tr("errors.recommend.what.targets"))
    active = np.flatnonzero(state.ties.degrees() > 0).astype(np.int64)
    source_pos = active if named_sources is None else named_sources
    target_pos = active if named_targets is None else named_targets
    default = named_sources is None and named_targets is None and not (across_groups or liaison)
    before = state.value()
    chosen: int | None = None
    if default:
        # every pair of active actors: searched without listing the pairs
        n_candidates = active.size * (active.size - 1) // 2 - state.ties.n_ties
        steps, stop = _search_all(state.copy(), active, k, names=net.ids, progress=progress)
    else:
        xs, ys = _candidates(
            net,
            source_pos,
            target_pos,
            state.ties.keys(),
            across_groups=across_groups or liaison,
            oriented=liaison,
        )
        n_candidates = int(xs.size)
        if liaison:
            chosen, steps, stop = _liaison_search(
                state, net, xs, ys, k, objective=objective, progress=progress
            )
        else:
            steps, stop = _search(state.copy(), xs, ys, k, names=net.ids, progress=progress)
    records, final = _records(net, state, steps, objective)
    return Recommendations(
        objective=objective,
        group=group,
        dataset=str(graph.graph.get("name") or ""),
        period=None if graph.graph.get("period") is None else str(graph.graph["period"]),
        k=int(k),
        before=float(before),
        after=records[-1].after if records else float(before),
        recommendations=tuple(records),
        stop=stop,
        n_actors=net.n,
        n_ties=state.ties.n_ties,
        n_candidates=int(n_candidates),
        n_isolates=net.n - int(active.size),
        across_groups=bool(across_groups),
        sources=() if named_sources is None else tuple(net.ids[i] for i in named_sources),
        targets=() if named_targets is None else tuple(net.ids[i] for i in named_targets),
        liaison=None if chosen is None else net.ids[chosen],
        liaison_mode=bool(liaison),
        final_key_players=tuple(net.ids[v] for v in final),
        final_key_player_labels=tuple(net.labels[v] for v in final),
    )


def _records(
    net: Network, start: State, steps: list[_Step], objective: Objective
) -> tuple[list[Recommendation], list[int]]:
    """Replay the steps on a copy of `start`; describe each one and the final key players."""
    state = start.copy()
    records = []
    lower = objective in LOWER_IS_BETTER
    for rank, step in enumerate(steps, start=1):
        before = state.value()
        key = state.key_player() if isinstance(state, Robustness) else None
        if isinstance(state, Fragmentation) and state.label[step.x] != state.label[step.y]:
            joins, separators = True, []  # no articulation structure needed
        else:
            structure = state.structure() if isinstance(state, Robustness) else state.ties.blocks()
            joins = bool(structure.component[step.x] != structure.component[step.y])
            separators = structure.separators(step.x, step.y)  # ascending positions = sorted ids
        state.add(step.x, step.y)
        after = state.value()
        gain = before - after if lower else after - before
        groups = net.groups
        records.append(
            Recommendation(
                rank=rank,
                source=net.ids[step.x],
                target=net.ids[step.y],
                source_label=net.labels[step.x],
                target_label=net.labels[step.y],
                source_group=None if groups is None else groups[step.x],
                target_group=None if groups is None else groups[step.y],
                objective=objective,
                before=float(before),
                after=float(after),
                gain=float(gain),
                alternatives=step.alternatives,
                shared=tuple(net.ids[v] for v in step.shared),
                shared_labels=tuple(net.labels[v] for v in step.shared),
                joins_components=joins,
                bypassed=tuple(net.ids[v] for v in separators),
                bypassed_labels=tuple(net.labels[v] for v in separators),
                key_player=None if key is None else net.ids[key],
                key_player_label=None if key is None else net.labels[key],
            )
        )
    final: list[int] = []
    if isinstance(state, Robustness):
        without = state.structure().sum_squares_without
        final = [int(v) for v in np.flatnonzero(without == without.min())]
    return records, final
