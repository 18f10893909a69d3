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
bad ``responded`` value error     accepted: true/false, yes/no, ja/nein, 1/0, x/empty
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

import pandas as pd

from coopnet import schema
from coopnet.config import DatasetMeta, Limits
from coopnet.errors import InputError
from coopnet.readers.tables import RawDataset
from coopnet.validation._actors import validate_actors
from coopnet.validation._report import Collector, ValidationReport
from coopnet.validation._text import clean_meta, prepare_table
from coopnet.validation._ties import validate_ties
from coopnet.validation._values import (
    ALIASES,
    natural_key,
    parse_bool,
    parse_number,
    split_periods,
)

__all__ = [
    "ALIASES",
    "ValidationReport",
    "natural_key",
    "parse_bool",
    "parse_number",
    "raise_for_errors",
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
        (``responded`` as nullable boolean). ``ties``: ``source, target, weight`` (float),
        ``type``, ``period`` (text or ``None``) then further columns; self-ties dropped and
        duplicates merged; for undirected data every tie is stored with ``source <= target``.
        ``meta``: the metadata with ``periods`` filled in. The report lists every problem; when it
        has errors the tables are incomplete and must not be analysed.
    """
    limits = limits if limits is not None else Limits()
    out = Collector(strict)
    notes = list(raw.notes)
    meta_out = Collector(strict)
    meta = clean_meta(raw.meta, limits=limits, out=meta_out, file=schema.META_FILE)
    short = (*schema.ACTOR_KNOWN, *schema.TIE_KNOWN, *((meta.group,) if meta.group else ()))
    ties_out = Collector(strict)  # reported after the actor table's problems (file order)
    ties_table = prepare_table(
        raw.ties,
        known=schema.TIE_KNOWN,
        ids=(schema.SOURCE, schema.TARGET),
        short=short,
        limits=limits,
        out=ties_out,
        notes=notes,
    )
    counts: dict[str, int] = {
        "actor_rows": len(raw.actors.rows) if raw.actors is not None else 0,
        "tie_rows": len(ties_table.rows),
        "duplicate_actor_rows_merged": 0,
    }
    out.problems.extend(meta_out.problems)
    actors, actor_rows, actor_periods = validate_actors(
        raw.actors, ties_table, out, notes, counts, limits=limits, short=short
    )
    out.extend(ties_table.problems)
    out.problems.extend(ties_out.problems)
    if meta.group is not None and meta.group not in actors.columns:
        out.add(
            "error",
            "unknown_group_column",
            f"dataset.toml names '{meta.group}' as the grouping column, but the actor table has "
            f"no such column (columns: {', '.join(actors.columns)})",
            file=schema.META_FILE,
            column="group",
            value=meta.group,
        )
    missing = [c for c in schema.TIE_REQUIRED if c not in ties_table.columns]
    for col in missing:
        if ties_table.columns:
            out.add(
                "error",
                "missing_column",
                f"required column '{col}' is missing (found: {', '.join(ties_table.columns)})",
                file=ties_table.file,
                row=1,
                column=col,
            )
    if missing:
        ties = pd.DataFrame(columns=[schema.SOURCE, schema.TARGET, schema.WEIGHT])
        report = ValidationReport(raw.source, tuple(out.problems), counts, tuple(notes))
        return actors, ties, meta, report
    ties, meta = validate_ties(
        ties_table, actors, actor_rows, actor_periods, meta, out, counts, limits=limits, notes=notes
    )
    # isolates: actors without any tie in any period
    tied = set(ties[schema.SOURCE]).union(ties[schema.TARGET]) if len(ties) else set()
    isolates = [a for a in actors[schema.ID] if a not in tied]
    for a in isolates:
        out.add(
            "warning",
            "isolate",
            "actor has no tie; kept in the network as an isolate",
            file=raw.actors.file if raw.actors is not None else None,
            row=actor_rows.get(a) or None,
            column=schema.ID,
            value=a,
        )
    counts.update(actors=len(actors), ties=len(ties), isolates=len(isolates))
    report = ValidationReport(raw.source, tuple(out.problems), counts, tuple(notes))
    return actors, ties, meta, report


def validate_dataset(
    raw: RawDataset, *, strict: bool = False, limits: Limits | None = None
) -> ValidationReport:
    """Return only the report of :func:`validate_raw`."""
    return validate_raw(raw, strict=strict, limits=limits)[3]


def raise_for_errors(report: ValidationReport) -> None:
    """Raise :class:`InputError` listing every error of ``report``, if there is any."""
    if not report.ok:
        raise InputError(report.problems, source=report.source)
