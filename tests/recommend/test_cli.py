"""``coopnet recommend`` and ``coopnet what-if --add-tie``, run in-process."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from coopnet.cli import main
from coopnet.recommend import RECOMMENDATION_COLUMNS

from ..conftest import MUSTERSTADT, MakeDataset


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_recommend_writes_csv_and_german_markdown(
    capsys: pytest.CaptureFixture[str], small_dataset: Path, tmp_path: Path
) -> None:
    """small_dataset 2016 (symmetrised): A-B, A-C, C-D, A-E; X isolated.

    Robustness: removing A leaves {B}, {E}, {C, D}, {X}: the worst loss. One tie can join two of
    A's pieces; B - C (smallest ids among the best) leaves {B, C, D}, {E}, {X}.
    """
    out = tmp_path / "rec"
    code, stdout, err = run(
        capsys, "recommend", str(small_dataset), "--period", "2016", "--out", str(out),
        "--objective", "robustness", "--add", "2", "-q",
    )  # fmt: skip
    assert code == 0, err
    frame = pd.read_csv(out / "recommendations.csv", dtype=str, keep_default_na=False)
    assert tuple(frame.columns) == RECOMMENDATION_COLUMNS
    assert frame.loc[0, ["source", "target", "objective"]].tolist() == ["B", "C", "robustness"]
    md = (out / "recommendations.md").read_text(encoding="utf-8")
    assert md.startswith("# Empfehlungen: Klein")
    assert "Frage für den Workshop" in md
    assert "Ausgangswert" in stdout and "recommendations.md" in stdout


def test_recommend_options(
    capsys: pytest.CaptureFixture[str], small_dataset: Path, tmp_path: Path
) -> None:
    out = tmp_path / "rec"
    code, _stdout, err = run(
        capsys, "recommend", str(small_dataset), "--period", "2016", "--out", str(out),
        "--objective", "reach", "--across-groups", "--from", "X", "--lang", "en", "-q",
    )  # fmt: skip
    assert code == 0, err
    frame = pd.read_csv(out / "recommendations.csv", dtype=str, keep_default_na=False)
    assert set(frame["source"]) == {"X"}
    assert (frame["source_group"] != frame["target_group"]).all()
    assert "# Recommendations: Klein" in (out / "recommendations.md").read_text(encoding="utf-8")
    code, _, err = run(
        capsys, "recommend", str(small_dataset), "--period", "2016", "--out", str(out),
        "--from", "X", "--from", "E", "-q",
    )  # fmt: skip
    assert code == 0, err
    md = (out / "recommendations.md").read_text(encoding="utf-8")
    assert "von: E, X" in md  # both --from options count
    code, _, err = run(
        capsys, "recommend", str(small_dataset), "--out", str(out), "--liaison", "--add", "2",
        "-q",
    )  # fmt: skip
    assert code == 0, err
    frame = pd.read_csv(out / "recommendations.csv", dtype=str, keep_default_na=False)
    assert frame["source"].nunique() <= 1 and frame["target_group"].is_unique


def test_recommend_errors(
    capsys: pytest.CaptureFixture[str],
    small_dataset: Path,
    make_dataset: MakeDataset,
    tmp_path: Path,
) -> None:
    out = str(tmp_path / "x")
    code, _, err = run(capsys, "recommend", str(small_dataset), "--out", out, "--from", "a")
    assert (
        code == 1
        and (
            "unbekannter Akteur „a“ in der Liste der Ausgangsakteure (sources, --from); "
            "meinten Sie „A“?"
        )
        in err
    )
    code, _, err = run(capsys, "recommend", str(small_dataset), "--out", out, "--add", "-1")
    assert code == 2 and "muss mindestens 0 sein, nicht -1" in err
    code, _, err = run(capsys, "recommend", str(small_dataset), "--out", out, "--period", "1999")
    assert code == 1 and "unbekannter Zeitraum „1999“" in err
    code, _, err = run(capsys, "recommend", str(small_dataset), "--out", out, "--objective", "x")
    assert code == 2
    no_groups = make_dataset("id\nA\nB\nC\n", "source,target\nA,B\nB,C\n")
    code, _, err = run(capsys, "recommend", str(no_groups), "--out", out, "--objective", "reach")
    assert code == 1 and "Gruppenspalte" in err and "Traceback" not in err
    assert not (tmp_path / "x").exists()


def test_recommend_without_groups_and_complete(
    capsys: pytest.CaptureFixture[str], make_dataset: MakeDataset, tmp_path: Path
) -> None:
    folder = make_dataset("id\nA\nB\nC\n", "source,target\nA,B\nB,C\nA,C\n")
    code, stdout, err = run(capsys, "recommend", str(folder), "--out", str(tmp_path / "o"), "-q")
    assert code == 0, err
    assert "keine Verbindung vorgeschlagen" in stdout
    frame = pd.read_csv(tmp_path / "o" / "recommendations.csv")
    assert len(frame) == 0 and tuple(frame.columns) == RECOMMENDATION_COLUMNS


def test_recommend_uses_the_symmetrised_ties_and_the_study_options(
    capsys: pytest.CaptureFixture[str], small_dataset: Path, tmp_path: Path
) -> None:
    tables = []
    for extra in ([], ["--directed"], ["--tie-type", "info", "--tie-type", "projekt"]):
        out = tmp_path / f"o{len(tables)}"
        code, _, err = run(
            capsys, "recommend", str(small_dataset), "--out", str(out), "--objective",
            "robustness", "-q", *extra,
        )  # fmt: skip
        assert code == 0, err
        tables.append((out / "recommendations.csv").read_text(encoding="utf-8"))
    assert tables[0] == tables[1] == tables[2]  # every tie type named = all ties
    out = tmp_path / "info"
    code, _, err = run(
        capsys, "recommend", str(small_dataset), "--out", str(out), "--objective", "robustness",
        "--tie-type", "projekt", "-q",
    )  # fmt: skip
    assert code == 0, err
    assert (out / "recommendations.csv").read_text(encoding="utf-8") != tables[0]
    code, _, err = run(
        capsys, "recommend", str(small_dataset), "--out", str(out), "--group", "sector",
        "--objective", "reach", "-q",
    )  # fmt: skip
    assert code == 0, err
    md = (out / "recommendations.md").read_text(encoding="utf-8")
    assert "**Gruppierung:** `sector`" in md


def test_what_if_add_tie(
    capsys: pytest.CaptureFixture[str], small_dataset: Path, tmp_path: Path
) -> None:
    code, out, err = run(
        capsys, "what-if", str(small_dataset), "--period", "2016", "--add-tie", "B", "X",
        "--add-tie", "C", "E", "--json", str(tmp_path / "w.json"), "--lang", "en",
    )  # fmt: skip
    assert code == 0, err
    assert out.startswith("adding B – X, C – E in 2016\n")
    assert "  fragmentation                     " in out
    assert "joined to the main component: X" in out
    data = json.loads((tmp_path / "w.json").read_text(encoding="utf-8"))
    assert data["added"] == [["B", "X"], ["C", "E"]]
    assert data["components_before"] == 2 and data["components_after"] == 1
    code, out, _ = run(
        capsys, "what-if", str(small_dataset), "--add-tie", "B", "X", "--json", "-"
    )  # fmt: skip
    assert code == 0 and json.loads(out)["joined"] == ["X"]
    code, _, err = run(capsys, "what-if", str(small_dataset), "--add-tie", "A", "B")
    assert code == 1 and "haben schon eine Beziehung" in err
    code, _, err = run(capsys, "what-if", str(small_dataset), "--add-tie", "A", "Q")
    assert code == 1 and "unbekannter Akteur „Q“" in err
    code, _, err = run(capsys, "what-if", str(small_dataset))
    assert (
        code == 2
        and err
        == "Fehler: geben Sie entweder --remove ID oder --add-tie A B an (jeweils wiederholbar)\n"
    )
    code, _, err = run(
        capsys, "what-if", str(small_dataset), "--remove", "A", "--add-tie", "B", "X"
    )
    assert code == 2


def test_musterstadt_example(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _out, err = run(
        capsys, "recommend", str(MUSTERSTADT), "--period", "2022", "--objective", "robustness",
        "--out", str(tmp_path / "m"), "-q",
    )  # fmt: skip
    assert code == 0, err
    frame = pd.read_csv(tmp_path / "m" / "recommendations.csv")
    assert frame.loc[0, "source"] == "AA" and frame.loc[0, "target"] == "ERI"
    assert frame.loc[0, "gain"] > 0
