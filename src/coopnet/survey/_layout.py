"""Where things are in a questionnaire workbook: the one definition template writer and reader share.

``docs/survey.md`` documents the layout for users; keep the two in step.

Answer sheet (``Partner``; in the combined workbook one sheet per respondent):

* column A is hidden and locked: it holds a marker in every row the template wrote — the format
  (row 1), ``#respondent:<id>`` (row 2), ``#survey:<key>`` (row 3), ``#id`` in the key row (row 5),
  ``#header`` (row 6), ``#heading`` on group headings, the partner's actor id on roster rows and
  ``#new:<n>`` on rows for further partners. The reader finds every row by these markers, so rows
  re-sorted by a respondent are still matched to the right partner.
* row 5 (hidden) holds the key of every column: ``#group``, ``#label``, ``#tie:<n>`` (n-th tie type,
  from 1) and ``#quality:<key>``; the reader finds columns by these keys.
* row 6 is the visible header; roster rows start in row 7.

Hidden sheet ``coopnet``: one ``key | value | …`` row per fact of the design (format, survey key,
name, period, language, tie types, answer codes, quality questions) and one ``roster`` row per actor
(id, label, group, person).
"""

from __future__ import annotations

from typing import Any, Final

__all__: list[str] = []

FORMAT: Final = "#coopnet-survey:1"
RESPONDENT: Final = "#respondent:"
SURVEY: Final = "#survey:"
KEY_ID: Final = "#id"
HEADER: Final = "#header"
HEADING: Final = "#heading"
NEW: Final = "#new:"
KEY_GROUP: Final = "#group"
KEY_LABEL: Final = "#label"
TIE: Final = "#tie:"
QUALITY: Final = "#quality:"

DESIGN_SHEET: Final = "coopnet"
DEFINED_NAME: Final = "coopnet_respondent"

ROW_FORMAT, ROW_RESPONDENT, ROW_SURVEY, ROW_KEYS, ROW_HEADER, FIRST_ROW = 1, 2, 3, 5, 6, 7
COL_ID, COL_GROUP, COL_LABEL, FIRST_ANSWER = 1, 2, 3, 4

#: openpyxl's name for the text cell type: a value written with it is never run as a formula.
TEXT: Final = "s"


def put_text(sheet: Any, row: int, column: int, value: str) -> Any:
    """Write ``value`` into a cell as text, so that ``=…`` in a label is never a formula."""
    cell = sheet.cell(row=row, column=column)
    cell.value = value
    cell.data_type = TEXT
    return cell


def cell_text(value: Any) -> str:
    """A cell value as the text a respondent typed (``3.0`` → ``"3"``; empty → ``""``)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value).replace("\u00a0", " ").strip()
