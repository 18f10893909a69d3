"""Rendering of the interactive pages: JSON embedded safely, assets inlined, the HTML template."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from string import Template
from typing import Any

from coopnet.interactive._records import _STATUS_STYLE, _asset, _darker
from coopnet.textsafe import clean_text, html_text


def _clean(value: Any) -> Any:
    """``value`` with every string (keys included) passed through :func:`clean_text`."""
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
    Every string is cleaned first (:func:`coopnet.textsafe.clean_text`: no bidi controls).
    """
    raw = json.dumps(_clean(payload), ensure_ascii=False, allow_nan=False, separators=(",", ":"))
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
    esc = html_text
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
