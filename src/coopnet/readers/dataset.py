"""Which table of an input is what: folders, workbooks, single files; direction and renames.

People bring their data in many shapes. This module finds the actor table, the tie table or the
roster matrix among the files of a folder or the sheets of a workbook — by name (``actors``,
``Akteure``, ``Elements``, ``Nodes``; ``ties``, ``Beziehungen``, ``Kooperationen``, ``Kontakte``,
``Connections``, ``Edges``; ``matrix``; :data:`coopnet.schema.ACTOR_TABLE_NAMES` …) and, for a
sheet with another name, by content (a ``source``/``target`` pair of columns makes a tie table, a
header that repeats the first column's ids a matrix, an ``id`` or name column an actor table) —,
applies the metadata's column renames, and decides how tie rows are read: as nominations ("source
named target"), unless the data say otherwise (``directed = false`` in the metadata, a format
that says so, a ``Direction`` column whose ties are all undirected) or ``undirected_ties`` is
asked for. Everything it decides is recorded in :class:`~coopnet.readers.tables.ReadInfo`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from coopnet import schema
from coopnet.config import (
    CODES_TIE,
    DatasetMeta,
    Limits,
    meta_from_mapping,
    read_input_bytes,
    read_meta_mapping,
)
from coopnet.errors import InputError
from coopnet.messages import Text, problem, tr
from coopnet.readers.columns import TIE_WORDS, has_columns, match_column, words
from coopnet.readers.dl import read_dl_tables
from coopnet.readers.matrix import looks_like_matrix, unroll
from coopnet.readers.pajek import read_pajek_tables
from coopnet.readers.tables import RawDataset, RawTable, ReadInfo
from coopnet.readers.text import table_from_bytes
from coopnet.readers.workbook import read_workbook_tables

__all__ = [
    "Meta",
    "finish",
    "read_dl",
    "read_folder",
    "read_pajek",
    "read_table_file",
    "read_workbook",
    "role_by_name",
]

_TABLE_SUFFIXES = (".csv", ".tsv", ".txt")
_UNDIRECTED_WORDS = frozenset({"undirected", "mutual", "ungerichtet", "gegenseitig", "beidseitig"})
_DIRECTED_WORDS = frozenset({"directed", "gerichtet", "einseitig"})


class Meta:
    """The metadata of an input, which keys it states and where it came from."""

    def __init__(self, data: Mapping[str, Any] | None, origin: str | None, file: str) -> None:
        self.data: dict[str, Any] = dict(data or {})
        self.origin = origin
        self.meta = meta_from_mapping(self.data, file=file) if data is not None else DatasetMeta()

    @property
    def states_direction(self) -> bool:
        """Whether the metadata say how tie rows are read (``directed = …``)."""
        return "directed" in self.data

    @property
    def name(self) -> str:
        """Where the metadata came from, for messages (``dataset.toml`` when there are none)."""
        return self.origin or schema.META_FILE


def role_by_name(name: str) -> str | None:
    """``"actors"``, ``"ties"``, ``"matrix"`` or ``"meta"`` for a file stem or sheet name, else None.

    The name matches when it is one of the known names (any case, text in brackets and extra
    words after the first ignored: ``Akteure (2024)`` is an actor table).

    >>> role_by_name("Akteure"), role_by_name("Kooperationen 2024"), role_by_name("Notizen")
    ('actors', 'ties', None)
    """
    parts = words(name)
    if not parts:
        return None
    for role, names in (
        ("meta", (schema.META_SHEET,)),
        ("actors", schema.ACTOR_TABLE_NAMES),
        ("ties", schema.TIE_TABLE_NAMES),
        ("matrix", schema.MATRIX_TABLE_NAMES),
    ):
        if " ".join(parts) in names or parts[0] in names:
            return role
    return None


def _renamed(columns: Sequence[str], renames: Mapping[str, str]) -> list[str]:
    lowered = {k.casefold(): v for k, v in renames.items()}
    return [renames.get(c, lowered.get(c.casefold(), c)) for c in columns]


def role_by_content(table: RawTable, meta: DatasetMeta) -> str | None:
    """``"ties"`` (a source and a target column), ``"matrix"`` or ``"actors"`` (an id or name
    column), judged from the table's header and first column; ``None`` when it is none of them."""
    if not table.columns:
        return None
    ties = _renamed(table.columns, meta.tie_columns)
    if has_columns(ties, (schema.SOURCE, schema.TARGET), schema.TIE_KNOWN):
        return "ties"
    if looks_like_matrix(table):
        return "matrix"
    actors = _renamed(table.columns, meta.actor_columns)
    if any(
        (m := match_column(c, schema.ACTOR_KNOWN)) is not None and m[0] in (schema.ID, schema.LABEL)
        for c in actors
    ):
        return "actors"
    return None


# ---------------------------------------------------------------------------------- inputs
def _sidecar(path: Path, limits: Limits) -> Meta:
    side = path.with_suffix(".toml")
    data = read_meta_mapping(side, limits=limits)
    return Meta(data, side.name if data is not None else None, str(side))


def read_folder(path: Path, *, limits: Limits) -> tuple[RawDataset, Meta]:
    """Read a dataset folder: an actor table and a tie table or roster matrix, ``dataset.toml``.

    Files are found by name (``actors.csv``/``akteure.csv``/…, ``ties.csv``/``beziehungen.csv``/
    …, ``matrix.csv``; also ``.tsv`` and ``.txt``); a tie table whose content is a matrix is read
    as one. Other files are listed as not read.
    """
    toml = path / schema.META_FILE
    data = read_meta_mapping(toml, limits=limits)
    meta = Meta(data, schema.META_FILE if data is not None else None, str(toml))
    info = ReadInfo(shape="folder", meta_from=meta.origin)
    found: dict[str, Path] = {}
    files = sorted(
        (f for f in path.iterdir() if f.suffix.lower() in _TABLE_SUFFIXES),
        key=lambda f: f.name.casefold(),
    )
    for f in files:
        role = role_by_name(f.stem)
        if role in ("actors", "ties", "matrix") and role not in found:
            found[role] = f
        else:
            info.ignored.append((f.name, "second" if role else "unknown_name"))
    if "ties" in found and "matrix" in found:
        info.ignored.append((found.pop("matrix").name, "second_ties"))
    if "ties" not in found and "matrix" not in found:
        names = ", ".join(f.name for f in files) or "–"
        raise InputError(
            [
                problem(
                    "error", "missing_file", "ties", file=str(path / schema.TIES_FILE), found=names
                )
            ],
            source=str(path),
        )
    tables = {role: _read_csv(f, limits) for role, f in found.items()}
    if "ties" in tables and role_by_content(tables["ties"], meta.meta) == "matrix":
        tables["matrix"] = tables.pop("ties")
    raw = _compose(tables, meta, info, source=str(path))
    return raw, meta


def _read_csv(path: Path, limits: Limits) -> RawTable:
    data = read_input_bytes(path, limits=limits, file=path.name)
    return table_from_bytes(data, path.name, limits=limits)


def read_table_file(
    path: Path, *, limits: Limits, role: str | None = None
) -> tuple[RawDataset, Meta]:
    """Read one CSV/TSV/TXT file: an edge list (it has a source and a target column) or a matrix.

    ``role="matrix"`` reads it as a matrix whatever its header says.
    """
    meta = _sidecar(path, limits)
    table = _read_csv(path, limits)
    role = role or role_by_content(table, meta.meta)
    shape = "edge_list" if role == "ties" else "matrix"
    info = ReadInfo(shape=shape, meta_from=meta.origin)
    key = "ties" if role == "ties" else "matrix"
    return _compose({key: table}, meta, info, source=str(path)), meta


def read_workbook(path: Path, *, limits: Limits) -> tuple[RawDataset, Meta]:
    """Read an Excel workbook: sheets found by name, then by content; a ``meta`` sheet.

    Sheets named ``… (ignore)`` are skipped (as Kumu does). Kumu exports (``Elements`` and
    ``Connections``) and Polinode exports (``Nodes`` and ``Edges``) are recognised by their sheet
    names; a ``To`` cell of Kumu with several names separated by ``|`` is one tie to each.
    """
    sheets = read_workbook_tables(path, limits=limits)
    info = ReadInfo(shape="workbook")
    roles: dict[str, str] = {}
    for name in sheets:
        if "(ignore)" in name.casefold():
            info.ignored.append((f"{path.name}[{name}]", "ignore"))
            continue
        role = role_by_name(name)
        if role is not None and role not in roles.values():
            roles[name] = role
    meta_sheet = next((n for n, r in roles.items() if r == "meta"), None)
    meta = _sheet_meta(sheets[meta_sheet], path) if meta_sheet else _sidecar(path, limits)
    info.meta_from = meta.origin
    for name, role in list(roles.items()):
        if role == "ties" and role_by_content(sheets[name], meta.meta) == "matrix":
            roles[name] = "matrix"
    for name, table in sheets.items():
        if name in roles or "(ignore)" in name.casefold():
            continue
        role = role_by_content(table, meta.meta)
        taken = set(roles.values())
        if (role in ("ties", "matrix") and taken & {"ties", "matrix"}) or role in taken:
            role = None
        if role is not None:
            roles[name] = role
    tables = {role: sheets[name] for name, role in roles.items() if role != "meta"}
    for name in sheets:
        if name not in roles and "(ignore)" not in name.casefold():
            info.ignored.append((f"{path.name}[{name}]", "unknown_name"))
    if "ties" not in tables and "matrix" not in tables:
        raise InputError(
            [problem("error", "missing_sheet", file=path.name, found=", ".join(sheets) or "–")],
            source=str(path),
        )
    named = {n.strip().casefold() for n in roles}
    if {"elements", "connections"} <= named:
        info.shape = "kumu"
    elif {"nodes", "edges"} <= named:
        info.shape = "polinode"
    raw = _compose(tables, meta, info, source=str(path))
    if "actors" not in tables:
        unread = [w for w, why in info.ignored if why == "unknown_name"]
        if unread:
            raw.ties.problems.append(
                problem("warning", "unread_sheet", file=path.name, sheets=", ".join(unread))
            )
    return raw, meta


def _sheet_meta(table: RawTable, path: Path) -> Meta:
    """The ``meta`` sheet: ``key``/``value`` rows with the keys of ``dataset.toml``."""
    data: dict[str, Any] = {}
    if len(table.columns) >= 2:
        for row in table.rows:
            key, value = row[0], row[1]
            if key.startswith("columns."):
                table_name, _, original = key[len("columns.") :].partition(".")
                data.setdefault("columns", {}).setdefault(table_name, {})[original] = value
            elif key.startswith("codes."):
                column, _, code = key[len("codes.") :].partition(".")
                data.setdefault("codes", {}).setdefault(column, {})[code] = value
            elif key:
                data[key] = value
    return Meta(data, table.file, table.file)


def read_dl(path: Path, *, limits: Limits) -> tuple[RawDataset, Meta]:
    """Read a UCINET DL file (:mod:`coopnet.readers.dl`); its rows are read as nominations."""
    meta = _sidecar(path, limits)
    actors, ties, _ = read_dl_tables(path, limits=limits)
    info = ReadInfo(shape="dl", meta_from=meta.origin, direction="dl")
    raw = _compose({"actors": actors, "ties": ties}, meta, info, source=str(path))
    return raw, meta


def read_pajek(path: Path, *, limits: Limits) -> tuple[RawDataset, Meta]:
    """Read a Pajek ``.net`` file (:mod:`coopnet.readers.pajek`); ``*Edges`` are undirected."""
    meta = _sidecar(path, limits)
    actors, ties, direction = read_pajek_tables(path, limits=limits)
    info = ReadInfo(
        shape="pajek",
        meta_from=meta.origin,
        directed=direction != "edges",
        direction=f"pajek_{direction}",
    )
    raw = _compose({"actors": actors, "ties": ties}, meta, info, source=str(path))
    return raw, meta


# ---------------------------------------------------------------------------------- assembly
def _compose(tables: dict[str, RawTable], meta: Meta, info: ReadInfo, *, source: str) -> RawDataset:
    """The raw dataset of the tables found: a matrix unrolled, the actor table completed."""
    notes: list[Text] = []
    for role, table in tables.items():
        info.tables.append((role, table.file))
        if table.skipped_above:
            info.header_rows.append((table.file, table.header_line, table.skipped_above[0][1]))
    actors = tables.get("actors")
    if "matrix" in tables:
        codes = meta.meta.codes.get(CODES_TIE) or meta.meta.codes.get(schema.WEIGHT) or {}
        matrix_actors, ties, notes = unroll(tables["matrix"], codes=set(codes))
        if actors is None:
            actors = matrix_actors
        else:
            notes += _responded_from_matrix(actors, matrix_actors, meta.meta)
        info.direction = "matrix"
    else:
        ties = tables["ties"]
    return RawDataset(
        actors=actors, ties=ties, meta=meta.meta, source=source, notes=notes, info=info
    )


def _responded_from_matrix(
    actors: RawTable, matrix_actors: RawTable, meta: DatasetMeta
) -> list[Text]:
    """Add a ``responded`` column (the matrix's rows) to an actor table that has none."""
    columns = _renamed(actors.columns, meta.actor_columns)
    if any(
        (m := match_column(c, schema.ACTOR_KNOWN)) and m[0] == schema.RESPONDED for c in columns
    ):
        return []
    answered = {row[0] for row in matrix_actors.rows if row[1] == "true"}
    ids = next(
        (
            j
            for j, c in enumerate(columns)
            if (m := match_column(c, schema.ACTOR_KNOWN)) and m[0] == schema.ID
        ),
        None,
    )
    if ids is None:
        return []
    actors.columns = [*actors.columns, schema.RESPONDED]
    actors.rows = [[*row, "true" if row[ids] in answered else "false"] for row in actors.rows]
    return [tr("data.note.responded_from_matrix", file=actors.file, n=len(answered))]


def finish(raw: RawDataset, meta: Meta, *, undirected_ties: bool = False) -> RawDataset:
    """Apply the metadata's renames and decide the direction; record both in ``raw.info``.

    Parameters
    ----------
    raw
        As read (changed in place and returned).
    meta
        The metadata and what they state.
    undirected_ties
        Read every tie row as a mutual tie, whatever the data say (``--undirected-ties``).
    """
    info = raw.info
    origin = meta.name
    for table, renames in ((raw.actors, raw.meta.actor_columns), (raw.ties, raw.meta.tie_columns)):
        if table is None or not renames:
            continue
        before = list(table.columns)
        table.rename(renames, origin=origin)
        for old, new in zip(before, table.columns, strict=True):
            if old != new:
                info.columns.append((table.file, old, new, "meta"))
    if info.shape == "kumu":
        raw.notes += _split_pipes(raw.ties)
    fixed = info.direction.startswith(("pajek", "graph"))
    directed, reason, params = info.directed, info.direction, dict(info.direction_params)
    column = None if fixed else _direction_column(raw.ties)
    if undirected_ties:
        directed, reason, params = False, "flag", {}
    elif fixed:
        pass
    elif meta.states_direction:
        directed = raw.meta.directed
        reason, params = ("meta_true" if directed else "meta_false"), {"meta": origin}
    elif column is not None:
        directed, reason, params, notes = _apply_direction_column(raw.ties, column)
        raw.notes += notes
    else:
        directed = True
        if reason == "default":
            reason = "default" if meta.origin is not None else "default_nometa"
            params = {"meta": origin} if meta.origin is not None else {}
    info.directed = directed
    info.direction = reason
    info.direction_params = tuple(params.items())
    raw.meta = replace(raw.meta, directed=directed)
    return raw


def _split_pipes(ties: RawTable) -> list[Text]:
    """Kumu: a ``To`` cell ``A|B`` is a tie to each name."""
    columns = _renamed(ties.columns, {})
    j = next(
        (
            j
            for j, c in enumerate(columns)
            if (m := match_column(c, schema.TIE_KNOWN)) and m[0] == schema.TARGET
        ),
        None,
    )
    if j is None or not any("|" in row[j] for row in ties.rows):
        return []
    rows, lines, origins = [], [], []
    split = 0
    for i, (row, line) in enumerate(zip(ties.rows, ties.line_numbers, strict=True)):
        names = [t.strip() for t in row[j].split("|") if t.strip()] if "|" in row[j] else [row[j]]
        split += len(names) > 1
        for name in names:
            rows.append([*row[:j], name, *row[j + 1 :]])
            lines.append(line)
            if ties.cell_columns is not None:
                origins.append(ties.cell_columns[i])
    ties.rows, ties.line_numbers = rows, lines
    if ties.cell_columns is not None:
        ties.cell_columns = origins
    return [tr("data.note.pipes", file=ties.file, n=split)]


def _direction_column(ties: RawTable) -> int | None:
    names = {n.casefold() for n in TIE_WORDS["direction"]}
    return next((j for j, c in enumerate(ties.columns) if c.strip().casefold() in names), None)


def _apply_direction_column(
    ties: RawTable, j: int
) -> tuple[bool, str, dict[str, object], list[Text]]:
    """Read a ``Direction`` column: all undirected → mutual ties; mixed → undirected ones twice."""
    column = ties.columns[j]
    values = [row[j].strip().casefold() for row in ties.rows]
    undirected = [v in _UNDIRECTED_WORDS for v in values]
    if ties.rows and all(undirected):
        return False, "column_undirected", {"column": column}, []
    if not any(undirected):
        return True, "column_directed", {"column": column}, []
    ends = [
        next(
            (
                k
                for k, c in enumerate(ties.columns)
                if (m := match_column(c, schema.TIE_KNOWN)) and m[0] == end
            ),
            None,
        )
        for end in (schema.SOURCE, schema.TARGET)
    ]
    j_s, j_t = ends
    if j_s is None or j_t is None:
        return True, "column_mixed", {"column": column}, []
    rows, lines = [], []
    for row, line, both in zip(ties.rows, ties.line_numbers, undirected, strict=True):
        rows.append(row)
        lines.append(line)
        if both:
            back = list(row)
            back[j_s], back[j_t] = row[j_t], row[j_s]
            rows.append(back)
            lines.append(line)
    ties.rows, ties.line_numbers = rows, lines
    ties.cell_columns = None
    note = tr("data.note.both_directions", file=ties.file, n=sum(undirected), column=column)
    return True, "column_mixed", {"column": column}, [note]
