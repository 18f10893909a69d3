"""Tests of coopnet.diagnose: rules on networks with a known problem, texts, files, Musterstadt.

Networks (each built as a dataset folder with ``make_dataset``):

* ``silo``: two cliques A = {a1..a5} ("Amt"), B = {b1..b5} ("Verein") joined only by a1-b1.
  E-I per group = (1 - 10) / 11 = -0.82 (≤ -0.6: high); overall (1 - 20) / 21 = -0.90.
  a1 and b1 are cut vertices (removing a1 cuts off a2..a5: 4 actors, the whole rest of A);
  a1 lies on the shortest paths of 4 × 5 of the 25 cross-group pairs, so its cross-group path
  share is 20 / 25 = 0.8; removing a1 leaves pieces of 4 and 5: F = 1 - (12 + 20) / 72 = 0.56.
* ``broker``: three groups of three (Jugend j1-j3, Migranten m1-m3, Soziales s1-s3), each a
  triangle, and the integration office KI (own group) tied to all nine; one direct tie j3-s3.
  Jugend–Migranten and Migranten–Soziales meet only through KI; KI is a cut vertex for the
  Migranten (removing it splits 6 | 3: F = 1 - (30 + 6) / 72 = 0.5).
* ``integrated``: 12 actors in three groups, every pair tied (K12), directed survey data with
  every nomination returned: no problem at all, only the ``integrated_network`` info.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import coopnet
from coopnet.config import AnalysisConfig
from coopnet.diagnose import (
    Diagnosis,
    Thresholds,
    diagnose,
    format_text,
    render_markdown,
    texts,
    write_findings,
)
from coopnet.diagnose._paths import cross_group_dependence
from coopnet.diagnose.rules import _cut_pieces
from coopnet.errors import GraphError
from coopnet.lang import catalogue
from coopnet.metrics.arrays import graph_arrays
from coopnet.run import Study

from .conftest import MUSTERSTADT
from .test_compare_periods import fallback_tables

FAST = AnalysisConfig(n_permutations=199, seed=3)
EN = AnalysisConfig(n_permutations=199, seed=3, lang="en")
MakeDataset = Callable[..., Path]


def _csv(header: str, rows: list[tuple[object, ...]]) -> str:
    return header + "\n" + "".join(",".join(str(c) for c in row) + "\n" for row in rows)


def _undirected(
    actors: list[tuple[object, ...]], edges: list[tuple[str, str]]
) -> tuple[str, str, str]:
    return (
        _csv("id,label,group,sector,responded", actors),
        _csv("source,target", edges),
        'directed = false\ngroup = "group"\n',
    )


def silo_tables() -> tuple[str, str, str]:
    a = [f"a{i}" for i in range(1, 6)]
    b = [f"b{i}" for i in range(1, 6)]
    actors = [(x, f"Amt {x}", "Amt", "Verwaltung", "true") for x in a]
    actors += [(x, f"Verein {x}", "Verein", "Zivilgesellschaft", "true") for x in b]
    edges = [e for grp in (a, b) for e in itertools.combinations(grp, 2)] + [("a1", "b1")]
    return _undirected(actors, edges)


def broker_tables() -> tuple[str, str, str]:
    groups = {
        "j": ("Jugend", "Verwaltung"),
        "m": ("Migranten", "Zivilgesellschaft"),
        "s": ("Soziales", "Verwaltung"),
    }
    actors: list[tuple[object, ...]] = [
        ("KI", "Integrationszentrum", "Integration", "Verwaltung", "true")
    ]
    edges: list[tuple[str, str]] = []
    for prefix, (group, sector) in groups.items():
        members = [f"{prefix}{i}" for i in range(1, 4)]
        actors += [(m, f"{group} {m}", group, sector, "true") for m in members]
        edges += list(itertools.combinations(members, 2)) + [("KI", m) for m in members]
    edges.append(("j3", "s3"))
    return _undirected(actors, edges)


def integrated_tables(*, one_sided: bool = False) -> tuple[str, str, str]:
    """K12 as directed nominations; with `one_sided`, group C names A but A never names C."""
    ids = [f"{g}{i}" for g in "abc" for i in range(1, 5)]
    group = {"a": "A", "b": "B", "c": "C"}
    actors = [(x, f"Akteur {x}", group[x[0]], "Verwaltung", "true") for x in ids]
    arcs = [
        (u, v)
        for u, v in itertools.permutations(ids, 2)
        if not (one_sided and u[0] == "a" and v[0] == "c")
    ]
    return (
        _csv("id,label,group,sector,responded", actors),
        _csv("source,target", arcs),
        'directed = true\ngroup = "group"\n',
    )


def codes(diagnosis: Diagnosis) -> set[str]:
    return {f.code for f in diagnosis.findings}


# --------------------------------------------------------------------------------------------
# known structures


def test_silo_network(make_dataset: MakeDataset) -> None:
    d = diagnose(Study(coopnet.load(make_dataset(*silo_tables())), FAST))
    assert codes(d) == {
        "silo_group",
        "silo_network",
        "cut_vertex",
        "single_broker",
        "key_player_dependence",
    }
    silos = d.by_code("silo_group")
    assert sorted(f.groups[0] for f in silos) == ["Amt", "Verein"]
    assert all(f.severity == "high" for f in silos)
    evidence = {e.measure: e.value for e in silos[0].evidence}
    assert evidence["ei_index"] == pytest.approx(-9 / 11)
    assert evidence["internal_ties"] == 10 and evidence["external_ties"] == 1
    assert d.by_code("silo_network")[0].variant == "strong"
    cut = {f.actors[0]: f for f in d.by_code("cut_vertex")}
    assert set(cut) == {"a1", "b1"}
    assert cut["a1"].actors[1:] == ("a2", "a3", "a4", "a5")
    assert cut["a1"].severity == "high"  # four actors, the rest of the group "Amt"
    broker = {f.actors[0]: f for f in d.by_code("single_broker")}
    assert set(broker) == {"a1", "b1"}
    assert broker["a1"].data["cross_group_path_share"] == pytest.approx(0.8)
    key = d.by_code("key_player_dependence")[0]
    assert key.data["fragmentation_after"] == pytest.approx(1 - 32 / 72)
    # "Die Gruppe „Amt“ arbeitet vor allem nach innen: 10 Beziehungen innerhalb, nur 1 …"
    assert silos[0].statement.startswith("Die Gruppe „Amt“ arbeitet vor allem nach innen")
    assert "−0,82" in silos[0].statement  # typographic minus (coopnet.lang.number)
    assert "Amt a1" in cut["a1"].statement  # labels, not ids


def test_single_broker_network(make_dataset: MakeDataset) -> None:
    d = diagnose(Study(coopnet.load(make_dataset(*broker_tables())), FAST))
    assert codes(d) == {
        "single_broker",
        "cut_vertex",
        "key_player_dependence",
        "missing_group_pair",
        "integrated_network",
    }
    pairs = {f.groups: f for f in d.by_code("missing_group_pair")}
    assert set(pairs) == {("Jugend", "Migranten"), ("Migranten", "Soziales")}
    pair = pairs[("Jugend", "Migranten")]
    assert pair.variant == "only_via" and pair.actors == ("KI",)
    assert pair.statement == (
        "Die Gruppen „Jugend“ und „Migranten“ sind nur über den Akteur „Integrationszentrum“ "
        "miteinander verbunden."
    )
    assert pair.severity == "medium"  # Verwaltung ↔ Zivilgesellschaft
    (broker,) = d.by_code("single_broker")
    assert broker.actors == ("KI",) and broker.severity == "high"
    (cut,) = d.by_code("cut_vertex")
    assert cut.actors == ("KI", "m1", "m2", "m3") and cut.severity == "high"
    (key,) = d.by_code("key_player_dependence")
    assert key.actors == ("KI",)
    assert key.data["fragmentation_after"] == pytest.approx(0.5)


def test_integrated_network_has_no_problem(make_dataset: MakeDataset) -> None:
    d = diagnose(Study(coopnet.load(make_dataset(*integrated_tables())), FAST))
    assert codes(d) == {"integrated_network"}
    (finding,) = d.findings
    assert finding.severity == "info" and finding.variant == ""  # no path needs a broker


def test_asymmetric_perception(make_dataset: MakeDataset) -> None:
    d = diagnose(Study(coopnet.load(make_dataset(*integrated_tables(one_sided=True))), FAST))
    assert codes(d) == {"integrated_network", "asymmetric_perception"}
    (finding,) = d.by_code("asymmetric_perception")
    # 16 nominations from C to A, none returned; each A actor gets only 4 unreturned (< 5)
    assert finding.variant == "groups" and finding.groups == ("C", "A")
    assert finding.data["unreciprocated"] == 16 and finding.data["nominations"] == 16
    assert finding.actors == ("a1", "a2", "a3", "a4")


def test_isolated_and_peripheral(make_dataset: MakeDataset) -> None:
    actors, ties, toml = silo_tables()
    actors += "x,Einsam X,Verein,Zivilgesellschaft,false\ny,Rand Y,Amt,Verwaltung,true\n"
    ties += "a2,y\n"
    d = diagnose(Study(coopnet.load(make_dataset(actors, ties, toml)), FAST))
    (iso,) = d.by_code("isolated_actor")
    assert iso.actors == ("x",) and iso.variant == "silent"
    assert iso.statement.startswith("Der Akteur „Einsam X“ hat keine einzige")
    (peri,) = d.by_code("peripheral_actor")
    assert peri.actors == ("y",) and peri.severity == "low"


def test_peripheral_group_and_missing_pair_cap(make_dataset: MakeDataset) -> None:
    # three groups of three: G1 and G2 tied densely, G3 tied to G1 by one tie only
    actors = [
        (f"{g}{i}", f"{g}{i}", g.upper(), "Verwaltung", "true")
        for g in ("g1", "g2", "g3")
        for i in range(3)
    ]
    edges = [
        (f"{g}{i}", f"{g}{j}") for g in ("g1", "g2", "g3") for i, j in ((0, 1), (1, 2), (0, 2))
    ]
    edges += [(f"g1{i}", f"g2{j}") for i in range(3) for j in range(3)] + [("g10", "g30")]
    net = coopnet.load(make_dataset(*_undirected(actors, edges)))
    d = diagnose(Study(net, FAST))
    # G3: 3 internal ties, 1 external → E-I -0.5: reported as a silo, not again as peripheral
    assert [f.groups for f in d.by_code("silo_group")] == [("G3",)]
    assert not d.by_code("peripheral_group")
    d = diagnose(Study(net, FAST), thresholds=Thresholds(silo_ei=-1.0))
    (peri,) = d.by_code("peripheral_group")
    assert peri.groups == ("G3",) and peri.variant == "few"
    (pair,) = d.by_code("missing_group_pair")
    assert pair.groups == ("G2", "G3") and pair.severity == "low"  # same sector, no history
    assert pair.variant == "only_via" and pair.actors == ("g10",)
    capped = diagnose(Study(net, FAST), thresholds=Thresholds(max_missing_pairs=0))
    assert not capped.by_code("missing_group_pair")


def test_fallback_between_periods(make_dataset: MakeDataset) -> None:
    d = diagnose(Study(coopnet.load(make_dataset(*fallback_tables())), FAST))
    later = {f.code for f in d.for_period("2022")}
    assert {"fallback_into_silos", "crisis_structure_lost", "broker_disappeared"} <= later
    (network,) = [f for f in d.by_code("fallback_into_silos") if f.variant == "network"]
    assert network.period == "2022" and network.severity == "high"
    assert network.data["cross_ties_before"] == 28 and network.data["cross_ties_after"] == 2
    (lost,) = d.by_code("crisis_structure_lost")
    assert lost.variant == "overall" and lost.severity == "high"  # 1 of 24 sustained
    assert lost.data["cross_retention"] == pytest.approx(1 / 24)
    gone = [f for f in d.by_code("broker_disappeared") if f.variant == "left"]
    assert [f.actors for f in gone] == [("T",)]
    assert not d.by_code("crisis_structure_sustained")
    assert not [f for f in d.for_period("2016") if f.code == "fallback_into_silos"]


def test_sustained_crisis_structure_is_no_fallback(make_dataset: MakeDataset) -> None:
    d = diagnose(Study(coopnet.load(make_dataset(*fallback_tables(fall_back=False))), FAST))
    assert not d.by_code("fallback_into_silos")
    assert not d.by_code("crisis_structure_lost")
    (kept,) = d.by_code("crisis_structure_sustained")
    assert kept.data["cross_retention"] == 1.0 and kept.period == "2022"


def test_period_option_and_errors(make_dataset: MakeDataset) -> None:
    net = coopnet.load(make_dataset(*fallback_tables()))
    only = diagnose(Study(net, FAST), period="2022")
    assert only.periods == ("2022",)
    assert {f.period for f in only.findings} == {"2022"}
    assert only.by_code("fallback_into_silos")
    with pytest.raises(GraphError, match="unknown period"):
        diagnose(Study(net, FAST), period="2015")
    with pytest.raises(GraphError, match="grouping column"):
        diagnose(Study(net, AnalysisConfig(group="dezernat", n_permutations=9)))


# --------------------------------------------------------------------------------------------
# ranking, language, files


def test_ranking_and_thresholds(make_dataset: MakeDataset) -> None:
    net = coopnet.load(make_dataset(*silo_tables()))
    d = diagnose(Study(net, FAST))
    order = {"high": 0, "medium": 1, "low": 2, "info": 3}
    keys = [(order[f.severity], -f.strength) for f in d.findings]
    assert keys == sorted(keys)
    lenient = diagnose(Study(net, FAST), thresholds=Thresholds(silo_ei=-0.95, broker_share=0.9))
    assert not lenient.by_code("silo_group") and not lenient.by_code("single_broker")


def test_english_and_translation(make_dataset: MakeDataset) -> None:
    net = coopnet.load(make_dataset(*broker_tables()))
    de, en = diagnose(Study(net, FAST)), diagnose(Study(net, EN))
    assert en.lang == "en"
    assert de.translated("en").to_dict() == en.to_dict()
    assert en.translated("de").to_dict() == de.to_dict()
    pair = en.by_code("missing_group_pair")[0]
    assert pair.statement == (
        "The groups “Jugend” and “Migranten” are connected only through “Integrationszentrum”."
    )
    assert "Frage für den Workshop" in render_markdown(de)
    assert "Question for the workshop" in render_markdown(de, "en")


def test_files_are_reproducible(make_dataset: MakeDataset, tmp_path: Path) -> None:
    net = coopnet.load(make_dataset(*fallback_tables()))
    first = write_findings(diagnose(Study(net, FAST)), tmp_path / "one")
    second = write_findings(diagnose(Study(net, FAST)), tmp_path / "two")
    assert [p.name for p in first] == ["findings.json", "findings.md"]
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes()
    data = json.loads(first[0].read_text(encoding="utf-8"))
    assert set(data) >= {"dataset", "lang", "periods", "counts", "thresholds", "findings"}
    finding = data["findings"][0]
    assert set(finding) >= {
        "code",
        "severity",
        "statement",
        "evidence",
        "actors",
        "groups",
        "question",
        "period",
    }
    assert set(finding["evidence"][0]) >= {"measure", "value", "text"}


def test_markdown_escapes_labels(make_dataset: MakeDataset) -> None:
    actors, ties, toml = silo_tables()
    actors = actors.replace("Amt a1", "Amt *a1* <script>")
    d = diagnose(Study(coopnet.load(make_dataset(actors, ties, toml)), FAST))
    md = render_markdown(d)
    assert "<script>" not in md and "\\<script\\>" in md and "\\*a1\\*" in md
    text = format_text(d, limit=2)
    assert text.count("\n[") == 2 and "weitere" in text


def test_format_value() -> None:
    assert texts.format_value("ei_index", -0.4477, "de") == "−0,45"
    assert texts.format_value("ei_index", 0.1184, "en") == "+0.12"
    assert texts.format_value("cross_retention", 0.5395, "de") == "54\u202f%"
    assert texts.format_value("cross_retention", 0.5395, "en") == "54\u202f%"
    assert texts.format_value("n", 1320, "de") == "1.320"
    assert texts.format_value("ei_p_value", 0.0004, "de") == "< 0,001"
    assert texts.format_value("actor_labels", ["A", "B", 2], "de") == "„A“, „B“ und 2 weitere"
    assert texts.format_value("betweenness", 0.0171, "de") == "0,017"


# --------------------------------------------------------------------------------------------
# cross-group path share


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_path_share_equals_betweenness_when_every_actor_is_a_group(seed: int) -> None:
    graph = nx.gnp_random_graph(12, 0.25, seed=seed)
    graph = nx.relabel_nodes(graph, {v: f"v{v:02d}" for v in graph})
    for v in graph:
        graph.nodes[v]["group"] = v  # every pair is a cross-group pair
    dep = cross_group_dependence(graph, group="group")
    # ordered connected pairs; unnormalised betweenness counts unordered pairs once
    pairs = sum(len(c) * (len(c) - 1) for c in nx.connected_components(graph))
    expected = nx.betweenness_centrality(graph, normalized=False)
    want = np.array([2 * expected[a] / pairs for a in dep.actors])
    assert np.allclose(dep.share, want)


def test_path_share_of_a_pair() -> None:
    # j - k - m and j - x - m: two shortest paths between groups J and M, one through k each
    graph = nx.Graph([("j", "k"), ("k", "m"), ("j", "x"), ("x", "m")])
    for v, g in {"j": "J", "m": "M", "k": "K", "x": "X"}.items():
        graph.nodes[v]["group"] = g
    dep = cross_group_dependence(graph, group="group")
    assert dep.top("J", "M") == ("k", pytest.approx(0.5))  # tie k/x: smallest id
    assert dep.top("M", "J") == dep.top("J", "M")


# --------------------------------------------------------------------------------------------
# the pieces a cut vertex leaves


def _pieces_by_networkx(graph: nx.Graph, actor: str) -> list[list[str]]:
    """The rule's former implementation: components of the actor's component without it."""
    component = nx.node_connected_component(graph, actor) - {actor}
    pieces = [sorted(c) for c in nx.connected_components(graph.subgraph(component))]
    return sorted(pieces, key=lambda c: (-len(c), c[0]))


@given(
    n=st.integers(1, 30),
    p=st.floats(0.0, 0.3),
    seed=st.integers(0, 10_000),
)
@settings(max_examples=60, deadline=None)
def test_cut_pieces_equal_networkx(n: int, p: float, seed: int) -> None:
    graph = nx.gnp_random_graph(n, p, seed=seed)
    graph = nx.relabel_nodes(graph, {v: f"v{n - 1 - v:02d}" for v in graph})
    found = _cut_pieces(graph_arrays(graph))
    assert sorted(found) == sorted(nx.articulation_points(graph))
    for actor, pieces in found.items():
        assert pieces == _pieces_by_networkx(graph, actor)


def test_cut_pieces_of_a_star_and_a_bridge() -> None:
    # b is the hub of c, d, e and tied to a; a-f is a bridge to the pair f-g
    graph = nx.Graph([("b", "c"), ("b", "d"), ("b", "e"), ("a", "b"), ("a", "f"), ("f", "g")])
    graph.add_node("z")  # an isolate cuts nothing
    assert _cut_pieces(graph_arrays(graph)) == {
        "a": [["b", "c", "d", "e"], ["f", "g"]],
        "b": [["a", "f", "g"], ["c"], ["d"], ["e"]],
        "f": [["a", "b", "c", "d", "e"], ["g"]],
    }


# --------------------------------------------------------------------------------------------
# Musterstadt tells its story


@pytest.fixture(scope="module")
def musterstadt_diagnosis() -> Diagnosis:
    return diagnose(Study(coopnet.load(MUSTERSTADT), FAST))


def _find(d: Diagnosis, code: str, period: str, variant: str | None = None) -> list:
    return [
        f
        for f in d.by_code(code)
        if f.period == period and (variant is None or f.variant == variant)
    ]


def test_musterstadt_2014_silos(musterstadt_diagnosis: Diagnosis) -> None:
    d = musterstadt_diagnosis
    (network,) = _find(d, "silo_network", "2014")
    assert network.severity == "high"
    silo_groups = {f.groups[0] for f in _find(d, "silo_group", "2014")}
    assert "Wohnen & Stadtentwicklung" in silo_groups
    (iso,) = _find(d, "isolated_actor", "2014")
    assert iso.actors == ("AFR", "ITA")
    assert any(f.actors[0] == "IR" and "RUS" in f.actors for f in _find(d, "cut_vertex", "2014"))
    assert not _find(d, "integrated_network", "2014")
    assert "Migrantenorganisationen" in {f.groups[0] for f in _find(d, "peripheral_group", "2014")}


def test_musterstadt_2016_brokered_integration(musterstadt_diagnosis: Diagnosis) -> None:
    d = musterstadt_diagnosis
    (integrated,) = _find(d, "integrated_network", "2016")
    assert integrated.actors == ("KI", "LG-FA")
    assert "Kommunales Integrationszentrum" in integrated.statement
    assert [f.actors for f in _find(d, "single_broker", "2016")] == [("KI",)]
    assert not _find(d, "silo_network", "2016") and not _find(d, "silo_group", "2016")


def test_musterstadt_2022_partial_fallback(musterstadt_diagnosis: Diagnosis) -> None:
    d = musterstadt_diagnosis
    (network,) = _find(d, "fallback_into_silos", "2022", "network")
    assert network.data["ei_before"] > 0 > network.data["ei_after"]
    groups = {f.groups[0] for f in _find(d, "fallback_into_silos", "2022", "group")}
    assert {"Gesundheit", "Wohnen & Stadtentwicklung"} <= groups
    (kept,) = _find(d, "crisis_structure_sustained", "2022")
    assert kept.data["cross_sustained"] == 41 and kept.data["base"] == 76
    (lost,) = _find(d, "crisis_structure_lost", "2022", "without_broker")
    assert lost.actors == ("KI",)
    assert lost.data["retention_via_broker"] > 0.8 > 0.5 > lost.data["retention_other"]
    assert ("LG-FA",) in [f.actors for f in _find(d, "broker_disappeared", "2022", "left")]
    pairs = {f.groups for f in _find(d, "missing_group_pair", "2022")}
    assert ("Gesundheit", "Migrantenorganisationen") in pairs
    cut = [f for f in _find(d, "cut_vertex", "2022") if f.actors[0] == "IR"]
    assert cut and {"ERI", "RUS"} <= set(cut[0].actors)
    asym = {f.actors[0] for f in _find(d, "asymmetric_perception", "2022", "actor")}
    assert {"OB", "JC"} <= asym
    assert [f.actors for f in _find(d, "single_broker", "2022")] == [("KI",)]


def test_musterstadt_statements_use_labels(musterstadt_diagnosis: Diagnosis) -> None:
    for finding in musterstadt_diagnosis.findings:
        for actor in finding.actors:
            label = musterstadt_diagnosis.labels[actor]
            assert f"„{actor}“" not in finding.statement or label == actor
    text = format_text(musterstadt_diagnosis)
    assert "„Lenkungsgruppe Flüchtlingsaufnahme“" in text


def test_every_code_is_documented_and_worded() -> None:
    doc = (MUSTERSTADT.parents[1] / "docs" / "diagnosis.md").read_text(encoding="utf-8")
    words = catalogue("de")
    codes = {k.split(".")[2] for k in words if k.startswith("diagnose.statements.")}
    assert len(codes) >= 15
    for code in codes:
        assert f"`{code}`" in doc, code
        assert f"diagnose.questions.{code}" in words, code
        assert f"diagnose.code_name.{code}" in words, code
    for name in Thresholds.__dataclass_fields__:
        assert f"`{name}`" in doc, name


def test_docs_examples_match_musterstadt(musterstadt_diagnosis: Diagnosis) -> None:
    doc = (MUSTERSTADT.parents[1] / "docs" / "diagnosis.md").read_text(encoding="utf-8")
    flat = " ".join(line.lstrip("> ").strip() for line in doc.splitlines())
    english = musterstadt_diagnosis.translated("en")
    for d, code, period in (
        (musterstadt_diagnosis, "silo_network", "2014"),
        (musterstadt_diagnosis, "integrated_network", "2016"),
        (english, "fallback_into_silos", "2022"),
        (english, "broker_disappeared", "2022"),
    ):
        statements = [f.statement for f in d.by_code(code) if f.period == period]
        assert any(s in flat for s in statements), (code, statements)
