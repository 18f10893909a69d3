"""Outcomes per municipality (coopnet.atlas.outcomes): checking the file, rank correlations."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats as scipy_stats

from coopnet.atlas import CORRELATION_COLUMNS, SMALL_N, rank_correlations, read_outcomes
from coopnet.atlas.stats import holm
from coopnet.errors import InputError

NAMES = ["nordstadt", "suedstadt", "weststadt", "oststadt"]


def write(tmp_path: Path, content: str, name: str = "erfolg.csv") -> Path:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


def test_reads_semicolons_decimal_commas_and_missing_words(tmp_path: Path) -> None:
    path = write(
        tmp_path, "name;erfolg;budget\nnordstadt;3,5;k. A.\nsuedstadt;4;1200\nweststadt;;NA\n"
    )
    result = read_outcomes(path, names=NAMES)
    assert result.values.index.tolist() == NAMES
    assert result.values.columns.tolist() == ["erfolg", "budget"]
    erfolg = result.values["erfolg"].tolist()
    assert erfolg[:2] == [3.5, 4.0] and math.isnan(erfolg[2]) and math.isnan(erfolg[3])
    assert result.values["budget"].notna().tolist() == [False, True, False, False]
    assert result.not_in_file == ("oststadt",)


def test_every_problem_with_row_column_value_and_a_suggestion(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "name,erfolg\nnordstadt,3\nsüdstadt,4\nweststadt,gut\nnordstadt,2\n,1\nBeispielort,2\n",
    )
    with pytest.raises(InputError) as caught:
        read_outcomes(path, names=NAMES, labels={"oststadt": "Beispielort"})
    message = str(caught.value)
    assert "5 problem(s)" in message
    assert "row 3, column 'name', value 'südstadt': no municipality of this name" in message
    assert "did you mean 'suedstadt'?" in message
    assert "row 4, column 'erfolg', value 'gut': not a number" in message
    assert "row 5, column 'name', value 'nordstadt': the name repeats row 2" in message
    assert "row 6, column 'name'" in message and "empty" in message
    # a dataset name (label) written instead of the batch name: suggest the name
    assert "value 'Beispielort'" in message and "did you mean 'oststadt'?" in message


@pytest.mark.parametrize(
    ("content", "match"),
    [
        ("kommune,erfolg\nnordstadt,3\n", "needs a column 'name'"),
        ("Name\nnordstadt\n", "no outcome column"),
        ("name,erfolg\nnordstadt,\nsuedstadt,NA\n", "column 'erfolg'.*no value for any"),
        ("name,erfolg\nnordstadt,inf\n", "value 'inf': not a number"),
        ("", "empty"),
    ],
)
def test_invalid_files(tmp_path: Path, content: str, match: str) -> None:
    with pytest.raises(InputError, match=match):
        read_outcomes(write(tmp_path, content), names=NAMES)


def test_missing_file_and_names_of_failed_municipalities(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_outcomes(tmp_path / "nope.csv", names=NAMES)
    path = write(tmp_path, "name,erfolg\nnordstadt,3\nkaputt,5\n")
    result = read_outcomes(path, names=NAMES, failed=["kaputt"])
    assert result.failed == ("kaputt",)
    assert "kaputt" not in result.values.index


def test_form_only_check_keeps_every_row(tmp_path: Path) -> None:
    path = write(tmp_path, "name,erfolg\nirgendwo,3\n")
    assert read_outcomes(path, names=None).values.index.tolist() == ["irgendwo"]
    with pytest.raises(InputError, match="not a number"):
        read_outcomes(write(tmp_path, "name,erfolg\nx,viel\n"), names=None)


def test_rank_correlations_against_scipy_with_missing_values_per_pair() -> None:
    rng = np.random.default_rng(4)
    index = pd.Index([f"k{i}" for i in range(14)], name="name")
    measures = pd.DataFrame(
        {"density": rng.uniform(size=14), "components": rng.integers(1, 4, 14)}, index=index
    ).astype(float)
    measures.iloc[0, 0] = np.nan  # one missing measure value
    outcomes = pd.DataFrame({"erfolg": rng.integers(1, 6, 14).astype(float)}, index=index)
    outcomes.iloc[[1, 2], 0] = np.nan  # two missing outcome values
    result = rank_correlations(measures, outcomes, n_permutations=500, seed=2)
    assert list(result.columns) == list(CORRELATION_COLUMNS)
    assert result[["outcome", "measure"]].values.tolist() == [
        ["erfolg", "density"],
        ["erfolg", "components"],
    ]
    density, components = result.iloc[0], result.iloc[1]
    assert (density["n"], density["n_missing"]) == (11, 3)  # pairs with both values only
    assert (components["n"], components["n_missing"]) == (12, 2)
    for row, measure in ((density, "density"), (components, "components")):
        both = measures[measure].notna() & outcomes["erfolg"].notna()
        x, y = measures.loc[both, measure], outcomes.loc[both, "erfolg"]
        assert row["spearman"] == pytest.approx(scipy_stats.spearmanr(x, y).statistic)
        assert row["kendall"] == pytest.approx(scipy_stats.kendalltau(x, y).statistic)
        assert 0 < row["spearman_p"] <= 1 and row["p_method"] == "permutation"
        assert row["n_permutations"] == 500
        assert not row["small_n"]
    # Holm over the two Spearman tests, separately over the two Kendall tests
    assert result["spearman_p_adjusted"].tolist() == pytest.approx(holm(result["spearman_p"]))
    assert result["kendall_p_adjusted"].tolist() == pytest.approx(holm(result["kendall_p"]))
    bh = rank_correlations(measures, outcomes, n_permutations=500, seed=2, correction="bh")
    assert (bh["spearman_p_adjusted"] <= result["spearman_p_adjusted"] + 1e-12).all()


def test_small_numbers_are_flagged_and_tested_exactly() -> None:
    index = pd.Index(list("abcdef"), name="name")
    measures = pd.DataFrame({"density": [0.1, 0.2, 0.3, 0.4, 0.5, 0.6]}, index=index)
    outcomes = pd.DataFrame(
        {
            "erfolg": [1.0, 2.0, 4.0, 3.0, 6.0, 5.0],
            "gleich": [2.0] * 6,
            "wenig": [1.0, 2.0] + [np.nan] * 4,
        },
        index=index,
    )
    result = rank_correlations(measures, outcomes).set_index("outcome")
    erfolg = result.loc["erfolg"]
    assert erfolg["n"] == 6 < SMALL_N and erfolg["small_n"]
    assert erfolg["p_method"] == "exact" and erfolg["n_permutations"] == 720
    # a constant outcome or fewer than three pairs: no correlation, no p-value
    for outcome in ("gleich", "wenig"):
        row = result.loc[outcome]
        assert math.isnan(row["spearman"]) and math.isnan(row["spearman_p"])
        assert row["p_method"] == "none"
    # the untestable pairs are no tests: Holm over the one real test leaves it unchanged
    assert erfolg["spearman_p_adjusted"] == pytest.approx(erfolg["spearman_p"])


def test_monotone_transform_of_an_outcome_changes_nothing() -> None:
    rng = np.random.default_rng(9)
    index = pd.Index([f"k{i}" for i in range(12)], name="name")
    measures = pd.DataFrame({"density": rng.uniform(size=12)}, index=index)
    y = rng.normal(size=12)
    a = rank_correlations(measures, pd.DataFrame({"o": y}, index=index), seed=1)
    b = rank_correlations(measures, pd.DataFrame({"o": np.exp(3 * y) + 7}, index=index), seed=1)
    cols = ["spearman", "spearman_p", "kendall", "kendall_p"]
    assert a[cols].to_numpy() == pytest.approx(b[cols].to_numpy())


def test_index_must_match() -> None:
    with pytest.raises(ValueError, match="same index"):
        rank_correlations(
            pd.DataFrame({"m": [1.0]}, index=["a"]), pd.DataFrame({"o": [1.0]}, index=["b"])
        )
