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
from pathlib import Path
from typing import Any

import pandas as pd

from coopnet import schema
from coopnet.config import DatasetMeta, Limits, read_input_bytes, read_meta_mapping
from coopnet.errors import DataWarning, InputError
from coopnet.messages import problem, tr
from coopnet.outputs import check_suffix, output_file, output_folder
from coopnet.readers import dataset as shapes
from coopnet.readers.graphs import meta_data, read_graph_file
from coopnet.readers.tables import RawDataset, RawTable, ReadInfo
from coopnet.readers.tables import cell_text as _cell_text
from coopnet.readers.text import table_from_bytes
from coopnet.spreadsheet import write_csv, write_sheets
from coopnet.textsafe import xml_text

__all__ = [
    "RawDataset",
    "RawTable",
    "ReadInfo",
    "dataset_lang",
    "read_csv_table",
    "read_dataset_folder",
    "read_dl",
    "read_gexf",
    "read_graphml",
    "read_matrix_csv",
    "read_pajek",
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
def read_dataset_folder(
    path: Path, *, limits: Limits | None = None, undirected_ties: bool = False
) -> RawDataset:
    """Read a dataset folder: an actor table, a tie table or roster matrix, ``dataset.toml``.

    The tables are found by name: ``actors.csv`` (or ``akteure.csv``, ``elements.csv``,
    ``nodes.csv``, …; optional — actors are then taken from the ties, which is reported), and
    ``ties.csv`` (or ``beziehungen.csv``, ``kooperationen.csv``, ``kontakte.csv``, ``edges.csv``,
    …) or ``matrix.csv`` (a square roster); ``.tsv`` and ``.txt`` too. See
    :mod:`coopnet.readers.dataset`.
    """
    raw, meta = shapes.read_folder(path, limits=_limits(limits))
    return shapes.finish(raw, meta, undirected_ties=undirected_ties)


def read_workbook(
    path: Path, *, limits: Limits | None = None, undirected_ties: bool = False
) -> RawDataset:
    """Read an Excel workbook: an actor sheet, a tie or matrix sheet, an optional ``meta`` sheet.

    Sheets are found by name (``actors``/``Akteure``/``Elements``/``Nodes``…,
    ``ties``/``Beziehungen``/``Kooperationen``/``Kontakte``/``Connections``/``Edges``…,
    ``matrix``; any case), then by content; a title above a sheet's header is skipped. The
    ``meta`` sheet has two columns, ``key`` and ``value``, with the keys of ``dataset.toml``
    (``periods`` as ``2014;2016;2022``, ``columns.ties.von`` = ``source``,
    ``codes.weight.täglich`` = ``4``). Only the cells that hold something are read, whatever
    dimension a sheet declares; the workbook's unpacked size is checked against
    ``limits.unzipped_mb`` before it is opened.
    """
    raw, meta = shapes.read_workbook(path, limits=_limits(limits))
    return shapes.finish(raw, meta, undirected_ties=undirected_ties)


def _graph_dataset(path: Path, kind: str, limits: Limits) -> tuple[RawDataset, shapes.Meta]:
    graph = read_graph_file(path, kind, limits=limits)  # type: ignore[arg-type]
    meta = shapes.Meta(meta_data(graph), None, path.name)
    side = path.with_suffix(".toml")
    info = ReadInfo(
        shape=kind,
        directed=graph.directed,
        direction="graph_directed" if graph.directed else "graph_undirected",
        direction_params=(("file", path.name),),
    )
    data = read_meta_mapping(side, limits=limits)
    if data is not None:
        meta = shapes.Meta({**data, "directed": graph.directed}, side.name, str(side))
        info.meta_from = side.name
    info.tables += [("actors", graph.nodes.file), ("ties", graph.edges.file)]
    raw = RawDataset(
        actors=graph.nodes, ties=graph.edges, meta=meta.meta, source=str(path), info=info
    )
    return raw, meta


def read_graphml(
    path: Path, *, limits: Limits | None = None, undirected_ties: bool = False
) -> RawDataset:
    """Read a GraphML file (nodes = actors with attributes, edges = ties with attributes).

    Every ``<node>`` is an actor row and every ``<edge>`` a tie row, in file order, so repeated ids,
    edges to undeclared nodes and nodes without id are found by validation like in a CSV file (the row
    is the element's line). Parallel edges (several tie types or periods between the same actors) are
    kept. Graph-level attributes ``name``, ``description``, ``group``, ``periods`` (``2014;2016``),
    ``symmetrise`` and ``duplicates`` are read as metadata; direction comes from ``edgedefault``.
    """
    raw, meta = _graph_dataset(path, "graphml", _limits(limits))
    return shapes.finish(raw, meta, undirected_ties=undirected_ties)


def read_gexf(
    path: Path, *, limits: Limits | None = None, undirected_ties: bool = False
) -> RawDataset:
    """Read a GEXF file (as written by Gephi) the same way as :func:`read_graphml`."""
    raw, meta = _graph_dataset(path, "gexf", _limits(limits))
    return shapes.finish(raw, meta, undirected_ties=undirected_ties)


def read_matrix_csv(
    path: Path, *, limits: Limits | None = None, undirected_ties: bool = False
) -> RawDataset:
    """Read a square survey roster: row = respondent, column = named partner, cell = frequency.

    The first column holds the respondents' ids, the header the partners' ids. A blank cell means no tie;
    ``0`` also means no tie (and any value ``[codes.tie]`` maps to 0). Every row is a respondent
    (``responded = true``); actors that only appear as columns did not answer (``responded =
    false``). Rows are nominations (directed) unless ``directed = false`` or `undirected_ties`.
    """
    raw, meta = shapes.read_table_file(path, limits=_limits(limits), role="matrix")
    return shapes.finish(raw, meta, undirected_ties=undirected_ties)


def read_dl(
    path: Path, *, limits: Limits | None = None, undirected_ties: bool = False
) -> RawDataset:
    """Read a UCINET DL file (``fullmatrix``, ``edgelist1``, ``nodelist1``; :mod:`coopnet.readers.dl`)."""
    raw, meta = shapes.read_dl(path, limits=_limits(limits))
    return shapes.finish(raw, meta, undirected_ties=undirected_ties)


def read_pajek(
    path: Path, *, limits: Limits | None = None, undirected_ties: bool = False
) -> RawDataset:
    """Read a Pajek ``.net`` network (``*Vertices``, ``*Arcs``, ``*Edges``, lists, ``*Matrix``)."""
    raw, meta = shapes.read_pajek(path, limits=_limits(limits))
    return shapes.finish(raw, meta, undirected_ties=undirected_ties)


_READERS = {
    ".xlsx": shapes.read_workbook,
    ".xlsm": shapes.read_workbook,
    ".csv": shapes.read_table_file,
    ".tsv": shapes.read_table_file,
    ".txt": shapes.read_table_file,
    ".dl": shapes.read_dl,
    ".net": shapes.read_pajek,
    ".paj": shapes.read_pajek,
}


def read_raw(
    path: str | Path, *, limits: Limits | None = None, undirected_ties: bool = False
) -> RawDataset:
    """Read any supported dataset format, chosen by what ``path`` is.

    * a folder → an actor table and a tie table or roster matrix (+ ``dataset.toml``)
    * ``.xlsx``/``.xlsm`` → a workbook (an actor sheet, a tie or matrix sheet, a ``meta`` sheet;
      Kumu and Polinode exports)
    * ``.graphml`` → GraphML, ``.gexf`` → GEXF
    * ``.csv``/``.tsv``/``.txt`` → an edge list (a source and a target column) or a square roster
    * ``.dl`` → UCINET DL, ``.net``/``.paj`` → Pajek

    A TOML file with the same stem next to a single file (``survey.toml`` beside
    ``survey.xlsx``) is used as its metadata. ``raw.info`` records what was read as what.

    Parameters
    ----------
    path
        The dataset.
    limits
        Limits on the input (``docs/safety.md``); default :class:`~coopnet.config.Limits`.
    undirected_ties
        Read each tie row as a mutual (undirected) tie, whatever the data say. By default tie
        rows are nominations ("source named target") unless the data say otherwise
        (``directed = false``, GraphML/GEXF/Pajek direction, a ``Direction`` column).

    Raises
    ------
    InputError
        The path does not exist, has an unknown format, or a file cannot be read at all (not a
        regular file, beyond a limit, not a workbook, malformed XML). Problems of single rows are
        left to :func:`coopnet.validation.validate_raw`.
    """
    p = Path(path)
    if not p.exists():
        raise InputError([problem("error", "invalid_input", "no_path", file=str(p))], source=str(p))
    lim = _limits(limits)
    suffix = p.suffix.lower()
    if p.is_dir():
        raw, meta = shapes.read_folder(p, limits=lim)
    elif suffix in (".graphml", ".gexf"):
        raw, meta = _graph_dataset(p, suffix[1:], lim)
    elif suffix in _READERS:
        raw, meta = _READERS[suffix](p, limits=lim)
    else:
        raise InputError(
            [
                problem(
                    "error", "invalid_input", "unknown_format", file=p.name, suffix=suffix or "–"
                )
            ],
            source=str(p),
        )
    return shapes.finish(raw, meta, undirected_ties=undirected_ties)


def dataset_lang(path: str | Path) -> str | None:
    """The ``lang`` of the ``[analysis]`` table of a dataset's metadata, if it can be read.

    Used by the command line to choose the language of messages before the data are read; any
    problem with the metadata is left to the reading itself (here it gives ``None``).
    """
    p = Path(path)
    toml = p / schema.META_FILE if p.is_dir() else p.with_suffix(".toml")
    try:
        data = read_meta_mapping(toml)
    except (InputError, OSError):
        return None
    analysis = (data or {}).get("analysis")
    lang = analysis.get("lang") if isinstance(analysis, dict) else None
    return lang if lang in ("de", "en") else None


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
    rows += [
        (f"codes.{column}.{k}", _cell_text(v))
        for column, values in meta.codes.items()
        for k, v in values.items()
    ]
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
    check_suffix(out, ("xlsx",), what=tr("errors.outputs.what.workbook"))
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
    check_suffix(out, ("graphml",), what=tr("errors.outputs.what.graphml"))
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
