"""Raw tables as read from a file, before validation: :class:`RawTable` and :class:`RawDataset`."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from coopnet.config import DatasetMeta, Limits
from coopnet.errors import Problem

__all__ = ["RawDataset", "RawTable", "cell_text", "table_from_records"]


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
    """

    file: str
    columns: list[str]
    rows: list[list[str]] = field(default_factory=list)
    line_numbers: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

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
                how = (
                    f"the column '{other}' already has that name"
                    if other == name
                    else f"'{other}' is renamed to it too"
                )
                self.problems.append(
                    Problem(
                        "error",
                        "duplicate_column",
                        f"{origin} renames '{old}' to '{name}', but {how}; one column per name "
                        f"(the rename is not done)",
                        file=origin,
                        column=old,
                        value=name,
                    )
                )
                new.append(old)
                continue
            taken[name] = old
            new.append(name)
        self.columns = new

    def column(self, name: str) -> list[str]:
        """All values of one column (the column must exist)."""
        j = self.columns.index(name)
        return [r[j] for r in self.rows]


@dataclass
class RawDataset:
    """The raw actor and tie tables of a dataset with its metadata and where it came from."""

    actors: RawTable | None
    ties: RawTable
    meta: DatasetMeta
    source: str
    notes: list[str] = field(default_factory=list)


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
                Problem(
                    "error",
                    "duplicate_column",
                    "column name appears twice; give every column its own name",
                    file=file,
                    row=row,
                    column=name,
                )
            )
        seen.add(name)
    return problems


def table_from_records(
    file: str,
    header: list[Any],
    records: Iterable[tuple[int, Iterable[Any]]],
    *,
    limits: Limits,
) -> RawTable:
    """Build a table from a header and ``(line, values)`` records (Excel rows, say).

    Trailing empty header cells are dropped; a value beyond the last named column is a
    ``ragged_row`` error; blank rows are skipped; at most ``limits.rows`` rows and
    ``limits.columns`` columns are read (beyond them: an error, and reading stops).
    """
    columns = [cell_text(h) for h in header]
    while columns and not columns[-1]:
        columns.pop()
    table = RawTable(file=file, columns=columns)
    if len(columns) > limits.columns:
        table.problems.append(
            limits.exceeded("columns", len(columns), "number of columns", file=file, row=1)
        )
        table.columns = columns[: limits.columns]
        return table
    table.problems += duplicate_columns(columns, file)
    for j, name in enumerate(columns):
        if not name:
            table.problems.append(
                Problem(
                    "error",
                    "empty_header",
                    "a column has no name",
                    file=file,
                    row=1,
                    column=f"#{j + 1}",
                )
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
                    Problem(
                        "error",
                        "ragged_row",
                        f"the row has a value beyond the last named column ({width} columns)",
                        file=file,
                        row=line,
                        value=extra[0][:60],
                    )
                )
            cells = cells[:width]
        cells += [""] * (width - len(cells))
        if len(table.rows) >= limits.rows:
            table.problems.append(
                limits.exceeded("rows", len(table.rows) + 1, "number of rows", file=file, row=line)
            )
            break
        table.rows.append(cells)
        table.line_numbers.append(line)
    return table
