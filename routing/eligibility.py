"""Who a service may see, as data: a service's own age and sex limits, and Pharmacy First's clinical pathways.

Pharmacy First (NHS England service specification, January 2024) lets a community pharmacist treat seven conditions
within stated age and sex limits; the minor illness referral and the urgent supply of a regular medicine have no
age or sex limit. Each refusal is a sentence: it is shown as the exclusion's reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from models.vocabulary import Sex


class Pathway(StrEnum):
    """Why a pharmacy is the right place: one of Pharmacy First's pathways, a minor illness, or a medicine supply."""

    SINUSITIS = "sinusitis"
    SORE_THROAT = "sore_throat"
    ACUTE_OTITIS_MEDIA = "acute_otitis_media"
    INFECTED_INSECT_BITE = "infected_insect_bite"
    IMPETIGO = "impetigo"
    SHINGLES = "shingles"
    UNCOMPLICATED_UTI = "uncomplicated_uti"
    MINOR_ILLNESS = "minor_illness"
    EMERGENCY_SUPPLY = "emergency_supply"


@dataclass(frozen=True, slots=True)
class Criteria:
    """Inclusive age limits in whole years (None: no limit) and the sexes a pathway is for (None: anyone)."""

    label: str
    min_age: int | None = None
    max_age: int | None = None
    sexes: frozenset[Sex] | None = None

    def refusal(self, age: float | None, sex: Sex | None) -> str | None:
        """Why this patient is outside the criteria, or None. An unknown age or sex is left to the pharmacist."""
        if age is not None and not fits(age, self.min_age, self.max_age):
            return f"Pharmacy First {self.label} is for {ages(self.min_age, self.max_age)}; the patient is {age:g}."
        if self.sexes is not None and sex in (Sex.MALE, Sex.FEMALE) and sex not in self.sexes:
            return f"Pharmacy First {self.label} is for {' and '.join(sorted(s.value for s in self.sexes))} patients."
        return None


WOMEN = frozenset({Sex.FEMALE})
PHARMACY_FIRST: dict[Pathway, Criteria] = {
    Pathway.SINUSITIS: Criteria("acute sinusitis", min_age=12),
    Pathway.SORE_THROAT: Criteria("acute sore throat", min_age=5),
    Pathway.ACUTE_OTITIS_MEDIA: Criteria("acute otitis media", min_age=1, max_age=17),
    Pathway.INFECTED_INSECT_BITE: Criteria("infected insect bite", min_age=1),
    Pathway.IMPETIGO: Criteria("impetigo", min_age=1),
    Pathway.SHINGLES: Criteria("shingles", min_age=18),
    Pathway.UNCOMPLICATED_UTI: Criteria("uncomplicated urinary tract infection", 16, 64, WOMEN),
    Pathway.MINOR_ILLNESS: Criteria("minor illness consultation"),
    Pathway.EMERGENCY_SUPPLY: Criteria("urgent supply of a regular medicine"),
}


def fits(age: float, min_age: int | None, max_age: int | None) -> bool:
    """Whole years, as the NHS counts them: 'under 16' means up to the day before the 16th birthday."""
    years = int(age)
    return (min_age is None or years >= min_age) and (max_age is None or years <= max_age)


def ages(min_age: int | None, max_age: int | None) -> str:
    if max_age is None:
        return f"ages {min_age} and over"
    if not min_age:
        return f"under {max_age + 1}s only"
    return f"ages {min_age} to {max_age}"


def service_refusal(
    min_age: int | None, max_age: int | None, sex: str | None, note: str | None, age: float | None, who: Sex | None
) -> str | None:
    """Why a service's own limits exclude this patient. An unknown age never reaches an age-limited service:
    a children's ED is not offered to a caller whose age was not taken."""
    limited = min_age is not None or max_age is not None
    lead = f"{note} " if note else ""
    if limited and age is None:
        return f"{lead}This service sees {ages(min_age, max_age)} and the patient's age was not given."
    if limited and age is not None and not fits(age, min_age, max_age):
        return f"{lead}This service sees {ages(min_age, max_age)}; the patient is {age:g}."
    if sex is not None and who in (Sex.MALE, Sex.FEMALE) and who.value != sex:  # unknown or other: theirs to judge
        return f"{lead}This service sees {sex} patients only."
    return None
