"""recommendations.md / .csv: German by default, English on request, labels escaped."""

from __future__ import annotations

import doctest
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

import coopnet.recommend.dataset
import coopnet.recommend.greedy
import coopnet.recommend.objectives
import coopnet.recommend.whatif
from coopnet.recommend import (
    RECOMMENDATION_COLUMNS,
    format_markdown,
    format_text,
    recommend_ties,
    workshop_question,
    write_recommendations,
)

from ..conftest import ROOT


def hostile_star() -> nx.Graph:
    """A star whose hub and leaves carry labels with Markdown and HTML in them."""
    g = nx.star_graph(["hub", "a", "b", "c"])
    g.graph["name"] = "Stadt *X*"
    labels = {
        "hub": "Amt | <b>Zentrale</b>",
        "a": "[Klick](http://evil.example)",
        "b": "# Verein\nzweite Zeile",
        "c": "C_e_",
    }
    nx.set_node_attributes(g, labels, "label")
    nx.set_node_attributes(
        g, {"hub": "Verwaltung", "a": "Zivil", "b": "Zivil", "c": "Politik"}, "dept"
    )
    return g


def test_markdown_is_german_by_default_and_escapes_labels() -> None:
    result = recommend_ties(hostile_star(), k=3, objective="robustness", group="dept")
    md = format_markdown(result)
    assert md.startswith("# Empfehlungen: Stadt \\*X\\*\n")
    assert "**Ziel:** Robustheit erhöhen" in md
    assert "Frage für den Workshop" in md and "Wichtigster Knotenpunkt" in md
    assert "Gruppierung:** `dept`" in md
    # no label opens a link, raw HTML, a heading or a table cell
    assert "[Klick](" not in md and "\\[Klick\\](http://evil.example)" in md
    assert "<b>" not in md and "\\<b\\>" in md
    assert "\n# Verein" not in md and "\\# Verein zweite Zeile" in md
    table_rows = [line for line in md.splitlines() if line.startswith("| ") and "–" in line]
    assert all(line.count(" | ") == 5 for line in table_rows[1:])  # escaped pipes do not split
    assert "Amt \\| \\<b\\>Zentrale\\</b\\>" in md
    assert "0,667" in md  # decimal comma


def test_group_column_name_cannot_break_its_code_span() -> None:
    g = nx.Graph([("a", "b"), ("c", "d")])
    nx.set_node_attributes(g, {"a": "x", "b": "x", "c": "y", "d": "y"}, "dept`<b>")
    md = format_markdown(recommend_ties(g, k=1, group="dept`<b>"))
    assert "**Gruppierung:** `dept'<b>`" in md


def test_markdown_in_english() -> None:
    result = recommend_ties(hostile_star(), k=1, objective="robustness", group="dept")
    md = format_markdown(result, lang="en")
    assert md.startswith("# Recommendations: ")
    assert "**Objective:** raise robustness" in md and "0.667" in md
    assert "Question for the workshop" in md
    assert "Empfehlungen" not in md


def test_stop_reasons_are_explained() -> None:
    connected = nx.path_graph(["a", "b", "c"])
    connected.add_node("z")
    md = format_markdown(recommend_ties(connected, k=2))
    assert "keine Verbindung vorgeschlagen" in md
    assert "Keine weitere Verbindung verbessert das Ziel." in md
    assert "1 Akteur ohne jede Verbindung ist kein Kandidat" in md
    complete = format_markdown(recommend_ties(nx.complete_graph(3), k=1), lang="en")
    assert "No further candidate pairs are left." in complete


def test_plateau_of_key_players_is_explained() -> None:
    """Triangle c1 c2 c3, each with two pendant leaves: three equally bad key players.

    Removing any ci leaves its two leaves alone: pieces 1, 1, 7 (sum of squares 51). A tie
    touches the leaves of at most two hubs, so the third still leaves 51: no single tie helps.
    """
    g = nx.cycle_graph(["c1", "c2", "c3"])
    g.add_edges_from((f"c{i}", f"l{i}{j}") for i in (1, 2, 3) for j in "ab")
    result = recommend_ties(g, k=2, objective="robustness")
    assert len(result) == 0 and result.stop == "no_gain"
    assert result.final_key_players == ("c1", "c2", "c3")
    md = format_markdown(result)
    assert "c1, c2 und c3 sind gleich wichtige Knotenpunkte" in md
    # a 2-connected network is already robust (F = 0): no plateau text
    cycle = format_markdown(recommend_ties(nx.cycle_graph(5), k=1, objective="robustness"))
    assert "gleich wichtige" not in cycle


def test_workshop_questions() -> None:
    components = recommend_ties(nx.Graph([("a", "b"), ("c", "d")]), k=1).recommendations[0]
    assert "über keinen Weg" in workshop_question(components)
    assert "not connected by any path" in workshop_question(components, lang="en")
    star = recommend_ties(hostile_star(), k=1, objective="robustness").recommendations[0]
    assert "Amt | <b>Zentrale</b>" in workshop_question(star)  # plain text; escaped in Markdown
    ring = nx.cycle_graph(["a", "b", "c", "d", "e", "f"])  # 2-connected: nothing to bypass
    nx.set_node_attributes(ring, {v: "x" if v in "abc" else "y" for v in ring}, "dept")
    (cross,) = recommend_ties(
        ring, k=1, objective="reach", group="dept", across_groups=True
    ).recommendations
    assert cross.group_pair == ("x", "y") and not cross.bypassed and not cross.joins_components
    question = workshop_question(cross)
    assert "(x)" in question and "(y)" in question and "Umwege" in question
    # within group x: a - c brings a within two steps of d and c within two of f
    (inside,) = recommend_ties(ring, k=1, objective="reach", group="dept").recommendations
    assert (inside.source, inside.target, inside.group_pair) == ("a", "c", None)
    assert "dafür – oder dagegen" in workshop_question(inside)


def test_files_are_written(tmp_path: Path) -> None:
    result = recommend_ties(hostile_star(), k=2, objective="robustness", group="dept")
    written = write_recommendations(result, tmp_path / "out")
    assert [p.name for p in written] == ["recommendations.csv", "recommendations.md"]
    frame = pd.read_csv(written[0], dtype=str, keep_default_na=False)
    assert tuple(frame.columns) == RECOMMENDATION_COLUMNS
    assert len(frame) == len(result)
    assert frame.loc[0, "source_label"] == "[Klick](http://evil.example)"  # CSV keeps the text
    again = tmp_path / "again"
    write_recommendations(result, again)
    for path in written:
        assert path.read_bytes() == (again / path.name).read_bytes()
    empty = write_recommendations(recommend_ties(nx.complete_graph(3), k=1), tmp_path / "e")
    assert empty[0].read_text(encoding="utf-8").strip() == ",".join(RECOMMENDATION_COLUMNS)


def test_terminal_text() -> None:
    result = recommend_ties(nx.Graph([("a", "b"), ("c", "d")]), k=3)
    text = format_text(result)
    assert "Ausgangswert 0,667 → mit 1 neuen Verbindung 0,000." in text
    assert "1. a – c: 0,667 → 0,000" in text
    assert "Keine weitere Verbindung" in text
    with pytest.raises(ValueError, match="unknown language"):
        format_text(result, lang="fr")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "module",
    [
        coopnet.recommend.greedy,
        coopnet.recommend.objectives,
        coopnet.recommend.whatif,
        coopnet.recommend.dataset,
    ],
)
def test_docstring_examples_run(module: object, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    failures, tried = doctest.testmod(module, extraglobs={"nx": nx}, verbose=False)  # type: ignore[arg-type]
    assert tried > 0 and failures == 0
