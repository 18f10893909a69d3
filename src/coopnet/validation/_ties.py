"""Rules of the tie table: known actors, weights in range, periods, self-ties and duplicates."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Container, Mapping
from dataclasses import replace
from typing import Any

import pandas as pd

from coopnet import schema
from coopnet.config import DatasetMeta, Limits
from coopnet.errors import ClosestMatcher
from coopnet.messages import Text, tr
from coopnet.readers.tables import RawTable
from coopnet.validation._report import Collector
from coopnet.validation._values import natural_key, parse_number, responded_in

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
    notes: list[Text],
    coded: Container[int] = frozenset(),
    codes_key: str = schema.WEIGHT,
    has_codes: bool = False,
) -> tuple[pd.DataFrame, DatasetMeta]:
    """Check every tie row; return the clean tie table and the metadata with its periods.

    Weights must be numbers in ``limits.weight_min`` … ``limits.weight_max``; at most
    ``limits.periods`` periods; unknown actor ids get a suggestion (at most ``limits.suggestions``
    distinct ones, then a note says how many were left without). A weight that is not a number
    is one error per distinct value (``193 rows: 'wöchentlich' is not a number``), with a hint
    for ``[codes.<codes_key>]``. A weight ``0`` is no tie (the row is dropped and counted) in a
    roster matrix and in the rows `coded` (their weight came from a code); a matrix whose cells
    look like "1 = not chosen" gets a warning unless `has_codes`.
    """
    file = table.file
    words: dict[str, list[tuple[int, str]]] = {}
    first_at: dict[str, int] = {}
    no_tie = 0
    invalid = 0

    def cell_column(i: int | None, name: str) -> str:
        """The column of the user's file that holds `name` (of row `i`, for a matrix)."""
        if table.cell_columns is not None and i is not None and name != schema.SOURCE:
            return table.cell_columns[i]
        return table.origins.get(name, name)

    cols = table.columns
    if not table.rows and not any(p.code == "empty_file" for p in table.problems):
        out.add("warning", "no_ties", file=file)
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
        responded = dict(zip(actors[schema.ID], actors[schema.RESPONDED], strict=True))
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
                        "in_no_tie",
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
                "periods",
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
                        "not_listed",
                        periods=listed,
                        file=schema.ACTORS_FILE,
                        row=actor_rows.get(actor),
                        column=schema.ACTOR_PERIODS,
                        value=p,
                    )
    records: list[list[Any]] = []
    seen: dict[tuple[str, str, str | None, str | None], tuple[int, int]] = {}
    self_ties = merged = 0
    for i, (cells, line) in enumerate(zip(table.rows, table.line_numbers, strict=True)):
        bad = False
        ends: list[str] = []
        for j, col in ((j_s, schema.SOURCE), (j_t, schema.TARGET)):
            v = cells[j]
            ends.append(v)
            if not v:
                out.add(
                    "error",
                    "empty_actor",
                    col,
                    file=file,
                    row=line,
                    column=cell_column(i, col),
                    value="",
                )
                bad = True
            elif v not in known:
                match = suggest(v)
                out.add(
                    "error",
                    "unknown_actor",
                    "suggest" if match else "plain",
                    match=match,
                    file=file,
                    row=line,
                    column=cell_column(i, col),
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
                    file=file,
                    row=line,
                    column=cell_column(i, schema.WEIGHT),
                    value="",
                )
                bad = True
            elif number is None:
                if text not in words:  # a place in file order, filled in after the loop
                    first_at[text] = len(out.problems)
                    out.add("error", "bad_weight", "not_positive", file=file, row=line)
                words.setdefault(text, []).append((line, cell_column(i, schema.WEIGHT)))
                bad = True
            elif number == 0 and (table.matrix is not None or i in coded):
                no_tie += 1
                continue
            elif not math.isfinite(number) or number <= 0:
                negative_code = number < 0 and text.lstrip("-").isdigit()
                out.add(
                    "error",
                    "bad_weight",
                    "negative_code" if negative_code else "not_positive",
                    codes=codes_key,
                    file=file,
                    row=line,
                    column=cell_column(i, schema.WEIGHT),
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
                            "weight",
                            file=file,
                            row=line,
                            column=cell_column(i, schema.WEIGHT),
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
                    periods=listed,
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
                    "not_listed",
                    periods=listed,
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
                        actor=actor,
                        period=period,
                        periods=";".join(lists),
                        file=file,
                        row=line,
                        column=col,
                        value=actor,
                    )
                    bad = True
        if bad:
            invalid += 1
            continue
        if source == target:
            self_ties += 1
            out.add(
                "warning",
                "self_tie",
                file=file,
                row=line,
                column=cell_column(i, schema.TARGET),
                value=target,
            )
            continue
        if meta.directed and responded_in(responded.get(source), period) is False:
            out.add(
                "warning",
                "non_respondent_source",
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
            pair = (
                f"{a}–{b}"
                + (f", {tie_type}" if tie_type else "")
                + (f", {period}" if period else "")
            )
            out.add(
                "error" if policy_error else "warning",
                "duplicate_tie",
                "same" if same else "different",
                first=first_line,
                pair=pair,
                before=float(previous[-1]),
                after=float(weight),
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
            "more_weights",
            n=weights_beyond - _LISTED_WEIGHTS,
            low=f"{limits.weight_min:g}",
            high=f"{limits.weight_max:g}",
            file=file,
            column=cell_column(None, schema.WEIGHT),
        )
    if suggest.skipped:
        notes.append(
            tr("data.note.no_suggestions", file=file, n=suggest.skipped, limit=limits.suggestions)
        )
    _report_words(words, first_at, out, file=file, codes=codes_key, cells=table.matrix is not None)
    if words:
        notes.append(_codes_hint(list(words), codes_key))
    if no_tie:
        notes.append(
            tr("data.note.zero_cells", file=file, n=no_tie)
            if table.matrix is not None and not coded
            else tr(
                "data.note.coded_no_tie_cells"
                if table.matrix is not None
                else "data.note.coded_no_tie",
                file=file,
                n=no_tie,
                codes=codes_key,
            )
        )
    if table.matrix is not None and not has_codes:
        _check_matrix_coding(table, records, j_w, out, file=file)
    counts.update(
        self_ties_dropped=self_ties,
        duplicate_ties_merged=merged,
        invalid_tie_rows=invalid,
        no_tie_rows=no_tie,
    )
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
        self._done[value] = match or ""
        return self._done[value]


_LISTED_ROWS = 10
"""Rows named in a summarised error; further ones are counted."""

_SCALE = {
    "nie": 0, "never": 0, "nein": 0, "no": 0, "keine": 0, "kein": 0,
    "selten": 1, "seltener": 1, "rarely": 1, "less often": 1, "ja": 1, "yes": 1, "x": 1,
    "monatlich": 2, "monthly": 2, "wöchentlich": 3, "weekly": 3, "täglich": 4, "daily": 4,
}  # fmt: skip
"""Numbers suggested for common answers (the ``haeufigkeit`` scale of ``coopnet survey``)."""


def _report_words(
    words: Mapping[str, list[tuple[int, str]]],
    first_at: Mapping[str, int],
    out: Collector,
    *,
    file: str,
    codes: str,
    cells: bool,
) -> None:
    """One error per distinct weight that is not a number, naming its first rows.

    Each goes to the place its first row holds among the problems (``first_at``).
    """
    for value, where in words.items():
        line, column = where[0]
        at = first_at[value]
        if len(where) == 1:
            out.problems[at] = out.make(
                "error", "bad_weight", "not_number", file=file, row=line, column=column,
                value=value, codes=codes,
            )  # fmt: skip
            continue
        rows = ", ".join(str(r) for r, _ in where[:_LISTED_ROWS])
        more = len(where) - _LISTED_ROWS
        columns = sorted({c for _, c in where})
        out.problems[at] = out.make(
            "error",
            "bad_weight",
            "many_cells" if cells else "many_rows",
            file=file,
            row=line,
            column=column if len(columns) == 1 else None,
            value=value,
            n=len(where),
            codes=codes,
            rows=tr("problems.where.rows_more", rows=rows, more=more)
            if more > 0
            else tr("problems.where.rows", rows=rows),
        )


def _codes_hint(values: list[str], codes: str) -> Text:
    """A ``[codes.…]`` table to copy into dataset.toml for the values that are not numbers."""

    def number(value: str) -> str:
        found = _SCALE.get(value.strip().casefold())
        return "?" if found is None else str(found)

    shown = values[:12]
    pairs = ", ".join(f'"{v}" = {number(v)}' for v in shown) + (", …" if len(values) > 12 else "")
    return tr("data.note.codes_hint", codes=codes, pairs=pairs)


_DENSE = 0.9
"""Share of non-zero off-diagonal cells above which a matrix gets a warning on its coding."""


def _check_matrix_coding(
    table: RawTable, records: list[list[Any]], j_w: int | None, out: Collector, *, file: str
) -> None:
    """Warn when a matrix looks coded "1 = not chosen, 2 = chosen" (SoSci Survey and others)."""
    shape = table.matrix
    if shape is None or j_w is None or shape.cells < 6:
        return
    weights = [r[-1] for r in records]
    values = Counter(weights)
    share = len(weights) / shape.cells
    dense = share >= _DENSE
    two = len(values) == 2
    if not (dense or two):
        return
    low, high = sorted(values)[:2] if two else (min(values), max(values))
    out.add(
        "warning",
        "matrix_coding",
        "dense_two" if dense and two else ("dense" if dense else "two_codes"),
        file=file,
        n=len(weights),
        cells=shape.cells,
        share=round(share * 100),
        low=f"{low:g}",
        high=f"{high:g}",
    )
