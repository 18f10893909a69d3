"""Fixtures of the survey tests: a small actor list and its questionnaires."""

from __future__ import annotations

from pathlib import Path

import pytest

from coopnet.survey import SurveyDesign, TemplateResult, read_actor_list, write_templates

# Six actors: two offices, two associations, the mayor (a person), an initiative without group.
ACTORS_CSV = (
    "Kürzel;Bezeichnung;Gruppe;sector;person\n"
    "JA;Jugendamt;Verwaltung;Verwaltung;\n"
    "SA;Sozialamt;Verwaltung;Verwaltung;\n"
    "CAR;Caritas;Verbände;Zivilgesellschaft;\n"
    "AWO;AWO Kreisverband;Verbände;Zivilgesellschaft;\n"
    "OB;Oberbürgermeisterin Musterfrau;Politik;Politik;ja\n"
    "INI;Initiative Willkommen;;Zivilgesellschaft;\n"
)

DESIGN = SurveyDesign(
    tie_types=("Informationsaustausch", "Koordination"),
    quality=("trust",),
    name="Musterstadt",
    period="2024",
)


@pytest.fixture
def actor_list(tmp_path: Path) -> Path:
    path = tmp_path / "akteure.csv"
    path.write_text(ACTORS_CSV, encoding="utf-8")
    return path


@pytest.fixture
def templates(tmp_path: Path, actor_list: Path) -> TemplateResult:
    return write_templates(read_actor_list(actor_list), DESIGN, tmp_path / "befragung")
