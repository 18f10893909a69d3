"""Rules of the actor table: ids present and unique, ``responded`` values, declared periods."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

import pandas as pd

from coopnet import schema
from coopnet.config import CodeValue, Limits
from coopnet.readers.tables import RawTable, ReadInfo
from coopnet.validation._codes import apply_codes
from coopnet.validation._report import Collector
from coopnet.validation._text import prepare_table
from coopnet.validation._values import join_periods, parse_bool, split_periods

__all__ = ["validate_actors"]


def validate_actors(
    table: RawTable | None,
    ties: RawTable,
    out: Collector,
    counts: dict[str, int],
    *,
    limits: Limits,
    short: tuple[str, ...],
    info: ReadInfo,
    codes: Mapping[str, Mapping[str, CodeValue]],
    used: set[str],
    meta_file: str,
) -> tuple[pd.DataFrame, dict[str, int], dict[str, list[str] | None]]:
    """Return the actor frame, the row of each id, and each actor's declared periods.

    An actor table without an ``id`` column but with a ``label`` (``Label`` of Kumu, ``Name`` of
    Polinode) uses the labels as ids. ``info`` gets the columns read under coopnet names.
    """
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
        out.add("warning", "no_actors_file", file=schema.ACTORS_FILE, n=len(ids))
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
        mapped=info.columns,
    )
    group = short[len(schema.ACTOR_KNOWN) + len(schema.TIE_KNOWN) :]  # the grouping column
    info.kept += [
        (table.file, table.origins.get(c, c))
        for c in table.columns
        if c not in schema.ACTOR_KNOWN and c not in group
    ]
    table, _, found = apply_codes(table, codes, info=info, out=out, meta_file=meta_file)
    used |= found
    if schema.ID not in table.columns and schema.LABEL in table.columns and table.columns:
        j = table.columns.index(schema.LABEL)
        origin = table.origins.get(schema.LABEL, schema.LABEL)
        table = replace(
            table,
            columns=[schema.ID, *table.columns],
            rows=[[row[j], *row] for row in table.rows],
            origins={**table.origins, schema.ID: origin},
        )
        info.columns.append((table.file, origin, schema.ID, "id_from_label"))
    if schema.ID not in table.columns:
        out.add(
            "error",
            "missing_column",
            "actors",
            file=table.file,
            row=table.header_line,
            column=schema.ID,
            name=schema.ID,
            found=", ".join(table.columns),
        )
        return pd.DataFrame(columns=[schema.ID, schema.LABEL]), rows_of, periods_of
    if not table.rows and not any(p.code == "empty_file" for p in table.problems):
        out.add("error", "no_actors", file=table.file)
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
                    first=rows_of[actor],
                    file=table.file,
                    row=line,
                    column=schema.ID,
                    value=actor,
                )
            else:
                out.add(
                    "error",
                    "duplicate_actor",
                    first=rows_of[actor],
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
            if parsed is None:  # the periods answered in (checked once the periods are known)
                record[j_resp] = (
                    join_periods(list(dict.fromkeys(split_periods(cells[j_resp])))) or cells[j_resp]
                )
            else:
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
    if j_resp is not None and not any(isinstance(v, str) for v in frame[schema.RESPONDED]):
        frame[schema.RESPONDED] = frame[schema.RESPONDED].astype("boolean")
    counts["duplicate_actor_rows_merged"] = merged
    return frame, rows_of, periods_of
