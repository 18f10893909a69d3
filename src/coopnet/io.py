"""Read and write coopnet datasets: CSV folders, Excel workbooks, GraphML, GEXF, adjacency matrices.

Readers return :class:`RawTable` objects — every cell as stripped text, every row with the line number
a spreadsheet would show (for GraphML/GEXF: the line of the element) — so that :mod:`coopnet.validation`
can check all rows with one set of rules and report each problem by file, row, column and value,
whatever format the data came in. The parsing itself lives in :mod:`coopnet.readers`.

Messy real files are accepted: comma, semicolon or tab separators (sniffed), UTF-8 with or without BOM,
UTF-16 with BOM, a Windows-1252 fallback per row, surrounding whitespace, ids that look like numbers
(``"007"`` stays ``"007"``: nothing is parsed as a number here). Hostile ones are refused within
:class:`~coopnet.config.Limits` (``docs/safety.md``): pipes and devices, oversized files, zip bombs,
sheets that declare millions of cells, XML entities.
"""

from __future__ import annotations

import logging
import os
import warnings
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pandas as pd

from coopnet import schema
from coopnet.config import DatasetMeta, Limits, meta_from_mapping, read_input_bytes, read_meta
from coopnet.errors import DataWarning, InputError, Problem
from coopnet.outputs import check_suffix, output_file, output_folder
from coopnet.readers.graphs import meta_data, read_graph_file
from coopnet.readers.tables import RawDataset, RawTable
from coopnet.readers.tables import cell_text as _cell_text
from coopnet.readers.text import table_from_bytes
from coopnet.readers.workbook import read_workbook_tables
from coopnet.spreadsheet import write_csv, write_sheets
from coopnet.textsafe import xml_text

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


def _limits(limits: Limits | None) -> Limits:
    return limits if limits is not None else Limits()


def read_csv_table(
    path: Path, *, display_name: str | None = None, limits: Limits | None = None
) -> RawTable:
    """Read one CSV file as text cells, sniffing the separator and the encoding.

    Parameters
    ----------
    path
        The CSV file (a regular file: a pipe or device is refused).
    display_name
        Name used in messages; defaults to the file name.
    limits
        Limits on the input (file size, rows, columns); default :class:`~coopnet.config.Limits`.

    Raises
    ------
    InputError
        The file cannot be opened, is not a regular file or is larger than ``limits.file_mb``.
        Problems inside the file (quotes, encoding, ragged rows) are in ``table.problems``.
    """
    name = display_name or path.name
    data = read_input_bytes(path, limits=_limits(limits), file=name)
    return table_from_bytes(data, name, limits=_limits(limits))


# ---------------------------------------------------------------------------------- readers
def read_dataset_folder(path: Path, *, limits: Limits | None = None) -> RawDataset:
    """Read ``actors.csv``, ``ties.csv`` and the optional ``dataset.toml`` of a dataset folder.

    ``actors.csv`` is optional (actors are then taken from the ties, which is reported); ``ties.csv`` is
    required.
    """
    meta = read_meta(path / schema.META_FILE, limits=_limits(limits))
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
    actors = read_csv_table(actors_path, limits=limits) if actors_path.exists() else None
    ties = read_csv_table(ties_path, limits=limits)
    return RawDataset(actors=actors, ties=ties, meta=meta, source=str(path))


def read_workbook(path: Path, *, limits: Limits | None = None) -> RawDataset:
    """Read an Excel workbook with sheets ``actors`` and ``ties`` (and an optional ``meta`` sheet).

    The ``meta`` sheet has two columns, ``key`` and ``value``, with the keys of ``dataset.toml``
    (``periods`` as ``2014;2016;2022``). Sheet names are matched case-insensitively. Only the cells
    that hold something are read, whatever dimension a sheet declares; the workbook's unpacked size
    is checked against ``limits.unzipped_mb`` before it is opened.
    """
    tables, sheet_names = read_workbook_tables(path, limits=_limits(limits))
    if schema.TIES_SHEET not in tables:
        raise InputError(
            [
                Problem(
                    "error",
                    "missing_sheet",
                    f"the workbook needs a sheet named '{schema.TIES_SHEET}' "
                    f"(found: {', '.join(sheet_names) or 'no sheets'})",
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


def read_graphml(path: Path, *, limits: Limits | None = None) -> RawDataset:
    """Read a GraphML file (nodes = actors with attributes, edges = ties with attributes).

    Every ``<node>`` is an actor row and every ``<edge>`` a tie row, in file order, so repeated ids,
    edges to undeclared nodes and nodes without id are found by validation like in a CSV file (the row
    is the element's line). Parallel edges (several tie types or periods between the same actors) are
    kept. Graph-level attributes ``name``, ``description``, ``group``, ``periods`` (``2014;2016``),
    ``symmetrise`` and ``duplicates`` are read as metadata; direction comes from ``edgedefault``.
    """
    graph = read_graph_file(path, "graphml", limits=_limits(limits))
    meta = meta_from_mapping(meta_data(graph), file=path.name)
    return RawDataset(actors=graph.nodes, ties=graph.edges, meta=meta, source=str(path))


def read_gexf(path: Path, *, limits: Limits | None = None) -> RawDataset:
    """Read a GEXF file (as written by Gephi) the same way as :func:`read_graphml`."""
    graph = read_graph_file(path, "gexf", limits=_limits(limits))
    meta = meta_from_mapping(meta_data(graph), file=path.name)
    return RawDataset(actors=graph.nodes, ties=graph.edges, meta=meta, source=str(path))


def read_matrix_csv(path: Path, *, limits: Limits | None = None) -> RawDataset:
    """Read a square survey roster: row = respondent, column = named partner, cell = frequency.

    The first column holds the respondents' ids, the header the partners' ids. A blank cell means no tie;
    ``0`` also means no tie. Every row is a respondent (``responded = true``); actors that only appear as
    columns did not answer (``responded = false``). The result is directed survey data.
    """
    table = read_csv_table(path, limits=limits)
    actors = RawTable(file=table.file, columns=[schema.ID, schema.RESPONDED])
    ties = RawTable(file=table.file, columns=[schema.SOURCE, schema.TARGET, schema.WEIGHT])
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
            ties.rows.append([row[0], partner, cell])
            ties.line_numbers.append(line)
    notes = [f"{path.name}: {zeros} cell(s) with 0 read as 'no tie'"] if zeros else []
    return RawDataset(
        actors=actors, ties=ties, meta=DatasetMeta(directed=True), source=str(path), notes=notes
    )


def read_raw(path: str | Path, *, limits: Limits | None = None) -> RawDataset:
    """Read any supported dataset format, chosen by what ``path`` is.

    * a folder → ``actors.csv`` + ``ties.csv`` (+ ``dataset.toml``)
    * ``.xlsx``/``.xlsm`` → workbook with sheets ``actors`` and ``ties``
    * ``.graphml`` → GraphML, ``.gexf`` → GEXF
    * ``.csv``/``.tsv``/``.txt`` → a square adjacency matrix (survey roster)

    A ``dataset.toml`` next to a single file (same stem, e.g. ``survey.toml``) is used as metadata.

    Parameters
    ----------
    path
        The dataset.
    limits
        Limits on the input (``docs/safety.md``); default :class:`~coopnet.config.Limits`.

    Raises
    ------
    InputError
        The path does not exist, has an unknown format, or a file cannot be read at all (not a
        regular file, beyond a limit, not a workbook, malformed XML). Problems of single rows are
        left to :func:`coopnet.validation.validate_raw`.
    """
    p = Path(path)
    if not p.exists():
        raise InputError(f"no such file or folder: {p}", source=str(p))
    origin = schema.META_FILE
    if p.is_dir():
        raw = read_dataset_folder(p, limits=limits)
    else:
        origin = (
            f"{p.name}[{schema.META_SHEET}]" if p.suffix.lower() in (".xlsx", ".xlsm") else p.name
        )
        suffix = p.suffix.lower()
        if suffix in (".xlsx", ".xlsm"):
            raw = read_workbook(p, limits=limits)
        elif suffix == ".graphml":
            raw = read_graphml(p, limits=limits)
        elif suffix == ".gexf":
            raw = read_gexf(p, limits=limits)
        elif suffix in (".csv", ".tsv", ".txt"):
            raw = read_matrix_csv(p, limits=limits)
        else:
            raise InputError(
                f"unknown format '{suffix}': give a dataset folder, .xlsx, .graphml, .gexf or an "
                "adjacency-matrix .csv",
                source=str(p),
            )
        sidecar = p.with_suffix(".toml")
        if sidecar.exists():
            side = read_meta(sidecar, limits=_limits(limits))
            if suffix in (".csv", ".tsv", ".txt"):
                side = replace(side, directed=True)
            elif suffix in (".graphml", ".gexf"):
                side = replace(side, directed=raw.meta.directed)
            raw.meta = side
            raw.notes.append(f"metadata read from {sidecar.name}")
            origin = sidecar.name
    if raw.actors is not None:
        raw.actors.rename(raw.meta.actor_columns, origin=origin)
    raw.ties.rename(raw.meta.tie_columns, origin=origin)
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


Inputs = Iterable[str | os.PathLike[str]]


def write_csv_folder(
    actors: pd.DataFrame,
    ties: pd.DataFrame,
    meta: DatasetMeta,
    path: str | Path,
    *,
    overwrite: bool = False,
    inputs: Inputs = (),
    command: str = "convert",
) -> Path:
    """Write a dataset folder (``actors.csv``, ``ties.csv``, ``dataset.toml``), UTF-8, comma-separated.

    Returns the folder. The CSV files are exact data: every text is written as it is, so
    :func:`coopnet.load` reads the same dataset back. The folder is written as
    :func:`coopnet.outputs.output_folder` writes: a folder coopnet made before is replaced, a
    non-empty folder it did not make is refused unless ``overwrite`` (files of the same names
    are then replaced, nothing else is deleted), and the folder may not be, contain or lie
    inside one of ``inputs`` (:class:`~coopnet.errors.OutputError`). `command` is recorded in
    the folder's manifest.
    """
    out = Path(path)
    with output_folder(out, command=command, inputs=inputs, overwrite=overwrite) as folder:
        write_csv(_text_frame(actors), folder / schema.ACTORS_FILE, spreadsheet=False)
        write_csv(_text_frame(ties), folder / schema.TIES_FILE, spreadsheet=False)
        (folder / schema.META_FILE).write_text(meta.to_toml(), encoding="utf-8")
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
    actors: pd.DataFrame,
    ties: pd.DataFrame,
    meta: DatasetMeta,
    path: str | Path,
    *,
    overwrite: bool = False,
    inputs: Inputs = (),
) -> Path:
    """Write one Excel workbook with sheets ``actors``, ``ties`` and ``meta``; every cell as text.

    Cells are stored as text (never as a formula or an error value), so that ids such as
    ``007``, ``=A1`` or ``#N/A`` survive a round trip through Excel; characters an xlsx file
    cannot hold (control characters) are replaced by ``\ufffd`` with a
    :class:`~coopnet.errors.DataWarning` (:func:`coopnet.spreadsheet.write_sheets`). ``path``
    must end in ``.xlsx``; it is written as :func:`coopnet.outputs.output_file` writes (never
    an input or inside an input folder; an existing file coopnet did not make only with
    ``overwrite``).
    """
    out = Path(path)
    check_suffix(out, ("xlsx",), what="an Excel workbook")
    meta_frame = pd.DataFrame(_meta_rows(meta), columns=["key", "value"])
    sheets = {
        schema.ACTORS_SHEET: _text_frame(actors),
        schema.TIES_SHEET: _text_frame(ties),
        schema.META_SHEET: meta_frame,
    }
    with output_file(out, kind="xlsx", inputs=inputs, overwrite=overwrite) as tmp:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", DataWarning)
            write_sheets(tmp, sheets, exact=True)
        for warning in caught:  # name the real file, not the temporary one
            text = str(warning.message).replace(tmp.name, out.name)
            warnings.warn(text, DataWarning, stacklevel=2)
    return out


GRAPHML_MARKER = "<!-- written by coopnet -->"
"""The comment after the XML declaration that marks a GraphML file coopnet wrote."""


def write_graphml(
    actors: pd.DataFrame,
    ties: pd.DataFrame,
    meta: DatasetMeta,
    path: str | Path,
    *,
    overwrite: bool = False,
    inputs: Inputs = (),
) -> Path:
    """Write GraphML: one node per actor, one edge per tie row (parallel edges kept), metadata as
    graph attributes. Missing values are left out (GraphML has no null).

    Texts are kept exactly, except characters XML cannot hold (control characters), which are
    replaced by ``\ufffd`` with a :class:`~coopnet.errors.DataWarning`. ``path`` must end in
    ``.graphml``; it is written as :func:`coopnet.outputs.output_file` writes (never an input or
    inside an input folder; an existing file coopnet did not make only with ``overwrite``).
    """
    import networkx as nx

    out = Path(path)
    check_suffix(out, ("graphml",), what="GraphML")
    replaced = 0

    def text(value: str) -> str:
        nonlocal replaced
        fixed = xml_text(value)
        replaced += fixed != value
        return fixed

    graph: nx.MultiGraph[Any] = nx.MultiDiGraph() if meta.directed else nx.MultiGraph()
    for key, value in _meta_rows(meta):
        if not key.startswith("columns.") and key != "directed":
            graph.graph[text(key)] = text(value)
    text_actors = _text_frame(actors)
    for rec in text_actors.to_dict("records"):
        node = text(rec.pop(schema.ID))
        graph.add_node(node, **{text(str(k)): text(v) for k, v in rec.items() if v != ""})
    text_ties = _text_frame(ties)
    for i, rec in enumerate(text_ties.to_dict("records")):
        u, v = text(rec.pop(schema.SOURCE)), text(rec.pop(schema.TARGET))
        attrs: dict[str, Any] = {text(str(k)): text(val) for k, val in rec.items() if val != ""}
        if schema.WEIGHT in attrs:
            attrs[schema.WEIGHT] = float(ties[schema.WEIGHT].iloc[i])
        graph.add_edge(u, v, key=i, **attrs)
    with output_file(out, kind="graphml", inputs=inputs, overwrite=overwrite) as tmp:
        nx.write_graphml(graph, tmp, encoding="utf-8", prettyprint=True)
        declaration, _, rest = tmp.read_text(encoding="utf-8").partition("\n")
        tmp.write_text(f"{declaration}\n{GRAPHML_MARKER}\n{rest}", encoding="utf-8")
    if replaced:
        warnings.warn(
            f"{out.name}: {replaced} text(s) held characters XML cannot store (control "
            "characters); they were replaced by '\ufffd'",
            DataWarning,
            stacklevel=2,
        )
    return out
