"""what_if_ties: the network before and after adding named ties."""

from __future__ import annotations

import math

import networkx as nx
import pytest

from coopnet.errors import GraphError
from coopnet.metrics import distance_fragmentation, fragmentation, what_if
from coopnet.recommend import recommend_ties, what_if_ties

from . import brute


def test_hand_worked_example() -> None:
    """hub - a, hub - b and c - d; groups: hub, a = x; b, c, d = y.

    Before: components {a, b, hub}, {c, d}: F = 1 - (6 + 2)/20 = 0.6. Adding b - c connects all:
    F = 0, one component, c and d join the largest component. Cross-group pairs (2 x 3 = 6):
    before hub-b (1 step) and a-b (2) are within two steps: 2/6; after also hub-c (hub-b-c),
    while a-c, hub-d and a-d are 3 or more steps apart: 3/6.
    """
    g = nx.Graph([("a", "hub"), ("b", "hub"), ("c", "d")])
    nx.set_node_attributes(g, {"hub": "x", "a": "x", "b": "y", "c": "y", "d": "y"}, "dept")
    result = what_if_ties(g, [("b", "c")], group="dept")
    assert result.added == (("b", "c"),)
    assert result.fragmentation_before == pytest.approx(0.6)
    assert result.fragmentation_after == 0.0
    assert (result.components_before, result.components_after) == (2, 1)
    assert result.largest_component_share_before == pytest.approx(0.6)
    assert result.largest_component_share_after == 1.0
    assert result.joined == ("c", "d")
    assert result.cross_group_reach_before == pytest.approx(2 / 6)
    h = g.copy()
    h.add_edge("b", "c")
    assert result.cross_group_reach_after == float(brute.reach(h, "dept")) == 0.5
    assert result.robustness_before == float(brute.robustness(g))
    assert result.robustness_after == float(brute.robustness(h))
    assert result.cross_group_reachability_after == 1.0
    assert g.number_of_edges() == 3  # not modified


def test_agrees_with_recommend() -> None:
    g = nx.Graph([("a", "b"), ("c", "d"), ("e", "f"), ("b", "x")])
    (first, *_) = recommend_ties(g, k=1).recommendations
    result = what_if_ties(g, [(first.source, first.target)])
    assert result.fragmentation_before == pytest.approx(first.before)
    assert result.fragmentation_after == pytest.approx(first.after)


def test_weights_and_direction() -> None:
    d = nx.DiGraph()
    d.add_edge("a", "b", weight=4.0)
    d.add_edge("b", "c", weight=2.0)
    result = what_if_ties(d, [("c", "a")], weight="weight", tie_weight=2.0)
    u = nx.Graph()
    u.add_edge("a", "b", weight=4.0)
    u.add_edge("b", "c", weight=2.0)
    u.add_edge("a", "c", weight=2.0)
    assert result.distance_fragmentation_after == pytest.approx(
        distance_fragmentation(u, weight="weight")
    )
    assert result.fragmentation_before == fragmentation(d) == 0.0


def test_without_groups_the_cross_group_measures_are_nan() -> None:
    result = what_if_ties(nx.path_graph(["a", "b", "c"]), [("a", "c")])
    assert math.isnan(result.cross_group_reach_before)
    assert math.isnan(result.cross_group_reachability_after)
    assert result.robustness_before == 1.0 and result.robustness_after == 0.0
    tiny = what_if_ties(nx.Graph([("a", "b")]).copy(), [])
    assert math.isnan(tiny.robustness_before)


def test_to_dict_matches_removal_keys() -> None:
    g = nx.path_graph(["a", "b", "c"])
    added = what_if_ties(g, [("a", "c"), ("c", "a")]).to_dict()
    assert added["added"] == [["a", "c"]]
    removed = what_if(g, ["b"]).to_dict()
    shared = set(removed) - {"removed", "cut_off"}
    assert shared <= set(added)


def test_every_problem_is_listed() -> None:
    g = nx.path_graph(["a", "b", "c"])
    with pytest.raises(GraphError) as info:
        what_if_ties(g, [("a", "B"), ("a", "b"), ("c", "c"), ("a",)])  # type: ignore[list-item]
    message = str(info.value)
    assert "unknown actor 'B'; did you mean 'b'?" in message
    assert "'a' and 'b' are already tied" in message
    assert "self-tie" in message
    assert "is not a pair" in message
    with pytest.raises(GraphError, match="not a string"):
        what_if_ties(g, "ab")
