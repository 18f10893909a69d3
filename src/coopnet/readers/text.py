"""CSV bytes → :class:`RawTable`: encoding (per row), separator, quotes, rows and columns limits.

Messy real files are accepted: comma, semicolon or tab separators (sniffed), UTF-8 with or without BOM,
UTF-16 with a BOM (Excel's "Unicode text"), Windows-1252 — for the whole file or for single rows that
are not UTF-8 (a row pasted from an old file) —, surrounding whitespace. What cannot be read is reported
with the row where it starts: a quote that is never closed, a quote closed in the wrong place, a binary
file.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable, Iterable

from coopnet.config import Limits
from coopnet.errors import Problem
from coopnet.messages import problem
from coopnet.readers.tables import TITLE_ROWS, RawTable

__all__ = ["SEPARATORS", "decode_bytes", "sniff_separator", "table_from_bytes", "table_from_text"]

SEPARATORS = (",", ";", "\t")

_SNIFF_CHARS = 4096
"""The separator is sniffed on at most this many characters (whole lines, at most 20):
:class:`csv.Sniffer` takes time quadratic in the sample for some texts (20 s on 64 KB of ``,"``)."""

_LISTED_ROWS = 20
"""Rows read as Windows-1252 that get a warning of their own; further ones are summed up."""

_END = "\ue000coopnet:end-of-file\ue000"
"""Appended as a last line before parsing: when it ends up inside a value, a quote was left open."""


def _binary_kind(data: bytes) -> str | None:
    """What a file that is not text looks like (``zip``, ``pdf``, ``binary``), or ``None``."""
    head = data[:8192]
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith(b"%PDF"):
        return "pdf"
    controls = sum(head.count(bytes([c])) for c in (*range(0x09), *range(0x0E, 0x20)))
    if controls >= 8 and controls * 10 > len(head):
        return "binary"
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    """``"utf-16-le"``/``"utf-16-be"`` when every other byte of the start is NUL (ASCII as UTF-16)."""
    head = data[:4096]
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) > 0.9 * len(odd) and even.count(0) == 0:
        return "utf-16-le"
    if even.count(0) > 0.9 * len(even) and odd.count(0) == 0:
        return "utf-16-be"
    return None


def decode_bytes(data: bytes, file: str) -> tuple[str, list[Problem]]:
    """Decode a text file: UTF-8 (BOM or not), UTF-16 (BOM), else row by row.

    When the file is not UTF-8 as a whole, every line that decodes as UTF-8 is kept as UTF-8 and the
    others are read as Windows-1252: a warning for the file when no line had UTF-8 umlauts (an old
    Windows file), otherwise a warning naming each such row (one row pasted from elsewhere), so that
    one stray row does not turn the file's correct umlauts into mojibake (``Ä`` → ``Ã„``).
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), []
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return data.decode(utf16, errors="replace"), []
    lines = data.split(b"\n")
    if lines[0].startswith(codecs.BOM_UTF8):
        lines[0] = lines[0][len(codecs.BOM_UTF8) :]
    texts: list[str] = []
    fallback: list[int] = []
    utf8_umlauts = False
    for number, line in enumerate(lines, start=1):
        if line.isascii():
            texts.append(line.decode("ascii"))
            continue
        try:
            texts.append(line.decode("utf-8"))
            utf8_umlauts = True
        except UnicodeDecodeError:
            texts.append(line.decode("cp1252", errors="replace"))
            fallback.append(number)
    text = "\n".join(texts)
    if not utf8_umlauts:
        warning = problem("warning", "encoding_fallback", "file", file=file)
        return text, [warning]
    problems = [
        problem(
            "warning",
            "encoding_fallback",
            "row",
            file=file,
            row=number,
            value=texts[number - 1].strip()[:60],
        )
        for number in fallback[:_LISTED_ROWS]
    ]
    if len(fallback) > _LISTED_ROWS:
        problems.append(
            problem(
                "warning",
                "encoding_fallback",
                "more",
                file=file,
                row=fallback[_LISTED_ROWS],
                n=len(fallback) - _LISTED_ROWS,
            )
        )
    return text, problems


def sniff_separator(text: str) -> str:
    """Pick the separator among comma, semicolon and tab from the first lines."""
    sample = text[: _SNIFF_CHARS + 1]
    if len(sample) > _SNIFF_CHARS and "\n" in sample:
        sample = sample[: sample.rfind("\n")]
    sample = "\n".join(sample.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters="".join(SEPARATORS)).delimiter
    except csv.Error:
        header = text[:65536].split("\n", 1)[0]
        counts = {sep: header.count(sep) for sep in SEPARATORS}
        best = max(counts, key=lambda s: counts[s])
        return best if counts[best] else ","


def table_from_bytes(data: bytes, file: str, *, limits: Limits) -> RawTable:
    """Decode and parse the bytes of one CSV file (see :func:`decode_bytes`, :func:`table_from_text`).

    NUL bytes at the very end (a file cut off while it was saved) are removed with a warning; a file
    that is mostly control bytes, a zip archive or a PDF is an error (``not_text``).
    """
    padding: list[Problem] = []
    stripped = data.rstrip(b"\x00")
    if len(stripped) < len(data) and not data.startswith(
        (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
    ):
        padding.append(
            problem(
                "warning", "control_characters", "nul_end", file=file, n=len(data) - len(stripped)
            )
        )
        data = stripped
    utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _utf16_without_bom(data)
    kind = None if utf16 else _binary_kind(data)
    if kind is not None:
        return RawTable(
            file=file, columns=[], problems=[problem("error", "not_text", kind, file=file)]
        )
    text, problems = decode_bytes(data, file)
    table = table_from_text(text, file, limits=limits)
    table.problems = padding + problems + table.problems
    return table


class _Lines:
    """The physical lines of a text, split only when first needed."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._lines: list[str] | None = None

    def get(self, first: int, last: int) -> str:
        """Lines ``first`` to ``last`` (1-based, inclusive), split as the csv reader splits them."""
        if self._lines is None:
            self._lines = io.StringIO(self._text, newline="").readlines()
        return "".join(self._lines[first - 1 : last])


def _quote_problem(
    record: list[str],
    line: int,
    end: int,
    lines: _Lines,
    sep: str,
    header: list[str] | None,
    file: str,
) -> Problem | None:
    """An error when a record spanning lines ``line``–``end`` has a quote closed in the wrong place.

    In a well-formed CSV a closing quote is followed by the separator or the end of the line; when a
    quote is left open, the next quote in the file closes it and text follows it directly. Such a
    record is parsed again strictly; a legitimate value over several lines passes.
    """
    segment = lines.get(line, end)
    try:
        list(csv.reader(io.StringIO(segment, newline=""), delimiter=sep, strict=True))
    except csv.Error:
        index = next((j for j, cell in enumerate(record) if "\n" in cell), len(record) - 1)
        name = header[index] if header and index < len(header) else f"#{index + 1}"
        return problem(
            "error",
            "unclosed_quote",
            "wrong_place",
            file=file,
            row=line,
            column=name,
            value=record[index].split("\n", 1)[0][:60],
            first=line + 1,
            last=end,
        )
    return None


def table_from_text(text: str, file: str, *, limits: Limits, sep: str | None = None) -> RawTable:
    """Parse CSV text into a :class:`RawTable` (the first non-blank row is the header).

    Blank rows are skipped; short rows are padded; a row with more non-empty cells than the header
    is a ``ragged_row`` error. A quote that is never closed (it would swallow the rest of the file)
    or is closed in the wrong place is an ``unclosed_quote`` error naming the row where it opens.
    At most ``limits.columns`` columns and ``limits.rows`` rows are read.
    """
    problems: list[Problem] = []
    table = RawTable(file=file, columns=[])
    if not text.strip():
        problems.append(problem("error", "empty_file", "file", file=file))
        table.problems = problems
        return table
    sep = sep or sniff_separator(text)
    lines = _Lines(text)
    # the csv module's field limit is process-wide: lift it for this parse (a value is never longer
    # than the text; validation checks the lengths against the limits) and restore it
    previous_limit = csv.field_size_limit()
    csv.field_size_limit(max(previous_limit, len(text) + len(_END) + 2))
    try:
        reader = csv.reader(io.StringIO(text + "\n" + _END, newline=""), delimiter=sep)
        _parse(reader, table, problems, sep, lines, limits, lambda: reader.line_num)
    finally:
        csv.field_size_limit(previous_limit)
    table.problems = problems
    return table


def _parse(
    reader: Iterable[list[str]],
    table: RawTable,
    problems: list[Problem],
    sep: str,
    lines: _Lines,
    limits: Limits,
    line_num: Callable[[], int],
) -> None:
    file = table.file
    header: list[str] | None = None
    width = 0
    last_line = 0
    # rows with at most one value before the first row with two or more (a title above the
    # header, as Excel exports write it): held back until the header is known
    pending: list[tuple[list[str], list[str], int]] = []

    def set_header(cells: list[str], line: int) -> bool:
        nonlocal header, width
        header = cells
        width = len(header)
        table.columns = header
        table.header_line = line
        if width > limits.columns:
            problems.append(limits.exceeded("columns", width, "columns", file=file, row=line))
            table.columns = header[: limits.columns]
            return False
        _check_header(header, file, line, problems)
        return True

    def take(cells: list[str], record: list[str], line: int) -> bool:
        if len(cells) > width:
            extra = cells[width:]
            if any(extra):
                problems.append(
                    problem(
                        "error",
                        "ragged_row",
                        "csv",
                        file=file,
                        row=line,
                        value=sep.join(record)[:200],
                        n=len(cells),
                        width=width,
                        sep=repr(sep),
                    )
                )
            cells = cells[:width]
        elif len(cells) < width:
            cells = cells + [""] * (width - len(cells))
        if len(table.rows) >= limits.rows:
            problems.append(
                limits.exceeded("rows", len(table.rows) + 1, "rows", file=file, row=line)
            )
            return False
        table.rows.append(cells)
        table.line_numbers.append(line)
        return True

    def flush() -> bool:
        """No header row with two values came: the first held-back row is the header."""
        first, *rest = pending
        pending.clear()
        if not set_header(first[0], first[2]):
            return False
        return all(take(cells, record, line) for cells, record, line in rest)

    for record in reader:
        line = last_line + 1  # the line this record starts on
        last_line = line_num()
        if record and _END in record[-1]:
            if record != [_END]:
                problems.append(_unclosed_at_end(record, line, last_line - 1, header, file))
            break
        cells = [cell.strip() for cell in record]
        if not any(cells):
            continue
        if last_line > line:
            quoted = _quote_problem(record, line, last_line, lines, sep, header, file)
            if quoted is not None:
                problems.append(quoted)
                continue
        if header is None:
            if sum(1 for c in cells if c) <= 1 and len(pending) < TITLE_ROWS:
                pending.append((cells, record, line))
                continue
            if pending and sum(1 for c in cells if c) >= 2:
                table.skipped_above = [(ln, next(c for c in cs if c)) for cs, _, ln in pending]
                pending.clear()
            elif pending and not flush():
                return
            if header is None:
                if not set_header(cells, line):
                    return
                continue
        if not take(cells, record, line):
            return
    if header is None and pending and not flush():
        return
    if header is None and not any(p.code == "unclosed_quote" for p in problems):
        problems.append(problem("error", "empty_file", "file", file=file))


def _unclosed_at_end(
    record: list[str], line: int, last: int, header: list[str] | None, file: str
) -> Problem:
    index = len(record) - 1
    name = header[index] if header and index < len(header) else f"#{index + 1}"
    return problem(
        "error",
        "unclosed_quote",
        "never_closed",
        file=file,
        row=line,
        column=name,
        value=record[index].split("\n", 1)[0][:60],
        first=line,
        last=last,
    )


def _check_header(header: list[str], file: str, line: int, problems: list[Problem]) -> None:
    seen: set[str] = set()
    for j, name in enumerate(header):
        if not name:
            problems.append(
                problem("error", "empty_header", file=file, row=line, column=f"#{j + 1}")
            )
        elif name in seen:
            problems.append(
                problem("error", "duplicate_column", "twice", file=file, row=line, column=name)
            )
        seen.add(name)
