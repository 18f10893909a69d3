"""Packaging: licence, version, shipped example data and docs, and a wheel in a clean venv."""

from __future__ import annotations

import importlib.metadata
import os
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

import coopnet
from coopnet.cli import main
from coopnet.resources import EXAMPLE_FILES, doc_names, doc_text

from .conftest import MUSTERSTADT, ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_licence_and_spdx_expression() -> None:
    project = PYPROJECT["project"]
    assert project["license"] == "MIT" and "LICENSE" in project["license-files"]
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    requires = PYPROJECT["build-system"]["requires"]
    assert requires == ["setuptools>=77"]  # the first setuptools with PEP 639 license fields


def test_core_dependencies_have_no_pyvis_and_use_igraph() -> None:
    deps = PYPROJECT["project"]["dependencies"]
    names = {d.split(">")[0].split("=")[0].split("<")[0].strip() for d in deps}
    assert "pyvis" not in names and "python-igraph" not in names and "igraph" in names
    assert PYPROJECT["project"]["optional-dependencies"]["pyvis"] == ["pyvis>=0.3.2"]
    test = PYPROJECT["project"]["optional-dependencies"]["test"]
    assert "coopnet[pyvis]" in test and any(d.startswith("nbclient") for d in test)


def test_package_list_names_every_package() -> None:
    src = ROOT / "src"
    found = {".".join(p.parent.relative_to(src).parts) for p in src.rglob("__init__.py")}
    listed = set(PYPROJECT["tool"]["setuptools"]["packages"])
    assert listed == {*found, "coopnet._example", "coopnet._docs"}
    mapped = PYPROJECT["tool"]["setuptools"]["package-dir"]
    assert mapped["coopnet._example"] == "data/musterstadt" and mapped["coopnet._docs"] == "docs"


def test_version_comes_from_the_installed_metadata() -> None:
    assert coopnet.__version__ == importlib.metadata.version("coopnet")
    assert coopnet.__version__ == PYPROJECT["project"]["version"]


def test_example_writes_musterstadt_and_never_overwrites(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "beispiel"
    assert main(["example", str(out)]) == 0
    for name in EXAMPLE_FILES:
        assert (out / name).read_bytes() == (MUSTERSTADT / name).read_bytes(), name
    assert len(coopnet.load(out).actors) == 72
    (out / "ties.csv").write_text("mine", encoding="utf-8")
    assert main(["example", str(out)]) == 1
    assert "enthält schon actors.csv" in capsys.readouterr().err
    assert (out / "ties.csv").read_text(encoding="utf-8") == "mine"  # untouched
    assert main(["example", str(out), "--force"]) == 0
    assert (out / "ties.csv").read_bytes() == (MUSTERSTADT / "ties.csv").read_bytes()


def test_docs_are_shipped_and_printed(capsys: pytest.CaptureFixture[str]) -> None:
    shipped = {p.stem for p in (ROOT / "docs").glob("*.md")}
    assert set(doc_names()) == {"readme", *shipped}
    assert main(["docs", "measures"]) == 0
    assert capsys.readouterr().out == (ROOT / "docs" / "measures.md").read_text(encoding="utf-8")
    assert doc_text("readme").lstrip().startswith("# coopnet")
    assert main(["docs", "nope"]) == 1


def test_help_points_to_installed_docs(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "„coopnet docs“" in out and "README.md" not in out
    assert main(["--help", "--lang", "en"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "'coopnet docs'" in out and "README.md" not in out


@pytest.mark.slow
def test_wheel_in_a_clean_venv_runs_example_and_report(tmp_path: Path) -> None:
    """Build the wheel, install it into a fresh venv outside the repository, run it there."""
    wheels = tmp_path / "wheels"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(wheels), str(ROOT)],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert build.returncode == 0, build.stderr
    (wheel,) = wheels.glob("coopnet-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    dist = f"coopnet-{coopnet.__version__}.dist-info"
    assert f"{dist}/licenses/LICENSE" in names
    assert {f"coopnet/_example/{n}" for n in EXAMPLE_FILES} <= names
    assert "coopnet/_docs/measures.md" in names
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    pip = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel)],
                         capture_output=True, text=True, timeout=1200, check=False)  # fmt: skip
    assert pip.returncode == 0, pip.stderr
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["MPLBACKEND"] = "Agg"
    work = tmp_path / "work"
    work.mkdir()

    def run(*args: str) -> str:
        done = subprocess.run([str(venv / "bin" / "coopnet"), *args], cwd=work, env=env,
                              capture_output=True, text=True, timeout=900, check=False)  # fmt: skip
        assert done.returncode == 0, (args, done.stderr)
        return done.stdout

    assert run("--version").strip() == f"coopnet {coopnet.__version__}"
    run("example", "musterstadt")
    run("report", "musterstadt", "--out", "bericht", "--permutations", "99", "-q")
    assert (work / "bericht" / "index.html").is_file()
    assert (work / "bericht" / "provenance.json").is_file()
    assert "Definition" in run("docs", "measures")
    where = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import coopnet, importlib.util as u; "
         "print(coopnet.__file__); print(u.find_spec('pyvis') is None)"],
        cwd=work, env=env, capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    assert where[0].startswith(str(venv)) and where[1] == "True"  # installed copy, no pyvis
