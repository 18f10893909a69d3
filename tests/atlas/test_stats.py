"""The statistics of the atlas (coopnet.atlas.stats): by hand, against scipy, by enumeration."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats as scipy_stats

from coopnet.atlas.stats import (
    KENDALL_PERMUTATION_MAX_N,
    benjamini_hochberg,
    holm,
    kendall_tau_b,
    percentile_rank,
    permutation_test,
    spearman,
)

# small integers make ties likely (the hard case for ranks)
values = st.lists(st.integers(-5, 5).map(float), min_size=1, max_size=25)
pairs = st.integers(3, 20).flatmap(
    lambda n: st.tuples(
        st.lists(st.integers(-4, 4).map(float), min_size=n, max_size=n),
        st.lists(st.integers(-4, 4).map(float), min_size=n, max_size=n),
    )
)


# ---------------------------------------------------------------------------- percentile ranks
def test_percentile_rank_by_hand() -> None:
    # values 1, 2, 2, 3 (N = 4): below/equal counts give 100 (b + e/2) / N
    #   1: 0 below, 1 equal -> 12.5;  2: 1 below, 2 equal -> 50;  3: 3 below, 1 equal -> 87.5
    assert percentile_rank([3, 1, 2, 2]).tolist() == [87.5, 12.5, 50.0, 50.0]
    # one value: 50; two distinct: 25 and 75; all equal: 50 each
    assert percentile_rank([7]).tolist() == [50.0]
    assert percentile_rank([2, 1]).tolist() == [75.0, 25.0]
    assert percentile_rank([4, 4, 4]).tolist() == [50.0, 50.0, 50.0]


def test_percentile_rank_leaves_missing_values_out() -> None:
    # N counts only the present values: 1 and 3 among two -> 25 and 75
    ranks = percentile_rank([1.0, math.nan, 3.0])
    assert ranks[0] == 25.0 and math.isnan(ranks[1]) and ranks[2] == 75.0
    assert np.isnan(percentile_rank([math.nan, math.nan])).all()
    assert percentile_rank([]).size == 0


@given(values)
def test_percentile_rank_is_scipy_percentileofscore_kind_mean(xs: list[float]) -> None:
    ranks = percentile_rank(xs)
    expected = [scipy_stats.percentileofscore(xs, x, kind="mean") for x in xs]
    assert ranks == pytest.approx(expected, abs=1e-9)


@given(values, st.randoms(use_true_random=False))
def test_percentile_rank_properties(xs: list[float], rnd: object) -> None:
    ranks = percentile_rank(xs)
    assert ((ranks > 0) & (ranks < 100)).all()
    # reordering the municipalities reorders the ranks and changes nothing else
    order = list(range(len(xs)))
    rnd.shuffle(order)  # type: ignore[attr-defined]
    assert percentile_rank([xs[i] for i in order]) == pytest.approx(ranks[order])
    # equal values, equal ranks; larger value, larger rank; reversing mirrors at 50
    for i, j in itertools.combinations(range(len(xs)), 2):
        if xs[i] == xs[j]:
            assert ranks[i] == ranks[j]
        elif xs[i] < xs[j]:
            assert ranks[i] < ranks[j]
    assert percentile_rank([-x for x in xs]) == pytest.approx(100 - ranks)
    # a strictly increasing transformation changes nothing
    assert percentile_rank([math.exp(x) for x in xs]) == pytest.approx(ranks)


# ---------------------------------------------------------------------------- correlations
def test_correlations_by_hand() -> None:
    # x = 1..4, y = 10, 30, 20, 40: ranks 1 3 2 4; sum d^2 = 0 + 1 + 1 + 0 = 2
    # rho = 1 - 6 * 2 / (4 * 15) = 0.8; pairs: 6, discordant only (2, 3) -> tau = (5 - 1) / 6
    assert spearman([1, 2, 3, 4], [10, 30, 20, 40]) == pytest.approx(0.8)
    assert kendall_tau_b([1, 2, 3, 4], [10, 30, 20, 40]) == pytest.approx(4 / 6)
    # ties: x = 1, 1, 2, y = 1, 2, 3: n0 = 3, n1 = 1 tie in x, n2 = 0
    # concordant (1,3), (2,3), the pair (1,2) tied in x -> tau_b = 2 / sqrt(2 * 3)
    assert kendall_tau_b([1, 1, 2], [1, 2, 3]) == pytest.approx(2 / math.sqrt(6))
    assert math.isnan(spearman([1, 1, 1], [1, 2, 3]))
    assert math.isnan(kendall_tau_b([1, 2, 3], [5, 5, 5]))
    assert math.isnan(spearman([1], [2]))


@given(pairs)
def test_correlations_agree_with_scipy(xy: tuple[list[float], list[float]]) -> None:
    x, y = xy
    if len(set(x)) < 2 or len(set(y)) < 2:
        assert math.isnan(spearman(x, y)) and math.isnan(kendall_tau_b(x, y))
        return
    assert spearman(x, y) == pytest.approx(scipy_stats.spearmanr(x, y).statistic, abs=1e-12)
    assert kendall_tau_b(x, y) == pytest.approx(
        scipy_stats.kendalltau(x, y, variant="b").statistic, abs=1e-12
    )


@given(pairs)
def test_correlations_are_symmetric_and_ignore_monotone_transforms(
    xy: tuple[list[float], list[float]],
) -> None:
    x, y = xy
    for f in (spearman, kendall_tau_b):
        r = f(x, y)
        if math.isnan(r):
            continue
        assert f(y, x) == pytest.approx(r, abs=1e-12)
        # an increasing transform of the outcome keeps r, a decreasing one flips its sign
        assert f(x, [math.exp(v) + 3 for v in y]) == pytest.approx(r, abs=1e-12)
        assert f(x, [-(v**3) for v in y]) == pytest.approx(-r, abs=1e-12)
        assert -1 - 1e-12 <= r <= 1 + 1e-12


def test_pairs_must_be_finite_and_equal_in_length() -> None:
    with pytest.raises(ValueError, match="differ in length"):
        spearman([1, 2], [1, 2, 3])
    with pytest.raises(ValueError, match="finite"):
        kendall_tau_b([1, math.nan, 3], [1, 2, 3])


# ---------------------------------------------------------------------------- permutation tests
def _brute_force_p(x: list[float], y: list[float], f: object) -> float:
    """Every one of the n! assignments of y to x; two-sided: |T*| >= |T| (relative tol 1e-12)."""
    observed = abs(f(x, y))  # type: ignore[operator]
    hits = total = 0
    for perm in itertools.permutations(y):
        total += 1
        hits += abs(f(x, list(perm))) >= observed * (1 - 1e-12)  # type: ignore[operator]
    return hits / total


@pytest.mark.parametrize("statistic", ["spearman", "kendall"])
def test_exact_p_value_by_full_enumeration_n6(statistic: str) -> None:
    x = [0.12, 0.30, 0.25, 0.41, 0.08, 0.33]
    y = [2.0, 4.0, 3.0, 3.0, 1.0, 5.0]  # one tie in y
    result = permutation_test(x, y, statistic=statistic, n_permutations=1000)  # type: ignore[arg-type]
    assert result.method == "exact"
    assert result.n_permutations == 720
    f = spearman if statistic == "spearman" else kendall_tau_b
    # independent implementation: itertools over the values and scipy's statistic
    ref = (
        (lambda a, b: scipy_stats.spearmanr(a, b).statistic)
        if statistic == "spearman"
        else (lambda a, b: scipy_stats.kendalltau(a, b).statistic)
    )
    assert result.statistic == pytest.approx(f(x, y))
    assert result.p_value == pytest.approx(_brute_force_p(x, y, ref), abs=1e-12)
    # scipy's exact permutation test of |T| (the 720 orders of y) gives the same p-value
    scipy = scipy_stats.permutation_test(
        (y,),
        lambda b: abs(ref(x, b)),
        permutation_type="pairings",
        alternative="greater",
        n_resamples=10_000,
        vectorized=False,
    )
    assert len(scipy.null_distribution) == 720
    assert result.p_value == pytest.approx(scipy.pvalue, abs=1e-12)


def test_exact_p_value_of_a_perfect_order_n5() -> None:
    # only the identity and the reversal reach |rho| = 1: p = 2 / 120
    result = permutation_test([1, 2, 3, 4, 5], [2, 4, 6, 8, 10])
    assert result.statistic == pytest.approx(1.0)
    assert result.p_value == pytest.approx(2 / 120)


@pytest.mark.parametrize("statistic", ["spearman", "kendall"])
def test_random_permutations_within_monte_carlo_error_of_scipy(statistic: str) -> None:
    rng = np.random.default_rng(7)
    x = rng.normal(size=30)
    y = 0.45 * x + rng.normal(size=30)
    result = permutation_test(x, y, statistic=statistic, n_permutations=4000, seed=1)  # type: ignore[arg-type]
    assert result.method == "permutation"
    assert result.n_permutations == 4000
    ref = (
        (lambda a, b: abs(scipy_stats.spearmanr(a, b).statistic))
        if statistic == "spearman"
        else (lambda a, b: abs(scipy_stats.kendalltau(a, b).statistic))
    )
    scipy_p = scipy_stats.permutation_test(
        (y,),
        lambda b: ref(x, b),
        permutation_type="pairings",
        alternative="greater",
        n_resamples=4000,
        rng=np.random.default_rng(2),
        vectorized=False,
    ).pvalue
    # two independent Monte-Carlo estimates: difference within 4 standard errors
    se = math.sqrt(2 * scipy_p * (1 - scipy_p) / 4000)
    assert 0.001 < scipy_p < 0.5
    assert abs(result.p_value - scipy_p) < 4 * se


def test_random_permutations_are_seeded_and_never_zero() -> None:
    x = list(range(12))
    y = [v * 2.0 for v in x]  # perfect order: no random permutation reaches it
    first = permutation_test(x, y, n_permutations=200, seed=3)
    assert first.p_value == pytest.approx(1 / 201)  # (1 + 0) / (1 + B), Phipson & Smyth
    again = permutation_test(x, list(reversed(y)), n_permutations=200, seed=3)
    assert again.p_value == first.p_value
    rng = np.random.default_rng(0)
    noisy = rng.normal(size=12)
    a = permutation_test(x, noisy, n_permutations=300, seed=5)
    b = permutation_test(x, noisy, n_permutations=300, seed=5)
    c = permutation_test(x, noisy, n_permutations=300, seed=6)
    assert a.p_value == b.p_value
    assert a.p_value != c.p_value


def test_kendall_above_the_size_limit_uses_the_normal_approximation() -> None:
    rng = np.random.default_rng(1)
    n = KENDALL_PERMUTATION_MAX_N + 1
    x = rng.integers(0, 30, n).astype(float)
    y = x + rng.normal(0, 40, n)
    result = permutation_test(x, y, statistic="kendall")
    assert result.method == "asymptotic"
    assert result.p_value == pytest.approx(scipy_stats.kendalltau(x, y, method="asymptotic").pvalue)


def test_too_few_pairs_or_no_variation_give_no_test() -> None:
    for x, y in (([1, 2], [2, 1]), ([1, 1, 1, 1], [1, 2, 3, 4])):
        result = permutation_test(x, y)
        assert result.method == "none" and math.isnan(result.p_value)
    with pytest.raises(ValueError, match="at least 1"):
        permutation_test([1, 2, 3], [1, 2, 3], n_permutations=0)


@settings(max_examples=30, deadline=None)
@given(pairs)
def test_p_values_are_probabilities_and_symmetric(xy: tuple[list[float], list[float]]) -> None:
    x, y = xy
    for statistic in ("spearman", "kendall"):
        forward = permutation_test(x, y, statistic=statistic, n_permutations=50)  # type: ignore[arg-type]
        if forward.method == "none":
            continue
        assert 0 < forward.p_value <= 1
        if forward.method == "exact":  # exact p-values do not depend on which side is permuted
            back = permutation_test(y, x, statistic=statistic, n_permutations=50)  # type: ignore[arg-type]
            assert back.p_value == pytest.approx(forward.p_value)


# ---------------------------------------------------------------------------- many tests
def test_holm_by_hand_and_by_its_definition() -> None:
    # sorted 0.01, 0.03, 0.04 (m = 3): 3 * 0.01 = 0.03; 2 * 0.03 = 0.06; 1 * 0.04 -> max 0.06
    assert holm([0.01, 0.04, 0.03]).tolist() == pytest.approx([0.03, 0.06, 0.06])
    # 2 * 0.5 = 1; then max(1, 1 * 0.9) = 1: adjusted p-values never decrease along the order
    assert holm([0.5, 0.9]).tolist() == [1.0, 1.0]
    assert holm([0.3, 0.01]).tolist() == pytest.approx([0.3, 0.02])
    p = np.array([0.2, math.nan, 0.001, 0.04, 0.04])
    adjusted = holm(p)
    assert math.isnan(adjusted[1])
    present = [0.2, 0.001, 0.04, 0.04]
    m = len(present)
    order = sorted(range(m), key=lambda i: present[i])
    expected = [0.0] * m
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (m - rank) * present[i]))
        expected[i] = running
    assert adjusted[[0, 2, 3, 4]].tolist() == pytest.approx(expected)


@given(st.lists(st.floats(0, 1), min_size=1, max_size=30))
def test_benjamini_hochberg_matches_scipy_and_holm_is_stricter(p: list[float]) -> None:
    bh = benjamini_hochberg(p)
    assert bh == pytest.approx(scipy_stats.false_discovery_control(p, method="bh"))
    h = holm(p)
    assert (h >= bh - 1e-12).all()
    assert (h >= np.asarray(p) - 1e-12).all() and (h <= 1).all()
