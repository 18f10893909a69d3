"""UCINET DL files → raw tables: the formats ``fullmatrix``, ``edgelist1`` and ``nodelist1``.

The DL ("data language") format of UCINET [1]_ starts with ``dl``, then keywords in any order and
case: ``n = 5`` (actors), ``nm = 2`` (several relations), ``format = …``, ``labels:`` followed by
the actors' labels (separated by spaces, commas or line breaks; ``"…"`` for a label with spaces),
``matrix labels:`` (one per relation), ``labels embedded`` (the data use labels, not numbers),
``diagonal = absent`` (full matrices without their diagonal), and ``data:``, after which the data
follow:

* ``fullmatrix`` (the default): ``n`` rows of ``n`` values; with ``labels embedded`` the first
  row holds the column labels and every row starts with its label. A value ``0`` is no tie.
* ``edgelist1``: one tie per line, ``a b [value]`` (value 1 when left out).
* ``nodelist1``: one line per actor, ``a b c …``: ``a`` named ``b``, ``c``, …

With ``nm > 1`` the relations follow each other (edge and node lists separated by a line with
``!``); each becomes a tie type named by its matrix label. Actors are numbered ``1 … n`` unless
labels are given. Two-mode data (``nr``/``nc`` with row and column labels) are refused: coopnet
analyses one kind of actor. The values are left as text for :mod:`coopnet.validation`.

References
----------
.. [1] Borgatti, S. P., Everett, M. G. & Freeman, L. C. (2002). *UCINET for Windows: Software for
   Social Network Analysis*. Analytic Technologies. The DL format: UCINET help, "DL".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coopnet import schema
from coopnet.config import Limits, read_input_bytes
from coopnet.errors import InputError
from coopnet.messages import problem
from coopnet.readers.tables import RawTable
from coopnet.readers.text import decode_bytes

__all__ = ["read_dl_tables"]

_TOKEN = re.compile(r'"([^"]*)"|\'([^\']*)\'|([^\s,="\']+)|(=)')
_FORMATS = ("fullmatrix", "edgelist1", "nodelist1")
_DATA = re.compile(r"\bdata\s*:", flags=re.IGNORECASE)


@dataclass
class _Header:
    n: int | None = None
    nm: int = 1
    format: str = "fullmatrix"
    labels: list[str] = field(default_factory=list)
    matrix_labels: list[str] = field(default_factory=list)
    embedded: bool = False
    diagonal: bool = True


def _tokens(text: str, first_line: int) -> list[tuple[str, int, bool]]:
    """``(token, line, quoted)`` for every token of `text` (its first line is `first_line`)."""
    out: list[tuple[str, int, bool]] = []
    for number, line in enumerate(text.splitlines(), start=first_line):
        for match in _TOKEN.finditer(line):
            quoted = match.group(1) if match.group(1) is not None else match.group(2)
            if quoted is not None:
                out.append((quoted.strip(), number, True))
            else:
                out.append((match.group(3) or match.group(4), number, False))
    return out


def _fail(file: str, variant: str, line: int | None = None, **params: Any) -> InputError:
    return InputError(
        [problem("error", "invalid_dl", variant, file=file, row=line, **params)], source=file
    )


def _header(text: str, file: str) -> tuple[_Header, int]:
    """The header's settings and the line where the data start."""
    found = _DATA.search(text)
    if not re.match(r"\s*dl\b", text, flags=re.IGNORECASE):
        raise _fail(file, "no_dl", 1)
    if found is None:
        raise _fail(file, "no_data")
    head = text[: found.start()]
    data_line = head.count("\n") + 1
    tokens = _tokens(head, 1)[1:]  # without "dl"
    h = _Header()
    i = 0
    keywords = {"n", "nm", "nr", "nc", "format", "labels", "labels:", "row", "column", "col"}
    keywords |= {"matrix", "diagonal", "labels embedded", "embedded", "embedded:"}

    def value() -> tuple[str, int]:
        nonlocal i
        if i < len(tokens) and tokens[i][0] == "=":
            i += 1
        if i >= len(tokens):
            raise _fail(file, "header", tokens[-1][1] if tokens else 1, token=tokens[-1][0])
        token, line, _ = tokens[i]
        i += 1
        return token, line

    def labels_list() -> list[str]:
        nonlocal i
        out: list[str] = []
        while i < len(tokens):
            token, _, quoted = tokens[i]
            word = token.casefold()
            if not quoted and (word in keywords or word.rstrip(":") in keywords):
                break
            out.append(token)
            i += 1
        return out

    while i < len(tokens):
        token, line, _ = tokens[i]
        word = token.casefold().rstrip(":")
        i += 1
        if word in ("n", "nm", "nr", "nc"):
            text_value, at = value()
            if not text_value.isdigit():
                raise _fail(file, "number", at, key=word, token=text_value)
            if word == "n":
                h.n = int(text_value)
            elif word == "nm":
                h.nm = max(1, int(text_value))
            else:
                raise _fail(file, "two_mode", line)
        elif word == "format":
            text_value, at = value()
            h.format = text_value.casefold()
            if h.format not in _FORMATS:
                raise _fail(file, "format", at, format=text_value, formats=list(_FORMATS))
        elif word == "labels":
            nxt = tokens[i][0].casefold().rstrip(":") if i < len(tokens) else ""
            if nxt == "embedded":
                i += 1
                h.embedded = True
            else:
                h.labels = labels_list()
        elif word in ("row", "column", "col"):
            raise _fail(file, "two_mode", line)
        elif word == "matrix":
            if i < len(tokens) and tokens[i][0].casefold().rstrip(":") == "labels":
                i += 1
            h.matrix_labels = labels_list()
        elif word == "diagonal":
            text_value, at = value()
            h.diagonal = text_value.casefold() != "absent"
        elif word == "embedded":
            h.embedded = True
        else:
            raise _fail(file, "header", line, token=token)
    if h.n is not None and h.labels and len(h.labels) != h.n:
        raise _fail(file, "labels", None, n=h.n, found=len(h.labels))
    return h, data_line


def read_dl_tables(path: Path, *, limits: Limits) -> tuple[RawTable, RawTable, bool]:
    """Read a UCINET DL file: the actor table (``id``), the tie table and whether it has types.

    Returns
    -------
    actors, ties, typed
        ``actors``: one row per actor (the labels, else ``1 … n``; with labels embedded and no
        list, the actors in order of appearance). ``ties``: ``source, target, weight`` (and
        ``type`` when ``nm > 1``), each row at the line of its value.

    Raises
    ------
    InputError
        The header cannot be read, the format is not supported, data are two-mode, or the data
        are shorter than the header says.
    """
    file = path.name
    data = read_input_bytes(path, limits=limits, file=file)
    text, problems = decode_bytes(data, file)
    h, data_line = _header(text, file)
    body = text[_DATA.search(text).end() :]  # type: ignore[union-attr]  # found by _header
    if h.n is not None and h.n > limits.rows:
        raise InputError(
            [limits.exceeded("rows", h.n, "nodes_edges", file=file, row=1)], source=file
        )
    columns = [schema.SOURCE, schema.TARGET, schema.WEIGHT]
    typed = h.nm > 1
    if typed:
        columns.append(schema.TYPE)
    ties = RawTable(file=file, columns=columns, problems=list(problems))
    numbered = [str(k) for k in range(1, h.n + 1)] if h.n and not h.embedded else []
    names = list(h.labels) or numbered
    seen: dict[str, None] = dict.fromkeys(names)
    relation_names = h.matrix_labels or [str(k) for k in range(1, h.nm + 1)]
    relation_names += [str(k) for k in range(len(relation_names) + 1, h.nm + 1)]

    def actor(token: str, line: int) -> str:
        """The actor a token of the data names (a label, or a number 1 … n)."""
        if h.embedded or not token.isdigit():
            if not h.labels:
                seen.setdefault(token)
            return token  # an unknown label is reported by validation with its line
        if names:
            return names[int(token) - 1] if 1 <= int(token) <= len(names) else token
        seen.setdefault(token)
        return token

    def add(source: str, target: str, value: str, line: int, relation: int) -> None:
        if len(ties.rows) >= limits.rows:
            raise InputError(
                [limits.exceeded("rows", len(ties.rows) + 1, "rows", file=file, row=line)],
                source=file,
            )
        row = [source, target, value]
        if typed:
            row.append(relation_names[relation])
        ties.rows.append(row)
        ties.line_numbers.append(line)

    if h.format == "fullmatrix":
        _full_matrix(h, body, data_line, names, actor, add, file)
    else:
        relation = 0
        for number, line in enumerate(body.splitlines(), start=data_line):
            tokens = [t for t, _, _ in _tokens(line, number)]
            if not tokens:
                continue
            if tokens == ["!"]:
                relation = min(relation + 1, h.nm - 1)
                continue
            ego = actor(tokens[0], number)
            if h.format == "edgelist1":
                if len(tokens) < 2:
                    raise _fail(file, "edge", number, text=line.strip()[:60])
                value = tokens[2] if len(tokens) > 2 else "1"
                add(ego, actor(tokens[1], number), value, number, relation)
            else:
                for alter in tokens[1:]:
                    add(ego, actor(alter, number), "1", number, relation)
    ids = list(seen)
    actors = RawTable(file=file, columns=[schema.ID])
    actors.rows = [[a] for a in ids]
    actors.line_numbers = [0] * len(ids)
    return actors, ties, typed


def _full_matrix(
    h: _Header,
    body: str,
    data_line: int,
    names: list[str],
    actor: Callable[[str, int], str],
    add: Callable[[str, str, str, int, int], None],
    file: str,
) -> None:
    """Read ``nm`` full matrices of ``n`` × ``n`` values (see the module)."""
    tokens = _tokens(body, data_line)
    pos = 0
    if h.embedded:
        for relation in range(h.nm):
            if h.n is None:  # n not given: the first line is the header
                first_line = tokens[pos][1] if pos < len(tokens) else 0
                header = [t for t, ln, _ in tokens[pos:] if ln == first_line]
            else:
                header = [t for t, _, _ in tokens[pos : pos + h.n]]
            pos += len(header)
            columns = [actor(t, 0) for t in header]
            width = len(columns) - (0 if h.diagonal else 1)
            for _ in range(len(columns)):
                if pos >= len(tokens):
                    raise _fail(file, "short", None, n=len(columns))
                label, line, _ = tokens[pos]
                ego = actor(label, line)
                values = tokens[pos + 1 : pos + 1 + width]
                if len(values) < width:
                    raise _fail(file, "short", line, n=len(columns))
                pos += 1 + width
                targets = [c for c in columns if h.diagonal or c != ego]
                for target, (value, at, _) in zip(targets, values, strict=False):
                    if value not in ("0", "0.0"):
                        add(ego, target, value, at, relation)
        return
    if not names:
        raise _fail(file, "no_n")
    n = len(names)
    width = n if h.diagonal else n - 1
    for relation in range(h.nm):
        for i in range(n):
            values = tokens[pos : pos + width]
            if len(values) < width:
                raise _fail(file, "short", values[-1][1] if values else None, n=n)
            pos += width
            targets = [names[j] for j in range(n) if h.diagonal or j != i]
            for target, (value, at, _) in zip(targets, values, strict=True):
                if value not in ("0", "0.0"):
                    add(names[i], target, value, at, relation)
