"""Which texts and measures the report shows; the wording itself is in the text catalogue.

Every heading, label and sentence of the report is in ``coopnet/assets/texts/<lang>/report.toml``
and every measure's display name, definition and source in ``measures.toml`` (one catalogue per
language, :mod:`coopnet.lang`). This module holds the order of things: which network measures
the key-figures table lists, which actor measures the key-actor tables rank, and how the methods
appendix groups the measures (``docs/measures.md`` has the full definitions and conventions).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from coopnet.lang import Lang, catalogue, column_label, text

__all__ = [
    "KEY_FIGURES",
    "METHOD_BLOCKS",
    "TOP_MEASURES",
    "Lang",
    "column_name",
    "measure_definition",
    "measure_name",
    "measure_source",
    "word",
]

#: Network-level keys shown in the key-figures table, in order.
KEY_FIGURES: Final[tuple[str, ...]] = (
    "n_actors", "n_ties", "density", "reciprocity", "components", "largest_component_share",
    "fragmentation", "distance_fragmentation", "degree_centralization",
    "betweenness_centralization", "transitivity", "average_path_length", "ei_index",
    "ei_p_value", "modularity", "assortativity", "n_communities", "community_nmi",
)  # fmt: skip

#: Actor measures of the key-actor tables: ``(column, ascending)``; constraint: low is notable.
TOP_MEASURES: Final[tuple[tuple[str, bool], ...]] = (
    ("degree", False),
    ("betweenness", False),
    ("eigenvector", False),
    ("broker_total", False),
    ("effective_size", False),
    ("constraint", True),
)

#: Which measures (keys of ``measures.toml``) belong to which block of the methods appendix.
METHOD_BLOCKS: Final[tuple[tuple[str, tuple[str, ...]], ...]] = (
    ("actor_measures", (
        "degree", "strength", "betweenness", "closeness", "harmonic", "eigenvector", "pagerank",
        "constraint", "effective_size", "broker_total", "cut_vertex", "core_number",
        "partner_diversity", "community",
    )),
    ("network_measures", (
        "density", "reciprocity", "components", "largest_component_share", "fragmentation",
        "distance_fragmentation", "degree_centralization", "betweenness_centralization",
        "transitivity", "average_path_length", "ei_index", "ei_p_value", "modularity",
        "assortativity", "n_communities", "community_nmi", "mixing", "key_players",
    )),
    ("comparison_measures", ("jaccard", "qap", "persistence")),
)  # fmt: skip


def word(key: str, lang: Lang, **values: object) -> str:
    """The report text ``key`` (``report.toml``) in `lang`, filled with `values`."""
    return text(f"report.{key}", lang, **values)


def _measure(key: str, part: str, lang: Lang) -> str | None:
    return catalogue(lang).get(f"measures.{key}.{part}")


def measure_name(key: str, lang: Lang) -> str:
    """The display name of a measure: German with the technical term beside it in German
    (``"Vermittlung (Betweenness)"``); the key itself when the catalogue has no entry."""
    return _measure(key, "name", lang) or key


def measure_definition(key: str, lang: Lang) -> str:
    """The one-sentence definition of a measure (``""`` when unknown)."""
    return _measure(key, "definition", lang) or ""


def measure_source(key: str, lang: Lang) -> str:
    """The reference of a measure (``""`` when unknown)."""
    return _measure(key, "source", lang) or ""


def column_name(column: str, lang: Lang, labels: Mapping[str, str] | None = None) -> str:
    """The display name of an actor column (dataset ``[labels]`` first, then the catalogue)."""
    return column_label(column, lang, labels)
