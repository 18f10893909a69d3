"""Understand the answers of one returned answer sheet: codes, ticks, further partners, problems.

Every answer cell is read with the wave's scale (:meth:`coopnet.survey.Scale.read`); each problem
names the sheet and the cell (``cell E17: …``) in the way ``coopnet validate`` names rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from coopnet.errors import Problem, Severity, closest
from coopnet.messages import Text, problem, tr
from coopnet.survey import _layout as lay
from coopnet.survey import newactors as na
from coopnet.survey.design import SCALES
from coopnet.survey.returns import AnswerRow, ReturnedSheet
from coopnet.validation import natural_key

__all__ = ["Answers", "interpret", "problem_at"]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def problem_at(
    sheet: ReturnedSheet,
    cell: str,
    code: str,
    variant: str | None = None,
    /,
    *,
    value: str | None,
    severity: Severity = "error",
    **params: object,
) -> Problem:
    """A problem at a cell: ``file[sheet], row 17, column 'E'`` and ``cell E17`` in the message.

    The message is the catalogue entry ``problems.questionnaire.<code>[.<variant>]`` filled
    from `params` (and `value`), after ``problems.questionnaire.at_cell`` ("cell E17: …").
    """
    column = "".join(ch for ch in cell if ch.isalpha())
    row = int("".join(ch for ch in cell if ch.isdigit()) or 0) or None
    key = f"problems.questionnaire.{code}" + (f".{variant}" if variant else "")
    inner = tr(key, **({"value": value} if value is not None else {}), **params)
    at = (("cell", cell), ("message", inner))
    return Problem(
        severity,
        code,
        Text("problems.questionnaire.at_cell", at).render("en"),
        file=sheet.where,
        row=row,
        column=column,
        value=value,
        key="problems.questionnaire.at_cell",
        params=at,
    )


@dataclass
class Answers:
    """The interpreted answers of one sheet.

    Attributes
    ----------
    ties
        ``(partner id or "+typed name", tie type)`` → ``(code > 0, "file[sheet]!cell")``.
    quality
        ``(partner, question)`` → code 1–4 (only for partners with a tie).
    mentions
        The further partners named.
    answered_rows
        Partner rows with at least one answer.
    """

    ties: dict[tuple[str, str], tuple[int, str]]  # (target or "+name", tie type) -> (code, cell)
    quality: dict[tuple[str, str], int]  # (target or "+name", question) -> code
    mentions: list[na.Mention]
    answered_rows: int


def _clean_name(sheet: ReturnedSheet, text: str, cell: str, problems: list[Problem]) -> str:
    """A typed name or group: spaces collapsed, leading formula characters removed (warning)."""
    name = " ".join(text.split())
    stripped = name.lstrip("".join(_FORMULA_START)).strip()
    if stripped != name and stripped:
        problems.append(
            problem_at(
                sheet,
                cell,
                "formula_name",
                value=text,
                read_as=stripped,
                severity="warning",
            )
        )
    return stripped


def interpret(sheet: ReturnedSheet, roster_ids: set[str], problems: list[Problem]) -> Answers:
    """Read every answer of ``sheet``; append each problem to ``problems``."""
    design = sheet.design
    quality_scale = SCALES["quality"][design.lang]
    out = Answers({}, {}, [], 0)
    seen: dict[str, AnswerRow] = {}
    for row in sheet.rows:
        if row.actor:
            if row.actor not in roster_ids:
                problems.append(
                    problem_at(
                        sheet,
                        f"A{row.line}",
                        "unknown_partner",
                        value=row.actor,
                    )
                )
                continue
            if row.actor == sheet.respondent:
                problems.append(
                    problem_at(
                        sheet,
                        f"A{row.line}",
                        "self_row",
                        value=row.actor,
                    )
                )
                continue
            if row.actor in seen:
                first = seen[row.actor]
                if not row.cells or first.cells == row.cells:
                    problems.append(
                        problem_at(
                            sheet,
                            f"A{row.line}",
                            "duplicate_row",
                            value=row.actor,
                            first=first.line,
                            severity="warning",
                        )
                    )
                    continue
                if first.cells:
                    problems.append(
                        problem_at(
                            sheet,
                            f"A{row.line}",
                            "duplicate_partner_row",
                            value=row.actor,
                            first=first.line,
                            line=row.line,
                        )
                    )
                    continue
            seen[row.actor] = row
            who = row.actor
        else:
            name = _clean_name(sheet, row.name, row.name_cell, problems)
            if not name:
                if row.cells:
                    problems.append(
                        problem_at(
                            sheet,
                            row.name_cell,
                            "no_partner_name",
                            value="",
                        )
                    )
                continue
            who = "+" + name
            cell = f"{sheet.where}!{row.name_cell}"
            group = _clean_name(sheet, row.group, row.group_cell, problems)
            out.mentions.append(na.Mention(name, group, sheet.respondent, cell))
            if not row.cells:
                problems.append(
                    problem_at(
                        sheet,
                        row.name_cell,
                        "partner_without_answer",
                        value=name,
                        severity="warning",
                    )
                )
        if row.cells:
            out.answered_rows += 1
        positive = False
        quality: list[tuple[str, str, int]] = []
        for key, (cell, text) in row.cells.items():
            if key.startswith(lay.TIE):
                tie_type = design.tie_types[int(key[len(lay.TIE) :]) - 1]
                answer = design.scale.read(text)
                if answer is None:
                    hint = closest(text, design.scale.labels)
                    problems.append(
                        problem_at(
                            sheet,
                            cell,
                            "unknown_answer",
                            "tie",
                            value=text,
                            tie_type=tie_type,
                            answers=design.scale.labels,
                            hint=tr("problems.questionnaire.hint", match=hint) if hint else "",
                        )
                    )
                    continue
                if answer.kind == "tick":
                    problems.append(
                        problem_at(
                            sheet,
                            cell,
                            "tick_answer",
                            value=text,
                            answer=design.scale.label_of(answer.code),
                            code=answer.code,
                            severity="warning",
                        )
                    )
                if answer.code > 0:
                    positive = True
                    out.ties[(who, tie_type)] = (answer.code, f"{sheet.where}!{cell}")
            else:
                question = key[len(lay.QUALITY) :]
                answer = quality_scale.read(text, ticks=False)
                if answer is None:
                    problems.append(
                        problem_at(
                            sheet,
                            cell,
                            "unknown_answer",
                            "quality",
                            value=text,
                            question=question,
                            legend=quality_scale.legend(),
                        )
                    )
                    continue
                quality.append((question, cell, answer.code))
        for question, cell, code in quality:
            if positive:
                out.quality[(who, question)] = code
            else:
                problems.append(
                    problem_at(
                        sheet,
                        cell,
                        "quality_without_tie",
                        value=str(code),
                        question=question,
                        severity="warning",
                    )
                )
    expected = {a.id for a in sheet.roster} - {sheet.respondent}
    for missing in sorted((expected & roster_ids) - set(seen), key=natural_key):
        problems.append(
            problem(
                "warning",
                "missing_partner_row",
                section="questionnaire",
                file=sheet.where,
                value=missing,
            )
        )
    return out
