"""Readers of hostile and broken files (coopnet.readers): quotes, encodings, graph files, workbooks."""

from __future__ import annotations

import io
import os
import re
import threading
import zipfile
from pathlib import Path

import networkx as nx
import openpyxl
import pytest

import coopnet
from coopnet.config import Limits
from coopnet.errors import InputError
from coopnet.io import read_csv_table, read_raw

from .conftest import MakeDataset

ACTORS = "id,label\nA,Amt A\nB,Amt B\nC,Amt C\nD,Amt D\n"
EIGHT_TIES = "A,B,1\nB,C,1\nC,D,1\nA,C,1\nA,D,1\nB,D,1\nB,A,2\nD,A,2\n"


def problem(report: coopnet.ValidationReport, code: str) -> coopnet.Problem:
    found = [p for p in report.problems if p.code == code]
    assert found, report.format()
    return found[0]


# ------------------------------------------------------------------------------------- quotes
def test_unclosed_quote_that_swallows_the_rest_of_the_file(make_dataset: MakeDataset) -> None:
    ties = 'source,target,weight,type\nA,B,1,"Info\n' + EIGHT_TIES.replace(",1\n", ",1,x\n")
    report = coopnet.validate(make_dataset(ACTORS, ties))
    assert not report.ok
    found = problem(report, "unclosed_quote")
    assert (found.file, found.row, found.column, found.value) == ("ties.csv", 2, "type", "Info")
    assert "never closed" in found.message


def test_unclosed_quote_closed_by_a_later_quote(make_dataset: MakeDataset) -> None:
    actors = 'id,label\nA,"Amt A\nB,Amt B\nC,"Verein C"\nD,Amt D\n'
    report = coopnet.validate(make_dataset(actors, "source,target\nA,D\n"))
    found = problem(report, "unclosed_quote")
    assert (found.file, found.row, found.column) == ("actors.csv", 2, "label")


def test_a_value_over_several_lines_is_still_fine(make_dataset: MakeDataset) -> None:
    actors = 'id,label\nA,"Amt A\nMarktplatz 1, Stadt"\nB,"Sagt ""ja"""\n'
    net = coopnet.load(make_dataset(actors, "source,target\nA,B\n"))
    assert net.actors["label"].tolist() == ["Amt A\nMarktplatz 1, Stadt", 'Sagt "ja"']


def test_unclosed_quote_in_the_header(make_dataset: MakeDataset) -> None:
    report = coopnet.validate(make_dataset(ACTORS, 'source,"target\nA,B\n'))
    assert problem(report, "unclosed_quote").row == 1
    assert "empty_file" not in {p.code for p in report.problems}


# ------------------------------------------------------------------------------------ encodings
def test_one_cp1252_row_does_not_spoil_the_utf8_rows(make_dataset: MakeDataset) -> None:
    folder = make_dataset("id,label\nA,Älpha\nB,Beta\n", "source,target\nA,B\n")
    data = (folder / "actors.csv").read_bytes() + "C,Gämma\n".encode("cp1252")
    (folder / "actors.csv").write_bytes(data)
    net = coopnet.load(folder)
    assert net.actors["label"].tolist() == ["Älpha", "Beta", "Gämma"]
    warning = problem(net.report, "encoding_fallback")
    assert (warning.row, warning.value) == (4, "C,Gämma")


def test_utf16_with_bom_is_read(make_dataset: MakeDataset) -> None:
    folder = make_dataset(None, "source\ttarget\nÄmt\tB\n", encoding="utf-16")
    assert coopnet.load(folder).actors["id"].tolist() == ["Ämt", "B"]


def test_binary_file_is_named(make_dataset: MakeDataset) -> None:
    folder = make_dataset(ACTORS, "")
    (folder / "ties.csv").write_bytes(bytes(range(256)) * 20)
    assert "not a text table" in problem(coopnet.validate(folder), "not_text").message


# --------------------------------------------------------------------------------- graph files
def write_graphml(path: Path, body: str, *, edgedefault: str = "undirected") -> Path:
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n'
        '<key id="d0" for="node" attr.name="label" attr.type="string"/>\n'
        f'<graph edgedefault="{edgedefault}">\n{body}\n</graph>\n</graphml>\n',
        encoding="utf-8",
    )
    return path


def test_graphml_duplicate_node_ids_are_an_error(tmp_path: Path) -> None:
    path = write_graphml(
        tmp_path / "g.graphml",
        '<node id="A"><data key="d0">Amt A</data></node>\n'
        '<node id="B"/>\n'
        '<node id="A"><data key="d0">Anderes Amt</data></node>\n'
        '<edge source="A" target="B"/>',
    )
    found = problem(coopnet.validate(path), "duplicate_actor")
    assert (found.file, found.row, found.column, found.value) == ("g.graphml[nodes]", 7, "id", "A")


def test_graphml_edge_to_undeclared_node_and_node_without_id(tmp_path: Path) -> None:
    path = write_graphml(
        tmp_path / "g.graphml",
        '<node id="A"/>\n<node id="B"/>\n<node/>\n<edge source="A" target="Q"/>',
    )
    report = coopnet.validate(path)
    unknown = problem(report, "unknown_actor")
    assert (unknown.file, unknown.row, unknown.column, unknown.value) == (
        "g.graphml[edges]",
        8,
        "target",
        "Q",
    )
    empty = problem(report, "empty_id")
    assert (empty.file, empty.row) == ("g.graphml[nodes]", 7)
    assert "None" not in {p.value for p in report.problems}


def test_gexf_duplicate_and_undeclared_nodes(tmp_path: Path) -> None:
    path = tmp_path / "g.gexf"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<gexf xmlns="http://www.gexf.net/1.2draft" version="1.2">\n'
        '<graph defaultedgetype="directed">\n<nodes>\n'
        '<node id="1" label="Jugendamt"/>\n<node id="1" label="Schulamt"/>\n'
        "</nodes>\n<edges>\n"
        '<edge id="0" source="1" target="9" weight="2"/>\n'
        "</edges>\n</graph>\n</gexf>\n",
        encoding="utf-8",
    )
    report = coopnet.validate(path)
    assert problem(report, "duplicate_actor").row == 6
    assert (problem(report, "unknown_actor").row, problem(report, "unknown_actor").value) == (
        9,
        "9",
    )


def test_graph_files_from_networkx_still_read(tmp_path: Path) -> None:
    g = nx.MultiGraph(name="Netz", periods="2014;2016")
    g.add_node("A", label="Amt A", group="G1", size=3.0)
    g.add_node("B", label="Amt B", group="G2", size=2.5)
    g.add_edge("A", "B", weight=2.0, period="2014")
    g.add_edge("A", "B", weight=1.0, period="2016")
    nx.write_graphml(g, tmp_path / "n.graphml")
    nx.write_gexf(nx.Graph(g), tmp_path / "n.gexf")
    net = coopnet.load(tmp_path / "n.graphml")
    assert net.name == "Netz" and net.periods == ("2014", "2016")
    assert net.actors["size"].tolist() == ["3", "2.5"]
    assert sorted(net.ties["weight"]) == [1.0, 2.0]
    gexf = coopnet.load(tmp_path / "n.gexf")
    assert gexf.actors["label"].tolist() == ["Amt A", "Amt B"]


def test_graphml_entities_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "lol.graphml"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE graphml [\n <!ENTITY lol "lol">\n'
        ' <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n]>\n'
        '<graphml><graph><node id="&lol2;"/></graph></graphml>\n',
        encoding="utf-8",
    )
    found = problem(coopnet.validate(path), "xml_entity")
    assert found.row == 3
    external = tmp_path / "ext.graphml"
    external.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE graphml [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n'
        '<graphml><graph><node id="&e;"/></graph></graphml>\n',
        encoding="utf-8",
    )
    assert problem(coopnet.validate(external), "xml_entity")


def test_yed_labels_are_read(tmp_path: Path) -> None:
    path = tmp_path / "yed.graphml"
    path.write_text(
        '<?xml version="1.0"?>\n<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
        'xmlns:y="http://www.yworks.com/xml/graphml">\n'
        '<key for="node" id="d6" yfiles.type="nodegraphics"/>\n<graph edgedefault="directed">\n'
        '<node id="n0"><data key="d6"><y:ShapeNode><y:Geometry x="1"/>'
        "<y:NodeLabel>Jugendamt</y:NodeLabel></y:ShapeNode></data></node>\n"
        '<node id="n1"/>\n<edge source="n0" target="n1"/>\n</graph>\n</graphml>\n',
        encoding="utf-8",
    )
    assert coopnet.load(path).actors["label"].tolist() == ["Jugendamt", "n1"]


# ---------------------------------------------------------------------------------- workbooks
def workbook_bytes(sheets: dict[str, list[list[object]]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def with_part(data: bytes, name: str, edit: object) -> bytes:
    """Rewrite one part of a zip archive with ``edit(text) -> text``."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            content = src.read(info)
            if info.filename == name:
                content = edit(content.decode("utf-8")).encode("utf-8")  # type: ignore[operator]
            dst.writestr(info, content)
    return out.getvalue()


def test_declared_huge_dimension_reads_only_real_cells(tmp_path: Path) -> None:
    data = workbook_bytes(
        {"actors": [["id"], ["A"], ["B"]], "ties": [["source", "target"], ["A", "B"]]}
    )
    data = with_part(
        data,
        "xl/worksheets/sheet2.xml",
        lambda text: re.sub(
            r'<dimension ref="[^"]*"\s*/>', '<dimension ref="A1:XFD1048576"/>', text
        ),
    )
    assert b"XFD1048576" in zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet2.xml")
    path = tmp_path / "dim.xlsx"
    path.write_bytes(data)
    done: list[coopnet.ValidationReport] = []
    worker = threading.Thread(target=lambda: done.append(coopnet.validate(path)), daemon=True)
    worker.start()
    worker.join(timeout=60)
    assert done and done[0].ok, "validate hung on a declared A1:XFD1048576"
    assert done[0].counts["ties"] == 1


def test_zip_bomb_is_refused_before_opening(tmp_path: Path) -> None:
    data = workbook_bytes({"ties": [["source", "target"], ["A", "B"]]})
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        dst.writestr("xl/media/padding.bin", b"\0" * (3 * 1024 * 1024), zipfile.ZIP_DEFLATED)
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(out.getvalue())
    assert path.stat().st_size < 100_000
    report = coopnet.validate(path, limits=Limits(unzipped_mb=2))
    found = problem(report, "limit_exceeded")
    assert "unzipped_mb" in found.message and "--limit unzipped_mb=" in found.message
    assert coopnet.validate(path).ok


def test_workbook_with_dtd_is_refused(tmp_path: Path) -> None:
    data = workbook_bytes({"ties": [["source", "target"], ["A", "B"]]})
    data = with_part(
        data,
        "xl/workbook.xml",
        lambda text: '<!DOCTYPE x [<!ENTITY a "b">]>' + text,
    )
    path = tmp_path / "dtd.xlsx"
    path.write_bytes(data)
    assert problem(coopnet.validate(path), "xml_dtd").file == "dtd.xlsx"


def test_workbook_errors_and_cells_beyond_the_header(tmp_path: Path) -> None:
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    assert problem(coopnet.validate(tmp_path / "broken.xlsx"), "not_a_workbook")
    path = tmp_path / "wide.xlsx"
    path.write_bytes(
        workbook_bytes({"ties": [["source", "target", None], ["A", "B", None, "lost?"]]})
    )
    assert problem(coopnet.validate(path), "ragged_row").value == "lost?"


# ------------------------------------------------------------------------------ special files
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need POSIX")
def test_named_pipe_as_ties_file_is_refused(make_dataset: MakeDataset) -> None:
    folder = make_dataset(ACTORS, "source,target\nA,B\n")
    (folder / "ties.csv").unlink()
    os.mkfifo(folder / "ties.csv")
    done: list[coopnet.ValidationReport] = []
    worker = threading.Thread(target=lambda: done.append(coopnet.validate(folder)), daemon=True)
    worker.start()
    worker.join(timeout=20)
    assert done, "validate blocked on a named pipe"
    assert "named pipe" in problem(done[0], "not_a_file").message


def test_folder_as_file_and_file_size_limit(make_dataset: MakeDataset) -> None:
    folder = make_dataset(None, "source,target\n" + "A,B\n" * 30_000)
    with pytest.raises(InputError, match="file_mb"):
        read_raw(folder, limits=Limits(file_mb=0.1))
    (folder / "actors.csv").mkdir()
    assert "a folder" in problem(coopnet.validate(folder), "not_a_file").message


def test_rows_and_columns_limits(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("a,b\n" + "1,2\n" * 10, encoding="utf-8")
    table = read_csv_table(path, limits=Limits(rows=5))
    assert len(table.rows) == 5
    assert "--limit rows=" in table.problems[-1].message
    path.write_text(",".join(f"c{i}" for i in range(20)) + "\n", encoding="utf-8")
    assert "columns" in read_csv_table(path, limits=Limits(columns=10)).problems[0].message
