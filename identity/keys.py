"""Bearer secrets: 256-bit random, a short prefix saying which kind, stored only as their SHA-256."""

from __future__ import annotations

import hashlib
import hmac
import secrets

STAFF_PREFIX = "o1s_"
CHAT_PREFIX = "o1c_"


def new_secret(prefix: str = "") -> str:
    return prefix + secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def csrf_for(session_id: str) -> str:
    """The session's CSRF token, derived from the session id so it needs no storage and dies with the session."""
    return hmac.new(session_id.encode(), b"one111-csrf", hashlib.sha256).hexdigest()


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())
