"""Writers for other tools (coopnet.export): read back by networkx, igraph and coopnet itself."""

from __future__ import annotations

import io
import json
import warnings
from pathlib import Path

import igraph as ig
import networkx as nx
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import coopnet
from coopnet.cli import main
from coopnet.errors import DataWarning
from coopnet.export import (
    GEXF_SCALE,
    UnknownFormatError,
    network_gexf,
    output_format,
    write_dl,
    write_gexf,
)

from .conftest import MUSTERSTADT

TIE_COLUMNS = ["source", "target", "weight", "type", "period"]


def _ties(net: coopnet.CooperationNetwork) -> pd.DataFrame:
    frame = net.ties[TIE_COLUMNS].astype("object").where(net.ties[TIE_COLUMNS].notna(), None)
    return frame.sort_values(TIE_COLUMNS[:2] + TIE_COLUMNS[3:]).reset_index(drop=True)


def _actors(net: coopnet.CooperationNetwork) -> pd.DataFrame:
    frame = net.actors.astype("object")
    return frame.where(net.actors.notna(), None).reset_index(drop=True)


@pytest.fixture(scope="module")
def muster() -> coopnet.CooperationNetwork:
    return coopnet.load(MUSTERSTADT)


# ----------------------------------------------------------------------------------- formats
@pytest.mark.parametrize(
    ("name", "expected"),
    [("a.gexf", "gexf"), ("a.GEXF", "gexf"), ("a.net", "pajek"), ("a.dl", "dl"),
     ("a.json", "json"), ("a.graphml", "graphml"), ("a.xlsx", "xlsx"), ("folder", "csv")],
)  # fmt: skip
def test_format_from_suffix(name: str, expected: str) -> None:
    assert output_format(name) == expected


def test_unknown_suffix_is_refused_with_the_list_of_formats(tmp_path: Path) -> None:
    with pytest.raises(UnknownFormatError, match=r"\.gexf \(gexf\).*\.net \(pajek\)"):
        output_format(tmp_path / "out.gefx")
    with pytest.raises(UnknownFormatError, match="formats: csv"):
        output_format(tmp_path / "out", "svg")
    assert output_format(tmp_path / "stadt.v2", "csv") == "csv"


def test_cli_refuses_unknown_suffix_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.gefx"
    assert main(["convert", str(MUSTERSTADT), str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Fehler: das Format von „")  # German by default
    assert "lässt sich an der Endung" in err and ".gexf (gexf)" in err and "Traceback" not in err
    assert not out.exists()


def test_cli_convert_gexf_writes_a_gexf_file_not_a_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.gexf"
    assert main(["convert", str(MUSTERSTADT), str(out)]) == 0
    assert out.is_file()
    assert out.read_text(encoding="utf-8").startswith('<?xml version="1.0" encoding="UTF-8"?>')
    out_net = tmp_path / "out.net"
    assert main(["convert", str(MUSTERSTADT), str(out_net)]) == 0
    assert out_net.is_file()
    captured = capsys.readouterr()
    assert "Hinweis: Pajek .net has no place for label" in captured.err
    assert f"{out_net} geschrieben" in captured.out


# ----------------------------------------------------------------------------------- GEXF
def test_gexf_read_by_networkx_with_every_attribute(
    muster: coopnet.CooperationNetwork, tmp_path: Path
) -> None:
    path = write_gexf(muster.actors, muster.ties, muster.meta, tmp_path / "m.gexf")
    g = nx.read_gexf(path)
    assert g.is_directed() and g.is_multigraph()
    assert g.graph["name"] == "Musterstadt"
    assert set(g) == set(muster.actors["id"])
    for rec in muster.actors.to_dict("records"):
        data = g.nodes[rec["id"]]
        assert data["label"] == rec["label"]
        for column in ("group", "sector", "level"):
            assert data[column] == rec[column]
        assert data["responded"] is bool(rec["responded"])  # typed boolean, not text
    edges = sorted(
        (u, v, d["weight"], d["tie_type"], d["period"]) for u, v, d in g.edges(data=True)
    )
    expected = sorted(
        (r.source, r.target, r.weight, r.type, r.period) for r in muster.ties.itertuples()
    )
    assert edges == expected  # all 1,320 rows, parallel edges kept, types not lost
    assert "type" not in {k for *_, d in g.edges(data=True) for k in d}  # GEXF reserves it


def test_gexf_round_trip_through_coopnet(
    muster: coopnet.CooperationNetwork, tmp_path: Path
) -> None:
    back = coopnet.load(muster.write(tmp_path / "m.gexf"))
    pd.testing.assert_frame_equal(_ties(back), _ties(muster))
    pd.testing.assert_frame_equal(_actors(back), _actors(muster))
    assert back.directed and back.periods == muster.periods and back.name == "Musterstadt"


def test_graphml_to_gexf_to_coopnet_keeps_every_tie_and_type(
    muster: coopnet.CooperationNetwork, tmp_path: Path
) -> None:
    """The issue's case: GraphML → GEXF → coopnet kept 912 of 1,320 ties and no tie types."""
    via_graphml = coopnet.load(muster.write(tmp_path / "m.graphml"))
    back = coopnet.load(via_graphml.write(tmp_path / "m.gexf"))
    assert len(back.ties) == 1320
    assert back.tie_types == ("Gemeinsames Projekt", "Informationsaustausch", "Koordination")
    pd.testing.assert_frame_equal(_ties(back), _ties(muster))


def test_gexf_escapes_hostile_labels(make_dataset, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = make_dataset(
        'id,label,group\na,"<script>alert(1)</script> & ""Co""",x\nb,ctl\x01char,y\n',
        'source,target,type\na,b,"A&B <i>"\n',
    )
    net = coopnet.load(folder)
    g = nx.read_gexf(write_gexf(net.actors, net.ties, net.meta, tmp_path / "h.gexf"))
    assert g.nodes["a"]["label"] == '<script>alert(1)</script> & "Co"'
    assert g.nodes["b"]["label"] in ("ctl\ufffdchar", "ctlchar")  # XML 1.0 cannot hold \x01
    assert next(iter(g.edges(data=True)))[2]["tie_type"] == "A&B <i>"


def test_graphml_read_by_networkx(muster: coopnet.CooperationNetwork, tmp_path: Path) -> None:
    g = nx.read_graphml(muster.write(tmp_path / "m.graphml"))
    assert g.number_of_nodes() == 72 and g.number_of_edges() == 1320
    types = {d["type"] for *_, d in g.edges(data=True)}
    assert types == set(muster.tie_types)


# ----------------------------------------------------------------------------------- Pajek
def test_pajek_read_by_networkx_and_igraph(
    muster: coopnet.CooperationNetwork, tmp_path: Path
) -> None:
    with pytest.warns(DataWarning, match="Pajek .net has no place for label, group"):
        path = muster.write(tmp_path / "m.net")
    g = nx.read_pajek(path)
    assert set(g) == set(muster.actors["id"])  # vertices labelled by id, isolates kept
    edges = sorted((u, v, d["weight"], d["l"]) for u, v, d in g.edges(data=True))
    expected = sorted((r.source, r.target, r.weight, r.type) for r in muster.ties.itertuples())
    assert edges == expected
    h = ig.Graph.Read_Pajek(str(path))
    assert h.is_directed() and h.vcount() == 72 and h.ecount() == 1320
    assert sorted(h.es["weight"]) == sorted(muster.ties["weight"])


def test_pajek_quotes_ids_with_spaces_and_quotes(make_dataset, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = make_dataset('id\n"Amt ""A"""\nB C\n', 'source,target\n"Amt ""A""",B C\n')
    net = coopnet.load(folder, undirected_ties=True)  # mutual ties: the *Edges section
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataWarning)
        g = nx.read_pajek(net.write(tmp_path / "q.net"))
    assert set(g) == {'Amt "A"', "B C"}
    assert g.number_of_edges() == 1 and not g.is_directed()


# ----------------------------------------------------------------------------------- UCINET DL
def test_dl_single_relation_read_by_igraph(tmp_path: Path) -> None:
    from coopnet.config import DatasetMeta

    actors = pd.DataFrame({"id": ["a", "b", "c", "iso"], "label": ["A", "B", "C", "I"]})
    ties = pd.DataFrame({"source": ["a", "b"], "target": ["b", "c"], "weight": [2.0, 0.5]})
    with pytest.warns(DataWarning, match="UCINET DL has no place for label"):
        path = write_dl(actors, ties, DatasetMeta(directed=True), tmp_path / "n.dl")
    h = ig.Graph.Read_DL(str(path), directed=True)
    assert h.vcount() == 4  # the isolate is in the row labels
    assert sorted((h.vs[e.source]["name"], h.vs[e.target]["name"], e["weight"]) for e in h.es) == [
        ("a", "b", 2.0),
        ("b", "c", 0.5),
    ]


def test_dl_one_matrix_per_type_and_period(small_dataset: Path, tmp_path: Path) -> None:
    net = coopnet.load(small_dataset)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataWarning)
        text = net.write(tmp_path / "k.dl").read_text(encoding="utf-8")
    # relations in order of first appearance: info 2014, projekt 2014, info 2016, projekt 2016
    assert text.startswith("dl n = 6 nm = 4\nformat = edgelist1\nlabels:\nA\nB\nC\nD\nE\nX\n")
    assert (
        'matrix labels:\n"info 2014"\n"projekt 2014"\n"info 2016"\n"projekt 2016"\n'
        "labels embedded:\ndata:\n"
    ) in text
    blocks = text.split("data:\n", 1)[1].split("!\n")
    assert blocks == ["A B 2.0\nB A 1.0\n", "B C 1.0\n", "A B 3.0\nD C 1.0\nA E 1.0\n",
                      "A C 1.0\nC A 2.0\n"]  # fmt: skip


# ----------------------------------------------------------------------------------- JSON
def test_node_link_json_read_by_networkx(
    muster: coopnet.CooperationNetwork, tmp_path: Path
) -> None:
    data = json.loads(muster.write(tmp_path / "m.json").read_text(encoding="utf-8"))
    g = nx.node_link_graph(data, edges="edges")
    assert g.is_directed() and g.is_multigraph() and g.graph["periods"] == ["2014", "2016", "2022"]
    assert g.nodes["KI"]["label"] == "Kommunales Integrationszentrum"
    edges = sorted((u, v, d["weight"], d["type"], d["period"]) for u, v, d in g.edges(data=True))
    expected = sorted(
        (r.source, r.target, r.weight, r.type, r.period) for r in muster.ties.itertuples()
    )
    assert edges == expected


# ----------------------------------------------------------------------------------- analysis
def test_analyze_writes_a_styled_laid_out_gexf(tmp_path: Path) -> None:
    from coopnet.layout import union_layout
    from coopnet.palette import group_colors

    out = tmp_path / "a"
    assert main(["analyze", str(MUSTERSTADT), "--period", "2016", "--out", str(out),
                 "--permutations", "9", "-q"]) == 0  # fmt: skip
    g = nx.read_gexf(out / "network.gexf")
    study = coopnet.study(MUSTERSTADT, n_permutations=9)
    actors = study.analysis("2016").actors
    assert (
        set(g) == set(actors.index) and g.number_of_edges() == study.graph("2016").number_of_edges()
    )
    positions = union_layout(study.graphs(), seed=0)
    colours = group_colors(
        {d["group"] for gr in study.graphs().values() for _, d in gr.nodes(data=True)}
    )
    top = actors["betweenness"].max()
    for actor, data in g.nodes(data=True):
        for measure in ("betweenness", "eigenvector", "constraint", "broker_total"):
            assert data[measure] == pytest.approx(actors.at[actor, measure], rel=1e-12)
        assert data["degree"] == actors.at[actor, "degree"]
        viz = data["viz"]
        r, gr, b = (int(colours[data["group"]][i : i + 2], 16) for i in (1, 3, 5))
        assert (viz["color"]["r"], viz["color"]["g"], viz["color"]["b"]) == (r, gr, b)
        x, y = positions[actor]
        assert viz["position"]["x"] == pytest.approx(x * GEXF_SCALE)
        assert viz["position"]["y"] == pytest.approx(y * GEXF_SCALE)
        expected = 10 + 40 * (actors.at[actor, "betweenness"] / top) ** 0.5
        assert viz["size"] == pytest.approx(expected)
    tie = g.edges["KI", "SOZ"] if g.has_edge("KI", "SOZ") else next(iter(g.edges.values()))
    assert tie["tie_types"] and tie["periods"] == "2016"


def test_network_gexf_of_a_tiny_graph_by_hand() -> None:
    g = nx.Graph()
    g.add_node("a", label="A", group="x")
    g.add_node("b", label="B", group="y")
    g.add_node("iso", label="Iso", group="x")
    g.add_edge("a", "b", weight=2.5, types=("t1", "t2"), periods=("1", "2"), n_rows=3)
    measures = pd.DataFrame(
        {"label": ["A", "B", "Iso"], "degree": [1, 1, 0]}, index=["a", "b", "iso"]
    )
    text = network_gexf(
        g, measures=measures, colors={"x": "#000000", "y": "#FFFFFF"}, group="group"
    )
    back = nx.read_gexf(io.BytesIO(text.encode("utf-8")))
    assert back.nodes["iso"]["degree"] == 0 and back.edges["a", "b"]["n_rows"] == 3
    assert '<attvalue for="tie_types" value="t1;t2"/>' in text
    assert 'weight="2.5"' in text and '<viz:color r="255" g="255" b="255" a="1.0"/>' in text
    assert '<attribute id="degree" title="degree" type="integer"/>' in text
    assert text.count("<node ") == 3 and text.count("<edge ") == 1


# ----------------------------------------------------------------------------------- property
_ids = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
               min_size=1, max_size=6).map(str.strip).filter(bool)  # fmt: skip


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    ids=st.lists(_ids, min_size=2, max_size=6, unique_by=str.casefold),
    data=st.data(),
)
def test_gexf_round_trip_property(tmp_path: Path, ids: list[str], data: st.DataObject) -> None:
    """Any actor ids and labels, weights, types and periods survive GEXF → coopnet.load."""
    pairs = [(a, b) for a in ids for b in ids if a != b]
    chosen = data.draw(st.lists(st.sampled_from(pairs), min_size=1, max_size=8, unique=True))
    weights = data.draw(st.lists(st.integers(1, 9), min_size=len(chosen), max_size=len(chosen)))
    types = data.draw(st.lists(st.sampled_from(["Koordination", "Info & <Rat>"]),
                               min_size=len(chosen), max_size=len(chosen)))  # fmt: skip
    actors = pd.DataFrame({"id": ids, "label": [f"Akteur {i}" for i in ids]})
    ties = pd.DataFrame({"source": [a for a, _ in chosen], "target": [b for _, b in chosen],
                         "weight": [float(w) for w in weights], "type": types,
                         "period": ["2016"] * len(chosen)})  # fmt: skip
    from coopnet.config import DatasetMeta
    from coopnet.io import write_csv_folder

    meta = DatasetMeta(name="p", directed=True)
    # the readers normalise ids (NFC, …): GEXF must give exactly what the CSV folder gives
    via_csv = coopnet.load(write_csv_folder(actors, ties, meta, tmp_path / "csv"))
    back = coopnet.load(write_gexf(actors, ties, meta, tmp_path / "p.gexf"))
    assert sorted(back.actors["id"]) == sorted(via_csv.actors["id"])
    assert len(back.actors) == len(ids)

    def rows(net: coopnet.CooperationNetwork) -> list[tuple[object, ...]]:
        t = net.ties
        return sorted(zip(t["source"], t["target"], t["weight"], t["type"], strict=True))

    assert rows(back) == rows(via_csv)
    assert sorted(back.ties["weight"]) == sorted(float(w) for w in weights)
    assert sorted(back.ties["type"]) == sorted(types)


@given(st.text())
def test_gexf_attribute_quoting_is_quoteattr(text: str) -> None:
    from xml.sax.saxutils import quoteattr

    from coopnet.export._common import xml
    from coopnet.export._gexf import _quote

    assert _quote(text) == quoteattr(xml(text))  # the fast path gives the same text
