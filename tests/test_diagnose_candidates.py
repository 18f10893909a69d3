"""The vectorised ranking of missing group pairs equals the pair-by-pair ranking it replaced."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from coopnet.diagnose.findings import Thresholds
from coopnet.diagnose.rules import _missing_candidates


def reference_candidates(
    names: list[str],
    sizes: dict[str, int],
    counts: Counter[tuple[str, str]],
    before: Counter[tuple[str, str]],
    sectors: dict[str, str],
    th: Thresholds,
) -> tuple[list[tuple[str, str, int, int, float]], int]:
    """The loop of ``missing_group_pairs`` before it was vectorised (one pair at a time)."""
    bridges = {frozenset(p) for p in th.bridge_sectors}
    candidates = []
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            ties = counts.get((a, b), 0)
            if ties > th.few_pair_ties:
                continue
            earlier = before.get((a, b), 0)
            sa, sb = sectors.get(a), sectors.get(b)
            relevance = 2.0 if earlier > max(ties, 0) else 0.0
            if sa and sb and frozenset((sa, sb)) in bridges and sa != sb:
                relevance += 1.0
            elif sa and sb and sa != sb:
                relevance += 0.5
            if sizes[a] >= 3 and sizes[b] >= 3:
                relevance += 0.5
            candidates.append((-relevance, -sizes[a] * sizes[b], a, b, ties, earlier, relevance))
    candidates.sort()
    first = [(a, b, t, e, r) for _, _, a, b, t, e, r in candidates[: th.max_missing_pairs]]
    return first, len(candidates)


@st.composite
def cases(draw: st.DrawFn) -> tuple:
    names = sorted(draw(st.sets(st.sampled_from([f"g{i}" for i in range(9)] + ["Ä", "b"]))))
    sizes = {g: draw(st.integers(1, 6)) for g in names}
    pairs = [(a, b) for i, a in enumerate(names) for b in names[i + 1 :]]
    ties = st.integers(0, 3)
    counts = Counter({p: draw(ties) for p in pairs if draw(st.booleans())})
    before = Counter({p: draw(ties) for p in pairs if draw(st.booleans())})
    sector = st.sampled_from(["", "Verwaltung", "Zivilgesellschaft", "Wirtschaft"])
    sectors = {g: draw(sector) for g in names if draw(st.booleans())}
    th = Thresholds(
        few_pair_ties=draw(st.integers(0, 2)),
        max_missing_pairs=draw(st.integers(0, 12)),
        bridge_sectors=draw(
            st.sampled_from(
                [(), (("Verwaltung", "Zivilgesellschaft"),), (("Wirtschaft", "Wirtschaft"),)]
            )
        ),
    )
    return names, sizes, counts, before, sectors, th


@settings(max_examples=300, deadline=None)
@given(cases())
def test_vectorised_ranking_equals_the_loop(case: tuple) -> None:
    assert _missing_candidates(*case) == reference_candidates(*case)


def test_hand_ranked() -> None:
    """Lost ties (+2) rank first, then the bridge of sectors (+1), then size (+0.5 each >= 3)."""
    sizes = {"A": 3, "B": 3, "C": 4, "D": 1}
    counts: Counter[tuple[str, str]] = Counter({("A", "B"): 5})
    before: Counter[tuple[str, str]] = Counter({("C", "D"): 2})
    sectors = {"A": "Verwaltung", "C": "Zivilgesellschaft"}
    first, n = _missing_candidates(
        ["A", "B", "C", "D"], sizes, counts, before, sectors, Thresholds()
    )
    assert n == 5  # A-B has 5 ties: not a candidate
    assert first[:2] == [("C", "D", 0, 2, 2.0), ("A", "C", 0, 0, 1.5)]
