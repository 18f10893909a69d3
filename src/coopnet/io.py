"""Read and write coopnet datasets: CSV folders, Excel workbooks, GraphML, GEXF, adjacency matrices.

Readers return :class:`RawTable` objects — every cell as stripped text, every row with the line number
a spreadsheet would show — so that :mod:`coopnet.validate` can check all rows with one set of rules and
report each problem by file, row, column and value, whatever format the data came in.

Messy real files are accepted: comma, semicolon or tab separators (sniffed), UTF-8 with or without BOM
and a Windows-1252 fallback, surrounding whitespace, ids that look like numbers (``"007"`` stays
``"007"``: nothing is parsed as a number here).
"""

from __future__ import annotations

import csv
import io as _stdio
import logging
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from coopnet import schema
from coopnet.config import DatasetMeta, meta_from_mapping, read_meta
from coopnet.errors import InputError, Problem

__all__ = [
    "RawDataset",
    "RawTable",
    "read_csv_table",
    "read_dataset_folder",
    "read_gexf",
    "read_graphml",
    "read_matrix_csv",
    "read_raw",
    "read_workbook",
    "write_csv_folder",
    "write_graphml",
    "write_workbook",
]

log = logging.getLogger(__name__)

_SEPARATORS = (",", ";", "\t")


@dataclass
class RawTable:
    """A table as read from a file, before validation.

    Attributes
    ----------
    file
        Name used in messages (``"ties.csv"``, ``"survey.xlsx[ties]"``).
    columns
        Header names, stripped.
    rows
        Cell texts per row (stripped; missing cells are ``""``), same length as ``columns``.
    line_numbers
        For every row the line a spreadsheet would show (header = 1).
    problems
        Problems found while reading (ragged rows, duplicate headers, encoding fallback).
    """

    file: str
    columns: list[str]
    rows: list[list[str]] = field(default_factory=list)
    line_numbers: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def rename(self, mapping: Mapping[str, str]) -> None:
        """Rename columns in place; names are matched exactly, then case-insensitively."""
        lowered = {k.casefold(): v for k, v in mapping.items()}
        self.columns = [mapping.get(c, lowered.get(c.casefold(), c)) for c in self.columns]

    def column(self, name: str) -> list[str]:
        """All values of one column (the column must exist)."""
        j = self.columns.index(name)
        return [r[j] for r in self.rows]


@dataclass
class RawDataset:
    """The raw actor and tie tables of a dataset with its metadata and where it came from."""

    actors: RawTable | None
    ties: RawTable
    meta: DatasetMeta
    source: str
    notes: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------------- decoding
def _decode(data: bytes, file: str) -> tuple[str, list[Problem]]:
    """Decode UTF-8 (BOM or not); fall back to Windows-1252 with a warning."""
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
        warning = Problem(
            "warning",
            "encoding_fallback",
            "file is not UTF-8; read as Windows-1252 (check umlauts; save as UTF-8 to avoid this)",
            file=file,
        )
        return text, [warning]


def _sniff_separator(text: str) -> str:
    """Pick the separator among comma, semicolon and tab from the first lines."""
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters="".join(_SEPARATORS)).delimiter
    except csv.Error:
        header = text.splitlines()[0] if text else ""
        counts = {sep: header.count(sep) for sep in _SEPARATORS}
        best = max(counts, key=lambda s: counts[s])
        return best if counts[best] else ","


def _table_from_text(text: str, file: str, *, sep: str | None = None) -> RawTable:
    problems: list[Problem] = []
    if not text.strip():
        problems.append(Problem("error", "empty_file", "the file is empty", file=file))
        return RawTable(file=file, columns=[], problems=problems)
    sep = sep or _sniff_separator(text)
    reader = csv.reader(_stdio.StringIO(text, newline=""), delimiter=sep)
    header: list[str] | None = None
    table = RawTable(file=file, columns=[])
    last_line = 0
    for record in reader:
        line = last_line + 1  # the line this record starts on
        last_line = reader.line_num
        if not any(cell.strip() for cell in record):
            continue
        cells = [cell.strip() for cell in record]
        if header is None:
            header = cells
            table.columns = header
            table.line_numbers = []
            seen: dict[str, int] = {}
            for j, name in enumerate(header):
                if not name:
                    problems.append(
                        Problem(
                            "error",
                            "empty_header",
                            "a column has no name",
                            file=file,
                            row=line,
                            column=f"#{j + 1}",
                        )
                    )
                if name in seen:
                    problems.append(
                        Problem(
                            "error",
                            "duplicate_column",
                            "column name appears twice",
                            file=file,
                            row=line,
                            column=name,
                        )
                    )
                seen[name] = j
            continue
        if len(cells) > len(header):
            extra = cells[len(header) :]
            if any(extra):
                problems.append(
                    Problem(
                        "error",
                        "ragged_row",
                        f"row has {len(cells)} cells but the header has {len(header)} "
                        f"(separator {sep!r}; is a value containing the separator unquoted?)",
                        file=file,
                        row=line,
                        value=sep.join(record),
                    )
                )
            cells = cells[: len(header)]
        elif len(cells) < len(header):
            cells = cells + [""] * (len(header) - len(cells))
        table.rows.append(cells)
        table.line_numbers.append(line)
    if header is None:
        problems.append(Problem("error", "empty_file", "the file is empty", file=file))
    table.problems = problems
    return table


def read_csv_table(path: Path, *, display_name: str | None = None) -> RawTable:
    """Read one CSV file as text cells, sniffing the separator and the encoding.

    Parameters
    ----------
    path
        The CSV file.
    display_name
        Name used in messages; defaults to the file name.
    """
    name = display_name or path.name
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", source=str(path)) from exc
    text, problems = _decode(data, name)
    table = _table_from_text(text, name)
    table.problems = problems + table.problems
    return table


# ---------------------------------------------------------------------------------- readers
def read_dataset_folder(path: Path) -> RawDataset:
    """Read ``actors.csv``, ``ties.csv`` and the optional ``dataset.toml`` of a dataset folder.

    ``actors.csv`` is optional (actors are then taken from the ties, which is reported); ``ties.csv`` is
    required.
    """
    meta = read_meta(path / schema.META_FILE)
    ties_path = path / schema.TIES_FILE
    if not ties_path.exists():
        raise InputError(
            [
                Problem(
                    "error",
                    "missing_file",
                    f"a dataset folder needs {schema.TIES_FILE}",
                    file=str(ties_path),
                )
            ],
            source=str(path),
        )
    actors_path = path / schema.ACTORS_FILE
    actors = read_csv_table(actors_path) if actors_path.exists() else None
    ties = read_csv_table(ties_path)
    return RawDataset(actors=actors, ties=ties, meta=meta, source=str(path))


def _cell_text(value: Any) -> str:
    """Turn an Excel/GraphML value into text the way an analyst typed it (7.0 → "7")."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).strip()


def _table_from_records(
    file: str, header: list[Any], records: Iterable[tuple[int, list[Any]]]
) -> RawTable:
    columns = [_cell_text(h) for h in header]
    table = RawTable(file=file, columns=columns)
    seen: set[str] = set()
    for name in columns:
        if name in seen:
            table.problems.append(
                Problem(
                    "error",
                    "duplicate_column",
                    "column name appears twice",
                    file=file,
                    row=1,
                    column=name,
                )
            )
        seen.add(name)
    for line, values in records:
        cells = [_cell_text(v) for v in values][: len(columns)]
        if not any(cells):
            continue
        cells += [""] * (len(columns) - len(cells))
        table.rows.append(cells)
        table.line_numbers.append(line)
    return table


def read_workbook(path: Path) -> RawDataset:
    """Read an Excel workbook with sheets ``actors`` and ``ties`` (and an optional ``meta`` sheet).

    The ``meta`` sheet has two columns, ``key`` and ``value``, with the keys of ``dataset.toml``
    (``periods`` as ``2014;2016;2022``). Sheet names are matched case-insensitively.
    """
    try:
        import openpyxl
    except ImportError as exc:  # pragma: no cover - openpyxl is a core dependency
        raise ImportError("reading Excel needs openpyxl: pip install openpyxl") from exc
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zipfile, KeyError, ValueError, OSError …
        raise InputError(f"cannot open as an Excel workbook: {exc}", source=str(path)) from exc
    try:
        sheets = {name.strip().casefold(): name for name in book.sheetnames}
        tables: dict[str, RawTable] = {}
        for wanted in (schema.ACTORS_SHEET, schema.TIES_SHEET, schema.META_SHEET):
            if wanted not in sheets:
                continue
            sheet = book[sheets[wanted]]
            rows = sheet.iter_rows(values_only=True)
            header = next(rows, None)
            file = f"{path.name}[{sheets[wanted]}]"
            if header is None:
                tables[wanted] = RawTable(
                    file=file,
                    columns=[],
                    problems=[Problem("error", "empty_file", "the sheet is empty", file=file)],
                )
                continue
            records = ((i + 2, list(r)) for i, r in enumerate(rows))
            tables[wanted] = _table_from_records(file, list(header), records)
    finally:
        book.close()
    if schema.TIES_SHEET not in tables:
        raise InputError(
            [
                Problem(
                    "error",
                    "missing_sheet",
                    f"the workbook needs a sheet named '{schema.TIES_SHEET}' "
                    f"(found: {', '.join(sheets.values())})",
                    file=path.name,
                )
            ],
            source=str(path),
        )
    meta = DatasetMeta()
    if schema.META_SHEET in tables:
        mt = tables[schema.META_SHEET]
        if len(mt.columns) >= 2:
            data: dict[str, Any] = {}
            for row in mt.rows:
                key, value = row[0], row[1]
                if key.startswith("columns."):
                    table_name, _, original = key[len("columns.") :].partition(".")
                    data.setdefault("columns", {}).setdefault(table_name, {})[original] = value
                elif key:
                    data[key] = value
            meta = meta_from_mapping(data, file=mt.file)
    return RawDataset(
        actors=tables.get(schema.ACTORS_SHEET),
        ties=tables[schema.TIES_SHEET],
        meta=meta,
        source=str(path),
    )


def _graph_to_raw(graph: Any, path: Path) -> RawDataset:
    """Turn a networkx graph read from GraphML/GEXF into raw actor and tie tables."""
    name = path.name
    node_keys: list[str] = []
    for _, data in graph.nodes(data=True):
        for k in data:
            if k not in node_keys and k != schema.ID:
                node_keys.append(k)
    actor_cols = [schema.ID, *node_keys]
    actors = RawTable(file=f"{name}[nodes]", columns=actor_cols)
    for i, (node, data) in enumerate(graph.nodes(data=True)):
        actors.rows.append([_cell_text(node), *(_cell_text(data.get(k)) for k in node_keys)])
        actors.line_numbers.append(i + 1)
    edge_keys: list[str] = []
    if graph.is_multigraph():
        keyed = list(graph.edges(keys=True, data=True))
        if all(str(k).isdigit() for _, _, k, _ in keyed):  # written by coopnet: keep row order
            keyed.sort(key=lambda e: int(e[2]))
        edges = [(u, v, d) for u, v, _, d in keyed]
    else:
        edges = list(graph.edges(data=True))
    for _, _, data in edges:
        for k in data:
            if k not in edge_keys and k not in (schema.SOURCE, schema.TARGET, "id", "key"):
                edge_keys.append(k)
    ties = RawTable(file=f"{name}[edges]", columns=[schema.SOURCE, schema.TARGET, *edge_keys])
    for i, (u, v, data) in enumerate(edges):
        ties.rows.append(
            [_cell_text(u), _cell_text(v), *(_cell_text(data.get(k)) for k in edge_keys)]
        )
        ties.line_numbers.append(i + 1)
    gdata = dict(graph.graph)
    meta_data: dict[str, Any] = {
        k: gdata[k]
        for k in ("name", "description", "group", "periods", "symmetrise", "duplicates")
        if k in gdata and gdata[k] not in ("", None)
    }
    meta_data["directed"] = bool(graph.is_directed())
    for key in ("name", "description"):
        if key in meta_data:
            meta_data[key] = str(meta_data[key])
    meta = meta_from_mapping(meta_data, file=name)
    return RawDataset(actors=actors, ties=ties, meta=meta, source=str(path))


def read_graphml(path: Path) -> RawDataset:
    """Read a GraphML file (nodes = actors with attributes, edges = ties with attributes).

    Parallel edges (several tie types or periods between the same actors) are kept. Graph-level
    attributes ``name``, ``description``, ``group``, ``periods`` (``2014;2016``) and ``symmetrise``
    are read as metadata; direction comes from the file.
    """
    import networkx as nx

    try:
        graph = nx.read_graphml(path, force_multigraph=True)
    except Exception as exc:  # ElementTree/networkx raise several types
        raise InputError(f"cannot read as GraphML: {exc}", source=str(path)) from exc
    return _graph_to_raw(graph, path)


def read_gexf(path: Path) -> RawDataset:
    """Read a GEXF file (as written by Gephi) the same way as :func:`read_graphml`."""
    import networkx as nx

    try:
        graph = nx.read_gexf(path)
    except Exception as exc:  # ElementTree/networkx raise several types
        raise InputError(f"cannot read as GEXF: {exc}", source=str(path)) from exc
    for _, data in graph.nodes(data=True):
        data.pop("viz", None)
    for _, _, data in graph.edges(data=True):
        data.pop("viz", None)
    return _graph_to_raw(graph, path)


def read_matrix_csv(path: Path) -> RawDataset:
    """Read a square survey roster: row = respondent, column = named partner, cell = frequency.

    The first column holds the respondents' ids, the header the partners' ids. A blank cell means no tie;
    ``0`` also means no tie. Every row is a respondent (``responded = true``); actors that only appear as
    columns did not answer (``responded = false``). The result is directed survey data.
    """
    table = read_csv_table(path)
    actors = RawTable(file=table.file, columns=[schema.ID, schema.RESPONDED])
    ties = RawTable(
        file=table.file, columns=[schema.SOURCE, schema.TARGET, schema.WEIGHT, "_column"]
    )
    # the top-left cell of a roster is usually empty: that is not a nameless column
    ties.problems = [
        p for p in table.problems if not (p.code == "empty_header" and p.column == "#1")
    ]
    if len(table.columns) < 2:
        if not ties.problems:
            ties.problems.append(
                Problem(
                    "error",
                    "not_a_matrix",
                    "an adjacency matrix needs a header of partner ids",
                    file=table.file,
                )
            )
        return RawDataset(
            actors=actors, ties=ties, meta=DatasetMeta(directed=True), source=str(path)
        )
    partners = table.columns[1:]
    respondents = [row[0] for row in table.rows]
    order: dict[str, bool] = {}
    for r in respondents:
        order[r] = True
    for p in partners:
        order.setdefault(p, False)
    for i, (actor, responded) in enumerate(order.items()):
        actors.rows.append([actor, "true" if responded else "false"])
        actors.line_numbers.append(i + 2)
    zeros = 0
    for row, line in zip(table.rows, table.line_numbers, strict=True):
        for partner, cell in zip(partners, row[1:], strict=True):
            if cell == "":
                continue
            if cell.replace(",", ".").strip() in {"0", "0.0", "0.00"}:
                zeros += 1
                continue
            ties.rows.append([row[0], partner, cell, partner])
            ties.line_numbers.append(line)
    notes = [f"{path.name}: {zeros} cell(s) with 0 read as 'no tie'"] if zeros else []
    return RawDataset(
        actors=actors, ties=ties, meta=DatasetMeta(directed=True), source=str(path), notes=notes
    )


def read_raw(path: str | Path) -> RawDataset:
    """Read any supported dataset format, chosen by what ``path`` is.

    * a folder → ``actors.csv`` + ``ties.csv`` (+ ``dataset.toml``)
    * ``.xlsx``/``.xlsm`` → workbook with sheets ``actors`` and ``ties``
    * ``.graphml`` → GraphML, ``.gexf`` → GEXF
    * ``.csv``/``.tsv``/``.txt`` → a square adjacency matrix (survey roster)

    A ``dataset.toml`` next to a single file (same stem, e.g. ``survey.toml``) is used as metadata.
    """
    p = Path(path)
    if not p.exists():
        raise InputError(f"no such file or folder: {p}", source=str(p))
    if p.is_dir():
        raw = read_dataset_folder(p)
    else:
        suffix = p.suffix.lower()
        if suffix in (".xlsx", ".xlsm"):
            raw = read_workbook(p)
        elif suffix == ".graphml":
            raw = read_graphml(p)
        elif suffix == ".gexf":
            raw = read_gexf(p)
        elif suffix in (".csv", ".tsv", ".txt"):
            raw = read_matrix_csv(p)
        else:
            raise InputError(
                f"unknown format '{suffix}': give a dataset folder, .xlsx, .graphml, .gexf or an "
                "adjacency-matrix .csv",
                source=str(p),
            )
        sidecar = p.with_suffix(".toml")
        if sidecar.exists():
            side = read_meta(sidecar)
            if suffix in (".csv", ".tsv", ".txt"):
                side = replace(side, directed=True)
            elif suffix in (".graphml", ".gexf"):
                side = replace(side, directed=raw.meta.directed)
            raw.meta = side
            raw.notes.append(f"metadata read from {sidecar.name}")
    if raw.actors is not None:
        raw.actors.rename(raw.meta.actor_columns)
    raw.ties.rename(raw.meta.tie_columns)
    return raw


# ---------------------------------------------------------------------------------- writers
def _text_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Frame with every value as the text the readers give back (NA → empty, 2.0 → "2").

    The optional tie columns ``type`` and ``period`` are left out when they are empty throughout.
    """
    out = pd.DataFrame(index=frame.index)
    for col in frame.columns:
        if col in (schema.TYPE, schema.PERIOD) and frame[col].isna().all():
            continue
        out[col] = [
            _cell_text(None if pd.isna(v) else v)
            if not isinstance(v, tuple | list)
            else ";".join(map(str, v))
            for v in frame[col].tolist()
        ]
    return out


def write_csv_folder(
    actors: pd.DataFrame, ties: pd.DataFrame, meta: DatasetMeta, path: str | Path
) -> Path:
    """Write a dataset folder (``actors.csv``, ``ties.csv``, ``dataset.toml``), UTF-8, comma-separated.

    Returns the folder. Existing files of those names are replaced.
    """
    out = Path(path)
    out.mkdir(parents=True, exist_ok=True)
    _text_frame(actors).to_csv(out / schema.ACTORS_FILE, index=False, encoding="utf-8")
    _text_frame(ties).to_csv(out / schema.TIES_FILE, index=False, encoding="utf-8")
    (out / schema.META_FILE).write_text(meta.to_toml(), encoding="utf-8")
    return out


def _meta_rows(meta: DatasetMeta) -> list[tuple[str, str]]:
    rows = [
        ("name", meta.name),
        ("description", meta.description),
        ("directed", "true" if meta.directed else "false"),
        ("group", meta.group or ""),
        ("periods", ";".join(meta.periods)),
        ("symmetrise", meta.symmetrise),
        ("duplicates", meta.duplicates),
    ]
    rows += [(k, str(getattr(meta, k))) for k in schema.MUNICIPALITY_KEYS if getattr(meta, k)]
    rows += [(f"columns.actors.{k}", v) for k, v in meta.actor_columns.items()]
    rows += [(f"columns.ties.{k}", v) for k, v in meta.tie_columns.items()]
    return [r for r in rows if r[1] != "" or r[0] in ("name",)]


def write_workbook(
    actors: pd.DataFrame, ties: pd.DataFrame, meta: DatasetMeta, path: str | Path
) -> Path:
    """Write one Excel workbook with sheets ``actors``, ``ties`` and ``meta``; every cell as text.

    Cells are written as text so that ids such as ``007`` survive a round trip through Excel.
    """
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    meta_frame = pd.DataFrame(_meta_rows(meta), columns=["key", "value"])
    with pd.ExcelWriter(out, engine="openpyxl") as writer:
        _text_frame(actors).to_excel(writer, sheet_name=schema.ACTORS_SHEET, index=False)
        _text_frame(ties).to_excel(writer, sheet_name=schema.TIES_SHEET, index=False)
        meta_frame.to_excel(writer, sheet_name=schema.META_SHEET, index=False)
        for sheet in writer.sheets.values():
            for column in sheet.columns:
                width = max(len(str(c.value or "")) for c in column)
                sheet.column_dimensions[column[0].column_letter].width = min(60, max(8, width + 2))
    return out


def write_graphml(
    actors: pd.DataFrame, ties: pd.DataFrame, meta: DatasetMeta, path: str | Path
) -> Path:
    """Write GraphML: one node per actor, one edge per tie row (parallel edges kept), metadata as
    graph attributes. Missing values are left out (GraphML has no null)."""
    import networkx as nx

    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    graph: nx.MultiGraph = nx.MultiDiGraph() if meta.directed else nx.MultiGraph()
    for key, value in _meta_rows(meta):
        if not key.startswith("columns.") and key != "directed":
            graph.graph[key] = value
    text_actors = _text_frame(actors)
    for rec in text_actors.to_dict("records"):
        node = rec.pop(schema.ID)
        graph.add_node(node, **{str(k): v for k, v in rec.items() if v != ""})
    text_ties = _text_frame(ties)
    for i, rec in enumerate(text_ties.to_dict("records")):
        u, v = rec.pop(schema.SOURCE), rec.pop(schema.TARGET)
        attrs: dict[str, Any] = {str(k): val for k, val in rec.items() if val != ""}
        if schema.WEIGHT in attrs:
            attrs[schema.WEIGHT] = float(ties[schema.WEIGHT].iloc[i])
        graph.add_edge(u, v, key=i, **attrs)
    nx.write_graphml(graph, out, encoding="utf-8", prettyprint=True)
    return out
