"""Column names and allowed values of the coopnet dataset format: the one source of truth.

See ``docs/data-format.md`` for the format description that users read.
"""

from __future__ import annotations

from typing import Final, Literal

# --- actors table -------------------------------------------------------------------------
ID: Final = "id"
LABEL: Final = "label"
GROUP: Final = "group"
SECTOR: Final = "sector"
LEVEL: Final = "level"
RESPONDED: Final = "responded"
ACTOR_PERIODS: Final = "periods"
"""Optional actors column: the periods an actor existed in (``2016;2022``); empty = all periods."""

ACTOR_REQUIRED: Final = (ID,)
ACTOR_KNOWN: Final = (ID, LABEL, GROUP, SECTOR, LEVEL, RESPONDED, ACTOR_PERIODS)

# --- ties table ---------------------------------------------------------------------------
SOURCE: Final = "source"
TARGET: Final = "target"
WEIGHT: Final = "weight"
TYPE: Final = "type"
PERIOD: Final = "period"

TIE_REQUIRED: Final = (SOURCE, TARGET)
TIE_KNOWN: Final = (SOURCE, TARGET, WEIGHT, TYPE, PERIOD)

DEFAULT_WEIGHT: Final = 1.0

# --- file names inside a dataset folder ---------------------------------------------------
ACTORS_FILE: Final = "actors.csv"
TIES_FILE: Final = "ties.csv"
META_FILE: Final = "dataset.toml"
ACTORS_SHEET: Final = "actors"
TIES_SHEET: Final = "ties"
META_SHEET: Final = "meta"
MATRIX_FILE: Final = "matrix.csv"
MATRIX_SHEET: Final = "matrix"

# names of files (without suffix) and sheets that hold a table, compared case-insensitively;
# the first ones are coopnet's own, then German ones, then those of Kumu, Polinode and Gephi
ACTOR_TABLE_NAMES: Final = (
    "actors", "akteure", "akteur", "akteurinnen", "teilnehmende", "elements", "nodes", "knoten",
    "vertices",
)  # fmt: skip
TIE_TABLE_NAMES: Final = (
    "ties", "beziehungen", "kooperationen", "kontakte", "nennungen", "zusammenarbeit",
    "netzwerk", "connections", "edges", "kanten", "links",
)  # fmt: skip
MATRIX_TABLE_NAMES: Final = (
    "matrix", "adjazenzmatrix", "soziomatrix", "netzwerkmatrix", "roster",
)  # fmt: skip

# --- the municipality of a dataset (optional keys of dataset.toml) --------------------------
LAND: Final = "land"
KREIS: Final = "kreis"
MUNICIPALITY_TYPE: Final = "municipality_type"
POPULATION: Final = "population"
MUNICIPALITY_KEYS: Final = (LAND, KREIS, MUNICIPALITY_TYPE, POPULATION)
"""Keys of ``dataset.toml`` that place a dataset among other municipalities (``coopnet batch``
copies them into ``municipalities.csv``; the atlas forms peer groups from them)."""

MUNICIPALITY_TYPES: Final = ("kreisfreie Stadt", "Kreis", "kreisangehörige Gemeinde")
"""Allowed values of ``municipality_type`` (German administrative types)."""
MUNICIPALITY_TYPE_ALIASES: Final = {
    "kreisfrei": "kreisfreie Stadt",
    "stadtkreis": "kreisfreie Stadt",
    "independent city": "kreisfreie Stadt",
    "landkreis": "Kreis",
    "district": "Kreis",
    "gemeinde": "kreisangehörige Gemeinde",
    "kreisangehörige stadt": "kreisangehörige Gemeinde",
    "municipality": "kreisangehörige Gemeinde",
}
"""Other spellings accepted for ``municipality_type`` (case-insensitive) and what they mean."""

LAENDER: Final = {
    "BW": "Baden-Württemberg", "BY": "Bayern", "BE": "Berlin", "BB": "Brandenburg",
    "HB": "Bremen", "HH": "Hamburg", "HE": "Hessen", "MV": "Mecklenburg-Vorpommern",
    "NI": "Niedersachsen", "NW": "Nordrhein-Westfalen", "RP": "Rheinland-Pfalz",
    "SL": "Saarland", "SN": "Sachsen", "ST": "Sachsen-Anhalt", "SH": "Schleswig-Holstein",
    "TH": "Thüringen",
}  # fmt: skip
"""The 16 Länder by their official abbreviation; ``land`` accepts the name or the abbreviation."""

# --- enumerations -------------------------------------------------------------------------
Symmetrise = Literal["union", "mutual"]
SYMMETRISE_RULES: Final = ("union", "mutual")
DuplicatePolicy = Literal["merge", "error"]
DUPLICATE_POLICIES: Final = ("merge", "error")

TRUE_WORDS: Final = frozenset({"1", "true", "yes", "y", "ja", "j", "wahr", "x"})
FALSE_WORDS: Final = frozenset({"0", "false", "no", "n", "nein", "falsch", ""})

# --- figures --------------------------------------------------------------------------------
FigureKind = Literal["network", "periods", "difference", "mixing", "ranking", "fragmentation", "ei"]
FIGURE_KINDS: Final = (
    "network",
    "periods",
    "difference",
    "mixing",
    "ranking",
    "fragmentation",
    "ei",
)

# --- dataset output formats (coopnet convert, coopnet.export) --------------------------------
EXPORT_FORMATS: Final = {
    "csv": "",
    "xlsx": ".xlsx",
    "graphml": ".graphml",
    "gexf": ".gexf",
    "pajek": ".net",
    "dl": ".dl",
    "json": ".json",
}
"""Each dataset output format and the suffix it is chosen by (``csv``: a folder, no suffix)."""

# --- report ---------------------------------------------------------------------------------
REPORT_TOP: Final = 10
"""Topics of the diagnosis shown in detail in the report's main text (``coopnet report --top``)."""
