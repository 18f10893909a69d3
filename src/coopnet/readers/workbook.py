"""Excel workbooks → raw tables, safely: zip sizes checked first, only the real cells read.

An ``.xlsx`` file is a zip archive of XML parts. Before openpyxl opens it, the sizes its zip directory
declares are added up against ``Limits.unzipped_mb`` (a 4 MB file can unpack to gigabytes; zipfile
never unpacks more than a part declares) and parts that declare a DTD are refused (Excel never writes
one; it is how XML entity attacks start). Sheets are read in openpyxl's read-only mode with their
declared dimension discarded, so a sheet claiming ``A1:XFD1048576`` costs only its real cells.
"""

from __future__ import annotations

import io
import itertools
import zipfile
from pathlib import Path
from typing import Any

from coopnet.config import Limits, read_input_bytes
from coopnet.errors import InputError
from coopnet.messages import problem
from coopnet.readers.tables import TITLE_ROWS, RawTable, cell_text, find_header, table_from_records

__all__ = ["read_workbook_tables"]

_XML_HEAD = 4096
"""Bytes at the start of every XML part searched for a DTD (it must precede the root element)."""


def _refuse(path: Path, code: str, variant: str, **params: Any) -> InputError:
    return InputError([problem("error", code, variant, file=path.name, **params)], source=str(path))


def _check_archive(data: bytes, path: Path, limits: Limits) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise _refuse(path, "not_a_workbook", "zip", detail=str(exc)) from exc
    with archive:
        infos = archive.infolist()
        declared = sum(info.file_size for info in infos)
        if declared > limits.unzipped_mb * 1024 * 1024:
            raise InputError(
                [
                    limits.exceeded(
                        "unzipped_mb",
                        round(declared / 1024 / 1024, 1),
                        "unzipped_mb",
                        file=path.name,
                    )
                ],
                source=str(path),
            )
        for info in infos:
            if not info.filename.endswith((".xml", ".rels")) or info.is_dir():
                continue
            try:
                with archive.open(info) as part:
                    head = part.read(_XML_HEAD)
            except (zipfile.BadZipFile, NotImplementedError, OSError, EOFError) as exc:
                raise _refuse(
                    path, "not_a_workbook", "part", part=info.filename, detail=str(exc)
                ) from exc
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                raise _refuse(path, "xml_dtd", "part", part=info.filename)


def read_workbook_tables(path: Path, *, limits: Limits) -> dict[str, RawTable]:
    """Read every sheet of a workbook as a raw table, in the workbook's order.

    A title (or empty rows) above the header is skipped (:func:`~coopnet.readers.tables.find_header`);
    a chart sheet or an empty sheet gives a table without columns and an ``empty_file`` problem.
    Which sheet holds what is decided by :mod:`coopnet.io`.

    Returns
    -------
    dict
        ``{sheet name: table}``; the table's ``file`` is ``"<workbook>[<sheet>]"``.

    Raises
    ------
    InputError
        The file is not a workbook, is too large unpacked, declares a DTD or cannot be read.
    """
    data = read_input_bytes(path, limits=limits, file=path.name)
    _check_archive(data, path, limits)
    try:
        import openpyxl
    except ImportError as exc:  # pragma: no cover - openpyxl is a core dependency
        raise ImportError("reading Excel needs openpyxl: pip install openpyxl") from exc
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zipfile, KeyError, ValueError, OSError …
        raise _refuse(path, "not_a_workbook", "open", detail=str(exc)) from exc
    tables: dict[str, RawTable] = {}
    try:
        for name in book.sheetnames:
            tables[name] = _read_sheet(book[name], path, name, limits)
    except InputError:
        raise
    except Exception as exc:  # a corrupt sheet part shows only while its rows are read
        raise _refuse(path, "not_a_workbook", "read", detail=str(exc)) from exc
    finally:
        book.close()
    return tables


def _read_sheet(sheet: Any, path: Path, name: str, limits: Limits) -> RawTable:
    file = f"{path.name}[{name}]"
    if not hasattr(sheet, "iter_rows"):
        return RawTable(
            file=file, columns=[], problems=[problem("error", "empty_file", "chart", file=file)]
        )
    if hasattr(sheet, "reset_dimensions"):
        sheet.reset_dimensions()  # ignore a declared A1:XFD1048576: read the real cells only
    rows = sheet.iter_rows(values_only=True)
    head: list[tuple[Any, ...]] = list(itertools.islice(rows, TITLE_ROWS + 1))
    at = find_header([[cell_text(v) for v in r] for r in head])
    header = head[at] if head else None
    if header is None or not any(v is not None and str(v).strip() for v in header):
        return RawTable(
            file=file, columns=[], problems=[problem("error", "empty_file", "sheet", file=file)]
        )
    records = itertools.chain(
        ((i + 1, r) for i, r in enumerate(head) if i > at),
        ((i + len(head) + 1, r) for i, r in enumerate(rows)),
    )
    table = table_from_records(file, list(header), records, limits=limits, header_line=at + 1)
    table.skipped_above = [
        (i + 1, next(t for t in texts if t))
        for i, texts in enumerate([cell_text(v) for v in r] for r in head[:at])
        if any(texts)
    ]
    return table
