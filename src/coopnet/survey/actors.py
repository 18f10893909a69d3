"""The actor list of a survey: read and validated like a dataset's actor table; rosters of waves."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from coopnet import schema
from coopnet.config import DatasetMeta
from coopnet.errors import InputError, Problem
from coopnet.io import RawDataset, RawTable, read_csv_table
from coopnet.messages import Text, problem, tr
from coopnet.model import load
from coopnet.survey import _layout as lay
from coopnet.survey.design import (
    ORIGIN,
    ORIGIN_UNCONFIRMED,
    PERSON,
    SurveyDesign,
    fold,
)
from coopnet.validation import parse_bool, validate_raw

__all__ = ["Wave", "read_actor_list", "wave_roster"]

#: Columns of an earlier wave that describe that wave, not the actor; they are not carried over.
_WAVE_COLUMNS = (schema.RESPONDED, schema.ACTOR_PERIODS, ORIGIN)
_SHEET_NAMES = (schema.ACTORS_SHEET, "akteure", "akteursliste")


def _sheet_table(path: Path) -> RawTable | None:
    """The actor sheet of an Excel file as text cells; ``None`` when it is a dataset workbook."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zipfile, KeyError, ValueError, OSError …
        raise InputError(
            tr("errors.survey.not_workbook", detail=str(exc)), source=str(path)
        ) from exc
    try:
        names = {name.strip().casefold(): name for name in book.sheetnames}
        if schema.TIES_SHEET in names:
            return None
        sheet_name = next((names[n] for n in _SHEET_NAMES if n in names), book.sheetnames[0])
        rows = list(book[sheet_name].iter_rows(values_only=True))
    finally:
        book.close()
    file = f"{path.name}[{sheet_name}]"
    if not rows:
        return RawTable(
            file=file,
            columns=[],
            problems=[problem("error", "empty_file", section="questionnaire", file=file)],
        )
    table = RawTable(file=file, columns=[lay.cell_text(v) for v in rows[0]])
    for line, values in enumerate(rows[1:], start=2):
        cells = [lay.cell_text(v) for v in values][: len(table.columns)]
        if any(cells):
            table.rows.append(cells + [""] * (len(table.columns) - len(cells)))
            table.line_numbers.append(line)
    return table


def _person_problems(table: RawTable) -> list[Problem]:
    problems = []
    for j, name in enumerate(table.columns):
        if name.casefold() != PERSON:
            continue
        table.columns[j] = PERSON
        for cells, line in zip(table.rows, table.line_numbers, strict=True):
            if cells[j] and parse_bool(cells[j]) is None:
                problems.append(
                    problem(
                        "error",
                        "bad_person",
                        "actor_list",
                        section="questionnaire",
                        file=table.file,
                        row=line,
                        column=PERSON,
                        value=cells[j],
                    )
                )
    return problems


def read_actor_list(path: str | Path) -> pd.DataFrame:
    """Read the actors of a survey: a CSV or Excel actor list, or the actors of a dataset.

    Parameters
    ----------
    path
        A CSV file (any separator, UTF-8 or Windows-1252) or an ``.xlsx`` with a sheet ``actors``
        (else the first sheet) with the columns ``id`` and optionally ``label``, ``group``,
        ``person`` and any further column; German names (``Kürzel``, ``Bezeichnung``, ``Gruppe``)
        are accepted as in a dataset. A dataset folder or dataset workbook gives its actor table.

    Returns
    -------
    pandas.DataFrame
        ``id, label`` (label defaults to the id), ``group`` when given, then the further columns;
        the wave-specific columns ``responded``, ``periods`` and ``origin`` are left out.

    Raises
    ------
    InputError
        Every problem of the list (file, row, column, value), as ``coopnet validate`` reports
        them, plus ids starting with ``#`` (reserved for the workbook's markers) and unknown
        ``person`` values.
    """
    p = Path(path)
    if not p.exists():
        raise InputError(tr("errors.input.no_file_or_folder", path=p), source=str(p))
    table: RawTable | None
    if p.is_dir():
        table = None
    elif p.suffix.lower() in (".xlsx", ".xlsm"):
        table = _sheet_table(p)
    elif p.suffix.lower() in (".csv", ".tsv", ".txt"):
        table = read_csv_table(p)
    else:
        raise InputError(tr("errors.survey.actor_list_format", suffix=p.suffix), source=str(p))
    if table is None:
        actors = load(p).actors
    else:
        problems = _person_problems(table)
        empty_ties = RawTable(file=schema.TIES_FILE, columns=[schema.SOURCE, schema.TARGET])
        raw = RawDataset(actors=table, ties=empty_ties, meta=DatasetMeta(), source=str(p))
        actors, _, _, report = validate_raw(raw)
        problems += [q for q in report.problems if q.code not in ("isolate", "no_ties")]
        for cells, line in zip(table.rows, table.line_numbers, strict=True):
            ident = cells[table.columns.index(schema.ID)] if schema.ID in table.columns else ""
            if ident.startswith("#"):
                problems.append(
                    problem(
                        "error",
                        "reserved_id",
                        section="questionnaire",
                        file=table.file,
                        row=line,
                        column=schema.ID,
                        value=ident,
                    )
                )
        if any(q.severity == "error" for q in problems):
            raise InputError(problems, source=str(p))
    keep = [c for c in actors.columns if c not in _WAVE_COLUMNS]
    return actors[keep].reset_index(drop=True)


@dataclass(frozen=True)
class Wave:
    """What an earlier wave gives the next one.

    Attributes
    ----------
    roster
        The actors to ask: the earlier wave's actors present in its last period (confirmed new
        actors included, unconfirmed ones left out) with the actor list's actors added.
    design
        The earlier wave's questions (``[survey]`` of its ``dataset.toml``), or ``None`` when the
        dataset was not made by ``coopnet survey import``.
    tie_types
        The tie types found in the earlier ties (the default when ``design`` is ``None``).
    notes
        What was left out or changed, for the analyst.
    """

    roster: pd.DataFrame
    design: SurveyDesign | None
    tie_types: tuple[str, ...]
    notes: tuple[Text, ...]


def wave_roster(
    dataset: str | Path, *, actors: str | Path | None = None, period: str | None = None
) -> Wave:
    """The roster and questions of a new wave, taken from an earlier wave's dataset.

    Ids stay stable: an actor of the actor list whose label is an earlier actor's label must have
    that actor's id (else an error names both), so the waves can be compared actor by actor.
    Previous answers are *not* shown in the new questionnaires (see ``docs/survey.md``).

    Parameters
    ----------
    dataset
        The earlier wave (a dataset, usually written by ``coopnet survey import``).
    actors
        An optional actor list: its actors are added, and its values win for actors in both.
    period
        The new wave's period.
    """
    net = load(dataset)
    earlier = net.actors.copy()
    notes: list[Text] = []
    if ORIGIN in earlier.columns:
        unconfirmed = earlier[earlier[ORIGIN] == ORIGIN_UNCONFIRMED]
        if len(unconfirmed):
            ids = list(unconfirmed[schema.ID].astype(str))
            notes.append(tr("survey.note_unconfirmed", n=len(unconfirmed), ids=ids))
        earlier = earlier[earlier[ORIGIN] != ORIGIN_UNCONFIRMED]
    if net.periods:
        last = net.periods[-1]
        present = set(net.actors_in(last))
        gone = [a for a in earlier[schema.ID] if a not in present]
        if gone:
            notes.append(
                tr("survey.note_gone", n=len(gone), period=last, ids=[str(a) for a in gone])
            )
        earlier = earlier[earlier[schema.ID].isin(present)]
    earlier = earlier[[c for c in earlier.columns if c not in _WAVE_COLUMNS]]
    roster = earlier.reset_index(drop=True)
    if actors is not None:
        listed = read_actor_list(actors)
        by_label = {
            fold(str(lab)): str(i)
            for i, lab in zip(earlier[schema.ID], earlier[schema.LABEL], strict=True)
        }
        problems = []
        for i, lab in zip(listed[schema.ID], listed[schema.LABEL], strict=True):
            old = by_label.get(fold(str(lab)))
            if old is not None and old != i:
                problems.append(
                    problem(
                        "error",
                        "id_changed",
                        section="questionnaire",
                        file=str(actors),
                        label=str(lab),
                        old=old,
                        column=schema.ID,
                        value=str(i),
                    )
                )
        if problems:
            raise InputError(problems, source=str(actors))
        kept = roster[~roster[schema.ID].isin(set(listed[schema.ID]))]
        added = [i for i in listed[schema.ID] if i not in set(roster[schema.ID])]
        if added:
            notes.append(
                tr("survey.note_added", n=len(added), file=Path(actors).name,
                   ids=[str(a) for a in added])
            )  # fmt: skip
        roster = pd.concat([kept, listed], ignore_index=True)
        order = {a: k for k, a in enumerate(list(earlier[schema.ID]) + added)}
        roster = roster.iloc[
            sorted(range(len(roster)), key=lambda k: order[roster[schema.ID].iloc[k]])
        ]
        roster = roster.reset_index(drop=True)
    design = None
    if net.meta.survey:
        design = SurveyDesign.from_table(net.meta.survey, period=period, source=str(dataset))
    else:
        notes.append(tr("survey.note_not_imported", name=Path(dataset).name))
    return Wave(roster=roster, design=design, tie_types=net.tie_types, notes=tuple(notes))
