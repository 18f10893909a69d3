"""Where each municipality stands: distributions, percentile ranks and peer groups.

:func:`distribution` summarises each measure across municipalities, :func:`percentiles` gives
every municipality's mid-rank percentile rank (:func:`coopnet.atlas.stats.percentile_rank`),
:func:`peer_table` the same within its peer groups (size class, type, Land, Kreis).
:func:`compare_with_peers` places one municipality — e.g. the one of a report — among the others
of a ``municipalities.csv`` with the same definitions.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal

import numpy as np
import pandas as pd

from coopnet import schema
from coopnet.atlas.stats import percentile_rank
from coopnet.atlas.table import (
    MEASURES,
    Municipalities,
    SizeBasis,
    read_municipalities,
    size_classes,
)
from coopnet.lang import Lang, number, text
from coopnet.messages import tr

if TYPE_CHECKING:  # pragma: no cover
    from coopnet.run import Study

__all__ = [
    "DISTRIBUTION_COLUMNS",
    "MIN_PEER_GROUP",
    "PEER_COLUMNS",
    "PEER_KEYS",
    "PeerKey",
    "PeerPosition",
    "compare_study",
    "compare_with_peers",
    "distribution",
    "peer_groups",
    "peer_summary",
    "peer_table",
    "percentiles",
]

PeerKey = Literal["size", "municipality_type", "land", "kreis"]
PEER_KEYS: Final[tuple[PeerKey, ...]] = ("size", "municipality_type", "land", "kreis")
"""Ways to form peer groups: the size class (:func:`coopnet.atlas.table.size_classes`), and the
``municipality_type``, ``land`` and ``kreis`` given in ``dataset.toml``."""

MIN_PEER_GROUP: Final = 3
"""Fewest members (the municipality included) a peer group needs for its median and percentile
ranks to be shown; smaller groups get ``NaN``."""

DISTRIBUTION_COLUMNS: Final = ("n", "min", "q1", "median", "q3", "max", "mean")
PEER_COLUMNS: Final = (
    "name",
    "peer_key",
    "peer_group",
    "measure",
    "value",
    "peer_n",
    "peer_median",
    "peer_percentile",
)


def distribution(table: pd.DataFrame, measures: Sequence[str]) -> pd.DataFrame:
    """Summarise each measure across municipalities.

    Quartiles and median use linear interpolation between order statistics (Hyndman & Fan
    1996, definition 7; :meth:`pandas.Series.quantile`'s default); missing values are left out.

    Returns
    -------
    pandas.DataFrame
        Index ``measure`` (in the order of `measures`); columns ``n`` (municipalities with a
        value), ``min``, ``q1``, ``median``, ``q3``, ``max``, ``mean``.
    """
    rows = {}
    for measure in measures:
        values = table[measure].dropna().astype(float)
        if values.empty:
            rows[measure] = [0, *[math.nan] * 6]
            continue
        rows[measure] = [
            len(values),
            float(values.min()),
            float(values.quantile(0.25)),
            float(values.median()),
            float(values.quantile(0.75)),
            float(values.max()),
            float(values.mean()),
        ]
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=list(DISTRIBUTION_COLUMNS))
    frame["n"] = frame["n"].astype(int)
    frame.index.name = "measure"
    return frame


def percentiles(table: pd.DataFrame, measures: Sequence[str]) -> pd.DataFrame:
    """The percentile rank of every municipality on every measure, among all municipalities.

    Returns
    -------
    pandas.DataFrame
        Indexed like `table`, one column per measure: the mid-rank percentile rank
        (:func:`coopnet.atlas.stats.percentile_rank`) in [0, 100]; ``NaN`` where the value is
        missing. Reordering the rows of `table` reorders the result and changes nothing else.
    """
    data = {m: percentile_rank(table[m].to_numpy(dtype=float)) for m in measures}
    return pd.DataFrame(data, index=table.index, columns=list(measures))


def peer_groups(
    table: pd.DataFrame, keys: Sequence[PeerKey], *, lang: Lang
) -> tuple[dict[PeerKey, pd.Series], SizeBasis, list[str]]:
    """The peer group of every municipality for each key that the table gives values for.

    Returns
    -------
    tuple
        ``(groups, size_basis, notes)``: ``{key: Series of group names (None: no value)}`` for
        the keys with at least one value; how the size classes were formed; and a note for each
        key without any value.
    """
    groups: dict[PeerKey, pd.Series] = {}
    classes, basis, _ = size_classes(table, lang=lang)
    notes: list[str] = []
    for key in keys:
        if key == "size":
            series = classes
        else:
            series = table[key].astype(object) if key in table else pd.Series(None, table.index)
        if series.notna().any():
            groups[key] = series
        else:
            notes.append(
                text("atlas.note.no_peer_values", lang, key=text(f"atlas.peer.{key}", lang))
            )
    return groups, basis, notes


def peer_table(
    table: pd.DataFrame, groups: Mapping[PeerKey, pd.Series], measures: Sequence[str]
) -> pd.DataFrame:
    """Each municipality among its peers: the peer group's median and its percentile rank there.

    The percentile rank within a group is :func:`coopnet.atlas.stats.percentile_rank` over the
    group's members (mid-ranks, ``100 (r - 1/2) / n``).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`PEER_COLUMNS`, one row per (municipality, peer key, measure) for the
        municipalities that have a group for the key: ``peer_group``, ``value``, ``peer_n``
        (members with a value, the municipality included), ``peer_median`` and
        ``peer_percentile`` (``NaN`` when ``peer_n`` < :data:`MIN_PEER_GROUP` or the value is
        missing). Sorted by name, key (in the order of `groups`) and measure (in the order of
        `measures`).
    """
    parts = []
    for order, (key, series) in enumerate(groups.items()):
        members = series.dropna().astype(str)
        for m_order, measure in enumerate(measures):
            values = table.loc[members.index, measure].astype(float)
            by_group = values.groupby(members.to_numpy())
            count = by_group.transform("count").to_numpy(dtype=float)
            median = by_group.transform("median").to_numpy(dtype=float)
            rank = by_group.rank(method="average").to_numpy(dtype=float)
            enough = count >= MIN_PEER_GROUP
            parts.append(
                pd.DataFrame(
                    {
                        "name": members.index,
                        "peer_key": key,
                        "peer_group": members.to_numpy(),
                        "measure": measure,
                        "value": values.to_numpy(),
                        "peer_n": count.astype(int),
                        "peer_median": np.where(enough, median, np.nan),
                        "peer_percentile": np.where(enough, 100.0 * (rank - 0.5) / count, np.nan),
                        "_key": order,
                        "_measure": m_order,
                    }
                )
            )
    if not parts:
        return pd.DataFrame(columns=list(PEER_COLUMNS))
    frame = pd.concat(parts, ignore_index=True)
    frame = frame.sort_values(["name", "_key", "_measure"], kind="stable")
    return frame[list(PEER_COLUMNS)].reset_index(drop=True)


def peer_summary(
    table: pd.DataFrame, groups: Mapping[PeerKey, pd.Series], measures: Sequence[str]
) -> pd.DataFrame:
    """The median of each measure in each peer group.

    Returns
    -------
    pandas.DataFrame
        Columns ``peer_key``, ``peer_group``, ``members`` (municipalities in the group) and one
        column per measure (the group's median; ``NaN`` for groups smaller than
        :data:`MIN_PEER_GROUP`).
    """
    rows = []
    for key, series in groups.items():
        for group in sorted({g for g in series.dropna()}, key=str):
            sub = table.loc[series == group]
            row: dict[str, Any] = {"peer_key": key, "peer_group": str(group), "members": len(sub)}
            for measure in measures:
                values = sub[measure].dropna()
                row[measure] = float(values.median()) if len(values) >= MIN_PEER_GROUP else math.nan
            rows.append(row)
    return pd.DataFrame(rows, columns=["peer_key", "peer_group", "members", *measures])


# ----------------------------------------------------------------------------- one municipality
@dataclass(frozen=True)
class PeerPosition:
    """One municipality compared with the others of a ``municipalities.csv``.

    Attributes
    ----------
    name
        The municipality (its dataset name).
    n_others
        The other municipalities it is compared with (analysed successfully).
    table
        Index ``measure`` (:data:`coopnet.atlas.table.MEASURES` present in both); columns
        ``value`` (this municipality), ``percentile`` (its percentile rank among all
        ``n_others + 1``), ``n`` (municipalities with a value), ``median``, ``q1``, ``q3`` (of
        all), and for each peer key in :attr:`groups`: ``<key>_n``, ``<key>_median``,
        ``<key>_percentile`` (``NaN`` for a group smaller than :data:`MIN_PEER_GROUP`).
    groups
        ``{peer key: this municipality's group}`` for the keys it has a group for.
    notes
        What the reader should know (the municipality found in the table and replaced by this
        analysis, values that differ from the table, municipalities left out), in `lang`.
    size_basis
        Whether the size classes are by ``population`` or ``n_actors``.
    lang
        Language of the notes and group names.
    source
        The table compared with.
    """

    name: str
    n_others: int
    table: pd.DataFrame
    groups: Mapping[str, str]
    notes: tuple[str, ...]
    size_basis: SizeBasis
    lang: Lang
    source: str


def _matches(table: pd.DataFrame, *, name: str, path: str | None) -> list[str]:
    """The rows of `table` that are this municipality: same dataset path, else same name/label."""
    if path and "path" in table:
        target = Path(path).resolve()
        same = [
            str(n)
            for n, p in table["path"].items()
            if isinstance(p, str) and p and Path(p).resolve() == target
        ]
        if same:
            return same
    folded = name.casefold()
    by_label = [
        str(n)
        for n, lab in table["label"].items()
        if isinstance(lab, str) and lab.casefold() == folded
    ]
    if by_label:
        return by_label
    return [str(n) for n in table.index if str(n).casefold() == folded]


def compare_with_peers(
    others: Municipalities | pd.DataFrame | str | os.PathLike[str],
    values: Mapping[str, float],
    *,
    name: str,
    meta: Mapping[str, Any] | None = None,
    path: str | None = None,
    peers: Sequence[PeerKey] = PEER_KEYS,
    lang: Lang = "de",
) -> PeerPosition:
    """Place one municipality among the municipalities of a ``municipalities.csv``.

    The municipality's row in the table, if any (the same dataset `path`, else the same name or
    label), is replaced by `values`; then percentile ranks, medians and peer groups are computed
    exactly as in the atlas (:func:`percentiles`, :func:`peer_table`) over the others plus this
    one, so the numbers agree with the atlas of the same table.

    Parameters
    ----------
    others
        ``municipalities.csv`` (path), its DataFrame, or :func:`read_municipalities` of it.
    values
        This municipality's measures (``n_actors``, ``density``, …, as
        :attr:`coopnet.metrics.NetworkAnalysis.network` of the pooled periods);
        ``cross_group_share`` is derived from ``ei_index`` when missing.
    name
        The municipality's name (shown; used to find its row).
    meta
        ``land``, ``kreis``, ``municipality_type``, ``population`` of this municipality.
    path
        Its dataset path (to find its row in the table by the ``path`` column).
    peers
        The peer keys to use (:data:`PEER_KEYS`).
    lang
        Language of the notes and size classes.

    Returns
    -------
    PeerPosition

    Raises
    ------
    InputError
        If the table is invalid or holds no other municipality.
    """
    table_info = others if isinstance(others, Municipalities) else read_municipalities(others)
    table = table_info.table
    notes: list[str] = []
    found = _matches(table, name=name, path=path)
    own = dict(values)
    if "cross_group_share" not in own and "ei_index" in own:
        ei = own["ei_index"]
        own["cross_group_share"] = (ei + 1) / 2 if ei is not None else math.nan
    measures = [m for m in table_info.measures if m in own]
    if len(found) == 1:
        row = table.loc[found[0]]
        differ = [m for m in measures if not _close(row[m], own[m])]
        notes.append(text("atlas.note.found_in_table", lang, name=found[0]))
        if differ:
            names = ", ".join(text(f"atlas.measure.{m}", lang) for m in differ)
            notes.append(text("atlas.note.values_differ", lang, measures=names))
        rest = table.drop(index=found[0])
    else:
        if len(found) > 1:
            notes.append(text("atlas.note.ambiguous", lang, names=", ".join(found)))
        rest = table
    if rest.empty:
        from coopnet.errors import InputError

        raise InputError(
            tr("errors.atlas.no_other", source=table_info.source, name=name),
            source=table_info.source,
        )
    if len(table_info.excluded):
        notes.append(
            text(
                "atlas.note.excluded_short" + ("_one" if len(table_info.excluded) == 1 else ""),
                lang,
                n=number(len(table_info.excluded), lang),
            )
        )
    key = _unique_key(rest.index)
    own_row: dict[str, Any] = {c: None for c in table.columns}
    own_row.update({m: _float(own.get(m)) for m in measures})
    own_row["label"] = name
    for column in schema.MUNICIPALITY_KEYS:
        value = (meta or {}).get(column)
        own_row[column] = float(value) if column == schema.POPULATION and value else value
    if own_row.get(schema.POPULATION) is None:
        own_row[schema.POPULATION] = math.nan
    combined = pd.concat([rest, pd.DataFrame([own_row], index=pd.Index([key], name="name"))])
    for measure in [*measures, schema.POPULATION]:
        combined[measure] = combined[measure].astype(float)
    ranks = percentiles(combined, measures)
    summary = distribution(combined, measures)
    groups, basis, _ = peer_groups(combined, peers, lang=lang)
    peer_rows = peer_table(combined, groups, measures)
    mine = peer_rows[peer_rows["name"] == key]
    result = pd.DataFrame(index=pd.Index(measures, name="measure"))
    result["value"] = combined.loc[key, measures].to_numpy(dtype=float)
    result["percentile"] = ranks.loc[key, measures].to_numpy(dtype=float)
    for column in ("n", "median", "q1", "q3"):
        result[column] = summary.loc[measures, column].to_numpy()
    own_groups: dict[str, str] = {}
    for peer_key in groups:
        sub = mine[mine["peer_key"] == peer_key].set_index("measure")
        if sub.empty:
            continue
        own_groups[peer_key] = str(sub["peer_group"].iloc[0])
        result[f"{peer_key}_n"] = sub["peer_n"].reindex(measures).to_numpy()
        result[f"{peer_key}_median"] = sub["peer_median"].reindex(measures).to_numpy()
        result[f"{peer_key}_percentile"] = sub["peer_percentile"].reindex(measures).to_numpy()
    return PeerPosition(
        name=name,
        n_others=len(rest),
        table=result,
        groups=own_groups,
        notes=tuple(notes),
        size_basis=basis,
        lang=lang,
        source=table_info.source,
    )


def _unique_key(index: pd.Index) -> str:
    key = "\u2063self"
    while key in index:
        key += "_"
    return key


def _float(value: Any) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return math.nan
    return number if math.isfinite(number) else math.nan


def _close(a: Any, b: Any) -> bool:
    x, y = _float(a), _float(b)
    if math.isnan(x) and math.isnan(y):
        return True
    return math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-12)


def compare_study(
    study: Study,
    others: Municipalities | pd.DataFrame | str | os.PathLike[str],
    *,
    peers: Sequence[PeerKey] = PEER_KEYS,
) -> PeerPosition:
    """:func:`compare_with_peers` for a study: its pooled network (every period together, as
    ``coopnet batch`` analyses each dataset) among the municipalities of `others`.

    Uses the study's language and its dataset's ``dataset.toml`` (Land, Kreis, type,
    population); the pooled analysis is computed once (:meth:`coopnet.run.Study.analysis`).
    """
    network = study.analysis().network
    meta = {k: getattr(study.net.meta, k) for k in schema.MUNICIPALITY_KEYS}
    return compare_with_peers(
        others,
        {m: _float(network.get(m)) for m in MEASURES if m in network},
        name=study.name,
        meta=meta,
        path=study.net.source or None,
        peers=peers,
        lang=study.options.lang,
    )
