"""Done-when of the survey loop: template → filled as people fill forms → import → validate → analyze
gives exactly the ties filled in."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import coopnet
from coopnet.metrics import analyze
from coopnet.survey import TemplateResult, collect_responses, import_responses

from .fill import fill, resort

T1, T2, TRUST = "#tie:1", "#tie:2", "#quality:trust"
INFO, KOORD = "Informationsaustausch", "Koordination"

# What was filled in, and the tie each answer must give (frequency scale: nie 0 … täglich 4).
EXPECTED = {
    ("JA", "SA", INFO): 3,  # dropdown value "wöchentlich"
    ("JA", "SA", KOORD): 2,  # typed " Monatlich " (case and spaces)
    ("JA", "CAR", INFO): 1,  # "x": the lowest answer meaning cooperation
    ("JA", "OB", KOORD): 3,  # the code typed as a number
    ("JA", "new_1", INFO): 4,  # a new partner
    ("SA", "JA", INFO): 3,  # "WOECHENTLICH" in a re-sorted sheet
    ("SA", "CAR", KOORD): 2,  # "2 - monatlich"
    ("SA", "new_1", KOORD): 1,  # the same new partner, spelled differently
    ("CAR", "JA", INFO): 4,  # entered in the combined workbook
    ("CAR", "INI", INFO): 2,
}


def _fill_wave(templates: TemplateResult, returns: Path) -> None:
    returns.mkdir()
    books = templates.workbooks
    fill(
        books["JA"],
        {
            "SA": {T1: "wöchentlich", T2: " Monatlich ", TRUST: 4},
            "CAR": {T1: "x"},
            "OB": {T2: 3},
            "AWO": {T1: None},  # blank = no answer
            "INI": {T1: "nie"},  # explicitly no tie
        },
        [("Flüchtlingshilfe e.V.", "=Verbände", {T1: "täglich"})],  # '=' typed first
        out=returns / "Antwort Jugendamt (2).xlsx",  # a renamed file
    )
    sa = returns / "sozialamt.xlsx"
    shutil.copy(books["SA"], sa)
    fill(
        sa,
        {"JA": {T1: "WOECHENTLICH"}, "CAR": {T2: "2 - monatlich"}},
        [("flüchtlingshilfe eV", "", {T2: "seltener"})],
    )
    resort(sa)
    # CAR answered on paper; the analyst typed it into the combined workbook
    assert templates.combined is not None
    fill(
        templates.combined,
        {"JA": {INFO: "täglich"}, "INI": {INFO: "monatlich"}},
        respondent="CAR",
        out=returns / "eingabe.xlsx",
    )
    # AWO sent its questionnaire back empty; OB and INI did not answer
    shutil.copy(books["AWO"], returns / "awo.xlsx")


def test_roundtrip_gives_exactly_the_ties_filled_in(
    templates: TemplateResult, tmp_path: Path
) -> None:
    _fill_wave(templates, tmp_path / "returns")
    result = import_responses(tmp_path / "returns", tmp_path / "data", actors=templates.actors)
    assert result.report.ok, result.report.format()
    net = coopnet.load(tmp_path / "data")
    assert net.directed and net.periods == ("2024",)
    got = {
        (s, t, row_type): w
        for s, t, row_type, w in zip(
            net.ties["source"],
            net.ties["target"],
            net.ties["type"],
            net.ties["weight"],
            strict=True,
        )
    }
    assert got == EXPECTED
    for tie_type in (INFO, KOORD):
        g = net.graph("2024", tie_type=tie_type, directed=True)
        assert {(s, t): w for s, t, w in g.edges(data="weight")} == {
            (s, t): w for (s, t, kind), w in EXPECTED.items() if kind == tie_type
        }
    g = net.graph("2024", directed=True)
    analysis = analyze(g, group="group", n_permutations=10, key_players_k=0)
    out_degree = analysis.actors["out_degree"].to_dict()
    partners = {s: {t for (s2, t, _) in EXPECTED if s2 == s} for s in ("JA", "SA", "CAR")}
    assert {a: int(out_degree[a]) for a in partners} == {a: len(p) for a, p in partners.items()}
    assert int(out_degree["AWO"]) == 0
    responded = dict(zip(net.actors["id"], net.actors["responded"], strict=True))
    assert responded == {
        "JA": True,
        "SA": True,
        "CAR": True,
        "AWO": False,
        "OB": False,
        "INI": False,
        "new_1": False,
    }
    # the further columns of the actor list survive; trust is on both tie rows of JA→SA
    assert net.actors.set_index("id").loc["CAR", "sector"] == "Zivilgesellschaft"
    trust = net.ties[(net.ties["source"] == "JA") & (net.ties["target"] == "SA")]["trust"]
    assert trust.astype(int).tolist() == [4, 4]
    codes = {p.code for p in result.data.problems}
    assert {"tick_answer", "blank_return", "formula_name"} <= codes
    assert result.new_actors is not None
    new = result.data.new_actors
    assert new["named_by"].tolist() == ["JA;SA"]
    assert new["provisional_id"].tolist() == ["new_1"]
    assert new["group"].tolist() == ["Verbände"]


def test_confirmed_new_actor_is_applied_by_a_second_import(
    templates: TemplateResult, tmp_path: Path
) -> None:
    _fill_wave(templates, tmp_path / "returns")
    first = import_responses(tmp_path / "returns", tmp_path / "data", actors=templates.actors)
    assert first.new_actors is not None
    text = first.new_actors.read_text(encoding="utf-8").splitlines()
    # the analyst confirms the partner as a new actor with id FLH (editing the 'id' column)
    header = text[0].split(",")
    cells = text[1].split(",")
    cells[header.index("id")] = "FLH"
    first.new_actors.write_text("\n".join([text[0], ",".join(cells)]) + "\n", encoding="utf-8")
    with pytest.raises(coopnet.InputError, match="--replace"):
        import_responses(tmp_path / "returns", tmp_path / "data", actors=templates.actors)
    second = import_responses(
        tmp_path / "returns", tmp_path / "data", actors=templates.actors, replace_files=True
    )
    net = coopnet.load(second.folder)
    origin = dict(zip(net.actors["id"], net.actors["origin"], strict=True))
    assert origin["FLH"] == "new" and "new_1" not in origin
    assert set(net.ties[net.ties["target"] == "FLH"]["source"]) == {"JA", "SA"}
    # the decision is kept in the rewritten file
    assert "FLH" in second.new_actors.read_text(encoding="utf-8")  # type: ignore[union-attr]


def test_merging_a_new_partner_into_a_listed_actor(
    templates: TemplateResult, tmp_path: Path
) -> None:
    _fill_wave(templates, tmp_path / "returns")
    confirm = tmp_path / "confirm.csv"
    # saved from German Excel: semicolons; merge into AWO
    confirm.write_text("name;id\nFlüchtlingshilfe e.V.;AWO\n", encoding="utf-8")
    result = import_responses(
        tmp_path / "returns", tmp_path / "data", actors=templates.actors, new_actors=confirm
    )
    ties = result.data.ties
    merged = ties[ties["target"] == "AWO"]
    assert sorted(zip(merged["source"], merged["type"], merged["weight"], strict=True)) == [
        ("JA", INFO, 4.0),
        ("SA", KOORD, 1.0),
    ]
    assert "new_1" not in set(result.data.actors["id"])


def test_dropping_a_named_partner_is_counted(templates: TemplateResult, tmp_path: Path) -> None:
    _fill_wave(templates, tmp_path / "returns")
    confirm = tmp_path / "confirm.csv"
    confirm.write_text("name,id\nflüchtlingshilfe ev,-\n", encoding="utf-8")
    result = import_responses(
        tmp_path / "returns", tmp_path / "data", actors=templates.actors, new_actors=confirm
    )
    assert len(result.data.ties) == len(EXPECTED) - 2
    dropped = [p for p in result.data.problems if p.code == "dropped_partner"]
    assert dropped and "2 answer(s)" in dropped[0].message


_answer = st.one_of(
    st.none(),
    st.sampled_from(["nie", "seltener", "monatlich", "wöchentlich", "täglich"]),
    st.integers(min_value=0, max_value=4),
)


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    answers=st.dictionaries(
        st.tuples(st.sampled_from(["SA", "CAR", "AWO", "OB", "INI"]), st.sampled_from([T1, T2])),
        _answer,
        max_size=10,
    ),
    reverse=st.booleans(),
)
def test_any_answers_in_any_row_order_round_trip(
    templates: TemplateResult,
    tmp_path_factory: pytest.TempPathFactory,
    answers: dict[tuple[str, str], object],
    reverse: bool,
) -> None:
    codes = {"nie": 0, "seltener": 1, "monatlich": 2, "wöchentlich": 3, "täglich": 4}
    returns = tmp_path_factory.mktemp("r")
    cells: dict[str, dict[str, object]] = {}
    for (partner, key), value in answers.items():
        cells.setdefault(partner, {})[key] = value
    fill(templates.workbooks["JA"], cells or {"SA": {T1: None}}, out=returns / "ja.xlsx")
    if reverse:
        resort(returns / "ja.xlsx")
    if not any(v is not None for v in answers.values()):
        with pytest.raises(coopnet.InputError):  # only a blank questionnaire: nothing to import
            collect_responses(returns)
        return
    data = collect_responses(returns)
    expected = {}
    for (partner, key), value in answers.items():
        code = codes[value] if isinstance(value, str) else value
        if code:
            expected[("JA", partner, INFO if key == T1 else KOORD)] = float(code)
    got = {
        (s, t, k): w
        for s, t, k, w in zip(
            data.ties["source"],
            data.ties["target"],
            data.ties["type"],
            data.ties["weight"],
            strict=True,
        )
    }
    assert got == expected


def test_a_row_inserted_by_a_respondent_is_a_further_partner(
    templates: TemplateResult, tmp_path: Path
) -> None:
    returns = tmp_path / "r"
    returns.mkdir()
    path = fill(templates.workbooks["JA"], {"SA": {INFO: "monatlich"}}, out=returns / "ja.xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book["Partner"]
    sheet.protection.sheet = False
    sheet.insert_rows(9)
    sheet["C9"] = "Tafel Musterstadt"
    sheet["E9"] = "wöchentlich"
    book.save(path)
    data = collect_responses(returns)
    assert data.actors.set_index("id").loc["new_1", "label"] == "Tafel Musterstadt"
    row = data.ties[data.ties["target"] == "new_1"]
    assert row[["type", "weight"]].values.tolist() == [[KOORD, 3.0]]
    assert data.new_actors["cells"].tolist() == ["ja.xlsx[Partner]!C9"]


def test_enter_answers_refuses_unknown_partners_and_columns(templates: TemplateResult) -> None:
    from coopnet.survey import enter_answers

    with pytest.raises(coopnet.InputError, match="no row for partner 'XX'"):
        enter_answers(templates.workbooks["JA"], {"XX": {INFO: "nie"}})
    with pytest.raises(coopnet.InputError, match="no answer column 'Projekt'"):
        enter_answers(templates.workbooks["JA"], {"SA": {"Projekt": "nie"}})
    with pytest.raises(coopnet.InputError, match="only 5 rows"):
        enter_answers(templates.workbooks["JA"], {}, [("P", "", {})] * 6)
    with pytest.raises(coopnet.InputError, match="no answer sheet of 'ZZ'"):
        enter_answers(templates.workbooks["JA"], {}, respondent="ZZ")
