"""Hand a cooperation network to other Python tools, styled as coopnet draws it.

:func:`to_pyvis` returns a :class:`pyvis.network.Network` with coopnet's group colours
(:func:`coopnet.palette.group_colors`), fixed layout positions (:func:`coopnet.layout`,
physics off), node sizes from an actor measure and plain-text tooltips, for users who customise
the page with pyvis (options, buttons, their own template). pyvis is an optional extra
(``pip install 'coopnet[pyvis]'``): coopnet's own pages (:mod:`coopnet.interactive`) do not use it,
because pyvis' template links Bootstrap and Tom Select from a CDN and so is not offline.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import networkx as nx
import pandas as pd

from coopnet import schema
from coopnet.lang import Lang, number
from coopnet.layout import compute_layout, shared_layout
from coopnet.palette import UNKNOWN_COLOR, group_colors
from coopnet.run import Study

if TYPE_CHECKING:  # pragma: no cover
    from pyvis.network import Network

__all__ = ["PYVIS_SCALE", "to_pyvis"]

PYVIS_SCALE = 600.0
"""Layout units ([-1, 1]) → vis-network pixels; y is flipped (vis-network's y axis points down)."""

_TOOLTIP_MEASURES = ("degree", "betweenness", "eigenvector", "constraint", "broker_total")


def _pyvis() -> Any:
    try:
        from pyvis.network import Network
    except ImportError as exc:  # pragma: no cover - the extra is installed in the test run
        raise ImportError(
            "to_pyvis needs pyvis: pip install 'coopnet[pyvis]' (coopnet's own HTML pages "
            "need no extra)"
        ) from exc
    return Network


def _darker(colour: str, factor: float = 0.7) -> str:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(*(int(c * factor) for c in (r, g, b)))


def to_pyvis(
    data: Study | nx.Graph[Any],
    *,
    period: str | None = None,
    group: str | None = None,
    measures: pd.DataFrame | None = None,
    positions: Mapping[str, tuple[float, float]] | None = None,
    size_by: str | None = "betweenness",
    lang: Lang = "de",
    seed: int = 0,
    height: str = "750px",
    notebook: bool = False,
) -> Network:
    """Return a pyvis ``Network`` of one period, styled with coopnet's colours and layout.

    Parameters
    ----------
    data
        A :class:`coopnet.Study` (then `group`, `measures`, `positions`, `lang` and `seed` come
        from it: the study's grouping column, :meth:`~coopnet.Study.actor_measures`, the layout
        shared by all periods — as in the report — and its language) or a graph of the coopnet
        graph contract.
    period
        The period of a study (``None``: all pooled).
    group
        Node attribute coloured by (a graph's default: ``"group"`` if every node has one).
    measures
        Actor measures indexed by id (tooltips, `size_by`).
    positions
        ``{id: (x, y)}`` in [-1, 1]; default :func:`coopnet.layout.compute_layout` with `seed`.
    size_by
        Measure for the node size (area proportional, 10 to 40 px); ``None`` or a missing
        column: the degree.
    lang
        Number format of the tooltips.
    seed
        Layout seed when `positions` is computed here.
    height, notebook
        Passed to ``pyvis.network.Network`` (which is created with ``cdn_resources="in_line"``).

    Returns
    -------
    pyvis.network.Network
        Nodes with ``label``, ``title`` (tooltip text), ``color`` (background and border),
        ``x``/``y`` (:data:`PYVIS_SCALE`, y flipped), ``size``; edges with ``value`` (the
        weight), ``title`` (weight, tie types, periods); physics off. Labels are untrusted:
        pyvis writes them as JSON with ``<`` and ``>`` escaped (tested), so none can end its
        ``<script>`` block.

    Raises
    ------
    ImportError
        pyvis is not installed (the message names the extra).
    """
    network_class = _pyvis()
    if isinstance(data, Study):
        key = data.period_key(period)
        graph = data.graph(key)
        group = group if group is not None else data.group
        measures = measures if measures is not None else data.actor_measures(key)
        if positions is None:
            positions = shared_layout(data)
        lang = data.options.lang
    else:
        graph = data
        if (
            group is None
            and graph.number_of_nodes()
            and all(schema.GROUP in d for _, d in graph.nodes(data=True))
        ):
            group = schema.GROUP
    if positions is None or any(str(n) not in positions for n in graph):
        positions = compute_layout(graph, seed=seed)
    colours = (
        group_colors({str(d.get(group)) for _, d in graph.nodes(data=True)})
        if group is not None
        else {}
    )
    table = measures if measures is not None else pd.DataFrame()
    if size_by is not None and size_by in table.columns:
        raw = {
            str(a): float(v)
            for a, v in pd.to_numeric(table[size_by], errors="coerce").fillna(0).items()
        }
    else:
        raw = {str(n): float(d) for n, d in graph.degree()}
    top = max(raw.values(), default=0.0)

    net = network_class(height=height, width="100%", directed=graph.is_directed(),
                        notebook=notebook, cdn_resources="in_line")  # fmt: skip
    for node, attrs in graph.nodes(data=True):
        key = str(node)
        label = str(attrs.get(schema.LABEL) or key)
        lines = [label, f"id: {key}"]
        if group is not None:
            lines.append(f"{group}: {attrs.get(group)}")
        if key in table.index:
            lines += [
                f"{m}: {number(table.at[key, m], lang, significant=3)}"
                for m in _TOOLTIP_MEASURES
                if m in table.columns
            ]
        colour = colours.get(str(attrs.get(group)), UNKNOWN_COLOR) if group else "#4477AA"
        x, y = positions[key]
        value = raw.get(key, 0.0)
        net.add_node(
            key,
            label=label,
            title="\n".join(lines),
            color={"background": colour, "border": _darker(colour)},
            x=float(x) * PYVIS_SCALE,
            y=-float(y) * PYVIS_SCALE,
            size=10.0 + 30.0 * (value / top) ** 0.5 if top > 0 else 10.0,
            physics=False,
        )
    for u, v, attrs in graph.edges(data=True):
        weight = float(attrs.get("weight", 1.0))
        parts = [f"weight: {number(weight, lang, significant=3)}"]
        if attrs.get("types"):
            parts.append(", ".join(map(str, attrs["types"])))
        if attrs.get("periods"):
            parts.append(", ".join(map(str, attrs["periods"])))
        net.add_edge(str(u), str(v), value=weight, title=" · ".join(parts), color="#999999")
    net.toggle_physics(False)
    return net
