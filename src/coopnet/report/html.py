"""Render the report page: ``index.html`` (linked figures) and ``report.html`` (one file).

The page inlines its CSS (``coopnet/assets/report.css``), loads no script and nothing from the
network (a Content Security Policy forbids it). ``index.html`` shows figures as ``<img>`` of the
PNG files under ``figures/`` and links the interactive maps; ``report.html`` embeds every figure
as a ``data:`` URI and names the other files instead of linking them, so it can be e-mailed
alone. Every text that comes from the data — actor labels, group names, periods, file names,
finding statements — passes through :func:`coopnet.textsafe.html_text`; labels are untrusted.

The page starts with "Das Wichtigste in Kürze" (:mod:`coopnet.report.summary`), then the
topics of the diagnosis in detail, the recommended new ties ("Empfehlungen",
:mod:`coopnet.report.recommendations`), the key figures, figures, interactive maps, key actors, the
comparison of periods, the data and how they were checked, the methods, and an appendix with
every single finding.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import pandas as pd

from coopnet.compare import MultiPeriodComparison
from coopnet.diagnose import Diagnosis
from coopnet.lang import catalogue, counted, number, text
from coopnet.metrics import GROUP_NETWORK_KEYS, NetworkAnalysis
from coopnet.model import UNKNOWN_GROUP, CooperationNetwork
from coopnet.outputs import unique_names
from coopnet.report.figures import ReportFigure
from coopnet.report.page import Html, Page, esc, fmt, section, table
from coopnet.report.peers import SECTION_ID, peer_section
from coopnet.report.recommendations import recommendations_section
from coopnet.report.summary import (
    DEFAULT_TOP,
    RemedyLinks,
    appendix_section,
    findings_section,
    summary_section,
)
from coopnet.report.texts import (
    KEY_FIGURES,
    METHOD_BLOCKS,
    TOP_MEASURES,
    Lang,
    column_name,
    measure_definition,
    measure_name,
    measure_source,
    word,
)
from coopnet.run import Study, StudyOptions

if TYPE_CHECKING:  # coopnet.atlas draws figures (matplotlib): imported only with peers
    from coopnet.atlas import PeerPosition

__all__ = ["SECTIONS", "ReportData", "fmt", "problem_text", "render_index"]

SECTIONS: Final = (
    "summary", "findings", "recommendations", "key-figures", "figures", "interactive", "key-actors", "comparison",
    "data", "methods", "appendix",
)  # fmt: skip
"""Ids of the sections of the page, in order."""

MAX_ISSUES: Final = 20
"""Validation warnings listed in the page (all are in ``tables/validation_issues.csv``)."""

NO_TYPE: Final = "(none)"
"""How the tables name tie rows without a kind of cooperation (shown as "(ohne Angabe)")."""

_COUNT_KEYS: Final = frozenset({"n_actors", "n_ties", "components", "n_communities"})
_INT_MEASURES: Final = frozenset({"degree", "broker_total"})
_CSP: Final = (
    "default-src 'none'; img-src 'self' file: data:; style-src 'unsafe-inline'; "
    "frame-src 'self' file:; base-uri 'none'; form-action 'none'"
)
_CSP_SINGLE: Final = (
    "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; "
    "form-action 'none'"
)
_FIGURE_ORDER: Final = ("network", "periods", "ei", "mixing", "fragmentation", "ranking")


@dataclass(frozen=True)
class ReportData:
    """Everything the page shows (computed by :func:`coopnet.report.build_report`)."""

    study: Study
    group: str | None
    summary: Mapping[str, Any]
    tables: Mapping[str, pd.DataFrame]
    analyses: Mapping[str, NetworkAnalysis]
    comparison: MultiPeriodComparison | None
    diagnosis: Diagnosis
    figures: tuple[ReportFigure, ...]
    network_pages: Mapping[str, str]
    comparison_pages: tuple[tuple[str, str, str], ...]
    top: int = DEFAULT_TOP
    peers: PeerPosition | None = None

    @property
    def net(self) -> CooperationNetwork:
        """The dataset."""
        return self.study.net

    @property
    def options(self) -> StudyOptions:
        """The resolved options of the study."""
        return self.study.options

    def column(self, column: str, lang: Lang) -> str:
        """Display name of an actor column (the dataset's ``[labels]``, then the defaults)."""
        return column_name(column, lang, self.net.meta.labels)


# ----------------------------------------------------------------------------------------------
# header
# ----------------------------------------------------------------------------------------------
def _labels(data: ReportData) -> dict[str, str]:
    actors = data.net.actors
    return {str(a): str(lab) for a, lab in zip(actors["id"], actors["label"], strict=True)}


def _value(value: object, lang: Lang) -> str:
    """A category of the data as shown: the placeholders for missing values in the language."""
    if value == NO_TYPE:
        return word("value_none", lang)
    if value == UNKNOWN_GROUP:
        return word("value_unknown", lang)
    return str(value)


def _kind(data: ReportData, lang: Lang) -> str:
    if data.options.directed:
        return word("directed", lang)
    if data.net.directed:
        rule = catalogue(lang).get(f"report.rule.{data.net.meta.symmetrise}",
                                   data.net.meta.symmetrise)  # fmt: skip
        return word("symmetrised", lang, rule=rule)
    return word("undirected", lang)


def _options_line(data: ReportData, lang: Lang) -> str:
    cfg = data.options
    return word(
        "options", lang, group=data.column(data.group, lang) if data.group else "–",
        direction=_kind(data, lang),
        weighting=word("weighted" if cfg.weighted else "unweighted", lang), seed=cfg.seed,
        n_permutations=fmt(cfg.n_permutations, lang),
    )  # fmt: skip


def _header(data: ReportData, lang: Lang, version: str) -> str:
    s = data.summary
    d = data.diagnosis
    rate = s.get("response_rate")
    high = sum(1 for t in d.topics if t.severity == "high")
    facts = [
        (word("n_actors", lang), fmt(s["n_actors"], lang)),
        (word("periods", lang), esc(", ".join(s["periods"]) or word("none", lang))),
        (word("nominations", lang), fmt(s["n_tie_rows"], lang)),
        (word("response_rate", lang), fmt(rate, lang, percent=True) if rate is not None else "–"),
        (word("findings", lang),
         f"{fmt(len(d.topics), lang)} ({esc(catalogue(lang)['diagnose.severity.high'])}: "
         f"{fmt(high, lang)})"),
    ]  # fmt: skip
    cards = "".join(f"<div><dt>{esc(k)}</dt><dd>{v}</dd></div>" for k, v in facts)
    desc = data.net.meta.description
    return (
        '<header class="cover">\n'
        f'<p class="kicker">{esc(word("subtitle", lang))}</p>\n'
        f"<h1>{esc(word('title', lang, name=data.net.name))}</h1>\n"
        + (f'<p class="description">{esc(desc)}</p>\n' if desc else "")
        + f'<dl class="facts">{cards}</dl>\n'
        f'<p class="meta">{esc(_options_line(data, lang))} · '
        f"{esc(word('generated', lang, version=version))}</p>\n"
        f'<p class="note">{esc(word("synthetic_note", lang))}</p>\n'
        "</header>"
    )


def _toc(lang: Lang, sections: Sequence[str]) -> str:
    def label(sid: str) -> str:  # the peer section's title is in the atlas catalogue
        return text("atlas.report.toc", lang) if sid == SECTION_ID else word(sid, lang)

    items = "".join(f'<li><a href="#{sid}">{esc(label(sid))}</a></li>' for sid in sections)
    return (
        f'<nav class="toc" aria-label="{esc(word("contents", lang))}">'
        f"<h2>{esc(word('contents', lang))}</h2><ol>{items}</ol></nav>"
    )


# ----------------------------------------------------------------------------------------------
# the data and their validation
# ----------------------------------------------------------------------------------------------
def problem_text(code: str, lang: Lang) -> str:
    """The description of a validation problem code in `lang` (a generic one if unknown)."""
    return catalogue(lang).get(f"report.problem.{code}", word("problem_other", lang))


def _validation(data: ReportData, lang: Lang) -> list[str]:
    report = data.net.report
    c = report.counts

    def n(key: str, count: int) -> str:
        return counted(int(count), f"report.counts.{key}", lang)

    parts = [f"<h3>{esc(word('validation', lang))}</h3>"]
    parts.append("<p>" + esc(word(
        "validation_counts", lang, actor_rows=n("actor_rows", c.get("actor_rows", 0)),
        tie_rows=n("tie_rows", c.get("tie_rows", 0)),
        self_ties=n("self_ties", c.get("self_ties_dropped", 0)),
        dup_ties=n("dup_ties", c.get("duplicate_ties_merged", 0)),
        dup_actors=n("dup_actors", c.get("duplicate_actor_rows_merged", 0)),
        warnings=n("warnings", len(report.warnings)),
    )) + "</p>")  # fmt: skip
    read = report.mapping(lang)  # what was read as what (files, columns, codes, direction)
    if read:
        items = "".join(f"<li>{esc(line)}</li>" for line in read)
        parts.append(f"<p>{esc(text('data.read_title', lang))}:</p><ul>{items}</ul>")
    notes = report.notes_in(lang)
    if notes:
        items = "".join(f"<li>{esc(n)}</li>" for n in notes)
        parts.append(f"<p>{esc(word('notes', lang))}:</p><ul>{items}</ul>")
    warnings = report.warnings
    if warnings:
        rows = [[problem_text(p.code, lang), Html(f"<code>{esc(p.file)}</code>" if p.file else ""),
                 p.row if p.row is not None else None,
                 Html(f"<code>{esc(p.column)}</code>" if p.column else ""), p.value or ""]
                for p in warnings[:MAX_ISSUES]]  # fmt: skip
        headers = [word(k, lang) for k in ("code", "file", "row", "column", "value")]
        parts.append(table(headers, rows, lang, cls="issues"))
        if len(warnings) > MAX_ISSUES:
            more = word("validation_more", lang, n=fmt(len(warnings) - MAX_ISSUES, lang))
            parts.append(f'<p class="small">{esc(more)}</p>')
    return parts


def _data(data: ReportData, lang: Lang) -> str:
    s, t = data.summary, data.tables
    types = ", ".join(_value(v, lang) for v in s["tie_types"])
    parts = [
        "<dl class=\"kv\">",
        # the dataset's name, not the path as typed: local folder names stay with the analyst
        f"<dt>{esc(word('source', lang))}</dt><dd><code>{esc(data.net.name)}</code></dd>",
        f"<dt>{esc(word('periods', lang))}</dt>"
        f"<dd>{esc(', '.join(s['periods']) or word('none', lang))}</dd>",
        f"<dt>{esc(word('tie_types', lang))}</dt><dd>{esc(types or word('none', lang))}</dd>",
        f"<dt>{esc(word('response_rate', lang))}</dt><dd>"
        + (fmt(s["response_rate"], lang, percent=True) if s["response_rate"] is not None
           else esc(word("response_rate_na", lang)))
        + "</dd></dl>",
    ]  # fmt: skip
    grid = []
    names = unique_names(s["actors_by"])  # as coopnet.report.tables.data_tables names them
    for column in s["actors_by"]:
        frame = t[f"actors_by_{names[column]}"]
        rows: list[Sequence[Any]] = [(_value(v, lang), int(n), Html(fmt(sh, lang, percent=True)))
                for v, n, sh in frame.itertuples(index=False)]  # fmt: skip
        name = data.column(column, lang)
        grid.append(table([name, word("count", lang), word("share", lang)], rows, lang,
                          caption=word("actors_by", lang, column=name)))  # fmt: skip
    parts.append('<div class="grid">' + "".join(grid) + "</div>")
    kind = _kind(data, lang)
    periods = t["ties_by_period"]
    keys = ["period", "actors", "ties", "nominations", "isolates", "reciprocity",
            "unreciprocated", "unobserved_dyads"]  # fmt: skip
    rows = [[str(r["period"]), *[r[k] for k in keys[1:]]] for r in periods.to_dict("records")]
    ties = word("arcs" if data.net.directed else "ties", lang)
    headers = [ties if k == "ties" else word(k, lang) for k in keys]
    parts.append(table(headers, rows, lang, caption=word("ties_by_period", lang)))
    note = word("ties_by_period_note", lang, kind=kind, ties=ties)
    parts.append(f'<p class="small">{esc(note)}</p>')
    by_type = t["ties_by_type_and_period"]
    headers = [word("type", lang), *[str(c) for c in by_type.columns[1:-1]], word("total", lang)]
    rows = [[_value(r[0], lang), *[int(v) for v in r[1:]]]
            for r in by_type.itertuples(index=False)]  # fmt: skip
    parts.append(table(headers, rows, lang, caption=word("types_by_period", lang)))
    parts += _validation(data, lang)
    return section("data", lang, "\n".join(parts))


# ----------------------------------------------------------------------------------------------
# measures, figures, maps
# ----------------------------------------------------------------------------------------------
_GROUP_KEY_FIGURES: Final = frozenset(GROUP_NETWORK_KEYS)
"""Key figures that need a grouping column (left out, not shown as "–", without one)."""


def _key_figures(data: ReportData, lang: Lang) -> str:
    frame = data.tables["key_figures"].set_index("measure")
    rows = []
    for key in KEY_FIGURES:
        if key == "reciprocity" and not data.options.directed:
            continue  # 1 by construction on symmetrised ties; the data summary shows it
        if key in _GROUP_KEY_FIGURES and not data.study.has_groups:
            continue  # no grouping column: the note above the summary says so once
        title = measure_definition(key, lang)
        head = Html(f'<span title="{esc(title)}">{esc(measure_name(key, lang))}</span>')
        values = []
        for period in frame.columns:
            cell: Any = frame.at[key, period]
            values.append(int(cell) if key in _COUNT_KEYS and not pd.isna(cell) else float(cell))
        rows.append([head, *values])
    figures = table([word("measure", lang), *map(str, frame.columns)], rows, lang, cls="figures")
    weighting = word("weighted" if data.options.weighted else "unweighted", lang)
    note = word("key_figures_note", lang, kind=_kind(data, lang), weighting=weighting)
    notes = "".join(f'\n<p class="small">{esc(line)}</p>' for line in [note, *_sampled(data, lang)])
    return section("key-figures", lang, figures + notes)


def _sampled(data: ReportData, lang: Lang) -> list[str]:
    """One line per estimated measure (large networks, ``--sample``): method and error bound."""
    lines: dict[str, str] = {}
    for analysis in data.analyses.values():
        for measure, info in analysis.estimation.items():
            if info.get("method", "exact") != "exact" and measure not in lines:
                lines[measure] = word(
                    f"sampled_{measure}", lang, samples=number(int(info["samples"]), lang),
                    epsilon=number(info["epsilon"], lang, significant=3),
                    chance=number(1 - info["delta"], lang, significant=3),
                )  # fmt: skip
    return list(lines.values())


def _figures(data: ReportData, page: Page) -> str:
    parts = [page.figure(f) for kind in _FIGURE_ORDER for f in data.figures if f.kind == kind]
    return section("figures", page.lang, "\n".join(parts))


def _interactive(data: ReportData, page: Page) -> str:
    lang = page.lang
    pages = list(data.network_pages.items())
    if page.embed:
        names = [n for _, n in pages] + [n for _, _, n in data.comparison_pages]
        files = "".join(f"<li><code>{esc(n)}</code></li>" for n in names)
        body = (f"<p>{esc(word('interactive_intro', lang))}</p>"
                f"<p>{esc(word('interactive_files', lang))}</p><ul>{files}</ul>")  # fmt: skip
        return section("interactive", lang, body)
    first = pages[-1][1] if pages else ""
    links = "".join(
        f'<li><a href="{esc(name)}" target="network-frame">{esc(period)}</a> '
        f'<a class="ext" href="{esc(name)}" target="_blank" rel="noopener">↗</a></li>'
        for period, name in pages
    )
    parts = [f"<p>{esc(word('interactive_intro', lang))}</p>",
             f'<div class="links"><div><h3>{esc(word("interactive_networks", lang))}</h3>'
             f"<ul>{links}</ul></div>"]  # fmt: skip
    if data.comparison_pages:
        links = "".join(
            f'<li><a href="{esc(name)}" target="network-frame">{esc(a)} → {esc(b)}</a> '
            f'<a class="ext" href="{esc(name)}" target="_blank" rel="noopener">↗</a></li>'
            for a, b, name in data.comparison_pages
        )
        parts.append(f'<div><h3>{esc(word("interactive_comparisons", lang))}</h3>'
                     f"<ul>{links}</ul></div>")  # fmt: skip
    parts.append("</div>")
    parts.append(
        f'<iframe class="no-print" name="network-frame" id="network-frame" src="{esc(first)}" '
        f'title="{esc(word("iframe_title", lang))}"></iframe>'
    )
    parts.append(f'<p class="print-only small">{esc(word("interactive_print", lang))}</p>')
    return section("interactive", lang, "\n".join(parts))


def _key_actors(data: ReportData, lang: Lang) -> str:
    periods = list(data.analyses)
    parts = [f"<p>{esc(word('key_actors_intro', lang))}</p>", '<div class="grid wide">']
    names = unique_names(periods)  # as coopnet.report.build_report names the tables
    tops = {
        p: {(r["measure"], int(r["rank"])): r
            for r in data.tables[f"top_actors_{names[p]}"].to_dict("records")}
        for p in periods
    }  # fmt: skip
    for measure, _ in TOP_MEASURES:
        rows = []
        for rank in range(1, 6):
            row: list[Any] = [rank]
            for p in periods:
                r = tops[p].get((measure, rank))
                if r is None:
                    row.append(Html("–"))
                    continue
                value = float(r["value"])
                shown = fmt(int(value) if value.is_integer() and measure in _INT_MEASURES
                            else value, lang)  # fmt: skip
                row.append(Html(f'{esc(r["label"])} <span class="value">{shown}</span>'
                                f'<br><span class="group">{esc(_value(r["group"], lang))}</span>'))  # fmt: skip
            rows.append(row)
        parts.append(table([word("rank", lang), *periods], rows, lang, cls="top",
                           caption=measure_name(measure, lang)))  # fmt: skip
    parts.append("</div>")
    parts.append(f"<h3>{esc(word('key_players', lang))}</h3>"
                 f"<p>{esc(word('key_players_intro', lang))}</p>")  # fmt: skip
    rows = []
    for p in periods:
        kp = data.analyses[p].key_players
        for rank, label, after, gain in kp[
            ["rank", "label", "fragmentation_after", "gain"]
        ].itertuples(index=False):
            rows.append([str(p), int(rank), str(label), float(after), float(gain)])
    headers = [word(k, lang) for k in ("period", "rank", "actors", "fragmentation_after", "gain")]
    parts.append(table(headers, rows, lang))
    return section("key-actors", lang, "\n".join(parts))


def _comparison(data: ReportData, page: Page) -> str:
    lang = page.lang
    comp = data.comparison
    if comp is None:
        return section("comparison", lang, f"<p>{esc(word('comparison_none', lang))}</p>")
    labels = _labels(data)
    pairs = data.tables["comparison_pairs"]
    rows = []
    for r in pairs.to_dict("records"):
        rows.append([
            f"{r['before']} → {r['after']}",
            Html(f"{fmt(int(r['ties_before']), lang)} → {fmt(int(r['ties_after']), lang)}"),
            int(r["kept"]), int(r["added"]), int(r["removed"]), float(r["jaccard"]),
            int(r["cross_added"]) if not pd.isna(r["cross_added"]) else None,
            int(r["cross_removed"]) if not pd.isna(r["cross_removed"]) else None,
            Html(f"{fmt(float(r['qap_correlation']), lang, digits=2)} "
                 f"({fmt(float(r['qap_p_value']), lang)})"),
            Html(f"{fmt(float(r['ei_before']), lang, digits=2)} → "
                 f"{fmt(float(r['ei_after']), lang, digits=2)}"),
            int(r["actors_entered"]), int(r["actors_left"]),
        ])  # fmt: skip
    keys = ["pair", "ties", "kept", "added", "removed", "jaccard", "cross_added", "cross_removed",
            "qap", "ei_change", "entered", "left"]  # fmt: skip
    parts = [table([word(k, lang) for k in keys], rows, lang, cls="churn",
                   caption=word("churn", lang))]  # fmt: skip
    parts.append(_change_tests(data.tables.get("change_tests"), lang))
    pers = comp.persistence
    if pers is not None and comp.persistence_periods:
        first, middle, last = comp.persistence_periods
        parts.append(f"<h3>{esc(word('persistence', lang, middle=middle))}</h3>")
        parts.append(
            f"<p>{esc(word('persistence_intro', lang, first=first, middle=middle, last=last))}</p>"
        )
        frame = data.tables["persistence"]
        rows = [[word("all_ties" if r["ties"] == "all" else "cross_ties", lang),
                 *[None if pd.isna(r[k]) else int(r[k])
                   for k in ("new", "sustained", "temporary", "lost_with_actor")],
                 Html(fmt(float(r["retention"]), lang, percent=True))]
                for r in frame.to_dict("records")]  # fmt: skip
        keys = ["ties", "new", "sustained", "temporary", "lost_with_actor", "retention"]
        parts.append(table([word(k, lang) for k in keys], rows, lang, cls="persistence"))
        items = []
        for status in ("kept", "lost", "disappeared", "new"):
            ids = getattr(pers, f"brokers_{status}")
            names = ", ".join(esc(labels.get(a, a)) for a in ids) or "–"
            items.append(f"<dt>{esc(word('brokers_' + status, lang))}</dt><dd>{names}</dd>")
        parts.append(f"<h4>{esc(word('brokers', lang))}: {esc(middle)} → {esc(last)}</h4>"
                     f'<dl class="kv">{"".join(items)}</dl>')  # fmt: skip
    if data.group is not None:  # E-I by group: only with a grouping column
        ei = data.tables["ei_by_group"].set_index("group")
        rows = [[word("overall", lang) if g == "overall" else _value(g, lang),
                 *[Html(f'<span class="{"neg" if v < 0 else "pos"}">'
                        f'{fmt(float(v), lang, digits=2)}</span>') if not pd.isna(v) else None
                   for v in ei.loc[g]]]
                for g in ei.index]  # fmt: skip
        parts.append(table([data.column(data.group, lang), *map(str, ei.columns)], rows, lang,
                           cls="ei", caption=word("ei_by_group", lang)))  # fmt: skip
    for fig in data.figures:
        if fig.kind == "difference":
            parts.append(page.figure(fig))
    if data.comparison_pages:
        links = ", ".join(page.link(n, f"{a} → {b}") for a, b, n in data.comparison_pages)
        parts.append(f"<p>{esc(word('comparison_link', lang))}: {links}</p>")
    return section("comparison", lang, "\n".join(parts))


def _change_tests(frame: pd.DataFrame | None, lang: Lang) -> str:
    """The paired permutation tests of change (``change_tests`` table), or nothing."""
    if frame is None or frame.empty:
        return ""
    rows = [[f"{r['before']} → {r['after']}", word(str(r["measure"]), lang),
             Html(f"{fmt(float(r['value_before']), lang)} → {fmt(float(r['value_after']), lang)}"),
             float(r["change"]), float(r["p_value"])]
            for r in frame.to_dict("records")]  # fmt: skip
    keys = ["pair", "change_measure", "value_change", "change", "p_value"]
    return (f"<h3>{esc(word('change_tests', lang))}</h3>"
            f"<p>{esc(word('change_tests_intro', lang))}</p>"
            + table([word(k, lang) for k in keys], rows, lang, cls="change-tests"))  # fmt: skip


def _methods(lang: Lang) -> str:
    parts = [f"<p>{esc(word('methods_intro', lang))}</p>",
             f"<p>{esc(word('methods_provenance', lang))}</p>"]  # fmt: skip
    for block, keys in METHOD_BLOCKS:
        rows = [[measure_name(k, lang), measure_definition(k, lang), measure_source(k, lang)]
                for k in keys]  # fmt: skip
        headers = [word("measure", lang), word("definition", lang), word("reference", lang)]
        parts.append(f"<h3>{esc(word(block, lang))}</h3>")
        parts.append(table(headers, rows, lang, cls="methods"))
    parts.append(f"<h3>{esc(word('data_handling', lang))}</h3>"
                 f"<p>{esc(word('data_handling_text', lang))}</p>")  # fmt: skip
    parts.append(f"<h3>{esc(word('files', lang))}</h3><p>{esc(word('files_text', lang))}</p>")
    return section("methods", lang, "\n".join(parts))


# ----------------------------------------------------------------------------------------------
# the page
# ----------------------------------------------------------------------------------------------
def _css() -> str:
    return (resources.files("coopnet") / "assets" / "report.css").read_text(encoding="utf-8")


def _summary_figure(data: ReportData) -> ReportFigure | None:
    networks = [f for f in data.figures if f.kind == "network"]
    last = list(data.analyses)[-1] if data.analyses else None
    return next((f for f in networks if f.period == last), networks[-1] if networks else None)


def _no_groups(data: ReportData, lang: Lang) -> str:
    """The one note instead of the group measures when the data have no grouping column."""
    note = data.study.group_measures_note(lang)
    return f'<p class="note no-groups">{esc(note)}</p>' if note is not None else ""


def _recommendations_line(diagnosis: Diagnosis, lang: Lang) -> str:
    """The summary's line on the recommended ties (``""`` when none is proposed)."""
    remedies = diagnosis.remedies
    n = len(remedies.proposals()) if remedies is not None else 0
    if remedies is None or not n:
        return ""
    period = remedies.period_value or word("rec.period_all", lang)
    return word("rec.summary_link", lang, count=counted(n, "report.rec.count", lang), period=period)


def _sections(data: ReportData) -> list[str]:
    """The ids of the page's sections in order (the peer section only when peers are given)."""
    sections = list(SECTIONS)
    if data.peers is not None:
        sections.insert(sections.index("key-figures") + 1, SECTION_ID)
    return sections


def render_index(data: ReportData, *, folder: Path | None = None, embed: bool = False) -> str:
    """Return the complete report page.

    Parameters
    ----------
    data
        The results to show.
    folder
        The report folder, to read the pixel size of the PNG figures (``width``/``height``
        attributes) and, with `embed`, their bytes; ``None`` leaves the sizes out.
    embed
        ``False``: ``index.html`` (figures and files linked); ``True``: ``report.html``, one
        self-contained file (figures as ``data:`` URIs, other files named, not linked).

    Returns
    -------
    str
        A complete HTML document (no external resource, no script, no timestamp).
    """
    from coopnet import __version__

    lang: Lang = data.options.lang
    ordered = [f for kind in (*_FIGURE_ORDER, "difference") for f in data.figures
               if f.kind == kind]  # fmt: skip
    numbers = {f.key: i for i, f in enumerate(ordered, start=1)}
    page = Page(lang=lang, folder=folder, embed=embed, numbers=numbers)
    d = data.diagnosis
    links = RemedyLinks.of(d)
    last = d.remedies.period if d.remedies is not None else None
    body = [
        _header(data, lang, __version__),
        (f'<p class="single-file note">{esc(word("single_file_note", lang))}</p>'
         if embed else ""),
        _toc(lang, _sections(data)),
        "<main>",
        _no_groups(data, lang),
        summary_section(d.topics, len(d.findings), _summary_figure(data), page, links=links,
                        recommendations=_recommendations_line(d, lang)),
        findings_section(d.topics, len(d.findings), data.top, page, links=links),
        recommendations_section(d, page, n_periods=len(data.net.periods),
                                network_page=data.network_pages.get(last) if last else None),
        _key_figures(data, lang),
        peer_section(data.peers) if data.peers is not None else "",
        _figures(data, page),
        _interactive(data, page),
        _key_actors(data, lang),
        _comparison(data, page),
        _data(data, lang),
        _methods(lang),
        appendix_section(d.topics, d.findings, data.top, page, links=links),
        "</main>",
        f"<footer><p>{esc(word('generated', lang, version=__version__))} · "
        f"{esc(_options_line(data, lang))}</p></footer>",
    ]  # fmt: skip
    title = f"{word('title', lang, name=data.net.name)} – {word('subtitle', lang)}"
    csp = _CSP_SINGLE if embed else _CSP
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="coopnet {esc(__version__)}">\n'
        f"<title>{esc(title)}</title>\n<style>\n{_css()}</style>\n</head>\n<body>\n"
        + "\n".join(part for part in body if part)
        + "\n</body>\n</html>\n"
    )
