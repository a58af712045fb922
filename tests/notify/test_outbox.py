"""The outbox on real SQLite: a booking change writes its message in its own transaction, and the dispatcher
sends each message once, keeps it sealed, and never lets its words reach the logs."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from capacity.memory_board import MemoryBoard
from models.crypto import Keyring
from models.notify_tables import MessageKind, MessageState, OutboxMessage
from models.tables import AuditEvent
from models.types import utcnow
from notify.channels import Embedded, Envelope
from notify.contacts import Contact
from notify.dispatch import Dispatcher
from routing import booking as bk
from routing.errors import DoubleBooking
from tests.notify.conftest import book, messages, put, soon

LGI, SJUH = "RR801-ED", "RR813-ED"


def dispatcher(engine: Engine, keyring: Keyring) -> Dispatcher:
    return Dispatcher(engine, keyring, Embedded(), "https://111.example")


def test_a_confirmed_booking_has_exactly_one_message_written_with_it(
    sqlite_engine: Engine, board: MemoryBoard, keyring: Keyring
) -> None:
    start = soon()
    put(board, LGI, {start: 2})
    booking = book(sqlite_engine, board, keyring, LGI, start)
    [message] = messages(sqlite_engine, booking.id)
    assert (message.kind, message.state, message.attempts) == (MessageKind.CONFIRMED, MessageState.PENDING, 0)


def test_a_booking_the_database_refuses_leaves_no_message(
    sqlite_engine: Engine, board: MemoryBoard, keyring: Keyring
) -> None:
    start = soon()
    put(board, LGI, {start: 2})
    first = book(sqlite_engine, board, keyring, LGI, start)
    hold = asyncio.run(bk.place_hold(sqlite_engine, board, bk.HoldRequest(LGI, start, first.triage_id), "h", 120))
    with pytest.raises(DoubleBooking):  # the same triage booked twice: the transaction, message and all, rolls back
        asyncio.run(bk.confirm(sqlite_engine, board, hold.id, "h"))
    assert [m.booking_id for m in messages(sqlite_engine)] == [first.id]


def test_cancel_and_change_each_write_one_message_and_a_move_does_not_write_two(
    sqlite_engine: Engine, board: MemoryBoard, keyring: Keyring
) -> None:
    start = soon()
    put(board, LGI, {start: 2})
    put(board, SJUH, {start: 2})
    booking = book(sqlite_engine, board, keyring, LGI, start, actor="h")
    hold = asyncio.run(bk.place_hold(sqlite_engine, board, bk.HoldRequest(SJUH, start, booking.triage_id), "h", 120))
    moved = asyncio.run(bk.rebook(sqlite_engine, board, booking.id, hold.id, "h"))
    asyncio.run(bk.cancel(sqlite_engine, board, moved.id, "h"))
    kinds = [(m.booking_id, m.kind) for m in messages(sqlite_engine)]
    assert kinds == [
        (booking.id, MessageKind.CONFIRMED),
        (moved.id, MessageKind.CHANGED),
        (moved.id, MessageKind.CANCELLED),
    ]


def test_a_booking_far_enough_ahead_gets_a_reminder_due_two_hours_before(
    sqlite_engine: Engine, board: MemoryBoard, keyring: Keyring
) -> None:
    start = soon(minutes=6 * 60)
    put(board, LGI, {start: 1})
    booking = book(sqlite_engine, board, keyring, LGI, start)
    reminder = next(m for m in messages(sqlite_engine, booking.id) if m.kind is MessageKind.REMINDER)
    assert reminder.next_attempt_at == start - timedelta(hours=2)
    assert asyncio.run(dispatcher(sqlite_engine, keyring).run_once()) == 1  # the confirmation only: not due yet
    asyncio.run(bk.cancel(sqlite_engine, board, booking.id, "handler"))
    later = start - timedelta(minutes=90)
    assert asyncio.run(dispatcher(sqlite_engine, keyring).run_once(later)) == 2  # the cancellation, the reminder
    states = {m.kind: m.state for m in messages(sqlite_engine, booking.id)}
    assert states[MessageKind.REMINDER] is MessageState.SKIPPED  # never remind of a cancelled booking


def test_the_embedded_channel_keeps_the_message_sealed_and_sends_it_once(
    sqlite_engine: Engine, board: MemoryBoard, keyring: Keyring, caplog: pytest.LogCaptureFixture
) -> None:
    start = soon()
    put(board, LGI, {start: 1})
    booking = book(sqlite_engine, board, keyring, LGI, start, contact=Contact("ada.lovelace@example.org", None, True))
    caplog.set_level(logging.DEBUG)
    assert asyncio.run(dispatcher(sqlite_engine, keyring).run_once()) == 1
    assert asyncio.run(dispatcher(sqlite_engine, keyring).run_once()) == 0  # sent: nothing is due twice
    [message] = messages(sqlite_engine, booking.id)
    assert (message.state, message.channel, message.attempts) == (MessageState.SENT, "embedded", 1)
    assert message.recipient is not None and message.body is not None
    assert "ada.lovelace" not in message.recipient + message.body  # sealed at rest
    assert keyring.open(message.recipient, "notify.recipient") == "ada.lovelace@example.org"
    assert booking.reference in keyring.open(message.body, "notify.body")
    assert "ada.lovelace" not in caplog.text and booking.reference not in caplog.text
    with Session(sqlite_engine) as session:
        sent = session.exec(select(AuditEvent).where(AuditEvent.action == "notify.sent")).all()
    assert [e.subject_id for e in sent] == [booking.id]


@pytest.mark.parametrize("contact", [None, Contact("pat@example.org", None, consent=False)])
def test_a_patient_without_a_contact_or_consent_is_not_messaged(
    sqlite_engine: Engine, board: MemoryBoard, keyring: Keyring, contact: Contact | None
) -> None:
    start = soon()
    put(board, LGI, {start: 1})
    booking = book(sqlite_engine, board, keyring, LGI, start, contact=contact)
    asyncio.run(dispatcher(sqlite_engine, keyring).run_once())
    [message] = messages(sqlite_engine, booking.id)
    assert message.state is MessageState.UNREACHABLE and message.body is None


def test_a_claimed_message_is_not_claimed_again_until_its_lease_runs_out(
    sqlite_engine: Engine, board: MemoryBoard, keyring: Keyring
) -> None:
    from notify.outbox import claim_due

    start = soon()
    put(board, LGI, {start: 1})
    book(sqlite_engine, board, keyring, LGI, start)
    now = utcnow()
    assert len(claim_due(sqlite_engine, now, timedelta(seconds=60))) == 1
    assert claim_due(sqlite_engine, now, timedelta(seconds=60)) == []  # another worker finds nothing
    assert len(claim_due(sqlite_engine, now + timedelta(seconds=61), timedelta(seconds=60))) == 1  # taken over
    with Session(sqlite_engine) as session:
        assert session.exec(select(OutboxMessage)).one().state is MessageState.PENDING


class CancelsOnFirstSend(Embedded):
    """A channel slow enough that a handler cancels another booking while the claim's first message goes out."""

    def __init__(self, engine: Engine, board: MemoryBoard, booking_ids: list[str]) -> None:
        self.engine, self.board, self.booking_ids = engine, board, booking_ids
        self.sent_for: list[str] = []

    def send(self, envelope: Envelope) -> str:
        if not self.sent_for:
            with Session(self.engine) as session:
                sending = session.get(OutboxMessage, envelope.message_id)
                assert sending is not None
            other = next(b for b in self.booking_ids if b != sending.booking_id)
            asyncio.run(bk.cancel(self.engine, self.board, other, "handler"))
        self.sent_for.append(envelope.message_id)
        return super().send(envelope)


def test_a_reminder_is_not_sent_for_a_booking_cancelled_while_its_claim_was_being_sent(
    sqlite_engine: Engine, board: MemoryBoard, keyring: Keyring
) -> None:
    start = soon(minutes=6 * 60)
    put(board, LGI, {start: 2})
    bookings = [book(sqlite_engine, board, keyring, LGI, start) for _ in range(2)]
    assert asyncio.run(dispatcher(sqlite_engine, keyring).run_once()) == 2  # the confirmations
    channel = CancelsOnFirstSend(sqlite_engine, board, [b.id for b in bookings])
    slow = Dispatcher(sqlite_engine, keyring, channel, "https://111.example", fresh=timedelta(0))

    assert asyncio.run(slow.run_once(start - timedelta(minutes=90))) == 2  # both reminders, claimed together

    reminders = {
        b.id: next(m for m in messages(sqlite_engine, b.id) if m.kind is MessageKind.REMINDER) for b in bookings
    }
    assert sorted(m.state for m in reminders.values()) == sorted([MessageState.SENT, MessageState.SKIPPED])
    assert len(channel.sent_for) == 1  # the cancelled booking's reminder never reached the channel
