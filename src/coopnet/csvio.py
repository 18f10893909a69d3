"""The one CSV writer of the result tables, with a dialect for German Excel.

``standard`` (default): UTF-8 without BOM, comma-separated, decimal point, ``\\n`` line ends —
what pandas, R, Python's csv module and every script expect. ``excel-de``: UTF-8 *with* BOM,
semicolon-separated, decimal comma — what a German Excel expects when a CSV is opened by
double-click (without the BOM it decodes umlauts as Windows-1252, and with commas as
separators it shows one column, because the German list separator is ``;``). The Excel workbook
``tables.xlsx`` of the report stays the first choice for spreadsheets; the dialect is for users
who want the CSV files themselves in Excel.

Every result table that is meant for spreadsheets (``coopnet analyze``, ``compare``, ``report``)
goes through :func:`write_csv`, so further safety steps (such as neutralising cells that Excel
would run as formulas) apply to all of them in one place.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import pandas as pd

__all__ = ["CSV_DIALECTS", "CsvDialect", "check_dialect", "write_csv"]

CsvDialect = Literal["standard", "excel-de"]
CSV_DIALECTS: tuple[CsvDialect, ...] = ("standard", "excel-de")
"""The CSV dialects: ``standard`` (UTF-8, ``,``, ``.``) and ``excel-de`` (BOM, ``;``, ``,``)."""

_FORMATS: dict[str, dict[str, str]] = {
    "standard": {"encoding": "utf-8", "sep": ",", "decimal": "."},
    "excel-de": {"encoding": "utf-8-sig", "sep": ";", "decimal": ","},
}


def check_dialect(dialect: str) -> CsvDialect:
    """Return `dialect` if it is one of :data:`CSV_DIALECTS`, else raise ``ValueError``."""
    if dialect not in _FORMATS:
        raise ValueError(f"unknown CSV dialect {dialect!r}; choose {' or '.join(CSV_DIALECTS)}")
    return dialect  # type: ignore[return-value]


def write_csv(
    frame: pd.DataFrame,
    path: str | Path,
    *,
    index: bool = False,
    dialect: CsvDialect = "standard",
) -> Path:
    """Write `frame` as CSV in `dialect`; returns the path.

    Parameters
    ----------
    frame
        The table.
    path
        The file (its folder must exist).
    index
        Write the index as the first column.
    dialect
        ``"standard"`` or ``"excel-de"`` (see the module docstring).

    Examples
    --------
    >>> import pandas as pd, tempfile, pathlib
    >>> frame = pd.DataFrame({"Akteur": ["Sozialamt"], "Anteil": [0.25]})
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
    >>> write_csv(frame, out, dialect="excel-de").read_bytes()
    b'\\xef\\xbb\\xbfAkteur;Anteil\\nSozialamt;0,25\\n'
    >>> write_csv(frame, out).read_text()
    'Akteur,Anteil\\nSozialamt,0.25\\n'
    """
    out = Path(path)
    fmt = _FORMATS[check_dialect(dialect)]
    frame.to_csv(out, index=index, lineterminator="\n", encoding=fmt["encoding"], sep=fmt["sep"],
                 decimal=fmt["decimal"])  # fmt: skip
    return out
