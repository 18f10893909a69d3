"""Pajek ``.net``, UCINET DL and node-link JSON writers of datasets. See :mod:`coopnet.export`."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from coopnet import schema
from coopnet.config import DatasetMeta
from coopnet.export._common import Inputs, dropped, missing, plain, write_text, xml


# ------------------------------------------------------------------------------------- Pajek
def _pajek_quote(text: str) -> str:
    return '"' + xml(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


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
        w = schema.DEFAULT_WEIGHT if missing(weight) else float(weight)
        line = f"{number[str(rec[schema.SOURCE])]} {number[str(rec[schema.TARGET])]} {w!r}"
        kind = rec.get(schema.TYPE) if has_type else None
        if not missing(kind):
            line += f" l {_pajek_quote(str(kind))}"
        lines.append(line)
    dropped(
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
    return write_text(
        path, "\r\n".join(lines) + "\r\n", "pajek", overwrite=overwrite, inputs=inputs
    )


# ------------------------------------------------------------------------------------- UCINET
def _dl_label(text: str) -> str:
    clean = xml(text).replace('"', "'").replace("\n", " ")
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
            value = schema.DEFAULT_WEIGHT if missing(w) else float(w)
            lines.append(f"{_dl_label(sources[i])} {_dl_label(targets[i])} {value!r}")
    dropped(
        "UCINET DL",
        [c for c in actors.columns if c != schema.ID and actors[c].notna().any()],
    )
    return write_text(path, "\n".join(lines) + "\n", "dl", overwrite=overwrite, inputs=inputs)


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
        return {str(k): None if missing(v) else plain(v) for k, v in rec.items()}

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
    return write_text(path, text, "json", overwrite=overwrite, inputs=inputs)
