"""Time ``coopnet analyze`` on one large network (default 50,000 actors, ~500,000 ties).

Usage (from the repository root)::

    .venv/bin/python benchmarks/large_network.py                       # 50,000 actors
    .venv/bin/python benchmarks/large_network.py --actors 20000 --variant "" --variant=--directed
    .venv/bin/python benchmarks/large_network.py --parts                # time each engine part too

The dataset is generated once with ``benchmarks/networks.py`` (mean degree ``--degree``: 50,000 x
20 / 2 = 500,000 nominations, about 350,000 ties once symmetrised) and kept in ``--workdir``.
Each variant runs ``coopnet analyze DATASET --out DIR [flags]`` as a separate process; the table
gives its wall time, CPU time (user + system of the process and its workers) and peak memory, and
the load average of the machine before and after. ``--parts`` also times, in this process, the
exact and the sampled betweenness and distance sums on the same network (exact betweenness
extrapolated from 500 sources, marked ``~``).
"""

from __future__ import annotations

import argparse
import os
import resource
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import networks  # noqa: E402

COOPNET = [sys.executable, "-m", "coopnet"]


def dataset(workdir: Path, n: int, degree: float) -> Path:
    """Generate (once) and return the dataset folder."""
    folder = workdir / f"coopnet-large-{n}-{degree:g}"
    if not (folder / "ties.csv").exists():
        networks.MEAN_DEGREE = degree
        networks.write_dataset(folder, n, seed=0, directed=True)
    return folder


def load() -> str:
    """The load average of the machine (1, 5, 15 minutes)."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def run(command: list[str]) -> tuple[float, float, float, int]:
    """Wall s, CPU s (user + system incl. children), peak RSS MiB, exit code of a command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode != 0:
        sys.stderr.write(done.stderr.decode("utf-8", "replace")[-2000:])
    return wall, cpu, after.ru_maxrss / 1024, done.returncode


def parts(folder: Path) -> list[str]:
    """Exact against sampled betweenness and distance sums, in this process (jobs=2)."""
    from coopnet.metrics import _engine as engine
    from coopnet.metrics.sampling import (
        Sampling,
        estimate_of,
        pivot_distance_sums,
        rk_betweenness,
    )
    from coopnet.run import study

    s = study(folder)
    arrays = s.arrays()
    lines = [
        f"network: {arrays.n} actors, {arrays.n_ties} ties (symmetrised)",
        "",
        "| part | wall s | CPU s | note |",
        "|---|---:|---:|---|",
    ]

    def timed(name: str, func: object, note: str = "", scale: float = 1.0) -> None:
        wall, cpu = time.perf_counter(), time.process_time()
        func()  # type: ignore[operator]
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        mark = "~" if scale != 1.0 else ""
        lines.append(f"| {name} | {mark}{wall * scale:.1f} | {mark}{cpu * scale:.1f} | {note} |")

    graph = engine._igraph_graph(arrays)
    sources = list(range(500))
    timed(
        "exact betweenness (igraph, 500 sources, extrapolated)",
        lambda: graph.betweenness(directed=False, sources=sources),
        "CPU of this process only",
        scale=arrays.n / 500,
    )
    spec = Sampling(epsilon=0.01, delta=0.1)
    timed("RK betweenness, epsilon 0.01", lambda: rk_betweenness(arrays, weighted=False,
          sampling=spec, jobs=2), "CPU of this process only (2 workers)")  # fmt: skip
    info = estimate_of(arrays, "betweenness", weighted=False, sampling=spec)
    assert info is not None
    lines[-1] = (
        lines[-1][:-2] + f"; {info['samples']} paths, VD <= {info['vertex_diameter_bound']} |"
    )
    timed("exact distance sums (bit-parallel BFS)",
          lambda: engine.distance_sums(arrays, weighted=False, jobs=2), "closeness, harmonic")  # fmt: skip
    loose = Sampling(epsilon=0.05, delta=0.1)
    timed("pivot distance sums, epsilon 0.05",
          lambda: pivot_distance_sums(arrays, weighted=False, sampling=loose, jobs=2))  # fmt: skip
    info = estimate_of(arrays, "closeness", weighted=False, sampling=loose)
    assert info is not None
    lines[-1] = lines[-1][:-2] + f"{info['samples']} pivots |"
    return lines


def main() -> None:
    """Parse arguments, run the variants, print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actors", type=int, default=50_000)
    parser.add_argument("--degree", type=float, default=20.0)
    parser.add_argument(
        "--variant", action="append", default=None,
        help="flags of one coopnet analyze run (repeatable; default: '' and '--directed')",
    )  # fmt: skip
    parser.add_argument("--parts", action="store_true", help="also time the engine parts")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()))
    args = parser.parse_args()
    variants = args.variant if args.variant is not None else ["", "--directed"]
    folder = dataset(args.workdir, args.actors, args.degree)
    print(f"Load average at start: {load()} ({os.cpu_count()} cores)\n")
    print("| actors | flags | wall s | CPU s | peak MiB | exit |")
    print("|---:|---|---:|---:|---:|---:|")
    for flags in variants:
        out = args.workdir / "coopnet-large-out"
        command = [*COOPNET, "analyze", str(folder), "--out", str(out), "--overwrite", "-q"]
        command += shlex.split(flags)
        wall, cpu, rss, code = run(command)
        shown = flags or "(defaults: --sample auto)"
        print(f"| {args.actors} | {shown} | {wall:.1f} | {cpu:.1f} | {rss:.0f} | {code} |")
    print(f"\nLoad average at end: {load()}")
    if args.parts:
        print()
        print("\n".join(parts(folder)))
        print(f"\nLoad average at end: {load()}")


if __name__ == "__main__":
    main()
