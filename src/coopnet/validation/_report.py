"""The validation report and the collector that fills it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from coopnet.errors import Problem

__all__ = ["STRICT_CODES", "Collector", "ValidationReport"]

STRICT_CODES = frozenset(
    {
        "self_tie",
        "duplicate_tie",
        "duplicate_row",
        "encoding_fallback",
        "non_respondent_source",
        "no_actors_file",
        "control_characters",
        "unicode_normalised",
        "ignored_attribute",
    }
)
"""Warnings that ``strict=True`` turns into errors."""


@dataclass(frozen=True)
class ValidationReport:
    """Everything validation found: problems (errors and warnings), counts and notes.

    Attributes
    ----------
    source
        The path that was read.
    problems
        Every problem, in file order.
    counts
        ``actor_rows``, ``tie_rows`` (read), ``actors``, ``ties`` (kept), ``self_ties_dropped``,
        ``duplicate_ties_merged``, ``duplicate_actor_rows_merged``, ``isolates``.
    notes
        Informational messages (column renames, encoding, actors taken from ties).
    """

    source: str
    problems: tuple[Problem, ...] = ()
    counts: Mapping[str, int] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    @property
    def errors(self) -> list[Problem]:
        """Problems that make the dataset invalid."""
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        """Problems that are reported but do not fail."""
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        """``True`` when there is no error."""
        return not self.errors

    def to_frame(self) -> pd.DataFrame:
        """All problems as a table: ``severity, code, file, row, column, value, message``."""
        cols = ["severity", "code", "file", "row", "column", "value", "message"]
        return pd.DataFrame(
            [[getattr(p, c) for c in cols] for p in self.problems], columns=cols
        ).astype({"row": "Int64"})

    def format(self, *, max_warnings: int | None = 50) -> str:
        """Human-readable report: errors first, then warnings (at most ``max_warnings``)."""
        lines = [f"{self.source}: {len(self.errors)} error(s), {len(self.warnings)} warning(s)"]
        lines += [f"  {p}" for p in self.errors]
        warnings = self.warnings
        shown = warnings if max_warnings is None else warnings[:max_warnings]
        lines += [f"  {p}" for p in shown]
        if len(shown) < len(warnings):
            hidden = Counter(p.code for p in warnings[len(shown) :])
            lines.append(
                f"  … and {len(warnings) - len(shown)} more warning(s): "
                + ", ".join(f"{n}× {code}" for code, n in sorted(hidden.items()))
            )
        lines += [f"  note: {n}" for n in self.notes]
        return "\n".join(lines)


class Collector:
    """Collects problems; with ``strict`` the recoverable warnings become errors."""

    def __init__(self, strict: bool) -> None:
        self.strict = strict
        self.problems: list[Problem] = []

    def add(self, severity: str, code: str, message: str, **where: Any) -> None:
        """Add one problem (``where``: ``file``, ``row``, ``column``, ``value``)."""
        self.problems.append(self.make(severity, code, message, **where))

    def make(self, severity: str, code: str, message: str, **where: Any) -> Problem:
        """The problem :meth:`add` would add, with the strict rule applied."""
        if severity == "warning" and self.strict and code in STRICT_CODES:
            severity = "error"
            message += " (an error because of --strict)"
        return Problem(severity, code, message, **where)  # type: ignore[arg-type]

    def extend(self, problems: list[Problem]) -> None:
        """Add problems found while reading, with the strict rule applied."""
        for p in problems:
            if p.severity == "warning" and self.strict and p.code in STRICT_CODES:
                self.add(
                    "warning",
                    p.code,
                    p.message,
                    file=p.file,
                    row=p.row,
                    column=p.column,
                    value=p.value,
                )
            else:
                self.problems.append(p)
