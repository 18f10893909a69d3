"""docs/measures.md documents every output of ``coopnet analyze``, so it cannot fall behind the code.

A name counts as documented when it appears in the doc as a backticked name (`` `degree` ``) or
in a Markdown heading. The names come from the output contract constants and, for the keys and
columns beyond them, from running :func:`coopnet.metrics.analyze` on a tiny graph.
"""

from __future__ import annotations

import re

import networkx as nx
import pytest

from coopnet.metrics import ACTOR_COLUMNS, NETWORK_KEYS, analyze
from coopnet.metrics.brokerage import BROKERAGE_COLUMNS, STRUCTURAL_HOLE_COLUMNS
from coopnet.metrics.centrality import CENTRALITY_COLUMNS
from coopnet.metrics.groups import GROUP_TABLE_COLUMNS, MISSING_PAIR_COLUMNS
from coopnet.metrics.keyplayers import KEY_PLAYER_COLUMNS
from coopnet.metrics.structure import STRUCTURE_KEYS

from .conftest import ROOT

DOC = (ROOT / "docs" / "measures.md").read_text(encoding="utf-8")

_BACKTICKED = set(re.findall(r"`([^`\n]+)`", DOC))
_HEADINGS = [line for line in DOC.splitlines() if line.startswith("#")]


def documented(name: str) -> bool:
    """True if `name` is a backticked name in the doc or a word of one of its headings."""
    if name in _BACKTICKED:
        return True
    word = re.compile(rf"(?<![\w]){re.escape(name)}(?![\w])")
    return any(word.search(heading) for heading in _HEADINGS)


def _analysis() -> object:
    """``analyze`` of a small two-group directed graph with an isolate (a few ms)."""
    graph = nx.DiGraph([("a", "b"), ("b", "a"), ("b", "c"), ("c", "d"), ("d", "e"), ("e", "c")])
    graph.add_node("f")
    groups = {"a": "x", "b": "x", "c": "y", "d": "y", "e": "y", "f": "x"}
    nx.set_node_attributes(graph, groups, "group")
    return analyze(graph, group="group", n_permutations=19, key_players_k=2)


RESULT = _analysis()


def test_documented_helper_can_fail() -> None:
    assert documented("degree")
    assert not documented("no_such_measure_xyz")
    assert not documented("egre")  # part of a word is not enough


@pytest.mark.parametrize("column", ACTOR_COLUMNS)
def test_actor_columns_are_documented(column: str) -> None:
    assert documented(column), f"actors.csv column {column!r} is missing from docs/measures.md"


@pytest.mark.parametrize("key", NETWORK_KEYS)
def test_network_keys_are_documented(key: str) -> None:
    assert documented(key), f"network.json key {key!r} is missing from docs/measures.md"


def test_every_key_analyze_returns_is_documented() -> None:
    network = RESULT.network  # type: ignore[attr-defined]
    missing = [k for k in network if not documented(k)]
    assert not missing, f"network.json keys missing from docs/measures.md: {missing}"
    # the options and grouping column that write_analysis adds to network.json
    assert documented("options") and documented("group")


def test_every_actor_column_analyze_returns_is_documented() -> None:
    actors = RESULT.actors  # type: ignore[attr-defined]
    missing = [c for c in actors.columns if not documented(c)]
    assert not missing, f"actors.csv columns missing from docs/measures.md: {missing}"
    assert tuple(actors.columns[2:]) == ACTOR_COLUMNS  # after label and the group column


@pytest.mark.parametrize(
    "column",
    sorted(
        {
            *GROUP_TABLE_COLUMNS,
            *MISSING_PAIR_COLUMNS,
            *KEY_PLAYER_COLUMNS,
            *CENTRALITY_COLUMNS,
            *BROKERAGE_COLUMNS,
            *STRUCTURAL_HOLE_COLUMNS,
            *STRUCTURE_KEYS,
        }
    ),
)
def test_module_contract_columns_are_documented(column: str) -> None:
    assert documented(column), f"{column!r} is missing from docs/measures.md"


def test_written_group_and_keyplayer_columns_are_documented() -> None:
    groups = RESULT.groups  # type: ignore[attr-defined]
    players = RESULT.key_players  # type: ignore[attr-defined]
    missing = [c for c in (*groups.columns, *players.columns) if not documented(c)]
    assert not missing, f"groups.csv / keyplayers.csv columns missing: {missing}"


@pytest.mark.parametrize(
    "file",
    ["actors.csv", "network.json", "groups.csv", "mixing.csv", "keyplayers.csv"],
)
def test_every_output_file_has_a_section(file: str) -> None:
    assert any(file in heading for heading in _HEADINGS), file


def test_references_section_lists_the_cited_sources() -> None:
    references = DOC.split("\n## References", 1)[1]
    for author_year in (
        "Borgatti, S. P. (2006)",
        "Burt, R. S. (1992)",
        "Freeman, L. C. (1979)",
        "Gould, R. V., & Fernandez, R. M. (1989)",
        "Krackhardt, D. (1987)",
        "Krackhardt, D. (1994)",
        "Krackhardt, D., & Stern, R. N. (1988)",
        "Newman, M. E. J. (2003)",
        "Newman, M. E. J. (2006)",
        "Blondel, V. D.",
        "Hubert, L., & Arabie, P. (1985)",
        "Wasserman, S., & Faust, K. (1994)",
        "Blau, P. M. (1977)",
        "Brandes, U. (2001)",
        "Butts, C. T.",
        "Stork, D., & Richards, W. D. (1992)",
    ):
        assert author_year in references, author_year
