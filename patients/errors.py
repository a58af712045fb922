"""The patient record's expected failures; web/errors.py maps each to a status and problem code once."""

from __future__ import annotations

from models.errors import Conflict, DomainError, NotFound


class InvalidPatientField(DomainError):
    """A value that fails a rule of the record (a wrong NHS check digit, a future birth date); names the field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field, self.message = field, message


class UnknownPractice(InvalidPatientField):
    """A registered GP practice code that the directory does not hold as a GP practice."""


class UnknownPatient(NotFound):
    """No patient record with that id."""


class DuplicatePatient(Conflict):
    """The new record matches one (or more) already held: never merged silently, a person decides."""

    def __init__(self, detail: str, candidates: list[str]) -> None:
        super().__init__(detail)
        self.candidates = candidates


class NoRelationship(DomainError):
    """The caller has no legitimate relationship with this patient and did not break glass with a reason (403)."""


class InvalidBundle(DomainError):
    """A FHIR Bundle that does not validate, or that is about another patient: nothing from it is saved (422)."""


class UnknownEntry(NotFound):
    """No current summary entry with that id on this patient's record."""


class UnknownBooking(NotFound):
    """No booking with that id (or, to a provider, none at its services)."""


class DetailsAlreadyGiven(Conflict):
    """A chat gives the patient's details once; a change goes through staff (a correction)."""
