"""The GEXF writer of coopnet before its column-wise attribute text: value by value.

Kept as the reference of ``tests/test_gexf_text.py``: :func:`coopnet.export.network_gexf` and
:func:`coopnet.export.write_gexf` must give the same text, character for character. Only what
the column-wise text changed is kept here (the value-by-value text, the old ``plain`` and the
escaping of :mod:`xml.sax.saxutils`); what both writers share unchanged (the records of actors
and ties, ``missing``, one value's text, colours, constants) is imported from :mod:`coopnet.export`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import networkx as nx
import pandas as pd

from coopnet import schema
from coopnet.config import DatasetMeta
from coopnet.export._common import missing
from coopnet.export._gexf import (
    _NS,
    GEXF_SCALE,
    _actor_nodes,
    _attr_line,
    _Edge,
    _gexf_value,
    _Node,
    _rgb,
    _tie_attrs,
)
from coopnet.textsafe import xml_text as xml


def plain(value: Any) -> Any:
    if isinstance(value, tuple | list):
        return ";".join(map(str, value))
    if hasattr(value, "item") and not isinstance(value, str):
        return value.item()
    return value


def _gexf_type(values: Iterable[Any]) -> str:
    """The GEXF attribute type of a column: boolean, integer, double or string."""
    seen = [v for v in values if not missing(v)]
    if seen and all(isinstance(v, bool) for v in seen):
        return "boolean"
    if seen and all(isinstance(v, int) and not isinstance(v, bool) for v in seen):
        return "integer"
    if seen and all(isinstance(v, int | float) and not isinstance(v, bool) for v in seen):
        return "double"
    return "string"


def _quote(value: Any) -> str:
    return quoteattr(xml(value))


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
        out.append(f"    <description>{escape(xml(description))}</description>")
    out.append("  </meta>")
    edge_kind = "directed" if directed else "undirected"
    out.append(f'  <graph defaultedgetype="{edge_kind}" mode="static" name={quoteattr(xml(name))}>')
    for cls, cols in (("node", node_cols), ("edge", edge_cols)):
        if not cols:
            continue
        out.append(f'    <attributes class="{cls}" mode="static">')
        for key, atype in cols.items():
            out.append("      " + _attr_line("attribute", id=key, title=key, type=atype))
        out.append("    </attributes>")

    def attvalues(attrs: dict[str, Any], cols: dict[str, str], indent: str) -> list[str]:
        values = [(k, v) for k, v in attrs.items() if not missing(v)]
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
        out.append(f"      <node id={quoteattr(xml(node))} label={quoteattr(xml(label))}>")
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
            extra += f" kind={quoteattr(xml(kind))}"
        head = f'      <edge id="{i}" source={quoteattr(xml(u))} target={quoteattr(xml(v))}{extra}'
        lines = attvalues(attrs, edge_cols, "        ")
        out += [head + ">", *lines, "      </edge>"] if lines else [head + "/>"]
    out += ["    </edges>", "  </graph>", "</gexf>"]
    return "\n".join(out) + "\n"


def dataset_gexf(actors: pd.DataFrame, ties: pd.DataFrame, meta: DatasetMeta) -> str:
    """The text ``write_gexf`` wrote."""
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
    return _gexf(
        name=meta.name,
        description=meta.description,
        directed=meta.directed,
        nodes=_actor_nodes(actors),
        edges=edges,
    )


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
    """The text of ``network_gexf``."""
    table = measures if measures is not None else pd.DataFrame(index=pd.Index([], name="id"))
    measure_cols = [c for c in table.columns if c != schema.LABEL]
    lookup = table.to_dict("index") if len(table) else {}
    nodes: list[_Node] = []
    for node, data in graph.nodes(data=True):
        key = str(node)
        attrs = {str(k): plain(v) for k, v in data.items() if k != schema.LABEL}
        row = lookup.get(node, {})
        attrs.update({str(c): plain(row.get(c)) for c in measure_cols if c not in attrs})
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
            "tie_types": plain(tuple(data.get("types", ()))),
            "periods": plain(tuple(data.get("periods", ()))),
        }
        attrs.update(
            {
                str(k): plain(val)
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
