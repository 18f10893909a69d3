"""Label placement of the network figures, checked on the rendered figure.

The geometry comes from what matplotlib draws (Agg renderer, the figure's dpi): the text extent
of every actor label and the marker disc of every actor. On Musterstadt's figures no two label
boxes may overlap and no label box may cover a node marker.
"""

from __future__ import annotations

import math
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.text import Annotation, Text

import coopnet
from coopnet.layout import union_layout
from coopnet.viz import plot_difference, plot_network, plot_periods
from coopnet.viz._labels import LABEL_ROLE, _Occupancy, variants

DATA = Path(__file__).resolve().parents[1] / "data" / "musterstadt"
Box = tuple[float, float, float, float]


def rendered(fig: Figure) -> tuple[list[tuple[str, Box]], list[tuple[float, float, float]]]:
    """``(labels, discs)`` in display pixels after drawing: text boxes and marker circles."""
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    labels: list[tuple[str, Box]] = []
    discs: list[tuple[float, float, float]] = []
    for ax in fig.axes:
        for artist in ax.texts:
            if isinstance(artist, Annotation) and artist.get_label() == LABEL_ROLE:
                bb = Text.get_window_extent(artist, renderer)  # the text, not its leader line
                labels.append((artist.get_text(), (bb.x0, bb.y0, bb.x1, bb.y1)))
        for coll in ax.collections:
            if isinstance(coll, PathCollection) and coll.get_label().startswith("_coopnet:nodes"):
                xy = ax.transData.transform(coll.get_offsets())
                sizes = np.broadcast_to(coll.get_sizes(), (len(xy),))
                edge = float(np.max(coll.get_linewidths())) / 2
                for (x, y), s in zip(xy, sizes, strict=True):
                    r = (math.sqrt(float(s)) / 2 + edge) * fig.dpi / 72
                    discs.append((float(x), float(y), r))
    return labels, discs


def overlap(a: Box, b: Box) -> bool:
    return min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1])


def covers(box: Box, disc: tuple[float, float, float]) -> bool:
    x, y, r = disc
    nx_ = min(max(x, box[0]), box[2])
    ny_ = min(max(y, box[1]), box[3])
    return (nx_ - x) ** 2 + (ny_ - y) ** 2 < r**2


def check_no_overlap(fig: Figure, *, at_least: int) -> list[str]:
    labels, discs = rendered(fig)
    assert len(labels) >= at_least
    for (ta, a), (tb, b) in ((p, q) for i, p in enumerate(labels) for q in labels[i + 1 :]):
        assert not overlap(a, b), f"labels {ta!r} and {tb!r} overlap"
    for text, box in labels:
        hit = [d for d in discs if covers(box, d)]
        assert not hit, f"label {text!r} covers {len(hit)} node marker(s)"
        frame = fig.axes[0].get_window_extent()
        assert box[0] >= frame.x0 - 1 and box[2] <= frame.x1 + 1, f"{text!r} leaves the axes"
    return [t for t, _ in labels]


@pytest.fixture(scope="module")
def musterstadt() -> coopnet.Study:
    return coopnet.study(DATA)


def test_musterstadt_2016_labels_cover_no_label_and_no_node(musterstadt: coopnet.Study) -> None:
    graphs = musterstadt.graphs()
    positions = union_layout(graphs, seed=0)
    betweenness = musterstadt.analysis("2016").actors["betweenness"]
    fig, _ = plot_network(
        graphs["2016"], group="group", size_by=betweenness, positions=positions,
        title="Kooperationsnetzwerk 2016",
    )  # fmt: skip
    fig.set_dpi(150)  # the report's resolution
    texts = check_no_overlap(fig, at_least=10)
    names = {t.replace("\n", " ") for t in texts}
    # full names, never cut
    assert "Willkommensbündnis Musterstadt" in names
    assert "Kommunales Integrationszentrum" in names
    assert not any("…" in t for t in texts)


def test_musterstadt_difference_and_periods_labels_do_not_overlap(
    musterstadt: coopnet.Study,
) -> None:
    graphs = musterstadt.graphs()
    positions = union_layout(graphs, seed=0)
    fig, _ = plot_difference(
        graphs["2014"], graphs["2022"], labels=("2014", "2022"), group="group",
        positions=positions,
    )  # fmt: skip
    check_no_overlap(fig, at_least=8)
    sizes = {p: musterstadt.analysis(p).actors["betweenness"] for p in graphs}
    fig, _ = plot_periods(graphs, group="group", size_by=sizes, positions=positions)
    labels, discs = rendered(fig)
    assert len(labels) == 15  # five per panel
    for i, (ta, a) in enumerate(labels):
        for tb, b in labels[i + 1 :]:
            assert not overlap(a, b), (ta, tb)
        assert not any(covers(a, d) for d in discs), ta


def test_label_moved_away_gets_a_leader_line() -> None:
    # a crowded star: the centre's label cannot sit next to it, so it gets a leader line
    g = nx.star_graph(24)
    nx.set_node_attributes(g, {n: f"Akteur Nummer {n}" for n in g}, "label")
    g = nx.relabel_nodes(g, str)
    ring = 0.15  # leaves close around the centre, four far actors set the scale
    pos = {str(n): (ring * math.cos(n / 3.8), ring * math.sin(n / 3.8)) for n in range(1, 25)}
    pos["0"] = (0.0, 0.0)
    for i, corner in enumerate([(-1, -1), (-1, 1), (1, -1), (1, 1)]):
        g.add_node(f"c{i}", label=f"Ecke {i}")
        pos[f"c{i}"] = corner
    size = pd.Series({str(n): 10.0 if n == 0 else float(n % 3) for n in range(25)}, name="Grad")
    fig, ax = plot_network(g, size_by=size, positions=pos, label_top=6)
    labels = [t for t in ax.texts if t.get_label() == LABEL_ROLE]
    assert len(labels) == 6
    assert any(isinstance(t, Annotation) and t.arrow_patch is not None for t in labels)
    check_no_overlap(fig, at_least=6)


def test_variants_wrap_and_never_cut() -> None:
    assert variants("Jugendamt") == ["Jugendamt"]
    long = "Jobcenter Kreis Musterland – Geschäftsstelle Musterstadt"
    for text in variants(long):
        assert text.replace("\n", " ") == long
    assert variants("Willkommensbündnis Musterstadt") == [
        "Willkommensbündnis\nMusterstadt",
        "Willkommensbündnis Musterstadt",
    ]
    assert variants("Donaudampfschifffahrtsgesellschaftskapitän")[0].count("\n") == 0


@settings(max_examples=15, deadline=None)
@given(
    st.lists(st.tuples(st.floats(-1, 1), st.floats(-1, 1)), min_size=3, max_size=14, unique=True),
    st.integers(1, 6),
)
def test_property_labels_never_overlap_each_other(
    points: list[tuple[float, float]], top: int
) -> None:
    g = nx.Graph()
    for i, _ in enumerate(points):
        g.add_node(f"n{i}", label=f"Akteur {i} der Stadtverwaltung")
    for i in range(len(points) - 1):
        g.add_edge(f"n{i}", f"n{i + 1}")
    pos = {f"n{i}": p for i, p in enumerate(points)}
    size = pd.Series({f"n{i}": float(i) for i in range(len(points))}, name="Grad")
    fig, _ = plot_network(g, size_by=size, positions=pos, label_top=top)
    labels, _ = rendered(fig)
    assert len(labels) == min(top, len(points))
    for i, (_, a) in enumerate(labels):
        for _, b in labels[i + 1 :]:
            assert not overlap(a, b)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.floats(0, 100), st.floats(0, 80), st.floats(0.5, 12)), min_size=1, max_size=20
    ),
    st.lists(
        st.tuples(st.floats(-10, 100), st.floats(-10, 80), st.floats(0.5, 40), st.floats(0.5, 20)),
        min_size=1,
        max_size=20,
    ),
)
def test_property_occupancy_never_misses_a_marker(
    discs: list[tuple[float, float, float]], boxes: list[tuple[float, float, float, float]]
) -> None:
    """The summed-area lookup is conservative: no covered cell ⇒ the box covers no disc.

    (For boxes inside the axes; boxes reaching outside are rejected before the lookup.)"""
    frame = np.array([0.0, 0.0, 100.0, 80.0])
    occupancy = _Occupancy(
        frame, np.array([(x, y) for x, y, _ in discs]), np.array([r for *_, r in discs])
    )
    arr = np.array([(x, y, x + w, y + h) for x, y, w, h in boxes])
    counts = occupancy.count(arr)
    for box, count in zip(arr, counts, strict=True):
        if box[0] < 0 or box[1] < 0 or box[2] > 100 or box[3] > 80:
            continue
        exact = any(covers(tuple(box), d) for d in discs)  # type: ignore[arg-type]
        if exact:
            assert count > 0, (box, discs)
