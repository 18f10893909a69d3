"""The generated example wave (scripts/make_survey_wave.py) imports into the example format."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import coopnet

from ..conftest import ROOT


@pytest.mark.slow
def test_generated_wave_imports_with_exactly_the_2022_ties(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "make_survey_wave.py"),
            "--out",
            str(tmp_path / "w"),
            "--check",
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "exactly the ties of Musterstadt 2022" in result.stdout
    folder = tmp_path / "w" / "musterstadt_2022"
    assert sorted(p.name for p in folder.iterdir()) == [
        ".coopnet-manifest.json",
        "actors.csv",
        "dataset.toml",
        "ties.csv",
    ]
    net = coopnet.load(folder)
    assert net.meta.group == "group" and net.meta.survey["tie_types"] == [
        "Gemeinsames Projekt",
        "Informationsaustausch",
        "Koordination",
    ]
    assert list(net.actors.columns) == [
        "id",
        "label",
        "group",
        "sector",
        "level",
        "responded",
        "origin",
    ]
