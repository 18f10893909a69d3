"""Tests of coopnet.diagnose.topics: findings folded into topics (one per broker, per repeated
finding, all missing group pairs), every finding in exactly one topic, findings.json format 2.

The small cases are built by hand with :func:`make_finding`; the expected sentences follow from
the templates in ``assets/texts/<lang>/diagnose.toml``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import coopnet
from coopnet.diagnose import (
    Diagnosis,
    Finding,
    diagnose,
    group_findings,
    render_markdown,
    write_findings,
)
from coopnet.diagnose.findings import FORMAT, make_finding, rank_findings
from coopnet.diagnose.topics import topic_key

from .conftest import MUSTERSTADT

PERIODS = ("2014", "2016", "2022")
LABELS = {"R": "Rat", "S": "Schulamt", "X": "Verein X", "Y": "Verein Y", "Z": "Verein Z"}


def cut(actor: str, period: str, cut_off: Sequence[str], severity: str = "high") -> Finding:
    label = LABELS[actor]
    return make_finding(
        "cut_vertex", severity, period=period, strength=len(cut_off) / 10,  # type: ignore[arg-type]
        actors=[actor, *cut_off], groups=["Vereine"],
        data={"actor_label": label, "n": len(cut_off),
              "cut_off_labels": [LABELS[a] for a in cut_off]},
        evidence=[("cut_off", len(cut_off), label), ("degree", 4, label)],
    )  # fmt: skip


def pair(a: str, b: str, period: str, *, via: str | None = None, lost: int = 0) -> Finding:
    data: dict[str, Any] = {"group_a": a, "group_b": b, "ties": 0}
    variant = ""
    if lost:
        data.update(previous="2014", ties_previous=lost)
        variant = "lost"
    if via is not None:
        data.update(broker_label=LABELS[via], via_share=1.0)
        variant = "lost_via" if lost else "only_via"
    return make_finding(
        "missing_group_pair", "medium", period=period, strength=0.5, actors=[via] if via else [],
        groups=[a, b], variant=variant, data=data,
        evidence=[("ties", 0, f"{a} – {b}"), ("n_missing_pairs", 3, "")],
    )  # fmt: skip


def silo(group: str, period: str, ei: float) -> Finding:
    return make_finding(
        "silo_group", "high" if ei <= -0.6 else "medium", period=period, strength=-ei,
        actors=["X"], groups=[group],
        data={"group": group, "internal_ties": 8, "external_ties": 2, "ei_index": ei},
        evidence=[("ei_index", ei, group), ("internal_ties", 8, group)],
    )  # fmt: skip


def kpd(actor: str, period: str, before: float, after: float) -> Finding:
    label = LABELS[actor]
    return make_finding(
        "key_player_dependence", "medium", period=period, strength=after - before,
        actors=[actor],
        data={"actor_label": label, "fragmentation_before": before, "fragmentation_after": after},
        evidence=[("fragmentation_before", before, ""), ("fragmentation_after", after, label)],
    )  # fmt: skip


def topics_of(findings: Sequence[Finding], lang: str = "de") -> list[Any]:
    return group_findings(rank_findings(findings), lang=lang, labels=LABELS,  # type: ignore[arg-type]
                          periods=PERIODS, group_label="Gruppe")  # fmt: skip


def test_one_broker_in_many_findings_is_one_topic() -> None:
    found = [
        cut("R", "2014", ["X", "Y", "Z"]),
        cut("R", "2016", ["X", "Y"]),
        pair("Amt", "Vereine", "2014", via="R"),
        pair("Politik", "Vereine", "2014", via="R"),
        pair("Politik", "Vereine", "2016", via="R"),
        kpd("R", "2016", 0.1, 0.3),
        cut("S", "2014", ["X"], severity="medium"),  # another broker: its own topic
    ]
    topics = topics_of(found)
    assert [t.kind for t in topics] == ["broker", "cut_vertex"]
    broker = topics[0]
    assert broker.statement == (
        "Vieles hängt am Akteur „Rat“: einzige Verbindung zum übrigen Netzwerk für 2 bis 3 "
        "Akteure (2014 und 2016); ohne diesen Akteur stiege der Anteil der Paare ohne jede "
        "Verbindung von 0,10 auf 0,30 (2016); verbindet 2 Gruppenpaare ohne direkte Beziehung "
        "(2014 und 2016)."
    )
    assert broker.periods == ("2014", "2016") and broker.severity == "high"
    assert broker.headline is not None and broker.headline.text == "abgeschnittene Akteure (Rat): 3"
    singles, pairs = broker.tables
    assert [row[:2] for row in singles.rows] == [
        ("2014", "Einzige Verbindung (Artikulationspunkt)"),
        ("2016", "Einzige Verbindung (Artikulationspunkt)"),
        ("2016", "Schlüsselakteur für den Zusammenhalt"),
    ]
    # each pair once, with every period it is missing in
    assert pairs.headers[:3] == ("Gruppe", "Gruppe", "Zeiträume")
    assert [row[:3] for row in pairs.rows] == [
        ("Amt", "Vereine", "2014"),
        ("Politik", "Vereine", "2014 und 2016"),
    ]
    assert sorted(r for t in topics for r in t.findings) == list(range(1, len(found) + 1))


def test_missing_pairs_without_broker_are_one_topic_with_a_table() -> None:
    topics = topics_of([
        pair("A", "B", "2016", lost=2), pair("A", "B", "2022"), pair("C", "D", "2022"),
    ])  # fmt: skip
    (topic,) = topics
    assert topic.kind == "missing_group_pairs"
    assert topic.statement == (
        "2 Gruppenpaare haben keine direkte Kooperationsbeziehung (2016 und 2022)."
    )
    assert topic.headline is not None and topic.headline.value == 2
    assert [row[:4] for row in topic.tables[0].rows] == [
        ("A", "B", "2016 und 2022", "2014: 2"),
        ("C", "D", "2022", "–"),
    ]
    assert "Welche dieser Gruppen" in topic.question
    (one,) = topics_of([pair("A", "B", "2016"), pair("A", "B", "2022")], lang="en")
    assert one.statement == (
        "The groups “A” and “B” have no direct cooperation tie (2016 and 2022)."
    )


def test_a_finding_repeated_over_periods_lists_the_periods() -> None:
    (topic,) = topics_of([silo("Wohnen", "2022", -0.4), silo("Wohnen", "2014", -0.6)])
    assert topic.periods == ("2014", "2022")
    assert topic.statement.startswith("2014: Die Gruppe „Wohnen“ arbeitet vor allem nach innen")
    assert topic.statement.endswith("(E-I-Index −0,60). Ebenso 2022.")
    (numbers,) = topic.tables
    assert numbers.headers == ("Zeitraum", "E-I-Index", "Beziehungen innerhalb der Gruppe")
    assert numbers.rows == (("2014", "−0,60", "8"), ("2022", "−0,40", "8"))
    # different groups stay apart
    assert len(topics_of([silo("Wohnen", "2014", -0.6), silo("Politik", "2014", -0.4)])) == 2


def test_a_single_finding_is_a_topic_of_its_own() -> None:
    finding = silo("Wohnen", "2014", -0.6)
    (topic,) = topics_of([finding])
    assert (topic.statement, topic.question, topic.tables) == (
        finding.statement,
        finding.question,
        (),
    )
    assert topic.id == "t1" and topic.findings == (1,) and topic.kind == "silo_group"


def test_no_findings_no_topics() -> None:
    assert topics_of([]) == []


def _musterstadt() -> Diagnosis:
    return diagnose(coopnet.study(MUSTERSTADT, n_permutations=99))


@pytest.fixture(scope="module")
def musterstadt() -> Diagnosis:
    return _musterstadt()


def test_musterstadt_topics(musterstadt: Diagnosis) -> None:
    topics = musterstadt.topics
    assert len(topics) < len(musterstadt.findings)
    # every pair of groups that meets only through the Integrationsrat is in one topic
    via_ir = [r for r, f in enumerate(musterstadt.findings, start=1)
              if f.code == "missing_group_pair" and f.actors == ("IR",)]  # fmt: skip
    assert len(via_ir) >= 4
    (ir,) = [t for t in topics if set(via_ir) <= set(t.findings)]
    assert ir.kind == "broker" and "„Integrationsrat“" in ir.statement
    codes = {musterstadt.findings[r - 1].code for r in ir.findings}
    assert {"cut_vertex", "key_player_dependence", "missing_group_pair"} <= codes
    # no topic keeps two findings of the same rule, period and subject
    for t in topics:
        keys = [(f.code, f.period, f.actors[:1], f.groups)
                for f in (musterstadt.findings[r - 1] for r in t.findings)]  # fmt: skip
        assert len(keys) == len(set(keys)), t.id
    # the topics are ranked like their most urgent finding
    assert [t.findings[0] for t in topics] == sorted(t.findings[0] for t in topics)


def test_topics_in_english_have_the_same_shape(musterstadt: Diagnosis) -> None:
    english = musterstadt.translated("en")
    assert [(t.id, t.kind, t.findings) for t in english.topics] == [
        (t.id, t.kind, t.findings) for t in musterstadt.topics
    ]
    assert english.topics[0].statement != musterstadt.topics[0].statement


def test_findings_json_format_3(musterstadt: Diagnosis, tmp_path: Path) -> None:
    json_path, md_path = write_findings(musterstadt, tmp_path)
    data = json.loads(json_path.read_text(encoding="utf-8"))
    assert data["format"] == FORMAT == 3
    # without remedies (coopnet diagnose): the keys of format 3 are there, all null
    assert data["recommendations"] is None
    assert all(x["recommendation"] is None for x in data["findings"] + data["topics"])
    assert [f["rank"] for f in data["findings"]] == list(range(1, len(data["findings"]) + 1))
    by_id = {t["id"]: t for t in data["topics"]}
    for finding in data["findings"]:
        assert finding["rank"] in by_id[finding["topic"]]["findings"]
    assert sum(len(t["findings"]) for t in data["topics"]) == len(data["findings"])
    assert set(data["topics"][0]) >= {"id", "kind", "severity", "periods", "statement",
                                      "question", "headline", "findings", "tables"}  # fmt: skip
    md = md_path.read_text(encoding="utf-8")
    assert md.index("## Die Themen, nach Dringlichkeit") < md.index("## Alle Einzelbefunde")
    assert "| Gruppe | Gruppe | Zeiträume |" in md
    assert render_markdown(musterstadt, "en").count("\n### ") >= len(musterstadt.topics)


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_every_finding_is_in_exactly_one_topic(data: st.DataObject) -> None:
    pool = _POOL
    chosen = data.draw(st.lists(st.sampled_from(range(len(pool))), unique=True, max_size=30))
    ranked = rank_findings([pool[i] for i in chosen])
    topics = group_findings(ranked, lang="de", labels={}, periods=PERIODS, group_label="G")
    ranks = sorted(r for t in topics for r in t.findings)
    assert ranks == list(range(1, len(ranked) + 1))
    assert [t.id for t in topics] == [f"t{i}" for i in range(1, len(topics) + 1)]
    for t in topics:
        assert t.statement and t.question
        assert len({topic_key(ranked[r - 1]) for r in t.findings}) == 1
        assert t.severity == ranked[t.findings[0] - 1].severity


_POOL: list[Finding] = [
    *(cut("R", p, ["X", "Y"][: i + 1]) for i, p in enumerate(PERIODS)),
    *(pair(a, b, p, via=v, lost=n) for a, b in (("A", "B"), ("A", "C"), ("B", "C"))
      for p in PERIODS[1:] for v in (None, "R") for n in (0, 1)),
    *(silo(g, p, e) for g in ("Wohnen", "Politik") for p in PERIODS for e in (-0.4, -0.7)),
    *(kpd("R", p, 0.0, 0.2) for p in PERIODS),
]  # fmt: skip


def test_data_without_periods_name_no_periods() -> None:
    def asym(a: str, b: str) -> Finding:
        return make_finding(
            "asymmetric_perception", "low", period=None, strength=1.0, actors=["X"],
            groups=[a, b], variant="groups",
            data={"group_a": a, "group_b": b, "unreciprocated": 3, "nominations": 3},
            evidence=[("unreciprocated", 3, f"{a} → {b}")],
        )  # fmt: skip

    found = [asym("A", "B"), asym("C", "D")]
    cut_none = make_finding(
        "cut_vertex", "high", period=None, strength=0.3, actors=["R", "X"], groups=["V"],
        data={"actor_label": "Rat", "n": 1, "cut_off_labels": ["Verein X"]},
        evidence=[("cut_off", 1, "Rat")],
    )  # fmt: skip
    pair_none = make_finding(
        "missing_group_pair", "medium", period=None, strength=0.5, actors=["R"],
        groups=["A", "B"], variant="only_via",
        data={"group_a": "A", "group_b": "B", "ties": 0, "broker_label": "Rat", "via_share": 1.0},
    )  # fmt: skip
    broker, similar = topics_of([*found, cut_none, pair_none])
    assert broker.statement == (
        "Vieles hängt am Akteur „Rat“: einzige Verbindung zum übrigen Netzwerk für 1 Akteur; "
        "verbindet 1 Gruppenpaar ohne direkte Beziehung."
    )
    assert similar.statement.startswith("3 von 3 Nennungen aus der Gruppe „A“")
    assert similar.statement.endswith("Dazu 1 ähnlicher Befund.")
    assert similar.periods == () and similar.tables[0].rows[1][:2] == ("–", "C → D")
