"""The wording of the findings: templates from the text catalogue, values formatted by key.

Every finding is worded from the catalogue entry ``diagnose.statements.<code>.<variant>``
(``default`` for the plain variant); singular forms use ``<variant>_one`` (``one`` for the
plain variant) when the data's ``n`` is 1. Workshop questions are ``diagnose.questions.<code>``,
evidence names ``diagnose.evidence_name.<measure>`` (``coopnet/assets/texts/<lang>/diagnose.toml``).
Values are formatted by the name of their key (:func:`format_value`) with
:func:`coopnet.lang.number`; groups and actors are quoted („…“ / “…”) and named by their labels.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from coopnet.lang import Lang, catalogue, check_lang, join, number, quote, text

__all__ = ["evidence", "evidence_name", "format_value", "question", "statement"]

_PERCENT_KEYS = ("share", "retention", "reachability")


def format_value(key: str, value: Any, lang: str) -> str:
    """Format one template value by the name of its key.

    * lists: quoted labels joined with commas and "und"/"and" (``…_plain`` keys unquoted); an
      integer item is an overflow count ("3 weitere" / "3 more");
    * keys containing ``p_value``: three decimals, ``< 0,001`` below;
    * keys starting with ``ei``: signed, two decimals (``−0,45``);
    * keys containing ``share``, ``retention`` or ``reachability``: percent without decimals;
    * other floats: two decimals (three below 0.1); ints with thousands separators; ``None``: ``–``;
    * strings ending in ``_label`` or named ``group``, ``group_a``, ``group_b``: quoted; other
      strings as they are.
    """
    language: Lang = check_lang(lang)
    if value is None or (isinstance(value, float) and value != value):
        return "–"
    if isinstance(value, list | tuple):
        items = []
        for v in value:
            if isinstance(v, int) and not isinstance(v, bool):  # overflow count
                items.append(text("common.more", language, n=number(v, language)))
            else:
                items.append(str(v) if key.endswith("_plain") else quote(str(v), language))
        return join(items, language)
    if isinstance(value, bool):
        return number(value, language)
    if isinstance(value, int):
        return number(value, language)
    if isinstance(value, float):
        if any(k in key for k in _PERCENT_KEYS):
            return number(value, language, percent=True)
        if "p_value" in key:
            if value < 0.001:
                return "< " + number(0.001, language, digits=3)
            return number(value, language, digits=3, grouping=False)
        if key.startswith("ei"):
            return number(value, language, digits=2, signed=True, grouping=False)
        digits = 3 if abs(value) < 0.1 and value != 0 else 2
        return number(value, language, digits=digits, grouping=False)
    shown = str(value)
    if key.endswith("_label") or key in ("group", "group_a", "group_b"):
        return quote(shown, language)
    return shown


def _fill(template: str, data: Mapping[str, Any], lang: str) -> str:
    values = {key: format_value(key, value, lang) for key, value in data.items()}
    return template.format_map(values)


def statement(code: str, variant: str, data: Mapping[str, Any], lang: str) -> str:
    """Return the one-sentence statement of a finding in `lang`.

    Raises
    ------
    KeyError
        If no template exists for ``(code, variant)`` or a template field is missing in `data`.
    """
    texts = catalogue(check_lang(lang))
    name = variant or "default"
    if data.get("n") == 1:
        one = f"{variant}_one" if variant else "one"
        if f"diagnose.statements.{code}.{one}" in texts:
            name = one
    return _fill(text(f"diagnose.statements.{code}.{name}", check_lang(lang)), data, lang)


def question(code: str, variant: str, data: Mapping[str, Any], lang: str) -> str:
    """Return the workshop question of a finding in `lang`."""
    return _fill(text(f"diagnose.questions.{code}", check_lang(lang)), data, lang)


def evidence_name(measure: str, lang: str) -> str:
    """The name of an evidence measure in `lang` (the measure key when it has none)."""
    return catalogue(check_lang(lang)).get(f"diagnose.evidence_name.{measure}", measure)


def evidence(measure: str, value: Any, subject: str, lang: str) -> str:
    """Return ``"<measure name> (<subject>): <value>"`` in `lang`."""
    name = evidence_name(measure, lang)
    if subject:
        name = f"{name} ({subject})"
    return f"{name}: {format_value(measure, value, lang)}"
