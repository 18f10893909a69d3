"""Generate a filled-in survey wave of Musterstadt and import it (the example of the survey loop).

The 2022 wave of the synthetic Musterstadt data is collected again, as if by ``coopnet survey``:

1. ``survey template``: one questionnaire per actor of 2022, the three tie types of Musterstadt and
   its five-point scale (nie, seltener als quartalsweise, quartalsweise, monatlich, wöchentlich =
   codes 0–4, the ``weight`` of ``data/musterstadt/ties.csv``);
2. every respondent of 2022 "fills in" its questionnaire with its 2022 nominations, the way people
   do: chosen from the dropdown, typed in capitals or with spaces, the code as a number, ``x`` for
   the lowest answer; every third file is renamed; the non-respondents of 2022 send nothing back;
3. ``survey import``: the returns become a dataset folder in the example format.

With ``--check`` the script verifies that the imported ties are exactly Musterstadt's 2022 ties
(``tests/survey/test_example_wave.py`` runs it). Usage::

    .venv/bin/python scripts/make_survey_wave.py --out out/welle2022 --check
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

import coopnet
from coopnet.survey import (
    SurveyDesign,
    enter_answers,
    import_responses,
    parse_scale,
    write_templates,
)

ROOT = Path(__file__).resolve().parents[1]
MUSTERSTADT = ROOT / "data" / "musterstadt"
PERIOD = "2022"
SCALE = "nie,seltener als quartalsweise,quartalsweise,monatlich,wöchentlich"


def _typed(label: str, code: int, k: int) -> object:
    """The k-th way of giving an answer: dropdown, capitals, spaces, the code, x."""
    style = k % 5
    if style == 1:
        return label.upper()
    if style == 2:
        return f"  {label} "
    if style == 3:
        return code
    if style == 4 and code == 1:
        return "x"
    return label


def make_wave(out: Path) -> Path:
    """Write questionnaires, fill them, import them; return the dataset folder."""
    net = coopnet.load(MUSTERSTADT)
    present = net.actors_in(PERIOD)
    actors = net.actors[net.actors["id"].isin(present)][["id", "label", "group", "sector", "level"]]
    tie_types = tuple(sorted(net.tie_types))
    design = SurveyDesign(
        tie_types=tie_types, scale=parse_scale(SCALE), name="Musterstadt", period=PERIOD
    )
    templates = write_templates(
        actors.reset_index(drop=True), design, out / "befragung", combined=False
    )
    returns = out / "ruecklauf"
    returns.mkdir(parents=True)
    ties = net.ties[net.ties["period"] == PERIOD]
    responded = dict(zip(net.actors["id"], net.actors["responded"], strict=True))
    k = 0
    for n, actor in enumerate(actors["id"]):
        if not responded[actor]:
            continue
        mine = ties[ties["source"] == actor]
        answers: dict[str, dict[str, object]] = {}
        for target, tie_type, weight in zip(
            mine["target"], mine["type"], mine["weight"], strict=True
        ):
            code = int(weight)
            answers.setdefault(target, {})[tie_type] = _typed(design.scale.label_of(code), code, k)
            k += 1
        name = f"Antwort {n:02d}.xlsx" if n % 3 == 0 else templates.workbooks[actor].name
        if answers:
            enter_answers(templates.workbooks[actor], answers, out=returns / name)
        else:
            shutil.copy(templates.workbooks[actor], returns / name)
    result = import_responses(returns, out / "musterstadt_2022", actors=templates.actors)
    return result.folder


def check(folder: Path) -> list[str]:
    """Differences between the imported wave and Musterstadt's 2022 ties (empty: none)."""
    wave = coopnet.load(folder)
    original = coopnet.load(MUSTERSTADT)

    def rows(net: coopnet.CooperationNetwork) -> set[tuple[str, str, str, float]]:
        t = net.ties[net.ties["period"] == PERIOD]
        return set(zip(t["source"], t["target"], t["type"], t["weight"], strict=True))

    got, expected = rows(wave), rows(original)
    problems = [f"missing: {r}" for r in sorted(expected - got)]
    problems += [f"extra: {r}" for r in sorted(got - expected)]
    if not wave.directed or wave.periods != (PERIOD,):
        problems.append(f"direction/periods: {wave.directed}, {wave.periods}")
    answered = set(wave.actors[wave.actors["responded"] == True]["id"])  # noqa: E712
    present = set(original.actors_in(PERIOD))
    was = set(original.actors[original.actors["responded"] == True]["id"]) & present  # noqa: E712
    if answered != was or set(wave.actors["id"]) != present:
        problems.append(f"respondents differ: {sorted(answered ^ was)}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, type=Path, help="folder to write (must not exist)")
    parser.add_argument("--check", action="store_true", help="compare with Musterstadt 2022")
    args = parser.parse_args(argv)
    if args.out.exists() and any(args.out.iterdir()):
        parser.error(f"{args.out} exists and is not empty")
    folder = make_wave(args.out)
    print(f"wrote {folder}")
    if args.check:
        problems = check(folder)
        for p in problems:
            print(p)
        if problems:
            return 1
        print("the imported wave has exactly the ties of Musterstadt 2022")
    return 0


if __name__ == "__main__":
    sys.exit(main())
