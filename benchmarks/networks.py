"""Synthetic cooperation networks of a given size, written as coopnet datasets.

Used by ``benchmarks/bench.py``; deterministic for a given seed. Not part of the package.

The generator mimics a municipal cooperation survey: actors sit in departments / sectors of 8-15
actors; most ties stay inside a group, a minority crosses groups and preferentially reaches a few
well-connected hubs (coordination offices); weights are intensities 1-5; about 2 % of the actors
are isolates and a few small groups are cut off from the rest (a second component).
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

MEAN_DEGREE = 8.0
"""Target mean number of ties per actor (in + out for the directed data)."""


def cooperation_ties(
    n: int, *, seed: int = 0, directed: bool = True
) -> tuple[list[tuple[str, str]], list[tuple[str, str, int]]]:
    """Return ``(actors, ties)``: ``(id, group)`` rows and ``(source, target, weight)`` rows.

    Directed: ``n * MEAN_DEGREE / 2`` nominations (mean in + out degree 8, about 30 % of them
    returned). Undirected: ``n * MEAN_DEGREE / 2`` distinct ties (mean degree 8).
    """
    rng = np.random.default_rng(seed)
    sizes: list[int] = []
    while sum(sizes) < n:
        sizes.append(int(rng.integers(8, 16)))
    sizes[-1] -= sum(sizes) - n
    if sizes[-1] <= 0:
        sizes.pop()
        sizes[-1] += n - sum(sizes)
    group_of = np.repeat(np.arange(len(sizes)), sizes)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    ids = [f"A{i:05d}" for i in range(n)]
    actors = [(ids[i], f"G{group_of[i]:04d}") for i in range(n)]
    n_isolates = max(1, n // 50) if n >= 50 else 0
    isolated = set(rng.choice(n, size=n_isolates, replace=False).tolist())
    # the last two groups form a detached island (a second component)
    island = (
        set(range(n - sizes[-1] - (sizes[-2] if len(sizes) > 1 else 0), n)) if n >= 100 else set()
    )
    hubs = rng.choice(n, size=max(2, n // 40), replace=False)
    popularity = np.ones(n)
    popularity[hubs] = 25.0
    popularity[list(isolated)] = 0.0
    target_ties = int(n * MEAN_DEGREE / 2)
    seen: set[tuple[int, int]] = set()
    ties: list[tuple[str, str, int]] = []
    pool = np.array([i for i in range(n) if i not in isolated])
    mainland = np.array([i for i in pool if i not in island])
    p_main = popularity[mainland] / popularity[mainland].sum()
    while len(ties) < target_ties:
        a = int(rng.choice(pool))
        g = group_of[a]
        if rng.random() < 0.7 or a in island:
            b = int(starts[g] + rng.integers(0, sizes[g]))
            if a in island and b not in island:
                continue
        else:
            b = int(rng.choice(mainland, p=p_main))
        if a == b or b in isolated:
            continue
        key = (a, b) if directed else (min(a, b), max(a, b))
        if key in seen:
            continue
        seen.add(key)
        ties.append((ids[a], ids[b], int(rng.integers(1, 6))))
        if directed and rng.random() < 0.3 and len(ties) < target_ties and (b, a) not in seen:
            seen.add((b, a))
            ties.append((ids[b], ids[a], int(rng.integers(1, 6))))
    return actors, ties


def write_dataset(folder: Path, n: int, *, seed: int = 0, directed: bool = True) -> Path:
    """Write ``actors.csv``, ``ties.csv`` and ``dataset.toml`` of a synthetic network."""
    folder.mkdir(parents=True, exist_ok=True)
    actors, ties = cooperation_ties(n, seed=seed, directed=directed)
    with (folder / "actors.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "label", "group"])
        writer.writerows((a, f"Actor {a}", g) for a, g in actors)
    with (folder / "ties.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["source", "target", "weight"])
        writer.writerows(ties)
    (folder / "dataset.toml").write_text(
        f'name = "synthetic-{n}"\ndirected = {"true" if directed else "false"}\ngroup = "group"\n',
        encoding="utf-8",
    )
    return folder
