"""`/ws/provider`: a provider system pushes capacity updates and gets each one acknowledged with its board version.

Authenticate with `Authorization: Bearer <token>` on the handshake. Frames are handled in order; a bad
frame gets an error frame and the connection stays open.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Mapping
from typing import Any

from fastapi import APIRouter
from starlette.websockets import WebSocket, WebSocketDisconnect

from capacity.declared import Hours, declare_closure, declare_hours
from capacity.updates import apply_update
from identity.errors import InvalidToken
from identity.providers import ProviderIdentity, is_active, provider_services
from models.database import blocking
from models.errors import DomainError
from models.vocabulary import Role
from web.api.lifecycle import apply_status
from web.api.schemas.notify import StatusIn
from web.auth import admit, websocket_roles
from web.db import read
from web.metrics import websocket_open
from web.resources import Resources
from web.ws.frames import (
    AckFrame,
    ClosureFrame,
    DeclaredFrame,
    HoursFrame,
    PingFrame,
    PongFrame,
    ProviderInbound,
    StatusAckFrame,
    StatusFrame,
    UpdateFrame,
    WelcomeFrame,
)
from web.ws.session import CLOSE_POLICY, Outbox, accept, error_text, parse, serve_with

router = APIRouter()
logger = logging.getLogger("one111.ws.provider")
ROLES = websocket_roles("/ws/provider", Role.PROVIDER)


@router.websocket("/ws/provider")
async def provider_socket(websocket: WebSocket) -> None:
    resources: Resources = websocket.app.state.resources
    if not await accept(websocket):
        return
    who = await admit(websocket, ROLES)
    if who is None or who.provider_id is None or who.credential_id is None:
        return
    with contextlib.suppress(WebSocketDisconnect), websocket_open("provider"):
        await _serve(websocket, resources, ProviderIdentity(who.provider_id, who.credential_id))


async def _serve(websocket: WebSocket, resources: Resources, who: ProviderIdentity) -> None:
    """Acks and pushed bookings share one bounded outbox and one sender, so frames keep their order and never
    interleave; a provider system that stops reading is closed with CLOSE_BEHIND (4001)."""
    services = await read(resources.engine, provider_services, who.provider_id)
    outbox = Outbox(resources.settings.board_queue_frames, "provider")
    outbox.offer(WelcomeFrame(provider_id=who.provider_id, services=services).model_dump_json())
    resources.feed.subscribe(who.provider_id, outbox)
    try:
        revoked = await serve_with(outbox, websocket, _receive_all(websocket, resources, who, outbox))
    finally:
        resources.feed.unsubscribe(who.provider_id, outbox)
    if revoked:
        await websocket.send_text(error_text(InvalidToken("The provider token has been revoked.")))
        await websocket.close(CLOSE_POLICY, "provider token revoked")


async def _receive_all(websocket: WebSocket, resources: Resources, who: ProviderIdentity, outbox: Outbox) -> bool:
    """Answer frames in order until the client leaves or falls behind (False) or its token is revoked (True)."""
    while not outbox.overflowed:
        message = await websocket.receive()
        if message["type"] == "websocket.disconnect":
            return False
        if not await read(resources.engine, is_active, who):
            return True
        outbox.offer(await _answer(resources, who, message))
    return False


async def _answer(resources: Resources, who: ProviderIdentity, message: Mapping[str, Any]) -> str:
    seq = None
    try:
        frame = parse(message, ProviderInbound, resources.settings.max_frame_bytes)
        if isinstance(frame, PingFrame):
            return PongFrame().model_dump_json()
        if isinstance(frame, HoursFrame | ClosureFrame):
            return await _declare(resources, who, frame)
        if isinstance(frame, StatusFrame):
            return await _status(resources, who, frame)
        assert isinstance(frame, UpdateFrame)
        seq = frame.seq
        return await _apply(resources, who, frame)
    except DomainError as error:
        return error_text(error, seq)
    except Exception as error:
        logger.error("capacity update failed", exc_info=error, extra={"error_type": type(error).__qualname__})
        return error_text(error, seq)


async def _declare(resources: Resources, who: ProviderIdentity, frame: HoursFrame | ClosureFrame) -> str:
    if isinstance(frame, HoursFrame):
        hours = Hours(sessions=frame.sessions)
        await blocking(declare_hours, resources.engine, who.provider_id, frame.service_id, hours)
    else:
        await blocking(declare_closure, resources.engine, who.provider_id, frame.service_id, frame.closure)
    resources.sites.forget()
    what = "hours" if isinstance(frame, HoursFrame) else "closure"
    return DeclaredFrame(service_id=frame.service_id, what=what).model_dump_json()


async def _status(resources: Resources, who: ProviderIdentity, frame: StatusFrame) -> str:
    body = StatusIn(event=frame.event, reason=frame.reason, outcome=frame.outcome)
    done = await apply_status(resources, who.provider_id, frame.booking_id, body, f"provider:{who.provider_id}")
    ack = StatusAckFrame(booking_id=done.booking_id, event=done.event, at=done.at, rebooked=done.rebooked)
    return ack.model_dump_json()


async def _apply(resources: Resources, who: ProviderIdentity, frame: UpdateFrame) -> str:
    report = frame.report()
    applied = await apply_update(
        resources.engine, resources.board, who.provider_id, frame.service_id, report, frame.seq
    )
    resources.notifier.service_changed(frame.service_id)
    ack = AckFrame(service_id=applied.service_id, seq=frame.seq, version=applied.version, replay=applied.replay)
    return ack.model_dump_json()
