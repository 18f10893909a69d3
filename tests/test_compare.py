"""Tests of coopnet.compare: tie churn, QAP correlation, measure deltas and persistence.

Expected values are worked out by hand in the comments next to each small graph.
"""

from __future__ import annotations

import itertools
import json
import math

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coopnet.compare import (
    actor_deltas,
    group_pair_changes,
    matrix_delta,
    period_sequence_churn,
    persistence,
    qap_correlation,
    tie_churn,
    top_changes,
)
from coopnet.compare import qap as qap_module
from coopnet.errors import GraphError

# --------------------------------------------------------------------------------------------
# helpers and strategies


def make_graph(
    edges: list[tuple[str, str]] | list[tuple[str, str, float]],
    *,
    nodes: list[str] = (),  # type: ignore[assignment]
    directed: bool = False,
    groups: dict[str, str] | None = None,
) -> nx.Graph:
    """Build a contract graph: str ids, every actor a node, optional weights and groups."""
    graph: nx.Graph = nx.DiGraph() if directed else nx.Graph()
    graph.add_nodes_from(nodes)
    for edge in edges:
        if len(edge) == 3:
            graph.add_edge(edge[0], edge[1], weight=float(edge[2]))  # type: ignore[misc]
        else:
            graph.add_edge(edge[0], edge[1])
    for node in graph:
        graph.nodes[node]["label"] = node
        if groups is not None:
            graph.nodes[node]["group"] = groups[node]
    return graph


def relabel(graph: nx.Graph, mapping: dict[str, str]) -> nx.Graph:
    return nx.relabel_nodes(graph, mapping, copy=True)


@st.composite
def graph_pairs(draw: st.DrawFn, *, max_nodes: int = 8) -> tuple[nx.Graph, nx.Graph]:
    """Two period graphs over overlapping actor sets (same directedness)."""
    directed = draw(st.booleans())
    universe = [f"v{i}" for i in range(max_nodes)]
    pairs = [
        (u, v) for u, v in itertools.product(universe, universe) if u != v and (directed or u < v)
    ]
    graphs = []
    for _ in range(2):
        nodes = draw(st.sets(st.sampled_from(universe), max_size=max_nodes))
        possible = [(u, v) for u, v in pairs if u in nodes and v in nodes]
        edges = draw(st.sets(st.sampled_from(possible), max_size=20)) if possible else set()
        graphs.append(make_graph(sorted(edges), nodes=sorted(nodes), directed=directed))
    return graphs[0], graphs[1]


# --------------------------------------------------------------------------------------------
# tie_churn

# Undirected, 2014 -> 2016:
#   before: a-b, b-c, c-d, isolate e            actors a b c d e
#   after:  a-b, c-b (stored as b-c), b-f,      actors a b c   e f g (g isolate, d left)
#           e-a (stored as a-e)
#   kept = {a-b, b-c} = 2; removed = {c-d} = 1; added = {a-e, b-f} = 2
#   jaccard = 2 / (2 + 2 + 1) = 0.4; entered = f, g; left = d
UNDIRECTED_BEFORE = make_graph([("a", "b", 1.0), ("b", "c", 2.0), ("c", "d", 1.0)], nodes=["e"])
UNDIRECTED_AFTER = make_graph(
    [("a", "b", 3.0), ("c", "b", 2.0), ("b", "f", 1.0), ("e", "a", 1.0)], nodes=["g"]
)


def test_tie_churn_undirected_by_hand() -> None:
    churn = tie_churn(UNDIRECTED_BEFORE, UNDIRECTED_AFTER)
    assert (churn.kept, churn.added, churn.removed) == (2, 2, 1)
    assert churn.jaccard == pytest.approx(0.4)
    assert churn.actors_entered == ("f", "g")
    assert churn.actors_left == ("d",)
    assert (churn.ties_before, churn.ties_after) == (3, 4)
    assert churn.cross_kept is None
    ties = churn.ties
    assert list(ties.columns) == [
        "source",
        "target",
        "status",
        "weight_before",
        "weight_after",
        "types_before",
        "types_after",
    ]
    # sorted by status (kept, added, removed), then ids; undirected pairs with source < target
    assert list(zip(ties.source, ties.target, ties.status, strict=True)) == [
        ("a", "b", "kept"),
        ("b", "c", "kept"),
        ("a", "e", "added"),
        ("b", "f", "added"),
        ("c", "d", "removed"),
    ]
    assert ties.weight_before.tolist()[:2] == [1.0, 2.0]
    assert ties.weight_after.tolist()[:4] == [3.0, 2.0, 1.0, 1.0]
    assert math.isnan(ties.weight_after.iloc[4])
    assert math.isnan(ties.weight_before.iloc[2])


def test_tie_churn_directed_by_hand() -> None:
    # before: a->b, b->c, c->a;  after: a->b, c->b, c->a, d->a (d entered)
    #   kept {a->b, c->a} = 2; added {c->b, d->a} = 2 (c->b is the reversed b->c);
    #   removed {b->c} = 1; jaccard = 2/5
    before = make_graph([("a", "b"), ("b", "c"), ("c", "a")], directed=True)
    after = make_graph([("a", "b"), ("c", "b"), ("c", "a"), ("d", "a")], directed=True)
    churn = tie_churn(before, after)
    assert churn.directed
    assert (churn.kept, churn.added, churn.removed) == (2, 2, 1)
    assert churn.jaccard == pytest.approx(0.4)
    assert churn.actors_entered == ("d",)
    assert churn.actors_left == ()
    assert list(zip(churn.ties.source, churn.ties.target, strict=True)) == [
        ("a", "b"),
        ("c", "a"),
        ("c", "b"),
        ("d", "a"),
        ("b", "c"),
    ]


def test_tie_churn_groups_and_types() -> None:
    # Groups: a, b in "soc" before; b moves to "edu" in the after period.
    #   kept a-b: groups from after -> soc/edu -> cross
    #   removed b-c: groups from before -> soc/edu -> cross
    #   added a-c: soc/edu -> cross;  added c-d: edu/edu -> within
    before = make_graph([("a", "b"), ("b", "c")], groups={"a": "soc", "b": "soc", "c": "edu"})
    after = make_graph(
        [("a", "b"), ("a", "c"), ("c", "d")],
        groups={"a": "soc", "b": "edu", "c": "edu", "d": "edu"},
    )
    before.edges["a", "b"]["types"] = ("advice", "projects")
    after.edges["a", "b"]["types"] = ("projects",)
    churn = tie_churn(before, after, group="group")
    assert (churn.cross_kept, churn.cross_added, churn.cross_removed) == (1, 1, 1)
    ties = churn.ties.set_index(["source", "target"])
    assert ties.loc[("a", "b"), "cross_group"]
    assert ties.loc[("a", "b"), "group_target"] == "edu"
    assert ties.loc[("b", "c"), "group_source"] == "soc"
    assert not ties.loc[("c", "d"), "cross_group"]
    assert ties.loc[("a", "b"), "types_before"] == "advice;projects"
    assert ties.loc[("a", "b"), "types_after"] == "projects"
    assert ties.loc[("c", "d"), "types_before"] == ""
    assert churn.ties["cross_group"].dtype == bool


def test_tie_churn_with_itself_has_no_change() -> None:
    churn = tie_churn(UNDIRECTED_BEFORE, UNDIRECTED_BEFORE)
    assert (churn.added, churn.removed, churn.kept) == (0, 0, 3)
    assert churn.jaccard == 1.0
    assert churn.actors_entered == churn.actors_left == ()


def test_tie_churn_empty_periods() -> None:
    empty = make_graph([], nodes=["a", "b"])
    both_empty = tie_churn(empty, nx.Graph())
    assert (both_empty.kept, both_empty.added, both_empty.removed) == (0, 0, 0)
    assert math.isnan(both_empty.jaccard)
    assert both_empty.actors_left == ("a", "b")
    assert both_empty.ties.empty and "status" in both_empty.ties.columns
    one_empty = tie_churn(empty, make_graph([("a", "b")]), group=None)
    assert (one_empty.added, one_empty.jaccard) == (1, 0.0)
    json.dumps(both_empty.to_dict(include_ties=True), allow_nan=False)


def test_tie_churn_to_dict_is_json_ready() -> None:
    churn = tie_churn(UNDIRECTED_BEFORE, UNDIRECTED_AFTER)
    data = json.loads(json.dumps(churn.to_dict(include_ties=True), allow_nan=False))
    assert data["kept"] == 2 and data["actors_entered"] == ["f", "g"]
    assert data["ties"][2]["weight_before"] is None
    assert "ties" not in churn.to_dict()


def test_tie_churn_does_not_mutate_inputs() -> None:
    before = UNDIRECTED_BEFORE.copy()
    tie_churn(before, UNDIRECTED_AFTER, group=None)
    assert nx.utils.graphs_equal(before, UNDIRECTED_BEFORE)


@pytest.mark.parametrize(
    ("before", "after", "message"),
    [
        (nx.Graph(), nx.DiGraph(), "same directedness"),
        (nx.MultiGraph(), nx.MultiGraph(), "multigraph"),
        (make_graph([("a", "a")]), nx.Graph(), "self-ties"),
        ("not a graph", nx.Graph(), "expected a networkx"),
    ],
)
def test_tie_churn_rejects_bad_graphs(before: object, after: object, message: str) -> None:
    with pytest.raises(GraphError, match=message):
        tie_churn(before, after)  # type: ignore[arg-type]


def test_tie_churn_missing_group_is_an_error() -> None:
    before = make_graph([("a", "b")], groups={"a": "x", "b": "y"})
    after = make_graph([("a", "b")], groups={"a": "x", "b": ""})
    with pytest.raises(GraphError, match=r"'b'.*group attribute 'group'"):
        tie_churn(before, after, group="group")


@settings(max_examples=60, deadline=None)
@given(pair=graph_pairs(), data=st.data())
def test_tie_churn_invariant_under_relabelling(
    pair: tuple[nx.Graph, nx.Graph], data: st.DataObject
) -> None:
    before, after = pair
    universe = sorted(set(before) | set(after))
    shuffled = data.draw(st.permutations(universe))
    # new ids in a different order, so undirected (source, target) orientations change too
    mapping = {old: f"x{new}" for old, new in zip(universe, reversed(shuffled), strict=True)}
    original = tie_churn(before, after)
    renamed = tie_churn(relabel(before, mapping), relabel(after, mapping))
    assert (renamed.kept, renamed.added, renamed.removed) == (
        original.kept,
        original.added,
        original.removed,
    )
    assert renamed.jaccard == pytest.approx(original.jaccard, nan_ok=True)
    assert set(renamed.actors_entered) == {mapping[a] for a in original.actors_entered}
    # counts add up, the table has one row per tie, jaccard in [0, 1]
    assert original.kept + original.removed == before.number_of_edges()
    assert original.kept + original.added == after.number_of_edges()
    assert len(original.ties) == original.kept + original.added + original.removed
    assert math.isnan(original.jaccard) or 0.0 <= original.jaccard <= 1.0
    itself = tie_churn(before, before)
    assert itself.added == itself.removed == 0


def test_period_sequence_churn() -> None:
    groups = {"a": "x", "b": "x", "c": "y"}
    graphs = {
        "2014": make_graph([("a", "b")], groups=groups),  # c missing in 2014
        "2016": make_graph([("a", "b"), ("b", "c")], groups=groups),
        "2022": make_graph([("b", "c")], nodes=["a"], groups=groups),
    }
    table = period_sequence_churn(graphs, group="group")
    # 2014->2016: kept a-b, added b-c (cross) -> jaccard 1/2, entered c
    # 2016->2022: kept b-c (cross), removed a-b -> jaccard 1/2
    assert table.to_dict(orient="list") == {
        "period_before": ["2014", "2016"],
        "period_after": ["2016", "2022"],
        "kept": [1, 1],
        "added": [1, 0],
        "removed": [0, 1],
        "jaccard": [0.5, 0.5],
        "actors_entered": [1, 0],
        "actors_left": [0, 0],
        "cross_kept": [0, 1],
        "cross_added": [1, 0],
        "cross_removed": [0, 0],
    }
    single = period_sequence_churn({"2014": graphs["2014"]})
    assert single.empty and "jaccard" in single.columns
    with pytest.raises(GraphError, match="same directedness"):
        period_sequence_churn({"1": nx.Graph(), "2": nx.Graph(), "3": nx.DiGraph()})


# --------------------------------------------------------------------------------------------
# qap_correlation


def random_graph(n: int, m: int, *, seed: int, directed: bool = False) -> nx.Graph:
    graph = nx.gnm_random_graph(n, m, seed=seed, directed=directed)
    return nx.relabel_nodes(graph, {i: f"a{i:03d}" for i in graph})


def cell_vector(matrix: np.ndarray, *, directed: bool) -> np.ndarray:
    """Off-diagonal cells (directed) or upper triangle (undirected), as sna::gcor uses."""
    n = matrix.shape[0]
    mask = ~np.eye(n, dtype=bool) if directed else np.triu(np.ones((n, n), dtype=bool), k=1)
    return matrix[mask]


def dense_qap(
    before: nx.Graph, after: nx.Graph, perms: np.ndarray, *, weight: str | None
) -> tuple[float, np.ndarray]:
    """Textbook QAP: dense matrices, permute rows and columns of the second, np.corrcoef."""
    common = sorted(set(before) & set(after))
    x = nx.to_numpy_array(before, nodelist=common, weight=weight)
    y = nx.to_numpy_array(after, nodelist=common, weight=weight)
    directed = before.is_directed()
    xv = cell_vector(x, directed=directed)
    observed = float(np.corrcoef(xv, cell_vector(y, directed=directed))[0, 1])
    null = np.array(
        [np.corrcoef(xv, cell_vector(y[np.ix_(p, p)], directed=directed))[0, 1] for p in perms]
    )
    return observed, null


def test_qap_hand_computed_value() -> None:
    # Undirected on a, b, c, d; cells (ab, ac, ad, bc, bd, cd)
    #   x (path a-b-c-d)     = 1 0 0 1 0 1
    #   y (triangle a-b-c)   = 1 1 0 1 0 0
    #   N = 6, Sx = Sy = 3, Sxy = 2: r = (6*2 - 3*3) / sqrt((18 - 9) * (18 - 9)) = 3/9
    before = make_graph([("a", "b"), ("b", "c"), ("c", "d")])
    after = make_graph([("a", "b"), ("b", "c"), ("a", "c")], nodes=["d"])
    result = qap_correlation(before, after, n_permutations=50, seed=1)
    assert result.correlation == pytest.approx(1 / 3)
    assert (result.n_actors, result.n_cells) == (4, 6)


def test_qap_exact_p_value_by_enumeration() -> None:
    # With 5 actors there are only 120 permutations: the exact upper p-value is the share of
    # all permutations with r_perm >= r. 20,000 random permutations estimate it within ~0.01.
    before = make_graph([("a", "b"), ("b", "c"), ("c", "d"), ("d", "e"), ("a", "c")])
    after = make_graph([("a", "b"), ("b", "c"), ("c", "e"), ("b", "d")])
    observed, null = dense_qap(
        before, after, np.array(list(itertools.permutations(range(5)))), weight=None
    )
    exact_upper = float(np.mean(null >= observed - 1e-12))
    exact_mean = float(null.mean())
    result = qap_correlation(before, after, n_permutations=20_000, seed=3)
    assert result.correlation == pytest.approx(observed)
    assert result.p_value == pytest.approx(exact_upper, abs=0.015)
    assert result.expected == pytest.approx(exact_mean, abs=0.01)
    assert exact_mean == pytest.approx(0.0, abs=1e-12)  # E[S_xy] = Sx Sy / N under permutation


@pytest.mark.parametrize("directed", [False, True])
def test_qap_identical_and_complement(directed: bool) -> None:
    graph = random_graph(25, 60, seed=4, directed=directed)
    same = qap_correlation(graph, graph, n_permutations=500, seed=0)
    assert same.correlation == pytest.approx(1.0)
    assert same.p_value == pytest.approx(1 / 501)  # no random relabelling reproduces it
    assert same.p_two_sided == pytest.approx(1 / 501)
    assert same.p_lower == 1.0
    assert abs(same.expected) < 0.05
    complement = nx.complement(graph)
    opposite = qap_correlation(graph, complement, n_permutations=500, seed=0)
    assert opposite.correlation == pytest.approx(-1.0)
    assert opposite.p_value == 1.0
    assert opposite.p_lower == pytest.approx(1 / 501)
    assert opposite.p_two_sided == pytest.approx(1 / 501)


def test_qap_under_random_relabelling_is_not_significant() -> None:
    # The same structure with the actor ids shuffled: the alignment is random, so the
    # p-value is (close to) uniform; its mean over 10 relabellings is near 0.5, not near 0.
    graph = random_graph(40, 100, seed=5)
    rng = np.random.default_rng(11)
    ids = sorted(graph)
    p_values = []
    for _ in range(10):
        shuffled = relabel(graph, dict(zip(ids, rng.permutation(ids), strict=True)))
        p_values.append(qap_correlation(graph, shuffled, n_permutations=300, seed=2).p_value)
    assert np.mean(p_values) > 0.25
    assert min(p_values) > 0.01


def test_qap_is_reproducible_with_a_seed() -> None:
    before = random_graph(30, 70, seed=6)
    after = random_graph(30, 70, seed=7)
    first = qap_correlation(before, after, n_permutations=200, seed=42)
    again = qap_correlation(before, after, n_permutations=200, seed=42)
    other = qap_correlation(before, after, n_permutations=200, seed=43)
    assert first == again
    np.testing.assert_array_equal(first.null, again.null)
    assert not np.array_equal(first.null, other.null)
    assert first.correlation == other.correlation


def test_qap_weighted_matches_corrcoef() -> None:
    before = make_graph([("a", "b", 2.0), ("b", "c", 1.0), ("c", "d", 5.0), ("a", "d", 1.5)])
    after = make_graph([("a", "b", 3.0), ("b", "c", 0.5), ("b", "d", 1.0)])
    result = qap_correlation(before, after, n_permutations=100, seed=0, weight="weight")
    binary = qap_correlation(before, after, n_permutations=100, seed=0)
    observed, _ = dense_qap(before, after, np.empty((0, 4), dtype=int), weight="weight")
    assert result.correlation == pytest.approx(observed)
    assert result.correlation != pytest.approx(binary.correlation)
    assert result.weight == "weight" and binary.weight is None


def test_qap_uses_only_actors_in_both_periods() -> None:
    before = random_graph(20, 40, seed=8)
    after = random_graph(20, 40, seed=9)
    base = qap_correlation(before, after, n_permutations=100, seed=1)
    extended = after.copy()
    extended.add_edges_from([("new1", "a000"), ("new1", "a001"), ("new2", "a002")])
    grown = qap_correlation(before, extended, n_permutations=100, seed=1)
    assert grown.n_actors == 20
    assert grown.correlation == base.correlation
    np.testing.assert_array_equal(grown.null, base.null)


@pytest.mark.parametrize(
    ("before", "after", "note"),
    [
        (make_graph([], nodes=["a", "b", "c"]), make_graph([("a", "b")]), "before"),
        (make_graph([("a", "b")], nodes=["c"]), nx.complete_graph(["a", "b", "c"]), "after"),
        (make_graph([("a", "b")]), make_graph([("a", "c")]), "fewer than two"),
        (nx.Graph(), nx.Graph(), "fewer than two"),
    ],
)
def test_qap_undefined_cases(before: nx.Graph, after: nx.Graph, note: str) -> None:
    result = qap_correlation(before, after, n_permutations=10)
    assert math.isnan(result.correlation)
    assert math.isnan(result.p_value) and math.isnan(result.expected)
    assert note in result.note
    assert result.null.size == 0
    json.dumps(result.to_dict(), allow_nan=False)


def test_qap_rejects_bad_arguments() -> None:
    with pytest.raises(ValueError, match="n_permutations"):
        qap_correlation(nx.Graph(), nx.Graph(), n_permutations=0)
    with pytest.raises(GraphError, match="same directedness"):
        qap_correlation(nx.Graph([("a", "b")]), nx.DiGraph([("a", "b")]))


def test_qap_to_dict() -> None:
    graph = random_graph(10, 15, seed=1)
    data = json.loads(json.dumps(qap_correlation(graph, graph, n_permutations=20).to_dict()))
    assert data["correlation"] == pytest.approx(1.0)
    assert data["n_permutations"] == 20 and "null" not in data


@st.composite
def qap_cases(draw: st.DrawFn) -> tuple[nx.Graph, nx.Graph, str | None]:
    before, after = draw(graph_pairs(max_nodes=7))
    weight = draw(st.sampled_from([None, "weight"]))
    if weight is not None:
        for graph in (before, after):
            for u, v in graph.edges:
                graph.edges[u, v]["weight"] = draw(st.sampled_from([0.5, 1.0, 2.0, 3.5]))
    return before, after, weight


@settings(max_examples=80, deadline=None)
@given(case=qap_cases(), method=st.sampled_from(["auto", "search"]), seed=st.integers(0, 99))
def test_qap_sparse_formula_matches_dense_permutations(
    case: tuple[nx.Graph, nx.Graph, str | None], method: str, seed: int
) -> None:
    before, after, weight = case
    with pytest.MonkeyPatch.context() as patch:
        if method == "search":  # force the binary-search lookup instead of the dense table
            patch.setattr(qap_module, "_DENSE_LOOKUP_MAX_CELLS", 0)
            patch.setattr(qap_module, "_BINARY_LOOKUP_MAX_CELLS", 0)
            patch.setattr(qap_module, "_BATCH_ELEMENTS", 7)  # many small batches
        result = qap_correlation(before, after, n_permutations=30, seed=seed, weight=weight)
    if result.note:
        assert math.isnan(result.correlation)
        return
    perms = np.vstack(list(qap_module._permutation_batches(result.n_actors, 30, seed, 30)))
    observed, null = dense_qap(before, after, perms, weight=weight)
    assert result.correlation == pytest.approx(observed, abs=1e-9)
    np.testing.assert_allclose(result.null, null, atol=1e-9)
    assert -1.0 <= result.correlation <= 1.0
    assert 1 / 31 <= result.p_value <= 1.0
    assert result.p_two_sided >= min(result.p_value, result.p_lower) - 1e-12


def test_qap_permutations_do_not_depend_on_batch_size() -> None:
    batches = [
        np.vstack(list(qap_module._permutation_batches(12, 50, 5, size))) for size in (1, 7, 50)
    ]
    np.testing.assert_array_equal(batches[0], batches[1])
    np.testing.assert_array_equal(batches[0], batches[2])


def test_qap_runs_at_500_actors() -> None:
    # speed is measured in benchmarks/bench.py; here the sparse path at a realistic size
    before = random_graph(500, 2500, seed=1, directed=True)
    after = random_graph(500, 2500, seed=2, directed=True)
    result = qap_correlation(before, after, n_permutations=1000, seed=0)
    assert result.null.size == 1000


# --------------------------------------------------------------------------------------------
# actor_deltas, top_changes


def actor_table(values: dict[str, dict[str, float]]) -> pd.DataFrame:
    frame = pd.DataFrame.from_dict(values, orient="index")
    frame.index.name = "id"
    return frame.sort_index()


BEFORE_ACTORS = actor_table(
    {
        "a": {"degree": 2, "betweenness": 0.5},
        "b": {"degree": 3, "betweenness": 0.1},
        "c": {"degree": 1, "betweenness": 0.0},
        "d": {"degree": 4, "betweenness": 0.2},
    }
)
AFTER_ACTORS = actor_table(
    {
        "a": {"degree": 5, "betweenness": 0.2},  # degree +3, betweenness -0.3
        "b": {"degree": 6, "betweenness": 0.1},  # degree +3 (tie with a), betweenness 0
        "c": {"degree": 0, "betweenness": 0.0},  # degree -1
        "e": {"degree": 2, "betweenness": 0.4},  # entered
    }
)


def test_actor_deltas_by_hand() -> None:
    deltas = actor_deltas(BEFORE_ACTORS, AFTER_ACTORS, columns=["degree", "betweenness"])
    assert list(deltas.index) == ["a", "b", "c", "d", "e"]
    assert deltas.index.name == "id"
    assert list(deltas.columns) == [
        "degree_before",
        "degree_after",
        "degree_delta",
        "betweenness_before",
        "betweenness_after",
        "betweenness_delta",
        "status",
    ]
    assert deltas.status.tolist() == ["both", "both", "both", "left", "entered"]
    assert deltas.degree_delta.tolist()[:3] == [3.0, 3.0, -1.0]
    assert deltas.loc["a", "betweenness_delta"] == pytest.approx(-0.3)
    assert math.isnan(deltas.loc["d", "degree_after"])
    assert math.isnan(deltas.loc["d", "degree_delta"])
    assert math.isnan(deltas.loc["e", "degree_before"])
    assert deltas.loc["e", "degree_after"] == 2.0


def test_actor_deltas_with_itself_is_zero() -> None:
    deltas = actor_deltas(BEFORE_ACTORS, BEFORE_ACTORS, columns=["degree"])
    assert (deltas.degree_delta == 0).all()
    assert (deltas.status == "both").all()


def test_actor_deltas_errors() -> None:
    with pytest.raises(GraphError, match=r"no column.*'closeness'"):
        actor_deltas(BEFORE_ACTORS, AFTER_ACTORS, columns=["closeness"])
    duplicated = pd.concat([BEFORE_ACTORS, BEFORE_ACTORS.iloc[:1]])
    with pytest.raises(GraphError, match="duplicate"):
        actor_deltas(duplicated, AFTER_ACTORS, columns=["degree"])
    text = BEFORE_ACTORS.assign(degree=["x", "y", "z", "w"])
    with pytest.raises(GraphError, match="numeric"):
        actor_deltas(text, AFTER_ACTORS, columns=["degree"])


def test_top_changes() -> None:
    deltas = actor_deltas(BEFORE_ACTORS, AFTER_ACTORS, columns=["degree", "betweenness"])
    risers, fallers = top_changes(deltas, column="degree", n=5)
    # a and b both +3: tie broken by id; d (left) and e (entered) are not ranked
    assert list(risers.index) == ["a", "b"]
    assert list(fallers.index) == ["c"]
    assert list(risers.columns) == list(deltas.columns)
    one, _ = top_changes(deltas, column="degree_delta", n=1)
    assert list(one.index) == ["a"]
    up, down = top_changes(deltas, column="betweenness")
    assert up.empty  # nobody rose; b and c did not change
    assert list(down.index) == ["a"]
    none, _ = top_changes(deltas, column="degree", n=0)
    assert none.empty
    with pytest.raises(GraphError, match="closeness_delta"):
        top_changes(deltas, column="closeness")
    with pytest.raises(ValueError, match="n must"):
        top_changes(deltas, column="degree", n=-1)


# --------------------------------------------------------------------------------------------
# matrix_delta, group_pair_changes


def square(values: list[list[float]], labels: list[str]) -> pd.DataFrame:
    return pd.DataFrame(values, index=labels, columns=labels, dtype=float)


def test_matrix_delta_union_of_groups() -> None:
    before = square([[1.0, 0.2], [0.2, 0.5]], ["soc", "edu"])
    after = square([[0.6, 0.3], [0.3, 1.0]], ["edu", "new"])
    delta = matrix_delta(before, after)
    assert list(delta.index) == ["edu", "new", "soc"]
    assert list(delta.columns) == ["edu", "new", "soc"]
    assert delta.loc["edu", "edu"] == pytest.approx(0.6 - 0.5)
    assert math.isnan(delta.loc["soc", "soc"])  # soc dissolved
    assert math.isnan(delta.loc["new", "edu"])  # new group
    assert (matrix_delta(before, before).to_numpy() == 0).all()


def test_group_pair_changes_undirected() -> None:
    # before: soc-edu 2 ties, soc-soc 1, edu-edu 0, soc-police 1
    # after:  soc-edu 0 (lost), edu-edu 2 (gained), soc-soc 1, police dissolved (soc-police lost)
    labels = ["edu", "police", "soc"]
    before = square([[0, 0, 2], [0, 0, 1], [2, 1, 1]], labels)
    after = square([[2, 0], [0, 1]], ["edu", "soc"])
    changes = group_pair_changes(before, after)
    assert changes[["group_a", "group_b", "status"]].to_records(index=False).tolist() == [
        ("edu", "soc", "lost"),
        ("police", "soc", "lost"),
        ("edu", "edu", "gained"),
    ]
    assert changes.ties_before.tolist() == [2.0, 1.0, 0.0]
    # an upper-triangular mixing matrix gives the same answer
    triangular = pd.DataFrame(np.triu(before.to_numpy()), index=labels, columns=labels)
    pd.testing.assert_frame_equal(group_pair_changes(triangular, after), changes)
    assert group_pair_changes(before, before).empty


def test_group_pair_changes_directed() -> None:
    # soc -> edu 1 tie before, 0 after; edu -> soc 0 before, 1 after: reversal
    before = square([[0, 0], [1, 0]], ["edu", "soc"])
    after = square([[0, 1], [0, 0]], ["edu", "soc"])
    directed = group_pair_changes(before, after, directed=True)
    assert directed[["group_a", "group_b", "status"]].to_records(index=False).tolist() == [
        ("soc", "edu", "lost"),
        ("edu", "soc", "gained"),
    ]
    assert group_pair_changes(before, after).empty  # undirected: the pair kept its ties


# --------------------------------------------------------------------------------------------
# persistence

# Three periods (undirected), groups: a, b soc; c, d edu; e police; f edu (only 2022)
#   2014: a-b, c-d
#   2016: a-b, c-d, a-c, b-d, a-e, b-c, d-e      (the crisis: 5 new ties)
#   2022: a-b, a-c, b-d, c-f                    actors a b c d f (e dissolved)
#   new in 2016 = {a-c, b-d, a-e, b-c, d-e} = 5
#     sustained (in 2022): a-c, b-d -> 2
#     lost with actor (e gone): a-e, d-e -> 2
#     temporary: b-c -> 1
#   shares 2/5, 1/5, 2/5; retention = 2 / (2 + 1)
#   stable (all three) = a-b -> 1  (c-d was dropped in 2022)
#   cross-group new ties: a-c soc/edu, b-d soc/edu, a-e soc/police, b-c soc/edu,
#     d-e edu/police -> all 5 cross; same counts as overall
GROUPS = {"a": "soc", "b": "soc", "c": "edu", "d": "edu", "e": "police", "f": "edu"}
P2014 = make_graph([("a", "b"), ("c", "d")], nodes=["e"], groups=GROUPS)
P2016 = make_graph(
    [("a", "b"), ("c", "d"), ("a", "c"), ("b", "d"), ("e", "a"), ("b", "c"), ("d", "e")],
    groups=GROUPS,
)
P2022 = make_graph([("a", "b"), ("c", "a"), ("b", "d"), ("c", "f")], groups=GROUPS)


def test_persistence_by_hand() -> None:
    result = persistence(
        P2014,
        P2016,
        P2022,
        group="group",
        brokers_middle=["a", "e", "c"],
        brokers_last=["a", "f"],
    )
    assert (result.ties_first, result.ties_middle, result.ties_last) == (2, 7, 4)
    assert (result.new, result.sustained, result.temporary, result.lost_with_actor) == (
        5,
        2,
        1,
        2,
    )
    assert result.share_sustained == pytest.approx(0.4)
    assert result.share_temporary == pytest.approx(0.2)
    assert result.share_lost_with_actor == pytest.approx(0.4)
    assert result.retention == pytest.approx(2 / 3)
    assert result.stable == 1
    assert (result.cross_new, result.cross_sustained, result.cross_temporary) == (5, 2, 1)
    assert result.cross_retention == pytest.approx(2 / 3)
    assert result.brokers_kept == ("a",)
    assert result.brokers_lost == ("c",)
    assert result.brokers_disappeared == ("e",)
    assert result.brokers_new == ("f",)
    ties = result.ties
    assert list(zip(ties.source, ties.target, ties.status, strict=True)) == [
        ("a", "c", "sustained"),
        ("b", "d", "sustained"),
        ("b", "c", "temporary"),
        ("a", "e", "lost_with_actor"),
        ("d", "e", "lost_with_actor"),
    ]
    assert ties.cross_group.all()
    assert ties.weight_last.isna().tolist() == [False, False, True, True, True]
    data = json.loads(json.dumps(result.to_dict(include_ties=True), allow_nan=False))
    assert data["brokers_kept"] == ["a"] and len(data["ties"]) == 5


def test_persistence_within_group_ties_and_no_group() -> None:
    # first: no ties; middle: x-y (soc/soc, within), x-z (soc/edu, cross); last: x-y
    #   new = 2: x-y sustained, x-z temporary; cross: 1 new, 0 sustained, 1 temporary
    groups = {"x": "soc", "y": "soc", "z": "edu"}
    first = make_graph([], nodes=["x", "y", "z"], groups=groups)
    middle = make_graph([("x", "y"), ("x", "z")], groups=groups)
    last = make_graph([("x", "y")], nodes=["z"], groups=groups)
    result = persistence(first, middle, last, group="group")
    assert (result.new, result.sustained, result.temporary) == (2, 1, 1)
    assert (result.cross_new, result.cross_sustained, result.cross_temporary) == (1, 0, 1)
    assert result.cross_share_sustained == 0.0
    plain = persistence(first, middle, last)
    assert plain.cross_new is None and plain.cross_retention is None
    assert "group_source" not in plain.ties.columns


def test_persistence_directed_reversal_is_new() -> None:
    # first a->b; middle a->b, b->a (new), last b->a: the new reversed tie is sustained
    first = make_graph([("a", "b")], directed=True)
    middle = make_graph([("a", "b"), ("b", "a")], directed=True)
    last = make_graph([("b", "a")], directed=True)
    result = persistence(first, middle, last)
    assert (result.new, result.sustained, result.stable) == (1, 1, 0)


def test_persistence_empty_periods() -> None:
    empty = make_graph([], nodes=["a"])
    result = persistence(empty, empty, nx.Graph(), brokers_middle=["a"])
    assert (result.new, result.sustained, result.temporary, result.stable) == (0, 0, 0, 0)
    assert math.isnan(result.share_sustained) and math.isnan(result.retention)
    assert result.brokers_disappeared == ("a",)
    assert result.ties.empty and "status" in result.ties.columns
    json.dumps(result.to_dict(include_ties=True), allow_nan=False)


def test_persistence_errors() -> None:
    with pytest.raises(GraphError, match=r"brokers_middle.*'zz'"):
        persistence(P2014, P2016, P2022, brokers_middle=["zz"])
    with pytest.raises(GraphError, match=r"brokers_last.*'e'"):
        persistence(P2014, P2016, P2022, brokers_last=["e"])
    with pytest.raises(GraphError, match="one string"):
        persistence(P2014, P2016, P2022, brokers_middle="a")
    with pytest.raises(GraphError, match="same directedness"):
        persistence(P2014, P2016, P2022.to_directed())


@settings(max_examples=40, deadline=None)
@given(first_pair=graph_pairs(), last_pair=graph_pairs())
def test_persistence_counts_add_up(
    first_pair: tuple[nx.Graph, nx.Graph], last_pair: tuple[nx.Graph, nx.Graph]
) -> None:
    first, middle = first_pair
    last = last_pair[0]
    if last.is_directed() != middle.is_directed():
        last = last.to_directed() if middle.is_directed() else last.to_undirected()
    result = persistence(first, middle, last)
    assert result.sustained + result.temporary + result.lost_with_actor == result.new
    assert result.new == tie_churn(first, middle).added
    assert len(result.ties) == result.new
    if result.new:
        total = result.share_sustained + result.share_temporary + result.share_lost_with_actor
        assert total == pytest.approx(1.0)
    # relabelling the actors changes no count
    ids = sorted(set(first) | set(middle) | set(last))
    mapping = {old: f"z{len(ids) - i:02d}" for i, old in enumerate(ids)}
    renamed = persistence(*(relabel(g, mapping) for g in (first, middle, last)))
    assert (renamed.new, renamed.sustained, renamed.temporary, renamed.stable) == (
        result.new,
        result.sustained,
        result.temporary,
        result.stable,
    )
