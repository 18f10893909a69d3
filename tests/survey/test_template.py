"""The questionnaires: layout, protection, dropdowns, languages, edge cases, safety."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from coopnet.errors import InputError
from coopnet.survey import (
    SCALES,
    SurveyDesign,
    TemplateResult,
    parse_scale,
    read_actor_list,
    write_templates,
)

from .conftest import DESIGN
from .fill import answer_sheet


def _rows(sheet: openpyxl.worksheet.worksheet.Worksheet) -> list[list[object]]:
    return [[c.value for c in row] for row in sheet.iter_rows()]


def test_one_workbook_per_respondent_plus_combined(templates: TemplateResult) -> None:
    assert sorted(templates.workbooks) == ["AWO", "CAR", "INI", "JA", "OB", "SA"]
    assert templates.combined is not None and templates.combined.name == "Fragebogen_alle.xlsx"
    combined = openpyxl.load_workbook(templates.combined)
    assert combined.sheetnames == ["Anleitung", "JA", "SA", "CAR", "AWO", "OB", "INI", "coopnet"]
    for actor in templates.workbooks:
        sheet = combined[actor]
        assert sheet.defined_names["coopnet_respondent"].attr_text == f'"{actor}"'
        assert f"#respondent:{actor}" in [c.value for c in sheet["A"]]


def test_layout_of_a_questionnaire(templates: TemplateResult) -> None:
    book = openpyxl.load_workbook(templates.workbooks["JA"])
    assert book.sheetnames == ["Anleitung", "Partner", "coopnet"]
    assert book["coopnet"].sheet_state == "hidden"
    assert book.defined_names["coopnet_respondent"].attr_text == '"JA"'
    assert book.security is not None and book.security.lockStructure
    sheet = book["Partner"]
    rows = _rows(sheet)
    assert rows[0][0] == "#coopnet-survey:1" and rows[1][0] == "#respondent:JA"
    assert rows[4] == ["#id", "#group", "#label", "#tie:1", "#tie:2", "#quality:trust"]
    assert rows[5][1:5] == ["Gruppe", "Partner", "Informationsaustausch", "Koordination"]
    assert rows[5][5].startswith("Vertrauen (1 = gar nicht")
    # every other actor, grouped by group (natural order, no group last), sorted by label
    body = [(r[0], r[1], r[2]) for r in rows[6:] if r[0] and not str(r[0]).startswith("#new")]
    assert body == [
        ("#heading", "Politik", None),
        ("OB", "Politik", "Oberbürgermeisterin Musterfrau"),
        ("#heading", "Verbände", None),
        ("AWO", "Verbände", "AWO Kreisverband"),
        ("CAR", "Verbände", "Caritas"),
        ("#heading", "Verwaltung", None),
        ("SA", "Verwaltung", "Sozialamt"),
        ("#heading", "Ohne Gruppe", None),
        ("INI", None, "Initiative Willkommen"),
        (
            "#heading",
            "Weitere Partner, die nicht in der Liste stehen: bitte Name und Gruppe eintragen",
            None,
        ),
    ]
    assert [r[0] for r in rows if str(r[0]).startswith("#new")] == [
        f"#new:{n}" for n in range(1, 6)
    ]
    assert sheet.column_dimensions["A"].hidden and sheet.row_dimensions[5].hidden
    # protected without password; only answer cells (and name/group of new rows) are unlocked
    assert sheet.protection.sheet and not sheet.protection.password
    sa = next(c.row for c in sheet["A"] if c.value == "SA")
    new = next(c.row for c in sheet["A"] if c.value == "#new:1")
    assert [sheet.cell(row=sa, column=j).protection.locked for j in range(1, 7)] == [True] * 3 + [
        False
    ] * 3
    assert [sheet.cell(row=new, column=j).protection.locked for j in range(1, 7)] == [True] + [
        False
    ] * 5
    heading = next(c.row for c in sheet["A"] if c.value == "#heading")
    assert sheet.cell(row=heading, column=4).protection.locked
    lists = {dv.formula1: str(dv.sqref) for dv in sheet.data_validations.dataValidation}
    assert lists['"nie,seltener,monatlich,wöchentlich,täglich"'].startswith("D8:E")
    assert lists['"1,2,3,4"'].startswith("F8:F")
    assert '"Politik,Verbände,Verwaltung"' in lists  # group dropdown of the new-partner rows


def test_no_macros_and_no_other_respondents_answers(templates: TemplateResult) -> None:
    with zipfile.ZipFile(templates.workbooks["JA"]) as z:
        names = z.namelist()
    assert not any("vba" in n.casefold() for n in names)
    for path in [*templates.workbooks.values(), templates.combined]:
        book = openpyxl.load_workbook(path)
        for sheet in book.worksheets:
            if sheet.title == "coopnet":
                continue
            for row in sheet.iter_rows(min_row=7, min_col=4):
                assert all(c.value is None for c in row), path


def test_labels_are_text_never_formulas(tmp_path: Path) -> None:
    actors = pd.DataFrame(
        {"id": ["A", "B"], "label": ['=HYPERLINK("http://x","klick")', "+49 Amt"]}
    )
    result = write_templates(actors, SurveyDesign(), tmp_path / "out")
    for path in [*result.workbooks.values(), result.combined]:
        with zipfile.ZipFile(path) as z:
            for name in z.namelist():
                if name.startswith("xl/worksheets/"):
                    assert "<f>" not in z.read(name).decode("utf-8"), (path, name)
    sheet = answer_sheet(openpyxl.load_workbook(result.workbooks["B"]))
    assert '=HYPERLINK("http://x","klick")' in [c.value for c in sheet["C"]]


def test_english_questionnaire(tmp_path: Path, actor_list: Path) -> None:
    design = SurveyDesign(
        tie_types=("Cooperation",), scale=SCALES["frequency"]["en"], lang="en", period="2024"
    )
    result = write_templates(read_actor_list(actor_list), design, tmp_path / "en")
    assert result.workbooks["JA"].name == "questionnaire_JA_Jugendamt.xlsx"
    book = openpyxl.load_workbook(result.workbooks["JA"])
    assert book.sheetnames == ["Instructions", "Partners", "coopnet"]
    text = "\n".join(str(c.value) for c in book["Instructions"]["A"] if c.value)
    assert "How to fill in the questionnaire" in text and "never (0)" in text
    assert "Zusammenarbeit" not in text
    sheet = book["Partners"]
    assert [sheet.cell(row=6, column=j).value for j in (2, 3, 4)] == [
        "Group",
        "Partner",
        "Cooperation",
    ]
    assert "No group" in [c.value for c in sheet["B"]]
    (dv,) = sheet.data_validations.dataValidation[:1]
    assert dv.formula1 == '"never,less often,monthly,weekly,daily"'


def test_german_instructions(templates: TemplateResult) -> None:
    book = openpyxl.load_workbook(templates.workbooks["OB"])
    text = "\n".join(str(c.value) for c in book["Anleitung"]["A"] if c.value)
    assert "Dieser Fragebogen ist für: Oberbürgermeisterin Musterfrau" in text
    assert "im Jahr 2024 zusammenarbeitet" in text
    assert "nie (0), seltener (1), monatlich (2), wöchentlich (3), täglich (4)" in text
    assert "Vertrauen:" in text and "Datenschutz" in text


def test_one_actor(tmp_path: Path) -> None:
    result = write_templates(
        pd.DataFrame({"id": ["A"], "label": ["Amt"]}), DESIGN, tmp_path / "one"
    )
    assert result.notes and "no partners" in str(result.notes[0])
    assert "keine Partner" in result.notes[0].render("de")
    sheet = answer_sheet(openpyxl.load_workbook(result.workbooks["A"]))
    markers = [c.value for c in sheet["A"] if c.value]
    assert [m for m in markers if not str(m).startswith("#")] == []  # no roster row
    assert markers.count("#heading") == 1  # only the further-partner heading


def test_labels_twice_in_a_group_get_a_note(tmp_path: Path) -> None:
    actors = pd.DataFrame({"id": ["A", "B"], "label": ["Amt", "amt "], "group": ["G", "G"]})
    result = write_templates(actors, DESIGN, tmp_path / "twice")
    assert any("appears twice in one group" in str(n) for n in result.notes)
    assert any("steht zweimal in einer Gruppe" in n.render("de") for n in result.notes)


def test_actors_without_group_and_a_group_of_one(tmp_path: Path) -> None:
    no_groups = pd.DataFrame({"id": ["A", "B", "C"], "label": ["C-Amt", "A-Amt", "B-Amt"]})
    result = write_templates(no_groups, DESIGN, tmp_path / "flat")
    sheet = answer_sheet(openpyxl.load_workbook(result.workbooks["C"]))
    rows = [c.value for c in sheet["A"]]
    assert "#heading" in rows and rows.count("#heading") == 1  # no group headings at all
    assert [r for r in rows if r in ("A", "B")] == ["B", "A"]  # sorted by label
    # the only member of "Politik" sees no (empty) heading for its own group
    grouped = pd.DataFrame(
        {"id": ["A", "B", "P"], "label": ["A", "B", "P"], "group": ["Amt", "Amt", "Politik"]}
    )
    result = write_templates(grouped, DESIGN, tmp_path / "grouped")
    sheet = answer_sheet(openpyxl.load_workbook(result.workbooks["P"]))
    assert "Politik" not in [c.value for c in sheet["B"]]


def test_existing_files_are_never_replaced(templates: TemplateResult, actor_list: Path) -> None:
    stamp = templates.workbooks["JA"].stat().st_mtime_ns
    with pytest.raises(InputError, match="exists already"):
        write_templates(read_actor_list(actor_list), DESIGN, templates.folder)
    assert templates.workbooks["JA"].stat().st_mtime_ns == stamp


def test_actor_list_problems_are_reported_like_validate(tmp_path: Path) -> None:
    bad = tmp_path / "akteure.csv"
    bad.write_text(
        "id,label,person\nA,Amt,\nA,Anderes Amt,\n#x,Marker,\nB,Bürger,vielleicht\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        read_actor_list(bad)
    messages = [str(p) for p in info.value.errors]
    assert any("akteure.csv, row 3, column 'id', value 'A'" in m for m in messages)
    assert any("row 4, column 'id', value '#x'" in m and "reserved" in m for m in messages)
    assert any("row 5, column 'person', value 'vielleicht'" in m for m in messages)


def test_actor_list_from_excel(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Akteure"
    for row in (
        ["Kürzel", "Bezeichnung", "Gruppe"],
        ["007", "Amt 7", "Verwaltung"],
        [8, "Amt 8", None],
    ):
        sheet.append(row)
    book.save(tmp_path / "akteure.xlsx")
    actors = read_actor_list(tmp_path / "akteure.xlsx")
    assert actors["id"].tolist() == ["007", "8"]
    assert actors["group"].tolist() == ["Verwaltung", None]


def test_design_checks() -> None:
    with pytest.raises(InputError, match="tie type given twice"):
        SurveyDesign(tie_types=("A", "a"))
    with pytest.raises(InputError, match="unknown quality question"):
        SurveyDesign(quality=("liking",))
    with pytest.raises(InputError, match="comma"):
        parse_scale("nie")
    assert parse_scale("Häufigkeit").labels[0] == "nie"
    assert parse_scale("yes-no", lang="en").labels == ("no", "yes")
