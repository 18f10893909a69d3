"""Compact, escaped HTML summaries of result objects for Jupyter and VS Code notebooks.

The result objects (:class:`coopnet.Study`, :class:`coopnet.metrics.NetworkAnalysis`,
:class:`coopnet.compare.PeriodComparison`, :class:`coopnet.diagnose.Diagnosis`, …) hold whole
tables; printed as dataclasses they fill a notebook with tens of kilobytes of text. Their
``_repr_html_`` shows a summary instead — the key numbers, the top actors, the top findings —
built with :func:`summary_html`, and their ``__repr__`` is one line (:func:`short_repr`). The
full tables stay one attribute away (``result.actors``).

Every text is escaped (labels are untrusted); the markup uses no ``id`` and no ``<style>``, so
any number of summaries can sit in one notebook without restyling it.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from typing import Any

from coopnet.lang import Lang, number

__all__ = ["Table", "short_repr", "summary_html", "table_rows"]

Table = tuple[str, Sequence[str], Sequence[Sequence[Any]]]
"""A table of a summary: ``(caption, header, rows)``."""

_CELL = "padding:1px 8px;text-align:left;vertical-align:top"


def _text(value: Any, lang: Lang) -> str:
    if isinstance(value, bool) or value is None:
        return "–" if value is None else str(value)
    if isinstance(value, int | float) or hasattr(value, "dtype"):
        try:
            return number(value, lang, significant=3)
        except (TypeError, ValueError):  # pragma: no cover - not a number after all
            return str(value)
    return str(value)


def summary_html(
    title: str,
    *,
    facts: Iterable[tuple[str, Any]] = (),
    tables: Iterable[Table] = (),
    items: Iterable[tuple[str, Sequence[str]]] = (),
    note: str = "",
    lang: Lang = "en",
) -> str:
    """Return a small HTML block: a title, key numbers, tables and bullet lists.

    Parameters
    ----------
    title
        The heading (bold).
    facts
        ``(name, value)`` pairs shown as one line ``name: value · name: value``; numbers are
        formatted with :func:`coopnet.lang.number` (3 significant digits) in `lang`.
    tables
        ``(caption, header, rows)`` small tables.
    items
        ``(caption, lines)`` bullet lists.
    note
        A closing line in grey (e.g. where the full tables are).
    lang
        Language of the number format.

    Returns
    -------
    str
        ``<div class="coopnet-summary">…</div>``; every text escaped.

    Examples
    --------
    >>> summary_html("<b>", facts=[("density", 0.0987654)], lang="de")
    '<div class="coopnet-summary"><strong>&lt;b&gt;</strong><br><span>density: 0,0988</span></div>'
    """
    esc = html.escape
    parts = [f"<strong>{esc(title)}</strong>"]
    shown = [f"{esc(str(k))}: {esc(_text(v, lang))}" for k, v in facts]
    if shown:
        parts.append("<br><span>" + " · ".join(shown) + "</span>")
    for caption, header, rows in tables:
        head = "".join(f'<th style="{_CELL}">{esc(str(h))}</th>' for h in header)
        body = "".join(
            "<tr>"
            + "".join(f'<td style="{_CELL}">{esc(_text(c, lang))}</td>' for c in row)
            + "</tr>"
            for row in rows
        )
        parts.append(
            f'<table style="border-collapse:collapse;margin:4px 0"><caption style="text-align:left">'
            f"{esc(caption)}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
        )
    for caption, lines in items:
        if lines:
            entries = "".join(f"<li>{esc(line)}</li>" for line in lines)
            parts.append(f'<div>{esc(caption)}</div><ul style="margin:2px 0">{entries}</ul>')
    if note:
        parts.append(f'<div style="color:#666">{esc(note)}</div>')
    return '<div class="coopnet-summary">' + "".join(parts) + "</div>"


def table_rows(frame: Any, columns: Sequence[str], *, index: bool = False) -> list[list[Any]]:
    """The rows of a DataFrame's `columns` (those present) as lists, optionally with the index."""
    present = [c for c in columns if c in frame.columns]
    rows = []
    for key, rec in zip(frame.index, frame[present].itertuples(index=False), strict=True):
        rows.append([key, *rec] if index else list(rec))
    return rows


def short_repr(kind: str, **facts: Any) -> str:
    """A one-line ``<kind key=value …>`` repr.

    Examples
    --------
    >>> short_repr("NetworkAnalysis", period="2016", actors=71)
    "<NetworkAnalysis period='2016' actors=71>"
    """
    shown = " ".join(f"{k}={v!r}" for k, v in facts.items())
    return f"<{kind} {shown}>" if shown else f"<{kind}>"
