"""`/ws/ops`: the operations dashboard's live summary (leads and admins). Filter with `region=` (an NHS region
code or name) for its ICBs; without it, England by region.

A fresh summary is computed every `ONE111_OPS_REFRESH_SECONDS` and on a `refresh` frame. Each connection has one
bounded queue and one sender task; a summary replaces everything before it, so a dashboard too slow to keep up
skips refreshes instead of queueing them, and never holds up the worker.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Coroutine
from datetime import timedelta
from typing import Any

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
from web.ws.session import ACCEPT_HEADERS, CLOSE_POLICY, error_text, parse

router = APIRouter()
logger = logging.getLogger("one111.ws.ops")
ROLES = websocket_roles("/ws/ops", Role.LEAD, Role.ADMIN)
QUEUE_FRAMES = 8


@router.websocket("/ws/ops")
async def ops_socket(websocket: WebSocket) -> None:
    resources: Resources = websocket.app.state.resources
    await websocket.accept(headers=ACCEPT_HEADERS)
    if await admit(websocket, ROLES) is None:
        return
    region = websocket.query_params.get("region") or None
    try:
        first = await _summary_text(resources, region)
    except DomainError as error:
        await websocket.send_text(error_text(error))
        await websocket.close(CLOSE_POLICY, "unknown region")
        return
    queue: asyncio.Queue[str] = asyncio.Queue(QUEUE_FRAMES)
    queue.put_nowait(first)
    refresh = asyncio.Event()
    with websocket_open("ops"):
        async with anyio.create_task_group() as group:
            group.start_soon(_until_done, group.cancel_scope, _send(websocket, queue))
            group.start_soon(_until_done, group.cancel_scope, _tick(resources, region, queue, refresh))
            group.start_soon(_until_done, group.cancel_scope, _receive(websocket, resources, queue, refresh))


async def _until_done(scope: anyio.CancelScope, work: Coroutine[Any, Any, None]) -> None:
    """Run one of the three tasks; when any ends (the dashboard left), stop the others."""
    try:
        await work
    except (WebSocketDisconnect, OSError):
        pass
    except Exception as error:
        logger.error("ops socket failed", exc_info=error, extra={"error_type": type(error).__qualname__})
    finally:
        scope.cancel()


async def _summary_text(resources: Resources, region: str | None) -> str:
    ref = await anyio.to_thread.run_sync(load, resources.settings.data_dir)
    staleness = timedelta(hours=resources.settings.staleness_hours)
    found = await summary(resources.engine, resources.board, ref, region, utcnow(), staleness)
    return SummaryFrame(summary=SummaryOut.of(found)).model_dump_json()


def _offer(queue: asyncio.Queue[str], text: str) -> None:
    # A full queue means the dashboard is behind: it gets the next summary, which supersedes this one.
    with contextlib.suppress(asyncio.QueueFull):
        queue.put_nowait(text)


async def _send(websocket: WebSocket, queue: asyncio.Queue[str]) -> None:
    """The one task that writes to this socket."""
    while True:
        await websocket.send_text(await queue.get())


async def _tick(resources: Resources, region: str | None, queue: asyncio.Queue[str], refresh: asyncio.Event) -> None:
    while True:
        with anyio.move_on_after(resources.settings.ops_refresh_seconds):
            await refresh.wait()
        refresh.clear()
        _offer(queue, await _summary_text(resources, region))


async def _receive(
    websocket: WebSocket, resources: Resources, queue: asyncio.Queue[str], refresh: asyncio.Event
) -> None:
    while True:
        message = await websocket.receive()
        if message["type"] == "websocket.disconnect":
            return
        try:
            frame = parse(message, OpsInbound, resources.settings.max_frame_bytes)
        except DomainError as error:
            _offer(queue, error_text(error))
            continue
        if isinstance(frame, PingFrame):
            _offer(queue, PongFrame().model_dump_json())
        else:
            refresh.set()
