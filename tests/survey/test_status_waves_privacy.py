"""Who answered (status), the next wave (template --from) and pseudonymisation."""

from __future__ import annotations

import shutil
import warnings
from dataclasses import replace
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import coopnet
from coopnet.errors import DataWarning, InputError
from coopnet.survey import (
    TemplateResult,
    import_responses,
    person_like,
    plan_survey,
    pseudonymise_actors,
    pseudonymise_network,
    survey_status,
    wave_roster,
    write_templates,
)

from ..conftest import MUSTERSTADT
from .fill import answer_sheet, fill

T1 = "#tie:1"


@pytest.fixture
def wave(templates: TemplateResult, tmp_path: Path) -> Path:
    """Returns of JA and SA (JA names a new partner), AWO blank; OB, CAR and INI did not answer."""
    returns = tmp_path / "returns"
    returns.mkdir()
    fill(
        templates.workbooks["JA"],
        {"SA": {T1: "monatlich"}, "OB": {T1: "x"}},
        [("Frau Müller (Lotsin)", "Ehrenamt", {T1: "wöchentlich"})],
        out=returns / "ja.xlsx",
    )
    fill(templates.workbooks["SA"], {"JA": {T1: "täglich"}}, out=returns / "sa.xlsx")
    shutil.copy(templates.workbooks["AWO"], returns / "awo.xlsx")
    return returns


def test_status_in_german(wave: Path) -> None:
    status = survey_status(wave)
    assert (status.n, status.answered, status.unobserved_dyads) == (6, 2, 6)
    groups = status.groups.set_index("group")
    assert groups.loc["Verwaltung", "answered"] == 2 and groups.loc["Verbände", "answered"] == 0
    assert groups.loc["Verbände", "unobserved_dyads"] == 1
    assert groups.loc["", "asked"] == 1  # the initiative without group
    text = status.format()
    assert text.startswith(
        "Befragung „Musterstadt“ 2024: 2 von 6 Befragten haben geantwortet (33\u202f%)."
    )
    assert "Noch keine Antwort (4):" in text and "AWO Kreisverband (AWO) – Verbände" in text
    assert "Ohne Gruppe" in text
    assert "Nicht beobachtete Paare (beide ohne Antwort): 6 von 15 (40,0\u202f%)" in text
    assert "Neu genannte Partner: 1" in text
    english = status.format("en")
    assert english.startswith("Survey “Musterstadt” 2024: 2 of 6 respondents answered (33\u202f%).")


def test_status_reports_problems_without_failing(wave: Path, templates: TemplateResult) -> None:
    fill(templates.workbooks["CAR"], {"JA": {T1: "oft"}}, out=wave / "car.xlsx")
    status = survey_status(wave)
    assert status.answered == 3
    assert [p.code for p in status.problems if p.severity == "error"] == ["unknown_answer"]
    assert "car.xlsx[Partner]" in status.format()


def test_status_of_a_folder_without_questionnaires(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no questionnaire found"):
        survey_status(tmp_path)


def test_next_wave_keeps_ids_and_asks_confirmed_new_actors(
    wave: Path, templates: TemplateResult, tmp_path: Path
) -> None:
    first = import_responses(wave, tmp_path / "w2024", actors=templates.actors)
    assert first.new_actors is not None
    # not yet confirmed: the next wave leaves the partner out and says so
    plan = plan_survey(from_dataset=first.folder, period="2026")
    assert "new_1" not in set(plan.actors["id"])
    assert any("unconfirmed" in str(n) for n in plan.notes)
    # confirmed: asked in the next wave, with the id the analyst gave
    text = first.new_actors.read_text(encoding="utf-8")
    first.new_actors.write_text(
        text.replace("Frau Müller (Lotsin),,", "Frau Müller (Lotsin),LOTSIN,"), encoding="utf-8"
    )
    import_responses(wave, tmp_path / "w2024", actors=templates.actors, replace_files=True)
    plan = plan_survey(from_dataset=tmp_path / "w2024", period="2026")
    assert plan.actors["id"].tolist() == ["JA", "SA", "CAR", "AWO", "OB", "INI", "LOTSIN"]
    assert "responded" not in plan.actors.columns and "origin" not in plan.actors.columns
    design = plan.design
    assert design.period == "2026" and design.tie_types == ("Informationsaustausch", "Koordination")
    assert design.quality == ("trust",) and design.name == "Musterstadt"
    result = write_templates(plan.actors, design, tmp_path / "b2026")
    book = openpyxl.load_workbook(result.workbooks["JA"])
    sheet = answer_sheet(book)
    assert "LOTSIN" in [c.value for c in sheet["A"]]
    # previous answers are not shown: every answer cell of the new wave is empty
    assert all(c.value is None for row in sheet.iter_rows(min_row=7, min_col=4) for c in row)


def test_next_wave_with_an_actor_list_checks_ids(
    wave: Path, templates: TemplateResult, tmp_path: Path
) -> None:
    first = import_responses(wave, tmp_path / "w2024", actors=templates.actors)
    listed = tmp_path / "neu.csv"
    listed.write_text(
        "id,label,group\nJUGA,Jugendamt,Verwaltung\nKI,Kommunales Integrationszentrum,Verwaltung\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="the earlier wave calls 'Jugendamt' 'JA'"):
        wave_roster(first.folder, actors=listed)
    listed.write_text(
        "id,label,group\nJA,Jugendamt (neu),Verwaltung\nKI,Kommunales Integrationszentrum,Verwaltung\n",
        encoding="utf-8",
    )
    roster = wave_roster(first.folder, actors=listed).roster
    assert roster["id"].tolist() == ["JA", "SA", "CAR", "AWO", "OB", "INI", "KI"]
    assert roster.set_index("id").loc["JA", "label"] == "Jugendamt (neu)"


def test_wave_from_a_dataset_not_made_by_the_survey() -> None:
    plan = plan_survey(from_dataset=MUSTERSTADT, period="2024")
    assert plan.design.tie_types == ("Gemeinsames Projekt", "Informationsaustausch", "Koordination")
    # the four actors of Musterstadt that existed only up to 2016 are not asked again
    assert len(plan.actors) == 68 and "CAFE" not in set(plan.actors["id"])
    assert any("not present in the last period 2022" in str(n) for n in plan.notes)
    assert any("fehlen, werden nicht befragt" in n.render("de") for n in plan.notes)
    assert any("--scale" in str(n) for n in plan.notes)


def test_person_like_and_pseudonymise(
    wave: Path, templates: TemplateResult, tmp_path: Path
) -> None:
    result = import_responses(wave, tmp_path / "data", actors=templates.actors, pseudonymise=True)
    actors = pd.read_csv(tmp_path / "data" / "actors.csv", dtype=str, keep_default_na=False)
    labels = dict(zip(actors["id"], actors["label"], strict=True))
    assert labels["OB"] == "OB"  # person = ja in the actor list
    assert labels["new_1"] == "new_1"  # typed by a respondent, not confirmed
    assert labels["JA"] == "Jugendamt"
    text = (tmp_path / "data" / "actors.csv").read_text(encoding="utf-8")
    assert "Musterfrau" not in text and "Müller" not in text
    assert result.data.actors.set_index("id").loc["OB", "label"] == "OB"
    net = coopnet.load(tmp_path / "data")
    assert net.graph("2024").nodes["new_1"]["label"] == "new_1"


def test_pseudonymise_network_returns_a_copy() -> None:
    net = coopnet.load(MUSTERSTADT)
    actors = net.actors.copy()
    actors["person"] = ["ja" if i == "OB" else "" for i in actors["id"]]
    flagged = replace(net, actors=actors)
    hidden = pseudonymise_network(flagged)
    assert hidden.graph("2016").nodes["OB"]["label"] == "OB"
    assert flagged.graph("2016").nodes["OB"]["label"] == "Oberbürgermeisterin"
    assert person_like(actors).sum() == 1


def test_pseudonymise_warns_when_the_id_is_the_name() -> None:
    actors = pd.DataFrame(
        {"id": ["mueller", "A"], "label": ["Müller", "Amt"], "person": ["ja", "nein"]}
    )
    with pytest.warns(DataWarning, match="mueller"):
        out = pseudonymise_actors(actors)
    assert out["label"].tolist() == ["mueller", "Amt"]
    assert actors["label"].tolist() == ["Müller", "Amt"]  # the argument is not changed
    quiet = pd.DataFrame(
        {"id": ["P1"], "label": ["Müller"], "origin": ["unconfirmed"], "person": ["false"]}
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert pseudonymise_actors(quiet)["label"].tolist() == ["Müller"]
