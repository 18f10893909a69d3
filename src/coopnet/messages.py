"""Messages in the user's language: problems, notes and reasons as entries of the text catalogue.

Every problem found in input data carries its catalogue entry (``Problem.key``, e.g.
``"problems.bad_weight.not_number"``) and the values of its placeholders (``Problem.params``);
its ``message`` is the English text of that entry, so the English wording is always at hand and
:func:`render` gives the same message in German (``assets/texts/de/problems.toml``). Notes and the
reasons of resolved options are :class:`Text` values: a key and its placeholders, shown in any
language with :meth:`Text.render` (``str()`` gives the English text). Every other error a user can
meet (:class:`~coopnet.errors.GraphError`, :class:`~coopnet.errors.OutputError`, …) is raised
with a :class:`Text` of ``errors.toml`` as its message: ``str(exc)`` is the English text and
:func:`render_error` shows it in German or English.

Placeholders are filled the same way in every language: whole numbers with the language's
thousands separator (``1.050`` / ``1,050``), other numbers with up to six significant digits and
the language's decimal mark; lists joined with ``", "``; texts as they are.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from coopnet.errors import CoopnetError, InputError, Problem, Severity
from coopnet.lang import Lang, catalogue, number, text

__all__ = [
    "Lines",
    "Number",
    "Step",
    "Text",
    "format_error",
    "format_problem",
    "listing",
    "location",
    "problem",
    "render",
    "render_error",
    "severity_word",
    "step",
    "tr",
]


class Lines(tuple[object, ...]):
    """Texts shown one per line when they fill a placeholder (a list is joined with ``", "``)."""

    __slots__ = ()


@dataclass(frozen=True)
class Number:
    """A number shown with :func:`coopnet.lang.number` when it fills a placeholder.

    For a placeholder that needs a fixed number of decimals (``25,0 %`` / ``25.0 %``) or a sign;
    a plain ``float`` is shown with up to six significant digits.

    Examples
    --------
    >>> tr("errors.listing.item", item=Number(25.0, digits=1)).render("de")
    '„25,0“'
    """

    value: float
    digits: int | None = None
    signed: bool = False


def _param(value: object, lang: Lang) -> str:
    if isinstance(value, Number):
        return number(value.value, lang, digits=value.digits, signed=value.signed)
    if isinstance(value, Lines):
        return "\n".join(_param(v, lang) for v in value)
    if isinstance(value, Text):
        return value.render(lang)
    if isinstance(value, bool):
        return text("common.yes" if value else "common.no", lang)
    if isinstance(value, int):
        shown = f"{value:,d}"
        return shown.replace(",", ".") if lang == "de" else shown
    if isinstance(value, float):
        shown = f"{value:.6g}"
        return shown.replace(".", ",") if lang == "de" else shown
    if isinstance(value, list | tuple):
        return ", ".join(_param(v, lang) for v in value)
    return str(value)


def _fill(key: str, lang: Lang, params: Mapping[str, object]) -> str:
    template = text(key, lang)
    return template.format(**{k: _param(v, lang) for k, v in params.items()})


@dataclass(frozen=True)
class Text:
    """A text of the catalogue with the values of its placeholders, shown in any language.

    Attributes
    ----------
    key
        The catalogue entry (``"<file>.<key>"``, e.g. ``"data.direction.default"``).
    params
        ``(name, value)`` pairs for the placeholders.

    Examples
    --------
    >>> note = tr("data.note.zero_cells", file="matrix.csv", n=3)
    >>> str(note)
    "matrix.csv: 3 cell(s) with 0 read as 'no tie'"
    >>> note.render("de")
    'matrix.csv: 3 Zelle(n) mit 0 als „keine Beziehung“ gelesen'
    """

    key: str
    params: tuple[tuple[str, object], ...] = ()

    def render(self, lang: Lang) -> str:
        """The text in `lang`, its placeholders filled."""
        return _fill(self.key, lang, dict(self.params))

    def __str__(self) -> str:
        return self.render("en")


def tr(key: str, /, **params: object) -> Text:
    """The catalogue text `key` with its placeholders (see :class:`Text`)."""
    return Text(key, tuple(params.items()))


class Step(str):
    """A progress message: a plain string (its English text) that carries its catalogue text.

    Progress callbacks (``progress=`` of :func:`coopnet.report.build_report`, …) receive
    strings, so ``progress=print`` prints English and ``message == "tables"`` works; the CLI
    shows :attr:`text` in the user's language.

    Examples
    --------
    >>> s = step("progress.report.figures", period="2016")
    >>> s == "figures 2016", s.text.render("de")
    (True, 'Abbildungen 2016')
    """

    text: Text

    def __new__(cls, text: Text) -> Step:
        """The step showing `text` (its English rendering is the string)."""
        self = super().__new__(cls, text.render("en"))
        self.text = text
        return self


def step(key: str, /, **params: object) -> Step:
    """The progress message of the catalogue text `key` (see :class:`Step`)."""
    return Step(tr(key, **params))


def listing(items: Iterable[object], *, limit: int = 5) -> Text:
    """The first `limit` items, quoted and joined, and how many more (for error messages).

    Examples
    --------
    >>> str(listing(["A", "B"]))
    "'A', 'B'"
    >>> long = listing("ABCDEFG")
    >>> str(long), long.render("de")
    ("'A', 'B', 'C', 'D', 'E' and 2 more", '„A“, „B“, „C“, „D“, „E“ und 2 weitere')
    """
    values = [str(item) for item in items]
    shown = tuple(tr("errors.listing.item", item=v) for v in values[:limit])
    more = len(values) - limit
    if more > 0:
        return tr("errors.listing.more", items=shown, n=more)
    return tr("errors.listing.items", items=shown)


def problem(
    severity: Severity,
    code: str,
    variant: str | None = None,
    /,
    *,
    file: str | None = None,
    row: int | None = None,
    column: str | None = None,
    value: str | None = None,
    section: str | None = None,
    **params: object,
) -> Problem:
    """A :class:`~coopnet.errors.Problem` whose message is the catalogue entry of its code.

    The entry is ``problems.<code>`` or, when one code has several messages,
    ``problems.<code>.<variant>``; its placeholders are filled from `params` (and may also use
    ``file``, ``row``, ``column`` and ``value``). A `section` puts the entry in a table of its
    own (``problems.<section>.<code>…``, e.g. ``section="questionnaire"`` for the survey's
    problems), so that one code can mean different things in different stages.

    Examples
    --------
    >>> p = problem("error", "bad_weight", "not_number", file="ties.csv", row=5,
    ...             column="Häufigkeit", value="oft", codes="weight")
    >>> p.message
    'the weight is not a number; map such answers to numbers in [codes.weight] of dataset.toml'
    >>> render(p, "de")
    'das Gewicht ist keine Zahl; ordnen Sie solche Antworten in [codes.weight] der dataset.toml Zahlen zu'
    """
    key = (
        "problems." + (f"{section}." if section else "") + code + (f".{variant}" if variant else "")
    )
    where: dict[str, object] = {
        k: v
        for k, v in (("file", file), ("row", row), ("column", column), ("value", value))
        if v is not None
    }
    message = _fill(key, "en", {**where, **params})
    return Problem(
        severity,
        code,
        message,
        file=file,
        row=row,
        column=column,
        value=value,
        key=key,
        params=tuple(params.items()),
    )


def render(p: Problem, lang: Lang) -> str:
    """The message of `p` in `lang` (English, or the catalogue entry filled in `lang`).

    A problem without a catalogue entry (made with a plain English message) is shown in English.
    """
    if lang == "en" or p.key is None or p.key not in catalogue(lang):
        return p.message
    params = dict(p.params)
    strict = bool(params.pop("strict", False))
    where = {
        k: v
        for k, v in (("file", p.file), ("row", p.row), ("column", p.column), ("value", p.value))
        if v is not None
    }
    try:
        message = _fill(p.key, lang, {**where, **params})
    except (KeyError, IndexError, ValueError):  # a placeholder the entry lacks: show English
        return p.message
    return message + (text("problems.strict", lang) if strict else "")


def render_error(exc: BaseException, lang: Lang) -> str:
    """The message of an error in `lang`: German (the default of the CLI) or English.

    An :class:`~coopnet.errors.InputError` lists its problems (:func:`format_error`); an error
    raised with a catalogue text (``raise GraphError(tr("errors.…", …))``) is that text filled in
    `lang`; any other error (a message only in English) is ``str(exc)``. In English the result is
    always ``str(exc)``.

    Examples
    --------
    >>> from coopnet.errors import GraphError
    >>> exc = GraphError(tr("errors.model.no_periods", period="2030"))
    >>> str(exc)
    "the dataset has no periods, so period '2030' does not exist"
    >>> render_error(exc, "de")
    'der Datensatz hat keine Zeiträume, also gibt es den Zeitraum „2030“ nicht'
    """
    if isinstance(exc, InputError):
        return format_error(exc, lang)
    text = exc.text if isinstance(exc, CoopnetError) else None
    if lang == "en" or not isinstance(text, Text) or text.key not in catalogue(lang):
        return str(exc)
    try:
        return text.render(lang)
    except (KeyError, IndexError, ValueError):  # a placeholder the entry lacks: show English
        return str(exc)


def severity_word(severity: str, lang: Lang) -> str:
    """``"Fehler"``/``"error"``, ``"Warnung"``/``"warning"``."""
    return text(f"problems.severity.{severity}", lang)


def location(p: Problem, lang: Lang) -> str:
    """``ties.csv, Zeile 5, Spalte „Häufigkeit“, Wert „oft“``: the parts that are known."""
    if lang == "en":
        return p.location()
    parts: list[str] = []
    if p.file:
        parts.append(p.file)
    if p.row is not None:
        parts.append(text("problems.where.row", lang, row=_param(p.row, lang)))
    if p.column is not None:
        parts.append(text("problems.where.column", lang, column=p.column))
    if p.value is not None:
        parts.append(text("problems.where.value", lang, value=p.value))
    return ", ".join(parts)


def format_problem(p: Problem, lang: Lang) -> str:
    """One line: severity, where, message — in `lang` (``str(p)`` in English)."""
    if lang == "en":
        return str(p)
    where = location(p, lang)
    head = severity_word(p.severity, lang)
    return f"{head}: {where}: {render(p, lang)}" if where else f"{head}: {render(p, lang)}"


def format_error(exc: InputError, lang: Lang) -> str:
    """The text of an :class:`~coopnet.errors.InputError` in `lang` (``str(exc)`` in English)."""
    if lang == "en":
        return str(exc)
    errors = exc.errors
    head = text(
        "problems.error_head" if exc.source else "problems.error_head_nosource",
        lang,
        n=_param(len(errors), lang),
        source=exc.source or "",
    )
    return "\n".join([head] + [f"  - {format_problem(p, lang)}" for p in errors])


def texts(items: Iterable[Text | str], lang: Lang) -> list[str]:
    """Each item in `lang` (plain strings are shown as they are)."""
    return [i.render(lang) if isinstance(i, Text) else str(i) for i in items]


def as_jsonable(params: Iterable[tuple[str, Any]]) -> dict[str, Any]:
    """The params of a problem as a JSON-ready dict (numbers and texts as they are)."""
    return {k: (list(v) if isinstance(v, tuple) else v) for k, v in params}
