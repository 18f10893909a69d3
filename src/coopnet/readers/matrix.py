"""Roster matrices → tie rows: row = respondent, column = named partner, cell = the answer.

A survey roster (as SoSci Survey, LimeSurvey or a hand-made sheet exports it) is a square table:
the first column holds the respondents' ids, the header the partners' ids, each cell the answer of
the row's respondent about the column's partner. :func:`unroll` turns it into a tie table with
one row per non-blank cell (``source`` = respondent, ``target`` = partner, ``weight`` = the cell
text) and an actor table (``id``, ``responded``: the rows answered, actors only named in the
header did not). The cell text is left as it is — codes (``[codes.tie]``) and numbers are read by
:mod:`coopnet.validation`, which also warns when the coding looks like "1 = not chosen" —, except
that cells reading ``0`` are dropped here (they are no tie) and counted, unless ``0`` is a code.
"""

from __future__ import annotations

from collections.abc import Container

from coopnet import schema
from coopnet.messages import Text, problem, tr
from coopnet.readers.tables import MatrixShape, RawTable

__all__ = ["looks_like_matrix", "unroll"]

_ZERO = frozenset({"0", "0.0", "0,0", "0.00", "0,00"})


def looks_like_matrix(table: RawTable) -> bool:
    """Whether `table` looks like a square roster: its header and first column share ids.

    At least half of the smaller of the two (the partners in the header, the respondents in the
    first column) must be in both, and the table needs two columns or more.

    Examples
    --------
    >>> looks_like_matrix(RawTable("m.csv", ["", "A", "B"], [["A", "", "1"], ["B", "2", ""]]))
    True
    >>> looks_like_matrix(RawTable("t.csv", ["von", "an"], [["A", "B"]]))
    False
    """
    if len(table.columns) < 2 or not table.rows:
        return False
    partners = set(table.columns[1:])
    rows = {r[0] for r in table.rows if r and r[0]}
    both = len(partners & rows)
    return both > 0 and both * 2 >= min(len(partners), len(rows))


def unroll(table: RawTable, *, codes: Container[str] = ()) -> tuple[RawTable, RawTable, list[Text]]:
    """The actor table and the tie table of a roster matrix (see the module).

    Parameters
    ----------
    table
        The matrix as read (header = partner ids; the top-left cell is usually empty).
    codes
        The cell values that ``[codes.tie]`` maps: a ``0`` among them is kept for the codes.

    Returns
    -------
    actors, ties, notes
        ``actors``: ``id, responded`` (respondents first, in row order, then the partners only
        named in the header). ``ties``: ``source, target, weight`` with the respondent's line as
        the row and, in ``cell_columns``, the partner's column; ``matrix`` holds the shape.
        ``notes``: how many cells read ``0`` (no tie).
    """
    actors = RawTable(file=table.file, columns=[schema.ID, schema.RESPONDED])
    ties = RawTable(file=table.file, columns=[schema.SOURCE, schema.TARGET, schema.WEIGHT])
    ties.header_line = table.header_line
    ties.skipped_above = list(table.skipped_above)
    # the top-left cell of a roster is usually empty: that is not a nameless column
    ties.problems = [
        p for p in table.problems if not (p.code == "empty_header" and p.column == "#1")
    ]
    if len(table.columns) < 2:
        if not ties.problems:
            ties.problems.append(problem("error", "not_a_matrix", file=table.file))
        return actors, ties, []
    partners = table.columns[1:]
    order: dict[str, bool] = {}
    for row in table.rows:
        if row[0]:
            order[row[0]] = True
    for partner in partners:
        order.setdefault(partner, False)
    for i, (actor, responded) in enumerate(order.items()):
        actors.rows.append([actor, "true" if responded else "false"])
        actors.line_numbers.append(i + 2)
    zero_is_code = "0" in codes
    zeros = 0
    cells = 0
    origin: list[str] = []
    for row, line in zip(table.rows, table.line_numbers, strict=True):
        respondent = row[0]
        for partner, cell in zip(partners, row[1:], strict=True):
            if partner != respondent:
                cells += 1
            if cell == "":
                continue
            if cell.strip() in _ZERO and not zero_is_code:
                zeros += 1
                continue
            ties.rows.append([respondent, partner, cell])
            ties.line_numbers.append(line)
            origin.append(partner)
    ties.cell_columns = origin
    first = table.columns[0] if table.columns[0] else "#1"
    ties.origins = {schema.SOURCE: first}
    ties.matrix = MatrixShape(
        respondents=len(table.rows), partners=len(partners), cells=cells, first_column=first
    )
    notes = [tr("data.note.zero_cells", file=table.file, n=zeros)] if zeros else []
    return actors, ties, notes
