"""The array form and the engine layer (coopnet.metrics.arrays, coopnet.metrics._engine).

* exactness: weighted betweenness, closeness, harmonic centrality and path lengths equal the
  rational-arithmetic reference (tests/metrics/reference.py) on small graphs, karate and Davis'
  southern women, for both engines, directed and undirected; networkx does not;
* the same numbers in every process: with and without a prior ``import igraph``, with any
  number of worker processes;
* unweighted measures equal networkx's on random graphs (isolates, several components);
* the array form itself: CSR layout, symmetrisation (larger weight), sub-networks, checks.
"""

from __future__ import annotations

import functools
import json
import math
import os
import random
import subprocess
import sys
import time
from fractions import Fraction
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coopnet.errors import GraphError
from coopnet.metrics import _engine, _workers, analyze, distance_fragmentation, network_structure
from coopnet.metrics._util import symmetrise
from coopnet.metrics.arrays import graph_arrays
from coopnet.metrics.brokerage import structural_holes
from coopnet.metrics.centrality import actor_centrality
from coopnet.metrics.structure import average_path_length
from tests.metrics.reference import exact_betweenness, exact_closeness_harmonic, exact_distances

TOL = 1e-9
ROOT = Path(__file__).resolve().parents[2]
ENGINES = ("igraph", "coopnet")


def random_graph(seed: int, *, directed: bool, weighted: bool, n: int | None = None) -> nx.Graph:
    """A sparse random graph with str ids, a few isolates and several components."""
    rnd = random.Random(seed)
    n = n if n is not None else rnd.randint(2, 45)
    g = nx.gnp_random_graph(n, rnd.choice([0.03, 0.06, 0.12]), seed=seed, directed=directed)
    g = nx.relabel_nodes(g, {i: f"a{i:02d}" for i in g})
    for _, _, data in g.edges(data=True):
        data["weight"] = rnd.randint(1, 6) if weighted else 1.0
    for a in g:
        g.nodes[a]["group"] = rnd.choice("XYZ")
    return g


def karate() -> nx.Graph:
    g = nx.karate_club_graph()  # weights: number of contexts of interaction (1-7)
    return nx.relabel_nodes(g, {i: f"k{i:02d}" for i in g})


def davis() -> nx.Graph:
    """Davis' southern women projected on the women: weight = events attended together."""
    g = nx.davis_southern_women_graph()
    women = [v for v, d in g.nodes(data=True) if d["bipartite"] == 0]
    return nx.bipartite.weighted_projected_graph(g, women)


def raw_betweenness(g: nx.Graph, weight: str | None, engine: str) -> dict[str, float]:
    arrays = graph_arrays(g, weight=weight)
    values = _engine.betweenness(arrays, weighted=weight is not None, engine=engine)  # type: ignore[arg-type]
    return dict(zip(arrays.nodes, values.tolist(), strict=True))


def assert_exact(ours: dict[str, float], exact: dict[str, Fraction], tol: float = 1e-9) -> None:
    assert ours.keys() == exact.keys()
    for v, value in exact.items():
        assert ours[v] == pytest.approx(float(value), rel=tol, abs=tol), v


# --- exactness ----------------------------------------------------------------------------------


def test_equal_routes_count_as_equal() -> None:
    # a - b - c - d with intensities 2, 3, 6 (lengths 1/2 + 1/3 + 1/6 = 1) and a - x - d with
    # 2, 2 (1/2 + 1/2 = 1): both routes are shortest, so b, c and x each carry half the a-d
    # pair; in floating point 1/2 + 1/3 + 1/6 = 0.9999999999999999 and networkx counts one route
    g = nx.Graph()
    g.add_weighted_edges_from(
        [("a", "b", 2), ("b", "c", 3), ("c", "d", 6), ("a", "x", 2), ("x", "d", 2)]
    )
    exact = exact_betweenness(g, "weight")
    assert exact["x"] == Fraction(1, 2)
    for engine in ENGINES:
        assert_exact(raw_betweenness(g, "weight", engine), exact, tol=1e-12)
    with_networkx = nx.betweenness_centrality(
        g, normalized=False, weight=lambda u, v, d: 1 / d["weight"]
    )
    assert with_networkx["x"] != pytest.approx(0.5)  # the reason for the engines


@pytest.mark.parametrize("directed", [False, True])
@pytest.mark.parametrize("engine", ENGINES)
def test_weighted_betweenness_exact_on_karate_and_davis(directed: bool, engine: str) -> None:
    for g in (karate(), davis()):
        if directed:  # orient every tie both ways with different intensities
            h = nx.DiGraph()
            for u, v, w in g.edges(data="weight"):
                h.add_edge(u, v, weight=w)
                h.add_edge(v, u, weight=1 + (w % 3))
            g = h
        assert_exact(raw_betweenness(g, "weight", engine), exact_betweenness(g, "weight"))


def test_networkx_is_not_exact_on_davis() -> None:
    # the error the engines fix: up to 0.0086 in normalised betweenness
    g = davis()
    exact = exact_betweenness(g, "weight")
    n = g.number_of_nodes()
    nx_values = nx.betweenness_centrality(
        g, normalized=False, weight=lambda u, v, d: 1 / d["weight"]
    )
    error = max(abs(nx_values[v] - float(exact[v])) for v in g) * 2 / ((n - 1) * (n - 2))
    assert error > 0.005


@pytest.mark.parametrize("engine", ENGINES)
def test_isolates_do_not_change_raw_values(engine: str) -> None:
    g = davis()
    before = raw_betweenness(g, "weight", engine)
    h = g.copy()
    h.add_nodes_from(["zz1", "zz2", "aa0"])
    after = raw_betweenness(h, "weight", engine)
    for v, value in before.items():
        assert after[v] == pytest.approx(value, rel=1e-12, abs=1e-12)
    assert after["zz1"] == after["aa0"] == 0.0


@pytest.mark.parametrize("directed", [False, True])
def test_weighted_closeness_harmonic_and_path_length_exact(directed: bool) -> None:
    g = karate() if not directed else random_graph(3, directed=True, weighted=True, n=30)
    table = actor_centrality(g, weight="weight")
    closeness, harmonic = exact_closeness_harmonic(g, "weight")
    for v in g:
        assert table.at[v, "closeness"] == pytest.approx(float(closeness[v]), rel=1e-12)
        assert table.at[v, "harmonic"] == pytest.approx(float(harmonic[v]), rel=1e-12)
    lengths = [
        d for s, row in exact_distances(g, "weight").items() for t, d in row.items() if t != s
    ]
    expected = sum(lengths, Fraction(0)) / len(lengths)
    assert average_path_length(g, weight="weight") == pytest.approx(float(expected), rel=1e-12)


@settings(max_examples=60, deadline=None)
@given(
    edges=st.lists(st.tuples(st.integers(0, 8), st.integers(0, 8)), max_size=24),
    weights=st.lists(st.integers(1, 6), min_size=24, max_size=24),
    directed=st.booleans(),
)
def test_property_weighted_measures_exact(
    edges: list[tuple[int, int]], weights: list[int], directed: bool
) -> None:
    # intensities 1-6 make many routes of equal length (lengths 1, 1/2, ..., 1/6)
    g = nx.DiGraph() if directed else nx.Graph()
    g.add_nodes_from(f"n{i}" for i in range(9))
    for (u, v), w in zip(edges, weights, strict=False):
        if u != v:
            g.add_edge(f"n{u}", f"n{v}", weight=w)
    exact = exact_betweenness(g, "weight")
    for engine in ENGINES:
        assert_exact(raw_betweenness(g, "weight", engine), exact)
    table = actor_centrality(g, weight="weight")
    closeness, harmonic = exact_closeness_harmonic(g, "weight")
    for v in g:
        assert table.at[v, "closeness"] == pytest.approx(float(closeness[v]), abs=1e-12)
        assert table.at[v, "harmonic"] == pytest.approx(float(harmonic[v]), abs=1e-12)


# --- the same numbers in every process ------------------------------------------------------------

_PROBE = """
import json, sys
if sys.argv[1] == "igraph-first":
    import igraph  # noqa: F401
import networkx as nx
from coopnet.metrics import actor_centrality
g = nx.Graph()
g.add_weighted_edges_from([("a", "b", 2), ("b", "c", 3), ("c", "d", 6), ("a", "x", 2), ("x", "d", 2)])
print(json.dumps(actor_centrality(g, weight="weight")["betweenness"].tolist()))
"""


def test_same_numbers_with_and_without_prior_igraph_import() -> None:
    results = []
    for mode in ("fresh", "igraph-first"):
        proc = subprocess.run(
            [sys.executable, "-c", _PROBE, mode],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=True,
        )
        results.append(json.loads(proc.stdout))
    assert results[0] == results[1]
    g = nx.Graph()
    g.add_weighted_edges_from(
        [("a", "b", 2), ("b", "c", 3), ("c", "d", 6), ("a", "x", 2), ("x", "d", 2)]
    )
    exact = exact_betweenness(g, "weight")  # normalised by C(4, 2) = 6
    assert results[0] == pytest.approx([float(exact[v]) / 6 for v in "abcdx"], abs=1e-12)


def test_igraph_import_skips_matplotlib_only_when_not_loaded() -> None:
    probe = (
        "import sys; from coopnet.metrics._engine import import_igraph; import_igraph(); "
        "print('matplotlib' in sys.modules, 'matplotlib' in sys.modules and "
        "sys.modules['matplotlib'] is None)"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert out.stdout.split() == ["False", "False"]  # not loaded, and the block was removed
    later = subprocess.run(
        [sys.executable, "-c", probe + "; import matplotlib; print(matplotlib.__name__)"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    assert later.stdout.split()[-1] == "matplotlib"  # still importable afterwards


@pytest.mark.parametrize("weight", [None, "weight"])
@pytest.mark.parametrize("directed", [False, True])
def test_parts_and_jobs_do_not_change_numbers(
    weight: str | None, directed: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    g = random_graph(5, directed=directed, weighted=True, n=120)
    monkeypatch.setattr(_engine, "_PARALLEL_WORK", 1)  # always split into parts
    weighted = weight is not None
    results = []
    for jobs in (1, 2, 3):
        arrays = graph_arrays(g, weight=weight)
        results.append(
            (
                _engine.betweenness(arrays, weighted=weighted, engine="igraph", jobs=jobs),
                _engine.betweenness(arrays, weighted=weighted, engine="coopnet", jobs=jobs),
                _engine.distance_sums(arrays, weighted=weighted, jobs=jobs).harmonic,
                _engine.distance_sums(arrays, weighted=weighted, jobs=jobs).distance,
                _engine.harmonic_sums(arrays.undirected, weighted=weighted, jobs=jobs),
            )
        )
    for other in results[1:]:
        for a, b in zip(results[0], other, strict=True):
            assert np.array_equal(a, b)  # bit for bit
    np.testing.assert_allclose(results[0][0], results[0][1], rtol=1e-12, atol=1e-9)
    # igraph's per-actor harmonic sums equal scipy's Dijkstra sums on the symmetrised network
    sym = graph_arrays(g, weight=weight).undirected
    np.testing.assert_allclose(
        results[0][4], _engine.distance_sums(sym, weighted=weighted).harmonic, rtol=1e-12
    )


def test_map_parts_runs_in_order_and_without_fork(monkeypatch: pytest.MonkeyPatch) -> None:
    forked = _engine.map_parts(lambda p: np.full(3, float(p)), 5, 2)
    monkeypatch.setattr(_workers, "_can_fork", lambda: False)
    here = _engine.map_parts(lambda p: np.full(3, float(p)), 5, 2)
    assert [a.tolist() for a in forked] == [a.tolist() for a in here] == [[p] * 3 for p in range(5)]


def test_run_tasks_returns_results_in_task_order() -> None:
    # tasks of very different lengths: whichever process takes which, the order is the tasks'
    def task(i: int) -> tuple[int, int]:
        if i % 3 == 0:
            sum(range(200_000))  # a slower task
        return i, i * i

    tasks = [functools.partial(task, i) for i in range(25)]
    for jobs in (1, 2, 3):
        assert _workers.run_tasks(tasks, jobs) == [(i, i * i) for i in range(25)]
    assert _workers.run_tasks([], 2) == []


def test_run_tasks_shares_the_tasks_between_processes() -> None:
    def task() -> int:
        time.sleep(0.02)
        return os.getpid()

    pids = _workers.run_tasks([task] * 12, 2)
    assert len(set(pids)) == 2  # the parent and one forked worker both took tasks


def test_run_tasks_more_tasks_than_tickets() -> None:
    runs = _workers._runs(2500)
    assert len(runs) == _workers._MAX_TICKETS
    assert [i for r in runs for i in r] == list(range(2500))
    tasks = [functools.partial(int, i) for i in range(2500)]
    assert _workers.run_tasks(tasks, 2) == list(range(2500))


def test_run_tasks_recomputes_the_tasks_of_a_failed_worker() -> None:
    parent = os.getpid()

    def task(i: int) -> int:
        if os.getpid() != parent:
            os._exit(3)  # the worker dies on its first task
        return i

    tasks = [functools.partial(task, i) for i in range(6)]
    assert _workers.run_tasks(tasks, 2) == list(range(6))


def test_run_tasks_without_fork(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_workers, "_can_fork", lambda: False)
    assert _workers.run_tasks([lambda: os.getpid()] * 3, 2) == [os.getpid()] * 3


@pytest.mark.parametrize("weight", [None, "weight"])
@pytest.mark.parametrize("directed", [False, True])
def test_prefetch_keeps_the_results_each_pass_gives_alone(
    weight: str | None, directed: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    g = random_graph(7, directed=directed, weighted=True, n=90)
    monkeypatch.setattr(_engine, "_PARALLEL_WORK", 1)  # split into parts
    weighted = weight is not None
    alone = graph_arrays(g, weight=weight)
    expected = (
        _engine.betweenness(alone, weighted=weighted, jobs=1),
        _engine.betweenness(alone, weighted=False, jobs=1),
        _engine.distance_sums(alone, weighted=weighted, jobs=1).distance,
        _engine.distance_sums(alone.reverse, weighted=False, jobs=1).harmonic,
        _engine.harmonic_sums(alone.undirected, weighted=weighted, jobs=1),
    )
    arrays = graph_arrays(g, weight=weight)
    passes = [
        _engine.betweenness_pass(arrays, weighted=weighted),
        _engine.betweenness_pass(arrays, weighted=False),
        _engine.distance_sums_pass(arrays, weighted=weighted),
        _engine.distance_sums_pass(arrays.reverse, weighted=False),
        _engine.harmonic_sums_pass(arrays.undirected, weighted=weighted),
        _engine.betweenness_pass(arrays, weighted=weighted),  # the same pass twice: run once
    ]
    assert all(not p.done for p in passes)
    assert _engine.prefetch(passes, jobs=2, first=[lambda: "first"]) == ["first"]
    assert all(p.done for p in passes)

    def no_more_work(tasks: object, jobs: int) -> list[object]:
        raise AssertionError("a pass was computed again")

    monkeypatch.setattr(_engine, "run_tasks", no_more_work)
    kept = (
        _engine.betweenness(arrays, weighted=weighted, jobs=2),
        _engine.betweenness(arrays, weighted=False, jobs=2),
        _engine.distance_sums(arrays, weighted=weighted, jobs=2).distance,
        _engine.distance_sums(arrays.reverse, weighted=False, jobs=2).harmonic,
        _engine.harmonic_sums(arrays.undirected, weighted=weighted, jobs=2),
    )
    for a, b in zip(expected, kept, strict=True):
        assert np.array_equal(a, b)  # bit for bit


def test_analyze_same_numbers_with_any_number_of_processes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    g = random_graph(11, directed=True, weighted=True, n=150)
    monkeypatch.setattr(_engine, "_PARALLEL_WORK", 1)
    monkeypatch.setattr(_engine, "_PARALLEL_BFS_WORK", 1)
    results = [
        analyze(g, group="group", weight="weight", n_permutations=50, jobs=jobs)
        for jobs in (1, 2, 3)
    ]
    for other in results[1:]:
        pd.testing.assert_frame_equal(results[0].actors, other.actors, check_exact=True)
        assert json.dumps(results[0].network) == json.dumps(other.network)


def test_engine_and_jobs_are_checked() -> None:
    with pytest.raises(GraphError, match="unknown engine 'networkx'"):
        actor_centrality(nx.path_graph(3), engine="networkx")  # type: ignore[arg-type]
    with pytest.raises(GraphError, match="jobs must be a positive integer"):
        actor_centrality(nx.path_graph(4), jobs=0)
    assert _engine.resolve_jobs(None) >= 1


# --- unweighted against networkx ------------------------------------------------------------------

CASES = [
    pytest.param(seed, directed, id=f"{seed}-{'d' if directed else 'u'}")
    for seed in range(12)
    for directed in (False, True)
]


@pytest.mark.parametrize(("seed", "directed"), CASES)
@pytest.mark.parametrize("engine", ENGINES)
def test_unweighted_equal_networkx(seed: int, directed: bool, engine: str) -> None:
    g = random_graph(seed, directed=directed, weighted=False)
    table = actor_centrality(g, engine=engine)  # type: ignore[arg-type]
    bet = nx.betweenness_centrality(g)
    close = nx.closeness_centrality(g)
    harm = nx.harmonic_centrality(g)
    n = g.number_of_nodes()
    for v in g:
        assert table.at[v, "betweenness"] == pytest.approx(bet[v], abs=TOL)
        assert table.at[v, "closeness"] == pytest.approx(close[v], abs=TOL)
        assert table.at[v, "harmonic"] == pytest.approx(harm[v] / (n - 1) if n > 1 else 0.0)


def test_deep_networks_use_dijkstra_with_the_same_result(monkeypatch: pytest.MonkeyPatch) -> None:
    g = nx.path_graph([f"p{i:04d}" for i in range(600)])
    arrays = graph_arrays(g)
    assert _engine._deep(arrays)
    deep = _engine.distance_sums(arrays, weighted=False)
    monkeypatch.setattr(_engine, "_deep", lambda arrays: False)
    bfs = _engine.distance_sums(graph_arrays(g), weighted=False)
    assert np.array_equal(deep.reach, bfs.reach)
    assert np.array_equal(deep.distance, bfs.distance)
    np.testing.assert_allclose(deep.harmonic, bfs.harmonic, rtol=1e-12)
    assert not _engine._deep(graph_arrays(nx.complete_graph(50)))


@pytest.mark.parametrize("words", [1, 2])
def test_bfs_chunks(words: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_engine, "_BFS_MAX_WORDS", words)
    monkeypatch.setattr(_engine, "_BFS_BUDGET", 8)
    g = random_graph(2, directed=True, weighted=False, n=200)
    sums = _engine.distance_sums(graph_arrays(g), weighted=False)
    lengths = dict(nx.all_pairs_shortest_path_length(g))
    nodes = sorted(g)
    for i, v in enumerate(nodes):
        into = [row[v] for s, row in lengths.items() if s != v and v in row]
        assert sums.reach[i] == len(into)
        assert sums.distance[i] == sum(into)


def test_dijkstra_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_engine, "_DIJKSTRA_CELLS", 50)
    g = random_graph(4, directed=False, weighted=True, n=60)
    sums = _engine.distance_sums(graph_arrays(g, weight="weight"), weighted=True)
    exact = exact_distances(g, "weight")
    for i, v in enumerate(sorted(g)):
        into = [row[v] for s, row in exact.items() if s != v and v in row]
        assert sums.distance[i] == pytest.approx(float(sum(into, Fraction(0))), rel=1e-12)


@pytest.mark.parametrize("n", [0, 1, 2])
def test_tiny_graphs(n: int) -> None:
    g = nx.relabel_nodes(nx.path_graph(n), str)
    table = actor_centrality(g, weight="weight")
    assert len(table) == n
    assert (table["betweenness"] == 0).all()


# --- structural holes against networkx -------------------------------------------------------------


@pytest.mark.parametrize("seed", range(10))
@pytest.mark.parametrize("directed", [False, True])
@pytest.mark.parametrize("weight", [None, "weight"])
def test_structural_holes_equal_networkx(seed: int, directed: bool, weight: str | None) -> None:
    g = random_graph(seed, directed=directed, weighted=weight is not None)
    undirected = symmetrise(g, weight=weight)
    ours = structural_holes(g, weight=weight)
    nx_constraint = nx.constraint(undirected, weight=weight)
    # networkx's per-actor code (nodes given) is Burt's formula; see the next test
    nx_effective = nx.effective_size(undirected, nodes=list(undirected), weight=weight)
    for v in undirected:
        if math.isnan(nx_constraint[v]):
            assert math.isnan(ours.at[v, "constraint"])
            assert ours.at[v, "effective_size"] == 0.0
        else:
            assert ours.at[v, "constraint"] == pytest.approx(nx_constraint[v], abs=TOL)
            assert ours.at[v, "effective_size"] == pytest.approx(nx_effective[v], abs=TOL)


def test_weighted_effective_size_by_hand() -> None:
    # b has partners a (w 1) and c (w 3): p_ba = 1/4, p_bc = 3/4. a's ties: b 1, c 2 -> m_ac = 1;
    # c's ties: a 2, b 3, d 1 -> m_ca = 2/3. Burt: e_b = (1 - p_bc m_ac) + (1 - p_ba m_ca)
    # = (1 - 3/4) + (1 - 1/6) = 13/12. networkx 3.6's vectorised branch (nodes=None) divides by
    # the row maximum of the wrong actor and returns 1.25 here.
    g = nx.Graph()
    g.add_weighted_edges_from([("a", "b", 1.0), ("a", "c", 2.0), ("b", "c", 3.0), ("c", "d", 1.0)])
    assert structural_holes(g, weight="weight").at["b", "effective_size"] == pytest.approx(
        13 / 12, abs=1e-12
    )
    assert nx.effective_size(g, nodes=["b"], weight="weight")["b"] == pytest.approx(13 / 12)


# --- analyze reuses one array form ------------------------------------------------------------------


@pytest.mark.parametrize("directed", [False, True])
@pytest.mark.parametrize("weight", [None, "weight"])
def test_analyze_equals_public_functions(directed: bool, weight: str | None) -> None:
    g = random_graph(8, directed=directed, weighted=True, n=30)
    for a in g:
        g.nodes[a]["label"] = a.upper()
    arrays = graph_arrays(g, weight=weight)
    result = analyze(
        g, group="group", weight=weight, key_players_k=2, n_permutations=50, arrays=arrays
    )
    table = actor_centrality(g, weight=weight)
    for column in ("betweenness", "closeness", "harmonic", "pagerank", "eigenvector"):
        np.testing.assert_allclose(result.actors[column], table[column], atol=TOL)
    holes = structural_holes(g, weight=weight)
    np.testing.assert_allclose(result.actors["constraint"], holes["constraint"], atol=TOL)
    np.testing.assert_allclose(result.actors["effective_size"], holes["effective_size"], atol=TOL)
    plain = network_structure(g, weight=weight)
    for key in ("betweenness_centralization", "closeness_centralization", "average_path_length"):
        assert result.network[key] == pytest.approx(plain[key], rel=TOL, nan_ok=True)
    assert result.network["distance_fragmentation"] == pytest.approx(
        distance_fragmentation(g, weight=weight), abs=1e-12
    )
    # the components were computed once, on the one symmetrised form
    assert "components" in arrays.undirected._memo
    with pytest.raises(GraphError, match="do not belong"):
        analyze(g, group="group", weight=None if weight else "weight", arrays=arrays)


# --- the array form ----------------------------------------------------------------------------------


def test_array_layout_and_views() -> None:
    g = nx.DiGraph()
    g.add_edge("b", "a", weight=2.0)
    g.add_edge("a", "b", weight=5.0)
    g.add_edge("a", "c", weight=1.0)
    g.add_node("d")
    arrays = graph_arrays(g, weight="weight")
    assert arrays.nodes == ("a", "b", "c", "d")
    assert arrays.indptr.tolist() == [0, 2, 3, 3, 3]
    assert arrays.indices.tolist() == [1, 2, 0]
    assert arrays.weights.tolist() == [5.0, 1.0, 2.0]
    assert (arrays.n, arrays.n_arcs, arrays.n_ties) == (4, 3, 3)
    sym = arrays.undirected
    assert sym.ties()[0].tolist() == [0, 0] and sym.ties()[1].tolist() == [1, 2]
    assert sym.ties()[2].tolist() == [5.0, 1.0]  # the larger of the two arcs
    assert arrays.reverse.indices.tolist() == [1, 0, 0]
    sub = arrays.subgraph(np.array([0, 2, 3]))
    assert sub.nodes == ("a", "c", "d") and sub.indices.tolist() == [1]
    assert arrays.lengths.tolist() == [0.2, 1.0, 0.5]
    with pytest.raises(ValueError):
        arrays.indices[0] = 7  # read-only


def test_array_weights_are_checked() -> None:
    g = nx.Graph()
    g.add_edge("a", "b", weight="heavy")
    with pytest.raises(GraphError, match="weights must be finite numbers > 0"):
        graph_arrays(g, weight="weight")
    assert graph_arrays(g).weights.tolist() == [1.0, 1.0]  # unweighted: not read
    with pytest.raises(GraphError, match="self-ties"):
        graph_arrays(nx.Graph([("a", "a")]))
