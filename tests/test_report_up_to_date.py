"""The committed example report ``reports/musterstadt`` matches what the code produces now.

Regenerate it with ``.venv/bin/python scripts/make_example_report.py`` when this test fails after an
intended change of results. Compared:

* the set of files (every table, figure, interactive page);
* every CSV table numerically (relative tolerance 1e-6: floats may differ in the last digits
  between BLAS builds) and ``findings.json`` (numbers with the same tolerance);
* ``findings.md`` exactly;
* ``index.html`` exactly after removing the ``width``/``height`` attributes of the images (the
  pixel size of a figure depends on the installed fonts); ``report.html`` likewise after also
  removing the embedded figures (their bytes depend on the fonts too);
* PNG/SVG and the interactive pages not at all beyond their presence (fonts and the vendored
  JavaScript may differ between machines; the other tests check their content).
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from .conftest import ROOT
from .test_report import musterstadt_report

COMMITTED = ROOT / "reports" / "musterstadt"
HINT = "reports/musterstadt is out of date: run `.venv/bin/python scripts/make_example_report.py`"

pytestmark = pytest.mark.skipif(not COMMITTED.is_dir(), reason="no committed example report")


@pytest.fixture(scope="module")
def fresh() -> Path:
    return musterstadt_report()


def _files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def _close(a: Any, b: Any, path: str = "") -> None:
    if isinstance(a, dict) and isinstance(b, dict):
        assert sorted(a) == sorted(b), f"{HINT} ({path}: keys differ)"
        for key in a:
            _close(a[key], b[key], f"{path}.{key}")
    elif isinstance(a, list) and isinstance(b, list):
        assert len(a) == len(b), f"{HINT} ({path}: lengths differ)"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            _close(x, y, f"{path}[{i}]")
    elif isinstance(a, float) or isinstance(b, float):
        assert isinstance(a, int | float) and isinstance(b, int | float), f"{HINT} ({path})"
        assert math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9), f"{HINT} ({path}: {a} != {b})"
    else:
        assert a == b, f"{HINT} ({path}: {a!r} != {b!r})"


def test_same_files(fresh: Path) -> None:
    assert _files(fresh) == _files(COMMITTED), HINT


def test_tables_match(fresh: Path) -> None:
    for path in sorted((COMMITTED / "tables").glob("*.csv")):
        old = pd.read_csv(path, dtype={"id": str, "source": str, "target": str})
        new = pd.read_csv(fresh / "tables" / path.name,
                          dtype={"id": str, "source": str, "target": str})  # fmt: skip
        try:
            pd.testing.assert_frame_equal(new, old, check_exact=False, rtol=1e-6, atol=1e-9)
        except AssertionError as exc:
            raise AssertionError(f"{HINT}: tables/{path.name} differs\n{exc}") from None


def test_findings_match(fresh: Path) -> None:
    old = json.loads((COMMITTED / "findings.json").read_text(encoding="utf-8"))
    new = json.loads((fresh / "findings.json").read_text(encoding="utf-8"))
    _close(new, old, "findings.json")
    old_md = (COMMITTED / "findings.md").read_text(encoding="utf-8")
    assert (fresh / "findings.md").read_text(encoding="utf-8") == old_md, HINT


def _strip_sizes(text: str) -> str:
    return re.sub(r'(<img [^>]*?) width="\d+" height="\d+"', r"\1", text)


def _strip_figures(text: str) -> str:
    return re.sub(r'src="data:image/png;base64,[^"]*"', 'src="data:"', _strip_sizes(text))


@pytest.mark.parametrize("name", ["index.html", "report.html"])
def test_page_matches(fresh: Path, name: str) -> None:
    old = _strip_figures((COMMITTED / name).read_text(encoding="utf-8"))
    new = _strip_figures((fresh / name).read_text(encoding="utf-8"))
    if new != old:
        diff = next(i for i, (a, b) in enumerate(zip(new, old, strict=False)) if a != b)
        raise AssertionError(f"{HINT}: {name} differs near …{new[diff - 80 : diff + 80]}…")


def test_provenance_records_the_same_options_and_inputs(fresh: Path) -> None:
    """provenance.json: the options, the resolved configuration and the input files (not the
    versions, the platform or the command line, which depend on the machine and the caller)."""
    old = json.loads((COMMITTED / "provenance.json").read_text(encoding="utf-8"))
    new = json.loads((fresh / "provenance.json").read_text(encoding="utf-8"))
    for key in ("options", "config", "dataset", "inputs"):
        if key == "dataset":  # its source is the path the report was made from
            old[key].pop("source", None), new[key].pop("source", None)
        if key == "inputs":  # the same files with the same contents, wherever they were read
            old[key] = [(Path(i["path"]).name, i["sha256"]) for i in old[key]]
            new[key] = [(Path(i["path"]).name, i["sha256"]) for i in new[key]]
        assert new[key] == old[key], f"{HINT} (provenance.json: {key} differs)"
