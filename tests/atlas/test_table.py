"""Reading municipalities.csv (coopnet.atlas.table) and the size classes."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from coopnet.atlas import MEASURES, read_municipalities, size_classes
from coopnet.atlas.table import TESTED_MEASURES
from coopnet.batch import BATCH_COLUMNS
from coopnet.errors import InputError

from .conftest import Towns, table


def test_failed_datasets_are_excluded_and_listed() -> None:
    t = table(
        status=["ok", "error", "timeout", "ok"],
        error=["", "3 problem(s) in x:\n  - error: ties.csv, row 4: bad\n  - more", "slow", ""],
        density=[0.2, None, None, 0.4],
    )
    m = read_municipalities(t)
    assert m.table.index.tolist() == ["a", "d"]
    assert m.excluded.to_dict("records") == [
        {
            "name": "b",
            "status": "error",
            "error": "3 problem(s) in x; error: ties.csv, row 4: bad; more",
        },
        {"name": "c", "status": "timeout", "error": "slow"},
    ]
    assert m.measures == ("n_actors", "density")
    assert set(m.missing_measures) == set(MEASURES) - {"n_actors", "density"}


def test_cross_group_share_is_derived_from_the_ei_index() -> None:
    # E-I = (E - I) / (E + I)  ->  E / (E + I) = (E-I + 1) / 2
    m = read_municipalities(table(ei_index=[-1.0, 0.0, 0.5, None]))
    assert m.table["cross_group_share"].tolist()[:3] == [0.0, 0.5, 0.75]
    assert math.isnan(m.table["cross_group_share"].iloc[3])
    assert "cross_group_share" in m.measures and "cross_group_share" not in TESTED_MEASURES


def test_reads_the_batch_table_from_file_or_folder(towns: Towns) -> None:
    from_file = read_municipalities(towns.batch.table_path)
    from_folder = read_municipalities(towns.out)
    from_frame = read_municipalities(towns.batch.table)
    assert from_file.table.index.tolist() == [m.folder for m in towns.made]
    assert from_file.excluded["name"].tolist() == ["kommune_kaputt"]
    assert "zz" in from_file.excluded.loc[0, "error"]
    assert from_file.measures == MEASURES  # the batch table has every measure
    pd.testing.assert_frame_equal(from_file.table, from_folder.table)
    pd.testing.assert_frame_equal(
        from_file.table[list(MEASURES)], from_frame.table[list(MEASURES)], check_dtype=False
    )


def test_batch_carries_the_municipality_keys_of_dataset_toml(towns: Towns) -> None:
    assert {"label", "land", "kreis", "municipality_type", "population"} <= set(BATCH_COLUMNS)
    frame = towns.batch.table.set_index("name")
    for made in towns.made:
        row = frame.loc[made.folder]
        assert row["label"] == made.name
        assert row["land"] == made.land
        assert row["municipality_type"] == made.municipality_type
        assert row["population"] == made.population
        assert row["n_actors"] == made.n_actors
        assert (row["kreis"] if isinstance(row["kreis"], str) else None) == made.kreis
        assert 0 <= row["degree_centralization"] <= 1
        assert 0 <= row["betweenness_centralization"] <= 1


@pytest.mark.parametrize(
    ("frame", "match"),
    [
        (pd.DataFrame({"name": ["a"], "n_actors": [3]}), "needs the column 'status'"),
        (table(density=[0.1, 0.2]).assign(name=["a", "a"]), "row 3, column 'name', value 'a'"),
        (table(density=[0.1, "viel"]), "row 3, column 'density', value 'viel': not a number"),
        (table(density=[0.1, 0.2], population=[100, -5]), "column 'population'.*positive"),
        (table(density=[0.1, 0.2], status=["error", "error"]), "no municipality was analysed"),
        (table(density=[0.1, 0.2]).assign(name=["a", " "]), "row 3, column 'name'.*empty"),
    ],
)
def test_invalid_tables(frame: pd.DataFrame, match: str) -> None:
    with pytest.raises(InputError, match=match):
        read_municipalities(frame)


def test_values_of_failed_rows_are_not_checked() -> None:
    m = read_municipalities(table(status=["ok", "error"], density=[0.1, "kaputt"]))
    assert m.table.index.tolist() == ["a"]


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_municipalities(tmp_path / "nope.csv")
    (tmp_path / "m.csv").write_text("name,status,n_actors\na,ok,1,2\n", encoding="utf-8")
    with pytest.raises(InputError, match="row 2"):
        read_municipalities(tmp_path / "m.csv")


def test_size_classes_by_population_bounds() -> None:
    # lower bounds 5,000 / 20,000 / 100,000 inhabitants, the lower bound included
    t = pd.DataFrame(
        {"population": [4_999.0, 5_000.0, 19_999.0, 20_000.0, 100_000.0], "n_actors": [10.0] * 5}
    )
    classes, basis, labels = size_classes(t, lang="de")
    assert basis == "population"
    assert labels == [
        "unter 5.000 Einw.",
        "5.000 bis unter 20.000 Einw.",
        "20.000 bis unter 100.000 Einw.",
        "100.000 Einw. und mehr",
    ]
    assert classes.tolist() == [labels[0], labels[1], labels[1], labels[2], labels[3]]


def test_size_classes_fall_back_to_actors_when_a_population_is_missing() -> None:
    # bounds 50 / 100 / 200 actors; one municipality without population -> actors for all
    t = pd.DataFrame({"population": [30_000.0, math.nan, 5_000.0], "n_actors": [49.0, 50.0, 200.0]})
    classes, basis, labels = size_classes(t, lang="en")
    assert basis == "n_actors"
    assert classes.tolist() == ["under 50 actors", "50 to under 100 actors", "200 actors and more"]
    assert len(labels) == 4
