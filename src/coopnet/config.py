"""Dataset metadata (``dataset.toml``) and analysis options, in one place with their defaults.

Both are frozen dataclasses: configuration is passed explicitly, never held in global state.
"""

from __future__ import annotations

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
    labels
        Display names of columns in reports and figures (``[labels]``, e.g.
        ``group = "Dezernat"``); columns without one use the defaults of
        :func:`coopnet.lang.column_label` (``group`` → "Gruppe", ``sector`` → "Sektor", …).
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
    analysis: Mapping[str, Any] = field(default_factory=dict)
    labels: Mapping[str, str] = field(default_factory=dict)

    def analysis_config(self) -> AnalysisConfig:
        """The analysis options of ``dataset.toml``'s ``[analysis]`` table over the defaults."""
        return AnalysisConfig.from_mapping(self.analysis) if self.analysis else AnalysisConfig()

    def to_toml(self) -> str:
        """Return the metadata as ``dataset.toml`` text (round-trips through :func:`read_meta`)."""

        def q(text: str) -> str:
            return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'

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
        if self.analysis:
            lines.append("\n[analysis]")
            lines.extend(_toml_pairs(self.analysis, q))
        if self.labels:
            lines.append("\n[labels]")
            lines.extend(f"{q(k)} = {q(v)}" for k, v in self.labels.items())
        return "\n".join(lines) + "\n"


def _toml_pairs(table: Mapping[str, Any], q: Any) -> list[str]:
    """``key = value`` lines of a flat TOML table of text, numbers, booleans and text lists."""

    def value(v: Any) -> str:
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, int | float):
            return repr(v)
        if isinstance(v, list | tuple):
            return "[" + ", ".join(value(x) for x in v) + "]"
        return str(q(str(v)))

    return [f"{k} = {value(v)}" for k, v in table.items()]


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
    if "labels" in data:
        labels = data["labels"]
        if not isinstance(labels, Mapping) or not all(
            isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in labels.items()
        ):
            problems.append(
                _meta_problem(file, "labels", labels, "must map column names to display names")
            )
        else:
            kwargs["labels"] = {k.strip(): v.strip() for k, v in labels.items()}
    if "analysis" in data:
        table = data["analysis"]
        if not isinstance(table, Mapping):
            problems.append(_meta_problem(file, "analysis", table, "must be a table"))
        else:
            try:
                AnalysisConfig.from_mapping(table, file=file, prefix="analysis.")
            except InputError as exc:
                problems.extend(exc.problems)
            else:
                kwargs["analysis"] = dict(table)
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
    """Options of an analysis run, before they are resolved against a dataset.

    :class:`coopnet.study.Study` resolves them once (:class:`coopnet.study.StudyOptions`); CLI
    flags override a ``coopnet.toml`` options file (``--options``), which overrides the
    ``[analysis]`` table of ``dataset.toml``, which overrides these defaults.

    Attributes
    ----------
    group
        Actor column for group questions; ``None`` uses the dataset's default grouping (the
        ``group`` key of ``dataset.toml``, else a column named ``group``, else none).
    directed
        Analyse the directed nominations (``True``; only for directed data) instead of the
        symmetrised ties (``False``, the default).
    weighted
        Use tie weights as intensity (path measures use distance 1/weight).
    tie_types
        Analyse only ties of these types; ``None`` (default) takes all.
    key_players
        Number of key players to search (Borgatti's KPP-Neg).
    n_permutations
        Permutations of the E-I and QAP tests.
    seed
        Seed of the random procedures of the analysis (permutation tests, community detection).
    layout_seed
        Seed of the layout of figures and interactive maps.
    lang
        Language of plain-language text: ``"de"`` or ``"en"``.
    """

    group: str | None = None
    directed: bool = False
    weighted: bool = False
    tie_types: tuple[str, ...] | None = None
    key_players: int = 3
    n_permutations: int = 1000
    seed: int = 0
    layout_seed: int = 0
    lang: Literal["de", "en"] = "de"

    def with_overrides(self, **changes: Any) -> AnalysisConfig:
        """Return a copy with the given fields replaced; ``None`` values are ignored."""
        clean = {k: v for k, v in changes.items() if v is not None}
        if "tie_types" in clean:
            clean["tie_types"] = tuple(clean["tie_types"]) or None
        return replace(self, **clean)

    @classmethod
    def from_mapping(
        cls, data: Mapping[str, Any], *, file: str = "coopnet.toml", prefix: str = ""
    ) -> AnalysisConfig:
        """Build the options from a TOML table (``[analysis]`` of ``dataset.toml``, ``coopnet.toml``).

        Keys are the attribute names (``permutations`` is accepted for ``n_permutations``).

        Raises
        ------
        InputError
            Listing every unknown key and every value of the wrong type or range.
        """
        problems: list[Problem] = []
        kwargs: dict[str, Any] = {}
        kinds: dict[str, tuple[type, ...]] = {
            "group": (str,),
            "directed": (bool,),
            "weighted": (bool,),
            "tie_types": (list,),
            "key_players": (int,),
            "n_permutations": (int,),
            "seed": (int,),
            "layout_seed": (int,),
            "lang": (str,),
        }
        for raw_key, value in data.items():
            key = "n_permutations" if raw_key == "permutations" else raw_key
            where = f"{prefix}{raw_key}"
            if key not in kinds:
                problems.append(
                    _meta_problem(file, where, value, f"unknown option; known: {sorted(kinds)}")
                )
                continue
            ok = isinstance(value, kinds[key]) and not (
                isinstance(value, bool) and bool not in kinds[key]
            )
            if key == "tie_types" and ok:
                ok = all(isinstance(t, str) and t.strip() for t in value)
                value = tuple(t.strip() for t in value) if ok else value
            if key == "lang" and ok and value not in ("de", "en"):
                ok = False
            if key == "key_players" and ok and value < 0:
                ok = False
            if key == "n_permutations" and ok and value < 1:
                ok = False
            if not ok:
                problems.append(_meta_problem(file, where, value, f"not a valid value for {key!r}"))
                continue
            kwargs[key] = value
        if problems:
            raise InputError(problems, source=file)
        return cls(**kwargs)

    @classmethod
    def from_toml(cls, path: str | Path) -> AnalysisConfig:
        """Read an options file (``coopnet.toml``): the keys at the top or under ``[analysis]``.

        Raises
        ------
        InputError
            The file is missing, not TOML, or has unknown keys or wrong values.
        """
        file = Path(path)
        try:
            data = tomllib.loads(file.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise InputError(
                [
                    Problem(
                        "error", "invalid_options", f"cannot read options: {exc}", file=str(file)
                    )
                ],
                source=str(file),
            ) from exc
        table = data.get("analysis", data)
        if not isinstance(table, Mapping):
            raise InputError("[analysis] must be a table", source=str(file))
        return cls.from_mapping(table, file=str(file))

    def to_dict(self) -> dict[str, Any]:
        """The options as a flat dict (``coopnet.toml`` keys; ``None`` values left out)."""
        out = {f.name: getattr(self, f.name) for f in fields(self)}
        if out["tie_types"] is not None:
            out["tie_types"] = list(out["tie_types"])
        return {k: v for k, v in out.items() if v is not None}
