"""Findings that say the same thing, as one topic: the step after the rules.

The rules of :mod:`coopnet.diagnose.rules` and :mod:`~coopnet.diagnose.time_rules` look at one
period, one actor, one pair of groups at a time. On a real municipality that gives dozens of
findings, many of which repeat each other: the same broker in every missing pair, the same cut
vertex in every period. :func:`group_findings` folds them into ranked :class:`Topic` s, without
changing or dropping a finding (every finding belongs to exactly one topic):

* **one broker** — ``cut_vertex``, ``single_broker``, ``key_player_dependence`` and the
  ``missing_group_pair`` findings whose shortest connections run through an actor X are one
  topic "much depends on X", with a table of the single findings and one of the group pairs;
* **group pairs** — every other ``missing_group_pair`` is one topic with a table of the pairs
  (each pair once, with the periods it is missing in);
* **repeats over periods** — the other findings are one topic per rule and subject (the group,
  the actor; ``isolated_actor``, ``peripheral_actor``, ``broker_disappeared``, unreturned
  nominations between groups and the network-level rules per rule and wording), listing the
  periods, with a table of the numbers of each period.

A topic's rank is the rank of its most urgent finding (findings are ranked by severity, then
strength), so the order of the topics follows the order of the findings. The wording comes from
the catalogue (``diagnose.topic.*`` in ``coopnet/assets/texts/<lang>/diagnose.toml``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from coopnet.diagnose.findings import Evidence, Finding, Lang, Severity
from coopnet.diagnose.texts import evidence_name, format_value
from coopnet.jsonio import to_jsonable
from coopnet.lang import counted, join, number, text

__all__ = ["BROKER_CODES", "HEADLINE", "Topic", "TopicTable", "group_findings", "topic_key"]

BROKER_CODES: Final = ("cut_vertex", "single_broker", "key_player_dependence", "missing_group_pair")
"""Rules whose findings about the same actor form one "broker" topic (in this order)."""

HEADLINE: Final[Mapping[str, tuple[str, ...]]] = {
    "key_player_dependence": ("fragmentation_after",),
    "fallback_into_silos": ("ei_after",),
    "broker_disappeared": ("betweenness_after", "betweenness_before"),
    "missing_group_pair": ("via_share", "ties_previous", "n_missing_pairs"),
    "asymmetric_perception": ("unreciprocated_share",),
    "crisis_structure_lost": ("cross_retention", "retention_other"),
}
"""The measure that is "the number behind" a finding (the first evidence for other rules)."""

_BY_SUBJECT: Final = ("silo_group", "peripheral_group")
_BY_VARIANT: Final = ("silo_network", "crisis_structure_lost", "broker_disappeared")


@dataclass(frozen=True)
class TopicTable:
    """A small table of a topic: already worded and formatted text cells.

    Attributes
    ----------
    caption
        What the table shows.
    headers
        Column names.
    rows
        One tuple of texts per row (labels are untrusted: escape them when rendering).
    """

    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def to_dict(self) -> dict[str, Any]:
        """Return ``{caption, headers, rows}``."""
        return {"caption": self.caption, "headers": list(self.headers),
                "rows": [list(r) for r in self.rows]}  # fmt: skip


@dataclass(frozen=True)
class Topic:
    """One or more findings that say the same thing (see :func:`group_findings`).

    Attributes
    ----------
    id
        ``"t1"``, ``"t2"``, … in rank order (stable for the same data and options).
    kind
        ``"broker"``, ``"missing_group_pairs"`` or the code of the rule of its findings.
    severity, strength
        Those of its most urgent finding.
    statement, question
        One statement for all its findings, and a question for a workshop.
    periods
        The periods its findings describe, in the order of the data.
    findings
        Ranks (1-based positions in :attr:`Diagnosis.findings`) of its findings, in rank order.
    actors, groups
        The actors and groups concerned (union over its findings, in order of appearance).
    headline
        The number behind the statement (from its most urgent finding; see :data:`HEADLINE`).
    tables
        Small tables with the details (empty for a topic of one finding).
    lang
        Language of the texts.
    """

    id: str
    kind: str
    severity: Severity
    strength: float
    statement: str
    question: str
    periods: tuple[str, ...]
    findings: tuple[int, ...]
    actors: tuple[str, ...]
    groups: tuple[str, ...]
    headline: Evidence | None
    tables: tuple[TopicTable, ...] = ()
    lang: Lang = "de"

    def to_dict(self) -> dict[str, Any]:
        """Return the topic as JSON-ready values (``topics`` of ``findings.json``)."""
        return to_jsonable(  # type: ignore[no-any-return]
            {
                "id": self.id,
                "kind": self.kind,
                "severity": self.severity,
                "periods": list(self.periods),
                "statement": self.statement,
                "question": self.question,
                "headline": self.headline.to_dict() if self.headline else None,
                "findings": list(self.findings),
                "actors": list(self.actors),
                "groups": list(self.groups),
                "tables": [t.to_dict() for t in self.tables],
                "strength": round(self.strength, 6),
            }
        )


def topic_key(finding: Finding) -> tuple[str, ...]:
    """The key that puts findings into one topic (findings with equal keys are one topic)."""
    code = finding.code
    has_broker = code != "missing_group_pair" or "broker_label" in finding.data
    if code in BROKER_CODES and finding.actors and has_broker:
        return ("broker", finding.actors[0])
    if code == "missing_group_pair":
        return ("missing_group_pairs",)
    if code in _BY_SUBJECT:
        return (code, *finding.groups)
    if code == "fallback_into_silos":
        return (code, finding.variant, *finding.groups)
    if code == "asymmetric_perception":
        return (code, finding.variant, *(finding.actors[:1] if finding.variant == "actor" else ()))
    if code in _BY_VARIANT:
        return (code, finding.variant)
    return (code,)


def headline(finding: Finding) -> Evidence | None:
    """The evidence that is "the number behind" a finding (``None`` without evidence)."""
    by_measure = {e.measure: e for e in finding.evidence}
    for measure in HEADLINE.get(finding.code, ()):
        if measure in by_measure:
            return by_measure[measure]
    return finding.evidence[0] if finding.evidence else None


def group_findings(
    findings: Sequence[Finding],
    *,
    lang: Lang,
    labels: Mapping[str, str],
    periods: Sequence[str],
    group_label: str,
) -> list[Topic]:
    """Fold ranked findings into ranked topics (every finding in exactly one topic).

    Parameters
    ----------
    findings
        Ranked findings (:attr:`Diagnosis.findings`), worded in `lang`.
    lang
        Language of the topic texts.
    labels
        Actor id → label (for the broker's name).
    periods
        The periods of the data, in order (to list a topic's periods in that order).
    group_label
        Display name of the grouping column (header of the group-pair tables).

    Returns
    -------
    list of Topic
        In the order of their most urgent finding; ids ``t1``, ``t2``, ….
    """
    buckets: dict[tuple[str, ...], list[tuple[int, Finding]]] = {}
    for rank, finding in enumerate(findings, start=1):
        buckets.setdefault(topic_key(finding), []).append((rank, finding))
    order = {p: i for i, p in enumerate(periods)}
    topics = []
    for i, (key, members) in enumerate(buckets.items(), start=1):
        topic = _topic(
            f"t{i}", key, members, lang=lang, labels=labels, order=order, group_label=group_label
        )
        topics.append(topic)
    return topics


# ----------------------------------------------------------------------------------------------
# building one topic
# ----------------------------------------------------------------------------------------------
def _t(key: str, lang: Lang, **fields: object) -> str:
    return text(f"diagnose.topic.{key}", lang, **fields)


def _periods(members: Sequence[tuple[int, Finding]], order: Mapping[str, int]) -> tuple[str, ...]:
    found = {f.period for _, f in members if f.period is not None}
    return tuple(sorted(found, key=lambda p: (order.get(p, len(order)), p)))


def _when(periods: Sequence[str], lang: Lang) -> str:
    """`` (2014 und 2016)`` after a clause; empty for data without periods."""
    return f" ({join(list(periods), lang)})" if periods else ""


def _unique(items: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def _topic(
    tid: str,
    key: tuple[str, ...],
    members: list[tuple[int, Finding]],
    *,
    lang: Lang,
    labels: Mapping[str, str],
    order: Mapping[str, int],
    group_label: str,
) -> Topic:
    lead = members[0][1]
    codes = _unique([f.code for _, f in members])
    periods = _periods(members, order)
    statement, question = lead.statement, lead.question
    tables: list[TopicTable] = []
    kind = lead.code
    top = headline(lead)
    pairs = [(r, f) for r, f in members if f.code == "missing_group_pair"]
    others = [(r, f) for r, f in members if f.code != "missing_group_pair"]
    shown = _when(periods, lang)
    if len(members) > 1 and codes == ("missing_group_pair",):
        statement, question = _pairs_statement(pairs, lang, shown)
        tables.append(_pairs_table(pairs, lang, order, group_label))
        kind = "missing_group_pairs"
        n = len({_pair(f) for _, f in pairs})
        top = Evidence("n_pairs", n, f"{_t('n_pairs', lang)}: {number(n, lang)}")
    elif len(members) > 1 and len(codes) == 1:
        same = all(
            f.actors[:1] == lead.actors[:1] and f.groups == lead.groups for _, f in members
        ) and len({f.period for _, f in members}) == len(members)
        rest = [p for p in periods if p != lead.period]
        prefix = f"{lead.period}: " if lead.period is not None else ""
        if same:
            statement = _t("repeated", lang, period=prefix, statement=lead.statement,
                           periods=join(rest, lang))  # fmt: skip
        else:
            more = counted(len(members) - 1, "diagnose.topic.similar_findings", lang)
            statement = _t("similar", lang, period=prefix, statement=lead.statement,
                           more=more, periods=shown)  # fmt: skip
        tables.append(_evidence_table(members, lang, order, subjects=not same, labels=labels))
    elif len(members) > 1:
        kind, broker = "broker", key[1]
        main = next(f for code in BROKER_CODES for _, f in members if f.code == code)
        top = headline(main)
        parts = [_broker_part(code, [f for _, f in members if f.code == code], lang, order)
                 for code in BROKER_CODES if code in codes]  # fmt: skip
        statement = _t("broker", lang, actor_label=format_value(
            "actor_label", labels.get(broker, broker), lang), parts="; ".join(parts))  # fmt: skip
        tables.append(_findings_table(others, lang, order))
        if pairs:
            tables.append(_pairs_table(pairs, lang, order, group_label))
    return Topic(
        id=tid,
        kind=kind,
        severity=lead.severity,
        strength=lead.strength,
        statement=statement,
        question=question,
        periods=periods,
        findings=tuple(r for r, _ in members),
        actors=_unique([a for _, f in members for a in f.actors]),
        groups=_unique([g for _, f in members for g in f.groups]),
        headline=top,
        tables=tuple(tables),
        lang=lang,
    )


def _range(values: Sequence[Any], key: str, lang: Lang) -> str:
    low, high = min(values), max(values)
    if low == high:
        return format_value(key, low, lang)
    return text("common.range", lang, low=format_value(key, low, lang),
                high=format_value(key, high, lang))  # fmt: skip


def _pair(finding: Finding) -> tuple[str, str]:
    return str(finding.data["group_a"]), str(finding.data["group_b"])


def _broker_part(code: str, found: Sequence[Finding], lang: Lang, order: Mapping[str, int]) -> str:
    fields: dict[str, object] = {"periods": _when(_periods([(0, f) for f in found], order), lang)}
    if code == "cut_vertex":
        sizes = [int(f.data["n"]) for f in found]
        if min(sizes) == max(sizes):
            fields["n"] = counted(sizes[0], "common.count.actors", lang)
        else:
            shown = text("common.range", lang, low=number(min(sizes), lang),
                         high=number(max(sizes), lang))  # fmt: skip
            fields["n"] = text("common.count.actors.other", lang, n=shown)
    elif code == "single_broker":
        fields["share"] = _range([f.data["cross_group_path_share"] for f in found],
                                 "cross_group_path_share", lang)  # fmt: skip
    elif code == "key_player_dependence":
        main = found[0]  # the most urgent one
        fields["before"] = format_value("fragmentation_before", main.data["fragmentation_before"],
                                        lang)  # fmt: skip
        fields["after"] = format_value("fragmentation_after", main.data["fragmentation_after"],
                                       lang)  # fmt: skip
        rest = [p for p in _periods([(0, f) for f in found[1:]], order) if p != main.period]
        if main.period is not None and rest:
            shown = _t("lead_periods", lang, lead=main.period, rest=join(rest, lang))
            fields["periods"] = f" ({shown})"
    else:
        n = len({_pair(f) for f in found})
        fields["pairs"] = counted(n, "diagnose.topic.group_pairs", lang)
    return _t(f"broker_part.{code}", lang, **fields)


def _pairs_statement(
    pairs: Sequence[tuple[int, Finding]], lang: Lang, periods: str
) -> tuple[str, str]:
    distinct = list(dict.fromkeys(_pair(f) for _, f in pairs))
    lead = pairs[0][1]
    via = "broker_label" in lead.data
    fields: dict[str, object] = {"periods": periods}
    if via:
        fields["broker_label"] = format_value("broker_label", lead.data["broker_label"], lang)
    if len(distinct) == 1:
        a, b = distinct[0]
        fields.update(
            group_a=format_value("group_a", a, lang), group_b=format_value("group", b, lang)
        )
        name = "pair_via" if via else "pair"
    else:
        fields["pairs"] = counted(len(distinct), "diagnose.topic.group_pairs", lang)
        name = "pairs_via" if via else "pairs"
    question = lead.question if len(distinct) == 1 else _t("pairs_question", lang)
    return _t(name, lang, **fields), question


def _pairs_table(
    pairs: Sequence[tuple[int, Finding]],
    lang: Lang,
    order: Mapping[str, int],
    group_label: str,
) -> TopicTable:
    rows: dict[tuple[str, str], list[Finding]] = {}
    for _, f in pairs:
        rows.setdefault(_pair(f), []).append(f)
    via = any("via_share" in f.data for _, f in pairs)
    headers = [group_label, group_label, _t("table.periods", lang), _t("table.previous", lang)]
    if via:
        headers.append(_t("table.via", lang))
    out = []
    for (a, b), found in sorted(rows.items()):
        found = sorted(found, key=lambda f: order.get(f.period or "", 0))
        row = [a, b, join([f.period for f in found if f.period], lang),
               join([f"{f.data['previous']}: {format_value('ties_previous', f.data['ties_previous'], lang)}"
                     for f in found if "ties_previous" in f.data], lang) or "–"]  # fmt: skip
        if via:
            row.append(join([format_value("via_share", f.data["via_share"], lang)
                             for f in found if "via_share" in f.data], lang) or "–")  # fmt: skip
        out.append(tuple(row))
    return TopicTable(_t("table.pairs_caption", lang), tuple(headers), tuple(out))


def _in_order(
    members: Sequence[tuple[int, Finding]], order: Mapping[str, int]
) -> list[tuple[int, Finding]]:
    return sorted(members, key=lambda m: (order.get(m[1].period or "", -1), m[0]))


def _subject(finding: Finding, lang: Lang, labels: Mapping[str, str]) -> str:
    """Whom a finding is about, for the table of a topic."""
    if finding.code == "asymmetric_perception" and finding.variant == "groups":
        return " → ".join(finding.groups)
    if not finding.actors:
        return join(list(finding.groups), lang)
    names = [labels.get(a, a) for a in finding.actors[:5]]
    if len(finding.actors) > 5:
        names.append(text("common.more", lang, n=number(len(finding.actors) - 5, lang)))
    return join(names, lang)


def _findings_table(
    members: Sequence[tuple[int, Finding]], lang: Lang, order: Mapping[str, int]
) -> TopicTable:
    headers = (_t("table.period", lang), _t("table.finding", lang), _t("table.evidence", lang))
    rows = tuple(
        (f.period or "–", text(f"diagnose.code_name.{f.code}", lang),
         "; ".join(e.text for e in f.evidence))
        for _, f in _in_order(members, order)
    )  # fmt: skip
    return TopicTable(_t("table.findings_caption", lang), headers, rows)


def _evidence_table(
    members: Sequence[tuple[int, Finding]],
    lang: Lang,
    order: Mapping[str, int],
    *,
    subjects: bool,
    labels: Mapping[str, str],
) -> TopicTable:
    measures = list(dict.fromkeys(e.measure for _, f in members for e in f.evidence))
    headers = [_t("table.period", lang)]
    if subjects:
        headers.append(_t("table.subject", lang))
    headers += [evidence_name(m, lang) for m in measures]
    rows = []
    for _, f in _in_order(members, order):
        values = {e.measure: e.value for e in f.evidence}
        row = [f.period or "–"]
        if subjects:
            row.append(_subject(f, lang, labels))
        row += [format_value(m, values[m], lang) if m in values else "–" for m in measures]
        rows.append(tuple(row))
    return TopicTable(_t("table.evidence_caption", lang), tuple(headers), tuple(rows))
