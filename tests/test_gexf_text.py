"""The column-wise GEXF text (``coopnet.export._gexf``) equals the value-by-value writer coopnet
had before (``tests/gexf_reference.py``), character for character, for any values."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import networkx as nx
import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from coopnet.config import DatasetMeta
from coopnet.export import network_gexf, write_gexf
from coopnet.export._gexf import (
    _attvalue_blocks,
    _column_lines,
    _gexf_type,
    _plain_all,
    _quoteattr,
)
from coopnet.textsafe import xml_escape as _escape  # the GEXF writer's element text

from . import gexf_reference as ref

_texts = st.text(max_size=8)  # any characters: controls, surrogates, quotes, <, &, line breaks
_floats = st.floats(allow_nan=True, allow_infinity=True) | st.sampled_from(
    [0.0, -0.0, 1e-300, 5e-324, 1e22, 0.1, float("nan"), float("inf"), -float("inf")]
)
_ints = st.integers(-(2**70), 2**70) | st.integers(-3, 3)
_missing = st.sampled_from([None, pd.NA, float("nan")])
_numpy = st.sampled_from([np.float64(2.5), np.int64(7), np.bool_(True), np.float64("nan")])
_anything = _floats | _ints | st.booleans() | _missing | _texts | _numpy
# columns as they come: all numbers, all booleans, all texts (each with gaps), or anything mixed
_columns = st.one_of(
    st.lists(_floats | _missing, max_size=12),
    st.lists(_ints | _missing, max_size=12),
    st.lists(_ints | _floats, max_size=12),
    st.lists(st.booleans() | _missing, max_size=12),
    st.lists(_texts | _missing, max_size=12),
    st.lists(st.sampled_from(["Amt", "Rat & <Verein>", 'a"b', "x'y", "1"]), max_size=12),
    st.lists(_anything, max_size=12),
)


@given(_columns)
def test_column_lines_equal_the_value_by_value_text(values: list[Any]) -> None:
    kind = ref._gexf_type(values)
    assert _gexf_type(values) == kind
    head = '<attvalue for="c" value='
    expected = [
        None if ref.missing(v) else f"{head}{ref._quote(ref._gexf_value(v, kind))}/>"
        for v in values
    ]
    assert _column_lines(values, kind, head) == expected


@given(st.lists(st.dictionaries(st.sampled_from(["a", "b", "c", "d"]), _anything), max_size=8))
def test_attvalue_blocks_keep_each_records_order_and_skip_missing(
    records: list[dict[str, Any]],
) -> None:
    """Records with different keys (and key orders) each get their own values, in their order."""
    kinds, blocks = _attvalue_blocks(records, "  ")
    first_seen = list(dict.fromkeys(k for r in records for k in r))
    assert list(kinds) == first_seen
    for attrs, block in zip(records, blocks, strict=True):
        lines = [
            f'    <attvalue for="{k}" value={ref._quote(ref._gexf_value(v, kinds[k]))}/>'
            for k, v in attrs.items()
            if not ref.missing(v)
        ]
        assert block == ("\n".join(["  <attvalues>", *lines, "  </attvalues>"]) if lines else None)


def test_attvalue_blocks_by_hand() -> None:
    kinds, blocks = _attvalue_blocks(
        [{"n": 1, "s": "x&y"}, {"s": None, "n": 2}, {"n": float("nan")}, {}], ""
    )
    assert kinds == {"n": "integer", "s": "string"}
    assert blocks == [
        '<attvalues>\n  <attvalue for="n" value="1"/>\n  <attvalue for="s" value="x&amp;y"/>\n'
        "</attvalues>",
        '<attvalues>\n  <attvalue for="n" value="2"/>\n</attvalues>',
        None,
        None,
    ]


@given(st.lists(_anything, max_size=10))
def test_plain_all_is_plain_of_each_value(values: list[Any]) -> None:
    got, expected = _plain_all(values), [ref.plain(v) for v in values]
    assert len(got) == len(expected)
    for a, b in zip(got, expected, strict=True):
        assert type(a) is type(b) and (a is b or a == b or (a != a and b != b))


@given(st.text())
def test_escape_and_quoteattr_are_the_standard_librarys(text: str) -> None:
    assert _escape(text) == escape(text)
    assert _quoteattr(text) == quoteattr(text)


def test_escape_and_quoteattr_by_hand() -> None:
    assert _escape("a<b>&c") == "a&lt;b&gt;&amp;c"
    assert _quoteattr('say "hi"') == "'say \"hi\"'"
    assert _quoteattr('it\'s "x"\n') == '"it\'s &quot;x&quot;&#10;"'


# ------------------------------------------------------------------------ whole documents
_ids = st.lists(st.text(min_size=1, max_size=4), min_size=0, max_size=7, unique=True)
_node_attr = st.dictionaries(
    st.sampled_from(["label", "group", "sector", "degree", "1", "responded"]), _anything
)
_edge_attr = st.fixed_dictionaries(
    {},
    optional={
        "weight": _floats | _ints | st.none(),
        "types": st.lists(_texts, max_size=3).map(tuple),
        "periods": st.lists(st.sampled_from(["2014", "2016", "a;b"]), max_size=2).map(tuple),
        "n_rows": _ints,
        "reciprocated": st.booleans(),
        "meta": st.just({"nested": 1}),  # dicts are left out
        "count": _numpy,
    },
)


@st.composite
def _analysed(draw: st.DrawFn) -> tuple[nx.Graph[Any], dict[str, Any]]:
    directed = draw(st.booleans())
    graph: nx.Graph[Any] = nx.DiGraph() if directed else nx.Graph()
    ids = draw(_ids)
    for node in ids:
        graph.add_node(node, **draw(_node_attr))
    pairs = [(a, b) for a in ids for b in ids if a != b]
    if pairs:
        for u, v in draw(st.lists(st.sampled_from(pairs), max_size=10, unique=True)):
            graph.add_edge(u, v, **draw(_edge_attr))
    rows = draw(st.lists(st.sampled_from(ids), unique=True)) if ids else []
    n = len(rows)
    columns: dict[Any, Any] = {
        "label": draw(st.lists(_texts | st.none(), min_size=n, max_size=n)),
        "degree": pd.array(draw(st.lists(_ints.filter(lambda i: abs(i) < 2**62) | st.none(),
                                         min_size=n, max_size=n)), dtype="Int64"),
        "betweenness": np.array(draw(st.lists(_floats, min_size=n, max_size=n)), dtype=float),
        "cut_vertex": np.array(draw(st.lists(st.booleans(), min_size=n, max_size=n)), dtype=bool),
        "community": draw(st.lists(_anything, min_size=n, max_size=n)),
        1: draw(st.lists(_ints.filter(lambda i: abs(i) < 2**62), min_size=n, max_size=n)),
    }  # fmt: skip
    measures = None
    if draw(st.booleans()):
        chosen = draw(st.lists(st.sampled_from(list(columns)), unique=True))
        measures = pd.DataFrame({c: columns[c] for c in chosen}, index=pd.Index(rows, name="id"))
    groups = {d.get("group") for _, d in graph.nodes(data=True)}
    hashable = [g for g in groups if isinstance(g, str | int | bool | float)]
    colours = st.from_regex(r"\A#[0-9A-Fa-f]{6}\Z")
    options: dict[str, Any] = {
        "measures": measures,
        "colors": {g: draw(colours) for g in hashable} if draw(st.booleans()) else None,
        "group": draw(st.sampled_from(["group", None])),
        "positions": {
            a: (draw(_floats.filter(lambda x: x == x)), draw(st.floats(-1, 1)))
            for a in ids
            if draw(st.booleans())
        },
        "sizes": {a: draw(_floats | _ints) for a in ids if draw(st.booleans())},
        "name": draw(_texts),
        "description": draw(_texts),
    }
    return graph, options


@settings(max_examples=150, deadline=None)
@given(_analysed())
def test_network_gexf_is_the_value_by_value_text(
    case: tuple[nx.Graph[Any], dict[str, Any]],
) -> None:
    graph, options = case
    assert network_gexf(graph, **options) == ref.network_gexf(graph, **options)


_dataset_cell = _floats | _ints | st.booleans() | _missing | _texts


@st.composite
def _dataset(draw: st.DrawFn) -> tuple[pd.DataFrame, pd.DataFrame, DatasetMeta]:
    ids = draw(st.lists(st.text(min_size=1, max_size=4), min_size=1, max_size=6, unique=True))
    n = len(ids)
    actors = pd.DataFrame({"id": ids, "label": draw(st.lists(_texts | st.none(), min_size=n,
                                                             max_size=n))})  # fmt: skip
    for column in draw(st.lists(st.sampled_from(["group", "size", "flag"]), unique=True)):
        actors[column] = draw(st.lists(_dataset_cell, min_size=n, max_size=n))
    m = draw(st.integers(0, 8))
    ties = pd.DataFrame(
        {
            "source": draw(st.lists(st.sampled_from(ids), min_size=m, max_size=m)),
            "target": draw(st.lists(st.sampled_from(ids), min_size=m, max_size=m)),
            "weight": draw(st.lists(_floats | st.none(), min_size=m, max_size=m)),
            "type": draw(st.lists(_texts | st.none(), min_size=m, max_size=m)),
            "period": draw(st.lists(st.sampled_from(["2014", "2016"]), min_size=m, max_size=m)),
        }
    )
    meta = DatasetMeta(name=draw(_texts), description=draw(_texts), directed=draw(st.booleans()))
    return actors, ties, meta


@settings(max_examples=60, deadline=None)
@given(_dataset())
def test_write_gexf_is_the_value_by_value_text(
    case: tuple[pd.DataFrame, pd.DataFrame, DatasetMeta],
) -> None:
    actors, ties, meta = case
    with tempfile.TemporaryDirectory() as folder:
        written = write_gexf(actors, ties, meta, Path(folder) / "d.gexf").read_bytes()
    assert written == ref.dataset_gexf(actors, ties, meta).encode("utf-8")
