"""Work ``coopnet analyze`` does beside the measures: the layout in a forked worker
(:func:`coopnet.metrics._workers.start_task`, :func:`coopnet.pipeline.start_layout`) and the
garbage collector left out of what lives until the process ends (``cli._keep``)."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import pytest

import coopnet
from coopnet import cli, pipeline
from coopnet.layout import union_layout
from coopnet.metrics import _workers

from .conftest import MUSTERSTADT


def test_start_task_returns_what_the_worker_computed() -> None:
    pending = _workers.start_task(lambda: (os.getpid(), [1.5, float("inf")], {"a": (0.1, -2.0)}))
    pid, *rest = pending.result()
    assert pid != os.getpid()  # computed in the forked worker
    assert rest == [[1.5, float("inf")], {"a": (0.1, -2.0)}]
    assert pending.result()[0] == pid  # asked again: the same result, no second run
    pending.close()  # nothing left to end


def test_start_task_without_fork_computes_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_workers, "_can_fork", lambda: False)
    calls: list[int] = []
    pending = _workers.start_task(lambda: calls.append(os.getpid()) or len(calls))
    assert calls == []  # nothing ran yet
    assert pending.result() == 1 and calls == [os.getpid()]


def test_a_failing_task_raises_its_error_here() -> None:
    def fail() -> int:
        raise ValueError("bad weight")

    pending = _workers.start_task(fail)
    with pytest.raises(ValueError, match="bad weight"):
        pending.result()  # the worker failed: computed once more here, where it raises


def test_close_ends_a_worker_whose_result_is_not_wanted() -> None:
    import time

    pending = _workers.start_task(lambda: time.sleep(30))
    pid = pending.pid
    assert pid is not None
    pending.close()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # ended and reaped
    pending.close()  # twice: nothing happens


def test_start_layout_gives_the_positions_computed_here() -> None:
    study = coopnet.study(MUSTERSTADT, n_permutations=9)
    pending = pipeline.start_layout(study)
    assert pending is not None and pending.pid is not None  # started in a worker
    assert pipeline.start_layout(study) is None  # once per study
    positions = pipeline.shared_layout(study)
    assert positions == union_layout(study.graphs(), seed=study.options.layout_seed)
    assert pipeline.shared_layout(study) is positions  # kept with the study
    pending.close()


def test_start_layout_after_the_layout_was_computed_starts_nothing() -> None:
    study = coopnet.study(MUSTERSTADT, n_permutations=9, layout_seed=3)
    here = pipeline.shared_layout(study)
    assert here == union_layout(study.graphs(), seed=3)
    assert pipeline.start_layout(study) is None
    assert pipeline.shared_layout(study) is here


def test_keep_freezes_only_a_process_of_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    frozen: list[bool] = []
    monkeypatch.setattr(cli.gc, "freeze", lambda: frozen.append(True))
    cli._keep(argparse.Namespace(owns_process=False))
    cli._keep(argparse.Namespace())
    assert frozen == []
    cli._keep(argparse.Namespace(owns_process=True))
    assert frozen == [True]


def test_main_with_arguments_never_freezes(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    frozen: list[bool] = []
    monkeypatch.setattr(cli.gc, "freeze", lambda: frozen.append(True))
    out = tmp_path / "a"
    assert cli.main(["analyze", str(MUSTERSTADT), "--out", str(out), "--permutations", "9",
                     "-q"]) == 0  # fmt: skip
    assert frozen == [] and (out / "network.gexf").is_file()


def test_analyze_as_a_process_writes_the_same_files(tmp_path: Path) -> None:
    """``python -m coopnet analyze`` (layout in a worker, frozen objects) writes what
    ``main([...])`` in this process writes (start-up and provenance aside)."""
    args = ["analyze", str(MUSTERSTADT), "--period", "2016", "--permutations", "9", "-q"]
    assert cli.main([*args, "--out", str(tmp_path / "here")]) == 0
    done = subprocess.run(
        [sys.executable, "-m", "coopnet", *args, "--out", str(tmp_path / "process")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    names = sorted(p.name for p in (tmp_path / "here").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "process").iterdir())
    for name in names:
        if name != "provenance.json":
            here = (tmp_path / "here" / name).read_bytes()
            assert here == (tmp_path / "process" / name).read_bytes(), name


def test_analyze_imports_only_what_it_needs(tmp_path: Path) -> None:
    """``coopnet analyze`` in its own process leaves out the survey package, matplotlib and
    ``xml.sax.saxutils`` (which imports urllib, http and ssl)."""
    code = (
        "import sys\n"
        "from coopnet import cli\n"
        f"code = cli.main(['analyze', {str(MUSTERSTADT)!r}, '--out', {str(tmp_path / 'a')!r},"
        " '--permutations', '9', '-q'])\n"
        "print(' '.join(sorted(sys.modules)))\n"
        "raise SystemExit(code)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    modules = set(done.stdout.split())
    assert "coopnet.export._gexf" in modules and "igraph" in modules  # it did run
    unwanted = {"coopnet.survey", "matplotlib", "xml.sax.saxutils", "http.client", "ssl"}
    assert not unwanted & modules


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.name != "provenance.json"}


def test_write_analysis_writes_the_gexf_in_a_worker_with_the_same_bytes(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    study = coopnet.study(MUSTERSTADT, n_permutations=9)
    result = study.analysis("2016")
    forked = pipeline.write_analysis(result, tmp_path / "forked", study=study)
    monkeypatch.setattr(_workers, "_can_fork", lambda: False)
    here = pipeline.write_analysis(result, tmp_path / "here", study=study)
    assert [p.name for p in forked] == [p.name for p in here]
    assert "network.gexf" in [p.name for p in here]
    assert _files(tmp_path / "forked") == _files(tmp_path / "here")


def test_a_failing_gexf_fails_write_analysis_and_leaves_no_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    study = coopnet.study(MUSTERSTADT, n_permutations=9)
    result = study.analysis("2016")

    def broken(*args: object, **kwargs: object) -> Path:
        raise coopnet.GraphError("no gexf")

    monkeypatch.setattr(pipeline, "gexf_dataset", broken)
    with pytest.raises(coopnet.GraphError, match="no gexf"):
        pipeline.write_analysis(result, tmp_path / "out", study=study)
    assert list(tmp_path.iterdir()) == []  # neither the folder nor a partial one


# --- the Helper: jobs handed to a forked process after the fork -------------------------------


def _where(context: dict[str, list[int]], key: str, extra: float) -> tuple[int, list[int], float]:
    """A helper job: the process it ran in, what `context` held there, and its argument."""
    return os.getpid(), context[key], extra


def _sleep(context: object, seconds: float) -> int:
    import time

    time.sleep(seconds)
    return os.getpid()


def _fail(context: object, message: str) -> None:
    raise ValueError(message)


def _imported(context: object) -> bool:
    return "json.tool" in sys.modules


def _prepare() -> None:
    import json.tool  # noqa: F401


def _wait_until_taken(helper: _workers.Helper[object], number: int) -> None:
    """Wait until the helper has begun job `number` (its file was renamed)."""
    import time

    for _ in range(500):
        if not (helper._folder / f"{number}.job").exists():
            return
        time.sleep(0.01)
    raise AssertionError("the helper never took the job")


def test_helper_runs_jobs_on_its_copy_of_the_context() -> None:
    context = {"ties": [1, 2]}
    with _workers.Helper(context) as helper:
        context["ties"].append(3)  # after the fork: the helper's copy does not see it
        first = helper.submit(_where, "ties", 0.5)
        second = helper.submit(_where, "ties", float("inf"))
        _wait_until_taken(helper, 1)
        assert first.pid == helper._pid != os.getpid()
        pid, ties, extra = second.result()
        assert (pid, ties, extra) == (helper._pid, [1, 2], float("inf"))  # computed there
        assert first.result() == (helper._pid, [1, 2], 0.5)
        assert first.result() is first.result()  # collected once
        folder = helper._folder
        assert not list(folder.iterdir())  # every job and result file read and removed
    assert not folder.exists()  # the folder goes with the helper


def test_a_job_the_helper_has_not_begun_is_taken_back_and_computed_here() -> None:
    with _workers.Helper(None) as helper:
        busy = helper.submit(_sleep, 1.0)
        _wait_until_taken(helper, 0)
        waiting = helper.submit(_sleep, 0.0)  # queued behind the busy one
        assert waiting.result() == os.getpid()  # taken back: this process was free first
        assert busy.result() == helper._pid
        assert helper.submit(_sleep, 0.0).result() in {helper._pid, os.getpid()}  # still serves


def test_a_failing_job_raises_its_error_here() -> None:
    with _workers.Helper(None) as helper:
        failing = helper.submit(_fail, "no ties")
        _wait_until_taken(helper, 0)
        with pytest.raises(ValueError, match="no ties"):
            failing.result()  # failed there, computed once more here, where it raises
        assert helper.submit(_sleep, 0.0).result() in {helper._pid, os.getpid()}


def test_prepare_runs_in_the_helper_only() -> None:
    sys.modules.pop("json.tool", None)
    with _workers.Helper(None, prepare=_prepare) as helper:
        job = helper.submit(_imported)
        _wait_until_taken(helper, 0)
        assert job.result() is True
    assert "json.tool" not in sys.modules


def test_helper_without_fork_computes_each_job_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_workers, "_can_fork", lambda: False)
    context = {"ties": [1]}
    with _workers.Helper(context, prepare=_prepare) as helper:
        job = helper.submit(_where, "ties", 2.0)
        assert job.pid is None
        context["ties"].append(2)  # computed when asked: sees the object as it is then
        assert job.result() == (os.getpid(), [1, 2], 2.0)


def test_closing_the_helper_ends_a_job_not_collected() -> None:
    helper = _workers.Helper(None)
    pid = helper._pid
    assert pid is not None
    helper.submit(_sleep, 30.0)
    _wait_until_taken(helper, 0)
    helper.close()  # does not wait for the 30 s
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # ended and reaped
    helper.close()  # twice: nothing happens


def test_without_a_temporary_folder_jobs_are_computed_here(monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    def refuse(*args: object, **kwargs: object) -> str:
        raise PermissionError("read-only /tmp")

    monkeypatch.setattr(tempfile, "mkdtemp", refuse)
    with _workers.Helper({"ties": [1]}) as helper:
        assert helper._pid is None  # no process was forked
        assert helper.submit(_where, "ties", 1.0).result() == (os.getpid(), [1], 1.0)


def test_a_job_whose_arguments_cannot_be_written_is_computed_here(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with _workers.Helper({"ties": [1]}) as helper:

        def full(self: Path, data: bytes) -> int:
            raise OSError(28, "No space left on device")

        with monkeypatch.context() as patch:
            patch.setattr(Path, "write_bytes", full)
            job = helper.submit(_where, "ties", 1.0)
        assert job.pid is None and job.result() == (os.getpid(), [1], 1.0)
        assert not list(helper._folder.iterdir())  # no half-written job left
        later = helper.submit(_where, "ties", 2.0)  # the helper still serves the next one
        _wait_until_taken(helper, 0)
        assert later.result() == (helper._pid, [1], 2.0)


def test_layout_started_starts_the_worker_and_ends_it_if_never_asked() -> None:
    from coopnet.layout import _layout_worker, layout_started

    study = coopnet.study(MUSTERSTADT, n_permutations=9)
    with layout_started(study):
        (pending,) = _layout_worker(study)
        assert pending is not None and pending.pid is not None  # started in a worker
        pid = pending.pid
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # never asked for: ended and reaped on leaving
    done = coopnet.study(MUSTERSTADT, n_permutations=9, layout_seed=4)
    here = pipeline.shared_layout(done)
    with layout_started(done):  # computed already: nothing is started
        assert _layout_worker(done) == [None]
        assert pipeline.shared_layout(done) is here


def test_a_job_not_to_take_back_waits_for_the_helper() -> None:
    # a job that needs what prepare made is left to the helper, even when it has not begun it
    with _workers.Helper(None, prepare=_prepare) as helper:
        busy = helper.submit(_sleep, 1.0)
        _wait_until_taken(helper, 0)
        drawing = helper.submit(_sleep, 0.0, take_back=False)
        assert drawing.result() == helper._pid  # waited for the busy helper, computed there
        assert busy.result() == helper._pid
