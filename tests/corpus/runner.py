"""Run ``coopnet validate --json`` and ``coopnet info`` on dataset paths read from stdin.

One JSON line per path on stdout: exit codes, what both commands printed, the validation problems,
and any exception that escaped ``coopnet.cli.main`` (a traceback is a bug). ``tests/test_corpus.py``
starts this once and reads it with a timeout per path, so a hang is found and named without paying
Python's start-up for every case.
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
import tempfile
import traceback
from pathlib import Path

from coopnet.cli import main


def run(argv: list[str]) -> tuple[int | None, str, str | None]:
    out, err = io.StringIO(), io.StringIO()
    crash = None
    code: int | None = None
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except BaseException:  # anything escaping main is what we look for
            crash = traceback.format_exc()
    return code, out.getvalue() + err.getvalue(), crash


def _ends(text: str, keep: int = 2000) -> str:
    """The start and the end of a long output (the first problems and the summary)."""
    return text if len(text) <= 2 * keep else text[:keep] + "\n…\n" + text[-keep:]


def case(path: str) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        v_code, v_text, v_crash = run(["validate", "--lang", "en", "--json", str(report), path])
        problems = json.loads(report.read_text("utf-8"))["problems"] if report.exists() else []
    i_code, i_text, i_crash = run(["info", "--lang", "en", path])
    return {
        "path": path,
        "validate": v_code,
        "validate_text": _ends(v_text),
        "info": i_code,
        "info_text": _ends(i_text),
        "crash": v_crash or i_crash,
        "problems": problems,
    }


if __name__ == "__main__":
    for line in sys.stdin:
        sys.stdout.write(json.dumps(case(line.strip())) + "\n")
        sys.stdout.flush()
