"""Brute-force references: every objective recomputed from scratch with networkx.

Independent of coopnet's code: components from ``nx.connected_components``, distances from
``nx.single_source_shortest_path_length``; nothing incremental.
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction
from itertools import combinations

import networkx as nx


def fragmentation(g: nx.Graph) -> Fraction:
    """Borgatti's F: 1 - connected ordered pairs / n(n-1)."""
    n = g.number_of_nodes()
    pairs = sum(len(c) * (len(c) - 1) for c in nx.connected_components(g))
    return 1 - Fraction(pairs, n * (n - 1))


def reach(g: nx.Graph, group: str) -> Fraction:
    """Share of unordered cross-group pairs at distance <= 2."""
    near = total = 0
    dist = {v: nx.single_source_shortest_path_length(g, v, cutoff=2) for v in g}
    for u, v in combinations(sorted(g), 2):
        if g.nodes[u][group] != g.nodes[v][group]:
            total += 1
            near += v in dist[u]
    return Fraction(near, total)


def robustness(g: nx.Graph) -> Fraction:
    """max over v of F(G - v)."""
    best = None
    for v in sorted(g):
        h = g.copy()
        h.remove_node(v)
        value = fragmentation(h)
        best = value if best is None or value > best else best
    assert best is not None
    return best


def value(g: nx.Graph, objective: str, group: str | None) -> Fraction:
    if objective == "fragmentation":
        return fragmentation(g)
    if objective == "reach":
        assert group is not None
        return reach(g, group)
    return robustness(g)


def improvement(objective: str, before: Fraction, after: Fraction) -> Fraction:
    return after - before if objective == "reach" else before - after


def best_additions(
    g: nx.Graph, pairs: Iterable[tuple[str, str]], objective: str, group: str | None
) -> tuple[Fraction, list[tuple[str, str]]]:
    """The best improvement over `pairs` and every pair reaching it, in the given order."""
    before = value(g, objective, group)
    scored = []
    for u, v in pairs:
        h = g.copy()
        h.add_edge(u, v)
        scored.append(((u, v), improvement(objective, before, value(h, objective, group))))
    best = max(s for _, s in scored)
    return best, [p for p, s in scored if s == best]


def candidate_pairs(
    g: nx.Graph,
    *,
    group: str | None = None,
    across: bool = False,
    sources: list[str] | None = None,
    targets: list[str] | None = None,
) -> list[tuple[str, str]]:
    """Pairs as coopnet defines candidates, one orientation per pair, sorted by (source, target)."""
    active = sorted(v for v in g if g.degree(v) > 0)
    left = sorted(sources) if sources is not None else active
    right = sorted(targets) if targets is not None else active
    seen: set[frozenset[str]] = set()
    out = []
    for u in left:
        for v in right:
            key = frozenset((u, v))
            if u == v or g.has_edge(u, v) or key in seen:
                continue
            if across and g.nodes[u][group] == g.nodes[v][group]:
                continue
            seen.add(key)
            out.append((u, v))
    return sorted(out)
