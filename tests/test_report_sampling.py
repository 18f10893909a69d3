"""The report and ``coopnet analyze`` say when betweenness or closeness were estimated, and how."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coopnet.cli import main
from coopnet.config import AnalysisConfig
from coopnet.lang import text
from coopnet.report import build_report

from .conftest import ROOT

MUSTERSTADT = ROOT / "data" / "musterstadt"


def test_the_report_notes_sampled_betweenness(tmp_path: Path) -> None:
    config = AnalysisConfig(sample="sampled", epsilon=0.05)
    out = build_report(MUSTERSTADT, tmp_path / "report", config=config)
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "Vermittlung (Betweenness) ist bei dieser Netzgröße geschätzt" in page
    assert "Riondato &amp; Kornaropoulos 2016" in page and "0,05" in page and "0,9" in page
    # 72 actors: the pivot sample for closeness would cover them all, so closeness stays exact
    assert "Eppstein" not in page


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_sampling_notes_exist_in_both_languages(lang: str) -> None:
    for measure in ("betweenness", "closeness"):
        note = text(f"report.sampled_{measure}", lang, samples="800", epsilon="0.05", chance="0.9")
        assert "800" in note and "0.05" in note and "0.9" in note


def test_an_exact_report_has_no_sampling_note() -> None:
    # the committed example report was made with the default options (exact at 72 actors)
    page = (ROOT / "reports" / "musterstadt" / "index.html").read_text(encoding="utf-8")
    assert "Riondato" not in page and "geschätzt, aus" not in page


def test_analyze_writes_the_bound_into_network_json(tmp_path: Path) -> None:
    code = main(["analyze", str(MUSTERSTADT), "--out", str(tmp_path / "a"), "--sample", "sampled",
                 "--epsilon", "0.05", "--delta", "0.2", "--seed", "3", "-q"])  # fmt: skip
    assert code == 0
    network = json.loads((tmp_path / "a" / "network.json").read_text(encoding="utf-8"))
    between = network["estimation"]["betweenness"]
    assert between["method"] == "riondato-kornaropoulos"
    assert (between["epsilon"], between["delta"], between["seed"]) == (0.05, 0.2, 3)
    assert between["samples"] > 0
    assert network["estimation"]["closeness"]["method"] == "exact"
    assert network["options"]["sample"] == "sampled"
    code = main(["analyze", str(MUSTERSTADT), "--out", str(tmp_path / "b"), "-q"])
    assert code == 0
    exact = json.loads((tmp_path / "b" / "network.json").read_text(encoding="utf-8"))
    assert exact["estimation"] == {"betweenness": {"method": "exact"},
                                   "closeness": {"method": "exact"}}  # fmt: skip


@pytest.mark.parametrize("flags", [["--epsilon", "0"], ["--delta", "1.5"], ["--sample", "fast"]])
def test_bad_sampling_flags_fail_cleanly(
    tmp_path: Path, flags: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["analyze", str(MUSTERSTADT), "--out", str(tmp_path / "a"), *flags]) != 0
    assert "Traceback" not in capsys.readouterr().err


def test_analyze_prints_what_was_estimated_and_why(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "a"
    argv = ["analyze", str(MUSTERSTADT), "--out", str(out), "--sample", "sampled", "--lang", "en"]
    assert main(argv) == 0
    printed = capsys.readouterr().out
    line = next(x for x in printed.splitlines() if "estimated" in x)
    assert line.startswith("  betweenness estimated (riondato-kornaropoulos, ")
    assert "sample='sampled' (asked for)" in line and "within 0.01" in line
    assert "closeness estimated" not in printed  # its pivots would cover all 72 actors
    network = json.loads((out / "network.json").read_text(encoding="utf-8"))
    assert network["estimation"]["betweenness"]["reason"] == "sample='sampled' (asked for)"
    assert "would cover all 72 actors" in network["estimation"]["closeness"]["reason"]
    assert main(["analyze", str(MUSTERSTADT), "--out", str(tmp_path / "b")]) == 0
    assert "estimated" not in capsys.readouterr().out
