"""``coopnet survey combine``: imported waves → one dataset that ``coopnet compare`` compares."""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import coopnet
from coopnet.cli import main
from coopnet.compare import compare_periods
from coopnet.errors import InputError, OutputError
from coopnet.survey import (
    combine_waves,
    import_responses,
    plan_survey,
    read_actor_list,
    write_templates,
)

from ..conftest import MUSTERSTADT
from .conftest import DESIGN
from .fill import fill

T1, T2 = "#tie:1", "#tie:2"
INFO, KOORD = "Informationsaustausch", "Koordination"

LIST_2022 = (
    "id;label;group\n"
    "JA;Jugendamt;Verwaltung\n"
    "SA;Sozialamt;Verwaltung\n"
    "CAR;Caritas;Verbände\n"
    "AWO;AWO Kreisverband;Verbände\n"
    "OB;Oberbürgermeisterin;Politik\n"
)
# 2024: AWO is gone, KI is new, the Sozialamt has a new name and moved to another group
LIST_2024 = (
    "id;label;group\n"
    "JA;Jugendamt;Verwaltung\n"
    "SA;Amt für Soziales;Dezernat II\n"
    "CAR;Caritas;Verbände\n"
    "OB;Oberbürgermeisterin;Politik\n"
    "KI;Kommunales Integrationszentrum;Verwaltung\n"
)
ANSWERS_2022 = {
    "JA": {"SA": {T1: "wöchentlich"}, "CAR": {T2: "x"}},
    "SA": {"JA": {T1: "monatlich"}},
    "CAR": {"JA": {T1: "täglich"}, "SA": {T2: "seltener"}},
}
ANSWERS_2024 = {  # JA and CAR answered in 2022, not in 2024
    "SA": {"JA": {T1: 1}, "KI": {T2: "wöchentlich"}, "CAR": {T1: "monatlich"}},
    "KI": {"SA": {T1: "monatlich"}},
}
# the ties each answer must give (nie 0, seltener 1, monatlich 2, wöchentlich 3, täglich 4)
TIES_2022 = {
    ("JA", "SA", INFO): 3,
    ("JA", "CAR", KOORD): 1,
    ("SA", "JA", INFO): 2,
    ("CAR", "JA", INFO): 4,
    ("CAR", "SA", KOORD): 1,
}
TIES_2024 = {
    ("SA", "JA", INFO): 1,
    ("SA", "KI", KOORD): 3,
    ("SA", "CAR", INFO): 2,
    ("KI", "SA", INFO): 2,
}


def make_wave(
    root: Path,
    period: str,
    actors: str,
    answers: Mapping[str, Mapping[str, Mapping[str, Any]]],
    *,
    blank: tuple[str, ...] = (),
    new: Mapping[str, tuple[str, str]] = {},
    design: Any = DESIGN,
    name: str | None = None,
) -> Path:
    """Templates of `actors` → filled with `answers` (and `new` partners) → imported wave."""
    work = root / f"work-{name or period}"
    work.mkdir()
    listed = work / "akteure.csv"
    listed.write_text(actors, encoding="utf-8")
    templates = write_templates(
        read_actor_list(listed), replace(design, period=period), work / "befragung"
    )
    returns = work / "returns"
    returns.mkdir()
    for who, filled in answers.items():
        extra = [(new[who][0], new[who][1], {T1: "monatlich"})] if who in new else []
        fill(templates.workbooks[who], filled, extra, out=returns / f"{who}.xlsx")
    for who in blank:
        shutil.copy(templates.workbooks[who], returns / f"{who}.xlsx")
    result = import_responses(returns, root / (name or f"w{period}"), actors=templates.actors)
    return result.folder


def ties_of(net: coopnet.CooperationNetwork, period: str) -> dict[tuple[str, str, str], float]:
    rows = net.ties[net.ties["period"] == period]
    return {
        (s, t, kind): w
        for s, t, kind, w in zip(
            rows["source"], rows["target"], rows["type"], rows["weight"], strict=True
        )
    }


@pytest.fixture
def two_waves(tmp_path: Path) -> tuple[Path, Path]:
    first = make_wave(tmp_path, "2022", LIST_2022, ANSWERS_2022, blank=("AWO",))
    second = make_wave(tmp_path, "2024", LIST_2024, ANSWERS_2024)
    return first, second


def test_two_waves_round_trip(two_waves: tuple[Path, Path], tmp_path: Path) -> None:
    first, second = two_waves
    result = combine_waves([second, first], tmp_path / "wellen")  # any order: by period
    assert result.periods == ("2022", "2024") and result.waves == (str(first), str(second))
    assert result.report is not None and result.report.ok, result.report.format()
    net = coopnet.load(result.folder)
    assert net.periods == ("2022", "2024") and net.directed
    # exactly the ties filled in, per wave
    assert ties_of(net, "2022") == TIES_2022
    assert ties_of(net, "2024") == TIES_2024
    # who was there and who answered, per wave
    assert net.actors_in("2022") == ["JA", "SA", "CAR", "AWO", "OB"]
    assert net.actors_in("2024") == ["JA", "SA", "CAR", "OB", "KI"]  # AWO dropped, KI new
    assert {a: r for a, r in net.responded("2022").items() if a in net.actors_in("2022")} == {
        "JA": True,
        "SA": True,
        "CAR": True,
        "AWO": False,
        "OB": False,
    }
    assert {a for a, r in net.responded("2024").items() if r} == {"SA", "KI"}
    by_id = net.actors.set_index("id")
    assert by_id.loc["JA", "responded"] == "2022" and by_id.loc["OB", "responded"] is False
    assert by_id.loc["AWO", "periods"] == "2022" and by_id.loc["KI", "periods"] == "2024"
    # the latest wave's label and group, with a note for each change
    assert (by_id.loc["SA", "label"], by_id.loc["SA", "group"]) == (
        "Amt für Soziales",
        "Dezernat II",
    )
    notes = [n.render("de") for n in result.notes]
    assert notes == [
        "SA: label „Sozialamt“ (2022) → „Amt für Soziales“ (2024); der Wert der letzten Welle gilt",
        "SA: group „Verwaltung“ (2022) → „Dezernat II“ (2024); der Wert der letzten Welle gilt",
    ]
    text = result.format()
    assert "2 Welle(n) zusammengeführt (2022, 2024)" in text
    assert "2024 (" in text and "5 Akteure, davon 2 mit Antwort (40\u202f%)" in text


def test_non_response_is_per_wave(two_waves: tuple[Path, Path], tmp_path: Path) -> None:
    """JA answered in 2022, not in 2024: SA→JA (2024) is unobserved, not unreciprocated.

    By hand (nominations over both tie types):
      2022: JA→SA, JA→CAR, SA→JA, CAR→JA, CAR→SA; respondents JA, SA, CAR. Only CAR→SA is
            not returned (SA, a respondent, did not name CAR). Non-respondents AWO, OB: 1 pair.
      2024: SA→JA, SA→KI, SA→CAR, KI→SA; respondents SA, KI. SA→JA and SA→CAR go to actors
            who did not answer in 2024: unobserved, not unreciprocated. SA–KI is mutual.
            Non-respondents JA, CAR, OB: 3 unobserved pairs. Reciprocity 2/2 = 1.
    """
    net = coopnet.load(combine_waves(list(two_waves), tmp_path / "wellen").folder)
    assert net.unreciprocated("2022")[["source", "target"]].values.tolist() == [["CAR", "SA"]]
    assert net.unreciprocated("2024").empty
    rows = {r["period"]: r for r in net.summary()["by_period"]}
    assert (rows["2022"]["unobserved_dyads"], rows["2024"]["unobserved_dyads"]) == (1, 3)
    assert rows["2022"]["reciprocity"] == pytest.approx(4 / 5)
    assert rows["2024"]["reciprocity"] == 1.0
    assert (rows["2022"]["response_rate"], rows["2024"]["response_rate"]) == (3 / 5, 2 / 5)
    # if JA counted as a respondent in 2024 (one flag for all waves), SA→JA would be unreturned
    flat = net.actors.assign(responded=net.actors["responded"] != False)  # noqa: E712
    naive = replace(net, actors=flat)
    assert naive.unreciprocated("2024")[["source", "target"]].values.tolist() == [
        ["SA", "CAR"],
        ["SA", "JA"],
    ]


def test_compare_on_the_combined_waves(two_waves: tuple[Path, Path], tmp_path: Path) -> None:
    folder = combine_waves(list(two_waves), tmp_path / "wellen").folder
    study = coopnet.study(folder, n_permutations=19)
    churn = compare_periods(study, "2022", "2024").churn
    # symmetrised (union): 2022 JA–SA, JA–CAR, CAR–SA; 2024 JA–SA, SA–KI, SA–CAR
    assert (churn.kept, churn.added, churn.removed) == (2, 1, 1)
    assert churn.actors_entered == ("KI",) and churn.actors_left == ("AWO",)
    code = main(["compare", str(folder), "--out", str(tmp_path / "vergleich"), "-q"])
    assert code == 0 and (tmp_path / "vergleich" / "periods.csv").exists()


def test_cli_combine(two_waves: tuple[Path, Path], tmp_path: Path, capsys: Any) -> None:
    out = tmp_path / "wellen"
    assert main(["survey", "combine", *map(str, two_waves), "--out", str(out)]) == 0
    assert "2 Welle(n) zusammengeführt" in capsys.readouterr().out
    # run again: the folder coopnet made is replaced
    assert main(["survey", "combine", *map(str, two_waves), "--out", str(out), "--lang", "en"]) == 0
    assert "2 wave(s) combined" in capsys.readouterr().out
    assert coopnet.load(out).periods == ("2022", "2024")


def test_next_wave_from_the_combined_waves(two_waves: tuple[Path, Path], tmp_path: Path) -> None:
    folder = combine_waves(list(two_waves), tmp_path / "wellen").folder
    plan = plan_survey(from_dataset=folder, period="2026")
    assert plan.actors["id"].tolist() == ["JA", "SA", "CAR", "OB", "KI"]  # those of 2024
    assert plan.design.tie_types == (INFO, KOORD) and plan.design.period == "2026"


def test_one_wave(two_waves: tuple[Path, Path], tmp_path: Path) -> None:
    result = combine_waves([two_waves[1]], tmp_path / "eine")
    net, alone = coopnet.load(result.folder), coopnet.load(two_waves[1])
    assert result.periods == ("2024",) and ties_of(net, "2024") == TIES_2024
    assert net.responded("2024") == alone.responded("2024")
    assert net.summary()["by_period"] == alone.summary()["by_period"]


def test_a_wave_without_respondents(tmp_path: Path) -> None:
    """The import refuses a wave without any answer; such a wave written by hand still combines."""
    first = make_wave(tmp_path, "2022", LIST_2022, ANSWERS_2022)
    nobody = tmp_path / "w2024"
    nobody.mkdir()
    actors = (first / "actors.csv").read_text(encoding="utf-8")
    (nobody / "actors.csv").write_text(actors.replace(",true,", ",false,"), encoding="utf-8")
    ties = (first / "ties.csv").read_text(encoding="utf-8").splitlines()[0] + "\n"
    (nobody / "ties.csv").write_text(ties, encoding="utf-8")
    toml = (first / "dataset.toml").read_text(encoding="utf-8").replace('"2022"', '"2024"')
    (nobody / "dataset.toml").write_text(toml, encoding="utf-8")
    result = combine_waves([first, nobody], tmp_path / "wellen")
    net = coopnet.load(result.folder)
    assert ties_of(net, "2024") == {} and ties_of(net, "2022") == TIES_2022
    assert not any(net.responded("2024").values())
    row = net.summary()["by_period"][1]
    assert (row["response_rate"], row["unobserved_dyads"], row["ties"]) == (0.0, 10, 0)
    assert "5 Akteure, davon 0 mit Antwort (0\u202f%)" in result.format()


def test_waves_without_groups(tmp_path: Path) -> None:
    plain = "id;label\nA;Amt A\nB;Amt B\nC;Verein C\n"
    first = make_wave(tmp_path, "2022", plain, {"A": {"B": {T1: "monatlich"}}})
    second = make_wave(tmp_path, "2024", plain, {"B": {"C": {T1: "täglich"}}})
    net = coopnet.load(combine_waves([first, second], tmp_path / "wellen").folder)
    assert net.meta.group is None and "group" not in net.actors.columns
    assert ties_of(net, "2022") == {("A", "B", INFO): 2} and ties_of(net, "2024") == {
        ("B", "C", INFO): 4
    }
    assert main(["compare", str(tmp_path / "wellen"), "--out", str(tmp_path / "v"), "-q"]) == 0


def test_new_partners_named_in_two_waves(tmp_path: Path) -> None:
    """A provisional id is the partner of one import: the same name is one actor, another
    name under the same id is an error."""
    same = {"JA": ("Verein X", "Verbände")}
    first = make_wave(tmp_path, "2022", LIST_2022, ANSWERS_2022, new=same)
    second = make_wave(tmp_path, "2024", LIST_2022, ANSWERS_2022, new=same)
    net = coopnet.load(combine_waves([first, second], tmp_path / "ok").folder)
    assert net.actors.set_index("id").loc["new_1", "periods"] == "2022;2024"
    other = make_wave(
        tmp_path, "2026", LIST_2022, ANSWERS_2022, new={"JA": ("Sportclub", "")}, name="w2026"
    )
    with pytest.raises(InputError) as caught:
        combine_waves([first, other], tmp_path / "bad")
    [error] = caught.value.errors
    assert (error.code, error.file, error.value) == ("wave_id_clash", str(other), "new_1")
    assert str(first) in error.message and "Sportclub" in error.message


# ---------------------------------------------------------------------------- bad input


def test_the_same_period_twice(two_waves: tuple[Path, Path], tmp_path: Path, capsys: Any) -> None:
    again = make_wave(tmp_path, "2024", LIST_2024, ANSWERS_2024, name="w2024b")
    code = main(["survey", "combine", str(two_waves[1]), str(again), "--out", str(tmp_path / "x")])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    assert f"{again}, Spalte „period“, Wert „2024“: den Zeitraum gibt es schon in der Welle" in err
    assert f"in der Welle {two_waves[1]}; jede Welle braucht einen eigenen Zeitraum" in err
    assert not (tmp_path / "x").exists()


def test_different_tie_types(two_waves: tuple[Path, Path], tmp_path: Path, capsys: Any) -> None:
    design = replace(DESIGN, tie_types=("Informationsaustausch", "Beratung"))
    other = make_wave(tmp_path, "2026", LIST_2024, {"JA": {"SA": {T1: 2}}}, design=design)
    with pytest.raises(InputError) as caught:
        combine_waves([two_waves[0], other], tmp_path / "x")
    [error] = caught.value.errors
    assert (error.code, error.file) == ("wave_mismatch", str(other))
    assert "Beratung, Informationsaustausch against Informationsaustausch, Koordination" in str(
        error
    )
    out = str(tmp_path / "x")
    assert main(["survey", "combine", str(two_waves[0]), str(other), "--out", out]) == 1
    err = capsys.readouterr().err
    assert "fragt nach anderen Arten der Zusammenarbeit als die Welle" in err
    assert str(two_waves[0]) in err


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "directed = true",
            "directed = false",
            "direction differs .*directed: false against true",
        ),
        ('symmetrise = "union"', 'symmetrise = "mutual"', "symmetrise: mutual against union"),
        ('"täglich" = 4', '"täglich" = 5', "codes the answers differently"),
        ('"täglich"]', '"sehr oft"]', "another answer scale .*sehr oft = 4 against .*täglich = 4"),
    ],
)
def test_different_questions(
    two_waves: tuple[Path, Path], tmp_path: Path, old: str, new: str, message: str
) -> None:
    other = tmp_path / "anders"
    shutil.copytree(two_waves[1], other)
    toml = other / "dataset.toml"
    text = toml.read_text(encoding="utf-8")
    assert old in text
    toml.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(InputError, match=message) as caught:
        combine_waves([two_waves[0], other], tmp_path / "x")
    assert [(e.code, e.file) for e in caught.value.errors] == [("wave_mismatch", str(other))]


def test_not_a_dataset_folder(two_waves: tuple[Path, Path], tmp_path: Path, capsys: Any) -> None:
    empty = tmp_path / "leer"
    empty.mkdir()
    a_file = tmp_path / "notiz.txt"
    a_file.write_text("x", encoding="utf-8")
    paths = [str(two_waves[0]), str(empty), str(a_file), str(tmp_path / "fehlt")]
    with pytest.raises(InputError) as caught:
        combine_waves(paths, tmp_path / "x")
    assert [(e.code, e.file) for e in caught.value.errors] == [
        ("wave_not_dataset", p) for p in paths[1:]
    ]
    assert main(["survey", "combine", *paths, "--out", str(tmp_path / "x")]) == 1
    err = capsys.readouterr().err
    assert f"{empty}: ist kein Datensatz-Ordner einer Welle" in err and "Traceback" not in err


def test_a_wave_that_does_not_load_names_its_folder(
    two_waves: tuple[Path, Path], tmp_path: Path
) -> None:
    broken = tmp_path / "kaputt"
    shutil.copytree(two_waves[1], broken)
    ties = broken / "ties.csv"
    header = ties.read_text(encoding="utf-8").splitlines()[0].split(",")
    row = {"source": "SA", "target": "NIEMAND", "weight": "2", "type": KOORD, "period": "2024"}
    with ties.open("a", encoding="utf-8") as f:
        f.write(",".join(row.get(c, "") for c in header) + "\n")
    with pytest.raises(InputError) as caught:
        combine_waves([two_waves[0], broken], tmp_path / "x")
    [error] = caught.value.errors
    assert (error.code, error.file, error.value) == (
        "unknown_actor",
        str(broken / "ties.csv"),
        "NIEMAND",
    )


def test_a_folder_given_twice_and_no_folder(two_waves: tuple[Path, Path], tmp_path: Path) -> None:
    with pytest.raises(InputError, match="given twice"):
        combine_waves([two_waves[0], two_waves[0]], tmp_path / "x")
    with pytest.raises(InputError, match="no wave given"):
        combine_waves([], tmp_path / "x")


def test_never_writes_over_a_wave_or_a_foreign_folder(
    two_waves: tuple[Path, Path], tmp_path: Path
) -> None:
    with pytest.raises(OutputError):
        combine_waves(list(two_waves), two_waves[0])
    with pytest.raises(OutputError):
        combine_waves(list(two_waves), two_waves[0] / "inside")
    mine = tmp_path / "meins"
    mine.mkdir()
    (mine / "notes.txt").write_text("my notes", encoding="utf-8")
    with pytest.raises(OutputError):
        combine_waves(list(two_waves), mine)
    combine_waves(list(two_waves), mine, overwrite=True)
    assert (mine / "notes.txt").read_text(encoding="utf-8") == "my notes"
    assert coopnet.load(two_waves[0]).periods == ("2022",)  # the input is untouched


# ---------------------------------------------------------------------------- property

_POOL = ("A", "B", "C", "D", "E")


@st.composite
def _waves(draw: st.DrawFn) -> list[dict[str, Any]]:
    periods = draw(st.lists(st.sampled_from(("1", "2", "3", "10")), min_size=1, max_size=3,
                            unique=True))  # fmt: skip
    waves = []
    for period in periods:
        actors = draw(st.lists(st.sampled_from(_POOL), min_size=2, max_size=5, unique=True))
        answered = {a: draw(st.booleans()) for a in actors}
        pairs = [(s, t) for s in actors for t in actors if s != t and answered[s]]
        arcs = draw(st.sets(st.sampled_from(pairs), max_size=6)) if pairs else set()
        ties = {(s, t, draw(st.sampled_from(("info", "projekt")))): draw(st.integers(1, 4))
                for s, t in sorted(arcs)}  # fmt: skip
        waves.append({"period": period, "answered": answered, "ties": ties})
    return waves


def _write_wave(folder: Path, wave: Mapping[str, Any]) -> Path:
    folder.mkdir(parents=True)
    answered = wave["answered"]
    (folder / "actors.csv").write_text(
        "id,label,responded\n"
        + "".join(f"{a},Akteur {a},{str(r).lower()}\n" for a, r in answered.items()),
        encoding="utf-8",
    )
    (folder / "ties.csv").write_text(
        "source,target,weight,type,period\n"
        + "".join(f"{s},{t},{w},{k},{wave['period']}\n" for (s, t, k), w in wave["ties"].items()),
        encoding="utf-8",
    )
    (folder / "dataset.toml").write_text(
        f'directed = true\nperiods = ["{wave["period"]}"]\n', encoding="utf-8"
    )
    return folder


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(waves=_waves(), data=st.data())
def test_combine_then_split_gives_back_each_wave(
    waves: list[dict[str, Any]], data: st.DataObject, tmp_path_factory: pytest.TempPathFactory
) -> None:
    root = tmp_path_factory.mktemp("waves")
    folders = [_write_wave(root / f"w{w['period']}", w) for w in waves]
    given = data.draw(st.permutations(folders))
    net = coopnet.load(combine_waves(given, root / "all").folder)
    assert set(net.periods) == {w["period"] for w in waves}
    for wave in waves:
        period = wave["period"]
        assert ties_of(net, period) == wave["ties"]
        assert net.actors_in(period) == [a for a in net.actor_ids if a in wave["answered"]]
        responded = net.responded(period)
        assert {a: responded[a] for a in wave["answered"]} == wave["answered"]


def test_hand_made_waves_with_other_tie_types_get_a_note(tmp_path: Path) -> None:
    first = {"period": "2022", "answered": {"A": True, "B": True}, "ties": {("A", "B", "info"): 1}}
    second = {"period": "2024", "answered": {"A": True, "B": False}, "ties": {("A", "B", "rat"): 2}}
    folders = [_write_wave(tmp_path / w["period"], w) for w in (first, second)]
    result = combine_waves(folders, tmp_path / "all")
    [note] = result.notes
    assert note.render("en").startswith(
        f"The wave {folders[1]} has ties of the types rat, the wave {folders[0]} of the types info"
    )
    assert "davon 1 mit Antwort (50\u202f%)" in result.format()


def test_a_combined_dataset_and_a_new_wave(two_waves: tuple[Path, Path], tmp_path: Path) -> None:
    """Each period of an input is a wave: (2022 + 2024) + 2026 = 2022 + 2024 + 2026."""
    third = make_wave(tmp_path, "2026", LIST_2024, {"JA": {"KI": {T1: "täglich"}}})
    both = combine_waves(list(two_waves), tmp_path / "bisher").folder
    stepwise = coopnet.load(combine_waves([both, third], tmp_path / "schritt").folder)
    at_once = coopnet.load(combine_waves([*two_waves, third], tmp_path / "alle").folder)
    assert stepwise.periods == at_once.periods == ("2022", "2024", "2026")
    assert stepwise.ties.equals(at_once.ties)
    for period in stepwise.periods:
        assert stepwise.responded(period) == at_once.responded(period)
        assert stepwise.actors_in(period) == at_once.actors_in(period)
    assert at_once.actors.set_index("id").loc["JA", "responded"] == "2022;2026"


def test_musterstadt_split_into_waves_and_combined(tmp_path: Path) -> None:
    """Cross-check: the three periods of Musterstadt written as three waves and combined give
    the same ties and the same summary per period as the original (whose ``responded`` is one
    true/false per actor, so per period it is the same)."""
    net = coopnet.load(MUSTERSTADT)
    folders = []
    for period in net.periods:
        actors = net.actors[net.actors["id"].isin(net.actors_in(period))].drop(columns="periods")
        ties = net.ties[net.ties["period"] == period]
        wave = replace(net, actors=actors, ties=ties, meta=replace(net.meta, periods=(period,)))
        folders.append(wave.write(tmp_path / f"welle{period}"))
    combined = coopnet.load(combine_waves(folders[::-1], tmp_path / "wellen").folder)
    assert combined.periods == net.periods
    for period in net.periods:
        assert ties_of(combined, period) == ties_of(net, period)
        assert sorted(combined.actors_in(period)) == sorted(net.actors_in(period))
        present = net.actors_in(period)  # absent actors: not answered in the combined data
        assert {a: combined.responded(period)[a] for a in present} == {
            a: net.responded(period)[a] for a in present
        }
    assert combined.summary()["by_period"] == net.summary()["by_period"]
