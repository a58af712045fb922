"""The flow bench's client: whole triage -> route -> hold -> book flows over raw HTTP/1.1 keep-alive connections.

One light asyncio client drives both one111 and the bare baseline, so what it costs is the same on both sides: a
request is a few bytes written and a status line, headers and a Content-Length body read back (no HTTP library
in the way, which on 2 shared cores would cap the bare app's figure at the client's own speed).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import statistics
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

STEPS = ("triage", "route", "hold", "book")
POSTCODE = "LS1 4AP"  # Leeds: the provider's service (RR801-ED) reports the capacity the flows book
# One deformed wrist after a fall (triaged ED: a suspected fracture, not an ambulance case) said by callers of
# different ages and sexes. A thunderclap headache is now, rightly, a 999 call and is never booked.
REPORTS = [
    {"text": "I fell off a ladder and my wrist is bent at a funny angle and very swollen", "age": age, "sex": sex}
    for age, sex in itertools.product((19, 34, 47, 58, 71), ("female", "male"))
]
ERROR_SAMPLES = 5  # the first few failures are kept (status and a short body) to say what went wrong


class FlowError(Exception):
    """A step answered non-2xx, the connection failed, or routing offered nothing to book."""


@dataclass
class Response:
    status: int
    body: bytes

    def json(self) -> dict[str, Any]:
        parsed: dict[str, Any] = json.loads(self.body)
        return parsed


class Connection:
    """One keep-alive HTTP/1.1 connection; reopened when the server closes it or it fails."""

    def __init__(self, host: str, port: int, token: str) -> None:
        self.host, self.port = host, port
        self.fixed = f"Host: {host}:{port}\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\n"
        self.streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def post(self, path: str, body: dict[str, Any], key: bool = False) -> Response:
        payload = json.dumps(body).encode()
        extra = f"Idempotency-Key: {uuid.uuid4()}\r\n" if key else ""
        head = f"POST {path} HTTP/1.1\r\n{self.fixed}{extra}Content-Length: {len(payload)}\r\n\r\n"
        try:
            return await self._exchange(head.encode() + payload)
        except (OSError, asyncio.IncompleteReadError, ValueError) as error:
            self.close()
            raise FlowError(f"{path}: {type(error).__name__}") from error

    async def _exchange(self, request: bytes) -> Response:
        if self.streams is None:
            self.streams = await asyncio.open_connection(self.host, self.port)
        reader, writer = self.streams
        writer.write(request)
        head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        headers = {
            name.strip().lower(): value.strip().lower() for name, _, value in (h.partition(":") for h in head[1:])
        }
        if "content-length" not in headers:
            raise ValueError("a response without Content-Length")
        body = await reader.readexactly(int(headers["content-length"]))
        if headers.get("connection") == "close":
            self.close()
        return Response(int(head[0].split(" ", 2)[1]), body)

    def close(self) -> None:
        if self.streams is not None:
            self.streams[1].close()
            self.streams = None


@dataclass
class Tally:
    """What one run of flows measured: seconds per step and per whole flow, and the failures."""

    timings: dict[str, list[float]] = field(default_factory=lambda: {name: [] for name in (*STEPS, "flow")})
    errors: int = 0
    samples: list[str] = field(default_factory=list)
    elapsed: float = 0.0
    bodies: dict[str, dict[str, Any]] = field(default_factory=dict)  # the last flow's answers, by step
    cpu_s: dict[str, float] = field(default_factory=dict)  # CPU seconds spent meanwhile: "server", "database"

    def fail(self, error: FlowError) -> None:
        self.errors += 1
        if len(self.samples) < ERROR_SAMPLES:
            self.samples.append(str(error))

    def summary(self) -> dict[str, Any]:
        flows = len(self.timings["flow"])
        return {
            "flows_per_s": round(flows / self.elapsed, 2) if self.elapsed else 0.0,
            "flows": flows,
            "errors": self.errors,
            "p50_ms": {name: quantile_ms(values, 50) for name, values in self.timings.items()},
            "p99_ms": {name: quantile_ms(values, 99) for name, values in self.timings.items()},
            "cpu_ms_per_flow": {part: round(s * 1000 / flows, 2) if flows else None for part, s in self.cpu_s.items()},
            **({"error_samples": self.samples} if self.samples else {}),
        }


def quantile_ms(values: list[float], q: int) -> float | None:
    if len(values) < 2:
        return round(values[0] * 1000, 2) if values else None
    return round(statistics.quantiles(values, n=100, method="inclusive")[q - 1] * 1000, 2)


def merge(tallies: list[Tally]) -> Tally:
    """Several runs of one side (the interleaved halves of a step) as one."""
    merged = Tally()
    for tally in tallies:
        for name, values in tally.timings.items():
            merged.timings[name] += values
        merged.errors += tally.errors
        merged.samples += tally.samples[: ERROR_SAMPLES - len(merged.samples)]
        merged.elapsed += tally.elapsed
        for part, seconds in tally.cpu_s.items():
            merged.cpu_s[part] = merged.cpu_s.get(part, 0.0) + seconds
    return merged


async def step(
    connection: Connection, tally: Tally, name: str, path: str, body: dict[str, Any], key: bool = False
) -> dict[str, Any]:
    started = time.perf_counter()
    response = await connection.post(path, body, key)
    if not 200 <= response.status < 300:
        raise FlowError(f"{name} {response.status}: {response.body[:160].decode(errors='replace')}")
    tally.timings[name].append(time.perf_counter() - started)
    try:
        answer = response.json()
    except ValueError as error:
        raise FlowError(f"{name} {response.status}: not JSON") from error
    tally.bodies[name] = {"status": response.status, "body": answer}
    return answer


async def flow(connection: Connection, tally: Tally, report: dict[str, Any]) -> None:
    """One call: triage what the caller said, rank services near them, hold the first option's slot, book it."""
    started = time.perf_counter()
    triaged = await step(connection, tally, "triage", "/v1/triage", report)
    routed = await step(connection, tally, "route", "/v1/route", {"triage_id": triaged["id"], "postcode": POSTCODE})
    if routed.get("outcome") != "book" or not routed.get("options"):
        raise FlowError(f"route: outcome {routed.get('outcome')!r} with {len(routed.get('options', []))} options")
    option = routed["options"][0]
    hold = {"service_id": option["service_id"], "window_start": option["window_start"], "triage_id": triaged["id"]}
    held = await step(connection, tally, "hold", "/v1/holds", hold, key=True)
    await step(connection, tally, "book", "/v1/bookings", {"hold_id": held["id"]}, key=True)
    tally.timings["flow"].append(time.perf_counter() - started)


async def caller(host: str, port: int, token: str, deadline: float, tally: Tally, first: int) -> None:
    """One concurrent caller on its own connection: flow after flow until the deadline."""
    connection = Connection(host, port, token)
    try:
        for n in itertools.count(first):
            if time.perf_counter() >= deadline:
                return
            try:
                await flow(connection, tally, REPORTS[n % len(REPORTS)])
            except FlowError as error:
                tally.fail(error)
    finally:
        connection.close()


async def drive(url: str, token: str, concurrency: int, seconds: float) -> Tally:
    """`concurrency` callers running whole flows back to back for `seconds` (each finishes the flow it started)."""
    host, port = url.removeprefix("http://").split(":")
    tally = Tally()
    started = time.perf_counter()
    callers = (caller(host, int(port), token, started + seconds, tally, n) for n in range(concurrency))
    await asyncio.gather(*callers)
    tally.elapsed = time.perf_counter() - started
    return tally
