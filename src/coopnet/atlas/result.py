"""The atlas of many municipalities: :func:`atlas` computes it, :class:`Atlas` holds it."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
import pandas as pd

from coopnet.atlas.outcomes import CORRELATION_COLUMNS, SMALL_N, rank_correlations, read_outcomes
from coopnet.atlas.positions import (
    PEER_KEYS,
    PeerKey,
    distribution,
    peer_groups,
    peer_summary,
    peer_table,
    percentiles,
)
from coopnet.atlas.stats import Correction
from coopnet.atlas.table import (
    TESTED_MEASURES,
    Municipalities,
    SizeBasis,
    as_float,
    measure_name,
    read_municipalities,
)
from coopnet.lang import Lang, check_lang, number, text

__all__ = ["Atlas", "atlas"]

CORRECTIONS: Final = ("holm", "bh")


@dataclass(frozen=True)
class Atlas:
    """The cross-municipality comparison: distributions, percentile ranks, peers, outcomes.

    Every table is a plain DataFrame; :func:`coopnet.atlas.write_atlas` writes them (CSV) with
    the figures and the page ``index.html``. In a notebook the atlas shows its overview.

    Attributes
    ----------
    municipalities
        The municipalities compared (analysed successfully), indexed by ``name`` (sorted):
        ``label``, ``path``, ``land``, ``kreis``, ``municipality_type``, ``population``, one
        column per measure, and ``size_class``.
    measures
        The measures compared (:data:`coopnet.atlas.MEASURES` found in the table).
    distribution
        Per measure (index): ``n``, ``min``, ``q1``, ``median``, ``q3``, ``max``, ``mean``.
    percentiles
        Indexed like `municipalities`, one column per measure: the mid-rank percentile rank
        (``docs/atlas.md``) in [0, 100].
    peers
        Each municipality in each of its peer groups (:data:`coopnet.atlas.PEER_COLUMNS`).
    peer_summary
        The median of each measure in each peer group.
    outcomes
        Indexed like `municipalities`, one float column per outcome (no columns without
        outcomes).
    correlations
        Rank correlations of each measure with each outcome
        (:data:`coopnet.atlas.CORRELATION_COLUMNS`; no rows without outcomes).
    excluded
        The municipalities left out because their analysis failed: ``name``, ``status``,
        ``error``.
    notes
        What the reader should know, in `lang` (left-out municipalities, missing columns, how
        size classes were formed, small numbers).
    size_basis
        Size classes by ``"population"`` or by ``"n_actors"``.
    peer_keys
        The peer keys used (those the table has values for).
    lang, n_permutations, seed, correction
        The options the atlas was computed with.
    source, outcomes_source
        Where the table and the outcomes came from.
    """

    municipalities: pd.DataFrame
    measures: tuple[str, ...]
    distribution: pd.DataFrame
    percentiles: pd.DataFrame
    peers: pd.DataFrame
    peer_summary: pd.DataFrame
    outcomes: pd.DataFrame
    correlations: pd.DataFrame
    excluded: pd.DataFrame
    notes: tuple[str, ...]
    size_basis: SizeBasis
    peer_keys: tuple[PeerKey, ...]
    lang: Lang
    n_permutations: int
    seed: int
    correction: Correction
    source: str
    outcomes_source: str | None = None

    @property
    def n(self) -> int:
        """The number of municipalities compared."""
        return len(self.municipalities)

    def format(self) -> str:
        """A short plain-text overview (in the atlas's language), as the CLI prints it."""
        lang = self.lang
        lines = [
            text(
                "atlas.summary",
                lang,
                n=number(self.n, lang),
                excluded=number(len(self.excluded), lang),
            )
        ]
        for measure in self.measures:
            row = self.distribution.loc[measure]
            lines.append(
                f"  {measure_name(measure, lang)}: "
                + text(
                    "atlas.summary_measure",
                    lang,
                    median=_fmt(as_float(row["median"]), measure, lang),
                    q1=_fmt(as_float(row["q1"]), measure, lang),
                    q3=_fmt(as_float(row["q3"]), measure, lang),
                )
            )
        if len(self.correlations):
            strongest = self.correlations.dropna(subset=["spearman"])
            if len(strongest):
                best = strongest.iloc[int(np.argmax(strongest["spearman"].abs().to_numpy()))]
                lines.append(
                    text(
                        "atlas.summary_outcome",
                        lang,
                        outcome=best["outcome"],
                        measure=measure_name(best["measure"], lang),
                        rho=number(best["spearman"], lang, digits=2, signed=True),
                        n=number(int(best["n"]), lang),
                    )
                )
        lines.extend(f"  ! {note}" for note in self.notes)
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        from coopnet.atlas.page import overview_html

        return overview_html(self)


def _fmt(value: float, measure: str, lang: Lang) -> str:
    from coopnet.atlas.table import COUNT_MEASURES

    if measure in COUNT_MEASURES:
        return number(value, lang, significant=3)
    return number(value, lang, digits=3)


def atlas(
    table: Municipalities | pd.DataFrame | str | os.PathLike[str],
    *,
    peers: Sequence[PeerKey] = PEER_KEYS,
    outcomes: pd.DataFrame | str | os.PathLike[str] | None = None,
    lang: Lang = "de",
    n_permutations: int = 1000,
    seed: int = 0,
    correction: Correction = "holm",
) -> Atlas:
    """Compare the municipalities of a ``coopnet batch`` run.

    Parameters
    ----------
    table
        ``municipalities.csv`` (or the batch output folder), its DataFrame
        (:attr:`coopnet.batch.BatchResult.table`), or :func:`coopnet.atlas.read_municipalities`
        of it. Municipalities whose analysis failed are left out and listed.
    peers
        How to form peer groups (:data:`coopnet.atlas.PEER_KEYS`): ``"size"`` (size class by
        population, else by number of actors), ``"municipality_type"``, ``"land"``,
        ``"kreis"`` (from ``dataset.toml``). Keys without any value are skipped with a note.
    outcomes
        Optional outcomes per municipality (CSV file or DataFrame: a ``name`` column and one
        numeric column per outcome; :func:`coopnet.atlas.read_outcomes`), correlated with every
        measure (:func:`coopnet.atlas.rank_correlations`).
    lang
        Language of notes, labels and the page: ``"de"`` (default) or ``"en"``.
    n_permutations, seed
        Permutations of each correlation test and their seed (as the analysis options).
    correction
        Adjustment of the p-values for the number of tests: ``"holm"`` (default) or ``"bh"``.

    Returns
    -------
    Atlas

    Raises
    ------
    InputError
        Invalid ``municipalities.csv`` or outcomes file (every problem with row, column and
        value), or no municipality analysed successfully.
    ValueError
        An unknown peer key, language or correction.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"name": ["a", "b", "c"], "status": "ok", "n_actors": [20, 40, 60],
    ...                   "density": [0.3, 0.2, 0.2]})
    >>> a = atlas(t, lang="en")
    >>> a.percentiles["density"].round(2).tolist()
    [83.33, 33.33, 33.33]
    """
    lang = check_lang(lang)
    unknown = [k for k in peers if k not in PEER_KEYS]
    if unknown:
        raise ValueError(f"unknown peer key(s) {unknown}; choose from {', '.join(PEER_KEYS)}")
    if correction not in CORRECTIONS:
        raise ValueError(f"unknown correction {correction!r}; choose 'holm' or 'bh'")
    if n_permutations < 1:
        raise ValueError(f"n_permutations must be at least 1, got {n_permutations}")
    data = table if isinstance(table, Municipalities) else read_municipalities(table)
    frame = data.table.copy()
    measures = data.measures
    notes: list[str] = []
    if len(data.excluded):
        notes.append(
            text(
                "atlas.note.excluded" + ("_one" if len(data.excluded) == 1 else ""),
                lang,
                n=number(len(data.excluded), lang),
                names=", ".join(data.excluded["name"]),
            )
        )
    if data.missing_measures:
        names = ", ".join(measure_name(m, lang) for m in data.missing_measures)
        notes.append(text("atlas.note.missing_measures", lang, measures=names))
    if len(frame) == 1:
        notes.append(text("atlas.note.one_municipality", lang))
    groups, basis, group_notes = peer_groups(frame, peers, lang=lang)
    notes.append(text(f"atlas.note.size_basis_{basis}", lang))
    notes.extend(group_notes)
    if "size" in groups:
        frame["size_class"] = groups["size"]
    else:
        from coopnet.atlas.table import size_classes

        frame["size_class"] = size_classes(frame, lang=lang)[0]
    outcome_values = pd.DataFrame(index=frame.index)
    correlations = pd.DataFrame(columns=list(CORRELATION_COLUMNS))
    outcomes_source = None
    if outcomes is not None:
        read = read_outcomes(
            outcomes,
            names=list(frame.index),
            failed=list(data.excluded["name"]),
            labels={str(n): str(lab) for n, lab in frame["label"].items() if lab},
        )
        outcome_values, outcomes_source = read.values, read.source
        if read.not_in_file:
            notes.append(
                text(
                    "atlas.note.not_in_outcomes" + ("_one" if len(read.not_in_file) == 1 else ""),
                    lang,
                    n=number(len(read.not_in_file), lang),
                )
            )
        if read.failed:
            notes.append(text("atlas.note.outcome_of_failed", lang, names=", ".join(read.failed)))
        tested = [m for m in TESTED_MEASURES if m in measures]
        correlations = rank_correlations(
            frame[tested],
            outcome_values,
            n_permutations=n_permutations,
            seed=seed,
            correction=correction,
        )
        if len(correlations) and bool(correlations["small_n"].any()):
            notes.append(text("atlas.note.small_n", lang, n=number(SMALL_N, lang)))
    return Atlas(
        municipalities=frame,
        measures=measures,
        distribution=distribution(frame, measures),
        percentiles=percentiles(frame, measures),
        peers=peer_table(frame, groups, measures),
        peer_summary=peer_summary(frame, groups, measures),
        outcomes=outcome_values,
        correlations=correlations,
        excluded=data.excluded,
        notes=tuple(notes),
        size_basis=basis,
        peer_keys=tuple(groups),
        lang=lang,
        n_permutations=n_permutations,
        seed=seed,
        correction=correction,
        source=data.source,
        outcomes_source=outcomes_source,
    )
