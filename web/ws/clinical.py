"""`/ws/clinical`: every clinician's live queue. A snapshot on connect, the queue again whenever it changes, and a
`deadline` frame when an item's timer turns near or breached.

Each connection re-reads the queue every ONE111_CLINICAL_POLL_SECONDS from the database, so a change made on
any worker reaches every clinician whichever worker holds their socket. One bounded outbox and one sender per
connection (web/ws/session.py): a clinician whose browser falls ONE111_CLINICAL_QUEUE_FRAMES behind is closed with
4001 and reconnects for a fresh snapshot.
"""

from __future__ import annotations

import asyncio
import contextlib

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
from web.ws.session import Outbox, accept, error_text, parse, serve_with

router = APIRouter()
ROLES = websocket_roles("/ws/clinical", Role.CLINICIAN, Role.ADMIN)


@router.websocket("/ws/clinical")
async def clinical_socket(websocket: WebSocket) -> None:
    resources: Resources = websocket.app.state.resources
    if not await accept(websocket):
        return
    who = await admit(websocket, ROLES)
    if who is None:
        return
    outbox = Outbox(resources.settings.clinical_queue_frames, "clinical")
    with contextlib.suppress(WebSocketDisconnect), websocket_open("clinical"):
        await serve_with(outbox, websocket, _receive(websocket, resources, outbox), _watch(resources, who, outbox))


async def _watch(resources: Resources, who: Principal, outbox: Outbox) -> None:
    """Poll the queue; send it when it changed, and an alert for each item whose timer moved on."""
    viewer = queue.Viewer(who.subject, sees_all=True)
    shown: str | None = None  # nothing shown yet: even an empty queue is sent once
    states: dict[str, DeadlineState] = {}
    while not outbox.overflowed:
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
    while not outbox.overflowed:
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
