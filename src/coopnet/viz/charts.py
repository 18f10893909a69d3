"""Charts of measures: mixing heatmap, actor ranking, fragmentation curve, E-I over periods."""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd
from matplotlib import colormaps, patheffects
from matplotlib.axes import Axes
from matplotlib.colors import Normalize
from matplotlib.figure import Figure
from matplotlib.transforms import blended_transform_factory

from coopnet.lang import Lang, number
from coopnet.palette import MARKER_AREA, GroupStyle, group_styles, sort_groups
from coopnet.viz._common import (
    MUTED_TEXT_COLOR,
    NEUTRAL_NODE_COLOR,
    OVERALL,
    TEXT_COLOR,
    group_title,
    measure_title,
    new_axes,
    relative_luminance,
    shorten,
    style_axes,
    text,
    wrap_label,
)
from coopnet.viz._draw import format_value, legend_style, number_formatter

__all__ = [
    "plot_ei_over_periods",
    "plot_fragmentation_curve",
    "plot_mixing_heatmap",
    "plot_ranking",
]

MISSING = "–"  # the same as coopnet.lang.number(None, ...)
"""Cell text for a missing (NaN) value."""


ANNOTATE_MAX = 30
"""Largest number of groups whose heatmap cells show their values."""
LABEL_MAX = 60
"""Largest number of groups whose names label the heatmap axes."""
MAX_SIDE = 16.0
"""Largest height of a heatmap figure, in inches."""
UNLABELLED_SIDE = 9.0
"""Height of a heatmap without group names (more than :data:`LABEL_MAX` groups), in inches:
its cells are anonymous, a larger figure would show the same pattern in more pixels."""


def _require_columns(frame: pd.DataFrame, columns: tuple[str, ...], name: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(
            f"{name} lacks column(s) {missing}; expected {list(columns)}, "
            f"got {list(map(str, frame.columns))}"
        )


def plot_mixing_heatmap(
    mixing: pd.DataFrame,
    *,
    title: str = "",
    ax: Axes | None = None,
    lang: Lang = "de",
    cmap: str = "cividis",
    vmax: float | None = None,
    value_label: str | None = None,
    label_width: int = 32,
    group_label: str | None = None,
) -> tuple[Figure, Axes]:
    """Draw a group × group matrix (e.g. block densities) as an annotated heatmap.

    Parameters
    ----------
    mixing
        Square or rectangular table, rows and columns named by group (e.g. the block density
        from ``coopnet.metrics.groups``). Rows are drawn top to bottom in the given order.
    title
        Title above the heatmap.
    ax
        Axes to draw on; ``None`` creates a figure sized to the number of groups.
    lang
        ``"de"`` or ``"en"`` for the default axis and colour-bar labels.
    cmap
        Sequential, colour-blind-safe colormap (``"cividis"`` default, or ``"viridis"``).
    vmax
        Upper end of the colour scale; default 1 when all values lie in [0, 1] (densities,
        comparable across periods), else the largest value. The lower end is 0 (or the
        smallest value if negative).
    value_label
        Colour-bar label; default "Blockdichte" / "Block density".
    label_width
        Group labels longer than this are shortened with an ellipsis.
    group_label
        Display name of the grouping (both axis titles); default the display name of the
        index name (:func:`coopnet.lang.column_label`: ``group`` →
        "Gruppe").

    Returns
    -------
    tuple[Figure, Axes]
        The figure and the heatmap axes (the colour bar is a second axes of the figure). The
        cells are one :class:`~matplotlib.collections.QuadMesh` (``ax.collections[0]``, its
        array the values, missing ones masked and light grey), also the colour bar's
        ``mappable``.

    Notes
    -----
    Every cell shows its value with two decimals in the language's notation (``0,25``), and so
    do the colour-bar ticks (:func:`coopnet.lang.number`); missing values (NaN, e.g. the
    density within a group of one actor) are light grey and marked "–". Text is white on dark
    and black on light cells (WCAG luminance). With more than :data:`ANNOTATE_MAX` groups the
    cells carry no text, with more than :data:`LABEL_MAX` the axes no group names, and the figure
    never exceeds :data:`MAX_SIDE` inches (:data:`UNLABELLED_SIDE` without names), so regional
    networks with hundreds of groups stay drawable (the values are in the mixing table).
    """
    if mixing.shape[0] == 0 or mixing.shape[1] == 0:
        raise ValueError("mixing is empty; nothing to draw")
    values = mixing.to_numpy(dtype=float)
    finite = values[np.isfinite(values)]
    lo = min(0.0, float(finite.min())) if finite.size else 0.0
    if vmax is None:
        in_unit = finite.size == 0 or (finite.min() >= 0 and finite.max() <= 1)
        vmax = 1.0 if in_unit else float(finite.max())
    if vmax <= lo:
        vmax = lo + 1.0
    nrows, ncols = values.shape
    # cells get their value up to ANNOTATE_MAX groups and tick labels up to LABEL_MAX; beyond,
    # a readable figure of fixed size (a 170-group matrix would otherwise be 100 inches wide)
    annotate = max(nrows, ncols) <= ANNOTATE_MAX
    labelled = max(nrows, ncols) <= LABEL_MAX
    side = min(MAX_SIDE, max(4.2, 0.62 * max(nrows, ncols) + 2.6)) if labelled else UNLABELLED_SIDE
    fig, ax = new_axes(ax, (side + 1.0, side), layout="constrained")
    colormap = colormaps[cmap].with_extremes(bad="#EEEEEE")
    norm = Normalize(vmin=lo, vmax=vmax)
    # The cells are one quadrilateral mesh with exact cell edges (no image resampling: an
    # image enlarged to a 170-group matrix at 150 dpi sends six million output pixels through
    # matplotlib's image pipeline, seconds per PNG); in SVG and PDF the mesh is embedded as one
    # raster (``rasterized``) instead of a path per cell.
    edges_x, edges_y = np.arange(ncols + 1) - 0.5, np.arange(nrows + 1) - 0.5
    mesh = ax.pcolormesh(edges_x, edges_y, np.ma.masked_invalid(values), cmap=colormap,
                         norm=norm, rasterized=True)  # fmt: skip
    ax.set_xlim(-0.5, ncols - 0.5)
    ax.set_ylim(nrows - 0.5, -0.5)  # the first group on top, as a matrix is read
    ax.set_aspect("equal")
    fontsize = 9 if max(nrows, ncols) <= 8 else 7.5
    for i in range(nrows if annotate else 0):
        for j in range(ncols):
            v = values[i, j]
            if math.isfinite(v):
                dark = relative_luminance(colormap(norm(v))) < 0.35
                label, color = number(v, lang, digits=2), ("white" if dark else TEXT_COLOR)
            else:
                label, color = MISSING, MUTED_TEXT_COLOR
            ax.text(j, i, label, ha="center", va="center", fontsize=fontsize, color=color)
    if labelled:
        ax.set_xticks(range(ncols), [shorten(str(c), label_width) for c in mixing.columns])
        ax.set_yticks(range(nrows), [shorten(str(r), label_width) for r in mixing.index])
    else:
        ax.set_xticks([])
        ax.set_yticks([])
    ax.tick_params(axis="x", labelrotation=40, labelsize=9, length=0)
    ax.tick_params(axis="y", labelsize=9, length=0)
    for tick in ax.get_xticklabels():
        tick.set_horizontalalignment("right")
        tick.set_rotation_mode("anchor")
    if labelled:
        ax.set_xticks(np.arange(ncols + 1) - 0.5, minor=True)
        ax.set_yticks(np.arange(nrows + 1) - 0.5, minor=True)
        ax.grid(which="minor", color="white", linewidth=1.5)
    ax.tick_params(which="minor", length=0)
    ax.spines[:].set_visible(False)
    name = group_title(str(mixing.index.name or mixing.columns.name or "group"), lang, group_label)
    ax.set_xlabel(name, fontsize=10)
    ax.set_ylabel(name, fontsize=10)
    bar = fig.colorbar(mesh, ax=ax, shrink=0.8, pad=0.02, aspect=25)
    bar.set_label(value_label or text("density", lang), fontsize=9)
    bar.ax.tick_params(labelsize=8)
    bar.ax.yaxis.set_major_formatter(number_formatter(lang))
    bar.outline.set_visible(False)
    if title:
        ax.set_title(title, fontsize=12, loc="left")
    return fig, ax


def plot_ranking(
    values: pd.Series,
    *,
    labels: Mapping[str, str] | None = None,
    top: int = 15,
    title: str = "",
    xlabel: str = "",
    ax: Axes | None = None,
    lang: Lang = "de",
    color: str = NEUTRAL_NODE_COLOR,
    label_width: int = 40,
) -> tuple[Figure, Axes]:
    """Draw a horizontal bar chart of the ``top`` actors by a measure, the largest on top.

    Parameters
    ----------
    values
        Actor measure indexed by actor id (e.g. ``actor_centrality(g)["betweenness"]``).
        Missing values are left out; equal values are ordered by actor id.
    labels
        ``{actor id: label}`` for the bar labels (ids without a label are shown as the id).
        Labels longer than ``label_width`` characters are shortened with an ellipsis.
    top
        Number of bars (fewer if fewer actors have a value).
    title, xlabel
        Title and x-axis label; ``xlabel=""`` uses the display name of the Series name
        (:func:`coopnet.lang.measure_label`: ``betweenness`` → "Vermittlung (Betweenness)").
        Bar values and axis ticks are written as :func:`coopnet.lang.number` does.
    ax
        Axes to draw on; ``None`` creates a figure whose height grows with ``top``.
    lang
        ``"de"`` or ``"en"`` for the fallback axis label.
    color
        Bar colour.

    Returns
    -------
    tuple[Figure, Axes]
    """
    if top < 1:
        raise ValueError(f"top must be at least 1, got {top}")
    clean = pd.to_numeric(values, errors="coerce").dropna()
    ranked = sorted(clean.items(), key=lambda item: (-float(item[1]), str(item[0])))[:top]
    k = len(ranked)
    fig, ax = new_axes(ax, (7.5, 0.3 * max(k, 3) + 1.3), layout="constrained")
    style_axes(ax)
    names = [shorten((labels or {}).get(str(a), str(a)), label_width) for a, _ in ranked]
    heights = [float(v) for _, v in ranked]
    ypos = np.arange(k)[::-1]
    bars = ax.barh(ypos, heights, color=color, height=0.7, label="_coopnet:bars")
    ax.bar_label(
        bars,
        labels=[format_value(v, lang) for v in heights],
        padding=3,
        fontsize=8,
        color=TEXT_COLOR,
    )
    ax.set_yticks(ypos, names)
    ax.tick_params(axis="y", length=0)
    ax.spines["left"].set_visible(False)
    ax.grid(axis="x", color="#E5E5E5", linewidth=0.8)
    ax.axvline(0, color="#555555", linewidth=0.8)
    ax.set_ylim(-0.6, k - 0.4)
    if heights:
        hi, lo = max([*heights, 0.0]), min([*heights, 0.0])
        span = (hi - lo) or 1.0
        ax.set_xlim(lo - (0.12 * span if lo < 0 else 0), hi + 0.12 * span)
    ax.set_xlabel(xlabel or measure_title(values.name, lang) or text("value", lang), fontsize=10)
    ax.xaxis.set_major_formatter(number_formatter(lang))
    if title:
        ax.set_title(title, fontsize=12, loc="left")
    return fig, ax


def plot_fragmentation_curve(
    curve: pd.DataFrame,
    *,
    labels: Mapping[str, str] | None = None,
    ax: Axes | None = None,
    title: str = "",
    lang: Lang = "de",
    label_width: int = 28,
) -> tuple[Figure, Axes]:
    """Draw how fragmentation grows as key actors are removed one after another.

    Parameters
    ----------
    curve
        Columns ``step`` (0 = nothing removed), ``id`` (actor removed at that step; ignored at
        step 0) and ``fragmentation`` (value after the removal, in [0, 1]).
    labels
        ``{actor id: label}`` for the annotations; default the id. Shortened to
        ``label_width`` characters.
    ax
        Axes to draw on; ``None`` creates a new figure.
    title, lang
        Title; language of the axis labels.

    Returns
    -------
    tuple[Figure, Axes]

    Raises
    ------
    ValueError
        If a column is missing.
    """
    _require_columns(curve, ("step", "id", "fragmentation"), "curve")
    data = curve.sort_values("step", kind="stable")
    steps = data["step"].to_numpy(dtype=float)
    frag = data["fragmentation"].to_numpy(dtype=float)
    fig, ax = new_axes(ax, (7.5, 4.6), layout="constrained")
    style_axes(ax)
    ax.plot(
        steps,
        frag,
        color=NEUTRAL_NODE_COLOR,
        linewidth=1.8,
        marker="o",
        markersize=6,
        markeredgecolor="white",
        markeredgewidth=0.8,
        zorder=3,
        label="_coopnet:curve",
    )
    halo = [patheffects.withStroke(linewidth=2.5, foreground="white")]
    for step, actor, value in zip(steps, data["id"], frag, strict=True):
        if step <= 0 or actor is None or (isinstance(actor, float) and math.isnan(actor)):
            continue
        name = shorten((labels or {}).get(str(actor), str(actor)), label_width)
        ax.annotate(
            name,
            xy=(step, value),
            xytext=(-3, 7),
            textcoords="offset points",
            ha="left",
            va="bottom",
            rotation=35,
            rotation_mode="anchor",
            fontsize=7.5,
            color=TEXT_COLOR,
            path_effects=halo,
            zorder=4,
        )
    ax.set_ylim(0, 1.0)
    ax.yaxis.set_major_formatter(number_formatter(lang))
    if len(steps):
        ax.set_xlim(min(steps) - 0.3, max(steps) + 0.6)
        ax.set_xticks(np.unique(steps))
    ax.grid(axis="y", color="#E5E5E5", linewidth=0.8)
    ax.set_xlabel(text("removed_actors", lang), fontsize=10)
    ax.set_ylabel(text("fragmentation", lang), fontsize=10)
    if title:
        ax.set_title(title, fontsize=12, loc="left", pad=14)
    return fig, ax


def plot_ei_over_periods(
    table: pd.DataFrame,
    *,
    ax: Axes | None = None,
    title: str = "",
    lang: Lang = "de",
    palette: Mapping[str, str | GroupStyle] | None = None,
    label_width: int = 28,
    group_label: str | None = None,
) -> tuple[Figure, Axes]:
    """Draw the E-I index of every group across periods, the whole network in bold.

    Parameters
    ----------
    table
        Index: groups, plus optionally the row ``"overall"`` (whole network); columns: periods
        in display order; values: E-I index in [−1, 1] (NaN leaves a gap).
    ax
        Axes to draw on; ``None`` creates a new figure.
    title, lang
        Title; language of labels and legend.
    palette
        Fixed ``{group: colour or GroupStyle}``; otherwise the same group colours and marker
        shapes as in the network plots (:func:`coopnet.palette.group_styles`).
    group_label
        Legend title; default the display name of the table's index name (``group`` →
        "Gruppe").

    Returns
    -------
    tuple[Figure, Axes]

    Notes
    -----
    The y axis always spans −1 (only ties inside the group) to +1 (only ties to other groups),
    with a reference line at 0, so figures of different networks are comparable
    (Krackhardt & Stern 1988). The whole network is drawn black with square markers; black is
    not a group colour. Tick labels follow :func:`coopnet.lang.number` (``−0,5``).
    """
    if table.shape[1] == 0:
        raise ValueError("table has no period columns; nothing to draw")
    fig, ax = new_axes(ax, (8.0, 4.6), layout="constrained")
    style_axes(ax)
    x = np.arange(table.shape[1])
    groups = sort_groups(str(g) for g in table.index if str(g) != OVERALL)
    styles = group_styles(groups, palette=palette, lang=lang)
    rows = {str(g): table.loc[g] for g in table.index}
    for g in groups:
        ax.plot(
            x,
            rows[g].to_numpy(dtype=float),
            color=styles[g].color,
            linewidth=1.6,
            marker=styles[g].marker,
            markersize=5.5 * math.sqrt(MARKER_AREA[styles[g].shape]),
            markeredgecolor="#333333",
            markeredgewidth=0.5,
            label=wrap_label(g, label_width, max_lines=3),
            zorder=3,
        )
    if OVERALL in rows:
        ax.plot(
            x,
            rows[OVERALL].to_numpy(dtype=float),
            color="black",
            linewidth=3.0,
            marker="s",
            markersize=6.5,
            label=text("overall", lang),
            zorder=4,
        )
    ax.axhline(0, color="#777777", linewidth=0.9, zorder=1)
    ax.set_ylim(-1.05, 1.05)
    ax.set_yticks([-1, -0.5, 0, 0.5, 1])
    ax.yaxis.set_major_formatter(number_formatter(lang))
    ax.set_xticks(x, [str(c) for c in table.columns])
    ax.set_xlim(-0.3, len(x) - 0.7)
    ax.grid(axis="y", color="#E5E5E5", linewidth=0.8)
    ax.set_xlabel(text("period", lang), fontsize=10)
    ax.set_ylabel(text("ei", lang), fontsize=10)
    corner = blended_transform_factory(ax.transAxes, ax.transData)
    ax.text(
        0.01,
        0.97,
        f"↑ {text('external', lang)}",
        transform=corner,
        fontsize=8,
        color=MUTED_TEXT_COLOR,
        va="top",
    )
    ax.text(
        0.01,
        -0.97,
        f"↓ {text('internal', lang)}",
        transform=corner,
        fontsize=8,
        color=MUTED_TEXT_COLOR,
        va="bottom",
    )
    style = legend_style()
    style["title"] = group_title(str(table.index.name or "group"), lang, group_label)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), **style)
    if title:
        ax.set_title(title, fontsize=12, loc="left")
    return fig, ax
