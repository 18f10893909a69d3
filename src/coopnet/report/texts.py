"""Texts of the report in German and English: headings, labels and the methods appendix.

Every entry is a ``(German, English)`` pair; :func:`word` picks one. The methods appendix
(:data:`MEASURES`) defines every measure the report shows, with its source, so the report can be
read without the documentation (``docs/measures.md`` has the full definitions and conventions).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final, Literal

from coopnet.report.measures import MEASURES, METHOD_BLOCKS

__all__ = [
    "KEY_FIGURES",
    "MEASURES",
    "METHOD_BLOCKS",
    "TOP_MEASURES",
    "WORDS",
    "Lang",
    "measure_name",
    "word",
]

Lang = Literal["de", "en"]

WORDS: Final[Mapping[str, tuple[str, str]]] = {
    "title": ("Kooperationsnetzwerk {name}", "Cooperation network {name}"),
    "subtitle": ("Netzwerkanalyse der Zusammenarbeit", "Network analysis of cooperation"),
    "contents": ("Inhalt", "Contents"),
    "generated": ("Erstellt mit coopnet {version}", "Generated with coopnet {version}"),
    "options": (
        "Gruppierung: {group} · {direction} · {weighting} · Seed {seed} · "
        "{n_permutations} Permutationen",
        "grouping: {group} · {direction} · {weighting} · seed {seed} · "
        "{n_permutations} permutations",
    ),
    "directed": ("gerichtete Nennungen", "directed nominations"),
    "symmetrised": (
        "symmetrisierte Beziehungen (Regel: {rule})",
        "symmetrised ties (rule: {rule})",
    ),
    "undirected": ("ungerichtete Beziehungen", "undirected ties"),
    "weighted": ("gewichtet (Distanz 1/Gewicht)", "weighted (distance 1/weight)"),
    "unweighted": ("ungewichtet", "unweighted"),
    "synthetic_note": (
        "Dieser Bericht wurde automatisch erzeugt. Die Zahlen beschreiben Muster der "
        "Zusammenarbeit; sie sind ein Anlass zur Diskussion und keine Bewertung der beteiligten "
        "Stellen.",
        "This report was generated automatically. The numbers describe patterns of cooperation; "
        "they are a starting point for discussion, not a judgement of the organisations involved.",
    ),
    # sections
    "summary": ("Datengrundlage", "Data"),
    "findings": ("Befunde", "Findings"),
    "key-figures": ("Kennzahlen je Zeitraum", "Key figures by period"),
    "figures": ("Abbildungen", "Figures"),
    "interactive": ("Interaktive Netzwerkkarte", "Interactive network map"),
    "key-actors": ("Schlüsselakteure", "Key actors"),
    "comparison": ("Vergleich der Zeiträume", "Comparison of periods"),
    "methods": ("Methoden und Definitionen", "Methods and definitions"),
    "files": ("Dateien dieses Berichts", "Files of this report"),
    # data summary
    "source": ("Datensatz", "Dataset"),
    "description": ("Beschreibung", "Description"),
    "n_actors": ("Akteure", "Actors"),
    "n_tie_rows": ("Zeilen der Beziehungstabelle", "Rows of the tie table"),
    "periods": ("Zeiträume", "Periods"),
    "none": ("keine", "none"),
    "tie_types": ("Arten der Zusammenarbeit", "Kinds of cooperation"),
    "response_rate": ("Rücklaufquote der Befragung", "Survey response rate"),
    "response_rate_na": (
        "nicht erhoben (keine Spalte responded)",
        "not recorded (no responded column)",
    ),
    "actors_by": ("Akteure nach {column}", "Actors by {column}"),
    "count": ("Anzahl", "Count"),
    "share": ("Anteil", "Share"),
    "ties_by_period": ("Beziehungen je Zeitraum", "Ties by period"),
    "period": ("Zeitraum", "Period"),
    "actors": ("Akteure", "Actors"),
    "ties": ("Beziehungen", "Ties"),
    "nominations": ("Nennungen", "Nominations"),
    "isolates": ("Isolierte", "Isolates"),
    "reciprocity": ("Reziprozität", "Reciprocity"),
    "unreciprocated": ("Nicht erwidert", "Unreturned"),
    "unobserved_dyads": ("Unbeobachtete Paare", "Unobserved pairs"),
    "arcs": ("Gerichtete Beziehungen", "Directed ties"),
    "ties_by_period_note": (
        "{ties}: verschiedene Paare von Akteuren mit Beziehung (bei gerichteten Daten: Nennende → "
        "Genannte), Arten der Zusammenarbeit zusammengefasst; Nennungen: Zeilen der "
        "Beziehungstabelle. Die Kennzahlen verwenden {kind}. Unbeobachtete Paare: Paare zweier Akteure, die nicht an der Befragung "
        "teilgenommen haben – ob sie zusammenarbeiten, ist unbekannt und wird als „keine "
        "Beziehung“ gezählt.",
        "{ties}: distinct pairs of actors with a tie (in directed data: nominating → nominated), "
        "kinds of cooperation combined; nominations: rows of the tie table. The measures use "
        "{kind}. Unobserved pairs: pairs of two actors who did not answer the survey – whether they "
        "cooperate is unknown and counted as “no tie”.",
    ),
    "types_by_period": (
        "Nennungen nach Art der Zusammenarbeit",
        "Nominations by kind of cooperation",
    ),
    "type": ("Art", "Kind"),
    "total": ("Summe", "Total"),
    "validation": ("Was die Prüfung der Daten ergeben hat", "What validating the data found"),
    "validation_counts": (
        "{read} Akteurzeilen und {tie_rows} Beziehungszeilen gelesen; {self_ties} Selbstbeziehungen "
        "entfernt, {dup_ties} doppelte Beziehungen und {dup_actors} doppelte Akteurzeilen "
        "zusammengeführt; {warnings} Hinweise.",
        "Read {read} actor rows and {tie_rows} tie rows; removed {self_ties} self-ties, merged "
        "{dup_ties} duplicate ties and {dup_actors} duplicate actor rows; {warnings} warnings.",
    ),
    "validation_more": (
        "… und {n} weitere Hinweise (vollständige Liste: tables/validation_issues.csv).",
        "… and {n} more warnings (full list: tables/validation_issues.csv).",
    ),
    "notes": ("Anmerkungen", "Notes"),
    "severity": ("Stufe", "Severity"),
    "code": ("Art", "Code"),
    "file": ("Datei", "File"),
    "row": ("Zeile", "Row"),
    "column": ("Spalte", "Column"),
    "value": ("Wert", "Value"),
    "message": ("Meldung", "Message"),
    # key figures
    "measure": ("Kennzahl", "Measure"),
    "key_figures_note": (
        "Berechnet auf {kind}, {weighting}. Definitionen im Anhang „Methoden und Definitionen“.",
        "Computed on {kind}, {weighting}. Definitions in the appendix “Methods and definitions”.",
    ),
    # figures
    "svg": ("Vektorgrafik (SVG)", "vector graphic (SVG)"),
    "fig_network": ("Kooperationsnetzwerk {period}", "Cooperation network {period}"),
    "fig_network_caption": (
        "Farbe: {group}; Größe: Betweenness (Vermittlung auf kürzesten Wegen). Alle Zeiträume "
        "verwenden dieselbe Anordnung, damit Veränderungen sichtbar werden.",
        "Colour: {group}; size: betweenness (brokerage on shortest paths). All periods use the "
        "same layout so that changes are visible.",
    ),
    "fig_periods": ("Alle Zeiträume nebeneinander", "All periods side by side"),
    "fig_difference": ("Veränderung {a} → {b}", "Change {a} → {b}"),
    "fig_difference_caption": (
        "Grau: beibehaltene Beziehungen; blau: neue Beziehungen; orange gestrichelt: beendete "
        "Beziehungen. Rauten/Quadrate: Akteure, die nur in einem der beiden Zeiträume existieren.",
        "Grey: ties kept; blue: new ties; dashed orange: ties that ended. Diamonds/squares: "
        "actors that exist in only one of the two periods.",
    ),
    "fig_mixing": ("Dichte zwischen den Gruppen {period}", "Density between groups {period}"),
    "fig_mixing_caption": (
        "Anteil der möglichen Beziehungen, die zwischen zwei Gruppen (Diagonale: innerhalb einer "
        "Gruppe) bestehen. Leere Felder außerhalb der Diagonale sind Gruppen, die nicht "
        "zusammenarbeiten.",
        "Share of the possible ties that exist between two groups (diagonal: within a group). "
        "Empty cells off the diagonal are groups that do not cooperate.",
    ),
    "fig_ranking": (
        "Betweenness {period}: die wichtigsten Vermittler",
        "Betweenness {period}: the main brokers",
    ),
    "fig_fragmentation": ("Verwundbarkeit {period}", "Vulnerability {period}"),
    "fig_fragmentation_caption": (
        "Fragmentierung (Anteil der Akteurspaare ohne Verbindung), wenn die Schlüsselakteure "
        "nacheinander wegfallen (Borgatti 2006, gierige Suche).",
        "Fragmentation (share of pairs of actors without a connection) as the key players drop "
        "out one after another (Borgatti 2006, greedy search).",
    ),
    "fig_ei": (
        "E-I-Index der Gruppen über die Zeiträume",
        "E-I index of the groups over the periods",
    ),
    "fig_ei_caption": (
        "−1: nur Beziehungen innerhalb der Gruppe (Silo), +1: nur Beziehungen zu anderen Gruppen.",
        "−1: only ties inside the group (silo), +1: only ties to other groups.",
    ),
    # interactive
    "interactive_intro": (
        "Die interaktiven Karten lassen sich im Browser ohne Internetverbindung öffnen: Akteure "
        "suchen, Gruppen und Arten der Zusammenarbeit filtern, Kennzahlen per Mausklick anzeigen.",
        "The interactive maps open in a browser without internet access: search actors, filter "
        "groups and kinds of cooperation, click an actor to see its measures.",
    ),
    "interactive_networks": ("Netzwerk je Zeitraum", "Network by period"),
    "interactive_comparisons": ("Vergleich zweier Zeiträume", "Comparison of two periods"),
    "interactive_print": (
        "Die interaktive Karte ist in der gedruckten Fassung nicht enthalten; die Dateien liegen "
        "im Berichtsordner.",
        "The interactive map is not part of the printed version; the files are in the report "
        "folder.",
    ),
    "iframe_title": ("Interaktive Netzwerkkarte", "Interactive network map"),
    # key actors
    "key_actors_intro": (
        "Die fünf Akteure mit den höchsten Werten je Kennzahl (bei Constraint: den niedrigsten) "
        "und Zeitraum. Vollständige Tabellen: tables/actors_<Zeitraum>.csv.",
        "The five actors with the highest values per measure (for constraint: the lowest) and "
        "period. Full tables: tables/actors_<period>.csv.",
    ),
    "rank": ("Rang", "Rank"),
    "key_players": ("Schlüsselakteure für den Zusammenhalt", "Key players for cohesion"),
    "key_players_intro": (
        "Die Akteure, deren gemeinsamer Wegfall das Netzwerk am stärksten zerteilt (Borgatti "
        "2006, KPP-Neg).",
        "The actors whose joint removal breaks the network apart the most (Borgatti 2006, "
        "KPP-Neg).",
    ),
    "fragmentation_after": ("Fragmentierung danach", "Fragmentation after"),
    "gain": ("Zuwachs", "Increase"),
    # findings
    "findings_intro": (
        "Automatisch aus den Kennzahlen abgeleitete Befunde, nach Dringlichkeit geordnet. "
        "Jeder Befund nennt die Zahlen, auf denen er beruht, und eine Frage für einen Workshop.",
        "Findings derived automatically from the measures, ordered by urgency. Each finding "
        "gives the numbers it rests on and a question for a workshop.",
    ),
    "no_findings": ("Keine Befunde.", "No findings."),
    "findings_minor": ("Weitere Befunde (niedrig, Info)", "Further findings (low, info)"),
    "finding": ("Befund und Frage für den Workshop", "Finding and question for the workshop"),
    "evidence": ("Kennzahlen", "Evidence"),
    "question": ("Frage für den Workshop", "Question for the workshop"),
    "whole_network": ("Gesamtnetzwerk", "Whole network"),
    "sev_high": ("hoch", "high"),
    "sev_medium": ("mittel", "medium"),
    "sev_low": ("niedrig", "low"),
    "sev_info": ("Info", "info"),
    "findings_counts": ("{n} Befunde: {counts}", "{n} findings: {counts}"),
    # comparison
    "comparison_none": (
        "Die Daten haben weniger als zwei Zeiträume; es gibt nichts zu vergleichen.",
        "The data have fewer than two periods; there is nothing to compare.",
    ),
    "churn": (
        "Beziehungen, die bestehen blieben, hinzukamen oder endeten",
        "Ties kept, added and ended",
    ),
    "pair": ("Zeiträume", "Periods"),
    "kept": ("beibehalten", "kept"),
    "added": ("neu", "added"),
    "removed": ("beendet", "ended"),
    "jaccard": ("Jaccard", "Jaccard"),
    "cross_added": ("neu zwischen Gruppen", "added across groups"),
    "cross_removed": ("beendet zwischen Gruppen", "ended across groups"),
    "qap": ("QAP-Korrelation (p)", "QAP correlation (p)"),
    "ei_change": ("E-I-Index vorher → nachher", "E-I index before → after"),
    "change_tests": (
        "Veränderung jenseits des Zufalls? (Permutationstest)",
        "Change beyond chance? (permutation test)",
    ),
    "change_tests_intro": (
        "Für die Akteure, die in beiden Zeiträumen vorkommen: Wie wahrscheinlich wäre eine so "
        "große Veränderung, wenn beide Zeiträume nur zwei zufällige Aufnahmen desselben Netzes "
        "wären? Dazu werden die Zustände jedes Akteurspaares zwischen den Zeiträumen zufällig "
        "vertauscht. Ein kleiner p-Wert (unter 0,05) spricht für eine echte Veränderung.",
        "For the actors present in both periods: how likely would a change this large be if "
        "the two periods were just two random snapshots of the same network? The tie states of "
        "each pair of actors are swapped between the periods at random. A small p-value (below "
        "0.05) points to a real change.",
    ),
    "change_measure": ("Maß", "Measure"),
    "value_change": ("vorher → nachher", "before → after"),
    "change": ("Veränderung", "change"),
    "p_value": ("p", "p"),
    "density": ("Dichte", "density"),
    "cross_group_density": ("Dichte zwischen Gruppen", "cross-group density"),
    "ei_index": ("E-I-Index", "E-I index"),
    "entered": ("neue Akteure", "actors entered"),
    "left": ("ausgeschiedene Akteure", "actors left"),
    "persistence": (
        "Was aus den Strukturen von {middle} wurde",
        "What became of the {middle} structures",
    ),
    "persistence_intro": (
        "Beziehungen, die {middle} neu waren (gegenüber {first}), und ob sie {last} noch "
        "bestanden. „Fortbestehend“ zählt nur Beziehungen, deren beide Akteure {last} noch "
        "existieren (Anteil fortbestehend).",
        "Ties that were new in {middle} (compared with {first}) and whether they still existed in "
        "{last}. The retention counts only ties whose two actors still exist in {last}.",
    ),
    "all_ties": ("alle neuen Beziehungen", "all new ties"),
    "cross_ties": ("davon zwischen Gruppen", "of which across groups"),
    "new": ("neu", "new"),
    "sustained": ("fortbestehend", "sustained"),
    "temporary": ("abgebrochen", "ended"),
    "lost_with_actor": ("mit Akteur verschwunden", "lost with an actor"),
    "retention": ("Anteil fortbestehend", "Retention"),
    "brokers": ("Vermittler (Top 5 Betweenness)", "Brokers (top 5 betweenness)"),
    "brokers_kept": ("weiterhin Vermittler", "still brokers"),
    "brokers_lost": ("Rolle verloren", "lost the role"),
    "brokers_disappeared": ("nicht mehr vorhanden", "no longer present"),
    "brokers_new": ("neue Vermittler", "new brokers"),
    "ei_by_group": ("E-I-Index je Gruppe und Zeitraum", "E-I index by group and period"),
    "group": ("Gruppe", "Group"),
    "overall": ("Gesamtnetzwerk", "whole network"),
    "comparison_link": ("Interaktiver Vergleich", "Interactive comparison"),
    # methods
    "methods_intro": (
        "Die Definitionen folgen der Literatur der sozialen Netzwerkanalyse; die Konventionen "
        "(Normierung, Richtung, Gewichte, isolierte Akteure) beschreibt die Dokumentation "
        "„measures“, die mit coopnet installiert ist (Befehl: coopnet docs measures).",
        "The definitions follow the social network analysis literature; the conventions "
        "(normalisation, direction, weights, isolated actors) are described in the document "
        "'measures' installed with coopnet (command: coopnet docs measures).",
    ),
    "methods_provenance": (
        "Herkunft: provenance.json in diesem Ordner nennt den Befehl, alle Analyseoptionen, die "
        "Versionen von coopnet, Python, networkx und pandas und die SHA-256-Prüfsummen der "
        "Eingabedateien – damit lässt sich der Bericht genau wiederholen.",
        "Provenance: provenance.json in this folder records the command, every analysis option, "
        "the versions of coopnet, Python, networkx and pandas and the SHA-256 checksums of the "
        "input files, so the report can be reproduced exactly.",
    ),
    "definition": ("Definition", "Definition"),
    "reference": ("Quelle", "Source"),
    "actor_measures": ("Kennzahlen der Akteure", "Actor measures"),
    "network_measures": ("Kennzahlen des Netzwerks und der Gruppen", "Network and group measures"),
    "comparison_measures": ("Vergleich der Zeiträume", "Comparison of periods"),
    "data_handling": ("Umgang mit den Daten", "Data handling"),
    "data_handling_text": (
        "Gerichtete Nennungen werden für die meisten Kennzahlen symmetrisiert (Regel „union“: "
        "eine Beziehung, wenn einer der beiden den anderen nennt; „mutual“: beide müssen sich "
        "nennen). Paare zweier Akteure ohne Befragungsteilnahme sind unbeobachtet und zählen als "
        "„keine Beziehung“; Dichte, Komponenten und Fragmentierung sind daher Untergrenzen "
        "(Stork & Richards 1992).",
        "Directed nominations are symmetrised for most measures (rule “union”: a tie when either "
        "names the other; “mutual”: both must name each other). Pairs of two actors who did not "
        "answer the survey are unobserved and count as “no tie”; density, components and "
        "fragmentation are therefore lower bounds (Stork & Richards 1992).",
    ),
    "files_text": (
        "index.html (dieser Bericht), findings.md und findings.json (Befunde), "
        "network_<Zeitraum>.html und comparison_<Zeitraum>_<Zeitraum>.html (interaktive Karten), "
        "tables/ (alle Tabellen als CSV und tables/tables.xlsx), figures/ (Abbildungen als PNG "
        "und SVG).",
        "index.html (this report), findings.md and findings.json (findings), "
        "network_<period>.html and comparison_<period>_<period>.html (interactive maps), "
        "tables/ (every table as CSV and tables/tables.xlsx), figures/ (figures as PNG and SVG).",
    ),
    "yes": ("ja", "yes"),
    "no": ("nein", "no"),
}

#: Network-level keys shown in the key-figures table, in order.
KEY_FIGURES: Final[tuple[str, ...]] = (
    "n_actors", "n_ties", "density", "reciprocity", "components", "largest_component_share",
    "fragmentation", "distance_fragmentation", "degree_centralization",
    "betweenness_centralization", "transitivity", "average_path_length", "ei_index",
    "ei_p_value", "modularity", "assortativity", "n_communities", "community_nmi",
)  # fmt: skip

#: Actor measures of the key-actor tables: ``(column, ascending)``; constraint: low is notable.
TOP_MEASURES: Final[tuple[tuple[str, bool], ...]] = (
    ("degree", False),
    ("betweenness", False),
    ("eigenvector", False),
    ("broker_total", False),
    ("effective_size", False),
    ("constraint", True),
)


def word(key: str, lang: Lang, **values: object) -> str:
    """Return the text ``key`` in ``lang``, filled with ``values`` (``str.format``)."""
    de, en = WORDS[key]
    template = de if lang == "de" else en
    return template.format(**values) if values else template


def measure_name(key: str, lang: Lang) -> str:
    """Return the display name of a measure (the key itself when unknown)."""
    entry = MEASURES.get(key)
    if entry is None:
        return key
    return entry[0] if lang == "de" else entry[1]
