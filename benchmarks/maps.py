"""Timings of the maps: static network figures and the interactive page at growing sizes.

Run ``python benchmarks/maps.py [--sizes 500 2000]``: for each size a synthetic dataset
(:mod:`benchmarks.networks`), then

* ``plot network``: seconds to draw and save the PNG in-process
  (:func:`coopnet.pipeline.plot_dataset` + :func:`coopnet.viz.save_figure`), measures cached
  beforehand so only the drawing is timed;
* ``coopnet html``: seconds of the CLI command (a fresh process, as a user runs it);
* ``page drawn``: seconds until headless Chromium has drawn the page (Playwright, Debian's
  ``/usr/bin/chromium``; skipped without them).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from benchmarks.bench import page_ready  # noqa: E402
from benchmarks.networks import write_dataset  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2000])
    args = parser.parse_args(argv)
    import coopnet
    from coopnet.pipeline import plot_dataset
    from coopnet.viz import save_figure

    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            folder = write_dataset(Path(tmp) / f"n{n}", n, directed=False)
            study = coopnet.study(folder)
            study.actor_measures(None)  # measures cached: only drawing is timed below
            start = time.perf_counter()
            fig = plot_dataset(study, "network")
            save_figure(fig, Path(tmp) / f"network{n}", formats=("png",))
            print(f"n={n:5d}  plot network    {time.perf_counter() - start:6.2f} s")
            out = Path(tmp) / f"page{n}.html"
            start = time.perf_counter()
            cmd = [sys.executable, "-m", "coopnet", "html", str(folder), "--out", str(out)]
            env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}  # this checkout's coopnet
            subprocess.run(cmd, check=True, capture_output=True, env=env)
            print(f"n={n:5d}  coopnet html    {time.perf_counter() - start:6.2f} s")
            row = page_ready(out)
            print(f"n={n:5d}  page drawn      {row['seconds'] or 0:6.2f} s  {row['status']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
