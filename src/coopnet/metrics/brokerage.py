"""Brokerage: who bridges structural holes and who connects groups.

* :func:`structural_holes` -- Burt's (1992) constraint and effective size.
* :func:`brokerage_roles` -- Gould & Fernandez's (1989) five brokerage roles between groups.
* :func:`partner_diversity` -- Blau's (1977) heterogeneity index of an actor's partners' groups.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, cast

import networkx as nx
import numpy as np
import numpy.typing as npt
import pandas as pd
import scipy.sparse as sp

from coopnet.metrics._util import actor_index, node_groups, require_simple
from coopnet.metrics.arrays import GraphArrays, graph_arrays
from coopnet.metrics.fragmentation import group_codes

__all__ = [
    "BROKERAGE_COLUMNS",
    "STRUCTURAL_HOLE_COLUMNS",
    "brokerage_roles",
    "partner_diversity",
    "structural_holes",
]

STRUCTURAL_HOLE_COLUMNS: tuple[str, ...] = ("constraint", "effective_size")
"""Columns of :func:`structural_holes`, in order."""

BROKERAGE_COLUMNS: tuple[str, ...] = (
    "broker_coordinator",
    "broker_itinerant",
    "broker_representative",
    "broker_gatekeeper",
    "broker_liaison",
    "broker_total",
)
"""Columns of :func:`brokerage_roles`, in order."""

_ROLES = BROKERAGE_COLUMNS[:-1]


def structural_holes(graph: nx.Graph[Any], *, weight: str | None = None) -> pd.DataFrame:
    r"""Compute Burt's constraint and effective size of every actor.

    Both measures use the symmetrised graph (a tie if either arc exists, with the larger weight).
    With :math:`N(i)` the partners of :math:`i` and the proportional tie strength
    :math:`p_{ij} = w_{ij} / \sum_{k \in N(i)} w_{ik}` (:math:`w = 1` when unweighted),

    * constraint :math:`c_i = \sum_{j \in N(i)} \bigl(p_{ij} + \sum_{q \in N(i), q \ne j}
      p_{iq} p_{qj}\bigr)^2` -- how much :math:`i`'s partners are tied to each other;
      low constraint means many structural holes (Burt 1992, eq. 2.4);
    * effective size :math:`e_i = \sum_{j \in N(i)} \bigl(1 - \sum_{q \ne i, j} p_{iq}
      m_{jq}\bigr)` with :math:`m_{jq} = w_{jq} / \max_k w_{jk}` -- the number of partners
      minus their redundancy (Burt 1992, p. 52). Unweighted this is
      :math:`e_i = n_i - 2 t_i / n_i` with :math:`n_i` partners and :math:`t_i` ties among them
      (Borgatti 1997).

    Parameters
    ----------
    graph
        Tie network (``nx.Graph`` or ``nx.DiGraph``) following the graph contract.
    weight
        Edge attribute with the tie intensity, or ``None`` (default) for unweighted.

    Returns
    -------
    pandas.DataFrame
        Indexed by actor id (index name ``id``, sorted), columns ``constraint`` (float > 0;
        1 for an actor with a single partner, 1.125 for a member of an isolated triangle;
        ``NaN`` for isolates) and ``effective_size`` (float, at most the number of partners
        :math:`n_i`, at least 1 when unweighted; 0 for isolates).

    Raises
    ------
    GraphError
        If the graph is a multigraph, has self-ties, or a weight is not a finite number > 0.

    Notes
    -----
    Computed with sparse matrices on the symmetrised array form (:func:`structural_holes_of`),
    tested equal to networkx ``constraint`` and per-actor ``effective_size``; constraint
    agrees with igraph ``constraint()`` (which also adds both directions of a tie). Isolates:
    constraint is undefined (an empty sum would read as "unconstrained"), so it is ``NaN`` as in
    networkx and igraph; effective size -- the number of non-redundant partners -- is 0 (networkx
    returns ``NaN``), so that the column can be summed and compared across periods.

    References
    ----------
    .. [1] Burt, R. S. (1992). *Structural Holes: The Social Structure of Competition*. Harvard
       University Press. https://doi.org/10.4159/9780674029095
    .. [2] Borgatti, S. P. (1997). Structural holes: Unpacking Burt's redundancy measures.
       *Connections*, 20(1), 35-38.

    Examples
    --------
    A broker ``b`` between two otherwise unconnected partners:

    >>> g = nx.Graph([("a", "b"), ("b", "c")])
    >>> structural_holes(g).loc["b"].tolist()
    [0.5, 2.0]
    """
    return structural_holes_of(graph_arrays(graph, weight=weight))


def structural_holes_of(arrays: GraphArrays) -> pd.DataFrame:
    r""":func:`structural_holes` of an array form, by sparse-matrix formulas.

    With :math:`W` the symmetric tie-value matrix of the symmetrised network,
    :math:`P = D^{-1} W` (row shares, networkx ``normalized_mutual_weight``) and :math:`M` the
    row-max-normalised :math:`W`:

    * constraint :math:`c_i = \sum_{j \in N(i)} (P_{ij} + (P^2)_{ij})^2`;
    * effective size :math:`e_i = k_i - \sum_{j \in N(i)} (P M^\top)_{ij}` (Burt's general
      formula, as networkx's per-actor ``effective_size`` computes it), which for unweighted
      ties is Borgatti's :math:`k_i - 2 t_i / k_i` with :math:`t_i` the ties among the partners.

    :math:`O(n \bar k^2)` time and memory. networkx 3.6's vectorised weighted effective size
    (``nodes=None``) divides by the row maximum of the wrong actor and gives other values.
    """
    w = arrays.undirected.matrix()
    n = arrays.n
    if n == 0:
        return pd.DataFrame(
            {"constraint": [], "effective_size": []}, index=pd.Index([], name="id", dtype="str")
        )
    pattern = w.copy()
    pattern.data[:] = 1.0
    degree = np.diff(w.indptr)
    strength = np.asarray(w.sum(axis=1)).ravel()
    isolate = degree == 0
    p = sp.csr_array(
        sp.diags_array(np.where(isolate, 0.0, 1.0 / np.where(isolate, 1.0, strength))) @ w
    )
    indirect = (p @ p).multiply(pattern)  # only pairs that are tied
    local = sp.csr_array(p + indirect)
    constraint = np.asarray(local.power(2).sum(axis=1), dtype=np.float64).ravel()
    constraint[isolate] = np.nan
    effective: npt.NDArray[np.float64]
    if arrays.weight is None:
        triangles = np.asarray((pattern @ pattern).multiply(pattern).sum(axis=1)).ravel() / 2
        safe = np.where(isolate, 1.0, degree)
        effective = np.where(isolate, 0.0, degree - 2.0 * triangles / safe)
    else:
        top = np.ones(n)
        if w.nnz:
            top[~isolate] = np.maximum.reduceat(w.data, w.indptr[:-1][~isolate])
        m = sp.csr_array(sp.diags_array(np.where(isolate, 0.0, 1.0 / top)) @ w)
        redundancy = np.asarray((p @ m.T).multiply(pattern).sum(axis=1)).ravel()
        effective = np.where(isolate, 0.0, degree - redundancy)
    return pd.DataFrame(
        {"constraint": constraint, "effective_size": effective},
        index=pd.Index(list(arrays.nodes), name="id"),
        dtype="float64",
    )


def brokerage_roles(graph: nx.Graph[Any], *, group: str) -> pd.DataFrame:
    r"""Count the brokerage roles of every actor (Gould & Fernandez 1989).

    Actor :math:`b` *brokers* the ordered pair :math:`(a, c)` when :math:`a \to b`,
    :math:`b \to c`, :math:`a \ne c` and there is no arc :math:`a \to c` (an open two-path; the
    definition of statnet ``sna::brokerage``). Each brokered pair is classified by the groups
    :math:`(g_a, g_b, g_c)` of source, broker and target:

    ================================  =================  ==================================
    column                            path pattern       broker ...
    ================================  =================  ==================================
    ``broker_coordinator``            A → A → A          mediates inside its own group
    ``broker_itinerant``              A → B → A          (consultant) mediates for another group
    ``broker_representative``         A → A → B          passes its group's flow to another
    ``broker_gatekeeper``             A → B → B          admits outside flow into its group
    ``broker_liaison``                A → B → C          links two groups, none its own
    ``broker_total``                  any                sum of the five roles
    ================================  =================  ==================================

    The roles are named by their path pattern (Gould & Fernandez 1989). In ``sna::brokerage``
    (statnet ``sna`` 2.7.1) the ``raw.nli`` columns ``w_I, w_O, b_IO, b_OI, b_O, t`` are, in that
    order, coordinator, itinerant, representative (``b_IO``, A → A → B), gatekeeper (``b_OI``,
    A → B → B), liaison and total -- the same order as here. Its help page lists gatekeeper
    before representative, so match the two tools by path pattern, not by position in a list;
    the tests check the directed counts against sna 2.7.1 output.

    Parameters
    ----------
    graph
        Tie network following the graph contract. A ``DiGraph`` uses the directed definition;
        an undirected ``Graph`` uses the undirected variant (Notes).
    group
        Node attribute with the grouping (e.g. ``"group"``); every actor must have a non-empty
        string value.

    Returns
    -------
    pandas.DataFrame
        Indexed by actor id (index name ``id``, sorted) with the six columns above; ``int64``
        counts for a ``DiGraph``, ``float64`` for an undirected graph (halves occur).

    Raises
    ------
    GraphError
        If the graph is a multigraph or has self-ties, or an actor has no value for `group`.

    Notes
    -----
    **Undirected graphs.** Each tie is read as two arcs, the directed counts are computed and
    then halved (``sna::brokerage`` of the symmetric matrix, divided by 2), so every unordered
    open two-path :math:`a - b - c` (:math:`a, c` not tied) counts 1 in total for :math:`b`. Coordinator, itinerant and liaison counts are therefore
    whole numbers; a path between two actors of which one shares :math:`b`'s group (A–A–B) is
    representative one way and gatekeeper the other, and counts ½ to each.

    Ties are unweighted; the counts are raw (not normalised by group sizes, unlike the
    expected-value z-scores of ``sna::brokerage``). The loop visits every arc :math:`(a, b)` once
    and subtracts the closed two-paths, so the cost is :math:`O(m \cdot \bar{k})`.

    References
    ----------
    .. [1] Gould, R. V., & Fernandez, R. M. (1989). Structures of mediation: A formal approach to
       brokerage in transaction networks. *Sociological Methodology*, 19, 89-126.
       https://doi.org/10.2307/270949
    .. [2] Butts, C. T. (2008). Social network analysis with sna. *Journal of Statistical
       Software*, 24(6). https://doi.org/10.18637/jss.v024.i06 (``sna::brokerage``)

    Examples
    --------
    ``b`` (group Y) passes a tie from ``a`` (X) on to ``c`` (X): an itinerant broker.

    >>> g = nx.DiGraph([("a", "b"), ("b", "c")])
    >>> nx.set_node_attributes(g, {"a": "X", "b": "Y", "c": "X"}, "group")
    >>> brokerage_roles(g, group="group").loc["b"].tolist()
    [0, 1, 0, 0, 0, 1]
    """
    require_simple(graph)
    groups = node_groups(graph, group)
    index = actor_index(graph)
    nodes = list(index)
    directed = graph.is_directed()
    digraph = cast("nx.DiGraph[Any]", graph)  # used only when directed
    succ = {u: set(digraph.successors(u)) for u in nodes} if directed else None
    neighbours = succ if succ is not None else {u: set(graph[u]) for u in nodes}
    counts = np.zeros((len(nodes), len(_ROLES)), dtype=np.int64)
    position = {u: i for i, u in enumerate(nodes)}
    coord, itin, rep, gate, liaison = range(len(_ROLES))
    for b in nodes:
        targets = neighbours[b]
        if not targets:
            continue
        g_b = groups[b]
        target_groups = Counter(groups[c] for c in targets)
        row = counts[position[b]]
        sources = digraph.predecessors(b) if directed else targets
        for a in sources:
            g_a = groups[a]
            # targets c of b that are *not* open for a: c == a, or a -> c exists
            closed = targets & neighbours[a]
            if a in targets:
                closed.add(a)
            n_open = len(targets) - len(closed)
            same_a = target_groups[g_a] - sum(1 for c in closed if groups[c] == g_a)
            if g_a == g_b:
                row[coord] += same_a
                row[rep] += n_open - same_a
            else:
                same_b = target_groups[g_b] - sum(1 for c in closed if groups[c] == g_b)
                row[itin] += same_a
                row[gate] += same_b
                row[liaison] += n_open - same_a - same_b
    table = pd.DataFrame(counts, index=index, columns=list(_ROLES))
    table["broker_total"] = counts.sum(axis=1)
    if not directed:
        table = table.astype("float64") / 2.0
    return table.astype("int64" if directed else "float64")


def partner_diversity(graph: nx.Graph[Any], *, group: str, weight: str | None = None) -> pd.Series:
    r"""Compute Blau's index of the groups of every actor's partners.

    On the symmetrised graph, with :math:`p_{ig}` the share of actor :math:`i`'s partners that
    belong to group :math:`g` -- or, with `weight`, the share of :math:`i`'s tie weight going to
    group :math:`g` -- the diversity is

    .. math:: D_i = 1 - \sum_g p_{ig}^2 ,

    Blau's (1977) heterogeneity index, i.e. one minus the Herfindahl(-Hirschman) concentration
    index. :math:`D_i = 0` when all partners are in one group; it is largest, exactly
    :math:`1 - 1/G`, when the partners (or, with `weight`, the tie weight) spread evenly over
    the :math:`G` groups of the network, so :math:`0 \le D_i \le 1 - 1/G < 1`. The actor's own
    group plays no role (compare
    ``coopnet.metrics.groups`` for E-I indices).

    Parameters
    ----------
    graph
        Tie network following the graph contract (directed ties are symmetrised: a partner is
        anyone tied in either direction, with the larger weight).
    group
        Node attribute with the grouping; every actor must have a non-empty string value.
    weight
        Edge attribute with the tie intensity, or ``None`` (default) to count partners.

    Returns
    -------
    pandas.Series
        Named ``partner_diversity``, indexed by actor id (index name ``id``, sorted), float;
        ``NaN`` for isolates (no partners, so no distribution).

    Raises
    ------
    GraphError
        If the graph is a multigraph or has self-ties, an actor has no value for `group`, or a
        weight is not a finite number > 0.

    References
    ----------
    .. [1] Blau, P. M. (1977). *Inequality and Heterogeneity: A Primitive Theory of Social
       Structure*. Free Press.

    Examples
    --------
    >>> g = nx.Graph([("a", "b"), ("a", "c"), ("a", "d"), ("a", "e")])
    >>> nx.set_node_attributes(g, {"a": "X", "b": "X", "c": "Y", "d": "Y", "e": "Y"}, "group")
    >>> float(partner_diversity(g, group="group")["a"])  # 1 - (1/4)^2 - (3/4)^2
    0.375
    """
    arrays = graph_arrays(graph, weight=weight)
    return diversity_of(arrays, group_codes(graph, arrays.nodes, group))


def diversity_of(arrays: GraphArrays, codes: npt.NDArray[np.int64]) -> pd.Series:
    r""":func:`partner_diversity` of an array form, with the group code of every actor.

    Unweighted, :math:`D_i = (T^2 - \sum_g t_g^2) / T^2` with integer counts, so the value is
    the exact fraction rounded once (an even spread over two groups gives exactly 0.5).
    """
    sym = arrays.undirected
    n = sym.n
    index = pd.Index(list(sym.nodes), name="id")
    if n == 0:
        return pd.Series([], index=index, name="partner_diversity", dtype="float64")
    n_groups = int(codes.max()) + 1
    keys, inverse = np.unique(sym.tails * n_groups + codes[sym.indices], return_inverse=True)
    per_group = np.bincount(inverse, weights=sym.weights, minlength=keys.size)
    rows = keys // n_groups
    total = np.bincount(rows, weights=per_group, minlength=n)
    squares = np.bincount(rows, weights=per_group * per_group, minlength=n)
    values = np.full(n, np.nan)
    has = total > 0
    values[has] = (total[has] ** 2 - squares[has]) / total[has] ** 2
    return pd.Series(values, index=index, name="partner_diversity", dtype="float64")
