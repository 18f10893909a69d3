r"""Least-squares and logistic fits on the cells of a QAP regression, observed and batched.

The observed model is fitted once, carefully (QR decompositions, IRLS to a tight tolerance); the
permutation null needs thousands of refits, which are done for a whole batch of permutations at
once with matrix products. Two batched shapes occur:

* the design is fixed and the dependent vector is permuted (``qapy``), and
* the dependent vector is fixed and the last column of the design is permuted (``qapspp``: the
  permuted residual of one term; the other columns stay).

For least squares the second case needs no refit at all: by the Frisch--Waugh--Lovell theorem the
:math:`t` statistic of the permuted column :math:`z` is

.. math:: t = \frac{z^\top r_y}{\sqrt{\hat\sigma^2 \, z^\top M z}}, \quad
   z^\top M z = z^\top z - \lVert U^\top z \rVert^2, \quad
   \hat\sigma^2 = \frac{r_y^\top r_y - (z^\top r_y)^2 / z^\top M z}{N - p},

with :math:`U` an orthonormal basis of the other columns, :math:`M = I - UU^\top` and
:math:`r_y = My`; a batch costs one product of the permuted columns with :math:`[U, r_y]`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.linalg
from scipy import special

from coopnet.errors import GraphError
from coopnet.messages import tr

__all__ = [
    "RANK_TOLERANCE",
    "Fit",
    "FixedColumns",
    "check_design",
    "check_separation",
    "fixed_columns",
    "logit",
    "logit_batch",
    "ols",
    "ols_batch_y",
    "ols_last_statistic",
]

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

RANK_TOLERANCE = 1e-7
"""Relative size of a pivot of the QR decomposition below which a column counts as a linear
combination of the others (``sna::netlm``'s ``tol``)."""

_MAX_ITER = 100
"""Most IRLS iterations for the observed logit fit."""

_MAX_ITER_BATCH = 30
"""Most IRLS iterations of a permuted logit fit (``glm.fit`` stops after 25)."""

_TOL = 1e-12
"""Convergence of the observed logit: relative change of the deviance (``glm.fit``: 1e-8)."""

_TOL_BATCH = 1e-8
"""Convergence of a permuted logit fit: every Newton step below this size relative to
:math:`1 + |\beta|` (the next step would be of the order of its square)."""

_SEPARATION_ETA = 30.0
"""A fitted linear predictor beyond this size (probability within 1e-13 of 0 or 1) means the
logit estimates run off to infinity (separation)."""

_EPS = 1e-15
"""Fitted probabilities are kept within [eps, 1 - eps] so that logarithms stay finite."""


@dataclass(frozen=True)
class Fit:
    """One fitted model.

    Attributes
    ----------
    coefficients, std_errors, statistics
        Estimate, classical standard error and ``estimate / std_error`` (t for least squares,
        z for the logit) per column of the design.
    p_two_sided, p_greater, p_less
        Classical p-values of the statistic: Student's t with ``df_residual`` degrees of freedom
        (least squares) or the standard normal (logit, Wald test).
    df_residual
        Number of cells minus number of columns.
    rss, tss
        Residual and total (centred) sum of squares (least squares; NaN for the logit).
    deviance, null_deviance
        :math:`-2 \\log L` of the model and of the intercept-only model (logit; NaN for least
        squares).
    iterations
        IRLS iterations (0 for least squares).
    """

    coefficients: FloatArray
    std_errors: FloatArray
    statistics: FloatArray
    p_two_sided: FloatArray
    p_greater: FloatArray
    p_less: FloatArray
    df_residual: int
    rss: float = math.nan
    tss: float = math.nan
    deviance: float = math.nan
    null_deviance: float = math.nan
    iterations: int = 0


# ----------------------------------------------------------------------------------------------
# checks
# ----------------------------------------------------------------------------------------------
def check_design(design: FloatArray, names: Sequence[str]) -> None:
    """Raise :class:`GraphError` if the columns of `design` are linearly dependent.

    The rank is read from a QR decomposition (diagonal entries of R below
    :data:`RANK_TOLERANCE` times the largest column norm count as zero); the message names, in
    the order given, each term that is a linear combination of the terms before it.
    """
    n_cells, n_cols = design.shape
    if n_cells <= n_cols:
        raise GraphError(tr("errors.fit.too_many_terms", n_cols=n_cols, n_cells=n_cells))
    for j, name in enumerate(names):
        column = design[:, j]
        if name != "intercept" and np.all(column == column[0]):
            raise GraphError(
                tr("errors.fit.constant_term", name=name, value=float(column[0]), n_cells=n_cells)
            )

    def rank(columns: FloatArray) -> int:
        r = np.linalg.qr(columns, mode="r")
        diagonal = np.abs(np.diag(r))
        scale = float(np.linalg.norm(columns, axis=0).max())
        return int(np.count_nonzero(diagonal > RANK_TOLERANCE * scale))

    if rank(design) < n_cols:
        dependent: list[str] = []
        kept: list[int] = []
        for j in range(n_cols):  # a term that adds nothing to the terms before it
            if rank(design[:, [*kept, j]]) < len(kept) + 1:
                dependent.append(names[j])
            else:
                kept.append(j)
        raise GraphError(
            tr(
                "errors.fit.collinear_one" if len(dependent) == 1 else "errors.fit.collinear_many",
                terms=[repr(d) for d in dependent],
            )
        )


def _classical(statistics: FloatArray, df: int | None) -> tuple[FloatArray, ...]:
    """Two-sided, upper and lower classical p-values (t with `df`, or normal if ``None``)."""
    from scipy import stats  # here: importing scipy.stats takes 0.5 s, most runs never need it

    dist = stats.norm if df is None else stats.t(df)
    greater = np.asarray(dist.sf(statistics), dtype=np.float64)
    less = np.asarray(dist.cdf(statistics), dtype=np.float64)
    two = np.asarray(2.0 * dist.sf(np.abs(statistics)), dtype=np.float64)
    return np.minimum(two, 1.0), greater, less


# ----------------------------------------------------------------------------------------------
# least squares
# ----------------------------------------------------------------------------------------------
def ols(design: FloatArray, y: FloatArray) -> Fit:
    r"""Least squares :math:`\hat\beta = (X^\top X)^{-1} X^\top y` by a QR decomposition.

    Standard errors :math:`\sqrt{\hat\sigma^2 [(X^\top X)^{-1}]_{jj}}` with
    :math:`\hat\sigma^2 = RSS / (N - p)`, as ``lm`` and ``sna::netlm``. The design must have
    full column rank (:func:`check_design`).
    """
    n_cells, n_cols = design.shape
    q, r = np.linalg.qr(design)
    qty = q.T @ y
    beta = np.asarray(scipy.linalg.solve_triangular(r, qty), dtype=np.float64)
    residuals = y - design @ beta
    rss = float(residuals @ residuals)
    df = n_cells - n_cols
    sigma2 = rss / df
    r_inv = scipy.linalg.solve_triangular(r, np.eye(n_cols))
    unscaled = np.sum(r_inv * r_inv, axis=1)  # diag((X'X)^-1) = row norms of R^-1
    se = np.sqrt(unscaled * sigma2)
    with np.errstate(divide="ignore", invalid="ignore"):
        statistic = np.asarray(beta / se, dtype=np.float64)
    two, greater, less = _classical(statistic, df)
    centred = y - y.mean()
    return Fit(
        coefficients=beta,
        std_errors=se,
        statistics=statistic,
        p_two_sided=two,
        p_greater=greater,
        p_less=less,
        df_residual=df,
        rss=rss,
        tss=float(centred @ centred),
    )


def ols_batch_y(design: FloatArray, ys: FloatArray) -> FloatArray:
    """The t statistics of every column for each row of `ys` (one dependent vector per row).

    Returns an array of shape ``(len(ys), n_columns)``; NaN where a permuted vector is fitted
    exactly (zero residual variance).
    """
    n_cells, n_cols = design.shape
    q, r = np.linalg.qr(design)
    r_inv = scipy.linalg.solve_triangular(r, np.eye(n_cols))
    unscaled = np.sum(r_inv * r_inv, axis=1)
    qty = ys @ q  # (B, p)
    beta = qty @ r_inv.T  # beta = R^-1 Q'y
    rss = np.einsum("bn,bn->b", ys, ys) - np.einsum("bp,bp->b", qty, qty)
    sigma2 = np.maximum(rss, 0.0) / (n_cells - n_cols)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = beta / np.sqrt(sigma2[:, None] * unscaled[None, :])
    return np.asarray(out, dtype=np.float64)


@dataclass(frozen=True)
class FixedColumns:
    """Precomputed pieces for :func:`ols_last_statistic` (the columns that are not permuted)."""

    basis: FloatArray  # (N, q) orthonormal basis U of the fixed columns, with r_y appended
    residual_squares: float  # r_y' r_y
    df: int  # N - (q + 1)


def fixed_columns(others: FloatArray, y: FloatArray) -> FixedColumns:
    """Prepare :func:`ols_last_statistic` for the fixed columns `others` and dependent `y`."""
    q, _ = np.linalg.qr(others)
    r_y = y - q @ (q.T @ y)
    return FixedColumns(
        basis=np.column_stack([q, r_y]),
        residual_squares=float(r_y @ r_y),
        df=y.size - others.shape[1] - 1,
    )


def ols_last_statistic(fixed: FixedColumns, zs: FloatArray) -> FloatArray:
    """The t statistic of the column `z` appended to the fixed columns, for each row of `zs`.

    Frisch--Waugh--Lovell (module docstring); NaN where `z` is (numerically) a combination of the
    fixed columns.
    """
    products = zs @ fixed.basis  # (B, q + 1): U'z and r_y'z
    projected = products[:, :-1]
    zry = products[:, -1]
    zmz = np.einsum("bn,bn->b", zs, zs) - np.einsum("bq,bq->b", projected, projected)
    scale = np.einsum("bn,bn->b", zs, zs)
    ok = zmz > 1e-10 * np.maximum(scale, 1e-300)
    with np.errstate(divide="ignore", invalid="ignore"):
        rss = fixed.residual_squares - zry * zry / zmz
        sigma2 = np.maximum(rss, 0.0) / fixed.df
        t = zry / np.sqrt(sigma2 * zmz)
    return np.asarray(np.where(ok, t, np.nan), dtype=np.float64)


# ----------------------------------------------------------------------------------------------
# logit
# ----------------------------------------------------------------------------------------------
def _deviance(y: FloatArray, mu: FloatArray) -> FloatArray:
    """Binomial deviance :math:`-2 \\sum y \\log \\mu + (1-y) \\log(1-\\mu)` (last axis)."""
    mu = np.clip(mu, _EPS, 1.0 - _EPS)
    return np.asarray(-2.0 * np.sum(y * np.log(mu) + (1.0 - y) * np.log1p(-mu), axis=-1))


def check_separation(design: FloatArray, y: FloatArray, names: Sequence[str]) -> None:
    """Raise :class:`GraphError` for the common causes of infinite logit estimates.

    * ``y`` has no tie or only ties;
    * a 0/1 term whose value 0 (or 1) occurs only in cells without a tie (or only with ties):
      that term predicts the tie perfectly there (quasi-complete separation).
    """
    n_ties = int(y.sum())
    if n_ties == 0 or n_ties == y.size:
        raise GraphError(
            tr("errors.fit.constant_ties" if n_ties else "errors.fit.no_ties", n=y.size)
        )
    for j, name in enumerate(names):
        column = design[:, j]
        if name == "intercept" or not np.all((column == 0.0) | (column == 1.0)):
            continue
        for value in (0.0, 1.0):
            cells = column == value
            ties = int(y[cells].sum())
            if ties in (0, int(cells.sum())):
                raise GraphError(
                    tr(
                        "errors.fit.separates_none" if ties == 0 else "errors.fit.separates_all",
                        name=name,
                        n=int(cells.sum()),
                        value=value,
                    )
                )


def logit(design: FloatArray, y: FloatArray, names: Sequence[str]) -> Fit:
    r"""Logistic regression by iteratively reweighted least squares (Fisher scoring).

    Starts, like ``glm.fit``, from :math:`\mu = (y + 1/2)/2` and iterates weighted least squares
    of the working response :math:`\eta + (y - \mu)/w`, :math:`w = \mu(1-\mu)`, until the
    relative change of the deviance is below ``1e-12``. Standard errors
    :math:`\sqrt{[(X^\top W X)^{-1}]_{jj}}` at the estimate; z statistics with normal p-values.

    Raises
    ------
    GraphError
        No variation in `y`, a separating 0/1 term (:func:`check_separation`), or no
        convergence / fitted probabilities of 0 or 1 (separation by a combination of terms).
    """
    check_separation(design, y, names)
    n_cells, n_cols = design.shape
    mu = (y + 0.5) / 2.0
    eta = special.logit(mu)
    deviance = math.inf
    beta = np.zeros(n_cols)
    iterations = 0
    converged = False
    for iterations in range(1, _MAX_ITER + 1):  # noqa: B007
        w = mu * (1.0 - mu)
        working = eta + (y - mu) / w
        root = np.sqrt(w)
        solution, *_ = np.linalg.lstsq(design * root[:, None], working * root, rcond=None)
        beta = np.asarray(solution, dtype=np.float64)
        eta = design @ beta
        mu = np.clip(special.expit(eta), _EPS, 1.0 - _EPS)
        new = float(_deviance(y, mu))
        if abs(new - deviance) / (abs(new) + 0.1) < _TOL:
            deviance = new
            converged = True
            break
        deviance = new
    if not converged or float(np.max(np.abs(eta))) > _SEPARATION_ETA:
        raise GraphError(tr("errors.fit.separation"))
    w = mu * (1.0 - mu)
    information = design.T @ (design * w[:, None])
    covariance = np.linalg.inv(information)
    se = np.sqrt(np.diag(covariance))
    statistic = np.asarray(beta / se, dtype=np.float64)
    two, greater, less = _classical(statistic, None)
    p = float(y.mean())
    null_deviance = float(_deviance(y, np.full(n_cells, p)))
    return Fit(
        coefficients=np.asarray(beta, dtype=np.float64),
        std_errors=se,
        statistics=statistic,
        p_two_sided=two,
        p_greater=greater,
        p_less=less,
        df_residual=n_cells - n_cols,
        deviance=deviance,
        null_deviance=null_deviance,
        iterations=iterations,
    )


def logit_batch(
    fixed: FloatArray,
    extra: FloatArray | None,
    y: FloatArray,
    start: FloatArray,
) -> tuple[FloatArray, BoolArray]:
    """Fit many logits at once and return their z statistics and whether each converged.

    The design of fit ``b`` is `fixed` (``N x q``, shared) with, if `extra` is given, the column
    ``extra[b]`` appended; the dependent vector is `y` (shared, shape ``(N,)``) or ``y[b]``
    (shape ``(B, N)``). Newton--Raphson from `start` (one coefficient vector for all fits) until
    every step is below ``1e-8`` relative to :math:`1 + |\beta|` (at most 30 iterations).

    Returns
    -------
    statistics
        ``(B, p)`` z statistics (NaN where the information matrix is singular).
    converged
        ``(B,)``; a fit that has not converged (typically separation in that permutation) keeps
        its last iterate.
    """
    n_cells, q = fixed.shape
    batch = extra.shape[0] if extra is not None else y.shape[0]
    p = q + (1 if extra is not None else 0)
    outer = (fixed[:, :, None] * fixed[:, None, :]).reshape(n_cells, q * q)
    fixed_t = np.ascontiguousarray(fixed.T)
    beta = np.tile(start.astype(np.float64), (batch, 1))
    done = np.zeros(batch, dtype=bool)

    def fitted(b: FloatArray) -> FloatArray:
        eta = b[:, :q] @ fixed_t
        if extra is not None:
            eta += b[:, q : q + 1] * extra
        np.negative(eta, out=eta)
        np.exp(eta, out=eta)
        eta += 1.0
        return np.asarray(np.reciprocal(eta, out=eta), dtype=np.float64)  # expit, in place

    def information(mu: FloatArray) -> FloatArray:
        w = mu - mu * mu
        h = np.empty((batch, p, p))
        h[:, :q, :q] = (w @ outer).reshape(batch, q, q)
        if extra is not None:
            wz = w * extra
            cross = wz @ fixed
            h[:, :q, q] = cross
            h[:, q, :q] = cross
            h[:, q, q] = np.einsum("bn,bn->b", wz, extra)
        return h

    mu = fitted(beta)
    for _ in range(_MAX_ITER_BATCH):
        h = information(mu)
        resid = y - mu  # (B, N)
        grad = np.empty((batch, p))
        grad[:, :q] = resid @ fixed
        if extra is not None:
            grad[:, q] = np.einsum("bn,bn->b", resid, extra)
        step = _solve(h, grad)
        step[done] = 0.0
        beta = beta + step
        mu = fitted(beta)
        done |= np.all(np.abs(step) <= _TOL_BATCH * (1.0 + np.abs(beta)), axis=1)
        if done.all():
            break
    diag = _inverse_diagonal(information(mu))
    with np.errstate(divide="ignore", invalid="ignore"):
        z = beta / np.sqrt(diag)
    return np.asarray(z, dtype=np.float64), done


def _solve(h: FloatArray, g: FloatArray) -> FloatArray:
    """Solve ``h[b] x = g[b]`` for every b; a singular system gives a least-squares step."""
    try:
        return np.asarray(np.linalg.solve(h, g[:, :, None])[:, :, 0], dtype=np.float64)
    except np.linalg.LinAlgError:
        out = np.empty_like(g)
        for b in range(g.shape[0]):
            out[b] = np.linalg.lstsq(h[b], g[b], rcond=None)[0]
        return out


def _inverse_diagonal(h: FloatArray) -> FloatArray:
    """Diagonals of the inverses of the matrices ``h[b]`` (NaN for a singular one)."""
    try:
        return np.asarray(np.diagonal(np.linalg.inv(h), axis1=1, axis2=2), dtype=np.float64)
    except np.linalg.LinAlgError:
        out = np.full(h.shape[:2], np.nan)
        for b in range(h.shape[0]):
            try:
                out[b] = np.diag(np.linalg.inv(h[b]))
            except np.linalg.LinAlgError:
                continue
        return out
