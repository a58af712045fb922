"""A documented, seeded generator of synthetic symptom reports, labelled by written clinical rules.

How a report is made: pick a scenario (triage/training/scenarios.py), an age and sex in its range, a lay (60%) or
clinical (40%) phrasing, then optionally a duration, pertinent negatives ("no chest pain"), a comorbidity,
red-flag answers, observations and typos. The label is the scenario's disposition adjusted by the
generator's own rules below (each cites its source). `random.Random(seed)` makes it reproducible.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from models.vocabulary import Disposition, most_urgent
from triage.groups import SymptomGroup
from triage.questions import BY_GROUP
from triage.training.scenarios import SCENARIOS, Scenario

D = Disposition
G = SymptomGroup

DURATIONS = ("", "since this morning", "for 2 days", "for a few hours", "since last night", "for about a week", "today")
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
CHILD_OPENERS = ("my {n}-year-old ", "my {n} year old ", "my child ")
ADULT_OPENERS = ("", "", "hi, ", "hello i have ", "i've got ", "please help, ")


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


def _opener(rng: random.Random, age: float, clinical: bool) -> str:
    if clinical:
        return ""
    if age < 16 and rng.random() < 0.5:
        shown = max(1, int(age))
        return rng.choice(CHILD_OPENERS).format(n=shown) + "- "
    return rng.choice(ADULT_OPENERS)


def _compose(rng: random.Random, scenario: Scenario, ctx: Ctx) -> str:
    clinical = rng.random() < 0.4
    phrase = rng.choice(scenario.clinical if clinical else scenario.lay)
    parts = [_opener(rng, ctx["age"], clinical) + phrase]
    duration = rng.choice(DURATIONS)
    if duration:
        parts.append(duration)
    if rng.random() < (0.5 if scenario.disposition.urgency <= D.UTC.urgency else 0.2):
        parts.append(", ".join(rng.sample(NEGATIVES, rng.randint(1, 3))))
    if ctx["comorbidity"]:
        parts.append(ctx["comorbidity"])
    text = ". ".join(parts) if clinical else ", ".join(parts)
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
    if age < 16 or rng.random() > 0.25:
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


def make(rng: random.Random, index: int) -> Labelled:
    scenario = rng.choice(SCENARIOS)
    age, sex = _age(rng, scenario), _sex(rng, scenario)
    obs = _observations(rng, scenario, age)
    ctx: Ctx = {
        "age": age,
        "sex": sex,
        "comorbidity": _comorbidity(rng, scenario, age, sex),
        "spo2": obs["spo2"] if obs else None,
    }
    report: dict[str, Any] = {"id": f"syn-{index:06d}", "text": _compose(rng, scenario, ctx), "age": age, "sex": sex}
    if rng.random() < 0.6:
        report["symptom_group"] = scenario.group.value
    if answers := _answers(rng, scenario):
        report["answers"] = answers
    if obs:
        report["observations"] = obs
    disposition, rules = label(scenario, ctx)
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
