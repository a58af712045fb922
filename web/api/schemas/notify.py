"""notify's bodies: the outbox for admins, the needs-action list for handlers, the provider's lifecycle events."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from models.notify_tables import DisruptionState, LifecycleEvent, MessageKind, MessageState, Outcome
from models.text import Text
from web.api.schemas.routing import Out


class NotificationOut(Out):
    id: str
    booking_id: str
    kind: MessageKind
    state: MessageState
    channel: str | None
    attempts: int
    created_at: datetime
    next_attempt_at: datetime
    sent_at: datetime | None
    last_error: str | None = Field(description="Why the last attempt failed: an error type or status, never text")
    recipient: str | None
    body: str | None = Field(description="The words sent, as the patient saw them (kept sealed at rest)")


class NeedsActionOut(Out):
    disruption_id: str
    booking_id: str
    reference: str
    service_id: str
    window_start: datetime
    cause: str = Field(description="closed, withdrawn, opel4 or declined")
    state: DisruptionState
    urgency: int
    new_booking_id: str | None
    new_service_id: str | None
    new_service_name: str | None
    new_window_start: datetime | None
    callback_id: str | None
    message_state: MessageState | None = Field(description="How the patient's message about it went")
    created_at: datetime


class ActionedIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    note: Text | None = Field(
        default=None, max_length=500, examples=["Patient phoned: happy with the new time at St James's"]
    )


class StatusIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"event": "declined", "reason": "No paediatric cover tonight"}]}
    )

    event: LifecycleEvent
    reason: Text | None = Field(default=None, max_length=500, description="Required to decline")
    outcome: Outcome | None = Field(default=None, description="Required with the outcome event")


class StatusOut(Out):
    booking_id: str
    event: LifecycleEvent
    outcome: Outcome | None
    reason: str | None
    at: datetime
    rebooked: bool = Field(default=False, description="A decline moves the patient: see the needs-action list")
