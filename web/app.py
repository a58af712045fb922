"""The app factory: one settings object in, one FastAPI app out; resources live in the lifespan."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from web import auth, errors
from web.api import audit as audit_api
from web.api import auth as auth_api
from web.api import capacity as capacity_api
from web.api import health, services
from web.api import routing as routing_api
from web.api import triage as triage_api
from web.middleware import BodyLimit, RequestId
from web.resources import Resources
from web.settings import Settings
from web.ws import console, provider

ROUTERS = (
    health.router,
    services.router,
    triage_api.router,
    capacity_api.router,
    provider.router,
    console.router,
    routing_api.router,
    auth_api.router,
    audit_api.router,
)


def create_app(settings: Settings) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.resources = Resources.open(settings)
        try:
            await app.state.resources.start()
            yield
        finally:
            await app.state.resources.close()

    app = FastAPI(
        title="one111",
        summary="Urgent-care single point of access: triage, live capacity and booking.",
        version="0.1.0",
        lifespan=lifespan,
    )
    errors.install(app)
    for router in ROUTERS:
        app.include_router(auth.document(router))
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(RequestId)
    return app


def app_from_environment() -> FastAPI:
    """Entry point for uvicorn's worker processes (`--factory`): settings come from the environment once."""
    return create_app(Settings())
