"""The "Vorschläge" switch of a network map in headless Chromium (Musterstadt 2022).

The switch shows and hides the dashed proposed ties, a click on one shows its numbers and
workshop question in the details panel; no console error, no request, the same Content Security
Policy as a map without proposals. Needs Playwright and Debian's Chromium (skipped without them
unless ``COOPNET_REQUIRE_BROWSER=1``).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

import coopnet
from coopnet.diagnose import find_remedies
from coopnet.interactive import write_network_html
from coopnet.layout import union_layout
from tests.browser import BrowserPage, open_page

pytestmark = pytest.mark.browser

DATA = Path(__file__).resolve().parents[1] / "data" / "musterstadt"
READY = "window.coopnet && window.coopnet.network && coopnet.labels().length > 0"


@pytest.fixture(scope="module")
def maps(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("proposed")
    study = coopnet.study(DATA)
    graphs = study.graphs()
    positions = union_layout(graphs, seed=0)
    proposed = [p.recommendation for p in find_remedies(study, period="2022", k=3).proposals()]
    options = {"group": "group", "measures": study.analysis("2022").actors,
               "size_by": "betweenness", "positions": positions}  # fmt: skip
    with_proposals = write_network_html(graphs["2022"], out / "with.html", proposed=proposed,
                                        **options)  # fmt: skip
    without = write_network_html(graphs["2022"], out / "without.html", **options)
    return {"with": with_proposals, "without": without, "proposed": proposed}


def _shown(page: BrowserPage) -> int:
    return int(page.evaluate("coopnet.edges.get({filter: e => e.id[0] === 'p' && !e.hidden})"
                             ".length"))  # fmt: skip


def _csp(path: Path) -> str:
    found = re.search(r'Content-Security-Policy" content="([^"]+)"', path.read_text("utf-8"))
    assert found
    return found.group(1)


def test_switch_shows_and_hides_the_dashed_ties(maps: dict[str, Any]) -> None:
    n = len({(r.source, r.target) for r in maps["proposed"]})
    assert n >= 3
    with open_page(maps["with"], width=1366, height=768, wait_for=READY) as page:
        ties = int(page.evaluate("coopnet.data.edges.length"))
        counter = page.evaluate("document.getElementById('visible-count').textContent")
        assert _shown(page) == 0 and page.evaluate("coopnet.state.proposed") is False
        page.page.click("#show-proposed")
        assert _shown(page) == n
        dashes = page.evaluate("coopnet.edges.get('p0').dashes")
        assert isinstance(dashes, list) and len(dashes) == 2
        # the proposals are not ties of the data: the counter does not change
        assert page.evaluate("document.getElementById('visible-count').textContent") == counter
        assert int(page.evaluate("coopnet.data.edges.length")) == ties
        page.screenshot("map_proposed.png")
        page.page.click("#show-proposed")
        assert _shown(page) == 0
        page.evaluate("coopnet.setProposed(true)")
        assert _shown(page) == n and page.evaluate("document.getElementById('show-proposed')"
                                                   ".checked") is True  # fmt: skip
        assert page.errors() == [] and page.remote_requests() == [] and page.dialogs == []


def test_click_on_a_proposal_shows_its_details(maps: dict[str, Any]) -> None:
    with open_page(maps["with"], width=1366, height=768, wait_for=READY) as page:
        page.evaluate("coopnet.setProposed(true)")
        # the midpoint (in page pixels) of the proposal farthest from every actor
        point = page.evaluate(
            """(() => {
              const net = coopnet.network, all = net.getPositions();
              const box = document.getElementById('network').getBoundingClientRect();
              let best = null;
              coopnet.data.proposed.forEach(e => {
                const a = all[coopnet.keyOf(e.from)], b = all[coopnet.keyOf(e.to)];
                const m = {x: (a.x + b.x) / 2, y: (a.y + b.y) / 2};
                const gap = Math.min(...Object.values(all).map(p => Math.hypot(p.x - m.x, p.y - m.y)));
                if (best === null || gap > best.gap) { best = {m: m, gap: gap, id: e.id}; }
              });
              const d = net.canvasToDOM(best.m);
              return {x: box.left + d.x, y: box.top + d.y, id: best.id};
            })()"""
        )
        page.page.mouse.click(point["x"], point["y"])
        page.page.wait_for_timeout(100)
        details = page.evaluate("document.getElementById('details').textContent")
        assert "Frage für den Workshop" in details and "vorgeschlagen" in details
        assert page.errors() == []


def test_the_page_stays_offline_and_strict(maps: dict[str, Any]) -> None:
    assert _csp(maps["with"]) == _csp(maps["without"])
    assert "default-src 'none'" in _csp(maps["with"])
    with open_page(maps["without"], width=1366, height=768, wait_for=READY) as page:
        assert page.evaluate("document.getElementById('show-proposed')") is None
        assert page.errors() == [] and page.remote_requests() == []
