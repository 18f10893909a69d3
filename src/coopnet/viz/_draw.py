"""Drawing primitives for network figures: node sizes, tie widths, ties, nodes and legends."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Final

import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch
from matplotlib.ticker import FuncFormatter, MaxNLocator

from coopnet.errors import GraphError
from coopnet.lang import Lang, number
from coopnet.messages import tr
from coopnet.palette import MARKER_AREA, MATPLOTLIB_MARKERS, GroupStyle
from coopnet.viz._common import (
    MUTED_TEXT_COLOR,
    Position,
    data_limits,
    root_figure,
    text,
    wrap_label,
)

LegendBlock = tuple[Sequence[Artist], Sequence[str], str, Mapping[str, Any]]
"""One legend for :func:`stack_legends`: handles, labels, title, extra ``legend`` kwargs."""

MIN_NODE_SIZE = 26.0  # marker area in pt²: about 5 pt across, isolates stay visible
MAX_NODE_SIZE = 420.0  # about 20 pt across
DEFAULT_NODE_SIZE = 90.0
MIN_TIE_WIDTH = 0.6
MAX_TIE_WIDTH = 2.6
DEFAULT_TIE_WIDTH = 0.8
NODE_EDGE_COLOR = "#333333"
RASTER_ABOVE: Final = 1_000
"""Above this many ties or nodes in one :func:`draw_ties` or :func:`draw_nodes` call, they and
everything drawn below them are one raster image (at the file's dpi) in SVG and PDF files,
while labels and legends stay vector; PNG files are the same either way. A path per tie and
per node makes the SVG of 10,000 actors and 40,000 ties 9 MB, slow to write (2 s) and slow to
open in a browser or an editor, and nobody edits ten thousand circles one by one."""


def _rasterise_below(ax: Axes, zorder: float) -> None:
    """Rasterise, in vector files, every artist of `ax` drawn at or below `zorder`."""
    current = ax.get_rasterization_zorder()
    ax.set_rasterization_zorder(max(zorder + 0.01, current if current is not None else -math.inf))


def size_scale(
    values: Iterable[float], *, smin: float = MIN_NODE_SIZE, smax: float = MAX_NODE_SIZE
) -> Callable[[float], float]:
    """Return a function mapping a measure value to a marker area (pt²).

    Areas grow linearly with the value between the smallest (``smin``) and the largest
    (``smax``) finite value, so that the *area* of a node is proportional to its standing
    above the minimum; missing values get ``smin``. All values equal → the middle size.
    """
    arr = np.array([v for v in values if v is not None], dtype=float)
    arr = arr[np.isfinite(arr)]
    if arr.size == 0:
        return lambda v: DEFAULT_NODE_SIZE
    lo, hi = float(arr.min()), float(arr.max())

    def scale(v: float) -> float:
        if v is None or not math.isfinite(float(v)):
            return smin
        if hi - lo <= 1e-12 * max(1.0, abs(hi)):
            return (smin + smax) / 2
        return smin + (smax - smin) * (float(v) - lo) / (hi - lo)

    return scale


def series_value(series: pd.Series | None, node: str) -> float:
    """Value of ``node`` in ``series`` as float, NaN when absent or not a number."""
    if series is None or node not in series.index:
        return math.nan
    try:
        return float(series.loc[node])
    except (TypeError, ValueError):
        return math.nan


def tie_widths(
    graph: nx.Graph[Any], edges: Sequence[tuple[str, str]], weight: str | None
) -> list[float]:
    """Line widths (pt) for ``edges``: linear in the weight between 0.6 and 2.6 pt."""
    if weight is None or not edges:
        return [DEFAULT_TIE_WIDTH] * len(edges)
    w = np.array([float(graph.edges[e].get(weight, 1.0)) for e in edges], dtype=float)
    lo, hi = float(np.nanmin(w)), float(np.nanmax(w))
    if hi - lo <= 1e-12 * max(1.0, abs(hi)):
        return [DEFAULT_TIE_WIDTH] * len(edges)
    return list(MIN_TIE_WIDTH + (MAX_TIE_WIDTH - MIN_TIE_WIDTH) * (w - lo) / (hi - lo))


def node_radius(size: float) -> float:
    """Radius in points of a circle marker of area ``size`` (pt²) as used by ``scatter``."""
    return math.sqrt(size) / 2


def draw_ties(
    ax: Axes,
    edges: Sequence[tuple[str, str]],
    pos: Mapping[str, Position],
    *,
    widths: Sequence[float],
    color: str,
    directed: bool,
    radius: Mapping[str, float],
    role: str = "ties",
    alpha: float = 0.5,
    linestyle: str | tuple[float, tuple[float, ...]] = "solid",
    zorder: float = 1.0,
) -> list[Artist]:
    """Draw ``edges`` as one :class:`LineCollection` (undirected) or arrows (directed).

    Directed ties are drawn as slightly curved :class:`FancyArrowPatch` arrows ending at the
    rim of the target node, so reciprocal ties appear as two separate arcs. Every artist gets
    the label ``"_coopnet:<role>"`` (hidden from legends) so that tests can find them. More
    than :data:`RASTER_ABOVE` ties are rasterised in vector files.
    """
    label = f"_coopnet:{role}"
    if not edges:
        return []
    if len(edges) > RASTER_ABOVE:  # through the z-order: arrows cannot be rasterised singly
        _rasterise_below(ax, zorder)
    if not directed:
        segments = [[pos[u], pos[v]] for u, v in edges]
        coll = LineCollection(
            segments,
            linewidths=list(widths),
            colors=color,
            alpha=alpha,
            linestyles=linestyle,
            zorder=zorder,
            capstyle="round",
            label=label,
        )
        ax.add_collection(coll, autolim=False)
        return [coll]
    arrows: list[Artist] = []
    for (u, v), lw in zip(edges, widths, strict=True):
        arrow = FancyArrowPatch(
            posA=pos[u],
            posB=pos[v],
            arrowstyle="-|>",
            mutation_scale=6.0 + 1.5 * lw,
            connectionstyle="arc3,rad=0.12",
            shrinkA=radius.get(u, 3.0) + 0.5,
            shrinkB=radius.get(v, 3.0) + 1.0,
            linewidth=lw,
            linestyle=linestyle,
            color=color,
            alpha=alpha,
            zorder=zorder,
            label=label,
        )
        ax.add_patch(arrow)
        arrows.append(arrow)
    return arrows


def draw_nodes(
    ax: Axes,
    nodes: Sequence[str],
    pos: Mapping[str, Position],
    *,
    colors: Sequence[str],
    sizes: Sequence[float],
    role: str = "nodes",
    markers: Sequence[str] | str = "o",
    hollow: bool = False,
    edgecolors: Sequence[str] | None = None,
    linewidth: float | None = None,
    zorder: float = 3.0,
) -> list[PathCollection]:
    """Draw ``nodes``: one scatter per marker shape, big nodes first so small ones stay on top.

    ``markers`` is one matplotlib marker for all nodes or one per node; marker areas are
    scaled per shape (:data:`coopnet.palette.MARKER_AREA`) so that shapes of one size look
    equally large. ``hollow`` draws white markers with a coloured rim. More than
    :data:`RASTER_ABOVE` nodes are rasterised in vector files, with the ties below them.
    """
    if not nodes:
        return []
    if len(nodes) > RASTER_ABOVE:
        _rasterise_below(ax, zorder)
    per_node = [markers] * len(nodes) if isinstance(markers, str) else list(markers)
    area = {MATPLOTLIB_MARKERS[s]: f for s, f in MARKER_AREA.items()}
    out: list[PathCollection] = []
    for marker in dict.fromkeys(per_node):
        idx = [i for i in range(len(nodes)) if per_node[i] == marker]
        order = sorted(idx, key=lambda i: (-sizes[i], nodes[i]))
        xy = np.array([pos[nodes[i]] for i in order], dtype=float).reshape(-1, 2)
        col = [colors[i] for i in order]
        rims = [edgecolors[i] for i in order] if edgecolors is not None else None
        out.append(
            ax.scatter(
                xy[:, 0],
                xy[:, 1],
                s=[sizes[i] * area.get(marker, 1.0) for i in order],
                c="white" if hollow else col,
                edgecolors=rims if rims is not None else (col if hollow else NODE_EDGE_COLOR),
                linewidths=linewidth if linewidth is not None else (1.4 if hollow else 0.6),
                marker=marker,
                zorder=zorder,
                label=f"_coopnet:{role}",
                plotnonfinite=True,
            )
        )
    return out


def group_handles(
    styles: Mapping[str, GroupStyle], *, width: int = 30
) -> tuple[list[Line2D], list[str]]:
    """Legend handles (the group's marker and colour) and labels (wrapped, never cut)."""
    handles = [
        Line2D(
            [],
            [],
            marker=s.marker,
            linestyle="",
            markersize=8 * math.sqrt(MARKER_AREA[s.shape]),
            markerfacecolor=s.color,
            markeredgecolor=NODE_EDGE_COLOR,
            markeredgewidth=0.6,
        )
        for s in styles.values()
    ]
    return handles, [wrap_label(g, width, max_lines=3) for g in styles]


def number_formatter(lang: Lang) -> FuncFormatter:
    """Tick formatter writing measure values as :func:`coopnet.lang.number` does (``0,25``,
    ``−1``), for axes and colour bars that show measure values."""
    return FuncFormatter(lambda value, _pos: number(float(value), lang, significant=3))


def size_handles(
    values: Iterable[float], scale: Callable[[float], float], lang: Lang = "de"
) -> tuple[list[Line2D], list[str]]:
    """Up to three reference markers at round values for a node-size legend.

    The references are "nice" numbers (:class:`matplotlib.ticker.MaxNLocator`) inside the
    range of the values; the smallest and largest value are used when none fit.
    """
    arr = np.array(list(values), dtype=float)
    arr = arr[np.isfinite(arr)]
    if arr.size == 0:
        return [], []
    lo, hi = float(arr.min()), float(arr.max())
    if hi - lo <= 1e-12 * max(1.0, abs(hi)):
        refs = [hi]
    else:
        ticks = MaxNLocator(nbins=3, min_n_ticks=2).tick_values(lo, hi)
        inside = [float(t) for t in ticks if lo - 1e-12 <= t <= hi + 1e-12]
        if len(inside) < 2:
            inside = [lo, hi]
        refs = [inside[0], inside[len(inside) // 2], inside[-1]] if len(inside) > 2 else inside
        refs = list(dict.fromkeys(refs))
    handles = [
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            markersize=math.sqrt(scale(v)),
            markerfacecolor="#D9D9D9",
            markeredgecolor=NODE_EDGE_COLOR,
            markeredgewidth=0.6,
        )
        for v in refs
    ]
    return handles, [format_value(v, lang) for v in refs]


def format_value(value: float, lang: Lang = "de") -> str:
    """Compact number for legends and bar labels (:func:`coopnet.lang.number`, 3 significant
    digits, never 1e+03 style): ``0.0626`` → ``"0,0626"``, ``2.5`` → ``"2,5"``, ``12.0`` →
    ``"12"``, ``1234.5`` → ``"1.234"`` (German); exponent notation only below 0.001 and from one
    million; NaN → ``"–"``.
    """
    return number(float(value), lang, significant=3)


def legend_style() -> dict[str, Any]:
    """Keyword arguments shared by all coopnet legends."""
    return {
        "frameon": False,
        "fontsize": 8.5,
        "title_fontsize": 9,
        "alignment": "left",
        "handletextpad": 0.5,
        "borderaxespad": 0.3,
    }


def _legend_height(
    handles: Sequence[Artist], labels: Sequence[str], *, fontsize: float, spacing: float
) -> float:
    """Height in points of a legend drawn with :func:`legend_style` (title included).

    Calibrated against rendered legends (Agg, DejaVu Sans): title and padding take about
    21.5 pt, a text line 1.09 × the font size; markers taller than a line overflow by half.
    """
    line = 1.09 * fontsize
    rows = sum(line * (label.count("\n") + 1) for label in labels)
    rows += spacing * fontsize * max(len(labels) - 1, 0)
    markers = [float(h.get_markersize()) for h in handles if isinstance(h, Line2D)]
    overflow = max(0.0, max(markers, default=0.0) - line) / 2
    return 21.5 + rows + overflow


def _fit_blocks(blocks: Sequence[LegendBlock], available: float, lang: Lang) -> list[LegendBlock]:
    """Cut the legend with the most rows so that all legends fit in `available` points.

    The legend keeps its first rows and ends with one row "… and N more" (no marker); a legend
    of hundreds of groups (a regional network) would otherwise run far below the figure, make
    the saved picture thousands of pixels tall and push the other legends out of sight.
    """
    shown = [b for b in blocks if b[0]]

    def height(block: LegendBlock) -> float:
        handles, labels, _, extra = block
        spacing = float(extra.get("labelspacing", 0.5))
        return _legend_height(handles, labels, fontsize=8.5, spacing=spacing)

    gaps = _LEGEND_GAP * max(len(shown) - 1, 0)
    if not shown or sum(height(b) for b in shown) + gaps <= available:
        return list(blocks)
    longest = max(range(len(shown)), key=lambda i: len(shown[i][1]))
    handles, labels, title, extra = shown[longest]
    room = available - gaps - sum(height(b) for i, b in enumerate(shown) if i != longest)

    def first(keep: int) -> LegendBlock:
        more = text("more_rows", lang, n=len(labels) - keep)
        blank = Line2D([], [], linestyle="", marker="")
        return ([*handles[:keep], blank], [*labels[:keep], more], title, extra)

    keep = 1  # at least one row and the "more" row, even when nothing fits
    while keep + 1 < len(labels) and height(first(keep + 1)) <= room:
        keep += 1
    cut = first(keep)
    return [cut if b is shown[longest] else b for b in blocks]


_LEGEND_GAP: Final = 10.0


def stack_legends(
    ax: Axes,
    blocks: Sequence[LegendBlock],
    *,
    x: float = 1.01,
    gap: float = _LEGEND_GAP,
    lang: Lang = "de",
) -> list[Legend]:
    """Stack legends top-down in the margin right of ``ax``, each below the previous one.

    ``blocks`` holds ``(handles, labels, title, extra legend kwargs)``; empty blocks are
    skipped. Heights are estimated from the number of rows and marker sizes (no renderer
    needed), with ``gap`` points between legends. When the legends are taller than the axes,
    the longest is cut to fit and ends with "… und N weitere" (``lang``).
    """
    fig = root_figure(ax)
    axes_height = max(ax.get_position().height * fig.get_figheight() * 72.0, 1.0)
    blocks = _fit_blocks(blocks, axes_height, lang)
    top = 1.0
    legends: list[Legend] = []
    for handles, labels, title, extra in blocks:
        if not handles:
            continue
        style = legend_style()
        style.update(extra)
        legend = ax.legend(
            list(handles),
            list(labels),
            title=title,
            loc="upper left",
            bbox_to_anchor=(x, top),
            **style,
        )
        if legends:
            ax.add_artist(legends[-1])
            # add_artist clips to the axes patch, which would make bbox_inches="tight" cut the
            # legend off (its extent is intersected with the clip box); it lies outside on purpose.
            legends[-1].set_clip_on(False)
        legends.append(legend)
        spacing = float(style.get("labelspacing", 0.5))
        height = _legend_height(handles, labels, fontsize=8.5, spacing=spacing)
        top -= (height + gap) / axes_height
    return legends


# --- shared by the network figures -------------------------------------------------------


def require_actors(graph: nx.Graph[Any], name: str = "graph") -> None:
    """Raise :class:`GraphError` unless ``graph`` is a (Di)Graph with at least one actor."""
    if not isinstance(graph, nx.Graph) or graph.is_multigraph():
        raise GraphError(tr("errors.viz.not_a_graph", name=name))
    if graph.number_of_nodes() == 0:
        raise GraphError(tr("errors.viz.no_actors", name=name))


def sorted_edges(graph: nx.Graph[Any]) -> list[tuple[str, str]]:
    """Edges in a deterministic order; undirected ends ordered so the smaller id comes first."""
    if graph.is_directed():
        return sorted((str(u), str(v)) for u, v in graph.edges)
    return sorted(tuple(sorted((str(u), str(v)))) for u, v in graph.edges)  # type: ignore[misc]


def top_actors(values: Mapping[str, float], k: int) -> list[str]:
    """The ``k`` actors with the largest finite value (ties broken by id)."""
    finite = [(a, v) for a, v in values.items() if math.isfinite(v)]
    return [a for a, _ in sorted(finite, key=lambda item: (-item[1], item[0]))[: max(k, 0)]]


def finish_network_axes(
    ax: Axes,
    pos: Mapping[str, Position],
    *,
    limits: tuple[tuple[float, float], tuple[float, float]] | None = None,
) -> tuple[tuple[float, float], tuple[float, float]]:
    """Set limits around ``pos`` with equal scale on both axes (for the current box size).

    ``limits`` reuses the limits returned for another panel; the limits set are returned.
    """
    if limits is not None:
        ax.set_xlim(*limits[0])
        ax.set_ylim(*limits[1])
        ax.set_axis_off()
        return limits
    (x0, x1), (y0, y1) = data_limits(pos)
    box = ax.get_position()
    fig = root_figure(ax)
    width = box.width * fig.get_figwidth()
    height = box.height * fig.get_figheight()
    dx, dy = x1 - x0, y1 - y0
    if width > 0 and height > 0:
        if dy / dx < height / width:  # too flat for the box: grow y
            grow = dx * height / width - dy
            y0, y1 = y0 - grow / 2, y1 + grow / 2
        else:
            grow = dy * width / height - dx
            x0, x1 = x0 - grow / 2, x1 + grow / 2
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_axis_off()
    return (x0, x1), (y0, y1)


def add_caption(ax: Axes, caption: str) -> None:
    """Write ``caption`` (if any) in small grey type below the axes, left-aligned."""
    if caption:
        ax.text(
            0.0,
            -0.01,
            caption,
            transform=ax.transAxes,
            ha="left",
            va="top",
            fontsize=8,
            color=MUTED_TEXT_COLOR,
            wrap=True,
        )
