"""Tests of coopnet.lang: one catalogue per language, one number formatter."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coopnet.lang import (
    LANGUAGES,
    catalogue,
    column_label,
    join,
    number,
    placeholders,
    plural,
    text,
)


def test_both_catalogues_have_the_same_keys_and_placeholders() -> None:
    de, en = catalogue("de"), catalogue("en")
    assert set(de) == set(en), set(de) ^ set(en)
    for key in de:
        assert placeholders(de[key]) == placeholders(en[key]), key


def test_text_lookup_and_missing_key() -> None:
    assert text("common.yes", "de") == "ja"
    assert text("common.more", "en", n=3) == "3 more"
    with pytest.raises(KeyError, match=r"no text 'common\.nope'"):
        text("common.nope", "de")


@pytest.mark.parametrize(
    ("value", "kwargs", "de", "en"),
    [
        (0.2554, {}, "0,255", "0.255"),
        (0.2554, {"digits": 2}, "0,26", "0.26"),
        (1320, {}, "1.320", "1,320"),
        (1234567.891, {"digits": 1}, "1.234.567,9", "1,234,567.9"),
        (-0.45, {"digits": 2, "signed": True}, "−0,45", "−0.45"),
        (0.12, {"digits": 2, "signed": True}, "+0,12", "+0.12"),
        (0.0, {"digits": 2, "signed": True}, "±0,00", "±0.00"),
        (-0.0001, {"digits": 2}, "0,00", "0.00"),  # no "−0,00"
        (0.8333, {"percent": True}, "83\u202f%", "83\u202f%"),
        (0.0626, {"significant": 3}, "0,0626", "0.0626"),
        (12.0, {"significant": 3}, "12", "12"),
        (2e-5, {"significant": 3}, "2,00e-5", "2.00e-5"),
        (float("nan"), {}, "–", "–"),
        (None, {}, "–", "–"),
        (float("-inf"), {}, "−∞", "−∞"),
        (True, {}, "ja", "yes"),
    ],
)
def test_number(value: object, kwargs: dict[str, object], de: str, en: str) -> None:
    assert number(value, "de", **kwargs) == de  # type: ignore[arg-type]
    assert number(value, "en", **kwargs) == en  # type: ignore[arg-type]


@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False), st.integers(0, 4))
def test_number_reads_back_and_languages_differ_only_in_separators(x: float, digits: int) -> None:
    en = number(x, "en", digits=digits)
    de = number(x, "de", digits=digits)
    swap = str.maketrans({",": ".", ".": ","})
    assert de == en.translate(swap)
    parsed = float(en.replace(",", "").replace("−", "-").replace("±", ""))
    assert math.isclose(parsed, round(x, digits), abs_tol=10**-digits)


def test_words() -> None:
    assert plural(1, "Selbstbeziehung", "Selbstbeziehungen") == "1 Selbstbeziehung"
    assert plural(2, "Selbstbeziehung", "Selbstbeziehungen") == "2 Selbstbeziehungen"
    assert join(["„A“", "„B“", "„C“"], "de") == "„A“, „B“ und „C“"
    assert join(["A"], "en") == "A"
    for lang in LANGUAGES:
        assert column_label("unknown_column", lang) == "unknown_column"
    assert column_label("group", "de") == "Gruppe" and column_label("sector", "de") == "Sektor"
    assert column_label("level", "de") == "Ebene" and column_label("group", "en") == "Group"
    assert column_label("group", "de", {"group": "Dezernat"}) == "Dezernat"
