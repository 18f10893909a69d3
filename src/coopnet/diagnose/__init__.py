"""Diagnosis: ranked findings about integration gaps, in plain German or English.

:func:`diagnose` runs the rules of :mod:`coopnet.diagnose.rules` on every period of a dataset
(silos, missing group pairs, single points of failure, isolated and peripheral actors and groups,
asymmetric perception) and on the changes between periods (fall-back into silos, crisis
structures lost or sustained, brokers that disappeared), and returns a :class:`Diagnosis` whose
findings are ranked by severity, then strength. :func:`write_findings` writes ``findings.json``
and ``findings.md``; :func:`format_text` prints them for the terminal. ``docs/diagnosis.md``
documents every rule, its thresholds (:class:`Thresholds`) and what a finding means.
:func:`find_remedies` (:mod:`coopnet.diagnose.remedies`) links the findings to the new ties of
:mod:`coopnet.recommend` that address them (:meth:`Diagnosis.with_remedies`).
"""

from __future__ import annotations

from collections import Counter

from coopnet import schema
from coopnet.compare.periods import (
    MultiPeriodComparison,
    PeriodComparison,
    compare_all,
)
from coopnet.diagnose import rules, time_rules
from coopnet.diagnose._paths import cross_group_dependence
from coopnet.diagnose.findings import (
    SEVERITIES,
    Diagnosis,
    Evidence,
    Finding,
    Thresholds,
    rank_findings,
)
from coopnet.diagnose.remedies import Proposal, Remedies, find_remedies
from coopnet.diagnose.render import (
    format_text,
    recommendation_text,
    render_markdown,
    write_findings,
    write_findings_files,
)
from coopnet.diagnose.topics import Topic, TopicTable, group_findings
from coopnet.model import CooperationNetwork
from coopnet.run import ALL, Study

__all__ = [
    "SEVERITIES",
    "Diagnosis",
    "Evidence",
    "Finding",
    "Proposal",
    "Remedies",
    "Thresholds",
    "Topic",
    "TopicTable",
    "diagnose",
    "find_remedies",
    "format_text",
    "group_findings",
    "recommendation_text",
    "render_markdown",
    "write_findings",
    "write_findings_files",
]

DEFAULT_THRESHOLDS = Thresholds()


def _dominant_sectors(net: CooperationNetwork, column: str, present: set[str]) -> dict[str, str]:
    """Most frequent ``sector`` of each group among the actors present (ties: alphabetical)."""
    actors = net.actors
    if schema.SECTOR not in actors.columns:
        return {}
    counts: dict[str, Counter[str]] = {}
    for actor, group, sector in zip(
        actors[schema.ID], actors[column], actors[schema.SECTOR], strict=True
    ):
        if actor in present and isinstance(sector, str) and sector and isinstance(group, str):
            counts.setdefault(group, Counter())[sector] += 1
    return {g: sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] for g, c in counts.items()}


def diagnose(
    study: Study,
    *,
    period: str | None = None,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
    comparison: PeriodComparison | None = None,
) -> Diagnosis:
    """Diagnose integration gaps and single points of failure, in plain language.

    Parameters
    ----------
    study
        The study (:func:`coopnet.study`): dataset, grouping column, options; its
        ``options.lang`` chooses German (``"de"``) or English (``"en"``).
    period
        Diagnose this period only (with the changes that lead into it); ``None`` diagnoses every
        period and every change (data without periods: the whole network).
    thresholds
        Thresholds of the rules (see ``docs/diagnosis.md``).
    comparison
        Diagnose only this change between two periods instead of every consecutive change
        (:func:`~coopnet.compare.compare_periods` of the same study).

    Returns
    -------
    Diagnosis
        Findings ranked by severity (high, medium, low, info), then strength, and the same
        findings folded into topics (:attr:`Diagnosis.topics`: one per broker, per repeated
        finding, for all missing group pairs). Computed once per study and arguments.

    Raises
    ------
    GraphError
        Unknown period, or no grouping column.

    Notes
    -----
    Every rule works on the symmetrised ties (path and component rules ignore direction), except
    ``asymmetric_perception``, which reads the directed nominations among respondents. The
    result is deterministic: the same data, options (seed) and `thresholds` give the same
    findings, byte for byte in ``findings.json``.

    Examples
    --------
    >>> import coopnet
    >>> s = coopnet.study("data/musterstadt", n_permutations=99)
    >>> d = diagnose(s, period="2014")
    >>> [f.groups[0] for f in d.by_code("silo_group")][:2]
    ['Wohnen & Stadtentwicklung', 'Bildung & Schule']
    """
    key = ("diagnose", period, thresholds, id(comparison) if comparison is not None else None)
    return study.memo(key, lambda: _diagnose(study, period, thresholds, comparison))


def _diagnose(
    study: Study,
    period: str | None,
    thresholds: Thresholds,
    comparison: PeriodComparison | None,
) -> Diagnosis:
    net = study.net
    column = study.group  # None: the rules on groups are skipped (Study.group_measures_note)
    periods = tuple(net.periods)
    if period is not None:
        period = study.period_key(period)
    targets = [period] if period is not None else list(study.periods)
    found = {**study.analyses(), **{key: study.analysis(key) for key in targets}}

    multi: MultiPeriodComparison | None = None
    pairs: list[PeriodComparison] = []
    if comparison is not None:
        pairs = [comparison]
    elif len(periods) >= 2:
        multi = compare_all(study)
        pairs = list(multi.pairs)

    labels = study.labels()
    lang = study.options.lang
    findings: list[Finding] = []
    for key in targets:
        real = None if key == ALL else key
        graph = study.ties(key)
        index = periods.index(key) if key in periods else -1
        previous = None
        previous_graph = None
        if index > 0:
            previous = (periods[index - 1], found[periods[index - 1]])
            previous_graph = study.ties(periods[index - 1])
        ctx = rules.PeriodContext(
            period=real,
            analysis=found[key],
            graph=graph,
            labels=labels,
            responded=net.responded(real),  # in this period
            sectors=_dominant_sectors(net, column, set(graph)) if column is not None else {},
            previous=previous,
            dependence=(
                cross_group_dependence(graph, group=column, arrays=study.arrays(key))
                if column is not None
                else None
            ),
            unreciprocated=study.unreciprocated(key),
            nominations=study.nominations(key),
            thresholds=thresholds,
            lang=lang,
            arrays=study.arrays(key),
        )
        if column is None:  # only the rules that need no groups
            findings += rules.cut_vertices(ctx)
            findings += rules.key_player_dependence(ctx)
            findings += rules.isolated_actors(ctx)
            continue
        silo = rules.silos(ctx)
        findings += silo
        findings += rules.missing_group_pairs(ctx, previous_graph)
        findings += rules.cut_vertices(ctx)
        findings += rules.single_broker(ctx)
        findings += rules.key_player_dependence(ctx)
        findings += rules.isolated_actors(ctx)
        skip = {g for f in silo if f.code == "silo_group" for g in f.groups}
        findings += rules.peripheral_groups(ctx, skip=skip)
        findings += rules.asymmetric_perception(ctx)

    brokers = multi.brokers if multi is not None else {}
    for pair in pairs:
        if pair.after not in targets:
            continue
        if column is not None:
            findings += time_rules.fallback(pair, thresholds=thresholds, lang=lang)
        if brokers:
            findings += time_rules.broker_changes(
                pair, brokers, labels, thresholds=thresholds, lang=lang
            )
    if (
        column is not None
        and multi is not None
        and multi.persistence_periods
        and multi.persistence_periods[2] in targets
    ):
        findings += time_rules.persistence_findings(multi, labels, thresholds=thresholds, lang=lang)

    named = sorted({a for f in findings for a in f.actors})
    return Diagnosis(
        findings=rank_findings(findings),
        dataset=net.name,
        periods=tuple(targets),
        lang=lang,
        group=column,
        thresholds=thresholds,
        options={
            "directed": study.options.directed,
            "weighted": study.options.weighted,
            "n_permutations": study.options.n_permutations,
            "seed": study.options.seed,
            "key_players": study.options.key_players,
        },
        labels={a: labels.get(a, a) for a in named},
        column_labels=dict(net.meta.labels),
    )
