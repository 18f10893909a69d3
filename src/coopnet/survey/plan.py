"""Decide what a wave asks, from the options of ``survey template`` and an earlier wave."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from coopnet.errors import InputError
from coopnet.messages import Text, tr
from coopnet.survey.actors import read_actor_list, wave_roster
from coopnet.survey.design import DEFAULT_TIE_TYPE, SCALES, Lang, Scale, SurveyDesign, parse_scale

__all__ = ["SurveyPlan", "plan_survey"]


@dataclass(frozen=True)
class SurveyPlan:
    """The actors to ask and the questions, resolved once.

    Attributes
    ----------
    actors
        The roster (every actor gets a questionnaire).
    design
        The questions.
    notes
        How options were resolved (what the earlier wave gave, what was left out).
    """

    actors: pd.DataFrame
    design: SurveyDesign
    notes: tuple[Text, ...] = ()


def plan_survey(
    actors: str | Path | None = None,
    *,
    from_dataset: str | Path | None = None,
    period: str | None = None,
    tie_types: Sequence[str] | None = None,
    scale: str | None = None,
    quality: Sequence[str] | None = None,
    name: str | None = None,
    lang: Lang | None = None,
    extra_rows: int = 5,
) -> SurveyPlan:
    """Resolve the roster and the questions of a wave.

    Each option not given is taken from the earlier wave (``from_dataset``, its ``[survey]``
    table), else from the defaults: one tie type *Zusammenarbeit* (*Cooperation*), the frequency
    scale, no quality questions, German.

    Parameters
    ----------
    actors
        The actor list; optional with ``from_dataset`` (then its actors are added).
    from_dataset
        An earlier wave: its actors (confirmed new actors included) and its questions.
    period
        The new wave.
    tie_types, scale, quality, name, lang, extra_rows
        As for ``coopnet survey template``; ``scale`` is a scale name or a comma-separated list.

    Raises
    ------
    InputError
        Neither an actor list nor an earlier wave, or invalid options.
    """
    if actors is None and from_dataset is None:
        raise InputError(tr("errors.survey.needs_actors"))
    base: SurveyDesign | None = None
    found_types: tuple[str, ...] = ()
    notes: tuple[Text, ...] = ()
    if from_dataset is not None:
        wave = wave_roster(from_dataset, actors=actors, period=period)
        roster, base, found_types, notes = wave.roster, wave.design, wave.tie_types, wave.notes
    else:
        assert actors is not None
        roster = read_actor_list(actors)
    chosen: Lang = lang or (base.lang if base else "de")
    resolved: Scale
    if scale is not None:
        resolved = parse_scale(scale, lang=chosen)
    elif base is not None:
        resolved = SCALES.get(base.scale.name, {}).get(chosen, base.scale)
    else:
        resolved = SCALES["frequency"][chosen]
    types = (
        tuple(tie_types)
        if tie_types
        else (base.tie_types if base else found_types or (DEFAULT_TIE_TYPE[chosen],))
    )
    design = SurveyDesign(
        tie_types=types,
        scale=resolved,
        quality=tuple(quality) if quality is not None else (base.quality if base else ()),
        name=name if name is not None else (base.name if base else ""),
        period=period,
        lang=chosen,
        extra_rows=extra_rows,
    )
    return SurveyPlan(actors=roster, design=design, notes=notes)
