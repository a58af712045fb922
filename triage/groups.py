"""The symptom groups a report can be filed under, and the answers a red-flag question can take."""

from __future__ import annotations

from enum import StrEnum


class SymptomGroup(StrEnum):
    CHEST_PAIN = "chest_pain"
    BREATHING = "breathing"
    HEADACHE = "headache"
    ABDOMINAL_PAIN = "abdominal_pain"
    FEVER = "fever"
    RASH = "rash"
    INJURY = "injury"
    BACK_PAIN = "back_pain"
    URINARY = "urinary"
    EYE = "eye"
    ENT = "ent"
    MENTAL_HEALTH = "mental_health"
    ALLERGIC_REACTION = "allergic_reaction"
    BLEEDING = "bleeding"
    PREGNANCY = "pregnancy"
    DIZZINESS = "dizziness"
    VOMITING_DIARRHOEA = "vomiting_diarrhoea"
    DENTAL = "dental"


class Answer(StrEnum):
    """A patient's answer. UNSURE counts as YES for red flags: when in doubt, escalate."""

    YES = "yes"
    NO = "no"
    UNSURE = "unsure"

    @property
    def positive(self) -> bool:
        return self is not Answer.NO


class Consciousness(StrEnum):
    """ACVPU: alert, new confusion, responds to voice, to pain, unresponsive."""

    ALERT = "A"
    CONFUSION = "C"
    VOICE = "V"
    PAIN = "P"
    UNRESPONSIVE = "U"
