"""`/metrics` for Prometheus: request rate and latency by route, triage, bookings, holds, board, sockets, overload.

The route is declared here and only here, so the role matrix covers it like any other route. It is admin-only:
the numbers say how busy each route is and how stale the board is, which outsiders need not know. Give the
scraper its own admin user and token (`one111 users create prometheus --role admin`).
"""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Response
from prometheus_client import CONTENT_TYPE_LATEST

from models.vocabulary import Role
from web.auth import allow
from web.db import read
from web.deps import EngineDep, SettingsDep
from web.metrics import exposition

router = APIRouter(tags=["operations"], dependencies=[allow(Role.ADMIN)])
METRICS_PATH = "/metrics"


@router.get(
    METRICS_PATH,
    response_class=Response,
    responses={
        200: {
            "content": {CONTENT_TYPE_LATEST: {"schema": {"type": "string"}}},
            "description": "Prometheus text exposition format",
        }
    },
)
async def metrics(engine: EngineDep, settings: SettingsDep) -> Response:
    """Every worker's counters and histograms, and how fresh the capacity board is."""
    body = await read(engine, exposition, timedelta(hours=settings.staleness_hours))
    return Response(body, media_type=CONTENT_TYPE_LATEST)
