"""Check that two source trees give exactly the same recommendations, and time them.

Usage (from the repository root)::

    git archive main src | tar -x -C /tmp/base          # the tree to compare against
    .venv/bin/python benchmarks/recommend_check.py --base /tmp/base/src
    .venv/bin/python benchmarks/recommend_check.py --base /tmp/base/src --sizes 2000 10000
    .venv/bin/python benchmarks/recommend_check.py --base /tmp/base/src --sizes --data DIR ...

For the example data (``data/musterstadt``, every period) and the synthetic datasets of
``benchmarks/networks.py`` (``write_dataset(folder, n)``) it runs, once with each tree in a
fresh process, :func:`coopnet.recommend.recommend_objectives` (every objective, ``k`` = 3 and 5,
the report's and ``find_remedies``' defaults) on the analysed period and
:func:`coopnet.diagnose.find_remedies` with the diagnosis' findings (the report's
"Empfehlungen", ``k`` = 3), and compares the results as plain data (``to_dict``: every tie, its
numbers, ``alternatives``, ``shared``, ``bypassed``, the stop reasons, the links). It prints
``same`` or the first difference, and the CPU time (user + sys) and peak memory of each tree's
searches (worker processes included). The exit code is 1 when any result differs.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def _cpu() -> float:
    """CPU seconds (user + sys) of this process and its finished worker processes."""
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return total


def dump(data: str) -> dict[str, Any]:
    """Run the searches with the ``coopnet`` found first on ``sys.path``; return plain data."""
    import coopnet
    from coopnet.diagnose import diagnose, find_remedies
    from coopnet.diagnose.remedies import OBJECTIVE_ORDER
    from coopnet.recommend import recommend_objectives

    study = coopnet.study(data)
    out: dict[str, Any] = {"objectives": {}, "seconds": {}}
    for period in study.periods:
        graph = study.ties(study.period_key(period))
        for k in (3, 5):
            start = _cpu()
            found = recommend_objectives(graph, OBJECTIVE_ORDER, k=k, group=study.group)
            out["seconds"][f"recommend_objectives {period} k={k}"] = _cpu() - start
            out["objectives"][f"{period} k={k}"] = [r.to_dict() for r in found]
    findings = diagnose(study).findings
    start = _cpu()
    remedies = find_remedies(study, findings=findings, k=3)
    out["seconds"]["find_remedies k=3"] = _cpu() - start
    out["remedies"] = remedies.to_dict()
    out["peak_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def run(tree: Path, data: Path) -> dict[str, Any]:
    """:func:`dump` in a fresh process importing ``coopnet`` from `tree`."""
    code = (
        f"import sys, json; sys.path.insert(0, {str(tree)!r}); sys.path.insert(1, {str(HERE)!r});"
        f"from recommend_check import dump; print(json.dumps(dump({str(data)!r})))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=ROOT
    )
    if done.returncode:
        raise SystemExit(f"{tree} on {data} failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def first_difference(a: Any, b: Any, where: str = "") -> str | None:
    """Where two plain-data values first differ (``None``: equal, floats compared exactly)."""
    if type(a) is not type(b):
        return f"{where}: {a!r} != {b!r}"
    if isinstance(a, dict):
        if a.keys() != b.keys():
            return f"{where}: keys {sorted(a)} != {sorted(b)}"
        for key in a:
            found = first_difference(a[key], b[key], f"{where}.{key}")
            if found:
                return found
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{where}: {len(a)} items != {len(b)}"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            found = first_difference(x, y, f"{where}[{i}]")
            if found:
                return found
        return None
    return None if a == b else f"{where}: {a!r} != {b!r}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=Path, required=True, help="the other tree's src folder")
    parser.add_argument("--new", type=Path, default=ROOT / "src", help="default: this tree")
    parser.add_argument("--sizes", type=int, nargs="*", default=[2000])
    parser.add_argument("--data", type=Path, nargs="*", default=[], help="further datasets")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(HERE))
    from networks import write_dataset

    datasets = [ROOT / "data" / "musterstadt", *args.data]
    with tempfile.TemporaryDirectory(prefix="recommend-check-") as tmp:
        for n in args.sizes:
            datasets.append(write_dataset(Path(tmp) / f"synthetic-{n}", n))
        failed = False
        for data in datasets:
            results = {}
            for name, tree in (("base", args.base), ("new", args.new)):
                wall = time.perf_counter()
                results[name] = run(tree.resolve(), data)
                results[name]["wall"] = time.perf_counter() - wall
            base, new = results["base"], results["new"]
            found = first_difference(
                {"o": base["objectives"], "r": base["remedies"]},
                {"o": new["objectives"], "r": new["remedies"]},
            )
            failed |= found is not None
            print(f"{data.name}: {'same' if found is None else 'DIFFERENT ' + found}")
            for key in base["seconds"]:
                print(
                    f"  {key}: base {base['seconds'][key]:.2f} s, new {new['seconds'][key]:.2f} s"
                )
            print(f"  peak RSS: base {base['peak_mib']:.0f} MiB, new {new['peak_mib']:.0f} MiB")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
