"""A patient's identity as plain values: what is sealed into the record and what a correction may change.

Pure: no I/O. `check` applies the record's rules (a valid NHS number, a birth date not in the future) and names
the field that breaks one; the web edge has already checked types, lengths and formats.
"""

from __future__ import annotations

import unicodedata
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import date
from typing import Any

from patients import nhs
from patients.errors import InvalidPatientField

SEXES = ("female", "male", "other", "unknown")  # FHIR administrative gender, as UK Core uses it


@dataclass(frozen=True, slots=True)
class Demographics:
    given_name: str
    family_name: str
    birth_date: date
    nhs_number: str | None = None
    sex: str = "unknown"
    gender: str | None = None  # the patient's own words for their gender, when it differs from `sex`
    postcode: str | None = None
    phone: str | None = None
    email: str | None = None
    gp_practice: str | None = None  # ODS code of the registered GP practice, as the directory holds it
    language: str | None = None  # BCP 47 code, e.g. "pl"; None means English
    interpreter_needed: bool = False
    adjustments: list[str] = field(default_factory=list)  # reasonable adjustments, e.g. "uses BSL"

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "birth_date": self.birth_date.isoformat()}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Demographics:
        return cls(**{**data, "birth_date": date.fromisoformat(data["birth_date"])})

    def corrected(self, changes: dict[str, Any]) -> Demographics:
        return replace(self, **changes)

    def changed_fields(self, other: Demographics) -> list[str]:
        return [f.name for f in fields(self) if getattr(self, f.name) != getattr(other, f.name)]


def tidy(d: Demographics) -> Demographics:
    """The canonical spelling of what people type in several ways: NHS number digits, an upper-case postcode."""
    return replace(
        d,
        nhs_number=nhs.normalise(d.nhs_number) if d.nhs_number else None,
        postcode=postcode(d.postcode) if d.postcode else None,
        gp_practice=d.gp_practice.strip().upper() if d.gp_practice else None,
    )


def check(d: Demographics, today: date) -> None:
    """Raise InvalidPatientField naming the first field that breaks a rule of the record."""
    if d.nhs_number is not None and (why := nhs.problem(d.nhs_number)):
        raise InvalidPatientField("nhs_number", why)
    if d.birth_date > today:
        raise InvalidPatientField("birth_date", "is in the future")
    if d.sex not in SEXES:
        raise InvalidPatientField("sex", f"must be one of {', '.join(SEXES)}")
    if not name_key(d.family_name):
        raise InvalidPatientField("family_name", "needs at least one letter")


def postcode(text: str) -> str:
    """Upper case with one space before the inward code ("ls14ap" -> "LS1 4AP"), as Royal Mail writes them."""
    squeezed = "".join(text.split()).upper()
    return f"{squeezed[:-3]} {squeezed[-3:]}" if len(squeezed) > 4 else squeezed


def name_key(name: str) -> str:
    """Letters only, accents and case folded: "O'Brien-Smith", "o brien smith" and "Ó Brien Smith" are one key."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(ch for ch in decomposed if ch.isalpha() and not unicodedata.combining(ch))
