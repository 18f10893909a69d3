"""Recommendations as Markdown (``recommendations.md``), CSV and terminal text, German or English.

Texts come from the catalogue (``coopnet/assets/texts/<lang>/recommend.toml``, through
:mod:`coopnet.lang`), numbers from :func:`coopnet.lang.number`.

Labels and group names are untrusted text from the dataset: :func:`format_markdown` escapes them
(and drops line breaks) so a label cannot open a link, a table cell or raw HTML.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from coopnet.lang import Lang, catalogue, check_lang, join, number
from coopnet.outputs import output_folder
from coopnet.recommend.greedy import Recommendation, Recommendations
from coopnet.spreadsheet import write_csv
from coopnet.textsafe import markdown_text

__all__ = ["format_markdown", "format_text", "workshop_question", "write_recommendations"]


def _words(lang: str) -> Mapping[str, str]:
    """The ``recommend`` texts of the catalogue in `lang`, by key (``"title"``, ...).

    Also ``none``, ``all_periods`` and ``and`` from the common texts.
    """
    texts = catalogue(check_lang(lang))
    words = {
        k.removeprefix("recommend."): v for k, v in texts.items() if k.startswith("recommend.")
    }
    for key in ("none", "all_periods"):
        words[key] = texts[f"common.{key}"]
    return words


def _code(value: str) -> str:
    """Return `value` as a Markdown code span (backslash escapes would show there literally).

    Backticks become apostrophes and line breaks spaces, so the span cannot be closed early.
    """
    return "`" + " ".join(value.replace("`", "'").splitlines()) + "`"


def _number(value: float, lang: Lang) -> str:
    """An objective value, three decimals (:func:`coopnet.lang.number`)."""
    return number(value, lang, digits=3)


def _name(label: str, actor: str) -> str:
    return label if label == actor else f"{label} ({actor})"


def workshop_question(recommendation: Recommendation, *, lang: Lang = "de") -> str:
    """Return a question for the workshop about one recommended tie (plain text, not escaped).

    Parameters
    ----------
    recommendation
        The recommended tie.
    lang
        ``"de"`` (default) or ``"en"``.

    Returns
    -------
    str
        One question: whether the two actors could find an occasion to work together (if no
        path joined them), how they could stay in direct contact without the actors every path
        ran through (``bypassed``), how the two groups could talk directly (different groups),
        or what speaks for or against direct cooperation.
    """
    words = _words(lang)
    r = recommendation
    a, b = r.source_label, r.target_label
    if r.joins_components:
        return words["q_joins"].format(a=a, b=b)
    if r.bypassed:
        names = list(r.bypassed_labels)
        return words["q_bypass"].format(a=a, b=b, actors=join(names, lang))
    if r.group_pair is not None:
        return words["q_groups"].format(a=a, b=b, ga=r.source_group, gb=r.target_group)
    return words["q_plain"].format(a=a, b=b)


def _candidates_text(result: Recommendations, lang: Lang) -> str:
    words = _words(lang)
    if result.liaison_mode:
        parts = [words["cand_liaison"].format(k=result.k)]
    else:
        parts = [words["cand_active"]]
        if result.across_groups:
            parts.append(words["cand_across"])
    if result.sources:
        parts.append(words["cand_from"].format(actors=", ".join(result.sources)))
    if result.targets:
        parts.append(words["cand_to"].format(actors=", ".join(result.targets)))
    return "; ".join(parts)


def _summary(result: Recommendations, lang: Lang) -> str:
    words = _words(lang)
    before, after = _number(result.before, lang), _number(result.after, lang)
    if not result.recommendations:
        return words["summary_none"].format(before=before)
    key = "summary_one" if len(result) == 1 else "summary"
    return words[key].format(before=before, after=after, count=len(result))


def format_markdown(result: Recommendations, *, lang: Lang = "de") -> str:
    """Return the recommendations as a Markdown document (the content of ``recommendations.md``).

    Parameters
    ----------
    result
        The result of :func:`~coopnet.recommend.recommend_ties`.
    lang
        ``"de"`` (default) or ``"en"``.

    Returns
    -------
    str
        A title with the dataset; the objective, period, grouping and candidate rule; the value
        before and after; a table of the ties; one section per tie with its effect, the gap it
        closes, the number of equally good alternatives and a workshop question; why the list
        is shorter than asked, if it is. Every label and group name is escaped for Markdown.
    """
    words = _words(lang)

    def person(label: str, actor: str) -> str:
        return markdown_text(_name(label, actor))

    period = result.period if result.period is not None else words["all_periods"]
    grouping = _code(result.group) if result.group else words["none"]
    lines = [
        f"# {words['title']}: {markdown_text(result.dataset or '–')}",
        "",
        f"- **{words['objective']}:** {words[result.objective]}",
        f"- **{words['period']}:** {markdown_text(period)} · **{words['grouping']}:** {grouping}",
        f"- **{words['candidates']}:** {markdown_text(_candidates_text(result, lang))}",
    ]
    if result.liaison_mode and result.recommendations:
        first = result.recommendations[0]
        lines.append(f"- **{words['liaison']}:** {person(first.source_label, first.source)}")
    lines += ["", _summary(result, lang), "", f"> {words['note']}", ""]
    short = words[f"{result.objective}_short"]
    if result.recommendations:
        lines += [
            f"| {words['rank']} | {words['tie']} | {words['groups']} | {words['before']} | "
            f"{words['after']} | {words['gain']} |",
            "|---:|---|---|---:|---:|---:|",
        ]
        for r in result.recommendations:
            groups = (
                f"{markdown_text(r.source_group or '')} – {markdown_text(r.target_group or '')}"
                if r.source_group is not None
                else "–"
            )
            tie = (
                f"{markdown_text(_name(r.source_label, r.source))} – "
                f"{markdown_text(_name(r.target_label, r.target))}"
            )
            lines.append(
                f"| {r.rank} | {tie} | {groups} | {_number(r.before, lang)} | "
                f"{_number(r.after, lang)} | {_number(r.gain, lang)} |"
            )
        lines.append("")
    for r in result.recommendations:
        lines += [
            f"### {r.rank}. {markdown_text(r.source_label)} – {markdown_text(r.target_label)}",
            "",
            f"- **{words['effect']}:** {short} {_number(r.before, lang)} → "
            f"{_number(r.after, lang)} ({words['gain']} {_number(r.gain, lang)})",
        ]
        gaps = []
        if r.joins_components:
            gaps.append(words["joins"])
        if r.bypassed:
            listed = join(
                [person(lab, v) for lab, v in zip(r.bypassed_labels, r.bypassed, strict=True)],
                lang,
            )
            gaps.append(words["bypass"].format(actors=listed))
        if r.group_pair is not None:
            gaps.append(
                words["crosses"].format(
                    first=markdown_text(r.group_pair[0]), second=markdown_text(r.group_pair[1])
                )
            )
        if gaps:
            lines.append(f"- **{words['gap']}:** " + "; ".join(gaps))
        if r.key_player is not None:
            label = r.key_player_label or r.key_player
            lines.append(f"- **{words['key_player']}:** {person(label, r.key_player)}")
        if r.alternatives:
            key = "alternatives_one" if r.alternatives == 1 else "alternatives"
            alternatives = words[key].format(count=r.alternatives)
            if r.shared:
                listed = join(
                    [person(lab, v) for lab, v in zip(r.shared_labels, r.shared, strict=True)],
                    lang,
                )
                alternatives += " – " + words["shared"].format(actors=listed)
            lines.append(f"- {alternatives}")
        question = workshop_question(r, lang=lang)
        lines += [f"- **{words['question']}:** {markdown_text(question)}", ""]
    if result.liaison_mode and result.liaison is None:
        lines += [words["liaison_none"], ""]
    elif len(result) < result.k and result.stop != "complete":
        lines += [words[result.stop], ""]
        plateau = result.stop == "no_gain" and result.after > 0
        if plateau and len(result.final_key_players) > 1:
            pairs = zip(result.final_key_player_labels, result.final_key_players, strict=True)
            listed = join([person(lab, v) for lab, v in pairs], lang)
            lines += [words["plateau"].format(actors=listed), ""]
    if result.n_isolates and not (result.sources or result.targets):
        key = "isolates_one" if result.n_isolates == 1 else "isolates"
        lines += [words[key].format(count=result.n_isolates), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def format_text(result: Recommendations, *, lang: Lang = "de") -> str:
    """Return a short plain-text summary for the terminal: the values and one line per tie."""
    words = _words(lang)
    head = f"{result.dataset or '–'}"
    if result.period is not None:
        head += f" ({result.period})"
    lines = [f"{head}: {words[f'{result.objective}_short']}. {_summary(result, lang)}"]
    for r in result.recommendations:
        lines.append(
            f"  {r.rank}. {_name(r.source_label, r.source)} – {_name(r.target_label, r.target)}: "
            f"{_number(r.before, lang)} → {_number(r.after, lang)}"
        )
    if len(result) < result.k and result.stop != "complete":
        lines.append("  " + words[result.stop])
    return "\n".join(lines) + "\n"


def write_recommendations(
    result: Recommendations,
    out_dir: str | Path,
    *,
    lang: Lang = "de",
    overwrite: bool = False,
    inputs: Iterable[str | os.PathLike[str]] = (),
    provenance: Mapping[str, Any] | None = None,
) -> list[Path]:
    """Write ``recommendations.csv`` and ``recommendations.md`` into `out_dir`; return the paths.

    Parameters
    ----------
    result
        The result of :func:`~coopnet.recommend.recommend_ties`.
    out_dir
        The output folder, written as :func:`coopnet.outputs.output_folder` writes: a folder
        coopnet made before is replaced, a non-empty folder it did not make is refused unless
        ``overwrite``, and it may not be, contain or lie inside one of ``inputs``.
    lang
        Language of the Markdown file (``"de"`` default, ``"en"``); the CSV has fixed English
        column names (:data:`~coopnet.recommend.RECOMMENDATION_COLUMNS`).
    provenance
        Written as ``provenance.json`` (:func:`coopnet.provenance.provenance`).

    Notes
    -----
    UTF-8, ``\\n`` line ends; the same input gives byte-identical files. The CSV has a header
    even when no tie is recommended.
    """
    target = Path(out_dir)
    with output_folder(target, command="recommend", inputs=inputs, overwrite=overwrite,
                       provenance=provenance) as folder:  # fmt: skip
        write_csv(result.to_frame(), folder / "recommendations.csv", spreadsheet=False)
        (folder / "recommendations.md").write_text(
            format_markdown(result, lang=lang), encoding="utf-8", newline="\n"
        )
    return [target / "recommendations.csv", target / "recommendations.md"]
