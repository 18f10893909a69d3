"""Bad returns get a clear message naming the file and the cell, and nothing is written."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest

from coopnet.cli import main
from coopnet.errors import InputError
from coopnet.survey import TemplateResult, collect_responses, import_responses

from .fill import answer_sheet, fill

T1, T2, TRUST = "#tie:1", "#tie:2", "#quality:trust"


def _errors(source: Path, **options: object) -> list[str]:
    with pytest.raises(InputError) as info:
        collect_responses(source, **options)  # type: ignore[arg-type]
    return [str(p) for p in info.value.errors]


def test_unknown_answer_names_file_and_cell(templates: TemplateResult, tmp_path: Path) -> None:
    returns = tmp_path / "r"
    returns.mkdir()
    fill(
        templates.workbooks["JA"],
        {"SA": {T1: "oft", T2: "monatlch"}, "CAR": {TRUST: 7}},
        out=returns / "ja.xlsx",
    )
    errors = _errors(returns)
    assert len(errors) == 3
    sheet = openpyxl.load_workbook(returns / "ja.xlsx")["Partner"]
    row = next(c.row for c in sheet["A"] if c.value == "SA")
    oft = next(e for e in errors if "'oft'" in e)
    assert oft.startswith(
        f"error: ja.xlsx[Partner], row {row}, column 'D', value 'oft': cell D{row}:"
    )
    assert "not an answer for 'Informationsaustausch'" in oft
    assert any(f"cell E{row}:" in e and "did you mean 'monatlich'" in e for e in errors)
    assert any("'7' is not an answer for 'trust'" in e for e in errors)


def test_foreign_workbook(templates: TemplateResult, tmp_path: Path) -> None:
    returns = tmp_path / "r"
    returns.mkdir()
    fill(templates.workbooks["JA"], {"SA": {T1: "nie"}}, out=returns / "ja.xlsx")
    book = openpyxl.Workbook()
    book.active["A1"] = "meine eigene Liste"
    book.save(returns / "liste.xlsx")
    (returns / "kaputt.xlsx").write_bytes(b"not a zip file")
    (returns / "alt.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    (returns / "notizen.txt").write_text("hallo", encoding="utf-8")
    errors = _errors(returns)
    assert any(e.startswith("error: liste.xlsx: not a coopnet questionnaire") for e in errors)
    assert any(e.startswith("error: kaputt.xlsx: cannot open as an Excel workbook") for e in errors)
    assert any(e.startswith("error: alt.xls: a '.xls' file") and "save it" in e for e in errors)
    assert len(errors) == 3  # the .txt file is only a warning


def test_questionnaire_of_another_survey(
    templates: TemplateResult, tmp_path: Path, actor_list: Path
) -> None:
    from coopnet.survey import SurveyDesign, read_actor_list, write_templates

    other = write_templates(
        read_actor_list(actor_list),
        SurveyDesign(name="Musterstadt", period="2022"),
        tmp_path / "alt",
    )
    returns = tmp_path / "r"
    returns.mkdir()
    fill(templates.workbooks["JA"], {"SA": {T1: "nie"}}, out=returns / "ja.xlsx")
    fill(templates.workbooks["SA"], {"JA": {T1: "nie"}}, out=returns / "sa.xlsx")
    fill(other.workbooks["CAR"], {"JA": {T1: "nie"}}, out=returns / "car.xlsx")
    (error,) = _errors(returns)
    assert error.startswith(
        "error: car.xlsx[Partner]: belongs to another survey ('Musterstadt 2022'"
    )
    assert "'Musterstadt 2024'" in error


@pytest.mark.parametrize("identical", [True, False])
def test_a_respondents_file_twice(
    templates: TemplateResult, tmp_path: Path, identical: bool
) -> None:
    returns = tmp_path / "r"
    returns.mkdir()
    fill(templates.workbooks["JA"], {"SA": {T1: "monatlich"}}, out=returns / "ja.xlsx")
    shutil.copy(returns / "ja.xlsx", returns / "ja (1).xlsx")
    if not identical:
        fill(returns / "ja (1).xlsx", {"SA": {T1: "täglich"}})
    (error,) = _errors(returns)
    # sorted file order: "ja (1).xlsx" is read first, "ja.xlsx" is the second
    assert error.startswith("error: ja.xlsx[Partner], row 2, column 'A', value 'JA':")
    if identical:
        assert "same answers as ja (1).xlsx[Partner]" in error
    else:
        sheet = openpyxl.load_workbook(returns / "ja.xlsx")["Partner"]
        row = next(c.row for c in sheet["A"] if c.value == "SA")
        assert f"cell D{row}: 'monatlich' here, 'täglich' there" in error


def test_workbook_of_an_actor_not_in_the_list(templates: TemplateResult, tmp_path: Path) -> None:
    returns = tmp_path / "r"
    returns.mkdir()
    fill(templates.workbooks["INI"], {"SA": {T1: "monatlich"}}, out=returns / "ini.xlsx")
    shorter = tmp_path / "actors.csv"
    lines = templates.actors.read_text(encoding="utf-8").splitlines()
    shorter.write_text(
        "\n".join(line for line in lines if not line.startswith("INI,")) + "\n", encoding="utf-8"
    )
    (error,) = _errors(returns, actors=shorter)
    assert error.startswith("error: ini.xlsx[Partner], row 2, column 'A', value 'INI': cell A2:")
    assert "not on the actor list" in error


def test_tampered_rows(templates: TemplateResult, tmp_path: Path) -> None:
    returns = tmp_path / "r"
    returns.mkdir()
    path = returns / "ja.xlsx"
    fill(
        templates.workbooks["JA"], {"SA": {T1: "monatlich"}}, [("", "", {T1: "täglich"})], out=path
    )
    book = openpyxl.load_workbook(path)
    sheet = answer_sheet(book)
    row = next(c.row for c in sheet["A"] if c.value == "CAR")
    sheet.cell(row=row, column=1).value = "XYZ"  # a row copied from another questionnaire
    book.save(path)
    errors = _errors(returns)
    assert any(f"cell A{row}: the hidden partner id 'XYZ'" in e for e in errors)
    assert any("answers for a further partner without a name" in e for e in errors)


def test_cli_bad_return_exits_1_and_writes_nothing(
    templates: TemplateResult, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    returns = tmp_path / "r"
    returns.mkdir()
    fill(templates.workbooks["JA"], {"SA": {T1: "oft"}}, out=returns / "ja.xlsx")
    code = main(["survey", "import", str(returns), "--out", str(tmp_path / "data")])
    err = capsys.readouterr().err
    assert code == 1
    assert "ja.xlsx[Partner]" in err and "Zelle D" in err and "Traceback" not in err
    assert not (tmp_path / "data").exists()


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            [],
            [
                "Fehler: 2 Problem(e) in ",
                "Fehler: ja.xlsx[Partner], Zeile 13, Spalte „D“, Wert „oft“: Zelle D13: „oft“ ist "
                "keine Antwort auf „Informationsaustausch“; wählen Sie eine von nie, seltener,",
                "Fehler: liste.ods: eine „.ods“-Datei kann nicht als Fragebogen gelesen werden; "
                "öffnen Sie sie und speichern Sie sie als Excel-Arbeitsmappe (.xlsx)",
            ],
        ),
        (
            ["--lang", "en"],
            [
                "Error: 2 problem(s) in ",
                "error: ja.xlsx[Partner], row 13, column 'D', value 'oft': cell D13: 'oft' is not "
                "an answer for 'Informationsaustausch'; choose one of nie, seltener,",
                "error: liste.ods: a '.ods' file cannot be read as a questionnaire; open it and "
                "save it as Excel workbook (.xlsx)",
            ],
        ),
    ],
)
def test_cli_import_problems_name_file_and_cell_in_the_users_language(
    templates: TemplateResult,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    lang: list[str],
    expected: list[str],
) -> None:
    returns = tmp_path / "r"
    returns.mkdir()
    fill(templates.workbooks["JA"], {"SA": {T1: "oft"}}, out=returns / "ja.xlsx")
    (returns / "liste.ods").write_bytes(b"PK")
    code = main(["survey", "import", str(returns), "--out", str(tmp_path / "data"), *lang])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    for line in expected:
        assert line in err
    assert ("keine Antwort" in err) is not bool(lang)


def test_import_never_overwrites_files(templates: TemplateResult, tmp_path: Path) -> None:
    returns = tmp_path / "r"
    returns.mkdir()
    fill(
        templates.workbooks["JA"],
        {"SA": {T1: "monatlich"}},
        [("Neu e.V.", "", {T1: "x"})],
        out=returns / "ja.xlsx",
    )
    data = tmp_path / "data"
    data.mkdir()
    (data / "ties.csv").write_text("mine\n", encoding="utf-8")
    with pytest.raises(InputError, match="--replace"):
        import_responses(returns, data)
    assert (data / "ties.csv").read_text(encoding="utf-8") == "mine\n"
    import_responses(returns, data, replace_files=True)
    # the analyst writes a decision; a second import with --replace reads it, never loses it
    new = data / "new_actors.csv"
    new.write_text(
        new.read_text(encoding="utf-8").replace("Neu e.V.,,", "Neu e.V.,NEU,"), encoding="utf-8"
    )
    again = import_responses(returns, data, replace_files=True)
    assert "NEU" in set(again.data.actors["id"])
    # a decision file elsewhere while OUT/new_actors.csv holds decisions: refused
    other = tmp_path / "other.csv"
    other.write_text("name,id\n", encoding="utf-8")
    with pytest.raises(InputError, match="holds your decisions"):
        import_responses(returns, data, replace_files=True, new_actors=other)


def test_questionnaires_from_different_actor_lists(
    templates: TemplateResult, tmp_path: Path, actor_list: Path
) -> None:
    from coopnet.survey import read_actor_list, write_templates

    from .conftest import DESIGN

    longer = read_actor_list(actor_list)
    longer.loc[len(longer)] = {"id": "KI", "label": "Integrationszentrum", "group": "Verwaltung"}
    late = write_templates(longer, DESIGN, tmp_path / "spaet")
    assert late.key == templates.key  # the same questions …
    returns = tmp_path / "r"
    returns.mkdir()
    fill(templates.workbooks["JA"], {"SA": {T1: "nie"}}, out=returns / "a.xlsx")
    fill(late.workbooks["KI"], {"JA": {T1: "monatlich"}}, out=returns / "b.xlsx")
    (error,) = _errors(returns)  # … asked of different lists
    assert error.startswith("error: b.xlsx[Partner]: made from another actor list than a.xlsx")
    data = collect_responses(returns, actors=late.actors, period="2025")
    assert set(data.ties["period"]) == {"2025"} and data.meta.periods == ("2025",)
    assert data.ties[["source", "target", "weight"]].values.tolist() == [["KI", "JA", 2.0]]
