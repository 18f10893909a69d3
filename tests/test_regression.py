"""QAP regression (coopnet.compare.regression / dyadic): hand-worked values, brute force, errors.

The cross-check against statnet's ``sna::netlm`` / ``netlogit`` is in
``test_regression_reference.py``.
"""

from __future__ import annotations

import itertools
import json
import math
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import optimize, special

import coopnet
from coopnet.cli import main
from coopnet.compare import (
    qap_regression,
    qap_regression_dataset,
    qap_regression_matrices,
    read_dyadic,
    write_regression,
)
from coopnet.compare.regression import COEFFICIENT_COLUMNS
from coopnet.config import AnalysisConfig
from coopnet.errors import GraphError, InputError
from coopnet.run import Study

from .conftest import MUSTERSTADT, MakeDataset

# Four actors in two departments {0, 1} and {2, 3}; undirected ties 0-1, 0-2, 2-3.
# Cells (i < j): (0,1) y=1 same=1 | (0,2) y=1 same=0 | (0,3) 0 0 | (1,2) 0 0 | (1,3) 0 0 |
# (2,3) y=1 same=1. OLS: the intercept is the mean of y where same = 0 (1/4), the slope the
# difference of the means (1 - 1/4 = 3/4). Residuals 0, 0 and .75, -.25, -.25, -.25:
# RSS = .75, sigma^2 = .75 / (6 - 2) = .1875; X'X = [[6, 2], [2, 2]], (X'X)^-1 = [[2, -2],
# [-2, 6]] / 8, so SE(slope) = sqrt(.1875 * 6 / 8) = .375, SE(intercept) = sqrt(.1875 * 2 / 8)
# = .2165, t = 2 and 1.1547; R^2 = 1 - .75 / 1.5 = .5 (TSS = 6 * .5 * .5).
SAME = np.array([[0, 1, 0, 0], [1, 0, 0, 0], [0, 0, 0, 1], [0, 0, 1, 0]], dtype=float)
TIES = np.array([[0, 1, 1, 0], [1, 0, 0, 0], [1, 0, 0, 1], [0, 0, 1, 0]], dtype=float)


def test_hand_worked_ols() -> None:
    result = qap_regression_matrices(TIES, {"same": SAME}, directed=False, n_permutations=20)
    c = result.coefficients
    assert list(c.columns) == list(COEFFICIENT_COLUMNS)
    assert list(c.index) == ["intercept", "same"]
    assert c["estimate"].tolist() == pytest.approx([0.25, 0.75], abs=1e-12)
    assert c["std_error"].tolist() == pytest.approx([math.sqrt(0.1875 / 4), 0.375], abs=1e-12)
    assert c["statistic"].tolist() == pytest.approx([0.25 / math.sqrt(0.1875 / 4), 2.0])
    assert result.model["r_squared"] == pytest.approx(0.5)
    assert result.model["n_cells"] == 6 and result.model["df_residual"] == 4
    # classical two-sided p of t = 2 with 4 df
    assert c.loc["same", "p_classical"] == pytest.approx(0.11611652351681556, rel=1e-9)


def test_directed_cells_are_ordered_pairs() -> None:
    result = qap_regression_matrices(TIES, {"same": SAME}, directed=True, n_permutations=5)
    assert result.model["n_cells"] == 12
    # symmetric input: every cell twice, so the same estimates as the undirected model
    assert result.coefficients["estimate"].tolist() == pytest.approx([0.25, 0.75])


def _brute_force(y: np.ndarray, xs: list[np.ndarray], directed: bool) -> dict[str, np.ndarray]:
    """t statistics of every term under every permutation of the actors, with numpy lstsq.

    ``qapy``: permute y; ``qapspp`` term k: permute the residual of x_k on the other terms.
    """
    n = y.shape[0]
    mask = ~np.eye(n, dtype=bool) if directed else np.triu(np.ones((n, n), dtype=bool), 1)

    def tstats(design: np.ndarray, yv: np.ndarray) -> np.ndarray:
        beta, *_ = np.linalg.lstsq(design, yv, rcond=None)
        resid = yv - design @ beta
        sigma2 = resid @ resid / (len(yv) - design.shape[1])
        cov = sigma2 * np.linalg.inv(design.T @ design)
        return np.asarray(beta / np.sqrt(np.diag(cov)))

    design = np.column_stack([np.ones(mask.sum()), *(x[mask] for x in xs)])
    out: dict[str, list[np.ndarray]] = {"qapy": [], "qapspp": []}
    residuals = []
    for k in range(design.shape[1]):
        others = np.delete(design, k, axis=1)
        coef, *_ = np.linalg.lstsq(others, design[:, k], rcond=None)
        e = np.zeros((n, n))
        e[mask] = design[:, k] - others @ coef
        if not directed:
            e = e + e.T
        residuals.append((others, e))
    for perm in itertools.permutations(range(n)):
        p = np.asarray(perm)
        out["qapy"].append(tstats(design, y[np.ix_(p, p)][mask]))
        row = []
        for others, e in residuals:
            z = e[np.ix_(p, p)][mask]
            row.append(tstats(np.column_stack([others, z]), y[mask])[-1])
        out["qapspp"].append(np.asarray(row))
    return {k: np.asarray(v) for k, v in out.items()}


@pytest.mark.parametrize("null", ["qapspp", "qapy"])
@pytest.mark.parametrize("directed", [False, True])
def test_permutation_null_equals_full_enumeration(null: str, directed: bool) -> None:
    """Five actors: every permuted statistic is one of the 120 of the full enumeration, and the
    Monte-Carlo p-values agree with the exact ones within 4 standard errors."""
    rng = np.random.default_rng(3)
    n = 5
    y = (rng.random((n, n)) < 0.5).astype(float)
    x1 = rng.integers(0, 4, (n, n)).astype(float)
    x2 = (rng.random((n, n)) < 0.4).astype(float)
    if not directed:
        y, x1, x2 = (np.triu(a, 1) + np.triu(a, 1).T for a in (y, x1, x2))
    m = 4000
    result = qap_regression_matrices(
        y,
        {"x1": x1, "x2": x2},
        directed=directed,
        null=null,
        n_permutations=m,
        seed=5,  # type: ignore[arg-type]
    )
    exact = _brute_force(y, [x1, x2], directed)[null]
    observed = result.coefficients["statistic"].to_numpy()
    for k in range(3):
        values = np.unique(np.round(exact[:, k], 8))
        drawn = np.round(result.null_distribution[:, k], 8)
        assert np.isin(drawn, values).all()
        p_exact = float(np.mean(np.abs(exact[:, k]) >= abs(observed[k]) - 1e-9))
        p_mc = float(result.coefficients["p_value"].iloc[k])
        assert abs(p_mc - p_exact) <= 4 * math.sqrt(p_exact * (1 - p_exact) / m) + 2 / (m + 1)


def _log_likelihood_fit(design: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Maximum likelihood logit by a generic optimiser (an independent check of the IRLS)."""

    def nll(beta: np.ndarray) -> float:
        eta = design @ beta
        return float(np.sum(np.logaddexp(0.0, eta) - y * eta))

    def grad(beta: np.ndarray) -> np.ndarray:
        return np.asarray(design.T @ (special.expit(design @ beta) - y))

    fit = optimize.minimize(nll, np.zeros(design.shape[1]), jac=grad, method="BFGS", tol=1e-12)
    return np.asarray(fit.x)


def test_logit_equals_direct_likelihood_maximisation() -> None:
    rng = np.random.default_rng(11)
    n = 15
    x1 = rng.normal(size=(n, n))
    x2 = (rng.random((n, n)) < 0.5).astype(float)
    y = (rng.random((n, n)) < special.expit(-1 + 0.8 * x1 + x2)).astype(float)
    result = qap_regression_matrices(y, {"x1": x1, "x2": x2}, model="logit", n_permutations=50)
    mask = ~np.eye(n, dtype=bool)
    design = np.column_stack([np.ones(mask.sum()), x1[mask], x2[mask]])
    expected = _log_likelihood_fit(design, y[mask])
    assert result.coefficients["estimate"].to_numpy() == pytest.approx(expected, abs=1e-5)
    m = result.model
    assert m["aic"] == pytest.approx(m["deviance"] + 6)
    assert 0 < m["pseudo_r_squared"] < 1
    assert m["n_permutation_fits_not_converged"] == {"intercept": 0, "x1": 0, "x2": 0}


def test_same_seed_same_result_and_seed_matters() -> None:
    args = (TIES, {"same": SAME})
    a = qap_regression_matrices(*args, directed=False, n_permutations=30, seed=1)
    b = qap_regression_matrices(*args, directed=False, n_permutations=30, seed=1)
    assert a.coefficients.equals(b.coefficients)
    assert np.array_equal(a.null_distribution, b.null_distribution)


def test_p_values_are_never_zero_and_in_range() -> None:
    rng = np.random.default_rng(0)
    n = 12
    x = rng.random((n, n))
    y = x + 0.01 * rng.random((n, n))
    c = qap_regression_matrices(y, {"x": x}, n_permutations=99).coefficients
    assert c.loc["x", "p_value"] == pytest.approx(1 / 100)
    for column in ("p_value", "p_greater", "p_less"):
        assert ((c[column] >= 1 / 100) & (c[column] <= 1)).all()


def _random_graph(seed: int, n: int, directed: bool) -> nx.Graph:
    g = nx.gnp_random_graph(n, 0.35, seed=seed, directed=directed)
    g = nx.relabel_nodes(g, {i: f"a{i:02d}" for i in g})
    rng = np.random.default_rng(seed)
    for v in g:
        g.nodes[v]["dept"] = str(rng.integers(0, 3))
        g.nodes[v]["staff"] = float(rng.integers(0, 50))
    return g


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    n=st.integers(6, 11),
    directed=st.booleans(),
    shuffle=st.randoms(use_true_random=False),
)
def test_estimates_invariant_under_relabelling_actors(
    seed: int, n: int, directed: bool, shuffle: object
) -> None:
    g = _random_graph(seed, n, directed)
    if g.number_of_edges() in (0, n * (n - 1) // (1 if directed else 2)):
        return
    names = list(g)
    new = names[:]
    shuffle.shuffle(new)  # type: ignore[attr-defined]
    h = nx.relabel_nodes(g, {old: f"z{name}" for old, name in zip(names, new, strict=True)})
    try:
        a = qap_regression(g, same=["dept"], diff=["staff"], n_permutations=1)
    except GraphError:  # e.g. one department only: then also for the relabelled graph
        with pytest.raises(GraphError):
            qap_regression(h, same=["dept"], diff=["staff"], n_permutations=1)
        return
    b = qap_regression(h, same=["dept"], diff=["staff"], n_permutations=1)
    for column in ("estimate", "std_error", "statistic", "p_classical"):
        assert b.coefficients[column].to_numpy() == pytest.approx(
            a.coefficients[column].to_numpy(), rel=1e-9, abs=1e-12
        )


# ----------------------------------------------------------------------------------------------
# graphs and missing data
# ----------------------------------------------------------------------------------------------
def test_missing_attribute_excludes_the_actor_and_all_its_dyads() -> None:
    g = _random_graph(4, 9, directed=False)
    g.nodes["a03"]["staff"] = None
    del g.nodes["a05"]["staff"]
    g.nodes["a07"]["dept"] = "(unknown)"  # the model's placeholder is a gap, not a group
    result = qap_regression(g, same=["dept"], diff=["staff"], n_permutations=10)
    m = result.model
    assert [e["id"] for e in m["excluded_actors"]] == ["a03", "a05", "a07"]
    assert m["n_actors"] == 6 and m["n_cells"] == 15
    assert m["n_cells_all"] == 36 and m["n_cells_excluded_actors"] == 21
    kept = g.subgraph([v for v in g if v not in ("a03", "a05", "a07")])
    again = qap_regression(nx.Graph(kept), same=["dept"], diff=["staff"], n_permutations=10)
    assert again.coefficients["estimate"].to_numpy() == pytest.approx(
        result.coefficients["estimate"].to_numpy()
    )


def test_unobserved_dyads_are_excluded_and_permutations_keep_them() -> None:
    g = _random_graph(8, 10, directed=True)
    for v in ("a01", "a04", "a06"):
        g.nodes[v]["responded"] = False
    result = qap_regression(g, same=["dept"], n_permutations=200)
    m = result.model
    # directed: every cell sent by one of the three non-respondents is unobserved
    assert m["n_cells_unobserved"] == 3 * 9
    assert m["n_cells"] == 90 - 27 and m["permutation_strata"] == [7, 3]
    assert m["n_ties_unobserved"] == sum(g.out_degree(v) for v in ("a01", "a04", "a06"))
    und = qap_regression(g.to_undirected(), same=["dept"], n_permutations=20)
    assert und.model["n_cells_unobserved"] == 3  # the three pairs of two non-respondents
    assert und.model["n_cells"] == 45 - 3


def test_holes_that_permutations_would_move_are_refused() -> None:
    y = TIES.copy()
    y[0, 1] = y[1, 0] = np.nan
    with pytest.raises(ValueError, match="missing cells"):
        qap_regression_matrices(y, {"same": SAME}, directed=False)


def test_prior_period_and_dyadic_terms(make_dataset: MakeDataset) -> None:
    folder = make_dataset(
        "id,group,staff\nA,x,3\nB,x,\nC,y,7\nD,y,1\nE,z,2\n",
        "source,target,period\nA,B,1\nC,D,1\nA,C,2\nC,D,2\nD,E,2\nA,E,2\nB,E,2\n",
        "directed = false\n",
    )
    dyadic = folder / "dyadic.csv"
    dyadic.write_text("source,target,building\nA,C,1\nD,E,1\n", encoding="utf-8")
    net = coopnet.load(folder)
    result = qap_regression_dataset(
        Study(net, AnalysisConfig(n_permutations=20)),
        period="2",
        prior_period="1",
        diff=["staff"],
        dyadic=dyadic,
    )
    assert list(result.coefficients.index) == ["intercept", "diff_staff", "tie_1", "building"]
    m = result.model
    assert m["excluded_actors"] == [{"id": "B", "reasons": ["no value of 'staff'"]}]
    assert m["period"] == "2" and m["prior_period"] == "1" and m["dyadic_file"] == "dyadic.csv"
    assert m["n_cells"] == 6  # A, C, D, E


def test_default_term_is_the_grouping_column() -> None:
    net = coopnet.load(MUSTERSTADT)
    result = qap_regression_dataset(Study(net, AnalysisConfig(n_permutations=10)), period="2016")
    assert list(result.coefficients.index) == ["intercept", "same_group"]


# ----------------------------------------------------------------------------------------------
# errors
# ----------------------------------------------------------------------------------------------
def test_collinear_and_constant_terms_are_named() -> None:
    with pytest.raises(GraphError, match="'twice' is a linear combination"):
        qap_regression_matrices(TIES, {"same": SAME, "twice": 2 * SAME}, directed=False)
    ones = np.ones((4, 4))
    with pytest.raises(GraphError, match="term 'one' has the same value"):
        qap_regression_matrices(TIES, {"one": ones}, directed=False)


def test_logit_separation_and_bad_dependent() -> None:
    with pytest.raises(GraphError, match="separates the data"):
        qap_regression_matrices(SAME, {"same": SAME}, directed=False, model="logit")
    with pytest.raises(GraphError, match="0/1 ties"):
        qap_regression_matrices(2 * TIES, {"same": SAME}, directed=False, model="logit")
    with pytest.raises(GraphError, match="nothing to explain"):
        qap_regression_matrices(np.zeros((4, 4)), {"same": SAME}, directed=False)


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="symmetric"):
        qap_regression_matrices(np.triu(TIES), {"same": SAME}, directed=False)
    with pytest.raises(ValueError, match="n_permutations"):
        qap_regression_matrices(TIES, {"same": SAME}, n_permutations=0)
    with pytest.raises(ValueError, match="square"):
        qap_regression_matrices(TIES[:3], {"same": SAME})
    with pytest.raises(ValueError, match="'intercept' is added"):
        qap_regression_matrices(TIES, {"intercept": SAME})
    rng = np.random.default_rng(0)
    many = {f"x{i}": (lambda a: a + a.T)(rng.random((4, 4))) for i in range(6)}
    with pytest.raises(GraphError, match="only 6 cells"):
        qap_regression_matrices(TIES, many, directed=False)


def test_dataset_level_errors() -> None:
    net = coopnet.load(MUSTERSTADT)
    with pytest.raises(GraphError, match="did you mean 'group'"):
        qap_regression_dataset(Study(net), same=["gruop"])
    with pytest.raises(GraphError, match="needs a period"):
        qap_regression_dataset(Study(net), prior_period="2014")
    with pytest.raises(GraphError, match="must differ"):
        qap_regression_dataset(Study(net), period="2014", prior_period="2014")
    with pytest.raises(GraphError, match="need model 'ols'"):
        qap_regression_dataset(Study(net, AnalysisConfig(weighted=True)), model="logit")
    with pytest.raises(GraphError, match="diff_ terms need numbers"):
        qap_regression_dataset(Study(net), period="2016", diff=["sector"])


def test_read_dyadic_reports_every_problem(tmp_path: Path) -> None:
    path = tmp_path / "dyadic.csv"
    path.write_text(
        "source,target,building\nA,B,1\nA,Q,1\nC,C,1\nA,B,0\nB,C,\nB,D,zwei\nC,D,2,5\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        read_dyadic(path, actors=["A", "B", "C", "D"])
    codes = [(p.code, p.row) for p in info.value.errors]
    assert ("unknown_actor", 3) in codes
    assert ("self_pair", 4) in codes
    assert ("duplicate_pair", 5) in codes
    assert ("empty_value", 6) in codes
    assert ("not_a_number", 7) in codes
    assert ("ragged_row", 8) in codes
    path.write_text("source,target\nA,B\n", encoding="utf-8")
    with pytest.raises(InputError, match="no covariate column"):
        read_dyadic(path, actors=["A", "B"])
    path.write_text('source,target,agreements\nA,B,"2,5"\n', encoding="utf-8")
    assert read_dyadic(path, actors=["A", "B"])["agreements"].tolist() == [2.5]


def test_dyadic_asymmetric_values_need_a_directed_model() -> None:
    g = _random_graph(2, 6, directed=False)
    import pandas as pd

    table = pd.DataFrame(
        {"source": ["a00", "a01"], "target": ["a01", "a00"], "contract": [1.0, 2.0]}
    )
    with pytest.raises(GraphError, match="one value per pair"):
        qap_regression(g, same=["dept"], dyadic=table)
    d = _random_graph(2, 6, directed=True)
    result = qap_regression(d, dyadic=table, n_permutations=5)
    assert "contract" in result.coefficients.index


# ----------------------------------------------------------------------------------------------
# output and CLI
# ----------------------------------------------------------------------------------------------
def test_result_object_outputs(tmp_path: Path) -> None:
    g = _random_graph(1, 8, directed=False)
    g.nodes["a02"]["label"] = "<script>alert(1)</script>"
    result = qap_regression(g, same=["dept"], n_permutations=10)
    html = result._repr_html_()
    assert "<table" in html and "same_dept" in html and "<script>" not in html
    data = result.to_dict()
    assert data["coefficients"][1]["term"] == "same_dept"
    json.dumps(data, allow_nan=False)
    written = write_regression(result, tmp_path / "out")
    assert [p.name for p in written] == ["coefficients.csv", "model.json"]
    header = written[0].read_text(encoding="utf-8").splitlines()[0]
    assert header == "term," + ",".join(COEFFICIENT_COLUMNS)
    model = json.loads(written[1].read_text(encoding="utf-8"))
    assert model["null_hypothesis"] == "qapspp" and model["n_permutations"] == 10


def test_cli_qap(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "qap"
    code = main(
        [
            "qap", str(MUSTERSTADT), "--period", "2016", "--prior-period", "2014",
            "--same", "group", "--directed", "--model", "logit", "--permutations", "50",
            "--out", str(out), "-q", "--lang", "en",
        ]
    )  # fmt: skip
    printed = capsys.readouterr().out
    assert code == 0
    assert "logit on 2,950 cells of 60 actors" in printed and "590 unobserved" in printed
    assert "11 actor(s) excluded" in printed
    model = json.loads((out / "model.json").read_text(encoding="utf-8"))
    assert model["terms"] == ["intercept", "same_group", "tie_2014"]
    api = qap_regression_dataset(Study(coopnet.load(MUSTERSTADT), AnalysisConfig(directed=True, n_permutations=50)), period="2016", prior_period="2014", same=["group"], model="logit")  # fmt: skip
    assert model["aic"] == pytest.approx(api.model["aic"], rel=1e-12)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--same", "nope"], "no column 'nope'"),
        (["--model", "logit", "--weighted"], "need model 'ols'"),
        (["--period", "1999"], "unknown period '1999'"),
        (["--dyadic", "missing.csv"], "cannot read file"),
    ],
)
def test_cli_qap_errors(
    argv: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        ["qap", str(MUSTERSTADT), "--out", str(tmp_path / "o"), "-q", "--lang", "en", *argv]
    )
    err = capsys.readouterr().err
    assert code == 1
    assert message in err and "Traceback" not in err
