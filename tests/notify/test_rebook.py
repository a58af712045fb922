"""Notify-and-rebook on real SQLite and the in-memory board: a service closes, withdraws a window or cuts at
OPEL 4, and each booking it can no longer keep is moved, most urgent first, or cancelled with a clinician callback;
each patient hears once; nothing moves without a disruption record."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from capacity.memory_board import MemoryBoard
from capacity.updates import CapacityReport, SlotWindow, apply_update
from models.crypto import Keyring
from models.notify_tables import Disruption, DisruptionState, MessageKind, MessageState
from models.routing_tables import CallbackRequest
from models.tables import Booking, Service
from models.types import utcnow
from models.vocabulary import BookingStatus, Disposition
from notify import links
from notify.channels import Embedded
from notify.dispatch import Dispatcher
from notify.patient import Asked, ask_for_another
from notify.rebook import _settle_callback, claim_pending, disrupt, record_disruptions
from tests.notify.conftest import book, messages, put, rebooker, soon

LGI, SJUH = "RR801-ED", "RR813-ED"


def report(engine: Engine, board: MemoryBoard, service_id: str, body: dict[str, object]) -> None:
    """The provider's update, accepted the way /ws/provider and PUT /capacity accept it."""
    with Session(engine) as session:
        service = session.get(Service, service_id)
        assert service is not None
    asyncio.run(apply_update(engine, board, service.provider_id, service_id, CapacityReport.model_validate(body), None))


def slots(*windows: tuple[datetime, int]) -> list[dict[str, object]]:
    return [SlotWindow(start=start, free=free).model_dump() for start, free in windows]


def words(engine: Engine, keyring: Keyring, booking_id: str, kind: MessageKind) -> str:
    """The words of the one message of `kind` written about the booking, opened."""
    [message] = [m for m in messages(engine, booking_id) if m.kind is kind]
    assert message.body is not None
    return keyring.open(message.body, "notify.body")


def test_a_closed_service_moves_the_most_urgent_first_and_queues_a_callback_for_whoever_is_left(
    sqlite_engine: Engine, board: MemoryBoard, keyring: Keyring
) -> None:
    start = soon(20)
    put(board, LGI, {start: 3})
    put(board, SJUH, {start: 2})
    # booked least urgent first, so the order they are moved in is urgency's, not booking order's
    gp = book(sqlite_engine, board, keyring, LGI, start, disposition=Disposition.GP_OOH)
    utc = book(sqlite_engine, board, keyring, LGI, start, disposition=Disposition.UTC)
    ed = book(sqlite_engine, board, keyring, LGI, start, disposition=Disposition.ED)
    report(sqlite_engine, board, LGI, {"is_open": False, "slots": [], "wait_minutes": 0, "opel": 4})

    assert asyncio.run(rebooker(sqlite_engine, board).service_changed(LGI)) == 3

    with Session(sqlite_engine) as session:
        found = {d.booking_id: d for d in session.exec(select(Disruption)).all()}
        new = {b.replaces_id: b for b in session.exec(select(Booking).where(Booking.replaces_id != None)).all()}  # noqa: E711
        callbacks = session.exec(select(CallbackRequest)).all()
    assert {k: (d.state, d.cause) for k, d in found.items()} == {
        ed.id: (DisruptionState.MOVED, "closed"),
        utc.id: (DisruptionState.MOVED, "closed"),
        gp.id: (DisruptionState.CALLBACK, "closed"),
    }
    assert new[ed.id].service_id == new[utc.id].service_id == SJUH
    assert [c.id for c in callbacks] == [found[gp.id].callback_id] and callbacks[0].triage_id == gp.triage_id
    free = asyncio.run(board.get(SJUH))
    assert free is not None and free.slots[0].free == 0  # two moved in, none lost, none doubled

    asyncio.run(Dispatcher(sqlite_engine, keyring, Embedded(), "https://111.example").run_once())
    told = [(m.booking_id, m.kind, m.state) for m in messages(sqlite_engine) if m.kind is not MessageKind.CONFIRMED]
    assert sorted(told) == sorted(
        [
            (new[ed.id].id, MessageKind.REBOOKED, MessageState.SENT),
            (new[utc.id].id, MessageKind.REBOOKED, MessageState.SENT),
            (gp.id, MessageKind.CANCELLED, MessageState.SENT),
        ]
    )
    assert "A clinician from NHS 111 will phone you" in words(sqlite_engine, keyring, gp.id, MessageKind.CANCELLED)


def test_an_opel4_cut_disrupts_only_the_bookings_in_the_windows_it_drops(
    sqlite_engine: Engine, board: MemoryBoard, keyring: Keyring
) -> None:
    early, late = soon(20), soon(50)
    put(board, LGI, {early: 1, late: 1})
    put(board, SJUH, {early: 1, late: 1})
    kept = book(sqlite_engine, board, keyring, LGI, late)
    cut = book(sqlite_engine, board, keyring, LGI, early)
    report(sqlite_engine, board, LGI, {"is_open": True, "slots": slots((late, 0)), "wait_minutes": 240, "opel": 4})
    asyncio.run(rebooker(sqlite_engine, board).service_changed(LGI))
    with Session(sqlite_engine) as session:
        found = {d.booking_id: d.cause for d in session.exec(select(Disruption)).all()}
        assert session.get(Booking, kept.id).status is BookingStatus.CONFIRMED  # type: ignore[union-attr]
    assert found == {cut.id: "opel4"}


def test_below_opel4_a_window_left_out_of_a_report_is_full_not_withdrawn(
    sqlite_engine: Engine, board: MemoryBoard, keyring: Keyring
) -> None:
    early, late = soon(20), soon(80)
    put(board, LGI, {early: 1, late: 1})
    booked = book(sqlite_engine, board, keyring, LGI, early)
    report(sqlite_engine, board, LGI, {"is_open": True, "slots": slots((late, 1)), "wait_minutes": 30, "opel": 3})
    assert asyncio.run(rebooker(sqlite_engine, board).service_changed(LGI)) == 0
    with Session(sqlite_engine) as session:
        assert session.get(Booking, booked.id).status is BookingStatus.CONFIRMED  # type: ignore[union-attr]


def test_a_patient_who_cannot_be_told_of_a_move_goes_to_the_callback_queue(
    sqlite_engine: Engine, board: MemoryBoard, keyring: Keyring
) -> None:
    start = soon(20)
    put(board, LGI, {start: 1})
    put(board, SJUH, {start: 1})
    booking = book(sqlite_engine, board, keyring, LGI, start, contact=None)
    report(sqlite_engine, board, LGI, {"is_open": False, "slots": [], "wait_minutes": 0, "opel": 4})
    asyncio.run(rebooker(sqlite_engine, board).service_changed(LGI))
    asyncio.run(Dispatcher(sqlite_engine, keyring, Embedded(), "https://111.example").run_once())
    with Session(sqlite_engine) as session:
        [disruption] = session.exec(select(Disruption)).all()
        [callback] = session.exec(select(CallbackRequest)).all()
    assert disruption.state is DisruptionState.MOVED and disruption.callback_id == callback.id
    with Session(sqlite_engine) as session:
        new = session.get(Booking, disruption.new_booking_id)
    assert new is not None and new.service_id == SJUH
    # the clinician phones about the booking the patient now has
    assert callback.triage_id == booking.triage_id and callback.detail["reference"] == new.reference
    moved = [m for m in messages(sqlite_engine) if m.kind is MessageKind.REBOOKED]
    assert [m.state for m in moved] == [MessageState.UNREACHABLE]


def test_a_second_worker_finds_nothing_left_to_do(sqlite_engine: Engine, board: MemoryBoard, keyring: Keyring) -> None:
    start = soon(20)
    put(board, LGI, {start: 1})
    put(board, SJUH, {start: 1})
    book(sqlite_engine, board, keyring, LGI, start)
    report(sqlite_engine, board, LGI, {"is_open": False, "slots": [], "wait_minutes": 0, "opel": 4})
    assert asyncio.run(rebooker(sqlite_engine, board).service_changed(LGI)) == 1
    assert asyncio.run(rebooker(sqlite_engine, board).service_changed(LGI)) == 0
    assert asyncio.run(rebooker(sqlite_engine, board).sweep()) == 0
    assert len([m for m in messages(sqlite_engine) if m.kind is MessageKind.REBOOKED]) == 1


def test_a_closure_whose_worker_died_before_moving_anyone_is_found_by_any_workers_sweep(
    sqlite_engine: Engine, board: MemoryBoard, keyring: Keyring
) -> None:
    start = soon(20)
    put(board, LGI, {start: 1})
    put(board, SJUH, {start: 1})
    put(board, "RAE01-ED", {start: 1})  # Bradford: open, with a booking, and left alone
    booking = book(sqlite_engine, board, keyring, LGI, start)
    elsewhere = book(sqlite_engine, board, keyring, "RAE01-ED", start)
    report(
        sqlite_engine, board, "RAE01-ED", {"is_open": True, "slots": slots((start, 0)), "wait_minutes": 9, "opel": 2}
    )
    report(sqlite_engine, board, LGI, {"is_open": False, "slots": [], "wait_minutes": 0, "opel": 4})  # then died
    assert asyncio.run(rebooker(sqlite_engine, board).sweep()) == 1
    with Session(sqlite_engine) as session:
        [disruption] = session.exec(select(Disruption)).all()
        assert session.get(Booking, elsewhere.id).status is BookingStatus.CONFIRMED  # type: ignore[union-attr]
    assert (disruption.booking_id, disruption.state) == (booking.id, DisruptionState.MOVED)


def test_a_callback_queued_by_a_worker_that_died_before_cancelling_is_cancelled_by_the_sweep(
    sqlite_engine: Engine, board: MemoryBoard, keyring: Keyring
) -> None:
    start = soon(20)
    put(board, LGI, {start: 1})
    booking = book(sqlite_engine, board, keyring, LGI, start)
    report(sqlite_engine, board, LGI, {"is_open": False, "slots": [], "wait_minutes": 0, "opel": 4})
    [booking_id] = record_disruptions(sqlite_engine, LGI, utcnow())
    [disruption_id] = claim_pending(sqlite_engine, utcnow(), timedelta(seconds=60))
    _settle_callback(sqlite_engine, disruption_id, booking)  # ... and the worker died here
    asyncio.run(rebooker(sqlite_engine, board).sweep())
    asyncio.run(rebooker(sqlite_engine, board).sweep())  # a second worker's round changes nothing more
    with Session(sqlite_engine) as session:
        assert session.get(Booking, booking_id).status is BookingStatus.CANCELLED  # type: ignore[union-attr]
    cancelled = [m for m in messages(sqlite_engine, booking.id) if m.kind is MessageKind.CANCELLED]
    assert len(cancelled) == 1


def asks_for_another(engine: Engine, board: MemoryBoard, keyring: Keyring, booking: Booking) -> Asked:
    """The patient presses "Ask for another time or place" behind the link in their message."""
    token = links.token(keyring, booking.id, utcnow() + timedelta(days=1))
    return asyncio.run(ask_for_another(rebooker(engine, board), keyring, token, booking.id))


def moved_to(engine: Engine, booking: Booking) -> Booking:
    with Session(engine) as session:
        [new] = session.exec(select(Booking).where(Booking.replaces_id == booking.id)).all()
    return new


def test_a_patient_who_asks_for_another_time_gets_the_next_window_at_their_own_service_first(
    sqlite_engine: Engine, board: MemoryBoard, keyring: Keyring
) -> None:
    early, later = soon(20), soon(40)
    put(board, LGI, {early: 2, later: 1})  # a seat left in the booked window too: never the same window again
    put(board, SJUH, {early: 1})  # sooner than LGI's next window, and still second
    booking = book(sqlite_engine, board, keyring, LGI, early)
    assert asks_for_another(sqlite_engine, board, keyring, booking) is Asked.MOVED
    new = moved_to(sqlite_engine, booking)
    assert (new.service_id, new.window_start) == (LGI, later)
    lgi = asyncio.run(board.get(LGI))
    assert lgi is not None and [w.free for w in lgi.slots] == [2, 0]  # the old seat is given back
    asyncio.run(Dispatcher(sqlite_engine, keyring, Embedded(), "https://111.example").run_once())
    told = words(sqlite_engine, keyring, new.id, MessageKind.CHANGED)
    assert "Your booking has changed" in told and "Leeds General Infirmary" in told


def test_a_patient_whose_own_service_has_no_other_window_in_time_goes_elsewhere(
    sqlite_engine: Engine, board: MemoryBoard, keyring: Keyring
) -> None:
    early, too_late = soon(20), soon(80)  # an ED need: seen within the hour, and LGI reports a 10 min wait
    put(board, LGI, {early: 1, too_late: 1})
    put(board, SJUH, {early: 1})
    booking = book(sqlite_engine, board, keyring, LGI, early)
    assert asks_for_another(sqlite_engine, board, keyring, booking) is Asked.MOVED
    assert moved_to(sqlite_engine, booking).service_id == SJUH


def test_a_booking_kept_after_the_patient_asked_is_still_moved_when_its_service_later_closes(
    sqlite_engine: Engine, board: MemoryBoard, keyring: Keyring
) -> None:
    """The patient's request leaves no record that a disruption of the same booking would collide with."""
    start = soon(20)
    put(board, LGI, {start: 1})
    booking = book(sqlite_engine, board, keyring, LGI, start)
    assert asks_for_another(sqlite_engine, board, keyring, booking) is Asked.KEPT
    put(board, SJUH, {start: 1})
    report(sqlite_engine, board, LGI, {"is_open": False, "slots": [], "wait_minutes": 0, "opel": 4})
    assert asyncio.run(rebooker(sqlite_engine, board).service_changed(LGI)) == 1
    assert moved_to(sqlite_engine, booking).service_id == SJUH


def test_a_patient_whose_request_was_recorded_as_a_disruption_keeps_their_booking_when_nothing_is_free(
    sqlite_engine: Engine, board: MemoryBoard, keyring: Keyring
) -> None:
    """A request written as a disruption before asking became a swap (a row left pending at an upgrade)."""
    start = soon(20)
    put(board, LGI, {start: 1})
    booking = book(sqlite_engine, board, keyring, LGI, start)
    with Session(sqlite_engine) as session:
        disrupt(session, booking, "patient_asked", Disposition.ED.urgency)
        session.commit()
    asyncio.run(rebooker(sqlite_engine, board).resolve_due(utcnow()))
    with Session(sqlite_engine) as session:
        assert session.get(Booking, booking.id).status is BookingStatus.CONFIRMED  # type: ignore[union-attr]
        [d] = session.exec(select(Disruption)).all()
        assert (d.state, d.needs_action, d.callback_id) == (DisruptionState.DONE, False, None)
        assert session.exec(select(CallbackRequest)).all() == []
    assert [m.kind for m in messages(sqlite_engine, booking.id)] == [MessageKind.CONFIRMED]


def test_a_disrupted_booking_never_goes_back_into_the_service_that_cut_or_declined_it(
    sqlite_engine: Engine, board: MemoryBoard, keyring: Keyring
) -> None:
    early, later = soon(20), soon(40)
    put(board, LGI, {early: 2, later: 2})
    put(board, SJUH, {early: 1, later: 1})
    cut = book(sqlite_engine, board, keyring, LGI, early)
    declined = book(sqlite_engine, board, keyring, LGI, later)
    with Session(sqlite_engine) as session:  # LGI declines one booking, as POST .../status does
        disrupt(session, declined, "declined", Disposition.ED.urgency)
        session.commit()
    # ... and at OPEL 4 drops the early window, keeping later ones for the patients it still expects
    report(sqlite_engine, board, LGI, {"is_open": True, "slots": slots((later, 1)), "wait_minutes": 20, "opel": 4})
    asyncio.run(rebooker(sqlite_engine, board).service_changed(LGI))
    assert {moved_to(sqlite_engine, b).service_id for b in (cut, declined)} == {SJUH}
