"""`/metrics` for Prometheus: request rate and latency by route, triage, bookings, holds, board, sockets, overload.

The route is declared here and only here, so the role matrix covers it like any other route.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta

from fastapi import APIRouter, Response
from prometheus_client import CONTENT_TYPE_LATEST

from web.deps import EngineDep, SettingsDep
from web.metrics import exposition

router = APIRouter(tags=["operations"])
METRICS_PATH = "/metrics"


@router.get(
    METRICS_PATH,
    response_class=Response,
    responses={200: {"content": {CONTENT_TYPE_LATEST: {}}, "description": "Prometheus text exposition format"}},
)
async def metrics(engine: EngineDep, settings: SettingsDep) -> Response:
    """Every worker's counters and histograms, and how fresh the capacity board is."""
    body = await asyncio.to_thread(exposition, engine, timedelta(hours=settings.staleness_hours))
    return Response(body, media_type=CONTENT_TYPE_LATEST)
