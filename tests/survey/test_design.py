"""Answer scales: every way a respondent writes an answer, and what is not an answer."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from coopnet.config import DatasetMeta, meta_from_mapping
from coopnet.survey import SCALES, Scale, SurveyDesign, parse_scale
from coopnet.survey.design import ReadAnswer, fold

FREQ = SCALES["frequency"]["de"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("wöchentlich", ReadAnswer(3, "label")),
        ("  Wöchentlich ", ReadAnswer(3, "label")),
        ("WOECHENTLICH", ReadAnswer(3, "label")),
        ("weekly", ReadAnswer(3, "label")),  # the other language of a named scale
        ("3", ReadAnswer(3, "number")),
        ("3,0", ReadAnswer(3, "number")),
        ("3 - wöchentlich", ReadAnswer(3, "label")),
        ("3 (wöchentlich)", ReadAnswer(3, "label")),
        ("x", ReadAnswer(1, "tick")),
        ("X", ReadAnswer(1, "tick")),
        ("✓", ReadAnswer(1, "tick")),
        ("-", ReadAnswer(0, "none")),
        ("nie", ReadAnswer(0, "label")),
        ("oft", None),
        ("7", None),
        ("2 - wöchentlich", None),  # number and label disagree
        ("1.5", None),
    ],
)
def test_frequency_answers(text: str, expected: ReadAnswer | None) -> None:
    assert FREQ.read(text) == expected


def test_quality_scale_takes_no_ticks() -> None:
    quality = SCALES["quality"]["de"]
    assert quality.read("x", ticks=False) is None
    assert quality.read("ziemlich", ticks=False) == ReadAnswer(3, "label")
    assert quality.read("0", ticks=False) is None


def test_yes_no_scale() -> None:
    scale = parse_scale("ja-nein")
    assert scale.read("Ja") == ReadAnswer(1, "label")
    assert scale.read("x") == ReadAnswer(1, "tick")
    assert scale.read("nein") == ReadAnswer(0, "label")


_spaces = st.text(alphabet=" \t\u00a0", max_size=3)


@given(st.sampled_from(FREQ.labels), _spaces, _spaces, st.booleans())
def test_any_case_and_spacing_of_a_label_reads_as_its_code(
    label: str, before: str, after: str, upper: bool
) -> None:
    text = before + (label.upper() if upper else label) + after
    assert FREQ.read(text) == ReadAnswer(FREQ.codes[FREQ.labels.index(label)], "label")


@given(
    st.lists(
        st.text(alphabet="abcdefghijklmnopqrstuvwxyzäöü ", min_size=1, max_size=12),
        min_size=2,
        max_size=6,
    )
)
def test_custom_scales_read_their_own_labels(labels: list[str]) -> None:
    labels = [" ".join(label.split()) for label in labels]
    assume(all(fold(label) for label in labels))
    assume(len({fold(label) for label in labels}) == len(labels))
    scale = Scale("custom", tuple(labels), tuple(range(len(labels))))
    for code, label in enumerate(labels):
        assert scale.read(label.upper()) == ReadAnswer(code, "label")


def test_design_key_identifies_the_questions() -> None:
    a = SurveyDesign(name="M", period="2024")
    assert a.key() == SurveyDesign(name="M", period="2024", extra_rows=9).key()
    assert a.key() != SurveyDesign(name="M", period="2026").key()
    assert a.key() != SurveyDesign(name="M", period="2024", tie_types=("Projekt",)).key()


def test_design_round_trips_through_dataset_toml() -> None:
    import tomllib

    design = SurveyDesign(
        tie_types=("Info", "Projekt"),
        scale=parse_scale("nie, selten, oft"),
        quality=("trust", "value"),
        name='Stadt "A"',
        period="2024",
    )
    meta = DatasetMeta(directed=True, survey=design.to_table())
    back = meta_from_mapping(tomllib.loads(meta.to_toml()))
    assert back == meta
    assert SurveyDesign.from_table(back.survey, period="2024") == design


def test_survey_table_is_checked() -> None:
    from coopnet.errors import InputError

    with pytest.raises(InputError, match="survey"):
        meta_from_mapping({"survey": {"codes": [0.5]}})
