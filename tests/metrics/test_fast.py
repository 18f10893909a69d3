"""The fast engine gives networkx's numbers (coopnet.metrics._fast).

Every fast path is compared with the reference path (networkx) on random graphs -- directed and
undirected, weighted and unweighted, disconnected, with isolates -- to 1e-9, for every engine the
module can choose (igraph, numpy, scipy, networkx fallback).
"""

from __future__ import annotations

import random

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coopnet.metrics import _fast, analyze, distance_fragmentation, network_structure
from coopnet.metrics._util import symmetrise
from coopnet.metrics.brokerage import structural_holes
from coopnet.metrics.centrality import actor_centrality

TOL = 1e-9


def random_graph(seed: int, *, directed: bool, weighted: bool, n: int | None = None) -> nx.Graph:
    """A sparse random graph with str ids, a few isolates and several components."""
    rnd = random.Random(seed)
    n = n if n is not None else rnd.randint(2, 45)
    g = nx.gnp_random_graph(n, rnd.choice([0.03, 0.06, 0.12]), seed=seed, directed=directed)
    g = nx.relabel_nodes(g, {i: f"a{i:02d}" for i in g})
    for _, _, data in g.edges(data=True):
        data["weight"] = rnd.uniform(0.2, 5.0) if weighted else 1.0
    for a in g:
        g.nodes[a]["group"] = rnd.choice("XYZ")
    return g


CASES = [
    pytest.param(seed, directed, weight, id=f"{seed}-{'d' if directed else 'u'}-{weight or 'unw'}")
    for seed in range(12)
    for directed in (False, True)
    for weight in (None, "weight")
]


def assert_paths_equal(a: _fast.PathMeasures, b: _fast.PathMeasures) -> None:
    assert a.nodes == b.nodes
    for name in ("betweenness", "betweenness_raw", "closeness", "harmonic", "distance_in"):
        np.testing.assert_allclose(getattr(a, name), getattr(b, name), rtol=TOL, atol=TOL)
    np.testing.assert_array_equal(a.reach_in, b.reach_in)


@pytest.mark.parametrize(("seed", "directed", "weight"), CASES)
@pytest.mark.parametrize("igraph", [True, False])
def test_path_measures_equal_networkx(
    seed: int, directed: bool, weight: str | None, igraph: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if igraph and not _fast.has_igraph():
        pytest.skip("python-igraph not installed")
    monkeypatch.setattr(_fast, "_use_igraph", lambda n, w: igraph)
    g = random_graph(seed, directed=directed, weighted=weight is not None)
    fast = _fast.path_measures(g, weight=weight)
    reference = _fast.path_measures(g, weight=weight, engine="networkx")
    assert_paths_equal(fast, reference)
    expected = "igraph" if igraph else ("numpy" if weight is None else "networkx")
    assert fast.engine == expected


@pytest.mark.parametrize(("seed", "directed", "weight"), CASES)
def test_reference_path_is_networkx(seed: int, directed: bool, weight: str | None) -> None:
    """The reference engine is networkx's functions themselves (guards the test above)."""
    g = random_graph(seed, directed=directed, weighted=weight is not None)
    ref = _fast.path_measures(g, weight=weight, engine="networkx")
    h = g.copy()
    if weight:
        for _, _, d in h.edges(data=True):
            d["length"] = 1.0 / d["weight"]
    dist = "length" if weight else None
    bc = nx.betweenness_centrality(h, normalized=True, weight=dist)
    cc = nx.closeness_centrality(h, distance=dist)
    np.testing.assert_allclose(ref.betweenness, [bc[u] for u in g], atol=TOL)
    np.testing.assert_allclose(ref.closeness, [cc[u] for u in g], atol=TOL)
    hc = nx.harmonic_centrality(h, distance=dist)
    scale = max(len(g) - 1, 1)
    np.testing.assert_allclose(ref.harmonic, [hc[u] / scale for u in g], atol=TOL)
    raw = nx.betweenness_centrality(h, normalized=False, weight=dist)
    np.testing.assert_allclose(ref.betweenness_raw, [raw[u] for u in g], atol=TOL)


def test_distance_sums_by_hand() -> None:
    # path a -> b -> c plus isolate d: incoming reach a 0, b 1 (a), c 2 (a at 2, b at 1);
    # distance sums 0, 1, 3; harmonic sums 0, 1, 1/2 + 1 = 1.5. Outgoing: a reaches 2 (sum 3).
    g = nx.DiGraph([("a", "b"), ("b", "c")])
    g.add_node("d")
    reach, dist, harm = _fast.distance_sums(g)
    assert reach.tolist() == [0, 1, 2, 0]
    assert dist.tolist() == [0.0, 1.0, 3.0, 0.0]
    assert harm.tolist() == [0.0, 1.0, 1.5, 0.0]
    reach_out, dist_out, _ = _fast.distance_sums(g, incoming=False)
    assert reach_out.tolist() == [2, 1, 0, 0]
    assert dist_out.tolist() == [3.0, 1.0, 0.0, 0.0]
    # weights 2 and 4 give lengths 1/2 and 1/4: c is reached by b at 1/4 and a at 3/4
    nx.set_edge_attributes(g, {("a", "b"): 2.0, ("b", "c"): 4.0}, "weight")
    reach, dist, harm = _fast.distance_sums(g, weight="weight")
    assert reach.tolist() == [0, 1, 2, 0]
    np.testing.assert_allclose(dist, [0.0, 0.5, 1.0, 0.0])
    np.testing.assert_allclose(harm, [0.0, 2.0, 4.0 + 4.0 / 3.0, 0.0])


def test_bfs_over_many_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """More sources than one 64-bit word per chunk: chunks add up correctly."""
    monkeypatch.setattr(_fast, "_BFS_MAX_WORDS", 1)
    g = random_graph(3, directed=True, weighted=False, n=200)
    fast = _fast.distance_sums(g)
    ref = _fast.path_measures(g, engine="networkx")
    np.testing.assert_array_equal(fast[0], ref.reach_in)
    np.testing.assert_allclose(fast[1], ref.distance_in, atol=TOL)


def test_dijkstra_over_many_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_fast, "_DIJKSTRA_CELLS", 50)
    g = random_graph(5, directed=False, weighted=True, n=60)
    fast = _fast.distance_sums(g, weight="weight")
    ref = _fast.path_measures(g, weight="weight", engine="networkx")
    np.testing.assert_array_equal(fast[0], ref.reach_in)
    np.testing.assert_allclose(fast[1], ref.distance_in, rtol=TOL)


@pytest.mark.parametrize("directed", [False, True])
def test_numpy_betweenness_blocks(directed: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_fast, "_BLOCK_CELLS", 64)  # many source blocks
    g = random_graph(7, directed=directed, weighted=False, n=40)
    expected = nx.betweenness_centrality(g, normalized=False)
    np.testing.assert_allclose(
        _fast._betweenness_blocks(g), [expected[u] for u in g], rtol=TOL, atol=TOL
    )


@pytest.mark.parametrize("n", [0, 1, 2])
def test_tiny_graphs(n: int) -> None:
    g = nx.path_graph(n)
    g = nx.relabel_nodes(g, str)
    fast = _fast.path_measures(g)
    ref = _fast.path_measures(g, engine="networkx")
    assert_paths_equal(fast, ref)


@pytest.mark.parametrize("seed", range(10))
@pytest.mark.parametrize("directed", [False, True])
@pytest.mark.parametrize("weight", [None, "weight"])
def test_structural_holes_equal_networkx(seed: int, directed: bool, weight: str | None) -> None:
    g = random_graph(seed, directed=directed, weighted=weight is not None)
    undirected = symmetrise(g, weight=weight)
    constraint, effective = _fast.structural_holes_arrays(undirected, weight=weight)
    nx_constraint = nx.constraint(undirected, weight=weight)
    # networkx's per-actor code (nodes given) is Burt's formula; see the next test
    nx_effective = nx.effective_size(undirected, nodes=list(undirected), weight=weight)
    np.testing.assert_allclose(constraint, [nx_constraint[u] for u in undirected], atol=TOL)
    np.testing.assert_allclose(effective, [nx_effective[u] for u in undirected], atol=TOL)


def test_weighted_effective_size_by_hand() -> None:
    # b has partners a (w 1) and c (w 3): p_ba = 1/4, p_bc = 3/4. a's ties: b 1, c 2 -> m_ac = 1;
    # c's ties: a 2, b 3, d 1 -> m_ca = 2/3. Burt: e_b = (1 - p_bc m_ac) + (1 - p_ba m_ca)
    # = (1 - 3/4) + (1 - 1/6) = 13/12. networkx 3.6's vectorised branch (nodes=None) divides by
    # the row maximum of the wrong actor and returns 1.25 here.
    g = nx.Graph()
    g.add_weighted_edges_from([("a", "b", 1.0), ("a", "c", 2.0), ("b", "c", 3.0), ("c", "d", 1.0)])
    _, effective = _fast.structural_holes_arrays(g, weight="weight")
    assert effective[list(g).index("b")] == pytest.approx(13 / 12, abs=1e-12)
    assert nx.effective_size(g, nodes=["b"], weight="weight")["b"] == pytest.approx(13 / 12)


@pytest.mark.parametrize("directed", [False, True])
def test_structural_holes_frame_matches_public_function(directed: bool) -> None:
    g = random_graph(11, directed=directed, weighted=True, n=40)
    for weight in (None, "weight"):
        ours = _fast.structural_holes_frame(g, weight=weight)
        public = structural_holes(g, weight=weight)
        assert ours.index.equals(public.index)
        assert list(ours.columns) == list(public.columns)
        np.testing.assert_allclose(ours["constraint"], public["constraint"], atol=TOL)
        if weight is None:  # weighted: public function uses networkx's vectorised branch
            np.testing.assert_allclose(ours["effective_size"], public["effective_size"], atol=TOL)


@pytest.mark.parametrize("directed", [False, True])
@pytest.mark.parametrize("weight", [None, "weight"])
def test_network_structure_reuses_paths(directed: bool, weight: str | None) -> None:
    from coopnet.metrics.structure import _network_structure

    g = random_graph(4, directed=directed, weighted=True, n=40)
    paths = _fast.path_measures(g, weight=weight)
    with_paths = _network_structure(g, weight=weight, paths=paths)
    plain = network_structure(g, weight=weight)
    assert with_paths.keys() == plain.keys()
    for key, value in plain.items():
        assert with_paths[key] == pytest.approx(value, rel=TOL, abs=TOL, nan_ok=True), key


@pytest.mark.parametrize("directed", [False, True])
def test_analyze_equals_public_functions(directed: bool) -> None:
    g = random_graph(8, directed=directed, weighted=True, n=30)
    for a in g:
        g.nodes[a]["label"] = a.upper()
    result = analyze(g, group="group", weight=None, key_players_k=2, n_permutations=50)
    table = actor_centrality(g)
    for column in ("betweenness", "closeness", "harmonic"):
        np.testing.assert_allclose(result.actors[column], table[column], atol=TOL)
    holes = structural_holes(g)
    np.testing.assert_allclose(result.actors["constraint"], holes["constraint"], atol=TOL)
    np.testing.assert_allclose(result.actors["effective_size"], holes["effective_size"], atol=TOL)
    plain = network_structure(g)
    for key in ("betweenness_centralization", "closeness_centralization", "average_path_length"):
        assert result.network[key] == pytest.approx(plain[key], rel=TOL, nan_ok=True)
    assert result.network["distance_fragmentation"] == pytest.approx(
        distance_fragmentation(g), abs=1e-12
    )


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("weight", [None, "weight"])
def test_distance_fragmentation_from_harmonic(seed: int, weight: str | None) -> None:
    from coopnet.metrics import _distance_fragmentation

    g = random_graph(seed, directed=False, weighted=True)
    paths = _fast.path_measures(g, weight=weight)
    assert _distance_fragmentation(g, weight=weight, paths=paths) == pytest.approx(
        distance_fragmentation(g, weight=weight), abs=1e-12, nan_ok=True
    )


@settings(max_examples=40, deadline=None)
@given(
    edges=st.lists(st.tuples(st.integers(0, 11), st.integers(0, 11)), max_size=40),
    directed=st.booleans(),
    weights=st.lists(st.sampled_from([0.5, 1.0, 2.0, 3.0]), min_size=40, max_size=40),
    data=st.data(),
)
def test_property_fast_equals_networkx_and_relabelling(
    edges: list[tuple[int, int]], directed: bool, weights: list[float], data: st.DataObject
) -> None:
    g = nx.DiGraph() if directed else nx.Graph()
    g.add_nodes_from(f"n{i}" for i in range(12))
    for (u, v), w in zip(edges, weights, strict=False):
        if u != v:
            g.add_edge(f"n{u}", f"n{v}", weight=w)
    weight = data.draw(st.sampled_from([None, "weight"]))
    fast = _fast.path_measures(g, weight=weight)
    if weight is None:  # weighted sums of 1/w can tie up to rounding; compared on floats above
        assert_paths_equal(fast, _fast.path_measures(g, weight=None, engine="networkx"))
    assert np.all((fast.betweenness >= 0) & (fast.betweenness <= 1 + TOL))
    # relabelling the actors permutes the values
    mapping = {u: f"x{11 - int(u[1:]):02d}" for u in g}
    relabelled = _fast.path_measures(nx.relabel_nodes(g, mapping), weight=weight)
    by_id = dict(zip(relabelled.nodes, relabelled.closeness, strict=True))
    np.testing.assert_allclose(fast.closeness, [by_id[mapping[u]] for u in fast.nodes], atol=TOL)
