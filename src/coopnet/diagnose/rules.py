"""The diagnosis rules of one period: each turns its measures into findings.

The rules over time (fall-back, brokers, persistence) are in :mod:`coopnet.diagnose.time_rules`.
Every rule is a plain function returning a list of :class:`~coopnet.diagnose.findings.Finding`;
``docs/diagnosis.md`` lists the rules with their thresholds and what each finding means.
Rules read the results of :func:`coopnet.metrics.analyze` and :mod:`coopnet.compare`; the only
measure computed here is the cross-group path share (:mod:`coopnet.diagnose._paths`).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import networkx as nx
import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy.sparse import csgraph

from coopnet.diagnose._paths import PathDependence
from coopnet.diagnose.findings import Finding, Lang, Thresholds, make_finding
from coopnet.errors import GraphError
from coopnet.messages import tr
from coopnet.metrics import NetworkAnalysis, key_players
from coopnet.metrics._engine import removal_effects, weak_components
from coopnet.metrics.arrays import GraphArrays, graph_arrays
from coopnet.metrics.fragmentation import fragmentation_of, group_codes, reachable_share_of

__all__ = [
    "PeriodContext",
    "asymmetric_perception",
    "cut_vertices",
    "isolated_actors",
    "key_player_dependence",
    "missing_group_pairs",
    "peripheral_groups",
    "silos",
    "single_broker",
]


@dataclass(frozen=True)
class PeriodContext:
    """What the rules of one period read.

    Attributes
    ----------
    period
        The period (``None`` for data without periods).
    analysis
        :func:`coopnet.metrics.analyze` of the period.
    graph
        The undirected (symmetrised) tie network of the period.
    labels
        Actor id → label, for every actor of the dataset.
    responded
        Actor id → survey participation (``None`` unknown).
    sectors
        Group → its most frequent ``sector`` value (empty without a sector column).
    previous
        Period before (name and analysis), for "lost since" statements; ``None`` for the first.
    dependence
        Cross-group path shares of the period.
    unreciprocated
        :meth:`~coopnet.model.CooperationNetwork.unreciprocated` of the period, and the directed
        nominations graph (``None`` for undirected data).
    thresholds, lang
        Rule options and the language of the texts.
    arrays
        The array form of the period's analysed graph (:meth:`coopnet.run.Study.arrays`), whose
        symmetrised view the path and component rules reuse; ``None``: built from `graph`.
    """

    period: str | None
    analysis: NetworkAnalysis
    graph: nx.Graph[Any]
    labels: Mapping[str, str]
    responded: Mapping[str, bool | None]
    sectors: Mapping[str, str]
    previous: tuple[str, NetworkAnalysis] | None
    dependence: PathDependence | None
    unreciprocated: pd.DataFrame | None
    nominations: nx.DiGraph[Any] | None
    thresholds: Thresholds
    lang: Lang
    arrays: GraphArrays | None = None

    @cached_property
    def ties_arrays(self) -> GraphArrays:
        """The unweighted array form of :attr:`graph` (the study's, when it matches)."""
        sym = self.arrays.undirected if self.arrays is not None else None
        graph = self.graph
        if sym is None or sym.n != graph.number_of_nodes() or sym.n_ties != graph.number_of_edges():
            sym = graph_arrays(graph).undirected
        return sym.unweighted()

    @property
    def group(self) -> str:
        """The grouping column (the rules on groups run only on studies that have one)."""
        column = self.analysis.group
        if column is None:
            raise GraphError(tr("errors.diagnose.needs_group"))
        return column

    @property
    def has_group(self) -> bool:
        """Whether the study has a grouping column (else only the rules without groups run)."""
        return self.analysis.group is not None

    def groups_of(self, actors: list[str]) -> list[str]:
        """The sorted groups of `actors` (empty without a grouping column)."""
        column = self.analysis.group
        if column is None:
            return []
        return sorted({str(self.graph.nodes[a][column]) for a in actors})

    @property
    def paths(self) -> PathDependence:
        """The cross-group path shares (the rules on groups run only when there are groups)."""
        if self.dependence is None:
            raise GraphError(tr("errors.diagnose.needs_group"))
        return self.dependence

    def label(self, actor: str) -> str:
        """The label of an actor (its id when it has none)."""
        return str(self.labels.get(actor, actor))

    def finding(self, code: str, severity: str, **kwargs: object) -> Finding:
        """:func:`make_finding` with this period and language."""
        return make_finding(code, severity, period=self.period, lang=self.lang, **kwargs)  # type: ignore[arg-type]

    def listed(self, actors: list[str]) -> list[str | int]:
        """Labels of at most ``max_listed`` actors; the number of the others as last entry."""
        limit = self.thresholds.max_listed
        labels: list[str | int] = [self.label(a) for a in actors[:limit]]
        if len(actors) > limit:
            labels.append(len(actors) - limit)
        return labels


def _number(value: Any) -> float:
    """A table cell as float (pandas' scalar type is too wide for the type checker)."""
    return float(value)


def _groups(ctx: PeriodContext) -> pd.DataFrame:
    return ctx.analysis.groups.set_index("group")


# ----------------------------------------------------------------------------------------------
# silos and missing group pairs
# ----------------------------------------------------------------------------------------------
def silos(ctx: PeriodContext) -> list[Finding]:
    """``silo_group`` per group, ``silo_network`` or ``integrated_network`` for the network."""
    th = ctx.thresholds
    out: list[Finding] = []
    table = _groups(ctx)
    members = ctx.analysis.actors.groupby(ctx.group).groups
    for name, row in table.iterrows():
        ei, p = float(row["ei_index"]), float(row["ei_p_lower"])
        if row["n_actors"] < th.min_group_size or not (ei <= th.silo_ei and p <= th.alpha):
            continue
        data = {
            "group": name,
            "internal_ties": int(row["internal_ties"]),
            "external_ties": int(row["external_ties"]),
            "ei_index": ei,
        }
        out.append(
            ctx.finding(
                "silo_group",
                "high" if ei <= th.silo_ei_high else "medium",
                strength=-ei,
                actors=sorted(str(a) for a in members.get(name, [])),
                groups=[str(name)],
                data=data,
                evidence=[
                    ("ei_index", ei, str(name)),
                    ("ei_p_value", p, str(name)),
                    ("internal_ties", int(row["internal_ties"]), str(name)),
                    ("external_ties", int(row["external_ties"]), str(name)),
                ],
            )
        )
    test = ctx.analysis.ei_test
    ei, p = float(test.observed), float(test.p_lower)
    if math.isnan(ei):
        return out
    evidence = [
        ("ei_index", ei, ""),
        ("ei_expected", float(test.expected), ""),
        ("ei_p_value", p, ""),
    ]
    if ei < 0 and p <= th.alpha:
        strong = ei <= th.silo_ei
        out.append(
            ctx.finding(
                "silo_network",
                "high" if strong else "low",
                strength=-ei,
                variant="strong" if strong else "mild",
                data={"ei_index": ei, "internal_share": (1 - ei) / 2},
                evidence=evidence,
            )
        )
    elif ei > 0:
        dep = ctx.paths
        ranked = sorted(
            (i for i in range(len(dep.actors)) if dep.share[i] > 0),
            key=lambda i: (-round(float(dep.share[i]), 12), dep.actors[i]),
        )[:2]
        brokers = [dep.actors[i] for i in ranked]
        evidence += [
            ("cross_group_path_share", float(dep.share[i]), ctx.label(dep.actors[i]))
            for i in ranked
        ]
        out.append(
            ctx.finding(
                "integrated_network",
                "info",
                strength=ei,
                actors=brokers,
                variant="brokered" if brokers else "",
                data={
                    "ei_index": ei,
                    "external_share": (1 + ei) / 2,
                    "broker_labels": [ctx.label(a) for a in brokers],
                },
                evidence=evidence,
            )
        )
    return out


def _pair_ties(graph: nx.Graph[Any], group: str) -> Counter[tuple[str, str]]:
    """Ties per pair of groups ``(a, b)``, ``a <= b`` (pairs without ties are absent)."""
    label = {v: str(g) for v, g in graph.nodes(data=group)}
    names = sorted(set(label.values()))
    index = {name: i for i, name in enumerate(names)}
    code = {v: index[g] for v, g in label.items()}
    ends = np.array([(code[u], code[v]) for u, v in graph.edges()], dtype=np.int64)
    if not ends.size:
        return Counter()
    k = len(names)
    keys, counts = np.unique(ends.min(axis=1) * k + ends.max(axis=1), return_counts=True)
    return Counter(
        {
            (names[key // k], names[key % k]): int(c)
            for key, c in zip(keys.tolist(), counts.tolist(), strict=True)
        }
    )


def _missing_candidates(
    names: list[str],
    sizes: Mapping[str, int],
    counts: Counter[tuple[str, str]],
    before: Counter[tuple[str, str]],
    sectors: Mapping[str, str],
    th: Thresholds,
) -> tuple[list[tuple[str, str, int, int, float]], int]:
    """The first ``max_missing_pairs`` candidates of :func:`missing_group_pairs` as
    ``(a, b, ties, ties_previous, relevance)``, and the number of candidates.

    Every pair of `names` (sorted) at once: the ranking key ``(-relevance, -size_a * size_b,
    a, b)`` is sorted with :func:`numpy.lexsort` (names sorted, so ``a, b`` order is index
    order); the relevance adds the same binary fractions in the same order as one pair at a
    time, so it is the same float.
    """
    g = len(names)
    if g < 2:
        return [], 0
    index = {name: k for k, name in enumerate(names)}

    def matrix(table: Counter[tuple[str, str]]) -> npt.NDArray[np.int64]:
        out = np.zeros((g, g), dtype=np.int64)
        for (x, y), c in table.items():
            if x in index and y in index:
                out[index[x], index[y]] = c
        return out

    i, j = np.triu_indices(g, 1)
    ties, earlier = matrix(counts)[i, j], matrix(before)[i, j]
    keep = ties <= th.few_pair_ties
    i, j, ties, earlier = i[keep], j[keep], ties[keep], earlier[keep]
    labels = sorted({v for v in (sectors.get(name) for name in names) if v})
    code = {v: k for k, v in enumerate(labels)}
    sector = np.array([code.get(sectors.get(name) or "", -1) for name in names], dtype=np.int64)
    bridge = np.zeros((len(labels) + 1, len(labels) + 1), dtype=bool)  # row/column -1: none
    for pair in th.bridge_sectors:
        x, y = (code.get(v) for v in pair)
        if x is not None and y is not None:
            bridge[x, y] = bridge[y, x] = True
    size = np.array([sizes[name] for name in names], dtype=np.int64)
    sa, sb = sector[i], sector[j]
    different = (sa >= 0) & (sb >= 0) & (sa != sb)
    relevance = np.where(earlier > np.maximum(ties, 0), 2.0, 0.0)
    relevance = relevance + np.where(different & bridge[sa, sb], 1.0, np.where(different, 0.5, 0.0))
    relevance = relevance + np.where((size[i] >= 3) & (size[j] >= 3), 0.5, 0.0)
    order = np.lexsort((j, i, -(size[i] * size[j]), -relevance))[: th.max_missing_pairs]
    first = [
        (names[i[k]], names[j[k]], int(ties[k]), int(earlier[k]), float(relevance[k]))
        for k in order.tolist()
    ]
    return first, int(i.size)


def missing_group_pairs(ctx: PeriodContext, previous_graph: nx.Graph[Any] | None) -> list[Finding]:
    """``missing_group_pair``: the most relevant pairs of groups without (or with few) ties.

    Candidates are pairs of groups with at least ``min_group_size`` actors each and at most
    ``few_pair_ties`` ties. Relevance: +2 when the pair had ties in the previous period, +1 when
    the groups' sectors form a ``bridge_sectors`` pair (else +0.5 for different sectors), +0.5
    when both groups have at least three actors; ties broken by the product of the group sizes,
    then the names. The first ``max_missing_pairs`` are reported.
    """
    th = ctx.thresholds
    group = ctx.group
    sizes = {str(g): int(n) for g, n in _groups(ctx)["n_actors"].items()}
    counts = _pair_ties(ctx.graph, group)
    before = _pair_ties(previous_graph, group) if previous_graph is not None else Counter()
    names = sorted(g for g, n in sizes.items() if n >= th.min_group_size)
    candidates, n_missing = _missing_candidates(names, sizes, counts, before, ctx.sectors, th)
    out: list[Finding] = []
    for a, b, ties, earlier, relevance in candidates:
        top = ctx.paths.top(a, b)
        data: dict[str, object] = {"group_a": a, "group_b": b, "ties": ties}
        lost = earlier > ties and ctx.previous is not None
        if lost:
            data.update(previous=ctx.previous[0] if ctx.previous else "", ties_previous=earlier)
        if top is None or ctx.paths.pair_connected(a, b) == 0:
            variant = "unconnected"
        elif top[1] >= th.pair_via_share and ties == 0:
            data.update(broker_label=ctx.label(top[0]), via_share=top[1])
            variant = "lost_via" if lost else ("only_via" if top[1] >= 1 - 1e-9 else "via")
        else:
            variant = "lost" if lost else ""
        evidence: list[tuple[str, float | int | str | None, str]] = [
            ("ties", ties, f"{a} – {b}"),
            ("n_missing_pairs", n_missing, ""),
            ("relevance", relevance, ""),
        ]
        if lost:
            evidence.insert(1, ("ties_previous", earlier, str(data["previous"])))
        actors: list[str] = []
        if "broker_label" in data and top is not None:
            evidence.insert(1, ("via_share", top[1], ctx.label(top[0])))
            actors = [top[0]]
        important = lost or relevance >= 1.0
        out.append(
            ctx.finding(
                "missing_group_pair",
                "medium" if important else "low",
                strength=relevance / 4,
                actors=actors,
                groups=[a, b],
                variant=variant,
                data=data,
                evidence=evidence,
            )
        )
    return out


# ----------------------------------------------------------------------------------------------
# single points of failure
# ----------------------------------------------------------------------------------------------
def _cut_pieces(sym: GraphArrays) -> dict[str, list[list[str]]]:
    """For every cut vertex: the pieces of its component after removing it, largest first
    (equal sizes: smallest id first), each sorted by id.

    The cut vertices are the actors whose removal leaves at least two pieces (Hopcroft &
    Tarjan's depth-first search, :func:`coopnet.metrics._engine.removal_effects`); the pieces
    are the connected components (scipy) of the rest of the actor's component.
    """
    effects = removal_effects(sym)
    cuts = [v for v, pieces in enumerate(effects.pieces) if pieces >= 2]
    labels = weak_components(sym).labels
    matrix = sym.matrix()
    nodes = sym.nodes
    out: dict[str, list[list[str]]] = {}
    for v in cuts:
        members = np.flatnonzero(labels == labels[v])
        members = members[members != v]
        count, piece_of = csgraph.connected_components(matrix[members][:, members], directed=False)
        sizes = np.bincount(piece_of, minlength=count)
        _, first = np.unique(piece_of, return_index=True)  # members are sorted: the smallest id
        rank = np.empty(count, dtype=np.int64)
        rank[np.lexsort((first, -sizes))] = np.arange(count)
        order = np.lexsort((members, rank[piece_of]))  # by piece, then by id
        bounds = np.cumsum(np.sort(sizes)[::-1])[:-1]
        out[nodes[v]] = [
            [nodes[i] for i in piece.tolist()] for piece in np.split(members[order], bounds)
        ]
    return out


def cut_vertices(ctx: PeriodContext) -> list[Finding]:
    """``cut_vertex``: actors whose removal separates others from the rest of their component."""
    th = ctx.thresholds
    out: list[Finding] = []
    n = max(ctx.graph.number_of_nodes(), 1)
    members: dict[str, set[str]] = {}
    if ctx.has_group:
        for a, g in ctx.graph.nodes(data=ctx.group):
            members.setdefault(str(g), set()).add(str(a))
    for actor, pieces in sorted(_cut_pieces(ctx.ties_arrays).items()):
        cut = sorted(a for piece in pieces[1:] for a in piece)
        if not cut:
            continue
        whole_group = any(
            len(members[g]) >= th.min_group_size and members[g] <= set(piece)
            for piece in pieces[1:]
            for g in ctx.groups_of(piece)
        )
        severity = "high" if len(cut) >= th.cut_off_high or whole_group else "medium"
        out.append(
            ctx.finding(
                "cut_vertex",
                severity,
                strength=len(cut) / n,
                actors=[actor, *cut],
                groups=ctx.groups_of(cut),
                data={
                    "actor_label": ctx.label(actor),
                    "n": len(cut),
                    "cut_off_labels": ctx.listed(cut),
                },
                evidence=[
                    ("cut_off", len(cut), ctx.label(actor)),
                    ("degree", int(ctx.graph.degree(actor)), ctx.label(actor)),
                ],
            )
        )
    return out


def single_broker(ctx: PeriodContext) -> list[Finding]:
    """``single_broker``: actors carrying a large share of the cross-group shortest paths."""
    th = ctx.thresholds
    dep = ctx.paths
    out: list[Finding] = []
    for i, actor in enumerate(dep.actors):
        share = float(dep.share[i])
        if share < th.broker_share:
            continue
        betweenness = _number(ctx.analysis.actors.at[actor, "betweenness"])
        out.append(
            ctx.finding(
                "single_broker",
                "high" if share >= th.broker_share_high else "medium",
                strength=share,
                actors=[actor],
                groups=[str(ctx.graph.nodes[actor][ctx.group])],
                data={"actor_label": ctx.label(actor), "cross_group_path_share": share},
                evidence=[
                    ("cross_group_path_share", share, ctx.label(actor)),
                    ("betweenness", betweenness, ctx.label(actor)),
                ],
            )
        )
    return out


def key_player_dependence(ctx: PeriodContext) -> list[Finding]:
    """``key_player_dependence``: fragmentation rises clearly without the top key player."""
    th = ctx.thresholds
    players = ctx.analysis.key_players
    if players.empty:
        return []
    # the best single removal: the members of the best k-set need not include it
    sym = ctx.ties_arrays
    actor = str(key_players(ctx.graph, k=1, arrays=sym).iloc[0]["id"])
    # the numbers of what_if(graph, [actor], group=...), without its distance measures
    keep = np.flatnonzero(np.asarray(sym.nodes, dtype=object) != actor).astype(np.int64)
    after = sym.subgraph(keep)
    before_f, after_f = fragmentation_of(sym), fragmentation_of(after)
    gain = after_f - before_f
    if not (gain >= th.key_player_gain):
        return []
    reachability = float("nan")
    if ctx.has_group:
        codes = group_codes(ctx.graph, sym.nodes, ctx.group)
        reachability = reachable_share_of(weak_components(after), codes[keep])
    label = ctx.label(actor)
    return [
        ctx.finding(
            "key_player_dependence",
            "high" if gain >= th.key_player_gain_high else "medium",
            strength=gain,
            actors=[actor],
            data={
                "actor_label": label,
                "fragmentation_before": before_f,
                "fragmentation_after": after_f,
            },
            evidence=[
                ("fragmentation_before", before_f, ""),
                ("fragmentation_after", after_f, label),
                *(
                    [("cross_group_reachability_after", reachability, label)]
                    if ctx.has_group
                    else []
                ),
            ],
        )
    ]


# ----------------------------------------------------------------------------------------------
# isolated and peripheral actors and groups
# ----------------------------------------------------------------------------------------------
def isolated_actors(ctx: PeriodContext) -> list[Finding]:
    """``isolated_actor`` (no tie; medium) and ``peripheral_actor`` (one tie; low)."""
    out: list[Finding] = []
    n = max(ctx.graph.number_of_nodes(), 1)
    degree = dict(ctx.graph.degree())
    for code, wanted, severity in (("isolated_actor", 0, "medium"), ("peripheral_actor", 1, "low")):
        actors = sorted(a for a, d in degree.items() if d == wanted)
        if not actors:
            continue
        silent = sum(1 for a in actors if ctx.responded.get(a) is False)
        measure = "isolates" if wanted == 0 else "peripheral"
        evidence: list[tuple[str, float | int | str | None, str]] = [(measure, len(actors), "")]
        if silent:
            evidence.append(("non_respondents", silent, ""))
        out.append(
            ctx.finding(
                code,
                severity,
                strength=len(actors) / n,
                actors=actors,
                groups=ctx.groups_of(actors),
                variant="silent" if wanted == 0 and silent == len(actors) else "",
                data={"n": len(actors), "actor_labels": ctx.listed(actors)},
                evidence=evidence,
            )
        )
    return out


def peripheral_groups(ctx: PeriodContext, *, skip: set[str]) -> list[Finding]:
    """``peripheral_group``: groups with fewer external ties than ``ratio`` × size.

    Groups in `skip` (already reported as silos) are left out.
    """
    th = ctx.thresholds
    out: list[Finding] = []
    members = ctx.analysis.actors.groupby(ctx.group).groups
    for name, row in _groups(ctx).iterrows():
        size, external = int(row["n_actors"]), int(row["external_ties"])
        if size < th.min_group_size or str(name) in skip:
            continue
        if external >= th.peripheral_group_ratio * size:
            continue
        out.append(
            ctx.finding(
                "peripheral_group",
                "high" if external == 0 else "medium",
                strength=1 - external / (th.peripheral_group_ratio * size),
                actors=sorted(str(a) for a in members.get(name, [])),
                groups=[str(name)],
                variant="none" if external == 0 else "few",
                data={"group": name, "external_ties": external, "n_actors": size},
                evidence=[("external_ties", external, str(name)), ("n_actors", size, str(name))],
            )
        )
    return out


def asymmetric_perception(ctx: PeriodContext) -> list[Finding]:
    """``asymmetric_perception``: unreturned nominations between groups and towards actors.

    Only for directed survey data, over dyads of two respondents (as
    :meth:`~coopnet.model.CooperationNetwork.unreciprocated`).
    """
    table, arcs = ctx.unreciprocated, ctx.nominations
    if table is None or arcs is None or table.empty:
        return []
    th = ctx.thresholds
    group = ctx.group
    answered = [
        (s, t)
        for s, t in arcs.edges()
        if ctx.responded.get(s) is not False and ctx.responded.get(t) is not False
    ]
    sent: Counter[tuple[str, str]] = Counter(
        (str(arcs.nodes[s][group]), str(arcs.nodes[t][group])) for s, t in answered
    )
    received: Counter[str] = Counter(t for _, t in answered)
    out: list[Finding] = []
    pairs = Counter(zip(table["source_group"], table["target_group"], strict=True))
    for (a, b), count in sorted(pairs.items()):
        total = sent[(a, b)]
        if a == b or count < th.min_unreciprocated or count < th.unreciprocated_share * total:
            continue
        share = count / total
        strong = share >= 0.75 and count >= 2 * th.min_unreciprocated
        targets = sorted(
            set(table[(table["source_group"] == a) & (table["target_group"] == b)]["target"])
        )
        out.append(
            ctx.finding(
                "asymmetric_perception",
                "medium" if strong else "low",
                strength=share,
                actors=targets,
                groups=[a, b],
                variant="groups",
                data={"group_a": a, "group_b": b, "unreciprocated": count, "nominations": total},
                evidence=[
                    ("unreciprocated", count, f"{a} → {b}"),
                    ("nominations", total, f"{a} → {b}"),
                    ("unreciprocated_share", share, f"{a} → {b}"),
                ],
            )
        )
    for actor, count in sorted(Counter(table["target"]).items()):
        total = received[actor]
        if count < th.actor_unreciprocated or count < th.unreciprocated_share * total:
            continue
        share = count / total
        label = ctx.label(actor)
        out.append(
            ctx.finding(
                "asymmetric_perception",
                "medium" if share >= 0.75 else "low",
                strength=share,
                actors=[actor],
                groups=[str(arcs.nodes[actor][group])],
                variant="actor",
                data={
                    "actor_label": label,
                    "unreciprocated": int(count),
                    "unreciprocated_share": share,
                },
                evidence=[
                    ("unreciprocated", int(count), label),
                    ("nominations", total, label),
                    ("unreciprocated_share", share, label),
                ],
            )
        )
    return out
