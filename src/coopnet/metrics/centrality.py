"""Actor centrality: who is active, who is central, who holds the network together.

One entry point, :func:`actor_centrality`, returns one row per actor with the standard measures of
degree, betweenness, closeness, harmonic, eigenvector and PageRank centrality, the k-core number and
whether the actor is a cut vertex. Every column is computed on the array form of the graph
(:mod:`coopnet.metrics.arrays`) by the engine layer (:mod:`coopnet.metrics._engine`) and tested
equal to the networkx function named for it (or, where networkx is inexact, to rational
arithmetic); the docstring states the exact definition, normalisation and treatment of
direction, weights and isolates for each.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any, Final

import networkx as nx
import numpy as np
import numpy.typing as npt
import pandas as pd
import scipy.sparse as sp
import scipy.sparse.linalg

from coopnet.errors import GraphError
from coopnet.messages import tr
from coopnet.metrics._engine import (
    DEFAULT_ENGINE,
    Engine,
    betweenness,
    check_engine,
    distance_sums,
    removal_effects,
    weak_components,
)
from coopnet.metrics._util import actor_index
from coopnet.metrics.arrays import GraphArrays, graph_arrays
from coopnet.metrics.sampling import EXACT, Estimation
from coopnet.schema import WEIGHT

__all__ = ["CENTRALITY_COLUMNS", "actor_centrality"]

logger = logging.getLogger(__name__)

CENTRALITY_COLUMNS: tuple[str, ...] = (
    "degree",
    "in_degree",
    "out_degree",
    "strength",
    "betweenness",
    "closeness",
    "harmonic",
    "eigenvector",
    "pagerank",
    "core_number",
    "cut_vertex",
)
"""Columns of :func:`actor_centrality`, in order."""

_DTYPES: dict[str, str] = {
    "degree": "int64",
    "in_degree": "int64",
    "out_degree": "int64",
    "strength": "float64",
    "betweenness": "float64",
    "closeness": "float64",
    "harmonic": "float64",
    "eigenvector": "float64",
    "pagerank": "float64",
    "core_number": "int64",
    "cut_vertex": "bool",
}

PAGERANK_ALPHA = 0.85
"""Damping factor of PageRank (Brin & Page 1998; the networkx and igraph default)."""

_DENSE_LIMIT = 300
"""Components up to this size get a dense (LAPACK) eigendecomposition, larger ones ARPACK.

Measured: LAPACK takes about 1 s for a 2,000-actor component, ARPACK about 0.01 s."""

_DEGENERATE_RTOL = 1e-9
"""Relative tolerance for two components to share the leading eigenvalue."""

_PAGERANK_TOL: Final = 1e-12
_PAGERANK_MAX_ITER: Final = 10_000


def actor_centrality(
    graph: nx.Graph[Any],
    *,
    weight: str | None = None,
    engine: Engine = DEFAULT_ENGINE,
    jobs: int | None = None,
    arrays: GraphArrays | None = None,
) -> pd.DataFrame:
    r"""Compute the standard centrality measures of every actor.

    Let :math:`n` be the number of actors, :math:`a_{uv} = 1` if there is a tie (arc) from
    :math:`u` to :math:`v`, and :math:`w_{uv}` its weight. With ``weight`` set, path-based measures
    use the tie length :math:`d_{uv} = 1 / w_{uv}` (a strong tie is a short tie) and PageRank and
    eigenvector centrality use :math:`w_{uv}` as the tie value; otherwise every tie counts 1.

    Parameters
    ----------
    graph
        Tie network following the graph contract: ``nx.Graph[Any]`` (undirected) or ``nx.DiGraph[Any]``
        (directed), every actor a node (isolates included), no self-ties, no multigraph.
    weight
        Edge attribute with the tie intensity (``"weight"``), or ``None`` (default) for unweighted
        measures.
    engine
        Implementation of Brandes' algorithm for betweenness: ``"igraph"`` (default) or
        ``"coopnet"`` (:mod:`coopnet.metrics._engine`); both give the exact values.
    jobs
        Worker processes for the betweenness and distance searches (``None``: every available
        core); the values do not depend on it.
    arrays
        The array form of `graph` for `weight` (:func:`~coopnet.metrics.arrays.graph_arrays`),
        if the caller has it; built here otherwise.

    Returns
    -------
    pandas.DataFrame
        Indexed by actor id (index name ``id``, sorted), with the columns

        ``degree`` (int)
            Number of ties. Directed: :math:`k_u = k^{in}_u + k^{out}_u`, the number of arcs at
            :math:`u` (a reciprocated tie counts twice). Undirected: number of neighbours.
        ``in_degree``, ``out_degree`` (int)
            Number of incoming / outgoing arcs; both equal ``degree`` for an undirected graph.
        ``strength`` (float)
            Weighted degree :math:`s_u = \sum_v (w_{uv} + w_{vu})` (directed, in + out) or
            :math:`\sum_v w_{uv}` (undirected) (Barrat et al. 2004). It always sums the tie
            intensity -- the attribute named by `weight`, or ``"weight"`` when `weight` is
            ``None`` -- with a missing attribute counting 1, so it is reported independently of
            whether the other measures are weighted.
        ``betweenness`` (float, [0, 1])
            Share of shortest paths through :math:`u` (Freeman 1977; Brandes 2001),
            :math:`\sum_{s \ne u \ne t} \sigma_{st}(u) / \sigma_{st}`, over ordered pairs divided
            by :math:`(n-1)(n-2)` in a directed graph, over unordered pairs divided by
            :math:`(n-1)(n-2)/2` in an undirected graph (networkx ``betweenness_centrality``,
            ``normalized=True``). Paths follow arc direction. With weights, paths whose lengths
            agree to a relative :math:`10^{-10}` are equally short (see Notes).
        ``closeness`` (float, [0, 1] unweighted; see Notes for weights)
            Closeness with the Wasserman & Faust (1994) correction for disconnected graphs, as
            networkx ``closeness_centrality(wf_improved=True)``: with :math:`R_u` the set of
            actors that can reach :math:`u` and :math:`r = |R_u|`,
            :math:`C(u) = \frac{r}{n-1} \cdot \frac{r}{\sum_{v \in R_u} d(v, u)}`. Directed
            graphs use *incoming* distances :math:`d(v, u)` (how easily others reach :math:`u`).
            Isolates, actors nobody can reach, and the single actor of a one-actor graph get 0.
        ``harmonic`` (float, [0, 1] unweighted; see Notes for weights)
            Harmonic centrality (Marchiori & Latora 2000; Boldi & Vigna 2014) normalised by
            :math:`n - 1` like igraph's ``harmonic_centrality(normalized=True)``:
            :math:`H(u) = \frac{1}{n-1} \sum_{v \ne u} 1 / d(v, u)` with :math:`1/\infty = 0`;
            incoming distances in directed graphs (networkx ``harmonic_centrality`` / (n-1)).
        ``eigenvector`` (float, [0, 1])
            Eigenvector centrality (Bonacich 1972) on the symmetrised graph (a tie if either arc
            exists, weight the larger of the two), scaled so that the most central actor has 1
            (like igraph ``scale=True``), which makes values comparable across periods. See Notes
            for disconnected graphs. Isolates get 0; a graph without ties gets 0 everywhere.
        ``pagerank`` (float, sums to 1)
            PageRank (Brin & Page 1998) with damping :math:`\alpha = 0.85` on the directed graph
            (an undirected tie counts as two arcs), weighted by `weight` if given; actors
            without outgoing arcs spread their score uniformly (networkx ``pagerank``,
            tolerance :math:`10^{-12}`). In a graph without ties every actor gets :math:`1/n`.
        ``core_number`` (int)
            Largest :math:`k` such that the actor belongs to the :math:`k`-core of the
            symmetrised graph (Seidman 1983), by Batagelj & Zaversnik's (2003) bucket algorithm
            (tested equal to networkx ``core_number``); isolates 0.
        ``cut_vertex`` (bool)
            ``True`` if removing the actor increases the number of connected components of the
            symmetrised graph (articulation point, one depth-first search; tested equal to
            networkx ``articulation_points``).

    Raises
    ------
    GraphError
        If the graph is a multigraph, has self-ties, or a weight is not a finite number > 0.

    Notes
    -----
    **Eigenvector centrality of disconnected graphs.** The leading eigenvector of a disconnected
    graph is concentrated on the component(s) with the largest leading eigenvalue
    :math:`\lambda_{max}` and is zero elsewhere. We compute the Perron vector :math:`v_c` (unit
    length) of every component :math:`c` separately -- a dense LAPACK eigendecomposition, or
    ARPACK with a dense fallback for components above 300 actors -- so the result never
    depends on an iteration converging. If exactly one component attains :math:`\lambda_{max}`
    this is the leading eigenvector of the whole adjacency matrix, i.e. what
    ``nx.eigenvector_centrality_numpy`` and igraph return on the whole graph (without their
    numerical noise on the other components). If several components share :math:`\lambda_{max}`
    (e.g. two separate dyads) the eigenvector is not unique and those tools return an arbitrary
    mixture; we return the projection of the all-ones vector onto the leading eigenspace,
    :math:`x = \sum_{c:\lambda_c = \lambda_{max}} (v_c \cdot \mathbf{1})\, v_c`, which is the
    limit of the power iteration started from equal scores (networkx ``eigenvector_centrality``)
    and the limit of Katz centrality as :math:`\alpha \to 1/\lambda_{max}`; equal components
    then get equal scores. Actors in components with a smaller leading eigenvalue get 0, so
    eigenvector centrality describes position in the dominant component only; use ``harmonic``
    or ``degree`` to compare actors across components.

    **Weights and path lengths.** A tie of weight :math:`w` has length :math:`1/w`, so with
    weights above 1 distances can be shorter than 1 and ``closeness`` and ``harmonic`` can exceed
    1 (at most the largest weight); they are comparable across periods only on the same weight
    scale. Betweenness stays in [0, 1] (it counts paths, not lengths).

    **Computation and exactness.** Betweenness runs Brandes' algorithm in the chosen `engine`,
    closeness and harmonic centrality one pass of distance sums (a bit-parallel breadth-first
    search, or scipy's Dijkstra for lengths :math:`1/w`), split over `jobs` processes
    (:mod:`coopnet.metrics._engine`). With weights, two routes of the same length (e.g.
    :math:`1/2 + 1/3 + 1/6` and :math:`1/2 + 1/2` for intensities 2, 3, 6 and 2, 2) have
    floating-point sums that can differ in the last bit; both engines treat lengths that agree
    to a relative :math:`10^{-10}` as equal (igraph's rule), so they count such routes as the
    exact rational count does (tested against rational arithmetic). networkx compares the sums
    exactly and misses such routes, differently from each end of a pair (errors up to 0.009 in
    normalised betweenness on Davis' southern women); coopnet's values are the exact ones.

    **Direction.** Degree, strength, betweenness, closeness, harmonic and PageRank respect arc
    direction in a ``DiGraph``; eigenvector, core number and cut vertices use the symmetrised
    graph, where a directed eigenvector centrality would be undefined (zero for everyone outside
    a strongly connected core) for typical survey networks.

    References
    ----------
    .. [1] Freeman, L. C. (1977). A set of measures of centrality based on betweenness.
       *Sociometry*, 40(1), 35-41. https://doi.org/10.2307/3033543
    .. [2] Brandes, U. (2001). A faster algorithm for betweenness centrality. *Journal of
       Mathematical Sociology*, 25(2), 163-177. https://doi.org/10.1080/0022250X.2001.9990249
    .. [3] Wasserman, S., & Faust, K. (1994). *Social Network Analysis: Methods and
       Applications*. Cambridge University Press. https://doi.org/10.1017/CBO9780511815478
    .. [4] Boldi, P., & Vigna, S. (2014). Axioms for centrality. *Internet Mathematics*,
       10(3-4), 222-262. https://doi.org/10.1080/15427951.2013.865686
    .. [5] Marchiori, M., & Latora, V. (2000). Harmony in the small-world. *Physica A*,
       285(3-4), 539-546. https://doi.org/10.1016/S0378-4371(00)00311-3
    .. [6] Bonacich, P. (1972). Factoring and weighting approaches to status scores and clique
       identification. *Journal of Mathematical Sociology*, 2(1), 113-120.
       https://doi.org/10.1080/0022250X.1972.9989806
    .. [7] Brin, S., & Page, L. (1998). The anatomy of a large-scale hypertextual Web search
       engine. *Computer Networks and ISDN Systems*, 30(1-7), 107-117.
       https://doi.org/10.1016/S0169-7552(98)00110-X
    .. [8] Seidman, S. B. (1983). Network structure and minimum degree. *Social Networks*,
       5(3), 269-287. https://doi.org/10.1016/0378-8733(83)90028-X
    .. [9] Barrat, A., Barthélemy, M., Pastor-Satorras, R., & Vespignani, A. (2004). The
       architecture of complex weighted networks. *PNAS*, 101(11), 3747-3752.
       https://doi.org/10.1073/pnas.0400087101
    .. [10] Opsahl, T., Agneessens, F., & Skvoretz, J. (2010). Node centrality in weighted
       networks: Generalizing degree and shortest paths. *Social Networks*, 32(3), 245-251.
       https://doi.org/10.1016/j.socnet.2010.03.006
    .. [11] Batagelj, V., & Zaversnik, M. (2003). An O(m) algorithm for cores decomposition of
       networks. arXiv:cs/0310049. https://doi.org/10.48550/arXiv.cs/0310049

    Examples
    --------
    A broker ``b`` between two pairs:

    >>> g = nx.Graph([("a", "b"), ("b", "c"), ("c", "d")])
    >>> table = actor_centrality(g)
    >>> b = table.loc["b"]
    >>> int(b["degree"]), round(float(b["betweenness"]), 4), bool(b["cut_vertex"])
    (2, 0.6667, True)
    >>> float(table["eigenvector"].max())
    1.0
    """
    if arrays is None:
        arrays = graph_arrays(graph, weight=weight)
    else:
        arrays.check(graph, weight=weight)
    return centrality_of(graph, arrays, engine=engine, jobs=jobs)


def centrality_of(
    graph: nx.Graph[Any],
    arrays: GraphArrays,
    *,
    engine: Engine,
    jobs: int | None,
    estimation: Estimation = EXACT,
) -> pd.DataFrame:
    """:func:`actor_centrality` from the array form of `graph` (its weight decides).

    With a sampled `estimation` (:mod:`coopnet.metrics.sampling`), betweenness, closeness and
    harmonic centrality are estimates with its error bound.
    """
    engine = check_engine(engine)
    index = actor_index(graph)
    if arrays.n == 0:
        return _frame({}, index)
    weighted = arrays.weight is not None
    directed = arrays.directed
    columns: dict[str, npt.NDArray[Any]] = {}
    out_degree = arrays.out_degree
    in_degree = arrays.reverse.out_degree
    columns["in_degree"] = in_degree
    columns["out_degree"] = out_degree
    columns["degree"] = in_degree + out_degree if directed else out_degree
    columns["strength"] = _strength(graph, arrays)

    n = arrays.n
    raw = betweenness(
        arrays, weighted=weighted, engine=engine, jobs=jobs, sampling=estimation.betweenness
    )
    columns["betweenness"] = _normalise_betweenness(raw, n, directed)
    sums = distance_sums(arrays, weighted=weighted, jobs=jobs, sampling=estimation.distances)
    columns["closeness"] = wf_closeness(sums.reach, sums.distance, n)
    columns["harmonic"] = sums.harmonic / (n - 1) if n > 1 else np.zeros(n)
    columns["pagerank"] = _pagerank(arrays)
    sym = arrays.undirected
    columns["eigenvector"] = _eigenvector(arrays)
    columns["core_number"] = _core_numbers(sym)
    columns["cut_vertex"] = np.array(removal_effects(sym).pieces) >= 2
    return _frame(columns, index)


def _normalise_betweenness(
    raw: npt.NDArray[np.float64], n: int, directed: bool
) -> npt.NDArray[np.float64]:
    """networkx's ``normalized=True`` scaling of raw betweenness."""
    if n <= 2:
        return raw.copy()
    scale = 1.0 / ((n - 1) * (n - 2))
    return raw * (scale if directed else 2.0 * scale)


def wf_closeness(
    reach: npt.NDArray[np.int64], total: npt.NDArray[np.float64], n: int
) -> npt.NDArray[np.float64]:
    r"""Wasserman-Faust closeness :math:`(r/(n-1)) \cdot (r / \sum d)`; 0 where nobody is reached."""
    if n < 2:
        return np.zeros(n)
    ok = (reach > 0) & (total > 0)
    safe = np.where(ok, total, 1.0)
    result: npt.NDArray[np.float64] = np.where(ok, (reach / safe) * (reach / (n - 1)), 0.0)
    return result


def _strength(graph: nx.Graph[Any], arrays: GraphArrays) -> npt.NDArray[np.float64]:
    """Sum of the tie intensity (attribute ``"weight"`` unless `arrays` carry another one)."""
    attribute = arrays.weight or WEIGHT
    if arrays.weight is None:
        values = dict(graph.degree(weight=attribute))  # in + out for a DiGraph
        return np.array([float(values[v]) for v in arrays.nodes], dtype=np.float64)
    out = np.bincount(arrays.tails, weights=arrays.weights, minlength=arrays.n).astype(np.float64)
    if not arrays.directed:
        return out
    reverse = arrays.reverse
    into = np.bincount(reverse.tails, weights=reverse.weights, minlength=arrays.n)
    return out + into.astype(np.float64)


def _pagerank(arrays: GraphArrays) -> npt.NDArray[np.float64]:
    """PageRank by networkx's scipy power iteration (``_pagerank_scipy``), on the arrays."""
    n = arrays.n
    matrix = arrays.matrix()
    out = np.asarray(matrix.sum(axis=1)).ravel()
    dangling = out == 0
    scale = np.where(dangling, 0.0, 1.0 / np.where(dangling, 1.0, out))
    transition = sp.csr_array(sp.diags_array(scale) @ matrix)
    x = np.full(n, 1.0 / n)
    p = np.full(n, 1.0 / n)
    for _ in range(_PAGERANK_MAX_ITER):
        last = x
        x = (
            PAGERANK_ALPHA * (x @ transition + float(x[dangling].sum()) * p)
            + (1 - PAGERANK_ALPHA) * p
        )
        if float(np.abs(x - last).sum()) < n * _PAGERANK_TOL:
            result: npt.NDArray[np.float64] = x / x.sum()
            return result
    raise GraphError(tr("errors.metrics.pagerank", n=_PAGERANK_MAX_ITER))


def _core_numbers(sym: GraphArrays) -> npt.NDArray[np.int64]:
    """Core number of every actor: Batagelj & Zaversnik's O(m) bucket algorithm."""
    n = sym.n
    indptr: list[int] = sym.indptr.tolist()
    indices: list[int] = sym.indices.tolist()
    degree: list[int] = sym.out_degree.tolist()
    top = max(degree, default=0)
    bins = [0] * (top + 1)
    for d in degree:
        bins[d] += 1
    start = 0
    for d in range(top + 1):
        bins[d], start = start, start + bins[d]
    position = [0] * n
    vertex = [0] * n
    for v in range(n):
        position[v] = bins[degree[v]]
        vertex[position[v]] = v
        bins[degree[v]] += 1
    for d in range(top, 0, -1):
        bins[d] = bins[d - 1]
    if bins:
        bins[0] = 0
    for i in range(n):
        v = vertex[i]
        for k in range(indptr[v], indptr[v + 1]):
            u = indices[k]
            if degree[u] > degree[v]:
                du, pu = degree[u], position[u]
                pw = bins[du]
                w = vertex[pw]
                if u != w:
                    position[u], vertex[pu] = pw, w
                    position[w], vertex[pw] = pu, u
                bins[du] += 1
                degree[u] -= 1
    return np.array(degree, dtype=np.int64)


def _frame(columns: Mapping[str, npt.NDArray[Any]], index: pd.Index) -> pd.DataFrame:
    """Assemble the result table in the documented column order and dtypes (arrays by id)."""
    data: dict[str, Any] = {name: columns[name] if columns else [] for name in CENTRALITY_COLUMNS}
    return pd.DataFrame(data, index=index).astype(_DTYPES)


def _eigenvector(arrays: GraphArrays) -> npt.NDArray[np.float64]:
    """Eigenvector centrality of the symmetrised arrays, max-scaled (Notes of actor_centrality)."""
    sym = arrays.undirected
    result = np.zeros(sym.n)
    if sym.n_arcs == 0:
        return result
    parts = weak_components(arrays)
    order = np.argsort(parts.labels, kind="stable")
    bounds = np.concatenate([[0], np.cumsum(parts.sizes)])
    matrix = sym.matrix()
    leading: list[tuple[float, npt.NDArray[np.int64], npt.NDArray[np.float64]]] = []
    for c in range(parts.count):
        if parts.sizes[c] < 2:
            break  # sizes descend: only isolates follow (eigenvalue 0, never leading)
        members = order[bounds[c] : bounds[c + 1]]
        value, vector = _perron(sp.csr_array(matrix[members][:, members]))
        leading.append((value, members, vector))
    top = max(value for value, _, _ in leading)
    for value, members, vector in leading:
        if value >= top * (1.0 - _DEGENERATE_RTOL):
            # projection of the all-ones vector onto this component's eigenvector
            result[members] = vector.sum() * vector
    peak = float(result.max())
    scaled: npt.NDArray[np.float64] = result / peak
    return scaled


def _perron(adjacency: scipy.sparse.csr_array) -> tuple[float, np.ndarray]:
    """Return the leading eigenvalue and the non-negative unit eigenvector of a connected component.

    The adjacency matrix of a connected graph is irreducible and non-negative, so by the
    Perron-Frobenius theorem its largest eigenvalue is simple and has a positive eigenvector.
    """
    size = adjacency.shape[0]
    if size > _DENSE_LIMIT:
        try:
            values, vectors = scipy.sparse.linalg.eigsh(
                adjacency, k=1, which="LA", v0=np.ones(size), maxiter=100 * size, tol=1e-12
            )
        except scipy.sparse.linalg.ArpackNoConvergence:
            logger.info("ARPACK did not converge on a %d-actor component; using LAPACK", size)
        else:
            return float(values[0]), _positive(vectors[:, 0])
    values, vectors = np.linalg.eigh(adjacency.toarray())
    return float(values[-1]), _positive(vectors[:, -1])


def _positive(vector: np.ndarray) -> np.ndarray:
    """Fix the sign of a Perron vector and clear round-off below zero; keep unit length."""
    result: np.ndarray = np.abs(vector) / np.linalg.norm(vector)
    return result
