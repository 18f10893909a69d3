"""The command line's own texts: help, usage errors and log lines, German by default.

English with ``--lang en`` (``--lang=en``) or ``COOPNET_LANG=en``; every help text comes from the
catalogue (``help.toml``) in both languages; argparse's usage errors keep exit code 2.
"""

from __future__ import annotations

import argparse
import dataclasses
import logging
import re
import string
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coopnet import cli
from coopnet.cli import build_parser, main
from coopnet.completion import completion_script
from coopnet.console import LevelFormatter, Parser, cli_lang, env_lang, translate_usage_error
from coopnet.lang import Lang, catalogue, placeholders, text
from coopnet.messages import tr


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _parsers(
    parser: argparse.ArgumentParser, path: str = "coopnet"
) -> Iterator[tuple[str, Parser]]:
    assert isinstance(parser, Parser)
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _parsers(sub, f"{path} {name}")


def _helps(parser: argparse.ArgumentParser) -> dict[tuple[str, str], str]:
    """Every text the help of `parser` shows, by (command, what)."""
    found: dict[tuple[str, str], str] = {}
    for path, p in _parsers(parser):
        found[(path, "description")] = p.description or ""
        found[(path, "epilog")] = p.epilog or ""
        for action in p._actions:
            if isinstance(action, argparse._SubParsersAction):
                for choice in action._choices_actions:
                    found[(path, f"command {choice.dest}")] = str(choice.help)
            elif action.help is not None and action.help != argparse.SUPPRESS:
                found[(path, "/".join(action.option_strings) or action.dest)] = action.help
    return found


def _matches_catalogue(shown: str, lang: Lang) -> bool:
    shown = " ".join(shown.split())  # descriptions are wrapped
    for key, template in catalogue(lang).items():
        if not key.startswith("help."):
            continue
        if not placeholders(template):
            if shown == template:
                return True
            continue
        pattern = "".join(
            re.escape(literal) + (".+?" if name else "")
            for literal, name, _, _ in string.Formatter().parse(template)
        )
        if re.fullmatch(pattern, shown):
            return True
    return False


# ------------------------------------------------------------------------------ help texts
def test_every_help_text_comes_from_the_catalogue_in_both_languages() -> None:
    de, en = _helps(build_parser("de")), _helps(build_parser("en"))
    assert de.keys() == en.keys() and len(de) > 150
    for where, shown in de.items():
        assert _matches_catalogue(shown, "de"), (where, shown)
        assert _matches_catalogue(en[where], "en"), (where, en[where])
        assert shown != en[where], where  # a German text, not an English copy


def test_a_plain_string_help_is_refused() -> None:
    parser = Parser(prog="x", lang="de")
    with pytest.raises(TypeError, match="catalogue text"):
        parser.add_argument("--out", help="folder for the result files")
    parser.add_argument("--out", help=tr("help.arg.out_dir"))
    assert "Ordner für die Ergebnisdateien" in parser.format_help()


@pytest.mark.parametrize("lang", ["de", "en"])
def test_every_help_prints(lang: Lang) -> None:
    words = {"de": ("Aufruf: ", "Optionen:"), "en": ("usage: ", "options:")}[lang]
    for path, parser in _parsers(build_parser(lang)):
        shown = parser.format_help()
        assert shown.startswith(words[0] + path) and f"\n{words[1]}\n" in shown, path
        assert ("-h, --help" in shown) and text("help.parser.help", lang) in shown


ENGLISH_OF_ARGPARSE = ("usage:", "positional arguments", "\noptions:", "show this help", "example:")


def test_report_help_is_german_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "report", "--help")
    assert code == 0
    assert out.startswith("Aufruf: coopnet report [-h]")
    assert "\nArgumente:\n" in out and "\nOptionen:\n" in out
    assert "diese Hilfe zeigen und beenden" in out
    assert "Berichtsordner (bei Erfolg ersetzt)" in out
    assert "Beispiel: coopnet report data/musterstadt" in out
    for english in (*ENGLISH_OF_ARGPARSE, "report folder", "default"):
        assert english not in out, english
    code, out, _ = run(capsys, "--help")
    assert code == 0 and "Netzwerkanalyse der Zusammenarbeit" in out and "COOPNET_LANG" in out


@pytest.mark.parametrize(
    "argv",
    [
        ("report", "--help", "--lang", "en"),
        ("report", "--lang=en", "--help"),
        ("report", "--lan", "en", "--help"),  # argparse's abbreviation
    ],
)
def test_report_help_in_english_on_request(
    capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]
) -> None:
    code, out, _ = run(capsys, *argv)
    assert code == 0
    assert out.startswith("usage: coopnet report [-h]")
    assert "\npositional arguments:\n" in out and "\noptions:\n" in out
    assert "show this help message and exit" in out and "report folder (replaced on success)" in out
    assert "example: coopnet report" in out and "Aufruf" not in out and "Voreinstellung" not in out


def test_coopnet_lang_asks_for_english_and_lang_wins(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COOPNET_LANG", "en")
    code, out, _ = run(capsys, "report", "--help")
    assert code == 0 and out.startswith("usage: coopnet report")
    code, out, _ = run(capsys, "docs")  # the command's own output too, as --lang en
    assert code == 0 and out.startswith("documentation shipped with coopnet")
    code, out, _ = run(capsys, "report", "--help", "--lang", "de")
    assert code == 0 and out.startswith("Aufruf: coopnet report")
    code, out, _ = run(capsys, "docs", "--lang", "de")
    assert code == 0 and out.startswith("mit coopnet installierte Dokumentation")
    monkeypatch.setenv("COOPNET_LANG", "fr")  # not a language of coopnet: German
    code, out, _ = run(capsys, "report", "--help")
    assert code == 0 and out.startswith("Aufruf: coopnet report")


def test_cli_lang() -> None:
    assert cli_lang([], {}) == "de"
    assert cli_lang(["x", "--lang", "en"], {}) == "en"
    assert cli_lang(["x", "--lang=en", "--lang", "de"], {}) == "de"  # the last one, as argparse
    assert cli_lang(["x", "--lang", "fr"], {"COOPNET_LANG": "en"}) == "en"  # refused later
    assert cli_lang(["x", "--", "--lang", "en"], {}) == "de"  # after --: a positional value
    assert cli_lang(["x", "--la", "en"], {}) == "de"  # ambiguous (--layout-seed): not --lang
    assert cli_lang(["x", "--lang"], {}) == "de"
    assert env_lang({"COOPNET_LANG": " EN "}) == "en"
    assert env_lang({"COOPNET_LANG": "en_US.UTF-8"}) is None and env_lang({}) is None


# ------------------------------------------------------------------------------ usage errors
@pytest.mark.parametrize(
    ("argv", "german", "english"),
    [
        (("report", "data"), "nicht angegeben, aber erforderlich: --out",
         "the following arguments are required: --out"),
        (("report",), "nicht angegeben, aber erforderlich: path, --out",
         "the following arguments are required: path, --out"),
        (("report", "data", "--out", "r", "--csv", "latin"),
         "Argument --csv: ungültige Auswahl: 'latin' (möglich: ",
         "argument --csv: invalid choice: 'latin' (choose from "),
        (("nonsense",), "Argument BEFEHL: ungültige Auswahl: 'nonsense'",
         "argument COMMAND: invalid choice: 'nonsense'"),
        (("report", "data", "--out", "r", "--bogus", "x"), "unbekannte Argumente: --bogus x",
         "unrecognized arguments: --bogus x"),
        (("report", "data", "--out"), "Argument --out: erwartet einen Wert",
         "argument --out: expected one argument"),
        (("report", "data", "--out", "r", "--seed", "z"),
         "Argument --seed: ungültiger Wert 'z' (erwartet: eine ganze Zahl)",
         "argument --seed: invalid int value: 'z'"),
        (("report", "data", "--out", "r", "--top", "0"),
         "Argument --top: muss mindestens 1 sein, nicht 0",
         "argument --top: must be at least 1, got 0"),
        (("report", "data", "--out", "r", "--epsilon", "2"),
         "Argument --epsilon: muss zwischen 0 und 1 liegen (beide ausgeschlossen), nicht 2",
         "argument --epsilon: must be between 0 and 1 (exclusive), got 2"),
        (("what-if", "data", "--add-tie", "A"), "Argument --add-tie: erwartet 2 Werte",
         "argument --add-tie: expected 2 arguments"),
        (("survey", "template", "a.csv"), "nicht angegeben, aber erforderlich: --out",
         "the following arguments are required: --out"),
    ],
)  # fmt: skip
def test_usage_errors_in_german_with_exit_code_2(
    capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], german: str, english: str
) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    prog = (
        "coopnet"
        if argv == ("nonsense",) or "--bogus" in argv  # unknown arguments: the main parser's
        else "coopnet "
        + " ".join(a for a in argv[:2] if a in ("report", "what-if", "survey", "template"))
    )
    assert err.startswith(f"Aufruf: {prog} ")
    assert f"\n{prog}: Fehler: {german}" in err
    assert err.endswith(f"\nHilfe: {prog} --help\n")
    assert "Traceback" not in err and "usage:" not in err and "error:" not in err
    code, out, err = run(capsys, *argv, "--lang", "en")
    assert code == 2 and out == ""
    assert err.startswith(f"usage: {prog} ") and f"\n{prog}: error: {english}" in err


def test_unknown_lang_is_refused_in_german(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "report", "data", "--out", "r", "--lang", "fr")
    assert code == 2 and "Argument --lang: ungültige Auswahl: 'fr' (möglich: 'de', 'en')" in err


_VALUE = st.from_regex(r"[A-Za-z0-9_.'/-]{1,10}", fullmatch=True)


@given(data=st.data())
def test_every_argparse_template_is_translated(data: st.DataObject) -> None:
    for key, template in catalogue("en").items():
        if not key.startswith("help.argparse."):
            continue
        names = placeholders(template)
        values = {name: data.draw(_VALUE, label=f"{key}.{name}") for name in names}
        if "message" in values:
            values["message"] = "expected one argument"
        if "type" in values:
            values["type"] = "float"
        english = template.format(**values)
        german = translate_usage_error(english, "de")
        expected = dict(values)
        if "message" in values:
            expected["message"] = text("help.argparse.expected_one", "de")
        if "type" in values:
            expected["type"] = text("help.type.float", "de")
        assert german == text(key, "de", **expected), (key, english)
        assert translate_usage_error(english, "en") == english


def test_an_unknown_argparse_message_stays_english() -> None:
    assert translate_usage_error("option --x is deprecated", "de") == "option --x is deprecated"
    assert translate_usage_error("argument --x: something new", "de") == (
        "Argument --x: something new"
    )


# ------------------------------------------------------------------------------ log lines
def test_level_words() -> None:
    words = {
        logging.DEBUG: ("Debug", "debug"),
        logging.INFO: ("Hinweis", "info"),
        logging.WARNING: ("Warnung", "warning"),
        logging.ERROR: ("Fehler", "error"),
        logging.CRITICAL: ("Schwerer Fehler", "critical"),
        logging.WARNING + 5: ("Warnung", "warning"),
    }
    for level, (de, en) in words.items():
        record = logging.makeLogRecord({"levelno": level, "msg": "x %s", "args": ("y",)})
        assert LevelFormatter("de").format(record) == f"{de}: x y"
        assert LevelFormatter("en").format(record) == f"{en}: x y"


def _bare_logging(monkeypatch: pytest.MonkeyPatch) -> None:
    """The root logger as in a fresh process (pytest's own handlers set aside until teardown)."""
    root = logging.getLogger()
    monkeypatch.setattr(root, "handlers", [])
    monkeypatch.setattr(root, "level", root.level)


def test_log_lines_of_a_command_in_both_languages(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _bare_logging(monkeypatch)

    def talk(args: argparse.Namespace) -> int:
        logging.getLogger("coopnet.test").debug("details")
        logging.getLogger("coopnet.test").warning("%d self-ties dropped", 2)
        return 0

    monkeypatch.setitem(cli.COMMANDS, "docs", dataclasses.replace(cli.COMMANDS["docs"], func=talk))
    assert run(capsys, "docs")[2] == "Warnung: 2 self-ties dropped\n"
    assert run(capsys, "docs", "--lang", "en")[2] == "warning: 2 self-ties dropped\n"
    assert run(capsys, "docs", "-v")[2] == "Debug: details\nWarnung: 2 self-ties dropped\n"
    assert run(capsys, "docs", "-q")[2] == ""
    monkeypatch.setenv("COOPNET_LANG", "en")
    assert run(capsys, "docs")[2] == "warning: 2 self-ties dropped\n"
    assert len(logging.getLogger().handlers) == 1  # set up once, changed on each call


def test_logging_set_up_by_others_is_left_alone(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _bare_logging(monkeypatch)
    theirs = logging.NullHandler()
    logging.getLogger().addHandler(theirs)
    assert run(capsys, "docs")[0] == 0
    assert logging.getLogger().handlers == [theirs]


# ------------------------------------------------------------------------------ survey, completion
def test_survey_template_lines_in_german_and_english(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    actors = tmp_path / "akteure.csv"
    actors.write_text("id,label,group\nA,Amt A,Verwaltung\n", encoding="utf-8")
    code, out, err = run(capsys, "survey", "template", str(actors), "--out", str(tmp_path / "de"))
    assert code == 0, err
    assert err == (
        "Hinweis: nur ein Akteur: der Fragebogen nennt keine Partner, nur Zeilen für weitere "
        "Partner\n"
    )
    assert out.startswith(f"1 Fragebogen/-bögen nach {tmp_path / 'de'} geschrieben (Schlüssel ")
    assert " und Fragebogen_alle.xlsx\n  später importieren mit: coopnet survey import " in out
    code, out, err = run(capsys, "survey", "template", str(actors), "--out", str(tmp_path / "en"),
                         "--lang", "en", "--no-combined")  # fmt: skip
    assert code == 0, err
    assert err.startswith("Note: only one actor: the questionnaire lists no partners")
    assert out.startswith(f"wrote 1 questionnaire(s) to {tmp_path / 'en'} (survey key ")
    assert ") and " not in out and "\n  import later with: coopnet survey import " in out


def test_completion_describes_in_the_users_language(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "completion", "fish")
    assert code == 0 and "Berichtsordner (bei Erfolg ersetzt)" in out
    code, out, _ = run(capsys, "completion", "fish", "--lang", "en")
    assert code == 0 and "report folder (replaced on success)" in out
    assert out == completion_script(build_parser("en"), "fish")
