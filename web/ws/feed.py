"""Each worker's booking feed: it reads new and withdrawn bookings from the database and queues a `booking.created`
or `booking.cancelled` frame for every connected socket of the provider that receives (or no longer receives) the
patient."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import defaultdict

from sqlalchemy.engine import Engine

from models.database import blocking
from routing.feed import NewBooking, Withdrawn, changes_after, latest_cursor
from web.ws.frames import BookingCancelledFrame, BookingCreatedFrame
from web.ws.session import Outbox

logger = logging.getLogger("one111.ws.feed")


class BookingFeed:
    def __init__(self, engine: Engine, interval_s: float = 1.0) -> None:
        self.engine = engine
        self.interval_s = interval_s
        self.cursor = 0
        self.outboxes: defaultdict[str, set[Outbox]] = defaultdict(set)
        self.task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Push what is booked from now on; earlier bookings are in GET /v1/services/{id}/bookings."""
        self.cursor = await blocking(latest_cursor, self.engine)
        self.task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        if self.task is not None:
            self.task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.task

    def subscribe(self, provider_id: str, outbox: Outbox) -> None:
        self.outboxes[provider_id].add(outbox)

    def unsubscribe(self, provider_id: str, outbox: Outbox) -> None:
        self.outboxes[provider_id].discard(outbox)
        if not self.outboxes[provider_id]:
            del self.outboxes[provider_id]

    async def _run(self) -> None:
        while True:
            try:
                await self._read()
            except Exception as error:  # the database may be briefly away: the cursor stays, the next round retries
                logger.warning("booking feed read failed", extra={"error_type": type(error).__qualname__})
            await asyncio.sleep(self.interval_s)

    async def _read(self) -> None:
        if not self.outboxes:  # nobody to tell: move past what was booked without loading it
            latest = await blocking(latest_cursor, self.engine)
            if not self.outboxes:  # unless someone connected while we looked: then deliver from where we were
                self.cursor = latest
            return
        for item in await blocking(changes_after, self.engine, self.cursor):
            self._deliver(item)
            self.cursor = item.cursor

    def _deliver(self, item: NewBooking | Withdrawn) -> None:
        outboxes = self.outboxes.get(item.provider_id, ())
        if not outboxes:
            return
        if isinstance(item, Withdrawn):
            gone = item.booking.model_dump(mode="json", exclude={"actor"})
            text = BookingCancelledFrame(booking=gone, reason=item.reason).model_dump_json()
            for outbox in outboxes:
                outbox.offer(text)
            return
        # The same shape as an item of GET /v1/services/{id}/bookings.
        booking = {
            **item.handover.booking.model_dump(mode="json", exclude={"actor"}),
            "triage": item.handover.summary(),
            "expect": item.handover.expect,
        }
        frame = BookingCreatedFrame(booking=booking).model_dump_json()
        for outbox in outboxes:
            outbox.offer(frame)  # bounded: a provider system that stops reading is closed (CLOSE_BEHIND)
