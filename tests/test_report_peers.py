"""The report section "Im Vergleich mit den anderen N Kommunen" (coopnet.report.peers)."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from coopnet.atlas import compare_study, compare_with_peers
from coopnet.report.peers import SECTION_ID, peer_section
from coopnet.run import study

from .conftest import MakeDataset

XSS = "<script>alert(1)</script>"


def _others(n: int = 4) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "name": [f"k{i}" for i in range(n)],
            "status": "ok",
            "n_actors": [4, 6, 8, 10][:n],
            "density": [0.2, 0.4, 0.6, 0.8][:n],
            "land": ["Hessen"] * n,
            "label": [f"Stadt {i}" for i in range(n)],
        }
    )


def test_section_numbers_and_escaping() -> None:
    position = compare_with_peers(
        _others(),
        {"n_actors": 5.0, "density": 0.5},
        name=XSS,
        meta={"land": "Hessen"},
        peers=["land"],
    )
    html = peer_section(position)
    assert html.startswith(f'<section id="{SECTION_ID}">')
    assert "Im Vergleich mit den anderen 4 Kommunen" in html
    assert XSS not in html and "&lt;script&gt;" in html
    # density 0.5 among 0.2, 0.4, 0.6, 0.8 and itself: 2 below -> 100 * 2.5 / 5 = 50
    assert position.table.loc["density", "percentile"] == 50.0
    assert position.table.loc["density", "land_median"] == 0.5
    cells = re.findall(r'<td class="num">([^<]*)</td>', html)
    assert "0,500" in cells and "50" in cells
    assert "Land: Hessen (5)" in html


def test_one_other_municipality_and_english() -> None:
    position = compare_with_peers(
        _others(1), {"n_actors": 5.0, "density": 0.1}, name="X", lang="en"
    )
    html = peer_section(position)
    assert "Compared with the other municipality" in html
    assert "Groups of fewer than 3 municipalities" in html


def test_compare_study_uses_the_pooled_network_and_dataset_toml(
    make_dataset: MakeDataset,
) -> None:
    toml = 'name = "Klein"\ngroup = "group"\nland = "HE"\npopulation = 9000\n'
    folder = make_dataset(
        "id,label,group\nA,A,X\nB,B,X\nC,C,Y\nD,D,Y\n",
        "source,target,period\nA,B,2014\nB,C,2016\nC,D,2016\n",
        toml,
    )
    s = study(folder)
    others = _others().assign(population=[5000, 6000, 7000, 8000])
    position = compare_study(s, others)
    network = s.analysis().network  # all periods pooled, as coopnet batch analyses them
    assert position.table.loc["density", "value"] == network["density"]  # 3 of 6 pairs
    assert position.table.loc["density", "value"] == 0.5
    assert position.groups == {"size": "5.000 bis unter 20.000 Einw.", "land": "Hessen"}
    assert position.size_basis == "population"
    assert position.name == "Klein" and Path(position.source).name == "DataFrame"
