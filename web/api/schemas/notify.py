"""notify's bodies: the outbox for admins, the needs-action list for handlers, the provider's lifecycle events.
The first two are notify.views' own dataclasses, read field for field."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from models.notify_tables import LifecycleEvent, Outcome
from models.text import Text
from notify.views import NeedsAction, Sent
from web.api.schemas.mirror import mirrors
from web.api.schemas.routing import Out


@mirrors(
    Sent,
    last_error="Why the last attempt failed: an error type or status, never text",
    body="The words sent, as the patient saw them (kept sealed at rest)",
)
class NotificationOut(Out):
    """A message to a patient, with its delivery state."""


@mirrors(
    NeedsAction,
    cause="closed, opel4, declined or patient_asked",
    message_state="How the patient's message about it went",
)
class NeedsActionOut(Out):
    """A booking a service could not keep (or the patient asked to change), and what became of it."""


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
