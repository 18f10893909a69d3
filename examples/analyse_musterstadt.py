"""Analyse the Musterstadt example step by step with the coopnet Python API.

Each step is one documented call: validate → study (load + options resolved once) → measures →
compare → diagnose → figures → interactive HTML → (optionally) the whole report in one call,
which is what ``coopnet report data/musterstadt --out reports/musterstadt`` does. Every step
works on the same study, so each graph is built and each analysis computed once.

Run from the repository root::

    .venv/bin/python examples/analyse_musterstadt.py                 # writes into out/musterstadt-example
    .venv/bin/python examples/analyse_musterstadt.py --out DIR --report

Replace ``DATA`` by your own dataset (see examples/README.md).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

import coopnet
from coopnet.compare import compare_all
from coopnet.diagnose import diagnose, format_text, write_findings
from coopnet.interactive import write_network_html
from coopnet.layout import union_layout
from coopnet.report import build_report
from coopnet.viz import plot_ei_over_periods, plot_network, save_figure

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data" / "musterstadt"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "out" / "musterstadt-example")
    parser.add_argument("--permutations", type=int, default=1000)
    parser.add_argument("--report", action="store_true", help="also build the full report")
    args = parser.parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)

    # 1. Validate: lists every problem with file, row, column and value; never raises.
    check = coopnet.validate(DATA)
    print(check.format(max_warnings=5))
    if not check.ok:
        return 1

    # 2. The study: the dataset plus the analysis options, resolved once (and why).
    study = coopnet.study(DATA, n_permutations=args.permutations, seed=0)
    print(study)
    for option, reason in study.options.reasons.items():
        print(f"  {option}: {reason}")

    # 3. Measures per period (on the symmetrised ties; directed=True for the nominations).
    analyses = study.analyses()
    for period, result in analyses.items():
        broker = result.actors["betweenness"].idxmax()
        print(
            f"{period}: density {result.network['density']:.3f}, "
            f"E-I {result.network['ei_index']:+.2f}, "
            f"fragmentation {result.network['fragmentation']:.3f}, "
            f"main broker {result.actors.at[broker, 'label']}"
        )

    # 4. Compare the periods: churn, QAP, E-I before/after, persistence of the 2016 structures.
    comparison = compare_all(study)
    kept = comparison.persistence
    if kept is not None:
        print(
            f"ties new in {comparison.persistence_periods[1]}: {kept.new}, "  # type: ignore[index]
            f"still there later: {kept.sustained} (retention {kept.retention:.0%})"
        )

    # 5. Diagnose: ranked findings in plain language (German by default); it reuses the
    #    analyses and the comparison above.
    diagnosis = diagnose(study)
    print(format_text(diagnosis, limit=5))
    write_findings(diagnosis, out)

    # 6. Figures: one layout for all periods so the pictures can be compared.
    graphs = study.graphs()
    positions = union_layout(graphs, seed=study.options.layout_seed)
    fig, _ = plot_network(
        graphs["2016"], group="group", size_by=analyses["2016"].actors["betweenness"],
        positions=positions, title="Musterstadt 2016",
    )  # fmt: skip
    save_figure(fig, out / "network_2016", formats=("png", "svg"))
    ei = {p: a.groups.set_index("group")["ei_index"] for p, a in analyses.items()}
    table = pd.DataFrame(ei)
    table.loc["overall"] = [a.network["ei_index"] for a in analyses.values()]
    fig, _ = plot_ei_over_periods(table, title="E-I-Index je Gruppe")
    save_figure(fig, out / "ei_over_periods.png")

    # 7. Interactive HTML: opens offline by double-click.
    write_network_html(
        graphs["2016"], out / "network_2016.html", group="group",
        measures=analyses["2016"].actors, size_by="betweenness", positions=positions,
        title="Musterstadt 2016",
    )  # fmt: skip

    # 8. Everything above in one call: the report folder for the municipality.
    if args.report:
        build_report(study, out / "report", progress=print)
    print(f"written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
