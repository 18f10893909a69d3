"""Compare the periods of a dataset: one call for two periods, one for the whole sequence.

:func:`compare_periods` bundles the comparison primitives of :mod:`coopnet.compare` (tie churn,
QAP correlation, actor deltas, block-density change, group pairs lost and gained) and the E-I
index of both periods into one :class:`PeriodComparison`; :func:`compare_all` does this for every
pair of consecutive periods and adds the persistence of the ties formed in a "crisis" period
(:class:`MultiPeriodComparison`); :func:`write_comparison` writes the files of ``coopnet compare``.

Measures come from :func:`coopnet.metrics.analyze`; nothing here computes an actor- or
group-level measure itself except counting the ties between each pair of groups.

Output layout of :func:`write_comparison` (``docs/diagnosis.md`` has the column lists)::

    DIR/summary.json        two periods: PeriodComparison.summary()
    DIR/ties_diff.csv       one row per tie of either period (kept / added / removed)
    DIR/actors_delta.csv    degree, betweenness, broker_total, constraint before/after/delta
    DIR/groups_delta.csv    E-I index per group before/after with its permutation p-values
    DIR/mixing_delta.csv    one row per pair of groups: block density and tie counts, status

    for the whole sequence (MultiPeriodComparison), the overall files at DIR
    DIR/summary.json        periods, pairs, persistence, brokers + first-vs-last summary keys
    DIR/periods.csv         tie churn per consecutive pair
    DIR/persistence.json    (three or more periods) fate of the ties new in the crisis period
    DIR/persistence_ties.csv
    and one subfolder per compared pair with the five files above:
    DIR/2014_2016/, DIR/2016_2022/ and (three or more periods) DIR/2014_2022/ (first vs last).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

import networkx as nx
import numpy as np
import pandas as pd

from coopnet.compare.change import ChangeTests, change_tests
from coopnet.compare.churn import TieChurn, period_sequence_churn, tie_churn
from coopnet.compare.deltas import actor_deltas, group_pair_changes, matrix_delta, top_changes
from coopnet.compare.persistence import Persistence, persistence
from coopnet.compare.qap import QAPResult, qap_correlation
from coopnet.display import short_repr, summary_html, table_rows
from coopnet.errors import GraphError
from coopnet.jsonio import to_jsonable
from coopnet.messages import tr
from coopnet.metrics import NetworkAnalysis
from coopnet.run import Study

__all__ = [
    "COMPARED_MEASURES",
    "MultiPeriodComparison",
    "PeriodComparison",
    "compare_all",
    "compare_periods",
    "period_brokers",
]

COMPARED_MEASURES: Final = ("degree", "betweenness", "broker_total", "constraint")
"""Actor measures whose change :func:`compare_periods` reports (``actors_delta.csv``)."""

N_BROKERS: Final = 5
"""How many actors count as a period's brokers (see :func:`period_brokers`)."""

N_TOP_CHANGES: Final = 5
"""How many risers and fallers per measure :class:`PeriodComparison` keeps."""

_NETWORK_KEYS: Final = (
    "n_actors",
    "n_ties",
    "density",
    "components",
    "fragmentation",
    "ei_index",
    "ei_p_value",
    "betweenness_centralization",
    "modularity",
)


def period_brokers(analysis: NetworkAnalysis, *, n: int = N_BROKERS) -> tuple[str, ...]:
    """The brokers of a period: the `n` actors with the highest betweenness, if it is > 0.

    Ties in betweenness are ordered by actor id. Betweenness (normalised, as in
    :func:`coopnet.metrics.actor_centrality`) is used rather than ``broker_total`` because it
    counts every shortest path an actor lies on, not only the two-paths between groups; the
    two rankings agree on the leading actors of the example data.
    """
    column = analysis.actors["betweenness"].astype(float)
    ranked = sorted(
        ((float(v), str(a)) for a, v in column.items() if np.isfinite(v) and v > 0),
        key=lambda item: (-item[0], item[1]),
    )
    return tuple(a for _, a in ranked[:n])


# ----------------------------------------------------------------------------------------------
# two periods
# ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PeriodComparison:
    """Everything that changed between two periods (the result of :func:`compare_periods`).

    Attributes
    ----------
    before, after
        The two periods.
    directed
        Whether directed nominations were compared (else symmetrised ties).
    group
        The grouping column, or ``None`` when the study has none: ``groups`` and ``mixing`` are
        then empty tables, ``change`` is ``None`` and the E-I values are NaN.
    n_permutations, seed
        Options of the QAP and E-I permutation tests.
    churn
        Ties kept, added and removed (:func:`~coopnet.compare.tie_churn`), with cross-group counts.
    qap
        QAP correlation of the two tie networks (:func:`~coopnet.compare.qap_correlation`).
    actors
        :func:`~coopnet.compare.actor_deltas` of :data:`COMPARED_MEASURES`, plus ``label`` and
        the group (taken from `after`, else `before`) as first columns; index ``id``.
    risers, fallers
        Per measure of :data:`COMPARED_MEASURES`, the actors whose value rose / fell most
        (:func:`~coopnet.compare.top_changes`, at most five).
    groups
        One row per group of either period: ``group``, ``n_actors_before/after``,
        ``internal_before/after``, ``external_before/after``, ``ei_before``, ``ei_after``,
        ``ei_delta``, ``ei_p_lower_before/after`` (permutation test: small = more internal than
        chance).
    mixing
        One row per pair of groups (unordered for undirected ties, ordered for directed ones,
        within-group pairs included): ``group_a, group_b, density_before, density_after,
        density_delta, ties_before, ties_after, status`` where status is ``lost``, ``gained``
        (:func:`~coopnet.compare.group_pair_changes`), ``fewer``, ``more`` or ``same``.
    density_delta
        The block-density change matrix (:func:`~coopnet.compare.matrix_delta`).
    network
        Network-level measures: index = measure, columns ``before, after, delta``.
    ei_before, ei_after, ei_p_before, ei_p_after
        Overall E-I index and its permutation p-value (``p_lower``) in each period.
    analyses
        The two :class:`~coopnet.metrics.NetworkAnalysis` results, by period.
    change
        Paired permutation tests of the change of density, cross-group density and E-I index
        (:func:`~coopnet.compare.change_tests`; ``None`` if not computed).
    """

    before: str
    after: str
    directed: bool
    group: str | None
    n_permutations: int
    seed: int
    churn: TieChurn
    qap: QAPResult
    actors: pd.DataFrame = field(repr=False)
    risers: Mapping[str, pd.DataFrame] = field(repr=False)
    fallers: Mapping[str, pd.DataFrame] = field(repr=False)
    groups: pd.DataFrame = field(repr=False)
    mixing: pd.DataFrame = field(repr=False)
    density_delta: pd.DataFrame = field(repr=False)
    network: pd.DataFrame = field(repr=False)
    ei_before: float = math.nan
    ei_after: float = math.nan
    ei_p_before: float = math.nan
    ei_p_after: float = math.nan
    analyses: Mapping[str, NetworkAnalysis] = field(default_factory=dict, repr=False)
    change: ChangeTests | None = field(default=None, repr=False)

    @property
    def name(self) -> str:
        """``"<before>_<after>"``, the name of the pair's output folder."""
        return f"{self.before}_{self.after}"

    def __repr__(self) -> str:
        c = self.churn
        return short_repr("PeriodComparison", before=self.before, after=self.after,
                          kept=c.kept, added=c.added, removed=c.removed)  # fmt: skip

    def _repr_html_(self) -> str:
        """Notebook summary: tie churn, QAP correlation, E-I before/after, group pairs."""
        s = self.summary()
        keys = ("kept", "added", "removed", "jaccard", "qap_correlation", "qap_p_value",
                "ei_before", "ei_after")  # fmt: skip
        rising = self.risers.get("betweenness", self.actors.iloc[:0]).head(5)
        return summary_html(
            f"PeriodComparison {self.before} → {self.after}",
            facts=[(k, s.get(k)) for k in keys],
            tables=[("betweenness rose most", ["id", "label", "betweenness_delta"],
                     table_rows(rising, ["label", "betweenness_delta"], index=True))],
            items=[
                ("group pairs lost", [" – ".join(p) for p in s["group_pairs_lost"]]),
                ("group pairs gained", [" – ".join(p) for p in s["group_pairs_gained"]]),
            ],
            note=".summary(), .actors, .groups, .mixing hold the full results",
        )  # fmt: skip

    def summary(self) -> dict[str, Any]:
        """Return the headline numbers as JSON-ready values (NaN → ``None``).

        Returns
        -------
        dict
            ``before, after, directed, group, kept, added, removed, ties_before, ties_after,
            jaccard, cross_kept, cross_added, cross_removed, actors_entered, actors_left``
            (sorted id lists), ``qap_correlation, qap_p_value`` (one-sided, upper),
            ``n_permutations, seed, ei_before, ei_after, ei_p_before, ei_p_after,
            group_pairs_lost, group_pairs_gained`` (lists of ``[group_a, group_b]``),
            ``risers``/``fallers`` (``{measure: [ids]}``) and ``change_tests``
            (:meth:`~coopnet.compare.ChangeTests.to_dict`, ``None`` if not computed).
        """
        pairs = self.mixing[self.mixing["group_a"] != self.mixing["group_b"]]
        out: dict[str, Any] = {
            "before": self.before,
            "after": self.after,
            "directed": self.directed,
            "group": self.group,
            "kept": self.churn.kept,
            "added": self.churn.added,
            "removed": self.churn.removed,
            "ties_before": self.churn.ties_before,
            "ties_after": self.churn.ties_after,
            "jaccard": self.churn.jaccard,
            "cross_kept": self.churn.cross_kept,
            "cross_added": self.churn.cross_added,
            "cross_removed": self.churn.cross_removed,
            "actors_entered": list(self.churn.actors_entered),
            "actors_left": list(self.churn.actors_left),
            "qap_correlation": self.qap.correlation,
            "qap_p_value": self.qap.p_value,
            "n_permutations": self.n_permutations,
            "seed": self.seed,
            "ei_before": self.ei_before,
            "ei_after": self.ei_after,
            "ei_p_before": self.ei_p_before,
            "ei_p_after": self.ei_p_after,
            "group_pairs_lost": [
                [a, b]
                for a, b, s in zip(pairs["group_a"], pairs["group_b"], pairs["status"], strict=True)
                if s == "lost"
            ],
            "group_pairs_gained": [
                [a, b]
                for a, b, s in zip(pairs["group_a"], pairs["group_b"], pairs["status"], strict=True)
                if s == "gained"
            ],
            "risers": {m: [str(a) for a in t.index] for m, t in self.risers.items()},
            "fallers": {m: [str(a) for a in t.index] for m, t in self.fallers.items()},
            "change_tests": self.change.to_dict() if self.change is not None else None,
        }
        return to_jsonable(out)  # type: ignore[no-any-return]


def _pair_ties(graph: nx.Graph[Any], group: str) -> dict[tuple[str, str], int]:
    """Number of ties between each pair of groups (ordered for directed graphs, else sorted)."""
    counts: dict[tuple[str, str], int] = {}
    directed = graph.is_directed()
    for u, v in graph.edges():
        a, b = str(graph.nodes[u][group]), str(graph.nodes[v][group])
        key = (a, b) if directed or a <= b else (b, a)
        counts[key] = counts.get(key, 0) + 1
    return counts


def _mixing_table(
    before: nx.Graph[Any],
    after: nx.Graph[Any],
    density_before: pd.DataFrame,
    density_after: pd.DataFrame,
    group: str | None,
    changed: Mapping[tuple[str, str], str],
    ties_1: Mapping[tuple[str, str], int],
    ties_2: Mapping[tuple[str, str], int],
) -> pd.DataFrame:
    """One row per pair of groups: block densities, tie counts and the change status.

    ``changed`` holds the ``lost``/``gained`` pairs of :func:`~coopnet.compare.group_pair_changes`;
    ``ties_1``, ``ties_2`` are :func:`_pair_ties` of `before` and `after` (empty without a
    grouping column: then, ``group=None``, the table has its columns and no rows).
    """
    directed = before.is_directed()
    labels = (
        sorted(
            {str(before.nodes[v][group]) for v in before}
            | {str(after.nodes[v][group]) for v in after}
        )
        if group is not None
        else []
    )

    def lookup(matrix: pd.DataFrame) -> Callable[[str, str], float]:
        """``matrix.at[a, b]`` as float (NaN for a group the matrix lacks), read from an array."""
        rows_at = {str(label): i for i, label in enumerate(matrix.index)}
        columns_at = {str(label): j for j, label in enumerate(matrix.columns)}
        values = matrix.to_numpy()

        def cell(a: str, b: str) -> float:
            i, j = rows_at.get(a), columns_at.get(b)
            return math.nan if i is None or j is None else float(values[i, j])

        return cell

    cell_1, cell_2 = lookup(density_before), lookup(density_after)
    rows = []
    for a, b in itertools.product(labels, labels):
        if not directed and b < a:
            continue
        t1, t2 = ties_1.get((a, b), 0), ties_2.get((a, b), 0)
        status = changed.get((a, b)) or ("fewer" if t2 < t1 else "more" if t2 > t1 else "same")
        d1, d2 = cell_1(a, b), cell_2(a, b)
        rows.append((a, b, d1, d2, d2 - d1, t1, t2, status))
    columns = [
        "group_a",
        "group_b",
        "density_before",
        "density_after",
        "density_delta",
        "ties_before",
        "ties_after",
        "status",
    ]
    return pd.DataFrame(rows, columns=columns).astype(
        {"ties_before": "int64", "ties_after": "int64"}
    )


def _group_table(first: NetworkAnalysis, second: NetworkAnalysis) -> pd.DataFrame:
    """Per group: sizes, internal/external ties and E-I with p-values in both periods."""
    keep = ["group", "n_actors", "internal_ties", "external_ties", "ei_index", "ei_p_lower"]
    names = {
        "n_actors": "n_actors",
        "internal_ties": "internal",
        "external_ties": "external",
        "ei_index": "ei",
        "ei_p_lower": "ei_p_lower",
    }
    one = first.groups[keep].set_index("group")
    two = second.groups[keep].set_index("group")
    index = pd.Index(sorted(set(one.index) | set(two.index)), name="group")
    one, two = one.reindex(index), two.reindex(index)
    out = pd.DataFrame(index=index)
    for column, short in names.items():
        out[f"{short}_before"] = one[column].astype(float)
        out[f"{short}_after"] = two[column].astype(float)
        if short == "ei":
            out["ei_delta"] = out["ei_after"] - out["ei_before"]
    order = [
        "n_actors_before",
        "n_actors_after",
        "internal_before",
        "internal_after",
        "external_before",
        "external_after",
        "ei_before",
        "ei_after",
        "ei_delta",
        "ei_p_lower_before",
        "ei_p_lower_after",
    ]
    return out[order].reset_index()


def compare_periods(study: Study, before: str, after: str) -> PeriodComparison:
    r"""Compare the cooperation network of two periods.

    Both periods are taken from the study (:meth:`coopnet.run.Study.analysis`: the symmetrised
    ties, or the directed nominations when the study analyses them; its grouping column). Then

    * tie churn :math:`K, A, R` and the Jaccard index (:func:`~coopnet.compare.tie_churn`);
    * the QAP correlation of the two adjacency matrices over the actors of both periods — binary,
      or of the tie weights when the study is weighted — with the study's permutations and seed
      (:func:`~coopnet.compare.qap_correlation`; Krackhardt 1987);
    * actor deltas of degree, betweenness, broker_total (Gould & Fernandez 1989) and Burt's
      constraint, with the five largest risers and fallers per measure;
    * the E-I index (Krackhardt & Stern 1988) overall and per group in both periods with the
      permutation p-value;
    * the change of the block density matrix and the pairs of groups that lost all their ties or
      gained ties where there were none;
    * paired permutation tests of the change of density, cross-group density and E-I index over
      the actors of both periods (:func:`~coopnet.compare.change_tests`, same permutations and
      seed).

    The result is computed once per study and pair (kept with :meth:`~coopnet.run.Study.memo`).

    Parameters
    ----------
    study
        The study (:func:`coopnet.study`); it needs a grouping column.
    before, after
        Two periods of ``study.periods`` (usually earlier, later), or ``"all"``.

    Returns
    -------
    PeriodComparison

    Raises
    ------
    GraphError
        Unknown period, no grouping column, or ``before == after``.

    Notes
    -----
    Actors are matched by id. Actors that exist in one period only are listed in
    ``actors_entered`` / ``actors_left``; their deltas are NaN (see
    :func:`~coopnet.compare.actor_deltas`). Tie churn is binary; the QAP correlation uses the
    weights exactly when the study does.

    Examples
    --------
    >>> import coopnet
    >>> s = coopnet.study("data/musterstadt", n_permutations=99)
    >>> c = compare_periods(s, "2014", "2016")
    >>> c.churn.kept, c.churn.added, c.churn.removed
    (124, 121, 10)
    """
    return study.memo(("compare", before, after), lambda: _compare(study, before, after))


def _compare(study: Study, before: str, after: str) -> PeriodComparison:
    if before == after:
        raise GraphError(tr("errors.compare.same_period", period=before))
    column = study.group  # None: no grouping column, the group parts are empty (never invented)
    o = study.options
    g1, g2 = study.graph(before), study.graph(after)
    a1, a2 = study.analysis(before), study.analysis(after)
    churn = tie_churn(g1, g2, group=column)
    qap = qap_correlation(g1, g2, n_permutations=o.n_permutations, seed=o.seed, weight=o.weight)

    deltas = actor_deltas(a1.actors, a2.actors, columns=COMPARED_MEASURES)
    keep = ["label", *([column] if column is not None else [])]
    labels = a2.actors[keep].combine_first(a1.actors[keep])
    deltas.insert(0, "label", labels["label"].reindex(deltas.index))
    if column is not None:
        deltas.insert(1, column, labels[column].reindex(deltas.index))
    risers: dict[str, pd.DataFrame] = {}
    fallers: dict[str, pd.DataFrame] = {}
    for measure in COMPARED_MEASURES:
        risers[measure], fallers[measure] = top_changes(deltas, column=measure, n=N_TOP_CHANGES)

    counts_1 = _pair_ties(g1, column) if column is not None else {}
    counts_2 = _pair_ties(g2, column) if column is not None else {}
    lost_gained = group_pair_changes(
        _as_matrix(counts_1), _as_matrix(counts_2), directed=g1.is_directed()
    )
    changed = {
        (a, b): s
        for a, b, s in zip(
            lost_gained["group_a"], lost_gained["group_b"], lost_gained["status"], strict=True
        )
    }
    mixing = _mixing_table(g1, g2, a1.mixing, a2.mixing, column, changed, counts_1, counts_2)

    network = pd.DataFrame(
        {
            "before": [a1.network.get(k, math.nan) for k in _NETWORK_KEYS],
            "after": [a2.network.get(k, math.nan) for k in _NETWORK_KEYS],
        },
        index=pd.Index(_NETWORK_KEYS, name="measure"),
    ).astype(float)
    network["delta"] = network["after"] - network["before"]
    return PeriodComparison(
        before=before,
        after=after,
        directed=g1.is_directed(),
        group=column,
        n_permutations=o.n_permutations,
        seed=o.seed,
        churn=churn,
        qap=qap,
        actors=deltas,
        risers=risers,
        fallers=fallers,
        groups=_group_table(a1, a2),
        mixing=mixing,
        density_delta=matrix_delta(a1.mixing, a2.mixing),
        network=network,
        ei_before=float(a1.ei_test.observed),
        ei_after=float(a2.ei_test.observed),
        ei_p_before=float(a1.ei_test.p_lower),
        ei_p_after=float(a2.ei_test.p_lower),
        analyses={before: a1, after: a2},
        change=change_tests(g1, g2, group=column, n_permutations=o.n_permutations, seed=o.seed)
        if column is not None
        else None,
    )


def _as_matrix(counts: Mapping[tuple[str, str], int]) -> pd.DataFrame:
    """A square group × group matrix from pair counts (missing pairs 0)."""
    labels = sorted({g for pair in counts for g in pair})
    at = {label: i for i, label in enumerate(labels)}
    values = np.zeros((len(labels), len(labels)))
    for (a, b), value in counts.items():
        values[at[a], at[b]] = float(value)
    return pd.DataFrame(values, index=labels, columns=labels)


# ----------------------------------------------------------------------------------------------
# the whole sequence
# ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class MultiPeriodComparison:
    """Comparison of every consecutive pair of periods (the result of :func:`compare_all`).

    Attributes
    ----------
    periods
        The periods in order.
    pairs
        One :class:`PeriodComparison` per consecutive pair, in order.
    overall
        First versus last period (``None`` for fewer than three periods: then it would repeat
        ``pairs[0]``).
    churn
        :func:`~coopnet.compare.period_sequence_churn`: one row per consecutive pair.
    persistence
        For three or more periods: :func:`~coopnet.compare.persistence` over
        ``persistence_periods`` with the brokers of the middle and the last period; else ``None``.
    persistence_periods
        The (first, middle, last) triple used: the first and the last period, and as middle the
        interior period with the highest overall E-I index (the most integrated period, e.g. the
        crisis year; ties go to the earlier period) unless `middle` was given.
    consecutive_persistence
        For more than three periods, :func:`~coopnet.compare.persistence` of every consecutive
        triple, keyed ``"p1_p2_p3"``; for three periods the one triple.
    brokers
        Per period, the brokers of :func:`period_brokers` (top five by betweenness, > 0).
    analyses
        :func:`coopnet.metrics.analyze` per period.
    """

    periods: tuple[str, ...]
    pairs: tuple[PeriodComparison, ...]
    overall: PeriodComparison | None
    churn: pd.DataFrame = field(repr=False)
    persistence: Persistence | None = None
    persistence_periods: tuple[str, str, str] | None = None
    consecutive_persistence: Mapping[str, Persistence] = field(default_factory=dict, repr=False)
    brokers: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    analyses: Mapping[str, NetworkAnalysis] = field(default_factory=dict, repr=False)

    def __repr__(self) -> str:
        return short_repr("MultiPeriodComparison", periods=self.periods)

    def _repr_html_(self) -> str:
        """Notebook summary: one row per consecutive pair, E-I per period, persistence."""
        rows = [
            [p.before, p.after, p.churn.kept, p.churn.added, p.churn.removed, p.churn.jaccard,
             p.qap.correlation]
            for p in self.pairs
        ]  # fmt: skip
        facts: list[tuple[str, Any]] = [
            (f"E-I {p}", a.ei_test.observed) for p, a in self.analyses.items()
        ]
        if self.persistence is not None and self.persistence_periods is not None:
            ps = self.persistence
            facts += [(f"new in {self.persistence_periods[1]}", ps.new),
                      ("sustained", ps.sustained), ("ended", ps.temporary)]  # fmt: skip
        return summary_html(
            f"MultiPeriodComparison {' → '.join(self.periods)}",
            facts=facts,
            tables=[("consecutive periods",
                     ["before", "after", "kept", "added", "removed", "jaccard", "QAP r"], rows)],
            note=".pairs, .churn, .persistence hold the full results",
        )  # fmt: skip

    def summary(self) -> dict[str, Any]:
        """Return the overview as JSON-ready values.

        Returns
        -------
        dict
            The keys of :meth:`PeriodComparison.summary` for the first versus the last period
            (``before`` = first, ``after`` = last), then ``periods``, ``pairs`` (the summary of
            each consecutive pair), ``ei_by_period`` (``{period: E-I}``), ``brokers``
            (``{period: [ids]}``), ``persistence_periods`` and ``persistence`` (the
            :class:`~coopnet.compare.Persistence` counts and shares, ``None`` below three periods).
        """
        main = self.overall or (self.pairs[0] if self.pairs else None)
        out: dict[str, Any] = dict(main.summary()) if main is not None else {}
        out.update(
            periods=list(self.periods),
            pairs=[p.summary() for p in self.pairs],
            ei_by_period={p: a.ei_test.observed for p, a in self.analyses.items()},
            brokers={p: list(b) for p, b in self.brokers.items()},
            persistence_periods=list(self.persistence_periods or ()),
            persistence=self.persistence.to_dict() if self.persistence is not None else None,
        )
        return to_jsonable(out)  # type: ignore[no-any-return]


def compare_all(study: Study, *, middle: str | None = None) -> MultiPeriodComparison:
    """Compare consecutive periods and follow the ties of the crisis period (three or more).

    Computed once per study (and `middle`).

    Parameters
    ----------
    study
        The study; its dataset needs at least two periods and a grouping column.
    middle
        The middle period of the persistence triple; default: the interior period with the
        highest overall E-I index (see :class:`MultiPeriodComparison`).

    Returns
    -------
    MultiPeriodComparison

    Raises
    ------
    GraphError
        Fewer than two periods, no grouping column, or `middle` is not an interior period.

    Notes
    -----
    Brokers of a period are the (at most) five actors with the highest betweenness > 0
    (:func:`period_brokers`); :class:`~coopnet.compare.Persistence` reports which brokers of the
    middle period are brokers again in the last, which lost the role and which disappeared.
    """
    return study.memo(("compare_all", middle), lambda: _compare_all(study, middle))


def _compare_all(study: Study, middle: str | None) -> MultiPeriodComparison:
    periods = tuple(study.net.periods)
    if len(periods) < 2:
        raise GraphError(tr("errors.compare.too_few_periods", n=len(periods)))
    column = study.group
    found = study.analyses()
    pairs = tuple(compare_periods(study, a, b) for a, b in itertools.pairwise(periods))
    overall = compare_periods(study, periods[0], periods[-1]) if len(periods) >= 3 else None
    graphs = study.graphs()
    brokers = {p: period_brokers(found[p]) for p in periods}
    triple: tuple[str, str, str] | None = None
    main: Persistence | None = None
    steps: dict[str, Persistence] = {}
    if len(periods) >= 3:
        interior = periods[1:-1]
        if middle is None:
            eis = [found[p].ei_test.observed for p in interior]
            best = max(
                range(len(interior)),
                key=lambda i: (eis[i] if np.isfinite(eis[i]) else -math.inf, -i),
            )
            middle = interior[best]
        elif middle not in interior:
            raise GraphError(
                tr("errors.compare.bad_middle", interior=", ".join(interior), middle=middle)
            )
        triple = (periods[0], middle, periods[-1])

        def follow(first: str, mid: str, last: str) -> Persistence:
            return persistence(
                graphs[first],
                graphs[mid],
                graphs[last],
                group=column,
                brokers_middle=brokers[mid],
                brokers_last=brokers[last],
            )

        main = follow(*triple)
        for p1, p2, p3 in zip(periods, periods[1:], periods[2:], strict=False):
            steps[f"{p1}_{p2}_{p3}"] = follow(p1, p2, p3)
    return MultiPeriodComparison(
        periods=periods,
        pairs=pairs,
        overall=overall,
        churn=period_sequence_churn(graphs, group=column),
        persistence=main,
        persistence_periods=triple,
        consecutive_persistence=steps,
        brokers=brokers,
        analyses=found,
    )
