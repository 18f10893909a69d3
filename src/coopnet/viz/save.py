"""Write figures reproducibly as PNG, SVG or PDF, with every text drawn as plain text."""

from __future__ import annotations

import logging
import warnings
import weakref
from collections.abc import Iterable
from os import PathLike
from pathlib import Path
from typing import Any, Final, Literal, cast

import matplotlib as mpl
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.ticker import FixedFormatter, Formatter, FuncFormatter

from coopnet.errors import OutputError
from coopnet.messages import tr
from coopnet.outputs import check_suffix, output_file
from coopnet.textsafe import clean_text

__all__ = ["FORMATS", "plain_text", "save_figure"]

log = logging.getLogger(__name__)

FORMATS: Final = ("png", "svg", "pdf")
"""File formats :func:`save_figure` writes."""

PNG_DPI: Final = 200
_SVG_HASHSALT: Final = "coopnet"


def _metadata(fmt: str) -> dict[str, str | None]:
    """File metadata: no dates (reproducible files); coopnet named as the creator (the marker
    :func:`coopnet.outputs.made_by_coopnet` looks for)."""
    import coopnet

    creator = f"coopnet {coopnet.__version__} (matplotlib {mpl.__version__})"
    if fmt == "png":
        return {"Software": creator}
    if fmt == "svg":
        return {"Date": None, "Creator": creator}
    return {"CreationDate": None, "ModDate": None, "Creator": creator}


def _format(name: str) -> Literal["png", "svg", "pdf"]:
    fmt = name.lower().lstrip(".")
    if fmt in FORMATS:
        return cast(Literal["png", "svg", "pdf"], fmt)
    raise OutputError(tr("errors.viz.unknown_format", format=name, formats=", ".join(FORMATS)))


def plain_text(fig: Figure) -> Figure:
    """Make every text of ``fig`` plain text and return ``fig`` (called by :func:`save_figure`).

    Labels are untrusted: math text between two ``$`` (``Fonds $1__2$``, ``$\\notacommand$``)
    would be parsed by matplotlib and can fail to render. For every text artist — titles, axis
    labels, legends, annotations, node labels, tick labels — math-text parsing and TeX are
    switched off (``$`` is drawn as ``$``), and the text is cleaned with
    :func:`coopnet.textsafe.clean_text` (no bidi controls, no control characters). Tick labels
    set from a list (heatmaps, rankings: a fixed or function formatter) are cleaned in their
    formatter, so ticks made while drawing get the same texts; :func:`save_figure` draws with the rc settings
    ``text.parse_math`` and ``text.usetex`` off.
    """
    for text in fig.findobj(Text):
        assert isinstance(text, Text)
        text.set_parse_math(False)
        text.set_usetex(False)
        raw = text.get_text()
        cleaned = clean_text(raw)
        if cleaned != raw:
            text.set_text(cleaned)
    for ax in fig.get_axes():
        for axis in (ax.xaxis, ax.yaxis):
            for formatter in (axis.get_major_formatter(), axis.get_minor_formatter()):
                _clean_formatter(formatter)
    return fig


_CLEANED: Final[weakref.WeakSet[Formatter]] = weakref.WeakSet()


def _clean_formatter(formatter: Formatter) -> None:
    """Make a formatter of tick labels given as a list (``set_yticks(pos, labels)``) clean them."""
    if formatter in _CLEANED:
        return
    if isinstance(formatter, FixedFormatter):
        formatter.seq = [clean_text(label) for label in formatter.seq]
    elif isinstance(formatter, FuncFormatter):
        inner = formatter.func

        def func(x: Any, pos: Any = None) -> str:
            return clean_text(inner(x, pos))

        formatter.func = func
    _CLEANED.add(formatter)


def save_figure(
    fig: Figure,
    path: str | PathLike[str],
    *,
    formats: Iterable[str] | None = None,
    dpi: int = PNG_DPI,
    overwrite: bool = False,
    inputs: Iterable[str | PathLike[str]] = (),
) -> list[Path]:
    """Save ``fig`` to ``path`` as PNG, SVG and/or PDF and return the written paths.

    Parameters
    ----------
    fig
        The figure returned by a ``coopnet.viz`` plot function (or any matplotlib figure).
    path
        Target file. Without ``formats`` its suffix (``.png``, ``.svg``, ``.pdf``) chooses the
        format. With ``formats`` one file per format is written next to it, the suffix being
        replaced (``fig.png`` with ``formats=["png", "svg"]`` → ``fig.png``, ``fig.svg``).
    formats
        Formats to write, e.g. ``("png", "pdf")``.
    dpi
        Resolution of PNG files (default 200); SVG and PDF are vector formats.
    overwrite
        Replace an existing file that coopnet did not make (a file saved by coopnet before is
        always replaced).
    inputs
        Input files or folders: a figure may not replace one or be written inside one.

    Returns
    -------
    list[pathlib.Path]
        The files written, in the order of ``formats``.

    Raises
    ------
    OutputError
        If a format or the suffix of ``path`` is not one of PNG, SVG, PDF (also a
        :class:`ValueError`); if a file would replace an input or a file coopnet did not make
        (see :func:`coopnet.outputs.output_file`).

    Notes
    -----
    Parent folders are created. Figures are cropped to their content (``bbox_inches="tight"``)
    on a white background. Output is reproducible: SVG files carry no date and use a fixed
    ``svg.hashsalt`` for their element ids, PDF files carry no creation or modification date,
    so saving the same figure twice gives byte-identical files. Every text is drawn as plain
    text (:func:`plain_text`: a ``$`` in a label is a dollar sign, not math). Each file is
    written to a temporary name and renamed when complete.
    """
    target = Path(path)
    if formats is None:
        jobs = [
            (target, _format(check_suffix(target, FORMATS, what=tr("errors.outputs.what.figure"))))
        ]
    else:
        fmts = list(dict.fromkeys(_format(f) for f in formats))
        if not fmts:
            raise OutputError(tr("errors.viz.no_formats"))
        stem = target.with_suffix("") if target.suffix.lower().lstrip(".") in FORMATS else target
        jobs = [(stem.with_name(f"{stem.name}.{fmt}"), fmt) for fmt in fmts]
    written: list[Path] = []
    plain_text(fig)
    inputs = list(inputs)
    for file, fmt in jobs:
        with (
            output_file(file, kind=fmt, inputs=inputs, overwrite=overwrite) as tmp,
            mpl.rc_context(
                {"svg.hashsalt": _SVG_HASHSALT, "text.parse_math": False, "text.usetex": False}
            ),
            warnings.catch_warnings(record=True) as caught,
        ):
            warnings.simplefilter("always")
            fig.savefig(
                tmp,
                format=fmt,
                dpi=dpi,
                bbox_inches="tight",
                pad_inches=0.1,
                facecolor="white",
                metadata=_metadata(fmt),
            )
        _report_warnings(caught, file)
        written.append(file)
    return written


def _report_warnings(caught: list[warnings.WarningMessage], file: Path) -> None:
    """One log line for characters the font lacks (labels are data); other warnings again."""
    missing = {str(w.message) for w in caught if "missing from font" in str(w.message)}
    if missing:
        log.warning(
            "%s: %d character(s) of the texts have no glyph in the font and are drawn as boxes",
            file.name,
            len(missing),
        )
    for w in caught:
        if "missing from font" not in str(w.message):
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno, source=w.source)
