r"""Is the change between two periods beyond chance? Paired permutation tests of network change.

:func:`change_tests` compares three network-level measures between two periods -- the density,
the density of the ties between groups and the E-I index -- over the actors present in both
periods, and asks whether the observed change could have arisen if the two periods were just two
draws of the same network. The null distribution exchanges the two periods' tie states dyad by
dyad (a paired permutation test, the network analogue of McNemar's test); ``docs/statistics.md``
discusses it.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Final, Literal

import networkx as nx
import numpy as np
import numpy.typing as npt
import pandas as pd

from coopnet.compare._ties import check_graphs
from coopnet.errors import GraphError
from coopnet.jsonio import to_jsonable
from coopnet.messages import tr

__all__ = ["CHANGE_MEASURES", "EXACT_MAX_DYADS", "ChangeTest", "ChangeTests", "change_tests"]

CHANGE_MEASURES: Final = ("density", "cross_group_density", "ei_index")
"""The measures whose change :func:`change_tests` tests, in output order."""

EXACT_MAX_DYADS: Final = 16
"""Up to this many changed dyads all :math:`2^m` exchanges are enumerated (exact p-values)."""

NULL_HYPOTHESIS: Final = (
    "paired permutation: for every pair of actors present in both periods, the tie states of "
    "the two periods are exchangeable (each pair keeps or swaps its two states with probability "
    "1/2, independently); H0: no systematic change between the periods"
)
"""The null hypothesis, in one sentence (``summary.json``)."""

_BATCH_ELEMENTS: Final = 1 << 22
_TOL: Final = 1e-10
"""Permuted changes within this distance of the observed one count as equal."""

FloatArray = npt.NDArray[np.float64]
Method = Literal["exact", "monte_carlo"]


@dataclass(frozen=True)
class ChangeTest:
    """The permutation test of one measure (an entry of :attr:`ChangeTests.tests`).

    Attributes
    ----------
    measure
        One of :data:`CHANGE_MEASURES`.
    before, after
        The measure in each period, over the actors present in both periods.
    change
        ``after - before``.
    p_value
        Two-sided: share of exchanges with :math:`|\\Delta_\\pi| \\ge |\\Delta|`.
    p_increase, p_decrease
        One-sided: :math:`\\Delta_\\pi \\ge \\Delta` (small: a significant increase) and
        :math:`\\Delta_\\pi \\le \\Delta` (small: a significant decrease).
    note
        Why the test is undefined (``""`` when it is defined); its numbers are then NaN.
    """

    measure: str
    before: float
    after: float
    change: float
    p_value: float
    p_increase: float
    p_decrease: float
    note: str = ""


@dataclass(frozen=True)
class ChangeTests:
    """Result of :func:`change_tests`.

    Attributes
    ----------
    tests
        One :class:`ChangeTest` per measure of :data:`CHANGE_MEASURES`.
    n_actors
        Actors present in both periods (the tests use only them).
    n_dyads
        Pairs of these actors.
    n_changed_dyads
        Pairs whose tie state differs between the periods (only they are exchanged).
    method
        ``"exact"`` (all :math:`2^m` exchanges enumerated, :math:`m \\le` :data:`EXACT_MAX_DYADS`)
        or ``"monte_carlo"`` (`n_permutations` random exchanges).
    n_permutations
        Exchanges evaluated: :math:`2^m` when exact, with :math:`m` the changed pairs whose
        change affects a measure (a directed pair whose arc was only reversed does not, and
        enumerating it would double every count), else the number requested.
    seed, directed, group
        As given / found.
    """

    tests: tuple[ChangeTest, ...]
    n_actors: int
    n_dyads: int
    n_changed_dyads: int
    method: Method
    n_permutations: int
    seed: int
    directed: bool
    group: str

    def table(self) -> pd.DataFrame:
        """The tests as a DataFrame indexed by ``measure`` (columns as :class:`ChangeTest`)."""
        rows = [t.__dict__ for t in self.tests]
        return pd.DataFrame(rows).set_index("measure")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: the counts, ``method``, ``null_hypothesis`` and ``measures`` by name."""
        return to_jsonable(  # type: ignore[no-any-return]
            {
                "n_actors": self.n_actors,
                "n_dyads": self.n_dyads,
                "n_changed_dyads": self.n_changed_dyads,
                "method": self.method,
                "n_permutations": self.n_permutations,
                "seed": self.seed,
                "directed": self.directed,
                "group": self.group,
                "null_hypothesis": NULL_HYPOTHESIS,
                "measures": {
                    t.measure: {k: v for k, v in t.__dict__.items() if k != "measure"}
                    for t in self.tests
                },
            }
        )


def _dyads(
    graph: nx.Graph[Any], index: dict[str, int], *, directed: bool
) -> dict[tuple[int, int], int]:
    """Number of arcs (1 or 2 directed, 1 undirected) of each tied pair ``(i < j)``."""
    out: dict[tuple[int, int], int] = {}
    for u, v in graph.edges():
        i, j = index.get(u), index.get(v)
        if i is None or j is None:
            continue
        key = (i, j) if i < j else (j, i)
        out[key] = out.get(key, 0) + 1 if directed else 1
    return out


def _swaps(m: int, count: int, seed: int, *, exact: bool) -> Iterator[FloatArray]:
    """Yield 0/1 exchange indicators, ``(batch, m)``: all :math:`2^m` rows, or `count` random."""
    batch = max(1, _BATCH_ELEMENTS // max(m, 1))
    if exact:
        total = 1 << m
        bits = np.arange(m, dtype=np.int64)
        for start in range(0, total, batch):
            codes = np.arange(start, min(total, start + batch), dtype=np.int64)
            yield ((codes[:, None] >> bits[None, :]) & 1).astype(np.float64)
        return
    rng = np.random.default_rng(seed)
    for start in range(0, count, batch):
        size = min(batch, count - start)
        yield (rng.random((size, m)) < 0.5).astype(np.float64)


def _ei(external: FloatArray, internal: FloatArray) -> FloatArray:
    total = external + internal
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.asarray(np.where(total > 0, (external - internal) / total, np.nan))


def change_tests(
    before: nx.Graph[Any],
    after: nx.Graph[Any],
    *,
    group: str,
    n_permutations: int = 1000,
    seed: int = 0,
) -> ChangeTests:
    r"""Test whether density, cross-group density and E-I index changed beyond chance.

    Over the :math:`n` actors present in both periods, with :math:`N` the number of cells
    (:math:`n(n-1)` directed, :math:`n(n-1)/2` undirected) and :math:`N_\times` the cells
    between actors of different groups:

    * ``density`` -- ties / :math:`N` (``sna::gden``);
    * ``cross_group_density`` -- ties between groups / :math:`N_\times`;
    * ``ei_index`` -- :math:`(E - I)/(E + I)` of the symmetrised ties (Krackhardt & Stern 1988;
      :func:`coopnet.metrics.ei_index`), :math:`E` between and :math:`I` within groups.

    The statistic is the change :math:`\Delta = S(\text{after}) - S(\text{before})`. Under the
    null hypothesis the two periods are exchangeable *dyad by dyad*: every pair of actors keeps
    its two tie states or swaps them (both arcs of a directed pair together) with probability
    1/2, independently of the other pairs. Only the :math:`m` pairs whose state changed matter.
    If :math:`m \le` :data:`EXACT_MAX_DYADS`, all :math:`2^m` exchanges are enumerated and
    :math:`p = \#\{|\Delta_\pi| \ge |\Delta|\} / 2^m` is exact; otherwise `n_permutations`
    random exchanges give :math:`p = (\#\{|\Delta_\pi| \ge |\Delta|\} + 1) / (B + 1)`. The
    one-sided ``p_increase`` and ``p_decrease`` count :math:`\Delta_\pi \ge \Delta` and
    :math:`\Delta_\pi \le \Delta`.

    Parameters
    ----------
    before, after
        The tie networks of the two periods (graph contract; both directed or both undirected).
        Weights are ignored (binary ties, as :func:`~coopnet.compare.tie_churn`).
    group
        Node attribute with the grouping (taken from `after`, else `before`).
    n_permutations
        Random exchanges when the test is not exact (:math:`\ge 1`).
    seed
        Seed of ``numpy.random.default_rng``.

    Returns
    -------
    ChangeTests

    Raises
    ------
    GraphError
        Graphs of different direction, multigraphs, self-ties, or an actor without `group`.
    ValueError
        If `n_permutations` < 1.

    Notes
    -----
    * For the density this is McNemar's test (exact: the sign test) on the pairs that gained
      and lost a tie: :math:`\Delta_\pi` depends only on how many of them are swapped.
    * A small p-value says that the periods differ more than a random reassignment of the
      changed pairs between the periods would give. For the E-I index it is the *composition*
      of the change that matters: more new ties alone, with the old share of cross-group ties,
      does not make the E-I change significant.
    * The values are over the actors of both periods and can differ from the period values of
      :func:`coopnet.compare.compare_periods` (all actors of each period) when actors entered
      or left. Unobserved dyads of non-respondents count as "no tie" in both periods (coopnet's
      convention); they cannot change and so do not affect the test.
    * Undefined: fewer than two common actors; no cross-group cells (one group) for the
      cross-group density; no tie in a period for the E-I index. Exchanges in which the E-I of
      a period is undefined are left out.

    References
    ----------
    .. [1] McNemar, Q. (1947). Note on the sampling error of the difference between correlated
       proportions or percentages. *Psychometrika* 12(2), 153-157.
       https://doi.org/10.1007/BF02295996
    .. [2] Good, P. (2005). *Permutation, Parametric, and Bootstrap Tests of Hypotheses* (3rd
       ed.), ch. 3 (paired comparisons). Springer. https://doi.org/10.1007/b138696
    .. [3] Krackhardt, D., & Stern, R. N. (1988). Informal networks and organizational crises.
       *Social Psychology Quarterly* 51(2), 123-140. https://doi.org/10.2307/2786835

    Examples
    --------
    >>> g1 = nx.Graph([("a", "b"), ("c", "d")])
    >>> g2 = nx.Graph([("a", "b"), ("c", "d"), ("a", "c"), ("b", "d")])
    >>> for g in (g1, g2):
    ...     nx.set_node_attributes(g, {"a": "x", "b": "x", "c": "y", "d": "y"}, "dept")
    >>> result = change_tests(g1, g2, group="dept")
    >>> result.method, result.n_changed_dyads, result.tests[0].p_value  # 2 of 4 swaps as extreme
    ('exact', 2, 0.5)
    """
    if n_permutations < 1:
        raise ValueError(f"n_permutations must be at least 1, got {n_permutations}")
    directed = check_graphs({"before": before, "after": after})
    common = sorted(set(before) & set(after), key=str)
    n = len(common)
    index = {a: i for i, a in enumerate(common)}
    labels: list[str] = []
    for a in common:
        value = after.nodes[a].get(group, before.nodes[a].get(group))
        if value is None:
            raise GraphError(tr("errors.compare.actor_no_group", actor=a, group=group))
        labels.append(str(value))
    codes = np.unique(np.asarray(labels, dtype=object), return_inverse=True)[1]
    sizes = np.bincount(codes) if n else np.zeros(0, dtype=np.int64)
    cells = n * (n - 1) if directed else n * (n - 1) // 2
    cross_cells = int(n * n - np.sum(sizes * sizes))
    cross_cells = cross_cells if directed else cross_cells // 2

    b, a = _dyads(before, index, directed=directed), _dyads(after, index, directed=directed)
    keys = sorted(set(b) | set(a))
    arcs_b = np.array([b.get(k, 0) for k in keys], dtype=np.float64)
    arcs_a = np.array([a.get(k, 0) for k in keys], dtype=np.float64)
    if directed:
        state_b = [_arc_state(before, common[i], common[j]) for i, j in keys]
        state_a = [_arc_state(after, common[i], common[j]) for i, j in keys]
        n_changed = sum(1 for x, y in zip(state_b, state_a, strict=True) if x != y)
    else:
        n_changed = int(np.count_nonzero(arcs_b != arcs_a))
    cross = np.array([codes[i] != codes[j] for i, j in keys], dtype=bool)
    sym_b, sym_a = (arcs_b > 0).astype(np.float64), (arcs_a > 0).astype(np.float64)

    # per pair: change of arcs, of cross arcs, of external and internal (symmetrised) ties
    deltas = np.column_stack(
        [
            arcs_a - arcs_b,
            (arcs_a - arcs_b) * cross,
            (sym_a - sym_b) * cross,
            (sym_a - sym_b) * ~cross,
        ]
    )
    relevant = np.any(deltas != 0.0, axis=1)
    deltas = deltas[relevant]
    m = deltas.shape[0]
    totals_b = np.array(
        [arcs_b.sum(), (arcs_b * cross).sum(), (sym_b * cross).sum(), (sym_b * ~cross).sum()]
    )
    totals_a = np.array(
        [arcs_a.sum(), (arcs_a * cross).sum(), (sym_a * cross).sum(), (sym_a * ~cross).sum()]
    )

    def statistics(tb: FloatArray, ta: FloatArray) -> tuple[FloatArray, FloatArray]:
        """(before, after) of the three measures for totals of shape (..., 4)."""
        with np.errstate(invalid="ignore", divide="ignore"):
            dens = [tb[..., 0] / cells, ta[..., 0] / cells] if cells else [tb[..., 0] * np.nan] * 2
            crs = (
                [tb[..., 1] / cross_cells, ta[..., 1] / cross_cells]
                if cross_cells
                else [tb[..., 1] * np.nan] * 2
            )
        ei = [_ei(tb[..., 2], tb[..., 3]), _ei(ta[..., 2], ta[..., 3])]
        return (
            np.stack([dens[0], crs[0], ei[0]], axis=-1),
            np.stack([dens[1], crs[1], ei[1]], axis=-1),
        )

    observed_b, observed_a = statistics(totals_b, totals_a)
    observed = observed_a - observed_b
    exact = m <= EXACT_MAX_DYADS
    evaluated = (1 << m) if exact else n_permutations
    greater = np.zeros(3)
    less = np.zeros(3)
    both = np.zeros(3)
    valid = np.zeros(3)
    tol = _TOL * np.maximum(1.0, np.abs(observed))
    for swaps in _swaps(m, n_permutations, seed, exact=exact):
        moved = swaps @ deltas  # (B, 4): what the swapped pairs carry from after to before
        perm_b, perm_a = statistics(totals_b + moved, totals_a - moved)
        change = perm_a - perm_b
        ok = ~np.isnan(change)
        with np.errstate(invalid="ignore"):
            greater += (ok & (change >= observed - tol)).sum(axis=0)
            less += (ok & (change <= observed + tol)).sum(axis=0)
            both += (ok & (np.abs(change) >= np.abs(observed) - tol)).sum(axis=0)
        valid += ok.sum(axis=0)

    def p(count: FloatArray) -> FloatArray:
        with np.errstate(invalid="ignore", divide="ignore"):
            value = count / valid if exact else (count + 1.0) / (valid + 1.0)
        return np.asarray(np.where(np.isnan(observed) | (valid == 0), np.nan, value))

    p_two, p_up, p_down = p(both), p(greater), p(less)
    notes = {
        "density": "fewer than two actors in both periods" if cells == 0 else "",
        "cross_group_density": (
            "no pair of actors from different groups" if cross_cells == 0 else ""
        ),
        "ei_index": (
            "no tie in one of the periods"
            if math.isnan(observed[2]) and cells
            else ("fewer than two actors in both periods" if not cells else "")
        ),
    }
    tests = tuple(
        ChangeTest(
            measure=name,
            before=float(observed_b[k]),
            after=float(observed_a[k]),
            change=float(observed[k]),
            p_value=float(p_two[k]),
            p_increase=float(p_up[k]),
            p_decrease=float(p_down[k]),
            note=notes[name],
        )
        for k, name in enumerate(CHANGE_MEASURES)
    )
    return ChangeTests(
        tests=tests,
        n_actors=n,
        n_dyads=n * (n - 1) // 2,
        n_changed_dyads=n_changed,
        method="exact" if exact else "monte_carlo",
        n_permutations=evaluated,
        seed=seed,
        directed=directed,
        group=group,
    )


def _arc_state(graph: nx.Graph[Any], u: str, v: str) -> tuple[bool, bool]:
    return graph.has_edge(u, v), graph.has_edge(v, u)
