"""The dispatcher each worker runs: claim due messages, render them, send them, record what happened.

At least once, made effectively once: a message is claimed under a lease before it is sent and recorded only if
it is still pending, and our message id travels with it (SMTP Message-ID, GOV.UK Notify reference) so a resend
after a crash between sending and recording can be recognised downstream. A failed send is retried with
exponential backoff; after the last attempt it is FAILED, visible in GET /v1/notifications. A patient who could
not be told that their booking was moved or cancelled goes to the clinician callback queue.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from models.audit import record
from models.crypto import Keyring
from models.database import blocking, read_session, session_scope
from models.notify_tables import Disruption, DisruptionState, MessageKind, MessageState, OutboxMessage
from models.tables import Booking, Service
from models.types import utcnow
from models.vocabulary import BookingStatus
from notify import links
from notify.channels import Channel, DeliveryFailed, Envelope, Unreachable
from notify.contacts import Contact, ContactSource, booking_or_record_contact
from notify.escalate import to_callback
from notify.messages import Facts, render
from notify.outbox import claim_due, finish

logger = logging.getLogger("one111.notify")
ACTOR = "notify"
ABOUT_A_MOVE = (MessageKind.REBOOKED, MessageKind.CANCELLED)


@dataclass(frozen=True, slots=True)
class Prepared:
    message: OutboxMessage
    booking: Booking
    facts: Facts | None  # None: nothing to say any more (SKIPPED), or no one to say it to (not worked out)
    contact: Contact | None
    disruption: Disruption | None
    skipped: bool = False


@dataclass
class Dispatcher:
    engine: Engine
    keyring: Keyring
    channel: Channel
    link_base: str  # e.g. https://111.example.nhs.uk: links are <link_base>/my/<token>
    contact_source: ContactSource = booking_or_record_contact
    max_attempts: int = 6
    backoff: timedelta = timedelta(seconds=30)
    lease: timedelta = timedelta(seconds=60)
    fresh: timedelta = timedelta(seconds=1)  # how old a claim's reading may get while its messages are sent
    on_result: Callable[[str, MessageState], object] = field(default=lambda channel, state: None)

    async def run_once(self, now: datetime | None = None) -> int:
        """Send what is due now; how many messages were handled."""
        now = now or utcnow()
        ids = await blocking(claim_due, self.engine, now, self.lease)
        prepared = await blocking(self._prepare_all, ids, now) if ids else []
        # What will not be sent (skipped, or no one to tell: most confirmations) is recorded in one transaction
        # for the claim; each message that is sent is recorded on its own straight after its send.
        unsent = [(p, outcome) for p in prepared if (outcome := _unsent(p)) is not None]
        states = await blocking(self._record_all, unsent) if unsent else []
        states += await self._send_all([p for p in prepared if _unsent(p) is None], now)
        for state in states:
            if state is not None:
                self.on_result(self.channel.name, state)
        return len(ids)

    async def _send_all(self, prepared: list[Prepared], now: datetime) -> list[MessageState | None]:
        """Sent in claim order. Once sending has taken `fresh`, what is left is read again: a slow channel must not
        remind a patient of a booking cancelled while the claim's earlier messages went out (such a reminder is
        then skipped, as one read after the cancellation is)."""
        states: list[MessageState | None] = []
        read_at = time.monotonic()
        for i, p in enumerate(prepared):
            if i and time.monotonic() - read_at >= self.fresh.total_seconds():
                rest = await blocking(self._prepare_all, [q.message.id for q in prepared[i:]], now)
                return states + await self._send_all(rest, now)
            states.append(await blocking(self.deliver, p, now))
        return states

    async def forever(self, interval_s: float) -> None:
        while True:
            try:
                while await self.run_once():
                    pass
            except Exception:  # keep dispatching; the message stays pending and its lease runs out
                logger.exception("notify dispatch failed")
            await asyncio.sleep(interval_s)

    def deliver(self, prepared: Prepared, now: datetime) -> MessageState | None:
        """Render and send one claimed message and record the result; its new state (None: already handled)."""
        outcome = _unsent(prepared)
        if outcome is not None:
            return self._record(prepared, *outcome)
        assert prepared.facts is not None and prepared.contact is not None  # _unsent() saw to both
        text = render(prepared.facts)
        envelope = Envelope(prepared.message.id, prepared.contact, text.subject, text.body)
        try:
            remote_id = self.channel.send(envelope)
        except DeliveryFailed as failure:
            return self._failed(prepared, failure, now)
        return self._record(prepared, MessageState.SENT, self._delivered(envelope, remote_id, now))

    def _delivered(self, envelope: Envelope, remote_id: str, now: datetime) -> dict[str, Any]:
        contact = envelope.contact
        to = contact.email if self.channel.name == "smtp" else contact.email or contact.mobile
        body = f"Subject: {envelope.subject}\n\n{envelope.body}"
        return {
            "remote_id": remote_id[:64],
            "sent_at": now,
            "recipient": self.keyring.seal(to or "", "notify.recipient"),
            "body": self.keyring.seal(body, "notify.body"),
        }

    def _failed(self, prepared: Prepared, failure: DeliveryFailed, now: datetime) -> MessageState | None:
        attempts = prepared.message.attempts + 1
        if isinstance(failure, Unreachable):
            return self._record(prepared, MessageState.UNREACHABLE, {"last_error": failure.code})
        if failure.retry and attempts < self.max_attempts:
            wait = min(self.backoff * 2 ** (attempts - 1), timedelta(hours=1))
            values = {"last_error": failure.code, "next_attempt_at": now + wait}
            return self._record(prepared, MessageState.PENDING, values)
        return self._record(prepared, MessageState.FAILED, {"last_error": failure.code})

    def _record(self, prepared: Prepared, state: MessageState, values: dict[str, Any]) -> MessageState | None:
        with session_scope(self.engine) as session:
            return self._record_in(session, prepared, state, values)

    def _record_all(self, outcomes: list[tuple[Prepared, Outcome]]) -> list[MessageState | None]:
        """Several results in one transaction: a commit per message was most of what recording cost."""
        with session_scope(self.engine) as session:
            return [self._record_in(session, prepared, *outcome) for prepared, outcome in outcomes]

    def _record_in(
        self, session: Session, prepared: Prepared, state: MessageState, values: dict[str, Any]
    ) -> MessageState | None:
        """A result and its audit event, if the message is still pending (None: another worker recorded it)."""
        message = prepared.message
        values = {**values, "state": state, "attempts": message.attempts + 1, "channel": self.channel.name}
        if not finish(session, message.id, values):
            return None  # the UPDATE matched no row: nothing was written, so nothing to undo
        action = "notify.retry" if state is MessageState.PENDING else f"notify.{state.value.lower()}"
        detail = {"message_id": message.id, "kind": message.kind.value, "channel": self.channel.name}
        record(session, ACTOR, action, ("booking", message.booking_id), detail)
        if state in (MessageState.UNREACHABLE, MessageState.FAILED) and message.kind in ABOUT_A_MOVE:
            self._escalate(session, prepared)
        return state

    def _escalate(self, session: Session, prepared: Prepared) -> None:
        """The patient was not told their booking moved or was cancelled: a clinician phones them."""
        disruption = prepared.disruption
        if disruption is None or disruption.callback_id is not None:
            return  # a patient's own cancellation needs no call; a callback already queued needs no second one
        callback_id = to_callback(session, prepared.booking, "The patient could not be told of a moved booking.")
        row = session.get(Disruption, disruption.id)
        if row is not None:
            row.callback_id, row.needs_action = callback_id, True
            session.add(row)

    def _prepare_all(self, message_ids: list[str], now: datetime) -> list[Prepared]:
        """What to send for each claimed message still pending, in claim order. The messages and their bookings
        are read together, two statements for a whole claim (up to `claim_due`'s limit) instead of two per
        message: at a few bookings a second they were a third of the dispatcher's CPU. A message is recorded
        only if still pending (`finish`), so one taken over meanwhile is not recorded twice; a booking cancelled
        while earlier messages of the claim were sent still gets its own `cancelled` message."""
        with read_session(self.engine) as session:
            wanted = select(OutboxMessage).where(col(OutboxMessage.id).in_(message_ids))
            pending = {m.id: m for m in session.exec(wanted).all() if m.state is MessageState.PENDING}
            booking_ids = sorted({m.booking_id for m in pending.values()})
            found = session.exec(select(Booking).where(col(Booking.id).in_(booking_ids))).all() if pending else []
            bookings = {b.id: b for b in found}
            ordered = [pending[i] for i in message_ids if i in pending and pending[i].booking_id in bookings]
            return [self._prepare(session, message, bookings[message.booking_id], now) for message in ordered]

    def _prepare(self, session: Session, message: OutboxMessage, booking: Booking, now: datetime) -> Prepared:
        disruption = _disruption_of(session, message, booking)
        if message.kind is MessageKind.REMINDER and booking.status is not BookingStatus.CONFIRMED:
            return Prepared(message, booking, None, None, disruption, skipped=True)
        # Whom to tell first: most bookings give no contact, and then the message's facts are never needed.
        contact = self.contact_source(session, self.keyring, booking)
        reachable = contact is not None and contact.reachable
        facts = self._facts(session, message, booking, disruption, now) if reachable else None
        return Prepared(message, booking, facts, contact, disruption, skipped=reachable and facts is None)

    def _facts(
        self, session: Session, message: OutboxMessage, booking: Booking, disruption: Disruption | None, now: datetime
    ) -> Facts | None:
        service = session.get(Service, booking.service_id)
        if service is None:
            return None
        old = session.get(Booking, booking.replaces_id) if booking.replaces_id else None
        old_service = session.get(Service, old.service_id) if old is not None else None
        expires = max(now, booking.window_start) + links.LIFETIME
        return Facts(
            kind=message.kind,
            reference=booking.reference,
            service_name=service.name,
            address=service.address,
            postcode=service.postcode,
            phone=service.phone,
            window_start=booking.window_start,
            link=f"{self.link_base.rstrip('/')}/my/{links.token(self.keyring, booking.id, expires)}",
            cause=disruption.cause if disruption is not None else None,
            old_service_name=old_service.name if old_service is not None else None,
            callback=disruption is not None and disruption.state is DisruptionState.CALLBACK,
        )


Outcome = tuple[MessageState, dict[str, Any]]


def _unsent(prepared: Prepared) -> Outcome | None:
    """The result of a message that will not be sent (nothing to say any more, or no one to say it to), or None
    for one to send."""
    if prepared.skipped:
        return MessageState.SKIPPED, {}
    if prepared.facts is None or prepared.contact is None or not prepared.contact.reachable:
        return MessageState.UNREACHABLE, {"last_error": "no contact, or no consent"}
    return None


def _disruption_of(session: Session, message: OutboxMessage, booking: Booking) -> Disruption | None:
    """The disruption a message is about: of the booking it replaced (rebooked), or of itself (cancelled)."""
    about = booking.replaces_id if message.kind is MessageKind.REBOOKED else booking.id
    if message.kind not in ABOUT_A_MOVE or about is None:
        return None
    return session.exec(select(Disruption).where(Disruption.booking_id == about)).first()
