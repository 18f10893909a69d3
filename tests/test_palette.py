"""coopnet.palette: group colours and shapes that stay apart, and the one tie-status style.

Colour differences are CIEDE2000 (checked against the published test data of Sharma et al.
2005 and against coloraide); colour-vision deficiencies are simulated with the matrices of
Machado et al. (2009) (checked against coloraide's implementation).
"""

from __future__ import annotations

import itertools
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coopnet.palette import (
    GROUP_PALETTE,
    OKABE_ITO,
    SHAPES,
    TIE_STATUS,
    UNKNOWN_COLOR,
    GroupStyle,
    ciede2000,
    colour_difference,
    group_colors,
    group_styles,
    simulate_vision,
    smallest_difference,
)

# Sharma, Wu & Dalal (2005), table 1: (L1, a1, b1), (L2, a2, b2), ΔE00
SHARMA = [
    ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
    ((50.0, 3.1571, -77.2803), (50.0, 0.0, -82.7485), 2.8615),
    ((50.0, 2.8361, -74.0200), (50.0, 0.0, -82.7485), 3.4412),
    ((50.0, -1.3802, -84.2814), (50.0, 0.0, -82.7485), 1.0000),
    ((50.0, 0.0, 0.0), (50.0, -1.0, 2.0), 2.3669),
    ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
    ((50.0, 2.5, 0.0), (61.0, -5.0, 29.0), 22.8977),
    ((50.0, 2.5, 0.0), (56.0, -27.0, -3.0), 31.9030),
    ((50.0, 2.5, 0.0), (58.0, 24.0, 15.0), 19.4535),
    ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
]
CVD = ("deutan", "protan")


@pytest.mark.parametrize(("lab1", "lab2", "expected"), SHARMA)
def test_ciede2000_reproduces_sharma_test_data(
    lab1: tuple[float, float, float], lab2: tuple[float, float, float], expected: float
) -> None:
    assert ciede2000(lab1, lab2) == pytest.approx(expected, abs=1e-4)
    assert ciede2000(lab2, lab1) == pytest.approx(expected, abs=1e-4)  # symmetric


def test_difference_and_simulation_agree_with_coloraide() -> None:
    coloraide = pytest.importorskip("coloraide")
    rnd = random.Random(3)
    for _ in range(60):
        a, b = (f"#{rnd.randrange(1 << 24):06X}" for _ in range(2))
        ref = coloraide.Color(a).delta_e(coloraide.Color(b), method="2000")
        assert colour_difference(a, b) == pytest.approx(ref, abs=0.02)
        for vision in ("deutan", "protan", "tritan"):
            filtered = coloraide.Color(a).filter(vision, method="machado").convert("srgb")
            sim = filtered.clip().to_string(hex=True, compress=False)
            mine = simulate_vision(a, vision)
            # the same colour up to rounding to 8 bits per channel
            assert all(
                abs(int(mine[i : i + 2], 16) - int(sim[i : i + 2], 16)) <= 1 for i in (1, 3, 5)
            ), (a, vision, mine, sim)


def test_palette_colours_stay_apart_also_for_colour_blind_readers() -> None:
    assert len(GROUP_PALETTE) == 15
    assert len(set(GROUP_PALETTE)) == 15
    assert GROUP_PALETTE[:7] == OKABE_ITO[:7]  # small networks keep the familiar colours
    assert smallest_difference(GROUP_PALETTE) >= 16.0
    for vision in CVD:
        assert smallest_difference(GROUP_PALETTE, vision=vision) >= 9.0
    # the old 14-group palette (Okabe–Ito + Tol muted) had near-identical pairs
    old = [*OKABE_ITO, "#CC6677", "#332288", "#DDCC77", "#117733", "#88CCEE", "#882255"]
    assert smallest_difference(old) < 9.0
    assert smallest_difference(old, vision="deutan") < 5.0


def test_palette_is_apart_from_black_white_and_the_greys() -> None:
    # white (background), black (whole network in charts) and the "(unknown)" grey
    for colour, other in itertools.product(GROUP_PALETTE, ["#FFFFFF", "#000000", UNKNOWN_COLOR]):
        for vision in ("normal", *CVD):
            assert colour_difference(colour, other, vision=vision) >= 11.5, (colour, other)
    # the grey tie-status lines have no hue, every group colour has one
    for colour, style in itertools.product(GROUP_PALETTE, TIE_STATUS.values()):
        assert colour_difference(colour, style.color) >= 12.0, (colour, style.color)


@pytest.mark.parametrize("n", [14, 15, 16, 20, 30, 60])
def test_groups_look_different_for_any_number_of_groups(n: int) -> None:
    styles = group_styles([f"Gruppe {i:02d}" for i in range(n)])
    assert len(set(styles.values())) == n  # no two groups share colour and shape
    for a, b in itertools.combinations(styles.values(), 2):
        if a.shape == b.shape:  # same shape: the colours must be told apart
            assert colour_difference(a.color, b.color) >= 16.0
            for vision in CVD:
                assert colour_difference(a.color, b.color, vision=vision) >= 9.0
    shapes = [s.shape for s in styles.values()]
    assert shapes[:15] == ["circle"] * min(n, 15)
    if n > 15:
        assert shapes[15] == "square"


def test_fixed_colours_and_styles() -> None:
    styles = group_styles(["A", "B", "C"], palette={"B": "#e69f00"})
    assert styles["B"] == GroupStyle("#E69F00")
    assert styles["A"].color != "#E69F00"  # the fixed colour is not given twice
    # the same fixed colour for two groups: the second one gets another shape
    twice = group_styles(["A", "B"], palette={"A": "#123456", "B": "#123456"})
    assert twice["A"] == GroupStyle("#123456", "circle")
    assert twice["B"] == GroupStyle("#123456", "square")
    full = group_styles(["A"], palette={"A": GroupStyle("#ABCDEF", "star")})
    assert full["A"].marker == "*" and full["A"].vis_shape == "star"
    with pytest.raises(ValueError, match="#1A2B3C"):
        group_styles(["A"], palette={"A": "red"})


def test_union_styles_passed_as_palette_keep_subsets_equal() -> None:
    union = group_styles([f"G{i:02d}" for i in range(20)])
    subset = group_styles(["G03", "G17", "(unknown)"], palette=union)
    assert subset["G03"] == union["G03"] and subset["G17"] == union["G17"]
    assert subset["(unknown)"] == GroupStyle(UNKNOWN_COLOR)
    colours = group_colors([f"G{i:02d}" for i in range(20)])
    assert group_styles(list(colours), palette=colours) == union  # colours alone suffice too


@given(st.lists(st.text(min_size=1, max_size=6), min_size=1, max_size=40, unique=True))
def test_property_styles_are_deterministic_and_order_free(groups: list[str]) -> None:
    styles = group_styles(groups)
    assert styles == group_styles(list(reversed(groups)))
    assert len(set(styles.values())) == len(styles)
    assert set(s.shape for s in styles.values()) <= set(SHAPES)


def test_tie_status_is_grey_and_apart() -> None:
    for style in TIE_STATUS.values():
        r, g, b = (style.color[i : i + 2] for i in (1, 3, 5))
        assert r == g == b  # no hue: never confused with a group
    kept, added, removed = (TIE_STATUS[k] for k in ("kept", "added", "removed"))
    assert added.width > kept.width and removed.dash is not None
    assert kept.dash is None and added.dash is None  # "neu" is solid, in figures and pages
    assert colour_difference(kept.color, added.color) >= 20
    assert removed.dash_pixels() == [5.6, 3.5] and kept.dash_pixels() is False
    assert removed.dash_points() == (0.0, (4.0, 2.5))
