"""Enter answers into a questionnaire from Python: answers given by phone or on paper, test data.

The analyst usually types answers into the combined workbook by hand; :func:`enter_answers` does
the same from a script (``scripts/make_survey_wave.py`` fills a whole example wave with it).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from coopnet.errors import InputError
from coopnet.messages import tr
from coopnet.survey import _layout as lay

__all__ = ["enter_answers"]

Answers = Mapping[str, Mapping[str, Any]]


def _answer_sheet(book: Any, respondent: str | None, file: str) -> Any:
    for sheet in book.worksheets:
        markers = [lay.cell_text(c.value) for c in sheet["A"][: lay.FIRST_ROW]]
        if lay.KEY_ID in markers and (respondent is None or lay.RESPONDENT + respondent in markers):
            return sheet
    raise InputError(
        tr("errors.survey.no_sheet_of", respondent=respondent)
        if respondent
        else tr("errors.survey.no_sheet"),
        source=file,
    )


def enter_answers(
    path: str | Path,
    answers: Answers,
    new: Sequence[tuple[str, str, Mapping[str, Any]]] = (),
    *,
    respondent: str | None = None,
    out: str | Path | None = None,
) -> Path:
    """Write answers into the answer cells of a questionnaire and save it.

    Parameters
    ----------
    path
        A questionnaire written by :func:`coopnet.survey.write_templates`.
    answers
        Partner id → column → value. A column is a tie type (``"Koordination"``), a quality
        question (``"trust"``, ``"value"``) or a column key (``"#tie:1"``). Values are written as
        given (texts as text, never as formulas); ``None`` empties the cell.
    new
        Further partners: ``(name, group, {column: value})`` in the rows for further partners.
    respondent
        Whose sheet to fill in the combined workbook.
    out
        Save under this name instead of ``path``.

    Returns
    -------
    pathlib.Path
        The file written.

    Raises
    ------
    InputError
        An unknown partner or column, more further partners than rows, no such answer sheet.
    """
    import openpyxl

    source = Path(path)
    book = openpyxl.load_workbook(source)
    sheet = _answer_sheet(book, respondent, source.name)
    tie_names = {
        lay.cell_text(r[2].value): f"{lay.TIE}{lay.cell_text(r[1].value)}"
        for r in book[lay.DESIGN_SHEET].iter_rows()
        if lay.cell_text(r[0].value) == "tie"
    }
    keys: dict[str, int] = {
        lay.cell_text(c.value): int(c.column) for c in sheet[lay.ROW_KEYS] if c.value
    }
    rows = {lay.cell_text(c.value): c.row for c in sheet["A"] if c.value}

    def column(name: str) -> int:
        key = tie_names.get(name) or (name if name.startswith("#") else f"{lay.QUALITY}{name}")
        if key not in keys:
            raise InputError(tr("errors.survey.no_column", name=name), source=source.name)
        return keys[key]

    def put(row: int, col: int, value: Any) -> None:
        if isinstance(value, str):
            lay.put_text(sheet, row, col, value)
        else:
            sheet.cell(row=row, column=col).value = value

    for partner, cells in answers.items():
        if partner not in rows or partner.startswith("#"):
            raise InputError(
                tr("errors.survey.no_partner_row", partner=partner), source=source.name
            )
        for name, value in cells.items():
            put(rows[partner], column(name), value)
    for n, (name, group, cells) in enumerate(new, start=1):
        slot = f"{lay.NEW}{n}"
        if slot not in rows:
            raise InputError(tr("errors.survey.few_rows", n=n - 1), source=source.name)
        put(rows[slot], keys[lay.KEY_LABEL], name)
        put(rows[slot], keys[lay.KEY_GROUP], group)
        for col_name, value in cells.items():
            put(rows[slot], column(col_name), value)
    target = Path(out) if out is not None else source
    book.save(target)
    return target
