"""Generate a small set of synthetic municipalities for the atlas (tests, docs, trying it out).

Each municipality is a coopnet dataset folder (``actors.csv``, ``ties.csv``, ``dataset.toml``)
with its own seeded network — 30 to 90 actors in groups of 6 to 12, more or fewer ties, more or
fewer of them across groups — and the optional municipality keys of ``dataset.toml`` (Land, Kreis,
type, population). ``outcomes.csv`` holds a synthetic "project success" rating (1–5) that rises
with the share of cross-group ties plus noise, and a second, unrelated outcome. With
``--broken`` one more dataset has an unknown actor (its analysis fails, the atlas lists it).

Everything is derived from ``numpy.random.default_rng(seed)``; a rerun writes the same files.
SYNTHETIC data: no real municipality is described. Usage::

    python scripts/make_atlas_fixture.py --out out/kommunen --n 12 --broken
    coopnet batch out/kommunen --out out/atlas-demo --report --outcomes out/kommunen/outcomes.csv
"""

from __future__ import annotations

import argparse
import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np

LAENDER = ("Nordrhein-Westfalen", "Niedersachsen", "Hessen")
KREISE = {
    "Nordrhein-Westfalen": ("Kreis Beispiel-Nord", "Kreis Beispiel-Süd"),
    "Niedersachsen": ("Landkreis Musterheide",),
    "Hessen": ("Kreis Probetal",),
}


@dataclass(frozen=True)
class Municipality:
    """What the generator chose for one municipality (for checks in the tests)."""

    folder: str
    name: str
    n_actors: int
    within: float
    population: int
    land: str
    kreis: str | None
    municipality_type: str


def _network(
    rng: np.random.Generator, n: int, within: float, degree: float
) -> tuple[list[tuple[str, str]], list[tuple[str, str, int]]]:
    sizes: list[int] = []
    left = n
    while left > 0:
        sizes.append(min(int(rng.integers(6, 13)), left))
        left -= sizes[-1]
    if sizes[-1] < 3 and len(sizes) > 1:
        last = sizes.pop()
        sizes[-1] += last
    group = np.repeat(np.arange(len(sizes)), sizes)
    ids = [f"a{i:03d}" for i in range(n)]
    actors = [(ids[i], f"Bereich {group[i] + 1}") for i in range(n)]
    isolated = set(rng.choice(n, size=int(rng.integers(0, 3)), replace=False).tolist())
    members = {g: [i for i in range(n) if group[i] == g and i not in isolated] for g in set(group)}
    pool = [i for i in range(n) if i not in isolated]
    target = int(n * degree / 2)
    seen: set[tuple[int, int]] = set()
    ties: list[tuple[str, str, int]] = []
    attempts = 0
    while len(ties) < target and attempts < 50 * target:
        attempts += 1
        a = int(rng.choice(pool))
        inside = members[int(group[a])]
        b = (
            int(rng.choice(inside))
            if rng.random() < within and len(inside) > 1
            else int(rng.choice(pool))
        )
        key = (min(a, b), max(a, b))
        if a == b or key in seen:
            continue
        seen.add(key)
        ties.append((ids[key[0]], ids[key[1]], int(rng.integers(1, 5))))
    return actors, ties


def write_fixture(
    out: Path, *, n: int = 8, seed: int = 0, broken: bool = False
) -> list[Municipality]:
    """Write `n` synthetic municipalities (and ``outcomes.csv``) into `out`; return what was made."""
    rng = np.random.default_rng(seed)
    out.mkdir(parents=True, exist_ok=True)
    made: list[Municipality] = []
    success: list[tuple[str, str, str]] = []
    for i in range(n):
        folder = f"kommune_{i + 1:02d}"
        n_actors = int(rng.integers(30, 91))
        within = float(rng.uniform(0.45, 0.9))
        degree = float(rng.uniform(3.5, 8.0))
        land = LAENDER[i % len(LAENDER)]
        kreis = KREISE[land][i % len(KREISE[land])]
        population = int(rng.integers(8, 160)) * 1000
        kind = "kreisfreie Stadt" if population >= 100_000 else "kreisangehörige Gemeinde"
        actors, ties = _network(rng, n_actors, within, degree)
        target = out / folder
        target.mkdir(exist_ok=True)
        with (target / "actors.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(["id", "label", "group"])
            writer.writerows((a, f"Akteur {a}", g) for a, g in actors)
        with (target / "ties.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(["source", "target", "weight"])
            writer.writerows(ties)
        name = f"Beispielstadt {i + 1}"
        meta = [
            f'name = "{name}"',
            "directed = false",
            'group = "group"',
            f'land = "{land}"',
            f'municipality_type = "{kind}"',
            f"population = {population}",
        ]
        if kind != "kreisfreie Stadt":
            meta.append(f'kreis = "{kreis}"')
        (target / "dataset.toml").write_text("\n".join(meta) + "\n", encoding="utf-8")
        made.append(
            Municipality(
                folder,
                name,
                n_actors,
                within,
                population,
                land,
                kreis if kind != "kreisfreie Stadt" else None,
                kind,
            )
        )
        # success rises with the share of cross-group ties (1 - within), plus noise
        rating = float(np.clip(np.round(1 + 4 * (1 - within) / 0.55 + rng.normal(0, 0.8)), 1, 5))
        other = "" if i == 1 else f"{rng.uniform(0, 10):.1f}".replace(".", ",")
        success.append((folder, f"{rating:g}", other))
    if broken:
        target = out / "kommune_kaputt"
        target.mkdir(exist_ok=True)
        (target / "actors.csv").write_text("id,label,group\na,A,X\nb,B,Y\n", encoding="utf-8")
        (target / "ties.csv").write_text("source,target\na,b\na,zz\n", encoding="utf-8")
    with (out / "outcomes.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\n")
        writer.writerow(["name", "erfolg", "zufriedenheit"])
        writer.writerows(success)
    return made


def main(argv: list[str] | None = None) -> int:
    """Command-line entry: write the fixture into ``--out``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True, type=Path, help="folder to write")
    parser.add_argument("--n", type=int, default=8, help="number of municipalities (default 8)")
    parser.add_argument("--seed", type=int, default=0, help="seed (default 0)")
    parser.add_argument("--broken", action="store_true", help="add one invalid dataset")
    args = parser.parse_args(argv)
    made = write_fixture(args.out, n=args.n, seed=args.seed, broken=args.broken)
    print(f"wrote {len(made)} municipalities and outcomes.csv to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
