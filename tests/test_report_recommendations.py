"""The report's section "Empfehlungen", its links, tables/recommendations.csv and the map's proposals.

The Musterstadt report is the session's (:func:`tests.test_report.musterstadt_report`); the other
reports are tiny datasets built without figures.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import coopnet
from coopnet.diagnose import Diagnosis, find_remedies
from coopnet.lang import number
from coopnet.recommend import RECOMMENDATION_COLUMNS, recommend_network, workshop_question
from coopnet.report import RECOMMENDATIONS, SECTIONS, build_report
from coopnet.report.page import Page
from coopnet.report.recommendations import (
    RECOMMENDATION_TABLE_COLUMNS,
    recommendations_section,
    recommendations_table,
)

from .conftest import MUSTERSTADT, MakeDataset
from .test_report import musterstadt_report


@pytest.fixture(scope="module")
def report() -> Path:
    return musterstadt_report()


@pytest.fixture
def no_figures(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("coopnet.report.draw_figures", lambda *args, **kwargs: [])


def _section(page: str, sid: str = "recommendations") -> str:
    start = page.index(f'<section id="{sid}"')
    return page[start : page.index("</section>", start)]


def _plain(fragment: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment)))


def _card(section: str, pid: str) -> str:
    start = section.index(f'<li class="finding recommendation" id="{pid}"')
    return section[start : section.index("</li>", start)]


def test_section_follows_the_findings_in_german(report: Path) -> None:
    assert SECTIONS.index("recommendations") == SECTIONS.index("findings") + 1
    page = (report / "index.html").read_text(encoding="utf-8")
    order = [page.index(f'<section id="{s}"') for s in ("findings", "recommendations",
                                                       "key-figures")]  # fmt: skip
    assert order == sorted(order)
    assert '<a href="#recommendations">Empfehlungen</a>' in page  # table of contents
    text = _plain(_section(page))
    assert text.startswith(" Empfehlungen Welche neuen Verbindungen")
    assert "Berechnet für 2022, den letzten Zeitraum, auf den symmetrisierten Beziehungen" in text
    assert ("Gezeigt werden die Ziele, die hier eine neue Verbindung verbessert: Fragmentierung "
            "ohne Knotenpunkt und Reichweite.") in text  # fmt: skip
    assert "Nicht gezeigt: Fragmentierung (0,029): Getrennt sind nur Akteure ohne jede " in text
    assert "Frage für den Workshop:" in text and "Gezielt für einzelne Lücken" in text


@pytest.mark.parametrize("objective", ["robustness", "reach"])
def test_numbers_are_the_recommend_api(report: Path, objective: str) -> None:
    study = coopnet.study(MUSTERSTADT)
    expected = recommend_network(study, period="2022", k=RECOMMENDATIONS, objective=objective)
    assert expected.recommendations
    section = _section((report / "index.html").read_text(encoding="utf-8"))
    for r in expected.recommendations:
        card = _plain(_card(section, f"rec-{objective}-{r.rank}"))
        before, after = number(r.before, "de", digits=3), number(r.after, "de", digits=3)
        gain = number(r.gain, "de", digits=3, signed=True)
        assert f"{before} → {after} (Verbesserung {gain})" in card
        assert f"{r.source_label} ({r.source}) ({r.source_group})" in card
        assert f"{r.target_label} ({r.target}) ({r.target_group})" in card
        assert workshop_question(r, lang="de") in card
    total = f"Ausgangswert {number(expected.before, 'de', digits=3)} → mit "
    assert total in _plain(section)
    table = pd.read_csv(report / "tables" / "recommendations.csv", keep_default_na=False)
    rows = table[table["id"].str.startswith(f"rec-{objective}-")]
    assert rows["rank"].tolist() == [r.rank for r in expected.recommendations]
    after = [r.after for r in expected.recommendations]
    assert rows["after"].tolist() == pytest.approx(after, abs=1e-6)  # tables: 6 decimals
    assert (rows["period"].astype(str) == "2022").all()


def test_links_resolve_both_ways(report: Path) -> None:
    page = (report / "index.html").read_text(encoding="utf-8")
    ids = set(re.findall(r' id="([^"]+)"', page))
    rec_links = re.findall(r'href="#(rec-[^"]+)"', page)
    assert rec_links and set(rec_links) <= ids
    data = json.loads((report / "findings.json").read_text(encoding="utf-8"))
    assert data["format"] == 3
    linked = [f for f in data["findings"] if f["recommendation"]]
    assert linked
    for f in linked:  # each linked finding: its row in the appendix links to the card
        row = page[page.index(f'<span id="f{f["rank"]}">') :]
        row = row[: row.index("</tr>")]
        assert f'href="#{f["recommendation"]["id"]}"' in row
    for t in data["topics"]:
        if t["recommendation"] and f'id="{t["id"]}" data-kind' in page:  # shown in detail
            card = page[page.index(f'id="{t["id"]}" data-kind') :]
            assert f'href="#{t["recommendation"]["id"]}"' in card[: card.index("</li>")]
    # every card links back to the topics and findings it addresses
    section = _section(page)
    for tie in data["recommendations"]["ties"]:
        card = _card(section, tie["id"])
        for rank in tie["findings"]:
            assert f'href="#f{rank}"' in card
    # the summary page links the recommendations of its topics and the section
    summary = _section(page, "summary")
    assert 'href="#recommendations"' in summary and 'href="#rec-' in summary


def test_single_file_keeps_the_section_without_file_links(report: Path) -> None:
    page = (report / "report.html").read_text(encoding="utf-8")
    section = _section(page)
    assert "rec-robustness-1" in section and "network_2022.html" not in section
    assert "tables/recommendations.csv im Berichtsordner" in _plain(section)
    index = _section((report / "index.html").read_text(encoding="utf-8"))
    assert '<a href="network_2022.html">network_2022.html</a>' in index


def test_tables_and_workbook(report: Path) -> None:
    table = pd.read_csv(report / "tables" / "recommendations.csv", keep_default_na=False)
    assert list(table.columns) == list(RECOMMENDATION_TABLE_COLUMNS)
    assert list(RECOMMENDATION_COLUMNS) == list(table.columns[2:13])
    data = json.loads((report / "findings.json").read_text(encoding="utf-8"))
    assert table["id"].tolist() == [t["id"] for t in data["recommendations"]["ties"]]
    gaps = table[table["id"].str.startswith("rec-gap-")]
    assert len(gaps) and (gaps["gap"] != "").all() and (gaps["objective"] == "reach").all()
    findings = pd.read_csv(report / "tables" / "findings.csv", keep_default_na=False)
    linked = findings[findings["recommendation"] != ""]
    assert set(linked["recommendation"]) <= set(table["id"])
    workbook = openpyxl.load_workbook(report / "tables" / "tables.xlsx", read_only=True)
    assert "recommendations" in workbook.sheetnames


def test_only_the_last_map_has_the_switch(report: Path) -> None:
    last = (report / "network_2022.html").read_text(encoding="utf-8")
    first = (report / "network_2014.html").read_text(encoding="utf-8")
    assert 'id="show-proposed"' in last and 'id="show-proposed"' not in first
    block = re.search(r'<script type="application/json" id="coopnet-data">(.*?)</script>', last,
                      re.S)  # fmt: skip
    assert block is not None
    payload = json.loads(block.group(1))
    table = pd.read_csv(report / "tables" / "recommendations.csv", keep_default_na=False)
    pairs = {(s, t) for s, t in zip(table["source"], table["target"], strict=True)}
    assert {(e["from"], e["to"]) for e in payload["proposed"]} == pairs


@pytest.mark.usefixtures("no_figures")
def test_english_report(make_dataset: MakeDataset, tmp_path: Path) -> None:
    folder = make_dataset(
        "id,label,group\na1,A 1,A\na2,A 2,A\nb1,B 1,B\nb2,B 2,B\nc1,C 1,C\nc2,C 2,C\n",
        "source,target\na1,a2\na1,b1\nb1,b2\nb2,c1\nc1,c2\n",
    )
    out = build_report(coopnet.study(folder, n_permutations=99, lang="en"), tmp_path / "r")
    text = _plain(_section((out / "index.html").read_text(encoding="utf-8")))
    assert text.startswith(" Recommendations Which new ties")
    assert "Computed for the whole network on the symmetrised ties" in text
    assert "Question for the workshop:" in text and "Empfehlung" not in text
    md = (out / "findings.md").read_text(encoding="utf-8")
    assert "- **Recommendation:** new tie" in md


@pytest.mark.usefixtures("no_figures")
def test_nothing_to_recommend_says_so(make_dataset: MakeDataset, tmp_path: Path) -> None:
    # one period, every pair tied: nothing is apart, no key player, every pair within reach
    actors = "id,label,group\na,A,X\nb,B,X\nc,C,Y\nd,D,Y\n"
    ties = "source,target,period\n" + "".join(
        f"{u},{v},2020\n" for u, v in ("ab", "ac", "ad", "bc", "bd", "cd")
    )
    folder = make_dataset(actors, ties, 'periods = ["2020"]\n')
    out = build_report(coopnet.study(folder, n_permutations=99), tmp_path / "r")
    page = (out / "index.html").read_text(encoding="utf-8")
    text = _plain(_section(page))
    assert "Berechnet für 2020 auf den" in text  # one period: not "den letzten Zeitraum"
    assert "Für 2020 schlägt die Auswertung keine neue Verbindung vor." in text
    assert "Fragmentierung: Alle Akteure sind über Wege miteinander verbunden" in text
    assert "Reichweite: Alle Paare aus verschiedenen Gruppen" in text
    assert 'class="finding recommendation"' not in page
    assert "Abschnitt „Empfehlungen“" not in _section(page, "summary")
    table = pd.read_csv(out / "tables" / "recommendations.csv")
    assert list(table.columns) == list(RECOMMENDATION_TABLE_COLUMNS) and table.empty
    data = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    assert data["recommendations"]["ties"] == [] and data["recommendations"]["period"] == "2020"
    map_page = (out / "network_2020.html").read_text(encoding="utf-8")
    assert 'id="show-proposed"' not in map_page


def test_section_without_groups(make_dataset: MakeDataset) -> None:
    """The report needs a grouping column today; the section itself says why reach is missing."""
    study = coopnet.study(make_dataset("id\na\nb\nc\nd\n", "source,target\na,b\nb,c\nc,d\n"))
    remedies = find_remedies(study)
    diagnosis = Diagnosis(findings=[], dataset="x", periods=("all",), lang="de", group="")
    section = recommendations_section(diagnosis.with_remedies(remedies), Page(lang="de"),
                                      n_periods=0)  # fmt: skip
    text = _plain(section)
    assert "Reichweite: nicht berechnet, die Daten haben keine Gruppierung." in text
    assert "Berechnet für das Gesamtnetzwerk" in text
    assert 'id="rec-robustness-1"' in section
    table = recommendations_table(remedies, lang="de")
    assert table["source_group"].isna().all() and table["period"].eq("").all()


def test_labels_are_escaped(make_dataset: MakeDataset) -> None:
    study = coopnet.study(
        make_dataset("id,label,group\na,<b>A</b>,X\nb,B,Y\nc,C,X\n", "source,target\na,b\nb,c\n"),
    )
    diagnosis = Diagnosis(findings=[], dataset="x", periods=("all",), lang="de", group="group")
    section = recommendations_section(diagnosis.with_remedies(find_remedies(study)),
                                      Page(lang="de"), n_periods=0)  # fmt: skip
    assert "<b>A</b>" not in section and "&lt;b&gt;A&lt;/b&gt;" in section


def test_without_remedies_the_section_is_plain(make_dataset: MakeDataset) -> None:
    diagnosis = Diagnosis(findings=[], dataset="x", periods=("all",), lang="de", group="g")
    assert "keine neue Verbindung" in recommendations_section(diagnosis, Page(lang="de"),
                                                               n_periods=0)  # fmt: skip
