"""Rules of the actor table: ids present and unique, ``responded`` values, declared periods."""

from __future__ import annotations

from typing import Any

import pandas as pd

from coopnet import schema
from coopnet.config import Limits
from coopnet.readers.tables import RawTable
from coopnet.validation._report import Collector
from coopnet.validation._text import prepare_table
from coopnet.validation._values import parse_bool, split_periods

__all__ = ["validate_actors"]


def validate_actors(
    table: RawTable | None,
    ties: RawTable,
    out: Collector,
    notes: list[str],
    counts: dict[str, int],
    *,
    limits: Limits,
    short: tuple[str, ...],
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
    out.extend(table.problems)
    table = prepare_table(
        table,
        known=schema.ACTOR_KNOWN,
        ids=(schema.ID,),
        short=short,
        limits=limits,
        out=out,
        notes=notes,
    )
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
            declared = split_periods(cells[j_per])
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
