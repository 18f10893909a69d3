"""The diagnosis rules over time: fall-back into silos, brokers that left, crisis structures.

Each rule reads a :mod:`coopnet.compare` result and returns a list of
:class:`~coopnet.diagnose.findings.Finding`; ``docs/diagnosis.md`` lists them with their
thresholds. The rules of a single period are in :mod:`coopnet.diagnose.rules`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from coopnet.compare.periods import MultiPeriodComparison, PeriodComparison
from coopnet.diagnose.findings import Finding, Lang, Thresholds, make_finding
from coopnet.metrics import NetworkAnalysis

__all__ = ["broker_changes", "fallback", "persistence_findings"]


def _number(value: Any) -> float:
    """A table cell as float (pandas' scalar type is too wide for the type checker)."""
    return float(value)


def _cross_density(analysis: NetworkAnalysis, cross_ties: int) -> float:
    sizes = analysis.groups["n_actors"].astype(int).tolist()
    possible = (sum(sizes) ** 2 - sum(s * s for s in sizes)) // 2
    return cross_ties / possible if possible else math.nan


def fallback(pair: PeriodComparison, *, thresholds: Thresholds, lang: Lang) -> list[Finding]:
    """``fallback_into_silos`` between two consecutive periods (network and groups)."""
    th = thresholds
    out: list[Finding] = []
    churn = pair.churn
    cross_before = (churn.cross_kept or 0) + (churn.cross_removed or 0)
    cross_after = (churn.cross_kept or 0) + (churn.cross_added or 0)
    a1, a2 = pair.analyses[pair.before], pair.analyses[pair.after]
    density_before = _cross_density(a1, cross_before)
    density_after = _cross_density(a2, cross_after)
    drop = pair.ei_before - pair.ei_after
    common = {"before": pair.before, "after": pair.after}
    if drop >= th.ei_drop and density_after < density_before:
        out.append(
            make_finding(
                "fallback_into_silos",
                "high" if pair.ei_after < 0 else "medium",
                period=pair.after,
                strength=drop / 2,
                variant="network",
                data={
                    **common,
                    "ei_before": pair.ei_before,
                    "ei_after": pair.ei_after,
                    "cross_ties_before": cross_before,
                    "cross_ties_after": cross_after,
                },
                evidence=[
                    ("ei_before", pair.ei_before, pair.before),
                    ("ei_after", pair.ei_after, pair.after),
                    ("cross_ties_before", cross_before, pair.before),
                    ("cross_ties_after", cross_after, pair.after),
                    ("cross_density_before", density_before, pair.before),
                    ("cross_density_after", density_after, pair.after),
                ],
                lang=lang,
            )
        )
    members = a2.actors.groupby(a2.group).groups
    for row in pair.groups.itertuples(index=False):
        e1, e2 = _number(row.ei_before), _number(row.ei_after)
        if math.isnan(e1) or math.isnan(e2) or _number(row.n_actors_after) < th.min_group_size:
            continue
        if e2 < 0 and e1 - e2 >= th.group_ei_drop:
            out.append(
                make_finding(
                    "fallback_into_silos",
                    "medium",
                    period=pair.after,
                    strength=(e1 - e2) / 2,
                    actors=sorted(str(a) for a in members.get(row.group, [])),
                    groups=[str(row.group)],
                    variant="group",
                    data={**common, "group": row.group, "ei_before": e1, "ei_after": e2},
                    evidence=[
                        ("ei_before", e1, f"{row.group}, {pair.before}"),
                        ("ei_after", e2, f"{row.group}, {pair.after}"),
                    ],
                    lang=lang,
                )
            )
    return out


def broker_changes(
    pair: PeriodComparison,
    brokers: Mapping[str, tuple[str, ...]],
    labels: Mapping[str, str],
    *,
    thresholds: Thresholds,
    lang: Lang,
) -> list[Finding]:
    """``broker_disappeared``: brokers of the earlier period that left or lost their role.

    A broker (:func:`~coopnet.compare.periods.period_brokers`) of `pair.before` that is no actor
    of `pair.after` left (``medium``); one whose betweenness fell by at least ``broker_drop``
    (relative) and is no broker of `pair.after` lost its role (``low``).
    """
    out: list[Finding] = []
    a1, a2 = pair.analyses[pair.before], pair.analyses[pair.after]
    for actor in brokers.get(pair.before, ()):
        b1 = _number(a1.actors.at[actor, "betweenness"])
        label = str(labels.get(actor, actor))
        common = {
            "before": pair.before,
            "after": pair.after,
            "actor_label": label,
            "betweenness_before": b1,
        }
        if actor not in a2.actors.index:
            out.append(
                make_finding(
                    "broker_disappeared",
                    "medium",
                    period=pair.after,
                    strength=b1,
                    actors=[actor],
                    variant="left",
                    data=common,
                    evidence=[("betweenness_before", b1, label)],
                    lang=lang,
                )
            )
            continue
        b2 = _number(a2.actors.at[actor, "betweenness"])
        if actor in brokers.get(pair.after, ()) or b2 > (1 - thresholds.broker_drop) * b1:
            continue
        out.append(
            make_finding(
                "broker_disappeared",
                "low",
                period=pair.after,
                strength=b1 - b2,
                actors=[actor],
                variant="lost_role",
                data={**common, "betweenness_after": b2},
                evidence=[("betweenness_before", b1, label), ("betweenness_after", b2, label)],
                lang=lang,
            )
        )
    return out


def persistence_findings(
    multi: MultiPeriodComparison,
    labels: Mapping[str, str],
    *,
    thresholds: Thresholds,
    lang: Lang,
) -> list[Finding]:
    """``crisis_structure_sustained`` / ``crisis_structure_lost`` from the persistence triple.

    The retention of the new cross-group ties whose actors still exist decides: at least
    ``retention_sustained`` → sustained (info), else lost (high below
    ``retention_lost_high``). When sustained overall, the ties not involving the middle period's
    top broker are checked alone and reported as lost if their retention is below the threshold.
    """
    p, triple = multi.persistence, multi.persistence_periods
    if p is None or triple is None or not p.cross_new:
        return []
    th = thresholds
    _, middle, last = triple
    base = (p.cross_sustained or 0) + (p.cross_temporary or 0)
    retention = p.cross_retention
    if retention is None or not base or math.isnan(retention):
        return []
    data = {
        "middle": middle,
        "last": last,
        "cross_retention": retention,
        "cross_sustained": p.cross_sustained,
        "base": base,
    }
    evidence: list[tuple[str, float | int | str | None, str]] = [
        ("cross_new", p.cross_new, middle),
        ("cross_sustained", p.cross_sustained, last),
        ("cross_temporary", p.cross_temporary, last),
        ("cross_lost_with_actor", p.cross_lost_with_actor, last),
        ("cross_retention", retention, last),
    ]
    if retention < th.retention_sustained:
        return [
            make_finding(
                "crisis_structure_lost",
                "high" if retention < th.retention_lost_high else "medium",
                period=last,
                strength=1 - retention,
                variant="overall",
                data=data,
                evidence=evidence,
                lang=lang,
            )
        ]
    out = [
        make_finding(
            "crisis_structure_sustained",
            "info",
            period=last,
            strength=retention,
            data=data,
            evidence=evidence,
            lang=lang,
        )
    ]
    kept = [b for b in multi.brokers.get(middle, ()) if b in multi.analyses[last].actors.index]
    if not kept:
        return out
    broker = kept[0]
    ties = p.ties[p.ties["cross_group"] & (p.ties["status"] != "lost_with_actor")]
    via = (ties["source"] == broker) | (ties["target"] == broker)
    sustained = ties["status"] == "sustained"
    other_n = int((~via).sum())
    if not other_n or not int(via.sum()):
        return out
    other = float((sustained & ~via).sum() / other_n)
    through = float((sustained & via).sum() / via.sum())
    if other < th.retention_sustained:
        label = str(labels.get(broker, broker))
        out.append(
            make_finding(
                "crisis_structure_lost",
                "high" if other < th.retention_lost_high else "medium",
                period=last,
                strength=1 - other,
                actors=[broker],
                variant="without_broker",
                data={
                    **data,
                    "broker_label": label,
                    "retention_other": other,
                    "retention_via_broker": through,
                },
                evidence=[
                    ("retention_via_broker", through, label),
                    ("retention_other", other, label),
                ],
                lang=lang,
            )
        )
    return out
