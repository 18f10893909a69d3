"""provenance.json: command, options, versions and input hashes in every output folder."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

import coopnet
from coopnet.cli import main
from coopnet.provenance import PACKAGES, input_files, provenance

from .conftest import MUSTERSTADT


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(
    "command",
    [
        ["analyze", "--period", "2016"],
        ["compare", "--before", "2016", "--after", "2022"],
        ["diagnose", "--period", "2022"],
        ["recommend", "--period", "2022", "--add", "1"],
        ["qap", "--period", "2016"],
    ],
)
def test_every_output_folder_records_its_provenance(tmp_path: Path, command: list[str]) -> None:
    out = tmp_path / "out"
    argv = [command[0], str(MUSTERSTADT), *command[1:], "--out", str(out), "--permutations",
            "9", "--seed", "3", "-q"]  # fmt: skip
    assert main(argv) == 0
    record = json.loads((out / "provenance.json").read_text(encoding="utf-8"))
    assert record["command"] == ["coopnet", *argv]
    assert record["coopnet"] == coopnet.__version__
    assert record["options"]["n_permutations"] == 9 and record["options"]["seed"] == 3
    assert set(record["packages"]) == set(PACKAGES) and record["packages"]["networkx"]
    assert record["python"].count(".") == 2
    files = {Path(f["path"]).name: f for f in record["inputs"]}
    assert set(files) == {"actors.csv", "ties.csv", "dataset.toml"}
    assert files["ties.csv"]["sha256"] == _sha(MUSTERSTADT / "ties.csv")
    assert files["ties.csv"]["bytes"] == (MUSTERSTADT / "ties.csv").stat().st_size


def test_options_file_is_hashed_too(tmp_path: Path) -> None:
    options = tmp_path / "coopnet.toml"
    options.write_text("[analysis]\nn_permutations = 9\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["analyze", str(MUSTERSTADT), "--options", str(options), "--out", str(out),
                 "-q"]) == 0  # fmt: skip
    record = json.loads((out / "provenance.json").read_text(encoding="utf-8"))
    assert {"path": str(options), "sha256": _sha(options), "bytes": options.stat().st_size} in (
        record["inputs"]
    )


def test_api_provenance_of_a_workbook_and_no_clock(tmp_path: Path) -> None:
    workbook = MUSTERSTADT / "musterstadt.xlsx"
    assert input_files(workbook) == [workbook]
    study = coopnet.study(workbook)
    first, second = provenance(study), provenance(study)
    assert first == second  # nothing time-dependent
    assert first["command"][0] == "python"  # not run from the CLI: the Python process' argv
    assert first["dataset"]["source"] == str(workbook)
