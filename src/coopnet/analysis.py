"""One analysis of one dataset: the graph of a period and every measure of it.

The shared step of the CLI, the comparison, the diagnosis and the report, so that all of them
analyse exactly the same graph with the same options (:class:`coopnet.config.AnalysisConfig`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import networkx as nx
import pandas as pd

from coopnet.config import AnalysisConfig
from coopnet.metrics import (
    NetworkAnalysis,
    actor_centrality,
    analyze,
    brokerage_roles,
    partner_diversity,
    structural_holes,
)
from coopnet.model import CooperationNetwork

__all__ = ["actor_measures", "analysis_graph", "analyze_network"]

Progress = Callable[[str], None]


def analysis_graph(
    net: CooperationNetwork,
    *,
    config: AnalysisConfig = AnalysisConfig(),
    period: str | None = None,
    tie_type: str | Sequence[str] | None = None,
) -> tuple[nx.Graph, str]:
    """Return the graph an analysis runs on and the grouping column it uses.

    ``config.directed`` ``True`` gives the directed nominations, otherwise the symmetrised ties.
    ``period`` ``None`` or ``"all"`` pools all periods.
    """
    column = net.group_column(config.group)
    graph = net.graph(
        None if period in (None, "all") else period,
        tie_type=tie_type,
        directed=bool(config.directed),
        group=column,
    )
    return graph, column


def analyze_network(
    net: CooperationNetwork,
    *,
    config: AnalysisConfig = AnalysisConfig(),
    period: str | None = None,
    tie_type: str | Sequence[str] | None = None,
    progress: Progress | None = None,
) -> NetworkAnalysis:
    """Run :func:`coopnet.metrics.analyze` on one period (or all pooled) of a dataset.

    Examples
    --------
    >>> import coopnet
    >>> from coopnet.pipeline import analyze_network
    >>> result = analyze_network(coopnet.load("data/musterstadt"), period="2016")
    >>> result.actors["betweenness"].idxmax()
    'KI'
    """
    graph, column = analysis_graph(net, config=config, period=period, tie_type=tie_type)
    result = analyze(
        graph,
        group=column,
        weight="weight" if config.weighted else None,
        key_players_k=config.key_players,
        n_permutations=config.n_permutations,
        seed=config.seed,
        progress=progress,
    )
    result.options.update(period=period or "all", tie_type=tie_type, dataset=net.name)
    return result


def actor_measures(graph: nx.Graph, *, group: str, weight: str | None = None) -> pd.DataFrame:
    """Actor-level measures only (centrality, structural holes, brokerage, diversity).

    The part of :func:`coopnet.metrics.analyze` that figures and HTML need, without the group and
    network tests, communities and key players. Indexed by actor id; ``label`` first.
    """
    table = pd.concat(
        [
            actor_centrality(graph, weight=weight),
            structural_holes(graph, weight=weight),
            brokerage_roles(graph, group=group),
            partner_diversity(graph, group=group, weight=weight),
        ],
        axis=1,
    )
    table.insert(0, "label", [graph.nodes[a].get("label", a) for a in table.index])
    return table
