"""Exception and warning types used across coopnet.

Every error raised for bad input is an :class:`InputError` that carries one :class:`Problem` per
offending cell, so an analyst sees *all* problems of a file at once, each naming the file, the row,
the column and the value.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol, cast

__all__ = [
    "CatalogueText",
    "ClosestMatcher",
    "CoopnetError",
    "DataWarning",
    "GraphError",
    "InputError",
    "OutputError",
    "Problem",
    "closest",
]

Severity = Literal["error", "warning"]


class CatalogueText(Protocol):
    """A text of the catalogue with its placeholders (:class:`coopnet.messages.Text`)."""

    @property
    def key(self) -> str:
        """The catalogue entry, e.g. ``"errors.model.unknown_period"``."""

    @property
    def params(self) -> tuple[tuple[str, object], ...]:
        """``(name, value)`` pairs for the placeholders."""

    def render(self, lang: Literal["de", "en"]) -> str:
        """The text in `lang`, its placeholders filled."""


def _is_text(value: object) -> bool:
    return all(hasattr(value, name) for name in ("key", "params", "render"))


class CoopnetError(Exception):
    """Base class of all errors raised by coopnet on purpose.

    The message is either plain English text or, for every error a user can meet, a text of the
    catalogue (``raise GraphError(tr("errors.model.unknown_period", period=p, periods=ps))``,
    see :func:`coopnet.messages.tr`): then ``str(exc)`` is the English text, :attr:`text`
    keeps the entry and its placeholders, and :func:`coopnet.messages.render_error` shows the
    message in German (``assets/texts/de/errors.toml``) or English.

    Attributes
    ----------
    text
        The catalogue text of the message, or ``None`` for a message that is only in English.
    """

    def __init__(self, *args: object) -> None:
        text = args[0] if args and _is_text(args[0]) else None
        self.text: CatalogueText | None = cast("CatalogueText | None", text)
        super().__init__(*((str(text), *args[1:]) if text is not None else args))

    @property
    def key(self) -> str | None:
        """The message's entry in the text catalogue, or ``None``."""
        return None if self.text is None else self.text.key

    def __reduce__(self) -> str | tuple[Any, ...]:
        # keep the catalogue text when the error crosses processes (batch workers)
        if self.text is None:
            return super().__reduce__()
        return (type(self), (self.text, *self.args[1:]), self.__dict__)


class GraphError(CoopnetError, ValueError):
    """A graph does not meet a measure's precondition (e.g. it is empty or lacks a group)."""


class OutputError(CoopnetError, ValueError):
    """An output cannot be written without losing something: the target is the input, lies
    above or inside it, holds files coopnet did not make, is locked by another run, or has a
    suffix that does not match its format (see ``docs/safety.md``)."""


class DataWarning(UserWarning):
    """A recoverable data problem (a dropped self-tie, a merged duplicate, an isolate)."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem found in an input file.

    Attributes
    ----------
    severity
        ``"error"`` makes the dataset invalid; ``"warning"`` is reported but does not fail.
    code
        Short stable identifier, e.g. ``"unknown_actor"`` or ``"duplicate_tie"``.
    message
        Plain-language explanation, including what to do about it.
    file
        File name the problem was found in (``"ties.csv"``, ``"workbook.xlsx[ties]"``).
    row
        Line number as a spreadsheet shows it (the header is row 1, the first data row is 2);
        ``None`` for problems of the file as a whole.
    column
        Column name, or ``None``.
    value
        The offending value as text, or ``None``.
    key
        The message's entry in the text catalogue (``"problems.bad_weight.not_number"``), or
        ``None`` for a message that is only in English (:func:`coopnet.messages.render` shows
        the message in another language from this entry and ``params``).
    params
        The values the catalogue entry's placeholders are filled with, as ``(name, value)`` pairs.
    """

    severity: Severity
    code: str
    message: str
    file: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None
    key: str | None = None
    params: tuple[tuple[str, object], ...] = ()

    def location(self) -> str:
        """Return ``file, row N, column 'c', value 'v'`` with the parts that are known."""
        parts: list[str] = []
        if self.file:
            parts.append(self.file)
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            parts.append(f"column '{self.column}'")
        if self.value is not None:
            parts.append(f"value {self.value!r}")
        return ", ".join(parts)

    def __str__(self) -> str:
        where = self.location()
        return (
            f"{self.severity}: {where}: {self.message}"
            if where
            else (f"{self.severity}: {self.message}")
        )


class InputError(CoopnetError, ValueError):
    """Input data are invalid; ``problems`` lists every problem found (errors and warnings)."""

    def __init__(
        self, problems: Iterable[Problem] | str | CatalogueText, *, source: str | None = None
    ) -> None:
        if isinstance(problems, str):
            items: Iterable[Problem] = [Problem("error", "invalid_input", problems, file=source)]
        elif _is_text(problems):
            text = cast(CatalogueText, problems)
            items = [
                Problem(
                    "error",
                    "invalid_input",
                    str(text),
                    file=source,
                    key=text.key,
                    params=text.params,
                )
            ]
        else:
            items = cast(Iterable[Problem], problems)
        self.problems: Sequence[Problem] = tuple(items)
        self.source = source
        errors = [p for p in self.problems if p.severity == "error"]
        head = f"{len(errors)} problem(s) in {source}" if source else f"{len(errors)} problem(s)"
        lines = [head + ":"] + [f"  - {p}" for p in errors]
        super().__init__("\n".join(lines))

    @property
    def errors(self) -> list[Problem]:
        """The problems of severity ``"error"``."""
        return [p for p in self.problems if p.severity == "error"]


def closest(value: str, candidates: Iterable[str]) -> str | None:
    """Return the candidate an analyst most likely meant by ``value``, or ``None``.

    A case-insensitive exact match wins (``"ki"`` → ``"KI"``); otherwise the closest string by
    :func:`difflib.get_close_matches` with a similarity of at least 0.6 (among many candidates:
    see :class:`ClosestMatcher`, which answers many values against one candidate list quickly).
    """
    return ClosestMatcher(candidates)(value)


def _grams(text: str) -> set[str]:
    padded = f"\x02{text.casefold()}\x03"
    return {padded[i : i + 2] for i in range(len(padded) - 1)}


class ClosestMatcher:
    """Find, for many values, the candidate each most likely means (as :func:`closest` does).

    :func:`difflib.get_close_matches` compares a value with every candidate: with 50,000 actor ids
    that is 80 ms per value, hours for a tie table whose ids all mismatch. Here, from
    ``small`` candidates on, the comparison runs only on a shortlist: the ``shortlist`` candidates
    that share the most character pairs (bigrams) with the value, found through an index built once
    and read within a budget of ``budget`` index entries per value (the rarest pairs first). A match
    difflib would find among all candidates shares pairs with the value, so it is almost always on
    the shortlist. Answers are cached per value.

    Parameters
    ----------
    candidates
        The possible answers (e.g. every actor id).
    small, shortlist, budget
        Below ``small`` candidates every candidate is compared (exactly :func:`closest`).

    Examples
    --------
    >>> match = ClosestMatcher(["SOZ", "JUG-ASD", "KI"])
    >>> match("ki"), match("JUG-AS"), match("xyz")
    ('KI', 'JUG-ASD', None)
    """

    def __init__(
        self,
        candidates: Iterable[str],
        *,
        small: int = 1000,
        shortlist: int = 30,
        budget: int = 20_000,
    ) -> None:
        self._options = list(dict.fromkeys(str(c) for c in candidates))
        self._folded = {c.casefold(): c for c in self._options}
        self._small = small
        self._shortlist_size = shortlist
        self._budget = budget
        self._index: dict[str, list[int]] | None = None
        self._cache: dict[str, str | None] = {}

    def __call__(self, value: str) -> str | None:
        """The closest candidate to ``value`` (similarity >= 0.6), or ``None``."""
        if value in self._cache:
            return self._cache[value]
        match = self._folded.get(value.casefold())
        if match is None:
            pool = self._options if len(self._options) < self._small else self._shortlist(value)
            close = difflib.get_close_matches(value, pool, n=1, cutoff=0.6)
            match = close[0] if close else None
        self._cache[value] = match
        return match

    def _shortlist(self, value: str) -> list[str]:
        if self._index is None:
            index: dict[str, list[int]] = {}
            for i, option in enumerate(self._options):
                for gram in _grams(option):
                    index.setdefault(gram, []).append(i)
            self._index = index
        postings = sorted((self._index[g] for g in _grams(value) if g in self._index), key=len)
        counts: Counter[int] = Counter()
        read = 0
        for posting in postings:
            if read and read + len(posting) > self._budget:
                break
            counts.update(posting)
            read += len(posting)
        return [self._options[i] for i, _ in counts.most_common(self._shortlist_size)]
