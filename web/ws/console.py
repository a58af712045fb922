"""`/ws/board`: a call handler's console gets a snapshot of the services it watches, then a delta per change.

Filter with `region=LS`, `near=LS1&radius_km=30`, `service=<id>` (repeatable) and optionally `type=`.
Each connection has one bounded queue and one sender task, so a slow console never holds up the hub or
another console; one that falls too far behind is closed with code 4001 and should reconnect.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Coroutine
from datetime import timedelta
from functools import partial
from typing import Any

import anyio
from fastapi import APIRouter
from starlette.datastructures import QueryParams
from starlette.websockets import WebSocket, WebSocketDisconnect

from capacity.errors import InvalidWatch
from capacity.hub import Signal, Watcher
from capacity.watchlist import Watch, watched
from models.errors import DomainError
from models.tables import Service
from models.vocabulary import ServiceType
from web.auth import STAFF, admit, websocket_roles
from web.db import read
from web.errors import problem_for
from web.metrics import fell_behind, websocket_open
from web.resources import Resources
from web.ws.frames import ConsoleInbound, PingFrame, PongFrame, snapshot_frame
from web.ws.session import CLOSE_BEHIND, CLOSE_POLICY, CLOSE_UNAVAILABLE, accept, error_text, parse

router = APIRouter()
logger = logging.getLogger("one111.ws.board")
MAX_RADIUS_KM = 200.0
ROLES = websocket_roles("/ws/board", *STAFF)


@router.websocket("/ws/board")
async def board_socket(websocket: WebSocket) -> None:
    resources: Resources = websocket.app.state.resources
    if not await accept(websocket):
        return
    if await admit(websocket, ROLES) is None:
        return
    try:
        services = await read(resources.engine, watched, _watch(resources, websocket.query_params))
    except Exception as error:  # a bad filter (a NUL PostgreSQL cannot compare too), or the database away
        await websocket.send_text(error_text(error))
        refused = problem_for(error).status < 500
        await websocket.close(CLOSE_POLICY if refused else CLOSE_UNAVAILABLE, "invalid board filter or no database")
        return
    limit = resources.settings.board_queue_frames
    watcher = resources.hub.join(frozenset(s.id for s in services), limit, partial(fell_behind, "board"))
    try:
        with websocket_open("board"):
            async with anyio.create_task_group() as group:
                group.start_soon(_until_done, group.cancel_scope, _send(websocket, resources, services, watcher))
                group.start_soon(_until_done, group.cancel_scope, _receive(websocket, resources, watcher))
    finally:
        resources.hub.leave(watcher)


async def _until_done(scope: anyio.CancelScope, work: Coroutine[Any, Any, None]) -> None:
    """Run the sender or the reader; when either ends (the console left, or fell behind), stop the other."""
    try:
        await work
    except (WebSocketDisconnect, OSError):  # the console went away, possibly mid-send
        pass
    except Exception as error:
        logger.error("board socket failed", exc_info=error, extra={"error_type": type(error).__qualname__})
    finally:
        scope.cancel()


def _watch(resources: Resources, params: QueryParams) -> Watch:
    near = params.get("near")
    return Watch(
        service_ids=tuple(params.getlist("service")),
        near=resources.gazetteer.locate(near) if near else None,
        radius_km=_radius(params.get("radius_km", "30")),
        region=params.get("region"),
        type=_type(params.get("type")),
    )


def _radius(text: str) -> float:
    try:
        radius = float(text)
    except ValueError:
        radius = math.nan
    if not 0 < radius <= MAX_RADIUS_KM:
        raise InvalidWatch(f"radius_km must be a number of kilometres above 0 and at most {MAX_RADIUS_KM:g}.")
    return radius


def _type(text: str | None) -> ServiceType | None:
    try:
        return None if text is None else ServiceType(text)
    except ValueError:
        raise InvalidWatch(f"type must be one of: {', '.join(t.value for t in ServiceType)}.") from None


async def _snapshot(resources: Resources, services: list[Service]) -> str:
    states = await resources.board.get_many(s.id for s in services)
    resources.hub.shown(states.values())
    return snapshot_frame(services, states, timedelta(hours=resources.settings.staleness_hours))


async def _send(websocket: WebSocket, resources: Resources, services: list[Service], watcher: Watcher) -> None:
    """The one task that writes to this socket: the snapshot, then whatever the hub or the reader queued."""
    item: str | Signal = Signal.RESYNC
    while True:
        if item is Signal.OVERFLOW:
            await websocket.close(CLOSE_BEHIND, "fell too far behind: reconnect for a fresh snapshot")
            return
        text = await _snapshot_or_close(websocket, resources, services) if item is Signal.RESYNC else item
        if text is None:
            return
        await websocket.send_text(text)
        item = await watcher.queue.get()


async def _snapshot_or_close(websocket: WebSocket, resources: Resources, services: list[Service]) -> str | None:
    """The snapshot; or, while the board cannot be read (Redis down), an error frame that says so and a close
    with CLOSE_UNAVAILABLE (1011), so the console shows it and reconnects instead of seeing a dropped line."""
    try:
        return await _snapshot(resources, services)
    except DomainError as error:
        await websocket.send_text(error_text(error))
        await websocket.close(CLOSE_UNAVAILABLE, "the capacity board is unavailable: reconnect shortly")
        return None


async def _receive(websocket: WebSocket, resources: Resources, watcher: Watcher) -> None:
    while True:
        message = await websocket.receive()
        if message["type"] == "websocket.disconnect":
            return
        try:
            frame = parse(message, ConsoleInbound, resources.settings.max_frame_bytes)
        except DomainError as error:
            watcher.offer(error_text(error))
            continue
        watcher.offer(PongFrame().model_dump_json() if isinstance(frame, PingFrame) else Signal.RESYNC)
