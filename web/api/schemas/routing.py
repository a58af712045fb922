"""Routing and booking bodies. Responses are read straight off the domain's objects (`from_attributes`), so a
field is named once, in the domain, and the schema only says which ones the API shows."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Self

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from models.text import Line, Text
from models.vocabulary import BookingStatus, Disposition, HoldStatus, ServiceType, Sex
from routing.callbacks import Caller
from routing.eligibility import Pathway
from routing.policy import TravelMode
from routing.ranking import CALL_999_INSTRUCTION, Access, Outcome
from routing.route import Patient, Routed


class Out(BaseModel):
    """A response read from a domain object's attributes."""

    model_config = ConfigDict(from_attributes=True)

    @classmethod
    def of(cls, item: object) -> Self:
        return cls.model_validate(item)


class RouteIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"postcode": "LS1 4AP", "disposition": "UTC", "age": 34}]}
    )

    postcode: Line = Field(min_length=2, max_length=12, description="Full postcode or outward code, e.g. LS1 4AP")
    disposition: Disposition | None = Field(default=None, description="Give this or triage_id")
    triage_id: Line | None = Field(
        default=None, max_length=36, description="A triage record's id, from POST /v1/triage"
    )
    age: float | None = Field(
        default=None, ge=0, le=130, description="Years (0.5 is six months): age-limited services need it"
    )
    sex: Sex | None = None
    mode: TravelMode = Field(default=TravelMode.CAR, description="How the patient will travel: the handler asks")
    pathway: Pathway | None = Field(
        default=None, description="For a PHARMACY need: the Pharmacy First pathway (default minor_illness)"
    )
    registered_practice: Line | None = Field(
        default=None,
        min_length=3,
        max_length=10,
        pattern=r"^[A-Za-z0-9]+$",
        description="ODS code of the patient's own GP practice, e.g. B86016: offered first in its hours",
    )
    caller_name: Line | None = Field(default=None, max_length=200, description="Put on a queued callback, sealed")
    callback_phone: Line | None = Field(
        default=None, min_length=6, max_length=40, pattern=r"^\+?[0-9 ()-]{6,40}$", description="Likewise"
    )

    @model_validator(mode="after")
    def one_source(self) -> RouteIn:
        if (self.disposition is None) == (self.triage_id is None):
            raise ValueError("give exactly one of disposition and triage_id")
        if (self.caller_name is None) != (self.callback_phone is None):
            raise ValueError("give caller_name and callback_phone together")
        return self

    @property
    def caller(self) -> Caller | None:
        return (
            None
            if self.caller_name is None or self.callback_phone is None
            else Caller(self.caller_name, self.callback_phone)
        )

    def patient(self) -> Patient:
        return Patient(self.age, self.sex, self.pathway, self.registered_practice)


class PlaceOut(Out):
    matched: str
    precision: str
    latitude: float
    longitude: float


class OptionOut(Out):
    rank: int
    service_id: str
    name: str
    type: ServiceType
    distance_km: float
    travel_minutes: float
    wait_minutes: int | None = Field(description="None when the service has no live feed")
    time_to_care_minutes: float
    window_start: datetime = Field(description="From when: the slot window, or when it opens (no feed)")
    free: int | None = Field(description="Free slots in the window; None when the service has no live feed")
    meets_deadline: bool
    reasons: list[str]
    access: Access = Field(description="book, walk_in, phone, call_back or transfer: decides the words shown")
    bookable: bool = Field(description="Only a service with live capacity is held and booked here")
    how: str = Field(description="What the patient does, times in Europe/London")
    phone: str | None
    opel: int | None
    address_is_destination: bool = Field(description="False for call-backs and crisis lines: not a place to go")


class ExclusionOut(Out):
    service_id: str
    name: str
    type: ServiceType
    distance_km: float
    why: str
    detail: str


class RouteOut(Out):
    outcome: Outcome
    instruction: str | None
    disposition: Disposition
    routed_as: Disposition
    deadline_minutes: float | None
    place: PlaceOut
    options: list[OptionOut]
    exclusions: list[ExclusionOut]
    excluded_counts: dict[str, int]
    notes: list[str]
    callback_id: str | None
    triage_id: str | None
    policy_version: str

    @classmethod
    def from_routed(cls, routed: Routed) -> RouteOut:
        """The ranking's fields, where the patient was placed, and what was queued for them."""
        r = routed.ranking
        instruction = CALL_999_INSTRUCTION if r.outcome is Outcome.CALL_999 else None
        fields = {name: getattr(r, name) for name in r.__slots__}
        extra = {"place": routed.place, "callback_id": routed.callback_id, "triage_id": routed.triage_id}
        return cls.model_validate({**fields, **extra, "instruction": instruction})


class HoldIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"service_id": "RR801-ED", "window_start": "2026-11-23T20:00:00Z"}]},
    )

    service_id: Line = Field(max_length=24)
    window_start: AwareDatetime | None = Field(
        default=None, description="Default: the earliest window with a free slot"
    )
    triage_id: Line | None = Field(default=None, max_length=36)
    override_reason: Text | None = Field(
        default=None, max_length=500, description="Required to book a setting that cannot meet the triaged need"
    )


class HoldOut(Out):
    id: str
    service_id: str
    triage_id: str | None
    window_start: datetime
    seat: int
    status: HoldStatus
    expires_at: datetime


class ContactIn(BaseModel):
    """How the patient agreed to be told about this booking (kept sealed; used only for messages about it)."""

    model_config = ConfigDict(extra="forbid")

    email: Line | None = Field(default=None, max_length=254)
    mobile: Line | None = Field(default=None, max_length=20, description="A UK mobile number, e.g. 07700 900123")
    consent: bool = Field(description="The patient agreed to be contacted about this booking")


class BookingIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"hold_id": "3f2b8a64-5a4e-4c1e-9a43-1f0f6f0e8d21"}]}
    )

    hold_id: Line = Field(max_length=36)
    contact: ContactIn | None = Field(default=None, description="Optional: where to send the booking's messages")


class RebookIn(BookingIn):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"hold_id": "3f2b8a64-5a4e-4c1e-9a43-1f0f6f0e8d21"}]}
    )

    override_reason: Text | None = Field(
        default=None,
        max_length=500,
        description="Required when the new hold's setting cannot meet the booking's triaged need (it is audited)",
    )


class BookingOut(Out):
    id: str
    reference: str
    hold_id: str
    service_id: str
    triage_id: str | None
    window_start: datetime
    seat: int
    status: BookingStatus
    created_at: datetime
    cancelled_at: datetime | None
    replaces_id: str | None


class HandoverOut(BookingOut):
    triage: dict[str, Any] | None = Field(description="What the patient already told 111: never ask them again")
    expect: str = Field(description="What to expect, by booking mode, in Europe/London time")
