"""Write figures reproducibly as PNG, SVG or PDF."""

from __future__ import annotations

from collections.abc import Iterable
from os import PathLike
from pathlib import Path
from typing import Final

import matplotlib as mpl
from matplotlib.figure import Figure

__all__ = ["FORMATS", "save_figure"]

FORMATS: Final = ("png", "svg", "pdf")
"""File formats :func:`save_figure` writes."""

PNG_DPI: Final = 200
_SVG_HASHSALT: Final = "coopnet"
_METADATA: Final[dict[str, dict[str, str | None]]] = {
    "png": {},
    "svg": {"Date": None},
    "pdf": {"CreationDate": None, "ModDate": None},
}


def _format(name: str) -> str:
    fmt = name.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ValueError(f"unsupported figure format {name!r}; use one of {', '.join(FORMATS)}")
    return fmt


def save_figure(
    fig: Figure,
    path: str | PathLike[str],
    *,
    formats: Iterable[str] | None = None,
    dpi: int = PNG_DPI,
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

    Returns
    -------
    list[pathlib.Path]
        The files written, in the order of ``formats``.

    Raises
    ------
    ValueError
        If a format or the suffix of ``path`` is not one of PNG, SVG, PDF.

    Notes
    -----
    Parent folders are created. Figures are cropped to their content (``bbox_inches="tight"``)
    on a white background. Output is reproducible: SVG files carry no date and use a fixed
    ``svg.hashsalt`` for their element ids, PDF files carry no creation or modification date,
    so saving the same figure twice gives byte-identical files.
    """
    target = Path(path)
    if formats is None:
        if not target.suffix:
            raise ValueError(f"{target} has no suffix; add .png, .svg or .pdf or pass formats")
        jobs = [(target, _format(target.suffix))]
    else:
        fmts = list(dict.fromkeys(_format(f) for f in formats))
        if not fmts:
            raise ValueError("formats is empty; pass e.g. ('png', 'svg')")
        stem = target.with_suffix("") if target.suffix.lower().lstrip(".") in FORMATS else target
        jobs = [(stem.with_name(f"{stem.name}.{fmt}"), fmt) for fmt in fmts]
    written: list[Path] = []
    for file, fmt in jobs:
        file.parent.mkdir(parents=True, exist_ok=True)
        with mpl.rc_context({"svg.hashsalt": _SVG_HASHSALT}):
            fig.savefig(
                file,
                format=fmt,
                dpi=dpi,
                bbox_inches="tight",
                pad_inches=0.1,
                facecolor="white",
                metadata=dict(_METADATA[fmt]),
            )
        written.append(file)
    return written
