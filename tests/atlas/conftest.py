"""Fixtures of the atlas tests: small hand-made tables and one batch run over generated towns.

The generated municipalities come from ``scripts/make_atlas_fixture.py`` (seeded, synthetic):
six datasets with Land, Kreis, type and population in ``dataset.toml`` plus one broken dataset,
analysed once per test session by :func:`coopnet.batch.run_batch`.
"""

from __future__ import annotations

import importlib.util
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pandas as pd
import pytest

from coopnet.batch import BatchResult, run_batch
from coopnet.config import AnalysisConfig

from ..conftest import ROOT

FAST = AnalysisConfig(n_permutations=99)


def fixture_script() -> ModuleType:
    """``scripts/make_atlas_fixture.py`` as a module."""
    path = ROOT / "scripts" / "make_atlas_fixture.py"
    spec = importlib.util.spec_from_file_location("make_atlas_fixture", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks itself up there
    spec.loader.exec_module(module)
    return module


def table(**columns: Any) -> pd.DataFrame:
    """A municipalities.csv table: ``name`` a, b, c, …; every row ``ok`` unless given."""
    n = len(next(iter(columns.values())))
    data: dict[str, Any] = {"name": [chr(ord("a") + i) for i in range(n)], "status": ["ok"] * n}
    data.update(columns)
    if "n_actors" not in data:
        data["n_actors"] = [20 + 10 * i for i in range(n)]
    return pd.DataFrame(data)


@dataclass(frozen=True)
class Towns:
    """The generated municipalities and their batch run."""

    root: Path
    out: Path
    batch: BatchResult
    made: list[Any]
    outcomes: Path


@pytest.fixture(scope="session")
def towns(tmp_path_factory: pytest.TempPathFactory) -> Towns:
    root = tmp_path_factory.mktemp("kommunen")
    made = fixture_script().write_fixture(root, n=6, seed=3, broken=True)
    out = tmp_path_factory.mktemp("batch") / "out"
    result = run_batch(root, out, config=FAST, jobs=1)
    return Towns(root, out, result, made, root / "outcomes.csv")
