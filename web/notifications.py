"""A worker's side of notify/: the channel chosen by settings, the dispatcher and the disruption sweeper (one
each per worker: every worker sends and sweeps, and row claims keep them from doing the same work twice), and the
hook a capacity update calls so the bookings it disrupts are moved at once."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta

from sqlalchemy.engine import Engine

from capacity.board import Board
from models.crypto import Keyring
from models.types import utcnow
from notify.channels import Channel, Embedded, GovukNotify, Smtp
from notify.dispatch import Dispatcher
from notify.rebook import Rebooker
from routing.spatial import SiteIndex
from web.metrics import BOOKINGS_MOVED, MESSAGES
from web.settings import Settings

logger = logging.getLogger("one111.notify")


class ChannelMisconfigured(RuntimeError):
    pass


def open_channel(s: Settings) -> Channel:
    if s.notify_channel == "smtp":
        password = s.smtp_password.get_secret_value() if s.smtp_password else None
        return Smtp(s.smtp_host, s.smtp_port, s.smtp_from, s.smtp_username, password, s.smtp_starttls)
    if s.notify_channel == "govuk_notify":
        if s.govuk_notify_api_key is None or not s.govuk_notify_email_template or not s.govuk_notify_sms_template:
            raise ChannelMisconfigured(
                "ONE111_NOTIFY_CHANNEL=govuk_notify needs ONE111_GOVUK_NOTIFY_API_KEY and both template ids"
            )
        key = s.govuk_notify_api_key.get_secret_value()
        return GovukNotify(key, s.govuk_notify_email_template, s.govuk_notify_sms_template, s.govuk_notify_url)
    return Embedded()


class Notifier:
    def __init__(
        self, s: Settings, engine: Engine, board: Board, keyring: Keyring, index: Callable[[], Awaitable[SiteIndex]]
    ) -> None:
        self.settings = s
        self.dispatcher = Dispatcher(
            engine,
            keyring,
            open_channel(s),
            s.public_url,
            max_attempts=s.notify_max_attempts,
            backoff=timedelta(seconds=s.notify_retry_seconds),
            on_result=lambda channel, state: MESSAGES.labels(channel, state.value).inc(),
        )
        self.rebooker = Rebooker(
            engine,
            board,
            index,
            hold_seconds=s.hold_seconds,
            staleness=timedelta(hours=s.staleness_hours),
            on_settled=lambda cause, state: BOOKINGS_MOVED.labels(cause, state.value).inc(),
        )
        self.tasks: set[asyncio.Task[object]] = set()

    def start(self) -> None:
        self._spawn(self.dispatcher.forever(self.settings.notify_dispatch_seconds))
        self._spawn(self.rebooker.forever(self.settings.disruption_sweep_seconds))

    def service_changed(self, service_id: str) -> None:
        """A capacity update was accepted: move what it disrupts now, without holding up the provider's answer."""
        self._spawn(self._moved(service_id))

    def declined(self) -> None:
        """A provider declined a booking (its disruption is recorded): move the patient now."""
        self._spawn(self._resolve())

    async def _resolve(self) -> None:
        try:
            await self.rebooker.resolve_due(utcnow())
        except Exception:  # the sweep finds it on its next round
            logger.exception("moving a declined booking failed")

    async def _moved(self, service_id: str) -> None:
        try:
            await self.rebooker.service_changed(service_id)
        except Exception:  # the sweep finds it on its next round
            logger.exception("moving disrupted bookings failed")

    def _spawn(self, work: Awaitable[object]) -> None:
        task: asyncio.Task[object] = asyncio.ensure_future(work)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def stop(self) -> None:
        for task in list(self.tasks):
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
