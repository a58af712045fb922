"""POST /v1/triage on the real server: a decision comes back, is kept with an audit event, and never logged."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from sqlmodel import Session, select
from websockets.sync.client import connect

from models.database import make_engine
from models.tables import AuditEvent, TriageRecord
from models.vocabulary import Role
from tests.support.audit import sealed_report
from tests.support.auth import bearer, staff_token
from tests.support.server import LiveServer

# Distinctive enough that finding any of them in a log can only mean patient data leaked.
NAME = "Zebediah Quillfeather"
SYMPTOMS = "crushing pain in the middle of my chest spreading to the left arm, sweating buckets"
POSTCODE = "LS1 4AP"

CHEST_PAIN = {"text": f"My name is {NAME} and I have {SYMPTOMS}", "age": 58, "sex": "male"}


@pytest.fixture(scope="module")
def handler(module_sqlite_url: str) -> dict[str, str]:
    return bearer(staff_token(module_sqlite_url, Role.CALL_HANDLER))


@pytest.fixture
def debug_server(tmp_path: Path, sqlite_url: str) -> Iterator[LiveServer]:
    """The embedded defaults at DEBUG, the most talkative level an operator could choose."""
    live = LiveServer({"DATABASE_URL": sqlite_url, "ONE111_LOG_LEVEL": "DEBUG"}, tmp_path).start()
    yield live
    live.stop()


def test_a_chest_pain_report_is_triaged_to_emergency_care_and_kept_in_the_record(
    module_server: LiveServer, handler: dict[str, str]
) -> None:
    reply = httpx.post(module_server.url + "/v1/triage", json=CHEST_PAIN, headers=handler, timeout=30)
    assert reply.status_code == 201, reply.text
    decision = reply.json()
    assert decision["disposition"] in {"CALL_999", "ED"}
    assert decision["acuity"] == "emergency"
    assert decision["safety_netting"]
    assert decision["model_version"]
    assert sum(decision["probabilities"].values()) == pytest.approx(1.0, abs=1e-6)

    again = httpx.get(f"{module_server.url}/v1/triage/{decision['id']}", headers=handler, timeout=10)
    assert again.status_code == 200
    assert again.json() == decision


def test_every_triage_decision_leaves_an_audit_event_without_the_patients_words(
    module_server: LiveServer, module_sqlite_url: str, handler: dict[str, str]
) -> None:
    decision = httpx.post(module_server.url + "/v1/triage", json=CHEST_PAIN, headers=handler, timeout=30).json()
    engine = make_engine(module_sqlite_url)
    try:
        with Session(engine) as session:
            events = session.exec(select(AuditEvent).where(AuditEvent.subject_id == decision["id"])).all()
            row = session.get(TriageRecord, decision["id"])
            assert sealed_report(engine).intact
    finally:
        engine.dispose()
    assert [e.action for e in events] == ["triage.decided"]
    assert events[0].detail["disposition"] == decision["disposition"]
    assert events[0].actor.startswith("call_handler:t-")  # the person who asked, not "api" (hazard R-14)
    assert row is not None and row.actor == events[0].actor
    assert NAME not in str(events[0].model_dump())
    assert row is not None and row.report["text"] == CHEST_PAIN["text"]  # the clinical record keeps it


def test_an_unknown_triage_id_is_a_404_problem(module_server: LiveServer, handler: dict[str, str]) -> None:
    reply = httpx.get(module_server.url + "/v1/triage/no-such-id", headers=handler, timeout=10)
    assert reply.status_code == 404
    assert reply.headers["content-type"] == "application/problem+json"
    assert "no-such-id" in reply.json()["detail"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"text": "", "age": 30}, "text"),
        ({"text": "   ", "age": 30}, "text"),
        ({"text": "cough", "age": 300}, "age"),
        ({"text": "cough", "sex": "unicorn"}, "sex"),
        ({"text": "cough", "answers": {"no.such.question": "yes"}}, "answers"),
        ({"text": "cough", "observations": {"spo2": 140}}, "observations.spo2"),
        ({"text": "cough", "diagnosis": "flu"}, "diagnosis"),
        ({"text": "x" * 2001}, "text"),
    ],
)
def test_a_bad_report_gets_a_problem_naming_the_field(
    module_server: LiveServer, handler: dict[str, str], body: dict[str, object], field: str
) -> None:
    reply = httpx.post(module_server.url + "/v1/triage", json=body, headers=handler, timeout=10)
    assert reply.status_code == 422, reply.text
    assert reply.headers["content-type"] == "application/problem+json"
    assert field in reply.json()["detail"]


def test_patient_data_never_reaches_the_logs(debug_server: LiveServer, sqlite_url: str) -> None:
    url, auth = debug_server.url, bearer(staff_token(sqlite_url, Role.CALL_HANDLER))
    assert httpx.post(url + "/v1/triage", json=CHEST_PAIN, headers=auth, timeout=30).status_code == 201
    assert httpx.get(url + "/v1/services", params={"near": POSTCODE}, headers=auth, timeout=10).status_code == 200
    bad = {**CHEST_PAIN, "age": "fifty-eight " + NAME}
    assert httpx.post(url + "/v1/triage", json=bad, headers=auth, timeout=10).status_code == 422
    malformed = {"content-type": "application/json", **auth}
    assert httpx.post(url + "/v1/triage", content=f"{{{NAME}", headers=malformed, timeout=10).status_code == 400
    # uvicorn logs a websocket's raw path and query string ('"WebSocket %s" [accepted]'): only its template may show.
    with connect(f"{debug_server.ws_url}/ws/board?near={quote(POSTCODE)}&radius_km=5", additional_headers=auth) as ws:
        assert json.loads(ws.recv(timeout=30))["type"] == "snapshot"
    debug_server.stop()

    logs = debug_server.logs()
    assert '"route": "/v1/triage"' in logs, "the access log must record the requests (else this test proves nothing)"
    assert '"route": "/ws/board"' in logs and "WebSocket %s" in logs, "the websocket must have been logged too"
    for secret in (NAME, "Quillfeather", "crushing pain", "left arm", POSTCODE, "LS1"):
        assert secret not in logs, f"{secret!r} leaked into the server log"
