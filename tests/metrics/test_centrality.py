"""Tests of coopnet.metrics.centrality (and the helpers in coopnet.metrics._util).

Hand-computed values on tiny graphs, cross-checks against python-igraph on seeded random graphs
(directed and undirected, weighted, with isolates, disconnected), and hypothesis properties.
"""

from __future__ import annotations

import math
import random

import networkx as nx
import numpy as np
import pandas as pd
import pytest
import scipy.sparse.linalg
from hypothesis import given, settings
from hypothesis import strategies as st

from coopnet.errors import GraphError
from coopnet.metrics import centrality
from coopnet.metrics._util import DISTANCE, symmetrise, with_distance
from coopnet.metrics.centrality import CENTRALITY_COLUMNS, actor_centrality

ig = pytest.importorskip("igraph")

TOL = 1e-9


# --- fixtures: tiny graphs ----------------------------------------------------------------------


def path_with_isolate() -> nx.Graph:
    """a - b - c - d, plus the isolate z (n = 5)."""
    g = nx.Graph([("a", "b"), ("b", "c"), ("c", "d")])
    g.add_node("z")
    return g


def directed_triad() -> nx.DiGraph:
    """a -> b, b -> c, c -> b with weights 2, 1, 3."""
    g = nx.DiGraph()
    g.add_edge("a", "b", weight=2.0)
    g.add_edge("b", "c", weight=1.0)
    g.add_edge("c", "b", weight=3.0)
    return g


def random_graph(seed: int, *, n: int, p: float, directed: bool, weighted: bool = True) -> nx.Graph:
    """Seeded G(n, p) graph with string ids (zero-padded, sorted like igraph's vertex order)."""
    rng = random.Random(seed)
    raw = nx.gnp_random_graph(n, p, seed=seed, directed=directed)
    g = nx.relabel_nodes(raw, {i: f"v{i:03d}" for i in raw})
    if weighted:
        for u, v in g.edges:
            g.edges[u, v]["weight"] = round(rng.uniform(0.5, 5.0), 2)
    return g


# --- hand-computed values ------------------------------------------------------------------------


def test_columns_index_and_dtypes() -> None:
    table = actor_centrality(path_with_isolate())
    assert tuple(table.columns) == CENTRALITY_COLUMNS
    assert table.index.name == "id"
    assert list(table.index) == ["a", "b", "c", "d", "z"]
    assert table["degree"].dtype == np.int64
    assert table["core_number"].dtype == np.int64
    assert table["cut_vertex"].dtype == bool
    assert table["betweenness"].dtype == np.float64


def test_undirected_path_with_isolate_by_hand() -> None:
    table = actor_centrality(path_with_isolate())
    assert table["degree"].tolist() == [1, 2, 2, 1, 0]
    assert table["in_degree"].tolist() == table["degree"].tolist()
    assert table["out_degree"].tolist() == table["degree"].tolist()
    assert table["strength"].tolist() == [1.0, 2.0, 2.0, 1.0, 0.0]
    # b lies on the shortest paths a-c and a-d: 2 of (n-1)(n-2)/2 = 6 unordered pairs
    assert table["betweenness"].tolist() == pytest.approx([0, 1 / 3, 1 / 3, 0, 0], abs=TOL)
    # Wasserman-Faust: a reaches r = 3 of n - 1 = 4 actors at total distance 1 + 2 + 3 = 6:
    # (3/4) * (3/6) = 0.375; b: (3/4) * (3/(1 + 1 + 2)) = 0.5625; the isolate gets 0
    assert table["closeness"].tolist() == pytest.approx([0.375, 0.5625, 0.5625, 0.375, 0])
    # harmonic / (n-1): a: (1 + 1/2 + 1/3) / 4 = 11/24; b: (1 + 1 + 1/2) / 4 = 5/8
    assert table["harmonic"].tolist() == pytest.approx([11 / 24, 5 / 8, 5 / 8, 11 / 24, 0])
    # path P4: leading eigenvector (1, phi, phi, 1), phi the golden ratio; scaled to max 1
    phi = (1 + math.sqrt(5)) / 2
    assert table["eigenvector"].tolist() == pytest.approx([1 / phi, 1, 1, 1 / phi, 0])
    assert table["core_number"].tolist() == [1, 1, 1, 1, 0]
    assert table["cut_vertex"].tolist() == [False, True, True, False, False]
    assert table["pagerank"].sum() == pytest.approx(1.0)


def test_directed_triad_by_hand() -> None:
    table = actor_centrality(directed_triad())
    assert table["in_degree"].tolist() == [0, 2, 1]
    assert table["out_degree"].tolist() == [1, 1, 1]
    assert table["degree"].tolist() == [1, 3, 2]  # in + out
    assert table["strength"].tolist() == [2.0, 6.0, 4.0]  # a: 2; b: 2 + 1 + 3; c: 1 + 3
    # ordered pairs avoiding b: (a, c) goes a -> b -> c, (c, a) unreachable: 1 / ((n-1)(n-2))
    assert table["betweenness"].tolist() == pytest.approx([0, 0.5, 0], abs=TOL)
    # incoming distances: nobody reaches a; b is reached by a, c at 1; c by b at 1, a at 2
    assert table["closeness"].tolist() == pytest.approx([0, 1, 2 / 3])
    assert table["harmonic"].tolist() == pytest.approx([0, 1, 0.75])
    # symmetrised path a - b - c: eigenvector (1, sqrt 2, 1)
    assert table["eigenvector"].tolist() == pytest.approx([1 / math.sqrt(2), 1, 1 / math.sqrt(2)])
    # PR(a) = 0.15/3; PR(b) = 0.05 + 0.85 (PR(a) + PR(c)); PR(c) = 0.05 + 0.85 PR(b)
    # => PR(b) = 0.135 / 0.2775
    pr_b = 0.135 / 0.2775
    assert table["pagerank"].tolist() == pytest.approx([0.05, pr_b, 0.05 + 0.85 * pr_b])
    assert table["core_number"].tolist() == [1, 1, 1]
    assert table["cut_vertex"].tolist() == [False, True, False]


def test_weighted_eigenvector_uses_larger_arc_weight() -> None:
    # symmetrised weights a-b 2, b-c max(1, 3) = 3: A v = sqrt(13) v for v = (2, sqrt 13, 3)
    table = actor_centrality(directed_triad(), weight="weight")
    root = math.sqrt(13)
    assert table["eigenvector"].tolist() == pytest.approx([2 / root, 1, 3 / root])


def test_weighted_betweenness_uses_inverse_weight_as_length() -> None:
    # square a-b-c-d-a; lengths 1/w: a-b .25, b-c .25, c-d 2, d-a .5.
    # a-c via b (.5 < 2.5); b-d via a (.75 < 2.25); c-d via b, a (1.0 < 2): a and b lie on
    # 2 of the 3 unordered pairs that avoid them -> 2 / 3 after scaling by 2 / ((n-1)(n-2))
    g = nx.Graph()
    g.add_weighted_edges_from([("a", "b", 4.0), ("b", "c", 4.0), ("c", "d", 0.5), ("d", "a", 2.0)])
    weighted = actor_centrality(g, weight="weight")
    assert weighted["betweenness"].tolist() == pytest.approx([2 / 3, 2 / 3, 0, 0], abs=TOL)
    # unweighted: each actor lies on one of the two shortest paths between its two neighbours
    unweighted = actor_centrality(g)
    assert unweighted["betweenness"].tolist() == pytest.approx([1 / 6] * 4)
    assert unweighted["strength"].tolist() == [6.0, 8.0, 4.5, 2.5]  # reported either way


def test_strength_uses_named_attribute_and_default_one() -> None:
    g = nx.Graph()
    g.add_edge("a", "b", intensity=3.0)
    g.add_edge("b", "c")  # no attribute: counts 1
    table = actor_centrality(g, weight="intensity")
    assert table["strength"].tolist() == [3.0, 4.0, 1.0]


def test_empty_graph_gives_empty_table() -> None:
    for graph in (nx.Graph(), nx.DiGraph()):
        table = actor_centrality(graph)
        assert table.empty
        assert tuple(table.columns) == CENTRALITY_COLUMNS
        assert table.index.name == "id"


@pytest.mark.parametrize("directed", [False, True])
@pytest.mark.parametrize("weight", [None, "weight"])
def test_graph_without_ties_is_all_zero(directed: bool, weight: str | None) -> None:
    graph = nx.DiGraph() if directed else nx.Graph()
    graph.add_nodes_from(["c", "a", "b"])
    table = actor_centrality(graph, weight=weight)
    assert list(table.index) == ["a", "b", "c"]
    numeric = table.drop(columns=["pagerank", "cut_vertex"])
    assert (numeric == 0).all().all()
    assert not table["cut_vertex"].any()
    # PageRank sums to 1 by definition: with no ties everyone teleports, 1/n each
    assert table["pagerank"].tolist() == pytest.approx([1 / 3] * 3)


def test_single_actor() -> None:
    graph = nx.Graph()
    graph.add_node("a")
    table = actor_centrality(graph)
    assert table.loc["a", "pagerank"] == pytest.approx(1.0)
    assert table.loc["a", ["betweenness", "closeness", "harmonic", "eigenvector"]].eq(0).all()


def test_eigenvector_degenerate_components_share_equal_scores() -> None:
    # two separate dyads plus a path of three: the dyads have leading eigenvalue 1, the path
    # sqrt 2 -> only the path is non-zero (like the whole-graph leading eigenvector)
    g = nx.Graph([("a", "b"), ("c", "d"), ("e", "f"), ("f", "g")])
    scores = actor_centrality(g)["eigenvector"]
    assert scores.tolist() == pytest.approx([0, 0, 0, 0, 1 / math.sqrt(2), 1, 1 / math.sqrt(2)])
    # two identical triangles: eigenvalue 2 twice; the projection of the ones vector gives
    # every actor 1 (igraph and ARPACK return an arbitrary mixture here)
    two = nx.Graph([("a", "b"), ("b", "c"), ("c", "a"), ("x", "y"), ("y", "z"), ("z", "x")])
    assert actor_centrality(two)["eigenvector"].tolist() == pytest.approx([1.0] * 6)
    # star with centre h and four leaves (eigenvalue 2, Perron vector (1/sqrt 2, 1/(2 sqrt 2) x4))
    # and a triangle (eigenvalue 2, 1/sqrt 3 each). Projection of the ones vector:
    # star (v.1) v = (3/sqrt 2) v -> centre 3/2, leaves 3/4; triangle (sqrt 3) v -> 1 each.
    # Scaled by the maximum 3/2: centre 1, leaves 1/2, triangle 2/3.
    mixed = nx.star_graph(["h", "l1", "l2", "l3", "l4"])
    mixed.add_edges_from([("t1", "t2"), ("t2", "t3"), ("t3", "t1")])
    scores = actor_centrality(mixed)["eigenvector"]
    assert scores.tolist() == pytest.approx([1.0] + [0.5] * 4 + [2 / 3] * 3)


@pytest.mark.parametrize("arpack_fails", [False, True])
def test_eigenvector_sparse_solver_and_fallback(
    monkeypatch: pytest.MonkeyPatch, arpack_fails: bool
) -> None:
    # components above the dense limit take the ARPACK branch (limit lowered to keep this fast);
    # if ARPACK gives up, LAPACK takes over. Compare with networkx's scipy implementation.
    monkeypatch.setattr(centrality, "_DENSE_LIMIT", 10)
    if arpack_fails:

        def give_up(*args: object, **kwargs: object) -> None:
            raise scipy.sparse.linalg.ArpackNoConvergence("no convergence", None, None)

        monkeypatch.setattr(scipy.sparse.linalg, "eigsh", give_up)
    g = random_graph(7, n=300, p=0.02, directed=False, weighted=True)
    giant = g.subgraph(max(nx.connected_components(g), key=len)).copy()
    assert giant.number_of_nodes() > 10
    ours = actor_centrality(giant, weight="weight")["eigenvector"]
    ref = pd.Series(nx.eigenvector_centrality_numpy(giant, weight="weight")).sort_index()
    np.testing.assert_allclose(ours.to_numpy(), (ref / ref.max()).to_numpy(), atol=1e-8)


def test_input_graph_not_modified() -> None:
    g = directed_triad()
    before = (sorted(g.edges(data=True)), sorted(g.nodes(data=True)))
    actor_centrality(g, weight="weight")
    assert (sorted(g.edges(data=True)), sorted(g.nodes(data=True))) == before


def test_rejects_self_ties_multigraphs_and_bad_weights() -> None:
    loop = nx.Graph([("a", "a"), ("a", "b")])
    with pytest.raises(GraphError, match="self-ties"):
        actor_centrality(loop)
    with pytest.raises(GraphError, match="multigraph"):
        actor_centrality(nx.MultiGraph([("a", "b")]))
    bad = nx.Graph()
    bad.add_edge("a", "b", weight=0.0)
    with pytest.raises(GraphError, match="weights must be finite numbers > 0"):
        actor_centrality(bad, weight="weight")


# --- helpers in _util ------------------------------------------------------------------------


def test_symmetrise_takes_larger_weight_and_keeps_isolates() -> None:
    g = nx.DiGraph()
    g.add_node("z", label="Zoo")
    g.add_edge("a", "b", weight=1.0)
    g.add_edge("b", "a", weight=3.0)
    g.add_edge("b", "c")  # missing weight counts 1
    g.add_edge("c", "d", weight=5.0)  # c's arcs are visited first: the larger one must stay
    g.add_edge("d", "c", weight=2.0)
    sym = symmetrise(g)
    assert not sym.is_directed()
    ties = sorted((*sorted((u, v)), w) for u, v, w in sym.edges(data="weight"))
    assert ties == [("a", "b", 3.0), ("b", "c", 1.0), ("c", "d", 5.0)]
    assert sym.nodes["z"] == {"label": "Zoo"}
    assert all(data == {} for *_, data in symmetrise(g, weight=None).edges(data=True))


def test_with_distance_copies_and_inverts() -> None:
    g = nx.Graph()
    g.add_edge("a", "b", weight=4.0)
    h, attr = with_distance(g, weight="weight")
    assert attr == DISTANCE
    assert h.edges["a", "b"][DISTANCE] == 0.25
    assert DISTANCE not in g.edges["a", "b"]
    same, none = with_distance(g, weight=None)
    assert same is g and none is None


# --- cross-check against python-igraph ---------------------------------------------------------


def to_igraph(graph: nx.Graph, *, weight: str | None) -> tuple[object, list[float] | None]:
    """igraph copy with vertices in sorted-id order; returns (graph, weights or None)."""
    nodes = sorted(graph.nodes)
    pos = {u: i for i, u in enumerate(nodes)}
    edges = list(graph.edges(data=True))
    h = ig.Graph(
        n=len(nodes), edges=[(pos[u], pos[v]) for u, v, _ in edges], directed=graph.is_directed()
    )
    weights = None if weight is None else [d.get(weight, 1.0) for _, _, d in edges]
    return h, weights


def wf_closeness(dist: np.ndarray) -> np.ndarray:
    """Wasserman-Faust closeness from a distance matrix dist[i, j] = d(i -> j), incoming."""
    n = dist.shape[0]
    out = np.zeros(n)
    for u in range(n):
        col = np.delete(dist[:, u], u)
        reach = col[np.isfinite(col)]
        if n > 1 and reach.size and reach.sum() > 0:
            out[u] = (reach.size / (n - 1)) * (reach.size / reach.sum())
    return out


CASES = [
    # (seed, n, p, directed): sparse ones are disconnected and have isolates
    *[(seed, 25, 0.06, False) for seed in range(4)],
    *[(seed, 25, 0.06, True) for seed in range(4)],
    *[(seed, 20, 0.3, False) for seed in range(10, 13)],
    *[(seed, 20, 0.3, True) for seed in range(10, 13)],
]


@pytest.mark.parametrize("weight", [None, "weight"])
@pytest.mark.parametrize(("seed", "n", "p", "directed"), CASES)
def test_matches_igraph(seed: int, n: int, p: float, directed: bool, weight: str | None) -> None:
    graph = random_graph(seed, n=n, p=p, directed=directed)
    table = actor_centrality(graph, weight=weight)
    h, w = to_igraph(graph, weight=weight)
    dist = None if w is None else [1.0 / x for x in w]
    mode = "in"

    assert table["degree"].tolist() == h.degree(mode="all")
    assert table["in_degree"].tolist() == h.degree(mode="in")
    assert table["out_degree"].tolist() == h.degree(mode="out")
    all_w = [d.get("weight", 1.0) for _, _, d in graph.edges(data=True)]
    assert table["strength"].to_numpy() == pytest.approx(h.strength(mode="all", weights=all_w))

    raw = np.array(h.betweenness(directed=directed, weights=dist))
    scale = (n - 1) * (n - 2) / (1 if directed else 2)
    np.testing.assert_allclose(table["betweenness"], raw / scale, atol=1e-9)

    matrix = np.array(h.distances(weights=dist, mode="out"), dtype=float)
    np.testing.assert_allclose(table["closeness"], wf_closeness(matrix), atol=1e-9)
    connected = h.is_connected(mode="strong")
    if connected:
        np.testing.assert_allclose(
            table["closeness"], h.closeness(mode=mode, weights=dist), atol=1e-9
        )
    np.testing.assert_allclose(
        table["harmonic"],
        h.harmonic_centrality(mode=mode, weights=dist, normalized=True),
        atol=1e-9,
    )
    np.testing.assert_allclose(
        table["pagerank"], h.pagerank(directed=True, damping=0.85, weights=w), atol=1e-9
    )

    sym = symmetrise(graph, weight="weight")
    hs, _ = to_igraph(sym, weight=weight)
    assert table["core_number"].tolist() == hs.coreness(mode="all")
    cut = set(hs.articulation_points())
    assert table["cut_vertex"].tolist() == [i in cut for i in range(n)]

    # eigenvector: igraph on the component with the largest leading eigenvalue; 0 elsewhere
    comps = [sorted(c) for c in nx.connected_components(sym) if len(c) > 1]
    spectra = [
        max(np.linalg.eigvalsh(nx.to_numpy_array(sym, nodelist=c, weight=weight))) for c in comps
    ]
    assert spectra, "the random cases all have ties"
    best = int(np.argmax(spectra))
    runner_up = sorted(spectra)[-2] if len(spectra) > 1 else 0.0
    if runner_up < spectra[best] * (1 - 1e-6):  # a unique leading component
        sub = sym.subgraph(comps[best])
        hsub, wsub = to_igraph(sub, weight=weight)
        expected = pd.Series(0.0, index=table.index)
        expected[comps[best]] = hsub.eigenvector_centrality(scale=True, weights=wsub)
        np.testing.assert_allclose(table["eigenvector"], expected, atol=1e-7)


@pytest.mark.parametrize("seed", range(6))
def test_eigenvector_matches_power_iteration_on_disconnected(seed: int) -> None:
    # networkx's power iteration from equal scores converges to the projection of the ones
    # vector onto the leading eigenspace: the definition used for disconnected graphs
    graph = random_graph(seed, n=30, p=0.05, directed=False)
    sym = symmetrise(graph)
    ours = actor_centrality(graph, weight="weight")["eigenvector"]
    ref = pd.Series(nx.eigenvector_centrality(sym, max_iter=100_000, tol=1e-14, weight="weight"))
    ref = ref.sort_index() / ref.max()
    np.testing.assert_allclose(ours.to_numpy(), ref.to_numpy(), atol=1e-6)


# --- hypothesis properties ----------------------------------------------------------------------


@st.composite
def tie_networks(draw: st.DrawFn) -> nx.Graph:
    """Small graphs with string ids, isolates allowed, optional weights, either direction."""
    n = draw(st.integers(min_value=1, max_value=10))
    directed = draw(st.booleans())
    nodes = [f"n{i}" for i in range(n)]
    pairs = [(u, v) for u in nodes for v in nodes if u != v]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=25)) if pairs else []
    graph: nx.Graph = nx.DiGraph() if directed else nx.Graph()
    graph.add_nodes_from(nodes)
    for u, v in chosen:
        graph.add_edge(u, v, weight=draw(st.floats(min_value=0.1, max_value=10.0)))
    return graph


def relabel(graph: nx.Graph, seed: int) -> tuple[nx.Graph, dict[str, str]]:
    """Give every actor a new id in a shuffled order; return the graph and old -> new."""
    nodes = sorted(graph.nodes)
    new = [f"x{i}" for i in range(len(nodes))]
    random.Random(seed).shuffle(new)
    mapping = dict(zip(nodes, new, strict=True))
    return nx.relabel_nodes(graph, mapping), mapping


@settings(max_examples=60, deadline=None)
@given(graph=tie_networks(), weighted=st.booleans())
def test_property_ranges(graph: nx.Graph, weighted: bool) -> None:
    table = actor_centrality(graph, weight="weight" if weighted else None)
    assert list(table.index) == sorted(graph.nodes)
    for column in ("betweenness", "eigenvector"):
        assert table[column].between(-TOL, 1 + TOL).all(), column
    # with weights, ties shorter than 1 (weight > 1) can push closeness and harmonic above 1
    top = 1.0 if not weighted else max([1.0, *(w for _, _, w in graph.edges(data="weight"))])
    for column in ("closeness", "harmonic"):
        assert table[column].between(-TOL, top + TOL).all(), column
    assert table["pagerank"].sum() == pytest.approx(1.0)
    assert (table["pagerank"] > 0).all()
    if graph.is_directed():
        assert (table["degree"] == table["in_degree"] + table["out_degree"]).all()
    else:
        assert (table["degree"] == table["in_degree"]).all()
        assert (table["degree"] == table["out_degree"]).all()
    if graph.number_of_edges():
        assert table["eigenvector"].max() == pytest.approx(1.0)
    assert (table["core_number"] <= table["degree"]).all()


@settings(max_examples=40, deadline=None)
@given(graph=tie_networks(), weighted=st.booleans(), seed=st.integers(0, 10_000))
def test_property_relabelling_invariance(graph: nx.Graph, weighted: bool, seed: int) -> None:
    weight = "weight" if weighted else None
    before = actor_centrality(graph, weight=weight)
    renamed, mapping = relabel(graph, seed)
    after = actor_centrality(renamed, weight=weight)
    assert list(after.index) == sorted(after.index)
    after = after.loc[[mapping[u] for u in before.index]].set_axis(before.index)
    pd.testing.assert_frame_equal(before, after, check_exact=False, atol=1e-9, rtol=0)
