"""Tests of coopnet.compare.periods: compare_periods, compare_all and write_comparison.

The small dataset ``fallback`` (built by ``fallback_dataset``) has two groups of five actors:

* 2014: two cliques A = {a1..a5}, B = {b1..b5} (10 + 10 ties) joined by a1-b1 → 21 ties;
* 2016: every a_i-b_j (25 cross ties) plus the task force T (own group "Stab") tied to a3, b3
  and to the initiative V (group "Initiative", V's only tie) → 20 + 25 + 3 = 48 ties; T and V
  exist only in 2016;
* 2022: the cliques with a1-b1 and a2-b2 → 22 ties.

Hand counts: 2014→2016 kept 21, added 27, removed 0, Jaccard 21/48; 2016→2022 kept 22, added 0,
removed 26 (23 a-b ties and T's three), Jaccard 22/48, T and V left. Persistence over (2014,
2016, 2022): new 27 (24 a-b + 3 of T), sustained 1 (a2-b2), lost with actor 3 (T), temporary 23.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path

import pytest

import coopnet
from coopnet.compare import (
    MultiPeriodComparison,
    PeriodComparison,
    compare_all,
    compare_periods,
    write_comparison,
)
from coopnet.compare.periods import period_brokers
from coopnet.config import AnalysisConfig
from coopnet.errors import GraphError
from coopnet.jsonio import to_jsonable
from coopnet.run import Study

from .conftest import MUSTERSTADT

FAST = AnalysisConfig(n_permutations=99, seed=1)
SUMMARY_KEYS = {
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
    "before",
    "after",
    "n_permutations",
    "seed",
    "cross_kept",
    "cross_added",
    "cross_removed",
    "ei_p_before",
    "ei_p_after",
}


def _csv(header: str, rows: list[tuple[object, ...]]) -> str:
    return header + "\n" + "".join(",".join(str(c) for c in row) + "\n" for row in rows)


def fallback_tables(*, fall_back: bool = True) -> tuple[str, str, str]:
    """actors.csv, ties.csv and dataset.toml of the fallback dataset (see module docstring).

    With ``fall_back=False`` the 2022 period keeps every tie of 2016 except T's.
    """
    a = [f"a{i}" for i in range(1, 6)]
    b = [f"b{i}" for i in range(1, 6)]
    actors = [(x, f"Amt {x.upper()}", "Verwaltung A", "Verwaltung", "true", "") for x in a]
    actors += [(x, f"Verein {x.upper()}", "Verein B", "Zivilgesellschaft", "true", "") for x in b]
    actors += [("T", "Taskforce", "Stab", "Verwaltung", "true", "2016")]
    actors += [("V", "Initiative V", "Initiative", "Zivilgesellschaft", "true", "2016")]
    cliques = [(u, v) for grp in (a, b) for i, u in enumerate(grp) for v in grp[i + 1 :]]
    ties = []
    for period in ("2014", "2016", "2022"):
        edges = list(cliques)
        if period == "2014" or (period == "2022" and fall_back):
            edges += [("a1", "b1")] + ([("a2", "b2")] if period == "2022" else [])
        else:
            edges += [(u, v) for u in a for v in b]
        if period == "2016":
            edges += [("T", "a3"), ("T", "b3"), ("T", "V")]
        ties += [(u, v, 1, "info", period) for u, v in edges]
    toml = (
        'name = "Fallback"\ndirected = false\ngroup = "group"\nperiods = ["2014", "2016", "2022"]\n'
    )
    return (
        _csv("id,label,group,sector,responded,periods", actors),
        _csv("source,target,weight,type,period", ties),
        toml,
    )


@pytest.fixture
def fallback_net(make_dataset: Callable[..., Path]) -> coopnet.CooperationNetwork:
    return coopnet.load(make_dataset(*fallback_tables()))


@pytest.fixture(scope="module")
def musterstadt() -> coopnet.CooperationNetwork:
    return coopnet.load(MUSTERSTADT)


# --------------------------------------------------------------------------------------------
# compare_periods


def test_churn_counts_by_hand(fallback_net: coopnet.CooperationNetwork) -> None:
    first = compare_periods(Study(fallback_net, FAST), "2014", "2016")
    assert (first.churn.kept, first.churn.added, first.churn.removed) == (21, 27, 0)
    assert first.churn.jaccard == pytest.approx(21 / 48)
    assert first.churn.actors_entered == ("T", "V")
    # cross-group: a1-b1 kept; 24 a-b ties and T's three added
    assert (first.churn.cross_kept, first.churn.cross_added) == (1, 27)
    second = compare_periods(Study(fallback_net, FAST), "2016", "2022")
    assert (second.churn.kept, second.churn.added, second.churn.removed) == (22, 0, 26)
    assert second.churn.jaccard == pytest.approx(22 / 48)
    assert second.churn.actors_left == ("T", "V")
    assert (second.churn.cross_kept, second.churn.cross_removed) == (2, 26)


def test_summary_keys_and_values(fallback_net: coopnet.CooperationNetwork) -> None:
    result = compare_periods(Study(fallback_net, FAST), "2014", "2016")
    summary = result.summary()
    assert set(summary) >= SUMMARY_KEYS
    assert summary["before"] == "2014" and summary["after"] == "2016"
    assert summary["n_permutations"] == 99 and summary["seed"] == 1
    # E-I by hand: 2014 internal 20, external 1 → -19/21; 2016 internal 20, external 28 → 8/48
    assert summary["ei_before"] == pytest.approx(-19 / 21)
    assert summary["ei_after"] == pytest.approx(8 / 48)
    assert summary["ei_after"] == result.ei_after
    # among the ten actors of both periods 2016 is complete: the QAP correlation is undefined
    assert summary["qap_correlation"] is None and summary["qap_p_value"] is None
    assert "constant" in result.qap.note
    overall = compare_periods(Study(fallback_net, FAST), "2014", "2022").summary()
    assert 0 < overall["qap_correlation"] <= 1 and 0 < overall["qap_p_value"] <= 1
    json.dumps(summary, allow_nan=False)  # JSON-ready, no NaN


def test_actor_deltas_and_risers(fallback_net: coopnet.CooperationNetwork) -> None:
    result = compare_periods(Study(fallback_net, FAST), "2014", "2016")
    actors = result.actors
    assert list(actors.columns[:2]) == ["label", "group"]
    # a2: degree 4 in 2014, 4 + 5 cross = 9 in 2016
    assert actors.loc["a2", "degree_delta"] == 5
    assert actors.loc["T", "status"] == "entered"
    assert math.isnan(actors.loc["T", "degree_delta"])
    assert set(result.risers) == {"degree", "betweenness", "broker_total", "constraint"}
    # everyone except a1/b1 gains 5 partners (a1, b1: 4); T entered → no delta
    assert "T" not in result.risers["degree"].index
    assert result.fallers["constraint"].index.tolist()  # constraint falls with new partners


def test_group_table_and_pairs(fallback_net: coopnet.CooperationNetwork) -> None:
    result = compare_periods(Study(fallback_net, FAST), "2016", "2022")
    groups = result.groups.set_index("group")
    assert groups.loc["Stab", "n_actors_before"] == 1
    assert math.isnan(groups.loc["Stab", "n_actors_after"])
    assert groups.loc["Verwaltung A", "external_before"] == 26  # 25 to B + T-a3
    assert groups.loc["Verwaltung A", "external_after"] == 2
    mixing = result.mixing.set_index(["group_a", "group_b"])
    assert mixing.loc[("Stab", "Verwaltung A"), "status"] == "lost"
    assert mixing.loc[("Verein B", "Verwaltung A"), "status"] == "fewer"
    assert mixing.loc[("Verein B", "Verwaltung A"), "ties_before"] == 25
    assert mixing.loc[("Verwaltung A", "Verwaltung A"), "status"] == "same"
    assert result.summary()["group_pairs_lost"] == [
        ["Initiative", "Stab"],
        ["Stab", "Verein B"],
        ["Stab", "Verwaltung A"],
    ]


def test_one_study_computes_each_analysis_and_comparison_once(
    fallback_net: coopnet.CooperationNetwork,
) -> None:
    study = Study(fallback_net, FAST)
    found = {p: study.analysis(p) for p in ("2014", "2016")}
    result = compare_periods(study, "2014", "2016")
    assert result.analyses["2014"] is found["2014"]
    assert result.analyses["2016"] is found["2016"]
    assert compare_periods(study, "2014", "2016") is result
    multi = compare_all(study)
    assert multi.pairs[0] is result
    assert study.counts == {"graphs": 3, "analyses": 3}
    again = compare_periods(Study(fallback_net, FAST), "2014", "2016")
    assert again.summary() == result.summary()


def test_errors(
    fallback_net: coopnet.CooperationNetwork, make_dataset: Callable[..., Path]
) -> None:
    with pytest.raises(GraphError, match="two different periods"):
        compare_periods(Study(fallback_net, FAST), "2016", "2016")
    with pytest.raises(GraphError, match="unknown period"):
        compare_periods(Study(fallback_net, FAST), "2014", "2015")
    with pytest.raises(GraphError, match="middle"):
        compare_all(Study(fallback_net, FAST), middle="2014")
    single = coopnet.load(make_dataset("id,group\nx,A\ny,B\n", "source,target\nx,y\n"))
    with pytest.raises(GraphError, match="at least two periods"):
        compare_all(Study(single, FAST))


# --------------------------------------------------------------------------------------------
# compare_all and persistence


def test_compare_all_fallback(fallback_net: coopnet.CooperationNetwork) -> None:
    multi = compare_all(Study(fallback_net, FAST))
    assert multi.periods == ("2014", "2016", "2022")
    assert [(p.before, p.after) for p in multi.pairs] == [("2014", "2016"), ("2016", "2022")]
    assert multi.overall is not None and multi.overall.name == "2014_2022"
    assert multi.persistence_periods == ("2014", "2016", "2022")
    p = multi.persistence
    assert p is not None
    assert (p.new, p.sustained, p.temporary, p.lost_with_actor) == (27, 1, 23, 3)
    assert "T" in multi.brokers["2016"] and "T" in p.brokers_disappeared
    assert list(multi.churn["removed"]) == [0, 26]
    summary = multi.summary()
    assert set(summary) >= SUMMARY_KEYS
    assert (summary["before"], summary["after"]) == ("2014", "2022")
    assert summary["persistence"]["sustained"] == 1
    assert summary["brokers"]["2016"][0] == "T"


def test_middle_is_most_integrated_interior_period(make_dataset: Callable[..., Path]) -> None:
    # four periods: the second is the crisis (cross ties), the third already fell back
    actors, ties, _ = fallback_tables()
    rows = ties.splitlines()
    extra = [r.replace(",2014", ",2020") for r in rows if r.endswith(",2014")]
    toml = 'directed = false\ngroup = "group"\nperiods = ["2014", "2016", "2020", "2022"]\n'
    net = coopnet.load(make_dataset(actors, "\n".join([*rows, *extra]) + "\n", toml))
    multi = compare_all(Study(net, FAST))
    assert multi.persistence_periods == ("2014", "2016", "2022")
    assert set(multi.consecutive_persistence) == {"2014_2016_2020", "2016_2020_2022"}
    assert len(multi.pairs) == 3


def test_period_brokers_rule(fallback_net: coopnet.CooperationNetwork) -> None:
    found = {"2014": Study(fallback_net, FAST).analysis("2014")}
    # 2014: only a1 and b1 lie on shortest paths (the bridge); everyone else has betweenness 0
    assert period_brokers(found["2014"]) == ("a1", "b1")
    assert period_brokers(found["2014"], n=1) == ("a1",)


# --------------------------------------------------------------------------------------------
# files


def test_write_comparison_pair(fallback_net: coopnet.CooperationNetwork, tmp_path: Path) -> None:
    result = compare_periods(Study(fallback_net, FAST), "2016", "2022")
    written = write_comparison(result, tmp_path / "out")
    names = [p.name for p in written]
    assert names == [
        "summary.json",
        "ties_diff.csv",
        "actors_delta.csv",
        "groups_delta.csv",
        "mixing_delta.csv",
    ]
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert summary["removed"] == 26
    ties = (tmp_path / "out" / "ties_diff.csv").read_text(encoding="utf-8").splitlines()
    assert ties[0].startswith("source,target,status,weight_before,weight_after")
    assert len(ties) == 1 + 48
    groups = (tmp_path / "out" / "groups_delta.csv").read_text(encoding="utf-8")
    assert groups.splitlines()[0].startswith("group,n_actors_before,n_actors_after")


def test_write_comparison_multi_layout_and_bytes(
    fallback_net: coopnet.CooperationNetwork, tmp_path: Path
) -> None:
    multi = compare_all(Study(fallback_net, FAST))
    written = write_comparison(multi, tmp_path / "a")
    relative = {p.relative_to(tmp_path / "a").as_posix() for p in written}
    assert {"summary.json", "periods.csv", "persistence.json", "persistence_ties.csv"} <= relative
    for pair in ("2014_2016", "2016_2022", "2014_2022"):
        assert f"{pair}/summary.json" in relative and f"{pair}/ties_diff.csv" in relative
    persistence = json.loads((tmp_path / "a" / "persistence.json").read_text(encoding="utf-8"))
    assert persistence["periods"] == ["2014", "2016", "2022"]
    assert persistence["new"] == 27
    # the same input gives byte-identical files
    again = compare_all(Study(fallback_net, FAST))
    write_comparison(again, tmp_path / "b")
    for path in written:
        other = tmp_path / "b" / path.relative_to(tmp_path / "a")
        assert path.read_bytes() == other.read_bytes(), path.name


def test_two_periods_have_no_persistence(make_dataset: Callable[..., Path], tmp_path: Path) -> None:
    actors, ties, _ = fallback_tables()
    rows = [r for r in ties.splitlines() if not r.endswith(",2022")]
    toml = 'directed = false\ngroup = "group"\nperiods = ["2014", "2016"]\n'
    net = coopnet.load(make_dataset(actors, "\n".join(rows) + "\n", toml))
    multi = compare_all(Study(net, FAST))
    assert isinstance(multi, MultiPeriodComparison)
    assert multi.persistence is None and multi.overall is None
    out = tmp_path / "out"
    written = {p.relative_to(out).as_posix() for p in write_comparison(multi, out)}
    assert "persistence.json" not in written and "2014_2016/summary.json" in written
    assert json.loads((out / "summary.json").read_text(encoding="utf-8"))["kept"] == 21


def test_to_jsonable_turns_nan_into_null() -> None:
    import numpy as np

    value = {"a": math.nan, "b": (1, np.float64(2.5), np.int64(3)), 4: math.inf}
    assert to_jsonable(value) == {"a": None, "b": [1, 2.5, 3], "4": None}


# --------------------------------------------------------------------------------------------
# Musterstadt: the figures of its codebook


def test_musterstadt_story_figures(musterstadt: coopnet.CooperationNetwork) -> None:
    multi = compare_all(Study(musterstadt, FAST))
    assert isinstance(multi.pairs[0], PeriodComparison)
    assert multi.persistence_periods == ("2014", "2016", "2022")
    p = multi.persistence
    assert p is not None
    # codebook: 102 cross-group ties new in 2016, 76 between actors that still exist, 41 persist
    assert p.cross_new == 102
    assert (p.cross_sustained or 0) + (p.cross_temporary or 0) == 76
    assert p.cross_sustained == 41
    assert "LG-FA" in p.brokers_disappeared and "KI" in p.brokers_kept
    assert multi.brokers["2016"][:2] == ("KI", "LG-FA")
    summary = multi.pairs[1].summary()
    assert summary["ei_before"] == pytest.approx(0.118, abs=1e-3)
    assert summary["ei_after"] == pytest.approx(-0.097, abs=1e-3)
