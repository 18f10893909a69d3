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
import random
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any, Final

import networkx as nx
import numpy as np
import numpy.typing as npt
import pandas as pd

from coopnet.errors import GraphError
from coopnet.messages import tr
from coopnet.metrics._util import node_groups
from coopnet.metrics.arrays import GraphArrays, graph_arrays
from coopnet.schema import ID

__all__ = [
    "COMMUNITY",
    "CommunityMatch",
    "community_match",
    "detect_communities",
    "louvain",
    "partition_agreement",
    "partition_modularity",
]

logger = logging.getLogger(__name__)

COMMUNITY = "community"
"""Name of the Series returned by :func:`detect_communities`."""

THRESHOLD: Final = 1e-7
"""Louvain stops when a level raises modularity by no more than this (networkx's default)."""

_MAX_PASSES: Final = 1000
"""Safety bound on the local-moving passes of one level (each move raises modularity)."""

IntArray = npt.NDArray[np.int64]


# ----------------------------------------------------------------------------------------------
# Louvain on the array form
# ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Level:
    """One level of the Louvain hierarchy: a weighted graph whose nodes are communities below."""

    indptr: list[int]
    indices: list[int]
    weights: list[float]
    loops: list[float]  # weight of the self-tie (ties inside the community below)

    @property
    def n(self) -> int:
        return len(self.loops)

    def strengths(self) -> list[float]:
        ptr, w = self.indptr, self.weights
        return [sum(w[ptr[i] : ptr[i + 1]]) + 2.0 * self.loops[i] for i in range(self.n)]


def _one_level(
    level: _Level, m: float, resolution: float, rng: random.Random
) -> tuple[list[int], bool]:
    r"""Louvain's local moving: move nodes to the neighbouring community that raises :math:`Q`.

    Nodes are visited in a random order drawn from `rng` (only ``rng.random()``, whose sequence
    Python guarantees across versions). Moving node :math:`u` (strength :math:`k_u`) into
    community :math:`c` changes :math:`2m \cdot Q` by :math:`2 w_{u,c} - \gamma k_u \Sigma_c / m`
    up to terms that do not depend on :math:`c` (:math:`w_{u,c}` the tie weight from :math:`u` to
    :math:`c`, :math:`\Sigma_c` the strength of :math:`c` without :math:`u`); :math:`u` moves to
    the best community if that is strictly better than staying, ties go to the smallest
    community number. Repeated until a pass moves nobody. Returns the community of every node
    and whether any node moved.
    """
    n = level.n
    strength = level.strengths()
    keys = [rng.random() for _ in range(n)]
    order = sorted(range(n), key=keys.__getitem__)
    community = list(range(n))
    total = strength[:]
    ptr, idx, wts = level.indptr, level.indices, level.weights
    moved = False
    for _ in range(_MAX_PASSES):
        moves = 0
        for u in order:
            own = community[u]
            ku = strength[u]
            links: dict[int, float] = {}
            for k in range(ptr[u], ptr[u + 1]):
                c = community[idx[k]]
                links[c] = links.get(c, 0.0) + wts[k]
            total[own] -= ku
            scale = resolution * ku / m
            best = own
            best_score = 2.0 * links.get(own, 0.0) - scale * total[own]
            for c, weight in links.items():
                score = 2.0 * weight - scale * total[c]
                if score > best_score or (score == best_score and c < best and best != own):
                    best, best_score = c, score
            total[best] += ku
            if best != own:
                community[u] = best
                moves += 1
        if moves == 0:
            break
        moved = True
    return community, moved


def _renumber(community: list[int]) -> tuple[list[int], int]:
    """Number the communities 0.. in order of their smallest node."""
    new: dict[int, int] = {}
    return [new.setdefault(c, len(new)) for c in community], len(new)


def _aggregate(level: _Level, community: list[int], count: int) -> _Level:
    """The graph of the communities: tie weights summed, ties inside a community as self-ties."""
    loops = [0.0] * count
    between: list[dict[int, float]] = [{} for _ in range(count)]
    for u in range(level.n):
        cu = community[u]
        loops[cu] += level.loops[u]
        row = between[cu]
        for k in range(level.indptr[u], level.indptr[u + 1]):
            cv = community[level.indices[k]]
            if cv == cu:
                loops[cu] += level.weights[k] / 2.0  # each inner tie is seen from both ends
            else:
                row[cv] = row.get(cv, 0.0) + level.weights[k]
    indptr = [0]
    indices: list[int] = []
    weights: list[float] = []
    for row in between:
        for c in sorted(row):
            indices.append(c)
            weights.append(row[c])
        indptr.append(len(indices))
    return _Level(indptr, indices, weights, loops)


def _level_modularity(level: _Level, community: list[int], m: float, resolution: float) -> float:
    count = max(community, default=-1) + 1
    inside = [0.0] * count
    degree = [0.0] * count
    strength = level.strengths()
    for u in range(level.n):
        cu = community[u]
        inside[cu] += level.loops[u]
        degree[cu] += strength[u]
        for k in range(level.indptr[u], level.indptr[u + 1]):
            if community[level.indices[k]] == cu:
                inside[cu] += level.weights[k] / 2.0
    return sum(inside) / m - resolution * sum((d / (2.0 * m)) ** 2 for d in degree)


def louvain(arrays: GraphArrays, *, seed: int = 0, resolution: float = 1.0) -> IntArray:
    r"""Louvain communities of the symmetrised array form: a community number per actor.

    coopnet's own implementation of Blondel et al. (2008), following networkx's
    ``louvain_communities`` step by step (local moving in a random order, then aggregation,
    until a level raises modularity by at most :data:`THRESHOLD`), but with its own random order
    (Python's ``random.Random(seed).random()``, stable across versions) and a fixed tie rule, so
    the communities depend only on the ties, `seed` and `resolution` -- not on the networkx,
    numpy or Python version. Isolates stay communities of their own. Numbers are arbitrary
    here; :func:`detect_communities` numbers communities by size.
    """
    sym = arrays.undirected
    n = sym.n
    labels = np.arange(n, dtype=np.int64)
    m = float(sym.weights.sum()) / 2.0
    if n == 0 or m == 0:
        return labels
    level = _Level(sym.indptr.tolist(), sym.indices.tolist(), sym.weights.tolist(), [0.0] * n)
    rng = random.Random(seed)
    before = _level_modularity(level, list(range(n)), m, resolution)
    while True:
        community, moved = _one_level(level, m, resolution, rng)
        if not moved:
            break
        community, count = _renumber(community)
        after = _level_modularity(level, community, m, resolution)
        labels = np.asarray(community, dtype=np.int64)[labels]
        if after - before <= THRESHOLD:
            break
        before = after
        level = _aggregate(level, community, count)
    return labels


def partition_modularity(
    arrays: GraphArrays, labels: npt.NDArray[Any], *, resolution: float = 1.0
) -> float:
    r"""Newman's modularity :math:`Q_\gamma` of a partition of the symmetrised array form.

    :math:`\sum_c [L_c / m - \gamma (d_c / 2m)^2]` with tie values as weights; NaN without
    ties. Equal to networkx ``community.modularity`` and igraph ``Graph.modularity`` (tested).
    """
    sym = arrays.undirected
    u, v, w = sym.ties()
    total = float(w.sum())
    if total == 0:
        return math.nan
    codes = pd.factorize(np.asarray(labels))[0]
    k = int(codes.max()) + 1
    cu, cv = codes[u], codes[v]
    same = cu == cv
    internal = float(np.bincount(cu[same], weights=w[same], minlength=k).sum())
    degree = np.bincount(cu, weights=w, minlength=k) + np.bincount(cv, weights=w, minlength=k)
    share = degree / (2.0 * total)
    return internal / total - resolution * float((share * share).sum())


def _number(nodes: tuple[str, ...], labels: IntArray) -> dict[str, int]:
    """Number communities 0.. by size (descending), then smallest member id."""
    groups: dict[int, list[str]] = {}
    for actor, label in zip(nodes, labels.tolist(), strict=True):
        groups.setdefault(label, []).append(actor)
    ranked = sorted(groups.values(), key=lambda members: (-len(members), min(members)))
    return {actor: number for number, members in enumerate(ranked) for actor in members}


def _as_series(number: Mapping[str, int]) -> pd.Series:
    """The community number of every actor as the Series :func:`detect_communities` returns."""
    actors = sorted(number)
    return pd.Series(
        [number[a] for a in actors],
        index=pd.Index(actors, name=ID, dtype="str"),
        name=COMMUNITY,
        dtype="int64",
    )


def detect_communities(
    graph: nx.Graph[Any], *, weight: str | None = None, seed: int = 0, resolution: float = 1.0
) -> pd.Series:
    r"""Detect informal communities with the Louvain method.

    Louvain (Blondel et al. 2008) greedily maximises the modularity

    .. math:: Q_\gamma = \sum_c \left[ \frac{L_c}{m} - \gamma \left(\frac{d_c}{2m}\right)^2 \right]

    (:math:`L_c` ties within community :math:`c`, :math:`d_c` the sum of its members' degrees,
    :math:`m` the number of ties, :math:`\gamma` the resolution) with coopnet's own
    implementation (:func:`louvain`), which follows networkx's ``louvain_communities``.

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
    are communities of their own. The result depends only on the ties, the seed and the
    resolution: not on the order in which the graph was built, Python's hash seed, or the
    versions of networkx, numpy or Python (the random order comes from
    ``random.Random(seed).random()``, whose sequence Python keeps stable). Louvain is a
    heuristic: other seeds may give (usually slightly) different partitions; the modularity
    reached is tested against networkx's and igraph's Louvain.

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
    arrays = graph_arrays(graph, weight=weight)
    labels = louvain(arrays, seed=seed, resolution=resolution)
    return _as_series(_number(arrays.nodes, labels))


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
            tr("errors.metrics.partitions_differ", only_a=repr(only_a), only_b=repr(only_b))
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
        Number of communities (isolates count as one each, so a network without ties has one
        per actor).
    nmi, ari
        Agreement between communities and formal groups (:func:`partition_agreement`); NaN
        when the network has no ties (there are no communities to compare, only isolates) or
        no grouping was given.
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
    graph: nx.Graph[Any],
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
        communities, Newman 2006, :func:`partition_modularity`; NaN without ties).

    Raises
    ------
    GraphError
        If the graph is a multigraph, has self-ties, an actor lacks the group, or a weight is not
        a finite number > 0.

    Notes
    -----
    Isolates form communities of their own, so in a graph with many isolates the agreement with
    the formal groups is low by construction; the graph is symmetrised first. Without any tie
    NMI and ARI are NaN (undefined), not the agreement of the isolates with the groups.

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
    arrays = graph_arrays(graph, weight=weight)
    return community_match_of(arrays, node_groups(graph, group), seed=seed, resolution=resolution)


def community_match_of(
    arrays: GraphArrays,
    groups: Mapping[str, Hashable] | None,
    *,
    seed: int = 0,
    resolution: float = 1.0,
) -> CommunityMatch:
    """:func:`community_match` of an array form; ``groups=None`` leaves NMI and ARI NaN."""
    labels = louvain(arrays, seed=seed, resolution=resolution)
    number = _number(arrays.nodes, labels)
    has_ties = arrays.n_ties > 0
    nmi = ari = math.nan
    if groups is not None and has_ties:
        agreement = partition_agreement(groups, number)
        nmi, ari = agreement["nmi"], agreement["ari"]
    return CommunityMatch(
        communities=_as_series(number),
        n_communities=len(set(number.values())),
        nmi=nmi,
        ari=ari,
        modularity=partition_modularity(arrays, labels, resolution=resolution),
    )
