"""Which coopnet column a column of the user's file is: German and English names, extra words.

Column names are matched case-insensitively against :data:`ALIASES`; a name with extra words
matches too when what is left without the words in brackets is an alias (``von (befragte Stelle)``
→ ``source``), when its first word is one (``Häufigkeit der Zusammenarbeit`` → ``weight``) or,
for ``responded``, when it contains a word that says so (``Teilnahme an Befragung``). Every such
reading is reported (``coopnet validate`` lists it), never applied silently.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from coopnet import schema

__all__ = ["ALIASES", "TIE_WORDS", "match_column", "words"]

#: Column names accepted for the coopnet names (matched case-insensitively), incl. German ones.
ALIASES: Mapping[str, tuple[str, ...]] = {
    schema.ID: ("id", "actor", "akteur", "kürzel", "kuerzel", "code", "kennung"),
    schema.LABEL: ("label", "name", "bezeichnung"),
    schema.GROUP: ("group", "gruppe"),
    schema.SECTOR: ("sector", "sektor", "bereich"),
    schema.LEVEL: ("level", "ebene"),
    schema.RESPONDED: (
        "responded",
        "geantwortet",
        "teilgenommen",
        "respondent",
        "teilnahme",
        "rücklauf",
        "ruecklauf",
        "beantwortet",
    ),
    schema.ACTOR_PERIODS: ("periods", "zeiträume", "zeitraeume"),
    schema.SOURCE: ("source", "from", "von", "quelle", "ego"),
    schema.TARGET: ("target", "to", "an", "ziel", "partner", "alter", "kooperationspartner"),
    schema.WEIGHT: (
        "weight",
        "gewicht",
        "intensität",
        "intensitaet",
        "häufigkeit",
        "haeufigkeit",
        "strength",
        "stärke",
        "staerke",
        "frequency",
        "intensity",
    ),
    schema.TYPE: ("type", "typ", "art", "kooperationsart", "beziehungsart", "tie_type"),
    schema.PERIOD: ("period", "periode", "zeitraum", "jahr", "year", "welle", "wave"),
}

_RESPONDED_WORDS = frozenset(
    {"geantwortet", "teilgenommen", "teilnahme", "rücklauf", "ruecklauf", "beantwortet"}
)
"""Words that make a column with a longer name the ``responded`` column."""

TIE_WORDS: Mapping[str, tuple[str, ...]] = {
    "direction": ("direction", "richtung"),
}
"""Further tie columns coopnet reads when they are there (Kumu's ``Direction``)."""

_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_PUNCTUATION = ".,:;!?\"'„“”«»*"


def words(name: str) -> list[str]:
    """The words of a column name (split at spaces) without the text in brackets, case-folded.

    Punctuation around a word is dropped; a name such as ``source|target`` (a file split at the
    wrong separator) stays one word.

    >>> words("von (befragte Stelle)"), words("Häufigkeit der Zusammenarbeit:")
    (['von'], ['häufigkeit', 'der', 'zusammenarbeit'])
    >>> words("source|target")
    ['source|target']
    """
    parts = (w.strip(_PUNCTUATION) for w in _BRACKETS.sub(" ", name.casefold()).split())
    return [w for w in parts if w]


def match_column(name: str, known: Iterable[str]) -> tuple[str, str] | None:
    """The coopnet column among `known` that the file's column `name` is, and how it was found.

    Returns
    -------
    (column, how) or None
        ``how`` is ``"alias"`` (the name is the column's name or one of its German or English
        names, any case) or ``"words"`` (the name has further words, see the module).

    Examples
    --------
    >>> known = (*schema.ACTOR_KNOWN,)
    >>> match_column("Kürzel", known), match_column("Teilnahme an Befragung", known)
    (('id', 'alias'), ('responded', 'words'))
    >>> match_column("Bemerkung", known) is None
    True
    """
    lookup: dict[str, str] = {}
    for column in known:
        for alias in ALIASES.get(column, (column,)):
            lookup.setdefault(alias.casefold(), column)
    folded = name.strip().casefold()
    if folded in lookup:
        return lookup[folded], "alias"
    parts = words(name)
    if not parts:
        return None
    joined = " ".join(parts)
    if joined in lookup:
        return lookup[joined], "words"
    if parts[0] in lookup:
        return lookup[parts[0]], "words"
    if schema.RESPONDED in known and _RESPONDED_WORDS.intersection(parts):
        return schema.RESPONDED, "words"
    return None


def has_columns(columns: Sequence[str], wanted: Iterable[str], known: Iterable[str]) -> bool:
    """Whether every column of `wanted` is among `columns` (by name or by :func:`match_column`)."""
    known = tuple(known)
    found = {m[0] for c in columns if (m := match_column(c, known)) is not None}
    return set(wanted) <= found
