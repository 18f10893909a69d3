"""Small helper for headless-Chromium tests of the HTML files coopnet writes.

Uses Playwright's Python package with Debian's Chromium (``/usr/bin/chromium``); Playwright's own
browser download (``playwright install``) is never needed. Typical use in a test::

    from tests.browser import open_page, require_browser

    pytestmark = pytest.mark.browser

    def test_page(tmp_path):
        require_browser()
        with open_page(tmp_path / "page.html") as page:
            assert page.evaluate("document.title") == "..."
            assert page.console_errors == []
            assert page.remote_requests() == []
            page.screenshot("page.png")

When Chromium or Playwright is missing, :func:`require_browser` skips the test, unless the
environment variable ``COOPNET_REQUIRE_BROWSER=1`` is set (CI), in which case the test fails.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

ARTIFACTS = Path(__file__).parent / "artifacts"
"""Screenshots land here (git-ignored; CI may upload the folder)."""

CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")


def chromium_path() -> str | None:
    """Return the Chromium executable (``$COOPNET_CHROMIUM`` or the Debian/Ubuntu paths)."""
    candidates = [os.environ.get("COOPNET_CHROMIUM"), "/usr/bin/chromium"]
    candidates += [shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")]
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def browser_missing() -> str | None:
    """Return why no browser test can run (``None`` if Playwright and Chromium are present)."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the Python package 'playwright' is not installed (pip install playwright)"
    if chromium_path() is None:
        return "no Chromium executable found (apt-get install chromium)"
    return None


def require_browser() -> None:
    """Skip the calling test if no browser is available, or fail if CI requires one."""
    reason = browser_missing()
    if reason is None:
        return
    if os.environ.get("COOPNET_REQUIRE_BROWSER") == "1":
        pytest.fail(f"COOPNET_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(reason)


@dataclass
class BrowserPage:
    """An open page plus everything it logged and requested."""

    page: Any
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def evaluate(self, expression: str, arg: Any = None) -> Any:
        """Evaluate a JavaScript expression (or function source) in the page and return it."""
        return self.page.evaluate(expression, arg)

    def remote_requests(self) -> list[str]:
        """Requests to anything but ``file:``/``data:``/``blob:``/``about:`` URLs."""
        return [url for url in self.requests if not url.startswith(LOCAL_SCHEMES)]

    def errors(self) -> list[str]:
        """Console errors and uncaught exceptions together."""
        return [*self.console_errors, *self.page_errors]

    def screenshot(self, name: str, *, full_page: bool = False) -> Path:
        """Save a PNG screenshot as ``tests/artifacts/<name>`` and return its path."""
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        out = ARTIFACTS / name
        self.page.screenshot(path=str(out), full_page=full_page)
        return out


@contextmanager
def open_page(
    path: str | Path,
    *,
    width: int = 1400,
    height: int = 900,
    wait_for: str | None = None,
    timeout_ms: int = 15_000,
) -> Iterator[BrowserPage]:
    """Open a local file in headless Chromium and record console errors, requests and dialogs.

    Parameters
    ----------
    path
        The HTML file; opened as a ``file://`` URL.
    width, height
        Viewport size in CSS pixels.
    wait_for
        Optional JavaScript expression to wait for (truthy) after the page has loaded.
    timeout_ms
        Time limit for loading and ``wait_for``.

    Dialogs (``alert``/``confirm``/``prompt``) are recorded and dismissed, so an XSS payload
    shows up in :attr:`BrowserPage.dialogs` instead of blocking the test.
    """
    require_browser()
    from playwright.sync_api import sync_playwright

    url = Path(path).resolve().as_uri()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=chromium_path(), args=list(CHROMIUM_ARGS), headless=True
        )
        try:
            context = browser.new_context(viewport={"width": width, "height": height})
            page = context.new_page()
            result = BrowserPage(page)
            page.on(
                "console",
                lambda msg: result.console_errors.append(msg.text) if msg.type == "error" else None,
            )
            page.on("pageerror", lambda exc: result.page_errors.append(str(exc)))
            page.on("request", lambda req: result.requests.append(req.url))

            def on_dialog(dialog: Any) -> None:
                result.dialogs.append(f"{dialog.type}: {dialog.message}")
                dialog.dismiss()

            page.on("dialog", on_dialog)
            page.goto(url, wait_until="load", timeout=timeout_ms)
            if wait_for:
                page.wait_for_function(wait_for, timeout=timeout_ms)
            yield result
        finally:
            browser.close()
