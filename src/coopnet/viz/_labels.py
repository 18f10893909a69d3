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
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.figure import Figure
from matplotlib.text import Annotation, Text

from coopnet.textsafe import clean_text
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
    name = " ".join(clean_text(label).split())  # labels are data: no control characters
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


class _Occupancy:
    """Which 1-point cells of the axes the node markers cover, with a summed-area table.

    A cell counts as covered when any part of it lies inside a marker disc, and a box is looked
    up by all the cells it touches, so the test is conservative: a box with no covered cell
    surely covers no marker. One lookup costs four array reads, whatever the number of nodes.
    """

    def __init__(self, frame: np.ndarray, centres: np.ndarray, radii: np.ndarray) -> None:
        self.x0, self.y0 = float(frame[0]), float(frame[1])
        self.nx = max(1, math.ceil(frame[2] - frame[0]) + 1)
        self.ny = max(1, math.ceil(frame[3] - frame[1]) + 1)
        grid = np.zeros((self.ny, self.nx), dtype=np.int32)
        for (cx, cy), r in zip(centres, radii, strict=True):
            x, y = cx - self.x0, cy - self.y0
            i0, i1 = max(0, math.floor(x - r)), min(self.nx, math.ceil(x + r) + 1)
            j0, j1 = max(0, math.floor(y - r)), min(self.ny, math.ceil(y + r) + 1)
            if i0 >= i1 or j0 >= j1:
                continue
            ix = np.arange(i0, i1, dtype=float)
            jy = np.arange(j0, j1, dtype=float)[:, None]
            nearest_x = np.clip(x, ix, ix + 1)  # the point of each cell nearest to the centre
            nearest_y = np.clip(y, jy, jy + 1)
            grid[j0:j1, i0:i1] += ((nearest_x - x) ** 2 + (nearest_y - y) ** 2 < r * r).astype(
                np.int32
            )
        self.table = np.zeros((self.ny + 1, self.nx + 1), dtype=np.int64)
        self.table[1:, 1:] = grid.cumsum(axis=0).cumsum(axis=1)

    def count(self, boxes: np.ndarray) -> np.ndarray:
        """Covered cells touched by each box (x0, y0, x1, y1 in points)."""
        i0 = np.clip(np.floor(boxes[:, 0] - self.x0).astype(int), 0, self.nx)
        i1 = np.clip(np.ceil(boxes[:, 2] - self.x0).astype(int) + 1, 0, self.nx)
        j0 = np.clip(np.floor(boxes[:, 1] - self.y0).astype(int), 0, self.ny)
        j1 = np.clip(np.ceil(boxes[:, 3] - self.y0).astype(int) + 1, 0, self.ny)
        t = self.table
        counts: np.ndarray = t[j1, i1] - t[j0, i1] - t[j1, i0] + t[j0, i0]
        return counts


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
    occupancy = _Occupancy(frame, centres, radii)
    ends = np.array([[*a, *b] for a, b in ties], dtype=float).reshape(-1, 4)
    segs = (
        np.hstack([point(ends[:, :2]), point(ends[:, 2:])]) if len(ends) else ends
    )  # one transform for all tie ends
    angles = np.arange(_N_DIRECTIONS) * (2 * math.pi / _N_DIRECTIONS)
    units = np.column_stack([np.cos(angles), np.sin(angles)])
    # labels are plain text: no math text between two "$" (also while measuring them)
    style: dict[str, Any] = {"fontsize": fontsize, "linespacing": 1.05, "parse_math": False}
    sizes: dict[str, tuple[float, float]] = {}
    probes = [(fig, renderer), *_probes(fig.dpi)]

    def measure(text: str) -> tuple[float, float]:
        if text not in sizes:
            with warnings.catch_warnings():
                # characters the font lacks: save_figure reports them once per file
                warnings.filterwarnings("ignore", "Glyph .* missing from font", UserWarning)
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
        discs = occupancy.count(padded)
        label_overlap = _boxes_hit(padded, placed)
        free = (outside <= 0) & (discs == 0) & (label_overlap <= 0)
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
                + 4.0 * discs
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
