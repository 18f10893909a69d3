"""Rules of the tie table: known actors, weights in range, periods, self-ties and duplicates."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

import pandas as pd

from coopnet import schema
from coopnet.config import DatasetMeta, Limits
from coopnet.errors import ClosestMatcher
from coopnet.readers.tables import RawTable
from coopnet.validation._report import Collector
from coopnet.validation._values import natural_key, parse_number

__all__ = ["validate_ties"]


def validate_ties(
    table: RawTable,
    actors: pd.DataFrame,
    actor_rows: Mapping[str, int],
    actor_periods: Mapping[str, list[str] | None],
    meta: DatasetMeta,
    out: Collector,
    counts: dict[str, int],
    *,
    limits: Limits,
    notes: list[str],
) -> tuple[pd.DataFrame, DatasetMeta]:
    """Check every tie row; return the clean tie table and the metadata with its periods.

    Weights must be numbers in ``limits.weight_min`` … ``limits.weight_max``; at most
    ``limits.periods`` periods; unknown actor ids get a suggestion (at most ``limits.suggestions``
    distinct ones, then a note says how many were left without).
    """
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
    suggest = _Suggestions(ids, limits.suggestions)
    weights_beyond = 0
    responded: dict[str, Any] = {}
    if schema.RESPONDED in actors.columns:
        responded = {
            a: None if pd.isna(r) else bool(r)
            for a, r in zip(actors[schema.ID], actors[schema.RESPONDED], strict=True)
        }
    # periods
    declared = list(meta.periods)
    found: dict[str, None] = {}
    if j_p is not None:
        for cells in table.rows:
            if cells[j_p]:
                found[cells[j_p]] = None
    found_periods = list(found)
    if declared:
        periods = declared
    else:
        periods = sorted(found_periods, key=natural_key)
        for lists in actor_periods.values():
            for p in lists or ():
                if p not in found:
                    out.add(
                        "error",
                        "unknown_period",
                        f"actor period '{p}' appears in no tie; list all periods in dataset.toml",
                        file=schema.ACTORS_FILE,
                        column=schema.ACTOR_PERIODS,
                        value=p,
                    )
    meta = replace(meta, periods=tuple(periods))
    listed = ", ".join(periods[:10]) + (f", … ({len(periods)} in all)" if len(periods) > 10 else "")
    if len(periods) > limits.periods:
        out.problems.append(
            limits.exceeded(
                "periods",
                len(periods),
                "number of periods (each gets its own pages, tables and figures)",
                file=schema.META_FILE if declared else file,
                column="periods" if declared else schema.PERIOD,
                value=_shown_list(periods),
            )
        )
    period_set = set(periods)
    if declared:
        for actor, lists in actor_periods.items():
            for p in lists or ():
                if p not in period_set:
                    out.add(
                        "error",
                        "unknown_period",
                        f"period not listed in dataset.toml (periods: {listed})",
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
                    f"no actor with this id{suggest(v)}",
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
            elif not limits.weight_min <= number <= limits.weight_max:
                weights_beyond += 1
                if weights_beyond <= _LISTED_WEIGHTS:
                    name = "weight_min" if number < limits.weight_min else "weight_max"
                    out.problems.append(
                        limits.exceeded(
                            name,
                            number,
                            "the weight",
                            file=file,
                            row=line,
                            column=schema.WEIGHT,
                            value=text,
                        )
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
                    f"the period is empty (periods: {listed})",
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
                    f"period not listed in dataset.toml (periods: {listed})",
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
    if weights_beyond > _LISTED_WEIGHTS:
        out.add(
            "error",
            "limit_exceeded",
            f"{weights_beyond - _LISTED_WEIGHTS} more weight(s) lie outside "
            f"{limits.weight_min:g} … {limits.weight_max:g} (limits weight_min, weight_max)",
            file=file,
            column=schema.WEIGHT,
        )
    if suggest.skipped:
        notes.append(
            f"{file}: {suggest.skipped} more unknown actor id(s) listed without a 'did you mean' "
            f"suggestion (limit suggestions = {limits.suggestions}; --limit suggestions=N for more)"
        )
    counts.update(self_ties_dropped=self_ties, duplicate_ties_merged=merged)
    extra = [
        c
        for c in cols
        if c not in (schema.SOURCE, schema.TARGET, schema.WEIGHT, schema.TYPE, schema.PERIOD)
    ]
    weights = [r.pop() for r in records]  # each record ends with its (merged) weight
    frame = pd.DataFrame(records, columns=cols, dtype=object)
    ties = pd.DataFrame(
        {
            schema.SOURCE: frame[schema.SOURCE].astype(object),
            schema.TARGET: frame[schema.TARGET].astype(object),
            schema.WEIGHT: pd.Series(weights, dtype=float),
            schema.TYPE: frame[schema.TYPE]
            if j_y is not None
            else pd.Series([None] * len(frame), dtype=object),
            schema.PERIOD: frame[schema.PERIOD]
            if j_p is not None
            else pd.Series([None] * len(frame), dtype=object),
        }
    )
    for col in extra:
        ties[col] = frame[col]
    return ties.reset_index(drop=True), meta


def _shown_list(values: list[str]) -> str:
    head = ";".join(values[:5])
    return head + (f";… ({len(values)} in all)" if len(values) > 5 else "")


_LISTED_WEIGHTS = 20
"""Weights beyond the limits listed one by one; further ones are summed up in one error."""


class _Suggestions:
    """ "; did you mean 'X'?" for unknown ids: cached per value, for at most ``limit`` values."""

    def __init__(self, ids: list[str], limit: int) -> None:
        self._ids = ids
        self._limit = limit
        self._matcher: ClosestMatcher | None = None
        self._done: dict[str, str] = {}
        self._skipped: set[str] = set()

    @property
    def skipped(self) -> int:
        """Distinct unknown values that got no suggestion because of the limit."""
        return len(self._skipped)

    def __call__(self, value: str) -> str:
        if value in self._done:
            return self._done[value]
        if len(self._done) >= self._limit:
            self._skipped.add(value)
            return ""
        if self._matcher is None:
            self._matcher = ClosestMatcher(self._ids)
        match = self._matcher(value)
        self._done[value] = f"; did you mean '{match}'?" if match else ""
        return self._done[value]
