"""The recommender on a study: one period's symmetrised ties and the study's grouping column.

The :class:`~coopnet.run.Study` resolves the options once (grouping column, tie types, weights)
and builds each period's graph once; these functions take its undirected ties
(:meth:`~coopnet.run.Study.ties`) whatever ``directed`` says, since every objective is defined on
the symmetrised ties.
"""

from __future__ import annotations

from collections.abc import Sequence

from coopnet.recommend.greedy import Recommendations, recommend_ties
from coopnet.recommend.objectives import Objective
from coopnet.recommend.whatif import TieWhatIf, what_if_ties
from coopnet.run import Study

__all__ = ["recommend_network", "what_if_ties_network"]


def recommend_network(
    study: Study,
    *,
    period: str | None = None,
    k: int = 3,
    objective: Objective = "fragmentation",
    across_groups: bool = False,
    sources: Sequence[str] | None = None,
    targets: Sequence[str] | None = None,
    liaison: bool = False,
    progress: bool = False,
) -> Recommendations:
    """Run :func:`~coopnet.recommend.recommend_ties` on one period of a study.

    The graph is ``study.ties(period)`` (``None`` / ``"all"``: all periods pooled), the grouping
    column ``study.group`` (``None`` when the dataset has none: the ``reach`` objective then says
    it needs one); the other options are those of :func:`~coopnet.recommend.recommend_ties`.

    Examples
    --------
    >>> import coopnet
    >>> s = coopnet.study("data/musterstadt")
    >>> result = recommend_network(s, period="2016", k=3, objective="robustness")
    >>> [(r.source, r.target) for r in result.recommendations]
    [('AA', 'ALEVI'), ('AA', 'ITA'), ('GS-SUED', 'RUS')]
    >>> round(result.before, 3), result.after
    (0.084, 0.0)
    """
    return recommend_ties(
        study.ties(period),
        k=k,
        objective=objective,
        group=study.group,
        across_groups=across_groups,
        sources=sources,
        targets=targets,
        liaison=liaison,
        progress=progress,
    )


def what_if_ties_network(
    study: Study, add: Sequence[Sequence[str]], *, period: str | None = None
) -> TieWhatIf:
    """Run :func:`~coopnet.recommend.what_if_ties` on one period of a study.

    Distance fragmentation uses the study's weights (``--weighted``); added ties weigh 1.
    """
    return what_if_ties(study.ties(period), add, group=study.group, weight=study.options.weight)
