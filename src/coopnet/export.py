"""Write coopnet data for other network tools: Gephi (GEXF 1.3), GraphML, Pajek, UCINET DL, JSON.

Two kinds of output:

* **A dataset** (:func:`write_dataset`, behind ``coopnet convert`` and
  :meth:`coopnet.CooperationNetwork.write`): one node per actor with every actor column, one edge
  per tie row (parallel edges kept) with its weight, tie type and period. The format comes from the
  suffix of the output path (:data:`FORMATS`); an unknown suffix is refused, never silently
  written as a CSV folder.
* **An analysed network** (:func:`network_gexf` / :func:`write_network_gexf`, behind the
  ``network.gexf`` of ``coopnet analyze``): one period's graph with every actor measure as a node
  attribute and the drawing of coopnet's figures — group colours (``viz:color``), layout positions
  (``viz:position``) and node sizes (``viz:size``) — so Gephi opens a styled, laid-out network.

What each format keeps:

============  ==========================================================================
format        content
============  ==========================================================================
``gexf``      GEXF 1.3 [1]_: actor id, label and every actor column (typed); ties with
              weight, tie type (attribute ``tie_type`` and the GEXF 1.3 edge ``kind``,
              Gephi's "Kind" of parallel edges) and period; name and description
              in ``<meta>``. GEXF reserves the edge attribute ``type`` for the direction,
              so the tie type is never written as ``type``.
``graphml``   GraphML [2]_ (:func:`coopnet.io.write_graphml`): everything, metadata as graph
              attributes.
``pajek``     Pajek ``.net`` [3]_: vertices labelled by actor id, ``*Arcs``/``*Edges`` with
              the weight and the tie type as edge label (``l "type"``). Pajek has no actor
              columns or periods; a :class:`coopnet.errors.DataWarning` names what is left out.
``dl``        UCINET DL [4]_ (``format = edgelist1``, ``labels embedded:``, as UCINET and
              :meth:`igraph.Graph.Read_DL` read it): one matrix per tie
              type and period (``nm``, ``matrix labels``), weights as values. Actor columns
              are left out (with a warning).
``json``      node-link JSON as :func:`networkx.node_link_data` writes it (``"nodes"``,
              ``"edges"``, one edge per tie row with a ``key``); read it back with
              ``networkx.node_link_graph(data)`` (networkx < 3.4: ``link="edges"``).
``csv``       the dataset folder (:func:`coopnet.io.write_csv_folder`).
``xlsx``      one Excel workbook (:func:`coopnet.io.write_workbook`).
============  ==========================================================================

References
----------
.. [1] GEXF Working Group, "GEXF 1.3 primer", https://gexf.net/ (schema ``http://gexf.net/1.3``).
.. [2] U. Brandes et al., "GraphML Progress Report", *Graph Drawing 2001*, LNCS 2265,
   doi:10.1007/3-540-45848-4_59.
.. [3] W. de Nooy, A. Mrvar, V. Batagelj, *Exploratory Social Network Analysis with Pajek*, 3rd
   ed., Cambridge University Press, 2018, doi:10.1017/9781108565691.
.. [4] S. P. Borgatti, M. G. Everett, L. C. Freeman, *UCINET for Windows: Software for Social
   Network Analysis*, Analytic Technologies, 2002 (the DL format: UCINET help, "DL").
"""

from __future__ import annotations

import json
import math
import os
import re
import warnings
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, Literal
from xml.sax.saxutils import escape, quoteattr

import networkx as nx
import pandas as pd

from coopnet import schema
from coopnet.config import DatasetMeta
from coopnet.errors import CoopnetError, DataWarning
from coopnet.io import write_csv_folder, write_graphml, write_workbook
from coopnet.outputs import FileKind, output_file

__all__ = [
    "FORMATS",
    "ExportFormat",
    "UnknownFormatError",
    "network_gexf",
    "output_format",
    "write_dataset",
    "write_dl",
    "write_gexf",
    "write_network_gexf",
    "write_node_link",
    "write_pajek",
]

ExportFormat = Literal["csv", "xlsx", "graphml", "gexf", "pajek", "dl", "json"]

FORMATS: dict[str, str] = dict(schema.EXPORT_FORMATS)
"""Every dataset output format and the suffix it is chosen by (``csv``: a folder, no suffix)."""

TIE_TYPE_ATTRIBUTE = "tie_type"
"""Name of the tie-type attribute in GEXF (GEXF reserves ``type`` for the edge direction)."""

GEXF_SCALE = 500.0
"""Layout positions (in [-1, 1]) are multiplied by this for ``viz:position`` (Gephi's scale)."""

_NS = "http://gexf.net/1.3"
_Node = tuple[str, str, dict[str, Any], dict[str, Any]]
_Edge = tuple[str, str, float | None, str | None, dict[str, Any]]
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class UnknownFormatError(CoopnetError, ValueError):
    """The output path has a suffix no writer knows (the message lists the formats)."""


# ------------------------------------------------------------------------------------- formats
def _format_list() -> str:
    return ", ".join(f"{s or 'a folder'} ({f})" for f, s in FORMATS.items())


def output_format(path: str | Path, format: str | None = None) -> ExportFormat:
    """The output format of `path`: `format` if given, else chosen by the suffix.

    Parameters
    ----------
    path
        The output path: a folder (no suffix) or a file with one of the suffixes of
        :data:`FORMATS`.
    format
        One of the keys of :data:`FORMATS`, or ``None``.

    Raises
    ------
    UnknownFormatError
        `format` is not a known format, or `path` has a suffix that is none of :data:`FORMATS`
        (``out.gexf2``, ``out.txt``); a folder name with a dot needs ``format="csv"``.

    Examples
    --------
    >>> output_format("out/musterstadt.gexf"), output_format("out/musterstadt")
    ('gexf', 'csv')
    >>> output_format("out/musterstadt.net")
    'pajek'
    """
    if format is not None:
        if format not in FORMATS:
            raise UnknownFormatError(f"unknown format {format!r}; formats: {', '.join(FORMATS)}")
        return format  # type: ignore[return-value]
    suffix = Path(path).suffix.lower()
    for name, known in FORMATS.items():
        if suffix == known:
            return name  # type: ignore[return-value]
    raise UnknownFormatError(
        f"cannot tell the format of '{path}' from its suffix '{suffix}'; write to "
        f"{_format_list()}, or give --format / format= explicitly"
    )


Inputs = Iterable[str | os.PathLike[str]]


def write_dataset(
    actors: pd.DataFrame,
    ties: pd.DataFrame,
    meta: DatasetMeta,
    path: str | Path,
    *,
    format: str | None = None,
    overwrite: bool = False,
    inputs: Inputs = (),
) -> Path:
    """Write a dataset in the format of `path` (or `format`); returns the path written.

    Parameters
    ----------
    actors, ties, meta
        The tables and metadata of a :class:`coopnet.CooperationNetwork`.
    path
        Output folder (``csv``) or file; see :data:`FORMATS`.
    format
        Overrides the suffix.
    overwrite, inputs
        As :func:`coopnet.outputs.output_file` / :func:`~coopnet.outputs.output_folder` take
        them: an existing file or folder coopnet did not make is replaced only with `overwrite`;
        the output may never be (or lie inside) one of `inputs`.

    Raises
    ------
    UnknownFormatError
        See :func:`output_format`.
    OutputError
        See :mod:`coopnet.outputs`.
    """
    fmt = output_format(path, format)
    writers: dict[str, Callable[..., Path]] = {
        "csv": write_csv_folder,
        "xlsx": write_workbook,
        "graphml": write_graphml,
        "gexf": write_gexf,
        "pajek": write_pajek,
        "dl": write_dl,
        "json": write_node_link,
    }
    return writers[fmt](actors, ties, meta, path, overwrite=overwrite, inputs=inputs)


# ------------------------------------------------------------------------------------- values
def _missing(value: Any) -> bool:
    if value is None or value is pd.NA:
        return True
    return isinstance(value, float) and math.isnan(value)


def _plain(value: Any) -> Any:
    """A numpy/pandas scalar as a Python value; tuples and lists joined by ``;``."""
    if isinstance(value, tuple | list):
        return ";".join(map(str, value))
    if hasattr(value, "item") and not isinstance(value, str):
        return value.item()
    return value


def _xml(text: Any) -> str:
    """Text with the characters XML 1.0 cannot carry replaced by U+FFFD."""
    return _XML_INVALID.sub("\ufffd", str(text))


def _gexf_type(values: Iterable[Any]) -> str:
    """The GEXF attribute type of a column: boolean, integer, double or string."""
    seen = [v for v in values if not _missing(v)]
    if seen and all(isinstance(v, bool) for v in seen):
        return "boolean"
    if seen and all(isinstance(v, int) and not isinstance(v, bool) for v in seen):
        return "integer"
    if seen and all(isinstance(v, int | float) and not isinstance(v, bool) for v in seen):
        return "double"
    return "string"


def _gexf_value(value: Any, kind: str) -> str:
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "double":
        return repr(float(value))
    return _xml(value)


def _attr_line(tag: str, **attrs: Any) -> str:
    parts = " ".join(f"{k.rstrip('_')}={quoteattr(_xml(v))}" for k, v in attrs.items())
    return f"<{tag} {parts}/>"


def _rgb(colour: str) -> tuple[int, int, int]:
    text = colour.lstrip("#")
    if not re.fullmatch(r"[0-9A-Fa-f]{6}", text):
        raise ValueError(f"colour {colour!r} is not #RRGGBB")
    return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16)


# ------------------------------------------------------------------------------------- GEXF
def _gexf(
    *,
    name: str,
    description: str,
    directed: bool,
    nodes: list[_Node],
    edges: list[_Edge],
) -> str:
    """The GEXF 1.3 document of `nodes` ``(id, label, attributes, viz)`` and `edges`
    ``(source, target, weight, kind, attributes)``."""
    from coopnet import __version__

    def columns(records: Iterable[dict[str, Any]]) -> dict[str, str]:
        names: dict[str, list[Any]] = {}
        for attrs in records:
            for key, value in attrs.items():
                names.setdefault(key, []).append(value)
        return {key: _gexf_type(values) for key, values in names.items()}

    node_cols = columns(n[2] for n in nodes)
    edge_cols = columns(e[4] for e in edges)
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<gexf xmlns="{_NS}" xmlns:viz="{_NS}/viz" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        f'xsi:schemaLocation="{_NS} {_NS}/gexf.xsd" version="1.3">',
        "  <meta>",
        f"    <creator>coopnet {escape(__version__)}</creator>",
    ]
    if description:
        out.append(f"    <description>{escape(_xml(description))}</description>")
    out.append("  </meta>")
    edge_kind = "directed" if directed else "undirected"
    out.append(
        f'  <graph defaultedgetype="{edge_kind}" mode="static" name={quoteattr(_xml(name))}>'
    )
    for cls, cols in (("node", node_cols), ("edge", edge_cols)):
        if not cols:
            continue
        out.append(f'    <attributes class="{cls}" mode="static">')
        for key, atype in cols.items():
            out.append("      " + _attr_line("attribute", id=key, title=key, type=atype))
        out.append("    </attributes>")

    def attvalues(attrs: dict[str, Any], cols: dict[str, str], indent: str) -> list[str]:
        values = [(k, v) for k, v in attrs.items() if not _missing(v)]
        if not values:
            return []
        lines = [f"{indent}<attvalues>"]
        for key, value in values:
            lines.append(
                f"{indent}  "
                + _attr_line("attvalue", for_=key, value=_gexf_value(value, cols[key]))
            )
        return [*lines, f"{indent}</attvalues>"]

    out.append("    <nodes>")
    for node, label, attrs, viz in nodes:
        out.append(f"      <node id={quoteattr(_xml(node))} label={quoteattr(_xml(label))}>")
        out += attvalues(attrs, node_cols, "        ")
        if "color" in viz:
            r, g, b = _rgb(viz["color"])
            out.append(f'        <viz:color r="{r}" g="{g}" b="{b}" a="1.0"/>')
        if "position" in viz:
            x, y = viz["position"]
            out.append(f'        <viz:position x="{x!r}" y="{y!r}" z="0.0"/>')
        if "size" in viz:
            out.append(f'        <viz:size value="{float(viz["size"])!r}"/>')
        out.append("      </node>")
    out.append("    </nodes>")
    out.append("    <edges>")
    for i, (u, v, weight, kind, attrs) in enumerate(edges):
        extra = "" if weight is None else f' weight="{float(weight)!r}"'
        if kind:
            extra += f" kind={quoteattr(_xml(kind))}"
        head = (
            f'      <edge id="{i}" source={quoteattr(_xml(u))} target={quoteattr(_xml(v))}{extra}'
        )
        lines = attvalues(attrs, edge_cols, "        ")
        out += [head + ">", *lines, "      </edge>"] if lines else [head + "/>"]
    out += ["    </edges>", "  </graph>", "</gexf>"]
    return "\n".join(out) + "\n"


def _actor_nodes(actors: pd.DataFrame) -> list[_Node]:
    nodes: list[_Node] = []
    columns = [c for c in actors.columns if c not in (schema.ID, schema.LABEL)]
    for rec in actors.to_dict("records"):
        node = str(rec[schema.ID])
        label = rec.get(schema.LABEL)
        attrs = {str(c): _plain(rec[c]) for c in columns}
        nodes.append((node, node if _missing(label) else str(label), attrs, {}))
    return nodes


def _tie_attrs(rec: Mapping[Any, Any]) -> dict[str, Any]:
    skip = (schema.SOURCE, schema.TARGET, schema.WEIGHT, schema.TYPE)
    attrs: dict[str, Any] = {}
    if not _missing(rec.get(schema.TYPE)):
        attrs[TIE_TYPE_ATTRIBUTE] = _plain(rec[schema.TYPE])
    attrs.update({str(k): _plain(v) for k, v in rec.items() if k not in skip})
    return attrs


def write_gexf(
    actors: pd.DataFrame,
    ties: pd.DataFrame,
    meta: DatasetMeta,
    path: str | Path,
    *,
    overwrite: bool = False,
    inputs: Inputs = (),
) -> Path:
    """Write a dataset as GEXF 1.3 for Gephi: every actor column, one edge per tie row.

    The tie type is the edge attribute ``tie_type`` and the edge ``kind`` (GEXF 1.3); the period is
    the edge attribute ``period``; the weight is the edge ``weight``. The dataset's name is the
    graph's ``name``, its description the ``<meta>`` description. Read back by
    :func:`coopnet.load` and :func:`networkx.read_gexf` with the same actors, ties, types, weights
    and periods (the period order and the grouping column of ``dataset.toml`` are not part of
    GEXF: they take their defaults).

    Examples
    --------
    >>> import coopnet, networkx as nx, tempfile, pathlib
    >>> net = coopnet.load("data/musterstadt")
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "musterstadt.gexf"
    >>> g = nx.read_gexf(write_gexf(net.actors, net.ties, net.meta, out))
    >>> g.number_of_nodes(), g.number_of_edges(), sorted({d["tie_type"] for *_, d in g.edges(data=True)})
    (72, 1320, ['Gemeinsames Projekt', 'Informationsaustausch', 'Koordination'])
    """
    edges: list[_Edge] = []
    for rec in ties.to_dict("records"):
        weight: Any = rec.get(schema.WEIGHT)
        kind = rec.get(schema.TYPE)
        edges.append(
            (
                str(rec[schema.SOURCE]),
                str(rec[schema.TARGET]),
                None if _missing(weight) else float(weight),
                None if _missing(kind) else str(kind),
                _tie_attrs(rec),
            )
        )
    text = _gexf(
        name=meta.name,
        description=meta.description,
        directed=meta.directed,
        nodes=_actor_nodes(actors),
        edges=edges,
    )
    return _write_text(path, text, "gexf", overwrite=overwrite, inputs=inputs)


def network_gexf(
    graph: nx.Graph,
    *,
    measures: pd.DataFrame | None = None,
    colors: Mapping[str, str] | None = None,
    group: str | None = None,
    positions: Mapping[str, tuple[float, float]] | None = None,
    sizes: Mapping[str, float] | None = None,
    name: str = "",
    description: str = "",
) -> str:
    """Return the GEXF 1.3 document of one analysed graph, styled for Gephi.

    Parameters
    ----------
    graph
        A graph of the coopnet graph contract (one edge per actor pair, edge attributes
        ``weight``, ``types``, ``periods``, ``n_rows``).
    measures
        Actor measures indexed by actor id (:attr:`coopnet.metrics.NetworkAnalysis.actors`);
        every column becomes a node attribute (numbers typed ``double``/``integer``).
    colors, group
        ``{group value: "#RRGGBB"}`` (:func:`coopnet.palette.group_colors`) and the node
        attribute holding the group: ``viz:color`` of each node.
    positions
        ``{actor id: (x, y)}`` in [-1, 1] (:func:`coopnet.layout.compute_layout`), written as
        ``viz:position`` times :data:`GEXF_SCALE`.
    sizes
        ``{actor id: size}``: ``viz:size``.
    name, description
        Graph name and ``<meta>`` description.

    Returns
    -------
    str
        The document; edges carry ``weight``, ``tie_types`` and ``periods`` (``;``-separated)
        and ``n_rows``.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.Graph()
    >>> g.add_node("a", label="Amt A", group="x"); g.add_node("b", label="B", group="y")
    >>> g.add_edge("a", "b", weight=2.0, types=("Koordination",), periods=("2016",), n_rows=1)
    >>> text = network_gexf(g, colors={"x": "#E69F00", "y": "#56B4E9"}, group="group",
    ...                     positions={"a": (-1.0, 0.0), "b": (1.0, 0.0)}, sizes={"a": 10, "b": 5})
    >>> '<viz:color r="230" g="159" b="0" a="1.0"/>' in text, 'x="-500.0"' in text
    (True, True)
    """
    table = measures if measures is not None else pd.DataFrame(index=pd.Index([], name="id"))
    measure_cols = [c for c in table.columns if c != schema.LABEL]
    lookup = table.to_dict("index") if len(table) else {}
    nodes: list[_Node] = []
    for node, data in graph.nodes(data=True):
        key = str(node)
        attrs = {str(k): _plain(v) for k, v in data.items() if k != schema.LABEL}
        row = lookup.get(node, {})
        attrs.update({str(c): _plain(row.get(c)) for c in measure_cols if c not in attrs})
        viz: dict[str, Any] = {}
        if colors is not None and group is not None and data.get(group) in colors:
            viz["color"] = colors[data[group]]
        if positions is not None and key in positions:
            x, y = positions[key]
            viz["position"] = (float(x) * GEXF_SCALE, float(y) * GEXF_SCALE)
        if sizes is not None and key in sizes and not _missing(sizes[key]):
            viz["size"] = float(sizes[key])
        nodes.append((key, str(data.get(schema.LABEL, key)), attrs, viz))
    edges: list[_Edge] = []
    for u, v, data in graph.edges(data=True):
        attrs = {
            "tie_types": _plain(tuple(data.get("types", ()))),
            "periods": _plain(tuple(data.get("periods", ()))),
        }
        attrs.update(
            {
                str(k): _plain(val)
                for k, val in data.items()
                if k not in ("weight", "types", "periods") and not isinstance(val, dict)
            }
        )
        weight: Any = data.get("weight")
        edges.append((str(u), str(v), None if _missing(weight) else float(weight), None, attrs))
    return _gexf(
        name=name,
        description=description,
        directed=graph.is_directed(),
        nodes=nodes,
        edges=edges,
    )


def write_network_gexf(
    graph: nx.Graph,
    path: str | Path,
    *,
    overwrite: bool = False,
    inputs: Inputs = (),
    **options: Any,
) -> Path:
    """Write :func:`network_gexf` of `graph` to `path` (UTF-8, as
    :func:`coopnet.outputs.output_file` writes); returns the path."""
    return _write_text(path, network_gexf(graph, **options), "gexf", overwrite=overwrite,
                       inputs=inputs)  # fmt: skip


# ------------------------------------------------------------------------------------- Pajek
def _pajek_quote(text: str) -> str:
    return '"' + _xml(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def _dropped(what: str, columns: Iterable[str]) -> None:
    left = [c for c in columns]
    if left:
        warnings.warn(
            f"{what} has no place for {', '.join(left)}: left out (GEXF and GraphML keep them)",
            DataWarning,
            stacklevel=3,
        )


def write_pajek(
    actors: pd.DataFrame,
    ties: pd.DataFrame,
    meta: DatasetMeta,
    path: str | Path,
    *,
    overwrite: bool = False,
    inputs: Inputs = (),
) -> Path:
    """Write a dataset as a Pajek ``.net`` network.

    Vertices are numbered in actor order and labelled by actor id (``"..."``, with ``\\"`` for a
    quote, as :func:`networkx.read_pajek` reads it); ``*Arcs`` for directed data, else
    ``*Edges``; one line per tie row: ``source target weight`` and, when the tie has a type,
    ``l "type"`` (Pajek's edge label). Actor columns and periods are not part of the format and
    are left out with a :class:`coopnet.errors.DataWarning`.

    Examples
    --------
    >>> import coopnet, networkx as nx, tempfile, pathlib, warnings
    >>> net = coopnet.load("data/musterstadt")
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "musterstadt.net"
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     g = nx.read_pajek(write_pajek(net.actors, net.ties, net.meta, out))
    >>> g.number_of_nodes(), g.number_of_edges()
    (72, 1320)
    """
    ids = [str(a) for a in actors[schema.ID]]
    number = {a: i for i, a in enumerate(ids, start=1)}
    lines = [
        "% written by coopnet (coopnet convert)",
        f"*Network {_pajek_quote(meta.name or Path(path).stem)}",
        f"*Vertices {len(ids)}",
    ]
    lines += [f"{number[a]} {_pajek_quote(a)}" for a in ids]
    lines.append("*Arcs" if meta.directed else "*Edges")
    has_type = schema.TYPE in ties.columns
    for rec in ties.to_dict("records"):
        weight: Any = rec.get(schema.WEIGHT)
        w = schema.DEFAULT_WEIGHT if _missing(weight) else float(weight)
        line = f"{number[str(rec[schema.SOURCE])]} {number[str(rec[schema.TARGET])]} {w!r}"
        kind = rec.get(schema.TYPE) if has_type else None
        if not _missing(kind):
            line += f" l {_pajek_quote(str(kind))}"
        lines.append(line)
    _dropped(
        "Pajek .net",
        [
            *(c for c in actors.columns if c != schema.ID and actors[c].notna().any()),
            *(
                [schema.PERIOD]
                if schema.PERIOD in ties.columns and ties[schema.PERIOD].notna().any()
                else []
            ),
        ],
    )
    return _write_text(
        path, "\r\n".join(lines) + "\r\n", "pajek", overwrite=overwrite, inputs=inputs
    )


# ------------------------------------------------------------------------------------- UCINET
def _dl_label(text: str) -> str:
    clean = _xml(text).replace('"', "'").replace("\n", " ")
    return f'"{clean}"' if re.search(r"[\s,]", clean) or not clean else clean


def write_dl(
    actors: pd.DataFrame,
    ties: pd.DataFrame,
    meta: DatasetMeta,
    path: str | Path,
    *,
    overwrite: bool = False,
    inputs: Inputs = (),
) -> Path:
    """Write a dataset as a UCINET DL file (``format = edgelist1``, labels embedded).

    Actors are listed by id (``labels:``, so isolates are kept); one matrix per tie type and
    period (``nm = k``, ``matrix labels`` such as ``"Koordination 2016"``), each an edge list of
    ``source target weight`` lines; a single relation is written as one matrix without labels.
    Undirected data are written with each tie once (UCINET symmetrises on import with
    ``Symmetrize``). Actor columns are left out with a :class:`coopnet.errors.DataWarning`.

    Examples
    --------
    >>> import pandas as pd, tempfile, pathlib
    >>> from coopnet.config import DatasetMeta
    >>> actors = pd.DataFrame({"id": ["a", "b", "c"]})
    >>> ties = pd.DataFrame({"source": ["a"], "target": ["b"], "weight": [2.0]})
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "net.dl"
    >>> print(write_dl(actors, ties, DatasetMeta(directed=True), out).read_text(), end="")
    dl n = 3
    format = edgelist1
    labels:
    a
    b
    c
    labels embedded:
    data:
    a b 2.0
    """
    ids = [str(a) for a in actors[schema.ID]]

    def column(name: str) -> pd.Series:
        if name in ties.columns:
            return ties[name].astype("object").where(ties[name].notna(), None)
        return pd.Series([None] * len(ties), index=ties.index, dtype="object")

    keys = list(zip(column(schema.TYPE), column(schema.PERIOD), strict=True))
    relations = list(dict.fromkeys(keys))
    lines = [f"dl n = {len(ids)}" + (f" nm = {len(relations)}" if len(relations) > 1 else "")]
    lines += ["format = edgelist1", "labels:", *(_dl_label(a) for a in ids)]
    if len(relations) > 1:
        names = [" ".join(str(p) for p in rel if p is not None) or "ties" for rel in relations]
        lines += ["matrix labels:", *(_dl_label(n) for n in names)]
    lines += ["labels embedded:", "data:"]
    weights = column(schema.WEIGHT)
    sources = ties[schema.SOURCE].astype(str).tolist()
    targets = ties[schema.TARGET].astype(str).tolist()
    for r, relation in enumerate(relations):
        if r:
            lines.append("!")
        for i, key in enumerate(keys):
            if key != relation:
                continue
            w = weights.iloc[i]
            value = schema.DEFAULT_WEIGHT if _missing(w) else float(w)
            lines.append(f"{_dl_label(sources[i])} {_dl_label(targets[i])} {value!r}")
    _dropped(
        "UCINET DL",
        [c for c in actors.columns if c != schema.ID and actors[c].notna().any()],
    )
    return _write_text(path, "\n".join(lines) + "\n", "dl", overwrite=overwrite, inputs=inputs)


# ------------------------------------------------------------------------------------- JSON
def write_node_link(
    actors: pd.DataFrame,
    ties: pd.DataFrame,
    meta: DatasetMeta,
    path: str | Path,
    *,
    overwrite: bool = False,
    inputs: Inputs = (),
) -> Path:
    """Write a dataset as node-link JSON (the layout of :func:`networkx.node_link_data`).

    ``{"directed", "multigraph": true, "graph": {name, description, group, periods, symmetrise},
    "nodes": [{"id", "label", …actor columns}], "edges": [{"source", "target", "key", "weight",
    "type", "period"}]}``; missing values are ``null``. ``networkx.node_link_graph(data)`` gives a
    ``MultiGraph``/``MultiDiGraph`` with one edge per tie row.

    Examples
    --------
    >>> import coopnet, json, networkx as nx, tempfile, pathlib
    >>> net = coopnet.load("data/musterstadt")
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "musterstadt.json"
    >>> g = nx.node_link_graph(json.loads(write_node_link(net.actors, net.ties, net.meta, out).read_text()), edges="edges")
    >>> g.number_of_nodes(), g.number_of_edges(), g.graph["name"]
    (72, 1320, 'Musterstadt')
    """

    def record(rec: Mapping[Any, Any]) -> dict[str, Any]:
        return {str(k): None if _missing(v) else _plain(v) for k, v in rec.items()}

    from coopnet import __version__

    data = {
        "generator": f"coopnet {__version__}",
        "directed": meta.directed,
        "multigraph": True,
        "graph": {
            "name": meta.name,
            "description": meta.description,
            "group": meta.group,
            "periods": list(meta.periods),
            "symmetrise": meta.symmetrise,
        },
        "nodes": [record(r) for r in actors.to_dict("records")],
        "edges": [{**record(r), "key": i} for i, r in enumerate(ties.to_dict("records"))],
    }
    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    return _write_text(path, text, "json", overwrite=overwrite, inputs=inputs)


def _write_text(
    path: str | Path, text: str, kind: FileKind, *, overwrite: bool, inputs: Inputs
) -> Path:
    """Write `text` (UTF-8, newlines as given) the way every coopnet output file is written."""
    out = Path(path)
    with output_file(out, kind=kind, inputs=inputs, overwrite=overwrite) as tmp:
        tmp.write_bytes(text.encode("utf-8"))
    return out
