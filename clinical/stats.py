"""The queue's figures for /metrics, read from the record so every worker reports the same: time to callback
(queued to first answered call) p50/p90 per band, deadline breaches, open items and outcomes, over a window."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from statistics import quantiles

from sqlalchemy import select
from sqlmodel import Session, col

from models.routing_tables import CallbackRequest, CallbackStatus
from models.types import utcnow
from routing.callbacks import Band

WINDOW = timedelta(hours=24)


@dataclass(frozen=True, slots=True)
class QueueStats:
    time_to_callback_s: dict[int, tuple[float, float]] = field(default_factory=dict)  # band -> (p50, p90)
    breaches: dict[int, int] = field(default_factory=dict)  # band -> items called back late or still overdue
    open_items: dict[int, int] = field(default_factory=dict)
    outcomes: dict[str, int] = field(default_factory=dict)


Row = tuple[int, datetime, datetime, datetime | None, CallbackStatus, str | None]


def summarise(rows: list[Row], now: datetime) -> QueueStats:
    """Pure: (band, queued, deadline, first contact, status, outcome) rows to the figures."""
    waits: dict[int, list[float]] = {}
    breaches: Counter[int] = Counter()
    open_items: Counter[int] = Counter()
    outcomes: Counter[str] = Counter()
    for band, queued, deadline, contact, status, outcome in rows:
        if contact is not None:
            waits.setdefault(band, []).append((contact - queued).total_seconds())
        if (contact or (now if status is not CallbackStatus.CLOSED else deadline)) > deadline:
            breaches[band] += 1
        if status is not CallbackStatus.CLOSED:
            open_items[band] += 1
        if outcome:
            outcomes[outcome] += 1
    every = {int(band): 0 for band in Band}  # a band with none is a zero, not a missing series
    waited = {b: _p50_p90(w) for b, w in waits.items()}
    return QueueStats(waited, {**every, **breaches}, {**every, **open_items}, dict(outcomes))


def _p50_p90(values: list[float]) -> tuple[float, float]:
    if len(values) == 1:
        return values[0], values[0]
    cuts = quantiles(values, n=10, method="inclusive")
    return cuts[4], cuts[8]


def queue_stats(session: Session, now: datetime | None = None) -> QueueStats:
    now = now or utcnow()
    columns = [col(CallbackRequest.band), col(CallbackRequest.created_at), col(CallbackRequest.deadline)]
    columns += [col(CallbackRequest.first_contact_at), col(CallbackRequest.status), col(CallbackRequest.outcome)]
    query = select(*columns).where(col(CallbackRequest.created_at) >= now - WINDOW)
    return summarise([(r[0], r[1], r[2], r[3], r[4], r[5]) for r in session.execute(query).all()], now)
