"""The analysis chain wired together: dataset → graph → measures → files.

The CLI and the examples call these functions; each step is also available on its own
(:func:`coopnet.load`, :meth:`CooperationNetwork.graph`, :func:`coopnet.metrics.analyze`).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from coopnet import schema
from coopnet.analysis import actor_measures, analysis_graph, analyze_network
from coopnet.config import AnalysisConfig
from coopnet.jsonio import to_jsonable, write_json
from coopnet.metrics import (
    GROUP_COLUMNS,
    NetworkAnalysis,
    WhatIf,
    ei_index,
    fragmentation_curve,
    group_table,
    mixing_matrix,
    what_if,
)
from coopnet.model import CooperationNetwork
from coopnet.outputs import output_folder
from coopnet.spreadsheet import write_csv

__all__ = [
    "FIGURE_KINDS",
    "actor_measures",
    "analysis_graph",
    "analyze_network",
    "html_dataset",
    "network_by_period",
    "plot_dataset",
    "to_jsonable",
    "what_if_network",
    "write_analysis",
    "write_json",
]

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

log = logging.getLogger(__name__)

FigureKind = schema.FigureKind
FIGURE_KINDS = schema.FIGURE_KINDS

Progress = Callable[[str], None]


def network_by_period(
    net: CooperationNetwork,
    *,
    config: AnalysisConfig = AnalysisConfig(),
    progress: Progress | None = None,
) -> pd.DataFrame:
    """Network-level measures per period: one row per period (index ``period``), in order."""
    rows = {}
    for period in net.periods or ("all",):
        if progress:
            progress(f"period {period}")
        result = analyze_network(net, config=config, period=period)
        rows[period] = result.network
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = "period"
    return frame


def what_if_network(
    net: CooperationNetwork,
    remove: Sequence[str],
    *,
    config: AnalysisConfig = AnalysisConfig(),
    period: str | None = None,
) -> WhatIf:
    """Fragmentation and cross-group reachability before/after removing the named actors."""
    graph, column = analysis_graph(net, config=config, period=period)
    return what_if(graph, remove, group=column, weight="weight" if config.weighted else None)


def write_analysis(
    result: NetworkAnalysis,
    out: str | Path,
    *,
    periods: pd.DataFrame | None = None,
    overwrite: bool = False,
    inputs: Iterable[str | os.PathLike[str]] = (),
) -> list[Path]:
    """Write the files of the ``coopnet analyze`` output contract into ``out``.

    ``actors.csv``, ``network.json``, ``groups.csv``, ``mixing.csv``, ``keyplayers.csv`` and, beyond
    the contract, ``missing_group_pairs.csv`` and ``bridges.csv``; the per-group permutation test is in
    ``groups.csv`` (``ei_expected``, ``ei_p_lower``, ``ei_p_upper``); ``periods.csv`` when
    ``periods`` (:func:`network_by_period`) is given. The CSV files are exact data for scripts:
    texts are written as they are (open them in a spreadsheet only through a text import; the
    report's ``tables/`` are the spreadsheet-safe tables).

    ``out`` is written as :func:`coopnet.outputs.output_folder` writes: a folder coopnet made
    before is replaced, a non-empty folder it did not make is refused unless ``overwrite``
    (files of the same names are then replaced, nothing else is deleted), and ``out`` may not
    be, contain or lie inside one of ``inputs`` (:class:`~coopnet.errors.OutputError`).
    """
    target = Path(out)
    with output_folder(target, command="analyze", inputs=inputs, overwrite=overwrite) as folder:
        written = [p.name for p in _write_analysis_files(result, folder)]
        if periods is not None:
            write_csv(periods, folder / "periods.csv", spreadsheet=False, index=True)
            written.append("periods.csv")
    return [target / name for name in written]


def _write_analysis_files(result: NetworkAnalysis, folder: Path) -> list[Path]:
    network = {**result.network, "group": result.group, "options": result.options}
    return [
        write_csv(result.actors.reset_index(), folder / "actors.csv", spreadsheet=False),
        write_json(network, folder / "network.json"),
        write_csv(result.groups[list(GROUP_COLUMNS)], folder / "groups.csv", spreadsheet=False),
        write_csv(result.mixing, folder / "mixing.csv", spreadsheet=False, index=True),
        write_csv(result.key_players, folder / "keyplayers.csv", spreadsheet=False),
        write_csv(result.missing_pairs, folder / "missing_group_pairs.csv", spreadsheet=False),
        write_csv(result.bridges, folder / "bridges.csv", spreadsheet=False),
    ]


# ------------------------------------------------------------------------ figures and HTML
_TITLES = {
    "de": {
        "network": "Kooperationsnetzwerk {name}, {period}",
        "periods": "Kooperationsnetzwerk {name} im Zeitvergleich",
        "difference": "Veränderung der Kooperationen {name}: {before} → {after}",
        "mixing": "Kooperationsdichte zwischen Gruppen ({group}), {name} {period}",
        "ranking": "Akteure nach {measure}, {name} {period}",
        "fragmentation": "Fragmentierung bei Wegfall der Schlüsselakteure, {name} {period}",
        "ei": "E-I-Index nach Gruppe ({group}), {name}",
        "all": "alle Zeiträume",
    },
    "en": {
        "network": "Cooperation network {name}, {period}",
        "periods": "Cooperation network {name} across periods",
        "difference": "Change of cooperation {name}: {before} → {after}",
        "mixing": "Tie density between groups ({group}), {name} {period}",
        "ranking": "Actors by {measure}, {name} {period}",
        "fragmentation": "Fragmentation as key players are removed, {name} {period}",
        "ei": "E-I index by group ({group}), {name}",
        "all": "all periods",
    },
}


def _pair(net: CooperationNetwork, before: str | None, after: str | None) -> tuple[str, str]:
    if len(net.periods) < 2:
        from coopnet.errors import GraphError

        raise GraphError("a comparison needs a dataset with at least two periods")
    return before or net.periods[0], after or net.periods[-1]


def _check_measure(table: pd.DataFrame, size_by: str) -> None:
    if size_by not in table.columns or size_by == "label":
        from coopnet.errors import GraphError

        numeric = [c for c in table.columns if c != "label"]
        raise GraphError(f"unknown measure '{size_by}'; choose one of: {', '.join(numeric)}")


def plot_dataset(
    net: CooperationNetwork,
    kind: FigureKind,
    *,
    config: AnalysisConfig = AnalysisConfig(),
    period: str | None = None,
    before: str | None = None,
    after: str | None = None,
    size_by: str = "betweenness",
    top: int = 15,
) -> Figure:
    """Draw one figure of a dataset; the CLI's ``coopnet plot``.

    Parameters
    ----------
    kind
        ``network`` (one period; colour by group, size by ``size_by``), ``periods`` (all periods side by
        side, one layout), ``difference`` (``before`` → ``after``: kept / added / removed ties),
        ``mixing`` (group × group density heatmap), ``ranking`` (top actors by ``size_by``),
        ``fragmentation`` (fragmentation as key players are removed), ``ei`` (E-I by group over periods).
    period
        Period of ``network``, ``mixing``, ``ranking`` and ``fragmentation``; ``None`` pools all.
    before, after
        Periods of ``difference`` (default: first and last).
    """
    from coopnet import viz

    lang = config.lang
    t = _TITLES[lang]
    weight = "weight" if config.weighted else None
    column = net.group_column(config.group)
    label = t["all"] if period in (None, "all") else period
    names = {"name": net.name, "period": label, "group": column, "measure": size_by}
    if kind in ("network", "mixing", "ranking", "fragmentation"):
        graph, column = analysis_graph(net, config=config, period=period)
        if kind == "network":
            measures = actor_measures(graph, group=column, weight=weight)
            _check_measure(measures, size_by)
            fig, _ = viz.plot_network(
                graph,
                group=column,
                size_by=measures[size_by],
                title=t["network"].format(**names),
                lang=lang,
                seed=config.seed,
            )
        elif kind == "mixing":
            fig, _ = viz.plot_mixing_heatmap(
                mixing_matrix(graph, group=column, weight=weight),
                title=t["mixing"].format(**names),
                lang=lang,
            )
        elif kind == "ranking":
            measures = actor_measures(graph, group=column, weight=weight)
            _check_measure(measures, size_by)
            fig, _ = viz.plot_ranking(
                measures[size_by],
                labels={str(k): str(v) for k, v in measures["label"].items()},
                top=top,
                title=t["ranking"].format(**names),
                xlabel=size_by,
                lang=lang,
            )
        else:
            k = max(1, min(max(config.key_players, 5), graph.number_of_nodes() - 2))
            curve = fragmentation_curve(graph, k=k)
            labels = {a: graph.nodes[a].get("label", a) for a in graph}
            fig, _ = viz.plot_fragmentation_curve(
                curve, labels=labels, title=t["fragmentation"].format(**names), lang=lang
            )
        return fig
    if kind == "periods":
        graphs = {
            p: analysis_graph(net, config=config, period=p)[0] for p in net.periods or ["all"]
        }
        sizes = {}
        for p, g in graphs.items():
            measures = actor_measures(g, group=column, weight=weight)
            _check_measure(measures, size_by)
            sizes[p] = measures[size_by]
        fig, _ = viz.plot_periods(
            graphs,
            group=column,
            size_by=sizes,
            title=t["periods"].format(**names),
            lang=lang,
            seed=config.seed,
        )
        return fig
    if kind == "difference":
        b, a = _pair(net, before, after)
        g_before = analysis_graph(net, config=config, period=b)[0]
        g_after = analysis_graph(net, config=config, period=a)[0]
        fig, _ = viz.plot_difference(
            g_before,
            g_after,
            labels=(b, a),
            group=column,
            title=t["difference"].format(before=b, after=a, **names),
            lang=lang,
            seed=config.seed,
        )
        return fig
    if kind == "ei":
        table = ei_by_period(net, config=config)
        fig, _ = viz.plot_ei_over_periods(table, title=t["ei"].format(**names), lang=lang)
        return fig
    raise ValueError(f"unknown figure kind {kind!r}; choose one of {', '.join(FIGURE_KINDS)}")


def ei_by_period(
    net: CooperationNetwork, *, config: AnalysisConfig = AnalysisConfig()
) -> pd.DataFrame:
    """E-I index per group (rows) and period (columns, in order), plus the row ``overall``."""
    weight = "weight" if config.weighted else None
    columns = {}
    for p in net.periods or ("all",):
        graph, column = analysis_graph(net, config=config, period=p)
        table = group_table(graph, group=column, weight=weight)["ei_index"]
        table.loc["overall"] = ei_index(graph, group=column, weight=weight)
        columns[p] = table
    frame = pd.DataFrame(columns)
    frame.index.name = "group"
    return frame


def html_dataset(
    net: CooperationNetwork,
    path: str | Path,
    *,
    config: AnalysisConfig = AnalysisConfig(),
    period: str | None = None,
    before: str | None = None,
    after: str | None = None,
    size_by: str = "betweenness",
    overwrite: bool = False,
) -> Path:
    """Write the interactive, self-contained HTML graph of a dataset; the CLI's ``coopnet html``.

    With ``before``/``after`` the comparison page (ties kept / added / removed, period switcher);
    otherwise one period (``None``: all pooled). Nodes are sized by ``size_by`` and the tooltips list
    the main actor measures. ``path`` must end in ``.html``; it may not replace the dataset, lie
    inside its folder, or replace a file coopnet did not make unless ``overwrite``
    (:func:`coopnet.interactive.write_network_html`).
    """
    inputs = [net.source] if net.source else []
    from coopnet import interactive

    weight = "weight" if config.weighted else None
    t = _TITLES[config.lang]
    if before is not None or after is not None:
        b, a = _pair(net, before, after)
        g_before, column = analysis_graph(net, config=config, period=b)
        g_after = analysis_graph(net, config=config, period=a)[0]
        measures = actor_measures(g_after, group=column, weight=weight)
        _check_measure(measures, size_by)
        return interactive.write_comparison_html(
            g_before,
            g_after,
            path,
            labels=(b, a),
            group=column,
            measures=measures,
            size_by=size_by,
            lang=config.lang,
            seed=config.seed,
            title=t["difference"].format(name=net.name, before=b, after=a),
            overwrite=overwrite,
            inputs=inputs,
        )
    graph, column = analysis_graph(net, config=config, period=period)
    measures = actor_measures(graph, group=column, weight=weight)
    _check_measure(measures, size_by)
    label = t["all"] if period in (None, "all") else period
    return interactive.write_network_html(
        graph,
        path,
        group=column,
        measures=measures,
        size_by=size_by,
        lang=config.lang,
        seed=config.seed,
        title=t["network"].format(name=net.name, period=label),
        overwrite=overwrite,
        inputs=inputs,
    )
