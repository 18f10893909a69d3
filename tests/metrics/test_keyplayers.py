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
from coopnet.metrics._engine import removal_effects
from coopnet.metrics.arrays import graph_arrays
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
    fragmentation_curve,
    key_players,
    what_if,
)
from tests.metrics.reference import (
    best_fragmentation,
    fragmentation_without,
    greedy_fragmentation_naive,
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


def davis() -> nx.Graph:
    """Davis' southern women, projected on the women (ties = events attended together)."""
    g = nx.davis_southern_women_graph()
    women = [v for v, d in g.nodes(data=True) if d["bipartite"] == 0]
    return nx.bipartite.weighted_projected_graph(g, women)


def karate() -> nx.Graph:
    g = nx.karate_club_graph()
    return nx.relabel_nodes(g, {i: f"k{i:02d}" for i in g})


def final_f(players: object) -> float:
    return float(players["fragmentation_after"].iloc[-1])  # type: ignore[index]


# --- key players: hand-computed ----------------------------------------------------------------


def test_star_centre_removal_fragments_completely() -> None:
    players = key_players(star(), k=1)
    assert list(players.columns) == list(KEY_PLAYER_COLUMNS)
    # removing the hub leaves four isolates: F = 1, gain 1 - 0; proven optimal (k = 1)
    assert players.to_dict("records") == [
        {
            "rank": 1,
            "id": "hub",
            "label": "hub",
            "fragmentation_after": 1.0,
            "gain": 1.0,
            "contribution": 1.0,
            "optimal": True,
        }
    ]


def test_two_hubs_only_together() -> None:
    # d and e are tied to each other and to a, b, c: no single removal splits the network
    # (every gain of a first step is 0), the pair {d, e} leaves three isolates (F = 1)
    g = nx.Graph([(h, x) for h in "de" for x in "abc"] + [("d", "e")])
    for method in ("auto", "exhaustive", "swap", "greedy"):
        players = key_players(g, k=2, method=method)  # type: ignore[arg-type]
        assert players["id"].tolist() == ["d", "e"], method
        assert players["fragmentation_after"].tolist() == [0.0, 1.0]
        assert players["gain"].tolist() == [0.0, 1.0]  # order-dependent
        assert players["contribution"].tolist() == [1.0, 1.0]  # both needed
        assert players["optimal"].tolist() == [method in ("auto", "exhaustive")] * 2


def test_ties_in_f_broken_by_distance_fragmentation() -> None:
    # a cycle a-b-c-d-e-f-a with a chord a-d: no single removal splits it (F = 0 for all);
    # removing a or d (the chord's ends) lengthens paths most: distance-weighted F
    # 1 - (6 * 1 + 4 / 2) / 20 = 0.6 for a, against 1 - (6 * 1 + 2 / 2 + 2 / 3 ... ) for b
    g = nx.cycle_graph(["a", "b", "c", "d", "e", "f"])
    g.add_edge("a", "d")
    players = key_players(g, k=1)
    assert players["fragmentation_after"].tolist() == [0.0]
    assert players["contribution"].tolist() == [0.0]
    expected = {v: distance_fragmentation(g.subgraph(set(g) - {v})) for v in g}
    best = max(expected.values())
    assert expected[players["id"].iloc[0]] == best
    assert players["id"].iloc[0] == min(v for v in g if expected[v] == best)


def test_path5() -> None:
    players = key_players(path5(), k=2)
    # the best pair is {b, d}: pieces a, c, e, F = 1 (greedy takes c first: F 2/3, then 2/3)
    assert players["id"].tolist() == ["b", "d"]
    # removal order: b first leaves a + {c, d, e}: F = 1 - 6/12 = 1/2, then d: F = 1
    assert players["fragmentation_after"].tolist() == pytest.approx([0.5, 1.0], abs=TOL)
    assert players["gain"].tolist() == pytest.approx([0.5, 0.5], abs=TOL)
    # without b, {d} leaves {a, b, c} + e: F = 1/2; the same for d
    assert players["contribution"].tolist() == pytest.approx([0.5, 0.5], abs=TOL)
    greedy = key_players(path5(), k=2, method="greedy")
    assert greedy["id"].tolist()[0] == "c"
    assert final_f(greedy) == pytest.approx(2 / 3, abs=TOL)
    assert greedy["gain"].iloc[1] == 0.0  # exact rational arithmetic: no -1e-17


def test_two_cliques_best_pair_is_not_the_broker() -> None:
    players = key_players(two_cliques(), k=2)
    # the broker x alone splits the network best (two K4: F = 1 - 24/56 = 4/7), but no second
    # actor splits a K4, so {x, a1} keeps F = 1 - (6 + 12)/42 = 4/7. The broker's contacts
    # a1 and b1 together leave K3 + K3 + x: F = 1 - (6 + 6)/42 = 5/7, the optimum (the plain
    # greedy misses it). Order: a1 first (pieces K3 and {x, b1..b4}: F = 1 - 26/56 = 15/28;
    # b1 ties, the smaller id goes first), then b1.
    assert players["id"].tolist() == ["a1", "b1"]
    assert players["label"].tolist() == ["Actor A1", "Actor B1"]
    assert players["fragmentation_after"].tolist() == pytest.approx([15 / 28, 5 / 7], abs=TOL)
    assert players["gain"].tolist() == pytest.approx([15 / 28, 5 / 28], abs=TOL)
    assert players["contribution"].tolist() == pytest.approx([5 / 28, 5 / 28], abs=TOL)
    assert players["optimal"].all()
    assert key_players(two_cliques(), k=1)["id"].tolist() == ["x"]


def test_karate_and_davis_reach_the_optimum() -> None:
    # karate k = 3: the plain greedy reaches F = 0.482, the optimum is 0.570 ({0, 32, 33})
    g = karate()
    best = best_fragmentation(g, 3)
    assert best == pytest.approx(0.5698924731182796, abs=TOL)
    players = key_players(g, k=3)
    assert players["optimal"].all()
    assert final_f(players) == pytest.approx(best, abs=TOL)
    assert sorted(players["id"]) == ["k00", "k32", "k33"]
    assert final_f(key_players(g, k=3, method="swap")) == pytest.approx(best, abs=TOL)
    assert greedy_fragmentation_naive(g, 3)[-1] == pytest.approx(0.4817204301075269, abs=TOL)
    d = davis()
    for k in (1, 2):
        assert final_f(key_players(d, k=k)) == pytest.approx(best_fragmentation(d, k), abs=TOL)


def test_isolates_are_candidates() -> None:
    g = nx.path_graph(["a", "b", "c"])
    g.add_nodes_from(["d", "e"])
    # before: F = 1 - 6 / 20 = 0.7; removing b: four isolates, F = 1 (gain 0.3);
    # removing a: {b, c} + 2 isolates, F = 1 - 2/12; removing d: {a, b, c} + e, F = 1 - 6/12
    players = key_players(g, k=1)
    assert players["id"].tolist() == ["b"]
    assert players["gain"].iloc[0] == pytest.approx(0.3, abs=TOL)
    # only isolates left: every removal keeps F = 1, gain 0 and contribution 0
    h = nx.Graph()
    h.add_nodes_from(["c", "a", "b", "d"])
    assert key_players(h, k=2)[
        ["id", "fragmentation_after", "gain", "contribution"]
    ].values.tolist() == [
        ["a", 1.0, 0.0, 0.0],
        ["b", 1.0, 0.0, 0.0],
    ]


def test_directed_input_uses_weak_components() -> None:
    # a -> b <- c is the weak path a - b - c: removing b leaves two isolates, F = 1
    players = key_players(nx.DiGraph([("a", "b"), ("c", "b")]), k=1)
    assert players[["id", "fragmentation_after"]].values.tolist() == [["b", 1.0]]


def test_k_bounds_and_method() -> None:
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
    with pytest.raises(GraphError, match="unknown key-player method 'best'"):
        key_players(path5(), k=1, method="best")  # type: ignore[arg-type]


def test_auto_uses_exhaustive_only_when_cheap() -> None:
    # C(n, k-1) (n + m) <= EXHAUSTIVE_WORK: k = 2 on a path of 800 actors is 800 * 1599 > 1e6
    long = nx.path_graph([f"p{i:03d}" for i in range(800)])
    assert not key_players(long, k=2)["optimal"].any()
    assert key_players(long, k=1)["optimal"].all()
    assert math.comb(800, 1) * (800 + 799) > kp.EXHAUSTIVE_WORK


def test_progress_logs_only_when_asked(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="coopnet.metrics.keyplayers"):
        key_players(path5(), k=2, method="swap", progress=True)
        logged = len(caplog.records)
        assert logged >= 3  # two greedy steps and the result
        key_players(path5(), k=2)
        assert len(caplog.records) == logged


def test_long_path_does_not_recurse() -> None:
    # 3,000 actors in a row: a recursive DFS would exceed Python's recursion limit (1,000)
    g = nx.path_graph([f"a{i:05d}" for i in range(3_000)])
    players = key_players(g, k=1)
    # the middle: a01499 and a01500 both leave pieces 1499 + 1500 (same distance fragmentation
    # by symmetry); the smaller id wins
    assert players["id"].tolist() == ["a01499"]
    n = 2_999
    expected = 1 - (1_499 * 1_498 + 1_500 * 1_499) / (n * (n - 1))
    assert players["fragmentation_after"].iloc[0] == pytest.approx(expected, abs=TOL)


# --- the search against exhaustive search ---------------------------------------------------------


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
def test_optimal_on_structured_graphs(index: int) -> None:
    g = structured_graphs()[index]
    for k in range(1, min(4, g.number_of_nodes() - 2) + 1):
        players = key_players(g, k=k)
        assert players["optimal"].all()
        assert final_f(players) == pytest.approx(best_fragmentation(g, k), abs=TOL)


def test_heuristics_against_exhaustive_search() -> None:
    # 40 random networks of 8-14 actors, k = 2..4 (the counts quoted in key_players' Notes)
    rng = random.Random(1)
    below = {"naive": 0, "greedy": 0, "swap": 0}
    for seed in range(40):
        n, p, k = rng.randint(8, 14), rng.choice([0.15, 0.2, 0.25, 0.3, 0.4]), rng.randint(2, 4)
        g = random_graph(seed, n=n, p=p)
        best = best_fragmentation(g, k)
        assert final_f(key_players(g, k=k)) == pytest.approx(best, abs=TOL)  # auto: exhaustive
        below["naive"] += greedy_fragmentation_naive(g, k)[-1] < best - TOL
        for method in ("greedy", "swap"):
            below[method] += final_f(key_players(g, k=k, method=method)) < best - TOL  # type: ignore[arg-type]
    assert below == {"naive": 24, "greedy": 20, "swap": 3}


@given(graph=graphs(), k=st.integers(1, 4))
@settings(max_examples=120, deadline=None)
def test_exhaustive_is_optimal_and_swap_is_locally_optimal(graph: nx.Graph, k: int) -> None:
    k = min(k, graph.number_of_nodes() - 2)
    best = best_fragmentation(graph, k)
    players = key_players(graph, k=k, method="exhaustive")
    assert final_f(players) == pytest.approx(best, abs=TOL)
    assert players["optimal"].all()
    # gains add up to F(S) - F(before); gains, F in range; contributions as defined
    before = fragmentation(graph)
    assert players["gain"].sum() == pytest.approx(final_f(players) - before, abs=1e-9)
    assert ((players["fragmentation_after"] >= 0) & (players["fragmentation_after"] <= 1)).all()
    chosen = set(players["id"])
    for actor, contribution in zip(players["id"], players["contribution"], strict=True):
        without = fragmentation_without(graph, chosen - {actor})
        assert contribution == pytest.approx(final_f(players) - without, abs=TOL)
    swap = key_players(graph, k=k, method="swap")
    swap_f = final_f(swap)
    assert swap_f <= best + TOL
    assert swap_f >= final_f(key_players(graph, k=k, method="greedy")) - TOL
    # no single swap raises F any further
    members = set(swap["id"])
    for out in members:
        for into in set(graph) - members:
            assert fragmentation_without(graph, (members - {out}) | {into}) <= swap_f + TOL


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
    arrays = graph_arrays(g)
    effects = removal_effects(arrays.undirected)
    assert effects.squares == sum(s * s for s in component_sizes(g))
    for i, v in enumerate(arrays.nodes):
        rest = g.subgraph(set(g) - {v})
        assert effects.squares + effects.delta[i] == sum(s * s for s in component_sizes(rest)), v
        pieces = len(component_sizes(rest)) - len(component_sizes(g)) + 1
        assert effects.pieces[i] == (pieces if g.degree(v) else 0), v


# --- fragmentation curve -----------------------------------------------------------------------


def test_fragmentation_curve() -> None:
    curve = fragmentation_curve(two_cliques(), k=2)
    assert list(curve.columns) == ["step", "id", "fragmentation"]
    assert curve["step"].tolist() == [0, 1, 2]
    assert curve["id"].tolist() == [None, "a1", "b1"]
    assert curve["fragmentation"].tolist() == pytest.approx([0.0, 15 / 28, 5 / 7], abs=TOL)
    greedy = fragmentation_curve(two_cliques(), k=2, method="greedy")
    assert greedy["id"].tolist()[:2] == [None, "x"]
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
    # only isolates are left: there is no main component any more, so all four are cut off
    # (an isolate is not called the main component)
    assert hub.cut_off == ("a", "b", "c", "d")
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
