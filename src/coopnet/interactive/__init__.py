"""Self-contained, offline, escaped interactive HTML views of cooperation networks.

:func:`network_html` draws one graph, :func:`comparison_html` two periods of the same actors
(ties kept, new and removed), :func:`periods_html` any number of periods on one page with a
period slider (and, on request, the change from the previous period). The ``write_*`` variants
write the page as UTF-8.

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
* **Readable.** Names are drawn by importance and zoom: the :data:`TOP_LABELS` actors with the
  largest size measure always, the others as you zoom in (never on another name, never cut at
  the edge), and the hovered or selected actor; the view fits the network and those names with a
  margin; names are 13 px on screen whatever the page or frame size. Clicking an actor highlights
  its partners and dims the rest, and the details panel lists its measures under their German
  names with a one-line explanation (``measures.toml``). Groups have the colours and marker
  shapes of :mod:`coopnet.palette` (as in the figures), in a legend that doubles as a filter;
  size and colour can be switched to any measure, the communities or another attribute; a
  slider hides ties below an intensity; the view can be saved as PNG; filters for tie type and
  period; a search box; German texts by default.
* **Proposals.** :func:`network_html` can draw new ties proposed by :mod:`coopnet.recommend`
  (``proposed=``) as dashed "vorgeschlagen" edges (:data:`coopnet.palette.PROPOSED_TIE`),
  hidden until the switch of the "Vorschläge" panel is on, with their numbers and workshop
  question in the tooltip and the details panel.

Nothing here computes a measure: node sizes come from a column of ``measures`` (computed by
:mod:`coopnet.metrics`), with the degree as the only fallback.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from coopnet.errors import GraphError
from coopnet.interactive import _page
from coopnet.interactive._proposed import proposed_panel, proposed_records, proposed_style
from coopnet.interactive._records import (
    NODE_SIZE,
    TOP_LABELS,
    _check_positions,
    _texts,
    compare_ties,
    edge_records,
    has_weights,
    node_records,
    tie_key,
)
from coopnet.lang import Lang, check_lang, measure_label
from coopnet.lang import number as format_number
from coopnet.layout import compute_layout, union_layout
from coopnet.messages import tr
from coopnet.outputs import check_suffix, output_file
from coopnet.palette import GroupStyle

if TYPE_CHECKING:
    import pandas as pd

    from coopnet.recommend import Recommendation


__all__ = [
    "TOP_LABELS",
    "comparison_html",
    "network_html",
    "periods_html",
    "write_comparison_html",
    "write_network_html",
    "write_periods_html",
]


def _caption(parts: list[str], *, size_name: str, n_actors: int, ties: str, lang: Lang) -> str:
    text = _texts(lang)
    parts = [*parts, f"{text['node_size']}: {size_name}"]
    parts.append(f"{format_number(n_actors, lang)} {text['actors']}")
    parts.append(ties)
    return " · ".join(parts)


def _payload(mode: str, directed: bool, nodes: Mapping[str, Any], **more: Any) -> dict[str, Any]:
    return {
        "mode": mode,
        "directed": directed,
        "topLabels": TOP_LABELS,
        "nodeSize": list(NODE_SIZE),
        **nodes,
        **more,
    }


def _panels(
    text: Mapping[str, str],
    nodes: Mapping[str, Any],
    *,
    weights: Sequence[Mapping[str, Any]],
    types: Sequence[str],
    periods: Sequence[str],
    before: Sequence[str] = (),
    directed: bool,
    weighted: bool,
) -> list[str]:
    return [
        *before,
        _page.view_panel(
            text, measures=nodes["measures"], categories=nodes["categories"],
            size_by=nodes["sizeBy"], color_by=nodes["colorBy"], weights=weights,
        ),
        _page.legend_panel(),
        *_page.filter_panels(text, types, periods),
        *_page.notes(text, weighted=weighted, directed=directed),
    ]  # fmt: skip


# --- public API ---------------------------------------------------------------------------------


def network_html(
    graph: nx.Graph[Any],
    *,
    group: str | None = None,
    measures: pd.DataFrame | None = None,
    size_by: str | None = None,
    title: str = "",
    positions: Mapping[str, tuple[float, float]] | None = None,
    lang: Lang = "de",
    seed: int = 0,
    palette: Mapping[str, str | GroupStyle] | None = None,
    tooltip_measures: Sequence[str] | None = None,
    names: Mapping[str, str] | None = None,
    proposed: Sequence[Recommendation] | None = None,
) -> str:
    """Return a self-contained interactive HTML page drawing one cooperation network.

    Parameters
    ----------
    graph
        Graph following the coopnet graph contract (``nx.Graph``/``nx.DiGraph``, str ids, node
        attribute ``label``, edge attributes ``weight``, ``types``, ``periods``).
    group
        Node attribute to colour by (e.g. ``"group"`` or ``"sector"``); every node must carry a
        non-empty string for it. ``None`` draws all actors in one colour. The page also offers
        ``sector``, ``level`` (when the actors have them) and the ``community`` column of
        ``measures`` as colourings.
    measures
        Actor-level measures (DataFrame indexed by actor id, as returned by
        :mod:`coopnet.metrics`). Shown in the details panel, offered for size and colour.
    size_by
        Column of ``measures`` that sets the node area at first (linear in the value, from the
        smallest to the largest value; missing values get the smallest size) and ranks the
        names shown. ``None`` sizes by degree.
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
        Fixed colours or styles of groups (``{group: "#RRGGBB" or GroupStyle}``, e.g.
        :func:`coopnet.palette.group_styles` of all periods' groups) to keep pages and figures
        identical; other groups get the next free colours and shapes.
    tooltip_measures
        Columns of ``measures`` listed in the details panel and offered for size and colour;
        default :data:`~coopnet.interactive._records.DETAIL_MEASURES` that are present, without
        columns equal to one listed before (``in_degree`` of undirected data) and without the
        attribute columns.
    names
        Display names of columns and measures, e.g. a dataset's ``[labels]``
        (``{"group": "Fachbereich"}``); default :func:`coopnet.lang.measure_label` (German
        name with the technical term) and :func:`coopnet.lang.column_label`.
    proposed
        New ties to propose (:class:`~coopnet.recommend.Recommendation` records, e.g.
        ``recommend_ties(graph).recommendations``): drawn dashed ("vorgeschlagen",
        :data:`coopnet.palette.PROPOSED_TIE`) when the switch "Vorgeschlagene Verbindungen
        zeigen" is on (off at first), undirected, each pair once with every proposal of it,
        its value before → after, the gap it closes and its workshop question. They are not
        counted as ties of the network and ignore the tie filters. ``None``: no switch.

    Returns
    -------
    str
        The complete HTML document. It loads no external resource.

    Raises
    ------
    GraphError
        If a node lacks the ``group`` attribute, ``size_by`` is not a column of ``measures``,
        ``positions`` miss a node, a weight is not a positive number, or a proposed tie names
        an actor not in the graph.
    ValueError
        If ``lang`` is not ``"de"`` or ``"en"`` or a palette colour is not ``#RRGGBB``.

    Notes
    -----
    Tie width grows linearly with ``weight`` from 1 to 5 pixels (all equal when the weights are
    equal); a ``DiGraph`` is drawn with arrows. Isolated actors are drawn (placed in rows by the
    layout). Filters: the legend's check boxes, the tie types of the edge attribute ``types``,
    the periods of ``periods`` (a tie is shown if one of its types and one of its periods is
    checked; ties without types or periods are always shown) and the intensity slider.

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
    lg = check_lang(lang)
    text = _texts(lg)
    pos = (
        _check_positions(graph.nodes, positions)
        if positions is not None
        else compute_layout(graph, seed=seed)
    )
    nodes = node_records(
        graph, group=group, measures=[measures], size_by=size_by, lang=lg, palette=palette,
        tooltip_measures=tooltip_measures, positions=pos,
        degree=[{str(k): float(v) for k, v in graph.degree()}], labels=names,
    )  # fmt: skip
    rows = [(str(u), str(v), [d], None) for u, v, d in graph.edges(data=True)]
    edges, types, periods, weights = edge_records(rows, directed=graph.is_directed(), lang=lg)
    period = graph.graph.get("period")
    size_name = measure_label(size_by, lg, names) if size_by else measure_label("degree", lg)
    caption = _caption(
        [f"{text['period']}: {period}"] if period not in (None, "") else [],
        size_name=size_name, n_actors=graph.number_of_nodes(),
        ties=f"{format_number(graph.number_of_edges(), lg)} {text['ties']}", lang=lg,
    )  # fmt: skip
    extra: dict[str, Any] = {}
    before: list[str] = []
    if proposed is not None:
        records = proposed_records(graph, proposed, texts=text, lang=lg)
        extra = {"proposed": records, "proposedStyle": proposed_style()}
        before = [proposed_panel(text, len(records), lg)] if records else []
    payload = _payload(
        "single", graph.is_directed(), nodes, edges=edges, types=types, periods=periods,
        weights=weights, text=text, **extra,
    )  # fmt: skip
    panels = _panels(
        text, nodes, weights=weights, types=types, periods=periods, before=before,
        directed=graph.is_directed(), weighted=has_weights(edges),
    )  # fmt: skip
    return _page.render(
        title=title or text["title"], caption=caption, payload=payload, panels=panels,
        text=text, lang=lg,
    )  # fmt: skip


def _write_page(page: str, path: str | Path, *, overwrite: bool, inputs: Iterable[Any]) -> Path:
    """Write an HTML page through :func:`coopnet.outputs.output_file` (UTF-8, ``\\n``)."""
    check_suffix(path, ("html", "htm"), what=tr("errors.outputs.what.page"))
    with output_file(path, kind="html", inputs=inputs, overwrite=overwrite) as tmp:
        tmp.write_text(page, encoding="utf-8", newline="\n")
    return Path(path)


def write_network_html(
    graph: nx.Graph[Any],
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
    before: nx.Graph[Any],
    after: nx.Graph[Any],
    *,
    labels: tuple[str, str] = ("2014", "2016"),
    group: str | None = None,
    measures: pd.DataFrame | None = None,
    size_by: str | None = None,
    title: str = "",
    positions: Mapping[str, tuple[float, float]] | None = None,
    lang: Lang = "de",
    seed: int = 0,
    palette: Mapping[str, str | GroupStyle] | None = None,
    tooltip_measures: Sequence[str] | None = None,
    names: Mapping[str, str] | None = None,
) -> str:
    """Return an interactive HTML page comparing two periods of a cooperation network.

    All actors of both periods are drawn at shared positions. Each tie is *kept* (in both
    graphs), *new* (only in ``after``) or *removed* (only in ``before``), drawn as
    :data:`coopnet.palette.TIE_STATUS` says — the same grey levels, widths and dash pattern as
    :func:`coopnet.viz.plot_difference`. A switcher shows the ``before`` period (kept + removed
    ties, actors of ``before``), the ``after`` period (kept + new) or both.

    Parameters
    ----------
    before, after
        Graphs of the two periods (both directed or both undirected).
    labels
        Names of the two periods shown in the page, e.g. ``("2014", "2016")``.
    group, measures, size_by, title, lang, seed, palette, tooltip_measures, names
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
            tr(
                "errors.graph.comparison_directed_before"
                if before.is_directed()
                else "errors.graph.comparison_directed_after"
            )
        )
    lg = check_lang(lang)
    directed = after.is_directed()
    text = _texts(lg)
    lab_before, lab_after = (str(labels[0]), str(labels[1]))
    union: nx.Graph[Any] = nx.DiGraph() if directed else nx.Graph()
    for g in (before, after):
        union.add_nodes_from(g.nodes(data=True))
    rows = compare_ties(before, after, directed=directed)
    union.add_edges_from((u, v) for u, v, *_ in rows)
    pos = (
        _check_positions(union.nodes, positions)
        if positions is not None
        else union_layout([before, after], seed=seed)
    )
    nodes = node_records(
        union, group=group, measures=[measures], size_by=size_by, lang=lg, palette=palette,
        tooltip_measures=tooltip_measures, positions=pos,
        degree=[{str(k): float(v) for k, v in union.degree()}], labels=names,
    )  # fmt: skip
    in_before, in_after = set(map(str, before.nodes)), set(map(str, after.nodes))
    for rec in nodes["nodes"]:
        rec["inb"], rec["ina"] = rec["id"] in in_before, rec["id"] in in_after
        if not (rec["inb"] and rec["ina"]):
            only = lab_before if rec["inb"] else lab_after
            rec["a"].insert(1, [text["period"], text["only"].format(period=only)])
    if size_by is None:
        nodes["measures"][0]["name"] = text["degree_union"]
    edges, types, periods, weights = edge_records(
        [(u, v, [b, a], status) for u, v, b, status, a in rows], directed=directed, lang=lg,
        labels=(lab_before, lab_after),
    )  # fmt: skip
    counts = {s: sum(1 for e in edges if e["s"] == s) for s in ("kept", "added", "removed")}
    size_name = measure_label(size_by, lg, names) if size_by else text["degree_union"]
    caption = _caption(
        [f"{text['period']}: {lab_before} → {lab_after}"], size_name=size_name,
        n_actors=union.number_of_nodes(),
        ties=", ".join(f"{format_number(counts[s], lg)} {text[s]}" for s in counts), lang=lg,
    )  # fmt: skip
    payload = _payload(
        "comparison", directed, nodes, labels=[lab_before, lab_after], edges=edges,
        types=types, periods=periods, weights=weights, text=text,
    )  # fmt: skip
    panels = _panels(
        text, nodes, weights=weights, types=types, periods=[],
        before=_page.comparison_panels(text, (lab_before, lab_after), counts),
        directed=directed, weighted=has_weights(edges),
    )  # fmt: skip
    return _page.render(
        title=title or text["comparison_title"], caption=caption, payload=payload,
        panels=panels, text=text, lang=lg,
    )  # fmt: skip


def write_comparison_html(
    before: nx.Graph[Any],
    after: nx.Graph[Any],
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


def periods_html(
    graphs: Mapping[str, nx.Graph[Any]],
    *,
    group: str | None = None,
    measures: Mapping[str, pd.DataFrame] | None = None,
    size_by: str | None = None,
    title: str = "",
    positions: Mapping[str, tuple[float, float]] | None = None,
    lang: Lang = "de",
    seed: int = 0,
    palette: Mapping[str, str | GroupStyle] | None = None,
    tooltip_measures: Sequence[str] | None = None,
    names: Mapping[str, str] | None = None,
) -> str:
    """Return one interactive page for several periods, with a period slider.

    All actors of all periods keep one position (:func:`coopnet.layout.union_layout`). The
    slider (last period first) shows a period's actors and ties, with that period's measures
    in the details panel and for the node sizes; "show change from the previous period" draws
    the ties of the period and the one before as kept, new and removed
    (:data:`coopnet.palette.TIE_STATUS`, as in :func:`comparison_html`), with live counts.

    Parameters
    ----------
    graphs
        ``{period: graph}`` in display order (at least one; all directed or all undirected).
    measures
        ``{period: actor measures}``; periods missing from the mapping show no measures (and
        are sized by degree only when ``size_by`` is ``None``).
    group, size_by, title, lang, seed, palette, tooltip_measures, names
        As in :func:`network_html`; group values and labels are taken from the latest period
        an actor appears in.
    positions
        Actor id → ``(x, y)`` covering every actor of every period; ``None`` computes
        ``union_layout(list(graphs.values()), seed=seed)``.

    Returns
    -------
    str
        The complete, self-contained HTML document.

    Raises
    ------
    GraphError
        If ``graphs`` is empty or mixes directed and undirected graphs, or as in
        :func:`network_html`.

    Examples
    --------
    >>> import networkx as nx
    >>> a = nx.Graph([("x", "y")]); b = nx.Graph([("y", "z")])
    >>> page = periods_html({"2014": a, "2016": b})
    >>> 'id="period-slider"' in page
    True
    """
    if not graphs:
        raise GraphError(tr("errors.graph.no_graphs"))
    kinds = {g.is_directed() for g in graphs.values()}
    if len(kinds) > 1:
        raise GraphError(tr("errors.graph.mixed_periods"))
    lg = check_lang(lang)
    directed = kinds.pop()
    text = _texts(lg)
    labels = [str(p) for p in graphs]
    glist = list(graphs.values())
    union: nx.Graph[Any] = nx.DiGraph() if directed else nx.Graph()
    for g in glist:
        union.add_nodes_from(g.nodes(data=True))
    keys = sorted({tie_key(u, v, directed) for g in glist for u, v in g.edges})
    union.add_edges_from(keys)
    pos = (
        _check_positions(union.nodes, positions)
        if positions is not None
        else union_layout(glist, seed=seed)
    )
    tables = [(measures or {}).get(p) for p in graphs]
    nodes = node_records(
        union, group=group, measures=tables, size_by=size_by, lang=lg, palette=palette,
        tooltip_measures=tooltip_measures, positions=pos,
        degree=[{str(k): float(v) for k, v in g.degree()} for g in glist], labels=names,
    )  # fmt: skip
    present = [set(map(str, g.nodes)) for g in glist]
    for rec in nodes["nodes"]:
        rec["pin"] = [rec["id"] in s for s in present]
    ties = [{tie_key(u, v, directed): d for u, v, d in g.edges(data=True)} for g in glist]
    rows = [(u, v, [t.get((u, v)) for t in ties], None) for u, v in keys]
    edges, types, periods, weights = edge_records(rows, directed=directed, lang=lg, labels=labels)
    size_name = measure_label(size_by, lg, names) if size_by else measure_label("degree", lg)
    caption = _caption(
        [f"{text['period']}: {labels[0]} – {labels[-1]}"], size_name=size_name,
        n_actors=union.number_of_nodes(),
        ties=f"{format_number(len(keys), lg)} {text['ties']}", lang=lg,
    )  # fmt: skip
    payload = _payload(
        "periods", directed, nodes, labels=labels, edges=edges, types=types, periods=periods,
        weights=weights, text=text,
    )  # fmt: skip
    panels = _panels(
        text, nodes, weights=weights, types=types, periods=[],
        before=_page.period_panels(text, labels), directed=directed,
        weighted=has_weights(edges),
    )  # fmt: skip
    return _page.render(
        title=title or text["periods_title"], caption=caption, payload=payload, panels=panels,
        text=text, lang=lg,
    )  # fmt: skip


def write_periods_html(
    graphs: Mapping[str, nx.Graph[Any]],
    path: str | Path,
    *,
    overwrite: bool = False,
    inputs: Iterable[str | Path] = (),
    **options: Any,
) -> Path:
    """Write :func:`periods_html` ``(graphs, **options)`` to ``path`` as UTF-8.

    Returns the path. Options are those of :func:`periods_html`; the file is written as
    :func:`write_network_html` writes (``overwrite``, ``inputs``).
    """
    return _write_page(periods_html(graphs, **options), path, overwrite=overwrite, inputs=inputs)
