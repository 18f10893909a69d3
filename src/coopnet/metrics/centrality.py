"""Actor centrality: who is active, who is central, who holds the network together.

One entry point, :func:`actor_centrality`, returns one row per actor with the standard measures of
degree, betweenness, closeness, harmonic, eigenvector and PageRank centrality, the k-core number and
whether the actor is a cut vertex. Most columns wrap a networkx function; the docstring states the
exact definition, normalisation and treatment of direction, weights and isolates for each.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse.linalg

from coopnet.metrics._fast import PathMeasures, path_measures
from coopnet.metrics._util import actor_index, require_simple, symmetrise
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


def actor_centrality(graph: nx.Graph, *, weight: str | None = None) -> pd.DataFrame:
    r"""Compute the standard centrality measures of every actor.

    Let :math:`n` be the number of actors, :math:`a_{uv} = 1` if there is a tie (arc) from
    :math:`u` to :math:`v`, and :math:`w_{uv}` its weight. With ``weight`` set, path-based measures
    use the tie length :math:`d_{uv} = 1 / w_{uv}` (a strong tie is a short tie) and PageRank and
    eigenvector centrality use :math:`w_{uv}` as the tie value; otherwise every tie counts 1.

    Parameters
    ----------
    graph
        Tie network following the graph contract: ``nx.Graph`` (undirected) or ``nx.DiGraph``
        (directed), every actor a node (isolates included), no self-ties, no multigraph.
    weight
        Edge attribute with the tie intensity (``"weight"``), or ``None`` (default) for unweighted
        measures.

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
            ``normalized=True``). Paths follow arc direction.
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
            symmetrised graph (Seidman 1983; networkx ``core_number``); isolates 0.
        ``cut_vertex`` (bool)
            ``True`` if removing the actor increases the number of connected components of the
            symmetrised graph (articulation point; networkx ``articulation_points``).

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

    **Computation.** Betweenness, closeness and harmonic centrality are computed by the fast
    engine of ``coopnet.metrics._fast`` (python-igraph's Brandes algorithm for betweenness when
    igraph is installed; a bit-parallel breadth-first search or scipy's Dijkstra for the
    distance sums); the tests check that it returns networkx's values to :math:`10^{-9}`. With
    weights, igraph treats two path lengths as equal when they agree up to rounding error
    (relative :math:`10^{-10}`), networkx only when the floating-point sums are identical; for
    intensities such as 1-5, where e.g. :math:`1/3+1/3+1/3` and :math:`1` can differ in the last
    bit, igraph's count of shortest paths is the mathematically exact one.

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
    return _actor_centrality(graph, weight=weight)[0]


def _actor_centrality(
    graph: nx.Graph, *, weight: str | None
) -> tuple[pd.DataFrame, PathMeasures | None]:
    """:func:`actor_centrality` plus the shortest-path results, for reuse by ``analyze``."""
    require_simple(graph)
    index = actor_index(graph)
    nodes = list(index)
    if not nodes:
        return _frame({}, index), None
    directed = graph.is_directed()
    strength_attr = WEIGHT if weight is None else weight
    columns: dict[str, Mapping[str, object]] = {}

    if directed:
        columns["in_degree"] = dict(graph.in_degree())
        columns["out_degree"] = dict(graph.out_degree())
        in_s = dict(graph.in_degree(weight=strength_attr))
        out_s = dict(graph.out_degree(weight=strength_attr))
        columns["strength"] = {u: float(in_s[u] + out_s[u]) for u in nodes}
    else:
        degree = dict(graph.degree())
        columns["in_degree"] = degree
        columns["out_degree"] = degree
        columns["strength"] = {u: float(s) for u, s in graph.degree(weight=strength_attr)}
    columns["degree"] = dict(graph.degree())  # in + out for a DiGraph

    paths = path_measures(graph, weight=weight)
    columns["betweenness"] = dict(zip(paths.nodes, paths.betweenness.tolist(), strict=True))
    columns["closeness"] = dict(zip(paths.nodes, paths.closeness.tolist(), strict=True))
    columns["harmonic"] = dict(zip(paths.nodes, paths.harmonic.tolist(), strict=True))

    columns["pagerank"] = nx.pagerank(
        graph, alpha=PAGERANK_ALPHA, weight=weight, tol=1e-12, max_iter=10_000
    )

    undirected = symmetrise(graph, weight=weight)
    columns["eigenvector"] = _eigenvector(undirected, weight=weight)
    columns["core_number"] = nx.core_number(undirected)
    cut = set(nx.articulation_points(undirected))
    columns["cut_vertex"] = {u: u in cut for u in nodes}
    return _frame(columns, index), paths


def _frame(columns: Mapping[str, Mapping[str, object]], index: pd.Index) -> pd.DataFrame:
    """Assemble the result table in the documented column order and dtypes."""
    data = {
        name: pd.Series([columns[name][u] for u in index] if columns else [], index=index)
        for name in CENTRALITY_COLUMNS
    }
    return pd.DataFrame(data, index=index).astype(_DTYPES)


def _eigenvector(graph: nx.Graph, *, weight: str | None) -> dict[str, float]:
    """Eigenvector centrality of an undirected graph, max-scaled, per Notes of actor_centrality."""
    result = dict.fromkeys(graph.nodes, 0.0)
    if graph.number_of_edges() == 0:
        return result
    leading: list[tuple[float, list[str], np.ndarray]] = []
    for component in nx.connected_components(graph):
        if len(component) < 2:
            continue  # an isolate: eigenvalue 0, never the leading component of a graph with ties
        members = sorted(component)
        adjacency = nx.to_scipy_sparse_array(graph, nodelist=members, weight=weight, format="csr")
        value, vector = _perron(adjacency.astype(float))
        leading.append((value, members, vector))
    top = max(value for value, _, _ in leading)
    for value, members, vector in leading:
        if value >= top * (1.0 - _DEGENERATE_RTOL):
            # projection of the all-ones vector onto this component's eigenvector
            for member, score in zip(members, vector.sum() * vector, strict=True):
                result[member] = float(score)
    peak = max(result.values())
    return {u: x / peak for u, x in result.items()}


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
