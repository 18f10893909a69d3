"""Read returned questionnaires, whatever people did to them.

The reader does not trust positions: it finds the answer sheets, their rows and their columns by the
markers in the hidden column A and the hidden key row (:mod:`coopnet.survey._layout`), so a renamed
file, a renamed or re-sorted sheet, inserted rows or moved columns are read correctly. What it finds
is returned as plain text cells; :mod:`coopnet.survey.responses` interprets the answers.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coopnet.errors import InputError, Problem
from coopnet.messages import problem, tr
from coopnet.survey import _layout as lay
from coopnet.survey.design import SCALES, Lang, RosterActor, Scale, SurveyDesign

__all__ = ["AnswerRow", "ReturnedSheet", "find_workbooks", "read_returns", "read_workbook_returns"]

log = logging.getLogger(__name__)

_WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
_OTHER_SPREADSHEETS = (".xls", ".ods", ".numbers")
_SCAN_ROWS = 40  # the key row is searched in the first rows of a sheet …
_SCAN_COLUMNS = 40  # … and columns


@dataclass(frozen=True)
class AnswerRow:
    """One row of an answer sheet.

    Attributes
    ----------
    line
        The row number in the sheet.
    actor
        The partner's actor id (hidden column), ``""`` for a row of a further partner.
    slot
        ``"#new:<n>"`` for the template's rows of further partners, ``"inserted"`` for a row a
        respondent inserted, ``""`` for roster rows.
    name, group
        The partner's label and group as the row shows them (typed by the respondent for further
        partners).
    cells
        Answer column key (``"#tie:1"``, ``"#quality:trust"``) → ``(cell reference, text)`` of every
        non-empty answer cell.
    name_cell, group_cell
        Cell references of name and group (for messages).
    """

    line: int
    actor: str
    slot: str
    name: str
    group: str
    cells: Mapping[str, tuple[str, str]]
    name_cell: str = ""
    group_cell: str = ""


@dataclass(frozen=True)
class ReturnedSheet:
    """An answer sheet of a returned workbook.

    Attributes
    ----------
    file
        The file as named in messages (relative to the folder that was read).
    sheet
        The sheet name.
    respondent
        The respondent's actor id (from the hidden cell ``#respondent:``).
    respondent_cell
        Where the id was found (``"A2"``).
    key
        The survey key of the sheet.
    design
        The questions (from the workbook's hidden sheet ``coopnet``).
    roster
        The actor list the workbook was made from.
    rows
        Every row with a roster actor, a further partner or anything typed.
    """

    file: str
    sheet: str
    respondent: str
    respondent_cell: str
    key: str
    design: SurveyDesign
    roster: tuple[RosterActor, ...]
    rows: tuple[AnswerRow, ...] = field(default_factory=tuple)

    @property
    def where(self) -> str:
        """``file[sheet]``, the ``file`` of the problems found in this sheet."""
        return f"{self.file}[{self.sheet}]"

    @property
    def blank(self) -> bool:
        """``True`` when nobody wrote anything into the sheet."""
        return not any(r.cells or (r.actor == "" and (r.name or r.group)) for r in self.rows)

    def answers(self) -> tuple[tuple[str, str, str], ...]:
        """Every answer as ``(partner, column key, text)``, sorted: two returns compare equal when
        they hold the same answers, wherever the rows are."""
        out: list[tuple[str, str, str]] = []
        for r in self.rows:
            who = r.actor or f"+{r.name.casefold()}|{r.group.casefold()}"
            out.extend((who, k, text) for k, (_, text) in r.cells.items())
            if not r.actor and not r.cells and r.name:
                out.append((who, "", ""))
        return tuple(sorted(out))


def find_workbooks(
    source: str | Path | Sequence[str | Path],
) -> tuple[list[tuple[Path, str]], list[Problem]]:
    """The workbooks to read: files given, or every workbook under a folder (recursively).

    Returns ``(path, display name)`` pairs in a stable order and problems for files that cannot be
    questionnaires (``.xls``/``.ods``: error, save as ``.xlsx``; other files: warning, ignored;
    Excel's lock files ``~$…``: skipped).
    """
    items = [source] if isinstance(source, str | Path) else list(source)
    found: list[tuple[Path, str]] = []
    problems: list[Problem] = []
    for item in items:
        path = Path(item)
        if not path.exists():
            raise InputError(tr("errors.input.no_file_or_folder", path=path), source=str(path))
        candidates = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        base = path if path.is_dir() else path.parent
        for p in candidates:
            name = p.relative_to(base).as_posix()
            suffix = p.suffix.lower()
            if p.name.startswith("~$") or p.name.startswith("."):
                continue
            if suffix in _WORKBOOK_SUFFIXES:
                found.append((p, name))
            elif suffix in _OTHER_SPREADSHEETS:
                problems.append(
                    problem(
                        "error",
                        "not_xlsx",
                        "other_format",
                        section="questionnaire",
                        file=name,
                        suffix=suffix,
                    )
                )
            elif path.is_dir():
                problems.append(
                    problem("warning", "ignored_file", section="questionnaire", file=name)
                )
            else:
                problems.append(
                    problem("error", "not_xlsx", "no_workbook", section="questionnaire", file=name)
                )
    return found, problems


def _design_from_sheet(
    rows: Iterable[Sequence[Any]], where: str
) -> tuple[str, SurveyDesign, tuple[RosterActor, ...]]:
    facts: dict[str, str] = {}
    ties: list[tuple[int, str]] = []
    codes: list[tuple[int, str]] = []
    quality: list[str] = []
    roster: list[RosterActor] = []
    for values in rows:
        cells = [lay.cell_text(v) for v in values] + ["", "", "", "", ""]
        key = cells[0]
        if key == "tie":
            ties.append((int(cells[1]), cells[2]))
        elif key == "code":
            codes.append((int(cells[1]), cells[2]))
        elif key == "quality":
            quality.append(cells[1])
        elif key == "roster":
            roster.append(RosterActor(cells[1], cells[2] or cells[1], cells[3], cells[4] == "true"))
        elif key:
            facts[key] = cells[1]
    if facts.get("format") != lay.FORMAT:
        raise ValueError(f"unknown questionnaire format {facts.get('format')!r}")
    lang: Lang = "en" if facts.get("lang") == "en" else "de"
    labels = tuple(label for _, label in codes)
    named = SCALES.get(facts.get("scale", ""), {}).get(lang)
    scale = (
        named
        if named is not None and named.labels == labels
        else Scale("custom", labels, tuple(c for c, _ in codes))
    )
    design = SurveyDesign(
        tie_types=tuple(t for _, t in sorted(ties)),
        scale=scale,
        quality=tuple(quality),
        name=facts.get("name", ""),
        period=facts.get("period") or None,
        lang=lang,
        extra_rows=int(facts.get("extra_rows", "0")),
    )
    if facts.get("key") != design.key():
        raise ValueError(f"{where}: the survey key does not match the questions (edited?)")
    return facts["key"], design, tuple(roster)


def _find_key_row(sheet: Any) -> tuple[int, int] | None:
    for r, values in enumerate(
        sheet.iter_rows(
            min_row=1,
            max_row=min(sheet.max_row, _SCAN_ROWS),
            max_col=_SCAN_COLUMNS,
            values_only=True,
        ),
        start=1,
    ):
        for c, value in enumerate(values, start=1):
            if value == lay.KEY_ID:
                return r, c
    return None


def _read_answer_sheet(
    sheet: Any,
    file: str,
    key_row: int,
    id_col: int,
    design: SurveyDesign,
    roster: tuple[RosterActor, ...],
) -> ReturnedSheet | Problem:
    from openpyxl.utils import get_column_letter

    where = f"{file}[{sheet.title}]"
    keys: dict[int, str] = {}
    for c, value in enumerate(
        next(sheet.iter_rows(min_row=key_row, max_row=key_row, values_only=True)), start=1
    ):
        key = lay.cell_text(value)
        if key.startswith("#"):
            keys[c] = key
    col_of = {k: c for c, k in keys.items()}
    respondent, respondent_cell, sheet_key = "", "", ""
    rows: list[AnswerRow] = []
    answer_cols = [c for c, k in keys.items() if k.startswith((lay.TIE, lay.QUALITY))]
    for r, values in enumerate(
        sheet.iter_rows(min_row=1, max_row=sheet.max_row, values_only=True), start=1
    ):
        if r == key_row:
            continue
        cells = list(values)

        def text(c: int | None, cells: list[Any] = cells) -> str:
            return lay.cell_text(cells[c - 1]) if c is not None and c <= len(cells) else ""

        marker = text(id_col)
        if marker.startswith(lay.RESPONDENT):
            respondent, respondent_cell = (
                marker[len(lay.RESPONDENT) :],
                f"{get_column_letter(id_col)}{r}",
            )
            continue
        if marker.startswith(lay.SURVEY):
            sheet_key = marker[len(lay.SURVEY) :]
            continue
        if marker.startswith("#") and not marker.startswith(lay.NEW):
            continue  # format, header, group headings
        answers = {
            keys[c]: (f"{get_column_letter(c)}{r}", text(c)) for c in answer_cols if text(c) != ""
        }
        name, group = text(col_of.get(lay.KEY_LABEL)), text(col_of.get(lay.KEY_GROUP))
        if not marker and not answers and not name and not group:
            continue
        rows.append(
            AnswerRow(
                line=r,
                actor="" if marker.startswith(lay.NEW) or not marker else marker,
                slot=marker if marker.startswith(lay.NEW) else ("inserted" if not marker else ""),
                name=name,
                group=group,
                cells=answers,
                name_cell=f"{get_column_letter(col_of.get(lay.KEY_LABEL, lay.COL_LABEL))}{r}",
                group_cell=f"{get_column_letter(col_of.get(lay.KEY_GROUP, lay.COL_GROUP))}{r}",
            )
        )
    if not respondent:
        return problem("error", "no_respondent", section="questionnaire", file=where)
    missing = [f"{lay.TIE}{i}" for i in range(1, len(design.tie_types) + 1)] + [
        f"{lay.QUALITY}{q}" for q in design.quality
    ]
    lost = [k for k in missing if k not in col_of] + [
        k for k in (lay.KEY_LABEL, lay.KEY_GROUP) if k not in col_of
    ]
    if lost:
        return problem(
            "error",
            "missing_column",
            "key_row",
            section="questionnaire",
            file=where,
            row=key_row,
            columns=tuple(lost),
        )
    return ReturnedSheet(
        file=file,
        sheet=sheet.title,
        respondent=respondent,
        respondent_cell=respondent_cell,
        key=sheet_key,
        design=design,
        roster=roster,
        rows=tuple(rows),
    )


def read_workbook_returns(path: Path, file: str) -> tuple[list[ReturnedSheet], list[Problem]]:
    """Read the answer sheets of one workbook; problems name the file (and sheet)."""
    import openpyxl

    try:
        # formulas as typed (not their cached results): "=Caritas" in a name cell is a name
        book = openpyxl.load_workbook(path, data_only=False)
    except Exception as exc:  # zipfile.BadZipFile, KeyError, OSError, InvalidFileException …
        return [], [
            problem(
                "error",
                "cannot_open",
                section="questionnaire",
                file=file,
                reason=type(exc).__name__,
            )
        ]
    sheets: list[ReturnedSheet] = []
    problems: list[Problem] = []
    try:
        names = {n.casefold(): n for n in book.sheetnames}
        design_sheet = names.get(lay.DESIGN_SHEET)
        if design_sheet is None:
            return [], [
                problem(
                    "error",
                    "not_a_questionnaire",
                    section="questionnaire",
                    file=file,
                    sheet=lay.DESIGN_SHEET,
                )
            ]
        try:
            key, design, roster = _design_from_sheet(
                book[design_sheet].iter_rows(values_only=True), file
            )
        except (ValueError, InputError) as exc:
            return [], [
                problem(
                    "error",
                    "damaged_questionnaire",
                    section="questionnaire",
                    file=f"{file}[{design_sheet}]",
                    sheet=lay.DESIGN_SHEET,
                    detail=exc.text if isinstance(exc, InputError) and exc.text else str(exc),
                )
            ]
        for name in book.sheetnames:
            if name == design_sheet:
                continue
            sheet = book[name]
            found = _find_key_row(sheet)
            if found is None:
                continue
            result = _read_answer_sheet(sheet, file, found[0], found[1], design, roster)
            if isinstance(result, Problem):
                problems.append(result)
            elif result.key != key:
                problems.append(
                    problem(
                        "error",
                        "other_survey",
                        "copied_sheet",
                        section="questionnaire",
                        file=result.where,
                        sheet_key=result.key,
                        book_key=key,
                    )
                )
            else:
                sheets.append(result)
        if not sheets and not problems:
            problems.append(problem("error", "no_answer_sheet", section="questionnaire", file=file))
    finally:
        book.close()
    return sheets, problems


def read_returns(
    source: str | Path | Sequence[str | Path],
) -> tuple[list[ReturnedSheet], list[Problem]]:
    """Read every answer sheet of the questionnaires in ``source`` (files or folders).

    Returns
    -------
    sheets, problems
        The answer sheets in a stable order (by file, then sheet) and every problem found while
        reading (a foreign or damaged workbook, a file that is not ``.xlsx``). Nothing is
        interpreted yet.
    """
    files, problems = find_workbooks(source)
    sheets: list[ReturnedSheet] = []
    for path, name in files:
        found, trouble = read_workbook_returns(path, name)
        sheets += found
        problems += trouble
    log.info("read %d answer sheet(s) from %d file(s)", len(sheets), len(files))
    return sheets, problems
