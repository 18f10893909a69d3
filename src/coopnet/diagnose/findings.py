"""The data of a diagnosis: :class:`Thresholds`, :class:`Evidence`, :class:`Finding`, :class:`Diagnosis`.

A finding keeps the numbers it rests on (``data``) apart from its wording, so the same diagnosis
can be rendered in German or English (:meth:`Diagnosis.translated`) without recomputing anything.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING, Any, Final, Literal

from coopnet.diagnose import texts
from coopnet.display import short_repr, summary_html
from coopnet.jsonio import to_jsonable
from coopnet.lang import column_label

if TYPE_CHECKING:
    from coopnet.diagnose.remedies import Remedies
    from coopnet.diagnose.topics import Topic

__all__ = [
    "FORMAT",
    "SEVERITIES",
    "Diagnosis",
    "Evidence",
    "Finding",
    "Lang",
    "Severity",
    "Thresholds",
    "make_finding",
    "rank_findings",
]

Severity = Literal["high", "medium", "low", "info"]
Lang = Literal["de", "en"]

SEVERITIES: Final[tuple[Severity, ...]] = ("high", "medium", "low", "info")
"""Severities from the most to the least urgent; findings are ranked in this order."""

FORMAT: Final = 3
"""Version of ``findings.json``: 2 added ``topics`` and each finding's ``rank`` and ``topic``; 3
added ``recommendations`` and each topic's and finding's ``recommendation``."""


@dataclass(frozen=True)
class Thresholds:
    """Every threshold the diagnosis rules use; ``docs/diagnosis.md`` explains each one.

    Attributes
    ----------
    alpha
        Significance level of the E-I permutation tests (``p_lower``).
    silo_ei, silo_ei_high
        A group is a silo when its E-I index is at most ``silo_ei`` (and significant); the finding
        is ``high`` at or below ``silo_ei_high``. The network-level finding is ``high`` at or below
        ``silo_ei`` and ``low`` for any other negative, significant E-I index.
    min_group_size
        Groups with fewer actors are not judged as silos, peripheral groups or missing pairs.
    max_missing_pairs
        At most this many ``missing_group_pair`` findings per period (the most relevant ones).
    few_pair_ties
        A pair of groups counts as "not meeting" when it has at most this many ties (0: none).
    pair_via_share
        A missing pair is reported as "connected only through X" when at least this share of the
        shortest paths between the two groups passes through one actor X.
    bridge_sectors
        Pairs of sectors whose groups should meet (administration ↔ civil society); a missing
        pair between such groups ranks higher and is ``medium``.
    cut_off_high
        A cut vertex is ``high`` when it alone connects at least this many actors.
    broker_share, broker_share_high
        Dependence on one broker: share of the shortest paths between actors of different groups
        that run through one actor (``medium`` / ``high``).
    key_player_gain, key_player_gain_high
        Rise of fragmentation (share of unreachable pairs) when the top key player is removed.
    peripheral_group_ratio
        A group is peripheral when it has fewer ties to other groups than this times its size.
    min_unreciprocated, unreciprocated_share
        A pair of groups is reported when at least this many nominations from one to the other are
        not returned and they are at least this share of those nominations.
    actor_unreciprocated
        An actor is reported when at least this many respondents name it without being named
        back, and that is at least ``unreciprocated_share`` of the nominations it receives.
    ei_drop, group_ei_drop
        Fall-back into silos between consecutive periods: the overall E-I index fell by at least
        ``ei_drop`` (and cross-group density fell); a group's E-I fell by at least
        ``group_ei_drop`` to a negative value.
    retention_sustained, retention_lost_high
        Ties new in the crisis period: sustained when at least ``retention_sustained`` of the
        cross-group ones whose actors still exist persist; ``crisis_structure_lost`` is ``high``
        below ``retention_lost_high``.
    broker_drop
        A broker "lost its role" when its betweenness fell by at least this share.
    max_listed
        At most this many actors are named in one statement.
    """

    alpha: float = 0.05
    silo_ei: float = -0.3
    silo_ei_high: float = -0.6
    min_group_size: int = 2
    max_missing_pairs: int = 5
    few_pair_ties: int = 0
    pair_via_share: float = 0.5
    bridge_sectors: tuple[tuple[str, str], ...] = (("Verwaltung", "Zivilgesellschaft"),)
    cut_off_high: int = 3
    broker_share: float = 0.3
    broker_share_high: float = 0.5
    key_player_gain: float = 0.05
    key_player_gain_high: float = 0.15
    peripheral_group_ratio: float = 1.0
    min_unreciprocated: int = 3
    unreciprocated_share: float = 0.5
    actor_unreciprocated: int = 5
    ei_drop: float = 0.1
    group_ei_drop: float = 0.15
    retention_sustained: float = 0.5
    retention_lost_high: float = 0.25
    broker_drop: float = 0.5
    max_listed: int = 5

    def to_dict(self) -> dict[str, Any]:
        """Return the thresholds as JSON-ready values."""
        return to_jsonable(asdict(self))  # type: ignore[no-any-return]


@dataclass(frozen=True)
class Evidence:
    """One number a finding rests on.

    Attributes
    ----------
    measure
        Stable name of the measure (``ei_index``, ``cut_off``, ...; see ``docs/diagnosis.md``).
    value
        The value (a number, or a text such as a period).
    text
        The measure's name and value in the diagnosis' language, e.g. ``E-I-Index: -0,60``.
    subject
        What the value belongs to (a group or actor label, a period); may be empty.
    """

    measure: str
    value: float | int | str | None
    text: str
    subject: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Return ``{measure, value, text, subject}``."""
        return to_jsonable(asdict(self))  # type: ignore[no-any-return]


@dataclass(frozen=True)
class Finding:
    """One diagnosed problem (or strength) of the cooperation network.

    Attributes
    ----------
    code
        Stable identifier of the rule (``silo_group``, ``cut_vertex``, ...).
    severity
        ``high``, ``medium``, ``low`` or ``info``.
    statement
        One sentence in the diagnosis' language, naming actors by their labels.
    evidence
        The numbers the statement rests on.
    actors
        Ids of the actors concerned (sorted as the rule lists them).
    groups
        The groups concerned.
    question
        A question to discuss in a workshop.
    period
        The period the finding describes (for changes: the later period); ``None`` when the data
        have no periods.
    strength
        How pronounced the finding is, roughly in [0, 1]; ranks findings of equal severity.
    variant
        Which wording of the rule applies (e.g. ``via_broker``); part of the stable output.
    data
        The values the wording is filled with (labels, numbers); used to re-render the text.
    lang
        Language of ``statement``, ``question`` and the evidence texts.
    """

    code: str
    severity: Severity
    statement: str
    evidence: tuple[Evidence, ...]
    actors: tuple[str, ...]
    groups: tuple[str, ...]
    question: str
    period: str | None
    strength: float
    variant: str = ""
    data: Mapping[str, Any] = field(default_factory=dict, repr=False)
    lang: Lang = "de"

    def to_dict(self) -> dict[str, Any]:
        """Return the finding as JSON-ready values (``data`` is included for re-rendering)."""
        return to_jsonable(  # type: ignore[no-any-return]
            {
                "code": self.code,
                "severity": self.severity,
                "period": self.period,
                "statement": self.statement,
                "question": self.question,
                "actors": list(self.actors),
                "groups": list(self.groups),
                "evidence": [e.to_dict() for e in self.evidence],
                "strength": round(self.strength, 6),
                "variant": self.variant,
                "data": dict(self.data),
            }
        )

    def translated(self, lang: Lang) -> Finding:
        """Return the same finding worded in `lang`."""
        if lang == self.lang:
            return self
        return make_finding(
            self.code,
            self.severity,
            period=self.period,
            strength=self.strength,
            actors=self.actors,
            groups=self.groups,
            data=self.data,
            evidence=[(e.measure, e.value, e.subject) for e in self.evidence],
            variant=self.variant,
            lang=lang,
        )


def make_finding(
    code: str,
    severity: Severity,
    *,
    period: str | None,
    strength: float,
    actors: Sequence[str] = (),
    groups: Sequence[str] = (),
    data: Mapping[str, Any],
    evidence: Sequence[tuple[str, float | int | str | None, str]] = (),
    variant: str = "",
    lang: Lang = "de",
) -> Finding:
    """Build a :class:`Finding`, wording statement, question and evidence from :mod:`texts`.

    Parameters
    ----------
    evidence
        ``(measure, value, subject)`` triples; the text of each is worded here.
    """
    clean = to_jsonable(dict(data))
    return Finding(
        code=code,
        severity=severity,
        statement=texts.statement(code, variant, clean, lang),
        evidence=tuple(
            Evidence(
                measure,
                to_jsonable(value),
                texts.evidence(measure, value, subject, lang),
                subject,
            )
            for measure, value, subject in evidence
        ),
        actors=tuple(actors),
        groups=tuple(groups),
        question=texts.question(code, variant, clean, lang),
        period=period,
        strength=float(strength),
        variant=variant,
        data=clean,
        lang=lang,
    )


def rank_findings(findings: Sequence[Finding]) -> list[Finding]:
    """Sort findings by severity, then strength (descending), then period, code and actors."""
    order = {s: i for i, s in enumerate(SEVERITIES)}
    return sorted(
        findings,
        key=lambda f: (
            order[f.severity],
            -round(f.strength, 9),
            f.period or "",
            f.code,
            f.groups,
            f.actors,
            f.variant,
        ),
    )


@dataclass(frozen=True)
class Diagnosis:
    """The ranked findings of one dataset (the result of :func:`coopnet.diagnose.diagnose`).

    Attributes
    ----------
    findings
        Ranked by severity, then strength (see :func:`rank_findings`).
    dataset
        Name of the dataset.
    periods
        The periods diagnosed, in order (``("all",)`` for data without periods).
    lang
        Language of the texts.
    group
        The grouping column.
    thresholds
        The thresholds used.
    options
        Analysis options (directed, weighted, n_permutations, seed, key_players).
    labels
        Label of every actor named in a finding (id → label).
    column_labels
        Display names of columns (the dataset's ``[labels]``), for the grouping column's name.
    remedies
        The recommended new ties and which finding each addresses
        (:func:`coopnet.diagnose.remedies.find_remedies`, added by :meth:`with_remedies`);
        ``None``: not computed.
    """

    findings: list[Finding]
    dataset: str
    periods: tuple[str, ...]
    lang: Lang
    group: str | None
    thresholds: Thresholds = field(default_factory=Thresholds)
    options: Mapping[str, Any] = field(default_factory=dict)
    labels: Mapping[str, str] = field(default_factory=dict)
    column_labels: Mapping[str, str] = field(default_factory=dict)
    remedies: Remedies | None = None

    @cached_property
    def topics(self) -> list[Topic]:
        """The findings folded into ranked topics (:func:`coopnet.diagnose.topics.group_findings`).

        Every finding belongs to exactly one topic; the same broker in many findings, the same
        finding in several periods and all missing group pairs are one topic each.
        """
        from coopnet.diagnose.topics import group_findings

        return group_findings(
            self.findings, lang=self.lang, labels=self.labels, periods=self.periods,
            group_label=column_label(self.group, self.lang, self.column_labels)
            if self.group is not None
            else "–",
        )  # fmt: skip

    def topic_of(self) -> dict[int, str]:
        """Rank of each finding (1-based) → id of its topic."""
        return {rank: t.id for t in self.topics for rank in t.findings}

    def counts(self) -> dict[str, int]:
        """Number of findings per severity (every severity listed, in order)."""
        return {s: sum(1 for f in self.findings if f.severity == s) for s in SEVERITIES}

    def by_code(self, code: str) -> list[Finding]:
        """The findings of one rule, in rank order."""
        return [f for f in self.findings if f.code == code]

    def for_period(self, period: str | None) -> list[Finding]:
        """The findings of one period, in rank order."""
        return [f for f in self.findings if f.period == period]

    def with_remedies(self, remedies: Remedies) -> Diagnosis:
        """Return the diagnosis with `remedies` (the findings and their ranking unchanged)."""
        return replace(self, remedies=remedies)

    def recommendation_of(self, ranks: Sequence[int]) -> dict[str, Any] | None:
        """The ``recommendation`` of ``findings.json`` for a finding or topic (by its ranks).

        ``{"id", "objective", "rank", "period", "source", "target"}`` of the tie that addresses
        the first of `ranks` linked (:attr:`Remedies.links`), or ``None``.
        """
        if self.remedies is None:
            return None
        pid = self.remedies.link_of(ranks)
        if pid is None:
            return None
        return self.remedies.proposal(pid).ref(self.remedies.period_value)

    def translated(self, lang: Lang) -> Diagnosis:
        """Return the diagnosis with every text in `lang` (the ranking does not change)."""
        if lang == self.lang:
            return self
        return replace(self, findings=[f.translated(lang) for f in self.findings], lang=lang)

    def to_dict(self) -> dict[str, Any]:
        """Return the diagnosis as JSON-ready values (``findings.json``).

        Returns
        -------
        dict
            ``format`` (:data:`FORMAT`), ``dataset, lang, group, periods, counts`` (findings per
            severity), ``options``, ``thresholds``, ``recommendations``
            (:meth:`Remedies.to_dict <coopnet.diagnose.remedies.Remedies.to_dict>`, ``null``
            when not computed), ``topics`` (each
            :meth:`~coopnet.diagnose.topics.Topic.to_dict` with its ``recommendation``, in rank
            order, naming the ranks of its findings), ``findings`` (each
            :meth:`Finding.to_dict` with its ``rank``, ``topic`` id and ``recommendation``, in
            rank order) and ``labels`` (id → label of the actors named). A ``recommendation``
            is :meth:`recommendation_of` (``null``: no recommended tie addresses it).
        """
        topic_of = self.topic_of()
        findings = [
            {"rank": rank, "topic": topic_of[rank], "recommendation": self.recommendation_of([rank]),
             **f.to_dict()}
            for rank, f in enumerate(self.findings, start=1)
        ]  # fmt: skip
        topics = [{**t.to_dict(), "recommendation": self.recommendation_of(t.findings)}
                  for t in self.topics]  # fmt: skip
        return to_jsonable(  # type: ignore[no-any-return]
            {
                "format": FORMAT,
                "dataset": self.dataset,
                "lang": self.lang,
                "group": self.group,
                "periods": list(self.periods),
                "counts": self.counts(),
                "options": dict(self.options),
                "thresholds": self.thresholds.to_dict(),
                "recommendations": self.remedies.to_dict() if self.remedies is not None else None,
                "topics": topics,
                "findings": findings,
                "labels": dict(sorted(self.labels.items())),
            }
        )

    def __repr__(self) -> str:
        return short_repr("Diagnosis", dataset=self.dataset, periods=self.periods,
                          findings=len(self.findings), lang=self.lang)  # fmt: skip

    def _repr_html_(self) -> str:
        """Notebook summary: findings per severity and the five top-ranked statements."""
        return summary_html(
            f"Diagnosis {self.dataset} ({', '.join(self.periods)})",
            facts=list(self.counts().items()),
            items=[("top findings", [f"[{f.severity}] {f.statement}" for f in self.findings[:5]])],
            note="format_text(diagnosis) prints them all; .findings holds every finding",
            lang=self.lang,
        )
