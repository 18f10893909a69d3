"""Tests of coopnet.metrics.brokerage: structural holes, brokerage roles, partner diversity.

Hand-computed values on tiny graphs, a brute-force reimplementation of Gould & Fernandez roles,
a cross-check of constraint against python-igraph, and hypothesis properties.
"""

from __future__ import annotations

import itertools
import math
import random

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coopnet.errors import GraphError
from coopnet.metrics._util import symmetrise
from coopnet.metrics.brokerage import (
    BROKERAGE_COLUMNS,
    brokerage_roles,
    partner_diversity,
    structural_holes,
)

ig = pytest.importorskip("igraph")

ROLE_OF_PATTERN = {
    # (source group, broker group, target group) as "same letters" pattern -> column
    "AAA": "broker_coordinator",
    "ABA": "broker_itinerant",
    "AAB": "broker_representative",
    "ABB": "broker_gatekeeper",
    "ABC": "broker_liaison",
}


def grouped(graph: nx.Graph, groups: dict[str, str]) -> nx.Graph:
    nx.set_node_attributes(graph, groups, "group")
    return graph


# --- structural holes ---------------------------------------------------------------------------


def test_structural_holes_by_hand() -> None:
    # b brokers a and c: p = 1/2 each, no indirect paths -> c_b = 2 (1/2)^2 = 0.5, e_b = 2.
    # pendants have one partner: constraint 1, effective size 1. Isolate z: NaN and 0.
    g = nx.Graph([("a", "b"), ("b", "c")])
    g.add_node("z")
    table = structural_holes(g)
    assert list(table.columns) == ["constraint", "effective_size"]
    assert table.index.name == "id"
    assert table["constraint"].iloc[:3].tolist() == [1.0, 0.5, 1.0]
    assert math.isnan(table.loc["z", "constraint"])
    assert table["effective_size"].tolist() == [1.0, 2.0, 1.0, 0.0]


def test_structural_holes_triangle_and_star() -> None:
    # triangle: p = 1/2, indirect p_iq p_qj = 1/4 -> 2 (3/4)^2 = 1.125; e = 2 - 2*1/2 = 1
    tri = structural_holes(nx.Graph([("a", "b"), ("b", "c"), ("c", "a")]))
    assert tri["constraint"].tolist() == pytest.approx([1.125] * 3)
    assert tri["effective_size"].tolist() == pytest.approx([1.0] * 3)
    # star centre with three unconnected partners: 3 (1/3)^2 = 1/3; effective size 3
    star = structural_holes(nx.star_graph(["h", "x", "y", "z"]))
    assert star.loc["h"].tolist() == pytest.approx([1 / 3, 3.0])


def test_structural_holes_weighted_and_directed() -> None:
    # b - a weight 3, b - c weight 1 (given as arcs in both directions with different weights;
    # the larger one counts): p_ba = 3/4, p_bc = 1/4 -> 9/16 + 1/16 = 0.625
    g = nx.DiGraph()
    g.add_edge("a", "b", weight=3.0)
    g.add_edge("b", "a", weight=2.0)
    g.add_edge("c", "b", weight=1.0)
    table = structural_holes(g, weight="weight")
    assert table.loc["b", "constraint"] == pytest.approx(0.625)
    assert table.loc["b", "effective_size"] == pytest.approx(2.0)
    assert structural_holes(g).loc["b", "constraint"] == pytest.approx(0.5)


def test_structural_holes_empty() -> None:
    table = structural_holes(nx.DiGraph())
    assert table.empty and list(table.columns) == ["constraint", "effective_size"]


@pytest.mark.parametrize("weight", [None, "weight"])
@pytest.mark.parametrize("seed", range(6))
def test_constraint_matches_igraph(seed: int, weight: str | None) -> None:
    rng = random.Random(seed)
    raw = nx.gnp_random_graph(25, 0.12, seed=seed, directed=bool(seed % 2))
    graph = nx.relabel_nodes(raw, {i: f"v{i:03d}" for i in raw})
    for u, v in graph.edges:
        graph.edges[u, v]["weight"] = rng.uniform(0.5, 5.0)
    ours = structural_holes(graph, weight=weight)["constraint"].to_numpy()
    sym = symmetrise(graph)
    nodes = sorted(sym.nodes)
    pos = {u: i for i, u in enumerate(nodes)}
    edges = list(sym.edges(data="weight"))
    h = ig.Graph(n=len(nodes), edges=[(pos[u], pos[v]) for u, v, _ in edges])
    theirs = np.array(h.constraint(weights=None if weight is None else [w for *_, w in edges]))
    np.testing.assert_allclose(ours, theirs, atol=1e-10)  # NaN (isolates) must match too


# --- brokerage roles ----------------------------------------------------------------------------


@pytest.mark.parametrize(("pattern", "column"), ROLE_OF_PATTERN.items())
def test_directed_triad_per_role(pattern: str, column: str) -> None:
    # a -> b -> c with groups given by the pattern: b brokers (a, c) once, in that role
    g = grouped(nx.DiGraph([("a", "b"), ("b", "c")]), dict(zip("abc", pattern, strict=True)))
    table = brokerage_roles(g, group="group")
    expected = pd.Series(0, index=BROKERAGE_COLUMNS)
    expected[[column, "broker_total"]] = 1
    assert table.loc["b"].tolist() == expected.tolist()
    assert table.drop(index="b").eq(0).all().all()
    # the arc a -> c closes the two-path: nothing is brokered
    g.add_edge("a", "c")
    assert brokerage_roles(g, group="group").eq(0).all().all()


def test_reciprocated_tie_is_not_brokered_and_reverse_arc_does_not_close() -> None:
    # a <-> b: (a, a) is excluded (a != c). With a -> b -> c and c -> a, the arc c -> a does
    # not close (a, c), so b still brokers it.
    g = grouped(nx.DiGraph([("a", "b"), ("b", "a")]), {"a": "X", "b": "X"})
    assert brokerage_roles(g, group="group")["broker_total"].sum() == 0
    h = grouped(nx.DiGraph([("a", "b"), ("b", "c"), ("c", "a")]), dict.fromkeys("abc", "X"))
    # each actor brokers one pair around the cycle
    assert brokerage_roles(h, group="group")["broker_coordinator"].tolist() == [1, 1, 1]


def mixed_network() -> nx.DiGraph:
    """Three groups and a loner; roles worked out by hand in test_mixed_example_by_hand."""
    arcs = [
        ("x1", "x2"),
        ("x2", "x1"),
        ("x2", "x3"),
        ("x2", "y1"),
        ("x1", "y1"),
        ("y1", "y2"),
        ("y2", "z1"),
        ("z1", "y1"),
        ("z1", "w1"),
    ]
    g = nx.DiGraph(arcs)
    g.add_node("q1")
    groups = {"x1": "X", "x2": "X", "x3": "X", "y1": "Y", "y2": "Y", "z1": "Z", "w1": "W"}
    groups["q1"] = "X"
    return grouped(g, groups)


def test_mixed_example_by_hand() -> None:
    # broker: (source, target) pairs with a -> b -> c, a != c, no a -> c
    # x1: pred {x2}, succ {x2, y1}: (x2, x2) excluded; (x2, y1) closed by x2 -> y1
    # x2: pred {x1}, succ {x1, x3, y1}: (x1, x3) open X-X-X coordinator; (x1, y1) closed
    # y1: pred {x1, x2, z1}, succ {y2}: (x1, y2), (x2, y2) X-Y-Y and (z1, y2) Z-Y-Y: 3 gatekeeper
    # y2: pred {y1}, succ {z1}: (y1, z1) Y-Y-Z representative
    # z1: pred {y2}, succ {y1, w1}: (y2, y1) Y-Z-Y itinerant; (y2, w1) Y-Z-W liaison
    table = brokerage_roles(mixed_network(), group="group")
    expected = pd.DataFrame(
        0,
        index=pd.Index(["q1", "w1", "x1", "x2", "x3", "y1", "y2", "z1"], name="id"),
        columns=list(BROKERAGE_COLUMNS),
    )
    expected.loc["x2", ["broker_coordinator", "broker_total"]] = 1
    expected.loc["y1", ["broker_gatekeeper", "broker_total"]] = 3
    expected.loc["y2", ["broker_representative", "broker_total"]] = 1
    expected.loc["z1", ["broker_itinerant", "broker_liaison"]] = 1
    expected.loc["z1", "broker_total"] = 2
    pd.testing.assert_frame_equal(table, expected.astype("int64"))


def test_undirected_variant_halves() -> None:
    # path x1 - x2 - y1 (X, X, Y): x2 is representative one way and gatekeeper the other way
    g = grouped(nx.Graph([("x1", "x2"), ("x2", "y1")]), {"x1": "X", "x2": "X", "y1": "Y"})
    table = brokerage_roles(g, group="group")
    assert table.dtypes.eq("float64").all()
    assert table.loc["x2"].tolist() == [0.0, 0.0, 0.5, 0.5, 0.0, 1.0]
    # star with centre in group B and leaves A, A, C: pairs (A, A) itinerant 1, two (A, C)
    # liaison 2 -> whole numbers
    star = grouped(
        nx.star_graph(["b", "a1", "a2", "c"]), {"b": "B", "a1": "A", "a2": "A", "c": "C"}
    )
    assert brokerage_roles(star, group="group").loc["b"].tolist() == [0, 1, 0, 0, 2, 3]


def test_brokerage_requires_group() -> None:
    g = nx.DiGraph([("a", "b"), ("b", "c")])
    nx.set_node_attributes(g, {"a": "X", "b": ""}, "group")
    with pytest.raises(GraphError, match="'b', 'c'"):
        brokerage_roles(g, group="group")


def test_brokerage_empty_graph() -> None:
    table = brokerage_roles(nx.DiGraph(), group="group")
    assert table.empty and tuple(table.columns) == BROKERAGE_COLUMNS


def test_brokerage_runs_on_10000_actors() -> None:
    # speed is measured in benchmarks/bench.py, not here
    rng = random.Random(0)
    raw = nx.gnm_random_graph(10_000, 40_000, seed=0)  # mean degree 8
    graph = nx.relabel_nodes(raw, {i: f"a{i}" for i in raw})
    nx.set_node_attributes(graph, {u: rng.choice("ABCDE") for u in graph}, "group")
    undirected = brokerage_roles(graph, group="group")
    directed = brokerage_roles(graph.to_directed(), group="group")
    # every undirected tie as two arcs: each open two-path counts twice, then halved
    assert directed["broker_total"].sum() == 2 * undirected["broker_total"].sum()


# --- cross-check against statnet sna 2.7.1 (R 4.2.2) ------------------------------------------
# Generated once with (x = this graph; edges 0-based):
#   library(sna); n <- 14; m <- matrix(0, n, n); m[edges + 1] <- 1
#   brokerage(m, groups)$raw.nli                      # SNA_DIRECTED
#   brokerage(pmax(m, t(m)), groups)$raw.nli          # SNA_SYMMETRIC (each path counted twice)
# sna columns: w_I, w_O, b_IO, b_OI, b_O, t. Checked on single triads: w_I = A->A->A,
# w_O = A->B->A, b_IO = A->A->B (representative), b_OI = A->B->B (gatekeeper), b_O = A->B->C,
# i.e. sna's column order is coordinator, itinerant, representative, gatekeeper, liaison, total.
SNA_GROUPS = "ACCABCBCCACABB"
SNA_EDGES = [
    (0, 6),
    (0, 7),
    (1, 3),
    (1, 9),
    (1, 13),
    (2, 12),
    (2, 13),
    (3, 0),
    (4, 3),
    (4, 10),
    (5, 0),
    (5, 3),
    (5, 7),
    (5, 11),
    (5, 13),
    (6, 8),
    (6, 10),
    (6, 11),
    (7, 0),
    (7, 1),
    (8, 10),
    (8, 13),
    (9, 2),
    (9, 10),
    (9, 11),
    (10, 12),
    (11, 5),
    (11, 8),
    (12, 1),
    (12, 7),
    (12, 9),
    (12, 13),
    (13, 5),
]
SNA_DIRECTED = [
    [0, 0, 2, 0, 2, 4],
    [0, 0, 3, 0, 1, 4],
    [0, 0, 0, 0, 2, 2],
    [0, 0, 0, 2, 0, 2],
    [0, 0, 0, 0, 0, 0],
    [0, 2, 0, 2, 4, 8],
    [0, 1, 0, 0, 2, 3],
    [1, 0, 0, 1, 1, 3],
    [0, 1, 0, 1, 1, 3],
    [0, 2, 0, 2, 2, 6],
    [0, 2, 1, 0, 1, 4],
    [0, 1, 2, 0, 1, 4],
    [0, 4, 0, 1, 2, 7],
    [0, 3, 1, 0, 0, 4],
]
SNA_SYMMETRIC = [
    [0, 0, 2, 2, 4, 8],
    [0, 2, 3, 3, 6, 14],
    [0, 0, 0, 0, 2, 2],
    [0, 2, 2, 2, 4, 10],
    [0, 0, 0, 0, 2, 2],
    [0, 4, 3, 3, 6, 16],
    [0, 2, 0, 0, 6, 8],
    [2, 0, 2, 2, 2, 8],
    [0, 2, 2, 2, 2, 8],
    [0, 6, 4, 4, 0, 14],
    [0, 6, 3, 3, 4, 16],
    [0, 2, 3, 3, 2, 10],
    [0, 10, 3, 3, 2, 18],
    [0, 12, 2, 2, 0, 16],
]


def sna_network() -> nx.DiGraph:
    graph = nx.DiGraph()
    ids = [f"v{i:02d}" for i in range(len(SNA_GROUPS))]
    for node, grp in zip(ids, SNA_GROUPS, strict=True):
        graph.add_node(node, group=grp)
    graph.add_edges_from((ids[a], ids[b]) for a, b in SNA_EDGES)
    return graph


def test_matches_sna_brokerage_directed() -> None:
    table = brokerage_roles(sna_network(), group="group")
    np.testing.assert_array_equal(table.to_numpy(), np.array(SNA_DIRECTED))


def test_matches_sna_brokerage_undirected_halved() -> None:
    table = brokerage_roles(sna_network().to_undirected(), group="group")
    np.testing.assert_array_equal(table.to_numpy(), np.array(SNA_SYMMETRIC) / 2)


def brute_force_roles(graph: nx.Graph, group: str) -> pd.DataFrame:
    """Independent O(n^3) version: classify every triple (a, b, c) directly."""
    directed = graph.is_directed()
    arcs = graph if directed else graph.to_directed()
    groups = nx.get_node_attributes(graph, group)
    nodes = sorted(graph.nodes)
    rows = {u: dict.fromkeys(BROKERAGE_COLUMNS, 0.0) for u in nodes}
    for a, b, c in itertools.permutations(nodes, 3):
        if arcs.has_edge(a, b) and arcs.has_edge(b, c) and not arcs.has_edge(a, c):
            ga, gb, gc = groups[a], groups[b], groups[c]
            if ga == gb == gc:
                role = "AAA"
            elif ga == gc:
                role = "ABA"
            elif ga == gb:
                role = "AAB"
            elif gb == gc:
                role = "ABB"
            else:
                role = "ABC"
            share = 1.0 if directed else 0.5
            rows[b][ROLE_OF_PATTERN[role]] += share
            rows[b]["broker_total"] += share
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("id")


def open_two_paths(graph: nx.Graph) -> int:
    """Ordered open two-paths (directed) or unordered open two-paths (undirected)."""
    if graph.is_directed():
        return sum(
            1
            for b in graph
            for a in graph.predecessors(b)
            for c in graph.successors(b)
            if a != c and not graph.has_edge(a, c)
        )
    return sum(
        1 for b in graph for a, c in itertools.combinations(graph[b], 2) if not graph.has_edge(a, c)
    )


@st.composite
def grouped_networks(draw: st.DrawFn) -> nx.Graph:
    """Small graphs with 1-3 groups, isolates allowed, either direction, weights 0.1-10."""
    n = draw(st.integers(min_value=0, max_value=9))
    directed = draw(st.booleans())
    nodes = [f"n{i}" for i in range(n)]
    pairs = [(u, v) for u in nodes for v in nodes if u != v]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=30)) if pairs else []
    graph: nx.Graph = nx.DiGraph() if directed else nx.Graph()
    for u in nodes:
        graph.add_node(u, group=draw(st.sampled_from(["A", "B", "C"])))
    for u, v in chosen:
        graph.add_edge(u, v, weight=draw(st.floats(min_value=0.1, max_value=10.0)))
    return graph


def relabel(graph: nx.Graph, seed: int) -> tuple[nx.Graph, dict[str, str]]:
    nodes = sorted(graph.nodes)
    new = [f"x{i}" for i in range(len(nodes))]
    random.Random(seed).shuffle(new)
    mapping = dict(zip(nodes, new, strict=True))
    return nx.relabel_nodes(graph, mapping), mapping


@settings(max_examples=80, deadline=None)
@given(graph=grouped_networks())
def test_property_roles_match_brute_force(graph: nx.Graph) -> None:
    table = brokerage_roles(graph, group="group")
    assert table["broker_total"].sum() == open_two_paths(graph)
    np.testing.assert_array_equal(
        table[list(BROKERAGE_COLUMNS[:-1])].sum(axis=1), table["broker_total"]
    )
    if graph.number_of_nodes():
        expected = brute_force_roles(graph, "group").astype(table.dtypes.iloc[0])
        pd.testing.assert_frame_equal(table, expected)


@settings(max_examples=40, deadline=None)
@given(graph=grouped_networks(), seed=st.integers(0, 10_000))
def test_property_relabelling_invariance(graph: nx.Graph, seed: int) -> None:
    renamed, mapping = relabel(graph, seed)
    order = [mapping[u] for u in sorted(graph.nodes)]
    pairs = [
        (brokerage_roles(graph, group="group"), brokerage_roles(renamed, group="group")),
        (structural_holes(graph, weight="weight"), structural_holes(renamed, weight="weight")),
        (
            partner_diversity(graph, group="group").to_frame(),
            partner_diversity(renamed, group="group").to_frame(),
        ),
    ]
    for before, after in pairs:
        assert list(after.index) == sorted(after.index)
        after = after.loc[order].set_axis(before.index)
        pd.testing.assert_frame_equal(before, after, check_exact=False, atol=1e-12, rtol=0)


@settings(max_examples=60, deadline=None)
@given(graph=grouped_networks(), weighted=st.booleans())
def test_property_ranges(graph: nx.Graph, weighted: bool) -> None:
    weight = "weight" if weighted else None
    holes = structural_holes(graph, weight=weight)
    sym = symmetrise(graph)
    degree = pd.Series(dict(sym.degree()), dtype="float64").reindex(holes.index)
    has_partners = degree > 0
    assert holes["constraint"][has_partners].gt(0).all()
    assert holes["constraint"][~has_partners].isna().all()
    assert (holes["effective_size"] <= degree + 1e-9).all()
    assert holes["effective_size"][~has_partners].eq(0).all()
    diversity = partner_diversity(graph, group="group", weight=weight)
    assert diversity[has_partners].between(0, 1, inclusive="left").all()
    assert diversity[~has_partners].isna().all()
    # at most 1 - 1/G with G = number of groups among an actor's partners
    for actor in diversity[has_partners].index:
        n_groups = len({graph.nodes[v]["group"] for v in sym[actor]})
        assert diversity[actor] <= 1 - 1 / n_groups + 1e-12


# --- partner diversity --------------------------------------------------------------------------


def test_partner_diversity_by_hand() -> None:
    # a's partners: b (X, weight 3) and c (Y, weight 1); z is an isolate.
    # unweighted: 1 - (1/2)^2 - (1/2)^2 = 0.5; weighted: 1 - (3/4)^2 - (1/4)^2 = 0.375
    g = nx.DiGraph()
    g.add_edge("a", "b", weight=3.0)
    g.add_edge("c", "a", weight=1.0)  # incoming arcs count: partners on the symmetrised graph
    g.add_node("z")
    grouped(g, {"a": "X", "b": "X", "c": "Y", "z": "Y"})
    unweighted = partner_diversity(g, group="group")
    assert unweighted.name == "partner_diversity"
    assert unweighted.index.name == "id"
    assert unweighted.iloc[:3].tolist() == [0.5, 0.0, 0.0]
    assert math.isnan(unweighted["z"])
    assert partner_diversity(g, group="group", weight="weight")["a"] == pytest.approx(0.375)


def test_partner_diversity_requires_group() -> None:
    g = nx.Graph([("a", "b")])
    with pytest.raises(GraphError, match="group attribute 'sector'"):
        partner_diversity(g, group="sector")


def test_weighted_effective_size_public_function_by_hand() -> None:
    # Worked in tests/metrics/test_fast.py::test_weighted_effective_size_by_hand: Burt's effective
    # size of b is 13/12 (networkx 3.6's nx.effective_size without nodes= gives 1.25).
    g = nx.Graph()
    g.add_weighted_edges_from([("a", "b", 1.0), ("a", "c", 2.0), ("b", "c", 3.0), ("c", "d", 1.0)])
    table = structural_holes(g, weight="weight")
    assert table.loc["b", "effective_size"] == pytest.approx(13 / 12, abs=1e-12)
