"""From diagnosis to recommendation: which new tie addresses which finding.

:func:`find_remedies` runs :func:`coopnet.recommend.recommend_ties` on one period (by default the
last one, or the pooled network of data without periods) for every objective that can improve
there, and links the findings of that period to the recommended tie that addresses them:

* a **silo finding** -- ``missing_group_pair`` (two groups without a direct tie),
  ``silo_group`` and ``peripheral_group`` (a group turned inwards) -- to the first recommended
  tie that connects the two groups (:meth:`~coopnet.recommend.Recommendations.for_group_pair`),
  or the group with another one; when no tie of the lists does, to the best single tie for that
  gap (:data:`TARGETED`: the tie between the two groups, or from the group to another one, that
  raises the cross-group reach most);
* a **single-point finding** -- ``cut_vertex``, ``single_broker``, ``key_player_dependence``
  about an actor X -- to the first recommended tie that makes a pair independent of X
  (:meth:`~coopnet.recommend.Recommendations.bypassing`).

The result (:class:`Remedies`) holds no text: the report and ``findings.json`` word it in their
language (:meth:`coopnet.diagnose.Diagnosis.with_remedies`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, Literal

import networkx as nx

from coopnet.diagnose.findings import Finding
from coopnet.jsonio import to_jsonable
from coopnet.recommend import (
    Objective,
    Recommendation,
    Recommendations,
    recommend_objectives,
    recommend_ties,
)
from coopnet.run import ALL, Study

__all__ = [
    "DEFAULT_K",
    "OBJECTIVE_ORDER",
    "SILO_CODES",
    "SINGLE_POINT_CODES",
    "TARGETED",
    "Proposal",
    "Remedies",
    "Skip",
    "find_remedies",
]

DEFAULT_K: Final = 5
"""Recommended ties per objective (the report shows at most this many)."""

OBJECTIVE_ORDER: Final[tuple[Objective, ...]] = ("fragmentation", "robustness", "reach")
"""The objectives in the order they are shown: the network falls apart, depends on one actor,
keeps its groups apart."""

SILO_CODES: Final = ("missing_group_pair", "silo_group", "peripheral_group")
"""Findings about groups that do not meet; linked to a tie between groups."""

SINGLE_POINT_CODES: Final = ("cut_vertex", "single_broker", "key_player_dependence")
"""Findings about one actor everything runs through; linked to a tie that bypasses it."""

TARGETED: Final[Objective] = "reach"
"""Objective of the tie proposed for a single silo gap that no recommended tie addresses."""

_SILO_ORDER: Final[tuple[Objective, ...]] = ("reach", "robustness", "fragmentation")
_POINT_ORDER: Final[tuple[Objective, ...]] = ("robustness", "fragmentation", "reach")

Skip = Literal["no_groups", "one_group", "too_small", "nothing_to_improve", "isolates", "no_gain",
               "no_candidates"]  # fmt: skip
"""Why an objective shows no tie: no grouping column; one group only; too few actors; the value
is already the best possible; only actors without any tie are apart (they are no candidates);
no tie improves it; no pair of actors left to tie."""


@dataclass(frozen=True)
class Proposal:
    """One proposed new tie, as the report lists it.

    Attributes
    ----------
    id
        ``"rec-<objective>-<rank>"`` for the ties of an objective's list, ``"rec-gap-<n>"`` for
        the tie proposed for a single gap: the anchor in the report, the key in
        ``findings.json`` and ``tables/recommendations.csv``.
    recommendation
        The tie with its numbers (:class:`~coopnet.recommend.Recommendation`).
    gap
        For a gap's tie: the two groups it connects, or the one group it opens; else ``()``.
    """

    id: str
    recommendation: Recommendation
    gap: tuple[str, ...] = ()

    @property
    def targeted(self) -> bool:
        """Whether this is the tie for one gap (not a step of an objective's list)."""
        return bool(self.gap)

    def ref(self, period: str | None) -> dict[str, Any]:
        """The link as ``findings.json`` gives it on a finding or topic.

        ``{"id", "objective", "rank", "period", "source", "target"}`` (``rank`` 1 for a gap's
        tie).
        """
        r = self.recommendation
        return {"id": self.id, "objective": r.objective, "rank": r.rank, "period": period,
                "source": r.source, "target": r.target}  # fmt: skip


@dataclass(frozen=True)
class Remedies:
    """The recommended ties of one period and the findings each addresses.

    Attributes
    ----------
    period
        The period key (``"all"``: all periods pooled, data without periods).
    k
        Ties asked for per objective.
    results
        One result per objective that recommends at least one tie, in :data:`OBJECTIVE_ORDER`.
    skipped
        ``(objective, reason)`` for every other objective (:data:`Skip`).
    before
        The value of every objective searched, before any new tie.
    targeted
        The ties proposed for single gaps (``id`` ``rec-gap-<n>``), in the order of the findings.
    links
        Rank of a finding (1-based, as in :attr:`~coopnet.diagnose.Diagnosis.findings`) → the
        ``id`` of the tie that addresses it. Only findings of `period` are linked.
    n_isolates
        Actors of the period without any tie (no candidates for a new tie).
    """

    period: str
    k: int
    results: tuple[Recommendations, ...]
    skipped: tuple[tuple[Objective, Skip], ...]
    before: Mapping[str, float] = field(default_factory=dict)
    targeted: tuple[Proposal, ...] = ()
    links: Mapping[int, str] = field(default_factory=dict)
    n_isolates: int = 0

    @property
    def period_value(self) -> str | None:
        """The period as findings name it (``None`` for the pooled network)."""
        return None if self.period == ALL else self.period

    def proposals(self) -> list[Proposal]:
        """Every proposed tie: the objectives' lists in order, then the gaps' ties."""
        listed = [Proposal(f"rec-{res.objective}-{r.rank}", r)
                  for res in self.results for r in res.recommendations]  # fmt: skip
        return listed + list(self.targeted)

    def proposal(self, pid: str) -> Proposal:
        """The proposal with id `pid` (:class:`KeyError` if there is none)."""
        for p in self.proposals():
            if p.id == pid:
                return p
        raise KeyError(pid)

    def addressed(self, pid: str) -> tuple[int, ...]:
        """Ranks of the findings linked to proposal `pid`, in rank order."""
        return tuple(sorted(rank for rank, target in self.links.items() if target == pid))

    def link_of(self, ranks: Sequence[int]) -> str | None:
        """The link of the first of `ranks` (a topic's findings) that has one, else ``None``."""
        return next((self.links[r] for r in ranks if r in self.links), None)

    def to_dict(self) -> dict[str, Any]:
        """Return the top-level ``recommendations`` of ``findings.json``.

        ``period`` (``null`` pooled), ``k``, ``objectives`` (shown, in order), ``skipped``
        (objective → reason), ``before`` per objective searched, ``after`` per objective
        shown (with all its ties), ``ties`` (every
        proposal: ``id``, ``gap``, ``findings`` — the ranks it addresses — and the fields of
        :meth:`~coopnet.recommend.Recommendation.to_dict`).
        """
        ties = [{"id": p.id, "gap": list(p.gap), "findings": list(self.addressed(p.id)),
                 **p.recommendation.to_dict()} for p in self.proposals()]  # fmt: skip
        return to_jsonable(  # type: ignore[no-any-return]
            {
                "period": self.period_value,
                "k": self.k,
                "objectives": [r.objective for r in self.results],
                "skipped": dict(self.skipped),
                "before": dict(self.before),
                "after": {r.objective: r.after for r in self.results},
                "ties": ties,
            }
        )


# ----------------------------------------------------------------------------------------------
# the lists
# ----------------------------------------------------------------------------------------------
def _skip(graph: nx.Graph[Any], objective: Objective, group: str | None) -> Skip | None:
    """Why `objective` cannot be searched on `graph`, or ``None``."""
    n = graph.number_of_nodes()
    if objective == "reach":
        if group is None:
            return "no_groups"
        if len({graph.nodes[v].get(group) for v in graph}) < 2:
            return "one_group"
    if n < (3 if objective == "robustness" else 2):
        return "too_small"
    return None


def _why_none(result: Recommendations) -> Skip:
    """Why `result` recommends no tie.

    Fragmentation and reach improve with a tie between any two active actors who are apart (in
    different components; more than two steps apart), so when none does and the value is not the
    best possible, only actors without any tie -- no candidates -- are apart.
    """
    best = 1.0 if result.objective == "reach" else 0.0
    if result.before == best:
        return "nothing_to_improve"
    if result.objective != "robustness" and result.n_isolates:
        return "isolates"
    if result.stop == "no_candidates":
        return "no_candidates"
    return "no_gain"


_Lists = tuple[tuple[Recommendations, ...], tuple[tuple[Objective, Skip], ...], dict[str, float]]


def _lists(study: Study, period: str, k: int) -> _Lists:
    """The greedy list of every objective that applies, why the others show none, the values."""
    graph = study.ties(period)
    results: list[Recommendations] = []
    skipped: list[tuple[Objective, Skip]] = []
    before: dict[str, float] = {}
    reasons = {objective: _skip(graph, objective, study.group) for objective in OBJECTIVE_ORDER}
    searched = [objective for objective, reason in reasons.items() if reason is None]
    # one array form and one set of candidate pairs for all objectives
    found = dict(zip(searched, recommend_objectives(graph, searched, k=k, group=study.group),
                     strict=True))  # fmt: skip
    for objective in OBJECTIVE_ORDER:
        reason = reasons[objective]
        if reason is None:
            result = found[objective]
            before[objective] = result.before
            if result.recommendations:
                results.append(result)
                continue
            reason = _why_none(result)
        skipped.append((objective, reason))
    return tuple(results), tuple(skipped), before


# ----------------------------------------------------------------------------------------------
# links
# ----------------------------------------------------------------------------------------------
def _gap(finding: Finding) -> tuple[str, ...]:
    """The groups of a silo finding: the pair (sorted) or the one group."""
    if finding.code == "missing_group_pair":
        first, second = sorted((str(finding.data["group_a"]), str(finding.data["group_b"])))
        return first, second
    return (finding.groups[0],) if finding.groups else ()


def _closes(results: Sequence[Recommendations], gap: tuple[str, ...]) -> Proposal | None:
    """The first listed tie (objectives in :data:`_SILO_ORDER`) that closes a silo gap."""
    by_objective = {r.objective: r for r in results}
    for objective in _SILO_ORDER:
        result = by_objective.get(objective)
        if result is None:
            continue
        if len(gap) == 2:
            found = result.for_group_pair(*gap)
        else:
            found = tuple(r for r in result.recommendations
                          if r.group_pair is not None and gap[0] in r.group_pair)  # fmt: skip
        if found:
            return Proposal(f"rec-{objective}-{found[0].rank}", found[0])
    return None


def _bypasses(results: Sequence[Recommendations], actor: str) -> Proposal | None:
    """The first listed tie (objectives in :data:`_POINT_ORDER`) that bypasses `actor`."""
    by_objective = {r.objective: r for r in results}
    for objective in _POINT_ORDER:
        result = by_objective.get(objective)
        found = result.bypassing(actor) if result is not None else ()
        if found:
            return Proposal(f"rec-{objective}-{found[0].rank}", found[0])
    return None


def _for_gap(study: Study, key: str, group: str, gap: tuple[str, ...]) -> Recommendation | None:
    """The one tie that raises the cross-group reach most across a gap, or ``None``.

    A pair of groups: between an actor of each; one group: from one of its actors to an actor
    of another group. Active actors (at least one tie) only, as in the objectives' lists.
    Computed once per study, period and gap.
    """
    return study.memo(("remedies-gap", key, group, gap),
                      lambda: _search_gap(study.ties(key), group, gap))  # fmt: skip


def _search_gap(graph: nx.Graph[Any], group: str, gap: tuple[str, ...]) -> Recommendation | None:
    active = sorted(str(v) for v in graph if graph.degree(v) > 0)
    inside = [v for v in active if graph.nodes[v].get(group) == gap[0]]
    if len(gap) == 2:
        other = [v for v in active if graph.nodes[v].get(group) == gap[1]]
    else:
        other = [v for v in active if graph.nodes[v].get(group) != gap[0]]
    if not inside or not other:
        return None
    result = recommend_ties(graph, k=1, objective=TARGETED, group=group, sources=inside,
                            targets=other)  # fmt: skip
    return result.recommendations[0] if result.recommendations else None


def _link(
    study: Study, key: str, findings: Sequence[Finding], results: Sequence[Recommendations],
    limit: int,
) -> tuple[dict[int, str], tuple[Proposal, ...]]:  # fmt: skip
    """Link the findings of period `key`; propose a tie for at most `limit` single gaps."""
    period = None if key == ALL else key
    group = study.group
    links: dict[int, str] = {}
    targeted: list[Proposal] = []
    tried: dict[tuple[str, ...], Proposal | None] = {}
    for rank, finding in enumerate(findings, start=1):
        if finding.period != period:
            continue
        found: Proposal | None = None
        if finding.code in SILO_CODES and group is not None and _gap(finding):
            gap = _gap(finding)
            found = _closes(results, gap)
            if found is None and gap not in tried and len(targeted) < limit:
                tie = _for_gap(study, key, group, gap)
                proposal = (
                    None if tie is None else Proposal(f"rec-gap-{len(targeted) + 1}", tie, gap)
                )
                tried[gap] = proposal
                if proposal is not None:
                    targeted.append(proposal)
            found = found or tried.get(gap)
        elif finding.code in SINGLE_POINT_CODES and finding.actors:
            found = _bypasses(results, finding.actors[0])
        if found is not None:
            links[rank] = found.id
    return links, tuple(targeted)


def find_remedies(
    study: Study,
    *,
    findings: Sequence[Finding] = (),
    period: str | None = None,
    k: int = DEFAULT_K,
) -> Remedies:
    """Recommend new ties for one period and link them to the findings they address.

    Parameters
    ----------
    study
        The study (:func:`coopnet.study`).
    findings
        Ranked findings (:attr:`coopnet.diagnose.Diagnosis.findings`) to link; ``()`` links
        nothing and proposes no tie for single gaps.
    period
        The period; ``None``: the last period of the study (``"all"`` for data without
        periods).
    k
        Ties per objective (:func:`~coopnet.recommend.recommend_ties` ``k``); at most `k` ties
        for single gaps as well.

    Returns
    -------
    Remedies
        For every objective of :data:`OBJECTIVE_ORDER` either its greedy list (on the
        symmetrised ties of the period, candidates: every pair of active actors not tied yet,
        as ``coopnet recommend``) or why it has none; the ties for single gaps; the links.
        The searches are computed once per study (kept in :meth:`~coopnet.run.Study.memo`).

    Notes
    -----
    Objectives are chosen by the data: each is searched when it applies (``reach`` needs a
    grouping column with two groups or more) and shown when some tie improves it (gain > 0):
    fragmentation when active actors are apart, robustness when one actor's loss would cut
    some off, reach when pairs of groups are more than two steps apart.

    Examples
    --------
    >>> import coopnet
    >>> s = coopnet.study("data/musterstadt")
    >>> r = find_remedies(s)
    >>> r.period, [x.objective for x in r.results], r.skipped
    ('2022', ['robustness', 'reach'], (('fragmentation', 'isolates'),))
    """
    key = study.period_key(period if period is not None else study.periods[-1])
    results, skipped, before = study.memo(("remedies", key, k), lambda: _lists(study, key, k))
    links, targeted = _link(study, key, findings, results, k)
    graph = study.ties(key)
    return Remedies(
        period=key, k=k, results=results, skipped=skipped, before=before, targeted=targeted,
        links=links,
        n_isolates=sum(1 for v in graph if graph.degree(v) == 0),
    )  # fmt: skip
