"""Untrusted text made safe for each kind of output: one implementation of every escaping rule.

Labels, groups, periods, tie types and column names come from files that analysts and
municipalities pass around, so every writer treats them as untrusted. This module holds the
rules; the writers (CSV and Excel tables, Markdown, HTML, figures, GraphML) call them and never
escape on their own:

* :func:`clean_text` — for everything a person reads (HTML, Markdown, spreadsheet tables,
  figures): Unicode bidirectional controls are removed (they reorder what is displayed, the
  "Trojan Source" trick [1]_) and control characters that no viewer shows are replaced.
* :func:`xml_text` — for exact data in XML-based files (``.xlsx`` cells, GraphML): only the
  characters that XML 1.0 cannot hold are replaced; everything else is kept as it is.
* :func:`spreadsheet_text` — for CSV tables meant to be opened in Excel or LibreOffice: a cell
  that starts with ``=``, ``+``, ``-``, ``@``, tab or carriage return gets a leading ``'`` so it
  is shown as text and never run as a formula (OWASP CSV injection [2]_).
* :func:`markdown_text` — inline Markdown: markup characters are backslash-escaped and line
  breaks become spaces, so a label cannot open a heading, link, list, table or HTML tag [3]_.
* :func:`html_text` — HTML text and attribute values (:func:`html.escape` after
  :func:`clean_text`).

Figures need no escaping function: :func:`coopnet.viz.save_figure` switches matplotlib's
math-text parsing off for every text it saves, so ``$`` is an ordinary character (labels such
as ``Fonds $1__2$`` are drawn as written), and cleans every text with :func:`clean_text`.

References
----------
.. [1] Boucher, N. & Anderson, R. (2023). Trojan Source: Invisible Vulnerabilities. 32nd
   USENIX Security Symposium. https://trojansource.codes/
.. [2] OWASP. CSV Injection. https://owasp.org/www-community/attacks/CSV_Injection
.. [3] CommonMark Spec 0.31.2, section 2.4 "Backslash escapes". https://spec.commonmark.org/
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import Final

__all__ = [
    "BIDI_CONTROLS",
    "FORMULA_PREFIXES",
    "REPLACEMENT",
    "UNCLEAN_ABOVE_C0",
    "clean_text",
    "html_text",
    "markdown_text",
    "spreadsheet_text",
    "spreadsheet_texts",
    "xml_escape",
    "xml_text",
]

BIDI_CONTROLS: Final = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
"""Bidirectional formatting characters (marks, embeddings, overrides, isolates; Unicode UAX #9)
that :func:`clean_text` removes."""

REPLACEMENT: Final = "\ufffd"
"""What a character that cannot be shown or stored is replaced with (``�``)."""

FORMULA_PREFIXES: Final = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet read a CSV cell as a formula (OWASP)."""

_BIDI: Final = "".join(sorted(BIDI_CONTROLS))
# C0 controls but tab, line feed and carriage return; DEL; C1 controls; lone surrogates;
# the noncharacters U+FFFE/U+FFFF. XML 1.0 cannot hold any of these but DEL and C1.
_XML_ILLEGAL: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_C0_REPLACED: Final = "\x00-\x08\x0e-\x1f"  # C0 controls clean_text replaces (\x0b, \x0c: spaces)
_ABOVE_C0_REPLACED: Final = "\x7f-\x9f\ud800-\udfff\ufffe\uffff"  # DEL, C1, surrogates, U+FFFE/F
_INVISIBLE: Final = re.compile(f"[{_C0_REPLACED}{_ABOVE_C0_REPLACED}]")
_LINE_BREAKS: Final = re.compile("[\x0b\x0c\x85\u2028\u2029]")
_DROP_BIDI: Final = str.maketrans(dict.fromkeys(_BIDI, None))
UNCLEAN_ABOVE_C0: Final = f"{_BIDI}\u2028\u2029{_ABOVE_C0_REPLACED}"
"""Every character above U+001F that :func:`clean_text` changes, as the inside of a regular
expression's character class (``f"[{UNCLEAN_ABOVE_C0}]"``): the bidi controls it removes, the
separators it makes spaces (U+0085 is a C1 control), and what it replaces. JSON keeps these
as they are where it escapes the C0 controls (:mod:`coopnet.interactive` looks for them)."""
# every character clean_text changes (the union of the three classes above)
_UNCLEAN: Final = re.compile(f"[{_C0_REPLACED}\x0b\x0c{UNCLEAN_ABOVE_C0}]")
_MARKDOWN: Final = re.compile(r"([\\`*_\[\]<>#|~$]|&(?=#?[0-9A-Za-z]+;))")
_MARKDOWN_SPACE: Final = re.compile(r"[\t\n\r]+")


def clean_text(text: object) -> str:
    """Return ``str(text)`` fit to be shown: no bidi controls, no invisible control characters.

    Parameters
    ----------
    text
        Any value; it is converted with :class:`str`.

    Returns
    -------
    str
        The text with every character of :data:`BIDI_CONTROLS` removed; vertical tab, form
        feed and the Unicode line/paragraph separators (Word writes ``\\x0b`` for a manual line
        break) replaced by a space; other control characters (C0 except tab, line feed and
        carriage return; DEL; C1), lone surrogates and U+FFFE/U+FFFF replaced by
        :data:`REPLACEMENT`. Tab, line feed and carriage return are kept. Idempotent.

    Examples
    --------
    >>> clean_text("Amt\\u202eA")
    'AmtA'
    >>> clean_text("Zeile 1\\x0bZeile 2\\x00")
    'Zeile 1 Zeile 2�'
    """
    value = str(text)
    if value.isascii() and value.isprintable():  # the common case, fast
        return value
    value = value.translate(_DROP_BIDI)
    value = _LINE_BREAKS.sub(" ", value)
    return _INVISIBLE.sub(REPLACEMENT, value)


def xml_escape(text: str) -> str:
    """Return `text` with ``&``, ``<`` and ``>`` as entities, for XML element content.

    The same text as :func:`xml.sax.saxutils.escape` and ElementTree's writer (and so
    openpyxl's); ``xml.sax.saxutils`` itself is not imported, it pulls in ``urllib``, ``http``
    and ``ssl``.

    Examples
    --------
    >>> xml_escape("a < b & c > d")
    'a &lt; b &amp; c &gt; d'
    """
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def xml_text(text: object) -> str:
    """Return ``str(text)`` with only the characters XML 1.0 cannot hold replaced.

    Used for exact data in ``.xlsx`` cells and GraphML: C0 controls other than tab, line feed
    and carriage return, lone surrogates and U+FFFE/U+FFFF become :data:`REPLACEMENT`; a
    carriage return becomes a line feed (``\\r\\n`` one line feed), which is what every XML
    reader makes of it. Every other character (bidi controls included) is kept, so a round trip
    gives the text back.

    Examples
    --------
    >>> xml_text("A\\x00B\\u202e\\r\\n")
    'A�B\\u202e\\n'
    """
    value = str(text)
    if value.isascii() and value.isprintable():
        return value
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return _XML_ILLEGAL.sub(REPLACEMENT, value)


def spreadsheet_text(text: object) -> str:
    """Return ``text`` for a CSV cell a spreadsheet will open: cleaned, never a formula.

    :func:`clean_text`, then a leading ``'`` if the text starts with one of
    :data:`FORMULA_PREFIXES` (``=``, ``+``, ``-``, ``@``, tab, carriage return). Excel and
    LibreOffice show such a cell as text; the ``'`` is visible in a text editor.

    Examples
    --------
    >>> spreadsheet_text('=HYPERLINK("http://x")')
    '\\'=HYPERLINK("http://x")'
    >>> spreadsheet_text("Amt 1")
    'Amt 1'
    """
    value = clean_text(text)
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


def spreadsheet_texts(values: Sequence[object]) -> list[object]:
    """:func:`spreadsheet_text` of every text of `values`; other values are kept as they are.

    The same as ``[spreadsheet_text(v) if isinstance(v, str) else v for v in values]``, for a
    whole column at once: when no text holds a character :func:`clean_text` changes (one
    search over all of them), only the formula prefixes are looked at.

    Examples
    --------
    >>> spreadsheet_texts(["=1+1", "Amt\u202e", 3, None])
    ["'=1+1", 'Amt', 3, None]
    """
    if _UNCLEAN.search("\t".join([v for v in values if type(v) is str])):
        return [spreadsheet_text(v) if isinstance(v, str) else v for v in values]
    return [
        ("'" + v if v.startswith(FORMULA_PREFIXES) else v)
        if type(v) is str
        else spreadsheet_text(v)
        if isinstance(v, str)
        else v
        for v in values
    ]


def markdown_text(text: object) -> str:
    """Return ``text`` as inline Markdown that renders as exactly this text.

    :func:`clean_text`; tabs and line breaks become one space (a label cannot start a new
    block); the characters ``\\ ` * _ [ ] < > # | ~ $`` and an ``&`` that starts a character
    reference (``&#x202E;``, ``&amp;``) are backslash-escaped (CommonMark lets any ASCII
    punctuation be escaped), so no emphasis, code, link, image, HTML tag, entity, table cell,
    strikethrough or math (GitHub's ``$…$``) can start inside a label; ``Haus & Grund`` stays
    as it is.

    Examples
    --------
    >>> markdown_text("**fett** <b> & &amp;")
    '\\\\*\\\\*fett\\\\*\\\\* \\\\<b\\\\> & \\\\&amp;'
    """
    value = _MARKDOWN_SPACE.sub(" ", clean_text(text))
    return _MARKDOWN.sub(r"\\\1", value)


def html_text(text: object) -> str:
    """Return ``text`` escaped for HTML text and quoted attribute values, after :func:`clean_text`.

    Examples
    --------
    >>> html_text('<script>"&')
    '&lt;script&gt;&quot;&amp;'
    """
    return html.escape(clean_text(text), quote=True)
