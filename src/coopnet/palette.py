"""Group colours shared by the static figures (:mod:`coopnet.viz`) and the HTML pages
(:mod:`coopnet.interactive`), so that a group has the same colour everywhere.

Colour-blind-safe qualitative palettes: Okabe & Ito (2008) with black moved to the end, then Paul
Tol's *muted* scheme (Tol 2021); the ``"(unknown)"`` placeholder is grey.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping

from coopnet.model import UNKNOWN_GROUP

__all__ = ["GROUP_PALETTE", "OKABE_ITO", "TOL_MUTED", "UNKNOWN_COLOR", "group_colors",
           "sort_groups"]  # fmt: skip

logger = logging.getLogger(__name__)

OKABE_ITO: tuple[str, ...] = (
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#009E73",  # bluish green
    "#F0E442",  # yellow
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
    "#000000",  # black
)
"""Okabe & Ito (2008) colour-blind-safe qualitative palette, black moved to the end."""

TOL_MUTED: tuple[str, ...] = (
    "#CC6677",  # rose
    "#332288",  # indigo
    "#DDCC77",  # sand
    "#117733",  # green
    "#88CCEE",  # cyan
    "#882255",  # wine
    "#44AA99",  # teal
    "#999933",  # olive
    "#AA4499",  # purple
)
"""Paul Tol's 'muted' qualitative scheme (Tol 2021), used after the eight Okabe–Ito colours."""

GROUP_PALETTE: tuple[str, ...] = OKABE_ITO + TOL_MUTED
"""Colours given to groups in order: Okabe–Ito, then Tol muted."""
UNKNOWN_COLOR = "#BBBBBB"
"""Colour of the ``"(unknown)"`` group."""


def sort_groups(groups: Iterable[str]) -> list[str]:
    """Sort group names case-insensitively, with the ``"(unknown)"`` placeholder last."""
    unique = set(groups)
    ordered = sorted(unique - {UNKNOWN_GROUP}, key=lambda g: (g.casefold(), g))
    if UNKNOWN_GROUP in unique:
        ordered.append(UNKNOWN_GROUP)
    return ordered


def group_colors(
    groups: Iterable[str], *, palette: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Map each group to a colour: ``palette`` first, then Okabe–Ito, then Tol muted.

    Groups are coloured in :func:`sort_groups` order, so the same set of groups always gets the
    same colours. ``"(unknown)"`` is grey. Beyond 17 groups the palette repeats.
    """
    ordered = sort_groups(groups)
    fixed = dict(palette or {})
    free = [c for c in GROUP_PALETTE if c not in set(fixed.values())] or list(GROUP_PALETTE)
    unfixed = [g for g in ordered if g not in fixed and g != UNKNOWN_GROUP]
    if len(unfixed) > len(free):
        logger.warning(
            "%d groups without a fixed colour but %d free colours: colours repeat",
            len(unfixed),
            len(free),
        )
    colors: dict[str, str] = {}
    i = 0
    for g in ordered:
        if g in fixed:
            colors[g] = fixed[g]
        elif g == UNKNOWN_GROUP:
            colors[g] = UNKNOWN_COLOR
        else:
            colors[g] = free[i % len(free)]
            i += 1
    return colors
