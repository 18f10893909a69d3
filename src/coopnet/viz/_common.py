"""Shared helpers of :mod:`coopnet.viz`: texts, label shortening, figures, positions.

Nothing here is public API; the plot functions in :mod:`coopnet.viz.network` and
:mod:`coopnet.viz.charts` build on these helpers.
"""

from __future__ import annotations

import logging
import math
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

import networkx as nx
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure, SubFigure

from coopnet.errors import GraphError
from coopnet.lang import Lang, check_lang, column_label, measure_label, number
from coopnet.lang import text as lang_text
from coopnet.layout import compute_layout, union_layout
from coopnet.messages import tr
from coopnet.viz._figure import CoopnetFigure

logger = logging.getLogger("coopnet.viz")

Position = tuple[float, float]

NEUTRAL_NODE_COLOR = "#0072B2"
TIE_COLOR = "#7F7F7F"
TEXT_COLOR = "#222222"
MUTED_TEXT_COLOR = "#555555"
OVERALL = "overall"
"""Row name of the whole-network value in E-I tables (drawn bold)."""


def text(key: str, lang: Lang, **fields: object) -> str:
    """The figure text ``key`` in ``lang`` from the catalogue (``assets/texts/<lang>/viz.toml``).

    Numbers among ``fields`` are formatted with :func:`coopnet.lang.number` (``2.000 Akteure``).
    """
    shown = {
        k: number(v, lang) if isinstance(v, int | float) and not isinstance(v, bool) else v
        for k, v in fields.items()
    }
    return lang_text(f"viz.{key}", check_lang(lang), **shown)


def group_title(group: str | None, lang: Lang, title: str | None = None) -> str:
    """Legend or axis title of a grouping column: ``title``, else its display name
    (:func:`coopnet.lang.column_label`: ``group`` → "Gruppe", ``sector`` → "Sektor")."""
    if title:
        return title
    return column_label(group or "group", check_lang(lang))


def measure_title(name: object, lang: Lang, title: str | None = None) -> str:
    """Title of a measure in legends and axes: ``title``, else the display name of ``name``
    (:func:`coopnet.lang.measure_label`: ``betweenness`` → "Vermittlung (Betweenness)");
    ``""`` for an unnamed measure."""
    if title:
        return title
    if name is None or str(name) == "":
        return ""
    return measure_label(str(name), check_lang(lang))


# --- colours ---------------------------------------------------------------------------------


def relative_luminance(rgba: Sequence[float]) -> float:
    """WCAG relative luminance of an RGB(A) colour with components in [0, 1]."""

    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (lin(float(c)) for c in rgba[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


# --- label text ------------------------------------------------------------------------------


def shorten(label: str, max_chars: int = 28) -> str:
    """Shorten ``label`` to at most ``max_chars`` characters, ending in an ellipsis.

    Cuts at the last word boundary if that keeps at least 45 % of the allowed length, and drops
    trailing punctuation and connectors (``&``, ``-``, ``,``) before the ellipsis.
    """
    label = " ".join(str(label).split())
    if len(label) <= max_chars:
        return label
    cut = label[: max_chars - 1]
    space = cut.rfind(" ")
    if space >= 0.45 * (max_chars - 1):
        cut = cut[:space]
    return cut.rstrip(" &-–,;:/+(") + "…"


def wrap_label(label: str, width: int = 20, max_lines: int = 2) -> str:
    """Wrap ``label`` into at most ``max_lines`` lines of about ``width`` characters.

    Long single words stay whole; text that does not fit is cut with an ellipsis
    (see :func:`shorten`).
    """
    label = " ".join(str(label).split())
    lines = textwrap.wrap(label, width=width, break_long_words=False, break_on_hyphens=False)
    if len(lines) <= max_lines:
        return "\n".join(lines) if lines else label
    rest = " ".join(lines[max_lines - 1 :])
    return "\n".join([*lines[: max_lines - 1], shorten(rest, width)])


def node_label(graph: nx.Graph[Any], node: str) -> str:
    """Return the ``label`` attribute of ``node`` (the id if absent or empty)."""
    value = graph.nodes[node].get("label")
    return str(value) if value not in (None, "") else str(node)


# --- figures and axes ------------------------------------------------------------------------


def new_axes(
    ax: Axes | None,
    figsize: tuple[float, float],
    *,
    layout: Literal["constrained"] | None = None,
) -> tuple[Figure, Axes]:
    """Return ``(figure, ax)``: the given axes and its figure, or a new figure with one axes.

    New figures are plain :class:`matplotlib.figure.Figure` objects, not registered with pyplot,
    so they never accumulate in pyplot's figure manager (no ``plt.close`` needed).
    """
    if ax is not None:
        return root_figure(ax), ax
    fig = CoopnetFigure(figsize=figsize, facecolor="white", layout=layout)
    return fig, fig.add_subplot()


def root_figure(ax: Axes) -> Figure:
    """Return the top-level figure of ``ax`` (also when ``ax`` lives in a sub-figure)."""
    fig = ax.get_figure()
    while isinstance(fig, SubFigure):
        fig = fig.get_figure()
    if not isinstance(fig, Figure):  # pragma: no cover - axes always belong to a figure
        raise TypeError("axes is not attached to a figure")
    return fig


def style_axes(ax: Axes) -> None:
    """Apply the coopnet chart style: no top/right spines, light grid, dark text."""
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(colors=TEXT_COLOR, labelsize=9)
    ax.set_axisbelow(True)


# --- graph checks and positions --------------------------------------------------------------


def check_group(graph: nx.Graph[Any], group: str) -> dict[str, str]:
    """Return ``{actor: group value}``; raise :class:`GraphError` if an actor lacks the group."""
    values: dict[str, str] = {}
    missing: list[str] = []
    for node, data in graph.nodes(data=True):
        value = data.get(group)
        if value is None or (isinstance(value, float) and math.isnan(value)) or value == "":
            missing.append(str(node))
        else:
            values[node] = str(value)
    if missing:
        shown = ", ".join(repr(m) for m in sorted(missing)[:5])
        more = tr("errors.more", n=len(missing) - 5) if len(missing) > 5 else ""
        raise GraphError(tr("errors.viz.group_missing", group=group, actors=shown, more=more))
    return values


def check_positions(
    positions: Mapping[str, Sequence[float]], nodes: Iterable[str]
) -> dict[str, Position]:
    """Return positions as ``{actor: (x, y)}`` floats; raise if an actor has no position."""
    nodes = list(nodes)
    missing = sorted(str(n) for n in nodes if n not in positions)
    if missing:
        shown = ", ".join(repr(m) for m in missing[:5])
        more = tr("errors.more", n=len(missing) - 5) if len(missing) > 5 else ""
        raise GraphError(tr("errors.viz.positions_lack", actors=shown, more=more))
    out: dict[str, Position] = {}
    for n in nodes:
        x, y = positions[n][0], positions[n][1]
        if not (math.isfinite(float(x)) and math.isfinite(float(y))):
            raise GraphError(tr("errors.graph.position_not_finite", actor=n, position=repr((x, y))))
        out[n] = (float(x), float(y))
    return out


def layout_positions(graph: nx.Graph[Any], *, seed: int, weight: str | None) -> dict[str, Position]:
    """Positions of every actor of ``graph`` from :func:`coopnet.layout.compute_layout`."""
    return check_positions(compute_layout(graph, seed=seed, weight=weight), graph.nodes)


def union_positions(
    graphs: Sequence[nx.Graph[Any]], *, seed: int, weight: str | None = None
) -> dict[str, Position]:
    """One layout for the union of actors of ``graphs`` (:func:`coopnet.layout.union_layout`)."""
    nodes = sorted({str(n) for g in graphs for n in g.nodes})
    return check_positions(union_layout(list(graphs), seed=seed, weight=weight), nodes)


def data_limits(
    positions: Mapping[str, Position], *, pad: float = 0.08
) -> tuple[tuple[float, float], tuple[float, float]]:
    """Axis limits around ``positions`` with a relative padding ``pad`` on every side."""
    xy = np.array(list(positions.values()), dtype=float).reshape(-1, 2)
    lo, hi = xy.min(axis=0), xy.max(axis=0)
    span = np.maximum(hi - lo, 1e-9)
    span = np.maximum(span, span.max() * 0.3)  # never squash a flat layout to a line
    mid = (lo + hi) / 2
    half = span / 2 * (1 + 2 * pad)
    return (mid[0] - half[0], mid[0] + half[0]), (mid[1] - half[1], mid[1] + half[1])
