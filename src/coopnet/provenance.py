"""Provenance of an output folder: the command, the options, the versions and the input files.

Every folder coopnet writes (``coopnet report``, ``analyze``, ``compare``, ``diagnose --out``,
``qap``, ``recommend``) gets a ``provenance.json``, so a study can be rerun exactly and a reader
can tell which data and which software produced it::

    {"coopnet": "0.1.0", "command": ["coopnet", "report", "data/musterstadt", "--out", "r"],
     "options": {...Study.options.to_dict()...}, "config": {...the options as given...},
     "dataset": {"name": "Musterstadt", "source": "data/musterstadt"},
     "inputs": [{"path": "data/musterstadt/actors.csv", "sha256": "…", "bytes": 6057}, …],
     "python": "3.11.7", "platform": "Linux-…", "packages": {"networkx": "3.6.1", …}}

No clock time is recorded: the same command on the same data and software gives the same file.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import platform
import sys
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from coopnet import schema
from coopnet.jsonio import to_jsonable, write_json
from coopnet.outputs import PROVENANCE_FILE
from coopnet.run import Study

__all__ = ["PACKAGES", "PROVENANCE_FILE", "input_files", "provenance", "write_provenance"]


PACKAGES = ("networkx", "pandas", "numpy", "scipy", "matplotlib", "igraph", "openpyxl")
"""The libraries whose versions are recorded (those that compute or write results)."""


def _version(name: str) -> str | None:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def input_files(source: str | Path) -> list[Path]:
    """The files a dataset was read from: a folder's actors, ties and ``dataset.toml``; a file and
    the ``.toml`` of the same name beside it (those that exist)."""
    path = Path(source)
    if path.is_dir():
        names = (schema.ACTORS_FILE, schema.TIES_FILE, schema.META_FILE)
        return [path / n for n in names if (path / n).is_file()]
    found = [path] if path.is_file() else []
    meta = path.with_suffix(".toml")
    if path.suffix != ".toml" and meta.is_file():
        found.append(meta)
    return found


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def provenance(
    study: Study,
    *,
    command: Sequence[str] | None = None,
    extra_inputs: Sequence[str | Path] = (),
) -> dict[str, Any]:
    """The provenance record of a run on `study` (JSON-ready).

    Parameters
    ----------
    study
        The study the outputs were computed from.
    command
        The command line; default ``study.command`` (set by the CLI), else the Python process'
        ``sys.argv`` (a script or notebook calling the API).
    extra_inputs
        Further files read (``--options FILE``, ``--dyadic FILE``), hashed too.

    Returns
    -------
    dict
        ``coopnet, command, options`` (:meth:`coopnet.run.StudyOptions.to_dict`), ``config`` (the
        options as given), ``dataset`` (name, source), ``inputs`` (``path, sha256, bytes`` per
        file), ``python``, ``platform``, ``packages`` (:data:`PACKAGES` → version).
    """
    from coopnet import __version__

    if command is None:
        command = study.command if study.command is not None else ["python", *sys.argv]
    files = [*input_files(study.net.source), *(Path(p) for p in extra_inputs)]
    return to_jsonable(  # type: ignore[no-any-return]
        {
            "coopnet": __version__,
            "command": list(command),
            "options": study.options.to_dict(),
            "config": asdict(study.config),
            "dataset": {"name": study.name, "source": str(study.net.source)},
            "inputs": [
                {"path": str(p), "sha256": _sha256(p), "bytes": p.stat().st_size} for p in files
            ],
            "python": platform.python_version(),
            "platform": platform.platform(),
            "packages": {name: _version(name) for name in PACKAGES},
        }
    )


def write_provenance(study: Study, folder: str | Path, **options: Any) -> Path:
    """Write :func:`provenance` as ``provenance.json`` into `folder`; returns the file."""
    return write_json(provenance(study, **options), Path(folder) / PROVENANCE_FILE)
