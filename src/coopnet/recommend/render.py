"""Recommendations as Markdown (``recommendations.md``), CSV and terminal text, German or English.

Labels and group names are untrusted text from the dataset: :func:`format_markdown` escapes them
(and drops line breaks) so a label cannot open a link, a table cell or raw HTML.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final, Literal

from coopnet.recommend.greedy import Recommendation, Recommendations

__all__ = ["Lang", "format_markdown", "format_text", "workshop_question", "write_recommendations"]

Lang = Literal["de", "en"]

_WORDS: Final[dict[str, dict[str, str]]] = {
    "de": {
        "title": "Empfehlungen",
        "objective": "Ziel",
        "period": "Zeitraum",
        "all_periods": "alle Zeiträume zusammen",
        "grouping": "Gruppierung",
        "none": "keine",
        "candidates": "Kandidaten",
        "summary": "Ausgangswert {before} → mit {count} neuen Verbindungen {after}.",
        "summary_one": "Ausgangswert {before} → mit 1 neuen Verbindung {after}.",
        "summary_none": "Ausgangswert {before}; keine Verbindung vorgeschlagen.",
        "note": (
            "Vorschläge aus der Netzwerkstruktur: Jede Zeile ist die neue Verbindung, die – "
            "zusammen mit den Zeilen davor – das Ziel am stärksten verbessert (schrittweise "
            "Auswahl). Sie sind ein Anlass für das Gespräch, keine Anweisung: Ob eine "
            "Zusammenarbeit sinnvoll ist, wissen die Beteiligten. Definitionen: "
            "`docs/recommend.md`."
        ),
        "rank": "Rang",
        "tie": "Neue Verbindung",
        "groups": "Gruppen",
        "before": "vorher",
        "after": "nachher",
        "gain": "Verbesserung",
        "effect": "Wirkung",
        "gap": "Lücke",
        "joins": "verbindet zwei Teile des Netzwerks, zwischen denen es bisher keinen Weg gab",
        "bypass": "bisher lief jeder Weg zwischen beiden über {actors}",
        "crosses": "verbindet die Gruppen {first} und {second}",
        "key_player": "Wichtigster Knotenpunkt vor dieser Verbindung",
        "alternatives": (
            "{count} weitere Verbindungen wären genauso wirksam (gewählt: die mit den kleinsten "
            "Kennungen)"
        ),
        "alternatives_one": (
            "1 weitere Verbindung wäre genauso wirksam (gewählt: die mit den kleinsten Kennungen)"
        ),
        "shared": "alle mit {actors}",
        "plateau": (
            "{actors} sind gleich wichtige Knotenpunkte: Eine einzelne weitere Verbindung kann "
            "nicht alle zugleich umgehen. Kombinationen lassen sich mit "
            "`coopnet what-if --add-tie A B --add-tie C D` prüfen."
        ),
        "question": "Frage für den Workshop",
        "no_gain": "Keine weitere Verbindung verbessert das Ziel.",
        "no_candidates": "Es gibt keine weiteren möglichen Paare.",
        "isolates": (
            "{count} Akteure ohne jede Verbindung sind keine Kandidaten, solange sie nicht mit "
            "`--from` / `--to` benannt werden."
        ),
        "isolates_one": (
            "1 Akteur ohne jede Verbindung ist kein Kandidat, solange er nicht mit `--from` / "
            "`--to` benannt wird."
        ),
        "liaison": "Verbindungsperson",
        "liaison_none": "Keine Verbindungsperson gefunden, deren Verbindungen das Ziel verbessern.",
        "cand_active": "alle noch nicht verbundenen Paare aktiver Akteure (mindestens eine Verbindung)",
        "cand_across": "nur zwischen verschiedenen Gruppen",
        "cand_from": "von: {actors}",
        "cand_to": "zu: {actors}",
        "cand_liaison": "eine Verbindungsperson mit Verbindungen zu bis zu {k} anderen Gruppen",
        "fragmentation": "Fragmentierung senken (Anteil der Akteurspaare ohne Verbindungsweg)",
        "reach": (
            "Gruppenübergreifende Reichweite erhöhen (Anteil der Paare aus verschiedenen Gruppen, "
            "die höchstens zwei Schritte voneinander entfernt sind)"
        ),
        "robustness": (
            "Robustheit erhöhen (Fragmentierung nach Ausfall des wichtigsten Knotenpunkts senken)"
        ),
        "fragmentation_short": "Fragmentierung",
        "reach_short": "Reichweite",
        "robustness_short": "Fragmentierung ohne Knotenpunkt",
        "q_joins": (
            "{a} und {b} sind bisher über keinen Weg miteinander verbunden. Gibt es einen Anlass "
            "– ein Projekt, eine Zuständigkeit, eine gemeinsame Zielgruppe –, bei dem beide "
            "zusammenarbeiten könnten?"
        ),
        "q_bypass": (
            "Heute läuft jeder Weg zwischen {a} und {b} über {actors}. Was bräuchte es, damit "
            "beide auch direkt Kontakt halten – etwa eine feste Ansprechperson oder einen "
            "regelmäßigen Austausch?"
        ),
        "q_groups": (
            "Wie könnten {a} ({ga}) und {b} ({gb}) direkt ins Gespräch kommen, damit "
            "Informationen zwischen beiden Bereichen nicht über Umwege laufen?"
        ),
        "q_plain": "Was spräche dafür – oder dagegen –, dass {a} und {b} direkt zusammenarbeiten?",
        "and": "und",
        "wrote": "geschrieben",
    },
    "en": {
        "title": "Recommendations",
        "objective": "Objective",
        "period": "Period",
        "all_periods": "all periods pooled",
        "grouping": "Grouping",
        "none": "none",
        "candidates": "Candidates",
        "summary": "Starting value {before} → with {count} new ties {after}.",
        "summary_one": "Starting value {before} → with 1 new tie {after}.",
        "summary_none": "Starting value {before}; no tie recommended.",
        "note": (
            "Suggestions from the network structure: each row is the new tie that - together "
            "with the rows above it - improves the objective most (step-by-step selection). They "
            "are a starting point for discussion, not an instruction: whether working together "
            "makes sense is for the people involved to judge. Definitions: `docs/recommend.md`."
        ),
        "rank": "Rank",
        "tie": "New tie",
        "groups": "Groups",
        "before": "before",
        "after": "after",
        "gain": "Improvement",
        "effect": "Effect",
        "gap": "Gap",
        "joins": "connects two parts of the network that had no path between them",
        "bypass": "so far every path between the two ran through {actors}",
        "crosses": "connects the groups {first} and {second}",
        "key_player": "Key player before this tie",
        "alternatives": "{count} other ties would be just as effective (chosen: smallest ids)",
        "alternatives_one": "1 other tie would be just as effective (chosen: smallest ids)",
        "shared": "all with {actors}",
        "plateau": (
            "{actors} are equally important key players: no single further tie can bypass all "
            "of them at once. Combinations can be checked with "
            "`coopnet what-if --add-tie A B --add-tie C D`."
        ),
        "question": "Question for the workshop",
        "no_gain": "No further tie improves the objective.",
        "no_candidates": "No further candidate pairs are left.",
        "isolates": (
            "{count} actors without any tie are not candidates unless named with `--from` / `--to`."
        ),
        "isolates_one": (
            "1 actor without any tie is not a candidate unless named with `--from` / `--to`."
        ),
        "liaison": "Liaison",
        "liaison_none": "No liaison found whose ties improve the objective.",
        "cand_active": "all pairs of active actors (at least one tie) not tied yet",
        "cand_across": "only between different groups",
        "cand_from": "from: {actors}",
        "cand_to": "to: {actors}",
        "cand_liaison": "one liaison with ties to up to {k} other groups",
        "fragmentation": "lower fragmentation (share of actor pairs with no path between them)",
        "reach": (
            "raise cross-group reach (share of pairs from different groups at most two steps apart)"
        ),
        "robustness": "raise robustness (lower the fragmentation after losing the key player)",
        "fragmentation_short": "fragmentation",
        "reach_short": "reach",
        "robustness_short": "fragmentation without key player",
        "q_joins": (
            "{a} and {b} are not connected by any path today. Is there an occasion - a project, "
            "a shared responsibility, a common target group - on which they could work together?"
        ),
        "q_bypass": (
            "Today every path between {a} and {b} runs through {actors}. What would it take for "
            "the two to stay in direct contact - a named contact person, a regular meeting?"
        ),
        "q_groups": (
            "How could {a} ({ga}) and {b} ({gb}) talk to each other directly, so that information "
            "between the two areas does not take detours?"
        ),
        "q_plain": "What speaks for - or against - {a} and {b} working together directly?",
        "and": "and",
        "wrote": "wrote",
    },
}


def _words(lang: str) -> dict[str, str]:
    if lang not in _WORDS:
        raise ValueError(f"unknown language {lang!r}; choose 'de' or 'en'")
    return _WORDS[lang]


def _md_escape(text: str) -> str:
    """Escape Markdown markup characters and turn line breaks into spaces.

    The same characters as ``coopnet.diagnose.render`` (which this package may not import).
    """
    text = " ".join(str(text).splitlines())
    for char in ("\\", "*", "_", "`", "[", "]", "<", ">", "#", "|"):
        text = text.replace(char, "\\" + char)
    return text


def _code(text: str) -> str:
    """Return `text` as a Markdown code span (backslash escapes would show there literally).

    Backticks become apostrophes and line breaks spaces, so the span cannot be closed early.
    """
    return "`" + " ".join(text.replace("`", "'").splitlines()) + "`"


def _number(value: float, lang: str) -> str:
    """Three decimals; decimal comma in German."""
    if value != value:  # NaN
        return "–"
    text = f"{value:.3f}"
    return text.replace(".", ",") if lang == "de" else text


def _name(label: str, actor: str) -> str:
    return label if label == actor else f"{label} ({actor})"


def _listing(names: list[str], lang: str) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + f" {_words(lang)['and']} " + names[-1]


def workshop_question(recommendation: Recommendation, *, lang: Lang = "de") -> str:
    """Return a question for the workshop about one recommended tie (plain text, not escaped).

    Parameters
    ----------
    recommendation
        The recommended tie.
    lang
        ``"de"`` (default) or ``"en"``.

    Returns
    -------
    str
        One question: whether the two actors could find an occasion to work together (if no
        path joined them), how they could stay in direct contact without the actors every path
        ran through (``bypassed``), how the two groups could talk directly (different groups),
        or what speaks for or against direct cooperation.
    """
    words = _words(lang)
    r = recommendation
    a, b = r.source_label, r.target_label
    if r.joins_components:
        return words["q_joins"].format(a=a, b=b)
    if r.bypassed:
        names = list(r.bypassed_labels)
        return words["q_bypass"].format(a=a, b=b, actors=_listing(names, lang))
    if r.group_pair is not None:
        return words["q_groups"].format(a=a, b=b, ga=r.source_group, gb=r.target_group)
    return words["q_plain"].format(a=a, b=b)


def _candidates_text(result: Recommendations, lang: str) -> str:
    words = _words(lang)
    if result.liaison_mode:
        parts = [words["cand_liaison"].format(k=result.k)]
    else:
        parts = [words["cand_active"]]
        if result.across_groups:
            parts.append(words["cand_across"])
    if result.sources:
        parts.append(words["cand_from"].format(actors=", ".join(result.sources)))
    if result.targets:
        parts.append(words["cand_to"].format(actors=", ".join(result.targets)))
    return "; ".join(parts)


def _summary(result: Recommendations, lang: str) -> str:
    words = _words(lang)
    before, after = _number(result.before, lang), _number(result.after, lang)
    if not result.recommendations:
        return words["summary_none"].format(before=before)
    key = "summary_one" if len(result) == 1 else "summary"
    return words[key].format(before=before, after=after, count=len(result))


def format_markdown(result: Recommendations, *, lang: Lang = "de") -> str:
    """Return the recommendations as a Markdown document (the content of ``recommendations.md``).

    Parameters
    ----------
    result
        The result of :func:`~coopnet.recommend.recommend_ties`.
    lang
        ``"de"`` (default) or ``"en"``.

    Returns
    -------
    str
        A title with the dataset; the objective, period, grouping and candidate rule; the value
        before and after; a table of the ties; one section per tie with its effect, the gap it
        closes, the number of equally good alternatives and a workshop question; why the list
        is shorter than asked, if it is. Every label and group name is escaped for Markdown.
    """
    words = _words(lang)

    def person(label: str, actor: str) -> str:
        return _md_escape(_name(label, actor))

    period = result.period if result.period is not None else words["all_periods"]
    grouping = _code(result.group) if result.group else words["none"]
    lines = [
        f"# {words['title']}: {_md_escape(result.dataset or '–')}",
        "",
        f"- **{words['objective']}:** {words[result.objective]}",
        f"- **{words['period']}:** {_md_escape(period)} · **{words['grouping']}:** {grouping}",
        f"- **{words['candidates']}:** {_md_escape(_candidates_text(result, lang))}",
    ]
    if result.liaison_mode and result.recommendations:
        first = result.recommendations[0]
        lines.append(f"- **{words['liaison']}:** {person(first.source_label, first.source)}")
    lines += ["", _summary(result, lang), "", f"> {words['note']}", ""]
    short = words[f"{result.objective}_short"]
    if result.recommendations:
        lines += [
            f"| {words['rank']} | {words['tie']} | {words['groups']} | {words['before']} | "
            f"{words['after']} | {words['gain']} |",
            "|---:|---|---|---:|---:|---:|",
        ]
        for r in result.recommendations:
            groups = (
                f"{_md_escape(r.source_group or '')} – {_md_escape(r.target_group or '')}"
                if r.source_group is not None
                else "–"
            )
            tie = (
                f"{_md_escape(_name(r.source_label, r.source))} – "
                f"{_md_escape(_name(r.target_label, r.target))}"
            )
            lines.append(
                f"| {r.rank} | {tie} | {groups} | {_number(r.before, lang)} | "
                f"{_number(r.after, lang)} | {_number(r.gain, lang)} |"
            )
        lines.append("")
    for r in result.recommendations:
        lines += [
            f"### {r.rank}. {_md_escape(r.source_label)} – {_md_escape(r.target_label)}",
            "",
            f"- **{words['effect']}:** {short} {_number(r.before, lang)} → "
            f"{_number(r.after, lang)} ({words['gain']} {_number(r.gain, lang)})",
        ]
        gaps = []
        if r.joins_components:
            gaps.append(words["joins"])
        if r.bypassed:
            listed = _listing(
                [person(lab, v) for lab, v in zip(r.bypassed_labels, r.bypassed, strict=True)],
                lang,
            )
            gaps.append(words["bypass"].format(actors=listed))
        if r.group_pair is not None:
            gaps.append(
                words["crosses"].format(
                    first=_md_escape(r.group_pair[0]), second=_md_escape(r.group_pair[1])
                )
            )
        if gaps:
            lines.append(f"- **{words['gap']}:** " + "; ".join(gaps))
        if r.key_player is not None:
            label = r.key_player_label or r.key_player
            lines.append(f"- **{words['key_player']}:** {person(label, r.key_player)}")
        if r.alternatives:
            key = "alternatives_one" if r.alternatives == 1 else "alternatives"
            text = words[key].format(count=r.alternatives)
            if r.shared:
                listed = _listing(
                    [person(lab, v) for lab, v in zip(r.shared_labels, r.shared, strict=True)],
                    lang,
                )
                text += " – " + words["shared"].format(actors=listed)
            lines.append(f"- {text}")
        question = workshop_question(r, lang=lang)
        lines += [f"- **{words['question']}:** {_md_escape(question)}", ""]
    if result.liaison_mode and result.liaison is None:
        lines += [words["liaison_none"], ""]
    elif len(result) < result.k and result.stop != "complete":
        lines += [words[result.stop], ""]
        plateau = result.stop == "no_gain" and result.after > 0
        if plateau and len(result.final_key_players) > 1:
            pairs = zip(result.final_key_player_labels, result.final_key_players, strict=True)
            listed = _listing([person(lab, v) for lab, v in pairs], lang)
            lines += [words["plateau"].format(actors=listed), ""]
    if result.n_isolates and not (result.sources or result.targets):
        key = "isolates_one" if result.n_isolates == 1 else "isolates"
        lines += [words[key].format(count=result.n_isolates), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def format_text(result: Recommendations, *, lang: Lang = "de") -> str:
    """Return a short plain-text summary for the terminal: the values and one line per tie."""
    words = _words(lang)
    head = f"{result.dataset or '–'}"
    if result.period is not None:
        head += f" ({result.period})"
    lines = [f"{head}: {words[f'{result.objective}_short']}. {_summary(result, lang)}"]
    for r in result.recommendations:
        lines.append(
            f"  {r.rank}. {_name(r.source_label, r.source)} – {_name(r.target_label, r.target)}: "
            f"{_number(r.before, lang)} → {_number(r.after, lang)}"
        )
    if len(result) < result.k and result.stop != "complete":
        lines.append("  " + words[result.stop])
    return "\n".join(lines) + "\n"


def write_recommendations(
    result: Recommendations, out_dir: str | Path, *, lang: Lang = "de"
) -> list[Path]:
    """Write ``recommendations.csv`` and ``recommendations.md`` into `out_dir`; return the paths.

    Parameters
    ----------
    result
        The result of :func:`~coopnet.recommend.recommend_ties`.
    out_dir
        Folder, created if needed. Only these two files are (over)written.
    lang
        Language of the Markdown file (``"de"`` default, ``"en"``); the CSV has fixed English
        column names (:data:`~coopnet.recommend.RECOMMENDATION_COLUMNS`).

    Notes
    -----
    UTF-8, ``\\n`` line ends; the same input gives byte-identical files. The CSV has a header
    even when no tie is recommended.
    """
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    csv_path = folder / "recommendations.csv"
    result.to_frame().to_csv(csv_path, index=False, encoding="utf-8", lineterminator="\n")
    md_path = folder / "recommendations.md"
    md_path.write_text(format_markdown(result, lang=lang), encoding="utf-8")
    return [csv_path, md_path]
