"""What the command line itself says: its help, its usage errors and its log lines, in German.

German is the default language of everything a municipal user reads, the command line's own
texts included; English on request. This module is the argparse side of that rule
(:mod:`coopnet.cli` builds its parser from it):

* :func:`cli_lang` — the language of the help and of usage errors, decided before any argument is
  parsed or any dataset read: the last ``--lang en``/``--lang=en`` of the argument list, else the
  environment variable ``COOPNET_LANG`` (``de`` or ``en``), else German. A dataset's
  ``[analysis] lang`` does not count here: help is printed before a dataset is read, and usage
  errors are errors of the command line, not of the data.
* :class:`Parser` — an :class:`argparse.ArgumentParser` whose every help text, description and
  epilog is a catalogue text (``assets/texts/<lang>/help.toml``, given as a
  :class:`~coopnet.messages.Text`), with argparse's own words in the same language: the usage
  prefix (``Aufruf:``), the headings (``Argumente``, ``Optionen``), the ``-h/--help`` line, and
  every usage error.
* :func:`translate_usage_error` — argparse builds its error messages in English (through
  :mod:`gettext`, without a catalogue of its own); the English catalogue holds each of its message
  templates (CPython 3.11–3.13) with ``{placeholders}``, so a message is matched against them and
  shown with the German template. A message no template matches (a future argparse) stays
  English, behind the German ``Fehler:``.
* :class:`LevelFormatter` — log lines as ``Warnung: …`` / ``warning: …``.

The parser changes nothing global: no gettext catalogue is installed, argparse itself is not
patched, and the level names of :mod:`logging` stay as they are.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import string
import sys
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from typing import IO, Any, ClassVar, NoReturn, cast

from coopnet.lang import LANGUAGES, Lang, catalogue, text
from coopnet.messages import Text

__all__ = [
    "ENV_LANG",
    "LevelFormatter",
    "Parser",
    "cli_lang",
    "env_lang",
    "log_to_stderr",
    "translate_usage_error",
]

ENV_LANG = "COOPNET_LANG"
"""The environment variable that asks for English (``COOPNET_LANG=en``) on every command."""

_LANG_FLAG = "--lang"


def env_lang(environ: Mapping[str, str] | None = None) -> Lang | None:
    """The language ``COOPNET_LANG`` asks for (``de``/``en``, any case), else ``None``.

    Any other value (``fr``, a locale such as ``en_US.UTF-8``) is not a language coopnet has
    and is left out (``None``): ``COOPNET_LANG`` names a language of coopnet, not a locale.
    """
    value = (os.environ if environ is None else environ).get(ENV_LANG, "").strip().lower()
    return value if value in LANGUAGES else None


def cli_lang(argv: Sequence[str], environ: Mapping[str, str] | None = None) -> Lang:
    """The language of the command line's own texts (help, usage errors, log lines).

    The last ``--lang X`` / ``--lang=X`` of `argv` (also as argparse's abbreviation ``--lan``)
    with a language coopnet has, else :func:`env_lang`, else German. Scanning stops at ``--``
    (what follows is positional). An unknown ``--lang fr`` is left to the parser, which refuses
    it (in the language decided without it).

    Examples
    --------
    >>> cli_lang(["report", "data", "--lang", "en"], {}), cli_lang(["--lang=de"], {ENV_LANG: "en"})
    ('en', 'de')
    >>> cli_lang(["report", "--help"], {ENV_LANG: "en"}), cli_lang(["report", "--help"], {})
    ('en', 'de')
    """
    chosen: str | None = None
    words = list(argv)
    for k, word in enumerate(words):
        if word == "--":
            break
        flag, eq, value = word.partition("=")
        if len(flag) < len("--lan") or not _LANG_FLAG.startswith(flag):
            continue
        if not eq:
            value = words[k + 1] if k + 1 < len(words) else ""
        if value in LANGUAGES:
            chosen = value
    if chosen is not None:
        return cast(Lang, chosen)
    return env_lang(environ) or "de"


# ----------------------------------------------------------------------------------------------
# usage errors
# ----------------------------------------------------------------------------------------------
_ARGPARSE = "help.argparse."


@cache
def _templates() -> tuple[tuple[str, re.Pattern[str], tuple[str, ...]], ...]:
    """``(key, pattern, placeholders)`` of every English argparse template, in matching order.

    A template that wraps another message (``argument {name}: {message}``) comes first; then the
    others, the longest fixed text first, so that ``expected one argument`` wins over
    ``expected {n} argument``.
    """
    found = []
    for key, template in catalogue("en").items():
        if not key.startswith(_ARGPARSE):
            continue
        pattern, names = "", []
        for literal, name, _, _ in string.Formatter().parse(template):
            pattern += re.escape(literal)
            if name:
                pattern += f"(?P<{name}>.+?)"
                names.append(name)
        fixed = sum(len(literal) for literal, *_ in string.Formatter().parse(template))
        found.append((key, re.compile(pattern + r"\Z", re.S), tuple(names), fixed))
    found.sort(key=lambda t: ("message" not in t[2], -t[3], t[0]))
    return tuple((key, pattern, names) for key, pattern, names, _ in found)


def translate_usage_error(message: str, lang: Lang) -> str:
    """An argparse error message (English) in `lang`.

    Each English template of ``help.toml`` ``[argparse]`` is tried in turn; the first that
    matches the whole message gives the German text, its placeholders filled with the values
    found (a wrapped ``{message}`` translated in turn, a ``{type}`` by ``[type]``). A message no
    template matches is returned as it is.

    Examples
    --------
    >>> translate_usage_error("the following arguments are required: --out", "de")
    'nicht angegeben, aber erforderlich: --out'
    >>> translate_usage_error("argument --seed: invalid int value: 'x'", "de")
    "Argument --seed: ungültiger Wert 'x' (erwartet: eine ganze Zahl)"
    >>> translate_usage_error("something argparse may say one day", "de")
    'something argparse may say one day'
    """
    if lang == "en":
        return message
    for key, pattern, names in _templates():
        found = pattern.match(message)
        if found is None:
            continue
        values = {name: found.group(name) for name in names}
        if "message" in values:
            values["message"] = translate_usage_error(values["message"], lang)
        if "type" in values and f"help.type.{values['type']}" in catalogue(lang):
            values["type"] = text(f"help.type.{values['type']}", lang)
        return text(key, lang, **values)
    return message


# ----------------------------------------------------------------------------------------------
# the parser
# ----------------------------------------------------------------------------------------------
class _UsagePrefix(argparse.HelpFormatter):
    """A help formatter whose usage line starts with the language's word (``Aufruf:``)."""

    usage_prefix: ClassVar[str] = "usage: "

    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[argparse._MutuallyExclusiveGroup],
        prefix: str | None = None,
    ) -> None:
        """Add the usage line, with :attr:`usage_prefix` unless a `prefix` is given."""
        super().add_usage(usage, actions, groups, self.usage_prefix if prefix is None else prefix)


@cache
def _formatter(base: type[argparse.HelpFormatter], lang: Lang) -> type[argparse.HelpFormatter]:
    """`base` with the usage prefix of `lang` (one class per base and language)."""
    name = f"{base.__name__}_{lang}"
    made = type(name, (_UsagePrefix, base), {"usage_prefix": text("help.parser.usage", lang)})
    return cast(type[argparse.HelpFormatter], made)


class Parser(argparse.ArgumentParser):
    """An argument parser that speaks `lang`: catalogue help texts, German argparse words.

    Parameters
    ----------
    *args, **kwargs
        As for :class:`argparse.ArgumentParser`; ``description`` and ``epilog`` may be
        catalogue texts (:class:`~coopnet.messages.Text`), ``add_help`` is replaced by a
        ``-h/--help`` of the catalogue.
    lang
        The language of every text (keyword-only, required: subparsers made with
        ``add_parser(name, lang=…)`` speak it too).

    Notes
    -----
    ``add_argument(..., help=...)`` takes a :class:`~coopnet.messages.Text` of the catalogue
    (``tr("help.option.group")``) or :data:`argparse.SUPPRESS`; a plain string is refused with
    :class:`TypeError`, so no English help text can slip in beside the catalogue.
    """

    def __init__(self, *args: Any, lang: Lang, **kwargs: Any) -> None:
        self.lang: Lang = lang
        for field in ("description", "epilog"):
            if isinstance(kwargs.get(field), Text):
                kwargs[field] = kwargs[field].render(lang)
        base = kwargs.pop("formatter_class", argparse.HelpFormatter)
        kwargs["formatter_class"] = _formatter(base, lang)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = text("help.parser.positionals", lang)
        self._optionals.title = text("help.parser.options", lang)
        self.add_argument(
            "-h",
            "--help",
            action="help",
            default=argparse.SUPPRESS,
            help=Text("help.parser.help"),
        )

    def text(self, help_text: Text) -> str:
        """A catalogue text in the parser's language."""
        return help_text.render(self.lang)

    def add_argument(self, *args: Any, **kwargs: Any) -> argparse.Action:
        """:meth:`argparse.ArgumentParser.add_argument` with ``help`` a catalogue text."""
        shown = kwargs.get("help")
        if isinstance(shown, Text):
            kwargs["help"] = self.text(shown)
        elif shown is not None and shown != argparse.SUPPRESS:
            raise TypeError(
                f"the help of {args} must be a catalogue text (coopnet.messages.tr), not {shown!r}"
            )
        return super().add_argument(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        """Print the usage, the error in the parser's language and where help is; exit 2."""
        self.print_usage(sys.stderr)
        line = text("help.usage.line", self.lang, prog=self.prog,
                     message=translate_usage_error(message, self.lang))  # fmt: skip
        hint = text("help.usage.hint", self.lang, prog=self.prog)
        self.exit(2, f"{line}\n{hint}\n")


# ----------------------------------------------------------------------------------------------
# log lines
# ----------------------------------------------------------------------------------------------
class LevelFormatter(logging.Formatter):
    """Log lines as ``Warnung: …`` (German) or ``warning: …`` (English).

    The level word comes from ``help.toml`` ``[log]``: ``Debug``, ``Hinweis``, ``Warnung``,
    ``Fehler``, ``Schwerer Fehler`` / ``debug``, ``info``, ``warning``, ``error``, ``critical``
    (a level between two standard levels gets the word of the lower one). The names of
    :mod:`logging`'s levels are not changed.

    Examples
    --------
    >>> record = logging.makeLogRecord({"levelno": logging.WARNING, "msg": "%d ties", "args": (3,)})
    >>> LevelFormatter("de").format(record), LevelFormatter("en").format(record)
    ('Warnung: 3 ties', 'warning: 3 ties')
    """

    def __init__(self, lang: Lang) -> None:
        super().__init__("%(message)s")
        self.lang: Lang = lang

    def format(self, record: logging.LogRecord) -> str:
        """The record's message behind the level word of the formatter's language."""
        level = record.levelno
        word = (
            "critical" if level >= logging.CRITICAL
            else "error" if level >= logging.ERROR
            else "warning" if level >= logging.WARNING
            else "info" if level >= logging.INFO
            else "debug"
        )  # fmt: skip
        return f"{text(f'help.log.{word}', self.lang)}: {super().format(record)}"


class _Stderr(logging.StreamHandler[IO[str]]):
    """A handler writing to :data:`sys.stderr` as it is at each record (redirected or captured)."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property
    def stream(self) -> IO[str]:
        """The current standard error."""
        return sys.stderr

    @stream.setter
    def stream(self, value: IO[str]) -> None:
        pass


def log_to_stderr(level: int, lang: Lang) -> None:
    """Show log records of `level` and above on standard error, as ``Warnung: …`` in `lang`.

    As :func:`logging.basicConfig`: only when the root logger has no handler yet (an application
    or a test runner that set up logging keeps its own), but a handler set up here before is
    set up again, so a second call with another language or level takes effect.
    """
    root = logging.getLogger()
    handler = next((h for h in root.handlers if isinstance(h, _Stderr)), None)
    if handler is None:
        if root.handlers:
            return
        handler = _Stderr()
        root.addHandler(handler)
    handler.setFormatter(LevelFormatter(lang))
    root.setLevel(level)
