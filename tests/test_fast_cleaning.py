"""The shortcuts of text cleaning give what cleaning every value gives.

:func:`coopnet.interactive._page._json_for_script` serialises a page's payload once and cleans
it only when the JSON text holds a character :func:`~coopnet.textsafe.clean_text` changes;
:func:`~coopnet.textsafe.spreadsheet_texts` cleans a column with one search. Both are compared
here with the plain definitions on hypothesis-drawn values full of the characters that matter.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coopnet.interactive._page import _clean, _json_for_script
from coopnet.spreadsheet import _has_carriage_return
from coopnet.textsafe import BIDI_CONTROLS, spreadsheet_text, spreadsheet_texts

# every kind of character clean_text treats specially, escapes of json, and ordinary text
SPECIAL = (
    "".join(sorted(BIDI_CONTROLS))
    + "".join(map(chr, range(0x20)))
    + ("\x7f\x85\x9f\u2028\u2029\ufffe\uffff\ud800\udfff\\\"/<>&'=+-@ äßéAb0fu")
)
texts = st.text(alphabet=st.sampled_from(SPECIAL) | st.characters(), max_size=12)
plain = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
payloads = st.recursive(
    plain | texts,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4),
    max_leaves=25,
)


def _reference(payload: Any) -> str:
    """The page JSON as it was defined: every string cleaned, then serialised and escaped."""
    raw = json.dumps(_clean(payload), ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    for old, new in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                     ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):  # fmt: skip
        raw = raw.replace(old, new)
    return raw


@settings(max_examples=400)
@given(payloads)
def test_page_json_equals_cleaning_every_string(payload: Any) -> None:
    assert _json_for_script(payload) == _reference(payload)


@pytest.mark.parametrize(
    "payload",
    [
        {"label": "Amt\u202eA", "ok": "Äußeres"},  # a bidi override: cleaned
        ["Zeile\x0bzwei", "nul\x00", "tab\tok", "back\\bslash"],  # json escapes \x0b, \x00
        {"a\\u0000": "a literal backslash-u, not a control character"},
        MappingProxyType({"k": ("tuple", "x\x85")}),  # not a dict: json cannot, _clean can
        {"plain": [1, 2.5, True, None]},
    ],
)
def test_page_json_examples(payload: Mapping[str, Any] | list[Any]) -> None:
    assert _json_for_script(payload) == _reference(payload)
    assert "\u202e" not in _json_for_script(payload)


def test_page_json_still_refuses_nan() -> None:
    with pytest.raises(ValueError, match="JSON compliant"):
        _json_for_script({"x": float("nan")})


class _Label(str):
    """A str subclass (as pandas or numpy strings may be)."""


values = st.lists(texts | plain | texts.map(_Label), max_size=20)


@settings(max_examples=400)
@given(values)
def test_spreadsheet_texts_equals_one_by_one(column: list[Any]) -> None:
    expected = [spreadsheet_text(v) if isinstance(v, str) else v for v in column]
    got = spreadsheet_texts(column)
    assert got == expected
    assert [type(v) for v in got] == [
        str if isinstance(v, str) else type(v) for v in column
    ]  # texts come back as str, other values unchanged
    assert not any(isinstance(v, str) and v.startswith(("=", "+", "-", "@")) for v in got)


def test_spreadsheet_texts_examples() -> None:
    assert spreadsheet_texts(["=SUMME(A1)", "-1", "Amt", None, 2.5]) == [
        "'=SUMME(A1)", "'-1", "Amt", None, 2.5,
    ]  # fmt: skip
    assert spreadsheet_texts(["Amt\u202e", "=x\x00"]) == ["Amt", "'=x\ufffd"]
    assert spreadsheet_texts([]) == []


def test_carriage_return_is_found_in_any_text_column() -> None:
    import pandas as pd

    frame = pd.DataFrame({"n": [1, 2], "t": ["a", None], "u": ["b", "c\rd"]})
    assert _has_carriage_return(frame, index=False)
    assert not _has_carriage_return(frame.drop(columns="u"), index=False)
    assert _has_carriage_return(frame.drop(columns="u").set_index("t").rename({"a": "x\r"}),
                                index=True)  # fmt: skip
    assert not _has_carriage_return(pd.DataFrame({"c\n": ["\n"]}), index=False)
    assert _has_carriage_return(pd.DataFrame({"c\r": ["x"]}), index=False)
