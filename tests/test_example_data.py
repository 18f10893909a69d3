"""The bundled examples Musterstadt and Sonnenberg: valid, reproducible from their generators."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import coopnet

from .conftest import MUSTERSTADT, ROOT

FILES = ("actors.csv", "ties.csv", "dataset.toml", "musterstadt.xlsx", "README.md")


def test_musterstadt_is_valid_without_warnings_except_isolates() -> None:
    report = coopnet.validate(MUSTERSTADT)
    assert report.ok, report.format()
    assert {p.code for p in report.warnings} <= {"isolate"}
    net = coopnet.load(MUSTERSTADT)
    assert 50 <= len(net.actors) <= 80
    assert net.periods == ("2014", "2016", "2022")
    assert net.directed


def test_excel_copy_has_the_same_content() -> None:
    folder = coopnet.load(MUSTERSTADT)
    book = coopnet.load(MUSTERSTADT / "musterstadt.xlsx")
    assert book.actors.fillna("").astype(str).equals(folder.actors.fillna("").astype(str))
    assert book.ties.equals(folder.ties)
    assert book.meta.periods == folder.meta.periods and book.directed


def test_generator_reproduces_the_shipped_files_and_story(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "make_musterstadt.py"),
            "--out",
            str(tmp_path),
            "--check",
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "all story checks passed" in result.stdout
    changed = [
        name
        for name in FILES
        if hashlib.sha256((tmp_path / name).read_bytes()).digest()
        != hashlib.sha256((MUSTERSTADT / name).read_bytes()).digest()
    ]
    assert not changed, f"regenerate with scripts/make_musterstadt.py: {changed} differ"


def test_codebook_says_synthetic() -> None:
    head = (MUSTERSTADT / "README.md").read_text(encoding="utf-8")[:600].lower()
    assert "synthetic" in head


SONNENBERG = ROOT / "data" / "sonnenberg"


def test_sonnenberg_survey_export_is_valid_with_its_codes() -> None:
    report = coopnet.validate(SONNENBERG)
    assert report.ok and not report.warnings, report.format()
    net = coopnet.load(SONNENBERG)
    assert (len(net.actors), len(net.ties)) == (32, 140)
    assert net.directed and set(net.ties["weight"]) <= {1.0, 2.0, 3.0, 4.0}
    assert int(net.actors["responded"].sum()) == 26
    assert coopnet.study(SONNENBERG).options.group == "sector"  # group = "Bereich" in the file
    read = "\n".join(report.mapping("en"))
    assert "codes of 'tie' in matrix.csv: '1' = 0 (647×)" in read
    assert "'Teilnahme an Befragung' → responded" in read


def test_sonnenberg_without_codes_warns_about_the_coding(tmp_path: Path) -> None:
    for name in ("akteure.csv", "matrix.csv"):
        (tmp_path / name).write_bytes((SONNENBERG / name).read_bytes())
    report = coopnet.validate(tmp_path)
    assert any(p.code == "matrix_coding" for p in report.warnings)
    assert {p.column for p in report.errors if p.code == "bad_responded"} == {
        "Teilnahme an Befragung"
    }


def test_sonnenberg_workbook_has_the_same_content() -> None:
    folder = coopnet.load(SONNENBERG)
    book = coopnet.load(SONNENBERG / "sonnenberg.xlsx")
    assert book.ties.equals(folder.ties)
    assert book.actors.fillna("").astype(str).equals(folder.actors.fillna("").astype(str))


def test_sonnenberg_generator_reproduces_the_shipped_files(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_sonnenberg.py"), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    for path in sorted(SONNENBERG.iterdir()):
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name
    head = (SONNENBERG / "README.md").read_text(encoding="utf-8")[:400].lower()
    assert "synthetic" in head
