r"""Krackhardt's (1994) graph-theoretical dimensions of informal organisation.

Connectedness, hierarchy, efficiency and LUB-ness (least upper boundedness), as statnet's ``sna``
computes them (``connectedness``, ``hierarchy(measure="krackhardt")``, ``efficiency``,
``lubness``); every deviation is stated in the function's docstring and tested against
``tests/metrics/sna_reference.json``. Split from :mod:`coopnet.metrics.structure`, whose
conventions apply (``nan`` where undefined, self-ties and multigraphs rejected, weights ignored).
Reachability is computed on strongly connected components and their condensation DAG, never on a
dense n × n matrix.

References
----------
.. [1] Krackhardt, D. (1994). Graph theoretical dimensions of informal organizations. In K. M.
   Carley & M. J. Prietula (Eds.), *Computational Organization Theory* (pp. 89-111). Lawrence
   Erlbaum.
.. [2] Butts, C. T. (2008). Social network analysis with sna. *Journal of Statistical Software*,
   24(6). https://doi.org/10.18637/jss.v024.i06
"""

from __future__ import annotations

import math
from typing import Any, Final

import networkx as nx
import numpy as np
import scipy.sparse as sp
from scipy.sparse import csgraph

from coopnet.metrics._engine import weak_components
from coopnet.metrics.arrays import GraphArrays, graph_arrays

__all__ = ["connectedness", "efficiency", "hierarchy", "lub_ness"]

_NAN: Final = math.nan
_BLOCK_CELLS: Final = 1 << 21  # dense blocks stay at about 16 MB


def _unit(value: float) -> float:
    """Clamp floating-point noise just above 1 (e.g. ``1 + 2e-16``) to exactly 1."""
    return 1.0 if 1.0 < value < 1.0 + 1e-9 else value


def _weak_component_sizes(arrays: GraphArrays) -> list[int]:
    """Sizes of the weak components (connected components of the symmetrised graph)."""
    return [int(s) for s in weak_components(arrays).sizes.tolist()]


def _condensation(
    arrays: GraphArrays,
) -> tuple[np.ndarray, np.ndarray, sp.csr_array, list[int]]:
    """Strongly connected components (SCCs) and their condensation DAG, in compiled code.

    Returns the SCC label of every actor (in array order), the SCC sizes, the DAG as a
    CSR matrix (row *c* lists the SCCs that an arc leads to from *c*) and a topological order.
    """
    k, labels = csgraph.connected_components(arrays.matrix(), directed=True, connection="strong")
    sizes = np.bincount(labels, minlength=k)
    tail, head = labels[arrays.tails], labels[arrays.indices]
    between = tail != head
    dag = sp.csr_array(
        (np.ones(int(between.sum()), dtype=np.int64), (tail[between], head[between])),
        shape=(k, k),
    )
    dag.sum_duplicates()
    # Kahn's algorithm
    indptr, indices = dag.indptr.tolist(), dag.indices.tolist()
    waiting = np.bincount(dag.indices, minlength=k).tolist()
    ready = [c for c in range(k) if waiting[c] == 0]
    order: list[int] = []
    while ready:
        c = ready.pop()
        order.append(c)
        for d in indices[indptr[c] : indptr[c + 1]]:
            waiting[d] -= 1
            if waiting[d] == 0:
                ready.append(d)
    return labels, sizes, dag, order


# --- simple counts ------------------------------------------------------------------------------


def connectedness(graph: nx.Graph[Any]) -> float:
    r"""Krackhardt's connectedness: share of actor pairs joined by a semipath (``sna``).

    .. math:: \text{connectedness} = \frac{\sum_k \binom{s_k}{2}}{\binom{n}{2}}

    with :math:`s_k` the sizes of the weak components (direction ignored). It is 1 when the
    graph is weakly connected and falls with fragmentation; it equals 1 minus Borgatti's
    fragmentation.

    Parameters
    ----------
    graph
        The tie network.

    Returns
    -------
    float
        Connectedness in [0, 1]; 1.0 for a single actor (as ``sna``), ``nan`` for no actor.

    Raises
    ------
    GraphError
        If `graph` is a multigraph or has self-ties.

    Notes
    -----
    Complexity :math:`O(n + m)`.

    Examples
    --------
    >>> g = nx.Graph([("a", "b")])
    >>> g.add_node("c")
    >>> connectedness(g)
    0.3333333333333333
    """
    return connectedness_of(graph_arrays(graph))


def connectedness_of(arrays: GraphArrays) -> float:
    """:func:`connectedness` of an array form."""
    n = arrays.n
    if n == 0:
        return _NAN
    if n == 1:
        return 1.0
    joined = sum(s * (s - 1) // 2 for s in _weak_component_sizes(arrays))
    return float(joined / (n * (n - 1) / 2))


def hierarchy(graph: nx.Graph[Any]) -> float:
    r"""Krackhardt's hierarchy: share of reachable pairs reachable in one direction only.

    .. math:: H = 1 - \frac{V}{\max V} = \frac{A}{M + A}

    on the reachability graph (*i* reaches *j* via a directed path): :math:`M` unordered pairs
    that reach each other, :math:`A` pairs where only one reaches the other (``sna::hierarchy(
    measure="krackhardt")`` = 1 - ``grecip(reachability(g), measure="dyadic.nonnull")``). An
    out-tree scores 1, a graph where every path is reciprocated (cycle, mutual ties) 0. In an
    undirected graph every tie is mutual, so the value is 0 whenever there is a tie. Pairs are
    unordered, as in Krackhardt (1994) and ``sna``; counting ordered pairs instead,
    :math:`1 - 2M/(2M + A)`, would give a smaller value whenever :math:`0 < M` and :math:`0 < A`.

    Parameters
    ----------
    graph
        The tie network.

    Returns
    -------
    float
        Hierarchy in [0, 1]; ``nan`` when no actor reaches another (no ties).

    Raises
    ------
    GraphError
        If `graph` is a multigraph or has self-ties.

    Notes
    -----
    Computed without the :math:`n \times n` reachability matrix: :math:`M = \sum_C \binom{|C|}{2}`
    over strongly connected components *C*, and :math:`A = \sum_C |C| \cdot |D(C)|` where
    :math:`D(C)` are the actors in components strictly downstream of *C* in the condensation DAG,
    found as bit sets in reverse topological order (components and condensation from
    ``scipy.sparse.csgraph``). Time :math:`O(n + m\,n/w)` with machine word
    size *w* (bit-set unions along the DAG's arcs), memory :math:`O(n^2/8)` bytes in the worst case
    (12.5 MB for 10,000 actors).

    Examples
    --------
    >>> hierarchy(nx.DiGraph([("boss", "a"), ("boss", "b")]))
    1.0
    """
    return hierarchy_of(graph_arrays(graph))


def hierarchy_of(arrays: GraphArrays) -> float:
    """:func:`hierarchy` of an array form."""
    if arrays.n_ties == 0:
        return _NAN
    if not arrays.directed:
        return 0.0
    _, sizes, dag, order = _condensation(arrays)
    mutual = sum(s * (s - 1) // 2 for s in sizes.tolist())
    offset = 0
    own: list[int] = []
    for size in sizes.tolist():
        own.append(((1 << size) - 1) << offset)
        offset += size
    indptr, indices = dag.indptr.tolist(), dag.indices.tolist()
    below: list[int] = [0] * len(own)
    one_way = 0
    for c in reversed(order):
        bits = own[c]
        for d in indices[indptr[c] : indptr[c + 1]]:
            bits |= below[d]
        below[c] = bits
        size = int(sizes[c])
        one_way += size * (bits.bit_count() - size)
    if mutual + one_way == 0:
        return _NAN
    return float(one_way / (mutual + one_way))


def efficiency(graph: nx.Graph[Any]) -> float:
    r"""Krackhardt's efficiency: how few ties exceed what keeps each component connected.

    .. math:: E = 1 - \frac{m - \sum_k (s_k - 1)}{\sum_k \left(\max_k - (s_k - 1)\right)}

    over the weak components of sizes :math:`s_k`: :math:`s_k - 1` ties are the minimum that
    keeps a component connected (a spanning tree), :math:`\max_k` the most it can hold. For a
    ``DiGraph`` (``sna::efficiency``) *m* counts arcs and :math:`\max_k = s_k(s_k-1)`, so the
    denominator is :math:`\sum_k (s_k-1)^2`. For a ``Graph`` *m* counts edges and
    :math:`\max_k = s_k(s_k-1)/2`, so a tree scores 1 and a complete graph 0.

    **Deviation from sna for undirected graphs.** ``sna::efficiency`` has no undirected mode; on a
    symmetric sociomatrix it counts each edge twice (a tree of *n* actors scores
    :math:`1 - 1/(n-1)`, not 1). coopnet uses the undirected counts above instead.

    Parameters
    ----------
    graph
        The tie network.

    Returns
    -------
    float
        Efficiency in [0, 1]; ``nan`` when no component can hold a tie beyond a spanning tree
        (directed: only isolates; undirected: no component of three or more actors).

    Raises
    ------
    GraphError
        If `graph` is a multigraph or has self-ties.

    Notes
    -----
    Complexity :math:`O(n + m)`.

    Examples
    --------
    >>> efficiency(nx.path_graph(4))
    1.0
    """
    return efficiency_of(graph_arrays(graph))


def efficiency_of(arrays: GraphArrays) -> float:
    """:func:`efficiency` of an array form."""
    sizes = _weak_component_sizes(arrays)
    required = sum(s - 1 for s in sizes)
    if arrays.directed:
        spare = sum((s - 1) ** 2 for s in sizes)
    else:
        spare = sum((s - 1) * (s - 2) // 2 for s in sizes)
    if spare == 0:
        return _NAN
    return float(1.0 - (arrays.n_ties - required) / spare)


def lub_ness(graph: nx.Graph[Any]) -> float:
    r"""Krackhardt's least-upper-boundedness (LUB-ness), exactly as ``sna::lubness`` computes it.

    An *upper bound* of actors *i* and *j* is an actor *k* with directed paths to both (*k* may be
    *i* or *j*). A pair *violates* LUB-ness when no upper bound *u* reaches every other upper bound
    (when there is no single top "common boss"). With :math:`G_1, \dots, G_K` the weak components
    of sizes :math:`s_k \ge 3`,

    .. math:: L = 1 - \frac{\sum_k \#\{\text{violating pairs in } G_k\}}{\sum_k
              (s_k - 1)(s_k - 2)/2}

    An out-tree scores 1. In an undirected graph every component is one mutual block whose members
    bound every pair, so the value is 1 whenever some component has three or more actors.

    Note: ``sna``'s help page describes the least upper bound as the bound that lies on paths from
    all other bounds (a *lowest* common boss), but its C code (``lubness_con_R``) requires a
    bound that *reaches* all others; the two differ e.g. for A -> C <- B, C -> i, C -> j
    (reading of the help page 0.83, ``sna::lubness`` 0.33). coopnet follows the code, so
    values equal ``sna``'s.

    Parameters
    ----------
    graph
        The tie network.

    Returns
    -------
    float
        LUB-ness in [0, 1]; ``nan`` when no weak component has three or more actors.

    Raises
    ------
    GraphError
        If `graph` is a multigraph or has self-ties.

    Notes
    -----
    ``sna`` tests every pair against every pair of bounds (:math:`O(n^4)` per component). coopnet
    uses an equivalent condition: the upper bounds of a pair are closed under "is reached from",
    so a bound reaching all others exists iff exactly one *source* strongly connected component
    (no incoming arcs) of the condensation reaches both actors. Each component gets the bit set of
    the sources that reach it (one pass in topological order); actors with the same set are
    counted together, and pairs of sets whose intersection has exactly one source are found with a
    set-by-source matrix product (sparse, or dense BLAS when that is cheaper), in row blocks.
    Time :math:`O(n + m\,S/w + \min(\sum_x d_x^2, D^2 S))` where *S* is the number of sources,
    *D* the number of distinct source sets and :math:`d_x` the number of them containing source
    *x*. Measured: 0.02 s for 2,000 actors / 6,000 arcs, 0.1-0.5 s for 10,000 actors with up to
    116,000 arcs (random digraphs, trees, random two-layer DAGs); quadratic in *D* at worst.

    Examples
    --------
    >>> lub_ness(nx.DiGraph([("r", "a"), ("r", "b"), ("a", "c")]))
    1.0
    """
    return lub_ness_of(graph_arrays(graph))


def lub_ness_of(arrays: GraphArrays) -> float:
    """:func:`lub_ness` of an array form."""
    sizes = _weak_component_sizes(arrays)
    max_violations = sum((s - 1) * (s - 2) // 2 for s in sizes if s > 2)
    if max_violations == 0:
        return _NAN
    if not arrays.directed:
        return 1.0
    labels, scc_sizes, dag, order = _condensation(arrays)
    # SCCs inside weak components of three or more actors (an SCC lies in one weak component)
    weak = weak_components(arrays)
    in_big = np.zeros(len(scc_sizes), dtype=bool)
    in_big[labels] = weak.sizes[weak.labels] > 2
    before = dag.T.tocsr()
    indptr, indices = before.indptr.tolist(), before.indices.tolist()
    n_sources = 0
    sources_above: list[int] = [0] * len(scc_sizes)
    for c in order:
        bits = 0
        for p in indices[indptr[c] : indptr[c + 1]]:
            bits |= sources_above[p]
        if bits == 0:  # a source of the condensation
            bits = 1 << n_sources
            n_sources += 1
        sources_above[c] = bits
    weights: dict[int, int] = {}
    for c in np.flatnonzero(in_big).tolist():
        bits = sources_above[c]
        weights[bits] = weights.get(bits, 0) + int(scc_sizes[c])
    sets = list(weights)
    w = np.array([weights[s] for s in sets], dtype=np.int64)
    total_pairs = sum(s * (s - 1) // 2 for s in sizes if s > 2)
    # pairs inside one set of sources are fine iff the set holds a single source
    fine = sum(
        int(x) * (int(x) - 1) // 2 for s, x in zip(sets, w, strict=True) if s.bit_count() == 1
    )
    fine += _pairs_sharing_one_source(sets, n_sources, w)
    return _unit(1.0 - (total_pairs - fine) / max_violations)


def _pairs_sharing_one_source(
    sets: list[int], n_sources: int, w: np.ndarray, *, dense: bool | None = None
) -> int:
    """Sum of ``w[a] * w[b]`` over ``a < b`` whose source bit sets share exactly one source.

    The intersections come from the product of the set-by-source membership matrix with its
    transpose, in row blocks; ``dense=None`` chooses a sparse or a dense (BLAS) product by
    estimated cost, ``True``/``False`` force one (the tests check both agree).
    """
    rows: list[int] = []
    cols: list[int] = []
    for a, bits in enumerate(sets):
        while bits:
            low = bits & -bits
            rows.append(a)
            cols.append(low.bit_length() - 1)
            bits ^= low
    n_sets = len(sets)
    if dense is None:  # pick the cheaper product: sparse costs sum_x d_x^2, BLAS ~n^2 S / 32
        sparse_cost = int(np.sum(np.bincount(cols, minlength=n_sources).astype(np.int64) ** 2))
        dense = n_sets * n_sources <= _BLOCK_CELLS and n_sets**2 * n_sources < 32 * sparse_cost
    total = 0
    step = max(1, _BLOCK_CELLS // max(n_sets, 1))
    if dense:  # float32 counts are exact: they never exceed n_sources << 2**24 here
        matrix = np.zeros((n_sets, n_sources), dtype=np.float32)
        matrix[rows, cols] = 1.0
        for start in range(0, n_sets, step):
            shared = matrix[start : start + step] @ matrix.T
            hit_row, hit_col = np.nonzero(shared == 1)
            hit_row = hit_row + start
            keep = hit_col > hit_row
            total += int(np.sum(w[hit_row[keep]] * w[hit_col[keep]]))
        return total
    membership = sp.csr_array(
        (np.ones(len(rows), dtype=np.int64), (np.array(rows), np.array(cols))),
        shape=(n_sets, n_sources),
    )
    transposed = membership.T.tocsr()
    for start in range(0, n_sets, step):
        coo = (membership[start : start + step] @ transposed).tocoo()
        row = coo.row + start
        keep = (coo.data == 1) & (coo.col > row)
        total += int(np.sum(w[row[keep]] * w[coo.col[keep]]))
    return total


# --- bundle -------------------------------------------------------------------------------------
