"""Network-level structural measures: density, reciprocity, centralization, paths, summary.

Every function takes one tie network that follows the graph contract (``docs/architecture.md``) and
returns one ``float``; :func:`network_structure` bundles them in a ``dict``. Values follow statnet's
``sna`` package (Butts 2008) where ``sna`` defines the measure; every deviation is stated in the
function's docstring and tested against ``tests/metrics/sna_reference.json`` (produced by
``scripts/sna_reference.R``).

Common conventions
------------------
* Undefined values (no actors, no ties where ties are needed, a zero theoretical maximum) are
  ``nan``; no function raises ``ZeroDivisionError`` or emits a warning for them.
* Self-ties and multigraphs are rejected with :class:`~coopnet.errors.GraphError` (the model removes
  the former and aggregates the latter).
* Only :func:`average_path_length` uses tie weights; every other measure is defined on the presence
  of ties (``sna``'s defaults for these measures).

References
----------
.. [1] Butts, C. T. (2008). Social network analysis with sna. *Journal of Statistical Software*,
   24(6). https://doi.org/10.18637/jss.v024.i06
.. [2] Freeman, L. C. (1979). Centrality in social networks: Conceptual clarification. *Social
   Networks*, 1(3), 215-239. https://doi.org/10.1016/0378-8733(78)90021-7
.. [3] Krackhardt, D. (1994). Graph theoretical dimensions of informal organizations. In K. M.
   Carley & M. J. Prietula (Eds.), *Computational Organization Theory* (pp. 89-111). Lawrence
   Erlbaum.
.. [4] Wasserman, S., & Faust, K. (1994). *Social Network Analysis: Methods and Applications*.
   Cambridge University Press. https://doi.org/10.1017/CBO9780511815478
"""

from __future__ import annotations

import math
from typing import Any, Final, Literal

import networkx as nx
import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from coopnet.errors import GraphError
from coopnet.messages import tr
from coopnet.metrics._engine import (
    DEFAULT_ENGINE,
    Engine,
    betweenness,
    check_engine,
    distance_sums,
)
from coopnet.metrics.arrays import GraphArrays, graph_arrays
from coopnet.metrics.centrality import wf_closeness
from coopnet.metrics.krackhardt import (
    _unit,
    connectedness,
    connectedness_of,
    efficiency,
    efficiency_of,
    hierarchy,
    hierarchy_of,
    lub_ness,
    lub_ness_of,
)
from coopnet.metrics.sampling import EXACT, Estimation

__all__ = [
    "STRUCTURE_KEYS",
    "average_path_length",
    "centralization",
    "connectedness",
    "density",
    "efficiency",
    "hierarchy",
    "lub_ness",
    "network_structure",
    "reciprocity",
    "transitivity",
]

CentralizationMeasure = Literal["degree", "betweenness", "closeness"]

STRUCTURE_KEYS: Final = (
    "n_actors",
    "n_ties",
    "density",
    "reciprocity",
    "degree_centralization",
    "betweenness_centralization",
    "closeness_centralization",
    "transitivity",
    "average_path_length",
    "connectedness",
    "hierarchy",
    "efficiency",
    "lub_ness",
)
"""Keys of :func:`network_structure`, in order."""

_NAN: Final = math.nan
_BLOCK_CELLS: Final = 1 << 21  # dense blocks stay at about 16 MB


def density(graph: nx.Graph[Any]) -> float:
    r"""Share of possible ties that are present (``sna::gden``).

    .. math:: \text{density} = \frac{m}{n(n-1)} \text{ (directed)}, \qquad
              \frac{m}{n(n-1)/2} \text{ (undirected)}

    with :math:`m` arcs (directed: ordered pairs) or edges (undirected: unordered pairs) and
    :math:`n` actors, isolates included. Weights are ignored.

    Parameters
    ----------
    graph
        The tie network.

    Returns
    -------
    float
        Density in [0, 1]; ``nan`` for fewer than two actors.

    Raises
    ------
    GraphError
        If `graph` is a multigraph or has self-ties.

    Examples
    --------
    >>> density(nx.DiGraph([("a", "b"), ("b", "c")]))
    0.3333333333333333
    """
    return density_of(graph_arrays(graph))


def density_of(arrays: GraphArrays) -> float:
    """:func:`density` of an array form."""
    n = arrays.n
    if n < 2:
        return _NAN
    pairs = n * (n - 1) if arrays.directed else n * (n - 1) / 2
    return float(arrays.n_ties / pairs)


def reciprocity(graph: nx.Graph[Any]) -> float:
    r"""Share of arcs that are reciprocated (``sna::grecip(measure="edgewise")``).

    .. math:: r = \frac{|\{(i, j) \in E : (j, i) \in E\}|}{|E|} = \frac{2M}{2M + A}

    with :math:`M` mutual and :math:`A` asymmetric dyads (networkx ``overall_reciprocity``, igraph
    ``reciprocity()``). In an undirected graph every tie is reciprocated by definition, so the value
    is 1.0 whenever there is a tie (``sna`` gives the same for a symmetric sociomatrix).

    Parameters
    ----------
    graph
        The tie network.

    Returns
    -------
    float
        Reciprocity in [0, 1]; ``nan`` when the graph has no ties.

    Raises
    ------
    GraphError
        If `graph` is a multigraph or has self-ties.

    Examples
    --------
    >>> reciprocity(nx.DiGraph([("a", "b"), ("b", "a"), ("b", "c")]))
    0.6666666666666666
    """
    return reciprocity_of(graph_arrays(graph))


def reciprocity_of(arrays: GraphArrays) -> float:
    """:func:`reciprocity` of an array form."""
    m = arrays.n_ties
    if m == 0:
        return _NAN
    if not arrays.directed:
        return 1.0
    keys = arrays.tails * arrays.n + arrays.indices
    back = arrays.indices * arrays.n + arrays.tails
    mutual_arcs = int(np.isin(back, keys).sum())
    return float(mutual_arcs / m)


# --- centralization -----------------------------------------------------------------------------


def _closeness_out(
    arrays: GraphArrays, jobs: int | None, estimation: Estimation = EXACT
) -> npt.NDArray[np.float64]:
    """Wasserman-Faust closeness on outgoing unweighted distances (0 for who reaches nobody)."""
    sums = distance_sums(arrays.reverse, weighted=False, jobs=jobs, sampling=estimation.distances)
    return wf_closeness(sums.reach, sums.distance, arrays.n)


def centralization(
    graph: nx.Graph[Any],
    measure: CentralizationMeasure,
    *,
    engine: Engine = DEFAULT_ENGINE,
    jobs: int | None = None,
) -> float:
    r"""Freeman (1979) centralization of the actors' degree, betweenness or closeness.

    .. math:: C = \frac{\sum_i \left(\max_j c_j - c_i\right)}{\max_{G'} \sum_i
              \left(\max_j c'_j - c'_i\right)}

    where the denominator is the largest value of the numerator over all graphs of the same size
    and kind (attained by the star). Ties are unweighted. Like ``sna::centralization`` with
    ``mode="digraph"`` for a ``DiGraph`` and ``mode="graph"`` for a ``Graph``:

    * ``"degree"``: :math:`c_i` = number of ties; for a ``DiGraph`` in-degree plus out-degree
      (``sna::degree(cmode="freeman")``, a mutual dyad counts twice). Maximum
      :math:`2(n-1)(n-2)` directed, :math:`(n-1)(n-2)` undirected.
    * ``"betweenness"``: raw Freeman betweenness (the values of networkx
      ``betweenness_centrality(normalized=False)``, computed by Brandes' algorithm in the
      chosen `engine`): over ordered pairs for a ``DiGraph``, unordered pairs for a ``Graph``.
      Maximum :math:`(n-1)^2(n-2)` directed, half of it undirected.
    * ``"closeness"``: closeness on *outgoing* distances (like ``sna``: how close actor *i* is to
      the actors it reaches), scaled as Wasserman & Faust (1994, eq. 5.22) and networkx do for
      disconnected graphs, :math:`c_i = \frac{r_i}{n-1}\cdot\frac{r_i}{\sum_j d_{ij}}` with
      :math:`r_i` the number of actors *i* reaches (:math:`c_i = 0` if it reaches none).
      Maximum: :math:`n-1` directed (out-star: centre 1, others 0; no graph exceeds it since
      :math:`0 \le c_i \le 1`), :math:`(n-1)(n-2)/(2n-3)` undirected (the star; exhaustively
      checked for all graphs up to 7 actors in the tests).

    **Deviation from sna for closeness.** ``sna::closeness`` uses :math:`(n-1)/\sum_j d_{ij}`
    with :math:`d_{ij}=\infty` for unreachable pairs, so in any graph that is not (strongly)
    connected every actor that cannot reach all others scores 0 and the centralization is usually
    0 (a survey network with one isolate always gets 0). Its directed maximum
    :math:`(n-1)(1-1/n)` dates from a time when unreachable distances were replaced by *n*; with
    today's zeros the out-star scores 1.25 for *n* = 5. coopnet therefore uses the Wasserman-Faust
    closeness and the true maxima above. For a connected undirected graph the value equals
    ``sna``'s; for a strongly connected digraph it is ``sna``'s times :math:`(n-1)/n`.

    Parameters
    ----------
    graph
        The tie network.
    measure
        ``"degree"``, ``"betweenness"`` or ``"closeness"``.
    engine, jobs
        Brandes implementation and worker processes for ``"betweenness"``, as in
        :func:`coopnet.metrics.centrality.actor_centrality`.

    Returns
    -------
    float
        Centralization in [0, 1]; ``nan`` for fewer than three actors (the maximum is 0).

    Raises
    ------
    GraphError
        If `measure` is unknown, or `graph` is a multigraph or has self-ties.

    Notes
    -----
    Complexity: degree :math:`O(n+m)`; closeness :math:`O(Dnm/64)` for diameter *D*
    (bit-parallel breadth-first search in numpy); betweenness :math:`O(nm)` (Brandes, split
    over `jobs` processes). See ``benchmarks/RESULTS.md``.

    References
    ----------
    .. [1] Freeman, L. C. (1979), see the module references.
    .. [2] Brandes, U. (2001). A faster algorithm for betweenness centrality. *Journal of
       Mathematical Sociology*, 25(2), 163-177. https://doi.org/10.1080/0022250X.2001.9990249
    .. [3] Kepner, J., & Gilbert, J. (Eds.) (2011). *Graph Algorithms in the Language of Linear
       Algebra*. SIAM. https://doi.org/10.1137/1.9780898719918
    .. [4] Wasserman, S., & Faust, K. (1994), see the module references.

    Examples
    --------
    >>> centralization(nx.star_graph(4), "degree")
    1.0
    """
    if measure not in ("degree", "betweenness", "closeness"):
        raise GraphError(tr("errors.metrics.unknown_centralization", measure=measure))
    return centralization_of(graph_arrays(graph), measure, engine=engine, jobs=jobs)


def centralization_of(
    arrays: GraphArrays,
    measure: CentralizationMeasure,
    *,
    engine: Engine = DEFAULT_ENGINE,
    jobs: int | None = None,
    estimation: Estimation = EXACT,
) -> float:
    """:func:`centralization` of an array form (ties unweighted whatever its weight).

    With a sampled `estimation`, computed from the estimated betweenness / closeness.
    """
    n = arrays.n
    if n < 3:
        return _NAN
    if measure == "degree":
        values = (arrays.out_degree + arrays.reverse.out_degree).astype(float)
        if not arrays.directed:
            values = values / 2
    elif measure == "betweenness":
        values = betweenness(
            arrays, weighted=False, engine=check_engine(engine), jobs=jobs,
            sampling=estimation.betweenness,
        )  # fmt: skip
    else:
        values = _closeness_out(arrays, jobs, estimation)
    return _freeman(values, n, measure, directed=arrays.directed)


def _freeman(
    values: np.ndarray, n: int, measure: CentralizationMeasure, *, directed: bool
) -> float:
    """Freeman centralization of actor scores `values` (see :func:`centralization`)."""
    if n < 3:
        return _NAN
    maximum: float
    if measure == "degree":
        maximum = (2 if directed else 1) * (n - 1) * (n - 2)
    elif measure == "betweenness":
        maximum = (n - 1) ** 2 * (n - 2) / (1 if directed else 2)
    else:
        maximum = (n - 1) if directed else (n - 1) * (n - 2) / (2 * n - 3)
    return _unit(float(np.sum(values.max() - values)) / maximum)


# --- clustering and distances -------------------------------------------------------------------


def transitivity(graph: nx.Graph[Any]) -> float:
    r"""Global clustering coefficient of the symmetrised graph.

    .. math:: T = \frac{3 \times \text{triangles}}{\text{connected triples}}

    computed on the undirected graph with a tie wherever at least one arc exists (networkx
    ``transitivity``, igraph ``transitivity_undirected``). Weights are ignored.

    Note that ``sna::gtrans`` (default ``measure="weak"``) is *directed* transitivity for a
    digraph, the share of two-paths :math:`i \to j \to k` closed by :math:`i \to k`, and returns
    1 when there is no two-path; it therefore differs for directed graphs. For an undirected graph
    both agree (when a two-path exists).

    Parameters
    ----------
    graph
        The tie network.

    Returns
    -------
    float
        Transitivity in [0, 1]; ``nan`` when there is no connected triple (networkx returns 0
        there).

    Raises
    ------
    GraphError
        If `graph` is a multigraph or has self-ties.

    Examples
    --------
    >>> transitivity(nx.Graph([("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")]))
    0.6
    """
    return transitivity_of(graph_arrays(graph))


def transitivity_of(arrays: GraphArrays) -> float:
    """:func:`transitivity` of an array form."""
    sym = arrays.undirected
    n = sym.n
    degree = sym.out_degree
    triples = int(np.sum(degree * (degree - 1)))  # twice the number of connected triples
    if triples == 0:
        return _NAN
    # orient every tie from the lower- to the higher-ranked end (rank = degree, then position):
    # each triangle is then exactly one path u -> v -> w closed by u -> w, and L @ L stays small
    rank = np.empty(n, dtype=np.int64)
    rank[np.lexsort((np.arange(n), degree))] = np.arange(n)
    keep = rank[sym.tails] < rank[sym.indices]
    oriented = sp.csr_array(
        (np.ones(int(keep.sum()), dtype=np.int64), (sym.tails[keep], sym.indices[keep])),
        shape=(n, n),
    )
    triangles = 0
    step = max(1, _BLOCK_CELLS // max(n, 1))
    for start in range(0, n, step):
        block = oriented[start : start + step]
        triangles += int((block @ oriented).multiply(block).sum())
    return _unit(6 * triangles / triples)


def average_path_length(graph: nx.Graph[Any], *, weight: str | None = None) -> float:
    r"""Mean shortest-path length over the pairs of actors that are connected by a path.

    .. math:: \bar d = \frac{1}{|P|} \sum_{(i, j) \in P} d_{ij}, \qquad
              P = \{(i, j) : i \ne j,\ j \text{ reachable from } i\}

    over ordered pairs (directed paths) for a ``DiGraph`` and unordered pairs for a ``Graph``.
    Unreachable pairs are *excluded* (igraph ``average_path_length(unconn=True)``; networkx's
    ``average_shortest_path_length`` raises instead), so isolates do not change the value.

    Parameters
    ----------
    graph
        The tie network.
    weight
        ``None`` counts steps; an edge attribute name uses the tie length :math:`1/w` (a strong
        tie is a short one) and Dijkstra's algorithm.

    Returns
    -------
    float
        Mean path length (>= 1 unweighted, > 0 weighted); ``nan`` when no pair is connected.

    Raises
    ------
    GraphError
        If `graph` is a multigraph, has self-ties, or a weight is not a finite number > 0.

    Notes
    -----
    Complexity :math:`O(Dnm/64)` unweighted (bit-parallel breadth-first search, *D* the
    diameter), :math:`O(n(m + n\log n))` weighted (scipy's compiled Dijkstra, in row blocks), so
    memory stays bounded.

    Examples
    --------
    >>> average_path_length(nx.path_graph(3))
    1.3333333333333333
    """
    arrays = graph_arrays(graph, weight=weight)
    return average_path_length_of(arrays, weighted=weight is not None)


def average_path_length_of(
    arrays: GraphArrays, *, weighted: bool, jobs: int | None = None, estimation: Estimation = EXACT
) -> float:
    """:func:`average_path_length` of an array form (estimated with a sampled `estimation`)."""
    sums = distance_sums(arrays, weighted=weighted, jobs=jobs, sampling=estimation.distances)
    pairs = int(sums.reach.sum())
    if pairs == 0:
        return _NAN
    return float(sums.distance.sum()) / pairs


# --- Krackhardt (1994) ---------------------------------------------------------------------------


def network_structure(
    graph: nx.Graph[Any],
    *,
    weight: str | None = None,
    engine: Engine = DEFAULT_ENGINE,
    jobs: int | None = None,
) -> dict[str, float]:
    """Return every structural measure of one tie network.

    Parameters
    ----------
    graph
        The tie network.
    weight
        Passed to :func:`average_path_length` only (every other measure uses tie presence).
    engine, jobs
        Brandes implementation and worker processes for the betweenness centralization.

    Returns
    -------
    dict of str to float
        In the order of :data:`STRUCTURE_KEYS`: ``n_actors`` (actors, isolates included),
        ``n_ties`` (edges as stored: arcs for a ``DiGraph``), ``density``, ``reciprocity``,
        ``degree_centralization``, ``betweenness_centralization``, ``closeness_centralization``
        (see :func:`centralization`), ``transitivity``, ``average_path_length``,
        ``connectedness``, ``hierarchy``, ``efficiency``, ``lub_ness``. Undefined values are
        ``nan``.

    Raises
    ------
    GraphError
        If `graph` is a multigraph, has self-ties, or a weight is invalid.

    Examples
    --------
    >>> result = network_structure(nx.DiGraph([("a", "b"), ("b", "a"), ("a", "c")]))
    >>> result["n_ties"], round(result["reciprocity"], 3)
    (3.0, 0.667)
    """
    arrays = graph_arrays(graph, weight=weight)
    return structure_of(arrays, engine=engine, jobs=jobs)


def structure_of(
    arrays: GraphArrays,
    *,
    engine: Engine = DEFAULT_ENGINE,
    jobs: int | None = None,
    estimation: Estimation = EXACT,
) -> dict[str, float]:
    """:func:`network_structure` of an array form (its weight is the path-length weight).

    With a sampled `estimation` (:mod:`coopnet.metrics.sampling`), the betweenness and
    closeness centralization and the average path length come from the estimates.
    """
    return {
        "n_actors": float(arrays.n),
        "n_ties": float(arrays.n_ties),
        "density": density_of(arrays),
        "reciprocity": reciprocity_of(arrays),
        "degree_centralization": centralization_of(arrays, "degree"),
        "betweenness_centralization": centralization_of(
            arrays, "betweenness", engine=engine, jobs=jobs, estimation=estimation
        ),
        "closeness_centralization": centralization_of(
            arrays, "closeness", jobs=jobs, estimation=estimation
        ),
        "transitivity": transitivity_of(arrays),
        "average_path_length": average_path_length_of(
            arrays, weighted=arrays.weight is not None, jobs=jobs, estimation=estimation
        ),
        "connectedness": connectedness_of(arrays),
        "hierarchy": hierarchy_of(arrays),
        "efficiency": efficiency_of(arrays),
        "lub_ness": lub_ness_of(arrays),
    }
