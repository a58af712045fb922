"""Admitting a websocket: the bearer header (programs) or the session cookie from our own origin (browsers)."""

from __future__ import annotations

from starlette.websockets import WebSocket

from identity.errors import Forbidden, Unauthenticated
from identity.principal import Principal
from models.database import blocking
from models.errors import DomainError
from models.vocabulary import Role
from web.auth.resolve import SESSION_COOKIE, check_origin, identify
from web.resources import Resources
from web.ws.session import CLOSE_POLICY, error_text


async def admit(websocket: WebSocket, roles: frozenset[Role]) -> Principal | None:
    """Call after accept: the caller, or None after sending an error frame and closing with 1008."""
    resources: Resources = websocket.app.state.resources
    try:
        return await blocking(_check, resources, websocket, roles)
    except DomainError as error:
        await websocket.send_text(error_text(error))
        await websocket.close(CLOSE_POLICY, "credentials missing or not valid for this socket")
        return None


def _check(resources: Resources, websocket: WebSocket, roles: frozenset[Role]) -> Principal:
    headers, session_id = websocket.headers, websocket.cookies.get(SESSION_COOKIE)
    who = identify(resources.engine, resources.credentials, headers.get("authorization"), session_id)
    if who is None:
        raise Unauthenticated("Send `Authorization: Bearer <token>` on the handshake, or log in first.")
    if who.via == "cookie":  # a cookie rides along cross-site; only our own pages may use it
        check_origin(headers.get("origin"), headers.get("host"), required=True)
    if who.role not in roles:
        raise Forbidden(f"The {who.role.value} role may not use this socket.")
    return who
