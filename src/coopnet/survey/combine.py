"""Several survey waves in one dataset: ``coopnet survey combine``.

Each ``coopnet survey import`` writes one wave (one period) as its own dataset folder.
:func:`combine_waves` puts the waves into one dataset, so that ``coopnet compare`` compares them:

* ``ties.csv``: the ties of every wave, each with its wave's period;
* ``actors.csv``: every actor of any wave (ids are stable across waves, ``survey template
  --from``); ``periods`` lists the waves the actor was in, ``responded`` the waves in which it
  answered (``docs/data-format.md``), so that each period's analysis treats the non-respondents of
  that wave as such; the other columns (label, group, …) come from the latest wave the actor was
  in, and every change between waves is listed in a note;
* ``dataset.toml``: the waves' common direction, symmetrisation rule, tie types and answer codes
  (waves that differ in them are not comparable: an error names both), ``periods`` in order and
  the ``[survey]`` table of the latest wave (so ``survey template --from`` asks the next wave).

Waves are ordered by their period (natural order: ``2022`` before ``2024``, ``Welle 2`` before
``Welle 10``), whatever the order they are given in. An input may also hold several periods (an
earlier combined dataset): then each of its periods is one wave.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pandas as pd

from coopnet import schema
from coopnet.config import DatasetMeta
from coopnet.errors import InputError, Problem
from coopnet.io import write_csv_folder
from coopnet.lang import number, text
from coopnet.messages import Text, problem, tr
from coopnet.model import CooperationNetwork, load, validate
from coopnet.survey.design import ORIGIN, ORIGIN_UNCONFIRMED, Lang
from coopnet.validation import ValidationReport, join_periods, natural_key

__all__ = ["CombineResult", "combine_waves"]

log = logging.getLogger(__name__)

_WAVE_COLUMNS = (schema.ACTOR_PERIODS, schema.RESPONDED)
"""Actor columns that say something about one wave; combined from every wave, not taken over."""


@dataclass(frozen=True)
class _Wave:
    """One input folder, loaded."""

    path: Path
    net: CooperationNetwork

    @property
    def shown(self) -> str:
        return str(self.path)

    def tie_types(self) -> tuple[str, ...] | None:
        """The tie types asked (``[survey]``), or ``None`` for a wave not made by the import."""
        asked = self.net.meta.survey.get("tie_types")
        if isinstance(asked, list) and asked:
            return tuple(sorted(str(t) for t in asked))
        return None

    def scale(self) -> tuple[str, ...] | None:
        """The survey's answers with their codes (``nie = 0``), or ``None`` without ``[survey]``."""
        survey = self.net.meta.survey
        answers, codes = survey.get("answers"), survey.get("codes")
        if not isinstance(answers, list) or not isinstance(codes, list):
            return None
        return tuple(f"{a} = {c}" for a, c in zip(answers, codes, strict=False))


@dataclass(frozen=True)
class CombineResult:
    """What :func:`combine_waves` read and wrote.

    Attributes
    ----------
    folder
        The dataset folder written.
    periods
        The periods (waves) in order.
    waves
        The input folder of each period, in the same order.
    n_actors, n_respondents
        Actors per period (``{period: n}``) and those who answered in it (``None``: not
        recorded).
    notes
        What changed between waves (labels, groups) and what was left out, for the analyst.
    report
        ``coopnet validate`` of the written folder.
    """

    folder: Path
    periods: tuple[str, ...]
    waves: tuple[str, ...]
    n_actors: Mapping[str, int]
    n_respondents: Mapping[str, int | None]
    notes: tuple[Text, ...] = field(default=())
    report: ValidationReport | None = None

    def format(self, lang: Lang | None = None) -> str:
        """What was written, per wave, and the notes: plain text, German by default."""
        lang = lang or "de"
        lines = [
            text(
                "survey.cb_head",
                lang,
                n=len(self.periods),
                folder=str(self.folder),
                periods=", ".join(self.periods),
            )
        ]
        for period, wave in zip(self.periods, self.waves, strict=True):
            n, answered = self.n_actors[period], self.n_respondents[period]
            if answered is None:
                lines.append(text("survey.cb_wave_unknown", lang, period=period, wave=wave, n=n))
            else:
                share = number(answered / n if n else 0.0, lang, percent=True)
                lines.append(
                    text(
                        "survey.cb_wave",
                        lang,
                        period=period,
                        wave=wave,
                        n=n,
                        answered=answered,
                        share=share,
                    )
                )
        lines += [f"  {note.render(lang)}" for note in self.notes]
        return "\n".join(lines)


def _load_waves(paths: Sequence[Path]) -> tuple[list[_Wave], list[Problem]]:
    """Every input loaded; the problems of all inputs (each naming its folder)."""
    problems: list[Problem] = []
    waves: list[_Wave] = []
    seen: dict[Path, Path] = {}
    for path in paths:
        resolved = path.resolve()
        if resolved in seen:
            problems.append(
                problem("error", "wave_given_twice", file=str(path), first=str(seen[resolved]))
            )
            continue
        seen[resolved] = path
        if not path.is_dir() or not all(
            (path / name).is_file() for name in (schema.ACTORS_FILE, schema.TIES_FILE)
        ):
            problems.append(problem("error", "wave_not_dataset", file=str(path)))
            continue
        try:
            net = load(path)
        except InputError as exc:
            problems += [
                replace(p, file=str(path / p.file) if p.file else str(path)) for p in exc.errors
            ]
            continue
        if not net.periods:
            problems.append(problem("error", "wave_without_period", file=str(path)))
            continue
        waves.append(_Wave(path, net))
    return waves, problems


def _check_comparable(waves: Sequence[_Wave]) -> tuple[list[Problem], list[Text]]:
    """Waves with the same period, or not asked the same way, cannot be combined.

    The tie types asked (``[survey]``) must be the same; for waves not made by the import, the
    tie types found in their ties may differ (a type nobody named), with a note.
    """
    problems: list[Problem] = []
    notes: list[Text] = []
    owner: dict[str, _Wave] = {}
    for wave in waves:
        for period in wave.net.periods:
            if period in owner:
                problems.append(
                    problem(
                        "error",
                        "wave_period_twice",
                        file=wave.shown,
                        column="period",
                        value=period,
                        first=owner[period].shown,
                    )
                )
            else:
                owner[period] = wave
    first = waves[0]

    def differ(what: str, mine: object, theirs: object, wave: _Wave) -> None:
        problems.append(
            problem(
                "error",
                "wave_mismatch",
                what,
                file=wave.shown,
                first=first.shown,
                mine=_shown(mine),
                theirs=_shown(theirs),
            )
        )

    for wave in waves[1:]:
        a, b = first.net.meta, wave.net.meta
        if a.directed != b.directed:
            differ("directed", b.directed, a.directed, wave)
        if a.directed and b.directed and a.symmetrise != b.symmetrise:
            differ("symmetrise", b.symmetrise, a.symmetrise, wave)
        types_a, types_b = first.tie_types(), wave.tie_types()
        if types_a is not None and types_b is not None and types_a != types_b:
            differ("tie_types", types_b, types_a, wave)
        elif (types_a is None or types_b is None) and first.net.tie_types != wave.net.tie_types:
            notes.append(
                tr(
                    "survey.cb_types",
                    wave=wave.shown,
                    first=first.shown,
                    mine=_shown(wave.net.tie_types),
                    theirs=_shown(first.net.tie_types),
                )
            )
        if a.codes and b.codes and dict(a.codes) != dict(b.codes):  # combined: none
            differ("codes", dict(b.codes), dict(a.codes), wave)
        scale_a, scale_b = first.scale(), wave.scale()
        if scale_a is not None and scale_b is not None and scale_a != scale_b:
            differ("scale", scale_b, scale_a, wave)
    return problems, notes


def _shown(value: object) -> str:
    """A value as the messages show it: lists joined by commas, tables as ``key = value``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple | list):
        return ", ".join(_shown(v) for v in value) or "–"
    if isinstance(value, Mapping):
        return "; ".join(f"{k} = {_shown(v)}" for k, v in value.items()) or "–"
    return "–" if value is None else str(value)


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def _combine_actors(
    waves: Sequence[_Wave], periods: Sequence[str]
) -> tuple[pd.DataFrame, list[Text], list[Problem], dict[str, int], dict[str, int | None]]:
    """The union of the waves' actors with ``periods`` and ``responded`` over the waves."""
    wave_of = {p: w for w in waves for p in w.net.periods}
    with_response = [w for w in waves if schema.RESPONDED in w.net.actors.columns]
    problems: list[Problem] = []
    if with_response and len(with_response) < len(waves):
        problems += [
            problem("error", "wave_response_unknown", "column", file=w.shown)
            for w in waves
            if w not in with_response
        ]
    columns: dict[str, None] = {}
    for wave in reversed(waves):  # the latest wave's column order first
        columns.update(
            (c, None) for c in wave.net.actors.columns if c not in _WAVE_COLUMNS and c != schema.ID
        )
    rows: dict[str, dict[str, Any]] = {}
    seen_in: dict[str, dict[str, str]] = {}  # actor → column → period of the value kept
    present_in: dict[str, list[str]] = {}
    answered_in: dict[str, list[str]] = {}
    notes: list[Text] = []
    n_actors: dict[str, int] = {}
    n_answered: dict[str, int | None] = {}
    for period in periods:
        wave = wave_of[period]
        actors = wave.net.actors
        present = set(wave.net.actors_in(period))
        responded = wave.net.responded(period)
        rows_of = {a: i for i, a in enumerate(actors[schema.ID])}
        n_actors[period] = len(present)
        n_answered[period] = sum(1 for a in present if responded.get(a)) if responded else None
        for actor in actors[schema.ID]:
            if actor not in present:
                continue
            record = actors.iloc[rows_of[actor]]
            row = rows.setdefault(actor, {schema.ID: actor})
            kept = seen_in.setdefault(actor, {})
            for column in columns:
                if column not in actors.columns:
                    continue  # the column is not in this wave: the earlier value stays
                value = None if _missing(record[column]) else record[column]
                before = row.get(column)
                if column in kept and before != value and column != ORIGIN:
                    unconfirmed = ORIGIN_UNCONFIRMED in (row.get(ORIGIN), record.get(ORIGIN))
                    if column == schema.LABEL and unconfirmed:
                        problems.append(
                            problem(
                                "error",
                                "wave_id_clash",
                                file=wave.shown,
                                value=actor,
                                first=str(wave_of[kept[column]].path),
                                label=str(value),
                                other=str(before),
                            )
                        )
                    notes.append(
                        tr(
                            "survey.cb_changed",
                            actor=actor,
                            column=column,
                            before=_shown(before),
                            after=_shown(value),
                            first=kept[column],
                            period=period,
                        )
                    )
                row[column] = value
                kept[column] = period
            present_in.setdefault(actor, []).append(period)
            if with_response:
                answer = responded.get(actor)
                if answer is None and wave in with_response:
                    problems.append(
                        problem(
                            "error",
                            "wave_response_unknown",
                            "actor",
                            file=str(wave.path / schema.ACTORS_FILE),
                            column=schema.RESPONDED,
                            value=actor,
                            period=period,
                        )
                    )
                if answer:
                    answered_in.setdefault(actor, []).append(period)
    frame = pd.DataFrame(
        [[row.get(c) for c in (schema.ID, *columns)] for row in rows.values()],
        columns=[schema.ID, *columns],
        dtype=object,
    )
    frame[schema.ACTOR_PERIODS] = [";".join(present_in[a]) for a in frame[schema.ID]]
    if with_response:
        frame[schema.RESPONDED] = [
            join_periods(answered_in[a]) if a in answered_in else False for a in frame[schema.ID]
        ]
    return frame, notes, problems, n_actors, n_answered


def _combine_meta(waves: Sequence[_Wave], periods: Sequence[str]) -> DatasetMeta:
    """The latest wave's metadata with every period; the codes are applied already."""
    latest = waves[-1].net.meta
    group = next((w.net.meta.group for w in reversed(waves) if w.net.meta.group), None)
    shown = ", ".join(f"{p} ({w.path.name})" for w in waves for p in w.net.periods)
    survey = dict(latest.survey)
    if survey:
        survey["period"] = periods[-1]
    return replace(
        latest,
        description=f"Combined from {len(periods)} wave(s) by 'coopnet survey combine': {shown}.",
        group=group,
        periods=tuple(periods),
        codes={},
        actor_columns={},
        tie_columns={},
        survey=survey,
    )


def combine_waves(
    paths: Sequence[str | Path], out: str | Path, *, overwrite: bool = False
) -> CombineResult:
    """Combine survey waves (dataset folders, one period each) into one dataset folder.

    Parameters
    ----------
    paths
        The waves: dataset folders written by ``coopnet survey import`` (any dataset folder
        with ``actors.csv`` and ``ties.csv`` whose ties have periods will do), in any order.
    out
        The dataset folder to write. Written as :func:`coopnet.outputs.output_folder` writes:
        a folder coopnet made is replaced, a non-empty folder it did not make is refused
        unless `overwrite`, and never one of the waves (or a folder inside or above one).
    overwrite
        Write into a non-empty folder that coopnet did not make (files of the same names are
        replaced, nothing else is deleted).

    Returns
    -------
    CombineResult
        The folder, the periods and waves, actors and respondents per wave, the notes.

    Raises
    ------
    InputError
        Every problem at once, each naming the wave's folder: a path that is not a dataset
        folder or given twice, a wave that does not load (its own problems), a wave without
        period, a period in two waves, waves that differ in direction, symmetrisation, tie
        types or answer codes, a wave that does not say who answered when the others do, and
        an unconfirmed new actor whose provisional id means another partner in another wave.
        Nothing is written then.
    OutputError
        `out` is one of the waves or holds files coopnet did not make (see `overwrite`).

    Notes
    -----
    The combined ``responded`` value of an actor lists the waves it answered (``false`` if
    none): :meth:`coopnet.CooperationNetwork.responded` reads it per period, so that its
    unreturned nominations in a wave it did not answer are not counted as unreciprocated and
    its pairs with other non-respondents of that wave are unobserved (``docs/data-format.md``).

    Examples
    --------
    >>> from coopnet.survey import combine_waves
    >>> result = combine_waves(["daten/welle2022", "daten/welle2024"], "daten/wellen")
    ... # doctest: +SKIP
    >>> print(result.format())  # doctest: +SKIP
    2 Wellen zusammengeführt (2022, 2024) in daten/wellen:
    """
    given = [Path(p) for p in paths]
    if not given:
        raise InputError([problem("error", "wave_none")])
    waves, problems = _load_waves(given)
    differences: list[Text] = []
    if waves and not problems:
        waves.sort(key=lambda w: natural_key(w.net.periods[-1]))
        found, differences = _check_comparable(waves)
        problems += found
    if problems:
        raise InputError(problems, source=", ".join(map(str, given)))
    periods = sorted({p for w in waves for p in w.net.periods}, key=natural_key)
    actors, notes, problems, n_actors, n_answered = _combine_actors(waves, periods)
    if problems:
        raise InputError(problems, source=", ".join(map(str, given)))
    order = {p: i for i, p in enumerate(periods)}
    ties = pd.concat([w.net.ties for w in waves], ignore_index=True)
    rank = [order[str(p)] for p in ties[schema.PERIOD]]
    ties = ties.iloc[sorted(range(len(ties)), key=rank.__getitem__)]  # stable: wave, then row
    meta = _combine_meta(waves, periods)
    folder = write_csv_folder(
        actors,
        ties.reset_index(drop=True),
        meta,
        out,
        overwrite=overwrite,
        inputs=given,
        command="survey combine",
    )
    report = validate(folder)
    if not report.ok:  # a bug: the combined waves must be a valid dataset
        raise InputError(report.errors, source=str(folder))
    wave_of = {p: w for w in waves for p in w.net.periods}
    log.info("combined %d wave(s) into %s", len(periods), folder)
    return CombineResult(
        folder=folder,
        periods=tuple(periods),
        waves=tuple(str(wave_of[p].path) for p in periods),
        n_actors=n_actors,
        n_respondents=n_answered,
        notes=(*differences, *notes),
        report=report,
    )
