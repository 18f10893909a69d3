"""The section "Empfehlungen": which new ties would close the gaps the findings describe.

:func:`recommendations_section` renders :class:`coopnet.diagnose.Remedies` (computed by
:func:`coopnet.diagnose.find_remedies` for the last period): one sentence on which objectives are
shown and why the others are not, then for each objective shown its greedy list of new ties --
the two actors and their groups, the value before → after and the gain, the gap the tie closes,
the findings it addresses (linked) and a question for the workshop -- and the ties proposed for
single gaps. :func:`recommendations_table` is ``tables/recommendations.csv``.

Every label and group name is escaped (:func:`~coopnet.report.page.esc`); numbers go through
:func:`coopnet.lang.number`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Final

import pandas as pd

from coopnet.diagnose import Diagnosis, Proposal, Remedies
from coopnet.lang import Lang, counted, join, number, text
from coopnet.recommend import RECOMMENDATION_COLUMNS, Recommendation, workshop_question
from coopnet.report.page import Page, esc, section

__all__ = ["RECOMMENDATION_TABLE_COLUMNS", "recommendations_section", "recommendations_table"]

RECOMMENDATION_TABLE_COLUMNS: Final[tuple[str, ...]] = (
    "id", "period", *RECOMMENDATION_COLUMNS, "gap", "findings", "question",
)  # fmt: skip
"""Columns of ``tables/recommendations.csv``: the proposal's ``id`` (the anchor in the report and
the ``recommendation.id`` of ``findings.json``), the period, the columns of ``coopnet
recommend``'s ``recommendations.csv``, the ``gap`` of a tie proposed for one gap (groups joined
with ``"; "``), the ranks of the ``findings`` it addresses (``"; "``) and the workshop
``question``."""


def _r(key: str, lang: Lang, **fields: object) -> str:
    return text(f"report.rec.{key}", lang, **fields)


def _rt(key: str, lang: Lang, **fields: object) -> str:
    """A text of ``coopnet recommend`` (``recommend.<key>``)."""
    return text(f"recommend.{key}", lang, **fields)


def _value(value: float, lang: Lang) -> str:
    return number(value, lang, digits=3)


def _period(remedies: Remedies, n_periods: int, lang: Lang) -> str:
    """How the intro names the period: "2022, den letzten Zeitraum," or "das Gesamtnetzwerk"."""
    if remedies.period_value is None:
        return _r("period_all", lang)
    if n_periods > 1:
        return _r("period_last", lang, period=remedies.period)
    return remedies.period


def _name(label: str, actor: str) -> str:
    return label if label == actor else f"{label} ({actor})"


def _choice(remedies: Remedies, lang: Lang) -> str:
    """One paragraph: the objectives shown, and why each other one is not."""
    parts = []
    if remedies.results:
        shown = join([text(f"recommend.{r.objective}_short", lang) for r in remedies.results],
                     lang)  # fmt: skip
        parts.append(_r("choice", lang, shown=shown))
    reasons = []
    for objective, reason in remedies.skipped:
        short = text(f"recommend.{objective}_short", lang)
        if reason == "nothing_to_improve":
            reasons.append(_r(f"nothing.{objective}", lang))
            continue
        fields: dict[str, object] = {"objective": short}
        if reason in ("isolates", "no_gain"):
            fields["value"] = _value(remedies.before[objective], lang)
        if reason == "isolates":
            fields["isolates"] = counted(remedies.n_isolates, "common.count.actors", lang)
        reasons.append(_r(f"skip.{reason}", lang, **fields))
    if reasons:
        parts.append(_r("not_shown", lang) + " " + " ".join(reasons))
    return " ".join(parts)


def _gap_text(r: Recommendation, lang: Lang, *, groups: bool = True) -> list[str]:
    """What gap the tie closes (the clauses of ``coopnet recommend``'s Markdown; `groups`:
    with the groups it connects)."""
    gaps = []
    if r.joins_components:
        gaps.append(_rt("joins", lang))
    if r.bypassed:
        names = [_name(lab, v) for lab, v in zip(r.bypassed_labels, r.bypassed, strict=True)]
        gaps.append(_rt("bypass", lang, actors=join(names, lang)))
    if r.group_pair is not None and groups:
        gaps.append(_rt("crosses", lang, first=r.group_pair[0], second=r.group_pair[1]))
    return gaps


def _refs(remedies: Remedies, pid: str, topic_of: Mapping[int, tuple[int, str]], lang: Lang) -> str:
    """Links to the topics and findings a proposal addresses (``""`` if none)."""
    ranks = remedies.addressed(pid)
    if not ranks:
        return ""
    topics = dict.fromkeys(topic_of[r] for r in ranks)
    links = [f'<a href="#{esc(tid)}">{esc(_r("topic_ref", lang, n=n))}</a>' for n, tid in topics]
    links += [f'<a href="#f{r}">{esc(_r("finding_ref", lang, n=r))}</a>' for r in ranks]
    return (f'<p class="members small"><strong>{esc(_r("addresses", lang))}:</strong> '
            f"{', '.join(links)}</p>")  # fmt: skip


def _card(
    proposal: Proposal, remedies: Remedies, topic_of: Mapping[int, tuple[int, str]], page: Page
) -> str:
    lang = page.lang
    r = proposal.recommendation
    short = text(f"recommend.{r.objective}_short", lang)
    short = short[:1].upper() + short[1:]

    def actor(label: str, actor: str, group: str | None) -> str:
        shown = f"<strong>{esc(_name(label, actor))}</strong>"
        return shown + (f' <span class="small">({esc(group)})</span>' if group is not None else "")

    gain = number(r.gain, lang, digits=3, signed=True)
    effect = (f"{esc(short)}: {esc(_value(r.before, lang))} → {esc(_value(r.after, lang))} "
              f"({esc(_rt('gain', lang))} {esc(gain)})")  # fmt: skip
    lines = [f'<p class="evidence"><strong>{esc(_r("effect", lang))}:</strong> {effect}</p>']
    gaps = _gap_text(r, lang, groups=not proposal.targeted)
    if proposal.targeted:
        if len(proposal.gap) == 2:
            gaps.insert(0, _r("gap_pair", lang, first=proposal.gap[0], second=proposal.gap[1]))
        else:
            gaps.insert(0, _r("gap_group", lang, group=proposal.gap[0]))
    if gaps:
        lines.append(f'<p class="evidence"><strong>{esc(_r("gap", lang))}:</strong> '
                     f"{esc('; '.join(gaps))}</p>")  # fmt: skip
    if r.key_player is not None:
        label = r.key_player_label or r.key_player
        lines.append(f'<p class="evidence"><strong>{esc(_rt("key_player", lang))}:</strong> '
                     f"{esc(_name(label, r.key_player))}</p>")  # fmt: skip
    if r.alternatives:
        key = "alternatives_one" if r.alternatives == 1 else "alternatives"
        more = _rt(key, lang, count=number(r.alternatives, lang))
        if r.shared:
            names = [_name(lab, v) for lab, v in zip(r.shared_labels, r.shared, strict=True)]
            more += " – " + _rt("shared", lang, actors=join(names, lang))
        lines.append(f'<p class="small">{esc(more)}</p>')
    rank = "" if proposal.targeted else f'<span class="rank">{r.rank}</span>'
    return (
        f'<li class="finding recommendation" id="{esc(proposal.id)}" '
        f'data-objective="{esc(r.objective)}">'
        f'<div class="finding-head">{rank}<span class="chip">{esc(short)}</span></div>'
        f'<p class="statement">{actor(r.source_label, r.source, r.source_group)} – '
        f"{actor(r.target_label, r.target, r.target_group)}</p>"
        + "".join(lines)
        + f'<p class="question"><strong>{esc(_r("question", lang))}:</strong> '
        f"{esc(workshop_question(r, lang=lang))}</p>"
        + _refs(remedies, proposal.id, topic_of, lang)
        + "</li>"
    )


def recommendations_section(
    diagnosis: Diagnosis,
    page: Page,
    *,
    n_periods: int,
    network_page: str | None = None,
) -> str:
    """The section "Empfehlungen" (``id="recommendations"``; cards ``id="rec-…"``).

    Parameters
    ----------
    diagnosis
        The diagnosis with its :attr:`~coopnet.diagnose.Diagnosis.remedies`; without them the
        section says plainly that nothing was computed.
    page
        How the page is rendered.
    n_periods
        Number of periods of the data (to name the last one as such).
    network_page
        The interactive map of the period (it shows the proposals), linked in ``index.html``.
    """
    lang = page.lang
    remedies = diagnosis.remedies
    if remedies is None:
        return section(
            "recommendations", lang, f"<p>{esc(_r('choice_none', lang, period='–'))}</p>"
        )
    period = _period(remedies, n_periods, lang)
    topic_of = {r: (i, t.id) for i, t in enumerate(diagnosis.topics, start=1) for r in t.findings}
    parts = [f'<p class="lead">{esc(_r("intro", lang, period=period))}</p>']
    proposals = remedies.proposals()
    if not proposals:
        shown = remedies.period_value or _r("period_all", lang)
        parts.append(f"<p><strong>{esc(_r('choice_none', lang, period=shown))}</strong></p>")
    choice = _choice(remedies, lang)
    if choice:
        parts.append(f"<p>{esc(choice)}</p>")
    for result in remedies.results:
        cards = [_card(Proposal(f"rec-{result.objective}-{r.rank}", r), remedies, topic_of, page)
                 for r in result.recommendations]  # fmt: skip
        key = "summary_one" if len(result) == 1 else "summary"
        summary = _rt(key, lang, before=_value(result.before, lang),
                      after=_value(result.after, lang), count=len(result))  # fmt: skip
        plateau = ""
        if result.stop == "no_gain" and result.after > 0 and len(result.final_key_players) > 1:
            pairs = zip(result.final_key_player_labels, result.final_key_players, strict=True)
            plateau = " " + _r("plateau", lang, actors=join([_name(a, b) for a, b in pairs], lang))
        parts += [
            f'<h3 id="rec-{esc(result.objective)}">{esc(_rt(result.objective, lang))}</h3>',
            f"<p>{esc(summary + plateau)}</p>",
            '<ol class="findings recommendations">' + "\n".join(cards) + "</ol>",
        ]
    if remedies.targeted:
        shown = remedies.period_value or _r("period_all", lang)
        cards = [_card(p, remedies, topic_of, page) for p in remedies.targeted]
        parts += [
            f'<h3 id="rec-gaps">{esc(_r("gaps_title", lang))}</h3>',
            f"<p>{esc(_r('gaps_intro', lang, period=shown))}</p>",
            '<ol class="findings recommendations">' + "\n".join(cards) + "</ol>",
        ]
    if proposals:
        if network_page is not None and not page.embed:
            token = "@@page@@"  # replaced by the link after escaping the sentence
            files = esc(_r("files", lang, page=token)).replace(
                token, page.link(network_page, network_page)
            )
        else:
            files = esc(_r("files_single", lang))
        parts.append(f'<p class="small">{files}</p>')
    return section("recommendations", lang, "\n".join(parts))


def recommendations_table(remedies: Remedies | None, *, lang: Lang) -> pd.DataFrame:
    """``tables/recommendations.csv``: every proposal, :data:`RECOMMENDATION_TABLE_COLUMNS`.

    One row per proposal in the order of the report (the objectives' lists, then the ties for
    single gaps); ``before``, ``after``, ``gain`` as :func:`~coopnet.recommend.recommend_ties`
    gives them; the ``question`` in `lang`. Empty (with the header) when nothing is proposed.
    """
    rows = []
    proposals: Sequence[Proposal] = remedies.proposals() if remedies is not None else ()
    for p in proposals:
        assert remedies is not None
        r = p.recommendation
        rows.append({
            "id": p.id, "period": remedies.period_value or "",
            **{c: getattr(r, c) for c in RECOMMENDATION_COLUMNS},
            "gap": "; ".join(p.gap), "findings": "; ".join(map(str, remedies.addressed(p.id))),
            "question": workshop_question(r, lang=lang),
        })  # fmt: skip
    frame = pd.DataFrame(rows, columns=list(RECOMMENDATION_TABLE_COLUMNS))
    return frame
