"""The atlas (coopnet.atlas.atlas, compare_with_peers, write_atlas): numbers, edge cases, files."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats as scipy_stats

from coopnet.atlas import (
    MIN_PEER_GROUP,
    SUMMARY,
    atlas,
    compare_with_peers,
    write_atlas,
)
from coopnet.errors import InputError, OutputError

from .conftest import table

XSS = "<script>alert(1)</script>"


def test_distribution_and_percentiles_by_hand() -> None:
    # density 0.1, 0.2, 0.2, 0.4: PR = 100 (below + equal/2) / 4 -> 12.5, 50, 50, 87.5
    # quartiles (linear, type 7): positions 0.75 and 2.25 of the sorted values
    a = atlas(table(density=[0.1, 0.2, 0.2, 0.4]), lang="en")
    assert a.percentiles["density"].tolist() == [12.5, 50.0, 50.0, 87.5]
    row = a.distribution.loc["density"]
    assert row["n"] == 4
    assert (row["min"], row["median"], row["max"]) == pytest.approx((0.1, 0.2, 0.4))
    assert row["q1"] == pytest.approx(0.175) and row["q3"] == pytest.approx(0.25)
    assert row["mean"] == pytest.approx(0.225)
    # n_actors 20, 30, 40, 50 (the table helper) -> 12.5, 37.5, 62.5, 87.5
    assert a.percentiles["n_actors"].tolist() == [12.5, 37.5, 62.5, 87.5]
    assert a.measures == ("n_actors", "density")


def test_percentiles_agree_with_scipy_on_the_generated_towns(towns: object) -> None:
    a = atlas(towns.batch.table_path)  # type: ignore[attr-defined]
    for measure in a.measures:
        values = a.municipalities[measure].dropna()
        expected = [scipy_stats.percentileofscore(values, v, kind="mean") for v in values]
        assert a.percentiles.loc[values.index, measure].tolist() == pytest.approx(expected)
    # within each peer group too (groups of at least MIN_PEER_GROUP members)
    for (key, group, measure), rows in a.peers.groupby(["peer_key", "peer_group", "measure"]):
        present = rows.dropna(subset=["value"])
        if len(present) < MIN_PEER_GROUP:
            assert rows["peer_percentile"].isna().all(), (key, group)
            continue
        expected = [
            scipy_stats.percentileofscore(present["value"], v, kind="mean")
            for v in present["value"]
        ]
        assert present["peer_percentile"].tolist() == pytest.approx(expected), (key, measure)
        assert (present["peer_median"] == present["value"].median()).all()
    assert a.n == 6 and a.excluded["name"].tolist() == ["kommune_kaputt"]
    assert any("kommune_kaputt" in note for note in a.notes)
    assert a.size_basis == "population"


def test_peer_groups_by_hand() -> None:
    # Land: a, b, c in Hessen (3 = MIN_PEER_GROUP), d, e in Bayern (too few), f without Land
    t = table(
        density=[0.1, 0.3, 0.2, 0.5, 0.4, 0.6],
        land=["Hessen", "Hessen", "Hessen", "Bayern", "Bayern", None],
    )
    a = atlas(t, peers=["land"], lang="de")
    assert a.peer_keys == ("land",)
    rows = a.peers[a.peers["measure"] == "density"].set_index("name")
    assert sorted(rows.index) == ["a", "b", "c", "d", "e"]  # f has no Land
    hessen = rows.loc[["a", "b", "c"]]
    assert (hessen["peer_n"] == 3).all() and (hessen["peer_median"] == 0.2).all()
    # within Hessen 0.1, 0.3, 0.2 -> 100 (r - 1/2) / 3 = 16.7, 83.3, 50
    assert hessen["peer_percentile"].tolist() == pytest.approx([50 / 3, 250 / 3, 50])
    bayern = rows.loc[["d", "e"]]
    assert (bayern["peer_n"] == 2).all() and bayern["peer_median"].isna().all()
    assert bayern["peer_percentile"].isna().all()
    assert MIN_PEER_GROUP > 2
    summary = a.peer_summary.set_index("peer_group")
    assert summary.loc["Hessen", "members"] == 3 and summary.loc["Hessen", "density"] == 0.2
    assert math.isnan(summary.loc["Bayern", "density"])


def test_keys_without_values_are_skipped_with_a_note() -> None:
    a = atlas(table(density=[0.1, 0.2, 0.3]), peers=["land", "size"], lang="en")
    assert a.peer_keys == ("size",)
    assert any("No peer groups by Land" in n for n in a.notes)
    assert a.size_basis == "n_actors"  # no population given
    assert a.municipalities["size_class"].tolist() == ["under 50 actors"] * 3


def test_one_municipality() -> None:
    outcomes = pd.DataFrame({"name": ["a"], "erfolg": [3.0]})
    a = atlas(table(density=[0.3]), outcomes=outcomes, lang="en")
    assert a.percentiles.loc["a"].tolist() == [50.0, 50.0]
    assert any("Only one municipality" in n for n in a.notes)
    assert a.correlations["p_method"].eq("none").all()
    assert a.correlations["spearman"].isna().all()


def test_all_equal_values() -> None:
    outcomes = pd.DataFrame({"name": list("abcde"), "erfolg": [1.0, 2.0, 3.0, 4.0, 5.0]})
    a = atlas(table(density=[0.25] * 5, n_actors=[30] * 5), outcomes=outcomes)
    assert (a.percentiles == 50.0).all().all()
    row = a.distribution.loc["density"]
    assert row["q1"] == row["median"] == row["q3"] == 0.25
    assert a.correlations["spearman"].isna().all()  # no variation, no rank correlation


def test_missing_outcome_values_are_excluded_per_pair_and_counted() -> None:
    rng = np.random.default_rng(1)
    t = table(density=rng.uniform(size=12).tolist())
    outcomes = pd.DataFrame(
        {"name": list("abcdefghij"), "erfolg": [1, 2, None, 4, 5, 1, 2, 3, 4, None]}
    )
    a = atlas(t, outcomes=outcomes, n_permutations=200, lang="en")
    row = a.correlations.set_index("measure").loc["density"]
    assert (row["n"], row["n_missing"]) == (8, 4)  # 2 empty cells + k, l not in the file
    assert any("2 municipalities have no row in the outcomes file" in n for n in a.notes)
    assert row["small_n"] and any("fewer than 10" in n for n in a.notes)
    assert a.outcomes.index.tolist() == a.municipalities.index.tolist()


@settings(max_examples=10, deadline=None)
@given(st.permutations(range(8)))
def test_reordering_rows_changes_nothing(order: list[int]) -> None:
    rng = np.random.default_rng(5)
    t = table(
        density=rng.uniform(size=8).round(2).tolist(),
        modularity=rng.uniform(size=8).round(1).tolist(),
        land=["Hessen", "Bayern"] * 4,
        n_actors=rng.integers(20, 120, 8).tolist(),
    )
    outcomes = pd.DataFrame({"name": t["name"], "erfolg": rng.integers(1, 4, 8)})
    first = atlas(t, outcomes=outcomes, n_permutations=100)
    again = atlas(t.iloc[order], outcomes=outcomes.iloc[order[::-1]], n_permutations=100)
    pd.testing.assert_frame_equal(first.percentiles, again.percentiles)
    pd.testing.assert_frame_equal(first.peers, again.peers)
    pd.testing.assert_frame_equal(first.correlations, again.correlations)
    pd.testing.assert_frame_equal(first.distribution, again.distribution)


def test_invalid_options() -> None:
    t = table(density=[0.1, 0.2])
    with pytest.raises(ValueError, match="unknown peer key"):
        atlas(t, peers=["bundesland"])  # type: ignore[list-item]
    with pytest.raises(ValueError, match="correction"):
        atlas(t, correction="bonferroni")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="language"):
        atlas(t, lang="fr")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="n_permutations"):
        atlas(t, n_permutations=0)
    with pytest.raises(InputError, match="did you mean 'a'"):
        atlas(t, outcomes=pd.DataFrame({"name": ["A"], "erfolg": [1]}))


# ---------------------------------------------------------------------------- one municipality
def test_compare_with_peers_gives_the_atlas_numbers() -> None:
    t = table(
        density=[0.1, 0.3, 0.2, 0.5, 0.4],
        land=["Hessen", "Hessen", "Hessen", "Hessen", "Bayern"],
        label=["Stadt A", "Stadt B", "Stadt C", "Stadt D", "Stadt E"],
    )
    a = atlas(t, peers=["land"])
    own = {"n_actors": 40.0, "density": 0.2, "ei_index": math.nan}
    # c itself is in the table: found by its label, its row replaced (same values)
    inside = compare_with_peers(t, own, name="Stadt C", meta={"land": "Hessen"}, peers=["land"])
    assert inside.n_others == 4
    assert inside.table.loc["density", "percentile"] == a.percentiles.loc["c", "density"]
    peers_c = a.peers[(a.peers["name"] == "c") & (a.peers["measure"] == "density")].iloc[0]
    assert inside.table.loc["density", "land_percentile"] == peers_c["peer_percentile"]
    assert inside.table.loc["density", "land_median"] == peers_c["peer_median"]
    assert inside.groups == {"land": "Hessen"}
    assert inside.table.loc["density", "median"] == a.distribution.loc["density", "median"]
    assert any("Stadt C" in n or "„c“" in n for n in inside.notes)
    # without its row the same numbers: the comparison set is the same
    outside = compare_with_peers(
        t[t["name"] != "c"], own, name="Neustadt", meta={"land": "Hessen"}, peers=["land"]
    )
    assert outside.n_others == 4
    pd.testing.assert_frame_equal(outside.table, inside.table)


def test_compare_with_peers_notes_values_that_differ_and_needs_others() -> None:
    t = table(density=[0.1, 0.3], label=["Stadt A", "Stadt B"])
    pos = compare_with_peers(t, {"n_actors": 20.0, "density": 0.9}, name="Stadt A", lang="en")
    assert any("differ" in n and "Density" in n for n in pos.notes)
    assert pos.table.loc["density", "percentile"] == 75.0  # 0.9 above 0.3 among 2
    with pytest.raises(InputError, match="no other municipality"):
        compare_with_peers(table(density=[0.1]), {"density": 0.1}, name="a")


# ---------------------------------------------------------------------------- files
def _hostile() -> tuple[pd.DataFrame, pd.DataFrame]:
    t = table(
        density=[0.1, 0.2, 0.3, 0.4],
        land=[XSS, XSS, "Hessen", "=HYPERLINK(1)"],
        label=[XSS, "b", "c", "d"],
        status=["ok", "ok", "ok", "ok"],
    )
    t.loc[0, "name"] = XSS
    outcomes = pd.DataFrame({"name": [XSS, "b", "c", "d"], XSS: [1, 2, 3, 4]})
    return t, outcomes


def test_write_atlas_files_safety_and_replacing(tmp_path: Path) -> None:
    t, outcomes = _hostile()
    out = write_atlas(atlas(t, outcomes=outcomes, n_permutations=50), tmp_path / "atlas")
    page = (out / "index.html").read_text(encoding="utf-8")
    assert XSS not in page and "&lt;script&gt;" in page
    assert "<script" not in page
    assert 'http-equiv="Content-Security-Policy"' in page and "default-src 'none'" in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    assert re.findall(r'<section id="([^"]+)"', page) == [
        "overview",
        "distributions",
        "municipalities",
        "peers",
        "outcomes",
        "methods",
    ]
    for img in re.findall(r'<img src="([^"]+)"', page):
        assert (out / img).is_file()
    assert sorted(p.name for p in (out / "tables").iterdir()) == [
        "correlations.csv",
        "distribution.csv",
        "excluded.csv",
        "municipalities.csv",
        "outcomes.csv",
        "peer_groups.csv",
        "peers.csv",
        "percentiles.csv",
    ]
    municipalities = pd.read_csv(out / "tables" / "municipalities.csv")
    assert "'=HYPERLINK(1)" in municipalities["land"].tolist()  # no formula in a spreadsheet
    assert "density_percentile" in municipalities.columns
    marker = json.loads((out / SUMMARY).read_text(encoding="utf-8"))
    assert marker["municipalities"] == 4 and marker["correction"] == "holm"
    # a second run replaces the first atlas; another folder with content is refused
    write_atlas(atlas(t), out)
    assert not (out / "tables" / "correlations.csv").exists()
    other = tmp_path / "mine"
    other.mkdir()
    (other / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(OutputError, match="not made by coopnet"):
        write_atlas(atlas(t), other)
    assert (other / "notes.txt").read_text(encoding="utf-8") == "mine"
    write_atlas(atlas(t), other, overwrite=True)  # asked for: written beside, nothing deleted
    assert (other / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert (other / "index.html").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["atlas", "mine"]  # no leftovers
    # the atlas may not be written into the folder of the table it was read from
    t.to_csv(tmp_path / "m.csv", index=False)
    with pytest.raises(OutputError):
        write_atlas(atlas(tmp_path / "m.csv"), tmp_path / "m.csv")


def test_page_language_and_overview_html(tmp_path: Path) -> None:
    t = table(density=[0.1, 0.2, 0.3], ei_index=[-0.5, 0.25, 0.0])
    de = atlas(t)
    en = atlas(t, lang="en")
    assert "Dichte" in de.format() and "Density" in en.format()
    assert "0,2" in de.format() and "−0,250" in de.format()  # decimal comma, typographic minus
    html = de._repr_html_()
    assert "<table" in html and "Anteil gruppenübergreifender Kooperationen" in html
    page = (write_atlas(en, tmp_path / "en") / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in page and "Percentile rank" in page
    assert 'id="outcomes"' not in page  # no outcomes, no section
