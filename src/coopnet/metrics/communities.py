r"""Informal communities and how well they mirror the formal groups.

* :func:`detect_communities` -- Louvain communities (Blondel et al. 2008) of the symmetrised tie
  network, numbered deterministically;
* :func:`partition_agreement` -- normalised mutual information and adjusted Rand index of two
  partitions of the actors;
* :func:`community_match` -- do the informal communities reproduce the formal grouping
  (departments, sectors)? High agreement means cooperation stays within the formal units.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Hashable, Mapping
from dataclasses import dataclass

import networkx as nx
import numpy as np
import pandas as pd

from coopnet.errors import GraphError
from coopnet.metrics._util import node_groups, require_simple, symmetrise
from coopnet.schema import ID

__all__ = [
    "COMMUNITY",
    "CommunityMatch",
    "community_match",
    "detect_communities",
    "partition_agreement",
]

logger = logging.getLogger(__name__)

COMMUNITY = "community"
"""Name of the Series returned by :func:`detect_communities`."""

_WEIGHT = "_w"
"""Edge attribute of the internal graph handed to Louvain."""


def _ordered_graph(graph: nx.Graph, weight: str | None) -> nx.Graph:
    """Symmetrised graph with nodes and edges inserted in sorted order (order-independent input)."""
    sym = symmetrise(graph, weight=weight)
    ordered = nx.Graph()
    ordered.add_nodes_from(sorted(sym.nodes))
    edges = []
    for u, v, data in sym.edges(data=True):
        a, b = (u, v) if u <= v else (v, u)
        # symmetrise has checked the weights (finite, > 0) and filled missing ones with 1.0
        edges.append((a, b, float(data[weight]) if weight is not None else 1.0))
    ordered.add_weighted_edges_from(sorted(edges), weight=_WEIGHT)
    return ordered


def _number(groups: list[set[str]]) -> dict[str, int]:
    """Number communities 0.. by size (descending), then smallest member id."""
    ranked = sorted(groups, key=lambda members: (-len(members), min(members)))
    return {actor: number for number, members in enumerate(ranked) for actor in members}


def _as_series(found: list[set[str]]) -> pd.Series:
    """The community number of every actor as the Series :func:`detect_communities` returns."""
    number = _number(found)
    actors = sorted(number)
    return pd.Series(
        [number[a] for a in actors],
        index=pd.Index(actors, name=ID, dtype="str"),
        name=COMMUNITY,
        dtype="int64",
    )


def _louvain(ordered: nx.Graph, *, seed: int, resolution: float) -> list[set[str]]:
    """Louvain on the non-isolated actors; every isolate becomes a community of its own."""
    isolates = [a for a in ordered if ordered.degree(a) == 0]
    core = ordered.copy()
    core.remove_nodes_from(isolates)
    found: list[set[str]] = []
    if core.number_of_edges() > 0:
        found = [
            set(c)
            for c in nx.community.louvain_communities(
                core, weight=_WEIGHT, resolution=resolution, seed=seed
            )
        ]
    return found + [{a} for a in isolates]


def detect_communities(
    graph: nx.Graph, *, weight: str | None = None, seed: int = 0, resolution: float = 1.0
) -> pd.Series:
    r"""Detect informal communities with the Louvain method.

    Louvain (Blondel et al. 2008) greedily maximises the modularity

    .. math:: Q_\gamma = \sum_c \left[ \frac{L_c}{m} - \gamma \left(\frac{d_c}{2m}\right)^2 \right]

    (:math:`L_c` ties within community :math:`c`, :math:`d_c` the sum of its members' degrees,
    :math:`m` the number of ties, :math:`\gamma` the resolution), via networkx
    ``community.louvain_communities``.

    Parameters
    ----------
    graph
        Tie network following the graph contract (``nx.Graph`` or ``nx.DiGraph``).
    weight
        ``None`` (default): every tie counts 1; an edge attribute name: weighted modularity.
    seed
        Seed of Louvain's random node order; the same seed gives the same communities.
    resolution
        :math:`\gamma`; values above 1 favour smaller communities, below 1 larger ones.

    Returns
    -------
    pandas.Series
        Named ``community``, indexed by actor id (index name ``id``, sorted), int values
        ``0, 1, ...``: community 0 is the largest; ties in size are broken by the smallest member
        id (string order).

    Raises
    ------
    GraphError
        If the graph is a multigraph, has self-ties, or a weight is not a finite number > 0.

    Notes
    -----
    Computed on the symmetrised graph (a tie if either arc exists, the larger weight). Isolates
    are not passed to Louvain; each becomes a community of its own. Nodes and ties are handed to
    networkx in sorted order, so the result depends only on the ties and the seed, not on the
    order in which the graph was built or on Python's hash seed. Louvain is a heuristic: other
    seeds may give (usually slightly) different partitions.

    References
    ----------
    .. [1] Blondel, V. D., Guillaume, J.-L., Lambiotte, R., & Lefebvre, E. (2008). Fast unfolding
       of communities in large networks. *Journal of Statistical Mechanics*, P10008.
       https://doi.org/10.1088/1742-5468/2008/10/P10008

    Examples
    --------
    >>> g = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("d", "e")])
    >>> g.add_node("f")
    >>> detect_communities(g).tolist()
    [0, 0, 0, 1, 1, 2]
    """
    require_simple(graph)
    ordered = _ordered_graph(graph, weight)
    return _as_series(_louvain(ordered, seed=seed, resolution=resolution))


def _codes(values: list[Hashable]) -> np.ndarray:
    """Integer codes 0..k-1 of hashable labels (first-seen order)."""
    seen: dict[Hashable, int] = {}
    return np.fromiter((seen.setdefault(x, len(seen)) for x in values), dtype=np.intp)


def _entropy(counts: np.ndarray, n: int) -> float:
    """Shannon entropy (natural log) of a frequency vector with total `n`."""
    p = counts[counts > 0] / n
    return float(-(p * np.log(p)).sum())


def partition_agreement(a: Mapping[str, Hashable], b: Mapping[str, Hashable]) -> dict[str, float]:
    r"""Compare two partitions of the same actors (NMI and adjusted Rand index).

    From the contingency table :math:`n_{ij}` (actors in cluster :math:`i` of `a` and cluster
    :math:`j` of `b`), row sums :math:`a_i`, column sums :math:`b_j` and :math:`n` actors:

    * normalised mutual information with arithmetic-mean normalisation (Danon et al. 2005), the
      measure of igraph ``compare_communities(method="nmi")`` and the default of scikit-learn's
      ``normalized_mutual_info_score``:

      .. math:: NMI = \frac{2\, I(A;B)}{H(A) + H(B)}, \quad
         I(A;B) = \sum_{ij} \frac{n_{ij}}{n} \ln \frac{n\, n_{ij}}{a_i b_j}, \quad
         H(A) = -\sum_i \frac{a_i}{n} \ln \frac{a_i}{n};

    * adjusted Rand index (Hubert & Arabie 1985):

      .. math:: ARI = \frac{\sum_{ij} \binom{n_{ij}}{2} - S_a S_b / \binom{n}{2}}
         {\tfrac12 (S_a + S_b) - S_a S_b / \binom{n}{2}}, \quad
         S_a = \sum_i \binom{a_i}{2}, \; S_b = \sum_j \binom{b_j}{2}.

    Parameters
    ----------
    a, b
        ``{actor id: cluster label}`` over the same actors; labels are any hashable values and
        only their equality matters.

    Returns
    -------
    dict
        ``nmi`` (float in [0, 1]; 1 = identical partitions up to renaming) and ``ari`` (float,
        at most 1, 0 = agreement expected by chance, may be negative).

    Raises
    ------
    GraphError
        If `a` and `b` do not cover the same actors.

    Notes
    -----
    Edge cases: when both partitions are trivial (:math:`H(A) = H(B) = 0`, e.g. everyone in one
    cluster, or a single actor) ``nmi`` is 1.0, as in igraph and scikit-learn; if only one is
    trivial it is 0.0. ``ari`` is 1.0 when its denominator is zero, which happens exactly when
    both partitions put everyone in one cluster or both put everyone in a cluster of their own
    (so they are identical), and for a single actor (scikit-learn's convention; igraph returns
    NaN or an error there). Both are NaN for empty partitions. ARI is computed in exact integer
    arithmetic before the final division; identical partitions (up to renaming the clusters) get
    exactly 1.0 for both.

    References
    ----------
    .. [1] Danon, L., Díaz-Guilera, A., Duch, J., & Arenas, A. (2005). Comparing community
       structure identification. *Journal of Statistical Mechanics*, P09008.
       https://doi.org/10.1088/1742-5468/2005/09/P09008
    .. [2] Hubert, L., & Arabie, P. (1985). Comparing partitions. *Journal of Classification*, 2,
       193-218. https://doi.org/10.1007/BF01908075
    .. [3] Vinh, N. X., Epps, J., & Bailey, J. (2010). Information theoretic measures for
       clusterings comparison. *JMLR*, 11, 2837-2854.

    Examples
    --------
    >>> partition_agreement({"a": 1, "b": 1, "c": 2}, {"a": "x", "b": "x", "c": "y"})
    {'nmi': 1.0, 'ari': 1.0}
    """
    if set(a) != set(b):
        only_a = sorted(map(str, set(a) - set(b)))[:5]
        only_b = sorted(map(str, set(b) - set(a)))[:5]
        raise GraphError(
            "the two partitions must cover the same actors; "
            f"only in the first: {only_a}, only in the second: {only_b}"
        )
    keys = list(a)
    n = len(keys)
    if n == 0:
        return {"nmi": math.nan, "ari": math.nan}
    ca = _codes([a[key] for key in keys])
    cb = _codes([b[key] for key in keys])
    ka, kb = int(ca.max()) + 1, int(cb.max()) + 1
    table = np.bincount(ca * kb + cb, minlength=ka * kb).reshape(ka, kb)
    rows, cols = table.sum(axis=1), table.sum(axis=0)

    h_a, h_b = _entropy(rows, n), _entropy(cols, n)
    if h_a + h_b == 0 or np.count_nonzero(table) == ka == kb:
        nmi = 1.0  # both trivial, or identical up to renaming (exact, free of rounding)
    else:
        nz = table > 0
        joint = table[nz] / n
        expected = np.outer(rows, cols)[nz] / (n * n)
        mutual = float((joint * np.log(joint / expected)).sum())
        nmi = min(max(2.0 * mutual / (h_a + h_b), 0.0), 1.0)

    def pairs(x: np.ndarray) -> int:
        return sum(int(c) * (int(c) - 1) // 2 for c in x.ravel() if c > 1)

    s_ij, s_a, s_b, total = pairs(table), pairs(rows), pairs(cols), n * (n - 1) // 2
    # ARI multiplied through by 2 * C(n, 2): exact integers
    numerator = 2 * total * s_ij - 2 * s_a * s_b
    denominator = total * (s_a + s_b) - 2 * s_a * s_b
    ari = 1.0 if denominator == 0 else numerator / denominator
    return {"nmi": nmi, "ari": float(ari)}


@dataclass(frozen=True, eq=False)
class CommunityMatch:
    """Result of :func:`community_match`.

    Attributes
    ----------
    communities
        The Louvain communities (:func:`detect_communities`), Series ``community`` by actor id.
    n_communities
        Number of communities (isolates count as one each).
    nmi, ari
        Agreement between communities and formal groups (:func:`partition_agreement`).
    modularity
        Modularity of the detected communities on the symmetrised graph (NaN without ties);
        compare it with :func:`coopnet.metrics.groups.group_modularity` of the formal groups.
    """

    communities: pd.Series
    n_communities: int
    nmi: float
    ari: float
    modularity: float


def community_match(
    graph: nx.Graph,
    *,
    group: str,
    weight: str | None = None,
    seed: int = 0,
    resolution: float = 1.0,
) -> CommunityMatch:
    r"""Check whether the informal communities mirror the formal groups.

    Detects Louvain communities (:func:`detect_communities`) and compares them with the formal
    grouping by NMI and ARI (:func:`partition_agreement`). NMI or ARI near 1: cooperation
    clusters along formal lines (possible silos); near 0: informal communities cut across them.

    Parameters
    ----------
    graph
        Tie network following the graph contract (``nx.Graph`` or ``nx.DiGraph``).
    group
        Node attribute holding the formal grouping (a non-empty string for every actor).
    weight
        ``None`` (default) or an edge attribute name for weighted community detection and
        modularity.
    seed
        Seed of Louvain; the same seed gives the same result.
    resolution
        Louvain resolution :math:`\gamma` (also used for the reported modularity).

    Returns
    -------
    CommunityMatch
        ``communities``, ``n_communities``, ``nmi``, ``ari`` and ``modularity`` (of the detected
        communities, Newman 2006, networkx ``community.modularity``; NaN without ties).

    Raises
    ------
    GraphError
        If the graph is a multigraph, has self-ties, an actor lacks the group, or a weight is not
        a finite number > 0.

    Notes
    -----
    Isolates form communities of their own, so in a graph with many isolates the agreement with
    the formal groups is low by construction; the graph is symmetrised first.

    References
    ----------
    .. [1] Newman, M. E. J. (2006). Modularity and community structure in networks. *PNAS*,
       103(23), 8577-8582. https://doi.org/10.1073/pnas.0601602103

    Examples
    --------
    >>> g = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("d", "e"), ("e", "f"), ("d", "f")])
    >>> nx.set_node_attributes(g, {x: ("x" if x < "d" else "y") for x in g}, "dept")
    >>> match = community_match(g, group="dept")
    >>> match.n_communities, match.nmi, match.ari
    (2, 1.0, 1.0)
    """
    require_simple(graph)
    labels = node_groups(graph, group)
    ordered = _ordered_graph(graph, weight)
    found = _louvain(ordered, seed=seed, resolution=resolution)
    communities = _as_series(found)
    agreement = partition_agreement(labels, _number(found))
    modularity = math.nan
    if ordered.number_of_edges() > 0:
        modularity = float(
            nx.community.modularity(ordered, found, weight=_WEIGHT, resolution=resolution)
        )
    return CommunityMatch(
        communities=communities,
        n_communities=len(found),
        nmi=agreement["nmi"],
        ari=agreement["ari"],
        modularity=modularity,
    )
