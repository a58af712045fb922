"""The one111 load mix for locust: call handlers over HTTP, provider systems and board consoles over websockets.

Run by `make load` (loadtests/run.py), which starts the server, seeds capacity and writes the setup file this
reads (`LOAD_SETUP`: host, provider tokens, how many of each user). Each step is a locust request name, so the
CSV has p50/p95/p99 per step; a whole triage->rank->hold->book call is one more entry, `FLOW triage->book`.

Patients (chat over /ws/chat) are not simulated yet: the chat landed on main (issue 8) at the end of this work.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import time
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from locust import FastHttpUser, User, between, constant_throughput, events, task
from locust.exception import StopUser
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from loadtests.inputs import load_callers

SETUP: dict[str, Any] = json.loads(Path(os.environ.get("LOAD_SETUP", "var/load/setup.json")).read_text())
CALLERS = load_callers()
PROVIDERS = itertools.cycle(SETUP["providers"])  # each provider user speaks for one provider's services
LEDGER: dict[str, str] = {}  # booking id -> what the clients were last told (confirmed, cancelled, moved)
# Each simulated call handler acts as one of a few staff users (rate limits and holds are per user).
TOKENS = SETUP.get("staff_tokens") or [SETUP["staff_token"]]
STAFF_USERS = itertools.cycle([{"Authorization": f"Bearer {token}"} for token in TOKENS])


def fire(kind: str, name: str, started: float, error: Exception | None = None, length: int = 0) -> None:
    record(kind, name, (time.perf_counter() - started) * 1000, error, length)


def record(kind: str, name: str, response_time_ms: float, error: Exception | None = None, length: int = 0) -> None:
    """One entry in locust's stats. The only call into locust's event hooks, which carry no annotations."""
    events.request.fire(  # type: ignore[no-untyped-call]  # locust's EventHook.fire is unannotated
        request_type=kind,
        name=name,
        response_time=response_time_ms,
        response_length=length,
        exception=error,
        context={},
    )


class CallHandler(FastHttpUser):
    """A 111 call: triage what the caller says, rank the services, and for a bookable outcome hold and book;
    now and then the caller cancels or is moved to another option."""

    fixed_count = int(SETUP["users"]["call_handler"])
    wait_time = constant_throughput(float(SETUP["rates"]["calls_per_user_s"]))
    bookable_only = bool(SETUP.get("bookable_only", False))

    def on_start(self) -> None:
        self.rng = random.Random()
        self.staff = next(STAFF_USERS)

    def post(self, step: str, path: str, body: dict[str, Any], key: bool = False) -> dict[str, Any] | None:
        headers = {**self.staff, **({"Idempotency-Key": str(uuid.uuid4())} if key else {})}
        with self.client.post(path, json=body, headers=headers, name=step, catch_response=True) as response:
            if response.status_code == 409 and step.endswith("hold"):
                response.success()  # another caller took the last slot: a correct answer, counted separately
                record("NOTE", "hold refused (409)", 0)
                return None
            if response.status_code >= 400:
                response.failure(f"{response.status_code}: {response.text[:200]}")
                return None
            result: dict[str, Any] = response.json()
            return result

    @task
    def call(self) -> None:
        started = time.perf_counter()
        report = CALLERS.report(self.rng, bookable=self.bookable_only)
        triaged = self.post("1 triage", "/v1/triage", report)
        if triaged is None:
            return
        routed = self.post("2 route", "/v1/route", {"triage_id": triaged["id"], "postcode": CALLERS.postcode(self.rng)})
        if routed is None or routed["outcome"] != "book" or not routed["options"]:
            return
        booking = self.book(routed, routed["options"][0], triaged["id"])
        if booking is None:
            return
        fire("FLOW", "triage->book", started)
        roll = self.rng.random()
        if roll < 0.05:
            self.cancel(booking)
        elif roll < 0.10 and len(routed["options"]) > 1:
            self.rebook(booking, routed["options"][1], triaged["id"])

    def book(self, routed: dict[str, Any], option: dict[str, Any], triage_id: str) -> dict[str, Any] | None:
        body = {"service_id": option["service_id"], "window_start": option["window_start"], "triage_id": triage_id}
        if routed["routed_as"] != routed["disposition"]:  # ranked into another setting: the handler says why
            body["override_reason"] = (
                f"no {routed['disposition']} service could take the caller; ranked as {routed['routed_as']}"
            )
        held = self.post("3 hold", "/v1/holds", body, key=True)
        if held is None:
            return None
        booked = self.post("4 book", "/v1/bookings", {"hold_id": held["id"]}, key=True)
        if booked is not None:
            LEDGER[booked["id"]] = "CONFIRMED"
        return booked

    def cancel(self, booking: dict[str, Any]) -> None:
        headers = {**self.staff, "Idempotency-Key": str(uuid.uuid4())}
        with self.client.delete(
            f"/v1/bookings/{booking['id']}", headers=headers, name="5 cancel", catch_response=True
        ) as response:
            if response.status_code == 200:
                LEDGER[booking["id"]] = "CANCELLED"
            else:
                response.failure(f"{response.status_code}: {response.text[:200]}")

    def rebook(self, booking: dict[str, Any], option: dict[str, Any], triage_id: str) -> None:
        body = {"service_id": option["service_id"], "window_start": option["window_start"]}
        held = self.post("5 rebook hold", "/v1/holds", body, key=True)
        if held is None:
            return
        moved = self.post("5 rebook", f"/v1/bookings/{booking['id']}/rebook", {"hold_id": held["id"]}, key=True)
        if moved is not None:
            LEDGER[booking["id"]] = "MOVED"
            LEDGER[moved["id"]] = "CONFIRMED"


class SocketUser(User):
    """A user holding one websocket (the `websockets` sync client: its reader thread is a greenlet under locust)."""

    abstract = True
    ws: ClientConnection | None = None

    def open(self, path: str, headers: dict[str, str] | None = None) -> ClientConnection:
        url = SETUP["host"].replace("http", "ws", 1) + path
        started = time.perf_counter()
        try:
            self.ws = connect(url, additional_headers=headers, max_size=2**24, open_timeout=30)
        except Exception as error:  # one short line per kind of failure, not one per response's headers
            status = getattr(getattr(error, "response", None), "status_code", None)
            short = RuntimeError(f"HTTP {status}" if status else type(error).__name__)
            fire("WS", f"{path.split('?')[0]} connect", started, short)
            raise StopUser() from error
        return self.ws

    def on_stop(self) -> None:
        if self.ws is not None:
            self.ws.close()


class Provider(SocketUser):
    """A provider's system pushing capacity for its services over /ws/provider; each update is timed to its ack."""

    fixed_count = int(SETUP["users"]["provider"])
    wait_time = constant_throughput(float(SETUP["rates"]["updates_per_provider_s"]))

    def on_start(self) -> None:
        self.provider = next(PROVIDERS)
        self.seq = itertools.count(1)  # per service; each run has a database of its own, and one user per provider
        self.rng = random.Random()
        ws = self.open("/ws/provider", {"Authorization": f"Bearer {self.provider['token']}"})
        json.loads(ws.recv(timeout=30))  # welcome

    @task
    def update(self) -> None:
        assert self.ws is not None
        service_id = self.rng.choice(self.provider["services"])
        slots = [{"start": start, "free": self.rng.randint(300, 500)} for start in SETUP["windows"]]
        frame = {"type": "capacity.update", "service_id": service_id, "is_open": True, "slots": slots}
        frame |= {"wait_minutes": self.rng.randint(5, 240), "opel": self.rng.randint(1, 3), "seq": next(self.seq)}
        started = time.perf_counter()
        try:
            self.ws.send(json.dumps(frame))
            while (reply := json.loads(self.ws.recv(timeout=30)))["type"] == "booking.created":
                continue  # bookings pushed to the provider share the socket
            error: Exception | None = None if reply["type"] == "ack" else RuntimeError(str(reply)[:200])
        except (TimeoutError, ConnectionClosed) as failure:
            error = failure
        fire("WS", "provider update->ack", started, error)


class Console(SocketUser):
    """A call handler's board console near a caller's postcode: a snapshot, then deltas. Each delta is timed from
    the provider's update (its `updated_at`) to its arrival here: the board's end-to-end lag."""

    fixed_count = int(SETUP["users"]["console"])
    wait_time = between(0, 0)

    def on_start(self) -> None:
        self.rng = random.Random()
        self.reported: dict[str, float] = {}
        started = time.perf_counter()
        ws = self.open(f"/ws/board?near={quote(CALLERS.postcode(self.rng))}&radius_km=10", next(STAFF_USERS))
        snapshot = ws.recv(timeout=60)
        fire("WS", "console snapshot", started, length=len(snapshot))
        for entry in json.loads(snapshot).get("services", []):  # what each provider last reported, as shown
            if entry.get("updated_at"):
                self.reported[entry["service_id"]] = _epoch(entry["updated_at"].replace("Z", "+00:00"))

    @task
    def watch(self) -> None:
        assert self.ws is not None
        try:
            frame = json.loads(self.ws.recv(timeout=5))
        except TimeoutError:
            return
        except ConnectionClosed as closed:
            fire("WS", "console closed", time.perf_counter(), closed)
            raise StopUser() from closed
        if frame["type"] != "delta" or not frame["service"].get("updated_at"):
            return
        # A hold or booking changes a service's slots but not when its provider last reported; a newer report
        # time means this delta carries a provider's update, so its age is the board's end-to-end lag.
        service, updated = frame["service"]["service_id"], _epoch(frame["service"]["updated_at"].replace("Z", "+00:00"))
        if updated > self.reported.get(service, 0.0):
            self.reported[service] = updated
            lag_ms = (time.time() - updated) * 1000
            record("WS", "console delta lag", lag_ms)


def _epoch(iso: str) -> float:
    return datetime.fromisoformat(iso).timestamp()


def write_ledger(**_: Any) -> None:
    """What the clients were told, for the runner to count against the database."""
    path = os.environ.get("LOAD_LEDGER")
    if path:
        Path(path).write_text(json.dumps(LEDGER))


events.test_stop.add_listener(write_ledger)  # type: ignore[no-untyped-call]  # locust's EventHook is unannotated
