"""Findings as Markdown (``findings.md``), JSON (``findings.json``) and terminal text.

Every word comes from the text catalogue (``diagnose.*`` in
``coopnet/assets/texts/<lang>/diagnose.toml``). The Markdown file leads with the topics (the
findings folded by :mod:`coopnet.diagnose.topics`, ranked), then lists every single finding per
period; the terminal text shows the topics.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from coopnet.diagnose.findings import SEVERITIES, Diagnosis, Finding, Lang
from coopnet.diagnose.topics import Topic, TopicTable
from coopnet.lang import column_label, text
from coopnet.outputs import output_folder
from coopnet.textsafe import clean_text, markdown_text

__all__ = ["format_text", "recommendation_text", "render_markdown", "write_findings",
           "write_findings_files"]  # fmt: skip


def _w(key: str, lang: Lang, **fields: object) -> str:
    return text(f"diagnose.{key}", lang, **fields)


def _sections(diagnosis: Diagnosis) -> list[tuple[str | None, list[tuple[int, Finding]]]]:
    """Findings (with their rank) per period, periods in order (no period first)."""
    ranked = list(enumerate(diagnosis.findings, start=1))
    out = []
    for period in [None, *diagnosis.periods]:
        found = [(rank, f) for rank, f in ranked if f.period == period]
        if found:
            out.append((period, found))
    return out


def _counts(d: Diagnosis) -> str:
    counts = d.counts()
    by_severity = ", ".join(f"{_w('severity.' + s, d.lang)} {counts[s]}" for s in SEVERITIES)
    return _w("counts", d.lang, topics=len(d.topics), findings=len(d.findings), counts=by_severity)


def _md_table(table: TopicTable) -> list[str]:
    lines = [f"*{markdown_text(table.caption)}*", ""]
    lines.append("| " + " | ".join(markdown_text(h) for h in table.headers) + " |")
    lines.append("|" + "---|" * len(table.headers))
    lines += ["| " + " | ".join(markdown_text(c) for c in row) + " |" for row in table.rows]
    return [*lines, ""]


def recommendation_text(diagnosis: Diagnosis, ranks: Sequence[int]) -> str | None:
    """The recommended tie that addresses a finding or topic (by its ranks), as plain text.

    E.g. "neue Verbindung A – B (Reichweite, Nr. 1, 2022)"; ``None`` when none does (or the
    diagnosis has no :attr:`~Diagnosis.remedies`). Labels are not escaped.
    """
    remedies = diagnosis.remedies
    pid = remedies.link_of(ranks) if remedies is not None else None
    if remedies is None or pid is None:
        return None
    lang = diagnosis.lang
    proposal = remedies.proposal(pid)
    r = proposal.recommendation
    period = remedies.period_value or text("common.all_periods", lang)
    key = "recommendation_gap" if proposal.targeted else "recommendation_listed"
    return _w(key, lang, a=r.source_label, b=r.target_label, rank=r.rank, period=period,
              objective=text(f"recommend.{r.objective}_short", lang))  # fmt: skip


def _md_topic(number: int, topic: Topic, lang: Lang, remedy: str | None = None) -> list[str]:
    tag = _w(f"severity.{topic.severity}", lang)
    lines = [f"### {number}. [{tag}] {markdown_text(topic.statement)}", ""]
    if topic.periods:
        periods = ", ".join(markdown_text(p) for p in topic.periods)
        lines.append(f"- **{_w('periods', lang)}:** {periods}")
    if topic.headline is not None:
        lines.append(f"- **{_w('headline', lang)}:** {markdown_text(topic.headline.text)}")
    lines.append(f"- **{_w('question', lang)}:** {markdown_text(topic.question)}")
    lines.append(f"- **{_w('members', lang)}:** " + ", ".join(f"#{r}" for r in topic.findings))
    if remedy is not None:
        lines.append(f"- **{_w('recommendation', lang)}:** {markdown_text(remedy)}")
    lines.append("")
    for table in topic.tables:
        lines += _md_table(table)
    return lines


def render_markdown(diagnosis: Diagnosis, lang: Lang | None = None) -> str:
    """Return the findings as a Markdown document (the content of ``findings.md``).

    Parameters
    ----------
    diagnosis
        The diagnosis.
    lang
        ``"de"`` or ``"en"``; ``None`` keeps the diagnosis' language.

    Returns
    -------
    str
        A title with the dataset, grouping, periods and counts; the topics in rank order, each
        with its statement, periods, key number, workshop question, the ranks of its findings
        and its tables; then every single finding per period (in order), numbered by rank, with
        its statement, evidence, the actors involved and a workshop question. Labels are
        escaped for Markdown.
    """
    d = diagnosis.translated(lang or diagnosis.lang)
    language = d.lang
    grouping = column_label(d.group, language, d.column_labels) if d.group else "–"
    lines = [
        f"# {_w('title', language)}: {markdown_text(d.dataset)}",
        "",
        f"{_w('grouping', language)}: {markdown_text(grouping)} · {_w('periods', language)}: "
        f"{', '.join(markdown_text(p) for p in d.periods)} · {markdown_text(_counts(d))}",
        "",
        f"> {_w('note', language)}",
        "",
    ]
    if not d.findings:
        lines += [_w("none", language), ""]
        return "\n".join(lines).rstrip("\n") + "\n"
    lines += [f"## {_w('topics_title', language)}", ""]
    for number, topic in enumerate(d.topics, start=1):
        lines += _md_topic(number, topic, language, recommendation_text(d, topic.findings))
    lines += [f"## {_w('all_findings', language)}", ""]
    for period, findings in _sections(d):
        shown = markdown_text(period) if period is not None else _w("all", language)
        lines += [f"### {shown}", ""]
        for rank, finding in findings:
            tag = _w(f"severity.{finding.severity}", language)
            lines.append(f"#### #{rank} [{tag}] {markdown_text(finding.statement)}")
            lines.append("")
            lines.append(f"- **{_w('rule', language)}:** "
                         f"{text(f'diagnose.code_name.{finding.code}', language)}")  # fmt: skip
            if finding.evidence:
                evidence = "; ".join(markdown_text(e.text) for e in finding.evidence)
                lines.append(f"- **{_w('evidence', language)}:** {evidence}")
            if finding.actors:
                names = ", ".join(
                    markdown_text(f"{d.labels.get(a, a)} ({a})" if d.labels.get(a, a) != a else a)
                    for a in finding.actors
                )
                lines.append(f"- **{_w('actors', language)}:** {names}")
            lines.append(f"- **{_w('question', language)}:** {markdown_text(finding.question)}")
            remedy = recommendation_text(d, [rank])
            if remedy is not None:
                lines.append(f"- **{_w('recommendation', language)}:** {markdown_text(remedy)}")
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def format_text(diagnosis: Diagnosis, lang: Lang | None = None, *, limit: int | None = None) -> str:
    """Return the topics as plain text for the terminal, one block per topic.

    Parameters
    ----------
    diagnosis
        The diagnosis.
    lang
        ``"de"`` or ``"en"``; ``None`` keeps the diagnosis' language.
    limit
        Show at most this many topics (in rank order); ``None`` shows all.
    """
    d = diagnosis.translated(lang or diagnosis.lang)
    lines = [f"{d.dataset}: {_counts(d)}"]
    topics = d.topics
    shown = topics if limit is None else topics[:limit]
    for topic in shown:
        tag = _w(f"severity.{topic.severity}", d.lang).upper()
        where = f"{', '.join(topic.periods)} " if topic.periods else ""
        lines.append(f"[{tag}] {where}{topic.statement}")
        lines.append(f"    ? {topic.question}")
    if limit is not None and len(topics) > limit:
        lines.append(_w("more_topics", d.lang, n=len(topics) - limit))
    # no control character (an ESC would start a terminal escape sequence), no bidi control
    return "\n".join(clean_text(line) for line in lines) + "\n"


def write_findings_files(
    diagnosis: Diagnosis, folder: str | Path, *, lang: Lang | None = None
) -> list[Path]:
    """Write ``findings.json`` and ``findings.md`` into an existing folder; return their paths.

    No output-folder rules: for callers that manage the folder themselves (the report writes
    into the folder it is building). Use :func:`write_findings` otherwise. ``findings.json``
    (format 3) holds the topics, every finding and, when the diagnosis has them
    (:meth:`Diagnosis.with_remedies`), the recommended ties each addresses.
    """
    d = diagnosis.translated(lang or diagnosis.lang)
    target = Path(folder)
    json_path = target / "findings.json"
    body = json.dumps(d.to_dict(), indent=2, ensure_ascii=False, allow_nan=False)
    json_path.write_text(body + "\n", encoding="utf-8")
    md_path = target / "findings.md"
    md_path.write_text(render_markdown(d), encoding="utf-8")
    return [json_path, md_path]


def write_findings(
    diagnosis: Diagnosis,
    out_dir: str | Path,
    *,
    lang: Lang | None = None,
    overwrite: bool = False,
    inputs: Iterable[str | os.PathLike[str]] = (),
    provenance: Mapping[str, Any] | None = None,
) -> list[Path]:
    """Write ``findings.json`` and ``findings.md`` into `out_dir` and return their paths.

    Parameters
    ----------
    diagnosis
        The diagnosis.
    out_dir
        The output folder, written as :func:`coopnet.outputs.output_folder` writes (created if
        needed; a folder coopnet made before is replaced; a non-empty folder it did not make is
        refused unless ``overwrite``; never the input).
    lang
        Language of both files; ``None`` keeps the diagnosis' language.
    overwrite
        Also write into a non-empty folder coopnet did not make (files of the same names are
        replaced, nothing else is deleted).
    inputs
        The dataset's files or folder, which `out_dir` may not be, contain or lie in.
    provenance
        Written as ``provenance.json`` (:func:`coopnet.provenance.provenance`).

    Raises
    ------
    OutputError
        If `out_dir` may not be written (see :func:`coopnet.outputs.output_folder`).

    Notes
    -----
    Both files are UTF-8; the JSON is indented with NaN written as ``null`` and keeps every
    text exactly (it is data); the Markdown escapes it. The same input gives byte-identical
    files. ``findings.json`` (format 3) holds the topics, every finding and, when the
    diagnosis has them (:meth:`Diagnosis.with_remedies`), the recommended ties each addresses.
    """
    target = Path(out_dir)
    with output_folder(target, command="diagnose", inputs=inputs, overwrite=overwrite,
                       provenance=provenance) as folder:  # fmt: skip
        names = [p.name for p in write_findings_files(diagnosis, folder, lang=lang)]
    return [target / name for name in names]
