"""Shared helpers of the export writers: missing values, XML-safe text, the output file."""

from __future__ import annotations

import math
import os
import warnings
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from coopnet.errors import DataWarning
from coopnet.outputs import FileKind, output_file
from coopnet.textsafe import xml_text

Inputs = Iterable[str | os.PathLike[str]]
"""Input files or folders an output may never be, contain or lie inside."""


def missing(value: Any) -> bool:
    """Whether `value` is missing (``None``, ``pd.NA``, NaN)."""
    if value is None or value is pd.NA:
        return True
    return isinstance(value, float) and math.isnan(value)


def plain(value: Any) -> Any:
    """A numpy/pandas scalar as a Python value; tuples and lists joined by ``;``."""
    if isinstance(value, str):
        return value
    if isinstance(value, tuple | list):
        return ";".join(map(str, value))
    if hasattr(value, "item"):
        return value.item()
    return value


def xml(text: Any) -> str:
    """Text with the characters XML 1.0 cannot carry replaced (:func:`coopnet.textsafe.xml_text`)."""
    return xml_text(text)


def dropped(what: str, columns: Iterable[str]) -> None:
    left = [c for c in columns]
    if left:
        warnings.warn(
            f"{what} has no place for {', '.join(left)}: left out (GEXF and GraphML keep them)",
            DataWarning,
            stacklevel=3,
        )


def write_text(
    path: str | Path, text: str, kind: FileKind, *, overwrite: bool, inputs: Inputs
) -> Path:
    """Write `text` (UTF-8, newlines as given) the way every coopnet output file is written."""
    out = Path(path)
    with output_file(out, kind=kind, inputs=inputs, overwrite=overwrite) as tmp:
        tmp.write_bytes(text.encode("utf-8"))
    return out
