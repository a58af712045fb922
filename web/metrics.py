"""Prometheus metrics, counted at the web edge so the domain packages never import a metrics library.

Labels carry route templates (`/v1/services/{service_id}`), never raw paths or queries: those can hold ids and
postcodes. With several uvicorn workers `one111 serve` sets PROMETHEUS_MULTIPROC_DIR, every worker writes its
numbers there, and a scrape of any worker reads them all.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import timedelta

from prometheus_client import REGISTRY, CollectorRegistry, Counter, Gauge, Histogram, generate_latest, multiprocess
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlmodel import Session
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from capacity.freshness import freshness
from clinical.stats import queue_stats

# Decided once, as prometheus_client itself decides when it is imported.
MULTIPROCESS = "PROMETHEUS_MULTIPROC_DIR" in os.environ
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})

REQUESTS = Counter("one111_http_requests", "HTTP requests answered, by route template", ["method", "route", "status"])
LATENCY = Histogram(
    "one111_http_request_duration_seconds",
    "Time to answer an HTTP request, by route template",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
TRIAGE_DECISIONS = Counter("one111_triage_decisions", "Triage decisions made, by disposition", ["disposition"])
BOOKINGS = Counter("one111_bookings", "Bookings confirmed (book) and moved (rebook); replays not counted", ["kind"])
HOLDS_EXPIRED = Counter("one111_holds_expired", "Holds expired by the background sweeper, their slots given back")
WEBSOCKETS = Gauge(
    "one111_websocket_connections", "Open websocket connections, by kind", ["kind"], multiprocess_mode="livesum"
)
BEHIND = Counter(
    "one111_websocket_behind", "Websocket clients closed with 4001 for falling too far behind, by kind", ["kind"]
)
MESSAGES = Counter("one111_notify_messages", "Patient messages handled, by channel and result", ["channel", "state"])
BOOKINGS_MOVED = Counter(
    "one111_bookings_disrupted",
    "Bookings a service could not keep, by cause and what became of them",
    ["cause", "state"],
)
BOOKING_EVENTS = Counter(
    "one111_booking_events", "Providers' lifecycle events (declined and did_not_attend give their rates)", ["event"]
)
REJECTIONS = Counter(
    "one111_overload_rejections",
    "Requests refused by overload protection (503 budget, 429 rate limit)",
    ["status", "lane"],
)


def rejected(lane: str, status: int) -> None:
    REJECTIONS.labels(str(status), lane).inc()


def fell_behind(kind: str) -> None:
    BEHIND.labels(kind).inc()


@contextmanager
def websocket_open(kind: str) -> Iterator[None]:
    WEBSOCKETS.labels(kind).inc()
    try:
        yield
    finally:
        WEBSOCKETS.labels(kind).dec()


class RequestMetrics:
    """Counts and times each HTTP request by method, route template and status."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started, status = time.perf_counter(), 500

        async def send_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_status)
        finally:
            method = scope["method"] if scope["method"] in METHODS else "OTHER"
            route = getattr(scope.get("route"), "path", None) or "unmatched"
            REQUESTS.labels(method, route, str(status)).inc()
            LATENCY.labels(method, route).observe(time.perf_counter() - started)


class BoardFreshness(Collector):
    """Read at scrape time from the record, so every worker reports the same numbers."""

    def __init__(self, session: Session, staleness: timedelta) -> None:
        self.session, self.staleness = session, staleness

    def collect(self) -> Iterable[GaugeMetricFamily]:
        now = freshness(self.session, self.staleness)
        yield GaugeMetricFamily(
            "one111_board_services_reporting", "Services that have reported capacity", now.reporting
        )
        yield GaugeMetricFamily(
            "one111_board_services_stale", "Services whose last report is past the staleness limit", now.stale
        )
        for name, value, what in (
            ("oldest", now.oldest_age_s, "the least recently reporting service's last report"),
            ("freshest", now.freshest_age_s, "the most recent capacity report"),
        ):
            if value is not None:
                yield GaugeMetricFamily(f"one111_board_{name}_report_age_seconds", f"Age of {what}", value)


class CallbackQueue(Collector):
    """The clinical hub's figures over the last 24 hours, read from the record at scrape time."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def collect(self) -> Iterable[GaugeMetricFamily]:
        figures = queue_stats(self.session)
        wait = GaugeMetricFamily(
            "one111_callback_time_to_callback_seconds",
            "Queued to first answered call, p50 and p90 per priority band, last 24 h",
            labels=["band", "quantile"],
        )
        for band, (p50, p90) in sorted(figures.time_to_callback_s.items()):
            wait.add_metric([str(band), "0.5"], p50)
            wait.add_metric([str(band), "0.9"], p90)
        yield wait
        yield _by(
            "one111_callback_breaches",
            "Callbacks past their deadline before contact, last 24 h",
            "band",
            figures.breaches,
        )
        yield _by("one111_callback_open", "Callbacks waiting or claimed, per band", "band", figures.open_items)
        yield _by("one111_callback_outcomes", "Closed callbacks by outcome, last 24 h", "outcome", figures.outcomes)


def _by(name: str, doc: str, label: str, values: dict[int, int] | dict[str, int]) -> GaugeMetricFamily:
    family = GaugeMetricFamily(name, doc, labels=[label])
    for key, value in sorted(values.items(), key=lambda kv: str(kv[0])):
        family.add_metric([str(key)], value)
    return family


def exposition(session: Session, staleness: timedelta) -> bytes:
    """Every worker's metrics (or this process's, with one worker outside `one111 serve`), then the board's."""
    if MULTIPROCESS:
        workers = CollectorRegistry()
        multiprocess.MultiProcessCollector(workers)  # type: ignore[no-untyped-call]
    else:
        workers = REGISTRY
    board = CollectorRegistry()
    board.register(BoardFreshness(session, staleness))
    board.register(CallbackQueue(session))
    return generate_latest(workers) + generate_latest(board)


def worker_exited() -> None:
    """Drop this worker's live gauges (open websockets) from the shared numbers."""
    if MULTIPROCESS:
        multiprocess.mark_process_dead(os.getpid())  # type: ignore[no-untyped-call]
