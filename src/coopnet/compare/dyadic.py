r"""The dyadic data of a QAP regression: from a graph (or a dataset) to the matrices of the model.

:func:`qap_regression` builds the dependent matrix and the covariates of
:func:`~coopnet.compare.regression.qap_regression_matrices` from a tie network, and
:func:`qap_regression_dataset` does it for one period of a dataset (``coopnet qap``). The terms:

* ``same_<column>`` -- 1 if actors :math:`i` and :math:`j` have the same value of an actor
  attribute (department, sector, level), else 0: homophily;
* ``diff_<column>`` -- :math:`|x_i - x_j|` of a numeric attribute (staff, budget);
* ``tie_<period>`` -- the tie (or its weight) between :math:`i` and :math:`j` in an earlier
  period: stability;
* dyadic covariates from a file (:func:`read_dyadic`), named by their column.

Missing data are never read as 0: an actor without a value of a ``same``/``diff`` attribute,
or absent from the prior period, is excluded with all its dyads (listwise deletion; reported in
``model["excluded_actors"]``); unobserved dyads of non-respondents are excluded cells (see the
Notes of :func:`qap_regression`).
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import numpy.typing as npt
import pandas as pd

from coopnet import schema
from coopnet.compare.regression import Model, NullHypothesis, QAPRegression
from coopnet.compare.regression import qap_regression_matrices as _matrices
from coopnet.errors import GraphError, InputError, closest
from coopnet.io import read_csv_table
from coopnet.messages import problem, tr
from coopnet.model import UNKNOWN_GROUP
from coopnet.run import Study
from coopnet.validation import parse_number

__all__ = ["qap_regression", "qap_regression_dataset", "read_dyadic"]

FloatArray = npt.NDArray[np.float64]

_MAX_LISTED = 10
"""At most this many offending actors are named in one error message."""


# ----------------------------------------------------------------------------------------------
# actor attributes
# ----------------------------------------------------------------------------------------------
def _missing(value: Any) -> bool:
    if value is None or value is pd.NA:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and (not value.strip() or value == UNKNOWN_GROUP)


def _number(value: Any) -> float | None:
    """A numeric attribute value as float; ``None`` if it is not a number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float | np.integer | np.floating):
        number = float(value)
        return number if math.isfinite(number) else None
    if isinstance(value, str):
        return parse_number(value)
    return None


def _check_attribute(graph: nx.Graph[Any], column: str) -> None:
    if not any(column in data for _, data in graph.nodes(data=True)):
        found = sorted({k for _, data in graph.nodes(data=True) for k in data} - {"label"})
        match = closest(column, found)
        raise GraphError(
            tr(
                "errors.qap.no_attribute",
                column=column,
                columns=", ".join(found) or "none",
                hint=tr("errors.hint.did_you_mean", match=match) if match else "",
            )
        )


# ----------------------------------------------------------------------------------------------
# dyadic covariates from a file
# ----------------------------------------------------------------------------------------------
def read_dyadic(path: str | Path, *, actors: Collection[str]) -> pd.DataFrame:
    """Read a CSV of dyadic covariates: ``source, target`` and one or more numeric columns.

    Each further column is one covariate, named by its header (e.g. ``shared_building``,
    ``agreement``). A row gives the value of the pair (source, target); pairs that are not
    listed have the value 0 (the file lists the pairs that have the attribute, as ``ties.csv``
    lists ties). A row also sets the reverse pair unless that is listed as well (so symmetric
    covariates need one row per pair, asymmetric ones two).

    Parameters
    ----------
    path
        The CSV file (separator and encoding are detected as for ``ties.csv``; decimal commas
        are accepted).
    actors
        The actor ids of the dataset; every source and target must be one of them.

    Returns
    -------
    pandas.DataFrame
        Columns ``source``, ``target`` (str) and the covariates (float), in file order.

    Raises
    ------
    InputError
        Listing every problem with row, column and value: missing ``source``/``target``
        column, no covariate column, an unknown actor, a self-pair, a pair listed twice, an
        empty value (a gap is not read as 0: write 0 or remove the row) or a value that is not
        a number.
    """
    table = read_csv_table(Path(path))
    problems = [p for p in table.problems if p.severity == "error"]
    file = table.file

    def add(code: str, **where: Any) -> None:
        problems.append(problem("error", code, section="dyadic", file=file, **where))

    columns = table.columns
    for required in (schema.SOURCE, schema.TARGET):
        if columns and required not in columns:
            add(
                "missing_column",
                found=tuple(columns),
                row=1,
                column=required,
            )
    values = [c for c in columns if c not in (schema.SOURCE, schema.TARGET)]
    if columns and not values:
        add("no_covariate", row=1)
    if not columns or any(p.code in ("missing_column", "no_covariate") for p in problems):
        raise InputError(problems, source=str(path))
    known = set(actors)
    j_s, j_t = columns.index(schema.SOURCE), columns.index(schema.TARGET)
    j_values = [columns.index(c) for c in values]
    seen: dict[tuple[str, str], int] = {}
    records: list[list[Any]] = []
    for cells, line in zip(table.rows, table.line_numbers, strict=True):
        s, t = cells[j_s], cells[j_t]
        bad = False
        for column, actor in ((schema.SOURCE, s), (schema.TARGET, t)):
            if actor not in known:
                match = closest(actor, known) if actor else None
                add(
                    "unknown_actor",
                    hint=tr("errors.hint.did_you_mean", match=match) if match else "",
                    row=line,
                    column=column,
                    value=actor,
                )
                bad = True
        if not bad and s == t:
            add("self_pair", row=line, value=s)
            bad = True
        if not bad and (s, t) in seen:
            add(
                "duplicate_pair",
                first=seen[(s, t)],
                row=line,
                value=f"{s} → {t}",
            )
            bad = True
        seen.setdefault((s, t), line)
        row: list[Any] = [s, t]
        for column, j in zip(values, j_values, strict=True):
            text = cells[j]
            number = parse_number(text) if text else None
            if not text:
                add(
                    "empty_value",
                    row=line,
                    column=column,
                    value="",
                )
            elif number is None or not math.isfinite(number):
                add("not_a_number", row=line, column=column, value=text)
            row.append(number)
        if not bad:
            records.append(row)
    if problems:
        raise InputError(problems, source=str(path))
    frame = pd.DataFrame(records, columns=[schema.SOURCE, schema.TARGET, *values])
    return frame.astype({c: "float64" for c in values})


def _dyadic_matrices(
    table: pd.DataFrame, index: Mapping[str, int], *, directed: bool
) -> tuple[dict[str, FloatArray], int]:
    """One matrix per covariate column of `table` and the number of rows not used.

    A row is not used when one of its actors is not in the model (not in the period, or
    excluded for a missing attribute).
    """
    n = len(index)
    names = [c for c in table.columns if c not in (schema.SOURCE, schema.TARGET)]
    pairs = list(zip(table[schema.SOURCE], table[schema.TARGET], strict=True))
    out: dict[str, FloatArray] = {}
    unused = sum(1 for s, t in pairs if s not in index or t not in index)
    for name in names:
        given = {pair: float(v) for pair, v in zip(pairs, table[name], strict=True)}
        matrix = np.zeros((n, n))
        for (s, t), value in given.items():
            i, j = index.get(s), index.get(t)
            if i is None or j is None:
                continue
            if math.isnan(value):
                raise GraphError(tr("errors.qap.dyadic_missing", name=name, source=s, target=t))
            reverse = given.get((t, s))
            if reverse is not None and not directed and reverse != value:
                raise GraphError(
                    tr(
                        "errors.qap.dyadic_asymmetric",
                        name=name,
                        source=s,
                        target=t,
                        value=float(value),
                        reverse=float(reverse),
                    )
                )
            matrix[i, j] = value
            if reverse is None:
                matrix[j, i] = value
        out[name] = matrix
    return out, unused


# ----------------------------------------------------------------------------------------------
# graph -> model
# ----------------------------------------------------------------------------------------------
def _adjacency(
    graph: nx.Graph[Any], index: Mapping[str, int], *, directed: bool, weight: str | None
) -> FloatArray:
    n = len(index)
    matrix = np.zeros((n, n))
    for u, v, data in graph.edges(data=True):
        i, j = index.get(u), index.get(v)
        if i is None or j is None:
            continue
        value = 1.0 if weight is None else float(data.get(weight, 1.0))
        matrix[i, j] = value
        if not directed:
            matrix[j, i] = value
    return matrix


def qap_regression(
    graph: nx.Graph[Any],
    *,
    same: Sequence[str] = (),
    diff: Sequence[str] = (),
    prior: nx.Graph[Any] | None = None,
    prior_name: str = "prior",
    dyadic: pd.DataFrame | None = None,
    weight: str | None = None,
    model: Model = "ols",
    null: NullHypothesis = "qapspp",
    n_permutations: int = 1000,
    seed: int = 0,
) -> QAPRegression:
    r"""QAP regression of the ties of `graph` on actor attributes, a prior network and dyadic data.

    The dependent matrix is the tie (1/0), or its weight with `weight`; the cells are the
    ordered pairs of a ``DiGraph`` or the unordered pairs of a ``Graph``. Terms, in this order:
    ``intercept``, ``same_<c>`` for each column of `same`, ``diff_<c>`` for each of `diff`,
    ``tie_<prior_name>`` if `prior` is given (its tie, or weight with `weight`), then the
    covariate columns of `dyadic`. Fitting and tests as
    :func:`~coopnet.compare.regression.qap_regression_matrices`.

    Parameters
    ----------
    graph
        The tie network (graph contract); node attributes hold the actor columns.
    same, diff
        Node attributes for ``same_`` (any values) and ``diff_`` terms (numbers; text such as
        ``"2,5"`` is parsed).
    prior
        Tie network of an earlier period (same direction).
    prior_name
        Name of the prior period in the term ``tie_<prior_name>``.
    dyadic
        Covariates by pair, as returned by :func:`read_dyadic`.
    weight
        Edge attribute as dependent variable (OLS only) and as value of the prior tie.
    model, null
        As :func:`~coopnet.compare.regression.qap_regression_matrices`.

    Returns
    -------
    QAPRegression
        ``model`` additionally has ``dependent`` (``"tie"`` or the weight attribute),
        ``excluded_actors`` (``[{"id", "reasons"}]``), ``n_cells_all`` (cells over every actor of
        the graph), ``n_cells_excluded_actors`` (cells lost with excluded actors),
        ``n_cells_unobserved`` (unobserved dyads of non-respondents), ``n_ties_unobserved``
        (nominations in those cells, left out), ``n_dyadic_rows_unused`` and ``term_sources``.

    Raises
    ------
    GraphError
        Unknown or non-numeric attribute, duplicate term names, fewer than three actors left,
        graphs of different direction, or a model that cannot be estimated.

    Notes
    -----
    Missing data (``docs/statistics.md``):

    * an actor without a value of a `same` / `diff` attribute (an empty cell, ``"(unknown)"``),
      or not present in `prior`, is excluded with all its dyads;
    * unobserved dyads: a non-respondent (node attribute ``responded`` false) cannot report
      ties. For directed ties every cell sent by a non-respondent is unobserved (a nomination
      by a non-respondent found in the data is left out with it and counted in
      ``n_ties_unobserved``); for symmetrised ties the dyad of two non-respondents is
      unobserved (coopnet's rule, ``docs/data-format.md``). These cells are excluded, and the
      permutations then exchange respondents only among respondents and non-respondents among
      non-respondents, so that the excluded cells are the same in every permutation;
    * rows of `dyadic` whose actors are not in the model are counted, not used.

    Examples
    --------
    >>> g = nx.Graph([("a", "b"), ("c", "d"), ("a", "c")])
    >>> nx.set_node_attributes(g, {"a": "x", "b": "x", "c": "y", "d": "y"}, "dept")
    >>> result = qap_regression(g, same=["dept"], n_permutations=99)
    >>> result.coefficients.loc["same_dept", "estimate"]
    np.float64(0.75)
    """
    directed = graph.is_directed()
    if prior is not None and prior.is_directed() != directed:
        raise GraphError(tr("errors.qap.prior_direction"))
    if model == "logit" and weight is not None:
        raise GraphError(tr("errors.qap.weights_need_ols"))
    everyone = sorted(graph.nodes, key=str)
    reasons: dict[str, list[str]] = {a: [] for a in everyone}
    values: dict[str, dict[str, Any]] = {}
    for column in (*same, *diff):
        _check_attribute(graph, column)
    for column in same:
        values[f"same_{column}"] = {}
        for a in everyone:
            value = graph.nodes[a].get(column)
            if _missing(value):
                reasons[a].append(f"no value of '{column}'")
            else:
                values[f"same_{column}"][a] = str(value)
    bad: list[str] = []
    for column in diff:
        values[f"diff_{column}"] = {}
        for a in everyone:
            value = graph.nodes[a].get(column)
            if _missing(value):
                reasons[a].append(f"no value of '{column}'")
                continue
            number = _number(value)
            if number is None:
                bad.append(f"{a}: {column} = {value!r}")
            else:
                values[f"diff_{column}"][a] = number
    if bad:
        raise GraphError(
            tr(
                "errors.qap.diff_not_number",
                values="; ".join(bad[:_MAX_LISTED]),
                more=tr("errors.more", n=len(bad) - _MAX_LISTED) if len(bad) > _MAX_LISTED else "",
            )
        )
    if prior is not None:
        for a in everyone:
            if a not in prior:
                reasons[a].append(f"not present in {prior_name}")
    dyadic_names = (
        [c for c in dyadic.columns if c not in (schema.SOURCE, schema.TARGET)]
        if dyadic is not None
        else []
    )
    names = [*values, *([f"tie_{prior_name}"] if prior is not None else []), *dyadic_names]
    duplicates = sorted({t for t in names if names.count(t) > 1} | ({"intercept"} & set(names)))
    if duplicates:
        raise GraphError(tr("errors.qap.duplicate_terms", terms=", ".join(duplicates)))

    actors = [a for a in everyone if not reasons[a]]
    if len(actors) < 3:
        raise GraphError(tr("errors.qap.too_few_actors", n=len(actors), total=len(everyone)))
    index = {a: i for i, a in enumerate(actors)}
    n = len(actors)
    y = _adjacency(graph, index, directed=directed, weight=weight)
    non_resp = np.array([graph.nodes[a].get(schema.RESPONDED) is False for a in actors])
    unobserved = (
        np.repeat(non_resp[:, None], n, axis=1)
        if directed
        else (non_resp[:, None] & non_resp[None, :])
    )
    np.fill_diagonal(unobserved, False)
    n_unobserved = int(unobserved.sum()) if directed else int(unobserved.sum()) // 2
    n_ties_unobserved = int(np.count_nonzero(y[unobserved])) // (1 if directed else 2)
    y[unobserved] = np.nan

    x: dict[str, FloatArray] = {}
    for term, by_actor in values.items():
        v = [by_actor[a] for a in actors]
        if term.startswith("same_"):
            codes = np.unique(np.asarray(v, dtype=object), return_inverse=True)[1]
            x[term] = (codes[:, None] == codes[None, :]).astype(np.float64)
        else:
            arr = np.asarray(v, dtype=np.float64)
            x[term] = np.abs(arr[:, None] - arr[None, :])
    if prior is not None:
        previous = _adjacency(prior, index, directed=directed, weight=weight)
        previous[unobserved] = np.nan
        x[f"tie_{prior_name}"] = previous
    unused = 0
    if dyadic is not None:
        matrices, unused = _dyadic_matrices(dyadic, index, directed=directed)
        x.update(matrices)
    strata = non_resp.astype(np.int64) if n_unobserved else None
    result = _matrices(
        y,
        x,
        directed=directed,
        model=model,
        null=null,
        n_permutations=n_permutations,
        seed=seed,
        strata=strata,
    )

    def cells(k: int) -> int:
        return k * (k - 1) if directed else k * (k - 1) // 2

    warnings = list(result.model.get("warnings", []))
    excluded = [{"id": a, "reasons": reasons[a]} for a in everyone if reasons[a]]
    if excluded:
        warnings.insert(
            0,
            f"{len(excluded)} actor(s) excluded with all their dyads (missing values): "
            + ", ".join(e["id"] for e in excluded[:_MAX_LISTED])
            + (" …" if len(excluded) > _MAX_LISTED else ""),
        )
    if n_ties_unobserved:
        warnings.append(
            f"{n_ties_unobserved} nomination(s) by non-respondents lie in unobserved cells and "
            "are left out"
        )
    if unused:
        warnings.append(f"{unused} row(s) of the dyadic file involve actors not in the model")
    sources = {t: _source(t, same, diff, prior_name) for t in names}
    return result.with_model(
        dependent="tie" if weight is None else weight,
        excluded_actors=excluded,
        n_cells_all=cells(len(everyone)),
        n_cells_excluded_actors=cells(len(everyone)) - cells(n),
        n_cells_unobserved=n_unobserved,
        n_ties_unobserved=n_ties_unobserved,
        n_dyadic_rows_unused=unused,
        term_sources=sources,
        warnings=warnings,
    )


def _source(term: str, same: Sequence[str], diff: Sequence[str], prior_name: str) -> str:
    """A short description of what a term measures (``model.json``)."""
    for column in same:
        if term == f"same_{column}":
            return f"1 if both actors have the same '{column}', else 0"
    for column in diff:
        if term == f"diff_{column}":
            return f"absolute difference of '{column}'"
    if term == f"tie_{prior_name}":
        return f"the tie in period {prior_name}"
    return "dyadic covariate from the file"


# ----------------------------------------------------------------------------------------------
# dataset -> model
# ----------------------------------------------------------------------------------------------
def qap_regression_dataset(
    study: Study,
    *,
    period: str | None = None,
    prior_period: str | None = None,
    same: Sequence[str] = (),
    diff: Sequence[str] = (),
    dyadic: str | Path | None = None,
    model: Model = "ols",
    null: NullHypothesis = "qapspp",
) -> QAPRegression:
    """QAP regression of one period of a dataset (what ``coopnet qap`` runs).

    Parameters
    ----------
    study
        The study (:func:`coopnet.study`): its graphs are explained — the directed nominations
        when it analyses them (``directed``), else the symmetrised ties; the tie weight (OLS)
        instead of the 0/1 tie when it is ``weighted``; its ``n_permutations`` and ``seed``.
    period
        The period whose ties are explained; ``None`` or ``"all"`` pools every period.
    prior_period
        Add the term ``tie_<prior_period>`` (needs `period`).
    same, diff
        Actor columns for ``same_`` and ``diff_`` terms. Without any term (no `same`, `diff`,
        `prior_period` or `dyadic`) the model is ``same_<grouping column>``.
    dyadic
        CSV file of dyadic covariates (:func:`read_dyadic`).
    model, null
        As :func:`~coopnet.compare.regression.qap_regression_matrices`.

    Returns
    -------
    QAPRegression
        As :func:`qap_regression`; ``model`` also has ``dataset``, ``period``,
        ``prior_period``, ``weighted`` and ``dyadic_file``.

    Raises
    ------
    GraphError
        Unknown period or column, `prior_period` without (or equal to) `period`, `weighted`
        with the logit, or a model that cannot be estimated.
    InputError
        A bad dyadic file (every problem listed).

    Examples
    --------
    >>> import coopnet
    >>> study = coopnet.study("data/musterstadt", n_permutations=50)
    >>> result = qap_regression_dataset(study, period="2016", prior_period="2014",
    ...                                 same=["group"])
    >>> list(result.coefficients.index)
    ['intercept', 'same_group', 'tie_2014']
    """
    net, options = study.net, study.options
    weighted = options.weighted
    if prior_period is not None and period in (None, "all"):
        raise GraphError(tr("errors.qap.prior_needs_period"))
    if prior_period is not None and prior_period == period:
        raise GraphError(tr("errors.qap.prior_same", period=period))
    if weighted and model == "logit":
        raise GraphError(tr("errors.qap.weights_need_ols"))
    columns = [c for c in net.actors.columns if c not in (schema.ID, schema.LABEL)]
    for column in (*same, *diff):
        if column not in columns:
            match = closest(column, columns)
            raise GraphError(
                tr(
                    "errors.qap.no_column",
                    column=column,
                    columns=", ".join(columns),
                    hint=tr("errors.hint.did_you_mean", match=match) if match else "",
                )
            )
    if not (same or diff or prior_period or dyadic):
        same = (study.require_group(tr("errors.run.what.qap")),)
    graph = study.graph(period)
    prior = None if prior_period is None else study.graph(prior_period)
    table = read_dyadic(dyadic, actors=net.actor_ids) if dyadic is not None else None
    result = qap_regression(
        graph,
        same=same,
        diff=diff,
        prior=prior,
        prior_name=prior_period or "prior",
        dyadic=table,
        weight=options.weight,
        model=model,
        null=null,
        n_permutations=options.n_permutations,
        seed=options.seed,
    )
    return result.with_model(
        dataset=net.name,
        period=study.period_key(period),
        prior_period=prior_period,
        weighted=weighted,
        dyadic_file=None if dyadic is None else Path(dyadic).name,
    )
