"""Command-line interface: a thin layer over the Python API.

Every subcommand parses its arguments, calls one documented API function and maps
:class:`coopnet.errors.CoopnetError` to ``Error: …`` on stderr with a non-zero exit code:

* 0 — success (``validate``: the dataset is valid; warnings may have been printed)
* 1 — invalid input data or an analysis precondition failed
* 2 — wrong command-line usage

Heavy libraries are imported inside the subcommands so that ``coopnet --help`` starts fast.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

__all__ = ["build_parser", "main"]

log = logging.getLogger("coopnet")

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def _print(text: str = "") -> None:
    sys.stdout.write(text + "\n")


# ---------------------------------------------------------------------------- subcommands
def cmd_validate(args: argparse.Namespace) -> int:
    """``coopnet validate PATH``: report every problem of a dataset."""
    from coopnet.model import validate

    report = validate(args.path, strict=args.strict)
    if args.json:
        frame = report.to_frame()
        payload = {
            "source": report.source,
            "valid": report.ok,
            "counts": dict(report.counts),
            "notes": list(report.notes),
            "problems": json.loads(frame.to_json(orient="records", force_ascii=False)),
        }
        Path(args.json).write_text(
            json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    if not args.quiet or not report.ok:
        _print(report.format(max_warnings=None if args.all_warnings else 30))
    counts = report.counts
    if report.ok:
        _print(
            f"valid: {counts.get('actors', 0)} actors, {counts.get('ties', 0)} ties "
            f"({counts.get('tie_rows', 0)} rows read, {counts.get('self_ties_dropped', 0)} self-ties "
            f"dropped, {counts.get('duplicate_ties_merged', 0)} duplicates merged, "
            f"{counts.get('isolates', 0)} isolates)"
        )
        return EXIT_OK
    sys.stderr.write(f"Error: {len(report.errors)} problem(s); the dataset is not valid\n")
    return EXIT_INVALID


def _format_counts(counts: dict[str, int], indent: str = "    ") -> list[str]:
    width = max((len(k) for k in counts), default=0)
    return [f"{indent}{k:<{width}}  {v:>4}" for k, v in counts.items()]


def cmd_info(args: argparse.Namespace) -> int:
    """``coopnet info PATH``: a summary of actors, ties, periods, isolates and reciprocity."""
    from coopnet.model import load

    net = load(args.path, strict=args.strict)
    summary = net.summary(group=args.group)
    if args.json:
        Path(args.json).write_text(
            json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    _print(f"{summary['name']} — {summary['source']}")
    kind = "directed nominations" if summary["directed"] else "undirected ties"
    if summary["directed"]:
        kind += f", symmetrised by '{summary['symmetrise']}'"
    _print(f"  {summary['n_actors']} actors, {summary['n_tie_rows']} tie rows ({kind})")
    if summary["response_rate"] is not None:
        _print(f"  response rate: {summary['response_rate']:.0%}")
    for column, counts in summary["actors_by"].items():
        _print(f"  actors by {column}:")
        for line in _format_counts(counts):
            _print(line)
    _print("  tie rows by type:")
    for line in _format_counts(summary["ties_by_type"]):
        _print(line)
    _print("  by period:")
    header = f"    {'period':<8} {'actors':>6} {'ties':>5} {'isolates':>8} {'recipr.':>7} {'unrecip.':>8}"
    _print(header)
    for row in summary["by_period"]:
        rec = "–" if row["reciprocity"] is None else f"{row['reciprocity']:.2f}"
        _print(
            f"    {row['period']:<8} {row['actors']:>6} {row['ties']:>5} {len(row['isolates']):>8} "
            f"{rec:>7} {row['unreciprocated']:>8}"
        )
    for row in summary["by_period"]:
        if row["isolates"]:
            _print(f"  isolates {row['period']}: {', '.join(row['isolates'])}")
        if row["unobserved_dyads"]:
            _print(
                f"  unobserved dyads {row['period']} (two non-respondents): "
                f"{row['unobserved_dyads']}"
            )
    if net.report.warnings:
        _print(
            f"  {len(net.report.warnings)} warning(s) from validation; "
            f"run 'coopnet validate {args.path}' to see them"
        )
    return EXIT_OK


def cmd_convert(args: argparse.Namespace) -> int:
    """``coopnet convert PATH OUT``: write a dataset as CSV folder, Excel workbook or GraphML."""
    from coopnet.model import load

    net = load(args.path, strict=args.strict)
    out = net.write(args.out, format=args.format)
    _print(f"wrote {out}")
    return EXIT_OK


def _progress(args: argparse.Namespace) -> Callable[[str], None]:
    def say(message: str) -> None:
        if not args.quiet:
            sys.stderr.write(f"  … {message}\n")
            sys.stderr.flush()

    return say


def _config(args: argparse.Namespace) -> Any:
    from coopnet.config import AnalysisConfig

    return AnalysisConfig().with_overrides(
        group=getattr(args, "group", None),
        directed=True if getattr(args, "directed", False) else None,
        weighted=True if getattr(args, "weighted", False) else None,
        key_players=getattr(args, "key_players", None),
        n_permutations=getattr(args, "permutations", None),
        seed=getattr(args, "seed", None),
        lang=getattr(args, "lang", None),
    )


def cmd_analyze(args: argparse.Namespace) -> int:
    """``coopnet analyze DATASET --out DIR``: every measure, written as CSV and JSON."""
    from coopnet.model import load
    from coopnet.pipeline import analyze_network, network_by_period, write_analysis

    say = _progress(args)
    say(f"loading {args.path}")
    net = load(args.path, strict=args.strict)
    config = _config(args)
    period = args.period
    say(f"measures ({'all periods pooled' if period in (None, 'all') else 'period ' + period})")
    result = analyze_network(
        net, config=config, period=period, tie_type=args.tie_type, progress=say
    )
    written = write_analysis(result, args.out)
    if net.periods and period in (None, "all") and args.tie_type is None:
        say("network measures per period")
        table = network_by_period(net, config=config)
        table.to_csv(Path(args.out) / "periods.csv", encoding="utf-8")
        written.append(Path(args.out) / "periods.csv")
    m = result.network
    _print(
        f"{net.name} ({result.options['period']}): {m['n_actors']} actors, {m['n_ties']} ties, "
        f"density {m['density']:.3f}, fragmentation {m['fragmentation']:.3f}, "
        f"E-I ({result.group}) {m['ei_index']:+.2f} (p = {m['ei_p_value']:.3f})"
    )
    top = result.actors["betweenness"].sort_values(ascending=False).head(3)
    _print(
        "  highest betweenness: "
        + ", ".join(f"{result.actors.at[a, 'label']!s} ({v:.2f})" for a, v in top.items())
    )
    helping = result.key_players[result.key_players["contribution"] > 0]  # 0: not a key player
    if len(helping):
        _print("  key players: " + ", ".join(helping["label"].astype(str)))
    _print(f"wrote {len(written)} files to {args.out}")
    return EXIT_OK


def cmd_what_if(args: argparse.Namespace) -> int:
    """``coopnet what-if DATASET --remove ID``: what changes if named actors leave."""
    from coopnet.model import load
    from coopnet.pipeline import what_if_network, write_json

    net = load(args.path, strict=args.strict)
    result = what_if_network(net, args.remove, config=_config(args), period=args.period)
    data = result.to_dict()
    if args.json:
        write_json(data, Path(args.json))
    _print(f"removing {', '.join(result.removed)}" + (f" in {args.period}" if args.period else ""))
    rows = [
        ("fragmentation", result.fragmentation_before, result.fragmentation_after),
        (
            "distance-weighted fragmentation",
            result.distance_fragmentation_before,
            result.distance_fragmentation_after,
        ),
        ("components", result.components_before, result.components_after),
        (
            "largest component share",
            result.largest_component_share_before,
            result.largest_component_share_after,
        ),
        (
            "cross-group reachability",
            result.cross_group_reachability_before,
            result.cross_group_reachability_after,
        ),
    ]
    for name, before, after in rows:
        fmt = "{:>7d}" if isinstance(before, int) else "{:>7.3f}"
        _print(f"  {name:<33} {fmt.format(before)} → {fmt.format(after)}")
    if result.cut_off:
        _print("  cut off from the main component: " + ", ".join(result.cut_off))
    return EXIT_OK


def cmd_plot(args: argparse.Namespace) -> int:
    """``coopnet plot DATASET --kind KIND --out FILE``: one static figure (PNG, SVG or PDF)."""
    from coopnet.model import load
    from coopnet.pipeline import plot_dataset
    from coopnet.viz import save_figure

    net = load(args.path, strict=args.strict)
    fig = plot_dataset(
        net,
        args.kind,
        config=_config(args),
        period=args.period,
        before=args.before,
        after=args.after,
        size_by=args.size_by,
        top=args.top,
    )
    for path in save_figure(fig, args.out):
        _print(f"wrote {path}")
    return EXIT_OK


def cmd_html(args: argparse.Namespace) -> int:
    """``coopnet html DATASET --out FILE.html``: interactive graph that works offline."""
    from coopnet.model import load
    from coopnet.pipeline import html_dataset

    net = load(args.path, strict=args.strict)
    out = html_dataset(
        net,
        args.out,
        config=_config(args),
        period=args.period,
        before=args.before,
        after=args.after,
        size_by=args.size_by,
    )
    _print(f"wrote {out}")
    return EXIT_OK


def cmd_compare(args: argparse.Namespace) -> int:
    """``coopnet compare DATASET --out DIR``: churn, QAP, deltas and persistence across periods."""
    from coopnet.compare import compare_all, compare_periods, write_comparison
    from coopnet.model import load

    say = _progress(args)
    net = load(args.path, strict=args.strict)
    config = _config(args)
    if (args.before is None) != (args.after is None):
        sys.stderr.write("Error: give both --before and --after, or neither (all periods)\n")
        return EXIT_USAGE
    if args.before:
        say(f"comparing {args.before} → {args.after}")
        result: Any = compare_periods(net, args.before, args.after, config=config)
    else:
        say(f"comparing all periods: {' → '.join(net.periods)}")
        result = compare_all(net, config=config)
    written = write_comparison(result, args.out)
    s = result.summary()

    def num(key: str, fmt: str) -> str:
        value = s.get(key)
        return "–" if value is None or value != value else format(value, fmt)

    _print(
        f"{net.name}: {s['before']} → {s['after']}: {s['kept']} ties kept, {s['added']} added, "
        f"{s['removed']} removed (Jaccard {num('jaccard', '.2f')}); QAP r = "
        f"{num('qap_correlation', '.2f')} (p = {num('qap_p_value', '.3f')}); E-I "
        f"{num('ei_before', '+.2f')} → {num('ei_after', '+.2f')}"
    )
    _print(f"wrote {len(written)} files to {args.out}")
    return EXIT_OK


def cmd_diagnose(args: argparse.Namespace) -> int:
    """``coopnet diagnose DATASET``: ranked findings on integration gaps in plain language."""
    from coopnet.diagnose import diagnose, format_text, write_findings
    from coopnet.model import load

    say = _progress(args)
    net = load(args.path, strict=args.strict)
    say("measures and findings")
    result = diagnose(net, period=args.period, config=_config(args))
    sys.stdout.write(format_text(result, limit=args.limit))
    if args.out:
        written = write_findings(result, args.out)
        _print(f"wrote {', '.join(str(p) for p in written)}")
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    """``coopnet report DATASET --out DIR``: the whole analysis as a folder for the municipality."""
    from coopnet.model import load
    from coopnet.report import build_report

    say = _progress(args)
    say(f"loading {args.path}")
    net = load(args.path, strict=args.strict)
    out = build_report(net, args.out, config=_config(args), progress=say)
    _print(f"wrote the report to {out} (open {out / 'index.html'})")
    return EXIT_OK


def cmd_batch(args: argparse.Namespace) -> int:
    """``coopnet batch DIR --out DIR``: analyse every dataset under DIR and compare them."""
    from coopnet.batch import run_batch

    result = run_batch(
        Path(args.root),
        Path(args.out),
        config=_config(args),
        jobs=args.jobs,
        progress=_progress(args),
    )
    _print(result.format())
    return EXIT_OK if not result.failed else EXIT_INVALID


# ---------------------------------------------------------------------------- parser
_EPILOG = "Exit codes: 0 success, 1 invalid data, 2 wrong usage. Docs: README.md, docs/."


def _add(
    sub: Any, name: str, func: Callable[[argparse.Namespace], int], help_text: str, example: str
) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = sub.add_parser(
        name,
        help=help_text,
        description=help_text,
        epilog=f"example: {example}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.set_defaults(func=func)
    _add_verbosity(parser)
    return parser


def _add_verbosity(parser: argparse.ArgumentParser) -> None:
    # SUPPRESS keeps a flag given before the subcommand from being reset by the subparser
    parser.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        default=argparse.SUPPRESS,
        help="show debug messages",
    )
    parser.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        default=argparse.SUPPRESS,
        help="print only errors (no progress)",
    )


def _add_figure_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--period", help="one period, or 'all' (default) to pool all periods")
    p.add_argument("--before", metavar="P1", help="first period of a comparison")
    p.add_argument("--after", metavar="P2", help="second period of a comparison")
    p.add_argument("--group", metavar="COLUMN", help="grouping column (default: from dataset.toml)")
    p.add_argument(
        "--size-by",
        default="betweenness",
        metavar="MEASURE",
        help="actor measure for node size / ranking (default betweenness)",
    )
    p.add_argument("--directed", action="store_true", help="use the directed nominations")
    p.add_argument("--weighted", action="store_true", help="use tie weights")
    p.add_argument(
        "--lang", choices=("de", "en"), help="language of titles and labels (default de)"
    )
    p.add_argument("--seed", type=int, help="layout seed (default 0)")
    p.add_argument("--strict", action="store_true", help="as for validate")


def _add_analysis_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--group", metavar="COLUMN", help="grouping column (default: from dataset.toml)")
    p.add_argument("--directed", action="store_true", help="use the directed nominations")
    p.add_argument("--weighted", action="store_true", help="use tie weights")
    p.add_argument("--lang", choices=("de", "en"), help="language of the text (default de)")
    p.add_argument(
        "--permutations",
        type=int,
        metavar="N",
        help="permutations of the QAP and E-I tests (default 1000)",
    )
    p.add_argument("--seed", type=int, help="random seed (default 0)")
    p.add_argument("--strict", action="store_true", help="as for validate")


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``coopnet`` command."""
    parser = argparse.ArgumentParser(
        prog="coopnet",
        description="Network analysis of cooperation between offices, politics and local actors "
        "in a municipality.",
        epilog=_EPILOG,
    )
    from coopnet import __version__

    parser.add_argument("--version", action="version", version=f"coopnet {__version__}")
    _add_verbosity(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = _add(
        sub,
        "validate",
        cmd_validate,
        "check a dataset and report every problem (file, row, column, value)",
        "coopnet validate data/musterstadt",
    )
    p.add_argument("path", help="dataset folder, .xlsx, .graphml, .gexf or adjacency-matrix .csv")
    p.add_argument(
        "--strict",
        action="store_true",
        help="treat self-ties, duplicate rows/ties and encoding fallback as errors",
    )
    p.add_argument("--json", metavar="FILE", help="also write the report as JSON to FILE")
    p.add_argument("--all-warnings", action="store_true", help="print every warning")

    p = _add(
        sub,
        "info",
        cmd_info,
        "summarise a dataset: actors per group, ties per period and type, isolates, reciprocity",
        "coopnet info data/musterstadt --group sector",
    )
    p.add_argument("path", help="dataset folder, .xlsx, .graphml, .gexf or adjacency-matrix .csv")
    p.add_argument("--group", metavar="COLUMN", help="grouping column (default: from dataset.toml)")
    p.add_argument("--strict", action="store_true", help="as for validate")
    p.add_argument("--json", metavar="FILE", help="also write the summary as JSON to FILE")

    p = _add(
        sub,
        "convert",
        cmd_convert,
        "write a dataset as CSV folder, Excel workbook or GraphML (round-trips)",
        "coopnet convert data/musterstadt out/musterstadt.xlsx",
    )
    p.add_argument("path", help="dataset to read")
    p.add_argument("out", help="a folder (CSV), a .xlsx or a .graphml file")
    p.add_argument(
        "--format",
        choices=("csv", "xlsx", "graphml"),
        help="output format (default: from the suffix of OUT)",
    )
    p.add_argument("--strict", action="store_true", help="as for validate")
    p = _add(
        sub,
        "analyze",
        cmd_analyze,
        "compute actor, group and network measures and key players; write CSV/JSON tables",
        "coopnet analyze data/musterstadt --period 2016 --out out/2016",
    )
    p.add_argument("path", help="dataset")
    p.add_argument("--out", required=True, metavar="DIR", help="folder for the result files")
    p.add_argument("--group", metavar="COLUMN", help="grouping column (default: from dataset.toml)")
    p.add_argument("--period", help="one period, or 'all' (default) to pool all periods")
    p.add_argument("--tie-type", metavar="TYPE", help="only ties of this type")
    p.add_argument(
        "--directed",
        action="store_true",
        help="analyse the directed nominations instead of the symmetrised ties",
    )
    p.add_argument(
        "--weighted",
        action="store_true",
        help="use tie weights as intensity (distance = 1/weight for path measures)",
    )
    p.add_argument("--key-players", type=int, metavar="K", help="key players to search (default 3)")
    p.add_argument(
        "--permutations", type=int, metavar="N", help="permutations of the E-I test (default 1000)"
    )
    p.add_argument("--seed", type=int, help="random seed (default 0)")
    p.add_argument("--strict", action="store_true", help="as for validate")

    p = _add(
        sub,
        "what-if",
        cmd_what_if,
        "show how fragmentation and cross-group reachability change if named actors leave",
        "coopnet what-if data/musterstadt --period 2022 --remove KI",
    )
    p.add_argument("path", help="dataset")
    p.add_argument(
        "--remove",
        action="append",
        required=True,
        metavar="ID",
        help="actor id to remove (repeatable)",
    )
    p.add_argument("--period", help="one period, or 'all' (default) to pool all periods")
    p.add_argument("--group", metavar="COLUMN", help="grouping column (default: from dataset.toml)")
    p.add_argument("--directed", action="store_true", help="use the directed nominations")
    p.add_argument("--weighted", action="store_true", help="use tie weights")
    p.add_argument("--json", metavar="FILE", help="also write the result as JSON to FILE")
    p.add_argument("--strict", action="store_true", help="as for validate")
    from coopnet.schema import FIGURE_KINDS

    p = _add(
        sub,
        "plot",
        cmd_plot,
        "draw a static figure (network map, periods side by side, difference map, mixing "
        "heatmap, ranking, fragmentation curve, E-I over periods) as PNG, SVG or PDF",
        "coopnet plot data/musterstadt --kind difference --before 2016 --after 2022 "
        "--out out/diff.png",
    )
    p.add_argument("path", help="dataset")
    p.add_argument("--kind", required=True, choices=FIGURE_KINDS, help="which figure")
    p.add_argument("--out", required=True, metavar="FILE", help=".png, .svg or .pdf")
    _add_figure_options(p)
    p.add_argument("--top", type=int, default=15, help="actors in a ranking (default 15)")

    p = _add(
        sub,
        "html",
        cmd_html,
        "write an interactive graph as one self-contained HTML file (works offline); with "
        "--before/--after a comparison of two periods",
        "coopnet html data/musterstadt --period 2016 --out out/netz_2016.html",
    )
    p.add_argument("path", help="dataset")
    p.add_argument("--out", required=True, metavar="FILE.html", help="the HTML file to write")
    _add_figure_options(p)
    p = _add(
        sub,
        "compare",
        cmd_compare,
        "compare periods: ties kept/added/removed, QAP correlation, actor and group changes, "
        "persistence of crisis structures (all periods in order unless --before/--after)",
        "coopnet compare data/musterstadt --before 2016 --after 2022 --out out/vergleich",
    )
    p.add_argument("path", help="dataset")
    p.add_argument("--out", required=True, metavar="DIR", help="folder for the result files")
    p.add_argument("--before", metavar="P1", help="earlier period")
    p.add_argument("--after", metavar="P2", help="later period")
    _add_analysis_options(p)

    p = _add(
        sub,
        "diagnose",
        cmd_diagnose,
        "diagnose integration gaps: silos, single points of failure, isolated actors, "
        "asymmetric perception, fall-back after the crisis — ranked, in German or English",
        "coopnet diagnose data/musterstadt --period 2022 --lang de --out out/befunde",
    )
    p.add_argument("path", help="dataset")
    p.add_argument("--period", help="one period (default: every period and every change)")
    p.add_argument("--out", metavar="DIR", help="also write findings.json and findings.md to DIR")
    p.add_argument("--limit", type=int, metavar="N", help="print at most N findings")
    _add_analysis_options(p)
    p = _add(
        sub,
        "report",
        cmd_report,
        "the main job: measures, comparison, diagnosis, figures and interactive graphs as one "
        "report folder (index.html, tables/, figures/, findings) for the municipality",
        "coopnet report data/musterstadt --out reports/musterstadt --lang de",
    )
    p.add_argument("path", help="dataset")
    p.add_argument(
        "--out", required=True, metavar="DIR", help="report folder (replaced on success)"
    )
    p.add_argument("--key-players", type=int, metavar="K", help="key players to search (default 3)")
    _add_analysis_options(p)
    p = _add(
        sub,
        "batch",
        cmd_batch,
        "analyse every dataset under a folder (one per municipality) in parallel processes "
        "and write one comparison table (municipalities.csv); failures are reported, not fatal",
        "coopnet batch kommunen/ --out out/kreis --jobs 2",
    )
    p.add_argument(
        "root", help="folder with one dataset folder (or .xlsx workbook) per municipality"
    )
    p.add_argument("--out", required=True, metavar="DIR", help="folder for the results")
    p.add_argument(
        "--jobs", type=int, default=2, metavar="N", help="parallel processes (default 2)"
    )
    p.add_argument("--key-players", type=int, metavar="K", help="key players to search (default 3)")
    _add_analysis_options(p)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``coopnet`` command and return its exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    args.quiet = getattr(args, "quiet", False)
    args.verbose = getattr(args, "verbose", False)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    level = logging.DEBUG if args.verbose else logging.ERROR if args.quiet else logging.WARNING
    logging.basicConfig(level=level, format="%(levelname)s: %(message)s")
    from coopnet.errors import CoopnetError

    try:
        return int(args.func(args))
    except CoopnetError as exc:
        sys.stderr.write(f"Error: {exc}\n")
        return EXIT_INVALID
    except OSError as exc:
        sys.stderr.write(f"Error: {exc}\n")
        return EXIT_INVALID
