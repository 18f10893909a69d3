"""The Excel-German CSV dialect: BOM, ';', decimal comma — the same numbers as the standard files."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from coopnet.cli import main
from coopnet.spreadsheet import check_dialect, write_csv

from .conftest import MUSTERSTADT


def test_excel_de_bytes_by_hand(tmp_path: Path) -> None:
    frame = pd.DataFrame({"Akteur": ["Bürgerbüro", 'Amt "B"; C'], "Wert": [0.5, -1.25],
                          "Zahl": [3, 4]})  # fmt: skip
    text = write_csv(frame, tmp_path / "t.csv", spreadsheet=False, dialect="excel-de").read_bytes()
    assert text == (
        b"\xef\xbb\xbfAkteur;Wert;Zahl\n" + "Bürgerbüro;0,5;3\n".encode()
        + b'"Amt ""B""; C";-1,25;4\n'
    )  # fmt: skip
    with pytest.raises(ValueError, match="standard or excel-de"):
        check_dialect("excel")


@pytest.mark.parametrize(
    ("command", "files"),
    [
        (["analyze", "--period", "2016"], ["actors.csv", "groups.csv", "mixing.csv"]),
        (["compare", "--before", "2016", "--after", "2022"], ["actors_delta.csv", "ties_diff.csv"]),
        ([], ["tables/key_figures.csv", "tables/actors_2016.csv"]),
    ],
)
def test_excel_de_tables_hold_the_same_numbers(
    tmp_path: Path, command: list[str], files: list[str]
) -> None:
    name = command[0] if command else "report"
    for dialect in ("standard", "excel-de"):
        argv = [name, str(MUSTERSTADT), *command[1:], "--out", str(tmp_path / dialect),
                "--permutations", "9", "--csv", dialect, "-q"]  # fmt: skip
        assert main(argv) == 0
    for file in files:
        standard = pd.read_csv(tmp_path / "standard" / file, dtype={"id": str})
        raw = (tmp_path / "excel-de" / file).read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf") and b";" in raw.splitlines()[0]
        german = pd.read_csv(tmp_path / "excel-de" / file, sep=";", decimal=",",
                             encoding="utf-8-sig", dtype={"id": str})  # fmt: skip
        pd.testing.assert_frame_equal(german, standard, check_exact=False, rtol=1e-12)
    if not command:
        assert (tmp_path / "excel-de" / "tables" / "tables.xlsx").is_file()
