"""The workbook writer coopnet used before its own row writer: openpyxl, cell by cell.

Kept as the reference of ``tests/test_spreadsheet.py``: :func:`coopnet.spreadsheet.write_sheets`
must give the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from coopnet.spreadsheet import EXCEL_MAX_CHARS, _cell_value, _stable_zip
from coopnet.textsafe import clean_text, xml_text


def openpyxl_write_sheets(
    path: str | Path,
    sheets: Mapping[str, pd.DataFrame],
    *,
    exact: bool,
    freeze_header: bool = False,
    max_width: int = 60,
) -> Path:
    """Write each table as one sheet, every cell through openpyxl (the former writer)."""
    import openpyxl
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = openpyxl.Workbook()
    book.remove(book.active)
    book.properties.creator = "coopnet"
    book.properties.lastModifiedBy = "coopnet"
    fix = xml_text if exact else clean_text
    replaced = cut = 0
    bold = Font(bold=True)

    def text(value: str) -> str:
        nonlocal replaced, cut
        fixed = fix(value)
        if exact and fixed != value:
            replaced += 1
        if len(fixed) > EXCEL_MAX_CHARS:
            cut += 1
            fixed = fixed[:EXCEL_MAX_CHARS]
        return fixed

    for name, frame in sheets.items():
        sheet = book.create_sheet(title=name)
        header = [text(str(c)) for c in frame.columns]
        widths = [len(h) for h in header]
        for c, value in enumerate(header, start=1):
            cell = sheet.cell(row=1, column=c, value=value)
            cell.data_type = "s"
            cell.font = bold
        for r, row in enumerate(frame.itertuples(index=False, name=None), start=2):
            for c, raw in enumerate(row, start=1):
                value = _cell_value(raw)
                if value is None:
                    continue
                if isinstance(value, str):
                    value = text(value)
                cell = sheet.cell(row=r, column=c, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"  # never a formula, never an error value
                if r <= 201:
                    widths[c - 1] = max(widths[c - 1], len(str(value)))
        for c, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(c)].width = min(max(width + 2, 8), max_width)
        if freeze_header:
            sheet.freeze_panes = "A2"
    if not sheets:
        book.create_sheet(title="empty")
    target = Path(path)
    buffer = io.BytesIO()
    book.save(buffer)
    target.write_bytes(_stable_zip(buffer.getvalue(), {}))
    return target
