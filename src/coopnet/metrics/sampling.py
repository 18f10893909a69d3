r"""Sampled betweenness and closeness for large networks, with a stated error bound.

Exact betweenness costs one search per actor (:math:`O(nm)`): about 15 ms per actor at 50,000
actors and 350,000 ties, over 12 minutes of processor time. Above a documented size
(:data:`EXACT_WORK`, used by ``sample="auto"`` in :func:`coopnet.metrics.analyze`) or when asked
(``sample="sampled"``), coopnet estimates instead, with a guarantee chosen by the user:
with probability at least :math:`1 - \delta`, *every* actor's estimate is within
:math:`\varepsilon` of the exact value.

**Betweenness: Riondato & Kornaropoulos (2016).** In the normalisation of the paper,

.. math:: b(v) = \frac{1}{n(n-1)} \sum_{s \ne t,\; s \ne v \ne t} \frac{\sigma_{st}(v)}{\sigma_{st}}

over *ordered* pairs (for an undirected network each unordered pair counts twice), so coopnet's
``betweenness`` column (networkx ``normalized=True``) is :math:`b(v) \cdot n/(n-2)`. Draw
:math:`r` pairs :math:`(s, t)` uniformly at random, pick one shortest path from :math:`s` to
:math:`t` uniformly at random among all of them, and count :math:`1/r` for every inner actor of
the path; then :math:`\tilde b(v)` is unbiased and, with

.. math:: r = \left\lceil \frac{c}{\varepsilon^2} \left( \lfloor \log_2(VD - 2) \rfloor + 1
          + \ln \frac{1}{\delta} \right) \right\rceil, \qquad c = 0.5,

:math:`\Pr[\exists v: |\tilde b(v) - b(v)| > \varepsilon] \le \delta` (their Theorem 2, from the
VC dimension of the shortest-path ranges; :math:`c \approx 0.5` is the universal constant of
Löffler & Phillips 2009 the paper uses), where :math:`VD` is (an upper bound of) the vertex
diameter, the largest number of actors on a shortest path (:func:`vertex_diameter_bound`). The
sample does not grow with :math:`n`. One path costs a balanced bidirectional breadth-first search
(a fraction of a millisecond at 50,000 actors) for unit lengths, and two Dijkstra searches with
lengths ``1 / weight``; equal lengths within the engine's relative tolerance count as equal.

**Closeness, harmonic centrality, average distances: pivots** (Eppstein & Wang 2004; Brandes &
Pich 2007). Draw :math:`k` pivot actors uniformly without replacement, search from each, and
scale the sums by :math:`n/k`. For every actor :math:`v` the three normalised totals -- the share
of actors that reach it :math:`\rho(v) = r_v/(n-1)`, the average distance
:math:`A(v) = \sum_{u} d(u, v)/(n-1)` (unreached actors counting 0) and harmonic centrality
:math:`H(v) = \sum_u 1/d(u, v)/(n-1)` -- are means of :math:`k` terms bounded by
:math:`R\cdot n/(n-1)` (:math:`R = 1` for :math:`\rho`; :math:`R = \Delta`, a bound on the
distances, for :math:`A`; :math:`R = 1/\ell_{min}` for :math:`H`). Hoeffding's inequality (which
holds for sampling without replacement, Hoeffding 1963, §6) and a union bound over the
:math:`E` estimated quantities (:math:`2n` undirected, where :math:`r_v` is the exact component
size, :math:`3n` directed) give, with

.. math:: k = \left\lceil \left(\frac{n}{n-1}\right)^2 \frac{\ln(2E/\delta)}{2\varepsilon^2}
          \right\rceil,

with probability at least :math:`1 - \delta`: :math:`|\tilde\rho - \rho| \le \varepsilon`,
:math:`|\tilde A - A| \le \varepsilon\Delta` and :math:`|\tilde H - H| \le \varepsilon/\ell_{min}`
for every actor. Closeness (Wasserman-Faust) is computed from the estimates as
:math:`\tilde\rho^2/\tilde A`. When :math:`k` reaches the number of actors the exact values are
computed instead (the sample would be the whole network).

References
----------
.. [1] Riondato, M., & Kornaropoulos, E. M. (2016). Fast approximation of betweenness centrality
   through sampling. *Data Mining and Knowledge Discovery*, 30(2), 438-475.
   https://doi.org/10.1007/s10618-015-0423-0
.. [2] Eppstein, D., & Wang, J. (2004). Fast approximation of centrality. *Journal of Graph
   Algorithms and Applications*, 8(1), 39-45. https://doi.org/10.7155/jgaa.00081
.. [3] Brandes, U., & Pich, C. (2007). Centrality estimation in large networks. *International
   Journal of Bifurcation and Chaos*, 17(7), 2303-2318. https://doi.org/10.1142/S0218127407018403
.. [4] Hoeffding, W. (1963). Probability inequalities for sums of bounded random variables.
   *Journal of the American Statistical Association*, 58(301), 13-30.
   https://doi.org/10.1080/01621459.1963.10500830
.. [5] Löffler, M., & Phillips, J. M. (2009). Shape fitting on point sets with probability
   distributions. *ESA 2009*, LNCS 5757, 313-324. https://doi.org/10.1007/978-3-642-04128-0_29
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final, Literal

import numpy as np
import numpy.typing as npt
from scipy.sparse import csgraph

from coopnet.errors import GraphError
from coopnet.messages import tr
from coopnet.metrics._engine import (
    EPSILON,
    DistanceSums,
    map_parts,
    resolve_jobs,
    source_sums,
    weak_components,
)
from coopnet.metrics._util import gather_neighbours
from coopnet.metrics.arrays import GraphArrays

__all__ = [
    "DEFAULT_DELTA",
    "DEFAULT_EPSILON",
    "EXACT",
    "EXACT_WORK",
    "RK_CONSTANT",
    "Estimation",
    "SampleMode",
    "Sampling",
    "describe_estimation",
    "estimate_of",
    "hoeffding_pivots",
    "pivot_distance_sums",
    "plan_estimation",
    "rk_betweenness",
    "rk_sample_size",
    "vertex_diameter_bound",
]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

SampleMode = Literal["auto", "exact", "sampled"]
"""``"exact"``: every value exact; ``"sampled"``: betweenness and the distance measures
estimated; ``"auto"`` (default): estimated only above :data:`EXACT_WORK`."""

DEFAULT_EPSILON: Final = 0.01
"""Default largest error :math:`\\varepsilon` of a sampled value (in the normalisations above)."""

DEFAULT_DELTA: Final = 0.1
"""Default probability :math:`\\delta` that some actor's error exceeds :math:`\\varepsilon`."""

RK_CONSTANT: Final = 0.5
"""The universal constant :math:`c` of the sample size of Riondato & Kornaropoulos (2016)."""

EXACT_WORK: Final = {"betweenness": 2_000_000_000, "closeness": 100_000_000_000}
"""``sample="auto"`` samples a measure when actors × arcs exceeds this (about one minute of
processor time for the exact values): betweenness from e.g. 16,000 actors with 8 ties each
(unit lengths: the exact search is a per-source Brandes search, about 2e-8 s per actor and arc),
the distance measures (closeness, harmonic centrality, average path length, distance-weighted
fragmentation) from 50 times that with unit lengths (a bit-parallel search, 64 sources per
machine word) and from the betweenness threshold with lengths ``1 / weight`` (Dijkstra)."""

_PARTS: Final = 8  # the sample is cut into this many parts (fixed, so `jobs` never matters)
_MIN_PART: Final = 2_000  # samples below which the sample is not split


@dataclass(frozen=True)
class Sampling:
    """The requested guarantee of a sampled measure.

    Attributes
    ----------
    epsilon
        The largest error of any actor's value (in the normalisation of the module docstring),
        in (0, 1).
    delta
        The probability that some actor's error exceeds `epsilon`, in (0, 1).
    seed
        Seed of the random sample (the same seed gives the same values).
    """

    epsilon: float = DEFAULT_EPSILON
    delta: float = DEFAULT_DELTA
    seed: int = 0

    def __post_init__(self) -> None:
        for name in ("epsilon", "delta"):
            value = getattr(self, name)
            if not (isinstance(value, int | float) and 0.0 < value < 1.0):
                raise GraphError(tr("errors.run.unit_interval", name=name, value=repr(value)))

    @property
    def key(self) -> str:
        """A memo key of the guarantee."""
        return f"{self.epsilon!r}:{self.delta!r}:{self.seed}"


@dataclass(frozen=True)
class Estimation:
    """Which path measures of an analysis are estimated, and with which guarantee.

    Attributes
    ----------
    betweenness
        Betweenness (and its centralization) by RK sampling, or ``None``: exact.
    distances
        Closeness, harmonic centrality, closeness centralization, average path length and
        distance-weighted fragmentation from pivots, or ``None``: exact.
    reasons
        Why a measure is estimated (``"betweenness"``, ``"closeness"``): asked for, or the size
        above :data:`EXACT_WORK`; written into ``network.json`` and printed by the CLI.
    """

    betweenness: Sampling | None = None
    distances: Sampling | None = None
    reasons: Mapping[str, str] = field(default_factory=dict)


EXACT: Final = Estimation()
"""Every value exact."""


def plan_estimation(
    arrays: GraphArrays,
    *,
    sample: SampleMode = "auto",
    epsilon: float = DEFAULT_EPSILON,
    delta: float = DEFAULT_DELTA,
    seed: int = 0,
) -> Estimation:
    """Decide which measures are sampled: all (``"sampled"``), none (``"exact"``), or by size.

    ``"auto"`` samples a measure when actors × arcs exceeds its :data:`EXACT_WORK` (the
    distance measures with lengths ``1 / weight`` at the betweenness threshold).

    Raises
    ------
    GraphError
        If `sample` is not a mode or `epsilon` / `delta` are not in (0, 1).
    """
    if sample not in ("auto", "exact", "sampled"):
        raise GraphError(tr("errors.run.sample_mode", sample=repr(sample)))
    spec = Sampling(epsilon=epsilon, delta=delta, seed=seed)
    if sample == "exact":
        return EXACT
    if sample == "sampled":
        asked = "sample='sampled' (asked for)"
        return Estimation(spec, spec, reasons={"betweenness": asked, "closeness": asked})
    work = arrays.n * max(arrays.n_arcs, 1)
    unit = arrays.weight is None or arrays.uniform_weight is not None
    limits = {
        "betweenness": EXACT_WORK["betweenness"],
        "closeness": EXACT_WORK["closeness" if unit else "betweenness"],
    }
    over = {measure: work > limit for measure, limit in limits.items()}
    reasons = {
        measure: f"sample='auto': {arrays.n} actors x {arrays.n_arcs} arcs = {work:.3g} above "
        f"the exact limit {limit:.3g} for {measure}"
        + ("" if measure == "betweenness" or unit else " with lengths 1 / weight")
        for measure, limit in limits.items()
        if over[measure]
    }
    return Estimation(
        betweenness=spec if over["betweenness"] else None,
        distances=spec if over["closeness"] else None,
        reasons=reasons,
    )


def describe_estimation(arrays: GraphArrays, estimation: Estimation) -> dict[str, dict[str, Any]]:
    """The method of betweenness and closeness in an analysis, with the guarantee if sampled.

    ``{"betweenness": {...}, "closeness": {...}}``: ``{"method": "exact"}``, or the method,
    ``epsilon``, ``delta``, ``samples``, ``seed``, the bound in words and the ``reason`` it was
    estimated (written into ``network.json`` as ``estimation``). A measure planned as sampled
    whose sample would cover every actor is ``{"method": "exact", "reason": ...}``.
    """
    weighted = arrays.weight is not None
    out: dict[str, dict[str, Any]] = {}
    measures: tuple[tuple[Literal["betweenness", "closeness"], Sampling | None], ...] = (
        ("betweenness", estimation.betweenness),
        ("closeness", estimation.distances),
    )
    for measure, spec in measures:
        found = (
            None if spec is None else estimate_of(arrays, measure, weighted=weighted, sampling=spec)
        )
        if found is not None and found["method"] != "exact" and measure in estimation.reasons:
            found["reason"] = estimation.reasons[measure]
        out[measure] = found if found is not None else {"method": "exact"}
    return out


# ------------------------------------------------------------------------------ sample sizes
def rk_sample_size(vertex_diameter: int, *, epsilon: float, delta: float) -> int:
    r"""Number of sampled paths :math:`r` for an :math:`(\varepsilon, \delta)` guarantee (RK 2016).

    :math:`\lceil (c/\varepsilon^2)(\lfloor \log_2(VD-2) \rfloor + 1 + \ln(1/\delta)) \rceil`
    with :math:`c` = :data:`RK_CONSTANT`; 0 when :math:`VD \le 2` (no shortest path has an inner
    actor, so every betweenness is exactly 0).

    Examples
    --------
    >>> rk_sample_size(10, epsilon=0.01, delta=0.1)
    31513
    """
    if vertex_diameter <= 2:
        return 0
    bits = math.floor(math.log2(vertex_diameter - 2)) + 1
    return math.ceil(RK_CONSTANT / epsilon**2 * (bits + math.log(1.0 / delta)))


def hoeffding_pivots(n: int, events: int, *, epsilon: float, delta: float) -> int:
    r"""Number of pivots :math:`k` for an :math:`(\varepsilon, \delta)` guarantee on `events` means.

    :math:`\lceil (n/(n-1))^2 \ln(2E/\delta) / (2\varepsilon^2) \rceil` (Hoeffding 1963 with a
    union bound over the :math:`E` estimated quantities).

    Examples
    --------
    >>> hoeffding_pivots(50_000, 100_000, epsilon=0.05, delta=0.1)
    2902
    """
    if n < 2:
        return 0
    scale = (n / (n - 1)) ** 2
    return math.ceil(scale * math.log(2.0 * events / delta) / (2.0 * epsilon**2))


def _eccentricities(arrays: GraphArrays, *, weighted: bool) -> tuple[IntArray, FloatArray]:
    """Component labels and, per component, the eccentricity of its first actor (undirected)."""
    parts = weak_components(arrays)
    first = np.full(parts.count, arrays.n, dtype=np.int64)
    np.minimum.at(first, parts.labels, np.arange(arrays.n, dtype=np.int64))
    matrix = arrays.matrix(lengths=True) if weighted else arrays.unweighted().matrix()
    dist = csgraph.dijkstra(matrix, directed=False, indices=first, min_only=True)
    ecc = np.zeros(parts.count)
    np.maximum.at(ecc, parts.labels, np.where(np.isfinite(dist), dist, 0.0))
    return parts.labels, ecc


def vertex_diameter_bound(arrays: GraphArrays, *, weighted: bool) -> int:
    r"""An upper bound of the vertex diameter: the most actors on any shortest path.

    Undirected: per component, a search from its first actor gives its eccentricity
    :math:`e`; every shortest path has at most :math:`2e` hops (unit lengths) or
    :math:`\lfloor 2e/\ell_{min} \rfloor` hops (lengths ``1 / weight``, :math:`\ell_{min}` the
    shortest tie) and at most as many actors as the component (RK 2016, §5.2). Directed: the size
    of the largest weak component (a shortest path never repeats an actor); the sample size grows
    only with its logarithm.
    """
    if arrays.n == 0 or arrays.n_arcs == 0:
        return 1 if arrays.n else 0
    parts = weak_components(arrays)
    if arrays.directed:
        return int(parts.sizes[0])
    _, ecc = _eccentricities(arrays, weighted=weighted)
    if weighted:
        shortest = float(arrays.lengths.min())
        hops = np.floor(2.0 * ecc / shortest * (1.0 + EPSILON) + EPSILON)
    else:
        hops = 2.0 * ecc
    return int(np.minimum(hops + 1.0, parts.sizes.astype(np.float64)).max())


def _distance_bound(arrays: GraphArrays, *, weighted: bool) -> float:
    """An upper bound :math:`\\Delta` of every finite distance (the range of the pivot terms)."""
    if arrays.n_arcs == 0:
        return 1.0
    if not arrays.directed:
        _, ecc = _eccentricities(arrays, weighted=weighted)
        return max(float(2.0 * ecc.max()), 1.0)
    hops = float(weak_components(arrays).sizes[0] - 1)
    return hops * (float(arrays.lengths.max()) if weighted else 1.0)


# ------------------------------------------------------------------------------ betweenness
def _pairs(n: int, r: int, seed: int) -> IntArray:
    """`r` ordered pairs of distinct actors, uniform (``(r, 2)`` array)."""
    rng = np.random.default_rng([seed, 0xB7])
    s = rng.integers(0, n, size=r, dtype=np.int64)
    t = (s + 1 + rng.integers(0, n - 1, size=r, dtype=np.int64)) % n
    return np.column_stack([s, t])


def _pick(candidates: IntArray, weights: FloatArray, rng: np.random.Generator) -> int:
    """One of `candidates` with probability proportional to `weights`."""
    cumulative = np.cumsum(weights)
    at = int(np.searchsorted(cumulative, rng.random() * cumulative[-1], side="right"))
    return int(candidates[min(at, candidates.size - 1)])


def _paths_unit(arrays: GraphArrays, pairs: IntArray, rng: np.random.Generator) -> FloatArray:
    """Inner-actor counts of one uniform shortest path per pair (unit lengths).

    Balanced bidirectional breadth-first search: the side whose frontier has fewer arcs grows by
    one level until the two meet. If the forward side grows from radius :math:`a` to :math:`a+1`
    and first touches actors the backward side reached (radius :math:`b`), then
    :math:`d(s,t) = a+1+b` and every shortest path crosses exactly one actor :math:`v` with
    :math:`d(s,v) = a+1` and :math:`d(v,t) = b`, so
    :math:`\\sigma_{st} = \\sum_v \\sigma_{sv}\\sigma_{vt}`; a meeting actor is drawn with
    probability :math:`\\sigma_{sv}\\sigma_{vt}/\\sigma_{st}` and each half is walked back
    drawing predecessors in proportion to their path counts, which makes every shortest path
    equally likely (RK 2016, Algorithm 1).
    """
    n = arrays.n
    into = arrays.reverse
    op, oi, ip, ii = arrays.indptr, arrays.indices, into.indptr, into.indices
    odeg, ideg = arrays.out_degree, into.out_degree
    ds = np.full(n, -1, dtype=np.int64)
    dt = np.full(n, -1, dtype=np.int64)
    ss = np.zeros(n)
    st = np.zeros(n)
    counts = np.zeros(n)

    def grow(front: IntArray, ptr: IntArray, idx: IntArray, dist: IntArray, sig: FloatArray,
             level: int) -> IntArray:  # fmt: skip
        reached, offsets = gather_neighbours(ptr, idx, front)
        tails = np.repeat(front, np.diff(np.append(offsets, reached.size)))
        fresh = dist[reached] < 0
        reached, tails = reached[fresh], tails[fresh]
        if not reached.size:
            return reached
        new, inverse = np.unique(reached, return_inverse=True)
        sig[new] = np.bincount(inverse, weights=sig[tails])
        dist[new] = level
        return new

    for s, t in pairs.tolist():
        ds[s], ss[s], dt[t], st[t] = 0, 1.0, 0, 1.0
        fs = np.array([s], dtype=np.int64)
        ft = np.array([t], dtype=np.int64)
        seen_s, seen_t = [fs], [ft]
        a = b = 0
        meet: IntArray | None = None
        while fs.size and ft.size:
            if int(odeg[fs].sum()) <= int(ideg[ft].sum()):
                a += 1
                fs = grow(fs, op, oi, ds, ss, a)
                seen_s.append(fs)
                hit = fs[dt[fs] >= 0]
            else:
                b += 1
                ft = grow(ft, ip, ii, dt, st, b)
                seen_t.append(ft)
                hit = ft[ds[ft] >= 0]
            if hit.size:
                meet = hit
                break
        if meet is not None:
            v = _pick(meet, ss[meet] * st[meet], rng)
            u = v
            while u != s:  # back to s through predecessors one level closer to s
                if u != t:
                    counts[u] += 1.0
                before = ii[ip[u] : ip[u + 1]]
                before = before[ds[before] == ds[u] - 1]
                u = _pick(before, ss[before], rng)
            u = v
            while u != t:  # on to t through successors one level closer to t
                if u != v and u != s:
                    counts[u] += 1.0
                after = oi[op[u] : op[u + 1]]
                after = after[dt[after] == dt[u] - 1]
                u = _pick(after, st[after], rng)
        for front in seen_s:
            ds[front], ss[front] = -1, 0.0
        for front in seen_t:
            dt[front], st[front] = -1, 0.0
    return counts


def _paths_weighted(arrays: GraphArrays, pairs: IntArray, rng: np.random.Generator) -> FloatArray:
    """Inner-actor counts of one uniform shortest path per pair, lengths ``1 / weight``.

    A Dijkstra search from :math:`s` and one into :math:`t` (scipy); the actors with
    :math:`d(s,u) + d(u,t) = d(s,t)` and the arcs with :math:`d(s,u) + \\ell_{uv} = d(s,v)`
    (both within the relative tolerance :data:`~coopnet.metrics._engine.EPSILON`) form the
    shortest-path graph, whose path counts are accumulated in distance order; the path is
    then drawn backwards from :math:`t` in proportion to the counts.
    """
    forward = arrays.matrix(lengths=True)
    backward = arrays.reverse.matrix(lengths=True)
    op, oi, lengths = arrays.indptr, arrays.indices, arrays.lengths
    counts = np.zeros(arrays.n)
    for s, t in pairs.tolist():
        from_s = csgraph.dijkstra(forward, directed=True, indices=s)
        total = float(from_s[t])
        if not math.isfinite(total):
            continue
        slack = EPSILON * total
        to_t = csgraph.dijkstra(backward, directed=True, indices=t, limit=total + 2 * slack)
        on = np.flatnonzero(from_s + to_t <= total + slack)
        order = on[np.argsort(from_s[on], kind="stable")]
        inside = set(order.tolist())
        sigma: dict[int, float] = {s: 1.0}
        preds: dict[int, list[int]] = {}
        for u in order.tolist():
            if u not in sigma:
                continue
            for k in range(int(op[u]), int(op[u + 1])):
                v = int(oi[k])
                if v not in inside or v == s:
                    continue
                alt, old = from_s[u] + lengths[k], from_s[v]
                if abs(alt - old) <= EPSILON * max(alt, old):
                    sigma[v] = sigma.get(v, 0.0) + sigma[u]
                    preds.setdefault(v, []).append(u)
        u = t
        while u != s:
            before = np.array(preds[u], dtype=np.int64)
            u = _pick(before, np.array([sigma[p] for p in preds[u]]), rng)
            if u != s:
                counts[u] += 1.0
    return counts


def rk_betweenness(
    arrays: GraphArrays, *, weighted: bool, sampling: Sampling, jobs: int | None = None
) -> FloatArray:
    """Raw betweenness (as :func:`coopnet.metrics._engine.betweenness`) estimated by RK sampling.

    The estimate :math:`\\tilde b(v)` of the module docstring, rescaled to the raw sums
    (:math:`n(n-1)\\tilde b` directed, :math:`n(n-1)\\tilde b/2` undirected). Kept with the
    arrays; :func:`estimate_of` gives the guarantee. The sample is cut into a fixed number of
    parts, each with its own random stream, run in up to `jobs` processes and added in order, so
    the values do not depend on `jobs`.
    """
    weighted = weighted and arrays.uniform_weight is None
    key = f"rk:{weighted}:{sampling.key}"

    def compute() -> tuple[FloatArray, dict[str, Any]]:
        n = arrays.n
        diameter = vertex_diameter_bound(arrays, weighted=weighted)
        r = rk_sample_size(diameter, epsilon=sampling.epsilon, delta=sampling.delta)
        info: dict[str, Any] = {
            "method": "riondato-kornaropoulos",
            "epsilon": sampling.epsilon,
            "delta": sampling.delta,
            "samples": r,
            "vertex_diameter_bound": diameter,
            "seed": sampling.seed,
            "normalisation": "b(v) = sum over ordered pairs s != v != t of "
            "sigma_st(v) / sigma_st, divided by n(n-1); the betweenness column is b(v) * n/(n-2)",
            "bound": f"with probability >= {1 - sampling.delta:g}, |estimate - exact| <= "
            f"{sampling.epsilon:g} for every actor (normalisation above)",
        }
        if r == 0 or n < 3:
            return np.zeros(n), info
        pairs = _pairs(n, r, sampling.seed)
        parts = _PARTS if r >= _MIN_PART else 1
        pieces = np.array_split(np.arange(r), parts)
        walk = _paths_weighted if weighted else _paths_unit

        def task(p: int) -> FloatArray:
            rng = np.random.default_rng([sampling.seed, 0x9A7, p])
            return walk(arrays, pairs[pieces[p]], rng)

        total = np.zeros(n)
        for part in map_parts(task, parts, resolve_jobs(jobs)):
            total += part
        scale = (n - 1) * n / r / (1.0 if arrays.directed else 2.0)
        return total * scale, info

    values, _ = arrays.memo(key, compute)
    return values


def pivot_distance_sums(
    arrays: GraphArrays, *, weighted: bool, sampling: Sampling, jobs: int | None = None
) -> DistanceSums:
    """Incoming reach, distance and reciprocal-distance sums estimated from pivots.

    The searches of :func:`coopnet.metrics._engine.distance_sums` from :math:`k` pivots drawn
    without replacement (:func:`hoeffding_pivots`), scaled by :math:`n/k`; for an undirected
    network the reach is the exact component size minus one, for a directed one the scaled
    count rounded to a whole number. Exact (all actors as sources) when :math:`k \\ge n`.
    Kept with the arrays; :func:`estimate_of` gives the guarantee.
    """
    key = f"pivots:{weighted}:{sampling.key}"

    def compute() -> tuple[DistanceSums, dict[str, Any]]:
        n = arrays.n
        events = (3 if arrays.directed else 2) * n
        k = hoeffding_pivots(n, events, epsilon=sampling.epsilon, delta=sampling.delta)
        unit = not weighted or arrays.uniform_weight is not None
        info: dict[str, Any] = {
            "method": "pivots (eppstein-wang, brandes-pich) with hoeffding bound",
            "epsilon": sampling.epsilon,
            "delta": sampling.delta,
            "samples": k,
            "seed": sampling.seed,
        }
        if k >= n:
            exact = arrays.memo(
                f"distance_sums:{weighted}",
                lambda: source_sums(arrays, weighted=weighted, jobs=jobs),
            )
            info = {
                "method": "exact",
                "reason": f"the sample for epsilon {sampling.epsilon:g} ({k} pivots) would "
                f"cover all {n} actors",
            }
            return exact, info
        rng = np.random.default_rng([sampling.seed, 0xC105])
        pivots = np.sort(rng.choice(n, size=k, replace=False)).astype(np.int64)
        sums = source_sums(arrays, weighted=weighted, jobs=jobs, sources=pivots)
        scale = n / k
        if arrays.directed:
            reach = np.minimum(np.rint(sums.reach * scale), n - 1).astype(np.int64)
        else:
            parts = weak_components(arrays)
            reach = (parts.sizes[parts.labels] - 1).astype(np.int64)
        delta_bound = _distance_bound(arrays, weighted=weighted and not unit)
        shortest = 1.0 if unit else float(arrays.lengths.min())
        if unit and weighted and arrays.uniform_weight is not None:
            shortest = 1.0 / float(arrays.uniform_weight)
        info.update(
            distance_bound=delta_bound,
            bound=f"with probability >= {1 - sampling.delta:g}, for every actor: share reached "
            f"within {sampling.epsilon:g}"
            + (" (exact here)" if not arrays.directed else "")
            + f", average distance within {sampling.epsilon * delta_bound:g}, harmonic "
            f"centrality within {sampling.epsilon / shortest:g}",
        )
        estimate = DistanceSums(reach, sums.distance * scale, sums.harmonic * scale)
        return estimate, info

    sums, _ = arrays.memo(key, compute)
    return sums


def estimate_of(
    arrays: GraphArrays, measure: Literal["betweenness", "closeness"], *, weighted: bool,
    sampling: Sampling,
) -> dict[str, Any] | None:  # fmt: skip
    """The guarantee of a sampled measure computed on `arrays` (``None`` if not computed)."""
    if measure == "betweenness":
        weighted = weighted and arrays.uniform_weight is None
        kept = arrays._memo.get(f"rk:{weighted}:{sampling.key}")
    else:
        kept = arrays._memo.get(f"pivots:{weighted}:{sampling.key}")
    return None if kept is None else dict(kept[1])
