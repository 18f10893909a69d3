"""What an expert would run instead of ``coopnet analyze``: the standard measures in python-igraph.

Two modes (from the repository root)::

    # the reference analysis of one dataset folder (actors.csv, ties.csv), as a script
    .venv/bin/python benchmarks/igraph_reference.py DATASET --out DIR [--directed] [--weighted]

    # bench: coopnet analyze against this script, whole processes, at 2,000 and 10,000 actors
    .venv/bin/python benchmarks/igraph_reference.py --bench --sizes 2000 10000 \
        --coopnet baseline=/tmp/coopnet-baseline/src --coopnet engine=src

The reference analysis reads the same files as coopnet (pandas), builds an igraph ``Graph`` and
computes the measure set a network analyst computes by hand: degree (in, out, all), strength,
betweenness, closeness and harmonic centrality (incoming distances, as coopnet), eigenvector
centrality and constraint on the symmetrised graph, PageRank, coreness, cut vertices, weak
components, transitivity, average path length and Louvain communities
(``community_multilevel``). ``--weighted`` uses the intensity ``weight`` as tie value and
``1 / weight`` as tie length for the path measures, like coopnet. It writes ``actors.csv`` and
``network.json`` to ``--out``.

The bench mode generates the synthetic datasets of ``networks.py``, then runs, for every size and
for unweighted and weighted ties, ``coopnet analyze DATASET --directed --key-players 3
[--weighted]`` of every ``--coopnet LABEL=SRC`` (``SRC`` is put on ``PYTHONPATH``, so a checkout
of an older version can be compared in the same run) and this script with ``--directed
[--weighted]``, alternating, ``--repeat`` times each; it prints the median wall times and CPU
times (user + system of the whole process and its workers; less sensitive to other load on the
machine) and the ratios coopnet / igraph, with the load average before and after.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


# ------------------------------------------------------------------------------ the analysis
def reference_analysis(folder: Path, out: Path, *, directed: bool, weighted: bool) -> None:
    """Compute the standard measures of one dataset with python-igraph and write them."""
    import igraph as ig
    import pandas as pd

    actors = pd.read_csv(folder / "actors.csv", dtype=str)
    ties = pd.read_csv(folder / "ties.csv", dtype={"source": str, "target": str})
    ties = ties[["source", "target", "weight"]]
    graph = ig.Graph.DataFrame(ties, directed=directed, vertices=actors, use_vids=False)
    # the model's aggregation: one tie per pair (coopnet sums parallel rows; here there are none)
    weight = graph.es["weight"] if weighted else None
    length = [1.0 / w for w in weight] if weight is not None else None
    sym = graph.as_undirected(combine_edges="max") if directed else graph
    sym_weight = sym.es["weight"] if weighted else None

    table = pd.DataFrame(index=pd.Index(graph.vs["name"], name="id"))
    table["degree"] = graph.degree(mode="all")
    table["in_degree"] = graph.degree(mode="in")
    table["out_degree"] = graph.degree(mode="out")
    table["strength"] = graph.strength(mode="all", weights="weight")
    table["betweenness"] = graph.betweenness(directed=directed, weights=length)
    table["closeness"] = graph.closeness(mode="in", weights=length, normalized=True)
    table["harmonic"] = graph.harmonic_centrality(mode="in", weights=length, normalized=True)
    table["eigenvector"] = sym.eigenvector_centrality(scale=True, weights=sym_weight)
    table["pagerank"] = graph.pagerank(weights=weight, directed=directed)
    table["constraint"] = sym.constraint(weights=sym_weight)
    table["core_number"] = sym.coreness(mode="all")
    cut = set(sym.articulation_points())
    table["cut_vertex"] = [v in cut for v in range(graph.vcount())]
    communities = sym.community_multilevel(weights=sym_weight)
    table["community"] = communities.membership
    components = graph.connected_components(mode="weak")
    network = {
        "n_actors": graph.vcount(),
        "n_ties": graph.ecount(),
        "density": graph.density(),
        "components": len(components),
        "largest_component_share": max(components.sizes()) / graph.vcount(),
        "transitivity": sym.transitivity_undirected(),
        "average_path_length": graph.average_path_length(
            directed=directed, unconn=True, weights=length
        ),
        "modularity": communities.modularity,
        "n_communities": len(communities),
        "reciprocity": graph.reciprocity() if directed else 1.0,
    }
    out.mkdir(parents=True, exist_ok=True)
    table.to_csv(out / "actors.csv", encoding="utf-8")
    (out / "network.json").write_text(json.dumps(network, indent=2), encoding="utf-8")


# ------------------------------------------------------------------------------ bench mode
def _timed(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds (user + system, forked workers included) of one whole command."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        args, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        tail = (proc.stderr.read() if proc.stderr else "").strip().splitlines()[-3:]
        raise RuntimeError(f"{' '.join(args)} failed ({code}): {' / '.join(tail)}")
    return seconds, usage.ru_utime + usage.ru_stime


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def bench(sizes: list[int], versions: list[tuple[str, Path]], repeat: int, work: Path) -> int:
    """Run coopnet analyze (every version) and the igraph reference alternately; print ratios."""
    sys.path.insert(0, str(HERE))
    from networks import write_dataset

    print(f"Load average at start: {_load()} ({os.cpu_count()} cores)")
    print()
    print(
        "| actors | variant | command | median wall s | runs (wall s) | × igraph (wall) "
        "| median CPU s | × igraph (CPU) |"
    )
    print("|---:|---|---|---:|---|---:|---:|---:|")
    for n in sizes:
        folder = write_dataset(work / f"net{n}", n, seed=0, directed=True)
        for weighted in (False, True):
            flags = ["--directed"] + (["--weighted"] if weighted else [])
            variant = "directed, weighted" if weighted else "directed"
            runs: dict[str, list[tuple[float, float]]] = {label: [] for label, _ in versions}
            runs["igraph"] = []
            for r in range(repeat):
                for label, src in versions:
                    env = {**os.environ, "PYTHONPATH": str(src.resolve())}
                    out = work / f"out-{label}-{n}-{int(weighted)}-{r}"
                    args = [sys.executable, "-m", "coopnet", "analyze", str(folder)]
                    args += ["--out", str(out), "--key-players", "3", *flags]
                    runs[label].append(_timed(args, env))
                out = work / f"out-igraph-{n}-{int(weighted)}-{r}"
                args = [sys.executable, str(Path(__file__).resolve()), str(folder)]
                args += ["--out", str(out), *flags]
                runs["igraph"].append(_timed(args, dict(os.environ)))
            ref = statistics.median(t for t, _ in runs["igraph"])
            ref_cpu = statistics.median(c for _, c in runs["igraph"])
            for label, times in runs.items():
                median = statistics.median(t for t, _ in times)
                cpu = statistics.median(c for _, c in times)
                name = "igraph_reference.py" if label == "igraph" else f"coopnet analyze ({label})"
                shown = ", ".join(f"{t:.2f}" for t, _ in times)
                print(
                    f"| {n} | {variant} | {name} | {median:.2f} | {shown} | {median / ref:.2f} "
                    f"| {cpu:.2f} | {cpu / ref_cpu:.2f} |",
                    flush=True,
                )
    print()
    print(f"Load average at end: {_load()}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("dataset", nargs="?", type=Path, help="dataset folder (reference mode)")
    parser.add_argument("--out", type=Path, help="output folder (reference mode)")
    parser.add_argument("--directed", action="store_true")
    parser.add_argument("--weighted", action="store_true")
    parser.add_argument("--bench", action="store_true", help="compare with coopnet analyze")
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 10000])
    parser.add_argument("--repeat", type=int, default=3, help="runs per command (median)")
    parser.add_argument(
        "--coopnet",
        action="append",
        default=[],
        metavar="LABEL=SRC",
        help="a coopnet source tree to time (repeatable; default: this checkout's src)",
    )
    parser.add_argument("--workdir", type=Path, help="keep datasets and outputs here")
    args = parser.parse_args(argv)
    if args.bench:
        versions = [
            (label, Path(src)) for label, src in (item.split("=", 1) for item in args.coopnet)
        ] or [("this checkout", ROOT / "src")]
        work = args.workdir or Path(tempfile.mkdtemp(prefix="coopnet-igraph-bench-"))
        return bench(args.sizes, versions, args.repeat, work)
    if args.dataset is None or args.out is None:
        parser.error("give DATASET and --out, or --bench")
    reference_analysis(args.dataset, args.out, directed=args.directed, weighted=args.weighted)
    return 0


if __name__ == "__main__":
    sys.exit(main())
