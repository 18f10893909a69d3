"""Tests of coopnet.metrics.communities.

Hand-worked graphs whose Louvain partition is obvious, determinism (seed, insertion order, hash
seed), hand-computed NMI/ARI, cross-checks against python-igraph (``compare_communities``,
``Graph.modularity``) and hypothesis properties of :func:`partition_agreement`.
"""

from __future__ import annotations

import json
import math
import os
import random
import subprocess
import sys
from itertools import combinations
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coopnet.errors import GraphError
from coopnet.metrics._util import symmetrise
from coopnet.metrics.arrays import graph_arrays
from coopnet.metrics.communities import (
    CommunityMatch,
    community_match,
    detect_communities,
    louvain,
    partition_agreement,
    partition_modularity,
)
from coopnet.metrics.groups import group_modularity

ig = pytest.importorskip("igraph")

SRC = Path(__file__).resolve().parents[2] / "src"

# --- hand-worked graphs -----------------------------------------------------------------------


def cliques_with_isolates() -> nx.Graph:
    """K4 on b1..b4 and K3 on a1..a3 joined by the bridge a3-b1; isolates z1 and z0.

    The best split cuts the bridge. Numbering: the K4 is the largest community (0), the K3 next
    (1), then the isolates, each its own community, ordered by id: z0 (2), z1 (3).
    """
    g = nx.Graph()
    g.add_nodes_from(["z1", "z0"])
    g.add_edges_from(combinations(["b1", "b2", "b3", "b4"], 2))
    g.add_edges_from(combinations(["a1", "a2", "a3"], 2))
    g.add_edge("a3", "b1")
    return g


def test_detect_communities_two_cliques() -> None:
    communities = detect_communities(cliques_with_isolates())
    expected = pd.Series(
        [1, 1, 1, 0, 0, 0, 0, 2, 3],
        index=pd.Index(["a1", "a2", "a3", "b1", "b2", "b3", "b4", "z0", "z1"], name="id"),
        name="community",
        dtype="int64",
    )
    pd.testing.assert_series_equal(communities, expected, check_index_type=False)


def test_numbering_ties_broken_by_smallest_id() -> None:
    # two disjoint triangles of equal size: the one holding "a1" comes first
    g = nx.Graph()
    g.add_edges_from(combinations(["c1", "c2", "c3"], 2))
    g.add_edges_from(combinations(["a1", "a2", "a3"], 2))
    assert detect_communities(g).tolist() == [0, 0, 0, 1, 1, 1]


def test_weights_are_used_when_asked() -> None:
    # 4-cycle a-b-c-d-a; heavy a-b and c-d -> {a, b}, {c, d}
    # (Q = 2 * (10/22 - (22/44)^2) ~ 0.41 beats the other splits); heavy b-c, d-a -> {b, c}, {a, d}
    g = nx.Graph()
    g.add_edge("a", "b", weight=10.0)
    g.add_edge("c", "d", weight=10.0)
    g.add_edge("b", "c", weight=1.0)
    g.add_edge("d", "a", weight=1.0)
    assert detect_communities(g, weight="weight").tolist() == [0, 0, 1, 1]
    nx.set_edge_attributes(g, {("a", "b"): 1.0, ("c", "d"): 1.0}, "weight")
    nx.set_edge_attributes(g, {("b", "c"): 10.0, ("d", "a"): 10.0}, "weight")
    assert detect_communities(g, weight="weight").tolist() == [0, 1, 1, 0]


def test_no_ties_every_actor_alone() -> None:
    g = nx.Graph()
    g.add_nodes_from(["c", "a", "b"])
    assert detect_communities(g).tolist() == [0, 1, 2]
    nx.set_node_attributes(g, "x", "dept")
    match = community_match(g, group="dept")
    assert match.n_communities == 3
    assert math.isnan(match.modularity)
    # without ties there are no communities to compare with the groups: undefined (was 0 / 0.667)
    assert math.isnan(match.nmi) and math.isnan(match.ari)


def test_empty_graph() -> None:
    communities = detect_communities(nx.Graph())
    assert communities.empty and communities.name == "community"


def test_directed_input_is_symmetrised() -> None:
    g = nx.DiGraph()
    g.add_edges_from([("a1", "a2"), ("a2", "a3"), ("a3", "a1"), ("b1", "b2"), ("b2", "b3")])
    g.add_edges_from([("b3", "b1"), ("a1", "b1")])
    pd.testing.assert_series_equal(detect_communities(g), detect_communities(symmetrise(g)))


def test_precondition_errors() -> None:
    with pytest.raises(GraphError, match="multigraph"):
        detect_communities(nx.MultiGraph([("a", "b")]))
    with pytest.raises(GraphError, match="weight"):
        detect_communities(nx.Graph([("a", "b", {"weight": 0.0})]), weight="weight")
    with pytest.raises(GraphError, match="dept"):
        community_match(nx.Graph([("a", "b")]), group="dept")


# --- determinism ------------------------------------------------------------------------------


def lfr_like(seed: int) -> nx.Graph:
    """Planted partition graph: 6 blocks of 8 actors, dense inside, sparse between."""
    raw = nx.planted_partition_graph(6, 8, 0.5, 0.06, seed=seed)
    return nx.relabel_nodes(raw, {i: f"v{i:02d}" for i in raw})


def test_deterministic_for_seed_and_insertion_order() -> None:
    g = lfr_like(1)
    first = detect_communities(g, seed=7)
    pd.testing.assert_series_equal(first, detect_communities(g, seed=7))
    shuffled = nx.Graph()
    nodes, edges = list(g.nodes), list(g.edges)
    rng = random.Random(0)
    rng.shuffle(nodes)
    rng.shuffle(edges)
    shuffled.add_nodes_from(nodes)
    shuffled.add_edges_from((v, u) for u, v in edges)
    pd.testing.assert_series_equal(first, detect_communities(shuffled, seed=7))


def test_deterministic_across_hash_seeds() -> None:
    code = (
        "import json, networkx as nx\n"
        "from coopnet.metrics.communities import detect_communities\n"
        "g = nx.planted_partition_graph(6, 8, 0.3, 0.1, seed=3)\n"
        "g = nx.relabel_nodes(g, {i: f'v{i:02d}' for i in g})\n"
        "print(json.dumps(detect_communities(g, seed=5).to_dict()))\n"
    )
    results = []
    for hash_seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=hash_seed, PYTHONPATH=str(SRC))
        out = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        )
        results.append(json.loads(out.stdout))
    assert results[0] == results[1]


# --- community_match --------------------------------------------------------------------------


def test_community_match_mirrors_formal_groups() -> None:
    g = cliques_with_isolates()
    groups = {v: ("B" if v.startswith("b") else "A" if v.startswith("a") else "Z") for v in g}
    nx.set_node_attributes(g, groups, "dept")
    match = community_match(g, group="dept")
    assert isinstance(match, CommunityMatch)
    assert match.n_communities == 4
    # the isolates z0, z1 share group Z but are separate communities: agreement is not perfect
    assert 0.8 < match.nmi < 1.0
    assert 0.8 < match.ari < 1.0
    # without the isolates the communities reproduce the groups exactly
    g.remove_nodes_from(["z0", "z1"])
    match = community_match(g, group="dept")
    assert (match.nmi, match.ari) == (1.0, 1.0)
    assert match.modularity == pytest.approx(group_modularity(g, group="dept"))


def test_community_match_cross_cutting_groups() -> None:
    g = lfr_like(2)
    # alternate labels inside every block: formal groups unrelated to the communities
    nx.set_node_attributes(g, {v: "odd" if int(v[1:]) % 2 else "even" for v in g}, "dept")
    match = community_match(g, group="dept")
    assert match.nmi < 0.2
    assert abs(match.ari) < 0.1


@pytest.mark.parametrize("weight", [None, "weight"])
@pytest.mark.parametrize("seed", range(3))
def test_community_match_modularity_matches_igraph(seed: int, weight: str | None) -> None:
    g = lfr_like(seed)
    rng = random.Random(seed)
    for u, v in g.edges:
        g.edges[u, v]["weight"] = round(rng.uniform(0.5, 3.0), 2)
    nx.set_node_attributes(g, "x", "dept")
    match = community_match(g, group="dept", weight=weight, seed=seed)
    nodes = sorted(g)
    index = {v: i for i, v in enumerate(nodes)}
    h = ig.Graph(n=len(nodes), edges=[(index[u], index[v]) for u, v in g.edges])
    h.es["w"] = [d["weight"] for _, _, d in g.edges(data=True)]
    membership = [int(match.communities[v]) for v in nodes]
    expected = h.modularity(membership, weights="w" if weight else None)
    assert match.modularity == pytest.approx(expected, abs=1e-9)
    assert match.n_communities == match.communities.nunique()


# --- partition_agreement ----------------------------------------------------------------------


def as_mapping(labels: list[int]) -> dict[str, int]:
    return {f"v{i:03d}": label for i, label in enumerate(labels)}


def test_partition_agreement_hand_computed() -> None:
    # a = [0,0,1,1], b = [0,0,0,1]: table [[2,0],[1,1]], row sums (2,2), column sums (3,1).
    # H(a) = ln 2 = 0.693147; H(b) = -(.75 ln .75 + .25 ln .25) = 0.562335;
    # I = .5 ln(4/3) + .25 ln(2/3) + .25 ln 2 = 0.143841 - 0.101366 + 0.173287 = 0.215762
    # NMI = 2 I / (H(a) + H(b)) = 0.431523 / 1.255482 = 0.343711.
    # ARI: sum C(n_ij,2) = 1, S_a = 2, S_b = 3, C(4,2) = 6, expected 2*3/6 = 1 -> ARI 0.
    result = partition_agreement(as_mapping([0, 0, 1, 1]), as_mapping([0, 0, 0, 1]))
    assert result["nmi"] == pytest.approx(0.343711, abs=1e-6)
    assert result["ari"] == pytest.approx(0.0, abs=1e-12)
    # a = [0,0,0,1,1,1], b = [0,0,1,1,2,2]: sum C(n_ij,2) = 1 + 1 = 2, S_a = 6, S_b = 3,
    # C(6,2) = 15, expected = 18/15 = 1.2, max = 4.5: ARI = 0.8 / 3.3 = 0.242424...
    result = partition_agreement(as_mapping([0, 0, 0, 1, 1, 1]), as_mapping([0, 0, 1, 1, 2, 2]))
    assert result["ari"] == pytest.approx(0.8 / 3.3, abs=1e-12)


def test_partition_agreement_edge_cases() -> None:
    one = as_mapping([7, 7, 7])
    singletons = as_mapping([0, 1, 2])
    # both trivial (everyone together / H = 0): identical -> 1, 1
    assert partition_agreement(one, as_mapping([1, 1, 1])) == {"nmi": 1.0, "ari": 1.0}
    # both all-singletons: identical -> 1, 1 (ARI's denominator is 0 here)
    assert partition_agreement(singletons, as_mapping([5, 4, 3])) == {"nmi": 1.0, "ari": 1.0}
    # one trivial, the other not: no information shared, ARI 0
    assert partition_agreement(one, singletons) == {"nmi": 0.0, "ari": 0.0}
    # one actor: 1, 1; no actor: NaN
    assert partition_agreement({"a": 1}, {"a": 2}) == {"nmi": 1.0, "ari": 1.0}
    empty = partition_agreement({}, {})
    assert math.isnan(empty["nmi"]) and math.isnan(empty["ari"])
    with pytest.raises(GraphError, match="same actors"):
        partition_agreement({"a": 1, "b": 1}, {"a": 1, "c": 1})


def test_partition_agreement_accepts_any_hashable_labels() -> None:
    a = {"p": ("x", 1), "q": ("x", 1), "r": None}
    b = {"p": 1.5, "q": 1.5, "r": "s"}
    assert partition_agreement(a, b) == {"nmi": 1.0, "ari": 1.0}


@settings(max_examples=150, deadline=None)
@given(
    st.integers(min_value=2, max_value=40).flatmap(
        lambda n: st.tuples(
            st.lists(st.integers(0, 5), min_size=n, max_size=n),
            st.lists(st.integers(0, 5), min_size=n, max_size=n),
        )
    )
)
def test_partition_agreement_matches_igraph(pair: tuple[list[int], list[int]]) -> None:
    a, b = pair
    ours = partition_agreement(as_mapping(a), as_mapping(b))
    assert ours["nmi"] == pytest.approx(ig.compare_communities(a, b, method="nmi"), abs=1e-9)
    theirs = ig.compare_communities(a, b, method="adjusted_rand")
    if math.isnan(theirs):
        # igraph leaves ARI undefined when its denominator is 0: identical trivial partitions
        assert ours["ari"] == 1.0
    else:
        assert ours["ari"] == pytest.approx(theirs, abs=1e-9)


labels = st.lists(st.integers(0, 6), min_size=1, max_size=50)


@settings(max_examples=150, deadline=None)
@given(labels.flatmap(lambda a: st.tuples(st.just(a), st.permutations(range(7)))))
def test_property_relabelled_copy_agrees_perfectly(pair: tuple[list[int], list[int]]) -> None:
    a, renaming = pair
    b = [f"c{renaming[x]}" for x in a]
    result = partition_agreement(as_mapping(a), as_mapping(b))
    assert result == {"nmi": 1.0, "ari": 1.0}


@settings(max_examples=150, deadline=None)
@given(
    st.integers(min_value=1, max_value=40).flatmap(
        lambda n: st.tuples(
            st.lists(st.integers(0, 4), min_size=n, max_size=n),
            st.lists(st.integers(0, 4), min_size=n, max_size=n),
        )
    )
)
def test_property_symmetric_and_in_range(pair: tuple[list[int], list[int]]) -> None:
    a, b = pair
    ab = partition_agreement(as_mapping(a), as_mapping(b))
    ba = partition_agreement(as_mapping(b), as_mapping(a))
    assert ab["nmi"] == pytest.approx(ba["nmi"], abs=1e-12)
    assert ab["ari"] == pytest.approx(ba["ari"], abs=1e-12)
    assert 0.0 <= ab["nmi"] <= 1.0
    assert ab["ari"] <= 1.0 + 1e-12


# --- own Louvain: reproducible, and as good as networkx's and igraph's ---------------------------

COMMITTED = Path(__file__).with_name("musterstadt_communities.json")


def test_musterstadt_communities_equal_committed_values() -> None:
    # produced once by detect_communities(net.graph(period, directed=False), weight=..., seed=0);
    # they must not change with the networkx, numpy or Python version (own Louvain, own order)
    import coopnet

    expected = json.loads(COMMITTED.read_text(encoding="utf-8"))
    net = coopnet.load(Path(__file__).parents[2] / "data" / "musterstadt")
    for key, communities in expected.items():
        period, weighted = key.split("/")
        graph = net.graph(period, directed=False)
        found = detect_communities(graph, weight="weight" if weighted == "weighted" else None)
        assert found.to_dict() == communities, key


@pytest.mark.parametrize("name", ["karate", "karate-weighted", "davis", "les-miserables"])
def test_louvain_modularity_close_to_networkx_and_igraph(name: str) -> None:
    ig = pytest.importorskip("igraph")
    if name.startswith("karate"):
        g = nx.karate_club_graph()
    elif name == "davis":
        raw = nx.davis_southern_women_graph()
        women = [v for v, d in raw.nodes(data=True) if d["bipartite"] == 0]
        g = nx.bipartite.weighted_projected_graph(raw, women)
    else:
        g = nx.les_miserables_graph()
    g = nx.relabel_nodes(g, {v: f"{v}" for v in g})
    weight = None if name == "karate" else "weight"
    arrays = graph_arrays(g, weight=weight)
    labels = louvain(arrays, seed=0)
    ours = partition_modularity(arrays, labels)
    parts: dict[int, set[str]] = {}
    for actor, label in zip(arrays.nodes, labels.tolist(), strict=True):
        parts.setdefault(label, set()).add(actor)
    # the same partition scores the same in networkx and igraph
    assert ours == pytest.approx(nx.community.modularity(g, list(parts.values()), weight=weight))
    u, v, w = arrays.undirected.ties()
    h = ig.Graph(n=arrays.n, edges=list(zip(u.tolist(), v.tolist(), strict=True)))
    assert ours == pytest.approx(h.modularity(labels.tolist(), weights=w.tolist()))
    # and the partition is about as good as theirs (Louvain is a heuristic)
    theirs = [
        nx.community.modularity(
            g, nx.community.louvain_communities(g, weight=weight, seed=s), weight=weight
        )
        for s in range(5)
    ]
    theirs.append(h.community_multilevel(weights=w.tolist()).modularity)
    assert ours >= max(theirs) - 0.02


def test_louvain_uses_only_random_random(monkeypatch: pytest.MonkeyPatch) -> None:
    # the order comes from random.Random(seed).random(), whose sequence Python keeps stable;
    # shuffle / sample, which may change between versions, are not used
    import random

    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("not stable across Python versions")

    monkeypatch.setattr(random.Random, "shuffle", forbidden)
    monkeypatch.setattr(random.Random, "sample", forbidden)
    g = nx.relabel_nodes(nx.karate_club_graph(), str)
    assert detect_communities(g).nunique() >= 3
