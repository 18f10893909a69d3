"""``coopnet survey template|import|status`` in-process: exit codes, messages, files."""

from __future__ import annotations

from pathlib import Path

import pytest

from coopnet.cli import main

from .fill import fill


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_survey_loop_on_the_command_line(
    capsys: pytest.CaptureFixture[str], actor_list: Path, tmp_path: Path
) -> None:
    out_dir = tmp_path / "befragung"
    code, out, err = run(
        capsys,
        "survey",
        "template",
        str(actor_list),
        "--out",
        str(out_dir),
        "--period",
        "2024",
        "--tie-types",
        "Info",
        "Projekt",
        "--quality",
        "trust",
        "value",
        "--scale",
        "ja-nein",
    )
    assert code == 0, err
    assert "6 Fragebogen/-bögen nach" in out and "Fragebogen_alle.xlsx" in out
    assert "später importieren mit: coopnet survey import" in out
    returns = tmp_path / "returns"
    returns.mkdir()
    fill(
        out_dir / "Fragebogen_JA_Jugendamt.xlsx",
        {"SA": {"#tie:1": "ja", "#quality:value": "3"}},
        [("Tafel", "", {"#tie:2": "x"})],
        out=returns / "ja.xlsx",
    )
    code, out, err = run(capsys, "survey", "status", str(returns))
    assert code == 0, err
    assert "1 von 6 Befragten haben geantwortet" in out
    code, out, err = run(
        capsys,
        "survey",
        "import",
        str(returns),
        "--out",
        str(tmp_path / "data"),
        "--actors",
        str(out_dir / "actors.csv"),
    )
    assert code == 0, err
    assert "geschrieben" in out and "2 Beziehungen" in out and "new_actors.csv" in out
    assert "„x“ gelesen als „ja“" in out  # warnings are shown, in German by default
    assert "Warnung: ja.xlsx[Partner], Zeile 18, Spalte „E“" in out and "Zelle E18" in out
    code, out, err = run(capsys, "survey", "import", str(returns), "--out", str(tmp_path / "data"),
                         "--actors", str(out_dir / "actors.csv"), "--replace", "--lang", "en")  # fmt: skip
    assert code == 0, err
    assert "wrote" in out and "2 ties" in out and "'x' read as 'ja'" in out and "cell E18" in out
    code, out, err = run(capsys, "validate", str(tmp_path / "data"), "--lang", "en")
    assert code == 0 and "valid: 7 actors, 2 ties" in out
    assert 'scale = "yes-no"' in (tmp_path / "data" / "dataset.toml").read_text(encoding="utf-8")
    # a second wave from the first: same questions, asked in English
    code, out, err = run(
        capsys,
        "survey",
        "template",
        "--from",
        str(tmp_path / "data"),
        "--period",
        "2026",
        "--out",
        str(tmp_path / "b2026"),
        "--lang",
        "en",
    )
    assert code == 0, err
    assert "unconfirmed" in err  # the note about the partner not yet confirmed
    assert (tmp_path / "b2026" / "questionnaire_all.xlsx").exists()


def test_survey_usage_errors(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "survey")
    assert code == 2 and "template" in out and "import" in out and "status" in out
    code, _, err = run(capsys, "survey", "template", "--out", str(tmp_path / "x"))
    assert code == 1 and "geben Sie eine Akteursliste" in err
    code, _, err = run(
        capsys, "survey", "template", str(tmp_path / "nope.csv"), "--out", str(tmp_path)
    )
    assert code == 1 and "gibt es nicht" in err
    code, _, err = run(capsys, "survey", "status", str(tmp_path))
    assert code == 1 and "kein Fragebogen gefunden" in err
    code, _, err = run(capsys, "survey", "status", str(tmp_path), "--lang", "en")
    assert code == 1 and "no questionnaire found" in err


@pytest.mark.parametrize("step", ["template", "import", "status"])
def test_every_step_has_help_with_an_example(capsys: pytest.CaptureFixture[str], step: str) -> None:
    code, out, _ = run(capsys, "survey", step, "--help")
    assert code == 0
    assert f"Beispiel: coopnet survey {step}" in out
    code, out, _ = run(capsys, "survey", step, "--help", "--lang", "en")
    assert code == 0
    assert f"example: coopnet survey {step}" in out
