"""Fill questionnaires the way people fill forms (with coopnet.survey.enter_answers) and mess them up."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import openpyxl

from coopnet.survey import enter_answers


def fill(
    path: Path,
    answers: Mapping[str, Mapping[str, Any]],
    new: Sequence[tuple[str, str, Mapping[str, Any]]] = (),
    *,
    out: Path | None = None,
    respondent: str | None = None,
) -> Path:
    """Enter answers and save (as ``out``: a renamed file)."""
    return enter_answers(path, answers, new, respondent=respondent, out=out)


def answer_sheet(book: Any, respondent: str | None = None) -> Any:
    """The answer sheet (of ``respondent`` in a combined workbook)."""
    for sheet in book.worksheets:
        values = [c.value for c in sheet["A"][:5]]
        if "#id" in values and (respondent is None or f"#respondent:{respondent}" in values):
            return sheet
    raise AssertionError("no answer sheet")


def resort(path: Path) -> None:
    """Reverse the rows below the header (what 'sort Z→A' after unprotecting the sheet does)."""
    book = openpyxl.load_workbook(path)
    sheet = answer_sheet(book)
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=7)]
    rows = [r for r in rows if any(v is not None for v in r)][::-1]
    for row in sheet.iter_rows(min_row=7):
        for cell in row:
            cell.value = None
    for i, values in enumerate(rows, start=7):
        for c, value in enumerate(values, start=1):
            sheet.cell(row=i, column=c).value = value
    book.save(path)
