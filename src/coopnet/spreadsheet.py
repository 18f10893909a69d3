"""Tables as files: CSV (exact data, or safe to open in a spreadsheet) and formula-free workbooks.

Two kinds of table files, and every CSV or xlsx writer of coopnet uses one of these functions:

* **exact data** (``spreadsheet=False`` / ``exact=True``) — what scripts read back: the dataset
  files of ``coopnet convert``, the tables of ``analyze``, ``compare`` and ``batch``. CSV cells
  are written as they are; in a workbook only the characters an xlsx file cannot hold are
  replaced (with a :class:`~coopnet.errors.DataWarning` saying how many).
* **spreadsheet tables** (``spreadsheet=True`` / ``exact=False``) — meant to be opened in Excel
  or LibreOffice: the report's ``tables/*.csv`` and ``tables/tables.xlsx``. Every text cell
  (header included) goes through :func:`coopnet.textsafe.spreadsheet_text` (CSV: a leading
  ``'`` before ``= + - @``, tab, carriage return; bidi controls removed) or
  :func:`coopnet.textsafe.clean_text` (xlsx).

CSV files come in two dialects (:data:`CSV_DIALECTS`, the ``dialect`` of :func:`write_csv`,
``--csv`` on the command line): ``standard`` — UTF-8 without BOM, comma, decimal point, what
pandas, R and scripts expect — and ``excel-de`` — UTF-8 *with* BOM, semicolon, decimal comma, what
a German Excel expects when a CSV is opened by double-click (without the BOM it decodes umlauts as
Windows-1252; with commas it shows one column, the German list separator being ``;``). An
``excel-de`` file is meant for a spreadsheet, so its texts are always made spreadsheet-safe.
``tables.xlsx`` stays the report's first choice for spreadsheets.

In every workbook each text cell is stored as text (openpyxl data type ``"s"``): openpyxl would
otherwise store a string that starts with ``=`` as a live formula and ``#N/A`` as an error value,
and a round trip would lose both. Workbooks name ``coopnet`` as their creator (the marker
:func:`coopnet.outputs.made_by_coopnet` looks for) and are written with fixed dates and zip
entry times, so equal tables give equal bytes.
"""

from __future__ import annotations

import csv
import io
import math
import re
import warnings
import zipfile
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Literal

import numpy as np
import pandas as pd

from coopnet.errors import DataWarning
from coopnet.textsafe import (
    clean_text,
    spreadsheet_text,
    spreadsheet_texts,
    xml_escape,
    xml_text,
)

__all__ = ["CSV_DIALECTS", "EXCEL_MAX_CHARS", "CsvDialect", "check_dialect", "write_csv",
           "write_sheets"]  # fmt: skip

CsvDialect = Literal["standard", "excel-de"]
CSV_DIALECTS: Final[tuple[CsvDialect, ...]] = ("standard", "excel-de")
"""The CSV dialects: ``standard`` (UTF-8, ``,``, ``.``) and ``excel-de`` (BOM, ``;``, ``,``)."""

_DIALECTS: Final[dict[str, tuple[str, str, str]]] = {
    "standard": ("utf-8", ",", "."),
    "excel-de": ("utf-8-sig", ";", ","),
}


def check_dialect(dialect: str) -> CsvDialect:
    """Return `dialect` if it is one of :data:`CSV_DIALECTS`, else raise ``ValueError``."""
    if dialect not in _DIALECTS:
        raise ValueError(f"unknown CSV dialect {dialect!r}; choose {' or '.join(CSV_DIALECTS)}")
    return dialect  # type: ignore[return-value]


EXCEL_MAX_CHARS: Final = 32767
"""Longest text an Excel cell holds; longer texts are cut (with a warning)."""

_FIXED_ZIP_TIME: Final = (1980, 1, 1, 0, 0, 0)
_ZIP_LEVEL: Final = 1
"""Deflate level of workbook entries: zlib's fastest, a third of the time of the default (6)
for a 20 % larger file (tables.xlsx of 10,000 actors: 0.35 s instead of 1 s, 11 MB not 9)."""


def _safe(value: Any) -> Any:
    return spreadsheet_text(value) if isinstance(value, str) else value


def _spreadsheet_frame(frame: pd.DataFrame, *, index: bool) -> pd.DataFrame:
    out = frame.copy()
    out.columns = [_safe(c) for c in out.columns]
    for i in range(out.shape[1]):
        column = out.iloc[:, i]
        if not (pd.api.types.is_numeric_dtype(column) or pd.api.types.is_bool_dtype(column)):
            out.isetitem(i, spreadsheet_texts(column.tolist()))
    if index:
        out.index = out.index.map(_safe)
        out.index.names = [_safe(n) for n in out.index.names]
    return out


def write_csv(
    frame: pd.DataFrame,
    path: str | Path,
    *,
    spreadsheet: bool,
    index: bool = False,
    dialect: CsvDialect = "standard",
) -> Path:
    """Write ``frame`` as UTF-8 CSV (comma, ``\\n`` line ends) and return the path.

    Parameters
    ----------
    frame
        The table.
    path
        The file.
    spreadsheet
        ``True`` for a table meant to be opened in a spreadsheet: every text cell, column name
        and index value goes through :func:`coopnet.textsafe.spreadsheet_text`. ``False`` for
        exact data: cells are written as they are.
    index
        Write the index as the first column.
    dialect
        ``"standard"``, or ``"excel-de"`` for a German Excel: BOM, ``;``, decimal comma, and
        spreadsheet-safe texts whatever `spreadsheet` says.

    Notes
    -----
    Text with a carriage return is quoted (then every text cell is quoted, numbers are not),
    so such a cell cannot split its row.
    """
    target = Path(path)
    encoding, sep, decimal = _DIALECTS[check_dialect(dialect)]
    safe = spreadsheet or dialect == "excel-de"
    data = _spreadsheet_frame(frame, index=index) if safe else frame
    # Python's csv module quotes a field with "\n" (the line terminator) but not one with a
    # lone "\r", which every reader then takes for a line break: quote all text in that case
    quoting: Literal[0, 2] = 2 if _has_carriage_return(data, index=index) else 0
    assert quoting in (csv.QUOTE_MINIMAL, csv.QUOTE_NONNUMERIC)
    data.to_csv(target, index=index, encoding=encoding, sep=sep, decimal=decimal,
                lineterminator="\n", quoting=quoting)  # fmt: skip
    return target


def _has_carriage_return(frame: pd.DataFrame, *, index: bool) -> bool:
    def text_has(values: Any) -> bool:  # one search over the texts joined
        return "\r" in "\n".join([v for v in values if isinstance(v, str)])

    if text_has(frame.columns) or (index and text_has(frame.index)):
        return True
    for i in range(frame.shape[1]):
        column = frame.iloc[:, i]
        if not pd.api.types.is_numeric_dtype(column) and text_has(column.to_numpy()):
            return True
    return False


def _cell_value(value: Any) -> Any:
    """A value openpyxl can store: Python scalars; NaN, ±inf and None become empty."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalar
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, bool | int | float | str):
        return value
    return str(value)


def write_sheets(
    path: str | Path,
    sheets: Mapping[str, pd.DataFrame],
    *,
    exact: bool,
    freeze_header: bool = False,
    max_width: int = 60,
) -> Path:
    """Write each table as one sheet of an xlsx workbook; no cell is ever a formula.

    Parameters
    ----------
    path
        The workbook file.
    sheets
        ``{sheet name: table}`` (names at most 31 characters, unique, no ``[]:*?/\\``); the
        index is not written, the header is the first row (bold).
    exact
        ``True``: text is kept except for the characters an xlsx file cannot hold
        (:func:`coopnet.textsafe.xml_text`); ``False``: text is cleaned for reading
        (:func:`coopnet.textsafe.clean_text`).
    freeze_header
        Keep the header row visible when scrolling.
    max_width
        Widest column, in characters (columns are as wide as their first 200 values).

    Warns
    -----
    DataWarning
        If characters had to be replaced or texts longer than :data:`EXCEL_MAX_CHARS` cut.

    Notes
    -----
    openpyxl writes the workbook with each sheet's header row, column widths and views; the
    data rows are written here column by column as the XML openpyxl writes for its cells
    (inline text cells, numbers as ``%.16g``, booleans), so the file is the one openpyxl's
    cell-by-cell writer gives, byte for byte (``tests/test_spreadsheet.py`` checks it against
    that writer), in a tenth of the time: openpyxl's cell objects cost about 10 µs a cell, 25 s
    for the 2.4 million cells of a report of 10,000 actors.
    """
    import openpyxl
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = openpyxl.Workbook()
    book.remove(book.active)
    book.properties.creator = "coopnet"
    book.properties.lastModifiedBy = "coopnet"
    fix = xml_text if exact else clean_text
    counts = {"replaced": 0, "cut": 0}
    bold = Font(bold=True)
    seen: dict[str, tuple[str, bool, bool]] = {}

    def text(value: str, cells: int = 1) -> str:  # `value` as stored, in `cells` cells
        known = seen.get(value)
        if known is None:
            fixed = fix(value)
            changed = exact and fixed != value
            long = len(fixed) > EXCEL_MAX_CHARS
            known = seen[value] = (fixed[:EXCEL_MAX_CHARS] if long else fixed, changed, long)
        counts["replaced"] += known[1] * cells
        counts["cut"] += known[2] * cells
        return known[0]

    bodies: dict[str, _SheetBody] = {}
    for number, (name, frame) in enumerate(sheets.items(), start=1):
        sheet = book.create_sheet(title=name)
        header = [text(str(c), 1) for c in frame.columns]
        for c, value in enumerate(header, start=1):
            cell = sheet.cell(row=1, column=c, value=value)
            cell.data_type = "s"
            cell.font = bold
        body = _sheet_body(frame, text)
        widths = [max(len(h), w) for h, w in zip(header, body.widths, strict=True)]
        for c, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(c)].width = min(max(width + 2, 8), max_width)
        if freeze_header:
            sheet.freeze_panes = "A2"
        bodies[f"xl/worksheets/sheet{number}.xml"] = body
    if not sheets:
        book.create_sheet(title="empty")
    target = Path(path)
    buffer = io.BytesIO()
    book.save(buffer)
    target.write_bytes(_stable_zip(buffer.getvalue(), bodies))
    replaced, cut = counts["replaced"], counts["cut"]
    if replaced:
        warnings.warn(
            f"{target.name}: {replaced} text(s) held characters an Excel file cannot store "
            "(control characters); they were replaced by '\ufffd'",
            DataWarning,
            stacklevel=2,
        )
    if cut:
        warnings.warn(
            f"{target.name}: {cut} text(s) were longer than {EXCEL_MAX_CHARS} characters, "
            "the most an Excel cell holds, and were cut",
            DataWarning,
            stacklevel=2,
        )
    return target


_Text = Callable[[str, int], str]
"""A text as a workbook stores it (cleaned, cut), given the number of cells that hold it (to
count the texts changed; 0 when it is asked again for a cell already counted)."""


@dataclass(frozen=True)
class _SheetBody:
    """The data rows of one sheet as openpyxl writes them, and what the sheet's frame needs."""

    rows: str
    """``<row>`` elements of rows 2, 3, ... that hold a cell (XML, as openpyxl's writer)."""
    last_row: int
    """Last row with a cell (1: only the header)."""
    widths: list[int]
    """Per column, the longest text of its first 200 values (0 without values)."""


def _inline(value: str) -> str:
    """The content of a text cell as openpyxl writes it (``""`` for the empty text)."""
    if value == "":
        return ""
    stripped = value.strip()
    space = ' xml:space="preserve"' if stripped and stripped != value else ""
    return f"<is><t{space}>{xml_escape(value)}</t></is>"


def _column_cells(values: list[Any], kind: str, letter: str, text: _Text) -> tuple[list[str], int]:
    """The ``<c>`` element of every value of one column ("" for an empty cell), rows 2, 3, …,
    and the longest text of its first 200 values. `kind` is the numpy dtype kind of the
    column: floats, integers and booleans take a short path (their values are Python scalars)."""
    if kind == "f":
        cells = [
            f'<c r="{letter}{r}" t="n"><v>{v:.16g}</v></c>' if math.isfinite(v) else ""
            for r, v in enumerate(values, start=2)
        ]
        head = [v for v in values[:200] if math.isfinite(v)]
    elif kind in "iu":  # below 10**16, "%.16g" of an integer is its digits
        short = not values or max(abs(min(values)), abs(max(values))) < 10**16
        cells = [f'<c r="{letter}{r}" t="n"><v>{v}</v></c>'
                 for r, v in enumerate(values, start=2)] if short else [
                 f'<c r="{letter}{r}" t="n"><v>{v:.16g}</v></c>'
                 for r, v in enumerate(values, start=2)]  # fmt: skip
        head = values[:200]
    elif kind == "b":
        cells = [f'<c r="{letter}{r}" t="b"><v>{int(v)}</v></c>'
                 for r, v in enumerate(values, start=2)]  # fmt: skip
        head = values[:200]
    else:
        return _object_cells(values, letter, text)
    return cells, max((len(str(v)) for v in head), default=0)


def _text_cells(values: list[str], letter: str, text: _Text) -> tuple[list[str], int]:
    """:func:`_column_cells` for a column of texts only: each distinct text is cleaned and
    escaped once (the cells of 357,000 group pairs hold 859 names)."""
    ends: dict[str, str] = {}
    for value, cells in Counter(values).items():
        fragment = _inline(text(value, cells))
        ends[value] = f">{fragment}</c>" if fragment else " />"
    out = [f'<c r="{letter}{r}" t="inlineStr"{ends[v]}' for r, v in enumerate(values, start=2)]
    return out, max((len(text(v, 0)) for v in values[:200]), default=0)


def _object_cells(values: list[Any], letter: str, text: _Text) -> tuple[list[str], int]:
    """:func:`_column_cells` for a column of any values (text, missing values, mixed)."""
    if set(map(type, values)) <= {str}:
        return _text_cells(values, letter, text)
    out: list[str] = []
    append = out.append
    fragments: dict[str, str] = {}
    width = 0
    for r, raw in enumerate(values, start=2):
        value = raw if type(raw) is str else _cell_value(raw)
        if value is None:
            append("")
            continue
        if isinstance(value, str):
            value = text(value, 1)
            fragment = fragments.get(value)
            if fragment is None:
                fragment = fragments[value] = _inline(value)
            end = f">{fragment}</c>" if fragment else " />"
            append(f'<c r="{letter}{r}" t="inlineStr"{end}')
        elif isinstance(value, bool):
            append(f'<c r="{letter}{r}" t="b"><v>{int(value)}</v></c>')
        else:
            append(f'<c r="{letter}{r}" t="n"><v>{value:.16g}</v></c>')
        if r <= 201:
            width = max(width, len(str(value)))
    return out, width


def _sheet_body(frame: pd.DataFrame, text: _Text) -> _SheetBody:
    """Write the data rows of `frame` column by column (what ``sheet.cell`` did cell by cell)."""
    from openpyxl.utils import get_column_letter

    columns: list[list[str]] = []
    widths: list[int] = []
    for c in range(frame.shape[1]):
        column = frame.iloc[:, c]
        kind = column.dtype.kind if isinstance(column.dtype, np.dtype) else "O"
        cells, width = _column_cells(column.tolist(), kind, get_column_letter(c + 1), text)
        columns.append(cells)
        widths.append(width)
    rows: list[str] = []
    last_row = 1
    for r, row in enumerate(zip(*columns, strict=True), start=2):
        line = "".join(row)
        if line:
            rows.append(f'<row r="{r}">{line}</row>')
            last_row = r
    return _SheetBody("".join(rows), last_row, widths)


def _with_body(sheet_xml: bytes, body: _SheetBody, n_columns: int) -> bytes:
    """Put the data rows into a sheet openpyxl wrote with its header only; fix its dimension."""
    from openpyxl.utils import get_column_letter

    if not body.rows:
        return sheet_xml
    end = sheet_xml.index(b"</sheetData>")
    xml = sheet_xml[:end] + body.rows.encode("utf-8") + sheet_xml[end:]
    ref = f"A1:{get_column_letter(n_columns)}{body.last_row}".encode()
    return re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="' + ref + b'"', xml, count=1)


def _stable_zip(data: bytes, bodies: Mapping[str, _SheetBody]) -> bytes:
    """Rewrite an xlsx (zip) with fixed entry times and dates, so equal content gives equal bytes;
    the sheets named in `bodies` get their data rows."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_FIXED_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the save time here
                content = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)",
                    rb"\g<1>2000-01-01T00:00:00Z\g<2>",
                    content,
                )
            body = bodies.get(info.filename)
            if body is not None:
                content = _with_body(content, body, len(body.widths))
            target.writestr(entry, content, compresslevel=_ZIP_LEVEL)
    return buffer.getvalue()
