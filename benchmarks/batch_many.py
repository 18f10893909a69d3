"""Time ``coopnet batch`` over many small municipalities: local processes against Dask.

Usage (from the repository root; needs ``coopnet[dask]`` for the Dask run)::

    .venv/bin/python benchmarks/batch_many.py                         # 1,000 datasets
    .venv/bin/python benchmarks/batch_many.py --datasets 50 --jobs 2  # a quick look

Generates (once, in ``--workdir``) ``--datasets`` synthetic municipalities with
``benchmarks/networks.py``, each with a size drawn uniformly from 50-300 actors (seeded, so the
same set every time; mean degree 8, directed nominations, one grouping column), then runs
:func:`coopnet.batch.run_batch` over all of them with the default analysis options and
``resume=False``, in this order:

1. ``local``: :class:`coopnet.batch.LocalExecutor` with ``--jobs`` worker processes;
2. ``dask``: :class:`coopnet.batch.DaskExecutor` on a ``distributed.LocalCluster`` of ``--jobs``
   worker processes with one thread each (started before the clock starts).

For each it prints wall time, datasets per second, the sum of the per-dataset times and the
load average of the machine before and after, and checks that both runs give the same
``municipalities.csv`` apart from the timing column.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import networks  # noqa: E402

from coopnet.batch import TIMING_COLUMNS, DaskExecutor, LocalExecutor, run_batch  # noqa: E402


def municipalities(workdir: Path, count: int, *, low: int = 50, high: int = 300) -> Path:
    """Generate (once) `count` datasets of `low`-`high` actors under one folder; return it."""
    root = workdir / f"coopnet-batch-{count}-{low}-{high}"
    done = root / ".complete"
    if done.exists():
        return root
    sizes = np.random.default_rng(17).integers(low, high + 1, size=count)
    for i, n in enumerate(sizes.tolist()):
        networks.write_dataset(root / f"gemeinde-{i:04d}", int(n), seed=i, directed=True)
    done.write_text(" ".join(map(str, sizes.tolist())), encoding="utf-8")
    return root


def load() -> str:
    """The load average of the machine (1, 5, 15 minutes)."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def timed(root: Path, out: Path, executor: object) -> tuple[float, pd.DataFrame, str, str]:
    """Wall seconds, the table, load before and after of one batch run."""
    before = load()
    start = time.perf_counter()
    result = run_batch(root, out, executor=executor, resume=False, overwrite=True)  # type: ignore[arg-type]
    wall = time.perf_counter() - start
    return wall, result.table, before, load()


def main() -> None:
    """Generate the datasets, run both executors, print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()))
    parser.add_argument("--no-dask", action="store_true", help="only the local run")
    args = parser.parse_args()
    start = time.perf_counter()
    root = municipalities(args.workdir, args.datasets)
    made = time.perf_counter() - start
    sizes = [int(x) for x in (root / ".complete").read_text(encoding="utf-8").split()]
    print(
        f"{args.datasets} datasets, {min(sizes)}-{max(sizes)} actors (mean {np.mean(sizes):.0f}),"
        f" in {root} (ready in {made:.0f} s); {os.cpu_count()} cores, --jobs {args.jobs}\n"
    )
    print("| executor | wall s | datasets/s | sum of dataset s | ok | load before | load after |")
    print("|---|---:|---:|---:|---:|---|---|")
    tables: dict[str, pd.DataFrame] = {}

    def row(name: str, executor: object) -> None:
        wall, table, before, after = timed(root, args.workdir / f"coopnet-batch-out-{name}",
                                           executor)  # fmt: skip
        tables[name] = table
        ok = int((table["status"] == "ok").sum())
        busy = float(table["seconds"].sum())
        print(f"| {name} ({args.jobs} processes) | {wall:.1f} | {len(table) / wall:.2f} | "
              f"{busy:.1f} | {ok}/{len(table)} | {before} | {after} |", flush=True)  # fmt: skip

    row("local", LocalExecutor(args.jobs))
    if not args.no_dask:
        import distributed

        with (
            distributed.LocalCluster(
                n_workers=args.jobs, threads_per_worker=1, processes=True, host="127.0.0.1",
                dashboard_address=None, memory_limit=0,
            ) as cluster,
            distributed.Client(cluster, set_as_default=False) as client,
        ):  # fmt: skip
            client.wait_for_workers(args.jobs)
            row("dask", DaskExecutor(client))
        drop = list(TIMING_COLUMNS)
        same = tables["local"].drop(columns=drop).equals(tables["dask"].drop(columns=drop))
        print(f"\nlocal and Dask tables identical (apart from {', '.join(drop)}): {same}")


if __name__ == "__main__":
    main()
