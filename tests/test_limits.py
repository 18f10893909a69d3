"""coopnet.config.Limits: parsing, messages, and each limit enforced with a clear error."""

from __future__ import annotations

import difflib
from pathlib import Path

import numpy as np
import pytest

import coopnet
import coopnet.errors
from coopnet.config import Limits
from coopnet.errors import ClosestMatcher, InputError, closest

from .conftest import MakeDataset


def errors_of(report: coopnet.ValidationReport, code: str) -> list[coopnet.Problem]:
    return [p for p in report.errors if p.code == code]


def test_defaults_and_from_strings() -> None:
    limits = Limits.from_strings(["label_chars=5000", "rows = 1_000_000", "weight-max=1e9"])
    assert (limits.label_chars, limits.rows, limits.weight_max) == (5000, 1_000_000, 1e9)
    assert Limits.from_strings([]) == Limits()
    with pytest.raises(InputError) as info:
        Limits.from_strings(["nope=1", "rows=many", "cell_chars=2.5", "periods"])
    messages = [p.message for p in info.value.problems]
    assert len(messages) == 4
    assert "unknown limit" in messages[0] and "label_chars" in messages[0]
    with pytest.raises(InputError, match="1e\\+09"):
        Limits(weight_max=1e300)
    with pytest.raises(InputError, match="weight_max / weight_min"):
        Limits(weight_min=1e-9, weight_max=1e9)
    assert "--limit weight_max=5e+08 " in Limits().exceeded("weight_max", 5e8, "w").message
    hint = Limits(weight_max=1e9).exceeded("weight_min", 1e-8, "the weight").message
    assert "--limit weight_min=1e-08 --limit weight_max=1e+07" in hint  # keeps the spread
    assert Limits.from_strings(["weight_min=1e-08", "weight_max=1e+07"]).weight_max == 1e7
    with pytest.raises(InputError, match="positive"):
        Limits(rows=0)


def test_limit_error_names_limit_value_and_how_to_raise_it(make_dataset: MakeDataset) -> None:
    actors = "id,label\nA," + "x" * 100_000 + "\nB,Amt B\n"
    report = coopnet.validate(make_dataset(actors, "source,target\nA,B\n"))
    [found] = errors_of(report, "limit_exceeded")
    assert (found.file, found.row, found.column) == ("actors.csv", 2, "label")
    assert len(found.value or "") < 100
    assert "100,000" in found.message and "label_chars = 1,000" in found.message
    assert "--limit label_chars=100000" in found.message
    big = coopnet.validate(
        make_dataset(actors, "source,target\nA,B\n"), limits=Limits(label_chars=200_000)
    )
    assert big.ok


def test_field_beyond_the_csv_modules_limit(make_dataset: MakeDataset) -> None:
    ties = "source,target,note\nA,B," + "n" * 140_000 + "\n"
    report = coopnet.validate(make_dataset("id\nA\nB\n", ties))
    [found] = errors_of(report, "limit_exceeded")
    assert (found.row, found.column) == (2, "note") and "cell_chars" in found.message
    assert coopnet.validate(make_dataset("id\nA\nB\n", ties), limits=Limits(cell_chars=200_000)).ok


def test_periods_limit(make_dataset: MakeDataset) -> None:
    periods = ", ".join(f'"{2000 + i}"' for i in range(200))
    folder = make_dataset(
        "id\nA\nB\n", "source,target,period\nA,B,2000\n", f"periods = [{periods}]\n"
    )
    [found] = errors_of(coopnet.validate(folder), "limit_exceeded")
    assert (found.file, found.column) == ("dataset.toml", "periods")
    assert "--limit periods=200" in found.message
    assert coopnet.validate(folder, limits=Limits(periods=200)).ok


@pytest.mark.parametrize(("weight", "limit"), [("1e308", "weight_max"), ("1e-300", "weight_min")])
def test_extreme_weights_are_refused(make_dataset: MakeDataset, weight: str, limit: str) -> None:
    folder = make_dataset("id\nA\nB\nC\n", f"source,target,weight\nA,B,{weight}\nB,C,1\n")
    [found] = errors_of(coopnet.validate(folder), "limit_exceeded")
    assert (found.row, found.column, found.value) == (2, "weight", weight)
    assert limit in found.message and "rescale" in found.message


@pytest.mark.parametrize(("low", "high"), [(1e-6, 1e9), (1e-9, 1e6), (1e-6, 1e6)])
def test_accepted_extreme_weights_do_not_overflow_weighted_measures(
    make_dataset: MakeDataset, low: float, high: float
) -> None:
    pytest.importorskip("igraph")  # imported: the weighted betweenness runs in igraph, which warns
    from coopnet.metrics import analyze  # (an error here) about distances below its tolerance

    widest = Limits(weight_min=low, weight_max=high)
    actors = "id,group\n" + "".join(f"{a},{'G1' if a < 'E' else 'G2'}\n" for a in "ABCDEFGH")
    pairs = ["AB", "BC", "CD", "DE", "EF", "FG", "GH", "HA", "AE", "BF"]
    ties = "source,target,weight\n" + "".join(
        f"{s},{t},{high if i % 2 else low:g}\n" for i, (s, t) in enumerate(pairs)
    )
    net = coopnet.load(make_dataset(actors, ties), limits=widest)
    with np.errstate(over="raise", invalid="raise"):
        result = analyze(net.graph(), group="group", weight="weight")
    for frame in (result.actors, result.groups):
        numbers = frame.select_dtypes("number").to_numpy(dtype=float)
        assert not np.isinf(numbers).any()


def test_suggestions_are_capped_with_a_note(make_dataset: MakeDataset) -> None:
    ties = "source,target\n" + "".join(f"X{i},A\n" for i in range(5)) + "X0,A\n"
    report = coopnet.validate(make_dataset("id\nA\nX0a\n", ties), limits=Limits(suggestions=2))
    unknown = errors_of(report, "unknown_actor")
    assert len(unknown) == 6
    # X0 and X1 are looked up (X0 twice, from the cache; X1 has no close match), X2-X4 are not
    assert sum("did you mean 'X0a'" in p.message for p in unknown) == 2
    assert any("3 more unknown actor id(s)" in n for n in report.notes)


def test_closest_compares_few_candidates_among_many(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[int] = []
    real = difflib.get_close_matches

    def counting(word: str, possibilities: list[str], **kwargs: object) -> list[str]:
        seen.append(len(possibilities))
        return real(word, possibilities, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(coopnet.errors.difflib, "get_close_matches", counting)
    ids = [f"Amt {i:05d} Nord" for i in range(5000)]
    assert closest("Amt 01234 Nrd", ids) == "Amt 01234 Nord"
    assert max(seen) <= 30
    matcher = ClosestMatcher(ids)
    assert [matcher("amt 00042 nord"), matcher("Amt 00042 Nor"), matcher("Amt 00042 Nor")] == [
        "Amt 00042 Nord",
        "Amt 00042 Nord",
        "Amt 00042 Nord",
    ]
    assert closest("zzzz", ["SOZ", "KI"]) is None


def test_limits_reach_every_reader(tmp_path: Path) -> None:
    import networkx as nx

    g = nx.Graph()
    g.add_edges_from((f"a{i}", f"a{i + 1}") for i in range(20))
    nx.write_graphml(g, tmp_path / "g.graphml")
    report = coopnet.validate(tmp_path / "g.graphml", limits=Limits(rows=10))
    assert "--limit rows=" in errors_of(report, "limit_exceeded")[0].message
