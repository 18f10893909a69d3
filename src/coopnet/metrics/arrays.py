r"""The array form of a tie network: one compressed adjacency per graph, built once.

Every measure of :mod:`coopnet.metrics` that searches paths, counts components or multiplies
matrices works on this form instead of the networkx graph. :func:`graph_arrays` builds it from a
graph that follows the graph contract (``docs/architecture.md``); :func:`coopnet.metrics.analyze`
builds it once per graph (or takes one the caller already has, ``arrays=``) and hands it to every
measure, so the graph is converted, symmetrised and split into components once per analysis.

Layout
------
Actors are numbered ``0 .. n-1`` in sorted id order (the row order of every actor table), so
position ``i`` is actor ``nodes[i]`` and ``index[actor]`` is its position. Arcs are stored in
compressed sparse row (CSR) form: the arcs leaving actor ``i`` are ``indices[indptr[i]:indptr[i+1]]``
(sorted), with tie values ``weights[...]`` at the same positions. An undirected tie appears as the
two arcs ``u -> v`` and ``v -> u``. Derived views (:attr:`GraphArrays.reverse`,
:attr:`GraphArrays.undirected`, :attr:`GraphArrays.lengths`, the scipy matrix) are computed on
first use and kept. The arrays are read-only; the object is never changed after it is built, so
results computed from it can be kept with it (see :mod:`coopnet.metrics._engine`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar

import networkx as nx
import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from coopnet.errors import GraphError
from coopnet.messages import tr
from coopnet.metrics._util import require_simple, tie_weight

__all__ = ["GraphArrays", "arrays_from_ties", "graph_arrays"]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
T = TypeVar("T")


def _frozen(array: npt.NDArray[Any]) -> npt.NDArray[Any]:
    array.setflags(write=False)
    return array


def _csr(
    n: int, tails: IntArray, heads: IntArray, values: FloatArray
) -> tuple[IntArray, IntArray, FloatArray]:
    """Sort arcs by (tail, head) and return ``indptr, indices, weights``."""
    order = np.lexsort((heads, tails))
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(tails, minlength=n), out=indptr[1:])
    return indptr, heads[order].astype(np.int64), values[order].astype(np.float64)


@dataclass(frozen=True, eq=False)
class GraphArrays:
    """A tie network as compressed sparse rows (see the module docstring).

    Attributes
    ----------
    nodes
        Actor ids in sorted order; position ``i`` in every array is actor ``nodes[i]``.
    directed
        Whether arcs have a direction (a ``DiGraph``); undirected ties are stored as two arcs.
    weight
        The edge attribute the tie values come from, or ``None`` (every tie has value 1).
    indptr, indices, weights
        The CSR arrays of the arcs (``int64``, ``int64``, ``float64``; read-only).
    """

    nodes: tuple[str, ...]
    directed: bool
    weight: str | None
    indptr: IntArray
    indices: IntArray
    weights: FloatArray
    _memo: dict[str, Any] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for array in (self.indptr, self.indices, self.weights):
            _frozen(array)

    # ----------------------------------------------------------------------- sizes and lookups
    @property
    def n(self) -> int:
        """Number of actors."""
        return len(self.nodes)

    @property
    def n_arcs(self) -> int:
        """Number of stored arcs (twice the number of ties when undirected)."""
        return int(self.indices.size)

    @property
    def n_ties(self) -> int:
        """Number of edges as networkx counts them (arcs if directed, ties if undirected)."""
        return self.n_arcs if self.directed else self.n_arcs // 2

    @cached_property
    def index(self) -> dict[str, int]:
        """``{actor id: position}``."""
        return {v: i for i, v in enumerate(self.nodes)}

    @cached_property
    def out_degree(self) -> IntArray:
        """Number of arcs leaving each actor (the degree when undirected)."""
        return _frozen(np.diff(self.indptr))

    @cached_property
    def tails(self) -> IntArray:
        """Tail (source) position of every arc, aligned with :attr:`indices`."""
        return _frozen(np.repeat(np.arange(self.n, dtype=np.int64), self.out_degree))

    @cached_property
    def lengths(self) -> FloatArray:
        """Path length of every arc: ``1 / weights`` (a strong tie is a short tie)."""
        return _frozen(1.0 / self.weights)

    @cached_property
    def uniform_weight(self) -> float | None:
        """The value every arc has, if all arcs have the same one; ``None`` otherwise."""
        if self.weights.size == 0:
            return 1.0
        first = float(self.weights[0])
        return first if bool(np.all(self.weights == first)) else None

    def matrix(self, *, lengths: bool = False) -> sp.csr_array:
        """The arcs as a scipy CSR matrix (row = tail) of tie values, or of lengths."""
        key = "matrix:lengths" if lengths else "matrix"
        values = self.lengths if lengths else self.weights
        return self.memo(
            key,
            lambda: sp.csr_array(
                (values, self.indices, self.indptr), shape=(self.n, self.n), copy=False
            ),
        )

    def ties(self) -> tuple[IntArray, IntArray, FloatArray]:
        """Every edge once: ``(u, v, value)``; arcs if directed, ties with ``u < v`` if not."""
        if self.directed:
            return self.tails, self.indices, self.weights
        keep = self.tails < self.indices
        return self.tails[keep], self.indices[keep], self.weights[keep]

    # ----------------------------------------------------------------------- derived views
    @cached_property
    def reverse(self) -> GraphArrays:
        """The same network with every arc reversed (itself when undirected)."""
        if not self.directed:
            return self
        indptr, indices, weights = _csr(self.n, self.indices, self.tails, self.weights)
        return GraphArrays(self.nodes, True, self.weight, indptr, indices, weights)

    @cached_property
    def undirected(self) -> GraphArrays:
        """The symmetrised network (itself when undirected).

        A tie joins two actors if at least one arc exists between them, with the larger of the
        two values, exactly as :func:`coopnet.metrics._util.symmetrise`.
        """
        if not self.directed:
            return self
        n = self.n
        u, v = self.tails, self.indices
        low, high = np.minimum(u, v), np.maximum(u, v)
        keys, inverse = np.unique(low * n + high, return_inverse=True)
        values = np.zeros(keys.size)
        np.maximum.at(values, inverse, self.weights)
        a, b = keys // n, keys % n
        indptr, indices, weights = _csr(
            n, np.concatenate([a, b]), np.concatenate([b, a]), np.concatenate([values, values])
        )
        return GraphArrays(self.nodes, False, self.weight, indptr, indices, weights)

    def subgraph(self, keep: IntArray) -> GraphArrays:
        """The network of the actors at positions `keep` (sorted), with the ties among them."""
        keep = np.asarray(keep, dtype=np.int64)
        new = np.full(self.n, -1, dtype=np.int64)
        new[keep] = np.arange(keep.size, dtype=np.int64)
        tails, heads = new[self.tails], new[self.indices]
        inside = (tails >= 0) & (heads >= 0)
        indptr, indices, weights = _csr(
            keep.size, tails[inside], heads[inside], self.weights[inside]
        )
        nodes = tuple(self.nodes[i] for i in keep.tolist())
        return GraphArrays(nodes, self.directed, self.weight, indptr, indices, weights)

    def unweighted(self) -> GraphArrays:
        """The same arcs with every value 1 (itself when already unweighted)."""
        if self.weight is None:
            return self
        return self.memo(
            "unweighted",
            lambda: GraphArrays(
                self.nodes, self.directed, None, self.indptr, self.indices, np.ones(self.n_arcs)
            ),
        )

    def memo(self, key: str, compute: Callable[[], T]) -> T:
        """Return the result kept under `key`, computing it with `compute` the first time.

        For results that are a function of the arrays alone (components, distance sums, ...).
        """
        if key not in self._memo:
            self._memo[key] = compute()
        result: T = self._memo[key]
        return result

    def check(self, graph: nx.Graph[Any], *, weight: str | None) -> None:
        """Raise :class:`GraphError` unless these arrays plausibly belong to `graph` and `weight`.

        Compares the direction, the weight attribute and the numbers of actors and ties (a cheap
        check against passing the arrays of another graph).
        """
        if (
            self.directed != graph.is_directed()
            or self.weight != weight
            or self.n != graph.number_of_nodes()
            or self.n_ties != graph.number_of_edges()
        ):
            raise GraphError(tr("errors.metrics.foreign_arrays", weight=repr(weight)))


def arrays_from_ties(
    nodes: Iterable[str],
    ties: Mapping[tuple[str, str], float] | Iterable[tuple[str, str]],
    *,
    directed: bool = False,
    weight: str | None = None,
) -> GraphArrays:
    """Build the array form from actor ids and ties (``{(u, v): value}`` or ``(u, v)`` pairs).

    For callers that hold ties outside a networkx graph (e.g. the layout's tie dictionary).
    Ties must be between listed actors, without self-ties or duplicates.
    """
    ordered = tuple(sorted(nodes))
    index = {v: i for i, v in enumerate(ordered)}
    pairs = list(ties.items()) if isinstance(ties, Mapping) else [(t, 1.0) for t in ties]
    u = np.array([index[a] for (a, _), _ in pairs], dtype=np.int64)
    v = np.array([index[b] for (_, b), _ in pairs], dtype=np.int64)
    w = np.array([float(x) for _, x in pairs], dtype=np.float64)
    if not directed:
        u, v, w = np.concatenate([u, v]), np.concatenate([v, u]), np.concatenate([w, w])
    indptr, indices, weights = _csr(len(ordered), u, v, w)
    return GraphArrays(ordered, directed, weight, indptr, indices, weights)


def graph_arrays(graph: nx.Graph[Any], *, weight: str | None = None) -> GraphArrays:
    """Build the array form of a tie network.

    Parameters
    ----------
    graph
        Tie network following the graph contract (``nx.Graph`` or ``nx.DiGraph``, no
        multigraph, no self-ties); it is not modified.
    weight
        Edge attribute holding the tie intensity (a missing value counts as 1.0), or ``None``
        (default) for value 1 on every tie.

    Returns
    -------
    GraphArrays

    Raises
    ------
    GraphError
        If `graph` is a multigraph, has self-ties, or (with `weight`) a value is not a finite
        number > 0.

    Examples
    --------
    >>> arrays = graph_arrays(nx.DiGraph([("b", "a"), ("a", "c")]))
    >>> arrays.nodes, arrays.indptr.tolist(), arrays.indices.tolist()
    (('a', 'b', 'c'), [0, 1, 2, 2], [2, 0])
    >>> arrays.undirected.n_ties
    2
    """
    require_simple(graph)
    nodes = tuple(sorted(graph.nodes))
    index = {v: i for i, v in enumerate(nodes)}
    m = graph.number_of_edges()
    u = np.empty(m, dtype=np.int64)
    v = np.empty(m, dtype=np.int64)
    w = np.ones(m, dtype=np.float64)
    if weight is None:
        for k, (a, b) in enumerate(graph.edges()):
            u[k], v[k] = index[a], index[b]
    else:
        for k, (a, b, data) in enumerate(graph.edges(data=True)):
            u[k], v[k], w[k] = index[a], index[b], tie_weight(data, weight, a, b)
    directed = graph.is_directed()
    if not directed:
        u, v, w = np.concatenate([u, v]), np.concatenate([v, u]), np.concatenate([w, w])
    indptr, indices, weights = _csr(len(nodes), u, v, w)
    return GraphArrays(nodes, directed, weight, indptr, indices, weights)
