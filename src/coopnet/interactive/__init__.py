"""Self-contained, offline, escaped interactive HTML views of cooperation networks.

:func:`network_html` draws one graph, :func:`comparison_html` two periods of the same actors
(ties kept, added and removed). The ``write_*`` variants write the page as UTF-8.

The pages are meant to be opened by double-click on an office computer without internet access:

* **Offline.** vis-network 9.1.2 (the copy shipped with pyvis 0.3.2, vendored in
  ``coopnet/assets``) and all CSS are inlined; the page loads nothing, and a Content Security
  Policy forbids every network request. pyvis' own HTML template is not used, because even with
  ``cdn_resources="in_line"`` it links Bootstrap (and Tom Select) from a CDN, its ``write_html``
  uses the locale encoding and ``from_nx`` drops edge attributes in quadratic time.
* **Stable.** Positions come from :func:`coopnet.layout.compute_layout` (or the caller) and
  physics is off, so the picture does not move and is the same every time.
* **Safe.** Labels and attributes are untrusted data. They enter the page only as JSON inside
  ``<script type="application/json">`` with ``<``, ``>``, ``&``, U+2028 and U+2029 escaped; the
  title, caption and legend are HTML-escaped; tooltips and the details panel are built from DOM
  text nodes (``textContent``), never ``innerHTML``.
* **Readable.** Groups are coloured with the colour-blind-safe Okabe–Ito palette, then Paul Tol's
  *muted* scheme (the same order as :mod:`coopnet.viz`), listed in a visible legend that doubles
  as a filter; filters for tie type and period; a search box; German texts by default.

Nothing here computes a measure: node sizes come from a column of ``measures`` (computed by
:mod:`coopnet.metrics`), with the degree as the only fallback.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from coopnet.errors import GraphError
from coopnet.interactive._page import _render
from coopnet.interactive._records import (
    _STATUS_STYLE,
    Lang,
    _check_positions,
    _compare_ties,
    _edge_records,
    _has_weights,
    _node_records,
    _size_caption,
    _texts,
)
from coopnet.layout import compute_layout, union_layout
from coopnet.outputs import check_suffix, output_file

if TYPE_CHECKING:
    import pandas as pd


__all__ = ["comparison_html", "network_html", "write_comparison_html", "write_network_html"]


# --- public API ---------------------------------------------------------------------------------


def network_html(
    graph: nx.Graph,
    *,
    group: str | None = None,
    measures: pd.DataFrame | None = None,
    size_by: str | None = None,
    title: str = "",
    positions: Mapping[str, tuple[float, float]] | None = None,
    lang: Lang = "de",
    seed: int = 0,
    palette: Mapping[str, str] | None = None,
    tooltip_measures: Sequence[str] | None = None,
) -> str:
    """Return a self-contained interactive HTML page drawing one cooperation network.

    Parameters
    ----------
    graph
        Graph following the coopnet graph contract (``nx.Graph``/``nx.DiGraph``, str ids, node
        attribute ``label``, edge attributes ``weight``, ``types``, ``periods``).
    group
        Node attribute to colour by (e.g. ``"group"`` or ``"sector"``); every node must carry a
        non-empty string for it. ``None`` draws all actors in one colour, without group legend.
    measures
        Actor-level measures (DataFrame indexed by actor id, as returned by
        :mod:`coopnet.metrics`). Used for node sizes (``size_by``) and shown in tooltips.
    size_by
        Column of ``measures`` that sets the node area (linear in the value, from the smallest
        to the largest value; missing values get the smallest size). ``None`` sizes by degree.
    title
        Page title; default "Kooperationsnetzwerk" / "Cooperation network".
    positions
        Actor id → ``(x, y)``, e.g. from :func:`coopnet.layout.compute_layout` or
        :func:`coopnet.layout.union_layout`; must cover every node. ``None`` computes
        ``compute_layout(graph, seed=seed)``.
    lang
        Language of the page texts: ``"de"`` (default) or ``"en"``.
    seed
        Layout seed when ``positions`` is ``None``.
    palette
        Fixed colours ``{group value: "#RRGGBB"}``, e.g. to keep colours identical across
        pages; other groups get the next free palette colours.
    tooltip_measures
        Columns of ``measures`` listed in tooltips; default: the first eight columns.

    Returns
    -------
    str
        The complete HTML document. It loads no external resource.

    Raises
    ------
    GraphError
        If a node lacks the ``group`` attribute, ``size_by`` is not a column of ``measures``,
        ``positions`` miss a node, or a weight is not a positive number.
    ValueError
        If ``lang`` is not ``"de"`` or ``"en"`` or a palette colour is not ``#RRGGBB``.

    Notes
    -----
    Tie width grows linearly with ``weight`` from 1 to 5 pixels (all equal when the weights are
    equal); a ``DiGraph`` is drawn with arrows. Isolated actors are drawn (placed in rows by the
    layout). Filters: the group legend's check boxes, the tie types of the edge attribute
    ``types`` and the periods of ``periods`` (a tie is shown if one of its types and one of its
    periods is checked; ties without types or periods are always shown).

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.Graph()
    >>> g.add_node("a", label="Amt A", group="Verwaltung")
    >>> g.add_node("b", label="Verein B", group="Zivilgesellschaft")
    >>> g.add_edge("a", "b", weight=2.0, types=("info",), periods=("2016",))
    >>> page = network_html(g, group="group", title="Beispiel")
    >>> page.startswith("<!DOCTYPE html>") and "https://" not in page.split("<script")[0]
    True
    """
    text = _texts(lang)
    if positions is not None:
        pos = _check_positions(graph.nodes, positions)
    else:
        pos = compute_layout(graph, seed=seed)
    nodes, groups = _node_records(
        graph, group=group, measures=measures, size_by=size_by, text=text, lang=lang,
        palette=palette, tooltip_measures=tooltip_measures, positions=pos,
        degree_text=text["degree"],
    )  # fmt: skip
    edge_rows = [(str(u), str(v), d, None, d) for u, v, d in graph.edges(data=True)]
    edges, types, periods = _edge_records(
        edge_rows, directed=graph.is_directed(), text=text, lang=lang
    )
    period = graph.graph.get("period")
    caption = [f"{text['period']}: {period}"] if period not in (None, "") else []
    caption += _size_caption(size_by, text, text["degree"])
    caption.append(f"{graph.number_of_nodes()} {text['actors']}")
    caption.append(f"{graph.number_of_edges()} {text['ties']}")
    payload = {
        "mode": "single",
        "directed": graph.is_directed(),
        "nodes": nodes,
        "edges": edges,
        "groups": [name for name, _, _ in groups],
        "types": types,
        "periods": periods,
        "text": text,
    }
    return _render(
        title=title or text["title"], caption=" · ".join(caption), payload=payload,
        groups=groups, types=types, periods=periods, comparison=None, text=text, lang=lang,
        directed=graph.is_directed(), weighted=_has_weights(edges),
    )  # fmt: skip


def _write_page(page: str, path: str | Path, *, overwrite: bool, inputs: Iterable[Any]) -> Path:
    """Write an HTML page through :func:`coopnet.outputs.output_file` (UTF-8, ``\\n``)."""
    check_suffix(path, ("html", "htm"), what="an interactive page")
    with output_file(path, kind="html", inputs=inputs, overwrite=overwrite) as tmp:
        tmp.write_text(page, encoding="utf-8", newline="\n")
    return Path(path)


def write_network_html(
    graph: nx.Graph,
    path: str | Path,
    *,
    overwrite: bool = False,
    inputs: Iterable[str | Path] = (),
    **options: Any,
) -> Path:
    """Write :func:`network_html` ``(graph, **options)`` to ``path`` as UTF-8 and return the path.

    The file is always UTF-8 with ``\\n`` line endings, whatever the locale; the parent folder
    is created if needed. Options are those of :func:`network_html`. The file is written as
    :func:`coopnet.outputs.output_file` writes: ``path`` must end in ``.html`` (or ``.htm``), may
    not be an input (``inputs``) or lie inside an input folder, and an existing file that
    coopnet did not make is replaced only with ``overwrite=True``
    (:class:`~coopnet.errors.OutputError` otherwise).
    """
    page = network_html(graph, **options)
    return _write_page(page, path, overwrite=overwrite, inputs=inputs)


def comparison_html(
    before: nx.Graph,
    after: nx.Graph,
    *,
    labels: tuple[str, str] = ("2014", "2016"),
    group: str | None = None,
    measures: pd.DataFrame | None = None,
    size_by: str | None = None,
    title: str = "",
    positions: Mapping[str, tuple[float, float]] | None = None,
    lang: Lang = "de",
    seed: int = 0,
    palette: Mapping[str, str] | None = None,
    tooltip_measures: Sequence[str] | None = None,
) -> str:
    """Return an interactive HTML page comparing two periods of a cooperation network.

    All actors of both periods are drawn at shared positions. Each tie is *kept* (in both
    graphs; grey, solid), *added* (only in ``after``; blue, dashed) or *removed* (only in
    ``before``; vermillion, dotted). A switcher shows the ``before`` period (kept + removed ties,
    actors of ``before``), the ``after`` period (kept + added) or both.

    Parameters
    ----------
    before, after
        Graphs of the two periods (both directed or both undirected).
    labels
        Names of the two periods shown in the page, e.g. ``("2014", "2016")``.
    group, measures, size_by, title, lang, seed, palette, tooltip_measures
        As in :func:`network_html`; group values and labels are taken from ``after`` when an
        actor is in both graphs. ``measures`` may hold any actor-level table (e.g. the later
        period's measures or changes); without ``size_by`` nodes are sized by their degree in
        the union of both periods' ties.
    positions
        Actor id → ``(x, y)`` covering the actors of both graphs; ``None`` computes
        ``union_layout([before, after], seed=seed)``.

    Returns
    -------
    str
        The complete, self-contained HTML document.

    Raises
    ------
    GraphError
        If one graph is directed and the other is not, or as in :func:`network_html`.

    Notes
    -----
    Ties are matched by their unordered pair of actors (ordered pair for directed graphs). The
    width of a kept tie follows its ``after`` weight, that of a removed tie its ``before`` weight;
    tooltips show both. Tie types and periods are the union of both graphs' edge attributes.
    """
    if before.is_directed() != after.is_directed():
        raise GraphError(
            "comparison_html needs two directed or two undirected graphs; got "
            f"{'a directed' if before.is_directed() else 'an undirected'} 'before' and "
            f"{'a directed' if after.is_directed() else 'an undirected'} 'after' graph"
        )
    directed = after.is_directed()
    text = _texts(lang)
    lab_before, lab_after = (str(labels[0]), str(labels[1]))
    union = nx.DiGraph() if directed else nx.Graph()
    for g in (before, after):
        union.add_nodes_from(g.nodes(data=True))
    rows = _compare_ties(before, after, directed=directed)
    union.add_edges_from((u, v) for u, v, *_ in rows)
    if positions is not None:
        pos = _check_positions(union.nodes, positions)
    else:
        pos = union_layout([before, after], seed=seed)
    nodes, groups = _node_records(
        union, group=group, measures=measures, size_by=size_by, text=text, lang=lang,
        palette=palette, tooltip_measures=tooltip_measures, positions=pos,
        degree_text=text["degree_union"],
    )  # fmt: skip
    in_before, in_after = set(map(str, before.nodes)), set(map(str, after.nodes))
    for rec in nodes:
        rec["inb"], rec["ina"] = rec["id"] in in_before, rec["id"] in in_after
        if not (rec["inb"] and rec["ina"]):
            only = lab_before if rec["inb"] else lab_after
            rec["tip"].insert(1, [text["period"], text["only"].format(period=only)])
    edges, types, periods = _edge_records(
        rows, directed=directed, text=text, lang=lang, labels=(lab_before, lab_after)
    )
    counts = {s: sum(1 for e in edges if e["s"] == s) for s in _STATUS_STYLE}
    caption = [
        f"{text['period']}: {lab_before} → {lab_after}",
        *_size_caption(size_by, text, text["degree_union"]),
    ]
    caption.append(f"{union.number_of_nodes()} {text['actors']}")
    caption.append(", ".join(f"{counts[s]} {text[s]}" for s in _STATUS_STYLE))
    payload = {
        "mode": "comparison",
        "directed": directed,
        "labels": [lab_before, lab_after],
        "styles": {s: {"color": c, "dashes": d} for s, (c, d) in _STATUS_STYLE.items()},
        "nodes": nodes,
        "edges": edges,
        "groups": [name for name, _, _ in groups],
        "types": types,
        "periods": periods,
        "text": text,
    }
    return _render(
        title=title or text["comparison_title"], caption=" · ".join(caption), payload=payload,
        groups=groups, types=types, periods=[], comparison=(lab_before, lab_after, counts),
        text=text, lang=lang, directed=directed, weighted=_has_weights(edges),
    )  # fmt: skip


def write_comparison_html(
    before: nx.Graph,
    after: nx.Graph,
    path: str | Path,
    *,
    overwrite: bool = False,
    inputs: Iterable[str | Path] = (),
    **options: Any,
) -> Path:
    """Write :func:`comparison_html` ``(before, after, **options)`` to ``path`` as UTF-8.

    Returns the path. Options are those of :func:`comparison_html`; ``path``, ``overwrite`` and
    ``inputs`` as for :func:`write_network_html`.
    """
    page = comparison_html(before, after, **options)
    return _write_page(page, path, overwrite=overwrite, inputs=inputs)
