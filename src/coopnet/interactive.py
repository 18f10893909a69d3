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

import html
import json
import logging
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from string import Template
from typing import TYPE_CHECKING, Any, Literal

import networkx as nx
import numpy as np

from coopnet import schema
from coopnet.errors import GraphError
from coopnet.layout import Positions, compute_layout, union_layout
from coopnet.model import UNKNOWN_GROUP
from coopnet.palette import group_colors

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["comparison_html", "network_html", "write_comparison_html", "write_network_html"]

logger = logging.getLogger(__name__)

Lang = Literal["de", "en"]
TieStatus = Literal["kept", "added", "removed"]

TIE_TYPES_ATTR = "types"
"""Edge attribute holding the tuple of tie types (graph contract)."""
TIE_PERIODS_ATTR = "periods"
"""Edge attribute holding the tuple of periods (graph contract)."""

_NEUTRAL_COLOR = "#0072B2"
_TIE_COLOR = "#8C8C8C"
_STATUS_STYLE: dict[str, tuple[str, list[int] | bool]] = {
    # status: (colour, vis-network dash pattern) — blue/vermillion are distinguishable for
    # colour-blind readers, and the dash pattern repeats the distinction without colour.
    "kept": ("#8C8C8C", False),
    "added": ("#0072B2", [10, 6]),
    "removed": ("#D55E00", [2, 5]),
}
_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")
_NODE_SIZE = (9.0, 34.0)
_TIE_WIDTH = (1.0, 5.0)
_MAX_TOOLTIP_MEASURES = 8

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


def write_network_html(graph: nx.Graph, path: str | Path, **options: Any) -> Path:
    """Write :func:`network_html` ``(graph, **options)`` to ``path`` as UTF-8 and return the path.

    The file is always UTF-8 with ``\\n`` line endings, whatever the locale; the parent folder
    must exist. Options are those of :func:`network_html`.
    """
    out = Path(path)
    out.write_text(network_html(graph, **options), encoding="utf-8", newline="\n")
    return out


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
    before: nx.Graph, after: nx.Graph, path: str | Path, **options: Any
) -> Path:
    """Write :func:`comparison_html` ``(before, after, **options)`` to ``path`` as UTF-8.

    Returns the path. Options are those of :func:`comparison_html`.
    """
    out = Path(path)
    out.write_text(comparison_html(before, after, **options), encoding="utf-8", newline="\n")
    return out


# --- building the data ----------------------------------------------------------------------------


def _texts(lang: str) -> dict[str, str]:
    """UI texts in ``lang`` (from ``assets/texts.json``; both languages have the same keys)."""
    texts = _all_texts()
    if lang not in texts:
        raise ValueError(f"lang must be 'de' or 'en', not {lang!r}")
    return dict(texts[lang])


@cache
def _all_texts() -> dict[str, dict[str, str]]:
    texts: dict[str, dict[str, str]] = json.loads(_asset("texts.json"))
    return texts


def _check_positions(
    nodes: Iterable[Any], positions: Mapping[str, tuple[float, float]]
) -> Positions:
    ids = [str(n) for n in nodes]
    missing = [n for n in ids if n not in positions]
    if missing:
        shown = ", ".join(map(repr, sorted(missing)[:5]))
        raise GraphError(
            f"positions miss {len(missing)} actor(s) ({shown}{', …' if len(missing) > 5 else ''});"
            " compute them with coopnet.layout.compute_layout or union_layout"
        )
    out: Positions = {}
    for n in ids:
        x, y = (float(v) for v in positions[n])
        if not (math.isfinite(x) and math.isfinite(y)):
            raise GraphError(f"position of actor {n!r} is not finite: {positions[n]!r}")
        out[n] = (x, y)
    return out


def _group_colors(values: Iterable[str], palette: Mapping[str, str] | None) -> dict[str, str]:
    """:func:`coopnet.palette.group_colors` after checking that fixed colours are ``#RRGGBB``."""
    fixed = dict(palette or {})
    for name, colour in fixed.items():
        if not isinstance(colour, str) or not _HEX.match(colour):
            raise ValueError(
                f"palette colour for {name!r} must look like '#1A2B3C', not {colour!r}"
            )
    colours = group_colors(values, palette=fixed)
    return {g: c.upper() if g in fixed else c for g, c in colours.items()}


def _darker(colour: str, factor: float = 0.7) -> str:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#{:02X}{:02X}{:02X}".format(*(round(c * factor) for c in (r, g, b)))


def _fmt(value: Any, lang: str) -> str:
    """Format a table value for a tooltip: 4 significant digits, decimal comma in German."""
    if value is None:
        return "–"
    if isinstance(value, bool | np.bool_):
        return _texts(lang)["yes" if value else "no"]
    if isinstance(value, int | float) or hasattr(value, "dtype"):
        try:
            num = float(value)
        except (TypeError, ValueError):
            return str(value)
        if math.isnan(num):
            return "–"
        if num.is_integer() and abs(num) < 1e15:
            out = str(int(num))
        else:
            out = f"{num:.4g}"
            if "e" in out and abs(num) >= 1e-4:
                out = f"{num:.4f}".rstrip("0").rstrip(".")
        return out.replace(".", ",") if lang == "de" else out
    return str(value)


def _number(value: Any) -> float:
    try:
        num = float(value)
    except (TypeError, ValueError):
        return math.nan
    return num


def _scale(values: Sequence[float], lo: float, hi: float, *, area: bool) -> list[float]:
    """Map finite values linearly onto [lo, hi] (by area if ``area``); NaN → lo; equal → middle."""
    finite = [v for v in values if math.isfinite(v)]
    if not finite:
        return [lo] * len(values)
    vmin, vmax = min(finite), max(finite)
    out: list[float] = []
    for v in values:
        if not math.isfinite(v):
            out.append(lo)
        elif vmax == vmin:
            out.append((lo + hi) / 2.0 if len(finite) > 1 or area else lo)
        else:
            t = (v - vmin) / (vmax - vmin)
            out.append(math.sqrt(lo**2 + t * (hi**2 - lo**2)) if area else lo + t * (hi - lo))
    return [round(x, 3) for x in out]


def _size_caption(size_by: str | None, text: Mapping[str, str], degree_text: str) -> list[str]:
    return [f"{text['node_size']}: {size_by if size_by else degree_text}"]


def _node_records(
    graph: nx.Graph,
    *,
    group: str | None,
    measures: pd.DataFrame | None,
    size_by: str | None,
    text: Mapping[str, str],
    lang: str,
    palette: Mapping[str, str] | None,
    tooltip_measures: Sequence[str] | None,
    positions: Positions,
    degree_text: str,
) -> tuple[list[dict[str, Any]], list[tuple[str, str, int]]]:
    """Build node records (sorted by id) and the legend ``[(group, colour, count)]``."""
    ids = sorted(str(n) for n in graph.nodes)
    data = {str(n): d for n, d in graph.nodes(data=True)}
    # group values
    values: dict[str, str] = {}
    if group is not None:
        bad = [n for n in ids if not isinstance(data[n].get(group), str) or not data[n][group]]
        if bad:
            raise GraphError(
                f"{len(bad)} actor(s) have no non-empty text value for group {group!r} "
                f"(e.g. {', '.join(map(repr, bad[:5]))}); build the graph with "
                f"CooperationNetwork.graph(group=...) so that missing values become "
                f"{UNKNOWN_GROUP!r}"
            )
        values = {n: data[n][group] for n in ids}
    colours = _group_colors(values.values(), palette) if group is not None else {}
    group_index = {g: i for i, g in enumerate(colours)}
    # measures
    table: dict[str, dict[str, Any]] = {}
    columns: list[str] = []
    if measures is not None:
        if not measures.index.is_unique:
            raise GraphError("measures must have one row per actor id (its index has duplicates)")
        columns = [str(c) for c in measures.columns]
        table = {
            str(k): {str(c): v for c, v in row.items()}
            for k, row in measures.to_dict(orient="index").items()
        }
    if size_by is not None and size_by not in columns:
        raise GraphError(
            f"size_by={size_by!r} is not a column of measures "
            f"(columns: {', '.join(columns) if columns else 'no measures given'})"
        )
    if tooltip_measures is None:
        shown = columns[:_MAX_TOOLTIP_MEASURES]
    else:
        shown = [str(c) for c in tooltip_measures]
        unknown = [c for c in shown if c not in columns]
        if unknown:
            raise GraphError(f"tooltip_measures not in measures: {', '.join(unknown)}")
    if size_by is not None:
        raw = [_number(table.get(n, {}).get(size_by)) for n in ids]
    else:
        degree = graph.degree()
        raw = [float(degree[n]) for n in ids]
    sizes = _scale(raw, *_NODE_SIZE, area=True)
    # attributes listed in tooltips: the colouring attribute, then group / sector / level
    attr_names = {schema.GROUP: text["group"], schema.SECTOR: text["sector"]}
    attr_names[schema.LEVEL] = text["level"]
    tip_attrs = list(dict.fromkeys([a for a in (group, *attr_names) if a is not None]))
    records: list[dict[str, Any]] = []
    legend_counts: dict[str, int] = dict.fromkeys(colours, 0)
    for n, size in zip(ids, sizes, strict=True):
        d = data[n]
        label = str(d.get(schema.LABEL) or n)
        tip: list[list[str]] = [[text["id"], n]]
        for attr in tip_attrs:
            if d.get(attr) not in (None, ""):
                tip.append([attr_names.get(attr, attr), _fmt(d[attr], lang)])
        row = table.get(n, {})
        tip.extend([c, _fmt(row.get(c), lang)] for c in shown)
        if size_by is None:
            tip.append([degree_text, _fmt(raw[len(records)], lang)])
        colour = colours[values[n]] if group is not None else _NEUTRAL_COLOR
        if group is not None:
            legend_counts[values[n]] += 1
        x, y = positions[n]
        records.append(
            {
                "id": n,
                "label": label,
                "x": round(x, 6),
                "y": round(y, 6),
                "size": size,
                "color": colour,
                "border": _darker(colour),
                "g": group_index[values[n]] if group is not None else None,
                "tip": tip,
            }
        )
    legend = [(g, c, legend_counts[g]) for g, c in colours.items()]
    return records, legend


def _as_tuple(value: Any) -> tuple[str, ...]:
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, Iterable):
        return tuple(str(v) for v in value if v is not None and v != "")
    return (str(value),)


def _weight(data: Mapping[str, Any] | None, u: str, v: str) -> float:
    if data is None:
        return math.nan
    raw = data.get(schema.WEIGHT, schema.DEFAULT_WEIGHT)
    w = _number(raw)
    if not (math.isfinite(w) and w > 0):
        raise GraphError(f"tie {u!r}–{v!r}: weight {raw!r} is not a positive number")
    return w


def _compare_ties(
    before: nx.Graph, after: nx.Graph, *, directed: bool
) -> list[tuple[str, str, dict[str, Any] | None, TieStatus, dict[str, Any] | None]]:
    """Return ``(u, v, before data, status, after data)`` per tie of either graph."""

    def key(u: Any, v: Any) -> tuple[str, str]:
        a, b = str(u), str(v)
        return (a, b) if directed or a <= b else (b, a)

    old = {key(u, v): d for u, v, d in before.edges(data=True)}
    new = {key(u, v): d for u, v, d in after.edges(data=True)}
    rows: list[tuple[str, str, dict[str, Any] | None, TieStatus, dict[str, Any] | None]] = []
    for k in sorted(old.keys() | new.keys()):
        b, a = old.get(k), new.get(k)
        status: TieStatus = (
            "kept"
            if (a is not None and b is not None)
            else ("added" if a is not None else "removed")
        )
        rows.append((k[0], k[1], b, status, a))
    return rows


def _natural(value: str) -> tuple[int, float, str]:
    """Sort key: numbers (periods such as "2014") numerically first, then text by casefold."""
    num = _number(value)
    return (0, num, value) if math.isfinite(num) else (1, 0.0, value.casefold())


def _edge_records(
    rows: Sequence[tuple[str, str, Any, Any, Any]],
    *,
    directed: bool,
    text: Mapping[str, str],
    lang: str,
    labels: tuple[str, str] | None = None,
) -> tuple[list[dict[str, Any]], list[str], list[str]]:
    """Build edge records plus the sorted tie types and periods they use.

    ``rows`` are ``(u, v, data_before, status, data_after)``; for a single graph the status is
    ``None`` and both data dicts are the same.
    """
    parsed = []
    all_types: set[str] = set()
    all_periods: set[str] = set()
    for u, v, d_before, status, d_after in rows:
        ts: set[str] = set()
        ps: set[str] = set()
        for d in (d_before, d_after):
            if d is not None:
                ts.update(_as_tuple(d.get(TIE_TYPES_ATTR)))
                ps.update(_as_tuple(d.get(TIE_PERIODS_ATTR)))
        w_before, w_after = _weight(d_before, u, v), _weight(d_after, u, v)
        all_types |= ts
        all_periods |= ps
        parsed.append((u, v, status, w_before, w_after, ts, ps))
    types = sorted(all_types, key=_natural)
    periods = sorted(all_periods, key=_natural)
    t_index = {t: i for i, t in enumerate(types)}
    p_index = {p: i for i, p in enumerate(periods)}
    drawn = [wa if math.isfinite(wa) else wb for *_, wb, wa, _, _ in parsed]
    widths = _scale(drawn, *_TIE_WIDTH, area=False)
    if len(set(drawn)) == 1:
        widths = [2.0] * len(drawn)
    sep = " → " if directed else " – "
    records: list[dict[str, Any]] = []
    for i, ((u, v, status, wb, wa, ts, ps), width) in enumerate(zip(parsed, widths, strict=True)):
        tip: list[list[str]] = []
        if status is None:
            tip.append([text["weight"], _fmt(wa, lang)])
        else:
            assert labels is not None
            tip.append([text["change"], text[status]])
            for lab, w in zip(labels, (wb, wa), strict=True):
                shown_w = w if math.isfinite(w) else None
                tip.append([f"{text['weight']} {lab}", _fmt(shown_w, lang)])
        t_ids = sorted(t_index[t] for t in ts)
        p_ids = sorted(p_index[p] for p in ps)
        if t_ids:
            tip.append([text["tie_type"], ", ".join(types[k] for k in t_ids)])
        if p_ids:
            tip.append([text["period"], ", ".join(periods[k] for k in p_ids)])
        rec: dict[str, Any] = {
            "id": f"e{i}",
            "from": u,
            "to": v,
            "width": width,
            "t": t_ids,
            "p": p_ids,
            "sep": sep,
            "tip": tip,
        }
        if status is not None:
            rec["s"] = status
        records.append(rec)
    return records, types, periods


def _has_weights(edges: Sequence[Mapping[str, Any]]) -> bool:
    return len({e["width"] for e in edges}) > 1


# --- rendering -----------------------------------------------------------------------------------


@cache
def _asset(name: str) -> str:
    return resources.files("coopnet").joinpath("assets", name).read_text(encoding="utf-8")


def _json_for_script(payload: Any) -> str:
    """Serialise ``payload`` for a ``<script type="application/json">`` element.

    ``<``, ``>`` and ``&`` are written as ``\\u003c``-style escapes, so no ``</script>`` or
    ``<!--`` can appear; U+2028/U+2029 are escaped as well (they end lines in older JavaScript).
    """
    raw = json.dumps(payload, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return (
        raw.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _inline(code: str, tag: str) -> str:
    """Make vendored code safe to inline in a ``<script>``/``<style>`` element."""
    return re.sub(f"</({tag})", r"<\\/\1", code, flags=re.IGNORECASE)


def _render(
    *,
    title: str,
    caption: str,
    payload: Mapping[str, Any],
    groups: Sequence[tuple[str, str, int]],
    types: Sequence[str],
    periods: Sequence[str],
    comparison: tuple[str, str, Mapping[str, int]] | None,
    text: Mapping[str, str],
    lang: str,
    directed: bool,
    weighted: bool,
) -> str:
    esc = html.escape
    panels: list[str] = []
    if comparison is not None:
        lab_b, lab_a, counts = comparison
        radios = "".join(
            f'<label><input type="radio" name="view" value="{value}"{checked}> {esc(name)}</label>'
            for value, name, checked in (
                ("before", lab_b, ""), ("after", lab_a, ""), ("both", text["both"], " checked"),
            )
        )  # fmt: skip
        panels.append(
            f'<section class="panel"><h2>{esc(text["period"])}</h2>'
            f'<div id="period-switch" class="switch" role="radiogroup">{radios}</div></section>'
        )
        items = "".join(
            f'<li data-status="{s}"><svg class="line" width="36" height="10" aria-hidden="true">'
            f'<line x1="1" y1="5" x2="35" y2="5" stroke="{colour}" stroke-width="3"'
            f'{_svg_dash(dash)}/></svg><span class="name">{esc(text[s])}</span>'
            f'<span class="count">{counts[s]}</span></li>'
            for s, (colour, dash) in _STATUS_STYLE.items()
        )
        panels.append(
            f'<section class="panel"><h2>{esc(text["change"])}</h2>'
            f'<ul id="legend-status" class="legend">{items}</ul></section>'
        )
    if groups:
        items = "".join(
            f'<li><label><input type="checkbox" data-group="{i}" checked>'
            f'<span class="swatch" style="background:{colour};border-color:{_darker(colour)}">'
            f'</span><span class="name">{esc(name)}</span><span class="count">{count}</span>'
            f"</label></li>"
            for i, (name, colour, count) in enumerate(groups)
        )
        panels.append(
            f'<section class="panel"><h2>{esc(text["group"])}</h2>'
            f'<ul id="legend-groups" class="legend">{items}</ul></section>'
        )
    for key, element, values, attr in (
        ("tie_type", "filter-types", types, "data-type"),
        ("period", "filter-periods", periods, "data-period"),
    ):
        if values:
            items = "".join(
                f'<li><label><input type="checkbox" {attr}="{i}" checked>'
                f'<span class="name">{esc(v)}</span></label></li>'
                for i, v in enumerate(values)
            )
            panels.append(
                f'<section class="panel"><h2>{esc(text[key])}</h2>'
                f'<ul id="{element}" class="legend filters">{items}</ul></section>'
            )
    notes = [text["tie_width"]] if weighted else []
    if directed:
        notes.append(text["arrows"])
    if notes:
        panels.append('<p class="note">' + "<br>".join(esc(n) for n in notes) + "</p>")
    mapping = {
        "lang": esc(lang),
        "title": esc(title),
        "caption": esc(caption),
        "search": esc(text["search"]),
        "search_button": esc(text["search_button"]),
        "selection": esc(text["selection"]),
        "hint": esc(text["hint"]),
        "show_all": esc(text["show_all"]),
        "noscript": esc(text["noscript"]),
        "made_with": esc(text["made_with"]),
        "network": esc(text["network"]),
        "zoom_in": esc(text["zoom_in"]),
        "zoom_out": esc(text["zoom_out"]),
        "zoom_fit": esc(text["zoom_fit"]),
        "panels": "\n".join(panels),
        "vis_css": _inline(_asset("vis-network.css"), "style"),
        "app_css": _inline(_asset("coopnet.css"), "style"),
        "data": _json_for_script(payload),
        "vis_js": _inline(_asset("vis-network.min.js"), "script"),
        "app_js": _inline(_asset("coopnet.js"), "script"),
    }
    return Template(_asset("template.html")).substitute(mapping)


def _svg_dash(dash: list[int] | bool) -> str:
    return f' stroke-dasharray="{" ".join(map(str, dash))}"' if isinstance(dash, list) else ""
