"""The recommender on a dataset: one period's symmetrised graph and the grouping column.

One small function builds the graph (:func:`recommendation_graph`), so that the run object that
resolves options once can replace it without touching the search.
"""

from __future__ import annotations

from collections.abc import Sequence

import networkx as nx

from coopnet.errors import GraphError
from coopnet.model import CooperationNetwork
from coopnet.recommend.greedy import Recommendations, recommend_ties
from coopnet.recommend.objectives import Objective
from coopnet.recommend.whatif import TieWhatIf, what_if_ties

__all__ = ["recommend_dataset", "recommendation_graph", "what_if_ties_dataset"]


def recommendation_graph(
    net: CooperationNetwork, *, period: str | None = None, group: str | None = None
) -> tuple[nx.Graph, str | None]:
    """Return the symmetrised graph of one period and the grouping column it carries.

    Parameters
    ----------
    net
        The dataset.
    period
        A period of the dataset; ``None`` or ``"all"`` pools all periods.
    group
        Grouping column; ``None`` takes the dataset's default and, if the dataset has no
        grouping column at all, none (the ``reach`` objective then reports that it needs one).

    Raises
    ------
    GraphError
        Unknown period, or `group` given but not a column of the actor table.
    """
    column: str | None
    if group is not None:
        column = net.group_column(group)
    else:
        try:
            column = net.group_column(None)
        except GraphError:
            column = None
    graph = net.graph(None if period in (None, "all") else period, directed=False, group=column)
    return graph, column


def recommend_dataset(
    net: CooperationNetwork,
    *,
    period: str | None = None,
    group: str | None = None,
    k: int = 3,
    objective: Objective = "fragmentation",
    across_groups: bool = False,
    sources: Sequence[str] | None = None,
    targets: Sequence[str] | None = None,
    liaison: bool = False,
    progress: bool = False,
) -> Recommendations:
    """Run :func:`~coopnet.recommend.recommend_ties` on one period of a dataset.

    The graph and grouping column come from :func:`recommendation_graph`; the other options
    are those of :func:`~coopnet.recommend.recommend_ties`.

    Examples
    --------
    >>> import coopnet
    >>> net = coopnet.load("data/musterstadt")
    >>> result = recommend_dataset(net, period="2016", k=3, objective="robustness")
    >>> [(r.source, r.target) for r in result.recommendations]
    [('AA', 'ALEVI'), ('AA', 'ITA'), ('GS-SUED', 'RUS')]
    >>> round(result.before, 3), result.after
    (0.084, 0.0)
    """
    graph, column = recommendation_graph(net, period=period, group=group)
    return recommend_ties(
        graph,
        k=k,
        objective=objective,
        group=column,
        across_groups=across_groups,
        sources=sources,
        targets=targets,
        liaison=liaison,
        progress=progress,
    )


def what_if_ties_dataset(
    net: CooperationNetwork,
    add: Sequence[Sequence[str]],
    *,
    period: str | None = None,
    group: str | None = None,
    weighted: bool = False,
) -> TieWhatIf:
    """Run :func:`~coopnet.recommend.what_if_ties` on one period of a dataset.

    With `weighted`, distance fragmentation uses the tie weights and the added ties weigh 1.
    """
    graph, column = recommendation_graph(net, period=period, group=group)
    return what_if_ties(graph, add, group=column, weight="weight" if weighted else None)
