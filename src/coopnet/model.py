"""The network model: :class:`CooperationNetwork` and :func:`load`.

A :class:`CooperationNetwork` holds the validated actor and tie tables with their metadata and builds
plain networkx graphs from them — for one period, one tie type or all, directed or symmetrised — so that
any networkx algorithm can be applied, and every coopnet measure receives the same kind of graph
(see ``docs/architecture.md``, "the graph contract").

Non-respondents
---------------
In directed survey data a tie can only be observed from the side of a respondent. coopnet treats
the dyads as follows (``docs/data-format.md`` explains it for users):

* a nomination by a respondent of a non-respondent is kept as a tie (it is observed);
* ``symmetrise="union"``: such a nomination makes an undirected tie, as any nomination does;
* ``symmetrise="mutual"``: a tie with a non-respondent cannot be confirmed by the other side, so the
  respondent's nomination alone counts (the usual reconstruction, Stork & Richards 1992) instead of
  deleting every tie of every non-respondent;
* a dyad of two non-respondents is *unobserved*: every measure treats it as "no tie" (there is no
  imputation), and :meth:`CooperationNetwork.summary` reports how many such dyads a period has, so the
  reader can judge the missing data;
* reciprocity and unreciprocated nominations are computed only over dyads of two respondents (a
  nomination of a non-respondent could not have been returned).

Whether an actor responded is decided per period (:meth:`CooperationNetwork.responded`): the
``responded`` column holds true/false (the same in every period) or the periods in which the actor
answered (``2022;2024``, as ``coopnet survey combine`` writes for several waves), so an actor who
answered in 2022 and not in 2024 is a respondent in the graph of 2022 and a non-respondent in the
graph of 2024.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

import networkx as nx
import pandas as pd

from coopnet import schema
from coopnet.config import DatasetMeta, Limits
from coopnet.errors import GraphError, InputError, closest
from coopnet.export import ExportFormat, write_dataset
from coopnet.io import read_raw
from coopnet.messages import tr
from coopnet.validation import ValidationReport, raise_for_errors, responded_in, validate_raw

__all__ = ["UNKNOWN_GROUP", "CooperationNetwork", "load", "validate"]

log = logging.getLogger(__name__)

UNKNOWN_GROUP = "(unknown)"
"""Group value given to actors whose grouping column is empty."""

Aggregate = Literal["max", "sum"]


def validate(
    path: str | Path,
    *,
    strict: bool = False,
    limits: Limits | None = None,
    undirected_ties: bool = False,
) -> ValidationReport:
    """Check a dataset and return the report of every problem found; never raises for bad data.

    Parameters
    ----------
    path
        Dataset folder, Excel workbook, GraphML/GEXF file or adjacency-matrix CSV.
    strict
        Turn recoverable problems (self-ties, duplicate rows/ties, encoding fallback) into errors.
    limits
        Limits on the input (sizes, rows, lengths, weights, periods; ``docs/safety.md``); default
        :class:`~coopnet.config.Limits`.
    undirected_ties
        Read every tie row as a mutual (undirected) tie, whatever the data say (by default a
        row is a nomination, "source named target", unless the data say otherwise).

    Examples
    --------
    >>> report = validate("data/musterstadt")
    >>> report.ok
    True
    >>> report.mapping("en")[-1]
    'tie rows: nominations (source named target) — dataset.toml: directed = true'
    """
    try:
        raw = read_raw(path, limits=limits, undirected_ties=undirected_ties)
    except InputError as exc:
        return ValidationReport(str(path), tuple(exc.problems))
    return validate_raw(raw, strict=strict, limits=limits)[3]


def load(
    path: str | Path,
    *,
    strict: bool = False,
    limits: Limits | None = None,
    undirected_ties: bool = False,
) -> CooperationNetwork:
    """Read and validate a dataset and return the :class:`CooperationNetwork`.

    Parameters
    ----------
    path
        Dataset folder (``actors.csv`` and ``ties.csv`` or ``matrix.csv``, optional
        ``dataset.toml``; German names too), Excel workbook (an actor sheet, a tie or matrix
        sheet, optional ``meta``; Kumu and Polinode exports), GraphML, GEXF, UCINET DL or Pajek
        file, or a CSV edge list or square roster matrix (``docs/data-format.md``).
    strict
        Turn recoverable problems into errors.
    limits
        Limits on the input (``docs/safety.md``); default :class:`~coopnet.config.Limits`.
    undirected_ties
        Read every tie row as a mutual (undirected) tie, whatever the data say. By default a
        row is a nomination ("source named target") unless the data say otherwise
        (``directed = false`` in ``dataset.toml``, a GraphML/GEXF/Pajek file's direction).

    Raises
    ------
    InputError
        Listing every error (file, row, column, value). Warnings do not raise; they are in
        ``network.report``.

    Examples
    --------
    >>> net = load("data/musterstadt")
    >>> net.periods
    ('2014', '2016', '2022')
    >>> g = net.graph("2016")
    >>> g.is_directed()
    False
    """
    raw = read_raw(path, limits=limits, undirected_ties=undirected_ties)
    actors, ties, meta, report = validate_raw(raw, strict=strict, limits=limits)
    raise_for_errors(report)
    for problem in report.warnings:
        log.info("%s", problem)
    return CooperationNetwork(actors=actors, ties=ties, meta=meta, report=report, source=str(path))


@dataclass(frozen=True, eq=False)
class CooperationNetwork:
    """Actors, their cooperation ties and the dataset's metadata.

    Attributes
    ----------
    actors
        One row per actor: ``id``, ``label`` and every further column of the actor table.
    ties
        One row per tie: ``source``, ``target``, ``weight`` (float > 0), ``type``, ``period`` and every
        further column. Self-ties are dropped and duplicates merged (see ``report``).
    meta
        Metadata (direction, default grouping, periods in order, symmetrisation rule).
    report
        What validation found (warnings, merged and dropped rows).
    source
        Where the data were read from.
    """

    actors: pd.DataFrame
    ties: pd.DataFrame
    meta: DatasetMeta
    report: ValidationReport
    source: str = ""

    # ------------------------------------------------------------------ descriptive properties
    @property
    def name(self) -> str:
        """Dataset name (``dataset.toml``), else the file or folder name."""
        return self.meta.name or Path(self.source).stem or "coopnet"

    @property
    def directed(self) -> bool:
        """Whether a tie row is a directed nomination (source named target)."""
        return self.meta.directed

    @property
    def direction_reason(self) -> str:
        """Why tie rows are read as they are (``"dataset.toml: directed = false"``), in English."""
        info = self.report.info
        if info is None:
            return "as given" if self.directed else "directed = false"
        return str(info.direction_text())

    @property
    def periods(self) -> tuple[str, ...]:
        """The periods in order; empty when the ties have no period."""
        return self.meta.periods

    @property
    def tie_types(self) -> tuple[str, ...]:
        """The kinds of cooperation found in the ``type`` column, sorted."""
        return tuple(sorted({t for t in self.ties[schema.TYPE] if t is not None}))

    @property
    def actor_ids(self) -> tuple[str, ...]:
        """All actor ids in table order."""
        return tuple(self.actors[schema.ID])

    def group_column(self, group: str | None = None) -> str:
        """Resolve the grouping column: ``group`` if given, else the dataset default, else ``group``.

        Raises
        ------
        GraphError
            If the column does not exist in the actor table.
        """
        column = group or self.meta.group or schema.GROUP
        if column not in self.actors.columns and self.report.info is not None:
            folded = column.casefold()  # the file's name of a column read under a coopnet name
            column = next(
                (
                    new
                    for _, old, new, _ in self.report.info.columns
                    if old.casefold() == folded and new in self.actors.columns
                ),
                column,
            )
        if column not in self.actors.columns or column in (schema.ID, schema.LABEL):
            candidates = [c for c in self.actors.columns if c not in (schema.ID, schema.LABEL)]
            raise GraphError(
                tr(
                    "errors.model.no_group_column",
                    column=column,
                    columns=", ".join(candidates) or tr("errors.model.no_columns"),
                )
            )
        return column

    def groups(self, group: str | None = None) -> list[str]:
        """Sorted distinct values of the grouping column (empty cells as ``"(unknown)"``)."""
        column = self.group_column(group)
        return sorted({v if v is not None else UNKNOWN_GROUP for v in self.actors[column]})

    def actors_in(self, period: str | None = None) -> list[str]:
        """Ids of the actors that exist in ``period`` (all actors when ``period`` is ``None``)."""
        if period is None or schema.ACTOR_PERIODS not in self.actors.columns:
            return list(self.actors[schema.ID])
        self._check_period(period)
        return [
            a
            for a, p in zip(self.actors[schema.ID], self.actors[schema.ACTOR_PERIODS], strict=True)
            if p is None or period in p.split(";")
        ]

    def _check_period(self, period: str) -> None:
        if period not in self.periods:
            if not self.periods:
                raise GraphError(tr("errors.model.no_periods", period=period))
            match = closest(str(period), self.periods)
            raise GraphError(
                tr(
                    "errors.model.unknown_period",
                    period=period,
                    periods=", ".join(self.periods),
                    hint=tr("errors.hint.did_you_mean", match=match) if match else "",
                )
            )

    # ------------------------------------------------------------------ graphs
    def _tie_rows(self, period: str | None, tie_type: str | Sequence[str] | None) -> pd.DataFrame:
        ties = self.ties
        if period is not None:
            self._check_period(period)
            ties = ties[ties[schema.PERIOD] == period]
        if tie_type is not None:
            wanted = [tie_type] if isinstance(tie_type, str) else list(tie_type)
            unknown = [t for t in wanted if t not in self.tie_types]
            if unknown:
                raise GraphError(
                    tr(
                        "errors.model.unknown_tie_types",
                        types=", ".join(map(repr, unknown)),
                        known=", ".join(self.tie_types) or tr("errors.none"),
                    )
                )
            ties = ties[ties[schema.TYPE].isin(wanted)]
        return ties

    def graph(
        self,
        period: str | None = None,
        *,
        tie_type: str | Sequence[str] | None = None,
        directed: bool = False,
        group: str | Iterable[str] | None = None,
        aggregate: Aggregate = "max",
    ) -> nx.Graph[Any]:
        """Return the cooperation network of one period (or all) as a networkx graph.

        Parameters
        ----------
        period
            A period of :attr:`periods`; ``None`` pools all periods (the actors of every period).
        tie_type
            Only ties of this type (or these types); ``None`` takes all.
        directed
            ``False`` (default): an undirected ``Graph``, symmetrised by the dataset's rule
            (``union`` or ``mutual``) when the tie rows are nominations — the graph every
            analysis uses unless asked for the nominations. ``True``: a ``DiGraph`` of the
            nominations (only for directed data).
        group
            Grouping column(s) whose empty values are filled with ``"(unknown)"`` (the dataset's
            default grouping column is always filled).
        aggregate
            How the weights of several rows for the same pair (several tie types, or several periods
            when pooling) combine: ``"max"`` (default; keeps the codebook's scale) or ``"sum"``.

        Returns
        -------
        networkx.Graph or networkx.DiGraph
            Nodes are actor ids (str), every actor of the period including isolates, with the actor
            columns as attributes (empty cells left out, grouping columns filled). Edges carry
            ``weight``, ``types`` (tuple), ``periods`` (tuple), ``n_rows`` and, when symmetrised from
            directed data, ``reciprocated`` (both actors named each other).

        Raises
        ------
        GraphError
            Unknown period or tie type, or ``directed=True`` on undirected data.
        """
        want_directed = bool(directed)
        if want_directed and not self.directed:
            raise GraphError(
                tr("errors.model.not_nominations", name=self.name, reason=self.direction_reason)
            )
        nodes = self.actors_in(period)
        rows = self._tie_rows(period, tie_type)
        group_columns = {c for c in ([group] if isinstance(group, str) else (group or ())) if c}
        if self.meta.group and self.meta.group in self.actors.columns:
            group_columns.add(self.meta.group)
        if schema.GROUP in self.actors.columns:
            group_columns.add(schema.GROUP)
        for column in group_columns:
            self.group_column(column)  # raises a clear error for an unknown column

        arcs: dict[tuple[str, str], dict[str, Any]] = {}
        order = {p: i for i, p in enumerate(self.periods)}
        for s, t, w, ty, pe in zip(
            rows[schema.SOURCE],
            rows[schema.TARGET],
            rows[schema.WEIGHT],
            rows[schema.TYPE],
            rows[schema.PERIOD],
            strict=True,
        ):
            key = (s, t) if self.directed else ((s, t) if s <= t else (t, s))
            data = arcs.get(key)
            if data is None:
                arcs[key] = {
                    "weight": float(w),
                    "types": {ty} - {None},
                    "periods": {pe} - {None},
                    "n_rows": 1,
                }
            else:
                data["weight"] = (
                    max(data["weight"], w) if aggregate == "max" else data["weight"] + w
                )
                data["types"].add(ty) if ty is not None else None
                data["periods"].add(pe) if pe is not None else None
                data["n_rows"] += 1

        graph: nx.Graph[Any] = nx.DiGraph() if want_directed else nx.Graph()
        graph.graph.update(
            name=self.name,
            period=period,
            tie_type=tie_type,
            directed_data=self.directed,
            symmetrise=None if want_directed or not self.directed else self.meta.symmetrise,
        )
        present = set(nodes)
        answered = self.responded(period)
        columns = [c for c in self.actors.columns if c != schema.ID]
        for record in self.actors[[schema.ID, *columns]].itertuples(index=False, name=None):
            actor = record[0]
            if actor not in present:
                continue
            attrs: dict[str, Any] = {}
            for col, value in zip(columns, record[1:], strict=True):
                if col == schema.RESPONDED:
                    if answered.get(actor) is not None:
                        attrs[col] = answered[actor]  # in this period
                elif col in group_columns:
                    attrs[col] = UNKNOWN_GROUP if value is None or pd.isna(value) else str(value)
                elif (
                    value is not None
                    and not (isinstance(value, float) and pd.isna(value))
                    and (value is not pd.NA)
                ):
                    attrs[col] = value
            graph.add_node(actor, **attrs)

        def finish(data: dict[str, Any]) -> dict[str, Any]:
            return {
                "weight": data["weight"],
                "types": tuple(sorted(data["types"])),
                "periods": tuple(sorted(data["periods"], key=lambda p: order.get(p, 0))),
                "n_rows": data["n_rows"],
            }

        if want_directed or not self.directed:
            for (s, t), data in arcs.items():
                graph.add_edge(s, t, **finish(data))
            return graph
        # symmetrise directed nominations
        responded = answered
        for (s, t), data in arcs.items():
            if (t, s) in arcs and t < s:
                continue  # handled with its reverse
            back = arcs.get((t, s))
            if back is None:
                confirmable = responded.get(t, True) is not False
                if self.meta.symmetrise == "mutual" and confirmable:
                    continue
                merged = dict(data)
                reciprocated = False
            else:
                merged = {
                    "weight": (max if self.meta.symmetrise == "union" else min)(
                        data["weight"], back["weight"]
                    ),
                    "types": data["types"] | back["types"],
                    "periods": data["periods"] | back["periods"],
                    "n_rows": data["n_rows"] + back["n_rows"],
                }
                reciprocated = True
            graph.add_edge(s, t, **finish(merged), reciprocated=reciprocated)
        return graph

    def graphs(self, **options: Any) -> dict[str, nx.Graph[Any]]:
        """Return ``{period: graph}`` in period order (``{"all": graph}`` without periods).

        Keyword options are passed to :meth:`graph`.
        """
        if not self.periods:
            return {"all": self.graph(None, **options)}
        return {p: self.graph(p, **options) for p in self.periods}

    def responded(self, period: str | None = None) -> dict[str, bool | None]:
        """Whether each actor answered the survey in `period`.

        The ``responded`` column holds true/false (the same in every period) or the periods in
        which the actor answered (``2022;2024``); see :func:`coopnet.validation.responded_in`.

        Parameters
        ----------
        period
            A period of :attr:`periods`; ``None`` asks whether the actor answered in at least
            one period (for the pooled graph).

        Returns
        -------
        dict
            Actor id → ``True``, ``False`` or ``None`` (not known), for every actor of the table
            (also those absent in `period`); empty without a ``responded`` column.

        Raises
        ------
        GraphError
            Unknown period.

        Examples
        --------
        >>> net = load("data/musterstadt")
        >>> net.responded("2014")["OB"]
        True
        """
        if period is not None:
            self._check_period(period)
        if schema.RESPONDED not in self.actors.columns:
            return {}
        return {
            a: responded_in(r, period)
            for a, r in zip(self.actors[schema.ID], self.actors[schema.RESPONDED], strict=True)
        }

    # ------------------------------------------------------------------ survey diagnostics
    def unreciprocated(
        self,
        period: str | None = None,
        *,
        group: str | None = None,
        graph: nx.DiGraph[Any] | None = None,
    ) -> pd.DataFrame:
        """Nominations that were not returned, among pairs of respondents.

        Parameters
        ----------
        period
            A period, or ``None`` for all pooled.
        group
            Grouping column for the ``source_group``/``target_group`` columns.
        graph
            The nominations of `period` if already built (``graph(period, directed=True)``).

        Returns
        -------
        pandas.DataFrame
            ``source, target, weight`` (+ ``source_group, target_group`` when a grouping column
            exists), sorted. Empty for undirected data.
        """
        columns = [schema.SOURCE, schema.TARGET, schema.WEIGHT]
        column = None
        try:
            column = self.group_column(group)
            columns += ["source_group", "target_group"]
        except GraphError:
            if group is not None:
                raise
        if not self.directed:
            return pd.DataFrame(columns=columns)
        g = graph if graph is not None else self.graph(period, directed=True, group=column)
        responded = self.responded(period)
        rows = []
        arcs: list[tuple[str, str, float]] = sorted(g.edges(data="weight"))
        for s, t, w in arcs:
            if g.has_edge(t, s) or responded.get(s) is False or responded.get(t) is False:
                continue
            row: list[Any] = [s, t, w]
            if column:
                row += [g.nodes[s][column], g.nodes[t][column]]
            rows.append(row)
        return pd.DataFrame(rows, columns=columns)

    def summary(
        self,
        *,
        group: str | None = None,
        graph_of: Callable[[str | None], nx.Graph[Any]] | None = None,
    ) -> dict[str, Any]:
        """Descriptive summary used by ``coopnet info`` and the report.

        `graph_of` returns the graph of a period as the data are (the nominations for directed
        data, else the ties); by default it is built here.

        Returns
        -------
        dict
            ``name, source, directed, symmetrise, n_actors, n_tie_rows, periods, tie_types,
            response_rate`` (share of actors with ``responded`` true, ``None`` without that column;
            when ``responded`` lists periods: the share of the actors' periods answered in),
            ``actors_by`` ({column: {value: count}} for the grouping column, ``sector`` and ``level``),
            ``ties_by_type`` and ``by_period``: a list of dicts with ``period, actors, ties`` (edges of
            the analysed graph: arcs for directed data), ``isolates`` (ids), ``reciprocity`` (share of
            arcs among respondents that are returned; ``None`` for undirected data),
            ``unreciprocated``, ``unobserved_dyads`` (pairs of two non-respondents),
            ``response_rate`` (share of the period's actors who answered in it; ``None`` without
            a ``responded`` column) and ``nominations`` (tie rows). Who responded is decided per
            period (:meth:`responded`).
        """
        summary: dict[str, Any] = {
            "name": self.name,
            "source": self.source,
            "directed": self.directed,
            "symmetrise": self.meta.symmetrise if self.directed else None,
            "n_actors": len(self.actors),
            "n_tie_rows": len(self.ties),
            "periods": list(self.periods),
            "tie_types": list(self.tie_types),
        }
        summary["response_rate"] = self._response_rate()
        by: dict[str, dict[str, int]] = {}
        grouping: str | None = None
        if group is not None:
            grouping = self.group_column(group)  # an explicit column must exist
        elif self.meta.group or schema.GROUP in self.actors.columns:
            grouping = self.group_column()
        for column in dict.fromkeys([grouping, schema.SECTOR, schema.LEVEL]):
            if column and column in self.actors.columns:
                counts = self.actors[column].fillna(UNKNOWN_GROUP).value_counts()
                by[column] = {str(k): int(v) for k, v in sorted(counts.items())}
        summary["actors_by"] = by
        types = self.ties[schema.TYPE].fillna("(none)").value_counts()
        summary["ties_by_type"] = {str(k): int(v) for k, v in sorted(types.items())}
        rows = []
        for period in self.periods or [None]:
            g = graph_of(period) if graph_of else self.graph(period, directed=self.directed)
            present = set(g)
            responded = self.responded(period)
            n_nr = sum(1 for a in present if responded.get(a) is False)
            entry: dict[str, Any] = {
                "period": period if period is not None else "all",
                "actors": g.number_of_nodes(),
                "ties": g.number_of_edges(),
                "nominations": int(
                    (self.ties[schema.PERIOD] == period).sum()
                    if period is not None
                    else len(self.ties)
                ),
                "isolates": sorted(nx.isolates(g)),
                "unobserved_dyads": n_nr * (n_nr - 1) // 2,
                "response_rate": (
                    sum(1 for a in present if responded.get(a)) / len(present)
                    if responded and present
                    else None
                ),
            }
            if self.directed:
                arcs = [
                    (s, t)
                    for s, t in g.edges()
                    if responded.get(s) is not False and responded.get(t) is not False
                ]
                returned = sum(1 for s, t in arcs if g.has_edge(t, s))
                entry["reciprocity"] = returned / len(arcs) if arcs else None
                entry["unreciprocated"] = len(arcs) - returned
            else:
                entry["reciprocity"] = None
                entry["unreciprocated"] = 0
            rows.append(entry)
        summary["by_period"] = rows
        return summary

    def _response_rate(self) -> float | None:
        """Share of actors who answered; with ``responded`` per period, of actor-periods."""
        if schema.RESPONDED not in self.actors.columns or not len(self.actors):
            return None
        if not self.periods or not any(isinstance(v, str) for v in self.actors[schema.RESPONDED]):
            answered = self.responded()
            return sum(1 for r in answered.values() if r) / len(answered)
        slots = [(p, a) for p in self.periods for a in self.actors_in(p)]
        by_period = {p: self.responded(p) for p in self.periods}
        return sum(1 for p, a in slots if by_period[p].get(a)) / len(slots) if slots else None

    # ------------------------------------------------------------------ writers
    def write(
        self,
        path: str | Path,
        *,
        format: ExportFormat | None = None,
        overwrite: bool = False,
    ) -> Path:
        """Write the dataset so that :func:`load` (or the tool it is meant for) reads it back.

        Parameters
        ----------
        path
            A folder (``csv``) or a file: ``.xlsx``, ``.graphml``, ``.gexf`` (Gephi), ``.net``
            (Pajek), ``.dl`` (UCINET) or ``.json`` (node-link); see :mod:`coopnet.export`.
        format
            Overrides the suffix of ``path`` (needed for a folder whose name has a dot).
        overwrite
            Replace an existing file or write into a non-empty folder that coopnet did not make.

        Raises
        ------
        coopnet.export.UnknownFormatError
            ``path`` has a suffix that is none of these, and no ``format`` is given.
        OutputError
            ``path`` is the dataset's own source, lies inside its folder or contains it; an
            existing file or non-empty folder was not made by coopnet (and ``overwrite`` is
            false) (see :mod:`coopnet.outputs`).
        """
        inputs = [self.source] if self.source else []
        # the tables hold the decoded values: the codes are applied and must not be again
        meta = replace(self.meta, codes={})
        return write_dataset(
            self.actors, self.ties, meta, path, format=format, overwrite=overwrite, inputs=inputs
        )

    def __repr__(self) -> str:
        periods = ", ".join(self.periods) or "none"
        return (
            f"<CooperationNetwork {self.name!r}: {len(self.actors)} actors, {len(self.ties)} tie rows,"
            f" {'directed' if self.directed else 'undirected'}, periods: {periods}>"
        )
