"""Measures of cooperation networks: actor, group and network level, key players, communities.

Every function takes a networkx graph that follows the graph contract (``docs/architecture.md``)
and returns pandas objects or plain numbers; nothing here draws or writes files.

:func:`analyze` runs everything an analyst needs for one network and returns a
:class:`NetworkAnalysis` whose tables follow the output contract of ``coopnet analyze``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import pandas as pd

from coopnet.display import short_repr, summary_html, table_rows
from coopnet.metrics._fast import PathMeasures, structural_holes_frame
from coopnet.metrics.brokerage import brokerage_roles, partner_diversity, structural_holes
from coopnet.metrics.centrality import _actor_centrality, actor_centrality
from coopnet.metrics.communities import (
    CommunityMatch,
    community_match,
    detect_communities,
    partition_agreement,
)
from coopnet.metrics.ei_test import EITest, ei_permutation_test
from coopnet.metrics.fragmentation import (
    bridges,
    component_membership,
    component_sizes,
    cut_vertices,
    distance_fragmentation,
    fragmentation,
    largest_component_share,
    reachable_pair_share,
    strong_component_count,
)
from coopnet.metrics.groups import (
    GROUP_TABLE_COLUMNS,
    ei_index,
    group_assortativity,
    group_modularity,
    group_table,
    missing_group_pairs,
    mixing_matrix,
)
from coopnet.metrics.keyplayers import WhatIf, fragmentation_curve, key_players, what_if
from coopnet.metrics.structure import (
    _network_structure,
    average_path_length,
    centralization,
    connectedness,
    density,
    efficiency,
    hierarchy,
    lub_ness,
    network_structure,
    reciprocity,
    transitivity,
)

__all__ = [
    "ACTOR_COLUMNS",
    "GROUP_COLUMNS",
    "NETWORK_KEYS",
    "CommunityMatch",
    "EITest",
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
        ``rank, id, label, fragmentation_after, gain`` (Borgatti's KPP-Neg, greedy).
    bridges
        Ties whose removal disconnects their ends: ``source, target``.
    ei_test
        The permutation test of the E-I index.
    communities
        Informal communities and their agreement with the formal groups.
    group
        The grouping column used.
    options
        The options of the run (weighted, directed, seed, permutations, k).
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
    group: str
    options: dict[str, Any] = field(default_factory=dict)

    def __repr__(self) -> str:
        n = self.network
        return short_repr("NetworkAnalysis", period=self.options.get("period"),
                          actors=n.get("n_actors"), ties=n.get("n_ties"), group=self.group)  # fmt: skip

    def _repr_html_(self) -> str:
        """Notebook summary: key numbers, the five actors of highest betweenness, key players."""
        n, period = self.network, self.options.get("period")
        keys = ("n_actors", "n_ties", "density", "components", "fragmentation", "ei_index")
        top = self.actors.sort_values("betweenness", ascending=False, kind="stable").head(5)
        columns = ["label", self.group, "degree", "betweenness", "constraint"]
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


def _distance_fragmentation(
    graph: nx.Graph, *, weight: str | None, paths: PathMeasures | None
) -> float:
    """:func:`distance_fragmentation`, from the harmonic sums of `paths` for an undirected graph.

    For a ``Graph`` the sum of reciprocal distances over ordered pairs is :math:`(n-1)` times the
    sum of the normalised harmonic centralities, so no second all-pairs search is needed (equal
    to :func:`distance_fragmentation` up to floating-point rounding; tested).
    """
    n = graph.number_of_nodes()
    if graph.is_directed() or paths is None or paths.weight != weight or n < 2:
        return distance_fragmentation(graph, weight=weight)
    return float(1.0 - float(paths.harmonic.sum()) / n)


def analyze(
    graph: nx.Graph,
    *,
    group: str,
    weight: str | None = None,
    key_players_k: int = 3,
    n_permutations: int = 1000,
    seed: int = 0,
    progress: Callable[[str], None] | None = None,
) -> NetworkAnalysis:
    """Compute every coopnet measure of one network.

    Parameters
    ----------
    graph
        A graph per the contract: ``DiGraph`` for the directed nominations, ``Graph`` for the
        symmetrised ties. Every node carries the ``group`` attribute.
    group
        Node attribute used for group-level measures (department, sector, …).
    weight
        ``None`` (default): unweighted. ``"weight"``: weights as intensity (distance 1/weight for
        path measures).
    key_players_k
        How many key players to search (reduced to ``n − 2`` for tiny networks; 0 skips).
    n_permutations
        Permutations of the E-I test.
    seed
        Seed of the permutation test and community detection.
    progress
        Called with a short message before each step (the CLI prints it).

    Returns
    -------
    NetworkAnalysis
    """
    say = progress or (lambda message: None)
    n = graph.number_of_nodes()
    say("actor measures")
    # the private variants share the shortest-path results with network_structure and compute
    # constraint / effective size with sparse matrices (tested equal to the public functions)
    actors, paths = _actor_centrality(graph, weight=weight)
    holes = structural_holes_frame(graph, weight=weight)
    roles = brokerage_roles(graph, group=group)
    diversity = partner_diversity(graph, group=group, weight=weight)
    say("communities")
    match = community_match(graph, group=group, weight=weight, seed=seed)
    labels = pd.Series(
        {a: graph.nodes[a].get("label", a) for a in graph}, name="label", dtype=object
    )
    groups_of = pd.Series({a: graph.nodes[a][group] for a in graph}, name=group, dtype=object)
    table = pd.concat(
        [labels, groups_of, actors, holes, roles, diversity, match.communities.rename("community")],
        axis=1,
    )
    table.index.name = "id"
    table = table.sort_index()
    ordered = ["label", group, *[c for c in ACTOR_COLUMNS if c in table.columns]]
    table = table[ordered]

    say("group measures")
    test = ei_permutation_test(
        graph, group=group, n_permutations=n_permutations, seed=seed, weight=weight
    )
    gtable = group_table(graph, group=group, weight=weight).reset_index()
    by_group = test.by_group.rename(
        columns={"expected": "ei_expected", "p_lower": "ei_p_lower", "p_upper": "ei_p_upper"}
    )[["ei_expected", "ei_p_lower", "ei_p_upper"]]
    gtable = gtable.merge(by_group, left_on="group", right_index=True, how="left")

    say("network measures")
    structure = _network_structure(graph, weight=weight, paths=paths)
    network: dict[str, Any] = {
        "n_actors": n,
        "n_ties": graph.number_of_edges(),
        "density": structure["density"],
        "reciprocity": structure["reciprocity"],
        "components": len(component_sizes(graph)),
        "largest_component_share": largest_component_share(graph),
        "fragmentation": fragmentation(graph),
        "distance_fragmentation": _distance_fragmentation(graph, weight=weight, paths=paths),
        "degree_centralization": structure["degree_centralization"],
        "betweenness_centralization": structure["betweenness_centralization"],
        "closeness_centralization": structure["closeness_centralization"],
        "transitivity": structure["transitivity"],
        "average_path_length": structure["average_path_length"],
        "ei_index": test.observed,
        "ei_p_value": test.p_lower,
        "modularity": group_modularity(graph, group=group, weight=weight),
        "assortativity": group_assortativity(graph, group=group),
        "connectedness": structure["connectedness"],
        "hierarchy": structure["hierarchy"],
        "efficiency": structure["efficiency"],
        "lub_ness": structure["lub_ness"],
        "community_nmi": match.nmi,
        "community_ari": match.ari,
        "n_communities": match.n_communities,
        "strong_components": strong_component_count(graph),
        "ei_expected": test.expected,
        "ei_p_upper": test.p_upper,
        "n_groups": int(groups_of.nunique()),
    }
    network = {k: _plain(v) for k, v in network.items()}

    k = min(key_players_k, max(n - 2, 0))
    say(f"key players (k = {k})")
    players = key_players(graph, k=k) if k > 0 else key_players(graph, k=0)
    return NetworkAnalysis(
        actors=table,
        network=network,
        groups=gtable,
        mixing=mixing_matrix(graph, group=group, weight=weight),
        missing_pairs=missing_group_pairs(graph, group=group),
        key_players=players,
        bridges=bridges(graph),
        ei_test=test,
        communities=match,
        group=group,
        options={
            "weight": weight,
            "directed": graph.is_directed(),
            "seed": seed,
            "n_permutations": n_permutations,
            "key_players": k,
        },
    )
