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
from coopnet.errors import InputError, Problem
from coopnet.messages import Text, problem, tr
from coopnet.survey import newactors as na
from coopnet.survey.actors import read_actor_list
from coopnet.survey.answers import Answers, interpret, problem_at
from coopnet.survey.design import (
    ORIGIN,
    ORIGIN_ROSTER,
    PERSON,
    RosterActor,
    SurveyDesign,
    fold_name,
    roster_of,
)
from coopnet.survey.returns import ReturnedSheet, read_returns
from coopnet.validation import natural_key

__all__ = ["SurveyData", "collect_responses"]

log = logging.getLogger(__name__)


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


def _first_difference(a: ReturnedSheet, b: ReturnedSheet) -> Text:
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
            return tr(
                "problems.questionnaire.difference.cell",
                cell=vb[0] or va[0],
                here=vb[1],
                there=va[1],
            )
    return tr("problems.questionnaire.difference.rows")


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
                problem(
                    "error",
                    "other_actor_list",
                    section="questionnaire",
                    file=s.where,
                    first=first.file,
                    n=len(s.roster),
                    first_n=len(first.roster),
                )
            )
    # the union of the lists (the error above stands), so that no questionnaire is reported twice
    merged = {a.id: a for a in first.roster}
    for s in sheets[1:]:
        for a in s.roster:
            merged.setdefault(a.id, a)
    roster = tuple(merged.values())
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
                problem(
                    "error",
                    "other_survey",
                    "other_book",
                    section="questionnaire",
                    file=s.where,
                    other=other,
                    other_key=s.key,
                    n=n,
                    label=label,
                    main_key=main,
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
                problem("error", "no_questionnaire", section="questionnaire", file=label)
            )
        raise InputError(problems, source=label)
    sheets = _main_survey(sheets, problems)
    design = sheets[0].design
    frame, roster = _reference(sheets, actors, problems)
    roster_ids = {a.id for a in roster}
    blank: list[str] = []
    used: dict[str, ReturnedSheet] = {}
    answers: dict[str, Answers] = {}
    for s in sheets:
        if s.respondent not in roster_ids:
            problems.append(
                problem_at(
                    s,
                    s.respondent_cell,
                    "unknown_respondent",
                    value=s.respondent,
                )
            )
            continue
        if s.blank:
            blank.append(s.where)
            problems.append(
                problem("warning", "blank_return", section="questionnaire", file=s.where)
            )
            continue
        if s.respondent in used:
            first = used[s.respondent]
            same = first.answers() == s.answers()
            details = {} if same else {"difference": _first_difference(first, s)}
            found = problem(
                "error",
                "identical_return" if same else "duplicate_return",
                section="questionnaire",
                file=s.where,
                row=2,
                column="A",
                value=s.respondent,
                first=first.where,
                **details,
            )
            problems.append(found)
            continue
        used[s.respondent] = s
        answers[s.respondent] = interpret(s, roster_ids, problems)
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
            "weight = the answer's code (see [codes.weight] and [survey])."
        ),
        directed=True,
        group=schema.GROUP if schema.GROUP in actor_table.columns else None,
        periods=(wave,) if wave else (),
        # the answers and their codes, so that ties.csv may also hold the answers as words
        codes={schema.WEIGHT: dict(zip(design.scale.labels, design.scale.codes, strict=True))},
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
            problem("error", "no_answers", section="questionnaire", file=label, n=len(sheets))
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
    answers: Mapping[str, Answers],
    resolution: na.Resolution,
    design: SurveyDesign,
    period: str | None,
    problems: list[Problem],
) -> pd.DataFrame:
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
                    problem(
                        "warning",
                        "self_tie",
                        section="questionnaire",
                        file=cell.split("!")[0],
                        cell=cell,
                    )
                )
                continue
            key = (respondent, target, tie_type)
            if key in ties:
                problems.append(
                    problem(
                        "warning",
                        "merged_answer",
                        section="questionnaire",
                        file=cell.split("!")[0],
                        cell=cell,
                        other=ties[key][1],
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
        problems.append(problem("warning", "dropped_partner", section="questionnaire", n=dropped))
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
