"""The static figures of a report, drawn by :mod:`coopnet.viz` and saved as PNG and SVG.

Nothing is computed here: graphs, analyses, the comparison, the fragmentation curves and the
layout come from the caller. Every figure of one dataset shares the group colours and (for the
network maps) the positions, so periods can be compared picture by picture.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import networkx as nx
import pandas as pd

from coopnet.compare import MultiPeriodComparison
from coopnet.messages import step
from coopnet.metrics import NetworkAnalysis
from coopnet.outputs import pair_names, unique_names
from coopnet.report.tables import ei_by_group
from coopnet.report.texts import Lang, measure_name, word

if TYPE_CHECKING:  # matplotlib is imported by draw_figures, in the process that draws
    from matplotlib.figure import Figure

__all__ = ["FIGURE_DIR", "ReportFigure", "draw_figures"]

FIGURE_DIR: Final = "figures"
"""Folder of the figures inside the report."""

FORMATS: Final = ("png", "svg")
PNG_DPI: Final = 150


@dataclass(frozen=True)
class ReportFigure:
    """One figure of the report.

    Attributes
    ----------
    key
        File stem inside ``figures/`` (``network_2016``).
    kind
        ``network``, ``periods``, ``difference``, ``mixing``, ``ranking``, ``fragmentation`` or
        ``ei``.
    title, caption
        Texts shown with the figure (report language).
    period
        The period shown (for a difference: ``"<a>_<b>"``); ``None`` for all periods.
    """

    key: str
    kind: str
    title: str
    caption: str
    period: str | None

    @property
    def png(self) -> str:
        """Relative path of the PNG file (from the report folder)."""
        return f"{FIGURE_DIR}/{self.key}.png"

    @property
    def svg(self) -> str:
        """Relative path of the SVG file (from the report folder)."""
        return f"{FIGURE_DIR}/{self.key}.svg"


def draw_figures(
    folder: Path,
    *,
    graphs: Mapping[str, nx.Graph[Any]],
    analyses: Mapping[str, NetworkAnalysis],
    comparison: MultiPeriodComparison | None,
    curves: Mapping[str, pd.DataFrame],
    positions: Mapping[str, Sequence[float]],
    group: str | None,
    lang: Lang,
    seed: int,
    say: Callable[[str], None],
    group_label: str | None = None,
) -> list[ReportFigure]:
    """Draw and save every figure of the report into ``folder/figures``.

    Parameters
    ----------
    folder
        The report folder (being built).
    graphs, analyses
        The analysed graph and :class:`~coopnet.metrics.NetworkAnalysis` of each period.
    comparison
        :func:`coopnet.compare.compare_all` result, or ``None`` for fewer than two periods.
    curves
        :func:`coopnet.metrics.fragmentation_curve` per period (periods may be missing).
    positions
        One layout for all periods (:func:`coopnet.layout.union_layout`).
    group
        Grouping column (colours).
    group_label
        Display name of the grouping column (captions, heatmap axes); default: `group`.
    lang, seed
        Language of the texts; layout seed.
    say
        Progress callback.

    Returns
    -------
    list of ReportFigure
        In the order they appear in the report.
    """
    from coopnet.viz import (
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

    out_dir = folder / FIGURE_DIR
    out_dir.mkdir(parents=True, exist_ok=True)
    group_sets = (
        [{str(d[group]) for _, d in g.nodes(data=True)} for g in graphs.values()]
        if group is not None
        else [set()]
    )
    # Equal group sets get equal colours without a fixed palette; only when the periods differ
    # is one palette over all groups passed (coopnet.viz then logs a spurious warning for many
    # groups, see the report of this module's author).
    palette = (
        group_colors(set().union(*group_sets), lang=lang)
        if any(s != group_sets[0] for s in group_sets)
        else None
    )
    labels = {
        str(a): str(label)
        for analysis in analyses.values()
        for a, label in analysis.actors["label"].items()
    }
    figures: list[ReportFigure] = []
    names = unique_names(graphs)  # file-name part of each period

    def save(fig: Figure, item: ReportFigure) -> None:
        save_figure(fig, out_dir / item.key, formats=FORMATS, dpi=PNG_DPI)
        figures.append(item)

    shown_group = group_label or group or ""
    size_name = measure_name("betweenness", lang)
    betweenness = {p: analyses[p].actors["betweenness"].rename(size_name) for p in graphs}
    for period, graph in graphs.items():
        say(step("progress.report.figures", period=period))
        p = names[period]
        title = word("fig_network", lang, period=period if period != "all" else "")
        fig, _ = plot_network(
            graph, group=group, size_by=betweenness[period], positions=positions,
            title=title.strip(), lang=lang, seed=seed, palette=palette, group_label=shown_group,
        )  # fmt: skip
        save(fig, ReportFigure(f"network_{p}", "network", title.strip(),
                               word("fig_network_caption", lang, group=shown_group), period))  # fmt: skip
    if len(graphs) > 1:
        title = word("fig_periods", lang)
        fig, _ = plot_periods(
            graphs, group=group, size_by=betweenness, positions=positions, lang=lang,
            seed=seed, palette=palette, group_label=shown_group,
        )  # fmt: skip
        save(fig, ReportFigure("periods", "periods", title, "", None))
    if comparison is not None:
        pairs = list(comparison.pairs) + ([comparison.overall] if comparison.overall else [])
        pair_files = pair_names([(p.before, p.after) for p in pairs], names)
        for pair in pairs:
            title = word("fig_difference", lang, a=pair.before, b=pair.after)
            fig, _ = plot_difference(
                graphs[pair.before], graphs[pair.after], labels=(pair.before, pair.after),
                group=group, positions=positions, lang=lang, seed=seed, palette=palette,
                title=title, group_label=shown_group,
            )  # fmt: skip
            key = f"difference_{pair_files[(pair.before, pair.after)]}"
            save(fig, ReportFigure(key, "difference", title,
                                   word("fig_difference_caption", lang),
                                   f"{pair.before}_{pair.after}"))  # fmt: skip
        if group is not None:  # the group figures: only with a grouping column
            title = word("fig_ei", lang)
            table = ei_by_group(analyses)
            fig, _ = plot_ei_over_periods(table, title=title, lang=lang, palette=palette,
                                          group_label=shown_group)  # fmt: skip
            save(fig, ReportFigure("ei_over_periods", "ei", title, word("fig_ei_caption", lang),
                                   None))  # fmt: skip
    for period, analysis in analyses.items():
        p = names[period]
        suffix = period if period != "all" else ""
        if group is not None:
            title = word("fig_mixing", lang, period=suffix).strip()
            fig, _ = plot_mixing_heatmap(analysis.mixing, title=title, lang=lang,
                                         group_label=shown_group)  # fmt: skip
            save(fig, ReportFigure(f"mixing_{p}", "mixing", title,
                                   word("fig_mixing_caption", lang), period))  # fmt: skip
        title = word("fig_ranking", lang, period=suffix).strip()
        fig, _ = plot_ranking(
            analysis.actors["betweenness"], labels=labels, top=10, title=title,
            xlabel=size_name, lang=lang,
        )  # fmt: skip
        save(fig, ReportFigure(f"ranking_betweenness_{p}", "ranking", title, "", period))
        if period in curves and len(curves[period]) > 1:
            title = word("fig_fragmentation", lang, period=suffix).strip()
            fig, _ = plot_fragmentation_curve(curves[period], labels=labels, title=title,
                                              lang=lang)  # fmt: skip
            save(fig, ReportFigure(f"fragmentation_{p}", "fragmentation", title,
                                   word("fig_fragmentation_caption", lang), period))  # fmt: skip
    return figures
