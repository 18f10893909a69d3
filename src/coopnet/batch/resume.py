"""Checkpoint and resume of a batch: skip the datasets whose inputs and options are unchanged.

Each dataset's **fingerprint** is a SHA-256 over coopnet's version, the analysis options
(:meth:`coopnet.config.AnalysisConfig.to_dict`) and the content of every file of the dataset (the
workbook, or every file in the dataset folder: ``actors.csv``, ``ties.csv``, ``dataset.toml``, ...).

* A finished batch folder holds :data:`STATE_NAME`: per dataset its fingerprint, the row of
  ``municipalities.csv`` and the files of its output folder.
* While a batch runs, every dataset analysed is written into a checkpoint folder next to the
  output (``.<name>.resume/<folder>/``) with the same record (``<folder>.json``, written last);
  it survives a crash or a killed run and is removed when the batch folder is complete.

A rerun takes a dataset's previous result when its fingerprint is unchanged and its previous
output is complete (every file present), from the checkpoint or from the previous batch folder;
everything else is analysed again. ``force=True`` (``--force``) recomputes everything.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from coopnet.config import AnalysisConfig

__all__ = [
    "STATE_NAME",
    "Previous",
    "checkpoint_folder",
    "fingerprint",
    "load_previous",
    "record",
    "remove_checkpoint",
    "reuse",
    "write_state",
]

STATE_NAME: Final = "batch-state.json"
"""File of a batch folder with each dataset's fingerprint, row and files."""

_FORMAT: Final = 1
_SKIP: Final = {".git", ".venv", "__pycache__", "node_modules"}
_CHUNK: Final = 1 << 20


def _plain(value: Any) -> Any:
    """JSON for numpy scalars (their Python value); anything else as text."""
    return value.item() if hasattr(value, "item") else str(value)


def _version() -> str:
    import coopnet

    return str(coopnet.__version__)


def _dataset_files(path: Path) -> list[Path]:
    """The files of a dataset: the workbook, or every file in its folder (hidden ones left out)."""
    if path.is_file():
        return [path]
    found = []
    for item in sorted(path.rglob("*")):
        rel = item.relative_to(path).parts
        if any(part.startswith(".") or part in _SKIP for part in rel):
            continue
        if item.is_file():
            found.append(item)
    return found


def _file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def fingerprint(path: Path, config: AnalysisConfig) -> str:
    """SHA-256 of coopnet's version, the options and the content of the dataset's files.

    Examples
    --------
    >>> from pathlib import Path
    >>> a = fingerprint(Path("data/musterstadt"), AnalysisConfig())
    >>> a == fingerprint(Path("data/musterstadt"), AnalysisConfig())
    True
    >>> a == fingerprint(Path("data/musterstadt"), AnalysisConfig(seed=1))
    False
    """
    path = Path(path)
    files = [
        [item.relative_to(path).as_posix() if path.is_dir() else item.name, _file_digest(item)]
        for item in _dataset_files(path)
    ]
    identity = {
        "coopnet": _version(),
        "options": config.to_dict(),
        "files": files,
    }
    text = json.dumps(identity, sort_keys=True, ensure_ascii=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def checkpoint_folder(out: Path) -> Path:
    """The checkpoint folder of the batch folder `out`: ``.<name>.resume`` next to it."""
    absolute = Path(os.path.abspath(out))
    return absolute.parent / f".{absolute.name}.resume"


def _folder_files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def record(
    checkpoint: Path, folder_name: str, source: Path, key: str, row: Mapping[str, Any]
) -> None:
    """Keep a finished dataset in the checkpoint: copy its output folder, then its record.

    The record (``<folder>.json``) is written last and atomically, so a record always belongs to
    a complete copy.
    """
    checkpoint.mkdir(parents=True, exist_ok=True)
    target = checkpoint / folder_name
    if target.exists():
        shutil.rmtree(target)
    _copy(source, target)
    entry = {"fingerprint": key, "row": dict(row), "files": _folder_files(target)}
    tmp = checkpoint / f"{folder_name}.json.tmp"
    tmp.write_text(json.dumps(entry, ensure_ascii=False, default=_plain), encoding="utf-8")
    os.replace(tmp, checkpoint / f"{folder_name}.json")


def _copy(source: Path, target: Path) -> None:
    """Copy a folder, with hard links where the file system allows (nothing is rewritten)."""

    def link(src: str, dst: str) -> None:
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)

    shutil.copytree(source, target, copy_function=link)


@dataclass(frozen=True)
class Previous:
    """A dataset's earlier result that may be reused."""

    fingerprint: str
    row: dict[str, Any]
    folder: Path
    files: tuple[str, ...]

    def complete(self) -> bool:
        """Whether every file of the earlier output is still there."""
        return self.folder.is_dir() and all((self.folder / f).is_file() for f in self.files)


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _entry(data: Any, folder: Path) -> Previous | None:
    if not isinstance(data, dict):
        return None
    key, row, files = data.get("fingerprint"), data.get("row"), data.get("files")
    if not (isinstance(key, str) and isinstance(row, dict) and isinstance(files, list)):
        return None
    if row.get("status") != "ok" or not files or not all(isinstance(f, str) for f in files):
        return None
    return Previous(key, row, folder, tuple(files))


def load_previous(out: Path, folders: Mapping[str, str]) -> dict[str, Previous]:
    """Earlier results by dataset name: the checkpoint of a crashed run, else the last batch.

    `folders` maps dataset names to their output folder names. Only complete outputs of
    analysed (``ok``) datasets are returned.
    """
    from coopnet.outputs import read_manifest

    found: dict[str, Previous] = {}
    manifest = read_manifest(out) if out.is_dir() else None
    state = _read_json(out / STATE_NAME) if manifest is not None and manifest.complete else None
    if isinstance(state, dict) and state.get("format") == _FORMAT:
        datasets = state.get("datasets")
        if isinstance(datasets, dict):
            for name, data in datasets.items():
                if name in folders:
                    entry = _entry(data, out / folders[name])
                    if entry is not None:
                        found[name] = entry
    checkpoint = checkpoint_folder(out)
    if checkpoint.is_dir():
        by_folder = {folder: name for name, folder in folders.items()}
        for path in checkpoint.glob("*.json"):
            name = by_folder.get(path.stem)
            entry = _entry(_read_json(path), checkpoint / path.stem) if name else None
            if name is not None and entry is not None:
                found[name] = entry  # newer than the last finished batch
    return {name: entry for name, entry in found.items() if entry.complete()}


def reuse(previous: Previous, target: Path) -> None:
    """Put an earlier output folder into the batch folder being built."""
    if target.exists():
        shutil.rmtree(target)
    _copy(previous.folder, target)


def write_state(
    building: Path,
    entries: Iterable[tuple[str, str, Mapping[str, Any]]],
    folders: Mapping[str, str],
) -> None:
    """Write :data:`STATE_NAME` into the batch folder: ``(name, fingerprint, row)`` of each
    analysed dataset, with the files of its output folder."""
    datasets: dict[str, Any] = {}
    for name, key, row in entries:
        folder = building / folders[name]
        if row.get("status") == "ok" and folder.is_dir():
            datasets[name] = {"fingerprint": key, "row": dict(row), "files": _folder_files(folder)}
    state = {"format": _FORMAT, "coopnet": _version(), "datasets": datasets}
    text = json.dumps(state, indent=1, sort_keys=True, ensure_ascii=False, default=_plain) + "\n"
    (building / STATE_NAME).write_text(text, encoding="utf-8")


def remove_checkpoint(out: Path) -> None:
    """Remove the checkpoint folder of `out` (after the batch folder is complete)."""
    with contextlib.suppress(FileNotFoundError):
        shutil.rmtree(checkpoint_folder(out))
