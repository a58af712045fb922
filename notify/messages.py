"""The words of each message to a patient: plain English, from a booking's facts, with no clinical detail.

Pure: facts in, text out. The signed link in every message lets the patient see, cancel or change the booking.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from models.notify_tables import MessageKind

LONDON = ZoneInfo("Europe/London")
SAFETY_NETTING = (
    "If you feel worse before then, call 111 or use NHS 111 online. "
    "If it is an emergency (for example chest pain, struggling to breathe, or heavy bleeding), call 999."
)
BRING = "Bring any medicines you take (or a list of them) and, if you have one, your NHS number."


@dataclass(frozen=True, slots=True)
class Facts:
    """What a message may say: where and when, never why the patient needs care."""

    kind: MessageKind
    reference: str
    service_name: str
    address: str
    postcode: str
    phone: str | None
    window_start: datetime
    link: str
    cause: str | None = None  # why a service could not keep the booking (closed, withdrew the time, declined)
    old_service_name: str | None = None
    callback: bool = False  # cancelled and a clinician will call the patient back


@dataclass(frozen=True, slots=True)
class Message:
    subject: str
    body: str


CAUSES = {
    "closed": "has had to close",
    "opel4": "is under extreme pressure and has cut its appointments",
    "declined": "could not take your booking",
}


def when(moment: datetime) -> str:
    """'Monday 7 December at 2:30pm', in UK time."""
    local = moment.astimezone(LONDON)
    hour = local.strftime("%I").lstrip("0")
    return f"{local:%A} {local.day} {local:%B} at {hour}:{local:%M}{local.strftime('%p').lower()}"


def render(facts: Facts) -> Message:
    return RENDERERS[facts.kind](facts)


def _where(f: Facts) -> str:
    lines = [f"Where: {f.service_name}, {', '.join(p for p in (f.address, f.postcode) if p)}"]
    if f.phone:
        lines.append(f"Phone: {f.phone}")
    return "\n".join(lines)


def _booking(f: Facts) -> str:
    return (
        f"When: {when(f.window_start)}\n{_where(f)}\nYour booking reference: {f.reference}\n\n"
        f"How to get there: search for the postcode {f.postcode} in a maps app, or ask the service by phone.\n"
        f"{BRING}\n\n{SAFETY_NETTING}\n\n"
        f"To see your booking, cancel it or ask for another time: {f.link}"
    )


def _confirmed(f: Facts) -> Message:
    return Message(f"NHS 111: your booking {f.reference} is confirmed", f"Your booking is confirmed.\n\n{_booking(f)}")


def _changed(f: Facts) -> Message:
    return Message(f"NHS 111: your booking has changed ({f.reference})", f"Your booking has changed.\n\n{_booking(f)}")


def _rebooked(f: Facts) -> Message:
    why = CAUSES.get(f.cause or "", "can no longer see you at the time you were booked")
    intro = f"{f.old_service_name or 'The service you were booked with'} {why}, so we have booked you somewhere else."
    if f.cause == "patient_asked":
        moved = "another time at " + f.service_name if f.old_service_name == f.service_name else "another place"
        intro = f"As you asked, we have found you {moved}."
    return Message(f"NHS 111: we have moved your booking ({f.reference})", f"{intro}\n\n{_booking(f)}")


def _cancelled(f: Facts) -> Message:
    if f.callback:
        why = CAUSES.get(f.cause or "", "can no longer see you")
        text = (
            f"{f.service_name} {why}, and we could not find you another place in time. "
            "Your booking is cancelled. A clinician from NHS 111 will phone you as soon as possible.\n\n"
            f"{SAFETY_NETTING}"
        )
    else:
        text = (
            f"Your booking {f.reference} at {f.service_name} on {when(f.window_start)} is cancelled.\n\n"
            "If you still need care, call 111 or use NHS 111 online.\n\n"
            f"{SAFETY_NETTING}\n\nYour booking: {f.link}"
        )
    return Message(f"NHS 111: your booking {f.reference} is cancelled", text)


def _reminder(f: Facts) -> Message:
    return Message(f"NHS 111: reminder of your booking {f.reference}", f"A reminder of your booking.\n\n{_booking(f)}")


def _feedback(f: Facts) -> Message:
    return Message(
        "NHS 111: how was your care?",
        f"Thank you for using NHS 111. Please tell us how your visit to {f.service_name} went: it takes a minute "
        f"and helps us improve.\n\n{f.link}",
    )


RENDERERS = {
    MessageKind.CONFIRMED: _confirmed,
    MessageKind.CHANGED: _changed,
    MessageKind.REBOOKED: _rebooked,
    MessageKind.CANCELLED: _cancelled,
    MessageKind.REMINDER: _reminder,
    MessageKind.FEEDBACK: _feedback,
}
