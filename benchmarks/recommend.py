"""Benchmark the intervention designer (``coopnet recommend``) on synthetic networks.

Usage (from the repository root)::

    .venv/bin/python benchmarks/recommend.py                    # 500 and 2,000 actors
    .venv/bin/python benchmarks/recommend.py --sizes 2000 5000 --markdown out.md

For every size it generates an undirected cooperation network (``benchmarks/networks.py``: groups
of 8-15 actors, mean degree about 8, hubs, 2 % isolates, a detached island) and prints, per
objective, the in-process time and peak memory of ``recommend_ties(graph, k=3)`` (candidates:
all pairs of active actors), of the same with ``across_groups=True``, and of the liaison mode at
the smallest size. It then times the whole ``coopnet recommend --add 3`` command as a separate
process (start-up and loading included) and a robustness stress case: a random tree, where every
inner actor is an articulation point.

Target (issue 14): ``--add 3`` at 2,000 actors in under 5 s.

At the smallest size (or ``--check-at N``) the first step of each objective is checked against a
naive evaluation that recomputes the objective for a sample of candidate pairs.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "src"))

from networks import cooperation_ties, write_dataset  # noqa: E402

from coopnet.recommend import OBJECTIVES, objective_value, recommend_ties  # noqa: E402


def _peak_reset() -> None:
    with open("/proc/self/clear_refs", "w") as handle:  # reset VmHWM (Linux)
        handle.write("5")


def _peak_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def measure(func: Callable[[], Any]) -> tuple[float, float, Any]:
    """Return (seconds, peak growth MiB, result) of one call."""
    try:
        _peak_reset()
        base = _peak_mib()
    except OSError:
        base = float("nan")
    start = time.perf_counter()
    result = func()
    seconds = time.perf_counter() - start
    return seconds, _peak_mib() - base, result


def graph_of(n: int, seed: int = 0) -> nx.Graph:
    actors, ties = cooperation_ties(n, seed=seed, directed=False)
    g = nx.Graph()
    for actor, group in actors:
        g.add_node(actor, group=group, label=actor)
    g.add_edges_from((s, t) for s, t, _ in ties)
    return g


def check_first_step(g: nx.Graph, objective: str, sample: int = 40) -> bool:
    """The first recommended tie is at least as good as a sample of candidates, recomputed naively."""
    result = recommend_ties(g, k=1, objective=objective, group="group")  # type: ignore[arg-type]
    if not result.recommendations:
        return True
    rec = result.recommendations[0]
    active = sorted(v for v in g if g.degree(v) > 0)
    pairs = [(u, v) for u in active[:sample] for v in active[-sample:] if u < v]
    pairs = [p for p in pairs if not g.has_edge(*p)][:sample]
    best = rec.after
    for u, v in pairs:
        h = g.copy()
        h.add_edge(u, v)
        value = objective_value(h, objective, group="group")  # type: ignore[arg-type]
        if (value > best + 1e-12) if objective == "reach" else (value < best - 1e-12):
            return False
    h = g.copy()
    h.add_edge(rec.source, rec.target)
    return abs(objective_value(h, objective, group="group") - rec.after) < 1e-12  # type: ignore[arg-type]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2000])
    parser.add_argument("--k", type=int, default=3)
    parser.add_argument("--markdown", type=Path, help="also write the tables to this file")
    parser.add_argument("--check-at", type=int, help="size for the naive check (default smallest)")
    args = parser.parse_args(argv)
    lines: list[str] = []

    def say(text: str = "") -> None:
        print(text, flush=True)
        lines.append(text)

    say(f"# coopnet recommend, k = {args.k}")
    say()
    say(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPU(s), load {os.getloadavg()[0]:.2f}")
    say()
    say("| actors | ties | objective | candidates | s | peak MiB | across groups s | stop |")
    say("|---:|---:|---|---:|---:|---:|---:|---|")
    check_at = args.check_at or min(args.sizes)
    for n in args.sizes:
        g = graph_of(n)
        for objective in OBJECTIVES:
            seconds, peak, result = measure(
                lambda o=objective, g=g: recommend_ties(g, k=args.k, objective=o, group="group")
            )
            across, _, _ = measure(
                lambda o=objective, g=g: recommend_ties(
                    g, k=args.k, objective=o, group="group", across_groups=True
                )
            )
            say(
                f"| {n} | {g.number_of_edges()} | {objective} | {result.n_candidates} | "
                f"{seconds:.2f} | {peak:.0f} | {across:.2f} | {result.stop} |"
            )
        if n == check_at:
            ok = {o: check_first_step(g, o) for o in OBJECTIVES}
            say()
            say(f"naive check at {n} actors (first tie vs. sampled candidates): {ok}")
            say()
    smallest = min(args.sizes)
    g = graph_of(smallest)
    say()
    say(f"Liaison mode at {smallest} actors (k = {args.k}):")
    say()
    for objective in OBJECTIVES:
        seconds, _, result = measure(
            lambda o=objective: recommend_ties(
                g, k=args.k, objective=o, group="group", liaison=True
            )
        )
        say(f"- {objective}: {seconds:.2f} s (liaison {result.liaison})")
    say()
    for n in args.sizes:
        tree = nx.random_labeled_tree(n, seed=1)
        tree = nx.relabel_nodes(tree, {i: f"T{i:05d}" for i in tree})
        seconds, peak, result = measure(
            lambda t=tree: recommend_ties(t, k=args.k, objective="robustness")
        )
        say(
            f"Robustness on a random tree of {n} actors ({result.n_candidates} candidates, every "
            f"inner actor an articulation point): {seconds:.2f} s, peak {peak:.0f} MiB"
        )
    say()
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            folder = write_dataset(Path(tmp) / f"d{n}", n, directed=False)
            for objective in OBJECTIVES:
                start = time.perf_counter()
                subprocess.run(
                    [sys.executable, "-m", "coopnet", "-q", "recommend", str(folder), "--out",
                     str(Path(tmp) / f"o{n}"), "--add", str(args.k), "--objective", objective],
                    check=True,
                    stdout=subprocess.DEVNULL,
                )  # fmt: skip
                seconds = time.perf_counter() - start
                say(f"`coopnet recommend --add {args.k} --objective {objective}` at {n} actors "
                    f"(process, start-up and loading included): {seconds:.2f} s")  # fmt: skip
    say()
    say(f"Load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if args.markdown:
        args.markdown.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
