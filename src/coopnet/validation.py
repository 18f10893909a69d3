"""Validate raw dataset tables and turn them into clean actor and tie tables.

All rows are checked before anything is raised, so one run of ``coopnet validate`` lists every problem
of a file — each with file, row, column and value — instead of stopping at the first.

Rules (``docs/data-format.md`` documents them for users):

======================  ========  =================================================================
problem                 severity  what happens
======================  ========  =================================================================
missing required column error     ``id`` (actors), ``source``/``target`` (ties)
empty file / no actors  error
duplicate actor id      error     identical repeated rows are merged with a warning instead
bad ``responded`` value error     accepted: true/false, yes/no, ja/nein, 1/0, x/empty
unknown actor in a tie  error     the message suggests the closest existing id
empty/non-numeric/≤0    error     weights; decimal commas ("2,5") are accepted
weight
empty or unknown period error     unknown = not listed in ``dataset.toml`` ``periods``
actor absent in period  error     the tie's period is not among the actor's ``periods``
self-tie                warning   dropped and counted (error with ``strict``)
duplicate tie           warning   merged (larger weight kept) and counted; error with
                                  ``duplicates = "error"`` or ``strict``
nomination by a         warning   directed data: a non-respondent cannot have named anyone
non-respondent
isolate                 warning   the actor stays in the network without ties
no ties at all          warning
======================  ========  =================================================================
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd

from coopnet import schema
from coopnet.config import DatasetMeta
from coopnet.errors import InputError, Problem, closest
from coopnet.io import RawDataset, RawTable

__all__ = ["ValidationReport", "natural_key", "parse_number", "validate_raw"]

log = logging.getLogger(__name__)

#: Column names accepted for the coopnet names (matched case-insensitively), incl. German ones.
ALIASES: Mapping[str, tuple[str, ...]] = {
    schema.ID: ("id", "actor", "akteur", "kürzel", "kuerzel", "code"),
    schema.LABEL: ("label", "name", "bezeichnung"),
    schema.GROUP: ("group", "gruppe"),
    schema.SECTOR: ("sector", "sektor", "bereich"),
    schema.LEVEL: ("level", "ebene"),
    schema.RESPONDED: ("responded", "geantwortet", "teilgenommen", "respondent"),
    schema.ACTOR_PERIODS: ("periods", "zeiträume", "zeitraeume"),
    schema.SOURCE: ("source", "from", "von", "quelle"),
    schema.TARGET: ("target", "to", "an", "ziel", "partner"),
    schema.WEIGHT: ("weight", "gewicht", "intensität", "intensitaet", "häufigkeit"),
    schema.TYPE: ("type", "typ", "art", "kooperationsart", "tie_type"),
    schema.PERIOD: ("period", "periode", "zeitraum", "jahr", "year"),
}

_STRICT_CODES = frozenset(
    {
        "self_tie",
        "duplicate_tie",
        "duplicate_row",
        "encoding_fallback",
        "non_respondent_source",
        "no_actors_file",
    }
)
_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$")


def natural_key(text: str) -> tuple[Any, ...]:
    """Sort key that orders ``"2"`` before ``"10"`` and ``"Welle 2"`` before ``"Welle 10"``."""
    return tuple(int(t) if t.isdigit() else t.casefold() for t in re.split(r"(\d+)", text))


def parse_number(text: str) -> float | None:
    """Parse ``"2"``, ``"2.5"``, ``"2,5"`` (decimal comma) or ``"1e3"``; ``None`` if not a number.

    A value with both a dot and a comma (``"1.000,5"``) is rejected as ambiguous.
    """
    t = text.strip().replace("\u00a0", "").replace(" ", "")
    if not _NUMBER.match(t) or ("," in t and "." in t):
        return None
    return float(t.replace(",", "."))


def parse_bool(text: str) -> bool | None:
    """Parse yes/no words in English and German; ``None`` if not recognised."""
    t = text.strip().casefold()
    if t in schema.TRUE_WORDS:
        return True
    if t in schema.FALSE_WORDS:
        return False
    return None


def _split_periods(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"[;,|]", text) if p.strip()]


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


class _Collector:
    def __init__(self, strict: bool) -> None:
        self.strict = strict
        self.problems: list[Problem] = []

    def add(self, severity: str, code: str, message: str, **where: Any) -> None:
        if severity == "warning" and self.strict and code in _STRICT_CODES:
            severity = "error"
            message += " (an error because of --strict)"
        self.problems.append(Problem(severity, code, message, **where))  # type: ignore[arg-type]


def _normalise_columns(table: RawTable, known: Sequence[str], notes: list[str]) -> None:
    lookup: dict[str, str] = {}
    for name in known:
        for alias in ALIASES.get(name, (name,)):
            lookup[alias.casefold()] = name
    present = set(table.columns)
    new: list[str] = []
    for col in table.columns:
        target = lookup.get(col.casefold())
        if target and target != col and target not in present and target not in new:
            notes.append(f"{table.file}: column '{col}' read as '{target}'")
            new.append(target)
        else:
            new.append(col)
    table.columns = new


def _suggest(value: str, candidates: Sequence[str]) -> str:
    match = closest(value, candidates)
    return f"; did you mean '{match}'?" if match else ""


def _validate_actors(
    table: RawTable | None,
    ties: RawTable,
    out: _Collector,
    notes: list[str],
    counts: dict[str, int],
) -> tuple[pd.DataFrame, dict[str, int], dict[str, list[str] | None]]:
    """Return the actor frame, the row of each id, and each actor's declared periods."""
    rows_of: dict[str, int] = {}
    periods_of: dict[str, list[str] | None] = {}
    if table is None:
        ids: list[str] = []
        if schema.SOURCE in ties.columns and schema.TARGET in ties.columns:
            for s, t in zip(ties.column(schema.SOURCE), ties.column(schema.TARGET), strict=True):
                for a in (s, t):
                    if a and a not in rows_of:
                        rows_of[a] = 0
                        ids.append(a)
        out.add(
            "warning",
            "no_actors_file",
            f"no actor table: {len(ids)} actors taken from the ties (no groups, no isolates); "
            f"add {schema.ACTORS_FILE} to ask group questions",
            file=schema.ACTORS_FILE,
        )
        frame = pd.DataFrame({schema.ID: ids, schema.LABEL: ids}, dtype=object)
        return frame, rows_of, dict.fromkeys(ids)
    out.problems.extend(table.problems)
    _normalise_columns(table, schema.ACTOR_KNOWN, notes)
    if schema.ID not in table.columns:
        out.add(
            "error",
            "missing_column",
            f"required column '{schema.ID}' is missing (found: {', '.join(table.columns)})",
            file=table.file,
            row=1,
            column=schema.ID,
        )
        return pd.DataFrame(columns=[schema.ID, schema.LABEL]), rows_of, periods_of
    if not table.rows and not any(p.code == "empty_file" for p in table.problems):
        out.add("error", "no_actors", "the actor table has a header but no rows", file=table.file)
    cols = table.columns
    j_id = cols.index(schema.ID)
    j_resp = cols.index(schema.RESPONDED) if schema.RESPONDED in cols else None
    j_per = cols.index(schema.ACTOR_PERIODS) if schema.ACTOR_PERIODS in cols else None
    records: list[list[Any]] = []
    first_row: dict[str, list[str]] = {}
    merged = 0
    for cells, line in zip(table.rows, table.line_numbers, strict=True):
        actor = cells[j_id]
        if not actor:
            out.add(
                "error",
                "empty_id",
                "the actor id is empty",
                file=table.file,
                row=line,
                column=schema.ID,
                value="",
            )
            continue
        if actor in rows_of:
            if first_row[actor] == cells:
                merged += 1
                out.add(
                    "warning",
                    "duplicate_row",
                    f"repeats row {rows_of[actor]} exactly; merged",
                    file=table.file,
                    row=line,
                    column=schema.ID,
                    value=actor,
                )
            else:
                out.add(
                    "error",
                    "duplicate_actor",
                    f"actor id also used in row {rows_of[actor]} with other values; ids must be "
                    "unique",
                    file=table.file,
                    row=line,
                    column=schema.ID,
                    value=actor,
                )
            continue
        rows_of[actor] = line
        first_row[actor] = cells
        record: list[Any] = [c if c != "" else None for c in cells]
        if j_resp is not None:
            parsed = parse_bool(cells[j_resp])
            if parsed is None:
                out.add(
                    "error",
                    "bad_responded",
                    "must be true/false (or yes/no, ja/nein, 1/0)",
                    file=table.file,
                    row=line,
                    column=schema.RESPONDED,
                    value=cells[j_resp],
                )
            record[j_resp] = parsed if cells[j_resp] != "" else None
        if j_per is not None:
            declared = _split_periods(cells[j_per])
            periods_of[actor] = declared or None
            record[j_per] = ";".join(declared) if declared else None
        else:
            periods_of[actor] = None
        records.append(record)
    frame = pd.DataFrame(records, columns=cols, dtype=object)
    if schema.LABEL not in frame.columns:
        frame.insert(1, schema.LABEL, frame[schema.ID])
    else:
        frame[schema.LABEL] = frame[schema.LABEL].where(
            frame[schema.LABEL].notna(), frame[schema.ID]
        )
        order = [schema.ID, schema.LABEL] + [
            c for c in frame.columns if c not in (schema.ID, schema.LABEL)
        ]
        frame = frame[order]
    if j_resp is not None:
        frame[schema.RESPONDED] = frame[schema.RESPONDED].astype("boolean")
    counts["duplicate_actor_rows_merged"] = merged
    return frame, rows_of, periods_of


def validate_raw(
    raw: RawDataset, *, strict: bool = False
) -> tuple[pd.DataFrame, pd.DataFrame, DatasetMeta, ValidationReport]:
    """Check every row of a raw dataset and return clean tables.

    Parameters
    ----------
    raw
        Tables as read by :func:`coopnet.io.read_raw`.
    strict
        Turn recoverable problems (self-ties, duplicate ties or rows, encoding fallback, nominations by
        non-respondents) into errors.

    Returns
    -------
    actors, ties, meta, report
        ``actors``: one row per actor, columns ``id, label`` then the file's other columns
        (``responded`` as nullable boolean). ``ties``: ``source, target, weight`` (float),
        ``type``, ``period`` (text or ``None``) then further columns; self-ties dropped and
        duplicates merged; for undirected data every tie is stored with ``source <= target``. ``meta``: the metadata with ``periods`` filled in. The report lists every
        problem; when it has errors the tables are incomplete and must not be analysed.
    """
    out = _Collector(strict)
    notes = list(raw.notes)
    ties_table = raw.ties
    _normalise_columns(ties_table, schema.TIE_KNOWN, notes)
    counts: dict[str, int] = {
        "actor_rows": len(raw.actors.rows) if raw.actors is not None else 0,
        "tie_rows": len(ties_table.rows),
        "duplicate_actor_rows_merged": 0,
    }
    actors, actor_rows, actor_periods = _validate_actors(raw.actors, ties_table, out, notes, counts)
    out.problems.extend(ties_table.problems)
    meta = raw.meta
    if meta.group is not None and meta.group not in actors.columns:
        out.add(
            "error",
            "unknown_group_column",
            f"dataset.toml names '{meta.group}' as the grouping column, but the actor table has "
            f"no such column (columns: {', '.join(actors.columns)})",
            file=schema.META_FILE,
            column="group",
            value=meta.group,
        )
    missing = [c for c in schema.TIE_REQUIRED if c not in ties_table.columns]
    for col in missing:
        if ties_table.columns:
            out.add(
                "error",
                "missing_column",
                f"required column '{col}' is missing (found: {', '.join(ties_table.columns)})",
                file=ties_table.file,
                row=1,
                column=col,
            )
    if missing:
        ties = pd.DataFrame(columns=[schema.SOURCE, schema.TARGET, schema.WEIGHT])
        report = ValidationReport(raw.source, tuple(out.problems), counts, tuple(notes))
        return actors, ties, meta, report
    ties, meta = _validate_ties(ties_table, actors, actor_rows, actor_periods, meta, out, counts)
    # isolates: actors without any tie in any period
    tied = set(ties[schema.SOURCE]).union(ties[schema.TARGET]) if len(ties) else set()
    isolates = [a for a in actors[schema.ID] if a not in tied]
    for a in isolates:
        out.add(
            "warning",
            "isolate",
            "actor has no tie; kept in the network as an isolate",
            file=raw.actors.file if raw.actors is not None else None,
            row=actor_rows.get(a) or None,
            column=schema.ID,
            value=a,
        )
    counts.update(actors=len(actors), ties=len(ties), isolates=len(isolates))
    report = ValidationReport(raw.source, tuple(out.problems), counts, tuple(notes))
    return actors, ties, meta, report


def _validate_ties(
    table: RawTable,
    actors: pd.DataFrame,
    actor_rows: Mapping[str, int],
    actor_periods: Mapping[str, list[str] | None],
    meta: DatasetMeta,
    out: _Collector,
    counts: dict[str, int],
) -> tuple[pd.DataFrame, DatasetMeta]:
    file = table.file
    cols = table.columns
    if not table.rows and not any(p.code == "empty_file" for p in table.problems):
        out.add("warning", "no_ties", "the tie table has no rows", file=file)
    j_s, j_t = cols.index(schema.SOURCE), cols.index(schema.TARGET)
    j_w = cols.index(schema.WEIGHT) if schema.WEIGHT in cols else None
    j_p = cols.index(schema.PERIOD) if schema.PERIOD in cols else None
    j_y = cols.index(schema.TYPE) if schema.TYPE in cols else None
    ids = list(actors[schema.ID])
    known = set(ids)
    responded: dict[str, Any] = {}
    if schema.RESPONDED in actors.columns:
        responded = {
            a: None if pd.isna(r) else bool(r)
            for a, r in zip(actors[schema.ID], actors[schema.RESPONDED], strict=True)
        }
    # periods
    declared = list(meta.periods)
    found_periods: list[str] = []
    if j_p is not None:
        for cells in table.rows:
            p = cells[j_p]
            if p and p not in found_periods:
                found_periods.append(p)
    if declared:
        periods = declared
    else:
        periods = sorted(found_periods, key=natural_key)
        for lists in actor_periods.values():
            for p in lists or ():
                if p not in periods:
                    out.add(
                        "error",
                        "unknown_period",
                        f"actor period '{p}' appears in no tie; list all periods in dataset.toml",
                        file=schema.ACTORS_FILE,
                        column=schema.ACTOR_PERIODS,
                        value=p,
                    )
    meta = replace(meta, periods=tuple(periods))
    period_set = set(periods)
    if declared:
        for actor, lists in actor_periods.items():
            for p in lists or ():
                if p not in period_set:
                    out.add(
                        "error",
                        "unknown_period",
                        f"period not listed in dataset.toml (periods: {', '.join(periods)})",
                        file=schema.ACTORS_FILE,
                        row=actor_rows.get(actor),
                        column=schema.ACTOR_PERIODS,
                        value=p,
                    )
    records: list[list[Any]] = []
    seen: dict[tuple[str, str, str | None, str | None], tuple[int, int]] = {}
    self_ties = merged = 0
    for cells, line in zip(table.rows, table.line_numbers, strict=True):
        bad = False
        ends: list[str] = []
        for j, col in ((j_s, schema.SOURCE), (j_t, schema.TARGET)):
            v = cells[j]
            ends.append(v)
            if not v:
                out.add(
                    "error",
                    "empty_actor",
                    f"the {col} actor is empty",
                    file=file,
                    row=line,
                    column=col,
                    value="",
                )
                bad = True
            elif v not in known:
                out.add(
                    "error",
                    "unknown_actor",
                    f"no actor with this id{_suggest(v, ids)}",
                    file=file,
                    row=line,
                    column=col,
                    value=v,
                )
                bad = True
        source, target = ends
        weight = schema.DEFAULT_WEIGHT
        if j_w is not None:
            text = cells[j_w]
            number = parse_number(text) if text else None
            if not text:
                out.add(
                    "error",
                    "empty_weight",
                    "the weight is empty; write a positive number (or drop the column: weight 1)",
                    file=file,
                    row=line,
                    column=schema.WEIGHT,
                    value="",
                )
                bad = True
            elif number is None:
                out.add(
                    "error",
                    "bad_weight",
                    "the weight is not a number",
                    file=file,
                    row=line,
                    column=schema.WEIGHT,
                    value=text,
                )
                bad = True
            elif not math.isfinite(number) or number <= 0:
                out.add(
                    "error",
                    "bad_weight",
                    "the weight must be a positive number",
                    file=file,
                    row=line,
                    column=schema.WEIGHT,
                    value=text,
                )
                bad = True
            else:
                weight = number
        period: str | None = None
        if j_p is not None:
            period = cells[j_p] or None
            if period is None:
                out.add(
                    "error",
                    "empty_period",
                    f"the period is empty (periods: {', '.join(periods)})",
                    file=file,
                    row=line,
                    column=schema.PERIOD,
                    value="",
                )
                bad = True
            elif period not in period_set:
                out.add(
                    "error",
                    "unknown_period",
                    f"period not listed in dataset.toml (periods: {', '.join(periods)})",
                    file=file,
                    row=line,
                    column=schema.PERIOD,
                    value=period,
                )
                bad = True
        if period is not None and not bad:
            for col, actor in ((schema.SOURCE, source), (schema.TARGET, target)):
                lists = actor_periods.get(actor)
                if lists and period not in lists:
                    out.add(
                        "error",
                        "actor_absent",
                        f"actor '{actor}' does not exist in period {period} (its periods in "
                        f"the actor table: {';'.join(lists)})",
                        file=file,
                        row=line,
                        column=col,
                        value=actor,
                    )
                    bad = True
        if bad:
            continue
        if source == target:
            self_ties += 1
            out.add(
                "warning",
                "self_tie",
                "a tie of an actor with itself; dropped",
                file=file,
                row=line,
                column=schema.TARGET,
                value=target,
            )
            continue
        if meta.directed and responded.get(source) is False:
            out.add(
                "warning",
                "non_respondent_source",
                "the source actor is marked as not having responded, yet names a partner; "
                "the tie is kept",
                file=file,
                row=line,
                column=schema.SOURCE,
                value=source,
            )
        tie_type = cells[j_y] if j_y is not None and cells[j_y] else None
        a, b = (source, target) if meta.directed or source <= target else (target, source)
        key = (a, b, tie_type, period)
        record: list[Any] = [c if c != "" else None for c in cells]
        record[j_s], record[j_t] = a, b  # undirected ties are stored with source <= target
        if key in seen:
            first_line, index = seen[key]
            previous = records[index]
            same = (
                all(previous[j] == record[j] for j in range(len(cols)) if j not in (j_s, j_t, j_w))
                and previous[-1] == weight
            )
            policy_error = meta.duplicates == "error"
            how = "repeats" if same else "repeats the tie of"
            detail = "" if same else f" with weight {previous[-1]:g} vs {weight:g}; kept the larger"
            out.add(
                "error" if policy_error else "warning",
                "duplicate_tie",
                f"{how} row {first_line} ({a}–{b}"
                + (f", {tie_type}" if tie_type else "")
                + (f", {period}" if period else "")
                + f"){detail}; merged",
                file=file,
                row=line,
                column=schema.SOURCE,
                value=source,
            )
            previous[-1] = max(previous[-1], weight)
            merged += 1
            continue
        seen[key] = (line, len(records))
        records.append([*record, weight])
    counts.update(self_ties_dropped=self_ties, duplicate_ties_merged=merged)
    extra = [
        c
        for c in cols
        if c not in (schema.SOURCE, schema.TARGET, schema.WEIGHT, schema.TYPE, schema.PERIOD)
    ]
    frame = pd.DataFrame(records, columns=[*cols, "_weight"], dtype=object)
    ties = pd.DataFrame(
        {
            schema.SOURCE: frame[schema.SOURCE].astype(object),
            schema.TARGET: frame[schema.TARGET].astype(object),
            schema.WEIGHT: frame["_weight"].astype(float),
            schema.TYPE: frame[schema.TYPE]
            if j_y is not None
            else pd.Series([None] * len(frame), dtype=object),
            schema.PERIOD: frame[schema.PERIOD]
            if j_p is not None
            else pd.Series([None] * len(frame), dtype=object),
        }
    )
    for col in extra:
        if not col.startswith("_"):
            ties[col] = frame[col]
    return ties.reset_index(drop=True), meta


def validate_dataset(raw: RawDataset, *, strict: bool = False) -> ValidationReport:
    """Return only the report of :func:`validate_raw`."""
    return validate_raw(raw, strict=strict)[3]


def raise_for_errors(report: ValidationReport) -> None:
    """Raise :class:`InputError` listing every error of ``report``, if there is any."""
    if not report.ok:
        raise InputError(report.problems, source=report.source)
