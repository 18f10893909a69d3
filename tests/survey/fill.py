"""Fill questionnaires the way people fill forms: used by the survey tests and the example script."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import openpyxl

Answers = Mapping[str, Mapping[str, Any]]
"""Partner id → column key (``"#tie:1"``, ``"#quality:trust"``) → value to put in the cell."""


def _locate(sheet: Any) -> tuple[int, int, dict[str, int]]:
    for row in sheet.iter_rows(min_row=1, max_row=40):
        for cell in row:
            if cell.value == "#id":
                keys = {str(c.value): c.column for c in sheet[cell.row] if isinstance(c.value, str)}
                return cell.row, cell.column, keys
    raise AssertionError("no key row")


def fill_sheet(
    sheet: Any,
    answers: Answers,
    new: Sequence[tuple[str, str, Mapping[str, Any]]] = (),
) -> None:
    """Write ``answers`` into the rows of their partners and ``new`` into the further-partner rows."""
    _, id_col, keys = _locate(sheet)
    rows = {sheet.cell(row=r, column=id_col).value: r for r in range(1, sheet.max_row + 1)}
    for partner, cells in answers.items():
        r = rows[partner]
        for key, value in cells.items():
            sheet.cell(row=r, column=keys[key]).value = value
    for n, (name, group, cells) in enumerate(new, start=1):
        r = rows[f"#new:{n}"]
        sheet.cell(row=r, column=keys["#label"]).value = name
        sheet.cell(row=r, column=keys["#group"]).value = group
        for key, value in cells.items():
            sheet.cell(row=r, column=keys[key]).value = value


def answer_sheet(book: Any, respondent: str | None = None) -> Any:
    """The answer sheet (of ``respondent`` in a combined workbook)."""
    for sheet in book.worksheets:
        values = [c.value for c in sheet["A"][:5]]
        if "#id" in values and (respondent is None or f"#respondent:{respondent}" in values):
            return sheet
    raise AssertionError("no answer sheet")


def fill(
    path: Path,
    answers: Answers,
    new: Sequence[tuple[str, str, Mapping[str, Any]]] = (),
    *,
    out: Path | None = None,
) -> Path:
    """Fill the questionnaire ``path`` and save it (as ``out`` when given: a renamed file)."""
    book = openpyxl.load_workbook(path)
    fill_sheet(answer_sheet(book), answers, new)
    target = out or path
    book.save(target)
    if out is not None and out != path:
        path.unlink()
    return target


def resort(path: Path, *, seed: int = 1) -> None:
    """Re-sort the rows below the header in reverse order (what 'sort Z→A' after unprotecting does)."""
    book = openpyxl.load_workbook(path)
    sheet = answer_sheet(book)
    header = _locate(sheet)[0] + 1
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=header + 1)]
    rows = [r for r in rows if any(v is not None for v in r)]
    rows.reverse()
    for r in range(header + 1, sheet.max_row + 1):
        for c in range(1, sheet.max_column + 1):
            sheet.cell(row=r, column=c).value = None
    for i, values in enumerate(rows, start=header + 1):
        for c, value in enumerate(values, start=1):
            sheet.cell(row=i, column=c).value = value
    book.save(path)
