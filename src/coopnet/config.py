"""Dataset metadata (``dataset.toml``) and analysis options, in one place with their defaults.

The limits on input (:class:`Limits`) live here too, with :func:`read_input_bytes`, the one way
every reader opens an input file. All are frozen dataclasses: configuration is passed explicitly,
never held in global state.
"""

from __future__ import annotations

import math
import os
import re
import stat
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Literal

from coopnet import schema
from coopnet.errors import InputError, Problem, closest
from coopnet.messages import problem, tr

__all__ = [
    "AnalysisConfig",
    "DatasetMeta",
    "Limits",
    "read_input_bytes",
    "read_meta",
    "read_meta_mapping",
]

SurveyValue = str | int | bool | list[str] | list[int]
"""A value of the ``[survey]`` table of ``dataset.toml``."""

CodeValue = str | int | float | bool
"""What a value of a ``[codes.<column>]`` table of ``dataset.toml`` stands for."""

CODES_TIE = "tie"
"""The ``[codes.tie]`` table: the codes of the cells of a roster matrix."""


@dataclass(frozen=True)
class DatasetMeta:
    """What ``dataset.toml`` says about a dataset.

    Attributes
    ----------
    name, description
        Free text shown in summaries and reports.
    directed
        ``True`` (the default) when a tie row means "source named target" (survey nominations);
        ``False`` when a row is a mutual relation (workshop data, minutes of joint meetings). Tie
        rows are read as nominations unless the data say otherwise (``directed = false``, a
        format that says so, or ``--undirected-ties``).
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
    codes
        ``[codes.<column>]`` tables: what the values of a column stand for, e.g.
        ``{"weight": {"täglich": 4, "wöchentlich": 3, "nie": 0}}`` or, for the cells of a roster
        matrix, ``{"tie": {"1": 0, "2": 1}}``. Values are mapped before validation; a weight
        coded ``0`` means "no tie" (``docs/data-format.md``).
    survey
        Provenance of a dataset made by ``coopnet survey import`` (the ``[survey]`` table: period,
        tie types, answer scale and its codes, quality questions; see ``docs/survey.md``). Values
        are texts, integers, booleans or lists of those; coopnet records them and does not
        interpret them when analysing.
    land, kreis, municipality_type, population
        Where the municipality stands among others (optional; ``coopnet batch`` copies them into
        ``municipalities.csv`` and the atlas forms peer groups from them, ``docs/atlas.md``):
        the Land (its name, e.g. ``"Nordrhein-Westfalen"``, or abbreviation ``"NW"``; stored as
        the name), the Kreis (free text), the type (one of
        :data:`coopnet.schema.MUNICIPALITY_TYPES`: ``"kreisfreie Stadt"``, ``"Kreis"``,
        ``"kreisangehörige Gemeinde"``) and the number of inhabitants (a positive integer).
    labels
        Display names of columns in reports and figures (``[labels]``, e.g.
        ``group = "Dezernat"``); columns without one use the defaults of
        :func:`coopnet.lang.column_label` (``group`` → "Gruppe", ``sector`` → "Sektor", …).
    """

    name: str = ""
    description: str = ""
    directed: bool = True
    group: str | None = None
    periods: tuple[str, ...] = ()
    symmetrise: schema.Symmetrise = "union"
    duplicates: schema.DuplicatePolicy = "merge"
    actor_columns: Mapping[str, str] = field(default_factory=dict)
    tie_columns: Mapping[str, str] = field(default_factory=dict)
    codes: Mapping[str, Mapping[str, CodeValue]] = field(default_factory=dict)
    survey: Mapping[str, SurveyValue] = field(default_factory=dict)
    analysis: Mapping[str, Any] = field(default_factory=dict)
    land: str | None = None
    kreis: str | None = None
    municipality_type: str | None = None
    population: int | None = None
    labels: Mapping[str, str] = field(default_factory=dict)

    def analysis_config(self) -> AnalysisConfig:
        """The analysis options of ``dataset.toml``'s ``[analysis]`` table over the defaults."""
        return AnalysisConfig.from_mapping(self.analysis) if self.analysis else AnalysisConfig()

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
        for key in schema.MUNICIPALITY_KEYS:
            value = getattr(self, key)
            if value is not None:
                lines.append(
                    f"{key} = {value}" if isinstance(value, int) else f"{key} = {q(value)}"
                )
        for table, renames in (("actors", self.actor_columns), ("ties", self.tie_columns)):
            if renames:
                lines.append(f"\n[columns.{table}]")
                lines.extend(f"{q(k)} = {q(v)}" for k, v in renames.items())
        for column, values in self.codes.items():
            lines.append(f"\n[codes.{_toml_key(column, q)}]")
            lines.extend(_toml_pairs({_toml_key(k, q): v for k, v in values.items()}, q))
        if self.analysis:
            lines.append("\n[analysis]")
            lines.extend(_toml_pairs(self.analysis, q))
        if self.survey:
            lines.append("\n[survey]")
            lines.extend(_toml_pairs(self.survey, q))
        if self.labels:
            lines.append("\n[labels]")
            lines.extend(f"{q(k)} = {q(v)}" for k, v in self.labels.items())
        return "\n".join(lines) + "\n"


def _toml_key(key: str, q: Any) -> str:
    """A TOML key: bare when it may be, else quoted."""
    return key if key and all(c.isascii() and (c.isalnum() or c in "_-") for c in key) else q(key)


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


def _toml_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04X}"


def _meta_problem(file: str, key: str, value: object, variant: str, **params: Any) -> Problem:
    return problem(
        "error", "invalid_meta", variant, file=file, column=key, value=repr(value), **params
    )


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
            problems.append(_meta_problem(file, key, data[key], "unknown_key", known=sorted(known)))
    kwargs: dict[str, Any] = {}
    for key in ("name", "description"):
        if key in data:
            if not isinstance(data[key], str):
                problems.append(_meta_problem(file, key, data[key], "text"))
            else:
                kwargs[key] = data[key]
    if "directed" in data:
        value = data["directed"]
        if isinstance(value, str) and value.strip().lower() in schema.TRUE_WORDS | {"false", "0"}:
            value = value.strip().lower() in schema.TRUE_WORDS
        if not isinstance(value, bool):
            problems.append(_meta_problem(file, "directed", value, "bool"))
        else:
            kwargs["directed"] = value
    if "group" in data:
        if not isinstance(data["group"], str) or not data["group"].strip():
            problems.append(_meta_problem(file, "group", data["group"], "column"))
        else:
            kwargs["group"] = data["group"].strip()
    if "periods" in data:
        periods = data["periods"]
        if isinstance(periods, str):
            periods = [p for p in periods.split(";")]
        if not isinstance(periods, list):
            problems.append(_meta_problem(file, "periods", periods, "periods"))
        else:
            clean = tuple(str(p).strip() for p in periods if str(p).strip())
            if len(set(clean)) != len(clean):
                problems.append(_meta_problem(file, "periods", periods, "periods_repeat"))
            kwargs["periods"] = clean
    for key, allowed in (
        ("symmetrise", schema.SYMMETRISE_RULES),
        ("duplicates", schema.DUPLICATE_POLICIES),
    ):
        if key in data:
            if data[key] not in allowed:
                problems.append(
                    _meta_problem(file, key, data[key], "one_of", allowed=list(allowed))
                )
            else:
                kwargs[key] = data[key]
    columns = data.get("columns", {})
    if not isinstance(columns, Mapping):
        problems.append(_meta_problem(file, "columns", columns, "table"))
        columns = {}
    for table, attr in (("actors", "actor_columns"), ("ties", "tie_columns")):
        renames = columns.get(table, {})
        if not isinstance(renames, Mapping) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in renames.items()
        ):
            problems.append(_meta_problem(file, f"columns.{table}", renames, "text_to_text"))
            continue
        kwargs[attr] = {k.strip(): v.strip() for k, v in renames.items()}
    if "codes" in data:
        codes = _codes(data["codes"], file, problems)
        if codes is not None:
            kwargs["codes"] = codes
    if "survey" in data:
        survey = data["survey"]
        scalar = (str, int, bool)
        if not isinstance(survey, Mapping) or not all(
            isinstance(v, scalar)
            or (isinstance(v, list) and all(isinstance(x, str | int) for x in v))
            for v in survey.values()
        ):
            problems.append(_meta_problem(file, "survey", survey, "survey"))
        else:
            kwargs["survey"] = {str(k): v for k, v in survey.items()}
    for key in schema.MUNICIPALITY_KEYS:
        if key in data:
            clean, variant, params = _municipality_value(key, data[key])
            if variant:
                problems.append(_meta_problem(file, key, data[key], variant, **params))
            else:
                kwargs[key] = clean
    if "labels" in data:
        labels = data["labels"]
        if not isinstance(labels, Mapping) or not all(
            isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in labels.items()
        ):
            problems.append(_meta_problem(file, "labels", labels, "labels"))
        else:
            kwargs["labels"] = {k.strip(): v.strip() for k, v in labels.items()}
    if "analysis" in data:
        table = data["analysis"]
        if not isinstance(table, Mapping):
            problems.append(_meta_problem(file, "analysis", table, "table"))
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


def _codes(
    table: object, file: str, problems: list[Problem]
) -> dict[str, dict[str, CodeValue]] | None:
    """The ``[codes.<column>]`` tables: ``{column: {value: number, text or boolean}}``.

    In a workbook's ``meta`` sheet they are rows ``codes.weight.täglich`` = ``4``; such values
    arrive as text and are read as numbers when they are numbers.
    """
    if not isinstance(table, Mapping):
        problems.append(_meta_problem(file, "codes", table, "codes"))
        return None
    out: dict[str, dict[str, CodeValue]] = {}
    for column, values in table.items():
        where = f"codes.{column}"
        if not isinstance(values, Mapping) or not values:
            problems.append(_meta_problem(file, where, values, "codes_table"))
            continue
        clean: dict[str, CodeValue] = {}
        for key, value in values.items():
            if isinstance(value, str):
                number = value.strip().replace(",", ".")
                try:
                    value = int(number) if number.lstrip("+-").isdigit() else float(number)
                except ValueError:
                    value = value.strip()
            if not isinstance(value, str | int | float | bool) or (
                isinstance(value, float) and not math.isfinite(value)
            ):
                problems.append(_meta_problem(file, f"{where}.{key}", value, "code_value"))
                continue
            clean[str(key).strip()] = value
        out[str(column).strip()] = clean
    return out


def read_meta_mapping(path: Path, *, limits: Limits | None = None) -> dict[str, Any] | None:
    """The parsed TOML of ``dataset.toml`` (``None`` when there is no such file).

    Raises
    ------
    InputError
        When the file is not valid TOML, is nested too deeply or is not a regular file.
    """
    if not path.exists():
        return None
    data = read_input_bytes(path, limits=limits or Limits(), file=str(path))
    try:
        return tomllib.loads(data.decode("utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(
            [problem("error", "invalid_meta", "toml", file=str(path), detail=str(exc))],
            source=str(path),
        ) from exc
    except RecursionError as exc:
        raise InputError(
            [problem("error", "invalid_meta", "nested", file=str(path))],
            source=str(path),
        ) from exc


_POPULATION = re.compile(r"^\d{1,3}(?:([.\s\u202f\u00a0'])\d{3})(?:\1\d{3})*$|^\d+$")


def _municipality_value(key: str, value: object) -> tuple[Any, str, dict[str, object]]:
    """Normalise a value of a municipality key of ``dataset.toml``: ``(value, "", {})`` or
    ``(None, variant of the problem, its placeholders)``."""
    if key == schema.POPULATION:
        if isinstance(value, bool):
            return None, "population", {}
        if isinstance(value, str) and _POPULATION.match(value.strip()):
            value = int(re.sub(r"\D", "", value))
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if not isinstance(value, int) or value < 1:
            return None, "population", {}
        return value, "", {}
    if not isinstance(value, str) or not value.strip():
        return None, "nonempty", {}
    text = " ".join(value.split())
    if key == schema.LAND:
        names = {n.casefold(): n for n in schema.LAENDER.values()}
        codes = {c.casefold(): n for c, n in schema.LAENDER.items()}
        codes["nrw"] = schema.LAENDER["NW"]
        folded = text.casefold().removeprefix("de-")
        if folded in names or folded in codes:
            return names.get(folded) or codes[folded], "", {}
        near = closest(text, schema.LAENDER.values())
        return (None, "land_near", {"near": near}) if near else (None, "land", {})
    if key == schema.MUNICIPALITY_TYPE:
        allowed = {t.casefold(): t for t in schema.MUNICIPALITY_TYPES}
        folded = text.casefold()
        if folded in allowed or folded in schema.MUNICIPALITY_TYPE_ALIASES:
            return allowed.get(folded) or schema.MUNICIPALITY_TYPE_ALIASES[folded], "", {}
        near = closest(text, schema.MUNICIPALITY_TYPES)
        allowed_text = ", ".join(schema.MUNICIPALITY_TYPES)
        if near:
            return None, "type_near", {"allowed": allowed_text, "near": near}
        return None, "type", {"allowed": allowed_text}
    return text, "", {}


def read_meta(path: Path, *, limits: Limits | None = None) -> DatasetMeta:
    """Read ``dataset.toml``; a missing file gives the defaults.

    Parameters
    ----------
    path
        The TOML file.
    limits
        Limits on the input (the file size); default :class:`Limits()`.

    Raises
    ------
    InputError
        When the file is not valid TOML (or nested too deeply, or not a regular file) or has unknown
        keys or wrong values.
    """
    parsed = read_meta_mapping(path, limits=limits)
    return DatasetMeta() if parsed is None else meta_from_mapping(parsed, file=str(path))


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
    engine
        Engine of the shortest-path counts behind betweenness: ``"igraph"`` (default) or
        ``"coopnet"`` (numpy). Both count equal routes exactly, so the numbers agree; the choice
        is explicit, never inferred from what happens to be installed or imported.
    sample
        ``"auto"`` (default): betweenness and the distance measures are exact up to a documented
        size and estimated with an error bound above it; ``"exact"``: always exact;
        ``"sampled"``: always estimated (:mod:`coopnet.metrics.sampling`, ``docs/scale.md``).
    epsilon, delta
        The guarantee of estimated values: with probability at least ``1 - delta`` every
        actor's estimate is within ``epsilon`` of the exact value (both in (0, 1); defaults
        0.01 and 0.1).
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
    engine: Literal["igraph", "coopnet"] = "igraph"
    sample: Literal["auto", "exact", "sampled"] = "auto"
    epsilon: float = 0.01
    delta: float = 0.1

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
            "engine": (str,),
            "sample": (str,),
            "epsilon": (float, int),
            "delta": (float, int),
        }
        for raw_key, value in data.items():
            key = "n_permutations" if raw_key == "permutations" else raw_key
            where = f"{prefix}{raw_key}"
            if key not in kinds:
                problems.append(
                    _meta_problem(file, where, value, "unknown_option", known=sorted(kinds))
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
            if key == "engine" and ok and value not in ("igraph", "coopnet"):
                ok = False
            if key == "sample" and ok and value not in ("auto", "exact", "sampled"):
                ok = False
            if key in ("epsilon", "delta") and ok and not 0 < value < 1:
                ok = False
            if key == "key_players" and ok and value < 0:
                ok = False
            if key == "n_permutations" and ok and value < 1:
                ok = False
            if not ok:
                problems.append(_meta_problem(file, where, value, "option_value", option=key))
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
                [problem("error", "invalid_options", "read", file=str(file), detail=str(exc))],
                source=str(file),
            ) from exc
        table = data.get("analysis", data)
        if not isinstance(table, Mapping):
            raise InputError(
                [problem("error", "invalid_options", "table", file=str(file))], source=str(file)
            )
        return cls.from_mapping(table, file=str(file))

    def to_dict(self) -> dict[str, Any]:
        """The options as a flat dict (``coopnet.toml`` keys; ``None`` values left out)."""
        out = {f.name: getattr(self, f.name) for f in fields(self)}
        if out["tie_types"] is not None:
            out["tie_types"] = list(out["tie_types"])
        return {k: v for k, v in out.items() if v is not None}


# ---------------------------------------------------------------------------------- limits
_WEIGHT_BOUNDS = (1e-9, 1e9)
"""The widest weight range :class:`Limits` accepts: weighted measures add, multiply and invert
weights (distance ``1 / weight``, strengths, products of strengths in modularity, squared
proportions in constraint); inside this range none of these can overflow or underflow a 64-bit
float, even summed over millions of ties, and no distance falls below igraph's path-length
tolerance (1e-10)."""
_WEIGHT_SPREAD = 1e15
"""The largest ``weight_max / weight_min``: path lengths add distances, and beyond this spread the
short ones vanish from the sums (1e9 + 1e-9 == 1e9), which changes shortest paths."""


@dataclass(frozen=True)
class Limits:
    """Limits on what a dataset may contain, so that a hostile or broken file fails fast.

    Every reader and the validation check them; a value beyond a limit is an error that names the
    limit, the value found and how to raise it. On the command line each limit is set with
    ``--limit NAME=VALUE``; in Python with ``Limits(NAME=VALUE)``; ``docs/safety.md`` lists them.

    Attributes
    ----------
    file_mb
        Size of any one input file (CSV, TOML, Excel, GraphML, GEXF) in megabytes. Protects memory:
        a file is read whole.
    unzipped_mb
        Total uncompressed size of the parts of an Excel workbook, as its zip directory declares
        them, in megabytes. Protects against zip bombs (a 4 MB file that unpacks to gigabytes).
    rows
        Rows of one table (actors, ties, a sheet; nodes or edges of a graph file). A cell far down
        a sheet makes every row above it a row.
    columns
        Columns of one table. A sheet may declare 16,384 columns.
    label_chars
        Characters of one value of a coopnet column (``id``, ``label``, ``group``, ``sector``,
        ``level``, ``type``, ``period``, ``periods``, ``source``, ``target``, ``weight``, the grouping
        column) and of a column name or the dataset's name. Every page, table and figure shows these.
    cell_chars
        Characters of one value of any further column (notes, addresses) and of the description.
    periods
        Number of periods: every period makes its own pages, tables and figures.
    weight_min, weight_max
        The range of tie weights (both included). Must lie within 1e-9 … 1e9 with
        ``weight_max / weight_min <= 1e15``: there no weighted measure overflows or loses the short
        distances in its sums. Rescale amounts (e.g. to thousands) rather than widen the range.
    suggestions
        Distinct unknown actor ids that get a "did you mean …?" suggestion; further unknown ids
        are listed without one (a wholly mismatched tie table would otherwise take hours).
    """

    file_mb: float = 200.0
    unzipped_mb: float = 500.0
    rows: int = 2_000_000
    columns: int = 500
    label_chars: int = 1_000
    cell_chars: int = 20_000
    periods: int = 50
    weight_min: float = 1e-6
    weight_max: float = 1e6
    suggestions: int = 100

    def __post_init__(self) -> None:
        problems: list[Problem] = []
        for f in fields(self):
            value = getattr(self, f.name)
            kind = int if f.type in ("int", int) else float
            if isinstance(value, bool) or not isinstance(value, int | float):
                problems.append(_limit_problem(f.name, value, kind.__name__))
            elif kind is int and not isinstance(value, int):
                problems.append(_limit_problem(f.name, value, "int"))
            elif not math.isfinite(value) or value <= 0:
                problems.append(_limit_problem(f.name, value, "positive"))
        if not problems:
            low, high = _WEIGHT_BOUNDS
            if not (
                low <= self.weight_min <= self.weight_max <= high
                and self.weight_max <= self.weight_min * _WEIGHT_SPREAD
            ):
                problems.append(
                    _limit_problem(
                        "weight_min, weight_max",
                        f"{self.weight_min:g}, {self.weight_max:g}",
                        "weights",
                        low=f"{low:g}",
                        high=f"{high:g}",
                        spread=f"{_WEIGHT_SPREAD:g}",
                    )
                )
        if problems:
            raise InputError(problems, source="limits")

    @classmethod
    def from_strings(cls, items: Iterable[str], *, base: Limits | None = None) -> Limits:
        """Parse ``["label_chars=5000", "rows=1e7"]`` (``--limit NAME=VALUE``) into limits.

        Parameters
        ----------
        items
            ``NAME=VALUE`` texts; ``_`` and ``,`` in numbers are ignored (``1_000_000``).
        base
            Limits to start from (default: the defaults).

        Raises
        ------
        InputError
            For an unknown name, a malformed item or a value that is not allowed (all at once).

        Examples
        --------
        >>> Limits.from_strings(["label_chars=5000", "weight_max=1e9"]).label_chars
        5000
        """
        types = {f.name: f.type for f in fields(cls)}
        changes: dict[str, Any] = {}
        problems: list[Problem] = []
        for item in items:
            name, sep, text = item.partition("=")
            name = name.strip().replace("-", "_")
            if not sep:
                problems.append(_limit_problem(item, None, "syntax"))
                continue
            if name not in types:
                problems.append(_limit_problem(name, text, "unknown", known=list(types)))
                continue
            clean = text.strip().replace("_", "").replace(",", "")
            try:
                number = float(clean)
            except ValueError:
                problems.append(_limit_problem(name, text, "number"))
                continue
            if types[name] in ("int", int):
                if not number.is_integer():
                    problems.append(_limit_problem(name, text, "int"))
                    continue
                changes[name] = int(number)
            else:
                changes[name] = number
        if problems:
            raise InputError(problems, source="--limit")
        return replace(base or cls(), **changes)

    def exceeded(
        self,
        name: str,
        found: float,
        what: str,
        *,
        file: str | None = None,
        row: int | None = None,
        column: str | None = None,
        value: str | None = None,
    ) -> Problem:
        """The error for ``found`` beyond limit ``name``: which limit, the value, how to raise it.

        ``what`` names the quantity: a key of ``problems.limit_what`` in the text catalogue
        (``"rows"``, ``"weight"``, …) or a text of its own (shown as it is in every language).
        """
        limit = getattr(self, name)
        low, high = _WEIGHT_BOUNDS
        quantity: object = tr(f"problems.limit_what.{what}") if _known_what(what) else what
        shown = f"{found:g}" if isinstance(found, float) else f"{found:,}"
        bound = f"{limit:g}" if isinstance(limit, float) else f"{limit:,}"
        where: dict[str, Any] = {"file": file, "row": row, "column": column, "value": value}
        if (name == "weight_min" and found < low) or (name == "weight_max" and found > high):
            edge = f"{low:g}" if name == "weight_min" else f"{high:g}"
            return problem(
                "error", "limit_exceeded", "edge", **where, what=quantity, found=shown,
                name=name, bound=bound, edge=edge,
            )  # fmt: skip
        else:
            setting = f"{name}={_nice(found, down=name == 'weight_min')}"
            if name == "weight_max" and found > self.weight_min * _WEIGHT_SPREAD:
                setting += f" --limit weight_min={_nice(found / _WEIGHT_SPREAD)}"
            elif name == "weight_min" and found * _WEIGHT_SPREAD < self.weight_max:
                setting += f" --limit weight_max={_nice(found * _WEIGHT_SPREAD, down=True)}"
            python = setting.replace(" --limit ", ", ")
            return problem(
                "error", "limit_exceeded", "raise", **where, what=quantity, found=shown,
                name=name, bound=bound, setting=setting, python=python,
            )  # fmt: skip


def _known_what(what: str) -> bool:
    from coopnet.lang import catalogue

    return f"problems.limit_what.{what}" in catalogue("en")


def _limit_problem(name: str, value: object, variant: str, **params: Any) -> Problem:
    return problem(
        "error", "invalid_limit", variant, value=None if value is None else str(value),
        name=name, **params,
    )  # fmt: skip


def _nice(found: float, *, down: bool = False) -> str:
    """A round number at or beyond ``found`` (1, 2 or 5 times a power of ten) for a hint."""
    if found <= 0:
        return "1"
    exponent = math.floor(math.log10(found))
    steps = (1, 2, 5, 10)
    if down:
        candidates = [s * 10.0**exponent for s in steps if s * 10.0**exponent <= found]
        best = max(candidates) if candidates else 10.0 ** (exponent - 1)
    else:
        best = min(s * 10.0**exponent for s in steps if s * 10.0**exponent >= found)
    if best >= 1 and best.is_integer() and best < 1e7:
        return str(int(best))
    return f"{best:g}"


_FILE_KINDS = (
    (stat.S_ISDIR, "folder"),
    (stat.S_ISFIFO, "fifo"),
    (stat.S_ISCHR, "char_device"),
    (stat.S_ISBLK, "block_device"),
    (stat.S_ISSOCK, "socket"),
)


def read_input_bytes(path: Path, *, limits: Limits, file: str | None = None) -> bytes:
    """Read one input file whole: only a regular file, and at most ``limits.file_mb``.

    The file is opened without blocking and checked on the open handle, so a named pipe or a device
    given as ``ties.csv`` is refused at once instead of blocking forever (and cannot be swapped in
    between a check and the read).

    Parameters
    ----------
    path
        The file.
    limits
        ``file_mb`` is checked.
    file
        Name used in messages (default: the path).

    Raises
    ------
    InputError
        The file cannot be opened, is not a regular file or is larger than the limit.
    """
    name = file or str(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise InputError(
            [problem("error", "unreadable_file", file=name, detail=exc.strerror or str(exc))],
            source=str(path),
        ) from exc
    try:
        mode = os.fstat(fd).st_mode
        for test, kind in _FILE_KINDS:
            if test(mode):
                raise InputError(
                    [problem("error", "not_a_file", kind, file=name)],
                    source=str(path),
                )
    except BaseException:
        os.close(fd)
        raise
    with os.fdopen(fd, "rb") as handle:
        most = int(limits.file_mb * 1024 * 1024)
        data = handle.read(most + 1)
    if len(data) > most:
        size = os.path.getsize(path) if os.path.exists(path) else len(data)
        raise InputError(
            [limits.exceeded("file_mb", round(size / 1024 / 1024, 1), "file_mb", file=name)],
            source=str(path),
        )
    return data
