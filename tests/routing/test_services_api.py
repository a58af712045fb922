"""The services a 111 call ends in, on a real `one111 serve`: crisis lines kept by an admin and a warm transfer
recorded, a provider's declared closure and hours (HTTP and /ws/provider), and who may be sent where."""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from sqlmodel import Session, select
from websockets.asyncio.client import connect

from identity.providers import issue_token
from models.database import make_engine
from models.tables import AuditEvent, Service
from models.vocabulary import Role
from tests.support.auth import bearer, staff_token
from tests.support.server import ROOT, LiveServer

BOOTS_LEEDS_STATION = "FFP17-PHA"  # Boots, City Station, Leeds: 0.2 km from LS1 4AP
LEEDS = "LS1 4AP"


@pytest.fixture(scope="module")
def db_url(tmp_path_factory: pytest.TempPathFactory, loaded_sqlite_template: Path) -> str:
    target = tmp_path_factory.mktemp("services_api") / "one111.db"
    shutil.copy(loaded_sqlite_template, target)
    return f"sqlite:///{target}"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, db_url: str) -> Iterator[LiveServer]:
    live = LiveServer({"DATABASE_URL": db_url}, tmp_path_factory.mktemp("srv"))
    try:
        yield live.start()
    finally:
        live.stop()


def client(server: LiveServer, db_url: str, role: Role) -> httpx.Client:
    return httpx.Client(base_url=server.url, headers=bearer(staff_token(db_url, role)), timeout=30)


def provider_of(db_url: str, service_id: str) -> dict[str, str]:
    engine = make_engine(db_url)
    try:
        with Session(engine) as session:
            service = session.get(Service, service_id)
            assert service is not None
        return bearer(issue_token(engine, service.provider_id, "services test"))
    finally:
        engine.dispose()


LINE = {
    "code": "QWO-ADULT",
    "name": "Leeds Mental Health Crisis Line",
    "icb_code": "QWO",
    "phone": "0800 183 1485",
    "postcode": "LS1 4AP",
    "min_age": 18,
}


def test_an_admin_keeps_crisis_lines_and_a_handler_puts_the_caller_through(server: LiveServer, db_url: str) -> None:
    with client(server, db_url, Role.ADMIN) as admin, client(server, db_url, Role.CALL_HANDLER) as handler:
        assert handler.put("/v1/crisis-lines", json=LINE).status_code == 403  # only an admin keeps the list
        saved = admin.put("/v1/crisis-lines", json=LINE)
        assert saved.status_code == 200, saved.text
        assert saved.json()["id"] == "QWO-ADULT-MHC" and saved.json()["type"] == "MENTAL_HEALTH_CRISIS"
        assert [s["id"] for s in handler.get("/v1/crisis-lines", params={"icb": "QWO"}).json()] == ["QWO-ADULT-MHC"]

        routed = handler.post("/v1/route", json={"disposition": "MENTAL_HEALTH_CRISIS", "postcode": LEEDS, "age": 30})
        body = routed.json()
        assert body["outcome"] == "transfer", body
        [line] = body["options"]
        assert line["access"] == "transfer" and not line["bookable"] and not line["address_is_destination"]
        assert "0800 183 1485" in line["how"] and "warm transfer" in line["how"]

        young = handler.post("/v1/route", json={"disposition": "MENTAL_HEALTH_CRISIS", "postcode": LEEDS, "age": 15})
        assert young.json()["outcome"] != "transfer"  # an adults' line is not offered to a 15-year-old
        assert any(e["why"] == "ineligible" for e in young.json()["exclusions"])

        sheffield = handler.post("/v1/route", json={"disposition": "MENTAL_HEALTH_CRISIS", "postcode": "S10 2TH"})
        assert "QWO-ADULT-MHC" not in {o["service_id"] for o in sheffield.json()["options"]}  # another ICB's line

        done = handler.post("/v1/transfers", json={"service_id": "QWO-ADULT-MHC"})
        assert done.status_code == 201, done.text
        assert done.json()["phone"] == "0800 183 1485"
        not_a_line = handler.post("/v1/transfers", json={"service_id": "RR801-ED"})
        assert not_a_line.status_code == 422

        assert admin.delete("/v1/crisis-lines/QWO-ADULT-MHC").status_code == 200
        assert handler.get("/v1/crisis-lines", params={"icb": "QWO"}).json() == []
    engine = make_engine(db_url)
    try:
        with Session(engine) as session:
            actions = set(session.exec(select(AuditEvent.action).where(AuditEvent.subject_id == "QWO-ADULT-MHC")))
    finally:
        engine.dispose()
    assert {"directory.crisis_line_saved", "routing.warm_transfer", "directory.crisis_line_retired"} <= actions


def test_a_provider_closes_its_pharmacy_and_routing_says_why(server: LiveServer, db_url: str) -> None:
    provider = provider_of(db_url, BOOTS_LEEDS_STATION)
    until = (datetime.now(UTC) + timedelta(days=2)).isoformat()
    closure = {"closed_until": until, "reason": "Flooded: closed for repairs"}
    with client(server, db_url, Role.CALL_HANDLER) as handler:
        closed = handler.put(f"/v1/services/{BOOTS_LEEDS_STATION}/closure", json=closure, headers=provider)
        assert closed.status_code == 200, closed.text
        assert closed.json()["closure_reason"] == "Flooded: closed for repairs"
        routed = handler.post("/v1/route", json={"disposition": "PHARMACY", "postcode": LEEDS, "age": 30}).json()
        assert BOOTS_LEEDS_STATION not in {o["service_id"] for o in routed["options"]}
        [excluded] = [e for e in routed["exclusions"] if e["service_id"] == BOOTS_LEEDS_STATION]
        assert excluded["why"] == "closed" and "Flooded" in excluded["detail"]
        other = handler.put("/v1/services/RR801-ED/closure", json=closure, headers=provider)
        assert other.status_code == 403  # not one of its services
        reopened = handler.delete(f"/v1/services/{BOOTS_LEEDS_STATION}/closure", headers=provider)
        assert reopened.status_code == 200 and reopened.json()["closed_until"] is None


def test_a_provider_declares_its_hours_over_the_socket(server: LiveServer, db_url: str) -> None:
    provider = provider_of(db_url, BOOTS_LEEDS_STATION)
    sessions = [{"day": d, "open": "07:00", "close": "23:00"} for d in range(7)]
    asyncio.run(_declare_hours(server, provider, sessions))
    shown = httpx.get(f"{server.url}/v1/services/{BOOTS_LEEDS_STATION}", headers=provider).json()
    assert shown["opening_hours"] == sessions and shown["id"] == BOOTS_LEEDS_STATION


async def _declare_hours(server: LiveServer, provider: dict[str, str], sessions: list[dict[str, object]]) -> None:
    async with connect(server.ws_url + "/ws/provider", additional_headers=provider) as ws:
        json.loads(await ws.recv())  # welcome
        frame = {"type": "hours.declare", "service_id": BOOTS_LEEDS_STATION, "sessions": sessions}
        await ws.send(json.dumps(frame))
        assert json.loads(await ws.recv()) == {"type": "declared", "service_id": BOOTS_LEEDS_STATION, "what": "hours"}
        await ws.send(json.dumps({**frame, "sessions": [{"day": 9, "open": "07:00", "close": "23:00"}]}))
        assert json.loads(await ws.recv())["type"] == "error"


def test_crisis_lines_from_the_command_line(tmp_path: Path, db_url: str) -> None:
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "DATABASE_URL": db_url}

    def one111(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "web.cli", "crisis-lines", *args]
        return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=120)

    added = one111("add", "QF7-YOUNG", "--name", "Sheffield Children's Crisis Line", "--icb", "QF7")
    assert added.returncode == 2  # phone and postcode are required
    added = one111(
        "add", "QF7-YOUNG", "--name", "Sheffield Children's Crisis Line", "--icb", "QF7",
        "--phone", "0114 271 6310", "--postcode", "S10 2TH", "--max-age", "17",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    listed = one111("list", "--icb", "QF7")
    assert "QF7-YOUNG-MHC\tSheffield Children's Crisis Line\t0114 271 6310, ages 0-17" in listed.stdout
    assert one111("retire", "QF7-YOUNG-MHC").returncode == 0
    assert one111("list", "--icb", "QF7").stdout == ""
