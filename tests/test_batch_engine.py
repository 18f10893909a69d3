"""Where a batch runs and what a rerun does: Dask = local, resume, memory limit, progress."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from coopnet import batch
from coopnet.batch import (
    STATE_NAME,
    TABLE_NAME,
    TIMING_COLUMNS,
    DaskExecutor,
    LocalExecutor,
    parse_size,
    run_batch,
)
from coopnet.batch.progress import BatchProgress, format_eta
from coopnet.batch.resume import checkpoint_folder, fingerprint
from coopnet.cli import main
from coopnet.config import AnalysisConfig
from coopnet.errors import InputError

from .conftest import ROOT
from .test_batch import write_small

distributed = pytest.importorskip("distributed")


@pytest.fixture
def three(tmp_path: Path) -> Path:
    root = tmp_path / "kommunen"
    write_small(root / "nordstadt")
    write_small(root / "kreis" / "suedstadt")
    write_small(root / "weststadt", broken=True)
    return root


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    """A Dask cluster on this machine: 2 worker processes of 1 thread, loopback only."""
    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=":0",  # any free port: parallel runs do not collide on 8787
            memory_limit=0,
        ) as local,  # fmt: skip
        distributed.Client(local, set_as_default=False) as client,
    ):
        yield client


def _table_without_timing(path: Path) -> list[list[str]]:
    """The rows of municipalities.csv as text, the timing columns left out."""
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    keep = [i for i, name in enumerate(rows[0]) if name not in TIMING_COLUMNS]
    return [[row[i] for i in keep] for row in rows]


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name not in (TABLE_NAME, ".coopnet-manifest.json")
    }


# ------------------------------------------------------------------------------ Dask = local
def test_dask_gives_the_same_table_and_files_as_local_processes(
    three: Path, tmp_path: Path, cluster: Any
) -> None:
    shutil.copytree(ROOT / "data" / "musterstadt", three / "musterstadt")
    local = run_batch(three, tmp_path / "local", executor=LocalExecutor(2))
    dask = run_batch(three, tmp_path / "dask", executor=DaskExecutor(cluster))
    assert local.table["status"].tolist() == ["ok", "ok", "ok", "error"]
    assert _table_without_timing(local.table_path) == _table_without_timing(dask.table_path)
    assert TIMING_COLUMNS == ("seconds",)
    local_files, dask_files = _files(tmp_path / "local"), _files(tmp_path / "dask")
    assert local_files.keys() == dask_files.keys()
    differing = [name for name in local_files if local_files[name] != dask_files[name]]
    assert differing == [STATE_NAME]  # holds the rows, with their seconds
    assert (tmp_path / "dask" / "musterstadt" / "actors.csv").is_file()


def test_dask_marks_timeouts_and_killed_workers(
    three: Path, tmp_path: Path, cluster: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from .test_batch import _dies_on_weststadt, _hangs_on_weststadt

    monkeypatch.setattr(batch, "_analyse_one", _hangs_on_weststadt)
    start = time.monotonic()
    result = run_batch(three, tmp_path / "t", executor=DaskExecutor(cluster), timeout=4)
    assert time.monotonic() - start < 120
    assert dict(zip(result.table["name"], result.table["status"], strict=True)) == {
        "kreis__suedstadt": "ok", "nordstadt": "ok", "weststadt": "timeout",
    }  # fmt: skip
    monkeypatch.setattr(batch, "_analyse_one", _dies_on_weststadt)
    result = run_batch(three, tmp_path / "k", executor=DaskExecutor(cluster), resume=False)
    status = result.table.set_index("name")["status"].to_dict()
    assert status == {"kreis__suedstadt": "ok", "nordstadt": "ok", "weststadt": "killed"}
    assert "SIGKILL" in result.table.set_index("name").at["weststadt", "error"]


def test_without_dask_the_error_names_the_extra(
    three: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(InputError, match=r"coopnet\[dask\]"):
        run_batch(three, tmp_path / "out", executor=DaskExecutor("tcp://127.0.0.1:1"))


def test_an_unreachable_scheduler_is_a_clear_error(
    three: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["batch", str(three), "--out", str(tmp_path / "o"), "--scheduler",
                 "tcp://127.0.0.1:9", "-q"])  # fmt: skip
    assert code != 0
    err = capsys.readouterr().err
    assert "der Dask-Scheduler „tcp://127.0.0.1:9“ ist nicht erreichbar" in err
    assert "Traceback" not in err


# ------------------------------------------------------------------------------ resume
def test_rerun_skips_unchanged_datasets_and_recomputes_changed_ones(
    three: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    first = run_batch(three, out, jobs=2)
    assert first.resumed == ()
    again = run_batch(three, out, jobs=2)
    assert again.resumed == ("kreis__suedstadt", "nordstadt")  # weststadt failed: analysed again
    assert _table_without_timing(first.table_path) == _table_without_timing(again.table_path)
    assert (out / "nordstadt" / "actors.csv").is_file()
    # a changed input: one more tie in nordstadt
    with (three / "nordstadt" / "ties.csv").open("a", encoding="utf-8") as handle:
        handle.write("a,f,1\n")
    changed = run_batch(three, out, jobs=2)
    assert changed.resumed == ("kreis__suedstadt",)
    assert changed.table.set_index("name").at["nordstadt", "n_ties"] == 8
    # a changed option: everything again
    assert run_batch(three, out, jobs=2, config=AnalysisConfig(seed=1)).resumed == ()
    # --force: everything again, and the checkpoint of a crash is ignored
    assert run_batch(three, out, jobs=2, config=AnalysisConfig(seed=1), resume=False).resumed == ()
    assert not checkpoint_folder(out).exists()


def test_a_deleted_output_is_recomputed(three: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run_batch(three, out, jobs=1)
    (out / "nordstadt" / "actors.csv").unlink()  # the earlier output is no longer complete
    again = run_batch(three, out, jobs=1)
    assert again.resumed == ("kreis__suedstadt",)
    assert (out / "nordstadt" / "actors.csv").is_file()


def test_fingerprint_covers_version_options_and_every_file(
    three: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = three / "nordstadt"
    base = fingerprint(folder, AnalysisConfig())
    assert fingerprint(folder, AnalysisConfig(key_players=2)) != base
    (folder / "dataset.toml").write_text('name = "Nordstadt"\n', encoding="utf-8")
    assert fingerprint(folder, AnalysisConfig()) != base
    with_toml = fingerprint(folder, AnalysisConfig())
    (folder / ".hidden").write_text("x", encoding="utf-8")  # hidden files are not read
    assert fingerprint(folder, AnalysisConfig()) == with_toml
    import coopnet

    monkeypatch.setattr(coopnet, "__version__", "999")
    assert fingerprint(folder, AnalysisConfig()) != with_toml


_KILL_AFTER_TWO = """
import os, signal, sys
from pathlib import Path
from coopnet.batch import run_batch
seen = []
def progress(message):
    seen.append(message)
    if len(seen) == 2:
        os.kill(os.getpid(), signal.SIGKILL)
run_batch(Path(sys.argv[1]), Path(sys.argv[2]), jobs=1, progress=progress)
"""


def test_a_killed_run_resumes_from_its_checkpoint(tmp_path: Path) -> None:
    root = tmp_path / "in"
    for name in ("a", "b", "c", "d"):
        write_small(root / name)
    out = tmp_path / "out"
    killed = subprocess.run(
        [sys.executable, "-c", _KILL_AFTER_TWO, str(root), str(out)], cwd=ROOT, check=False
    )
    assert killed.returncode == -9
    assert not out.exists()  # the batch folder was never put in place
    checkpoint = checkpoint_folder(out)
    assert sorted(p.name for p in checkpoint.glob("*.json")) == ["a.json", "b.json"]
    result = run_batch(root, out, jobs=1)
    assert result.resumed == ("a", "b")
    assert result.table["status"].tolist() == ["ok"] * 4
    assert not checkpoint.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    fresh = run_batch(root, tmp_path / "fresh", jobs=1)
    assert _table_without_timing(result.table_path) == _table_without_timing(fresh.table_path)


# ------------------------------------------------------------------------------ memory limit
def _greedy_on_weststadt(
    name: str, path: str, out: str, config: AnalysisConfig, *read: Any
) -> dict[str, Any]:
    """Worker stand-in: allocates 4 GiB for one dataset."""
    if name == "weststadt":
        block = np.ones(1 << 29)  # 4 GiB of float64
        return {"name": name, "status": "ok", "error": str(block.sum())}
    return batch._analyse_one(name, path, out, config, *read)  # the original in the worker process


def test_a_dataset_over_the_memory_limit_is_marked_and_the_others_go_on(
    three: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(batch, "_analyse_one", _greedy_on_weststadt)
    result = run_batch(three, tmp_path / "out", jobs=2, memory_limit="1G")
    status = result.table.set_index("name")["status"].to_dict()
    assert status == {"kreis__suedstadt": "ok", "nordstadt": "ok", "weststadt": "memory"}
    assert "1G" in result.table.set_index("name").at["weststadt", "error"]


@pytest.mark.parametrize(
    ("text", "size"), [("2G", 2 << 30), ("512M", 512 << 20), ("1.5g", 3 << 29), ("2GB", 2 << 30)]
)
def test_parse_size(text: str, size: int) -> None:
    assert parse_size(text) == size


@pytest.mark.parametrize("text", ["", "viel", "-1G", "0", "10K"])
def test_bad_memory_limits_are_refused(text: str, three: Path, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="memory-limit"):
        parse_size(text)
    code = main(["batch", str(three), "--out", str(tmp_path / "o"), "--memory-limit", text, "-q"])
    assert code != 0


# ------------------------------------------------------------------------------ progress
def test_progress_counts_and_estimates() -> None:
    progress = BatchProgress(4)
    first = progress.step(resumed=True)
    assert first == "[1/4] 25.0 %, ETA –"  # nothing analysed yet; the string is English
    assert first.text.render("de") == "[1/4] 25,0 %, Restzeit –"
    line = progress.step()
    assert line.startswith("[2/4] 50.0 %, ETA ") and line.endswith(" s")
    progress.step()
    assert progress.step() == "[4/4] 100.0 %, ETA 0 s"
    assert format_eta(59.4) == "59 s" and format_eta(61) == "1 min"
    assert format_eta(7260) == "2 h 01 min"


def test_cli_progress_lines_and_quiet(
    three: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["batch", str(three), "--out", str(tmp_path / "o"), "--jobs", "1"])
    err = capsys.readouterr().err.splitlines()
    assert [line[:8] for line in err] == ["[1/3] 33", "[2/3] 66", "[3/3] 10"]
    assert all("Restzeit" in line for line in err)  # German by default
    assert "weststadt: FEHLER" in err[-1]
    main(["batch", str(three), "--out", str(tmp_path / "o"), "--jobs", "1", "--lang", "en"])
    err = capsys.readouterr().err.splitlines()
    assert all("ETA" in line for line in err) and "weststadt: ERROR" in err[-1]
    main(["batch", str(three), "--out", str(tmp_path / "o"), "--jobs", "1", "--lang", "en"])
    err = capsys.readouterr().err.splitlines()  # the same options again: two taken over
    assert sum("ok (resumed: inputs and options unchanged)" in line for line in err) == 2
    main(["batch", str(three), "--out", str(tmp_path / "o"), "--jobs", "1", "-q"])
    assert capsys.readouterr().err == ""
    main(["batch", str(three), "--out", str(tmp_path / "o"), "--force"])
    assert "übernommen" not in capsys.readouterr().err


# ------------------------------------------------------------------------------ one core each
def test_each_dataset_is_analysed_in_one_process(
    three: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the batch runs datasets side by side; forking inside each small analysis only costs
    import coopnet.run

    seen: list[Any] = []
    real = coopnet.run.analyze

    def spy(*args: Any, **kwargs: Any) -> Any:
        seen.append(kwargs.get("jobs"))
        return real(*args, **kwargs)

    monkeypatch.setattr(coopnet.run, "analyze", spy)
    result = run_batch(three, tmp_path / "out", jobs=1)  # in this process, so the spy sees it
    assert seen == [1, 1] and len(result.succeeded) == 2
