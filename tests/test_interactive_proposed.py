"""Proposed new ties on a network page (``network_html(proposed=...)``, ``coopnet html --recommend``)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import networkx as nx
import pytest

import coopnet
from coopnet.cli import main
from coopnet.diagnose import find_remedies
from coopnet.errors import GraphError
from coopnet.interactive import network_html
from coopnet.palette import PROPOSED_TIE
from coopnet.recommend import recommend_ties, workshop_question

from .conftest import MUSTERSTADT
from .test_interactive import payload


def _star() -> nx.Graph:
    """A star around the broker h; leaves l1 (X), l2 (Y), l3 (Y); h in X."""
    g = nx.Graph()
    for v, label, group in (("h", "Hub", "X"), ("l1", "<script>alert(1)</script>", "X"),
                            ("l2", "Blatt 2", "Y"), ("l3", "Blatt 3", "Y")):  # fmt: skip
        g.add_node(v, label=label, group=group)
    g.add_edges_from([("h", "l1"), ("h", "l2"), ("h", "l3")])
    return g


def test_proposals_are_dashed_and_off_at_first() -> None:
    g = _star()
    result = recommend_ties(g, k=2, objective="robustness")
    page = network_html(g, group="group", proposed=result.recommendations)
    data = payload(page)
    assert len(data["proposed"]) == len(result) == 2
    first, tie = data["proposed"][0], result.recommendations[0]
    assert (first["from"], first["to"], first["pr"]) == (tie.source, tie.target, True)
    style = data["proposedStyle"]
    assert style["color"] == PROPOSED_TIE.color and style["dashes"] == PROPOSED_TIE.dash_pixels()
    assert isinstance(style["dashes"], list) and style["width"] == PROPOSED_TIE.width
    # the switch, its legend line and note; unchecked; the proposals are not ties of the data
    assert '<input id="show-proposed" type="checkbox">' in page
    assert "Vorgeschlagene Verbindungen zeigen (2)" in page and "vorgeschlagen" in page
    assert "stroke-dasharray" in page.split('id="legend-proposed"')[1].split("</ul>")[0]
    assert len(data["edges"]) == 3
    rows = dict(map(tuple, first["tip"]))
    assert rows["Veränderung"] == "vorgeschlagen"
    # without h three leaves are apart: F = 1; with l1 - l2 only l1, l2 reach each other:
    # F = 1 - 2 / (3 · 2) = 2/3
    assert rows["Fragmentierung ohne Knotenpunkt"] == "1,000 → 0,667 (+0,333)"
    assert rows["Frage für den Workshop"] == workshop_question(tie, lang="de")
    assert "über Hub" in rows["Lücke"]


def test_the_same_pair_of_two_objectives_is_one_edge() -> None:
    g = _star()
    tie = recommend_ties(g, k=1, objective="robustness").recommendations[0]
    again = dataclasses.replace(tie, objective="reach", before=0.5, after=0.75, gain=0.25)
    data = payload(network_html(g, proposed=[tie, again], lang="en"))
    assert len(data["proposed"]) == 1
    rows = data["proposed"][0]["tip"]
    assert [row[0] for row in rows][:3] == ["Change", "Fragmentation without key player",
                                            "Reach"]  # fmt: skip
    assert rows[2][1] == "0.500 → 0.750 (+0.250)"
    assert rows[-1][0] == "Question for the workshop"


def test_labels_stay_escaped() -> None:
    g = _star()
    page = network_html(g, proposed=recommend_ties(g, k=3, objective="robustness").recommendations)
    assert "<script>alert(1)</script>" not in page
    assert any("alert" in str(e["tip"]) for e in payload(page)["proposed"])


def test_without_proposals_no_switch() -> None:
    g = _star()
    for proposed in (None, []):
        page = network_html(g, proposed=proposed)
        assert 'id="show-proposed"' not in page
    assert "proposed" not in payload(network_html(g))


def test_unknown_actor_is_an_error() -> None:
    g = _star()
    ties = recommend_ties(g, k=1, objective="robustness").recommendations
    smaller = g.subgraph(["h", "l2", "l3"]).copy()
    with pytest.raises(GraphError, match="'l1' is not in the graph"):
        network_html(smaller, proposed=ties)


def test_cli_html_recommend(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "karte.html"
    code = main(["html", str(MUSTERSTADT), "--period", "2022", "--recommend", "2",
                 "--out", str(out)])  # fmt: skip
    assert code == 0
    data = payload(out.read_text(encoding="utf-8"))
    remedies = find_remedies(coopnet.study(MUSTERSTADT), period="2022", k=2)
    expected = [(p.recommendation.source, p.recommendation.target) for p in remedies.proposals()]
    assert [(e["from"], e["to"]) for e in data["proposed"]] == list(dict.fromkeys(expected))
    assert remedies.targeted == ()  # without findings: the objectives' lists only
    capsys.readouterr()
    code = main(["html", str(MUSTERSTADT), "--before", "2016", "--after", "2022",
                 "--recommend", "2", "--out", str(tmp_path / "x.html")])  # fmt: skip
    assert code != 0
    assert (
        "--recommend schlägt Beziehungen auf der Karte eines Zeitraums vor"
        in capsys.readouterr().err
    )
    assert not (tmp_path / "x.html").exists()
    code = main(["html", str(MUSTERSTADT), "--recommend", "0", "--out", str(out)])
    assert code != 0 and "--recommend: muss mindestens 1 sein" in capsys.readouterr().err
