r"""The best new tie among *all* pairs of active actors, without listing the pairs.

The default candidates of :func:`~coopnet.recommend.recommend_ties` are every pair of active
actors (at least one tie) not tied yet: about :math:`n^2/2` pairs, 50 million at 10,000 actors.
:func:`best_step` answers one greedy step -- the largest gain, the first pair with it in
``(source, target)`` order (positions, source < target), how many other pairs reach it and the
actors common to all of them -- exactly as evaluating every pair would
(:func:`coopnet.recommend.greedy._best`), but evaluates only the pairs that can reach the best
gain, a block at a time (memory bounded by :data:`_PAIRS` pairs):

* **fragmentation** -- closed form. A tie between components of sizes :math:`a \ne b` gains
  :math:`2ab`, so the best gain is :math:`2 s_1 s_2` for the two largest components, and the
  best pairs are exactly the pairs between a component of size :math:`s_1` and another of size
  :math:`s_2`; count, first pair and common actors follow from the component sizes and their
  smallest members, :math:`O(n)`.
* **robustness** -- with :math:`v_1` a key player (smallest :math:`\Sigma_{-v}`), the value after
  a tie :math:`e` is at most :math:`\Sigma_{-v_1}(G + e) = \Sigma_{-v_1} + \delta_{v_1}(e)`, and
  :math:`\delta_{v_1}(e) > 0` only if :math:`e` joins two components of :math:`G - v_1`. So only
  those pairs can gain; they are evaluated in blocks by
  :meth:`~coopnet.recommend._state.Robustness.after`, each block pruned against the best value
  of the blocks before. Typically the key player cuts off a few actors: :math:`O(n)` pairs.
* **reach** -- a tie :math:`x - y` gains at most
  :math:`[g_x \ne g_y] + \deg x + \deg y` (:class:`~coopnet.recommend._state.Reach`). Pairs are
  enumerated by decreasing degree; once a gain :math:`L` is known, only pairs with
  :math:`1 + \deg x + \deg y \ge L` are listed, then only those whose sharper bound
  :math:`[g_x \ne g_y] + \deg x - D_{x g_y} + \deg y - D_{y g_x} \ge L` are evaluated exactly
  (:meth:`~coopnet.recommend._state.Reach.gains_sparse`). Pairs with an equal bound are kept, so
  every pair with the best gain is counted.

The answer does not depend on the order in which blocks are evaluated (:class:`Tally`), so the
result equals the full evaluation; ``tests/recommend/test_scan.py`` checks this against it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from coopnet.recommend._state import Fragmentation, Reach, Robustness, State

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

_PAIRS = 1 << 19
"""Candidate pairs per evaluated block (bounds the temporaries to some tens of MiB)."""


@dataclass(frozen=True, slots=True)
class Best:
    """The best candidate pairs of one greedy step.

    Attributes
    ----------
    x, y
        Positions of the first best pair (``x < y``; smallest ``x``, then smallest ``y``).
    gain
        The best gain (``> 0``), in the objective's integer unit.
    count
        How many pairs reach it.
    common
        The actors (ascending positions) in every pair that reaches it.
    """

    x: int
    y: int
    gain: int
    count: int
    common: tuple[int, ...]


class Tally:
    """The running best over blocks of candidate pairs evaluated in any order.

    Pairs are unordered: ``(x, y)`` and ``(y, x)`` are the same pair, reported as ``x < y``.
    Only gains above 0 count.
    """

    def __init__(self, n: int) -> None:
        self.n = n
        self.gain = 0
        self.key = -1
        self.count = 0
        self.common: tuple[int, ...] = ()

    def add(self, xs: IntArray, ys: IntArray, gains: IntArray) -> None:
        """Take a block of pairs and their gains (exact for every pair that could be best)."""
        if not gains.size:
            return
        best = int(gains.max())
        if best <= 0 or best < self.gain:
            return
        hit = gains == best
        lo, hi = np.minimum(xs[hit], ys[hit]), np.maximum(xs[hit], ys[hit])
        key = int((lo * self.n + hi).min())
        x, y = divmod(key, self.n)
        common = tuple(e for e in (x, y) if bool(np.all((lo == e) | (hi == e))))
        if best > self.gain:
            self.gain, self.key, self.count, self.common = best, key, int(lo.size), common
        else:
            self.key = min(self.key, key)
            self.count += int(lo.size)
            self.common = tuple(e for e in self.common if e in common)

    def best(self) -> Best | None:
        """The best pairs so far, or ``None`` if no pair gains."""
        if self.gain <= 0:
            return None
        x, y = divmod(self.key, self.n)
        return Best(x, y, self.gain, self.count, tuple(sorted(self.common)))


def best_step(state: State, active: BoolArray) -> Best | None:
    """Return the best pairs of active actors not tied yet, or ``None`` if no pair gains.

    `active` marks the actors that may be tied (the same for every step: the actors with a tie
    at the start).
    """
    if isinstance(state, Fragmentation):
        return _fragmentation(state, active)
    if isinstance(state, Robustness):
        return _robustness(state, active)
    if isinstance(state, Reach):
        return _reach(state, active)
    raise TypeError(type(state).__name__)


# ----------------------------------------------------------------------------------------------
# fragmentation
# ----------------------------------------------------------------------------------------------
def _fragmentation(state: Fragmentation, active: BoolArray) -> Best | None:
    """Closed form: the pairs between the two largest components (module docstring)."""
    positions = np.flatnonzero(active).astype(np.int64)
    labels, first = np.unique(state.label[positions], return_index=True)
    if labels.size < 2:
        return None
    smallest = positions[first]  # each component's smallest active member (positions ascend)
    # every member of a component with an active actor is active (it has a tie)
    size = state.size[labels]
    top = np.sort(size)[::-1]
    s1, s2 = int(top[0]), int(top[1])
    if s1 == s2:
        tied = np.sort(smallest[size == s1])
        c = int(tied.size)
        x, y = int(tied[0]), int(tied[1])
        count = c * (c - 1) // 2 * s1 * s1
        with_x = with_y = (c - 1) * s1
    else:
        m_a = int(smallest[size == s1][0])
        m_b = int(smallest[size == s2].min())
        c2 = int(np.count_nonzero(size == s2))
        x, y = min(m_a, m_b), max(m_a, m_b)
        count = s1 * s2 * c2
        with_a, with_b = s2 * c2, s1
        with_x, with_y = (with_a, with_b) if x == m_a else (with_b, with_a)
    common = tuple(e for e, w in ((x, with_x), (y, with_y)) if w == count)
    return Best(x, y, 2 * s1 * s2, count, common)


# ----------------------------------------------------------------------------------------------
# robustness
# ----------------------------------------------------------------------------------------------
def _robustness(state: Robustness, active: BoolArray) -> Best | None:
    """The pairs the key player separates, in blocks, each pruned by the best before it."""
    b = state.structure()
    score = state.score()
    n = int(active.size)
    key = state.key_player()
    piece, _ = b.pieces(key)
    part = np.where(b.component == b.component[key], piece, n + b.component)
    eligible = active.copy()
    eligible[key] = False
    tally = Tally(n)
    for xs, ys in _cross_pairs(np.flatnonzero(eligible).astype(np.int64), part[eligible]):
        floor = score + tally.gain if tally.gain > 0 else None
        tally.add(xs, ys, state.after(xs, ys, floor=floor) - score)
    return tally.best()


def _cross_pairs(members: IntArray, part: IntArray) -> Iterator[tuple[IntArray, IntArray]]:
    """Every pair ``x < y`` of `members` (ascending) in different parts, in blocks of pairs."""
    order = np.argsort(part, kind="stable")
    labels, starts = np.unique(part[order], return_index=True)
    ends = np.append(starts[1:], order.size)
    buffer_x: list[IntArray] = []
    buffer_y: list[IntArray] = []
    held = 0
    for label, start, end in zip(labels, starts, ends, strict=True):
        inside = members[np.sort(order[start:end])]
        others = members[part != label]
        if not others.size:
            continue
        # x in this part pairs with the actors of other parts after it
        for lo in range(0, inside.size, max(1, _PAIRS // others.size)):
            rows = inside[lo : lo + max(1, _PAIRS // others.size)]
            begin = np.searchsorted(others, rows, side="right")
            lengths = others.size - begin
            xs = np.repeat(rows, lengths)
            offsets = np.arange(xs.size) - np.repeat(np.cumsum(lengths) - lengths, lengths)
            ys = others[np.repeat(begin, lengths) + offsets]
            buffer_x.append(xs)
            buffer_y.append(ys)
            held += xs.size
            if held >= _PAIRS:
                yield np.concatenate(buffer_x), np.concatenate(buffer_y)
                buffer_x, buffer_y, held = [], [], 0
    if held:
        yield np.concatenate(buffer_x), np.concatenate(buffer_y)


# ----------------------------------------------------------------------------------------------
# reach
# ----------------------------------------------------------------------------------------------
def _reach(state: Reach, active: BoolArray) -> Best | None:
    """Pairs by decreasing degree, listed and evaluated only while their bound reaches the best."""
    n = int(active.size)
    adj = state.ties.csr()
    degree = np.diff(adj.indptr).astype(np.int64)
    codes = state.codes
    tie_keys = state.ties.keys()
    members = np.flatnonzero(active).astype(np.int64)
    order = members[np.lexsort((members, -degree[members]))]
    ranked = degree[order]
    falling = -ranked  # ascending, for searchsorted
    tally = Tally(n)
    i = 0
    budget = order.size  # pairs per block: one row first (a first best gain), then more
    while i < order.size:
        need = max(1, tally.gain)  # a pair must reach this gain to matter
        # partners of rank i: ranks j > i with 1 + degree_i + degree_j >= need
        stop = np.searchsorted(falling, -(need - 1 - ranked[i:]), side="right")
        lengths = np.maximum(stop - np.arange(i, order.size) - 1, 0)
        if not lengths[0]:
            break  # later ranks have fewer partners still
        take = max(1, int(np.searchsorted(np.cumsum(lengths), budget, side="right")))
        take = min(take, int(np.count_nonzero(lengths)), lengths.size)
        lengths = lengths[:take]
        rows = np.repeat(np.arange(i, i + take), lengths)
        offsets = np.arange(rows.size) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        xs, ys = order[rows], order[rows + 1 + offsets]
        i += take
        budget = min(2 * budget, _PAIRS)
        keep = ~_is_tie(tie_keys, xs * n + ys)
        xs, ys = xs[keep], ys[keep]
        cx, cy = codes[xs], codes[ys]
        bound = (
            (cx != cy).astype(np.int64)
            + degree[xs] - state.group_counts(xs, cy)
            + degree[ys] - state.group_counts(ys, cx)
        )  # fmt: skip
        keep = bound >= need
        xs, ys = xs[keep], ys[keep]
        tally.add(xs, ys, state.gains_sparse(xs, ys))
    return tally.best()


def _is_tie(tie_keys: IntArray, keys: IntArray) -> BoolArray:
    """Whether each key ``x * n + y`` is among the sorted tie keys (both orientations)."""
    if not tie_keys.size:
        return np.zeros(keys.size, dtype=np.bool_)
    at = np.minimum(np.searchsorted(tie_keys, keys), tie_keys.size - 1)
    found: BoolArray = tie_keys[at] == keys
    return found
