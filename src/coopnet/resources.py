"""Files shipped with coopnet: the example municipality Musterstadt and the documentation.

A wheel carries them as the data-only subpackages ``coopnet._example`` (the repository's
``data/musterstadt``) and ``coopnet._docs`` (the repository's ``docs/``), mapped in
``pyproject.toml`` so that each file exists once in the repository. In a source checkout or an
editable install they are read from the repository itself. ``coopnet example DIR`` and
``coopnet docs`` are the command-line side.
"""

from __future__ import annotations

import importlib.metadata
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from coopnet.errors import CoopnetError
from coopnet.messages import tr

__all__ = ["EXAMPLE_FILES", "doc_names", "doc_text", "example_files", "write_example"]

EXAMPLE_FILES = ("actors.csv", "ties.csv", "dataset.toml", "README.md", "musterstadt.xlsx")
"""The files of the example dataset, in the order they are written."""

_ROOT = Path(__file__).resolve().parents[2]


def _folder(package: str, source: Path) -> Traversable:
    try:
        return resources.files(package)
    except ModuleNotFoundError as exc:  # a source checkout / editable install: the repository's
        if not source.is_dir():  # pragma: no cover - neither installed nor in a checkout
            raise CoopnetError(
                f"coopnet's {package} files are missing from this installation"
            ) from exc
        return source


def example_files() -> dict[str, Traversable]:
    """``{file name: file}`` of the Musterstadt example (:data:`EXAMPLE_FILES`)."""
    folder = _folder("coopnet._example", _ROOT / "data" / "musterstadt")
    return {name: folder.joinpath(name) for name in EXAMPLE_FILES}


def write_example(out: str | Path, *, overwrite: bool = False) -> list[Path]:
    """Write the example dataset Musterstadt (synthetic) into the folder `out`.

    Parameters
    ----------
    out
        The folder; created if missing.
    overwrite
        Replace files of the same names. By default nothing that exists is touched.

    Returns
    -------
    list of Path
        The files written, :data:`EXAMPLE_FILES` in order.

    Raises
    ------
    CoopnetError
        `out` is a file, or already holds one of the example's files (and not `overwrite`).

    Examples
    --------
    >>> import tempfile, coopnet
    >>> folder = write_example(tempfile.mkdtemp())[0].parent
    >>> len(coopnet.load(folder).actors)
    72
    """
    folder = Path(out)
    if folder.exists() and not folder.is_dir():
        raise CoopnetError(tr("errors.resources.is_file", folder=folder))
    files = example_files()
    taken = [name for name in files if (folder / name).exists()]
    if taken and not overwrite:
        raise CoopnetError(tr("errors.resources.taken", folder=folder, files=", ".join(taken)))
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, source in files.items():
        target = folder / name
        target.write_bytes(source.read_bytes())
        written.append(target)
    return written


def _docs() -> dict[str, Traversable]:
    folder = _folder("coopnet._docs", _ROOT / "docs")
    return {p.name.removesuffix(".md"): p for p in folder.iterdir() if p.name.endswith(".md")}


def doc_names() -> list[str]:
    """The documents shipped: ``readme`` and the names of ``docs/*.md`` (sorted)."""
    return ["readme", *sorted(_docs())]


def doc_text(name: str) -> str:
    """The Markdown text of a shipped document (``readme``: the README, from the metadata).

    Raises
    ------
    CoopnetError
        No document of that name (the message lists them).

    Examples
    --------
    >>> doc_text("data-format").startswith("#")
    True
    """
    if name == "readme":
        try:
            body = importlib.metadata.metadata("coopnet").get_payload()  # type: ignore[attr-defined]
        except importlib.metadata.PackageNotFoundError:  # pragma: no cover - not installed
            body = None
        if isinstance(body, str) and body.strip():
            return body
        readme = _ROOT / "README.md"
        if readme.is_file():  # pragma: no cover - metadata without a long description
            return readme.read_text(encoding="utf-8")
    docs = _docs()
    key = name.removesuffix(".md")
    if key not in docs:
        raise CoopnetError(
            tr("errors.resources.no_document", name=name, names=", ".join(doc_names()))
        )
    return docs[key].read_text(encoding="utf-8")
