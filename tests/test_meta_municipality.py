"""The municipality keys of dataset.toml (land, kreis, municipality_type, population)."""

from __future__ import annotations

from pathlib import Path

import pytest

from coopnet.config import meta_from_mapping, read_meta
from coopnet.errors import InputError
from coopnet.io import read_workbook, write_workbook
from coopnet.model import load

from .conftest import MakeDataset


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"land": "NW"}, {"land": "Nordrhein-Westfalen"}),
        ({"land": "nrw"}, {"land": "Nordrhein-Westfalen"}),
        ({"land": "DE-BY"}, {"land": "Bayern"}),
        ({"land": "thüringen"}, {"land": "Thüringen"}),
        ({"municipality_type": "Landkreis"}, {"municipality_type": "Kreis"}),
        ({"municipality_type": "KREISFREIE STADT"}, {"municipality_type": "kreisfreie Stadt"}),
        ({"municipality_type": "municipality"}, {"municipality_type": "kreisangehörige Gemeinde"}),
        ({"population": 85000}, {"population": 85000}),
        ({"population": "85.000"}, {"population": 85000}),  # from an Excel meta sheet
        ({"population": "1 250 000"}, {"population": 1_250_000}),
        ({"kreis": "  Kreis   Mettmann "}, {"kreis": "Kreis Mettmann"}),
    ],
)
def test_values_are_normalised(data: dict[str, object], expected: dict[str, object]) -> None:
    meta = meta_from_mapping(data)
    for key, value in expected.items():
        assert getattr(meta, key) == value


def test_defaults_are_none() -> None:
    meta = meta_from_mapping({})
    assert (meta.land, meta.kreis, meta.municipality_type, meta.population) == (None,) * 4


def test_every_bad_value_is_reported() -> None:
    with pytest.raises(InputError) as caught:
        meta_from_mapping(
            {
                "land": "Nordrhein Westfalen",
                "municipality_type": "Stadt",
                "population": 0,
                "kreis": 3,
            }
        )
    message = str(caught.value)
    assert "4 problem(s)" in message
    assert "column 'land'" in message and "did you mean 'Nordrhein-Westfalen'?" in message
    assert "column 'municipality_type'" in message and "kreisfreie Stadt" in message
    assert "column 'population', value '0'" in message
    assert "column 'kreis'" in message
    for bad in ("1.5", True, "85,000.5", -3):
        with pytest.raises(InputError, match="population"):
            meta_from_mapping({"population": bad})


def test_toml_and_workbook_round_trip(make_dataset: MakeDataset, tmp_path: Path) -> None:
    toml = (
        'name = "Beispielstadt"\nland = "HE"\nkreis = "Kreis Probetal"\n'
        'municipality_type = "Gemeinde"\npopulation = 12345\n'
    )
    folder = make_dataset("id,label\nA,Amt A\nB,Amt B\n", "source,target\nA,B\n", toml)
    meta = read_meta(folder / "dataset.toml")
    assert (meta.land, meta.kreis, meta.municipality_type, meta.population) == (
        "Hessen",
        "Kreis Probetal",
        "kreisangehörige Gemeinde",
        12345,
    )
    (tmp_path / "again.toml").write_text(meta.to_toml(), encoding="utf-8")
    assert read_meta(tmp_path / "again.toml") == meta
    net = load(folder)
    write_workbook(net.actors, net.ties, net.meta, tmp_path / "b.xlsx")
    assert read_workbook(tmp_path / "b.xlsx").meta.population == 12345
    assert read_workbook(tmp_path / "b.xlsx").meta.land == "Hessen"
