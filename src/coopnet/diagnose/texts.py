"""The wording of the findings in German (default) and English.

Every finding is worded from a template keyed by ``(code, variant)``; singular forms use the key
``(code, variant + ":one")`` when the data's ``n`` is 1. Values are formatted by the name of
their key (see :func:`format_value`): German uses a decimal comma and ``54 %``, English a decimal
point and ``54%``. Groups and actors are quoted („…“ / "…") and named by their labels.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any, Final

from coopnet.lang import check_lang, number

__all__ = ["MEASURES", "evidence", "format_value", "question", "statement"]

# ----------------------------------------------------------------------------------------------
# names of the evidence measures
# ----------------------------------------------------------------------------------------------
MEASURES: Final[Mapping[str, tuple[str, str]]] = {
    "ei_index": ("E-I-Index", "E-I index"),
    "ei_expected": ("E-I-Index bei zufälliger Gruppenzuordnung", "E-I index under random groups"),
    "ei_p_value": (
        "p-Wert (Permutationstest, mehr interne Beziehungen)",
        "p-value (permutation test, more internal ties)",
    ),
    "ei_before": ("E-I-Index vorher", "E-I index before"),
    "ei_after": ("E-I-Index nachher", "E-I index after"),
    "internal_ties": ("Beziehungen innerhalb der Gruppe", "ties inside the group"),
    "external_ties": ("Beziehungen zu anderen Gruppen", "ties to other groups"),
    "n_actors": ("Akteure", "actors"),
    "ties": ("Beziehungen", "ties"),
    "ties_previous": ("Beziehungen in der Vorperiode", "ties in the previous period"),
    "n_missing_pairs": ("Gruppenpaare ohne Beziehung", "pairs of groups without a tie"),
    "via_share": (
        "Anteil der kürzesten Wege über einen Akteur",
        "share of shortest paths through one actor",
    ),
    "relevance": ("Relevanz (Rangfolge)", "relevance (ranking)"),
    "cut_off": ("abgeschnittene Akteure", "actors cut off"),
    "degree": ("Zahl der Partner", "number of partners"),
    "cross_group_path_share": (
        "Anteil der gruppenübergreifenden kürzesten Wege",
        "share of cross-group shortest paths",
    ),
    "betweenness": ("Betweenness", "betweenness"),
    "betweenness_before": ("Betweenness vorher", "betweenness before"),
    "betweenness_after": ("Betweenness nachher", "betweenness after"),
    "fragmentation_before": ("Fragmentierung vorher", "fragmentation before"),
    "fragmentation_after": ("Fragmentierung ohne den Akteur", "fragmentation without the actor"),
    "cross_group_reachability_after": (
        "erreichbare gruppenübergreifende Paare ohne den Akteur",
        "cross-group pairs still connected without the actor",
    ),
    "isolates": ("isolierte Akteure", "isolated actors"),
    "non_respondents": ("davon ohne Teilnahme an der Befragung", "of which did not respond"),
    "peripheral": ("Akteure mit nur einer Beziehung", "actors with a single tie"),
    "unreciprocated": ("nicht erwiderte Nennungen", "unreturned nominations"),
    "nominations": ("Nennungen", "nominations"),
    "unreciprocated_share": (
        "Anteil nicht erwiderter Nennungen",
        "share of unreturned nominations",
    ),
    "cross_ties_before": ("gruppenübergreifende Beziehungen vorher", "cross-group ties before"),
    "cross_ties_after": ("gruppenübergreifende Beziehungen nachher", "cross-group ties after"),
    "cross_density_before": ("Dichte zwischen den Gruppen vorher", "cross-group density before"),
    "cross_density_after": ("Dichte zwischen den Gruppen nachher", "cross-group density after"),
    "cross_new": ("neue gruppenübergreifende Beziehungen", "new cross-group ties"),
    "cross_sustained": ("davon fortbestehend", "of which sustained"),
    "cross_temporary": ("davon abgebrochen", "of which ended"),
    "cross_lost_with_actor": ("davon mit einem Akteur verschwunden", "of which lost with an actor"),
    "cross_retention": (
        "Anteil fortbestehend (Akteure noch vorhanden)",
        "share sustained (actors still present)",
    ),
    "retention_via_broker": ("fortbestehend, über den Vermittler", "sustained, through the broker"),
    "retention_other": ("fortbestehend, übrige", "sustained, others"),
}

_PERCENT_KEYS: Final = ("share", "retention", "reachability")


# ----------------------------------------------------------------------------------------------
# number and list formatting
# ----------------------------------------------------------------------------------------------
def _decimal(value: float, digits: int, lang: str, *, signed: bool = False) -> str:
    return number(value, check_lang(lang), digits=digits, signed=signed, grouping=False)


def _quote(text: str, lang: str) -> str:
    return f"„{text}“" if lang == "de" else f"“{text}”"


def _join(items: Sequence[str], lang: str) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    last = " und " if lang == "de" else " and "
    return ", ".join(items[:-1]) + last + items[-1]


def format_value(key: str, value: Any, lang: str) -> str:
    """Format one template value by the name of its key.

    * lists: quoted labels joined with commas and "und"/"and" (``…_plain`` keys unquoted); an
      integer item is an overflow count ("3 weitere" / "3 more");
    * keys containing ``p_value``: three decimals, ``< 0,001`` below;
    * keys starting with ``ei``: signed, two decimals (``-0,45``);
    * keys containing ``share``, ``retention`` or ``reachability``: percent without decimals;
    * other floats: two decimals (three below 0.1); ints as they are; ``None``: ``–``;
    * strings ending in ``_label`` or named ``group``, ``group_a``, ``group_b``, ``broker``:
      quoted; other strings as they are.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(value, list | tuple):
        items = []
        for v in value:
            if isinstance(v, int) and not isinstance(v, bool):  # overflow count
                items.append(f"{v} weitere" if lang == "de" else f"{v} more")
            else:
                items.append(str(v) if key.endswith("_plain") else _quote(str(v), lang))
        return _join(items, lang)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if any(k in key for k in _PERCENT_KEYS):
            number = f"{round(100 * value):d}"
            return f"{number} %" if lang == "de" else f"{number}%"
        if "p_value" in key:
            if value < 0.001:
                return "< 0,001" if lang == "de" else "< 0.001"
            return _decimal(value, 3, lang)
        if key.startswith("ei"):
            return _decimal(value, 2, lang, signed=True)
        return _decimal(value, 3 if abs(value) < 0.1 and value != 0 else 2, lang)
    text = str(value)
    if key.endswith("_label") or key in ("group", "group_a", "group_b"):
        return _quote(text, lang)
    return text


# ----------------------------------------------------------------------------------------------
# templates: (code, variant) -> (German, English)
# ----------------------------------------------------------------------------------------------
_STATEMENTS: Final[Mapping[tuple[str, str], tuple[str, str]]] = {
    ("silo_group", ""): (
        "Die Gruppe {group} arbeitet vor allem nach innen: {internal_ties} Beziehungen innerhalb, "
        "nur {external_ties} zu anderen Gruppen (E-I-Index {ei_index}).",
        "The group {group} works mainly inwards: {internal_ties} ties inside, only "
        "{external_ties} to other groups (E-I index {ei_index}).",
    ),
    ("silo_network", "strong"): (
        "Die Zusammenarbeit bleibt weitgehend in den Gruppen: {internal_share} aller Beziehungen "
        "verlaufen innerhalb der eigenen Gruppe (E-I-Index {ei_index}).",
        "Cooperation mostly stays inside the groups: {internal_share} of all ties run within "
        "the own group (E-I index {ei_index}).",
    ),
    ("silo_network", "mild"): (
        "Etwas mehr Beziehungen verlaufen innerhalb der Gruppen als zwischen ihnen "
        "(E-I-Index {ei_index}).",
        "Slightly more ties run within the groups than between them (E-I index {ei_index}).",
    ),
    ("integrated_network", ""): (
        "Mehr Beziehungen verlaufen zwischen den Gruppen als innerhalb: {external_share} aller "
        "Beziehungen verbinden verschiedene Gruppen (E-I-Index {ei_index}).",
        "More ties run between the groups than within them: {external_share} of all ties join "
        "different groups (E-I index {ei_index}).",
    ),
    ("integrated_network", "brokered"): (
        "Mehr Beziehungen verlaufen zwischen den Gruppen als innerhalb: {external_share} aller "
        "Beziehungen verbinden verschiedene Gruppen (E-I-Index {ei_index}); die wichtigsten "
        "Vermittler sind {broker_labels}.",
        "More ties run between the groups than within them: {external_share} of all ties join "
        "different groups (E-I index {ei_index}); the main brokers are {broker_labels}.",
    ),
    ("missing_group_pair", ""): (
        "Zwischen den Gruppen {group_a} und {group_b} gibt es keine direkte Kooperationsbeziehung.",
        "There is no direct cooperation tie between the groups {group_a} and {group_b}.",
    ),
    ("missing_group_pair", "lost"): (
        "Zwischen den Gruppen {group_a} und {group_b} gibt es keine direkte "
        "Kooperationsbeziehung mehr (Beziehungen {previous}: {ties_previous}).",
        "The groups {group_a} and {group_b} no longer have a direct cooperation tie (ties in "
        "{previous}: {ties_previous}).",
    ),
    ("missing_group_pair", "via"): (
        "Die Gruppen {group_a} und {group_b} haben keine direkte Kooperationsbeziehung; "
        "{via_share} der kürzesten Verbindungen zwischen ihnen laufen über den Akteur "
        "{broker_label}.",
        "The groups {group_a} and {group_b} have no direct cooperation tie; {via_share} of the "
        "shortest connections between them run through {broker_label}.",
    ),
    ("missing_group_pair", "only_via"): (
        "Die Gruppen {group_a} und {group_b} sind nur über den Akteur {broker_label} "
        "miteinander verbunden.",
        "The groups {group_a} and {group_b} are connected only through {broker_label}.",
    ),
    ("missing_group_pair", "lost_via"): (
        "Die Gruppen {group_a} und {group_b} haben keine direkte Kooperationsbeziehung mehr "
        "(Beziehungen {previous}: {ties_previous}); {via_share} der kürzesten Verbindungen "
        "zwischen ihnen laufen über den Akteur {broker_label}.",
        "The groups {group_a} and {group_b} no longer have a direct tie (ties in {previous}: "
        "{ties_previous}); {via_share} of the shortest connections between them run through "
        "{broker_label}.",
    ),
    ("missing_group_pair", "unconnected"): (
        "Die Gruppen {group_a} und {group_b} sind nicht einmal indirekt miteinander verbunden.",
        "The groups {group_a} and {group_b} are not connected, not even indirectly.",
    ),
    ("cut_vertex", ""): (
        "Der Akteur {actor_label} ist die einzige Verbindung von {n} Akteuren zum übrigen "
        "Netzwerk: {cut_off_labels}.",
        "{actor_label} is the only link of {n} actors to the rest of the network: "
        "{cut_off_labels}.",
    ),
    ("cut_vertex", ":one"): (
        "Der Akteur {actor_label} ist die einzige Verbindung von {cut_off_labels} zum übrigen "
        "Netzwerk.",
        "{actor_label} is the only link of {cut_off_labels} to the rest of the network.",
    ),
    ("single_broker", ""): (
        "Das Netzwerk hängt stark vom Akteur {actor_label} ab: {cross_group_path_share} aller "
        "kürzesten Verbindungen zwischen Akteuren verschiedener Gruppen laufen über ihn.",
        "The network depends heavily on {actor_label}: {cross_group_path_share} of all shortest "
        "connections between actors of different groups run through it.",
    ),
    ("key_player_dependence", ""): (
        "Fiele der Akteur {actor_label} weg, stiege der Anteil der Akteurspaare ohne jede "
        "Verbindung von {fragmentation_before} auf {fragmentation_after}.",
        "If {actor_label} dropped out, the share of actor pairs without any connection would "
        "rise from {fragmentation_before} to {fragmentation_after}.",
    ),
    ("isolated_actor", ""): (
        "{n} Akteure haben keine einzige Kooperationsbeziehung: {actor_labels}.",
        "{n} actors have no cooperation tie at all: {actor_labels}.",
    ),
    ("isolated_actor", "silent"): (
        "{n} Akteure haben keine einzige Kooperationsbeziehung: {actor_labels} – keiner von "
        "ihnen hat an der Befragung teilgenommen, die Lücke kann also auch an fehlenden Angaben "
        "liegen.",
        "{n} actors have no cooperation tie at all: {actor_labels} – none of them answered the "
        "survey, so the gap may also be missing data.",
    ),
    ("isolated_actor", "silent:one"): (
        "Der Akteur {actor_labels} hat keine einzige Kooperationsbeziehung, hat aber auch nicht "
        "an der Befragung teilgenommen – die Lücke kann also an fehlenden Angaben liegen.",
        "{actor_labels} has no cooperation tie at all but did not answer the survey either, so "
        "the gap may be missing data.",
    ),
    ("isolated_actor", ":one"): (
        "Der Akteur {actor_labels} hat keine einzige Kooperationsbeziehung.",
        "{actor_labels} has no cooperation tie at all.",
    ),
    ("peripheral_actor", ""): (
        "{n} Akteure sind nur über eine einzige Beziehung eingebunden: {actor_labels}.",
        "{n} actors are linked by a single tie only: {actor_labels}.",
    ),
    ("peripheral_actor", ":one"): (
        "Der Akteur {actor_labels} ist nur über eine einzige Beziehung eingebunden.",
        "{actor_labels} is linked by a single tie only.",
    ),
    ("peripheral_group", "none"): (
        "Die Gruppe {group} hat keine einzige Beziehung zu anderen Gruppen.",
        "The group {group} has no tie at all to other groups.",
    ),
    ("peripheral_group", "few"): (
        "Die Gruppe {group} ist kaum nach außen vernetzt (Beziehungen zu anderen Gruppen: "
        "{external_ties}, Mitglieder: {n_actors}).",
        "The group {group} is barely linked to the outside (ties to other groups: "
        "{external_ties}, members: {n_actors}).",
    ),
    ("asymmetric_perception", "groups"): (
        "{unreciprocated} von {nominations} Nennungen aus der Gruppe {group_a} an Partner in "
        "der Gruppe {group_b} werden von diesen nicht erwidert.",
        "{unreciprocated} of {nominations} nominations from the group {group_a} to partners in "
        "the group {group_b} are not returned.",
    ),
    ("asymmetric_perception", "actor"): (
        "Der Akteur {actor_label} wird von {unreciprocated} Befragten als Partner genannt, die "
        "er selbst nicht nennt ({unreciprocated_share} der Nennungen, die er erhält).",
        "{actor_label} is named as a partner by {unreciprocated} respondents it does not name "
        "back ({unreciprocated_share} of the nominations it receives).",
    ),
    ("fallback_into_silos", "network"): (
        "Von {before} bis {after} ist die Zusammenarbeit in die Gruppen zurückgefallen: Der "
        "E-I-Index sank von {ei_before} auf {ei_after}, die Zahl der gruppenübergreifenden "
        "Beziehungen von {cross_ties_before} auf {cross_ties_after}.",
        "From {before} to {after} cooperation fell back into the groups: the E-I index fell from "
        "{ei_before} to {ei_after}, the number of cross-group ties from {cross_ties_before} to "
        "{cross_ties_after}.",
    ),
    ("fallback_into_silos", "group"): (
        "Die Gruppe {group} hat sich von {before} bis {after} wieder nach innen zurückgezogen: "
        "Ihr E-I-Index sank von {ei_before} auf {ei_after}.",
        "The group {group} withdrew inwards again from {before} to {after}: its E-I index fell "
        "from {ei_before} to {ei_after}.",
    ),
    ("crisis_structure_lost", "overall"): (
        "Von den gruppenübergreifenden Beziehungen, die {middle} neu entstanden sind, bestehen "
        "{last} nur noch {cross_retention} fort ({cross_sustained} von {base}, gezählt über "
        "Beziehungen, deren beide Akteure noch existieren).",
        "Of the cross-group ties that were new in {middle}, only {cross_retention} persist in "
        "{last} ({cross_sustained} of {base}, counting ties whose actors both still exist).",
    ),
    ("crisis_structure_lost", "without_broker"): (
        "Gruppenübergreifende Beziehungen aus {middle}, die nicht über den Akteur {broker_label} "
        "laufen, bestehen {last} nur noch zu {retention_other} fort (über {broker_label}: "
        "{retention_via_broker}).",
        "Cross-group ties of {middle} that do not involve {broker_label} persist in {last} only "
        "to {retention_other} (those involving {broker_label}: {retention_via_broker}).",
    ),
    ("crisis_structure_sustained", ""): (
        "{cross_retention} der gruppenübergreifenden Beziehungen, die {middle} neu entstanden "
        "sind, bestehen {last} fort ({cross_sustained} von {base}, deren beide Akteure noch "
        "existieren).",
        "{cross_retention} of the cross-group ties that were new in {middle} persist in {last} "
        "({cross_sustained} of {base} whose actors both still exist).",
    ),
    ("broker_disappeared", "left"): (
        "Der Akteur {actor_label} war {before} einer der wichtigsten Vermittler (Betweenness "
        "{betweenness_before}) und besteht {after} nicht mehr.",
        "{actor_label} was one of the main brokers in {before} (betweenness "
        "{betweenness_before}) and no longer exists in {after}.",
    ),
    ("broker_disappeared", "lost_role"): (
        "Der Akteur {actor_label} hat seine Vermittlerrolle von {before} bis {after} weitgehend "
        "verloren (Betweenness von {betweenness_before} auf {betweenness_after}).",
        "{actor_label} largely lost its broker role from {before} to {after} (betweenness from "
        "{betweenness_before} to {betweenness_after}).",
    ),
}

_QUESTIONS: Final[Mapping[str, tuple[str, str]]] = {
    "silo_group": (
        "Bei welchen Aufgaben müsste die Gruppe {group} mit anderen Bereichen zusammenarbeiten, "
        "und was hält sie bisher davon ab?",
        "In which tasks should the group {group} work with other units, and what has kept it "
        "from doing so?",
    ),
    "silo_network": (
        "Welche Gremien oder Anlässe könnten Akteure verschiedener Bereiche regelmäßig "
        "zusammenbringen?",
        "Which bodies or occasions could bring actors of different units together regularly?",
    ),
    "integrated_network": (
        "Welche Strukturen tragen diese bereichsübergreifende Zusammenarbeit, und wie lassen sie "
        "sich sichern?",
        "Which structures carry this cooperation across units, and how can they be secured?",
    ),
    "missing_group_pair": (
        "Gibt es Fälle, in denen {group_a} und {group_b} voneinander wissen müssten? Wer könnte "
        "den ersten Kontakt herstellen?",
        "Are there cases in which {group_a} and {group_b} should know of each other? Who could "
        "make the first contact?",
    ),
    "cut_vertex": (
        "Wer hält den Kontakt zu diesen Akteuren, wenn {actor_label} ausfällt oder die "
        "zuständige Person wechselt?",
        "Who keeps in touch with these actors if {actor_label} drops out or its staff changes?",
    ),
    "single_broker": (
        "Wie lässt sich die Vermittlungsarbeit von {actor_label} auf mehrere Schultern verteilen?",
        "How can the brokerage work of {actor_label} be shared among more actors?",
    ),
    "key_player_dependence": (
        "Ist die Rolle von {actor_label} abgesichert (Vertretung, Übergabe, Dokumentation), und "
        "wer könnte einspringen?",
        "Is the role of {actor_label} secured (deputy, handover, documentation), and who could "
        "step in?",
    ),
    "isolated_actor": (
        "Gehören diese Akteure zum Kooperationsnetzwerk – und wenn ja, wer könnte sie einbinden?",
        "Do these actors belong to the cooperation network – and if so, who could involve them?",
    ),
    "peripheral_actor": (
        "Reicht eine einzige Verbindung für diese Akteure aus, oder sollten sie breiter "
        "eingebunden werden?",
        "Is one link enough for these actors, or should they be involved more broadly?",
    ),
    "peripheral_group": (
        "Über wen könnte die Gruppe {group} besser an die übrigen Bereiche angebunden werden?",
        "Through whom could the group {group} be better linked to the other units?",
    ),
    "asymmetric_perception": (
        "Wird die Zusammenarbeit von beiden Seiten gleich wahrgenommen? Was erwarten die "
        "Nennenden von der anderen Seite?",
        "Do both sides see the cooperation in the same way? What do those who name the partner "
        "expect from the other side?",
    ),
    "fallback_into_silos": (
        "Was hat die Zusammenarbeit über Gruppengrenzen {before} getragen, und warum ist sie "
        "zurückgegangen?",
        "What carried the cooperation across groups in {before}, and why did it decline?",
    ),
    "crisis_structure_lost": (
        "Welche der {middle} entstandenen Kontakte wären heute noch wichtig, und wie lassen sie "
        "sich wiederbeleben?",
        "Which of the contacts made in {middle} would still matter today, and how could they be "
        "revived?",
    ),
    "crisis_structure_sustained": (
        "Was hat dazu beigetragen, dass diese Kooperationen fortbestehen, und ist das auf andere "
        "Bereiche übertragbar?",
        "What helped these cooperations to last, and can it be transferred to other units?",
    ),
    "broker_disappeared": (
        "Wer hat die Aufgaben von {actor_label} übernommen – und welche Verbindungen sind dabei "
        "verloren gegangen?",
        "Who took over the tasks of {actor_label} – and which connections were lost on the way?",
    ),
}


def _fill(template: str, data: Mapping[str, Any], lang: str) -> str:
    values = {key: format_value(key, value, lang) for key, value in data.items()}
    return template.format_map(values)


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[0] if lang == "de" else pair[1]


def statement(code: str, variant: str, data: Mapping[str, Any], lang: str) -> str:
    """Return the one-sentence statement of a finding in `lang`.

    Raises
    ------
    KeyError
        If no template exists for ``(code, variant)`` or a template field is missing in `data`.
    """
    key = (code, variant)
    if data.get("n") == 1 and (code, variant + ":one") in _STATEMENTS:
        key = (code, variant + ":one")
    return _fill(_pick(_STATEMENTS[key], lang), data, lang)


def question(code: str, variant: str, data: Mapping[str, Any], lang: str) -> str:
    """Return the workshop question of a finding in `lang`."""
    return _fill(_pick(_QUESTIONS[code], lang), data, lang)


def evidence(measure: str, value: Any, subject: str, lang: str) -> str:
    """Return ``"<measure name> (<subject>): <value>"`` in `lang`."""
    names = MEASURES.get(measure)
    name = _pick(names, lang) if names else measure
    if subject:
        name = f"{name} ({subject})"
    return f"{name}: {format_value(measure, value, lang)}"
