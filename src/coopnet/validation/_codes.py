"""Value codes: ``[codes.<column>]`` tables of ``dataset.toml`` applied to a raw table.

Survey tools and questionnaires write answers as words (``wöchentlich``) or as their own codes
(SoSci Survey: ``1`` = not chosen, ``2`` = chosen). A ``[codes.<column>]`` table says what each
value stands for; the values are replaced before the rules of validation run, so ``"täglich" = 4``
makes the weight 4 and ``"1" = 0`` in ``[codes.tie]`` makes the cell "no tie". A codes table is
found by the coopnet column (``weight``, ``responded``, ``type``, ``sector``, …) or by the name of
the column in the file (``[codes."Häufigkeit"]``); ``[codes.tie]`` is the cells of a roster
matrix. Values are matched as written, then in any case, then as numbers (``"1"`` matches ``1.0``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from coopnet import schema
from coopnet.config import CODES_TIE, CodeValue
from coopnet.readers.tables import RawTable, ReadInfo
from coopnet.validation._report import Collector
from coopnet.validation._values import parse_number

__all__ = ["apply_codes"]

_NUMERIC = (schema.WEIGHT,)
"""Columns whose codes must stand for numbers."""


def _text(value: CodeValue) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _column_of(key: str, table: RawTable) -> str | None:
    if key == CODES_TIE:
        return schema.WEIGHT if table.matrix is not None else None
    if key in table.columns:
        return key
    for column, origin in table.origins.items():
        if origin == key or origin.casefold() == key.casefold():
            return column
    folded = key.casefold()
    return next((c for c in table.columns if c.casefold() == folded), None)


def apply_codes(
    table: RawTable,
    codes: Mapping[str, Mapping[str, CodeValue]],
    *,
    info: ReadInfo,
    out: Collector,
    meta_file: str,
) -> tuple[RawTable, set[int], set[str]]:
    """`table` with its coded values replaced (`table` itself is not changed).

    Returns
    -------
    table, coded, used
        The new table; the rows whose ``weight`` came from a code (a weight coded 0 is no tie);
        the keys of `codes` that apply to this table. ``info.codes`` gets one entry per code
        used (with its count).

    Notes
    -----
    For a matrix, ``[codes.tie]`` is used when it is there, else ``[codes.weight]``. A code of
    ``weight`` or ``tie`` must stand for a number (an error in `meta_file` otherwise).
    """
    targets: dict[str, str] = {}
    for key in codes:
        column = _column_of(key, table)
        if column is not None:
            targets.setdefault(column, key)
    if table.matrix is not None and CODES_TIE in codes:
        targets[schema.WEIGHT] = CODES_TIE
    used = set(targets.values())
    if table.matrix is not None and CODES_TIE in codes and schema.WEIGHT in codes:
        used.add(schema.WEIGHT)  # the cells are the weights: [codes.weight] is not unused
    if not targets:
        return table, set(), used
    rows = [list(r) for r in table.rows]
    coded: set[int] = set()
    for column, key in targets.items():
        mapping = codes[key]
        if column in _NUMERIC:
            wrong = [k for k, v in mapping.items() if isinstance(v, bool | str)]
            for k in wrong:
                out.add(
                    "error",
                    "invalid_meta",
                    "code_number",
                    file=meta_file,
                    column=f"codes.{key}",
                    value=f"{k} = {mapping[k]!r}",
                    codes=key,
                )
            if wrong:
                continue
        exact = {k.strip(): _text(v) for k, v in mapping.items()}
        folded = {k.casefold(): v for k, v in exact.items()}
        numbers = {n: v for k, v in exact.items() if (n := parse_number(k)) is not None}
        j = table.columns.index(column)
        counts: dict[tuple[str, str], int] = {}
        for i, row in enumerate(rows):
            cell = row[j]
            if cell == "":
                continue
            meaning = exact.get(cell)
            if meaning is None:
                meaning = folded.get(cell.casefold())
            if meaning is None and numbers:
                number = parse_number(cell)
                meaning = numbers.get(number) if number is not None else None
            if meaning is None:
                continue
            counts[(cell, meaning)] = counts.get((cell, meaning), 0) + 1
            row[j] = meaning
            if column == schema.WEIGHT:
                coded.add(i)
        shown = table.origins.get(column, column) if table.matrix is None else key
        order = {k: i for i, k in enumerate(exact)}
        for (value, meaning), n in sorted(
            counts.items(), key=lambda item: (order.get(item[0][0], len(order)), item[0][0])
        ):
            info.codes.append((table.file, shown, value, meaning, n))
    return replace(table, rows=rows), coded, used
