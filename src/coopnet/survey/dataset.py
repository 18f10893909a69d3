"""Write a survey wave as a dataset folder: ``actors.csv``, ``ties.csv``, ``dataset.toml``.

Plus ``new_actors.csv`` when respondents named partners that are not on the list. Nothing the user
owns is replaced without ``replace=True``, and never an edited ``new_actors.csv`` whose decisions
were not read.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from coopnet import schema
from coopnet.errors import InputError
from coopnet.io import read_csv_table, write_csv_folder
from coopnet.messages import problem
from coopnet.model import validate
from coopnet.survey.newactors import NEW_ACTORS_FILE
from coopnet.survey.privacy import pseudonymise_actors
from coopnet.survey.responses import SurveyData, collect_responses
from coopnet.validation import ValidationReport

__all__ = ["ImportResult", "import_responses", "write_survey_dataset"]

log = logging.getLogger(__name__)

_WRITTEN = (schema.ACTORS_FILE, schema.TIES_FILE, schema.META_FILE, NEW_ACTORS_FILE)


@dataclass(frozen=True)
class ImportResult:
    """What :func:`import_responses` read and wrote.

    Attributes
    ----------
    data
        The wave as read (tables, design, problems).
    folder
        The dataset folder written.
    report
        ``coopnet validate`` of the written folder.
    new_actors
        ``new_actors.csv`` when written, else ``None``.
    """

    data: SurveyData
    folder: Path
    report: ValidationReport
    new_actors: Path | None


def _has_decisions(path: Path) -> bool:
    table = read_csv_table(path)
    if "id" not in [c.casefold() for c in table.columns]:
        return False
    j = [c.casefold() for c in table.columns].index("id")
    return any(row[j].strip() for row in table.rows)


def _check_target(out: Path, *, replace_files: bool, new_actors: Path | None) -> None:
    present = [name for name in _WRITTEN if (out / name).exists()]
    if present and not replace_files:
        raise InputError(
            [
                problem(
                    "error",
                    "file_exists",
                    "dataset",
                    section="questionnaire",
                    file=str(out / name),
                    files=_WRITTEN,
                )
                for name in present
            ],
            source=str(out),
        )
    mine = out / NEW_ACTORS_FILE
    if (
        mine.exists()
        and (new_actors is None or mine.resolve() != new_actors.resolve())
        and _has_decisions(mine)
    ):
        raise InputError(
            [problem("error", "unread_decisions", section="questionnaire", file=str(mine))],
            source=str(out),
        )


def write_survey_dataset(
    data: SurveyData, out: str | Path, *, replace_files: bool = False, pseudonymise: bool = False
) -> tuple[Path, Path | None]:
    """Write ``data`` as a dataset folder; return the folder and ``new_actors.csv`` (or ``None``).

    Parameters
    ----------
    data
        The wave, from :func:`coopnet.survey.collect_responses`.
    out
        The dataset folder (created if missing).
    replace_files
        Overwrite ``actors.csv``, ``ties.csv``, ``dataset.toml`` and ``new_actors.csv`` when present.
    pseudonymise
        Replace the labels of person-like actors by their ids in ``actors.csv``
        (:func:`coopnet.survey.pseudonymise_actors`). ``new_actors.csv`` keeps the names as typed:
        it is the analyst's working file, not for sharing.

    Raises
    ------
    InputError
        When files exist and ``replace_files`` is false (nothing is written then).
    """
    folder = Path(out)
    _check_target(folder, replace_files=replace_files, new_actors=data.confirmations)
    actors = pseudonymise_actors(data.actors) if pseudonymise else data.actors
    write_csv_folder(
        actors, data.ties, data.meta, folder, overwrite=replace_files, command="survey import"
    )
    path: Path | None = None
    if len(data.new_actors):
        path = folder / NEW_ACTORS_FILE
        data.new_actors.to_csv(path, index=False, encoding="utf-8")
    elif (folder / NEW_ACTORS_FILE).exists():
        (folder / NEW_ACTORS_FILE).unlink()
    log.info("wrote %s", folder)
    return folder, path


def import_responses(
    source: str | Path | Sequence[str | Path],
    out: str | Path,
    *,
    period: str | None = None,
    actors: str | Path | None = None,
    new_actors: str | Path | None = None,
    pseudonymise: bool = False,
    replace_files: bool = False,
) -> ImportResult:
    """Read returned questionnaires and write the wave as a dataset folder (``survey import``).

    Parameters
    ----------
    source
        A folder of returned questionnaires (searched recursively) or workbook files.
    out
        The dataset folder to write.
    period
        The period of the ties (default: the questionnaires' period).
    actors
        The full actor list (``actors.csv`` of the template folder) to keep its further columns.
    new_actors
        An edited ``new_actors.csv``; default: ``OUT/new_actors.csv`` when it exists.
    pseudonymise
        Replace the labels of person-like actors by their ids (see :mod:`coopnet.survey.privacy`).
    replace_files
        Overwrite the files of an earlier import in ``out``.

    Returns
    -------
    ImportResult
        The data, the folder and the validation report of the written dataset.

    Raises
    ------
    InputError
        Every error of the questionnaires (file, sheet, cell), or files in the way; nothing is
        written then.

    Notes
    -----
    ``docs/survey.md`` walks through the whole loop; ``scripts/make_survey_wave.py`` runs it on the
    example town.
    """
    folder = Path(out)
    confirmations = Path(new_actors) if new_actors is not None else None
    if confirmations is None and (folder / NEW_ACTORS_FILE).exists():
        confirmations = folder / NEW_ACTORS_FILE
        log.info("applying the decisions in %s", confirmations)
    _check_target(folder, replace_files=replace_files, new_actors=confirmations)
    data = collect_responses(source, period=period, actors=actors, new_actors=confirmations)
    folder, path = write_survey_dataset(data, folder, replace_files=True, pseudonymise=pseudonymise)
    report = validate(folder)
    if not report.ok:  # a bug: the import must write valid datasets
        raise InputError(report.errors, source=str(folder))
    if pseudonymise:
        data = replace(data, actors=pseudonymise_actors(data.actors))
    return ImportResult(data=data, folder=folder, report=report, new_actors=path)
