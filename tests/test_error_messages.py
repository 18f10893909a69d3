"""Errors in the user's language: catalogue texts of GraphError, OutputError and CoopnetError.

An InputError made of one message (``InputError(tr("errors.input.no_file", path=p))``) has one too;
an InputError of problems is checked where the problems are made (``coopnet.messages.problem``).

Every error a user can meet is raised with a text of ``assets/texts/<lang>/errors.toml``
(``raise GraphError(tr("errors.…", …))``): ``str(exc)`` is English, the CLI shows German unless
``--lang en``. The source walk below keeps new raises from slipping back to English only.
"""

from __future__ import annotations

import ast
import pickle
from pathlib import Path

import pytest

from coopnet.cli import main
from coopnet.errors import CoopnetError, GraphError, InputError, OutputError
from coopnet.lang import catalogue, placeholders
from coopnet.messages import Lines, render_error, tr

from .conftest import ROOT, MakeDataset

SRC = ROOT / "src" / "coopnet"
ERRORS = {"CoopnetError", "GraphError", "OutputError", "UnknownFormatError", "InputError"}

# raises no user can reach: each is marked "pragma: no cover" at its site
INTERNAL = {
    ("outputs.py", "cannot make unique file names"),  # a sha256 collision
    ("outputs.py", "cannot lock {path}"),  # the lock file kept vanishing
    ("resources.py", "coopnet's {package} files are missing from this installation"),
}


def _raises() -> list[tuple[Path, ast.Raise, ast.Call]]:
    found = []
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
                func = node.exc.func
                name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
                if name in ERRORS:
                    found.append((path, node, node.exc))
    return found


def _literal(node: ast.expr) -> str:
    """The message as written, with ``{…}`` for each interpolated part."""
    if isinstance(node, ast.Constant):
        return str(node.value)
    if isinstance(node, ast.JoinedStr):
        return "".join(
            str(v.value) if isinstance(v, ast.Constant) else "{" + ast.unparse(v.value) + "}"  # type: ignore[attr-defined]
            for v in node.values
        )
    return ast.unparse(node)


def _keys(node: ast.expr) -> list[str]:
    """The catalogue keys a ``tr(...)`` first argument can name (``"a" if c else "b"``)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _keys(node.body) + _keys(node.orelse)
    return []


def _tr_calls() -> list[tuple[Path, ast.Call]]:
    calls = []
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "tr"
                and node.args
            ):
                calls.append((path, node))
    return calls


def test_the_walk_sees_the_raises() -> None:  # guards the walk itself against finding nothing
    assert len(_raises()) > 100


def test_every_error_a_user_can_meet_has_a_catalogue_text() -> None:
    english_only = []
    for path, node, call in _raises():
        first = call.args[0] if call.args else None
        keyed = all(
            isinstance(part, ast.Call) and isinstance(part.func, ast.Name) and part.func.id == "tr"
            for part in ([first.body, first.orelse] if isinstance(first, ast.IfExp) else [first])
        )
        if keyed or (
            isinstance(first, ast.Name | ast.Attribute | ast.List | ast.ListComp | ast.Call)
            and _literal(call.func) == "InputError"
        ):  # an InputError of problems (each made by coopnet.messages.problem)
            continue
        message = _literal(first) if first is not None else ""
        if (path.name, message) not in INTERNAL:
            english_only.append(f"{path.relative_to(SRC)}:{node.lineno}: {message[:70]}")
    assert not english_only, "raise with tr('errors.…') (errors.toml):\n" + "\n".join(english_only)


def test_the_internal_list_is_still_needed() -> None:
    messages = {(p.name, _literal(c.args[0])) for p, _, c in _raises() if c.args}
    assert messages >= INTERNAL, INTERNAL - messages


def test_every_error_text_exists_with_the_placeholders_given() -> None:
    en = catalogue("en")
    wrong = []
    used: set[str] = set()
    for path, call in _tr_calls():
        keys = [k for k in _keys(call.args[0]) if k.startswith("errors.")]
        given = {k.arg for k in call.keywords}
        for key in keys:
            used.add(key)
            if key not in en:
                wrong.append(f"{path.name}:{call.lineno}: no text {key!r}")
            elif None not in given and placeholders(en[key]) != given:
                wrong.append(f"{path.name}:{call.lineno}: {key} takes {placeholders(en[key])}")
    assert not wrong, "\n".join(wrong)
    unused = {k for k in en if k.startswith("errors.")} - used
    assert not unused, f"texts no raise uses: {sorted(unused)}"


def test_error_texts_are_in_both_languages() -> None:
    de, en = catalogue("de"), catalogue("en")
    keys = {k for k in en if k.startswith("errors.")}
    assert len(keys) > 100 and keys == {k for k in de if k.startswith("errors.")}
    for key in keys:
        assert "'{" not in de[key], key  # German texts quote with „…“


# ------------------------------------------------------------------------------- render_error
def test_str_is_english_and_render_error_gives_german() -> None:
    exc = GraphError(tr("errors.model.unknown_period", period="2015", periods=["2014", "2016"],
                        hint=tr("errors.hint.did_you_mean", match="2016")))  # fmt: skip
    assert str(exc) == "unknown period '2015' (periods: 2014, 2016); did you mean '2016'?"
    assert exc.key == "errors.model.unknown_period"
    assert render_error(exc, "en") == str(exc)
    assert render_error(exc, "de") == (
        "unbekannter Zeitraum „2015“ (Zeiträume: 2014, 2016); meinten Sie „2016“?"
    )
    assert isinstance(exc, ValueError)  # generic handlers still work


def test_numbers_are_formatted_for_the_language() -> None:
    exc = GraphError(tr("errors.qap.too_few_actors", n=2, total=1050))
    assert "2 of 1,050 actors" in str(exc)
    assert "2 von 1.050 Akteuren" in render_error(exc, "de")
    exc = GraphError(tr("errors.qap.constant_dependent", value=0.5, n=12))
    assert "0,5" in render_error(exc, "de") and "0.5" in str(exc)


def test_lines_are_shown_one_per_line() -> None:
    lines = Lines(tr("errors.recommend.already_tied", source=s, target="B") for s in "AC")
    exc = GraphError(tr("errors.lines", lines=lines))
    assert str(exc).splitlines() == [
        "'A' and 'B' are already tied; nothing to add",
        "'C' and 'B' are already tied; nothing to add",
    ]
    assert render_error(exc, "de").splitlines()[1] == (
        "„C“ und „B“ haben schon eine Beziehung; nichts hinzuzufügen"
    )


def test_an_error_without_a_text_is_shown_as_it_is() -> None:
    exc = GraphError("only in English")
    assert exc.text is None and exc.key is None
    assert render_error(exc, "de") == "only in English"
    assert render_error(ValueError("plain"), "de") == "plain"
    assert str(CoopnetError()) == ""


def test_input_errors_render_their_problems() -> None:
    exc = InputError(tr("errors.resources.is_file", folder="x"), source="dataset.toml")
    assert exc.problems[0].key == "errors.resources.is_file"
    assert "1 problem(s) in dataset.toml" in str(exc)
    german = render_error(exc, "de")
    assert german.startswith("1 Problem(e) in dataset.toml:") and "„x“ ist eine Datei" in german


def test_the_text_survives_pickling() -> None:  # batch workers send errors across processes
    exc = OutputError(tr("errors.outputs.is_file", path="bericht"))
    back = pickle.loads(pickle.dumps(exc))
    assert type(back) is OutputError and str(back) == str(exc)
    assert render_error(back, "de") == (
        "„bericht“ ist eine Datei; geben Sie einen Ordner für die Ausgabe an"
    )
    plain = pickle.loads(pickle.dumps(GraphError("x")))
    assert str(plain) == "x" and plain.text is None


def test_labels_in_messages_are_cleaned(
    capsys: pytest.CaptureFixture[str], make_dataset: MakeDataset, tmp_path: Path
) -> None:
    ds = make_dataset("id,group\nA,G\nB,H\n", "source,target,period\nA,B,2014\nB,A,2016\n")
    code = main(["analyze", str(ds), "--period", "20\u202e15", "--out", str(tmp_path / "x")])
    error = capsys.readouterr().err.splitlines()[-1]
    assert code == 1 and error.startswith("Fehler: ")
    assert "\u202e" not in error and "„2015“" in error


# ------------------------------------------------------------------------------------ the CLI
def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("de", "Fehler: unbekannter Zeitraum „2015“ (Zeiträume: 2014, 2016); meinten Sie „2016“?"),
        ("en", "Error: unknown period '2015' (periods: 2014, 2016); did you mean '2016'?"),
    ],
)
def test_cli_unknown_period(
    capsys: pytest.CaptureFixture[str], small_dataset: Path, tmp_path: Path, lang: str,
    expected: str,
) -> None:  # fmt: skip
    extra = ["--lang", "en"] if lang == "en" else []
    out = str(tmp_path / "x")
    code, err = _run(
        capsys, "analyze", str(small_dataset), "--period", "2015", "--out", out, *extra
    )
    assert code == 1 and expected in err.splitlines()


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("de", "Fehler: unbekannte Kennzahl „wichtigkeit“; wählen Sie eine von: degree"),
     ("en", "Error: unknown measure 'wichtigkeit'; choose one of: degree")],
)  # fmt: skip
def test_cli_unknown_measure(
    capsys: pytest.CaptureFixture[str], small_dataset: Path, tmp_path: Path, lang: str,
    expected: str,
) -> None:  # fmt: skip
    extra = ["--lang", "en"] if lang == "en" else []
    code, err = _run(capsys, "plot", str(small_dataset), "--kind", "ranking", "--size-by",
                     "wichtigkeit", "--out", str(tmp_path / "r.png"), *extra)  # fmt: skip
    assert code == 1 and err.startswith(expected)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("de", "Fehler: ein Vergleich braucht einen Datensatz mit mindestens zwei Zeiträumen"),
     ("en", "Error: a comparison needs a dataset with at least two periods")],
)  # fmt: skip
def test_cli_too_few_periods(
    capsys: pytest.CaptureFixture[str], make_dataset: MakeDataset, tmp_path: Path, lang: str,
    expected: str,
) -> None:  # fmt: skip
    single = make_dataset("id,group\nA,G\nB,H\n", "source,target\nA,B\n")
    extra = ["--lang", "en"] if lang == "en" else []
    code, err = _run(capsys, "plot", str(single), "--kind", "difference",
                     "--out", str(tmp_path / "d.png"), *extra)  # fmt: skip
    assert code == 1 and expected in err.splitlines()


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("de", "ist nicht leer und wurde nicht von coopnet erstellt (antrag.docx); wählen Sie"),
     ("en", "is not empty and was not made by coopnet (antrag.docx); choose a new")],
)  # fmt: skip
def test_cli_folder_not_made_by_coopnet(
    capsys: pytest.CaptureFixture[str], small_dataset: Path, tmp_path: Path, lang: str,
    expected: str,
) -> None:  # fmt: skip
    out = tmp_path / "projekt"
    out.mkdir()
    (out / "antrag.docx").write_bytes(b"the analyst's work")
    extra = ["--lang", "en"] if lang == "en" else []
    code, err = _run(capsys, "analyze", str(small_dataset), "--out", str(out), *extra)
    assert code == 1 and expected in err
    assert [p.name for p in out.iterdir()] == ["antrag.docx"]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("de", "“ ist die Eingabe "), ("en", "' is the input ")],
)
def test_cli_out_is_the_input(
    capsys: pytest.CaptureFixture[str], small_dataset: Path, lang: str, expected: str
) -> None:
    before = {p.name: p.read_bytes() for p in small_dataset.iterdir()}
    extra = ["--lang", "en"] if lang == "en" else []
    code, err = _run(capsys, "analyze", str(small_dataset), "--out", str(small_dataset), *extra)
    assert code == 1 and expected in err
    assert err.splitlines()[-1].startswith("Fehler: „" if lang == "de" else "Error: '")
    assert {p.name: p.read_bytes() for p in small_dataset.iterdir()} == before


def test_cli_language_from_dataset_toml(
    capsys: pytest.CaptureFixture[str], make_dataset: MakeDataset, tmp_path: Path
) -> None:
    ds = make_dataset(
        "id,group\nA,G\nB,H\n",
        "source,target,period\nA,B,2014\nB,A,2016\n",
        '[analysis]\nlang = "en"\n',
    )
    code, err = _run(capsys, "analyze", str(ds), "--period", "1999", "--out", str(tmp_path / "x"))
    assert code == 1 and "Error: unknown period '1999'" in err


# ------------------------------------------------------------------------------ problems
# a Problem built directly must carry its catalogue entry (key=); the rest are made with
# coopnet.messages.problem() (or survey.answers.problem_at). The one exception, documented:
DIRECT = {
    # InputError("message"): the message is the raise's, checked by the raise walk above
    ("errors.py", "problems"),
}
WHERE = {"file", "row", "column", "value"}


def _calls(name: str) -> list[tuple[Path, ast.Call]]:
    calls = []
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                func = node.func
                called = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
                if called == name:
                    calls.append((path, node))
    return calls


def test_no_problem_is_made_with_an_english_message_only() -> None:
    direct = _calls("Problem")
    assert len(direct) >= 4  # guards the walk: messages.problem, problem_at, errors, validation
    english_only = []
    for path, call in direct:
        message = ast.unparse(call.args[2]) if len(call.args) > 2 else ""
        if "key" not in {k.arg for k in call.keywords} and (path.name, message) not in DIRECT:
            english_only.append(f"{path.relative_to(SRC)}:{call.lineno}: {message[:70]}")
    assert not english_only, (
        "make the problem with coopnet.messages.problem() and a problems.toml entry:\n"
        + "\n".join(english_only)
    )


def test_the_direct_list_is_still_needed() -> None:
    found = {(p.name, ast.unparse(c.args[2])) for p, c in _calls("Problem") if len(c.args) > 2}
    assert found >= DIRECT, DIRECT - found


def _problem_keys() -> list[tuple[Path, ast.Call, str]]:
    """The catalogue key of each ``problem(...)``/``problem_at(...)`` whose code is written out."""
    keys = []
    for name, first in (("problem", 1), ("problem_at", 2)):
        for path, call in _calls(name):
            parts = call.args[first : first + 2]
            if not all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in parts):
                continue  # the code or variant is a variable: a helper passing it on
            section = next((k.value for k in call.keywords if k.arg == "section"), None)
            prefix = "questionnaire" if name == "problem_at" else None
            if isinstance(section, ast.Constant):
                prefix = str(section.value)
            names = [str(a.value) for a in parts if isinstance(a, ast.Constant)]
            keys.append((path, call, ".".join(["problems", *([prefix] if prefix else []), *names])))
    return keys


def test_every_problem_text_exists_with_the_placeholders_given() -> None:
    de, en = catalogue("de"), catalogue("en")
    keys = _problem_keys()
    assert len(keys) > 60  # the survey's, the atlas's and the dyadic covariates' problems
    wrong = []
    for path, call, key in keys:
        given = {k.arg for k in call.keywords} - {"section", "severity"}
        if key not in en or key not in de:
            wrong.append(f"{path.name}:{call.lineno}: no text {key!r} in both languages")
        elif None not in given:
            needed = placeholders(en[key])
            if placeholders(de[key]) != needed or not needed <= given or (given - WHERE) - needed:
                wrong.append(f"{path.name}:{call.lineno}: {key} takes {needed}, given {given}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("section", ["questionnaire", "atlas", "dyadic"])
def test_problem_texts_of_a_section_are_in_both_languages(section: str) -> None:
    de, en = catalogue("de"), catalogue("en")
    keys = {k for k in en if k.startswith(f"problems.{section}.")}
    assert len(keys) > 5 and keys == {k for k in de if k.startswith(f"problems.{section}.")}
    for key in keys:
        assert "'" not in de[key] and de[key] != en[key], key  # German, quoting with „…“
        assert placeholders(de[key]) == placeholders(en[key]), key


# ------------------------------------------------------------ fragments inside a message
def test_and_n_more_of_a_long_list_is_in_the_users_language() -> None:
    from coopnet.compare._ties import listing

    exc = GraphError(tr("errors.compare.self_ties", period="2016", actors=listing("ABCDEFG")))
    assert "'A', 'B', 'C', 'D', 'E' and 2 more" in str(exc)
    german = render_error(exc, "de")
    assert "„A“, „B“, „C“, „D“, „E“ und 2 weitere" in german and "more" not in german
    assert str(listing(["A"])) == "'A'" and listing(["A"]).render("de") == "„A“"


def test_the_export_format_list_names_a_folder_in_german() -> None:
    from coopnet.export import output_format

    with pytest.raises(CoopnetError) as info:
        output_format("netz.foo")
    assert "write to a folder (csv), .xlsx" in str(info.value)
    german = render_error(info.value, "de")
    assert "wählen Sie als Ziel einen Ordner (csv), .xlsx" in german and "a folder" not in german


def test_recommends_sources_and_targets_are_named_in_german(make_dataset: MakeDataset) -> None:
    from coopnet.recommend import recommend_network
    from coopnet.run import study

    data = make_dataset("id,label\nA,Amt A\nB,Amt B\nC,Amt C\n", "source,target\nA,B\n")
    with pytest.raises(GraphError) as info:
        recommend_network(study(data), k=1, sources=[], targets=["Z"])
    german = render_error(info.value, "de")
    assert german.startswith("die Liste der Ausgangsakteure (sources, --from) ist leer")
    assert str(info.value).startswith("sources is empty")
