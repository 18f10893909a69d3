"""The bundled Musterstadt dataset: valid, reproducible from its generator, and telling its story."""

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
