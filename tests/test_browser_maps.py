"""The features of the interactive maps in headless Chromium, on Musterstadt at 1366 × 768.

Names by importance and zoom, fit with margins, ego focus, intensity threshold, size and colour
switch, PNG export and the period slider; screenshots of the map (full page and inside an
iframe as the report embeds it) and of a static network figure go to ``tests/artifacts/``.
Needs Playwright and Debian's Chromium (skipped without them unless ``COOPNET_REQUIRE_BROWSER=1``).
"""

from __future__ import annotations

import base64
import html
import struct
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

import coopnet
from coopnet.interactive import TOP_LABELS, write_network_html, write_periods_html
from coopnet.layout import union_layout
from tests.browser import ARTIFACTS, BrowserPage, open_page

pytestmark = pytest.mark.browser

DATA = Path(__file__).resolve().parents[1] / "data" / "musterstadt"
READY = "window.coopnet && window.coopnet.network && coopnet.labels().length > 0"
VIEW = {"width": 1366, "height": 768}
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("maps")
    study = coopnet.study(DATA)
    graphs = study.graphs()
    positions = union_layout(graphs, seed=0)
    actors = {p: study.analysis(p).actors for p in graphs}
    network = write_network_html(
        graphs["2016"], out / "network_2016.html", group="group", measures=actors["2016"],
        size_by="betweenness", positions=positions, title="Kooperationsnetzwerk 2016",
    )  # fmt: skip
    periods = write_periods_html(
        graphs, out / "periods.html", group="group", measures=actors, size_by="betweenness",
        positions=positions,
    )  # fmt: skip
    css = resources.files("coopnet").joinpath("assets", "report.css").read_text(encoding="utf-8")
    frame = out / "frame.html"  # the report's markup around its map
    frame.write_text(
        f"<!DOCTYPE html><html lang='de'><head><meta charset='utf-8'><style>{css}</style>"
        "</head><body><main><section><h2>Interaktive Karte</h2>"
        f"<iframe id='network-frame' src='{html.escape(network.name)}' "
        "title='Interaktive Netzwerkkarte'></iframe></section></main></body></html>",
        encoding="utf-8",
    )
    return {"network": network, "periods": periods, "frame": frame, "graphs": graphs,
            "actors": actors}  # fmt: skip


def labels(page: BrowserPage) -> list[dict[str, Any]]:
    page.evaluate("coopnet.network.redraw()")
    page.page.wait_for_timeout(50)
    result: list[dict[str, Any]] = page.evaluate("coopnet.labels()")
    return result


def canvas_size(page: BrowserPage) -> tuple[float, float]:
    w, h = page.evaluate(
        "(() => { const r = document.getElementById('network').getBoundingClientRect();"
        " return [r.width, r.height]; })()"
    )
    return float(w), float(h)


def assert_apart_and_inside(page: BrowserPage, drawn: list[dict[str, Any]]) -> None:
    width, height = canvas_size(page)
    boxes = [d["box"] for d in drawn]
    for i, a in enumerate(boxes):
        assert a[0] >= 0 and a[1] >= 0 and a[2] <= width and a[3] <= height, (drawn[i], width)
        for b in boxes[i + 1 :]:
            apart = a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]
            assert apart, (a, b)


def visible(page: BrowserPage, kind: str) -> int:
    return int(page.evaluate(f"coopnet.{kind}.get({{filter: x => !x.hidden}}).length"))


def test_names_by_importance_and_zoom_fit_with_margins(pages: dict[str, Any]) -> None:
    betweenness = pages["actors"]["2016"]["betweenness"]
    top = sorted(betweenness.index, key=lambda a: (-betweenness[a], a))[:TOP_LABELS]
    with open_page(pages["network"], wait_for=READY, **VIEW) as page:
        drawn = labels(page)
        # the overview: the top actors' names and no others, apart and inside the canvas
        assert sorted(d["id"] for d in drawn) == sorted(top)
        assert_apart_and_inside(page, drawn)
        width, _ = canvas_size(page)
        assert max(d["box"][2] for d in drawn) <= width - 2  # nothing cut at the right edge
        page.screenshot("map_network_1366x768.png")
        # zoomed in on the centre: more names, still apart
        page.evaluate("coopnet.network.moveTo({scale: coopnet.fitScale() * 2.5})")
        zoomed = labels(page)
        assert len(zoomed) > len(drawn)
        assert_apart_and_inside(page, zoomed)
        page.screenshot("map_network_zoomed.png")
        # back to the overview with the fit button
        page.page.click("#zoom-fit")
        assert len(labels(page)) == len(drawn)
        # hovering an unnamed actor shows its name
        hidden = next(a for a in sorted(betweenness.index) if a not in top)
        point = page.evaluate(
            "(id => { const k = coopnet.keyOf(id), p = coopnet.network.getPositions([k])[k];"
            " const d = coopnet.network.canvasToDOM(p);"
            " const r = document.getElementById('network').getBoundingClientRect();"
            " return [r.left + d.x, r.top + d.y]; })",
            hidden,
        )
        page.page.mouse.move(point[0] + 1, point[1] + 1)
        page.page.mouse.move(point[0], point[1])
        page.page.wait_for_timeout(200)
        assert hidden in [d["id"] for d in labels(page)]
        assert page.errors() == [] and page.remote_requests() == []


def test_ego_focus_dims_all_but_the_partners(pages: dict[str, Any]) -> None:
    graph = pages["graphs"]["2016"]
    actor = "KI"
    partners = set(graph.neighbors(actor))
    with open_page(pages["network"], wait_for=READY, **VIEW) as page:
        point = page.evaluate(
            "(id => { const k = coopnet.keyOf(id), p = coopnet.network.getPositions([k])[k];"
            " const d = coopnet.network.canvasToDOM(p);"
            " const r = document.getElementById('network').getBoundingClientRect();"
            " return [r.left + d.x, r.top + d.y]; })",
            actor,
        )
        page.page.mouse.click(point[0], point[1])
        assert page.evaluate("coopnet.selected()") == [actor]
        dimmed = set(page.evaluate("coopnet.dimmed()"))
        assert dimmed == set(graph.nodes) - partners - {actor}
        faded = page.evaluate(
            "(id => coopnet.edges.get().filter(e => e.color.opacity < 0.1).length)", actor
        )
        assert faded == graph.number_of_edges() - graph.degree(actor)
        # the details panel: German measure names with explanations, the partners listed
        assert page.page.text_content("#details .actor") == graph.nodes[actor]["label"]
        names = page.evaluate(
            "[...document.querySelectorAll('#details .mname')].map(e => e.textContent)"
        )
        assert "Vermittlung (Betweenness)" in names and "Zahl der Partner (Grad)" in names
        assert not any(n in ("degree", "in_degree", "label", "group") for n in names)
        assert "in_degree" not in page.page.text_content("#details")
        helps = page.page.query_selector_all("#details .mhelp")
        assert len(helps) == len(names)
        listed = page.evaluate(
            "[...document.querySelectorAll('#details .neighbours li')].map(e => e.textContent)"
        )
        assert len(listed) == min(len(partners), 25) + (len(partners) > 25)
        if len(partners) > 25:
            assert listed[-1] == f"{len(partners) - 25} weitere"
        page.screenshot("map_ego_focus.png")
        # a click into the empty canvas ends the focus
        page.page.mouse.click(point[0] + 2, 760)
        page.page.wait_for_timeout(100)
        assert page.evaluate("coopnet.dimmed()") == []
        assert page.errors() == []


def test_threshold_hides_weak_ties(pages: dict[str, Any]) -> None:
    graph = pages["graphs"]["2016"]
    weights = sorted({d["weight"] for _, _, d in graph.edges(data=True)})
    assert len(weights) > 1
    with open_page(pages["network"], wait_for=READY, **VIEW) as page:
        assert visible(page, "edges") == graph.number_of_edges()
        page.page.fill("#threshold", "1")
        strong = sum(1 for *_, d in graph.edges(data=True) if d["weight"] >= weights[1])
        assert visible(page, "edges") == strong
        assert page.page.text_content("#threshold-value") == (
            f"Kooperationen ab Intensität {coopnet.lang.number(weights[1], 'de', significant=3)}"
        )
        page.page.click("#reset")
        assert visible(page, "edges") == graph.number_of_edges()
        assert page.errors() == []


def test_size_and_colour_switch(pages: dict[str, Any]) -> None:
    actors = pages["actors"]["2016"]
    with open_page(pages["network"], wait_for=READY, **VIEW) as page:
        first = page.evaluate("Object.fromEntries(coopnet.nodes.get().map(n => [n.id, n.size]))")
        page.page.select_option("#size-by", "degree")
        sizes = page.evaluate(
            "Object.fromEntries(coopnet.data.nodes.map(d => "
            "[d.id, coopnet.nodes.get(coopnet.keyOf(d.id)).size]))"
        )
        degree = actors["degree"]
        hi, lo = degree.idxmax(), degree.idxmin()
        assert sizes[hi] == pytest.approx(34.0) and sizes[lo] == pytest.approx(9.0)
        for a in actors.index:  # area linear in the degree
            t = (degree[a] - degree[lo]) / (degree[hi] - degree[lo])
            assert sizes[a] ** 2 == pytest.approx(81 + t * (34**2 - 81), rel=1e-3)
        page.page.select_option("#size-by", "betweenness")  # back: coopnet's own sizes
        again = page.evaluate("Object.fromEntries(coopnet.nodes.get().map(n => [n.id, n.size]))")
        assert again == first
        # colour by sector: the legend lists the sectors
        page.page.select_option("#color-by", "c:sector")
        legend = page.evaluate(
            "[...document.querySelectorAll('#legend-groups li .name')].map(e => e.textContent)"
        )
        sectors = sorted({d["sector"] for _, d in pages["graphs"]["2016"].nodes(data=True)},
                         key=str.casefold)  # fmt: skip
        assert legend == sectors
        assert page.page.text_content("#legend-title") == "Sektor"
        # colour by a measure: a colour ramp, the largest value brightest
        page.page.select_option("#color-by", "m:betweenness")
        assert page.page.is_visible("#legend-groups .ramp-bar")
        top = actors["betweenness"].idxmax()
        colour = page.evaluate(f"coopnet.nodes.get(coopnet.keyOf('{top}')).color.background")
        assert colour == "#FEE838"
        # colour by community
        page.page.select_option("#color-by", "c:community")
        assert page.page.text_content("#legend-title") == "Informelle Gruppe (Community)"
        page.screenshot("map_colour_by_community.png")
        assert page.errors() == []


def test_png_export_saves_the_view(pages: dict[str, Any], tmp_path: Path) -> None:
    with open_page(pages["network"], wait_for=READY, **VIEW) as page:
        url = page.evaluate("coopnet.exportPNG()")
        assert url.startswith("data:image/png;base64,")
        raw = base64.b64decode(url.split(",", 1)[1])
        assert raw[:8] == PNG
        width, height = struct.unpack(">II", raw[16:24])
        canvas = page.evaluate("[document.querySelector('#network canvas').width,"
                               " document.querySelector('#network canvas').height]")  # fmt: skip
        assert [width, height] == canvas
        with page.page.expect_download() as info:
            page.page.click("#export-png")
        download = info.value
        assert download.suggested_filename == "netzwerk.png"
        saved = tmp_path / "view.png"
        download.save_as(saved)
        assert saved.read_bytes()[:8] == PNG
        assert page.errors() == [] and page.remote_requests() == []


def test_period_slider_changes_ties(pages: dict[str, Any]) -> None:
    graphs = pages["graphs"]
    periods = list(graphs)
    with open_page(pages["periods"], wait_for=READY, **VIEW) as page:
        assert page.page.text_content("#period-name") == periods[-1]
        assert visible(page, "edges") == graphs[periods[-1]].number_of_edges()
        assert visible(page, "nodes") == graphs[periods[-1]].number_of_nodes()
        for i, p in enumerate(periods):
            page.page.fill("#period-slider", str(i))
            assert page.page.text_content("#period-name") == p
            assert visible(page, "edges") == graphs[p].number_of_edges()
            assert visible(page, "nodes") == graphs[p].number_of_nodes()
        # the change from 2014 to 2016, counted by hand from the two edge sets
        page.page.fill("#period-slider", "1")
        page.page.check("#show-change")
        before = {frozenset(e) for e in graphs[periods[0]].edges}
        after = {frozenset(e) for e in graphs[periods[1]].edges}
        counts = page.evaluate(
            "Object.fromEntries([...document.querySelectorAll('#legend-status li')]"
            ".map(li => [li.dataset.status, li.querySelector('.count').textContent]))"
        )
        assert counts == {
            "kept": str(len(before & after)),
            "added": str(len(after - before)),
            "removed": str(len(before - after)),
        }
        assert visible(page, "edges") == len(before | after)
        assert page.page.is_visible("#legend-status")
        page.screenshot("map_periods_change.png")
        assert page.errors() == [] and page.remote_requests() == []


def test_map_in_the_report_iframe_keeps_names_legible(pages: dict[str, Any]) -> None:
    with open_page(pages["frame"], **VIEW) as page:
        frame = page.page.frame_locator("#network-frame")
        frame.locator("#network canvas").wait_for()
        child = next(f for f in page.page.frames if f.name == "network-frame")
        child.wait_for_function(READY)
        drawn = child.evaluate("coopnet.network.redraw(), coopnet.labels()")
        assert len(drawn) == TOP_LABELS
        heights = [d["box"][3] - d["box"][1] for d in drawn]
        assert min(heights) >= 16  # one line of 13-pixel type plus padding, not 6 px
        width, height = child.evaluate(
            "(() => { const r = document.getElementById('network').getBoundingClientRect();"
            " return [r.width, r.height]; })()"
        )
        for d in drawn:
            assert d["box"][0] >= 0 and d["box"][2] <= width and d["box"][3] <= height
        page.page.locator("#network-frame").scroll_into_view_if_needed()
        page.screenshot("map_in_report_iframe.png")
        assert page.errors() == []


def test_static_network_figure_screenshot(pages: dict[str, Any], tmp_path: Path) -> None:
    from coopnet.viz import plot_network, save_figure

    study = coopnet.study(DATA)
    graphs = pages["graphs"]
    fig, _ = plot_network(
        graphs["2016"], group="group", size_by=pages["actors"]["2016"]["betweenness"],
        positions=union_layout(graphs, seed=0), title="Kooperationsnetzwerk 2016",
    )  # fmt: skip
    assert study.name
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    saved = save_figure(fig, ARTIFACTS / "figure_network_2016", formats=("png",), dpi=150)
    png = Path(str(saved[0]) if isinstance(saved, list | tuple) else str(saved))
    viewer = tmp_path / "figure.html"
    viewer.write_text(
        "<!DOCTYPE html><html><body style='margin:0'>"
        f"<img src='{png.resolve().as_uri()}' style='max-width:100%;max-height:100vh'>"
        "</body></html>",
        encoding="utf-8",
    )
    with open_page(viewer, **VIEW) as page:
        assert page.evaluate("document.images[0].naturalWidth") > 1000
        page.screenshot("figure_network_2016_1366x768.png")
