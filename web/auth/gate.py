"""`allow(*roles)` and `public()`: the one way a route says who may call it; `document` puts it in OpenAPI."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from identity.errors import Forbidden, Unauthenticated
from identity.principal import Principal
from models.vocabulary import STAFF_ROLES, Role
from web.auth.resolve import current_principal

PUBLIC = "public"
STAFF: tuple[Role, ...] = tuple(sorted(STAFF_ROLES))
ROLES_KEY = "x-one111-roles"
WEBSOCKET_ROLES: dict[str, frozenset[Role]] = {}
PROBLEM_SCHEMA = {
    "type": "object",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
    },
    "required": ["type", "title", "status", "detail"],
}
AUTH_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {
        "description": "No credentials, or wrong, expired or revoked ones",
        "content": {"application/problem+json": {"schema": PROBLEM_SCHEMA}},
    },
    403: {
        "description": "Your role may not do this, the record is not yours, or the CSRF token is missing",
        "content": {"application/problem+json": {"schema": PROBLEM_SCHEMA}},
    },
}


class Gate:
    """A dependency admitting only the given roles; it returns the caller."""

    def __init__(self, roles: frozenset[Role]) -> None:
        self.roles = roles

    async def __call__(self, who: Annotated[Principal | None, Depends(current_principal)]) -> Principal:
        if who is None:
            raise Unauthenticated("Sign in: send `Authorization: Bearer <token>`, or log in at /auth/login.")
        if who.role not in self.roles:
            raise Forbidden(f"The {who.role.value} role may not do this.")
        return who


def allow(*roles: Role) -> Any:
    return Depends(Gate(frozenset(roles)))


async def _anyone() -> None:
    """Health checks, log-in and starting a patient chat need no credentials."""


def public() -> Any:
    return Depends(_anyone)


def websocket_roles(path: str, *roles: Role) -> frozenset[Role]:
    WEBSOCKET_ROLES[path] = frozenset(roles)
    return WEBSOCKET_ROLES[path]


def _declared(call: Any) -> list[str] | None:
    if isinstance(call, Gate):
        return sorted(role.value for role in call.roles)
    return [PUBLIC] if call is _anyone else None


def roles_of(dependant: Dependant) -> list[str] | None:
    """The declared roles, searching the route's dependency tree; None when it declares none."""
    for sub in dependant.dependencies:
        found = _declared(sub.call) or roles_of(sub)
        if found is not None:
            return found
    return None


def document(router: APIRouter) -> APIRouter:
    """Put each route's roles into its OpenAPI operation; a route without any fails tests/web/test_roles.py.

    Call it on a router before the app includes it (FastAPI builds the included copies from these routes).
    """
    on_router = next((found for d in router.dependencies if (found := _declared(d.dependency))), None)
    for route in router.routes:
        if not isinstance(route, APIRoute):
            continue
        roles = roles_of(route.dependant) or on_router
        if roles is None:
            continue
        route.openapi_extra = {**(route.openapi_extra or {}), ROLES_KEY: roles}
        if roles != [PUBLIC]:
            route.responses = {**AUTH_RESPONSES, **route.responses}
    return router
