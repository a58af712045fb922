"""`/ws/ops`: the operations dashboard's live summary (leads and admins). Filter with `region=` (an NHS region
code or name) for its ICBs; without it, England by region.

A fresh summary is computed every `ONE111_OPS_REFRESH_SECONDS` and on a `refresh` frame. Each connection has one
bounded outbox and one sender (web/ws/session.py), so a slow dashboard never holds up the worker: one that falls
QUEUE_FRAMES frames behind (it stopped reading) is closed with 4001 and reconnects for a fresh summary.
"""

from __future__ import annotations

import asyncio
import contextlib
from datetime import timedelta

import anyio
from fastapi import APIRouter
from starlette.websockets import WebSocket, WebSocketDisconnect

from insight.ops import summary
from insight.reference import load
from models.errors import DomainError
from models.types import utcnow
from models.vocabulary import Role
from web.api.schemas.insight import SummaryOut
from web.auth import admit, websocket_roles
from web.metrics import websocket_open
from web.resources import Resources
from web.ws.frames import PingFrame, PongFrame
from web.ws.ops_frames import OpsInbound, SummaryFrame
from web.ws.session import CLOSE_POLICY, Outbox, accept, error_text, parse, serve_with

router = APIRouter()
ROLES = websocket_roles("/ws/ops", Role.LEAD, Role.ADMIN)
QUEUE_FRAMES = 8


@router.websocket("/ws/ops")
async def ops_socket(websocket: WebSocket) -> None:
    resources: Resources = websocket.app.state.resources
    if not await accept(websocket):
        return
    if await admit(websocket, ROLES) is None:
        return
    region = websocket.query_params.get("region") or None
    try:
        first = await _summary_text(resources, region)
    except DomainError as error:
        await websocket.send_text(error_text(error))
        await websocket.close(CLOSE_POLICY, "unknown region")
        return
    outbox = Outbox(QUEUE_FRAMES, "ops")
    outbox.offer(first)
    refresh = asyncio.Event()
    with contextlib.suppress(WebSocketDisconnect), websocket_open("ops"):
        reader = _receive(websocket, resources, outbox, refresh)
        await serve_with(outbox, websocket, reader, _tick(resources, region, outbox, refresh))


async def _summary_text(resources: Resources, region: str | None) -> str:
    ref = await anyio.to_thread.run_sync(load, resources.settings.data_dir)
    staleness = timedelta(hours=resources.settings.staleness_hours)
    found = await summary(resources.engine, resources.board, ref, region, utcnow(), staleness)
    return SummaryFrame(summary=SummaryOut.of(found)).model_dump_json()


async def _tick(resources: Resources, region: str | None, outbox: Outbox, refresh: asyncio.Event) -> None:
    while not outbox.overflowed:
        with anyio.move_on_after(resources.settings.ops_refresh_seconds):
            await refresh.wait()
        refresh.clear()
        outbox.offer(await _summary_text(resources, region))


async def _receive(websocket: WebSocket, resources: Resources, outbox: Outbox, refresh: asyncio.Event) -> None:
    while not outbox.overflowed:
        message = await websocket.receive()
        if message["type"] == "websocket.disconnect":
            return
        try:
            frame = parse(message, OpsInbound, resources.settings.max_frame_bytes)
        except DomainError as error:
            outbox.offer(error_text(error))
            continue
        if isinstance(frame, PingFrame):
            outbox.offer(PongFrame().model_dump_json())
        else:
            refresh.set()
