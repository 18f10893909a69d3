"""Encodings shared by the static figures (:mod:`coopnet.viz`) and the HTML pages
(:mod:`coopnet.interactive`): group colours and marker shapes, and the style of kept, new and
removed ties, so that a group, and a change, look the same everywhere.

Groups
    :data:`GROUP_PALETTE` holds 15 colours chosen so that every pair stays apart for readers
    with normal vision and for the two common colour-vision deficiencies: the smallest
    CIEDE2000 colour difference (Sharma et al. 2005) between two palette colours is 16.6 for
    normal vision and 9.2 under simulated deuteranopia and protanopia (Machado et al. 2009,
    severity 1). It starts with the seven colours of Okabe & Ito (2008), so small networks look
    as before; eight further colours were picked greedily to maximise the smallest difference
    (to each other, to the palette, and to white, black and the greys used for ties and the
    ``"(unknown)"`` group). Groups beyond 15 keep the colours in order and change the **marker
    shape** (circle, square, triangle, diamond, …, :data:`SHAPES`): two groups never share
    both colour and shape for up to 105 groups, and two groups of the same shape always differ
    in colour. Black is kept for the whole network in charts (E-I index) and grey for
    ``"(unknown)"``.
Ties
    :data:`TIE_STATUS` gives kept, new and removed ties a grey level, a width and a dash pattern
    — no hue, so a status is never mistaken for a group and survives greyscale printing: kept
    ties light grey and thin, new ties dark and thick, removed ties mid-grey and dashed.
    :data:`PROPOSED_TIE` draws the ties :mod:`coopnet.recommend` proposes ("vorgeschlagen"):
    near-black, short dashes, on pages that show no change.

References
----------
.. [1] Okabe, M. & Ito, K. (2008). Color Universal Design (CUD): How to make figures and
   presentations that are friendly to colorblind people. https://jfly.uni-koeln.de/color/
.. [2] Sharma, G., Wu, W. & Dalal, E. N. (2005). The CIEDE2000 color-difference formula:
   Implementation notes, supplementary test data, and mathematical observations. Color Research
   & Application 30(1), 21-30. https://doi.org/10.1002/col.20070
.. [3] Machado, G. M., Oliveira, M. M. & Fernandes, L. A. F. (2009). A physiologically-based model
   for simulation of color vision deficiency. IEEE TVCG 15(6), 1291-1298.
   https://doi.org/10.1109/TVCG.2009.113
.. [4] Tol, P. (2021). Colour schemes. SRON/EPS/TN/09-002, issue 3.2.
   https://personal.sron.nl/~pault/data/colourschemes.pdf
"""

from __future__ import annotations

import itertools
import logging
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final, Literal

import numpy as np

from coopnet.lang import Lang
from coopnet.messages import tr
from coopnet.model import UNKNOWN_GROUP

__all__ = [
    "GROUP_PALETTE",
    "OKABE_ITO",
    "PROPOSED_TIE",
    "SEQUENTIAL",
    "SHAPES",
    "TIE_STATUS",
    "TOL_MUTED",
    "UNKNOWN_COLOR",
    "GroupStyle",
    "Shape",
    "TieStatus",
    "TieStyle",
    "Vision",
    "colour_difference",
    "group_colors",
    "group_styles",
    "simulate_vision",
    "smallest_difference",
    "sort_groups",
]

logger = logging.getLogger(__name__)

OKABE_ITO: Final[tuple[str, ...]] = (
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

TOL_MUTED: Final[tuple[str, ...]] = (
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
"""Paul Tol's 'muted' qualitative scheme (Tol 2021); no longer part of the group palette (its
cyan, rose and teal came too close to Okabe–Ito's sky blue, reddish purple and bluish green)."""

GROUP_PALETTE: Final[tuple[str, ...]] = (
    *OKABE_ITO[:7],
    "#4B0082",  # indigo
    "#6B3E26",  # brown
    "#00545F",  # dark petrol
    "#B2DF8A",  # light green (ColorBrewer 'Paired')
    "#5E5E00",  # olive
    "#7878FF",  # periwinkle
    "#FF2D69",  # raspberry
    "#69E1F0",  # light cyan
)
"""The 15 group colours, in the order groups get them (see the module notes)."""

SEQUENTIAL: Final[tuple[str, ...]] = (
    "#00224E", "#1A386F", "#434E6C", "#61656F", "#7D7C78", "#9B9476", "#BCAE6C", "#DEC958",
    "#FEE838",
)  # fmt: skip
"""Nine stops of the sequential, colour-blind-safe *cividis* map (Nuñez et al. 2018) for
colouring by a measure in the pages (interpolated linearly between the stops)."""

UNKNOWN_COLOR: Final = "#BBBBBB"
"""Colour of the ``"(unknown)"`` group."""

Shape = Literal["circle", "square", "triangle", "diamond", "triangle_down", "star", "hexagon"]
SHAPES: Final[tuple[Shape, ...]] = (
    "circle", "square", "triangle", "diamond", "triangle_down", "star", "hexagon",
)  # fmt: skip
"""Marker shapes, the second channel after the colour: group ``i`` gets colour
``i mod 15`` and shape ``i // 15`` (fixed colours aside)."""

MATPLOTLIB_MARKERS: Final[Mapping[Shape, str]] = {
    "circle": "o", "square": "s", "triangle": "^", "diamond": "D", "triangle_down": "v",
    "star": "*", "hexagon": "h",
}  # fmt: skip
"""The matplotlib marker of each shape."""

VIS_SHAPES: Final[Mapping[Shape, str]] = {
    "circle": "dot", "square": "square", "triangle": "triangle", "diamond": "diamond",
    "triangle_down": "triangleDown", "star": "star", "hexagon": "hexagon",
}  # fmt: skip
"""The vis-network node shape of each shape (labels drawn outside the marker)."""

MARKER_AREA: Final[Mapping[Shape, float]] = {
    "circle": 1.0, "square": 0.8, "triangle": 1.15, "diamond": 0.8, "triangle_down": 1.15,
    "star": 1.4, "hexagon": 0.9,
}  # fmt: skip
"""Size factor per shape so that markers of one size look about equally large."""

_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")


@dataclass(frozen=True, slots=True)
class GroupStyle:
    """How one group is drawn: fill colour (``#RRGGBB``) and marker shape."""

    color: str
    shape: Shape = "circle"

    @property
    def marker(self) -> str:
        """The matplotlib marker (``"o"``, ``"s"``, …)."""
        return MATPLOTLIB_MARKERS[self.shape]

    @property
    def vis_shape(self) -> str:
        """The vis-network node shape (``"dot"``, ``"square"``, …)."""
        return VIS_SHAPES[self.shape]


TieStatus = Literal["kept", "added", "removed"]


@dataclass(frozen=True, slots=True)
class TieStyle:
    """How ties of one change status are drawn, in figures and pages alike.

    Attributes
    ----------
    color
        Line colour ``#RRGGBB`` (grey levels only, never a group hue).
    width
        Line width in points (figures); pages use the same number in CSS pixels.
    dash
        Dash pattern ``(on, off)`` in multiples of the line width, ``None`` for solid lines.
    alpha
        Opacity.
    """

    color: str
    width: float
    dash: tuple[float, float] | None
    alpha: float

    def dash_points(self) -> tuple[float, tuple[float, float]] | Literal["solid"]:
        """The matplotlib ``linestyle`` (``"solid"`` or an offset dash pattern in points)."""
        if self.dash is None:
            return "solid"
        return (0.0, (self.dash[0], self.dash[1]))

    def dash_pixels(self) -> list[float] | bool:
        """The vis-network ``dashes`` option: ``False`` or ``[on, off]`` in pixels."""
        if self.dash is None:
            return False
        return [round(self.dash[0] * self.width, 2), round(self.dash[1] * self.width, 2)]


TIE_STATUS: Final[Mapping[TieStatus, TieStyle]] = {
    "kept": TieStyle("#A6A6A6", 1.0, None, 0.8),
    "added": TieStyle("#1A1A1A", 1.8, None, 0.8),
    "removed": TieStyle("#5A5A5A", 1.4, (4.0, 2.5), 0.9),
}
"""Kept, new and removed ties: one definition for :func:`coopnet.viz.plot_difference` and the
comparison pages of :mod:`coopnet.interactive`."""

PROPOSED_TIE: Final = TieStyle("#1A1A1A", 2.8, (1.4, 1.2), 0.95)
"""A proposed new tie ("vorgeschlagen", :mod:`coopnet.recommend`): thicker and darker than the
ties of the data (mid-grey, at most as thick unless weighted) and dashed more finely than a removed
tie, so it reads as "not there yet"; the one definition for pages (and figures, should they show
proposals)."""


# ----------------------------------------------------------------------------------------------
# assigning styles to groups
# ----------------------------------------------------------------------------------------------
def sort_groups(groups: Iterable[str]) -> list[str]:
    """Sort group names case-insensitively, with the ``"(unknown)"`` placeholder last."""
    unique = set(groups)
    ordered = sorted(unique - {UNKNOWN_GROUP}, key=lambda g: (g.casefold(), g))
    if UNKNOWN_GROUP in unique:
        ordered.append(UNKNOWN_GROUP)
    return ordered


def _check_colour(name: str, colour: object) -> str:
    if not isinstance(colour, str) or not _HEX.match(colour):
        raise ValueError(f"palette colour for {name!r} must look like '#1A2B3C', not {colour!r}")
    return colour.upper()


STYLES_REPEAT: Final = "viz.styles_repeat"
"""Catalogue key of the warning that styles repeat (the ``key`` of its log record)."""


def group_styles(
    groups: Iterable[str],
    *,
    palette: Mapping[str, str | GroupStyle] | None = None,
    lang: Lang = "de",
) -> dict[str, GroupStyle]:
    """Give each group a colour and a marker shape, in :func:`sort_groups` order.

    Parameters
    ----------
    groups
        Group names (repeats allowed).
    palette
        Fixed entries: a colour ``"#RRGGBB"`` (its shape follows the rule below) or a full
        :class:`GroupStyle`. Pass the result of this function for the union of groups to keep
        styles equal across figures and pages of periods with different groups.
    lang
        Language of the warning that styles repeat (``"de"`` default, or ``"en"``).

    Returns
    -------
    dict[str, GroupStyle]
        In :func:`sort_groups` order. Free groups take the (colour, shape) pairs
        ``(GROUP_PALETTE[i mod 15], SHAPES[i // 15])`` not taken by a fixed entry;
        ``"(unknown)"`` is a grey circle. A fixed colour given to several groups gets a new
        shape for each further group, so no two groups look alike; after 105 distinct groups
        the pairs repeat (logged as a warning in `lang`; its log record has the attribute
        ``key`` = :data:`STYLES_REPEAT`).

    Raises
    ------
    ValueError
        If a fixed colour is not ``#RRGGBB``.

    Examples
    --------
    >>> styles = group_styles([f"G{i:02d}" for i in range(17)])
    >>> styles["G00"], styles["G15"].shape, styles["G15"].color == styles["G00"].color
    (GroupStyle(color='#E69F00', shape='circle'), 'square', True)
    """
    ordered = sort_groups(groups)
    fixed: dict[str, GroupStyle] = {}
    for name, entry in (palette or {}).items():
        if isinstance(entry, GroupStyle):
            fixed[name] = GroupStyle(_check_colour(name, entry.color), entry.shape)
        else:
            fixed[name] = GroupStyle(_check_colour(name, entry))
    used: set[tuple[str, Shape]] = set()
    styles: dict[str, GroupStyle] = {}
    for g in ordered:  # fixed colours first; a repeated colour gets the next free shape
        if g not in fixed:
            continue
        style = fixed[g]
        if (style.color, style.shape) in used and not isinstance((palette or {})[g], GroupStyle):
            free_shape = next((s for s in SHAPES if (style.color, s) not in used), style.shape)
            style = GroupStyle(style.color, free_shape)
        used.add((style.color, style.shape))
        styles[g] = style
    free = [(c, s) for s, c in itertools.product(SHAPES, GROUP_PALETTE) if (c, s) not in used] or [
        (c, "circle") for c in GROUP_PALETTE
    ]
    unfixed = [g for g in ordered if g not in fixed and g != UNKNOWN_GROUP]
    if len(unfixed) > len(free):
        message = tr(STYLES_REPEAT, groups=len(unfixed), pairs=len(free)).render(lang)
        logger.warning(message, extra={"key": STYLES_REPEAT})
    out: dict[str, GroupStyle] = {}
    i = 0
    for g in ordered:
        if g in styles:
            out[g] = styles[g]
        elif g == UNKNOWN_GROUP:
            out[g] = GroupStyle(UNKNOWN_COLOR)
        else:
            colour, shape = free[i % len(free)]
            out[g] = GroupStyle(colour, shape)
            i += 1
    return out


def group_colors(
    groups: Iterable[str],
    *,
    palette: Mapping[str, str | GroupStyle] | None = None,
    lang: Lang = "de",
) -> dict[str, str]:
    """The colours of :func:`group_styles` (``{group: "#RRGGBB"}``, same order)."""
    return {g: s.color for g, s in group_styles(groups, palette=palette, lang=lang).items()}


# ----------------------------------------------------------------------------------------------
# colour differences (to check palettes)
# ----------------------------------------------------------------------------------------------
Vision = Literal["normal", "deutan", "protan", "tritan"]

# fmt: off
_MACHADO: Final[Mapping[str, np.ndarray]] = {
    # Machado et al. (2009), table of simulation matrices, severity 1.0 (linear RGB)
    "protan": np.array(
        [
            [0.152286, 1.052583, -0.204868],
            [0.114503, 0.786281, 0.099216],
            [-0.003882, -0.048116, 1.051998],
        ]
    ),
    "deutan": np.array(
        [
            [0.367322, 0.860646, -0.227968],
            [0.280085, 0.672501, 0.047413],
            [-0.011820, 0.042940, 0.968881],
        ]
    ),
    "tritan": np.array(
        [
            [1.255528, -0.076749, -0.178779],
            [-0.078411, 0.930809, 0.147602],
            [0.004733, 0.691367, 0.303900],
        ]
    ),
}
# fmt: on
_SRGB_TO_XYZ: Final = np.array(
    [
        [0.4124564, 0.3575761, 0.1804375],
        [0.2126729, 0.7151522, 0.0721750],
        [0.0193339, 0.1191920, 0.9503041],
    ]
)  # fmt: skip
_D65: Final = np.array([0.95047, 1.0, 1.08883])


def _rgb(colour: str) -> np.ndarray:
    return np.array([int(colour[i : i + 2], 16) / 255.0 for i in (1, 3, 5)])


def _linear(rgb: np.ndarray) -> np.ndarray:
    return np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)


def _gamma(lin: np.ndarray) -> np.ndarray:
    lin = np.clip(lin, 0.0, 1.0)
    return np.where(lin <= 0.0031308, lin * 12.92, 1.055 * lin ** (1 / 2.4) - 0.055)


def simulate_vision(colour: str, vision: Vision) -> str:
    """The colour as a reader with a colour-vision deficiency sees it (Machado et al. 2009).

    ``vision`` is ``"deutan"`` (deuteranopia, the most common), ``"protan"``, ``"tritan"``
    (severity 1, the full dichromacy) or ``"normal"`` (unchanged). Linear-RGB matrix model,
    clipped to sRGB.

    >>> simulate_vision("#FF0000", "deutan"), simulate_vision("#0072B2", "normal")
    ('#A39000', '#0072B2')
    """
    if vision == "normal":
        return colour.upper()
    rgb = _gamma(_linear(_rgb(colour)) @ _MACHADO[vision].T)
    return "#{:02X}{:02X}{:02X}".format(*(round(float(v) * 255) for v in rgb))


def _lab(colour: str) -> tuple[float, float, float]:
    xyz = (_linear(_rgb(colour)) @ _SRGB_TO_XYZ.T) / _D65
    eps, kappa = 216 / 24389, 24389 / 27
    f = np.where(xyz > eps, np.cbrt(xyz), (kappa * xyz + 16) / 116)
    return (116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2]))


def ciede2000(lab1: Sequence[float], lab2: Sequence[float]) -> float:
    """CIEDE2000 colour difference of two CIELAB colours (Sharma et al. 2005, kL = kC = kH = 1)."""
    l1, a1, b1 = (float(v) for v in lab1)
    l2, a2, b2 = (float(v) for v in lab2)
    c_mean = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_mean**7 / (c_mean**7 + 25.0**7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360 if c1p else 0.0
    h2p = math.degrees(math.atan2(b2, a2p)) % 360 if c2p else 0.0
    dl, dc = l2 - l1, c2p - c1p
    if c1p * c2p == 0:
        dh = 0.0
    else:
        dh = h2p - h1p
        dh = dh - 360 if dh > 180 else (dh + 360 if dh < -180 else dh)
    d_hue = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dh / 2))
    l_mean, cp_mean = (l1 + l2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0:
        h_mean = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        h_mean = (h1p + h2p) / 2
    else:
        h_mean = (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2
    t = (
        1
        - 0.17 * math.cos(math.radians(h_mean - 30))
        + 0.24 * math.cos(math.radians(2 * h_mean))
        + 0.32 * math.cos(math.radians(3 * h_mean + 6))
        - 0.20 * math.cos(math.radians(4 * h_mean - 63))
    )
    d_theta = 30 * math.exp(-(((h_mean - 275) / 25) ** 2))
    r_c = 2 * math.sqrt(cp_mean**7 / (cp_mean**7 + 25.0**7))
    s_l = 1 + 0.015 * (l_mean - 50) ** 2 / math.sqrt(20 + (l_mean - 50) ** 2)
    s_c = 1 + 0.045 * cp_mean
    s_h = 1 + 0.015 * cp_mean * t
    r_t = -math.sin(math.radians(2 * d_theta)) * r_c
    return math.sqrt(
        (dl / s_l) ** 2 + (dc / s_c) ** 2 + (d_hue / s_h) ** 2 + r_t * (dc / s_c) * (d_hue / s_h)
    )


def colour_difference(first: str, second: str, *, vision: Vision = "normal") -> float:
    """CIEDE2000 difference of two ``#RRGGBB`` colours as seen with ``vision``.

    About 1 is the smallest visible difference between large patches; small markers and lines
    need 10 or more to be told apart at a glance.

    >>> round(colour_difference("#56B4E9", "#88CCEE"), 1)  # sky blue vs Tol's cyan
    8.0
    """
    return ciede2000(_lab(simulate_vision(first, vision)), _lab(simulate_vision(second, vision)))


def smallest_difference(colours: Sequence[str], *, vision: Vision = "normal") -> float:
    """The smallest :func:`colour_difference` between two of ``colours`` (``inf`` for < 2)."""
    return min(
        (colour_difference(a, b, vision=vision) for a, b in itertools.combinations(colours, 2)),
        default=math.inf,
    )
