"""Validation: every rule produces a problem naming file, row, column and value."""

from __future__ import annotations

from pathlib import Path

import pytest

import coopnet
from coopnet.errors import InputError
from coopnet.validation import natural_key, parse_bool, parse_number

from .conftest import DATA, MakeDataset

ACTORS = "id,label,group\nA,Amt A,G1\nB,Amt B,G1\nC,Verein C,G2\n"


def codes(report: coopnet.ValidationReport, severity: str | None = None) -> list[str]:
    return [p.code for p in report.problems if severity is None or p.severity == severity]


def only(report: coopnet.ValidationReport, code: str) -> coopnet.Problem:
    found = [p for p in report.problems if p.code == code]
    assert len(found) == 1, report.format()
    return found[0]


def test_valid_dataset_has_no_errors(small_dataset: Path) -> None:
    report = coopnet.validate(small_dataset)
    assert report.ok, report.format()
    assert report.counts["actors"] == 6
    assert report.counts["ties"] == 8
    assert report.counts["isolates"] == 1
    assert only(report, "isolate").value == "X"


@pytest.mark.parametrize(
    ("ties", "code", "row", "column", "value"),
    [
        ("source,target\nA,Q\n", "unknown_actor", 2, "target", "Q"),
        ("source,target\n,B\n", "empty_actor", 2, "source", ""),
        ("source,target,weight\nA,B,\n", "empty_weight", 2, "weight", ""),
        ("source,target,weight\nA,B,viel\n", "bad_weight", 2, "weight", "viel"),
        ("source,target,weight\nA,B,0\n", "bad_weight", 2, "weight", "0"),
        ("source,target,weight\nA,B,-2\n", "bad_weight", 2, "weight", "-2"),
        ("source,target,weight\nA,B,inf\n", "bad_weight", 2, "weight", "inf"),
        ('source,target,weight\nA,B,"1.000,5"\n', "bad_weight", 2, "weight", "1.000,5"),
        ("source,target,period\nA,B,2014\nB,C,\n", "empty_period", 3, "period", ""),
        ("target,weight\nA,1\n", "missing_column", 1, "source", None),
    ],
)
def test_tie_errors_name_row_column_value(
    make_dataset: MakeDataset, ties: str, code: str, row: int, column: str, value: str | None
) -> None:
    report = coopnet.validate(make_dataset(ACTORS, ties))
    assert not report.ok
    problem = only(report, code)
    assert (problem.file, problem.row, problem.column, problem.value) == (
        "ties.csv",
        row,
        column,
        value,
    )
    assert problem.severity == "error"


def test_all_problems_reported_at_once(make_dataset: MakeDataset) -> None:
    ties = "source,target,weight\nA,Q,1\nA,B,x\nC,Z,0\nB,B,1\n"
    report = coopnet.validate(make_dataset(ACTORS, ties))
    assert sorted(codes(report, "error")) == [
        "bad_weight",
        "bad_weight",
        "unknown_actor",
        "unknown_actor",
    ]
    assert "self_tie" in codes(report, "warning")


def test_unknown_actor_suggests_closest_id(make_dataset: MakeDataset) -> None:
    actors = "id\nSOZ\nJUG-ASD\n"
    report = coopnet.validate(make_dataset(actors, "source,target\nsoz,JUG-AS\n"))
    messages = {p.value: p.message for p in report.errors}
    assert "did you mean 'SOZ'" in messages["soz"]
    assert "did you mean 'JUG-ASD'" in messages["JUG-AS"]


def test_duplicate_actor_ids(make_dataset: MakeDataset) -> None:
    actors = "id,label\nA,Amt A\nB,Amt B\nA,Anderes Amt\nB,Amt B\n"
    report = coopnet.validate(make_dataset(actors, "source,target\nA,B\n"))
    dup = only(report, "duplicate_actor")
    assert (dup.row, dup.value, dup.severity) == (4, "A", "error")
    assert "row 2" in dup.message
    merged = only(report, "duplicate_row")
    assert (merged.row, merged.severity) == (5, "warning")


def test_missing_id_column_and_empty_files(make_dataset: MakeDataset) -> None:
    report = coopnet.validate(make_dataset("bemerkung\nA\n", "source,target\nA,B\n"))
    assert only(report, "missing_column").column == "id"
    # no id column but names (Kumu's Label, Polinode's Name): the names are the ids, reported
    report = coopnet.validate(make_dataset("name\nA\nB\n", "source,target\nA,B\n"))
    assert report.ok and report.info is not None
    assert ("actors.csv", "name", "id", "id_from_label") in report.info.columns
    report = coopnet.validate(make_dataset("", "source,target\nA,B\n"))
    assert only(report, "empty_file").file == "actors.csv"
    report = coopnet.validate(make_dataset("id\n", "source,target\n"))
    assert "no_actors" in codes(report, "error")
    assert "no_ties" in codes(report, "warning")
    report = coopnet.validate(make_dataset(ACTORS, ""))
    assert only(report, "empty_file").file == "ties.csv"


def test_duplicate_ties_merged_and_counted(make_dataset: MakeDataset) -> None:
    ties = "source,target,weight\nA,B,1\nA,B,1\nB,A,3\nA,B,2\n"
    # nominations by default: B,A is a nomination of its own, A,B repeats A,B
    assert coopnet.load(make_dataset(ACTORS, ties)).report.counts["duplicate_ties_merged"] == 2
    folder = make_dataset(ACTORS, ties, "directed = false\n")  # mutual ties: B,A repeats A,B
    net = coopnet.load(folder)
    assert net.report.counts["duplicate_ties_merged"] == 3
    assert len(net.ties) == 1
    assert net.ties.loc[0, "weight"] == 3.0  # the larger weight is kept
    assert [p.row for p in net.report.warnings if p.code == "duplicate_tie"] == [3, 4, 5]


def test_duplicates_policy_error(make_dataset: MakeDataset) -> None:
    folder = make_dataset(ACTORS, "source,target\nA,B\nA,B\n", 'duplicates = "error"\n')
    report = coopnet.validate(folder)
    assert only(report, "duplicate_tie").severity == "error"


def test_directed_reverse_tie_is_not_a_duplicate(make_dataset: MakeDataset) -> None:
    folder = make_dataset(ACTORS, "source,target\nA,B\nB,A\n", "directed = true\n")
    net = coopnet.load(folder)
    assert len(net.ties) == 2
    assert net.report.counts["duplicate_ties_merged"] == 0


def test_strict_turns_recoverable_problems_into_errors(make_dataset: MakeDataset) -> None:
    folder = make_dataset(ACTORS, "source,target\nA,A\nA,B\nA,B\n")
    assert coopnet.validate(folder).ok
    strict = coopnet.validate(folder, strict=True)
    assert sorted(codes(strict, "error")) == ["duplicate_tie", "self_tie"]
    with pytest.raises(InputError, match="self"):
        coopnet.load(folder, strict=True)


def test_periods_declared_and_unknown(make_dataset: MakeDataset) -> None:
    toml = 'periods = ["2014", "2016"]\n'
    ties = "source,target,period\nA,B,2014\nB,C,2015\n"
    report = coopnet.validate(make_dataset(ACTORS, ties, toml))
    problem = only(report, "unknown_period")
    assert (problem.row, problem.value) == (3, "2015")


def test_actor_absent_in_period(make_dataset: MakeDataset) -> None:
    actors = "id,periods\nA,\nB,2016\n"
    ties = "source,target,period\nA,B,2014\nA,B,2016\n"
    report = coopnet.validate(make_dataset(actors, ties))
    problem = only(report, "actor_absent")
    assert (problem.row, problem.column, problem.value) == (2, "target", "B")


def test_actor_period_not_in_ties(make_dataset: MakeDataset) -> None:
    actors = "id,periods\nA,\nB,2020\n"
    report = coopnet.validate(make_dataset(actors, "source,target,period\nA,B,2014\n"))
    assert "unknown_period" in codes(report, "error")


def test_bad_responded_and_group_column(make_dataset: MakeDataset) -> None:
    actors = "id,responded\nA,vielleicht\nB,ja\n"
    report = coopnet.validate(make_dataset(actors, "source,target\nA,B\n", 'group = "dept"\n'))
    assert only(report, "bad_responded").value == "vielleicht"
    assert only(report, "unknown_group_column").value == "dept"


def test_non_respondent_nominating_is_warned(make_dataset: MakeDataset) -> None:
    actors = "id,responded\nA,nein\nB,ja\n"
    report = coopnet.validate(make_dataset(actors, "source,target\nA,B\n", "directed = true\n"))
    assert only(report, "non_respondent_source").severity == "warning"


def test_messy_semicolon_file_with_bom_and_german_headers() -> None:
    net = coopnet.load(DATA / "messy_semicolon")
    assert list(net.actors["id"]) == ["007", "SOZ", "KI", "MO1"]
    labels = dict(zip(net.actors["id"], net.actors["label"], strict=True))
    assert labels["007"] == "Ausländerbehörde – Süd & Ost"
    assert labels["MO1"] == 'Verein "Brücke" e.V.'
    assert net.actors["group"].tolist()[0] == "Ordnung & Sicherheit"
    assert net.actors["responded"].tolist() == [True, True, False, True]
    weights = {
        (s, t, p): w
        for s, t, w, p in net.ties[["source", "target", "weight", "period"]].itertuples(index=False)
    }
    assert weights[("007", "SOZ", "2014")] == 2.5
    # nominations (no dataset.toml says otherwise): each direction is a tie row of its own
    assert weights[("SOZ", "KI", "2016")] == 1.0 and weights[("SOZ", "007", "2014")] == 1.0
    assert net.report.counts["actor_rows"] == 5
    assert net.report.counts["duplicate_actor_rows_merged"] == 1
    assert {p.code for p in net.report.warnings} == {
        "duplicate_row",
        "duplicate_tie",
        "self_tie",
        "isolate",
        "non_respondent_source",  # KI did not respond, yet names 007 (a nomination)
    }
    assert net.report.info is not None
    assert ("ties.csv", "Von", "source", "alias") in net.report.info.columns
    assert any("'Von' → source" in line for line in net.report.mapping("en"))
    assert net.periods == ("2014", "2016")


def test_windows_1252_fallback() -> None:
    net = coopnet.load(DATA / "cp1252")
    assert net.actors["label"].tolist() == ["Straßenverkehrsamt", "Bürgeramt"]
    assert {p.code for p in net.report.warnings} == {"encoding_fallback"}


def test_ragged_row(make_dataset: MakeDataset) -> None:
    report = coopnet.validate(make_dataset(ACTORS, "source,target,weight\nA,B,2,5\n"))
    problem = only(report, "ragged_row")
    assert problem.row == 2
    assert "separator" in problem.message


def test_missing_ties_file(tmp_path: Path) -> None:
    report = coopnet.validate(tmp_path)
    assert only(report, "missing_file").file.endswith("ties.csv")
    report = coopnet.validate(tmp_path / "nope")
    assert not report.ok


def test_actors_file_optional(make_dataset: MakeDataset) -> None:
    net = coopnet.load(make_dataset(None, "source,target\nA,B\nB,C\n"))
    assert list(net.actors["id"]) == ["A", "B", "C"]
    assert "no_actors_file" in codes(net.report, "warning")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2", 2.0),
        ("2,5", 2.5),
        (" 2.5 ", 2.5),
        ("1e3", 1000.0),
        (",5", 0.5),
        ("abc", None),
        ("1.000,5", None),
        ("", None),
        ("1 000", 1000.0),
    ],
)
def test_parse_number(text: str, expected: float | None) -> None:
    assert parse_number(text) == expected


def test_parse_bool_and_natural_key() -> None:
    assert [parse_bool(t) for t in ("Ja", "nein", "x", "", "TRUE", "vielleicht")] == [
        True,
        False,
        True,
        False,
        True,
        None,
    ]
    assert sorted(["Welle 10", "Welle 2", "2022", "2016"], key=natural_key) == [
        "2016",
        "2022",
        "Welle 2",
        "Welle 10",
    ]


def test_report_table_and_format(make_dataset: MakeDataset) -> None:
    report = coopnet.validate(make_dataset(ACTORS, "source,target\nA,Q\nA,A\n"))
    frame = report.to_frame()
    assert list(frame.columns) == ["severity", "code", "file", "row", "column", "value", "message"]
    assert frame.loc[frame.code == "unknown_actor", "row"].tolist() == [2]
    text = report.format(max_warnings=0)
    assert "1 error(s)" in text and "more warning(s)" in text
