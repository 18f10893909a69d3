r"""Group-level measures: are the departments / sectors integrated or silos?

Given a grouping attribute of the actors (``group="department"``, ``group="sector"``), these
functions describe how ties are distributed within and between the groups:

* :func:`ei_index` and :func:`group_table` -- Krackhardt & Stern's (1988) E-I index overall and per
  group, with tie counts and within-group density;
* :func:`coopnet.metrics.ei_test.ei_permutation_test` -- is the observed E-I more internal (or
  external) than a random assignment of the same group sizes would give? (its own module)
* :func:`mixing_matrix` -- block densities between every pair of groups;
* :func:`missing_group_pairs` -- pairs of groups without a single tie;
* :func:`group_modularity` and :func:`group_assortativity` -- Newman's modularity of the formal
  grouping and attribute assortativity coefficient.

Conventions (they decide whether results match UCINET / statnet): all measures except
:func:`mixing_matrix` are computed on the *symmetrised* tie set (a tie between two actors if at
least one arc exists, carrying the larger weight; :func:`coopnet.metrics._util.symmetrise`). They
count ties (unweighted) unless `weight` names an edge attribute, in which case they sum tie weights.
:func:`mixing_matrix` follows the direction of the graph it is given.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from coopnet.errors import GraphError
from coopnet.messages import tr
from coopnet.metrics._util import node_groups
from coopnet.metrics.arrays import GraphArrays, graph_arrays
from coopnet.schema import GROUP

__all__ = [
    "GROUP_TABLE_COLUMNS",
    "MISSING_PAIR_COLUMNS",
    "ei_index",
    "group_assortativity",
    "group_modularity",
    "group_table",
    "missing_group_pairs",
    "mixing_matrix",
]

GROUP_TABLE_COLUMNS: tuple[str, ...] = (
    "n_actors",
    "internal_ties",
    "external_ties",
    "ei_index",
    "density",
)
"""Columns of :func:`group_table`, in order."""

MISSING_PAIR_COLUMNS: tuple[str, ...] = ("group_a", "group_b", "n_actors_a", "n_actors_b")
"""Columns of :func:`missing_group_pairs`, in order."""

_LABEL = np.int32
"""Integer type of group codes (halves memory traffic in the permutation test; batches keep
``batch * n_groups`` far below 2**31)."""


# --------------------------------------------------------------------------------------------
# internal data: actors, group codes and the symmetrised tie list as numpy arrays
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class _GroupTies:
    """Actors (sorted), their group codes, and the symmetrised ties as endpoint index arrays."""

    actors: list[str]
    groups: list[str]
    codes: np.ndarray  # group code of every actor, int32
    sizes: np.ndarray  # number of actors per group, int64
    u: np.ndarray  # tie endpoint (actor index), int
    v: np.ndarray
    w: np.ndarray  # tie value (1.0 or weight), float64
    weighted: bool


def _group_ties(
    graph: nx.Graph[Any],
    group: str,
    weight: str | None,
    *,
    symmetrised: bool = True,
    arrays: GraphArrays | None = None,
) -> _GroupTies:
    """Validate `graph` and return its actors, group codes and (symmetrised) ties as arrays.

    `arrays` (the array form of `graph` for `weight`) is built here unless given.
    """
    if arrays is None:
        arrays = graph_arrays(graph, weight=weight)
    elif arrays.weight != weight:
        raise GraphError(
            tr("errors.metrics.arrays_weight", found=repr(arrays.weight), weight=repr(weight))
        )
    labels = node_groups(graph, group)
    actors = list(arrays.nodes)
    groups = sorted(set(labels.values()))
    code_of = {g: i for i, g in enumerate(groups)}
    codes = np.fromiter((code_of[labels[a]] for a in actors), dtype=_LABEL, count=len(actors))
    sizes = np.bincount(codes, minlength=len(groups)).astype(np.int64)
    source = arrays.undirected if symmetrised else arrays
    u, v, w = source.ties()
    return _GroupTies(actors, groups, codes, sizes, u, v, w, weight is not None)


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """Elementwise ``num / den`` with NaN where ``den == 0`` (no warning)."""
    num = np.asarray(num, dtype=np.float64)
    den = np.asarray(den, dtype=np.float64)
    out = np.full(np.broadcast_shapes(num.shape, den.shape), np.nan)
    np.divide(num, den, out=out, where=den != 0)
    return out


def _within_between(
    labels: np.ndarray, t: _GroupTies, strength: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Internal and external tie values per group for each row of a label matrix.

    Parameters
    ----------
    labels
        ``(b, n)`` matrix: row ``r`` gives the group code of every actor in labelling ``r``.
    t
        The tie arrays.
    strength
        Tie value sum of every actor, :math:`s_i = \\sum_j w_{ij}` on the symmetrised graph.

    Returns
    -------
    internal, external
        ``(b, k)`` matrices: :math:`I_g` (ties with both ends in :math:`g`) and :math:`E_g` (ties
        with exactly one end in :math:`g`), using :math:`E_g = \\sum_{i \\in g} s_i - 2 I_g`.
    """
    b, n = labels.shape
    k = len(t.groups)
    offset = (np.arange(b, dtype=_LABEL) * k)[:, None]
    lu = labels[:, t.u]
    same = lu == labels[:, t.v]
    flat = (lu + offset)[same]
    if t.weighted:
        values = np.broadcast_to(t.w, same.shape)[same]
        internal = np.bincount(flat, weights=values, minlength=b * k)
    else:
        internal = np.bincount(flat, minlength=b * k).astype(np.float64)
    total = np.bincount(
        (labels + offset).ravel(),
        weights=np.broadcast_to(strength, (b, n)).ravel(),
        minlength=b * k,
    )
    internal = internal.reshape(b, k)
    external = np.maximum(total.reshape(b, k) - 2.0 * internal, 0.0)
    return internal, external


def _strength(t: _GroupTies) -> np.ndarray:
    """Tie value sum of every actor on the symmetrised graph."""
    n = len(t.actors)
    return np.bincount(t.u, weights=t.w, minlength=n) + np.bincount(t.v, weights=t.w, minlength=n)


def _observed(t: _GroupTies) -> tuple[np.ndarray, np.ndarray]:
    """Internal and external tie values per group for the observed labelling (1-d arrays)."""
    internal, external = _within_between(t.codes[None, :], t, _strength(t))
    return internal[0], external[0]


# --------------------------------------------------------------------------------------------
# E-I index
# --------------------------------------------------------------------------------------------


def ei_index(graph: nx.Graph[Any], *, group: str, weight: str | None = None) -> float:
    r"""Compute the overall E-I index of a grouping (Krackhardt & Stern 1988).

    .. math:: EI = \frac{E - I}{E + I}

    where :math:`E` is the number of ties between actors of *different* groups (external) and
    :math:`I` the number of ties between actors of the *same* group (internal). :math:`EI = -1`:
    all ties are internal (perfect silos); :math:`EI = +1`: all ties cross group boundaries.

    Parameters
    ----------
    graph
        Tie network following the graph contract (``nx.Graph`` or ``nx.DiGraph``).
    group
        Node attribute holding the grouping (a non-empty string for every actor).
    weight
        ``None`` (default): count ties. An edge attribute name: sum tie weights instead
        (:math:`E` and :math:`I` are the weight sums of external and internal ties).

    Returns
    -------
    float
        The E-I index in :math:`[-1, 1]`; NaN when the graph has no ties.

    Raises
    ------
    GraphError
        If the graph is a multigraph, has self-ties, an actor lacks the group, or a weight is not a
        finite number > 0.

    Notes
    -----
    Directed input is symmetrised first (a tie if either arc exists, the larger weight), as
    UCINET's E-I index and the coopnet convention for E-I prescribe, so a reciprocated nomination
    counts once. Isolates do not contribute. This is the unrescaled index; it is not adjusted for
    group sizes (see :func:`ei_permutation_test` for the expectation under random labelling).

    References
    ----------
    .. [1] Krackhardt, D., & Stern, R. N. (1988). Informal networks and organizational crises: an
       experimental simulation. *Social Psychology Quarterly*, 51(2), 123-140.
       https://doi.org/10.2307/2786835
    .. [2] Borgatti, S. P., Everett, M. G., & Freeman, L. C. (2002). *UCINET for Windows: Software
       for social network analysis* (Network > Cohesion > E-I Index). Analytic Technologies.

    Examples
    --------
    >>> g = nx.Graph([("a", "b"), ("b", "c")])
    >>> nx.set_node_attributes(g, {"a": "x", "b": "x", "c": "y"}, "dept")
    >>> ei_index(g, group="dept")  # one external, one internal tie
    0.0
    """
    t = _group_ties(graph, group, weight)
    internal, _ = _observed(t)
    total = float(t.w.sum())  # E + I
    if total == 0:
        return math.nan
    return (total - 2.0 * float(internal.sum())) / total


def group_table(graph: nx.Graph[Any], *, group: str, weight: str | None = None) -> pd.DataFrame:
    r"""Describe every group: size, internal and external ties, group E-I index and density.

    Parameters
    ----------
    graph
        Tie network following the graph contract (``nx.Graph`` or ``nx.DiGraph``).
    group
        Node attribute holding the grouping (a non-empty string for every actor).
    weight
        ``None`` (default): count ties. An edge attribute name: sum tie weights.

    Returns
    -------
    pandas.DataFrame
        One row per group value (index name ``group``, sorted), with the columns

        ``n_actors`` (int)
            :math:`n_g`, number of actors in the group (isolates included).
        ``internal_ties`` (float)
            :math:`I_g`, ties with both ends in :math:`g` (weight sum if `weight` is given).
        ``external_ties`` (float)
            :math:`E_g`, ties with exactly one end in :math:`g` (weight sum if weighted).
        ``ei_index`` (float, [-1, 1])
            Group E-I index :math:`(E_g - I_g) / (E_g + I_g)` (Krackhardt & Stern 1988); NaN when
            the group has no ties.
        ``density`` (float)
            Within-group density :math:`I_g / \binom{n_g}{2}`, in [0, 1] when unweighted; with
            `weight`, the mean tie value per pair of group members (UCINET's valued density).
            NaN for a group of one actor.

        The tie columns are float whether or not `weight` is given, so the dtype never depends on
        an argument. :math:`\sum_g I_g + \tfrac12 \sum_g E_g` is the number of ties.

    Raises
    ------
    GraphError
        As :func:`ei_index`.

    Notes
    -----
    Computed on the symmetrised tie set (see :func:`ei_index`), so the density of a directed
    network is that of its union-symmetrised version (UCINET E-I convention). For densities that
    follow the direction of ties use :func:`mixing_matrix`.

    References
    ----------
    .. [1] Krackhardt, D., & Stern, R. N. (1988). Informal networks and organizational crises: an
       experimental simulation. *Social Psychology Quarterly*, 51(2), 123-140.
       https://doi.org/10.2307/2786835

    Examples
    --------
    >>> g = nx.Graph([("a", "b"), ("b", "c")])
    >>> nx.set_node_attributes(g, {"a": "x", "b": "x", "c": "y"}, "dept")
    >>> group_table(g, group="dept")[["internal_ties", "external_ties", "ei_index"]]
    ... # doctest: +NORMALIZE_WHITESPACE
           internal_ties  external_ties  ei_index
    group
    x                1.0            1.0       0.0
    y                0.0            1.0       1.0
    """
    return table_of(_group_ties(graph, group, weight))


def table_of(t: _GroupTies) -> pd.DataFrame:
    """:func:`group_table` of symmetrised group tie arrays."""
    internal, external = _observed(t)
    pairs = t.sizes * (t.sizes - 1) / 2.0
    table = pd.DataFrame(
        {
            "n_actors": t.sizes.astype(np.int64),
            "internal_ties": internal,
            "external_ties": external,
            "ei_index": _ratio(external - internal, external + internal),
            "density": _ratio(internal, pairs),
        },
        index=pd.Index(t.groups, name=GROUP, dtype="str"),
        columns=list(GROUP_TABLE_COLUMNS),
    )
    return table


def mixing_matrix(graph: nx.Graph[Any], *, group: str, weight: str | None = None) -> pd.DataFrame:
    r"""Compute the block density between every pair of groups (group × group matrix).

    With :math:`n_g` actors in group :math:`g` and :math:`T_{gh}` the number of ties (or the sum
    of tie weights when `weight` is given) between groups :math:`g` and :math:`h`:

    * undirected graph: :math:`d_{gh} = T_{gh} / (n_g n_h)` for :math:`g \ne h` and
      :math:`d_{gg} = T_{gg} / \binom{n_g}{2}`; the matrix is symmetric;
    * directed graph: :math:`T_{gh}` counts arcs *from* :math:`g` *to* :math:`h`,
      :math:`d_{gh} = T_{gh} / (n_g n_h)` and :math:`d_{gg} = T_{gg} / (n_g (n_g - 1))`.

    This is the density table of a blockmodel with the groups as blocks (UCINET's density by
    groups; ``sna::blockmodel`` in statnet).

    Parameters
    ----------
    graph
        Tie network following the graph contract (``nx.Graph`` or ``nx.DiGraph``).
    group
        Node attribute holding the grouping.
    weight
        ``None`` (default): count ties; an edge attribute name: sum tie weights.

    Returns
    -------
    pandas.DataFrame
        Square, rows and columns the sorted group values (both named ``group``); for a directed
        graph rows are the senders and columns the receivers. Entries are in [0, 1] when
        unweighted (mean tie value per pair when weighted). The diagonal is NaN for a group of
        one actor.

    Raises
    ------
    GraphError
        As :func:`ei_index`.

    Notes
    -----
    Unlike the other measures of this module, the mixing matrix **follows the direction of the
    graph it is given**: a ``DiGraph`` is not symmetrised (pass
    :func:`~coopnet.metrics._util.symmetrise` of it for the undirected version). Isolates count
    in :math:`n_g` (they lower densities).

    References
    ----------
    .. [1] Wasserman, S., & Faust, K. (1994). *Social Network Analysis: Methods and Applications*,
       ch. 10 (blockmodels, density tables). Cambridge University Press.
       https://doi.org/10.1017/CBO9780511815478

    Examples
    --------
    >>> g = nx.Graph([("a", "b"), ("b", "c")])
    >>> nx.set_node_attributes(g, {"a": "x", "b": "x", "c": "y"}, "dept")
    >>> mixing_matrix(g, group="dept")  # doctest: +NORMALIZE_WHITESPACE
    group    x    y
    group
    x      1.0  0.5
    y      0.5  NaN
    """
    return mixing_of(_group_ties(graph, group, weight, symmetrised=False), graph.is_directed())


def mixing_of(t: _GroupTies, directed: bool) -> pd.DataFrame:
    """:func:`mixing_matrix` of (not symmetrised) group tie arrays."""
    k = len(t.groups)
    cu, cv = t.codes[t.u], t.codes[t.v]
    counts = np.bincount(cu * k + cv, weights=t.w, minlength=k * k).reshape(k, k)
    sizes = t.sizes.astype(np.float64)
    pairs = np.outer(sizes, sizes)
    if directed:
        np.fill_diagonal(pairs, sizes * (sizes - 1))
    else:
        counts = counts + counts.T - np.diag(np.diag(counts))
        np.fill_diagonal(pairs, sizes * (sizes - 1) / 2.0)
    index = pd.Index(t.groups, name=GROUP, dtype="str")
    return pd.DataFrame(_ratio(counts, pairs), index=index, columns=index.copy())


def missing_group_pairs(graph: nx.Graph[Any], *, group: str) -> pd.DataFrame:
    """List the pairs of distinct groups without a single tie between them.

    Parameters
    ----------
    graph
        Tie network following the graph contract (``nx.Graph`` or ``nx.DiGraph``; symmetrised, so
        one arc in either direction connects the two groups).
    group
        Node attribute holding the grouping.

    Returns
    -------
    pandas.DataFrame
        One row per unordered pair (``group_a < group_b``), sorted by ``group_a`` then
        ``group_b``, with a default integer index and the columns ``group_a``, ``group_b``
        (str) and ``n_actors_a``, ``n_actors_b`` (int, group sizes). Empty (with these columns)
        when every pair of groups is connected or there are fewer than two groups.

    Raises
    ------
    GraphError
        As :func:`ei_index`.

    Notes
    -----
    The pairs are the zero off-diagonal cells of the symmetrised :func:`mixing_matrix`; with
    :math:`k` groups there are :math:`k(k-1)/2` candidate pairs.

    Examples
    --------
    >>> g = nx.Graph([("a", "b")])
    >>> g.add_node("c")
    >>> nx.set_node_attributes(g, {"a": "x", "b": "y", "c": "z"}, "dept")
    >>> missing_group_pairs(g, group="dept")
      group_a group_b  n_actors_a  n_actors_b
    0       x       z           1           1
    1       y       z           1           1
    """
    return missing_of(_group_ties(graph, group, None))


def missing_of(t: _GroupTies) -> pd.DataFrame:
    """:func:`missing_group_pairs` of symmetrised group tie arrays (weights play no role)."""
    k = len(t.groups)
    cu, cv = t.codes[t.u], t.codes[t.v]
    linked = np.zeros((k, k), dtype=bool)
    linked[cu, cv] = True
    linked |= linked.T
    a, b = np.nonzero(np.triu(~linked, 1))  # row-major: sorted by group_a, then group_b
    names = np.array(t.groups, dtype=object)
    columns = (names[a], names[b], t.sizes[a], t.sizes[b])
    table = pd.DataFrame(dict(zip(MISSING_PAIR_COLUMNS, columns, strict=True)))
    return table.astype(
        {"group_a": "str", "group_b": "str", "n_actors_a": "int64", "n_actors_b": "int64"}
    )


# --------------------------------------------------------------------------------------------
# modularity and assortativity of the formal grouping
# --------------------------------------------------------------------------------------------


def group_modularity(graph: nx.Graph[Any], *, group: str, weight: str | None = None) -> float:
    r"""Compute Newman's modularity of the formal grouping.

    .. math:: Q = \sum_g \left[ \frac{L_g}{m} - \left( \frac{d_g}{2m} \right)^2 \right]

    with :math:`m` the number of ties (sum of weights), :math:`L_g` the ties within group
    :math:`g` and :math:`d_g` the sum of the degrees (strengths) of its members (Newman 2006;
    networkx ``community.modularity`` with resolution 1, equal to igraph ``Graph.modularity``).
    :math:`Q > 0`: more ties within groups than in a random graph with the same degrees.

    Parameters
    ----------
    graph
        Tie network following the graph contract (``nx.Graph`` or ``nx.DiGraph``).
    group
        Node attribute holding the grouping.
    weight
        ``None`` (default): every tie counts 1; an edge attribute name: weighted modularity.

    Returns
    -------
    float
        :math:`Q` in :math:`[-1/2, 1)`; NaN when the graph has no ties.

    Raises
    ------
    GraphError
        As :func:`ei_index`.

    Notes
    -----
    Computed on the symmetrised graph (a tie if either arc exists, the larger weight); isolates
    contribute nothing.

    References
    ----------
    .. [1] Newman, M. E. J. (2006). Modularity and community structure in networks. *PNAS*,
       103(23), 8577-8582. https://doi.org/10.1073/pnas.0601602103

    Examples
    --------
    >>> g = nx.Graph([("a", "b"), ("c", "d")])
    >>> nx.set_node_attributes(g, {"a": "x", "b": "x", "c": "y", "d": "y"}, "dept")
    >>> group_modularity(g, group="dept")
    0.5
    """
    return modularity_of(_group_ties(graph, group, weight))


def modularity_of(t: _GroupTies, *, resolution: float = 1.0) -> float:
    r"""Modularity :math:`Q_\gamma` of the partition `t.codes` of the symmetrised ties `t`.

    :math:`\sum_g [L_g / m - \gamma (d_g / 2m)^2]`, NaN without ties; equal to networkx
    ``community.modularity`` (tested).
    """
    total = float(t.w.sum())
    if t.u.size == 0 or total == 0:
        return math.nan
    k = len(t.sizes)
    cu, cv = t.codes[t.u], t.codes[t.v]
    same = cu == cv
    internal = np.bincount(cu[same], weights=t.w[same], minlength=k)
    degree = np.bincount(cu, weights=t.w, minlength=k) + np.bincount(cv, weights=t.w, minlength=k)
    share = degree / (2.0 * total)
    return float(internal.sum() / total - resolution * float((share * share).sum()))


def group_assortativity(graph: nx.Graph[Any], *, group: str) -> float:
    r"""Compute Newman's attribute assortativity coefficient of the grouping.

    .. math:: r = \frac{\sum_g e_{gg} - \sum_g a_g^2}{1 - \sum_g a_g^2}

    where :math:`e_{gh}` is the fraction of tie ends joining group :math:`g` to group :math:`h`
    (each undirected tie counted in both directions) and :math:`a_g = \sum_h e_{gh}` (Newman 2003,
    eq. 2; networkx ``attribute_assortativity_coefficient``, equal to igraph
    ``assortativity_nominal(directed=False)``). :math:`r = 1`: ties only within groups;
    :math:`r = 0`: mixing as by chance given the groups' tie ends; negative: disassortative.

    Parameters
    ----------
    graph
        Tie network following the graph contract (``nx.Graph`` or ``nx.DiGraph``).
    group
        Node attribute holding the grouping.

    Returns
    -------
    float
        :math:`r` in :math:`[-1, 1]`; NaN where it is undefined: when the graph has no ties, or
        when all tie ends lie in one group (:math:`\sum_g a_g^2 = 1`, e.g. a single group), where
        networkx would divide by zero.

    Raises
    ------
    GraphError
        As :func:`ei_index`.

    Notes
    -----
    Computed on the symmetrised, unweighted graph; isolates do not contribute. Counted in
    integers and divided once; equal to networkx ``attribute_assortativity_coefficient``
    (tested).

    References
    ----------
    .. [1] Newman, M. E. J. (2003). Mixing patterns in networks. *Physical Review E*, 67, 026126.
       https://doi.org/10.1103/PhysRevE.67.026126

    Examples
    --------
    >>> g = nx.Graph([("a", "b"), ("c", "d")])
    >>> nx.set_node_attributes(g, {"a": "x", "b": "x", "c": "y", "d": "y"}, "dept")
    >>> group_assortativity(g, group="dept")
    1.0
    """
    return assortativity_of(_group_ties(graph, group, None))


def assortativity_of(t: _GroupTies) -> float:
    """:func:`group_assortativity` of symmetrised ties (each tie counted in both directions)."""
    if t.u.size == 0:
        return math.nan
    k = len(t.sizes)
    cu, cv = t.codes[t.u].astype(np.int64), t.codes[t.v].astype(np.int64)
    ends = 2 * t.u.size
    same = 2 * int(np.count_nonzero(cu == cv))
    a = np.bincount(cu, minlength=k) + np.bincount(cv, minlength=k)  # tie ends per group
    chance = int((a * a).sum())
    if chance == ends * ends:  # all tie ends in one group
        return math.nan
    # r = (same/ends - chance/ends^2) / (1 - chance/ends^2), in exact integers
    return float((same * ends - chance) / (ends * ends - chance))
