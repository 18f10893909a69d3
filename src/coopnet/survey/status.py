"""Who has answered: ``coopnet survey status``.

Reads the returned questionnaires like the import does (without writing anything, and without
stopping at errors) and tells who has answered and who has not, per group. Non-response matters for
the analysis: a pair of two actors who both did not answer is an *unobserved dyad*, which every
measure treats as "no tie" (``docs/data-format.md``, "Directed survey data and non-respondents").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from coopnet import schema
from coopnet.errors import Problem
from coopnet.lang import number, quote, text
from coopnet.messages import format_problem
from coopnet.survey.design import ORIGIN, ORIGIN_ROSTER, Lang, SurveyDesign
from coopnet.survey.responses import collect_responses
from coopnet.survey.returns import find_workbooks
from coopnet.validation import natural_key

__all__ = ["SurveyStatus", "survey_status"]


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


@dataclass(frozen=True)
class SurveyStatus:
    """The response of a survey wave so far.

    Attributes
    ----------
    design
        The questions of the wave.
    source
        What was read.
    respondents
        One row per actor on the list: ``id, label, group, answered`` (a non-blank questionnaire
        came back), ``questionnaire`` (``file[sheet]`` or ``""``), ``answered_rows`` (partner rows
        with an answer).
    groups
        One row per group: ``group, asked, answered, share, unobserved_dyads`` (pairs inside the
        group in which neither answered).
    files
        Workbook files found.
    blank
        Questionnaires that came back empty.
    problems
        What ``survey import`` would report (errors and warnings), except blank questionnaires
        (they are the ones not answered yet).
    new_partners
        Partners named that are not on the list.
    """

    design: SurveyDesign
    source: str
    respondents: pd.DataFrame
    groups: pd.DataFrame
    files: int
    blank: tuple[str, ...]
    problems: tuple[Problem, ...]
    new_partners: int

    @property
    def n(self) -> int:
        """Actors asked."""
        return len(self.respondents)

    @property
    def answered(self) -> int:
        """Actors who answered."""
        return int(self.respondents["answered"].sum())

    @property
    def unobserved_dyads(self) -> int:
        """Pairs of actors in which neither answered."""
        return _pairs(self.n - self.answered)

    def format(self, lang: Lang | None = None) -> str:
        """The status as plain text, German by default."""
        lang = lang or "de"
        design = self.design
        name = f" {quote(design.name, lang)}" if design.name else ""
        period = f" {design.period}" if design.period else ""
        lines = [
            text(
                "survey.st_head",
                lang,
                name=name,
                period=period,
                answered=self.answered,
                n=self.n,
                share=number(self.answered / self.n if self.n else 0.0, lang, percent=True),
            ),
            text(
                "survey.st_files", lang, files=self.files, source=self.source, blank=len(self.blank)
            ),
            "",
        ]
        if self.groups["group"].ne("").any():
            lines.append(text("survey.st_by_group", lang))
            width = max(
                len(text("survey.st_group", lang)),
                len(text("survey.no_group", lang)),
                *(len(g) for g in self.groups["group"]),
            )
            lines.append(
                f"  {text('survey.st_group', lang):<{width}}  {text('survey.st_asked', lang):>8}  "
                f"{text('survey.st_answered', lang):>11}  {text('survey.st_share', lang):>6}"
            )
            g = self.groups
            for group, asked, answered, share in zip(
                g["group"], g["asked"], g["answered"], g["share"], strict=True
            ):
                shown = str(group) or text("survey.no_group", lang)
                lines.append(
                    f"  {shown:<{width}}  {int(asked):>8}  {int(answered):>11}  "
                    f"{number(float(share), lang, percent=True):>6}"
                )
            lines.append("")
        missing = self.respondents[~self.respondents["answered"]]
        if len(missing):
            lines.append(text("survey.st_missing", lang, n=len(missing)))
            for ident, label, group in zip(
                missing["id"], missing["label"], missing["group"], strict=True
            ):
                suffix = f" – {group}" if group else ""
                lines.append(f"  {label} ({ident}){suffix}")
        else:
            lines.append(text("survey.st_all_answered", lang))
        lines.append("")
        possible = _pairs(self.n)
        lines.append(
            text(
                "survey.st_unobserved",
                lang,
                k=self.unobserved_dyads,
                n=possible,
                share=number(
                    self.unobserved_dyads / possible if possible else 0.0,
                    lang,
                    percent=True,
                    digits=1,
                ),
            )
        )
        if self.new_partners:
            lines.append(text("survey.st_new", lang, n=self.new_partners))
        if self.problems:
            errors = sum(p.severity == "error" for p in self.problems)
            lines += [
                "",
                text(
                    "survey.st_problems", lang, errors=errors, warnings=len(self.problems) - errors
                ),
            ]
            ordered = sorted(self.problems, key=lambda p: p.severity != "error")
            lines += [f"  {format_problem(p, lang)}" for p in ordered]
        return "\n".join(lines)


def survey_status(
    source: str | Path | Sequence[str | Path], *, actors: str | Path | None = None
) -> SurveyStatus:
    """Who has answered so far, per group, and what the import would complain about.

    Parameters
    ----------
    source
        The folder of returned questionnaires (or workbook files).
    actors
        The actor list, when the questionnaires were made from several lists.

    Raises
    ------
    InputError
        When no questionnaire is found at all.
    """
    data = collect_responses(source, actors=actors, raise_errors=False)
    table = data.actors[data.actors[ORIGIN] == ORIGIN_ROSTER]
    groups = (
        table[schema.GROUP].fillna("").astype(str).tolist()
        if schema.GROUP in table.columns
        else [""] * len(table)
    )
    respondents = pd.DataFrame(
        {
            "id": table[schema.ID].astype(str).tolist(),
            "label": table[schema.LABEL].astype(str).tolist(),
            "group": groups,
            "answered": [a in data.returned for a in table[schema.ID]],
            "questionnaire": [data.returned.get(a, "") for a in table[schema.ID]],
            "answered_rows": [data.answered_rows.get(a, 0) for a in table[schema.ID]],
        }
    )
    rows = []
    for group in sorted(set(groups), key=lambda g: (g == "", natural_key(g))):
        members = respondents[respondents["group"] == group]
        asked, answered = len(members), int(members["answered"].sum())
        rows.append([group, asked, answered, answered / asked, _pairs(asked - answered)])
    frame = pd.DataFrame(rows, columns=["group", "asked", "answered", "share", "unobserved_dyads"])
    files, _ = find_workbooks(source)
    return SurveyStatus(
        design=data.design,
        source=str(source) if isinstance(source, str | Path) else ", ".join(map(str, source)),
        respondents=respondents,
        groups=frame,
        files=len(files),
        blank=data.blank,
        problems=tuple(p for p in data.problems if p.code != "blank_return"),
        new_partners=int((data.actors[ORIGIN] != ORIGIN_ROSTER).sum()),
    )
