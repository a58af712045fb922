"""Two red flags said in words that had no rule of their own (issue 15 round 19; hazard rows T-79 and T-80). Found
with made-up reports written from first-aid and NHS.uk advice, never from a vignette set:

- a low blood sugar that treatment is not lifting ("a hypo that won't come up, i've had 3 lots of sugar and i'm
  still 2.5" was a clinician's call back, with no flag), or that has made someone confused, drowsy or seem drunk
  (those reached ED or 999 only through the ketoacidosis rule's words or the model's);
- palpitations with a faint or blackout, chest pain or breathlessness ("my heart is racing at 180 and i fainted" and
  "palpitations and i blacked out in the shop" reached ED only through the model's words).

Each class is tested with the person, a relative and a clinician's note, and with near misses that must not fire.
"""

from __future__ import annotations

import pytest

from models.vocabulary import Acuity
from tests.triage.reports import assess, flags
from triage.service import Triager

HYPO = "a low blood sugar that treatment is not lifting, or with confusion or drowsiness"
PALPITATIONS = "palpitations with a faint or blackout, chest pain or breathlessness"


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("i'm type 1, having a hypo that won't come up, i've had 3 lots of sugar and i'm still 2.5", 30),
        ("my husband is diabetic, his sugar is low and he's acting drunk and aggressive", 60),
        ("she's having a hypo and she's really confused, she won't eat or drink anything", 16),
        ("my son's blood sugar keeps dropping, we've given him juice three times and it's still low", 9),
        ("dad's bm is low and he's very drowsy, we had to give him glucagon", 78),
        ("his meter says LO and he's not making any sense", 45),
        ("t1dm, hypoglycaemic, gcs 14, not responding to oral glucose x3", 52),
    ],
)
def test_a_hypo_that_treatment_does_not_lift_or_that_confuses_is_at_least_ed(
    triager: Triager, text: str, age: float
) -> None:
    assert HYPO in flags(text, age)
    assert assess(triager, text, age).acuity is Acuity.EMERGENCY


@pytest.mark.parametrize(
    "text",
    [
        "i'm diabetic and felt a bit shaky before lunch, better after a biscuit",
        "had a hypo last night, sorted it with jelly babies and i'm fine now",
        "my sugars have been running high this week",
        "i'm feeling low and confused about what to do with my life",
        "my mood is low and i can't sleep",
        "low sugar diet, feeling a bit tired",
        "no hypos lately, just a cough",
        "sugar is low but she's fine, chatting and eating",
    ],
)
def test_a_treated_hypo_a_low_mood_or_a_low_sugar_diet_is_not_that(text: str) -> None:
    assert HYPO not in flags(text, 40)


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("my heart is racing at 180 and i fainted", 30),
        ("palpitations and i blacked out in the shop", 50),
        ("her heart has been pounding really fast and now she has chest pain", 66),
        ("heart keeps fluttering and going really fast and i'm short of breath", 45),
        ("he had palpitations then passed out on the stairs", 19),
        ("c/o palpitations with central chest pain and breathlessness, onset 1 hour", 58),
    ],
)
def test_palpitations_with_a_faint_chest_pain_or_breathlessness_are_at_least_ed(
    triager: Triager, text: str, age: float
) -> None:
    assert PALPITATIONS in flags(text, age)
    assert assess(triager, text, age).acuity is Acuity.EMERGENCY


@pytest.mark.parametrize(
    "text",
    [
        "heart racing when i'm anxious, no fainting, settles in a few minutes",
        "i get the odd flutter in my chest after coffee, feel fine otherwise",
        "palpitations on and off for a week, no chest pain, not short of breath",
        "my thoughts are racing and i can't sleep",
        "i fainted last year at a concert, today just a cold",
        "my heart was pounding after the run but it settled",
        "my heart races now and then but i've never fainted and i'm not short of breath",
    ],
)
def test_palpitations_alone_denied_signs_or_racing_thoughts_are_not_that(text: str) -> None:
    assert PALPITATIONS not in flags(text, 40)


# Round 19's second batch: 26 made-up emergencies in everyday words, from NHS.uk and Resuscitation Council UK advice;
# five were a clinician's call back (T-82 to T-85).
AIRWAY = "an allergic reaction with a hoarse voice, noisy breathing or trouble swallowing"
BURN = "large or deep burn"
PREGNANCY = "baby moving less, or waters broken before 37 weeks"
EYE = "new floaters with flashes or a shadow in the vision"


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("my face is puffing up and my voice has gone hoarse after eating prawns", 30),
        ("he ate a peanut by mistake and now his voice sounds croaky and he's struggling to swallow", 9),
        ("stung by a wasp, lips swelling up and her breathing is noisy", 40),
        ("allergic reaction to the new antibiotic, hives everywhere and i'm wheezing", 55),
    ],
)
def test_an_allergic_reaction_with_an_airway_sign_is_a_999(triager: Triager, text: str, age: float) -> None:
    assert AIRWAY in flags(text, age)
    assert assess(triager, text, age).disposition.value == "CALL_999"


@pytest.mark.parametrize(
    "text",
    [
        "hoarse voice for a week after shouting at the football",
        "hay fever, puffy eyes and a bit wheezy as usual in june",
        "i ate some prawns last night and feel a bit sick",
        "allergic to penicillin, today just a sore throat and a croaky voice",
        "hives after the new washing powder, no swelling, breathing fine",
    ],
)
def test_laryngitis_hay_fever_or_a_known_allergy_alone_is_not_that(text: str) -> None:
    assert AIRWAY not in flags(text, 35)


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("she pulled a cup of boiling tea over her chest, the skin is blistering, it's bigger than her hand", 6),
        ("spilt boiling water from the kettle on his leg, it's a patch bigger than his hand and blistering", 3),
    ],
)
def test_a_scald_from_a_hot_drink_bigger_than_a_hand_is_a_large_burn(triager: Triager, text: str, age: float) -> None:
    assert BURN in flags(text, age)
    assert assess(triager, text, age).acuity is Acuity.EMERGENCY


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("36 weeks and i haven't felt her kick since yesterday", 28),
        ("i'm 34 weeks pregnant and the baby hasn't moved as much today", 30),
        ("31 weeks pregnant, the baby is not kicking like normal", 24),
        ("i'm 30 weeks and my waters have broken", 26),
        ("33 weeks pregnant and i think my waters just went, clear fluid running down my legs", 35),
    ],
)
def test_a_baby_moving_less_or_waters_broken_early_is_at_least_ed(triager: Triager, text: str, age: float) -> None:
    assert PREGNANCY in flags(text, age)
    assert assess(triager, text, age).acuity is Acuity.EMERGENCY


@pytest.mark.parametrize(
    "text",
    [
        "39 weeks and my waters have broken, contractions every 10 minutes",
        "the baby is kicking loads today, 30 weeks",
        "my waters broke at 40 weeks with my first, now 12 weeks with my second and feeling sick",
        "he hasn't felt well since yesterday, 36 weeks pregnant wife is fine",
    ],
)
def test_waters_at_term_or_a_baby_moving_well_is_not_that(text: str) -> None:
    assert PREGNANCY not in flags(text, 30)


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("seeing flashes and lots of new floaters, like a shadow in the corner of my eye", 55),
        ("sudden shower of floaters in my left eye and flashing lights", 62),
        ("new floaters since this morning and a dark shadow coming across from the side", 48),
    ],
)
def test_new_floaters_with_flashes_or_a_shadow_are_ed(triager: Triager, text: str, age: float) -> None:
    assert EYE in flags(text, age)
    assert assess(triager, text, age).acuity is Acuity.EMERGENCY


@pytest.mark.parametrize(
    "text",
    [
        "i've had a few floaters for years, nothing new",
        "flashing lights before my usual migraine, then a headache",
        "a shadow on my x-ray the doctor wants to check",
    ],
)
def test_old_floaters_a_migraine_aura_or_a_shadow_on_an_x_ray_are_not_that(text: str) -> None:
    assert EYE not in flags(text, 50)


def test_hives_beside_a_month_of_croaky_throat_is_not_an_airway_reaction() -> None:
    """A generated non-emergency (a pharmacy's urticaria joined to a sore throat) that the first draft fired on."""
    text = "throat is a bit sore and croaky, on and off for a month, also hives on my arms, no swelling anywhere else"
    assert AIRWAY not in flags(text, 7)


def test_a_throat_that_feels_like_it_is_closing_is_airway_swelling() -> None:
    """A golden answer's bee sting ("throat feels like it's closing after a bee sting") reached only ED: the airway
    phrase read "throat feels tight" and "throat closing" but not "feels like it's closing"."""
    assert "airway swelling" in flags("my throat feels like it's closing after a bee sting", 14)
    assert "airway swelling" not in flags("my throat feels like sandpaper", 14)


# Round 19's third batch: 28 made-up emergencies in everyday words; four were a clinician's call back (T-86).
BLEEDING = "uncontrolled bleeding"
NECK = "neck stiffness with fever"
POISON = "a poison swallowed: a child, or with symptoms"


@pytest.mark.parametrize(
    ("text", "age", "flag"),
    [
        ("cut my wrist on glass and the blood is squirting out", 35, BLEEDING),
        ("blood squirted everywhere when he cut his leg on the saw", 50, BLEEDING),
        ("he screams when i move his neck and he's got a temperature", 3, NECK),
        ("she cries when you bend her head forward and she's burning up", 2, NECK),
        ("my toddler ate some of my iron tablets", 2, POISON),
        ("she got into my handbag and swallowed some of my pills", 3, POISON),
        ("my tongue feels thick and tingly after the new tablets and i'm finding it hard to swallow", 45, AIRWAY),
    ],
)
def test_a_squirting_bleed_a_neck_that_hurts_to_move_a_parents_tablets_or_a_thick_tongue_are_emergencies(
    triager: Triager, text: str, age: float, flag: str
) -> None:
    assert flag in flags(text, age)
    assert assess(triager, text, age).acuity is Acuity.EMERGENCY


@pytest.mark.parametrize(
    ("text", "age", "flag"),
    [
        ("the water pistol squirted in his eye", 8, BLEEDING),
        ("it hurts when i move my neck after sleeping funny, no fever", 30, NECK),
        ("i took my tablets late today and feel fine", 14, POISON),
        ("he took his antibiotics as the doctor said", 4, POISON),
        ("my tongue feels tingly after a curry", 30, AIRWAY),
    ],
)
def test_a_water_pistol_a_cricked_neck_a_childs_own_dose_or_a_spicy_meal_are_not_those(
    text: str, age: float, flag: str
) -> None:
    assert flag not in flags(text, age)


# Round 19's third batch also found emergencies that reached 999 or ED only through the model's words (T-87): each
# now has a rule of its own, so a retrained model cannot lose them.
HEAT = "heatstroke: hot and not sweating, confused, fitting or collapsed"
COLD = "hypothermia: very cold with drowsiness, confusion or shivering stopped"


@pytest.mark.parametrize(
    ("text", "age", "flag"),
    [
        (
            "my mum is shivering uncontrollably, her skin looks blotchy and she's not making sense",
            72,
            "new confusion with a fever or shivering",
        ),
        ("bad back and both legs have gone numb and weak, can't feel myself on the toilet", 52, "cauda equina signs"),
        ("can't feel anything when i wipe after the toilet and my back is agony", 44, "cauda equina signs"),
        ("crushing pain across my shoulders and in my jaw, sweaty and sick", 50, "chest pain with sweating"),
        ("his testicle is sitting really high up and it hurts a lot, came on suddenly", 14, "testicular pain"),
        ("she's been in the sun all day, she's hot, confused and has stopped sweating", 80, HEAT),
        ("working outside in the heatwave and he collapsed, skin hot and dry", 35, HEAT),
        ("found him in the garden freezing cold, he's stopped shivering and is very drowsy", 75, COLD),
        ("she fell in the canal, she's icy cold and confused", 30, COLD),
    ],
)
def test_emergencies_the_model_alone_kept_now_have_a_rule(triager: Triager, text: str, age: float, flag: str) -> None:
    assert flag in flags(text, age)
    assert assess(triager, text, age).acuity is Acuity.EMERGENCY


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("shivery with a cold, thinking clearly, just tired", "new confusion with a fever or shivering"),
        ("i can't feel like myself lately, low mood", "cauda equina signs"),
        ("crushing pain in my shoulder after lifting weights at the gym", "chest pain with sweating"),
        ("the ball hit him high up on the leg", "testicular pain"),
        ("a day in the sun, bit of sunburn, feel fine and sweating normally", HEAT),
        ("hot weather and i'm confused about which pharmacy is open", HEAT),
        ("my hands are freezing cold but i feel fine", COLD),
        ("cold and shivery with the flu, drinking plenty", COLD),
    ],
)
def test_a_cold_a_gym_strain_sunburn_or_cold_hands_are_not_those(text: str, flag: str) -> None:
    assert flag not in flags(text, 40)


SHOCK = "an electric shock with a burn, a racing or irregular heart, or a faint"
DROWNING = "pulled from the water with a cough, breathlessness or drowsiness"


@pytest.mark.parametrize(
    ("text", "age", "flag"),
    [
        ("got an electric shock from a plug socket, my hand is burnt and my heart feels funny", 30, SHOCK),
        ("he was electrocuted changing a light fitting and passed out for a few seconds", 45, SHOCK),
        ("i was pulled out of the sea, i swallowed loads of water and now i'm coughing and breathless", 26, DROWNING),
        ("she went under in the pool, they got her out and she keeps coughing and is really sleepy", 6, DROWNING),
    ],
)
def test_an_electric_shock_with_signs_or_a_near_drowning_is_at_least_ed(
    triager: Triager, text: str, age: float, flag: str
) -> None:
    assert flag in flags(text, age)
    assert assess(triager, text, age).acuity is Acuity.EMERGENCY


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("a small static shock from the car door, felt fine after", SHOCK),
        ("it came as a shock, my heart is racing with anxiety", SHOCK),
        ("went swimming in the sea yesterday, now a cough and a cold", DROWNING),
        ("pulled out of the race with a sore knee", DROWNING),
    ],
)
def test_a_static_shock_a_fright_a_swim_or_a_race_are_not_those(text: str, flag: str) -> None:
    assert flag not in flags(text, 30)
