"""Tests of coopnet.metrics.structure.

* reference values from statnet ``sna`` (``sna_reference.json``, written by
  ``scripts/sna_reference.R``; R is not needed to run these tests);
* hand-computed values on tiny graphs (the working is in the comments);
* brute-force transcriptions of the definitions (``sna``'s C code for LUB-ness, the dense
  reachability matrix for hierarchy) and networkx / python-igraph as independent implementations;
* hypothesis properties: ranges, invariance under relabelling actors;
* run time on 2,000 and 10,000 actors.
"""

from __future__ import annotations

import itertools
import json
import math
import random
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coopnet.errors import GraphError
from coopnet.metrics._engine import betweenness
from coopnet.metrics.arrays import graph_arrays
from coopnet.metrics.krackhardt import _pairs_sharing_one_source
from coopnet.metrics.structure import (
    STRUCTURE_KEYS,
    average_path_length,
    centralization,
    connectedness,
    density,
    efficiency,
    hierarchy,
    lub_ness,
    network_structure,
    reciprocity,
    transitivity,
)

REFERENCE = Path(__file__).with_name("sna_reference.json")
REL = 1e-9  # R writes 15 significant digits
ABS = 1e-12
UNIT_MEASURES = tuple(
    k for k in STRUCTURE_KEYS if k not in {"n_actors", "n_ties", "average_path_length"}
)


def same(actual: float, expected: float | None) -> bool:
    """Equal within tolerance, with ``None`` (JSON null) and ``nan`` meaning undefined."""
    if expected is None or (isinstance(expected, float) and math.isnan(expected)):
        return math.isnan(actual)
    return math.isclose(actual, expected, rel_tol=REL, abs_tol=ABS)


# --- sna reference values -----------------------------------------------------------------------


def _load_reference() -> list[dict[str, Any]]:
    with REFERENCE.open(encoding="utf-8") as handle:
        graphs: list[dict[str, Any]] = json.load(handle)["graphs"]
    return graphs


def _reference_graph(entry: dict[str, Any]) -> nx.Graph:
    graph: nx.Graph = nx.DiGraph() if entry["directed"] else nx.Graph()
    graph.add_nodes_from(entry["nodes"])
    for edge in entry["edges"]:
        attrs = {"weight": float(edge[2])} if len(edge) > 2 else {}
        graph.add_edge(edge[0], edge[1], **attrs)
    return graph


REFERENCE_GRAPHS = _load_reference()
REFERENCE_IDS = [entry["name"] for entry in REFERENCE_GRAPHS]


def test_reference_file_covers_the_required_shapes() -> None:
    names = set(REFERENCE_IDS)
    assert len(names) >= 8
    assert {"star_undirected", "path_undirected", "two_cliques_bridge", "components_isolates"} <= (
        names
    )
    assert {"random_directed_30", "out_tree_directed", "out_star_directed"} <= names
    assert any(e["directed"] for e in REFERENCE_GRAPHS)
    assert any(not e["directed"] for e in REFERENCE_GRAPHS)


@pytest.mark.parametrize("entry", REFERENCE_GRAPHS, ids=REFERENCE_IDS)
def test_network_structure_matches_sna(entry: dict[str, Any]) -> None:
    graph = _reference_graph(entry)
    result = network_structure(graph)
    expected = entry["expected"]
    mismatches = {
        key: (value, expected[key])
        for key, value in result.items()
        if not same(value, expected[key])
    }
    assert not mismatches, f"{entry['name']}: (coopnet, R) = {mismatches}"


@pytest.mark.parametrize(
    "entry", [e for e in REFERENCE_GRAPHS if "average_path_length_weighted" in e["expected"]]
)
def test_weighted_average_path_length_matches_sna_geodist(entry: dict[str, Any]) -> None:
    # sna::geodist(ignore.eval=FALSE) on the matrix of lengths 1 / weight
    graph = _reference_graph(entry)
    expected = entry["expected"]["average_path_length_weighted"]
    assert same(average_path_length(graph, weight="weight"), expected)


@pytest.mark.parametrize("entry", REFERENCE_GRAPHS, ids=REFERENCE_IDS)
def test_documented_closeness_relation_to_sna(entry: dict[str, Any]) -> None:
    # the docstring claims: equal to sna for connected undirected graphs, sna * (n-1)/n for
    # strongly connected digraphs
    graph = _reference_graph(entry)
    n = graph.number_of_nodes()
    sna_value = entry["expected"]["closeness_centralization_sna"]
    ours = centralization(graph, "closeness")
    if n < 3:
        return
    if not graph.is_directed() and nx.is_connected(graph):
        assert same(ours, sna_value)
    elif graph.is_directed() and nx.is_strongly_connected(graph):
        assert same(ours, sna_value * (n - 1) / n)


def test_sna_directed_closeness_centralization_exceeds_one_on_out_star() -> None:
    # the documented reason for deviating: sna gives 1.25 for the five-actor out-star
    entry = next(e for e in REFERENCE_GRAPHS if e["name"] == "out_star_directed")
    assert entry["expected"]["closeness_centralization_sna"] == pytest.approx(1.25)
    assert centralization(_reference_graph(entry), "closeness") == pytest.approx(1.0)


@pytest.mark.parametrize("entry", [e for e in REFERENCE_GRAPHS if not e["directed"]])
def test_documented_efficiency_relation_to_sna_for_undirected(entry: dict[str, Any]) -> None:
    # docstring: sna on the symmetric matrix = 1 - (2m - sum(s-1)) / sum((s-1)^2)
    graph = _reference_graph(entry)
    sizes = [len(c) for c in nx.connected_components(graph)]
    spare = sum((s - 1) ** 2 for s in sizes)
    sna_formula = 1 - (2 * graph.number_of_edges() - sum(s - 1 for s in sizes)) / spare
    assert same(sna_formula, entry["expected"]["efficiency_sna"])


# --- hand-computed values -----------------------------------------------------------------------


def star() -> nx.Graph:
    """Undirected star: centre a, leaves b-f (n = 6)."""
    return nx.Graph([("a", leaf) for leaf in "bcdef"])


def path() -> nx.Graph:
    """Undirected path a-b-c-d-e with weights 1, 2, 4, 1."""
    g = nx.Graph()
    for (u, v), w in zip(itertools.pairwise("abcde"), [1.0, 2.0, 4.0, 1.0], strict=True):
        g.add_edge(u, v, weight=w)
    return g


def out_star() -> nx.DiGraph:
    """Directed out-star a -> b, c, d, e."""
    return nx.DiGraph([("a", leaf) for leaf in "bcde"])


def mutual_dyad() -> nx.DiGraph:
    """a <-> b."""
    return nx.DiGraph([("a", "b"), ("b", "a")])


def test_star_by_hand() -> None:
    g = star()
    # 5 of C(6,2) = 15 pairs
    assert density(g) == pytest.approx(1 / 3)
    assert reciprocity(g) == 1.0  # undirected with ties
    # degrees 5,1,1,1,1,1: sum(5 - d) = 20 = (n-1)(n-2)
    assert centralization(g, "degree") == pytest.approx(1.0)
    # centre lies on all C(5,2) = 10 leaf pairs: sum = 50 = (n-1)^2 (n-2) / 2
    assert centralization(g, "betweenness") == pytest.approx(1.0)
    # closeness centre 1, leaves 5/9: sum = 20/9 = (n-1)(n-2)/(2n-3)
    assert centralization(g, "closeness") == pytest.approx(1.0)
    assert transitivity(g) == 0.0  # 10 open triples, no triangle
    # 5 pairs at distance 1, 10 at distance 2: 25 / 15
    assert average_path_length(g) == pytest.approx(5 / 3)
    assert connectedness(g) == 1.0
    assert hierarchy(g) == 0.0  # every pair reaches each other
    assert efficiency(g) == pytest.approx(1.0)  # a tree: no tie beyond a spanning tree
    assert lub_ness(g) == 1.0


def test_path_by_hand() -> None:
    g = path()
    assert density(g) == pytest.approx(4 / 10)
    # degrees 1,2,2,2,1: sum(2 - d) = 2, maximum 4*3 = 12
    assert centralization(g, "degree") == pytest.approx(2 / 12)
    # betweenness 0,3,4,3,0: sum(4 - b) = 10, maximum 16*3/2 = 24
    assert centralization(g, "betweenness") == pytest.approx(10 / 24)
    # closeness 4/10, 4/7, 4/6, 4/7, 4/10: sum(2/3 - c) = 76/105, maximum 4*3/7 = 12/7
    assert centralization(g, "closeness") == pytest.approx((76 / 105) / (12 / 7))
    # distances 1 (4 pairs), 2 (3), 3 (2), 4 (1): 20 / 10
    assert average_path_length(g) == pytest.approx(2.0)
    # lengths 1, .5, .25, 1; pair sums 1+.5+.25+1 + 1.5+.75+1.25 + 1.75+1.75 + 2.75 = 12.5
    assert average_path_length(g, weight="weight") == pytest.approx(1.25)
    assert transitivity(g) == 0.0
    assert efficiency(g) == pytest.approx(1.0)


def test_directed_out_star_by_hand() -> None:
    g = out_star()
    assert density(g) == pytest.approx(4 / 20)
    assert reciprocity(g) == 0.0
    # in+out degrees 4,1,1,1,1: sum(4 - d) = 12, maximum 2 (n-1)(n-2) = 24
    assert centralization(g, "degree") == pytest.approx(0.5)
    assert centralization(g, "betweenness") == 0.0  # no two-paths
    # closeness (outgoing) a = 1, leaves reach nobody = 0: sum = 4 = n - 1
    assert centralization(g, "closeness") == pytest.approx(1.0)
    assert average_path_length(g) == 1.0
    # a reaches b..e, none reaches back: M = 0, A = 4
    assert hierarchy(g) == 1.0
    assert connectedness(g) == 1.0
    assert efficiency(g) == 1.0  # 4 arcs = spanning tree of 5 actors
    assert lub_ness(g) == 1.0  # a bounds every pair and reaches every other bound


def test_out_tree_scores_one_on_all_krackhardt_dimensions() -> None:
    # Krackhardt (1994): the four dimensions are 1 exactly for an out-tree
    g = nx.bfs_tree(nx.balanced_tree(2, 3), 0)
    g = nx.relabel_nodes(g, str)
    assert (connectedness(g), hierarchy(g), efficiency(g), lub_ness(g)) == (1.0, 1.0, 1.0, 1.0)


def test_mutual_dyad_by_hand() -> None:
    g = mutual_dyad()
    assert hierarchy(g) == 0.0  # M = 1, A = 0
    assert reciprocity(g) == 1.0
    assert density(g) == 1.0
    # one component of 2: spanning tree 1 arc, spare (2-1)^2 = 1, arcs 2 -> 1 - 1/1
    assert efficiency(g) == 0.0
    assert math.isnan(lub_ness(g))  # no component of three actors
    for measure in ("degree", "betweenness", "closeness"):
        assert math.isnan(centralization(g, measure))  # type: ignore[arg-type]


def test_two_bosses_lub_by_hand() -> None:
    # A -> C <- B, C -> i, C -> j. Upper bounds: (A,B) none; (C,i), (C,j), (i,j) {A,B,C}, and
    # neither A nor B reaches the other -> 4 violations of C(5,2) pairs; maximum 4*3/2 = 6
    g = nx.DiGraph([("A", "C"), ("B", "C"), ("C", "i"), ("C", "j")])
    assert lub_ness(g) == pytest.approx(1 - 4 / 6)
    assert lub_ness(g) == pytest.approx(_lub_bruteforce(g))


def test_directed_transitivity_is_on_symmetrised_graph() -> None:
    # a -> b -> c, a -> c: one triangle once symmetrised (sna::gtrans would also give 1 here, but
    # c -> a instead of a -> c gives 1 for us and 0 for directed transitivity)
    assert transitivity(nx.DiGraph([("a", "b"), ("b", "c"), ("c", "a")])) == 1.0


def test_undirected_efficiency_by_hand() -> None:
    assert efficiency(nx.complete_graph(4)) == 0.0  # 6 edges, 3 needed, spare 3
    g = nx.complete_graph(4)
    g.remove_edge(0, 1)  # 5 edges, 3 needed, spare 3 -> 1 - 2/3
    assert efficiency(g) == pytest.approx(1 / 3)


def test_no_ties_and_tiny_graphs() -> None:
    empty = network_structure(nx.Graph())
    assert empty["n_actors"] == 0.0 and empty["n_ties"] == 0.0
    assert all(math.isnan(empty[k]) for k in STRUCTURE_KEYS[2:])
    single = network_structure(_single())
    assert single["connectedness"] == 1.0  # as sna
    assert all(math.isnan(single[k]) for k in STRUCTURE_KEYS[2:] if k != "connectedness")
    g = nx.DiGraph()
    g.add_nodes_from("abc")
    result = network_structure(g)
    assert result["density"] == 0.0
    assert result["connectedness"] == 0.0
    assert result["degree_centralization"] == 0.0  # all degrees equal
    for key in ("reciprocity", "transitivity", "average_path_length", "hierarchy"):
        assert math.isnan(result[key])
    assert math.isnan(result["efficiency"]) and math.isnan(result["lub_ness"])


def _single() -> nx.DiGraph:
    g = nx.DiGraph()
    g.add_node("a")
    return g


def test_network_structure_keys_and_counts() -> None:
    g = nx.DiGraph([("a", "b"), ("b", "a"), ("b", "c")])
    result = network_structure(g)
    assert tuple(result) == STRUCTURE_KEYS
    assert result["n_actors"] == 3.0
    assert result["n_ties"] == 3.0  # arcs, a mutual pair counts twice
    assert all(isinstance(v, float) for v in result.values())


def test_errors() -> None:
    multi = nx.MultiGraph([("a", "b"), ("a", "b")])
    with pytest.raises(GraphError, match="multigraph"):
        density(multi)
    loop = nx.DiGraph([("a", "a"), ("a", "b")])
    with pytest.raises(GraphError, match="self-ties"):
        network_structure(loop)
    with pytest.raises(GraphError, match="unknown centralization"):
        centralization(star(), "eigenvector")  # type: ignore[arg-type]
    bad = nx.Graph()
    bad.add_edge("a", "b", weight=0.0)
    with pytest.raises(GraphError, match="weight"):
        average_path_length(bad, weight="weight")


def test_inputs_are_not_modified() -> None:
    g = path()
    before = nx.to_dict_of_dicts(g)
    network_structure(g, weight="weight")
    assert nx.to_dict_of_dicts(g) == before


# --- brute force and independent implementations -----------------------------------------------


def _lub_bruteforce(graph: nx.DiGraph) -> float:
    """Transcription of sna::lubness / lubness_con_R on the dense reachability matrix."""
    nodes = list(graph)
    closure = nx.transitive_closure(graph, reflexive=True)
    r = {(u, v) for u, v in closure.edges}
    nolub = 0
    maxnolub = 0
    for comp in nx.weakly_connected_components(graph):
        vi = sorted(comp, key=nodes.index)
        if len(vi) <= 2:
            continue
        for i, j in itertools.combinations(vi, 2):
            ub = [k for k in vi if (k, i) in r and (k, j) in r]
            if not any(all((k, m) in r for m in ub) for k in ub):
                nolub += 1
        maxnolub += (len(vi) - 1) * (len(vi) - 2) / 2
    return 1 - nolub / maxnolub if maxnolub else math.nan


def _hierarchy_bruteforce(graph: nx.DiGraph) -> float:
    """1 - grecip(reachability, "dyadic.nonnull") on the dense reachability matrix."""
    closure = nx.transitive_closure(graph, reflexive=False)
    mutual = asym = 0
    for u, v in itertools.combinations(graph, 2):
        a, b = closure.has_edge(u, v), closure.has_edge(v, u)
        mutual += a and b
        asym += a != b
    return 1 - mutual / (mutual + asym) if mutual + asym else math.nan


def _efficiency_bruteforce(graph: nx.Graph) -> float:
    sizes = [len(c) for c in nx.weakly_connected_components(graph)]
    most = sum(s * (s - 1) - (s - 1) for s in sizes)
    return 1 - (graph.number_of_edges() - sum(s - 1 for s in sizes)) / most if most else math.nan


def random_digraph(seed: int, n: int, p: float) -> nx.DiGraph:
    raw = nx.gnp_random_graph(n, p, seed=seed, directed=True)
    return nx.relabel_nodes(raw, {i: f"v{i:03d}" for i in raw})


@pytest.mark.parametrize("seed", range(12))
def test_krackhardt_against_bruteforce(seed: int) -> None:
    rng = random.Random(seed)
    g = random_digraph(seed, rng.randint(3, 14), rng.choice([0.08, 0.15, 0.3]))
    assert same(hierarchy(g), _hierarchy_bruteforce(g))
    assert same(lub_ness(g), _lub_bruteforce(g))
    assert same(efficiency(g), _efficiency_bruteforce(g))


@st.composite
def digraphs(draw: st.DrawFn, max_n: int = 9) -> nx.DiGraph:
    n = draw(st.integers(0, max_n))
    pairs = [(u, v) for u in range(n) for v in range(n) if u != v]
    present = draw(st.lists(st.booleans(), min_size=len(pairs), max_size=len(pairs)))
    g = nx.DiGraph()
    g.add_nodes_from(f"a{i}" for i in range(n))
    g.add_edges_from(
        (f"a{u}", f"a{v}") for (u, v), keep in zip(pairs, present, strict=True) if keep
    )
    return g


@st.composite
def graphs(draw: st.DrawFn, max_n: int = 9) -> nx.Graph:
    g = draw(digraphs(max_n))
    if draw(st.booleans()):
        return nx.Graph(g.to_undirected())
    return g


@settings(max_examples=80, deadline=None)
@given(digraphs())
def test_krackhardt_against_bruteforce_property(g: nx.DiGraph) -> None:
    assert same(hierarchy(g), _hierarchy_bruteforce(g))
    assert same(lub_ness(g), _lub_bruteforce(g))


@settings(max_examples=60, deadline=None)
@given(graphs())
def test_against_networkx(g: nx.Graph) -> None:
    if g.number_of_nodes() >= 1:
        raw = nx.betweenness_centrality(g, normalized=False)
        arrays = graph_arrays(g)
        expected = np.array([raw[v] for v in arrays.nodes])
        for engine in ("igraph", "coopnet"):
            ours = betweenness(arrays, weighted=False, engine=engine, jobs=1)  # type: ignore[arg-type]
            assert np.allclose(ours, expected, rtol=1e-9, atol=1e-9)
    undirected = nx.Graph(g.to_undirected()) if g.is_directed() else g
    if any(d > 1 for _, d in undirected.degree()):
        assert same(transitivity(g), nx.transitivity(undirected))
    lengths = [d for _, row in nx.shortest_path_length(g) for d in row.values() if d > 0]
    assert same(average_path_length(g), float(np.mean(lengths)) if lengths else math.nan)
    n = g.number_of_nodes()
    if n >= 3:  # networkx closeness uses incoming distances: reverse for outgoing ones
        wf = np.array(list(nx.closeness_centrality(g.reverse() if g.is_directed() else g).values()))
        top = (n - 1) if g.is_directed() else (n - 1) * (n - 2) / (2 * n - 3)
        assert same(centralization(g, "closeness"), float(np.sum(wf.max() - wf)) / top)


def test_lub_dense_and_sparse_products_agree() -> None:
    rng = random.Random(7)
    n_sources = 40
    sets = list({rng.getrandbits(n_sources) | (1 << rng.randrange(n_sources)) for _ in range(300)})
    w = np.array([rng.randint(1, 5) for _ in sets], dtype=np.int64)
    dense = _pairs_sharing_one_source(sets, n_sources, w, dense=True)
    sparse = _pairs_sharing_one_source(sets, n_sources, w, dense=False)
    expected = sum(
        int(w[a] * w[b])
        for a, b in itertools.combinations(range(len(sets)), 2)
        if (sets[a] & sets[b]).bit_count() == 1
    )
    assert dense == sparse == expected


def test_closeness_maximum_is_the_star_for_all_small_graphs() -> None:
    # the undirected normaliser (n-1)(n-2)/(2n-3) must bound the Wasserman-Faust closeness
    # centralization of every graph, connected or not: exhaustive over all graphs up to 7 nodes
    values = [
        centralization(nx.relabel_nodes(g, str), "closeness")
        for g in nx.graph_atlas_g()
        if g.number_of_nodes() >= 3
    ]
    assert max(values) == pytest.approx(1.0)
    assert max(values) <= 1.0


# --- python-igraph cross-checks -----------------------------------------------------------------


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("directed", [True, False])
def test_against_igraph(seed: int, directed: bool) -> None:
    ig = pytest.importorskip("igraph")
    rng = random.Random(seed)
    n = rng.randint(15, 60)
    raw = nx.gnp_random_graph(n, rng.uniform(0.02, 0.15), seed=seed, directed=directed)
    g = nx.relabel_nodes(raw, {i: f"v{i:03d}" for i in raw})
    for u, v in g.edges:
        g.edges[u, v]["weight"] = round(rng.uniform(0.5, 5.0), 2)
    nodes = list(g)
    index = {v: i for i, v in enumerate(nodes)}
    edges = list(g.edges(data="weight"))
    h = ig.Graph(n=len(nodes), edges=[(index[u], index[v]) for u, v, _ in edges], directed=directed)
    lengths = [1.0 / w for _, _, w in edges]
    assert same(density(g), h.density(loops=False))
    if g.number_of_edges():
        assert same(reciprocity(g), h.reciprocity(ignore_loops=True, mode="default"))
    simple = h.as_undirected(mode="collapse") if directed else h
    assert same(transitivity(g), simple.transitivity_undirected(mode="nan"))
    assert same(average_path_length(g), h.average_path_length(directed=True, unconn=True))
    assert same(
        average_path_length(g, weight="weight"),
        h.average_path_length(directed=True, unconn=True, weights=lengths),
    )


# --- properties ---------------------------------------------------------------------------------


@settings(max_examples=80, deadline=None)
@given(graphs(), st.randoms(use_true_random=False))
def test_ranges_and_relabelling_invariance(g: nx.Graph, rnd: random.Random) -> None:
    result = network_structure(g)
    for key in UNIT_MEASURES:
        value = result[key]
        assert math.isnan(value) or 0.0 <= value <= 1.0, (key, value)
    apl = result["average_path_length"]
    assert math.isnan(apl) or apl >= 1.0
    names = list(g)
    shuffled = names[:]
    rnd.shuffle(shuffled)
    mapping = {old: f"x{new}" for old, new in zip(names, shuffled, strict=True)}
    relabelled = network_structure(nx.relabel_nodes(g, mapping))
    for key, value in result.items():
        assert same(relabelled[key], value), key


# --- scale --------------------------------------------------------------------------------------


def _in_range(func: Any, graph: nx.Graph) -> bool:
    value = func(graph)
    return math.isnan(value) or 0.0 <= value <= 1.0


@pytest.fixture(scope="module")
def big_graphs() -> tuple[nx.DiGraph, nx.DiGraph]:
    """Sparse random digraphs with 2,000 actors / 6,000 arcs and 10,000 actors / 20,000 arcs."""
    graphs = []
    for seed, n, m in ((11, 2000, 6000), (12, 10_000, 20_000)):
        raw = nx.gnm_random_graph(n, m, seed=seed, directed=True)
        graphs.append(nx.relabel_nodes(raw, {i: f"v{i:05d}" for i in raw}))
    return graphs[0], graphs[1]


@pytest.mark.parametrize("func", [connectedness, hierarchy, efficiency, lub_ness])
def test_krackhardt_measures_scale(func: Any, big_graphs: tuple[nx.DiGraph, nx.DiGraph]) -> None:
    small, large = big_graphs
    # runs at 2,000 and 10,000 actors without dense n x n matrices; speed: benchmarks/bench.py
    assert _in_range(func, small)
    assert _in_range(func, large)
