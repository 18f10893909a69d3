"""Print the single-file report to PDF with a headless Chromium, if one is installed.

Chromium is not a Python dependency: :func:`find_chromium` looks for ``$COOPNET_CHROMIUM``,
``chromium``, ``chromium-browser`` and ``google-chrome`` (Debian/Ubuntu: ``apt-get install
chromium``). Without one, :func:`print_pdf` returns the reason instead of a file, and the report
is complete without ``report.pdf``. Chromium runs with a fresh temporary profile, without
network access beyond what the page's Content Security Policy allows (nothing), and prints with
the page's print styles (A4, no header or footer lines). The PDF carries Chromium's creation
date, so unlike the HTML files it is not byte-identical between runs.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Final

__all__ = ["PDF_TIMEOUT", "find_chromium", "print_pdf"]

log = logging.getLogger(__name__)

PDF_TIMEOUT: Final = 300.0
"""Seconds Chromium may take to print before it is stopped."""

_NAMES: Final = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_chromium() -> str | None:
    """The Chromium executable: ``$COOPNET_CHROMIUM`` or the first of the usual names on PATH."""
    candidates = [os.environ.get("COOPNET_CHROMIUM")] + [shutil.which(n) for n in _NAMES]
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def print_pdf(
    page: Path, out: Path, *, chromium: str | None = None, timeout: float = PDF_TIMEOUT
) -> str | None:
    """Print the HTML file `page` to the PDF file `out`.

    Parameters
    ----------
    page
        A self-contained HTML file (``report.html``).
    out
        The PDF to write.
    chromium
        The browser executable; default :func:`find_chromium`.
    timeout
        Seconds before the browser is stopped.

    Returns
    -------
    str or None
        ``None`` when `out` was written, else why not (no Chromium, it failed, it timed out) —
        a report without PDF is still complete, so this is not an error.
    """
    browser = chromium or find_chromium()
    if browser is None:
        return "no Chromium found (install it, e.g. apt-get install chromium, or set $COOPNET_CHROMIUM)"
    with tempfile.TemporaryDirectory(prefix="coopnet-chromium-") as profile:
        command = [
            browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-extensions", f"--user-data-dir={profile}", "--no-pdf-header-footer",
            f"--print-to-pdf={out}", page.resolve().as_uri(),
        ]  # fmt: skip
        try:
            done = subprocess.run(  # fixed arguments, no shell
                command, capture_output=True, timeout=timeout, check=False
            )
        except subprocess.TimeoutExpired:
            out.unlink(missing_ok=True)
            return f"Chromium did not finish printing within {timeout:.0f} s"
        except OSError as exc:
            return f"Chromium could not be started ({exc})"
    if done.returncode != 0 or not out.is_file() or out.stat().st_size == 0:
        out.unlink(missing_ok=True)
        tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        return f"Chromium failed to print (exit code {done.returncode}) {tail[0]}".strip()
    log.info("printed %s (%d bytes)", out, out.stat().st_size)
    return None
