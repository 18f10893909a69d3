"""One command, one folder: the report an analyst hands to a municipality.

:func:`build_report` runs the whole analysis of a dataset — measures per period, period
comparison, diagnosis, figures, interactive maps — and writes one folder::

    REPORT/index.html                  the report (offline, printable; links the files below)
    REPORT/report.html                 the same report as one file to send (figures embedded)
    REPORT/report.pdf                  the same report as PDF (``pdf=True``; needs Chromium)
    REPORT/findings.md, findings.json  the topics and ranked findings, each linked to the
                                       recommended new tie that addresses it
                                       (coopnet.diagnose.write_findings_files)
    REPORT/network_<period>.html       interactive map of each period (offline)
    REPORT/comparison_<a>_<b>.html     interactive comparison of consecutive periods (and first
                                       vs last for three or more periods)
    REPORT/tables/<name>.csv           every table; REPORT/tables/tables.xlsx: one sheet per table
    REPORT/figures/<name>.png|.svg     every figure

The folder is written through :func:`coopnet.outputs.output_folder`: it is built next to its
destination (``.<name>.partial``) and put in place only when everything was written, so a failed
or interrupted run never leaves a half-written report; a manifest (``.coopnet-manifest.json``)
lists the files written, and a later report replaces only those. A folder coopnet did not make
is refused unless ``overwrite=True``, the input is never written into or replaced, and two runs
to one folder cannot mix (a lock). Periods get unique file names
(:func:`coopnet.outputs.unique_names`: ``2016/17`` and ``2016_17`` do not share a page). The
same data and ``config.seed`` give the same tables,
findings, ``index.html`` and ``report.html`` byte for byte; PNG/SVG files (and so the figures
embedded in ``report.html``) depend on the installed fonts and matplotlib version, and the PDF
carries Chromium's creation date.

The page leads with "Das Wichtigste in Kürze": the most urgent topics of the diagnosis
(:attr:`coopnet.diagnose.Diagnosis.topics`) with the number behind each and a link to its
detail, and one figure; ``top`` topics follow in detail, then "Empfehlungen": the new ties
that would close the gaps of the last period (:func:`coopnet.diagnose.find_remedies`, at most
:data:`RECOMMENDATIONS` per objective; ``tables/recommendations.csv``; dashed in that period's
interactive map). The rest of the topics and every single finding are in the appendix.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import pandas as pd

from coopnet.compare import MultiPeriodComparison, compare_all
from coopnet.config import AnalysisConfig
from coopnet.diagnose import Diagnosis, Remedies, diagnose, find_remedies, write_findings_files
from coopnet.interactive import write_comparison_html, write_network_html
from coopnet.layout import layout_started, shared_layout
from coopnet.messages import step
from coopnet.metrics import NetworkAnalysis, fragmentation_curve
from coopnet.metrics._workers import Helper
from coopnet.model import CooperationNetwork
from coopnet.outputs import output_folder, pair_names, unique_names
from coopnet.palette import STYLES_REPEAT, group_styles
from coopnet.provenance import provenance
from coopnet.recommend import Recommendation
from coopnet.report.figures import ReportFigure, draw_figures
from coopnet.report.html import SECTIONS, ReportData, render_index
from coopnet.report.pdf import print_pdf
from coopnet.report.recommendations import recommendations_table
from coopnet.report.summary import DEFAULT_TOP, KEY_MESSAGES
from coopnet.report.tables import (
    comparison_tables,
    data_tables,
    findings_table,
    key_figures,
    period_tables,
    ties_by_type_and_period,
    write_tables,
)
from coopnet.report.texts import column_name, word
from coopnet.run import Study
from coopnet.run import study as open_study
from coopnet.spreadsheet import CsvDialect

if TYPE_CHECKING:  # coopnet.atlas draws figures (matplotlib): imported only with peers
    from coopnet.atlas import PeerPosition

__all__ = [
    "CURVE_STEPS",
    "DEFAULT_TOP",
    "KEY_MESSAGES",
    "RECOMMENDATIONS",
    "SECTIONS",
    "ReportFigure",
    "build_report",
]

log = logging.getLogger(__name__)

Progress = Callable[[str], None]

CURVE_STEPS: Final = 5
"""Removal steps of the fragmentation curve (at least ``config.key_players``)."""

RECOMMENDATIONS: Final = 3
"""New ties recommended per objective in the section "Empfehlungen" (and for single gaps)."""


def build_report(
    study: Study | CooperationNetwork | str | os.PathLike[str],
    out_dir: str | os.PathLike[str],
    *,
    config: AnalysisConfig | None = None,
    progress: Progress | None = None,
    overwrite: bool = False,
    peers: str | os.PathLike[str] | pd.DataFrame | None = None,
    top: int = DEFAULT_TOP,
    pdf: bool = False,
    csv: CsvDialect = "standard",
) -> Path:
    """Analyse a dataset and write the complete report folder.

    Parameters
    ----------
    study
        The study to report (:func:`coopnet.study`), or a loaded dataset or the path of one
        (folder, ``.xlsx``, GraphML, GEXF, matrix CSV), which is loaded, validated and opened as
        a study with `config` first.
    out_dir
        The report folder to create (e.g. ``reports/musterstadt``). Its parent is created if
        needed. An earlier report there (a folder with coopnet's manifest) is replaced when
        the new one is complete; files a user added to it are kept.
    config
        Analysis options when `study` is not a :class:`~coopnet.run.Study` yet: grouping column,
        direction, weights, number of key players, permutations, seeds and the report language
        (``lang``: ``"de"`` default, or ``"en"``).
    progress
        Called with a short message before each step (``"loading data"``, ``"measures 2016"``,
        ``"comparing periods"``, ``"diagnosis"``, ``"recommendations"``, ``"key players 2016"``, ``"figures 2016"``,
        ``"interactive maps"``, ``"tables"``, ``"report page"``, ``"PDF"``).
    overwrite
        Also write into a non-empty folder that coopnet did not make: files of the same names
        are replaced, nothing else in it is deleted.
    peers
        A ``municipalities.csv`` of ``coopnet batch`` (or its DataFrame): adds the section
        "Im Vergleich mit den anderen N Kommunen" (:func:`coopnet.report.peers.peer_section`,
        computed by :func:`coopnet.atlas.compare_study`) and ``tables/peers.csv``.
    top
        Topics of the diagnosis shown in detail in the main text (default
        :data:`DEFAULT_TOP`); the others are listed in the appendix, every finding is in the
        appendix and in ``findings.json``.
    pdf
        Also print ``report.pdf`` with a headless Chromium. Without Chromium (or if printing
        fails) the report is written without it and a warning says why.
    csv
        Dialect of the CSV tables (:func:`coopnet.spreadsheet.write_csv`): ``"excel-de"`` for a
        German Excel (``tables/tables.xlsx`` is written either way).

    Returns
    -------
    pathlib.Path
        The report folder (``out_dir``).

    Raises
    ------
    InputError
        If `study` is a path to invalid data (every problem listed); nothing is written.
    GraphError
        No grouping column, or a failed precondition of a measure; nothing is written.
    OutputError
        ``out_dir`` is, contains or lies inside the input; it is a non-empty folder coopnet did
        not make (and ``overwrite`` is false); another run is writing it. Nothing is written.

    Notes
    -----
    Measures are those of the study (symmetrised ties unless it analyses the nominations), per
    period (all periods pooled as ``"all"`` when the data have none); every graph is built and
    every analysis computed once. The period comparison (:func:`coopnet.compare.compare_all`)
    and the persistence of the crisis structures need two and three periods. Every actor label
    is HTML-escaped in ``index.html``.

    Examples
    --------
    >>> from coopnet.report import build_report
    >>> folder = build_report("data/musterstadt", "reports/musterstadt")  # doctest: +SKIP
    """
    say: Progress = progress or (lambda message: None)
    if not isinstance(study, Study):
        if not isinstance(study, CooperationNetwork):
            say(step("progress.report.loading"))
        study = open_study(study, config)
    elif config is not None:
        raise TypeError("give either a Study or config, not both (the study has its options)")
    if top < 1:
        raise ValueError(f"top must be at least 1, got {top}")
    lang = study.options.lang
    column = study.group  # None: the group sections give Study.group_measures_note instead
    position: PeerPosition | None = None
    if peers is not None:
        from coopnet.atlas import compare_study

        position = compare_study(study, peers)
    target = Path(out_dir)
    # the figures' and maps' layout is computed on a core the measures leave idle
    with layout_started(study), _once(STYLES_REPEAT), output_folder(
        target, command="report", inputs=study.inputs, overwrite=overwrite,
        provenance=provenance(study),  # command, options, versions, input hashes
    ) as building:  # fmt: skip
        _build(study, building, column=column, say=say, peers=position, top=top, pdf=pdf,
               csv=csv)  # fmt: skip
    log.info("report written to %s (%s)", target, lang)
    return target


class _Once(logging.Filter):
    """Let the first log record of each of `keys` pass (its ``key`` attribute), drop repeats."""

    def __init__(self, keys: frozenset[str]) -> None:
        super().__init__()
        self.keys, self.seen = keys, set[str]()

    def filter(self, record: logging.LogRecord) -> bool:
        key = getattr(record, "key", None)
        if key not in self.keys:
            return True
        if key in self.seen:
            return False
        self.seen.add(key)
        return True


@contextmanager
def _once(*keys: str) -> Iterator[None]:
    """Within the block, log each warning of `keys` once (every map and figure of a report
    styles its groups; that the styles repeat is said once per report, not once per page)."""
    target = logging.getLogger("coopnet.palette")
    once = _Once(frozenset(keys))
    target.addFilter(once)
    try:
        yield
    finally:
        target.removeFilter(once)


def _build(
    study: Study,
    folder: Path,
    *,
    column: str | None,
    say: Progress,
    top: int,
    pdf: bool,
    peers: PeerPosition | None = None,
    csv: CsvDialect = "standard",
) -> None:
    """Compute everything and write the report files into ``folder``.

    The figures and the maps are handed to a :class:`~coopnet.metrics._workers.Helper`, a
    process forked before the measures (it imports matplotlib meanwhile; only it draws),
    while this process diagnoses, recommends and writes the tables; the maps are written by
    whichever process is free first. The parts write different files and share nothing but
    what was computed before them, so the report is the same whoever wrote what.
    """
    net, options = study.net, study.options
    lang = options.lang
    graphs = study.graphs()
    if column is not None:  # said once, before the helper is forked: every page styles groups
        group_styles({str(d[column]) for g in graphs.values() for _, d in g.nodes(data=True)},
                     lang=lang)  # fmt: skip
    with Helper(study, prepare=_prepare_drawing) as helper:
        analyses = study.analyses(progress=say)
        names = unique_names(tuple(graphs))  # file-name part of each period
        comparison: MultiPeriodComparison | None = None
        if len(net.periods) >= 2:
            say(step("progress.report.compare"))
            comparison = compare_all(study)
        curves: dict[str, pd.DataFrame] = {}
        for period, graph in graphs.items():
            say(step("progress.report.key_players", period=period))
            steps = min(max(CURVE_STEPS, options.key_players), graph.number_of_nodes() - 2)
            if steps >= 1:
                curves[period] = fragmentation_curve(graph, k=steps, arrays=study.arrays(period))
        positions = shared_layout(study)  # started in a worker by build_report
        for period in graphs:
            say(step("progress.report.figures", period=period))
        group_label = column_name(column, lang, net.meta.labels) if column is not None else ""
        drawn = helper.submit(_draw_figures, folder, analyses, comparison, curves, positions,
                              column, group_label, take_back=False)  # fmt: skip

        say(step("progress.report.diagnosis"))
        diagnosis = diagnose(study)
        say(step("progress.report.recommendations"))
        remedies = find_remedies(study, findings=diagnosis.findings, k=RECOMMENDATIONS)
        diagnosis = diagnosis.with_remedies(remedies)
        say(step("progress.report.maps"))
        pairs = [] if comparison is None else [
            (p.before, p.after) for p in (*comparison.pairs, *filter(None, [comparison.overall]))
        ]  # fmt: skip
        maps = helper.submit(
            _write_maps, folder, {p: a.actors for p, a in analyses.items()}, positions, names,
            pairs, [p.recommendation for p in remedies.proposals()], remedies.period, column,
        )  # fmt: skip
        say(step("progress.report.tables"))
        summary, tables = _write_tables(
            study, folder, analyses=analyses, comparison=comparison, diagnosis=diagnosis,
            curves=curves, names=names, peers=peers, remedies=remedies, csv=csv,
        )  # fmt: skip
        network_pages, comparison_pages = maps.result()
        figures = drawn.result()

    say(step("progress.report.page"))
    data = ReportData(
        study=study, group=column, summary=summary, tables=tables,
        analyses=analyses, comparison=comparison, diagnosis=diagnosis, figures=tuple(figures),
        network_pages=network_pages, comparison_pages=tuple(comparison_pages), top=top,
        peers=peers,
    )  # fmt: skip
    (folder / "index.html").write_text(
        render_index(data, folder=folder), encoding="utf-8", newline="\n"
    )
    single = folder / "report.html"
    single.write_text(render_index(data, folder=folder, embed=True), encoding="utf-8",
                      newline="\n")  # fmt: skip
    if pdf:
        say(step("progress.report.pdf"))
        reason = print_pdf(single, folder / "report.pdf")
        if reason is not None:
            log.warning(word("pdf_skipped", lang, reason=reason))


def _prepare_drawing() -> None:
    """What the helper of :func:`_build` imports while the measures are computed."""
    import coopnet.viz  # noqa: F401  (matplotlib)


def _draw_figures(
    study: Study,
    folder: Path,
    analyses: Mapping[str, NetworkAnalysis],
    comparison: MultiPeriodComparison | None,
    curves: Mapping[str, pd.DataFrame],
    positions: Mapping[str, Sequence[float]],
    column: str | None,
    group_label: str,
) -> list[ReportFigure]:
    """A job of :func:`_build`'s helper: every figure (:func:`~.figures.draw_figures`)."""
    options = study.options
    return draw_figures(
        folder, graphs=study.graphs(), analyses=analyses, comparison=comparison, curves=curves,
        positions=positions, group=column, lang=options.lang, seed=options.layout_seed,
        say=lambda message: None, group_label=group_label,
    )  # fmt: skip


def _write_maps(
    study: Study,
    folder: Path,
    measures: Mapping[str, pd.DataFrame],
    positions: Mapping[str, Sequence[float]],
    names: Mapping[str, str],
    pairs: Sequence[tuple[str, str]],
    proposed: Sequence[Recommendation],
    proposed_period: str | None,
    column: str | None,
) -> tuple[dict[str, str], list[tuple[str, str, str]]]:
    """A job of :func:`_build`'s helper: the interactive map of each period (with the new
    ties recommended for `proposed_period` dashed) and of each compared pair of periods;
    returns their file names."""
    net, options = study.net, study.options
    lang, graphs = options.lang, study.graphs()
    network_pages: dict[str, str] = {}
    for period, graph in graphs.items():
        name = f"network_{names[period]}.html"
        title = word("fig_network", lang, period=period if period != "all" else "").strip()
        write_network_html(
            graph, folder / name, group=column, measures=measures[period],
            size_by="betweenness", title=f"{title} – {net.name}", positions=positions,
            lang=lang, seed=options.layout_seed,
            proposed=proposed if period == proposed_period else None,
        )  # fmt: skip
        network_pages[period] = name
    comparison_pages: list[tuple[str, str, str]] = []
    pair_files = pair_names(list(pairs), names)
    for before, after in pairs:
        name = f"comparison_{pair_files[(before, after)]}.html"
        title = word("fig_difference", lang, a=before, b=after)
        write_comparison_html(
            graphs[before], graphs[after], folder / name, labels=(before, after),
            group=column, measures=measures[after], size_by="betweenness",
            title=f"{title} – {net.name}", positions=positions, lang=lang,
            seed=options.layout_seed,
        )  # fmt: skip
        comparison_pages.append((before, after, name))
    return network_pages, comparison_pages


def _write_tables(
    study: Study,
    folder: Path,
    *,
    analyses: Mapping[str, NetworkAnalysis],
    comparison: MultiPeriodComparison | None,
    diagnosis: Diagnosis,
    curves: Mapping[str, pd.DataFrame],
    names: Mapping[str, str],
    peers: PeerPosition | None,
    remedies: Remedies,
    csv: CsvDialect,
) -> tuple[dict[str, Any], dict[str, pd.DataFrame]]:
    """Write the tables and the findings files into ``folder``; return the summary and tables."""
    net, lang = study.net, study.options.lang
    summary = study.summary()
    tables = data_tables(summary, net.report)
    tables["ties_by_type_and_period"] = ties_by_type_and_period(net.ties, net.periods)
    tables["key_figures"] = key_figures(analyses)
    for period, analysis in analyses.items():
        tables.update(period_tables(period, analysis, curves.get(period), name=names[period]))
    if comparison is not None:
        tables.update(comparison_tables(comparison, names=names))
    tables["findings"] = findings_table(diagnosis)
    tables["recommendations"] = recommendations_table(remedies, lang=lang)
    if peers is not None:
        tables["peers"] = peers.table.reset_index()
    write_tables(tables, folder / "tables", csv=csv)
    write_findings_files(diagnosis, folder, lang=lang)
    return summary, tables
