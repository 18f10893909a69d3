"""Data of the interactive pages: node and tie records, encodings, measures, texts, assets.

Everything a page shows is prepared here and embedded as JSON: numbers already formatted with
:func:`coopnet.lang.number` (the page never formats a number itself), texts from the catalogue
(``map.toml``, ``measures.toml``), group colours and shapes from :mod:`coopnet.palette`.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from importlib import resources
from typing import Any, Final

import networkx as nx
import numpy as np
import pandas as pd

from coopnet import schema
from coopnet.errors import GraphError
from coopnet.lang import Lang, catalogue, check_lang, measure_help, measure_label
from coopnet.lang import number as format_number
from coopnet.lang import text as lang_text
from coopnet.layout import Positions
from coopnet.messages import tr
from coopnet.model import UNKNOWN_GROUP
from coopnet.palette import TIE_STATUS, GroupStyle, TieStatus, group_styles

TIE_TYPES_ATTR = "types"
"""Edge attribute holding the tuple of tie types (graph contract)."""
TIE_PERIODS_ATTR = "periods"
"""Edge attribute holding the tuple of periods (graph contract)."""

NEUTRAL_COLOR: Final = "#0072B2"
TIE_COLOR: Final = "#8C8C8C"
NODE_SIZE: Final = (9.0, 34.0)
"""Smallest and largest node radius in pixels (area grows linearly with the measure)."""
TIE_WIDTH: Final = (1.0, 5.0)
LABEL_WIDTH: Final = 26
"""Characters per line of a map label (names are wrapped, never cut)."""
TOP_LABELS: Final = 12
"""Actors whose names are always shown (the largest by the size measure)."""

DETAIL_MEASURES: Final = (
    "degree", "in_degree", "out_degree", "strength", "betweenness", "closeness", "harmonic",
    "eigenvector", "pagerank", "constraint", "effective_size", "broker_total", "core_number",
    "cut_vertex", "partner_diversity", "community",
)  # fmt: skip
"""Measures shown in the details panel (when present), in this order; a column equal to one
shown before it (``in_degree`` of undirected data, ``strength`` without weights) is left out."""
CATEGORY_MEASURES: Final = frozenset({"community"})
"""Measure columns that are categories (colour by them, never size)."""
ATTRIBUTES: Final = (schema.GROUP, schema.SECTOR, schema.LEVEL)
"""Actor attributes shown in details and offered as colourings (when present)."""


# --- small helpers ------------------------------------------------------------------------------


def _check_positions(
    nodes: Iterable[Any], positions: Mapping[str, tuple[float, float]]
) -> Positions:
    ids = [str(n) for n in nodes]
    missing = [n for n in ids if n not in positions]
    if missing:
        shown = ", ".join(map(repr, sorted(missing)[:5]))
        raise GraphError(
            tr(
                "errors.graph.positions_missing",
                n=len(missing),
                actors=shown + (", …" if len(missing) > 5 else ""),
            )
        )
    out: Positions = {}
    for n in ids:
        x, y = (float(v) for v in positions[n])
        if not (math.isfinite(x) and math.isfinite(y)):
            raise GraphError(
                tr("errors.graph.position_not_finite", actor=n, position=repr(positions[n]))
            )
        out[n] = (x, y)
    return out


def _darker(colour: str, factor: float = 0.7) -> str:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#{:02X}{:02X}{:02X}".format(*(round(c * factor) for c in (r, g, b)))


def _fmt(value: Any, lang: Lang) -> str:
    """A value for the reader: text as it is, numbers by :func:`coopnet.lang.number`."""
    if isinstance(value, str):
        return value
    return format_number(value, lang, significant=4)


def _number(value: Any) -> float:
    if isinstance(value, bool):
        return float(value)
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


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


def _wrap(label: str) -> list[str]:
    name = " ".join(label.split()) or label
    if 0 < len(name) <= LABEL_WIDTH and name == label:  # what textwrap would return, faster
        return [name]
    lines = textwrap.wrap(name, width=LABEL_WIDTH, break_long_words=False, break_on_hyphens=False)
    return lines or [label]


def unknown_name(value: str, lang: Lang) -> str:
    """The display name of a group value: the ``"(unknown)"`` placeholder in the language."""
    if value == UNKNOWN_GROUP:
        return f"({lang_text('common.unknown', lang)})"
    return value


# --- texts and assets ---------------------------------------------------------------------------


def _texts(lang: str) -> dict[str, str]:
    """Texts of the page in ``lang``: the catalogue's ``map.*`` keys (without the prefix)."""
    lang = check_lang(lang)
    texts = {k.removeprefix("map."): v for k, v in catalogue(lang).items() if k.startswith("map.")}
    texts["yes"] = lang_text("common.yes", lang)
    texts["no"] = lang_text("common.no", lang)
    texts["more"] = lang_text("common.more", lang)
    return texts


@cache
def _asset(name: str) -> str:
    return resources.files("coopnet").joinpath("assets", name).read_text(encoding="utf-8")


# --- encodings ----------------------------------------------------------------------------------


def _styles_json(styles: Mapping[str, GroupStyle]) -> list[dict[str, str]]:
    return [
        {"color": s.color, "border": _darker(s.color), "shape": s.vis_shape}
        for s in styles.values()
    ]


def status_styles() -> dict[str, dict[str, Any]]:
    """:data:`coopnet.palette.TIE_STATUS` as the page uses it (vis-network options)."""
    return {
        s: {"color": st.color, "width": st.width, "dashes": st.dash_pixels(), "opacity": st.alpha}
        for s, st in TIE_STATUS.items()
    }


def _categories(
    node_data: Mapping[str, Mapping[str, Any]],
    ids: Sequence[str],
    *,
    group: str | None,
    tables: Sequence[Mapping[str, Mapping[str, Any]]],
    lang: Lang,
    palette: Mapping[str, str | GroupStyle] | None,
    labels: Mapping[str, str] | None,
) -> tuple[list[dict[str, Any]], dict[str, dict[str, int]]]:
    """Colourings by category: the grouping column first, then sector / level / community.

    Returns the category descriptions (values, styles, counts) and ``{actor: {key: index}}``.
    """
    columns: list[str] = []
    if group is not None:
        bad = [
            n
            for n in ids
            if not isinstance(node_data[n].get(group), str) or not node_data[n][group]
        ]
        if bad:
            raise GraphError(
                tr(
                    "errors.graph.group_missing_values",
                    n=len(bad),
                    group=group,
                    actors=", ".join(map(repr, bad[:5])),
                    unknown=UNKNOWN_GROUP,
                )
            )
        columns.append(group)
    for attr in ATTRIBUTES:
        if attr not in columns and any(node_data[n].get(attr) not in (None, "") for n in ids):
            columns.append(attr)
    out: list[dict[str, Any]] = []
    index: dict[str, dict[str, int]] = {n: {} for n in ids}
    for column in columns:
        values = {
            n: str(node_data[n].get(column)) if node_data[n].get(column) not in (None, "")
            else UNKNOWN_GROUP
            for n in ids
        }  # fmt: skip
        fixed = palette if column == group else None
        styles = group_styles(values.values(), palette=fixed, lang=lang)
        out.append(_category(column, values, styles, index, lang=lang, labels=labels))
    communities: dict[str, str] = {}
    for table in tables:
        for n in ids:
            value = table.get(n, {}).get("community")
            if n not in communities and _number(value) == _number(value):  # not NaN
                communities[n] = str(int(_number(value)) + 1)
    if communities:
        values = {n: communities.get(n, UNKNOWN_GROUP) for n in ids}
        numeric = sorted(set(values.values()) - {UNKNOWN_GROUP}, key=int)
        order = [*numeric, *([UNKNOWN_GROUP] if UNKNOWN_GROUP in values.values() else [])]
        styles = group_styles(values.values(), lang=lang)
        styles = {v: list(styles.values())[i] for i, v in enumerate(order)}
        out.append(_category("community", values, styles, index, lang=lang, labels=labels))
    return out, index


def _category(
    column: str,
    values: Mapping[str, str],
    styles: Mapping[str, GroupStyle],
    index: dict[str, dict[str, int]],
    *,
    lang: Lang,
    labels: Mapping[str, str] | None,
) -> dict[str, Any]:
    position = {v: i for i, v in enumerate(styles)}
    counts = [0] * len(styles)
    for n, v in values.items():
        index[n][column] = position[v]
        counts[position[v]] += 1
    return {
        "key": column,
        "name": measure_label(column, lang, labels),
        "values": [unknown_name(v, lang) for v in styles],
        "styles": _styles_json(styles),
        "counts": counts,
    }


# --- measures -----------------------------------------------------------------------------------


def _measure_columns(
    tables: Sequence[pd.DataFrame],
    *,
    size_by: str | None,
    shown: Sequence[str] | None,
    group: str | None,
) -> list[str]:
    """The measure columns the page offers, in display order (see :data:`DETAIL_MEASURES`)."""
    columns: list[str] = []
    for table in tables:
        if not table.index.is_unique:
            raise GraphError(tr("errors.graph.measures_duplicate_ids"))
        columns += [str(c) for c in table.columns if str(c) not in columns]
    if size_by is not None and size_by not in columns:
        raise GraphError(
            tr(
                "errors.graph.size_by_unknown",
                size_by=size_by,
                columns=", ".join(columns) if columns else tr("errors.graph.no_measures"),
            )
        )
    if shown is not None:
        unknown = [c for c in shown if c not in columns]
        if unknown:
            raise GraphError(tr("errors.graph.tooltip_unknown", columns=", ".join(unknown)))
        chosen = list(dict.fromkeys(str(c) for c in shown))
    else:
        skip = {schema.LABEL, *ATTRIBUTES, *([group] if group else [])}
        known = [c for c in DETAIL_MEASURES if c in columns]
        others = [c for c in columns if c not in DETAIL_MEASURES and c not in skip]
        chosen = known + [c for c in others if not c.startswith("broker_")]
        chosen = _without_duplicates(chosen, tables)
    if size_by is not None and size_by not in chosen:
        chosen.insert(0, size_by)
    return chosen


def _without_duplicates(columns: list[str], tables: Sequence[pd.DataFrame]) -> list[str]:
    def values(c: str) -> list[np.ndarray] | None:
        if not all(c in t.columns for t in tables):
            return None
        return [pd.to_numeric(t[c], errors="coerce").to_numpy(dtype=float) for t in tables]

    arrays = {c: values(c) for c in columns}
    kept: list[str] = []
    for c in columns:
        mine = arrays[c]
        same = mine is not None and any(
            (other := arrays[k]) is not None
            and all(np.array_equal(a, b, equal_nan=True) for a, b in zip(mine, other, strict=True))
            for k in kept
        )
        if not same:
            kept.append(c)
    return kept


def _measure_kind(column: str, tables: Sequence[pd.DataFrame]) -> str:
    if column in CATEGORY_MEASURES:
        return "category"
    values = [v for t in tables if column in t.columns for v in t[column].tolist()]
    if values and all(isinstance(v, bool) or type(v).__name__ == "bool_" for v in values):
        return "bool"
    if any(isinstance(v, str) for v in values):
        return "text"
    return "number"


def _measure_info(
    columns: Sequence[str],
    tables: Sequence[pd.DataFrame],
    *,
    lang: Lang,
    labels: Mapping[str, str] | None,
) -> list[dict[str, Any]]:
    info = []
    for c in columns:
        kind = _measure_kind(c, tables)
        values = [_number(v) for t in tables if c in t.columns for v in t[c].tolist()]
        finite = [v for v in values if math.isfinite(v)]
        info.append(
            {
                "key": c,
                "name": measure_label(c, lang, labels),
                "help": measure_help(c, lang),
                "kind": kind,
                "min": format_number(min(finite), lang, significant=3) if finite else "",
                "max": format_number(max(finite), lang, significant=3) if finite else "",
            }
        )
    return info


def _measure_columns_values(
    table: Mapping[str, Mapping[str, Any]], ids: Sequence[str], columns: Sequence[str], lang: Lang
) -> dict[str, tuple[list[float | None], list[str]]]:
    """Per column: raw numbers (``None`` when missing) and display texts, in the order of ids.

    Each distinct value is formatted once (:func:`coopnet.lang.number`)."""
    missing = format_number(None, lang)
    out: dict[str, tuple[list[float | None], list[str]]] = {}
    for c in columns:
        raw: list[float | None] = []
        shown: list[str] = []
        texts: dict[tuple[str, Any], str] = {}
        for n in ids:
            row = table.get(n)
            if row is None:
                raw.append(None)
                shown.append(missing)
                continue
            value = row.get(c)
            num = _number(value)
            if c == "community" and num == num:
                raw.append(num)
                shown.append(str(int(num) + 1))
                continue
            raw.append(round(num, 10) if math.isfinite(num) else None)
            key = (type(value).__name__, value if num == num else "nan")
            if key not in texts:
                texts[key] = _fmt(value, lang)
            shown.append(texts[key])
        out[c] = (raw, shown)
    return out


def _as_table(frame: pd.DataFrame | None) -> dict[str, dict[str, Any]]:
    if frame is None:
        return {}
    return {
        str(k): {str(c): v for c, v in row.items()}
        for k, row in frame.to_dict(orient="index").items()
    }


# --- nodes --------------------------------------------------------------------------------------


def node_records(
    graph: nx.Graph[Any],
    *,
    group: str | None,
    measures: Sequence[pd.DataFrame | None],
    size_by: str | None,
    lang: str,
    palette: Mapping[str, str | GroupStyle] | None,
    tooltip_measures: Sequence[str] | None,
    positions: Positions,
    degree: Sequence[Mapping[str, float]],
    labels: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Nodes (sorted by id) with everything the page shows about them.

    ``measures`` and ``degree`` hold one entry per period shown by the page (one for a single
    network). Returns ``{"nodes", "categories", "measures", "sizeBy", "colorBy"}``.
    """
    lg = check_lang(lang)
    ids = sorted(str(n) for n in graph.nodes)
    data = {str(n): d for n, d in graph.nodes(data=True)}
    frames = [m for m in measures if m is not None]
    if size_by is not None and not frames:
        raise GraphError(
            tr(
                "errors.graph.size_by_unknown",
                size_by=size_by,
                columns=tr("errors.graph.no_measures"),
            )
        )
    columns = (
        _measure_columns(frames, size_by=size_by, shown=tooltip_measures, group=group)
        if frames
        else []
    )
    tables = [_as_table(m) for m in measures]
    categories, cat_index = _categories(
        data, ids, group=group, tables=tables, lang=lg, palette=palette, labels=labels
    )
    info = _measure_info(columns, frames, lang=lg, labels=labels)
    # the degree is the fallback size measure (and the one shown without measures)
    fallback = size_by is None
    if fallback:
        info.insert(
            0,
            {
                "key": "_degree",
                "name": measure_label("degree", lg),
                "help": measure_help("degree", lg),
                "kind": "number",
                "min": format_number(min(min(d.values(), default=0) for d in degree), lg),
                "max": format_number(max(max(d.values(), default=0) for d in degree), lg),
            },
        )
    if group is not None:
        group_category = categories[0]
        by_group = group_category["styles"]
    records: list[dict[str, Any]] = []
    raw_sizes: list[list[float]] = [[] for _ in measures]
    values = [_measure_columns_values(t, ids, columns, lg) for t in tables]
    for i, n in enumerate(ids):
        d = data[n]
        label = str(d.get(schema.LABEL) or n)
        attrs = [[lang_text("map.id", lg), n]]
        for cat in categories:
            if cat["key"] in ATTRIBUTES or cat["key"] == group:
                value = cat["values"][cat_index[n][cat["key"]]]
                attrs.append([cat["name"], value])
        per_period: list[list[float | None]] = []
        texts: list[list[str]] = []
        for p in range(len(tables)):
            raw = [values[p][c][0][i] for c in columns]
            shown = [values[p][c][1][i] for c in columns]
            if fallback:
                value = degree[p].get(n)
                raw.insert(0, value)
                shown.insert(0, format_number(value, lg))
            per_period.append(raw)
            texts.append(shown)
            size_value = raw[0] if fallback else raw[columns.index(size_by)] if size_by else None
            raw_sizes[p].append(math.nan if size_value is None else float(size_value))
        style = by_group[cat_index[n][group]] if group is not None else None
        colour = style["color"] if style else NEUTRAL_COLOR
        x, y = positions[n]
        records.append(
            {
                "id": n,
                "label": label,
                "lines": _wrap(label),
                "x": round(x, 6),
                "y": round(y, 6),
                "color": colour,
                "border": style["border"] if style else _darker(colour),
                "shape": style["shape"] if style else "dot",
                "g": cat_index[n][group] if group is not None else None,
                "c": cat_index[n],
                "a": attrs,
                "m": per_period,
                "f": texts,
            }
        )
    for p in range(len(measures)):
        sizes = _scale(raw_sizes[p], *NODE_SIZE, area=True)
        for rec, size in zip(records, sizes, strict=True):
            rec.setdefault("sizes", []).append(size)
    for rec in records:
        rec["size"] = rec["sizes"][-1]
    return {
        "nodes": records,
        "categories": categories,
        "measures": info,
        "sizeBy": "_degree" if fallback else size_by,
        "colorBy": group,
    }


# --- ties ---------------------------------------------------------------------------------------


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
        raise GraphError(
            tr("errors.graph.weight_not_positive", source=u, target=v, weight=repr(raw))
        )
    return w


def tie_key(u: Any, v: Any, directed: bool) -> tuple[str, str]:
    a, b = str(u), str(v)
    return (a, b) if directed or a <= b else (b, a)


def compare_ties(
    before: nx.Graph[Any], after: nx.Graph[Any], *, directed: bool
) -> list[tuple[str, str, dict[str, Any] | None, TieStatus, dict[str, Any] | None]]:
    """Return ``(u, v, before data, status, after data)`` per tie of either graph."""
    old = {tie_key(u, v, directed): d for u, v, d in before.edges(data=True)}
    new = {tie_key(u, v, directed): d for u, v, d in after.edges(data=True)}
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


def edge_records(
    rows: Sequence[tuple[str, str, Sequence[Mapping[str, Any] | None], str | None]],
    *,
    directed: bool,
    lang: str,
    labels: Sequence[str] | None = None,
) -> tuple[list[dict[str, Any]], list[str], list[str], list[dict[str, Any]]]:
    """Tie records, the sorted tie types and periods they use, and the weight steps.

    ``rows`` are ``(u, v, data per period shown, status)``: one data dict for a single
    network, one per period (``None`` where the tie is absent) for comparisons and period
    pages; ``status`` is ``None`` or kept / added / removed. ``labels`` names the periods.
    """
    lg = check_lang(lang)
    t = _texts(lg)
    parsed = []
    all_types: set[str] = set()
    all_periods: set[str] = set()
    for u, v, datas, status in rows:
        ts: set[str] = set()
        ps: set[str] = set()
        for d in datas:
            if d is not None:
                ts.update(_as_tuple(d.get(TIE_TYPES_ATTR)))
                ps.update(_as_tuple(d.get(TIE_PERIODS_ATTR)))
        weights = [_weight(d, u, v) for d in datas]
        all_types |= ts
        all_periods |= ps
        parsed.append((u, v, status, weights, ts, ps))
    types = sorted(all_types, key=_natural)
    periods = sorted(all_periods, key=_natural)
    t_index = {x: i for i, x in enumerate(types)}
    p_index = {x: i for i, x in enumerate(periods)}
    n_slots = max((len(r[2]) for r in rows), default=1)
    all_weights = [w for *_, ws, _, _ in parsed for w in ws if math.isfinite(w)]
    lo_w, hi_w = (min(all_weights), max(all_weights)) if all_weights else (1.0, 1.0)

    def width(w: float) -> float | None:
        if not math.isfinite(w):
            return None
        if hi_w == lo_w:
            return 2.0
        return round(TIE_WIDTH[0] + (TIE_WIDTH[1] - TIE_WIDTH[0]) * (w - lo_w) / (hi_w - lo_w), 3)

    sep = " → " if directed else " – "
    shown: dict[float, str] = {}  # tie values repeat (intensities 1-5): format each once

    def fmt(w: float | None) -> str:
        if w is None:
            return _fmt(None, lg)
        if w not in shown:
            shown[w] = _fmt(w, lg)
        return shown[w]

    records: list[dict[str, Any]] = []
    for i, (u, v, status, weights, ts, ps) in enumerate(parsed):
        tip: list[list[str]] = []
        if status is not None:
            tip.append([t["change"], t[status]])
        if n_slots == 1:
            tip.append([t["weight"], fmt(weights[0])])
        else:
            names = labels or [str(k + 1) for k in range(n_slots)]
            for name, w in zip(names, weights, strict=True):
                tip.append([f"{t['weight']} {name}", fmt(w if math.isfinite(w) else None)])
        t_ids = sorted(t_index[x] for x in ts) if len(ts) > 1 else [t_index[x] for x in ts]
        p_ids = sorted(p_index[x] for x in ps) if len(ps) > 1 else [p_index[x] for x in ps]
        if t_ids:
            tip.append([t["tie_type"], ", ".join(types[k] for k in t_ids)])
        if p_ids:
            tip.append([t["period"], ", ".join(periods[k] for k in p_ids)])
        drawn = next((w for w in reversed(weights) if math.isfinite(w)), math.nan)
        rec: dict[str, Any] = {
            "id": f"e{i}",
            "from": u,
            "to": v,
            "width": width(drawn),
            "w": drawn,
            "pw": [w if math.isfinite(w) else None for w in weights],
            "pwidth": [width(w) for w in weights],
            "t": t_ids,
            "p": p_ids,
            "sep": sep,
            "tip": tip,
        }
        if status is not None:
            rec["s"] = status
        records.append(rec)
    steps = sorted(set(all_weights))
    weight_steps = [{"v": w, "t": format_number(w, lg, significant=3)} for w in steps]
    return records, types, periods, weight_steps


def has_weights(edges: Sequence[Mapping[str, Any]]) -> bool:
    return len({w for e in edges for w in e["pw"] if w is not None}) > 1
