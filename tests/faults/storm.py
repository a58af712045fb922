"""A booking storm: many careful clients hold, book and sometimes cancel over HTTP while a test breaks things.

A careful client sends an Idempotency-Key with every change and, on a dropped connection, a 503 or a
"still in progress" 409, retries with the same key for a while. The tally keeps what the clients saw, so
the test can check it against the database afterwards.
"""

from __future__ import annotations

import asyncio
import random
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

RETRY_FOR_S = 8.0  # a claim caught in a killed worker stays "in progress" for 60 s: the client gives up first
RETRY_EVERY_S = 0.2
CANCEL_SHARE = 0.25


@dataclass
class Tally:
    booked: dict[str, str] = field(default_factory=dict)  # booking id -> service id, from 201 answers
    cancelled: set[str] = field(default_factory=set)
    unsure: set[str] = field(default_factory=set)  # cancels with no answer (their worker died): either is right
    statuses: Counter[tuple[str, int]] = field(default_factory=Counter)
    unavailable: list[float] = field(default_factory=list)  # when each 503 came back
    bad: list[str] = field(default_factory=list)  # answers no client should ever see
    gave_up: Counter[str] = field(default_factory=Counter)
    successes: list[float] = field(default_factory=list)  # when each booking came back
    dropped: int = 0  # connections cut mid-request (a killed worker), each retried with the same key
    flows: int = 0

    def served_after(self, moment: float) -> bool:
        return any(at > moment for at in self.successes)


def retryable(response: httpx.Response) -> bool:
    if response.status_code == 503:
        return True
    return response.status_code == 409 and response.json().get("type", "").endswith("idempotency-in-progress")


def check_shape(step: str, response: httpx.Response, tally: Tally) -> None:
    """Every refusal is problem+json; the only 5xx allowed is a 503 that says when to retry."""
    if response.status_code < 400:
        return
    if response.headers.get("content-type") != "application/problem+json":
        tally.bad.append(f"{step}: {response.status_code} not problem+json: {response.text[:200]}")
    if response.status_code >= 500 and response.status_code != 503:
        tally.bad.append(f"{step}: {response.status_code}: {response.text[:200]}")
    if response.status_code == 503:
        tally.unavailable.append(time.monotonic())
        if int(response.headers.get("retry-after", "0")) <= 0:
            tally.bad.append(f"{step}: 503 without Retry-After")


async def careful(
    client: httpx.AsyncClient, tally: Tally, step: str, method: str, path: str, body: dict[str, Any] | None = None
) -> httpx.Response | None:
    """One change, retried with the same Idempotency-Key until it gets a real answer or the client gives up."""
    headers = {"Idempotency-Key": str(uuid.uuid4())}
    deadline = time.monotonic() + RETRY_FOR_S
    while True:
        try:
            response: httpx.Response | None = await client.request(method, path, json=body, headers=headers)
        except httpx.TransportError:
            response = None
            tally.dropped += 1
        if response is not None:
            tally.statuses[(step, response.status_code)] += 1
            check_shape(step, response, tally)
            if not retryable(response):
                return response
        if time.monotonic() > deadline:
            tally.gave_up[step] += 1
            return None
        await asyncio.sleep(RETRY_EVERY_S)


async def flow(client: httpx.AsyncClient, tally: Tally, rng: random.Random, services: list[str], start: str) -> None:
    service = rng.choice(services)
    held = await careful(client, tally, "hold", "POST", "/v1/holds", {"service_id": service, "window_start": start})
    if held is None or held.status_code != 201:
        return
    booked = await careful(client, tally, "book", "POST", "/v1/bookings", {"hold_id": held.json()["id"]})
    if booked is None or booked.status_code != 201:
        return
    booking = booked.json()
    tally.booked[booking["id"]] = booking["service_id"]
    tally.successes.append(time.monotonic())
    if rng.random() < CANCEL_SHARE:
        cancelled = await careful(client, tally, "cancel", "DELETE", f"/v1/bookings/{booking['id']}")
        if cancelled is not None and cancelled.status_code == 200:
            tally.cancelled.add(booking["id"])
        elif cancelled is None:
            tally.unsure.add(booking["id"])


async def client_loop(
    base_url: str,
    headers: dict[str, str],
    tally: Tally,
    seed: int,
    services: list[str],
    start: str,
    stop: asyncio.Event,
) -> None:
    rng = random.Random(seed)
    async with httpx.AsyncClient(base_url=base_url, headers=headers, timeout=30) as client:
        while not stop.is_set():
            await flow(client, tally, rng, services, start)
            tally.flows += 1
            await asyncio.sleep(rng.uniform(0.0, 0.05))


@dataclass(frozen=True)
class Fault:
    """What to break and how to mend it; each runs in a thread while the storm goes on."""

    name: str
    down: Callable[[], None]
    up: Callable[[], None]


@dataclass
class Timeline:
    down_at: float = 0.0
    up_at: float = 0.0


async def storm(
    base_url: str,
    headers: dict[str, str],
    services: list[str],
    start: str,
    fault: Fault,
    clients: int = 24,
    before_s: float = 1.5,
    outage_s: float = 2.5,
    after_s: float = 3.0,
) -> tuple[Tally, Timeline]:
    """Run the clients; break things after `before_s`, mend them `outage_s` later, stop `after_s` after that."""
    tally, timeline, stop = Tally(), Timeline(), asyncio.Event()
    tasks = [
        asyncio.create_task(client_loop(base_url, headers, tally, seed, services, start, stop))
        for seed in range(clients)
    ]
    await asyncio.sleep(before_s)
    timeline.down_at = time.monotonic()
    await asyncio.to_thread(fault.down)
    await asyncio.sleep(outage_s)
    await asyncio.to_thread(fault.up)
    timeline.up_at = time.monotonic()
    await asyncio.sleep(after_s)
    stop.set()
    await asyncio.gather(*tasks)
    return tally, timeline
