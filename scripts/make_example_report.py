"""Regenerate the example report ``reports/musterstadt`` from ``data/musterstadt``.

Run from anywhere: ``.venv/bin/python scripts/make_example_report.py``. The result is what the README's
main-job command ``coopnet report data/musterstadt --out reports/musterstadt`` writes; the test
``tests/test_report_up_to_date.py`` fails when the committed folder is out of date.
"""

from __future__ import annotations

import contextlib
import dataclasses
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import coopnet  # noqa: E402
from coopnet.report import build_report  # noqa: E402

DATASET = "data/musterstadt"
"""The dataset, as the README's command names it (shown as the source in the report)."""

OUT = ROOT / "reports" / "musterstadt"


def make(out: Path = OUT, *, progress: bool = True) -> Path:
    """Build the Musterstadt example report into ``out`` with the default options."""
    net = coopnet.load(ROOT / DATASET)
    net = dataclasses.replace(net, source=DATASET)  # the path as the README's command gives it
    start = time.perf_counter()

    def say(message: str) -> None:
        if progress:
            print(f"{time.perf_counter() - start:6.1f} s  {message}", file=sys.stderr)

    study = coopnet.study(net, coopnet.AnalysisConfig())
    # provenance.json records the README's command, and the input paths relative to the root
    study.command = ("coopnet", "report", DATASET, "--out", "reports/musterstadt")
    with contextlib.chdir(ROOT):
        return build_report(study, out.resolve(), progress=say)


if __name__ == "__main__":
    print(make())
