"""A symptom word in another sense is not that symptom (issue 15 round 18, hazard row T-71): "i'm normally fit and
well" was read as a seizure, "it stings when i pee" as an insect sting, "he runs every morning" as diarrhoea, "bites
her nails" as a bite and "a faint rash" as fainting. The generator's own background line "i'm normally fit and well"
put a seizure into 909 of 20,000 training reports of every urgency, so the model learned a seizure as a sign of
*less* urgency. Phrases of one111_terms.csv with the concept `ONE111:not_a_symptom` are matched like any term, so the
word inside is not read, and then dropped; other phrases give the word's meaning in context ("the runs").
"""

from __future__ import annotations

import pytest

from triage.findings import extract
from triage.lexicon import NOT_A_SYMPTOM

SEIZURE, DIARRHOEA, BITES, SYNCOPE, RASH, DYSURIA = (
    "SYMP:0000124",
    "SYMP:0000570",
    "MESH:D001733",
    "SYMP:0000407",
    "SYMP:0000487",
    "SYMP:0000485",
)


def concepts(text: str) -> set[str]:
    return {f.concept for f in extract(text).present()}


@pytest.mark.parametrize(
    ("text", "not_read_as"),
    [
        ("i'm normally fit and well, sore throat for 2 days", SEIZURE),
        ("she is usually fit and active", SEIZURE),
        ("he runs every morning and has twisted his ankle", DIARRHOEA),
        ("it stings when i pee and i keep needing to go", BITES),
        ("my eye stings", BITES),
        ("she bites her nails and now one finger is red and swollen", BITES),
        ("he bites on the gauze but it still oozes", BITES),
        ("a faint line on the pregnancy test and some cramps", SYNCOPE),
        ("a faint rash on his tummy", SYNCOPE),
    ],
)
def test_a_symptom_word_in_another_sense_is_not_that_symptom(text: str, not_read_as: str) -> None:
    assert not_read_as not in concepts(text)


@pytest.mark.parametrize(
    ("text", "read_as"),
    [
        ("he had a fit this morning, he's normally fit and well", SEIZURE),
        ("i've got the runs since the takeaway", DIARRHOEA),
        ("stung by a wasp on my hand", BITES),
        ("covered in mosquito bites after camping", BITES),
        ("a dog bite on her calf", BITES),
        ("wasp stings on both arms", BITES),
        ("i feel faint when i stand up", SYNCOPE),
        ("a faint rash on his tummy", RASH),
        ("it stings when i pee", DYSURIA),
        ("stinging when she wees for two days", DYSURIA),
        ("burning when he pees", DYSURIA),
    ],
)
def test_the_symptom_in_its_own_sense_is_still_read(text: str, read_as: str) -> None:
    assert read_as in concepts(text)


def test_a_phrase_in_another_sense_never_becomes_a_finding() -> None:
    items = extract("fit and well, fit as a fiddle, keeps fit, bites his nails, a faint smell").items
    assert all(f.concept != NOT_A_SYMPTOM for f in items)


COLD, SHOCK = "ONE111:runny_nose", "SYMP:0000450"


@pytest.mark.parametrize(
    ("text", "not_read_as"),
    [
        ("i had a cold shower and then felt dizzy", COLD),
        ("her hands and feet are cold and she's floppy", COLD),
        ("it was a bit of a shock to see him like that", SHOCK),
        ("she got a shock off the kettle plug", SHOCK),
    ],
)
def test_cold_hands_or_a_shock_to_see_is_not_a_cold_or_circulatory_shock(text: str, not_read_as: str) -> None:
    assert not_read_as not in concepts(text)


@pytest.mark.parametrize(
    ("text", "read_as"),
    [
        ("i've got a cold and a cough", COLD),
        ("he went into shock after the bee sting", SHOCK),
        ("pale, clammy and in shock", SHOCK),
    ],
)
def test_a_cold_or_shock_in_its_own_sense_is_still_read(text: str, read_as: str) -> None:
    assert read_as in concepts(text)
