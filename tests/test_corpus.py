"""The malformed-input corpus: every case succeeds or fails cleanly — no traceback, no hang.

``tests/corpus/make_corpus.py`` writes the cases; each one runs through ``coopnet validate --json`` and
``coopnet info`` in a separate Python process under a timeout of ``TIMEOUT`` seconds per case. The
default tier starts one worker process for all cases (``tests/corpus/runner.py``, which calls
``coopnet.cli.main``); the ``slow`` tier runs ``python -m coopnet`` once per case and command. A
hypothesis test feeds arbitrary bytes as ``actors.csv``/``ties.csv`` to :func:`coopnet.load`.
"""

from __future__ import annotations

import json
import os
import selectors
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import coopnet
from coopnet.errors import InputError

from .conftest import ROOT
from .corpus.make_corpus import CASES, Expect, write_corpus

TIMEOUT = 20.0
RUNNER = Path(__file__).resolve().parent / "corpus" / "runner.py"


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")])
    env.setdefault("MPLBACKEND", "Agg")
    return env


def _run_all(paths: list[str]) -> dict[str, dict[str, Any]]:
    """Results per path from the worker; a path that takes longer than TIMEOUT is a hang."""
    results: dict[str, dict[str, Any]] = {}
    pending = list(paths)
    while pending:
        proc = subprocess.Popen(
            [sys.executable, str(RUNNER)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            cwd=ROOT,
            env=_env(),
        )
        assert proc.stdin is not None and proc.stdout is not None
        selector = selectors.DefaultSelector()
        selector.register(proc.stdout, selectors.EVENT_READ)
        try:
            while pending:
                path = pending.pop(0)
                started = time.monotonic()
                proc.stdin.write(path + "\n")
                proc.stdin.flush()
                # start-up (imports) counts towards the first case's time
                if not selector.select(timeout=TIMEOUT + (15 if not results else 0)):
                    results[path] = {"hang": True}
                    break
                line = proc.stdout.readline()
                results[path] = json.loads(line) if line else {"died": True}
                results[path]["seconds"] = round(time.monotonic() - started, 2)
                if not line:
                    break
        finally:
            proc.kill()
            proc.wait()
            proc.stdin.close()
            proc.stdout.close()
            selector.close()
    return results


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Expect]]:
    return write_corpus(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="module")
def results(corpus: dict[str, tuple[Path, Expect]]) -> dict[str, dict[str, Any]]:
    return _run_all([str(path) for path, _ in corpus.values()])


def check(
    expect: Expect, validate: int | None, info: int | None, texts: str, problems: list[Any]
) -> None:
    """The assertions every case must pass, given both commands' exit codes and output."""
    assert "Traceback" not in texts, texts
    if expect.error is None:
        assert (validate, info) == (0, 0), texts
        if expect.warning:
            assert expect.warning in {p["code"] for p in problems if p["severity"] == "warning"}, (
                texts
            )
        return
    assert validate == 1 and info == 1, texts
    assert "Error:" in texts
    errors = [p for p in problems if p["severity"] == "error"]
    assert errors, texts
    if expect.error == "*":
        return
    matching = [
        p
        for p in errors
        if p["code"] == expect.error
        and (expect.file is None or expect.file in (p["file"] or ""))
        and (expect.row is None or p["row"] == expect.row)
        and (expect.column is None or p["column"] == expect.column)
    ]
    assert matching, f"expected {expect}, got:\n{texts}"
    first = matching[0]
    if first["file"]:
        assert Path(first["file"]).name in texts
    if first["row"] is not None:
        assert f"row {first['row']}" in texts


@pytest.mark.parametrize("name", list(CASES))
def test_corpus_case(
    name: str, corpus: dict[str, tuple[Path, Expect]], results: dict[str, dict[str, Any]]
) -> None:
    if name not in corpus:
        pytest.skip("case needs POSIX")
    path, expect = corpus[name]
    result = results.get(str(path), {"never ran": True})
    assert not result.get("hang"), f"{name}: no answer within {TIMEOUT} s"
    assert "validate" in result, f"{name}: {result}"
    assert result["crash"] is None, result["crash"]
    check(
        expect,
        result["validate"],
        result["info"],
        result["validate_text"] + result["info_text"],
        result["problems"],
    )


@pytest.mark.slow
@pytest.mark.parametrize("name", list(CASES))
def test_corpus_case_via_python_m_coopnet(
    name: str, corpus: dict[str, tuple[Path, Expect]], tmp_path: Path
) -> None:
    if name not in corpus:
        pytest.skip("case needs POSIX")
    path, expect = corpus[name]
    report = tmp_path / "report.json"
    runs = []
    for argv in (
        ["validate", "--lang", "en", "--json", str(report), str(path)],
        ["info", "--lang", "en", str(path)],
    ):
        done = subprocess.run(
            [sys.executable, "-m", "coopnet", *argv],
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            cwd=ROOT,
            env=_env(),
            check=False,
        )
        runs.append(done)
    problems = json.loads(report.read_text("utf-8"))["problems"] if report.exists() else []
    texts = "".join(r.stdout + r.stderr for r in runs)
    check(expect, runs[0].returncode, runs[1].returncode, texts, problems)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    actors=st.one_of(st.none(), st.binary(max_size=300)),
    ties=st.one_of(
        st.binary(max_size=300),
        st.lists(
            st.sampled_from(
                [
                    b"source",
                    b"target",
                    b"weight",
                    b"A",
                    b"B",
                    b",",
                    b";",
                    b"\t",
                    b'"',
                    b"\n",
                    b"\r",
                    b"\x00",
                    b"\xc3",
                    b"\xa4",
                    b"1e308",
                    b"2,5",
                    b"\xef\xbb\xbf",
                ]
            ),
            max_size=40,
        ).map(b"".join),
    ),
)
def test_arbitrary_csv_bytes_load_or_raise_input_error(
    tmp_path: Path, actors: bytes | None, ties: bytes
) -> None:
    folder = tmp_path / f"ds{next(_counter)}"
    folder.mkdir()
    if actors is not None:
        (folder / "actors.csv").write_bytes(actors)
    (folder / "ties.csv").write_bytes(ties)
    try:
        net = coopnet.load(folder)
    except InputError as exc:
        assert exc.errors
    else:
        assert net.report.ok
        net.graph()


_counter = iter(range(10**6))
