"""Every input shape analysts bring (tests/shapes/make_shapes.py) is read as what it is, and said so."""

from __future__ import annotations

from pathlib import Path

import igraph as ig
import networkx as nx
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import coopnet
from coopnet.cli import main

from .conftest import ROOT
from .shapes.make_shapes import SHAPES, Shape, write_shapes


@pytest.fixture(scope="module")
def shapes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Shape]]:
    return write_shapes(tmp_path_factory.mktemp("shapes"))


def arcs(net: coopnet.CooperationNetwork) -> set[tuple[str, str]]:
    return {(str(s), str(t)) for s, t in zip(net.ties["source"], net.ties["target"], strict=True)}


def by_arc(net: coopnet.CooperationNetwork, column: str) -> dict[tuple[str, str], object]:
    rows = net.ties[["source", "target", column]].itertuples(index=False, name=None)
    return {(str(s), str(t)): value for s, t, value in rows}


@pytest.mark.parametrize("name", list(SHAPES))
def test_shape_is_read_as_it_is(name: str, shapes: dict[str, tuple[Path, Shape]]) -> None:
    path, want = shapes[name]
    report = coopnet.validate(path)
    assert report.info is not None and report.info.shape == want.shape
    errors = {p.code for p in report.errors}
    if want.errors:
        assert set(want.errors) <= errors, report.format()
    else:
        assert not errors, report.format()
    assert set(want.warnings) <= {p.code for p in report.warnings}, report.format()
    if want.actors is not None:
        assert report.counts["actors"] == want.actors, report.format()
    if want.ties is not None:
        assert report.counts["ties"] == want.ties, report.format()
    assert report.info.directed is want.directed
    read = "\n".join(report.mapping("en"))
    for text in want.read:
        assert text in read, read
    if not want.errors:
        assert coopnet.study(path).options.group == want.group
    # the same lines in German, no catalogue entry missing
    assert len(report.mapping("de")) == len(report.mapping("en"))
    assert all(p.key is not None for p in report.problems)


def test_every_shape_has_a_section_in_the_data_format_docs() -> None:
    docs = (ROOT / "docs" / "data-format.md").read_text(encoding="utf-8")
    for heading in (
        "### Nominations",
        "### A roster matrix with an actor table",
        "### Value codes",
        "### Excel as people make it",
        "### UTF-16",
        "### Kumu",
        "### Polinode",
        "### UCINET DL",
        "### Pajek",
        "### An edge list without an actor table",
        "### No grouping column",
    ):
        assert heading in docs, heading


# -------------------------------------------------------------------------- 1 nominations
def test_nominations_keep_their_reciprocity(shapes: dict[str, tuple[Path, Shape]]) -> None:
    path, _ = shapes["nominations_no_toml"]
    net = coopnet.load(path)
    assert net.directed and arcs(net) == {("A", "B"), ("B", "A"), ("C", "A"), ("D", "C")}
    # A↔B returned: reciprocity 2 of 4 arcs; symmetrised A–B, A–C, C–D
    assert net.summary()["by_period"][0]["reciprocity"] == pytest.approx(0.5)
    assert net.graph().number_of_edges() == 3
    study = coopnet.study(path)
    assert "no dataset.toml says otherwise" in study.options.reasons["data"]
    assert not study.options.directed  # the analysis stays symmetrised by default
    assert coopnet.study(path, directed=True).graph().is_directed()
    mutual = coopnet.study(path, undirected_ties=True)
    assert not mutual.net.directed and "--undirected-ties" in mutual.options.reasons["data"]


def test_directed_analysis_works_on_a_folder_without_metadata(
    shapes: dict[str, tuple[Path, Shape]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, _ = shapes["nominations_no_toml"]
    out = tmp_path / "out"
    code = main(["analyze", str(path), "--out", str(out), "--directed", "--group", "group", "-q"])
    assert code == 0, capsys.readouterr().err
    assert (out / "actors.csv").exists()
    code = main(["validate", str(path), "--undirected-ties", "--lang", "en"])
    assert code == 0 and "asked for with --undirected-ties" in capsys.readouterr().out


def test_directed_on_mutual_ties_names_the_reason_not_python(
    shapes: dict[str, tuple[Path, Shape]], capsys: pytest.CaptureFixture[str]
) -> None:
    path, _ = shapes["mutual_ties_toml"]
    assert main(["info", str(path), "--directed", "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert "dataset.toml: directed = false" in err and "--directed" in err
    assert "directed=False" not in err


# -------------------------------------------------------------------------- 2 rosters
@pytest.mark.parametrize("name", ["roster_folder", "roster_workbook"])
def test_roster_matrix_with_actor_table_carries_groups(
    name: str, shapes: dict[str, tuple[Path, Shape]]
) -> None:
    path, _ = shapes[name]
    net = coopnet.load(path)
    assert arcs(net) == {("A", "B"), ("B", "A"), ("C", "A"), ("D", "C")}
    assert dict(zip(net.actors["id"], net.actors["group"], strict=True))["C"] == "Zivil"
    # respondents = the matrix's rows; E is only a column
    responded = dict(zip(net.actors["id"], net.actors["responded"], strict=True))
    assert responded == {"A": True, "B": True, "C": True, "D": True, "E": False}
    weights = {(s, t): w for s, t, w in net.ties[["source", "target", "weight"]].itertuples(False)}
    assert weights[("C", "A")] == 3.0
    assert coopnet.study(path).group_measures_note("de") is None


# -------------------------------------------------------------------------- 3 codes
def test_codes_map_words_to_weights_and_zero_to_no_tie(
    shapes: dict[str, tuple[Path, Shape]],
) -> None:
    path, _ = shapes["coded_weights"]
    net = coopnet.load(path)
    weights = {(s, t): w for s, t, w in net.ties[["source", "target", "weight"]].itertuples(False)}
    assert weights == {("A", "B"): 3.0, ("B", "A"): 4.0, ("C", "A"): 3.0, ("C", "D"): 2.0}
    assert any("coded 0 in [codes.weight]" in n for n in net.report.notes)  # D→C "nie"


def test_words_without_codes_are_one_error_per_word_naming_the_users_column(
    shapes: dict[str, tuple[Path, Shape]],
) -> None:
    path, _ = shapes["uncoded_words"]
    report = coopnet.validate(path)
    bad = [p for p in report.errors if p.code == "bad_weight"]
    assert [p.value for p in bad] == ["wöchentlich", "täglich", "nie", "monatlich"]
    assert {p.column for p in bad} == {"Häufigkeit"}
    repeated = bad[0]
    assert (repeated.row, repeated.message.split(":")[0]) == (2, "2 rows")
    assert "map it in [codes.weight]" in repeated.message and "rows 2, 4" in repeated.message
    hint = next(n for n in report.notes if "[codes.weight]" in n)
    assert '"wöchentlich" = 3' in hint and '"nie" = 0' in hint
    from coopnet.messages import format_problem

    german = format_problem(repeated, "de")
    assert german.startswith("Fehler: ties.csv, Zeile 2, Spalte „Häufigkeit“, Wert „wöchentlich“")
    assert "2 Zeilen: „wöchentlich“ ist keine Zahl" in german


def test_sosci_coding_is_warned_and_read_right_with_codes(
    shapes: dict[str, tuple[Path, Shape]],
) -> None:
    path, _ = shapes["sosci_uncoded"]
    report = coopnet.validate(path)
    warning = next(p for p in report.warnings if p.code == "matrix_coding")
    # 20 of 20 off-diagonal cells non-zero, codes 1 and 2 only
    assert warning.key == "problems.matrix_coding.dense_two"
    assert '[codes.tie] "1" = 0 and "2" = 1' in warning.message
    coded = coopnet.load(shapes["sosci_coded"][0])
    assert arcs(coded) == {("A", "B"), ("B", "A"), ("C", "A"), ("D", "C"), ("E", "D")}
    assert not coded.report.warnings


def test_a_sparse_matrix_with_two_codes_gets_the_two_codes_warning(tmp_path: Path) -> None:
    (tmp_path / "m.csv").write_text(";A;B;C;D\nA;;1;;\nB;2;;;\nC;;;;1\nD;1;;;\n", "utf-8")
    report = coopnet.validate(tmp_path / "m.csv")
    assert [p.key for p in report.warnings] == ["problems.matrix_coding.two_codes"]


# -------------------------------------------------------------------------- 4 Excel
def test_german_workbook_columns_and_respondents(shapes: dict[str, tuple[Path, Shape]]) -> None:
    path, _ = shapes["excel_german"]
    net = coopnet.load(path)
    assert list(net.actors.columns[:5]) == ["id", "label", "sector", "responded", "Bemerkung"]
    assert not dict(zip(net.actors["id"], net.actors["responded"], strict=True))["C"]
    # the non-respondent rules are on: C did not answer yet names A
    assert [p.value for p in net.report.warnings if p.code == "non_respondent_source"] == ["C"]
    assert [p.column for p in net.report.warnings] == ["von (befragte Stelle)"]
    assert net.ties["weight"].tolist() == [3.0, 2.0, 1.0, 1.0]
    assert net.report.info is not None
    assert net.report.info.header_rows == [
        ("kooperation.xlsx[Akteure]", 3, "Befragung Zusammenarbeit 2024"),
        ("kooperation.xlsx[Kooperationen]", 2, "Nennungen – Stand 3.5.2024"),
    ]
    # a problem names the row as Excel shows it (the title rows counted)
    assert [p.row for p in net.report.warnings] == [6]


def test_unread_sheets_are_said_and_actor_sheet_found_by_content(
    shapes: dict[str, tuple[Path, Shape]],
) -> None:
    path, _ = shapes["excel_sheet_by_content"]
    report = coopnet.validate(path)
    assert report.info is not None
    assert report.info.ignored == [("netz.xlsx[Notizen]", "unknown_name")]
    net = coopnet.load(path)
    assert net.actors["group"].tolist() == ["G1", "G1", "G2"]


def test_workbook_without_actor_sheet_warns_about_unread_sheets(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "Beziehungen"
    for row in (["von", "an"], ["A", "B"]):
        book.active.append(row)
    other = book.create_sheet("Stellen (Liste)")
    for row in (["Nummer", "Anschrift"], ["1", "Markt 1"]):
        other.append(row)
    book.save(tmp_path / "x.xlsx")
    report = coopnet.validate(tmp_path / "x.xlsx")
    unread = [p for p in report.warnings if p.code == "unread_sheet"]
    assert unread and "Stellen (Liste)" in unread[0].message


def test_utf16_unicode_text_keeps_umlauts(shapes: dict[str, tuple[Path, Shape]]) -> None:
    net = coopnet.load(shapes["utf16_text"][0])
    assert arcs(net) == {("Amt Süd", "Büro Nord"), ("Büro Nord", "Amt Süd")}
    assert net.ties["weight"].tolist() == [2.0, 1.0]


def test_title_row_in_a_csv_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "t.csv").write_text("Export vom 3.5.2024;;\n;;\nvon;an;Gewicht\nA;B;1\n", "utf-8")
    net = coopnet.load(tmp_path / "t.csv")
    assert arcs(net) == {("A", "B")}
    assert net.report.info is not None
    assert net.report.info.header_rows == [("t.csv", 3, "Export vom 3.5.2024")]


# -------------------------------------------------------------------------- 5 tools
def test_kumu_labels_pipes_and_mutual_connections(shapes: dict[str, tuple[Path, Shape]]) -> None:
    net = coopnet.load(shapes["kumu"][0])
    rows = set(net.ties[["source", "target", "type", "weight"]].itertuples(index=False, name=None))
    assert rows == {
        ("Amt A", "Amt B", "Information", 2.0),
        ("Amt A", "Verein C", "Information", 2.0),  # "Amt B|Verein C": one tie to each
        ("Verein C", "Amt A", "Projekt", 1.0),
        ("Amt A", "Verein C", "Projekt", 1.0),  # mutual: both directions
    }
    assert net.actors["Type"].tolist() == ["Verwaltung", "Verwaltung", "Zivilgesellschaft"]


def test_polinode_names_are_ids(shapes: dict[str, tuple[Path, Shape]]) -> None:
    net = coopnet.load(shapes["polinode"][0])
    assert set(net.actors["id"]) == {"Amt A", "Amt B", "Verein C"}
    assert arcs(net) == {("Amt A", "Verein C"), ("Verein C", "Amt A"), ("Amt B", "Amt A")}


DL_ARCS = {
    ("amt_a", "amt_b"),
    ("amt_b", "amt_a"),
    ("amt_b", "verein_c"),
    ("verein_c", "verein_d"),
    ("verein_d", "amt_a"),
}


@pytest.mark.parametrize(
    "name", ["ucinet_fullmatrix", "ucinet_embedded", "ucinet_edgelist", "ucinet_nodelist"]
)
def test_ucinet_dl_formats_agree_with_igraph(
    name: str, shapes: dict[str, tuple[Path, Shape]]
) -> None:
    path, _ = shapes[name]
    net = coopnet.load(path)
    assert arcs(net) == DL_ARCS
    if name != "ucinet_edgelist":  # igraph reads no "labels:" list together with embedded ones
        g = ig.Graph.Read_DL(str(path), directed=True)
        names = g.vs["name"] if "name" in g.vs.attributes() else [str(v.index + 1) for v in g.vs]
        theirs = {(names[e.source], names[e.target]) for e in g.es}
        assert {(a.strip().casefold(), b.strip().casefold()) for a, b in theirs} == DL_ARCS
    if name == "ucinet_edgelist":
        weights = by_arc(net, "weight")
        assert weights[("amt_a", "amt_b")] == 2.0 and weights[("verein_c", "verein_d")] == 3.0


PAJEK = {
    "pajek_arcs": {("Amt A", "Amt B"), ("Amt B", "Amt A"), ("Amt B", "Verein C"),
                   ("Verein C", "Verein D"), ("Verein D", "Amt A")},
    "pajek_edges": {("Amt A", "Amt B"), ("Amt B", "Verein C"), ("Verein C", "Verein D")},
    "pajek_lists": {("Amt A", "Amt B"), ("Amt A", "Verein C"), ("Amt B", "Amt A"),
                    ("Verein D", "Amt A"), ("Verein D", "Verein C")},
}  # fmt: skip


@pytest.mark.parametrize("name", list(PAJEK))
def test_pajek_agrees_with_networkx_and_igraph(
    name: str, shapes: dict[str, tuple[Path, Shape]]
) -> None:
    path, _ = shapes[name]
    net = coopnet.load(path)
    assert arcs(net) == PAJEK[name]
    if name != "pajek_lists":  # networkx reads "a b c" of *Arcslist as a tie a→b of weight c
        theirs = nx.read_pajek(path)
        assert {(str(u), str(v)) for u, v, _ in theirs.edges(keys=True)} == PAJEK[name]
    g = ig.Graph.Read_Pajek(str(path))
    assert {(g.vs[e.source]["name"], g.vs[e.target]["name"]) for e in g.es} == PAJEK[name]
    if name == "pajek_arcs":
        types = by_arc(net, "type")
        assert types[("Verein C", "Verein D")] == "Projekt"


def test_pajek_as_a_writer_with_crlf_and_types_writes_it(tmp_path: Path) -> None:
    # the layout coopnet's Pajek writer (and Pajek itself) uses: CRLF, *Network, l "type"
    text = (
        '*Network "Netz"\r\n*Vertices 3\r\n1 "A"\r\n2 "B"\r\n3 "C"\r\n*Arcs\r\n'
        '1 2 2.0 l "Koordination"\r\n2 3 1.0\r\n'
    )
    (tmp_path / "n.net").write_bytes(text.encode("utf-8"))
    net = coopnet.load(tmp_path / "n.net")
    assert arcs(net) == {("A", "B"), ("B", "C")} and net.directed
    assert net.ties["type"].tolist() == ["Koordination", None]


def test_dl_keywords_on_one_line(tmp_path: Path) -> None:
    text = "DL n=4 format=nodelist1\nlabels:\namt_a amt_b verein_c verein_d\ndata:\n1 2\n2 1 3\n3 4\n4 1\n"
    (tmp_path / "one.dl").write_text(text, encoding="utf-8")
    assert arcs(coopnet.load(tmp_path / "one.dl")) == DL_ARCS


def test_dl_several_relations_become_tie_types(tmp_path: Path) -> None:
    text = (
        "dl n = 3 nm = 2\nformat = edgelist1\nlabels:\na\nb\nc\nmatrix labels:\n"
        '"Koordination 2016"\nInfo\nlabels embedded:\ndata:\na b 2.0\n!\nb c 1.0\n'
    )
    (tmp_path / "n.dl").write_text(text, encoding="utf-8")
    net = coopnet.load(tmp_path / "n.dl")
    assert net.ties[["source", "target", "type"]].values.tolist() == [
        ["a", "b", "Koordination 2016"],
        ["b", "c", "Info"],
    ]


@pytest.mark.parametrize(
    ("name", "text", "variant"),
    [
        ("two.dl", "dl nr=2 nc=3\nformat = fullmatrix\ndata:\n1 0 1\n0 1 1\n", "two_mode"),
        ("fmt.dl", "dl n=2\nformat = lowerhalf\ndata:\n1\n", "format"),
        ("none.dl", "hello\n", "no_dl"),
        ("short.dl", "dl n=3\ndata:\n0 1 0\n1 0\n", "short"),
        ("range.net", "*Vertices 2\n*Arcs\n1 3\n", "vertex_range"),
        ("twomode.net", "*Vertices 5 2\n", "two_mode"),
        ("novert.net", "*Arcs\n1 2\n", "no_vertices"),
    ],
)
def test_bad_dl_and_pajek_files_are_clear_errors(
    name: str, text: str, variant: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / name).write_text(text, encoding="utf-8")
    report = coopnet.validate(tmp_path / name)
    assert [p.key.rsplit(".", 1)[-1] for p in report.errors if p.key] == [variant]
    assert main(["validate", str(tmp_path / name)]) == 1
    assert "Traceback" not in capsys.readouterr().err


def test_unknown_dl_actor_is_an_error_with_its_line(tmp_path: Path) -> None:
    text = "dl n=2 format=edgelist1\nlabels:\na b\nlabels embedded\ndata:\na b\nb zz\n"
    (tmp_path / "x.dl").write_text(text, encoding="utf-8")
    report = coopnet.validate(tmp_path / "x.dl")
    assert [(p.code, p.row, p.value) for p in report.errors] == [("unknown_actor", 7, "zz")]


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.sets(
        st.tuples(st.integers(0, 5), st.integers(0, 5)).filter(lambda p: p[0] != p[1]),
        min_size=1,
    )
)
def test_pajek_written_by_networkx_reads_back(tmp_path: Path, pairs: set[tuple[int, int]]) -> None:
    g = nx.DiGraph()
    g.add_nodes_from(f"n{i}" for i in range(6))
    g.add_edges_from((f"n{a}", f"n{b}") for a, b in pairs)
    path = tmp_path / "g.net"
    nx.write_pajek(g, path)
    net = coopnet.load(path)
    assert arcs(net) == {(f"n{a}", f"n{b}") for a, b in pairs}
    assert len(net.actors) == 6


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.lists(st.integers(0, 3), min_size=4, max_size=4), min_size=4, max_size=4))
def test_dl_full_matrix_round_trip(tmp_path: Path, matrix: list[list[int]]) -> None:
    labels = ["p", "q", "r", "s"]
    body = "\n".join(" ".join(str(v) for v in row) for row in matrix)
    (tmp_path / "m.dl").write_text(
        f"dl n=4 format=fullmatrix\nlabels:\n{','.join(labels)}\ndata:\n{body}\n", "utf-8"
    )
    net = coopnet.load(tmp_path / "m.dl")
    want = {
        (labels[i], labels[j]): float(matrix[i][j])
        for i in range(4)
        for j in range(4)
        if matrix[i][j] and i != j
    }
    got = by_arc(net, "weight")
    assert got == want


# -------------------------------------------------------------------------- single edge list, no groups
def test_single_edge_list_csv_is_not_a_matrix(shapes: dict[str, tuple[Path, Shape]]) -> None:
    net = coopnet.load(shapes["edge_list_csv"][0])
    assert arcs(net) == {("A", "B"), ("B", "C"), ("C", "A")}
    assert net.ties["weight"].tolist() == [2.0, 1.5, 1.0]


def test_no_grouping_column_is_said_not_invented(shapes: dict[str, tuple[Path, Shape]]) -> None:
    study = coopnet.study(shapes["no_groups_matrix"][0])
    assert study.options.group is None
    assert study.group_measures_note("de") is not None
    assert "Gruppe" in (study.group_measures_note("de") or "")
    assert "group" in (study.group_measures_note("en") or "")
    assert all("group" not in d for _, d in study.graph().nodes(data=True))


def _no_group_periods(tmp_path: Path) -> Path:
    folder = tmp_path / "np"
    folder.mkdir()
    # 2020: A–B, B–C, D alone; 2022: A–B, C–A, C–D (symmetrised, nominations read as given)
    (folder / "ties.csv").write_text(
        "source,target,period\nA,B,2020\nB,C,2020\nC,A,2022\nC,D,2022\nA,B,2022\n", "utf-8"
    )
    (folder / "actors.csv").write_text("id\nA\nB\nC\nD\n", "utf-8")
    return folder


def test_analyze_without_groups_gives_every_actor_and_network_measure(
    shapes: dict[str, tuple[Path, Shape]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, _ = shapes["no_groups_matrix"]
    out = tmp_path / "a"
    assert main(["analyze", str(path), "--out", str(out), "--lang", "en"]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("Note: The data have no grouping column")
    actors = pd.read_csv(out / "actors.csv")
    assert {"betweenness", "degree", "constraint"} <= set(actors.columns)
    analysis = coopnet.study(path).analysis()
    assert analysis.group is None and analysis.groups.empty
    assert analysis.network["density"] == pytest.approx(4 / 6)  # symmetrised A–B, B–C, C–D, B–D


def test_compare_and_diagnose_without_groups_run_the_rules_that_need_none(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from coopnet.compare import compare_periods
    from coopnet.diagnose import diagnose

    study = coopnet.study(_no_group_periods(tmp_path), n_permutations=99)
    comparison = compare_periods(study, "2020", "2022")
    # kept A–B; added A–C, C–D; removed B–C
    assert (comparison.churn.kept, comparison.churn.added, comparison.churn.removed) == (1, 2, 1)
    assert comparison.group is None and comparison.mixing.empty and comparison.change is None
    found = diagnose(study)
    assert found.group is None
    assert {f.code for f in found.findings} <= {
        "cut_vertex",
        "key_player_dependence",
        "isolated_actor",
        "peripheral_actor",
        "broker_disappeared",
    }
    assert any(f.code == "cut_vertex" for f in found.findings)
    assert main(["diagnose", str(study.net.source), "--lang", "de"]) == 0
    assert "Hinweis: Die Daten haben keine Gruppenspalte" in capsys.readouterr().out
    assert main(["compare", str(study.net.source), "--out", str(tmp_path / "c")]) == 0


def test_language_from_the_flag_the_metadata_or_german(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "l"
    folder.mkdir()
    (folder / "ties.csv").write_text("source,target,weight\nA,B,oft\n", "utf-8")
    assert main(["validate", str(folder)]) == 1
    out, err = capsys.readouterr()
    assert "Fehler: ties.csv, Zeile 2, Spalte „weight“, Wert „oft“" in out
    assert err.startswith("Fehler: 1 Problem(e)")
    (folder / "dataset.toml").write_text('[analysis]\nlang = "en"\n', "utf-8")
    assert main(["validate", str(folder)]) == 1
    assert "error: ties.csv, row 2, column 'weight', value 'oft'" in capsys.readouterr().out
    assert main(["info", str(folder)]) == 1  # the error of a failed load, in the same language
    assert "row 2, column 'weight', value 'oft'" in capsys.readouterr().err
    assert main(["validate", str(folder), "--lang", "de"]) == 1
    assert "Wert „oft“" in capsys.readouterr().out


@pytest.mark.parametrize("name", list(SHAPES))
def test_every_problem_has_its_german_text(
    name: str, shapes: dict[str, tuple[Path, Shape]]
) -> None:
    from coopnet.lang import catalogue
    from coopnet.messages import render

    report = coopnet.validate(shapes[name][0])
    for p in report.problems:
        assert p.key in catalogue("de"), p
        german = render(p, "de")
        assert german != p.message or not any(c.isalpha() for c in german), p


def test_report_without_groups_says_so_instead_of_the_group_sections(tmp_path: Path) -> None:
    from coopnet.report import build_report

    study = coopnet.study(_no_group_periods(tmp_path), n_permutations=99)
    out = build_report(study, tmp_path / "report")
    page = (out / "index.html").read_text(encoding="utf-8")
    assert page.count('class="note no-groups"') == 1
    assert "Die Daten haben keine Gruppenspalte" in page
    assert (
        not list((out / "figures").glob("mixing_*"))
        and not (out / "figures" / "ei_over_periods.png").exists()
    )
    assert list((out / "figures").glob("network_*"))  # every other figure is there
    assert "Was als was gelesen wurde" in page  # the validation part says what was read


@pytest.mark.parametrize("target", ["folder", "x.xlsx", "x.graphml"])
def test_converted_shapes_read_back_the_same(
    shapes: dict[str, tuple[Path, Shape]], tmp_path: Path, target: str
) -> None:
    for name in ("sosci_coded", "coded_weights", "excel_german", "kumu", "ucinet_edgelist"):
        net = coopnet.load(shapes[name][0])
        again = coopnet.load(net.write(tmp_path / name / target))  # codes applied once only
        assert again.report.ok, again.report.format()
        assert by_arc(again, "weight") == by_arc(net, "weight"), name
        assert again.directed == net.directed


def test_report_without_groups_leaves_the_group_measures_out(tmp_path: Path) -> None:
    from coopnet.report import build_report

    study = coopnet.study(_no_group_periods(tmp_path), n_permutations=99)
    out = tmp_path / "r"
    build_report(study, out)
    page = (out / "index.html").read_text(encoding="utf-8")
    start = page.index('<section id="key-figures"')
    figures = page[start : page.index("</section>", start)]
    assert "E-I" not in figures and "Modularität" not in figures  # not a row of "–"
    assert "Dichte" in figures and "Fragmentierung" in figures
    assert "keine Gruppenspalte" in page  # said once, above the summary
