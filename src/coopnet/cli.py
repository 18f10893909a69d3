"""Command-line interface: a thin layer over the Python API.

Every subcommand parses its arguments, builds one :class:`coopnet.run.Study` (the dataset with its
options resolved once), calls one documented API function and maps
:class:`coopnet.errors.CoopnetError` to ``Error: …`` on stderr with a non-zero exit code:

* 0 — success (``validate``: the dataset is valid; warnings may have been printed)
* 1 — invalid input data or an analysis precondition failed
* 2 — wrong command-line usage
* 70 — an internal error (a bug in coopnet; ``-v`` shows the traceback)
* 130 — interrupted (Ctrl-C)
* 141 — standard output was closed before coopnet finished writing (``coopnet … | head``):
  nothing more is written, not even an error, as a program killed by SIGPIPE (128 + 13) ends

The options shared by several subcommands are declared once, in :data:`OPTIONS`, and each
subcommand lists the ones it takes. Heavy libraries are imported inside the subcommands so that
``coopnet --help`` starts fast.
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import sys
import textwrap
import traceback
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from coopnet.console import Parser, cli_lang, env_lang, log_to_stderr
from coopnet.messages import Step, step, tr

if TYPE_CHECKING:  # pragma: no cover
    from coopnet.config import AnalysisConfig, Limits
    from coopnet.model import CooperationNetwork
    from coopnet.run import Study

__all__ = ["COMMANDS", "OPTIONS", "build_parser", "main"]

Lang = Literal["de", "en"]

log = logging.getLogger("coopnet")

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 70, 130
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE: what a shell reports for `yes | head`


def _print(text: str = "") -> None:
    """Print a line for the terminal: labels are data, so no control or bidi character of a
    label reaches the terminal (:func:`coopnet.textsafe.clean_text`)."""
    from coopnet.textsafe import clean_text

    sys.stdout.write(clean_text(text) + "\n")


def _type_error(key: str, **fields: object) -> argparse.ArgumentTypeError:
    """The error of an argument type, in English as argparse's own (the parser translates it)."""
    from coopnet.lang import text

    return argparse.ArgumentTypeError(text(f"help.argparse.{key}", "en", **fields))


def _count(minimum: int) -> Callable[[str], int]:
    """An argparse type: an integer of at least `minimum`."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise _type_error("not_whole", value=repr(text)) from None
        if value < minimum:
            raise _type_error("at_least", minimum=minimum, value=value)
        return value

    parse.__name__ = "count"
    return parse


def _fraction(text: str) -> float:
    """An argparse type: a number strictly between 0 and 1."""
    try:
        value = float(text)
    except ValueError:
        raise _type_error("not_number", value=repr(text)) from None
    if not 0.0 < value < 1.0:
        raise _type_error("fraction", value=text)
    return value


# ---------------------------------------------------------------------------- the option table
@dataclass(frozen=True)
class Option:
    """One command-line option shared by several subcommands."""

    flags: tuple[str, ...]
    kwargs: Mapping[str, Any] = field(default_factory=dict)


OPTIONS: dict[str, Option] = {
    # analysis options: fields of coopnet.config.AnalysisConfig
    "group": Option(
        ("--group",),
        {
            "metavar": "COLUMN",
            "help": tr("help.option.group"),
        },
    ),
    "tie_type": Option(
        ("--tie-type",),
        {
            "action": "append",
            "dest": "tie_types",
            "metavar": "TYPE",
            "help": tr("help.option.tie_type"),
        },
    ),
    "directed": Option(
        ("--directed",),
        {
            "action": "store_true",
            "default": None,
            "help": tr("help.option.directed"),
        },
    ),
    "weighted": Option(
        ("--weighted",),
        {
            "action": "store_true",
            "default": None,
            "help": tr("help.option.weighted"),
        },
    ),
    "key_players": Option(
        ("--key-players",),
        {"type": _count(0), "metavar": "K", "help": tr("help.option.key_players")},
    ),
    "permutations": Option(
        ("--permutations",),
        {
            "type": _count(1),
            "metavar": "N",
            "dest": "n_permutations",
            "help": tr("help.option.permutations"),
        },
    ),
    "seed": Option(
        ("--seed",),
        {
            "type": int,
            "help": tr("help.option.seed"),
        },
    ),
    "layout_seed": Option(
        ("--layout-seed",),
        {"type": int, "help": tr("help.option.layout_seed")},
    ),
    "lang": Option(
        ("--lang",),
        {
            "choices": ("de", "en"),
            "help": tr("help.option.lang"),
        },
    ),
    "engine": Option(
        ("--engine",),
        {
            "choices": ("igraph", "coopnet"),
            "help": tr("help.option.engine"),
        },
    ),
    "sample": Option(
        ("--sample",),
        {
            "choices": ("auto", "exact", "sampled"),
            "help": tr("help.option.sample"),
        },
    ),
    "epsilon": Option(
        ("--epsilon",),
        {
            "type": _fraction,
            "metavar": "E",
            "help": tr("help.option.epsilon"),
        },
    ),
    "delta": Option(
        ("--delta",),
        {
            "type": _fraction,
            "metavar": "D",
            "help": tr("help.option.delta"),
        },
    ),
    "options": Option(
        ("--options",),
        {
            "metavar": "FILE",
            "help": tr("help.option.options"),
        },
    ),
    # data options
    "undirected_ties": Option(
        ("--undirected-ties",),
        {
            "action": "store_true",
            "help": tr("help.option.undirected_ties"),
        },
    ),
    "strict": Option(
        ("--strict",),
        {
            "action": "store_true",
            "help": tr("help.option.strict"),
        },
    ),
    "limit": Option(
        ("--limit",),
        {
            "action": "append",
            "metavar": "NAME=VALUE",
            "help": tr("help.option.limit"),
        },
    ),
    "overwrite": Option(
        ("--overwrite",),
        {
            "action": "store_true",
            "help": tr("help.option.overwrite"),
        },
    ),
    "pseudonymise": Option(
        ("--pseudonymise",),
        {
            "action": "store_true",
            "help": tr("help.option.pseudonymise"),
        },
    ),
    # selection of periods
    "period": Option(("--period",), {"help": tr("help.option.period")}),
    "before": Option(("--before",), {"metavar": "P1", "help": tr("help.option.before")}),
    "after": Option(("--after",), {"metavar": "P2", "help": tr("help.option.after")}),
    "size_by": Option(
        ("--size-by",),
        {
            "default": "betweenness",
            "metavar": "MEASURE",
            "help": tr("help.option.size_by"),
        },
    ),
    "csv": Option(
        ("--csv",),
        {
            "choices": ("standard", "excel-de"),
            "default": "standard",
            "help": tr("help.option.csv"),
        },
    ),
    "json": Option(
        ("--json",),
        {"metavar": "FILE", "help": tr("help.option.json")},
    ),
}
"""Every option shared by several subcommands, declared once."""

ANALYSIS: tuple[str, ...] = (
    "pseudonymise",
    "group",
    "tie_type",
    "directed",
    "weighted",
    "key_players",
    "permutations",
    "seed",
    "layout_seed",
    "lang",
    "engine",
    "sample",
    "epsilon",
    "delta",
    "options",
    "undirected_ties",
    "strict",
    "limit",
)
"""The analysis options: every subcommand that analyses a study takes all of them."""

DATA: tuple[str, ...] = ("undirected_ties", "strict", "limit")
"""How the data are read: every subcommand that reads a dataset takes these."""

_CONFIG_FIELDS: tuple[str, ...] = (
    "group",
    "tie_types",
    "directed",
    "weighted",
    "key_players",
    "n_permutations",
    "seed",
    "layout_seed",
    "lang",
    "engine",
    "sample",
    "epsilon",
    "delta",
)


# ---------------------------------------------------------------------------- shared steps
def _write_json(args: argparse.Namespace, payload: Mapping[str, Any]) -> None:
    """Write JSON to the file ``--json FILE``, or to standard output when it is ``-``.

    A file is written as every coopnet output is (:func:`coopnet.outputs.output_file`): never
    over or inside the input, and over an existing file only if coopnet wrote it (its first key
    is ``"generator": "coopnet …"``) or with ``--overwrite``.
    """
    from coopnet import __version__
    from coopnet.outputs import output_file

    if args.json == "-":
        sys.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
        return
    marked = {"generator": f"coopnet {__version__}", **payload}
    text = json.dumps(marked, indent=2, ensure_ascii=False, default=str) + "\n"
    inputs = [args.path] if getattr(args, "path", None) else []
    with output_file(
        args.json, kind="json", inputs=inputs, overwrite=getattr(args, "overwrite", False)
    ) as tmp:
        tmp.write_text(text, encoding="utf-8")


def _progress(args: argparse.Namespace) -> Callable[[str], None]:
    """Progress lines on stderr, in the user's language (``progress.toml``), nothing with ``-q``.

    Periods, paths and labels in a line are data: no control or bidi character of theirs reaches
    the terminal (:func:`coopnet.textsafe.clean_text`).
    """
    from coopnet.textsafe import clean_text

    lang = _lang(args)

    def say(message: str) -> None:
        if not args.quiet:
            shown = message.text.render(lang) if isinstance(message, Step) else message
            sys.stderr.write(clean_text(f"  … {shown}") + "\n")
            sys.stderr.flush()

    return say


def _config(args: argparse.Namespace, net: CooperationNetwork | None = None) -> AnalysisConfig:
    """The analysis options of a command: flags over ``--options FILE`` over dataset.toml."""
    from coopnet.config import AnalysisConfig

    if getattr(args, "options", None):
        base = AnalysisConfig.from_toml(args.options)
    elif net is not None:
        base = net.meta.analysis_config()
    else:
        base = AnalysisConfig()
    return base.with_overrides(**{k: getattr(args, k, None) for k in _CONFIG_FIELDS})


def _limits(args: argparse.Namespace) -> Limits:
    """The input limits of a command: the defaults with ``--limit NAME=VALUE`` applied."""
    from coopnet.config import Limits

    return Limits.from_strings(getattr(args, "limit", None) or [])


def _load(args: argparse.Namespace, path: str | None = None) -> CooperationNetwork:
    from coopnet.model import load

    return load(
        path or args.path,
        strict=getattr(args, "strict", False),
        limits=_limits(args),
        undirected_ties=getattr(args, "undirected_ties", False),
    )


def _lang(args: argparse.Namespace) -> Lang:
    """The language of a command's output: ``--lang``, else dataset.toml's, else German."""
    lang = getattr(args, "lang", None)
    if lang is None and getattr(args, "path", None):
        from coopnet.io import dataset_lang

        lang = dataset_lang(args.path)
    return "en" if lang == "en" else "de"


def _group_note(study: Study) -> None:
    """Say once, before the results, that group measures are left out (no grouping column)."""
    note = study.group_measures_note(study.options.lang)
    if note is not None:
        _print(_t("note", study.options.lang, note=note))


def _t(key: str, lang: Lang, **fields: object) -> str:
    from coopnet.lang import text

    return text(f"cli.{key}", lang, **fields)


def _error(message: str, lang: Lang) -> None:
    """Write ``Fehler: …`` (``Error: …``) on stderr, the message cleaned like every label."""
    from coopnet.textsafe import clean_text

    sys.stderr.write(clean_text(f"{_t('error', lang)}: {message}") + "\n")


def _note(note: str, lang: Lang) -> None:
    """Write ``Hinweis: …`` (``Note: …``) on stderr, cleaned."""
    from coopnet.textsafe import clean_text

    sys.stderr.write(clean_text(_t("note", lang, note=note)) + "\n")


def _measure_name(measure: str, lang: Lang) -> str:
    """A measure as a German reader knows it (``Vermittlung (Betweenness)``); in English its id."""
    from coopnet.lang import catalogue, text

    key = f"measures.{measure}.name"
    return text(key, lang) if lang == "de" and key in catalogue(lang) else measure


def _study(args: argparse.Namespace) -> Study:
    """Load the dataset of a command and open its study, once."""
    from coopnet.run import Study

    net = _load(args)
    if getattr(args, "pseudonymise", False):
        from coopnet.survey import pseudonymise_network

        net = pseudonymise_network(net)
    study = Study(net, _config(args, net))
    study.command = ("coopnet", *getattr(args, "argv", ()))
    _keep(args)
    return study


def _keep(args: argparse.Namespace) -> None:
    """Leave the objects made so far out of later garbage collections when the command runs as
    its own process (``coopnet …``, ``python -m coopnet …``: :func:`main` without `argv`).

    The modules, the dataset and its graphs live until the process ends; without
    :func:`gc.freeze`, every full collection walks them again, and while the measures' forked
    workers run, that walk also makes the kernel copy the pages it touches (0.3 to 0.5 s of
    CPU at 2,000 actors). Frozen objects are never collected, which in a process that ends
    after one command only keeps a few cycles of garbage alive. Called by :func:`main` from
    its own tests (``main([...])``) it does nothing: they share one process.
    """
    if getattr(args, "owns_process", False):
        gc.freeze()


def _provenance_record(args: argparse.Namespace, study: Study, *extra: str | None) -> Any:
    """The provenance record (command, options, versions, input hashes) of a command's output."""
    from coopnet.provenance import provenance

    files = [f for f in (getattr(args, "options", None), *extra) if f]
    return provenance(study, extra_inputs=files)


def _provenance(
    args: argparse.Namespace, study: Study, folder: str | Path, *extra: str | None
) -> Path:
    """Write ``provenance.json`` into `folder` (for outputs not written as one output folder)."""
    from coopnet.jsonio import write_json
    from coopnet.outputs import PROVENANCE_FILE

    return write_json(_provenance_record(args, study, *extra), Path(folder) / PROVENANCE_FILE)


# ---------------------------------------------------------------------------- subcommands
def cmd_validate(args: argparse.Namespace) -> int:
    """``coopnet validate PATH``: what was read as what, and every problem of a dataset."""
    from coopnet.lang import number
    from coopnet.model import validate

    lang = _lang(args)
    report = validate(
        args.path,
        strict=args.strict,
        limits=_limits(args),
        undirected_ties=args.undirected_ties,
    )
    if args.json:
        frame = report.to_frame()
        _write_json(
            args,
            {
                "source": report.source,
                "valid": report.ok,
                "counts": dict(report.counts),
                "notes": list(report.notes),
                "read": report.mapping("en"),
                "problems": json.loads(frame.to_json(orient="records", force_ascii=False)),
            },
        )
        if args.json == "-":
            return EXIT_OK if report.ok else EXIT_INVALID
    if not args.quiet:
        for line in report.mapping(lang):
            _print(line)
    if not args.quiet or not report.ok:
        _print(report.format(max_warnings=None if args.all_warnings else 30, lang=lang))
    counts = report.counts
    if report.ok:
        _print(
            _t(
                "validate.valid",
                lang,
                **{
                    k: number(counts.get(k, 0), lang)
                    for k in (
                        "actors",
                        "ties",
                        "tie_rows",
                        "self_ties_dropped",
                        "duplicate_ties_merged",
                        "isolates",
                    )
                },
            )
        )
        return EXIT_OK
    sys.stderr.write(_t("validate.invalid", lang, n=number(len(report.errors), lang)) + "\n")
    return EXIT_INVALID


def _format_counts(counts: dict[str, int], indent: str = "    ") -> list[str]:
    width = max((len(k) for k in counts), default=0)
    return [f"{indent}{k:<{width}}  {v:>4}" for k, v in counts.items()]


def cmd_info(args: argparse.Namespace) -> int:
    """``coopnet info PATH``: a summary of actors, ties, periods, isolates and reciprocity."""
    from coopnet.lang import column_label, number
    from coopnet.run import describe_options

    study = _study(args)
    lang = study.options.lang
    summary = study.summary()
    if args.json:
        _write_json(args, summary)
        if args.json == "-":
            return EXIT_OK
    _print(f"{summary['name']} — {summary['source']}")
    if summary["directed"]:
        kind = _t("info.kind_directed", lang, rule=summary["symmetrise"])
    else:
        kind = _t("info.kind_undirected", lang)
    _print(
        "  "
        + _t(
            "info.size",
            lang,
            actors=number(summary["n_actors"], lang),
            rows=number(summary["n_tie_rows"], lang),
            kind=kind,
        )
    )
    if summary["response_rate"] is not None:
        rate = number(summary["response_rate"], lang, percent=True)
        rate = rate.replace("\u202f", "" if lang == "en" else " ")
        _print("  " + _t("info.response_rate", lang, rate=rate))
    for column, counts in summary["actors_by"].items():
        _print("  " + _t("info.actors_by", lang, column=column_label(column, lang)))
        for line in _format_counts(counts):
            _print(line)
    _print("  " + _t("info.rows_by_type", lang))
    for line in _format_counts(summary["ties_by_type"]):
        _print(line)
    _print("  " + _t("info.by_period", lang))
    head = [
        _t(f"info.col.{c}", lang)
        for c in ("period", "actors", "ties", "isolates", "recip", "unrecip")
    ]
    _print(f"    {head[0]:<8} {head[1]:>6} {head[2]:>5} {head[3]:>8} {head[4]:>7} {head[5]:>8}")
    for row in summary["by_period"]:
        rec = "–" if row["reciprocity"] is None else number(row["reciprocity"], lang, digits=2)
        _print(
            f"    {row['period']:<8} {row['actors']:>6} {row['ties']:>5} {len(row['isolates']):>8} "
            f"{rec:>7} {row['unreciprocated']:>8}"
        )
    for row in summary["by_period"]:
        if row["isolates"]:
            _print(
                "  "
                + _t("info.isolates", lang, period=row["period"], ids=", ".join(row["isolates"]))
            )
        if row["unobserved_dyads"]:
            _print(
                "  "
                + _t(
                    "info.unobserved",
                    lang,
                    period=row["period"],
                    n=number(row["unobserved_dyads"], lang),
                )
            )
    _print("  " + _t("info.options", lang))
    for line in describe_options(study.options, lang):
        _print(f"    {line}")
    if study.net.report.warnings:
        _print(
            "  "
            + _t(
                "info.warnings",
                lang,
                n=number(len(study.net.report.warnings), lang),
                path=args.path,
            )
        )
    return EXIT_OK


def cmd_convert(args: argparse.Namespace) -> int:
    """``coopnet convert PATH OUT``: write a dataset for Excel, Gephi, Pajek, UCINET, networkx."""
    from coopnet.export import UnknownFormatError, output_format
    from coopnet.messages import render_error

    lang = _lang(args)
    try:
        output_format(args.out, args.format)
    except UnknownFormatError as exc:  # refused before reading the data: a usage error
        _error(render_error(exc, lang), lang)
        return EXIT_USAGE
    import warnings

    from coopnet.errors import DataWarning

    net = _load(args)
    with warnings.catch_warnings(record=True) as notes:
        warnings.simplefilter("always", DataWarning)
        out = net.write(args.out, format=args.format, overwrite=args.overwrite)
    for note in notes:
        _note(str(note.message), lang)
    _print(_t("wrote", lang, path=out))
    return EXIT_OK


def cmd_analyze(args: argparse.Namespace) -> int:
    """``coopnet analyze DATASET --out DIR``: every measure, written as CSV and JSON."""
    from coopnet.layout import layout_started

    say = _progress(args)
    say(step("progress.cli.loading", path=str(args.path)))
    study = _study(args)
    key = study.period_key(args.period)
    with layout_started(study):  # network.gexf's layout, on a core the measures leave idle
        return _analyze(args, study, key, say)


def _analyze(args: argparse.Namespace, study: Study, key: str, say: Callable[[str], None]) -> int:
    """The measures, files and summary lines of ``coopnet analyze`` (:func:`cmd_analyze`)."""
    from coopnet.lang import column_label, number
    from coopnet.pipeline import write_analysis

    say(
        step("progress.cli.measures_pooled")
        if key == "all"
        else step("progress.cli.measures", period=key)
    )
    result = study.analysis(key, progress=say)
    _keep(args)
    _group_note(study)
    table = None
    if study.net.periods and key == "all":
        say(step("progress.cli.network_per_period"))
        table = study.network_table()
    written = write_analysis(
        result,
        args.out,
        study=study,
        periods=table,
        overwrite=args.overwrite,
        inputs=study.inputs,
        csv=args.csv,
        provenance_inputs=[args.options] if args.options else [],
    )
    lang, m = study.options.lang, result.network
    line = _t(
        "analyze.summary", lang, name=study.name,
        period=_t("analyze.all_periods", lang) if key == "all" else key,
        actors=number(m["n_actors"], lang), ties=number(m["n_ties"], lang),
        density=number(m["density"], lang), fragmentation=number(m["fragmentation"], lang),
    )  # fmt: skip
    if result.group is not None and m.get("ei_index") is not None:
        ei = number(m["ei_index"], lang, digits=2, signed=True)
        group = column_label(result.group, lang)  # as `info` names it: group → Gruppe
        line += _t("analyze.ei", lang, group=group, ei=ei, p=number(m["ei_p_value"], lang))
    _print(line)
    top = result.actors["betweenness"].sort_values(ascending=False, kind="stable").head(3)
    ranked = (
        f"{result.actors.at[a, 'label']!s} ({number(v, lang, digits=2)})" for a, v in top.items()
    )
    _print(_t("analyze.betweenness", lang, actors=", ".join(ranked)))
    helping = result.key_players[result.key_players["contribution"] > 0]  # 0: not a key player
    if len(helping):
        _print(_t("analyze.key_players", lang, actors=", ".join(helping["label"].astype(str))))
    for measure, info in result.estimation.items():  # never silently: say what was estimated
        if info.get("method", "exact") != "exact":
            _print(_t(
                "analyze.estimated", lang, measure=_measure_name(measure, lang),
                method=info["method"], samples=number(info["samples"], lang),
                reason=info.get("reason", ""),
                probability=number(1 - info["delta"], lang, significant=6),
                epsilon=number(info["epsilon"], lang, significant=6),
            ))  # fmt: skip
    _print(_t("wrote_files", lang, n=number(len(written), lang), out=args.out))
    return EXIT_OK


def _print_before_after(
    result: Any, lang: Lang, extra: Sequence[tuple[str, Any, Any]] = ()
) -> None:
    """The before → after table of a what-if (removed actors or added ties)."""
    from coopnet.lang import number

    rows = [
        ("fragmentation", result.fragmentation_before, result.fragmentation_after),
        (
            "distance_fragmentation",
            result.distance_fragmentation_before,
            result.distance_fragmentation_after,
        ),
        ("components", result.components_before, result.components_after),
        (
            "largest_share",
            result.largest_component_share_before,
            result.largest_component_share_after,
        ),
        (
            "cross_group",
            result.cross_group_reachability_before,
            result.cross_group_reachability_after,
        ),
        *extra,
    ]
    names = [_t(f"what_if.{key}", lang) for key, _, _ in rows]
    width = max(33, *(len(name) for name in names))
    for name, (_, before, after) in zip(names, rows, strict=True):
        digits = 0 if isinstance(before, int) else 3
        old, new = (number(v, lang, digits=digits).rjust(7) for v in (before, after))
        _print(f"  {name:<{width}} {old} → {new}")


def cmd_what_if(args: argparse.Namespace) -> int:
    """``coopnet what-if DATASET --remove ID``: what changes if named actors leave."""
    from coopnet.jsonio import to_jsonable
    from coopnet.pipeline import what_if_network

    if bool(args.remove) == bool(args.add_tie):
        _error(_t("usage.remove_or_add", _lang(args)), _lang(args))
        return EXIT_USAGE
    if args.add_tie:
        return _what_if_add_tie(args)
    study = _study(args)
    result = what_if_network(study, args.remove, period=args.period)
    data = result.to_dict()
    if args.json:
        _write_json(args, to_jsonable(data))
        if args.json == "-":
            return EXIT_OK
    lang = study.options.lang
    where = _t("what_if.in_period", lang, period=args.period) if args.period else ""
    _print(_t("what_if.removing", lang, actors=", ".join(result.removed)) + where)
    _print_before_after(result, lang)
    if result.cut_off:
        _print(_t("what_if.cut_off", lang, actors=", ".join(result.cut_off)))
    return EXIT_OK


def _what_if_add_tie(args: argparse.Namespace) -> int:
    """``coopnet what-if DATASET --add-tie A B``: what changes if two actors start to cooperate."""
    from coopnet.jsonio import to_jsonable
    from coopnet.recommend import what_if_ties_network

    study = _study(args)
    result = what_if_ties_network(study, args.add_tie, period=args.period)
    if args.json:
        _write_json(args, to_jsonable(result.to_dict()))
        if args.json == "-":
            return EXIT_OK
    lang = study.options.lang
    ties = ", ".join(f"{a} – {b}" for a, b in result.added)
    where = _t("what_if.in_period", lang, period=args.period) if args.period else ""
    _print(_t("what_if.adding", lang, ties=ties) + where)
    _print_before_after(
        result,
        lang,
        [
            (
                "cross_group_reach",
                result.cross_group_reach_before,
                result.cross_group_reach_after,
            ),
            (
                "robustness",
                result.robustness_before,
                result.robustness_after,
            ),
        ],
    )
    if result.joined:
        _print(_t("what_if.joined", lang, actors=", ".join(result.joined)))
    return EXIT_OK


def cmd_recommend(args: argparse.Namespace) -> int:
    """``coopnet recommend DATASET --out DIR``: new ties that would close the gaps."""
    from coopnet.recommend import format_text, recommend_network, write_recommendations

    say = _progress(args)
    say(step("progress.cli.loading", path=str(args.path)))
    study = _study(args)
    say(step("progress.cli.recommend", n=args.add, objective=args.objective))
    result = recommend_network(
        study,
        period=args.period,
        k=args.add,
        objective=args.objective,
        across_groups=args.across_groups,
        sources=args.sources,
        targets=args.targets,
        liaison=args.liaison,
    )
    lang = study.options.lang
    written = write_recommendations(
        result, args.out, lang=lang, overwrite=args.overwrite, inputs=study.inputs,
        provenance=_provenance_record(args, study),
    )  # fmt: skip
    sys.stdout.write(format_text(result, lang=lang))
    _print(_t("wrote", lang, path=", ".join(str(p) for p in written)))
    return EXIT_OK


def cmd_plot(args: argparse.Namespace) -> int:
    """``coopnet plot DATASET --kind KIND --out FILE``: one static figure (PNG, SVG or PDF)."""
    from coopnet.pipeline import plot_dataset
    from coopnet.viz import save_figure

    study = _study(args)
    fig = plot_dataset(
        study,
        args.kind,
        period=args.period,
        before=args.before,
        after=args.after,
        size_by=args.size_by,
        top=args.top,
    )
    for path in save_figure(fig, args.out, overwrite=args.overwrite, inputs=study.inputs):
        _print(_t("wrote", study.options.lang, path=path))
    return EXIT_OK


def cmd_html(args: argparse.Namespace) -> int:
    """``coopnet html DATASET --out FILE.html``: interactive graph that works offline."""
    from coopnet.pipeline import html_dataset

    study = _study(args)
    out = html_dataset(
        study,
        args.out,
        period=args.period,
        before=args.before,
        after=args.after,
        size_by=args.size_by,
        overwrite=args.overwrite,
        recommend=args.recommend,
        all_periods=args.all_periods,
    )
    _print(_t("wrote", study.options.lang, path=out))
    return EXIT_OK


def cmd_compare(args: argparse.Namespace) -> int:
    """``coopnet compare DATASET --out DIR``: churn, QAP, deltas and persistence across periods."""
    from coopnet.compare import compare_all, compare_periods, write_comparison

    say = _progress(args)
    if (args.before is None) != (args.after is None):
        _error(_t("usage.before_and_after", _lang(args)), _lang(args))
        return EXIT_USAGE
    study = _study(args)
    if args.before:
        say(step("progress.cli.compare", before=args.before, after=args.after))
        result: Any = compare_periods(study, args.before, args.after)
    else:
        say(step("progress.cli.compare_all", periods=" → ".join(study.net.periods)))
        result = compare_all(study)
    written = write_comparison(
        result, args.out, overwrite=args.overwrite, inputs=study.inputs, csv=args.csv,
        provenance=_provenance_record(args, study),
    )  # fmt: skip
    s = result.summary()
    lang = study.options.lang

    def num(key: str, fmt: str) -> str:
        from coopnet.lang import number

        value = s.get(key)
        if value is None or value != value:
            return "–"
        digits = int(fmt.rstrip("f").lstrip("+.") or 0)
        return number(value, lang, digits=digits, signed=fmt.startswith("+"))

    _print(
        _t(
            "compare.summary",
            lang,
            name=study.name,
            before=s["before"],
            after=s["after"],
            kept=s["kept"],
            added=s["added"],
            removed=s["removed"],
            jaccard=num("jaccard", ".2f"),
            r=num("qap_correlation", ".2f"),
            p=num("qap_p_value", ".3f"),
            ei_before=num("ei_before", "+.2f"),
            ei_after=num("ei_after", "+.2f"),
        )
    )
    _print(_t("wrote_files", lang, n=len(written), out=args.out))
    return EXIT_OK


def cmd_qap(args: argparse.Namespace) -> int:
    """``coopnet qap DATASET --out DIR``: QAP regression (MRQAP) of a period's ties."""
    from coopnet.compare import qap_regression_dataset, write_regression
    from coopnet.lang import number

    say = _progress(args)
    study = _study(args)
    o = study.options
    say(step("progress.cli.qap", model=args.model, null=args.null, n=o.n_permutations))
    result = qap_regression_dataset(
        study,
        period=args.period,
        prior_period=args.prior_period,
        same=args.same or (),
        diff=args.diff or (),
        dyadic=args.dyadic,
        model=args.model,
        null=args.null,
    )
    written = write_regression(
        result, args.out, overwrite=args.overwrite, inputs=study.inputs,
        provenance=_provenance_record(args, study, args.dyadic),
    )  # fmt: skip
    m, lang = result.model, study.options.lang
    fit = (
        _t("qap.r_squared", lang, r2=number(m["r_squared"], lang))
        if m["model"] == "ols"
        else _t(
            "qap.pseudo_r_squared", lang,
            r2=number(m["pseudo_r_squared"], lang), aic=number(m["aic"], lang, digits=1),
        )
    )  # fmt: skip
    _print(
        _t(
            "qap.summary", lang, name=study.name, period=m["period"], model=m["model"],
            cells=number(m["n_cells"], lang), actors=number(m["n_actors"], lang),
            excluded=number(m["n_cells_all"] - m["n_cells"], lang),
            all=number(m["n_cells_all"], lang),
            excluded_actors=number(m["n_cells_excluded_actors"], lang),
            unobserved=number(m["n_cells_unobserved"], lang), fit=fit,
        )
    )  # fmt: skip
    _print(str(result))
    for warning in m["warnings"]:
        _print("  " + _t("note", lang, note=warning))
    _print(_t("wrote_files", lang, n=len(written), out=args.out))
    return EXIT_OK


def cmd_diagnose(args: argparse.Namespace) -> int:
    """``coopnet diagnose DATASET``: ranked findings on integration gaps in plain language."""
    from coopnet.diagnose import diagnose, format_text, write_findings

    say = _progress(args)
    study = _study(args)
    say(step("progress.cli.diagnose"))
    result = diagnose(study, period=args.period)
    _group_note(study)
    sys.stdout.write(format_text(result, limit=args.top))
    if args.out:
        written = write_findings(
            result, args.out, overwrite=args.overwrite, inputs=study.inputs,
            provenance=_provenance_record(args, study),
        )  # fmt: skip
        _print(_t("wrote", study.options.lang, path=", ".join(str(p) for p in written)))
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    """``coopnet report DATASET --out DIR``: the whole analysis as a folder for the municipality."""
    from coopnet.report import build_report

    say = _progress(args)
    say(step("progress.cli.loading", path=str(args.path)))
    study = _study(args)
    out = build_report(
        study,
        args.out,
        progress=say,
        overwrite=args.overwrite,
        peers=args.peers,
        top=args.top,
        pdf=args.pdf,
        csv=args.csv,
    )
    _print(_t("report.wrote", study.options.lang, out=out, index=out / "index.html"))
    return EXIT_OK


def cmd_batch(args: argparse.Namespace) -> int:
    """``coopnet batch DIR --out DIR``: analyse every dataset under DIR and compare them."""
    from coopnet.batch import DaskExecutor, LocalExecutor, run_batch
    from coopnet.config import ReadOptions

    config = _config(args)
    executor = DaskExecutor(args.scheduler) if args.scheduler else LocalExecutor(args.jobs)
    if args.outcomes:  # check the file's form before the long run (names are checked after it)
        from coopnet.atlas import read_outcomes

        read_outcomes(args.outcomes, names=None)
    result = run_batch(
        Path(args.root),
        Path(args.out),
        config=config,
        jobs=args.jobs,
        timeout=args.timeout,
        memory_limit=args.memory_limit,
        executor=executor,
        resume=not args.force,
        overwrite=args.overwrite,
        progress=_bar(args),
        read=ReadOptions(args.strict, _limits(args), args.undirected_ties),
    )
    _print(result.format(config.lang))
    if args.report or args.outcomes:
        if not result.succeeded:
            _error(_t("batch.no_success", config.lang), config.lang)
            return EXIT_INVALID
        _write_atlas(args, result.table_path, Path(args.out) / "atlas", config)
    return EXIT_OK if not result.failed else EXIT_INVALID


def _bar(args: argparse.Namespace) -> Callable[[str], None]:
    """Batch progress on stderr (``[37/1000] 3,7 %, Restzeit 4 min · name: ok``).

    In the user's language (a :class:`~coopnet.messages.Step`'s text; its string, English, is
    what is parsed). On a terminal one line is redrawn, and datasets that fail keep their line;
    otherwise (a file, a pipe, CI) one plain line per dataset; nothing with ``-q``.
    """
    from coopnet.textsafe import clean_text

    tty = sys.stderr.isatty()
    lang = _lang(args)

    def say(message: str) -> None:
        if args.quiet:
            return
        shown = message.text.render(lang) if isinstance(message, Step) else message
        shown = clean_text(shown)  # the datasets' names are data
        if not tty:
            sys.stderr.write(shown + "\n")
        else:
            count = message[1:].split("]", 1)[0].split("/")
            last = len(count) == 2 and count[0] == count[1]
            failed = not message.rsplit(": ", 1)[-1].startswith("ok")
            sys.stderr.write("\r\033[K" + shown + ("\n" if failed or last else ""))
        sys.stderr.flush()

    return say


def _write_atlas(args: argparse.Namespace, table: Any, out: Path, config: AnalysisConfig) -> None:
    """Compute the atlas of a table of municipalities and write its folder (batch, atlas)."""
    from coopnet.atlas import atlas, write_atlas

    say = _progress(args)
    say(step("progress.cli.atlas"))
    result = atlas(
        table,
        peers=tuple(args.peer_groups)
        if args.peer_groups
        else ("size", "municipality_type", "land", "kreis"),
        outcomes=args.outcomes,
        lang=config.lang,
        n_permutations=config.n_permutations,
        seed=config.seed,
        correction=args.correction,
    )
    folder = write_atlas(result, out, overwrite=args.overwrite, progress=say)
    _print(result.format())
    _print(_t("atlas.wrote", config.lang, out=folder, index=folder / "index.html"))


def cmd_atlas(args: argparse.Namespace) -> int:
    """``coopnet atlas municipalities.csv --out DIR``: compare the municipalities of a batch."""
    _write_atlas(args, args.table, Path(args.out), _config(args))
    return EXIT_OK


def cmd_example(args: argparse.Namespace) -> int:
    """``coopnet example DIR``: write the example dataset Musterstadt (shipped with coopnet)."""
    from coopnet.resources import write_example

    written = write_example(args.dir, overwrite=args.force)
    lang = _lang(args)
    _print(_t("example.wrote", lang, out=written[0].parent))
    for path in written:
        _print(f"  {path.name}")
    _print(_t("example.next", lang, out=written[0].parent))
    return EXIT_OK


def cmd_docs(args: argparse.Namespace) -> int:
    """``coopnet docs [NAME]``: list the documentation shipped with coopnet, or print one."""
    from coopnet.resources import doc_names, doc_text

    if args.name is None:
        _print(_t("docs.listing", _lang(args)))
        for name in doc_names():
            _print(f"  {name}")
        return EXIT_OK
    sys.stdout.write(doc_text(args.name))
    return EXIT_OK


def cmd_completion(args: argparse.Namespace) -> int:
    """``coopnet completion SHELL``: print a completion script generated from this parser."""
    from coopnet.completion import completion_script

    sys.stdout.write(completion_script(build_parser(_lang(args)), args.shell))
    return EXIT_OK


# ---------------------------------------------------------------------------- parser
@dataclass(frozen=True)
class Command:
    """One subcommand: its function, example, shared options and own arguments.

    Its help is the catalogue text ``help.command.<name>`` (``assets/texts/<lang>/help.toml``).
    """

    func: Callable[[argparse.Namespace], int]
    example: str
    options: tuple[str, ...] = ()
    arguments: Callable[[Parser], None] | None = None


def _path(p: Parser) -> None:
    p.add_argument("path", help=tr("help.arg.path"))


def _validate_args(p: Parser) -> None:
    _path(p)
    p.add_argument("--all-warnings", action="store_true", help=tr("help.arg.all_warnings"))


def _convert_args(p: Parser) -> None:
    p.add_argument("path", help=tr("help.arg.convert.path"))
    from coopnet.schema import EXPORT_FORMATS

    p.add_argument(
        "out",
        help=tr("help.arg.convert.out"),
    )
    p.add_argument(
        "--format",
        choices=tuple(EXPORT_FORMATS),
        help=tr("help.arg.convert.format"),
    )


def _out_dir(p: Parser, required: bool = True) -> None:
    p.add_argument("--out", required=required, metavar="DIR", help=tr("help.arg.out_dir"))


def _analyze_args(p: Parser) -> None:
    _path(p)
    _out_dir(p)


def _what_if_args(p: Parser) -> None:
    _path(p)
    p.add_argument(
        "--remove",
        action="append",
        metavar="ID",
        help=tr("help.arg.what_if.remove"),
    )
    p.add_argument(
        "--add-tie",
        action="append",
        nargs=2,
        metavar=("A", "B"),
        help=tr("help.arg.what_if.add_tie"),
    )


def _recommend_args(p: Parser) -> None:
    _path(p)
    _out_dir(p)
    p.add_argument(
        "--add", type=_count(0), default=3, metavar="K", help=tr("help.arg.recommend.add")
    )
    p.add_argument(
        "--objective",
        choices=("fragmentation", "reach", "robustness"),
        default="fragmentation",
        help=tr("help.arg.recommend.objective"),
    )
    p.add_argument(
        "--across-groups", action="store_true", help=tr("help.arg.recommend.across_groups")
    )
    for flag, dest, key in (("--from", "sources", "from"), ("--to", "targets", "to")):
        p.add_argument(
            flag,
            dest=dest,
            action="extend",
            nargs="+",
            metavar="ID",
            help=tr(f"help.arg.recommend.{key}"),
        )
    p.add_argument(
        "--liaison",
        action="store_true",
        help=tr("help.arg.recommend.liaison"),
    )


def _plot_args(p: Parser) -> None:
    from coopnet.schema import FIGURE_KINDS

    _path(p)
    p.add_argument("--kind", required=True, choices=FIGURE_KINDS, help=tr("help.arg.plot.kind"))
    p.add_argument("--out", required=True, metavar="FILE", help=tr("help.arg.plot.out"))
    p.add_argument("--top", type=_count(1), default=15, help=tr("help.arg.plot.top"))


def _html_args(p: Parser) -> None:
    _path(p)
    p.add_argument("--out", required=True, metavar="FILE.html", help=tr("help.arg.html.out"))
    p.add_argument(
        "--recommend", type=_count(1), default=0, metavar="K",
        help=tr("help.arg.html.recommend"),
    )  # fmt: skip
    p.add_argument(
        "--all-periods", action="store_true",
        help=tr("help.arg.html.all_periods"),
    )  # fmt: skip


def _qap_args(p: Parser) -> None:
    _path(p)
    _out_dir(p)
    p.add_argument(
        "--model", choices=("ols", "logit"), default="ols", help=tr("help.arg.qap.model")
    )
    p.add_argument("--same", action="append", metavar="COLUMN", help=tr("help.arg.qap.same"))
    p.add_argument(
        "--diff",
        action="append",
        metavar="COLUMN",
        help=tr("help.arg.qap.diff"),
    )
    p.add_argument("--prior-period", metavar="P0", help=tr("help.arg.qap.prior_period"))
    p.add_argument("--dyadic", metavar="FILE.csv", help=tr("help.arg.qap.dyadic"))
    p.add_argument(
        "--null",
        choices=("qapspp", "qapy"),
        default="qapspp",
        help=tr("help.arg.qap.null"),
    )


def _diagnose_args(p: Parser) -> None:
    _path(p)
    _out_dir(p, required=False)
    p.add_argument("--top", type=_count(1), metavar="N", help=tr("help.arg.diagnose.top"))


def _report_args(p: Parser) -> None:
    from coopnet.schema import REPORT_TOP

    _path(p)
    p.add_argument("--out", required=True, metavar="DIR", help=tr("help.arg.report.out"))
    p.add_argument(
        "--peers",
        metavar="FILE.csv",
        help=tr("help.arg.report.peers"),
    )

    p.add_argument(
        "--top", type=_count(1), default=REPORT_TOP, metavar="N",
        help=tr("help.arg.report.top", top=REPORT_TOP),
    )  # fmt: skip
    p.add_argument(
        "--pdf", action="store_true",
        help=tr("help.arg.report.pdf"),
    )  # fmt: skip


def _atlas_options(p: Parser) -> None:
    """The options of the atlas (coopnet batch --report, coopnet atlas)."""
    p.add_argument(
        "--outcomes",
        metavar="FILE.csv",
        help=tr("help.arg.atlas.outcomes"),
    )
    p.add_argument(
        "--peer-groups",
        action="append",
        choices=("size", "municipality_type", "land", "kreis"),
        metavar="KEY",
        help=tr("help.arg.atlas.peer_groups"),
    )
    p.add_argument(
        "--correction",
        choices=("holm", "bh"),
        default="holm",
        help=tr("help.arg.atlas.correction"),
    )


def _atlas_args(p: Parser) -> None:
    p.add_argument("table", help=tr("help.arg.atlas.table"))
    p.add_argument("--out", required=True, metavar="DIR", help=tr("help.arg.atlas.out"))
    _atlas_options(p)


def _batch_args(p: Parser) -> None:
    p.add_argument("root", help=tr("help.arg.batch.root"))
    _out_dir(p)
    p.add_argument("--jobs", type=_count(1), default=2, metavar="N", help=tr("help.arg.batch.jobs"))
    p.add_argument("--timeout", type=float, metavar="S", help=tr("help.arg.batch.timeout"))
    p.add_argument(
        "--memory-limit", metavar="SIZE",
        help=tr("help.arg.batch.memory_limit"),
    )  # fmt: skip
    p.add_argument(
        "--scheduler", metavar="ADDRESS",
        help=tr("help.arg.batch.scheduler"),
    )  # fmt: skip
    p.add_argument(
        "--force", "--no-resume", action="store_true", dest="force",
        help=tr("help.arg.batch.force"),
    )  # fmt: skip
    p.add_argument(
        "--report",
        action="store_true",
        help=tr("help.arg.batch.report"),
    )
    _atlas_options(p)


def _example_args(p: Parser) -> None:
    p.add_argument("dir", metavar="DIR", help=tr("help.arg.example.dir"))
    p.add_argument("--force", action="store_true", help=tr("help.arg.example.force"))


def _docs_args(p: Parser) -> None:
    p.add_argument("name", nargs="?", metavar="NAME", help=tr("help.arg.docs.name"))


def _completion_args(p: Parser) -> None:
    p.add_argument("shell", choices=("bash", "zsh", "fish"), help=tr("help.arg.completion.shell"))


# ---------------------------------------------------------------------------- survey
def cmd_survey(args: argparse.Namespace) -> int:
    """``coopnet survey``: without a step, show the steps."""
    args.survey_parser.print_help()
    return EXIT_USAGE


def cmd_survey_template(args: argparse.Namespace) -> int:
    """``coopnet survey template ACTORS --out DIR``: one questionnaire per actor."""
    from coopnet.lang import number
    from coopnet.survey import plan_survey, write_templates

    plan = plan_survey(
        args.actors,
        from_dataset=args.from_dataset,
        period=args.period,
        tie_types=args.tie_types,
        scale=args.scale,
        quality=args.quality,
        name=args.name,
        lang=args.lang,
        extra_rows=args.extra_rows,
    )
    result = write_templates(plan.actors, plan.design, args.out, combined=not args.no_combined)
    lang = plan.design.lang  # the questionnaire's language: --lang, else the earlier wave's
    for note in (*plan.notes, *result.notes):
        _note(note.render(lang), lang)
    combined = result.combined
    also = _t("survey_template.combined", lang, name=combined.name) if combined else ""
    _print(_t("survey_template.wrote", lang, n=number(len(result.workbooks), lang),
              folder=result.folder, survey_key=result.key, combined=also))  # fmt: skip
    _print(_t("survey_template.next", lang, actors=result.actors))
    return EXIT_OK


def cmd_survey_import(args: argparse.Namespace) -> int:
    """``coopnet survey import FILES_OR_DIR --out DATASET``: returned questionnaires → dataset."""
    from coopnet.survey import import_responses

    result = import_responses(
        args.sources,
        args.out,
        period=args.period,
        actors=args.actors,
        new_actors=args.new_actors,
        pseudonymise=args.pseudonymise,
        replace_files=args.replace,
    )
    from coopnet.messages import format_problem

    lang = _lang(args)
    data = result.data
    warnings = [p for p in data.problems if p.severity == "warning"]
    if not args.quiet:
        shown = warnings if args.all_warnings else warnings[:30]
        for problem in shown:
            _print(f"  {format_problem(problem, lang)}")
        if len(shown) < len(warnings):
            _print(tr("cli.survey_import.more", n=len(warnings) - len(shown)).render(lang))
    answered = int(data.actors["responded"].sum())
    done = tr(
        "cli.survey_import.done",
        returned=len(data.returned),
        blank=len(data.blank),
        folder=str(result.folder),
        actors=len(data.actors),
        answered=answered,
        ties=len(data.ties),
    )
    _print(done.render(lang))
    unconfirmed = int((data.actors["origin"] == "unconfirmed").sum())
    if result.new_actors is not None and unconfirmed:
        todo = tr("cli.survey_import.unconfirmed", n=unconfirmed, file=str(result.new_actors))
        _print(todo.render(lang))
    return EXIT_OK


def cmd_survey_status(args: argparse.Namespace) -> int:
    """``coopnet survey status DIR``: who has answered, per group."""
    from coopnet.survey import survey_status

    _print(survey_status(args.dir, actors=args.actors).format(args.lang or "de"))
    return EXIT_OK


def cmd_survey_combine(args: argparse.Namespace) -> int:
    """``coopnet survey combine WAVE_DIR... --out DATASET``: the waves in one dataset."""
    from coopnet.survey import combine_waves

    result = combine_waves(args.waves, args.out, overwrite=args.overwrite)
    _print(result.format(args.lang or "de"))
    return EXIT_OK


def _subcommand(
    parent: Parser,
    sub: Any,
    name: str,
    key: str,
    example: str,
    func: Callable[[argparse.Namespace], int],
) -> Parser:
    """A subcommand (or survey step) `name` of `parent`: help ``help.<key>``, one example."""
    lang = parent.lang
    p: Parser = sub.add_parser(
        name,
        lang=lang,
        help=tr(f"help.{key}").render(lang),
        description=textwrap.fill(tr(f"help.{key}").render(lang), 79, break_on_hyphens=False),
        epilog=tr("help.parser.example", example=example),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.set_defaults(func=func)
    _add_verbosity(p)
    return p


def _survey_args(survey: Parser) -> None:
    survey.set_defaults(survey_parser=survey)
    steps = survey.add_subparsers(
        dest="survey_command", metavar=survey.text(tr("help.parser.step"))
    )
    p = _subcommand(
        survey,
        steps,
        "template",
        "step.template",
        "coopnet survey template akteure.xlsx --out befragung --period 2024 "
        "--tie-types Informationsaustausch Koordination",
        cmd_survey_template,
    )
    p.add_argument("actors", nargs="?", help=tr("help.arg.template.actors"))
    p.add_argument("--out", required=True, metavar="DIR", help=tr("help.arg.template.out"))
    p.add_argument(
        "--from",
        dest="from_dataset",
        metavar="DATASET",
        help=tr("help.arg.template.from"),
    )
    p.add_argument("--period", help=tr("help.arg.template.period"))
    p.add_argument("--name", help=tr("help.arg.template.name"))
    p.add_argument("--tie-types", nargs="+", metavar="TYPE", help=tr("help.arg.template.tie_types"))
    p.add_argument(
        "--scale",
        help=tr("help.arg.template.scale"),
    )
    p.add_argument(
        "--quality",
        nargs="*",
        choices=("trust", "value"),
        help=tr("help.arg.template.quality"),
    )
    p.add_argument(
        "--extra-rows",
        type=_count(0),
        default=5,
        metavar="N",
        help=tr("help.arg.template.extra_rows"),
    )
    p.add_argument("--lang", choices=("de", "en"), help=tr("help.arg.template.lang"))
    p.add_argument("--no-combined", action="store_true", help=tr("help.arg.template.no_combined"))
    p = _subcommand(
        survey,
        steps,
        "import",
        "step.import",
        "coopnet survey import befragung/ruecklauf --actors befragung/actors.csv --out data/2024",
        cmd_survey_import,
    )
    p.add_argument("sources", nargs="+", metavar="FILES_OR_DIR", help=tr("help.arg.import.sources"))
    p.add_argument("--out", required=True, metavar="DATASET", help=tr("help.arg.import.out"))
    p.add_argument("--period", help=tr("help.arg.import.period"))
    p.add_argument("--actors", metavar="FILE", help=tr("help.arg.import.actors"))
    p.add_argument(
        "--new-actors",
        metavar="FILE",
        help=tr("help.arg.import.new_actors"),
    )
    p.add_argument("--pseudonymise", action="store_true", help=tr("help.arg.import.pseudonymise"))
    p.add_argument("--replace", action="store_true", help=tr("help.arg.import.replace"))
    p.add_argument("--all-warnings", action="store_true", help=tr("help.arg.all_warnings"))
    p.add_argument("--lang", choices=("de", "en"), help=tr("help.arg.import.lang"))
    p = _subcommand(
        survey,
        steps,
        "status",
        "step.status",
        "coopnet survey status befragung/ruecklauf",
        cmd_survey_status,
    )
    p.add_argument("dir", metavar="DIR", help=tr("help.arg.status.dir"))
    p.add_argument("--actors", metavar="FILE", help=tr("help.arg.status.actors"))
    p.add_argument("--lang", choices=("de", "en"), help=tr("help.arg.status.lang"))
    p = _subcommand(
        survey,
        steps,
        "combine",
        "step.combine",
        "coopnet survey combine daten/welle2022 daten/welle2024 --out daten/wellen",
        cmd_survey_combine,
    )
    p.add_argument("waves", nargs="+", metavar="WAVE_DIR", help=tr("help.arg.combine.waves"))
    p.add_argument("--out", required=True, metavar="DATASET", help=tr("help.arg.combine.out"))
    p.add_argument("--overwrite", action="store_true", help=tr("help.arg.combine.overwrite"))
    p.add_argument("--lang", choices=("de", "en"), help=tr("help.arg.combine.lang"))


COMMANDS: dict[str, Command] = {
    "validate": Command(
        cmd_validate,
        "coopnet validate data/musterstadt",
        ("lang", *DATA, "json", "overwrite"),
        _validate_args,
    ),
    "info": Command(
        cmd_info,
        "coopnet info data/musterstadt --group sector",
        ("group", "directed", "options", "lang", *DATA, "json", "overwrite"),
        _path,
    ),
    "convert": Command(
        cmd_convert,
        "coopnet convert data/musterstadt out/musterstadt.gexf",
        ("lang", *DATA, "overwrite"),
        _convert_args,
    ),
    "analyze": Command(
        cmd_analyze,
        "coopnet analyze data/musterstadt --period 2016 --out out/2016",
        ("period", *ANALYSIS, "csv", "overwrite"),
        _analyze_args,
    ),
    "what-if": Command(
        cmd_what_if,
        "coopnet what-if data/musterstadt --period 2022 --remove KI",
        ("period", *ANALYSIS, "json", "overwrite"),
        _what_if_args,
    ),
    "recommend": Command(
        cmd_recommend,
        "coopnet recommend data/musterstadt --period 2022 --objective robustness --out out/empf",
        ("period", *ANALYSIS, "overwrite"),
        _recommend_args,
    ),
    "plot": Command(
        cmd_plot,
        "coopnet plot data/musterstadt --kind difference --before 2016 --after 2022 "
        "--out out/diff.png",
        ("period", "before", "after", "size_by", *ANALYSIS, "overwrite"),
        _plot_args,
    ),
    "html": Command(
        cmd_html,
        "coopnet html data/musterstadt --period 2016 --out out/netz_2016.html",
        ("period", "before", "after", "size_by", *ANALYSIS, "overwrite"),
        _html_args,
    ),
    "compare": Command(
        cmd_compare,
        "coopnet compare data/musterstadt --before 2016 --after 2022 --out out/vergleich",
        ("before", "after", *ANALYSIS, "csv", "overwrite"),
        _analyze_args,
    ),
    "qap": Command(
        cmd_qap,
        "coopnet qap data/musterstadt --period 2016 --prior-period 2014 --same group "
        "--same sector --out out/qap",
        ("period", *ANALYSIS, "overwrite"),
        _qap_args,
    ),
    "diagnose": Command(
        cmd_diagnose,
        "coopnet diagnose data/musterstadt --period 2022 --lang de --out out/befunde",
        ("period", *ANALYSIS, "overwrite"),
        _diagnose_args,
    ),
    "report": Command(
        cmd_report,
        "coopnet report data/musterstadt --out reports/musterstadt --lang de",
        (*ANALYSIS, "csv", "overwrite"),
        _report_args,
    ),
    "batch": Command(
        cmd_batch,
        "coopnet batch kommunen/ --out out/kreis --jobs 2",
        (
            *(o for o in ANALYSIS if o != "pseudonymise"),
            "overwrite",
        ),
        _batch_args,
    ),
    "atlas": Command(
        cmd_atlas,
        "coopnet atlas out/kreis/municipalities.csv --out out/kreis/atlas --outcomes erfolg.csv",
        ("permutations", "seed", "lang", "overwrite"),
        _atlas_args,
    ),
    "example": Command(
        cmd_example,
        "coopnet example musterstadt",
        ("lang",),
        _example_args,
    ),
    "docs": Command(
        cmd_docs,
        "coopnet docs data-format",
        ("lang",),
        _docs_args,
    ),
    "completion": Command(
        cmd_completion,
        "coopnet completion bash > ~/.local/share/bash-completion/completions/coopnet",
        ("lang",),
        _completion_args,
    ),
    "survey": Command(
        cmd_survey,
        "coopnet survey template akteure.xlsx --out befragung --period 2024",
        (),
        _survey_args,
    ),
}
"""Every subcommand: the shared options it takes (from :data:`OPTIONS`) and its own arguments."""


def _add_verbosity(parser: Parser) -> None:
    # SUPPRESS keeps a flag given before the subcommand from being reset by the subparser
    parser.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        default=argparse.SUPPRESS,
        help=tr("help.arg.verbose"),
    )
    parser.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        default=argparse.SUPPRESS,
        help=tr("help.arg.quiet"),
    )


def build_parser(lang: Lang = "de") -> Parser:
    """Return the argument parser of the ``coopnet`` command, built from :data:`COMMANDS`.

    Every help text is the catalogue text in `lang` (``assets/texts/<lang>/help.toml``), and so
    are argparse's own words and usage errors (:class:`coopnet.console.Parser`).
    """
    parser = Parser(
        prog="coopnet",
        lang=lang,
        description=tr("help.parser.description"),
        epilog=tr("help.parser.epilog"),
    )
    from coopnet import __version__

    parser.add_argument(
        "--version",
        action="version",
        version=f"coopnet {__version__}",
        help=tr("help.parser.version"),
    )
    _add_verbosity(parser)
    sub = parser.add_subparsers(dest="command", metavar=parser.text(tr("help.parser.command")))
    for name, command in COMMANDS.items():
        p = _subcommand(parser, sub, name, f"command.{name}", command.example, command.func)
        if command.arguments is not None:
            command.arguments(p)
        for key in command.options:
            option = OPTIONS[key]
            p.add_argument(*option.flags, **option.kwargs)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``coopnet`` command and return its exit code.

    Help and usage errors are German unless the arguments hold ``--lang en`` or the environment
    variable ``COOPNET_LANG`` is ``en`` (:func:`coopnet.console.cli_lang`); ``COOPNET_LANG``
    also stands for ``--lang`` on every command that takes one (an explicit ``--lang`` wins).
    """
    words = list(argv) if argv is not None else sys.argv[1:]
    parser = build_parser(cli_lang(words))
    try:
        args = parser.parse_args(words)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    args.quiet = getattr(args, "quiet", False)
    args.verbose = getattr(args, "verbose", False)
    args.argv = tuple(words)
    args.owns_process = argv is None  # the process's own command line (see _keep)
    if hasattr(args, "lang") and args.lang is None:
        args.lang = env_lang()
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    level = logging.DEBUG if args.verbose else logging.ERROR if args.quiet else logging.WARNING
    log_to_stderr(level, _lang(args))
    from coopnet.errors import CoopnetError

    try:
        code = int(args.func(args))
        sys.stdout.flush()  # a closed pipe shows here, not at exit
        _keep(args)  # the interpreter's collection at exit need not walk them either
        return code
    except BrokenPipeError:  # the reader stopped (`| head`): end quietly
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except CoopnetError as exc:  # InputError included: in the user's language, labels cleaned
        from coopnet.messages import render_error
        from coopnet.textsafe import clean_text

        lang = _lang(args)
        sys.stderr.write(clean_text(f"{_t('error', lang)}: {render_error(exc, lang)}") + "\n")
        return EXIT_INVALID
    except OSError as exc:
        _error(str(exc), _lang(args))
        return EXIT_INVALID
    except KeyboardInterrupt:
        sys.stderr.write(_t("interrupted", _lang(args)) + "\n")
        return EXIT_INTERRUPTED
    except Exception as exc:  # a bug: say so plainly, show the traceback with -v
        if args.verbose:
            traceback.print_exc()
        _error(_t("internal", _lang(args), error=f"{type(exc).__name__}: {exc}"), _lang(args))
        return EXIT_INTERNAL


def _silence_stdout() -> None:
    """Point standard output at the null device, so the flush at exit cannot fail again.

    The recipe of the Python documentation (``signal`` module, "Note on SIGPIPE"): Python
    ignores SIGPIPE, so a write to a closed pipe raises :class:`BrokenPipeError`; the buffered
    rest would raise it once more at exit (``Exception ignored … BrokenPipeError``).
    """
    import os

    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # not a file (a test's capture): replace it
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - kept until exit
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)
