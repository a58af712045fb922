"""Liveness and readiness, for load balancers and orchestrators."""

from __future__ import annotations

import asyncio
import logging

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from models.database import ping
from web.auth import public
from web.db import in_thread
from web.deps import EngineDep, RedisDep
from web.errors import Problem, problem_response, problem_responses

router = APIRouter(tags=["health"], dependencies=[public()])
logger = logging.getLogger("one111.health")
NOT_READY = Problem(503, "not-ready", "Not ready")


class Health(BaseModel):
    status: str
    checks: dict[str, str] = {}


@router.get("/healthz", response_model=Health)
async def healthz() -> Health:
    """The process is up and serving requests."""
    return Health(status="ok")


@router.get("/readyz", response_model=Health, responses=problem_responses(NOT_READY, inputs=False))
async def readyz(engine: EngineDep, redis: RedisDep) -> Health | JSONResponse:
    """The database and, when configured, Redis answer: this worker can take traffic."""
    checks = {"database": await _check(in_thread(ping, engine))}
    if redis is not None:
        checks["redis"] = await _check(redis.ping())
    if all(value == "ok" for value in checks.values()):
        return Health(status="ok", checks=checks)
    failing = ", ".join(name for name, value in checks.items() if value != "ok")
    return problem_response(
        NOT_READY,
        f"Unreachable: {failing}.",
        {"Retry-After": "5"},
        checks=checks,
    )


async def _check(probe: object) -> str:
    try:
        await asyncio.wait_for(probe, timeout=2)  # type: ignore[arg-type]
    except Exception as error:
        logger.warning("readiness check failed", extra={"error_type": type(error).__qualname__})
        return "unreachable"
    return "ok"
