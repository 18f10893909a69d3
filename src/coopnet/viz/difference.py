"""Difference map: which ties were kept, added and removed between two periods."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import networkx as nx
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from coopnet.errors import GraphError
from coopnet.palette import group_colors
from coopnet.viz._common import (
    NEUTRAL_NODE_COLOR,
    Lang,
    check_group,
    check_positions,
    new_axes,
    node_label,
    text,
    union_positions,
    wrap_label,
)
from coopnet.viz._draw import (
    DEFAULT_NODE_SIZE,
    add_caption,
    draw_nodes,
    draw_ties,
    finish_network_axes,
    group_handles,
    node_radius,
    stack_legends,
    top_actors,
)
from coopnet.viz._labels import LabelSpec, place_labels

__all__ = ["plot_difference"]

KEPT_COLOR = "#4D4D4D"
ADDED_COLOR = "#0072B2"
REMOVED_COLOR = "#D55E00"
REMOVED_DASHES: tuple[float, tuple[float, ...]] = (0.0, (4.0, 2.5))
_LABEL_FONTSIZE = 7.5


def _tie_key(u: str, v: str, directed: bool) -> tuple[str, str]:
    return (u, v) if directed else (min(u, v), max(u, v))


def plot_difference(
    before: nx.Graph,
    after: nx.Graph,
    *,
    labels: tuple[str, str] = ("2014", "2016"),
    group: str | None = None,
    positions: Mapping[str, Sequence[float]] | None = None,
    ax: Axes | None = None,
    title: str = "",
    caption: str | None = None,
    label_top: int = 8,
    lang: Lang = "de",
    seed: int = 0,
    palette: Mapping[str, str] | None = None,
    label_width: int = 20,
) -> tuple[Figure, Axes]:
    """Draw which ties were kept, added and removed between two periods.

    All actors of both periods are drawn at one shared layout. Ties present in both graphs are
    *kept* (thin solid dark grey), ties only in ``after`` are *added* (thick solid blue) and
    ties only in ``before`` are *removed* (dashed vermillion) — line width and dash pattern keep
    the three apart in greyscale print too. The tie legend gives the count of each status.
    Actors present in only one period are drawn as hollow squares (only before) or diamonds
    (only after).

    Parameters
    ----------
    before, after
        The two networks; both undirected or both directed. Ties are compared by presence
        (weights are ignored); in directed graphs ``a → b`` and ``b → a`` are different ties.
    labels
        Names of the two periods for the legend.
    group
        Node attribute to colour by (taken from ``after``, else ``before``), or ``None``.
    positions
        ``{actor: (x, y)}`` covering the union of actors; ``None`` computes a union layout.
    ax
        Axes to draw on; ``None`` creates a new figure.
    title, caption
        Title above and caption below (``caption=None``: automatic, ``""``: none).
    label_top
        Label the actors with the most added plus removed ties (at least one; ties by id).
    lang, seed, palette, label_width
        As in :func:`plot_network`.

    Returns
    -------
    tuple[Figure, Axes]

    Raises
    ------
    GraphError
        If one graph is directed and the other is not, both are empty, or an actor lacks the
        group attribute or a position.
    """
    if before.is_directed() != after.is_directed():
        raise GraphError("before and after must both be directed or both undirected")
    if before.number_of_nodes() + after.number_of_nodes() == 0:
        raise GraphError("both graphs have no actors; nothing to draw")
    directed = before.is_directed()
    in_before = {str(n) for n in before.nodes}
    in_after = {str(n) for n in after.nodes}
    nodes = sorted(in_before | in_after)
    pos = (
        check_positions(positions, nodes)
        if positions is not None
        else union_positions([before, after], seed=seed)
    )
    ties_before = {_tie_key(str(u), str(v), directed) for u, v in before.edges}
    ties_after = {_tie_key(str(u), str(v), directed) for u, v in after.edges}
    status = {
        "kept": sorted(ties_before & ties_after),
        "removed": sorted(ties_before - ties_after),
        "added": sorted(ties_after - ties_before),
    }
    group_values: dict[str, str] = {}
    if group is not None:
        group_values.update(check_group(before, group))
        group_values.update(check_group(after, group))
    by_group = group_colors(group_values.values(), palette=palette) if group else {}
    colors = {n: by_group[group_values[n]] if group else NEUTRAL_NODE_COLOR for n in nodes}

    own_figure = ax is None
    fig, ax = new_axes(ax, (9.0, 7.6))
    if own_figure:
        fig.subplots_adjust(left=0.02, right=0.72, top=0.93, bottom=0.13)
    finish_network_axes(ax, pos)

    size = DEFAULT_NODE_SIZE
    radius = {n: node_radius(size) for n in nodes}
    style = {
        "kept": {"color": KEPT_COLOR, "width": 0.9, "alpha": 0.75, "ls": "solid", "z": 1.0},
        "removed": {
            "color": REMOVED_COLOR,
            "width": 1.5,
            "alpha": 0.9,
            "ls": REMOVED_DASHES,
            "z": 1.2,
        },
        "added": {"color": ADDED_COLOR, "width": 2.6, "alpha": 0.9, "ls": "solid", "z": 1.4},
    }
    for key in ("kept", "removed", "added"):
        st = style[key]
        draw_ties(
            ax,
            status[key],
            pos,
            widths=[float(st["width"])] * len(status[key]),  # type: ignore[arg-type]
            color=str(st["color"]),
            directed=directed,
            radius=radius,
            role=f"ties:{key}",
            alpha=float(st["alpha"]),  # type: ignore[arg-type]
            linestyle=st["ls"],  # type: ignore[arg-type]
            zorder=float(st["z"]),  # type: ignore[arg-type]
        )
    kinds = {
        "both": ([n for n in nodes if n in in_before and n in in_after], "o", False),
        "only_before": ([n for n in nodes if n not in in_after], "s", True),
        "only_after": ([n for n in nodes if n not in in_before], "D", False),
    }
    for role, (members, marker, hollow) in kinds.items():
        draw_nodes(
            ax,
            members,
            pos,
            colors=[colors[n] for n in members],
            sizes=[size * (0.8 if marker != "o" else 1.0)] * len(members),
            role=f"nodes:{role}",
            marker=marker,
            hollow=hollow,
        )
    changed = dict.fromkeys(nodes, 0.0)
    for u, v in status["added"] + status["removed"]:
        changed[u] += 1
        changed[v] += 1
    label_order = top_actors({n: c for n, c in changed.items() if c > 0}, label_top)
    name = {n: node_label(after if n in in_after else before, n) for n in nodes}
    place_labels(
        ax,
        [LabelSpec(wrap_label(name[n], label_width), pos[n], radius[n]) for n in label_order],
        {n: (pos[n], radius[n]) for n in nodes},
        fontsize=_LABEL_FONTSIZE,
    )

    b, a = str(labels[0]), str(labels[1])
    tie_handles = [
        Line2D([], [], color=KEPT_COLOR, lw=0.9 + 0.6, alpha=0.75),
        Line2D([], [], color=ADDED_COLOR, lw=2.6),
        Line2D([], [], color=REMOVED_COLOR, lw=1.5, linestyle=(0, (4.0, 2.5))),
    ]
    tie_labels = [f"{text(k, lang)} (n = {len(status[k])})" for k in ("kept", "added", "removed")]
    status_handles, status_labels = [], []
    for role, marker, hollow in (("only_before", "s", True), ("only_after", "D", False)):
        if kinds[role][0]:
            status_handles.append(
                Line2D(
                    [],
                    [],
                    marker=marker,
                    linestyle="",
                    markersize=7,
                    markerfacecolor="white" if hollow else "#9E9E9E",
                    markeredgecolor="#555555" if hollow else "#333333",
                    markeredgewidth=1.4 if hollow else 0.6,
                )
            )
            n_role = len(kinds[role][0])
            status_labels.append(f"{text(role, lang, before=b, after=a)} (n = {n_role})")
    stack_legends(
        ax,
        [
            (
                tie_handles,
                tie_labels,
                text("ties_change", lang, before=b, after=a),
                {"handlelength": 2.8},
            ),
            (*group_handles(by_group), text("group", lang), {}),
            (status_handles, status_labels, text("actors_title", lang), {}),
        ],
    )
    if title:
        ax.set_title(title, fontsize=12, loc="left")
    if caption is None:
        caption = text("n_actors_ties", lang, n=len(nodes), m=len(ties_before | ties_after))
        caption = f"{b} → {a}: " + caption
    add_caption(ax, caption)
    return fig, ax
