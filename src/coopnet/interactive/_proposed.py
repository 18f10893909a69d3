"""Proposed new ties on a network page: dashed "vorgeschlagen" edges behind a switch.

The ties come from :mod:`coopnet.recommend` (:class:`~coopnet.recommend.Recommendation`); the
page draws them as :data:`coopnet.palette.PROPOSED_TIE` says, hidden until the switch of the
"Vorschläge" panel is on, each with its numbers and workshop question in the tooltip and in the
details panel when clicked. Texts are catalogue texts and labels, escaped by the page
(``textContent``) or here (:func:`~coopnet.textsafe.html_text`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import networkx as nx

from coopnet.errors import GraphError
from coopnet.lang import Lang, join, number, text
from coopnet.messages import tr
from coopnet.palette import PROPOSED_TIE
from coopnet.recommend import Recommendation, workshop_question
from coopnet.textsafe import html_text

__all__ = ["proposed_panel", "proposed_records", "proposed_style"]


def proposed_style() -> dict[str, Any]:
    """:data:`coopnet.palette.PROPOSED_TIE` as the page uses it (vis-network options)."""
    st = PROPOSED_TIE
    return {"color": st.color, "width": st.width, "dashes": st.dash_pixels(), "opacity": st.alpha}


def _gaps(r: Recommendation, lang: Lang) -> list[str]:
    gaps = []
    if r.joins_components:
        gaps.append(text("recommend.joins", lang))
    if r.bypassed:
        gaps.append(text("recommend.bypass", lang, actors=join(list(r.bypassed_labels), lang)))
    if r.group_pair is not None:
        first, second = r.group_pair
        gaps.append(text("recommend.crosses", lang, first=first, second=second))
    return gaps


def proposed_records(
    graph: nx.Graph[Any],
    proposed: Sequence[Recommendation],
    *,
    texts: Mapping[str, str],
    lang: Lang,
) -> list[dict[str, Any]]:
    """One edge record per proposed pair (``id`` ``p0``, ``p1``, …; ``pr``: true).

    Proposals of the same pair (e.g. by two objectives) are one edge listing each; the tooltip
    rows are the status, each objective's value before → after (gain), the gap it closes and the
    workshop question of the first.

    Raises
    ------
    GraphError
        If a proposed tie names an actor that is not in `graph`, or ties an actor to itself.
    """
    pairs: dict[tuple[str, str], list[Recommendation]] = {}
    for r in proposed:
        for actor in (r.source, r.target):
            if actor not in graph:
                raise GraphError(
                    tr(
                        "errors.recommend.proposed_unknown",
                        source=r.source,
                        target=r.target,
                        actor=actor,
                    )
                )
        if r.source == r.target:
            raise GraphError(
                tr("errors.recommend.proposed_self_tie", source=r.source, target=r.target)
            )
        pairs.setdefault((r.source, r.target), []).append(r)
    records = []
    for i, ((u, v), found) in enumerate(pairs.items()):
        tip = [[texts["change"], texts["proposed"]]]
        for r in found:
            gain = number(r.gain, lang, digits=3, signed=True)
            name = text(f"recommend.{r.objective}_short", lang)
            tip.append([
                name[:1].upper() + name[1:],
                f"{number(r.before, lang, digits=3)} → {number(r.after, lang, digits=3)} ({gain})",
            ])  # fmt: skip
        gaps = list(dict.fromkeys(g for r in found for g in _gaps(r, lang)))
        if gaps:
            tip.append([texts["proposed_gap"], "; ".join(gaps)])
        tip.append([texts["proposed_question"], workshop_question(found[0], lang=lang)])
        records.append({"id": f"p{i}", "from": u, "to": v, "sep": " – ", "tip": tip, "pr": True})
    return records


def proposed_panel(texts: Mapping[str, str], count: int, lang: Lang) -> str:
    """The "Vorschläge" panel: the switch (off), the dashed legend line and a note."""
    esc = html_text
    st = proposed_style()
    dash = st["dashes"]
    pattern = f' stroke-dasharray="{" ".join(map(str, dash))}"' if isinstance(dash, list) else ""
    body = (
        f'<label class="check"><input id="show-proposed" type="checkbox"> '
        f"{esc(texts['show_proposed'].format(n=number(count, lang)))}</label>"
        '<ul id="legend-proposed" class="legend"><li data-status="proposed">'
        '<svg class="line" width="36" height="10" aria-hidden="true">'
        f'<line x1="1" y1="5" x2="35" y2="5" stroke="{st["color"]}" stroke-width="{st["width"]}"'
        f"{pattern}/></svg>"
        f'<span class="name">{esc(texts["proposed"])}</span></li></ul>'
        f'<p class="note">{esc(texts["proposed_note"])}</p>'
    )
    return (f'<section class="panel" id="proposed-panel"><h2>{esc(texts["proposals"])}</h2>'
            f"{body}</section>")  # fmt: skip
