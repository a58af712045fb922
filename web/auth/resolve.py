"""From a request's `Authorization` header or session cookie to a Principal, with the CSRF check for cookies."""

from __future__ import annotations

from urllib.parse import urlsplit

from fastapi import Request
from sqlalchemy.engine import Engine

from capacity.tokens import authenticate, bearer
from models.database import blocking
from web.deps import EngineDep
from web.identity.chats import patient_from_token
from web.identity.errors import CsrfRejected, Unauthenticated
from web.identity.keys import CHAT_PREFIX, STAFF_PREFIX, same
from web.identity.principal import Principal
from web.identity.sessions import staff_from_session
from web.identity.tokens import staff_from_token

SESSION_COOKIE = "one111_session"
CSRF_COOKIE = "one111_csrf"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


def from_bearer(engine: Engine, token: str) -> Principal:
    """The token's prefix says which table to look in, so each request costs one indexed lookup."""
    if token.startswith(STAFF_PREFIX):
        return staff_from_token(engine, token)
    if token.startswith(CHAT_PREFIX):
        return patient_from_token(engine, token)
    provider = authenticate(engine, token)
    return Principal.provider(provider.provider_id, provider.token_id)


def identify(engine: Engine, authorization: str | None, session_id: str | None) -> Principal | None:
    """None when the caller sent no credentials at all; Unauthenticated when it sent bad ones."""
    token = bearer(authorization)
    if token:
        return from_bearer(engine, token)
    if authorization:
        raise Unauthenticated("Send the token as `Authorization: Bearer <token>`.")
    if session_id:
        return staff_from_session(engine, session_id)
    return None


async def current_principal(request: Request, engine: EngineDep) -> Principal | None:
    authorization, session_id = request.headers.get("authorization"), request.cookies.get(SESSION_COOKIE)
    if not authorization and not session_id:
        return None
    who = await blocking(identify, engine, authorization, session_id)  # retried once on a dead pooled connection
    if who is not None and who.via == "cookie" and request.method in UNSAFE:
        await check_csrf(request, who)
    return who


async def check_csrf(request: Request, who: Principal) -> None:
    """A cookie rides along on any cross-site request; only our own pages know the token."""
    check_origin(request.headers.get("origin"), request.headers.get("host"), required=False)
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(FORMS):
        field = (await request.form()).get(CSRF_FIELD)
        sent = field if isinstance(field, str) else None
    if not sent or who.csrf_token is None or not same(sent, who.csrf_token):
        raise CsrfRejected(f"Send the {CSRF_HEADER} header (from GET /auth/me) with every change made from a browser.")


def check_origin(origin: str | None, host: str | None, required: bool) -> None:
    if origin is None and not required:
        return
    if origin is None or host is None or urlsplit(origin).netloc != host:
        raise CsrfRejected("The request came from another site.")
