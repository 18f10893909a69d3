r"""The working state of the greedy search: ties on actors ``0 .. n-1`` and one state per objective.

Every objective state answers three questions exactly, in integer arithmetic:

* :meth:`gains` -- for candidate pairs ``(xs[i], ys[i])`` (not tied yet), how much adding that one
  tie improves the objective, in the objective's integer unit (below);
* :meth:`add` -- add a tie (the state is updated, not recomputed where a closed form exists);
* :meth:`value` -- the objective as an exact fraction.

Integer units (higher gain = better, so one ``argmax`` picks the best pair for every objective):

* fragmentation -- :math:`\Sigma = \sum_k s_k^2` over the components; joining components of sizes
  :math:`a \ne b` raises it by :math:`2ab`, a tie inside a component by 0;
  :math:`F = 1 - (\Sigma - n) / (n(n-1))`;
* reach -- the number of unordered cross-group pairs within distance 2; :math:`R = near / P` for
  the :math:`P` cross-group pairs;
* robustness -- :math:`\min_v \Sigma_{-v}`, the sum of squared component sizes after removing the
  key player :math:`v` (the actor whose removal fragments most);
  :math:`F_{-v} = 1 - (\Sigma_{-v} - (n-1)) / ((n-1)(n-2))`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from fractions import Fraction
from itertools import pairwise

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from coopnet.recommend._blocks import Blocks, blocks

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

_BLOCK_CELLS = 1 << 22
"""Cells of one dense row block in the reach evaluation (16 MiB of float32)."""
_CHUNK = 1 << 17
"""Candidates per chunk in the robustness evaluation (bounds its temporaries to a few MiB)."""
_KEPT_BLOCKS = 8
"""Articulation structures kept per tie set (:meth:`Ties.blocks`): a greedy run's few steps."""
_BIG = np.int64(np.iinfo(np.int64).max // 4)
"""Stands for "no such actor" in a minimum (never the minimum of a real value)."""


class Ties:
    """An undirected simple tie set on actors ``0 .. n-1``: base ties plus ties added by the search.

    The base is shared between copies (the search copies a state per liaison candidate), so
    :meth:`copy` costs :math:`O(\\text{added})`.
    """

    def __init__(self, n: int, edges: Iterable[tuple[int, int]]) -> None:
        given = np.array(list(edges), dtype=np.int64).reshape(-1, 2)
        given = given[given[:, 0] != given[:, 1]]
        keys = np.unique(given.min(axis=1) * n + given.max(axis=1))
        first, second = keys // n, keys % n
        self.n = n
        self._base_keys = keys  # x * n + y for x < y, sorted
        self._base_rows = np.concatenate([first, second])
        self._base_cols = np.concatenate([second, first])
        order = np.lexsort((self._base_cols, self._base_rows))
        bounds = np.searchsorted(self._base_rows[order], np.arange(n + 1)).tolist()
        flat = self._base_cols[order].tolist()
        self._base_lists: tuple[tuple[int, ...], ...] = tuple(
            tuple(flat[a:b]) for a, b in pairwise(bounds)
        )
        self._blocks: dict[tuple[tuple[int, int], ...], Blocks] = {}  # shared by the copies
        self.added: list[tuple[int, int]] = []
        self._csr: sp.csr_array | None = None

    def copy(self) -> Ties:
        """Return a copy that shares the base ties."""
        other = object.__new__(Ties)
        other.n = self.n
        other._base_lists = self._base_lists
        other._base_keys = self._base_keys
        other._base_rows = self._base_rows
        other._base_cols = self._base_cols
        other._blocks = self._blocks
        other.added = list(self.added)
        other._csr = self._csr
        return other

    def has(self, x: int, y: int) -> bool:
        """Whether `x` and `y` are tied."""
        lo, hi = min(x, y), max(x, y)
        key = lo * self.n + hi
        at = int(np.searchsorted(self._base_keys, key))
        base = at < self._base_keys.size and int(self._base_keys[at]) == key
        return base or (lo, hi) in self.added

    def add(self, x: int, y: int) -> None:
        """Add the tie ``x - y`` (which must not exist yet)."""
        self.added.append((min(x, y), max(x, y)))
        self._csr = None

    @property
    def n_ties(self) -> int:
        """Number of ties."""
        return int(self._base_keys.size) + len(self.added)

    def keys(self) -> IntArray:
        """Return ``x * n + y`` for every tie in both orientations, sorted."""
        rows, cols = self._edges()
        return np.sort(rows * self.n + cols)

    def _edges(self) -> tuple[IntArray, IntArray]:
        if not self.added:
            return self._base_rows, self._base_cols
        extra = np.array(self.added, dtype=np.int64)
        rows = np.concatenate([self._base_rows, extra[:, 0], extra[:, 1]])
        cols = np.concatenate([self._base_cols, extra[:, 1], extra[:, 0]])
        return rows, cols

    def csr(self) -> sp.csr_array:
        """Return the symmetric 0/1 adjacency as a float32 CSR array (cached until :meth:`add`)."""
        if self._csr is None:
            rows, cols = self._edges()
            data = np.ones(rows.size, dtype=np.float32)
            self._csr = sp.csr_array((data, (rows, cols)), shape=(self.n, self.n))
        return self._csr

    def lists(self) -> list[tuple[int, ...]]:
        """Return the sorted neighbour list of every actor."""
        lists = list(self._base_lists)
        for x, y in self.added:
            lists[x] = tuple(sorted((*lists[x], y)))
            lists[y] = tuple(sorted((*lists[y], x)))
        return lists

    def degrees(self) -> IntArray:
        """Return the number of ties of every actor."""
        return np.bincount(self._edges()[0], minlength=self.n).astype(np.int64)

    def blocks(self) -> Blocks:
        """Return the articulation structure of the current ties (:func:`blocks`), :math:`O(n+m)`.

        The last few structures are kept (shared by the copies), so replaying the same
        additions -- the search, then the records of its steps -- computes each only once.
        """
        key = tuple(sorted(self.added))
        found = self._blocks.get(key)
        if found is None:
            found = blocks(self.lists())
            if len(self._blocks) >= _KEPT_BLOCKS:
                del self._blocks[next(iter(self._blocks))]
            self._blocks[key] = found
        return found


def _entries(matrix: sp.csr_array, rows: IntArray, cols: IntArray) -> IntArray:
    """Return ``matrix[rows[i], cols[i]]`` for every ``i`` (integral values), by binary search."""
    csr = sp.csr_array(matrix)
    if not csr.has_canonical_format:  # sorted column indices, no duplicates
        csr = csr.copy()
        csr.sum_duplicates()
    width = csr.shape[1]
    row_of = np.repeat(np.arange(csr.shape[0], dtype=np.int64), np.diff(csr.indptr))
    keys = row_of * width + csr.indices.astype(np.int64)
    wanted = rows.astype(np.int64) * width + cols.astype(np.int64)
    if not keys.size:
        return np.zeros(wanted.size, dtype=np.int64)
    at = np.minimum(np.searchsorted(keys, wanted), keys.size - 1)
    found = keys[at] == wanted
    values = np.rint(csr.data[at]).astype(np.int64)
    return np.where(found, values, 0)


class State(ABC):
    """The objective on the current ties; see the module docstring for the integer units."""

    exact: bool = True
    """Whether :meth:`gains` is exact for every candidate (not only for the best ones)."""

    def __init__(self, ties: Ties) -> None:
        self.ties = ties

    @abstractmethod
    def gains(self, xs: IntArray, ys: IntArray) -> IntArray:
        """Return the gain of adding each candidate tie ``xs[i] - ys[i]`` (not tied, ``x != y``).

        Exact for every candidate whose gain could be the largest; a candidate proven worse than
        the best may get any smaller value (the robustness search prunes such candidates).
        """

    @abstractmethod
    def add(self, x: int, y: int, *, gain: int | None = None) -> None:
        """Add the tie ``x - y`` and update the objective.

        `gain` is the tie's :meth:`gains` value if the caller has it (saves recomputing it).
        """

    @abstractmethod
    def value(self) -> Fraction:
        """Return the objective on the current ties, exactly."""

    @abstractmethod
    def copy(self) -> State:
        """Return an independent copy (sharing the immutable base ties)."""


# ----------------------------------------------------------------------------------------------
# fragmentation
# ----------------------------------------------------------------------------------------------
class Fragmentation(State):
    r"""Borgatti's fragmentation :math:`F` by component bookkeeping.

    Gains in :math:`O(1)` per candidate from the component sizes; :meth:`add` merges two
    component labels in :math:`O(n)`; the components are found once, :math:`O(n + m)`.
    """

    def __init__(self, ties: Ties) -> None:
        super().__init__(ties)
        _, labels = connected_components(ties.csr(), directed=False)
        self.label = labels.astype(np.int64)
        self.size = np.bincount(self.label).astype(np.int64)
        self.sum_squares = int((self.size * self.size).sum())

    def gains(self, xs: IntArray, ys: IntArray) -> IntArray:
        a, b = self.label[xs], self.label[ys]
        return np.where(a != b, 2 * self.size[a] * self.size[b], 0).astype(np.int64)

    def add(self, x: int, y: int, *, gain: int | None = None) -> None:
        a, b = int(self.label[x]), int(self.label[y])
        if a != b:
            self.sum_squares += 2 * int(self.size[a]) * int(self.size[b])
            self.label[self.label == b] = a
            self.size[a] += self.size[b]
            self.size[b] = 0
        self.ties.add(x, y)

    def value(self) -> Fraction:
        n = self.ties.n
        return 1 - Fraction(self.sum_squares - n, n * (n - 1))

    def copy(self) -> Fragmentation:
        other = object.__new__(Fragmentation)
        other.ties = self.ties.copy()
        other.label = self.label.copy()
        other.size = self.size.copy()
        other.sum_squares = self.sum_squares
        return other


# ----------------------------------------------------------------------------------------------
# cross-group reach within distance 2
# ----------------------------------------------------------------------------------------------
class Reach(State):
    r"""Share of cross-group actor pairs within distance 2, by neighbourhood algebra.

    Let :math:`X` be the 0/1 matrix of cross-group pairs at distance :math:`> 2` and :math:`A` the
    adjacency. A new tie :math:`x - y` brings within distance 2 exactly the pair :math:`\{x, y\}`
    (if :math:`X_{xy}`), the pairs :math:`\{x, w\}` for neighbours :math:`w` of :math:`y` and the
    pairs :math:`\{y, w\}` for neighbours :math:`w` of :math:`x`; no other distance drops to 2
    (any other new path through the tie has length :math:`\ge 3`). So

    .. math:: \text{gain}(x, y) = X_{xy} + (XA)_{xy} + (AX)_{xy}

    and since both matrices are symmetric :math:`(AX)_{xy} = (XA)_{yx}`. For many candidate rows,
    :math:`X` (from the sparse :math:`A^2 + A + I`) and :math:`XA` are formed once as dense
    :math:`n \times n` arrays in row blocks: :math:`O(n^2 + n\,m)` time and about 5 bytes per
    actor pair of memory. For few rows (a liaison), only the rows of :math:`X` for the candidate
    sources and their neighbours are formed.
    """

    def __init__(self, ties: Ties, codes: IntArray) -> None:
        super().__init__(ties)
        self.codes = codes
        n = ties.n
        group_sizes = np.bincount(codes).astype(np.int64)
        self.pairs = (n * n - int((group_sizes * group_sizes).sum())) // 2
        adj = ties.csr()
        within = sp.coo_array(adj @ adj + adj)
        row, col = within.row.astype(np.int64), within.col.astype(np.int64)
        self.near = int(np.count_nonzero((row < col) & (codes[row] != codes[col])))
        self._counts: tuple[int, int, IntArray, IntArray] | None = None

    def _far_rows(self, rows: IntArray) -> BoolArray:
        """Rows of :math:`X`: cross-group and farther than 2 (dense bool, ``len(rows) x n``)."""
        adj = self.ties.csr()
        sub = adj[rows]
        within = (sub @ adj + sub).toarray() > 0
        within[np.arange(rows.size), rows] = True
        cross = self.codes[rows][:, None] != self.codes[None, :]
        far: BoolArray = cross & ~within
        return far

    def gains(self, xs: IntArray, ys: IntArray) -> IntArray:
        if np.unique(xs).size * 8 >= self.ties.n:
            return self.gains_dense(xs, ys)
        return self.gains_rows(xs, ys)

    def gains_dense(self, xs: IntArray, ys: IntArray) -> IntArray:
        """:meth:`gains` from all of :math:`X` and :math:`XA` (formed in row blocks)."""
        n = self.ties.n
        adj = self.ties.csr()
        far = self._far_rows(np.arange(n, dtype=np.int64))
        xa = np.empty((n, n), dtype=np.float32)
        step = max(1, _BLOCK_CELLS // max(n, 1))
        for start in range(0, n, step):
            block = far[start : start + step].astype(np.float32)
            xa[start : start + step] = (adj @ block.T).T
        total = far[xs, ys].astype(np.int64) + xa[xs, ys] + xa[ys, xs]
        return np.asarray(total, dtype=np.int64)

    def gains_sparse(self, xs: IntArray, ys: IntArray) -> IntArray:
        r""":meth:`gains` from sparse counts, in :math:`O(\text{pairs} \log n)` plus sparse products.

        With :math:`D_{x g}` the number of neighbours of :math:`x` in group :math:`g`,
        :math:`B = (A^2 + A + I) > 0` (within distance 2) and :math:`B'` its cross-group entries,
        a neighbour :math:`w` of :math:`y` is far from :math:`x` unless it is in :math:`x`'s
        group or within distance 2 of :math:`x`, so

        .. math:: (XA)_{xy} = \deg y - D_{y g_x} - (B'A)_{xy}, \quad
                  (AX)_{xy} = \deg x - D_{x g_y} - (AB')_{xy}

        (both :math:`B'A` and :math:`AB'` are zero beyond distance 3). Only the rows of :math:`B`
        for the distinct sources and their neighbours and the rows of :math:`B'A` and :math:`AB'`
        for the distinct sources are formed, so the cost grows with the sources' distance-3
        neighbourhoods, not with :math:`n^2`.
        """
        if not xs.size:
            return np.zeros(0, dtype=np.int64)
        n = self.ties.n
        adj = self.ties.csr()
        codes = self.codes
        deg = np.diff(adj.indptr).astype(np.int64)
        rows, inverse = np.unique(xs, return_inverse=True)
        nb = adj[rows]
        union = np.union1d(rows, nb.indices.astype(np.int64))
        sub = adj[union]
        eye = sp.csr_array(
            (np.ones(union.size, dtype=np.float32), (np.arange(union.size), union)),
            shape=(union.size, n),
        )
        near = sp.coo_array(sub @ adj + sub + eye)  # B[union]
        row_actor = union[near.row]
        cross = codes[row_actor] != codes[near.col]
        ones = np.ones(int(cross.sum()), dtype=np.float32)
        near_cross = sp.csr_array(
            (ones, (near.row[cross], near.col[cross])), shape=(union.size, n)
        )  # B'[union]
        at = np.searchsorted(union, rows)
        c1 = near_cross[at] @ adj  # (B'A)[rows]
        c2 = nb[:, union] @ near_cross  # (AB')[rows]
        near_rows = sp.csr_array(
            (np.ones(near.row.size, dtype=np.float32), (near.row, near.col)),
            shape=(union.size, n),
        )[at]
        cx, cy = codes[xs], codes[ys]
        far = (cx != cy) & (_entries(near_rows, inverse, ys) == 0)
        total: IntArray = (
            far.astype(np.int64)
            + deg[ys] - self.group_counts(ys, cx) - _entries(c1, inverse, ys)
            + deg[xs] - self.group_counts(xs, cy) - _entries(c2, inverse, ys)
        )  # fmt: skip
        return total

    def group_counts(self, xs: IntArray, gs: IntArray) -> IntArray:
        """Return :math:`D_{x g}`, the number of neighbours of ``xs[i]`` in group ``gs[i]``."""
        if self._counts is None or self._counts[0] != len(self.ties.added):
            adj = self.ties.csr()
            width = int(self.codes.max()) + 1
            rows = np.repeat(np.arange(self.ties.n, dtype=np.int64), np.diff(adj.indptr))
            keys, counts = np.unique(rows * width + self.codes[adj.indices], return_counts=True)
            self._counts = (len(self.ties.added), width, keys, counts.astype(np.int64))
        _, width, keys, counts = self._counts
        if not keys.size:
            return np.zeros(xs.size, dtype=np.int64)
        wanted = xs * width + gs
        at = np.minimum(np.searchsorted(keys, wanted), keys.size - 1)
        found: IntArray = np.where(keys[at] == wanted, counts[at], 0)
        return found

    def gains_rows(self, xs: IntArray, ys: IntArray) -> IntArray:
        """:meth:`gains` from the rows of :math:`X` for the sources and their neighbours only."""
        n = self.ties.n
        adj = self.ties.csr()
        rows = np.unique(xs)
        indptr, indices = adj.indptr, adj.indices
        neighbours = [indices[indptr[r] : indptr[r + 1]].astype(np.int64) for r in rows]
        union = np.union1d(rows, np.concatenate(neighbours)) if neighbours else rows
        far_u = self._far_rows(union)
        at = np.full(n, -1, dtype=np.int64)
        at[union] = np.arange(union.size)
        far_r = far_u[at[rows]].astype(np.float32)
        xa_r = (adj @ far_r.T).T  # (XA)[r, :]
        ax_r = adj[rows][:, union] @ far_u.astype(np.float32)  # (AX)[r, :]
        row_at = np.full(n, -1, dtype=np.int64)
        row_at[rows] = np.arange(rows.size)
        r = row_at[xs]
        total = far_u[at[xs], ys].astype(np.int64) + xa_r[r, ys] + ax_r[r, ys]
        return np.asarray(total, dtype=np.int64)

    def add(self, x: int, y: int, *, gain: int | None = None) -> None:
        if gain is None:
            gain = int(self.gains(np.array([x]), np.array([y]))[0])
        self.near += gain
        self.ties.add(x, y)

    def value(self) -> Fraction:
        return Fraction(self.near, self.pairs)

    def copy(self) -> Reach:
        other = object.__new__(Reach)
        other.ties = self.ties.copy()
        other.codes = self.codes
        other.pairs = self.pairs
        other.near = self.near
        other._counts = None
        return other


# ----------------------------------------------------------------------------------------------
# robustness: fragmentation after losing the key player
# ----------------------------------------------------------------------------------------------
class Robustness(State):
    r"""Fragmentation after removing the current key player, via the articulation structure.

    The key player of a graph is the actor :math:`v` with the smallest :math:`\Sigma_{-v}` (its
    removal leaves the most unreachable pairs; :func:`coopnet.metrics.key_players` with
    ``k=1``). After a candidate tie :math:`e = x - y` it is re-chosen, so the objective of
    :math:`G + e` is :math:`\min_v \Sigma_{-v}(G + e)`. Each :math:`\Sigma_{-v}` only grows by a
    closed-form amount :math:`\delta_v(e) \ge 0`:

    * :math:`v \in \{x, y\}`: 0 (the tie goes with the actor);
    * :math:`x, y` in different components :math:`A \ni x`, :math:`B \ni y` of sizes :math:`a, b`:
      :math:`2ab` for :math:`v` outside both; :math:`2 b\, p_v(x)` for :math:`v \in A` where
      :math:`p_v(x)` is the size of the piece of :math:`A - v` holding :math:`x` (:math:`a - 1`
      unless :math:`v` is an articulation point); symmetrically for :math:`v \in B`;
    * :math:`x, y` in the same component: :math:`2\, p_v(x)\, p_v(y)` if :math:`v` separates
      them (an articulation point on every path between them), else 0.

    Non-articulation actors are handled in closed form per component (:math:`O(1)` per candidate).
    Articulation points are scanned in increasing :math:`\Sigma_{-v}` with branch and bound: the
    scan stops once no unscanned actor can lower any candidate's value, and candidates whose
    value is already below the best guaranteed value are dropped. One step costs one DFS
    (:math:`O(n + m)`) plus :math:`O(n + c)` per scanned articulation point for :math:`c`
    surviving candidates -- typically a few; at worst every articulation point.
    """

    exact = False  # pruned candidates get a value below the best, not their own

    def __init__(self, ties: Ties) -> None:
        super().__init__(ties)
        self._blocks: Blocks | None = None

    def structure(self) -> Blocks:
        """Return the (cached) articulation structure of the current ties."""
        if self._blocks is None:
            self._blocks = self.ties.blocks()
        return self._blocks

    def key_player(self) -> int:
        """Return the key player (smallest :math:`\\Sigma_{-v}`, then smallest position)."""
        return int(np.argmin(self.structure().sum_squares_without))

    def score(self) -> int:
        """Return :math:`\\min_v \\Sigma_{-v}` (higher is more robust)."""
        return int(self.structure().sum_squares_without.min())

    def gains(self, xs: IntArray, ys: IntArray) -> IntArray:
        return self.after(xs, ys) - self.score()

    def after(
        self, xs: IntArray, ys: IntArray, *, prune: bool = True, floor: int | None = None
    ) -> IntArray:
        """Return :math:`\\min_v \\Sigma_{-v}(G + e)` for every candidate tie.

        With ``prune=False`` every articulation point is scanned and every value is exact (for
        the tests); with pruning, every best candidate gets its exact value and the others a
        value below the best (their exact value, or ``score() - 1`` when dropped early).
        `floor` is a value some other candidate is known to reach (a previous block of
        candidates): candidates proven below it are dropped as well, and "best" means the best
        of `floor` and these candidates' values.
        Candidates are processed in chunks of :data:`_CHUNK`, which bounds the temporaries.
        """
        b = self.structure()
        sig = b.sum_squares_without
        value = np.empty(xs.size, dtype=np.int64)
        for start in range(0, xs.size, _CHUNK):
            part = slice(start, start + _CHUNK)
            value[part] = self._closed_form(b, xs[part], ys[part])
        # articulation points, in increasing sigma, with branch and bound. A candidate whose
        # value is <= sig[v] is final (settled): every later cut w has sig[w] >= sig[v] and
        # delta >= 0, so sig[w] + delta cannot lower it; only the pending ones are scanned.
        cuts = np.flatnonzero(b.cut)
        cuts = cuts[np.lexsort((cuts, sig[cuts]))]
        if not cuts.size:
            return value
        pruned = np.zeros(xs.size, dtype=np.bool_)
        waiting = value > sig[cuts[0]]
        pending = np.flatnonzero(waiting)
        settled_max = int(value[~waiting].max()) if pending.size < xs.size else -1
        if floor is not None and prune:
            settled_max = max(settled_max, floor)
        del waiting
        # the pending candidates, compacted: positions, ends and current values
        px, py, pv = xs[pending], ys[pending], value[pending]
        for j, v in enumerate(cuts):
            keep = pv > sig[v]
            if not keep.all():
                settled_max = max(settled_max, int(pv[~keep].max()))
                value[pending[~keep]] = pv[~keep]
                pending, px, py, pv = pending[keep], px[keep], py[keep], pv[keep]
            if not pending.size:
                break
            piece, psize = b.pieces(int(v))
            # a tie inside one piece of v (the largest one, here) leaves Sigma_{-v} unchanged:
            # delta is 0 without the closed form
            largest = int(piece[int(np.argmax(psize))])
            flat = piece == largest
            for start in range(0, pending.size, _CHUNK):
                part = slice(start, start + _CHUNK)
                cx, cy = px[part], py[part]
                other = np.flatnonzero(~(flat[cx] & flat[cy]))
                raised = np.full(cx.size, sig[v], dtype=np.int64)
                raised[other] += self._delta(b, int(v), piece, psize, cx[other], cy[other])
                pv[part] = np.minimum(pv[part], raised)
            if prune:
                # settled values are exact, pending ones cannot fall below min(value, following):
                # the best final value is at least `bound`; pending candidates below it are out
                following = sig[cuts[j + 1]] if j + 1 < cuts.size else _BIG
                bound = max(settled_max, int(np.minimum(pv, following).max()))
                keep = pv >= bound
                if not keep.all():
                    pruned[pending[~keep]] = True
                    pending, px, py, pv = pending[keep], px[keep], py[keep], pv[keep]
        value[pending] = pv
        value[pruned] = self.score() - 1
        return value

    @staticmethod
    def _closed_form(b: Blocks, xs: IntArray, ys: IntArray) -> IntArray:
        """:math:`\\min \\Sigma_{-v}(G + e)` over `x`, `y` and the non-articulation actors."""
        sig, total, size, comp = b.sum_squares_without, b.sum_squares, b.component_size, b.component
        cx, cy = comp[xs], comp[ys]
        a, c = size[cx], size[cy]
        value = np.minimum(sig[xs], sig[ys])  # v = x or v = y: unchanged
        plain = ~b.cut
        plain_count = np.bincount(comp[plain], minlength=size.size)
        order = np.lexsort((np.arange(size.size), -size))[:3]
        other = np.full(xs.size, -1, dtype=np.int64)
        for t in order[::-1]:  # the largest component other than cx and cy wins
            other = np.where((cx != t) & (cy != t), size[t], other)
        outside = np.where(other > 0, total - 2 * other + 1 + 2 * a * c, _BIG)
        spare_a = plain_count[cx] - plain[xs].astype(np.int64) >= 1  # plain actor other than x
        spare_b = plain_count[cy] - plain[ys].astype(np.int64) >= 1
        in_a = np.where(spare_a, total - 2 * a + 1 + 2 * c * (a - 1), _BIG)
        in_b = np.where(spare_b, total - 2 * c + 1 + 2 * a * (c - 1), _BIG)
        split = np.minimum(outside, np.minimum(in_a, in_b))
        unchanged = int(sig[plain].min())  # same component: plain actors are not affected
        result: IntArray = np.where(
            cx == cy, np.minimum(value, unchanged), np.minimum(value, split)
        )
        return result

    @staticmethod
    def _delta(
        b: Blocks, v: int, piece: IntArray, psize: IntArray, xs: IntArray, ys: IntArray
    ) -> IntArray:
        """:math:`\\delta_v(e)` of articulation point `v` for every candidate (class docstring)."""
        size, comp = b.component_size, b.component
        cx, cy = comp[xs], comp[ys]
        in_x, in_y = cx == comp[v], cy == comp[v]
        px, py = psize[xs], psize[ys]
        within = np.where(in_x & (piece[xs] != piece[ys]), 2 * px * py, 0)
        across = np.where(
            in_x, 2 * size[cy] * px, np.where(in_y, 2 * size[cx] * py, 2 * size[cx] * size[cy])
        )
        delta: IntArray = np.where(cx == cy, within, across)
        return delta

    def add(self, x: int, y: int, *, gain: int | None = None) -> None:
        self.ties.add(x, y)
        self._blocks = None

    def value(self) -> Fraction:
        n = self.ties.n
        return 1 - Fraction(self.score() - (n - 1), (n - 1) * (n - 2))

    def copy(self) -> Robustness:
        other = Robustness(self.ties.copy())
        other._blocks = self._blocks
        return other
