"""The German report is German throughout; the single file is self-contained; --top and --pdf.

:func:`english_words` greps a page for English column names, measure names, problem codes and
common English words (after removing the CSS, ``<code>`` elements, the dataset's own description,
data URIs and markup). Labels from the data are German in every dataset used here, so any hit is
a text of coopnet's own.
"""

from __future__ import annotations

import html
import logging
import re
from pathlib import Path

import pytest

import coopnet
from coopnet.cli import main
from coopnet.config import AnalysisConfig
from coopnet.errors import InputError
from coopnet.report import build_report

from .conftest import MakeDataset
from .test_report import musterstadt_report

FAST = AnalysisConfig(n_permutations=99)

_TOKENS = (
    # column and measure names as the code spells them, problem and finding codes
    "group groups sector level label period periods betweenness degree closeness eigenvector "
    "harmonic pagerank constraint strength none unknown self_tie duplicate_tie duplicate_row "
    "unknown_actor encoding_fallback missing_group_pair silo_group cut_vertex "
    # English words of the report's own texts
    "Group Groups Sector Level None Unknown Findings Finding Topics Network Period Periods Actors "
    "the The and of with without to from ties tie actor actors nominations warning warnings "
    "missing merged removed dropped kept added value row column source target weight type "
    "findings finding topic topics network brokers broker share rank density components "
    "fragmentation isolates respondents between within"
)
FORBIDDEN: frozenset[str] = frozenset(_TOKENS.split())
"""Tokens that must not appear in a German report (case-sensitive, whole words)."""

_WORD = re.compile(r"(?<![\w./<-])([A-Za-z_]+)(?![\w/.>-])")


def english_words(page: str) -> dict[str, str]:
    """Forbidden tokens in the text of `page` → the first place each occurs (with context)."""
    text = re.sub(r"<style>.*?</style>", " ", page, flags=re.S)
    text = re.sub(r'<p class="description">.*?</p>', " ", text, flags=re.S)
    text = re.sub(r"<code>.*?</code>|`[^`\n]*`", " ", text, flags=re.S)
    text = re.sub(r'data:[^"\s]*', " ", text)
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    hits: dict[str, str] = {}
    for match in _WORD.finditer(text):
        word = match.group(1)
        if word in FORBIDDEN and word not in hits:
            hits[word] = " ".join(text[max(0, match.start() - 60) : match.end() + 30].split())
    return hits


def test_the_detector_finds_what_the_issue_reported() -> None:
    page = (
        "<h3>Akteure nach group</h3><p>Gruppierung: group · Knotengröße: betweenness</p>"
        "<td>self_tie</td><td>(none)</td><p>Schwellen: <code>silo_group</code></p>"
    )
    assert set(english_words(page)) == {"group", "betweenness", "self_tie", "none"}
    assert english_words("<p>Vermittlung (Betweenness), tables/actors_2016.csv</p>") == {}


@pytest.fixture(scope="module")
def musterstadt() -> Path:
    return musterstadt_report()


@pytest.mark.parametrize("name", ["index.html", "report.html", "findings.md"])
def test_the_german_musterstadt_report_has_no_english(musterstadt: Path, name: str) -> None:
    page = (musterstadt / name).read_text(encoding="utf-8")
    assert english_words(page) == {}


@pytest.fixture
def messy(make_dataset: MakeDataset) -> Path:
    """Two periods, a ``[labels]`` table, one self-tie, one duplicate tie, one untyped tie."""
    actors = (
        "id,label,group,sector,responded\n"
        "A,Amt A,Soziales,Verwaltung,true\nB,Amt B,Soziales,Verwaltung,true\n"
        "C,Verein C,Vereine,Zivilgesellschaft,true\nD,Verein D,Vereine,Zivilgesellschaft,true\n"
        "E,Rat E,Politik,Politik,true\nF,Rat F,Politik,Politik,false\n"
    )
    ties = "source,target,weight,type,period\n" + "".join(
        f"{s},{t},1,{kind},{p}\n"
        for p, pairs in {"2014": "AB BC CD DE EF", "2016": "AB AC CD AE EF"}.items()
        for s, t in pairs.split()
        for kind in ["info"]
    )
    ties += "A,A,1,info,2014\nA,B,1,info,2014\nB,D,1,,2016\n"
    toml = (
        'name = "Kleinstadt"\ndirected = true\ngroup = "group"\nperiods = ["2014", "2016"]\n'
        '\n[labels]\ngroup = "Dezernat"\nsector = "Bereich"\n'
    )
    return make_dataset(actors, ties, toml)


def test_labels_plurals_and_validation_notes_in_german(messy: Path, tmp_path: Path) -> None:
    out = build_report(messy, tmp_path / "r", config=FAST)
    for name in ("index.html", "report.html", "findings.md"):
        page = (out / name).read_text(encoding="utf-8")
        assert english_words(page) == {}, name
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "Akteure nach Dezernat" in page and "Akteure nach Bereich" in page
    assert "Akteure nach Ebene" not in page  # no level column
    assert "Gruppierung: Dezernat" in page and "Farbe: Dezernat" in page
    assert "1 Selbstbeziehung entfernt" in page and "1 doppelte Beziehung und" in page
    assert "0 doppelte Akteurzeilen" in page and "(ohne Angabe)" in page
    assert "Ein Akteur nennt sich selbst; die Zeile wurde nicht berücksichtigt." in page
    assert "Vermittlung (Betweenness)" in page
    md = (out / "findings.md").read_text(encoding="utf-8")
    assert md.splitlines()[2].startswith("Gruppierung: Dezernat · Zeiträume: 2014, 2016")


def test_labels_in_dataset_toml_are_checked(make_dataset: MakeDataset) -> None:
    folder = make_dataset("id,label\nA,Amt A\n", "source,target\n", "[labels]\ngroup = 3\n")
    with pytest.raises(InputError, match="labels"):
        coopnet.load(folder)
    meta = coopnet.load(make_dataset("id,label\nA,Amt A\nB,Amt B\n", "source,target\nA,B\n",
                                     '[labels]\n"Dez. Nr" = "Dezernat"\n')).meta  # fmt: skip
    assert meta.labels == {"Dez. Nr": "Dezernat"}
    assert (
        coopnet.config.meta_from_mapping(__import__("tomllib").loads(meta.to_toml())).labels
        == meta.labels
    )


@pytest.mark.usefixtures("no_figures")
def test_top_n_topics_in_the_main_text(messy: Path, tmp_path: Path) -> None:
    out = build_report(coopnet.study(messy, n_permutations=99), tmp_path / "r", top=1)
    page = (out / "index.html").read_text(encoding="utf-8")
    main = page[page.index('<section id="findings"') : page.index('<section id="key-figures"')]
    assert main.count('<li class="finding topic') == 1
    appendix = page[page.index('<section id="appendix"') :]
    topics = re.findall(r'id="(t\d+)"', page)
    assert len(topics) == len(set(topics)) >= 2  # each topic once: card or appendix row
    assert all(f'id="{t}"' in appendix for t in topics[1:])
    findings = re.findall(r'id="(f\d+)"', appendix)
    assert findings == [f"f{i}" for i in range(1, len(findings) + 1)]
    with pytest.raises(ValueError, match="top"):
        build_report(messy, tmp_path / "r2", config=FAST, top=0)


@pytest.fixture
def no_figures(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("coopnet.report.draw_figures", lambda *args, **kwargs: [])


def test_the_single_file_is_self_contained(musterstadt: Path) -> None:
    page = (musterstadt / "report.html").read_text(encoding="utf-8")
    sources = re.findall(r'<img src="([^"]*)"', page)
    index = (musterstadt / "index.html").read_text(encoding="utf-8")
    assert len(sources) == len(re.findall(r"<img ", index)) >= 15
    assert all(s.startswith("data:image/png;base64,") for s in sources)
    assert "<iframe" not in page and "<script" not in page
    hrefs = re.findall(r'href="([^"]*)"', page)
    assert hrefs and all(h.startswith("#") for h in hrefs), [h for h in hrefs if h[0] != "#"]
    ids = set(re.findall(r' id="([^"]+)"', page))
    assert {h[1:] for h in hrefs} <= ids
    csp = re.search(r'Content-Security-Policy" content="([^"]+)"', page)
    assert csp is not None and "default-src 'none'" in csp.group(1)
    assert "img-src data:;" in csp.group(1) and "file:" not in csp.group(1)
    assert "network_2022.html" in page  # the maps are named as files of the folder


def test_pdf_is_skipped_with_a_note_without_chromium(
    messy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr("coopnet.report.pdf.find_chromium", lambda: None)
    monkeypatch.setattr("coopnet.report.draw_figures", lambda *args, **kwargs: [])
    with caplog.at_level(logging.WARNING, logger="coopnet.report"):
        out = build_report(messy, tmp_path / "r", config=FAST, pdf=True)
    assert (out / "report.html").is_file() and not (out / "report.pdf").exists()
    assert "report.pdf nicht erstellt: no Chromium found" in caplog.text


def test_cli_report_top_and_pdf_flags(
    messy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    calls: list[tuple[int, bool]] = []

    def fake(
        study: object, out: str, *, progress: object, top: int, pdf: bool, **_: object
    ) -> Path:
        calls.append((top, pdf))
        return Path(out)

    monkeypatch.setattr("coopnet.report.build_report", fake)
    assert main(["report", str(messy), "--out", str(tmp_path / "r"), "--top", "3", "--pdf"]) == 0
    assert main(["report", str(messy), "--out", str(tmp_path / "r")]) == 0
    assert calls == [(3, True), (10, False)]
    assert main(["report", str(messy), "--out", str(tmp_path / "r"), "--top", "0"]) == 2
    assert "--top" in capsys.readouterr().err


def test_every_validation_code_has_a_german_description() -> None:
    """Problems of reading and validating a dataset can reach the report's validation table."""
    from coopnet.lang import catalogue

    root = Path(__file__).parents[1] / "src" / "coopnet"
    files = [*(root / "validation").glob("*.py"), *(root / "readers").glob("*.py"),
             root / "io.py", root / "model.py", root / "config.py"]  # fmt: skip
    pattern = re.compile(r'"(?:error|warning)",\s*\n?\s*"([a-z]+(?:_[a-z]+)+)"')
    codes = {m for f in files if f.exists() for m in pattern.findall(f.read_text("utf-8"))}
    assert len(codes) >= 25
    for lang in ("de", "en"):
        missing = sorted(c for c in codes if f"report.problem.{c}" not in catalogue(lang))
        assert missing == [], f"add report.problem.<code> to assets/texts/{lang}/report.toml"
