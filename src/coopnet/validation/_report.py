"""The validation report and the collector that fills it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd

from coopnet.errors import Problem
from coopnet.lang import Lang, text
from coopnet.messages import Text, format_problem, problem, texts, tr
from coopnet.readers.tables import ReadInfo

__all__ = [
    "STRICT_CODES",
    "Collector",
    "ValidationReport",
    "describe_read",
    "summarise_repeated",
]

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
        Informational messages (encoding, actors taken from ties, cells read as no tie), in
        English; ``texts`` holds the same notes as catalogue texts (:meth:`notes_in`).
    info
        What was read as what (:class:`~coopnet.readers.tables.ReadInfo`; :meth:`mapping`).
    """

    source: str
    problems: tuple[Problem, ...] = ()
    counts: Mapping[str, int] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    texts: tuple[Text, ...] = ()
    info: ReadInfo | None = None

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

    def notes_in(self, lang: Lang) -> list[str]:
        """The notes in `lang`."""
        return texts(self.texts, lang) if self.texts else list(self.notes)

    def mapping(self, lang: Lang) -> list[str]:
        """What was read as what (sheets, header rows, columns, codes, direction), one line each."""
        return describe_read(self.info, lang) if self.info is not None else []

    def format(self, *, max_warnings: int | None = 50, lang: Lang = "en") -> str:
        """Human-readable report in `lang`: errors first, then warnings (at most ``max_warnings``)."""
        n_err, n_warn = len(self.errors), len(self.warnings)
        lines = [
            text(
                "problems.report_head",
                lang,
                source=self.source,
                errors=_count(n_err, lang),
                warnings=_count(n_warn, lang),
            )
        ]
        lines += [f"  {format_problem(p, lang)}" for p in self.errors]
        warnings = self.warnings
        shown = warnings if max_warnings is None else warnings[:max_warnings]
        lines += [f"  {format_problem(p, lang)}" for p in shown]
        if len(shown) < len(warnings):
            hidden = Counter(p.code for p in warnings[len(shown) :])
            lines.append(
                "  "
                + text(
                    "problems.more_warnings",
                    lang,
                    n=_count(len(warnings) - len(shown), lang),
                    codes=", ".join(f"{n}× {code}" for code, n in sorted(hidden.items())),
                )
            )
        lines += ["  " + text("problems.note", lang, note=n) for n in self.notes_in(lang)]
        return "\n".join(lines)


REPEATED = 3
"""From this many equal errors on (file, value) on, they are reported once, naming their rows."""

_LISTED_ROWS = 10


def summarise_repeated(problems: list[Problem]) -> list[Problem]:
    """Errors that repeat (same code, message, file and value) as one error each, in file order.

    ``193 rows: the weight must be a positive number (rows 2, 5, … and 183 more)``: the first
    row and its column stand for all; the others are listed (at most ten) and counted.
    """
    groups: dict[tuple[object, ...], list[int]] = {}
    for i, p in enumerate(problems):
        if p.severity == "error" and p.value is not None and p.key is not None:
            groups.setdefault((p.code, p.key, p.params, p.file, p.value), []).append(i)
    drop: set[int] = set()
    out = list(problems)
    for indices in groups.values():
        if len(indices) < REPEATED:
            continue
        first = problems[indices[0]]
        rows = list(dict.fromkeys(problems[i].row for i in indices if problems[i].row is not None))
        listed = ", ".join(str(r) for r in rows[:_LISTED_ROWS])
        more = len(rows) - _LISTED_ROWS
        where = (
            tr("problems.where.rows_more", rows=listed, more=more)
            if more > 0
            else tr("problems.where.rows", rows=listed)
        )
        columns = {problems[i].column for i in indices}
        inner = Text(
            first.key or "",
            tuple(
                (k, v)
                for k, v in (("column", first.column), ("value", first.value), ("file", first.file))
                if v is not None
            )
            + first.params,
        )
        params: tuple[tuple[str, object], ...] = (
            ("n", len(indices)),
            ("where", where),
            ("inner", inner),
        )
        out[indices[0]] = Problem(
            "error",
            first.code,
            Text("problems.repeated", params).render("en"),
            file=first.file,
            row=first.row,
            column=first.column if len(columns) == 1 else None,
            value=first.value,
            key="problems.repeated",
            params=params,
        )
        drop.update(indices[1:])
    return [p for i, p in enumerate(out) if i not in drop]


def _count(n: int, lang: Lang) -> str:
    shown = f"{n:,d}"
    return shown.replace(",", ".") if lang == "de" else shown


def describe_read(info: ReadInfo, lang: Lang) -> list[str]:
    """What was read as what, one line per item, in `lang` (``coopnet validate`` prints it)."""

    def t(key: str, **params: object) -> str:
        return Text(f"data.{key}", tuple(params.items())).render(lang)

    lines = [t("read.shape", shape=t(f"shape.{info.shape}"))]
    for role, where in info.tables:
        lines.append(t("read.table", role=t(f"role.{role}"), where=where))
    if info.meta_from:
        lines.append(t("read.meta", where=info.meta_from))
    for where, reason in info.ignored:
        lines.append(t("read.ignored", where=where, reason=t(f"ignored.{reason}")))
    for where, line, title in info.header_rows:
        lines.append(t("read.header_row", where=where, line=line, title=title[:60]))
    by_file: dict[str, list[str]] = {}
    for where, old, new, how in info.columns:
        by_file.setdefault(where, []).append(t(f"column.{how}", old=old, new=new))
    for where, items in by_file.items():
        lines.append(t("read.columns", where=where, items="; ".join(items)))
    kept: dict[str, list[str]] = {}
    for where, column in info.kept:
        kept.setdefault(where, []).append(column)
    for where, columns in kept.items():
        lines.append(t("read.kept", where=where, columns=", ".join(columns)))
    codes: dict[tuple[str, str], list[str]] = {}
    for where, column, value, meaning, n in info.codes:
        codes.setdefault((where, column), []).append(
            t("read.code", value=value, meaning=meaning, n=n)
        )
    for (where, column), items in codes.items():
        lines.append(t("read.codes", where=where, column=column, items=", ".join(items)))
    kind = t("direction.nominations" if info.directed else "direction.mutual")
    lines.append(t("read.direction", kind=kind, reason=info.direction_text().render(lang)))
    return lines


class Collector:
    """Collects problems; with ``strict`` the recoverable warnings become errors."""

    def __init__(self, strict: bool) -> None:
        self.strict = strict
        self.problems: list[Problem] = []

    def add(self, severity: str, code: str, variant: str | None = None, /, **where: Any) -> None:
        """Add one problem: its catalogue entry ``problems.<code>[.<variant>]`` filled.

        ``where``: ``file``, ``row``, ``column``, ``value`` and the entry's placeholders.
        """
        self.problems.append(self.make(severity, code, variant, **where))

    def make(
        self, severity: str, code: str, variant: str | None = None, /, **where: Any
    ) -> Problem:
        """The problem :meth:`add` would add, with the strict rule applied."""
        found = problem(severity, code, variant, **where)  # type: ignore[arg-type]
        return self._strict(found)

    def _strict(self, p: Problem) -> Problem:
        if p.severity == "warning" and self.strict and p.code in STRICT_CODES:
            return replace(
                p,
                severity="error",
                message=p.message + text("problems.strict", "en"),
                params=(*p.params, ("strict", True)),
            )
        return p

    def extend(self, problems: list[Problem]) -> None:
        """Add problems found while reading, with the strict rule applied."""
        self.problems.extend(self._strict(p) for p in problems)
