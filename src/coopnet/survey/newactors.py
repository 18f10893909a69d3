"""Partners that respondents named in the rows for further partners: list, confirm, merge.

The import lists every such name in ``new_actors.csv`` (one row per name, names that differ only in
case, spacing or punctuation are one row) with the closest actor of the list as a suggestion. The
analyst fills the column ``id``:

* empty — not decided yet: the partner stays in the dataset as an *unconfirmed* actor with a
  provisional id (``new_1``, ``new_2``, …; kept from one import to the next);
* the id of an actor of the list — the same actor: its ties are merged into that actor;
* a new id — a confirmed new actor (label and group from the columns ``label`` and ``group``, which
  the analyst may edit); two names given the same new id become one actor;
* ``-`` — not an actor (e.g. "Bürgerinnen und Bürger"): its ties are left out and counted.

The next import with this file (``--new-actors``, or ``new_actors.csv`` in the output folder) applies
the decisions; a later wave (``template --from``) asks the confirmed actors too.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from coopnet.errors import Problem, closest
from coopnet.io import read_csv_table
from coopnet.messages import problem
from coopnet.survey.design import ORIGIN_NEW, ORIGIN_UNCONFIRMED, RosterActor, fold_name
from coopnet.validation import natural_key, parse_bool

__all__ = [
    "DROP",
    "NEW_ACTOR_COLUMNS",
    "Mention",
    "Resolution",
    "read_confirmations",
    "resolve_new_actors",
]

NEW_ACTORS_FILE = "new_actors.csv"
DROP = "-"
NEW_ACTOR_COLUMNS = (
    "name",
    "id",
    "label",
    "group",
    "person",
    "named_by",
    "cells",
    "suggested_id",
    "suggested_label",
    "provisional_id",
)
"""Columns of ``new_actors.csv``; the analyst fills ``id`` (and may edit label, group, person)."""


@dataclass(frozen=True)
class Mention:
    """A further partner named in one questionnaire row."""

    name: str
    group: str
    respondent: str
    cell: str


@dataclass(frozen=True)
class Confirmation:
    """One row of an edited ``new_actors.csv``."""

    name: str
    id: str
    label: str
    group: str
    person: str
    provisional_id: str
    file: str
    row: int


@dataclass(frozen=True)
class NewActor:
    """A partner that is not on the actor list, as it goes into ``actors.csv``."""

    id: str
    label: str
    group: str
    person: bool | None
    origin: str


@dataclass(frozen=True)
class Resolution:
    """What the named partners become.

    Attributes
    ----------
    target
        Folded name → actor id its ties go to (``None``: not an actor, ties left out).
    actors
        The new actors (confirmed and unconfirmed), sorted by id.
    table
        The content of ``new_actors.csv`` (:data:`NEW_ACTOR_COLUMNS`).
    problems
        Problems of the confirmation file and stale rows.
    """

    target: Mapping[str, str | None]
    actors: tuple[NewActor, ...]
    table: pd.DataFrame
    problems: tuple[Problem, ...] = field(default_factory=tuple)


def read_confirmations(path: str | Path) -> tuple[list[Confirmation], list[Problem]]:
    """Read an edited ``new_actors.csv`` (any separator, UTF-8 or Windows-1252, as Excel saves it)."""
    table = read_csv_table(Path(path), display_name=str(path))
    problems = list(table.problems)
    lowered = [c.casefold() for c in table.columns]
    if table.columns and "name" not in lowered:
        problems.append(
            problem(
                "error",
                "missing_column",
                "name",
                section="questionnaire",
                file=str(path),
                row=1,
                column="name",
            )
        )
        return [], problems
    rows: list[Confirmation] = []
    for cells, line in zip(table.rows, table.line_numbers, strict=True):
        record = dict(zip(lowered, cells, strict=True))
        if not record.get("name"):
            problems.append(
                problem(
                    "error",
                    "empty_name",
                    section="questionnaire",
                    file=str(path),
                    row=line,
                    column="name",
                    value="",
                )
            )
            continue
        person = record.get("person", "")
        if person and parse_bool(person) is None:
            problems.append(
                problem(
                    "error",
                    "bad_person",
                    "new_actors",
                    section="questionnaire",
                    file=str(path),
                    row=line,
                    column="person",
                    value=person,
                )
            )
        rows.append(
            Confirmation(
                name=record["name"],
                id=record.get("id", ""),
                label=record.get("label", ""),
                group=record.get("group", ""),
                person=person,
                provisional_id=record.get("provisional_id", ""),
                file=str(path),
                row=line,
            )
        )
    return rows, problems


def _provisional_number(text: str) -> int | None:
    match = re.fullmatch(r"new_(\d+)", text)
    return int(match.group(1)) if match else None


def resolve_new_actors(
    mentions: Sequence[Mention],
    roster: Sequence[RosterActor],
    confirmations: Sequence[Confirmation] = (),
) -> Resolution:
    """Decide what each named partner becomes (see the module documentation).

    Parameters
    ----------
    mentions
        Every further partner named, in questionnaire order.
    roster
        The actor list (for merges and suggestions).
    confirmations
        The rows of an edited ``new_actors.csv``, if any.
    """
    problems: list[Problem] = []
    by_name: dict[str, list[Mention]] = {}
    for m in mentions:
        by_name.setdefault(fold_name(m.name), []).append(m)
    confirmed: dict[str, Confirmation] = {}
    for c in confirmations:
        key = fold_name(c.name)
        if key in confirmed:
            problems.append(
                problem(
                    "error",
                    "duplicate_name",
                    section="questionnaire",
                    first=confirmed[key].row,
                    file=c.file,
                    row=c.row,
                    column="name",
                    value=c.name,
                )
            )
            continue
        confirmed[key] = c
        if key not in by_name:
            problems.append(
                problem(
                    "warning",
                    "stale_new_actor",
                    section="questionnaire",
                    file=c.file,
                    row=c.row,
                    column="name",
                    value=c.name,
                )
            )
    roster_ids = {a.id for a in roster}
    labels = {a.label: a for a in roster}
    used_numbers = {
        n for c in confirmations if (n := _provisional_number(c.provisional_id)) is not None
    }
    next_number = max(used_numbers, default=0) + 1
    target: dict[str, str | None] = {}
    new: dict[str, NewActor] = {}
    rows: list[dict[str, str]] = []
    taken: set[str] = set()
    for key in sorted(set(by_name) | set(confirmed), key=lambda k: natural_key(k)):
        found = by_name.get(key, [])
        conf = confirmed.get(key)
        spelled = (
            Counter(m.name for m in found).most_common(1)[0][0]
            if found
            else (conf.name if conf else key)
        )
        typed_groups = Counter(m.group for m in found if m.group)
        typed_group = typed_groups.most_common(1)[0][0] if typed_groups else ""
        suggestion = closest(spelled, list(labels))
        provisional = (
            conf.provisional_id if conf and _provisional_number(conf.provisional_id) else ""
        )
        if not provisional or provisional in taken:
            provisional = f"new_{next_number}"
            next_number += 1
        taken.add(provisional)
        decision = conf.id.strip() if conf else ""
        label = (conf.label if conf and conf.label else spelled).strip()
        group = (conf.group if conf and conf.group else typed_group).strip()
        person_text = conf.person if conf else ""
        person = parse_bool(person_text) if person_text else None
        if not found:
            pass  # a stale row: kept in the table, no actor
        elif decision == DROP:
            target[key] = None
        elif decision in roster_ids:
            target[key] = decision
        else:
            actor_id = decision or provisional
            origin = ORIGIN_NEW if decision else ORIGIN_UNCONFIRMED
            target[key] = actor_id
            actor = NewActor(actor_id, label, group, person, origin)
            if (
                actor_id in new
                and (new[actor_id].label, new[actor_id].group) != (label, group)
                and conf
            ):
                problems.append(
                    problem(
                        "error",
                        "conflicting_new_actor",
                        section="questionnaire",
                        file=conf.file,
                        row=conf.row,
                        column="id",
                        value=actor_id,
                    )
                )
            new.setdefault(actor_id, actor)
        rows.append(
            {
                "name": spelled,
                "id": decision,
                "label": label,
                "group": group,
                "person": person_text,
                "named_by": ";".join(sorted({m.respondent for m in found}, key=natural_key)),
                "cells": "; ".join(m.cell for m in found),
                "suggested_id": labels[suggestion].id if suggestion else "",
                "suggested_label": suggestion or "",
                "provisional_id": provisional,
            }
        )
    table = pd.DataFrame(rows, columns=list(NEW_ACTOR_COLUMNS), dtype=object)
    actors = tuple(sorted(new.values(), key=lambda a: natural_key(a.id)))
    return Resolution(target=target, actors=actors, table=table, problems=tuple(problems))
