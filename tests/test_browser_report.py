"""The report in a real browser: sections, images, interactive maps, print layout, no requests.

Skipped without Chromium/Playwright unless ``COOPNET_REQUIRE_BROWSER=1`` (see tests/browser.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from coopnet.config import AnalysisConfig
from coopnet.report import SECTIONS, build_report

from .browser import open_page, require_browser
from .conftest import MakeDataset
from .test_report import XSS, musterstadt_report

pytestmark = pytest.mark.browser

READY = "typeof coopnet !== 'undefined' && coopnet.network !== undefined"


@pytest.fixture(scope="module")
def report() -> Path:
    require_browser()
    return musterstadt_report()


def test_index_renders(report: Path) -> None:
    with open_page(report / "index.html", width=1280, height=900) as page:
        page.page.wait_for_load_state("load")
        ids = page.evaluate("[...document.querySelectorAll('main > section')].map(s => s.id)")
        assert ids == list(SECTIONS)
        images = page.evaluate(
            "[...document.images].map(i => [i.getAttribute('src'), i.complete, i.naturalWidth])"
        )
        assert len(images) >= 15
        broken = [src for src, complete, width in images if not complete or width == 0]
        assert broken == []
        # the embedded interactive map is the last period's page and draws every actor
        frame = next(f for f in page.page.frames if f.url.endswith("network_2022.html"))
        frame.wait_for_function(READY, timeout=15_000)
        assert frame.evaluate("coopnet.nodes.length") == 68
        assert page.evaluate("document.querySelectorAll('li.finding').length") > 0
        assert page.errors() == []
        assert page.remote_requests() == []
        assert page.dialogs == []
        page.screenshot("report_index.png", full_page=True)
        # print: sections start on a new page, the iframe is not printed
        page.page.emulate_media(media="print")
        assert (
            page.evaluate("getComputedStyle(document.getElementById('network-frame')).display")
            == "none"
        )
        assert (
            page.evaluate("getComputedStyle(document.getElementById('findings')).breakBefore")
            == "page"
        )


@pytest.mark.parametrize(
    ("name", "nodes"),
    # 71 actors in 2016; the 2014 → 2022 comparison draws the union: 60 actors of 2014 plus the
    # 8 that entered later (none left) = 68
    [("network_2016.html", 71), ("comparison_2014_2022.html", 68)],
)
def test_interactive_pages_load(report: Path, name: str, nodes: int) -> None:
    with open_page(report / name, wait_for=READY) as page:
        assert page.evaluate("coopnet.nodes.length") == nodes
        assert page.errors() == []
        assert page.remote_requests() == []


def test_hostile_labels_do_not_run(make_dataset: MakeDataset, tmp_path: Path) -> None:
    require_browser()
    folder = make_dataset(
        f'id,label,group\nA,"{XSS}",<b>X</b>\nB,<img src=x onerror=alert(2)>,Y\nC,C,Y\n',
        "source,target\nA,B\nB,C\n",
    )
    out = build_report(folder, tmp_path / "r", config=AnalysisConfig(n_permutations=99))
    with open_page(out / "index.html") as page:
        assert page.dialogs == []
        assert page.errors() == []
        text = page.evaluate("document.body.innerText")
        assert XSS in text  # shown as text, not run
        assert page.evaluate("document.querySelectorAll('main script, main b').length") == 0
