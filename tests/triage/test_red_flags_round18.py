"""A red flag said in another form of its verb (issue 15 round 18, hazard row T-70): "he fitted for ten minutes",
"she was seizing", "went blue around the lips", "blood spurted out", "my throat closed up", "she's taken a big
overdose", "8 weeks pregnant and bled". Each rule's pattern held the present or -ing form its source uses; the other
forms reached 999 or ED only through the model's words, or not at all (three were a call back: a seizure, and
bleeding in early pregnancy). Found with made-up reports written from NHS.uk's "call 999 / go to A&E" advice, never
from a vignette set; each class is tested with the person, a relative, a clinician's note, and near misses that must
not fire.
"""

from __future__ import annotations

import pytest

from models.vocabulary import Acuity, Disposition
from tests.triage.reports import assess, flags
from triage.service import Triager

FITTING = "unconscious or fitting"


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("he fitted for 10 minutes and is very sleepy now", 5),
        ("she fitted twice today", 30),
        ("my son has fitted again", 3),
        ("he seized for 10 minutes", 5),
        ("he was seizing for ten minutes", 5),
        ("she started seizing in the kitchen", 45),
        ("baby seized and went stiff", 0.5),
        ("pt seized x2 at home, now drowsy", 60),
    ],
)
def test_a_seizure_said_as_fitted_seized_or_seizing_is_a_999(triager: Triager, text: str, age: float) -> None:
    assert FITTING in flags(text, age)
    assert assess(triager, text, age).disposition is Disposition.CALL_999


@pytest.mark.parametrize(
    "text",
    [
        "my back seized up this morning lifting a box",
        "my neck has seized up and it hurts to turn",
        "his calf muscle seized while running",
        "she was fitted with a pacemaker last year",
        "he's been fitted for a new hearing aid",
        "the nurse fitted a catheter yesterday",
        "they fitted a cast on her wrist",
        "i've had a new coil fitted",
    ],
)
def test_a_back_that_seized_up_or_a_device_fitted_is_not_a_seizure(text: str) -> None:
    assert FITTING not in flags(text)


BLUE = "blue or grey lips"


@pytest.mark.parametrize(
    "text",
    [
        "he went blue around the lips",
        "she's gone grey around her mouth and is very floppy",
        "baby is turning blue round the lips when he coughs",
    ],
)
def test_blue_around_the_lips_or_mouth_is_a_999(text: str) -> None:
    assert BLUE in flags(text, 1)


@pytest.mark.parametrize(
    "text", ["blue bruise around the lips after a fall", "she wears blue lipstick", "a blue mark round his eye"]
)
def test_a_blue_bruise_or_lipstick_is_not_blue_lips(text: str) -> None:
    assert BLUE not in flags(text, 1)


STROKE = "stroke signs"


@pytest.mark.parametrize(
    "text",
    [
        "her face fell on one side suddenly",
        "his face has fallen on the left",
        "one side of his face dropped",
        "she suddenly lost the use of her right arm",
        "he suddenly lost the strength in his left leg",
    ],
)
def test_a_face_that_fell_on_one_side_or_sudden_loss_of_the_use_of_a_limb_is_a_stroke_sign(text: str) -> None:
    assert STROKE in flags(text, 70)


@pytest.mark.parametrize(
    "text",
    [
        "i fell on my face on the pavement and my lip is cut",
        "her face fell when she heard the news",
        "lost the use of my arm for months after the operation, it is slowly coming back",
    ],
)
def test_a_fall_onto_the_face_or_a_long_standing_weakness_is_not_a_stroke_sign(text: str) -> None:
    assert STROKE not in flags(text, 70)


CHEST = "crushing chest pain"


@pytest.mark.parametrize(
    "text",
    [
        "the pain in my chest spread to my jaw and i was sweating",
        "he has pain in his chest going down his left arm",
        "pain in the centre of her chest radiating to her back",
        "my chest started feeling tight an hour ago",
    ],
)
def test_chest_pain_said_as_pain_in_the_chest_spreading_or_a_chest_that_started_to_feel_tight_is_a_999(
    text: str,
) -> None:
    assert CHEST in flags(text, 58)


@pytest.mark.parametrize(
    "text",
    [
        "pain in my chest when i cough, no pain in my arm or jaw",
        "a rash on my chest spreading to my back",
        "pain in my chest wall when i press on it",
    ],
)
def test_chest_pain_near_other_body_parts_without_spreading_is_not_crushing_chest_pain(text: str) -> None:
    assert CHEST not in flags(text, 58)


BLEEDING = "uncontrolled bleeding"


@pytest.mark.parametrize(
    "text",
    [
        "i cut my arm and the blood spurted out",
        "blood gushed out of the cut on his leg",
        "blood poured from her head wound and is still coming",
        "i cut my leg and it bled and bled and won't stop",
        "his nose has bled for an hour and will not stop",
    ],
)
def test_bleeding_said_in_the_past_tense_that_is_spurting_or_will_not_stop_is_a_999(text: str) -> None:
    assert BLEEDING in flags(text)


@pytest.mark.parametrize(
    "text",
    [
        "i cut my finger, it bled a bit but stopped with pressure",
        "my nose bled this morning but it has stopped now",
    ],
)
def test_bleeding_that_stopped_is_not_uncontrolled_bleeding(text: str) -> None:
    assert BLEEDING not in flags(text)


AIRWAY = "airway swelling"


@pytest.mark.parametrize(
    "text",
    [
        "my throat has closed up after the wasp sting",
        "after the peanut her throat closed up and she can barely swallow",
        "his throat is closed up and he's wheezy",
    ],
)
def test_a_throat_that_closed_up_is_airway_swelling(text: str) -> None:
    assert AIRWAY in flags(text, 25)


def test_a_throat_that_felt_closed_up_with_a_cold_yesterday_but_not_now_is_not_airway_swelling() -> None:
    assert AIRWAY not in flags("my throat isn't closed up, just sore with a cold", 25)


OVERDOSE = "suicidal with a plan"


@pytest.mark.parametrize(
    "text",
    [
        "she's taken a big overdose of her antidepressants",
        "he has taken a massive overdose",
        "she took a deliberate overdose an hour ago",
        "he's taken all his tablets at once",
        "she swallowed all of her pills in one go after an argument",
    ],
)
def test_an_overdose_said_with_its_size_or_all_of_the_tablets_is_a_999(triager: Triager, text: str) -> None:
    assert OVERDOSE in flags(text, 30)
    assert assess(triager, text, 30).disposition is Disposition.CALL_999


@pytest.mark.parametrize(
    "text",
    [
        "she has taken all her tablets as prescribed today",
        "i take all my tablets in the morning",
        "he swallowed all his tablets this morning with breakfast as usual",
        "worried she might take an overdose, she hasn't taken anything",
    ],
)
def test_taking_all_tablets_as_prescribed_or_a_feared_overdose_is_not_an_overdose(text: str) -> None:
    assert OVERDOSE not in flags(text, 30)


CAUDA = "cauda equina signs"


@pytest.mark.parametrize(
    "text",
    [
        "i've lost control of my bladder and my back is killing me",
        "back pain and he has lost control of his bowels",
        "she lost control of her bladder today with bad sciatica",
    ],
)
def test_lost_control_of_the_bladder_or_bowels_is_a_cauda_equina_sign(text: str) -> None:
    assert CAUDA in flags(text, 45)


PREGNANCY = "bleeding in pregnancy"


@pytest.mark.parametrize(
    "text",
    [
        "i'm 8 weeks pregnant and bled heavily this morning with tummy pain",
        "she is pregnant and has bled quite a lot since lunchtime",
    ],
)
def test_pregnant_and_bled_is_bleeding_in_pregnancy(triager: Triager, text: str) -> None:
    assert PREGNANCY in flags(text, 30, sex="female")
    result = assess(triager, text, 30, sex="female")
    assert result.acuity is Acuity.EMERGENCY


def test_pregnant_and_not_bled_is_not_bleeding_in_pregnancy() -> None:
    assert PREGNANCY not in flags("i'm 8 weeks pregnant and haven't bled at all, just feeling sick", 30, sex="female")


BURN = "large or deep burn"


@pytest.mark.parametrize(
    "text",
    [
        "i burnt my hand badly and the skin went white",
        "i scalded my whole arm with boiling water",
        "he burned his entire back on the bbq",
    ],
)
def test_a_burn_whose_skin_went_white_or_that_covers_a_whole_limb_is_large_or_deep(text: str) -> None:
    assert BURN in flags(text)


@pytest.mark.parametrize(
    "text",
    ["small burn on my finger from the iron, red and sore", "burnt my hand, the skin went red and it stings"],
)
def test_a_small_red_burn_is_not_large_or_deep(text: str) -> None:
    assert BURN not in flags(text)


KIDNEY = "urinary infection with a fever, shivering or loin pain"


@pytest.mark.parametrize(
    "text",
    [
        "burning when i pee for 2 days, now a temperature of 38.4",
        "it stings when she wees and she has pain in her side going round to her back",
        "cystitis symptoms and now i'm shivery and have a high temperature",
        "pt with dysuria and loin pain",
        "he has a water infection and a fever",
    ],
)
def test_a_urinary_infection_with_a_fever_or_loin_pain_is_seen_the_same_day(triager: Triager, text: str) -> None:
    assert KIDNEY in flags(text, 31, sex="female")
    result = assess(triager, text, 31, sex="female")
    assert result.disposition.urgency >= Disposition.GP_OOH.urgency


@pytest.mark.parametrize(
    "text",
    [
        "burning when i pee for 2 days, no temperature, no back pain",
        "stings when i wee, i feel fine otherwise",
        "a history of water infections, now a fever and a cough",
        "back pain after gardening, no problems peeing",
    ],
)
def test_a_plain_urinary_infection_or_a_fever_without_one_is_not_a_kidney_infection(text: str) -> None:
    assert KIDNEY not in flags(text, 31, sex="female")


@pytest.mark.parametrize(
    "text",
    [
        "his mouth has dropped on one side and he can't smile properly",
        "one side of her mouth is drooping",
        "he suddenly can't move his right side",
        "his leg gave way and his speech is slurry",
        "he can't raise both arms and his speech is mumbled",
        "he woke up unable to speak and his right side is weak",
        "her speech went funny and her arm went numb and weak suddenly",
        "suddenly he couldn't get his words out",
        "all of a sudden her left leg went weak",
    ],
)
def test_a_face_arm_or_speech_sign_of_a_stroke_in_lay_words_is_a_999(triager: Triager, text: str) -> None:
    """NHS.uk stroke (FAST): the face may have dropped on one side, they may not be able to smile; they may not be
    able to lift both arms; speech may be slurred or garbled, or they may not be able to talk at all. Round 18, T-73:
    each of these was a call back, or 999 only through the model's words."""
    assert STROKE in flags(text, 70)
    assert assess(triager, text, 70).disposition is Disposition.CALL_999


@pytest.mark.parametrize(
    "text",
    [
        "my arm went dead after i slept on it, it's fine now",
        "my arm went numb after sleeping on it",
        "pain in my right side, weak from not eating",
        "he's always mumbled, no change in his speech",
        "her mouth is sore from an ulcer",
        "i can't get my words out when i'm nervous, always been like that",
    ],
)
def test_a_limb_slept_on_a_side_pain_or_lifelong_speech_is_not_a_stroke_sign(text: str) -> None:
    assert STROKE not in flags(text, 70)


NG143 = "NG143 red feature in words (under 5)"


@pytest.mark.parametrize(
    "text",
    [
        "his ribs are sucking in when he breathes",
        "her chest is pulling in with every breath",
        "a bulging soft spot on his head and a fever",
        "the fontanelle is bulging",
        "her cry is weak and high pitched and not like her",
        "he's been crying continuously for hours and won't settle",
        "she's really hard to wake this morning",
    ],
)
def test_a_red_feature_of_nice_ng143_in_a_parent_s_words_is_an_emergency(triager: Triager, text: str) -> None:
    """NICE NG143 red: moderate or severe chest indrawing, a bulging fontanelle, a weak, high-pitched or continuous cry,
    not waking or not staying awake. Round 18, T-74: each was ED or 999 only through the model's words."""
    assert NG143 in flags(text, 0.5)
    assert assess(triager, text, 0.5).disposition in {Disposition.ED, Disposition.CALL_999}


@pytest.mark.parametrize(
    "text",
    [
        "her cry is normal and she settles with a feed",
        "the soft spot on his head looks normal, not bulging",
        "he's crying because he's teething",
    ],
)
def test_a_normal_cry_or_soft_spot_is_not_an_ng143_red_feature(text: str) -> None:
    assert NG143 not in flags(text, 0.5)


@pytest.mark.parametrize(
    "text", ["he's really drowsy and hard to wake", "she is very difficult to rouse and breathing oddly"]
)
def test_an_adult_hard_to_wake_is_a_999(text: str) -> None:
    assert FITTING in flags(text, 70)


@pytest.mark.parametrize(
    "text",
    [
        "he hasn't peed all day, he's shivering and very confused",
        "she hasn't had a wee for 12 hours and feels terrible",
    ],
)
def test_no_urine_all_day_said_any_way_is_a_sepsis_sign(text: str) -> None:
    assert "sepsis signs" in flags(text, 70)


def test_a_chin_that_cannot_touch_the_chest_is_neck_stiffness() -> None:
    """NHS.uk meningitis: a stiff neck; a chin that cannot be put on the chest is how it is checked and told."""
    assert "neck stiffness with fever" in flags("i can't put my chin on my chest and i have a fever and headache", 25)


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("my son says his nuts are really sore and swollen, started suddenly this morning", "testicular pain"),
        ("sudden pain in his privates and he's being sick", "testicular pain"),
        ("after the bee sting my throat went tight and i'm wheezing", AIRWAY),
        ("he's passing black sticky poo and feels dizzy", "vomiting or coughing blood"),
        ("tearing pain through to his back, came on suddenly", "tearing chest or back pain"),
        ("a sudden ripping pain in her chest going through to her back", "tearing chest or back pain"),
        (
            "since the head injury he has clear fluid coming from his nose",
            "head injury with vomiting, drowsiness or loss of consciousness",
        ),
        (
            "she banged her head yesterday and now there's blood coming out of her ear",
            "head injury with vomiting, drowsiness or loss of consciousness",
        ),
    ],
)
def test_torsion_airway_bleeding_dissection_and_skull_fracture_signs_in_lay_words_are_emergencies(
    triager: Triager, text: str, flag: str
) -> None:
    """Round 18, T-75, found with made-up reports from NHS.uk (testicle pain, anaphylaxis, stomach ulcer bleeding,
    aortic dissection) and NICE NG232 (signs of a skull-base fracture: clear fluid from the nose or ears, blood from
    the ear): each reached ED or 999 only through the model's words, or was a call back."""
    assert flag in flags(text, 13 if "nuts" in text or "privates" in text else 60, sex="male")
    assert assess(triager, text, 13 if "nuts" in text or "privates" in text else 60).disposition in {
        Disposition.ED,
        Disposition.CALL_999,
    }


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("i'm allergic to nuts, no reaction today", "testicular pain"),
        ("she had a tearing feeling in her calf while running", "tearing chest or back pain"),
        ("a runny nose with clear fluid, no injury", "head injury with vomiting, drowsiness or loss of consciousness"),
    ],
)
def test_nuts_as_food_a_torn_calf_or_a_runny_nose_are_not_those_signs(text: str, flag: str) -> None:
    assert flag not in flags(text, 60, sex="male")


@pytest.mark.parametrize(
    ("text", "age", "flag"),
    [
        ("he says he's going to end it tonight and has a rope", 35, OVERDOSE),
        ("she keeps saying she's going to end her life today", 22, OVERDOSE),
        ("she's too breathless to feed and her lips look dusky", 0.4, BLUE),
        ("his lips have gone a dusky colour", 70, BLUE),
        (
            "my calf is swollen, red and painful and now i'm short of breath",
            40,
            "a swollen or painful calf with breathlessness or chest pain",
        ),
        (
            "pain in her calf for 3 days and today a sharp pain in her chest when she breathes",
            33,
            "a swollen or painful calf with breathlessness or chest pain",
        ),
        ("he's been sweating and feels sick with a pain in his arm and jaw", 55, "chest pain with sweating"),
    ],
)
def test_intent_with_a_time_dusky_lips_a_calf_clot_with_breathlessness_or_arm_and_jaw_pain_are_emergencies(
    triager: Triager, text: str, age: float, flag: str
) -> None:
    """Round 18, T-76, made-up reports from NICE NG225 (intent with a time), NICE NG51 (cyanosis), NHS.uk DVT (A&E or
    999 if a painful, swollen calf comes with breathlessness or chest pain) and NHS.uk heart attack (pain spreading to
    the arm and jaw, sweating): each was 999 or ED only through the model's words."""
    assert flag in flags(text, age)
    assert assess(triager, text, age).disposition in {Disposition.ED, Disposition.CALL_999}


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("she says she'll end it with her boyfriend tonight", OVERDOSE),
        ("a dusky pink rash on her cheeks", BLUE),
        (
            "calf cramp after running, not short of breath",
            "a swollen or painful calf with breathlessness or chest pain",
        ),
        ("toothache in my jaw and a sore arm from the jab, no sweating", "chest pain with sweating"),
    ],
)
def test_ending_a_relationship_a_dusky_rash_a_calf_cramp_or_a_sore_jab_arm_are_not_those_flags(
    text: str, flag: str
) -> None:
    assert flag not in flags(text, 35)


@pytest.mark.parametrize(
    "text", ["swollen left calf and short of breath since this morning", "a red, hot calf and chest pain"]
)
def test_a_swollen_or_red_calf_said_first_with_breathlessness_is_the_calf_rule(text: str) -> None:
    assert "a swollen or painful calf with breathlessness or chest pain" in flags(text, 50)


POISON = "a poison swallowed: a child, or with symptoms"


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("he swallowed some bleach from under the sink and is coughing", 3),
        ("she's eaten a dishwasher tablet", 2),
        ("my toddler bit into a laundry capsule", 1.5),
        ("he drank some of his nan's tablets, we don't know how many", 4),
        ("she got into her grandad's pills and took some", 3),
        ("i swallowed some weedkiller by mistake and my throat is burning", 40),
        ("he drank antifreeze and is being sick", 50),
    ],
)
def test_a_child_who_swallowed_a_household_chemical_or_someone_else_s_medicine_goes_to_ed(
    triager: Triager, text: str, age: float
) -> None:
    """NHS.uk poisoning (call 999 or go to A&E if a child may have swallowed something harmful) and NHS Healthier
    Together (A&E for a child with breathing difficulty, difficulty swallowing or severe tummy pain after swallowing a
    poison). Round 18, T-77: "he swallowed some bleach from under the sink and is coughing" (3) was GP out of hours."""
    assert POISON in flags(text, age)
    assert assess(triager, text, age).disposition in {Disposition.ED, Disposition.CALL_999}


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("he's had his paracetamol for the fever", 4),
        ("i swallowed some bleach by mistake, no symptoms at all, just worried", 40),
        ("she had her inhaler and her tablets as usual", 8),
        ("bleach splashed on my hands while cleaning", 35),
    ],
)
def test_a_child_s_own_dose_or_an_adult_s_swallow_without_symptoms_is_not_the_poison_rule(
    text: str, age: float
) -> None:
    assert POISON not in flags(text, age)


@pytest.mark.parametrize(
    ("text", "age", "flag"),
    [
        (
            "something hit his eye playing football and now he can't see properly out of it",
            10,
            "an eye injury with a change in sight",
        ),
        ("i got poked in the eye and now my vision is blurry", 40, "an eye injury with a change in sight"),
        ("hot metal flew into my eye while grinding", 35, "something sharp or fast-moving in the eye"),
        (
            "a piece of metal went in my eye when i was drilling and it really hurts",
            40,
            "something sharp or fast-moving in the eye",
        ),
        ("she's more confused than usual, hot and not eating", 80, "new confusion with a fever or shivering"),
        ("he's suddenly confused and has a temperature of 38.9", 75, "new confusion with a fever or shivering"),
        ("new confusion since yesterday and she's shivering", 85, "new confusion with a fever or shivering"),
    ],
)
def test_an_eye_injury_with_sight_changed_a_fragment_in_the_eye_or_new_confusion_with_a_fever_is_an_emergency(
    triager: Triager, text: str, age: float, flag: str
) -> None:
    """Round 18, T-78: NHS.uk eye injuries (A&E if the eye was hit hard or by something at speed, or sight changed) and
    NICE NG51 (new altered mental state with a suspected infection is high risk). Each was ED or 999 only through the
    model's words."""
    assert flag in flags(text, age)
    assert assess(triager, text, age).disposition in {Disposition.ED, Disposition.CALL_999}


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("i'm confused about whether to go to a&e, i have a fever", "new confusion with a fever or shivering"),
        ("she has dementia and is always a bit confused, no fever", "new confusion with a fever or shivering"),
        ("an eyelash in my eye, it's watering", "something sharp or fast-moving in the eye"),
        (
            "hit my eye on a cupboard door, it's a bit bruised but i can see fine",
            "an eye injury with a change in sight",
        ),
    ],
)
def test_confused_about_a_choice_lifelong_confusion_an_eyelash_or_a_bruise_with_clear_sight_are_not_those_flags(
    text: str, flag: str
) -> None:
    assert flag not in flags(text, 80)
