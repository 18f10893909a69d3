"""The report section "Im Vergleich mit den anderen N Kommunen" (``coopnet report --peers``).

Self-contained: :func:`peer_section` turns a :class:`coopnet.atlas.PeerPosition` (computed by
:func:`coopnet.atlas.compare_study` with the atlas's definitions) into one ``<section>``; the
report page includes it after the key figures when peers are given. Every text from the data
(names, groups, the file name) is escaped; numbers go through :func:`coopnet.lang.number`.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from coopnet.lang import number, text
from coopnet.textsafe import html_text

if TYPE_CHECKING:  # coopnet.atlas draws figures (matplotlib): imported only with peers
    from coopnet.atlas import PeerPosition

__all__ = ["SECTION_ID", "peer_section"]

SECTION_ID: Final = "peers"
"""Id of the section (and its table-of-contents anchor)."""

_COUNTS: Final = frozenset({"n_actors", "n_ties", "components"})


def _esc(value: object) -> str:
    return html_text(value)


def _num(value: Any, measure: str, position: PeerPosition, *, rank: bool = False) -> str:
    lang = position.lang
    try:
        finite = math.isfinite(float(value))
    except (TypeError, ValueError):
        finite = False
    if not finite:
        return _esc(number(None, lang))
    if rank:
        return _esc(number(float(value), lang, digits=0))
    if measure in _COUNTS:
        return _esc(number(float(value), lang, significant=4))
    return _esc(number(float(value), lang, digits=3))


def peer_section(position: PeerPosition) -> str:
    """The HTML ``<section id="peers">`` comparing one municipality with the others.

    Parameters
    ----------
    position
        :func:`coopnet.atlas.compare_study` of the report's study and a ``municipalities.csv``.

    Returns
    -------
    str
        One ``<section>``: heading with the number of other municipalities, the peer groups of
        this municipality, a table (measure, value, percentile rank, median of all, and per peer
        group its median and the rank within it) and the notes.
    """
    lang = position.lang

    def t(name: str, /, **fields: object) -> str:
        return text(f"atlas.report.{name}", lang, **fields)

    heading = (
        t("heading", n=number(position.n_others, lang))
        if position.n_others != 1
        else t("heading_one")
    )
    parts = [
        f'<section id="{SECTION_ID}">',
        f"<h2>{_esc(heading)}</h2>",
        f"<p>{_esc(t('intro', name=position.name, source=Path(position.source).name))}</p>",
    ]
    if position.groups:
        items = "".join(
            f"<li>{_esc(t('group_item', key=text(f'atlas.peer.{k}', lang), group=g))} "
            f"({_esc(number(int(position.table[f'{k}_n'].max()), lang))})</li>"
            for k, g in position.groups.items()
        )
        parts.append(f"<h3>{_esc(t('groups'))}</h3><ul>{items}</ul>")
    else:
        parts.append(f"<p>{_esc(t('no_groups'))}</p>")
    headers = [t("measure"), t("value"), t("percentile"), t("median")]
    for key in position.groups:
        name = text(f"atlas.peer.{key}", lang)
        headers += [t("group_median", key=name), t("group_percentile", key=name)]
    rows = []
    for measure, row in position.table.iterrows():
        cells = [f'<th scope="row">{_esc(text(f"atlas.measure.{measure}", lang))}</th>']
        values = [
            _num(row["value"], str(measure), position),
            _num(row["percentile"], str(measure), position, rank=True),
            _num(row["median"], str(measure), position),
        ]
        for key in position.groups:
            values += [
                _num(row[f"{key}_median"], str(measure), position),
                _num(row[f"{key}_percentile"], str(measure), position, rank=True),
            ]
        cells += [f'<td class="num">{v}</td>' for v in values]
        rows.append("<tr>" + "".join(cells) + "</tr>")
    head = "".join(f'<th scope="col">{_esc(h)}</th>' for h in headers)
    parts.append(
        f'<div class="table-wrap"><table class="peers"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )
    from coopnet.atlas import MIN_PEER_GROUP

    notes = [*position.notes, t("small_group", n=number(MIN_PEER_GROUP, lang)), t("more")]
    parts.append('<ul class="small">' + "".join(f"<li>{_esc(n)}</li>" for n in notes) + "</ul>")
    parts.append("</section>")
    return "\n".join(parts)
