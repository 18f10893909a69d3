"""The analysis chain wired together: dataset → graph → measures → files.

The CLI and the examples call these functions; each step is also available on its own
(:func:`coopnet.load`, :meth:`CooperationNetwork.graph`, :func:`coopnet.metrics.analyze`).
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd

from coopnet.config import AnalysisConfig
from coopnet.metrics import NetworkAnalysis, WhatIf, analyze, what_if
from coopnet.model import CooperationNetwork

__all__ = [
    "analysis_graph",
    "analyze_network",
    "network_by_period",
    "to_jsonable",
    "what_if_network",
    "write_analysis",
    "write_json",
]

log = logging.getLogger(__name__)

Progress = Callable[[str], None]


def analysis_graph(
    net: CooperationNetwork,
    *,
    config: AnalysisConfig = AnalysisConfig(),
    period: str | None = None,
    tie_type: str | Sequence[str] | None = None,
) -> tuple[nx.Graph, str]:
    """Return the graph an analysis runs on and the grouping column it uses.

    ``config.directed`` ``True`` gives the directed nominations, otherwise the symmetrised ties.
    ``period`` ``None`` or ``"all"`` pools all periods.
    """
    column = net.group_column(config.group)
    graph = net.graph(
        None if period in (None, "all") else period,
        tie_type=tie_type,
        directed=bool(config.directed),
        group=column,
    )
    return graph, column


def analyze_network(
    net: CooperationNetwork,
    *,
    config: AnalysisConfig = AnalysisConfig(),
    period: str | None = None,
    tie_type: str | Sequence[str] | None = None,
    progress: Progress | None = None,
) -> NetworkAnalysis:
    """Run :func:`coopnet.metrics.analyze` on one period (or all pooled) of a dataset.

    Examples
    --------
    >>> import coopnet
    >>> from coopnet.pipeline import analyze_network
    >>> result = analyze_network(coopnet.load("data/musterstadt"), period="2016")
    >>> result.actors["betweenness"].idxmax()
    'KI'
    """
    graph, column = analysis_graph(net, config=config, period=period, tie_type=tie_type)
    result = analyze(
        graph,
        group=column,
        weight="weight" if config.weighted else None,
        key_players_k=config.key_players,
        n_permutations=config.n_permutations,
        seed=config.seed,
        progress=progress,
    )
    result.options.update(period=period or "all", tie_type=tie_type, dataset=net.name)
    return result


def network_by_period(
    net: CooperationNetwork,
    *,
    config: AnalysisConfig = AnalysisConfig(),
    progress: Progress | None = None,
) -> pd.DataFrame:
    """Network-level measures per period: one row per period (index ``period``), in order."""
    rows = {}
    for period in net.periods or ("all",):
        if progress:
            progress(f"period {period}")
        result = analyze_network(net, config=config, period=period)
        rows[period] = result.network
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = "period"
    return frame


def what_if_network(
    net: CooperationNetwork,
    remove: Sequence[str],
    *,
    config: AnalysisConfig = AnalysisConfig(),
    period: str | None = None,
) -> WhatIf:
    """Fragmentation and cross-group reachability before/after removing the named actors."""
    graph, column = analysis_graph(net, config=config, period=period)
    return what_if(graph, remove, group=column, weight="weight" if config.weighted else None)


def to_jsonable(value: Any) -> Any:
    """Convert numpy/pandas scalars and containers to JSON types; NaN and ±inf become ``None``."""
    if isinstance(value, Mapping):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if hasattr(value, "item"):  # numpy scalar
        value = value.item()
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    return value


def write_json(data: Any, path: Path) -> Path:
    """Write ``data`` as UTF-8 JSON with NaN as ``null``."""
    path.write_text(
        json.dumps(to_jsonable(data), indent=2, ensure_ascii=False, allow_nan=False) + "\n",
        encoding="utf-8",
    )
    return path


def write_analysis(result: NetworkAnalysis, out: str | Path) -> list[Path]:
    """Write the files of the ``coopnet analyze`` output contract into ``out``.

    ``actors.csv``, ``network.json``, ``groups.csv``, ``mixing.csv``, ``keyplayers.csv`` and, beyond
    the contract, ``missing_group_pairs.csv``, ``bridges.csv`` and ``ei_by_group.csv``.
    """
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    actors = result.actors.reset_index()
    actors.to_csv(folder / "actors.csv", index=False, encoding="utf-8")
    written.append(folder / "actors.csv")
    network = {**result.network, "group": result.group, "options": result.options}
    written.append(write_json(network, folder / "network.json"))
    groups = result.groups[["group", "n_actors", "internal_ties", "external_ties", "ei_index",
                            "density", "ei_expected", "ei_p_lower", "ei_p_upper"]]
    groups.to_csv(folder / "groups.csv", index=False, encoding="utf-8")
    written.append(folder / "groups.csv")
    result.mixing.to_csv(folder / "mixing.csv", encoding="utf-8")
    written.append(folder / "mixing.csv")
    result.key_players.to_csv(folder / "keyplayers.csv", index=False, encoding="utf-8")
    written.append(folder / "keyplayers.csv")
    result.missing_pairs.to_csv(folder / "missing_group_pairs.csv", index=False, encoding="utf-8")
    written.append(folder / "missing_group_pairs.csv")
    result.bridges.to_csv(folder / "bridges.csv", index=False, encoding="utf-8")
    written.append(folder / "bridges.csv")
    return written
