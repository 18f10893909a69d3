"""The cross-group path shares of the diagnosis equal a direct Brandes accumulation.

``reference_dependence`` is the first, plain implementation (one dependency vector per target
group, O(n m k) time, O(k² n) memory); the shipped one uses subset betweenness per group and per
asked pair so that it scales to thousands of actors and hundreds of groups.
"""

from __future__ import annotations

import random
from collections import deque

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coopnet.diagnose import _paths
from coopnet.diagnose._paths import cross_group_dependence


def reference_dependence(
    graph: nx.Graph, *, group: str
) -> tuple[list[str], np.ndarray, dict[tuple[str, str], np.ndarray], dict[tuple[str, str], int]]:
    """Plain Brandes accumulation per target group (the reference).

    Parameters
    ----------
    graph
        Tie network following the graph contract; direction and weights are ignored.
    group
        Node attribute with the grouping (non-empty text on every actor).

    Returns
    -------
    PathDependence
    """
    actors = sorted(str(v) for v in graph.nodes)
    index = {a: i for i, a in enumerate(actors)}
    groups = sorted({str(graph.nodes[a][group]) for a in actors})
    code = np.array([groups.index(str(graph.nodes[a][group])) for a in actors], dtype=np.int64)
    k, n = len(groups), len(actors)
    neighbours: list[list[int]] = [[] for _ in actors]
    for u, v in graph.edges():
        i, j = index[str(u)], index[str(v)]
        if i != j:
            neighbours[i].append(j)
            neighbours[j].append(i)
    neighbours = [sorted(set(nb)) for nb in neighbours]

    # dependency[g_source, g_target, v]: summed over sources of group g_source
    dependency = np.zeros((k, k, n))
    connected = np.zeros((k, k), dtype=np.int64)
    onehot = np.eye(k)
    for s in range(n):
        sigma = np.zeros(n)
        dist = np.full(n, -1, dtype=np.int64)
        sigma[s], dist[s] = 1.0, 0
        order: list[int] = []
        preds: list[list[int]] = [[] for _ in range(n)]
        queue = deque([s])
        while queue:
            v = queue.popleft()
            order.append(v)
            for w in neighbours[v]:
                if dist[w] < 0:
                    dist[w] = dist[v] + 1
                    queue.append(w)
                if dist[w] == dist[v] + 1:
                    sigma[w] += sigma[v]
                    preds[w].append(v)
        delta = np.zeros((n, k))  # per target group
        for w in reversed(order):
            contribution = onehot[code[w]] + delta[w] if w != s else delta[w]
            for v in preds[w]:
                delta[v] += (sigma[v] / sigma[w]) * contribution
        delta[s] = 0.0
        gs = code[s]
        dependency[gs] += delta.T
        reached = np.bincount(code[np.array(order[1:], dtype=np.int64)], minlength=k)
        connected[gs] += reached
    total_pairs = sum(int(connected[a, b]) for a in range(k) for b in range(k) if a != b)
    cross = sum(dependency[a, b] for a in range(k) for b in range(k) if a != b)
    share = cross / total_pairs if total_pairs else np.zeros(n)
    pair_share: dict[tuple[str, str], np.ndarray] = {}
    pair_connected: dict[tuple[str, str], int] = {}
    for a in range(k):
        for b in range(a + 1, k):
            pairs = int(connected[a, b] + connected[b, a])
            pair_connected[(groups[a], groups[b])] = pairs
            if pairs:
                pair_share[(groups[a], groups[b])] = (dependency[a, b] + dependency[b, a]) / pairs
    return actors, np.asarray(share, dtype=np.float64), pair_share, pair_connected


@pytest.mark.parametrize("method", ["subset", "difference"])
@pytest.mark.parametrize("seed", range(6))
def test_shares_equal_the_reference(seed: int, method: _paths.Method) -> None:
    rng = random.Random(seed)
    n, m = rng.randint(8, 40), rng.randint(5, 70)
    g = nx.relabel_nodes(nx.gnm_random_graph(n, m, seed=seed), lambda i: f"a{i:02d}")
    for v in g:
        g.nodes[v]["group"] = rng.choice("ABCD")
    actors, share, pair_share, pair_connected = reference_dependence(g, group="group")
    dep = cross_group_dependence(g, group="group", method=method)
    assert dep.actors == actors
    np.testing.assert_allclose(dep.share, share, atol=1e-12)
    groups = sorted({g.nodes[v]["group"] for v in g})
    for i, a in enumerate(groups):
        for b in groups[i + 1 :]:
            assert dep.pair_connected(a, b) == pair_connected[(a, b)]
            assert dep.pair_connected(b, a) == pair_connected[(a, b)]
            got = dep.pair_share(a, b)
            if (a, b) in pair_share:
                assert got is not None
                np.testing.assert_allclose(got, pair_share[(a, b)], atol=1e-12)
            else:
                assert got is None


@st.composite
def grouped_graphs(draw: st.DrawFn) -> nx.Graph:
    """Random graphs with isolates, several components, groups of one and one group only."""
    n = draw(st.integers(1, 24))
    pairs = [(i, j) for i in range(n) for j in range(i + 1, n)]
    edges = draw(st.lists(st.sampled_from(pairs), max_size=60)) if pairs else []
    g = nx.Graph()
    g.add_nodes_from(f"a{i:02d}" for i in range(n))
    g.add_edges_from((f"a{i:02d}", f"a{j:02d}") for i, j in edges)
    k = draw(st.integers(1, 5))
    for v in g:
        g.nodes[v]["group"] = "G" + str(draw(st.integers(0, k - 1)))
    return g


@settings(max_examples=150, deadline=None)
@given(grouped_graphs(), st.sampled_from([1e-9, 2.0, 1e9]), st.integers(1, 40))
def test_difference_equals_the_reference(g: nx.Graph, wide: float, cells: int) -> None:
    """``2 B - W`` with truncated searches (all kept, the default cut, all left to igraph; blocks
    of one row to whole) gives the reference shares, exact zeros included."""
    _, share, _, _ = reference_dependence(g, group="group")
    old_wide, old_cells = _paths._WIDE, _paths._BLOCK_CELLS
    _paths._WIDE, _paths._BLOCK_CELLS = wide, cells
    try:
        dep = cross_group_dependence(g, group="group", method="difference")
    finally:
        _paths._WIDE, _paths._BLOCK_CELLS = old_wide, old_cells
    np.testing.assert_allclose(dep.share, share, rtol=1e-12, atol=1e-15)
    assert np.array_equal(dep.share > 0, share > 1e-12)
    subset = cross_group_dependence(g, group="group", method="subset")
    np.testing.assert_allclose(dep.share, subset.share, rtol=1e-12, atol=1e-15)


def test_hand_computed_path() -> None:
    """a - b - c - d, groups X X Y Y: the cross pairs (a,c), (a,d), (b,c), (b,d) both ways (8);
    b lies on (a,c), (a,d) and c on (a,d), (b,d): D(b) = D(c) = 4/8."""
    g = nx.path_graph(["a", "b", "c", "d"])
    for v, grp in zip("abcd", "XXYY", strict=True):
        g.nodes[v]["group"] = grp
    for method in ("subset", "difference"):
        dep = cross_group_dependence(g, group="group", method=method)  # type: ignore[arg-type]
        assert dep.share.tolist() == [0.0, 0.5, 0.5, 0.0]


def test_unknown_method() -> None:
    g = nx.path_graph(["a", "b", "c"])
    for v, grp in zip("abc", "XYX", strict=True):
        g.nodes[v]["group"] = grp
    with pytest.raises(ValueError, match="unknown method"):
        cross_group_dependence(g, group="group", method="fast")  # type: ignore[arg-type]


def test_disconnected_groups_and_isolates() -> None:
    g = nx.Graph([("a", "b"), ("c", "d")])
    g.add_node("e")
    for v, grp in zip("abcde", "XYXYZ", strict=True):
        g.nodes[v]["group"] = grp
    dep = cross_group_dependence(g, group="group")
    assert np.all(dep.share == 0)  # adjacent cross pairs have no intermediary
    assert dep.pair_connected("X", "Z") == 0 and dep.top("X", "Z") is None
    assert dep.pair_connected("X", "Y") == 4  # a-b and c-d, both orders


def test_empty_and_single_group_networks() -> None:
    assert cross_group_dependence(nx.Graph(), group="group").share.size == 0
    g = nx.path_graph(["a", "b", "c"])
    for v in g:
        g.nodes[v]["group"] = "X"
    dep = cross_group_dependence(g, group="group", method="difference")
    assert dep.share.tolist() == [0.0, 0.0, 0.0]  # no cross pairs
    assert dep.pair_connected("X", "X") == 0 and dep.pair_connected("X", "nope") == 0
