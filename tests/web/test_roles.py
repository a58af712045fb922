"""Who may do what: every route and websocket admits exactly the roles it declares, and nothing changes otherwise.

The app runs in-process on its own SQLite database; one principal of each role (plus a second provider and a
second patient chat) is made the way a user makes it. The matrix walks the OpenAPI route list, so a new
route is tested the moment it exists, and a route that declares no roles fails the build.
"""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx
import httpx2
import pytest
from fastapi.routing import APIWebSocketRoute
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.engine import Engine
from starlette.websockets import WebSocketDisconnect

from identity.chats import open_chat
from identity.providers import issue_token
from identity.tokens import issue_staff_token
from models.database import make_engine
from models.types import utcnow
from models.vocabulary import Role
from tests.capacity.conftest import Owned, two_providers
from tests.support.auth import bearer, chat_token, staff_token, staff_user
from web.app import ROUTERS, create_app
from web.auth import CSRF_COOKIE, CSRF_HEADER, PUBLIC, SESSION_COOKIE, WEBSOCKET_ROLES
from web.cli import main
from web.settings import Settings

NOBODY = "nobody"
COUNTED = (
    "triage_records",
    "holds",
    "bookings",
    "capacity_snapshots",
    "callback_requests",
    "staff_users",
    "patients",
    "patient_entries",
    "patient_encounters",
    "callback_attempts",
    "clinical_assessments",
)
REPORT = {"text": "sore throat and a mild temperature for two days", "age": 30, "sex": "female"}


@dataclass
class World:
    client: TestClient
    engine: Engine
    url: str
    tokens: dict[str, str]  # role value (and "provider2", "patient2") -> bearer token
    ours: Owned
    theirs: Owned
    triage_id: str
    hold_id: str
    booking_id: str
    patient_id: str
    callback_id: str

    def auth(self, who: str) -> dict[str, str]:
        return {} if who == NOBODY else bearer(self.tokens[who])


def _key() -> dict[str, str]:
    return {"Idempotency-Key": str(uuid.uuid4())}


def _capacity(start: str, free: int = 5) -> dict[str, Any]:
    return {"is_open": True, "slots": [{"start": start, "free": free}], "wait_minutes": 10, "opel": 1}


@pytest.fixture(scope="module")
def world(module_sqlite_url: str) -> Iterator[World]:
    url = module_sqlite_url
    engine = make_engine(url)
    ours, theirs = two_providers(engine)
    staff = (Role.CALL_HANDLER, Role.CLINICIAN, Role.ADMIN, Role.LEAD)
    tokens = {role.value: staff_token(url, role) for role in staff}
    tokens["provider"] = issue_token(engine, ours.provider_id, "roles test")
    tokens["provider2"] = issue_token(engine, theirs.provider_id, "roles test")
    with TestClient(create_app(Settings(database_url=url)), raise_server_exceptions=False) as client:
        tokens["patient"], tokens["patient2"] = chat_token(client), chat_token(client)
        start = (utcnow().replace(second=0, microsecond=0) + timedelta(minutes=30)).isoformat()
        put = client.put(
            f"/v1/services/{ours.service_id}/capacity", json=_capacity(start), headers=bearer(tokens["provider"])
        )
        assert put.status_code == 200, put.text
        patient = bearer(tokens["patient"])
        triage = client.post("/v1/triage", json=REPORT, headers=patient)
        assert triage.status_code == 201, triage.text
        hold = client.post("/v1/holds", json={"service_id": ours.service_id}, headers={**patient, **_key()})
        assert hold.status_code == 201, hold.text
        second = client.post("/v1/holds", json={"service_id": ours.service_id}, headers={**patient, **_key()})
        booking = client.post("/v1/bookings", json={"hold_id": second.json()["id"]}, headers={**patient, **_key()})
        assert booking.status_code == 201, booking.text
        queued = client.post("/v1/route", json={"disposition": "UTC", "postcode": "EX1 1AA"}, headers=patient)
        assert queued.json()["outcome"] == "callback", queued.text  # nothing near EX1 reports capacity
        ids = (triage.json()["id"], hold.json()["id"], booking.json()["id"])
        patient_id = a_patient(client, tokens["call_handler"])
        yield World(client, engine, url, tokens, ours, theirs, *ids, patient_id, queued.json()["callback_id"])
    engine.dispose()


def a_patient(client: TestClient, handler: str) -> str:
    body = {"given_name": "Ada", "family_name": "Roles", "birth_date": "1970-01-01", "nhs_number": "9434765919"}
    made = client.post("/v1/patients", json=body, headers=bearer(handler))
    assert made.status_code == 201, made.text
    return str(made.json()["id"])


def counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one() for table in COUNTED}


def operations(world: World) -> list[tuple[str, str, list[str]]]:
    spec = world.client.app.openapi()  # type: ignore[attr-defined]
    return [
        (method.upper(), path, op.get("x-one111-roles"))
        for path, item in spec["paths"].items()
        for method, op in item.items()
    ]


def concrete(world: World, path: str) -> str:
    """Fill path parameters with real ids, so a refusal cannot be a 404 in disguise."""
    ids = {
        "service_id": world.ours.service_id,
        "triage_id": world.triage_id,
        "hold_id": world.hold_id,
        "booking_id": world.booking_id,
        "callback_id": world.callback_id,
        "slot_id": f"{world.ours.service_id}.20260101T0000Z",
        "patient_id": world.patient_id,
        "entry_id": world.patient_id,  # any id: the role is refused before the entry is looked up
        "disruption_id": "00000000-0000-4000-8000-000000000000",  # roles are checked before the lookup
    }
    return re.sub(r"\{(\w+)\}", lambda m: ids[m.group(1)], path)


def test_every_route_and_socket_declares_its_roles(world: World) -> None:
    undeclared = [f"{method} {path}" for method, path, roles in operations(world) if not roles]
    assert undeclared == [], "declare who may call these with allow(...) or public() (web/auth)"
    sockets = {route.path for router in ROUTERS for route in router.routes if isinstance(route, APIWebSocketRoute)}
    assert sockets and sockets <= set(WEBSOCKET_ROLES), "declare websocket roles with websocket_roles(path, ...)"


def test_every_route_refuses_every_role_it_does_not_admit_and_nothing_changes(world: World) -> None:
    callers = [*(role.value for role in Role), "provider2", "patient2", NOBODY]
    before, tried = counts(world.engine), 0
    for method, path, roles in operations(world):
        if roles == [PUBLIC]:
            continue
        for who in callers:
            if who.rstrip("2") in roles:
                continue
            response = world.client.request(
                method, concrete(world, path), json={} if method in ("POST", "PUT") else None, headers=world.auth(who)
            )
            expected = 401 if who == NOBODY else 403
            assert response.status_code == expected, f"{who} {method} {path}: {response.status_code} {response.text}"
            media = "application/fhir+json" if path.startswith("/fhir/") else "application/problem+json"
            assert response.headers["content-type"] == media  # FHIR refuses with an OperationOutcome
            tried += 1
    assert tried > 60
    assert counts(world.engine) == before


@pytest.mark.parametrize("path", sorted(WEBSOCKET_ROLES) or ["/ws/board", "/ws/provider"])
def test_every_socket_refuses_every_role_it_does_not_admit(world: World, path: str) -> None:
    for who in [*(role.value for role in Role), NOBODY]:
        if who in {role.value for role in WEBSOCKET_ROLES[path]}:
            continue
        with world.client.websocket_connect(path, headers=world.auth(who)) as ws:
            frame = ws.receive_json()
            assert frame["type"] == "error" and frame["status"] == (401 if who == NOBODY else 403), (who, frame)
            with pytest.raises(WebSocketDisconnect) as closed:
                ws.receive_json()
        assert closed.value.code == 1008


def test_a_provider_cannot_change_another_providers_service(world: World) -> None:
    body = _capacity((utcnow() + timedelta(hours=1)).replace(second=0, microsecond=0).isoformat())
    response = world.client.put(
        f"/v1/services/{world.theirs.service_id}/capacity", json=body, headers=world.auth("provider")
    )
    assert response.status_code == 403 and response.json()["type"].endswith("/not-your-service")
    handover = world.client.get(f"/v1/services/{world.theirs.service_id}/bookings", headers=world.auth("provider"))
    assert handover.status_code == 403


def test_a_patient_cannot_reach_another_conversations_records(world: World) -> None:
    before, other = counts(world.engine), world.auth("patient2")
    for path in (f"/v1/triage/{world.triage_id}", f"/v1/holds/{world.hold_id}", f"/v1/bookings/{world.booking_id}"):
        refused = world.client.get(path, headers=other)
        assert refused.status_code == 403 and refused.json()["type"].endswith("/not-yours"), path
        assert world.client.get(path, headers=world.auth("patient")).status_code == 200, path
        assert world.client.get(path, headers=world.auth("call_handler")).status_code == 200, path
    cancel = world.client.delete(f"/v1/bookings/{world.booking_id}", headers=other)
    assert cancel.status_code == 403
    routed = world.client.post("/v1/route", json={"triage_id": world.triage_id, "postcode": "LS1"}, headers=other)
    assert routed.status_code == 403
    held = {"service_id": world.ours.service_id, "triage_id": world.triage_id}
    assert world.client.post("/v1/holds", json=held, headers={**other, **_key()}).status_code == 403
    booking = world.client.get(f"/v1/bookings/{world.booking_id}", headers=world.auth("patient")).json()
    assert booking["status"] == "CONFIRMED"
    assert counts(world.engine) == before


def test_a_patients_records_carry_its_conversation_as_the_actor(world: World) -> None:
    audit = world.client.get("/v1/audit", params={"kind": "triage"}, headers=world.auth("admin")).json()
    mine = [event for event in audit if event["subject_id"] == world.triage_id]
    assert len(mine) == 1 and mine[0]["actor"].startswith("patient:")
    assert "sore throat" not in str(audit)


def test_tampered_expired_and_malformed_credentials_are_401(world: World) -> None:
    staff = world.tokens["call_handler"]
    tampered = staff[:-2] + ("AA" if not staff.endswith("AA") else "BB")
    expired_staff = staff_token(world.url, Role.CALL_HANDLER, days=-1)
    expired_chat, _ = open_chat(world.engine, minutes=120, now=utcnow() - timedelta(hours=3))
    for token in (tampered, expired_staff, expired_chat, "o1c_" + "x" * 43, "not-a-token"):
        response = world.client.get("/v1/services", headers=bearer(token))
        assert response.status_code == 401, token
        assert response.headers["www-authenticate"] == "Bearer"
    assert world.client.get("/v1/services", headers={"Authorization": f"Basic {staff}"}).status_code == 401


def test_a_disabled_user_is_locked_out_within_a_second(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    username, password = staff_user(world.url, Role.CLINICIAN)
    engine = world.engine
    token = issue_staff_token(engine, username, days=1)
    with TestClient(world.client.app) as browser:
        assert login(browser, username, password).status_code == 303
        assert browser.get("/auth/me").status_code == 200
        monkeypatch.setenv("DATABASE_URL", world.url)
        assert main(["users", "disable", username]) == 0
        # No Redis here, so no notice reaches the worker: its cache TTL (at most 1 s without Redis) bounds it. The
        # promise is about requests made after the second, so each is timed from its start: one that started in time
        # may end after it on a busy machine (a clean-clone run failed so, round 20).
        deadline = time.monotonic() + 1.0
        while True:
            started = time.monotonic()
            if browser.get("/auth/me").status_code != 200:
                break
            assert started < deadline, "a disabled user's session still works after a second"
    assert world.client.get("/v1/services", headers=bearer(token)).status_code == 401
    assert login(world.client, username, password).status_code == 401


def login(client: httpx.Client | TestClient, username: str, password: str) -> httpx.Response | httpx2.Response:
    return client.post("/auth/login", data={"username": username, "password": password}, follow_redirects=False)


def test_console_login_sets_safe_cookies_and_changes_need_the_csrf_token(world: World) -> None:
    username, password = staff_user(world.url, Role.CALL_HANDLER)
    with TestClient(world.client.app, base_url="http://testserver") as browser:
        assert login(browser, username, "wrong password!").status_code == 401
        browser.cookies.set(SESSION_COOKIE, "planted-by-an-attacker")
        done = login(browser, username, password)
        assert done.status_code == 303 and done.headers["location"] == "/"
        cookies = done.headers.get_list("set-cookie")
        session = next(c for c in cookies if c.startswith(SESSION_COOKIE + "="))
        assert "HttpOnly" in session and "SameSite=lax" in session and "Secure" not in session
        assert "planted-by-an-attacker" not in session  # a fresh id: no session fixation
        browser.cookies.clear()
        browser.cookies.set(SESSION_COOKIE, session.split(";")[0].partition("=")[2])
        browser.cookies.set(CSRF_COOKIE, next(c for c in cookies if c.startswith(CSRF_COOKIE)).split(";")[0][12:])
        me = browser.get("/auth/me").json()
        assert me["username"] == username and me["role"] == "call_handler"
        assert me["csrf_token"] == browser.cookies[CSRF_COOKIE]

        before = counts(world.engine)
        assert browser.post("/v1/triage", json=REPORT).status_code == 403
        assert browser.post("/v1/triage", json=REPORT, headers={CSRF_HEADER: "0" * 64}).status_code == 403
        foreign = {CSRF_HEADER: me["csrf_token"], "Origin": "https://evil.example"}
        assert browser.post("/v1/triage", json=REPORT, headers=foreign).status_code == 403
        assert counts(world.engine) == before
        made = browser.post("/v1/triage", json=REPORT, headers={CSRF_HEADER: me["csrf_token"]})
        assert made.status_code == 201, made.text

        old_session = browser.cookies[SESSION_COOKIE]
        # The page's form (before its script runs, or without scripts) leaves for the sign-in page.
        left = browser.post("/auth/logout", data={"csrf_token": me["csrf_token"]}, follow_redirects=False)
        assert left.status_code == 303 and left.headers["location"] == "/login"
        browser.cookies.clear()
        browser.cookies.set(SESSION_COOKIE, old_session)  # a copied cookie is dead after logout
        assert browser.get("/auth/me").status_code == 401


PAGES = (  # (who signs in, the page, where they end up, a heading it shows)
    (Role.CALL_HANDLER, "/console", "/console", "Call handler console"),
    (Role.CLINICIAN, "/clinical", "/clinical", "Clinical assessment hub"),
    (Role.LEAD, "/ops", "/ops", "Operations"),
    (Role.LEAD, "/console", "/ops", "Operations"),  # a lead never takes calls: their page is the dashboard
)


@pytest.mark.parametrize(("role", "page", "lands", "heading"), PAGES)
def test_a_page_shows_to_the_staff_it_is_for_and_sends_anyone_else_to_sign_in(
    world: World, role: Role, page: str, lands: str, heading: str
) -> None:
    """The pages' own handlers, in-process: tests/browser drives the same pages, but its servers run untraced."""
    username, password = staff_user(world.url, role)
    with TestClient(world.client.app, base_url="http://testserver") as browser:
        refused = browser.get(page, follow_redirects=False)
        assert refused.status_code == 303 and refused.headers["location"] == f"/login?next={page}"
        assert f'value="{page}"' in browser.get(refused.headers["location"]).text  # signing in comes back here
        assert login(browser, username, password).status_code == 303
        shown = browser.get(page)
        assert shown.status_code == 200 and str(shown.url).endswith(lands), shown.url
        assert shown.headers["content-type"].startswith("text/html") and heading in shown.text
        assert "Tell us what is wrong" in browser.get("/chat").text  # the patients' page needs no one signed in


def test_https_cookies_are_secure_and_next_stays_on_this_site(world: World) -> None:
    username, password = staff_user(world.url, Role.CLINICIAN)
    with TestClient(world.client.app, base_url="https://testserver") as browser:
        done = browser.post(
            "/auth/login",
            data={"username": username, "password": password, "next": "//evil.example/"},
            follow_redirects=False,
        )
        assert done.headers["location"] == "/"
        assert all("Secure" in cookie for cookie in done.headers.get_list("set-cookie"))


def test_the_console_socket_takes_the_cookie_only_from_our_own_origin(world: World) -> None:
    username, password = staff_user(world.url, Role.CALL_HANDLER)
    path = f"/ws/board?service={world.ours.service_id}"
    with TestClient(world.client.app) as browser:
        assert login(browser, username, password).status_code == 303
        with browser.websocket_connect(path, headers={"Origin": "http://testserver"}) as ws:
            assert ws.receive_json()["type"] == "snapshot"
        with browser.websocket_connect(path, headers={"Origin": "https://evil.example"}) as ws:
            assert ws.receive_json()["status"] == 403


def test_admins_read_the_audit_trail_with_filters(world: World) -> None:
    admin = world.auth("admin")
    everything = world.client.get("/v1/audit", params={"limit": 1000}, headers=admin).json()
    assert [e["id"] for e in everything] == sorted((e["id"] for e in everything), reverse=True)
    actor = next(e["actor"] for e in everything if e["action"] == "booking.confirmed")
    bookings = world.client.get("/v1/audit", params={"kind": "booking", "actor": actor}, headers=admin).json()
    assert bookings and all(e["action"].startswith("booking.") and e["actor"] == actor for e in bookings)
    future = (utcnow() + timedelta(days=1)).isoformat()
    assert world.client.get("/v1/audit", params={"since": future}, headers=admin).json() == []
    assert len(world.client.get("/v1/audit", params={"limit": 2}, headers=admin).json()) == 2
    assert world.client.get("/v1/audit", params={"limit": 0}, headers=admin).status_code == 422
