"""What coopnet may write (coopnet.outputs) and how every command applies it.

Covers: refusing to replace folders coopnet did not make or the input; the manifest; recovery
of what a killed run leaves behind; SIGTERM; the lock between two real processes; unique file
names for periods and datasets.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import pytest

import coopnet
from coopnet import outputs
from coopnet.cli import main
from coopnet.config import AnalysisConfig
from coopnet.errors import OutputError
from coopnet.outputs import (
    MANIFEST,
    made_by_coopnet,
    output_file,
    output_folder,
    pair_names,
    read_manifest,
    unique_names,
)
from coopnet.report import build_report
from coopnet.run import Study

from .conftest import ROOT, MakeDataset

FAST = AnalysisConfig(n_permutations=19)


def hidden(folder: Path) -> list[str]:
    """Hidden leftovers (``.x.partial``, ``.x.old``, ``.x.lock``, ``.x.tmp``) in ``folder``."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


@pytest.fixture
def no_figures(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("coopnet.report.draw_figures", lambda *args, **kwargs: [])


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().err


# ------------------------------------------------------------------------------- unique names
def test_unique_names_separate_colliding_periods() -> None:
    names = unique_names(["2016/17", "2016_17", "2016 17", "2022", "Welle 2/3"])
    assert names["2016_17"] == "2016_17" and names["2022"] == "2022"
    assert names["Welle 2/3"] == "Welle_2_3"  # no collision: no suffix
    assert names["2016/17"].startswith("2016_17-") and names["2016 17"].startswith("2016_17-")
    assert len({n.casefold() for n in names.values()}) == 5
    # stable: the same set in another order gives the same names
    assert unique_names(reversed(list(names))) == names


def test_unique_names_case_length_and_device_names() -> None:
    names = unique_names(["Amt", "amt", "x" * 200, "CON", "nul.txt", "", "..", "ä"])
    assert names["Amt"] != names["amt"]  # one file on Windows and macOS otherwise
    assert names["Amt"].casefold() != names["amt"].casefold()
    assert len(names["x" * 200]) == 64 + 9 and names["x" * 200].startswith("x" * 64 + "-")
    assert names["CON"] == "CON_" and names["nul.txt"] == "nul.txt_"
    assert names[""].startswith("x-") and names[".."].startswith("x-")  # both spelled "x"
    assert names[""] != names[".."]
    assert names["ä"] == "ä"


def test_pair_names_are_unique_even_when_parts_join_alike() -> None:
    periods = unique_names(["a_b", "c", "a", "b_c"])
    pairs = pair_names([("a_b", "c"), ("a", "b_c"), ("a", "c")], periods)
    assert pairs[("a", "c")] == "a_c"
    assert pairs[("a_b", "c")] != pairs[("a", "b_c")]


def test_report_periods_with_colliding_file_names(
    make_dataset: MakeDataset, tmp_path: Path
) -> None:
    actors = "id,label,group\nA,Amt A,X\nB,Amt B,X\nC,Verein C,Y\n"
    periods = ["2016/17", "2016_17", "2016 17"]
    ties = "source,target,period\n" + "".join(
        f"{s},{t},{p}\n" for p in periods for s, t in (("A", "B"), ("B", "C"))
    )
    toml = 'group = "group"\nperiods = ["2016/17", "2016_17", "2016 17"]\n'
    out = build_report(make_dataset(actors, ties, toml), tmp_path / "r", config=FAST)
    pages = sorted(p.name for p in out.glob("network_*.html"))
    assert len(pages) == 3, pages
    assert len(list((out / "tables").glob("actors_2016*.csv"))) == 3
    assert len(list((out / "figures").glob("network_2016*.png"))) == 3
    assert len(list(out.glob("comparison_*.html"))) == 3  # two consecutive pairs + first/last
    page = (out / "index.html").read_text(encoding="utf-8")
    for name in pages:
        assert f'"{name}"' in page


# ------------------------------------------------------------------------------- data loss
def test_report_refuses_a_folder_it_did_not_make(
    small_dataset: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "projekt"
    out.mkdir()
    (out / "antrag.docx").write_bytes(b"the analyst's work")
    code, err = cli(capsys, "report", str(small_dataset), "--out", str(out), "--permutations", "9")
    assert code == 1 and "nicht von coopnet erstellt" in err and "antrag.docx" in err
    assert "Traceback" not in err
    assert sorted(p.name for p in out.iterdir()) == ["antrag.docx"]
    assert hidden(tmp_path) == []


@pytest.mark.usefixtures("no_figures")
def test_overwrite_writes_into_a_foreign_folder_and_deletes_nothing(
    small_dataset: Path, tmp_path: Path
) -> None:
    out = tmp_path / "projekt"
    (out / "tables").mkdir(parents=True)
    (out / "antrag.docx").write_bytes(b"mine")
    (out / "index.html").write_text("an old page of mine", encoding="utf-8")
    build_report(small_dataset, out, config=FAST, overwrite=True)
    assert (out / "antrag.docx").read_bytes() == b"mine"
    assert "coopnet" in (out / "index.html").read_text(encoding="utf-8")  # same name: replaced
    manifest = read_manifest(out)
    assert manifest is not None and manifest.complete and manifest.command == "report"
    assert "antrag.docx" not in manifest.files and "index.html" in manifest.files
    build_report(small_dataset, out, config=FAST)  # now a coopnet folder: no flag needed
    assert (out / "antrag.docx").read_bytes() == b"mine"


@pytest.mark.parametrize("where", ["input", "parent", "inside"])
def test_report_never_touches_the_input(
    small_dataset: Path, where: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = {p.name: p.read_bytes() for p in small_dataset.iterdir()}
    target = {
        "input": small_dataset,
        "parent": small_dataset.parent,
        "inside": small_dataset / "bericht",
    }[where]
    for extra in ([], ["--overwrite"]):  # not even when asked to overwrite
        code, err = cli(capsys, "report", str(small_dataset), "--out", str(target), *extra)
        assert code == 1 and "Eingabe" in err and "Traceback" not in err
    assert {p.name: p.read_bytes() for p in small_dataset.iterdir()} == before
    assert hidden(small_dataset.parent) == []


def test_symlinked_output_to_the_input_is_refused(small_dataset: Path, tmp_path: Path) -> None:
    link = tmp_path / "link"
    link.symlink_to(small_dataset, target_is_directory=True)
    with pytest.raises(OutputError, match="input"):
        build_report(small_dataset, link, config=FAST)
    with pytest.raises(OutputError, match="input"):
        build_report(link, small_dataset.parent / "x" / "..", config=FAST)


def test_analyze_into_the_input_is_refused(
    small_dataset: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    actors = (small_dataset / "actors.csv").read_bytes()
    code, err = cli(capsys, "analyze", str(small_dataset), "--out", str(small_dataset))
    assert code == 1 and "ist die Eingabe" in err
    assert (small_dataset / "actors.csv").read_bytes() == actors


@pytest.mark.parametrize(
    "argv",
    [
        ["analyze", "{ds}", "--out", "{out}", "--permutations", "9"],
        ["compare", "{ds}", "--out", "{out}", "--permutations", "9"],
        ["diagnose", "{ds}", "--out", "{out}", "--permutations", "9"],
        ["convert", "{ds}", "{out}"],
    ],
)
def test_every_folder_command_keeps_unrelated_files(
    argv: list[str], small_dataset: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "notiz.txt").write_text("mine", encoding="utf-8")
    args = [a.format(ds=small_dataset, out=out) for a in argv]
    code, err = cli(capsys, *args)
    assert code == 1 and "nicht von coopnet erstellt" in err
    assert sorted(p.name for p in out.iterdir()) == ["notiz.txt"]
    code, err = cli(capsys, *args, "--overwrite")
    assert code == 0, err
    assert (out / "notiz.txt").read_text(encoding="utf-8") == "mine"
    assert read_manifest(out) is not None
    code, err = cli(capsys, *args)  # coopnet's folder now: rerun without the flag
    assert code == 0, err
    assert (out / "notiz.txt").read_text(encoding="utf-8") == "mine"
    assert hidden(tmp_path) == []


def test_rerun_removes_coopnet_files_that_are_no_longer_written(
    small_dataset: Path, tmp_path: Path
) -> None:
    from coopnet.compare import compare_all, compare_periods, write_comparison

    net = coopnet.load(small_dataset)
    out = tmp_path / "cmp"
    write_comparison(compare_all(Study(net, FAST)), out)
    assert (out / "2014_2016" / "summary.json").is_file()
    pair = compare_periods(Study(net, FAST), "2014", "2016")
    (out / "mine.txt").write_text("x", encoding="utf-8")
    write_comparison(pair, out)
    assert not (out / "2014_2016").exists()  # stale coopnet files and their folder removed
    assert (out / "mine.txt").is_file() and (out / "ties_diff.csv").is_file()


@pytest.mark.parametrize(
    ("command", "name"),
    [("plot", "fig.png"), ("plot", "fig.svg"), ("html", "page.html"), ("convert", "x.xlsx"),
     ("convert", "x.graphml")],
)  # fmt: skip
def test_single_files_replace_only_coopnet_files(
    command: str, name: str, small_dataset: Path, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    target = tmp_path / name
    args = {
        "plot": ["plot", str(small_dataset), "--kind", "mixing", "--out", str(target)],
        "html": ["html", str(small_dataset), "--out", str(target)],
        "convert": ["convert", str(small_dataset), str(target)],
    }[command]
    code, err = cli(capsys, *args)
    assert code == 0, err
    code, err = cli(capsys, *args)  # an earlier coopnet file of the same name: replaced
    assert code == 0, err
    target.write_bytes(b"somebody else's file")
    code, err = cli(capsys, *args)
    assert code == 1 and "nicht von coopnet erstellt" in err
    assert target.read_bytes() == b"somebody else's file"
    code, err = cli(capsys, *args, "--overwrite")
    assert code == 0, err
    assert hidden(tmp_path) == []


@pytest.mark.parametrize(
    "argv",
    [
        ["plot", "{ds}", "--kind", "mixing", "--out", "{ds}/fig.png"],
        ["html", "{ds}", "--out", "{ds}/karte.html"],
        ["convert", "{ds}", "{ds}"],
        ["convert", "{ds}/../{name}", "{ds}/x.xlsx"],
    ],
)
def test_single_files_never_go_into_the_input(
    argv: list[str], small_dataset: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = sorted(p.name for p in small_dataset.iterdir())
    args = [a.format(ds=small_dataset, name=small_dataset.name) for a in argv]
    code, err = cli(capsys, *args, "--overwrite")
    assert code == 1 and "Traceback" not in err
    assert sorted(p.name for p in small_dataset.iterdir()) == before


def test_convert_refuses_the_input_file(small_dataset: Path, tmp_path: Path) -> None:
    book = coopnet.load(small_dataset).write(tmp_path / "data.xlsx")
    net = coopnet.load(book)
    with pytest.raises(OutputError, match="is the input"):
        net.write(book, overwrite=True)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["plot", "{ds}", "--kind", "mixing", "--out", "{tmp}/fig.xyz"], "„.xyz“"),
        (["plot", "{ds}", "--kind", "mixing", "--out", "{tmp}/fig"], "keine Endung"),
        (["html", "{ds}", "--out", "{tmp}/x.png"], "„.png“"),
        (["convert", "{ds}", "{tmp}/x.png", "--format", "xlsx"], "„.png“"),
        (["convert", "{ds}", "{tmp}/x.xlsx", "--format", "graphml"], "„.xlsx“"),
    ],
)
def test_mismatched_suffixes_are_refused(
    argv: list[str], message: str, small_dataset: Path, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    code, err = cli(capsys, *[a.format(ds=small_dataset, tmp=tmp_path) for a in argv])
    assert code == 1 and message in err and "Traceback" not in err
    assert list(tmp_path.glob("x*")) == [] and list(tmp_path.glob("fig*")) == []


def test_output_file_rules(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="is a folder"), output_file(tmp_path, kind="png"):
        pass
    target = tmp_path / "a.html"
    with pytest.raises(RuntimeError), output_file(target, kind="html") as tmp:
        tmp.write_text("half", encoding="utf-8")
        raise RuntimeError
    assert not target.exists() and hidden(tmp_path) == []
    with output_file(target, kind="html") as tmp:
        tmp.write_text('<meta name="generator" content="coopnet">', encoding="utf-8")
    assert made_by_coopnet(target, "html") and not made_by_coopnet(target, "png")


def test_output_folder_is_not_a_file_nor_the_root(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x", encoding="utf-8")
    with pytest.raises(OutputError, match="is a file"), output_folder(tmp_path / "f", command="t"):
        pass
    with pytest.raises(OutputError, match="root"), output_folder("/", command="t"):
        pass


def test_dot_dot_leaves_nothing_in_the_working_directory(
    small_dataset: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    work = tmp_path / "projekt" / "arbeit"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    code, err = cli(capsys, "report", str(small_dataset), "--out", "..")
    assert code == 1 and "nicht von coopnet erstellt" in err  # '..' holds the folder 'arbeit'
    assert list(work.iterdir()) == [] and hidden(tmp_path / "projekt") == []
    assert hidden(tmp_path) == []


# ------------------------------------------------------------------------------- leftovers
@pytest.mark.usefixtures("no_figures")
def test_kill_between_the_renames_is_completed_by_the_next_run(
    small_dataset: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "r"
    build_report(small_dataset, out, config=FAST)

    def first_rename_then_die(building: Path, target: Path) -> None:
        os.replace(target, target.parent / f".{target.name}.old")
        raise SystemExit("killed")  # as if SIGKILL came between the two renames

    with monkeypatch.context() as m:
        m.setattr(outputs, "_swap", first_rename_then_die)
        with pytest.raises(SystemExit):
            build_report(small_dataset, out, config=FAST.with_overrides(lang="en"))
    assert not out.exists() and hidden(tmp_path) == [".r.old", ".r.partial"]
    # any later run to the same folder completes the interrupted one first
    with pytest.raises(RuntimeError), output_folder(out, command="report"):
        assert '<html lang="en">' in (out / "index.html").read_text(encoding="utf-8")
        raise RuntimeError
    assert hidden(tmp_path) == []
    assert '<html lang="en">' in (out / "index.html").read_text(encoding="utf-8")


@pytest.mark.usefixtures("no_figures")
def test_previous_report_left_in_old_is_restored(small_dataset: Path, tmp_path: Path) -> None:
    out = tmp_path / "r"
    build_report(small_dataset, out, config=FAST)
    page = (out / "index.html").read_bytes()
    os.replace(out, tmp_path / ".r.old")  # what a kill used to leave: the report only in .old
    (tmp_path / ".r.partial").mkdir()  # and an unfinished build of ours
    (tmp_path / ".r.partial" / MANIFEST).write_text(
        json.dumps({"generator": "coopnet", "files": [], "complete": False}), encoding="utf-8"
    )
    # the next run, even one that fails, recovers first
    with pytest.raises(OutputError), output_folder(out, command="report"):
        raise OutputError("stop")
    assert (out / "index.html").read_bytes() == page and hidden(tmp_path) == []


def test_report_of_an_earlier_version_is_restored_and_replaced(tmp_path: Path) -> None:
    legacy = tmp_path / ".r.old"  # coopnet before manifests: killed between the renames
    (legacy / "tables").mkdir(parents=True)
    (legacy / "index.html").write_text(
        '<head><meta name="generator" content="coopnet 0.0.9"></head>', encoding="utf-8"
    )
    (legacy / "tables" / "actors_2016.csv").write_text("id\n", encoding="utf-8")
    (legacy / "notes.txt").write_text("mine", encoding="utf-8")
    with output_folder(tmp_path / "r", command="report") as folder:
        (folder / "index.html").write_text("new", encoding="utf-8")
    out = tmp_path / "r"
    assert (out / "index.html").read_text(encoding="utf-8") == "new"
    assert not (out / "tables").exists()  # the old report's own files are replaced
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"  # others are kept
    assert hidden(tmp_path) == []


def test_unknown_partial_is_not_deleted(tmp_path: Path) -> None:
    strange = tmp_path / ".r.partial"
    strange.mkdir()
    (strange / "thesis.tex").write_text("x", encoding="utf-8")
    with (
        pytest.raises(OutputError, match="not made by"),
        output_folder(tmp_path / "r", command="t"),
    ):
        pass
    assert (strange / "thesis.tex").is_file()


SLOW_REPORT = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    import coopnet.report
    from coopnet.config import AnalysisConfig
    from coopnet.report import build_report

    coopnet.report.draw_figures = lambda *args, **kwargs: []  # figures are not what is tested

    data, out, flag, lang = sys.argv[1:5]

    def progress(message):
        if message == "tables":
            Path(flag).write_text("building", encoding="utf-8")
            time.sleep(60)

    build_report(data, out, config=AnalysisConfig(n_permutations=9, lang=lang), progress=progress)
    """
)


def _start_slow_report(data: Path, out: Path, flag: Path, lang: str) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [sys.executable, "-c", SLOW_REPORT, str(data), str(out), str(flag), lang],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while not flag.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise AssertionError(process.communicate())
        time.sleep(0.05)
    return process


@pytest.mark.usefixtures("no_figures")
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL])
def test_a_killed_report_leaves_the_previous_one(
    small_dataset: Path, tmp_path: Path, sig: signal.Signals
) -> None:
    out = tmp_path / "r"
    build_report(small_dataset, out, config=FAST)
    page = (out / "index.html").read_bytes()
    process = _start_slow_report(small_dataset, out, tmp_path / "flag", "en")
    assert (tmp_path / ".r.partial").is_dir()
    process.send_signal(sig)
    _, err = process.communicate(timeout=60)
    assert process.returncode == (143 if sig == signal.SIGTERM else -9), err
    assert "Traceback" not in err
    assert (out / "index.html").read_bytes() == page
    if sig == signal.SIGTERM:  # cleaned up at once
        assert hidden(tmp_path) == []
    else:  # SIGKILL cannot be caught: the next run cleans up
        assert ".r.partial" in hidden(tmp_path)
        build_report(small_dataset, out, config=FAST)
        assert hidden(tmp_path) == []


@pytest.mark.usefixtures("no_figures")
def test_two_runs_at_once_cannot_mix(small_dataset: Path, tmp_path: Path) -> None:
    out = tmp_path / "r"
    first = _start_slow_report(small_dataset, out, tmp_path / "flag", "en")
    second = subprocess.run(
        [sys.executable, "-m", "coopnet", "report", str(small_dataset), "--out", str(out),
         "--lang", "de", "--permutations", "9"],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )  # fmt: skip
    assert second.returncode == 1, second.stderr
    assert "ein anderer coopnet-Lauf schreibt gerade" in second.stderr
    assert "Traceback" not in second.stderr
    first.send_signal(signal.SIGTERM)  # stop the first one early; the lock is released
    first.communicate(timeout=60)
    assert hidden(tmp_path) == []
    build_report(small_dataset, out, config=FAST)  # free again
    assert '<html lang="de">' in (out / "index.html").read_text(encoding="utf-8")


def test_lock_is_exclusive_within_a_process_too(tmp_path: Path) -> None:
    with (
        output_folder(tmp_path / "r", command="t"),
        pytest.raises(OutputError, match="another coopnet run"),
        output_file(tmp_path / "r", kind="html"),
    ):
        pass
    assert hidden(tmp_path) == []


def test_stale_old_folder_is_removed_only_when_it_holds_only_coopnet_files(tmp_path: Path) -> None:
    (tmp_path / "r").mkdir()
    for name, extra in ((".r.old", False), (".s.old", True)):
        old = tmp_path / name
        old.mkdir()
        (old / "index.html").write_text('<meta name="generator" content="coopnet">', "utf-8")
        if extra:
            (old / "thesis.tex").write_text("mine", encoding="utf-8")
    (tmp_path / "s").mkdir()
    for target in ("r", "s"):
        with output_folder(tmp_path / target, command="report") as folder:
            (folder / "index.html").write_text("new", encoding="utf-8")
    assert not (tmp_path / ".r.old").exists()  # a previous report of coopnet's only: removed
    assert (tmp_path / ".s.old" / "thesis.tex").is_file()  # holds something else: kept


@pytest.mark.parametrize(
    "command",
    [["recommend"], ["qap"], ["analyze"], ["compare"], ["report"], ["diagnose"]],
)
def test_every_folder_command_refuses_to_write_into_its_input(
    small_dataset: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    before = {p.name: p.read_bytes() for p in small_dataset.iterdir()}
    args = [*command, str(small_dataset), "--out", str(small_dataset), "--permutations", "9"]
    assert main(args) == 1
    assert "Eingabe" in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in small_dataset.iterdir()} == before


def test_json_outputs_never_replace_the_input_or_a_foreign_file(
    small_dataset: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    actors = small_dataset / "actors.csv"
    before = actors.read_bytes()
    for command in (["validate"], ["info"], ["what-if", "--remove", "A"]):
        assert main([*command, str(small_dataset), "--json", str(actors)]) == 1, command
        assert actors.read_bytes() == before
    foreign = tmp_path / "mine.json"
    foreign.write_text('{"mine": true}\n', encoding="utf-8")
    assert main(["info", str(small_dataset), "--json", str(foreign)]) == 1
    assert (
        "nicht von coopnet erstellt" in capsys.readouterr().err
        or foreign.read_text(encoding="utf-8") == '{"mine": true}\n'
    )
    out = tmp_path / "info.json"
    assert main(["info", str(small_dataset), "--json", str(out)]) == 0
    assert main(["info", str(small_dataset), "--json", str(out)]) == 0  # coopnet's own: replaced
    assert main(["info", str(small_dataset), "--json", str(foreign), "--overwrite"]) == 0
    assert '"generator": "coopnet' in foreign.read_text(encoding="utf-8")


def test_terminal_output_carries_no_control_characters(
    make_dataset: Callable[..., Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from coopnet.textsafe import clean_text

    folder = make_dataset(
        "id,label,group\nA,Amt\u202eA,X\nB,Amt B,Y\nC,Verein C,Y\n", "source,target\nA,B\nB,C\n"
    )
    assert main(["analyze", str(folder), "--out", str(tmp_path / "a"), "--permutations", "9"]) == 0
    out = capsys.readouterr().out
    assert "\u202e" not in out and "AmtA" in out and out == clean_text(out)
