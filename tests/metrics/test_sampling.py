"""Sampled betweenness (Riondato-Kornaropoulos) and closeness (pivots) against exact values.

The guarantee under test: with probability at least 1 - delta, every actor's estimate is within
epsilon of the exact value. Over 20 seeded graphs at most delta * 20 = 2 graphs may miss it.
Betweenness is compared in the normalisation of Riondato & Kornaropoulos (2016): the sum over
ordered pairs s != v != t of sigma_st(v) / sigma_st, divided by n(n-1).
"""

from __future__ import annotations

import math
from typing import Any

import networkx as nx
import numpy as np
import pytest

from coopnet.errors import GraphError
from coopnet.metrics import _engine as engine
from coopnet.metrics import analyze, sampling
from coopnet.metrics.arrays import graph_arrays
from coopnet.metrics.sampling import (
    Sampling,
    estimate_of,
    hoeffding_pivots,
    pivot_distance_sums,
    plan_estimation,
    rk_betweenness,
    rk_sample_size,
    vertex_diameter_bound,
)

GRAPHS = 20
DELTA = 0.1


def _labelled(graph: nx.Graph[Any], seed: int, *, weighted: bool = False) -> nx.Graph[Any]:
    rng = np.random.default_rng(seed)
    for u, v in graph.edges:
        graph.edges[u, v]["weight"] = float(rng.integers(1, 6)) if weighted else 1.0
    return nx.relabel_nodes(graph, {i: f"a{i:04d}" for i in graph})


def _rk_normalised(raw: np.ndarray, n: int, directed: bool) -> np.ndarray:
    """Raw (networkx unnormalised) betweenness in the RK normalisation."""
    return raw * (1.0 if directed else 2.0) / (n * (n - 1))


# ------------------------------------------------------------------------------ sample sizes
def test_rk_sample_size_by_hand() -> None:
    # VD = 10: floor(log2 8) + 1 = 4; 0.5 / 0.01^2 * (4 + ln 10) = 5000 * 6.302585 = 31512.9
    assert rk_sample_size(10, epsilon=0.01, delta=0.1) == 31513
    # VD = 3: floor(log2 1) + 1 = 1; 0.5 / 0.05^2 * (1 + ln 20) = 200 * 3.995732 = 799.1
    assert rk_sample_size(3, epsilon=0.05, delta=0.05) == 800
    assert rk_sample_size(2, epsilon=0.01, delta=0.1) == 0  # no inner actor on any path


def test_hoeffding_pivots_by_hand() -> None:
    # n = 101: (101/100)^2 * ln(2 * 202 / 0.1) / (2 * 0.1^2) = 1.0201 * 8.30400 / 0.02 = 423.5
    assert hoeffding_pivots(101, 202, epsilon=0.1, delta=0.1) == 424
    assert hoeffding_pivots(1, 2, epsilon=0.1, delta=0.1) == 0


@pytest.mark.parametrize(
    ("graph", "expected"),
    [
        (nx.path_graph(5), 5),  # from an end: eccentricity 4, 2*4+1 = 9, at most 5 actors
        (nx.star_graph(6), 3),  # from the centre (a0000): eccentricity 1, 2*1+1 = 3
        (nx.empty_graph(4), 1),
    ],
)
def test_vertex_diameter_bound_by_hand(graph: nx.Graph[Any], expected: int) -> None:
    assert vertex_diameter_bound(graph_arrays(_labelled(graph, 0)), weighted=False) == expected


def _true_vertex_diameter(graph: nx.Graph[Any], weight: str | None) -> int:
    most = 1
    for _source, paths in nx.all_pairs_dijkstra_path(graph, weight=weight):
        for path in paths.values():
            most = max(most, len(path))
    return most


@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("seed", range(6))
def test_vertex_diameter_bound_is_an_upper_bound(seed: int, weighted: bool) -> None:
    graph = _labelled(nx.gnm_random_graph(40, 50, seed=seed), seed, weighted=weighted)
    for u, v in graph.edges:  # networkx lengths 1 / weight, as coopnet's
        graph.edges[u, v]["length"] = 1.0 / graph.edges[u, v]["weight"]
    arrays = graph_arrays(graph, weight="weight" if weighted else None)
    bound = vertex_diameter_bound(arrays, weighted=weighted)
    assert bound >= _true_vertex_diameter(graph, "length" if weighted else None)


# ------------------------------------------------------------------------------ betweenness
def _rk_errors(graph: nx.Graph[Any], *, weighted: bool, epsilon: float, seed: int) -> np.ndarray:
    arrays = graph_arrays(graph, weight="weight" if weighted else None)
    spec = Sampling(epsilon=epsilon, delta=DELTA, seed=seed)
    estimate = rk_betweenness(arrays, weighted=weighted, sampling=spec, jobs=1)
    exact = engine.betweenness(arrays, weighted=weighted, jobs=1)
    n = arrays.n
    return np.abs(_rk_normalised(estimate - exact, n, arrays.directed)), _rk_normalised(
        exact, n, arrays.directed
    )


@pytest.mark.parametrize(
    ("directed", "weighted"), [(False, False), (True, False), (False, True), (True, True)]
)
def test_rk_betweenness_within_its_bound_on_20_graphs(directed: bool, weighted: bool) -> None:
    # the directed bound of the vertex diameter (the largest weak component) and the two Dijkstra
    # searches per weighted path make those samples dearer: a looser epsilon keeps the test fast
    epsilon = 0.05 if not (directed or weighted) else 0.1
    misses = 0
    for seed in range(GRAPHS):
        # preferential attachment: hubs with betweenness above epsilon, so an estimator that
        # returned zeros (or the wrong scale) would miss the bound
        base = nx.barabasi_albert_graph(150 + 10 * seed, 2, seed=seed)
        graph = base.to_directed() if directed else base
        if directed:  # drop a third of the arcs so that direction matters
            rng = np.random.default_rng(seed)
            graph.remove_edges_from([e for e in list(graph.edges) if rng.random() < 1 / 3])
        errors, exact = _rk_errors(
            _labelled(graph, seed, weighted=weighted), weighted=weighted, epsilon=epsilon,
            seed=seed,
        )  # fmt: skip
        assert exact.max() > epsilon
        misses += bool(errors.max() > epsilon)
    assert misses <= DELTA * GRAPHS


def test_rk_samples_shortest_paths_uniformly() -> None:
    # a 5 x 5 grid: most pairs have many shortest paths; choosing one path per pair other than
    # uniformly (e.g. always the first predecessor) puts too much betweenness on the border
    graph = _labelled(nx.convert_node_labels_to_integers(nx.grid_2d_graph(5, 5)), 0)
    errors, exact = _rk_errors(graph, weighted=False, epsilon=0.02, seed=3)
    assert errors.max() <= 0.02
    assert exact.max() > 0.1


def test_rk_weighted_counts_routes_of_equal_length_as_equal() -> None:
    # intensities 2, 3, 6 and 2, 2: the routes a-b-c-d (1/2 + 1/3 + 1/6) and a-e-d (1/2 + 1/2)
    # are equally short; the exact betweenness of e is 1/2 * 2 (ordered pairs) / (n(n-1))
    graph = nx.Graph()
    graph.add_weighted_edges_from(
        [("a", "b", 2.0), ("b", "c", 3.0), ("c", "d", 6.0), ("a", "e", 2.0), ("e", "d", 2.0)]
    )
    arrays = graph_arrays(graph, weight="weight")
    spec = Sampling(epsilon=0.02, delta=0.1, seed=1)
    estimate = _rk_normalised(
        rk_betweenness(arrays, weighted=True, sampling=spec, jobs=1), 5, False
    )
    exact = _rk_normalised(engine.betweenness(arrays, weighted=True, jobs=1), 5, False)
    assert np.abs(estimate - exact).max() <= 0.02
    assert exact[arrays.index["e"]] == pytest.approx(1 / 20)


def test_rk_is_seeded_and_independent_of_jobs() -> None:
    graph = _labelled(nx.barabasi_albert_graph(400, 2, seed=5), 5)
    spec = Sampling(epsilon=0.05, delta=0.1, seed=7)
    one = rk_betweenness(graph_arrays(graph), weighted=False, sampling=spec, jobs=1)
    two = rk_betweenness(graph_arrays(graph), weighted=False, sampling=spec, jobs=2)
    other = rk_betweenness(
        graph_arrays(graph), weighted=False, sampling=Sampling(0.05, 0.1, seed=8), jobs=1
    )
    np.testing.assert_array_equal(one, two)
    assert not np.array_equal(one, other)


@pytest.mark.parametrize("graph", [nx.empty_graph(0), nx.empty_graph(3), nx.path_graph(2)])
def test_rk_on_networks_without_inner_actors(graph: nx.Graph[Any]) -> None:
    arrays = graph_arrays(_labelled(graph, 0))
    values = rk_betweenness(arrays, weighted=False, sampling=Sampling(), jobs=1)
    np.testing.assert_array_equal(values, np.zeros(arrays.n))


def test_rk_on_a_disconnected_network() -> None:
    graph = nx.disjoint_union(nx.barabasi_albert_graph(120, 2, seed=1), nx.path_graph(30))
    graph.add_nodes_from([500, 501])  # isolates
    errors, _ = _rk_errors(_labelled(graph, 1), weighted=False, epsilon=0.03, seed=1)
    assert errors.max() <= 0.03


# ------------------------------------------------------------------------------ closeness
@pytest.mark.parametrize("directed", [False, True])
def test_pivot_sums_within_their_bound_on_20_graphs(directed: bool) -> None:
    epsilon = 0.1
    misses = 0
    for seed in range(GRAPHS):
        n = 1200
        graph = nx.gnm_random_graph(n, 3 * n, seed=seed, directed=directed)
        graph.add_edges_from([(i, i + 1) for i in range(0, 40)])  # a long arm: larger distances
        arrays = graph_arrays(_labelled(graph, seed))
        spec = Sampling(epsilon=epsilon, delta=DELTA, seed=seed)
        estimate = pivot_distance_sums(arrays, weighted=False, sampling=spec, jobs=1)
        exact = engine.distance_sums(arrays, weighted=False, jobs=1)
        info = estimate_of(arrays, "closeness", weighted=False, sampling=spec)
        assert info is not None and info["samples"] < n  # really sampled
        bound = info["distance_bound"]
        assert bound >= 2  # a bound on every finite distance
        reach = np.abs(estimate.reach - exact.reach) / (n - 1)
        average = np.abs(estimate.distance - exact.distance) / (n - 1)
        harmonic = np.abs(estimate.harmonic - exact.harmonic) / (n - 1)
        if not directed:
            np.testing.assert_array_equal(estimate.reach, exact.reach)  # exact component sizes
        ok = (
            reach.max() <= epsilon + 0.5 / (n - 1)  # the directed reach is rounded
            and average.max() <= epsilon * bound
            and harmonic.max() <= epsilon
        )
        misses += not ok
        assert harmonic.max() > 0 or exact.harmonic.max() == 0
    assert misses <= DELTA * GRAPHS


def test_pivots_fall_back_to_exact_when_the_sample_covers_the_network() -> None:
    graph = _labelled(nx.gnm_random_graph(80, 200, seed=2), 2)
    arrays = graph_arrays(graph)
    spec = Sampling(epsilon=0.05)
    estimate = pivot_distance_sums(arrays, weighted=False, sampling=spec, jobs=1)
    exact = engine.distance_sums(arrays, weighted=False, jobs=1)
    np.testing.assert_array_equal(estimate.distance, exact.distance)
    info = estimate_of(arrays, "closeness", weighted=False, sampling=spec)
    assert info is not None and info["method"] == "exact" and "80 actors" in info["reason"]


def test_weighted_pivot_harmonic_bound_scales_with_the_strongest_tie() -> None:
    graph = _labelled(nx.gnm_random_graph(1500, 4000, seed=4), 4, weighted=True)
    arrays = graph_arrays(graph, weight="weight")
    spec = Sampling(epsilon=0.1, seed=4)
    estimate = pivot_distance_sums(arrays, weighted=True, sampling=spec, jobs=1)
    exact = engine.distance_sums(arrays, weighted=True, jobs=1)
    shortest = float(arrays.lengths.min())  # 1/5: harmonic terms up to 5
    n = arrays.n
    assert np.abs(estimate.harmonic - exact.harmonic).max() / (n - 1) <= 0.1 / shortest
    info = estimate_of(arrays, "closeness", weighted=True, sampling=spec)
    assert info is not None and f"within {0.1 / shortest:g}" in info["bound"]


# ------------------------------------------------------------------------------ in analyze()
def test_analyze_records_how_each_measure_was_computed() -> None:
    graph = _labelled(nx.barabasi_albert_graph(300, 2, seed=1), 1)
    exact = analyze(graph, sample="exact", key_players_k=0, n_permutations=10)
    assert exact.estimation == {
        "betweenness": {"method": "exact"},
        "closeness": {"method": "exact"},
    }
    auto = analyze(graph, key_players_k=0, n_permutations=10)  # small: exact
    assert auto.estimation == exact.estimation
    pd_exact = exact.actors["betweenness"]
    sampled = analyze(graph, sample="sampled", epsilon=0.05, key_players_k=0, n_permutations=10)
    rk = sampled.estimation["betweenness"]
    assert rk["method"] == "riondato-kornaropoulos"
    assert (rk["epsilon"], rk["delta"]) == (0.05, 0.1)
    assert rk["samples"] == rk_sample_size(rk["vertex_diameter_bound"], epsilon=0.05, delta=0.1)
    # the betweenness column is b(v) * n/(n-2): its error is at most epsilon * n/(n-2)
    n = 300
    assert (sampled.actors["betweenness"] - pd_exact).abs().max() <= 0.05 * n / (n - 2)
    assert sampled.estimation["closeness"]["method"] == "exact"  # 300 actors: k >= n
    assert sampled.options["sample"] == "sampled"
    # every other measure is exact and unchanged
    for column in ("degree", "eigenvector", "constraint", "core_number", "community"):
        assert sampled.actors[column].equals(exact.actors[column])
    assert sampled.network["fragmentation"] == exact.network["fragmentation"]


def test_auto_samples_above_the_documented_size(monkeypatch: pytest.MonkeyPatch) -> None:
    arrays = graph_arrays(_labelled(nx.gnm_random_graph(100, 300, seed=0), 0))
    assert plan_estimation(arrays) == sampling.EXACT
    monkeypatch.setitem(sampling.EXACT_WORK, "betweenness", 100 * 600 - 1)
    plan = plan_estimation(arrays, epsilon=0.02, seed=4)
    assert plan.betweenness == Sampling(epsilon=0.02, delta=0.1, seed=4)
    assert plan.distances is None  # unit lengths: the closeness threshold is far higher
    # the reason names the size and the limit: 100 actors x 600 arcs = 6e+04 above 6e+04 - 1
    assert plan.reasons == {"betweenness": "sample='auto': 100 actors x 600 arcs = 6e+04 above "
                            "the exact limit 6e+04 for betweenness"}  # fmt: skip
    assert "asked for" in plan_estimation(arrays, sample="sampled").reasons["closeness"]
    weighted = graph_arrays(_labelled(nx.gnm_random_graph(100, 300, seed=0), 0, weighted=True),
                            weight="weight")  # fmt: skip
    assert plan_estimation(weighted).distances is not None  # Dijkstra: the same threshold


@pytest.mark.parametrize(
    "kwargs",
    [{"epsilon": 0.0}, {"epsilon": 1.0}, {"delta": -0.1}, {"delta": math.nan}],
)
def test_bad_guarantees_are_refused(kwargs: dict[str, float]) -> None:
    with pytest.raises(GraphError, match="between 0 and 1"):
        Sampling(**kwargs)


def test_unknown_sample_mode_is_refused() -> None:
    arrays = graph_arrays(nx.path_graph(["a", "b", "c"]))
    with pytest.raises(GraphError, match="unknown sample mode"):
        plan_estimation(arrays, sample="fast")  # type: ignore[arg-type]


def test_sampled_analysis_of_a_disconnected_network_with_isolates_and_no_groups() -> None:
    # 1,200 actors in a BA core, a detached path of 30 and 3 isolates; no grouping column.
    # epsilon 0.1: 550 pivots < 1,233 actors, so closeness is really estimated too.
    graph = nx.disjoint_union(nx.barabasi_albert_graph(1200, 2, seed=3), nx.path_graph(30))
    graph.add_nodes_from([5000, 5001, 5002])
    graph = _labelled(graph, 3)
    exact = analyze(graph, sample="exact", key_players_k=0, n_permutations=10)
    sampled = analyze(graph, sample="sampled", epsilon=0.1, key_players_k=0, n_permutations=10)
    assert sampled.estimation["betweenness"]["method"] == "riondato-kornaropoulos"
    closeness = sampled.estimation["closeness"]
    assert closeness["method"].startswith("pivots") and closeness["samples"] < graph.order()
    isolates = ["a5000", "a5001", "a5002"]
    for column in ("betweenness", "closeness", "harmonic"):
        values = sampled.actors[column]
        assert values[isolates].eq(0).all() and values.between(0, 1).all()
    n = graph.order()
    error = (sampled.actors["betweenness"] - exact.actors["betweenness"]).abs().max()
    assert error <= 0.1 * n / (n - 2)
    harmonic = (sampled.actors["harmonic"] - exact.actors["harmonic"]).abs().max()
    assert harmonic <= 0.1  # unit lengths: within epsilon
    assert sampled.network["components"] == exact.network["components"] == 5
    assert sampled.group is None and math.isnan(sampled.network["ei_index"])
