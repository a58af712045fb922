"""What each hot route costs the database, counted on the app's own engine: triage, route, hold, book.

The bounds are per request, on SQLite and PostgreSQL, the credential lookup apart: the credential cache serves
it, but on the embedded defaults (no Redis to hear revocations) a cached credential lives one second, and on a
loaded machine a step can start later than that (seen in CI). So a lookup may or may not happen, and it is
bounded on its own: at most one statement. A new query on the hot path should be a decision, so raising a bound
means saying why in the commit.
"""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from capacity.board import BoardState, Window
from models.vocabulary import Opel
from tests.support.auth import bearer, staff_token
from tests.support.roundtrips import Requests, Tally, count
from web.app import create_app
from web.resources import Resources
from web.settings import Settings

# A report triaged to A&E (a deformed wrist after a fall), so the flow always ends in a booking: a self-care
# report would now end in advice, never a booking.
REPORT = {
    "text": "I fell off a ladder and my wrist is bent at a funny angle and very swollen",
    "age": 30,
    "sex": "female",
}
POSTCODE = "LS1 4AP"
# Per backend and route: (statements, transactions, round trips) at most, besides the credential lookup.
# Before the one-transaction rework: SQLite triage 5/2/9, route 3/3/9, hold 14/5/24, book 9/4/17;
# PostgreSQL triage 6/2/12, route 3/3/12, hold 16/5/31, book 10/4/22 (pre-ping on every checkout): 77 round trips
# a flow. With one transaction per request, autocommit reads, the credential cache and a lock-free audit insert,
# both now measure triage 2/1/4, route 2/0/2, hold 8/1/10, book 6/1/8: 24 a flow. Route may open one transaction
# (a callback row, or a lazily expired hold). Book 7/1/9 since issue 19: the patient's confirmation message is
# written by the booking's own transaction (the transactional outbox, notify/outbox.py), one INSERT. Route 3/1/4
# since issue 17: the triage's patient is looked up for their registered practice (patients.encounters), one SELECT.
# Issue 13's speed work: route 2/1/3 (the triage's columns and its patient link in one SELECT, the due holds read in
# the same session), hold 6/1/8 (the service, the triage's disposition and, on PostgreSQL, the window's lock in one
# SELECT), book 6/1/8 (the hold marked confirmed by one UPDATE ... RETURNING instead of a SELECT and an UPDATE).
BOUNDS = {
    backend: {"triage": (2, 1, 4), "route": (2, 1, 3), "hold": (6, 1, 8), "book": (6, 1, 8)}
    for backend in ("sqlite", "postgres")
}


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def measured(request: pytest.FixtureRequest) -> tuple[str, dict[str, Tally]]:
    """One warm flow's tallies on each backend: the second flow, after the index, pool and model are warm."""
    url: str = request.getfixturevalue("module_sqlite_url" if request.param == "sqlite" else "postgres_session_url")
    app = Requests(create_app(Settings(database_url=url)))
    with TestClient(app, headers=bearer(staff_token(url, "call_handler"))) as client:
        open_everything(client)
        flow(client)
        return request.param, flow(client)


@pytest.mark.parametrize("route", ["triage", "route", "hold", "book"])
def test_a_hot_route_stays_within_its_round_trips(measured: tuple[str, dict[str, Tally]], route: str) -> None:
    backend, tallies = measured
    tally, (statements, transactions, round_trips) = tallies[route], BOUNDS[backend][route]
    lookups = [s for s in tally.statements if s.startswith("SELECT staff_tokens.")]
    assert len(lookups) <= 1, tally.statements
    assert len(tally.statements) - len(lookups) <= statements, (tally.summary(), tally.statements)
    assert tally.transactions <= transactions, tally.summary()
    assert tally.round_trips - len(lookups) <= round_trips, tally.summary()


def resources_of(client: TestClient) -> Resources:
    """The app's resources, behind the `Requests` wrapper."""
    resources: Resources = client.app.app.state.resources  # type: ignore[attr-defined]
    return resources


def engine_of(client: TestClient) -> Engine:
    return resources_of(client).engine


def flow(client: TestClient) -> dict[str, Tally]:
    """One caller's flow: triage, route, hold the first option, book it; each step counted on its own."""
    tallies: dict[str, Tally] = {}
    triaged = step(client, tallies, "triage", "/v1/triage", REPORT)
    routed = step(client, tallies, "route", "/v1/route", {"triage_id": triaged["id"], "postcode": POSTCODE})
    assert routed["outcome"] == "book", routed
    option = routed["options"][0]
    hold = {"service_id": option["service_id"], "window_start": option["window_start"], "triage_id": triaged["id"]}
    if routed["routed_as"] != routed["disposition"]:
        hold["override_reason"] = "ranked into another setting"
    held = step(client, tallies, "hold", "/v1/holds", hold, keyed=True)
    step(client, tallies, "book", "/v1/bookings", {"hold_id": held["id"]}, keyed=True)
    return tallies


def step(
    client: TestClient, tallies: dict[str, Tally], name: str, path: str, body: dict[str, Any], keyed: bool = False
) -> dict[str, Any]:
    headers = {"Idempotency-Key": str(uuid.uuid4())} if keyed else {}
    with count(engine_of(client)) as tally:
        response = client.post(path, json=body, headers=headers)
    assert response.status_code in (200, 201), response.text
    tallies[name] = tally
    result: dict[str, Any] = response.json()
    return result


def open_everything(client: TestClient) -> None:
    """Every service near the caller open with free slots, so routing offers a booking."""
    resources = resources_of(client)
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    window = Window(now + timedelta(minutes=30), 50)
    version = time.time_ns() // 1000  # above any version the board was restored with from a shared database
    assert client.portal is not None
    # The sites as the app's own index holds them (read now rather than by the first flow, which only warms up):
    # reading the directory's 26,504 services here too cost a second read per backend, ~3 s of CPU traced.
    sites = client.portal.call(resources.sites.current).sites()
    states = [BoardState(s.id, version, True, (window,), 10, Opel.NORMAL, now) for s in sites]
    client.portal.call(resources.board.load, states)
