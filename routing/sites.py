"""Read the directory into the spatial index ranking uses, and keep one worker's copy fresh."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Text, cast, select
from sqlalchemy.engine import Engine
from sqlmodel import col

from capacity.hours import holiday_rule
from models.database import blocking, read_session
from models.tables import Service
from routing.spatial import Site, SiteIndex

INDEX_MAX_AGE_S = 300.0  # the directory is re-read at most this often; opening hours changes show within it


# The columns a Site needs, read as plain rows: building 26,000 ORM objects cost a worker about 2 s of CPU.
SITE_COLUMNS = tuple(
    getattr(Service, name)
    for name in (
        "id", "name", "type", "latitude", "longitude", "opening_hours", "booking_mode", "postcode", "phone",
        "hours_source", "min_age", "max_age", "sex", "eligibility_note", "icb_code", "closed_from", "closed_until",
        "closure_reason",
    )
)  # fmt: skip


# Opening hours are read as their JSON text: the 26,000 services share about 2,700 timetables, so each is decoded
# once, and its sites share one object that capacity.hours parses once. Reading the index cost a worker's first
# routing request 1.3 s of CPU (3 s traced by coverage), and every change it makes costs a re-read.
_AS_READ = tuple(cast(c, Text).label(c.key) if c.key == "opening_hours" else c for c in SITE_COLUMNS)


def load_sites(engine: Engine) -> list[Site]:
    with read_session(engine) as session:
        rows = session.execute(select(*_AS_READ).where(col(Service.active))).all()
    timetables: dict[str, tuple[Any, ...]] = {}
    return [site_of(row, timetables) for row in rows]


def site_of(s: Sequence[Any], timetables: dict[str, tuple[Any, ...]]) -> Site:
    """A row of SITE_COLUMNS, which are Site's fields in order (the hours source gives the holiday rule)."""
    id_, name, kind, latitude, longitude, hours_text, booking_mode, postcode, phone, source, *rest = s
    hours = timetables.get(hours_text)
    if hours is None:
        hours = timetables[hours_text] = tuple(json.loads(hours_text))
    return Site(
        id_, name, kind, latitude, longitude, hours, booking_mode, postcode, phone, holiday_rule(kind, source), *rest
    )


def load_index(engine: Engine) -> SiteIndex:
    return SiteIndex(load_sites(engine))


class LiveIndex:
    """One worker's spatial index: read on first use (so a directory imported after start-up shows at once),
    then re-read when older than `max_age_s`; concurrent requests wait for one read, never start their own."""

    def __init__(
        self, engine: Engine, max_age_s: float = INDEX_MAX_AGE_S, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._engine, self._max_age_s, self._clock = engine, max_age_s, clock
        self._index: SiteIndex | None = None
        # None: never read, or forgotten. Not 0.0: a monotonic clock starts near zero at boot, so on a machine up for
        # less than `max_age_s` an index "read at 0.0" would still look fresh and a change would not show.
        self._read_at: float | None = None
        self._lock = asyncio.Lock()

    async def current(self) -> SiteIndex:
        index = self._fresh()
        if index is not None:
            return index
        async with self._lock:
            index = self._fresh()
            if index is None:
                index = self._index = await blocking(load_index, self._engine)
                self._read_at = self._clock()
            return index

    def forget(self) -> None:
        """Read the directory again on next use: this worker shows a change it just made at once (others within
        `max_age_s`)."""
        self._read_at = None

    def _fresh(self) -> SiteIndex | None:
        if self._read_at is None or self._clock() - self._read_at > self._max_age_s:
            return None
        return self._index
