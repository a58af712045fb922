"""How current the board is: when each service last reported capacity, from the record (the snapshots)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, select

from models.tables import CapacitySnapshot
from models.types import utcnow


@dataclass(frozen=True, slots=True)
class Freshness:
    reporting: int  # services that have ever reported
    stale: int  # of those, how many last reported longer ago than the staleness limit (shown as unknown)
    oldest_age_s: float | None  # age of the least recent service's last report
    freshest_age_s: float | None  # age of the most recent report of any service


def freshness(session: Session, staleness: timedelta, now: datetime | None = None) -> Freshness:
    now = now or utcnow()
    query = select(func.max(CapacitySnapshot.updated_at)).group_by(CapacitySnapshot.service_id)
    ages = [(now - last).total_seconds() for last in session.exec(query) if last is not None]
    return Freshness(
        reporting=len(ages),
        stale=sum(1 for age in ages if age >= staleness.total_seconds()),
        oldest_age_s=max(ages, default=None),
        freshest_age_s=min(ages, default=None),
    )
