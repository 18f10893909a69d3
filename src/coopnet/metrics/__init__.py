"""Measures of cooperation networks: actor, group and network level, key players, communities.

Every function takes a networkx graph that follows the graph contract (``docs/architecture.md``)
and returns pandas objects or plain numbers; nothing here draws or writes files.

:func:`analyze` runs everything an analyst needs for one network and returns a
:class:`NetworkAnalysis` whose tables follow the output contract of ``coopnet analyze``.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from coopnet.display import short_repr, summary_html, table_rows
from coopnet.messages import step
from coopnet.metrics._engine import (
    DEFAULT_ENGINE,
    Engine,
    betweenness_pass,
    check_engine,
    distance_sums_pass,
    harmonic_sums_pass,
    prefetch,
    weak_components,
)
from coopnet.metrics.arrays import GraphArrays, graph_arrays
from coopnet.metrics.brokerage import (
    BROKERAGE_COLUMNS,
    brokerage_roles,
    diversity_of,
    partner_diversity,
    structural_holes,
    structural_holes_of,
)
from coopnet.metrics.centrality import actor_centrality, centrality_of
from coopnet.metrics.communities import (
    CommunityMatch,
    community_match,
    community_match_of,
    detect_communities,
    partition_agreement,
)
from coopnet.metrics.ei_test import EITest, ei_permutation_test, ei_test_of
from coopnet.metrics.fragmentation import (
    bridges,
    bridges_of,
    component_membership,
    component_sizes,
    cut_vertices,
    distance_fragmentation,
    distance_fragmentation_of,
    fragmentation,
    fragmentation_of,
    group_codes,
    largest_component_share,
    largest_share_of,
    reachable_pair_share,
    strong_component_count,
    strong_component_count_of,
)
from coopnet.metrics.groups import (
    GROUP_TABLE_COLUMNS,
    MISSING_PAIR_COLUMNS,
    _group_ties,
    assortativity_of,
    ei_index,
    group_assortativity,
    group_modularity,
    group_table,
    missing_group_pairs,
    missing_of,
    mixing_matrix,
    mixing_of,
    modularity_of,
    table_of,
)
from coopnet.metrics.keyplayers import (
    KEY_PLAYER_COLUMNS,
    WhatIf,
    fragmentation_curve,
    key_players,
    what_if,
)
from coopnet.metrics.sampling import (
    DEFAULT_DELTA,
    DEFAULT_EPSILON,
    SampleMode,
    describe_estimation,
    plan_estimation,
)
from coopnet.metrics.structure import (
    average_path_length,
    centralization,
    connectedness,
    density,
    efficiency,
    hierarchy,
    lub_ness,
    network_structure,
    reciprocity,
    structure_of,
    transitivity,
)

__all__ = [
    "ACTOR_COLUMNS",
    "DEFAULT_ENGINE",
    "GROUP_ACTOR_COLUMNS",
    "GROUP_COLUMNS",
    "GROUP_NETWORK_KEYS",
    "KEY_PLAYER_COLUMNS",
    "NETWORK_KEYS",
    "CommunityMatch",
    "EITest",
    "Engine",
    "GraphArrays",
    "NetworkAnalysis",
    "WhatIf",
    "actor_centrality",
    "analyze",
    "average_path_length",
    "bridges",
    "brokerage_roles",
    "centralization",
    "community_match",
    "component_membership",
    "component_sizes",
    "connectedness",
    "cut_vertices",
    "density",
    "detect_communities",
    "distance_fragmentation",
    "efficiency",
    "ei_index",
    "ei_permutation_test",
    "fragmentation",
    "fragmentation_curve",
    "graph_arrays",
    "group_assortativity",
    "group_modularity",
    "group_table",
    "hierarchy",
    "key_players",
    "largest_component_share",
    "lub_ness",
    "missing_group_pairs",
    "mixing_matrix",
    "network_structure",
    "partition_agreement",
    "partner_diversity",
    "reachable_pair_share",
    "reciprocity",
    "strong_component_count",
    "structural_holes",
    "transitivity",
    "what_if",
]

log = logging.getLogger(__name__)

#: Columns of the actor table of :func:`analyze` after ``id``, ``label`` and the group column.
ACTOR_COLUMNS: tuple[str, ...] = (
    "degree",
    "in_degree",
    "out_degree",
    "strength",
    "betweenness",
    "closeness",
    "harmonic",
    "eigenvector",
    "pagerank",
    "constraint",
    "effective_size",
    "broker_coordinator",
    "broker_itinerant",
    "broker_representative",
    "broker_gatekeeper",
    "broker_liaison",
    "broker_total",
    "cut_vertex",
    "core_number",
    "partner_diversity",
    "community",
)

#: Keys of the network-level result of :func:`analyze` (``network.json``).
NETWORK_KEYS: tuple[str, ...] = (
    "n_actors",
    "n_ties",
    "density",
    "reciprocity",
    "components",
    "largest_component_share",
    "fragmentation",
    "distance_fragmentation",
    "degree_centralization",
    "betweenness_centralization",
    "closeness_centralization",
    "transitivity",
    "average_path_length",
    "ei_index",
    "ei_p_value",
    "modularity",
    "assortativity",
    "connectedness",
    "hierarchy",
    "efficiency",
    "lub_ness",
    "community_nmi",
)

GROUP_COLUMNS: tuple[str, ...] = (
    "group",
    *GROUP_TABLE_COLUMNS,
    "ei_expected",
    "ei_p_lower",
    "ei_p_upper",
)
"""Columns of :attr:`NetworkAnalysis.groups` (``groups.csv``): the group table and its E-I test."""


@dataclass(frozen=True)
class NetworkAnalysis:
    """All measures of one network (one period, or all periods pooled).

    Attributes
    ----------
    actors
        One row per actor (isolates included), index ``id``: ``label``, the group column, then
        :data:`ACTOR_COLUMNS`.
    network
        Network-level measures, keys :data:`NETWORK_KEYS` (plus ``community_ari``,
        ``n_communities``, ``strong_components``, ``ei_expected``, ``ei_p_upper``).
    groups
        Per group: ``group, n_actors, internal_ties, external_ties, ei_index, density`` plus the
        permutation test's ``ei_expected, ei_p_lower, ei_p_upper``.
    mixing
        Group × group block density matrix.
    missing_pairs
        Pairs of groups without any tie.
    key_players
        :data:`KEY_PLAYER_COLUMNS`: ``rank, id, label, fragmentation_after, gain, contribution,
        optimal`` (Borgatti's KPP-Neg, :func:`key_players`).
    bridges
        Ties whose removal disconnects their ends: ``source, target``.
    ei_test
        The permutation test of the E-I index.
    communities
        Informal communities and their agreement with the formal groups.
    group
        The grouping column used; ``None`` when the analysis ran without one.
    options
        The options of the run (weighted, directed, seed, permutations, k, sample, epsilon,
        delta).
    estimation
        How betweenness and closeness were computed
        (:func:`coopnet.metrics.sampling.describe_estimation`): ``{"method": "exact"}`` each, or
        the sampling method with ``epsilon``, ``delta``, ``samples`` and the bound.
    """

    actors: pd.DataFrame
    network: dict[str, Any]
    groups: pd.DataFrame
    mixing: pd.DataFrame
    missing_pairs: pd.DataFrame
    key_players: pd.DataFrame
    bridges: pd.DataFrame
    ei_test: EITest
    communities: CommunityMatch
    group: str | None
    options: dict[str, Any] = field(default_factory=dict)
    estimation: dict[str, dict[str, Any]] = field(default_factory=dict)

    def __repr__(self) -> str:
        n = self.network
        return short_repr("NetworkAnalysis", period=self.options.get("period"),
                          actors=n.get("n_actors"), ties=n.get("n_ties"), group=self.group)  # fmt: skip

    def _repr_html_(self) -> str:
        """Notebook summary: key numbers, the five actors of highest betweenness, key players."""
        n, period = self.network, self.options.get("period")
        keys = ("n_actors", "n_ties", "density", "components", "fragmentation", "ei_index")
        top = self.actors.sort_values("betweenness", ascending=False, kind="stable").head(5)
        columns = ["label", *([self.group] if self.group else []), "degree", "betweenness",
                   "constraint"]  # fmt: skip
        players = self.key_players
        return summary_html(
            f"NetworkAnalysis {self.options.get('dataset', '')} {period or ''}".strip(),
            facts=[(k, n[k]) for k in keys if k in n],
            tables=[
                ("highest betweenness", ["id", *columns], table_rows(top, columns, index=True))
            ],
            items=[("key players (KPP-Neg)", [str(v) for v in players.get("label", [])])],
            note=".actors, .network, .groups, .mixing, .key_players hold the full tables",
        )


def _plain(value: Any) -> Any:
    """Turn numpy scalars into Python numbers so the result serialises cleanly."""
    return value.item() if hasattr(value, "item") else value


#: Network keys that need a grouping; NaN when :func:`analyze` runs with ``group=None``.
GROUP_NETWORK_KEYS: tuple[str, ...] = (
    "ei_index",
    "ei_p_value",
    "modularity",
    "assortativity",
    "community_nmi",
    "community_ari",
    "ei_expected",
    "ei_p_upper",
)

#: Actor columns that need a grouping; NaN when :func:`analyze` runs with ``group=None``.
GROUP_ACTOR_COLUMNS: tuple[str, ...] = (*BROKERAGE_COLUMNS, "partner_diversity")


def _no_group_tables(
    n_permutations: int,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, EITest]:
    """Empty group table, mixing matrix, missing pairs and E-I test (with their columns)."""
    groups = pd.DataFrame({name: pd.Series([], dtype="float64") for name in GROUP_COLUMNS})
    groups["group"] = groups["group"].astype("str")
    groups["n_actors"] = groups["n_actors"].astype("int64")
    index = pd.Index([], name="group", dtype="str")
    mixing = pd.DataFrame([], index=index, columns=index.copy(), dtype="float64")
    missing = pd.DataFrame({name: pd.Series([], dtype="str") for name in MISSING_PAIR_COLUMNS})
    missing = missing.astype({"n_actors_a": "int64", "n_actors_b": "int64"})
    test = EITest(
        observed=math.nan,
        expected=math.nan,
        p_lower=math.nan,
        p_upper=math.nan,
        n_permutations=n_permutations,
        by_group=pd.DataFrame(
            {
                c: pd.Series([], dtype="float64")
                for c in ("observed", "expected", "p_lower", "p_upper")
            },
            index=index,
        ),
    )
    return groups, mixing, missing, test


@dataclass(frozen=True)
class _PathPart:
    """The results of :func:`analyze` that build on shortest paths (one process)."""

    actors: pd.DataFrame
    holes: pd.DataFrame
    structure: dict[str, float]
    distance_fragmentation: float
    estimation: dict[str, dict[str, Any]]


@dataclass(frozen=True)
class _SearchPart:
    """The results of :func:`analyze` from the Python-level searches (one process)."""

    roles: pd.DataFrame
    diversity: pd.Series
    match: CommunityMatch
    test: EITest
    groups: pd.DataFrame
    mixing: pd.DataFrame
    missing: pd.DataFrame
    modularity: float
    assortativity: float
    players: pd.DataFrame
    bridges: pd.DataFrame


def _search_part(
    graph: nx.Graph[Any],
    arrays: GraphArrays,
    *,
    group: str | None,
    weight: str | None,
    k: int,
    n_permutations: int,
    seed: int,
) -> _SearchPart:
    """Communities, brokerage roles, group measures, key players and bridges of :func:`analyze`."""
    index = pd.Index(list(arrays.nodes), name="id")
    formal: dict[str, Any] | None = None
    if group is not None:
        roles = brokerage_roles(graph, group=group)
        diversity = diversity_of(arrays, group_codes(graph, arrays.nodes, group))
        formal = {a: graph.nodes[a][group] for a in graph}
        ties = _group_ties(graph, group, weight, arrays=arrays)
        test = ei_test_of(ties, n_permutations=n_permutations, seed=seed)
        gtable = table_of(ties).reset_index()
        by_group = test.by_group.rename(
            columns={"expected": "ei_expected", "p_lower": "ei_p_lower", "p_upper": "ei_p_upper"}
        )[["ei_expected", "ei_p_lower", "ei_p_upper"]]
        gtable = gtable.merge(by_group, left_on="group", right_index=True, how="left")
        arcs = _group_ties(graph, group, weight, symmetrised=False, arrays=arrays)
        mixing = mixing_of(arcs, arrays.directed)
        missing = missing_of(ties)
        modularity = modularity_of(ties)
        assortativity = assortativity_of(ties)
    else:
        roles = pd.DataFrame(np.nan, index=index, columns=list(BROKERAGE_COLUMNS))
        diversity = pd.Series(np.nan, index=index, name="partner_diversity")
        gtable, mixing, missing, test = _no_group_tables(n_permutations)
        modularity = assortativity = math.nan
    return _SearchPart(
        roles=roles,
        diversity=diversity,
        match=community_match_of(arrays, formal, seed=seed),
        test=test,
        groups=gtable,
        mixing=mixing,
        missing=missing,
        modularity=modularity,
        assortativity=assortativity,
        players=key_players(graph, k=k, arrays=arrays),
        bridges=bridges_of(arrays),
    )


def analyze(
    graph: nx.Graph[Any],
    *,
    group: str | None = None,
    weight: str | None = None,
    key_players_k: int = 3,
    n_permutations: int = 1000,
    seed: int = 0,
    engine: Engine = DEFAULT_ENGINE,
    jobs: int | None = None,
    arrays: GraphArrays | None = None,
    progress: Callable[[str], None] | None = None,
    sample: SampleMode = "auto",
    epsilon: float = DEFAULT_EPSILON,
    delta: float = DEFAULT_DELTA,
) -> NetworkAnalysis:
    """Compute every coopnet measure of one network.

    Parameters
    ----------
    graph
        A graph per the contract: ``DiGraph`` for the directed nominations, ``Graph`` for the
        symmetrised ties.
    group
        Node attribute used for group-level measures (department, sector, …); every node
        carries it. ``None`` (default): the network has no grouping; every actor and network
        measure is computed and the group measures are left out (see Returns).
    weight
        ``None`` (default): unweighted. ``"weight"``: weights as intensity (distance 1/weight for
        path measures).
    key_players_k
        How many key players to search (reduced to ``n − 2`` for tiny networks; 0 skips).
    n_permutations
        Permutations of the E-I test.
    seed
        Seed of the permutation test and community detection.
    engine
        Implementation of Brandes' algorithm (betweenness and its centralization): ``"igraph"``
        (default) or ``"coopnet"``; both give the exact values (:mod:`coopnet.metrics._engine`).
    jobs
        Worker processes for the searches that split by source (``None``: every available
        core). The numbers do not depend on it.
    arrays
        The array form of `graph` for `weight` (:func:`graph_arrays`), if the caller already
        has it (e.g. one per period of a study); built here otherwise. Everything below uses
        this one form: the graph is converted, symmetrised and split into components once.
    progress
        Called with a short message before each step (the CLI prints it).
    sample
        ``"auto"`` (default): betweenness and the distance measures are exact up to a size
        (:data:`coopnet.metrics.sampling.EXACT_WORK`, e.g. betweenness up to about 16,000
        actors with 8 ties each) and estimated above it; ``"exact"``: always exact;
        ``"sampled"``: always estimated. Estimates: betweenness by Riondato-Kornaropoulos
        sampling, closeness, harmonic centrality, average path length and distance-weighted
        fragmentation from pivots (:mod:`coopnet.metrics.sampling`), seeded by `seed`; every
        other measure stays exact.
    epsilon, delta
        The guarantee of estimated values: with probability at least ``1 - delta`` every
        actor's value is within ``epsilon`` of the exact one (in the normalisations of
        :mod:`coopnet.metrics.sampling`). Written into :attr:`NetworkAnalysis.estimation`.

    Returns
    -------
    NetworkAnalysis
        With ``group=None``: the actor table has no group column and NaN in
        :data:`GROUP_ACTOR_COLUMNS` (brokerage roles and partner diversity need groups); the
        network keys :data:`GROUP_NETWORK_KEYS` are NaN and ``n_groups`` is ``None``;
        ``groups``, ``mixing`` and ``missing_pairs`` are empty tables with their columns;
        ``ei_test`` holds NaN; ``group`` is ``None``. Communities are still detected.

    Raises
    ------
    GraphError
        As the measures; also if `arrays` do not belong to `graph` and `weight`, or `engine`
        is unknown.
    """
    say = progress or (lambda message: None)
    engine = check_engine(engine)
    if arrays is None:
        arrays = graph_arrays(graph, weight=weight)
    else:
        arrays.check(graph, weight=weight)
    n = arrays.n
    weighted = weight is not None
    k = min(key_players_k, max(n - 2, 0))
    estimation = plan_estimation(arrays, sample=sample, epsilon=epsilon, delta=delta, seed=seed)

    def paths() -> _PathPart:
        """Everything built on shortest paths and matrices (shares the engine's memos)."""
        return _PathPart(
            actors=centrality_of(graph, arrays, engine=engine, jobs=jobs, estimation=estimation),
            holes=structural_holes_of(arrays),
            structure=structure_of(arrays, engine=engine, jobs=jobs, estimation=estimation),
            distance_fragmentation=distance_fragmentation_of(
                arrays, weighted=weighted, jobs=jobs, estimation=estimation
            ),
            estimation=describe_estimation(arrays, estimation),
        )

    def searches() -> _SearchPart:
        """Communities, groups, key players: the Python-level searches (one process)."""
        return _search_part(
            graph, arrays, group=group, weight=weight, k=k, n_permutations=n_permutations,
            seed=seed,
        )  # fmt: skip

    say(step("progress.analysis.measures"))
    # the searches and every part of the exact shortest-path passes of paths() in one pool of
    # processes, the longest first; paths() then finds the passes' results kept with the arrays
    # (estimated measures are left to paths())
    passes = []
    if estimation.betweenness is None:
        passes.append(betweenness_pass(arrays, weighted=weighted, engine=engine))
    if estimation.distances is None:  # closeness, harmonic, path length, fragmentation
        passes.append(distance_sums_pass(arrays, weighted=weighted))
        if arrays.directed:  # undirected: the fragmentation reuses the distance sums
            passes.append(harmonic_sums_pass(arrays.undirected, weighted=weighted))
    if estimation.betweenness is None:  # betweenness centralization
        passes.append(betweenness_pass(arrays, weighted=False, engine=engine))
    if estimation.distances is None:  # closeness centralization
        passes.append(distance_sums_pass(arrays.reverse, weighted=False))
    (search_part,) = prefetch(passes, jobs=jobs, first=[searches])
    path_part = paths()
    actors, structure, match, test = (
        path_part.actors,
        path_part.structure,
        search_part.match,
        search_part.test,
    )
    labels = pd.Series(
        {a: graph.nodes[a].get("label", a) for a in graph}, name="label", dtype=object
    )
    groups_of = (
        pd.Series({a: graph.nodes[a][group] for a in graph}, name=group, dtype=object)
        if group is not None
        else None
    )
    parts = [labels] + ([groups_of] if groups_of is not None else [])
    table = pd.concat(
        [
            *parts,
            actors,
            path_part.holes,
            search_part.roles,
            search_part.diversity,
            match.communities.rename("community"),
        ],
        axis=1,
    )
    table.index.name = "id"
    table = table.sort_index()
    ordered = ["label", *([group] if group is not None else [])]
    ordered += [c for c in ACTOR_COLUMNS if c in table.columns]
    table = table[ordered]
    network: dict[str, Any] = {
        "n_actors": n,
        "n_ties": arrays.n_ties,
        "density": structure["density"],
        "reciprocity": structure["reciprocity"],
        "components": weak_components(arrays).count,
        "largest_component_share": largest_share_of(arrays),
        "fragmentation": fragmentation_of(arrays),
        "distance_fragmentation": path_part.distance_fragmentation,
        "degree_centralization": structure["degree_centralization"],
        "betweenness_centralization": structure["betweenness_centralization"],
        "closeness_centralization": structure["closeness_centralization"],
        "transitivity": structure["transitivity"],
        "average_path_length": structure["average_path_length"],
        "ei_index": test.observed,
        "ei_p_value": test.p_lower,
        "modularity": search_part.modularity,
        "assortativity": search_part.assortativity,
        "connectedness": structure["connectedness"],
        "hierarchy": structure["hierarchy"],
        "efficiency": structure["efficiency"],
        "lub_ness": structure["lub_ness"],
        "community_nmi": match.nmi,
        "community_ari": match.ari,
        "n_communities": match.n_communities,
        "strong_components": strong_component_count_of(arrays),
        "ei_expected": test.expected,
        "ei_p_upper": test.p_upper,
        "n_groups": None if groups_of is None else int(groups_of.nunique()),
    }
    network = {key: _plain(value) for key, value in network.items()}
    gtable, mixing, missing, players = (
        search_part.groups,
        search_part.mixing,
        search_part.missing,
        search_part.players,
    )
    return NetworkAnalysis(
        actors=table,
        network=network,
        groups=gtable,
        mixing=mixing,
        missing_pairs=missing,
        key_players=players,
        bridges=search_part.bridges,
        ei_test=test,
        communities=match,
        group=group,
        options={
            "weight": weight,
            "directed": arrays.directed,
            "seed": seed,
            "n_permutations": n_permutations,
            "key_players": k,
            "engine": engine,
            "sample": sample,
            "epsilon": epsilon,
            "delta": delta,
        },
        estimation=path_part.estimation,
    )
