"""Two classes the call-back band exposed in issue 15 round 17 (hazard rows T-63 and T-64), found with made-up
emergencies written from NHS.uk's "call 999 / go to A&E" advice: reports the model put at ED only through its
threshold, which the band would have sent to a clinician's call back. Each class is written from guidance and tested
with our own made-up reports: the person, a relative, a clinician's note; denials and near misses that must not fire.
"""

from __future__ import annotations

import pytest

from models.vocabulary import Acuity
from tests.triage.reports import flags
from triage import rules
from triage.schemas import parse_report
from triage.service import Triager, default_artifacts_dir

PERITONISM = "tummy pain spreading across the whole tummy, or a rigid tummy"


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("pain low on the right side of my tummy since yesterday, now it's spread across my whole tummy", 40),
        ("his stomach pain has spread all over his tummy and he can't get comfortable", 67),
        ("the pain started in the middle and now it's spreading across her whole belly", 35),
        ("my tummy is rigid and really painful", 52),
        ("severe abdominal pain, abdomen rigid on palpation", 71),
        ("agony in my belly, it's hard as a board", 29),
        ("she says her tummy has gone rock hard and it hurts so much", 45),
    ],
)
def test_tummy_pain_spreading_across_the_whole_tummy_or_a_rigid_tummy_goes_to_ed(text: str, age: float) -> None:
    assert PERITONISM in flags(text, age)
    result = Triager.load(default_artifacts_dir()).assess(parse_report({"text": text, "age": age}))
    assert result.acuity is Acuity.EMERGENCY


@pytest.mark.parametrize(
    "text",
    [
        "a rash that has spread all over his tummy and back, no pain",
        "tummy ache, no rigid tummy, it's soft",
        "the pain in my side has spread across my back",
        "tummy ache in the lower right, worse when i walk",
        "eczema all over my tummy, really itchy",
        "my tummy feels bloated and hard after eating, no pain",
        "had peritonitis years ago, now a mild tummy ache",
    ],
)
def test_a_rash_a_denial_pain_spreading_elsewhere_or_a_bloated_tummy_is_not_the_spreading_pain_rule(text: str) -> None:
    assert PERITONISM not in flags(text)


ECTOPIC = "pregnancy with heavy bleeding, one-sided or shoulder-tip pain"


@pytest.mark.parametrize(
    "text",
    [
        "sharp pain in my lower right tummy since last night, i'm 7 weeks pregnant",
        "i'm pregnant, about 6 weeks, and have a cramping pain in the left side of my belly",
        "positive test last week, now stabbing pain in her lower left abdomen",
        "8 weeks pregnant with pain in the right side of my pelvis",
    ],
)
def test_early_pregnancy_with_pain_in_one_side_of_the_tummy_goes_to_ed(text: str) -> None:
    assert ECTOPIC in flags(text, 30, sex="female")


@pytest.mark.parametrize(
    "text",
    [
        "sharp pain in my lower right tummy since last night",
        "i'm 7 weeks pregnant with pain in both sides of my tummy, like period pain",
        "i'm pregnant and have a pain in my right leg",
        "i'm pregnant, no pain in my lower right tummy, just sickness",
    ],
)
def test_one_sided_pain_without_a_pregnancy_or_pain_elsewhere_is_not_the_ectopic_rule(text: str) -> None:
    assert ECTOPIC not in flags(text, 30, sex="female")


# Two classes every retrain lost (round 17 part 5, T-65 and T-66): v20 of the earlier set and g41 of the guidance set
# were read for them, so those sets are no longer unseen for these classes. The reports below are made up.
CHEST = "crushing chest pain"


@pytest.mark.parametrize(
    "text",
    [
        "my chest feels tight and heavy, it's been like this for half an hour",
        "his chest is really tight and he looks grey",
        "chest went tight while i was watching telly and it hasn't eased",
        "she says her chest has been heavy since she woke up",
    ],
)
def test_a_chest_said_to_be_tight_or_heavy_after_the_word_chest_is_the_chest_pain_red_flag(text: str) -> None:
    assert CHEST in flags(text, 60)


@pytest.mark.parametrize(
    "text",
    [
        "my chest doesn't feel tight at all, just a cough",
        "no tightness, chest is not tight",
        "my heart feels heavy since my mum died",
        "the chest of drawers is heavy and i hurt my back lifting it",
    ],
)
def test_a_chest_that_is_not_tight_a_heavy_heart_or_furniture_is_not_the_chest_pain_red_flag(text: str) -> None:
    assert CHEST not in flags(text, 60)


SHINGLES = "shingles near the eye"


@pytest.mark.parametrize(
    "text",
    [
        "painful blisters in a strip across my forehead and onto my eyelid, the doctor thinks it's shingles",
        "i've got shingles and now my eye is sore and red",
        "shingles rash round his left eye since yesterday",
        "herpes zoster affecting the forehead and upper eyelid",
    ],
)
def test_shingles_near_the_eye_goes_to_an_urgent_gp_the_same_day(text: str) -> None:
    assert SHINGLES in flags(text, 60)
    result = Triager.load(default_artifacts_dir()).assess(parse_report({"text": text, "age": 60}))
    assert result.disposition.urgency >= rules.D.GP_OOH.urgency


@pytest.mark.parametrize(
    "text",
    [
        "shingles on my back, really painful",
        "history of shingles near the eye, now a cold",
        "shingles on my chest. my eyes are itchy from hay fever",
        "no shingles, just a sore eye",
    ],
)
def test_shingles_elsewhere_in_the_past_or_denied_is_not_the_eye_rule(text: str) -> None:
    assert SHINGLES not in flags(text, 60)


# Found among the synthetic emergencies candidate C under-triaged (round 17 part 5, T-67): a chemical in the eye was
# caught only by the model's words, and the shipped triager answered a child's bleach splash, told beside a minor
# bump, self care.
CHEMICAL_EYE = "a chemical in the eye"


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("my 4 year old splashed bleach in his eye, also bumped his head earlier but he's playing normally", 4),
        ("got some oven cleaner in my eye, rinsed it but it still stings", 35),
        ("chemical splash to the left eye at work", 41),
        ("she sprayed cleaning spray into her eyes by accident", 2),
        ("cement dust went in both my eyes on site and they burn", 29),
    ],
)
def test_a_chemical_in_the_eye_goes_to_ed(text: str, age: float) -> None:
    assert CHEMICAL_EYE in flags(text, age)
    result = Triager.load(default_artifacts_dir()).assess(parse_report({"text": text, "age": age}))
    assert result.acuity is Acuity.EMERGENCY


@pytest.mark.parametrize(
    "text",
    [
        "got shampoo in my eye in the shower, it stung for a minute",
        "bleach on my hands, no splash near my eyes",
        "used eye drops from the chemist for a sticky eye",
        "no chemicals went in his eye, he just rubbed it",
    ],
)
def test_shampoo_a_denial_or_eye_drops_are_not_a_chemical_in_the_eye(text: str) -> None:
    assert CHEMICAL_EYE not in flags(text, 30)


def test_a_clinicians_peritonitic_abdomen_is_the_rigid_tummy_rule() -> None:
    assert PERITONISM in flags("27M presenting with peritonitic abdomen, guarding in all quadrants", 27)


# Two made-up emergencies of part 3 answered a call back with or without the band (round 17, T-68, T-69).
EYE = "painful red eye with a change in sight"


@pytest.mark.parametrize(
    "text",
    [
        "my eye is really painful and red, my vision is blurry and i'm seeing halos around lights",
        "sudden pain in her left eye, it's red and she says her sight has gone misty",
        "painful red eye since this morning, can't see properly out of it",
        "eye pain and blurred vision in the right eye, feel sick",
    ],
)
def test_a_painful_red_eye_with_a_change_in_sight_goes_to_ed(text: str) -> None:
    assert EYE in flags(text, 65)
    result = Triager.load(default_artifacts_dir()).assess(parse_report({"text": text, "age": 65}))
    assert result.acuity is Acuity.EMERGENCY


@pytest.mark.parametrize(
    "text",
    [
        "sticky red eye, crusty in the morning, vision fine",
        "painful red eye, no change in my vision",
        "blurry vision when i'm tired, wear glasses, eyes fine",
        "itchy red eyes from hay fever",
    ],
)
def test_a_sticky_eye_sight_unchanged_or_blurring_without_a_painful_eye_is_not_the_eye_rule(text: str) -> None:
    assert EYE not in flags(text, 40)


CUT = "a cut with fingers or toes that cannot move or be felt"


@pytest.mark.parametrize(
    "text",
    [
        "cut my wrist on glass, it's deep and i can't move my fingers properly",
        "sliced my hand with a knife, now two fingers are numb",
        "he gashed his palm on a tin and can't bend his thumb",
        "stood on glass, deep cut on my foot and i can't feel my toes",
    ],
)
def test_a_cut_with_fingers_or_toes_that_cannot_move_or_be_felt_goes_to_ed(text: str) -> None:
    assert CUT in flags(text, 30)


@pytest.mark.parametrize(
    "text",
    [
        "cut my finger chopping onions, bleeding stopped, can move it fine",
        "paper cut on my thumb",
        "my fingers go numb in the cold, no injury",
        "cut my knee falling off my bike, can walk fine",
    ],
)
def test_a_cut_that_moves_and_feels_or_numbness_without_a_cut_is_not_the_cut_rule(text: str) -> None:
    assert CUT not in flags(text, 30)
