"""Tests of coopnet.metrics.keyplayers.

Hand-computed key players and what-if scenarios on tiny graphs, the one-DFS fast path against the
naive recomputation on many random graphs (trees, cycles, stars, disconnected graphs with
isolates), and hypothesis properties (gains >= 0, relabelling, what_if = measures of the subgraph).
"""

from __future__ import annotations

import dataclasses
import importlib
import logging
import math
import random

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coopnet.errors import GraphError
from coopnet.metrics.fragmentation import (
    component_sizes,
    distance_fragmentation,
    fragmentation,
    largest_component_share,
    reachable_pair_share,
)
from coopnet.metrics.keyplayers import (
    KEY_PLAYER_COLUMNS,
    WhatIf,
    _key_players_naive,
    fragmentation_curve,
    key_players,
    what_if,
)

kp = importlib.import_module("coopnet.metrics.keyplayers")

TOL = 1e-12


# --- tiny graphs -------------------------------------------------------------------------------


def star() -> nx.Graph:
    """Hub with four leaves a, b, c, d (n = 5)."""
    return nx.star_graph(["hub", "a", "b", "c", "d"])


def path5() -> nx.Graph:
    """a - b - c - d - e."""
    return nx.path_graph(["a", "b", "c", "d", "e"])


def two_cliques() -> nx.Graph:
    """Cliques {a1..a4} (group admin) and {b1..b4} (group civil); broker x (admin) ties a1, b1."""
    g = nx.complete_graph(["a1", "a2", "a3", "a4"])
    g.add_edges_from(nx.complete_graph(["b1", "b2", "b3", "b4"]).edges)
    g.add_edges_from([("x", "a1"), ("x", "b1")])
    for v in g:
        g.nodes[v]["group"] = "civil" if v.startswith("b") else "admin"
        g.nodes[v]["label"] = f"Actor {v.upper()}"
    return g


def random_graph(seed: int, *, n: int, p: float, directed: bool = False) -> nx.Graph:
    """Seeded G(n, p) with string ids."""
    raw = nx.gnp_random_graph(n, p, seed=seed, directed=directed)
    return nx.relabel_nodes(raw, {i: f"v{i:03d}" for i in raw})


@st.composite
def graphs(draw: st.DrawFn, *, min_nodes: int = 3, max_nodes: int = 11) -> nx.Graph:
    """Random small graphs: any density, isolates, disconnected, directed or not."""
    n = draw(st.integers(min_nodes, max_nodes))
    p = draw(st.sampled_from([0.0, 0.1, 0.2, 0.3, 0.5, 0.8]))
    return random_graph(draw(st.integers(0, 2**31 - 1)), n=n, p=p, directed=draw(st.booleans()))


def assert_same_players(fast: object, naive: object) -> None:
    """Same ids in the same order, same F values and gains (up to rounding)."""
    assert list(fast.columns) == list(naive.columns) == list(KEY_PLAYER_COLUMNS)  # type: ignore[attr-defined]
    assert fast["id"].tolist() == naive["id"].tolist()  # type: ignore[index]
    assert fast["rank"].tolist() == naive["rank"].tolist()  # type: ignore[index]
    for column in ("fragmentation_after", "gain"):
        assert fast[column].tolist() == pytest.approx(naive[column].tolist(), abs=TOL)  # type: ignore[index]


# --- key players: hand-computed ----------------------------------------------------------------


def test_star_centre_removal_fragments_completely() -> None:
    players = key_players(star(), k=1)
    assert list(players.columns) == list(KEY_PLAYER_COLUMNS)
    # removing the hub leaves four isolates: F = 1, gain 1 - 0
    assert players.to_dict("records") == [
        {"rank": 1, "id": "hub", "label": "hub", "fragmentation_after": 1.0, "gain": 1.0}
    ]


def test_path5() -> None:
    players = key_players(path5(), k=2)
    # step 1: removing c leaves {a, b}, {d, e}: F = 1 - 4 / 12 = 2/3 (b or d: 1 - 6/12 = 1/2)
    # step 2: removing any actor leaves one pair and one isolate: F = 1 - 2 / 6 = 2/3, gain 0;
    # the tie is broken by the smallest id, a
    assert players["id"].tolist() == ["c", "a"]
    assert players["fragmentation_after"].tolist() == pytest.approx([2 / 3, 2 / 3], abs=TOL)
    assert players["gain"].tolist() == pytest.approx([2 / 3, 0.0], abs=TOL)
    assert players["gain"].iloc[1] == 0.0  # exact rational arithmetic: no -1e-17


def test_two_cliques_broker_first() -> None:
    players = key_players(two_cliques(), k=2)
    # step 1: x -> two K4, F = 1 - 24/56 = 4/7 (a1 or b1 only 15/28)
    # step 2: removing any clique member leaves K3 + K4: F = 1 - (6 + 12) / 42 = 4/7, gain 0;
    # all eight tie, so the smallest id a1 is taken
    assert players["id"].tolist() == ["x", "a1"]
    assert players["label"].tolist() == ["Actor X", "Actor A1"]
    assert players["fragmentation_after"].tolist() == pytest.approx([4 / 7, 4 / 7], abs=TOL)
    assert players["gain"].tolist() == [pytest.approx(4 / 7, abs=TOL), 0.0]


def test_isolates_are_candidates() -> None:
    g = nx.path_graph(["a", "b", "c"])
    g.add_nodes_from(["d", "e"])
    # before: F = 1 - 6 / 20 = 0.7; removing b: four isolates, F = 1 (gain 0.3);
    # removing a: {b, c} + 2 isolates, F = 1 - 2/12; removing d: {a, b, c} + e, F = 1 - 6/12
    players = key_players(g, k=1)
    assert players["id"].tolist() == ["b"]
    assert players["gain"].iloc[0] == pytest.approx(0.3, abs=TOL)
    # only isolates left: every removal keeps F = 1, gain 0; the smallest id goes first
    h = nx.Graph()
    h.add_nodes_from(["c", "a", "b", "d"])
    assert key_players(h, k=2)[["id", "fragmentation_after", "gain"]].values.tolist() == [
        ["a", 1.0, 0.0],
        ["b", 1.0, 0.0],
    ]


def test_directed_input_uses_weak_components() -> None:
    # a -> b <- c is the weak path a - b - c: removing b leaves two isolates, F = 1
    players = key_players(nx.DiGraph([("a", "b"), ("c", "b")]), k=1)
    assert players[["id", "fragmentation_after"]].values.tolist() == [["b", 1.0]]


def test_k_bounds() -> None:
    empty = key_players(path5(), k=0)
    assert empty.empty
    assert list(empty.columns) == list(KEY_PLAYER_COLUMNS)
    assert key_players(nx.Graph(), k=0).empty
    assert len(key_players(path5(), k=3)) == 3  # n - 2
    with pytest.raises(GraphError, match="k=4 is too large for 5 actor"):
        key_players(path5(), k=4)
    with pytest.raises(GraphError, match="k=1 is too large"):
        key_players(nx.Graph(), k=1)
    with pytest.raises(GraphError, match=">= 0"):
        key_players(path5(), k=-1)
    with pytest.raises(GraphError, match="integer"):
        key_players(path5(), k=1.5)  # type: ignore[arg-type]


def test_progress_logs_one_message_per_step(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="coopnet.metrics.keyplayers"):
        key_players(path5(), k=2, progress=True)
        assert len(caplog.records) == 2
        key_players(path5(), k=2)
        assert len(caplog.records) == 2


def test_long_path_does_not_recurse() -> None:
    # 10,000 actors in a row: a recursive DFS would exceed Python's recursion limit
    g = nx.path_graph([f"a{i:05d}" for i in range(10_000)])
    players = key_players(g, k=2)
    # the middle: a04999 and a05000 both leave pieces 4999 + 5000; the smaller id wins
    assert players["id"].tolist()[0] == "a04999"
    n = 9_999
    expected = 1 - (4_999 * 4_998 + 5_000 * 4_999) / (n * (n - 1))
    assert players["fragmentation_after"].iloc[0] == pytest.approx(expected, abs=TOL)


# --- fast path against the naive reference -----------------------------------------------------


def structured_graphs() -> list[nx.Graph]:
    """Trees, cycles, stars, and disconnected unions with isolates."""
    out: list[nx.Graph] = []
    for seed in range(8):
        tree = nx.random_labeled_tree(12 + seed, seed=seed)
        out.append(nx.relabel_nodes(tree, {i: f"t{i:02d}" for i in tree}))
    out.append(nx.cycle_graph([f"c{i}" for i in range(9)]))
    out.append(nx.star_graph([f"s{i}" for i in range(8)]))
    union = nx.disjoint_union_all(
        [nx.cycle_graph(5), nx.star_graph(4), nx.path_graph(4), nx.empty_graph(3)]
    )
    out.append(nx.relabel_nodes(union, {i: f"u{i:02d}" for i in union}))
    barbell = nx.barbell_graph(4, 3)
    out.append(nx.relabel_nodes(barbell, {i: f"b{i:02d}" for i in barbell}))
    return out


@pytest.mark.parametrize("index", range(12))
def test_fast_equals_naive_structured(index: int) -> None:
    g = structured_graphs()[index]
    k = min(4, g.number_of_nodes() - 2)
    assert_same_players(key_players(g, k=k), _key_players_naive(g, k=k))


@pytest.mark.parametrize("seed", range(30))
def test_fast_equals_naive_seeded(seed: int) -> None:
    rng = random.Random(seed)
    g = random_graph(seed, n=rng.randint(6, 25), p=rng.choice([0.05, 0.1, 0.2, 0.4]))
    k = min(5, g.number_of_nodes() - 2)
    assert_same_players(key_players(g, k=k), _key_players_naive(g, k=k))


@given(graph=graphs(), k=st.integers(0, 9))
@settings(max_examples=150, deadline=None)
def test_fast_equals_naive_property(graph: nx.Graph, k: int) -> None:
    k = min(k, graph.number_of_nodes() - 2)
    fast = key_players(graph, k=k)
    assert_same_players(fast, _key_players_naive(graph, k=k))
    # gains are never negative (docstring argument), computed exactly
    assert (fast["gain"] >= 0.0).all()
    assert ((fast["fragmentation_after"] >= 0.0) & (fast["fragmentation_after"] <= 1.0)).all()


@given(graph=graphs(), seed=st.integers(0, 1000))
@settings(max_examples=80, deadline=None)
def test_first_step_invariant_under_relabelling(graph: nx.Graph, seed: int) -> None:
    nodes = sorted(graph)
    order = list(range(len(nodes)))
    random.Random(seed).shuffle(order)
    mapping = {v: f"r{order[i]:03d}" for i, v in enumerate(nodes)}
    other = nx.relabel_nodes(graph, mapping)
    a = key_players(graph, k=1)["fragmentation_after"].iloc[0]
    b = key_players(other, k=1)["fragmentation_after"].iloc[0]
    assert a == pytest.approx(b, abs=TOL)  # the maximum is unique even when the actor is not


@given(graph=graphs(max_nodes=9))
@settings(max_examples=60, deadline=None)
def test_first_key_player_is_best_what_if(graph: nx.Graph) -> None:
    best = max(what_if(graph, [v]).fragmentation_after for v in graph)
    assert key_players(graph, k=1)["fragmentation_after"].iloc[0] == pytest.approx(best)


def test_piece_sizes_match_components_after_removal() -> None:
    # the DFS bookkeeping: sum of squared piece sizes after removing v, for every v at once
    g = random_graph(42, n=60, p=0.04)
    nodes, adj = kp._int_adjacency(g)
    total, delta = kp._squares_after_removal(adj, [True] * len(nodes))
    assert total == sum(s * s for s in component_sizes(g))
    for i, v in enumerate(nodes):
        rest = g.subgraph(set(g) - {v})
        assert total + delta[i] == sum(s * s for s in component_sizes(rest)), v


# --- fragmentation curve -----------------------------------------------------------------------


def test_fragmentation_curve() -> None:
    curve = fragmentation_curve(two_cliques(), k=2)
    assert list(curve.columns) == ["step", "id", "fragmentation"]
    assert curve["step"].tolist() == [0, 1, 2]
    assert curve["id"].tolist() == [None, "x", "a1"]
    assert curve["fragmentation"].tolist() == pytest.approx([0.0, 4 / 7, 4 / 7], abs=TOL)
    only_start = fragmentation_curve(star(), k=0)
    assert only_start.values.tolist() == [[0, None, 0.0]]
    with pytest.raises(GraphError):
        fragmentation_curve(star(), k=4)


# --- what if -----------------------------------------------------------------------------------


def test_what_if_two_cliques_broker() -> None:
    result = what_if(two_cliques(), ["x"], group="group")
    assert isinstance(result, WhatIf)
    assert result.removed == ("x",)
    assert result.fragmentation_before == 0.0
    assert result.fragmentation_after == pytest.approx(4 / 7, abs=TOL)  # two K4
    # before: sum 1/d over unordered pairs 21.75 (see test_fragmentation) -> 1 - 43.5 / 72
    assert result.distance_fragmentation_before == pytest.approx(1 - 43.5 / 72, abs=TOL)
    assert result.distance_fragmentation_after == pytest.approx(4 / 7, abs=TOL)
    assert (result.components_before, result.components_after) == (1, 2)
    assert result.largest_component_share_before == 1.0
    assert result.largest_component_share_after == 0.5
    # all 4 * 5 = 20 admin-civil pairs connected before, none of the 16 after
    assert result.cross_group_reachability_before == 1.0
    assert result.cross_group_reachability_after == 0.0
    # the two K4 tie in size; the one with the smallest id (a1) is the largest after
    assert result.cut_off == ("b1", "b2", "b3", "b4")
    record = result.to_dict()
    assert list(record) == [f.name for f in dataclasses.fields(WhatIf)]
    assert record["removed"] == ["x"]
    assert record["cut_off"] == ["b1", "b2", "b3", "b4"]


def test_what_if_star_and_path() -> None:
    hub = what_if(star(), ["hub"])
    assert hub.fragmentation_after == 1.0
    assert hub.components_after == 4
    assert hub.largest_component_share_after == 0.25
    assert hub.cut_off == ("b", "c", "d")  # a is the largest (size-1) component after
    assert math.isnan(hub.cross_group_reachability_before)
    assert math.isnan(hub.cross_group_reachability_after)
    middle = what_if(path5(), ["c"])
    assert middle.fragmentation_after == pytest.approx(2 / 3, abs=TOL)
    assert middle.cut_off == ("d", "e")


def test_what_if_nothing_and_everything() -> None:
    g = two_cliques()
    same = what_if(g, [])
    assert same.fragmentation_after == same.fragmentation_before == 0.0
    assert same.components_after == same.components_before == 1
    assert same.cut_off == ()
    everyone = what_if(g, sorted(g))
    assert math.isnan(everyone.fragmentation_after)
    assert math.isnan(everyone.distance_fragmentation_after)
    assert math.isnan(everyone.largest_component_share_after)
    assert everyone.components_after == 0
    assert everyone.cut_off == ()


def test_what_if_duplicates_and_order() -> None:
    result = what_if(path5(), ["d", "b", "d"])
    assert result.removed == ("d", "b")
    # left: a, c, e isolates
    assert result.fragmentation_after == 1.0


def test_what_if_unknown_actor_suggests_closest() -> None:
    g = nx.Graph([("KI", "Jobcenter"), ("Jobcenter", "Schule")])
    with pytest.raises(GraphError) as info:
        what_if(g, ["KI2"])
    assert str(info.value) == "unknown actor 'KI2'; did you mean 'KI'?"
    with pytest.raises(GraphError, match="'Jobcentre'; did you mean 'Jobcenter'") as info:
        what_if(g, ["Jobcentre", "zzzzzz"])
    assert "unknown actor 'zzzzzz'; no actor has a similar id" in str(info.value)
    with pytest.raises(GraphError, match="not a string"):
        what_if(g, "KI")


def test_what_if_missing_group_and_directed() -> None:
    g = nx.DiGraph([("a", "b"), ("c", "b")])
    with pytest.raises(GraphError, match="group"):
        what_if(g, ["b"], group="group")
    result = what_if(g, ["b"])
    assert (result.fragmentation_before, result.fragmentation_after) == (0.0, 1.0)


def test_what_if_does_not_mutate() -> None:
    g = two_cliques()
    edges = sorted(g.edges)
    what_if(g, ["x", "a1"], group="group")
    assert sorted(g.edges) == edges
    assert g.number_of_nodes() == 9
    with pytest.raises(dataclasses.FrozenInstanceError):
        what_if(g, ["x"]).removed = ()  # type: ignore[misc]


@given(graph=graphs(min_nodes=0), data=st.data())
@settings(max_examples=100, deadline=None)
def test_what_if_matches_measures_of_subgraph(graph: nx.Graph, data: st.DataObject) -> None:
    nodes = sorted(graph)
    remove = data.draw(st.lists(st.sampled_from(nodes), max_size=4)) if nodes else []
    colours = data.draw(st.lists(st.sampled_from("xy"), min_size=len(nodes), max_size=len(nodes)))
    nx.set_node_attributes(graph, dict(zip(nodes, colours, strict=True)), "dept")
    for u, v in graph.edges:
        graph.edges[u, v]["weight"] = data.draw(st.sampled_from([0.25, 0.5, 1.0]))
    result = what_if(graph, remove, group="dept", weight="weight")
    after = graph.subgraph(set(nodes) - set(remove))

    def same(a: float, b: float) -> bool:
        return (math.isnan(a) and math.isnan(b)) or a == pytest.approx(b, abs=1e-12)

    for state, g in (("before", graph), ("after", after)):
        assert same(getattr(result, f"fragmentation_{state}"), fragmentation(g))
        assert same(
            getattr(result, f"distance_fragmentation_{state}"),
            distance_fragmentation(g, weight="weight"),
        )
        assert getattr(result, f"components_{state}") == len(component_sizes(g))
        assert same(getattr(result, f"largest_component_share_{state}"), largest_component_share(g))
        assert same(
            getattr(result, f"cross_group_reachability_{state}"),
            reachable_pair_share(g, group="dept"),
        )
    assert set(result.cut_off).isdisjoint(remove)
    assert list(result.cut_off) == sorted(result.cut_off)
