"""coopnet.interactive pages in headless Chromium: they load offline, safely and work.

Needs ``pip install playwright`` and Debian's ``chromium`` (no ``playwright install``); the tests
skip without them unless ``COOPNET_REQUIRE_BROWSER=1`` (CI), where they fail instead.
Screenshots are saved to ``tests/artifacts/``.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd
import pytest

from coopnet.interactive import write_comparison_html, write_network_html
from tests import browser
from tests.browser import BrowserPage, open_page, require_browser

NASTY = {
    "x1": "<script>alert(1)</script>",
    "x2": "</script><script>alert(2)</script>",
    "x3": '" onmouseover="alert(3)',
    "x4": "&amp;",
    "x5": "Ausländerbehörde – Süd & Ost",
}
GROUPS = {
    "Verwaltung": ["Sozialamt", "Jugendamt", "Jobcenter", "Ordnungsamt", "Integrationsbüro"],
    "Politik": ["Bürgermeisterin", "Integrationsrat", "Sozialausschuss"],
    "Zivilgesellschaft": ["Flüchtlingshilfe e.V.", "Moscheegemeinde", "Sportverein TSV"],
    "Wohlfahrtsverband": ["Caritas", "Diakonie", "AWO"],
    "Bildung": ["Volkshochschule", "Grundschule Nord", "Kita-Verbund"],
}
READY = "window.coopnet && window.coopnet.network"


def municipality(period: str, seed: int) -> nx.Graph:
    """A made-up municipality: 19 named actors in 5 groups, the 5 nasty labels, one isolate."""
    rnd = random.Random(seed)
    g = nx.Graph(period=period)
    i = 0
    for group, names in GROUPS.items():
        for name in names:
            sector = "öffentlich" if group in ("Verwaltung", "Politik") else "privat"
            g.add_node(f"a{i:02d}", label=name, group=group, sector=sector)
            i += 1
    for node, label in NASTY.items():
        g.add_node(node, label=label, group="Verwaltung" if node == "x5" else "(unknown)")
    g.add_node("iso", label="Seniorenbeirat", group="Politik")
    # ids that are special in JavaScript objects must behave like any other id
    g.add_node("__proto__", label="Stadtrat", group="Politik")
    g.add_node("constructor", label="Quartiersmanagement", group="Verwaltung")
    ids = sorted(n for n in g if n not in ("iso", "__proto__", "constructor"))
    for u in ids:
        for v in ids:
            same = g.nodes[u]["group"] == g.nodes[v]["group"]
            if u < v and rnd.random() < (0.45 if same else 0.09):
                kinds = rnd.sample(["Information", "Projekt", "Gremium"], rnd.randint(1, 2))
                g.add_edge(
                    u, v, weight=float(rnd.randint(1, 4)), types=tuple(sorted(kinds)),
                    periods=(period,),
                )  # fmt: skip
    g.add_edge("__proto__", "constructor", weight=2.0, types=("Gremium",), periods=(period,))
    g.add_edge("__proto__", "a06", weight=1.0, types=("Gremium",), periods=(period,))
    return g


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("html")
    g = municipality("2016", seed=2)
    table = pd.DataFrame({"degree": dict(g.degree())}).sort_index()
    before = municipality("2014", seed=1)
    return {
        "graph": g,
        "before": before,
        "network": write_network_html(
            g,
            out / "network.html",
            group="group",
            measures=table,
            size_by="degree",
            title="Kooperation in der Integrationsarbeit 2016",
        ),
        "english": write_network_html(g, out / "english.html", group="group", lang="en"),
        "comparison": write_comparison_html(
            before,
            g,
            out / "comparison.html",
            labels=("2014", "2016"),
            group="group",
            title="Kooperation in der Integrationsarbeit: 2014 → 2016",
        ),
    }


def visible(page: BrowserPage, kind: str) -> int:
    return int(page.evaluate(f"coopnet.{kind}.get({{filter: x => !x.hidden}}).length"))


def check_clean(page: BrowserPage) -> None:
    """No errors, no requests except the file itself, no dialog, no injected elements."""
    assert page.errors() == []
    assert page.remote_requests() == []
    assert page.dialogs == []
    assert page.evaluate("document.querySelectorAll('script').length") == 3
    handlers = page.evaluate(
        "[...document.querySelectorAll('*')].filter(e => [...e.attributes]"
        ".some(a => a.name.startsWith('on'))).length"
    )
    assert handlers == 0


@pytest.mark.browser
def test_network_page(files: dict[str, Any]) -> None:
    g: nx.Graph = files["graph"]
    with open_page(files["network"], wait_for=READY) as page:
        # the vis-network instance holds every actor and tie
        assert page.evaluate("coopnet.nodes.length") == g.number_of_nodes()
        assert page.evaluate("coopnet.edges.length") == g.number_of_edges()
        assert page.evaluate("coopnet.network.body.nodeIndices.length") == g.number_of_nodes()
        assert page.evaluate("document.title") == "Kooperation in der Integrationsarbeit 2016"
        page.screenshot("interactive_network.png")  # overview as the page opens
        # one visible legend entry per group, labels shown as text
        groups = sorted({d["group"] for _, d in g.nodes(data=True)}, key=str.casefold)
        groups.remove("(unknown)")  # shown in German, last
        legend = page.evaluate(
            "[...document.querySelectorAll('#legend-groups li .name')].map(e => e.textContent)"
        )
        assert legend == [*groups, "(unbekannt)"]
        assert (
            page.evaluate("document.querySelectorAll('#legend-groups li').length")
            == len(groups) + 1
        )
        assert page.page.is_visible("#legend-groups")
        # search by typing: selects and shows the actor, its label as plain text
        page.page.fill("#search", "ausländerbehörde")
        page.page.press("#search", "Enter")
        assert page.evaluate("coopnet.selected()") == ["x5"]
        assert page.page.text_content("#details .actor") == NASTY["x5"]
        for node, label in [*NASTY.items(), ("__proto__", "Stadtrat")]:
            assert page.evaluate("coopnet.search", node) == node
            assert page.page.text_content("#details .actor") == label
            assert page.evaluate("coopnet.selected()") == [node]
        # tooltip built from text nodes: hover the actor <script>alert(1)</script>
        page.evaluate("coopnet.search('x1')")
        page.page.wait_for_timeout(100)
        point = page.evaluate(
            "(() => { const k = coopnet.keyOf('x1'), p = coopnet.network.getPositions([k])[k];"
            " const d = coopnet.network.canvasToDOM(p);"
            " const r = document.getElementById('network').getBoundingClientRect();"
            " return [r.left + d.x, r.top + d.y]; })()"
        )
        page.page.mouse.move(point[0] + 1, point[1] + 1)
        page.page.mouse.move(point[0], point[1])
        page.page.wait_for_selector("div.vis-tooltip .tip", state="visible", timeout=5000)
        tip = page.page.text_content("div.vis-tooltip")
        assert tip is not None and tip.startswith(NASTY["x1"]) and "Kürzel: x1" in tip
        page.screenshot("interactive_network_search.png")  # tooltip and details panel
        # unknown search text: message, selection unchanged
        page.page.fill("#search", "gibt es nicht")
        page.page.press("#search", "Enter")
        assert page.page.text_content("#search-status") == "Kein Akteur gefunden."
        # group filter: unticking "Politik" hides its actors and their ties
        n_politik = sum(1 for _, d in g.nodes(data=True) if d["group"] == "Politik")
        index = groups.index("Politik")
        page.page.uncheck(f'#legend-groups input[data-group="{index}"]')
        assert visible(page, "nodes") == g.number_of_nodes() - n_politik
        politik = {n for n, d in g.nodes(data=True) if d["group"] == "Politik"}
        kept = sum(1 for u, v in g.edges if u not in politik and v not in politik)
        assert visible(page, "edges") == kept
        # tie-type filter: untick all types → only ties without a type remain (none here)
        for box in page.page.query_selector_all("#filter-types input"):
            box.uncheck()
        assert visible(page, "edges") == 0
        page.page.click("#reset")
        assert visible(page, "nodes") == g.number_of_nodes()
        assert visible(page, "edges") == g.number_of_edges()
        check_clean(page)


@pytest.mark.browser
def test_comparison_page(files: dict[str, Any]) -> None:
    before: nx.Graph = files["before"]
    after: nx.Graph = files["graph"]

    def pairs(g: nx.Graph) -> set[frozenset[str]]:
        return {frozenset(e) for e in g.edges}

    kept = len(pairs(before) & pairs(after))
    added = len(pairs(after) - pairs(before))
    removed = len(pairs(before) - pairs(after))
    with open_page(files["comparison"], wait_for=READY) as page:
        assert page.evaluate("coopnet.nodes.length") == 25
        assert page.evaluate("coopnet.edges.length") == kept + added + removed
        counts = page.evaluate(
            "Object.fromEntries([...document.querySelectorAll('#legend-status li')]"
            ".map(li => [li.dataset.status, +li.querySelector('.count').textContent]))"
        )
        assert counts == {"kept": kept, "added": added, "removed": removed}
        page.page.mouse.move(5, 5)
        page.page.wait_for_timeout(150)
        page.screenshot("interactive_comparison.png")
        page.page.check('#period-switch input[value="before"]')
        assert visible(page, "edges") == kept + removed
        page.page.check('#period-switch input[value="after"]')
        assert visible(page, "edges") == kept + added
        page.page.check('#period-switch input[value="both"]')
        assert visible(page, "edges") == kept + added + removed
        check_clean(page)


@pytest.mark.browser
def test_english_page(files: dict[str, Any]) -> None:
    with open_page(files["english"], wait_for=READY, width=900, height=700) as page:
        assert page.evaluate("document.documentElement.lang") == "en"
        assert page.page.get_attribute("#search", "placeholder") == "Search actor"
        page.page.fill("#search", "nothing like this")
        page.page.press("#search", "Enter")
        assert page.page.text_content("#search-status") == "No actor found."
        check_clean(page)


# --- the helper's skip/fail rule (runs without a browser) --------------------------------------


def test_require_browser_skips_locally(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(browser, "chromium_path", lambda: None)
    monkeypatch.delenv("COOPNET_REQUIRE_BROWSER", raising=False)
    with pytest.raises(pytest.skip.Exception, match="Chromium"):
        require_browser()


def test_require_browser_fails_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(browser, "chromium_path", lambda: None)
    monkeypatch.setenv("COOPNET_REQUIRE_BROWSER", "1")
    with pytest.raises(pytest.fail.Exception, match="COOPNET_REQUIRE_BROWSER=1"):
        require_browser()


def test_artifacts_folder_is_ignored_by_git() -> None:
    gitignore = Path(__file__).parents[1] / ".gitignore"
    assert "tests/artifacts/" in gitignore.read_text(encoding="utf-8").splitlines()
