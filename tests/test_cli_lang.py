"""The result, note and usage-error lines of the CLI: German by default, English with --lang en.

Numbers of the tiny dataset ``small_dataset`` (conftest), worked out by hand:

* pooled (both periods, ties symmetrised): 6 actors, ties A-B, B-C, A-C, C-D, A-E → 5 ties;
  density 5 / 15 = 0.333; components {A, B, C, D, E} and {X}: 10 of 15 pairs reach each other,
  fragmentation 1 − 10/15 = 0.333;
* 2016 without A: B, C, D, E, X in {B}, {C, D}, {E}, {X}: 1 of 10 pairs connected, fragmentation
  0.333 → 0.900, components 2 → 4, B and E cut off (C, D keep their tie).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from coopnet.cli import EXIT_BROKEN_PIPE, main

from .conftest import MUSTERSTADT


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_analyze_summary_german_by_default_english_with_lang_en(
    capsys: pytest.CaptureFixture[str], small_dataset: Path, tmp_path: Path
) -> None:
    code, out, err = run(capsys, "analyze", str(small_dataset), "--out", str(tmp_path / "de"), "-q")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith(
        "Klein (alle Zeiträume): 6 Akteure, 5 Beziehungen, Dichte 0,333, Fragmentierung 0,333, "
        "E-I (Gruppe) "
    )
    assert lines[1].startswith("  höchste Vermittlung (Betweenness): Amt A (0,")
    assert lines[2].startswith("  Schlüsselakteure: Amt A")
    assert lines[-1] == f"10 Dateien nach {tmp_path / 'de'} geschrieben"
    code, out, err = run(
        capsys, "analyze", str(small_dataset), "--out", str(tmp_path / "en"), "-q", "--lang", "en"
    )
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith(
        "Klein (all): 6 actors, 5 ties, density 0.333, fragmentation 0.333, E-I (Group) "
    )
    assert lines[1].startswith("  highest betweenness: Amt A (0.")
    assert lines[2].startswith("  key players: Amt A")
    assert lines[-1] == f"wrote 10 files to {tmp_path / 'en'}"


def test_analyze_says_in_german_what_was_estimated(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "a"
    code, printed, err = run(
        capsys, "analyze", str(MUSTERSTADT), "--out", str(out), "--sample", "sampled", "-q"
    )
    assert code == 0, err
    line = next(x for x in printed.splitlines() if "geschätzt" in x)
    assert line.startswith("  Vermittlung (Betweenness) geschätzt (riondato-kornaropoulos, ")
    assert "Stichproben" in line and "Wahrscheinlichkeit ≥ 0,9" in line
    assert "höchstens 0,01 neben dem exakten Wert" in line and "estimated" not in printed


def test_what_if_remove_in_both_languages(
    capsys: pytest.CaptureFixture[str], small_dataset: Path
) -> None:
    argv = ("what-if", str(small_dataset), "--period", "2016", "--remove", "A")
    code, out, err = run(capsys, *argv)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "ohne A im Zeitraum 2016"
    assert (
        lines[1] == f"  {'Fragmentierung':<35}   0,333 →   0,900"
    )  # 35: gruppenübergreifende Erreichbarkeit
    assert lines[3] == f"  {'Komponenten':<35}       2 →       4"
    assert lines[-1] == "  von der Hauptkomponente abgeschnitten: B, E"
    code, out, err = run(capsys, *argv, "--lang", "en")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "removing A in 2016"
    assert lines[1] == f"  {'fragmentation':<33}   0.333 →   0.900"
    assert lines[3] == f"  {'components':<33}       2 →       4"
    assert lines[-1] == "  cut off from the main component: B, E"


def test_what_if_add_tie_in_german(capsys: pytest.CaptureFixture[str], small_dataset: Path) -> None:
    argv = ("what-if", str(small_dataset), "--period", "2016", "--add-tie", "B", "X")
    code, out, err = run(capsys, *argv)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "mit den neuen Beziehungen B – X im Zeitraum 2016"
    width = len("gruppenübergreifende Reichweite (≤ 2 Schritte)")  # the longest name sets it
    assert lines[1].startswith(f"  {'Fragmentierung':<{width}}   0,333 →   0,")
    assert any(x.startswith("  Fragmentierung ohne Schlüsselakteur ") for x in lines)
    assert lines[-1] == "  mit der Hauptkomponente verbunden: X"
    code, _, err = run(capsys, "what-if", str(small_dataset))
    assert code == 2 and err.startswith("Fehler: geben Sie entweder --remove ID oder --add-tie")
    code, _, err = run(capsys, "what-if", str(small_dataset), "--lang", "en")
    assert (
        code == 2 and err == "Error: give either --remove ID or --add-tie A B (each repeatable)\n"
    )


def test_convert_lines_and_unknown_suffix_in_both_languages(
    capsys: pytest.CaptureFixture[str], small_dataset: Path, tmp_path: Path
) -> None:
    out = tmp_path / "klein.net"
    code, stdout, err = run(capsys, "convert", str(small_dataset), str(out))
    assert code == 0 and stdout == f"{out} geschrieben\n"
    assert err.startswith("Hinweis: Pajek .net has no place for ")
    code, stdout, err = run(capsys, "convert", str(small_dataset), str(out), "--lang", "en")
    assert code == 0 and stdout == f"wrote {out}\n" and err.startswith("Note: Pajek .net has")
    bad = tmp_path / "klein.gefx"
    code, stdout, err = run(capsys, "convert", str(small_dataset), str(bad))
    assert code == 2 and stdout == "" and not bad.exists()
    assert err.startswith(f"Fehler: das Format von „{bad}“ lässt sich an der Endung „.gefx“ nicht")
    code, _, err = run(capsys, "convert", str(small_dataset), str(bad), "--lang", "en")
    assert code == 2 and err.startswith(f"Error: cannot tell the format of '{bad}'")


@pytest.mark.parametrize(
    ("flags", "line"),
    [
        ((), "Bericht nach {out} geschrieben (öffnen: {index})"),
        (("--lang", "en"), "wrote the report to {out} (open {index})"),
    ],
)
def test_report_line(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    small_dataset: Path,
    tmp_path: Path,
    flags: tuple[str, ...],
    line: str,
) -> None:
    out = tmp_path / "bericht"

    def build_report(study: object, folder: str, **kwargs: object) -> Path:
        return Path(folder)  # the report itself is tested in test_report.py: here only the line

    monkeypatch.setattr("coopnet.report.build_report", build_report)
    code, stdout, err = run(capsys, "report", str(small_dataset), "--out", str(out), "-q", *flags)
    assert code == 0, err
    assert stdout == line.format(out=out, index=out / "index.html") + "\n"


def test_example_and_docs_listing_in_both_languages(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, _ = run(capsys, "example", str(tmp_path / "de"))
    lines = out.splitlines()
    assert code == 0
    assert (
        lines[0]
        == f"Beispieldatensatz Musterstadt (synthetisch) nach {tmp_path / 'de'} geschrieben:"
    )
    assert lines[-1] == f"  weiter: coopnet report {tmp_path / 'de'} --out bericht"
    code, out, _ = run(capsys, "example", str(tmp_path / "en"), "--lang", "en")
    lines = out.splitlines()
    assert code == 0
    assert lines[0] == f"wrote the example dataset Musterstadt (synthetic) to {tmp_path / 'en'}:"
    assert lines[-1] == f"  next: coopnet report {tmp_path / 'en'} --out bericht"
    code, out, _ = run(capsys, "docs")
    assert code == 0 and out.startswith(
        "mit coopnet installierte Dokumentation (eine davon anzeigen: coopnet docs NAME):\n  "
    )
    code, out, _ = run(capsys, "docs", "--lang", "en")
    assert code == 0 and out.startswith("documentation shipped with coopnet (print one with: ")


def test_compare_usage_error_in_both_languages(
    capsys: pytest.CaptureFixture[str], small_dataset: Path, tmp_path: Path
) -> None:
    argv = ("compare", str(small_dataset), "--out", str(tmp_path / "c"), "--before", "2014")
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert err == (
        "Fehler: geben Sie --before und --after zusammen an oder keines von beiden "
        "(alle Zeiträume)\n"
    )
    code, _, err = run(capsys, *argv, "--lang", "en")
    assert code == 2
    assert err == "Error: give both --before and --after, or neither (all periods)\n"


def _broken_root(root: Path) -> Path:
    folder = root / "kaputtstadt"
    folder.mkdir(parents=True)
    (folder / "actors.csv").write_text("id,label\na,Amt A\nb,Amt B\n", encoding="utf-8")
    (folder / "ties.csv").write_text("source,target\na,zz\n", encoding="utf-8")  # zz: unknown
    return root


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        ((), "Fehler: kein Datensatz wurde erfolgreich analysiert; kein Atlas geschrieben\n"),
        (("--lang", "en"), "Error: no dataset was analysed successfully; no atlas written\n"),
    ],
)
def test_batch_without_success_writes_no_atlas(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, flags: tuple[str, ...], message: str
) -> None:
    root, out = _broken_root(tmp_path / "kommunen"), tmp_path / "out"
    argv = ("batch", str(root), "--out", str(out), "--jobs", "1", "--report", "-q", *flags)
    code, _, err = run(capsys, *argv)
    assert code == 1 and err.endswith(message)
    assert not (out / "atlas").exists()


@pytest.mark.parametrize(
    ("flags", "interrupted", "error"),
    [((), "Abgebrochen.\n", "Fehler: "), (("--lang", "en"), "Interrupted.\n", "Error: ")],
)
def test_interrupt_and_os_error_in_both_languages(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    small_dataset: Path,
    flags: tuple[str, ...],
    interrupted: str,
    error: str,
) -> None:
    def stop(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("coopnet.model.validate", stop)
    assert run(capsys, "validate", str(small_dataset), *flags)[2] == interrupted

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", "ties.csv")

    monkeypatch.setattr("coopnet.model.validate", denied)
    code, _, err = run(capsys, "validate", str(small_dataset), *flags)
    assert code == 1 and err == f"{error}[Errno 13] Permission denied: 'ties.csv'\n"


class _ClosedPipe:
    """A standard output whose reader has gone: every write raises BrokenPipeError."""

    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")

    def flush(self) -> None:
        raise BrokenPipeError(32, "Broken pipe")


def test_broken_pipe_ends_quietly_in_process(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdout", _ClosedPipe())
    assert main(["docs"]) == EXIT_BROKEN_PIPE == 141
    assert capsys.readouterr().err == ""
    assert sys.stdout.name == os.devnull  # a test's capture has no file descriptor: replaced
    print("more output goes nowhere")  # no error any more
    sys.stdout.close()


def test_broken_pipe_ends_quietly_in_a_real_pipe(small_dataset: Path) -> None:
    """`coopnet info DATA --json - | head -3`: the reader is gone before coopnet writes."""
    read, write = os.pipe()
    os.close(read)  # every write to `write` now fails with EPIPE (Python ignores SIGPIPE)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "coopnet", "info", str(small_dataset), "--json", "-"],
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
            timeout=120,
        )
    finally:
        os.close(write)
    assert done.returncode == 141
    assert done.stderr == ""  # no "Error: [Errno 32] Broken pipe", no "Exception ignored"


def test_qap_summary_in_german(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """71 actors of Musterstadt 2016, undirected: 71 · 70 / 2 = 2485 cells (English: test_regression)."""
    out = tmp_path / "qap"
    argv = ("qap", str(MUSTERSTADT), "--period", "2016", "--same", "group", "--out", str(out))
    code, printed, err = run(capsys, *argv, "--permutations", "20", "-q")
    assert code == 0, err
    lines = printed.splitlines()
    assert lines[0].startswith(
        "Musterstadt (2016): ols auf 2.430 Zellen von 71 Akteuren (55 von 2.485 Zellen "
        "ausgeschlossen: 0 mit ausgeschlossenen Akteuren, 55 unbeobachtet); R² 0,"
    )
    assert lines[-1].endswith(f" Dateien nach {out} geschrieben")
