"""Escalate only: a red flag (answer, phrase or observation) never lowers the disposition, and the final
disposition is never less urgent than any rule floor. Property-based, derandomised so every run is the same."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from models.vocabulary import Disposition
from triage import decide, phrases, rules
from triage.questions import QUESTIONS
from triage.schemas import parse_report
from triage.service import Triager

PROPERTY = settings(derandomize=True, deadline=None, max_examples=40, suppress_health_check=[HealthCheck.too_slow])

# Ordinary complaints with no red-flag phrase in them (checked below), of every urgency.
BASES = (
    "sore throat and a runny nose",
    "twisted my ankle, it is a bit swollen",
    "burning when i pee",
    "itchy rash on my arms",
    "headache since this morning",
    "been feeling low and tired",
    "ear ache on the left",
    "diarrhoea since last night",
    "back ache after lifting boxes",
    "dry cough for a few days",
    "my eye is red and sticky",
    "pain in my tummy after eating",
    "feel dizzy when i stand up",
    "no chest pain, just a cold",
)
# Appended red-flag phrases a person might say, one per rule family.
FLAGS = (
    "crushing pain in my chest going down my arm",
    "i can't breathe",
    "my lips have gone blue",
    "worst headache of my life",
    "my face is drooping",
    "the rash doesn't fade under a glass",
    "i'm suicidal and i have a plan",
    "i have had suicidal thoughts",
    "my throat is closing",
    "it's bleeding heavily",
    "i'm vomiting blood",
    "he collapsed",
    "i suddenly lost the sight in one eye",
    "numbness around my bottom",
    "i have a stiff neck",
    "my skin looks mottled",
    "terrible pain in my testicle",
    "stridor",
)
AGES = st.sampled_from([0.1, 0.4, 2.0, 7.0, 16.0, 30.0, 55.0, 80.0])
SEXES = st.sampled_from(["female", "male", "unknown"])
POSITIVE = st.sampled_from(["yes", "unsure"])


def report(text: str, age: float, sex: str, **extra: Any) -> Any:
    return parse_report({"text": text, "age": age, "sex": sex, **extra})


def test_the_bases_carry_no_red_flag_phrase_and_every_flag_fires() -> None:
    assert all(not phrases.phrase_hits(text) for text in BASES)
    # A phrase or a word rule ("i have a stiff neck" is a word rule since round 21, T-104).
    assert all(rules.assess(report(text, 40, "unknown")) for text in FLAGS)


@PROPERTY
@given(base=st.sampled_from(BASES), age=AGES, sex=SEXES, question=st.sampled_from(sorted(QUESTIONS)), answer=POSITIVE)
def test_adding_a_positive_answer_never_lowers_the_disposition(
    triager: Triager, base: str, age: float, sex: str, question: str, answer: str
) -> None:
    before = triager.assess(report(base, age, sex))
    after = triager.assess(report(base, age, sex, answers={question: answer}))
    assert after.disposition.urgency >= before.disposition.urgency
    assert after.disposition.urgency >= QUESTIONS[question].floor.urgency


@PROPERTY
@given(base=st.sampled_from(BASES), flag=st.sampled_from(FLAGS), age=AGES, sex=SEXES)
def test_adding_a_red_flag_phrase_never_lowers_the_disposition(
    triager: Triager, base: str, flag: str, age: float, sex: str
) -> None:
    before = triager.assess(report(base, age, sex))
    after = triager.assess(report(f"{base}, {flag}", age, sex))
    assert after.disposition.urgency >= before.disposition.urgency
    assert after.red_flags


OBSERVATIONS = st.fixed_dictionaries(
    {
        "respiratory_rate": st.integers(5, 40),
        "spo2": st.integers(80, 100),
        "pulse": st.integers(35, 160),
        "systolic_bp": st.integers(70, 200),
        "temperature": st.floats(34.0, 40.5).map(lambda t: round(t, 1)),
        "consciousness": st.sampled_from(["A", "A", "C", "V", "P", "U"]),
    }
)


@PROPERTY
@given(base=st.sampled_from(BASES), age=st.sampled_from([3.0, 20.0, 45.0, 70.0]), sex=SEXES, obs=OBSERVATIONS)
def test_adding_abnormal_observations_never_lowers_the_disposition(
    triager: Triager, base: str, age: float, sex: str, obs: dict[str, Any]
) -> None:
    after_report = report(base, age, sex, observations=obs)
    assume(rules.observation_hits(after_report))
    before = triager.assess(report(base, age, sex))
    after = triager.assess(after_report)
    assert after.disposition.urgency >= before.disposition.urgency


@PROPERTY
@given(
    text=st.lists(st.sampled_from(BASES + FLAGS), min_size=1, max_size=3).map(", ".join),
    age=AGES,
    sex=SEXES,
    answers=st.dictionaries(st.sampled_from(sorted(QUESTIONS)), st.sampled_from(["yes", "no", "unsure"]), max_size=3),
)
def test_the_decision_is_never_below_a_rule_floor_and_probabilities_sum_to_one(
    triager: Triager, text: str, age: float, sex: str, answers: dict[str, str]
) -> None:
    r = report(text, age, sex, answers=answers)
    result = triager.assess(r)
    for hit in rules.assess(r):
        assert result.disposition.urgency >= hit.floor.urgency, hit.name
    doubted = [e for e in result.explanation if e.feature.startswith("clinical assessment:")]
    # Only a clinician's call back may stand in for the model's choice, and only with its reason shown.
    assert result.disposition.urgency >= result.model_disposition.urgency or (
        doubted and result.disposition is Disposition.CLINICAL_ASSESSMENT
    )
    assert abs(sum(result.probabilities.values()) - 1.0) < 1e-9
    assert all(0.0 <= p <= 1.0 for p in result.probabilities.values())
    assert result.acuity is result.disposition.acuity


@settings(derandomize=True, max_examples=200)
@given(
    weights=st.lists(st.floats(0.0, 1.0), min_size=len(decide.LEVELS), max_size=len(decide.LEVELS)).filter(
        lambda w: sum(w) > 0
    ),
    floors=st.lists(st.sampled_from(list(Disposition)), max_size=3),
)
def test_the_pure_policy_then_escalation_is_never_below_a_floor(
    weights: list[float], floors: list[Disposition]
) -> None:
    total = sum(weights)
    choice = decide.policy([w / total for w in weights], {d: 0.3 for d in Disposition})
    final = decide.escalate(choice, floors)
    assert all(final.urgency >= f.urgency for f in floors)
    assert final.urgency >= choice.urgency
