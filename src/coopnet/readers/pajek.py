"""Pajek ``.net`` files → raw tables: ``*Vertices``, ``*Arcs``, ``*Edges``, ``*Arcslist``, ``*Edgeslist``.

A Pajek network [1]_ is a text file of sections, each opened by a line starting with ``*`` (any
case): ``*Network name``; ``*Vertices n`` followed by lines ``number "label" [x y z] [options]``
(vertices without a line are labelled by their number); ``*Arcs`` (directed) and ``*Edges``
(undirected) with lines ``a b [weight] [options]`` — the option ``l "text"`` is the tie's label,
read as its type —; ``*Arcslist`` / ``*Edgeslist`` with lines ``a b c …`` (``a`` to ``b``, ``c``,
…); ``*Matrix`` with ``n`` rows of ``n`` values (directed, ``0`` = no tie). ``*Arcs :2 "name"``
starts the arcs of a second relation (its name becomes the tie type). Lines starting with ``%``
are comments; other sections (``*Partition``, ``*Vector``) are skipped. Two-mode networks
(``*Vertices 10 4``) are refused. Actors are identified by their labels, as networkx and igraph
read them; ties in both ``*Arcs`` and ``*Edges`` make directed data in which an edge counts in
both directions.

References
----------
.. [1] Batagelj, V. & Mrvar, A. (1998). Pajek — Program for large network analysis.
   *Connections* 21(2), 47–57; the format: Pajek manual, section "Input file formats".
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

from coopnet import schema
from coopnet.config import Limits, read_input_bytes
from coopnet.errors import InputError
from coopnet.messages import problem
from coopnet.readers.tables import RawTable
from coopnet.readers.text import decode_bytes

__all__ = ["read_pajek_tables"]

_SECTION = re.compile(r"^\*(\w+)\s*(.*)$")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def _fail(file: str, variant: str, line: int | None = None, **params: Any) -> InputError:
    return InputError(
        [problem("error", "invalid_pajek", variant, file=file, row=line, **params)], source=file
    )


def _split(line: str) -> list[str]:
    """The tokens of a line; ``"…"`` keeps spaces (an unclosed quote runs to the line's end)."""
    try:
        return shlex.split(line, posix=True)
    except ValueError:
        return line.replace('"', " ").split()


def read_pajek_tables(path: Path, *, limits: Limits) -> tuple[RawTable, RawTable, str]:
    """Read a Pajek network: the actor table, the tie table and its direction.

    Returns
    -------
    actors, ties, direction
        ``actors``: ``id`` (the vertex label; the number when it has none) for every vertex.
        ``ties``: ``source, target, weight`` (and ``type`` when a tie has a label or the file
        has several relations), each row at the line it stands on. ``direction``: ``"arcs"``,
        ``"edges"`` or ``"mixed"`` (both: every edge is read as two arcs).

    Raises
    ------
    InputError
        No ``*Vertices`` line, a two-mode network, a line that is not a tie, or a vertex number
        beyond ``n``.
    """
    file = path.name
    data = read_input_bytes(path, limits=limits, file=file)
    text, problems = decode_bytes(data, file)
    n: int | None = None
    labels: dict[int, str] = {}
    label_lines: dict[int, int] = {}
    rows: list[tuple[list[str], int]] = []  # [source, target, weight, type], line
    section = ""
    relation = ""
    kinds: set[str] = set()
    matrix_row = 0

    def vertex(token: str, line: int) -> str:
        if not token.lstrip("-").isdigit():
            raise _fail(file, "vertex", line, token=token)
        k = int(token)
        if n is None or not 1 <= k <= n:
            raise _fail(file, "vertex_range", line, token=token, n=n or 0)
        return str(k)

    def add(a: str, b: str, weight: str, kind: str, label: str, line: int) -> None:
        if len(rows) >= limits.rows:
            raise InputError(
                [limits.exceeded("rows", len(rows) + 1, "rows", file=file, row=line)], source=file
            )
        kinds.add(kind)
        rows.append(([a, b, weight, label or relation, kind], line))

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("%"):
            continue
        found = _SECTION.match(line)
        if found:
            keyword, rest = found.group(1).casefold(), found.group(2).strip()
            section = keyword
            relation = ""
            if keyword == "vertices":
                sizes = rest.split()
                if not sizes or not sizes[0].isdigit():
                    raise _fail(file, "vertices", number)
                if len(sizes) > 1:
                    raise _fail(file, "two_mode", number)
                n = int(sizes[0])
                if n > limits.rows:
                    raise InputError(
                        [limits.exceeded("rows", n, "nodes_edges", file=file, row=number)],
                        source=file,
                    )
            elif keyword in ("arcs", "edges", "arcslist", "edgeslist", "matrix"):
                if n is None:
                    raise _fail(file, "no_vertices", number)
                tokens = _split(rest)
                if tokens and tokens[0].startswith(":"):
                    relation = " ".join(tokens[1:]) or tokens[0][1:]
                matrix_row = 0
            continue
        if section == "vertices":
            tokens = _split(line)
            k = vertex(tokens[0], number)
            labels[int(k)] = tokens[1] if len(tokens) > 1 else k
            label_lines[int(k)] = number
        elif section in ("arcs", "edges"):
            tokens = _split(line)
            if len(tokens) < 2:
                raise _fail(file, "tie", number, text=line[:60])
            weight = tokens[2] if len(tokens) > 2 and _NUMBER.match(tokens[2]) else "1"
            label = ""
            if "l" in tokens[2:]:
                at = tokens.index("l", 2)
                label = tokens[at + 1] if at + 1 < len(tokens) else ""
            a, b = vertex(tokens[0], number), vertex(tokens[1], number)
            add(a, b, weight, section, label, number)
        elif section in ("arcslist", "edgeslist"):
            tokens = _split(line)
            a = vertex(tokens[0], number)
            kind = "arcs" if section == "arcslist" else "edges"
            for token in tokens[1:]:
                add(a, vertex(token, number), "1", kind, "", number)
        elif section == "matrix":
            assert n is not None
            matrix_row += 1
            if matrix_row > n:
                raise _fail(file, "matrix", number, n=n)
            for j, value in enumerate(line.split()[:n], start=1):
                if value not in ("0", "0.0"):
                    add(str(matrix_row), str(j), value, "arcs", "", number)
    if n is None:
        raise _fail(file, "no_vertices", None)
    name = {k: labels.get(k, str(k)) for k in range(1, n + 1)}
    direction = (
        "mixed" if kinds == {"arcs", "edges"} else ("edges" if kinds == {"edges"} else "arcs")
    )
    typed = any(r[3] for r, _ in rows)
    columns = [schema.SOURCE, schema.TARGET, schema.WEIGHT] + ([schema.TYPE] if typed else [])
    ties = RawTable(file=file, columns=columns, problems=list(problems))
    for (a, b, weight, label, kind), at in rows:
        pairs = (
            [(a, b), (b, a)] if direction == "mixed" and kind == "edges" and a != b else [(a, b)]
        )
        for s, t in pairs:
            ties.rows.append([name[int(s)], name[int(t)], weight, *([label] if typed else [])])
            ties.line_numbers.append(at)
    actors = RawTable(file=file, columns=[schema.ID])
    for number in range(1, n + 1):
        actors.rows.append([name[number]])
        actors.line_numbers.append(label_lines.get(number, 0))
    return actors, ties, direction
