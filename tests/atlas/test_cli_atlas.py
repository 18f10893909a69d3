"""The atlas on the command line: coopnet batch --report/--outcomes, coopnet atlas, report --peers."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from coopnet.cli import main

from .conftest import Towns, fixture_script


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_batch_report_with_outcomes(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    root = tmp_path / "kommunen"
    fixture_script().write_fixture(root, n=4, seed=11, broken=True)
    out = tmp_path / "out"
    code, stdout, err = run(
        capsys,
        "batch",
        str(root),
        "--out",
        str(out),
        "--jobs",
        "1",
        "--permutations",
        "50",
        "--outcomes",
        str(root / "outcomes.csv"),
        "-q",
    )
    assert code == 1  # one dataset failed; the atlas is written anyway
    assert "Traceback" not in err
    assert "kommune_kaputt: FEHLER" in stdout
    assert "4 Kommunen im Vergleich (1 ausgelassen)" in stdout
    assert "ein Hinweis, kein Beleg" in stdout
    assert f"Atlas nach {out / 'atlas'} geschrieben (öffnen: " in stdout
    correlations = pd.read_csv(out / "atlas" / "tables" / "correlations.csv")
    assert set(correlations["outcome"]) == {"erfolg", "zufriedenheit"}
    assert correlations["small_n"].all()  # 4 municipalities: every association flagged
    assert correlations["p_method"].eq("exact").all()  # 4! = 24 <= 50 permutations


def test_batch_checks_the_outcomes_file_before_the_run(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    root = tmp_path / "kommunen"
    fixture_script().write_fixture(root, n=2, seed=1)
    bad = tmp_path / "erfolg.csv"
    bad.write_text("name,erfolg\nkommune_01,sehr gut\n", encoding="utf-8")
    code, _, err = run(
        capsys,
        "batch",
        str(root),
        "--out",
        str(tmp_path / "out"),
        "--outcomes",
        str(bad),
        "--lang",
        "en",
    )
    assert code == 1
    assert "erfolg.csv, row 2, column 'erfolg', value 'sehr gut': not a number" in err
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists()  # nothing analysed, nothing written


def test_atlas_command(capsys: pytest.CaptureFixture[str], towns: Towns, tmp_path: Path) -> None:
    out = tmp_path / "atlas"
    code, stdout, err = run(
        capsys,
        "atlas",
        str(towns.batch.table_path),
        "--out",
        str(out),
        "--outcomes",
        str(towns.outcomes),
        "--lang",
        "en",
        "--permutations",
        "99",
        "--correction",
        "bh",
        "--peer-groups",
        "land",
        "--peer-groups",
        "size",
        "-q",
    )
    assert code == 0, err
    assert "6 municipalities compared (1 left out)" in stdout
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "Benjamini" in page and '<html lang="en">' in page
    peers = pd.read_csv(out / "tables" / "peers.csv")
    assert list(dict.fromkeys(peers["peer_key"])) == ["land", "size"]
    # the folder of the batch works as well, and a rerun replaces the atlas
    code, _, err = run(capsys, "atlas", str(towns.out), "--out", str(out), "-q")
    assert code == 0, err
    assert not (out / "tables" / "correlations.csv").exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "name,erfolg\nkommune_1,3\n",
            "value 'kommune_1': no municipality of this name in "
            "municipalities.csv; did you mean 'kommune_01'?",
        ),
        ("kommune,erfolg\nkommune_01,3\n", "needs a column 'name'"),
    ],
)
def test_atlas_command_rejects_bad_outcomes(
    capsys: pytest.CaptureFixture[str], towns: Towns, tmp_path: Path, content: str, message: str
) -> None:
    bad = tmp_path / "erfolg.csv"
    bad.write_text(content, encoding="utf-8")
    code, _, err = run(
        capsys,
        "atlas",
        str(towns.batch.table_path),
        "--out",
        str(tmp_path / "a"),
        "--outcomes",
        str(bad),
        "--lang",
        "en",
    )
    assert code == 1
    assert "Error: 1 problem(s) in " in err and message in err
    assert not (tmp_path / "a").exists()


def test_atlas_command_usage_and_missing_table(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, "atlas", str(tmp_path / "nope.csv"), "--out", str(tmp_path / "a"))
    assert code == 1 and "gibt es nicht" in err
    code, _, err = run(capsys, "atlas", "x.csv")
    assert code == 2 and "--out" in err
    code, _, err = run(capsys, "atlas", "x.csv", "--out", "a", "--correction", "bonferroni")
    assert code == 2


def test_atlas_command_refuses_a_folder_it_did_not_write(
    capsys: pytest.CaptureFixture[str], towns: Towns, tmp_path: Path
) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "wichtig.docx").write_bytes(b"x")
    code, _, err = run(capsys, "atlas", str(towns.batch.table_path), "--out", str(mine))
    assert code == 1 and "nicht von coopnet erstellt" in err and "--overwrite" in err
    assert [p.name for p in mine.iterdir()] == ["wichtig.docx"]


def test_report_with_peers(
    capsys: pytest.CaptureFixture[str], towns: Towns, tmp_path: Path
) -> None:
    # one of the towns reports on itself: found in the table by its dataset path
    dataset = tmp_path / "kommune_02"
    shutil.copytree(towns.root / "kommune_02", dataset)
    table = pd.read_csv(towns.batch.table_path)
    table.loc[table["name"] == "kommune_02", "path"] = str(dataset)
    peers = tmp_path / "municipalities.csv"
    table.to_csv(peers, index=False)
    out = tmp_path / "bericht"
    code, _, err = run(
        capsys,
        "report",
        str(dataset),
        "--out",
        str(out),
        "--peers",
        str(peers),
        "--permutations",
        "50",
        "-q",
    )
    assert code == 0, err
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "Im Vergleich mit den anderen 5 Kommunen" in page
    assert '<a href="#peers">Im Vergleich</a>' in page
    assert "Diese Kommune steht in der Tabelle als „kommune_02“" in page
    section = pd.read_csv(out / "tables" / "peers.csv").set_index("measure")
    assert 0 < section.loc["density", "percentile"] < 100
    # a bad peers table fails before anything is written
    code, _, err = run(
        capsys,
        "report",
        str(dataset),
        "--out",
        str(tmp_path / "r2"),
        "--peers",
        str(tmp_path / "nope.csv"),
    )
    assert code == 1 and "gibt es nicht" in err and not (tmp_path / "r2").exists()


def test_atlas_command_names_bad_outcomes_in_german_by_default(
    capsys: pytest.CaptureFixture[str], towns: Towns, tmp_path: Path
) -> None:
    bad = tmp_path / "erfolg.csv"
    bad.write_text("name,erfolg\nkommune_1,3\nkommune_02,viel\n", encoding="utf-8")
    out = str(tmp_path / "a")
    code, _, err = run(capsys, "atlas", str(towns.batch.table_path), "--out", out,
                       "--outcomes", str(bad))  # fmt: skip
    assert code == 1 and "Traceback" not in err
    assert "Fehler: 2 Problem(e) in " in err
    assert (
        "erfolg.csv, Zeile 2, Spalte „name“, Wert „kommune_1“: keine Gemeinde dieses Namens in "
        "municipalities.csv; meinten Sie „kommune_01“?"
    ) in err
    assert "Zeile 3, Spalte „erfolg“, Wert „viel“: keine Zahl (verwenden Sie" in err
    assert "did you mean" not in err and "not a number" not in err
