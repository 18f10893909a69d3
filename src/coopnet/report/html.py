"""Render ``index.html``: one self-contained, printable page from the results of a report run.

The page inlines its CSS (``coopnet/assets/report.css``), loads no script and nothing from the
network (a Content Security Policy forbids it), and shows figures as ``<img>`` of the PNG files
under ``figures/``. Every text that comes from the data — actor labels, group names, periods,
file names, finding statements — passes through :func:`coopnet.textsafe.html_text`; labels are untrusted.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Final

import pandas as pd

from coopnet.atlas import PeerPosition
from coopnet.compare import MultiPeriodComparison
from coopnet.diagnose import SEVERITIES, Diagnosis
from coopnet.lang import number, text
from coopnet.metrics import NetworkAnalysis
from coopnet.model import CooperationNetwork
from coopnet.outputs import unique_names
from coopnet.report.figures import ReportFigure
from coopnet.report.peers import SECTION_ID, peer_section
from coopnet.report.texts import (
    KEY_FIGURES,
    MEASURES,
    METHOD_BLOCKS,
    TOP_MEASURES,
    Lang,
    measure_name,
    word,
)
from coopnet.run import Study, StudyOptions
from coopnet.textsafe import html_text

__all__ = ["ReportData", "fmt", "render_index"]

MAX_ISSUES: Final = 20
"""Validation warnings listed in the page (all are in ``tables/validation_issues.csv``)."""

CARD_SEVERITIES: Final = ("high", "medium")
"""Findings of these severities are shown as cards; the others in a compact table."""

_COUNT_KEYS: Final = frozenset({"n_actors", "n_ties", "components", "n_communities"})
_INT_MEASURES: Final = frozenset({"degree", "broker_total"})
_CSP: Final = (
    "default-src 'none'; img-src 'self' file: data:; style-src 'unsafe-inline'; "
    "frame-src 'self' file:; base-uri 'none'; form-action 'none'"
)


class Html(str):
    """Text that is already HTML (escaped where needed); :func:`_cell` does not escape it."""

    __slots__ = ()


@dataclass(frozen=True)
class ReportData:
    """Everything ``index.html`` shows (computed by :func:`coopnet.report.build_report`)."""

    study: Study
    group: str
    summary: Mapping[str, Any]
    tables: Mapping[str, pd.DataFrame]
    analyses: Mapping[str, NetworkAnalysis]
    comparison: MultiPeriodComparison | None
    diagnosis: Diagnosis
    figures: tuple[ReportFigure, ...]
    network_pages: Mapping[str, str]
    comparison_pages: tuple[tuple[str, str, str], ...]
    peers: PeerPosition | None = None

    @property
    def net(self) -> CooperationNetwork:
        """The dataset."""
        return self.study.net

    @property
    def options(self) -> StudyOptions:
        """The resolved options of the study."""
        return self.study.options


# ----------------------------------------------------------------------------------------------
# formatting
# ----------------------------------------------------------------------------------------------
def esc(value: object) -> str:
    """HTML-escape ``str(value)`` (quotes included), bidi controls removed
    (:func:`coopnet.textsafe.html_text`)."""
    return html_text(value)


def fmt(value: Any, lang: Lang, *, digits: int = 3, percent: bool = False) -> str:
    """Format a value for the page with :func:`coopnet.lang.number` (escaped text otherwise).

    Decimal comma in German, thousands separators, ``digits`` decimals for floats (``percent``:
    as a percentage with no decimals), typographic minus, ``–`` for missing values.
    """
    if isinstance(value, str):
        return esc(value)
    return esc(number(value, lang, digits=None if percent else digits, percent=percent))


def _cell(value: Any, lang: Lang) -> str:
    if isinstance(value, Html):
        return str(value)
    if isinstance(value, str):
        return esc(value)
    return fmt(value, lang)


def _table(
    headers: Sequence[Any],
    rows: Iterable[Sequence[Any]],
    lang: Lang,
    *,
    cls: str = "",
    caption: str = "",
) -> str:
    """An HTML table; strings are escaped, numbers formatted, :class:`Html` kept as is."""
    head = "".join(f'<th scope="col">{_cell(h, lang)}</th>' for h in headers)
    body = []
    for row in rows:
        cells = []
        for i, value in enumerate(row):
            numeric = not isinstance(value, str) and value is not None
            tag = 'th scope="row"' if i == 0 and isinstance(value, str) else "td"
            klass = ' class="num"' if numeric and tag == "td" else ""
            cells.append(f"<{tag}{klass}>{_cell(value, lang)}</{tag.split()[0]}>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    klass = f' class="{esc(cls)}"' if cls else ""
    return (
        f'<div class="table-wrap"><table{klass}>{cap}<thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )


def _png_size(path: Path) -> tuple[int, int] | None:
    """Width and height of a PNG file from its header (``None`` if unreadable)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(24)
    except OSError:
        return None
    if len(head) < 24 or head[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    width, height = struct.unpack(">II", head[16:24])
    return int(width), int(height)


def _section(sid: str, lang: Lang, body: str) -> str:
    return f'<section id="{sid}">\n<h2>{esc(word(sid, lang))}</h2>\n{body}\n</section>'


def _css() -> str:
    return (resources.files("coopnet") / "assets" / "report.css").read_text(encoding="utf-8")


# ----------------------------------------------------------------------------------------------
# sections
# ----------------------------------------------------------------------------------------------
def _labels(data: ReportData) -> dict[str, str]:
    actors = data.net.actors
    return {str(a): str(lab) for a, lab in zip(actors["id"], actors["label"], strict=True)}


def _options_line(data: ReportData, lang: Lang) -> str:
    cfg = data.options
    if cfg.directed:
        direction = word("directed", lang)
    elif data.net.directed:
        direction = word("symmetrised", lang, rule=data.net.meta.symmetrise)
    else:
        direction = word("undirected", lang)
    return word(
        "options", lang, group=data.group, direction=direction,
        weighting=word("weighted" if cfg.weighted else "unweighted", lang), seed=cfg.seed,
        n_permutations=fmt(cfg.n_permutations, lang),
    )  # fmt: skip


def _header(data: ReportData, lang: Lang, version: str) -> str:
    s = data.summary
    counts = data.diagnosis.counts()
    rate = s.get("response_rate")
    facts = [
        (word("n_actors", lang), fmt(s["n_actors"], lang)),
        (word("periods", lang), esc(", ".join(s["periods"]) or word("none", lang))),
        (word("nominations", lang), fmt(s["n_tie_rows"], lang)),
        (word("response_rate", lang), fmt(rate, lang, percent=True) if rate is not None else "–"),
        (word("findings", lang),
         f"{len(data.diagnosis.findings)} ({word('sev_high', lang)}: {counts['high']})"),
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


def _summary(data: ReportData, lang: Lang) -> str:
    s, t = data.summary, data.tables
    parts = [
        "<dl class=\"kv\">",
        # the dataset's name, not the path as typed: local folder names stay with the analyst
        f"<dt>{esc(word('source', lang))}</dt><dd><code>{esc(data.net.name)}</code></dd>",
        f"<dt>{esc(word('periods', lang))}</dt>"
        f"<dd>{esc(', '.join(s['periods']) or word('none', lang))}</dd>",
        f"<dt>{esc(word('tie_types', lang))}</dt>"
        f"<dd>{esc(', '.join(s['tie_types']) or word('none', lang))}</dd>",
        f"<dt>{esc(word('response_rate', lang))}</dt><dd>"
        + (fmt(s["response_rate"], lang, percent=True) if s["response_rate"] is not None
           else esc(word("response_rate_na", lang)))
        + "</dd></dl>",
    ]  # fmt: skip
    grid = []
    names = unique_names(s["actors_by"])  # as coopnet.report.tables.data_tables names them
    for column in s["actors_by"]:
        frame = t[f"actors_by_{names[column]}"]
        rows: list[Sequence[Any]] = [(str(v), int(n), Html(fmt(sh, lang, percent=True)))
                for v, n, sh in frame.itertuples(index=False)]  # fmt: skip
        grid.append(
            _table(
                [column, word("count", lang), word("share", lang)],
                rows,
                lang,
                caption=word("actors_by", lang, column=column),
            )
        )
    parts.append('<div class="grid">' + "".join(grid) + "</div>")
    kind = word("directed" if data.options.directed else "symmetrised" if data.net.directed
                else "undirected", lang, rule=data.net.meta.symmetrise)  # fmt: skip
    periods = t["ties_by_period"]
    keys = ["period", "actors", "ties", "nominations", "isolates", "reciprocity",
            "unreciprocated", "unobserved_dyads"]  # fmt: skip
    rows = [[str(r["period"]), *[r[k] for k in keys[1:]]] for r in periods.to_dict("records")]
    ties = word("arcs" if data.net.directed else "ties", lang)
    headers = [ties if k == "ties" else word(k, lang) for k in keys]
    parts.append(_table(headers, rows, lang, caption=word("ties_by_period", lang)))
    note = word("ties_by_period_note", lang, kind=kind, ties=ties)
    parts.append(f'<p class="small">{esc(note)}</p>')
    types = t["ties_by_type_and_period"]
    headers = [word("type", lang), *[str(c) for c in types.columns[1:-1]], word("total", lang)]
    rows = [[str(r[0]), *[int(v) for v in r[1:]]] for r in types.itertuples(index=False)]
    parts.append(_table(headers, rows, lang, caption=word("types_by_period", lang)))
    # validation
    report = data.net.report
    c = report.counts
    parts.append(f"<h3>{esc(word('validation', lang))}</h3>")
    parts.append("<p>" + esc(word(
        "validation_counts", lang, read=c.get("actor_rows", 0), tie_rows=c.get("tie_rows", 0),
        self_ties=c.get("self_ties_dropped", 0), dup_ties=c.get("duplicate_ties_merged", 0),
        dup_actors=c.get("duplicate_actor_rows_merged", 0), warnings=len(report.warnings),
    )) + "</p>")  # fmt: skip
    if report.notes:
        notes = "".join(f"<li>{esc(n)}</li>" for n in report.notes)
        parts.append(f"<p>{esc(word('notes', lang))}:</p><ul>{notes}</ul>")
    warnings = report.warnings
    if warnings:
        rows = [[p.code, p.file or "", p.row if p.row is not None else None, p.column or "",
                 p.value or "", p.message] for p in warnings[:MAX_ISSUES]]  # fmt: skip
        headers = [word(k, lang) for k in ("code", "file", "row", "column", "value", "message")]
        parts.append(_table(headers, rows, lang, cls="issues"))
        if len(warnings) > MAX_ISSUES:
            parts.append(
                f'<p class="small">'
                f"{esc(word('validation_more', lang, n=len(warnings) - MAX_ISSUES))}</p>"
            )
    return _section("summary", lang, "\n".join(parts))


def _findings(data: ReportData, lang: Lang) -> str:
    d = data.diagnosis
    labels = _labels(data)
    counts = d.counts()
    summary = ", ".join(f"{word('sev_' + s, lang)} {counts[s]}" for s in SEVERITIES)
    parts = [f"<p>{esc(word('findings_intro', lang))}</p>",
             f"<p><strong>{esc(word('findings_counts', lang, n=len(d.findings), counts=summary))}"
             "</strong></p>"]  # fmt: skip
    if not d.findings:
        parts.append(f"<p>{esc(word('no_findings', lang))}</p>")
    items = []
    rest = []
    for rank, f in enumerate(d.findings, start=1):
        period = f.period if f.period is not None else word("whole_network", lang)
        badge = (f'<span class="badge sev-{esc(f.severity)}">{esc(word("sev_" + f.severity, lang))}'
                 "</span>")  # fmt: skip
        if f.severity not in CARD_SEVERITIES:
            rest.append([rank, Html(badge), str(period), Html(
                f"{esc(f.statement)}<br><span class=\"small\">{esc(f.question)}</span>"
            )])  # fmt: skip
            continue
        evidence = " · ".join(esc(e.text) for e in f.evidence)
        actors = ", ".join(esc(labels.get(a, a)) for a in f.actors)
        items.append(
            f'<li class="finding sev-{esc(f.severity)}" data-code="{esc(f.code)}">'
            f'<div class="finding-head"><span class="rank">{rank}</span>{badge}'
            f'<span class="chip">{esc(period)}</span>'
            f'<code class="code">{esc(f.code)}</code></div>'
            f'<p class="statement">{esc(f.statement)}</p>'
            + (f'<p class="evidence"><strong>{esc(word("evidence", lang))}:</strong> {evidence}</p>'
               if evidence else "")
            + (f'<p class="actors"><strong>{esc(word("actors", lang))}:</strong> {actors}</p>'
               if actors else "")
            + f'<p class="question"><strong>{esc(word("question", lang))}:</strong> '
            f"{esc(f.question)}</p></li>"
        )  # fmt: skip
    if items:
        parts.append('<ol class="findings">' + "\n".join(items) + "</ol>")
    if rest:
        parts.append(f"<h3>{esc(word('findings_minor', lang))}</h3>")
        headers = ["#", word("severity", lang), word("period", lang), word("finding", lang)]
        parts.append(_table(headers, rest, lang, cls="minor"))
    return _section("findings", lang, "\n".join(parts))


def _key_figures(data: ReportData, lang: Lang) -> str:
    frame = data.tables["key_figures"].set_index("measure")
    rows = []
    for key in KEY_FIGURES:
        if key == "reciprocity" and not data.options.directed:
            continue  # 1 by construction on symmetrised ties; the data summary shows it
        name = measure_name(key, lang)
        info = MEASURES.get(key)
        title = (info[2] if lang == "de" else info[3]) if info else ""
        head = Html(f'<span title="{esc(title)}">{esc(name)}</span>')
        values = []
        for period in frame.columns:
            cell: Any = frame.at[key, period]
            values.append(int(cell) if key in _COUNT_KEYS and not pd.isna(cell) else float(cell))
        rows.append([head, *values])
    table = _table([word("measure", lang), *map(str, frame.columns)], rows, lang, cls="figures")
    kind = word("directed" if data.options.directed else "symmetrised" if data.net.directed
                else "undirected", lang, rule=data.net.meta.symmetrise)  # fmt: skip
    weighting = word("weighted" if data.options.weighted else "unweighted", lang)
    note = word("key_figures_note", lang, kind=kind, weighting=weighting)
    return _section("key-figures", lang, table + f'\n<p class="small">{esc(note)}</p>')


def _figure(fig: ReportFigure, folder: Path, number: int, lang: Lang) -> str:
    size = _png_size(folder / fig.png)
    dims = f' width="{size[0]}" height="{size[1]}"' if size else ""
    caption = f" {esc(fig.caption)}" if fig.caption else ""
    prefix = "Abb." if lang == "de" else "Figure"
    return (
        f'<figure id="fig-{esc(fig.key)}" class="fig-{esc(fig.kind)}">'
        f'<img src="{esc(fig.png)}" alt="{esc(fig.title)}"{dims}>'
        f"<figcaption><strong>{prefix} {number}:</strong> {esc(fig.title)}.{caption} "
        f'<a href="{esc(fig.svg)}">{esc(word("svg", lang))}</a></figcaption></figure>'
    )


def _figures(data: ReportData, lang: Lang, folder: Path, numbers: Mapping[str, int]) -> str:
    order = ("network", "periods", "ei", "mixing", "fragmentation", "ranking")
    parts = [
        _figure(f, folder, numbers[f.key], lang)
        for kind in order
        for f in data.figures
        if f.kind == kind
    ]
    return _section("figures", lang, "\n".join(parts))


def _interactive(data: ReportData, lang: Lang) -> str:
    pages = list(data.network_pages.items())
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
    return _section("interactive", lang, "\n".join(parts))


def _key_actors(data: ReportData, lang: Lang) -> str:
    periods = list(data.analyses)
    parts = [f"<p>{esc(word('key_actors_intro', lang))}</p>", '<div class="grid wide">']
    names = unique_names(periods)  # as coopnet.report.build_report names the tables
    tops = {p: data.tables[f"top_actors_{names[p]}"] for p in periods}
    for measure, _ in TOP_MEASURES:
        rows = []
        for rank in range(1, 6):
            row: list[Any] = [rank]
            for p in periods:
                hit = tops[p][(tops[p]["measure"] == measure) & (tops[p]["rank"] == rank)]
                if hit.empty:
                    row.append(Html("–"))
                    continue
                r = hit.iloc[0]
                value = float(r["value"])
                shown = fmt(int(value) if value.is_integer() and measure in _INT_MEASURES
                            else value, lang)  # fmt: skip
                row.append(Html(f'{esc(r["label"])} <span class="value">{shown}</span>'
                                f'<br><span class="group">{esc(r["group"])}</span>'))  # fmt: skip
            rows.append(row)
        parts.append(_table([word("rank", lang), *periods], rows, lang, cls="top",
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
    parts.append(
        _table(
            [
                word("period", lang),
                word("rank", lang),
                word("actors", lang),
                word("fragmentation_after", lang),
                word("gain", lang),
            ],
            rows,
            lang,
        )
    )
    return _section("key-actors", lang, "\n".join(parts))


def _comparison(data: ReportData, lang: Lang, folder: Path, numbers: Mapping[str, int]) -> str:
    comp = data.comparison
    if comp is None:
        return _section("comparison", lang, f"<p>{esc(word('comparison_none', lang))}</p>")
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
    parts = [_table([word(k, lang) for k in keys], rows, lang, cls="churn",
                    caption=word("churn", lang))]  # fmt: skip
    parts.append(_change_tests(data.tables.get("change_tests"), lang))
    pers = comp.persistence
    if pers is not None and comp.persistence_periods:
        first, middle, last = comp.persistence_periods
        parts.append(f"<h3>{esc(word('persistence', lang, middle=middle))}</h3>")
        parts.append(
            f"<p>{esc(word('persistence_intro', lang, first=first, middle=middle, last=last))}</p>"
        )
        table = data.tables["persistence"]
        rows = [[word("all_ties" if r["ties"] == "all" else "cross_ties", lang),
                 *[None if pd.isna(r[k]) else int(r[k])
                   for k in ("new", "sustained", "temporary", "lost_with_actor")],
                 Html(fmt(float(r["retention"]), lang, percent=True))]
                for r in table.to_dict("records")]  # fmt: skip
        keys = ["ties", "new", "sustained", "temporary", "lost_with_actor", "retention"]
        parts.append(_table([word(k, lang) for k in keys], rows, lang, cls="persistence"))
        items = []
        for status in ("kept", "lost", "disappeared", "new"):
            ids = getattr(pers, f"brokers_{status}")
            names = ", ".join(esc(labels.get(a, a)) for a in ids) or "–"
            items.append(f"<dt>{esc(word('brokers_' + status, lang))}</dt><dd>{names}</dd>")
        parts.append(f"<h4>{esc(word('brokers', lang))}: {esc(middle)} → {esc(last)}</h4>"
                     f'<dl class="kv">{"".join(items)}</dl>')  # fmt: skip
    ei = data.tables["ei_by_group"].set_index("group")
    rows = [[word("overall", lang) if g == "overall" else str(g),
             *[Html(f'<span class="{"neg" if v < 0 else "pos"}">{fmt(float(v), lang, digits=2)}'
                    "</span>") if not pd.isna(v) else None for v in ei.loc[g]]]
            for g in ei.index]  # fmt: skip
    parts.append(_table([word("group", lang), *map(str, ei.columns)], rows, lang, cls="ei",
                        caption=word("ei_by_group", lang)))  # fmt: skip
    for fig in data.figures:
        if fig.kind == "difference":
            parts.append(_figure(fig, folder, numbers[fig.key], lang))
    if data.comparison_pages:
        links = ", ".join(f'<a href="{esc(n)}">{esc(a)} → {esc(b)}</a>'
                          for a, b, n in data.comparison_pages)  # fmt: skip
        parts.append(f"<p>{esc(word('comparison_link', lang))}: {links}</p>")
    return _section("comparison", lang, "\n".join(parts))


def _change_tests(table: pd.DataFrame | None, lang: Lang) -> str:
    """The paired permutation tests of change (``change_tests`` table), or nothing."""
    if table is None or table.empty:
        return ""
    rows = [[f"{r['before']} → {r['after']}", word(str(r["measure"]), lang),
             Html(f"{fmt(float(r['value_before']), lang)} → {fmt(float(r['value_after']), lang)}"),
             float(r["change"]), float(r["p_value"])]
            for r in table.to_dict("records")]  # fmt: skip
    keys = ["pair", "change_measure", "value_change", "change", "p_value"]
    return (f"<h3>{esc(word('change_tests', lang))}</h3>"
            f"<p>{esc(word('change_tests_intro', lang))}</p>"
            + _table([word(k, lang) for k in keys], rows, lang, cls="change-tests"))  # fmt: skip


def _methods(lang: Lang) -> str:
    parts = [f"<p>{esc(word('methods_intro', lang))}</p>",
             f"<p>{esc(word('methods_provenance', lang))}</p>"]  # fmt: skip
    for block, keys in METHOD_BLOCKS:
        rows = []
        for key in keys:
            name_de, name_en, def_de, def_en, source = MEASURES[key]
            rows.append([name_de if lang == "de" else name_en,
                         def_de if lang == "de" else def_en, source])  # fmt: skip
        headers = [word("measure", lang), word("definition", lang), word("reference", lang)]
        parts.append(f"<h3>{esc(word(block, lang))}</h3>")
        parts.append(_table(headers, rows, lang, cls="methods"))
    parts.append(f"<h3>{esc(word('data_handling', lang))}</h3>"
                 f"<p>{esc(word('data_handling_text', lang))}</p>")  # fmt: skip
    parts.append(f"<h3>{esc(word('files', lang))}</h3><p>{esc(word('files_text', lang))}</p>")
    return _section("methods", lang, "\n".join(parts))


# ----------------------------------------------------------------------------------------------
# the page
# ----------------------------------------------------------------------------------------------
def render_index(data: ReportData, *, folder: Path | None = None) -> str:
    """Return the complete ``index.html``.

    Parameters
    ----------
    data
        The results to show.
    folder
        The report folder, to read the pixel size of the PNG figures (``width``/``height``
        attributes); ``None`` leaves them out.

    Returns
    -------
    str
        A complete HTML document (no external resource, no script, no timestamp).
    """
    from coopnet import __version__

    lang: Lang = data.options.lang
    base = folder if folder is not None else Path("/nonexistent")
    ordered = [f for kind in ("network", "periods", "ei", "mixing", "fragmentation", "ranking",
                              "difference") for f in data.figures if f.kind == kind]  # fmt: skip
    numbers = {f.key: i for i, f in enumerate(ordered, start=1)}
    sections = ["summary", "findings", "key-figures", "figures", "interactive", "key-actors",
                "comparison", "methods"]  # fmt: skip
    if data.peers is not None:
        sections.insert(sections.index("key-figures") + 1, SECTION_ID)
    body = [
        _header(data, lang, __version__),
        _toc(lang, sections),
        "<main>",
        _summary(data, lang),
        _findings(data, lang),
        _key_figures(data, lang),
        *([peer_section(data.peers)] if data.peers is not None else []),
        _figures(data, lang, base, numbers),
        _interactive(data, lang),
        _key_actors(data, lang),
        _comparison(data, lang, base, numbers),
        _methods(lang),
        "</main>",
        f"<footer><p>{esc(word('generated', lang, version=__version__))} · "
        f"{esc(_options_line(data, lang))}</p></footer>",
    ]
    title = f"{word('title', lang, name=data.net.name)} – {word('subtitle', lang)}"
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="coopnet {esc(__version__)}">\n'
        f"<title>{esc(title)}</title>\n<style>\n{_css()}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )
