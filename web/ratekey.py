"""Whose budget a request spends in the per-client rate limit: a credential only once it is known to be valid,
else the real client address.

Keying on a credential's mere presence gave every made-up bearer token a fresh budget. Here a credential counts as
its own client only if this worker has accepted it (the credential cache) or the database accepts it now (the
same lookup authentication would make next, and it fills the cache for it); anything else spends its address's
budget, so inventing tokens buys nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from starlette.requests import HTTPConnection
from starlette.types import Scope

from models.database import blocking
from web.auth.resolve import look_up, sent
from web.clientaddr import Network, scope_address
from web.resources import Resources

SESSION_COOKIE = "one111_session"


async def client_key(scope: Scope, resources: Resources, trusted: Sequence[Network]) -> str:
    valid = await _valid_credential(scope, resources)
    return "credential:" + valid if valid else "ip:" + _digest(scope_address(scope, trusted))


async def _valid_credential(scope: Scope, resources: Resources) -> str | None:
    """The accepted credential's cache key; None for none, or for a malformed, unknown, expired or revoked one (or
    one that cannot be checked right now: authentication then answers for it)."""
    connection = HTTPConnection(scope)
    try:
        credential = sent(connection.headers.get("authorization"), connection.cookies.get(SESSION_COOKIE))
        if credential is not None and resources.credentials.get(credential.key) is None:  # a hit needs no thread
            await blocking(look_up, resources.engine, resources.credentials, credential)
    except Exception:
        return None
    return credential.key if credential is not None else None


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:32]
