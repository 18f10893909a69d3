"""Dataset metadata (``dataset.toml``) and analysis options, in one place with their defaults.

Both are frozen dataclasses: configuration is passed explicitly, never held in global state.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Literal

from coopnet import schema
from coopnet.errors import InputError, Problem

__all__ = ["AnalysisConfig", "DatasetMeta", "read_meta"]


@dataclass(frozen=True)
class DatasetMeta:
    """What ``dataset.toml`` says about a dataset.

    Attributes
    ----------
    name, description
        Free text shown in summaries and reports.
    directed
        ``True`` when a tie row means "source named target" (survey nominations); ``False`` when a row
        is a mutual relation (workshop data, minutes of joint meetings).
    group
        Actor column used as the default grouping for integration questions (``"group"``).
    periods
        The order of the periods. Empty: the periods found in the ties, in natural sort order.
    symmetrise
        How directed nominations become undirected ties: ``"union"`` (a tie if either actor names the
        other, the larger weight) or ``"mutual"`` (both must name each other, the smaller weight).
    duplicates
        ``"merge"`` (default): repeated tie rows are merged and reported as warnings;
        ``"error"``: they make the dataset invalid.
    actor_columns, tie_columns
        Column renames applied when reading: ``{"name in the file": "coopnet name"}``.
    """

    name: str = ""
    description: str = ""
    directed: bool = False
    group: str | None = None
    periods: tuple[str, ...] = ()
    symmetrise: schema.Symmetrise = "union"
    duplicates: schema.DuplicatePolicy = "merge"
    actor_columns: Mapping[str, str] = field(default_factory=dict)
    tie_columns: Mapping[str, str] = field(default_factory=dict)

    def to_toml(self) -> str:
        """Return the metadata as ``dataset.toml`` text (round-trips through :func:`read_meta`)."""

        def q(text: str) -> str:  # a TOML basic string: control characters as \uXXXX
            body = text.replace("\\", "\\\\").replace('"', '\\"')
            return '"' + re.sub("[\x00-\x08\x0a-\x1f\x7f]", _toml_escape, body) + '"'

        lines = [
            f"name = {q(self.name)}",
            f"description = {q(self.description)}",
            f"directed = {'true' if self.directed else 'false'}",
        ]
        if self.group is not None:
            lines.append(f"group = {q(self.group)}")
        lines.append("periods = [" + ", ".join(q(p) for p in self.periods) + "]")
        lines.append(f"symmetrise = {q(self.symmetrise)}")
        lines.append(f"duplicates = {q(self.duplicates)}")
        for table, renames in (("actors", self.actor_columns), ("ties", self.tie_columns)):
            if renames:
                lines.append(f"\n[columns.{table}]")
                lines.extend(f"{q(k)} = {q(v)}" for k, v in renames.items())
        return "\n".join(lines) + "\n"


def _toml_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04X}"


def _meta_problem(file: str, key: str, value: object, message: str) -> Problem:
    return Problem("error", "invalid_meta", message, file=file, column=key, value=repr(value))


def meta_from_mapping(data: Mapping[str, Any], *, file: str = schema.META_FILE) -> DatasetMeta:
    """Build :class:`DatasetMeta` from parsed TOML (or workbook ``meta`` sheet) content.

    Raises
    ------
    InputError
        Listing every unknown key and every value of the wrong type.
    """
    problems: list[Problem] = []
    known = {f.name for f in fields(DatasetMeta)} | {"columns"}
    for key in data:
        if key not in known:
            problems.append(
                _meta_problem(file, key, data[key], f"unknown key; known keys: {sorted(known)}")
            )
    kwargs: dict[str, Any] = {}
    for key in ("name", "description"):
        if key in data:
            if not isinstance(data[key], str):
                problems.append(_meta_problem(file, key, data[key], "must be a text"))
            else:
                kwargs[key] = data[key]
    if "directed" in data:
        value = data["directed"]
        if isinstance(value, str) and value.strip().lower() in schema.TRUE_WORDS | {"false", "0"}:
            value = value.strip().lower() in schema.TRUE_WORDS
        if not isinstance(value, bool):
            problems.append(_meta_problem(file, "directed", value, "must be true or false"))
        else:
            kwargs["directed"] = value
    if "group" in data:
        if not isinstance(data["group"], str) or not data["group"].strip():
            problems.append(_meta_problem(file, "group", data["group"], "must be a column name"))
        else:
            kwargs["group"] = data["group"].strip()
    if "periods" in data:
        periods = data["periods"]
        if isinstance(periods, str):
            periods = [p for p in periods.split(";")]
        if not isinstance(periods, list):
            problems.append(_meta_problem(file, "periods", periods, "must be a list of periods"))
        else:
            clean = tuple(str(p).strip() for p in periods if str(p).strip())
            if len(set(clean)) != len(clean):
                problems.append(_meta_problem(file, "periods", periods, "periods repeat"))
            kwargs["periods"] = clean
    for key, allowed in (
        ("symmetrise", schema.SYMMETRISE_RULES),
        ("duplicates", schema.DUPLICATE_POLICIES),
    ):
        if key in data:
            if data[key] not in allowed:
                problems.append(_meta_problem(file, key, data[key], f"must be one of {allowed}"))
            else:
                kwargs[key] = data[key]
    columns = data.get("columns", {})
    if not isinstance(columns, Mapping):
        problems.append(_meta_problem(file, "columns", columns, "must be a table"))
        columns = {}
    for table, attr in (("actors", "actor_columns"), ("ties", "tie_columns")):
        renames = columns.get(table, {})
        if not isinstance(renames, Mapping) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in renames.items()
        ):
            problems.append(
                _meta_problem(file, f"columns.{table}", renames, "must map text to text")
            )
            continue
        kwargs[attr] = {k.strip(): v.strip() for k, v in renames.items()}
    if problems:
        raise InputError(problems, source=file)
    return DatasetMeta(**kwargs)


def read_meta(path: Path) -> DatasetMeta:
    """Read ``dataset.toml``; a missing file gives the defaults.

    Raises
    ------
    InputError
        When the file is not valid TOML or has unknown keys or wrong values.
    """
    if not path.exists():
        return DatasetMeta()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(
            [Problem("error", "invalid_meta", f"not valid TOML: {exc}", file=str(path))],
            source=str(path),
        ) from exc
    return meta_from_mapping(data, file=str(path))


@dataclass(frozen=True)
class AnalysisConfig:
    """Options of an analysis run; CLI flags override these defaults.

    Attributes
    ----------
    group
        Actor column for group questions; ``None`` uses the dataset's default grouping.
    directed
        Analyse the directed nominations (``True``; only for directed data) or the symmetrised
        ties (``False`` or ``None``, the default).
    weighted
        Use tie weights as intensity (path measures use distance 1/weight).
    key_players
        Number of key players to search (Borgatti's KPP-Neg, greedy).
    n_permutations
        Permutations of the E-I and QAP tests.
    seed
        Seed of every random procedure (permutation tests, community detection, layouts).
    lang
        Language of plain-language text: ``"de"`` or ``"en"``.
    """

    group: str | None = None
    directed: bool | None = None
    weighted: bool = False
    key_players: int = 3
    n_permutations: int = 1000
    seed: int = 0
    lang: Literal["de", "en"] = "de"

    def with_overrides(self, **changes: Any) -> AnalysisConfig:
        """Return a copy with the given fields replaced; ``None`` values are ignored."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})
