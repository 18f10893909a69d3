"""Text hygiene of raw tables: column names, invisible characters, Unicode form, lengths.

Every cell and column name is untrusted text that ends up in pages, tables and figures. Before the
rules of :mod:`coopnet.validation` run, each table goes through :func:`prepare_table`:

* column names: German/English aliases (``Kürzel`` → ``id``), a name used twice (the later column
  is kept apart as ``name (2)`` and reported), names starting with ``_`` (reserved for coopnet);
* control characters (C0 and C1 except tab and line breaks: NUL, ESC, Word's vertical tab …),
  Unicode bidi overrides and isolates (U+202A–U+202E, U+2066–U+2069), zero-width spaces and stray
  byte-order marks: removed — line-like ones (vertical tab, form feed, U+2028 …) replaced by a
  space — with one counted warning per column naming the rows; in an actor id they are an error
  (two ids that look the same must not be two actors);
* Unicode normal form: text in decomposed form (NFD, as macOS writes ``Ä`` as ``A`` + ``¨``) is
  composed (NFC) with a counted warning, so that one spelling is one actor;
* lengths: ``Limits.label_chars`` for coopnet columns and names, ``Limits.cell_chars`` for others.

The checks run on the whole table in C first (``str.isascii``, one regular expression,
``unicodedata.is_normalized``) and touch single cells only when something was found, so a clean
table costs a few milliseconds per 100,000 rows.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from itertools import chain

from coopnet.config import DatasetMeta, Limits
from coopnet.messages import Text, tr
from coopnet.readers.columns import match_column
from coopnet.readers.tables import RawTable
from coopnet.validation._report import Collector

__all__ = ["clean_meta", "clean_text", "prepare_table"]

_SPACE = "\x0b\x0c\x1c\x1d\x1e\x1f\x85\u2028\u2029"
"""Characters that break lines in some programs: replaced by a space."""
_REMOVE = (
    "".join(chr(c) for c in range(0x20) if chr(c) not in "\t\n\r" and chr(c) not in _SPACE)
    + "".join(chr(c) for c in range(0x7F, 0xA0) if chr(c) not in _SPACE)
    + "\u200b\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"
)
"""Control characters, bidi overrides/isolates, zero-width space and BOM: removed."""
_TRANSLATE = {ord(c): " " for c in _SPACE} | {ord(c): None for c in _REMOVE}
_BAD = re.compile("[" + re.escape(_SPACE + _REMOVE) + "]")

_LISTED = 10
"""Rows named in one warning; further ones are counted."""
_LONG_ERRORS = 20
"""Length errors listed per column; further ones are summed up in one error."""


def clean_text(text: str) -> str:
    """``text`` without control/bidi/invisible characters, in Unicode NFC, stripped.

    Examples
    --------
    >>> clean_text("Amt\\x0bSüd\\u202e") == "Amt Süd"
    True
    >>> clean_text("A\\u0308lpha") == "Älpha"
    True
    """
    fixed = text.translate(_TRANSLATE).strip() if _BAD.search(text) else text
    if not fixed.isascii() and not unicodedata.is_normalized("NFC", fixed):
        fixed = unicodedata.normalize("NFC", fixed)
    return fixed


@dataclass
class _Finding:
    rows: list[int] = field(default_factory=list)
    count: int = 0
    first: str = ""

    def note(self, row: int, value: str) -> None:
        if not self.count:
            self.first = value
        self.count += 1
        if len(self.rows) < _LISTED:
            self.rows.append(row)

    def where(self) -> Text:
        """``rows 2, 3 and 5 more`` (in the reader's language)."""
        listed = ", ".join(str(r) for r in self.rows)
        if self.count > len(self.rows):
            return tr("problems.where.rows_more", rows=listed, more=self.count - len(self.rows))
        return tr(
            "problems.where.rows" if self.count > 1 else "problems.where.one_row", rows=listed
        )


def _shown(value: str, limit: int = 60) -> str:
    return value if len(value) <= limit else value[:limit] + "…"


def _columns(
    table: RawTable, known: Sequence[str], out: Collector, mapped: list[tuple[str, str, str, str]]
) -> list[str]:
    """Column names after cleaning, aliases, de-duplication and the reserved-name rule."""
    names: list[str] = []
    for j, col in enumerate(table.columns):
        fixed = clean_text(col)
        if fixed != col:
            out.add(
                "warning",
                "control_characters" if _BAD.search(col) else "unicode_normalised",
                "column_name",
                file=table.file,
                row=table.header_line,
                column=fixed or f"#{j + 1}",
                value=_shown(col),
            )
        names.append(fixed)
    # German/English names first (exact), then names with extra words, so that "Partner" wins
    # over "Partner (Gruppe)"; a name another column has already is not taken
    matches = [match_column(col, known) for col in names]
    new = list(names)
    taken = set(names)
    for how in ("alias", "words"):
        for j, (col, found) in enumerate(zip(names, matches, strict=True)):
            if found is None or found[1] != how or found[0] == col or found[0] in taken:
                continue
            new[j] = found[0]
            taken.add(found[0])
            mapped.append((table.file, col, found[0], how))
    reported = {p.column for p in table.problems if p.code == "duplicate_column"}
    seen: dict[str, int] = {}
    for j, col in enumerate(new):
        if col.startswith("_"):
            out.add("error", "reserved_column", file=table.file, row=table.header_line, column=col)
        if col in seen:
            if col not in reported:
                out.add(
                    "error",
                    "duplicate_column",
                    "after_aliases",
                    file=table.file,
                    row=table.header_line,
                    column=col,
                    name=col,
                    first=seen[col] + 1,
                    second=j + 1,
                )
            n = 2
            while f"{col} ({n})" in seen or f"{col} ({n})" in new:
                n += 1
            new[j] = f"{col} ({n})"  # kept apart so that the other checks can still run
        seen[new[j]] = j
    return new


def prepare_table(
    table: RawTable,
    *,
    known: Sequence[str],
    ids: Iterable[str],
    short: Iterable[str],
    limits: Limits,
    out: Collector,
    mapped: list[tuple[str, str, str, str]] | None = None,
) -> RawTable:
    """Return ``table`` with clean column names and cell texts; report what was changed or refused.

    Parameters
    ----------
    table
        The raw table (not changed).
    known
        The coopnet columns of this table (for the aliases).
    ids
        Columns whose values are actor ids: control characters there are an error.
    short
        Columns held to ``limits.label_chars`` (others: ``limits.cell_chars``).
    mapped
        Gets ``(file, name in the file, coopnet name, how)`` for every column read under a
        coopnet name (:func:`coopnet.readers.columns.match_column`).

    The returned table's ``origins`` name, for every renamed column, the column of the file.
    """
    found: list[tuple[str, str, str, str]] = []
    columns = _columns(table, known, out, found)
    if mapped is not None:
        mapped.extend(found)
    origins = dict(table.origins)
    for _, old, name, _ in found:
        origins[name] = table.origins.get(old, old)
    long_names = [c for c in columns if len(c) > limits.label_chars]
    for name in long_names:
        out.problems.append(
            limits.exceeded(
                "label_chars",
                len(name),
                "column_name_chars",
                file=table.file,
                row=table.header_line,
                value=_shown(name),
            )
        )
    rows = table.rows
    id_columns = {j for j, c in enumerate(columns) if c in set(ids)}
    short_set = set(short)
    blob = "\n".join(map("\n".join, rows))
    controls = _BAD.search(blob) is not None
    decomposed = not blob.isascii() and not unicodedata.is_normalized("NFC", blob)
    longest = max(map(len, chain.from_iterable(rows)), default=0)
    if controls or decomposed:
        rows = _clean_cells(table, columns, id_columns, out)
    if longest > min(limits.label_chars, limits.cell_chars):
        _check_lengths(table, columns, rows, short_set, limits, out)
    return replace(table, columns=columns, rows=rows, origins=origins)


def _clean_cells(
    table: RawTable, columns: list[str], id_columns: set[int], out: Collector
) -> list[list[str]]:
    controls: dict[int, _Finding] = {}
    decomposed: dict[int, _Finding] = {}
    rows: list[list[str]] = []
    for cells, line in zip(table.rows, table.line_numbers, strict=True):
        new: list[str] | None = None
        for j, cell in enumerate(cells):
            if cell.isascii() and _BAD.search(cell) is None:
                continue
            fixed = cell
            if _BAD.search(cell):
                if j in id_columns:
                    out.add(
                        "error",
                        "control_characters",
                        "id",
                        file=table.file,
                        row=line,
                        column=columns[j],
                        value=_shown(cell),
                    )
                    continue
                fixed = cell.translate(_TRANSLATE).strip()
                controls.setdefault(j, _Finding()).note(line, cell)
            if not fixed.isascii() and not unicodedata.is_normalized("NFC", fixed):
                fixed = unicodedata.normalize("NFC", fixed)
                decomposed.setdefault(j, _Finding()).note(line, cell)
            if fixed != cell:
                if new is None:
                    new = list(cells)
                new[j] = fixed
        rows.append(cells if new is None else new)
    for j, finding in sorted(controls.items()):
        out.add(
            "warning",
            "control_characters",
            "values",
            n=finding.count,
            rows=finding.where(),
            file=table.file,
            row=finding.rows[0],
            column=columns[j],
            value=_shown(finding.first),
        )
    for j, finding in sorted(decomposed.items()):
        out.add(
            "warning",
            "unicode_normalised",
            "values",
            n=finding.count,
            rows=finding.where(),
            file=table.file,
            row=finding.rows[0],
            column=columns[j],
            value=_shown(finding.first),
        )
    return rows


def _check_lengths(
    table: RawTable,
    columns: list[str],
    rows: list[list[str]],
    short: set[str],
    limits: Limits,
    out: Collector,
) -> None:
    for j, name in enumerate(columns):
        limit, which = (
            (limits.label_chars, "label_chars")
            if name in short
            else (limits.cell_chars, "cell_chars")
        )
        found = 0
        for cells, line in zip(rows, table.line_numbers, strict=True):
            if len(cells[j]) <= limit:
                continue
            found += 1
            if found <= _LONG_ERRORS:
                out.problems.append(
                    limits.exceeded(
                        which,
                        len(cells[j]),
                        "value_chars",
                        file=table.file,
                        row=line,
                        column=name,
                        value=_shown(cells[j]),
                    )
                )
        if found > _LONG_ERRORS:
            out.add(
                "error",
                "limit_exceeded",
                "more_long",
                file=table.file,
                column=name,
                n=found - _LONG_ERRORS,
                name=which,
                limit=limit,
            )


def clean_meta(meta: DatasetMeta, *, limits: Limits, out: Collector, file: str) -> DatasetMeta:
    """The metadata with clean name, description, group and periods; lengths and count checked."""
    changes: dict[str, object] = {}
    for key, limit, which in (
        ("name", limits.label_chars, "label_chars"),
        ("description", limits.cell_chars, "cell_chars"),
    ):
        text: str = getattr(meta, key)
        fixed = clean_text(text)
        if fixed != text:
            changes[key] = fixed
            _meta_warning(out, file, key, text)
        if len(fixed) > limit:
            out.problems.append(
                limits.exceeded(
                    which,
                    len(fixed),
                    "value_chars",
                    file=file,
                    column=key,
                    value=_shown(fixed),
                )
            )
    if meta.group is not None and clean_text(meta.group) != meta.group:
        changes["group"] = clean_text(meta.group)
        _meta_warning(out, file, "group", meta.group)
    periods = tuple(clean_text(p) for p in meta.periods)
    if periods != meta.periods:
        changes["periods"] = periods
        _meta_warning(out, file, "periods", ";".join(meta.periods))
    for p in periods:
        if len(p) > limits.label_chars:
            out.problems.append(
                limits.exceeded(
                    "label_chars",
                    len(p),
                    "period_chars",
                    file=file,
                    column="periods",
                    value=_shown(p),
                )
            )
    return replace(meta, **changes) if changes else meta  # type: ignore[arg-type]


def _meta_warning(out: Collector, file: str, key: str, value: str) -> None:
    out.add(
        "warning",
        "control_characters" if _BAD.search(value) else "unicode_normalised",
        "meta",
        file=file,
        column=key,
        value=_shown(value),
    )
