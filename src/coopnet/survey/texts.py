"""Texts of the questionnaires and of ``coopnet survey status`` in German and English.

Every entry is a ``(German, English)`` pair; :func:`say` picks one and fills it in. The German
is plain language for staff of a municipality who fill in the form once a year.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from coopnet.survey.design import Lang

__all__ = ["TEXTS", "say"]

TEXTS: Final[Mapping[str, tuple[str, str]]] = {
    # --- file and sheet names
    "file_prefix": ("Fragebogen", "questionnaire"),
    "file_all": ("alle", "all"),
    "sheet_instructions": ("Anleitung", "Instructions"),
    "sheet_answers": ("Partner", "Partners"),
    # --- answer sheet
    "title": ("Befragung zur Zusammenarbeit{name}{period}", "Survey on cooperation{name}{period}"),
    "for": ("Dieser Fragebogen ist für: {label}", "This questionnaire is for: {label}"),
    "for_all": (
        "Sammelmappe: ein Blatt je befragter Stelle (zur Dateneingabe)",
        "Combined workbook: one sheet per respondent (for data entry)",
    ),
    "hint": (
        "Bitte wählen Sie in jeder Zeile aus der Liste. Leer lassen = keine Zusammenarbeit. "
        "Mehr dazu im Blatt „Anleitung“.",
        "Please choose from the list in each row. Leave empty = no cooperation. "
        "More on the sheet 'Instructions'.",
    ),
    "col_group": ("Gruppe", "Group"),
    "col_partner": ("Partner", "Partner"),
    "col_quality": (
        "{header} (1 = gar nicht … 4 = sehr)",
        "{header} (1 = not at all … 4 = a great deal)",
    ),
    "no_group": ("Ohne Gruppe", "No group"),
    "extra_heading": (
        "Weitere Partner, die nicht in der Liste stehen: bitte Name und Gruppe eintragen",
        "Further partners not in the list: please enter name and group",
    ),
    "dv_title": ("Bitte aus der Liste wählen", "Please choose from the list"),
    "dv_error": (
        "Erlaubt sind: {answers} – oder leer lassen.",
        "Allowed: {answers} – or leave empty.",
    ),
    "dv_group_title": ("Gruppe", "Group"),
    "dv_group": (
        "Wählen Sie eine Gruppe aus der Liste oder schreiben Sie eine eigene.",
        "Choose a group from the list or type your own.",
    ),
    # --- instructions sheet
    "i_title": ("So füllen Sie den Fragebogen aus", "How to fill in the questionnaire"),
    "i_intro": (
        "Wir möchten wissen, mit welchen Stellen Ihre Organisation{period_in} zusammenarbeitet. "
        "Die Antworten werden für eine Netzwerkanalyse ausgewertet.",
        "We would like to know which organisations yours works with{period_in}. "
        "The answers are used for a network analysis.",
    ),
    "i_period_in": (" im Jahr {period}", " in {period}"),
    "i_step1": (
        "1. Öffnen Sie das Blatt „{sheet}“. Dort steht jede andere Stelle aus unserer Liste, "
        "nach Gruppen geordnet.",
        "1. Open the sheet '{sheet}'. It lists every other organisation on our list, by group.",
    ),
    "i_step2": (
        "2. Wählen Sie in jeder Zeile und jeder Spalte eine Antwort aus der Liste (die Antworten "
        "stehen unten). Leer lassen oder „{none}“ wählen heißt: keine Zusammenarbeit.",
        "2. In every row and column, choose an answer from the list (the answers are listed "
        "below). "
        "Leaving a cell empty or choosing '{none}' means: no cooperation.",
    ),
    "i_step3": (
        "3. Sie arbeiten mit Stellen zusammen, die nicht in der Liste stehen? Tragen Sie sie "
        "unten im Blatt bei „Weitere Partner“ ein: Name, Gruppe und Ihre Antworten.",
        "3. You cooperate with organisations that are not on the list? Enter them at the bottom "
        "under 'Further partners': name, group and your answers.",
    ),
    "i_step4": (
        "4. Für Stellen, mit denen Sie zusammenarbeiten: {questions}",
        "4. For partners you cooperate with: {questions}",
    ),
    "i_step5": (
        "5. Speichern Sie die Datei (der Dateiname darf sich ändern) und schicken Sie sie an die "
        "Person zurück, die sie Ihnen geschickt hat.",
        "5. Save the file (you may rename it) and send it back to the person who sent it to you.",
    ),
    "i_answers": ("Antworten", "Answers"),
    "i_columns": ("Spalten", "Columns"),
    "i_quality": ("Qualität (1–4)", "Quality (1–4)"),
    "i_privacy": (
        "Datenschutz: Ihre Antworten sieht nur das Auswertungsteam. Andere Befragte sehen sie "
        "nicht; dieser Fragebogen enthält keine Antworten anderer.",
        "Privacy: only the analysis team sees your answers. Other respondents do not; this "
        "questionnaire holds no answers of anyone else.",
    ),
    "i_protected": (
        "Das Blatt ist geschützt, damit die Antworten an der richtigen Stelle landen; nur die "
        "gelben Felder sind auszufüllen (ohne Kennwort).",
        "The sheet is protected so that answers land in the right cells; only the yellow cells "
        "are to be filled in (no password).",
    ),
    # --- status
    "st_head": (
        "Befragung{name}{period}: {answered} von {n} Befragten haben geantwortet ({share}).",
        "Survey{name}{period}: {answered} of {n} respondents answered ({share}).",
    ),
    "st_files": (
        "Rückläufe: {files} Datei(en) in {source}; {blank} Fragebogen/-bögen ohne jede Antwort.",
        "Returns: {files} file(s) in {source}; {blank} questionnaire(s) without any answer.",
    ),
    "st_by_group": ("Nach Gruppe:", "By group:"),
    "st_group": ("Gruppe", "Group"),
    "st_asked": ("Befragte", "asked"),
    "st_answered": ("geantwortet", "answered"),
    "st_share": ("Anteil", "share"),
    "st_missing": ("Noch keine Antwort ({n}):", "No answer yet ({n}):"),
    "st_all_answered": ("Alle haben geantwortet.", "Everyone has answered."),
    "st_unobserved": (
        "Nicht beobachtete Paare (beide ohne Antwort): {k} von {n} ({share}). Die Analyse "
        "behandelt sie als „keine Zusammenarbeit“.",
        "Unobserved pairs (neither answered): {k} of {n} ({share}). The analysis treats them "
        "as 'no cooperation'.",
    ),
    "st_problems": (
        "Probleme in den Rückläufen: {errors} Fehler, {warnings} Hinweis(e); "
        "`coopnet survey import` nennt Datei und Zelle:",
        "Problems in the returns: {errors} error(s), {warnings} warning(s); "
        "`coopnet survey import` names file and cell:",
    ),
    "st_new": (
        "Neu genannte Partner: {n} (zu bestätigen nach dem Import)",
        "Newly named partners: {n} (to confirm after the import)",
    ),
}


def say(key: str, lang: Lang, **values: Any) -> str:
    """The text ``key`` in ``lang`` with ``values`` filled in."""
    german, english = TEXTS[key]
    return (german if lang == "de" else english).format(**values)
