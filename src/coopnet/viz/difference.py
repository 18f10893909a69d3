"""Difference map: which ties were kept, added and removed between two periods."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import networkx as nx
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from coopnet.errors import GraphError
from coopnet.lang import Lang
from coopnet.messages import tr
from coopnet.palette import TIE_STATUS, GroupStyle, TieStatus, group_styles
from coopnet.viz._common import (
    NEUTRAL_NODE_COLOR,
    check_group,
    check_positions,
    group_title,
    new_axes,
    node_label,
    text,
    union_positions,
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

_LABEL_FONTSIZE = 7.5
_NEW_RIM = "#111111"
"""Rim of actors present only in the later period (drawn 2 pt wide)."""


def _tie_key(u: str, v: str, directed: bool) -> tuple[str, str]:
    return (u, v) if directed else (min(u, v), max(u, v))


def plot_difference(
    before: nx.Graph[Any],
    after: nx.Graph[Any],
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
    palette: Mapping[str, str | GroupStyle] | None = None,
    label_width: int = 22,
    group_label: str | None = None,
) -> tuple[Figure, Axes]:
    """Draw which ties were kept, added and removed between two periods.

    All actors of both periods are drawn at one shared layout. Ties present in both graphs are
    *kept* (thin, light grey), ties only in ``after`` are *new* (thick, near black) and ties only
    in ``before`` are *removed* (mid-grey, dashed): :data:`coopnet.palette.TIE_STATUS`, the same
    encoding as the comparison pages, with no hue, so a status never looks like a group and
    survives greyscale print. The tie legend gives the count of each status. Actors present
    only before are drawn hollow (white with a rim in their group colour), actors present only
    after with a thick black rim; marker shapes stay those of the groups.

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
    lang, seed, palette, label_width, group_label
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
        raise GraphError(tr("errors.graph.mixed_before_after"))
    if before.number_of_nodes() + after.number_of_nodes() == 0:
        raise GraphError(tr("errors.viz.both_empty"))
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
    by_group = group_styles(group_values.values(), palette=palette, lang=lang) if group else {}
    neutral = GroupStyle(NEUTRAL_NODE_COLOR)
    styles = {n: by_group[group_values[n]] if group else neutral for n in nodes}

    own_figure = ax is None
    fig, ax = new_axes(ax, (9.0, 7.6))
    if own_figure:
        fig.subplots_adjust(left=0.02, right=0.72, top=0.93, bottom=0.13)
    finish_network_axes(ax, pos)

    size = DEFAULT_NODE_SIZE
    radius = {n: node_radius(size) for n in nodes}
    order: tuple[TieStatus, ...] = ("kept", "removed", "added")
    for key in order:
        st = TIE_STATUS[key]
        draw_ties(
            ax,
            status[key],
            pos,
            widths=[st.width] * len(status[key]),
            color=st.color,
            directed=directed,
            radius=radius,
            role=f"ties:{key}",
            alpha=st.alpha,
            linestyle=st.dash_points(),
            zorder={"kept": 1.0, "removed": 1.2, "added": 1.4}[key],
        )
    kinds = {
        "both": [n for n in nodes if n in in_before and n in in_after],
        "only_before": [n for n in nodes if n not in in_after],
        "only_after": [n for n in nodes if n not in in_before],
    }
    for role, members in kinds.items():
        draw_nodes(
            ax,
            members,
            pos,
            colors=[styles[n].color for n in members],
            sizes=[size] * len(members),
            role=f"nodes:{role}",
            markers=[styles[n].marker for n in members],
            hollow=role == "only_before",
            edgecolors=[_NEW_RIM] * len(members) if role == "only_after" else None,
            linewidth=2.0 if role == "only_after" else None,
        )
    changed = dict.fromkeys(nodes, 0.0)
    for u, v in status["added"] + status["removed"]:
        changed[u] += 1
        changed[v] += 1
    label_order = top_actors({n: c for n, c in changed.items() if c > 0}, label_top)
    name = {n: node_label(after if n in in_after else before, n) for n in nodes}
    place_labels(
        ax,
        [LabelSpec(name[n], pos[n], radius[n]) for n in label_order],
        {n: (pos[n], radius[n]) for n in nodes},
        fontsize=_LABEL_FONTSIZE,
        ties=[(pos[u], pos[v]) for key in status for u, v in status[key]],
        width=label_width,
    )

    b, a = str(labels[0]), str(labels[1])
    tie_handles = [
        Line2D([], [], color=st.color, lw=st.width + 0.4, alpha=st.alpha,
               linestyle=st.dash_points())
        for st in (TIE_STATUS[k] for k in ("kept", "added", "removed"))
    ]  # fmt: skip
    tie_labels = [
        text("count", lang, label=text(k, lang), n=len(status[k]))
        for k in ("kept", "added", "removed")
    ]
    status_handles, status_labels = [], []
    for role in ("only_before", "only_after"):
        if kinds[role]:
            status_handles.append(
                Line2D(
                    [],
                    [],
                    marker="o",
                    linestyle="",
                    markersize=7,
                    markerfacecolor="white" if role == "only_before" else "#9E9E9E",
                    markeredgecolor="#555555" if role == "only_before" else _NEW_RIM,
                    markeredgewidth=1.4 if role == "only_before" else 2.0,
                )
            )
            label = text(role, lang, before=b, after=a)
            status_labels.append(text("count", lang, label=label, n=len(kinds[role])))
    stack_legends(
        ax,
        [
            (
                tie_handles,
                tie_labels,
                text("ties_change", lang, before=b, after=a),
                {"handlelength": 2.8},
            ),
            (*group_handles(by_group), group_title(group, lang, group_label), {}),
            (status_handles, status_labels, text("actors_title", lang), {}),
        ],
        lang=lang,
    )
    if title:
        ax.set_title(title, fontsize=12, loc="left")
    if caption is None:
        caption = text("n_actors_ties", lang, n=len(nodes), m=len(ties_before | ties_after))
        caption = f"{b} → {a}: " + caption
    add_caption(ax, caption)
    return fig, ax
