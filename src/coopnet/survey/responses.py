"""Turn returned questionnaires into a coopnet dataset: ``coopnet survey import``.

Every answer sheet is checked and *every* problem is reported at once, with the respondent's file,
the sheet and the cell (``Fragebogen_JA.xlsx[Partner], row 17, column 'E': cell E17 …``), in the
way ``coopnet validate`` reports a dataset. Errors (nothing is written):

* a workbook that is not a coopnet questionnaire, or one of another survey (other key);
* questionnaires made from different actor lists (give ``--actors``);
* a questionnaire of an actor who is not on the actor list;
* two returned questionnaires of one respondent, identical or not (keep one);
* an answer that is not on the scale, answers without a partner name, a roster row whose hidden id
  is not an actor (copied from another questionnaire).

Warnings (the data are written): ``x`` read as the lowest "cooperation" answer, a quality answer
without a tie, a partner row deleted, a blank questionnaire (counted as not answered), a named
partner without an answer, a formula character removed from a typed name.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from coopnet import schema
from coopnet.config import DatasetMeta
from coopnet.errors import InputError, Problem, Severity, closest
from coopnet.survey import _layout as lay
from coopnet.survey import newactors as na
from coopnet.survey.actors import read_actor_list
from coopnet.survey.design import (
    ORIGIN,
    ORIGIN_ROSTER,
    PERSON,
    SCALES,
    RosterActor,
    SurveyDesign,
    roster_of,
)
from coopnet.survey.returns import AnswerRow, ReturnedSheet, read_returns
from coopnet.validation import natural_key

__all__ = ["SurveyData", "collect_responses"]

log = logging.getLogger(__name__)

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class SurveyData:
    """A survey wave read from its returned questionnaires.

    Attributes
    ----------
    actors
        ``id, label`` (, ``group``, the actor list's further columns, ``person``), ``responded``
        (a non-blank questionnaire came back) and ``origin`` (``roster``, ``new``, ``unconfirmed``).
    ties
        ``source`` (respondent), ``target``, ``weight`` (the answer's code, > 0), ``type`` (the
        tie type), ``period`` (when the wave has one) and ``trust`` / ``value`` (1–4, when asked;
        repeated on every tie type of the dyad).
    meta
        ``directed = true``, the grouping column and period, and the design in ``[survey]``.
    new_actors
        The content of ``new_actors.csv`` (see :mod:`coopnet.survey.newactors`).
    design
        The questions of the wave.
    returned
        Respondent id → the questionnaire used (``file[sheet]``).
    blank
        Questionnaires that came back without any answer (``file[sheet]``).
    problems
        Every problem found; only warnings when the data were built without errors.
    answered_rows
        Respondent id → partner rows with at least one answer.
    confirmations
        The edited ``new_actors.csv`` whose decisions were applied, if any.
    """

    actors: pd.DataFrame
    ties: pd.DataFrame
    meta: DatasetMeta
    new_actors: pd.DataFrame
    design: SurveyDesign
    returned: Mapping[str, str]
    blank: tuple[str, ...]
    problems: tuple[Problem, ...]
    answered_rows: Mapping[str, int] = field(default_factory=dict)
    confirmations: Path | None = None

    @property
    def errors(self) -> list[Problem]:
        """The problems of severity ``"error"``."""
        return [p for p in self.problems if p.severity == "error"]


def _at(
    sheet: ReturnedSheet,
    cell: str,
    code: str,
    message: str,
    value: str | None,
    *,
    severity: Severity = "error",
) -> Problem:
    """A problem at a cell: ``file[sheet], row 17, column 'E'`` and ``cell E17`` in the message."""
    column = "".join(ch for ch in cell if ch.isalpha())
    row = int("".join(ch for ch in cell if ch.isdigit()) or 0) or None
    return Problem(
        severity,
        code,
        f"cell {cell}: {message}",
        file=sheet.where,
        row=row,
        column=column,
        value=value,
    )


@dataclass
class _Answers:
    """The interpreted answers of one sheet."""

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
            _at(
                sheet,
                cell,
                "formula_name",
                "leading characters removed (spreadsheets run '=', '+', '-' and '@' "
                f"as formulas); read as {stripped!r}",
                text,
                severity="warning",
            )
        )
    return stripped


def _interpret(sheet: ReturnedSheet, roster_ids: set[str], problems: list[Problem]) -> _Answers:
    design = sheet.design
    quality_scale = SCALES["quality"][design.lang]
    out = _Answers({}, {}, [], 0)
    seen: dict[str, AnswerRow] = {}
    for row in sheet.rows:
        if row.actor:
            if row.actor not in roster_ids:
                problems.append(
                    _at(
                        sheet,
                        f"A{row.line}",
                        "unknown_partner",
                        f"the hidden partner id {row.actor!r} is not an actor of the list; was the "
                        "row copied from another questionnaire?",
                        row.actor,
                    )
                )
                continue
            if row.actor == sheet.respondent:
                problems.append(
                    _at(
                        sheet,
                        f"A{row.line}",
                        "self_row",
                        "a row for the respondent itself; delete it",
                        row.actor,
                    )
                )
                continue
            if row.actor in seen:
                first = seen[row.actor]
                if not row.cells or first.cells == row.cells:
                    problems.append(
                        _at(
                            sheet,
                            f"A{row.line}",
                            "duplicate_row",
                            f"row repeats partner {row.actor!r} of row {first.line}; read once",
                            row.actor,
                            severity="warning",
                        )
                    )
                    continue
                if first.cells:
                    problems.append(
                        _at(
                            sheet,
                            f"A{row.line}",
                            "duplicate_partner_row",
                            f"partner {row.actor!r} has answers in rows {first.line} and "
                            f"{row.line}; keep one",
                            row.actor,
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
                        _at(
                            sheet,
                            row.name_cell,
                            "no_partner_name",
                            "answers for a further partner without a name; enter the partner's name",
                            "",
                        )
                    )
                continue
            who = "+" + name
            cell = f"{sheet.where}!{row.name_cell}"
            group = _clean_name(sheet, row.group, row.group_cell, problems)
            out.mentions.append(na.Mention(name, group, sheet.respondent, cell))
            if not row.cells:
                problems.append(
                    _at(
                        sheet,
                        row.name_cell,
                        "partner_without_answer",
                        "a further partner without any answer: no tie recorded (listed in "
                        "new_actors.csv)",
                        name,
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
                        _at(
                            sheet,
                            cell,
                            "unknown_answer",
                            f"{text!r} is not an answer for '{tie_type}'; choose one of "
                            f"{', '.join(design.scale.labels)}"
                            + (f" (did you mean '{hint}'?)" if hint else ""),
                            text,
                        )
                    )
                    continue
                if answer.kind == "tick":
                    problems.append(
                        _at(
                            sheet,
                            cell,
                            "tick_answer",
                            f"{text!r} read as '{design.scale.label_of(answer.code)}' (code "
                            f"{answer.code}), the lowest answer that means cooperation",
                            text,
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
                        _at(
                            sheet,
                            cell,
                            "unknown_answer",
                            f"{text!r} is not an answer for '{question}'; choose 1, 2, 3 or 4 "
                            f"({quality_scale.legend()})",
                            text,
                        )
                    )
                    continue
                quality.append((question, cell, answer.code))
        for question, cell, code in quality:
            if positive:
                out.quality[(who, question)] = code
            else:
                problems.append(
                    _at(
                        sheet,
                        cell,
                        "quality_without_tie",
                        f"a {question} answer for a partner without cooperation; left out",
                        str(code),
                        severity="warning",
                    )
                )
    expected = {a.id for a in sheet.roster} - {sheet.respondent}
    for missing in sorted((expected & roster_ids) - set(seen), key=natural_key):
        problems.append(
            Problem(
                "warning",
                "missing_partner_row",
                f"no row for partner {missing!r}; was the row deleted? counted as no answer",
                file=sheet.where,
                value=missing,
            )
        )
    return out


def _first_difference(a: ReturnedSheet, b: ReturnedSheet) -> str:
    def cells(s: ReturnedSheet) -> dict[tuple[str, str], tuple[str, str]]:
        out: dict[tuple[str, str], tuple[str, str]] = {}
        for r in s.rows:
            who = r.actor or "+" + r.name.casefold()
            for k, (cell, text) in r.cells.items():
                out[(who, k)] = (cell, text)
        return out

    ca, cb = cells(a), cells(b)
    for key in sorted(set(ca) | set(cb)):
        va, vb = ca.get(key, ("", "")), cb.get(key, ("", ""))
        if va[1] != vb[1]:
            return f"cell {vb[0] or va[0]}: {vb[1]!r} here, {va[1]!r} there"
    return "the partner rows differ"


def _reference(
    sheets: Sequence[ReturnedSheet], actors: str | Path | None, problems: list[Problem]
) -> tuple[pd.DataFrame, tuple[RosterActor, ...]]:
    if actors is not None:
        frame = read_actor_list(actors)
        return frame, roster_of(frame)
    first = sheets[0]
    for s in sheets[1:]:
        if set(s.roster) != set(first.roster):
            problems.append(
                Problem(
                    "error",
                    "other_actor_list",
                    f"made from another actor list than {first.file} ({len(s.roster)} vs "
                    f"{len(first.roster)} actors); give --actors with the current list",
                    file=s.where,
                )
            )
    roster = first.roster
    frame = pd.DataFrame(
        {
            schema.ID: [a.id for a in roster],
            schema.LABEL: [a.label for a in roster],
            schema.GROUP: [a.group or None for a in roster],
        },
        dtype=object,
    )
    if not frame[schema.GROUP].notna().any():
        frame = frame.drop(columns=[schema.GROUP])
    if any(a.person for a in roster):
        frame[PERSON] = ["true" if a.person else "" for a in roster]
    return frame, roster


def _main_survey(sheets: list[ReturnedSheet], problems: list[Problem]) -> list[ReturnedSheet]:
    counts = Counter(s.key for s in sheets)
    main, n = counts.most_common(1)[0]
    first = next(s for s in sheets if s.key == main)
    label = " ".join(x for x in (first.design.name, first.design.period or "") if x) or main
    for s in sheets:
        if s.key != main:
            other = " ".join(x for x in (s.design.name, s.design.period or "") if x) or s.key
            problems.append(
                Problem(
                    "error",
                    "other_survey",
                    f"belongs to another survey ('{other}', key {s.key}); the other {n} "
                    f"questionnaire(s) belong to '{label}' (key {main}); remove it",
                    file=s.where,
                )
            )
    return [s for s in sheets if s.key == main]


def collect_responses(
    source: str | Path | Sequence[str | Path],
    *,
    period: str | None = None,
    actors: str | Path | None = None,
    new_actors: str | Path | None = None,
    raise_errors: bool = True,
) -> SurveyData:
    """Read and check returned questionnaires and build the wave's actor and tie tables.

    Parameters
    ----------
    source
        A folder (searched recursively for ``.xlsx``) or workbook files, in any names.
    period
        The period of the ties; default: the period the questionnaires were made for.
    actors
        The actor list with every column (``actors.csv`` written by ``survey template``); default:
        id, label, group and person from the questionnaires.
    new_actors
        An edited ``new_actors.csv`` whose decisions are applied.
    raise_errors
        ``False`` returns the data with the errors in ``problems`` (``survey status`` does).

    Raises
    ------
    InputError
        Listing every error (file, sheet, cell) when ``raise_errors``.
    """
    sheets, problems = read_returns(source)
    label = str(source) if isinstance(source, str | Path) else ", ".join(map(str, source))
    if not sheets:
        if not any(p.severity == "error" for p in problems):
            problems.append(
                Problem("error", "no_questionnaire", "no questionnaire found", file=label)
            )
        raise InputError(problems, source=label)
    sheets = _main_survey(sheets, problems)
    design = sheets[0].design
    frame, roster = _reference(sheets, actors, problems)
    roster_ids = {a.id for a in roster}
    blank: list[str] = []
    used: dict[str, ReturnedSheet] = {}
    answers: dict[str, _Answers] = {}
    for s in sheets:
        if s.respondent not in roster_ids:
            problems.append(
                _at(
                    s,
                    s.respondent_cell,
                    "unknown_respondent",
                    f"the questionnaire is for actor {s.respondent!r}, who is not on the actor list",
                    s.respondent,
                )
            )
            continue
        if s.blank:
            blank.append(s.where)
            problems.append(
                Problem(
                    "warning",
                    "blank_return",
                    "no answer at all: counted as not answered",
                    file=s.where,
                )
            )
            continue
        if s.respondent in used:
            first = used[s.respondent]
            if first.answers() == s.answers():
                message = (
                    f"same answers as {first.where}: a questionnaire returned twice; keep one file"
                )
                code = "identical_return"
            else:
                message = (
                    f"a second questionnaire of {s.respondent!r}, different from {first.where} "
                    f"({_first_difference(first, s)}); keep the right one"
                )
                code = "duplicate_return"
            problems.append(
                Problem("error", code, message, file=s.where, row=2, column="A", value=s.respondent)
            )
            continue
        used[s.respondent] = s
        answers[s.respondent] = _interpret(s, roster_ids, problems)
    confirmations: list[na.Confirmation] = []
    if new_actors is not None:
        confirmations, trouble = na.read_confirmations(new_actors)
        problems += trouble
    mentions = [m for a in answers.values() for m in a.mentions]
    resolution = na.resolve_new_actors(mentions, roster, confirmations)
    problems += resolution.problems
    wave = period if period is not None else design.period
    actor_table = _actor_table(frame, used, resolution)
    ties = _tie_table(answers, resolution, design, wave, problems)
    meta = DatasetMeta(
        name=design.name or ("Befragung" if design.lang == "de" else "Survey"),
        description=(
            f"Imported from {len(used)} returned questionnaire(s) by 'coopnet survey import'; "
            "weight = the answer's code (see [survey])."
        ),
        directed=True,
        group=schema.GROUP if schema.GROUP in actor_table.columns else None,
        periods=(wave,) if wave else (),
        survey={**design.to_table(), **({"period": wave} if wave else {})},
    )
    data = SurveyData(
        actors=actor_table,
        ties=ties,
        meta=meta,
        new_actors=resolution.table,
        design=design,
        returned={r: s.where for r, s in used.items()},
        blank=tuple(blank),
        problems=tuple(problems),
        answered_rows={r: a.answered_rows for r, a in answers.items()},
        confirmations=Path(new_actors) if new_actors is not None else None,
    )
    if raise_errors and not used and not data.errors:
        problems.append(
            Problem(
                "error",
                "no_answers",
                f"none of the {len(sheets)} questionnaire(s) has an answer; is this the folder of "
                "blank questionnaires?",
                file=label,
            )
        )
    if raise_errors and (data.errors or not used):
        raise InputError(problems, source=label)
    return data


def _actor_table(
    frame: pd.DataFrame, used: Mapping[str, ReturnedSheet], resolution: na.Resolution
) -> pd.DataFrame:
    table = frame.copy()
    table[schema.RESPONDED] = [a in used for a in table[schema.ID]]
    table[ORIGIN] = ORIGIN_ROSTER
    if resolution.actors:
        rows = []
        for a in resolution.actors:
            row: dict[str, object] = {
                schema.ID: a.id,
                schema.LABEL: a.label,
                schema.RESPONDED: False,
                ORIGIN: a.origin,
            }
            if a.group:
                row[schema.GROUP] = a.group
            if a.person is not None:
                row[PERSON] = "true" if a.person else "false"
            rows.append(row)
        extra = pd.DataFrame(rows, dtype=object)
        table = pd.concat([table.astype(object), extra], ignore_index=True)
    order = [c for c in table.columns if c not in (schema.RESPONDED, ORIGIN)] + [
        schema.RESPONDED,
        ORIGIN,
    ]
    return table[order].astype(object).where(table[order].notna(), None)


def _tie_table(
    answers: Mapping[str, _Answers],
    resolution: na.Resolution,
    design: SurveyDesign,
    period: str | None,
    problems: list[Problem],
) -> pd.DataFrame:
    from coopnet.survey.design import fold_name

    ties: dict[tuple[str, str, str], tuple[int, str]] = {}
    quality: dict[tuple[str, str], dict[str, int]] = {}
    dropped = 0
    for respondent in sorted(answers, key=natural_key):
        a = answers[respondent]

        def resolve(who: str) -> str | None:
            return resolution.target.get(fold_name(who[1:])) if who.startswith("+") else who

        for (who, tie_type), (code, cell) in a.ties.items():
            target = resolve(who)
            if target is None:
                dropped += 1
                continue
            if target == respondent:
                problems.append(
                    Problem(
                        "warning",
                        "self_tie",
                        f"{cell}: the partner was merged into the respondent itself; left out",
                        file=cell.split("!")[0],
                    )
                )
                continue
            key = (respondent, target, tie_type)
            if key in ties:
                problems.append(
                    Problem(
                        "warning",
                        "merged_answer",
                        f"{cell} and {ties[key][1]} describe the same partner (after merging); the "
                        "higher answer is kept",
                        file=cell.split("!")[0],
                    )
                )
                code = max(code, ties[key][0])
                cell = ties[key][1]
            ties[key] = (code, cell)
        for (who, question), code in a.quality.items():
            target = resolve(who)
            if target is not None and target != respondent:
                slot = quality.setdefault((respondent, target), {})
                slot[question] = max(code, slot.get(question, 0))
    if dropped:
        problems.append(
            Problem(
                "warning",
                "dropped_partner",
                f"{dropped} answer(s) about partners marked '-' (not an actor) in new_actors.csv left out",
            )
        )
    type_order = {t: i for i, t in enumerate(design.tie_types)}
    keys = sorted(ties, key=lambda k: (natural_key(k[0]), natural_key(k[1]), type_order[k[2]]))
    columns = [
        schema.SOURCE,
        schema.TARGET,
        schema.WEIGHT,
        schema.TYPE,
        schema.PERIOD,
        *design.quality,
    ]
    rows = []
    for s, t, tie_type in keys:
        q = quality.get((s, t), {})
        rows.append(
            [
                s,
                t,
                float(ties[(s, t, tie_type)][0]),
                tie_type,
                period,
                *(q.get(k) for k in design.quality),
            ]
        )
    frame = pd.DataFrame(rows, columns=columns)
    frame[schema.WEIGHT] = frame[schema.WEIGHT].astype(float)
    for k in design.quality:
        frame[k] = frame[k].astype("Int64")
    return frame
