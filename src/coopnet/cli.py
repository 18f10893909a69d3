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
    return parser


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
    parser.add_argument("-v", "--verbose", action="store_true", help="show debug messages")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only errors")
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
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``coopnet`` command and return its exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
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
