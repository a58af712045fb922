"""Clause-scoped context (ConText-style): a denial reaches only to the end of its clause, never past a comma,
"but", "just" or a new clause, so a red flag after it is still read as present."""

from __future__ import annotations

import pytest

from triage.negation import Polarity, Scopes


def polarity_of(text: str, phrase: str) -> Polarity:
    lower = text.lower()
    return Scopes(lower).polarity(lower.index(phrase))


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("no temperature, lips are blue", "lips"),
        ("no fever, can't breathe", "can't breathe"),
        ("not dizzy, slurred speech and face drooping", "slurred"),
        ("no rash, tongue swelling", "tongue"),
        ("no injury, crushing chest pain", "crushing"),
        ("no fever and her lips are blue", "lips"),
        ("no blue lips and crushing chest pain", "crushing"),
        ("no cough but chest pain", "chest pain"),
        ("not feverish; sudden weakness in one arm", "sudden"),
        ("no vomiting just a headache", "headache"),
        ("he is not breathing", "not breathing"),
        ("the bleeding won't stop", "bleeding"),
        ("i don't think it's chest pain", "chest pain"),
        ("not sure, no chest pain maybe", "chest pain"),
    ],
)
def test_a_cue_does_not_reach_past_its_clause_or_into_doubt(text: str, phrase: str) -> None:
    assert polarity_of(text, phrase) is Polarity.PRESENT


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("no chest pain", "chest pain"),
        ("denies shortness of breath", "shortness"),
        ("no chest pain or shortness of breath", "shortness"),
        ("no chest pain, and no shortness of breath", "shortness"),
        ("she hasn't got a rash", "rash"),
        ("without any vomiting", "vomiting"),
        ("never had a seizure", "seizure"),
    ],
)
def test_a_denial_negates_what_follows_it_in_the_same_clause(text: str, phrase: str) -> None:
    assert polarity_of(text, phrase) is Polarity.NEGATED


@pytest.mark.parametrize(
    ("text", "phrase", "expected"),
    [
        ("if i get chest pain i'll call back", "chest pain", Polarity.HYPOTHETICAL),
        ("history of asthma as a child", "asthma", Polarity.HISTORICAL),
        ("family history of bowel cancer", "bowel cancer", Polarity.OTHER),
        ("my dad had a stroke at 60", "stroke", Polarity.OTHER),
        ("my son has a fever", "fever", Polarity.PRESENT),
    ],
)
def test_hypothetical_historical_and_someone_elses_findings_are_told_apart(
    text: str, phrase: str, expected: Polarity
) -> None:
    assert polarity_of(text, phrase) is expected
