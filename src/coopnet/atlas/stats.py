r"""The statistics of the atlas: percentile ranks, rank correlations, permutation tests, corrections.

Everything here works on plain numpy arrays and is independent of networks; the atlas
(:func:`coopnet.atlas.atlas`) applies it to the table of municipalities. Definitions, with their
sources, are in ``docs/atlas.md``.

* :func:`percentile_rank` — the mid-rank (Hazen) percentile rank of every value in its sample;
* :func:`spearman` and :func:`kendall_tau_b` — rank correlations with ties handled;
* :func:`permutation_test` — the two-sided permutation p-value of either correlation (every
  permutation when there are few, seeded random permutations otherwise);
* :func:`holm` and :func:`benjamini_hochberg` — adjusted p-values for many tests at once.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from types import ModuleType
from typing import Final, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "KENDALL_PERMUTATION_MAX_N",
    "Correction",
    "PermutationResult",
    "Statistic",
    "benjamini_hochberg",
    "holm",
    "kendall_tau_b",
    "percentile_rank",
    "permutation_test",
    "spearman",
]


def _scipy_stats() -> ModuleType:
    """scipy.stats, imported when first needed (it takes about 0.5 s, and only the atlas and
    ``--peers`` use it; ``coopnet report`` imports this module)."""
    from scipy import stats

    return stats


Statistic = Literal["spearman", "kendall"]
Correction = Literal["holm", "bh"]

KENDALL_PERMUTATION_MAX_N: Final = 300
"""Above this many pairs Kendall's tau-b gets the normal approximation of its permutation
distribution (with the tie-corrected variance) instead of random permutations: each permutation
costs :math:`O(n^2)`, and at this size the approximation is accurate to well below the
Monte-Carlo error of 1,000 permutations (Kendall & Gibbons 1990, ch. 4)."""

_CHUNK_CELLS: Final = 1 << 20
"""Permuted values held in memory at once (8 MB)."""
_RELATIVE_TOLERANCE: Final = 1e-12
"""A permuted statistic counts as "at least as extreme" when it is within this relative distance
of the observed one (rounding of equal sums in a different order)."""


def _vector(values: ArrayLike, name: str) -> NDArray[np.float64]:
    array = np.asarray(values, dtype=float)
    if array.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional, got shape {array.shape}")
    return array


def _pair(x: ArrayLike, y: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    a, b = _vector(x, "x"), _vector(y, "y")
    if a.shape != b.shape:
        raise ValueError(f"x and y differ in length ({a.size} and {b.size})")
    if not (np.isfinite(a).all() and np.isfinite(b).all()):
        raise ValueError("x and y must be finite; drop the missing pairs first")
    return a, b


# ----------------------------------------------------------------------------- percentile ranks
def percentile_rank(values: ArrayLike) -> NDArray[np.float64]:
    r"""The mid-rank percentile rank of each value among all values of the sample.

    .. math:: \mathrm{PR}_i = 100 \cdot \frac{\#\{j : x_j < x_i\} + \tfrac12\,\#\{j : x_j = x_i\}}{N}
              = 100 \cdot \frac{r_i - \tfrac12}{N}

    with :math:`r_i` the mid-rank (average rank of tied values) and :math:`N` the number of
    non-missing values; the municipality itself is one of the :math:`N`. This is Hazen's
    (1914) plotting position and :func:`scipy.stats.percentileofscore` with ``kind="mean"``:
    tied values share one percentile rank, and the ranks are symmetric (reversing the order maps
    :math:`\mathrm{PR}` to :math:`100 - \mathrm{PR}`). It lies strictly between 0 and 100:
    the smallest of :math:`N` distinct values gets :math:`50/N`, a single value 50.

    Parameters
    ----------
    values
        One value per municipality; ``NaN`` marks a missing value.

    Returns
    -------
    numpy.ndarray
        The percentile ranks in [0, 100], ``NaN`` where the value is missing.

    References
    ----------
    .. [1] Hazen, A. (1914). Storage to be provided in impounding reservoirs for municipal water
       supply. *Transactions of the American Society of Civil Engineers* 77, 1539–1640.
    .. [2] Hyndman, R. J., & Fan, Y. (1996). Sample quantiles in statistical packages. *The
       American Statistician* 50(4), 361–365. https://doi.org/10.1080/00031305.1996.10473566

    Examples
    --------
    >>> percentile_rank([3.0, 1.0, 2.0, 2.0]).tolist()
    [87.5, 12.5, 50.0, 50.0]
    """
    x = _vector(values, "values")
    out = np.full(x.shape, np.nan)
    present = ~np.isnan(x)
    n = int(present.sum())
    if n:
        ranks = _scipy_stats().rankdata(x[present], method="average")
        out[present] = 100.0 * (ranks - 0.5) / n
    return out


# ----------------------------------------------------------------------------- correlations
def spearman(x: ArrayLike, y: ArrayLike) -> float:
    r"""Spearman's rank correlation :math:`\rho`: Pearson's correlation of the mid-ranks.

    .. math:: \rho = \frac{\sum_i (r_i - \bar r)(s_i - \bar s)}
              {\sqrt{\sum_i (r_i - \bar r)^2 \sum_i (s_i - \bar s)^2}}

    with :math:`r`, :math:`s` the mid-ranks of `x` and `y` (ties get their average rank), as
    :func:`scipy.stats.spearmanr` (Spearman 1904).

    Returns
    -------
    float
        In [−1, 1]; ``NaN`` for fewer than two pairs or when `x` or `y` is constant.

    Examples
    --------
    >>> spearman([1, 2, 3, 4], [10, 30, 20, 40])
    0.8
    """
    a, b = _pair(x, y)
    if a.size < 2:
        return math.nan
    ra = _scipy_stats().rankdata(a) - (a.size + 1) / 2
    rb = _scipy_stats().rankdata(b) - (b.size + 1) / 2
    denominator = math.sqrt(float(ra @ ra) * float(rb @ rb))
    return float(ra @ rb) / denominator if denominator > 0 else math.nan


def _signs(values: NDArray[np.float64]) -> NDArray[np.int8]:
    return np.sign(values[:, None] - values[None, :]).astype(np.int8)


def _tie_pairs(values: NDArray[np.float64]) -> int:
    _, counts = np.unique(values, return_counts=True)
    return int((counts * (counts - 1) // 2).sum())


def kendall_tau_b(x: ArrayLike, y: ArrayLike) -> float:
    r"""Kendall's :math:`\tau_b`: concordant minus discordant pairs, corrected for ties.

    .. math:: \tau_b = \frac{\sum_{i<j} \operatorname{sgn}(x_i - x_j)\operatorname{sgn}(y_i - y_j)}
              {\sqrt{(n_0 - n_1)(n_0 - n_2)}}

    with :math:`n_0 = n(n-1)/2` pairs and :math:`n_1`, :math:`n_2` the pairs tied in `x` and in
    `y` (Kendall 1945), as :func:`scipy.stats.kendalltau` (``variant="b"``).

    Returns
    -------
    float
        In [−1, 1]; ``NaN`` for fewer than two pairs or when `x` or `y` is constant.

    Examples
    --------
    >>> round(kendall_tau_b([1, 2, 3, 4], [10, 30, 20, 40]), 4)
    0.6667
    """
    a, b = _pair(x, y)
    n = a.size
    if n < 2:
        return math.nan
    pairs = n * (n - 1) // 2
    denominator = math.sqrt((pairs - _tie_pairs(a)) * (pairs - _tie_pairs(b)))
    if denominator == 0:
        return math.nan
    numerator = int(np.triu(_signs(a).astype(np.int64) * _signs(b), 1).sum())
    return numerator / denominator


# ----------------------------------------------------------------------------- permutation tests
@dataclass(frozen=True)
class PermutationResult:
    """The outcome of :func:`permutation_test`.

    Attributes
    ----------
    statistic
        The observed correlation.
    p_value
        Two-sided p-value: the share of permutations with :math:`|T^*| \\ge |T|`; ``NaN`` when
        the statistic is undefined.
    method
        ``"exact"`` (every permutation), ``"permutation"`` (seeded random permutations) or
        ``"asymptotic"`` (Kendall above :data:`KENDALL_PERMUTATION_MAX_N` pairs).
    n_permutations
        Permutations evaluated (``n!`` when exact, 0 for the approximation).
    """

    statistic: float
    p_value: float
    method: Literal["exact", "permutation", "asymptotic", "none"]
    n_permutations: int


def _permutations(n: int, n_permutations: int, seed: int) -> tuple[bool, int]:
    """Whether to enumerate all permutations, and how many there are to evaluate."""
    total = math.factorial(n)
    if total <= n_permutations:
        return True, total
    return False, n_permutations


def _chunks(
    n: int, exact: bool, count: int, seed: int
) -> itertools.chain[NDArray[np.intp]] | list[NDArray[np.intp]]:
    """The permutations of ``range(n)`` in blocks of rows (all of them, or `count` random)."""
    size = max(1, _CHUNK_CELLS // max(n, 1))
    if exact:
        every = itertools.permutations(range(n))
        blocks = []
        while True:
            block = list(itertools.islice(every, size))
            if not block:
                break
            blocks.append(np.asarray(block, dtype=np.intp))
        return blocks
    rng = np.random.default_rng(seed)
    out = []
    left = count
    while left > 0:
        rows = min(size, left)
        out.append(rng.permuted(np.tile(np.arange(n, dtype=np.intp), (rows, 1)), axis=1))
        left -= rows
    return out


def permutation_test(
    x: ArrayLike,
    y: ArrayLike,
    *,
    statistic: Statistic = "spearman",
    n_permutations: int = 1000,
    seed: int = 0,
) -> PermutationResult:
    r"""Test a rank correlation against the null hypothesis that `x` and `y` are unrelated.

    Under the null hypothesis every assignment of the `y` values to the `x` values is equally
    likely. The two-sided p-value is the probability, over these assignments, of a correlation
    at least as far from 0 as the observed one:

    * **exact** when :math:`n! \le` `n_permutations`: all :math:`n!` permutations of `y` are
      enumerated, :math:`p = \#\{\pi : |T(x, y_\pi)| \ge |T(x, y)|\} / n!` (the identity
      included, so :math:`p \ge 1/n!`);
    * **random** otherwise: `n_permutations` permutations drawn with ``numpy.random.
      default_rng(seed)``, :math:`p = (1 + \#\{|T^*| \ge |T|\}) / (1 + B)`, which never gives 0
      and is a valid p-value (Phipson & Smyth 2010); its Monte-Carlo standard error is about
      :math:`\sqrt{p(1-p)/B}`. This is :func:`scipy.stats.permutation_test` with
      ``permutation_type="pairings"`` on :math:`|T|` and ``alternative="greater"``;
    * Kendall's :math:`\tau_b` above :data:`KENDALL_PERMUTATION_MAX_N` pairs: the normal
      approximation with the tie-corrected variance (:func:`scipy.stats.kendalltau`,
      ``method="asymptotic"``).

    Parameters
    ----------
    x, y
        Paired values without missing ones (one pair per municipality).
    statistic
        ``"spearman"`` (:func:`spearman`) or ``"kendall"`` (:func:`kendall_tau_b`).
    n_permutations
        Random permutations; also the largest :math:`n!` that is enumerated in full.
    seed
        Seed of the random permutations (the same seed gives the same p-value).

    Returns
    -------
    PermutationResult
        ``NaN`` statistic and p-value (method ``"none"``) for fewer than three pairs or a
        constant `x` or `y`.

    References
    ----------
    .. [1] Phipson, B., & Smyth, G. K. (2010). Permutation p-values should never be zero.
       *Statistical Applications in Genetics and Molecular Biology* 9(1), Article 39.
       https://doi.org/10.2202/1544-6115.1585
    .. [2] Good, P. (2005). *Permutation, Parametric and Bootstrap Tests of Hypotheses* (3rd ed.).
       Springer. https://doi.org/10.1007/b138696

    Examples
    --------
    >>> r = permutation_test([1, 2, 3, 4, 5], [2, 1, 4, 3, 5])
    >>> r.method, r.n_permutations, round(r.statistic, 2), round(r.p_value, 3)
    ('exact', 120, 0.8, 0.133)
    """
    if n_permutations < 1:
        raise ValueError(f"n_permutations must be at least 1, got {n_permutations}")
    a, b = _pair(x, y)
    n = a.size
    compute = spearman if statistic == "spearman" else kendall_tau_b
    observed = compute(a, b) if n >= 3 else math.nan
    if math.isnan(observed):
        return PermutationResult(math.nan, math.nan, "none", 0)
    threshold = abs(observed) * (1 - _RELATIVE_TOLERANCE)
    if statistic == "kendall" and n > KENDALL_PERMUTATION_MAX_N:
        result = _scipy_stats().kendalltau(a, b, method="asymptotic")
        return PermutationResult(observed, float(result.pvalue), "asymptotic", 0)
    exact, count = _permutations(n, n_permutations, seed)
    hits = 0
    if statistic == "spearman":
        ra = _scipy_stats().rankdata(a) - (n + 1) / 2
        rb = _scipy_stats().rankdata(b) - (n + 1) / 2
        scale = math.sqrt(float(ra @ ra) * float(rb @ rb))
        for block in _chunks(n, exact, count, seed):
            null = np.abs(rb[block] @ ra) / scale
            hits += int((null >= threshold).sum())
    else:
        # sums of at most n^2 <= 2^24 terms of -1, 0, 1: exact in float32 (fast BLAS dot)
        sa = _signs(a).astype(np.float32)
        sb = _signs(b).astype(np.float32)
        pairs = n * (n - 1) // 2
        scale = 2 * math.sqrt((pairs - _tie_pairs(a)) * (pairs - _tie_pairs(b)))
        for block in _chunks(n, exact, count, seed):
            for perm in block:
                permuted = sb.take(perm, axis=0).take(perm, axis=1)
                hits += abs(float(np.vdot(sa, permuted))) / scale >= threshold
    p = hits / count if exact else (1 + hits) / (1 + count)
    return PermutationResult(observed, float(p), "exact" if exact else "permutation", count)


# ----------------------------------------------------------------------------- many tests
def holm(p_values: ArrayLike) -> NDArray[np.float64]:
    r"""Holm's (1979) step-down adjusted p-values (family-wise error rate).

    With the :math:`m` p-values sorted, :math:`p_{(1)} \le \dots \le p_{(m)}`:

    .. math:: \tilde p_{(i)} = \min\Bigl(1, \max_{j \le i} (m - j + 1)\, p_{(j)}\Bigr)

    Rejecting every hypothesis with :math:`\tilde p \le \alpha` keeps the probability of even
    one false rejection at most :math:`\alpha`, whatever the dependence between the tests.
    ``NaN`` entries are not tests: they stay ``NaN`` and do not count in :math:`m`.

    References
    ----------
    .. [1] Holm, S. (1979). A simple sequentially rejective multiple test procedure.
       *Scandinavian Journal of Statistics* 6(2), 65–70. https://www.jstor.org/stable/4615733

    Examples
    --------
    >>> holm([0.01, 0.04, 0.03]).tolist()
    [0.03, 0.06, 0.06]
    """
    p = _vector(p_values, "p_values")
    out = np.full(p.shape, np.nan)
    present = np.flatnonzero(~np.isnan(p))
    m = present.size
    if m:
        order = present[np.argsort(p[present], kind="stable")]
        scaled = (m - np.arange(m)) * p[order]
        out[order] = np.minimum(1.0, np.maximum.accumulate(scaled))
    return out


def benjamini_hochberg(p_values: ArrayLike) -> NDArray[np.float64]:
    r"""Benjamini–Hochberg (1995) adjusted p-values (false discovery rate).

    .. math:: \tilde p_{(i)} = \min\Bigl(1, \min_{j \ge i} \frac{m}{j}\, p_{(j)}\Bigr)

    Rejecting every hypothesis with :math:`\tilde p \le q` keeps the expected share of false
    rejections among the rejections at most :math:`q` for independent or positively dependent
    tests (Benjamini & Yekutieli 2001). As :func:`scipy.stats.false_discovery_control`;
    ``NaN`` entries stay ``NaN`` and do not count.

    References
    ----------
    .. [1] Benjamini, Y., & Hochberg, Y. (1995). Controlling the false discovery rate.
       *Journal of the Royal Statistical Society B* 57(1), 289–300.
       https://doi.org/10.1111/j.2517-6161.1995.tb02031.x
    .. [2] Benjamini, Y., & Yekutieli, D. (2001). The control of the false discovery rate in
       multiple testing under dependency. *The Annals of Statistics* 29(4), 1165–1188.
       https://doi.org/10.1214/aos/1013699998

    Examples
    --------
    >>> benjamini_hochberg([0.01, 0.04, 0.03]).tolist()
    [0.03, 0.04, 0.04]
    """
    p = _vector(p_values, "p_values")
    out = np.full(p.shape, np.nan)
    present = np.flatnonzero(~np.isnan(p))
    m = present.size
    if m:
        order = present[np.argsort(p[present], kind="stable")]
        scaled = m / np.arange(1, m + 1) * p[order]
        out[order] = np.minimum(1.0, np.minimum.accumulate(scaled[::-1])[::-1])
    return out
