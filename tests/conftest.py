"""Shared fixtures: small datasets written to temporary folders.

Tiny graphs for the metric tests live next to those tests (tests/metrics/), each with the hand
computation of its expected values in a comment.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
MUSTERSTADT = ROOT / "data" / "musterstadt"

os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.pop("COOPNET_LANG", None)  # the tests expect German unless they ask for English

MakeDataset = Callable[..., Path]


@pytest.fixture
def make_dataset(tmp_path: Path) -> MakeDataset:
    """Write ``actors.csv``, ``ties.csv`` and optionally ``dataset.toml`` and return the folder."""
    counter = iter(range(1000))

    def make(
        actors: str | None, ties: str, toml: str | None = None, encoding: str = "utf-8"
    ) -> Path:
        folder = tmp_path / f"ds{next(counter)}"
        folder.mkdir()
        if actors is not None:
            (folder / "actors.csv").write_bytes(actors.encode(encoding))
        (folder / "ties.csv").write_bytes(ties.encode(encoding))
        if toml is not None:
            (folder / "dataset.toml").write_text(toml, encoding="utf-8")
        return folder

    return make


@pytest.fixture
def small_dataset(make_dataset: MakeDataset) -> Path:
    """Five actors in three groups, two periods, directed nominations, one non-respondent (E).

    2014: A→B, B→A, B→C        2016: A→B, A→C, C→A, D→C (D exists only from 2016), A→E
    E never answered; X is an isolate in both periods.
    """
    actors = (
        "id,label,group,sector,responded,periods\n"
        "A,Amt A,Soziales,Verwaltung,true,\n"
        "B,Amt B,Soziales,Verwaltung,true,\n"
        "C,Verein C,Zivil,Zivilgesellschaft,true,\n"
        "D,Initiative D,Zivil,Zivilgesellschaft,true,2016\n"
        "E,Rat E,Politik,Politik,false,\n"
        "X,Isoliert X,Zivil,Zivilgesellschaft,true,\n"
    )
    ties = (
        "source,target,weight,type,period\n"
        "A,B,2,info,2014\n"
        "B,A,1,info,2014\n"
        "B,C,1,projekt,2014\n"
        "A,B,3,info,2016\n"
        "A,C,1,projekt,2016\n"
        "C,A,2,projekt,2016\n"
        "D,C,1,info,2016\n"
        "A,E,1,info,2016\n"
    )
    toml = 'name = "Klein"\ndirected = true\ngroup = "group"\nperiods = ["2014", "2016"]\n'
    return make_dataset(actors, ties, toml)
