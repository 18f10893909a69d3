"""The building blocks of the report page: escaping, number cells, tables, sections, figures.

:class:`Page` says how the page is being rendered: its language, the report folder, and whether
figures are linked (``index.html``: ``<img src="figures/….png">``) or embedded as ``data:`` URIs
(``report.html``, the single file to send). Every text that comes from the data passes through
:func:`esc`; numbers go through :func:`coopnet.lang.number`.
"""

from __future__ import annotations

import base64
import struct
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coopnet.lang import Lang, number, text
from coopnet.report.figures import ReportFigure
from coopnet.textsafe import html_text

__all__ = ["Html", "Page", "esc", "fmt", "png_size", "section", "table"]


class Html(str):
    """Text that is already HTML (escaped where needed); :func:`table` does not escape it."""

    __slots__ = ()


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


def table(
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


def section(sid: str, lang: Lang, body: str, *, cls: str = "") -> str:
    """A ``<section>`` with its heading (``report.<sid>`` of the catalogue)."""
    klass = f' class="{esc(cls)}"' if cls else ""
    return (f'<section id="{sid}"{klass}>\n<h2>{esc(text(f"report.{sid}", lang))}</h2>\n{body}\n'
            "</section>")  # fmt: skip


def png_size(path: Path) -> tuple[int, int] | None:
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


@dataclass(frozen=True)
class Page:
    """How the page is rendered.

    Attributes
    ----------
    lang
        Language of every text.
    folder
        The report folder (PNG sizes; the bytes of embedded figures); ``None`` leaves the image
        sizes out and cannot embed.
    embed
        ``True``: figures as ``data:`` URIs, no links to other files of the folder (the single
        file ``report.html``); ``False``: figures and files linked (``index.html``).
    numbers
        Figure key → its number in the page ("Abb. 3").
    """

    lang: Lang
    folder: Path | None = None
    embed: bool = False
    numbers: Mapping[str, int] = field(default_factory=dict)
    _encoded: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    def source(self, relative: str) -> str:
        """The ``src`` of an image of the folder (escaped): its relative path, or a ``data:`` URI
        (base64 needs no escaping; each file is read and encoded once)."""
        if not self.embed:
            return esc(relative)
        if self.folder is None:
            raise ValueError("embedding figures needs the report folder")
        if relative not in self._encoded:
            data = (self.folder / relative).read_bytes()
            self._encoded[relative] = "data:image/png;base64," + base64.b64encode(data).decode()
        return self._encoded[relative]

    def link(self, href: str, label: str, **attrs: str) -> str:
        """A link to a file of the report folder; in the single file its name only."""
        if self.embed:
            return f'<span class="file">{esc(label)}</span>'
        extra = "".join(f' {k.rstrip("_")}="{esc(v)}"' for k, v in attrs.items())
        return f'<a href="{esc(href)}"{extra}>{esc(label)}</a>'

    def figure(self, fig: ReportFigure, *, summary: bool = False) -> str:
        """One figure with its number, title, caption and (in ``index.html``) the SVG link."""
        size = png_size(self.folder / fig.png) if self.folder is not None else None
        dims = f' width="{size[0]}" height="{size[1]}"' if size else ""
        caption = f" {esc(fig.caption)}" if fig.caption and not summary else ""
        prefix = text("report.figure_prefix", self.lang)
        svg = (
            "" if self.embed or summary else " " + self.link(fig.svg, text("report.svg", self.lang))
        )
        ident = "" if summary else f' id="fig-{esc(fig.key)}"'
        number = None if summary else self.numbers.get(fig.key)
        label = f"<strong>{esc(prefix)} {number}:</strong> " if number else ""
        return (
            f'<figure{ident} class="fig-{esc(fig.kind)}{" fig-summary" if summary else ""}">'
            f'<img src="{self.source(fig.png)}" alt="{esc(fig.title)}"{dims}>'
            f"<figcaption>{label}{esc(fig.title)}.{caption}{svg}</figcaption></figure>"
        )
