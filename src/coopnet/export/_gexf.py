"""GEXF 1.3 for Gephi: datasets (every actor column, one edge per tie row) and analysed networks
styled for Gephi (``viz:color``, ``viz:position``, ``viz:size``). See :mod:`coopnet.export`."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd

from coopnet import schema
from coopnet.config import DatasetMeta
from coopnet.export._common import Inputs, missing, plain, write_text, xml
from coopnet.textsafe import xml_escape

TIE_TYPE_ATTRIBUTE = "tie_type"
"""Name of the tie-type attribute in GEXF (GEXF reserves ``type`` for the edge direction)."""

GEXF_SCALE = 500.0
"""Layout positions (in [-1, 1]) are multiplied by this for ``viz:position`` (Gephi's scale)."""

_NS = "http://gexf.net/1.3"
_Node = tuple[str, str, dict[str, Any], dict[str, Any]]
_Edge = tuple[str, str, float | None, str | None, dict[str, Any]]


def _gexf_type(values: Iterable[Any]) -> str:
    """The GEXF attribute type of a column: boolean, integer, double or string."""
    na = pd.NA
    seen = {
        type(v) for v in values if not (v is None or v is na or (isinstance(v, float) and v != v))
    }
    if seen and all(issubclass(t, bool) for t in seen):
        return "boolean"
    if seen and all(issubclass(t, int) and not issubclass(t, bool) for t in seen):
        return "integer"
    if seen and all(issubclass(t, int | float) and not issubclass(t, bool) for t in seen):
        return "double"
    return "string"


def _gexf_value(value: Any, kind: str) -> str:
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "double":
        return repr(float(value))
    return xml(value)


_NEEDS_QUOTING = re.compile(r"[&<>\"'\n\r\t]")
_ESCAPES = (("&", "&amp;"), (">", "&gt;"), ("<", "&lt;"))
_ATTRIBUTE_ESCAPES = (*_ESCAPES, ("\n", "&#10;"), ("\r", "&#13;"), ("\t", "&#9;"))


def _quoteattr(text: str) -> str:
    """``xml.sax.saxutils.quoteattr(text)``: escaped (also line feed, carriage return and tab)
    and quoted with ``"``, or with ``'`` when the text holds ``"`` but no ``'`` (tested)."""
    for char, entity in _ATTRIBUTE_ESCAPES:
        text = text.replace(char, entity)
    if '"' not in text:
        return f'"{text}"'
    if "'" not in text:
        return f"'{text}'"
    return '"{}"'.format(text.replace('"', "&quot;"))


def _quote(value: Any) -> str:
    """``_quoteattr(xml(value))``, without its replacements when there is nothing to replace
    (most values: numbers, ids), which is the same text."""
    text = xml(value)
    return _quoteattr(text) if _NEEDS_QUOTING.search(text) else f'"{text}"'


def _attr_line(tag: str, **attrs: Any) -> str:
    parts = " ".join(f"{k.rstrip('_')}={_quote(v)}" for k, v in attrs.items())
    return f"<{tag} {parts}/>"


def _column_lines(values: Sequence[Any], kind: str, head: str) -> list[str | None]:
    """The ``<attvalue>`` line of every value of one column, ``None`` where it is missing.

    ``head`` is the line up to ``value=``. The same text as
    ``head + _quote(_gexf_value(value, kind)) + "/>"`` value by value, computed column-wise:
    a column of Python numbers (``double``, ``integer``) or booleans at once (numbers never hold
    a character to escape), other texts once per distinct value.
    """
    types = set(map(type, values))
    if kind == "double" and types <= {float, int}:
        texts = map(repr, map(float, values))
        return [None if t == "nan" else f'{head}"{t}"/>' for t in texts]  # repr of every NaN
    if kind == "integer" and types == {int}:
        return [f'{head}"{v}"/>' for v in values]
    if kind == "boolean" and types == {bool}:
        yes, no = f'{head}"true"/>', f'{head}"false"/>'
        return [yes if v else no for v in values]
    na = pd.NA
    memo: dict[Any, str] = {}
    lines: list[str | None] = []
    for v in values:
        if v is None or v is na or (isinstance(v, float) and v != v):
            lines.append(None)
        elif type(v) is str or type(v) is int:  # hashable, and most of them repeat
            line = memo.get(v)
            if line is None:
                line = memo[v] = f"{head}{_quote(_gexf_value(v, kind))}/>"
            lines.append(line)
        else:
            lines.append(f"{head}{_quote(_gexf_value(v, kind))}/>")
    return lines


def _attvalue_blocks(
    records: Sequence[Mapping[str, Any]], indent: str
) -> tuple[dict[str, str], list[str | None]]:
    """The attribute columns of `records` and the ``<attvalues>`` block of each record.

    Returns ``{attribute: GEXF type}`` in the order of first appearance, and per record its
    block (lines joined by line feeds) or ``None`` when it has no value that is not missing.
    Records with the same keys are formatted together, column by column.
    """
    groups: dict[tuple[str, ...], list[int]] = {}
    for i, attrs in enumerate(records):
        groups.setdefault(tuple(attrs), []).append(i)
    values: dict[str, list[Any]] = {}
    grouped: list[tuple[list[int], list[tuple[str, list[Any]]]]] = []
    for keys, members in groups.items():
        columns = [(key, [records[i][key] for i in members]) for key in keys]
        for key, column in columns:
            values.setdefault(key, []).extend(column)
        grouped.append((members, columns))
    kinds = {key: _gexf_type(column) for key, column in values.items()}
    heads = {key: f"{indent}  <attvalue for={_quote(key)} value=" for key in kinds}
    start, end = f"{indent}<attvalues>", f"{indent}</attvalues>"
    blocks: list[str | None] = [None] * len(records)
    for members, columns in grouped:
        if not columns:
            continue
        lines = [_column_lines(col, kinds[key], heads[key]) for key, col in columns]
        rows = zip(*lines, strict=True)
        if any(None in column for column in lines):
            for i, row in zip(members, rows, strict=True):
                present = [line for line in row if line is not None]
                if present:
                    blocks[i] = "\n".join((start, *present, end))
        else:
            for i, row in zip(members, rows, strict=True):
                blocks[i] = "\n".join((start, *row, end))
    return kinds, blocks


def _rgb(colour: str) -> tuple[int, int, int]:
    text = colour.lstrip("#")
    if not re.fullmatch(r"[0-9A-Fa-f]{6}", text):
        raise ValueError(f"colour {colour!r} is not #RRGGBB")
    return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16)


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

    node_cols, node_blocks = _attvalue_blocks([n[2] for n in nodes], "        ")
    edge_cols, edge_blocks = _attvalue_blocks([e[4] for e in edges], "        ")
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<gexf xmlns="{_NS}" xmlns:viz="{_NS}/viz" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        f'xsi:schemaLocation="{_NS} {_NS}/gexf.xsd" version="1.3">',
        "  <meta>",
        f"    <creator>coopnet {xml_escape(__version__)}</creator>",
    ]
    if description:
        out.append(f"    <description>{xml_escape(xml(description))}</description>")
    out.append("  </meta>")
    edge_kind = "directed" if directed else "undirected"
    out.append(
        f'  <graph defaultedgetype="{edge_kind}" mode="static" name={_quoteattr(xml(name))}>'
    )
    for cls, cols in (("node", node_cols), ("edge", edge_cols)):
        if not cols:
            continue
        out.append(f'    <attributes class="{cls}" mode="static">')
        for key, atype in cols.items():
            out.append("      " + _attr_line("attribute", id=key, title=key, type=atype))
        out.append("    </attributes>")

    quoted: dict[str, str] = {}  # actor id → its quoted attribute text, once per actor

    def quote_id(text: str) -> str:
        found = quoted.get(text)
        if found is None:
            found = quoted[text] = _quoteattr(xml(text))
        return found

    colours: dict[str, str] = {}
    out.append("    <nodes>")
    for (node, label, _, viz), block in zip(nodes, node_blocks, strict=True):
        out.append(f"      <node id={quote_id(node)} label={_quoteattr(xml(label))}>")
        if block is not None:
            out.append(block)
        if "color" in viz:
            colour = colours.get(viz["color"])
            if colour is None:
                r, g, b = _rgb(viz["color"])
                colour = colours[viz["color"]] = (
                    f'        <viz:color r="{r}" g="{g}" b="{b}" a="1.0"/>'
                )
            out.append(colour)
        if "position" in viz:
            x, y = viz["position"]
            out.append(f'        <viz:position x="{x!r}" y="{y!r}" z="0.0"/>')
        if "size" in viz:
            out.append(f'        <viz:size value="{float(viz["size"])!r}"/>')
        out.append("      </node>")
    out.append("    </nodes>")
    out.append("    <edges>")
    for i, ((u, v, weight, kind, _), block) in enumerate(zip(edges, edge_blocks, strict=True)):
        extra = "" if weight is None else f' weight="{float(weight)!r}"'
        if kind:
            extra += f" kind={_quoteattr(xml(kind))}"
        head = f'      <edge id="{i}" source={quote_id(u)} target={quote_id(v)}{extra}'
        if block is None:
            out.append(head + "/>")
        else:
            out += [head + ">", block, "      </edge>"]
    out += ["    </edges>", "  </graph>", "</gexf>"]
    return "\n".join(out) + "\n"


def _actor_nodes(actors: pd.DataFrame) -> list[_Node]:
    nodes: list[_Node] = []
    columns = [c for c in actors.columns if c not in (schema.ID, schema.LABEL)]
    for rec in actors.to_dict("records"):
        node = str(rec[schema.ID])
        label = rec.get(schema.LABEL)
        attrs = {str(c): plain(rec[c]) for c in columns}
        nodes.append((node, node if missing(label) else str(label), attrs, {}))
    return nodes


def _tie_attrs(rec: Mapping[Any, Any]) -> dict[str, Any]:
    skip = (schema.SOURCE, schema.TARGET, schema.WEIGHT, schema.TYPE)
    attrs: dict[str, Any] = {}
    if not missing(rec.get(schema.TYPE)):
        attrs[TIE_TYPE_ATTRIBUTE] = plain(rec[schema.TYPE])
    attrs.update({str(k): plain(v) for k, v in rec.items() if k not in skip})
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
                None if missing(weight) else float(weight),
                None if missing(kind) else str(kind),
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
    return write_text(path, text, "gexf", overwrite=overwrite, inputs=inputs)


_NO_ROW: Mapping[Any, Any] = {}
_NATIVE = frozenset({float, int, str, bool, type(None)})
"""Types :func:`~coopnet.export._common.plain` returns unchanged."""


def _plain_all(values: list[Any]) -> list[Any]:
    """``[plain(v) for v in values]``, without the calls when every value is already plain."""
    return values if set(map(type, values)) <= _NATIVE else [plain(v) for v in values]


def network_gexf(
    graph: nx.Graph[Any],
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
    node_data = list(graph.nodes(data=True))
    rows = [lookup.get(node, _NO_ROW) for node, _ in node_data]
    measured = [(c, str(c), _plain_all([row.get(c) for row in rows])) for c in measure_cols]
    unshadowed: dict[tuple[str, ...], list[tuple[str, list[Any]]]] = {}
    nodes: list[_Node] = []
    for i, (node, data) in enumerate(node_data):
        key = str(node)
        attrs = {str(k): plain(v) for k, v in data.items() if k != schema.LABEL}
        names = tuple(attrs)
        extra = unshadowed.get(names)
        if extra is None:  # the measures not shadowed by a node attribute, once per set of names
            extra = unshadowed[names] = [(n, col) for c, n, col in measured if c not in attrs]
        attrs.update([(n, col[i]) for n, col in extra])
        viz: dict[str, Any] = {}
        if colors is not None and group is not None and data.get(group) in colors:
            viz["color"] = colors[data[group]]
        if positions is not None and key in positions:
            x, y = positions[key]
            viz["position"] = (float(x) * GEXF_SCALE, float(y) * GEXF_SCALE)
        if sizes is not None and key in sizes and not missing(sizes[key]):
            viz["size"] = float(sizes[key])
        nodes.append((key, str(data.get(schema.LABEL, key)), attrs, viz))
    edges: list[_Edge] = []
    for u, v, data in graph.edges(data=True):
        attrs = {
            "tie_types": ";".join(map(str, data.get("types", ()))),
            "periods": ";".join(map(str, data.get("periods", ()))),
        }
        attrs.update(
            {
                str(k): val if type(val) in _NATIVE else plain(val)
                for k, val in data.items()
                if k not in ("weight", "types", "periods") and not isinstance(val, dict)
            }
        )
        weight: Any = data.get("weight")
        edges.append((str(u), str(v), None if missing(weight) else float(weight), None, attrs))
    return _gexf(
        name=name,
        description=description,
        directed=graph.is_directed(),
        nodes=nodes,
        edges=edges,
    )


def write_network_gexf(
    graph: nx.Graph[Any],
    path: str | Path,
    *,
    overwrite: bool = False,
    inputs: Inputs = (),
    **options: Any,
) -> Path:
    """Write :func:`network_gexf` of `graph` to `path` (UTF-8, as
    :func:`coopnet.outputs.output_file` writes); returns the path."""
    return write_text(path, network_gexf(graph, **options), "gexf", overwrite=overwrite,
                       inputs=inputs)  # fmt: skip
