"""Raw tables as read from a file, before validation: :class:`RawTable` and :class:`RawDataset`."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from coopnet.config import DatasetMeta, Limits
from coopnet.errors import Problem
from coopnet.messages import Text, problem

__all__ = [
    "MatrixShape",
    "RawDataset",
    "RawTable",
    "ReadInfo",
    "cell_text",
    "find_header",
    "table_from_records",
]


@dataclass(frozen=True)
class MatrixShape:
    """Where a tie table unrolled from a roster matrix came from (for checks on its coding).

    Attributes
    ----------
    respondents, partners
        Rows (respondents) and partner columns of the matrix.
    cells
        Cells off the diagonal (a respondent's own column), blank ones included.
    first_column
        The header of the first column (the respondents' ids), as the file names it.
    """

    respondents: int
    partners: int
    cells: int
    first_column: str


@dataclass
class RawTable:
    """A table as read from a file, before validation.

    Attributes
    ----------
    file
        Name used in messages (``"ties.csv"``, ``"survey.xlsx[ties]"``, ``"net.graphml[edges]"``).
    columns
        Header names, stripped.
    rows
        Cell texts per row (stripped; missing cells are ``""``), same length as ``columns``.
    line_numbers
        For every row where it stands: the line a spreadsheet shows (header = 1) for CSV and Excel,
        the line of the ``<node>``/``<edge>`` element for GraphML and GEXF.
    problems
        Problems found while reading (ragged rows, duplicate headers, encoding fallback, quotes).
    header_line
        The line of the header (1, unless title rows stand above it).
    skipped_above
        ``(line, text)`` of each title row above the header that was skipped.
    origins
        ``{column: name in the file}`` for each column renamed while reading (``dataset.toml``
        renames, German or English names), so that messages name the user's column.
    cell_columns
        For a tie table unrolled from a roster matrix: for every row, the matrix column its
        value stands in (the partner's column), else ``None``.
    matrix
        For a tie table unrolled from a roster matrix: the matrix's shape, else ``None``.
    """

    file: str
    columns: list[str]
    rows: list[list[str]] = field(default_factory=list)
    line_numbers: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    header_line: int = 1
    skipped_above: list[tuple[int, str]] = field(default_factory=list)
    origins: dict[str, str] = field(default_factory=dict)
    cell_columns: list[str] | None = None
    matrix: MatrixShape | None = None

    def rename(self, mapping: Mapping[str, str], *, origin: str = "dataset.toml") -> None:
        """Rename columns in place; names are matched exactly, then case-insensitively.

        A rename onto a name that another column has (or gets) is not done; it is reported as an
        error naming ``origin``, both columns and the name.
        """
        lowered = {k.casefold(): v for k, v in mapping.items()}
        wanted = [mapping.get(c, lowered.get(c.casefold(), c)) for c in self.columns]
        taken: dict[str, str] = {c: c for c, w in zip(self.columns, wanted, strict=True) if c == w}
        new: list[str] = []
        for old, name in zip(self.columns, wanted, strict=True):
            if name == old:
                new.append(old)
                continue
            if name in taken:
                other = taken[name]
                self.problems.append(
                    problem(
                        "error",
                        "duplicate_column",
                        "rename_taken" if other == name else "rename_both",
                        file=origin,
                        column=old,
                        value=name,
                        origin=origin,
                        old=old,
                        name=name,
                        other=other,
                    )
                )
                new.append(old)
                continue
            taken[name] = old
            new.append(name)
            self.origins[name] = self.origins.get(old, old)
        self.columns = new

    def column(self, name: str) -> list[str]:
        """All values of one column (the column must exist)."""
        j = self.columns.index(name)
        return [r[j] for r in self.rows]


@dataclass
class ReadInfo:
    """What was read as what: the record ``coopnet validate`` prints before the problems.

    Attributes
    ----------
    shape
        The kind of input (``"folder"``, ``"workbook"``, ``"matrix"``, ``"edge_list"``,
        ``"kumu"``, ``"polinode"``, ``"dl"``, ``"pajek"``, ``"graphml"``, ``"gexf"``, …).
    tables
        ``(role, where)`` for each table read: role ``actors``, ``ties`` or ``matrix``.
    ignored
        ``(where, reason)`` for each file or sheet that was not read.
    header_rows
        ``(where, header line, first title)`` for a table whose header is not its first row.
    columns
        ``(where, name in the file, coopnet column, how)``; how is ``alias`` (a German or
        English name), ``words`` (a name with extra words), ``meta`` (a rename in the metadata)
        or ``id_from_label`` (no id column: the names are the ids).
    kept
        ``(where, column)``: further columns, kept as attributes that no rule uses.
    codes
        ``(where, column, value, meaning, count)`` for each code applied.
    directed, direction
        How tie rows are read (``True``: nominations) and why (a key of ``data.direction``).
    direction_params
        The values of the reason's placeholders.
    meta_from
        Where the metadata came from (``dataset.toml``, ``umfrage.toml``, a ``meta`` sheet).
    """

    shape: str = "folder"
    tables: list[tuple[str, str]] = field(default_factory=list)
    ignored: list[tuple[str, str]] = field(default_factory=list)
    header_rows: list[tuple[str, int, str]] = field(default_factory=list)
    columns: list[tuple[str, str, str, str]] = field(default_factory=list)
    kept: list[tuple[str, str]] = field(default_factory=list)
    codes: list[tuple[str, str, str, str, int]] = field(default_factory=list)
    directed: bool = True
    direction: str = "default"
    direction_params: tuple[tuple[str, object], ...] = ()
    meta_from: str | None = None

    def direction_text(self) -> Text:
        """Why tie rows are read as they are (a catalogue text)."""
        return Text(f"data.direction.{self.direction}", self.direction_params)

    def copy(self) -> ReadInfo:
        """An independent copy (the lists are copied)."""
        return replace(
            self,
            tables=list(self.tables),
            ignored=list(self.ignored),
            header_rows=list(self.header_rows),
            columns=list(self.columns),
            kept=list(self.kept),
            codes=list(self.codes),
        )


@dataclass
class RawDataset:
    """The raw actor and tie tables of a dataset with its metadata and where it came from.

    ``notes`` are informational texts (renames, skipped title rows, cells read as no tie);
    ``info`` records what was read as what.
    """

    actors: RawTable | None
    ties: RawTable
    meta: DatasetMeta
    source: str
    notes: list[Text] = field(default_factory=list)
    info: ReadInfo = field(default_factory=ReadInfo)


TITLE_ROWS = 10
"""Rows with at most one value above the header that are read as a title and skipped."""


def find_header(rows: list[list[str]]) -> int:
    """The index of the header among the first rows of a sheet (0 unless a title stands above it).

    A title above the header is a row with at most one value (a title, a date, merged cells);
    the header is the first row with two or more values, when all rows before it have at most
    one and it is among the first :data:`TITLE_ROWS` + 1 rows.

    Examples
    --------
    >>> find_header([["Befragung 2024", ""], ["", ""], ["von", "an"], ["A", "B"]])
    2
    >>> find_header([["id"], ["A"], ["B"]])
    0
    """
    for i, cells in enumerate(rows[: TITLE_ROWS + 1]):
        filled = sum(1 for c in cells if c)
        if filled >= 2:
            return i
    return 0


def cell_text(value: Any) -> str:
    """Turn an Excel/GraphML value into text the way an analyst typed it (7.0 → "7")."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() and abs(value) < 1e16 else repr(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).strip()


def duplicate_columns(columns: list[str], file: str, row: int = 1) -> list[Problem]:
    """An error for every column name that appears a second time."""
    seen: set[str] = set()
    problems: list[Problem] = []
    for name in columns:
        if name in seen:
            problems.append(
                problem("error", "duplicate_column", "twice", file=file, row=row, column=name)
            )
        seen.add(name)
    return problems


def table_from_records(
    file: str,
    header: list[Any],
    records: Iterable[tuple[int, Iterable[Any]]],
    *,
    limits: Limits,
    header_line: int = 1,
) -> RawTable:
    """Build a table from a header and ``(line, values)`` records (Excel rows, say).

    Trailing empty header cells are dropped; a value beyond the last named column is a
    ``ragged_row`` error; blank rows are skipped; at most ``limits.rows`` rows and
    ``limits.columns`` columns are read (beyond them: an error, and reading stops).
    """
    columns = [cell_text(h) for h in header]
    while columns and not columns[-1]:
        columns.pop()
    table = RawTable(file=file, columns=columns, header_line=header_line)
    if len(columns) > limits.columns:
        table.problems.append(
            limits.exceeded("columns", len(columns), "columns", file=file, row=header_line)
        )
        table.columns = columns[: limits.columns]
        return table
    table.problems += duplicate_columns(columns, file, header_line)
    for j, name in enumerate(columns):
        if not name:
            table.problems.append(
                problem("error", "empty_header", file=file, row=header_line, column=f"#{j + 1}")
            )
    width = len(columns)
    for line, values in records:
        cells = [cell_text(v) for v in values]
        if not any(cells):
            continue
        if len(cells) > width:
            extra = [c for c in cells[width:] if c]
            if extra:
                table.problems.append(
                    problem(
                        "error",
                        "ragged_row",
                        "sheet",
                        file=file,
                        row=line,
                        value=extra[0][:60],
                        width=width,
                    )
                )
            cells = cells[:width]
        cells += [""] * (width - len(cells))
        if len(table.rows) >= limits.rows:
            table.problems.append(
                limits.exceeded("rows", len(table.rows) + 1, "rows", file=file, row=line)
            )
            break
        table.rows.append(cells)
        table.line_numbers.append(line)
    return table
