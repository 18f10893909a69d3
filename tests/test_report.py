"""The one-command report: folder layout, tables, workbook, escaping, atomic writing, determinism.

The Musterstadt report is built once per test session (:func:`musterstadt_report`, also used by
``test_report_up_to_date.py`` and ``test_browser_report.py``); the other tests use tiny datasets.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import re
import shutil
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import coopnet
from coopnet.config import AnalysisConfig
from coopnet.errors import GraphError, InputError
from coopnet.report import SECTIONS, build_report
from coopnet.report.html import fmt
from coopnet.report.tables import sheet_names, slug

from .conftest import ROOT, MakeDataset

DATASET = "data/musterstadt"
FAST = AnalysisConfig(n_permutations=99)


@functools.cache
def musterstadt_report() -> Path:
    """Build the Musterstadt report as ``scripts/make_example_report.py`` does (once per session).

    The folder lives in a temporary directory that is removed when the interpreter exits.
    """
    folder = Path(tempfile.mkdtemp(prefix="coopnet-report-"))
    import atexit

    atexit.register(shutil.rmtree, folder, True)
    net = dataclasses.replace(coopnet.load(ROOT / DATASET), source=DATASET)
    return build_report(net, folder / "musterstadt", config=AnalysisConfig())


@pytest.fixture(scope="module")
def report() -> Path:
    return musterstadt_report()


class _Links(HTMLParser):
    """Collect ids, img sources, hrefs, iframe sources and script tags of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.images: list[str] = []
        self.links: list[str] = []
        self.frames: list[str] = []
        self.scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.append(str(a["id"]))
        if tag == "img":
            self.images.append(str(a["src"]))
        if tag == "a" and a.get("href"):
            self.links.append(str(a["href"]))
        if tag == "iframe":
            self.frames.append(str(a["src"]))
        if tag == "script":
            self.scripts += 1


def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


# ---------------------------------------------------------------------------------- Musterstadt
def test_folder_layout(report: Path) -> None:
    names = {p.name for p in report.iterdir()}
    assert {"index.html", "findings.md", "findings.json", "tables", "figures"} <= names
    assert {f"network_{p}.html" for p in ("2014", "2016", "2022")} <= names
    assert {"comparison_2014_2016.html", "comparison_2016_2022.html",
            "comparison_2014_2022.html"} <= names  # fmt: skip
    figures = sorted(p.name for p in (report / "figures").iterdir())
    stems = {p.rsplit(".", 1)[0] for p in figures}
    assert figures == sorted(f"{s}.{ext}" for s in stems for ext in ("png", "svg"))
    assert {"network_2016", "periods", "difference_2014_2016", "mixing_2016",
            "fragmentation_2016", "ei_over_periods"} <= stems  # fmt: skip
    leftovers = [p.name for p in report.parent.iterdir() if p.name.startswith(".")]
    assert leftovers == []


def test_index_has_every_section_and_only_local_resources(report: Path) -> None:
    page = _parse(report / "index.html")
    assert [i for i in page.ids if i in SECTIONS] == list(SECTIONS)
    assert page.scripts == 0
    assert len(page.images) >= 15
    for src in page.images + page.frames:
        assert not re.match(r"^[a-z]+:", src), src  # relative, no http(s):, no file:
        assert (report / src).is_file(), src
    for href in page.links:
        if href.startswith("#"):
            assert href[1:] in page.ids, href
        else:
            assert not href.startswith(("http:", "https:", "//")), href
            assert (report / href).is_file(), href
    text = (report / "index.html").read_text(encoding="utf-8")
    assert "Content-Security-Policy" in text
    assert '<html lang="de">' in text
    assert "Datengrundlage" in text and "Methoden und Definitionen" in text


def test_tables_as_csv_and_workbook(report: Path) -> None:
    tables = report / "tables"
    csvs = sorted(p.stem for p in tables.glob("*.csv"))
    expected = {"actors_by_group", "actors_by_sector", "ties_by_period", "ties_by_type",
                "validation_issues", "key_figures", "actors_2016", "top_actors_2016",
                "key_players_2016", "mixing_2016", "groups_2016", "comparison_pairs",
                "ei_by_group", "persistence", "persistence_ties", "findings"}  # fmt: skip
    assert expected <= set(csvs)
    book = openpyxl.load_workbook(tables / "tables.xlsx", read_only=True)
    names = book.sheetnames
    assert len(names) == len(csvs) == len(set(n.casefold() for n in names))
    assert all(len(n) <= 31 for n in names)
    sheet = book[sheet_names(csvs)["key_figures"]]
    rows = list(sheet.iter_rows(values_only=True))
    frame = pd.read_csv(tables / "key_figures.csv")
    assert list(rows[0]) == list(frame.columns)
    assert len(rows) == len(frame) + 1
    # the measures the report shows come from the analysis: 2016 has no isolate, one component
    figures = frame.set_index("measure")
    assert figures.at["components", "2016"] == 1
    assert figures.at["n_actors", "2016"] == 71
    actors = pd.read_csv(tables / "actors_2016.csv", dtype={"id": str})
    assert len(actors) == 71 and actors["id"].is_monotonic_increasing
    top = pd.read_csv(tables / "top_actors_2016.csv")
    best = top[(top["measure"] == "betweenness") & (top["rank"] == 1)].iloc[0]
    assert best["value"] == pytest.approx(actors["betweenness"].max(), abs=1e-6)


def test_findings_files_agree_with_the_page(report: Path) -> None:
    data = json.loads((report / "findings.json").read_text(encoding="utf-8"))
    table = pd.read_csv(report / "tables" / "findings.csv")
    assert len(data["findings"]) == len(table) > 0
    assert list(table["code"]) == [f["code"] for f in data["findings"]]
    page = (report / "index.html").read_text(encoding="utf-8")
    import html

    for finding in data["findings"][:5]:
        assert html.escape(finding["statement"]) in page
    assert (report / "findings.md").read_text(encoding="utf-8").startswith("# Befunde")


# ---------------------------------------------------------------------------------- small data
XSS = "<script>alert(1)</script>"


@pytest.fixture
def no_figures(monkeypatch: pytest.MonkeyPatch) -> None:
    """Skip drawing figures (matplotlib is most of a build's time; viz tests cover them)."""
    monkeypatch.setattr("coopnet.report.draw_figures", lambda *args, **kwargs: [])


@pytest.fixture
def hostile_dataset(make_dataset: MakeDataset) -> Path:
    """Three periods, labels and a group name that are HTML; one isolate."""
    actors = (
        "id,label,group,sector,responded\n"
        f'A,"{XSS}",<b>Amt</b>,Verwaltung,true\n'
        'B,"Amt B & ""Co""",<b>Amt</b>,Verwaltung,true\n'
        "C,Verein C,Zivil,Zivilgesellschaft,true\n"
        "D,<img src=x onerror=alert(2)>,Zivil,Zivilgesellschaft,false\n"
        "E,Rat E,Politik,Politik,true\n"
        "F,Isoliert F,Politik,Politik,true\n"
    )
    ties = "source,target,weight,type,period\n" + "".join(
        f"{s},{t},1,info,{p}\n"
        for p, pairs in {
            "2014": ["AB", "BC", "CE"],
            "2016": ["AB", "AC", "BC", "CD", "DE", "AE"],
            "2022": ["AB", "BC", "DE"],
        }.items()
        for s, t in pairs
    )
    toml = 'name = "Klein <i>"\ndirected = true\ngroup = "group"\n'
    toml += 'periods = ["2014", "2016", "2022"]\n'
    return make_dataset(actors, ties, toml)


def test_labels_are_escaped_and_english_works(hostile_dataset: Path, tmp_path: Path) -> None:
    messages: list[str] = []
    out = build_report(
        hostile_dataset, tmp_path / "r", config=AnalysisConfig(n_permutations=99, lang="en"),
        progress=messages.append,
    )  # fmt: skip
    page = (out / "index.html").read_text(encoding="utf-8")
    assert XSS not in page and "<img src=x" not in page and "<b>Amt</b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;Amt&lt;/b&gt;" in page
    assert "<script" not in page.lower()
    assert '<html lang="en">' in page
    for heading in ("Data", "Findings", "Key figures by period", "Methods and definitions"):
        assert f">{heading}</h2>" in page
    assert "Datengrundlage" not in page
    for step in ("loading data", "measures 2014", "comparing periods", "diagnosis",
                 "key players 2016", "figures 2022", "interactive maps", "tables",
                 "report page"):  # fmt: skip
        assert step in messages
    # the interactive pages carry the labels only as escaped JSON
    network = (out / "network_2016.html").read_text(encoding="utf-8")
    assert XSS not in network


@pytest.mark.usefixtures("no_figures")
def test_same_input_same_bytes_and_replacing(hostile_dataset: Path, tmp_path: Path) -> None:
    out = tmp_path / "r"
    build_report(hostile_dataset, out, config=FAST)
    first = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    (out / "notes.txt").write_text("the analyst's own notes", encoding="utf-8")
    (out / "tables" / "stale.csv").write_text("x\n", encoding="utf-8")  # not coopnet's either
    (out / "findings.md").unlink()  # a file of coopnet's that went missing comes back
    build_report(hostile_dataset, out, config=FAST)
    second = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    # only coopnet's own files were replaced; what the user added is kept
    assert second.pop(Path("notes.txt")) == b"the analyst's own notes"
    assert second.pop(Path("tables/stale.csv")) == b"x\n"
    stable = [k for k in first if k.suffix in (".html", ".csv", ".json", ".md", ".xlsx")]
    assert stable and all(first[k] == second[k] for k in stable)
    assert sorted(first) == sorted(second)


def test_invalid_data_writes_nothing(make_dataset: MakeDataset, tmp_path: Path) -> None:
    bad = make_dataset("id,label\nA,Amt A\n", "source,target\nA,ZZ\n")
    with pytest.raises(InputError, match="ZZ"):
        build_report(bad, tmp_path / "r")
    assert list(tmp_path.glob("r*")) == [] and list(tmp_path.glob(".r*")) == []


@pytest.mark.usefixtures("no_figures")
def test_failure_keeps_the_previous_report(
    hostile_dataset: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "r"
    build_report(hostile_dataset, out, config=FAST)
    previous = (out / "index.html").read_bytes()

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr("coopnet.report.draw_figures", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        build_report(hostile_dataset, out, config=FAST.with_overrides(lang="en"))
    assert (out / "index.html").read_bytes() == previous
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_unknown_group_column(hostile_dataset: Path, tmp_path: Path) -> None:
    with pytest.raises(GraphError, match="department"):
        build_report(hostile_dataset, tmp_path / "r", config=AnalysisConfig(group="department"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ds0"]  # only the dataset


@pytest.mark.usefixtures("no_figures")
def test_data_without_periods(make_dataset: MakeDataset, tmp_path: Path) -> None:
    folder = make_dataset(
        "id,label,group\nA,Amt A,X\nB,Amt B,X\nC,Verein C,Y\nD,Verein D,Y\n",
        "source,target\nA,B\nB,C\nC,D\n",
    )
    out = build_report(folder, tmp_path / "r", config=FAST)
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "es gibt nichts zu vergleichen" in page
    assert (out / "network_all.html").is_file()
    assert not list(out.glob("comparison_*.html"))
    assert (out / "tables" / "actors_all.csv").is_file()


# ---------------------------------------------------------------------------------- helpers
def test_sheet_names_are_short_and_unique() -> None:
    names = ["a" * 40, "a" * 35, "A" * 31, "mixing_delta_2014_2016", "x[1]:y"]
    sheets = sheet_names(names)
    assert all(len(s) <= 31 for s in sheets.values())
    assert len({s.casefold() for s in sheets.values()}) == len(names)
    assert sheets["mixing_delta_2014_2016"] == "mixing_delta_2014_2016"
    assert sheets["x[1]:y"] == "x_1__y"


def test_number_format_and_slug() -> None:
    assert fmt(0.12345, "de") == "0,123"
    assert fmt(0.12345, "en") == "0.123"
    assert fmt(-0.5, "de", digits=2) == "−0,50"
    assert fmt(1320, "de") == "1.320" and fmt(1320, "en") == "1,320"
    assert fmt(float("nan"), "de") == "–" and fmt(None, "en") == "–"
    assert fmt(0.8333, "de", percent=True) == "83\u202f%"
    assert fmt("<b>", "de") == "&lt;b&gt;"
    assert slug("Welle 2/3") == "Welle_2_3" and slug("2016") == "2016"
