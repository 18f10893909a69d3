"""Tests of coopnet.run: the Study resolves options once, builds each graph once, and gives the
numbers the command line gives."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

import coopnet
from coopnet.cli import main
from coopnet.compare import compare_all, compare_periods, qap_correlation
from coopnet.config import AnalysisConfig
from coopnet.diagnose import diagnose
from coopnet.errors import GraphError, InputError
from coopnet.report import build_report
from coopnet.run import Study

from .conftest import MUSTERSTADT, ROOT

MakeDataset = Callable[..., Path]
FAST = AnalysisConfig(n_permutations=99)

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _readme_python_example() -> str:
    section = README.split("## Python API", 1)[1]
    return re.findall(r"```python\n(.+?)\n```", section, flags=re.S)[0]


def test_readme_python_example_gives_the_cli_numbers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # the README's Python example, run as a user would from the repository root ...
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").symlink_to(ROOT / "data")
    namespace: dict[str, object] = {}
    exec(compile(_readme_python_example(), "README.md", "exec"), namespace)
    printed = capsys.readouterr().out
    assert "0.099 0.33" in printed  # the numbers the README states
    result = namespace["result"]
    # ... and the CLI on the same data give the same numbers
    assert main(["analyze", "data/musterstadt", "--period", "2016", "--out", "cli", "-q"]) == 0
    network = json.loads((tmp_path / "cli" / "network.json").read_text(encoding="utf-8"))
    actors = pd.read_csv(tmp_path / "cli" / "actors.csv", index_col="id")
    assert network["density"] == pytest.approx(result.network["density"], abs=1e-12)  # type: ignore[attr-defined]
    assert actors.at["KI", "betweenness"] == pytest.approx(
        result.actors.at["KI", "betweenness"],  # type: ignore[attr-defined]
        abs=1e-12,
    )
    assert round(network["density"], 3) == 0.099
    assert round(actors.at["KI", "betweenness"], 2) == 0.33
    # the CLI records the resolved options and why
    assert network["study"]["group"] == "group"
    assert network["study"]["directed"] is False
    assert "dataset.toml" in network["study"]["reasons"]["group"]


def test_the_default_graph_is_the_analysed_one() -> None:
    net = coopnet.load(MUSTERSTADT)
    study = Study(net)
    assert not net.graph("2016").is_directed()  # the API's default: symmetrised, as analysed
    plain, analysed = net.graph("2016"), study.graph("2016")
    assert sorted(plain.edges(data="weight")) == sorted(analysed.edges(data="weight"))
    assert dict(plain.nodes(data=True)) == dict(analysed.nodes(data=True))
    assert isinstance(net.graph("2016", directed=True), nx.DiGraph)
    assert coopnet.metrics.density(net.graph("2016")) == pytest.approx(
        study.analysis("2016").network["density"]
    )


def test_each_graph_and_analysis_once_in_a_report(tmp_path: Path) -> None:
    study = coopnet.study(MUSTERSTADT, n_permutations=99)
    build_report(study, tmp_path / "r")
    # three periods: the symmetrised ties and the nominations (summary, diagnosis) of each
    assert study.counts == {"graphs": 6, "analyses": 3}
    # later calls reuse what the report computed
    assert compare_all(study) is compare_all(study)
    assert diagnose(study) is diagnose(study)
    assert study.counts == {"graphs": 6, "analyses": 3}


def test_graphs_and_analyses_are_cached() -> None:
    study = coopnet.study(MUSTERSTADT, n_permutations=99)
    assert study.graph("2016") is study.graph("2016")
    assert study.graph(None) is study.graph("all")
    assert study.analysis("2014") is study.analysis("2014")
    assert study.ties("2016") is study.graph("2016")  # symmetrised analysis: the same graph
    nominations = study.nominations("2016")
    assert isinstance(nominations, nx.DiGraph) and nominations is study.nominations("2016")
    assert compare_periods(study, "2014", "2016").analyses["2014"] is study.analysis("2014")
    # 2016 and the pooled network (ties), the 2016 nominations, 2014 (ties)
    assert study.counts == {"graphs": 4, "analyses": 2}


def test_options_are_resolved_once_with_reasons(make_dataset: MakeDataset) -> None:
    actors = "id,label,group,sector\nA,Amt A,X,öff\nB,Amt B,X,öff\nC,Verein C,Y,zivil\n"
    ties = "source,target,type\nA,B,info\nB,C,projekt\nC,B,projekt\n"
    folder = make_dataset(actors, ties, 'directed = true\ngroup = "sector"\n')
    study = coopnet.study(folder)
    assert study.options.group == "sector"
    assert study.options.reasons["group"] == "dataset.toml: group = 'sector'"
    assert study.options.directed is False
    assert "symmetrised" in study.options.reasons["directed"]
    explicit = coopnet.study(folder, group="group", directed=True, tie_types=["projekt"])
    assert explicit.options.group == "group"
    assert explicit.options.reasons["group"] == "chosen: group = 'group'"
    assert explicit.options.tie_types == ("projekt",)
    assert explicit.graph().is_directed()
    assert sorted(explicit.graph().edges) == [("B", "C"), ("C", "B")]
    assert explicit.options.to_dict()["tie_types"] == ["projekt"]


def test_no_grouping_column_is_none_not_invented(make_dataset: MakeDataset) -> None:
    folder = make_dataset("id,label\nA,Amt A\nB,Amt B\n", "source,target\nA,B\n")
    study = coopnet.study(folder)
    assert study.options.group is None
    assert "no grouping column" in study.options.reasons["group"]
    with pytest.raises(GraphError, match="needs a grouping column"):
        study.require_group("the report")


def test_bad_options_fail_once_with_clear_messages(make_dataset: MakeDataset) -> None:
    undirected = make_dataset("id,group\nA,X\nB,Y\n", "source,target\nA,B\n", "directed = false\n")
    with pytest.raises(GraphError) as err:
        coopnet.study(undirected, directed=True)
    # no Python advice and no file that may not exist: what is wrong and what to do
    assert "undirected" in str(err.value) and "directed=False" not in str(err.value)
    with pytest.raises(GraphError, match="unknown tie type"):
        coopnet.study(undirected, tie_types=["nope"])
    with pytest.raises(GraphError, match="no grouping column 'dept'"):
        coopnet.study(undirected, group="dept")
    with pytest.raises(GraphError, match="n_permutations must be at least 1"):
        coopnet.study(undirected, n_permutations=0)
    with pytest.raises(GraphError, match="period '2015' does not exist"):
        coopnet.study(undirected).graph("2015")


def test_analysis_options_from_dataset_toml_and_an_options_file(
    make_dataset: MakeDataset, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    actors = "id,label,group,sector\nA,Amt A,X,öff\nB,Amt B,X,öff\nC,Verein C,Y,zivil\n"
    ties = "source,target,weight\nA,B,3\nB,C,1\n"
    folder = make_dataset(
        actors, ties, 'directed = false\n[analysis]\ngroup = "sector"\npermutations = 49\n'
    )
    study = coopnet.study(folder)
    assert (study.options.group, study.options.n_permutations) == ("sector", 49)
    options = tmp_path / "coopnet.toml"
    options.write_text("[analysis]\nweighted = true\nseed = 7\n", encoding="utf-8")
    assert AnalysisConfig.from_toml(options) == AnalysisConfig(weighted=True, seed=7)
    out = tmp_path / "a"
    assert main(["analyze", str(folder), "--out", str(out), "-q"]) == 0
    network = json.loads((out / "network.json").read_text(encoding="utf-8"))
    assert network["study"]["group"] == "sector" and network["options"]["n_permutations"] == 49
    # --options replaces dataset.toml's table; flags override both
    args = ["analyze", str(folder), "--out", str(out), "-q", "--options", str(options)]
    assert main([*args, "--seed", "3"]) == 0
    network = json.loads((out / "network.json").read_text(encoding="utf-8"))
    assert network["study"]["weighted"] is True and network["study"]["seed"] == 3
    assert network["study"]["group"] == "group"
    # unknown keys and wrong values are named
    options.write_text("[analysis]\nweigthed = true\npermutations = 0\n", encoding="utf-8")
    assert main([*args]) == 1
    err = capsys.readouterr().err
    assert "weigthed" in err and "permutations" in err
    french = make_dataset(actors, ties, '[analysis]\nlang = "fr"\n')
    with pytest.raises(InputError, match=r"analysis\.lang"):
        coopnet.load(french)


def test_weighted_comparison_uses_weighted_qap() -> None:
    study = coopnet.study(MUSTERSTADT, weighted=True, n_permutations=99)
    pair = compare_periods(study, "2014", "2016")
    weighted = qap_correlation(
        study.graph("2014"), study.graph("2016"), n_permutations=99, weight="weight"
    )
    binary = qap_correlation(study.graph("2014"), study.graph("2016"), n_permutations=99)
    assert pair.qap.correlation == pytest.approx(weighted.correlation)
    assert pair.qap.correlation != pytest.approx(binary.correlation)


def test_cli_usage_errors_are_not_tracebacks(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = str(MUSTERSTADT)
    for args in (
        ["analyze", data, "--out", str(tmp_path / "x"), "--permutations", "0"],
        ["analyze", data, "--out", str(tmp_path / "x"), "--key-players", "-1"],
        ["analyze", data, "--out", str(tmp_path / "x"), "--key-players", "two"],
        ["diagnose", data, "--top", "0"],
        ["batch", data, "--out", str(tmp_path / "x"), "--jobs", "0"],
    ):
        assert main(args) == 2, args
        err = capsys.readouterr().err
        assert "Traceback" not in err and ("mindestens" in err or "keine ganze Zahl" in err)


def test_cli_json_dash_prints_to_stdout(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["info", str(MUSTERSTADT), "--json", "-"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["n_actors"] == 72
    assert main(["validate", str(MUSTERSTADT), "--json", "-"]) == 0
    assert json.loads(capsys.readouterr().out)["valid"] is True
    assert not (tmp_path / "-").exists()


def test_cli_interrupt_and_internal_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("coopnet.model.validate", interrupted)
    assert main(["validate", str(MUSTERSTADT)]) == 130
    assert capsys.readouterr().err == "Abgebrochen.\n"

    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr("coopnet.model.validate", broken)
    assert main(["validate", str(MUSTERSTADT)]) == 70
    err = capsys.readouterr().err
    assert err.startswith("Fehler: interner Fehler (ZeroDivisionError: boom). Das ist ein Fehler")
    assert "Traceback" not in err


def test_every_analysis_command_takes_the_analysis_options() -> None:
    from coopnet.cli import ANALYSIS, COMMANDS

    for name in ("analyze", "what-if", "plot", "html", "compare", "diagnose", "report"):
        assert set(ANALYSIS) <= set(COMMANDS[name].options), name


def test_pseudonymise_hides_person_labels_in_every_output(
    make_dataset: MakeDataset, tmp_path: Path
) -> None:
    actors = (
        "id,label,group,person\nA,Sozialamt,Amt,false\nP1,Erika Mustermann,Ehrenamt,true\n"
        "B,Jugendamt,Amt,\n"
    )
    folder = make_dataset(actors, "source,target\nA,P1\nP1,B\nA,B\n", "directed = false\n")
    study = coopnet.study(folder, pseudonymise=True)
    assert study.labels()["P1"] == "P1" and study.labels()["A"] == "Sozialamt"
    assert study.graph().nodes["P1"]["label"] == "P1"
    out = tmp_path / "a"
    assert main(["analyze", str(folder), "--out", str(out), "--pseudonymise", "-q"]) == 0
    written = "".join(p.read_text(encoding="utf-8") for p in out.iterdir())
    assert "Mustermann" not in written and "Sozialamt" in written
    assert main(["analyze", str(folder), "--out", str(tmp_path / "b"), "-q"]) == 0
    assert "Mustermann" in (tmp_path / "b" / "actors.csv").read_text(encoding="utf-8")


def test_limit_flag_changes_a_limit(
    make_dataset: MakeDataset, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = make_dataset("id,label\nA," + "x" * 40 + "\nB,Amt B\n", "source,target\nA,B\n")
    assert main(["validate", str(folder), "--limit", "label_chars=20"]) == 1
    assert "label_chars" in capsys.readouterr().out
    assert main(["validate", str(folder), "--limit", "label_chars=50"]) == 0
    assert main(["info", str(folder), "--limit", "label_chars=20"]) == 1
    assert main(["validate", str(folder), "--limit", "nonsense=3"]) == 1
    assert "nonsense" in capsys.readouterr().err
    with pytest.raises(InputError, match="label_chars"):
        coopnet.study(folder, limits=coopnet.Limits(label_chars=20))
