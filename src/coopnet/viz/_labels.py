"""Greedy placement of actor labels next to their nodes, avoiding overlaps where possible."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.text import Annotation

from coopnet.viz._common import TEXT_COLOR, Position, root_figure

_DIAG = 0.7071
# Candidate directions in order of preference: right, left, above, below, then diagonals.
_DIRECTIONS: tuple[tuple[float, float], ...] = (
    (1.0, 0.0),
    (-1.0, 0.0),
    (0.0, 1.0),
    (0.0, -1.0),
    (_DIAG, _DIAG),
    (-_DIAG, _DIAG),
    (_DIAG, -_DIAG),
    (-_DIAG, -_DIAG),
)
_GAPS: tuple[float, ...] = (1.5, 7.0, 15.0, 26.0, 40.0)  # points between node rim and label
_CHAR_WIDTH = 0.58  # average glyph width of DejaVu Sans in units of the font size
_LINE_HEIGHT = 1.2


@dataclass(frozen=True, slots=True)
class LabelSpec:
    """One label to place: the text, the node position (data units), the node radius (pt)."""

    text: str
    xy: Position
    radius: float


def _text_size(label: str, fontsize: float) -> tuple[float, float]:
    lines = label.split("\n")
    width = _CHAR_WIDTH * fontsize * max(len(line) for line in lines) + 3.0
    height = _LINE_HEIGHT * fontsize * len(lines) + 2.0
    return width, height


def _overlap(box: np.ndarray, boxes: np.ndarray) -> float:
    """Total overlap area between ``box`` (x0, y0, x1, y1) and each row of ``boxes``."""
    if len(boxes) == 0:
        return 0.0
    w = np.clip(np.minimum(box[2], boxes[:, 2]) - np.maximum(box[0], boxes[:, 0]), 0, None)
    h = np.clip(np.minimum(box[3], boxes[:, 3]) - np.maximum(box[1], boxes[:, 1]), 0, None)
    return float((w * h).sum())


def _outside(box: np.ndarray, frame: np.ndarray) -> float:
    """Area of ``box`` lying outside ``frame`` (both x0, y0, x1, y1)."""
    inside = _overlap(box, frame[None, :])
    return float((box[2] - box[0]) * (box[3] - box[1]) - inside)


def place_labels(
    ax: Axes,
    labels: Sequence[LabelSpec],
    obstacles: Mapping[str, tuple[Position, float]],
    *,
    fontsize: float = 7.5,
) -> list[Annotation]:
    """Annotate ``labels`` greedily, in the given order (most important first).

    Every candidate position around a node (8 directions × 5 distances) is scored by its overlap
    with labels placed before, with node discs (``obstacles``: position in data units and radius
    in points) and with the area outside the axes, plus small penalties for distance and for
    pointing towards the centre of the network (labels prefer the outside). Labels that
    end up away from their node get a thin leader line. Positions are computed in points from the
    current axis limits and figure size, so set the limits before calling; the labels are offsets
    in points and therefore stay attached to their nodes if the figure is resized later.
    """
    if not labels:
        return []
    fig = root_figure(ax)
    to_pt = 72.0 / fig.dpi
    frame_px = ax.get_window_extent()
    frame = np.array([frame_px.x0, frame_px.y0, frame_px.x1, frame_px.y1]) * to_pt

    def point(xy: Position) -> np.ndarray:
        return np.asarray(ax.transData.transform(xy), dtype=float) * to_pt

    node_boxes = []
    for xy, r in obstacles.values():
        p = point(xy)
        node_boxes.append([p[0] - r, p[1] - r, p[0] + r, p[1] + r])
    nodes = np.array(node_boxes, dtype=float).reshape(-1, 4)

    centroid = np.mean([point(xy) for xy, _ in obstacles.values()], axis=0)
    placed = np.empty((0, 4), dtype=float)
    halo = [patheffects.withStroke(linewidth=2.6, foreground="white")]
    artists: list[Annotation] = []
    for spec in labels:
        centre = point(spec.xy)
        w, h = _text_size(spec.text, fontsize)
        r = spec.radius
        own = np.array([[centre[0] - r, centre[1] - r, centre[0] + r, centre[1] + r]])
        away = centre - centroid
        norm = float(np.hypot(*away))
        outward = away / norm if norm > 1e-9 else np.zeros(2)
        best: tuple[float, float, float, str, str, int] | None = None
        for ring, gap in enumerate(_GAPS):
            for k, (ux, uy) in enumerate(_DIRECTIONS):
                dx, dy = ux * (spec.radius + gap), uy * (spec.radius + gap)
                ax_, ay_ = centre[0] + dx, centre[1] + dy
                x0 = ax_ if ux > 0.1 else (ax_ - w if ux < -0.1 else ax_ - w / 2)
                y0 = ay_ if uy > 0.1 else (ay_ - h if uy < -0.1 else ay_ - h / 2)
                box = np.array([x0, y0, x0 + w, y0 + h])
                own_overlap = _overlap(box, own)
                cost = (
                    8.0 * _overlap(box, placed)
                    + 1.5 * (_overlap(box, nodes) - own_overlap)
                    + 12.0 * _outside(box, frame)
                    + 0.12 * w * h * ring
                    + 0.03 * w * h * (1.0 - float(outward @ (ux, uy)))
                    + 0.01 * k
                )
                if best is None or cost < best[0]:
                    ha = "left" if ux > 0.1 else ("right" if ux < -0.1 else "center")
                    va = "bottom" if uy > 0.1 else ("top" if uy < -0.1 else "center")
                    best = (cost, dx, dy, ha, va, ring)
            if best is not None and best[0] < 0.05:
                break  # a free spot on this ring: do not look further out
        assert best is not None
        _, dx, dy, ha, va, ring = best
        x0 = centre[0] + dx - (0 if ha == "left" else (w if ha == "right" else w / 2))
        y0 = centre[1] + dy - (0 if va == "bottom" else (h if va == "top" else h / 2))
        placed = np.vstack([placed, [x0, y0, x0 + w, y0 + h]])
        arrow = (
            {
                "arrowstyle": "-",
                "color": "#777777",
                "lw": 0.5,
                "shrinkA": 1.0,
                "shrinkB": spec.radius + 0.5,
            }
            if ring >= 1
            else None
        )
        ann = ax.annotate(
            spec.text,
            xy=spec.xy,
            xytext=(dx, dy),
            textcoords="offset points",
            ha=ha,
            va=va,
            fontsize=fontsize,
            color=TEXT_COLOR,
            zorder=6,
            path_effects=halo,
            arrowprops=arrow,
            annotation_clip=False,
            linespacing=1.05,
        )
        ann.set_label("_coopnet:label")
        artists.append(ann)
    return artists
