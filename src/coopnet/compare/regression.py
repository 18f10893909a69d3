r"""QAP regression (MRQAP) of a tie network on dyadic covariates, as ``sna::netlm`` / ``netlogit``.

:func:`qap_regression_matrices` takes plain :math:`n \times n` arrays -- the dependent matrix
:math:`Y` (ties, tie weights) and named covariate matrices :math:`X_k` -- and fits

* ``model="ols"``: :math:`y_{ij} = \beta_0 + \sum_k \beta_k x_{k,ij} + \varepsilon_{ij}` by least
  squares (``sna::netlm``), or
* ``model="logit"``: :math:`\operatorname{logit} P(y_{ij} = 1) = \beta_0 + \sum_k \beta_k
  x_{k,ij}` by maximum likelihood (``sna::netlogit``),

over the cells of the matrices (ordered pairs :math:`i \ne j` for directed ties, unordered pairs
for undirected ones). Because the cells of a network are not independent (all cells of one row
share an actor), the p-values come from permutations of the actors (quadratic assignment), with
the classical p-values beside them for comparison. :mod:`coopnet.compare.dyadic` builds the
matrices from a graph or a dataset (``same_<column>``, ``diff_<column>``, the tie of a prior
period, dyadic covariates from a file); ``docs/statistics.md`` explains the terms and the nulls.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import special
from threadpoolctl import threadpool_limits

from coopnet.compare import _fit
from coopnet.errors import GraphError
from coopnet.jsonio import to_jsonable
from coopnet.messages import tr

__all__ = [
    "COEFFICIENT_COLUMNS",
    "NULL_HYPOTHESES",
    "Model",
    "NullHypothesis",
    "QAPRegression",
    "qap_regression_matrices",
]

Model = Literal["ols", "logit"]
NullHypothesis = Literal["qapspp", "qapy"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

COEFFICIENT_COLUMNS: Final = (
    "estimate",
    "std_error",
    "statistic",
    "p_value",
    "p_greater",
    "p_less",
    "p_classical",
    "p_classical_greater",
    "p_classical_less",
)
"""Columns of :attr:`QAPRegression.coefficients` (and of ``coefficients.csv`` after ``term``)."""

NULL_HYPOTHESES: Final[Mapping[str, str]] = {
    "qapspp": (
        "Dekker-Krackhardt-Snijders double semi-partialling (sna nullhyp='qapspp'): for each "
        "term, its residual after regression on the other terms is permuted (rows and columns "
        "by the same permutation of the actors) and the model refitted; H0: the term has no "
        "effect once the other terms are held fixed"
    ),
    "qapy": (
        "permutation of the dependent matrix (rows and columns by the same permutation of the "
        "actors; sna nullhyp='qapy', Krackhardt 1988); H0: the ties are independent of all terms"
    ),
}
"""One sentence per null hypothesis, written to ``model.json``."""

INTERCEPT: Final = "intercept"
"""Name of the constant term."""

_BATCH_ELEMENTS: Final = 1 << 22
"""Permutations are processed in batches of about this many cell values (32 MB of float64)."""

_TIE_TOLERANCE: Final = 1e-10
"""Permuted statistics within this relative distance of the observed one count as equal."""


# ----------------------------------------------------------------------------------------------
# result
# ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class QAPRegression:
    """Result of a QAP regression.

    Attributes
    ----------
    coefficients
        One row per term (index ``term``: ``intercept`` first, then the covariates in the order
        given), columns :data:`COEFFICIENT_COLUMNS`:

        * ``estimate`` -- the coefficient :math:`\\hat\\beta`;
        * ``std_error`` -- its classical standard error;
        * ``statistic`` -- :math:`\\hat\\beta / SE` (t for OLS, z for the logit), the statistic
          that is permuted (``sna``'s default ``test.statistic``);
        * ``p_value``, ``p_greater``, ``p_less`` -- permutation p-values: two-sided
          :math:`(\\#\\{|t_\\pi| \\ge |t|\\} + 1) / (m + 1)`, upper and lower;
        * ``p_classical``, ``p_classical_greater``, ``p_classical_less`` -- the same from the
          t (OLS) or normal (logit) distribution, as if the cells were independent.
    model
        JSON-ready description of the fit: ``model``, ``null_hypothesis`` (and its sentence
        ``null_hypothesis_text``), ``directed``, ``n_actors``, ``n_cells`` (used),
        ``n_cells_possible``, ``n_cells_excluded``, ``n_permutations``, ``seed``,
        ``permutation_strata`` (group sizes, or ``None``), ``n_permutations_undefined`` (per
        term), for OLS ``r_squared``, ``adj_r_squared``, ``residual_std_error``, for the logit
        ``deviance``, ``null_deviance``, ``aic``, ``bic``, ``pseudo_r_squared`` (McFadden),
        ``n_ties``, ``iterations``, ``n_permutation_fits_not_converged``; always
        ``df_residual``, ``terms`` and ``warnings`` (list of texts). The dataset-level functions
        add the dataset, periods, excluded actors and the cell accounting.
    null_distribution
        The permuted statistics, shape ``(n_permutations, n_terms)`` (NaN where undefined).
    """

    coefficients: pd.DataFrame
    model: Mapping[str, Any]
    null_distribution: FloatArray = field(
        default_factory=lambda: np.empty((0, 0)), repr=False, compare=False
    )

    def to_dict(self) -> dict[str, Any]:
        """Return ``{"model": …, "coefficients": [{"term": …, column: value, …}, …]}`` (JSON-ready)."""
        records = self.coefficients.reset_index().to_dict("records")
        return {"model": to_jsonable(dict(self.model)), "coefficients": to_jsonable(records)}

    def with_model(self, **entries: Any) -> QAPRegression:
        """Return a copy whose ``model`` also has (or replaces) `entries`."""
        return QAPRegression(
            self.coefficients, {**self.model, **to_jsonable(entries)}, self.null_distribution
        )

    def __repr__(self) -> str:
        m = self.model
        return (
            f"<QAPRegression {m.get('model')} period={m.get('period')!r} "
            f"terms={list(self.coefficients.index)} cells={m.get('n_cells')}>"
        )

    def _repr_html_(self) -> str:
        m = self.model
        fit = (
            f"R² = {_num(m.get('r_squared'))}"
            if m.get("model") == "ols"
            else f"pseudo-R² = {_num(m.get('pseudo_r_squared'))}, AIC = {_num(m.get('aic'), 1)}"
        )
        caption = (
            f"QAP regression ({m.get('model')}, null {m.get('null_hypothesis')}): "
            f"{m.get('n_cells')} cells, {m.get('n_actors')} actors, "
            f"{m.get('n_permutations')} permutations, {fit}"
        )
        table = self.coefficients.to_html(
            float_format=lambda v: f"{v:.4g}", escape=True, na_rep="–"
        )
        return f"<div><p>{html.escape(caption)}</p>{table}</div>"

    def __str__(self) -> str:
        columns = ["estimate", "std_error", "statistic", "p_value", "p_classical"]
        return self.coefficients[columns].to_string(float_format=lambda v: f"{v:.4f}")


def _num(value: Any, digits: int = 3) -> str:
    return "–" if value is None else f"{float(value):.{digits}f}"


# ----------------------------------------------------------------------------------------------
# permutations
# ----------------------------------------------------------------------------------------------
def _permutation_batches(strata: IntArray, count: int, seed: int, batch: int) -> Iterator[IntArray]:
    """Yield `count` random permutations of ``range(n)`` within strata, `batch` rows at a time.

    Position ``i`` of a permutation row holds the actor whose values move to ``i``; actors are
    only exchanged with actors of the same stratum. The permutations depend on `strata`, `count`
    and `seed` only, not on `batch`.
    """
    rng = np.random.default_rng(seed)
    members = [np.flatnonzero(strata == s) for s in np.unique(strata)]
    n = strata.size
    done = 0
    while done < count:
        size = min(batch, count - done)
        out = np.empty((size, n), dtype=np.int64)
        for row in range(size):
            for idx in members:
                out[row, idx] = idx[rng.permutation(idx.size)]
        done += size
        yield out


def _p_values(observed: FloatArray, null: FloatArray) -> tuple[FloatArray, ...]:
    """Two-sided, upper and lower permutation p-values per column, ignoring NaN permutations."""
    tol = _TIE_TOLERANCE * np.maximum(1.0, np.abs(observed))
    valid = ~np.isnan(null)
    m = valid.sum(axis=0)
    with np.errstate(invalid="ignore"):
        greater = (valid & (null >= observed - tol)).sum(axis=0)
        less = (valid & (null <= observed + tol)).sum(axis=0)
        both = (valid & (np.abs(null) >= np.abs(observed) - tol)).sum(axis=0)
    undefined = ~np.isfinite(observed) | (m == 0)

    def p(count: IntArray) -> FloatArray:
        return np.asarray(np.where(undefined, np.nan, (count + 1.0) / (m + 1.0)), dtype=np.float64)

    return p(both), p(greater), p(less)


# ----------------------------------------------------------------------------------------------
# input checks
# ----------------------------------------------------------------------------------------------
def _square(name: str, value: Any, n: int | None) -> FloatArray:
    array = np.asarray(value, dtype=np.float64)
    if array.ndim != 2 or array.shape[0] != array.shape[1]:
        raise ValueError(f"matrix '{name}' must be square, got shape {array.shape}")
    if n is not None and array.shape[0] != n:
        raise ValueError(f"matrix '{name}' is {array.shape[0]} x {array.shape[0]}, y is {n} x {n}")
    if np.isinf(array).any():
        raise ValueError(f"matrix '{name}' has infinite values")
    return array


def _check_symmetric(name: str, array: FloatArray) -> None:
    same = (array == array.T) | (np.isnan(array) & np.isnan(array.T))
    np.fill_diagonal(same, True)
    if not same.all():
        i, j = (int(v) for v in np.argwhere(~same)[0])
        raise ValueError(
            f"an undirected model needs symmetric matrices; '{name}' has [{i}, {j}] = "
            f"{array[i, j]:g} but [{j}, {i}] = {array[j, i]:g} (use directed=True)"
        )


def _check_invariant(used: npt.NDArray[np.bool_], strata: IntArray) -> None:
    """The used cells must not change under permutations within strata (module docs, Notes)."""
    labels = np.unique(strata)
    for a in labels:
        rows = np.flatnonzero(strata == a)
        for b in labels:
            cols = np.flatnonzero(strata == b)
            block = used[np.ix_(rows, cols)]
            if a == b:
                block = block[~np.eye(rows.size, dtype=bool)]
            if block.size and not (block.all() or not block.any()):
                raise ValueError(
                    "the missing cells (NaN in y or a covariate) must be the same for every "
                    "permutation: within each pair of strata a block must be all missing or all "
                    "observed. Remove actors with missing attributes (their whole rows and "
                    "columns), or give strata that describe the missing blocks (e.g. "
                    "respondents and non-respondents)"
                )


# ----------------------------------------------------------------------------------------------
# the regression
# ----------------------------------------------------------------------------------------------
def qap_regression_matrices(
    y: npt.ArrayLike,
    x: Mapping[str, npt.ArrayLike],
    *,
    directed: bool = True,
    model: Model = "ols",
    null: NullHypothesis = "qapspp",
    n_permutations: int = 1000,
    seed: int = 0,
    strata: npt.ArrayLike | None = None,
) -> QAPRegression:
    r"""Regress a tie matrix on covariate matrices with QAP permutation tests.

    The model (OLS or logit, module docstring) is fitted over the cells :math:`C` -- all
    ordered pairs :math:`i \ne j` (``directed=True``, ``sna`` ``mode="digraph"``) or all pairs
    :math:`i < j` (``directed=False``, ``mode="graph"``) -- without the cells where `y` or a
    covariate is NaN (listwise deletion). An intercept is always included.

    Null hypotheses (`null`), with :math:`m` = `n_permutations` random permutations :math:`\pi`
    of the actors, each applied to rows and columns together:

    * ``"qapspp"`` (default) -- Dekker, Krackhardt & Snijders' (2007) double semi-partialling:
      for term :math:`k`, regress :math:`X_k` on the other terms over :math:`C`, permute the
      residual matrix :math:`E_k` to :math:`E_k^\pi`, refit :math:`y` on the other terms and
      :math:`E_k^\pi`, and record the t (z) statistic of :math:`E_k^\pi`. Robust to
      collinear covariates and skewed data; the intercept is tested the same way (as ``sna``).
    * ``"qapy"`` -- permute :math:`Y` and refit on the unchanged covariates (Krackhardt 1988;
      ``sna`` ``nullhyp="qapy"``): tests all terms against "the ties are independent of the
      covariates", which is anti-conservative for a term when the others matter.

    The statistics of the permutations, :math:`t_1, \dots, t_m`, give
    :math:`p = (\#\{k: |t_k| \ge |t|\} + 1) / (m + 1)` (``p_value``) and the one-sided
    ``p_greater`` (:math:`t_k \ge t`) and ``p_less`` (:math:`t_k \le t`).

    Parameters
    ----------
    y
        Dependent :math:`n \times n` matrix: 0/1 ties (required for ``"logit"``) or tie weights;
        NaN marks an unobserved cell. The diagonal is ignored.
    x
        Covariate matrices by term name (same shape; NaN = missing). Names must be unique and
        not ``"intercept"``. May be empty (intercept-only model).
    directed
        Cells are ordered pairs (``True``) or unordered pairs (``False``; the matrices must then
        be symmetric).
    model
        ``"ols"`` or ``"logit"``.
    null
        ``"qapspp"`` or ``"qapy"``. An intercept-only model always uses ``"qapy"`` (as ``sna``).
    n_permutations
        :math:`m \ge 1`.
    seed
        Seed of ``numpy.random.default_rng``; the same seed gives the same result.
    strata
        One integer per actor. Permutations exchange only actors of the same stratum (default:
        one stratum). Needed when the missing cells form blocks, e.g. the unobserved dyads of
        non-respondents: then the missing cells are the same in every permutation.

    Returns
    -------
    QAPRegression

    Raises
    ------
    ValueError
        Matrices not square or of different sizes, asymmetric for ``directed=False``, a bad
        term name, `n_permutations` < 1, an unknown `model` or `null`, or missing cells that
        permutations would move (see Notes).
    GraphError
        The model cannot be estimated: too few cells, a constant or collinear term, no
        variation in `y`, a non-0/1 `y` for the logit, or separation in the logit.

    Notes
    -----
    * **Missing cells.** Permuting a matrix with holes would move the holes, and each
      permutation would be fitted on other cells. coopnet therefore requires that the set of
      used cells is unchanged by every permutation allowed: for every pair of strata
      :math:`(a, b)`, the cells from actors of :math:`a` to actors of :math:`b` are all used or
      all missing. Missing values of an actor's attribute are handled upstream by removing the
      actor (all its cells: listwise deletion), unobserved dyads of non-respondents by strata
      (:func:`coopnet.compare.qap_regression` does both). Without missing cells this is exactly
      ``sna``'s procedure; ``sna`` itself accepts holes with a warning (its ``qapspp``
      residualisation then misaligns values).
    * The residual of a term in ``qapspp`` is computed over the used cells :math:`C`
      (``sna``: over the cells where the covariates are observed; the same without missing y).
    * Permutation p-values count the observed statistic as one permutation (Phipson & Smyth
      2010), so they are never below :math:`1/(m+1)`; ``sna`` reports
      :math:`\#\{\cdot\}/m`. Statistics within a relative ``1e-10`` count as equal. Permuted
      fits whose statistic is undefined (a permuted residual collinear with the other terms)
      are left out and counted in ``n_permutations_undefined``.
    * Classical p-values: Student's t with :math:`N - p` degrees of freedom (OLS) and the
      normal distribution (logit Wald test, as ``summary.glm``; ``sna::netlogit``'s
      ``nullhyp="classical"`` uses the t distribution, which differs in the third decimal for
      small :math:`N`).
    * Logit fit statistics: ``null_deviance`` is that of the intercept-only model
      (``sna::netlogit`` reports the deviance of :math:`p = 1/2` instead), ``pseudo_r_squared``
      is McFadden's :math:`1 - D / D_0`, ``aic`` :math:`= D + 2p`, ``bic`` :math:`= D + p\log N`.
    * Computation: permutations are processed in batches with matrix products; OLS needs no
      refit under ``qapspp`` (Frisch--Waugh--Lovell, :mod:`coopnet.compare._fit`), logits are
      refitted by Newton--Raphson for a whole batch at once, starting from the fit without the
      permuted term.

    References
    ----------
    .. [1] Krackhardt, D. (1988). Predicting with networks: nonparametric multiple regression
       analysis of dyadic data. *Social Networks* 10(4), 359-381.
       https://doi.org/10.1016/0378-8733(88)90004-4
    .. [2] Dekker, D., Krackhardt, D., & Snijders, T. A. B. (2007). Sensitivity of MRQAP tests
       to collinearity and autocorrelation conditions. *Psychometrika* 72(4), 563-581.
       https://doi.org/10.1007/s11336-007-9016-1
    .. [3] Butts, C. T. (2008). Social network analysis with sna. *Journal of Statistical
       Software* 24(6). https://doi.org/10.18637/jss.v024.i06 (``netlm``, ``netlogit``)
    .. [4] Phipson, B., & Smyth, G. K. (2010). Permutation p-values should never be zero.
       *Statistical Applications in Genetics and Molecular Biology* 9(1), 39.
       https://doi.org/10.2202/1544-6115.1585

    Examples
    --------
    >>> import numpy as np
    >>> same = np.array([[0, 1, 0, 0], [1, 0, 0, 0], [0, 0, 0, 1], [0, 0, 1, 0]])
    >>> ties = np.array([[0, 1, 1, 0], [1, 0, 0, 0], [1, 0, 0, 1], [0, 0, 1, 0]])
    >>> result = qap_regression_matrices(ties, {"same": same}, directed=False, n_permutations=99)
    >>> result.coefficients["estimate"].round(3).tolist()
    [0.25, 0.75]
    """
    if n_permutations < 1:
        raise ValueError(f"n_permutations must be at least 1, got {n_permutations}")
    if model not in ("ols", "logit"):
        raise ValueError(f"model must be 'ols' or 'logit', got {model!r}")
    if null not in NULL_HYPOTHESES:
        raise ValueError(f"null must be one of {sorted(NULL_HYPOTHESES)}, got {null!r}")
    y_full = _square("y", y, None)
    n = y_full.shape[0]
    names = [INTERCEPT, *x]
    if INTERCEPT in x:
        raise ValueError("'intercept' is added automatically; do not pass it as a covariate")
    x_full = {name: _square(name, value, n) for name, value in x.items()}
    if not directed:
        for name, array in (("y", y_full), *x_full.items()):
            _check_symmetric(name, array)
    strata_array = (
        np.zeros(n, dtype=np.int64)
        if strata is None
        else np.asarray(strata, dtype=np.int64).reshape(-1)
    )
    if strata_array.size != n:
        raise ValueError(f"strata must have one value per actor ({n}), got {strata_array.size}")

    rows, cols = np.nonzero(~np.eye(n, dtype=bool) if directed else np.triu(np.ones((n, n)), 1))
    values = [y_full[rows, cols], *(a[rows, cols] for a in x_full.values())]
    keep = np.logical_and.reduce([~np.isnan(v) for v in values])
    used = np.zeros((n, n), dtype=bool)
    used[rows[keep], cols[keep]] = True
    if not directed:
        used |= used.T
    _check_invariant(used, strata_array)
    rows, cols = rows[keep], cols[keep]
    yv = values[0][keep]
    design = np.column_stack([np.ones(rows.size), *(v[keep] for v in values[1:])])
    _fit.check_design(design, names)
    if model == "logit" and not np.all((yv == 0.0) | (yv == 1.0)):
        raise GraphError(tr("errors.qap.logit_needs_binary"))
    if model == "ols" and np.all(yv == yv[0]):
        raise GraphError(tr("errors.qap.constant_dependent", value=float(yv[0]), n=yv.size))
    fit = _fit.ols(design, yv) if model == "ols" else _fit.logit(design, yv, names)
    warnings: list[str] = []
    used_null: NullHypothesis = null if len(names) > 1 else "qapy"
    if used_null != null:
        warnings.append("intercept-only model: the permutation test permutes y (qapy)")

    y_for_perm = np.where(used, y_full, np.nan)
    # The batched products are thin (a few columns): several BLAS threads only compete, and on
    # a busy machine they slow the loop down by an order of magnitude.
    with threadpool_limits(limits=1, user_api="blas"):
        null_stats, not_converged = _null_distribution(
            design,
            yv,
            y_for_perm,
            rows,
            cols,
            n=n,
            directed=directed,
            model=model,
            null=used_null,
            strata=strata_array,
            n_permutations=n_permutations,
            seed=seed,
            start=fit.coefficients,
            names=names,
        )
    p_two, p_greater, p_less = _p_values(fit.statistics, null_stats)
    table = pd.DataFrame(
        {
            "estimate": fit.coefficients,
            "std_error": fit.std_errors,
            "statistic": fit.statistics,
            "p_value": p_two,
            "p_greater": p_greater,
            "p_less": p_less,
            "p_classical": fit.p_two_sided,
            "p_classical_greater": fit.p_greater,
            "p_classical_less": fit.p_less,
        },
        index=pd.Index(names, name="term"),
        columns=list(COEFFICIENT_COLUMNS),
    )
    n_cells, n_cols = design.shape
    undefined = np.isnan(null_stats).sum(axis=0)
    if undefined.any():
        warnings.append(
            "some permuted statistics are undefined and left out: "
            + ", ".join(f"{t} {int(u)}" for t, u in zip(names, undefined, strict=True) if u)
        )
    info: dict[str, Any] = {
        "model": model,
        "null_hypothesis": used_null,
        "null_hypothesis_text": NULL_HYPOTHESES[used_null],
        "directed": directed,
        "n_actors": n,
        "n_cells": n_cells,
        "n_cells_possible": int(keep.size),
        "n_cells_excluded": int(keep.size - n_cells),
        "n_permutations": n_permutations,
        "seed": seed,
        "permutation_strata": (
            None
            if np.unique(strata_array).size < 2
            else [int(c) for c in np.unique(strata_array, return_counts=True)[1]]
        ),
        "n_permutations_undefined": {t: int(u) for t, u in zip(names, undefined, strict=True)},
        "df_residual": fit.df_residual,
        "terms": names,
    }
    if model == "ols":
        r2 = 1.0 - fit.rss / fit.tss
        info.update(
            r_squared=r2,
            adj_r_squared=1.0 - (1.0 - r2) * (n_cells - 1) / fit.df_residual,
            residual_std_error=math.sqrt(fit.rss / fit.df_residual),
        )
    else:
        info.update(
            deviance=fit.deviance,
            null_deviance=fit.null_deviance,
            aic=fit.deviance + 2 * n_cols,
            bic=fit.deviance + n_cols * math.log(n_cells),
            pseudo_r_squared=1.0 - fit.deviance / fit.null_deviance,
            n_ties=int(yv.sum()),
            iterations=fit.iterations,
            n_permutation_fits_not_converged={
                t: int(c) for t, c in zip(names, not_converged, strict=True)
            },
        )
        if not_converged.any():
            warnings.append(
                "some permuted logit fits did not converge (separation in that permutation); "
                "their last iterate is used"
            )
    info["warnings"] = warnings
    return QAPRegression(table, to_jsonable(info), null_stats)


def _null_distribution(
    design: FloatArray,
    yv: FloatArray,
    y_full: FloatArray,
    rows: IntArray,
    cols: IntArray,
    *,
    n: int,
    directed: bool,
    model: Model,
    null: NullHypothesis,
    strata: IntArray,
    n_permutations: int,
    seed: int,
    start: FloatArray,
    names: Sequence[str],
) -> tuple[FloatArray, IntArray]:
    """The permuted statistics ``(n_permutations, n_terms)`` and, per term, the number of
    permuted logit fits that did not converge (zeros for OLS)."""
    n_cells, n_cols = design.shape
    out = np.empty((n_permutations, n_cols))
    failed = np.zeros(n_cols, dtype=np.int64)
    width = n_cells * (n_cols + 1 if model == "logit" else 1)
    batch = max(1, min(n_permutations, _BATCH_ELEMENTS // max(width, 1)))

    batches = _permutation_batches(strata, n_permutations, seed, batch)
    if null == "qapy":
        logit_start = np.zeros(n_cols)
        if model == "logit":
            logit_start[0] = float(special.logit(yv.mean()))
        done = 0
        for perms in batches:
            ys = y_full.reshape(-1).take(perms[:, rows] * n + perms[:, cols])
            if model == "ols":
                stats = _fit.ols_batch_y(design, ys)
            else:
                stats, converged = _fit.logit_batch(design, None, ys, logit_start)
                failed += int((~converged).sum())
            out[done : done + perms.shape[0]] = stats
            done += perms.shape[0]
        return out, failed

    # qapspp: the residual matrix of each term, and what its refits need, prepared once
    residuals: list[FloatArray] = []
    prepared: list[Any] = []
    for k in range(n_cols):
        others = np.delete(design, k, axis=1)
        coef, *_ = np.linalg.lstsq(others, design[:, k], rcond=None)
        residual = np.full((n, n), np.nan)
        residual[rows, cols] = design[:, k] - others @ coef
        if not directed:
            residual[cols, rows] = residual[rows, cols]
        residuals.append(residual.reshape(-1))
        if model == "ols":
            prepared.append(_fit.fixed_columns(others, yv))
            continue
        try:
            base = _fit.logit(others, yv, [t for j, t in enumerate(names) if j != k])
            prepared.append((others, np.append(base.coefficients, 0.0)))
        except GraphError:  # the model without the term separates: start from the full fit
            prepared.append((others, np.append(np.delete(start, k), 0.0)))
    done = 0
    for perms in batches:
        flat = perms[:, rows] * n + perms[:, cols]
        size = perms.shape[0]
        for k in range(n_cols):
            zs = residuals[k].take(flat)
            if model == "ols":
                out[done : done + size, k] = _fit.ols_last_statistic(prepared[k], zs)
            else:
                others, logit_start = prepared[k]
                stats, converged = _fit.logit_batch(others, zs, yv, logit_start)
                out[done : done + size, k] = stats[:, -1]
                failed[k] += int((~converged).sum())
        done += size
    return out, failed
