"""The methods appendix of the report: every measure it shows, defined, with its source.

``MEASURES[key] = (name de, name en, definition de, definition en, source)``; the full
definitions, normalisations and conventions are in ``docs/measures.md``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

__all__ = ["MEASURES", "METHOD_BLOCKS"]

#: Every measure of the report: ``key: (name de, name en, definition de, definition en, source)``.
MEASURES: Final[Mapping[str, tuple[str, str, str, str, str]]] = {
    # actor measures
    "degree": (
        "Grad", "Degree",
        "Zahl der Partner eines Akteurs; bei gerichteten Daten eingehende plus ausgehende Nennungen.",
        "Number of partners of an actor; in directed data incoming plus outgoing nominations.",
        "Freeman (1979); networkx degree",
    ),
    "strength": (
        "Stärke", "Strength",
        "Summe der Gewichte der Beziehungen eines Akteurs.",
        "Sum of the weights of an actor's ties.",
        "Barrat et al. (2004)",
    ),
    "betweenness": (
        "Betweenness", "Betweenness",
        "Anteil der kürzesten Wege zwischen zwei anderen Akteuren, die über den Akteur laufen "
        "(normiert mit (n−1)(n−2)/2): Vermittlung und Kontrolle von Informationsflüssen.",
        "Share of the shortest paths between two other actors that pass through the actor "
        "(normalised by (n−1)(n−2)/2): brokerage and control of information flows.",
        "Freeman (1977); Brandes (2001); python-igraph betweenness (exact with weights)",
    ),
    "closeness": (
        "Closeness", "Closeness",
        "Kehrwert der mittleren Distanz zu den erreichbaren Akteuren, skaliert mit dem erreichbaren "
        "Anteil (Wasserman & Faust).",
        "Inverse mean distance to the reachable actors, scaled by the reachable share "
        "(Wasserman & Faust).",
        "Freeman (1979); Wasserman & Faust (1994)",
    ),
    "harmonic": (
        "Harmonische Zentralität", "Harmonic centrality",
        "Summe der Kehrwerte der Distanzen zu allen anderen Akteuren (0 für nicht erreichbare).",
        "Sum of the inverse distances to all other actors (0 for unreachable ones).",
        "Marchiori & Latora (2000); Rochat (2009)",
    ),
    "eigenvector": (
        "Eigenvektor-Zentralität", "Eigenvector centrality",
        "Ein Akteur ist zentral, wenn seine Partner zentral sind (führender Eigenvektor der "
        "symmetrisierten Adjazenzmatrix).",
        "An actor is central when its partners are central (leading eigenvector of the "
        "symmetrised adjacency matrix).",
        "Bonacich (1972); networkx eigenvector_centrality_numpy",
    ),
    "pagerank": (
        "PageRank", "PageRank",
        "Anteil der Zeit, die ein Zufallsläufer entlang der gerichteten Nennungen beim Akteur "
        "verbringt (Dämpfung 0,85).",
        "Share of time a random walker following the directed nominations spends at the actor "
        "(damping 0.85).",
        "Brin & Page (1998); networkx pagerank",
    ),
    "constraint": (
        "Constraint (niedrig = Vermittlungschancen)", "Constraint (low = brokerage opportunities)",
        "Wie stark die Partner eines Akteurs untereinander verbunden sind; niedrige Werte: der "
        "Akteur überbrückt strukturelle Löcher.",
        "How strongly an actor's partners are tied to each other; low values: the actor spans "
        "structural holes.",
        "Burt (1992); networkx constraint",
    ),
    "effective_size": (
        "Effektive Größe", "Effective size",
        "Zahl der Partner abzüglich ihrer Redundanz (Partner, die untereinander verbunden sind).",
        "Number of partners minus their redundancy (partners tied to each other).",
        "Burt (1992); Borgatti (1997)",
    ),
    "broker_total": (
        "Vermittlerrollen (gesamt)", "Brokerage roles (total)",
        "Zahl der Zweischritte a→b→c zwischen nicht verbundenen Akteuren, in denen der Akteur b "
        "vermittelt, nach Gruppenzugehörigkeit unterschieden (Koordinator, Itinerant, Repräsentant, "
        "Gatekeeper, Liaison).",
        "Number of two-paths a→b→c between unconnected actors in which the actor b brokers, "
        "classified by group membership (coordinator, itinerant, representative, gatekeeper, "
        "liaison).",
        "Gould & Fernandez (1989); statnet sna brokerage",
    ),
    "cut_vertex": (
        "Artikulationspunkt", "Cut vertex",
        "Akteur, dessen Wegfall das Netzwerk in mehr Teile zerfallen lässt.",
        "Actor whose removal splits the network into more parts.",
        "Hopcroft & Tarjan (1973); networkx articulation_points",
    ),
    "core_number": (
        "k-Kern", "Core number",
        "Größtes k, so dass der Akteur zu einer Teilgruppe gehört, in der jeder mindestens k "
        "Partner hat.",
        "Largest k such that the actor belongs to a subgroup in which everyone has at least k "
        "partners.",
        "Seidman (1983); networkx core_number",
    ),
    "partner_diversity": (
        "Vielfalt der Partner", "Partner diversity",
        "Blau-Index 1 − Σ p²  der Gruppen der Partner: 0 = alle Partner in einer Gruppe.",
        "Blau index 1 − Σ p² of the partners' groups: 0 = all partners in one group.",
        "Blau (1977)",
    ),
    "community": (
        "Informelle Gemeinschaft", "Informal community",
        "Gemeinschaften, die die Modularität maximieren (Louvain, fester Seed).",
        "Communities that maximise modularity (Louvain, fixed seed).",
        "Blondel et al. (2008); coopnet Louvain (as networkx louvain_communities, own seeded order)",
    ),
    # network and group measures
    "n_actors": (
        "Akteure", "Actors", "Zahl der Akteure im Zeitraum (auch isolierte).",
        "Number of actors in the period (isolates included).", "—",
    ),
    "n_ties": (
        "Beziehungen", "Ties", "Zahl der Beziehungen (Kanten) des analysierten Netzwerks.",
        "Number of ties (edges) of the analysed network.", "—",
    ),
    "density": (
        "Dichte", "Density",
        "Anteil der möglichen Beziehungen, die bestehen: m / (n(n−1)/2).",
        "Share of possible ties that exist: m / (n(n−1)/2).",
        "Wasserman & Faust (1994)",
    ),
    "reciprocity": (
        "Reziprozität", "Reciprocity",
        "Anteil der Nennungen unter Befragten, die erwidert werden.",
        "Share of nominations among respondents that are returned.",
        "Wasserman & Faust (1994)",
    ),
    "components": (
        "Komponenten", "Components",
        "Zahl der Teile des Netzwerks ohne Verbindung untereinander (isolierte Akteure zählen "
        "einzeln).",
        "Number of parts of the network without a connection between them (isolates count "
        "singly).",
        "networkx number_weakly_connected_components",
    ),
    "largest_component_share": (
        "Anteil größte Komponente", "Largest component share",
        "Anteil der Akteure im größten zusammenhängenden Teil.",
        "Share of the actors in the largest connected part.", "—",
    ),
    "fragmentation": (
        "Fragmentierung", "Fragmentation",
        "Anteil der Akteurspaare, die einander nicht erreichen können (0 = zusammenhängend, "
        "1 = nur Isolierte).",
        "Share of pairs of actors that cannot reach each other (0 = connected, 1 = only "
        "isolates).",
        "Borgatti (2006)",
    ),
    "distance_fragmentation": (
        "Distanz-Fragmentierung", "Distance fragmentation",
        "1 minus der mittlere Kehrwert der Distanz über alle Paare: berücksichtigt auch lange "
        "Wege.",
        "1 minus the mean inverse distance over all pairs: also accounts for long paths.",
        "Borgatti (2006)",
    ),
    "degree_centralization": (
        "Grad-Zentralisierung", "Degree centralization",
        "Wie stark sich die Beziehungen auf einen Akteur konzentrieren (0 = gleich verteilt, "
        "1 = Stern).",
        "How strongly ties concentrate on one actor (0 = evenly spread, 1 = star).",
        "Freeman (1979)",
    ),
    "betweenness_centralization": (
        "Betweenness-Zentralisierung", "Betweenness centralization",
        "Wie stark die Vermittlung bei einem Akteur liegt (0 = gleich verteilt, 1 = Stern).",
        "How strongly brokerage lies with one actor (0 = evenly spread, 1 = star).",
        "Freeman (1979)",
    ),
    "transitivity": (
        "Transitivität", "Transitivity",
        "Anteil der geschlossenen Dreiecke an den Zweischritten: Partner eines Akteurs arbeiten "
        "auch miteinander.",
        "Share of closed triangles among two-paths: the partners of an actor also cooperate.",
        "Wasserman & Faust (1994); networkx transitivity",
    ),
    "average_path_length": (
        "Mittlere Weglänge", "Average path length",
        "Mittlere Zahl der Schritte zwischen zwei einander erreichbaren Akteuren.",
        "Mean number of steps between two actors that can reach each other.", "—",
    ),
    "ei_index": (
        "E-I-Index", "E-I index",
        "(Beziehungen zu anderen Gruppen − Beziehungen in der eigenen Gruppe) / alle Beziehungen; "
        "−1 = Silo, +1 = nur nach außen.",
        "(ties to other groups − ties inside the group) / all ties; −1 = silo, +1 = only outward.",
        "Krackhardt & Stern (1988)",
    ),
    "ei_p_value": (
        "p-Wert E-I (Permutationstest)", "E-I p-value (permutation test)",
        "Anteil zufälliger Gruppenzuordnungen (gleiche Gruppengrößen) mit einem ebenso niedrigen "
        "E-I-Index; klein = mehr Abschottung als zufällig.",
        "Share of random group assignments (same group sizes) with an E-I index as low; small = "
        "more closure than chance.",
        "Krackhardt & Stern (1988); UCINET E-I",
    ),
    "modularity": (
        "Modularität der Gruppen", "Modularity of the groups",
        "Wie viel mehr Beziehungen innerhalb der formalen Gruppen liegen als bei zufälliger "
        "Verteilung.",
        "How many more ties lie inside the formal groups than under random wiring.",
        "Newman (2006)",
    ),
    "assortativity": (
        "Assortativität", "Assortativity",
        "Neigung, mit Akteuren der eigenen Gruppe zusammenzuarbeiten (−1 bis 1).",
        "Tendency to cooperate with actors of one's own group (−1 to 1).",
        "Newman (2003); networkx attribute_assortativity_coefficient",
    ),
    "n_communities": (
        "Informelle Gemeinschaften", "Informal communities",
        "Zahl der Louvain-Gemeinschaften.", "Number of Louvain communities.",
        "Blondel et al. (2008)",
    ),
    "community_nmi": (
        "Übereinstimmung Gemeinschaften/Gruppen (NMI)", "Communities vs. groups (NMI)",
        "Normierte Transinformation zwischen informellen Gemeinschaften und formalen Gruppen "
        "(1 = identisch).",
        "Normalised mutual information between informal communities and formal groups "
        "(1 = identical).",
        "Danon et al. (2005)",
    ),
    "mixing": (
        "Blockdichte", "Block density",
        "Dichte der Beziehungen zwischen zwei Gruppen (Anteil der möglichen Paare).",
        "Density of ties between two groups (share of possible pairs).",
        "Wasserman & Faust (1994)",
    ),
    "key_players": (
        "Schlüsselakteure (KPP-Neg)", "Key players (KPP-Neg)",
        "Die k Akteure, deren Wegfall die Fragmentierung am stärksten erhöht (gierige Suche).",
        "The k actors whose removal raises fragmentation the most (greedy search).",
        "Borgatti (2006)",
    ),
    # comparison
    "jaccard": (
        "Jaccard-Index", "Jaccard index",
        "Beibehaltene Beziehungen / Beziehungen in mindestens einem der beiden Zeiträume.",
        "Ties kept / ties in at least one of the two periods.",
        "Jaccard (1901)",
    ),
    "qap": (
        "QAP-Korrelation", "QAP correlation",
        "Korrelation der Beziehungsmatrizen zweier Zeiträume; p-Wert durch Permutation der "
        "Akteure.",
        "Correlation of the tie matrices of two periods; p-value by permuting the actors.",
        "Krackhardt (1987); statnet sna qaptest",
    ),
    "persistence": (
        "Fortbestand", "Persistence",
        "Anteil der im mittleren Zeitraum neuen Beziehungen, die im letzten Zeitraum noch "
        "bestehen (nur Paare, deren Akteure noch existieren).",
        "Share of the ties new in the middle period that still exist in the last period (only "
        "pairs whose actors still exist).",
        "coopnet (Definition: coopnet docs measures)",
    ),
}  # fmt: skip

#: Which keys of :data:`MEASURES` belong to which block of the methods appendix.
METHOD_BLOCKS: Final[tuple[tuple[str, tuple[str, ...]], ...]] = (
    ("actor_measures", (
        "degree", "strength", "betweenness", "closeness", "harmonic", "eigenvector", "pagerank",
        "constraint", "effective_size", "broker_total", "cut_vertex", "core_number",
        "partner_diversity", "community",
    )),
    ("network_measures", (
        "density", "reciprocity", "components", "largest_component_share", "fragmentation",
        "distance_fragmentation", "degree_centralization", "betweenness_centralization",
        "transitivity", "average_path_length", "ei_index", "ei_p_value", "modularity",
        "assortativity", "n_communities", "community_nmi", "mixing", "key_players",
    )),
    ("comparison_measures", ("jaccard", "qap", "persistence")),
)  # fmt: skip
