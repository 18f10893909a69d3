"""Findings as Markdown (``findings.md``), JSON (``findings.json``) and terminal text."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Final

from coopnet.diagnose.findings import SEVERITIES, Diagnosis, Finding, Lang
from coopnet.outputs import output_folder
from coopnet.textsafe import clean_text, markdown_text

__all__ = ["format_text", "render_markdown", "write_findings", "write_findings_files"]

_WORDS: Final = {
    "de": {
        "title": "Befunde",
        "grouping": "Gruppierung",
        "periods": "Zeiträume",
        "findings": "Befunde",
        "none": "Keine Befunde.",
        "evidence": "Kennzahlen",
        "question": "Frage für den Workshop",
        "actors": "Beteiligte Akteure",
        "all": "Gesamtnetzwerk",
        "severity": {"high": "hoch", "medium": "mittel", "low": "niedrig", "info": "Info"},
        "note": (
            "Automatisch aus Netzwerkkennzahlen abgeleitete Befunde. Sie sind ein Anlass zur "
            "Diskussion, keine Bewertung der beteiligten Stellen; Schwellenwerte und Bedeutung: "
            "`docs/diagnosis.md`."
        ),
    },
    "en": {
        "title": "Findings",
        "grouping": "Grouping",
        "periods": "Periods",
        "findings": "findings",
        "none": "No findings.",
        "evidence": "Evidence",
        "question": "Question for the workshop",
        "actors": "Actors involved",
        "all": "Whole network",
        "severity": {"high": "high", "medium": "medium", "low": "low", "info": "info"},
        "note": (
            "Findings derived automatically from network measures. They are a starting point for "
            "discussion, not a judgement of the organisations involved; thresholds and meaning: "
            "`docs/diagnosis.md`."
        ),
    },
}


def _sections(diagnosis: Diagnosis) -> list[tuple[str | None, list[Finding]]]:
    """Findings per period, periods in order (findings without a period first)."""
    order = [None, *diagnosis.periods]
    out = []
    for period in order:
        found = diagnosis.for_period(period)
        if found:
            out.append((period, found))
    return out


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
        A title with the dataset, grouping, periods and counts per severity; one section per
        period (in order) with its findings in rank order, each with its statement, evidence,
        the actors involved and a workshop question. Every text from the data (dataset name,
        grouping column, periods, labels, statements) is escaped for Markdown
        (:func:`coopnet.textsafe.markdown_text`).
    """
    d = diagnosis.translated(lang or diagnosis.lang)
    words = _WORDS[d.lang]
    severity = words["severity"]
    counts = d.counts()
    summary = ", ".join(f"{severity[s]} {counts[s]}" for s in SEVERITIES)  # type: ignore[index]
    lines = [
        f"# {words['title']}: {markdown_text(d.dataset)}",
        "",
        f"{words['grouping']}: {markdown_text(d.group)} · {words['periods']}: "
        f"{', '.join(markdown_text(p) for p in d.periods)} · "
        f"{len(d.findings)} {words['findings']} ({summary})",
        "",
        f"> {words['note']}",
        "",
    ]
    if not d.findings:
        lines += [str(words["none"]), ""]
    for period, findings in _sections(d):
        lines += [f"## {markdown_text(period) if period is not None else words['all']}", ""]
        for number, finding in enumerate(findings, start=1):
            tag = severity[finding.severity]  # type: ignore[index]
            lines.append(f"### {number}. [{tag}] {markdown_text(finding.statement)}")
            lines.append("")
            if finding.evidence:
                evidence = "; ".join(markdown_text(e.text) for e in finding.evidence)
                lines.append(f"- **{words['evidence']}:** {evidence}")
            if finding.actors:
                names = ", ".join(
                    markdown_text(f"{d.labels.get(a, a)} ({a})" if d.labels.get(a, a) != a else a)
                    for a in finding.actors
                )
                lines.append(f"- **{words['actors']}:** {names}")
            lines.append(f"- **{words['question']}:** {markdown_text(finding.question)}")
            lines.append(f"- `{finding.code}`")
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def format_text(diagnosis: Diagnosis, lang: Lang | None = None, *, limit: int | None = None) -> str:
    """Return the findings as plain text for the terminal, one block per finding.

    Parameters
    ----------
    diagnosis
        The diagnosis.
    lang
        ``"de"`` or ``"en"``; ``None`` keeps the diagnosis' language.
    limit
        Show at most this many findings (in rank order); ``None`` shows all.
    """
    d = diagnosis.translated(lang or diagnosis.lang)
    words = _WORDS[d.lang]
    severity = words["severity"]
    counts = d.counts()
    summary = ", ".join(f"{severity[s]} {counts[s]}" for s in SEVERITIES)  # type: ignore[index]
    lines = [f"{d.dataset}: {len(d.findings)} {words['findings']} ({summary})"]
    shown = d.findings if limit is None else d.findings[:limit]
    for finding in shown:
        tag = str(severity[finding.severity]).upper()  # type: ignore[index]
        where = f"{finding.period} " if finding.period is not None else ""
        lines.append(f"[{tag}] {where}{finding.statement}")
        lines.append(f"    ? {finding.question}")
    if limit is not None and len(d.findings) > limit:
        more = len(d.findings) - limit
        lines.append(f"… {more} {'weitere' if d.lang == 'de' else 'more'}")
    # no control character (an ESC would start a terminal escape sequence), no bidi control
    return "\n".join(clean_text(line) for line in lines) + "\n"


def write_findings_files(
    diagnosis: Diagnosis, folder: str | Path, *, lang: Lang | None = None
) -> list[Path]:
    """Write ``findings.json`` and ``findings.md`` into an existing folder; return their paths.

    No output-folder rules: for callers that manage the folder themselves (the report writes
    into the folder it is building). Use :func:`write_findings` otherwise.
    """
    d = diagnosis.translated(lang or diagnosis.lang)
    target = Path(folder)
    json_path = target / "findings.json"
    text = json.dumps(d.to_dict(), indent=2, ensure_ascii=False, allow_nan=False)
    json_path.write_text(text + "\n", encoding="utf-8")
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
    files.
    """
    target = Path(out_dir)
    with output_folder(target, command="diagnose", inputs=inputs, overwrite=overwrite,
                       provenance=provenance) as folder:  # fmt: skip
        names = [p.name for p in write_findings_files(diagnosis, folder, lang=lang)]
    return [target / name for name in names]
