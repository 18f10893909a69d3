"""Data of the interactive pages: node and tie records, colours, sizes, numbers, texts, assets."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any, Literal

import networkx as nx

from coopnet import schema
from coopnet.errors import GraphError
from coopnet.lang import check_lang, number
from coopnet.layout import Positions
from coopnet.model import UNKNOWN_GROUP
from coopnet.palette import group_colors

if TYPE_CHECKING:
    import pandas as pd


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
    """Format a table value for a tooltip (:func:`coopnet.lang.number`, 4 significant digits)."""
    if isinstance(value, str):
        return value
    return number(value, check_lang(lang), significant=4)


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


@cache
def _asset(name: str) -> str:
    return resources.files("coopnet").joinpath("assets", name).read_text(encoding="utf-8")
