"""Validate raw dataset tables and turn them into clean actor and tie tables.

All rows are checked before anything is raised, so one run of ``coopnet validate`` lists every problem
of a file — each with file, row, column and value — instead of stopping at the first.

Rules (``docs/data-format.md`` documents them for users):

======================  ========  =================================================================
problem                 severity  what happens
======================  ========  =================================================================
missing required column error     ``id`` (actors), ``source``/``target`` (ties)
empty file / no actors  error
duplicate actor id      error     identical repeated rows are merged with a warning instead
bad ``responded`` value error     accepted: true/false, yes/no, ja/nein, 1/0, x/empty, or the
                                  periods in which the actor answered (``2022;2024``): each a
                                  period of the data and of the actor's ``periods``
unknown actor in a tie  error     the message suggests the closest existing id
empty/non-numeric/≤0    error     weights; decimal commas ("2,5") are accepted
weight
weight beyond limits    error     ``Limits.weight_min`` … ``weight_max`` (1e-6 … 1e6 by default)
empty or unknown period error     unknown = not listed in ``dataset.toml`` ``periods``
actor absent in period  error     the tie's period is not among the actor's ``periods``
self-tie                warning   dropped and counted (error with ``strict``)
duplicate tie           warning   merged (larger weight kept) and counted; error with
                                  ``duplicates = "error"`` or ``strict``
nomination by a         warning   directed data: a non-respondent cannot have named anyone
non-respondent
isolate                 warning   the actor stays in the network without ties
no ties at all          warning
unclosed quote          error     the row where the quote opens (:mod:`coopnet.readers.text`)
duplicate column name   error     also two ``dataset.toml`` renames onto one column
column named ``_…``     error     reserved for coopnet's own use
control/bidi characters warning   removed (line breaks → space) and counted per column; error in ids
decomposed Unicode      warning   composed to NFC (``A`` + ``¨`` → ``Ä``) and counted per column
row not UTF-8           warning   that row read as Windows-1252, the others as UTF-8
value, file, table or   error     beyond :class:`coopnet.config.Limits` (``docs/safety.md``); the
period count too large            message names the limit and how to raise it
======================  ========  =================================================================

The rules live in ``_actors`` and ``_ties``, the text hygiene in ``_text``, the report in ``_report``.
"""

from __future__ import annotations

import logging
from dataclasses import replace

import pandas as pd

from coopnet import schema
from coopnet.config import CODES_TIE, DatasetMeta, Limits
from coopnet.errors import InputError, Problem
from coopnet.messages import Text
from coopnet.readers.columns import TIE_WORDS
from coopnet.readers.tables import RawDataset, RawTable, ReadInfo
from coopnet.validation._actors import validate_actors
from coopnet.validation._codes import apply_codes
from coopnet.validation._report import (
    Collector,
    ValidationReport,
    describe_read,
    summarise_repeated,
)
from coopnet.validation._text import clean_meta, prepare_table
from coopnet.validation._ties import validate_ties
from coopnet.validation._values import (
    ALIASES,
    join_periods,
    natural_key,
    parse_bool,
    parse_number,
    responded_in,
    split_periods,
)

__all__ = [
    "ALIASES",
    "ValidationReport",
    "describe_read",
    "join_periods",
    "natural_key",
    "parse_bool",
    "parse_number",
    "raise_for_errors",
    "responded_in",
    "split_periods",
    "validate_dataset",
    "validate_raw",
]

log = logging.getLogger(__name__)


def validate_raw(
    raw: RawDataset, *, strict: bool = False, limits: Limits | None = None
) -> tuple[pd.DataFrame, pd.DataFrame, DatasetMeta, ValidationReport]:
    """Check every row of a raw dataset and return clean tables.

    Parameters
    ----------
    raw
        Tables as read by :func:`coopnet.io.read_raw` (not changed).
    strict
        Turn recoverable problems (self-ties, duplicate ties or rows, encoding fallback, nominations by
        non-respondents, cleaned characters) into errors.
    limits
        Limits on lengths, weights, periods and suggestions; default :class:`~coopnet.config.Limits`.

    Returns
    -------
    actors, ties, meta, report
        ``actors``: one row per actor, columns ``id, label`` then the file's other columns
        (``responded`` as nullable boolean; as objects when some actor's value lists the periods
        in which it answered, ``"2022;2024"``: read it with :func:`responded_in`). ``ties``: ``source, target, weight`` (float),
        ``type``, ``period`` (text or ``None``) then further columns; self-ties dropped and
        duplicates merged; for undirected data every tie is stored with ``source <= target``.
        ``meta``: the metadata with ``periods`` filled in. The report lists every problem; when it
        has errors the tables are incomplete and must not be analysed.
    """
    limits = limits if limits is not None else Limits()
    out = Collector(strict)
    notes: list[Text] = list(raw.notes)
    info = raw.info.copy()
    meta_file = info.meta_from or schema.META_FILE
    meta_out = Collector(strict)
    meta = clean_meta(raw.meta, limits=limits, out=meta_out, file=meta_file)
    short = (*schema.ACTOR_KNOWN, *schema.TIE_KNOWN, *((meta.group,) if meta.group else ()))
    ties_out = Collector(strict)  # reported after the actor table's problems (file order)
    ties_table = prepare_table(
        raw.ties,
        known=schema.TIE_KNOWN,
        ids=(schema.SOURCE, schema.TARGET),
        short=short,
        limits=limits,
        out=ties_out,
        mapped=info.columns,
    )
    ties_table, coded, used = apply_codes(
        ties_table, meta.codes, info=info, out=ties_out, meta_file=meta_file
    )
    counts: dict[str, int] = {
        "actor_rows": len(raw.actors.rows) if raw.actors is not None else 0,
        "tie_rows": len(ties_table.rows),
        "duplicate_actor_rows_merged": 0,
    }
    out.problems.extend(meta_out.problems)
    actors, actor_rows, actor_periods = validate_actors(
        raw.actors,
        ties_table,
        out,
        counts,
        limits=limits,
        short=short,
        info=info,
        codes=meta.codes,
        used=used,
        meta_file=meta_file,
    )
    after_actors = len(out.problems)
    out.extend(ties_table.problems)
    out.problems.extend(ties_out.problems)
    for key in meta.codes:
        if key not in used:
            columns = sorted({*actors.columns, *ties_table.columns} - {schema.LABEL})
            out.add(
                "error",
                "invalid_meta",
                "codes_column",
                file=meta_file,
                column=f"codes.{key}",
                name=key,
                columns=", ".join(columns),
            )
    if meta.group is not None and meta.group not in actors.columns:
        renamed = _renamed_to(meta.group, info, raw.actors.file if raw.actors else None)
        if renamed is not None and renamed in actors.columns:
            meta = replace(meta, group=renamed)  # the file's name of a renamed column
    if meta.group is not None and meta.group not in actors.columns:
        out.add(
            "error",
            "unknown_group_column",
            file=meta_file,
            column="group",
            value=meta.group,
            meta=meta_file,
            name=meta.group,
            columns=", ".join(actors.columns),
        )
    read_too = {w.casefold() for names in TIE_WORDS.values() for w in names}
    info.kept += [
        (ties_table.file, ties_table.origins.get(c, c))
        for c in ties_table.columns
        if c not in schema.TIE_KNOWN and c.casefold() not in read_too
    ]
    missing = [c for c in schema.TIE_REQUIRED if c not in ties_table.columns]
    for col in missing:
        if ties_table.columns:
            out.add(
                "error",
                "missing_column",
                "ties",
                file=ties_table.file,
                row=ties_table.header_line,
                column=col,
                name=col,
                found=", ".join(ties_table.columns),
            )
    if missing:
        ties = pd.DataFrame(columns=[schema.SOURCE, schema.TARGET, schema.WEIGHT])
        return actors, ties, meta, _report(raw, out, counts, notes, info, ties_table)
    ties, meta = validate_ties(
        ties_table,
        actors,
        actor_rows,
        actor_periods,
        meta,
        out,
        counts,
        limits=limits,
        notes=notes,
        coded=coded,
        codes_key=CODES_TIE if ties_table.matrix is not None else schema.WEIGHT,
        has_codes=bool(coded) or CODES_TIE in meta.codes or schema.WEIGHT in meta.codes,
    )
    out.problems[after_actors:after_actors] = _response_periods(
        actors, actor_rows, actor_periods, meta, raw.actors.file if raw.actors else None, strict
    )
    # isolates: actors without any tie in any period
    tied = set(ties[schema.SOURCE]).union(ties[schema.TARGET]) if len(ties) else set()
    isolates = [a for a in actors[schema.ID] if a not in tied]
    # with invalid tie rows the isolates are not known: they are not listed (but counted)
    for a in isolates if not counts.get("invalid_tie_rows") else []:
        out.add(
            "warning",
            "isolate",
            file=raw.actors.file if raw.actors is not None else None,
            row=actor_rows.get(a) or None,
            column=schema.ID,
            value=a,
        )
    counts.update(actors=len(actors), ties=len(ties), isolates=len(isolates))
    return actors, ties, meta, _report(raw, out, counts, notes, info, ties_table)


def _response_periods(
    actors: pd.DataFrame,
    actor_rows: dict[str, int],
    actor_periods: dict[str, list[str] | None],
    meta: DatasetMeta,
    file: str | None,
    strict: bool,
) -> list[Problem]:
    """The problems of ``responded`` values that list periods (``2022;2024``).

    Each listed period must be a period of the data and one of the actor's ``periods``; in data
    without periods such a value is no yes/no answer (``bad_responded``).
    """
    out = Collector(strict)
    if schema.RESPONDED not in actors.columns:
        return out.problems
    known = set(meta.periods)
    listed = ", ".join(meta.periods)
    for actor, value in zip(actors[schema.ID], actors[schema.RESPONDED], strict=True):
        if not isinstance(value, str):
            continue
        where = {"file": file, "row": actor_rows.get(actor) or None, "column": schema.RESPONDED}
        if not known:
            out.add("error", "bad_responded", **where, value=value)
            continue
        own = actor_periods.get(actor)
        for period in split_periods(value) or [value]:
            if period not in known:
                out.add(
                    "error", "response_period", "unknown", **where, value=period, periods=listed
                )
            elif own and period not in own:
                out.add(
                    "error",
                    "response_period",
                    "absent",
                    **where,
                    value=period,
                    periods=";".join(own),
                )
    return out.problems


def _renamed_to(column: str, info: ReadInfo, file: str | None) -> str | None:
    """The coopnet name of the actor column the file calls `column` (``Bereich`` → ``sector``)."""
    folded = column.casefold()
    return next(
        (new for where, old, new, _ in info.columns if where == file and old.casefold() == folded),
        None,
    )


def _report(
    raw: RawDataset,
    out: Collector,
    counts: dict[str, int],
    notes: list[Text],
    info: ReadInfo,
    ties: RawTable,
) -> ValidationReport:
    """The report, every problem naming the user's column (``Häufigkeit``, not ``weight``)."""
    origins: dict[str, dict[str, str]] = {ties.file: ties.origins}
    for where, old, new, _ in info.columns:
        origins.setdefault(where, {}).setdefault(new, old)
    problems = tuple(
        replace(p, column=origins[p.file][p.column])
        if p.file in origins
        and p.column in origins[p.file]
        and p.code not in ("missing_column", "invalid_meta")
        else p
        for p in summarise_repeated(out.problems)
    )
    return ValidationReport(
        raw.source,
        problems,
        counts,
        tuple(str(n) for n in notes),
        tuple(notes),
        info,
    )


def validate_dataset(
    raw: RawDataset, *, strict: bool = False, limits: Limits | None = None
) -> ValidationReport:
    """Return only the report of :func:`validate_raw`."""
    return validate_raw(raw, strict=strict, limits=limits)[3]


def raise_for_errors(report: ValidationReport) -> None:
    """Raise :class:`InputError` listing every error of ``report``, if there is any."""
    if not report.ok:
        raise InputError(report.problems, source=report.source)
