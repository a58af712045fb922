"""Red flags said in words that no rule caught, found in issue 15 round 12 among the synthetic emergencies a call-back
band would move from ED (hazard rows T-49 to T-58). Each class is written from guidance and tested with our own
made-up reports: the person, a relative, a clinician's note; denials, history and near misses that must not fire."""

from __future__ import annotations

import pytest

from tests.triage.reports import flags

CHEMO = "on chemotherapy with a fever or signs of infection"


@pytest.mark.parametrize(
    "text",
    [
        "i'm on chemo and i've got a temperature of 38.4",
        "i'm having chemotherapy. since this morning i feel shivery and hot",
        "high temperature and a sore throat since last night. i'm on chemo for breast cancer",
        "she started chemo two weeks ago. she's feverish and feels awful",
        "my husband had his chemo on monday, now he has the shivers and feels really unwell",
        "temp 37.9, i had my chemo last week",
        "on chemo and it burns when i pee",
        "my mum's on chemotherapy, she's coughing up green phlegm and more breathless",
        "pyrexial, currently receiving chemotherapy",
        "known neutropenia after his last cycle, now febrile",
    ],
)
def test_chemotherapy_with_a_fever_or_signs_of_infection_goes_to_ed(text: str) -> None:
    assert CHEMO in flags(text)


@pytest.mark.parametrize(
    "text",
    [
        "i'm on chemo, no fever, just tired",
        "i finished chemotherapy 10 years ago and now i've got a temperature with a cold",
        "had chemo years ago for breast cancer, now i have a fever and a sore throat",
        "she's due to start chemo next week and has a temperature",
        "i'm on chemo, temp 36.8, feeling a bit sick",
        "i'm on chemotherapy and my hair is falling out",
        "told to ring the chemo line if i get a temperature",
        "i have a fever and a cough",
        "hay fever is driving me mad, i'm on chemotherapy",
    ],
)
def test_chemotherapy_past_not_started_or_without_infection_fires_no_chemotherapy_rule(text: str) -> None:
    assert CHEMO not in flags(text)


@pytest.mark.parametrize(
    "text",
    [
        "blood is pouring from a cut on my leg and it won't stop",
        "cut my hand on glass and it's gushing blood",
        "he's gushing blood from his head",
        "the wound keeps bleeding through the towel and won't stop",
        "blood spurting from her arm",
    ],
)
def test_bleeding_that_pours_or_will_not_stop_is_999(text: str) -> None:
    assert "uncontrolled bleeding" in flags(text)


@pytest.mark.parametrize(
    "text",
    [
        "a small cut, the bleeding stopped after five minutes of pressure",
        "my nose was pouring with snot",
        "it's pouring with rain and i have a cold",
        "bleeding gums when i brush my teeth",
    ],
)
def test_bleeding_that_stopped_or_pouring_rain_is_not_uncontrolled_bleeding(text: str) -> None:
    assert "uncontrolled bleeding" not in flags(text)


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("my baby has apnoea episodes with a cold", 0.3),
        ("5/12 M presenting with apnoeic episodes with bronchiolitis", 0.4),
        ("she keeps stopping breathing for a few seconds, she has bronchiolitis", 0.2),
        ("there are pauses in his breathing and he goes quiet", 0.5),
        ("he stops breathing for a few seconds when he coughs", 1),
    ],
)
def test_pauses_in_breathing_are_999(text: str, age: float) -> None:
    assert "pauses in breathing (apnoea)" in flags(text, age)


@pytest.mark.parametrize(
    "text",
    [
        "i have sleep apnoea and use a cpap machine",
        "obstructive sleep apnea, waiting for a sleep study, now a cough",
        "no pauses in her breathing, just a runny nose",
        "i stopped breathing through my nose because it's blocked",
    ],
)
def test_sleep_apnoea_a_denial_or_a_blocked_nose_is_not_apnoea(text: str) -> None:
    assert "pauses in breathing (apnoea)" not in flags(text)


FRACTURE = "limb at an odd angle after an injury"


@pytest.mark.parametrize(
    "text",
    [
        "deformed wrist after falling onto my hand",
        "28F presenting with deformed distal radius after FOOSH",
        "fell off the trampoline, obvious deformity of his forearm",
        "he's got a crooked finger since the ball hit it",
    ],
)
def test_a_deformed_limb_named_before_the_limb_goes_to_ed(text: str) -> None:
    assert FRACTURE in flags(text)


@pytest.mark.parametrize(
    "text", ["no deformity of the wrist after the fall", "i've had a crooked finger since birth, it aches today"]
)
def test_a_denied_or_lifelong_crooked_limb_without_injury_fires_no_fracture_rule(text: str) -> None:
    assert FRACTURE not in flags(text)


SJS = "peeling or blistering skin after a new medicine"


@pytest.mark.parametrize(
    "text",
    [
        "my skin is peeling and blistering after starting a new tablet",
        "22M presenting with desquamating rash after new drug",
        "she started lamotrigine two weeks ago and now has a blistering rash and sore eyes",
        "since the new antibiotics his skin has started coming off in sheets",
    ],
)
def test_peeling_or_blistering_skin_after_a_new_medicine_goes_to_ed(text: str) -> None:
    assert SJS in flags(text)


@pytest.mark.parametrize(
    "text",
    [
        "peeling skin after sunburn on holiday",
        "blister on my heel from new shoes",
        "started a new tablet for blood pressure, no rash",
        "chickenpox blisters, she's on calpol",
    ],
)
def test_sunburn_a_blister_or_a_new_medicine_without_skin_loss_is_not_sjs(text: str) -> None:
    assert SJS not in flags(text)


DKA = "possible diabetic ketoacidosis"


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("65F presenting with hyperglycaemia with vomiting and kussmaul breathing", 65),
        ("hyperglycemia, vomiting since this morning", 30),
        ("type 1, deep sighing breathing and tummy pain", 15),
    ],
)
def test_high_blood_sugar_with_vomiting_or_kussmaul_breathing_is_possible_dka(text: str, age: float) -> None:
    assert DKA in flags(text, age)


def test_hyperglycaemia_alone_is_not_dka() -> None:
    assert DKA not in flags("hyperglycaemia on steroids, feels fine", 60)
    assert DKA not in flags("no hyperglycaemia, vomiting after a bad curry", 30)


SPINAL = "cannot feel or move the legs or arms after an injury"
MECHANISM = "a serious injury (fall from height or a road crash) and cannot get up or walk"


@pytest.mark.parametrize(
    "text",
    [
        "fell off a ladder from really high and can't feel my legs",
        "came off his motorbike and now he can't move his legs",
        "dived into the shallow end and his arms are numb and he can't move them",
        "after the crash she says her legs are numb",
        # the module's one "cannot" vocabulary (_UNABLE): "could not" and "hasn't been able to" count too
        "he fell off the wall and could not feel his legs",
        "she slipped on the ice and hasn't been able to move her legs since",
    ],
)
def test_numb_or_unmoving_limbs_after_an_injury_are_999(text: str) -> None:
    assert SPINAL in flags(text)


@pytest.mark.parametrize(
    "text",
    [
        "31F presenting with high-energy RTC, unable to mobilise",
        "fell from a roof about 4 metres, can't stand",
        "knocked off his bike by a car and can't get up",
        "car crash on the motorway, she can't walk",
        "fell off the scaffolding at work and could not get up",
        "motorbike crash an hour ago and he hasn't been able to stand",
    ],
)
def test_a_fall_from_height_or_a_road_crash_with_cannot_get_up_or_walk_is_999(text: str) -> None:
    assert MECHANISM in flags(text)


@pytest.mark.parametrize(
    "text",
    [
        "my legs are numb from sitting cross-legged too long",
        "fell off a ladder last year, can walk fine now but my back aches",
        "car crash two years ago, now my neck is stiff",
        "i can't walk far because of my arthritis",
        "tripped on the stairs, sore ankle, can walk on it",
    ],
)
def test_pins_and_needles_an_old_crash_or_a_minor_fall_fire_no_trauma_rule(text: str) -> None:
    names = flags(text)
    assert SPINAL not in names and MECHANISM not in names


ASTHMA = "asthma with a reliever inhaler not helping"


@pytest.mark.parametrize(
    "text",
    [
        "my asthma is bad and my blue inhaler isn't helping",
        "asthma attack, reliever not working",
        "82M presenting with moderate-severe asthma exacerbation, poor reliever response",
        "she's wheezy and has had 10 puffs of her ventolin and it hasn't helped",
    ],
)
def test_asthma_with_the_reliever_not_helping_goes_to_ed(text: str) -> None:
    assert ASTHMA in flags(text)


@pytest.mark.parametrize(
    "text",
    [
        "my asthma is fine, the inhaler helps",
        "my blue inhaler is helping but i still have a cough",
        "told to call 999 if his inhaler isn't helping",
        "the steroid nasal spray isn't helping my hay fever",
    ],
)
def test_a_reliever_that_helps_advice_or_another_spray_fires_no_asthma_rule(text: str) -> None:
    assert ASTHMA not in flags(text)


OBSTRUCTION = "green vomit with a swollen tummy or no poo or wind"


@pytest.mark.parametrize(
    "text",
    [
        "throwing up green bile and my stomach is swollen",
        "being sick green stuff, can't poo or pass wind, belly bloated",
        "she's vomiting bile and hasn't opened her bowels for 3 days, tummy distended",
    ],
)
def test_green_vomit_with_a_swollen_tummy_or_no_poo_or_wind_goes_to_ed(text: str) -> None:
    assert OBSTRUCTION in flags(text)


@pytest.mark.parametrize(
    "text",
    [
        "threw up once after too much wine, tummy a bit bloated",
        "green snot and a blocked nose, tummy fine",
        "no green vomit, just bloated after meals",
    ],
)
def test_ordinary_vomit_green_snot_or_a_denial_is_not_obstruction(text: str) -> None:
    assert OBSTRUCTION not in flags(text)


AAA = "sudden severe tummy or back pain with dizziness or collapse over 50"


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("agonising pain through to my back, came on suddenly, dizzy", 64),
        ("sudden severe pain in my tummy going through to my back and i feel faint", 70),
        ("my dad suddenly got terrible back pain and collapsed, he's clammy and pale", 72),
    ],
)
def test_sudden_severe_tummy_or_back_pain_with_dizziness_or_collapse_over_50_is_999(text: str, age: float) -> None:
    assert AAA in flags(text, age)


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("agonising pain through to my back, came on suddenly, dizzy", 30),
        ("bad back pain for weeks, a bit dizzy from the codeine", 60),
        ("sudden back pain lifting a box, not dizzy, no collapse", 55),
    ],
)
def test_young_slow_or_without_dizziness_back_pain_fires_no_aaa_rule(text: str, age: float) -> None:
    assert AAA not in flags(text, age)
