"""`/ws/clinical`: every clinician's live queue. A snapshot on connect, the queue again whenever it changes, and a
`deadline` frame when an item's timer turns near or breached.

Each connection re-reads the queue every ONE111_CLINICAL_POLL_SECONDS from the database, so a change made on
any worker reaches every clinician whichever worker holds their socket. One bounded queue and one sender task
per connection: a clinician whose browser falls ONE111_CLINICAL_QUEUE_FRAMES behind is closed with 4001 and
reconnects for a fresh snapshot.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

import anyio
from fastapi import APIRouter
from starlette.websockets import WebSocket, WebSocketDisconnect

from clinical import queue
from clinical.deadlines import DeadlineState
from identity.principal import Principal
from models.database import blocking
from models.errors import DomainError
from models.types import utcnow
from models.vocabulary import Role
from web.api.schemas.clinical import CallbackOut
from web.auth import admit, websocket_roles
from web.metrics import websocket_open
from web.resources import Resources
from web.ws.clinical_frames import DeadlineFrame, QueueFrame
from web.ws.frames import ConsoleInbound, PingFrame, PongFrame
from web.ws.session import ACCEPT_HEADERS, CLOSE_BEHIND, error_text, parse

router = APIRouter()
logger = logging.getLogger("one111.ws.clinical")
ROLES = websocket_roles("/ws/clinical", Role.CLINICIAN, Role.ADMIN)
BEHIND = "behind"


class Outbox:
    """The connection's one bounded queue; overflowing it marks the clinician as too far behind."""

    def __init__(self, size: int) -> None:
        self.frames: asyncio.Queue[str] = asyncio.Queue(size)

    def offer(self, text: str) -> None:
        try:
            self.frames.put_nowait(text)
        except asyncio.QueueFull:
            self.frames = asyncio.Queue(1)
            self.frames.put_nowait(BEHIND)


@router.websocket("/ws/clinical")
async def clinical_socket(websocket: WebSocket) -> None:
    resources: Resources = websocket.app.state.resources
    await websocket.accept(headers=ACCEPT_HEADERS)
    who = await admit(websocket, ROLES)
    if who is None:
        return
    outbox = Outbox(resources.settings.clinical_queue_frames)
    with websocket_open("clinical"):
        async with anyio.create_task_group() as group:
            group.start_soon(_until_done, group.cancel_scope, _send(websocket, outbox))
            group.start_soon(_until_done, group.cancel_scope, _watch(resources, who, outbox))
            group.start_soon(_until_done, group.cancel_scope, _receive(websocket, resources, outbox))


async def _until_done(scope: anyio.CancelScope, work: Coroutine[Any, Any, None]) -> None:
    try:
        await work
    except (WebSocketDisconnect, OSError):
        pass
    except Exception as error:
        logger.error("clinical socket failed", exc_info=error, extra={"error_type": type(error).__qualname__})
    finally:
        scope.cancel()


async def _send(websocket: WebSocket, outbox: Outbox) -> None:
    while True:
        text = await outbox.frames.get()
        if text == BEHIND:
            await websocket.close(CLOSE_BEHIND, "fell too far behind: reconnect for a fresh snapshot")
            return
        await websocket.send_text(text)


async def _watch(resources: Resources, who: Principal, outbox: Outbox) -> None:
    """Poll the queue; send it when it changed, and an alert for each item whose timer moved on."""
    viewer = queue.Viewer(who.subject, sees_all=True)
    shown: str | None = None  # nothing shown yet: even an empty queue is sent once
    states: dict[str, DeadlineState] = {}
    while True:
        entries = await blocking(queue.entries, resources.engine, viewer, 200)
        items = [CallbackOut.from_entry(e) for e in entries]
        body = "".join(i.model_dump_json() for i in items)
        if body != shown:
            outbox.offer(QueueFrame(at=utcnow(), items=items).model_dump_json())
            shown = body
        for e in entries:
            if e.state is not DeadlineState.ON_TIME and states.get(e.item.id) is not e.state:
                outbox.offer(_alert(e).model_dump_json())
        states = {e.item.id: e.state for e in entries}
        await asyncio.sleep(resources.settings.clinical_poll_seconds)


def _alert(e: queue.Entry) -> DeadlineFrame:
    row = e.item
    return DeadlineFrame(
        callback_id=row.id, state=e.state, band=row.band, disposition=row.disposition, deadline=row.deadline
    )


async def _receive(websocket: WebSocket, resources: Resources, outbox: Outbox) -> None:
    while True:
        message = await websocket.receive()
        if message["type"] == "websocket.disconnect":
            return
        try:
            frame = parse(message, ConsoleInbound, resources.settings.max_frame_bytes)
        except DomainError as error:
            outbox.offer(error_text(error))
            continue
        if isinstance(frame, PingFrame):
            outbox.offer(PongFrame().model_dump_json())
