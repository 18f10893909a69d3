"""Findings linked to the recommended new ties that address them (coopnet.diagnose.remedies).

The tiny network of :func:`tiny` (groups A, B, C)::

    a2 - a1 - b1 - b2 - c1 - c2        plus the triangles a1 a2 a3 and b1 b2 b3
    a3 /       \\ b3 /

Hand-worked: n = 8, no two actors apart, so fragmentation is 0 (nothing to improve). Removing b1
leaves pieces of 3 (A) and 4 actors: F = 1 - (3·2 + 4·3) / (7·6) = 4/7, the worst single loss
(b2: 5 + 2 → 22/42 lost; a1 the same), so b1 is the key player and robustness = 4/7. One tie
a2 - c2 closes the cycle a2 a1 b1 b2 c1 c2: no single loss cuts anybody off, robustness 0.
Cross-group pairs: 3·3 + 3·2 + 3·2 = 21; within two steps: a1-b1, a1-b2, a1-b3, a2-b1, a3-b1
(A-B: 5), b2-c1, b2-c2, b1-c1, b3-c1 (B-C: 4), no A-C pair (a1 - c1 is three steps): reach 9/21.
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import networkx as nx
import pytest

import coopnet
from coopnet.config import AnalysisConfig
from coopnet.diagnose import Diagnosis, diagnose, find_remedies, render_markdown, write_findings
from coopnet.diagnose.remedies import OBJECTIVE_ORDER, SILO_CODES, SINGLE_POINT_CODES, Remedies
from coopnet.errors import GraphError
from coopnet.recommend import recommend_network, recommend_ties

from .conftest import MUSTERSTADT, MakeDataset
from .recommend import brute
from .recommend.test_state import random_pieces

TINY_ACTORS = (
    "id,label,group\na1,Amt 1,A\na2,Amt 2,A\na3,Amt 3,A\nb1,Verein 1,B\nb2,Verein 2,B\n"
    "b3,Verein 3,B\nc1,Rat 1,C\nc2,Rat 2,C\n"
)
TINY_TIES = "source,target\na1,a2\na2,a3\na1,a3\nb1,b2\nb2,b3\nb1,b3\na1,b1\nc1,c2\nc1,b2\n"


@pytest.fixture
def tiny(make_dataset: MakeDataset) -> coopnet.Study:
    return coopnet.study(make_dataset(TINY_ACTORS, TINY_TIES), n_permutations=99)


@pytest.fixture(scope="module")
def musterstadt() -> tuple[coopnet.Study, Diagnosis, Remedies]:
    study = coopnet.study(MUSTERSTADT, n_permutations=99)
    d = diagnose(study)
    return study, d, find_remedies(study, findings=d.findings)


def _assert_links_address_their_findings(study: coopnet.Study, d: Diagnosis, r: Remedies) -> None:
    for rank, pid in r.links.items():
        finding = d.findings[rank - 1]
        tie = r.proposal(pid).recommendation
        assert finding.period == r.period_value
        if finding.code == "missing_group_pair":
            pair = tuple(sorted((finding.data["group_a"], finding.data["group_b"])))
            assert tie.group_pair == pair, (finding, tie)
        elif finding.code in SILO_CODES:
            assert tie.group_pair is not None and finding.groups[0] in tie.group_pair
        else:
            assert finding.code in SINGLE_POINT_CODES
            actor = finding.actors[0]
            assert actor in tie.bypassed or tie.key_player == actor, (finding, tie)
    for p in r.targeted:  # a gap's tie is linked to a finding and crosses its gap
        assert r.addressed(p.id)
        assert p.recommendation.source_group == p.gap[0]
        assert p.recommendation.target_group != p.gap[0]
        if len(p.gap) == 2:
            assert p.recommendation.target_group == p.gap[1]


def test_tiny_network_by_hand(tiny: coopnet.Study) -> None:
    d = diagnose(tiny)
    r = find_remedies(tiny, findings=d.findings)
    assert r.period == "all" and r.period_value is None
    assert [x.objective for x in r.results] == ["robustness", "reach"]
    assert r.skipped == (("fragmentation", "nothing_to_improve"),)
    assert r.before == {"fragmentation": 0.0, "robustness": pytest.approx(4 / 7),
                        "reach": pytest.approx(9 / 21)}  # fmt: skip
    robust = r.results[0].recommendations
    assert len(robust) == 1 and (robust[0].source, robust[0].target) == ("a2", "c2")
    assert robust[0].key_player == "b1" and robust[0].after == 0.0
    # every finding about b1 (key player, single broker, cut vertex) links to the tie a2 - c2
    about_b1 = [i for i, f in enumerate(d.findings, start=1) if f.actors[:1] == ("b1",)
                and f.code in SINGLE_POINT_CODES]  # fmt: skip
    assert about_b1 and all(r.links[i] == "rec-robustness-1" for i in about_b1)
    # the missing pair A - C links to the first reach tie between A and C
    pair = next(i for i, f in enumerate(d.findings, start=1) if f.code == "missing_group_pair")
    tie = r.proposal(r.links[pair]).recommendation
    assert r.links[pair].startswith("rec-reach-") and tie.group_pair == ("A", "C")
    assert r.targeted == ()  # the lists close every gap
    _assert_links_address_their_findings(tiny, d, r)


def test_lists_are_the_recommend_api(
    musterstadt: tuple[coopnet.Study, Diagnosis, Remedies],
) -> None:
    study, _, r = musterstadt
    assert r.period == "2022"
    by_objective = {x.objective: x for x in r.results}
    for objective in OBJECTIVE_ORDER:
        expected = recommend_network(study, period="2022", k=5, objective=objective)
        if objective in by_objective:
            assert by_objective[objective].recommendations == expected.recommendations
            assert by_objective[objective].before == expected.before
        else:
            assert not expected.recommendations
        assert r.before[objective] == expected.before
    # fragmentation 2022 is 1/34 (one isolate among 68 actors) and no tie of active actors helps
    assert r.skipped == (("fragmentation", "isolates"),)
    assert r.before["fragmentation"] == pytest.approx(1 - 67 * 66 / (68 * 67))
    assert r.n_isolates == 1


def test_musterstadt_links(musterstadt: tuple[coopnet.Study, Diagnosis, Remedies]) -> None:
    study, d, r = musterstadt
    _assert_links_address_their_findings(study, d, r)
    last = [(i, f) for i, f in enumerate(d.findings, start=1) if f.period == "2022"]
    # every missing group pair of 2022 gets a tie (from the lists or for its gap)
    pairs = [i for i, f in last if f.code == "missing_group_pair"]
    assert pairs and all(i in r.links for i in pairs)
    # only findings of the last period are linked
    assert all(d.findings[i - 1].period == "2022" for i in r.links)
    assert [p.id for p in r.targeted] == [f"rec-gap-{i}" for i in range(1, len(r.targeted) + 1)]


def test_gap_ties_are_the_best_across_their_gap(
    musterstadt: tuple[coopnet.Study, Diagnosis, Remedies],
) -> None:
    study, _, r = musterstadt
    g = study.ties(r.period)
    assert r.targeted
    for p in r.targeted:
        active = [v for v in g if g.degree(v) > 0]
        inside = [v for v in active if g.nodes[v]["group"] == p.gap[0]]
        other = [v for v in active if (g.nodes[v]["group"] == p.gap[1] if len(p.gap) == 2
                                       else g.nodes[v]["group"] != p.gap[0])]  # fmt: skip
        pairs = brute.candidate_pairs(g, sources=inside, targets=other)
        best, winners = brute.best_additions(g, pairs, "reach", "group")
        tie = p.recommendation
        assert (tie.source, tie.target) in winners
        assert Fraction(tie.gain).limit_denominator(10**6) == best
        assert tie.before == pytest.approx(float(brute.reach(g, "group")))


def test_without_findings_nothing_is_linked(tiny: coopnet.Study) -> None:
    r = find_remedies(tiny)
    assert r.links == {} and r.targeted == ()
    assert [x.objective for x in r.results] == ["robustness", "reach"]


@pytest.mark.parametrize(
    ("actors", "ties", "expected"),
    [
        # a 4-cycle of two groups: nobody apart, no cut vertex, cross pairs all within 2 steps
        ("id,group\na,X\nb,Y\nc,X\nd,Y\n", "source,target\na,b\nb,c\nc,d\nd,a\n",
         {"fragmentation": "nothing_to_improve", "robustness": "nothing_to_improve",
          "reach": "nothing_to_improve"}),
        # one group only: reach is not computed
        ("id,group\na,X\nb,X\nc,X\n", "source,target\na,b\nb,c\nc,a\n",
         {"fragmentation": "nothing_to_improve", "robustness": "nothing_to_improve",
          "reach": "one_group"}),
        # a triangle and an isolate: only the isolate is apart, no active pair is left to tie
        ("id,group\na,X\nb,Y\nc,X\nd,Y\n", "source,target\na,b\nb,c\nc,a\n",
         {"fragmentation": "isolates", "robustness": "no_candidates", "reach": "isolates"}),
    ],
    ids=["cycle", "one-group", "triangle-and-isolate"],
)  # fmt: skip
def test_why_an_objective_shows_no_tie(
    make_dataset: MakeDataset, actors: str, ties: str, expected: dict[str, str]
) -> None:
    study = coopnet.study(make_dataset(actors, ties), n_permutations=99)
    r = find_remedies(study)
    assert r.results == ()
    assert dict(r.skipped) == expected


def test_without_groups_reach_is_skipped(make_dataset: MakeDataset) -> None:
    study = coopnet.study(make_dataset("id\na\nb\nc\nd\n", "source,target\na,b\nb,c\nc,d\n"))
    assert study.group is None
    r = find_remedies(study)
    assert dict(r.skipped)["reach"] == "no_groups"
    assert [x.objective for x in r.results] == ["robustness"]


def test_period_choice(make_dataset: MakeDataset, tiny: coopnet.Study) -> None:
    folder = make_dataset(
        "id,group\na,X\nb,Y\nc,X\nd,Y\n",
        "source,target,period\na,b,2014\nb,c,2014\nc,d,2014\na,b,2016\nc,d,2016\n",
    )
    study = coopnet.study(folder)
    assert find_remedies(study).period == "2016"
    early = find_remedies(study, period="2014")
    assert early.period == "2014" and early.results
    with pytest.raises(GraphError, match="2015"):
        find_remedies(study, period="2015")


def test_searches_are_computed_once(tiny: coopnet.Study) -> None:
    d = diagnose(tiny)
    first = find_remedies(tiny, findings=d.findings)
    again = find_remedies(tiny, findings=d.findings)
    assert again.results is first.results  # the lists come from the study's memo


def _joined_pieces(seed: int) -> nx.Graph:
    """Small random pieces (many cut vertices), some of them joined; groups in 'dept'."""
    g = random_pieces(seed)
    g.add_edges_from(zip(sorted(g)[::2], sorted(g)[1::3], strict=False))
    g.remove_edges_from(nx.selfloop_edges(g))
    return g


SEVERAL_GROUPS = [s for s in range(1, 60, 2)
                  if len({d for _, d in _joined_pieces(s).nodes(data="dept")}) > 1][:20]  # fmt: skip


@pytest.mark.parametrize("seed", SEVERAL_GROUPS)
def test_links_on_random_networks(make_dataset: MakeDataset, seed: int) -> None:
    g = _joined_pieces(seed)
    actors = "id,group\n" + "".join(f"{v},{g.nodes[v]['dept']}\n" for v in sorted(g))
    ties = "source,target\n" + "".join(f"{u},{v}\n" for u, v in sorted(g.edges))
    study = coopnet.study(make_dataset(actors, ties), n_permutations=99)
    d = diagnose(study)
    r = find_remedies(study, findings=d.findings, k=1)
    _assert_links_address_their_findings(study, d, r)
    for result in r.results:  # the lists are recommend_ties' own
        again = recommend_ties(study.ties(), k=1, objective=result.objective, group="group")
        assert again.recommendations == result.recommendations


def test_findings_json_format_3_with_links(
    musterstadt: tuple[coopnet.Study, Diagnosis, Remedies], tmp_path: Path
) -> None:
    _, d, r = musterstadt
    linked = d.with_remedies(r)
    assert linked.findings == d.findings and linked.remedies is r and d.remedies is None
    json_path, md_path = write_findings(linked, tmp_path)
    data = json.loads(json_path.read_text(encoding="utf-8"))
    assert data["format"] == 3
    rec = data["recommendations"]
    ties = {t["id"]: t for t in rec["ties"]}
    assert rec["period"] == "2022" and rec["objectives"] == ["robustness", "reach"]
    assert rec["skipped"] == {"fragmentation": "isolates"} and rec["k"] == 5
    for f in data["findings"]:
        link = f["recommendation"]
        assert (link is None) == (f["rank"] not in r.links)
        if link is not None:
            tie = ties[link["id"]]
            assert f["rank"] in tie["findings"] and f["period"] == link["period"] == "2022"
            assert (link["source"], link["target"], link["objective"], link["rank"]) == (
                tie["source"], tie["target"], tie["objective"], tie["rank"])  # fmt: skip
    for t in data["topics"]:
        first = next((x for x in t["findings"] if x in r.links), None)
        expected = None if first is None else r.links[first]
        assert (t["recommendation"] or {}).get("id") == expected
    assert sum(len(t["findings"]) for t in ties.values()) == len(r.links)
    md = md_path.read_text(encoding="utf-8")
    assert "- **Empfehlung:** neue Verbindung" in md
    english = render_markdown(linked, "en")
    assert "- **Recommendation:** new tie" in english and "Empfehlung" not in english


def test_report_config_does_not_change_the_lists(tiny: coopnet.Study) -> None:
    other = coopnet.Study(tiny.net, AnalysisConfig(n_permutations=99, lang="en"))
    assert find_remedies(other).results == find_remedies(tiny).results
