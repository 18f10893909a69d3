"""The examples run: the script end to end, and the notebook's code cells in order (no Jupyter)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

EXAMPLES = ROOT / "examples"


def test_script_runs(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "MPLBACKEND": "Agg"}
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / "analyse_musterstadt.py"), "--out", str(tmp_path),
         "--permutations", "99"],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "0 error(s)" in done.stdout and "Befunde" in done.stdout
    for name in ("findings.json", "findings.md", "network_2016.png", "network_2016.svg",
                 "ei_over_periods.png", "network_2016.html"):  # fmt: skip
        assert (tmp_path / name).is_file(), name


def test_notebook_cells_run_in_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    notebook = json.loads((EXAMPLES / "musterstadt.ipynb").read_text(encoding="utf-8"))
    cells = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    assert len(cells) >= 8
    assert all(not c["outputs"] for c in cells), "commit the notebook without outputs"
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("COOPNET_EXAMPLE_OUT", str(tmp_path))
    monkeypatch.setenv("COOPNET_PERMUTATIONS", "99")
    namespace: dict[str, object] = {"__name__": "__notebook__"}
    for number, cell in enumerate(cells, start=1):
        source = "".join(cell["source"])
        exec(compile(source, f"<notebook cell {number}>", "exec"), namespace)
    assert (tmp_path / "findings.md").is_file()
    assert (tmp_path / "network_2016.html").is_file()
    assert namespace["study"].periods == ("2014", "2016", "2022")  # type: ignore[attr-defined]
    # each period's graph built once: the symmetrised ties and the nominations (summary, diagnosis)
    assert namespace["study"].counts == {"graphs": 6, "analyses": 3}  # type: ignore[attr-defined]


def test_readme_explains_own_data() -> None:
    text = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    for needle in ("coopnet validate", "coopnet report", "actors", "ties", ".xlsx", "Kürzel"):
        assert needle in text, needle
