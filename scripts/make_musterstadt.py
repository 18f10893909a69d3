"""Generate the bundled example municipality "Musterstadt" (SYNTHETIC data).

Musterstadt is a fictional German town of about 85,000 inhabitants. This script writes a complete
coopnet dataset — actors, directed survey ties for the periods 2014, 2016 and 2022, the dataset
metadata, an Excel copy and the codebook — into ``data/musterstadt/``::

    .venv/bin/python scripts/make_musterstadt.py            # (re)write all files
    .venv/bin/python scripts/make_musterstadt.py --check    # write, then print and assert the story figures

Everything is derived from one seeded ``random.Random(2016)``; a rerun rewrites every file
byte-identically (the Excel file is normalised: fixed zip timestamps and document dates).

The story the data tell (see the codebook for details):

* 2014 "routine": departmental silos, migrant organisations at the margin, isolates.
* 2016 "crisis": a task force (Lenkungsgruppe Flüchtlingsaufnahme) and the Kommunales
  Integrationszentrum (KI) broker across departments; volunteer initiatives enter.
* 2022 "after": the task force is gone, about half of the new cross-group ties persist (mostly
  those through the KI), health and housing fall back into silos.

Only the standard library, pandas and openpyxl are needed to write the files; networkx (a core
dependency of coopnet) is imported lazily to compute the verification figures that go into the
codebook and are printed by ``--check``.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import re
import sys
import tomllib
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# openpyxl serialises differently with and without lxml; pin the pure-Python writer so that the
# workbook is byte-identical on every machine.
os.environ["OPENPYXL_LXML"] = "False"

import pandas as pd

SEED = 2016
PERIODS = ("2014", "2016", "2022")
TYPES = ("Informationsaustausch", "Koordination", "Gemeinsames Projekt")
DEFAULT_OUT = Path(__file__).resolve().parents[1] / "data" / "musterstadt"
_FIXED_ZIP_TIME = (2024, 1, 1, 0, 0, 0)
_FIXED_DOC_TIME = "2024-01-01T00:00:00Z"

# ---------------------------------------------------------------------------------------------
# Actors
# ---------------------------------------------------------------------------------------------

G_SPITZE = "Dezernat I – Verwaltungsspitze"
G_SOZ = "Soziales"
G_JUG = "Jugend & Familie"
G_ORD = "Ordnung & Ausländerwesen"
G_ARB = "Arbeit & Jobcenter"
G_BIL = "Bildung & Schule"
G_WOH = "Wohnen & Stadtentwicklung"
G_GES = "Gesundheit"
G_INT = "Integration"
G_POL = "Politik"
G_WFV = "Wohlfahrtsverbände"
G_MIG = "Migrantenorganisationen"
G_EHR = "Ehrenamt & Initiativen"
G_SIC = "Sicherheit"

V, P, Z, W, LB = "Verwaltung", "Politik", "Zivilgesellschaft", "Wirtschaft", "Land & Bund"


@dataclass(frozen=True)
class Actor:
    """One row of ``actors.csv``."""

    id: str
    label: str
    group: str
    sector: str
    level: str
    responded: bool
    periods: tuple[str, ...] = ()  # empty = all periods

    def exists(self, period: str) -> bool:
        """Return whether the actor existed in ``period``."""
        return not self.periods or period in self.periods


_A = Actor
ACTORS: tuple[Actor, ...] = (
    # Dezernat I – Verwaltungsspitze
    _A("OB", "Oberbürgermeisterin", G_SPITZE, V, "Stadt", True),
    _A(
        "BEIG",
        "Sozialdezernent (Beigeordneter für Soziales, Jugend & Integration)",
        G_SPITZE,
        V,
        "Stadt",
        True,
    ),
    _A("PRESSE", "Presse- und Öffentlichkeitsarbeit", G_SPITZE, V, "Stadt", True),
    _A("GLB", "Gleichstellungsbeauftragte", G_SPITZE, V, "Stadt", True),
    _A("LG-FA", "Lenkungsgruppe Flüchtlingsaufnahme", G_SPITZE, V, "Stadt", True, ("2016",)),
    # Soziales
    _A("SOZ", "Sozialamt", G_SOZ, V, "Stadt", True),
    _A(
        "SOZ-ASYL",
        "Sozialamt – Leistungen nach dem Asylbewerberleistungsgesetz",
        G_SOZ,
        V,
        "Stadt",
        True,
    ),
    _A("UNT", "Fachstelle Wohnungsnotfälle & Unterbringung", G_SOZ, V, "Stadt", True),
    _A("SEN", "Seniorenbüro", G_SOZ, V, "Stadt", True),
    # Jugend & Familie
    _A("JUG", "Jugendamt – Amtsleitung", G_JUG, V, "Stadt", True),
    _A("JUG-ASD", "Jugendamt – Allgemeiner Sozialer Dienst", G_JUG, V, "Stadt", True),
    _A(
        "JUG-UMA",
        "Jugendamt – Fachdienst unbegleitete minderjährige Ausländer",
        G_JUG,
        V,
        "Stadt",
        True,
        ("2016", "2022"),
    ),
    _A("KITA", "Abteilung Kindertagesbetreuung", G_JUG, V, "Stadt", True),
    _A("FRUEH", "Frühe Hilfen & Familienbüro", G_JUG, V, "Stadt", True),
    # Ordnung & Ausländerwesen
    _A("ABH", "Ausländerbehörde", G_ORD, V, "Stadt", True),
    _A("ORD", "Ordnungsamt", G_ORD, V, "Stadt", True),
    _A("BA", "Bürgeramt", G_ORD, V, "Stadt", True),
    _A("STA", "Standesamt", G_ORD, V, "Stadt", False),
    _A("EINB", "Einbürgerungsstelle", G_ORD, V, "Stadt", True),
    _A(
        "BAMF",
        "Bundesamt für Migration und Flüchtlinge – Außenstelle Musterstadt",
        G_ORD,
        LB,
        "Bund",
        True,
        ("2016", "2022"),
    ),
    # Arbeit & Jobcenter
    _A("JC", "Jobcenter Kreis Musterland – Geschäftsstelle Musterstadt", G_ARB, V, "Kreis", True),
    _A("AA", "Agentur für Arbeit Musterstadt", G_ARB, LB, "Bund", True),
    _A("WIFOE", "Wirtschaftsförderung Musterstadt", G_ARB, V, "Stadt", True),
    _A("KHS", "Kreishandwerkerschaft Musterland", G_ARB, W, "Kreis", False),
    # Bildung & Schule
    _A("SVA", "Schulverwaltungsamt", G_BIL, V, "Stadt", True),
    _A("SSA", "Staatliches Schulamt für den Kreis Musterland", G_BIL, LB, "Land", True),
    _A("GS-NORD", "Grundschule Am Nordpark", G_BIL, LB, "Land", True),
    _A("GES-OST", "Gesamtschule Musterstadt-Ost", G_BIL, LB, "Land", True),
    _A("GS-SUED", "Grundschule Südstadt", G_BIL, LB, "Land", True),
    _A("BK", "Berufskolleg Musterstadt", G_BIL, LB, "Land", True),
    _A("VHS", "Volkshochschule Musterstadt", G_BIL, V, "Stadt", True),
    # Wohnen & Stadtentwicklung (municipal offices and the housing companies)
    _A("WOA", "Amt für Wohnungswesen", G_WOH, V, "Stadt", True),
    _A("STPL", "Stadtplanungsamt", G_WOH, V, "Stadt", True),
    _A("LIEG", "Liegenschaftsamt", G_WOH, V, "Stadt", True),
    _A("QM-NORD", "Quartiersmanagement Nordstadt", G_WOH, V, "Stadt", True),
    _A("WBG", "Wohnungsbaugesellschaft Musterstadt GmbH & Co. KG", G_WOH, W, "Stadt", True),
    _A("BVG", "Bauverein Musterstadt eG", G_WOH, W, "Stadt", True),
    _A("HUG", "Haus & Grund Musterstadt e.V.", G_WOH, W, "Stadt", False),
    # Gesundheit
    _A("GA", "Gesundheitsamt Kreis Musterland", G_GES, V, "Kreis", True),
    _A("SPDI", "Sozialpsychiatrischer Dienst", G_GES, V, "Kreis", True),
    _A("KLIN", "St.-Elisabeth-Krankenhaus Musterstadt", G_GES, W, "Stadt", False),
    _A("PSZ", "Psychosoziales Zentrum für Geflüchtete", G_GES, Z, "Kreis", True, ("2016", "2022")),
    # Integration
    _A("KI", "Kommunales Integrationszentrum", G_INT, V, "Stadt", True),
    _A("SPRA", "Sprach- und Integrationsmittlerpool", G_INT, V, "Stadt", True, ("2016", "2022")),
    _A(
        "EHK",
        "Koordinierungsstelle Ehrenamt in der Flüchtlingshilfe",
        G_INT,
        V,
        "Stadt",
        True,
        ("2016",),
    ),
    # Politik
    _A("ASGI", "Ausschuss für Soziales, Gesundheit & Integration", G_POL, P, "Stadt", True),
    _A("JHA", "Jugendhilfeausschuss", G_POL, P, "Stadt", True),
    _A("ASW", "Ausschuss für Stadtentwicklung & Wohnen", G_POL, P, "Stadt", True),
    _A("SCHA", "Schulausschuss", G_POL, P, "Stadt", True),
    _A("IR", "Integrationsrat", G_POL, P, "Stadt", True),
    _A("FR-CDU", "CDU-Fraktion im Rat der Stadt", G_POL, P, "Stadt", False),
    _A("FR-SPD", "SPD-Fraktion im Rat der Stadt", G_POL, P, "Stadt", True),
    _A("FR-GRUENE", "Fraktion Bündnis 90/Die Grünen im Rat der Stadt", G_POL, P, "Stadt", False),
    # Wohlfahrtsverbände
    _A("AWO", "AWO Kreisverband Musterland e.V.", G_WFV, Z, "Kreis", True),
    _A("CAR", "Caritasverband Musterstadt e.V.", G_WFV, Z, "Stadt", True),
    _A("DIA", "Diakonisches Werk Musterstadt", G_WFV, Z, "Stadt", True),
    _A("DRK", "DRK-Kreisverband Musterland e.V.", G_WFV, Z, "Kreis", True),
    _A("PARI", "Der Paritätische – Kreisgruppe Musterland", G_WFV, Z, "Kreis", True),
    # Migrantenorganisationen
    _A("DITIB", "DITIB Türkisch-Islamische Gemeinde zu Musterstadt e.V.", G_MIG, Z, "Stadt", True),
    _A("ALEVI", "Alevitische Gemeinde Musterstadt e.V.", G_MIG, Z, "Stadt", True),
    _A("RUS", "Deutsch-Russischer Kulturverein „Brücke“ e.V.", G_MIG, Z, "Stadt", True),
    _A("SYR", "Syrisch-Deutscher Kulturverein e.V.", G_MIG, Z, "Stadt", True, ("2016", "2022")),
    _A("AFR", "Afrikanischer Kulturverein Musterstadt e.V.", G_MIG, Z, "Stadt", False),
    _A("ITA", "Italienischer Elternverein Musterstadt e.V.", G_MIG, Z, "Stadt", False),
    _A("ERI", "Eritreische Gemeinde Musterstadt e.V.", G_MIG, Z, "Stadt", False, ("2022",)),
    # Ehrenamt & Initiativen
    _A("WB", "Willkommensbündnis Musterstadt", G_EHR, Z, "Stadt", True, ("2016", "2022")),
    _A("PAT", "Patenschaftsprojekt „Hand in Hand“", G_EHR, Z, "Stadt", True, ("2016", "2022")),
    _A("KLK", "Kleiderkammer Nordstadt", G_EHR, Z, "Stadt", False, ("2016",)),
    _A("CAFE", "Begegnungscafé „Café International“", G_EHR, Z, "Stadt", True, ("2016",)),
    _A("FAS", "Freiwilligenagentur Musterstadt", G_EHR, Z, "Stadt", True),
    _A("SV", "TuS Musterstadt 1889 e.V.", G_EHR, Z, "Stadt", False),
    # Sicherheit
    _A("POL", "Polizeiinspektion Musterstadt", G_SIC, LB, "Land", False),
)
BY_ID: dict[str, Actor] = {a.id: a for a in ACTORS}
GROUPS: tuple[str, ...] = tuple(dict.fromkeys(a.group for a in ACTORS))

# ---------------------------------------------------------------------------------------------
# Relationship rules (undirected "who works with whom"; direction is decided later)
# ---------------------------------------------------------------------------------------------

# Probability that two members of the same group work together (group cohesion). Migrant
# organisations are handled explicitly: they hardly cooperate with each other before 2016.
COHESION: dict[str, float] = {
    G_SPITZE: 0.9, G_SOZ: 0.95, G_JUG: 0.95, G_ORD: 0.9, G_ARB: 0.9, G_BIL: 0.85, G_WOH: 0.8,
    G_GES: 0.95, G_INT: 1.0, G_POL: 0.9, G_WFV: 0.9, G_MIG: 0.0, G_EHR: 0.7,
    G_SIC: 0.0,
}  # fmt: skip

# Routine cross-group cooperation in 2014 (pair, strength 1–4).
CROSS_2014: tuple[tuple[str, str, int], ...] = (
    ("BEIG", "SOZ", 3), ("BEIG", "JUG", 3), ("BEIG", "KI", 2), ("BEIG", "ASGI", 2),
    ("BEIG", "JHA", 2), ("SOZ", "WOA", 2), ("KITA", "DIA", 2), ("UNT", "WOA", 2),
    ("OB", "FR-SPD", 2), ("OB", "FR-CDU", 2), ("OB", "WIFOE", 2),
    ("OB", "ORD", 2), ("SOZ", "JC", 3), ("SOZ", "ASGI", 2), ("SOZ", "AWO", 2),
    ("JUG", "JHA", 3), ("JUG-ASD", "GS-NORD", 2), ("JUG-ASD", "CAR", 2),
    ("JC", "VHS", 2), ("ABH", "SOZ-ASYL", 2), ("ORD", "POL", 3),
    ("KI", "IR", 3), ("KI", "VHS", 2), ("IR", "DITIB", 2), ("IR", "ALEVI", 2), ("IR", "RUS", 2),
    ("WOA", "WBG", 3), ("STPL", "WBG", 2), ("STPL", "ASW", 3), ("SVA", "SCHA", 3),
    ("SPDI", "DIA", 2), ("FAS", "SEN", 2), ("QM-NORD", "GS-NORD", 2),
    ("BK", "AA", 2), ("DRK", "ORD", 2), ("JC", "BK", 2), ("JC", "AWO", 1),
)  # fmt: skip

# New cooperation during the 2015/16 refugee reception (pair, strength).
CROSS_2016: tuple[tuple[str, str, int], ...] = (
    # the task force coordinates everybody
    ("LG-FA", "SOZ", 4), ("LG-FA", "SOZ-ASYL", 4), ("LG-FA", "UNT", 4), ("LG-FA", "ABH", 4),
    ("LG-FA", "ORD", 3), ("LG-FA", "JC", 3), ("LG-FA", "JUG", 3), ("LG-FA", "JUG-UMA", 4),
    ("LG-FA", "KI", 4), ("LG-FA", "GA", 3), ("LG-FA", "WOA", 3), ("LG-FA", "LIEG", 4),
    ("LG-FA", "POL", 3), ("LG-FA", "DRK", 4), ("LG-FA", "SSA", 2), ("LG-FA", "WB", 3),
    ("LG-FA", "BAMF", 2), ("LG-FA", "EHK", 3), ("LG-FA", "WBG", 2), ("LG-FA", "ASGI", 2),
    # the Kommunales Integrationszentrum opens up
    ("KI", "WB", 3), ("KI", "PAT", 3), ("KI", "CAFE", 2), ("KI", "SYR", 3), ("KI", "AFR", 2),
    ("KI", "DITIB", 2), ("KI", "ABH", 3), ("KI", "JC", 3), ("KI", "SOZ-ASYL", 2),
    ("KI", "JUG-UMA", 3), ("KI", "SVA", 3), ("KI", "SSA", 2), ("KI", "GS-NORD", 2),
    ("KI", "GES-OST", 2), ("KI", "BK", 3), ("KI", "AWO", 2), ("KI", "CAR", 3), ("KI", "DIA", 2),
    ("KI", "PSZ", 2), ("KI", "QM-NORD", 2), ("KI", "FAS", 2), ("KI", "SV", 1), ("KI", "AA", 2),
    ("KI", "ASGI", 2),
    # administration across departments
    ("ABH", "JC", 3), ("ABH", "JUG-UMA", 3), ("ABH", "CAR", 2), ("JC", "SOZ-ASYL", 3),
    ("JC", "BAMF", 2), ("JUG-UMA", "BK", 3), ("JUG-UMA", "CAR", 2),
    ("JUG-ASD", "UNT", 2), ("JUG-ASD", "GES-OST", 2), ("UNT", "DRK", 3), ("UNT", "GA", 3),
    ("UNT", "LIEG", 3), ("UNT", "POL", 2), ("UNT", "WBG", 2), ("GA", "JUG-UMA", 2),
    ("SPRA", "GA", 2), ("SPRA", "JC", 2), ("SPRA", "ABH", 2), ("SPRA", "JUG-ASD", 2),
    ("VHS", "BAMF", 2), ("AA", "BAMF", 2), ("BEIG", "ABH", 2), ("BEIG", "JC", 2),
    ("LIEG", "WBG", 2), ("SSA", "JUG-UMA", 2),
    # volunteers and civil society
    ("UNT", "WB", 3), ("UNT", "KLK", 2), ("WB", "SOZ", 2), ("WB", "DIA", 2), ("WB", "DRK", 2),
    ("WB", "CAR", 2), ("WB", "SYR", 2), ("WB", "AFR", 1), ("PAT", "SYR", 2), ("PAT", "JC", 1),
    ("PAT", "GS-NORD", 1), ("CAFE", "SYR", 2), ("CAFE", "DITIB", 2), ("CAFE", "QM-NORD", 2),
    ("KLK", "DRK", 2), ("PSZ", "CAR", 2), ("PSZ", "JUG-UMA", 2), ("PSZ", "SYR", 1),
    ("IR", "SYR", 2), ("IR", "ITA", 1), ("FR-GRUENE", "WB", 1), ("SV", "PAT", 2),
    ("PAT", "GES-OST", 1), ("VHS", "WB", 2),
    # many name the Oberbürgermeisterin in the crisis
    ("OB", "WB", 2), ("OB", "DRK", 2), ("OB", "ABH", 2), ("OB", "SOZ", 2), ("OB", "IR", 1),
    ("OB", "POL", 2),
)  # fmt: skip

# Migrant organisations start to cooperate with each other (within-group, explicit).
MIG_INTERNAL: dict[str, tuple[tuple[str, str, int], ...]] = {
    "2014": (),
    "2016": (("DITIB", "SYR", 2), ("SYR", "AFR", 1)),
    "2022": (("DITIB", "SYR", 2), ("SYR", "AFR", 2), ("ALEVI", "DITIB", 1)),
}

# A few genuinely new ties after the crisis (Integration Point, Sprachmittler in daycare, ...).
CROSS_2022_NEW: tuple[tuple[str, str, int], ...] = (
    ("KI", "PARI", 2), ("SPRA", "KITA", 2), ("KI", "FRUEH", 2), ("AA", "ABH", 2),
    ("IR", "ERI", 1), ("KI", "EINB", 2), ("JC", "SYR", 1), ("OB", "KI", 2), ("OB", "JC", 1),
)  # fmt: skip

# Actors kept out of random noise so that their structural position stays as designed:
# RUS and ERI hang on the Integrationsrat only (articulation point), ITA/AFR are isolates in 2014.
NO_NOISE = frozenset({"RUS", "ERI", "ITA", "AFR", "LG-FA", "KLK", "GS-SUED"})
# Actors without random within-group ties (they hang on one FIXED partner).
LEAVES = frozenset({"GS-SUED"})
# Ties that carry the designed structure and are never dropped by random churn (the
# Integrationsrat is the only link of the Russian-German association, the Staatliches Schulamt
# the only link of the Grundschule Südstadt, in every period).
FIXED = frozenset({("IR", "RUS"), ("DITIB", "IR"), ("ALEVI", "IR"), ("GS-SUED", "SSA")})
# Groups that fall back into silos after the crisis: their new 2016 ties rarely survive.
SILO_AFTER = frozenset({G_GES, G_WOH})
# Pairs of groups that must not cooperate at all in 2022.
FORBIDDEN_2022 = frozenset({frozenset({G_GES, G_MIG})})

# Actors that are named much more often than they name back (status asymmetry), with the
# probability that they reciprocate a tie outside their own group.
LOW_RECIPROCATORS: dict[str, float] = {
    "OB": 0.1, "JC": 0.15, "BAMF": 0.25, "AA": 0.4, "LG-FA": 0.7,
}  # fmt: skip

Pair = tuple[str, str]


def _pair(u: str, v: str) -> Pair:
    return (u, v) if u < v else (v, u)


def _exists(actor_id: str, period: str) -> bool:
    return BY_ID[actor_id].exists(period)


def _cross(u: str, v: str) -> bool:
    return BY_ID[u].group != BY_ID[v].group


def _allowed(u: str, v: str, period: str) -> bool:
    if not (_exists(u, period) and _exists(v, period)) or u == v:
        return False
    groups = frozenset({BY_ID[u].group, BY_ID[v].group})
    return not (period == "2022" and groups in FORBIDDEN_2022)


def _internal_base(rng: random.Random) -> dict[Pair, int]:
    """Draw the within-group cooperation pairs (all periods) with their strength."""
    base: dict[Pair, int] = {}
    for group in GROUPS:
        members = sorted(a.id for a in ACTORS if a.group == group)
        members = [m for m in members if m not in LEAVES]
        for i, u in enumerate(members):
            for v in members[i + 1 :]:
                if rng.random() < COHESION[group]:
                    base[_pair(u, v)] = rng.choice((2, 3, 3, 4))
    return base


def _random_cross(
    rng: random.Random, period: str, n: int, taken: Iterable[Pair]
) -> dict[Pair, int]:
    """Draw ``n`` weak random cross-group pairs (noise) that respect the design constraints."""
    eligible = sorted(a.id for a in ACTORS if a.exists(period) and a.id not in NO_NOISE)
    taken_set = set(taken)
    out: dict[Pair, int] = {}
    while len(out) < n:
        u, v = rng.sample(eligible, 2)
        p = _pair(u, v)
        if _cross(u, v) and _allowed(u, v, period) and p not in taken_set and p not in out:
            if period == "2014" and {BY_ID[u].sector, BY_ID[v].sector} == {V, Z}:
                continue  # keep administration and civil society apart in 2014
            out[p] = 1
    return out


def relationships(rng: random.Random) -> dict[str, dict[Pair, int]]:
    """Return the undirected cooperation pairs with strength for each period."""
    base = _internal_base(rng)
    rel: dict[str, dict[Pair, int]] = {p: {} for p in PERIODS}

    # --- 2014: routine -----------------------------------------------------------------
    for pair, s in sorted(base.items()):
        if _allowed(*pair, "2014") and rng.random() < 0.95:
            rel["2014"][pair] = s
    for u, v, s in CROSS_2014:
        rel["2014"][_pair(u, v)] = s
    rel["2014"].update(_random_cross(rng, "2014", 2, rel["2014"]))

    # --- 2016: crisis --------------------------------------------------------------------
    for pair, s in sorted(base.items()):
        if not _allowed(*pair, "2016"):
            continue
        keep = 0.95 if pair in rel["2014"] else 0.6
        if rng.random() < keep:
            rel["2016"][pair] = s
    for pair, s in sorted(rel["2014"].items()):
        if _cross(*pair) and _allowed(*pair, "2016") and rng.random() < 0.9:
            rel["2016"][pair] = s
    for u, v, s in CROSS_2016 + MIG_INTERNAL["2016"]:
        rel["2016"][_pair(u, v)] = s
    rel["2016"].update(_random_cross(rng, "2016", 5, rel["2016"]))

    # --- 2022: after -----------------------------------------------------------------------
    for pair, s in sorted(base.items()):
        if not _allowed(*pair, "2022"):
            continue
        keep = 0.92 if pair in rel["2016"] else 0.5
        if rng.random() < keep:
            rel["2022"][pair] = s
    for pair, s in sorted(rel["2016"].items()):
        if not _cross(*pair) or not _allowed(*pair, "2022"):
            continue
        groups = {BY_ID[pair[0]].group, BY_ID[pair[1]].group}
        if pair in rel["2014"]:
            keep = 0.9  # routine ties survive the crisis
        elif groups & SILO_AFTER:
            keep = 0.1  # health and housing fall back into their silos
        elif "KI" in pair:
            keep = 0.95  # the KI institutionalised its crisis contacts
        else:
            keep = 0.45
        if rng.random() < keep:
            rel["2022"][pair] = max(1, s - 1) if pair not in rel["2014"] else s
    for pair, s in sorted(rel["2014"].items()):
        # routine ties that paused during the crisis come back
        paused = _cross(*pair) and pair not in rel["2016"] and _allowed(*pair, "2022")
        if paused and rng.random() < 0.7:
            rel["2022"][pair] = s
    for u, v, s in CROSS_2022_NEW + MIG_INTERNAL["2022"]:
        rel["2022"][_pair(u, v)] = s
    rel["2022"].update(_random_cross(rng, "2022", 4, rel["2022"]))
    for period in PERIODS:
        for u, v in sorted(FIXED):
            rel[period].setdefault(_pair(u, v), 2)
    return rel


# ---------------------------------------------------------------------------------------------
# From relationships to survey nominations (ties.csv rows)
# ---------------------------------------------------------------------------------------------


def _nominators(rng: random.Random, u: str, v: str) -> list[str]:
    """Decide which end(s) of a cooperation named the other in the survey."""
    ru, rv = BY_ID[u].responded, BY_ID[v].responded
    if not ru and not rv:
        return []  # nobody could report it: the tie is not observed
    if ru and not rv:
        return [u]
    if rv and not ru:
        return [v]
    same = not _cross(u, v)
    low = [x for x in (u, v) if x in LOW_RECIPROCATORS and not same]
    if low:
        # status asymmetry: the partner names them, they seldom name the partner back
        out = [x for x in (u, v) if rng.random() < LOW_RECIPROCATORS.get(x, 1.0)]
        others = [x for x in (u, v) if x not in low] or [u]
        return out or [rng.choice(others)]
    if rng.random() < (0.95 if same else 0.65):
        return [u, v]
    return [rng.choice((u, v))]


def _types(rng: random.Random, source: str, target: str, *, crisis: bool) -> list[str]:
    """Pick the tie types a respondent reported for one partner (one or more)."""
    if crisis:
        weights = (0.3, 0.55, 0.15)
    elif "KI" in (source, target) or BY_ID[source].group == G_EHR:
        weights = (0.4, 0.25, 0.35)
    elif not _cross(source, target):
        weights = (0.45, 0.45, 0.1)
    else:
        weights = (0.7, 0.2, 0.1)
    first = rng.choices(TYPES, weights=weights)[0]
    chosen = {first}
    for t in TYPES:
        if t != first and rng.random() < 0.22:
            chosen.add(t)
    return [t for t in TYPES if t in chosen]


def ties_table(rng: random.Random, rel: dict[str, dict[Pair, int]]) -> pd.DataFrame:
    """Turn the relationships of every period into directed, typed, weighted survey rows."""
    new_2016 = {p for p in rel["2016"] if p not in rel["2014"] and _cross(*p)}
    rows: list[tuple[str, str, int, str, str]] = []
    for period in PERIODS:
        for (u, v), strength in sorted(rel[period].items()):
            crisis = period == "2016" and (u, v) in new_2016
            for src in _nominators(rng, u, v):
                tgt = v if src == u else u
                for t in _types(rng, src, tgt, crisis=crisis):
                    w = strength + rng.choice((-1, 0, 0, 0, 1))
                    if t == "Gemeinsames Projekt" and not crisis:
                        w -= 1  # projects meet less often than people exchange information
                    rows.append((src, tgt, min(4, max(1, w)), t, period))
    df = pd.DataFrame(rows, columns=["source", "target", "weight", "type", "period"])
    order = {t: i for i, t in enumerate(TYPES)}
    df = df.assign(_t=df["type"].map(order)).sort_values(["period", "source", "target", "_t"])
    return df.drop(columns="_t").reset_index(drop=True)


def actors_table() -> pd.DataFrame:
    """Return the actors table in file order (by group, then as listed)."""
    return pd.DataFrame(
        [
            (a.id, a.label, a.group, a.sector, a.level, "true" if a.responded else "false",
             ";".join(a.periods))
            for a in ACTORS
        ],
        columns=["id", "label", "group", "sector", "level", "responded", "periods"],
    )  # fmt: skip


# ---------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------


def _write_csv(df: pd.DataFrame, path: Path) -> None:
    path.write_text(df.to_csv(index=False, lineterminator="\n"), encoding="utf-8")


def _normalised_xlsx(raw: bytes) -> bytes:
    """Rewrite an xlsx zip with fixed timestamps so that reruns are byte-identical."""
    src = zipfile.ZipFile(io.BytesIO(raw))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                text = data.decode("utf-8")
                text = re.sub(
                    r"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)",
                    rf"\g<1>{_FIXED_DOC_TIME}\2",
                    text,
                )
                data = text.encode("utf-8")
            zi = zipfile.ZipInfo(info.filename, date_time=_FIXED_ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            dst.writestr(zi, data)
    return buf.getvalue()


def _write_xlsx(actors: pd.DataFrame, ties: pd.DataFrame, path: Path) -> None:
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        for name, df in (("actors", actors), ("ties", ties)):
            df.astype(str).to_excel(writer, sheet_name=name, index=False)
            sheet = writer.sheets[name]
            for row in sheet.iter_rows(min_row=2):
                for cell in row:
                    cell.number_format = "@"  # mark every cell as text
        meta = tomllib.loads(DATASET_TOML)
        rows = [
            (
                k,
                ";".join(v)
                if isinstance(v, list)
                else str(v).lower()
                if isinstance(v, bool)
                else str(v),
            )
            for k, v in meta.items()
        ]
        pd.DataFrame(rows, columns=["key", "value"]).to_excel(
            writer, sheet_name="meta", index=False
        )
        writer.book.properties.creator = "coopnet scripts/make_musterstadt.py"
    path.write_bytes(_normalised_xlsx(buf.getvalue()))


DATASET_TOML = """\
name = "Musterstadt"
description = "SYNTHETIC example data: cooperation network of the fictional German town \
Musterstadt (about 85,000 inhabitants) in 2014 (routine), 2016 (refugee reception crisis) and \
2022 (after). Generated by scripts/make_musterstadt.py; any resemblance to a real town is not \
intended."
directed = true
group = "group"
periods = ["2014", "2016", "2022"]
symmetrise = "union"
"""


def write_all(out: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Generate the dataset and write every output file into ``out``."""
    rng = random.Random(SEED)
    actors = actors_table()
    ties = ties_table(rng, relationships(rng))
    out.mkdir(parents=True, exist_ok=True)
    _write_csv(actors, out / "actors.csv")
    _write_csv(ties, out / "ties.csv")
    (out / "dataset.toml").write_text(DATASET_TOML, encoding="utf-8")
    _write_xlsx(actors, ties, out / "musterstadt.xlsx")
    figures = story_figures(actors, ties)
    (out / "README.md").write_text(codebook(actors, ties, figures), encoding="utf-8")
    return actors, ties


# ---------------------------------------------------------------------------------------------
# Verification of the story (networkx)
# ---------------------------------------------------------------------------------------------


def _graphs(actors: pd.DataFrame, ties: pd.DataFrame) -> dict[str, Any]:
    import networkx as nx

    graphs: dict[str, Any] = {}
    for period in PERIODS:
        g = nx.Graph()
        for row in actors.itertuples(index=False):
            if not row.periods or period in row.periods.split(";"):
                g.add_node(row.id, group=row.group)
        for row in ties[ties["period"] == period].itertuples(index=False):
            w = float(row.weight)
            if g.has_edge(row.source, row.target):
                g[row.source][row.target]["weight"] = max(w, g[row.source][row.target]["weight"])
            else:
                g.add_edge(row.source, row.target, weight=w)
        graphs[period] = g
    return graphs


def _ei(g: Any) -> tuple[float, int, int]:
    ext = sum(1 for u, v in g.edges if g.nodes[u]["group"] != g.nodes[v]["group"])
    internal = g.number_of_edges() - ext
    return (ext - internal) / (ext + internal), ext, internal


def story_figures(actors: pd.DataFrame, ties: pd.DataFrame) -> dict[str, Any]:
    """Compute the figures that document the story (E-I, isolates, cut points, ...)."""
    import networkx as nx

    graphs = _graphs(actors, ties)
    fig: dict[str, Any] = {"periods": {}}
    responded = set(actors.loc[actors["responded"] == "true", "id"])
    cross = {p: {frozenset(e) for e in g.edges if _cross(*e)} for p, g in graphs.items()}
    for period, g in graphs.items():
        ei, ext, internal = _ei(g)
        bet = nx.betweenness_centrality(g, normalized=True)
        top = sorted(bet.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
        t = ties[ties["period"] == period]
        pairs = t[["source", "target"]].drop_duplicates()
        outdeg = pairs["source"].value_counts()
        dpairs = set(map(tuple, pairs.to_numpy()))
        recip = sum(1 for s, tg in dpairs if (tg, s) in dpairs) / len(dpairs)
        present_resp = [a for a in g.nodes if a in responded]
        group_pairs = {frozenset({g.nodes[u]["group"], g.nodes[v]["group"]}) for u, v in g.edges}
        fig["periods"][period] = {
            "actors": g.number_of_nodes(),
            "respondents": len(present_resp),
            "tie_rows": len(t),
            "nominations": len(dpairs),
            "edges": g.number_of_edges(),
            "density": nx.density(g),
            "ei": ei,
            "external": ext,
            "internal": internal,
            "isolates": sorted(nx.isolates(g)),
            "components": nx.number_connected_components(g),
            "articulation_points": sorted(nx.articulation_points(g)),
            "betweenness_top3": top,
            "mean_outdegree": sum(outdeg.get(a, 0) for a in present_resp) / len(present_resp),
            "reciprocity": recip,
            "in_out_OB": _in_out(dpairs, "OB"),
            "in_out_JC": _in_out(dpairs, "JC"),
            "mean_weight": float(t["weight"].astype(int).mean()),
            "empty_group_pairs": sorted(
                (a, b)
                for i, a in enumerate(GROUPS)
                for b in GROUPS[i + 1 :]
                if frozenset({a, b}) not in group_pairs
            ),
            "group_external": {
                grp: sum(
                    1
                    for u, v in g.edges
                    if grp in (g.nodes[u]["group"], g.nodes[v]["group"])
                    and g.nodes[u]["group"] != g.nodes[v]["group"]
                )
                for grp in GROUPS
            },
            "ges_mig_ties": frozenset({G_GES, G_MIG}) in group_pairs,
        }
    new16 = cross["2016"] - cross["2014"]
    feasible = {e for e in new16 if all(graphs["2022"].has_node(x) for x in e)}
    kept = new16 & cross["2022"]
    via_ki = {e for e in feasible if "KI" in e}
    fig["new_2016_cross"] = len(new16)
    fig["new_2016_cross_feasible"] = len(feasible)
    fig["kept_2022"] = len(kept)
    fig["kept_share_all"] = len(kept) / len(new16)
    fig["kept_share_feasible"] = len(kept) / len(feasible)
    fig["kept_share_via_ki"] = len(kept & via_ki) / len(via_ki)
    fig["kept_share_not_ki"] = len((kept & feasible) - via_ki) / len(feasible - via_ki)
    return fig


def _fmt_top(top: list[tuple[str, float]]) -> str:
    return ", ".join(f"{a} {b:.3f}" for a, b in top)


def _in_out(dpairs: set[tuple[str, str]], actor: str) -> tuple[int, int, int]:
    """Return (named by, names, nominations received but not returned) for ``actor``."""
    named_by = {s for s, t in dpairs if t == actor}
    names = {t for s, t in dpairs if s == actor}
    return len(named_by), len(names), len(named_by - names)


def check_text(fig: dict[str, Any]) -> str:
    """Format the story figures for the terminal."""
    lines = []
    for period, f in fig["periods"].items():
        lines += [
            f"== {period} ==",
            f"  actors {f['actors']}, respondents {f['respondents']}, tie rows {f['tie_rows']}, "
            f"nominations {f['nominations']}, undirected edges {f['edges']}, "
            f"density {f['density']:.3f}",
            f"  E-I {f['ei']:+.3f} (external {f['external']}, internal {f['internal']})",
            f"  isolates {f['isolates']}, components {f['components']}",
            f"  articulation points {f['articulation_points']}",
            f"  betweenness top 3: {_fmt_top(f['betweenness_top3'])}",
            f"  mean out-degree per respondent {f['mean_outdegree']:.2f}, "
            f"reciprocity {f['reciprocity']:.2f}",
            f"  mean weight of tie rows {f['mean_weight']:.2f}",
            "  named by / names / unreciprocated in-nominations: "
            f"OB {f['in_out_OB']}, JC {f['in_out_JC']}",
            f"  pairs of groups without any tie: {len(f['empty_group_pairs'])}",
            f"  Gesundheit–Migrantenorganisationen tie: {f['ges_mig_ties']}",
            "  external ties per group: "
            + ", ".join(f"{g} {n}" for g, n in f["group_external"].items()),
        ]
    lines.append(
        f"new cross-group ties 2016: {fig['new_2016_cross']} "
        f"({fig['new_2016_cross_feasible']} with both actors still present in 2022); "
        f"kept in 2022: {fig['kept_2022']} = {fig['kept_share_all']:.0%} of all, "
        f"{fig['kept_share_feasible']:.0%} of feasible "
        f"(via KI {fig['kept_share_via_ki']:.0%}, others {fig['kept_share_not_ki']:.0%})"
    )
    return "\n".join(lines)


def assert_story(fig: dict[str, Any]) -> list[str]:
    """Return the story requirements the data violate (empty list = all met)."""
    p = fig["periods"]
    bad: list[str] = []

    def need(cond: bool, msg: str) -> None:
        if not cond:
            bad.append(msg)

    need(p["2014"]["ei"] <= -0.4, "E-I 2014 should be <= -0.4")
    need(p["2016"]["ei"] >= -0.05, "E-I 2016 should be about 0 or positive")
    need(p["2014"]["ei"] < p["2022"]["ei"] < p["2016"]["ei"], "E-I 2022 between 2014 and 2016")
    need(len(p["2014"]["isolates"]) >= 2, "at least 2 isolates in 2014")
    top2 = {a for a, _ in p["2016"]["betweenness_top3"][:2]}
    need(top2 == {"KI", "LG-FA"}, "KI and LG-FA must have the highest betweenness in 2016")
    for x in PERIODS:
        need({"IR", "SSA"} <= set(p[x]["articulation_points"]), f"IR, SSA cut points in {x}")
        for actor in ("in_out_OB", "in_out_JC"):
            named_by, names, _ = p[x][actor]
            need(named_by > names, f"{actor[-2:]} should be named more than it names in {x}")
    need({"AFR", "ITA"} <= set(p["2014"]["isolates"]), "AFR and ITA isolated in 2014")
    need(not p["2022"]["ges_mig_ties"], "no Gesundheit–Migrantenorganisationen tie in 2022")
    need(0.4 <= fig["kept_share_feasible"] <= 0.6, "40–60 % of new 2016 cross ties kept")
    for x in PERIODS:
        need(4 <= p[x]["mean_outdegree"] <= 7, f"mean out-degree {x} should be 4–7")
    return bad


# ---------------------------------------------------------------------------------------------
# Codebook
# ---------------------------------------------------------------------------------------------


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|")


def codebook(actors: pd.DataFrame, ties: pd.DataFrame, fig: dict[str, Any]) -> str:
    """Render ``README.md`` (the codebook) with the actor table and the story figures."""
    p = fig["periods"]
    n_resp = int((actors["responded"] == "true").sum())
    counts = ties.groupby("period").size().to_dict()
    type_counts = ties["type"].value_counts().to_dict()
    weight_counts = ties["weight"].astype(int).value_counts().sort_index().to_dict()

    def row(f: dict[str, Any], key: str, fmt: str = "{}") -> str:
        return " | ".join(fmt.format(f[x][key]) for x in PERIODS)

    def lst(items: list[str]) -> str:
        return ", ".join(f"`{i}`" for i in items) or "–"

    actor_rows = "\n".join(
        f"| `{r.id}` | {_md_escape(r.label)} | {r.group} | {r.sector} | {r.level} | "
        f"{r.responded} | {r.periods.replace(';', ', ') or 'all'} |"
        for r in actors.itertuples(index=False)
    )
    group_rows = "\n".join(
        f"| {g} | {int((actors['group'] == g).sum())} | "
        + " | ".join(str(p[x]["group_external"][g]) for x in PERIODS)
        + " |"
        for g in GROUPS
    )
    return f"""# Musterstadt – example dataset (codebook)

> **The data are SYNTHETIC.** Musterstadt is a fictional town; every actor, tie and number was
> generated by `scripts/make_musterstadt.py` from a fixed random seed. Any resemblance to a real
> town, office, organisation or person is not intended. Do not cite these data as empirical
> findings — they exist to demonstrate and test coopnet.

Musterstadt is a mid-sized German town (about 85,000 inhabitants, a *große kreisangehörige Stadt*
in the fictional *Kreis Musterland*). The dataset describes cooperation between municipal
offices (*Ämter*), political bodies, state and federal agencies and local organisations in the
fields of social services, youth, immigration, employment, schools, housing, health and
integration, as reported in a (fictional) network survey in three waves.

## Files

| file | content |
| --- | --- |
| `actors.csv` | one row per actor ({len(actors)} actors, {n_resp} respondents) |
| `ties.csv` | one row per reported cooperation (source, target, type, period) – {len(ties)} rows |
| `dataset.toml` | metadata read by coopnet: name, description, direction, grouping, periods |
| `musterstadt.xlsx` | the same tables as sheets `actors` and `ties` (every cell stored as text) plus a `meta` sheet with the keys of `dataset.toml` |
| `README.md` | this codebook (generated) |

Both CSV files are comma-separated, UTF-8 (no BOM), with a header row; fields containing a comma
are quoted.

## `actors.csv`

| column | meaning |
| --- | --- |
| `id` | short, readable, unique actor code (e.g. `SOZ`, `JUG-ASD`, `ABH`) |
| `label` | German name of the actor |
| `group` | organisational unit (*Dezernat*, *Fachbereich*) or kind of organisation – {len(GROUPS)} groups; the grouping used by default (`group = "group"` in `dataset.toml`) |
| `sector` | `Verwaltung` (municipal or county administration), `Politik` (council, committees, factions, Integrationsrat), `Zivilgesellschaft` (associations, initiatives), `Wirtschaft` (companies, chambers), `Land & Bund` (state and federal agencies; public schools are counted here because teachers are employed by the Land) |
| `level` | `Stadt`, `Kreis`, `Land` or `Bund` – the territorial level the actor belongs to |
| `responded` | `true` if the actor answered the survey, `false` otherwise ({n_resp} of {len(actors)} = {n_resp / len(actors):.0%} responded). Non-respondents never appear as `source`; they appear only when a respondent named them. |
| `periods` | periods in which the actor existed, separated by `;` (`2016;2022`); empty = all periods |

## `ties.csv`

Directed survey data: each row says that the respondent `source` named `target` as a
cooperation partner in `period`, for one type of cooperation, with a frequency.

| column | meaning |
| --- | --- |
| `source` | actor id of the respondent who reported the tie (always `responded = true`) |
| `target` | actor id of the named partner |
| `weight` | frequency of contact: `1` = seltener als quartalsweise (less than quarterly), `2` = quartalsweise (quarterly), `3` = monatlich (monthly), `4` = wöchentlich (weekly) |
| `type` | `Informationsaustausch` (exchange of information), `Koordination` (coordination of cases or measures), `Gemeinsames Projekt` (joint project) |
| `period` | survey wave: `2014`, `2016` or `2022` |

There is at most one row per (source, target, type, period); a respondent who reported several
types of cooperation with the same partner has several rows. There are no self-ties, and both
ends of every tie exist in the period of the tie.

* rows per period: 2014: {counts["2014"]}, 2016: {counts["2016"]}, 2022: {counts["2022"]}
* rows per type: Informationsaustausch {type_counts["Informationsaustausch"]}, Koordination \
{type_counts["Koordination"]}, Gemeinsames Projekt {type_counts["Gemeinsames Projekt"]}
* rows per weight: {", ".join(f"{w}: {n}" for w, n in weight_counts.items())}

## `dataset.toml`

`name`, `description` (states that the data are synthetic), `directed = true` (survey
nominations), `group = "group"` (default grouping attribute), `periods = ["2014", "2016",
"2022"]` (order of the periods) and `symmetrise = "union"` (for undirected measures, a tie exists
if either actor named the other).

## The three periods and the story

* **2014 – "routine".** Everyday administration in departmental silos: most ties run inside a
  group, administration and civil society barely meet, the migrant organisations are peripheral
  (linked to the town only through the Integrationsrat) or isolated.
* **2016 – "crisis".** After the arrival of many refugees in 2015 the town sets up the
  *Lenkungsgruppe Flüchtlingsaufnahme* (task force, exists only in 2016). Together with the
  *Kommunales Integrationszentrum* (KI) it brokers between departments; Ausländerbehörde,
  Jobcenter, Sozialamt, Jugendamt, schools and the new volunteer initiatives start to work
  together. New actors appear (BAMF branch office, Fachdienst UMA, PSZ, volunteer initiatives,
  a Syrian association).
* **2022 – "after".** The task force has been dissolved; some initiatives (Kleiderkammer,
  Begegnungscafé) and the volunteer coordination office are gone, the Willkommensbündnis and
  the Patenschaftsprojekt remain. About half of the cross-group ties that were new in 2016
  persist – mostly those running through the KI – while health and housing fall back into
  their silos. A new Eritrean association is linked only through the Integrationsrat.

Designed structural features (useful as test expectations; all hold for the files as shipped):

* the Deutsch-Russischer Kulturverein (`RUS`), and in 2022 the Eritreische Gemeinde (`ERI`),
  are tied only to the Integrationsrat (`IR`), and the Grundschule Südstadt (`GS-SUED`) only to
  the Staatliches Schulamt (`SSA`): `IR` and `SSA` are articulation points in every period;
* `AFR` and `ITA` are isolates in 2014 (non-respondents nobody named);
* the task force `LG-FA` exists only in 2016; KI and `LG-FA` have the highest betweenness then;
* *Gesundheit* and *Migrantenorganisationen* have no tie at all in 2022;
* the Oberbürgermeisterin (`OB`) and the Jobcenter (`JC`) are named more often than they name
  back, many nominations they receive are unreciprocated (see the table below);
* *Sicherheit* is a group of size 1 (`POL`, a non-respondent); in 2014 *Integration* has only
  one member present (`KI`);
* {len(actors) - n_resp} actors did not respond: they never appear as `source`.

### Figures (computed by `.venv/bin/python scripts/make_musterstadt.py --check`)

Undirected graph per period (union of both directions, larger weight), nodes = actors present
in the period; E-I index = (E − I) / (E + I) over undirected ties with `group` as the grouping
(Krackhardt & Stern 1988); betweenness unweighted and normalised (networkx).

| measure | 2014 | 2016 | 2022 |
| --- | --- | --- | --- |
| actors present | {row(p, "actors")} |
| respondents present | {row(p, "respondents")} |
| tie rows | {row(p, "tie_rows")} |
| directed nominations (distinct source–target) | {row(p, "nominations")} |
| mean out-degree per respondent | {row(p, "mean_outdegree", "{:.2f}")} |
| share of reciprocated nominations | {row(p, "reciprocity", "{:.2f}")} |
| undirected ties | {row(p, "edges")} |
| density | {row(p, "density", "{:.3f}")} |
| external / internal ties | {" | ".join(f"{p[x]['external']} / {p[x]['internal']}" for x in PERIODS)} |
| **E-I index** | {row(p, "ei", "{:+.3f}")} |
| components | {row(p, "components")} |
| isolates | {" | ".join(lst(p[x]["isolates"]) for x in PERIODS)} |
| articulation points | {" | ".join(lst(p[x]["articulation_points"]) for x in PERIODS)} |
| betweenness top 3 | {" | ".join(_fmt_top(p[x]["betweenness_top3"]) for x in PERIODS)} |
| mean weight of tie rows | {row(p, "mean_weight", "{:.2f}")} |
| Oberbürgermeisterin: named by / names / unreciprocated | {row(p, "in_out_OB", "{0[0]} / {0[1]} / {0[2]}")} |
| Jobcenter: named by / names / unreciprocated | {row(p, "in_out_JC", "{0[0]} / {0[1]} / {0[2]}")} |
| pairs of groups without any tie | {" | ".join(str(len(p[x]["empty_group_pairs"])) for x in PERIODS)} |

Cross-group ties new in 2016 (present in 2016, absent in 2014): {fig["new_2016_cross"]}, of which
{fig["new_2016_cross_feasible"]} join actors that still exist in 2022. In 2022
{fig["kept_2022"]} of them persist: {fig["kept_share_feasible"]:.0%} of those that could persist
({fig["kept_share_all"]:.0%} of all; {fig["kept_share_via_ki"]:.0%} of those through the KI,
{fig["kept_share_not_ki"]:.0%} of the others). No tie joins *Gesundheit* and
*Migrantenorganisationen* in 2022.

Ties leaving each group (undirected, cross-group) per period:

| group | actors | 2014 | 2016 | 2022 |
| --- | --- | --- | --- | --- |
{group_rows}

## Actors

| id | label | group | sector | level | responded | periods |
| --- | --- | --- | --- | --- | --- | --- |
{actor_rows}

## Regenerating

```
.venv/bin/python scripts/make_musterstadt.py            # rewrites all files in data/musterstadt/
.venv/bin/python scripts/make_musterstadt.py --check    # also prints the figures above and checks the story
```

The generator uses `random.Random({SEED})`, needs only the standard library, pandas and openpyxl
to write the data (networkx for the figures) and rewrites every file byte-identically.
"""


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    parser.add_argument(
        "--check", action="store_true", help="print the story figures and fail if one is off"
    )
    args = parser.parse_args(argv)
    write_all(args.out)
    if args.check:
        disk_actors = pd.read_csv(args.out / "actors.csv", dtype=str, keep_default_na=False)
        disk_ties = pd.read_csv(args.out / "ties.csv", dtype=str, keep_default_na=False)
        fig = story_figures(disk_actors, disk_ties)
        print(check_text(fig))
        problems = assert_story(fig) + _assert_format(disk_actors, disk_ties)
        for msg in problems:
            print(f"STORY CHECK FAILED: {msg}", file=sys.stderr)
        if problems:
            return 1
        print("all story checks passed")
    return 0


def _assert_format(actors: pd.DataFrame, ties: pd.DataFrame) -> list[str]:
    """Check the format rules of the task (ids, respondents, duplicates, periods)."""
    bad: list[str] = []
    exists = {
        r.id: (r.periods.split(";") if r.periods else list(PERIODS))
        for r in actors.itertuples(index=False)
    }
    resp = dict(zip(actors["id"], actors["responded"], strict=True))
    if actors["id"].duplicated().any():
        bad.append("duplicate actor ids")
    if ties.duplicated(["source", "target", "type", "period"]).any():
        bad.append("duplicate (source, target, type, period)")
    for r in ties.itertuples(index=False):
        if r.source == r.target:
            bad.append(f"self-tie {r.source}")
        if resp[r.source] != "true":
            bad.append(f"non-respondent {r.source} as source")
        if r.period not in exists[r.source] or r.period not in exists[r.target]:
            bad.append(f"tie {r.source}->{r.target} in {r.period} outside actor periods")
        if r.weight not in {"1", "2", "3", "4"} or r.type not in TYPES:
            bad.append(f"bad weight/type in {r}")
    share = (actors["responded"] == "true").mean()
    if not 0.8 <= share <= 0.85:
        bad.append(f"response rate {share:.2f} outside 0.80–0.85")
    return bad


if __name__ == "__main__":
    sys.exit(main())
