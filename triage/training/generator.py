"""A documented, seeded generator of synthetic symptom reports, labelled by written clinical rules.

How a report is made: pick a disposition by the real NHS 111 mix (IUC ADC 2024-25, ../shared/data/volumes.md),
then a scenario with that base label (triage/training/scenarios.py), an age and sex across the condition's real
range, and a voice: the patient (first person), a parent for a child, a carer for an older adult, or a
clinician's note. Around the complaint go the things real stories carry: when it started and how long it has
lasted (numbers and words), a second, milder complaint, background (medicines, history, work), pertinent
negatives, vital signs written as text (°C or °F, sats, heart rate), UK or US vocabulary, and typos. The label is
the most urgent of the complaints' dispositions adjusted by the generator's own rules below (each cites its
source). `random.Random(seed)` makes it reproducible.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from models.vocabulary import Disposition, most_urgent
from triage.groups import SymptomGroup
from triage.questions import BY_GROUP
from triage.training.scenarios import SCENARIOS, Scenario

D = Disposition
G = SymptomGroup

DURATIONS = (
    "",
    "since this morning",
    "for 2 days",
    "for a few hours",
    "since last night",
    "for about a week",
    "today",
    "for 3 days",
    "for the last 4 days",
    "for two weeks",
    "since yesterday",
    "for about an hour",
    "on and off for a month",
)
# The real mix of 111 final dispositions (IUC ADC 2024-25: ambulance 12%, ED 7%, primary care 44%, dental 6%,
# self-care 8%, the rest UTC/pharmacy/other), so calibrated probabilities start from realistic priors. Crisis
# calls go to 111 option 2 and are not itemised there: 4% is our estimate, taken from the ambulance share.
CLASS_MIX: dict[Disposition, float] = {
    D.CALL_999: 0.11,
    D.ED: 0.07,
    D.MENTAL_HEALTH_CRISIS: 0.04,
    D.UTC: 0.10,
    D.GP_OOH: 0.24,
    D.DENTAL: 0.06,
    D.GP_ROUTINE: 0.20,
    D.PHARMACY: 0.10,
    D.SELF_CARE: 0.08,
}
BACKGROUND = (
    "i have high blood pressure and take amlodipine",
    "i work in an office and i'm normally fit and well",
    "i don't smoke and hardly drink",
    "i've had my covid and flu jabs",
    "i've tried paracetamol and ibuprofen",
    "i didn't want to bother anyone",
    "it started after dinner",
    "i was fine at the weekend",
    "nobody else at home is ill",
    "i take a statin and nothing else",
    "i had my appendix out years ago",
    "i haven't travelled anywhere recently",
    "my gp surgery is closed",
    "i'm not sure if i should go anywhere",
    "it's been getting a bit worse",
    "i've been eating and drinking ok",
)
US_WORDS = (
    ("a&e", "the er"),
    ("paracetamol", "tylenol"),
    ("diarrhoea", "diarrhea"),
    ("being sick", "throwing up"),
    ("mum", "mom"),
    ("tummy", "stomach"),
    ("gp", "doctor"),
    ("wee", "pee"),
    ("poo", "stool"),
    ("chemist", "drugstore"),
)
FIRST_PERSON = (
    (r"\bi'm\b", "{he}'s"),
    (r"\bi've\b", "{he}'s"),
    (r"\bi am\b", "{he} is"),
    (r"\bi have\b", "{he} has"),
    (r"\bi can't\b", "{he} can't"),
    (r"\bi\b", "{he}"),
    (r"\bmyself\b", "{him}self"),
    (r"\bmy\b", "{his}"),
    (r"\bme\b", "{him}"),
)
NEGATIVES = (
    "no chest pain",
    "not short of breath",
    "no fever",
    "no rash",
    "denies headache",
    "no vomiting",
    "i haven't fainted",
    "no blood",
    "not confused",
    "no neck stiffness",
    "no trouble breathing",
    "no crushing chest pain",
    "doesn't have a non-blanching rash",
    "no swelling of lips or tongue",
    "not suicidal",
    "no blue lips",
    "no weakness in arms or legs",
    "no slurred speech",
)
COMORBIDITIES = (
    "",
    "",
    "",
    "i have diabetes",
    "i'm on chemotherapy",
    "i take warfarin",
    "i have asthma",
    "i have high blood pressure",
    "i'm pregnant",
    "on insulin for diabetes",
)
ADULT_OPENERS = ("", "", "hi, ", "hello, ", "please help, ", "not sure who to ask - ")


@dataclass(frozen=True, slots=True)
class Labelled:
    report: dict[str, Any]
    disposition: Disposition
    rules: tuple[str, ...]


# --- the generator's labelling rules: (name with source, applies?, disposition floor) -------------------
Ctx = dict[str, Any]
Rule = tuple[str, Callable[[Scenario, Ctx], bool], Disposition]

_FEVERISH = {G.FEVER, G.RASH, G.URINARY, G.BREATHING, G.VOMITING_DIARRHOEA}
_FRAIL_GROUPS = {G.INJURY, G.DIZZINESS, G.FEVER, G.VOMITING_DIARRHOEA, G.URINARY, G.BREATHING}

GENERATOR_RULES: tuple[Rule, ...] = (
    (
        "infant under 3 months with fever -> ED [NICE NG143 red]",
        lambda s, c: c["age"] < 0.25 and s.group is G.FEVER,
        D.ED,
    ),
    (
        "infant 3-12 months with fever -> at least GP OOH [NICE NG143 amber]",
        lambda s, c: 0.25 <= c["age"] < 1 and s.group is G.FEVER,
        D.GP_OOH,
    ),
    (
        "chemotherapy with infection symptoms -> ED [NICE NG151]",
        lambda s, c: "chemo" in c["comorbidity"] and s.group in _FEVERISH,
        D.ED,
    ),
    (
        "aged 75+ with a fall, dizziness or infection -> at least GP OOH [NICE CG161; NICE NG56 frailty]",
        lambda s, c: c["age"] >= 75 and s.group in _FRAIL_GROUPS,
        D.GP_OOH,
    ),
    (
        "male with urinary symptoms -> at least GP OOH [NICE NG109 UTI in men]",
        lambda s, c: s.group is G.URINARY and c["sex"] == "male",
        D.GP_OOH,
    ),
    (
        "pregnant with urinary symptoms -> at least GP OOH [NICE NG109 UTI in pregnancy]",
        lambda s, c: s.group is G.URINARY and "pregnant" in c["comorbidity"],
        D.GP_OOH,
    ),
    (
        "insulin-treated diabetes with vomiting -> at least GP OOH [NICE CKS sick day rules / DKA]",
        lambda s, c: s.group is G.VOMITING_DIARRHOEA and "insulin" in c["comorbidity"],
        D.GP_OOH,
    ),
    (
        "warfarin with bleeding or head injury -> ED [NICE NG232; NICE CKS anticoagulation]",
        lambda s, c: (
            "warfarin" in c["comorbidity"]
            and s.group in {G.BLEEDING, G.INJURY}
            and s.disposition.urgency >= D.UTC.urgency
        ),
        D.ED,
    ),
    (
        "adult SpO2 < 92% on air -> at least ED [BTS oxygen guideline 2017]",
        lambda s, c: c["spo2"] is not None and c["spo2"] < 92,
        D.ED,
    ),
)


def label(scenario: Scenario, ctx: Ctx) -> tuple[Disposition, tuple[str, ...]]:
    fired = [(name, floor) for name, applies, floor in GENERATOR_RULES if applies(scenario, ctx)]
    disposition = most_urgent(scenario.disposition, *(floor for _, floor in fired))
    return disposition, (f"base {scenario.group}/{scenario.name} [{scenario.source}]", *(n for n, _ in fired))


# --- text --------------------------------------------------------------------------------------------
def typo(rng: random.Random, text: str) -> str:
    """One character-level slip in a random word of 4+ letters: swap, drop or double a letter."""
    words = text.split(" ")
    long_words = [i for i, w in enumerate(words) if len(w) >= 4 and w.isalpha()]
    if not long_words:
        return text
    i = rng.choice(long_words)
    w, j = words[i], rng.randrange(1, len(words[i]) - 1)
    kind = rng.randrange(3)
    words[i] = (
        (w[:j] + w[j + 1] + w[j] + w[j + 2 :])
        if kind == 0
        else (w[:j] + w[j + 1 :])
        if kind == 1
        else (w[:j] + w[j] + w[j:])
    )
    return " ".join(words)


def _age(rng: random.Random, scenario: Scenario) -> float:
    low, high = scenario.ages
    return round(rng.uniform(low, high), 2) if high <= 2 else float(rng.randint(int(low), int(high)))


def _sex(rng: random.Random, scenario: Scenario) -> str:
    return scenario.sex or rng.choice(("female", "male", "female", "male", "unknown"))


def _pronouns(sex: str) -> dict[str, str]:
    if sex == "female":
        return {"he": "she", "him": "her", "his": "her"}
    if sex == "male":
        return {"he": "he", "him": "him", "his": "his"}
    return {"he": "they", "him": "them", "his": "their"}


def third_person(text: str, sex: str) -> str:
    """A first-person story retold by someone else ("i've got" -> "she's got")."""
    words = _pronouns(sex)
    for pattern, replacement in FIRST_PERSON:
        text = re.sub(pattern, replacement.format(**words), text)
    return text


def _who(age: float, sex: str) -> str:
    if age < 1:
        return "baby"
    kind = {"female": "daughter", "male": "son"}.get(sex, "child")
    return f"{int(age)} year old {kind}"


def _voice(rng: random.Random, phrase: str, ctx: Ctx, clinical: bool) -> str:
    """The complaint in a voice: clinician's note, parent, carer, or the patient."""
    age, sex = ctx["age"], ctx["sex"]
    if clinical:
        letter = {"female": "F", "male": "M"}.get(sex, "")
        shown = f"{int(age)}{letter}" if age >= 1 else f"{int(age * 12)}/12 {letter}".strip()
        return f"{shown} presenting with {phrase}"
    if age < 16:
        opener = rng.choice(("my {w} - ", "calling about my {w}. ", "our {w} ", "i'm worried about my {w}, "))
        return opener.format(w=_who(age, sex)) + third_person(phrase, sex)
    if age >= 75 and rng.random() < 0.4:
        relative = {"female": "mum", "male": "dad"}.get(sex, "relative")
        return f"i'm ringing about my {relative}, {int(age)}. " + third_person(phrase, sex)
    return rng.choice(ADULT_OPENERS) + phrase


def _text_vitals(rng: random.Random, ctx: Ctx) -> str:
    """Observations a patient or clinician writes in the text: what a home thermometer, oximeter or watch says."""
    obs = ctx["text_obs"]
    if not obs:
        return ""
    t = obs["temperature"]
    temp = f"{t}c" if rng.random() < 0.6 else f"{round(t * 9 / 5 + 32, 1)}f"
    parts = [f"temp {temp}", f"sats {obs['spo2']}%", f"heart rate {obs['pulse']}"]
    if rng.random() < 0.5:
        parts.append(f"bp {obs['systolic_bp']}/{rng.randint(50, 90)}")
    return ", ".join(rng.sample(parts, rng.randint(1, len(parts))))


def _extra(rng: random.Random, scenario: Scenario, ctx: Ctx) -> Scenario | None:
    """A second, milder complaint from another group (people bring more than one thing)."""
    if rng.random() > 0.3:
        return None
    mild = [s for s in SCENARIOS if s.group is not scenario.group and s.disposition.acuity.value == "self_care"]
    fits = [s for s in mild if s.ages[0] <= ctx["age"] <= s.ages[1] and (s.sex is None or s.sex == ctx["sex"])]
    return rng.choice(fits) if fits else None


def _american(text: str) -> str:
    for uk, us in US_WORDS:
        text = re.sub(rf"\b{re.escape(uk)}\b", us, text)
    return text


def _compose(rng: random.Random, scenario: Scenario, ctx: Ctx) -> str:
    clinical = rng.random() < 0.25
    phrase = rng.choice(scenario.clinical if clinical else scenario.lay)
    parts = [_voice(rng, phrase, ctx, clinical)]
    if duration := rng.choice(DURATIONS):
        parts.append(duration)
    if extra := ctx.get("extra"):
        parts.append("also " + rng.choice(extra.lay))
    if rng.random() < (0.5 if scenario.disposition.urgency <= D.UTC.urgency else 0.2):
        said = set(re.findall(r"[a-z]+", parts[0]))
        denials = [n for n in NEGATIVES if n.split()[-1] not in said]  # never deny what the story says
        parts.append(", ".join(rng.sample(denials, rng.randint(1, 3))))
    if ctx["comorbidity"]:
        parts.append(ctx["comorbidity"])
    if vitals := _text_vitals(rng, ctx):
        parts.append(vitals)
    if not clinical and ctx["age"] >= 16:
        parts += rng.sample(BACKGROUND, rng.choice((0, 0, 1, 2, 3)))
    text = ". ".join(parts) if clinical or rng.random() < 0.5 else ", ".join(parts)
    if rng.random() < 0.25:
        text = _american(text)
    for _ in range(rng.choice((0, 0, 0, 0, 1, 2))):
        text = typo(rng, text)
    return text


def _answers(rng: random.Random, scenario: Scenario) -> dict[str, str]:
    if rng.random() > 0.35:
        return {}
    answers = {q: "yes" for q in scenario.yes if rng.random() < 0.8}
    for q in BY_GROUP[scenario.group]:
        if q.red_flag and q.id not in scenario.yes and rng.random() < 0.5:
            answers[q.id] = "no"
    return answers


def _observations(rng: random.Random, scenario: Scenario, age: float) -> dict[str, Any] | None:
    if age < 16 or rng.random() > 0.35:
        return None
    sick = scenario.disposition is D.CALL_999
    return {
        "respiratory_rate": rng.randint(24, 34) if sick else rng.randint(12, 20),
        "spo2": rng.randint(85, 93) if sick else rng.randint(95, 100),
        "pulse": rng.randint(105, 140) if sick else rng.randint(58, 95),
        "systolic_bp": rng.randint(80, 105) if sick else rng.randint(112, 150),
        "temperature": round(rng.uniform(35.0, 39.8) if sick else rng.uniform(36.2, 37.9), 1),
        "consciousness": rng.choice("ACV") if sick else "A",
    }


def _comorbidity(rng: random.Random, scenario: Scenario, age: float, sex: str) -> str:
    choice = rng.choice(COMORBIDITIES) if age >= 16 else ""
    if "pregnant" in choice and (sex != "female" or age > 45):
        return ""
    return choice


_BY_DISPOSITION: dict[Disposition, list[Scenario]] = {}
for _each in SCENARIOS:
    _BY_DISPOSITION.setdefault(_each.disposition, []).append(_each)


def _scenario(rng: random.Random) -> Scenario:
    dispositions = [d for d in CLASS_MIX if d in _BY_DISPOSITION]
    chosen = rng.choices(dispositions, weights=[CLASS_MIX[d] for d in dispositions])[0]
    return rng.choice(_BY_DISPOSITION[chosen])


def make(rng: random.Random, index: int) -> Labelled:
    scenario = _scenario(rng)
    age, sex = _age(rng, scenario), _sex(rng, scenario)
    obs = _observations(rng, scenario, age)
    in_text = obs is not None and rng.random() < 0.4  # said in words rather than entered as observations
    ctx: Ctx = {
        "age": age,
        "sex": sex,
        "comorbidity": _comorbidity(rng, scenario, age, sex),
        "spo2": obs["spo2"] if obs else None,
        "text_obs": obs if in_text else None,
    }
    ctx["extra"] = _extra(rng, scenario, ctx)
    obs = None if in_text else obs
    report: dict[str, Any] = {"id": f"syn-{index:06d}", "text": _compose(rng, scenario, ctx), "age": age, "sex": sex}
    if rng.random() < 0.6:
        report["symptom_group"] = scenario.group.value
    if answers := _answers(rng, scenario):
        report["answers"] = answers
    if obs:
        report["observations"] = obs
    disposition, rules = label(scenario, ctx)
    if ctx["extra"] is not None:
        disposition = most_urgent(disposition, ctx["extra"].disposition)
    return Labelled(report, disposition, rules)


def generate(seed: int, n: int) -> Iterator[Labelled]:
    rng = random.Random(seed)  # noqa: S311 - seeded, reproducible synthetic data, not secrets
    for i in range(n):
        yield make(rng, i)


def data_hash(rows: list[Labelled]) -> str:
    digest = hashlib.sha256()
    for row in rows:
        digest.update(json.dumps([row.report, row.disposition.value], sort_keys=True).encode())
    return digest.hexdigest()
