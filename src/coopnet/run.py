"""One study: a dataset and its analysis options, resolved once, with each graph built once.

A :class:`Study` is the run object every later stage works on — measures, comparison,
diagnosis, figures, interactive maps, the report, batch runs and the CLI. It is built once from a
loaded dataset (:class:`coopnet.model.CooperationNetwork`) and the options of the run
(:class:`coopnet.config.AnalysisConfig`):

* the options are **resolved and checked once** into :class:`StudyOptions` — the grouping column
  (or none), whether the directed nominations or the symmetrised ties are analysed, weights, tie
  types, the periods — each with the reason it was chosen ("--group", "dataset.toml", …);
* each period's graph is **built once**, when first asked for, and kept;
* each analysis (:func:`coopnet.metrics.analyze`) is **computed once**, when first asked for;
* later stages keep their own results on the study with :meth:`Study.memo`, so the comparison
  that the diagnosis needs is the one the report shows.

The top-level :func:`coopnet.study` (this module's :func:`study`) builds one from a path::

    import coopnet
    s = coopnet.study("data/musterstadt")
    s.analysis("2016").network["density"]    # the number `coopnet analyze --period 2016` prints

Graphs and analyses are cached by period; the study is meant to be used by one thread at a time.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, TypeVar

import networkx as nx
import pandas as pd

from coopnet import schema
from coopnet.config import AnalysisConfig, Limits
from coopnet.errors import GraphError
from coopnet.lang import text
from coopnet.messages import Text, step, tr
from coopnet.metrics import (
    DEFAULT_ENGINE,
    Engine,
    GraphArrays,
    NetworkAnalysis,
    actor_centrality,
    analyze,
    brokerage_roles,
    graph_arrays,
    partner_diversity,
    structural_holes,
)
from coopnet.metrics.sampling import DEFAULT_DELTA, DEFAULT_EPSILON, SampleMode
from coopnet.model import CooperationNetwork, load

__all__ = ["ALL", "Study", "StudyOptions", "resolve_options", "study"]

log = logging.getLogger(__name__)

ALL = "all"
"""The period key of the pooled network (every period together, or data without periods)."""

Lang = Literal["de", "en"]
Progress = Callable[[str], None]
T = TypeVar("T")


@dataclass(frozen=True)
class StudyOptions:
    """The options of a study after resolution: what was chosen, and why.

    Attributes
    ----------
    group
        The grouping column for integration questions, or ``None`` when the actor table has none
        (then group measures are skipped, never invented).
    directed
        ``True``: the directed nominations are analysed; ``False``: the symmetrised ties.
    weighted
        Tie weights are used as intensity (path measures use distance 1/weight).
    tie_types
        Only ties of these types, or ``None`` for all.
    periods
        The periods of the dataset in order; ``("all",)`` when the data have none.
    key_players, n_permutations, seed, layout_seed, lang, engine, sample, epsilon, delta
        As in :class:`coopnet.config.AnalysisConfig`.
    reasons
        For each resolved option (``group``, ``directed``, ``data``), one sentence saying why it
        has this value, e.g. ``"dataset.toml: group = 'sector'"`` (English).
    reason_texts
        The same sentences as catalogue texts, to show in any language (:func:`describe_options`).
    """

    group: str | None
    directed: bool
    weighted: bool
    tie_types: tuple[str, ...] | None
    periods: tuple[str, ...]
    key_players: int
    n_permutations: int
    seed: int
    layout_seed: int
    lang: Lang
    engine: Engine = DEFAULT_ENGINE
    sample: SampleMode = "auto"
    epsilon: float = DEFAULT_EPSILON
    delta: float = DEFAULT_DELTA
    reasons: Mapping[str, str] = field(default_factory=dict)
    reason_texts: Mapping[str, Text] = field(default_factory=dict)

    @property
    def weight(self) -> str | None:
        """The edge attribute measures use: ``"weight"`` when weighted, else ``None``."""
        return schema.WEIGHT if self.weighted else None

    def to_dict(self) -> dict[str, Any]:
        """The options as JSON-ready values (written into ``network.json`` and the report)."""
        return {
            "group": self.group,
            "directed": self.directed,
            "weighted": self.weighted,
            "tie_types": list(self.tie_types) if self.tie_types is not None else None,
            "periods": list(self.periods),
            "key_players": self.key_players,
            "n_permutations": self.n_permutations,
            "seed": self.seed,
            "layout_seed": self.layout_seed,
            "lang": self.lang,
            "engine": self.engine,
            "sample": self.sample,
            "epsilon": self.epsilon,
            "delta": self.delta,
            "reasons": dict(self.reasons),
        }


def resolve_options(net: CooperationNetwork, config: AnalysisConfig) -> StudyOptions:
    """Resolve and check the options of a run on a dataset, once.

    Parameters
    ----------
    net
        The dataset.
    config
        The requested options; ``None`` fields take the dataset's defaults.

    Returns
    -------
    StudyOptions

    Raises
    ------
    GraphError
        The grouping column does not exist; ``directed`` was asked for undirected data; a tie
        type does not exist; a count is out of range.
    """
    why: dict[str, Text] = {}
    meta_name = net.report.info.meta_from if net.report.info and net.report.info.meta_from else None
    # grouping column: explicit > dataset.toml > a column named "group" > none
    if config.group is not None:
        group: str | None = net.group_column(config.group)
        why["group"] = tr("data.reason.group_chosen", group=group)
    elif net.meta.group is not None:
        group = net.group_column(net.meta.group)
        why["group"] = tr("data.reason.group_meta", group=group, meta=meta_name or schema.META_FILE)
    elif schema.GROUP in net.actors.columns:
        group = schema.GROUP
        why["group"] = tr("data.reason.group_column", group=group)
    else:
        group = None
        why["group"] = tr("data.reason.group_none")

    # the data: nominations or mutual ties, and why
    direction = (
        net.report.info.direction_text()
        if net.report.info is not None
        else tr("data.direction.meta_true" if net.directed else "data.direction.meta_false",
                meta=schema.META_FILE)
    )  # fmt: skip
    why["data"] = tr(
        "data.reason.data_nominations" if net.directed else "data.reason.data_mutual",
        reason=direction,
    )
    if config.directed:
        if not net.directed:
            raise GraphError(tr("errors.run.not_nominations", name=net.name, reason=direction))
        directed = True
        why["directed"] = tr("data.reason.directed_chosen")
    else:
        directed = False
        why["directed"] = (
            tr("data.reason.directed_symmetrised", rule=net.meta.symmetrise)
            if net.directed
            else tr("data.reason.directed_undirected")
        )
    reasons = {key: str(text) for key, text in why.items()}

    tie_types: tuple[str, ...] | None = None
    if config.tie_types:
        unknown = [t for t in config.tie_types if t not in net.tie_types]
        if unknown:
            raise GraphError(
                tr(
                    "errors.model.unknown_tie_types",
                    types=", ".join(map(repr, unknown)),
                    known=", ".join(net.tie_types) or tr("errors.none"),
                )
            )
        tie_types = tuple(dict.fromkeys(config.tie_types))
    for name in ("epsilon", "delta"):
        value = getattr(config, name)
        if not (isinstance(value, int | float) and 0 < value < 1):
            raise GraphError(tr("errors.run.unit_interval", name=name, value=repr(value)))
    if config.sample not in ("auto", "exact", "sampled"):
        raise GraphError(tr("errors.run.sample_mode", sample=repr(config.sample)))
    for name, value, low in (
        ("key_players", config.key_players, 0),
        ("n_permutations", config.n_permutations, 1),
    ):
        if value < low:
            raise GraphError(tr("errors.run.too_small", name=name, low=low, value=value))
    return StudyOptions(
        group=group,
        directed=directed,
        weighted=config.weighted,
        tie_types=tie_types,
        periods=tuple(net.periods) or (ALL,),
        key_players=config.key_players,
        n_permutations=config.n_permutations,
        seed=config.seed,
        layout_seed=config.layout_seed,
        lang=config.lang,
        engine=config.engine,
        sample=config.sample,
        epsilon=float(config.epsilon),
        delta=float(config.delta),
        reasons=reasons,
        reason_texts=why,
    )


class Study:
    """A dataset with its analysis options resolved once, its graphs and analyses cached.

    Parameters
    ----------
    net
        The loaded dataset (:func:`coopnet.load`).
    config
        The analysis options (:class:`coopnet.config.AnalysisConfig`).

    Attributes
    ----------
    net
        The dataset.
    config
        The options as given.
    options
        The options as resolved (:class:`StudyOptions`).

    Raises
    ------
    GraphError
        When an option does not fit the data (see :func:`resolve_options`).

    Notes
    -----
    Periods are keys: a period of the dataset, or ``"all"`` for every period pooled (the only key
    for data without periods). ``None`` means ``"all"``.

    Examples
    --------
    >>> import coopnet
    >>> s = coopnet.study("data/musterstadt")
    >>> s.options.group, s.options.directed
    ('group', False)
    >>> s.graph("2016") is s.graph("2016")
    True
    >>> s.analysis("2016").actors["betweenness"].idxmax()
    'KI'
    """

    def __init__(self, net: CooperationNetwork, config: AnalysisConfig = AnalysisConfig()) -> None:
        self.net = net
        self.config = config
        self.options = resolve_options(net, config)
        self._graphs: dict[tuple[str, str], nx.Graph[Any]] = {}
        self._memo: dict[Hashable, Any] = {}
        self.counts: dict[str, int] = {"graphs": 0, "analyses": 0}
        """How many graphs were built and analyses computed (for tests and benchmarks)."""
        self.command: tuple[str, ...] | None = None
        """The command line that opened the study (set by the CLI; recorded in provenance.json)."""

    # ------------------------------------------------------------------ identity
    @property
    def name(self) -> str:
        """The dataset's name (``dataset.toml``, else the file or folder name)."""
        return self.net.name

    @property
    def inputs(self) -> list[str]:
        """The files the study was read from (outputs may never replace or lie inside them)."""
        return [self.net.source] if self.net.source else []

    @property
    def periods(self) -> tuple[str, ...]:
        """The period keys analysed: the dataset's periods in order, or ``("all",)``."""
        return self.options.periods

    @property
    def group(self) -> str | None:
        """The grouping column, or ``None`` when there is none."""
        return self.options.group

    @property
    def has_groups(self) -> bool:
        """Whether the study has a grouping column (else group measures are skipped)."""
        return self.options.group is not None

    def group_measures_note(self, lang: Lang) -> str | None:
        """The note every output shows instead of group measures when there is no grouping column.

        ``None`` when the study has one. The report, the diagnosis and the comparison call this
        one function, so that the decision (and its wording) is made in one place; no pseudo-group
        is ever invented.
        """
        if self.has_groups:
            return None
        return text("data.study.no_groups", lang)

    def require_group(self, what: str | Text) -> str:
        """Return the grouping column, or raise :class:`GraphError` saying `what` needs one."""
        if self.options.group is None:
            raise GraphError(tr("errors.run.needs_group", what=what))
        return self.options.group

    def period_key(self, period: str | None) -> str:
        """The period key of `period` (``None`` → ``"all"``); raises GraphError for an unknown period."""
        if period is None or period == ALL:
            return ALL
        if period not in self.net.periods:
            self.net.actors_in(period)  # raises GraphError with a suggestion
        return period

    # ------------------------------------------------------------------ graphs (built once)
    def _build(self, period: str, kind: str) -> nx.Graph[Any]:
        cache = (period, kind)
        graph = self._graphs.get(cache)
        if graph is None:
            graph = self.net.graph(
                None if period == ALL else period,
                tie_type=list(self.options.tie_types) if self.options.tie_types else None,
                directed=kind == "directed",
                group=self.options.group,
            )
            graph.graph["study"] = {"kind": kind, "period": period}
            self._graphs[cache] = graph
            self.counts["graphs"] += 1
        return graph

    def graph(self, period: str | None = None) -> nx.Graph[Any]:
        """The graph that is analysed: the nominations with ``directed``, else the symmetrised ties.

        The same object on every call; treat it as read-only.
        """
        key = self.period_key(period)
        return self._build(key, "directed" if self.options.directed else "ties")

    def ties(self, period: str | None = None) -> nx.Graph[Any]:
        """The undirected (symmetrised) ties of a period, whatever ``directed`` says.

        Rules on components and paths, figures and maps use this graph.
        """
        return self._build(self.period_key(period), "ties")

    def nominations(self, period: str | None = None) -> nx.DiGraph[Any] | None:
        """The directed nominations of a period, or ``None`` for undirected data."""
        if not self.net.directed:
            return None
        graph = self._build(self.period_key(period), "directed")
        assert isinstance(graph, nx.DiGraph)
        return graph

    def graphs(self) -> dict[str, nx.Graph[Any]]:
        """``{period: analysed graph}`` for every period, in order."""
        return {p: self.graph(p) for p in self.periods}

    def arrays(self, period: str | None = None) -> GraphArrays:
        """The array form of the analysed graph (:func:`coopnet.metrics.graph_arrays`), built once.

        Every measure, the key-player search and the fragmentation curve of the period share it.
        """
        key = self.period_key(period)
        return self.memo(
            ("arrays", key),
            lambda: graph_arrays(self.graph(key), weight=self.options.weight),
        )

    # ------------------------------------------------------------------ analyses (computed once)
    def analysis(
        self, period: str | None = None, *, progress: Progress | None = None,
        jobs: int | None = None,
    ) -> NetworkAnalysis:  # fmt: skip
        """Every measure of one period (:func:`coopnet.metrics.analyze`), computed once.

        Parameters
        ----------
        period
            A period, or ``None``/``"all"`` for every period pooled.
        progress
            Called with a short message before each step, the first time only.
        jobs
            Worker processes of the analysis (``None``: every core; the numbers do not depend
            on it). ``coopnet batch`` passes 1: it runs several datasets at once instead.
        """
        key = self.period_key(period)

        def compute() -> NetworkAnalysis:
            o = self.options
            result = analyze(
                self.graph(key),
                group=o.group,
                weight=o.weight,
                key_players_k=o.key_players,
                n_permutations=o.n_permutations,
                seed=o.seed,
                engine=o.engine,
                arrays=self.arrays(key),
                progress=progress,
                jobs=jobs,
                sample=o.sample,
                epsilon=o.epsilon,
                delta=o.delta,
            )
            result.options.update(
                period=key,
                tie_type=list(o.tie_types) if o.tie_types else None,
                dataset=self.name,
            )
            self.counts["analyses"] += 1
            return result

        return self.memo(("analysis", key), compute)

    def analyses(self, *, progress: Progress | None = None) -> dict[str, NetworkAnalysis]:
        """:meth:`analysis` of every period, in order."""
        out = {}
        for period in self.periods:
            if progress is not None and ("analysis", period) not in self._memo:
                progress(step("progress.analysis.period", period=period))
            out[period] = self.analysis(period)
        return out

    def actor_measures(self, period: str | None = None) -> pd.DataFrame:
        """The actor table of a period (``label`` first), as figures and maps need it.

        Taken from :meth:`analysis` when that has been computed; otherwise only the actor-level
        measures are computed (centrality, structural holes, brokerage, diversity), once.
        """
        key = self.period_key(period)
        done = self._memo.get(("analysis", key))
        if done is not None:
            return done.actors  # type: ignore[no-any-return]

        def compute() -> pd.DataFrame:
            graph, o = self.graph(key), self.options
            parts: list[pd.DataFrame | pd.Series] = [
                actor_centrality(graph, weight=o.weight),
                structural_holes(graph, weight=o.weight),
            ]
            if o.group is not None:
                parts += [
                    brokerage_roles(graph, group=o.group),
                    partner_diversity(graph, group=o.group, weight=o.weight),
                ]
            table = pd.concat(parts, axis=1)
            table.insert(0, "label", [graph.nodes[a].get("label", a) for a in table.index])
            table.index.name = "id"
            return table.sort_index()

        return self.memo(("actor_measures", key), compute)

    def network_table(self, *, progress: Progress | None = None) -> pd.DataFrame:
        """Network-level measures per period: one row per period (index ``period``), in order."""
        analyses = self.analyses(progress=progress)
        frame = pd.DataFrame.from_dict({p: a.network for p, a in analyses.items()}, orient="index")
        frame.index.name = "period"
        return frame

    # ------------------------------------------------------------------ descriptive
    def summary(self) -> dict[str, Any]:
        """What ``coopnet info`` prints (:meth:`CooperationNetwork.summary`), on the cached graphs."""

        def compute() -> dict[str, Any]:
            def data_graph(period: str | None) -> nx.Graph[Any]:
                key = self.period_key(period)
                return self._build(key, "directed" if self.net.directed else "ties")

            return self.net.summary(group=self.options.group, graph_of=data_graph)

        return self.memo(("summary",), compute)

    def labels(self) -> dict[str, str]:
        """Actor id → label (every actor of the dataset)."""

        def compute() -> dict[str, str]:
            actors = self.net.actors
            return {
                str(a): str(lab)
                for a, lab in zip(actors[schema.ID], actors[schema.LABEL], strict=True)
            }

        return self.memo(("labels",), compute)

    def unreciprocated(self, period: str | None = None) -> pd.DataFrame | None:
        """Nominations not returned among respondents (``None`` for undirected data)."""
        nominations = self.nominations(period)
        if nominations is None:
            return None
        key = self.period_key(period)
        return self.memo(
            ("unreciprocated", key),
            lambda: self.net.unreciprocated(
                None if key == ALL else key, group=self.options.group, graph=nominations
            ),
        )

    # ------------------------------------------------------------------ caching for later stages
    def memo(self, key: Hashable, compute: Callable[[], T]) -> T:
        """Return the result cached under `key`, computing it with `compute` the first time.

        Later stages (comparison, diagnosis, layout, report) keep their results here, so each
        is computed once per study. Keys are tuples starting with the stage's name.
        """
        if key in self._memo:
            return self._memo[key]  # type: ignore[no-any-return]
        value = compute()
        self._memo[key] = value
        return value

    def _repr_html_(self) -> str:
        """Notebook summary: the dataset's size and periods, the resolved options and why."""
        from coopnet.display import summary_html

        net, o = self.net, self.options
        return summary_html(
            f"Study {self.name}",
            facts=[("actors", len(net.actors)), ("tie rows", len(net.ties)),
                   ("periods", ", ".join(o.periods)), ("tie types", ", ".join(net.tie_types))],
            tables=[("options", ["option", "value / reason"],
                     [[k, v] for k, v in o.reasons.items()])],
            note=".analysis(period), .graph(period), .summary() compute on demand, once",
            lang=o.lang,
        )  # fmt: skip

    def __repr__(self) -> str:
        o = self.options
        return (
            f"<Study {self.name!r}: {len(self.net.actors)} actors, periods "
            f"{', '.join(o.periods)}; group {o.group!r}, "
            f"{'directed' if o.directed else 'symmetrised'}, "
            f"{'weighted' if o.weighted else 'unweighted'}>"
        )


def study(
    data: CooperationNetwork | str | os.PathLike[str],
    config: AnalysisConfig | None = None,
    *,
    strict: bool = False,
    limits: Limits | None = None,
    pseudonymise: bool = False,
    undirected_ties: bool = False,
    **options: Any,
) -> Study:
    """Load a dataset (unless it is loaded already) and return its :class:`Study`.

    Parameters
    ----------
    data
        A dataset path (folder, ``.xlsx``, GraphML, GEXF, matrix CSV) or a loaded dataset.
    config
        Analysis options; default: the dataset's ``[analysis]`` table in ``dataset.toml`` (if
        any) over coopnet's defaults.
    strict
        Load with recoverable problems as errors.
    limits
        Limits on the input (:class:`coopnet.config.Limits`; default: the defaults).
    undirected_ties
        Read every tie row as a mutual (undirected) tie, whatever the data say (by default a
        row is a nomination unless the data say otherwise; see :func:`coopnet.load`).
    pseudonymise
        Label person-like actors by their ids (a ``person`` column that is true, or partners
        typed in by survey respondents and not confirmed; :func:`coopnet.survey.person_like`),
        so no table, figure or page of the study shows their names.
    **options
        Fields of :class:`coopnet.config.AnalysisConfig` that override `config`
        (``group="sector"``, ``directed=True``, ``weighted=True``, ``tie_types=[...]``, …).

    Examples
    --------
    >>> import coopnet
    >>> s = coopnet.study("data/musterstadt", group="sector")
    >>> s.options.group
    'sector'
    """
    net = (
        data
        if isinstance(data, CooperationNetwork)
        else load(Path(data), strict=strict, limits=limits, undirected_ties=undirected_ties)
    )
    if pseudonymise:
        from coopnet.survey import pseudonymise_network  # the survey package only when asked

        net = pseudonymise_network(net)
    base = config if config is not None else net.meta.analysis_config()
    return Study(net, base.with_overrides(**options) if options else base)


def period_label(period: str, lang: Lang) -> str:
    """How a period key reads in text: the period itself, or "alle Zeiträume"/"all periods"."""
    if period == ALL:
        return "alle Zeiträume" if lang == "de" else "all periods"
    return period


def describe_options(options: StudyOptions, lang: Lang = "en") -> Sequence[str]:
    """One line per resolved option and its reason, in `lang` (``coopnet info`` prints them)."""
    if options.reason_texts:
        return [
            f"{text(f'data.reason.key.{key}', lang)}: {why.render(lang)}"
            for key, why in options.reason_texts.items()
        ]
    return [f"{key}: {reason}" for key, reason in options.reasons.items()]
