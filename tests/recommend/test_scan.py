"""The search over all pairs without listing them (recommend/_scan.py) equals the full evaluation.

The reference is the listed path of :mod:`coopnet.recommend.greedy`: every candidate pair built
by ``_candidates`` and scored at once by ``_best`` (which ``tests/recommend/test_greedy.py``
checks against brute force). Blocks are made as small as one pair or one row to exercise the
bookkeeping across blocks.
"""

from __future__ import annotations

import random
from typing import Any
from unittest import mock

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import coopnet
from coopnet.diagnose import diagnose, find_remedies
from coopnet.errors import GraphError
from coopnet.recommend import _scan, recommend_objectives, recommend_ties
from coopnet.recommend._scan import Tally, best_step
from coopnet.recommend._state import Robustness, State, Ties
from coopnet.recommend.greedy import _best, _candidates, _search, _search_all, _Step
from coopnet.recommend.objectives import Network, network

from ..conftest import MakeDataset
from .test_greedy import check_greedy
from .test_state import graph_for, non_ties, positions, sum_squares_without

BLOCKS = [1, 2, 3, 7, 1 << 19]
"""Pairs per block (:data:`coopnet.recommend._scan._PAIRS`): tiny ones split every search."""


def listed(net: Network, objective: Any, k: int) -> tuple[list[_Step], str]:
    """The full evaluation: every default candidate pair listed and scored."""
    state = net.state(objective)
    active = np.flatnonzero(state.ties.degrees() > 0).astype(np.int64)
    xs, ys = _candidates(
        net, active, active, state.ties.keys(), across_groups=False, oriented=False
    )
    return _search(state, xs, ys, k, names=net.ids, progress=False)


def scanned(net: Network, objective: Any, k: int, block: int) -> tuple[list[_Step], str]:
    state = net.state(objective)
    active = np.flatnonzero(state.ties.degrees() > 0).astype(np.int64)
    with mock.patch.object(_scan, "_PAIRS", block):
        return _search_all(state, active, k, names=net.ids, progress=False)


@st.composite
def graphs(draw: st.DrawFn) -> nx.Graph:
    """Up to 14 actors: random ties, or a few paths, stars and cycles (many cut vertices);
    isolates, several components and one to four groups happen."""
    n = draw(st.integers(2, 14))
    g = nx.Graph()
    g.add_nodes_from(f"n{i:02d}" for i in range(n))
    if draw(st.booleans()):
        pairs = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=30))
        g.add_edges_from((f"n{a:02d}", f"n{b:02d}") for a, b in pairs if a != b)
    else:
        start = 0
        while start < n - 1:
            size = draw(st.integers(2, min(6, n - start)))
            shape = draw(st.sampled_from(["path", "star", "cycle"]))
            part = [f"n{i:02d}" for i in range(start, start + size)]
            if shape == "star":
                g.add_edges_from((part[0], v) for v in part[1:])
            else:
                nx.add_path(g, part)
                if shape == "cycle" and size > 2:
                    g.add_edge(part[0], part[-1])
            start += size + draw(st.integers(0, 1))  # sometimes an isolate in between
    groups = draw(st.integers(1, 4))
    nx.set_node_attributes(g, {v: f"g{draw(st.integers(0, groups - 1))}" for v in g}, "dept")
    return g


def objectives_for(g: nx.Graph) -> list[str]:
    names = ["fragmentation"]
    if g.number_of_nodes() >= 3:
        names.append("robustness")
    if len({d for _, d in g.nodes(data="dept")}) >= 2:
        names.append("reach")
    return names


@settings(max_examples=200, deadline=None)
@given(graphs(), st.sampled_from(BLOCKS), st.integers(1, 4))
def test_blocked_search_equals_the_full_evaluation(g: nx.Graph, block: int, k: int) -> None:
    """Every step (pair, gain, alternatives, shared actors) and the stop reason."""
    net = network(g, group="dept")
    for objective in objectives_for(g):
        assert scanned(net, objective, k, block) == listed(net, objective, k), objective


@pytest.mark.parametrize("seed", range(60))
@pytest.mark.parametrize("block", [1, 5, 1 << 19])
def test_blocked_search_on_the_state_test_graphs(seed: int, block: int) -> None:
    g = graph_for(seed)
    net = network(g, group="dept")
    for objective in objectives_for(g):
        assert scanned(net, objective, 3, block) == listed(net, objective, 3), objective


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 9), st.integers(0, 9), st.integers(-2, 3)), max_size=40),
    st.randoms(use_true_random=False),
)
def test_tally_does_not_depend_on_blocks_or_their_order(
    rows: list[tuple[int, int, int]], rng: random.Random
) -> None:
    """Blocks in any order and orientation give what ``_best`` gives on the sorted list."""
    unique = {(min(x, y), max(x, y)): gain for x, y, gain in rows if x != y}
    pairs = sorted(unique)
    xs = np.array([p[0] for p in pairs], dtype=np.int64)
    ys = np.array([p[1] for p in pairs], dtype=np.int64)
    gains = np.array([unique[p] for p in pairs], dtype=np.int64)
    expected = _best(mock.Mock(spec=State), xs, ys, gains) if pairs else None
    order = list(range(len(pairs)))
    rng.shuffle(order)
    cuts = sorted(rng.sample(range(1, len(pairs)), min(3, max(len(pairs) - 1, 0))))
    tally = Tally(10)
    for chunk in np.split(np.array(order, dtype=np.int64), cuts):
        flip = rng.random() < 0.5  # either orientation of a pair is the same pair
        a, b = (ys[chunk], xs[chunk]) if flip else (xs[chunk], ys[chunk])
        tally.add(a, b, gains[chunk])
    found = tally.best()
    if expected is None:
        assert found is None
    else:
        assert found is not None
        assert (found.x, found.y, found.gain, found.count - 1, found.common) == (
            expected.x, expected.y, expected.gain, expected.alternatives, expected.shared,
        )  # fmt: skip


# ------------------------------------------------------------------------------ hand examples
def test_three_dyads_count_every_equally_good_pair() -> None:
    """Components {a,b}, {c,d}, {e,f}: any tie between two of them gains 2·2·2 = 8 (12 pairs);
    then {a,b,c,d} and {e,f}: 2·4·2 = 16 over the 4·2 = 8 pairs to e or f."""
    g = nx.Graph([("a", "b"), ("c", "d"), ("e", "f")])
    steps, stop = scanned(network(g), "fragmentation", 3, 1 << 19)
    assert [(s.x, s.y, s.gain, s.alternatives, s.shared) for s in steps] == [
        (0, 2, 8, 11, ()),
        (0, 4, 16, 7, ()),
    ]
    assert stop == "no_gain"


def test_largest_component_against_several_second_largest() -> None:
    """Sizes 3, 2, 2: the best ties join the triangle to a dyad, 3·2·2 = 12 pairs; the
    smallest actor of those components is in a dyad here (a), its partner the triangle's c."""
    g = nx.Graph([("a", "b"), ("c", "d"), ("d", "e"), ("c", "e"), ("f", "g")])
    (first, *_), _ = scanned(network(g), "fragmentation", 1, 1 << 19)
    assert (first.x, first.y, first.gain, first.alternatives) == (0, 2, 2 * 3 * 2, 11)


def test_the_only_best_pair_shares_both_actors() -> None:
    """Path a - b - c - d: losing b (or c) leaves pieces of 1 and 2 actors (Σ = 5); a - d closes
    the cycle, after which every loss leaves a path of 3 (Σ = 9). a - c or b - d leave the loss
    of c or b at 5, so a - d is the only best tie: no alternative, both actors shared."""
    g = nx.path_graph(["a", "b", "c", "d"])
    net = network(g)
    steps, stop = scanned(net, "robustness", 2, 1)
    assert [(s.x, s.y, s.gain, s.alternatives, s.shared) for s in steps] == [(0, 3, 4, 0, (0, 3))]
    assert stop == "no_gain"
    assert (steps, stop) == listed(net, "robustness", 2)


def test_no_ties_at_all() -> None:
    g = nx.empty_graph(["a", "b", "c", "d"])
    for objective in ("fragmentation", "robustness"):
        result = recommend_ties(g, k=2, objective=objective)  # type: ignore[arg-type]
        assert result.stop == "no_candidates" and result.n_candidates == 0
        assert not result.recommendations


def test_without_groups() -> None:
    """Fragmentation and robustness need no grouping column."""
    g = nx.Graph([("a", "b"), ("b", "c"), ("c", "d"), ("e", "f")])
    g.add_node("z")
    net = network(g)
    assert net.codes is None
    for objective in ("fragmentation", "robustness"):
        assert scanned(net, objective, 3, 2) == listed(net, objective, 3)


def test_robustness_only_pairs_the_key_player_separates_can_gain() -> None:
    """The restriction behind the robustness search, checked on every pair of small graphs."""
    for seed in range(40):
        g = graph_for(seed)
        if g.number_of_nodes() < 3:
            continue
        state = Robustness(network(g).ties())
        b = state.structure()
        key = state.key_player()
        piece, _ = b.pieces(key)
        pairs = non_ties(g)
        if not pairs:
            continue
        xs, ys = positions(g, pairs)
        gains = state.after(xs, ys, prune=False) - state.score()
        apart = (b.component[xs] != b.component[ys]) | (piece[xs] != piece[ys])
        apart &= (xs != key) & (ys != key)
        assert not np.any((gains > 0) & ~apart)


def test_robustness_floor_keeps_the_best_exact() -> None:
    """With a floor, every candidate at the best of floor and its own values is exact, the
    others are below it."""
    for seed in range(40):
        g = graph_for(seed)
        pairs = non_ties(g)
        if g.number_of_nodes() < 3 or not pairs:
            continue
        state = Robustness(network(g).ties())
        xs, ys = positions(g, pairs)
        truth = []
        for u, v in pairs:
            h = g.copy()
            h.add_edge(u, v)
            truth.append(min(sum_squares_without(h, w) for w in h))
        for floor in [*sorted(set(truth)), max(truth) + 1]:
            values = state.after(xs, ys, floor=floor)
            top = max(floor, max(truth))
            for value, true in zip(values, truth, strict=True):
                assert (value == true) if true == top else (value < top)


# ------------------------------------------------------------------------- through the API
def test_one_period_with_isolates_through_find_remedies(make_dataset: MakeDataset) -> None:
    """One period, isolates, two components: the report's lists are the brute-force greedy."""
    g = graph_for(3)
    g.add_nodes_from(["zz1", "zz2"], dept="g0")
    actors = "id,group\n" + "".join(f"{v},{g.nodes[v]['dept']}\n" for v in sorted(g))
    ties = "source,target,period\n" + "".join(f"{u},{v},2024\n" for u, v in sorted(g.edges))
    study = coopnet.study(make_dataset(actors, ties), n_permutations=99)
    assert study.periods == ("2024",)
    remedies = find_remedies(study, findings=diagnose(study).findings, k=3)
    assert remedies.n_isolates == 2 and remedies.results
    graph = study.ties("2024")
    for result in remedies.results:
        check_greedy(graph, result, group="group")


def test_best_step_rejects_an_unknown_state() -> None:
    with pytest.raises(TypeError, match="Mock"):
        best_step(mock.Mock(spec=State), np.ones(3, dtype=np.bool_))


@pytest.mark.parametrize("seed", range(0, 60, 7))
def test_objectives_in_worker_processes_give_the_same_lists(seed: int) -> None:
    g = graph_for(seed)
    objectives: list[Any] = objectives_for(g)
    one = recommend_objectives(g, objectives, k=3, group="dept", jobs=1)
    assert recommend_objectives(g, objectives, k=3, group="dept", jobs=2) == one
    assert [r.objective for r in one] == objectives
    assert one == [recommend_ties(g, k=3, objective=o, group="dept") for o in objectives]


def test_bad_jobs() -> None:
    with pytest.raises(GraphError, match="0"):
        recommend_objectives(nx.path_graph(["a", "b", "c"]), ["fragmentation"], jobs=0)


def test_ties_built_with_numpy() -> None:
    """Duplicates and self-ties dropped, either orientation found, sorted neighbour lists."""
    ties = Ties(4, [(1, 0), (0, 1), (2, 1), (3, 3), (1, 3)])
    assert ties.n_ties == 3
    assert ties.has(0, 1) and ties.has(1, 2) and not ties.has(0, 2) and not ties.has(3, 3)
    assert ties.lists() == [(1,), (0, 2, 3), (1,), (1,)]
    ties.add(2, 0)
    assert ties.has(0, 2) and ties.n_ties == 4
    assert ties.lists()[0] == (1, 2)
    assert Ties(3, []).n_ties == 0 and Ties(3, []).lists() == [(), (), ()]
