"""Pseudonymise person-like actors: their labels are replaced by their ids.

Which actors are *person-like*
------------------------------
Organisations are named in the open; people are not. An actor counts as person-like when

* its ``person`` column says so (``true``, ``ja``, ``x``, …; set in the actor list for, e.g., the
  mayor as a person, a volunteer or a named consultant), or
* it is an *unconfirmed* new actor (``origin = unconfirmed``): a partner a respondent typed in by
  hand (possibly "Frau Müller vom Jugendamt") that the analyst has not confirmed yet — unless its
  ``person`` column says ``false``.

Ids must then not be names: the import gives unconfirmed actors the ids ``new_1``, ``new_2``, …, and
:func:`pseudonymise_actors` warns when a person-like actor's id contains its label. The functions
never change their argument; the report can call :func:`pseudonymise_network` before it draws.
"""

from __future__ import annotations

import warnings
from dataclasses import replace

import pandas as pd

from coopnet import schema
from coopnet.errors import DataWarning
from coopnet.model import CooperationNetwork
from coopnet.survey.design import ORIGIN, ORIGIN_UNCONFIRMED, PERSON, fold
from coopnet.validation import parse_bool

__all__ = ["person_like", "pseudonymise_actors", "pseudonymise_network"]


def person_like(actors: pd.DataFrame) -> pd.Series:
    """Which actors are person-like (see the module documentation).

    Parameters
    ----------
    actors
        An actor table with ``id`` and optionally ``person`` and ``origin``.

    Returns
    -------
    pandas.Series
        Boolean, indexed like ``actors``.

    Examples
    --------
    >>> t = pd.DataFrame({"id": ["A", "new_1"], "label": ["Amt", "Frau M."],
    ...                   "origin": ["roster", "unconfirmed"]})
    >>> person_like(t).tolist()
    [False, True]
    """

    def flag(value: object) -> bool | None:
        if value is None or (isinstance(value, float) and value != value):
            return None
        if isinstance(value, bool):
            return value
        return parse_bool(str(value)) if str(value).strip() else None

    flags = (
        actors[PERSON].map(flag)
        if PERSON in actors.columns
        else pd.Series(None, index=actors.index)
    )
    unconfirmed = (
        actors[ORIGIN].astype(object).eq(ORIGIN_UNCONFIRMED)
        if ORIGIN in actors.columns
        else pd.Series(False, index=actors.index)
    )
    return pd.Series(
        [f is True or (u and f is not False) for f, u in zip(flags, unconfirmed, strict=True)],
        index=actors.index,
        dtype=bool,
    )


def pseudonymise_actors(actors: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``actors`` in which every person-like actor's ``label`` is its ``id``.

    Warns (:class:`coopnet.errors.DataWarning`) when a person-like actor's id contains its label,
    since the id then still names the person.
    """
    out = actors.copy()
    mask = person_like(actors)
    leaks = [
        str(i)
        for i, lab, m in zip(actors[schema.ID], actors[schema.LABEL], mask, strict=True)
        if m and fold(str(lab)) and fold(str(lab)) in fold(str(i))
    ]
    if leaks:
        warnings.warn(
            f"the id of person-like actor(s) {', '.join(leaks)} contains the name; give them "
            "neutral ids before sharing the data",
            DataWarning,
            stacklevel=2,
        )
    out[schema.LABEL] = [
        str(i) if m else lab
        for i, lab, m in zip(actors[schema.ID], actors[schema.LABEL], mask, strict=True)
    ]
    return out


def pseudonymise_network(network: CooperationNetwork) -> CooperationNetwork:
    """A copy of ``network`` whose person-like actors are labelled by their ids.

    Graphs built from the copy carry the pseudonymised ``label`` node attribute, so every figure,
    table and HTML page made from it shows ids instead of names.
    """
    return replace(network, actors=pseudonymise_actors(network.actors))
