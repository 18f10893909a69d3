"""Readers of every format and round-trips through every writer."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import coopnet
from coopnet.io import read_csv_table

from .conftest import DATA, MakeDataset


def same_content(a: coopnet.CooperationNetwork, b: coopnet.CooperationNetwork) -> None:
    pd.testing.assert_frame_equal(
        a.actors.reset_index(drop=True), b.actors.reset_index(drop=True), check_dtype=False
    )
    pd.testing.assert_frame_equal(
        a.ties.reset_index(drop=True), b.ties.reset_index(drop=True), check_dtype=False
    )
    assert a.meta.periods == b.meta.periods
    assert a.meta.directed == b.meta.directed
    assert a.meta.group == b.meta.group
    assert a.meta.name == b.meta.name


@pytest.mark.parametrize("suffix", ["", ".xlsx", ".graphml"])
def test_round_trip_every_writer(small_dataset: Path, tmp_path: Path, suffix: str) -> None:
    net = coopnet.load(small_dataset)
    out = net.write(tmp_path / f"copy{suffix}")
    again = coopnet.load(out)
    same_content(net, again)
    assert nx.utils.graphs_equal(net.graph("2016"), again.graph("2016"))


def test_messy_round_trip_keeps_ids_and_umlauts(tmp_path: Path) -> None:
    net = coopnet.load(DATA / "messy_semicolon")
    for suffix in ("", ".xlsx", ".graphml"):
        again = coopnet.load(net.write(tmp_path / f"m{suffix}"))
        same_content(net, again)
        assert again.actors["id"].tolist()[0] == "007"


def test_csv_writer_output_is_utf8_comma(small_dataset: Path, tmp_path: Path) -> None:
    out = coopnet.load(small_dataset).write(tmp_path / "csv")
    text = (out / "ties.csv").read_text(encoding="utf-8")
    assert text.splitlines()[0] == "source,target,weight,type,period"
    assert (out / "dataset.toml").read_text(encoding="utf-8").startswith('name = "Klein"')


def test_workbook_reader_handles_numbers_and_meta(tmp_path: Path) -> None:
    path = tmp_path / "umfrage.xlsx"
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        pd.DataFrame(
            {"ID": [7, 8, "K-1"], "Bezeichnung": ["Amt 7", "Amt 8", "Köln & Co"]}
        ).to_excel(writer, sheet_name="Actors", index=False)
        pd.DataFrame({"source": [7, 8], "target": [8, "K-1"], "weight": [2.5, 1]}).to_excel(
            writer, sheet_name="ties", index=False
        )
        pd.DataFrame({"key": ["directed", "name"], "value": ["ja", "Umfrage"]}).to_excel(
            writer, sheet_name="meta", index=False
        )
    net = coopnet.load(path)
    assert net.actors["id"].tolist() == ["7", "8", "K-1"]
    assert net.ties["weight"].tolist() == [2.5, 1.0]
    assert net.directed and net.name == "Umfrage"
    assert net.actors["label"].tolist()[2] == "Köln & Co"


def test_workbook_without_ties_sheet(tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    pd.DataFrame({"id": ["A"]}).to_excel(path, sheet_name="Tabelle1", index=False)
    report = coopnet.validate(path)
    assert [p.code for p in report.errors] == ["missing_sheet"]
    assert "Tabelle1" in report.errors[0].message


def test_workbook_errors_name_sheet_and_row(tmp_path: Path) -> None:
    path = tmp_path / "bad.xlsx"
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        pd.DataFrame({"id": ["A", "B"]}).to_excel(writer, sheet_name="actors", index=False)
        pd.DataFrame({"source": ["A", "A"], "target": ["B", "C"]}).to_excel(
            writer, sheet_name="ties", index=False
        )
    problem = coopnet.validate(path).errors[0]
    assert (problem.file, problem.row, problem.column, problem.value) == (
        "bad.xlsx[ties]",
        3,
        "target",
        "C",
    )


def test_gexf_and_graphml_from_other_tools(tmp_path: Path) -> None:
    g = nx.DiGraph(name="Gephi-Export")
    g.add_node("1", label="Jugendamt", group="Jugend")
    g.add_node("2", label="Schulamt", group="Bildung")
    g.add_node("3", label="Isolat", group="Bildung")
    g.add_edge("1", "2", weight=2.0, period="2016")
    nx.write_gexf(g, tmp_path / "net.gexf")
    nx.write_graphml(g, tmp_path / "net.graphml")
    for name in ("net.gexf", "net.graphml"):
        net = coopnet.load(tmp_path / name)
        assert net.directed
        assert sorted(net.actors["id"]) == ["1", "2", "3"]
        assert dict(zip(net.actors["id"], net.actors["label"], strict=True))["2"] == "Schulamt"
        assert net.ties[["source", "target", "weight", "period"]].values.tolist() == [
            ["1", "2", 2.0, "2016"]
        ]
        assert net.graph("2016").number_of_nodes() == 3


def test_graphml_parallel_edges_of_two_types(tmp_path: Path) -> None:
    g = nx.MultiGraph()
    g.add_edge("A", "B", type="info")
    g.add_edge("A", "B", type="projekt")
    nx.write_graphml(g, tmp_path / "m.graphml")
    net = coopnet.load(tmp_path / "m.graphml")
    assert sorted(net.ties["type"]) == ["info", "projekt"]
    assert net.graph().edges["A", "B"]["types"] == ("info", "projekt")


def test_invalid_graph_files(tmp_path: Path) -> None:
    (tmp_path / "broken.graphml").write_text("<graphml><node", encoding="utf-8")
    assert not coopnet.validate(tmp_path / "broken.graphml").ok
    (tmp_path / "x.json").write_text("{}", encoding="utf-8")
    report = coopnet.validate(tmp_path / "x.json")
    assert "unknown format" in report.errors[0].message


def test_adjacency_matrix_roster() -> None:
    net = coopnet.load(DATA / "roster.csv")
    # rows A, B, C answered; D appears only as a column
    assert net.directed
    assert net.actors[["id", "responded"]].values.tolist() == [
        ["A", True],
        ["B", True],
        ["C", True],
        ["D", False],
    ]
    arcs = net.ties[["source", "target", "weight"]].values.tolist()
    assert arcs == [["A", "B", 2.0], ["A", "D", 1.0], ["B", "A", 1.0], ["C", "B", 3.0]]
    assert any("0 read as 'no tie'" in n for n in net.report.notes)


def test_matrix_bad_cell_names_row_and_partner(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_text(";A;B\nA;;oft\nB;1;\n", encoding="utf-8")
    problem = coopnet.validate(path).errors[0]
    assert (problem.row, problem.value) == (2, "oft")
    assert problem.code == "bad_weight"


def test_matrix_with_sidecar_metadata(tmp_path: Path) -> None:
    path = tmp_path / "umfrage.csv"
    path.write_text(",A,B\nA,,1\n", encoding="utf-8")
    (tmp_path / "umfrage.toml").write_text(
        'name = "Umfrage 2022"\nsymmetrise = "mutual"\n', encoding="utf-8"
    )
    net = coopnet.load(path)
    assert net.name == "Umfrage 2022" and net.directed and net.meta.symmetrise == "mutual"


@pytest.mark.parametrize("sep", [",", ";", "\t"])
def test_separator_sniffing(tmp_path: Path, sep: str) -> None:
    path = tmp_path / "t.csv"
    path.write_text(
        sep.join(["source", "target", "weight"]) + "\n" + sep.join(["A", "B", "2"]) + "\n",
        encoding="utf-8",
    )
    table = read_csv_table(path)
    assert table.columns == ["source", "target", "weight"]
    assert table.rows == [["A", "B", "2"]]


ids = (
    st.text(alphabet="ABCabc0123456789äöüß-_ &/", min_size=1, max_size=8)
    .map(str.strip)
    .filter(bool)
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    actor_ids=st.lists(ids, min_size=2, max_size=8, unique=True),
    data=st.data(),
)
def test_round_trip_property(
    tmp_path: Path, make_dataset: MakeDataset, actor_ids: list[str], data: st.DataObject
) -> None:
    pairs = data.draw(
        st.lists(
            st.tuples(
                st.sampled_from(actor_ids), st.sampled_from(actor_ids), st.sampled_from([1, 2.5, 4])
            ),
            max_size=12,
        )
    )
    lines = ["id,label"] + [f'"{a}","Label {a} – Ä&Ö"' for a in actor_ids]
    tie_lines = ["source,target,weight"] + [f'"{s}","{t}",{w}' for s, t, w in pairs]
    folder = make_dataset("\n".join(lines) + "\n", "\n".join(tie_lines) + "\n", "directed = true\n")
    net = coopnet.load(folder)
    for suffix in ("", ".xlsx", ".graphml"):
        target = tmp_path / f"rt{next(_counter)}{suffix}"
        same_content(net, coopnet.load(net.write(target)))


_counter = iter(range(10**6))
