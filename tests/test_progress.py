"""Progress lines on stderr: catalogue texts in the user's language, cleaned like every line.

Progress callbacks receive plain strings (:class:`coopnet.messages.Step`: the English text, so
``progress=print`` and ``message == "tables"`` keep working); the CLI shows the catalogue text in
German unless ``--lang en`` and passes it through :func:`coopnet.textsafe.clean_text`, so a bidi
or control character of a period, a path or a label does not reach the terminal.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from coopnet.cli import main
from coopnet.lang import catalogue, placeholders
from coopnet.messages import Step, step
from coopnet.textsafe import BIDI_CONTROLS

from .conftest import ROOT, MakeDataset

MUSTERSTADT = ROOT / "data" / "musterstadt"
HOSTILE = "\u202e\u2066\x1b[2J\x07"  # right-to-left override, isolate, ANSI clear screen, bell


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().err


def _clean(err: str) -> bool:
    return not any(c in err for c in BIDI_CONTROLS) and "\x1b" not in err and "\x07" not in err


def test_a_step_is_its_english_string_and_carries_its_text() -> None:
    s = step("progress.report.key_players", period="2016")
    assert isinstance(s, str) and s == "key players 2016" and str(s) == "key players 2016"
    assert isinstance(s, Step) and s.text.render("de") == "Schlüsselakteure 2016"


def test_progress_texts_are_in_both_languages() -> None:
    de, en = catalogue("de"), catalogue("en")
    keys = {k for k in en if k.startswith("progress.")}
    assert len(keys) > 20 and keys == {k for k in de if k.startswith("progress.")}
    for key in keys:
        assert placeholders(de[key]) == placeholders(en[key]), key
        assert "'" not in de[key], key


def test_progress_is_german_by_default_and_english_with_lang_en(
    capsys: pytest.CaptureFixture[str], make_dataset: MakeDataset, tmp_path: Path
) -> None:
    data = make_dataset("id,label\nA,Amt A\nB,Amt B\nC,Amt C\n", "source,target\nA,B\nB,C\n")
    code, err = _run(capsys, "analyze", str(data), "--out", str(tmp_path / "de"))
    assert code == 0, err
    assert f"  … lade {data}\n" in err and "  … Kennzahlen (alle Zeiträume zusammen)\n" in err
    assert "loading" not in err and "measures" not in err
    code, err = _run(capsys, "analyze", str(data), "--out", str(tmp_path / "en"), "--lang", "en")
    assert code == 0, err
    assert f"  … loading {data}\n" in err and "  … measures (all periods pooled)\n" in err
    code, err = _run(capsys, "analyze", str(data), "--out", str(tmp_path / "q"), "-q")
    assert code == 0 and "…" not in err


@pytest.mark.parametrize("lang", [[], ["--lang", "en"]])
def test_a_bidi_or_control_character_in_period_does_not_reach_the_terminal(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, lang: list[str]
) -> None:
    before = f"2014{HOSTILE}"
    code, err = _run(capsys, "compare", str(MUSTERSTADT), "--before", before, "--after", "2016",
                     "--out", str(tmp_path / "c"), *lang)  # fmt: skip
    assert code == 1 and "Traceback" not in err  # no such period
    assert ("  … comparing 2014" if lang else "  … vergleiche 2014") in err  # the progress line
    assert "→ 2016" in err and _clean(err)


def test_a_bidi_or_control_character_in_a_path_or_label_does_not_reach_the_terminal(
    capsys: pytest.CaptureFixture[str], make_dataset: MakeDataset, tmp_path: Path
) -> None:
    data = make_dataset("id,label\nA,Amt A\nB,Amt B\n", "source,target\nA,B\n")
    hostile = tmp_path / f"Amt{HOSTILE}Kultur"
    shutil.copytree(data, hostile)
    code, err = _run(capsys, "analyze", str(hostile), "--out", str(tmp_path / "out"))
    assert code == 0, err
    assert "  … lade " in err and "AmtKultur" not in err  # the control characters show as �
    assert "Amt" in err and "Kultur" in err and _clean(err)
