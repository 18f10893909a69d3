"""The survey loop: questionnaires out, answers in, waves over time (``coopnet survey``).

An analyst who starts with nothing but a list of offices and organisations:

1. :func:`plan_survey` (or :func:`read_actor_list`) and :func:`write_templates` — one Excel questionnaire per actor (a
   roster of every other actor with dropdowns), plus one combined workbook (``survey template``);
2. :func:`survey_status` — who has answered, per group (``survey status``);
3. :func:`import_responses` — the returned questionnaires, checked cell by cell, become a dataset
   folder that :func:`coopnet.load` reads (``survey import``); partners named by respondents are
   listed in ``new_actors.csv`` to confirm or merge;
4. :func:`wave_roster` — the next wave asks the same questions of the same actors (with the
   confirmed new ones), with stable ids (``survey template --from``);
5. :func:`combine_waves` — the imported waves in one dataset, each wave a period, with who
   answered in which wave, for ``coopnet compare`` (``survey combine``).

:func:`person_like`, :func:`pseudonymise_actors` and :func:`pseudonymise_network` replace the labels
of person-like actors by their ids. The workbook layout is in ``docs/survey.md``.
"""

from __future__ import annotations

from coopnet.survey.actors import Wave, read_actor_list, wave_roster
from coopnet.survey.combine import CombineResult, combine_waves
from coopnet.survey.dataset import ImportResult, import_responses, write_survey_dataset
from coopnet.survey.design import (
    QUALITY,
    SCALES,
    RosterActor,
    Scale,
    SurveyDesign,
    parse_scale,
)
from coopnet.survey.entry import enter_answers
from coopnet.survey.plan import SurveyPlan, plan_survey
from coopnet.survey.privacy import person_like, pseudonymise_actors, pseudonymise_network
from coopnet.survey.responses import SurveyData, collect_responses
from coopnet.survey.returns import ReturnedSheet, read_returns
from coopnet.survey.status import SurveyStatus, survey_status
from coopnet.survey.template import TemplateResult, write_templates

__all__ = [
    "QUALITY",
    "SCALES",
    "CombineResult",
    "ImportResult",
    "ReturnedSheet",
    "RosterActor",
    "Scale",
    "SurveyData",
    "SurveyDesign",
    "SurveyPlan",
    "SurveyStatus",
    "TemplateResult",
    "Wave",
    "collect_responses",
    "combine_waves",
    "enter_answers",
    "import_responses",
    "parse_scale",
    "person_like",
    "plan_survey",
    "pseudonymise_actors",
    "pseudonymise_network",
    "read_actor_list",
    "read_returns",
    "survey_status",
    "wave_roster",
    "write_survey_dataset",
    "write_templates",
]
