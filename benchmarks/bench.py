"""Benchmark coopnet on synthetic cooperation networks of growing size.

Usage (from the repository root)::

    .venv/bin/python benchmarks/bench.py                      # 100, 500, 2,000 actors
    .venv/bin/python benchmarks/bench.py --sizes 100 500 2000 10000 --markdown out.md

For every size it generates datasets (``benchmarks/networks.py``: groups of 8-15 actors, mean
degree about 8, directed and undirected) and prints

* wall time and peak memory (max RSS) of the whole ``coopnet analyze`` command, run as a separate
  process (start-up included), for the four variants undirected/directed x unweighted/weighted,
  all measures and key players k = 3;
* ``coopnet html`` and ``coopnet report`` the same way, or a note when the subcommand does not
  exist (yet);
* per heavy measure: time and peak memory of coopnet's engine and, side by side in the same run,
  the time of plain networkx and of python-igraph for the same measure, with the ratios.
  networkx's Brandes-type measures (betweenness, closeness, harmonic) are timed on a sample of
  source actors and extrapolated (marked ``~``) from 2,000 actors on, unless ``--full-networkx``;
* at 2,000 actors (or ``--naive-at``): key players k = 3 against the naive greedy recomputation,
  with a check that both give the same actors;
* ``coopnet --help`` start-up time and which heavy modules it imports.

Peak memory of an in-process measure is the growth of the resident set's high-water mark while it
runs (Linux ``/proc/self/clear_refs``); of a command, the process's max RSS.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import random
import re
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "src"))

from networks import write_dataset  # noqa: E402

import coopnet  # noqa: E402
from coopnet.metrics import _engine  # noqa: E402
from coopnet.metrics._util import symmetrise, with_distance  # noqa: E402
from coopnet.metrics.arrays import graph_arrays  # noqa: E402

PYTHON = sys.executable
COOPNET = [PYTHON, "-m", "coopnet"]
VARIANTS = (("undirected", False), ("directed", True))
WEIGHTS = (("unweighted", None), ("weighted", "weight"))


# ------------------------------------------------------------------------------ measuring
def _rss_kb(field: str) -> int:
    with open("/proc/self/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith(field):
                return int(line.split()[1])
    return 0


def measure(func: Callable[[], Any]) -> tuple[float, float, Any]:
    """Return (seconds, peak MiB above the resident set before, result) of ``func()``."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5", encoding="ascii")  # reset VmHWM
    before = _rss_kb("VmRSS:")
    start = time.perf_counter()
    result = func()
    seconds = time.perf_counter() - start
    peak = max(0, _rss_kb("VmHWM:") - before) / 1024
    return seconds, peak, result


def run_command(args: list[str]) -> tuple[float, float, int, str]:
    """Run a command; return (wall seconds, max RSS MiB, exit code, stderr tail)."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT, text=True
    )
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read() if proc.stderr else ""
    return (
        seconds,
        usage.ru_maxrss / 1024,
        proc.returncode,
        err.strip().splitlines()[-1:][0] if err.strip() else "",
    )


def subcommand_exists(name: str) -> bool:
    proc = subprocess.run([*COOPNET, name, "--help"], capture_output=True, cwd=ROOT, text=True)
    return proc.returncode == 0


# ------------------------------------------------------------------------------ references
def nx_sampled(n: int, full: bool) -> int | None:
    """Number of sources for networkx's per-source measures (``None`` = all)."""
    return None if full or n < 2000 else 200


def nx_betweenness(graph: nx.Graph, weight: str | None, sample: int | None) -> float:
    paths, distance = with_distance(graph, weight=weight)
    n = graph.number_of_nodes()
    start = time.perf_counter()
    nx.betweenness_centrality(paths, k=sample, seed=0 if sample else None, weight=distance)
    return (time.perf_counter() - start) * (n / sample if sample else 1)


def nx_closeness(graph: nx.Graph, weight: str | None, sample: int | None) -> float:
    """networkx closeness; sampled: the per-actor work of ``closeness_centrality`` (one
    single-source search on the reversed graph per actor), timed for `sample` actors."""
    paths, distance = with_distance(graph, weight=weight)
    n = graph.number_of_nodes()
    if not sample:
        start = time.perf_counter()
        nx.closeness_centrality(paths, distance=distance)
        return time.perf_counter() - start
    reverse = paths.reverse() if paths.is_directed() else paths
    chosen = random.Random(0).sample(list(paths), sample)
    start = time.perf_counter()
    for u in chosen:
        if distance:
            nx.single_source_dijkstra_path_length(reverse, u, weight=distance)
        else:
            nx.single_source_shortest_path_length(reverse, u)
    return (time.perf_counter() - start) * n / sample


def nx_harmonic(graph: nx.Graph, weight: str | None, sample: int | None) -> float:
    paths, distance = with_distance(graph, weight=weight)
    n = graph.number_of_nodes()
    sources = random.Random(0).sample(list(paths), sample) if sample else None
    start = time.perf_counter()
    nx.harmonic_centrality(paths, distance=distance, sources=sources)
    return (time.perf_counter() - start) * (n / sample if sample else 1)


def igraph_graph(graph: nx.Graph, weight: str | None) -> tuple[Any, list[float] | None]:
    import igraph

    arrays = graph_arrays(graph, weight=weight)
    tail, head, value = arrays.ties()
    g = igraph.Graph(
        n=graph.number_of_nodes(),
        edges=np.column_stack([tail, head]).tolist(),
        directed=graph.is_directed(),
    )
    return g, None if weight is None else (1.0 / value).tolist()


# ------------------------------------------------------------------------------ per measure
def heavy_measures(
    graph: nx.Graph, weight: str | None, *, full_networkx: bool
) -> list[dict[str, Any]]:
    """Time every heavy measure with coopnet, networkx and igraph on one graph."""
    from coopnet.compare.qap import qap_correlation
    from coopnet.metrics import (
        community_match,
        distance_fragmentation,
        ei_permutation_test,
        key_players,
    )
    from coopnet.metrics.brokerage import brokerage_roles, structural_holes_of
    from coopnet.metrics.centrality import _eigenvector

    n = graph.number_of_nodes()
    sample = nx_sampled(n, full_networkx)
    directed = graph.is_directed()
    undirected = symmetrise(graph, weight=weight)
    # networkx refuses eigenvector centrality of a disconnected graph: time it on the largest part
    largest = undirected.subgraph(max(nx.connected_components(undirected), key=len)).copy()
    have_igraph = True  # python-igraph is a dependency of coopnet
    if have_igraph:
        import igraph  # noqa: F401  (import cost is not part of the measures below)

        ig, lengths = igraph_graph(graph, weight)
        ig_und, _ = igraph_graph(undirected, weight)
        und_weights = (
            None
            if weight is None
            else [float(w) for _, _, w in undirected.edges(data=weight, default=1.0)]
        )
    rows: list[dict[str, Any]] = []

    def row(
        name: str,
        ours: Callable[[], Any],
        networkx: Callable[[], float] | None,
        igraph_call: Callable[[], Any] | None,
        note: str = "",
    ) -> None:
        seconds, peak, _ = measure(ours)
        nx_s = networkx() if networkx else None
        with warnings.catch_warnings():  # igraph warns about disconnected graphs
            warnings.simplefilter("ignore")
            ig_s = measure(igraph_call)[0] if igraph_call and have_igraph else None
        rows.append(
            {
                "measure": name,
                "coopnet": seconds,
                "peak_mib": peak,
                "networkx": nx_s,
                "igraph": ig_s,
                "note": note,
            }
        )

    est = "~" if sample else ""
    row(
        "betweenness",
        lambda: _engine.betweenness(
            graph_arrays(graph, weight=weight), weighted=weight is not None, jobs=1
        ),
        lambda: nx_betweenness(graph, weight, sample),
        lambda: ig.betweenness(directed=directed, weights=lengths),
        est,
    )
    row(
        "closeness+harmonic+APL (distance sums)",
        lambda: _engine.distance_sums(
            graph_arrays(graph, weight=weight), weighted=weight is not None, jobs=1
        ),
        lambda: nx_closeness(graph, weight, sample) + nx_harmonic(graph, weight, sample),
        lambda: (
            ig.closeness(mode="in", weights=lengths),
            ig.harmonic_centrality(mode="in", weights=lengths),
        ),
        est,
    )
    row("distance fragmentation", lambda: distance_fragmentation(graph, weight=weight), None, None)
    row(
        "constraint+effective size",
        lambda: structural_holes_of(graph_arrays(graph, weight=weight)),
        lambda: measure(
            lambda: (
                nx.constraint(undirected, weight=weight),
                nx.effective_size(undirected, weight=weight),
            )
        )[0],
        lambda: ig_und.constraint(weights=und_weights),
    )
    row(
        "eigenvector",
        lambda: _eigenvector(graph_arrays(graph, weight=weight)),
        lambda: measure(lambda: nx.eigenvector_centrality_numpy(largest, weight=weight))[0],
        lambda: ig_und.eigenvector_centrality(weights=und_weights, scale=True),
    )
    row(
        "Louvain communities",
        lambda: community_match(graph, group="group", weight=weight),
        lambda: measure(
            lambda: nx.community.louvain_communities(undirected, weight=weight, seed=0)
        )[0],
        lambda: ig_und.community_multilevel(weights=und_weights),
        "igraph: other algorithm",
    )
    row("brokerage roles", lambda: brokerage_roles(graph, group="group"), None, None)
    row(
        "E-I test (1000 permutations)",
        lambda: ei_permutation_test(
            graph, group="group", n_permutations=1000, seed=0, weight=weight
        ),
        None,
        None,
    )
    row(
        "QAP (1000 permutations)",
        lambda: qap_correlation(graph, graph, n_permutations=1000, seed=0, weight=weight),
        None,
        None,
    )
    row("key players k=3", lambda: key_players(graph, k=3), None, None)
    return rows


def layouts(graph: nx.Graph) -> float:
    from coopnet.layout import compute_layout

    return measure(lambda: compute_layout(graph, seed=0))[0]


def naive_key_players(graph: nx.Graph) -> dict[str, Any]:
    """coopnet's key players k = 3 against the naive greedy (components recomputed per candidate).

    "same" means coopnet's set fragments the network at least as much as the naive greedy's.
    """
    sys.path.insert(0, str(ROOT))
    from tests.metrics.reference import greedy_fragmentation_naive

    from coopnet.metrics.keyplayers import key_players

    fast_s, _, fast = measure(lambda: key_players(graph, k=3))
    naive_s, _, naive = measure(lambda: greedy_fragmentation_naive(graph, 3))
    same = float(fast["fragmentation_after"].iloc[-1]) >= naive[-1] - 1e-12
    return {"fast": fast_s, "naive": naive_s, "same": bool(same)}


# ------------------------------------------------------------------------------ commands
def startup() -> dict[str, Any]:
    times = [run_command([*COOPNET, "--help"])[0] for _ in range(5)]
    probe = (
        "import sys; from coopnet.cli import build_parser; build_parser(); "
        "print(' '.join(m for m in ('matplotlib', 'pandas', 'pyvis', 'networkx', 'igraph', "
        "'scipy') if m in sys.modules))"
    )
    loaded = subprocess.run(
        [PYTHON, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=False
    ).stdout.strip()
    return {"help_s": min(times), "imports": loaded or "(none of them)"}


def commands(folder: Path, out: Path, n: int) -> list[dict[str, Any]]:
    rows = []
    for label, directed in VARIANTS:
        for wlabel, weight in WEIGHTS:
            args = [*COOPNET, "analyze", str(folder), "--out", str(out / f"a-{label}-{wlabel}")]
            args += ["--key-players", "3"]
            if directed:
                args.append("--directed")
            if weight:
                args.append("--weighted")
            seconds, mib, code, err = run_command(args)
            rows.append(
                {
                    "command": f"analyze ({label}, {wlabel})",
                    "seconds": seconds,
                    "max_rss_mib": mib,
                    "status": "ok" if code == 0 else f"exit {code}: {err}",
                }
            )
    for name, target in (("html", out / "network.html"), ("report", out / "report")):
        if not subcommand_exists(name):
            rows.append(
                {
                    "command": name,
                    "seconds": None,
                    "max_rss_mib": None,
                    "status": "skipped: subcommand does not exist yet",
                }
            )
            continue
        seconds, mib, code, err = run_command([*COOPNET, name, str(folder), "--out", str(target)])
        rows.append(
            {
                "command": name,
                "seconds": seconds,
                "max_rss_mib": mib,
                "status": "ok" if code == 0 else f"exit {code}: {err}",
            }
        )
        if name == "html" and code == 0:
            rows.append(page_ready(target))
    return rows


_READY_JS = """() => new Promise((resolve) => {
  const net = window.coopnet.network;
  net.once("afterDrawing", () => resolve(window.coopnet.nodes.length));
  net.redraw();
})"""


def page_ready(html: Path) -> dict[str, Any]:
    """Seconds until the interactive page is drawn and stable in headless Chromium.

    Measured from navigation to the end of the first complete drawing after the page's script
    has run (positions are precomputed and physics is off, so the picture does not move after
    that). Chromium comes from Debian (``/usr/bin/chromium``), driven by Playwright.
    """
    row: dict[str, Any] = {
        "command": "html page drawn in Chromium",
        "seconds": None,
        "max_rss_mib": None,
    }
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        row["status"] = "skipped: playwright not installed"
        return row
    chromium = os.environ.get("COOPNET_CHROMIUM", "/usr/bin/chromium")
    if not Path(chromium).exists():
        row["status"] = f"skipped: no Chromium at {chromium}"
        return row
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
    ]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=flags, headless=True)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        start = time.perf_counter()
        page.goto(html.resolve().as_uri())
        page.wait_for_function("window.coopnet !== undefined", timeout=60_000)
        nodes = page.evaluate(_READY_JS)
        row["seconds"] = time.perf_counter() - start
        browser.close()
    row["status"] = f"ok ({nodes} nodes drawn)"
    return row


# ------------------------------------------------------------------------------ output
def machine() -> str:
    cpu = platform.processor() or ""
    try:
        text = Path("/proc/cpuinfo").read_text(encoding="ascii", errors="replace")
        found = re.search(r"model name\s*:\s*(.+)", text)
        cpu = found.group(1).strip() if found else cpu
    except OSError:
        pass
    try:
        mem = Path("/proc/meminfo").read_text(encoding="ascii").split("\n")[0].split()[1]
        ram = f"{int(mem) / 1024**2:.1f} GiB RAM"
    except (OSError, IndexError, ValueError):
        ram = "RAM unknown"
    import scipy

    versions = f"Python {platform.python_version()}, networkx {nx.__version__}, numpy {np.__version__}, scipy {scipy.__version__}"
    import igraph

    versions += f", python-igraph {igraph.__version__}"
    return f"{cpu}, {os.cpu_count()} cores, {ram}; {platform.platform()}; {versions}"


def fmt(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def ratio(slow: float | None, fast: float) -> str:
    if slow is None or fast <= 0:
        return "–"
    r = slow / fast
    return f"{r:.0f}×" if r >= 10 else f"{r:.1f}×" if r >= 1 else f"{r:.2f}×"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 500, 2000])
    parser.add_argument("--markdown", type=Path, help="also write the tables to this file")
    parser.add_argument(
        "--full-networkx",
        action="store_true",
        help="time networkx on all sources even for large graphs (slow)",
    )
    parser.add_argument(
        "--naive-at",
        type=int,
        default=2000,
        help="size at which key players are compared with the naive search (0: never)",
    )
    parser.add_argument("--no-measures", action="store_true", help="only the commands")
    parser.add_argument("--workdir", type=Path, help="keep datasets and outputs here")
    args = parser.parse_args(argv)
    lines: list[str] = []

    def say(text: str = "") -> None:
        print(text, flush=True)
        lines.append(text)

    say(f"Machine: {machine()}")
    say(f"Load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    info = startup()
    say(
        f"`coopnet --help`: {info['help_s']:.2f} s; heavy modules imported by the CLI parser: "
        f"{info['imports']}"
    )
    work = args.workdir or Path(tempfile.mkdtemp(prefix="coopnet-bench-"))
    for n in args.sizes:
        folder = write_dataset(work / f"net{n}", n, seed=0, directed=True)
        out = work / f"out{n}"
        net = coopnet.load(folder)
        say()
        say(f"## {n} actors")
        say()
        cmd_rows = commands(folder, out, n)
        say("| command | wall s | max RSS MiB | status |")
        say("|---|---:|---:|---|")
        for r in cmd_rows:
            say(
                f"| `coopnet {r['command']}` | {fmt(r['seconds'])} | {fmt(r['max_rss_mib'], 0)} | {r['status']} |"
            )
        if args.no_measures:
            continue
        for label, directed in VARIANTS:
            graph = net.graph(directed=directed, group="group")
            for wlabel, weight in WEIGHTS:
                say()
                say(f"### {n} actors, {label}, {wlabel} ({graph.number_of_edges()} ties)")
                say()
                say(
                    "| measure | coopnet s | peak MiB | networkx s | igraph s | vs networkx | vs igraph | note |"
                )
                say("|---|---:|---:|---:|---:|---:|---:|---|")
                for r in heavy_measures(graph, weight, full_networkx=args.full_networkx):
                    say(
                        f"| {r['measure']} | {fmt(r['coopnet'], 3)} | {fmt(r['peak_mib'], 0)} | "
                        f"{fmt(r['networkx'], 3)} | {fmt(r['igraph'], 3)} | "
                        f"{ratio(r['networkx'], r['coopnet'])} | {ratio(r['igraph'], r['coopnet'])} | "
                        f"{r['note']} |"
                    )
        graph = net.graph(group="group")
        say()
        say(f"Layout (`coopnet.layout.compute_layout`, {n} actors): {layouts(graph):.2f} s")
        if n == args.naive_at:
            kp = naive_key_players(graph)
            say(
                f"Key players k = 3 at {n} actors: {kp['fast']:.3f} s vs naive greedy "
                f"{kp['naive']:.1f} s = {kp['naive'] / kp['fast']:.0f}× faster; F at least as high: "
                f"{kp['same']}"
            )
    say()
    say(f"Load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if args.markdown:
        args.markdown.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
