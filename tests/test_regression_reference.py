"""QAP regression against statnet: ``sna::netlm`` / ``sna::netlogit`` reference values.

``tests/data/qap_reference.json`` was written once by ``scripts/qap_reference.R`` (R, sna 2.7-1;
R is not needed to run these tests) for six models: the classic EMON Texas data (Drabek et al.
1981, ``tests/data/emon_texas``, OLS and logit, directed and symmetrised, with missing
attributes) and Musterstadt (prior-period tie, dyadic covariates, non-respondents).

* Estimates, standard errors, t/z statistics and classical p-values: to 1e-6 (they agree to
  about 1e-11).
* R², AIC, deviance: to 1e-6.
* Permutation p-values: the two are independent Monte-Carlo estimates with m = 2000
  permutations each (sna's or, for Musterstadt, the script's implementation of coopnet's
  stratified null), so they may differ by chance. Tolerance: 4 standard errors of the
  difference, :math:`4 \\sqrt{2 \\bar p (1 - \\bar p) / m}`, plus :math:`2/m` for the +1
  correction coopnet applies and sna does not.
"""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np
import pytest

import coopnet
from coopnet.compare import QAPRegression, qap_regression_dataset
from coopnet.config import AnalysisConfig
from coopnet.run import Study

from .conftest import DATA, ROOT

REFERENCE = json.loads((DATA / "qap_reference.json").read_text(encoding="utf-8"))
MODELS = {m["name"]: m for m in REFERENCE["models"]}
CASES = [(name, null) for name, m in MODELS.items() for null in m["expected"]["permutation"]]


def _run(model: dict[str, Any], null: str) -> QAPRegression:
    spec = model["spec"]
    options = AnalysisConfig(
        directed=spec["directed"],
        weighted=spec["weighted"],
        n_permutations=REFERENCE["reps"],
        seed=2024,
    )
    return qap_regression_dataset(
        Study(coopnet.load(ROOT / spec["dataset"]), options),
        period=spec.get("period"),
        prior_period=spec.get("prior_period"),
        same=spec["same"],
        diff=spec["diff"],
        dyadic=ROOT / spec["dyadic"] if spec.get("dyadic") else None,
        model=spec["model"],
        null=null,  # type: ignore[arg-type]
    )


@pytest.fixture(scope="module")
def results() -> dict[tuple[str, str], QAPRegression]:
    return {(name, null): _run(MODELS[name], null) for name, null in CASES}


@pytest.mark.parametrize("name", list(MODELS))
def test_estimates_equal_sna(name: str, results: dict[tuple[str, str], QAPRegression]) -> None:
    expected = MODELS[name]["expected"]
    null = next(iter(expected["permutation"]))
    result = results[(name, null)]
    c = result.coefficients
    assert list(c.index) == expected["terms"]
    assert result.model["n_cells"] == expected["n_cells"]
    assert result.model["n_actors"] == expected["n_actors"]
    assert [e["id"] for e in result.model["excluded_actors"]] == expected["excluded_actors"]
    for ours, theirs in (
        ("estimate", "estimate"),
        ("std_error", "std_error"),
        ("statistic", "statistic"),
        ("p_classical", "p_classical"),
    ):
        assert c[ours].to_numpy() == pytest.approx(np.array(expected[theirs]), abs=1e-6), ours
    if MODELS[name]["spec"]["model"] == "ols":
        for key in ("r_squared", "adj_r_squared", "residual_std_error"):
            assert result.model[key] == pytest.approx(expected[key], abs=1e-6), key
    else:
        assert c["estimate"].to_numpy() == pytest.approx(
            np.array(expected["netlogit_estimate"]), abs=1e-6
        )
        for key in ("deviance", "null_deviance", "aic", "n_ties"):
            assert result.model[key] == pytest.approx(expected[key], abs=1e-6), key
        assert result.model["aic"] == pytest.approx(expected["aic_netlogit"], abs=1e-6)


@pytest.mark.parametrize(("name", "null"), CASES)
def test_permutation_p_values_within_monte_carlo_error(
    name: str, null: str, results: dict[tuple[str, str], QAPRegression]
) -> None:
    expected = MODELS[name]["expected"]["permutation"][null]
    m = expected["reps"]
    c = results[(name, null)].coefficients
    for ours, theirs in (("p_value", "p_value"), ("p_greater", "p_greater"), ("p_less", "p_less")):
        for term, a, b in zip(c.index, c[ours], expected[theirs], strict=True):
            mean = (a + b) / 2
            tolerance = 4 * math.sqrt(2 * mean * (1 - mean) / m) + 2 / m
            assert abs(a - b) <= tolerance, (name, null, term, ours, a, b)


def test_reference_covers_both_models_nulls_and_directions() -> None:
    specs = [m["spec"] for m in REFERENCE["models"]]
    assert {s["model"] for s in specs} == {"ols", "logit"}
    assert {s["directed"] for s in specs} == {True, False}
    assert {null for _, null in CASES} == {"qapspp", "qapy"}
    assert any(s["weighted"] for s in specs) and any(s.get("dyadic") for s in specs)
    sources = {
        m["expected"]["permutation"][null]["source"] for m in REFERENCE["models"] for null in
        m["expected"]["permutation"]
    }  # fmt: skip
    assert any(s.startswith("sna::netlm") for s in sources)
    assert any(s.startswith("sna::netlogit") for s in sources)
