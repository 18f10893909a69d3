"""The incremental evaluators give, for every candidate pair, what networkx gives from scratch."""

from __future__ import annotations

import random
from fractions import Fraction
from itertools import combinations

import networkx as nx
import numpy as np
import pytest

from coopnet.recommend._blocks import OUTSIDE, REMOVED, blocks
from coopnet.recommend._state import Fragmentation, Reach, Robustness
from coopnet.recommend.objectives import network

from . import brute


def random_graph(seed: int, *, groups: int = 3) -> nx.Graph:
    """A small random graph with string ids, a 'dept' attribute and sometimes isolates."""
    rng = random.Random(seed)
    n = rng.randint(4, 10)
    g = nx.gnp_random_graph(n, rng.choice([0.15, 0.25, 0.4, 0.6]), seed=seed)
    g = nx.relabel_nodes(g, {i: f"v{i:02d}" for i in range(n)})
    nx.set_node_attributes(g, {v: f"g{rng.randrange(groups)}" for v in g}, "dept")
    return g


def random_pieces(seed: int) -> nx.Graph:
    """Two to four small random components (trees and cycles: many cut vertices), plus groups."""
    rng = random.Random(seed)
    g = nx.Graph()
    for part in range(rng.randint(2, 4)):
        size = rng.randint(2, 5)
        h = (
            nx.random_labeled_tree(size, seed=rng.randrange(10**6))
            if size > 2
            else nx.path_graph(2)
        )
        if size > 3 and rng.random() < 0.5:
            h.add_edge(0, size - 1)
        g.update(nx.relabel_nodes(h, {i: f"c{part}{i}" for i in h}))
    nx.set_node_attributes(g, {v: f"g{rng.randrange(3)}" for v in g}, "dept")
    return g


def graph_for(seed: int, *, groups: int = 3) -> nx.Graph:
    """Even seeds: :func:`random_graph`; odd seeds: :func:`random_pieces`."""
    return random_graph(seed, groups=groups) if seed % 2 == 0 else random_pieces(seed)


SEEDS = range(60)


def non_ties(g: nx.Graph) -> list[tuple[str, str]]:
    return [(u, v) for u, v in combinations(sorted(g), 2) if not g.has_edge(u, v)]


def positions(g: nx.Graph, pairs: list[tuple[str, str]]) -> tuple[np.ndarray, np.ndarray]:
    at = {v: i for i, v in enumerate(sorted(g))}
    xs = np.array([at[u] for u, _ in pairs], dtype=np.int64)
    ys = np.array([at[v] for _, v in pairs], dtype=np.int64)
    return xs, ys


def sum_squares_without(g: nx.Graph, v: str) -> int:
    h = g.copy()
    h.remove_node(v)
    return sum(len(c) ** 2 for c in nx.connected_components(h))


@pytest.mark.parametrize("seed", SEEDS)
def test_blocks_match_networkx(seed: int) -> None:
    g = graph_for(seed)
    ids = sorted(g)
    net = network(g)
    b = blocks(net.ties().lists())
    assert b.sum_squares == sum(len(c) ** 2 for c in nx.connected_components(g))
    assert [int(s) for s in b.sum_squares_without] == [sum_squares_without(g, v) for v in ids]
    assert {ids[i] for i in np.flatnonzero(b.cut)} == set(nx.articulation_points(g))
    for v, actor in enumerate(ids):
        h = g.copy()
        h.remove_node(actor)
        piece, size = b.pieces(v)
        assert piece[v] == REMOVED and size[v] == 0
        for w, other in enumerate(ids):
            if w == v:
                continue
            if not nx.has_path(g, actor, other):
                assert piece[w] == OUTSIDE
                continue
            part = nx.node_connected_component(h, other)
            assert size[w] == len(part)
            same = {ids[u] for u in range(len(ids)) if u != v and piece[u] == piece[w]}
            assert same == part
            assert b.piece_of(v, w) == piece[w]


@pytest.mark.parametrize("seed", SEEDS)
def test_fragmentation_gains_are_exact(seed: int) -> None:
    g = graph_for(seed)
    pairs = non_ties(g)
    if not pairs:
        return
    state = Fragmentation(network(g).ties())
    gains = state.gains(*positions(g, pairs))
    n = g.number_of_nodes()
    for (u, v), gain in zip(pairs, gains, strict=True):
        h = g.copy()
        h.add_edge(u, v)
        assert brute.fragmentation(g) - Fraction(int(gain), n * (n - 1)) == brute.fragmentation(h)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("path", ["dense", "rows", "sparse", "one row"])
def test_reach_gains_are_exact(seed: int, path: str) -> None:
    g = graph_for(seed)
    pairs = non_ties(g)
    net = network(g, group="dept")
    assert net.codes is not None
    if not pairs or np.unique(net.codes).size < 2:
        return
    if path == "one row":  # as in the liaison search: every pair of one source actor
        first = pairs[0][0]
        pairs = [(u, v) for u, v in pairs if u == first]
    state = Reach(net.ties(), net.codes)
    assert state.value() == brute.reach(g, "dept")
    xs, ys = positions(g, pairs)
    if path == "dense":
        gains = state.gains_dense(xs, ys)
    elif path == "sparse":
        gains = state.gains_sparse(xs, ys)
        assert list(state.gains_sparse(ys, xs)) == list(gains)  # either end as the source
    else:
        gains = state.gains_rows(xs, ys)
    assert list(gains) == list(state.gains(xs, ys))
    for (u, v), gain in zip(pairs, gains, strict=True):
        h = g.copy()
        h.add_edge(u, v)
        assert brute.reach(g, "dept") + Fraction(int(gain), state.pairs) == brute.reach(h, "dept")


@pytest.mark.parametrize("seed", SEEDS)
def test_robustness_values_are_exact_for_every_pair(seed: int) -> None:
    g = graph_for(seed)
    pairs = non_ties(g)
    if g.number_of_nodes() < 3 or not pairs:
        return
    state = Robustness(network(g).ties())
    assert state.value() == brute.robustness(g)
    xs, ys = positions(g, pairs)
    exact = state.after(xs, ys, prune=False)
    pruned = state.after(xs, ys)
    truth = []
    for u, v in pairs:
        h = g.copy()
        h.add_edge(u, v)
        truth.append(min(sum_squares_without(h, w) for w in h))
    assert [int(x) for x in exact] == truth
    # pruning keeps the exact value of every best pair and leaves the others below the best
    best = max(truth)
    for value, true in zip(pruned, truth, strict=True):
        assert (value == true) if true == best else (value < best)


def test_robustness_after_a_chain_of_additions() -> None:
    """The cached structure is rebuilt after each added tie (a path closed into a cycle)."""
    g = nx.path_graph([f"p{i}" for i in range(6)])
    state = Robustness(network(g).ties())
    assert state.value() == brute.robustness(g)
    state.add(0, 5)
    g.add_edge("p0", "p5")
    assert state.value() == brute.robustness(g) == 0
