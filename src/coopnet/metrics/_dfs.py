r"""The removal depth-first search (internal to :mod:`coopnet.metrics`).

One search evaluates the removal of every actor at once: cut vertices, bridges and the
key-player objective (:mod:`coopnet.metrics.keyplayers`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from coopnet.metrics.arrays import GraphArrays

__all__ = ["RemovalEffects", "removal_effects"]


@dataclass(frozen=True)
class RemovalEffects:
    r"""What removing each single actor does to the components (one depth-first search).

    Attributes
    ----------
    squares
        :math:`\Sigma = \sum_c s_c^2` over the components of the (alive part of the) network.
    delta
        Per actor, :math:`\Sigma_{-v} - \Sigma`: the change of that sum when :math:`v` is removed
        (0 for actors not alive).
    pieces
        Per actor, into how many components its own component falls without it (0 for an
        isolate; at least 2 exactly for the cut vertices).
    bridges
        Ties ``(u, v)`` (positions) whose removal splits a component.
    """

    squares: int
    delta: list[int]
    pieces: list[int]
    bridges: list[tuple[int, int]]


def removal_effects(sym: GraphArrays, alive: Sequence[bool] | None = None) -> RemovalEffects:
    r"""Evaluate the removal of every actor at once (Hopcroft & Tarjan's articulation points).

    One iterative depth-first search over the undirected arrays `sym` (restricted to the actors
    with ``alive[v]``) computes discovery times ``disc``, low points ``low`` and DFS-subtree
    sizes. Removing actor :math:`v` from its component of size :math:`c` leaves one piece of size
    ``size[u]`` for every DFS child :math:`u` with ``low[u] >= disc[v]`` (a child whose subtree
    has no tie above :math:`v`) and one piece with the remaining :math:`c - 1 - \sum` such sizes
    actors (empty for the DFS root, whose children are all separated). Hence
    :math:`\Sigma_{-v} = \Sigma - c^2 + \sum_{\text{pieces } p} p^2`. A tree tie
    :math:`(v, u)` with ``low[u] > disc[v]`` is a bridge. :math:`O(n + m)`; iterative, so long
    paths do not hit Python's recursion limit.

    References
    ----------
    .. [1] Hopcroft, J., & Tarjan, R. (1973). Algorithm 447: Efficient algorithms for graph
       manipulation. *Communications of the ACM*, 16(6), 372-378.
       https://doi.org/10.1145/362248.362272
    """
    if alive is None:
        cached: RemovalEffects = sym.memo(
            "removal_effects", lambda: removal_effects(sym, [True] * sym.n)
        )
        return cached
    n = sym.n
    indptr: list[int] = sym.indptr.tolist()
    indices: list[int] = sym.indices.tolist()
    following = indptr[:-1]  # next arc to look at, per actor
    disc = [-1] * n
    low = [0] * n
    size = [1] * n
    parent = [-1] * n
    separated = [0] * n
    separated_sq = [0] * n
    separated_count = [0] * n
    delta = [0] * n
    pieces = [0] * n
    bridges: list[tuple[int, int]] = []
    total = 0
    clock = 0
    for root in range(n):
        if not alive[root] or disc[root] >= 0:
            continue
        disc[root] = low[root] = clock
        clock += 1
        members = [root]
        stack = [root]
        while stack:
            v = stack[-1]
            k, end = following[v], indptr[v + 1]
            descended = False
            while k < end:
                w = indices[k]
                k += 1
                if not alive[w]:
                    continue
                if disc[w] < 0:
                    disc[w] = low[w] = clock
                    clock += 1
                    parent[w] = v
                    members.append(w)
                    stack.append(w)
                    descended = True
                    break
                if w != parent[v] and disc[w] < low[v]:
                    low[v] = disc[w]
            following[v] = k
            if descended:
                continue
            stack.pop()
            p = parent[v]
            if p >= 0:
                size[p] += size[v]
                if low[v] < low[p]:
                    low[p] = low[v]
                if low[v] >= disc[p]:
                    separated[p] += size[v]
                    separated_sq[p] += size[v] * size[v]
                    separated_count[p] += 1
                    if low[v] > disc[p]:
                        bridges.append((p, v))
        c = len(members)
        total += c * c
        for v in members:
            rest = c - 1 - separated[v]
            delta[v] = separated_sq[v] + rest * rest - c * c
            pieces[v] = separated_count[v] + (1 if rest > 0 else 0)
    return RemovalEffects(total, delta, pieces, bridges)
