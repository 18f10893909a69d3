"""Figures of the atlas: the distribution of each measure, and the correlations with outcomes.

Plot functions follow :mod:`coopnet.viz`: they take ``ax=None``, return ``(Figure, Axes)``, never
show or save anything themselves; every number on an axis goes through
:func:`coopnet.lang.number` (decimal comma in German). :func:`draw_atlas_figures` draws and saves
all figures of an :class:`~coopnet.atlas.Atlas` with :func:`coopnet.viz.save_figure`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Final

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from coopnet.atlas.table import COUNT_MEASURES, as_float, measure_name
from coopnet.lang import Lang, number, text
from coopnet.messages import step
from coopnet.viz import save_figure

if TYPE_CHECKING:  # pragma: no cover
    from coopnet.atlas.result import Atlas

__all__ = [
    "FIGURE_DIR",
    "AtlasFigure",
    "draw_atlas_figures",
    "plot_correlations",
    "plot_distribution",
]

FIGURE_DIR: Final = "figures"
PNG_DPI: Final = 150
BOX_COLOR: Final = "#0072B2"
POINT_COLOR: Final = "#333333"
HIGHLIGHT_COLOR: Final = "#D55E00"
TEXT_COLOR: Final = "#222222"


@dataclass(frozen=True)
class AtlasFigure:
    """One figure of the atlas page: ``figures/<key>.png`` and ``.svg`` with its texts."""

    key: str
    kind: str
    title: str
    caption: str

    @property
    def png(self) -> str:
        """Path of the PNG file relative to the atlas folder."""
        return f"{FIGURE_DIR}/{self.key}.png"

    @property
    def svg(self) -> str:
        """Path of the SVG file relative to the atlas folder."""
        return f"{FIGURE_DIR}/{self.key}.svg"


def _axes(ax: Axes | None, size: tuple[float, float]) -> tuple[Figure, Axes]:
    if ax is not None:
        figure = ax.get_figure()
        assert isinstance(figure, Figure)
        return figure, ax
    figure = Figure(figsize=size, facecolor="white", layout="constrained")
    return figure, figure.add_subplot()


def _formatter(lang: Lang, *, integer: bool = False) -> FuncFormatter:
    def fmt(value: float, _position: int | None) -> str:
        if integer and float(value).is_integer():
            return number(int(value), lang)
        return number(float(value), lang, significant=3)

    return FuncFormatter(fmt)


def plot_distribution(
    values: pd.Series,
    *,
    measure: str,
    lang: Lang = "de",
    highlight: str | None = None,
    ax: Axes | None = None,
    seed: int = 0,
) -> tuple[Figure, Axes]:
    """Draw the distribution of one measure across municipalities: a box plot over the points.

    The box spans the quartiles (linear interpolation, as :func:`coopnet.atlas.distribution`),
    the line inside it is the median, the whiskers reach the most extreme values within 1.5
    box lengths (Tukey); every municipality is one point, spread vertically at random (seeded)
    so equal values stay visible.

    Parameters
    ----------
    values
        One value per municipality (index: names); missing values are left out.
    measure
        The measure's key (axis label from the catalogue).
    lang
        Language of the labels and numbers.
    highlight
        A name in `values` to mark in colour (e.g. the municipality of a report).
    ax
        Axes to draw on; ``None`` creates a figure.
    seed
        Seed of the vertical spread.

    Returns
    -------
    tuple[Figure, Axes]
    """
    present = values.dropna().astype(float)
    figure, ax = _axes(ax, (6.4, 1.9))
    ax.spines[["top", "right", "left"]].set_visible(False)
    ax.tick_params(colors=TEXT_COLOR, labelsize=9)
    if present.empty:
        ax.set_yticks([])
        ax.text(
            0.5,
            0.5,
            text("atlas.figure.no_values", lang),
            transform=ax.transAxes,
            ha="center",
            va="center",
            color=TEXT_COLOR,
        )
        return figure, ax
    data = present.to_numpy()
    ax.boxplot(
        data,
        orientation="horizontal",
        widths=0.6,
        showfliers=False,
        medianprops={"color": BOX_COLOR, "linewidth": 2},
        boxprops={"color": BOX_COLOR},
        whiskerprops={"color": BOX_COLOR},
        capprops={"color": BOX_COLOR},
    )
    rng = np.random.default_rng(seed)
    jitter = 1 + rng.uniform(-0.22, 0.22, size=len(data))
    alpha = 0.8 if len(data) <= 50 else max(0.15, 0.8 * math.sqrt(50 / len(data)))
    ax.scatter(
        data,
        jitter,
        s=14 if len(data) <= 200 else 6,
        color=POINT_COLOR,
        alpha=alpha,
        linewidths=0,
        zorder=3,
    )
    if highlight is not None and highlight in present.index:
        ax.scatter(
            [present[highlight]],
            [1],
            s=70,
            color=HIGHLIGHT_COLOR,
            zorder=4,
            edgecolors="white",
            linewidths=1,
        )
    integer = measure in COUNT_MEASURES
    ax.xaxis.set_major_locator(MaxNLocator(nbins=6, integer=integer))
    ax.xaxis.set_major_formatter(_formatter(lang, integer=integer))
    ax.set_xlabel(measure_name(measure, lang), fontsize=10, color=TEXT_COLOR)
    ax.set_yticks([])
    ax.set_ylim(0.55, 1.45)
    ax.grid(axis="x", color="#E5E5E5", linewidth=0.8)
    ax.set_axisbelow(True)
    return figure, ax


def plot_correlations(
    correlations: pd.DataFrame, *, outcome: str, lang: Lang = "de", ax: Axes | None = None
) -> tuple[Figure, Axes]:
    """Draw Spearman's rho of every measure with one outcome, −1 … 1.

    Filled dots: at least :data:`coopnet.atlas.SMALL_N` municipalities; open dots: fewer (weak
    evidence). Each dot is labelled with its number of municipalities.

    Parameters
    ----------
    correlations
        :attr:`coopnet.atlas.Atlas.correlations`.
    outcome
        The outcome to show.
    lang, ax
        Language; axes to draw on.
    """
    rows = correlations[correlations["outcome"] == outcome].reset_index(drop=True)
    figure, ax = _axes(ax, (6.4, 0.45 * len(rows) + 1.2))
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(colors=TEXT_COLOR, labelsize=9)
    y = np.arange(len(rows))[::-1]
    for yi, row in zip(y, rows.itertuples(index=False), strict=True):
        rho = as_float(row.spearman)
        if math.isnan(rho):
            continue
        ax.plot([0, rho], [yi, yi], color="#BBBBBB", linewidth=1, zorder=1)
        ax.scatter(
            [rho],
            [yi],
            s=45,
            zorder=3,
            color=BOX_COLOR if not row.small_n else "white",
            edgecolors=BOX_COLOR,
            linewidths=1.4,
        )
        ax.annotate(
            f"n = {number(int(as_float(row.n)), lang)}",
            (rho, yi),
            xytext=(8 if rho >= 0 else -8, 0),
            textcoords="offset points",
            va="center",
            ha="left" if rho >= 0 else "right",
            fontsize=8,
            color="#555555",
        )
    ax.axvline(0, color="#777777", linewidth=0.9)
    ax.set_xlim(-1.05, 1.05)
    ax.set_yticks(y, [measure_name(str(m), lang) for m in rows["measure"]])
    ax.xaxis.set_major_formatter(_formatter(lang))
    ax.set_xlabel(text("atlas.figure.spearman_axis", lang, outcome=outcome), fontsize=10)
    ax.grid(axis="x", color="#E5E5E5", linewidth=0.8)
    ax.set_axisbelow(True)
    return figure, ax


def _slug(value: str) -> str:
    clean = "".join(c if c.isalnum() else "_" for c in value.casefold()).strip("_")
    return clean or "x"


def draw_atlas_figures(
    result: Atlas, folder: Path, *, say: Callable[[str], None] | None = None
) -> list[AtlasFigure]:
    """Draw every figure of `result` into ``folder/figures`` (PNG and SVG) and describe them."""
    lang = result.lang
    figures: list[AtlasFigure] = []
    target = folder / FIGURE_DIR
    for measure in result.measures:
        if say is not None:
            say(step("progress.atlas.figure", measure=measure))
        fig, _ = plot_distribution(
            result.municipalities[measure], measure=measure, lang=lang, seed=result.seed
        )
        key = f"distribution_{measure}"
        save_figure(fig, target / f"{key}.png", formats=("png", "svg"), dpi=PNG_DPI)
        n = int(as_float(result.distribution.loc[measure, "n"]))
        figures.append(
            AtlasFigure(
                key,
                "distribution",
                measure_name(measure, lang),
                text("atlas.figure.distribution_caption", lang, n=number(n, lang)),
            )
        )
    used: set[str] = set()
    for outcome in dict.fromkeys(result.correlations["outcome"]):
        key = f"correlations_{_slug(str(outcome))}"
        while key in used:
            key += "_"
        used.add(key)
        fig, _ = plot_correlations(result.correlations, outcome=str(outcome), lang=lang)
        save_figure(fig, target / f"{key}.png", formats=("png", "svg"), dpi=PNG_DPI)
        figures.append(
            AtlasFigure(
                key,
                "correlations",
                text("atlas.figure.correlations_title", lang, outcome=outcome),
                text("atlas.figure.correlations_caption", lang),
            )
        )
    return figures
