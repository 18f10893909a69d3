"""Parsing of cell texts: numbers with decimal commas, yes/no words, period lists.

The column aliases live in :mod:`coopnet.readers.columns` (re-exported here).
"""

from __future__ import annotations

import re
from typing import Any

from coopnet import schema
from coopnet.readers.columns import ALIASES

__all__ = ["ALIASES", "natural_key", "parse_bool", "parse_number", "split_periods"]

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
