"""``responded`` per period: the periods in which an actor answered (``2022;2024``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import coopnet
from coopnet.diagnose import diagnose
from coopnet.messages import format_problem
from coopnet.validation import responded_in

from .conftest import MakeDataset

# Three actors, two waves. A answered both, B only 2022, C never.
#   2022: A→B, B→A, B→C        2024: A→B, A→C, C→A
# By hand, per wave:
#   2022: respondents A, B; non-respondent C. Unobserved pairs: none (one non-respondent).
#         Reciprocity over arcs among respondents: A→B, B→A → 2/2 = 1; B→C is towards a
#         non-respondent, so it is not counted as unreciprocated.
#   2024: respondent A; non-respondents B, C → one unobserved pair (B, C). A→B and A→C are
#         towards non-respondents: no arc among respondents, reciprocity None, 0 unreciprocated.
#         C→A is a nomination by a non-respondent (a warning, kept).
ACTORS = "id,label,responded\nA,Amt A,2022;2024\nB,Amt B,2022\nC,Verein C,false\n"
TIES = "source,target,period\nA,B,2022\nB,A,2022\nB,C,2022\nA,B,2024\nA,C,2024\nC,A,2024\n"
TOML = 'periods = ["2022", "2024"]\nsymmetrise = "mutual"\n'


@pytest.fixture
def waves(make_dataset: MakeDataset) -> Path:
    return make_dataset(ACTORS, TIES, TOML)


def test_responded_in_resolves_values_per_period() -> None:
    assert responded_in("2022;2024", "2024") is True
    assert responded_in("2022", "2024") is False
    assert responded_in("2022", None) is True
    assert responded_in(True, "2024") is True and responded_in(False, None) is False
    assert responded_in(None, "2022") is None and responded_in(float("nan"), "2022") is None


def test_respondents_per_period(waves: Path) -> None:
    net = coopnet.load(waves)
    assert net.responded("2022") == {"A": True, "B": True, "C": False}
    assert net.responded("2024") == {"A": True, "B": False, "C": False}
    assert net.responded() == {"A": True, "B": True, "C": False}  # at least once
    assert [p.code for p in net.report.warnings] == ["non_respondent_source"]
    assert net.report.warnings[0].row == 7  # C→A in 2024; B→C in 2022 is no warning
    # the node attribute every measure reads is the period's value
    assert dict(net.graph("2022").nodes(data="responded")) == {"A": True, "B": True, "C": False}
    assert dict(net.graph("2024").nodes(data="responded")) == {"A": True, "B": False, "C": False}
    with pytest.raises(coopnet.GraphError, match="unknown period '2023'"):
        net.responded("2023")


def test_summary_per_period_by_hand(waves: Path) -> None:
    summary = coopnet.load(waves).summary()
    rows = {r["period"]: r for r in summary["by_period"]}
    assert (rows["2022"]["unobserved_dyads"], rows["2024"]["unobserved_dyads"]) == (0, 1)
    assert rows["2022"]["reciprocity"] == 1.0 and rows["2022"]["unreciprocated"] == 0
    assert rows["2024"]["reciprocity"] is None and rows["2024"]["unreciprocated"] == 0
    assert rows["2022"]["response_rate"] == pytest.approx(2 / 3)
    assert rows["2024"]["response_rate"] == pytest.approx(1 / 3)
    assert summary["response_rate"] == pytest.approx(3 / 6)  # actor-periods answered


def test_unreciprocated_per_period(waves: Path) -> None:
    net = coopnet.load(waves)
    # with B a respondent (2022), A→B unreturned would count; in 2024 B did not answer
    assert net.unreciprocated("2024").empty


def test_unreciprocated_when_the_partner_answered(make_dataset: MakeDataset) -> None:
    flipped = ACTORS.replace("B,Amt B,2022", "B,Amt B,2024")
    table = coopnet.load(make_dataset(flipped, TIES, TOML)).unreciprocated("2024")
    assert table[["source", "target"]].values.tolist() == [["A", "B"]]


def test_mutual_symmetrisation_per_period(waves: Path) -> None:
    net = coopnet.load(waves)
    # 2022: A–B mutual; B→C kept (C cannot confirm). 2024: A→B and A→C kept (B and C did not
    # answer in 2024), C→A confirms A→C: reciprocated
    assert sorted(map(sorted, net.graph("2022").edges())) == [["A", "B"], ["B", "C"]]
    g = net.graph("2024")
    assert sorted(map(sorted, g.edges())) == [["A", "B"], ["A", "C"]]
    assert g.edges["A", "C"]["reciprocated"] and not g.edges["A", "B"]["reciprocated"]


def test_diagnosis_counts_the_non_respondents_of_the_period(make_dataset: MakeDataset) -> None:
    """D is isolated in both waves; it answered in 2022 only (and C in neither)."""
    actors = ACTORS + "D,Initiative D,2022\n"
    study = coopnet.study(make_dataset(actors, TIES, TOML), n_permutations=9)

    def silent(period: str) -> object:
        [found] = diagnose(study, period=period).by_code("isolated_actor")
        return {e.measure: e.value for e in found.evidence}.get("non_respondents")

    assert silent("2022") is None  # D answered: no silent isolate
    assert silent("2024") == 1


@pytest.mark.parametrize(
    ("actors", "toml", "code", "value", "german"),
    [
        (
            "id,responded\nA,2022;2023\nB,ja\n",
            'periods = ["2022", "2024"]\n',
            "response_period",
            "2023",
            "weder ja/nein noch ein Zeitraum der Daten (Zeiträume: 2022, 2024)",
        ),
        (
            "id,responded,periods\nA,2022;2024,2022\nB,ja,\n",
            'periods = ["2022", "2024"]\n',
            "response_period",
            "2024",
            "ist aber laut „periods“ nicht dabei (seine Zeiträume: 2022)",
        ),
        (
            "id,responded\nA,vielleicht\nB,ja\n",
            None,
            "bad_responded",
            "vielleicht",
            "erwartet wird true/false",
        ),
    ],
)
def test_bad_periods_in_responded(
    make_dataset: MakeDataset,
    actors: str,
    toml: str | None,
    code: str,
    value: str,
    german: str,
) -> None:
    ties = "source,target,period\nA,B,2022\n" if toml else "source,target\nA,B\n"
    report = coopnet.validate(make_dataset(actors, ties, toml))
    [error] = report.errors
    assert (error.code, error.file, error.row, error.column, error.value) == (
        code,
        "actors.csv",
        2,
        "responded",
        value,
    )
    assert german in format_problem(error, "de")


def test_responded_periods_without_declared_periods(make_dataset: MakeDataset) -> None:
    """The periods found in the ties count when dataset.toml lists none."""
    actors = "id,responded\nA,2024\nB,2022;2024\n"
    net = coopnet.load(make_dataset(actors, "source,target,period\nA,B,2022\nB,A,2024\n"))
    assert net.responded("2022") == {"A": False, "B": True}


def test_written_and_read_back(waves: Path, tmp_path: Path) -> None:
    net = coopnet.load(waves)
    back = coopnet.load(net.write(tmp_path / "copy"))
    assert back.responded("2024") == net.responded("2024")
    assert back.actors["responded"].tolist() == ["2022;2024", "2022", False]


def test_plain_true_false_stay_boolean(small_dataset: Path) -> None:
    assert str(coopnet.load(small_dataset).actors["responded"].dtype) == "boolean"


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    answered=st.lists(st.booleans(), min_size=4, max_size=4),
    arcs=st.sets(
        st.tuples(st.sampled_from("ABCD"), st.sampled_from("ABCD")).filter(lambda a: a[0] != a[1]),
        max_size=8,
    ),
)
def test_listing_every_period_is_the_same_as_true(
    make_dataset: MakeDataset, answered: list[bool], arcs: set[tuple[str, str]]
) -> None:
    """``true`` and the list of all periods (``false`` and an empty list) mean the same."""
    ties = "source,target,period\n" + "".join(
        f"{s},{t},{p}\n" for s, t in sorted(arcs) for p in ("1", "2")
    )
    toml = 'periods = ["1", "2"]\n'
    plain = "id,responded\n" + "".join(
        f"{a},{'true' if r else 'false'}\n" for a, r in zip("ABCD", answered, strict=True)
    )
    listed = "id,responded\n" + "".join(
        f"{a},{'1;2' if r else 'false'}\n" for a, r in zip("ABCD", answered, strict=True)
    )
    one = coopnet.load(make_dataset(plain, ties, toml)).summary()
    two = coopnet.load(make_dataset(listed, ties, toml)).summary()
    assert one["by_period"] == two["by_period"]
    assert one["response_rate"] == pytest.approx(two["response_rate"])


def test_a_period_named_like_a_yes_no_word(make_dataset: MakeDataset, tmp_path: Path) -> None:
    """``1`` alone is true; the period ``1`` is written ``1;`` and read back as that period."""
    actors = "id,responded\nA,1\nB,1;\nC,2;1\n"
    ties = "source,target,period\nA,B,1\nB,A,2\nC,A,2\n"
    net = coopnet.load(make_dataset(actors, ties))
    assert net.responded("2") == {"A": True, "B": False, "C": True}
    assert net.responded("1") == {"A": True, "B": True, "C": True}
    back = coopnet.load(net.write(tmp_path / "copy"))
    assert back.responded("2") == net.responded("2")
    assert (tmp_path / "copy" / "actors.csv").read_text(encoding="utf-8").splitlines()[
        2
    ] == "B,B,1;"
