"""GraphML and GEXF → raw node and edge tables, every row with the line of its XML element.

The files are read as lists: one actor row per ``<node>``, one tie row per ``<edge>``, in file order,
so that validation applies the same rules as to CSV — a repeated node id is a duplicate actor, an edge
to an undeclared node an unknown actor, a node without ``id`` an empty id — with the line where the
element stands as the row. (A graph library would silently merge, create or name such nodes.)

What is read: GraphML keys with ``attr.name``/``attr.type``/``<default>`` (values typed as the key
says and written back as text, ``2.0`` → ``"2"``), yEd node and edge labels, graph-level data as the
metadata, ``edgedefault``; GEXF 1.1–1.3 ``attributes``/``attvalues`` with defaults, node ``label``,
edge ``weight``, ``label``, ``type`` (``mutual`` gives both directions), ``start``/``end``, the
graph's ``defaultedgetype``, ``name`` and ``<meta><description>``. Visual attributes (``viz:``, yEd
geometry), spells, hyperedges' absence and nested graphs' contents are not actors or ties; a
hyperedge or a nested graph is an error.

XML safety: the parser (expat) never loads external entities or DTDs, and any entity declaration
is refused before it could be expanded (billion laughs).
"""

from __future__ import annotations

import xml.parsers.expat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from coopnet import schema
from coopnet.config import Limits, read_input_bytes
from coopnet.errors import InputError, Problem
from coopnet.messages import problem, tr
from coopnet.readers.tables import RawTable, cell_text, duplicate_columns

__all__ = ["GraphFile", "meta_data", "read_graph_file"]

Kind = Literal["graphml", "gexf"]

_META_KEYS = ("name", "description", "group", "periods", "symmetrise", "duplicates")
_EDGE_SKIP = (schema.SOURCE, schema.TARGET, "id", "key")


class _Stop(Exception):
    """Raised inside the expat callbacks to stop parsing with a problem."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


@dataclass
class _Element:
    """A node or edge being read: its line, XML attributes and data values by key."""

    line: int
    attrs: dict[str, str]
    values: dict[str, str] = field(default_factory=dict)


@dataclass
class _Key:
    name: str
    type: str
    target: str  # "node", "edge", "graph" or "all"
    default: str | None = None
    yfiles: bool = False  # a yEd graphics key: its value is the label drawn


@dataclass
class GraphFile:
    """What a GraphML/GEXF file holds, as text: node rows, edge rows, graph data, direction."""

    nodes: RawTable
    edges: RawTable
    graph: dict[str, str]
    directed: bool


def _typed(text: str, kind: str) -> str:
    """The text of a typed value as an analyst would type it (``"2.0"`` as double → ``"2"``)."""
    kind = kind.lower()
    stripped = text.strip()
    try:
        if kind in ("int", "integer", "long", "short", "byte"):
            return str(int(stripped))
        if kind in ("float", "double"):
            return cell_text(float(stripped))
    except ValueError:
        return stripped
    if kind == "boolean":
        lowered = stripped.lower()
        if lowered in ("true", "1"):
            return "true"
        if lowered in ("false", "0"):
            return "false"
    return stripped


class _Reader:
    """Shared machinery: the expat parser with safe settings, positions and the rows limit."""

    def __init__(self, path: Path, kind: Kind, limits: Limits) -> None:
        self.path = path
        self.kind = kind
        self.limits = limits
        self.name = path.name
        self.parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
        self.parser.buffer_text = True
        self.parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)
        self.parser.EntityDeclHandler = self._refuse_entity
        self.parser.ExternalEntityRefHandler = self._refuse_external
        self.parser.SkippedEntityHandler = self._refuse_skipped
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._end
        self.parser.CharacterDataHandler = self._text
        self.stack: list[str] = []
        self.texts: list[str] | None = None
        self.count = 0
        self.problems: list[Problem] = []

    # ---- safety
    def _refuse_entity(self, name: str, *_: Any) -> None:
        raise _Stop(
            problem(
                "error",
                "xml_entity",
                "declared",
                file=self.name,
                row=self.parser.CurrentLineNumber,
                name=name,
            )
        )

    def _refuse_external(self, *_: Any) -> int:
        raise _Stop(
            problem(
                "error", "xml_entity", "external", file=self.name, row=self.parser.CurrentLineNumber
            )
        )

    def _refuse_skipped(self, name: str, *_: Any) -> None:
        raise _Stop(
            problem(
                "error",
                "xml_entity",
                "undefined",
                file=self.name,
                row=self.parser.CurrentLineNumber,
                name=name,
            )
        )

    # ---- helpers for the subclasses
    @property
    def line(self) -> int:
        return int(self.parser.CurrentLineNumber)

    def counted(self, table: str) -> None:
        self.count += 1
        if self.count > self.limits.rows:
            raise _Stop(
                self.limits.exceeded(
                    "rows",
                    self.count,
                    "nodes_edges",
                    file=f"{self.name}[{table}]",
                    row=self.line,
                )
            )

    def error(self, code: str, variant: str | None = None, **params: Any) -> None:
        raise _Stop(problem("error", code, variant, file=self.name, row=self.line, **params))

    def collect_text(self) -> None:
        self.texts = []

    def take_text(self) -> str:
        text = "".join(self.texts or ())
        self.texts = None
        return text

    # ---- expat callbacks
    def _start(self, qname: str, attrs: dict[str, str]) -> None:
        local = qname.rsplit(" ", 1)[-1]
        self.stack.append(local)
        self.start(local, qname, {k.rsplit(" ", 1)[-1]: v for k, v in attrs.items()})

    def _end(self, qname: str) -> None:
        local = self.stack.pop()
        self.end(local)

    def _text(self, data: str) -> None:
        if self.texts is not None:
            self.texts.append(data)

    def start(self, local: str, qname: str, attrs: dict[str, str]) -> None:  # pragma: no cover
        raise NotImplementedError

    def end(self, local: str) -> None:  # pragma: no cover
        raise NotImplementedError

    def parse(self, data: bytes) -> None:
        label = "GraphML" if self.kind == "graphml" else "GEXF"
        try:
            self.parser.Parse(data, True)
        except _Stop as stop:
            raise InputError([stop.problem], source=str(self.path)) from None
        except xml.parsers.expat.ExpatError as exc:
            raise InputError(
                [
                    problem(
                        "error",
                        "invalid_xml",
                        "parse",
                        file=self.name,
                        row=exc.lineno,
                        label=label,
                        detail=xml.parsers.expat.errors.messages[exc.code],
                        line=exc.lineno,
                        offset=exc.offset,
                    )
                ],
                source=str(self.path),
            ) from exc


class _GraphML(_Reader):
    def __init__(self, path: Path, limits: Limits) -> None:
        super().__init__(path, "graphml", limits)
        self.keys: dict[str, _Key] = {}
        self.nodes: list[_Element] = []
        self.edges: list[_Element] = []
        self.graph_values: dict[str, str] = {}
        self.graphs = 0
        self.directed = False
        self.current: _Element | None = None
        self.current_tag: str | None = None
        self.key: str | None = None  # the key element being read (for its <default>)
        self.data_key: str | None = None
        self.label_parts: list[str] | None = None
        self.root_seen = False

    def start(self, local: str, qname: str, attrs: dict[str, str]) -> None:
        if not self.root_seen:
            self.root_seen = True
            if local != "graphml":
                self.error("invalid_xml", "root", label="GraphML", root=local)
        if local == "key":
            key_id = attrs.get("id", "")
            self.keys[key_id] = _Key(
                name=attrs.get("attr.name") or attrs.get("yfiles.type") or key_id,
                type=attrs.get("attr.type", "string"),
                target=attrs.get("for", "all"),
                yfiles="yfiles.type" in attrs and "attr.name" not in attrs,
            )
            self.key = key_id
        elif local == "default" and self.key is not None:
            self.collect_text()
        elif local == "graph":
            self.graphs += 1
            if self.graphs > 1:
                self.error("nested_graph", "second")
            self.directed = attrs.get("edgedefault", "undirected") == "directed"
        elif local == "hyperedge":
            self.error("hyperedge")
        elif local == "node" and self.current is None:
            self.counted("nodes")
            self.current = _Element(self.line, attrs)
            self.current_tag = local
        elif local == "edge" and self.current is None:
            self.counted("edges")
            direction = attrs.get("directed")
            if direction is not None and (direction == "true") != self.directed:
                how = "directed" if direction == "true" else "undirected"
                self.problems.append(
                    problem(
                        "error",
                        "mixed_direction",
                        "graphml",
                        file=f"{self.name}[edges]",
                        row=self.line,
                        value=f"{attrs.get('source', '')} → {attrs.get('target', '')}",
                        how=how,
                    )
                )
            self.current = _Element(self.line, attrs)
            self.current_tag = local
        elif local == "data":
            self.data_key = attrs.get("key", "")
            self.collect_text()
        elif (
            local in ("NodeLabel", "EdgeLabel")
            and self.data_key is not None
            and self.label_parts is None  # the first label of a yEd node/edge
        ):
            self.label_parts = []
            self.texts = self.label_parts

    def end(self, local: str) -> None:
        if local == "default" and self.key is not None:
            self.keys[self.key].default = self.take_text()
        elif local == "key":
            self.key = None
        elif local in ("NodeLabel", "EdgeLabel") and self.label_parts is not None:
            self.texts = None
        elif local == "data" and self.data_key is not None:
            text = "".join(self.label_parts) if self.label_parts is not None else self.take_text()
            target = self.current.values if self.current is not None else self.graph_values
            target.setdefault(self.data_key, text)
            self.data_key = None
            self.label_parts = None
            self.texts = None
        elif local == self.current_tag and self.current is not None:
            (self.nodes if local == "node" else self.edges).append(self.current)
            self.current = None
            self.current_tag = None

    def _keys_for(self, target: str) -> dict[str, _Key]:
        """The keys of nodes or edges; a yEd graphics key becomes the ``label`` column."""
        keys = {k: v for k, v in self.keys.items() if v.target in (target, "all")}
        has_label = any(v.name == "label" and not v.yfiles for v in keys.values())
        for key_id, spec in keys.items():
            if spec.yfiles:
                name = f"{spec.name}" if has_label else "label"
                keys[key_id] = _Key(name=name, type="string", target=target, yfiles=True)
                has_label = True
        return keys

    def result(self) -> GraphFile:
        node_keys = self._keys_for("node")
        edge_keys = self._keys_for("edge")
        for element in (*self.nodes, *self.edges):
            for key in element.values:
                if key not in self.keys:
                    self.problems.append(
                        problem(
                            "error",
                            "unknown_key",
                            "graphml",
                            file=self.name,
                            row=element.line,
                            value=key,
                        )
                    )
        nodes = _table(
            f"{self.name}[nodes]",
            schema.ID,
            self.nodes,
            node_keys,
            lambda e: [e.attrs.get("id", "")],
            (schema.ID,),
        )
        edges = list(self.edges)
        if edges and all(e.attrs.get("id", "").isdigit() for e in edges):
            edges.sort(key=lambda e: int(e.attrs["id"]))  # written by coopnet: keep the row order
        ties = _table(
            f"{self.name}[edges]",
            schema.SOURCE,
            edges,
            edge_keys,
            lambda e: [e.attrs.get("source", ""), e.attrs.get("target", "")],
            _EDGE_SKIP,
        )
        graph = {
            self.keys[k].name: _typed(v, self.keys[k].type)
            for k, v in self.graph_values.items()
            if k in self.keys
        }
        nodes.problems = self.problems + nodes.problems
        return GraphFile(nodes=nodes, edges=ties, graph=graph, directed=self.directed)


def _table(
    file: str,
    first: str,
    elements: list[_Element],
    keys: dict[str, _Key],
    ends: Callable[[_Element], list[str]],
    skip: tuple[str, ...],
) -> RawTable:
    """Rows of ``ends(element)`` then one column per key used (first use order), defaults applied."""
    used: list[str] = []
    seen: set[str] = set()
    for element in elements:
        for key in element.values:
            if key in keys and key not in seen:
                seen.add(key)
                used.append(key)
    for key, spec in keys.items():
        if spec.default is not None and key not in seen:
            seen.add(key)
            used.append(key)
    ignored = [k for k in used if keys[k].name in skip]
    used = [k for k in used if keys[k].name not in skip]
    base = [schema.ID] if first == schema.ID else [schema.SOURCE, schema.TARGET]
    table = RawTable(file=file, columns=[*base, *(keys[k].name for k in used)])
    table.problems += duplicate_columns(table.columns, file)
    for key in ignored:
        table.problems.append(
            problem(
                "warning",
                "ignored_attribute",
                "id" if first == schema.ID else "ends",
                file=file,
                column=keys[key].name,
                name=keys[key].name,
            )
        )
    for element in elements:
        row = [cell.strip() for cell in ends(element)]
        for key in used:
            spec = keys[key]
            text = element.values.get(key, spec.default)
            row.append("" if text is None else _typed(text, spec.type))
        table.rows.append(row)
        table.line_numbers.append(element.line)
    return table


class _GEXF(_Reader):
    def __init__(self, path: Path, limits: Limits) -> None:
        super().__init__(path, "gexf", limits)
        self.attributes: dict[str, dict[str, _Key]] = {"node": {}, "edge": {}}
        self.attr_class: str | None = None
        self.attr_id: str | None = None
        self.nodes: list[_Element] = []
        self.edges: list[_Element] = []
        self.stack_elements: list[_Element] = []
        self.graph: dict[str, str] = {}
        self.directed = False
        self.in_description = False
        self.root_seen = False

    def start(self, local: str, qname: str, attrs: dict[str, str]) -> None:
        if not self.root_seen:
            self.root_seen = True
            if local != "gexf":
                self.error("invalid_xml", "root", label="GEXF", root=local)
        if local == "graph":
            if "graph" in self.stack[:-1]:
                self.error("nested_graph", "nested")
            self.directed = attrs.get("defaultedgetype", "undirected") == "directed"
            if attrs.get("name"):
                self.graph["name"] = attrs["name"]
        elif local == "description" and "meta" in self.stack:
            self.collect_text()
            self.in_description = True
        elif local == "attributes":
            self.attr_class = attrs.get("class", "node")
        elif local == "attribute" and self.attr_class in self.attributes:
            self.attr_id = attrs.get("id", "")
            self.attributes[self.attr_class][self.attr_id] = _Key(
                name=attrs.get("title") or self.attr_id,
                type=attrs.get("type", "string"),
                target=self.attr_class,
            )
        elif local == "default" and self.attr_id is not None:
            self.collect_text()
        elif local == "node" and self.stack[-2:-1] == ["nodes"]:
            self.counted("nodes")
            element = _Element(self.line, attrs)
            self.nodes.append(element)
            self.stack_elements.append(element)
        elif local == "edge" and self.stack[-2:-1] == ["edges"]:
            self.counted("edges")
            element = _Element(self.line, attrs)
            self.edges.append(element)
            self.stack_elements.append(element)
        elif local == "attvalue" and self.stack_elements:
            key = attrs.get("for", attrs.get("id", ""))
            self.stack_elements[-1].values.setdefault(key, attrs.get("value", ""))

    def end(self, local: str) -> None:
        if local == "description" and self.in_description:
            self.graph["description"] = self.take_text().strip()
            self.in_description = False
        elif local == "default" and self.attr_id is not None and self.attr_class is not None:
            self.attributes[self.attr_class][self.attr_id].default = self.take_text()
        elif local == "attribute":
            self.attr_id = None
        elif local == "attributes":
            self.attr_class = None
        elif local in ("node", "edge") and self.stack_elements and self.stack[-1:] == [f"{local}s"]:
            self.stack_elements.pop()

    def result(self) -> GraphFile:
        for kind, elements in (("node", self.nodes), ("edge", self.edges)):
            known = self.attributes[kind]
            for element in elements:
                for key in element.values:
                    if key not in known:
                        self.problems.append(
                            problem(
                                "error",
                                "unknown_key",
                                "gexf",
                                file=self.name,
                                row=element.line,
                                value=key,
                                kind=kind,
                            )
                        )
        node_keys = dict(self.attributes["node"])
        label = _Key(name="label", type="string", target="node")
        for element in self.nodes:
            if "label" in element.attrs:
                element.values["\0label"] = element.attrs["label"]
        nodes = _table(
            f"{self.name}[nodes]",
            schema.ID,
            self.nodes,
            {"\0label": label, **node_keys},
            lambda e: [e.attrs.get("id", "")],
            (schema.ID,),
        )
        rows: list[_Element] = []
        problems: list[Problem] = []
        for element in self.edges:
            for attribute in ("weight", "label", "start", "end"):
                if attribute in element.attrs:
                    element.values[f"\0{attribute}"] = element.attrs[attribute]
            rows.append(element)
            how = element.attrs.get("type")
            if how == "mutual" and self.directed:
                attrs = dict(element.attrs)
                attrs["source"], attrs["target"] = attrs.get("target", ""), attrs.get("source", "")
                rows.append(_Element(element.line, attrs, dict(element.values)))
            elif how in ("directed", "undirected") and (how == "directed") != self.directed:
                problems.append(
                    problem(
                        "error",
                        "mixed_direction",
                        "gexf",
                        file=f"{self.name}[edges]",
                        row=element.line,
                        value=f"{element.attrs.get('source', '')} → {element.attrs.get('target', '')}",
                        how=how,
                    )
                )
        fixed = {
            "\0weight": _Key(name=schema.WEIGHT, type="double", target="edge"),
            "\0label": _Key(name="label", type="string", target="edge"),
            "\0start": _Key(name="start", type="string", target="edge"),
            "\0end": _Key(name="end", type="string", target="edge"),
        }
        edges = _table(
            f"{self.name}[edges]",
            schema.SOURCE,
            rows,
            {**fixed, **self.attributes["edge"]},
            lambda e: [e.attrs.get("source", ""), e.attrs.get("target", "")],
            _EDGE_SKIP,
        )
        nodes.problems = self.problems + nodes.problems
        edges.problems = problems + edges.problems
        return GraphFile(nodes=nodes, edges=edges, graph=self.graph, directed=self.directed)


def read_graph_file(path: Path, kind: Kind, *, limits: Limits) -> GraphFile:
    """Read a GraphML or GEXF file as node and edge rows (see the module documentation).

    Raises
    ------
    InputError
        The file is not well-formed XML, declares entities, holds a hyperedge or a nested graph,
        or has more nodes and edges than ``limits.rows``.
    """
    data = read_input_bytes(path, limits=limits, file=path.name)
    reader: _GraphML | _GEXF = _GraphML(path, limits) if kind == "graphml" else _GEXF(path, limits)
    reader.parse(data)
    if not reader.root_seen:  # pragma: no cover - expat reports an empty document itself
        raise InputError(tr("errors.input.no_root", kind=kind), source=str(path))
    return reader.result()


def meta_data(graph: GraphFile) -> dict[str, Any]:
    """The metadata keys among the graph-level values, with the direction of the file."""
    data: dict[str, Any] = {k: graph.graph[k] for k in _META_KEYS if graph.graph.get(k)}
    data["directed"] = graph.directed
    return data
