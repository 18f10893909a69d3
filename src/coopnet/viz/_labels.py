"""Placement of actor labels next to their nodes: no label on another label or on a node.

Labels are placed one after another, the most important first. Every candidate box around a
node (24 directions × 15 distances × up to three line breaks of the name) is measured with
matplotlib's renderer — the largest extent at the usual resolutions, since hinted glyphs differ
in width from one resolution to the next — and must

* lie inside the axes,
* overlap no label placed before (with a small gap), and
* cover no node marker (its own included).

Among the boxes that pass, the cheapest is taken: close to its node, crossing few ties, to the
right of the node or pointing away from the centre of the network, and with few line breaks.
A label that had to move away from its node gets a thin leader line. Only when no box passes
(very dense drawings) the least overlapping one is used, and the case is logged.
"""

from __future__ import annotations

import logging
import math
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.figure import Figure
from matplotlib.text import Annotation, Text

from coopnet.viz._common import TEXT_COLOR, Position, root_figure

logger = logging.getLogger("coopnet.viz")

LABEL_ROLE = "_coopnet:label"
"""Matplotlib label (``Artist.get_label``) of every placed actor label (tests find them so)."""

_N_DIRECTIONS = 24
_GAPS: tuple[float, ...] = (
    1.5, 3.5, 6.0, 9.0, 12.5, 16.5, 21.0, 26.0, 32.0, 39.0, 47.0, 56.0, 66.0, 78.0, 92.0,
)  # fmt: skip
"""Distances (points) between the node's rim and the label box, tried in this order."""
_LEADER_FROM = 10.0
"""Labels farther than this (points) from their node get a leader line."""
_PAD = 1.5
"""Free space (points) kept around every label box: room for the white halo."""
_NODE_PAD = 1.0
_HALO = 2.6


@dataclass(frozen=True, slots=True)
class LabelSpec:
    """One label to place: the full text, the node position (data units), node radius (pt)."""

    text: str
    xy: Position
    radius: float


def _renderer(ax: Axes) -> RendererBase:
    return _renderer_of(root_figure(ax))


def _renderer_of(fig: Figure) -> RendererBase:
    get = getattr(fig.canvas, "get_renderer", None)
    if get is not None:
        renderer: RendererBase = get()
        return renderer
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)  # attaches an Agg canvas to a pyplot-free figure
    agg: RendererBase = canvas.get_renderer()  # type: ignore[no-untyped-call]
    return agg


_PROBE_DPI: tuple[float, ...] = (72.0, 100.0, 150.0, 200.0)
"""Resolutions at which label extents are measured; the largest extent is reserved, because
hinted glyphs are up to 10 % wider at some resolutions (the figure may be saved at any)."""


def _probes(dpi: float) -> list[tuple[Figure, RendererBase]]:
    out: list[tuple[Figure, RendererBase]] = []
    for d in _PROBE_DPI:
        if abs(d - dpi) < 0.5:
            continue
        probe = Figure(dpi=d)
        out.append((probe, _renderer_of(probe)))
    return out


def variants(label: str, *, width: int = 22) -> list[str]:
    """Line breaks to try for ``label``: never cut, wrapped at about ``width`` characters.

    Returns one to three texts: the name wrapped at ``width`` characters (long single words
    stay whole), and — if that gives more than one line — the name on one line (names up to
    34 characters) and wrapped at ``width * 2 // 3`` for very long names.
    """
    name = " ".join(str(label).split())
    if not name:
        return [str(label)]
    wrapped = "\n".join(
        textwrap.wrap(name, width=width, break_long_words=False, break_on_hyphens=False)
    )
    out = [wrapped]
    if "\n" in wrapped and len(name) <= 34:
        out.append(name)
    if wrapped.count("\n") >= 2:
        narrow = "\n".join(
            textwrap.wrap(name, width=max(8, width * 2 // 3), break_long_words=False,
                          break_on_hyphens=False)
        )  # fmt: skip
        out.append(narrow)
    return list(dict.fromkeys(out))


def _discs_hit(boxes: np.ndarray, centres: np.ndarray, radii: np.ndarray) -> np.ndarray:
    """``[i, j]``: does box ``i`` (x0, y0, x1, y1) intersect disc ``j``?"""
    if centres.size == 0:
        return np.zeros((len(boxes), 0), dtype=bool)
    nx_ = np.clip(centres[None, :, 0], boxes[:, None, 0], boxes[:, None, 2])
    ny_ = np.clip(centres[None, :, 1], boxes[:, None, 1], boxes[:, None, 3])
    d2 = (nx_ - centres[None, :, 0]) ** 2 + (ny_ - centres[None, :, 1]) ** 2
    hit: np.ndarray = d2 < radii[None, :] ** 2
    return hit


def _boxes_hit(boxes: np.ndarray, others: np.ndarray) -> np.ndarray:
    """Overlap area of each box with all ``others`` (summed)."""
    if len(others) == 0:
        return np.zeros(len(boxes))
    w = np.minimum(boxes[:, None, 2], others[None, :, 2]) - np.maximum(
        boxes[:, None, 0], others[None, :, 0]
    )
    h = np.minimum(boxes[:, None, 3], others[None, :, 3]) - np.maximum(
        boxes[:, None, 1], others[None, :, 1]
    )
    area: np.ndarray = (np.clip(w, 0, None) * np.clip(h, 0, None)).sum(axis=1)
    return area


def _crossings(box: np.ndarray, segments: np.ndarray) -> int:
    """Number of ``segments`` (x0, y0, x1, y1) that pass through ``box`` (Liang–Barsky)."""
    if len(segments) == 0:
        return 0
    x0, y0 = segments[:, 0], segments[:, 1]
    dx, dy = segments[:, 2] - x0, segments[:, 3] - y0
    t0 = np.zeros(len(segments))
    t1 = np.ones(len(segments))
    inside = np.ones(len(segments), dtype=bool)
    for p, q in (
        (-dx, x0 - box[0]),
        (dx, box[2] - x0),
        (-dy, y0 - box[1]),
        (dy, box[3] - y0),
    ):
        parallel = np.abs(p) < 1e-12
        inside &= ~(parallel & (q < 0))
        with np.errstate(divide="ignore", invalid="ignore"):
            r = np.where(parallel, 0.0, q / np.where(parallel, 1.0, p))
        t0 = np.where(~parallel & (p < 0), np.maximum(t0, r), t0)
        t1 = np.where(~parallel & (p > 0), np.minimum(t1, r), t1)
    return int(np.count_nonzero(inside & (t0 < t1)))


def place_labels(
    ax: Axes,
    labels: Sequence[LabelSpec],
    obstacles: Mapping[str, tuple[Position, float]],
    *,
    fontsize: float = 7.5,
    ties: Sequence[tuple[Position, Position]] = (),
    width: int = 22,
) -> list[Annotation]:
    """Annotate ``labels`` in the given order (most important first), avoiding overlaps.

    Parameters
    ----------
    ax
        Axes with final limits and size (set them before calling).
    labels
        The labels; texts are wrapped here (:func:`variants`), never cut.
    obstacles
        Every node drawn: ``{actor: (position in data units, marker radius in points)}``.
    fontsize
        Font size in points.
    ties
        Tie segments in data units; a label prefers boxes crossed by few of them.
    width
        Characters per line when a name is wrapped.

    Returns
    -------
    list of Annotation
        One per label, labelled :data:`LABEL_ROLE`. Offsets are in points, so the labels stay
        next to their nodes when the figure is saved at another resolution.
    """
    if not labels:
        return []
    fig = root_figure(ax)
    renderer = _renderer(ax)
    to_pt = 72.0 / fig.dpi
    window = ax.get_window_extent(renderer)
    frame = np.array([window.x0, window.y0, window.x1, window.y1]) * to_pt

    def point(xy: Sequence[float] | np.ndarray) -> np.ndarray:
        return np.asarray(ax.transData.transform(xy), dtype=float) * to_pt

    items = list(obstacles.values())
    centres = point(np.array([xy for xy, _ in items], dtype=float).reshape(-1, 2)).reshape(-1, 2)
    radii = np.array([r for _, r in items], dtype=float) + _NODE_PAD
    centroid = centres.mean(axis=0) if len(centres) else np.zeros(2)
    segs = np.array(
        [[*point(a), *point(b)] for a, b in ties], dtype=float
    ).reshape(-1, 4)  # fmt: skip
    angles = np.arange(_N_DIRECTIONS) * (2 * math.pi / _N_DIRECTIONS)
    units = np.column_stack([np.cos(angles), np.sin(angles)])
    style: dict[str, Any] = {"fontsize": fontsize, "linespacing": 1.05}
    sizes: dict[str, tuple[float, float]] = {}
    probes = [(fig, renderer), *_probes(fig.dpi)]

    def measure(text: str) -> tuple[float, float]:
        if text not in sizes:
            extents = [
                Text(0, 0, text, figure=probe_fig, **style).get_window_extent(probe)
                for probe_fig, probe in probes
            ]
            sizes[text] = (
                max(bb.width * 72.0 / f.dpi for bb, (f, _) in zip(extents, probes, strict=True)),
                max(bb.height * 72.0 / f.dpi for bb, (f, _) in zip(extents, probes, strict=True)),
            )
        return sizes[text]

    placed = np.empty((0, 4), dtype=float)
    leaders: list[np.ndarray] = []
    halo = [patheffects.withStroke(linewidth=_HALO, foreground="white")]
    artists: list[Annotation] = []
    for spec in labels:
        centre = point(spec.xy)
        r = spec.radius + _NODE_PAD
        away = centre - centroid
        norm = float(np.hypot(*away))
        outward = away / norm if norm > 1e-9 else np.zeros(2)
        candidates: list[tuple[float, np.ndarray, str, str, str, float]] = []
        for v, text in enumerate(variants(spec.text, width=width)):
            w, h = measure(text)
            for gap in _GAPS:
                for k, (ux, uy) in enumerate(units):
                    px, py = centre[0] + ux * (r + gap), centre[1] + uy * (r + gap)
                    ha = "left" if ux > 0.38 else ("right" if ux < -0.38 else "center")
                    va = "bottom" if uy > 0.38 else ("top" if uy < -0.38 else "center")
                    x0 = px if ha == "left" else (px - w if ha == "right" else px - w / 2)
                    y0 = py if va == "bottom" else (py - h if va == "top" else py - h / 2)
                    box = np.array([x0, y0, x0 + w, y0 + h])
                    cost = (
                        gap * 1.0
                        + 6.0 * v
                        + 3.0 * (1.0 - float(outward @ (ux, uy)))
                        + (0.0 if ha == "left" and va == "center" else 1.5)
                        + 0.01 * k
                    )
                    candidates.append((cost, box, text, ha, va, gap))
        boxes = np.array([c[1] for c in candidates])
        padded = boxes + np.array([-_PAD, -_PAD, _PAD, _PAD])
        outside = (
            np.clip(frame[0] - padded[:, 0], 0, None)
            + np.clip(padded[:, 2] - frame[2], 0, None)
            + np.clip(frame[1] - padded[:, 1], 0, None)
            + np.clip(padded[:, 3] - frame[3], 0, None)
        )
        near = np.abs(centres - centre).max(axis=1) < (max(_GAPS) + 260.0)
        discs = _discs_hit(padded, centres[near], radii[near])
        label_overlap = _boxes_hit(padded, placed)
        free = (outside <= 0) & ~discs.any(axis=1) & (label_overlap <= 0)
        order = np.argsort([c[0] for c in candidates], kind="stable")
        best: int | None = None
        best_cost = math.inf
        checked = 0
        for i in order:
            if not free[i]:
                continue
            cost = candidates[i][0]
            if cost >= best_cost:
                break
            crossing = _crossings(boxes[i], segs) if len(segs) else 0
            crossing += sum(_crossings(boxes[i], seg[None, :]) for seg in leaders)
            total = cost + 4.0 * crossing
            if total < best_cost:
                best, best_cost = int(i), total
            checked += 1
            if checked >= 40:
                break
        if best is None:  # nothing free: the least overlapping box
            penalty = (
                np.array([c[0] for c in candidates])
                + 50.0 * outside
                + 400.0 * discs.sum(axis=1)
                + 2.0 * label_overlap
            )
            best = int(np.argmin(penalty))
            logger.info("label %r overlaps other labels or nodes: no free place", spec.text)
        _, box, text, ha, va, gap = candidates[best]
        placed = np.vstack([placed, box + np.array([-_PAD, -_PAD, _PAD, _PAD])])
        ax_ = box[0] if ha == "left" else (box[2] if ha == "right" else (box[0] + box[2]) / 2)
        ay_ = box[1] if va == "bottom" else (box[3] if va == "top" else (box[1] + box[3]) / 2)
        leader = gap > _LEADER_FROM
        if leader:
            nearest = np.clip(centre, box[:2], box[2:])
            leaders.append(np.array([*centre, *nearest]))
        leader_style = {
            "arrowstyle": "-",
            "color": "#333333",
            "lw": 0.6,
            "shrinkA": 0.5,
            "shrinkB": spec.radius + 0.5,
        }
        ann = ax.annotate(
            text,
            xy=spec.xy,
            xytext=(float(ax_ - centre[0]), float(ay_ - centre[1])),
            textcoords="offset points",
            ha=ha,
            va=va,
            multialignment=ha if ha != "center" else "center",
            color=TEXT_COLOR,
            zorder=6,
            path_effects=halo,
            arrowprops=leader_style if leader else None,
            annotation_clip=False,
            **style,
        )
        ann.set_label(LABEL_ROLE)
        artists.append(ann)
    return artists
