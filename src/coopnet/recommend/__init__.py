"""Intervention design: which new ties would close the gaps of a cooperation network.

The diagnosis says where silos and single points of failure are; this package proposes the new
ties that would close them. :func:`recommend_ties` adds, greedily, the tie between two actors not
tied yet that improves one of three objectives most (:mod:`coopnet.recommend.objectives`):

* ``"fragmentation"`` -- Borgatti's share of actor pairs with no path between them (lower);
* ``"reach"`` -- the share of cross-group pairs at most two steps apart (higher);
* ``"robustness"`` -- fragmentation after losing the key player (lower).

Every candidate pair is evaluated exactly and efficiently (component sizes, neighbourhood
products, the articulation structure); :func:`what_if_ties` checks ties the analyst proposes.
:func:`write_recommendations` writes ``recommendations.csv`` and ``recommendations.md``.
Definitions and sources: ``docs/recommend.md``.
"""

from __future__ import annotations

from coopnet.recommend.dataset import recommend_network, what_if_ties_network
from coopnet.recommend.greedy import (
    RECOMMENDATION_COLUMNS,
    Recommendation,
    Recommendations,
    Stop,
    recommend_objectives,
    recommend_ties,
)
from coopnet.recommend.objectives import (
    OBJECTIVES,
    Objective,
    cross_group_reach,
    objective_value,
    robustness,
)
from coopnet.recommend.render import (
    format_markdown,
    format_text,
    workshop_question,
    write_recommendations,
)
from coopnet.recommend.whatif import TieWhatIf, what_if_ties

__all__ = [
    "OBJECTIVES",
    "RECOMMENDATION_COLUMNS",
    "Objective",
    "Recommendation",
    "Recommendations",
    "Stop",
    "TieWhatIf",
    "cross_group_reach",
    "format_markdown",
    "format_text",
    "objective_value",
    "recommend_network",
    "recommend_objectives",
    "recommend_ties",
    "robustness",
    "what_if_ties",
    "what_if_ties_network",
    "workshop_question",
    "write_recommendations",
]
