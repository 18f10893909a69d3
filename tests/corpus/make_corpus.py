"""Write the malformed-input corpus: broken, hostile and merely messy datasets, one per case.

Run as a script (``python tests/corpus/make_corpus.py DIR``) to look at the cases, or used by
``tests/test_corpus.py``, which runs ``coopnet validate`` and ``coopnet info`` on every case under a
timeout. Each case says what must happen: ``OK`` (valid, optionally with a warning of a given code:
something was changed) or an error with its code and where it is (file, row, column).

The cases are generated, not committed: a few are large (50,000 actors, a 5 MB line) or cannot be
committed at all (a named pipe, a symlink to a device).
"""

from __future__ import annotations

import io
import os
import struct
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ACTORS = "id,label,group\nA,Amt A,G1\nB,Amt B,G1\nC,Verein C,G2\nD,Initiative D,G2\n"
TIES = "source,target,weight\nA,B,1\nB,C,2\nC,D,1\nA,C,1\n"


@dataclass(frozen=True)
class Expect:
    """What a case must give: valid (``error=None``) or an error; a warning code to see."""

    error: str | None = None
    file: str | None = None
    row: int | None = None
    column: str | None = None
    warning: str | None = None


def OK(warning: str | None = None) -> Expect:
    return Expect(warning=warning)


def ERR(
    code: str, file: str | None = None, row: int | None = None, column: str | None = None
) -> Expect:
    return Expect(error=code, file=file, row=row, column=column)


def folder(
    path: Path,
    *,
    actors: str | bytes | None = ACTORS,
    ties: str | bytes = TIES,
    toml: str | None = None,
) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    for name, content in (("actors.csv", actors), ("ties.csv", ties), ("dataset.toml", toml)):
        if content is None:
            continue
        data = content.encode("utf-8") if isinstance(content, str) else content
        (path / name).write_bytes(data)
    return path


def workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def rewrite_zip(path: Path, edit: Callable[[str, bytes], bytes | None]) -> Path:
    """Rewrite every member through ``edit(name, data)`` (``None`` drops the member)."""
    src = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    out = io.BytesIO()
    with src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = edit(info.filename, src.read(info))
            if data is not None:
                dst.writestr(info.filename, data)
    path.write_bytes(out.getvalue())
    return path


def declare_huge(path: Path, member: str, size: int = 0xF0000000) -> Path:
    """Patch the zip directory so that ``member`` claims ``size`` bytes unpacked (a zip bomb)."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    at = data.find(b"PK\x01\x02")
    while at != -1:
        length = struct.unpack_from("<H", data, at + 28)[0]
        if bytes(data[at + 46 : at + 46 + length]) == name:
            struct.pack_into("<I", data, at + 24, size)
        at = data.find(b"PK\x01\x02", at + 4)
    path.write_bytes(bytes(data))
    return path


GRAPHML = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n'
    '<key id="d0" for="node" attr.name="label" attr.type="string"/>\n'
    '<graph edgedefault="undirected">\n{}\n</graph>\n</graphml>\n'
)
GEXF = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<gexf xmlns="http://www.gexf.net/1.2draft" version="1.2">\n'
    '<graph defaultedgetype="undirected">\n{}\n</graph>\n</gexf>\n'
)
LOL = (
    '<?xml version="1.0"?>\n<!DOCTYPE graphml [\n <!ENTITY a "aaaaaaaaaa">\n'
    + "".join(f' <!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">\n' for i in range(8))
    + ']>\n<graphml><graph><node id="&i;"/></graph></graphml>\n'
)


def _big_ids(path: Path) -> Path:
    actors = "id\n" + "".join(f"Amt {i:05d}\n" for i in range(50_000))
    ties = "source,target\n" + "".join(f"Amt {i:05d}x,Amt {i + 1:05d}\n" for i in range(1000))
    return folder(path, actors=actors, ties=ties)


def _mismatched(path: Path) -> Path:
    actors = "id\n" + "".join(f"A{i:05d}\n" for i in range(20_000))
    ties = "source,target\n" + "".join(f"B{i:05d},C{i:05d}\n" for i in range(20_000))
    return folder(path, actors=actors, ties=ties)


def _fifo(path: Path) -> Path:
    folder(path)
    (path / "ties.csv").unlink()
    os.mkfifo(path / "ties.csv")
    return path


def _device(path: Path) -> Path:
    folder(path)
    (path / "ties.csv").unlink()
    (path / "ties.csv").symlink_to("/dev/zero")
    return path


def _huge_dimension(path: Path) -> Path:
    workbook(path, {"actors": [["id"], ["A"], ["B"]], "ties": [["source", "target"], ["A", "B"]]})

    def edit(name: str, data: bytes) -> bytes:
        if name.startswith("xl/worksheets/"):
            text = data.decode()
            start = text.find("<dimension")
            end = text.find(">", start) + 1
            text = text[:start] + '<dimension ref="A1:XFD1048576"/>' + text[end:]
            return text.encode()
        return data

    return rewrite_zip(path, edit)


def _zip_bomb(path: Path) -> Path:
    workbook(path, {"ties": [["source", "target"], ["A", "B"]]})
    return declare_huge(path, "xl/worksheets/sheet1.xml")


def _no_sheets(path: Path) -> Path:
    workbook(path, {"Tabelle1": [["x"]]})

    def edit(name: str, data: bytes) -> bytes | None:
        if name.startswith("xl/worksheets/"):
            return None
        if name == "xl/workbook.xml":
            text = data.decode()
            start, end = text.find("<sheets>"), text.find("</sheets>") + len("</sheets>")
            return (text[:start] + "<sheets/>" + text[end:]).encode()
        return data

    return rewrite_zip(path, edit)


def _cp1252_row(path: Path) -> Path:
    return folder(
        path,
        actors="id,label\nA,Älpha\nB,Beta\n".encode() + "C,Gämma\n".encode("cp1252"),
        ties="source,target\nA,B\nB,C\n",
    )


def _write(path: Path, text: str | bytes) -> Path:
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


NFD = "A\u0308lpha"
PERIODS = "periods = [" + ", ".join(f'"{2000 + i}"' for i in range(200)) + "]\n"

#: name → (writer of the case at the given path, what must happen)
CASES: dict[str, tuple[Callable[[Path], Path], Expect]] = {
    # --- item: unclosed quotes
    "unclosed_quote_eof": (
        lambda p: folder(p, ties='source,target,weight,type\nA,B,1,"Info\nB,C,1,x\nC,D,1,x\n'),
        ERR("unclosed_quote", "ties.csv", 2, "type"),
    ),
    "unclosed_quote_mid": (
        lambda p: folder(p, actors='id,label\nA,"Amt A\nB,Amt B\nC,"Verein C"\nD,Amt D\n'),
        ERR("unclosed_quote", "actors.csv", 2, "label"),
    ),
    # --- item: encodings and Unicode forms
    "cp1252_one_row": (_cp1252_row, OK("encoding_fallback")),
    "cp1252_whole_file": (
        lambda p: folder(
            p,
            actors="id,label\nA,Straßenamt\nB,Bürgeramt\n".encode("cp1252"),
            ties="source,target\nA,B\n",
        ),
        OK("encoding_fallback"),
    ),
    "utf16_bom": (
        lambda p: folder(p, actors=None, ties="source\ttarget\nÄmt\tB\n".encode("utf-16")),
        OK("no_actors_file"),
    ),
    "nfd_ids": (
        lambda p: folder(p, actors="id\n\u00c4lpha\nB\n", ties=f"source,target\n{NFD},B\n"),
        OK("unicode_normalised"),
    ),
    # --- item: graph files
    "graphml_duplicate_node": (
        lambda p: _write(
            p.with_suffix(".graphml"),
            GRAPHML.format(
                '<node id="A"><data key="d0">x</data></node>\n<node id="B"/>\n'
                '<node id="A"><data key="d0">y</data></node>\n<edge source="A" target="B"/>'
            ),
        ),
        ERR("duplicate_actor", "[nodes]", 7, "id"),
    ),
    "graphml_undeclared_node": (
        lambda p: _write(
            p.with_suffix(".graphml"),
            GRAPHML.format('<node id="A"/>\n<node id="B"/>\n<edge source="A" target="Q"/>'),
        ),
        ERR("unknown_actor", "[edges]", 7, "target"),
    ),
    "graphml_node_without_id": (
        lambda p: _write(
            p.with_suffix(".graphml"),
            GRAPHML.format('<node id="A"/>\n<node/>\n<edge source="A" target="A"/>'),
        ),
        ERR("empty_id", "[nodes]", 6, "id"),
    ),
    "gexf_duplicate_node": (
        lambda p: _write(
            p.with_suffix(".gexf"),
            GEXF.format(
                '<nodes>\n<node id="1" label="a"/>\n<node id="1" label="b"/>\n</nodes>\n'
                '<edges><edge source="1" target="1"/></edges>'
            ),
        ),
        ERR("duplicate_actor", "[nodes]", 6, "id"),
    ),
    "graphml_entities": (lambda p: _write(p.with_suffix(".graphml"), LOL), ERR("xml_entity")),
    "gexf_external_entity": (
        lambda p: _write(
            p.with_suffix(".gexf"),
            '<?xml version="1.0"?>\n<!DOCTYPE gexf [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n'
            '<gexf><graph><nodes><node id="&e;"/></nodes></graph></gexf>\n',
        ),
        ERR("xml_entity"),
    ),
    "graphml_truncated": (
        lambda p: _write(p.with_suffix(".graphml"), "<graphml><node"),
        ERR("invalid_xml"),
    ),
    "graphml_hyperedge": (
        lambda p: _write(p.with_suffix(".graphml"), GRAPHML.format('<node id="A"/><hyperedge/>')),
        ERR("hyperedge"),
    ),
    "graphml_not_graphml": (
        lambda p: _write(p.with_suffix(".graphml"), "<html><body/></html>"),
        ERR("invalid_xml"),
    ),
    # --- item: tracebacks at input
    "duplicate_header_ties": (
        lambda p: folder(p, ties="source,source\nA,B\n"),
        ERR("duplicate_column", "ties.csv", 1, "source"),
    ),
    "duplicate_header_actors": (
        lambda p: folder(p, actors="id,label,label\nA,a,b\nB,c,d\n", ties="source,target\nA,B\n"),
        ERR("duplicate_column", "actors.csv", 1, "label"),
    ),
    "two_renames_onto_one_column": (
        lambda p: folder(
            p,
            ties="von,aus,nach\nA,A,B\n",
            toml='[columns.ties]\n"von" = "source"\n"aus" = "source"\n"nach" = "target"\n',
        ),
        ERR("duplicate_column", "dataset.toml", None, "aus"),
    ),
    "reserved_column_weight": (
        lambda p: folder(p, ties="source,target,_weight\nA,B,1\n"),
        ERR("reserved_column", "ties.csv", 1, "_weight"),
    ),
    "field_over_csv_limit": (
        lambda p: folder(p, ties="source,target,note\nA,B," + "n" * 140_000 + "\n"),
        ERR("limit_exceeded", "ties.csv", 2, "note"),
    ),
    "toml_deeply_nested": (
        lambda p: folder(p, toml="x = " + "[" * 50_000),
        ERR("invalid_meta", "dataset.toml"),
    ),
    "toml_wrong_values": (
        lambda p: folder(p, toml='directed = "vielleicht"\nfoo = 1\nperiods = 3\n'),
        ERR("invalid_meta", "dataset.toml"),
    ),
    "weight_1e308": (
        lambda p: folder(p, ties="source,target,weight\nA,B,1e308\n"),
        ERR("limit_exceeded", "ties.csv", 2, "weight"),
    ),
    "weight_tiny_and_huge": (
        lambda p: folder(p, ties="source,target,weight\nA,B,1e-300\nB,C,1e300\n"),
        ERR("limit_exceeded", "ties.csv", 2, "weight"),
    ),
    "weight_infinite": (
        lambda p: folder(p, ties="source,target,weight\nA,B,1e999\n"),
        ERR("bad_weight", "ties.csv", 2, "weight"),
    ),
    # --- item: control characters and bidi
    "control_characters_in_label": (
        lambda p: folder(
            p, actors="id,label,group\nA,Amt\x00A,G1\nB,Zeile\x0bzwei,G\x1b[1m\nC,c,G2\nD,d,G2\n"
        ),
        OK("control_characters"),
    ),
    "bidi_in_group_and_period": (
        lambda p: folder(
            p,
            actors="id,group\nA,\u202eG1\nB,G\u2066x\u2069\n",
            ties="source,target,period\nA,B,2016\u202e\n",
        ),
        OK("control_characters"),
    ),
    "control_character_in_id": (
        lambda p: folder(p, actors="id\nA\x1b\nB\n", ties="source,target\nB,A\x1b\n"),
        ERR("control_characters", "actors.csv", 2, "id"),
    ),
    "nul_bytes_at_end": (
        lambda p: folder(p, ties=TIES.encode() + b"\x00" * 4096),
        OK("control_characters"),
    ),
    # --- item: denial of service
    "xlsx_huge_dimension": (lambda p: _huge_dimension(p.with_suffix(".xlsx")), OK()),
    "xlsx_zip_bomb": (lambda p: _zip_bomb(p.with_suffix(".xlsx")), ERR("limit_exceeded")),
    "label_100k": (
        lambda p: folder(
            p, actors="id,label\nA," + "x" * 100_000 + "\nB,b\n", ties="source,target\nA,B\n"
        ),
        ERR("limit_exceeded", "actors.csv", 2, "label"),
    ),
    "unknown_ids_among_50000_actors": (_big_ids, ERR("unknown_actor", "ties.csv", 2, "source")),
    "wholly_mismatched_ties": (_mismatched, ERR("unknown_actor", "ties.csv", 2, "source")),
    "fifo_as_ties": (_fifo, ERR("not_a_file", "ties.csv")),
    "device_as_ties": (_device, ERR("not_a_file", "ties.csv")),
    "folder_as_ties": (
        lambda p: (folder(p, ties=b""), (p / "ties.csv").unlink(), (p / "ties.csv").mkdir())[0],
        ERR("not_a_file", "ties.csv"),
    ),
    "periods_200": (
        lambda p: folder(p, ties="source,target,period\nA,B,2000\n", toml=PERIODS),
        ERR("limit_exceeded", "dataset.toml", None, "periods"),
    ),
    "periods_200_in_ties": (
        lambda p: folder(
            p, ties="source,target,period\n" + "".join(f"A,B,{2000 + i}\n" for i in range(200))
        ),
        ERR("limit_exceeded", "ties.csv", None, "period"),
    ),
    "columns_1000": (
        lambda p: folder(
            p, ties=",".join(["source", "target", *(f"c{i}" for i in range(1000))]) + "\nA,B\n"
        ),
        ERR("limit_exceeded", "ties.csv", 1),
    ),
    # --- classics
    "empty_ties": (lambda p: folder(p, ties=b""), ERR("empty_file", "ties.csv")),
    "header_only": (
        lambda p: folder(p, actors="id\n", ties="source,target\n"),
        ERR("no_actors", "actors.csv"),
    ),
    "bom_semicolon_decimal_comma": (
        lambda p: folder(
            p,
            actors="\ufeffKürzel;Bezeichnung\nA;Amt\nB;Büro\n",
            ties="\ufeffvon;an;Gewicht\nA;B;2,5\n",
        ),
        OK(),
    ),
    "crlf_and_quotes": (
        lambda p: folder(
            p,
            actors='id,label\r\nA,"Amt ""A"""\r\nB,"Zeile\r\nzwei"\r\n',
            ties="source,target\r\nA,B\r\n",
        ),
        OK(),
    ),
    "nul_bytes_in_label": (
        lambda p: folder(p, actors="id,label\nA,Am\x00t\nB,b\nC,c\nD,d\n"),
        OK("control_characters"),
    ),
    "binary_garbage": (
        lambda p: folder(p, ties=bytes(range(256)) * 64),
        ERR("not_text", "ties.csv"),
    ),
    "png_as_ties": (
        lambda p: folder(p, ties=b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" * 200),
        ERR("not_text", "ties.csv"),
    ),
    "xlsx_as_ties_csv": (
        lambda p: folder(p, ties=b"PK\x03\x04" + b"\x00" * 100),
        ERR("not_text", "ties.csv"),
    ),
    "wrong_separator": (
        lambda p: folder(p, ties="source|target\nA|B\n"),
        ERR("missing_column", "ties.csv", 1, "source"),
    ),
    "ragged_rows": (
        lambda p: folder(p, ties="source,target\nA,B,C,D\n"),
        ERR("ragged_row", "ties.csv", 2),
    ),
    "huge_line": (
        lambda p: folder(p, ties="source,target\n" + "A" * 5_000_000),
        ERR("limit_exceeded", "ties.csv", 2, "source"),
    ),
    "xlsx_no_sheets": (lambda p: _no_sheets(p.with_suffix(".xlsx")), ERR("*")),  # any clean error
    "xlsx_corrupt_zip": (
        lambda p: _write(p.with_suffix(".xlsx"), b"PK\x03\x04garbage"),
        ERR("not_a_workbook"),
    ),
    "xlsx_not_a_zip": (
        lambda p: _write(p.with_suffix(".xlsx"), "id,label\nA,B\n"),
        ERR("not_a_workbook"),
    ),
    "matrix_ragged": (
        lambda p: _write(p.with_suffix(".csv"), ";A;B\nA;;1;9\nB;x;\n"),
        ERR("ragged_row"),
    ),
    "unknown_format": (lambda p: _write(p.with_suffix(".json"), "{}"), ERR("invalid_input")),
    "missing_path": (lambda p: p / "does-not-exist", ERR("invalid_input")),
}


def write_corpus(root: Path, names: list[str] | None = None) -> dict[str, tuple[Path, Expect]]:
    """Write every case (or those named) under ``root``; return name → (path, expectation)."""
    root.mkdir(parents=True, exist_ok=True)
    written: dict[str, tuple[Path, Expect]] = {}
    for name, (make, expect) in CASES.items():
        if names is not None and name not in names:
            continue
        if name in ("fifo_as_ties", "device_as_ties") and not hasattr(os, "mkfifo"):
            continue
        written[name] = (make(root / name), expect)
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "corpus")
    for case, (path, expect) in write_corpus(target).items():
        print(f"{case:34} {path}  {expect}")
