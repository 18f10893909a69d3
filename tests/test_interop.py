"""coopnet.to_pyvis: a pyvis Network styled with coopnet's colours, positions and tooltips."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

import coopnet
from coopnet.interop import PYVIS_SCALE
from coopnet.layout import union_layout
from coopnet.palette import group_colors

from .conftest import MUSTERSTADT

pytest.importorskip("pyvis")


def test_study_to_pyvis_has_coopnet_colours_positions_and_tooltips() -> None:
    study = coopnet.study(MUSTERSTADT, n_permutations=9)
    net = coopnet.to_pyvis(study, period="2016")
    graph = study.graph("2016")
    nodes = {n["id"]: n for n in net.nodes}
    assert set(nodes) == set(graph) and len(net.edges) == graph.number_of_edges()
    positions = union_layout(study.graphs(), seed=0)  # the report's layout
    colours = group_colors(
        {d["group"] for g in study.graphs().values() for _, d in g.nodes(data=True)}
    )
    measures = study.actor_measures("2016")
    for actor, node in nodes.items():
        assert node["color"]["background"] == colours[graph.nodes[actor]["group"]]
        assert node["x"] == pytest.approx(positions[actor][0] * PYVIS_SCALE)
        assert node["y"] == pytest.approx(-positions[actor][1] * PYVIS_SCALE)
        assert node["physics"] is False
        assert node["label"] == graph.nodes[actor]["label"]
        assert node["title"].startswith(graph.nodes[actor]["label"] + "\nid: " + actor)
    ki = nodes["KI"]
    assert ki["size"] == pytest.approx(40.0)  # the highest betweenness gets the largest node
    betweenness = coopnet.lang.number(measures.at["KI", "betweenness"], "de", significant=3)
    assert f"betweenness: {betweenness}" in ki["title"]


def test_graph_to_pyvis_writes_a_page(tmp_path: Path) -> None:
    g = nx.Graph()
    g.add_node("a", label="Amt </script><script>alert(1)</script>", group="x")
    g.add_node("b", label="B", group="y")
    g.add_edge("a", "b", weight=3.0, types=("Koordination",), periods=("2016",))
    net = coopnet.to_pyvis(g, lang="en")
    assert [e["value"] for e in net.edges] == [3.0]
    assert net.edges[0]["title"] == "weight: 3 · Koordination · 2016"
    page = net.generate_html()
    assert "alert(1)" in page and "</script><script>alert" not in page  # cannot end the script
    assert "Amt \\u003c/script\\u003e" in page  # pyvis escapes < and > inside its script
