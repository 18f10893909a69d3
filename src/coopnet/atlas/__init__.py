"""The atlas: many municipalities compared, measure by measure, and with their outcomes.

``coopnet batch`` analyses one dataset per municipality and writes ``municipalities.csv``; the
atlas starts from that table::

    from coopnet.atlas import atlas, write_atlas

    result = atlas("out/kreis/municipalities.csv", outcomes="erfolg.csv", lang="de")
    result.percentiles          # each municipality's percentile rank on each measure
    result.correlations         # Spearman / Kendall of each measure with each outcome
    write_atlas(result, "out/kreis/atlas")      # index.html, tables/, figures/

* :func:`atlas` → :class:`Atlas`: the distribution of each key measure (:data:`MEASURES`), each
  municipality's mid-rank percentile rank, its peer groups (size class, type, Land, Kreis from
  ``dataset.toml``) and, with outcomes, rank correlations with permutation p-values adjusted for
  the number of tests (:mod:`coopnet.atlas.stats`);
* :func:`write_atlas` writes the offline page ``index.html`` with CSV tables and figures;
* :func:`compare_with_peers` / :func:`compare_study` place one municipality among the others of
  a ``municipalities.csv`` (the section "Im Vergleich mit den anderen N Kommunen" of
  ``coopnet report --peers``).

The atlas sits between the figures and the report in the flow of data (it draws its own
figures and the report shows its peer comparison); ``coopnet.batch`` does not import it, so
the batch workers never load it. Definitions and sources: ``docs/atlas.md``.
"""

from __future__ import annotations

from coopnet.atlas.outcomes import (
    CORRELATION_COLUMNS,
    MIN_PAIRS,
    SMALL_N,
    Outcomes,
    rank_correlations,
    read_outcomes,
)
from coopnet.atlas.page import SECTIONS, SUMMARY, render_page, write_atlas
from coopnet.atlas.positions import (
    MIN_PEER_GROUP,
    PEER_COLUMNS,
    PEER_KEYS,
    PeerKey,
    PeerPosition,
    compare_study,
    compare_with_peers,
)
from coopnet.atlas.result import Atlas, atlas
from coopnet.atlas.stats import (
    benjamini_hochberg,
    holm,
    kendall_tau_b,
    percentile_rank,
    permutation_test,
    spearman,
)
from coopnet.atlas.table import (
    ACTOR_CLASS_BOUNDS,
    MEASURES,
    POPULATION_CLASS_BOUNDS,
    TESTED_MEASURES,
    Municipalities,
    read_municipalities,
    size_classes,
)

__all__ = [
    "ACTOR_CLASS_BOUNDS",
    "CORRELATION_COLUMNS",
    "MEASURES",
    "MIN_PAIRS",
    "MIN_PEER_GROUP",
    "PEER_COLUMNS",
    "PEER_KEYS",
    "POPULATION_CLASS_BOUNDS",
    "SECTIONS",
    "SMALL_N",
    "SUMMARY",
    "TESTED_MEASURES",
    "Atlas",
    "Municipalities",
    "Outcomes",
    "PeerKey",
    "PeerPosition",
    "atlas",
    "benjamini_hochberg",
    "compare_study",
    "compare_with_peers",
    "holm",
    "kendall_tau_b",
    "percentile_rank",
    "permutation_test",
    "rank_correlations",
    "read_municipalities",
    "read_outcomes",
    "render_page",
    "size_classes",
    "spearman",
    "write_atlas",
]
