"""Tests of coopnet.layout: determinism, coverage, range, packing of small components."""

from __future__ import annotations

import math

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coopnet.errors import GraphError
from coopnet.layout import compute_layout, union_layout

ENGINES = ["igraph", "networkx"]


def _engine_available(engine: str) -> bool:
    if engine == "networkx":
        return True
    try:
        import igraph  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    if not _engine_available(request.param):
        pytest.skip("python-igraph is not installed")
    return str(request.param)


def municipality() -> nx.Graph:
    """Two cliques joined by a broker, a dyad and two isolates (11 actors, 3 + 2 components)."""
    g = nx.Graph()
    g.add_edges_from([("a1", "a2"), ("a1", "a3"), ("a2", "a3"), ("a3", "broker")])
    g.add_edges_from([("b1", "b2"), ("b1", "b3"), ("b2", "b3"), ("b1", "broker")])
    g.add_edge("d1", "d2")
    g.add_nodes_from(["iso1", "iso2"])
    return g


def test_all_nodes_positioned_in_range(engine: str) -> None:
    g = municipality()
    pos = compute_layout(g, engine=engine)  # type: ignore[arg-type]
    assert list(pos) == sorted(g.nodes)
    for x, y in pos.values():
        assert -1.0 <= x <= 1.0 and -1.0 <= y <= 1.0
        assert math.isfinite(x) and math.isfinite(y)
    # scaled so the wider side spans the whole interval
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    assert max(max(xs) - min(xs), max(ys) - min(ys)) == pytest.approx(2.0, abs=1e-5)


def test_deterministic_and_independent_of_insertion_order(engine: str) -> None:
    g = municipality()
    shuffled = nx.Graph()
    shuffled.add_nodes_from(reversed(list(g.nodes)))
    shuffled.add_edges_from((v, u) for u, v in reversed(list(g.edges)))
    first = compute_layout(g, seed=3, engine=engine)  # type: ignore[arg-type]
    assert compute_layout(g, seed=3, engine=engine) == first  # type: ignore[arg-type]
    assert compute_layout(shuffled, seed=3, engine=engine) == first  # type: ignore[arg-type]


def test_seed_changes_layout(engine: str) -> None:
    g = nx.relabel_nodes(nx.petersen_graph(), str)
    one = compute_layout(g, seed=0, engine=engine)  # type: ignore[arg-type]
    two = compute_layout(g, seed=1, engine=engine)  # type: ignore[arg-type]
    assert one != two


def test_isolates_and_dyads_stay_close(engine: str) -> None:
    """Isolates sit in a row next to the main component, not far away in a corner."""
    g = nx.relabel_nodes(nx.connected_watts_strogatz_graph(60, 4, 0.2, seed=1), str)
    g.add_nodes_from(["iso1", "iso2", "iso3"])
    g.add_edge("d1", "d2")
    pos = compute_layout(g, engine=engine)  # type: ignore[arg-type]
    main = [pos[n] for n in g if n[0].isdigit()]
    main_bottom = min(y for _, y in main)
    for node in ("iso1", "iso2", "iso3", "d1", "d2"):
        x, y = pos[node]
        assert y < main_bottom  # packed in the row below the main component
        nearest = min(math.dist((x, y), p) for n, p in pos.items() if n != node)
        assert nearest < 0.4  # a neighbour is close; in one force-directed run they drift off
    # isolates are evenly spaced on one row
    iso = sorted(pos[n] for n in ("iso1", "iso2", "iso3"))
    assert iso[0][1] == pytest.approx(iso[1][1], abs=1e-5) == pytest.approx(iso[2][1], abs=1e-5)
    assert iso[1][0] - iso[0][0] == pytest.approx(iso[2][0] - iso[1][0], abs=1e-5)


def test_small_graphs() -> None:
    assert compute_layout(nx.Graph()) == {}
    single = nx.Graph()
    single.add_node("a")
    assert compute_layout(single) == {"a": (0.0, 0.0)}
    dyad = compute_layout(nx.Graph([("a", "b")]))
    assert dyad == {"a": (-1.0, 0.0), "b": (1.0, 0.0)}  # drawn horizontally, centred
    isolates = nx.Graph()
    isolates.add_nodes_from(["c", "a", "b"])
    pos = compute_layout(isolates)
    # rows of sqrt(total area) width filled in reading order (top to bottom, left to right)
    assert sorted(pos, key=lambda n: (-pos[n][1], pos[n][0])) == ["a", "b", "c"]


def test_directed_graph_is_laid_out_undirected() -> None:
    d = nx.DiGraph([("a", "b"), ("b", "a"), ("b", "c"), ("c", "d")])
    assert compute_layout(d) == compute_layout(d.to_undirected())


def test_weights_pull_strong_ties_together(engine: str) -> None:
    # a 6-cycle where one tie is 50 times as intense: its two actors end up closer than the
    # average pair of neighbours (attraction in Fruchterman–Reingold is multiplied by weight)
    g = nx.relabel_nodes(nx.cycle_graph(6), str)
    nx.set_edge_attributes(g, 1.0, "weight")
    g["0"]["1"]["weight"] = 50.0
    pos = compute_layout(g, weight="weight", engine=engine)  # type: ignore[arg-type]
    strong = math.dist(pos["0"], pos["1"])
    others = [math.dist(pos[u], pos[v]) for u, v in g.edges if {u, v} != {"0", "1"}]
    assert strong < sum(others) / len(others)
    assert compute_layout(g, engine=engine) != pos  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [0.0, -1.0, float("nan"), "x"])
def test_bad_weight_raises(bad: object) -> None:
    g = nx.Graph([("a", "b"), ("b", "c")])
    g["a"]["b"]["weight"] = bad
    with pytest.raises(GraphError, match="weight"):
        compute_layout(g, weight="weight")
    compute_layout(g)  # unweighted ignores the attribute


def test_unknown_engine() -> None:
    with pytest.raises(ValueError, match="engine"):
        compute_layout(nx.Graph([("a", "b")]), engine="graphviz")  # type: ignore[arg-type]


def test_union_layout_covers_all_nodes_and_is_shared() -> None:
    before = nx.Graph([("a", "b"), ("b", "c")], period="2014")
    before.add_node("gone")
    after = nx.Graph([("b", "c"), ("c", "new")], period="2016")
    after.add_node("late")
    pos = union_layout([before, after], seed=2)
    assert sorted(pos) == ["a", "b", "c", "gone", "late", "new"]
    assert all(-1 <= v <= 1 for xy in pos.values() for v in xy)
    assert union_layout({"2014": before, "2016": after}, seed=2) == pos  # mapping accepted
    assert union_layout([after, before], seed=2) == pos  # order of the graphs does not matter
    # same as laying out the composed graph
    assert pos == compute_layout(nx.compose(before, after), seed=2)


def test_union_layout_uses_largest_weight() -> None:
    before = nx.Graph()
    before.add_edge("a", "b", weight=1.0)
    after = nx.Graph()
    after.add_edge("a", "b", weight=4.0)
    after.add_edge("b", "c", weight=1.0)
    merged = nx.Graph()
    merged.add_edge("a", "b", weight=4.0)
    merged.add_edge("b", "c", weight=1.0)
    assert union_layout([before, after], weight="weight") == compute_layout(merged, weight="weight")


def test_union_layout_empty() -> None:
    assert union_layout([]) == {}


def test_does_not_mutate_graph() -> None:
    g = municipality()
    before = nx.node_link_data(g, edges="links")
    compute_layout(g, weight="weight")
    union_layout([g, g])
    assert nx.node_link_data(g, edges="links") == before


def test_large_graph_is_fast() -> None:
    """2,000 actors / 8,000 ties in well under a second with python-igraph."""
    pytest.importorskip("igraph")
    g = nx.relabel_nodes(nx.gnm_random_graph(2000, 8000, seed=1), lambda i: f"a{i:04d}")
    g.add_nodes_from(f"iso{i}" for i in range(50))
    compute_layout(nx.Graph([("a", "b"), ("b", "c"), ("c", "a")]))  # import igraph first
    pos = compute_layout(g)  # speed: benchmarks/bench.py
    assert len(pos) == 2050
    assert all(-1.0 <= c <= 1.0 for xy in pos.values() for c in xy)


@st.composite
def graphs(draw: st.DrawFn) -> nx.Graph:
    n = draw(st.integers(min_value=0, max_value=25))
    ids = [f"n{i}" for i in range(n)]
    g = nx.Graph()
    g.add_nodes_from(ids)
    if n >= 2:
        pairs = st.tuples(st.sampled_from(ids), st.sampled_from(ids))
        for u, v in draw(st.lists(pairs, max_size=40)):
            if u != v:
                g.add_edge(u, v, weight=draw(st.floats(0.1, 10.0)))
    return g


@settings(max_examples=40, deadline=None)
@given(g=graphs(), seed=st.integers(0, 2**31 - 1), weighted=st.booleans())
def test_property_range_coverage_determinism(g: nx.Graph, seed: int, weighted: bool) -> None:
    weight = "weight" if weighted else None
    pos = compute_layout(g, seed=seed, weight=weight)
    assert set(pos) == set(g.nodes)
    assert all(math.isfinite(v) and -1.0 <= v <= 1.0 for xy in pos.values() for v in xy)
    assert compute_layout(g, seed=seed, weight=weight) == pos
    if g.number_of_nodes() > 1:  # distinct actors are not all stacked on one point
        assert len(set(pos.values())) > 1
