"""Tests of coopnet.metrics.groups.

Hand-computed values on a tiny graph with known groups, an independent (loop-based) reference
implementation of the E-I counts, exact and analytic checks of the permutation distribution,
cross-checks of modularity and assortativity against python-igraph, and hypothesis properties.
"""

from __future__ import annotations

import math
import random
from itertools import combinations

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coopnet.errors import GraphError
from coopnet.metrics._util import symmetrise
from coopnet.metrics.ei_test import EITest, ei_permutation_test
from coopnet.metrics.groups import (
    GROUP_TABLE_COLUMNS,
    MISSING_PAIR_COLUMNS,
    ei_index,
    group_assortativity,
    group_modularity,
    group_table,
    missing_group_pairs,
    mixing_matrix,
)

ig = pytest.importorskip("igraph")

TOL = 1e-12
GROUPS = {"a1": "A", "a2": "A", "a3": "A", "a4": "A", "b1": "B", "b2": "B", "b3": "B"}
GROUPS |= {"c1": "C", "d1": "D"}

# --- the hand-worked graph --------------------------------------------------------------------


def two_cliques() -> nx.Graph:
    """Two triangles joined by one tie, a one-actor group attached to B, two isolates.

    A = {a1, a2, a3, a4}: triangle a1-a2-a3, a4 is an isolate.
    B = {b1, b2, b3}:     triangle b1-b2-b3.
    C = {c1}:             one-actor group, tie c1-b3.
    D = {d1}:             one-actor group, isolate (a group without ties).
    Bridge a3-b1.  8 ties: 6 internal (two triangles), 2 external (a3-b1, b3-c1).
    """
    g = nx.Graph()
    g.add_nodes_from(GROUPS)
    g.add_edges_from([("a1", "a2"), ("a1", "a3"), ("a2", "a3")])
    g.add_edges_from([("b1", "b2"), ("b1", "b3"), ("b2", "b3")])
    g.add_edges_from([("a3", "b1"), ("b3", "c1")])
    nx.set_node_attributes(g, GROUPS, "dept")
    return g


def two_cliques_directed() -> nx.DiGraph:
    """Directed version: its symmetrisation is :func:`two_cliques`.

    A arcs: a1->a2, a2->a1, a1->a3, a3->a2 (4 arcs, 3 ties); B arcs: b1->b2, b2->b3, b3->b1;
    a3->b1; c1->b3 and b3->c1 (one reciprocated tie).
    """
    g = nx.DiGraph()
    g.add_nodes_from(GROUPS)
    g.add_edges_from([("a1", "a2"), ("a2", "a1"), ("a1", "a3"), ("a3", "a2")])
    g.add_edges_from([("b1", "b2"), ("b2", "b3"), ("b3", "b1")])
    g.add_edges_from([("a3", "b1"), ("c1", "b3"), ("b3", "c1")])
    nx.set_node_attributes(g, GROUPS, "dept")
    return g


def weighted_two_cliques() -> nx.Graph:
    """:func:`two_cliques` with weight 2 on a1-a2, 4 on the bridge a3-b1, 1 elsewhere."""
    g = two_cliques()
    nx.set_edge_attributes(g, 1.0, "weight")
    g.edges["a1", "a2"]["weight"] = 2.0
    g.edges["a3", "b1"]["weight"] = 4.0
    return g


# --- independent reference implementation (plain loops) ---------------------------------------


def naive_counts(graph: nx.Graph, group: str, weight: str | None = None) -> dict[str, list[float]]:
    """{group: [internal, external]} by looping over the ties of the symmetrised graph.

    The symmetrisation is done here independently of coopnet: a tie if either arc exists, with
    the larger weight.
    """
    ties: dict[frozenset[str], float] = {}
    for u, v, data in graph.edges(data=True):
        value = 1.0 if weight is None else data[weight]
        key = frozenset((u, v))
        ties[key] = max(ties.get(key, 0.0), value)
    counts = {value: [0.0, 0.0] for value in nx.get_node_attributes(graph, group).values()}
    for key, value in ties.items():
        u, v = tuple(key)
        gu, gv = graph.nodes[u][group], graph.nodes[v][group]
        if gu == gv:
            counts[gu][0] += value
        else:
            counts[gu][1] += value
            counts[gv][1] += value
    return counts


# --- hand-computed values ---------------------------------------------------------------------


def test_ei_index_hand_computed() -> None:
    # E = 2 (a3-b1, b3-c1), I = 6 (two triangles): (2 - 6) / 8 = -0.5
    assert ei_index(two_cliques(), group="dept") == pytest.approx(-0.5, abs=TOL)


def test_ei_index_weighted_hand_computed() -> None:
    # I = (2 + 1 + 1) + 3 = 7; E = 4 (bridge) + 1 (b3-c1) = 5: (5 - 7) / 12 = -1/6
    assert ei_index(weighted_two_cliques(), group="dept", weight="weight") == pytest.approx(
        -1 / 6, abs=TOL
    )
    # unweighted unless asked: the weights are ignored by default
    assert ei_index(weighted_two_cliques(), group="dept") == pytest.approx(-0.5, abs=TOL)


def test_group_table_hand_computed() -> None:
    table = group_table(two_cliques(), group="dept")
    assert list(table.columns) == list(GROUP_TABLE_COLUMNS)
    assert table.index.name == "group"
    assert list(table.index) == ["A", "B", "C", "D"]
    # A: n=4, I=3, E=1 (a3-b1): EI = (1-3)/4 = -0.5, density 3 / C(4,2) = 0.5
    # B: n=3, I=3, E=2 (a3-b1, b3-c1): EI = (2-3)/5 = -0.2, density 3 / 3 = 1
    # C: n=1, I=0, E=1: EI = 1, density NaN (one actor)
    # D: n=1, no ties: EI NaN, density NaN
    expected = pd.DataFrame(
        {
            "n_actors": [4, 3, 1, 1],
            "internal_ties": [3.0, 3.0, 0.0, 0.0],
            "external_ties": [1.0, 2.0, 1.0, 0.0],
            "ei_index": [-0.5, -0.2, 1.0, math.nan],
            "density": [0.5, 1.0, math.nan, math.nan],
        },
        index=pd.Index(["A", "B", "C", "D"], name="group", dtype="str"),
    )
    pd.testing.assert_frame_equal(table, expected, atol=TOL)
    assert table["n_actors"].dtype == np.int64


def test_group_table_weighted_hand_computed() -> None:
    table = group_table(weighted_two_cliques(), group="dept", weight="weight")
    # A: I = 2+1+1 = 4, E = 4 (bridge): EI 0, density 4/6; B: I = 3, E = 4+1 = 5: EI 2/8
    assert table.loc["A", "internal_ties"] == pytest.approx(4.0)
    assert table.loc["A", "external_ties"] == pytest.approx(4.0)
    assert table.loc["A", "ei_index"] == pytest.approx(0.0, abs=TOL)
    assert table.loc["A", "density"] == pytest.approx(4 / 6)
    assert table.loc["B", "ei_index"] == pytest.approx(0.25)
    assert table.loc["C", "ei_index"] == pytest.approx(1.0)


def test_mixing_matrix_undirected_hand_computed() -> None:
    mix = mixing_matrix(two_cliques(), group="dept")
    nan = math.nan
    # diagonal: A 3/C(4,2) = 0.5, B 3/C(3,2) = 1, C and D one actor -> NaN
    # A-B: 1/(4*3); B-C: 1/(3*1); all other pairs no tie
    expected = pd.DataFrame(
        [
            [0.5, 1 / 12, 0.0, 0.0],
            [1 / 12, 1.0, 1 / 3, 0.0],
            [0.0, 1 / 3, nan, 0.0],
            [0.0, 0.0, 0.0, nan],
        ],
        index=pd.Index(list("ABCD"), name="group", dtype="str"),
        columns=pd.Index(list("ABCD"), name="group", dtype="str"),
    )
    pd.testing.assert_frame_equal(mix, expected, atol=TOL)


def test_mixing_matrix_directed_follows_direction() -> None:
    mix = mixing_matrix(two_cliques_directed(), group="dept")
    # A->A: 4 arcs / (4*3) = 1/3; B->B: 3 / (3*2) = 0.5; A->B: 1 / 12 (a3->b1), B->A: 0
    # B->C: 1/3 (b3->c1), C->B: 1/3 (c1->b3)
    assert mix.loc["A", "A"] == pytest.approx(1 / 3)
    assert mix.loc["B", "B"] == pytest.approx(0.5)
    assert mix.loc["A", "B"] == pytest.approx(1 / 12)
    assert mix.loc["B", "A"] == 0.0
    assert mix.loc["B", "C"] == pytest.approx(1 / 3)
    assert mix.loc["C", "B"] == pytest.approx(1 / 3)
    assert math.isnan(mix.loc["C", "C"])


def test_mixing_matrix_weighted() -> None:
    mix = mixing_matrix(weighted_two_cliques(), group="dept", weight="weight")
    # A-B: weight 4 / 12 pairs; A-A: (2 + 1 + 1) / 6
    assert mix.loc["A", "B"] == pytest.approx(4 / 12)
    assert mix.loc["A", "A"] == pytest.approx(4 / 6)


def test_missing_group_pairs_hand_computed() -> None:
    missing = missing_group_pairs(two_cliques(), group="dept")
    # present: A-B (a3-b1), B-C (b3-c1); missing: A-C, A-D, B-D, C-D
    expected = pd.DataFrame(
        [("A", "C", 4, 1), ("A", "D", 4, 1), ("B", "D", 3, 1), ("C", "D", 1, 1)],
        columns=list(MISSING_PAIR_COLUMNS),
    )
    pd.testing.assert_frame_equal(missing, expected)


def test_missing_group_pairs_none_missing_has_columns() -> None:
    g = nx.Graph([("a", "b")])
    nx.set_node_attributes(g, {"a": "x", "b": "y"}, "dept")
    missing = missing_group_pairs(g, group="dept")
    assert missing.empty
    assert list(missing.columns) == list(MISSING_PAIR_COLUMNS)


def test_missing_group_pairs_directed_arc_counts_as_tie() -> None:
    g = nx.DiGraph([("a", "b")])
    g.add_node("c")
    nx.set_node_attributes(g, {"a": "x", "b": "y", "c": "x"}, "dept")
    assert missing_group_pairs(g, group="dept").empty


@pytest.mark.parametrize("seed", range(5))
def test_missing_group_pairs_match_a_loop_over_all_pairs(seed: int) -> None:
    # many small groups, isolates and one group of one: the vectorised table against a loop
    g = nx.gnm_random_graph(60, 40, seed=seed)
    rng = random.Random(seed)
    nx.set_node_attributes(g, {a: f"g{rng.randrange(25):02d}" for a in g}, "dept")
    of = nx.get_node_attributes(g, "dept")
    linked = {frozenset((of[a], of[b])) for a, b in g.edges}
    groups = sorted(set(of.values()))
    size = {x: list(of.values()).count(x) for x in groups}
    expected = pd.DataFrame(
        [(x, y, size[x], size[y]) for x, y in combinations(groups, 2)
         if frozenset((x, y)) not in linked],
        columns=list(MISSING_PAIR_COLUMNS),
    )  # fmt: skip
    pd.testing.assert_frame_equal(missing_group_pairs(g, group="dept"), expected)


def test_directed_input_gives_symmetrised_results() -> None:
    directed, undirected = two_cliques_directed(), two_cliques()
    assert ei_index(directed, group="dept") == pytest.approx(-0.5, abs=TOL)
    pd.testing.assert_frame_equal(
        group_table(directed, group="dept"), group_table(undirected, group="dept")
    )
    assert group_modularity(directed, group="dept") == pytest.approx(
        group_modularity(undirected, group="dept")
    )


def test_directed_weighted_uses_larger_weight() -> None:
    g = nx.DiGraph()
    g.add_edge("a", "b", weight=1.0)
    g.add_edge("b", "a", weight=3.0)
    g.add_edge("b", "c", weight=1.0)
    nx.set_node_attributes(g, {"a": "x", "b": "x", "c": "y"}, "dept")
    # symmetrised: a-b weight 3 (internal), b-c weight 1 (external): (1 - 3) / 4
    assert ei_index(g, group="dept", weight="weight") == pytest.approx(-0.5)


def test_group_modularity_hand_computed() -> None:
    # two disjoint ties a-b (x), c-d (y): m = 2, each group L = 1, d = 2:
    # Q = 2 * (1/2 - (2/4)^2) = 0.5
    g = nx.Graph([("a", "b"), ("c", "d")])
    nx.set_node_attributes(g, {"a": "x", "b": "x", "c": "y", "d": "y"}, "dept")
    assert group_modularity(g, group="dept") == pytest.approx(0.5)
    # two cliques graph: m = 8; A: L=3, d=7; B: L=3, d=8; C: L=0, d=1; D: 0
    # Q = 6/8 - (49 + 64 + 1)/256 = 0.75 - 114/256
    assert group_modularity(two_cliques(), group="dept") == pytest.approx(0.75 - 114 / 256)


def test_group_assortativity_hand_computed() -> None:
    g = nx.Graph([("a", "b"), ("c", "d")])
    nx.set_node_attributes(g, {"a": "x", "b": "x", "c": "y", "d": "y"}, "dept")
    assert group_assortativity(g, group="dept") == pytest.approx(1.0)
    # perfectly disassortative: every tie between x and y, e = [[0, .5], [.5, 0]], a = b = .5
    # r = (0 - 0.5) / (1 - 0.5) = -1
    h = nx.Graph([("a", "c"), ("b", "d")])
    nx.set_node_attributes(h, {"a": "x", "b": "x", "c": "y", "d": "y"}, "dept")
    assert group_assortativity(h, group="dept") == pytest.approx(-1.0)


# --- edge cases -------------------------------------------------------------------------------


def no_ties() -> nx.Graph:
    g = nx.Graph()
    g.add_nodes_from(["a", "b", "c"])
    nx.set_node_attributes(g, {"a": "x", "b": "x", "c": "y"}, "dept")
    return g


def test_no_ties_gives_nan_without_warnings() -> None:
    g = no_ties()
    assert math.isnan(ei_index(g, group="dept"))
    assert math.isnan(group_modularity(g, group="dept"))
    assert math.isnan(group_assortativity(g, group="dept"))
    table = group_table(g, group="dept")
    assert table["ei_index"].isna().all()
    assert table.loc["x", "density"] == 0.0
    result = ei_permutation_test(g, group="dept", n_permutations=10)
    assert math.isnan(result.observed) and math.isnan(result.p_lower)
    assert result.by_group.isna().all().all()
    assert len(missing_group_pairs(g, group="dept")) == 1


def test_assortativity_undefined_when_all_tie_ends_in_one_group() -> None:
    # one group only, and several groups but every tie inside one of them: sum a_g^2 = 1
    g = nx.Graph([("a", "b"), ("b", "c")])
    nx.set_node_attributes(g, "x", "dept")
    assert math.isnan(group_assortativity(g, group="dept"))
    g.add_node("z", dept="y")
    assert math.isnan(group_assortativity(g, group="dept"))
    assert ei_index(g, group="dept") == -1.0


def test_empty_graph() -> None:
    g = nx.Graph()
    assert math.isnan(ei_index(g, group="dept"))
    assert group_table(g, group="dept").empty
    assert mixing_matrix(g, group="dept").shape == (0, 0)
    assert missing_group_pairs(g, group="dept").empty
    assert ei_permutation_test(g, group="dept", n_permutations=5).by_group.empty


def test_precondition_errors() -> None:
    g = two_cliques()
    del g.nodes["a1"]["dept"]
    with pytest.raises(GraphError, match="a1"):
        ei_index(g, group="dept")
    with pytest.raises(GraphError, match="multigraph"):
        group_table(nx.MultiGraph(two_cliques()), group="dept")
    bad = two_cliques()
    bad.edges["a1", "a2"]["weight"] = -1.0
    with pytest.raises(GraphError, match="weight"):
        ei_index(bad, group="dept", weight="weight")
    with pytest.raises(GraphError, match="weight"):
        mixing_matrix(bad, group="dept", weight="weight")
    loop = two_cliques()
    loop.add_edge("a1", "a1")
    with pytest.raises(GraphError, match="self-ties"):
        mixing_matrix(loop, group="dept")
    with pytest.raises(ValueError, match="n_permutations"):
        ei_permutation_test(two_cliques(), group="dept", n_permutations=0)


def test_input_not_mutated() -> None:
    g = two_cliques_directed()
    before = (sorted(g.edges(data=True)), sorted(g.nodes(data=True)))
    group_table(g, group="dept")
    mixing_matrix(g, group="dept")
    ei_permutation_test(g, group="dept", n_permutations=10)
    group_assortativity(g, group="dept")
    assert (sorted(g.edges(data=True)), sorted(g.nodes(data=True))) == before


# --- permutation test -------------------------------------------------------------------------


def silo_graph() -> nx.Graph:
    """Five groups of six actors; every group a clique; no tie between groups (E-I = -1)."""
    g = nx.Graph()
    for k in range(5):
        members = [f"g{k}m{i}" for i in range(6)]
        g.add_nodes_from(members, dept=f"G{k}")
        g.add_edges_from(combinations(members, 2))
    return g


def test_permutation_perfect_silo() -> None:
    result = ei_permutation_test(silo_graph(), group="dept", n_permutations=199, seed=3)
    assert isinstance(result, EITest)
    assert result.observed == -1.0
    # no random labelling of 5 x 6 actors keeps all 75 ties internal (probability ~ 1e-17),
    # so only the observed labelling counts: p_lower = 1 / 200; every perm is >= -1: p_upper = 1
    assert result.p_lower == pytest.approx(1 / 200)
    assert result.p_upper == 1.0
    assert result.expected > 0.0
    assert (result.by_group["observed"] == -1.0).all()
    assert np.allclose(result.by_group["p_lower"], 1 / 200)
    assert list(result.by_group.columns) == ["observed", "expected", "p_lower", "p_upper"]


def random_labelled(seed: int, n: int = 60, p: float = 0.1, k: int = 3) -> nx.Graph:
    rng = random.Random(seed)
    g = nx.gnp_random_graph(n, p, seed=seed)
    g = nx.relabel_nodes(g, {i: f"v{i:03d}" for i in g})
    nx.set_node_attributes(g, {v: f"G{rng.randrange(k)}" for v in g}, "dept")
    return g


def test_permutation_random_labelling_not_significant() -> None:
    result = ei_permutation_test(random_labelled(11), group="dept", n_permutations=999, seed=0)
    assert result.p_lower > 0.05
    assert result.p_upper > 0.05


def test_permutation_reproducible_with_seed() -> None:
    g = random_labelled(5)
    first = ei_permutation_test(g, group="dept", n_permutations=300, seed=42)
    again = ei_permutation_test(g, group="dept", n_permutations=300, seed=42)
    other = ei_permutation_test(g, group="dept", n_permutations=300, seed=43)
    assert (first.expected, first.p_lower, first.p_upper) == (
        again.expected,
        again.p_lower,
        again.p_upper,
    )
    pd.testing.assert_frame_equal(first.by_group, again.by_group)
    assert first.expected != other.expected
    assert first.observed == ei_index(g, group="dept")


def test_permutation_distribution_exact_on_path() -> None:
    # a - b - c with groups x, x, y. A random labelling puts y on a, b or c with prob. 1/3:
    # y on a or c: one internal, one external tie -> EI 0; y on b: both external -> EI 1.
    # Observed (y on c) EI 0: expected EI 1/3, P(EI <= 0) = 2/3, P(EI >= 0) = 1.
    # Group x: EI 0 or 1 (expected 1/3); group y always has one external tie only -> EI 1.
    g = nx.Graph([("a", "b"), ("b", "c")])
    nx.set_node_attributes(g, {"a": "x", "b": "x", "c": "y"}, "dept")
    result = ei_permutation_test(g, group="dept", n_permutations=6000, seed=1)
    assert result.observed == 0.0
    assert result.expected == pytest.approx(1 / 3, abs=0.02)
    assert result.p_lower == pytest.approx(2 / 3, abs=0.02)
    assert result.p_upper == 1.0
    assert result.by_group.loc["x", "expected"] == pytest.approx(1 / 3, abs=0.02)
    assert result.by_group.loc["y", "expected"] == 1.0
    assert result.by_group.loc["y", "p_lower"] == 1.0


def test_permutation_expectation_matches_analytic_value() -> None:
    # Under random labelling with fixed group sizes a tie is internal with probability
    # q = sum_g n_g (n_g - 1) / (n (n - 1)), so E[EI] = 1 - 2 q (EI is linear in I).
    g = random_labelled(7, n=80, p=0.08, k=4)
    sizes = pd.Series(nx.get_node_attributes(g, "dept")).value_counts()
    n = g.number_of_nodes()
    q = float((sizes * (sizes - 1)).sum()) / (n * (n - 1))
    result = ei_permutation_test(g, group="dept", n_permutations=4000, seed=9)
    # the SD of a permuted EI is about 2 * sqrt(q (1 - q) / m) ~ 0.07 here; SE of the mean ~ 0.001
    assert result.expected == pytest.approx(1 - 2 * q, abs=0.006)


def test_permutation_group_undefined_permutations_left_out() -> None:
    # One tie a-b among four actors in groups x (2) and y (2); the 6 labellings (which two
    # actors are x) are equally likely. A group has no tie exactly when its two members are
    # the isolates c, d (prob. 1/6): its E-I is undefined then and that labelling is left out.
    g = nx.Graph([("a", "b")])
    g.add_nodes_from(["c", "d"])
    nx.set_node_attributes(g, {"a": "x", "b": "x", "c": "y", "d": "y"}, "dept")
    result = ei_permutation_test(g, group="dept", n_permutations=3000, seed=2)
    assert math.isnan(result.by_group.loc["y", "observed"])
    assert math.isnan(result.by_group.loc["y", "p_lower"])
    # x: EI -1 (prob 1/6), no tie (1/6, left out), or 1 (4/6): expected over defined = 0.6
    assert result.by_group.loc["x", "expected"] == pytest.approx(0.6, abs=0.04)
    assert result.by_group.loc["x", "p_upper"] == 1.0


def test_permutation_speed_large_graph() -> None:

    n, m = 10_000, 40_000
    raw = nx.gnm_random_graph(n, m, seed=1)
    g = nx.relabel_nodes(raw, {i: f"a{i:05d}" for i in raw})
    rng = random.Random(0)
    nx.set_node_attributes(g, {v: f"G{rng.randrange(20)}" for v in g}, "dept")
    result = ei_permutation_test(g, group="dept", n_permutations=2000, seed=0)
    assert 0.0 < result.p_lower <= 1.0  # runs at 10,000 actors; speed: benchmarks/bench.py


# --- cross-checks against python-igraph -------------------------------------------------------


def igraph_undirected(graph: nx.Graph, weight: str | None) -> tuple[ig.Graph, list[str]]:
    """igraph copy of `graph`, symmetrised by igraph itself (collapse, max weight)."""
    nodes = sorted(graph)
    index = {v: i for i, v in enumerate(nodes)}
    edges = [(index[u], index[v]) for u, v in graph.edges()]
    h = ig.Graph(n=len(nodes), edges=edges, directed=graph.is_directed())
    h.es["w"] = [1.0 if weight is None else d[weight] for _, _, d in graph.edges(data=True)]
    if graph.is_directed():
        h = h.as_undirected(mode="collapse", combine_edges="max")
    return h, nodes


@pytest.mark.parametrize("directed", [False, True])
@pytest.mark.parametrize("weight", [None, "weight"])
@pytest.mark.parametrize("seed", range(4))
def test_modularity_and_assortativity_match_igraph(
    seed: int, directed: bool, weight: str | None
) -> None:
    rng = random.Random(seed)
    raw = nx.gnp_random_graph(40, 0.08, seed=seed, directed=directed)
    g = nx.relabel_nodes(raw, {i: f"v{i:02d}" for i in raw})
    nx.set_node_attributes(g, {v: f"G{rng.randrange(4)}" for v in g}, "dept")
    for u, v in g.edges:
        g.edges[u, v]["weight"] = round(rng.uniform(0.5, 4.0), 2)
    h, nodes = igraph_undirected(g, weight)
    groups = sorted(set(nx.get_node_attributes(g, "dept").values()))
    membership = [groups.index(g.nodes[v]["dept"]) for v in nodes]
    expected_q = h.modularity(membership, weights="w" if weight else None)
    assert group_modularity(g, group="dept", weight=weight) == pytest.approx(expected_q, abs=1e-9)
    expected_r = h.assortativity_nominal(membership, directed=False)
    assert group_assortativity(g, group="dept") == pytest.approx(expected_r, abs=1e-9)


# --- properties -------------------------------------------------------------------------------


@st.composite
def labelled_graphs(draw: st.DrawFn) -> nx.Graph:
    """Small graphs (possibly directed, weighted, with isolates) with a group per actor."""
    n = draw(st.integers(min_value=1, max_value=12))
    directed = draw(st.booleans())
    g: nx.Graph = nx.DiGraph() if directed else nx.Graph()
    nodes = [f"n{i}" for i in range(n)]
    labels = draw(st.lists(st.sampled_from("ABCD"), min_size=n, max_size=n))
    for v, label in zip(nodes, labels, strict=True):
        g.add_node(v, dept=label)
    pairs = [(u, v) for u in nodes for v in nodes if u != v]
    if pairs:
        chosen = draw(st.lists(st.sampled_from(pairs), max_size=30, unique=True))
        weights = draw(
            st.lists(
                st.floats(min_value=0.1, max_value=10.0),
                min_size=len(chosen),
                max_size=len(chosen),
            )
        )
        for (u, v), w in zip(chosen, weights, strict=True):
            g.add_edge(u, v, weight=w)
    return g


def relabel(g: nx.Graph, seed: int) -> nx.Graph:
    """Rename the actors with a random bijection and insert them in a different order."""
    rng = random.Random(seed)
    names = [f"x{i:03d}" for i in range(g.number_of_nodes())]
    rng.shuffle(names)
    mapping = dict(zip(g.nodes, names, strict=True))
    h = g.__class__()
    h.add_nodes_from(sorted((mapping[v], d) for v, d in g.nodes(data=True)))
    edges = [(mapping[u], mapping[v], d) for u, v, d in g.edges(data=True)]
    rng.shuffle(edges)
    h.add_edges_from(edges)
    return h


@settings(max_examples=80, deadline=None)
@given(labelled_graphs(), st.sampled_from([None, "weight"]))
def test_property_group_table_matches_loop_reference(g: nx.Graph, weight: str | None) -> None:
    table = group_table(g, group="dept", weight=weight)
    reference = naive_counts(g, "dept", weight)
    for label, (internal, external) in reference.items():
        assert table.loc[label, "internal_ties"] == pytest.approx(internal, rel=1e-9, abs=1e-9)
        assert table.loc[label, "external_ties"] == pytest.approx(external, rel=1e-9, abs=1e-9)
    total_i = sum(c[0] for c in reference.values())
    total_e = sum(c[1] for c in reference.values()) / 2
    expected = (total_e - total_i) / (total_e + total_i) if total_e + total_i else math.nan
    assert ei_index(g, group="dept", weight=weight) == pytest.approx(expected, nan_ok=True)


@settings(max_examples=80, deadline=None)
@given(labelled_graphs(), st.sampled_from([None, "weight"]))
def test_property_ranges(g: nx.Graph, weight: str | None) -> None:
    ei = ei_index(g, group="dept", weight=weight)
    assert math.isnan(ei) or -1.0 - TOL <= ei <= 1.0 + TOL
    group_ei = group_table(g, group="dept", weight=weight)["ei_index"].dropna()
    assert ((group_ei >= -1.0 - TOL) & (group_ei <= 1.0 + TOL)).all()
    mix = mixing_matrix(g, group="dept").to_numpy()
    finite = mix[~np.isnan(mix)]
    assert ((finite >= 0.0) & (finite <= 1.0 + TOL)).all()
    density = group_table(g, group="dept")["density"].dropna()
    assert ((density >= 0.0) & (density <= 1.0 + TOL)).all()
    r = group_assortativity(g, group="dept")
    assert math.isnan(r) or -1.0 - 1e-9 <= r <= 1.0 + 1e-9
    q = group_modularity(g, group="dept", weight=weight)
    assert math.isnan(q) or -0.5 - 1e-9 <= q < 1.0


@settings(max_examples=60, deadline=None)
@given(labelled_graphs())
def test_property_directed_equals_symmetrised(g: nx.Graph) -> None:
    sym = symmetrise(g, weight="weight")
    for weight in (None, "weight"):
        assert ei_index(g, group="dept", weight=weight) == pytest.approx(
            ei_index(sym, group="dept", weight=weight), nan_ok=True
        )
        pd.testing.assert_frame_equal(
            group_table(g, group="dept", weight=weight),
            group_table(sym, group="dept", weight=weight),
        )
    pd.testing.assert_frame_equal(
        missing_group_pairs(g, group="dept"), missing_group_pairs(sym, group="dept")
    )


@settings(max_examples=60, deadline=None)
@given(labelled_graphs(), st.integers(min_value=0, max_value=10_000))
def test_property_invariant_under_relabelling_actors(g: nx.Graph, seed: int) -> None:
    h = relabel(g, seed)
    for weight in (None, "weight"):
        assert ei_index(h, group="dept", weight=weight) == pytest.approx(
            ei_index(g, group="dept", weight=weight), nan_ok=True
        )
        pd.testing.assert_frame_equal(
            group_table(h, group="dept", weight=weight),
            group_table(g, group="dept", weight=weight),
        )
        pd.testing.assert_frame_equal(
            mixing_matrix(h, group="dept", weight=weight),
            mixing_matrix(g, group="dept", weight=weight),
        )
    pd.testing.assert_frame_equal(
        missing_group_pairs(h, group="dept"), missing_group_pairs(g, group="dept")
    )
    assert group_modularity(h, group="dept") == pytest.approx(
        group_modularity(g, group="dept"), nan_ok=True
    )
    assert group_assortativity(h, group="dept") == pytest.approx(
        group_assortativity(g, group="dept"), nan_ok=True
    )


@settings(max_examples=30, deadline=None)
@given(labelled_graphs(), st.integers(min_value=0, max_value=100))
def test_property_permutation_p_values(g: nx.Graph, seed: int) -> None:
    result = ei_permutation_test(g, group="dept", n_permutations=50, seed=seed)
    if math.isnan(result.observed):
        return
    # each permuted value is <= or >= the observed one, so the two counts cover all N + the
    # observed labelling at least once: p_lower + p_upper >= 1 + 1/(N+1)
    assert 1 / 51 <= result.p_lower <= 1.0
    assert 1 / 51 <= result.p_upper <= 1.0
    assert result.p_lower + result.p_upper >= 1.0 + 1 / 51 - TOL
    assert -1.0 - TOL <= result.expected <= 1.0 + TOL
