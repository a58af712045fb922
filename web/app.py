"""The app factory: one settings object in, one FastAPI app out; resources live in the lifespan."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import partial

from fastapi import APIRouter, Depends, FastAPI
from fastapi.routing import APIRoute
from starlette.types import Scope

from web import auth, errors
from web.api import audit as audit_api
from web.api import auth as auth_api
from web.api import callbacks as callbacks_api
from web.api import capacity as capacity_api
from web.api import crisis_lines as crisis_lines_api
from web.api import fhir as fhir_api
from web.api import fhir_patients, health, questions, services
from web.api import handover as handover_api
from web.api import insight as insight_api
from web.api import lifecycle as lifecycle_api
from web.api import metrics as metrics_api
from web.api import notifications as notifications_api
from web.api import patients as patients_api
from web.api import routing as routing_api
from web.api import triage as triage_api
from web.controls import ControlCharacterInHeader, refuse_control_characters
from web.metrics import RequestMetrics, rejected, worker_exited
from web.middleware import BodyDeadline, BodyLimit, HeaderLimit, RequestId
from web.overload import OPERATIONS_PATHS, OVERLOADED, RATE_LIMITED, InFlight, Lane, RateLimit
from web.pages import chat as chat_page
from web.pages import clinical as clinical_page
from web.pages import console as console_pages
from web.pages import my as my_pages
from web.pages import ops as ops_page
from web.ratekey import client_key
from web.ratelimit import RateLimiter
from web.resources import Resources
from web.settings import Settings
from web.templating import mount_static
from web.ws import chat, clinical, console, ops, provider

ROUTERS = (
    health.router,
    services.router,
    triage_api.router,
    capacity_api.router,
    provider.router,
    console.router,
    clinical.router,
    routing_api.router,
    callbacks_api.router,
    handover_api.router,
    notifications_api.router,
    lifecycle_api.router,
    fhir_api.router,
    metrics_api.router,
    auth_api.router,
    audit_api.router,
    patients_api.router,
    fhir_patients.router,
    fhir_patients.bookings,
    questions.router,
    console_pages.router,
    clinical_page.router,
    chat.router,
    chat_page.router,
    crisis_lines_api.router,
    insight_api.router,
    ops.router,
    ops_page.router,
    my_pages.router,
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
            worker_exited()

    app = FastAPI(
        title="one111",
        summary="Urgent-care single point of access: triage, live capacity and booking.",
        version="0.1.0",
        lifespan=lifespan,
        # Path and query parameters and headers with a control character are refused here, once, for every route.
        dependencies=[Depends(refuse_control_characters)],
    )
    errors.install(app)
    for router in ROUTERS:
        app.include_router(document_overload(auth.document(router)))
    mount_static(app)
    add_edge(app, settings)
    return app


def document_overload(router: APIRouter) -> APIRouter:
    """The edge answers any route 503 when the worker is full, 429 past a client's rate limit, and 400 for a control
    character in a header: say so."""
    for route in router.routes:
        if isinstance(route, APIRoute):
            refusals = [OVERLOADED, errors.problem_of(ControlCharacterInHeader)]
            refusals += [] if route.path in OPERATIONS_PATHS else [RATE_LIMITED]
            route.responses = {**errors.problem_responses(*refusals, inputs=False), **route.responses}
    return router


def add_edge(app: FastAPI, settings: Settings) -> None:
    """The middleware stack, innermost first. The rate limiter is the one the lifespan opens (app.state.resources)."""
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(BodyDeadline, seconds=settings.body_timeout_seconds)
    app.add_middleware(RequestMetrics)
    app.add_middleware(RateLimit, limiter=_limiter, rejected=rejected, key=partial(_client_key, settings=settings))
    budgets = {Lane.GENERAL: settings.max_in_flight, Lane.PRIORITY: settings.max_in_flight_priority}
    app.add_middleware(InFlight, budgets=budgets, retry_after_s=settings.retry_after_seconds, rejected=rejected)
    app.add_middleware(HeaderLimit, max_bytes=settings.max_header_bytes)
    app.add_middleware(RequestId)


def _limiter(scope: Scope) -> RateLimiter | None:
    resources: Resources | None = getattr(scope["app"].state, "resources", None)
    return resources.limiter if resources is not None else None


async def _client_key(scope: Scope, settings: Settings) -> str:
    return await client_key(scope, scope["app"].state.resources, settings.trusted_proxies)


def app_from_environment() -> FastAPI:
    """Entry point for uvicorn's worker processes (`--factory`): settings come from the environment once."""
    return create_app(Settings())
