"""The findings in the report: "Das Wichtigste in Kürze", the topics, and the appendix.

* :func:`summary_section` — one page: the :data:`KEY_MESSAGES` most urgent topics of the
  diagnosis (:attr:`coopnet.diagnose.Diagnosis.topics`), each with the number behind it and a
  link to its detail, and one figure (the network of the last period);
* :func:`findings_section` — the first ``top`` topics in detail: statement, periods, key number,
  the small tables of the topic (e.g. every group pair that meets only through one actor), the
  workshop question and links to its single findings;
* :func:`appendix_section` — the remaining topics in one table and every single finding (as in
  ``findings.json``), each linked to its topic.

A topic or finding that a recommended new tie addresses links to it in the section
"Empfehlungen" (:class:`RemedyLinks`, from :attr:`coopnet.diagnose.Diagnosis.remedies`).

Every text from the data (labels, group names, statements) is escaped (:func:`esc`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final

from coopnet import schema
from coopnet.diagnose import Diagnosis, Finding, Topic, TopicTable, recommendation_text
from coopnet.lang import Lang, counted, number, text
from coopnet.report.figures import ReportFigure
from coopnet.report.page import Html, Page, esc, section, table

__all__ = ["DEFAULT_TOP", "KEY_MESSAGES", "RemedyLinks", "appendix_section", "findings_section",
           "summary_section"]  # fmt: skip

KEY_MESSAGES: Final = 7
"""Topics on the summary page (fewer when the diagnosis has fewer)."""

DEFAULT_TOP: Final = schema.REPORT_TOP
"""Topics shown in detail in the main text (``coopnet report --top N``); the rest go to the
appendix."""


@dataclass(frozen=True)
class RemedyLinks:
    """Which topic and which finding links to which recommended tie.

    Attributes
    ----------
    topics
        Topic id → ``(anchor, text)``: the id of the tie's card in "Empfehlungen" and the tie
        in words (:func:`coopnet.diagnose.recommendation_text`).
    findings
        Rank of a finding → ``(anchor, text)``.
    """

    topics: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    findings: Mapping[int, tuple[str, str]] = field(default_factory=dict)

    @classmethod
    def of(cls, diagnosis: Diagnosis) -> RemedyLinks:
        """The links of a diagnosis (none without :attr:`~Diagnosis.remedies`)."""
        remedies = diagnosis.remedies
        if remedies is None:
            return cls()

        def link(ranks: Sequence[int]) -> tuple[str, str] | None:
            pid, words = remedies.link_of(ranks), recommendation_text(diagnosis, ranks)
            return None if pid is None or words is None else (pid, words)

        topics = {t.id: found for t in diagnosis.topics if (found := link(t.findings))}
        findings = {r: found for r in remedies.links if (found := link([r]))}
        return cls(topics, findings)


def _remedy(found: tuple[str, str] | None, lang: Lang) -> str:
    """The paragraph linking to a recommended tie (``""`` without one)."""
    if found is None:
        return ""
    anchor, words = found
    return (f'<p class="remedy small"><strong>{esc(text("report.rec.link", lang))}:</strong> '
            f'<a href="#{esc(anchor)}">{esc(words)}</a></p>')  # fmt: skip


def _severity(severity: str, lang: Lang) -> str:
    return (f'<span class="badge sev-{esc(severity)}">'
            f"{esc(text(f'diagnose.severity.{severity}', lang))}</span>")  # fmt: skip


def _chips(periods: Sequence[str]) -> str:
    return "".join(f'<span class="chip">{esc(p)}</span>' for p in periods)


def _topics(n: int, lang: Lang) -> str:
    return counted(n, "report.counts.topics", lang)


_NUMBER: Final = re.compile(r"^(< )?[−+±]?[\d.,]+(\u202f%)?$")


def _topic_table(data: TopicTable, lang: Lang) -> str:
    """A topic's table; cells that are numbers are right-aligned like the other tables'."""
    head = "".join(f'<th scope="col">{esc(h)}</th>' for h in data.headers)
    body = "".join(
        "<tr>" + "".join(f'<td class="num">{esc(c)}</td>' if _NUMBER.match(c) else
                         f"<td>{esc(c)}</td>" for c in row) + "</tr>"
        for row in data.rows
    )  # fmt: skip
    return (f'<div class="table-wrap"><table class="topic-table"><caption>{esc(data.caption)}'
            f"</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>")  # fmt: skip


def summary_section(
    topics: Sequence[Topic],
    n_findings: int,
    figure: ReportFigure | None,
    page: Page,
    *,
    links: RemedyLinks = RemedyLinks(),
    recommendations: str = "",
) -> str:
    """The summary page: ranked key messages with their number and a link, and one figure.

    A message whose topic a recommended tie addresses links to it as well (`links`);
    `recommendations` is a line on the recommendations after the messages (plain text, linked
    to the section), ``""`` for none.
    """
    lang = page.lang
    items = []
    for rank, topic in enumerate(topics[:KEY_MESSAGES], start=1):
        number = (f'<span class="number">{esc(topic.headline.text)}</span> · '
                  if topic.headline is not None else "")  # fmt: skip
        link = f"#{topic.id}"
        found = links.topics.get(topic.id)
        remedy = (f' · <a href="#{esc(found[0])}">{esc(text("report.rec.link", lang))}</a>'
                  if found is not None else "")  # fmt: skip
        items.append(
            f'<li class="message sev-{esc(topic.severity)}">'
            f'<span class="rank">{rank}</span><div>'
            f'<p class="message-text">{esc(topic.statement)}</p>'
            f'<p class="message-meta">{_severity(topic.severity, lang)}{_chips(topic.periods)} '
            f'{number}<a href="{esc(link)}">{esc(text("report.details", lang))}</a>{remedy}</p>'
            "</div></li>"
        )
    parts = [f'<p class="lead">{esc(text("report.summary_intro", lang))}</p>']
    if items:
        parts.append('<ol class="messages">' + "".join(items) + "</ol>")
    else:
        parts.append(f"<p>{esc(text('report.no_findings', lang))}</p>")
    if len(topics) > KEY_MESSAGES:
        more = text("report.summary_more", lang, topics=_topics(len(topics), lang),
                    findings=counted(n_findings, "report.counts.findings_from", lang))  # fmt: skip
        parts.append(f'<p class="small">{esc(more)}</p>')
    if recommendations:
        parts.append(f'<p class="small"><a href="#recommendations">{esc(recommendations)}</a></p>')
    side = page.figure(figure, summary=True) if figure is not None else ""
    body = f'<div class="summary-grid"><div>{"".join(parts)}</div><div>{side}</div></div>'
    return section("summary", lang, body, cls="summary-page")


def _topic_card(rank: int, topic: Topic, page: Page, remedy: tuple[str, str] | None = None) -> str:
    lang = page.lang
    number = (f'<p class="evidence"><strong>{esc(text("diagnose.headline", lang))}:</strong> '
              f"{esc(topic.headline.text)}</p>" if topic.headline is not None else "")  # fmt: skip
    tables = "".join(_topic_table(t, lang) for t in topic.tables)
    links = ", ".join(f'<a href="#f{r}">#{r}</a>' for r in topic.findings)
    kind = text(f"diagnose.code_name.{topic.kind}", lang)
    return (
        f'<li class="finding topic sev-{esc(topic.severity)}" id="{esc(topic.id)}" '
        f'data-kind="{esc(topic.kind)}">'
        f'<div class="finding-head"><span class="rank">{rank}</span>'
        f"{_severity(topic.severity, lang)}{_chips(topic.periods)}"
        f'<span class="kind">{esc(kind)}</span></div>'
        f'<p class="statement">{esc(topic.statement)}</p>{number}{tables}'
        f'<p class="question"><strong>{esc(text("report.question", lang))}:</strong> '
        f"{esc(topic.question)}</p>{_remedy(remedy, lang)}"
        f'<p class="members small">{esc(text("report.members", lang))}: {links}</p></li>'
    )


def findings_section(
    topics: Sequence[Topic],
    n_findings: int,
    top: int,
    page: Page,
    *,
    links: RemedyLinks = RemedyLinks(),
) -> str:
    """The first `top` topics in detail (the others are in the appendix), with their links."""
    lang = page.lang
    intro = text("report.findings_intro", lang)
    counts = text("report.findings_counts", lang, topics=_topics(len(topics), lang),
                  findings=counted(n_findings, "report.counts.findings_from", lang))  # fmt: skip
    parts = [f"<p>{esc(intro)}</p>", f"<p><strong>{esc(counts)}</strong></p>"]
    if not topics:
        parts.append(f"<p>{esc(text('report.no_findings', lang))}</p>")
    cards = [_topic_card(rank, t, page, links.topics.get(t.id))
             for rank, t in enumerate(topics[:top], start=1)]  # fmt: skip
    if cards:
        parts.append('<ol class="findings">' + "\n".join(cards) + "</ol>")
    more = text("report.findings_more", lang, n=number(max(len(topics) - top, 0), lang))
    parts.append(
        f'<p class="small">{esc(more)} '
        f'<a href="#appendix">{esc(text("report.appendix", lang))}</a></p>'
    )
    return section("findings", lang, "\n".join(parts))


def appendix_section(
    topics: Sequence[Topic],
    findings: Sequence[Finding],
    top: int,
    page: Page,
    *,
    links: RemedyLinks = RemedyLinks(),
) -> str:
    """The remaining topics and every single finding, each linked to its topic (and to the
    recommended tie that addresses it)."""
    lang = page.lang
    parts = [f"<p>{esc(text('report.appendix_intro', lang))}</p>"]
    rest = list(enumerate(topics, start=1))[top:]
    if rest:
        rows = [[Html(f'<span id="{esc(t.id)}">{rank}</span>'),
                 Html(_severity(t.severity, lang)), ", ".join(t.periods) or "–",
                 Html(f"{esc(t.statement)}<br><span class=\"small\">{esc(t.question)}</span>"
                      + _remedy(links.topics.get(t.id), lang))]
                for rank, t in rest]  # fmt: skip
        headers = ["#", text("report.severity", lang), text("report.periods", lang),
                   text("report.topic", lang)]  # fmt: skip
        parts.append(f"<h3>{esc(text('report.more_topics_title', lang))}</h3>")
        parts.append(table(headers, rows, lang, cls="minor"))
    topic_of = {r: (i, t.id) for i, t in enumerate(topics, start=1) for r in t.findings}
    rows = []
    for rank, f in enumerate(findings, start=1):
        number, tid = topic_of[rank]
        rows.append([
            Html(f'<span id="f{rank}">{rank}</span>'), Html(_severity(f.severity, lang)),
            f.period or text("report.whole_network", lang),
            text(f"diagnose.code_name.{f.code}", lang),
            Html(esc(f.statement) + _remedy(links.findings.get(rank), lang)),
            Html(f'<a href="{f"#{esc(tid)}"}">{number}</a>'),
        ])  # fmt: skip
    headers = ["#", text("report.severity", lang), text("report.period", lang),
               text("report.kind", lang), text("report.finding", lang),
               text("report.topic_short", lang)]  # fmt: skip
    parts.append(f"<h3>{esc(text('report.all_findings', lang))}</h3>")
    parts.append(table(headers, rows, lang, cls="minor all-findings"))
    return section("appendix", lang, "\n".join(parts))
