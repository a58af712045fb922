"""The clinical hub on a real `one111 serve` (SQLite, in-memory board): a CLINICAL_ASSESSMENT triage lands in the
queue, clinicians claim, call, assess and book from it, and every refusal changes nothing."""

from __future__ import annotations

import asyncio
import json
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlmodel import Session, col, select
from websockets.asyncio.client import ClientConnection, connect

from identity.tokens import issue_staff_token
from models.database import make_engine
from models.routing_tables import CallbackRequest
from models.tables import AuditEvent
from models.vocabulary import Disposition, Role
from tests.clinical.support import UNSURE, triage_record
from tests.support.auth import bearer, staff_user
from tests.support.chat import PHARMACY, open_all_day, provide
from tests.support.server import LiveServer

LEASE_SECONDS = 2
PROBLEM = "application/problem+json"


@dataclass(frozen=True)
class Staff:
    subject: str
    headers: dict[str, str]


def staff(db_url: str, role: Role) -> Staff:
    username, _ = staff_user(db_url, role)
    engine = make_engine(db_url)
    try:
        return Staff(f"{role.value}:{username}", bearer(issue_staff_token(engine, username, 1.0)))
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def db_url(tmp_path_factory: pytest.TempPathFactory, loaded_sqlite_template: Path) -> str:
    target = tmp_path_factory.mktemp("clinical_api") / "one111.db"
    shutil.copy(loaded_sqlite_template, target)
    return f"sqlite:///{target}"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, db_url: str) -> Iterator[LiveServer]:
    open_all_day(db_url)  # the pharmacy the clinician books is open whatever the hour the test runs
    env = {"DATABASE_URL": db_url, "ONE111_CLAIM_LEASE_SECONDS": str(LEASE_SECONDS)}
    live = LiveServer(env, tmp_path_factory.mktemp("srv"))
    try:
        yield live.start()
    finally:
        live.stop()


def client(server: LiveServer, who: Staff) -> httpx.Client:
    return httpx.Client(base_url=server.url, headers=who.headers, timeout=30)


def queued(
    server: LiveServer, who: Staff, db_url: str, disposition: Disposition = Disposition.CLINICAL_ASSESSMENT
) -> str:
    """A triage routed the way the chat and console route it; a CLINICAL_ASSESSMENT one answers with its callback."""
    triage_id = triage_record(make_engine(db_url), disposition)
    body = {"triage_id": triage_id, "postcode": "LS1 4AP", "caller_name": "Sam Patel", "callback_phone": "07700 900123"}
    with client(server, who) as c:
        routed = c.post("/v1/route", json=body)
    assert routed.status_code == 200, routed.text
    assert routed.json()["outcome"] == "callback" and routed.json()["options"] == []
    callback_id: str = routed.json()["callback_id"]
    return callback_id


def problem(response: httpx.Response, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM and response.json()["type"].endswith(code)


def audit(db_url: str, callback_id: str) -> list[tuple[str, str, str | None]]:
    with Session(make_engine(db_url)) as session:
        query = select(AuditEvent).where(AuditEvent.subject_id == callback_id).order_by(col(AuditEvent.id))
        return [(e.actor, e.action, e.reason) for e in session.exec(query)]


def test_an_uncertain_triage_lands_in_the_queue_once_with_its_caller_sealed(server: LiveServer, db_url: str) -> None:
    handler, clinician = staff(db_url, Role.CALL_HANDLER), staff(db_url, Role.CLINICIAN)
    triage_id = triage_record(make_engine(db_url))
    with client(server, handler) as c:
        first = c.post("/v1/route", json={"triage_id": triage_id, "postcode": "LS1 4AP"}).json()
        assert first["outcome"] == "callback" and "clinician" in first["notes"][0]
        contact = {"caller_name": "Sam Patel", "callback_phone": "07700 900123"}
        again = c.post("/v1/route", json={"triage_id": triage_id, "postcode": "LS1 4AP", **contact}).json()
        assert again["callback_id"] == first["callback_id"]  # routed twice, queued once; the number is added
        mine = c.get("/v1/callbacks").json()
        assert [i["id"] for i in mine if i["id"] == first["callback_id"]] == [first["callback_id"]]
        assert mine[0]["disposition"] == "CLINICAL_ASSESSMENT" and mine[0]["skill"] == "NURSE"
        problem(c.post(f"/v1/callbacks/{first['callback_id']}/claim"), 403, "forbidden")
    with client(server, clinician) as c:
        item = c.get(f"/v1/callbacks/{first['callback_id']}").json()
    assert item["caller_name"] == "Sam Patel" and item["callback_phone"] == "07700 900123"
    assert item["triage"]["text"] == UNSURE and item["patient"] is None and item["band"] == 2
    with Session(make_engine(db_url)) as session:
        row = session.get(CallbackRequest, first["callback_id"])
        assert row is not None and row.callback_phone is not None
        assert "07700" not in row.callback_phone and "Sam" not in (row.caller_name or "")  # sealed at rest
    assert (clinician.subject, "callback.viewed") in [(a, act) for a, act, _ in audit(db_url, first["callback_id"])]


def test_the_queue_is_ordered_by_band_then_deadline_and_handlers_see_only_theirs(
    server: LiveServer, db_url: str
) -> None:
    one, other, clinician = (
        staff(db_url, Role.CALL_HANDLER),
        staff(db_url, Role.CALL_HANDLER),
        staff(db_url, Role.CLINICIAN),
    )
    routine = queued(server, one, db_url, Disposition.GP_ROUTINE)  # nothing stocked: routing falls back
    uncertain = queued(server, other, db_url)
    with client(server, one) as c:
        handed = c.post(
            "/v1/callbacks",
            json={"disposition": "ED", "postcode": "LS9 7TF", "caller_name": "Jo", "callback_phone": "0113 496 0000"},
        )
        assert handed.status_code == 201 and handed.json()["band"] == 1 and handed.json()["skill"] == "PARAMEDIC"
        theirs = [i["id"] for i in c.get("/v1/callbacks").json()]
    assert uncertain not in theirs and routine in theirs
    with client(server, clinician) as c:
        queue = c.get("/v1/callbacks").json()
    keys = [(i["band"], i["deadline"]) for i in queue]
    assert keys == sorted(keys)
    ids = [i["id"] for i in queue]
    assert ids.index(handed.json()["id"]) < ids.index(uncertain) < ids.index(routine)
    assert all("caller_name" not in i for i in queue)  # the list carries no patient data


def test_one_holder_at_a_time_and_a_lapsed_lease_frees_the_item(server: LiveServer, db_url: str) -> None:
    handler, alice, bob = staff(db_url, Role.CALL_HANDLER), staff(db_url, Role.CLINICIAN), staff(db_url, Role.CLINICIAN)
    callback_id = queued(server, handler, db_url)
    with client(server, alice) as a, client(server, bob) as b:
        claimed = a.post(f"/v1/callbacks/{callback_id}/claim")
        assert claimed.status_code == 200 and claimed.json()["holder"] == alice.subject
        problem(b.post(f"/v1/callbacks/{callback_id}/claim"), 409, "held-by-another")
        problem(b.post(f"/v1/callbacks/{callback_id}/attempts", json={"result": "NO_ANSWER"}), 409, "not-holder")
        problem(b.post(f"/v1/callbacks/{callback_id}/release"), 409, "not-holder")
        item = a.get(f"/v1/callbacks/{callback_id}").json()
        assert item["holder"] == alice.subject and item["attempts"] == [] and item["failed_attempts"] == 0
        assert a.post(f"/v1/callbacks/{callback_id}/release").json()["holder"] is None
        assert b.post(f"/v1/callbacks/{callback_id}/claim").json()["holder"] == bob.subject
        time.sleep(LEASE_SECONDS + 0.5)  # bob goes quiet
        problem(b.post(f"/v1/callbacks/{callback_id}/attempts", json={"result": "ANSWERED"}), 409, "not-holder")
        assert a.post(f"/v1/callbacks/{callback_id}/claim").json()["holder"] == alice.subject
    actions = [action for _, action, _ in audit(db_url, callback_id)]
    assert actions.count("callback.claimed") == 3 and "callback.attempt" not in actions


def attempts_until_closed(c: httpx.Client, callback_id: str) -> list[dict[str, Any]]:
    results = []
    for _ in range(5):
        c.post(f"/v1/callbacks/{callback_id}/claim")
        made = c.post(f"/v1/callbacks/{callback_id}/attempts", json={"result": "NO_ANSWER", "note": "rang out"})
        assert made.status_code == 201, made.text
        results.append(made.json())
        if made.json()["failed_contact_action"]:
            return results
    raise AssertionError("never gave up")


def test_unanswered_calls_retry_on_schedule_then_take_the_bands_failed_contact_action(
    server: LiveServer, db_url: str
) -> None:
    handler, clinician = staff(db_url, Role.CALL_HANDLER), staff(db_url, Role.CLINICIAN)
    urgent = queued(server, handler, db_url)
    with client(server, handler) as h:
        body = {"disposition": "ED", "postcode": "LS9 7TF", "caller_name": "Jo", "callback_phone": "0113 496 0000"}
        emergency = h.post("/v1/callbacks", json=body).json()["id"]
    with client(server, clinician) as c:
        tries = attempts_until_closed(c, urgent)
        assert [t["attempt"]["number"] for t in tries] == [1, 2, 3]
        assert tries[0]["retry_at"] is not None and tries[-1]["failed_contact_action"] == "NO_CONTACT_GP_INFORMED"
        welfare = attempts_until_closed(c, emergency)
        assert welfare[-1]["failed_contact_action"] == "WELFARE_ESCALATION" and len(welfare) == 3
        closed = c.get(f"/v1/callbacks/{emergency}").json()
        assert closed["status"] == "CLOSED" and closed["outcome"] == "WELFARE_ESCALATION"
        assert [a["note"] for a in closed["attempts"]] == ["rang out"] * 3
        problem(c.post(f"/v1/callbacks/{emergency}/claim"), 409, "callback-closed")
    assert "callback.failed_contact" in [a for _, a, _ in audit(db_url, emergency)]


ASSESSMENT = {
    "history": "Shaky since breakfast, ate late; no chest pain, no weakness, no confusion.",
    "observations": {"respiratory_rate": 16, "spo2": 98, "pulse": 84, "temperature": 36.8, "systolic_bp": 128},
    "disposition": "PHARMACY",
    "reasoning": "Likely low blood sugar after a missed meal, settled after eating.",
    "safety_netting": "Call 111 again if the shakiness comes back, or 999 if you feel faint or confused.",
    "outcome": "BOOK",
}


def test_a_clinician_lowers_with_a_reason_and_books_a_pharmacy(server: LiveServer, db_url: str) -> None:
    handler, clinician = staff(db_url, Role.CALL_HANDLER), staff(db_url, Role.CLINICIAN)
    callback_id = queued(server, handler, db_url)
    with client(server, clinician) as c:
        provide(server.url, db_url, 3)
        problem(c.post(f"/v1/callbacks/{callback_id}/assessment", json=ASSESSMENT), 409, "not-holder")
        c.post(f"/v1/callbacks/{callback_id}/claim")
        c.post(f"/v1/callbacks/{callback_id}/attempts", json={"result": "NO_ANSWER"})
        assert c.post(f"/v1/callbacks/{callback_id}/attempts", json={"result": "ANSWERED"}).status_code == 201
        problem(c.post(f"/v1/callbacks/{callback_id}/route"), 409, "not-assessed")
        problem(c.post(f"/v1/callbacks/{callback_id}/assessment", json=ASSESSMENT), 422, "lowering-needs-reason")
        assert c.get(f"/v1/callbacks/{callback_id}").json()["assessment"] is None  # nothing recorded
        why = "Assessed by phone: hypoglycaemia after a missed meal, resolved; no features needing a GP today."
        made = c.post(f"/v1/callbacks/{callback_id}/assessment", json={**ASSESSMENT, "lowering_reason": why})
        assert made.status_code == 201, made.text
        assert made.json()["news2"] == 0 and made.json()["prior"] == "CLINICAL_ASSESSMENT"
        routed = c.post(f"/v1/callbacks/{callback_id}/route").json()
        assert routed["outcome"] == "book" and routed["disposition"] == "PHARMACY"
        first = routed["options"][0]
        assert first["service_id"] == PHARMACY and first["type"] == "COMMUNITY_PHARMACY"
        held = c.post(
            f"/v1/callbacks/{callback_id}/hold",
            json={"service_id": first["service_id"], "window_start": first["window_start"]},
        )
        assert held.status_code == 201, held.text
        booked = c.post(f"/v1/callbacks/{callback_id}/booking", json={"hold_id": held.json()["id"]})
        assert booked.status_code == 201, booked.text
        closed = c.get(f"/v1/callbacks/{callback_id}").json()
    assert closed["status"] == "CLOSED" and closed["outcome"] == "BOOKED"
    assert closed["assessment"]["lowering_reason"] == why and closed["assessment"]["disposition"] == "PHARMACY"
    trail = audit(db_url, callback_id)
    lowered = [(a, r) for a, action, r in trail if action == "clinical.lowered"]
    assert lowered == [(clinician.subject, why)]
    steps = [action for a, action, _ in trail if a == clinician.subject]
    assert {"callback.claimed", "callback.attempt", "clinical.assessed", "clinical.lowered", "callback.closed"} <= set(
        steps
    )


def test_an_observation_that_raises_the_bar_needs_a_reason_to_go_below_it(server: LiveServer, db_url: str) -> None:
    handler, clinician = staff(db_url, Role.CALL_HANDLER), staff(db_url, Role.CLINICIAN)
    callback_id = queued(server, handler, db_url)
    sick = {**ASSESSMENT, "disposition": "UTC", "outcome": "ADVICE"}
    sick["observations"] = {"respiratory_rate": 26, "spo2": 91, "pulse": 125, "temperature": 38.9}  # NEWS2 >= 7
    with client(server, clinician) as c:
        c.post(f"/v1/callbacks/{callback_id}/claim")
        problem(c.post(f"/v1/callbacks/{callback_id}/assessment", json=sick), 422, "lowering-needs-reason")
        wrong = {**ASSESSMENT, "disposition": "CALL_999", "outcome": "ADVICE"}
        problem(c.post(f"/v1/callbacks/{callback_id}/assessment", json=wrong), 422, "invalid-assessment")
        ambulance = {**sick, "disposition": "CALL_999", "outcome": "AMBULANCE"}
        done = c.post(f"/v1/callbacks/{callback_id}/assessment", json=ambulance)
        assert done.status_code == 201 and done.json()["news2"] >= 7
        assert c.get(f"/v1/callbacks/{callback_id}").json()["outcome"] == "AMBULANCE"


def test_metrics_carry_time_to_callback_breaches_and_outcomes(server: LiveServer, db_url: str) -> None:
    handler, clinician = staff(db_url, Role.CALL_HANDLER), staff(db_url, Role.CLINICIAN)
    callback_id = queued(server, handler, db_url)
    with client(server, clinician) as c:
        c.post(f"/v1/callbacks/{callback_id}/claim")
        c.post(f"/v1/callbacks/{callback_id}/attempts", json={"result": "ANSWERED"})
        advice = {**ASSESSMENT, "outcome": "ADVICE", "lowering_reason": "Reassured: no red flags on assessment."}
        assert c.post(f"/v1/callbacks/{callback_id}/assessment", json=advice).status_code == 201
    with client(server, staff(db_url, Role.ADMIN)) as admin:
        text = admin.get("/metrics").text
    assert 'one111_callback_time_to_callback_seconds{band="2",quantile="0.5"}' in text
    assert 'one111_callback_time_to_callback_seconds{band="2",quantile="0.9"}' in text
    assert 'one111_callback_breaches{band="1"} 0.0' in text and 'one111_callback_outcomes{outcome="ADVICE"}' in text


async def frames_until(socket: ClientConnection, wanted: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
    while True:
        frame: dict[str, Any] = json.loads(await asyncio.wait_for(socket.recv(), 20))
        if wanted(frame):
            return frame


def test_the_live_queue_shows_new_items_and_pushes_a_breach(server: LiveServer, db_url: str) -> None:
    handler, clinician = staff(db_url, Role.CALL_HANDLER), staff(db_url, Role.CLINICIAN)

    async def watch() -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
        async with connect(server.ws_url + "/ws/clinical", additional_headers=clinician.headers) as socket:
            first = await frames_until(socket, lambda f: f["type"] == "queue")
            callback_id = await asyncio.to_thread(queued, server, handler, db_url)
            shown = await frames_until(socket, lambda f: any(i["id"] == callback_id for i in f.get("items", [])))
            with Session(make_engine(db_url)) as session:  # the clock runs out: an hour passes unanswered
                row = session.get(CallbackRequest, callback_id)
                assert row is not None
                row.deadline = row.created_at - timedelta(minutes=1)
                session.add(row)
                session.commit()
            alert = await frames_until(socket, lambda f: f["type"] == "deadline" and f["callback_id"] == callback_id)
            await socket.send(json.dumps({"type": "ping"}))
            await frames_until(socket, lambda f: f["type"] == "pong")
            return first, shown, alert

    first, shown, alert = asyncio.run(watch())
    assert isinstance(first["items"], list)
    assert alert["state"] == "breached" and alert["band"] == 2 and alert["disposition"] == "CLINICAL_ASSESSMENT"
    assert all("caller_name" not in item for item in shown["items"])


def test_a_retried_call_outcome_with_its_key_is_recorded_once(server: LiveServer, db_url: str) -> None:
    handler, clinician = staff(db_url, Role.CALL_HANDLER), staff(db_url, Role.CLINICIAN)
    callback_id = queued(server, handler, db_url)
    key = {"Idempotency-Key": f"attempt-{callback_id}"}
    with client(server, clinician) as c:
        c.post(f"/v1/callbacks/{callback_id}/claim")
        first = c.post(f"/v1/callbacks/{callback_id}/attempts", json={"result": "NO_ANSWER"}, headers=key)
        again = c.post(f"/v1/callbacks/{callback_id}/attempts", json={"result": "NO_ANSWER"}, headers=key)
        other = c.post(f"/v1/callbacks/{callback_id}/attempts", json={"result": "ANSWERED"}, headers=key)
        item = c.get(f"/v1/callbacks/{callback_id}").json()
    assert first.status_code == again.status_code == 201 and again.json() == first.json()
    assert again.headers.get("idempotent-replayed") == "true"
    problem(other, 409, "idempotency-mismatch")
    assert [a["number"] for a in item["attempts"]] == [1] and item["failed_attempts"] == 1
