"""recommend_ties: every greedy step is the best single addition (brute force), hand examples,
properties and edge cases."""

from __future__ import annotations

import random
from fractions import Fraction
from typing import Any

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coopnet.errors import GraphError
from coopnet.metrics import fragmentation, key_players
from coopnet.recommend import (
    OBJECTIVES,
    RECOMMENDATION_COLUMNS,
    Recommendations,
    cross_group_reach,
    recommend_objectives,
    recommend_ties,
    robustness,
)

from . import brute
from .test_state import SEEDS, graph_for, random_graph


def check_greedy(g: nx.Graph, result: Recommendations, **options: Any) -> None:
    """Replay `result` on `g`: each step must be the brute-force best single addition."""
    objective = result.objective
    group = options.get("group")
    current = g.copy()
    pairs = brute.candidate_pairs(
        g,
        group=group,
        across=options.get("across_groups", False),
        sources=options.get("sources"),
        targets=options.get("targets"),
    )
    assert result.n_candidates == len(pairs)
    assert result.before == float(brute.value(g, objective, group))
    for rec in result.recommendations:
        best, winners = brute.best_additions(current, pairs, objective, group)
        assert best > 0
        assert (rec.source, rec.target) == winners[0]
        assert rec.alternatives == len(winners) - 1
        assert rec.before == float(brute.value(current, objective, group))
        current.add_edge(rec.source, rec.target)
        pairs.remove((rec.source, rec.target))
        assert rec.after == float(brute.value(current, objective, group))
        assert rec.gain == pytest.approx(float(best), abs=1e-12)
    if result.stop == "no_gain":
        assert pairs and brute.best_additions(current, pairs, objective, group)[0] == 0
    elif result.stop == "no_candidates":
        assert not pairs
    else:
        assert len(result) == result.k


@pytest.mark.parametrize("objective", OBJECTIVES)
@pytest.mark.parametrize("seed", SEEDS)
def test_each_step_is_the_best_single_addition(objective: str, seed: int) -> None:
    g = graph_for(seed)
    group = "dept" if objective == "reach" else None
    if objective == "reach" and len({g.nodes[v]["dept"] for v in g}) < 2:
        return
    result = recommend_ties(g, k=3, objective=objective, group=group)  # type: ignore[arg-type]
    check_greedy(g, result, group=group)


@pytest.mark.parametrize("objective", OBJECTIVES)
@pytest.mark.parametrize("seed", range(0, 40, 3))
def test_candidate_options_against_brute_force(objective: str, seed: int) -> None:
    g = graph_for(seed, groups=2)
    if len({g.nodes[v]["dept"] for v in g}) < 2:
        return
    rng = random.Random(seed)
    ids = sorted(g)
    options_list: list[dict[str, Any]] = [
        {"group": "dept", "across_groups": True},
        {"group": "dept", "sources": rng.sample(ids, 2)},
        {"group": "dept", "sources": rng.sample(ids, 2), "targets": rng.sample(ids, 3)},
        {"group": "dept", "targets": rng.sample(ids, 1), "across_groups": True},
    ]
    for options in options_list:
        result = recommend_ties(g, k=2, objective=objective, **options)  # type: ignore[arg-type]
        check_greedy(g, result, **options)
        named = options.get("sources")
        for rec in result.recommendations:
            if named is not None and (rec.source in named) != (rec.target in named):
                assert rec.source in named  # the named actor is the source


def brute_liaison(
    g: nx.Graph, objective: str, group: str, k: int
) -> tuple[str | None, list[tuple[str, str]]]:
    """Per liaison: greedy ties to new groups (not its own), best final value, smaller id."""
    best_actor, best_value, best_ties = None, None, []
    active = sorted(v for v in g if g.degree(v) > 0)
    for a in active:
        current, ties, used = g.copy(), [], {g.nodes[a][group]}
        for _ in range(k):
            pairs = [
                (a, t)
                for t in active
                if t != a and not current.has_edge(a, t) and g.nodes[t][group] not in used
            ]
            if not pairs:
                break
            gain, winners = brute.best_additions(current, pairs, objective, group)
            if gain <= 0:
                break
            current.add_edge(*winners[0])
            ties.append(winners[0])
            used.add(g.nodes[winners[0][1]][group])
        if not ties:
            continue
        value = brute.value(current, objective, group)
        better = best_value is None or (
            value > best_value if objective == "reach" else value < best_value
        )
        if better:
            best_actor, best_value, best_ties = a, value, ties
    return best_actor, best_ties


@pytest.mark.parametrize("objective", OBJECTIVES)
@pytest.mark.parametrize("seed", range(0, 40))
def test_liaison_against_brute_force(objective: str, seed: int) -> None:
    g = graph_for(seed, groups=4)
    if len({g.nodes[v]["dept"] for v in g}) < 2:
        return
    result = recommend_ties(g, k=3, objective=objective, group="dept", liaison=True)  # type: ignore[arg-type]
    actor, ties = brute_liaison(g, objective, "dept", 3)
    assert result.liaison == actor
    assert [(r.source, r.target) for r in result.recommendations] == ties
    groups = [r.target_group for r in result.recommendations]
    assert len(set(groups)) == len(groups)
    assert all(r.source_group != r.target_group for r in result.recommendations)


# ---------------------------------------------------------------------------------- by hand
def test_three_components_need_two_ties() -> None:
    """{a,b}, {c,d}, {e,f}: F = 1 - 3*2/30 = 0.8; joining two: 1 - (12+2)/30 = 0.5333; then 0."""
    g = nx.Graph([("a", "b"), ("c", "d"), ("e", "f")])
    result = recommend_ties(g, k=5)
    assert [(r.source, r.target) for r in result.recommendations] == [("a", "c"), ("a", "e")]
    assert [round(r.after, 4) for r in result.recommendations] == [0.5333, 0.0]
    assert result.before == pytest.approx(0.8)
    assert result.after == 0.0
    assert result.stop == "no_gain"
    assert all(r.joins_components for r in result.recommendations)
    # 2 x 2 x 3 = 12 cross-component pairs at step 1, 4 x 2 = 8 at step 2
    assert [r.alternatives for r in result.recommendations] == [11, 7]


def test_star_gets_the_tie_that_bypasses_the_broker() -> None:
    """Star hub-{a,b,c,d}: without the hub everybody is isolated (F = 1).

    Any leaf-leaf tie leaves one pair connected after removing the hub: F = 1 - 2/12 = 0.8333,
    and the hub stays the key player (removing a leaf leaves a connected star).
    """
    g = nx.star_graph(["hub", "a", "b", "c", "d"])
    result = recommend_ties(g, k=1, objective="robustness")
    (rec,) = result.recommendations
    assert (rec.source, rec.target) == ("a", "b")
    assert rec.bypassed == ("hub",) and rec.key_player == "hub"
    assert rec.before == 1.0 and rec.after == pytest.approx(1 - 2 / 12)
    assert rec.alternatives == 5  # the 6 leaf pairs are equally good
    assert not rec.joins_components
    assert result.bypassing("hub") == (rec,)


def test_two_cliques_and_a_broker() -> None:
    """Cliques {a1,a2,a3} and {b1,b2,b3} joined only through broker k.

    Removing k splits 3 + 3: F = 1 - 12/30 = 0.6. A tie that touches a1 (or b1) leaves a1 a cut
    vertex (without it {a2, a3} is cut off); a tie a_i - b_j with i, j in {2, 3} leaves every
    removal with one component of 6: F = 0. Four such pairs; the smallest ids win: a2 - b2.
    """
    g = nx.Graph()
    g.add_edges_from([("a1", "a2"), ("a1", "a3"), ("a2", "a3"), ("b1", "b2"), ("b1", "b3")])
    g.add_edges_from([("b2", "b3"), ("k", "a1"), ("k", "b1")])
    result = recommend_ties(g, k=2, objective="robustness")
    assert [(r.source, r.target) for r in result.recommendations] == [("a2", "b2")]
    assert result.recommendations[0].alternatives == 3
    assert result.recommendations[0].before == pytest.approx(0.6)
    assert result.recommendations[0].after == 0.0
    assert result.recommendations[0].bypassed == (
        "a1",
        "b1",
        "k",
    )  # every a2-b2 path ran through all three
    assert result.stop == "no_gain"


def test_reach_on_a_path_of_two_groups() -> None:
    """a - b - c - d, groups x x y y: 3 of 4 cross pairs within 2 (a-d is 3 steps).

    Any tie touching a or d except... a-c brings a-d within 2 (via c), a-d directly too;
    the first in id order is a-c (a-d also gains 1, b-d is tied? no: b-d also brings... ).
    Only a-d, a-c and b-d are non-ties; each brings a-d within distance 2: gain 1/4.
    """
    g = nx.path_graph(["a", "b", "c", "d"])
    nx.set_node_attributes(g, {"a": "x", "b": "x", "c": "y", "d": "y"}, "dept")
    result = recommend_ties(g, k=2, objective="reach", group="dept")
    (rec,) = result.recommendations
    assert (rec.source, rec.target) == ("a", "c")
    assert (rec.before, rec.after, rec.gain) == (0.75, 1.0, 0.25)
    assert rec.alternatives == 2
    assert (rec.source_group, rec.target_group) == ("x", "y")
    assert rec.group_pair == ("x", "y")
    assert result.for_group_pair("y", "x") == (rec,)
    assert result.stop == "no_gain"


def test_objective_functions_agree_with_metrics() -> None:
    g = random_graph(7)
    assert robustness(g) == pytest.approx(key_players(g, k=1)["fragmentation_after"][0])
    assert cross_group_reach(g, group="dept") == float(brute.reach(g, "dept"))


# -------------------------------------------------------------------------------- properties
@st.composite
def graphs(draw: st.DrawFn) -> nx.Graph:
    n = draw(st.integers(3, 9))
    pairs = [(i, j) for i in range(n) for j in range(i + 1, n)]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=len(pairs)))
    g = nx.Graph()
    g.add_nodes_from(f"n{i}" for i in range(n))
    g.add_edges_from((f"n{i}", f"n{j}") for i, j in chosen)
    groups = draw(st.lists(st.sampled_from("xyz"), min_size=n, max_size=n))
    if len(set(groups)) < 2:
        groups[0], groups[-1] = "x", "y"
    nx.set_node_attributes(g, {f"n{i}": groups[i] for i in range(n)}, "dept")
    return g


@settings(max_examples=60, deadline=None)
@given(graphs(), st.sampled_from(OBJECTIVES), st.integers(0, 4), st.booleans())
def test_gains_are_positive_and_values_monotone(
    g: nx.Graph, objective: str, k: int, across: bool
) -> None:
    result = recommend_ties(
        g,
        k=k,
        objective=objective,  # type: ignore[arg-type]
        group="dept",
        across_groups=across,
    )
    assert len(result) <= k
    previous = result.before
    for rec in result.recommendations:
        assert rec.gain > 0
        assert rec.before == previous
        if objective == "reach":
            assert rec.after > rec.before
        else:
            assert rec.after < rec.before
        previous = rec.after
    assert result.after == previous
    # every recommended tie is new and between two different actors
    pairs = {frozenset((r.source, r.target)) for r in result.recommendations}
    assert len(pairs) == len(result)
    assert not any(g.has_edge(r.source, r.target) for r in result.recommendations)


@settings(max_examples=30, deadline=None)
@given(graphs(), st.sampled_from(OBJECTIVES))
def test_insertion_order_does_not_matter(g: nx.Graph, objective: str) -> None:
    shuffled = nx.Graph()
    shuffled.add_nodes_from(sorted(g.nodes(data=True), reverse=True))
    shuffled.add_edges_from(reversed(list(g.edges())))
    a = recommend_ties(g, k=2, objective=objective, group="dept")  # type: ignore[arg-type]
    b = recommend_ties(shuffled, k=2, objective=objective, group="dept")  # type: ignore[arg-type]
    assert a == b


# ------------------------------------------------------------------------------- edge cases
def test_isolates_are_not_candidates_unless_named() -> None:
    g = nx.Graph([("a", "b")])
    g.add_nodes_from(["z", "y"])
    result = recommend_ties(g, k=2)
    assert len(result) == 0 and result.stop == "no_candidates" and result.n_candidates == 0
    assert result.before == pytest.approx(fragmentation(g))
    named = recommend_ties(g, k=2, sources=["z"])
    assert [(r.source, r.target) for r in named.recommendations] == [("z", "a")]
    # targets default to the active actors a, b; after z - a, z - b is left but gains nothing
    assert named.stop == "no_gain"


def test_complete_graph_has_nothing_to_add() -> None:
    g = nx.complete_graph(["a", "b", "c", "d"])
    for objective in ("fragmentation", "robustness"):
        result = recommend_ties(g, k=3, objective=objective)  # type: ignore[arg-type]
        assert len(result) == 0 and result.stop == "no_candidates"
        assert result.before == result.after == 0.0


def test_more_ties_asked_than_possible() -> None:
    g = nx.Graph([("a", "b"), ("c", "d")])
    result = recommend_ties(g, k=10)
    assert len(result) == 1 and result.stop == "no_gain" and result.after == 0.0
    path = nx.path_graph(["a", "b", "c"])
    every = recommend_ties(path, k=10, objective="robustness")
    assert len(every) == 1 and every.stop == "no_candidates"
    assert recommend_ties(g, k=0).recommendations == ()


def test_reach_needs_groups() -> None:
    g = nx.path_graph(["a", "b", "c"])
    with pytest.raises(GraphError, match="needs a grouping column"):
        recommend_ties(g, objective="reach")
    nx.set_node_attributes(g, "x", "dept")
    with pytest.raises(GraphError, match="one group"):
        recommend_ties(g, objective="reach", group="dept")
    with pytest.raises(GraphError, match="one group"):
        recommend_ties(g, group="dept", across_groups=True)
    with pytest.raises(GraphError, match="needs a grouping column"):
        recommend_ties(g, liaison=True)
    with pytest.raises(GraphError, match="no value for the group attribute"):
        recommend_ties(g, group="sector")


def test_bad_arguments() -> None:
    g = nx.path_graph(["a", "b", "c"])
    with pytest.raises(GraphError, match="unknown objective 'speed'"):
        recommend_ties(g, objective="speed")  # type: ignore[arg-type]
    with pytest.raises(GraphError, match="k must be >= 0"):
        recommend_ties(g, k=-1)
    with pytest.raises(GraphError, match="k must be an integer"):
        recommend_ties(g, k=1.5)  # type: ignore[arg-type]
    with pytest.raises(GraphError, match="unknown actor 'A' in sources; did you mean 'a'"):
        recommend_ties(g, sources=["A"])
    with pytest.raises(GraphError, match="not a string"):
        recommend_ties(g, targets="a")
    with pytest.raises(GraphError, match="at least 3 actors"):
        recommend_ties(nx.Graph([("a", "b")]), objective="robustness")
    with pytest.raises(GraphError, match="self-ties"):
        recommend_ties(nx.Graph([("a", "a"), ("a", "b")]))


def test_directed_graphs_are_symmetrised() -> None:
    d = nx.DiGraph([("a", "b"), ("b", "a"), ("c", "d")])
    u = nx.Graph([("a", "b"), ("c", "d")])
    assert recommend_ties(d, k=2) == recommend_ties(u, k=2)


def test_table_columns_and_metadata() -> None:
    g = nx.Graph([("a", "b"), ("c", "d")], name="Test")
    g.graph["period"] = "2016"
    nx.set_node_attributes(g, {"a": "Amt <A>", "b": "B", "c": "C", "d": "D"}, "label")
    nx.set_node_attributes(g, {"a": "x", "b": "x", "c": "y", "d": "y"}, "dept")
    result = recommend_ties(g, k=1, group="dept")
    frame = result.to_frame()
    assert tuple(frame.columns) == RECOMMENDATION_COLUMNS
    assert frame.iloc[0].to_dict() == {
        "rank": 1,
        "source": "a",
        "target": "c",
        "source_label": "Amt <A>",
        "target_label": "C",
        "source_group": "x",
        "target_group": "y",
        "objective": "fragmentation",
        "before": pytest.approx(1 - 4 / 12),
        "after": 0.0,
        "gain": pytest.approx(1 - 4 / 12),
    }
    assert (result.dataset, result.period) == ("Test", "2016")
    assert result.to_dict()["recommendations"][0]["bypassed"] == []
    empty = recommend_ties(nx.complete_graph(["a", "b", "c"]), k=1).to_frame()
    assert tuple(empty.columns) == RECOMMENDATION_COLUMNS and len(empty) == 0
    assert Fraction(result.before).limit_denominator(100) == Fraction(2, 3)


@pytest.mark.parametrize("seed", SEEDS)
def test_recommend_objectives_gives_the_lists_of_recommend_ties(seed: int) -> None:
    """Sharing the candidate pairs across objectives changes no list."""
    g = graph_for(seed)
    objectives: list[Any] = ["fragmentation", "robustness", "reach"]
    if g.number_of_nodes() < 3 or len({g.nodes[v]["dept"] for v in g}) < 2:
        return
    shared = recommend_objectives(g, objectives, k=3, group="dept")
    alone = [recommend_ties(g, k=3, objective=o, group="dept") for o in objectives]
    assert shared == alone
