"""Tests of coopnet.metrics.fragmentation.

Hand-computed values on tiny graphs (star, path, two cliques joined by a broker, isolates, empty
and directed graphs), the fast distance fragmentation against the plain networkx reference and
python-igraph, and hypothesis properties (ranges, F <= distance-weighted F, relabelling).
"""

from __future__ import annotations

import math
import random
import tracemalloc

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coopnet.errors import GraphError
from coopnet.metrics import _engine
from coopnet.metrics.arrays import graph_arrays
from coopnet.metrics.fragmentation import (
    bridges,
    component_membership,
    component_sizes,
    cut_vertices,
    distance_fragmentation,
    fragmentation,
    largest_component_share,
    reachable_pair_share,
    strong_component_count,
)
from tests.metrics.reference import distance_fragmentation_reference

TOL = 1e-12


# --- tiny graphs -------------------------------------------------------------------------------


def star() -> nx.Graph:
    """Hub with four leaves a, b, c, d (n = 5)."""
    return nx.star_graph(["hub", "a", "b", "c", "d"])


def path5() -> nx.Graph:
    """a - b - c - d - e."""
    return nx.path_graph(["a", "b", "c", "d", "e"])


def two_cliques() -> nx.Graph:
    """Cliques {a1..a4} and {b1..b4}; the broker x is tied to a1 and b1 (n = 9)."""
    g = nx.complete_graph(["a1", "a2", "a3", "a4"])
    g.add_edges_from(nx.complete_graph(["b1", "b2", "b3", "b4"]).edges)
    g.add_edges_from([("x", "a1"), ("x", "b1")])
    return g


def pair_and_isolates() -> nx.Graph:
    """The tie a - b and the isolates c, d."""
    g = nx.Graph([("a", "b")])
    g.add_nodes_from(["c", "d"])
    return g


def random_graph(seed: int, *, n: int, p: float, directed: bool = False) -> nx.Graph:
    """Seeded G(n, p) with string ids and weights in (0, 1]."""
    rng = random.Random(seed)
    raw = nx.gnp_random_graph(n, p, seed=seed, directed=directed)
    g = nx.relabel_nodes(raw, {i: f"v{i:04d}" for i in raw})
    for u, v in g.edges:
        g.edges[u, v]["weight"] = rng.choice([0.2, 0.25, 0.5, 0.8, 1.0])
    return g


@st.composite
def graphs(draw: st.DrawFn, *, min_nodes: int = 0, max_nodes: int = 11) -> nx.Graph:
    """Random small graphs: any density, isolates, disconnected, directed or not, weights <= 1."""
    n = draw(st.integers(min_nodes, max_nodes))
    p = draw(st.sampled_from([0.0, 0.1, 0.2, 0.35, 0.6, 1.0]))
    directed = draw(st.booleans())
    seed = draw(st.integers(0, 2**31 - 1))
    return random_graph(seed, n=n, p=p, directed=directed)


def relabelled(graph: nx.Graph, seed: int) -> tuple[nx.Graph, dict[str, str]]:
    """Return a copy with ids permuted (so that their sort order changes) and the mapping."""
    nodes = sorted(graph)
    order = list(range(len(nodes)))
    random.Random(seed).shuffle(order)
    mapping = {v: f"r{order[i]:03d}" for i, v in enumerate(nodes)}
    return nx.relabel_nodes(graph, mapping), mapping


# --- components --------------------------------------------------------------------------------


def test_components_of_pair_and_isolates() -> None:
    g = pair_and_isolates()
    membership = component_membership(g)
    # {a, b} is the largest; the isolates c and d tie in size and are ordered by id
    assert membership.to_dict() == {"a": 0, "b": 0, "c": 1, "d": 2}
    assert membership.name == "component"
    assert membership.index.name == "id"
    assert membership.dtype == np.int64
    assert component_sizes(g) == [2, 1, 1]
    assert largest_component_share(g) == 0.5
    assert strong_component_count(g) == 3


def test_component_ties_broken_by_smallest_id() -> None:
    # {d, e} and {a, z} have the same size: the one holding "a" comes first; {m, n, o} is largest
    g = nx.Graph([("d", "e"), ("z", "a"), ("m", "n"), ("n", "o")])
    assert component_membership(g).to_dict() == {
        "a": 1,
        "d": 2,
        "e": 2,
        "m": 0,
        "n": 0,
        "o": 0,
        "z": 1,
    }
    assert list(component_membership(g).index) == sorted(g)


def test_directed_graphs_use_weak_components() -> None:
    # a -> b <- c is one weak component, but three strong components
    g = nx.DiGraph([("a", "b"), ("c", "b")])
    assert component_sizes(g) == [3]
    assert fragmentation(g) == 0.0
    assert strong_component_count(g) == 3
    # a <-> b, c -> d: weak {a, b}, {c, d}; strong {a, b}, {c}, {d}
    h = nx.DiGraph([("a", "b"), ("b", "a"), ("c", "d")])
    assert component_sizes(h) == [2, 2]
    assert strong_component_count(h) == 3
    # F = 1 - (2 + 2) / (4 * 3) = 2/3
    assert fragmentation(h) == pytest.approx(2 / 3, abs=TOL)


def test_empty_and_single_actor() -> None:
    empty = nx.Graph()
    assert math.isnan(fragmentation(empty))
    assert math.isnan(distance_fragmentation(empty))
    assert math.isnan(largest_component_share(empty))
    assert math.isnan(reachable_pair_share(empty))
    assert component_sizes(empty) == []
    assert component_membership(empty).empty
    assert strong_component_count(empty) == 0
    assert cut_vertices(empty) == []
    assert list(bridges(empty).columns) == ["source", "target"]
    assert bridges(empty).empty
    single = nx.Graph()
    single.add_node("a")
    assert math.isnan(fragmentation(single))
    assert math.isnan(distance_fragmentation(single))
    assert component_sizes(single) == [1]
    assert largest_component_share(single) == 1.0


def test_rejects_multigraph_and_self_ties() -> None:
    with pytest.raises(GraphError, match="multigraph"):
        fragmentation(nx.MultiGraph([("a", "b")]))
    with pytest.raises(GraphError, match="self-ties"):
        component_sizes(nx.Graph([("a", "a"), ("a", "b")]))


# --- fragmentation: hand-computed --------------------------------------------------------------


def test_fragmentation_star() -> None:
    g = star()
    assert fragmentation(g) == 0.0
    # removing the hub leaves 4 isolates: no pair connected
    assert fragmentation(g.subgraph(["a", "b", "c", "d"])) == 1.0
    # distances: 4 hub-leaf pairs at 1, 6 leaf-leaf pairs at 2 -> ordered sum 2 * (4 + 3) = 14
    # DF = 1 - 14 / (5 * 4) = 0.3
    assert distance_fragmentation(g) == pytest.approx(0.3, abs=TOL)


def test_fragmentation_path5() -> None:
    g = path5()
    assert fragmentation(g) == 0.0
    # unordered pairs at distance 1, 2, 3, 4: 4, 3, 2, 1 -> 4 + 3/2 + 2/3 + 1/4 = 77/12
    # DF = 1 - 2 * 77/12 / 20 = 1 - 77/120 = 43/120
    assert distance_fragmentation(g) == pytest.approx(43 / 120, abs=TOL)
    # removing the middle actor c leaves {a, b} and {d, e}: F = 1 - (2 + 2) / (4 * 3) = 2/3
    assert fragmentation(g.subgraph(["a", "b", "d", "e"])) == pytest.approx(2 / 3, abs=TOL)


def test_fragmentation_two_cliques() -> None:
    g = two_cliques()
    assert fragmentation(g) == 0.0
    # without the broker x: two K4, F = 1 - (12 + 12) / (8 * 7) = 4/7
    rest = g.subgraph(set(g) - {"x"})
    assert fragmentation(rest) == pytest.approx(4 / 7, abs=TOL)
    # without a1: {a2, a3, a4} and {x, b1..b4}: F = 1 - (6 + 20) / 56 = 15/28
    assert fragmentation(g.subgraph(set(g) - {"a1"})) == pytest.approx(15 / 28, abs=TOL)
    # unordered pairs: 12 at d=1 in the cliques, x-a1 and x-b1 at 1, x to the 6 others at 2,
    # a1-b1 at 2, a1-b2..b4 and a2..a4-b1 at 3 (6), a2..a4-b2..b4 at 4 (9): 36 pairs in all
    # sum 1/d = 12 + 2 + 6/2 + 1/2 + 6/3 + 9/4 = 21.75 -> DF = 1 - 43.5 / 72
    assert distance_fragmentation(g) == pytest.approx(1 - 43.5 / 72, abs=TOL)
    assert distance_fragmentation(rest) == pytest.approx(4 / 7, abs=TOL)  # cliques: DF = F


def test_fragmentation_isolates() -> None:
    g = pair_and_isolates()
    # F = 1 - 2 / (4 * 3) = 5/6; the one component is a clique, so DF = F
    assert fragmentation(g) == pytest.approx(5 / 6, abs=TOL)
    assert distance_fragmentation(g) == pytest.approx(5 / 6, abs=TOL)
    only_isolates = nx.Graph()
    only_isolates.add_nodes_from("abc")
    assert fragmentation(only_isolates) == 1.0
    assert distance_fragmentation(only_isolates) == 1.0


def test_distance_fragmentation_weighted() -> None:
    # a -1.0- b -0.5- c: lengths 1 and 2, d(a, c) = 3; sum 1/d = 2 * (1 + 1/2 + 1/3) = 11/3
    g = nx.Graph()
    g.add_edge("a", "b", weight=1.0)
    g.add_edge("b", "c", weight=0.5)
    assert distance_fragmentation(g, weight="weight") == pytest.approx(1 - 11 / 18, abs=TOL)
    assert distance_fragmentation(g) == pytest.approx(1 / 6, abs=TOL)  # 1 - (4 + 1) / 6
    # all weights 0.5 (the uniform-weight shortcut): distances 2, 2, 4 -> sum 2 * 1.25 = 2.5
    g.edges["a", "b"]["weight"] = 0.5
    assert distance_fragmentation(g, weight="weight") == pytest.approx(1 - 2.5 / 6, abs=TOL)


def test_distance_fragmentation_directed_uses_larger_weight() -> None:
    # a -> b (0.25) and b -> a (0.5) are one tie of weight 0.5, length 2: DF = 1 - 2 * 0.5 / 2
    g = nx.DiGraph()
    g.add_edge("a", "b", weight=0.25)
    g.add_edge("b", "a", weight=0.5)
    assert distance_fragmentation(g, weight="weight") == pytest.approx(0.5, abs=TOL)
    # a -> b -> c is the path a - b - c once symmetrised
    assert distance_fragmentation(nx.DiGraph([("a", "b"), ("b", "c")])) == pytest.approx(1 / 6)


def test_distance_fragmentation_with_strong_ties_can_be_negative() -> None:
    # weight 4 -> length 1/4 -> 1/d = 4 > 1: DF = 1 - 2 * 4 / 2 = -3 (documented: weights > 1)
    g = nx.Graph()
    g.add_edge("a", "b", weight=4.0)
    assert distance_fragmentation(g, weight="weight") == pytest.approx(-3.0)


def test_distance_fragmentation_rejects_bad_weights() -> None:
    g = nx.Graph()
    g.add_edge("a", "b", weight=0.0)
    with pytest.raises(GraphError, match="weight"):
        distance_fragmentation(g, weight="weight")


# --- cut vertices and bridges ------------------------------------------------------------------


def test_cut_vertices_and_bridges_hand_computed() -> None:
    assert cut_vertices(star()) == ["hub"]
    assert cut_vertices(path5()) == ["b", "c", "d"]
    assert cut_vertices(two_cliques()) == ["a1", "b1", "x"]
    assert cut_vertices(pair_and_isolates()) == []
    table = bridges(two_cliques())
    assert list(table.columns) == ["source", "target"]
    assert table.values.tolist() == [["a1", "x"], ["b1", "x"]]
    assert bridges(path5()).values.tolist() == [["a", "b"], ["b", "c"], ["c", "d"], ["d", "e"]]
    assert bridges(nx.cycle_graph(["a", "b", "c"])).empty


def test_cut_vertices_and_bridges_directed() -> None:
    # a -> b, b -> a, b -> c: symmetrised path a - b - c; the reciprocated pair is one tie
    g = nx.DiGraph([("a", "b"), ("b", "a"), ("c", "b")])
    assert cut_vertices(g) == ["b"]
    assert bridges(g).values.tolist() == [["a", "b"], ["b", "c"]]


# --- reachable pairs ---------------------------------------------------------------------------


def grouped_graph() -> nx.Graph:
    """{a(x) - b(y)} and {c(x) - d(y) - e(y)}."""
    g = nx.Graph([("a", "b"), ("c", "d"), ("d", "e")])
    groups = {"a": "x", "b": "y", "c": "x", "d": "y", "e": "y"}
    nx.set_node_attributes(g, groups, "dept")
    return g


def test_reachable_pair_share_hand_computed() -> None:
    g = grouped_graph()
    # all pairs: 1 + 3 connected of 10
    assert reachable_pair_share(g) == pytest.approx(0.4, abs=TOL)
    # cross-group pairs: x = {a, c}, y = {b, d, e}: 6; connected a-b, c-d, c-e: 3
    assert reachable_pair_share(g, group="dept") == pytest.approx(0.5, abs=TOL)


def test_reachable_pair_share_single_group_and_missing_group() -> None:
    g = grouped_graph()
    nx.set_node_attributes(g, "same", "dept")
    assert math.isnan(reachable_pair_share(g, group="dept"))
    del g.nodes["a"]["dept"]
    with pytest.raises(GraphError, match="dept"):
        reachable_pair_share(g, group="dept")


def brute_force_reachable(graph: nx.Graph, group: str | None) -> float:
    """Count pairs one by one (independent check of the component x group formula)."""
    undirected = graph.to_undirected()
    component = {v: i for i, c in enumerate(nx.connected_components(undirected)) for v in c}
    nodes = sorted(graph)
    total = hit = 0
    for i, u in enumerate(nodes):
        for v in nodes[i + 1 :]:
            if group is not None and graph.nodes[u][group] == graph.nodes[v][group]:
                continue
            total += 1
            hit += component[u] == component[v]
    return hit / total if total else math.nan


@given(graph=graphs(), colours=st.lists(st.sampled_from("xyz"), min_size=11, max_size=11))
@settings(max_examples=80, deadline=None)
def test_reachable_pair_share_matches_brute_force(graph: nx.Graph, colours: list[str]) -> None:
    nx.set_node_attributes(graph, dict(zip(sorted(graph), colours, strict=False)), "dept")
    for group in (None, "dept"):
        expected = brute_force_reachable(graph, group)
        got = reachable_pair_share(graph, group=group)
        assert (math.isnan(got) and math.isnan(expected)) or got == pytest.approx(expected)


# --- fast path against the reference and igraph ------------------------------------------------


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("weighted", [False, True])
def test_distance_fragmentation_matches_reference(seed: int, weighted: bool) -> None:
    g = random_graph(seed, n=40, p=[0.02, 0.05, 0.1][seed % 3], directed=seed % 2 == 1)
    weight = "weight" if weighted else None
    expected = distance_fragmentation_reference(g, weight=weight)
    assert distance_fragmentation(g, weight=weight) == pytest.approx(expected, rel=1e-12)


def test_distance_chunking_matches_reference(monkeypatch: pytest.MonkeyPatch) -> None:
    # force several BFS chunks (64 and 128 sources) and Dijkstra chunks of 7 rows
    g = random_graph(7, n=230, p=0.012)
    for weight in (None, "weight"):
        expected = distance_fragmentation_reference(g, weight=weight)
        for words in (1, 2):
            monkeypatch.setattr(_engine, "_BFS_MAX_WORDS", words)
            monkeypatch.setattr(_engine, "_BFS_BUDGET", 8)  # one word per chunk unless raised
            monkeypatch.setattr(_engine, "_DIJKSTRA_CELLS", 230 * 7)
            assert distance_fragmentation(g, weight=weight) == pytest.approx(expected, rel=1e-12)


def test_bfs_and_dijkstra_paths_agree() -> None:
    g = random_graph(3, n=120, p=0.03)
    arrays = graph_arrays(g).undirected
    bfs = _engine._bfs_sums(arrays, 1)
    dijkstra = _engine._dijkstra_sums(arrays, 1)
    assert (bfs[0] == dijkstra.reach).all()
    assert np.allclose(bfs[1], dijkstra.distance, rtol=1e-12)
    assert np.allclose(bfs[2], dijkstra.harmonic, rtol=1e-12)


@pytest.mark.parametrize("seed", range(4))
def test_against_igraph(seed: int) -> None:
    ig = pytest.importorskip("igraph")
    g = random_graph(seed, n=60, p=0.035)
    nodes = sorted(g)
    position = {v: i for i, v in enumerate(nodes)}
    edges = [(position[u], position[v]) for u, v in g.edges]
    h = ig.Graph(n=len(nodes), edges=edges)
    weights = [g.edges[nodes[a], nodes[b]]["weight"] for a, b in edges]
    assert component_sizes(g) == sorted(h.connected_components().sizes(), reverse=True)
    assert cut_vertices(g) == sorted(nodes[i] for i in h.articulation_points())
    expected_bridges = sorted(
        tuple(sorted((nodes[a], nodes[b]))) for a, b in (edges[i] for i in h.bridges())
    )
    assert [tuple(r) for r in bridges(g).values.tolist()] == expected_bridges
    n = len(nodes)
    for weight, lengths in ((None, None), ("weight", [1 / w for w in weights])):
        d = np.asarray(h.distances(weights=lengths), dtype=float)
        inverse = np.divide(1.0, d, out=np.zeros_like(d), where=d > 0)
        expected = 1 - inverse.sum() / (n * (n - 1))
        assert distance_fragmentation(g, weight=weight) == pytest.approx(expected, rel=1e-12)


def test_strong_components_against_igraph() -> None:
    ig = pytest.importorskip("igraph")
    g = random_graph(11, n=50, p=0.04, directed=True)
    nodes = sorted(g)
    position = {v: i for i, v in enumerate(nodes)}
    h = ig.Graph(n=50, edges=[(position[u], position[v]) for u, v in g.edges], directed=True)
    assert strong_component_count(g) == len(h.connected_components(mode="strong"))
    assert component_sizes(g) == sorted(h.connected_components(mode="weak").sizes(), reverse=True)


def test_ten_thousand_actors_memory_bounded() -> None:
    # time is measured in benchmarks/bench.py; here only the memory bound
    g = nx.gnm_random_graph(10_000, 30_000, seed=5)
    g = nx.relabel_nodes(g, {i: f"a{i:05d}" for i in g})
    tracemalloc.start()
    value = distance_fragmentation(g)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert 0.0 <= fragmentation(g) <= value <= 1.0
    assert peak < 1 << 30  # < 1 GiB


# --- properties ----------------------------------------------------------------------------------


@given(graph=graphs())
@settings(max_examples=150, deadline=None)
def test_ranges_and_distance_bound(graph: nx.Graph) -> None:
    f = fragmentation(graph)
    if graph.number_of_nodes() < 2:
        assert math.isnan(f)
        return
    assert 0.0 <= f <= 1.0
    assert f == pytest.approx(1 - reachable_pair_share(graph), abs=TOL)
    for weight in (None, "weight"):  # weights <= 1, so the bound holds weighted too
        df = distance_fragmentation(graph, weight=weight)
        assert f - TOL <= df <= 1.0 + TOL
        assert df == pytest.approx(distance_fragmentation_reference(graph, weight=weight))
    sizes = component_sizes(graph)
    assert sum(sizes) == graph.number_of_nodes()
    assert largest_component_share(graph) == sizes[0] / sum(sizes)
    membership = component_membership(graph)
    assert membership.value_counts().sort_index().tolist() == sizes


@given(graph=graphs(), seed=st.integers(0, 1000))
@settings(max_examples=100, deadline=None)
def test_invariant_under_relabelling(graph: nx.Graph, seed: int) -> None:
    other, mapping = relabelled(graph, seed)
    same = (
        fragmentation,
        distance_fragmentation,
        largest_component_share,
        reachable_pair_share,
        component_sizes,
        strong_component_count,
    )
    for measure in same:
        a, b = measure(graph), measure(other)  # type: ignore[operator]
        if isinstance(a, float) and math.isnan(a):
            assert math.isnan(b)
        else:
            assert a == pytest.approx(b, abs=TOL)
    assert sorted(mapping[v] for v in cut_vertices(graph)) == cut_vertices(other)
    renamed = {tuple(sorted((mapping[u], mapping[v]))) for u, v in bridges(graph).values}
    assert renamed == {tuple(r) for r in bridges(other).values}
    # the partition into components is the same (numbers may differ only among equal sizes)
    first = component_membership(graph)
    second = component_membership(other)
    blocks_a = {frozenset(mapping[v] for v in first.index[first == k]) for k in set(first)}
    blocks_b = {frozenset(second.index[second == k]) for k in set(second)}
    assert blocks_a == blocks_b


def test_does_not_mutate_input() -> None:
    g = nx.DiGraph()
    g.add_edge("a", "b", weight=0.5)
    g.add_edge("b", "a", weight=0.25)
    before = (sorted(g.edges(data=True)), sorted(g.nodes(data=True)))
    distance_fragmentation(g, weight="weight")
    reachable_pair_share(g)
    bridges(g)
    assert (sorted(g.edges(data=True)), sorted(g.nodes(data=True))) == before
    assert isinstance(component_membership(g), pd.Series)
