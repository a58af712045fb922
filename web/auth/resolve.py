"""From a request's `Authorization` header or session cookie to a Principal, with the CSRF check for cookies.

Accepted credentials are remembered per worker (identity.cache, `resources.credentials`) for
ONE111_CREDENTIAL_CACHE_SECONDS; revocations reach every worker's cache through web.revocations."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from fastapi import Request
from sqlalchemy.engine import Engine
from sqlmodel import Session

from identity import chats, providers, sessions, tokens
from identity.cache import Credential, CredentialCache, credential_key
from identity.chats import patient_from_token
from identity.errors import CsrfRejected, Unauthenticated
from identity.keys import CHAT_PREFIX, STAFF_PREFIX, same
from identity.principal import Principal
from identity.providers import authenticate, bearer
from identity.sessions import staff_from_session
from identity.tokens import staff_from_token
from models.database import blocking, read_session
from web.deps import ResourcesDep

SESSION_COOKIE = "one111_session"
CSRF_COOKIE = "one111_csrf"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


Reader = Callable[[Session, str], Credential]


@dataclass(frozen=True, slots=True)
class Sent:
    """The credential a request carries: its cache key, the secret, and where the database keeps it."""

    key: str
    secret: str
    read: Reader

    @classmethod
    def of(cls, kind: str, secret: str, read: Reader) -> Sent:
        return cls(credential_key(kind, secret), secret, read)


def sent(authorization: str | None, session_id: str | None) -> Sent | None:
    """None when the caller sent no credentials at all; Unauthenticated when it sent them badly."""
    token = bearer(authorization)
    if token:
        return bearer_sent(token)
    if authorization:
        raise Unauthenticated("Send the token as `Authorization: Bearer <token>`.")
    return Sent.of(sessions.KIND, session_id, staff_from_session) if session_id else None


def bearer_sent(token: str) -> Sent:
    """The prefix says which table to look in, so a miss costs one indexed lookup."""
    if token.startswith(STAFF_PREFIX):
        return Sent.of(tokens.KIND, token, staff_from_token)
    if token.startswith(CHAT_PREFIX):
        return Sent.of(chats.KIND, token, patient_from_token)
    return Sent.of(providers.KIND, token, authenticate)


def look_up(engine: Engine, cache: CredentialCache, credential: Sent) -> Principal:
    """Ask the database (in a worker thread) and remember an accepted answer."""
    generation = cache.generation  # before reading: a revocation noticed meanwhile voids this answer
    with read_session(engine) as session:
        found = credential.read(session, credential.secret)
    cache.put(credential.key, found, generation)
    return found.principal


def principal_of(engine: Engine, cache: CredentialCache, credential: Sent) -> Principal:
    cached = cache.get(credential.key)
    return cached.principal if cached is not None else look_up(engine, cache, credential)


def identify(
    engine: Engine, cache: CredentialCache, authorization: str | None, session_id: str | None
) -> Principal | None:
    """Blocking (call it in a thread): None when the caller sent no credentials at all."""
    credential = sent(authorization, session_id)
    return None if credential is None else principal_of(engine, cache, credential)


def from_bearer(engine: Engine, cache: CredentialCache, token: str) -> Principal:
    return principal_of(engine, cache, bearer_sent(token))


async def current_principal(request: Request, resources: ResourcesDep) -> Principal | None:
    credential = sent(request.headers.get("authorization"), request.cookies.get(SESSION_COOKIE))
    if credential is None:
        return None
    cached = resources.credentials.get(credential.key)  # on the loop: a hit needs no thread
    if cached is not None:
        who = cached.principal
    else:  # retried once on a dead pooled connection
        who = await blocking(look_up, resources.engine, resources.credentials, credential)
    if who.via == "cookie" and request.method in UNSAFE:
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
