"""The flow bench's baseline: a bare FastAPI app with one111's four flow routes, doing no real work.

Each route checks that a bearer token came (not that it is valid), reads the JSON body, and answers the status
and body one111 gave for that step in the same run (FLOW_BARE_BODIES names the file of them), so both sides move
the same bytes. Served by uvicorn with its defaults:
`FLOW_BARE_BODIES=... python -m uvicorn --factory bench.flow_bare:from_environment --workers N`.
"""

from __future__ import annotations

import json
import os
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated, Any

from fastapi import Body, FastAPI, Header, HTTPException
from fastapi.responses import JSONResponse

ROUTES = {"triage": "/v1/triage", "route": "/v1/route", "hold": "/v1/holds", "book": "/v1/bookings"}

Handler = Callable[..., Awaitable[JSONResponse]]


def canned(status: int, answer: dict[str, Any]) -> Handler:
    async def handler(
        body: Annotated[dict[str, Any], Body()], authorization: Annotated[str | None, Header()] = None
    ) -> JSONResponse:
        if not (authorization or "").removeprefix("Bearer ").strip():
            raise HTTPException(401)
        return JSONResponse(answer, status_code=status)

    return handler


def create(bodies: dict[str, dict[str, Any]]) -> FastAPI:
    """`bodies`: step name -> {"status": ..., "body": ...}, as the flow client recorded them from one111."""
    app = FastAPI()
    for name, path in ROUTES.items():
        app.add_api_route(path, canned(bodies[name]["status"], bodies[name]["body"]), methods=["POST"])

    @app.get("/readyz")
    async def ready() -> dict[str, str]:
        return {"status": "ok"}

    return app


def from_environment() -> FastAPI:
    return create(json.loads(Path(os.environ["FLOW_BARE_BODIES"]).read_text()))
