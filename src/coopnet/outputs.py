"""Where coopnet may write: output folders it owns, files it made, never the input.

Every command that writes (``report``, ``analyze``, ``compare``, ``diagnose --out``, ``batch``,
``convert``, ``plot``, ``html``) goes through :func:`output_folder` or :func:`output_file`, which
apply the same rules (``docs/safety.md``, "Writing files"):

* **Never the input.** A target equal to an input, inside an input folder, or a folder above an
  input is refused (paths are compared after resolving symbolic links), whatever
  ``overwrite`` says.
* **Only what coopnet made.** Each output folder gets a manifest, :data:`MANIFEST`, listing the
  files coopnet wrote, the command and the version. A later run replaces exactly those files.
  A non-empty folder without a manifest is refused unless ``overwrite=True``; even then only
  files of the same names are replaced and nothing else in the folder is deleted. Files a user
  added to a coopnet folder are kept. Single files (figures, HTML pages, workbooks, GraphML)
  carry a marker (:func:`made_by_coopnet`); an existing file without it is refused unless
  ``overwrite=True``.
* **Whole or not at all.** A folder is built next to its target (``.<name>.partial``) and put in
  place when complete — by two renames when the old folder held only coopnet's files, file by
  file otherwise; a single file is written to ``.<name>.tmp`` and renamed. A failure, Ctrl-C or
  ``SIGTERM`` (turned into :class:`Terminated` while an output is open) removes the partial
  output; what a hard kill leaves behind (``.<name>.partial``, ``.<name>.old``) is recovered by
  the next run to the same target: a finished build is completed, an unfinished one removed,
  a previous folder left aside is put back.
* **One run at a time.** An exclusive lock (``fcntl.flock``; ``msvcrt.locking`` on Windows) on
  ``.<name>.lock`` next to the target; a second run to the same target fails at once with
  :class:`~coopnet.errors.OutputError` instead of mixing two outputs. The lock file is removed
  when the run ends.

:func:`unique_names` maps names (periods, datasets) to unique, stable file-name parts.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import shutil
import signal
import sys
import threading
import unicodedata
import zipfile
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any, Final, Literal, TypeVar

from coopnet.errors import OutputError
from coopnet.jsonio import write_json
from coopnet.messages import Text, tr

__all__ = [
    "MANIFEST",
    "Manifest",
    "Terminated",
    "check_suffix",
    "made_by_coopnet",
    "output_file",
    "output_folder",
    "pair_names",
    "read_manifest",
    "unique_names",
]

log = logging.getLogger(__name__)

MANIFEST: Final = ".coopnet-manifest.json"
PROVENANCE_FILE: Final = "provenance.json"
"""The provenance record of an output folder (:mod:`coopnet.provenance`)."""
"""File name of the manifest in every output folder coopnet makes."""

GENERATOR: Final = "coopnet"
"""The marker coopnet writes into its manifests and files."""

PathLike = str | os.PathLike[str]
K = TypeVar("K", bound=Hashable)

_WINDOWS_RESERVED: Final = frozenset(
    {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
     *(f"LPT{i}" for i in range(1, 10))}
)  # fmt: skip
_UNSAFE: Final = re.compile(r"[^\w.-]+", flags=re.UNICODE)
_HASH_CHARS: Final = 8


# ---------------------------------------------------------------------------------------------
# unique, stable file names
# ---------------------------------------------------------------------------------------------
def _safe_part(text: str, max_length: int) -> tuple[str, bool]:
    """A filesystem-safe version of ``text`` and whether it had to be cut to ``max_length``."""
    base = _UNSAFE.sub("_", unicodedata.normalize("NFC", text)).strip("._") or "x"
    if base.split(".")[0].upper() in _WINDOWS_RESERVED:
        base += "_"
    if len(base) > max_length:
        return base[:max_length].rstrip("._"), True
    return base, False


def _fold(name: str) -> str:
    """The key under which two file names are the same on a case-insensitive file system."""
    return unicodedata.normalize("NFC", name).casefold()


def _digest(identity: str, length: int) -> str:
    return hashlib.sha256(identity.encode("utf-8", "surrogatepass")).hexdigest()[:length]


def _disambiguate(items: Mapping[K, tuple[str, bool, bool, str]]) -> dict[K, str]:
    """Give each key its base name, adding ``-<hash of identity>`` where that is needed.

    ``items`` maps a key to ``(base, exact, cut, identity)``: the safe base name, whether the
    base spells the original exactly, whether it was shortened, and the text hashed.
    """
    groups: dict[str, list[K]] = {}
    for key, (base, _, _, _) in items.items():
        groups.setdefault(_fold(base), []).append(key)
    out: dict[K, str] = {}
    for keys in groups.values():
        exact = [k for k in keys if items[k][1] and not items[k][2]]
        for key in keys:
            base, _, cut, identity = items[key]
            alone = len(keys) == 1 and not cut
            keeps = len(keys) > 1 and len(exact) == 1 and exact[0] == key
            out[key] = base if alone or keeps else f"{base}-{_digest(identity, _HASH_CHARS)}"
    seen: dict[str, K] = {}
    for key, name in list(out.items()):
        if _fold(name) in seen:  # a hashed name met a name spelled that way: use the full hash
            out[key] = f"{items[key][0]}-{_digest(items[key][3], 64)}"
        seen[_fold(out[key])] = key
    if len({_fold(n) for n in out.values()}) != len(out):  # pragma: no cover - sha256 collision
        raise OutputError("cannot make unique file names")
    return out


def unique_names(names: Iterable[str], *, max_length: int = 64) -> dict[str, str]:
    """Map names to unique, stable, filesystem-safe file-name parts.

    Parameters
    ----------
    names
        Periods, dataset names, column names, ... (duplicates are collapsed).
    max_length
        Longest base part; longer names are cut and always get a hash suffix.

    Returns
    -------
    dict of str to str
        ``{name: part}`` in the order of ``names``. A part is the name with every run of
        characters other than letters, digits, ``_``, ``.`` and ``-`` replaced by ``_``
        (NFC-normalised; Windows device names such as ``CON`` get a trailing ``_``). When two
        names give the same part — also when they differ only in case, since Windows and
        macOS do not tell such file names apart — every name that is not already spelled
        exactly like the part gets ``-`` and the first 8 hex digits of the SHA-256 of the name.
        The parts depend only on the set of names, never on their order or on the run.

    Examples
    --------
    >>> unique_names(["2016/17", "2016_17", "2022"])
    {'2016/17': '2016_17-a74806bc', '2016_17': '2016_17', '2022': '2022'}
    """
    items: dict[str, tuple[str, bool, bool, str]] = {}
    for name in names:
        text = str(name)
        base, cut = _safe_part(text, max_length)
        items[text] = (base, base == text, cut, text)
    return _disambiguate(items)


def pair_names(
    pairs: Iterable[tuple[str, str]], names: Mapping[str, str]
) -> dict[tuple[str, str], str]:
    """Map pairs of periods to unique file-name parts ``<a>_<b>`` built from ``names``.

    ``names`` is the result of :func:`unique_names` for the periods. Two pairs that would give
    the same part (``("a_b", "c")`` and ``("a", "b_c")``) both get a hash suffix, as in
    :func:`unique_names`.

    Examples
    --------
    >>> pair_names([("2016", "2022")], {"2016": "2016", "2022": "2022"})
    {('2016', '2022'): '2016_2022'}
    """
    items: dict[tuple[str, str], tuple[str, bool, bool, str]] = {}
    for a, b in pairs:
        base = f"{names[a]}_{names[b]}"
        items[(a, b)] = (base, f"{a}_{b}" == base, False, f"{a}\x00{b}")
    return _disambiguate(items)


# ---------------------------------------------------------------------------------------------
# paths and the input
# ---------------------------------------------------------------------------------------------
def _absolute(path: PathLike) -> Path:
    """The absolute path with symbolic links resolved (``..`` and ``.`` removed)."""
    return Path(os.path.abspath(os.fspath(path))).resolve()


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _check_not_input(target: Path, inputs: Iterable[PathLike], *, shown: str) -> None:
    """Refuse a target that is an input, lies inside an input folder, or above an input."""
    for given in inputs:
        if not os.fspath(given):
            continue
        source = _absolute(given)
        if target == source:
            raise OutputError(
                tr("errors.outputs.is_input", path=shown[1:-1], input=os.fspath(given))
            )
        if _inside(source, target):
            raise OutputError(
                tr("errors.outputs.contains_input", path=shown[1:-1], input=os.fspath(given))
            )
        if source.is_dir() and _inside(target, source):
            raise OutputError(
                tr("errors.outputs.inside_input", path=shown[1:-1], input=os.fspath(given))
            )


def _sibling(target: Path, kind: str) -> Path:
    return target.parent / f".{target.name}.{kind}"


# ---------------------------------------------------------------------------------------------
# the manifest
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Manifest:
    """What :data:`MANIFEST` says about an output folder.

    Attributes
    ----------
    command
        The command (or API function) that made the folder, e.g. ``"report"``.
    version
        coopnet's version.
    files
        Every file coopnet wrote, as ``/``-separated paths relative to the folder, sorted; the
        manifest itself is not listed.
    complete
        ``False`` while the folder is being built or put in place.
    """

    command: str
    version: str
    files: tuple[str, ...]
    complete: bool

    def to_json(self) -> str:
        """The manifest file's text: indented JSON with sorted files, no time stamp."""
        data = {
            "generator": GENERATOR,
            "version": self.version,
            "command": self.command,
            "complete": self.complete,
            "files": list(self.files),
        }
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def read_manifest(folder: PathLike) -> Manifest | None:
    """Return the manifest of ``folder``, or ``None`` if it has none (or not one of coopnet's)."""
    path = Path(folder) / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("generator") != GENERATOR:
        return None
    files = data.get("files")
    if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
        return None
    return Manifest(
        command=str(data.get("command", "")),
        version=str(data.get("version", "")),
        files=tuple(f for f in files if _relative_ok(f)),
        complete=data.get("complete") is True,
    )


_LEGACY_REPORT: Final = re.compile(
    r"(index\.html|findings\.(md|json)|(network|comparison)_[^/]+\.html|tables/[^/]+\.(csv|xlsx)"
    r"|figures/[^/]+\.(png|svg))"
)


def _legacy_report(folder: Path) -> Manifest | None:
    """A report folder written by coopnet before manifests existed, recognised by the generator
    tag of its ``index.html``; its files are those of the report layout."""
    try:
        with (folder / "index.html").open("rb") as handle:
            head = handle.read(_HEAD)
    except OSError:
        return None
    if b'<meta name="generator" content="coopnet' not in head:
        return None
    files = [f for f in _files(folder) if _LEGACY_REPORT.fullmatch(f)]
    return Manifest(command="report", version="", files=tuple(files), complete=True)


def _relative_ok(name: str) -> bool:
    """A manifest entry names a file inside the folder (no absolute path, no ``..``)."""
    parts = name.split("/")
    return bool(name) and not name.startswith("/") and ".." not in parts and "" not in parts


def _version() -> str:
    import coopnet

    return str(coopnet.__version__)


def _write_manifest(folder: Path, manifest: Manifest) -> None:
    """Write the manifest atomically (temporary file, then rename)."""
    tmp = folder / f"{MANIFEST}.tmp"
    tmp.write_text(manifest.to_json(), encoding="utf-8", newline="\n")
    os.replace(tmp, folder / MANIFEST)


def _files(folder: Path) -> list[str]:
    """Every file under ``folder`` (``/``-separated, sorted), the manifest left out."""
    out = []
    for path in folder.rglob("*"):
        if path.is_file() or path.is_symlink():
            rel = path.relative_to(folder).as_posix()
            if rel not in (MANIFEST, f"{MANIFEST}.tmp"):
                out.append(rel)
    return sorted(out)


def _entries(folder: Path) -> tuple[set[str], set[str]]:
    """Files and folders under ``folder`` (relative, ``/``-separated), the manifest left out."""
    files: set[str] = set()
    dirs: set[str] = set()
    for path in folder.rglob("*"):
        rel = path.relative_to(folder).as_posix()
        if path.is_dir() and not path.is_symlink():
            dirs.add(rel)
        elif rel != MANIFEST:
            files.add(rel)
    return files, dirs


def _parents(files: Iterable[str]) -> set[str]:
    out: set[str] = set()
    for name in files:
        parts = name.split("/")[:-1]
        out.update("/".join(parts[: i + 1]) for i in range(len(parts)))
    return out


# ---------------------------------------------------------------------------------------------
# lock and SIGTERM
# ---------------------------------------------------------------------------------------------
def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


@contextlib.contextmanager
def _locked(target: Path, shown: str) -> Iterator[None]:
    """Hold an exclusive lock on ``.<name>.lock`` next to ``target``; remove it afterwards.

    The lock file is unlinked while the lock is held; a process that opened it just before
    sees, after locking, that its file is no longer the one on disk and tries again.
    """
    path = _sibling(target, "lock")
    for _ in range(20):
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        if not _try_lock(fd):
            os.close(fd)
            raise OutputError(
                tr("errors.outputs.locked", path=shown[1:-1], lock=path.name, folder=path.parent)
            )
        try:
            same = os.path.samestat(os.fstat(fd), os.stat(path))
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)
    else:  # pragma: no cover - the lock file kept vanishing
        raise OutputError(f"cannot lock {path}")
    try:
        os.write(fd, f"{os.getpid()}\n".encode())
        yield
    finally:
        with contextlib.suppress(OSError):
            os.unlink(path)
        os.close(fd)


class Terminated(SystemExit):
    """Raised in the main thread on ``SIGTERM`` while coopnet writes an output.

    A :class:`SystemExit` with code 143 (128 + 15): cleanup code (``finally``, ``except
    BaseException``) runs and the process then ends quietly with that code unless the caller
    catches it (:func:`coopnet.batch.run_batch` does, to write its table).
    """

    def __init__(self) -> None:
        super().__init__(128 + signal.SIGTERM)


def _raise_terminated(signum: int, frame: FrameType | None) -> None:
    raise Terminated


@contextlib.contextmanager
def _sigterm_raises() -> Iterator[None]:
    """Turn ``SIGTERM`` into :class:`Terminated` (main thread only; restored afterwards)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.getsignal(signal.SIGTERM)
    if previous not in (signal.SIG_DFL, None):  # someone else handles it already
        yield
        return
    signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


# ---------------------------------------------------------------------------------------------
# folders
# ---------------------------------------------------------------------------------------------
def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


def _prune_empty(folder: Path, names: Iterable[str]) -> None:
    """Remove the now empty folders of ``names`` (deepest first), never ``folder`` itself."""
    for rel in sorted(_parents(names), key=lambda r: -r.count("/")):
        with contextlib.suppress(OSError):
            (folder / rel).rmdir()  # only succeeds when empty


def _merge(building: Path, target: Path, new: Manifest, old_files: Iterable[str]) -> None:
    """Move the files of ``building`` into ``target`` one by one; remove stale files of ours.

    First the target's manifest lists old and new files (incomplete), so an interrupted merge
    leaves a folder whose every coopnet file is known; at the end it lists the new files only.
    Re-running this on a half-merged folder completes it.
    """
    stale = set(old_files) - set(new.files)
    union = tuple(sorted(set(new.files) | stale))
    _write_manifest(target, Manifest(new.command, new.version, union, complete=False))
    for rel in new.files:
        source = building / rel
        if not (source.exists() or source.is_symlink()):
            continue  # moved by an earlier, interrupted merge
        dest = target / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        if dest.is_dir() and not dest.is_symlink():
            raise OutputError(tr("errors.outputs.dest_is_folder", path=dest))
        os.replace(source, dest)
    for rel in sorted(stale):
        with contextlib.suppress(FileNotFoundError):
            (target / rel).unlink()
    _prune_empty(target, stale)
    _write_manifest(target, new)
    shutil.rmtree(building, ignore_errors=True)


def _swap(building: Path, target: Path) -> None:
    """Replace ``target`` (absent, empty, or holding only coopnet's files) by ``building``."""
    if not target.exists():
        os.replace(building, target)
        return
    if not any(target.iterdir()):
        target.rmdir()
        os.replace(building, target)
        return
    old = _sibling(target, "old")
    os.replace(target, old)
    try:
        os.replace(building, target)
    except OSError:
        os.replace(old, target)  # put the previous folder back
        raise
    shutil.rmtree(old, ignore_errors=True)


def _recover(target: Path) -> None:
    """Complete or clean up what a killed run left next to ``target`` (called under the lock)."""
    partial, old = _sibling(target, "partial"), _sibling(target, "old")
    if partial.exists():
        built = read_manifest(partial)
        if built is None:
            raise OutputError(tr("errors.outputs.foreign_partial", path=partial))
        if built.complete and not target.exists():  # killed between the two renames
            log.warning("completing the interrupted output %s", target)
            os.replace(partial, target)
        elif built.complete:  # killed while putting the files in place
            log.warning("completing the interrupted output %s", target)
            previous = read_manifest(target)
            _merge(partial, target, built, previous.files if previous else ())
        else:
            log.info("removing %s, left by an interrupted run", partial)
            shutil.rmtree(partial)
    if old.exists():
        if not target.exists():
            log.warning("restoring %s from %s, left by an interrupted run", target, old.name)
            os.replace(old, target)
        elif _only_ours(old):
            log.info("removing %s, left by an interrupted run", old)
            shutil.rmtree(old)
        else:
            log.warning("%s is left from an earlier run; remove it when no longer needed", old)


def _only_ours(folder: Path) -> bool:
    """Whether every file and folder in ``folder`` is listed by its (or a legacy) manifest."""
    manifest = read_manifest(folder) or _legacy_report(folder)
    if manifest is None:
        return False
    files, dirs = _entries(folder)
    return files <= set(manifest.files) and dirs <= _parents(manifest.files)


def _shown(target: PathLike) -> str:
    return f"'{os.fspath(target)}'"


@contextlib.contextmanager
def output_folder(
    target: PathLike,
    *,
    command: str,
    inputs: Iterable[PathLike] = (),
    overwrite: bool = False,
    provenance: Mapping[str, Any] | None = None,
) -> Iterator[Path]:
    """Open an output folder: yield an empty folder to write into, put it in place on success.

    Parameters
    ----------
    target
        The output folder. Its parent is created if needed.
    command
        What writes it (``"report"``, ``"analyze"``, ...), recorded in the manifest.
    inputs
        The input files or folders: the target may not be one of them, lie inside one, or
        contain one.
    overwrite
        Also write into a non-empty folder that coopnet did not make (files of the same names
        are replaced, nothing else is deleted).
    provenance
        Written into the folder as ``provenance.json`` (:func:`coopnet.provenance.provenance`:
        command, options, versions, input hashes), listed in the manifest like every file.

    Yields
    ------
    pathlib.Path
        The folder to write into (``.<name>.partial`` next to the target). When the block ends
        normally, a manifest listing every file in it is added and it replaces the target.

    Raises
    ------
    OutputError
        The target is (or is above, or inside) an input; it is a file; it is a non-empty
        folder without coopnet's manifest and ``overwrite`` is false; a file coopnet wants to
        write exists in it without being coopnet's; another run holds the lock; a leftover
        ``.<name>.partial`` was not made by coopnet.

    Notes
    -----
    If the block raises (also on Ctrl-C or ``SIGTERM``), the partial folder is removed and the
    target is untouched. See the module docstring for the whole set of rules.
    """
    shown = _shown(target)
    dest = _absolute(target)
    if dest.parent == dest:
        raise OutputError(tr("errors.outputs.root", path=shown[1:-1]))
    inputs = list(inputs)
    _check_not_input(dest, inputs, shown=shown)
    if dest.exists() and not dest.is_dir():
        raise OutputError(tr("errors.outputs.is_file", path=shown[1:-1]))
    dest.parent.mkdir(parents=True, exist_ok=True)
    version = _version()
    with _locked(dest, shown), _sigterm_raises():
        _recover(dest)
        previous = (read_manifest(dest) or _legacy_report(dest)) if dest.is_dir() else None
        present = (
            sorted(p.name for p in dest.iterdir() if p.name != MANIFEST) if dest.is_dir() else []
        )
        if present and previous is None and not overwrite:
            listed = ", ".join(present[:5]) + (" …" if len(present) > 5 else "")
            raise OutputError(tr("errors.outputs.folder_not_ours", path=shown[1:-1], files=listed))
        building = _sibling(dest, "partial")
        building.mkdir()
        _write_manifest(building, Manifest(command, version, (), complete=False))
        try:
            if provenance is not None:
                write_json(dict(provenance), building / PROVENANCE_FILE)
            yield building
            manifest = Manifest(command, version, tuple(_files(building)), complete=True)
            foreign: set[str] = set()
            if previous is not None:
                files, dirs = _entries(dest)
                foreign = (files - set(previous.files)) | (dirs - _parents(previous.files))
                clash = sorted(set(manifest.files) & foreign)
                if clash and not overwrite:
                    raise OutputError(
                        tr("errors.outputs.clash", path=shown[1:-1], files=", ".join(clash[:5]))
                    )
            _write_manifest(building, manifest)
        except BaseException:
            shutil.rmtree(building, ignore_errors=True)
            raise
        if foreign or (present and previous is None):
            _merge(building, dest, manifest, previous.files if previous else ())
        else:
            _swap(building, dest)


# ---------------------------------------------------------------------------------------------
# single files
# ---------------------------------------------------------------------------------------------
FileKind = Literal["png", "svg", "pdf", "html", "xlsx", "graphml", "json", "gexf", "pajek", "dl"]

_HEAD: Final = 16384
_TAIL: Final = 65536


def _head_tail(path: Path) -> bytes:
    size = path.stat().st_size
    with path.open("rb") as handle:
        head = handle.read(_HEAD)
        if size > _HEAD + _TAIL:
            handle.seek(size - _TAIL)
        return head + handle.read(_TAIL)


def _xlsx_creator(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            core = archive.read("docProps/core.xml")
    except (OSError, KeyError, zipfile.BadZipFile):
        return False
    return b"<dc:creator>coopnet" in core


_MARKERS: Final[dict[str, Callable[[Path], bool]]] = {
    "png": lambda p: b"tEXtSoftware\x00coopnet" in _head_tail(p),
    "svg": lambda p: b"<dc:title>coopnet" in _head_tail(p),
    "pdf": lambda p: b"/Creator (coopnet" in _head_tail(p),
    "html": lambda p: b'<meta name="generator" content="coopnet' in _head_tail(p),
    "xlsx": _xlsx_creator,
    "graphml": lambda p: b"<!-- written by coopnet" in _head_tail(p),
    "json": lambda p: b'"generator": "coopnet' in _head_tail(p)[:_HEAD],
    # coopnet.export: GEXF <meta><creator>, a Pajek comment line; UCINET DL has no comments:
    # coopnet's exact header layout is its mark (node-link JSON has the "generator" key above)
    "gexf": lambda p: b"<creator>coopnet" in _head_tail(p),
    "pajek": lambda p: _head_tail(p).startswith(b"% written by coopnet"),
    "dl": lambda p: (
        re.match(rb"dl n = \d+( nm = \d+)?\nformat = edgelist1\nlabels:\n", _head_tail(p))
        is not None
    ),
}


def made_by_coopnet(path: PathLike, kind: FileKind) -> bool:
    """Whether the file at ``path`` carries coopnet's marker for its kind.

    Markers: PNG ``Software`` text chunk, SVG ``dc:creator`` / PDF ``Creator`` metadata, HTML
    ``<meta name="generator" content="coopnet">``, xlsx document creator, GraphML comment
    ``<!-- written by coopnet -->``, a JSON file's first key ``"generator": "coopnet …"`` — all
    starting with ``coopnet``.
    """
    p = Path(path)
    try:
        return p.is_file() and _MARKERS[kind](p)
    except OSError:
        return False


@contextlib.contextmanager
def output_file(
    target: PathLike,
    *,
    kind: FileKind,
    inputs: Iterable[PathLike] = (),
    overwrite: bool = False,
) -> Iterator[Path]:
    """Open an output file: yield a temporary path to write, rename it into place on success.

    Parameters
    ----------
    target
        The file. Its folder is created if needed.
    kind
        What is written; an existing ``target`` is replaced only if it carries coopnet's marker
        for this kind (:func:`made_by_coopnet`) or ``overwrite`` is true.
    inputs
        The input files or folders: the target may not be one of them or lie inside one.
    overwrite
        Replace an existing file that coopnet did not make.

    Yields
    ------
    pathlib.Path
        ``.<name>.tmp`` next to the target; it is renamed to the target when the block ends
        normally and removed when it raises (Ctrl-C and ``SIGTERM`` included).

    Raises
    ------
    OutputError
        As for :func:`output_folder`; also when the target is a folder.
    """
    shown = _shown(target)
    dest = _absolute(target)
    _check_not_input(dest, inputs, shown=shown)
    if dest.is_dir():
        raise OutputError(tr("errors.outputs.is_folder", path=shown[1:-1]))
    if dest.exists() and not overwrite and not made_by_coopnet(dest, kind):
        raise OutputError(tr("errors.outputs.file_not_ours", path=shown[1:-1]))
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = _sibling(dest, "tmp")
    with _locked(dest, shown), _sigterm_raises():
        try:
            yield tmp
            os.replace(tmp, dest)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise


def check_suffix(target: PathLike, allowed: Sequence[str], *, what: str | Text) -> str:
    """Return the lower-case suffix of ``target`` (without the dot) if it is one of ``allowed``.

    Raises
    ------
    OutputError
        Naming the allowed suffixes, if the suffix is missing or another one.
    """
    suffix = Path(target).suffix.lower().lstrip(".")
    if suffix not in allowed:
        choices = ", ".join(f".{s}" for s in allowed)
        raise OutputError(
            tr(
                "errors.outputs.suffix",
                path=os.fspath(target),
                found=tr("errors.outputs.found_suffix", suffix=suffix)
                if suffix
                else tr("errors.outputs.no_suffix"),
                what=what,
                choices=choices,
            )
        )
    return suffix
