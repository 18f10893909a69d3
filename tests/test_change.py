"""Paired permutation tests of change between two periods (coopnet.compare.change)."""

from __future__ import annotations

import itertools
import json
import math

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

import coopnet
from coopnet.compare import change_tests, compare_periods, write_comparison
from coopnet.compare.change import CHANGE_MEASURES, EXACT_MAX_DYADS
from coopnet.config import AnalysisConfig
from coopnet.errors import GraphError
from coopnet.metrics import ei_index
from coopnet.run import Study

from .conftest import MUSTERSTADT

GROUPS = {"a": "x", "b": "x", "c": "x", "d": "y", "e": "y", "f": "y"}


def _graph(edges: list[tuple[str, str]], directed: bool = False) -> nx.Graph:
    g: nx.Graph = nx.DiGraph() if directed else nx.Graph()
    g.add_nodes_from(GROUPS)
    g.add_edges_from(edges)
    nx.set_node_attributes(g, GROUPS, "dept")
    return g


def _measures(g: nx.Graph) -> np.ndarray:
    """Density, cross-group density and E-I of `g`, computed with networkx / coopnet.metrics."""
    n = g.number_of_nodes()
    cross_cells = sum(
        1 for u, v in itertools.permutations(g, 2) if g.nodes[u]["dept"] != g.nodes[v]["dept"]
    )
    if not g.is_directed():
        cross_cells //= 2
    cross_ties = sum(1 for u, v in g.edges() if g.nodes[u]["dept"] != g.nodes[v]["dept"])
    ei = ei_index(g, group="dept") if g.number_of_edges() else math.nan
    return np.array([nx.density(g), cross_ties / cross_cells, ei]) if n > 1 else np.full(3, np.nan)


def _enumerate(g1: nx.Graph, g2: nx.Graph) -> tuple[np.ndarray, np.ndarray]:
    """Observed change and the change under every one of the 2^m exchanges of changed pairs,
    built as graphs (brute force, independent of the vectorised code)."""
    directed = g1.is_directed()

    def state(g: nx.Graph, u: str, v: str) -> tuple[bool, bool]:
        return (g.has_edge(u, v), g.has_edge(v, u))

    pairs = [
        (u, v)
        for u, v in itertools.combinations(sorted(g1), 2)
        if state(g1, u, v) != state(g2, u, v)
    ]
    changes = []
    for mask in itertools.product([False, True], repeat=len(pairs)):
        h1, h2 = g1.copy(), g2.copy()
        for swap, (u, v) in zip(mask, pairs, strict=True):
            if not swap:
                continue
            for a, b in ((u, v), (v, u)) if directed else ((u, v),):
                in1, in2 = g1.has_edge(a, b), g2.has_edge(a, b)
                for h, present in ((h1, in2), (h2, in1)):
                    if present and not h.has_edge(a, b):
                        h.add_edge(a, b)
                    elif not present and h.has_edge(a, b):
                        h.remove_edge(a, b)
        changes.append(_measures(h2) - _measures(h1))
    return _measures(g2) - _measures(g1), np.asarray(changes)


# g1: ties within the departments; g2 keeps two of them, drops one, adds three across.
BEFORE = [("a", "b"), ("b", "c"), ("d", "e"), ("e", "f")]
AFTER = [("a", "b"), ("d", "e"), ("a", "d"), ("b", "e"), ("c", "f"), ("e", "f")]


@pytest.mark.parametrize("directed", [False, True])
def test_exact_p_values_equal_full_enumeration(directed: bool) -> None:
    after = AFTER + ([("d", "a"), ("c", "b")] if directed else [])
    g1, g2 = _graph(BEFORE, directed), _graph(after, directed)
    result = change_tests(g1, g2, group="dept")
    observed, changes = _enumerate(g1, g2)
    assert result.method == "exact"
    assert result.n_changed_dyads == math.log2(len(changes))
    # a reversed arc (b -> c became c -> b) changes no measure and is not enumerated
    assert result.n_permutations == 2 ** (result.n_changed_dyads - (1 if directed else 0))
    for k, test in enumerate(result.tests):
        assert test.measure == CHANGE_MEASURES[k]
        assert test.change == pytest.approx(observed[k])
        valid = ~np.isnan(changes[:, k])
        tol = 1e-10
        assert test.p_value == pytest.approx(
            np.mean(np.abs(changes[valid, k]) >= abs(observed[k]) - tol)
        )
        assert test.p_increase == pytest.approx(np.mean(changes[valid, k] >= observed[k] - tol))
        assert test.p_decrease == pytest.approx(np.mean(changes[valid, k] <= observed[k] + tol))


def test_hand_worked_density() -> None:
    # 15 pairs; changed: b-c lost, a-d, b-e, c-f gained, so the change is (3 - 1)/15 = 2/15.
    # Swapping the lost pair adds 2/15, swapping a gained pair subtracts 2/15: with s lost and
    # g gained pairs swapped the change is (2 + 2s - 2g)/15, which is 0 exactly when g = 1 + s
    # (3 + 3 of the 16 exchanges) and at least 2/15 in size otherwise: p = 10/16.
    g1, g2 = _graph(BEFORE), _graph(AFTER)
    test = change_tests(g1, g2, group="dept").tests[0]
    assert test.before == pytest.approx(4 / 15) and test.after == pytest.approx(6 / 15)
    assert test.p_value == pytest.approx(10 / 16)
    assert test.p_increase == pytest.approx(5 / 16)  # g = 0 (1 + 1), or g = 1 with s = 1 (3)


def test_density_test_is_mcnemar() -> None:
    """For the density the exchange test is the exact sign (McNemar) test on the changed pairs."""
    rng = np.random.default_rng(7)
    nodes = [f"v{i}" for i in range(12)]
    pairs = list(itertools.combinations(nodes, 2))
    base = [p for p in pairs if rng.random() < 0.2]
    gained = [p for p in pairs if p not in base and rng.random() < 0.08][:7]
    lost = base[:2]
    g1 = nx.Graph(base)
    g2 = nx.Graph([p for p in base if p not in lost] + gained)
    for g in (g1, g2):
        g.add_nodes_from(nodes)
        nx.set_node_attributes(g, {v: str(i % 2) for i, v in enumerate(nodes)}, "dept")
    result = change_tests(g1, g2, group="dept")
    assert result.method == "exact" and result.n_changed_dyads == len(gained) + len(lost)
    sign = stats.binomtest(len(gained), len(gained) + len(lost), 0.5)
    assert result.tests[0].p_value == pytest.approx(sign.pvalue)


def test_identical_periods_give_p_one() -> None:
    g = _graph(AFTER)
    result = change_tests(g, g.copy(), group="dept")
    assert result.n_changed_dyads == 0
    for test in result.tests:
        assert test.change == 0.0 and test.p_value == 1.0


def test_strong_change_gives_small_p() -> None:
    rng = np.random.default_rng(1)
    nodes = [f"a{i:02d}" for i in range(40)]
    dept = {v: "x" if i < 20 else "y" for i, v in enumerate(nodes)}
    within = [(u, v) for u, v in itertools.combinations(nodes, 2) if dept[u] == dept[v]]
    across = [(u, v) for u, v in itertools.combinations(nodes, 2) if dept[u] != dept[v]]
    pick = rng.permutation(len(within))[:60]
    g1 = nx.Graph([within[i] for i in pick])
    g2 = nx.Graph([within[i] for i in pick[:30]] + [across[i] for i in rng.permutation(400)[:90]])
    for g in (g1, g2):
        g.add_nodes_from(nodes)
        nx.set_node_attributes(g, dept, "dept")
    result = change_tests(g1, g2, group="dept", n_permutations=999, seed=3)
    assert result.method == "monte_carlo" and result.n_changed_dyads > EXACT_MAX_DYADS
    for test in result.tests:
        assert test.change > 0 and test.p_value == pytest.approx(1 / 1000)
        assert test.p_increase == pytest.approx(1 / 1000) and test.p_decrease == 1.0


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10_000), directed=st.booleans())
def test_monte_carlo_agrees_with_exact(seed: int, directed: bool) -> None:
    rng = np.random.default_rng(seed)
    pairs = list(
        itertools.permutations(GROUPS, 2) if directed else itertools.combinations(GROUPS, 2)
    )
    g1 = _graph([p for p in pairs if rng.random() < 0.3], directed)
    g2 = _graph([p for p in pairs if rng.random() < 0.3], directed)
    exact = change_tests(g1, g2, group="dept")
    if exact.method != "exact":
        return
    m = 3000
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("coopnet.compare.change.EXACT_MAX_DYADS", -1)
        mc = change_tests(g1, g2, group="dept", n_permutations=m, seed=seed)
    assert mc.method == "monte_carlo" and mc.n_permutations == m
    for a, b in zip(exact.tests, mc.tests, strict=True):
        # the observed change does not depend on the permutations (undefined stays undefined)
        assert a.change == b.change or (math.isnan(a.change) and math.isnan(b.change))
        for key in ("p_value", "p_increase", "p_decrease"):
            p, q = getattr(a, key), getattr(b, key)
            if math.isnan(p):
                assert math.isnan(q)
                continue
            assert abs(p - q) <= 4 * math.sqrt(p * (1 - p) / m) + 2 / m, (a.measure, key)


def test_only_common_actors_and_undefined_cases() -> None:
    g1 = _graph(BEFORE)
    g2 = _graph(AFTER)
    g2.add_node("new", dept="x")
    g2.add_edge("new", "a")
    result = change_tests(g1, g2, group="dept")
    assert result.n_actors == 6 and result.n_dyads == 15
    one = {v: "x" for v in GROUPS}
    h1, h2 = nx.Graph(g1), nx.Graph(_graph(AFTER))
    for h in (h1, h2):
        nx.set_node_attributes(h, one, "dept")
    tests = {t.measure: t for t in change_tests(h1, h2, group="dept").tests}
    assert math.isnan(tests["cross_group_density"].p_value)
    assert tests["cross_group_density"].note
    empty = _graph([])
    tests = {t.measure: t for t in change_tests(empty, g2, group="dept").tests}
    assert math.isnan(tests["ei_index"].change) and "no tie" in tests["ei_index"].note
    assert tests["density"].p_value == pytest.approx(2 / 2**6)  # 6 pairs gained: none or all


def test_errors() -> None:
    with pytest.raises(GraphError):
        change_tests(_graph(BEFORE), _graph(AFTER, directed=True), group="dept")
    with pytest.raises(GraphError, match="grouping attribute"):
        change_tests(_graph(BEFORE), _graph(AFTER), group="nope")
    with pytest.raises(ValueError, match="n_permutations"):
        change_tests(_graph(BEFORE), _graph(AFTER), group="dept", n_permutations=0)


def test_compare_periods_reports_the_change_tests(tmp_path: object) -> None:
    net = coopnet.load(MUSTERSTADT)
    config = AnalysisConfig(n_permutations=99)
    comparison = compare_periods(Study(net, config), "2014", "2016")
    summary = comparison.summary()
    change = summary["change_tests"]
    assert set(change["measures"]) == set(CHANGE_MEASURES)
    assert change["n_permutations"] == 99 and change["seed"] == 0
    assert change["n_actors"] == 60
    ei = change["measures"]["ei_index"]
    assert ei["change"] > 0 and ei["p_value"] == pytest.approx(0.01)
    folder = tmp_path / "cmp"  # type: ignore[operator]
    write_comparison(comparison, folder)
    written = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    assert written["change_tests"] == change
