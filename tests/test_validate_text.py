"""Text hygiene in validation: control and bidi characters, Unicode forms, column names, TOML."""

from __future__ import annotations

import pytest

import coopnet
from coopnet.validation._text import clean_text

from .conftest import MakeDataset


def found(report: coopnet.ValidationReport, code: str) -> list[coopnet.Problem]:
    return [p for p in report.problems if p.code == code]


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Amt\x00 Süd", "Amt Süd"),
        ("Zeile 1\x0bZeile 2", "Zeile 1 Zeile 2"),  # Word's line break in a cell
        ("\x1b[31mrot\x1b[0m", "[31mrot[0m"),
        ("abc\u202edcba", "abcdcba"),
        ("\u2066isoliert\u2069", "isoliert"),
        ("C1\x85Steuer\x9b", "C1 Steuer"),
        ("Tab\tund\nZeile", "Tab\tund\nZeile"),
    ],
)
def test_clean_text(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


def test_control_characters_in_labels_groups_periods_are_removed_with_a_warning(
    make_dataset: MakeDataset,
) -> None:
    actors = "id,label,group\nA,Amt\x00A,G\x1b1\nB,Amt\x0bB,G\u202e1\nC,Amt C,G1\n"
    ties = "source,target,period\nA,B,2016\u202e\nB,C,2016\n"
    net = coopnet.load(make_dataset(actors, ties))
    assert net.actors["label"].tolist() == ["AmtA", "Amt B", "Amt C"]
    assert net.actors["group"].tolist() == ["G1", "G1", "G1"]
    assert net.periods == ("2016",)
    warnings = found(net.report, "control_characters")
    label = next(p for p in warnings if p.column == "label")
    assert (label.file, label.row, label.severity) == ("actors.csv", 2, "warning")
    assert "2 value(s)" in label.message and "rows 2, 3" in label.message
    assert {p.column for p in warnings} == {"label", "group", "period"}


def test_control_characters_in_an_id_are_an_error(make_dataset: MakeDataset) -> None:
    report = coopnet.validate(make_dataset("id\nA\u202e\nB\n", "source,target\nA\u202e,B\n"))
    errors = [p for p in found(report, "control_characters") if p.severity == "error"]
    assert [(p.file, p.row, p.column) for p in errors] == [
        ("actors.csv", 2, "id"),
        ("ties.csv", 2, "source"),
    ]


def test_nfd_and_nfc_spellings_are_one_actor(make_dataset: MakeDataset) -> None:
    nfc, nfd = "\u00c4lpha", "A\u0308lpha"
    net = coopnet.load(
        make_dataset(f"id,label\n{nfc},{nfd}\nB,Beta\n", f"source,target\n{nfd},B\n")
    )
    assert net.actors["id"].tolist() == [nfc, "B"]
    assert net.actors["label"].tolist()[0] == nfc
    assert set(net.ties[["source", "target"]].iloc[0]) == {nfc, "B"}
    [warning] = [p for p in found(net.report, "unicode_normalised") if p.file == "ties.csv"]
    assert (warning.row, warning.column) == (2, "source")
    duplicate = coopnet.validate(
        make_dataset(f"id\n{nfc}\n{nfd}\n", f"source,target\n{nfc},{nfd}\n")
    )
    assert found(duplicate, "duplicate_row")  # the two spellings are one id


def test_strict_makes_cleaning_an_error(make_dataset: MakeDataset) -> None:
    folder = make_dataset("id,label\nA,Amt\x00A\nB,B\n", "source,target\nA,B\n")
    assert coopnet.validate(folder).ok
    assert not coopnet.validate(folder, strict=True).ok


@pytest.mark.parametrize(
    ("actors", "ties", "file", "column"),
    [
        ("id\nA\nB\n", "source,source\nA,B\n", "ties.csv", "source"),
        ("id,label,label\nA,a,b\nB,c,d\n", "source,target\nA,B\n", "actors.csv", "label"),
        ("id,Bezeichnung,label\nA,a,b\nB,c,d\n", "source,target\nA,B\n", "actors.csv", None),
    ],
)
def test_duplicate_columns_are_an_error_not_a_traceback(
    make_dataset: MakeDataset, actors: str, ties: str, file: str, column: str | None
) -> None:
    report = coopnet.validate(make_dataset(actors, ties))
    if column is None:  # "Bezeichnung" is not read as "label" when "label" exists
        assert report.ok
        return
    [problem] = found(report, "duplicate_column")
    assert (problem.file, problem.row, problem.column) == (file, 1, column)


def test_two_renames_onto_one_column(make_dataset: MakeDataset) -> None:
    toml = '[columns.ties]\n"von" = "source"\n"aus" = "source"\n"nach" = "target"\n'
    report = coopnet.validate(make_dataset("id\nA\nB\n", "von,aus,nach\nA,A,B\n", toml))
    [problem] = found(report, "duplicate_column")
    assert (problem.file, problem.column, problem.value) == ("dataset.toml", "aus", "source")
    assert "renames" in problem.message


@pytest.mark.parametrize("name", ["_weight", "_column", "_distance"])
def test_reserved_column_names(make_dataset: MakeDataset, name: str) -> None:
    report = coopnet.validate(make_dataset("id\nA\nB\n", f"source,target,{name}\nA,B,3\n"))
    [problem] = found(report, "reserved_column")
    assert (problem.file, problem.column) == ("ties.csv", name)


def test_deeply_nested_toml(make_dataset: MakeDataset) -> None:
    folder = make_dataset("id\nA\nB\n", "source,target\nA,B\n", "x = " + "[" * 100_000)
    report = coopnet.validate(folder)
    assert not report.ok
    assert "nested too deeply" in report.errors[0].message
    assert report.errors[0].file.endswith("dataset.toml")


def test_meta_name_is_cleaned(make_dataset: MakeDataset) -> None:
    folder = make_dataset("id\nA\nB\n", "source,target\nA,B\n", 'name = "Stadt\\u202eA"\n')
    net = coopnet.load(folder)
    assert net.name == "StadtA"
    assert found(net.report, "control_characters")[0].file == "dataset.toml"
