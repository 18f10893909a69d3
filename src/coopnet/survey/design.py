"""The questions of a survey wave: tie types, the answer scale and its codes, quality questions.

A :class:`SurveyDesign` is what every questionnaire of one wave asks. It is stored in each workbook
(hidden sheet ``coopnet``) and, after the import, in the ``[survey]`` table of ``dataset.toml``, so a
later wave can ask exactly the same questions (``coopnet survey template --from DATASET``).

Answer scales
-------------
A :class:`Scale` lists its answer labels in code order. Code 0 means "no tie"; a positive code
becomes the tie's ``weight``. Named scales:

* ``haeufigkeit`` / ``frequency`` (default): nie / seltener / monatlich / wöchentlich / täglich
  (never / less often / monthly / weekly / daily), codes 0–4;
* ``ja-nein`` / ``yes-no``: nein / ja (no / yes), codes 0–1;
* any comma-separated list of labels (``"nie,selten,oft"``): codes 0, 1, 2, …

Quality questions (optional) are the trust and value questions of the PARTNER tool (Varda et al.
2008, https://partnertool.net), asked once per partner on a 1–4 scale: *Vertrauen* (trust:
reliability, openness to discussion, shared mission) and *Nutzen* (value: power and influence,
involvement, resources the partner brings). PARTNER builds each score from three items; coopnet
asks one item per score, which keeps the roster short.

References
----------
Varda, D. M., Chandra, A., Stern, S. A., & Lurie, N. (2008). Core dimensions of connectivity in
public health collaboratives. *Journal of Public Health Management and Practice*, 14(5), E1–E7.
https://doi.org/10.1097/01.PHH.0000333889.60517.46
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, Literal, NamedTuple

import pandas as pd

from coopnet import schema
from coopnet.config import SurveyValue
from coopnet.errors import InputError, Problem
from coopnet.lang import Lang
from coopnet.messages import problem, tr
from coopnet.validation import parse_bool

__all__ = [
    "QUALITY",
    "SCALES",
    "AnswerKind",
    "Lang",
    "QualityQuestion",
    "ReadAnswer",
    "RosterActor",
    "Scale",
    "SurveyDesign",
    "fold",
    "fold_name",
    "parse_scale",
    "roster_of",
]

AnswerKind = Literal["label", "number", "tick", "none"]

# actor-table columns the survey adds or reads (besides the schema's id, label, group, responded)
PERSON: Final = "person"
"""Actor column flagging person-like actors (``true``/``ja``/``x``) for ``--pseudonymise``."""
ORIGIN: Final = "origin"
"""Actor column written by the import: ``roster``, ``new`` (confirmed) or ``unconfirmed``."""
ORIGIN_ROSTER: Final = "roster"
ORIGIN_NEW: Final = "new"
ORIGIN_UNCONFIRMED: Final = "unconfirmed"

_TICKS: Final = frozenset({"x", "✓", "✔", "☑", "ja", "j", "yes", "y", "+", "true", "wahr"})
_NONE: Final = frozenset({"-", "–", "—", "/", "nein", "no", "n", "false", "falsch"})
_MAX_LIST: Final = 255  # Excel's limit for a literal list of a data validation


def fold(text: str) -> str:
    """Fold an answer for matching: case, umlauts, surrounding and repeated whitespace, end dots.

    >>> fold("  Wöchentlich. ")
    'woechentlich'
    """
    t = unicodedata.normalize("NFKC", text).replace("\u00a0", " ").casefold()
    for umlaut, plain in (("ä", "ae"), ("ö", "oe"), ("ü", "ue")):
        t = t.replace(umlaut, plain)
    return re.sub(r"\s+", " ", t).strip(" .:;")


def fold_name(text: str) -> str:
    """Fold an actor name for matching names typed by different respondents.

    Punctuation is dropped as well, so ``"Caritas e.V."`` and ``"caritas eV"`` are one name.

    >>> fold_name("Caritas  e.V.") == fold_name("caritas eV")
    True
    """
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", "", fold(text))).strip()


class ReadAnswer(NamedTuple):
    """An answer as understood: its code and how it was given."""

    code: int
    kind: AnswerKind


@dataclass(frozen=True)
class Scale:
    """An answer scale: labels in code order.

    Attributes
    ----------
    name
        ``"frequency"``, ``"yes-no"``, ``"quality"`` or ``"custom"``.
    labels
        The answers as the dropdown shows them.
    codes
        The code of each label (same length); code 0 means "no tie".
    aliases
        Further accepted spellings per label (the other language of a named scale).
    """

    name: str
    labels: tuple[str, ...]
    codes: tuple[int, ...]
    aliases: tuple[tuple[str, ...], ...] = ()

    def __post_init__(self) -> None:
        problems: list[tuple[str, dict[str, Any]]] = []  # (variant, placeholders)
        if len(self.labels) < 2:
            problems.append(("too_few", {}))
        if len(self.codes) != len(self.labels):
            problems.append(("codes_per_answer", {}))
        if len(set(self.codes)) != len(self.codes) or any(c < 0 for c in self.codes):
            problems.append(("codes", {}))
        folded = [fold(label) for label in self.labels]
        if "" in folded or len(set(folded)) != len(folded):
            problems.append(("answers", {}))
        for label in self.labels:
            if "," in label or '"' in label:
                problems.append(("comma", {"answer": label}))
        if len(",".join(self.labels)) > _MAX_LIST:
            problems.append(("too_long", {"limit": _MAX_LIST}))
        if problems:
            raise InputError(
                [
                    problem(
                        "error",
                        "bad_scale",
                        variant,
                        section="questionnaire",
                        column="scale",
                        value=repr(self.labels),
                        **params,
                    )
                    for variant, params in problems
                ]
            )

    @property
    def tick_code(self) -> int:
        """The code an ``x`` stands for: the smallest positive code ("there is a tie")."""
        return min((c for c in self.codes if c > 0), default=max(self.codes))

    def label_of(self, code: int) -> str:
        """The label of a code."""
        return self.labels[self.codes.index(code)]

    def read(self, text: str, *, ticks: bool = True) -> ReadAnswer | None:
        """Understand a non-empty answer; ``None`` when it is not an answer of this scale.

        Accepted: a label or an alias in any case and spacing (umlauts may be written ``ae``), the
        code as a number (``"3"``, ``3.0``), ``"3 – wöchentlich"`` when number and label agree,
        ``x``/``ja`` (with ``ticks``: the smallest positive code) and ``-``/``nein`` (code 0, when
        the scale has it).
        """
        t = fold(text)
        for code, label, aliases in zip(self.codes, self.labels, self._alias_rows(), strict=True):
            if t == fold(label) or t in {fold(a) for a in aliases}:
                return ReadAnswer(code, "label")
        number = _integer(t)
        if number is not None:
            return ReadAnswer(number, "number") if number in self.codes else None
        both = re.fullmatch(r"(\d+)\s*[-–=:(]\s*(.+?)\)?", t)
        if both:
            code_answer = self.read(both.group(1), ticks=False)
            label_answer = self.read(both.group(2), ticks=False)
            if code_answer and label_answer and code_answer.code == label_answer.code:
                return ReadAnswer(code_answer.code, "label")
            return None
        if ticks and t in _TICKS:
            return ReadAnswer(self.tick_code, "tick")
        if t in _NONE and 0 in self.codes:
            return ReadAnswer(0, "none")
        return None

    def _alias_rows(self) -> tuple[tuple[str, ...], ...]:
        return self.aliases if self.aliases else tuple(() for _ in self.labels)

    def legend(self) -> str:
        """``"nie (0), seltener (1), …"``: the labels with their codes."""
        return ", ".join(
            f"{label} ({code})" for label, code in zip(self.labels, self.codes, strict=True)
        )


def _integer(text: str) -> int | None:
    match = re.fullmatch(r"(\d+)(?:[.,]0+)?", text)
    return int(match.group(1)) if match else None


def _named(
    name: str, de: tuple[str, ...], en: tuple[str, ...], codes: tuple[int, ...]
) -> dict[Lang, Scale]:
    return {
        "de": Scale(name, de, codes, tuple((e,) for e in en)),
        "en": Scale(name, en, codes, tuple((d,) for d in de)),
    }


SCALES: Final[Mapping[str, Mapping[Lang, Scale]]] = {
    "frequency": _named(
        "frequency",
        ("nie", "seltener", "monatlich", "wöchentlich", "täglich"),
        ("never", "less often", "monthly", "weekly", "daily"),
        (0, 1, 2, 3, 4),
    ),
    "yes-no": _named("yes-no", ("nein", "ja"), ("no", "yes"), (0, 1)),
    "quality": _named(
        "quality",
        ("gar nicht", "etwas", "ziemlich", "sehr"),
        ("not at all", "a small amount", "a fair amount", "a great deal"),
        (1, 2, 3, 4),
    ),
}
"""The named scales in German and English (``quality`` is the 1–4 scale of the quality questions)."""

_SCALE_NAMES: Final = {
    "frequency": "frequency",
    "haeufigkeit": "frequency",
    "häufigkeit": "frequency",
    "yes-no": "yes-no",
    "ja-nein": "yes-no",
}


def parse_scale(text: str, *, lang: Lang = "de") -> Scale:
    """The scale a ``--scale`` value names: a scale name or a comma-separated list of answers.

    >>> parse_scale("ja-nein").labels
    ('nein', 'ja')
    >>> parse_scale("nie, selten, oft").codes
    (0, 1, 2)
    """
    key = text.strip().casefold()
    if key in _SCALE_NAMES:
        return SCALES[_SCALE_NAMES[key]][lang]
    labels = tuple(part.strip() for part in text.split(","))
    if len(labels) < 2:
        raise InputError(
            [
                problem(
                    "error",
                    "bad_scale",
                    "not_a_scale",
                    section="questionnaire",
                    column="scale",
                    value=text,
                )
            ]
        )
    return Scale("custom", labels, tuple(range(len(labels))))


@dataclass(frozen=True)
class QualityQuestion:
    """A tie-quality question asked once per partner (on the ``quality`` scale, codes 1–4)."""

    key: str
    header: tuple[str, str]
    question: tuple[str, str]

    def text(self, lang: Lang) -> tuple[str, str]:
        """Column header and question in one language."""
        i = 0 if lang == "de" else 1
        return self.header[i], self.question[i]


QUALITY: Final[Mapping[str, QualityQuestion]] = {
    "trust": QualityQuestion(
        "trust",
        ("Vertrauen", "Trust"),
        (
            "Wie sehr vertrauen Sie dieser Stelle? (verlässlich, offen für Gespräche, "
            "gemeinsame Ziele)",
            "How much do you trust this partner? (reliable, open to discussion, shared mission)",
        ),
    ),
    "value": QualityQuestion(
        "value",
        ("Nutzen", "Value"),
        (
            "Wie wertvoll ist diese Stelle für Ihre Arbeit? (Einfluss, Engagement, Ressourcen)",
            "How valuable is this partner to your work? (influence, involvement, resources)",
        ),
    ),
}
"""The quality questions after PARTNER's trust and value scores (Varda et al. 2008)."""

DEFAULT_TIE_TYPE: Final[Mapping[Lang, str]] = {"de": "Zusammenarbeit", "en": "Cooperation"}


def _design_problem(variant: str, column: str, value: object, **params: Any) -> Problem:
    return problem(
        "error",
        "bad_design",
        variant,
        section="questionnaire",
        column=column,
        value=str(value),
        **params,
    )


@dataclass(frozen=True)
class SurveyDesign:
    """What every questionnaire of one survey wave asks.

    Attributes
    ----------
    tie_types
        One answer column per tie type (``type`` in ``ties.csv``).
    scale
        The answer scale of the tie-type columns.
    quality
        Keys of :data:`QUALITY` asked once per partner (``"trust"``, ``"value"``).
    name
        Name of the survey (the municipality), shown in the title.
    period
        The wave (``"2024"``); becomes ``period`` in ``ties.csv``.
    lang
        Language of the questionnaire.
    extra_rows
        Rows for further partners not in the list.
    """

    tie_types: tuple[str, ...] = ("Zusammenarbeit",)
    scale: Scale = field(default_factory=lambda: SCALES["frequency"]["de"])
    quality: tuple[str, ...] = ()
    name: str = ""
    period: str | None = None
    lang: Lang = "de"
    extra_rows: int = 5

    def __post_init__(self) -> None:
        problems: list[Problem] = []
        if not self.tie_types:
            problems.append(_design_problem("no_tie_type", "tie_types", ""))
        folded = [fold(t) for t in self.tie_types]
        for t, f in zip(self.tie_types, folded, strict=True):
            if not f:
                problems.append(_design_problem("empty_tie_type", "tie_types", t))
            elif folded.count(f) > 1:
                problems.append(_design_problem("tie_type_twice", "tie_types", t))
            elif len(t) > 80:
                problems.append(_design_problem("long_tie_type", "tie_types", t))
        for q in self.quality:
            if q not in QUALITY:
                problems.append(
                    _design_problem("unknown_quality", "quality", q, choices=tuple(sorted(QUALITY)))
                )
        if len(set(self.quality)) != len(self.quality):
            problems.append(_design_problem("quality_twice", "quality", self.quality))
        if not 0 <= self.extra_rows <= 50:
            problems.append(_design_problem("extra_rows", "extra_rows", self.extra_rows))
        if self.period is not None and not self.period.strip():
            problems.append(_design_problem("empty_period", "period", self.period))
        if problems:
            raise InputError(problems)

    def key(self) -> str:
        """Fingerprint of the questions (name, period, tie types, scale, quality), 12 hex digits.

        Workbooks of one wave share the key; a workbook with another key belongs to another survey.
        """
        payload = [
            self.name,
            self.period,
            list(self.tie_types),
            list(self.scale.labels),
            list(self.scale.codes),
            list(self.quality),
        ]
        text = json.dumps(payload, ensure_ascii=False)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]

    def to_table(self) -> dict[str, SurveyValue]:
        """The design as the ``[survey]`` table of ``dataset.toml``."""
        table: dict[str, SurveyValue] = {
            "key": self.key(),
            "name": self.name,
            "lang": self.lang,
            "tie_types": list(self.tie_types),
            "scale": self.scale.name,
            "answers": list(self.scale.labels),
            "codes": list(self.scale.codes),
            "quality": list(self.quality),
        }
        if self.period is not None:
            table["period"] = self.period
        return table

    @classmethod
    def from_table(
        cls, table: Mapping[str, SurveyValue], *, period: str | None = None, source: str = ""
    ) -> SurveyDesign:
        """Rebuild a design from a ``[survey]`` table (an earlier wave), with a new ``period``."""
        try:
            lang: Lang = "en" if table.get("lang") == "en" else "de"
            labels = tuple(str(x) for x in _as_list(table["answers"]))
            codes = tuple(int(x) for x in _as_list(table["codes"]))
            name = str(table.get("scale", "custom"))
            named = SCALES.get(name, {}).get(lang)
            scale = named if named and named.labels == labels else Scale("custom", labels, codes)
            return cls(
                tie_types=tuple(str(x) for x in _as_list(table["tie_types"])),
                scale=scale,
                quality=tuple(str(x) for x in _as_list(table.get("quality", []))),
                name=str(table.get("name", "")),
                period=period,
                lang=lang,
            )
        except (KeyError, ValueError, TypeError) as exc:
            raise InputError(
                tr("errors.survey.damaged_table", detail=str(exc)), source=source
            ) from exc


def _as_list(value: SurveyValue) -> Sequence[str | int]:
    if isinstance(value, list):
        return value
    raise TypeError(f"{value!r} is not a list")


@dataclass(frozen=True)
class RosterActor:
    """An actor as the questionnaire shows it: id, label, group (``""`` when none), person flag."""

    id: str
    label: str
    group: str
    person: bool = False


def roster_of(actors: pd.DataFrame) -> tuple[RosterActor, ...]:
    """The roster of an actor table (``id, label`` and optionally ``group``, ``person``)."""

    def text(value: object) -> str:
        return "" if value is None or (isinstance(value, float) and value != value) else str(value)

    groups = actors[schema.GROUP] if schema.GROUP in actors.columns else [None] * len(actors)
    persons = actors[PERSON] if PERSON in actors.columns else [None] * len(actors)
    return tuple(
        RosterActor(
            id=text(i),
            label=text(lab) or text(i),
            group=text(g).strip(),
            person=parse_bool(text(p)) is True,
        )
        for i, lab, g, p in zip(
            actors[schema.ID], actors[schema.LABEL], groups, persons, strict=True
        )
    )
