"""The atlas as files: ``index.html`` (offline, printable), CSV tables and figures.

:func:`write_atlas` writes the folder; :func:`render_page` the page. The page inlines its CSS,
loads nothing from the network and runs no script (a Content Security Policy forbids both);
every text from the data — municipality names, Land, Kreis, outcome names, error messages —
passes through :func:`html.escape`, every number through :func:`coopnet.lang.number`.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Callable, Iterable, Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import pandas as pd

from coopnet.atlas.figures import AtlasFigure, draw_atlas_figures
from coopnet.atlas.outcomes import MIN_PAIRS, SMALL_N
from coopnet.atlas.positions import MIN_PEER_GROUP
from coopnet.atlas.table import (
    ACTOR_CLASS_BOUNDS,
    COUNT_MEASURES,
    POPULATION_CLASS_BOUNDS,
    as_float,
    measure_name,
)
from coopnet.lang import Lang, number, text
from coopnet.outputs import output_folder
from coopnet.spreadsheet import write_csv
from coopnet.textsafe import html_text

if TYPE_CHECKING:  # pragma: no cover
    from coopnet.atlas.result import Atlas

__all__ = ["SECTIONS", "SUMMARY", "overview_html", "render_page", "tables", "write_atlas"]

SUMMARY: Final = "atlas.json"
"""File of the atlas folder with its options, counts and notes (JSON)."""

SECTIONS: Final = ("overview", "distributions", "municipalities", "peers", "outcomes", "methods")
"""Ids of the sections of ``index.html`` (``outcomes`` only with outcomes), in order."""

_CSP: Final = (
    "default-src 'none'; img-src 'self' file: data:; style-src 'unsafe-inline'; "
    "base-uri 'none'; form-action 'none'"
)


def esc(value: object) -> str:
    """HTML-escape ``str(value)`` (quotes included), without bidi or control characters."""
    return html_text(value)


def _t(name: str, lang: Lang, /, **fields: object) -> str:
    return text(f"atlas.{name}", lang, **fields)


def _value(value: Any, measure: str, lang: Lang) -> str:
    if measure in COUNT_MEASURES or measure == "population":
        return number(value, lang, significant=4) if _finite(value) else number(None, lang)
    return number(value, lang, digits=3)


def _finite(value: Any) -> bool:
    try:
        return math.isfinite(float(value))
    except (TypeError, ValueError):
        return False


def _pr(value: Any, lang: Lang) -> str:
    return number(value, lang, digits=0) if _finite(value) else number(None, lang)


def _p(value: Any, lang: Lang) -> str:
    if not _finite(value):
        return number(None, lang)
    return number(float(value), lang, digits=3) if value >= 0.001 else "< " + number(0.001, lang)


def _table(
    headers: Sequence[str],
    rows: Iterable[Sequence[str]],
    *,
    numeric_from: int = 1,
    cls: str = "",
    caption: str = "",
) -> str:
    """An HTML table of cells that are already HTML; columns from `numeric_from` are numbers."""
    head = "".join(f'<th scope="col">{h}</th>' for h in headers)
    body = []
    for row in rows:
        cells = [
            f'<th scope="row">{c}</th>'
            if i == 0
            else f'<td class="num">{c}</td>'
            if i >= numeric_from
            else f"<td>{c}</td>"
            for i, c in enumerate(row)
        ]
        body.append("<tr>" + "".join(cells) + "</tr>")
    klass = f' class="{esc(cls)}"' if cls else ""
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    return (
        f'<div class="table-wrap"><table{klass}>{cap}<thead><tr>{head}</tr></thead><tbody>'
        + "".join(body)
        + "</tbody></table></div>"
    )


def _section(sid: str, lang: Lang, body: str) -> str:
    return f'<section id="{sid}">\n<h2>{esc(_t(f"section.{sid}", lang))}</h2>\n{body}\n</section>'


def _figure(fig: AtlasFigure) -> str:
    return (
        f'<figure class="fig-{esc(fig.kind)}" id="fig-{esc(fig.key)}">'
        f'<img src="{esc(fig.png)}" alt="{esc(fig.title)}">'
        f"<figcaption><strong>{esc(fig.title)}.</strong> {esc(fig.caption)} "
        f'<a href="{esc(fig.svg)}">SVG</a></figcaption></figure>'
    )


def _label(result: Atlas, name: str) -> str:
    label = result.municipalities.at[name, "label"] if name in result.municipalities.index else None
    return str(label) if isinstance(label, str) and label and label != name else ""


# ----------------------------------------------------------------------------- sections
def _overview(result: Atlas) -> str:
    lang = result.lang
    facts = [
        (_t("fact.municipalities", lang), number(result.n, lang)),
        (_t("fact.excluded", lang), number(len(result.excluded), lang)),
        (_t("fact.measures", lang), number(len(result.measures), lang)),
    ]
    if result.outcomes.shape[1]:
        facts.append((_t("fact.outcomes", lang), number(result.outcomes.shape[1], lang)))
    parts = [
        '<dl class="facts">'
        + "".join(f"<div><dt>{esc(k)}</dt><dd>{esc(v)}</dd></div>" for k, v in facts)
        + "</dl>"
    ]
    parts.append(f"<p>{esc(_t('overview_text', lang))}</p>")
    if result.notes:
        parts.append(
            '<ul class="notes">' + "".join(f"<li>{esc(n)}</li>" for n in result.notes) + "</ul>"
        )
    if len(result.excluded):
        rows = [
            [esc(r.name), esc(r.status), esc(r.error)]
            for r in result.excluded.itertuples(index=False)
        ]
        parts.append(
            _table(
                [
                    esc(_t("column.name", lang)),
                    esc(_t("column.status", lang)),
                    esc(_t("column.error", lang)),
                ],
                rows,
                numeric_from=99,
                caption=_t("excluded_caption", lang),
            )
        )
    return _section("overview", lang, "\n".join(parts))


def _distributions(result: Atlas, figures: Sequence[AtlasFigure]) -> str:
    lang = result.lang
    headers = [
        _t("column.measure", lang),
        "n",
        _t("column.min", lang),
        _t("column.q1", lang),
        _t("column.median", lang),
        _t("column.q3", lang),
        _t("column.max", lang),
        _t("column.mean", lang),
    ]
    rows = []
    for measure in result.measures:
        row = result.distribution.loc[measure]
        rows.append(
            [esc(measure_name(measure, lang)), esc(number(int(as_float(row["n"])), lang))]
            + [
                esc(_value(row[c], measure, lang))
                for c in ("min", "q1", "median", "q3", "max", "mean")
            ]
        )
    parts = [
        f"<p>{esc(_t('distributions_text', lang))}</p>",
        _table([esc(h) for h in headers], rows),
    ]
    shown = [f for f in figures if f.kind == "distribution"]
    if shown:
        parts.append('<div class="grid wide">' + "".join(_figure(f) for f in shown) + "</div>")
    return _section("distributions", lang, "\n".join(parts))


def _municipalities(result: Atlas) -> str:
    lang = result.lang
    table = result.municipalities
    meta = [c for c in ("land", "municipality_type") if table[c].notna().any()]
    headers = [esc(_t("column.name", lang))]
    headers += [esc(_t(f"column.{c}", lang)) for c in meta]
    headers.append(esc(_t("column.size_class", lang)))
    headers += [esc(measure_name(m, lang)) for m in result.measures]
    rows = []
    for name in table.index:
        label = _label(result, str(name))
        first = esc(name) + (f' <span class="small">({esc(label)})</span>' if label else "")
        cells = [first] + [esc(table.at[name, c] or "") for c in meta]
        cells.append(esc(table.at[name, "size_class"] or number(None, lang)))
        for m in result.measures:
            cells.append(
                f"{esc(_value(table.at[name, m], m, lang))}"
                f'<span class="pr">{esc(_pr(result.percentiles.at[name, m], lang))}</span>'
            )
        rows.append(cells)
    body = [
        f"<p>{esc(_t('municipalities_text', lang))}</p>",
        _table(headers, rows, numeric_from=2 + len(meta), cls="atlas-wide"),
    ]
    return _section("municipalities", lang, "\n".join(body))


def _peers(result: Atlas) -> str:
    lang = result.lang
    parts = [f"<p>{esc(_t('peers_text', lang, n=number(MIN_PEER_GROUP, lang)))}</p>"]
    summary = result.peer_summary
    if summary.empty:
        parts.append(f"<p>{esc(_t('no_peers', lang))}</p>")
    for key in result.peer_keys:
        sub = summary[summary["peer_key"] == key]
        headers = [esc(_t(f"peer.{key}", lang)), esc(_t("column.members", lang))]
        headers += [esc(measure_name(m, lang)) for m in result.measures]
        rows = [
            [esc(r["peer_group"]), esc(number(int(r["members"]), lang))]
            + [esc(_value(r[m], m, lang)) for m in result.measures]
            for _, r in sub.iterrows()
        ]
        parts.append(f"<h3>{esc(_t('peers_by', lang, key=_t(f'peer.{key}', lang)))}</h3>")
        parts.append(_table(headers, rows, cls="atlas-wide", caption=_t("peers_caption", lang)))
    return _section("peers", lang, "\n".join(parts))


def _outcomes(result: Atlas, figures: Sequence[AtlasFigure]) -> str:
    lang = result.lang
    corr = result.correlations
    parts = [
        f'<div class="warning" role="note"><p><strong>{esc(_t("caution_title", lang))}</strong> '
        f"{esc(_t('caution_text', lang))}</p></div>"
    ]
    if bool(corr["small_n"].any()):
        parts.append(
            f'<div class="warning" role="note"><p><strong>'
            f"{esc(_t('small_n_title', lang))}</strong> "
            f"{esc(_t('small_n_text', lang, n=number(SMALL_N, lang)))}</p></div>"
        )
    correction = _t(f"correction.{result.correction}", lang)
    parts.append(f"<p>{esc(_t('outcomes_text', lang, correction=correction))}</p>")
    headers = [
        _t("column.measure", lang),
        "n",
        _t("column.missing", lang),
        "ρ",
        "p",
        _t("column.p_adjusted", lang),
        "τ_b",
        "p",
        _t("column.p_adjusted", lang),
        _t("column.method", lang),
    ]
    for outcome in dict.fromkeys(corr["outcome"]):
        sub = corr[corr["outcome"] == outcome]
        rows = []
        for r in sub.itertuples(index=False):
            flag = (
                f' <span class="flag">⚠ {esc(_t("flag_small", lang))}</span>' if r.small_n else ""
            )
            rows.append(
                [
                    esc(measure_name(str(r.measure), lang)) + flag,
                    esc(number(int(r.n), lang)),
                    esc(number(int(r.n_missing), lang)),
                    esc(number(r.spearman, lang, digits=2, signed=True)),
                    esc(_p(r.spearman_p, lang)),
                    esc(_p(r.spearman_p_adjusted, lang)),
                    esc(number(r.kendall, lang, digits=2, signed=True)),
                    esc(_p(r.kendall_p, lang)),
                    esc(_p(r.kendall_p_adjusted, lang)),
                    esc(_t(f"method.{str(r.p_method).split('/')[0]}", lang)),
                ]
            )
        parts.append(f"<h3>{esc(_t('outcome_heading', lang, outcome=outcome))}</h3>")
        parts.append(_table([esc(h) for h in headers], rows))
        for fig in figures:
            if fig.kind == "correlations" and fig.title == _t(
                "figure.correlations_title", lang, outcome=outcome
            ):
                parts.append(_figure(fig))
    return _section("outcomes", lang, "\n".join(parts))


def _methods(result: Atlas) -> str:
    lang = result.lang
    bounds_p = ", ".join(number(b, lang) for b in POPULATION_CLASS_BOUNDS)
    bounds_a = ", ".join(number(b, lang) for b in ACTOR_CLASS_BOUNDS)
    items: list[tuple[str, dict[str, object]]] = [
        ("percentile", {}),
        ("quartiles", {}),
        ("size", {"population": bounds_p, "actors": bounds_a}),
        ("peers", {"n": number(MIN_PEER_GROUP, lang)}),
        ("cross_group", {}),
        ("spearman", {}),
        ("kendall", {}),
        (
            "permutation",
            {
                "n": number(result.n_permutations, lang),
                "seed": result.seed,
                "min": number(MIN_PAIRS, lang),
            },
        ),
        ("correction", {"chosen": _t(f"correction_name.{result.correction}", lang)}),
    ]
    parts = ['<dl class="kv">']
    for key, fields in items:
        parts.append(
            f"<dt>{esc(_t(f'define.{key}_title', lang))}</dt>"
            f"<dd>{esc(_t(f'define.{key}', lang, **fields))}</dd>"
        )
    parts.append("</dl>")
    parts.append(f'<p class="small">{esc(_t("methods_more", lang))}</p>')
    return _section("methods", lang, "\n".join(parts))


def _css() -> str:
    assets = resources.files("coopnet") / "assets"
    return (assets / "report.css").read_text(encoding="utf-8") + (assets / "atlas.css").read_text(
        encoding="utf-8"
    )


def render_page(result: Atlas, figures: Sequence[AtlasFigure] = ()) -> str:
    """Return ``index.html`` of the atlas: a complete HTML document without script or remote
    resource (figures are linked as ``figures/<key>.png``)."""
    from coopnet import __version__

    lang = result.lang
    sections = [s for s in SECTIONS if s != "outcomes" or len(result.correlations)]
    toc = "".join(f'<li><a href="#{s}">{esc(_t(f"section.{s}", lang))}</a></li>' for s in sections)
    title = _t("title", lang, n=number(result.n, lang))
    body = [
        '<header class="cover">',
        f'<p class="kicker">{esc(_t("kicker", lang))}</p>',
        f"<h1>{esc(title)}</h1>",
        f'<p class="meta">{esc(_t("source", lang, source=Path(result.source).name))} · '
        f"{esc(_t('generated', lang, version=__version__))}</p>",
        f'<p class="note">{esc(_t("disclaimer", lang))}</p>',
        "</header>",
        f'<nav class="toc" aria-label="{esc(_t("contents", lang))}"><h2>'
        f"{esc(_t('contents', lang))}</h2><ol>{toc}</ol></nav>",
        "<main>",
        _overview(result),
        _distributions(result, figures),
        _municipalities(result),
        _peers(result),
    ]
    if "outcomes" in sections:
        body.append(_outcomes(result, figures))
    body += [
        _methods(result),
        "</main>",
        f"<footer><p>{esc(_t('generated', lang, version=__version__))}</p></footer>",
    ]
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


def overview_html(result: Atlas) -> str:
    """A compact HTML overview (notebooks): the counts, the notes and the distribution table."""
    lang = result.lang
    parts = [f"<p><strong>{esc(_t('title', lang, n=number(result.n, lang)))}</strong></p>"]
    if result.notes:
        parts.append("<ul>" + "".join(f"<li>{esc(n)}</li>" for n in result.notes) + "</ul>")
    headers = [
        _t("column.measure", lang),
        "n",
        _t("column.q1", lang),
        _t("column.median", lang),
        _t("column.q3", lang),
    ]
    rows = [
        [
            esc(measure_name(m, lang)),
            esc(number(int(as_float(result.distribution.at[m, "n"])), lang)),
        ]
        + [esc(_value(result.distribution.at[m, c], m, lang)) for c in ("q1", "median", "q3")]
        for m in result.measures
    ]
    parts.append(_table([esc(h) for h in headers], rows))
    return "<div>" + "".join(parts) + "</div>"


# ----------------------------------------------------------------------------- files
def tables(result: Atlas) -> dict[str, pd.DataFrame]:
    """The tables of the atlas as written to ``tables/<name>.csv`` (identifying columns first)."""
    municipalities = result.municipalities.reset_index()
    ranks = result.percentiles.add_suffix("_percentile").reset_index()
    out = {
        "municipalities": municipalities.merge(ranks, on="name", how="left"),
        "distribution": result.distribution.reset_index(),
        "percentiles": result.percentiles.reset_index(),
        "peers": result.peers,
        "peer_groups": result.peer_summary,
        "excluded": result.excluded,
    }
    if len(result.correlations):
        out["outcomes"] = result.outcomes.reset_index()
        out["correlations"] = result.correlations
    return out


def _inputs(result: Atlas) -> list[Path]:
    """The files the atlas was read from (the output may not be, hold or lie in one)."""
    found = []
    for source in (result.source, result.outcomes_source):
        if source and source != "DataFrame" and Path(source).exists():
            found.append(Path(source))
    return found


def write_atlas(
    result: Atlas,
    out: str | os.PathLike[str],
    *,
    overwrite: bool = False,
    progress: Callable[[str], None] | None = None,
) -> Path:
    """Write the atlas folder: ``index.html``, ``tables/*.csv``, ``figures/*.png|svg``, ``atlas.json``.

    The folder is written as every coopnet output is (:func:`coopnet.outputs.output_folder`):
    built beside `out` and put in place when complete; an atlas written before is replaced, a
    non-empty folder coopnet did not make is refused unless `overwrite`; `out` may not be or
    lie inside the table or outcomes file it was computed from.

    Parameters
    ----------
    result
        The atlas (:func:`coopnet.atlas.atlas`).
    out
        The folder to write.
    overwrite
        Also write into a non-empty folder coopnet did not make (files of the same names are
        replaced, nothing else is deleted).
    progress
        Called with a short message before each figure.

    Returns
    -------
    pathlib.Path
        The folder (`out`).

    Raises
    ------
    OutputError
        If `out` may not be written (see :func:`coopnet.outputs.output_folder`).

    Notes
    -----
    The CSV tables are spreadsheet tables (:func:`coopnet.spreadsheet.write_csv` with
    ``spreadsheet=True``): a text cell that a spreadsheet would run as a formula starts with an
    apostrophe. ``atlas.json`` records the options, counts and notes.
    """
    from coopnet import __version__

    target = Path(out)
    with output_folder(
        target, command="atlas", inputs=_inputs(result), overwrite=overwrite
    ) as building:
        figures = draw_atlas_figures(result, building, say=progress)
        folder = building / "tables"
        folder.mkdir()
        for name, frame in tables(result).items():
            write_csv(frame, folder / f"{name}.csv", spreadsheet=True)
        (building / "index.html").write_text(
            render_page(result, figures), encoding="utf-8", newline="\n"
        )
        summary = {
            "format": 1,
            "coopnet": __version__,
            "municipalities": result.n,
            "excluded": len(result.excluded),
            "measures": list(result.measures),
            "peer_keys": list(result.peer_keys),
            "size_basis": result.size_basis,
            "outcomes": list(map(str, result.outcomes.columns)),
            "lang": result.lang,
            "n_permutations": result.n_permutations,
            "seed": result.seed,
            "correction": result.correction,
            "notes": list(result.notes),
        }
        (building / SUMMARY).write_text(
            json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    return target
