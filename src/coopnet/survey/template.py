"""Write the questionnaires of a survey wave: one Excel workbook per respondent plus one combined.

Each workbook has three sheets: ``Anleitung`` (instructions), ``Partner`` (the roster of every other
actor, grouped by group and sorted by label, with one dropdown column per tie type, optional quality
columns and rows for further partners) and the hidden sheet ``coopnet`` (the design and the roster).
The answer sheet is protected without a password: only the yellow answer cells can be changed, so
answers land in known cells. There are no macros; every text is stored as text, never as a formula.
The exact layout is in ``docs/survey.md`` and :mod:`coopnet.survey._layout`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from coopnet.errors import InputError
from coopnet.lang import text
from coopnet.messages import Text, problem, tr
from coopnet.survey import _layout as lay
from coopnet.survey.design import QUALITY, SCALES, RosterActor, SurveyDesign, roster_of
from coopnet.validation import natural_key

__all__ = ["TemplateResult", "write_templates"]

log = logging.getLogger(__name__)

_ANSWER_FILL = "FFF2CC"
_HEADING_FILL = "D9D9D9"
_HEADER_FILL = "DDEBF7"
_UNSAFE = re.compile(r"[^\w.-]+")
_SHEET_UNSAFE = re.compile(r"[\[\]:*?/\\']")


@dataclass(frozen=True)
class TemplateResult:
    """What :func:`write_templates` wrote.

    Attributes
    ----------
    folder
        The output folder.
    workbooks
        The questionnaire of each respondent: actor id → file.
    combined
        The combined workbook (one answer sheet per respondent), or ``None``.
    actors
        ``actors.csv``: the roster with every column of the actor list (``import --actors``).
    key
        The survey key shared by every workbook of this wave.
    notes
        Remarks for the analyst (e.g. a respondent without partners in the list).
    """

    folder: Path
    workbooks: Mapping[str, Path]
    combined: Path | None
    actors: Path
    key: str
    notes: tuple[Text, ...] = ()


def _file_stem(actor: RosterActor) -> str:
    stem = _UNSAFE.sub("_", f"{actor.id}_{actor.label}").strip("._")[:60]
    return stem or "actor"


def _sheet_title(actor: RosterActor, used: set[str]) -> str:
    base = _SHEET_UNSAFE.sub("_", actor.id).strip() or "actor"
    base = base[:28]
    title, n = base, 1
    while title.casefold() in used:
        n += 1
        title = f"{base}~{n}"
    used.add(title.casefold())
    return title


def _sorted_roster(roster: Sequence[RosterActor]) -> list[tuple[str, list[RosterActor]]]:
    """Roster actors by group (natural order, "no group" last), each sorted by label."""
    groups: dict[str, list[RosterActor]] = {}
    for a in roster:
        groups.setdefault(a.group, []).append(a)
    order = sorted((g for g in groups if g), key=natural_key) + ([""] if "" in groups else [])
    return [(g, sorted(groups[g], key=lambda a: (natural_key(a.label), a.id))) for g in order]


def _styles() -> dict[str, Any]:
    from openpyxl.styles import Alignment, Font, PatternFill, Protection

    return {
        "answer": PatternFill("solid", fgColor=_ANSWER_FILL),
        "heading": PatternFill("solid", fgColor=_HEADING_FILL),
        "header": PatternFill("solid", fgColor=_HEADER_FILL),
        "bold": Font(bold=True),
        "title": Font(bold=True, size=14),
        "wrap": Alignment(wrap_text=True, vertical="top"),
        "open": Protection(locked=False),
    }


def _answer_columns(design: SurveyDesign) -> list[tuple[str, str]]:
    """``(column key, header)`` of every answer column, in sheet order."""
    columns = [(f"{lay.TIE}{i}", t) for i, t in enumerate(design.tie_types, start=1)]
    for q in design.quality:
        header = text("survey.col_quality", design.lang, header=QUALITY[q].text(design.lang)[0])
        columns.append((f"{lay.QUALITY}{q}", header))
    return columns


def _protect(sheet: Any) -> None:
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False  # respondents may widen columns
    sheet.protection.formatRows = False


def _write_answer_sheet(
    sheet: Any,
    respondent: RosterActor | None,
    roster: Sequence[RosterActor],
    design: SurveyDesign,
    *,
    combined: bool,
) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    st = _styles()
    lang = design.lang
    name = f" – {design.name}" if design.name else ""
    period = f" {design.period}" if design.period else ""
    put = lay.put_text
    put(sheet, lay.ROW_FORMAT, lay.COL_ID, lay.FORMAT)
    put(sheet, lay.ROW_SURVEY, lay.COL_ID, lay.SURVEY + design.key())
    put(
        sheet, lay.ROW_FORMAT, lay.COL_GROUP, text("survey.title", lang, name=name, period=period)
    ).font = st["title"]
    if respondent is not None:
        put(sheet, lay.ROW_RESPONDENT, lay.COL_ID, lay.RESPONDENT + respondent.id)
        put(
            sheet,
            lay.ROW_RESPONDENT,
            lay.COL_GROUP,
            text("survey.for", lang, label=respondent.label),
        ).font = st["bold"]
    else:
        put(sheet, lay.ROW_RESPONDENT, lay.COL_GROUP, text("survey.for_all", lang))
    put(sheet, lay.ROW_SURVEY, lay.COL_GROUP, text("survey.hint", lang))
    columns = _answer_columns(design)
    keys = [lay.KEY_ID, lay.KEY_GROUP, lay.KEY_LABEL] + [k for k, _ in columns]
    headers = [lay.HEADER, text("survey.col_group", lang), text("survey.col_partner", lang)] + [
        h for _, h in columns
    ]
    for j, (key, header) in enumerate(zip(keys, headers, strict=True), start=1):
        put(sheet, lay.ROW_KEYS, j, key)
        cell = put(sheet, lay.ROW_HEADER, j, header)
        cell.font, cell.fill, cell.alignment = st["bold"], st["header"], st["wrap"]
    sheet.row_dimensions[lay.ROW_KEYS].hidden = True
    sheet.column_dimensions["A"].hidden = True
    sheet.column_dimensions["B"].width = 28
    sheet.column_dimensions["C"].width = 44
    last_col = lay.FIRST_ANSWER + len(columns) - 1
    for j in range(lay.FIRST_ANSWER, last_col + 1):
        sheet.column_dimensions[get_column_letter(j)].width = 16
    sheet.row_dimensions[lay.ROW_HEADER].height = 45

    others = [a for a in roster if respondent is None or a.id != respondent.id]
    row = lay.FIRST_ROW
    answer_rows: list[int] = []
    show_headings = any(a.group for a in roster)
    for group, members in _sorted_roster(others):
        if show_headings:
            put(sheet, row, lay.COL_ID, lay.HEADING)
            label = group or text("survey.no_group", lang)
            cell = put(sheet, row, lay.COL_GROUP, label)
            cell.font = st["bold"]
            for j in range(lay.COL_GROUP, last_col + 1):
                sheet.cell(row=row, column=j).fill = st["heading"]
            row += 1
        for actor in members:
            put(sheet, row, lay.COL_ID, actor.id)
            put(sheet, row, lay.COL_GROUP, actor.group)
            put(sheet, row, lay.COL_LABEL, actor.label)
            answer_rows.append(row)
            row += 1
    row += 1
    if design.extra_rows:
        put(sheet, row, lay.COL_ID, lay.HEADING)
        cell = put(sheet, row, lay.COL_GROUP, text("survey.extra_heading", lang))
        cell.font = st["bold"]
        for j in range(lay.COL_GROUP, last_col + 1):
            sheet.cell(row=row, column=j).fill = st["heading"]
        row += 1
    extra_rows = []
    for n in range(1, design.extra_rows + 1):
        put(sheet, row, lay.COL_ID, f"{lay.NEW}{n}")
        for j in (lay.COL_GROUP, lay.COL_LABEL):
            cell = sheet.cell(row=row, column=j)
            cell.protection, cell.fill = st["open"], st["answer"]
        extra_rows.append(row)
        row += 1
    for r in answer_rows + extra_rows:
        for j in range(lay.FIRST_ANSWER, last_col + 1):
            cell = sheet.cell(row=r, column=j)
            cell.protection, cell.fill = st["open"], st["answer"]

    def validation(formula: str, message: str, *, strict: bool = True) -> Any:
        dv = DataValidation(
            type="list",
            formula1=formula,
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="stop" if strict else "information",
            errorTitle=text("survey.dv_title" if strict else "survey.dv_group_title", lang),
            error=message,
        )
        sheet.add_data_validation(dv)
        return dv

    rows = answer_rows + extra_rows
    if rows:
        first, last = min(rows), max(rows)
        n_ties = len(design.tie_types)
        scale = design.scale
        dv = validation(
            '"' + ",".join(scale.labels) + '"',
            text("survey.dv_error", lang, answers=", ".join(scale.labels)),
        )
        dv.add(
            f"{get_column_letter(lay.FIRST_ANSWER)}{first}:{get_column_letter(lay.FIRST_ANSWER + n_ties - 1)}{last}"
        )
        if design.quality:
            labels = [str(c) for c in SCALES["quality"][lang].codes]
            qv = validation(
                '"' + ",".join(labels) + '"',
                text("survey.dv_error", lang, answers=", ".join(labels)),
            )
            qv.add(
                f"{get_column_letter(lay.FIRST_ANSWER + n_ties)}{first}:{get_column_letter(last_col)}{last}"
            )
    groups = sorted({a.group for a in roster if a.group}, key=natural_key)
    listed = ",".join(groups)
    if (
        extra_rows
        and groups
        and len(listed) <= 255
        and not any("," in g or '"' in g for g in groups)
    ):
        gv = validation(f'"{listed}"', text("survey.dv_group", lang), strict=False)
        gv.add(f"B{extra_rows[0]}:B{extra_rows[-1]}")
    sheet.freeze_panes = sheet.cell(row=lay.FIRST_ROW, column=lay.FIRST_ANSWER)
    sheet.print_title_rows = f"{lay.ROW_HEADER}:{lay.ROW_HEADER}"
    sheet.page_setup.orientation = "landscape"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToHeight = 0
    _protect(sheet)
    if combined and respondent is not None:
        from openpyxl.workbook.defined_name import DefinedName

        sheet.defined_names[lay.DEFINED_NAME] = DefinedName(
            lay.DEFINED_NAME, attr_text=_constant(respondent.id)
        )


def _constant(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _write_instructions(sheet: Any, design: SurveyDesign, respondent: RosterActor | None) -> None:
    st = _styles()
    lang = design.lang
    put = lay.put_text
    name = f" – {design.name}" if design.name else ""
    period = f" {design.period}" if design.period else ""
    lines: list[tuple[str, Any]] = [
        (text("survey.title", lang, name=name, period=period), st["title"]),
        (
            text("survey.for", lang, label=respondent.label)
            if respondent
            else text("survey.for_all", lang),
            st["bold"],
        ),
        ("", None),
        (text("survey.i_title", lang), st["bold"]),
        (
            text(
                "survey.i_intro",
                lang,
                period_in=text("survey.i_period_in", lang, period=design.period)
                if design.period
                else "",
            ),
            None,
        ),
        (text("survey.i_step1", lang, sheet=text("survey.sheet_answers", lang)), None),
        (text("survey.i_step2", lang, none=design.scale.label_of(min(design.scale.codes))), None),
        (text("survey.i_step3", lang), None),
    ]
    if design.quality:
        questions = " ".join(
            f"{QUALITY[q].text(lang)[0]}: {QUALITY[q].text(lang)[1]}" for q in design.quality
        )
        lines.append((text("survey.i_step4", lang, questions=questions), None))
    lines += [
        (text("survey.i_step5", lang), None),
        ("", None),
        (f"{text('survey.i_columns', lang)}: {', '.join(design.tie_types)}", st["bold"]),
        (f"{text('survey.i_answers', lang)}: {design.scale.legend()}", None),
    ]
    if design.quality:
        lines.append(
            (f"{text('survey.i_quality', lang)}: {SCALES['quality'][lang].legend()}", None)
        )
    lines += [
        ("", None),
        (text("survey.i_privacy", lang), None),
        (text("survey.i_protected", lang), None),
    ]
    for r, (line, font) in enumerate(lines, start=1):
        cell = put(sheet, r, 1, line)
        cell.alignment = st["wrap"]
        if font is not None:
            cell.font = font
    sheet.column_dimensions["A"].width = 110
    _protect(sheet)


def _write_design_sheet(sheet: Any, design: SurveyDesign, roster: Sequence[RosterActor]) -> None:
    rows: list[list[str]] = [
        ["format", lay.FORMAT],
        ["key", design.key()],
        ["name", design.name],
        ["period", design.period or ""],
        ["lang", design.lang],
        ["scale", design.scale.name],
        ["extra_rows", str(design.extra_rows)],
    ]
    rows += [["tie", str(i), t] for i, t in enumerate(design.tie_types, start=1)]
    rows += [
        ["code", str(c), lab]
        for c, lab in zip(design.scale.codes, design.scale.labels, strict=True)
    ]
    rows += [["quality", q] for q in design.quality]
    rows += [["roster", a.id, a.label, a.group, "true" if a.person else ""] for a in roster]
    for r, values in enumerate(rows, start=1):
        for j, value in enumerate(values, start=1):
            lay.put_text(sheet, r, j, value)
    sheet.sheet_state = "hidden"
    _protect(sheet)


def _new_book() -> Any:
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    return book


def _finish(book: Any, path: Path) -> None:
    from openpyxl.workbook.protection import WorkbookProtection

    book.security = WorkbookProtection(lockStructure=True)
    book.active = 0
    book.save(path)


def _respondent_book(
    actor: RosterActor, roster: Sequence[RosterActor], design: SurveyDesign
) -> Any:
    from openpyxl.workbook.defined_name import DefinedName

    book = _new_book()
    _write_instructions(
        book.create_sheet(text("survey.sheet_instructions", design.lang)), design, actor
    )
    _write_answer_sheet(
        book.create_sheet(text("survey.sheet_answers", design.lang)),
        actor,
        roster,
        design,
        combined=False,
    )
    _write_design_sheet(book.create_sheet(lay.DESIGN_SHEET), design, roster)
    book.defined_names[lay.DEFINED_NAME] = DefinedName(
        lay.DEFINED_NAME, attr_text=_constant(actor.id)
    )
    return book


def _combined_book(roster: Sequence[RosterActor], design: SurveyDesign) -> Any:
    book = _new_book()
    _write_instructions(
        book.create_sheet(text("survey.sheet_instructions", design.lang)), design, None
    )
    used = {text("survey.sheet_instructions", design.lang).casefold(), lay.DESIGN_SHEET}
    for actor in roster:
        sheet = book.create_sheet(_sheet_title(actor, used))
        _write_answer_sheet(sheet, actor, roster, design, combined=True)
    _write_design_sheet(book.create_sheet(lay.DESIGN_SHEET), design, roster)
    return book


def write_templates(
    actors: pd.DataFrame, design: SurveyDesign, out: str | Path, *, combined: bool = True
) -> TemplateResult:
    """Write one questionnaire per actor (and a combined workbook) into the folder ``out``.

    Parameters
    ----------
    actors
        The actors to ask, as :func:`coopnet.survey.read_actor_list` returns them (``id, label``,
        optional ``group``, ``person`` and further columns). Every actor gets a questionnaire
        listing every *other* actor.
    design
        The questions: tie types, answer scale, quality questions, period, language.
    out
        Folder to write into; created if missing. Existing files are never replaced.
    combined
        Also write ``Fragebogen_alle.xlsx`` (one answer sheet per respondent; for entering answers
        given on paper or by phone).

    Returns
    -------
    TemplateResult
        The files written and the survey key.

    Raises
    ------
    InputError
        When a file to be written exists already (nothing is written then).

    Notes
    -----
    A respondent's workbook holds the actor list (id, label, group, person flag; in the hidden sheet
    ``coopnet``) and no answers of anyone.
    """
    folder = Path(out)
    roster = roster_of(actors)
    lang = design.lang
    prefix = text("survey.file_prefix", lang)
    files: dict[str, Path] = {}
    used: set[str] = set()
    for actor in roster:
        stem = f"{prefix}_{_file_stem(actor)}"
        name, n = stem, 1
        while name.casefold() in used:
            n += 1
            name = f"{stem}_{n}"
        used.add(name.casefold())
        files[actor.id] = folder / f"{name}.xlsx"
    combined_path = folder / f"{prefix}_{text('survey.file_all', lang)}.xlsx" if combined else None
    actors_path = folder / "actors.csv"
    targets = [*files.values(), actors_path] + ([combined_path] if combined_path else [])
    clash = [p for p in targets if p.exists()]
    if clash:
        raise InputError(
            [
                problem(
                    "error", "file_exists", "questionnaire", section="questionnaire", file=str(p)
                )
                for p in clash
            ],
            source=str(folder),
        )
    folder.mkdir(parents=True, exist_ok=True)
    notes: list[Text] = []
    if len(roster) == 1:
        notes.append(tr("survey.note_one_actor"))
    seen: dict[tuple[str, str], str] = {}
    for actor in roster:
        key = (actor.group.casefold(), " ".join(actor.label.split()).casefold())
        if key in seen:
            notes.append(
                tr("survey.note_twice", label=actor.label, first=seen[key], second=actor.id)
            )
        seen.setdefault(key, actor.id)
    for actor in roster:
        _finish(_respondent_book(actor, roster, design), files[actor.id])
    if combined_path is not None:
        _finish(_combined_book(roster, design), combined_path)
    actors.to_csv(actors_path, index=False, encoding="utf-8")
    log.info("wrote %d questionnaires to %s", len(files), folder)
    return TemplateResult(
        folder=folder,
        workbooks=files,
        combined=combined_path,
        actors=actors_path,
        key=design.key(),
        notes=tuple(notes),
    )
