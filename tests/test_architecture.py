"""Data flows one way: a module imports only modules upstream of it (docs/architecture.md)."""

from __future__ import annotations

import ast
from pathlib import Path

from .conftest import ROOT

SRC = ROOT / "src" / "coopnet"

# rank of each top-level module or subpackage; a module may import only lower ranks
# (modules of one subpackage may import each other).
RANK = {
    "errors": 0,
    "lang": 0,
    "schema": 0,
    "jsonio": 0,
    "textsafe": 0,
    # problems, notes and reasons as catalogue texts (errors + lang), used from config on
    "messages": 0.5,
    "resources": 0.75,  # uses messages (catalogue texts of its errors)  # the shipped example data and docs
    "display": 0.5,  # HTML summaries for notebooks (uses lang)
    "config": 1,
    "readers": 1.5,
    "outputs": 1,
    "spreadsheet": 1.5,
    "io": 2,
    # writers for other tools (Gephi, Pajek, UCINET, JSON); model.write dispatches to them
    "export": 2.5,
    "validation": 3,
    "model": 4,
    # survey reads actor lists (io, validation) and earlier waves (model) and writes datasets;
    # it needs no measure, so it sits below metrics
    "survey": 4.5,
    "metrics": 5,
    "run": 5.5,
    "provenance": 5.6,  # provenance.json: command, options, versions, input hashes
    "compare": 6,
    "recommend": 6.5,
    "diagnose": 7,
    "layout": 8,
    "palette": 8,
    "viz": 9,
    "interactive": 9,
    # the atlas (many municipalities compared) draws its own figures and the report shows its
    # peer comparison; batch does not import it, so batch workers never load it
    "atlas": 9.5,
    "report": 10,
    "pipeline": 11,
    "interop": 11.5,  # to_pyvis: a styled pyvis Network (optional extra)
    "notebook": 11.5,  # coopnet.show: the interactive page inline in notebooks
    "batch": 12,
    "completion": 12.5,  # shell completion generated from the parser (argparse only)
    "console": 12.75,  # the CLI's own texts: the localised argparse parser, log level words
    "cli": 13,
}


def _unit(path: Path) -> str:
    rel = path.relative_to(SRC)
    return rel.parts[0].removesuffix(".py")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("coopnet."):
            found.add(node.module.split(".")[1])
        elif isinstance(node, ast.ImportFrom) and node.module == "coopnet":
            found.update(alias.name for alias in node.names if alias.name in RANK)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("coopnet."):
                    found.add(alias.name.split(".")[1])
    return found


def test_every_module_has_a_rank() -> None:
    units = {_unit(p) for p in SRC.rglob("*.py")} - {"__init__", "__main__"}
    assert units <= set(RANK), units - set(RANK)


def test_imports_point_upstream() -> None:
    bad = []
    for path in SRC.rglob("*.py"):
        unit = _unit(path)
        if unit in ("__init__", "__main__"):
            continue
        for imported in _imports(path):
            if imported == unit or imported not in RANK:
                continue
            if RANK[imported] >= RANK[unit]:
                bad.append(f"{path.relative_to(SRC)} imports coopnet.{imported}")
    assert not bad, "backwards imports:\n" + "\n".join(bad)
