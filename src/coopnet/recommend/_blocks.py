r"""Articulation structure of an undirected graph: what removing each actor leaves behind.

One iterative depth-first search (Hopcroft & Tarjan 1973) gives every actor's discovery index,
low point and DFS-subtree size. Removing actor :math:`v` from its component of size :math:`c`
leaves one piece for every DFS child :math:`u` with ``low[u] >= disc[v]`` (the subtree of
:math:`u`, an interval of discovery indices) and one piece with the other
:math:`c - 1 - \sum` actors (the part above :math:`v`; empty for the DFS root). So both the sum of
squared component sizes after the removal, :math:`\Sigma_{-v}`, and the piece every other actor
ends up in follow without a search per actor.

The same bookkeeping as :mod:`coopnet.metrics.keyplayers` (which keeps it private); here the
pieces themselves are needed, not only their sizes.

References
----------
.. [1] Hopcroft, J., & Tarjan, R. (1973). Algorithm 447: Efficient algorithms for graph
   manipulation. *Communications of the ACM*, 16(6), 372-378.
   https://doi.org/10.1145/362248.362272
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

OUTSIDE = -2
"""Piece id of actors outside the removed actor's component (see :meth:`Blocks.pieces`)."""
REMOVED = -1
"""Piece id of the removed actor itself."""


@dataclass(frozen=True, slots=True)
class Blocks:
    """The articulation structure of an undirected graph on actors ``0 .. n-1``.

    Attributes
    ----------
    component
        Component id of every actor (ids in order of the smallest member).
    component_size
        Size of every component, indexed by component id.
    sum_squares
        :math:`\\Sigma = \\sum_k s_k^2` over the components.
    sum_squares_without
        :math:`\\Sigma_{-v}` for every actor :math:`v`: the same sum after removing :math:`v`.
    cut
        Whether removing the actor splits its component (an articulation point).
    disc, subtree
        DFS discovery index and DFS-subtree size of every actor.
    separated
        For every actor, its DFS children whose subtree becomes a piece of its own when the
        actor is removed, in discovery order.
    """

    component: IntArray
    component_size: IntArray
    sum_squares: int
    sum_squares_without: IntArray
    cut: BoolArray
    disc: IntArray
    subtree: IntArray
    separated: tuple[tuple[int, ...], ...]

    def pieces(self, v: int) -> tuple[IntArray, IntArray]:
        """Return the piece id and the piece size of every actor after removing `v`.

        Pieces are numbered ``0 .. p-1`` for the separated DFS subtrees (in discovery order) and
        ``p`` for the rest of the component. Actor `v` gets id :data:`REMOVED` and size 0; actors
        of other components get id :data:`OUTSIDE` and size 0. :math:`O(n \\log \\deg v)`.
        """
        kids = np.asarray(self.separated[v], dtype=np.int64)
        rest = int(self.component_size[self.component[v]]) - 1 - int(self.subtree[kids].sum())
        piece = np.full(self.disc.size, kids.size, dtype=np.int64)
        size = np.full(self.disc.size, rest, dtype=np.int64)
        if kids.size:
            starts = self.disc[kids]
            ends = starts + self.subtree[kids]
            slot = np.clip(np.searchsorted(starts, self.disc, side="right") - 1, 0, None)
            inside = (self.disc >= starts[slot]) & (self.disc < ends[slot])
            piece[inside] = slot[inside]
            size[inside] = self.subtree[kids][slot[inside]]
        outside = self.component != self.component[v]
        piece[outside] = OUTSIDE
        size[outside] = 0
        piece[v] = REMOVED
        size[v] = 0
        return piece, size

    def piece_of(self, v: int, w: int) -> int:
        """Return the piece id of actor `w` (in `v`'s component, not `v`) after removing `v`."""
        kids = self.separated[v]
        d = int(self.disc[w])
        i = bisect.bisect_right([int(self.disc[u]) for u in kids], d) - 1
        if i >= 0 and d < int(self.disc[kids[i]]) + int(self.subtree[kids[i]]):
            return i
        return len(kids)

    def separators(self, x: int, y: int) -> list[int]:
        """Return the actors (ascending) whose removal separates `x` from `y`.

        Empty when `x` and `y` are in different components or joined by two disjoint paths.
        :math:`O(\\kappa \\log n)` for :math:`\\kappa` articulation points.
        """
        if self.component[x] != self.component[y]:
            return []
        candidates = np.flatnonzero(self.cut & (self.component == self.component[x]))
        return [
            int(v)
            for v in candidates
            if int(v) not in (x, y) and self.piece_of(int(v), x) != self.piece_of(int(v), y)
        ]


def blocks(adjacency: Sequence[Sequence[int]]) -> Blocks:
    r"""Return the :class:`Blocks` of the undirected graph with the given neighbour lists.

    Iterative (deep paths do not hit Python's recursion limit); :math:`O(n + m)`. Actors are
    visited in index order and neighbours in list order, so the result is deterministic.
    """
    n = len(adjacency)
    disc = [-1] * n
    low = [0] * n
    size = [1] * n
    separated: list[list[int]] = [[] for _ in range(n)]
    component = [0] * n
    component_size: list[int] = []
    clock = 0
    for root in range(n):
        if disc[root] >= 0:
            continue
        label = len(component_size)
        disc[root] = low[root] = clock
        clock += 1
        members = 1
        component[root] = label
        stack = [(root, -1, iter(adjacency[root]))]
        while stack:
            v, parent, pending = stack[-1]
            descended = False
            for w in pending:
                if disc[w] < 0:
                    disc[w] = low[w] = clock
                    clock += 1
                    members += 1
                    component[w] = label
                    stack.append((w, v, iter(adjacency[w])))
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
                    separated[parent].append(v)
        component_size.append(members)
    sizes = np.asarray(component_size, dtype=np.int64)
    comp = np.asarray(component, dtype=np.int64)
    total = int((sizes * sizes).sum())
    without = np.zeros(n, dtype=np.int64)
    cut = np.zeros(n, dtype=np.bool_)
    for v in range(n):
        c = int(sizes[comp[v]])
        pieces = [size[u] for u in separated[v]]
        rest = c - 1 - sum(pieces)
        if rest > 0:
            pieces.append(rest)
        without[v] = total - c * c + sum(p * p for p in pieces)
        cut[v] = len(pieces) >= 2
    return Blocks(
        component=comp,
        component_size=sizes,
        sum_squares=total,
        sum_squares_without=without,
        cut=cut,
        disc=np.asarray(disc, dtype=np.int64),
        subtree=np.asarray(size, dtype=np.int64),
        separated=tuple(tuple(s) for s in separated),
    )
