"""Rendering of the interactive pages: JSON embedded safely, assets inlined, the HTML template.

Every text placed in HTML here is escaped; the sidebar panels are built from catalogue texts and
names (groups, measures, periods) that arrive as plain strings.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from string import Template
from typing import Any, Final

from coopnet.interactive._records import _asset, status_styles
from coopnet.palette import SEQUENTIAL
from coopnet.textsafe import UNCLEAN_ABOVE_C0, clean_text, html_text

_PLAIN: Final = frozenset({int, float, bool, type(None)})

# What clean_text changes, as it shows in JSON written with ensure_ascii=False: the C0 controls
# it replaces are escaped by json (\b, \f, \u000b, \u00XX), the other characters appear as
# they are. A match may be a false alarm (an escaped backslash before "b"); no match means
# that cleaning the payload would change nothing.
_NEEDS_CLEANING: Final = re.compile(
    r"\\[bf]|\\u00(?:0[0-8bef]|1[0-9a-f])|[" + UNCLEAN_ABOVE_C0 + "]"
)


def _clean(value: Any) -> Any:
    """``value`` with every string (keys included) passed through :func:`clean_text`."""
    kind = type(value)
    if kind is str:
        return clean_text(value)
    if kind in _PLAIN:  # the common case first: numbers of the records (a page holds millions)
        return value
    if kind is dict:
        return {clean_text(k) if type(k) is str else _clean(k): _clean(v) for k, v in value.items()}
    if kind is list:
        return [v if type(v) in _PLAIN else _clean(v) for v in value]
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, Mapping):
        return {_clean(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value


def _json_for_script(payload: Any) -> str:
    """Serialise ``payload`` for a ``<script type="application/json">`` element.

    ``<``, ``>`` and ``&`` are written as ``\\u003c``-style escapes, so no ``</script>`` or
    ``<!--`` can appear; U+2028/U+2029 are escaped as well (they end lines in older JavaScript).
    Every string (keys included) is passed through :func:`~coopnet.textsafe.clean_text`: the
    payload is serialised as it is first, and cleaned and serialised again only when that text
    holds a character cleaning could change (a page of 10,000 actors holds a million strings,
    nearly always clean).
    """
    options: dict[str, Any] = {"ensure_ascii": False, "allow_nan": False, "separators": (",", ":")}
    try:
        raw = json.dumps(payload, **options)
    except TypeError:  # e.g. a Mapping that is no dict: _clean makes it one
        raw = ""
    if not raw or _NEEDS_CLEANING.search(raw):
        raw = json.dumps(_clean(payload), **options)
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


def _panel(heading: str, body: str, *, element_id: str = "", hidden: bool = False) -> str:
    ident = f' id="{element_id}"' if element_id else ""
    return (
        f'<section class="panel"{ident}{" hidden" if hidden else ""}>'
        f"<h2>{html_text(heading)}</h2>{body}</section>"
    )


def _svg_dash(dash: list[float] | bool) -> str:
    return f' stroke-dasharray="{" ".join(map(str, dash))}"' if isinstance(dash, list) else ""


def status_legend(text: Mapping[str, str], counts: Mapping[str, int] | None) -> str:
    """The kept / new / removed legend (lines as the page draws them, with counts)."""
    esc = html_text
    items = "".join(
        f'<li data-status="{s}"><svg class="line" width="36" height="10" aria-hidden="true">'
        f'<line x1="1" y1="5" x2="35" y2="5" stroke="{st["color"]}" '
        f'stroke-width="{max(st["width"], 1.5)}"{_svg_dash(st["dashes"])}/></svg>'
        f'<span class="name">{esc(text[s])}</span>'
        f'<span class="count">{counts[s] if counts else ""}</span></li>'
        for s, st in status_styles().items()
    )
    return f'<ul id="legend-status" class="legend">{items}</ul>'


def comparison_panels(
    text: Mapping[str, str], labels: tuple[str, str], counts: Mapping[str, int]
) -> list[str]:
    """The period switch (before / after / both) and the change legend of a comparison."""
    esc = html_text
    radios = "".join(
        f'<label><input type="radio" name="view" value="{value}"{checked}> {esc(name)}</label>'
        for value, name, checked in (
            ("before", labels[0], ""), ("after", labels[1], ""), ("both", text["both"], " checked"),
        )
    )  # fmt: skip
    return [
        _panel(
            text["period"],
            f'<div id="period-switch" class="switch" role="radiogroup">{radios}</div>',
        ),
        _panel(text["change"], status_legend(text, counts)),
    ]


def period_panels(text: Mapping[str, str], labels: Sequence[str]) -> list[str]:
    """The period slider, the "show change" switch and the change legend of a periods page."""
    esc = html_text
    last = len(labels) - 1
    ticks = "".join(f'<option value="{i}" label="{esc(p)}"></option>' for i, p in enumerate(labels))
    body = (
        f'<div class="period-head"><strong id="period-name">{esc(labels[-1])}</strong>'
        f'<span id="period-step" class="status"></span></div>'
        f'<input id="period-slider" type="range" min="0" max="{last}" step="1" value="{last}" '
        f'list="period-ticks" aria-label="{esc(text["period"])}">'
        f'<datalist id="period-ticks">{ticks}</datalist>'
        f'<div class="period-ends"><span>{esc(labels[0])}</span><span>{esc(labels[-1])}</span></div>'
        f'<label class="check"><input id="show-change" type="checkbox"> '
        f"{esc(text['show_change'])}</label>"
    )
    return [
        _panel(text["period"], body),
        _panel(text["change"], status_legend(text, None), element_id="legend-status-panel",
               hidden=True),
    ]  # fmt: skip


def view_panel(
    text: Mapping[str, str],
    *,
    measures: Sequence[Mapping[str, Any]],
    categories: Sequence[Mapping[str, Any]],
    size_by: str | None,
    color_by: str | None,
    weights: Sequence[Mapping[str, Any]],
) -> str:
    """Size and colour by a measure or category, the weight threshold and the PNG export."""
    esc = html_text

    def option(value: str, name: str, chosen: bool) -> str:
        return f'<option value="{esc(value)}"{" selected" if chosen else ""}>{esc(name)}</option>'

    numeric = [m for m in measures if m["kind"] == "number"]
    sizes = [option(m["key"], m["name"], m["key"] == size_by) for m in numeric]
    sizes.append(option("", text["same_size"], size_by is None))
    colours = [option(f"c:{c['key']}", c["name"], c["key"] == color_by) for c in categories]
    colours += [option(f"m:{m['key']}", m["name"], False) for m in numeric]
    colours.append(option("", text["one_color"], color_by is None))
    body = (
        f'<label class="field" for="size-by">{esc(text["size_by"])}</label>'
        f'<select id="size-by">{"".join(sizes)}</select>'
        f'<label class="field" for="color-by">{esc(text["color_by"])}</label>'
        f'<select id="color-by">{"".join(colours)}</select>'
    )
    if len(weights) > 1:
        first = text["threshold_value"].format(value=weights[0]["t"])
        body += (
            f'<label class="field" for="threshold">{esc(text["threshold"])}</label>'
            f'<input id="threshold" type="range" min="0" max="{len(weights) - 1}" step="1" value="0">'
            f'<p id="threshold-value" class="status">{esc(first)}</p>'
        )
    body += f'<p class="export"><button id="export-png" type="button">{esc(text["export_png"])}</button></p>'
    return _panel(text["view"], body)


def legend_panel() -> str:
    """The legend of the current colouring; filled by the page (it changes with the colouring)."""
    return (
        '<section class="panel" id="legend-panel"><h2 id="legend-title"></h2>'
        '<ul id="legend-groups" class="legend"></ul></section>'
    )


def filter_panels(
    text: Mapping[str, str], types: Sequence[str], periods: Sequence[str]
) -> list[str]:
    """Check boxes for tie types and the periods a tie is reported in."""
    esc = html_text
    panels = []
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
                _panel(text[key], f'<ul id="{element}" class="legend filters">{items}</ul>')
            )
    return panels


def notes(text: Mapping[str, str], *, weighted: bool, directed: bool) -> list[str]:
    lines = [text["tie_width"]] if weighted else []
    if directed:
        lines.append(text["arrows"])
    return ['<p class="note">' + "<br>".join(html_text(x) for x in lines) + "</p>"] if lines else []


def render(
    *,
    title: str,
    caption: str,
    payload: Mapping[str, Any],
    panels: Sequence[str],
    text: Mapping[str, str],
    lang: str,
) -> str:
    """The complete page: template, escaped texts, the data block and the inlined assets."""
    esc = html_text
    full = {**payload, "sequential": list(SEQUENTIAL), "styles": status_styles()}
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
        "data": _json_for_script(full),
        "vis_js": _inline(_asset("vis-network.min.js"), "script"),
        "app_js": _inline(_asset("coopnet.js"), "script"),
    }
    return Template(_asset("template.html")).substitute(mapping)
