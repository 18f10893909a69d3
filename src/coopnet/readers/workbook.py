"""Excel workbooks → raw tables, safely: zip sizes checked first, only the real cells read.

An ``.xlsx`` file is a zip archive of XML parts. Before openpyxl opens it, the sizes its zip directory
declares are added up against ``Limits.unzipped_mb`` (a 4 MB file can unpack to gigabytes; zipfile
never unpacks more than a part declares) and parts that declare a DTD are refused (Excel never writes
one; it is how XML entity attacks start). Sheets are read in openpyxl's read-only mode with their
declared dimension discarded, so a sheet claiming ``A1:XFD1048576`` costs only its real cells.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

from coopnet import schema
from coopnet.config import Limits, read_input_bytes
from coopnet.errors import InputError, Problem
from coopnet.readers.tables import RawTable, table_from_records

__all__ = ["read_workbook_tables"]

_XML_HEAD = 4096
"""Bytes at the start of every XML part searched for a DTD (it must precede the root element)."""


def _refuse(path: Path, code: str, message: str) -> InputError:
    return InputError([Problem("error", code, message, file=path.name)], source=str(path))


def _check_archive(data: bytes, path: Path, limits: Limits) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise _refuse(
            path,
            "not_a_workbook",
            f"cannot open as an Excel workbook: the file is not an .xlsx zip archive ({exc})",
        ) from exc
    with archive:
        infos = archive.infolist()
        declared = sum(info.file_size for info in infos)
        if declared > limits.unzipped_mb * 1024 * 1024:
            raise InputError(
                [
                    limits.exceeded(
                        "unzipped_mb",
                        round(declared / 1024 / 1024, 1),
                        "unpacked size of the workbook in MB (a zip bomb?)",
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
                    path, "not_a_workbook", f"cannot read the workbook part {info.filename}: {exc}"
                ) from exc
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                raise _refuse(
                    path,
                    "xml_dtd",
                    f"the workbook part {info.filename} declares a DTD or entities, which Excel "
                    "never writes (an XML entity attack?); the file is refused",
                )


def read_workbook_tables(path: Path, *, limits: Limits) -> tuple[dict[str, RawTable], list[str]]:
    """Read the sheets ``actors``, ``ties`` and ``meta`` (matched case-insensitively).

    Returns
    -------
    tables, sheet_names
        The tables found (keyed by the coopnet sheet name) and every sheet name of the workbook.

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
        raise _refuse(path, "not_a_workbook", f"cannot open as an Excel workbook: {exc}") from exc
    tables: dict[str, RawTable] = {}
    try:
        sheets = {name.strip().casefold(): name for name in book.sheetnames}
        for wanted in (schema.ACTORS_SHEET, schema.TIES_SHEET, schema.META_SHEET):
            if wanted in sheets:
                tables[wanted] = _read_sheet(book[sheets[wanted]], path, sheets[wanted], limits)
    except InputError:
        raise
    except Exception as exc:  # a corrupt sheet part shows only while its rows are read
        raise _refuse(path, "not_a_workbook", f"cannot read the workbook: {exc}") from exc
    finally:
        book.close()
    return tables, list(sheets.values())


def _read_sheet(sheet: Any, path: Path, name: str, limits: Limits) -> RawTable:
    file = f"{path.name}[{name}]"
    if not hasattr(sheet, "iter_rows"):
        return RawTable(
            file=file,
            columns=[],
            problems=[
                Problem("error", "empty_file", "the sheet is a chart, not a table", file=file)
            ],
        )
    if hasattr(sheet, "reset_dimensions"):
        sheet.reset_dimensions()  # ignore a declared A1:XFD1048576: read the real cells only
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None or not any(v is not None and str(v).strip() for v in header):
        return RawTable(
            file=file,
            columns=[],
            problems=[
                Problem("error", "empty_file", "the sheet is empty (or its first row)", file=file)
            ],
        )
    records = ((i + 2, r) for i, r in enumerate(rows))
    return table_from_records(file, list(header), records, limits=limits)
