"""Language of everything a user reads: one text catalogue per language, one number formatter.

German is the default language of every text a municipal user reads (reports, findings, figures,
interactive maps, command output); English on request (``lang="en"``). Presentation is decided
here, in one place:

* :func:`number` formats every number shown to a reader — decimal comma and ``.`` thousands
  separator in German, typographic minus, ``–`` for a missing value, percentages with a narrow
  no-break space — so tables, figures, maps and findings agree;
* :func:`text` looks up a text in the catalogue of a language: the TOML files under
  ``coopnet/assets/texts/<lang>/``, one file per area (``common.toml``, ``report.toml``, …),
  keys addressed as ``"<file>.<key>"``. Both languages hold exactly the same keys with the same
  placeholders (tested);
* :func:`plural`, :func:`quote`, :func:`join` and :func:`column_label` (display names of actor
  columns such as ``group`` → "Gruppe", overridable per dataset with ``[labels]``).
"""

from __future__ import annotations

import math
import string
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from importlib import resources
from typing import Any, Final, Literal, get_args

__all__ = [
    "DEFAULT_LANG",
    "LANGUAGES",
    "Lang",
    "catalogue",
    "check_lang",
    "column_label",
    "counted",
    "join",
    "measure_help",
    "measure_label",
    "number",
    "plural",
    "quote",
    "text",
]

Lang = Literal["de", "en"]
LANGUAGES: Final[tuple[Lang, ...]] = get_args(Lang)
DEFAULT_LANG: Final[Lang] = "de"

MISSING: Final = "–"
MINUS: Final = "\u2212"
NARROW_NBSP: Final = "\u202f"


def check_lang(lang: str) -> Lang:
    """Return `lang` if it is a supported language, else raise :class:`ValueError`."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    return lang


# ----------------------------------------------------------------------------------------------
# the catalogue
# ----------------------------------------------------------------------------------------------
@cache
def catalogue(lang: Lang) -> Mapping[str, str]:
    """Every text of a language: ``{"<file>.<key>": template}`` from ``assets/texts/<lang>/``."""
    folder = resources.files("coopnet") / "assets" / "texts" / check_lang(lang)
    texts: dict[str, str] = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".toml"):
            continue
        area = entry.name.removesuffix(".toml")
        table = tomllib.loads(entry.read_text(encoding="utf-8"))
        for key, value in _flatten(table):
            texts[f"{area}.{key}"] = value
    return texts


def _flatten(table: Mapping[str, Any], prefix: str = "") -> Iterable[tuple[str, str]]:
    for key, value in table.items():
        if isinstance(value, Mapping):
            yield from _flatten(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}", str(value)


def placeholders(template: str) -> set[str]:
    """The names of the ``{placeholders}`` of a template."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def text(key: str, lang: Lang, /, **fields: object) -> str:
    """The text `key` (``"<file>.<key>"``) in `lang`, with its placeholders filled from `fields`.

    Raises
    ------
    KeyError
        For a key that is not in the catalogue (the message names the closest keys).
    """
    texts = catalogue(lang)
    try:
        template = texts[key]
    except KeyError:
        area = key.split(".", 1)[0]
        near = sorted(k for k in texts if k.startswith(area + "."))[:8]
        raise KeyError(f"no text {key!r} in the {lang!r} catalogue; e.g. {near}") from None
    return template.format(**fields) if fields else template


def plural(n: int, one: str, many: str) -> str:
    """``"1 Selbstbeziehung"`` / ``"2 Selbstbeziehungen"``: the count and the right form."""
    return f"{n} {one if n == 1 else many}"


def counted(n: int, key: str, lang: Lang) -> str:
    """A count with the right form from the catalogue: ``"1 Akteur"`` / ``"1.320 Akteure"``.

    `key` names an entry with the forms ``one`` and ``other`` (``{n}`` is the formatted count),
    e.g. ``counted(3, "common.count.actors", "de")`` → ``"3 Akteure"``.
    """
    return text(f"{key}.{'one' if n == 1 else 'other'}", lang, n=number(n, lang))


def quote(label: str, lang: Lang) -> str:
    """A label in the language's quotation marks: „…“ in German, “…” in English."""
    return f"„{label}“" if lang == "de" else f"“{label}”"


def join(items: Sequence[str], lang: Lang) -> str:
    """``a, b und c`` / ``a, b and c``."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + text("common.and", lang) + items[-1]


_COLUMN_KEYS: Final = {"group": "group", "sector": "sector", "level": "level", "id": "id",
                       "label": "label", "period": "period", "type": "type"}  # fmt: skip


def column_label(column: str, lang: Lang, labels: Mapping[str, str] | None = None) -> str:
    """The display name of an actor or tie column.

    `labels` (a dataset's ``[labels]`` table, ``{"column": "Anzeigename"}``) wins; the standard
    columns have names in the catalogue (``group`` → "Gruppe"/"Group", ``sector`` →
    "Sektor"/"Sector", ``level`` → "Ebene"/"Level"); any other column is shown as it is named.
    """
    if labels and column in labels:
        return labels[column]
    key = _COLUMN_KEYS.get(column)
    return text(f"common.column.{key}", lang) if key else column


def measure_label(column: str, lang: Lang, labels: Mapping[str, str] | None = None) -> str:
    """The display name of an actor measure: ``betweenness`` → "Vermittlung (Betweenness)".

    `labels` wins; the measures of :mod:`coopnet.metrics` have names in the catalogue
    (``measures.toml``: the German name with the technical term beside it); any other column is
    shown through :func:`column_label` (so ``group`` → "Gruppe", a user's own column as named).
    """
    if labels and column in labels:
        return labels[column]
    key = f"measures.{column}.name"
    return text(key, lang) if key in catalogue(lang) else column_label(column, lang)


def measure_help(column: str, lang: Lang) -> str:
    """One line explaining an actor measure (``""`` for a column without an explanation)."""
    key = f"measures.{column}.help"
    return text(key, lang) if key in catalogue(lang) else ""


# ----------------------------------------------------------------------------------------------
# the number formatter
# ----------------------------------------------------------------------------------------------
def _missing(value: object) -> bool:
    if value is None:
        return True
    if type(value).__name__ in ("NAType", "NaTType"):
        return True
    try:
        return bool(isinstance(value, float) and math.isnan(value))
    except TypeError:
        return False


def number(
    value: object,
    lang: Lang,
    *,
    digits: int | None = None,
    significant: int | None = None,
    percent: bool = False,
    signed: bool = False,
    grouping: bool = True,
) -> str:
    """Format a number for a reader, the same way everywhere.

    Parameters
    ----------
    value
        An ``int``, ``float``, numpy scalar or ``bool``; ``None``/NaN/``pd.NA`` give ``–``.
    lang
        ``"de"``: decimal comma, ``.`` between thousands; ``"en"``: decimal point, ``,``.
    digits
        Fixed decimals for a float (default 3; integers have none).
    significant
        Instead of `digits`: this many significant digits, never in exponent notation between
        0.001 and one million (``0.0626``, ``2.5``, ``12``, ``1235``), trailing zeros dropped.
    percent
        Show ``value × 100`` with a percent sign (``digits`` decimals, default none).
    signed
        Always show the sign (``+0,45``, ``−0,45``; zero as ``±0,00``).
    grouping
        Separate thousands.

    Returns
    -------
    str
        Negative numbers carry the typographic minus ``−`` (U+2212); infinite values ``∞``.

    Examples
    --------
    >>> number(0.2554, "de"), number(0.2554, "en", digits=2), number(1234, "de")
    ('0,255', '0.26', '1.234')
    >>> number(-0.45, "de", digits=2, signed=True), number(0.41, "de", percent=True)
    ('−0,45', '41\u202f%')
    >>> number(None, "de"), number(0.0626, "de", significant=3), number(12.0, "en", significant=3)
    ('–', '0,0626', '12')
    """
    if _missing(value):
        return MISSING
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return text("common.yes" if value else "common.no", lang)
    if hasattr(value, "item"):
        value = value.item()
    if not isinstance(value, int | float):
        return str(value)
    if isinstance(value, float) and math.isinf(value):
        return ("" if value > 0 else MINUS) + "∞"
    if percent:
        body = (
            f"{abs(value) * 100:,.{digits or 0}f}"
            if grouping
            else f"{abs(value) * 100:.{digits or 0}f}"
        )
        suffix = NARROW_NBSP + "%"
    elif isinstance(value, int) and significant is None:
        body = f"{abs(value):,d}" if grouping else f"{abs(value):d}"
        suffix = ""
    elif significant is not None:
        body = _significant(abs(float(value)), significant, grouping)
        suffix = ""
    else:
        places = 3 if digits is None else digits
        body = f"{abs(value):,.{places}f}" if grouping else f"{abs(value):.{places}f}"
        suffix = ""
    if lang == "de":
        body = body.replace(",", "\0").replace(".", ",").replace("\0", ".")
    zero = all(c in "0.,%" for c in body)
    if zero:
        sign = "±" if signed else ""
    elif value < 0:
        sign = MINUS
    else:
        sign = "+" if signed else ""
    return sign + body + suffix


def _significant(value: float, n: int, grouping: bool) -> str:
    if value != 0 and (value >= 1e6 or value < 1e-3):
        mantissa, exponent = f"{value:.{max(n - 1, 0)}e}".split("e")
        return f"{mantissa}e{int(exponent)}"
    if value >= 10 ** (n - 1):
        return f"{value:,.0f}" if grouping else f"{value:.0f}"
    out = f"{value:.{n}g}"
    if "e" in out:  # e.g. 0.000x handled above; guard for rounding edge cases
        out = f"{value:.{n + 3}f}".rstrip("0").rstrip(".")
    return out
