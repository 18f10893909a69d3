"""Parsing of cell texts: numbers with decimal commas, yes/no words, period lists.

The column aliases live in :mod:`coopnet.readers.columns` (re-exported here).
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from coopnet import schema
from coopnet.readers.columns import ALIASES

__all__ = [
    "ALIASES",
    "join_periods",
    "natural_key",
    "parse_bool",
    "parse_number",
    "responded_in",
    "split_periods",
]

_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$")


def natural_key(text: str) -> tuple[Any, ...]:
    """Sort key that orders ``"2"`` before ``"10"`` and ``"Welle 2"`` before ``"Welle 10"``."""
    return tuple(int(t) if t.isdigit() else t.casefold() for t in re.split(r"(\d+)", text))


def parse_number(text: str) -> float | None:
    """Parse ``"2"``, ``"2.5"``, ``"2,5"`` (decimal comma) or ``"1e3"``; ``None`` if not a number.

    A value with both a dot and a comma (``"1.000,5"``) is rejected as ambiguous.
    """
    if text.isascii() and text.isdigit():  # the common case, "1" … "5"
        return float(text)
    t = text.strip().replace("\u00a0", "").replace(" ", "")
    if not _NUMBER.match(t) or ("," in t and "." in t):
        return None
    return float(t.replace(",", "."))


def parse_bool(text: str) -> bool | None:
    """Parse yes/no words in English and German; ``None`` if not recognised."""
    t = text.strip().casefold()
    if t in schema.TRUE_WORDS:
        return True
    if t in schema.FALSE_WORDS:
        return False
    return None


def split_periods(text: str) -> list[str]:
    """The periods of an actor's ``periods`` cell (``2016;2022``, also ``,`` or ``|``)."""
    return [p.strip() for p in re.split(r"[;,|]", text) if p.strip()]


def join_periods(periods: list[str]) -> str:
    """The text of a list of periods (``2022;2024``) that reads back as that list.

    A single period that is also a yes/no word (period ``1`` or ``0``) gets a trailing ``;``
    (``1;``), so that a ``responded`` cell is not read as true or false.

    Examples
    --------
    >>> join_periods(["2022", "2024"]), join_periods(["1"])
    ('2022;2024', '1;')
    """
    text = ";".join(periods)
    return text + ";" if periods and parse_bool(text) is not None else text


def responded_in(value: object, period: str | None) -> bool | None:
    """Whether an actor counts as a respondent in `period`, from its ``responded`` value.

    ``responded`` holds ``True``/``False`` (the same in every period), the periods in which the
    actor answered (``"2022;2024"``: a respondent in a listed period, a non-respondent in every
    other one) or nothing (``None``: not known). `period` ``None`` (all periods pooled) asks
    whether the actor answered in at least one period.

    Examples
    --------
    >>> responded_in("2022;2024", "2022"), responded_in("2022", "2024"), responded_in("2022", None)
    (True, False, True)
    >>> responded_in(False, "2022"), responded_in(None, "2022")
    (False, None)
    """
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, str):
        listed = split_periods(value)
        return bool(listed) if period is None else period in listed
    return bool(value)
