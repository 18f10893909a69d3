"""CooperationNetwork: graphs per period/type, symmetrisation, non-respondents, summary."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

import coopnet
from coopnet.errors import GraphError
from coopnet.model import UNKNOWN_GROUP

from .conftest import MakeDataset


@pytest.fixture
def net(small_dataset: Path) -> coopnet.CooperationNetwork:
    return coopnet.load(small_dataset)


def test_properties(net: coopnet.CooperationNetwork) -> None:
    assert net.name == "Klein"
    assert net.directed
    assert net.periods == ("2014", "2016")
    assert net.tie_types == ("info", "projekt")
    assert net.groups() == ["Politik", "Soziales", "Zivil"]
    assert net.actors_in("2014") == ["A", "B", "C", "E", "X"]
    assert net.actors_in("2016") == ["A", "B", "C", "D", "E", "X"]
    assert "6 actors" in repr(net)


def test_directed_period_graph(net: coopnet.CooperationNetwork) -> None:
    g = net.graph("2014", directed=True)
    assert isinstance(g, nx.DiGraph)
    assert sorted(g.nodes) == ["A", "B", "C", "E", "X"]  # D does not exist yet; X isolate
    assert sorted(g.edges) == [("A", "B"), ("B", "A"), ("B", "C")]
    assert g.nodes["A"]["group"] == "Soziales"
    assert g.nodes["E"]["responded"] is False
    assert g.edges["A", "B"]["weight"] == 2.0
    assert g.edges["A", "B"]["types"] == ("info",)
    assert g.graph["period"] == "2014"


def test_union_symmetrisation(net: coopnet.CooperationNetwork) -> None:
    g = net.graph("2016", directed=False)
    assert not g.is_directed()
    # 2016 arcs: A→B(3) A→C(1) C→A(2) D→C(1) A→E(1)
    assert sorted(tuple(sorted(e)) for e in g.edges) == [
        ("A", "B"),
        ("A", "C"),
        ("A", "E"),
        ("C", "D"),
    ]
    assert g.edges["A", "C"]["weight"] == 2.0  # union keeps the larger weight
    assert g.edges["A", "C"]["reciprocated"] is True
    assert g.edges["A", "B"]["reciprocated"] is False


def test_mutual_symmetrisation_keeps_ties_to_non_respondents(make_dataset: MakeDataset) -> None:
    actors = "id,responded\nA,ja\nB,ja\nC,ja\nN,nein\n"
    ties = "source,target,weight\nA,B,3\nB,A,1\nA,C,1\nA,N,2\n"
    folder = make_dataset(actors, ties, 'directed = true\nsymmetrise = "mutual"\n')
    g = coopnet.load(folder).graph(directed=False)
    # A–B mutual (min weight 1); A→C unreturned by a respondent: dropped; A→N: N could not answer
    assert sorted(tuple(sorted(e)) for e in g.edges) == [("A", "B"), ("A", "N")]
    assert g.edges["A", "B"]["weight"] == 1.0
    assert sorted(g.nodes) == ["A", "B", "C", "N"]  # C stays as an isolate


def test_pooled_and_tie_type_graphs(net: coopnet.CooperationNetwork) -> None:
    pooled = net.graph(directed=True)
    assert pooled.number_of_nodes() == 6
    assert pooled.edges["A", "B"]["periods"] == ("2014", "2016")
    assert pooled.edges["A", "B"]["weight"] == 3.0
    assert net.graph(directed=True, aggregate="sum").edges["A", "B"]["weight"] == 5.0
    projects = net.graph("2016", directed=True, tie_type="projekt")
    assert sorted(projects.edges) == [("A", "C"), ("C", "A")]
    assert projects.number_of_nodes() == 6
    both = net.graph("2016", directed=True, tie_type=["projekt", "info"])
    assert both.number_of_edges() == 5


def test_graphs_in_period_order(net: coopnet.CooperationNetwork) -> None:
    graphs = net.graphs(directed=False)
    assert list(graphs) == ["2014", "2016"]
    assert all(not g.is_directed() for g in graphs.values())


def test_errors_name_the_problem(net: coopnet.CooperationNetwork) -> None:
    with pytest.raises(GraphError, match=r"unknown period '2015' \(periods: 2014, 2016\)"):
        net.graph("2015")
    with pytest.raises(GraphError, match="unknown tie type"):
        net.graph(tie_type="sport")
    with pytest.raises(GraphError, match="no grouping column 'abteilung'"):
        net.graph(group="abteilung")


def test_directed_request_on_undirected_data(make_dataset: MakeDataset) -> None:
    folder = make_dataset("id\nA\nB\n", "source,target\nA,B\n")
    assert coopnet.load(folder).directed  # tie rows are nominations unless the data say not
    assert not coopnet.load(folder, undirected_ties=True).directed
    net = coopnet.load(make_dataset("id\nA\nB\n", "source,target\nA,B\n", "directed = false\n"))
    assert not net.directed and not net.graph().is_directed()
    with pytest.raises(
        GraphError, match=r"mutual \(undirected\) ties.*dataset\.toml: directed = false"
    ):
        net.graph(directed=True)
    assert net.unreciprocated().empty
    assert net.graphs().keys() == {"all"}


def test_missing_group_filled(make_dataset: MakeDataset) -> None:
    net = coopnet.load(make_dataset("id,group,extra\nA,G1,\nB,,x\n", "source,target\nA,B\n"))
    g = net.graph()
    assert g.nodes["B"]["group"] == UNKNOWN_GROUP
    assert "extra" not in g.nodes["A"]  # empty non-group cells are left out
    assert g.nodes["A"]["label"] == "A"
    assert net.groups() == [UNKNOWN_GROUP, "G1"]


def test_unreciprocated_only_among_respondents(net: coopnet.CooperationNetwork) -> None:
    frame = net.unreciprocated("2016")
    # A→B and D→C unreturned; A→E is to a non-respondent and cannot be returned
    assert frame[["source", "target"]].values.tolist() == [["A", "B"], ["D", "C"]]
    assert frame["source_group"].tolist() == ["Soziales", "Zivil"]


def test_summary(net: coopnet.CooperationNetwork) -> None:
    s = net.summary()
    assert s["n_actors"] == 6 and s["n_tie_rows"] == 8
    assert s["response_rate"] == pytest.approx(5 / 6)
    assert s["actors_by"]["group"] == {"Politik": 1, "Soziales": 2, "Zivil": 3}
    assert s["ties_by_type"] == {"info": 5, "projekt": 3}
    by = {row["period"]: row for row in s["by_period"]}
    assert by["2014"]["isolates"] == ["E", "X"]
    assert by["2014"]["reciprocity"] == pytest.approx(2 / 3)  # A→B, B→A returned; B→C not
    assert by["2016"]["reciprocity"] == pytest.approx(2 / 4)  # A→E excluded (E non-respondent)
    assert by["2016"]["unreciprocated"] == 2
    assert by["2016"]["unobserved_dyads"] == 0  # only one non-respondent


def test_load_raises_with_all_errors(make_dataset: MakeDataset) -> None:
    folder = make_dataset("id\nA\nB\n", "source,target,weight\nA,Q,1\nB,A,x\n")
    with pytest.raises(coopnet.InputError) as info:
        coopnet.load(folder)
    assert len(info.value.errors) == 2
    assert "row 2" in str(info.value) and "row 3" in str(info.value)
