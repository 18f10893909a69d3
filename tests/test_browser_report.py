"""The report in a real browser: sections, images, interactive maps, print layout, no requests.

Skipped without Chromium/Playwright unless ``COOPNET_REQUIRE_BROWSER=1`` (see tests/browser.py).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from coopnet.config import AnalysisConfig
from coopnet.report import KEY_MESSAGES, SECTIONS, build_report

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


# ---------------------------------------------------------------------------------- summary page
A4_CONTENT_MM = (210 - 2 * 14, 297 - 2 * 14)
"""Printable area of an A4 page with the report's print margins (report.css ``@page``)."""
PX_PER_MM = 96 / 25.4


def _pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def test_summary_page_at_1366x768(report: Path) -> None:
    with open_page(report / "index.html", width=1366, height=768) as page:
        hrefs = page.evaluate(
            "[...document.querySelectorAll('#summary li.message a')].map(a => a.getAttribute('href'))"
        )
        details = [h for h in hrefs if not h.startswith("#rec-")]  # the rest: "Empfehlung"
        assert 5 <= len(details) <= KEY_MESSAGES and len(hrefs) > len(details)
        assert all(page.evaluate(f"!!document.getElementById('{h[1:]}')") for h in hrefs)
        page.page.goto(page.page.url + "#summary")
        assert page.evaluate("document.documentElement.scrollWidth") <= 1366  # no sideways scroll
        layout = page.evaluate(
            """() => {
              const fig = document.querySelector('#summary figure').getBoundingClientRect();
              const texts = [...document.querySelectorAll('#summary .message-text, #summary .message-meta')];
              const apart = texts.every(e => { const r = e.getBoundingClientRect();
                return r.right <= fig.left || r.left >= fig.right || r.bottom <= fig.top || r.top >= fig.bottom; });
              const sizes = texts.map(e => parseFloat(getComputedStyle(e).fontSize));
              const img = document.querySelector('#summary figure img');
              return {apart, smallest: Math.min(...sizes), image: img.complete && img.naturalWidth > 0,
                      heading: document.querySelector('#summary h2').getBoundingClientRect().top};
            }"""
        )
        assert layout == {**layout, "apart": True, "image": True}
        assert layout["smallest"] >= 12 and 0 <= layout["heading"] < 100
        page.screenshot("report_summary.png")
        # a key message's link leads to the detail of its topic
        page.page.click("#summary li.message:nth-child(4) a")
        assert page.evaluate("location.hash") == details[3]
        top = page.evaluate(
            f"document.getElementById('{details[3][1:]}').getBoundingClientRect().top"
        )
        assert 0 <= top < 768
        assert page.evaluate(
            f"document.getElementById('{details[3][1:]}').closest('section').id"
        ) in ("findings", "appendix")
        # print: the summary starts a page and fits on it
        page.page.emulate_media(media="print")
        page.page.set_viewport_size({"width": round(A4_CONTENT_MM[0] * PX_PER_MM), "height": 1000})
        style = page.evaluate(
            "(() => { const s = getComputedStyle(document.getElementById('summary'));"
            " return [s.breakBefore, s.breakAfter]; })()"
        )
        assert style == ["page", "page"]
        height = page.evaluate("document.getElementById('summary').getBoundingClientRect().height")
        assert height < A4_CONTENT_MM[1] * PX_PER_MM
        assert page.errors() == [] and page.remote_requests() == []


def test_print_layout_pages(report: Path) -> None:
    width = round(A4_CONTENT_MM[0] * PX_PER_MM)
    with open_page(report / "report.html", width=width, height=1000) as page:
        page.page.emulate_media(media="print")
        # nothing is wider than the page (Chromium would shrink every page to fit, text and all)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        pdf = page.page.pdf(format="A4", prefer_css_page_size=True)
    # 32 pages (at an effective 8 pt) before the summary page and the print styles
    assert 10 <= _pdf_pages(pdf) <= 30


def test_the_single_file_alone(report: Path, tmp_path: Path) -> None:
    alone = tmp_path / "report.html"
    shutil.copy(report / "report.html", alone)  # no figures/ folder beside it
    with open_page(alone) as page:
        images = page.evaluate(
            "[...document.images].map(i => [i.complete, i.naturalWidth, i.src.slice(0, 15)])"
        )
        assert len(images) >= 15
        assert all(done and width > 0 and src == "data:image/png;" for done, width, src in images)
        assert page.errors() == [] and page.remote_requests() == []
        assert [u for u in page.requests if u.startswith("file:")] == [alone.as_uri()]


def test_pdf_from_chromium(make_dataset: MakeDataset, tmp_path: Path) -> None:
    require_browser()
    folder = make_dataset(
        "id,label,group\nA,Amt A,X\nB,Amt B,X\nC,Verein C,Y\nD,Verein D,Y\n",
        "source,target\nA,B\nB,C\nC,D\n",
    )
    out = build_report(folder, tmp_path / "r", config=AnalysisConfig(n_permutations=99), pdf=True)
    pdf = (out / "report.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and _pdf_pages(pdf) >= 3
