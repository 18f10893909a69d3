"""coopnet.metrics.analyze: without a grouping, without ties, and the smaller fixes of issue 11."""

from __future__ import annotations

import math
from fractions import Fraction

import networkx as nx
import numpy as np
import pytest

from coopnet.metrics import (
    ACTOR_COLUMNS,
    GROUP_ACTOR_COLUMNS,
    GROUP_COLUMNS,
    GROUP_NETWORK_KEYS,
    NETWORK_KEYS,
    analyze,
    ei_permutation_test,
    graph_arrays,
    partner_diversity,
)
from coopnet.metrics.groups import MISSING_PAIR_COLUMNS


def two_triangles() -> nx.Graph:
    """Triangles {a, b, c} (group x) and {d, e, f} (group y) joined by c - d; g an isolate."""
    g = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("d", "e"), ("e", "f"), ("d", "f")])
    g.add_edge("c", "d")
    g.add_node("g")
    for v in g:
        g.nodes[v]["group"] = "x" if v in "abc" else "y"
        g.nodes[v]["label"] = v.upper()
    return g


def test_without_group_every_actor_and_network_measure() -> None:
    g = two_triangles()
    for v in g:
        del g.nodes[v]["group"]  # no grouping column at all
    result = analyze(g, key_players_k=1, n_permutations=20)
    assert result.group is None
    assert list(result.actors.columns) == ["label", *ACTOR_COLUMNS]
    for column in GROUP_ACTOR_COLUMNS:
        assert result.actors[column].isna().all(), column
    others = [c for c in ACTOR_COLUMNS if c not in GROUP_ACTOR_COLUMNS and c != "constraint"]
    assert not result.actors[others].isna().any().any()
    assert set(NETWORK_KEYS) <= set(result.network)
    for key in GROUP_NETWORK_KEYS:
        assert math.isnan(result.network[key]), key
    assert result.network["n_groups"] is None
    # the same non-group numbers as with a grouping
    grouped = analyze(two_triangles(), group="group", key_players_k=1, n_permutations=20)
    for key in set(NETWORK_KEYS) - set(GROUP_NETWORK_KEYS):
        assert result.network[key] == pytest.approx(grouped.network[key], nan_ok=True), key
    assert result.actors["betweenness"].equals(grouped.actors["betweenness"])
    assert result.key_players["id"].tolist() == ["c"]
    # group tables are empty, with their columns
    assert result.groups.empty and list(result.groups.columns) == list(GROUP_COLUMNS)
    assert result.mixing.empty
    assert result.missing_pairs.empty
    assert list(result.missing_pairs.columns) == list(MISSING_PAIR_COLUMNS)
    assert math.isnan(result.ei_test.observed)
    assert result.communities.n_communities == 3  # two triangles and the isolate
    assert math.isnan(result.communities.nmi)


def test_network_without_ties() -> None:
    g = nx.Graph()
    g.add_nodes_from("abcd")
    nx.set_node_attributes(g, {"a": "x", "b": "x", "c": "y", "d": "y"}, "group")
    result = analyze(g, group="group", n_permutations=10)
    # no communities to compare: NMI and ARI undefined (was 0.667), one community per actor
    assert math.isnan(result.network["community_nmi"])
    assert math.isnan(result.network["community_ari"])
    assert result.network["n_communities"] == 4
    assert math.isnan(result.network["modularity"])
    assert result.network["fragmentation"] == 1.0
    assert result.key_players["contribution"].tolist() == [0.0, 0.0]  # nobody is a key player


def test_ei_expected_without_float_noise() -> None:
    # every permutation of 3 x and 2 y labels over a 5-cycle: the mean is a simple fraction
    g = nx.cycle_graph(["a", "b", "c", "d", "e"])
    nx.set_node_attributes(g, {"a": "x", "b": "x", "c": "x", "d": "y", "e": "y"}, "group")
    test = ei_permutation_test(g, group="group", n_permutations=1000, seed=3)
    # E-I of a 5-cycle is (E - I) / 5 with E + I = 5: multiples of 2/5, so the mean of 1000
    # values is a multiple of 2/5000, printed without noise (a plain sum gave ...0113)
    assert repr(test.expected) == repr(round(test.expected, 10))
    assert test.expected * 2500 == pytest.approx(round(test.expected * 2500), abs=1e-9)
    # per group the denominators vary; the mean is the exact fraction (denominator at most
    # 1000 * lcm(1..5)), rounded once
    for value in test.by_group["expected"]:
        assert value == float(Fraction(value).limit_denominator(60_000))


def test_partner_diversity_reaches_its_maximum() -> None:
    # a's partners spread evenly over the G = 2 groups of the network: D = 1 - 1/2 exactly
    g = nx.star_graph(["a", "b", "c"])
    nx.set_node_attributes(g, {"a": "x", "b": "x", "c": "y"}, "group")
    values = partner_diversity(g, group="group")
    assert values["a"] == 0.5
    assert values["b"] == 0.0
    h = nx.star_graph(["a", "p", "q", "r"])
    nx.set_node_attributes(h, {"a": "x", "p": "x", "q": "y", "r": "z"}, "group")
    assert partner_diversity(h, group="group")["a"] == 2 / 3  # (9 - 3) / 9, rounded once


def test_analyze_reuses_arrays_of_the_caller() -> None:
    g = two_triangles()
    arrays = graph_arrays(g, weight=None)
    first = analyze(g, group="group", arrays=arrays, n_permutations=10)
    assert "components" in arrays.undirected._memo  # kept with the arrays
    again = analyze(g, group="group", arrays=arrays, n_permutations=10)
    assert np.array_equal(first.actors["closeness"], again.actors["closeness"])
    assert first.options["engine"] == "igraph"
