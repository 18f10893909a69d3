"""The analysis chain wired together: study → measures → files, figures and maps.

The CLI and the examples call these functions on one :class:`coopnet.run.Study` (built once by
:func:`coopnet.study`); each step is also available on its own (:func:`coopnet.load`,
:meth:`CooperationNetwork.graph`, :func:`coopnet.metrics.analyze`).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import pandas as pd

from coopnet import schema
from coopnet.errors import GraphError
from coopnet.jsonio import to_jsonable, write_json
from coopnet.lang import Lang, catalogue, column_label, measure_label
from coopnet.layout import shared_layout, start_layout
from coopnet.messages import tr
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
from coopnet.outputs import output_folder
from coopnet.run import ALL, Study
from coopnet.spreadsheet import CsvDialect, write_csv

__all__ = [
    "FIGURE_KINDS",
    "ei_by_period",
    "gexf_dataset",
    "html_dataset",
    "html_page",
    "plot_dataset",
    "shared_layout",
    "start_layout",
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


def what_if_network(study: Study, remove: Sequence[str], *, period: str | None = None) -> WhatIf:
    """Fragmentation and cross-group reachability before/after removing the named actors."""
    graph = study.graph(period)
    return what_if(
        graph,
        remove,
        group=study.require_group(tr("errors.run.what.whatif")),
        weight=study.options.weight,
    )


def write_analysis(
    result: NetworkAnalysis,
    out: str | Path,
    *,
    study: Study | None = None,
    periods: pd.DataFrame | None = None,
    overwrite: bool = False,
    inputs: Iterable[str | os.PathLike[str]] = (),
    csv: CsvDialect = "standard",
    provenance_inputs: Iterable[str | os.PathLike[str]] = (),
) -> list[Path]:
    """Write the files of the ``coopnet analyze`` output contract into ``out``.

    ``actors.csv``, ``network.json``, ``groups.csv``, ``mixing.csv``, ``keyplayers.csv`` and, beyond
    the contract, ``missing_group_pairs.csv`` and ``bridges.csv``; the per-group permutation test is in
    ``groups.csv`` (``ei_expected``, ``ei_p_lower``, ``ei_p_upper``); ``periods.csv`` when
    ``periods`` (:func:`network_by_period`) is given. The CSV files are exact data for scripts:
    texts are written as they are (open them in a spreadsheet only through a text import, or
    write them with ``csv="excel-de"``: BOM, ``;``, decimal comma and spreadsheet-safe texts, for a
    German Excel; the report's ``tables/`` are the spreadsheet-safe tables).

    ``out`` is written as :func:`coopnet.outputs.output_folder` writes: a folder coopnet made
    before is replaced, a non-empty folder it did not make is refused unless ``overwrite``
    (files of the same names are then replaced, nothing else is deleted), and ``out`` may not
    be, contain or lie inside one of ``inputs`` (:class:`~coopnet.errors.OutputError`).
    With `study`, ``network.json`` also records the study's resolved options and their reasons
    (``study``), and ``network.gexf`` (:func:`gexf_dataset`: the network for Gephi, styled and
    laid out) and ``provenance.json`` (:func:`coopnet.provenance.provenance`, with
    `provenance_inputs` such as an options file hashed too) are written.
    """
    target = Path(out)
    record = None
    if study is not None:
        from coopnet.provenance import provenance

        record = provenance(study, extra_inputs=[Path(p) for p in provenance_inputs])
    with output_folder(target, command="analyze", inputs=inputs, overwrite=overwrite,
                       provenance=record) as folder:  # fmt: skip
        gexf = None
        if study is not None:
            from coopnet.metrics._workers import start_task

            shared_layout(study)  # here: a worker forked now must not read the layout's pipe
            period = result.options.get("period")
            gexf_file = folder / "network.gexf"
            # written by a forked worker while this process writes the tables (the same bytes)
            gexf = start_task(lambda: gexf_dataset(study, gexf_file, period=period).name)
        try:
            written = [p.name for p in _write_analysis_files(result, folder, study=study, csv=csv)]
            if periods is not None:
                write_csv(
                    periods, folder / "periods.csv", spreadsheet=False, index=True, dialect=csv
                )
                written.append("periods.csv")
            if gexf is not None:
                written += [gexf.result(), "provenance.json"]
        finally:
            if gexf is not None:
                gexf.close()
    return [target / name for name in written]


def _write_analysis_files(
    result: NetworkAnalysis,
    folder: Path,
    *,
    study: Study | None = None,
    csv: CsvDialect = "standard",
) -> list[Path]:
    network = {**result.network, "group": result.group, "options": result.options}
    network["estimation"] = result.estimation
    if study is not None:
        network["study"] = study.options.to_dict()

    def table(frame: pd.DataFrame, name: str, *, index: bool = False) -> Path:
        return write_csv(frame, folder / name, spreadsheet=False, index=index, dialect=csv)

    return [
        table(result.actors.reset_index(), "actors.csv"),
        write_json(network, folder / "network.json"),
        table(result.groups[list(GROUP_COLUMNS)], "groups.csv"),
        table(result.mixing, "mixing.csv", index=True),
        table(result.key_players, "keyplayers.csv"),
        table(result.missing_pairs, "missing_group_pairs.csv"),
        table(result.bridges, "bridges.csv"),
    ]


def gexf_dataset(
    study: Study,
    path: str | Path,
    *,
    period: str | None = None,
    size_by: str = "betweenness",
) -> Path:
    """Write one period's analysed network as GEXF for Gephi, styled as coopnet draws it.

    Every actor measure of :meth:`Study.analysis` is a node attribute; ``viz:color`` is the group
    colour of the figures and maps (:func:`coopnet.palette.group_colors` over the groups of all
    periods), ``viz:position`` the shared layout of all periods (:func:`coopnet.layout.union_layout`
    with the study's ``layout_seed``, the positions of the report's figures, times
    :data:`coopnet.export.GEXF_SCALE`), ``viz:size`` grows with the square root of `size_by`
    (area proportional, 10 to 50). ``coopnet analyze`` writes it as ``network.gexf``.
    """
    from coopnet.export import write_network_gexf
    from coopnet.layout import compute_layout
    from coopnet.palette import group_colors

    key = study.period_key(period)
    graph = study.graph(key)
    measures = study.analysis(key).actors
    _check_measure(measures, size_by)
    o = study.options
    positions = shared_layout(study)
    if any(str(n) not in positions for n in graph):
        positions = compute_layout(graph, seed=o.layout_seed)
    colors = None
    if o.group is not None:
        groups = {
            str(d.get(o.group)) for g in study.graphs().values() for _, d in g.nodes(data=True)
        }
        colors = group_colors(groups)
    values = pd.to_numeric(measures[size_by], errors="coerce").fillna(0.0).clip(lower=0.0)
    top = float(values.max()) if len(values) else 0.0
    sizes = {
        str(a): 10.0 + 40.0 * (float(v) / top) ** 0.5 if top > 0 else 10.0
        for a, v in values.items()
    }
    return write_network_gexf(
        graph,
        path,
        measures=measures,
        colors=colors,
        group=o.group,
        positions=positions,
        sizes=sizes,
        name=f"{study.name} {key}",
        description=f"coopnet analysis of {study.name}, period {key}",
    )


# ------------------------------------------------------------------------ figures and HTML
def _titles(lang: Lang) -> dict[str, str]:
    """The titles of ``coopnet plot`` / ``coopnet html`` (``plot.toml`` of the catalogue)."""
    return {k.split(".", 1)[1]: v for k, v in catalogue(lang).items() if k.startswith("plot.")}


def _pair(study: Study, before: str | None, after: str | None) -> tuple[str, str]:
    periods = study.net.periods
    if len(periods) < 2:
        raise GraphError(tr("errors.pipeline.needs_two_periods"))
    return before or periods[0], after or periods[-1]


def _check_measure(table: pd.DataFrame, size_by: str) -> None:
    if size_by not in table.columns or size_by == "label":
        numeric = [c for c in table.columns if c != "label"]
        raise GraphError(
            tr("errors.pipeline.unknown_measure", measure=size_by, measures=", ".join(numeric))
        )


def plot_dataset(
    study: Study,
    kind: FigureKind,
    *,
    period: str | None = None,
    before: str | None = None,
    after: str | None = None,
    size_by: str = "betweenness",
    top: int = 15,
) -> Figure:
    """Draw one figure of a study; the CLI's ``coopnet plot``.

    Parameters
    ----------
    study
        The study (:func:`coopnet.study`); its options give grouping, weights, language and
        the layout seed.
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

    o = study.options
    lang = o.lang
    t = _titles(lang)
    column = study.require_group(tr("errors.run.what.figures"))
    key = study.period_key(period)
    label = t["all"] if key == ALL else key
    names = {
        "name": study.name,
        "period": label,
        "group": column_label(column, lang, study.net.meta.labels),
        "measure": measure_label(size_by, lang),
    }
    if kind in ("network", "mixing", "ranking", "fragmentation"):
        graph = study.graph(key)
        if kind == "network":
            measures = study.actor_measures(key)
            _check_measure(measures, size_by)
            fig, _ = viz.plot_network(
                graph,
                group=column,
                size_by=measures[size_by],
                title=t["network"].format(**names),
                lang=lang,
                seed=o.layout_seed,
            )
        elif kind == "mixing":
            fig, _ = viz.plot_mixing_heatmap(
                mixing_matrix(graph, group=column, weight=o.weight),
                title=t["mixing"].format(**names),
                lang=lang,
            )
        elif kind == "ranking":
            measures = study.actor_measures(key)
            _check_measure(measures, size_by)
            fig, _ = viz.plot_ranking(
                measures[size_by],
                labels={str(k): str(v) for k, v in measures["label"].items()},
                top=top,
                title=t["ranking"].format(**names),
                xlabel=names["measure"],
                lang=lang,
            )
        else:
            k = max(1, min(max(o.key_players, 5), graph.number_of_nodes() - 2))
            curve = fragmentation_curve(graph, k=k)
            labels = {a: graph.nodes[a].get("label", a) for a in graph}
            fig, _ = viz.plot_fragmentation_curve(
                curve, labels=labels, title=t["fragmentation"].format(**names), lang=lang
            )
        return fig
    if kind == "periods":
        graphs = study.graphs()
        sizes = {}
        for p in graphs:
            measures = study.actor_measures(p)
            _check_measure(measures, size_by)
            sizes[p] = measures[size_by]
        fig, _ = viz.plot_periods(
            graphs,
            group=column,
            size_by=sizes,
            title=t["periods"].format(**names),
            lang=lang,
            seed=o.layout_seed,
        )
        return fig
    if kind == "difference":
        b, a = _pair(study, before, after)
        fig, _ = viz.plot_difference(
            study.graph(b),
            study.graph(a),
            labels=(b, a),
            group=column,
            title=t["difference"].format(before=b, after=a, **names),
            lang=lang,
            seed=o.layout_seed,
        )
        return fig
    if kind == "ei":
        table = ei_by_period(study)
        fig, _ = viz.plot_ei_over_periods(table, title=t["ei"].format(**names), lang=lang)
        return fig
    raise GraphError(tr("errors.pipeline.unknown_figure", kind=kind, kinds=", ".join(FIGURE_KINDS)))


def ei_by_period(study: Study) -> pd.DataFrame:
    """E-I index per group (rows) and period (columns, in order), plus the row ``overall``."""
    column = study.require_group(tr("errors.run.what.ei_index"))
    weight = study.options.weight
    columns = {}
    for p, graph in study.graphs().items():
        table = group_table(graph, group=column, weight=weight)["ei_index"]
        table.loc["overall"] = ei_index(graph, group=column, weight=weight)
        columns[p] = table
    frame = pd.DataFrame(columns)
    frame.index.name = "group"
    return frame


def _html_spec(
    study: Study,
    *,
    period: str | None,
    before: str | None,
    after: str | None,
    size_by: str,
    recommend: int = 0,
    all_periods: bool = False,
) -> tuple[Literal["network", "comparison", "periods"], Any, dict[str, Any]]:
    """The kind of a study's map, its graph(s) and the page options.

    ``"network"``: one graph; ``"comparison"``: ``(before, after)``; ``"periods"``:
    ``{period: graph}`` for :func:`coopnet.interactive.periods_html`.
    """
    o = study.options
    t = _titles(o.lang)
    column = study.require_group(tr("errors.run.what.map"))
    paired = before is not None or after is not None
    if all_periods and (paired or period is not None or recommend > 0):
        raise GraphError(tr("errors.pipeline.all_periods_alone"))
    if paired and recommend > 0:
        raise GraphError(tr("errors.pipeline.recommend_one_period"))
    if all_periods:
        periods = study.net.periods
        if not periods:
            raise GraphError(tr("errors.pipeline.all_periods_none"))
        tables = {p: study.actor_measures(p) for p in periods}
        _check_measure(tables[periods[-1]], size_by)
        title = t["periods"].format(name=study.name)
        return "periods", {p: study.graph(p) for p in periods}, {
            "group": column, "measures": tables, "size_by": size_by, "lang": o.lang,
            "seed": o.layout_seed, "title": title,
        }  # fmt: skip
    if paired:
        b, a = _pair(study, before, after)
        measures = study.actor_measures(a)
        _check_measure(measures, size_by)
        title = t["difference"].format(name=study.name, before=b, after=a)
        return "comparison", (study.graph(b), study.graph(a)), {
            "labels": (b, a), "group": column, "measures": measures, "size_by": size_by,
            "lang": o.lang, "seed": o.layout_seed, "title": title,
        }  # fmt: skip
    key = study.period_key(period)
    measures = study.actor_measures(key)
    _check_measure(measures, size_by)
    label = t["all"] if key == ALL else key
    title = t["network"].format(name=study.name, period=label)
    proposed = None
    if recommend > 0:
        from coopnet.diagnose import find_remedies

        remedies = find_remedies(study, period=key, k=recommend)
        proposed = [p.recommendation for p in remedies.proposals()]
    return "network", study.graph(key), {
        "group": column, "measures": measures, "size_by": size_by, "lang": o.lang,
        "seed": o.layout_seed, "title": title, "proposed": proposed,
    }  # fmt: skip


def html_page(
    study: Study,
    *,
    period: str | None = None,
    before: str | None = None,
    after: str | None = None,
    size_by: str = "betweenness",
    recommend: int = 0,
    all_periods: bool = False,
) -> str:
    """The interactive, self-contained HTML page of a study (what :func:`html_dataset` writes).

    With ``before``/``after`` the comparison page (ties kept / added / removed, period switcher);
    otherwise one period (``None``: all pooled). Nodes are sized by ``size_by`` and the tooltips list
    the main actor measures. ``recommend`` > 0 adds the switch "Vorgeschlagene Verbindungen
    zeigen": up to that many recommended new ties per objective that improves
    (:func:`coopnet.diagnose.find_remedies`, as the report's "Empfehlungen"), dashed; one period
    only. ``all_periods`` puts every period on one page with a period slider and one layout
    (:func:`coopnet.interactive.periods_html`; each period sized by its own measures).
    :func:`coopnet.show` wraps it for notebooks.
    """
    from coopnet import interactive

    kind, graphs, options = _html_spec(
        study, period=period, before=before, after=after, size_by=size_by, recommend=recommend,
        all_periods=all_periods,
    )  # fmt: skip
    if kind == "periods":
        return interactive.periods_html(graphs, **options)
    if kind == "comparison":
        return interactive.comparison_html(graphs[0], graphs[1], **options)
    return interactive.network_html(graphs, **options)


def html_dataset(
    study: Study,
    path: str | Path,
    *,
    period: str | None = None,
    before: str | None = None,
    after: str | None = None,
    size_by: str = "betweenness",
    overwrite: bool = False,
    recommend: int = 0,
    all_periods: bool = False,
) -> Path:
    """Write the interactive, self-contained HTML graph of a study; the CLI's ``coopnet html``.

    The page is :func:`html_page` (same options). ``path`` must end in ``.html``; it may not
    replace the dataset, lie inside its folder, or replace a file coopnet did not make unless
    ``overwrite`` (:func:`coopnet.interactive.write_network_html`).
    """
    from coopnet import interactive

    kind, graphs, options = _html_spec(
        study, period=period, before=before, after=after, size_by=size_by, recommend=recommend,
        all_periods=all_periods,
    )  # fmt: skip
    inputs = study.inputs
    if kind == "periods":
        return interactive.write_periods_html(
            graphs, path, overwrite=overwrite, inputs=inputs, **options
        )
    if kind == "comparison":
        return interactive.write_comparison_html(
            graphs[0], graphs[1], path, overwrite=overwrite, inputs=inputs, **options
        )
    return interactive.write_network_html(
        graphs, path, overwrite=overwrite, inputs=inputs, **options
    )
