"""JSON output shared by every writer: numpy scalars become numbers, NaN and ±inf become ``null``."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

__all__ = ["to_jsonable", "write_json"]


def to_jsonable(value: Any) -> Any:
    """Convert numpy/pandas scalars and containers to JSON types; NaN and ±inf become ``None``.

    Tuples become lists and mapping keys strings; everything else is returned unchanged.
    """
    if isinstance(value, Mapping):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if hasattr(value, "item"):  # numpy scalar
        value = value.item()
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    return value


def write_json(data: Any, path: Path) -> Path:
    """Write ``data`` as indented UTF-8 JSON (NaN → ``null``, keys in the given order)."""
    text = json.dumps(to_jsonable(data), indent=2, ensure_ascii=False, allow_nan=False)
    path.write_text(text + "\n", encoding="utf-8")
    return path
