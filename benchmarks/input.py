"""Time reading and validating a large dataset: ``coopnet.validate`` and ``coopnet.load``.

Usage (from the repository root)::

    .venv/bin/python benchmarks/input.py                          # 50,000 actors, ~500,000 ties
    .venv/bin/python benchmarks/input.py --actors 5000 --degree 20 --repeat 3
    PYTHONPATH=/path/to/other/src .venv/bin/python benchmarks/input.py   # time another checkout

The dataset is generated once with ``benchmarks/networks.py`` (mean degree ``--degree``, so
50,000 actors x 20 / 2 = 500,000 ties) and kept in ``--workdir`` (default: the system's temporary
folder), so that two checkouts are timed on the same files. ``--umlauts`` gives every label
non-ASCII text (``"Amt für Ämter …"``) so that the text checks cannot take their ASCII fast path.
Prints the best of ``--repeat`` runs of each call.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import networks  # noqa: E402

import coopnet  # noqa: E402


def dataset(workdir: Path, n: int, degree: float, *, umlauts: bool) -> Path:
    """Generate (once) and return the dataset folder."""
    folder = workdir / f"coopnet-input-{n}-{degree:g}{'-umlauts' if umlauts else ''}"
    if (folder / "ties.csv").exists():
        return folder
    networks.MEAN_DEGREE = degree
    networks.write_dataset(folder, n, seed=0, directed=True)
    if umlauts:
        path = folder / "actors.csv"
        text = path.read_text(encoding="utf-8").replace(",Actor ", ",Amt für Ämter ")
        path.write_text(text, encoding="utf-8")
    return folder


def best_of(repeat: int, func: object) -> tuple[float, float]:
    """Best wall time and best CPU time (of this process) of ``repeat`` calls of ``func``.

    The CPU time is the steadier figure on a shared machine: other processes do not add to it.
    """
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        func()  # type: ignore[operator]
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return min(wall), min(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actors", type=int, default=50_000)
    parser.add_argument("--degree", type=float, default=20.0)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--umlauts", action="store_true")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()))
    args = parser.parse_args()
    folder = dataset(args.workdir, args.actors, args.degree, umlauts=args.umlauts)
    report = coopnet.validate(folder)
    print(f"coopnet from {Path(coopnet.__file__).parent}")
    print(f"{folder}: {report.counts.get('actors')} actors, {report.counts.get('ties')} ties")
    t_validate = best_of(args.repeat, lambda: coopnet.validate(folder))
    t_load = best_of(args.repeat, lambda: coopnet.load(folder))
    print(
        f"validate: {t_validate[0]:.2f} s wall, {t_validate[1]:.2f} s CPU   "
        f"load: {t_load[0]:.2f} s wall, {t_load[1]:.2f} s CPU   (best of {args.repeat})"
    )


if __name__ == "__main__":
    main()
