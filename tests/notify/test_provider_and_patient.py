"""The provider's side of a booking (HTTP and /ws/provider) and the patient's link, on the real app (SQLite,
in-memory board): lifecycle events in order, a decline moves the patient, the outcome invites feedback, and
the patient sees, cancels or gives feedback through the link in their message."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

import routing.sites
from models.database import make_engine
from models.notify_tables import Feedback, OutboxMessage
from models.routing_tables import CallbackRequest
from models.tables import AuditEvent, Booking
from models.vocabulary import Role
from tests.support import sites
from tests.support.auth import bearer, staff_token
from tests.support.notify import book, confirmed, link_in, open_capacity, provider_headers, sent, soon
from web.app import create_app
from web.settings import Settings

LGI, SJUH, BRADFORD = "RR801-ED", "RR813-ED", "RAE01-ED"  # LGI and SJUH: one trust


@dataclass
class Scene:
    """The real app with a handler, an admin and two providers signed in, and a window about to start."""

    client: TestClient
    who: dict[str, dict[str, str]]
    url: str
    start: str = field(default_factory=soon)

    def open(self, *services: str, free: int = 1) -> None:
        for service_id in services:
            open_capacity(self.client, self.who["lgi"], service_id, self.start, free)

    def book(self, email: str = "pat@example.org") -> dict[str, Any]:
        """A booking at LGI in the window, with the patient's email."""
        return book(self.client, self.who["handler"], LGI, self.start, email)

    def link(self, booking_id: str, kind: str = "confirmed") -> str:
        """The patient's link, from the message of `kind` they were sent about the booking."""
        return link_in(self.sent(booking_id, kind))

    def sent(self, booking_id: str, kind: str) -> dict[str, Any]:
        return sent(self.client, self.who["admin"], booking_id, kind)

    def status(self, provider: str, booking_id: str, **body: Any) -> Any:
        return self.client.post(f"/v1/bookings/{booking_id}/status", json=body, headers=self.who[provider])

    @contextmanager
    def db(self) -> Iterator[Session]:
        engine = make_engine(self.url)
        try:
            with Session(engine) as session:
                yield session
        finally:
            engine.dispose()

    def windows(self, service_id: str, *windows: tuple[str, int]) -> None:
        slots = [{"start": start, "free": free} for start, free in windows]
        body = {"is_open": True, "slots": slots, "wait_minutes": 10, "opel": 2}
        answer = self.client.put(f"/v1/services/{service_id}/capacity", json=body, headers=self.who["lgi"])
        assert answer.status_code == 200, answer.text

    def another(self, token: str, shown: str) -> Any:
        """The patient presses "Ask for another time or place" on the page that showed booking `shown`."""
        return self.client.post(f"/my/{token}/another", data={"booking_id": shown})

    def confirmed(self, booking_id: str) -> list[Booking]:
        """The confirmed bookings among `booking_id` and every booking it was moved to: the patient's own."""
        with self.db() as session:
            return confirmed(session, booking_id)

    def callbacks(self) -> int:
        with self.db() as session:
            return len(session.exec(select(CallbackRequest)).all())

    def kinds(self, booking_id: str) -> list[str]:
        with self.db() as session:
            query = select(OutboxMessage).where(OutboxMessage.booking_id == booking_id)
            return sorted(m.kind.value for m in session.exec(query).all())

    def audited(self, booking_id: str, action: str) -> int:
        with self.db() as session:
            query = select(AuditEvent).where(AuditEvent.subject_id == booking_id, AuditEvent.action == action)
            return len(session.exec(query).all())

    def settled(self, timeout: float = 20) -> list[dict[str, Any]]:
        """The needs-action list once nothing on it is still being moved."""
        deadline = time.monotonic() + timeout
        while True:
            answer = self.client.get("/v1/bookings?needs_action=true", headers=self.who["handler"])
            items: list[dict[str, Any]] = answer.json()
            if items and all(i["state"] != "PENDING" for i in items):
                return items
            assert time.monotonic() < deadline, items
            time.sleep(0.2)


@pytest.fixture(autouse=True)
def directory_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test's app reads the directory into its index on its first move (~3 s of CPU traced, in six of eight
    tests); the directory is the same in each (tests/support/sites.py)."""
    monkeypatch.setattr(routing.sites, "load_index", sites.load_index)


@pytest.fixture
def app(sqlite_url: str) -> Iterator[Scene]:
    engine = make_engine(sqlite_url)
    who = {
        "handler": bearer(staff_token(sqlite_url, Role.CALL_HANDLER)),
        "admin": bearer(staff_token(sqlite_url, Role.ADMIN)),
        "lgi": provider_headers(engine, LGI),
        "bradford": provider_headers(engine, BRADFORD),
    }
    engine.dispose()
    settings = Settings(database_url=sqlite_url, notify_dispatch_seconds=0.1)
    with TestClient(create_app(settings)) as client:
        yield Scene(client, who, sqlite_url)


def test_the_visit_is_recorded_in_order_and_the_outcome_invites_feedback_through_the_link(app: Scene) -> None:
    app.open(LGI, free=2)
    booking = app.book("mary.seacole@example.org")
    seen_too_soon = app.status("lgi", booking["id"], event="seen")
    assert seen_too_soon.status_code == 409, seen_too_soon.json()
    assert seen_too_soon.json()["type"].endswith("invalid-transition")
    assert app.status("bradford", booking["id"], event="accepted").status_code == 403  # not their booking
    for event in ("accepted", "arrived", "seen"):
        assert app.status("lgi", booking["id"], event=event).status_code == 201
    assert app.status("lgi", booking["id"], event="outcome").json()["type"].endswith("reason-required")
    done = app.status("lgi", booking["id"], event="outcome", outcome="discharged")
    assert done.status_code == 201 and done.json()["outcome"] == "discharged"
    assert app.status("lgi", booking["id"], event="did_not_attend").status_code == 409

    token = app.link(booking["id"], "feedback")
    page = app.client.get(f"/my/{token}")
    assert page.status_code == 200 and "Overall, how was your experience of our service?" in page.text
    form = {"fft": "2", "got_care_needed": "yes", "repeated_story": "no", "comment": "The nurse was kind"}
    thanks = app.client.post(f"/my/{token}/feedback", data=form)
    assert thanks.status_code == 200 and "Thank you for telling us how it went." in thanks.text
    assert app.client.post(f"/my/{token}/feedback", data=form).status_code == 409  # once
    with Session(make_engine(app.url)) as session:
        feedback = session.exec(select(Feedback)).one()
    assert (feedback.fft, feedback.got_care_needed, feedback.repeated_story) == (2, True, False)
    assert feedback.comment is not None and "kind" not in feedback.comment  # sealed


def test_a_decline_over_the_provider_socket_needs_a_reason_and_moves_the_patient(app: Scene) -> None:
    app.open(LGI, SJUH)
    booking = app.book()
    with app.client.websocket_connect("/ws/provider", headers=app.who["lgi"]) as ws:
        assert ws.receive_json()["type"] == "welcome"
        ws.send_json({"type": "booking.status", "booking_id": booking["id"], "event": "declined"})
        assert ws.receive_json()["code"] == "reason-required"
        ws.send_json({"type": "booking.status", "booking_id": booking["id"], "event": "declined", "reason": "No bed"})
        ack = ws.receive_json()
        assert (ack["type"], ack["event"], ack["rebooked"]) == ("booking.status.ack", "declined", True)
        # LGI and SJUH are one trust's: its socket hears the booking leave one and arrive at the other
        frames: dict[str, dict[str, Any]] = {}
        while "booking.cancelled" not in frames:  # the original booking's own frame may come first
            frame = ws.receive_json()
            frames[frame["type"]] = frame["booking"]
    assert (frames["booking.cancelled"]["id"], frames["booking.cancelled"]["status"]) == (booking["id"], "MOVED")
    assert frames["booking.created"]["service_id"] == SJUH
    [item] = app.settled()
    assert (item["booking_id"], item["cause"], item["state"], item["new_service_id"]) == (
        booking["id"],
        "declined",
        "MOVED",
        SJUH,
    )
    assert "could not take your booking" in app.sent(item["new_booking_id"], "rebooked")["body"]
    metrics = app.client.get("/metrics", headers=app.who["admin"]).text
    for line in (
        'one111_booking_events_total{event="declined"} 1.0',  # over one111_bookings_total: the decline rate
        'one111_bookings_disrupted_total{cause="declined",state="MOVED"} 1.0',
        'one111_notify_messages_total{channel="embedded",state="SENT"}',
    ):
        assert line in metrics, line


def test_the_patient_cancels_through_their_link_and_a_tampered_link_shows_nothing(app: Scene) -> None:
    app.open(LGI)
    booking = app.book()
    token = app.link(booking["id"])
    page = app.client.get(f"/my/{token}")
    assert page.status_code == 200 and booking["reference"] in page.text and "Cancel this booking" in page.text
    tampered = app.client.get(f"/my/{token[:-1]}{'0' if token[-1] != '0' else '1'}")
    assert tampered.status_code == 404 and booking["reference"] not in tampered.text
    done = app.client.post(f"/my/{token}/cancel")
    assert (
        done.status_code == 200 and "Your booking is cancelled" in done.text and "Cancel this booking" not in done.text
    )
    assert app.client.get(f"/v1/bookings/{booking['id']}", headers=app.who["handler"]).json()["status"] == "CANCELLED"
    assert "is cancelled" in app.sent(booking["id"], "cancelled")["body"]
    assert app.client.post(f"/my/{token}/cancel").status_code == 409


def test_the_patient_asks_for_another_place_through_their_link_and_is_told_where(app: Scene) -> None:
    app.open(LGI, SJUH)
    booking = app.book()
    token = app.link(booking["id"])
    asked = app.another(token, booking["id"])
    assert asked.status_code == 200 and "Your booking has changed to the time and place below" in asked.text
    assert "St James" in asked.text and booking["reference"] not in asked.text  # the page shows where it is now
    [new] = app.confirmed(booking["id"])  # one unit of work: the new booking confirmed, the old one given up
    assert (new.service_id, new.replaces_id) == (SJUH, booking["id"])
    assert "Your booking has changed" in app.sent(new.id, "changed")["body"]
    assert app.client.get(f"/v1/bookings/{booking['id']}", headers=app.who["handler"]).json()["status"] == "MOVED"
    assert app.client.get("/v1/bookings?needs_action=true", headers=app.who["handler"]).json() == []  # nobody to act
    assert app.callbacks() == 0


def test_the_patient_asks_for_another_time_through_their_link_and_gets_the_next_window_at_the_same_place(
    app: Scene,
) -> None:
    later = soon(40)
    app.open(SJUH)
    app.windows(LGI, (app.start, 1), (later, 1))
    booking = app.book()
    token = app.link(booking["id"])
    assert "Your booking has changed" in app.another(token, booking["id"]).text
    [new] = app.confirmed(booking["id"])
    assert (new.service_id, new.window_start) == (LGI, datetime.fromisoformat(later))
    board = app.client.get(f"/v1/services/{LGI}/capacity", headers=app.who["handler"]).json()
    assert [w["free"] for w in board["slots"]] == [1, 0]  # the old seat went back; the new one is taken
    assert "Leeds General Infirmary" in app.sent(new.id, "changed")["body"]


def test_a_patient_who_asks_for_another_time_when_none_is_free_keeps_their_booking_and_is_told_so(
    app: Scene,
) -> None:
    app.open(LGI)  # one seat, theirs: no other window here, and nothing open anywhere else
    booking = app.book()
    token = app.link(booking["id"])
    kept = app.another(token, booking["id"])
    assert kept.status_code == 200 and "No other time or place is free for you just now" in kept.text
    assert "your booking stands" in kept.text and "call 999" in kept.text  # the safety-netting messages carry
    assert booking["reference"] in kept.text and '<dd id="status">Booked</dd>' in kept.text
    assert "Ask for another time or place" in kept.text and "Cancel this booking" in kept.text  # both still open
    [still] = app.confirmed(booking["id"])
    assert still.id == booking["id"]  # the booking they had, untouched
    assert app.callbacks() == 0  # a patient who asked is not queued for a clinician's call
    assert app.client.get("/v1/bookings?needs_action=true", headers=app.who["handler"]).json() == []
    assert app.kinds(booking["id"]) == ["confirmed"]  # no cancellation was written, so none can be sent
    assert app.audited(booking["id"], "booking.kept") == 1
    board = app.client.get(f"/v1/services/{LGI}/capacity", headers=app.who["handler"]).json()
    assert board["slots"][0]["free"] == 0  # their seat is still theirs
    assert "Your booking is cancelled" in app.client.post(f"/my/{token}/cancel").text  # they can still cancel


def test_two_clicks_on_another_time_move_the_patient_once(app: Scene) -> None:
    app.windows(LGI, (app.start, 1), (soon(40), 1), (soon(50), 1))
    booking = app.book()
    token = app.link(booking["id"])
    assert "Your booking has changed" in app.another(token, booking["id"]).text
    again = app.another(token, booking["id"])  # the same page's button, pressed again
    assert again.status_code == 200 and "Your booking had already changed" in again.text
    [new] = app.confirmed(booking["id"])
    assert new.replaces_id == booking["id"]  # moved once: the second click moved nothing
    board = app.client.get(f"/v1/services/{LGI}/capacity", headers=app.who["handler"]).json()
    assert [w["free"] for w in board["slots"]] == [1, 0, 1]


def test_a_declined_booking_with_nowhere_else_still_goes_to_a_clinicians_call(app: Scene) -> None:
    app.open(LGI)  # a disruption, unlike the patient's request: the booking cannot stand
    booking = app.book()
    assert app.status("lgi", booking["id"], event="declined", reason="No bed").status_code == 201
    [item] = app.settled()
    assert (item["cause"], item["state"]) == ("declined", "CALLBACK")
    assert app.confirmed(booking["id"]) == [] and app.callbacks() == 1
    assert "A clinician from NHS 111 will phone you" in app.sent(booking["id"], "cancelled")["body"]
