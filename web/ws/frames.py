"""Every websocket frame, typed: a pydantic discriminated union on `type`, one per direction and socket."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from capacity.board import BoardState, Status, window_key
from capacity.declared import Closure, Hours
from capacity.updates import MAX_SEQ, CapacityReport
from models.notify_tables import LifecycleEvent, Outcome
from models.tables import Service
from models.text import Line, Text
from models.types import utcnow
from models.vocabulary import ServiceType


class Slot(BaseModel):
    start: str
    free: int


class ServiceBoard(BaseModel):
    """One service on the board. When status is unknown, no slots, wait or OPEL are given: they are not known."""

    service_id: str
    version: int
    status: Status
    slots: list[Slot] = []
    wait_minutes: int | None = None
    opel: int | None = None
    updated_at: datetime | None = None
    stale_at: datetime | None = None

    @classmethod
    def of(cls, service_id: str, state: BoardState | None, staleness: timedelta) -> ServiceBoard:
        if state is None:
            return cls(service_id=service_id, version=0, status=Status.UNKNOWN)
        status = state.status(utcnow(), staleness)
        known = status is not Status.UNKNOWN
        return cls(
            service_id=service_id,
            version=state.version,
            status=status,
            slots=[Slot(start=window_key(w.start), free=w.free) for w in state.slots] if known else [],
            wait_minutes=state.wait_minutes if known else None,
            opel=int(state.opel) if known else None,
            updated_at=state.updated_at,
            stale_at=state.stale_at(staleness),
        )


class WatchedService(ServiceBoard):
    name: str
    type: ServiceType


# Console socket, server to client.
class SnapshotFrame(BaseModel):
    type: Literal["snapshot"] = "snapshot"
    at: datetime
    services: list[WatchedService]


class DeltaFrame(BaseModel):
    type: Literal["delta"] = "delta"
    version: int
    service: ServiceBoard


class PongFrame(BaseModel):
    type: Literal["pong"] = "pong"


# Provider socket, server to client.
class WelcomeFrame(BaseModel):
    type: Literal["welcome"] = "welcome"
    provider_id: str
    services: list[str]


class AckFrame(BaseModel):
    type: Literal["ack"] = "ack"
    service_id: str
    seq: int
    version: int
    replay: bool


class BookingCreatedFrame(BaseModel):
    """A patient was booked into one of the provider's services: the booking with the triage handover."""

    type: Literal["booking.created"] = "booking.created"
    booking: dict[str, Any]


class BookingCancelledFrame(BaseModel):
    """A booking at one of the provider's services is no longer coming: cancelled, or moved elsewhere (`status`)."""

    type: Literal["booking.cancelled"] = "booking.cancelled"
    booking: dict[str, Any]
    reason: str | None = None


class ErrorFrame(BaseModel):
    type: Literal["error"] = "error"
    code: str
    status: int
    detail: str
    seq: int | None = None


# Client to server.
class UpdateFrame(CapacityReport):
    type: Literal["capacity.update"]
    service_id: Line = Field(min_length=1, max_length=24)
    seq: int = Field(ge=1, le=MAX_SEQ, description="Per service, greater than the last accepted")

    def report(self) -> CapacityReport:
        return CapacityReport.model_validate(self.model_dump(exclude={"type", "service_id", "seq"}))


class StatusFrame(BaseModel):
    """The provider's lifecycle event for one booking, as POST /v1/bookings/{id}/status takes it."""

    model_config = ConfigDict(extra="forbid")

    type: Literal["booking.status"]
    booking_id: Line = Field(min_length=1, max_length=36)
    event: LifecycleEvent
    reason: Text | None = Field(default=None, max_length=500)
    outcome: Outcome | None = None


class StatusAckFrame(BaseModel):
    type: Literal["booking.status.ack"] = "booking.status.ack"
    booking_id: str
    event: LifecycleEvent
    at: datetime
    rebooked: bool


class ResyncFrame(BaseModel):
    model_config = ConfigDict(extra="forbid")

    type: Literal["resync"]


class PingFrame(BaseModel):
    model_config = ConfigDict(extra="forbid")

    type: Literal["ping"]


class HoursFrame(Hours):
    """The service's weekly opening hours, as PUT /v1/services/{id}/hours."""

    type: Literal["hours.declare"]
    service_id: Line = Field(min_length=1, max_length=24)


class ClosureFrame(BaseModel):
    """A temporary closure, as PUT /v1/services/{id}/closure; `closure: null` reopens the service."""

    model_config = ConfigDict(extra="forbid")

    type: Literal["closure.declare"]
    service_id: Line = Field(min_length=1, max_length=24)
    closure: Closure | None


class DeclaredFrame(BaseModel):
    """A declaration was recorded: routing uses it from this worker's next directory read."""

    type: Literal["declared"] = "declared"
    service_id: str
    what: Literal["hours", "closure"]


Inbound = UpdateFrame | HoursFrame | ClosureFrame | StatusFrame | PingFrame
ProviderInbound = TypeAdapter[Inbound](Annotated[Inbound, Field(discriminator="type")])
ConsoleInbound = TypeAdapter[ResyncFrame | PingFrame](Annotated[ResyncFrame | PingFrame, Field(discriminator="type")])


class DeltaEncoder:
    """Board state to delta frame text, done once per change however many consoles receive it."""

    def __init__(self, staleness: timedelta) -> None:
        self.staleness = staleness

    def __call__(self, state: BoardState) -> str:
        return DeltaFrame(
            version=state.version, service=ServiceBoard.of(state.service_id, state, self.staleness)
        ).model_dump_json()


def snapshot_frame(services: list[Service], states: dict[str, BoardState], staleness: timedelta) -> str:
    entries = [
        WatchedService(name=s.name, type=s.type, **ServiceBoard.of(s.id, states.get(s.id), staleness).model_dump())
        for s in services
    ]
    return SnapshotFrame(at=utcnow(), services=entries).model_dump_json()
