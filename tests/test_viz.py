"""Tests of coopnet.viz: the figures are checked by what they draw, not only that they exist.

The small test network (``small_graph``) has six actors with German labels, four groups, five
weighted ties and one isolate:

    amt ─2─ jug        amt: Amt für Soziales und Integration   (Verwaltung)
     │ ╲               jug: Jugendamt                          (Verwaltung)
     1   3             rat: Integrationsbeirat                 (Politik)
     │     ╲           woh: Wohnungsbaugesellschaft …          (Wirtschaft)
    rat     woh        ver: Caritasverband …                   (Zivilgesellschaft)
     │                 iso: Türkisch-Islamische Gemeinde       (Zivilgesellschaft, isolate)
     1   jug ─1─ ver
     │
    ver
"""

from __future__ import annotations

import itertools
import struct
from pathlib import Path

import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib import colormaps
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection, PathCollection, QuadMesh
from matplotlib.colors import to_hex, to_rgba
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.patches import FancyArrowPatch, Rectangle
from matplotlib.text import Annotation, Text

from coopnet.errors import GraphError
from coopnet.lang import Lang
from coopnet.palette import UNKNOWN_COLOR
from coopnet.viz import (
    OKABE_ITO,
    group_colors,
    plot_difference,
    plot_ei_over_periods,
    plot_fragmentation_curve,
    plot_mixing_heatmap,
    plot_network,
    plot_periods,
    plot_ranking,
    save_figure,
)
from coopnet.viz._common import shorten, wrap_label
from coopnet.viz._draw import MAX_NODE_SIZE, MIN_NODE_SIZE, format_value

LONG = "Wohnungsbaugesellschaft Musterstadt GmbH & Co. KG"
GROUPS = ["Politik", "Verwaltung", "Wirtschaft", "Zivilgesellschaft"]


# --- fixtures and helpers --------------------------------------------------------------------


@pytest.fixture
def small_graph() -> nx.Graph:
    g = nx.Graph(period="2016")
    actors = {
        "amt": ("Amt für Soziales und Integration", "Verwaltung"),
        "iso": ("Türkisch-Islamische Gemeinde", "Zivilgesellschaft"),
        "jug": ("Jugendamt", "Verwaltung"),
        "rat": ("Integrationsbeirat", "Politik"),
        "ver": ("Caritasverband für die Region Musterstadt e. V.", "Zivilgesellschaft"),
        "woh": (LONG, "Wirtschaft"),
    }
    for actor, (label, group) in actors.items():
        g.add_node(actor, label=label, group=group)
    for u, v, w in [
        ("amt", "jug", 2),
        ("amt", "rat", 1),
        ("amt", "woh", 3),
        ("jug", "ver", 1),
        ("rat", "ver", 1),
    ]:
        g.add_edge(u, v, weight=float(w))
    return g


@pytest.fixture
def degree(small_graph: nx.Graph) -> pd.Series:
    # degree by hand: amt 3, jug 2, rat 2, ver 2, woh 1, iso 0
    return pd.Series(
        {"amt": 3.0, "iso": 0.0, "jug": 2.0, "rat": 2.0, "ver": 2.0, "woh": 1.0}, name="Grad"
    )


@pytest.fixture
def grid_positions() -> dict[str, tuple[float, float]]:
    return {
        "amt": (0.0, 0.0),
        "jug": (1.0, 0.0),
        "rat": (0.0, 1.0),
        "woh": (-1.0, -1.0),
        "ver": (1.0, 1.0),
        "iso": (-1.0, 1.0),
    }


def node_collections(ax: Axes, role: str = "nodes") -> list[PathCollection]:
    return [
        c
        for c in ax.collections
        if isinstance(c, PathCollection) and c.get_label().startswith(f"_coopnet:{role}")
    ]


def node_offsets(ax: Axes, role: str = "nodes") -> np.ndarray:
    parts = [c.get_offsets() for c in node_collections(ax, role)]
    return np.vstack(parts) if parts else np.empty((0, 2))


def tie_lines(ax: Axes, role: str = "ties") -> list[LineCollection]:
    return [
        c
        for c in ax.collections
        if isinstance(c, LineCollection) and c.get_label() == f"_coopnet:{role}"
    ]


def n_segments(ax: Axes, role: str = "ties") -> int:
    return sum(len(c.get_segments()) for c in tie_lines(ax, role))


def arrows(ax: Axes, role: str = "ties") -> list[FancyArrowPatch]:
    return [
        p
        for p in ax.patches
        if isinstance(p, FancyArrowPatch) and p.get_label() == f"_coopnet:{role}"
    ]


def legends(ax: Axes) -> list[Legend]:
    return [c for c in ax.get_children() if isinstance(c, Legend)]


def legend_titled(owner: Axes | Figure, title: str) -> Legend:
    found = legends(owner) if isinstance(owner, Axes) else list(owner.legends)
    matches = [lg for lg in found if lg.get_title().get_text() == title]
    assert len(matches) == 1, [lg.get_title().get_text() for lg in found]
    return matches[0]


def legend_texts(legend: Legend) -> list[str]:
    return [t.get_text() for t in legend.get_texts()]


def label_texts(ax: Axes) -> list[str]:
    return [t.get_text() for t in ax.texts if t.get_label() == "_coopnet:label"]


# --- palette and text helpers ----------------------------------------------------------------


def test_group_colors_okabe_ito_first_unknown_grey() -> None:
    groups = [f"G{i:02d}" for i in range(15)] + ["(unknown)"]
    colors = group_colors(reversed(groups))
    assert list(colors)[-1] == "(unknown)"
    assert colors["(unknown)"] == UNKNOWN_COLOR
    assert [colors[f"G{i:02d}"] for i in range(7)] == list(OKABE_ITO[:7])  # black is not used
    assert "#000000" not in colors.values()
    assert len(set(colors.values())) == len(colors)  # all distinct for up to 15 groups


def test_group_colors_palette_override_keeps_others_distinct() -> None:
    colors = group_colors(["A", "B", "C"], palette={"B": OKABE_ITO[0]})
    assert colors["B"] == OKABE_ITO[0]
    assert colors["A"] != OKABE_ITO[0] and colors["C"] != OKABE_ITO[0]


def test_shorten_and_wrap_long_german_label() -> None:
    assert shorten(LONG, 28) == "Wohnungsbaugesellschaft…"
    assert shorten("Jugendamt", 28) == "Jugendamt"
    wrapped = wrap_label(LONG, 20)
    lines = wrapped.split("\n")
    assert len(lines) == 2 and lines[0] == "Wohnungsbaugesellschaft" and lines[1].endswith("…")
    assert wrap_label("Amt für Soziales und Integration", 20) == (
        "Amt für Soziales und\nIntegration"
    )


@given(st.text(min_size=0, max_size=120), st.integers(min_value=4, max_value=60))
@settings(max_examples=200, deadline=None)
def test_shorten_never_exceeds_limit(label: str, limit: int) -> None:
    out = shorten(label, limit)
    assert len(out) <= limit
    normalised = " ".join(label.split())
    assert out == normalised or out.endswith("…")


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        (0.0626, "en", "0.0626"),
        (0.0626, "de", "0,0626"),
        (2.5, "en", "2.5"),
        (2.5, "de", "2,5"),
        (12.0, "de", "12"),
        (1234.5, "en", "1,234"),
        (1234.5, "de", "1.234"),
        (0.0, "de", "0"),
        (float("nan"), "de", "–"),
        (-0.5, "de", "−0,5"),
        (2e-5, "en", "2.00e-5"),
        (2e-5, "de", "2,00e-5"),
    ],
)
def test_format_value(value: float, lang: Lang, expected: str) -> None:
    # figures format numbers as the tables do (coopnet.lang.number): decimal comma in German
    assert format_value(value, lang) == expected


# --- plot_network ----------------------------------------------------------------------------


def test_plot_network_draws_every_actor_and_tie(
    small_graph: nx.Graph, degree: pd.Series, grid_positions: dict
) -> None:
    fig, ax = plot_network(small_graph, group="group", size_by=degree, positions=grid_positions)
    assert isinstance(fig, Figure) and ax.get_figure() is fig
    offsets = node_offsets(ax)
    assert len(offsets) == 6  # isolate included
    assert {tuple(p) for p in offsets} == set(grid_positions.values())
    assert n_segments(ax) == 5
    # legend: one entry per group, in sorted order, titled "Gruppe"
    assert legend_texts(legend_titled(ax, "Gruppe")) == GROUPS
    # size legend is titled with the Series name
    legend_titled(ax, "Grad")


def test_plot_network_colours_and_sizes(
    small_graph: nx.Graph, degree: pd.Series, grid_positions: dict
) -> None:
    _fig, ax = plot_network(small_graph, group="group", size_by=degree, positions=grid_positions)
    (nodes,) = node_collections(ax)
    where = {tuple(p): i for i, p in enumerate(nodes.get_offsets())}
    sizes = nodes.get_sizes()
    colors = [to_hex(c) for c in nodes.get_facecolors()]
    by_group = group_colors(GROUPS)
    # isolate (degree 0) gets the minimum size, still visible; amt (degree 3) the maximum
    assert sizes[where[grid_positions["iso"]]] == pytest.approx(MIN_NODE_SIZE)
    assert sizes[where[grid_positions["amt"]]] == pytest.approx(MAX_NODE_SIZE)
    # degree 2 sits at 2/3 of the area range: 26 + (420 - 26) * 2/3
    expected = MIN_NODE_SIZE + (MAX_NODE_SIZE - MIN_NODE_SIZE) * 2 / 3
    assert sizes[where[grid_positions["jug"]]] == pytest.approx(expected)
    for actor in grid_positions:
        group = small_graph.nodes[actor]["group"]
        assert colors[where[grid_positions[actor]]] == by_group[group].lower()


def test_plot_network_tie_width_follows_weight(small_graph: nx.Graph, grid_positions: dict) -> None:
    _, ax = plot_network(small_graph, positions=grid_positions)
    (coll,) = tie_lines(ax)
    widths = {
        tuple(map(tuple, seg)): w
        for seg, w in zip(coll.get_segments(), coll.get_linewidths(), strict=True)
    }
    heavy = widths[(grid_positions["amt"], grid_positions["woh"])]  # weight 3
    light = widths[(grid_positions["jug"], grid_positions["ver"])]  # weight 1
    middle = widths[(grid_positions["amt"], grid_positions["jug"])]  # weight 2
    assert heavy > middle > light
    assert middle == pytest.approx((heavy + light) / 2)  # linear in the weight
    _, ax = plot_network(small_graph, positions=grid_positions, weight=None)
    assert len(set(tie_lines(ax)[0].get_linewidths())) == 1


def test_plot_network_labels_top_actors_with_halo(small_graph: nx.Graph, degree: pd.Series) -> None:
    _, ax = plot_network(small_graph, group="group", size_by=degree, label_top=2)
    texts = label_texts(ax)
    # top 2 by degree: amt (3), then jug (2; ties with rat and ver broken by id)
    assert texts[1] == "Jugendamt"
    assert texts[0].replace("\n", " ") == "Amt für Soziales und Integration"
    label = next(t for t in ax.texts if t.get_label() == "_coopnet:label")
    assert label.get_path_effects(), "labels need a white halo"
    _, ax = plot_network(small_graph, size_by=degree, label_top=10)
    assert len(label_texts(ax)) == 6
    full = [t.replace("\n", " ") for t in label_texts(ax)]  # full names, wrapped, never cut
    assert "Wohnungsbaugesellschaft Musterstadt GmbH & Co. KG" in full


def test_plot_network_without_size_by_labels_small_graphs_only(small_graph: nx.Graph) -> None:
    _, ax = plot_network(small_graph, label_top=10)
    assert len(label_texts(ax)) == 6
    assert len(set(node_collections(ax)[0].get_sizes())) == 1
    _, ax = plot_network(small_graph, label_top=3)
    assert label_texts(ax) == []


def test_plot_network_caption_and_language(small_graph: nx.Graph, degree: pd.Series) -> None:
    _, ax = plot_network(small_graph, group="group", size_by=degree, title="Netz 2016")
    assert ax.get_title(loc="left") == "Netz 2016"
    captions = [t.get_text() for t in ax.texts if t.get_label() != "_coopnet:label"]
    assert captions == [
        "Zeitraum: 2016 · 6 Akteure, 5 Kooperationen · Knotengröße: Grad · "
        "Linienstärke: Intensität der Kooperation"
    ]
    _, ax = plot_network(small_graph, group="group", size_by=degree, lang="en", caption="")
    legend_titled(ax, "Group")
    assert [t for t in ax.texts if t.get_label() != "_coopnet:label"] == []


def test_plot_network_directed_draws_arrows(small_graph: nx.Graph) -> None:
    d = nx.DiGraph(small_graph)  # every undirected tie becomes two arcs: 10 arrows
    d.remove_edge("woh", "amt")  # 9 arrows left
    _, ax = plot_network(d, group="group")
    assert len(arrows(ax)) == 9
    assert n_segments(ax) == 0
    assert all(a.get_arrowstyle().__class__.__name__ == "CurveFilledB" for a in arrows(ax))


def test_plot_network_uses_given_axes_and_no_pyplot_figures(small_graph: nx.Graph) -> None:
    before = plt.get_fignums()
    _fig, _ax = plot_network(small_graph)
    assert plt.get_fignums() == before  # nothing registered with pyplot
    outer = Figure()
    target = outer.add_subplot(1, 2, 2)
    fig2, ax2 = plot_network(small_graph, ax=target)
    assert fig2 is outer and ax2 is target


def test_plot_network_does_not_mutate_graph(small_graph: nx.Graph, degree: pd.Series) -> None:
    nodes = dict(small_graph.nodes(data=True))
    edges = list(small_graph.edges(data=True))
    plot_network(small_graph, group="group", size_by=degree)
    assert dict(small_graph.nodes(data=True)) == nodes
    assert list(small_graph.edges(data=True)) == edges


def test_plot_network_layout_is_deterministic(small_graph: nx.Graph) -> None:
    _, a = plot_network(small_graph, seed=3)
    _, b = plot_network(small_graph, seed=3)
    np.testing.assert_array_equal(node_offsets(a), node_offsets(b))


def test_plot_network_errors(small_graph: nx.Graph, grid_positions: dict) -> None:
    with pytest.raises(GraphError, match="no actors"):
        plot_network(nx.Graph())
    del grid_positions["iso"]
    with pytest.raises(GraphError, match="'iso'"):
        plot_network(small_graph, positions=grid_positions)
    small_graph.nodes["rat"]["group"] = ""
    with pytest.raises(GraphError, match="'rat'"):
        plot_network(small_graph, group="group")


def label_boxes(ax: Axes, renderer: object) -> list:
    # Text.get_window_extent: the box of the text alone (an Annotation's includes its leader line)
    for t in ax.texts:
        if isinstance(t, Annotation):
            t.update_positions(renderer)
    return [
        Text.get_window_extent(t, renderer) for t in ax.texts if t.get_label() == "_coopnet:label"
    ]


def _overlaps(boxes: list) -> int:
    return sum(a.overlaps(b) for a, b in itertools.combinations(boxes, 2))


def test_labels_do_not_overlap_when_there_is_room() -> None:
    # eight actors on a circle, all with long labels: the greedy placement must find free spots
    g = nx.cycle_graph([f"a{i}" for i in range(8)])
    for i, n in enumerate(sorted(g.nodes)):
        g.nodes[n]["label"] = f"{LONG} Nr. {i}"
    pos = {f"a{i}": (np.cos(i * np.pi / 4), np.sin(i * np.pi / 4)) for i in range(8)}
    size = pd.Series({n: 1.0 for n in g.nodes}, name="x")
    fig = Figure(figsize=(5.0, 5.0))
    fig.subplots_adjust(left=0.2, right=0.8, bottom=0.2, top=0.8)
    fig, ax = plot_network(g, size_by=size, positions=pos, label_top=8, ax=fig.add_subplot())
    FigureCanvasAgg(fig)
    renderer = fig.canvas.get_renderer()
    boxes = label_boxes(ax, renderer)
    assert len(boxes) == 8
    assert _overlaps(boxes) == 0


def test_readable_with_80_actors() -> None:
    g = nx.gnp_random_graph(80, 0.05, seed=1)
    g = nx.relabel_nodes(g, {i: f"A{i:02d}" for i in g.nodes})
    for i, n in enumerate(sorted(g.nodes)):
        g.nodes[n].update(label=f"{LONG} {i}", group=GROUPS[i % 4])
    nx.set_edge_attributes(g, 1.0, "weight")
    size = pd.Series(dict(g.degree()), name="Grad", dtype=float)
    fig, ax = plot_network(g, group="group", size_by=size, label_top=10)
    assert len(node_offsets(ax)) == 80
    assert n_segments(ax) == g.number_of_edges()
    texts = label_texts(ax)
    assert len(texts) == 10
    assert all(len(line) <= 24 for t in texts for line in t.split("\n"))
    FigureCanvasAgg(fig)
    renderer = fig.canvas.get_renderer()
    boxes = label_boxes(ax, renderer)
    assert _overlaps(boxes) <= 2  # dense core: at most a couple of touching labels


# --- plot_periods ----------------------------------------------------------------------------


def test_plot_periods_shared_layout_and_one_legend(
    small_graph: nx.Graph, degree: pd.Series
) -> None:
    early = small_graph.copy()
    early.remove_node("woh")  # woh only joins in 2016
    early.add_node("alt", label="Alter Verein", group="Zivilgesellschaft")  # gone by 2016
    graphs = {"2014": early, "2016": small_graph}
    sizes = {"2014": degree.drop("woh"), "2016": degree}
    fig, axes = plot_periods(graphs, group="group", size_by=sizes, label_top=2)
    assert axes.shape == (2,)
    assert [ax.get_title(loc="left") for ax in axes] == ["2014", "2016"]
    assert len(node_offsets(axes[0])) == 6 and len(node_offsets(axes[1])) == 6
    assert n_segments(axes[0]) == 4 and n_segments(axes[1]) == 5
    # one shared layout: actors present in both periods sit at the same place
    common = {tuple(p) for p in node_offsets(axes[0])} & {tuple(p) for p in node_offsets(axes[1])}
    assert len(common) == 5
    assert axes[0].get_xlim() == axes[1].get_xlim() and axes[0].get_ylim() == axes[1].get_ylim()
    # exactly one group legend for the whole figure, listing the union of groups
    assert all(not legends(ax) for ax in axes)
    assert legend_texts(legend_titled(fig, "Gruppe")) == GROUPS
    legend_titled(fig, "Grad")


def test_plot_periods_common_size_scale(small_graph: nx.Graph, degree: pd.Series) -> None:
    # the same actor with the same value must get the same size in both panels
    graphs = {"a": small_graph, "b": small_graph}
    sizes = {"a": degree, "b": degree * 0.5}
    _, axes = plot_periods(graphs, group=None, size_by=sizes)
    big_a = node_collections(axes[0])[0].get_sizes().max()
    big_b = node_collections(axes[1])[0].get_sizes().max()
    assert big_a == pytest.approx(MAX_NODE_SIZE)
    assert big_b < big_a  # 1.5 on the common 0..3 scale


def test_plot_periods_errors() -> None:
    with pytest.raises(GraphError, match="empty"):
        plot_periods({}, group=None)


# --- plot_difference -------------------------------------------------------------------------


def _before_after() -> tuple[nx.Graph, nx.Graph]:
    # before: a-b, b-c, c-d          after: a-b, c-d, b-d, a-e   (e is new)
    # by hand: kept {ab, cd} = 2, removed {bc} = 1, added {bd, ae} = 2
    before = nx.Graph([("a", "b"), ("b", "c"), ("c", "d")])
    after = nx.Graph([("a", "b"), ("c", "d"), ("b", "d"), ("a", "e")])
    for g in (before, after):
        for n in g.nodes:
            g.nodes[n].update(label=f"Akteur {n.upper()}", group="X" if n in "ab" else "Y")
    return before, after


def test_plot_difference_counts_per_status() -> None:
    before, after = _before_after()
    _fig, ax = plot_difference(before, after, labels=("2014", "2016"), group="group")
    assert n_segments(ax, "ties:kept") == 2
    assert n_segments(ax, "ties:added") == 2
    assert n_segments(ax, "ties:removed") == 1
    assert len(node_offsets(ax)) == 5
    assert len(node_offsets(ax, "nodes:only_after")) == 1
    assert len(node_offsets(ax, "nodes:only_before")) == 0
    texts = legend_texts(legend_titled(ax, "Kooperationen 2014 → 2016"))
    assert texts == ["behalten (n = 2)", "neu (n = 2)", "weggefallen (n = 1)"]
    assert legend_texts(legend_titled(ax, "Gruppe")) == ["X", "Y"]
    assert legend_texts(legend_titled(ax, "Akteure")) == ["nur 2016 (n = 1)"]


def test_plot_difference_distinguishable_in_greyscale() -> None:
    before, after = _before_after()
    _, ax = plot_difference(before, after)
    (kept,), (added,), (removed,) = (
        tie_lines(ax, f"ties:{k}") for k in ("kept", "added", "removed")
    )
    dashed = [ls[1] is not None for ls in removed.get_linestyles()]
    assert all(dashed)
    assert all(ls[1] is None for ls in kept.get_linestyles() + added.get_linestyles())
    assert added.get_linewidths()[0] > 1.5 * kept.get_linewidths()[0]
    # grey levels only: a status never takes a hue that a group could have
    for lines in (kept, added, removed):
        r, g, b, _ = lines.get_colors()[0]
        assert r == g == b


def test_plot_difference_directed_and_english() -> None:
    before = nx.DiGraph([("a", "b"), ("b", "a")])
    after = nx.DiGraph([("a", "b"), ("c", "a")])
    # ordered pairs: kept a→b, removed b→a, added c→a; c only in "after"
    _, ax = plot_difference(before, after, labels=("t1", "t2"), lang="en")
    assert [len(arrows(ax, f"ties:{k}")) for k in ("kept", "added", "removed")] == [1, 1, 1]
    assert legend_texts(legend_titled(ax, "Ties t1 → t2")) == [
        "kept (n = 1)",
        "new (n = 1)",
        "removed (n = 1)",
    ]
    with pytest.raises(GraphError, match="directed"):
        plot_difference(before, nx.Graph(after))


def test_plot_difference_labels_most_changed_actors() -> None:
    before, after = _before_after()
    _, ax = plot_difference(before, after, label_top=1)
    # changed ties per actor: a 1 (ae), b 2 (bc, bd), c 1, d 1, e 1 → b first
    assert label_texts(ax) == ["Akteur B"]


# --- charts ----------------------------------------------------------------------------------


def test_mixing_heatmap_cells_show_matrix_values() -> None:
    names = ["Verwaltung", "Politik", "Migrantenorganisationen und Vereine der Stadt"]
    mixing = pd.DataFrame(
        [[0.5, 0.25, np.nan], [0.25, 1.0, 0.125], [np.nan, 0.125, 0.0]], index=names, columns=names
    )
    fig, ax = plot_mixing_heatmap(mixing, title="Blockdichte")
    texts = [t.get_text() for t in ax.texts]
    assert texts == ["0,50", "0,25", "–", "0,25", "1,00", "0,12", "–", "0,12", "0,00"]
    (mesh,) = [c for c in ax.collections if isinstance(c, QuadMesh)]  # the cells
    (scale,) = [c for c in fig.axes[1].collections if isinstance(c, QuadMesh)]  # colour bar
    assert fig.axes[1].get_ylim() == (0.0, 1.0)
    assert scale.get_cmap().name.startswith("cividis")
    assert not ax.get_images() and mesh.get_rasterized()  # no resampled image; one SVG raster
    # one quadrilateral per cell, row 0 on top: the colour of its value, NaN light grey
    assert ax.get_ylim() == (2.5, -0.5) and ax.get_xlim() == (-0.5, 2.5)
    cells = mesh.to_rgba(mesh.get_array()).reshape(3, 3, 4)
    cmap = colormaps["cividis"]
    for (i, j), value in np.ndenumerate(mixing.to_numpy()):
        expected = to_rgba("#EEEEEE") if np.isnan(value) else cmap(value)
        np.testing.assert_allclose(cells[i, j], expected, atol=1e-9)
    assert len(fig.axes) == 2  # heatmap + colour bar
    xlabels = [t.get_text() for t in ax.get_xticklabels()]
    assert xlabels[2] == "Migrantenorganisationen und…"
    assert all(t.get_rotation() == pytest.approx(40) for t in ax.get_xticklabels())
    assert fig.axes[1].get_ylabel() == "Blockdichte"


def test_mixing_heatmap_text_contrast_and_counts_scale() -> None:
    counts = pd.DataFrame([[0.0, 10.0], [10.0, 4.0]], index=["A", "B"], columns=["A", "B"])
    fig, ax = plot_mixing_heatmap(counts, lang="en", value_label="Ties")
    assert fig.axes[1].get_ylim() == (0.0, 10.0)
    colors = [t.get_color() for t in ax.texts]
    assert colors[0] == "white"  # darkest cell (0) gets white text
    assert colors[1] != "white"  # brightest cell (10) gets dark text


def test_ranking_draws_top_bars_largest_on_top() -> None:
    values = pd.Series({f"a{i:02d}": float(i % 7) for i in range(20)}, name="Betweenness")
    values["nan"] = np.nan
    labels = {"a06": LONG + " und Tochtergesellschaften", "a13": "Jugendamt"}
    _fig, ax = plot_ranking(values, labels=labels, top=5, title="Top 5")
    bars = [p for p in ax.patches if isinstance(p, Rectangle)]
    assert len(bars) == 5
    by_height = sorted(bars, key=lambda b: -b.get_y())  # top bar first
    assert [b.get_width() for b in by_height] == [6.0, 6.0, 5.0, 5.0, 5.0]
    ticks = [t.get_text() for t in sorted(ax.get_yticklabels(), key=lambda t: -t.get_position()[1])]
    # value 6: a06, a13 (by id); value 5: a05, a12, a19
    assert ticks == ["Wohnungsbaugesellschaft Musterstadt…", "Jugendamt", "a05", "a12", "a19"]
    assert ax.get_xlabel() == "Betweenness"
    _, ax = plot_ranking(values, top=50)
    assert len([p for p in ax.patches if isinstance(p, Rectangle)]) == 20  # NaN left out


def test_fragmentation_curve_line_and_annotations() -> None:
    curve = pd.DataFrame(
        {
            "step": [0, 1, 2, 3],
            "id": [None, "amt", "rat", "woh"],
            "fragmentation": [0.1, 0.4, 0.7, 0.75],
        }
    )
    labels = {"amt": "Amt für Soziales und Integration", "woh": LONG}
    _, ax = plot_fragmentation_curve(curve.iloc[::-1], labels=labels)
    (line,) = [ln for ln in ax.lines if ln.get_label() == "_coopnet:curve"]
    np.testing.assert_array_equal(line.get_xdata(), [0, 1, 2, 3])  # sorted by step
    np.testing.assert_array_equal(line.get_ydata(), [0.1, 0.4, 0.7, 0.75])
    assert [t.get_text() for t in ax.texts] == [
        "Amt für Soziales und…",
        "rat",
        "Wohnungsbaugesellschaft…",
    ]
    assert ax.get_ylim() == (0.0, 1.0)
    with pytest.raises(ValueError, match="fragmentation"):
        plot_fragmentation_curve(curve.drop(columns="fragmentation"))


def test_ei_over_periods_lines_zero_line_and_legend() -> None:
    table = pd.DataFrame(
        {"2014": [-0.5, 0.2, -0.1], "2016": [0.0, 0.6, 0.3], "2022": [np.nan, 1.0, 0.4]},
        index=["Verwaltung", "Politik", "overall"],
    )
    _fig, ax = plot_ei_over_periods(table)
    data_lines = [ln for ln in ax.lines if not ln.get_label().startswith("_")]
    assert [ln.get_label() for ln in data_lines] == ["Politik", "Verwaltung", "Gesamtnetz"]
    overall = data_lines[-1]
    assert overall.get_linewidth() > max(ln.get_linewidth() for ln in data_lines[:-1])
    np.testing.assert_array_equal(overall.get_ydata(), [-0.1, 0.3, 0.4])
    lo, hi = ax.get_ylim()
    assert lo <= -1 and hi >= 1 and hi - lo < 2.2
    zero = [
        ln for ln in ax.lines if ln.get_label().startswith("_") and list(ln.get_ydata()) == [0, 0]
    ]
    assert len(zero) == 1
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2014", "2016", "2022"]
    legend = ax.get_legend()
    assert legend_texts(legend) == ["Politik", "Verwaltung", "Gesamtnetz"]
    # legend outside the axes on the right
    assert legend.get_bbox_to_anchor().x0 > ax.get_window_extent().x1
    # group colours match the network pictures
    assert (
        to_hex(data_lines[0].get_color())
        == group_colors(["Politik", "Verwaltung"])["Politik"].lower()
    )


# --- save_figure -----------------------------------------------------------------------------


def _png_dpi(data: bytes) -> float:
    """Read the pixels-per-metre of the pHYs chunk and convert to dots per inch."""
    pos = 8
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        if kind == b"pHYs":
            ppm = struct.unpack(">I", data[pos + 8 : pos + 12])[0]
            return ppm * 0.0254
        pos += 12 + length
    raise AssertionError("no pHYs chunk")


def test_save_figure_writes_valid_files(tmp_path: Path, small_graph: nx.Graph) -> None:
    fig, _ = plot_network(small_graph, group="group")
    written = save_figure(fig, tmp_path / "a" / "b" / "netz.png", formats=["png", "svg", "pdf"])
    assert [p.name for p in written] == ["netz.png", "netz.svg", "netz.pdf"]
    png, svg, pdf = (p.read_bytes() for p in written)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert round(_png_dpi(png)) == 200
    assert svg.startswith(b"<?xml") and b"<svg" in svg[:1000]
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    assert b"<dc:date>" not in svg
    assert b"/CreationDate" not in pdf
    (single,) = save_figure(fig, tmp_path / "one.svg")
    assert single == tmp_path / "one.svg" and single.read_bytes().startswith(b"<?xml")


def test_save_figure_is_reproducible(
    tmp_path: Path, small_graph: nx.Graph, degree: pd.Series
) -> None:
    # two independently drawn figures must give byte-identical SVG and PDF files
    outputs = []
    for run in range(2):
        fig, _ = plot_network(small_graph, group="group", size_by=degree, seed=1)
        outputs.append(
            save_figure(fig, tmp_path / f"run{run}" / "netz.svg", formats=["svg", "pdf"])
        )
    for first, second in zip(*outputs, strict=True):
        assert first.read_bytes() == second.read_bytes()


def test_save_figure_rejects_unknown_formats(tmp_path: Path) -> None:
    fig = Figure()
    with pytest.raises(ValueError, match="jpg"):
        save_figure(fig, tmp_path / "x.jpg")
    with pytest.raises(ValueError, match="suffix"):
        save_figure(fig, tmp_path / "x")
    with pytest.raises(ValueError, match="tiff"):
        save_figure(fig, tmp_path / "x.png", formats=["png", "tiff"])
    assert not list(tmp_path.iterdir())


def test_group_colors_warns_only_when_free_colours_run_out(
    caplog: pytest.LogCaptureFixture,
) -> None:
    from coopnet.viz import GROUP_PALETTE, group_colors

    groups = [f"G{i:02d}" for i in range(len(GROUP_PALETTE) + 3)]
    fixed = group_colors(groups)  # more groups than colours: shapes change, no warning
    assert not caplog.records
    again = group_colors(groups, palette=fixed)  # every group has its colour: no warning
    assert again == fixed
    assert not caplog.records
    many = [f"G{i:03d}" for i in range(len(GROUP_PALETTE) * 7 + 1)]
    group_colors(many)  # more groups than (colour, shape) pairs: a warning, German by default
    assert caplog.messages == [
        "106 Gruppen ohne feste Farbe, aber nur 105 freie Paare aus Farbe und Form: "
        "Farben und Formen wiederholen sich"
    ]
    assert caplog.records[0].key == "viz.styles_repeat"
    caplog.clear()
    group_colors(many, lang="en")
    assert caplog.messages == [
        "106 groups without a fixed style but 105 free colour and shape pairs: styles repeat"
    ]


def test_mixing_heatmap_with_hundreds_of_groups_stays_small() -> None:
    from coopnet.viz.charts import ANNOTATE_MAX, LABEL_MAX, MAX_SIDE, UNLABELLED_SIDE

    groups = [f"Gruppe {i:03d}" for i in range(170)]
    mixing = pd.DataFrame(
        np.linspace(0, 1, 170 * 170).reshape(170, 170), index=groups, columns=groups
    )
    fig, ax = plot_mixing_heatmap(mixing)
    assert max(fig.get_size_inches()) <= UNLABELLED_SIDE + 1.0  # no names: no room needed
    labelled = mixing.iloc[:LABEL_MAX, :LABEL_MAX]
    fig_named, _ = plot_mixing_heatmap(labelled)
    assert UNLABELLED_SIDE < max(fig_named.get_size_inches()) <= MAX_SIDE + 1.0
    assert not ax.texts  # no per-cell values beyond ANNOTATE_MAX groups
    assert ax.get_xticklabels() == [] or not any(t.get_text() for t in ax.get_xticklabels())
    small = mixing.iloc[:ANNOTATE_MAX, :ANNOTATE_MAX]
    _, ax_small = plot_mixing_heatmap(small)
    assert len(ax_small.texts) == ANNOTATE_MAX * ANNOTATE_MAX


# --- large networks: ties and nodes one raster image in vector files ---------------------------


def _ring_with_chords(n: int, chords: int, *, directed: bool = False) -> nx.Graph:
    graph: nx.Graph = nx.DiGraph() if directed else nx.Graph()
    rng = np.random.default_rng(3)
    graph.add_nodes_from((f"a{i}", {"group": f"G{i % 4}"}) for i in range(n))
    graph.add_edges_from((f"a{i}", f"a{(i + 1) % n}") for i in range(n))
    while graph.number_of_edges() < n + chords:
        u, v = rng.choice(n, size=2, replace=False)
        graph.add_edge(f"a{u}", f"a{v}")
    return graph


@pytest.mark.parametrize(
    ("n", "chords", "directed", "raster"),
    [
        (120, 200, False, False),
        (300, 800, False, True),
        (1100, 0, False, True),
        (200, 900, True, True),
    ],
)
def test_large_networks_are_rasterised_in_svg_only(
    tmp_path: Path, n: int, chords: int, directed: bool, raster: bool
) -> None:
    # above RASTER_ABOVE ties (or nodes) the ties and nodes are one image in the SVG, texts
    # stay text; the PNG is the one drawn without rasterising
    from coopnet.viz import _draw

    graph = _ring_with_chords(n, chords, directed=directed)
    degree = pd.Series(dict(graph.degree()), dtype=float)
    fig, _ = plot_network(graph, group="group", seed=1, size_by=degree, label_top=3)
    save_figure(fig, tmp_path / "net.png", formats=("png", "svg"))
    svg = (tmp_path / "net.svg").read_text(encoding="utf-8")
    assert ("<image" in svg) is raster
    assert svg.count("<image") <= 1  # one image for ties and nodes together
    assert "<!-- Gruppe -->" in svg and "<!-- G3 -->" in svg  # legends are still vector text
    plain = tmp_path / "plain"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_draw, "RASTER_ABOVE", 10**9)
        fig, _ = plot_network(graph, group="group", seed=1, size_by=degree, label_top=3)
        save_figure(fig, plain / "net.png", formats=("png", "svg"))
    assert (plain / "net.png").read_bytes() == (tmp_path / "net.png").read_bytes()
    assert "<image" not in (plain / "net.svg").read_text(encoding="utf-8")
