"""Network pictures: one period, or several periods side by side with one shared layout."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from coopnet.errors import GraphError
from coopnet.lang import Lang
from coopnet.messages import tr
from coopnet.palette import GroupStyle, group_styles
from coopnet.viz._common import (
    MUTED_TEXT_COLOR,
    NEUTRAL_NODE_COLOR,
    TIE_COLOR,
    Position,
    check_group,
    check_positions,
    group_title,
    layout_positions,
    measure_title,
    new_axes,
    node_label,
    text,
    union_positions,
)
from coopnet.viz._draw import (
    DEFAULT_NODE_SIZE,
    LegendBlock,
    add_caption,
    draw_nodes,
    draw_ties,
    finish_network_axes,
    group_handles,
    legend_style,
    node_radius,
    require_actors,
    series_value,
    size_handles,
    size_scale,
    sorted_edges,
    stack_legends,
    tie_widths,
    top_actors,
)
from coopnet.viz._figure import CoopnetFigure
from coopnet.viz._labels import LabelSpec, place_labels

__all__ = ["plot_network", "plot_periods"]

_LABEL_FONTSIZE = 7.5
_NEUTRAL = GroupStyle(NEUTRAL_NODE_COLOR)


def _auto_caption(
    graphs: Sequence[nx.Graph[Any]],
    *,
    size_by: str | None,
    weight: str | None,
    lang: Lang,
    period: str | None = None,
) -> str:
    parts: list[str] = []
    if period is not None:
        parts.append(f"{text('period', lang)}: {period}")
    if len(graphs) == 1:
        g = graphs[0]
        parts.append(text("n_actors_ties", lang, n=g.number_of_nodes(), m=g.number_of_edges()))
    if size_by:
        parts.append(f"{text('node_size', lang)}: {size_by}")
    if weight is not None and any(g.number_of_edges() for g in graphs):
        parts.append(text("tie_width", lang))
    if any(g.is_directed() for g in graphs):
        parts.append(text("arrows", lang))
    return " · ".join(parts)


def _draw_network(
    ax: Axes,
    graph: nx.Graph[Any],
    pos: Mapping[str, Position],
    *,
    colors: Mapping[str, GroupStyle],
    sizes: Mapping[str, float],
    label_order: Sequence[str],
    weight: str | None,
    label_width: int,
) -> None:
    """Ties, nodes and labels of one graph on ``ax`` (limits must be set by the caller).

    ``colors`` holds the style (colour and marker shape) of every actor."""
    nodes = sorted(str(n) for n in graph.nodes)
    radius = {n: node_radius(sizes[n]) for n in nodes}
    edges = sorted_edges(graph)
    widths = tie_widths(graph, edges, weight)
    order = sorted(range(len(edges)), key=lambda i: (widths[i], edges[i]))  # heavy ties on top
    draw_ties(
        ax,
        [edges[i] for i in order],
        pos,
        widths=[widths[i] for i in order],
        color=TIE_COLOR,
        directed=graph.is_directed(),
        radius=radius,
    )
    draw_nodes(
        ax,
        nodes,
        pos,
        colors=[colors[n].color for n in nodes],
        sizes=[sizes[n] for n in nodes],
        markers=[colors[n].marker for n in nodes],
    )
    specs = [LabelSpec(node_label(graph, n), pos[n], radius[n]) for n in label_order]
    place_labels(
        ax,
        specs,
        {n: (pos[n], radius[n]) for n in nodes},
        fontsize=_LABEL_FONTSIZE,
        ties=[(pos[u], pos[v]) for u, v in edges],
        width=label_width,
    )


def _node_styles(
    graph: nx.Graph[Any],
    group: str | None,
    palette: Mapping[str, str | GroupStyle] | None,
    lang: Lang,
) -> tuple[dict[str, GroupStyle], dict[str, GroupStyle]]:
    """Return ``(style per actor, style per group)``."""
    if group is None:
        return {str(n): _NEUTRAL for n in graph.nodes}, {}
    values = check_group(graph, group)
    by_group = group_styles(values.values(), palette=palette, lang=lang)
    return {str(n): by_group[g] for n, g in values.items()}, by_group


def _label_order(
    nodes: Sequence[str], values: Mapping[str, float] | None, label_top: int
) -> list[str]:
    if values is None:  # nothing to rank by: label everyone in small graphs, else no one
        return sorted(nodes) if len(nodes) <= label_top else []
    return top_actors(values, label_top)


def plot_network(
    graph: nx.Graph[Any],
    *,
    group: str | None = None,
    size_by: pd.Series | None = None,
    positions: Mapping[str, Sequence[float]] | None = None,
    title: str = "",
    caption: str | None = None,
    label_top: int = 10,
    weight: str | None = "weight",
    ax: Axes | None = None,
    lang: Lang = "de",
    seed: int = 0,
    palette: Mapping[str, str | GroupStyle] | None = None,
    label_width: int = 22,
    legend: bool = True,
    group_label: str | None = None,
    size_label: str | None = None,
) -> tuple[Figure, Axes]:
    """Draw one cooperation network: actors coloured by group, sized by a measure.

    Parameters
    ----------
    graph
        Network following the graph contract (``docs/architecture.md``).
    group
        Node attribute to colour by (``"group"``, ``"sector"``, ...); ``None`` draws all actors
        in one colour. Colours and, beyond 15 groups, marker shapes follow
        :func:`coopnet.palette.group_styles` (the same as in the HTML pages); ``"(unknown)"``
        is grey.
    size_by
        Actor measure indexed by actor id (e.g. a column of ``actor_centrality``). Marker
        *area* grows linearly from the smallest to the largest value (about 5 pt to 20 pt
        across), so isolates with value 0 stay visible; actors missing from the Series get the
        smallest size and no label. ``None``: all actors the same size. The measure's display
        name (``size_label``) appears in the size legend and caption.
    positions
        ``{actor: (x, y)}`` for every actor; ``None`` computes a seeded layout
        (:func:`coopnet.layout.compute_layout`).
    title, caption
        Title above and caption below the picture. ``caption=None`` writes an automatic
        caption (period, number of actors and ties, size measure, what line width and arrows
        mean); ``""`` writes none.
    label_top
        Label the ``label_top`` actors with the largest ``size_by`` value (ties broken by id).
        Without ``size_by`` all actors are labelled if there are at most ``label_top``.
        Labels show the full name, wrapped at about ``label_width`` characters, with a white
        halo; they are placed, most important first, where they cover no other label and no
        node and cross few ties, with a leader line when away from their node
        (``coopnet.viz._labels``).
    weight
        Edge attribute for the line width (linear from 0.6 to 2.6 pt); ``None``: equal widths.
    ax
        Axes to draw on; ``None`` creates a new 9 × 7 inch figure with the legends on the right.
    lang
        ``"de"`` (default) or ``"en"`` for legend and caption text.
    seed
        Seed of the layout when ``positions`` is ``None``.
    palette
        Fixed ``{group: colour or GroupStyle}`` entries, e.g.
        :func:`coopnet.palette.group_styles` of all periods' groups to keep figures equal.
    legend
        Draw the group and node-size legends.
    group_label
        Title of the group legend; default the display name of ``group``
        (:func:`coopnet.lang.column_label`: ``"group"`` → "Gruppe").
    size_label
        Name of the size measure in legend and caption; default the display name of
        ``size_by.name`` (:func:`coopnet.lang.measure_label`: ``"betweenness"`` →
        "Vermittlung (Betweenness)").

    Returns
    -------
    tuple[Figure, Axes]
        The figure and the axes drawn on.

    Raises
    ------
    GraphError
        If the graph has no actors, an actor lacks the ``group`` attribute or a position.

    Notes
    -----
    Directed graphs (``DiGraph``) get light, slightly curved arrows ending at the rim of the
    target node, so reciprocated ties show as two arcs. Ties are drawn below nodes, heavier
    ties on top of lighter ones; larger nodes are drawn below smaller ones.

    Examples
    --------
    >>> import networkx as nx, pandas as pd
    >>> g = nx.Graph([("amt", "rat")])
    >>> g.add_node("iso")
    >>> nx.set_node_attributes(g, {"amt": "Verwaltung", "rat": "Politik", "iso": "Politik"},
    ...                        "group")
    >>> fig, ax = plot_network(g, group="group", size_by=pd.Series({"amt": 1.0, "rat": 1.0,
    ...                        "iso": 0.0}, name="Grad"))
    >>> len(ax.collections[-1].get_offsets())  # every actor drawn, the isolate too
    3
    """
    require_actors(graph)
    nodes = sorted(str(n) for n in graph.nodes)
    pos = (
        check_positions(positions, nodes)
        if positions is not None
        else layout_positions(graph, seed=seed, weight=weight)
    )
    own_figure = ax is None
    fig, ax = new_axes(ax, (9.0, 7.0))
    if own_figure:
        fig.subplots_adjust(left=0.02, right=0.72, top=0.93, bottom=0.09)

    colors, by_group = _node_styles(graph, group, palette, lang)
    values = {n: series_value(size_by, n) for n in nodes} if size_by is not None else None
    scale = size_scale(values.values()) if values is not None else None
    size_name = measure_title(size_by.name if size_by is not None else None, lang, size_label)
    sizes = {n: scale(values[n]) if scale and values else DEFAULT_NODE_SIZE for n in nodes}

    finish_network_axes(ax, pos)
    _draw_network(
        ax,
        graph,
        pos,
        colors=colors,
        sizes=sizes,
        label_order=_label_order(nodes, values, label_top),
        weight=weight,
        label_width=label_width,
    )
    if legend:
        blocks: list[LegendBlock] = []
        if by_group:
            blocks.append((*group_handles(by_group), group_title(group, lang, group_label), {}))
        if values is not None and scale is not None:
            handles, labels = size_handles(values.values(), scale, lang)
            biggest = max((h.get_markersize() for h in handles), default=0.0)
            spacing = max(0.5, (biggest - 8.5) / 8.5 + 0.4)  # keep large markers apart
            blocks.append(
                (handles, labels, size_name or text("node_size", lang), {"labelspacing": spacing})
            )
        stack_legends(ax, blocks, lang=lang)
    if title:
        ax.set_title(title, fontsize=12, loc="left")
    if caption is None:
        caption = _auto_caption(
            [graph],
            size_by=size_name or None,
            weight=weight,
            lang=lang,
            period=graph.graph.get("period"),
        )
    add_caption(ax, caption)
    return fig, ax


def plot_periods(
    graphs: Mapping[str, nx.Graph[Any]],
    *,
    group: str | None,
    size_by: Mapping[str, pd.Series] | None = None,
    positions: Mapping[str, Sequence[float]] | None = None,
    title: str = "",
    caption: str | None = None,
    label_top: int = 5,
    weight: str | None = "weight",
    lang: Lang = "de",
    seed: int = 0,
    palette: Mapping[str, str | GroupStyle] | None = None,
    label_width: int = 22,
    ncols: int | None = None,
    panel_size: float = 4.8,
    group_label: str | None = None,
    size_label: str | None = None,
) -> tuple[Figure, np.ndarray]:
    """Draw several periods side by side with one shared layout, scale and legend.

    Every actor of any period has the same position in every panel (a layout of the union of
    actors, :func:`coopnet.layout.union_layout`), all panels share the axis limits, the node-size
    scale (smallest to largest value over *all* periods) and the group colours, so the pictures
    can be compared directly. An actor absent from a period is not drawn in that panel.

    Parameters
    ----------
    graphs
        ``{period: graph}`` in the order the panels should appear.
    group
        Node attribute to colour by, or ``None``.
    size_by
        ``{period: Series}`` of an actor measure per period; periods missing from the mapping
        are drawn with the smallest node size.
    positions
        ``{actor: (x, y)}`` covering the union of actors; ``None`` computes it.
    title, caption
        Figure title; caption below the panels (``None``: automatic, ``""``: none).
    label_top
        Number of actors labelled per panel (largest ``size_by`` value in that period).
    weight, lang, seed, palette, label_width, group_label
        As in :func:`plot_network`.
    size_label
        Name of the size measure; default the display name of the Series' name when all
        periods' Series share it.
    ncols
        Panels per row; default ``min(len(graphs), 3)``.
    panel_size
        Width and height of one panel in inches.

    Returns
    -------
    tuple[Figure, numpy.ndarray]
        The figure and a 1-D array with one Axes per period, in the order of ``graphs``.

    Raises
    ------
    GraphError
        If ``graphs`` is empty, a graph has no actors, or an actor lacks group or position.
    """
    if not graphs:
        raise GraphError(tr("errors.graph.no_graphs"))
    for period, g in graphs.items():
        require_actors(g, f"graph of period {period!r}")
    periods = [str(p) for p in graphs]
    glist = list(graphs.values())
    union_nodes = sorted({str(n) for g in glist for n in g.nodes})
    pos = (
        check_positions(positions, union_nodes)
        if positions is not None
        else union_positions(glist, seed=seed, weight=weight)
    )
    group_values: dict[str, str] = {}
    if group is not None:
        for g in glist:
            group_values.update(check_group(g, group))
    by_group = group_styles(group_values.values(), palette=palette, lang=lang) if group else {}

    values = {
        p: {str(n): series_value((size_by or {}).get(key), str(n)) for n in g.nodes}
        for p, key, g in zip(periods, graphs, glist, strict=True)
    }
    all_values = [v for per in values.values() for v in per.values()]
    scale = size_scale(all_values) if size_by is not None else None
    names = {str(s.name) for s in (size_by or {}).values() if s.name}
    size_name = measure_title(names.pop() if len(names) == 1 else None, lang, size_label)

    n = len(glist)
    ncols = max(1, min(ncols or min(n, 3), n))
    nrows = math.ceil(n / ncols)
    legend_height = 1.3 if (by_group or scale) else 0.5
    fig = CoopnetFigure(
        figsize=(panel_size * ncols, panel_size * nrows + legend_height + (0.4 if title else 0)),
        facecolor="white",
    )
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
    height = fig.get_figheight()
    fig.subplots_adjust(
        left=0.01,
        right=0.99,
        top=1 - (0.95 if title else 0.45) / height,
        bottom=legend_height / height,
        wspace=0.03,
        hspace=0.15,
    )
    for extra in axes[n:]:
        extra.set_visible(False)
    axes = axes[:n]
    limits = None
    for ax, period, g in zip(axes, periods, glist, strict=True):
        nodes = sorted(str(v) for v in g.nodes)
        colors = {v: by_group[group_values[v]] if group else _NEUTRAL for v in nodes}
        sizes = {v: scale(values[period][v]) if scale else DEFAULT_NODE_SIZE for v in nodes}
        limits = finish_network_axes(ax, pos, limits=limits)
        _draw_network(
            ax,
            g,
            pos,
            colors=colors,
            sizes=sizes,
            label_order=_label_order(nodes, values[period] if scale else None, label_top),
            weight=weight,
            label_width=label_width,
        )
        ax.set_title(period, fontsize=11, loc="left", fontweight="bold", pad=14)
        ax.text(
            0.0,
            1.0,
            text("n_actors_ties", lang, n=g.number_of_nodes(), m=g.number_of_edges()),
            transform=ax.transAxes,
            ha="left",
            va="bottom",
            fontsize=8,
            color=MUTED_TEXT_COLOR,
        )
    if title:
        fig.suptitle(title, x=0.01, y=1 - 0.12 / height, ha="left", va="top", fontsize=13)
    bottom = legend_height / height
    if by_group:
        handles, labels = group_handles(by_group)
        fig.legend(
            handles,
            labels,
            title=group_title(group, lang, group_label),
            loc="upper left",
            bbox_to_anchor=(0.01, bottom - 0.01),
            ncol=min(len(handles), 4 if scale else 6),
            **legend_style(),
        )
    if scale is not None:
        handles, labels = size_handles(all_values, scale, lang)
        fig.legend(
            handles,
            labels,
            title=size_name or text("node_size", lang),
            loc="upper right",
            bbox_to_anchor=(0.99, bottom - 0.01),
            ncol=len(handles),
            **legend_style(),
        )
    if caption is None:
        caption = _auto_caption(
            glist,
            size_by=size_name or None,
            weight=weight,
            lang=lang,
        )
    if caption:
        fig.text(0.01, 0.01, caption, ha="left", va="bottom", fontsize=8, color=MUTED_TEXT_COLOR)
    return fig, np.asarray(axes, dtype=object)
