"""Content tests of coopnet.interactive without a browser: data, escaping, offline, speed."""

from __future__ import annotations

import hashlib
import json
import math
import re
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coopnet.errors import GraphError
from coopnet.interactive import (
    comparison_html,
    network_html,
    periods_html,
    write_comparison_html,
    write_network_html,
    write_periods_html,
)
from coopnet.layout import compute_layout
from coopnet.textsafe import clean_text

OKABE_ITO = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"]

NASTY = [
    "<script>alert(1)</script>",
    "</script><script>alert(2)</script>",
    '" onmouseover="alert(3)',
    "&amp;",
    "Ausländerbehörde – Süd & Ost",
]


# --- helpers ------------------------------------------------------------------------------------


def payload(page: str) -> dict[str, Any]:
    """Parse the JSON data block of a page."""
    match = re.search(
        r'<script type="application/json" id="coopnet-data">(.*?)</script>', page, re.S
    )
    assert match, "data block missing"
    raw = match.group(1)
    assert not re.search("[<>&\u2028\u2029]", raw), "unescaped character in the JSON block"
    data: dict[str, Any] = json.loads(raw)
    return data


class Elements(HTMLParser):
    """Collect start tags with attributes and the text inside elements with an id."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(page: str) -> Elements:
    parser = Elements()
    parser.feed(page)
    return parser


def legend_items(page: str, list_id: str) -> list[str]:
    """Names (unescaped text) of the <li> entries of the list with ``list_id``."""
    match = re.search(rf'<ul id="{list_id}"[^>]*>(.*?)</ul>', page, re.S)
    if not match:
        return []
    names = re.findall(r'<span class="name">(.*?)</span>', match.group(1), re.S)
    import html

    return [html.unescape(n) for n in names]


def vendored() -> list[str]:
    folder = resources.files("coopnet").joinpath("assets")
    return [folder.joinpath(n).read_text(encoding="utf-8") for n in VENDORED]


VENDORED = {
    "vis-network.min.js": "1f20f0736f32cb9bedf8f6383b25cfea2f839e1abe80d6e8040b4d5bea378c69",
    "vis-network.css": "2e82d445ad5878ea881652470ce632601f8f55f1b99e6ebecdff8614600e6d0e",
}


def town() -> nx.Graph:
    """Six actors in three groups plus an isolate; ties with weights, types and periods.

    Degrees (worked out from the edge list): amt1 3, amt2 2, pol 2, verein 2, kita 1, iso 0.
    """
    g = nx.Graph(period="2016")
    actors = [
        ("amt1", "Sozialamt", "Verwaltung", "öffentlich"),
        ("amt2", "Jugendamt", "Verwaltung", "öffentlich"),
        ("pol", "Integrationsrat", "Politik", "öffentlich"),
        ("verein", "Flüchtlingshilfe e.V.", "Zivilgesellschaft", "privat"),
        ("kita", "Kita Nord", "Zivilgesellschaft", "privat"),
        ("iso", "Isoliertes Amt", "(unknown)", "öffentlich"),
    ]
    for node, label, group, sector in actors:
        g.add_node(node, label=label, group=group, sector=sector)
    g.add_edge("amt1", "amt2", weight=3.0, types=("Information", "Projekt"), periods=("2016",))
    g.add_edge("amt1", "pol", weight=1.0, types=("Gremium",), periods=("2014", "2016"))
    g.add_edge("amt1", "verein", weight=2.0, types=("Projekt",), periods=("2016",))
    g.add_edge("pol", "verein", weight=1.0, types=(), periods=())
    g.add_edge("amt2", "kita", weight=1.0, types=("Information",), periods=("2016",))
    return g


def measures() -> pd.DataFrame:
    table = pd.DataFrame(
        {
            "degree": [3, 2, 2, 2, 1, 0],
            "betweenness": [0.7, 0.4, 0.0, 0.1, 0.0, float("nan")],
        },
        index=pd.Index(["amt1", "amt2", "pol", "verein", "kita", "iso"], name="id"),
    )
    return table.sort_index()


# --- structure ------------------------------------------------------------------------------------


def test_counts_nodes_edges_and_legend() -> None:
    page = network_html(town(), group="group", measures=measures(), size_by="betweenness")
    data = payload(page)
    assert len(data["nodes"]) == 6
    assert len(data["edges"]) == 5
    assert [n["id"] for n in data["nodes"]] == sorted(town().nodes)  # sorted by id
    # legend (drawn by the page): one entry per group, case-insensitive order, the
    # placeholder last and in German, with counts
    group = data["categories"][0]
    assert group["key"] == "group" and group["name"] == "Gruppe"
    assert group["values"] == ["Politik", "Verwaltung", "Zivilgesellschaft", "(unbekannt)"]
    assert group["counts"] == [1, 2, 2, 1]
    assert [c["key"] for c in data["categories"]] == ["group", "sector"]
    assert legend_items(page, "filter-types") == ["Gremium", "Information", "Projekt"]
    assert legend_items(page, "filter-periods") == ["2014", "2016"]


def test_colours_per_group() -> None:
    data = payload(network_html(town(), group="group"))
    colour = {n["id"]: n["color"] for n in data["nodes"]}
    # groups in display order get Okabe–Ito colours in order; the placeholder is grey
    assert colour["pol"] == OKABE_ITO[0]
    assert colour["amt1"] == colour["amt2"] == OKABE_ITO[1]
    assert colour["verein"] == colour["kita"] == OKABE_ITO[2]
    assert colour["iso"] == "#BBBBBB"
    assert [n["g"] for n in data["nodes"] if n["id"] in ("amt1", "iso")] == [1, 3]
    assert {n["shape"] for n in data["nodes"]} == {"dot"}


def test_palette_override_and_validation() -> None:
    data = payload(network_html(town(), group="group", palette={"Politik": "#112233"}))
    colour = {n["id"]: n["color"] for n in data["nodes"]}
    assert colour["pol"] == "#112233"
    assert colour["amt1"] == OKABE_ITO[0]  # the next free colour
    with pytest.raises(ValueError, match="#1A2B3C"):
        network_html(town(), group="group", palette={"Politik": "red;background:url(x)"})


def test_many_groups_get_the_palette_then_shapes() -> None:
    from coopnet.palette import GROUP_PALETTE

    g = nx.Graph()
    for i in range(17):
        g.add_node(f"n{i:02d}", label=f"N{i}", group=f"g{i:02d}")
    nodes = payload(network_html(g, group="group"))["nodes"]
    assert [n["color"] for n in nodes[:15]] == list(GROUP_PALETTE)
    assert [n["color"] for n in nodes[15:]] == list(GROUP_PALETTE[:2])
    assert [n["shape"] for n in nodes[14:]] == ["dot", "square", "square"]


def test_palette_agrees_with_viz() -> None:
    """The same groups get the same colours in PNG figures and in HTML pages."""
    try:
        from coopnet.viz import group_colors
    except ImportError as exc:  # pragma: no cover - viz is written in parallel
        pytest.skip(f"coopnet.viz not importable: {exc}")
    groups = ["b", "A", "(unknown)", "c", *[f"x{i}" for i in range(20)]]
    g = nx.Graph()
    for i, grp in enumerate(groups):
        g.add_node(f"n{i:02d}", group=grp)
    from coopnet.palette import group_styles

    data = payload(network_html(g, group="group"))
    values = data["categories"][0]["values"]
    mine = {values[n["g"]]: (n["color"], n["shape"]) for n in data["nodes"]}
    expected = {
        ("(unbekannt)" if k == "(unknown)" else k): (v.color, v.vis_shape)
        for k, v in group_styles(groups).items()
    }
    assert mine == expected
    assert {k: c for k, (c, _) in mine.items()} == {
        ("(unbekannt)" if k == "(unknown)" else k): v for k, v in group_colors(groups).items()
    }


def test_without_group_one_colour_no_group_legend() -> None:
    page = network_html(town())
    data = payload(page)
    assert {n["color"] for n in data["nodes"]} == {"#0072B2"}
    assert data["colorBy"] is None
    assert [c["key"] for c in data["categories"]] == ["group", "sector"]  # offered, not used
    assert '<option value="" selected>eine Farbe</option>' in page
    assert all(n["g"] is None for n in data["nodes"])


def test_missing_group_attribute_raises() -> None:
    g = town()
    g.nodes["kita"]["group"] = ""
    del g.nodes["iso"]["group"]
    with pytest.raises(GraphError, match=r"2 actor\(s\).*'iso', 'kita'"):
        network_html(g, group="group")


def test_sizes_ordered_by_measure() -> None:
    data = payload(network_html(town(), measures=measures(), size_by="betweenness"))
    size = {n["id"]: n["size"] for n in data["nodes"]}
    # betweenness: amt1 0.7 > amt2 0.4 > verein 0.1 > pol = kita = 0.0; iso NaN → smallest
    assert size["amt1"] > size["amt2"] > size["verein"] > size["pol"] == size["kita"]
    assert size["iso"] == size["pol"] == min(size.values())
    # area grows linearly: size² is affine in the value (sizes 9..34 pixels)
    lo, hi = 9.0, 34.0
    assert size["amt1"] == pytest.approx(hi)
    assert size["amt2"] ** 2 == pytest.approx(lo**2 + 0.4 / 0.7 * (hi**2 - lo**2), rel=1e-3)


def test_sizes_fall_back_to_degree() -> None:
    data = payload(network_html(town()))
    size = {n["id"]: n["size"] for n in data["nodes"]}
    # degrees: amt1 3 > amt2 = pol = verein 2 > kita 1 > iso 0
    assert size["amt1"] > size["amt2"] == size["pol"] == size["verein"] > size["kita"]
    assert size["kita"] > size["iso"]
    page = network_html(town())
    assert "Knotengröße: Zahl der Partner (Grad)" in page
    assert payload(page)["sizeBy"] == "_degree"


def test_size_by_errors() -> None:
    with pytest.raises(GraphError, match=r"size_by='closeness'.*betweenness"):
        network_html(town(), measures=measures(), size_by="closeness")
    with pytest.raises(GraphError, match="no measures given"):
        network_html(town(), size_by="betweenness")
    doubled = pd.concat([measures(), measures()])
    with pytest.raises(GraphError, match="duplicates"):
        network_html(town(), measures=doubled)


def test_tie_width_by_weight() -> None:
    data = payload(network_html(town()))
    width = {(e["from"], e["to"]): e["width"] for e in data["edges"]}
    # weights 3, 1, 2, 1, 1 → widths 1 + 4·(w − 1)/2 (1 to 5 pixels)
    assert width[("amt1", "amt2")] == 5.0
    assert width[("amt1", "verein")] == 3.0
    assert width[("amt1", "pol")] == width[("pol", "verein")] == 1.0
    equal = nx.Graph([("a", "b"), ("b", "c")])
    assert {e["width"] for e in payload(network_html(equal))["edges"]} == {2.0}


def test_bad_weight_raises() -> None:
    g = town()
    g["amt1"]["amt2"]["weight"] = -1
    with pytest.raises(GraphError, match="positive"):
        network_html(g)


def test_edge_types_and_periods_indices() -> None:
    data = payload(network_html(town()))
    assert data["types"] == ["Gremium", "Information", "Projekt"]
    assert data["periods"] == ["2014", "2016"]
    edge = {(e["from"], e["to"]): e for e in data["edges"]}
    assert edge[("amt1", "amt2")]["t"] == [1, 2]
    assert edge[("amt1", "pol")]["p"] == [0, 1]
    assert edge[("pol", "verein")]["t"] == [] and edge[("pol", "verein")]["p"] == []


def test_details_list_attributes_and_german_measures() -> None:
    data = payload(network_html(town(), group="group", measures=measures(), size_by="degree"))
    node = next(n for n in data["nodes"] if n["id"] == "amt1")
    assert node["label"] == "Sozialamt"
    assert node["a"] == [["Kürzel", "amt1"], ["Gruppe", "Verwaltung"], ["Sektor", "öffentlich"]]
    names = [(m["key"], m["name"]) for m in data["measures"]]
    assert names == [
        ("degree", "Zahl der Partner (Grad)"),
        ("betweenness", "Vermittlung (Betweenness)"),
    ]
    assert data["measures"][1]["help"].startswith("Anteil der kürzesten Wege")
    assert node["f"] == [["3", "0,7"]]  # German decimal comma
    assert node["m"] == [[3.0, 0.7]]
    iso = next(n for n in data["nodes"] if n["id"] == "iso")
    assert iso["f"] == [["0", "–"]] and iso["m"] == [[0.0, None]]  # NaN shown as a dash
    assert ["Gruppe", "(unbekannt)"] in iso["a"]
    en = payload(network_html(town(), group="group", measures=measures(), lang="en"))
    node = next(n for n in en["nodes"] if n["id"] == "amt1")
    assert node["f"][0][-1] == "0.7" and ["Group", "Verwaltung"] in node["a"]
    assert [m["name"] for m in en["measures"]][-1] == "Brokerage (betweenness)"
    edge = next(e for e in data["edges"] if (e["from"], e["to"]) == ("amt1", "amt2"))
    assert edge["tip"] == [
        ["Intensität", "3"],
        ["Kooperationsart", "Information, Projekt"],
        ["Zeitraum", "2016"],
    ]


def test_details_leave_out_repeated_and_attribute_columns() -> None:
    table = measures().assign(
        label="x", group="Verwaltung", in_degree=measures()["degree"], closeness=0.5,
        own_score=[1, 2, 3, 4, 5, 6],
    )  # fmt: skip
    data = payload(network_html(town(), group="group", measures=table))
    keys = [m["key"] for m in data["measures"]]
    # in_degree equals degree (undirected data): shown once; label and group are not measures;
    # a user's own column is listed under its own name
    assert keys == ["_degree", "degree", "betweenness", "closeness", "own_score"]
    assert data["measures"][-1]["name"] == "own_score"
    renamed = payload(
        network_html(
            town(),
            group="group",
            measures=table,
            names={"own_score": "Eigener Wert", "group": "Fachbereich"},
        )
    )
    assert renamed["measures"][-1]["name"] == "Eigener Wert"
    assert renamed["categories"][0]["name"] == "Fachbereich"


def test_tooltip_measures_option() -> None:
    data = payload(network_html(town(), measures=measures(), tooltip_measures=["betweenness"]))
    assert [m["key"] for m in data["measures"]] == ["_degree", "betweenness"]
    with pytest.raises(GraphError, match="closeness"):
        network_html(town(), measures=measures(), tooltip_measures=["closeness"])


def test_controls_for_size_colour_threshold_and_export() -> None:
    page = network_html(town(), group="group", measures=measures(), size_by="betweenness")
    data = payload(page)
    sizes = re.findall(r'<select id="size-by">(.*?)</select>', page)[0]
    assert re.findall(r">([^<]+)</option>", sizes) == [
        "Zahl der Partner (Grad)", "Vermittlung (Betweenness)", "alle gleich groß",
    ]  # fmt: skip
    assert '<option value="betweenness" selected>' in sizes
    colours = re.findall(r'<select id="color-by">(.*?)</select>', page)[0]
    assert re.findall(r'value="([^"]*)"', colours) == [
        "c:group", "c:sector", "m:degree", "m:betweenness", "",
    ]  # fmt: skip
    # weights 1, 2, 3: a slider over the three steps, numbers written by coopnet.lang
    assert data["weights"] == [{"v": 1.0, "t": "1"}, {"v": 2.0, "t": "2"}, {"v": 3.0, "t": "3"}]
    assert '<input id="threshold" type="range" min="0" max="2"' in page
    assert "Kooperationen ab Intensität 1" in page
    assert 'id="export-png"' in page and "Als Bild speichern (PNG)" in page
    equal = nx.Graph([("a", "b"), ("b", "c")])
    assert 'id="threshold"' not in network_html(equal)  # nothing to filter by


def test_community_column_becomes_a_colouring() -> None:
    table = measures().assign(community=[0, 0, 1, 1, 0, 2])
    data = payload(network_html(town(), group="group", measures=table))
    community = data["categories"][-1]
    assert community["key"] == "community"
    assert community["name"] == "Informelle Gruppe (Community)"
    assert community["values"] == ["1", "2", "3"] and sum(community["counts"]) == 6
    assert "community" not in [m["key"] for m in data["measures"] if m["kind"] == "number"]


def test_positions_from_layout_and_validation() -> None:
    g = town()
    pos = compute_layout(g, seed=5)
    data = payload(network_html(g, positions=pos))
    assert {n["id"]: (n["x"], n["y"]) for n in data["nodes"]} == pos
    assert payload(network_html(g, seed=5))["nodes"] == data["nodes"]  # default = compute_layout
    with pytest.raises(GraphError, match=r"miss 1 actor\(s\) \('iso'\)"):
        network_html(g, positions={k: v for k, v in pos.items() if k != "iso"})
    with pytest.raises(GraphError, match="not finite"):
        network_html(g, positions={**pos, "iso": (math.nan, 0.0)})


def test_physics_off_in_page() -> None:
    page = network_html(town())
    assert "physics: { enabled: false }" in page


def test_german_default_and_english() -> None:
    de = network_html(town(), group="group")
    for word in ("Akteur suchen", "Gruppe", "Kooperationsart", "Zeitraum", 'lang="de"'):
        assert word in de
    assert "<title>Kooperationsnetzwerk</title>" in de
    en = network_html(town(), group="group", lang="en")
    for word in ("Search actor", "Group", "Tie type", "Period", 'lang="en"'):
        assert word in en
    assert "Akteur suchen" not in en
    with pytest.raises(ValueError, match="lang"):
        network_html(town(), lang="fr")  # type: ignore[arg-type]


def test_caption_names_period_and_measure() -> None:
    page = network_html(town(), measures=measures(), size_by="betweenness", title="Netz")
    caption = re.search(r'<p id="caption" class="caption">(.*?)</p>', page)
    assert caption is not None
    assert caption.group(1) == (
        "Zeitraum: 2016 · Knotengröße: Vermittlung (Betweenness) · 6 Akteure · 5 Kooperationen"
    )


def test_directed_graph_marked() -> None:
    d = nx.DiGraph([("a", "b"), ("b", "c")])
    page = network_html(d)
    assert payload(page)["directed"] is True
    assert "Pfeile: Richtung der Kooperation" in page


def test_deterministic_and_does_not_mutate() -> None:
    g = town()
    snapshot = nx.node_link_data(g, edges="links")
    first = network_html(g, group="group", measures=measures())
    assert network_html(g, group="group", measures=measures()) == first
    assert nx.node_link_data(g, edges="links") == snapshot


# --- comparison ---------------------------------------------------------------------------------


def periods() -> tuple[nx.Graph, nx.Graph]:
    before = nx.Graph(period="2014")
    after = nx.Graph(period="2016")
    for g, names in ((before, "abcdf"), (after, "abcde")):
        for n in names:
            g.add_node(n, label=f"Akteur {n.upper()}", group="Verwaltung" if n < "c" else "Politik")
    before.add_edge("a", "b", weight=1.0, types=("Projekt",), periods=("2014",))
    before.add_edge("b", "c", weight=2.0, types=("Gremium",), periods=("2014",))
    before.add_edge("c", "d", weight=1.0, types=("Projekt",), periods=("2014",))
    after.add_edge("b", "a", weight=3.0, types=("Projekt",), periods=("2016",))
    after.add_edge("d", "c", weight=1.0, types=("Information",), periods=("2016",))
    after.add_edge("d", "e", weight=1.0, types=("Projekt",), periods=("2016",))
    return before, after


def test_comparison_statuses_counted_by_hand() -> None:
    before, after = periods()
    page = comparison_html(before, after, labels=("2014", "2016"), group="group")
    data = payload(page)
    status = {(e["from"], e["to"]): e["s"] for e in data["edges"]}
    # a–b and c–d in both (order of the pair does not matter), d–e new, b–c gone
    assert status == {
        ("a", "b"): "kept", ("c", "d"): "kept", ("d", "e"): "added", ("b", "c"): "removed",
    }  # fmt: skip
    assert [n["id"] for n in data["nodes"]] == ["a", "b", "c", "d", "e", "f"]
    flags = {n["id"]: (n["inb"], n["ina"]) for n in data["nodes"]}
    assert flags["f"] == (True, False) and flags["e"] == (False, True) and flags["a"] == (True,) * 2
    f = next(n for n in data["nodes"] if n["id"] == "f")
    assert ["Zeitraum", "nur 2014"] in f["a"]
    assert "2 behalten, 1 neu, 1 weggefallen" in page
    assert legend_items(page, "legend-status") == ["behalten", "neu", "weggefallen"]
    assert re.findall(r'name="view" value="(\w+)"', page) == ["before", "after", "both"]
    # one definition with the figures (coopnet.palette.TIE_STATUS): grey levels, widths and
    # the dash of removed ties; "neu" is solid, as in the figures
    from coopnet.palette import TIE_STATUS

    styles = data["styles"]
    assert {k: s["color"] for k, s in styles.items()} == {k: t.color for k, t in TIE_STATUS.items()}
    assert styles["added"]["dashes"] is False and styles["kept"]["dashes"] is False
    assert styles["removed"]["dashes"] == TIE_STATUS["removed"].dash_pixels()
    assert styles["added"]["width"] > styles["kept"]["width"]
    kept = next(e for e in data["edges"] if e["s"] == "kept" and e["from"] == "a")
    assert kept["tip"][:3] == [
        ["Veränderung", "behalten"],
        ["Intensität 2014", "1"],
        ["Intensität 2016", "3"],
    ]
    removed = next(e for e in data["edges"] if e["s"] == "removed")
    assert ["Intensität 2016", "–"] in removed["tip"]
    # the c–d tie merges the types of both periods
    cd = next(e for e in data["edges"] if (e["from"], e["to"]) == ("c", "d"))
    assert [data["types"][i] for i in cd["t"]] == ["Information", "Projekt"]


def test_comparison_directed() -> None:
    before = nx.DiGraph([("a", "b")])
    after = nx.DiGraph([("b", "a")])
    data = payload(comparison_html(before, after))
    assert sorted(e["s"] for e in data["edges"]) == ["added", "removed"]  # direction matters
    with pytest.raises(GraphError, match="directed"):
        comparison_html(nx.Graph([("a", "b")]), after)


def test_comparison_shared_positions() -> None:
    before, after = periods()
    data = payload(comparison_html(before, after))
    from coopnet.layout import union_layout

    expected = union_layout([before, after])
    assert {n["id"]: (n["x"], n["y"]) for n in data["nodes"]} == expected


def test_comparison_english() -> None:
    before, after = periods()
    page = comparison_html(before, after, labels=("2016", "2022"), lang="en")
    assert "1 new" in page and "2 kept" in page and ">both<" not in page
    assert re.search(r'value="both" checked> both', page)


# --- several periods on one page ---------------------------------------------------------------


def three_periods() -> dict[str, nx.Graph]:
    before, after = periods()
    later = nx.Graph(period="2022")
    for n in "bcdeg":
        later.add_node(n, label=f"Akteur {n.upper()}", group="Politik")
    later.add_edge("b", "c", weight=2.0)
    later.add_edge("e", "g", weight=4.0)
    return {"2014": before, "2016": after, "2022": later}


def test_periods_page_holds_each_period() -> None:
    graphs = three_periods()
    tables = {p: pd.DataFrame({"degree": dict(g.degree())}).sort_index() for p, g in graphs.items()}
    page = periods_html(graphs, group="group", measures=tables, size_by="degree")
    data = payload(page)
    assert data["mode"] == "periods" and data["labels"] == ["2014", "2016", "2022"]
    present = {n["id"]: n["pin"] for n in data["nodes"]}
    # a: 2014, 2016; f: only 2014; g: only 2022
    assert present["a"] == [True, True, False]
    assert present["f"] == [True, False, False] and present["g"] == [False, False, True]
    ties = {(e["from"], e["to"]): e["pw"] for e in data["edges"]}
    # by hand: a–b 1, 3, –; b–c 2, –, 2 (gone in 2016, back in 2022); e–g only 2022
    assert ties[("a", "b")] == [1.0, 3.0, None]
    assert ties[("b", "c")] == [2.0, None, 2.0]
    assert ties[("e", "g")] == [None, None, 4.0]
    assert len(data["edges"]) == 5  # the union: a–b, b–c, c–d, d–e, e–g
    d = next(n for n in data["nodes"] if n["id"] == "d")
    assert d["f"] == [["1"], ["2"], ["0"]]  # that period's degree in each slot
    assert len(d["sizes"]) == 3
    assert 'id="period-slider" type="range" min="0" max="2" step="1" value="2"' in page
    assert "Veränderung zum vorherigen Zeitraum zeigen" in page
    assert legend_items(page, "legend-status") == ["behalten", "neu", "weggefallen"]
    caption = re.search(r'<p id="caption" class="caption">(.*?)</p>', page)
    assert caption is not None and caption.group(1).startswith("Zeitraum: 2014 – 2022")


def test_periods_page_errors_and_one_period(tmp_path: Path) -> None:
    graphs = three_periods()
    with pytest.raises(GraphError, match="empty"):
        periods_html({})
    with pytest.raises(GraphError, match="directed"):
        periods_html({"a": nx.Graph([("x", "y")]), "b": nx.DiGraph([("x", "y")])})
    with pytest.raises(GraphError, match="no measures given"):
        periods_html(graphs, size_by="degree")
    one = payload(periods_html({"2016": graphs["2016"]}))
    assert one["labels"] == ["2016"] and all(n["pin"] == [True] for n in one["nodes"])
    out = write_periods_html(graphs, tmp_path / "p.html", group="group")
    assert out.read_text(encoding="utf-8") == periods_html(graphs, group="group")


# --- security ---------------------------------------------------------------------------------


def nasty_graph() -> nx.Graph:
    g = nx.Graph(period="</script><script>alert(5)</script>")
    for i, text in enumerate(NASTY):
        g.add_node(f"n{i}", label=text, group=text, sector=text)
    g.add_node("sep", label="line\u2028separator\u2029end", group="x")
    for i in range(len(NASTY) - 1):
        g.add_edge(f"n{i}", f"n{i + 1}", types=(NASTY[i],), periods=(NASTY[i + 1],))
    return g


@pytest.mark.parametrize("lang", ["de", "en"])
def test_untrusted_strings_are_escaped(lang: str) -> None:
    g = nasty_graph()
    table = pd.DataFrame({NASTY[0]: [NASTY[1]] * 6}, index=sorted(g.nodes))
    page = network_html(
        g,
        group="group",
        title=NASTY[1],
        measures=table,
        lang=lang,  # type: ignore[arg-type]
    )
    for raw in NASTY[:3]:
        assert raw not in page
    assert "alert(5)</script>" not in page
    # exactly the three script elements of the template
    assert len(re.findall(r"</script", page, re.I)) == 3
    starts = [tag for tag, _ in parse(page).tags if tag == "script"]
    assert len(starts) == 3
    # no element carries an event handler attribute
    assert not any(k.startswith("on") for _, attrs in parse(page).tags for k in attrs)
    # "&amp;" stays literal text: escaped once more in HTML, \u0026 in JSON
    assert "&amp;amp;" in page  # filter entry (tie type)
    data = payload(page)
    labels = {n["id"]: n["label"] for n in data["nodes"]}
    assert [labels[f"n{i}"] for i in range(len(NASTY))] == NASTY  # JSON round-trip is exact
    assert labels["sep"] == "line separator end"  # shown as spaces (coopnet.textsafe)
    assert "\u2028" not in page and "\u2029" not in page
    assert data["categories"][0]["values"][:5] == sorted(NASTY, key=str.casefold)
    assert "<title>&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;</title>" in page
    assert "Ausländerbehörde – Süd \\u0026 Ost" in page  # umlauts readable, & escaped


def test_comparison_escapes_labels() -> None:
    before = nasty_graph()
    after = nasty_graph()
    after.remove_edge("n0", "n1")
    page = comparison_html(before, after, labels=(NASTY[0], NASTY[2]), title=NASTY[1])
    for raw in NASTY[:3]:
        assert raw not in page
    assert len(re.findall(r"</script", page, re.I)) == 3
    assert payload(page)["labels"] == [NASTY[0], NASTY[2]]


@settings(max_examples=40, deadline=None)
@given(labels=st.lists(st.text(min_size=1, max_size=30), min_size=1, max_size=6, unique=True))
def test_property_any_label_round_trips(labels: list[str]) -> None:
    g = nx.Graph()
    for i, label in enumerate(labels):
        g.add_node(f"a{i}", label=label, group=label)
    page = network_html(g, group="group", title=labels[0], positions={n: (0.0, 0.0) for n in g})
    data = payload(page)
    shown = [clean_text(label) for label in labels]  # no bidi or control characters
    assert [n["label"] for n in data["nodes"]] == shown
    assert len(re.findall(r"</script", page, re.I)) == 3
    assert sorted(data["categories"][0]["values"]) == sorted(
        "(unbekannt)" if x == "(unknown)" else x for x in shown
    )


# --- offline and files --------------------------------------------------------------------------


def test_vendored_assets_unchanged_and_licensed() -> None:
    folder = resources.files("coopnet").joinpath("assets")
    for name, digest in VENDORED.items():
        content = folder.joinpath(name).read_bytes()
        assert hashlib.sha256(content).hexdigest() == digest, f"{name} changed; update README"
    js = folder.joinpath("vis-network.min.js").read_text(encoding="utf-8")
    assert "@license" in js[:1000] and "MIT License" in js[:1000]
    readme = folder.joinpath("README.md").read_text(encoding="utf-8")
    assert "pyvis" in readme and "9.1.2" in readme and all(d in readme for d in VENDORED.values())
    assert folder.joinpath("LICENSE-vis-network.txt").is_file()
    from coopnet.interactive._records import _texts

    assert set(_texts("de")) == set(_texts("en"))  # every page text exists in both languages
    assert not folder.joinpath("texts.json").is_file()  # one catalogue: assets/texts/


@pytest.mark.parametrize("kind", ["network", "comparison"])
def test_page_is_offline(kind: str) -> None:
    before, after = periods()
    page = network_html(town()) if kind == "network" else comparison_html(before, after)
    # everything is inline: no element loads a resource
    for tag, attrs in parse(page).tags:
        assert "src" not in attrs and "href" not in attrs, (tag, attrs)
    remote_css = r"@import|url\(\s*(?!['\"]?data:)"
    assert not re.search(remote_css, vendored()[1])  # vis' CSS images are data: URIs
    # URLs occur only inside the vendored vis-network files (licence comments, SVG namespace)
    rest = page
    for text in vendored():
        assert text in page  # inlined verbatim
        rest = rest.replace(text, "")
    assert "http://" not in rest and "https://" not in rest and "//cdn" not in rest
    assert not re.search(remote_css, rest)
    assert "default-src 'none'" in rest  # the CSP forbids requests should anything try


def test_write_is_utf8_whatever_the_locale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import locale

    monkeypatch.setattr(locale, "getpreferredencoding", lambda *a, **k: "cp1252")
    monkeypatch.setattr(locale, "getencoding", lambda: "cp1252")
    g = nasty_graph()
    out = write_network_html(g, tmp_path / "net.html", group="group", title="Süd – Öst")
    assert out == tmp_path / "net.html"
    raw = out.read_bytes()
    assert "Ausländerbehörde – Süd".encode() in raw
    assert b"\r\n" not in raw
    assert raw.decode("utf-8") == network_html(g, group="group", title="Süd – Öst")
    before, after = periods()
    out2 = write_comparison_html(before, after, tmp_path / "cmp.html", labels=("a", "b"))
    assert out2.read_bytes().decode("utf-8") == comparison_html(before, after, labels=("a", "b"))


def test_large_graph_written_fast(tmp_path: Path) -> None:
    """2,000 actors and 8,000 ties (positions given) are written in well under a second."""
    g = nx.relabel_nodes(nx.gnm_random_graph(2000, 8000, seed=7), lambda i: f"a{i:04d}")
    for i, (_, d) in enumerate(g.nodes(data=True)):
        d["label"], d["group"], d["sector"] = f"Akteur {i}", f"G{i % 12}", "öffentlich"
    for i, (_, _, d) in enumerate(g.edges(data=True)):
        d["weight"], d["types"], d["periods"] = float(1 + i % 4), ("info",), ("2016",)
    table = pd.DataFrame({"degree": dict(g.degree())}).sort_index()
    pos = {n: (0.0, 0.0) for n in g}
    network_html(town())  # load the assets once
    write_network_html(g, tmp_path / "big.html", group="group", measures=table, positions=pos)
    data = payload((tmp_path / "big.html").read_text(encoding="utf-8"))
    assert len(data["nodes"]) == 2000 and len(data["edges"]) == 8000
