"""Exception and warning types used across coopnet.

Every error raised for bad input is an :class:`InputError` that carries one :class:`Problem` per
offending cell, so an analyst sees *all* problems of a file at once, each naming the file, the row,
the column and the value.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "CoopnetError",
    "DataWarning",
    "GraphError",
    "InputError",
    "OutputError",
    "Problem",
    "closest",
]

Severity = Literal["error", "warning"]


class CoopnetError(Exception):
    """Base class of all errors raised by coopnet on purpose."""


class GraphError(CoopnetError, ValueError):
    """A graph does not meet a measure's precondition (e.g. it is empty or lacks a group)."""


class OutputError(CoopnetError, ValueError):
    """An output cannot be written without losing something: the target is the input, lies
    above or inside it, holds files coopnet did not make, is locked by another run, or has a
    suffix that does not match its format (see ``docs/safety.md``)."""


class DataWarning(UserWarning):
    """A recoverable data problem (a dropped self-tie, a merged duplicate, an isolate)."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem found in an input file.

    Attributes
    ----------
    severity
        ``"error"`` makes the dataset invalid; ``"warning"`` is reported but does not fail.
    code
        Short stable identifier, e.g. ``"unknown_actor"`` or ``"duplicate_tie"``.
    message
        Plain-language explanation, including what to do about it.
    file
        File name the problem was found in (``"ties.csv"``, ``"workbook.xlsx[ties]"``).
    row
        Line number as a spreadsheet shows it (the header is row 1, the first data row is 2);
        ``None`` for problems of the file as a whole.
    column
        Column name, or ``None``.
    value
        The offending value as text, or ``None``.
    """

    severity: Severity
    code: str
    message: str
    file: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None

    def location(self) -> str:
        """Return ``file, row N, column 'c', value 'v'`` with the parts that are known."""
        parts: list[str] = []
        if self.file:
            parts.append(self.file)
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            parts.append(f"column '{self.column}'")
        if self.value is not None:
            parts.append(f"value {self.value!r}")
        return ", ".join(parts)

    def __str__(self) -> str:
        where = self.location()
        return (
            f"{self.severity}: {where}: {self.message}"
            if where
            else (f"{self.severity}: {self.message}")
        )


class InputError(CoopnetError, ValueError):
    """Input data are invalid; ``problems`` lists every problem found (errors and warnings)."""

    def __init__(self, problems: Iterable[Problem] | str, *, source: str | None = None) -> None:
        if isinstance(problems, str):
            problems = [Problem("error", "invalid_input", problems, file=source)]
        self.problems: Sequence[Problem] = tuple(problems)
        self.source = source
        errors = [p for p in self.problems if p.severity == "error"]
        head = f"{len(errors)} problem(s) in {source}" if source else f"{len(errors)} problem(s)"
        lines = [head + ":"] + [f"  - {p}" for p in errors]
        super().__init__("\n".join(lines))

    @property
    def errors(self) -> list[Problem]:
        """The problems of severity ``"error"``."""
        return [p for p in self.problems if p.severity == "error"]


def closest(value: str, candidates: Iterable[str]) -> str | None:
    """Return the candidate an analyst most likely meant by ``value``, or ``None``.

    A case-insensitive exact match wins (``"ki"`` → ``"KI"``); otherwise the closest string by
    :func:`difflib.get_close_matches` with a similarity of at least 0.6.
    """
    options = [str(c) for c in candidates]
    folded = {c.casefold(): c for c in options}
    if value.casefold() in folded:
        return folded[value.casefold()]
    close = difflib.get_close_matches(value, options, n=1, cutoff=0.6)
    return close[0] if close else None
