"""Batch analysis of several datasets (coopnet.batch)."""

from __future__ import annotations

import os
import shutil
import signal
import time
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from coopnet import batch
from coopnet.batch import BATCH_COLUMNS, TABLE_NAME, find_datasets, run_batch
from coopnet.config import AnalysisConfig
from coopnet.errors import InputError, OutputError

from .conftest import ROOT

MUSTERSTADT = ROOT / "data" / "musterstadt"


def write_small(folder: Path, *, broken: bool = False) -> Path:
    """A six-actor dataset: two triangles joined by the tie c-d (c and d are the brokers)."""
    folder.mkdir(parents=True)
    (folder / "actors.csv").write_text(
        "id,label,group\na,Amt A,X\nb,Amt B,X\nc,Amt C,X\nd,Verein D,Y\ne,Verein E,Y\nf,Verein F,Y\n",
        encoding="utf-8",
    )
    ties = "source,target,weight\na,b,1\nb,c,1\na,c,1\nc,d,2\nd,e,1\ne,f,1\nd,f,1\n"
    if broken:  # an unknown actor and a weight that is not a number
        ties += "a,zz,1\nb,e,viel\n"
    (folder / "ties.csv").write_text(ties, encoding="utf-8")
    return folder


@pytest.fixture
def three(tmp_path: Path) -> Path:
    root = tmp_path / "kommunen"
    write_small(root / "nordstadt")
    write_small(root / "kreis" / "suedstadt")
    write_small(root / "weststadt", broken=True)
    return root


def test_find_datasets(three: Path, tmp_path: Path) -> None:
    shutil.copytree(MUSTERSTADT, three / "musterstadt")  # holds an .xlsx copy: not a second set
    (three / "extra.xlsx").write_bytes((MUSTERSTADT / "musterstadt.xlsx").read_bytes())
    found = find_datasets(three)
    assert list(found) == ["extra", "kreis__suedstadt", "musterstadt", "nordstadt", "weststadt"]
    assert found["kreis__suedstadt"] == three / "kreis" / "suedstadt"
    assert find_datasets(three, exclude=[three / "kreis"]).keys() == {
        "extra",
        "musterstadt",
        "nordstadt",
        "weststadt",
    }


@pytest.mark.parametrize("jobs", [1, 2])
def test_run_batch_reports_failure_and_keeps_going(three: Path, tmp_path: Path, jobs: int) -> None:
    out = tmp_path / "out"
    messages: list[str] = []
    result = run_batch(three, out, jobs=jobs, progress=messages.append)
    table = result.table
    assert list(table.columns) == list(BATCH_COLUMNS)
    assert table["name"].tolist() == ["kreis__suedstadt", "nordstadt", "weststadt"]
    assert result.succeeded == ["kreis__suedstadt", "nordstadt"]
    assert result.failed == ["weststadt"]
    broken = table.set_index("name").loc["weststadt"]
    # the error names the file, row and value of each problem
    assert "ties.csv" in broken["error"] and "zz" in broken["error"] and "viel" in broken["error"]
    assert "row" in broken["error"]
    ok = table.set_index("name").loc["nordstadt"]
    # 6 actors, 7 ties; one component; c and d lie on all 9 paths between the triangles
    assert (ok["n_actors"], ok["n_ties"], ok["components"]) == (6, 7, 1)
    assert ok["density"] == pytest.approx(7 / 15)
    assert ok["fragmentation"] == pytest.approx(0.0)
    # E-I: 1 external tie, 6 internal ones -> (1 - 6) / 7
    assert ok["ei_index"] == pytest.approx(-5 / 7)
    assert ok["top_brokers"].split("; ")[:2] == ["Amt C", "Verein D"]
    assert ok["top_key_player"] in {"Amt C", "Verein D"}
    # per-dataset tables and the comparison table on disk
    assert (out / "nordstadt" / "actors.csv").is_file()
    assert (out / "kreis__suedstadt" / "network.json").is_file()
    assert not (out / "weststadt" / "actors.csv").exists()
    on_disk = pd.read_csv(out / TABLE_NAME)
    assert on_disk["status"].tolist() == ["ok", "ok", "error"]
    assert len(messages) == 3 and any("weststadt: ERROR" in m for m in messages)
    assert messages[-1].startswith("[3/3]")
    assert "2 of 3 datasets analysed" in result.format("en")
    assert "2 von 3 Datensätzen analysiert" in result.format()  # German by default


def test_run_batch_applies_config(tmp_path: Path) -> None:
    root = tmp_path / "in"
    write_small(root / "one")
    result = run_batch(root, tmp_path / "out", config=AnalysisConfig(key_players=0), jobs=1)
    assert result.table.loc[0, "top_key_player"] == ""
    assert result.table.loc[0, "status"] == "ok"


def test_run_batch_reads_each_dataset_as_analyze_would(tmp_path: Path) -> None:
    from coopnet.cli import main
    from coopnet.config import ReadOptions

    root = tmp_path / "in"
    write_small(root / "one")  # no dataset.toml: tie rows are nominations
    directed = AnalysisConfig(directed=True)
    nominations = run_batch(root, tmp_path / "n", config=directed, jobs=1)
    assert nominations.table.loc[0, "status"] == "ok" and nominations.table.loc[0, "n_ties"] == 7
    # read as mutual ties, as `coopnet analyze --undirected-ties --directed` reads them: refused
    mutual = run_batch(
        root, tmp_path / "n", config=directed, jobs=1, read=ReadOptions(undirected_ties=True)
    )
    assert mutual.resumed == ()  # other read options: not taken over from the run before
    assert mutual.table.loc[0, "status"] == "error"
    assert "mutual (undirected)" in mutual.table.loc[0, "error"]
    # the same from the CLI, and --strict: a duplicate row is a warning, an error with --strict
    argv = ["batch", str(root), "--directed", "-q", "--out"]
    assert main([*argv, str(tmp_path / "c"), "--undirected-ties"]) != 0
    assert pd.read_csv(tmp_path / "c" / TABLE_NAME).loc[0, "status"] == "error"
    (root / "one" / "ties.csv").write_text("source,target\na,b\na,b\n", encoding="utf-8")
    assert main([*argv, str(tmp_path / "s")]) == 0
    assert main([*argv, str(tmp_path / "t"), "--strict"]) != 0
    assert pd.read_csv(tmp_path / "t" / TABLE_NAME).loc[0, "status"] == "error"


def test_run_batch_errors(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="no dataset"):
        run_batch(tmp_path / "empty", tmp_path / "out")
    with pytest.raises(InputError, match="not a folder"):
        run_batch(tmp_path / "missing", tmp_path / "out")
    with pytest.raises(InputError, match="jobs"):
        run_batch(tmp_path / "empty", tmp_path / "out", jobs=0)


def test_output_folder_inside_root_is_not_a_dataset(tmp_path: Path) -> None:
    root = tmp_path / "in"
    write_small(root / "one")
    run_batch(root, root / "results", jobs=1)
    again = run_batch(root, root / "results", jobs=1)  # results/one/ has no ties.csv anyway
    assert again.table["name"].tolist() == ["one"]


# --- each dataset on its own: killed workers, timeouts, interruptions, colliding names ----------
def _dies_on_weststadt(
    name: str, path: str, out: str, config: AnalysisConfig, *read: Any
) -> dict[str, Any]:
    """Worker stand-in: killed by SIGKILL (as by the OOM killer) for one dataset."""
    if name == "weststadt":
        os.kill(os.getpid(), signal.SIGKILL)
    return batch._analyse_one(name, path, out, config, *read)


def _hangs_on_weststadt(
    name: str, path: str, out: str, config: AnalysisConfig, *read: Any
) -> dict[str, Any]:
    if name == "weststadt":
        time.sleep(300)
    return batch._analyse_one(name, path, out, config, *read)


def test_a_killed_worker_fails_only_its_dataset(
    three: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(batch, "_analyse_one", _dies_on_weststadt)  # pickled by reference
    result = run_batch(three, tmp_path / "out", jobs=2)
    status = dict(zip(result.table["name"], result.table["status"], strict=True))
    assert status == {"kreis__suedstadt": "ok", "nordstadt": "ok", "weststadt": "killed"}
    error = result.table.set_index("name").at["weststadt", "error"]
    assert "SIGKILL" in error and "out-of-memory" in error
    table = pd.read_csv(tmp_path / "out" / TABLE_NAME)
    assert table["status"].tolist() == ["ok", "ok", "killed"]
    assert (tmp_path / "out" / "nordstadt" / "actors.csv").is_file()


def test_per_dataset_timeout(three: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batch, "_analyse_one", _hangs_on_weststadt)
    start = time.monotonic()
    result = run_batch(three, tmp_path / "out", jobs=1, timeout=4)
    assert time.monotonic() - start < 120
    status = dict(zip(result.table["name"], result.table["status"], strict=True))
    assert status == {"kreis__suedstadt": "ok", "nordstadt": "ok", "weststadt": "timeout"}
    assert "4 s" in result.table.set_index("name").at["weststadt", "error"]
    assert "TIMEOUT" in result.format("en") and "ZEITLIMIT" in result.format("de")
    with pytest.raises(InputError, match="timeout"):
        run_batch(three, tmp_path / "out", timeout=0)


@pytest.mark.parametrize("jobs", [1, 2])
def test_interrupted_batch_still_writes_the_table(three: Path, tmp_path: Path, jobs: int) -> None:
    pressed: list[str] = []

    def ctrl_c(message: str) -> None:
        if not pressed:  # Ctrl-C right after the first dataset finished
            pressed.append(message)
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_batch(three, tmp_path / "out", jobs=jobs, progress=ctrl_c)
    table = pd.read_csv(tmp_path / "out" / TABLE_NAME)
    assert len(table) == 3
    assert (table["status"] == "interrupted").sum() == 2
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_datasets_whose_names_collide_are_all_analysed(tmp_path: Path) -> None:
    root = tmp_path / "in"
    for name in ("Stadt A", "Stadt_A", "kreis/x", "kreis__x"):
        write_small(root / name)
    (root / "Stadt_A.xlsx").write_bytes((MUSTERSTADT / "musterstadt.xlsx").read_bytes())
    found = find_datasets(root)
    assert sorted(found) == ["Stadt A", "Stadt_A", "Stadt_A.xlsx", "kreis/x", "kreis__x"]
    result = run_batch(root, tmp_path / "out", jobs=1)
    assert result.table["status"].tolist() == ["ok"] * 5
    folders = result.table["folder"].tolist()
    assert len(set(folders)) == 5
    for folder in folders:
        assert (tmp_path / "out" / folder / "actors.csv").is_file()
    again = run_batch(root, tmp_path / "out2", jobs=1)  # stable: the same names every run
    assert again.table["folder"].tolist() == folders


def test_batch_output_may_not_be_the_input(three: Path) -> None:
    with pytest.raises(OutputError, match="input"):
        run_batch(three, three)
    with pytest.raises(OutputError, match="input"):
        run_batch(three, three / "nordstadt" / "out")
