"""The atlas page in a real browser: loads offline, every figure shows, no script runs.

Skipped without Chromium/Playwright unless ``COOPNET_REQUIRE_BROWSER=1`` (see tests/browser.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from coopnet.atlas import SECTIONS, atlas, write_atlas

from ..browser import open_page, require_browser
from .conftest import Towns

pytestmark = pytest.mark.browser

XSS = "<img src=x onerror=alert(1)>"


def test_atlas_page_loads_offline_without_errors(towns: Towns, tmp_path: Path) -> None:
    require_browser()
    outcomes = tmp_path / "erfolg.csv"
    text = towns.outcomes.read_text(encoding="utf-8").replace("zufriedenheit", XSS)
    outcomes.write_text(text, encoding="utf-8")
    folder = write_atlas(
        atlas(towns.batch.table_path, outcomes=outcomes, n_permutations=99), tmp_path / "atlas"
    )
    with open_page(folder / "index.html", width=1280, height=900) as page:
        ids = page.evaluate("[...document.querySelectorAll('main > section')].map(s => s.id)")
        assert ids == list(SECTIONS)
        images = page.evaluate(
            "[...document.images].map(i => [i.getAttribute('src'), i.complete, i.naturalWidth])"
        )
        assert len(images) == 11 + 2  # one per measure, one per outcome
        assert [src for src, complete, width in images if not complete or width == 0] == []
        assert page.evaluate("document.querySelectorAll('script').length") == 0
        assert page.evaluate("document.documentElement.lang") == "de"
        assert XSS in page.evaluate("document.getElementById('outcomes').textContent")
        assert page.errors() == []
        assert page.remote_requests() == []
        assert page.dialogs == []
        page.screenshot("atlas_index.png", full_page=True)
