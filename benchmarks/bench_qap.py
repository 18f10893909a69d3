"""Benchmark the QAP regression and the change tests on random networks of growing size.

Usage (from the repository root)::

    .venv/bin/python benchmarks/bench_qap.py                       # 100 and 200 actors
    OPENBLAS_NUM_THREADS=1 .venv/bin/python benchmarks/bench_qap.py --sizes 200 500

For every size it draws a directed network with two covariates (one continuous, one 0/1) and
prints the wall time of :func:`coopnet.compare.qap_regression_matrices` with 1,000 permutations
(``--permutations``) for OLS and logit under ``qapspp`` and ``qapy``, and of
:func:`coopnet.compare.change_tests` between two waves. Timings depend on the BLAS threads: on a
shared machine, a single thread (``OPENBLAS_NUM_THREADS=1``) is faster for these thin matrices.
"""

from __future__ import annotations

import argparse
import time

import networkx as nx
import numpy as np
from scipy import special

from coopnet.compare import change_tests, qap_regression_matrices


def _data(n: int, seed: int) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    rng = np.random.default_rng(seed)
    x1 = rng.random((n, n))
    x2 = (rng.random((n, n)) < 0.3).astype(float)
    y = (rng.random((n, n)) < special.expit(-2.5 + x1 + x2)).astype(float)
    return y, {"x1": x1, "x2": x2}


def _waves(n: int, seed: int) -> tuple[nx.DiGraph, nx.DiGraph]:
    g1 = nx.gnp_random_graph(n, 8 / n, seed=seed, directed=True)
    g2 = nx.gnp_random_graph(n, 8 / n, seed=seed + 1, directed=True)
    g2.add_edges_from(list(g1.edges())[: g1.number_of_edges() // 2])
    for g in (g1, g2):
        nx.set_node_attributes(g, {v: str(v % 10) for v in g}, "group")
    return g1, g2


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 200])
    parser.add_argument("--permutations", type=int, default=1000)
    args = parser.parse_args()
    print(f"{'actors':>6} {'cells':>7} {'model':>6} {'null':>7} {'seconds':>8}")
    for n in args.sizes:
        y, x = _data(n, n)
        for model in ("ols", "logit"):
            for null in ("qapspp", "qapy"):
                start = time.perf_counter()
                qap_regression_matrices(
                    y, x, model=model, null=null, n_permutations=args.permutations
                )
                elapsed = time.perf_counter() - start
                print(f"{n:>6} {n * (n - 1):>7} {model:>6} {null:>7} {elapsed:>8.2f}")
        g1, g2 = _waves(n, n)
        start = time.perf_counter()
        result = change_tests(g1, g2, group="group", n_permutations=args.permutations)
        elapsed = time.perf_counter() - start
        print(f"{n:>6} change tests ({result.n_changed_dyads} changed pairs): {elapsed:.2f} s")


if __name__ == "__main__":
    main()
