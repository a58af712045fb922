"""A typo equally near two words is read as each in turn and the most urgent answer kept (hazard log T-61).

Made-up reports only. "pani" is a slip of both "pain" and "panic", so typo repair leaves it as typed; before this,
a boy's sudden testicular pain typed that way lost its red flag and was answered self care.
"""

from __future__ import annotations

from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.vocabulary import Disposition
from triage import lexicon, readings
from triage.findings import extract
from triage.schemas import TriageResult, parse_report
from triage.service import Triager, default_artifacts_dir


@cache
def shipped() -> Triager:
    return Triager.load(default_artifacts_dir())


def assess(text: str, age: float = 15, sex: str = "male") -> TriageResult:
    return shipped().assess(parse_report({"text": text, "age": age, "sex": sex}))


@pytest.mark.parametrize(
    ("typo", "words"),
    [
        ("pani", ("pain", "panic")),
        ("feer", ("fever", "fewer")),
        ("tird", ("third", "tired")),
        ("tred", ("tired", "tried")),
    ],
)
def test_a_typo_equally_a_slip_of_two_words_has_both_readings_and_is_not_repaired(
    typo: str, words: tuple[str, ...]
) -> None:
    lex = lexicon.load()
    assert lex.readings(typo) == words
    assert lex.repair(typo) == typo


@pytest.mark.parametrize("word", ["throt", "fever", "pain", "feef", "xcough", "abc"])
def test_a_word_repair_settles_or_leaves_alone_has_no_readings(word: str) -> None:
    assert lexicon.load().readings(word) == ()


def test_a_testicular_pain_typed_pani_keeps_its_red_flag() -> None:
    typed = assess("sudden pani in my left testicle, started an hour ago, feel sick")
    meant = assess("sudden pain in my left testicle, started an hour ago, feel sick")
    assert typed.disposition is meant.disposition is Disposition.ED
    assert "testicular pain" in typed.red_flags
    assert typed.explanation[0].source == "rule"
    assert typed.explanation[0].feature.startswith("'pani' read as 'pain'")


def test_the_reading_as_typed_stands_when_no_other_is_more_urgent() -> None:
    typed = assess("mild sore throat for two days, a bit tird, eating and drinking fine", age=30, sex="female")
    assert not any(item.feature.startswith("'tird' read as") for item in typed.explanation)


def test_each_tied_word_is_read_each_way_with_the_others_as_typed() -> None:
    f = extract("pani in my side and a feer since yesterday")
    found = [(a.typed, a.word) for a in readings.alternatives(f)]
    assert found == [("pani", "pain"), ("pani", "panic"), ("feer", "fever"), ("feer", "fewer")]
    texts = [a.text for a in readings.alternatives(f)]
    assert texts[0] == "pain in my side and a feer since yesterday"
    assert texts[3] == "pani in my side and a fewer since yesterday"


def test_a_report_without_tied_typos_has_no_alternatives() -> None:
    assert readings.alternatives(extract("crushing chest pain and sweating, feel sick")) == []


_TIES = ["pani", "feer", "tird", "tred"]
_STORIES = [
    "{} in my left testicle since this morning",
    "had a {} since yesterday, otherwise well",
    "been {} all week and off my food",
    "my daughter is {} and has a rash on her legs that doesn't fade",
]


@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.sampled_from(_TIES), st.sampled_from(_STORIES), st.integers(min_value=1, max_value=90))
def test_an_answer_is_never_below_any_of_its_readings(tie: str, story: str, age: int) -> None:
    typed = story.format(tie)
    answer = assess(typed, age=age)
    for alternative in readings.alternatives(extract(typed)):
        other = assess(alternative.text, age=age)
        assert answer.disposition.urgency >= other.disposition.urgency, alternative.text
    report = parse_report({"text": typed, "age": age, "sex": "male"})
    assert answer.disposition.urgency >= shipped().assess_reading(report, extract(typed)).disposition.urgency


def test_a_typo_said_twice_is_read_the_same_way_both_times() -> None:
    f = extract("pani in my side, the pani is worse at night")
    texts = [a.text for a in readings.alternatives(f)]
    assert texts == ["pain in my side, the pain is worse at night", "panic in my side, the panic is worse at night"]


def test_only_the_first_few_tied_words_are_read_each_way_so_odd_input_costs_a_bounded_number_of_readings() -> None:
    """Each reading is a whole assessment: text made of tied typos ("pani pani ...", or ten different ones) must not
    cost hundreds of them (before, 2,000 characters of "pani " cost 798 readings, about 0.5 s of CPU)."""
    ties = ["pani", "feer", "tird", "tred", "btter", "feeing", "neeed", "blcked", "feell", "bgger"]
    assert len(readings.alternatives(extract(" ".join(["pani"] * 399)))) == 2
    found = readings.alternatives(extract(" ".join(ties * 39)[:2000]))
    assert len({a.typed for a in found}) == readings.MAX_TIED
    assert [a.typed for a in found][:2] == ["pani", "pani"]
