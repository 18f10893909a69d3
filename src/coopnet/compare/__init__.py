"""Comparison of periods: did the cooperation built in one period last, or fall back into silos?

Every function takes period graphs (the graph contract in ``docs/architecture.md``; all periods
directed or all undirected) or tables the metric functions already computed; nothing here computes
an actor- or group-level measure itself.

* :func:`tie_churn`, :func:`period_sequence_churn` -- ties kept, added and removed; actors that
  entered or left (module :mod:`coopnet.compare.churn`).
* :func:`qap_correlation` -- correlation of two periods' networks with Krackhardt's QAP test
  (module :mod:`coopnet.compare.qap`).
* :func:`actor_deltas`, :func:`top_changes`, :func:`matrix_delta`, :func:`group_pair_changes` --
  changes of actor measures and group × group matrices (module :mod:`coopnet.compare.deltas`).
* :func:`change_tests` -- is the change of density, cross-group density and E-I index between
  two periods beyond chance? (paired permutation tests, :mod:`coopnet.compare.change`).
* :func:`qap_regression`, :func:`qap_regression_dataset`, :func:`qap_regression_matrices` --
  QAP regression (MRQAP, OLS or logit) of a period's ties on dyadic covariates (modules
  :mod:`coopnet.compare.regression`, :mod:`coopnet.compare.dyadic`).
* :func:`persistence` -- fate of the ties new in a middle period (module
  :mod:`coopnet.compare.persistence`).
* :func:`compare_periods`, :func:`compare_all`, :func:`write_comparison` -- everything above for
  the periods of a dataset in one call, and the files of ``coopnet compare`` (module
  :mod:`coopnet.compare.periods`).
"""

from __future__ import annotations

from coopnet.compare.change import ChangeTest, ChangeTests, change_tests
from coopnet.compare.churn import TieChurn, period_sequence_churn, tie_churn
from coopnet.compare.deltas import actor_deltas, group_pair_changes, matrix_delta, top_changes
from coopnet.compare.dyadic import qap_regression, qap_regression_dataset, read_dyadic
from coopnet.compare.output import write_comparison, write_regression
from coopnet.compare.periods import (
    MultiPeriodComparison,
    PeriodComparison,
    compare_all,
    compare_periods,
)
from coopnet.compare.persistence import Persistence, persistence
from coopnet.compare.qap import QAPResult, qap_correlation
from coopnet.compare.regression import QAPRegression, qap_regression_matrices

__all__ = [
    "ChangeTest",
    "ChangeTests",
    "MultiPeriodComparison",
    "PeriodComparison",
    "Persistence",
    "QAPRegression",
    "QAPResult",
    "TieChurn",
    "actor_deltas",
    "change_tests",
    "compare_all",
    "compare_periods",
    "group_pair_changes",
    "matrix_delta",
    "period_sequence_churn",
    "persistence",
    "qap_correlation",
    "qap_regression",
    "qap_regression_dataset",
    "qap_regression_matrices",
    "read_dyadic",
    "tie_churn",
    "top_changes",
    "write_comparison",
    "write_regression",
]
