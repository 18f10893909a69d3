"""The command-line interface, run in-process: exit codes, messages, files written."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import coopnet
from coopnet.cli import main

from .conftest import DATA, MakeDataset


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_validate_valid(capsys: pytest.CaptureFixture[str], small_dataset: Path) -> None:
    code, out, err = run(capsys, "validate", str(small_dataset), "--lang", "en")
    assert code == 0, err
    assert "valid: 6 actors, 8 ties" in out
    assert "isolate" in out  # warnings are printed but do not fail


def test_validate_invalid_lists_every_problem(
    capsys: pytest.CaptureFixture[str], make_dataset: MakeDataset, tmp_path: Path
) -> None:
    folder = make_dataset("id\nA\nB\n", "source,target,weight\nA,Q,1\nB,A,x\nA,B,-1\n")
    code, out, err = run(
        capsys, "validate", str(folder), "--json", str(tmp_path / "r.json"), "--lang", "en"
    )
    assert code == 1
    assert "3 error(s)" in out
    assert "ties.csv, row 2, column 'target', value 'Q'" in out
    assert "ties.csv, row 3, column 'weight', value 'x'" in out
    assert "ties.csv, row 4, column 'weight', value '-1'" in out
    assert err.startswith("Error: 3 problem(s)")
    payload = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert payload["valid"] is False
    assert [p["row"] for p in payload["problems"] if p["severity"] == "error"] == [2, 3, 4]


def test_validate_strict(capsys: pytest.CaptureFixture[str], make_dataset: MakeDataset) -> None:
    folder = make_dataset("id\nA\nB\n", "source,target\nA,A\nA,B\n")
    assert run(capsys, "validate", str(folder))[0] == 0
    assert run(capsys, "validate", str(folder), "--strict")[0] == 1


def test_info(capsys: pytest.CaptureFixture[str], small_dataset: Path, tmp_path: Path) -> None:
    code, out, _ = run(
        capsys, "info", str(small_dataset), "--json", str(tmp_path / "i.json"), "--lang", "en"
    )
    assert code == 0
    assert "6 actors, 8 tie rows (directed nominations, symmetrised by 'union')" in out
    assert "response rate: 83%" in out
    assert "isolates 2014: E, X" in out
    lines = [line.split() for line in out.splitlines() if line.strip().startswith("2016")]
    assert lines[0][:6] == ["2016", "6", "5", "1", "0.50", "2"]
    assert json.loads((tmp_path / "i.json").read_text(encoding="utf-8"))["n_actors"] == 6


def test_info_on_invalid_data_fails(
    capsys: pytest.CaptureFixture[str], make_dataset: MakeDataset
) -> None:
    folder = make_dataset("id\nA\n", "source,target\nA,Z\n")
    code, _, err = run(capsys, "info", str(folder), "--lang", "en")
    assert code == 1
    assert "row 2, column 'target', value 'Z'" in err
    code, _, err = run(capsys, "info", str(folder))  # German by default
    assert code == 1
    assert "Zeile 2, Spalte „target“, Wert „Z“: kein Akteur mit diesem Kürzel" in err


def test_info_unknown_group(capsys: pytest.CaptureFixture[str], small_dataset: Path) -> None:
    code, _, err = run(capsys, "info", str(small_dataset), "--group", "abteilung")
    assert code == 1
    assert "keine Gruppenspalte „abteilung“" in err


def test_convert_round_trip(
    capsys: pytest.CaptureFixture[str], small_dataset: Path, tmp_path: Path
) -> None:
    for target in ("x.xlsx", "x.graphml", "folder"):
        code, out, _ = run(capsys, "convert", str(small_dataset), str(tmp_path / target))
        assert code == 0 and out == f"{tmp_path / target} geschrieben\n"
        again = coopnet.load(tmp_path / target)
        assert len(again.ties) == 8


def test_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "validate")[0] == 2
    assert run(capsys)[0] == 2
    assert run(capsys, "nonsense")[0] == 2
    assert run(capsys, "--version")[0] == 0


def test_missing_path(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "validate", str(tmp_path / "nope"), "--lang", "en")
    assert code == 1 and "no such file or folder" in out
    code, _, err = run(capsys, "info", str(tmp_path / "nope"), "--lang", "en")
    assert code == 1 and "no such file or folder" in err
    code, _, err = run(capsys, "info", str(tmp_path / "nope"))
    assert code == 1 and "diesen Ordner gibt es nicht" in err


def test_messy_example_validates(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate", str(DATA / "messy_semicolon"), "--lang", "en")
    assert code == 0
    assert "1 self-ties dropped, 1 duplicates merged" in out  # SOZ→007 is a nomination of its own
    assert "columns of actors.csv: 'Kürzel' → id; 'Bezeichnung' → label" in out
    assert "tie rows: nominations (source named target) — no dataset.toml says otherwise" in out


def test_help_does_not_import_heavy_libraries() -> None:
    code = (
        "import sys; from coopnet.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('pandas', 'networkx', 'matplotlib', 'pyvis', 'numpy') "
        "if m in sys.modules]\n"
        "print('HEAVY=' + ','.join(heavy))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip().splitlines()[-1] == "HEAVY="


def test_python_dash_m(small_dataset: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "coopnet", "validate", str(small_dataset)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


ACTOR_CONTRACT = [
    "id",
    "label",
    "group",
    "degree",
    "in_degree",
    "out_degree",
    "strength",
    "betweenness",
    "closeness",
    "harmonic",
    "eigenvector",
    "pagerank",
    "constraint",
    "effective_size",
    "broker_coordinator",
    "broker_itinerant",
    "broker_representative",
    "broker_gatekeeper",
    "broker_liaison",
    "broker_total",
    "cut_vertex",
    "core_number",
    "partner_diversity",
    "community",
]
NETWORK_CONTRACT = [
    "n_actors",
    "n_ties",
    "density",
    "reciprocity",
    "components",
    "largest_component_share",
    "fragmentation",
    "distance_fragmentation",
    "degree_centralization",
    "betweenness_centralization",
    "closeness_centralization",
    "transitivity",
    "average_path_length",
    "ei_index",
    "ei_p_value",
    "modularity",
    "assortativity",
    "connectedness",
    "hierarchy",
    "efficiency",
    "lub_ness",
    "community_nmi",
]


def test_analyze_writes_the_output_contract(
    capsys: pytest.CaptureFixture[str], small_dataset: Path, tmp_path: Path
) -> None:
    import pandas as pd

    out = tmp_path / "out"
    code, stdout, _ = run(
        capsys,
        "analyze",
        str(small_dataset),
        "--period",
        "2016",
        "--out",
        str(out),
        "--key-players",
        "2",
        "--permutations",
        "99",
    )
    assert code == 0
    actors = pd.read_csv(out / "actors.csv", dtype={"id": str})
    assert list(actors.columns) == ACTOR_CONTRACT
    assert sorted(actors["id"]) == ["A", "B", "C", "D", "E", "X"]  # isolate X included
    network = json.loads((out / "network.json").read_text(encoding="utf-8"))
    assert set(NETWORK_CONTRACT) <= set(network)
    assert network["n_actors"] == 6 and network["n_ties"] == 4  # symmetrised union
    groups = pd.read_csv(out / "groups.csv")
    assert list(groups.columns[:6]) == [
        "group",
        "n_actors",
        "internal_ties",
        "external_ties",
        "ei_index",
        "density",
    ]
    mixing = pd.read_csv(out / "mixing.csv", index_col=0)
    assert list(mixing.index) == list(mixing.columns) == ["Politik", "Soziales", "Zivil"]
    players = pd.read_csv(out / "keyplayers.csv")
    assert list(players.columns) == [
        *("rank", "id", "label", "fragmentation_after", "gain", "contribution", "optimal")
    ]
    assert players["id"].tolist()[0] == "A"  # A holds B, C, E together
    assert "  Schlüsselakteure: " in stdout


def test_analyze_directed_weighted_pooled(
    capsys: pytest.CaptureFixture[str], small_dataset: Path, tmp_path: Path
) -> None:
    import pandas as pd

    out = tmp_path / "d"
    code, _, _ = run(
        capsys,
        "analyze",
        str(small_dataset),
        "--out",
        str(out),
        "--directed",
        "--weighted",
        "--permutations",
        "50",
        "-q",
    )
    assert code == 0
    network = json.loads((out / "network.json").read_text(encoding="utf-8"))
    assert network["options"]["directed"] is True and network["options"]["weight"] == "weight"
    assert network["n_ties"] == 7  # pooled distinct arcs: A→B B→A B→C A→C C→A D→C A→E
    periods = pd.read_csv(out / "periods.csv", dtype={"period": str})
    assert periods["period"].tolist() == ["2014", "2016"]
    actors = pd.read_csv(out / "actors.csv", dtype={"id": str}).set_index("id")
    assert actors.loc["A", "degree"] == actors.loc["A", "in_degree"] + actors.loc["A", "out_degree"]


def test_analyze_errors(
    capsys: pytest.CaptureFixture[str], small_dataset: Path, tmp_path: Path
) -> None:
    code, _, err = run(
        capsys, "analyze", str(small_dataset), "--out", str(tmp_path / "x"), "--period", "2015"
    )
    assert code == 1 and "unbekannter Zeitraum „2015“" in err
    code, _, err = run(
        capsys, "analyze", str(small_dataset), "--out", str(tmp_path / "x"), "--group", "abteilung"
    )
    assert code == 1 and "keine Gruppenspalte" in err
    assert not (tmp_path / "x").exists()


def test_what_if(capsys: pytest.CaptureFixture[str], small_dataset: Path, tmp_path: Path) -> None:
    code, out, _ = run(
        capsys,
        "what-if",
        str(small_dataset),
        "--period",
        "2016",
        "--remove",
        "A",
        "--json",
        str(tmp_path / "w.json"),
    )
    assert code == 0
    assert "  von der Hauptkomponente abgeschnitten: B, E" in out
    data = json.loads((tmp_path / "w.json").read_text(encoding="utf-8"))
    assert data["components_before"] == 2 and data["components_after"] == 4
    code, _, err = run(capsys, "what-if", str(small_dataset), "--remove", "a")
    assert code == 1 and "did you mean 'A'" in err


@pytest.mark.parametrize(
    "kind", ["network", "periods", "difference", "mixing", "ranking", "fragmentation", "ei"]
)
def test_plot_every_kind(
    capsys: pytest.CaptureFixture[str], small_dataset: Path, tmp_path: Path, kind: str
) -> None:
    out = tmp_path / f"{kind}.svg"
    code, stdout, err = run(
        capsys, "plot", str(small_dataset), "--kind", kind, "--out", str(out), "--period", "2016"
    )
    assert code == 0, err
    text = out.read_text(encoding="utf-8")
    assert text.lstrip().startswith("<?xml") and "<svg" in text
    assert f"{out} geschrieben" in stdout


def test_plot_network_draws_every_actor(small_dataset: Path) -> None:
    from coopnet.pipeline import plot_dataset

    fig = plot_dataset(coopnet.study(small_dataset), "network", period="2014")
    from matplotlib.collections import PathCollection

    ax = fig.axes[0]
    points = sum(len(c.get_offsets()) for c in ax.collections if isinstance(c, PathCollection))
    assert points == 5  # A, B, C, E and the isolate X exist in 2014; D does not


def test_plot_errors(
    capsys: pytest.CaptureFixture[str],
    small_dataset: Path,
    make_dataset: MakeDataset,
    tmp_path: Path,
) -> None:
    code, _, err = run(
        capsys,
        "plot",
        str(small_dataset),
        "--kind",
        "ranking",
        "--size-by",
        "wichtigkeit",
        "--out",
        str(tmp_path / "r.png"),
    )
    assert code == 1 and "unbekannte Kennzahl „wichtigkeit“" in err
    single = make_dataset("id,group\nA,G\nB,H\n", "source,target\nA,B\n")
    code, _, err = run(
        capsys, "plot", str(single), "--kind", "difference", "--out", str(tmp_path / "d.png")
    )
    assert code == 1 and "mindestens zwei Zeiträumen" in err
    code, _, _ = run(capsys, "plot", str(small_dataset), "--kind", "pie", "--out", "x.png")
    assert code == 2


def test_html_single_and_comparison(
    capsys: pytest.CaptureFixture[str], small_dataset: Path, tmp_path: Path
) -> None:
    code, _, err = run(
        capsys, "html", str(small_dataset), "--period", "2016", "--out", str(tmp_path / "n.html")
    )
    assert code == 0, err
    page = (tmp_path / "n.html").read_text(encoding="utf-8")
    assert "Isoliert X" in page and "https://" not in page.split("vis-network")[0]
    code, _, err = run(
        capsys,
        "html",
        str(small_dataset),
        "--before",
        "2014",
        "--after",
        "2016",
        "--out",
        str(tmp_path / "c.html"),
        "--lang",
        "en",
    )
    assert code == 0, err
    assert (tmp_path / "c.html").stat().st_size > 10_000


def test_html_all_periods_behind_a_slider(
    capsys: pytest.CaptureFixture[str],
    small_dataset: Path,
    make_dataset: MakeDataset,
    tmp_path: Path,
) -> None:
    import json
    import re

    import coopnet
    from coopnet.pipeline import html_page

    out = tmp_path / "p.html"
    code, _, err = run(capsys, "html", str(small_dataset), "--all-periods", "--out", str(out))
    assert code == 0, err
    page = out.read_text(encoding="utf-8")
    study = coopnet.study(small_dataset)
    assert page == html_page(study, all_periods=True)  # the CLI is the API
    match = re.search(
        r'<script type="application/json" id="coopnet-data">(.*?)</script>', page, re.S
    )
    assert match is not None
    data = json.loads(match.group(1))
    assert data["mode"] == "periods" and data["labels"] == list(study.net.periods)
    # each period's own measures behind the slider: degree of every actor per period
    ids = [n["id"] for n in data["nodes"]]
    assert ids and all(len(n["sizes"]) == len(study.net.periods) for n in data["nodes"])
    # bad combinations and data without periods: a clear message, exit 1
    code, _, err = run(
        capsys, "html", str(small_dataset), "--all-periods", "--period", "2016", "--out",
        str(tmp_path / "x.html"),
    )  # fmt: skip
    assert code == 1 and "--all-periods" in err and not (tmp_path / "x.html").exists()
    flat = make_dataset("id,group\nA,G\nB,H\n", "source,target\nA,B\n")
    code, _, err = run(
        capsys, "html", str(flat), "--all-periods", "--out", str(tmp_path / "y.html")
    )
    assert code == 1 and "braucht Zeiträume" in err


def test_compare_two_periods_and_all(
    capsys: pytest.CaptureFixture[str], small_dataset: Path, tmp_path: Path
) -> None:
    import pandas as pd

    out = tmp_path / "cmp"
    code, stdout, err = run(
        capsys,
        "compare",
        str(small_dataset),
        "--before",
        "2014",
        "--after",
        "2016",
        "--out",
        str(out),
        "--permutations",
        "99",
    )
    assert code == 0, err
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    for key in (
        "kept",
        "added",
        "removed",
        "jaccard",
        "qap_correlation",
        "qap_p_value",
        "actors_entered",
        "actors_left",
        "ei_before",
        "ei_after",
    ):
        assert key in summary
    # symmetrised 2014: A-B, B-C; 2016: A-B, A-C, A-E, C-D → kept 1, added 3, removed 1
    assert (summary["kept"], summary["added"], summary["removed"]) == (1, 3, 1)
    assert summary["actors_entered"] in (1, ["D"])
    diff = pd.read_csv(out / "ties_diff.csv")
    assert {"source", "target", "status"} <= set(diff.columns)
    assert sorted(diff["status"]) == ["added", "added", "added", "kept", "removed"]
    assert (out / "actors_delta.csv").exists()
    assert "1 Beziehungen geblieben, 3 neu, 1 weggefallen (Jaccard 0,20)" in stdout  # German
    code, _, _ = run(capsys, "compare", str(small_dataset), "--out", str(tmp_path / "all"))
    assert code == 0
    code, _, _ = run(
        capsys, "compare", str(small_dataset), "--before", "2014", "--out", str(tmp_path / "x")
    )
    assert code == 2


def test_compare_needs_periods(
    capsys: pytest.CaptureFixture[str], make_dataset: MakeDataset, tmp_path: Path
) -> None:
    folder = make_dataset("id,group\nA,G\nB,H\n", "source,target\nA,B\n")
    code, _, err = run(capsys, "compare", str(folder), "--out", str(tmp_path / "c"))
    assert code == 1 and "period" in err


def test_diagnose(capsys: pytest.CaptureFixture[str], small_dataset: Path, tmp_path: Path) -> None:
    code, stdout, err = run(
        capsys,
        "diagnose",
        str(small_dataset),
        "--period",
        "2016",
        "--out",
        str(tmp_path / "d"),
        "--lang",
        "en",
    )
    assert code == 0, err
    findings = json.loads((tmp_path / "d" / "findings.json").read_text(encoding="utf-8"))
    assert findings["findings"], findings
    assert all(
        {"code", "severity", "statement", "question"} <= set(f) for f in findings["findings"]
    )
    assert (tmp_path / "d" / "findings.md").read_text(encoding="utf-8").startswith("#")
    assert (
        f"Klein: {len(findings['topics'])} topics from {len(findings['findings'])} findings"
        in stdout
    )
    code, _, err = run(capsys, "diagnose", str(small_dataset), "--period", "1999")
    assert code == 1 and "unbekannter Zeitraum" in err


def test_batch_reports_failures_without_stopping(
    capsys: pytest.CaptureFixture[str],
    small_dataset: Path,
    make_dataset: MakeDataset,
    tmp_path: Path,
) -> None:
    import shutil

    import pandas as pd

    root = tmp_path / "kommunen"
    root.mkdir()
    shutil.copytree(small_dataset, root / "klein")
    shutil.copytree(make_dataset("id\nA\n", "source,target\nA,Z\n"), root / "kaputt")
    code, stdout, _ = run(
        capsys,
        "batch",
        str(root),
        "--out",
        str(tmp_path / "out"),
        "--jobs",
        "1",
        "--permutations",
        "50",
    )
    assert code == 1
    assert "kaputt: FEHLER" in stdout and "row 2, column 'target', value 'Z'" in stdout
    table = pd.read_csv(tmp_path / "out" / "municipalities.csv")
    assert table.set_index("name").loc["klein", "status"] == "ok"
    assert (tmp_path / "out" / "klein" / "actors.csv").exists()
